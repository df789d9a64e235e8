// Scheduler: places pods on nodes as kube-scheduler does. Watches unbound
// pods, filters and scores nodes with plugins, binds through pods/binding.
#pragma once

#include <memory>
#include <string>

#include "pkg/client/client.h"
#include "pkg/client/informer.h"
#include "pkg/util/clock.h"
#include "pkg/util/log.h"
#include "pkg/util/result.h"

namespace k1s::scheduler {

struct SchedulerOptions {
  // Pods whose spec.schedulerName differs are left alone.
  std::string scheduler_name = "default-scheduler";
  // A KubeSchedulerConfiguration-style file that changes plugin weights or
  // disables plugins; "" for the defaults.
  std::string config_file;
};

class Scheduler {
 public:
  static Result<std::unique_ptr<Scheduler>> Start(const SchedulerOptions& options,
                                                  client::Client& client,
                                                  client::InformerFactory& informers,
                                                  const Clock& clock, Logger log);
  virtual ~Scheduler() = default;
  // Stops scheduling; idempotent.
  virtual void Stop() = 0;
};

}  // namespace k1s::scheduler
