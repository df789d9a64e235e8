#include "pkg/openapi/v2_protobuf.h"

#include <string_view>

#include "pkg/util/protowire.h"

namespace k1s::openapi {

namespace {

using Json = nlohmann::json;
using protowire::PutBytesField;
using protowire::PutVarintField;
using namespace v2pb;

void PutString(std::string& out, int field, const Json& j, std::string_view key) {
  auto it = j.find(key);
  if (it != j.end() && it->is_string() && !it->get_ref<const std::string&>().empty()) {
    PutBytesField(out, field, it->get_ref<const std::string&>());
  }
}

void PutBool(std::string& out, int field, const Json& j, std::string_view key) {
  auto it = j.find(key);
  if (it != j.end() && it->is_boolean() && it->get<bool>()) PutVarintField(out, field, 1);
}

void PutStrings(std::string& out, int field, const Json& j, std::string_view key) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_array()) return;
  for (const Json& s : *it) {
    if (s.is_string()) PutBytesField(out, field, s.get_ref<const std::string&>());
  }
}

std::string Any(const Json& value) {
  std::string out;
  PutBytesField(out, kAnyYaml, value.dump() + "\n");
  return out;
}

std::string Named(std::string_view name, const std::string& value) {
  std::string out;
  PutBytesField(out, kNamedName, name);
  PutBytesField(out, kNamedValue, value);
  return out;
}

void PutVendorExtensions(std::string& out, int field, const Json& j) {
  for (const auto& [key, value] : j.items()) {
    if (key.starts_with("x-")) PutBytesField(out, field, Named(key, Any(value)));
  }
}

std::string Schema(const Json& s) {
  std::string out;
  PutString(out, kSchemaRef, s, "$ref");
  PutString(out, kSchemaFormat, s, "format");
  PutString(out, kSchemaDescription, s, "description");
  if (auto it = s.find("default"); it != s.end()) PutBytesField(out, kSchemaDefault, Any(*it));
  PutBool(out, kSchemaUniqueItems, s, "uniqueItems");
  PutStrings(out, kSchemaRequired, s, "required");
  if (auto it = s.find("enum"); it != s.end()) {
    for (const Json& v : *it) PutBytesField(out, kSchemaEnum, Any(v));
  }
  if (auto it = s.find("additionalProperties"); it != s.end()) {
    std::string item;
    if (it->is_boolean()) {
      PutVarintField(item, 2, it->get<bool>() ? 1 : 0);
    } else {
      PutBytesField(item, 1, Schema(*it));
    }
    PutBytesField(out, kSchemaAdditionalProperties, item);
  }
  if (auto it = s.find("type"); it != s.end()) {
    std::string type;
    if (it->is_string()) PutBytesField(type, 1, it->get_ref<const std::string&>());
    PutStrings(type, 1, s, "type");
    PutBytesField(out, kSchemaType, type);
  }
  if (auto it = s.find("items"); it != s.end()) {
    std::string items;
    if (it->is_array()) {
      for (const Json& i : *it) PutBytesField(items, 1, Schema(i));
    } else {
      PutBytesField(items, 1, Schema(*it));
    }
    PutBytesField(out, kSchemaItems, items);
  }
  if (auto it = s.find("allOf"); it != s.end()) {
    for (const Json& a : *it) PutBytesField(out, kSchemaAllOf, Schema(a));
  }
  if (auto it = s.find("properties"); it != s.end()) {
    std::string props;
    for (const auto& [name, p] : it->items()) PutBytesField(props, 1, Named(name, Schema(p)));
    PutBytesField(out, kSchemaProperties, props);
  }
  PutVendorExtensions(out, kSchemaVendorExtension, s);
  return out;
}

// One entry of an operation's or path's parameter list (ParametersItem).
std::string ParametersItem(const Json& p) {
  std::string param;
  const std::string in = p.value("in", "");
  if (in == "body") {
    std::string body;
    PutString(body, 1, p, "description");
    PutString(body, 2, p, "name");
    PutString(body, 3, p, "in");
    PutBool(body, 4, p, "required");
    if (auto it = p.find("schema"); it != p.end()) PutBytesField(body, 5, Schema(*it));
    PutBytesField(param, 1, body);
  } else {
    // Query and path sub-schemas share their first fields; the type and
    // uniqueItems numbers differ because query has allowEmptyValue.
    const bool query = in == "query";
    std::string sub;
    PutBool(sub, 1, p, "required");
    PutString(sub, 2, p, "in");
    PutString(sub, 3, p, "description");
    PutString(sub, 4, p, "name");
    PutString(sub, query ? 6 : 5, p, "type");
    PutString(sub, query ? 7 : 6, p, "format");
    PutBool(sub, query ? 20 : 19, p, "uniqueItems");
    std::string non_body;
    PutBytesField(non_body, query ? 3 : 4, sub);
    PutBytesField(param, 2, non_body);
  }
  std::string item;
  PutBytesField(item, 1, param);
  return item;
}

std::string Operation(const Json& op) {
  std::string out;
  PutStrings(out, kOpTags, op, "tags");
  PutString(out, kOpDescription, op, "description");
  PutString(out, kOpId, op, "operationId");
  PutStrings(out, kOpProduces, op, "produces");
  PutStrings(out, kOpConsumes, op, "consumes");
  if (auto it = op.find("parameters"); it != op.end()) {
    for (const Json& p : *it) PutBytesField(out, kOpParameters, ParametersItem(p));
  }
  if (auto it = op.find("responses"); it != op.end()) {
    std::string responses;
    for (const auto& [code, r] : it->items()) {
      std::string response;
      PutString(response, 1, r, "description");
      if (auto s = r.find("schema"); s != r.end()) {
        std::string schema_item;
        PutBytesField(schema_item, 1, Schema(*s));
        PutBytesField(response, 2, schema_item);
      }
      std::string value;
      PutBytesField(value, 1, response);
      PutBytesField(responses, 1, Named(code, value));
    }
    PutBytesField(out, kOpResponses, responses);
  }
  PutStrings(out, kOpSchemes, op, "schemes");
  PutVendorExtensions(out, kOpVendorExtension, op);
  return out;
}

std::string PathItem(const Json& item) {
  std::string out;
  static constexpr std::pair<const char*, int> kMethods[] = {
      {"get", kPathGet}, {"put", kPathPut}, {"post", kPathPost},
      {"delete", kPathDelete}, {"options", 6}, {"head", 7}, {"patch", kPathPatch}};
  for (const auto& [method, field] : kMethods) {
    if (auto it = item.find(method); it != item.end()) PutBytesField(out, field, Operation(*it));
  }
  if (auto it = item.find("parameters"); it != item.end()) {
    for (const Json& p : *it) PutBytesField(out, kPathParameters, ParametersItem(p));
  }
  PutVendorExtensions(out, 10, item);
  return out;
}

}  // namespace

std::string EncodeV2Protobuf(const Json& doc) {
  std::string out;
  PutString(out, kDocSwagger, doc, "swagger");
  if (auto it = doc.find("info"); it != doc.end()) {
    std::string info;
    PutString(info, kInfoTitle, *it, "title");
    PutString(info, kInfoVersion, *it, "version");
    PutBytesField(out, kDocInfo, info);
  }
  if (auto it = doc.find("paths"); it != doc.end()) {
    std::string paths;
    for (const auto& [path, item] : it->items()) {
      PutBytesField(paths, kPathsPath, Named(path, PathItem(item)));
    }
    PutBytesField(out, kDocPaths, paths);
  }
  if (auto it = doc.find("definitions"); it != doc.end()) {
    std::string defs;
    for (const auto& [name, s] : it->items()) {
      PutBytesField(defs, kDefinitionsEntry, Named(name, Schema(s)));
    }
    PutBytesField(out, kDocDefinitions, defs);
  }
  if (auto it = doc.find("security"); it != doc.end()) {
    for (const Json& requirement : *it) {
      std::string req;
      for (const auto& [name, scopes] : requirement.items()) {
        std::string array;
        for (const Json& s : scopes) PutBytesField(array, 1, s.get<std::string>());
        PutBytesField(req, 1, Named(name, array));
      }
      PutBytesField(out, kDocSecurity, req);
    }
  }
  if (auto it = doc.find("securityDefinitions"); it != doc.end()) {
    std::string defs;
    for (const auto& [name, d] : it->items()) {
      std::string key;
      PutString(key, 1, d, "type");
      PutString(key, 2, d, "name");
      PutString(key, 3, d, "in");
      PutString(key, 4, d, "description");
      std::string item;
      PutBytesField(item, 2, key);  // SecurityDefinitionsItem.api_key_security
      PutBytesField(defs, 1, Named(name, item));
    }
    PutBytesField(out, kDocSecurityDefinitions, defs);
  }
  return out;
}

}  // namespace k1s::openapi
