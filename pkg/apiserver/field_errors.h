// Field-level validation errors worded as Kubernetes' field.Error prints
// them, and the 422 Invalid Status that lists them. Values are rendered the
// way Go's %q / %#v shows them, since clients and scripts match that text:
//   spec.clusterIPs: Invalid value: []string{"10.43.0.1"}: ...
//   spec.ports[0].nodePort: Invalid value: 30080: ...
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "pkg/util/status.h"

namespace k1s::apiserver {

// "Invalid value: <value>: <detail>"; `value` is already rendered.
StatusCause FieldInvalid(const std::string& field, const std::string& value,
                         const std::string& detail);
// "Required value" or "Required value: <detail>".
StatusCause FieldRequired(const std::string& field, const std::string& detail = "");
// "Forbidden: <detail>".
StatusCause FieldForbidden(const std::string& field, const std::string& detail);
// "Unsupported value: "x": supported values: "a", "b"".
StatusCause FieldNotSupported(const std::string& field, const std::string& value,
                              const std::vector<std::string>& supported);
// "Duplicate value: "x"".
StatusCause FieldDuplicate(const std::string& field, const std::string& value);

// `<Kind> "<name>" is invalid: <field>: <message>` (several in [..., ...]).
Status InvalidObjectError(const std::string& kind, const std::string& name,
                          std::vector<StatusCause> causes);

// Go renderings: "x" quoted; []string{"a", "b"} ([]string(nil) when empty);
// map[string]string{"a":"b", "c":"d"} (sorted keys; nil map when empty).
std::string GoQuoted(const std::string& s);
std::string GoStrings(const std::vector<std::string>& values);
std::string GoStringMap(const nlohmann::json& object);
// A metav1.LabelSelector JSON object as %#v prints the Go struct.
std::string GoLabelSelector(const nlohmann::json& selector);

}  // namespace k1s::apiserver
