#include "pkg/controller/endpoints/endpoints_controller.h"

#include <algorithm>
#include <map>

#include "pkg/controller/common/object_state.h"
#include "pkg/controller/common/service_pods.h"
#include "pkg/util/time_format.h"

namespace k1s::controller {

namespace {

using client::Json;

constexpr const char* kTriggerTime = "endpoints.kubernetes.io/last-change-trigger-time";
constexpr const char* kOverCapacity = "endpoints.kubernetes.io/over-capacity";
constexpr size_t kMaxAddresses = 1000;  // beyond this kube-controller-manager truncates

bool Headless(const Json& service) {
  return service.value("spec", Json::object()).value("clusterIP", "") == "None";
}

Json Address(const Json& pod, const Json& service) {
  Json a{{"ip", PodIp(pod)}};
  const Json spec = pod.value("spec", Json::object());
  // A pod's hostname is published when it names this Service as subdomain.
  if (!spec.value("hostname", "").empty() &&
      spec.value("subdomain", "") == MetaString(service, "name")) {
    a["hostname"] = spec["hostname"];
  }
  if (!spec.value("nodeName", "").empty()) a["nodeName"] = spec["nodeName"];
  a["targetRef"] = PodReference(pod);
  return a;
}

}  // namespace

Json EndpointSubsets(const Json& service, const std::vector<client::ObjectPtr>& pods) {
  const Json spec = service.value("spec", Json::object());
  const bool publish_not_ready = spec.value("publishNotReadyAddresses", false);
  const Json service_ports = spec.value("ports", Json::array());
  // Port list (as JSON text) -> {ready, not ready} addresses, by IP.
  std::map<std::string, std::pair<std::map<std::string, Json>, std::map<std::string, Json>>> groups;
  for (const client::ObjectPtr& pod : pods) {
    if (!ShouldPodBeEndpoint(*pod, /*include_terminating=*/false)) continue;
    Json ports = Json::array();
    for (const Json& sp : service_ports) {
      std::optional<int> port = ResolveTargetPort(sp, *pod);
      if (!port) continue;
      Json p = Json::object();
      if (!sp.value("name", "").empty()) p["name"] = sp["name"];
      p["port"] = *port;
      p["protocol"] = sp.value("protocol", "TCP");
      if (sp.contains("appProtocol")) p["appProtocol"] = sp["appProtocol"];
      ports.push_back(std::move(p));
    }
    // A pod that resolves none of the Service's ports serves nothing; a
    // headless Service without ports still lists its pods.
    if (ports.empty() && !(service_ports.empty() && Headless(service))) continue;
    auto& group = groups[ports.dump()];
    const bool ready = publish_not_ready || IsPodReady(*pod);
    (ready ? group.first : group.second)[PodIp(*pod)] = Address(*pod, service);
  }
  Json subsets = Json::array();
  size_t total = 0;
  for (auto& [ports_text, group] : groups) {
    Json subset = Json::object();
    Json ready = Json::array(), not_ready = Json::array();
    for (auto& [ip, a] : group.first) {
      if (total++ < kMaxAddresses) ready.push_back(std::move(a));
    }
    for (auto& [ip, a] : group.second) {
      if (total++ < kMaxAddresses) not_ready.push_back(std::move(a));
    }
    if (ready.empty() && not_ready.empty()) continue;
    if (!ready.empty()) subset["addresses"] = std::move(ready);
    if (!not_ready.empty()) subset["notReadyAddresses"] = std::move(not_ready);
    Json ports = Json::parse(ports_text);
    if (!ports.empty()) subset["ports"] = std::move(ports);
    subsets.push_back(std::move(subset));
  }
  return subsets;
}

EndpointsController::EndpointsController(ControllerContext& ctx) : HousekeepingController(ctx) {
  services_ = &Watch(client::resources::kServices, EnqueueHandler());
  pods_ = &Watch(client::resources::kPods,
                 {[this](const client::ObjectPtr& p) { EnqueueServicesOf(*p); },
                  [this](const client::ObjectPtr& old_pod, const client::ObjectPtr& pod) {
                    if (!EndpointRelevantChange(*old_pod, *pod)) return;
                    EnqueueServicesOf(*old_pod);
                    EnqueueServicesOf(*pod);
                  },
                  [this](const client::ObjectPtr& p) { EnqueueServicesOf(*p); }});
  // An Endpoints object changed or removed by someone else is put back.
  endpoints_ = &Watch(client::resources::kEndpoints,
                      {nullptr, [this](const client::ObjectPtr&, const client::ObjectPtr& e) { Enqueue(e); },
                       [this](const client::ObjectPtr& e) { Enqueue(e); }});
}

void EndpointsController::EnqueueServicesOf(const Json& pod) {
  for (const std::string& key : ServicesSelecting(*services_, pod)) queue().Add(key);
}

Status EndpointsController::Sync(const std::string& key) {
  auto [ns, name] = client::SplitKey(key);
  client::ObjectPtr service = services_->Get(key);
  if (service == nullptr) {
    Status s = client_.Delete(client::resources::kEndpoints, ns, name);
    return s.IsNotFound() ? Status::Ok() : s;
  }
  // Without a selector the Endpoints are the user's to write.
  if (!HasSelector(*service)) return Status::Ok();

  Json subsets = EndpointSubsets(*service, SelectedPods(*pods_, *service));
  Json labels = LabelsOf(*service);
  if (Headless(*service)) labels["service.kubernetes.io/headless"] = "";
  size_t addresses = 0;
  for (const Json& s : subsets) {
    addresses += s.value("addresses", Json::array()).size() + s.value("notReadyAddresses", Json::array()).size();
  }

  client::ObjectPtr current = endpoints_->Get(key);
  if (current != nullptr && current->value("subsets", Json::array()) == subsets &&
      LabelsOf(*current) == labels) {
    return Status::Ok();
  }
  Json endpoints = current != nullptr ? *current
                                      : Json{{"apiVersion", "v1"},
                                             {"kind", "Endpoints"},
                                             {"metadata", {{"name", name}, {"namespace", ns}}}};
  Json& meta = endpoints["metadata"];
  meta["labels"] = labels;
  if (!meta.contains("annotations") || !meta["annotations"].is_object()) meta["annotations"] = Json::object();
  meta["annotations"][kTriggerTime] = FormatRfc3339(clock_.Now());
  if (addresses >= kMaxAddresses) {
    meta["annotations"][kOverCapacity] = "truncated";
  } else {
    meta["annotations"].erase(kOverCapacity);
  }
  if (subsets.empty()) {
    endpoints.erase("subsets");
  } else {
    endpoints["subsets"] = std::move(subsets);
  }
  if (current == nullptr) {
    // AlreadyExists means the cache is behind: the retry sees the object.
    return client_.Create(client::resources::kEndpoints, ns, endpoints).status();
  }
  return client_.Update(client::resources::kEndpoints, ns, endpoints).status();
}

Result<std::unique_ptr<Controller>> StartEndpointsController(ControllerContext& ctx) {
  auto c = std::make_unique<EndpointsController>(ctx);
  c->Run();
  return std::unique_ptr<Controller>(std::move(c));
}

}  // namespace k1s::controller
