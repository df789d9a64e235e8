// Request bodies in YAML (application/yaml and server-side apply's
// application/apply-patch+yaml), converted to JSON by yaml-cpp and YamlToJson.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz/fuzz_support.h"
#include "pkg/apiserver/field_validation.h"
#include "pkg/apiserver/yaml_json.h"

using namespace k1s;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  auto value = apiserver::YamlToJson(text);
  if (!value.ok()) return 0;
  fuzz::Use(*value);
  if (!value->is_object()) return 0;
  const fuzz::Kind& kind = fuzz::KindOf(size > 0 ? data[0] : 0);
  apiserver::DropUnknownFields(*value, fuzz::SchemaOf(kind));
  fuzz::Use(*value);
  return 0;
}
