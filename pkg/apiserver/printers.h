// Table cells as kube-apiserver's printers (pkg/printers/internalversion)
// fill them for `kubectl get`: "1/2", "CrashLoopBackOff", "3 (5m ago)",
// "80:30080/TCP", "<none>", "<pending>", ...
#pragma once

#include <chrono>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "pkg/api/resource.h"

namespace k1s::apiserver {

// The cell kube-apiserver puts in `column` (matched by its name) of the row
// for `object`, a resource of kind `resource`, at time `now` (ages and
// durations count up to it). Strings, integers and booleans are the JSON
// types the real server sends, which need not match column.type: a
// ConfigMap's "Data" column is typed "string" but holds an integer.
// Fields a real server would have defaulted on write read as their
// defaults. A column the kind's printer does not know gives 0 for
// integer/number columns and "" otherwise; an object that is not a JSON
// object gives the same.
nlohmann::json PrintCell(const api::Resource& resource, const api::PrinterColumn& column,
                         const nlohmann::json& object, std::chrono::system_clock::time_point now);

// ---- Internal: shared by printers_*.cc only. ------------------------------
namespace printers {

using Json = nlohmann::json;
using Clock = std::chrono::system_clock;

// One cell to fill: the column of one object.
struct CellRequest {
  const api::Resource& resource;
  std::string_view column;
  const Json& object;
  Clock::time_point now;
};

// Each group's printers: the cell, or nullopt when the kind or the column
// is not theirs.
std::optional<Json> CoreCell(const CellRequest& r);         // core/v1 except the below
std::optional<Json> PodCell(const CellRequest& r);          // pods
std::optional<Json> EventCell(const CellRequest& r);        // core/v1 and events.k8s.io/v1
std::optional<Json> VolumeCell(const CellRequest& r);       // PVs, PVCs, storage.k8s.io
std::optional<Json> AppsCell(const CellRequest& r);         // apps/v1
std::optional<Json> BatchCell(const CellRequest& r);        // batch/v1
std::optional<Json> NetworkingCell(const CellRequest& r);   // networking, discovery
std::optional<Json> AutoscalingCell(const CellRequest& r);  // HPA v1 and v2
std::optional<Json> ClusterCell(const CellRequest& r);      // rbac, policy, certificates,
                                                            // coordination, scheduling, node,
                                                            // flowcontrol, admissionregistration

// The value at `path` under `v`, or a null when any step is missing.
const Json& At(const Json& v, std::initializer_list<const char*> path);
// v when it is a string, else "".
std::string Str(const Json& v);
// v when it is a number (truncated), else `otherwise`.
int64_t Int(const Json& v, int64_t otherwise = 0);
// v when it is a boolean, else `otherwise`.
bool Bool(const Json& v, bool otherwise = false);
// Elements of an array or members of an object; 0 for anything else.
int64_t Len(const Json& v);
// True unless v is null (Go: the pointer is set).
inline bool Has(const Json& v) { return !v.is_null(); }

// A metav1.Time or MicroTime; nullopt when absent or malformed (Go's zero time).
std::optional<Clock::time_point> Time(const Json& v);
// translateTimestampSince: HumanDuration(now - t), "<unknown>" for a zero time.
std::string Since(const Json& timestamp, Clock::time_point now);
std::string SinceTime(Clock::time_point t, Clock::time_point now);
std::string Join(const std::vector<std::string>& parts, std::string_view sep);

// labels.FormatLabels of a map: "a=1,b=2" sorted by key, "<none>" when empty.
std::string FormatLabels(const Json& labels);
// metav1.FormatLabelSelector: "app=web,tier in (a,b)", "<none>" for null or
// empty, "<error>" when invalid.
std::string FormatLabelSelector(const Json& selector);
// LabelSelectorAsSelector(...).String(): "" for null or empty, nullopt when invalid.
std::optional<std::string> SelectorString(const Json& selector);
// layoutContainerCells: names and images joined with ",".
std::pair<std::string, std::string> ContainerCells(const Json& containers);
// resource.Quantity.String() of a stored quantity ("0" when absent).
std::string QuantityString(const Json& q);
// The same for a *Quantity: "<nil>" when absent.
std::string QuantityPtrString(const Json& q);
// intstr.IntOrString.String().
std::string IntOrString(const Json& v);
// The condition of `type` in a conditions list; null when there is none.
const Json& Condition(const Json& conditions, std::string_view type);

}  // namespace printers
}  // namespace k1s::apiserver
