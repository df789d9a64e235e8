#include "pkg/apiserver/field_validation.h"

#include <set>
#include <string_view>
#include <vector>

#include "pkg/apiserver/json_limits.h"
#include "pkg/util/json_parse.h"

namespace k1s::apiserver {

namespace {

using Json = nlohmann::json;

std::string Join(const std::string& path, const std::string& key) {
  return path.empty() ? key : path + "." + key;
}

std::string Quoted(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

// `path` is the value's path, grown and cut back in place as the walk goes
// down and up: spelling out a path per field would cost an allocation for
// every field of every object written.
void Drop(Json& value, const TypeSchema& schema, std::string& path, std::vector<std::string>& unknown) {
  const size_t mark = path.size();
  if (value.is_array()) {
    if (schema.shape() != TypeSchema::Shape::kList) return;
    const TypeSchema item = schema.Item();
    for (size_t i = 0; i < value.size(); ++i) {
      if (!value[i].is_object() && !value[i].is_array()) continue;  // nothing below to drop
      path += "[" + std::to_string(i) + "]";
      Drop(value[i], item, path, unknown);
      path.resize(mark);
    }
    return;
  }
  if (!value.is_object()) return;
  if (schema.shape() != TypeSchema::Shape::kStruct && schema.shape() != TypeSchema::Shape::kMap) {
    return;
  }
  for (auto it = value.begin(); it != value.end();) {
    const std::string& key = it.key();
    if (schema.shape() == TypeSchema::Shape::kStruct && !schema.HasField(key) && schema.closed()) {
      unknown.push_back(Join(path, key));
      it = value.erase(it);
      continue;
    }
    if (it->is_object() || it->is_array()) {
      if (mark != 0) path += '.';
      path += key;
      Drop(*it, schema.Child(key), path, unknown);
      path.resize(mark);
    }
    ++it;
  }
}

// The number of members of all objects in `value`, at any depth.
size_t MemberCount(const Json& value) {
  size_t members = 0;
  std::vector<const Json*> pending{&value};
  while (!pending.empty()) {
    const Json* v = pending.back();
    pending.pop_back();
    if (v->is_object()) members += v->size();
    if (v->is_structured()) {
      for (const Json& child : *v) {
        if (child.is_structured()) pending.push_back(&child);
      }
    }
  }
  return members;
}

// Follows the parser through the document to know the path of each key.
// Paths are spelled out only for a repeated key: building every frame's
// path would cost the square of the depth.
struct Frame {
  bool array = false;
  size_t index = 0;
  std::string key;  // the key whose value comes next (objects)
  std::set<std::string> seen;
};

// Repeated keys reported at most; a hostile body can repeat one per six bytes.
constexpr size_t kMaxDuplicatesReported = 100;
// A path longer than this is cut (and ends in "...").
constexpr size_t kMaxPathLength = 1024;

// The path of the key `stack.back().key`: "spec.containers[0].name".
std::string KeyPath(const std::vector<Frame>& stack) {
  std::string path;
  for (size_t i = 0; i < stack.size() && path.size() <= kMaxPathLength; ++i) {
    const Frame& f = stack[i];
    if (f.array) {
      path += "[" + std::to_string(f.index) + "]";
    } else {
      path = Join(path, f.key);
    }
  }
  if (path.size() > kMaxPathLength) path = path.substr(0, kMaxPathLength) + "...";
  return path;
}

}  // namespace

Result<FieldValidation> ParseFieldValidation(const http::Request& request,
                                             const std::string& options_kind) {
  const std::string value = request.Query("fieldValidation").value_or("");
  if (value.empty() || value == "Warn") return FieldValidation::kWarn;
  if (value == "Ignore") return FieldValidation::kIgnore;
  if (value == "Strict") return FieldValidation::kStrict;
  return Status::Invalid(options_kind + ".meta.k8s.io \"\" is invalid: fieldValidation: "
                         "Unsupported value: " + Quoted(value) +
                         ": supported values: \"Ignore\", \"Strict\", \"Warn\"")
      .WithCauses({{"FieldValueNotSupported",
                    "Unsupported value: " + Quoted(value) +
                        ": supported values: \"Ignore\", \"Strict\", \"Warn\"",
                    "fieldValidation"}});
}

Result<CheckedJson> ParseJsonNotingDuplicates(const std::string& text) {
  if (JsonTextDepth(text) > kMaxJsonDepth) {
    return Status::BadRequest("the request body is not valid JSON: exceeded max depth of " +
                              std::to_string(kMaxJsonDepth));
  }
  CheckedJson out;
  // Nearly every body repeats no key. A plain parse is several times faster
  // than one that follows every key, and each ':' outside a string is one
  // key: when the parsed objects hold as many members as the text has keys,
  // nothing was repeated and there is nothing to report.
  out.value = ParseJson(text);
  if (out.value.is_discarded()) return Status::BadRequest("the request body is not valid JSON");
  if (MemberCount(out.value) == JsonTextKeyCount(text)) return out;
  std::vector<Frame> stack;
  size_t duplicates = 0;
  auto child_done = [&stack] {
    if (!stack.empty() && stack.back().array) ++stack.back().index;
  };
  auto callback = [&](int, Json::parse_event_t event, Json& parsed) {
    switch (event) {
      case Json::parse_event_t::object_start:
      case Json::parse_event_t::array_start: {
        Frame f;
        f.array = event == Json::parse_event_t::array_start;
        stack.push_back(std::move(f));
        break;
      }
      case Json::parse_event_t::key: {
        Frame& f = stack.back();
        f.key = parsed.get<std::string>();
        if (!f.seen.insert(f.key).second && duplicates++ < kMaxDuplicatesReported) {
          out.problems.push_back("duplicate field " + Quoted(KeyPath(stack)));
        }
        break;
      }
      case Json::parse_event_t::object_end:
      case Json::parse_event_t::array_end:
        stack.pop_back();
        child_done();
        break;
      case Json::parse_event_t::value:
        child_done();
        break;
    }
    return true;
  };
  out.value = Json::parse(text, callback, /*allow_exceptions=*/false);
  if (out.value.is_discarded()) return Status::BadRequest("the request body is not valid JSON");
  return out;
}

std::vector<std::string> DropUnknownFields(Json& object, const TypeSchema& schema) {
  std::vector<std::string> unknown;
  std::string path;
  Drop(object, schema, path, unknown);
  return unknown;
}

std::vector<std::string> UnknownFieldProblems(const std::vector<std::string>& paths) {
  std::vector<std::string> out;
  for (const std::string& p : paths) out.push_back("unknown field " + Quoted(p));
  return out;
}

std::string StrictDecodingError(const std::vector<std::string>& problems) {
  std::string out = "strict decoding error: ";
  for (size_t i = 0; i < problems.size(); ++i) out += (i == 0 ? "" : ", ") + problems[i];
  return out;
}

void AddWarningHeaders(http::Response& response, const std::vector<std::string>& warnings) {
  for (const std::string& w : warnings) response.headers.emplace("Warning", "299 - " + Quoted(w));
}

}  // namespace k1s::apiserver
