// PrintCell's dispatch, and the formatting helpers every group's printers share.
#include <map>

#include "pkg/apiserver/json_path.h"
#include "pkg/apiserver/printers.h"
#include "pkg/apiserver/table.h"
#include "pkg/util/labels.h"
#include "pkg/util/time_format.h"

namespace k1s::apiserver {
namespace printers {

const Json& At(const Json& v, std::initializer_list<const char*> path) {
  static const Json kNull;
  const Json* at = &v;
  for (const char* key : path) {
    if (!at->is_object()) return kNull;
    auto it = at->find(key);
    if (it == at->end()) return kNull;
    at = &*it;
  }
  return *at;
}

std::string Str(const Json& v) { return v.is_string() ? v.get<std::string>() : std::string(); }

int64_t Int(const Json& v, int64_t otherwise) {
  if (v.is_number_integer()) return v.get<int64_t>();
  if (v.is_number_float()) return static_cast<int64_t>(v.get<double>());
  return otherwise;
}

bool Bool(const Json& v, bool otherwise) { return v.is_boolean() ? v.get<bool>() : otherwise; }

int64_t Len(const Json& v) {
  return v.is_array() || v.is_object() ? static_cast<int64_t>(v.size()) : 0;
}

std::optional<Clock::time_point> Time(const Json& v) {
  if (!v.is_string()) return std::nullopt;
  return ParseRfc3339(v.get_ref<const std::string&>());
}

std::string Since(const Json& timestamp, Clock::time_point now) {
  auto t = Time(timestamp);
  return t ? SinceTime(*t, now) : "<unknown>";
}

std::string SinceTime(Clock::time_point t, Clock::time_point now) {
  return HumanDuration(std::chrono::duration_cast<std::chrono::seconds>(now - t));
}

std::string Join(const std::vector<std::string>& parts, std::string_view sep) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out += sep;
    out += parts[i];
  }
  return out;
}

std::string FormatLabels(const Json& labels) {
  std::vector<std::string> parts;
  if (labels.is_object()) {
    // nlohmann's object is a std::map: keys come sorted, as Go sorts them.
    for (auto it = labels.begin(); it != labels.end(); ++it)
      parts.push_back(it.key() + "=" + Str(*it));
  }
  return parts.empty() ? "<none>" : Join(parts, ",");
}

std::optional<std::string> SelectorString(const Json& selector) {
  Result<LabelSelector> s = LabelSelector::FromJson(selector);
  if (!s.ok()) return std::nullopt;
  return s->ToString();
}

std::string FormatLabelSelector(const Json& selector) {
  std::optional<std::string> s = SelectorString(selector);
  if (!s) return "<error>";
  return s->empty() ? "<none>" : *s;
}

std::pair<std::string, std::string> ContainerCells(const Json& containers) {
  std::vector<std::string> names, images;
  if (containers.is_array()) {
    for (const Json& c : containers) {
      names.push_back(Str(At(c, {"name"})));
      images.push_back(Str(At(c, {"image"})));
    }
  }
  return {Join(names, ","), Join(images, ",")};
}

std::string QuantityString(const Json& q) {
  if (q.is_string()) return q.get<std::string>();
  if (q.is_number()) return q.dump();
  return "0";
}

std::string QuantityPtrString(const Json& q) { return q.is_null() ? "<nil>" : QuantityString(q); }

std::string IntOrString(const Json& v) {
  if (v.is_number()) return std::to_string(Int(v));
  return Str(v);
}

const Json& Condition(const Json& conditions, std::string_view type) {
  static const Json kNull;
  if (!conditions.is_array()) return kNull;
  for (const Json& c : conditions) {
    if (Str(At(c, {"type"})) == type) return c;
  }
  return kNull;
}

}  // namespace printers

namespace {

using printers::CellRequest;
using CellFn = std::optional<nlohmann::json> (*)(const CellRequest&);

// Printers by API group; a group may list several, tried in order.
const std::map<std::string, std::vector<CellFn>>& GroupPrinters() {
  static const auto* table = new std::map<std::string, std::vector<CellFn>>{
      {"", {printers::PodCell, printers::EventCell, printers::VolumeCell, printers::CoreCell}},
      {"events.k8s.io", {printers::EventCell}},
      {"apps", {printers::AppsCell}},
      {"batch", {printers::BatchCell}},
      {"autoscaling", {printers::AutoscalingCell}},
      {"storage.k8s.io", {printers::VolumeCell}},
      {"networking.k8s.io", {printers::NetworkingCell}},
      {"discovery.k8s.io", {printers::NetworkingCell}},
      {"rbac.authorization.k8s.io", {printers::ClusterCell}},
      {"policy", {printers::ClusterCell}},
      {"certificates.k8s.io", {printers::ClusterCell}},
      {"coordination.k8s.io", {printers::ClusterCell}},
      {"scheduling.k8s.io", {printers::ClusterCell}},
      {"node.k8s.io", {printers::ClusterCell}},
      {"flowcontrol.apiserver.k8s.io", {printers::ClusterCell}},
      {"admissionregistration.k8s.io", {printers::ClusterCell}},
  };
  return *table;
}

}  // namespace

nlohmann::json PrintCell(const api::Resource& resource, const api::PrinterColumn& column,
                         const nlohmann::json& object, std::chrono::system_clock::time_point now) {
  using printers::At;
  const bool numeric = column.type == "integer" || column.type == "number";
  if (!object.is_object()) return numeric ? nlohmann::json(0) : nlohmann::json("");
  if (!column.json_path.empty()) {
    // Custom resources: the CRD's additionalPrinterColumns. Dates print as
    // ages, as kube-apiserver's CRD table convertor does.
    nlohmann::json value = EvaluateJsonPath(column.json_path, object);
    if (column.type == "date") return printers::Since(value, now);
    if (value.is_null()) return nullptr;  // kubectl shows <none>
    if (value.is_object() || value.is_array()) return value.dump();
    return value;
  }
  const CellRequest request{resource, column.name, object, now};
  auto group = GroupPrinters().find(resource.group);
  if (group != GroupPrinters().end()) {
    for (CellFn fn : group->second) {
      if (auto cell = fn(request)) return *std::move(cell);
    }
  }
  if (column.name == "Name") return printers::Str(At(object, {"metadata", "name"}));
  if (column.name == "Age")
    return printers::Since(At(object, {"metadata", "creationTimestamp"}), now);
  if (column.name == "Created At") {
    // The default table convertor prints metav1.Time in UTC, second precision.
    const auto& created = At(object, {"metadata", "creationTimestamp"});
    auto t = printers::Time(created);
    return t ? FormatRfc3339(*t) : printers::Str(created);
  }
  return numeric ? nlohmann::json(0) : nlohmann::json("");
}

}  // namespace k1s::apiserver
