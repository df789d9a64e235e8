// The patch engines of PATCH on a live object: JSON patch, JSON merge patch,
// strategic merge patch and server-side apply, each followed by what the
// server does with the result (drop unknown fields, record managedFields).
//
// Input: one byte choosing the engine ('j', 'm', 's', 'a'), one choosing the kind (its top bit:
// apply with force), then "<live object JSON>\n====\n<patch>".
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz/fuzz_support.h"
#include "pkg/apiserver/field_validation.h"
#include "pkg/apiserver/patch_document.h"
#include "pkg/apiserver/yaml_json.h"

using namespace k1s;

namespace {

constexpr const char* kPatchTypes[] = {apiserver::kJsonPatchType, apiserver::kMergePatchType,
                                       apiserver::kStrategicPatchType};

void Patch(const char* type, const fuzz::Kind& kind, const fuzz::Json& live,
           const std::string& text) {
  auto patch = apiserver::ParseJsonNotingDuplicates(text);
  if (!patch.ok()) return;
  const apiserver::TypeSchema schema = fuzz::SchemaOf(kind);
  auto patched = apiserver::ApplyPatchDocument(type, live, patch->value, schema);
  if (!patched.ok() || !patched->is_object()) return;
  apiserver::DropUnknownFields(*patched, schema);
  apiserver::RecordUpdate(schema, live, *patched, fuzz::Writer(kind, "kubectl-patch", false));
  fuzz::Use(*patched);
}

void Apply(const fuzz::Kind& kind, bool force, const fuzz::Json& live, const std::string& text) {
  // As RestApply: JSON first, then YAML.
  fuzz::Json config;
  if (auto json = apiserver::ParseJsonNotingDuplicates(text); json.ok()) {
    config = std::move(json->value);
  } else if (auto yaml = apiserver::YamlToJson(text); yaml.ok()) {
    config = std::move(*yaml);
  } else {
    return;
  }
  if (!config.is_object()) return;
  // As RestApply: the object names itself, and its metadata is an object.
  if (!config.contains("metadata") || !config["metadata"].is_object())
    config["metadata"] = fuzz::Json::object();
  config["metadata"]["name"] = "fuzz";
  const apiserver::TypeSchema schema = fuzz::SchemaOf(kind);
  fuzz::Json typed = config;
  if (!apiserver::DropUnknownFields(typed, schema).empty()) return;  // RestApply refuses these
  const fuzz::Json base = live.empty() ? fuzz::Json() : live;  // {} stands for "does not exist"
  auto merged =
      apiserver::ServerSideApply(schema, base, config, fuzz::Writer(kind, "kubectl", false), force);
  if (merged.ok()) fuzz::Use(*merged);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  // 'j'son patch, 'm'erge patch, 's'trategic merge patch, server-side 'a'pply.
  uint8_t engine = data[0] % 4;
  if (data[0] == 'j') engine = 0;
  if (data[0] == 'm') engine = 1;
  if (data[0] == 's') engine = 2;
  if (data[0] == 'a') engine = 3;
  const fuzz::Kind& kind = fuzz::KindOf(data[1] & 0x7f);
  const bool force = (data[1] & 0x80) != 0;
  auto [object_text, patch_text] =
      fuzz::SplitInput(std::string_view(reinterpret_cast<const char*>(data) + 2, size - 2));
  auto live = apiserver::ParseJsonNotingDuplicates(object_text);
  if (!live.ok() || !live->value.is_object()) return 0;
  if (engine < 3) {
    Patch(kPatchTypes[engine], kind, live->value, patch_text);
  } else {
    Apply(kind, force, live->value, patch_text);
  }
  return 0;
}
