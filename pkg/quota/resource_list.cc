#include "pkg/quota/resource_list.h"

#include <algorithm>

namespace k1s::quota {

ResourceList ParseResourceList(const nlohmann::json& list) {
  ResourceList out;
  if (!list.is_object()) return out;
  for (auto it = list.begin(); it != list.end(); ++it) {
    if (auto q = Quantity::FromJson(*it)) out.emplace(it.key(), *q);
  }
  return out;
}

nlohmann::json ToJson(const ResourceList& list) {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& [name, q] : list) out[name] = q.String();
  return out;
}

ResourceNames Names(const ResourceList& list) {
  ResourceNames out;
  out.reserve(list.size());
  for (const auto& entry : list) out.push_back(entry.first);
  return out;
}

bool Contains(const ResourceNames& names, const std::string& name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

ResourceList Add(const ResourceList& a, const ResourceList& b) {
  ResourceList out = a;
  for (const auto& [name, q] : b) {
    auto [it, inserted] = out.emplace(name, q);
    if (!inserted) it->second.Add(q);
  }
  return out;
}

ResourceList SubtractWithNonNegativeResult(const ResourceList& a, const ResourceList& b) {
  ResourceList out;
  for (const auto& [name, q] : a) {
    Quantity v = q;
    if (auto it = b.find(name); it != b.end()) v.Sub(it->second);
    out.emplace(name, v.Sign() < 0 ? Quantity() : v);
  }
  return out;
}

ResourceList Mask(const ResourceList& list, const ResourceNames& names) {
  ResourceList out;
  for (const auto& [name, q] : list) {
    if (Contains(names, name)) out.emplace(name, q);
  }
  return out;
}

bool Equals(const ResourceList& a, const ResourceList& b) {
  if (a.size() != b.size()) return false;
  for (const auto& [name, q] : a) {
    auto it = b.find(name);
    if (it == b.end() || !(it->second == q)) return false;
  }
  return true;
}

std::pair<bool, ResourceNames> LessThanOrEqual(const ResourceList& a, const ResourceList& b) {
  ResourceNames exceeded;
  for (const auto& [name, limit] : b) {
    auto it = a.find(name);
    if (it != a.end() && it->second.Cmp(limit) > 0) exceeded.push_back(name);
  }
  return {exceeded.empty(), exceeded};
}

ResourceList RemoveZeros(const ResourceList& list) {
  ResourceList out;
  for (const auto& [name, q] : list) {
    if (!q.IsZero()) out.emplace(name, q);
  }
  return out;
}

ResourceNames IsNegative(const ResourceList& list) {
  ResourceNames out;
  for (const auto& [name, q] : list) {
    if (q.Sign() < 0) out.push_back(name);
  }
  return out;
}

std::string PrettyPrint(const ResourceList& list) {
  std::string out;
  for (const auto& [name, q] : list) {  // a std::map: sorted by name
    if (!out.empty()) out += ",";
    out += name + "=" + q.String();
  }
  return out;
}

std::string PrettyPrintNames(ResourceNames names) {
  std::sort(names.begin(), names.end());
  std::string out;
  for (const std::string& n : names) {
    if (!out.empty()) out += ",";
    out += n;
  }
  return out;
}

}  // namespace k1s::quota
