// ResourceQuota admission, the last plugin: a create (or a service or claim
// update) in a namespace with ResourceQuotas is measured by the quota
// evaluators (pkg/quota), refused with 403 when it does not fit
// ("exceeded quota: ...", "failed quota: ...: must specify ..."), and
// otherwise charged: each quota's status.used grows by the object's usage,
// written with a compare-and-swap on the quota's resourceVersion before the
// object is stored, so two creates can never both take the last slot. The
// resourcequota controller recounts later and corrects any drift (a create
// that failed after it was charged).
#include <algorithm>
#include <array>
#include <functional>
#include <mutex>

#include "pkg/apiserver/admission.h"
#include "pkg/apiserver/object_rules.h"
#include "pkg/quota/check.h"

namespace k1s::apiserver {

namespace {

// Lost races with the controller's status writes are retried this often.
constexpr int kMaxChargeAttempts = 10;

class ResourceQuotaAdmission final : public AdmissionPlugin {
 public:
  std::string_view name() const override { return "ResourceQuota"; }

  bool Handles(const api::Resource& resource, std::string_view subresource,
               AdmissionOperation operation) const override {
    // Subresources, cluster-scoped kinds and deletes are never charged.
    if (!subresource.empty() || !resource.namespaced() || operation == AdmissionOperation::kDelete) return false;
    if (operation == AdmissionOperation::kUpdate) {
      // Only a service's or a claim's usage can grow on update.
      return resource.group.empty() && (resource.plural == "services" || resource.plural == "persistentvolumeclaims");
    }
    return !quota::IsIgnoredResource({resource.group, resource.plural});
  }

  Status Admit(AdmissionRequest& request) const override {
    RestContext& ctx = request.ctx;
    const std::string& ns = ctx.info.namespace_name;
    const std::shared_ptr<const api::Resource> quotas_resource = ctx.registry.Find("", "v1", "resourcequotas");
    if (ns.empty() || quotas_resource == nullptr || request.object == nullptr) return Status::Ok();
    // Most namespaces have no quota: a look without the lock first.
    K1S_ASSIGN_OR_RETURN(std::vector<Json> quotas, ListQuotas(ctx, *quotas_resource, ns, {}));
    if (quotas.empty()) return Status::Ok();

    const quota::Evaluator evaluator({ctx.resource.group, ctx.resource.plural});
    const Json* old_object = request.operation == AdmissionOperation::kUpdate ? request.old_object : nullptr;
    // One charge at a time per namespace: concurrent creates then queue
    // rather than lose compare-and-swaps to each other.
    std::lock_guard<std::mutex> lock(stripes_[std::hash<std::string>{}(ns) % stripes_.size()]);
    std::vector<std::string> only;  // on a retry: the quotas still to charge
    for (int attempt = 0; attempt < kMaxChargeAttempts; ++attempt) {
      K1S_ASSIGN_OR_RETURN(quotas, ListQuotas(ctx, *quotas_resource, ns, only));
      quota::CheckOutcome outcome =
          quota::CheckRequest(quotas, evaluator, *request.object, old_object, ctx.clock.Now());
      if (!outcome.refusal.empty()) {
        return Status::Forbidden(QualifiedResource(ctx.resource) + " \"" + NameOf(*request.object) +
                                 "\" is forbidden: " + outcome.refusal);
      }
      if (request.dry_run || outcome.charges.empty()) return Status::Ok();
      // A create that will fail as AlreadyExists is not charged (the store
      // answers it, after this plugin).
      if (request.operation == AdmissionOperation::kCreate &&
          ctx.objects.Get(ctx.resource, ns, NameOf(*request.object)).ok()) {
        return Status::Ok();
      }
      only.clear();
      for (const quota::QuotaCharge& charge : outcome.charges) {
        const Json& q = quotas[charge.index];
        Status s = Charge(ctx, *quotas_resource, q, charge.used);
        if (s.IsConflict()) {
          only.push_back(NameOf(q));
        } else if (!s.ok() && !s.IsNotFound()) {  // a quota deleted meanwhile no longer applies
          return s;
        }
      }
      if (only.empty()) return Status::Ok();
    }
    return ConflictError(*quotas_resource, only.front());
  }

 private:
  static std::string NameOf(const Json& object) {
    if (!object.contains("metadata") || !object["metadata"].is_object()) return "";
    return object["metadata"].value("name", "");
  }

  // The namespace's quotas as stored; with `only`, just those names.
  static Result<std::vector<Json>> ListQuotas(RestContext& ctx, const api::Resource& quotas, const std::string& ns,
                                              const std::vector<std::string>& only) {
    K1S_ASSIGN_OR_RETURN(std::vector<Json> all, ctx.objects.ListCached(quotas, ns));
    if (only.empty()) return all;
    std::vector<Json> kept;
    for (Json& q : all) {
      if (std::find(only.begin(), only.end(), NameOf(q)) != only.end()) kept.push_back(std::move(q));
    }
    return kept;
  }

  // Writes status.used if the quota is still at the version checked.
  static Status Charge(RestContext& ctx, const api::Resource& quotas, const Json& q, const quota::ResourceList& used) {
    K1S_ASSIGN_OR_RETURN(int64_t rv, ResourceVersionOf(q));
    Json used_json = quota::ToJson(used);
    auto written = ctx.objects.Update(quotas, ctx.info.namespace_name, NameOf(q), rv, [&](Json current) -> Result<Json> {
      if (!current.contains("status") || !current["status"].is_object()) current["status"] = Json::object();
      current["status"]["used"] = used_json;
      return current;
    });
    return written.status();
  }

  mutable std::array<std::mutex, 16> stripes_;
};

}  // namespace

std::unique_ptr<AdmissionPlugin> NewResourceQuotaAdmission() { return std::make_unique<ResourceQuotaAdmission>(); }

}  // namespace k1s::apiserver
