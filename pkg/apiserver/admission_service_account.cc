#include "pkg/apiserver/admission.h"
#include "pkg/auth/node_authorizer.h"
#include "pkg/util/ids.h"

namespace k1s::apiserver {

namespace {

constexpr const char* kMountPath = "/var/run/secrets/kubernetes.io/serviceaccount";
// What kube-apiserver asks for: an hour plus a little, so the kubelet's
// refresh at 80% of the lifetime is not all at one instant.
constexpr int kTokenExpirationSeconds = 3607;

Json TokenVolume(const std::string& name) {
  Json sources = Json::array();
  sources.push_back({{"serviceAccountToken", {{"expirationSeconds", kTokenExpirationSeconds}, {"path", "token"}}}});
  sources.push_back(
      {{"configMap", {{"name", "kube-root-ca.crt"}, {"items", Json::array({{{"key", "ca.crt"}, {"path", "ca.crt"}}})}}}});
  Json field = {{"apiVersion", "v1"}, {"fieldPath", "metadata.namespace"}};
  sources.push_back({{"downwardAPI", {{"items", Json::array({{{"fieldRef", field}, {"path", "namespace"}}})}}}});
  return {{"name", name}, {"projected", {{"defaultMode", 420}, {"sources", sources}}}};
}

bool HasMountAt(const Json& container, const std::string& path) {
  for (const Json& m : container.value("volumeMounts", Json::array())) {
    if (m.is_object() && m.value("mountPath", "") == path) return true;
  }
  return false;
}

Status Forbidden(const Json& pod, const std::string& why) {
  std::string name = pod["metadata"].value("name", "");
  return Status::Forbidden("pods \"" + name + "\" is forbidden: " + why);
}

// A mirror pod (a kubelet's static pod) is left as it is, or the kubelet
// would see a spec that is not its own and delete it; it may not reference a
// service account, secrets or tokens.
Status AdmitMirrorPod(const Json& pod) {
  const Json& spec = pod["spec"];
  if (!spec.value("serviceAccountName", "").empty()) {
    return Forbidden(pod, "a mirror pod may not reference service accounts");
  }
  if (!auth::PodSecretNames(pod).empty()) return Forbidden(pod, "a mirror pod may not reference secrets");
  for (const Json& v : spec.value("volumes", Json::array())) {
    if (!v.is_object() || !v.contains("projected") || !v["projected"].is_object()) continue;
    for (const Json& source : v["projected"].value("sources", Json::array())) {
      if (source.is_object() && source.contains("serviceAccountToken")) {
        return Forbidden(pod, "a mirror pod may not use ServiceAccountToken volume projections");
      }
    }
  }
  return Status::Ok();
}

Status AdmitPodServiceAccount(RestContext& ctx, Json& pod) {
  if (!pod.contains("spec") || !pod["spec"].is_object()) return Status::Ok();
  if (auth::IsMirrorPod(pod)) return AdmitMirrorPod(pod);
  Json& spec = pod["spec"];
  std::string account = spec.value("serviceAccountName", "");
  if (account.empty()) account = spec.value("serviceAccount", "");
  if (account.empty()) account = "default";
  spec["serviceAccountName"] = account;
  spec["serviceAccount"] = account;

  auto accounts = ctx.registry.Find("", "v1", "serviceaccounts");
  if (accounts == nullptr) return Status::Ok();
  const std::string& ns = ctx.info.namespace_name;
  auto sa = ctx.objects.GetCached(*accounts, ns, account);
  Json automount = spec.value("automountServiceAccountToken", Json());
  if (!sa.ok()) {
    if (!sa.status().IsNotFound()) return sa.status();
    // The service account controller creates `default` just after the
    // namespace; a pod racing it is admitted (its kubelet waits for the
    // token) rather than refused.
    if (account != "default") {
      return Forbidden(pod, "error looking up service account " + ns + "/" + account + ": serviceaccount \"" +
                                account + "\" not found");
    }
  } else if (automount.is_null()) {
    automount = sa->value("automountServiceAccountToken", Json());
  }
  if (automount.is_boolean() && !automount.get<bool>()) return Status::Ok();

  // A pod that already mounts something at the token path keeps its own.
  for (const char* list : {"containers", "initContainers"}) {
    for (const Json& c : spec.value(list, Json::array())) {
      if (c.is_object() && HasMountAt(c, kMountPath)) return Status::Ok();
    }
  }
  const std::string volume = "kube-api-access-" + RandomNameSuffix(5);
  if (!spec.contains("volumes") || !spec["volumes"].is_array()) spec["volumes"] = Json::array();
  spec["volumes"].push_back(TokenVolume(volume));
  for (const char* list : {"containers", "initContainers"}) {
    if (!spec.contains(list) || !spec[list].is_array()) continue;
    for (Json& c : spec[list]) {
      if (!c.is_object()) continue;
      if (!c.contains("volumeMounts") || !c["volumeMounts"].is_array()) c["volumeMounts"] = Json::array();
      c["volumeMounts"].push_back({{"name", volume}, {"readOnly", true}, {"mountPath", kMountPath}});
    }
  }
  return Status::Ok();
}

// ServiceAccount: a new pod gets serviceAccountName "default" and, unless
// automounting is off, the projected kube-api-access-<random> volume (token,
// ca.crt from the kube-root-ca.crt ConfigMap, namespace) mounted read-only at
// /var/run/secrets/kubernetes.io/serviceaccount in every container; a pod
// naming a missing service account is refused.
class ServiceAccountAdmission final : public AdmissionPlugin {
 public:
  std::string_view name() const override { return "ServiceAccount"; }
  bool Handles(const api::Resource& resource, std::string_view subresource,
               AdmissionOperation operation) const override {
    return operation == AdmissionOperation::kCreate && resource.group.empty() && resource.plural == "pods" &&
           subresource.empty();
  }
  Status Admit(AdmissionRequest& request) const override {
    return AdmitPodServiceAccount(request.ctx, *request.object);
  }
};

}  // namespace

std::unique_ptr<AdmissionPlugin> NewServiceAccountAdmission() { return std::make_unique<ServiceAccountAdmission>(); }

}  // namespace k1s::apiserver
