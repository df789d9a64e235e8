// The pod garbage collector, every 20 s:
//  - terminated pods (Succeeded/Failed) beyond 12,500 are deleted, oldest
//    first (kube-controller-manager's --terminated-pod-gc-threshold);
//  - pods bound to a node that has not existed for 40 s are force-deleted
//    (no kubelet will ever confirm their end);
//  - unscheduled pods being deleted are force-deleted.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "pkg/controller/common/housekeeping_base.h"

namespace k1s::controller {

class PodGcController final : public HousekeepingController {
 public:
  static constexpr const char* kPassKey = "gc";
  static constexpr auto kPeriod = std::chrono::seconds(20);
  static constexpr auto kQuarantine = std::chrono::seconds(40);
  static constexpr size_t kTerminatedThreshold = 12500;

  explicit PodGcController(ControllerContext& ctx);
  ~PodGcController() override { Stop(); }
  Status Sync(const std::string& key) override;

 private:
  Status ForceDelete(const client::Json& pod, const char* why);

  client::Informer* pods_ = nullptr;
  client::Informer* nodes_ = nullptr;
  std::mutex mu_;
  // Nodes seen missing, and since when (our clock).
  std::map<std::string, Clock::time_point> missing_since_;  // guarded by mu_
};

Result<std::unique_ptr<Controller>> StartPodGcController(ControllerContext& ctx);

}  // namespace k1s::controller
