#include "pkg/quota/check.h"

#include <map>

namespace k1s::quota {

namespace {

const Json& StatusList(const Json& quota, const char* which) {
  static const Json kNull;
  if (!quota.is_object() || !quota.contains("status") || !quota["status"].is_object()) return kNull;
  const Json& status = quota["status"];
  auto it = status.find(which);
  return it == status.end() ? kNull : *it;
}

ResourceNames Keys(const Json& list) {
  ResourceNames out;
  if (!list.is_object()) return out;
  for (auto it = list.begin(); it != list.end(); ++it) out.push_back(it.key());
  return out;
}

std::string NameOf(const Json& object) {
  if (!object.is_object() || !object.contains("metadata") || !object["metadata"].is_object()) return "";
  return object["metadata"].value("name", "");
}

// Every restricted resource that the quota limits has a usage recorded: the
// controller has counted it.
bool HasUsageStats(const Json& quota, const ResourceNames& restricted) {
  const ResourceNames used = Keys(StatusList(quota, "used"));
  for (const std::string& name : Keys(StatusList(quota, "hard"))) {
    if (Contains(restricted, name) && !Contains(used, name)) return false;
  }
  return true;
}

}  // namespace

CheckOutcome CheckRequest(const std::vector<Json>& quotas, const Evaluator& evaluator, const Json& object,
                          const Json* old_object, TimePoint now) {
  CheckOutcome out;
  std::vector<size_t> interesting;
  for (size_t i = 0; i < quotas.size(); ++i) {
    const Json& q = quotas[i];
    if (!Matches(q, evaluator, object)) continue;
    const ResourceNames restricted = evaluator.MatchingResources(Keys(StatusList(q, "hard")));
    if (auto missing = evaluator.Constraints(restricted, object)) {
      out.refusal = "failed quota: " + NameOf(q) + ": " + *missing;
      return out;
    }
    if (!HasUsageStats(q, restricted)) {
      out.refusal = "status unknown for quota: " + NameOf(q) + ", resources: " + PrettyPrintNames(restricted);
      return out;
    }
    interesting.push_back(i);
  }

  const ResourceList input = evaluator.Usage(object, now);
  if (ResourceNames negative = IsNegative(input); !negative.empty()) {
    out.refusal = "quota usage is negative for resource(s): " + PrettyPrintNames(negative);
    return out;
  }
  std::map<size_t, ResourceList> delta;
  for (size_t i : interesting) delta[i] = input;
  // An update is charged what it adds, to the quotas the old object was
  // already counted in.
  if (old_object != nullptr && old_object->is_object() && old_object->contains("metadata") &&
      !(*old_object)["metadata"].value("resourceVersion", "").empty()) {
    const ResourceList grown = SubtractWithNonNegativeResult(input, evaluator.Usage(*old_object, now));
    for (size_t i : interesting) {
      if (Matches(quotas[i], evaluator, *old_object)) delta[i] = grown;
    }
  }
  for (auto it = delta.begin(); it != delta.end();) {
    it->second = RemoveZeros(it->second);
    it = it->second.empty() ? delta.erase(it) : std::next(it);
  }

  for (size_t i : interesting) {
    auto d = delta.find(i);
    if (d == delta.end()) continue;
    const Json& q = quotas[i];
    const ResourceList hard = ParseResourceList(StatusList(q, "hard"));
    const ResourceList used = ParseResourceList(StatusList(q, "used"));
    const ResourceList requested = Mask(d->second, Keys(StatusList(q, "hard")));
    const ResourceList new_usage = Add(used, requested);
    auto [allowed, exceeded] = LessThanOrEqual(Mask(new_usage, Names(requested)), hard);
    if (!allowed) {
      out.charges.clear();
      out.refusal = "exceeded quota: " + NameOf(q) + ", requested: " + PrettyPrint(Mask(requested, exceeded)) +
                    ", used: " + PrettyPrint(Mask(used, exceeded)) + ", limited: " + PrettyPrint(Mask(hard, exceeded));
      return out;
    }
    if (!Equals(new_usage, used)) out.charges.push_back({i, new_usage});
  }
  return out;
}

}  // namespace k1s::quota
