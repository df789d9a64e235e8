#include "pkg/controller/serviceaccount/serviceaccounts_controller.h"

#include "pkg/controller/common/object_state.h"

namespace k1s::controller {

namespace {

using client::Json;

constexpr const char* kDescriptionAnnotation = "kubernetes.io/description";
constexpr const char* kRootCaDescription =
    "Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints "
    "such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across "
    "distributions of Kubernetes clusters.";

// Handlers that queue the namespace of an object named `name`.
client::EventHandler NamespaceOfNamed(KeyedController& c, const char* name) {
  auto enqueue = [&c, name](const client::ObjectPtr& o) {
    if (MetaString(*o, "name") == name) c.queue().Add(MetaString(*o, "namespace"));
  };
  return {nullptr, [enqueue](const client::ObjectPtr&, const client::ObjectPtr& o) { enqueue(o); }, enqueue};
}

// A namespace that can still take new content.
client::ObjectPtr LiveNamespace(const client::Informer& namespaces, const std::string& ns) {
  client::ObjectPtr n = namespaces.Get(ns);
  return n != nullptr && !IsBeingDeleted(*n) ? n : nullptr;
}

// Creation races with namespace deletion and with another writer: both end
// the work for this key.
Status IgnoreExpected(const Status& s) {
  return s.ok() || s.IsAlreadyExists() || s.code() == StatusCode::kForbidden || s.IsNotFound() ? Status::Ok() : s;
}

}  // namespace

ServiceAccountsController::ServiceAccountsController(ControllerContext& ctx) : HousekeepingController(ctx) {
  namespaces_ = &Watch(client::resources::kNamespaces,
                       {[this](const client::ObjectPtr& n) { Enqueue(n); },
                        [this](const client::ObjectPtr&, const client::ObjectPtr& n) { Enqueue(n); }, nullptr});
  accounts_ = &Watch(client::resources::kServiceAccounts, NamespaceOfNamed(*this, "default"));
}

Status ServiceAccountsController::Sync(const std::string& ns) {
  if (LiveNamespace(*namespaces_, ns) == nullptr || accounts_->Get(ns, "default") != nullptr) {
    return Status::Ok();
  }
  Json account{{"apiVersion", "v1"}, {"kind", "ServiceAccount"}, {"metadata", {{"name", "default"}}}};
  return IgnoreExpected(client_.Create(client::resources::kServiceAccounts, ns, account).status());
}

RootCaPublisher::RootCaPublisher(ControllerContext& ctx)
    : HousekeepingController(ctx), ca_pem_(ctx.options.root_ca_pem) {
  namespaces_ = &Watch(client::resources::kNamespaces,
                       {[this](const client::ObjectPtr& n) { Enqueue(n); },
                        [this](const client::ObjectPtr&, const client::ObjectPtr& n) { Enqueue(n); }, nullptr});
  config_maps_ = &Watch(client::resources::kConfigMaps, NamespaceOfNamed(*this, kRootCaConfigMap));
}

Status RootCaPublisher::Sync(const std::string& ns) {
  if (ca_pem_.empty() || LiveNamespace(*namespaces_, ns) == nullptr) return Status::Ok();
  client::ObjectPtr current = config_maps_->Get(ns, kRootCaConfigMap);
  if (current == nullptr) {
    Json cm{{"apiVersion", "v1"},
            {"kind", "ConfigMap"},
            {"metadata",
             {{"name", kRootCaConfigMap}, {"annotations", {{kDescriptionAnnotation, kRootCaDescription}}}}},
            {"data", {{"ca.crt", ca_pem_}}}};
    return IgnoreExpected(client_.Create(client::resources::kConfigMaps, ns, cm).status());
  }
  const Json data = current->value("data", Json::object());
  const Json annotations = current->value("metadata", Json::object()).value("annotations", Json::object());
  if (data.size() == 1 && data.value("ca.crt", "") == ca_pem_ &&
      annotations.value(kDescriptionAnnotation, "") == kRootCaDescription) {
    return Status::Ok();
  }
  Json cm = *current;
  cm["data"] = {{"ca.crt", ca_pem_}};
  cm["metadata"]["annotations"][kDescriptionAnnotation] = kRootCaDescription;
  Status s = client_.Update(client::resources::kConfigMaps, ns, cm).status();
  return s.IsNotFound() || s.code() == StatusCode::kForbidden ? Status::Ok() : s;
}

Result<std::unique_ptr<Controller>> StartServiceAccountsController(ControllerContext& ctx) {
  auto c = std::make_unique<ServiceAccountsController>(ctx);
  c->Run();
  return std::unique_ptr<Controller>(std::move(c));
}

Result<std::unique_ptr<Controller>> StartRootCaPublisher(ControllerContext& ctx) {
  auto c = std::make_unique<RootCaPublisher>(ctx);
  c->Run();
  return std::unique_ptr<Controller>(std::move(c));
}

}  // namespace k1s::controller
