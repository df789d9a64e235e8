// SchedulingQueue: the pods waiting for a node, as kube-scheduler keeps them.
//  - active: ready now, highest priority first, then oldest;
//  - backoff: failed recently; each failure doubles the wait (1 s .. 10 s);
//  - unschedulable: failed, and nothing has changed since that could help.
//    A cluster event (node added or changed, pod deleted, ...) moves them
//    back (to backoff while their backoff lasts); so does five minutes'
//    wait, in case an event was missed.
// A pod being scheduled is "in flight"; if a cluster event arrives meanwhile
// and the attempt fails, the pod goes to backoff rather than unschedulable,
// so the event is not lost. Thread-safe.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <unordered_map>

#include "pkg/scheduler/types.h"
#include "pkg/util/clock.h"

namespace k1s::scheduler {

struct QueuedPod {
  PodPtr pod;
  int attempts = 0;          // failed attempts so far
  uint64_t cycle = 0;        // the scheduling cycle that popped it
};

class SchedulingQueue {
 public:
  using Duration = std::chrono::steady_clock::duration;
  explicit SchedulingQueue(const Clock& clock, Duration initial_backoff = std::chrono::seconds(1),
                           Duration max_backoff = std::chrono::seconds(10),
                           Duration max_unschedulable = std::chrono::minutes(5));

  // A new pending pod: active at once.
  void Add(PodPtr pod);
  // A pending pod changed. An unschedulable pod whose spec or labels changed
  // gets another try (after its backoff).
  void Update(PodPtr pod);
  void Delete(const std::string& uid);
  // The next pod to schedule, waiting for one; nullopt once closed.
  std::optional<QueuedPod> Pop();
  // The attempt for `qp` failed: back to unschedulable (or backoff, see above).
  void AddUnschedulable(QueuedPod qp);
  // The attempt failed for a reason that is not about the cluster (e.g. a
  // binding error): retry after the backoff.
  void AddBackoff(QueuedPod qp);
  // The attempt succeeded (or the pod is gone): forget it.
  void Done(const std::string& uid);
  // Something changed that may make unschedulable pods fit.
  void MoveAllToActiveOrBackoff();
  void Close();

  struct Counts {
    size_t active = 0, backoff = 0, unschedulable = 0;
  };
  Counts counts() const;

 private:
  enum class Where { kActive, kBackoff, kUnschedulable, kInFlight };
  struct Entry {
    PodPtr pod;
    int attempts = 0;
    Where where = Where::kActive;
    uint64_t seq = 0;  // FIFO order among equal priorities and times
    std::chrono::steady_clock::time_point backoff_until, unschedulable_since;
    bool updated_in_flight = false;
    bool deleted_in_flight = false;
  };
  using ActiveKey = std::tuple<int64_t, int64_t, uint64_t, std::string>;  // -priority, created, seq, uid

  ActiveKey KeyOf(const Entry& e, const std::string& uid) const;
  void PushActiveLocked(const std::string& uid, Entry& e);
  void PushBackoffOrActiveLocked(const std::string& uid, Entry& e);
  void RemoveFromSetsLocked(const std::string& uid, Entry& e);
  void FlushLocked();
  Duration BackoffFor(int attempts) const;

  const Clock& clock_;
  const Duration initial_backoff_, max_backoff_, max_unschedulable_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::unordered_map<std::string, Entry> entries_;  // by uid; guarded by mu_
  std::set<ActiveKey> active_;                      // guarded by mu_
  std::set<std::pair<std::chrono::steady_clock::time_point, std::string>> backoff_;  // guarded by mu_
  std::set<std::string> unschedulable_;             // guarded by mu_
  uint64_t seq_ = 0;                                // guarded by mu_
  uint64_t cycle_ = 0;                              // guarded by mu_
  uint64_t move_request_cycle_ = 0;                 // guarded by mu_
  bool closed_ = false;                             // guarded by mu_
};

}  // namespace k1s::scheduler
