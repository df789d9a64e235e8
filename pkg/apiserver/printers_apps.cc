// apps/v1: deployments, replica sets, stateful sets, daemon sets, controller revisions.
#include <algorithm>
#include <cctype>

#include "pkg/apiserver/printers.h"

namespace k1s::apiserver::printers {
namespace {

// spec.replicas, which apps/v1 defaults to 1.
int64_t Desired(const Json& o) { return Int(At(o, {"spec", "replicas"}), 1); }

std::string Ratio(int64_t a, int64_t b) { return std::to_string(a) + "/" + std::to_string(b); }

// The wide Containers / Images cells of a pod template under spec.template.
std::optional<Json> TemplateCell(std::string_view col, const Json& o) {
  if (col != "Containers" && col != "Images") return std::nullopt;
  auto [names, images] = ContainerCells(At(o, {"spec", "template", "spec", "containers"}));
  return col == "Containers" ? names : images;
}

// printControllerRevision: "<kind>.<group>/<name>" of the controlling owner, lower-cased.
std::string Controller(const Json& revision) {
  const Json& owners = At(revision, {"metadata", "ownerReferences"});
  if (!owners.is_array()) return "<none>";
  for (const Json& ref : owners) {
    if (!Bool(At(ref, {"controller"}))) continue;
    const std::string api_version = Str(At(ref, {"apiVersion"}));
    const size_t slash = api_version.find('/');
    const std::string group = slash == std::string::npos ? "" : api_version.substr(0, slash);
    std::string kind = Str(At(ref, {"kind"}));
    const std::string name = Str(At(ref, {"name"}));
    if (kind.empty() && group.empty()) return name;
    if (!group.empty()) kind += "." + group;
    std::transform(kind.begin(), kind.end(), kind.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    return kind + "/" + name;
  }
  return "<none>";
}

}  // namespace

std::optional<Json> AppsCell(const CellRequest& r) {
  const std::string& kind = r.resource.plural;
  const Json& o = r.object;
  const std::string_view col = r.column;
  const Json& status = At(o, {"status"});
  if (kind == "deployments") {
    if (col == "Ready") return Ratio(Int(At(status, {"readyReplicas"})), Desired(o));
    if (col == "Up-to-date") return Int(At(status, {"updatedReplicas"}));
    if (col == "Available") return Int(At(status, {"availableReplicas"}));
    if (col == "Selector") return SelectorString(At(o, {"spec", "selector"})).value_or("<invalid>");
    return TemplateCell(col, o);
  }
  if (kind == "replicasets") {
    if (col == "Desired") return Desired(o);
    if (col == "Current") return Int(At(status, {"replicas"}));
    if (col == "Ready") return Int(At(status, {"readyReplicas"}));
    if (col == "Selector") return FormatLabelSelector(At(o, {"spec", "selector"}));
    return TemplateCell(col, o);
  }
  if (kind == "statefulsets") {
    if (col == "Ready") return Ratio(Int(At(status, {"readyReplicas"})), Desired(o));
    return TemplateCell(col, o);
  }
  if (kind == "daemonsets") {
    if (col == "Desired") return Int(At(status, {"desiredNumberScheduled"}));
    if (col == "Current") return Int(At(status, {"currentNumberScheduled"}));
    if (col == "Ready") return Int(At(status, {"numberReady"}));
    if (col == "Up-to-date") return Int(At(status, {"updatedNumberScheduled"}));
    if (col == "Available") return Int(At(status, {"numberAvailable"}));
    if (col == "Node Selector")
      return FormatLabels(At(o, {"spec", "template", "spec", "nodeSelector"}));
    if (col == "Selector") return FormatLabelSelector(At(o, {"spec", "selector"}));
    return TemplateCell(col, o);
  }
  if (kind == "controllerrevisions") {
    if (col == "Controller") return Controller(o);
    if (col == "Revision") return Int(At(o, {"revision"}));
  }
  return std::nullopt;
}

}  // namespace k1s::apiserver::printers
