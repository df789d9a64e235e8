// The simulated nodes' shapes: how many nodes of each kind, with what
// capacity, labels and taints. Read from the YAML file given by
// --simulated-node-profile, or one default kind of --simulated-nodes nodes.
//
//   kinds:
//   - namePrefix: gpu-node-      # names gpu-node-0001, gpu-node-0002, ...
//     count: 2
//     capacity: {cpu: "64", memory: 512Gi, pods: "110", nvidia.com/gpu: "8"}
//     allocatable: {cpu: "63"}    # per resource; the rest equals capacity
//     labels: {pool: gpu}
//     annotations: {team: ml}
//     taints: [{key: gpu, value: "true", effect: NoSchedule}]
//
// Every key is optional except count; unknown keys are errors, so a typo
// does not silently give default nodes.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "pkg/util/result.h"

namespace k1s::simnode {

inline constexpr std::string_view kDefaultNamePrefix = "sim-node-";

struct NodeKind {
  std::string name_prefix = std::string(kDefaultNamePrefix);
  int count = 0;
  std::map<std::string, std::string> capacity;     // defaults filled in by DefaultCapacity
  std::map<std::string, std::string> allocatable;  // capacity overridden per resource
  std::map<std::string, std::string> labels;
  std::map<std::string, std::string> annotations;
  nlohmann::json taints = nlohmann::json::array();  // core/v1 Taint objects
};

// cpu 32, memory 256Gi, pods 110, ephemeral-storage 1Ti, hugepages 0.
std::map<std::string, std::string> DefaultCapacity();

// Parses a profile. Invalid, with one line naming `source` and the bad
// field ("profile p.yaml: kinds[1].count: must be a non-negative integer").
Result<std::vector<NodeKind>> ParseProfile(std::string_view yaml, const std::string& source);
// Reads and parses `path`.
Result<std::vector<NodeKind>> LoadProfile(const std::string& path);

// The kinds to run: the profile's if `profile_file` is set (then `count`, if
// not 0, must equal their total), else `count` default nodes.
Result<std::vector<NodeKind>> ResolveKinds(int count, const std::string& profile_file);

// "sim-node-0001": the 1-based `index` zero-padded to 4 digits (more when
// `count` needs them).
std::string NodeName(const std::string& prefix, int index, int count);

}  // namespace k1s::simnode
