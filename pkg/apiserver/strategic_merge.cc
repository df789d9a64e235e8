#include "pkg/apiserver/strategic_merge.h"

#include <algorithm>
#include <string>
#include <vector>

namespace k1s::apiserver {

namespace {

using Json = nlohmann::json;

constexpr const char* kPatch = "$patch";
constexpr const char* kRetainKeys = "$retainKeys";
const std::string kSetOrder = "$setElementOrder/";
const std::string kDeleteFrom = "$deleteFromPrimitiveList/";

Status BadFormat(const std::string& what) { return Status::BadRequest("invalid patch format of " + what); }

Status NoMergeKey(const Json& item, const std::string& key) {
  return Status::BadRequest("map: " + item.dump() + " does not contain declared merge key: " + key);
}

// A patch value with its directives taken out, as stored when there is
// nothing to merge it with; nullopt when the value itself says "delete".
std::optional<Json> RemoveDirectives(const Json& v) {
  if (v.is_object()) {
    Json out = Json::object();
    for (auto it = v.begin(); it != v.end(); ++it) {
      const std::string& k = it.key();
      if (k == kPatch) {
        if (*it == "replace" || *it == "merge") continue;
        return std::nullopt;
      }
      if (k == kRetainKeys || k.starts_with(kSetOrder) || k.starts_with(kDeleteFrom)) continue;
      // Nulls only mean "delete" against an existing value.
      if (it->is_null()) continue;
      if (auto clean = RemoveDirectives(*it)) out[k] = std::move(*clean);
    }
    return out;
  }
  if (v.is_array()) {
    Json out = Json::array();
    for (const Json& e : v) {
      if (auto clean = RemoveDirectives(e)) out.push_back(std::move(*clean));
    }
    return out;
  }
  return v;
}

Result<Json> MergeMap(Json original, Json patch, const TypeSchema& schema);

// What a list item is identified by: its merge key's value, or itself.
const Json& Identity(const Json& item, const std::string& key) {
  static const Json kNull;
  if (key.empty()) return item;
  auto it = item.is_object() ? item.find(key) : item.end();
  return item.is_object() && it != item.end() ? *it : kNull;
}

int IndexIn(const Json& list, const Json& item, const std::string& key) {
  for (size_t i = 0; i < list.size(); ++i) {
    if (Identity(list[i], key) == Identity(item, key)) return static_cast<int>(i);
  }
  return -1;
}

// Kubernetes' order for a merged list: items named in `order` follow it,
// server-only items keep their relative place from `live`, and where the two
// cannot be compared the patch's items come first.
Json NormalizeOrder(const Json& merged, const Json& order, const Json& live, const std::string& key) {
  std::vector<Json> from_patch, server_only;
  for (const Json& item : merged) {
    (IndexIn(order, item, key) >= 0 ? from_patch : server_only).push_back(item);
  }
  auto by = [&](const Json& list) {
    return [&list, &key](const Json& a, const Json& b) {
      return IndexIn(list, a, key) < IndexIn(list, b, key);
    };
  };
  std::stable_sort(from_patch.begin(), from_patch.end(), by(order));
  std::stable_sort(server_only.begin(), server_only.end(), by(live));
  Json out = Json::array();
  size_t i = 0, j = 0;
  while (i < server_only.size() || j < from_patch.size()) {
    bool take_server = j >= from_patch.size();
    if (i < server_only.size() && j < from_patch.size()) {
      int li = IndexIn(live, server_only[i], key), ri = IndexIn(live, from_patch[j], key);
      take_server = li >= 0 && ri >= 0 && li < ri;
    }
    out.push_back(take_server ? std::move(server_only[i++]) : std::move(from_patch[j++]));
  }
  return out;
}

// The JSON type every item of both lists shares; lists of lists are refused.
Result<Json::value_t> ElementType(const Json& a, const Json& b) {
  std::optional<Json::value_t> type;
  for (const Json* list : {&a, &b}) {
    for (const Json& e : *list) {
      Json::value_t t = e.is_number() ? Json::value_t::number_float : e.type();
      if (t == Json::value_t::array) return Status::Invalid("lists of lists are not supported");
      if (type && *type != t) return Status::BadRequest("list element types are not identical");
      type = t;
    }
  }
  return type.value_or(Json::value_t::null);
}

Result<Json> MergeList(const Json& original, const Json& patch, const TypeSchema& schema,
                       bool delete_list) {
  if (original.empty() && patch.empty()) return original;
  K1S_ASSIGN_OR_RETURN(Json::value_t type, ElementType(original, patch));
  if (type != Json::value_t::object) {
    Json merged = Json::array();
    for (const Json& v : original) {
      bool drop = delete_list && IndexIn(patch, v, "") >= 0;
      if (!drop && IndexIn(merged, v, "") < 0) merged.push_back(v);
    }
    if (delete_list) return merged;
    for (const Json& v : patch) {
      if (IndexIn(merged, v, "") < 0) merged.push_back(v);
    }
    return NormalizeOrder(merged, patch, original, "");
  }
  const std::string key = schema.patch_merge_key();
  if (key.empty()) return Status::BadRequest("cannot merge lists without merge key");
  Json merged = original;
  Json plain = Json::array();
  bool replace = false;
  for (const Json& item : patch) {
    auto directive = item.find(kPatch);
    if (directive == item.end()) {
      plain.push_back(item);
    } else if (*directive == "delete") {
      if (!item.contains(key)) return NoMergeKey(item, key);
      Json kept = Json::array();
      for (const Json& e : merged) {
        if (Identity(e, key) != item[key]) kept.push_back(e);
      }
      merged = std::move(kept);
    } else if (*directive == "replace") {
      replace = true;
    } else if (*directive == "merge") {
      return Status::BadRequest("merging lists cannot yet be specified in the patch");
    } else {
      return Status::BadRequest("unknown patch type: " + directive->dump() + " in map: " + item.dump());
    }
  }
  if (replace) return RemoveDirectives(plain).value_or(Json::array());
  for (const Json& item : plain) {
    if (!item.contains(key)) return NoMergeKey(item, key);
    int at = IndexIn(merged, item, key);
    if (at >= 0) {
      K1S_ASSIGN_OR_RETURN(merged[at], MergeMap(merged[at], item, schema.Item()));
    } else {
      K1S_ASSIGN_OR_RETURN(Json added, MergeMap(Json::object(), item, schema.Item()));
      merged.push_back(std::move(added));
    }
  }
  return NormalizeOrder(merged, patch, original, key);
}

// Merges one list-valued field whose patch strategy may or may not merge.
Result<Json> MergeField(const Json& original, const Json& patch, const TypeSchema& schema,
                        bool delete_list) {
  if (!schema.patch_merges() && !delete_list) {
    return RemoveDirectives(patch).value_or(Json::array());
  }
  return MergeList(original, patch, schema, delete_list);
}

Status ApplyRetainKeys(Json& original, Json& patch) {
  auto it = patch.find(kRetainKeys);
  if (it == patch.end()) return Status::Ok();
  if (!it->is_array()) return BadFormat("retainKeys");
  Json retain = std::move(*it);
  patch.erase(kRetainKeys);
  for (auto p = patch.begin(); p != patch.end(); ++p) {
    if (p->is_null() || p.key().starts_with(kSetOrder) || p.key().starts_with(kDeleteFrom)) continue;
    if (IndexIn(retain, p.key(), "") < 0) return BadFormat("retainKeys");
  }
  for (auto o = original.begin(); o != original.end();) {
    o = IndexIn(retain, o.key(), "") < 0 ? original.erase(o) : std::next(o);
  }
  return Status::Ok();
}

// $setElementOrder/<list>: merges that list now, in the order given.
Status ApplySetElementOrder(Json& original, Json& patch, const TypeSchema& schema) {
  std::vector<std::string> directives;
  for (auto it = patch.begin(); it != patch.end(); ++it) {
    if (it.key().starts_with(kSetOrder)) directives.push_back(it.key());
  }
  for (const std::string& directive : directives) {
    Json order = std::move(patch[directive]);
    patch.erase(directive);
    const std::string field = directive.substr(kSetOrder.size());
    if (!order.is_array() || field.empty()) return BadFormat("setElementOrder list");
    auto live = original.find(field);
    auto wanted = patch.find(field);
    const bool have_live = live != original.end(), have_patch = wanted != patch.end();
    if ((have_live && !live->is_array()) || (have_patch && !wanted->is_array())) {
      return BadFormat("setElementOrder list");
    }
    if (!have_live && !have_patch) continue;
    const TypeSchema child = schema.Child(field);
    const Json live_list = have_live ? *live : Json::array();
    Json merged = live_list;
    if (have_patch) {
      K1S_ASSIGN_OR_RETURN(merged, MergeField(live_list, *wanted, child, false));
      patch.erase(field);
    }
    const bool maps = !merged.empty() && merged[0].is_object();
    original[field] = NormalizeOrder(merged, order, live_list, maps ? child.patch_merge_key() : "");
  }
  return Status::Ok();
}

Result<Json> MergeMap(Json original, Json patch, const TypeSchema& schema) {
  if (auto directive = patch.find(kPatch); directive != patch.end()) {
    if (*directive == "replace") {
      patch.erase(kPatch);
      return RemoveDirectives(patch).value_or(Json::object());
    }
    if (*directive == "delete") return Json::object();
    if (*directive != "merge") {
      return Status::BadRequest("unknown patch type: " + directive->dump() + " in map: " + patch.dump());
    }
    patch.erase(kPatch);
  }
  if (!original.is_object()) original = Json::object();
  K1S_RETURN_IF_ERROR(ApplyRetainKeys(original, patch));
  K1S_RETURN_IF_ERROR(ApplySetElementOrder(original, patch, schema));
  for (auto it = patch.begin(); it != patch.end(); ++it) {
    std::string key = it.key();
    const Json& value = it.value();
    const bool delete_list = key.starts_with(kDeleteFrom);
    if (delete_list) {
      key = key.substr(kDeleteFrom.size());
      if (key.empty() || !value.is_array()) return BadFormat("primitive list");
    }
    if (value.is_null()) {
      original.erase(key);
      continue;
    }
    auto have = original.find(key);
    if (have == original.end() || have->type() != value.type() ||
        !(value.is_object() || value.is_array())) {
      if (delete_list) continue;
      // Nothing to merge with: the patch's value, without its directives.
      if (auto clean = RemoveDirectives(value)) {
        original[key] = std::move(*clean);
      } else {
        original.erase(key);
      }
      continue;
    }
    const TypeSchema child = schema.Child(key);
    if (value.is_object()) {
      K1S_ASSIGN_OR_RETURN(*have, MergeMap(std::move(*have), value, child));
    } else {
      K1S_ASSIGN_OR_RETURN(*have, MergeField(*have, value, child, delete_list));
    }
  }
  return original;
}

}  // namespace

Result<Json> StrategicMergePatch(const Json& original, const Json& patch, const TypeSchema& schema) {
  if (!patch.is_object()) return Status::BadRequest("a strategic merge patch must be a JSON object");
  return MergeMap(original, patch, schema);
}

}  // namespace k1s::apiserver
