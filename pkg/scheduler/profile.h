// Profile: which plugins run and with what score weights; the defaults are
// kube-scheduler's, a KubeSchedulerConfiguration file can change them.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>

#include "pkg/util/result.h"

namespace k1s::scheduler {

struct Profile {
  std::string scheduler_name = "default-scheduler";
  // Plugins disabled at every extension point ("*" disables all defaults).
  std::set<std::string> disabled;
  std::set<std::string> disabled_filter;  // preFilter/filter
  std::set<std::string> disabled_score;   // preScore/score
  std::map<std::string, int64_t> score_weights;  // overrides the defaults
  // 0: adaptive, as kube-scheduler (50% minus 1% per 125 nodes, at least 5%).
  int percentage_of_nodes_to_score = 0;
  std::string resources_scoring = "LeastAllocated";  // NodeResourcesFit args
  bool preemption = true;  // DefaultPreemption enabled
};

// Reads a kubescheduler.config.k8s.io/v1 KubeSchedulerConfiguration (YAML or
// JSON): percentageOfNodesToScore and, from the profile whose schedulerName
// is `scheduler_name` (or the first without one), plugins.{multiPoint,
// preFilter, filter, preScore, score, postFilter}.{enabled,disabled} and
// pluginConfig NodeResourcesFit scoringStrategy.type. Invalid with a
// message naming the file on anything it cannot read.
Result<Profile> LoadProfile(const std::string& path, const std::string& scheduler_name);
Result<Profile> ParseProfile(const std::string& text, const std::string& scheduler_name,
                             const std::string& path = "config");

}  // namespace k1s::scheduler
