#include "pkg/apiserver/eviction_budget.h"

#include "pkg/util/labels.h"
#include "pkg/util/time_format.h"

namespace k1s::apiserver {

namespace {

constexpr const char* kViolation = "Cannot evict pod as it would violate the pod's disruption budget.";

Status Forbidden(const std::string& cause) {
  return Status::TooManyRequests(kViolation).WithCauses({{"DisruptionBudget", cause, ""}});
}

}  // namespace

Status ChargeDisruptionBudget(RestContext& ctx, const Json& pod, bool dry_run) {
  // Pods that are not running anything a budget protects go freely.
  const std::string phase = pod.value("status", Json::object()).value("phase", "");
  if (phase == "Succeeded" || phase == "Failed" || phase == "Pending") return Status::Ok();
  if (pod["metadata"].contains("deletionTimestamp")) return Status::Ok();
  auto pdbs = ctx.registry.Find("policy", "v1", "poddisruptionbudgets");
  if (pdbs == nullptr) return Status::Ok();
  const std::string ns = pod["metadata"].value("namespace", "");
  ListQuery query;
  query.namespace_name = ns;
  K1S_ASSIGN_OR_RETURN(ListPage page, ctx.objects.List(*pdbs, query));
  std::vector<const Json*> matching;
  for (const Json& pdb : page.items) {
    auto selector = LabelSelector::FromJson(pdb.value("spec", Json::object()).value("selector", Json()));
    if (selector.ok() && !selector->IsNothing() && selector->MatchesObject(pod)) matching.push_back(&pdb);
  }
  if (matching.empty()) return Status::Ok();
  if (matching.size() > 1) {
    return Status::Internal("This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.");
  }
  const Json& pdb = *matching[0];
  const std::string name = pdb["metadata"].value("name", "");
  const Json status = pdb.value("status", Json::object()).is_object() ? pdb.value("status", Json::object()) : Json::object();
  if (status.value("observedGeneration", int64_t{0}) < pdb["metadata"].value("generation", int64_t{0})) {
    return Forbidden("The disruption budget " + name + " is still being processed by the server.");
  }
  if (status.value("disruptionsAllowed", int64_t{0}) <= 0) {
    return Forbidden("The disruption budget " + name + " needs " +
                     std::to_string(status.value("desiredHealthy", int64_t{0})) + " healthy pods and has " +
                     std::to_string(status.value("currentHealthy", int64_t{0})) + " currently");
  }
  if (dry_run) return Status::Ok();
  // Charged at the version read: a concurrent eviction that spent the same
  // disruption makes this one Conflict, answered as "try again".
  int64_t revision = 0;
  try {
    revision = std::stoll(pdb["metadata"].value("resourceVersion", "0"));
  } catch (...) {
    revision = 0;
  }
  const std::string pod_name = pod["metadata"].value("name", "");
  const std::string now = FormatRfc3339(ctx.clock.Now());
  auto charged = ctx.objects.Update(*pdbs, ns, name, revision, [&](Json current) -> Result<Json> {
    Json& s = current["status"];
    s["disruptionsAllowed"] = s.value("disruptionsAllowed", int64_t{0}) - 1;
    s["disruptedPods"][pod_name] = now;
    return current;
  });
  if (!charged.ok() && charged.status().IsConflict()) {
    return Forbidden("The disruption budget " + name + " changed while this eviction was checked.");
  }
  return charged.status();
}

}  // namespace k1s::apiserver
