#include "pkg/controller/endpointslice/endpointslice_controller.h"

#include <algorithm>

#include "pkg/controller/common/object_state.h"
#include "pkg/controller/common/service_pods.h"
#include "pkg/util/time_format.h"

namespace k1s::controller {

namespace {

using client::Json;

constexpr const char* kTriggerTime = "endpoints.kubernetes.io/last-change-trigger-time";
constexpr const char* kServiceIndex = "housekeeping/service-name";

Json Endpoint(const Json& pod, const Json& service) {
  const Json spec = pod.value("spec", Json::object());
  const bool publish_not_ready = service.value("spec", Json::object()).value("publishNotReadyAddresses", false);
  const bool terminating = IsBeingDeleted(pod);
  const bool serving = publish_not_ready || IsPodReady(pod);
  // A terminating pod is never "ready", unless the Service publishes
  // unready addresses.
  const bool ready = serving && (!terminating || publish_not_ready);
  Json e{{"addresses", Json::array({PodIp(pod)})},
         {"conditions", {{"ready", ready}, {"serving", serving}, {"terminating", terminating}}}};
  if (!spec.value("hostname", "").empty() && spec.value("subdomain", "") == MetaString(service, "name")) {
    e["hostname"] = spec["hostname"];
  }
  if (!spec.value("nodeName", "").empty()) e["nodeName"] = spec["nodeName"];
  e["targetRef"] = PodReference(pod);
  return e;
}

std::string ServiceKeyOfSlice(const Json& slice) {
  const Json& labels = LabelsOf(slice);
  if (labels.value(kManagedByLabel, "") != kSliceControllerName) return "";
  std::string service = labels.value(kServiceNameLabel, "");
  return service.empty() ? "" : MetaString(slice, "namespace") + "/" + service;
}

int64_t Revision(const std::string& rv) {
  try {
    return rv.empty() ? 0 : std::stoll(rv);
  } catch (...) {
    return 0;
  }
}

}  // namespace

std::vector<SliceContent> DesiredSlices(const Json& service, const std::vector<client::ObjectPtr>& pods) {
  const Json service_ports = service.value("spec", Json::object()).value("ports", Json::array());
  std::vector<client::ObjectPtr> sorted = pods;
  std::sort(sorted.begin(), sorted.end(), [](const client::ObjectPtr& a, const client::ObjectPtr& b) {
    return MetaString(*a, "name") < MetaString(*b, "name");
  });
  // Ports (as JSON text) -> endpoints, in pod name order.
  std::map<std::string, Json> groups;
  for (const client::ObjectPtr& pod : sorted) {
    if (!ShouldPodBeEndpoint(*pod, /*include_terminating=*/true)) continue;
    if (PodIp(*pod).find(':') != std::string::npos) continue;  // IPv4 slices only
    Json ports = Json::array();
    for (const Json& sp : service_ports) {
      std::optional<int> port = ResolveTargetPort(sp, *pod);
      if (!port) continue;
      Json p{{"name", sp.value("name", "")}, {"port", *port}, {"protocol", sp.value("protocol", "TCP")}};
      if (sp.contains("appProtocol")) p["appProtocol"] = sp["appProtocol"];
      ports.push_back(std::move(p));
    }
    auto [it, added] = groups.try_emplace(ports.dump(), Json::array());
    it->second.push_back(Endpoint(*pod, service));
  }
  std::vector<SliceContent> out;
  for (auto& [ports_text, endpoints] : groups) {
    Json ports = Json::parse(ports_text);
    for (size_t i = 0; i < endpoints.size(); i += kMaxEndpointsPerSlice) {
      Json chunk = Json::array();
      for (size_t j = i; j < std::min(endpoints.size(), i + kMaxEndpointsPerSlice); ++j) {
        chunk.push_back(std::move(endpoints[j]));
      }
      out.push_back({ports, std::move(chunk)});
    }
  }
  if (out.empty()) out.push_back({Json::array(), Json::array()});
  return out;
}

EndpointSliceController::EndpointSliceController(ControllerContext& ctx) : HousekeepingController(ctx) {
  services_ = &Watch(client::resources::kServices, EnqueueHandler());
  pods_ = &Watch(client::resources::kPods,
                 {[this](const client::ObjectPtr& p) { EnqueueServicesOf(*p); },
                  [this](const client::ObjectPtr& old_pod, const client::ObjectPtr& pod) {
                    if (!EndpointRelevantChange(*old_pod, *pod)) return;
                    EnqueueServicesOf(*old_pod);
                    EnqueueServicesOf(*pod);
                  },
                  [this](const client::ObjectPtr& p) { EnqueueServicesOf(*p); }});
  client::Informer& slices = informers_.For(client::resources::kEndpointSlices);
  slices.AddIndex(kServiceIndex, [](const Json& s) {
    std::string key = ServiceKeyOfSlice(s);
    return key.empty() ? std::vector<std::string>{} : std::vector<std::string>{key};
  });
  auto enqueue_owner = [this](const client::ObjectPtr& s) {
    if (std::string key = ServiceKeyOfSlice(*s); !key.empty()) queue().Add(key);
  };
  slices_ = &Watch(client::resources::kEndpointSlices,
                   {nullptr, [enqueue_owner](const client::ObjectPtr&, const client::ObjectPtr& s) { enqueue_owner(s); },
                    enqueue_owner});
}

void EndpointSliceController::EnqueueServicesOf(const Json& pod) {
  for (const std::string& key : ServicesSelecting(*services_, pod)) queue().Add(key);
}

bool EndpointSliceController::CacheHasOwnWrites(const std::string& key) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = expected_.find(key);
  if (it == expected_.end()) return true;
  auto [ns, service] = client::SplitKey(key);
  for (const auto& [name, rv] : it->second) {
    client::ObjectPtr cached = slices_->Get(ns, name);
    if (rv.empty() ? cached != nullptr
                   : cached == nullptr || Revision(MetaString(*cached, "resourceVersion")) < Revision(rv)) {
      return false;
    }
  }
  expected_.erase(it);
  return true;
}

void EndpointSliceController::RecordWrite(const std::string& key, const std::string& name,
                                          const Json& written) {
  std::lock_guard<std::mutex> lock(mu_);
  expected_[key][name] = written.is_null() ? "" : MetaString(written, "resourceVersion");
}

Status EndpointSliceController::Sync(const std::string& key) {
  auto [ns, name] = client::SplitKey(key);
  if (!CacheHasOwnWrites(key)) {
    queue().AddAfter(key, std::chrono::milliseconds(100));
    return Status::Ok();
  }
  std::vector<client::ObjectPtr> existing = slices_->ByIndex(kServiceIndex, key);
  std::sort(existing.begin(), existing.end(), [](const client::ObjectPtr& a, const client::ObjectPtr& b) {
    return MetaString(*a, "name") < MetaString(*b, "name");
  });
  client::ObjectPtr service = services_->Get(key);
  if (service == nullptr || !HasSelector(*service)) {
    for (const client::ObjectPtr& s : existing) {
      Status st = client_.Delete(client::resources::kEndpointSlices, ns, MetaString(*s, "name"));
      if (!st.ok() && !st.IsNotFound()) return st;
      RecordWrite(key, MetaString(*s, "name"), nullptr);
    }
    return Status::Ok();
  }

  std::vector<SliceContent> desired = DesiredSlices(*service, SelectedPods(*pods_, *service));
  Json labels = LabelsOf(*service);
  labels[kServiceNameLabel] = name;
  labels[kManagedByLabel] = kSliceControllerName;
  const Json owner{{"apiVersion", "v1"},
                   {"kind", "Service"},
                   {"name", name},
                   {"uid", MetaString(*service, "uid")},
                   {"controller", true},
                   {"blockOwnerDeletion", true}};
  const std::string now = FormatRfc3339(clock_.Now());

  // Desired slice i reuses existing slice i (by name order): a repack keeps
  // names stable while the set of port groups stays the same.
  for (size_t i = 0; i < desired.size(); ++i) {
    SliceContent& want = desired[i];
    if (i < existing.size()) {
      const Json& have = *existing[i];
      if (have.value("ports", Json::array()) == want.ports &&
          have.value("endpoints", Json::array()) == want.endpoints && LabelsOf(have) == labels) {
        continue;
      }
      Json slice = have;
      slice["metadata"]["labels"] = labels;
      slice["metadata"]["annotations"][kTriggerTime] = now;
      slice["ports"] = std::move(want.ports);
      slice["endpoints"] = std::move(want.endpoints);
      K1S_ASSIGN_OR_RETURN(Json written, client_.Update(client::resources::kEndpointSlices, ns, slice));
      RecordWrite(key, MetaString(written, "name"), written);
      continue;
    }
    Json slice{{"apiVersion", "discovery.k8s.io/v1"},
               {"kind", "EndpointSlice"},
               {"metadata",
                {{"generateName", name + "-"},
                 {"namespace", ns},
                 {"labels", labels},
                 {"annotations", {{kTriggerTime, now}}},
                 {"ownerReferences", Json::array({owner})}}},
               {"addressType", "IPv4"},
               {"endpoints", std::move(want.endpoints)},
               {"ports", std::move(want.ports)}};
    K1S_ASSIGN_OR_RETURN(Json written, client_.Create(client::resources::kEndpointSlices, ns, slice));
    RecordWrite(key, MetaString(written, "name"), written);
  }
  for (size_t i = desired.size(); i < existing.size(); ++i) {
    const std::string slice_name = MetaString(*existing[i], "name");
    Status st = client_.Delete(client::resources::kEndpointSlices, ns, slice_name);
    if (!st.ok() && !st.IsNotFound()) return st;
    RecordWrite(key, slice_name, nullptr);
  }
  return Status::Ok();
}

Result<std::unique_ptr<Controller>> StartEndpointSliceController(ControllerContext& ctx) {
  auto c = std::make_unique<EndpointSliceController>(ctx);
  c->Run();
  return std::unique_ptr<Controller>(std::move(c));
}

}  // namespace k1s::controller
