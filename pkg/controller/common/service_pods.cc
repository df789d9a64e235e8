#include "pkg/controller/common/service_pods.h"

#include "pkg/controller/common/object_state.h"
#include "pkg/util/json_fields.h"
#include "pkg/util/labels.h"

namespace k1s::controller {

namespace {

LabelSelector SelectorOf(const client::Json& service) {
  std::map<std::string, std::string> labels;
  const client::Json spec = service.value("spec", client::Json::object());
  const client::Json selector = spec.value("selector", client::Json::object());
  for (const auto& [k, v] : selector.items()) {
    if (v.is_string()) labels[k] = v.get<std::string>();
  }
  return LabelSelector::FromMap(labels);
}

}  // namespace

bool HasSelector(const client::Json& service) {
  auto spec = service.find("spec");
  if (spec == service.end() || !spec->is_object()) return false;
  auto selector = spec->find("selector");
  return selector != spec->end() && selector->is_object() && !selector->empty();
}

std::vector<client::ObjectPtr> SelectedPods(const client::Informer& pods, const client::Json& service) {
  if (!HasSelector(service)) return {};
  LabelSelector selector = SelectorOf(service);
  return pods.ListNamespace(MetaString(service, "namespace"),
                            [&](const client::Json& pod) { return selector.MatchesObject(pod); });
}

std::vector<std::string> ServicesSelecting(const client::Informer& services, const client::Json& pod) {
  std::vector<std::string> keys;
  for (const client::ObjectPtr& service : services.ListNamespace(MetaString(pod, "namespace"))) {
    if (HasSelector(*service) && SelectorOf(*service).MatchesObject(pod)) {
      keys.push_back(client::ObjectKey(*service));
    }
  }
  return keys;
}

std::string PodIp(const client::Json& pod) {
  auto status = pod.find("status");
  if (status == pod.end() || !status->is_object()) return "";
  return status->value("podIP", "");
}

bool ShouldPodBeEndpoint(const client::Json& pod, bool include_terminating) {
  if (PodIp(pod).empty()) return false;
  if (!include_terminating && IsBeingDeleted(pod)) return false;
  return !IsPodTerminal(pod);
}

std::optional<int> ResolveTargetPort(const client::Json& service_port, const client::Json& pod) {
  auto target = service_port.find("targetPort");
  if (target == service_port.end() || target->is_null()) {
    return service_port.value("port", 0);
  }
  if (target->is_number_integer()) return target->get<int>();
  if (!target->is_string()) return std::nullopt;
  const std::string& name = target->get_ref<const std::string&>();
  // A string of digits is a number (IntOrString as YAML may spell it).
  if (!name.empty() && name.find_first_not_of("0123456789") == std::string::npos) {
    return std::stoi(name);
  }
  const std::string protocol = service_port.value("protocol", "TCP");
  const client::Json spec = pod.value("spec", client::Json::object());
  for (const client::Json& container : spec.value("containers", client::Json::array())) {
    for (const client::Json& port : container.value("ports", client::Json::array())) {
      if (port.value("name", "") == name && port.value("protocol", "TCP") == protocol) {
        return port.value("containerPort", 0);
      }
    }
  }
  return std::nullopt;
}

client::Json PodReference(const client::Json& pod) {
  return {{"kind", "Pod"},
          {"namespace", MetaString(pod, "namespace")},
          {"name", MetaString(pod, "name")},
          {"uid", MetaString(pod, "uid")}};
}

bool EndpointRelevantChange(const client::Json& old_pod, const client::Json& pod) {
  // Read in place: a pod update reaches this for every Service controller,
  // and copying the spec to read one field showed in profiles.
  auto node = [](const client::Json& p) { return JsonString(JsonField(p, "spec"), "nodeName"); };
  return LabelsOf(old_pod) != LabelsOf(pod) || PodIp(old_pod) != PodIp(pod) ||
         IsPodReady(old_pod) != IsPodReady(pod) || IsBeingDeleted(old_pod) != IsBeingDeleted(pod) ||
         IsPodTerminal(old_pod) != IsPodTerminal(pod) || node(old_pod) != node(pod);
}

}  // namespace k1s::controller
