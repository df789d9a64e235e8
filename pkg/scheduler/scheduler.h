// Scheduler: places pods on nodes as kube-scheduler does. Watches unbound
// pods, filters and scores nodes with plugins, binds through pods/binding,
// and records the PodScheduled condition and Scheduled/FailedScheduling
// events. Only pods whose spec.schedulerName is options.scheduler_name.
#pragma once

#include <chrono>
#include <cstdint>
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
  // Overrides the config's percentageOfNodesToScore when > 0.
  int percentage_of_nodes_to_score = 0;
};

// What the scheduling thread has done so far: kube-scheduler's
// scheduling_attempt and scheduling_algorithm_duration, summed.
struct SchedulerStats {
  uint64_t attempts = 0;                // pods taken from the queue and decided
  std::chrono::nanoseconds deciding{};  // time spent filtering, scoring, assuming
  uint64_t nodes_filtered = 0;          // nodes run through the filters, summed
};

class Scheduler {
 public:
  // Registers handlers on `informers` (pods, nodes, namespaces, services,
  // volumes, storage and priority classes) and starts the scheduling
  // thread, which waits for the caches to fill. Invalid if the config file
  // cannot be read or names an unknown plugin.
  static Result<std::unique_ptr<Scheduler>> Start(const SchedulerOptions& options,
                                                  client::Client& client,
                                                  client::InformerFactory& informers,
                                                  const Clock& clock, Logger log);
  virtual ~Scheduler() = default;
  // Stops scheduling; idempotent.
  virtual void Stop() = 0;
  virtual SchedulerStats Stats() const = 0;
};

}  // namespace k1s::scheduler
