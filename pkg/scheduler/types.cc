#include <algorithm>

#include "pkg/scheduler/types.h"

namespace k1s::scheduler {

void Resources::Add(const Resources& o) {
  milli_cpu += o.milli_cpu;
  memory += o.memory;
  ephemeral_storage += o.ephemeral_storage;
  pods += o.pods;
  for (const auto& [k, v] : o.scalar) scalar[k] += v;
}

void Resources::Sub(const Resources& o) {
  milli_cpu -= o.milli_cpu;
  memory -= o.memory;
  ephemeral_storage -= o.ephemeral_storage;
  pods -= o.pods;
  for (const auto& [k, v] : o.scalar) {
    auto it = scalar.find(k);
    if (it == scalar.end()) continue;
    it->second -= v;
    if (it->second == 0) scalar.erase(it);
  }
}

void Resources::SetMax(const Resources& o) {
  milli_cpu = std::max(milli_cpu, o.milli_cpu);
  memory = std::max(memory, o.memory);
  ephemeral_storage = std::max(ephemeral_storage, o.ephemeral_storage);
  pods = std::max(pods, o.pods);
  for (const auto& [k, v] : o.scalar) scalar[k] = std::max(scalar[k], v);
}

bool Toleration::Tolerates(const Taint& t) const {
  if (!effect.empty() && effect != t.effect) return false;
  // An empty key with Exists tolerates every taint.
  if (key.empty()) return op == "Exists";
  if (key != t.key) return false;
  if (op == "Exists") return true;
  return value == t.value;
}

void NodeInfo::AddPod(PodPtr pod) {
  requested.Add(pod->requests);
  nonzero_milli_cpu += pod->nonzero_milli_cpu;
  nonzero_memory += pod->nonzero_memory;
  if (pod->HasAffinityTerms()) ++pods_with_affinity;
  if (!pod->required_anti_affinity.empty()) ++pods_with_required_anti_affinity;
  pods.push_back(std::move(pod));
}

bool NodeInfo::RemovePod(const std::string& uid) {
  for (size_t i = 0; i < pods.size(); ++i) {
    if (pods[i]->uid != uid) continue;
    const Pod& pod = *pods[i];
    requested.Sub(pod.requests);
    nonzero_milli_cpu -= pod.nonzero_milli_cpu;
    nonzero_memory -= pod.nonzero_memory;
    if (pod.HasAffinityTerms()) --pods_with_affinity;
    if (!pod.required_anti_affinity.empty()) --pods_with_required_anti_affinity;
    pods[i] = std::move(pods.back());
    pods.pop_back();
    return true;
  }
  return false;
}

}  // namespace k1s::scheduler
