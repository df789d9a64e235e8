// The JSON forms of the Kubernetes protobuf types whose JSON is not a plain
// message: time stamps, quantities, int-or-strings, embedded JSON, string
// lists; plus the byte-level helpers the decoder needs. Each takes the bytes
// of the field's message and returns what Go's encoding/json writes for it.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

#include "pkg/util/result.h"

namespace k1s::api::proto {

// `bytes` with each byte of an invalid UTF-8 sequence replaced by U+FFFD,
// as Go's encoding/json does.
std::string ValidUtf8(std::string_view bytes);

// Standard base64 with padding ([]byte in Go's JSON).
std::string Base64(std::string_view bytes);

// metav1.Time / MicroTime {seconds = 1, nanos = 2}: "2026-01-02T03:04:05Z"
// (micro: "2026-01-02T03:04:05.123456Z"); empty bytes or the zero time: null.
// BadRequest outside the years 1 to 9999.
Result<nlohmann::json> DecodeTime(std::string_view bytes, bool micro);

// resource.Quantity {string = 1}: the string; "0" when empty. BadRequest when
// it is not a quantity.
Result<nlohmann::json> DecodeQuantity(std::string_view bytes);

// intstr.IntOrString {type = 1, intVal = 2, strVal = 3}: a number or a string.
Result<nlohmann::json> DecodeIntOrString(std::string_view bytes);

// runtime.RawExtension / metav1.FieldsV1 {raw = 1}: the JSON held in raw; null
// without raw. BadRequest when raw is not JSON or nests absurdly deep.
Result<nlohmann::json> DecodeEmbeddedJson(std::string_view bytes);

// ExtraValue {repeated string items = 1}: an array; null when empty.
Result<nlohmann::json> DecodeStringList(std::string_view bytes);

// Whether `text` is a quantity in resource.Quantity's grammar.
bool IsQuantity(std::string_view text);

}  // namespace k1s::api::proto
