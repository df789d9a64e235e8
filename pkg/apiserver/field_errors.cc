#include "pkg/apiserver/field_errors.h"

#include "pkg/util/quote.h"

namespace k1s::apiserver {

using Json = nlohmann::json;

namespace {

std::string Text(const Json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

StatusCause FieldInvalid(const std::string& field, const std::string& value,
                         const std::string& detail) {
  return {"FieldValueInvalid", "Invalid value: " + value + ": " + detail, field};
}

StatusCause FieldRequired(const std::string& field, const std::string& detail) {
  return {"FieldValueRequired", detail.empty() ? "Required value" : "Required value: " + detail,
          field};
}

StatusCause FieldForbidden(const std::string& field, const std::string& detail) {
  return {"FieldValueForbidden", "Forbidden: " + detail, field};
}

StatusCause FieldNotSupported(const std::string& field, const std::string& value,
                              const std::vector<std::string>& supported) {
  std::string list;
  for (const std::string& s : supported) list += (list.empty() ? "" : ", ") + GoQuoted(s);
  return {"FieldValueNotSupported",
          "Unsupported value: " + GoQuoted(value) + ": supported values: " + list, field};
}

StatusCause FieldDuplicate(const std::string& field, const std::string& value) {
  return {"FieldValueDuplicate", "Duplicate value: " + GoQuoted(value), field};
}

Status InvalidObjectError(const std::string& kind, const std::string& name,
                          std::vector<StatusCause> causes) {
  std::string details;
  for (const StatusCause& c : causes) {
    details += (details.empty() ? "" : ", ") + c.field + ": " + c.message;
  }
  if (causes.size() > 1) details = "[" + details + "]";
  return Status::Invalid(kind + " " + GoQuoted(name) + " is invalid: " + details)
      .WithCauses(std::move(causes));
}

std::string GoQuoted(const std::string& s) { return DoubleQuote(s); }

std::string GoStrings(const std::vector<std::string>& values) {
  if (values.empty()) return "[]string(nil)";
  std::string out;
  for (const std::string& v : values) out += (out.empty() ? "" : ", ") + GoQuoted(v);
  return "[]string{" + out + "}";
}

std::string GoStringMap(const Json& object) {
  if (!object.is_object() || object.empty()) return "map[string]string(nil)";
  std::string out;
  // nlohmann::json keeps object keys sorted, as Go's fmt prints maps.
  for (auto it = object.begin(); it != object.end(); ++it) {
    const std::string value = it->is_string() ? it->get<std::string>() : it->dump();
    out += (out.empty() ? "" : ", ") + GoQuoted(it.key()) + ":" + GoQuoted(value);
  }
  return "map[string]string{" + out + "}";
}

std::string GoLabelSelector(const Json& selector) {
  if (!selector.is_object()) return "(*v1.LabelSelector)(nil)";
  std::string expressions = "[]v1.LabelSelectorRequirement(nil)";
  if (auto it = selector.find("matchExpressions");
      it != selector.end() && it->is_array() && !it->empty()) {
    std::string items;
    for (const Json& e : *it) {
      std::vector<std::string> values;
      if (e.is_object() && e.contains("values") && e["values"].is_array()) {
        for (const Json& v : e["values"])
          values.push_back(v.is_string() ? v.get<std::string>() : v.dump());
      }
      const Json r = e.is_object() ? e : Json::object();
      items += std::string(items.empty() ? "" : ", ") +
               "v1.LabelSelectorRequirement{Key:" + GoQuoted(Text(r, "key")) +
               ", Operator:" + GoQuoted(Text(r, "operator")) + ", Values:" + GoStrings(values) +
               "}";
    }
    expressions = "[]v1.LabelSelectorRequirement{" + items + "}";
  }
  return "v1.LabelSelector{MatchLabels:" + GoStringMap(selector.value("matchLabels", Json())) +
         ", MatchExpressions:" + expressions + "}";
}

}  // namespace k1s::apiserver
