// Swagger 2.0 documents in protobuf, as kubectl 1.27 and 1.28 fetch them
// (Accept: application/com.github.proto-openapi.spec.v2@v1.0+protobuf): the
// openapi.v2.Document message of google/gnostic(-models). Vendor extensions
// and defaults are carried as YAML text in openapi.v2.Any.yaml; JSON is
// valid YAML, so they are written as JSON.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace k1s::openapi {

// Encodes the subset of Swagger 2.0 that BuildDocuments produces: info,
// paths (operations with query, path and body parameters and responses),
// definitions, security definitions (API keys) and security requirements.
std::string EncodeV2Protobuf(const nlohmann::json& document);

// Field numbers of the openapi.v2 messages the encoder writes, shared with
// the tests that decode its output.
namespace v2pb {
// Document
inline constexpr int kDocSwagger = 1, kDocInfo = 2, kDocPaths = 8, kDocDefinitions = 9,
                     kDocSecurity = 12, kDocSecurityDefinitions = 13;
// Info
inline constexpr int kInfoTitle = 1, kInfoVersion = 2;
// Paths / NamedPathItem / Definitions / NamedSchema / NamedAny
inline constexpr int kPathsPath = 2, kNamedName = 1, kNamedValue = 2, kDefinitionsEntry = 1;
// PathItem
inline constexpr int kPathGet = 2, kPathPut = 3, kPathPost = 4, kPathDelete = 5,
                     kPathPatch = 8, kPathParameters = 9;
// Operation
inline constexpr int kOpTags = 1, kOpDescription = 3, kOpId = 5, kOpProduces = 6,
                     kOpConsumes = 7, kOpParameters = 8, kOpResponses = 9, kOpSchemes = 10,
                     kOpVendorExtension = 13;
// Schema
inline constexpr int kSchemaRef = 1, kSchemaFormat = 2, kSchemaDescription = 4,
                     kSchemaDefault = 5, kSchemaUniqueItems = 16, kSchemaRequired = 19,
                     kSchemaEnum = 20, kSchemaAdditionalProperties = 21, kSchemaType = 22,
                     kSchemaItems = 23, kSchemaAllOf = 24, kSchemaProperties = 25,
                     kSchemaVendorExtension = 31;
// Any
inline constexpr int kAnyYaml = 2;
}  // namespace v2pb

}  // namespace k1s::openapi
