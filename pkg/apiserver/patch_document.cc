#include "pkg/apiserver/patch_document.h"

#include <algorithm>
#include <vector>

#include "pkg/apiserver/json_limits.h"
#include "pkg/apiserver/strategic_merge.h"

namespace k1s::apiserver {

namespace {

using Json = nlohmann::json;

// About the bytes `value` takes as JSON text, as evanphx/json-patch counts a
// copy, walked without recursion.
size_t ApproximateJsonSize(const Json& value) {
  size_t total = 0;
  std::vector<const Json*> pending{&value};
  while (!pending.empty()) {
    const Json* v = pending.back();
    pending.pop_back();
    switch (v->type()) {
      case Json::value_t::object:
        total += 2 + v->size();  // braces, commas
        for (auto it = v->begin(); it != v->end(); ++it) {
          total += it.key().size() + 3;  // quotes and colon
          pending.push_back(&*it);
        }
        break;
      case Json::value_t::array:
        total += 2 + v->size();
        for (const Json& item : *v) pending.push_back(&item);
        break;
      case Json::value_t::string:
        total += v->get_ref<const std::string&>().size() + 2;
        break;
      default:
        total += 8;
    }
  }
  return total;
}

// The reference tokens of a JSON pointer: how many containers deep it points.
size_t PointerDepth(const std::string& pointer) {
  return static_cast<size_t>(std::count(pointer.begin(), pointer.end(), '/'));
}

Status TooDeep() {
  return Status::Invalid("the JSON patch could not be applied: the result would nest deeper than " +
                         std::to_string(kMaxJsonDepth) + " levels");
}

}  // namespace

Result<Json> ApplyJsonPatch(Json document, const Json& patch) {
  if (!patch.is_array()) return Status::BadRequest("a JSON patch must be a list of operations");
  if (patch.size() > kMaxJsonPatchOperations) {
    return Status::TooLarge("The allowed maximum operations in a JSON patch is " +
                            std::to_string(kMaxJsonPatchOperations) + ", got " +
                            std::to_string(patch.size()));
  }
  // One operation at a time, so that what an operation is about to insert
  // is known before nlohmann copies it.
  size_t copied = 0;
  try {
    for (const Json& op : patch) {
      if (op.is_object() && op.contains("path") && op["path"].is_string()) {
        const std::string kind =
            op.value("op", Json()).is_string() ? op["op"].get<std::string>() : "";
        const size_t at = PointerDepth(op["path"].get<std::string>());
        const Json* inserted = nullptr;
        if ((kind == "add" || kind == "replace") && op.contains("value")) {
          inserted = &op["value"];
        }
        if ((kind == "copy" || kind == "move") && op.contains("from") && op["from"].is_string()) {
          const Json::json_pointer from(op["from"].get<std::string>());
          if (document.contains(from)) inserted = &document.at(from);
          if (inserted != nullptr && kind == "copy") {
            copied += ApproximateJsonSize(*inserted);
            if (copied > kMaxJsonPatchCopyBytes) {
              return Status::Invalid(
                  "the JSON patch could not be applied: Unable to complete the copy, the "
                  "accumulated size increase of copy is " +
                  std::to_string(copied) + ", exceeding the limit " +
                  std::to_string(kMaxJsonPatchCopyBytes));
            }
          }
        }
        if (inserted != nullptr && at + JsonDepth(*inserted, kMaxJsonDepth + 1) > kMaxJsonDepth) {
          return TooDeep();
        }
      }
      document.patch_inplace(Json::array({op}));
    }
  } catch (const Json::exception& e) {
    return Status::Invalid(std::string("the JSON patch could not be applied: ") + e.what());
  }
  return document;
}

Result<Json> ApplyPatchDocument(const std::string& type, Json current, const Json& patch,
                                const TypeSchema& schema) {
  if (type == kJsonPatchType) return ApplyJsonPatch(std::move(current), patch);
  if (!patch.is_object()) return Status::BadRequest("a merge patch must be a JSON object");
  if (type == kMergePatchType) {
    current.merge_patch(patch);
    return current;
  }
  return StrategicMergePatch(current, patch, schema);
}

}  // namespace k1s::apiserver
