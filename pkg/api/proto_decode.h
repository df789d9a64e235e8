// Decoding of request bodies in Kubernetes' protobuf encoding
// ("application/vnd.kubernetes.protobuf"), which kubectl >= 1.32 uses for
// every command built on client-go's typed clients.
#pragma once

#include <nlohmann/json.hpp>

#include <string_view>

#include "pkg/util/result.h"

namespace k1s::api {

inline constexpr std::string_view kProtobufMediaType = "application/vnd.kubernetes.protobuf";

// `body` is a whole request body: the magic "k8s\0", then a runtime.Unknown
// whose raw bytes are the object's own message. Returns the object as Go's
// encoding/json would write the decoded struct (the JSON kubectl <= 1.31 sent
// for the same command): apiVersion and kind from the envelope, JSON field
// names, omitempty honoured per field, pointers written iff present,
// timestamps in RFC 3339, quantities and int-or-strings in their JSON forms,
// bytes in base64. Unknown field numbers are skipped.
// BadRequest for a wrong magic, malformed or truncated input, wire types that
// do not match the schema, kinds without a descriptor, or an object that
// would expand to far more JSON than the body's size justifies.
Result<nlohmann::json> DecodeProtobufObject(std::string_view body);

}  // namespace k1s::api
