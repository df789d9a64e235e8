#include "pkg/apiserver/table.h"


#include "pkg/apiserver/printers.h"
#include "pkg/util/time_format.h"

namespace k1s::apiserver {

namespace {

using Clock = std::chrono::system_clock;

const Json* Path(const Json& object, std::initializer_list<const char*> keys) {
  const Json* at = &object;
  for (const char* key : keys) {
    if (!at->is_object()) return nullptr;
    auto it = at->find(key);
    if (it == at->end()) return nullptr;
    at = &*it;
  }
  return at;
}

std::string StringAt(const Json& object, std::initializer_list<const char*> keys) {
  const Json* v = Path(object, keys);
  return v != nullptr && v->is_string() ? v->get<std::string>() : std::string();
}

Json ColumnDefinitions(const api::Resource& resource) {
  Json defs = Json::array();
  for (const api::PrinterColumn& c : resource.columns) {
    defs.push_back({{"name", c.name},
                    {"type", c.type},
                    {"format", c.format},
                    {"description", c.description},
                    {"priority", c.priority}});
  }
  if (defs.empty()) {
    defs.push_back({{"name", "Name"}, {"type", "string"}, {"format", "name"},
                    {"description", "Name of the object"}, {"priority", 0}});
    defs.push_back({{"name", "Created At"}, {"type", "date"}, {"format", ""},
                    {"description", "When the object was created"}, {"priority", 0}});
  }
  return defs;
}

}  // namespace

bool WantsTable(const std::string& accept) {
  return accept.find("as=Table") != std::string::npos &&
         accept.find("g=meta.k8s.io") != std::string::npos;
}

IncludeObject ParseIncludeObject(const std::string& value) {
  if (value == "None") return IncludeObject::kNone;
  if (value == "Object") return IncludeObject::kObject;
  return IncludeObject::kMetadata;
}

Json BuildTableRow(const api::Resource& resource, const Json& object, IncludeObject include,
                   Clock::time_point now) {
  Json cells = Json::array();
  if (resource.columns.empty()) {
    cells.push_back(StringAt(object, {"metadata", "name"}));
    cells.push_back(StringAt(object, {"metadata", "creationTimestamp"}));
  }
  for (const api::PrinterColumn& c : resource.columns) cells.push_back(PrintCell(resource, c, object, now));
  Json row = {{"cells", std::move(cells)}};
  if (include == IncludeObject::kObject) {
    row["object"] = object;
  } else if (include == IncludeObject::kMetadata) {
    row["object"] = {{"kind", "PartialObjectMetadata"},
                     {"apiVersion", "meta.k8s.io/v1"},
                     {"metadata", object.value("metadata", Json::object())}};
  }
  return row;
}

Json BuildTable(const api::Resource& resource, const std::vector<Json>& objects,
                IncludeObject include, Clock::time_point now) {
  Json rows = Json::array();
  for (const Json& o : objects) rows.push_back(BuildTableRow(resource, o, include, now));
  return {{"kind", "Table"},
          {"apiVersion", "meta.k8s.io/v1"},
          {"metadata", Json::object()},
          {"columnDefinitions", ColumnDefinitions(resource)},
          {"rows", std::move(rows)}};
}

std::string HumanDuration(std::chrono::seconds d) {
  const int64_t s = d.count();
  if (s < -1) return "<invalid>";
  if (s < 0) return "0s";
  if (s < 120) return std::to_string(s) + "s";
  const int64_t m = s / 60;
  if (m < 10) return s % 60 == 0 ? std::to_string(m) + "m" : std::to_string(m) + "m" + std::to_string(s % 60) + "s";
  if (m < 180) return std::to_string(m) + "m";
  const int64_t h = m / 60;
  if (h < 8) return m % 60 == 0 ? std::to_string(h) + "h" : std::to_string(h) + "h" + std::to_string(m % 60) + "m";
  if (h < 48) return std::to_string(h) + "h";
  if (h < 24 * 8) return h % 24 == 0 ? std::to_string(h / 24) + "d" : std::to_string(h / 24) + "d" + std::to_string(h % 24) + "h";
  if (h < 24 * 365 * 2) return std::to_string(h / 24) + "d";
  if (h < 24 * 365 * 8) {
    const int64_t days = h / 24;
    return days % 365 == 0 ? std::to_string(days / 365) + "y" : std::to_string(days / 365) + "y" + std::to_string(days % 365) + "d";
  }
  return std::to_string(h / 24 / 365) + "y";
}

}  // namespace k1s::apiserver
