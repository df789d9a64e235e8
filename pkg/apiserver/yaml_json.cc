#include "pkg/apiserver/yaml_json.h"

#include <yaml-cpp/yaml.h>

#include <charconv>

#include "pkg/apiserver/json_limits.h"

namespace k1s::apiserver {

namespace {

using Json = nlohmann::json;

Json Scalar(const YAML::Node& node) {
  const std::string& s = node.Scalar();
  // A quoted scalar (tag "!") is always a string.
  if (node.Tag() == "!") return s;
  if (s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL") return nullptr;
  if (s == "true" || s == "True" || s == "TRUE") return true;
  if (s == "false" || s == "False" || s == "FALSE") return false;
  int64_t i = 0;
  if (auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), i);
      ec == std::errc() && end == s.data() + s.size()) {
    return i;
  }
  double d = 0;
  if (auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), d);
      ec == std::errc() && end == s.data() + s.size()) {
    return d;
  }
  return s;
}

// Thrown when a document nests too deeply or its aliases expand too far.
struct TooLarge {
  std::string what;
};

// Converts one node, which sits `depth` containers deep. Aliases share nodes in yaml-cpp, so a few
// lines of anchors can stand for billions of values ("billion laughs"): `budget` counts the values
// made, and runs out well before memory does.
Json Convert(const YAML::Node& node, size_t depth, size_t& budget) {
  if (budget == 0) throw TooLarge{"the document's aliases expand too far"};
  --budget;
  if ((node.IsMap() || node.IsSequence()) && depth > kMaxJsonDepth) {
    throw TooLarge{"exceeded max depth of " + std::to_string(kMaxJsonDepth)};
  }
  switch (node.Type()) {
    case YAML::NodeType::Map: {
      Json out = Json::object();
      for (const auto& kv : node) {
        out[kv.first.as<std::string>()] = Convert(kv.second, depth + 1, budget);
      }
      return out;
    }
    case YAML::NodeType::Sequence: {
      Json out = Json::array();
      for (const auto& item : node) out.push_back(Convert(item, depth + 1, budget));
      return out;
    }
    case YAML::NodeType::Scalar:
      return Scalar(node);
    default:
      return nullptr;
  }
}

}  // namespace

Result<Json> YamlToJson(const std::string& text) {
  try {
    // Without aliases a document has fewer values than bytes.
    size_t budget = 2 * text.size() + 1024;
    Json out = Convert(YAML::Load(text), 1, budget);
    // yaml-cpp passes any bytes through; JSON (and Kubernetes' YAML) takes
    // only UTF-8, and an object that cannot be written out cannot be stored.
    try {
      (void)out.dump();
    } catch (const Json::type_error&) {
      return Status::BadRequest("error decoding YAML: invalid UTF-8 in the document");
    }
    return out;
  } catch (const YAML::Exception& e) {
    return Status::BadRequest(std::string("error decoding YAML: ") + e.what());
  } catch (const TooLarge& e) {
    return Status::BadRequest("error decoding YAML: " + e.what);
  }
}

}  // namespace k1s::apiserver
