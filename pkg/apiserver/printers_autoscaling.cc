// autoscaling: HorizontalPodAutoscaler, v2 and v1 shapes.
#include "pkg/apiserver/printers.h"

namespace k1s::apiserver::printers {
namespace {

std::string Percent(const Json& v) { return std::to_string(Int(v)) + "%"; }

// One v2 MetricSpec against its MetricStatus (null when there is none), as
// formatHPAMetrics prints it.
std::string FormatMetric(const Json& spec, const Json& status) {
  const std::string type = Str(At(spec, {"type"}));
  auto current_of = [&](const char* source) -> const Json& {
    return At(status, {source, "current"});
  };
  auto has_status = [&](const char* source) { return At(status, {source}).is_object(); };

  if (type == "External" || type == "Object") {
    const char* source = type == "External" ? "external" : "object";
    const Json& target = At(spec, {source, "target"});
    if (Has(At(target, {"averageValue"}))) {
      std::string current = "<unknown>";
      if (has_status(source) && Has(At(current_of(source), {"averageValue"}))) {
        current = QuantityString(At(current_of(source), {"averageValue"}));
      }
      return current + "/" + QuantityString(At(target, {"averageValue"})) + " (avg)";
    }
    std::string current = "<unknown>";
    if (has_status(source)) current = QuantityPtrString(At(current_of(source), {"value"}));
    return current + "/" + QuantityPtrString(At(target, {"value"}));
  }
  if (type == "Pods") {
    std::string current = "<unknown>";
    if (has_status("pods")) current = QuantityPtrString(At(current_of("pods"), {"averageValue"}));
    return current + "/" + QuantityPtrString(At(spec, {"pods", "target", "averageValue"}));
  }
  if (type == "Resource" || type == "ContainerResource") {
    const char* source = type == "Resource" ? "resource" : "containerResource";
    const std::string name = Str(At(spec, {source, "name"}));
    const Json& target = At(spec, {source, "target"});
    if (Has(At(target, {"averageValue"}))) {
      std::string current = "<unknown>";
      if (has_status(source)) current = QuantityPtrString(At(current_of(source), {"averageValue"}));
      return name + ": " + current + "/" + QuantityString(At(target, {"averageValue"}));
    }
    std::string current = "<unknown>";
    if (has_status(source) && Has(At(current_of(source), {"averageUtilization"}))) {
      current = Percent(At(current_of(source), {"averageUtilization"}));
    }
    const Json& utilization = At(target, {"averageUtilization"});
    return name + ": " + current + "/" + (Has(utilization) ? Percent(utilization) : "<auto>");
  }
  return "<unknown type>";
}

// The v2 metrics of an HPA in either shape. v2 defaults absent metrics to
// 80% CPU; a v1 object carries at most its CPU target.
Json Metrics(const Json& hpa) {
  const Json& spec = At(hpa, {"spec"});
  if (Has(At(spec, {"metrics"}))) return At(spec, {"metrics"});
  const Json& v1_target = At(spec, {"targetCPUUtilizationPercentage"});
  return Json::array({{{"type", "Resource"},
                       {"resource",
                        {{"name", "cpu"},
                         {"target",
                          {{"type", "Utilization"},
                           {"averageUtilization", Has(v1_target) ? Int(v1_target) : 80}}}}}}});
}

Json CurrentMetrics(const Json& hpa) {
  const Json& status = At(hpa, {"status"});
  if (Has(At(status, {"currentMetrics"}))) return At(status, {"currentMetrics"});
  const Json& v1_current = At(status, {"currentCPUUtilizationPercentage"});
  if (!Has(v1_current)) return Json::array();
  return Json::array(
      {{{"type", "Resource"},
        {"resource", {{"name", "cpu"}, {"current", {{"averageUtilization", Int(v1_current)}}}}}}});
}

std::string Targets(const Json& hpa) {
  const Json specs = Metrics(hpa);
  const Json statuses = CurrentMetrics(hpa);
  if (!specs.is_array() || specs.empty()) return "<none>";
  constexpr size_t kMax = 2;
  std::vector<std::string> list;
  for (size_t i = 0; i < specs.size(); ++i) {
    const Json& status = statuses.is_array() && i < statuses.size() ? statuses[i] : Json();
    if (list.size() < kMax) list.push_back(FormatMetric(specs[i], status));
  }
  std::string out = Join(list, ", ");
  if (specs.size() > kMax) out += " + " + std::to_string(specs.size() - kMax) + " more...";
  return out;
}

}  // namespace

std::optional<Json> AutoscalingCell(const CellRequest& r) {
  if (r.resource.plural != "horizontalpodautoscalers") return std::nullopt;
  const Json& o = r.object;
  const std::string_view col = r.column;
  if (col == "Reference") {
    const Json& ref = At(o, {"spec", "scaleTargetRef"});
    return Str(At(ref, {"kind"})) + "/" + Str(At(ref, {"name"}));
  }
  if (col == "Targets") return Targets(o);
  if (col == "MinPods") return std::to_string(Int(At(o, {"spec", "minReplicas"}), 1));  // default 1
  if (col == "MaxPods") return Int(At(o, {"spec", "maxReplicas"}));
  if (col == "Replicas") return Int(At(o, {"status", "currentReplicas"}));
  return std::nullopt;
}

}  // namespace k1s::apiserver::printers
