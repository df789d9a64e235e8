// SchedulerImpl: wires informers to the cache and queue, runs the scheduling
// loop on one thread and binds on a pool of binder threads, so a pod's
// binding write overlaps the next pods' scheduling.
#pragma once

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "pkg/client/event_recorder.h"
#include "pkg/scheduler/algorithm.h"
#include "pkg/scheduler/cache.h"
#include "pkg/scheduler/queue.h"
#include "pkg/scheduler/scheduler.h"

namespace k1s::scheduler {

class SchedulerImpl final : public Scheduler {
 public:
  SchedulerImpl(const SchedulerOptions& options, Profile profile, client::Client& client,
                client::InformerFactory& informers, const Clock& clock, Logger log);
  ~SchedulerImpl() override;
  Status Init();
  void Stop() override;
  SchedulerStats Stats() const override;

 private:
  void OnPodAdd(const client::ObjectPtr& object);
  void OnPodUpdate(const client::ObjectPtr& old_object, const client::ObjectPtr& object);
  void OnPodDelete(const client::ObjectPtr& object);
  void OnNodeAdd(const client::ObjectPtr& object);
  void OnNodeUpdate(const client::ObjectPtr& old_object, const client::ObjectPtr& object);
  void OnNodeDelete(const client::ObjectPtr& object);
  std::shared_ptr<Pod> Parse(const client::ObjectPtr& object) const;
  bool Responsible(const Pod& pod) const;
  int32_t ResolvePriority(const Pod& pod) const;
  std::vector<LabelSelector> ServiceSelectors(const Pod& pod) const;

  void Loop();
  void ScheduleOne(QueuedPod qp);
  void HandleFailure(QueuedPod qp, const std::string& message, const std::string& nominated);
  void Preempt(const Pod& pod, const std::string& node, const std::vector<PodPtr>& victims);
  // Runs API writes (bindings, status, evictions) off the scheduling thread.
  void Submit(std::function<void()> task);
  void WriterLoop();
  void Bind(const QueuedPod& qp, const std::string& node);

  // Informers outlive the scheduler (and have no way to remove a handler):
  // handlers reach it through this gate, which Stop closes.
  struct Gate {
    std::mutex mu;
    SchedulerImpl* target = nullptr;  // guarded by mu
  };

  const SchedulerOptions options_;
  std::shared_ptr<Gate> gate_ = std::make_shared<Gate>();
  const Profile profile_;
  client::Client& client_;
  client::InformerFactory& informers_;
  const Clock& clock_;
  const Logger log_;
  client::Informer* pods_ = nullptr;
  client::Informer* nodes_ = nullptr;
  client::Informer* namespaces_ = nullptr;
  client::Informer* services_ = nullptr;
  client::Informer* pvcs_ = nullptr;
  client::Informer* pvs_ = nullptr;
  client::Informer* storage_classes_ = nullptr;
  client::Informer* priority_classes_ = nullptr;

  std::unique_ptr<Cache> cache_;
  std::unique_ptr<SchedulingQueue> queue_;
  std::unique_ptr<Framework> framework_;
  std::unique_ptr<Algorithm> algorithm_;
  std::unique_ptr<client::EventRecorder> events_;
  std::atomic<bool> stopping_{false};
  std::atomic<uint64_t> attempts_{0};
  std::atomic<int64_t> deciding_ns_{0};
  std::atomic<uint64_t> nodes_filtered_{0};

  std::mutex bind_mu_;
  std::condition_variable bind_cv_;
  std::deque<std::function<void()>> bind_queue_;  // guarded by bind_mu_
  bool bind_closed_ = false;         // guarded by bind_mu_

  std::thread loop_;
  std::vector<std::thread> binders_;
};

}  // namespace k1s::scheduler
