#include "pkg/apiserver/json_path.h"

#include <vector>

namespace k1s::apiserver {

namespace {

using Json = nlohmann::json;

struct Step {
  enum class Kind { kField, kIndex, kFilter } kind;
  std::string name;   // kField: the key; kFilter: the compared field
  int64_t index = 0;  // kIndex
  Json value;         // kFilter: the value compared with
};

Result<std::vector<Step>> Parse(const std::string& raw) {
  std::string path = raw;
  if (path.size() >= 2 && path.front() == '{' && path.back() == '}') path = path.substr(1, path.size() - 2);
  if (path.empty() || path[0] != '.') return Status::Invalid("must start with '.'");
  std::vector<Step> steps;
  size_t i = 0;
  while (i < path.size()) {
    if (path[i] == '.') {
      size_t end = path.find_first_of(".[", i + 1);
      std::string name = path.substr(i + 1, end == std::string::npos ? std::string::npos : end - i - 1);
      if (name.empty()) return Status::Invalid("empty field name");
      steps.push_back({Step::Kind::kField, name});
      i = end == std::string::npos ? path.size() : end;
      continue;
    }
    if (path[i] != '[') return Status::Invalid("unexpected '" + std::string(1, path[i]) + "'");
    size_t close = path.find(']', i);
    if (close == std::string::npos) return Status::Invalid("unclosed '['");
    std::string inside = path.substr(i + 1, close - i - 1);
    i = close + 1;
    if (inside.starts_with("?(@.") && inside.ends_with(")")) {
      std::string cond = inside.substr(4, inside.size() - 5);
      size_t eq = cond.find("==");
      if (eq == std::string::npos) return Status::Invalid("only == filters are supported");
      std::string literal = cond.substr(eq + 2);
      if (literal.size() >= 2 && (literal.front() == '\'' || literal.front() == '"')) {
        literal = "\"" + literal.substr(1, literal.size() - 2) + "\"";
      }
      Json value = Json::parse(literal, nullptr, false);
      if (value.is_discarded()) return Status::Invalid("bad filter value " + literal);
      steps.push_back({Step::Kind::kFilter, cond.substr(0, eq), 0, std::move(value)});
      continue;
    }
    try {
      size_t used = 0;
      int64_t index = std::stoll(inside, &used);
      if (used != inside.size()) throw std::invalid_argument(inside);
      steps.push_back({Step::Kind::kIndex, "", index});
    } catch (const std::exception&) {
      return Status::Invalid("bad index [" + inside + "]");
    }
  }
  return steps;
}

}  // namespace

Status ValidateJsonPath(const std::string& path) {
  auto parsed = Parse(path);
  return parsed.ok() ? Status::Ok() : parsed.status();
}

Json EvaluateJsonPath(const std::string& path, const Json& object) {
  auto steps = Parse(path);
  if (!steps.ok()) return nullptr;
  const Json* at = &object;
  for (const Step& step : *steps) {
    switch (step.kind) {
      case Step::Kind::kField: {
        if (!at->is_object()) return nullptr;
        auto it = at->find(step.name);
        if (it == at->end()) return nullptr;
        at = &*it;
        break;
      }
      case Step::Kind::kIndex: {
        if (!at->is_array()) return nullptr;
        int64_t n = static_cast<int64_t>(at->size());
        int64_t idx = step.index < 0 ? n + step.index : step.index;
        if (idx < 0 || idx >= n) return nullptr;
        at = &(*at)[static_cast<size_t>(idx)];
        break;
      }
      case Step::Kind::kFilter: {
        if (!at->is_array()) return nullptr;
        const Json* match = nullptr;
        for (const Json& item : *at) {
          if (item.is_object() && item.contains(step.name) && item[step.name] == step.value) {
            match = &item;
            break;
          }
        }
        if (match == nullptr) return nullptr;
        at = match;
        break;
      }
    }
  }
  return *at;
}

}  // namespace k1s::apiserver
