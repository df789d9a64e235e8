#include "pkg/simnode/profile.h"

#include <yaml-cpp/yaml.h>

#include <fstream>
#include <set>
#include <sstream>

#include "pkg/api/proto_values.h"
#include "pkg/util/quote.h"

namespace k1s::simnode {
namespace {

using Json = nlohmann::json;

bool IsLowerAlnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

// A label value: at most 63 of [A-Za-z0-9_.-], alphanumeric at both ends.
bool IsLabelValue(const std::string& v) {
  if (v.empty()) return true;
  if (v.size() > 63) return false;
  auto alnum = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; };
  for (char c : v) {
    if (!alnum(c) && c != '-' && c != '_' && c != '.') return false;
  }
  return alnum(v.front()) && alnum(v.back());
}

class KindReader {
 public:
  KindReader(std::string where) : where_(std::move(where)) {}

  Result<NodeKind> Read(const YAML::Node& node) {
    if (!node.IsMap()) return Fail("", "must be a mapping");
    NodeKind kind;
    bool has_count = false;
    for (const auto& entry : node) {
      const std::string key = entry.first.as<std::string>();
      const YAML::Node& value = entry.second;
      if (key == "namePrefix") {
        K1S_ASSIGN_OR_RETURN(kind.name_prefix, Scalar(value, key));
        if (kind.name_prefix.empty() || !IsLowerAlnum(kind.name_prefix.front()) ||
            kind.name_prefix.size() > 200) {
          return Fail(key, "must start with a lowercase letter or digit (at most 200 characters)");
        }
        for (char c : kind.name_prefix) {
          if (!IsLowerAlnum(c) && c != '-' && c != '.') {
            return Fail(key, "may hold only lowercase letters, digits, '-' and '.'");
          }
        }
      } else if (key == "count") {
        K1S_ASSIGN_OR_RETURN(std::string text, Scalar(value, key));
        size_t used = 0;
        long n = -1;
        try {
          n = std::stol(text, &used);
        } catch (const std::exception&) {
          used = 0;
        }
        if (used != text.size() || n < 0 || n > 100000) {
          return Fail(key, "must be an integer from 0 to 100000");
        }
        kind.count = static_cast<int>(n);
        has_count = true;
      } else if (key == "capacity" || key == "allocatable") {
        K1S_ASSIGN_OR_RETURN(auto resources, StringMap(value, key));
        for (const auto& [name, quantity] : resources) {
          if (!api::proto::IsQuantity(quantity)) {
            return Fail(key + "." + name, DoubleQuote(quantity) + " is not a quantity");
          }
        }
        (key == "capacity" ? kind.capacity : kind.allocatable) = std::move(resources);
      } else if (key == "labels" || key == "annotations") {
        K1S_ASSIGN_OR_RETURN(auto map, StringMap(value, key));
        if (key == "labels") {
          for (const auto& [k, v] : map) {
            if (!IsLabelValue(v)) {
              return Fail(key + "." + k, DoubleQuote(v) + " is not a valid label value");
            }
          }
        }
        (key == "labels" ? kind.labels : kind.annotations) = std::move(map);
      } else if (key == "taints") {
        K1S_ASSIGN_OR_RETURN(kind.taints, Taints(value));
      } else {
        return Fail(key, "unknown field (want namePrefix, count, capacity, allocatable, labels, "
                         "annotations or taints)");
      }
    }
    if (!has_count) return Fail("count", "is required");
    return kind;
  }

 private:
  Status Fail(const std::string& field, const std::string& why) const {
    return Status::Invalid(where_ + (field.empty() ? "" : "." + field) + ": " + why);
  }

  Result<std::string> Scalar(const YAML::Node& value, const std::string& field) const {
    if (!value.IsScalar()) return Fail(field, "must be a single value");
    return value.as<std::string>();
  }

  Result<std::map<std::string, std::string>> StringMap(const YAML::Node& value,
                                                       const std::string& field) const {
    std::map<std::string, std::string> out;
    if (value.IsNull()) return out;
    if (!value.IsMap()) return Fail(field, "must be a mapping of names to values");
    for (const auto& entry : value) {
      const std::string key = entry.first.as<std::string>();
      K1S_ASSIGN_OR_RETURN(out[key], Scalar(entry.second, field + "." + key));
    }
    return out;
  }

  Result<Json> Taints(const YAML::Node& value) const {
    Json taints = Json::array();
    if (value.IsNull()) return taints;
    if (!value.IsSequence()) return Fail("taints", "must be a list");
    for (size_t i = 0; i < value.size(); ++i) {
      const std::string field = "taints[" + std::to_string(i) + "]";
      K1S_ASSIGN_OR_RETURN(auto t, StringMap(value[i], field));
      Json taint = Json::object();
      for (const auto& [k, v] : t) {
        if (k != "key" && k != "value" && k != "effect") {
          return Fail(field + "." + k, "unknown field (want key, value, effect)");
        }
        taint[k] = v;
      }
      if (taint.value("key", "").empty()) return Fail(field + ".key", "is required");
      const std::string effect = taint.value("effect", "");
      if (effect != "NoSchedule" && effect != "PreferNoSchedule" && effect != "NoExecute") {
        return Fail(field + ".effect", "must be NoSchedule, PreferNoSchedule or NoExecute");
      }
      taints.push_back(std::move(taint));
    }
    return taints;
  }

  const std::string where_;
};

}  // namespace

std::map<std::string, std::string> DefaultCapacity() {
  return {{"cpu", "32"},
          {"memory", "256Gi"},
          {"pods", "110"},
          {"ephemeral-storage", "1Ti"},
          {"hugepages-1Gi", "0"},
          {"hugepages-2Mi", "0"}};
}

Result<std::vector<NodeKind>> ParseProfile(std::string_view yaml, const std::string& source) {
  const std::string prefix = "profile " + source + ": ";
  YAML::Node root;
  try {
    root = YAML::Load(std::string(yaml));
  } catch (const YAML::Exception& e) {
    return Status::Invalid(prefix + "not valid YAML (line " + std::to_string(e.mark.line + 1) +
                           "): " + e.msg);
  }
  YAML::Node kinds = root;
  if (root.IsMap()) {
    for (const auto& entry : root) {
      const std::string key = entry.first.as<std::string>();
      if (key != "kinds" && key != "apiVersion" && key != "kind") {
        return Status::Invalid(prefix + key + ": unknown field (want kinds)");
      }
    }
    kinds = root["kinds"];
  }
  if (!kinds.IsSequence() || kinds.size() == 0) {
    return Status::Invalid(prefix + "kinds: must be a non-empty list of node kinds");
  }
  std::vector<NodeKind> out;
  std::set<std::string> prefixes;
  for (size_t i = 0; i < kinds.size(); ++i) {
    try {
      KindReader reader(prefix + "kinds[" + std::to_string(i) + "]");
      K1S_ASSIGN_OR_RETURN(NodeKind kind, reader.Read(kinds[i]));
      if (!prefixes.insert(kind.name_prefix).second) {
        return Status::Invalid(prefix + "kinds[" + std::to_string(i) + "].namePrefix: " +
                               DoubleQuote(kind.name_prefix) + " is used by an earlier kind");
      }
      out.push_back(std::move(kind));
    } catch (const YAML::Exception& e) {
      return Status::Invalid(prefix + "kinds[" + std::to_string(i) + "]: " + e.msg);
    }
  }
  for (NodeKind& kind : out) {
    auto capacity = DefaultCapacity();
    for (auto& [k, v] : kind.capacity) capacity[k] = v;
    kind.capacity = std::move(capacity);
  }
  return out;
}

Result<std::vector<NodeKind>> LoadProfile(const std::string& path) {
  std::ifstream in(path);
  if (!in) return Status::Invalid("cannot read the simulated node profile " + path);
  std::stringstream text;
  text << in.rdbuf();
  return ParseProfile(text.str(), path);
}

Result<std::vector<NodeKind>> ResolveKinds(int count, const std::string& profile_file) {
  if (profile_file.empty()) {
    if (count <= 0) return std::vector<NodeKind>{};
    NodeKind kind;
    kind.count = count;
    kind.capacity = DefaultCapacity();
    return std::vector<NodeKind>{std::move(kind)};
  }
  K1S_ASSIGN_OR_RETURN(std::vector<NodeKind> kinds, LoadProfile(profile_file));
  int total = 0;
  for (const NodeKind& k : kinds) total += k.count;
  if (count != 0 && count != total) {
    return Status::Invalid("--simulated-nodes " + std::to_string(count) + " does not match the " +
                           std::to_string(total) + " nodes of the profile " + profile_file);
  }
  return kinds;
}

std::string NodeName(const std::string& prefix, int index, int count) {
  size_t width = std::max<size_t>(4, std::to_string(count).size());
  std::string digits = std::to_string(index);
  if (digits.size() < width) digits.insert(0, width - digits.size(), '0');
  return prefix + digits;
}

}  // namespace k1s::simnode
