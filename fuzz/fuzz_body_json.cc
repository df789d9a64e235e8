// Request bodies in JSON, as POST and PUT decode them: the fast parser and
// writer against nlohmann's, the strict parser that notes repeated keys, the
// plain one, then what create does with the object (drops the fields its
// kind's schema lacks, records its managedFields).
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz/fuzz_support.h"
#include "pkg/apiserver/field_set.h"
#include "pkg/apiserver/field_validation.h"
#include "pkg/util/json_dump.h"
#include "pkg/util/json_parse.h"

using namespace k1s;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  // The fast parser gives what nlohmann gives, number types included.
  const fuzz::Json fast = ParseJson(text);
  const fuzz::Json slow = fuzz::Json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (fast.is_discarded() != slow.is_discarded()) __builtin_trap();
  if (!fast.is_discarded() && fast.dump() != slow.dump()) __builtin_trap();
  // The fast writer writes what dump() writes.
  if (!fast.is_discarded() && DumpJson(fast) != fast.dump()) __builtin_trap();
  auto plain = apiserver::ParseJsonText(text, "the request body");
  auto checked = apiserver::ParseJsonNotingDuplicates(text);
  if (plain.ok() != checked.ok()) __builtin_trap();  // the two decoders agree on what is JSON
  if (!checked.ok()) return 0;
  fuzz::Json body = std::move(checked->value);
  fuzz::Use(body);
  if (!body.is_object()) return 0;
  const fuzz::Kind& kind = fuzz::KindOf(size > 0 ? data[size - 1] : 0);
  const apiserver::TypeSchema schema = fuzz::SchemaOf(kind);
  apiserver::UnknownFieldProblems(apiserver::DropUnknownFields(body, schema));
  apiserver::FieldsOf(body, schema).ToJson();
  apiserver::RecordUpdate(schema, fuzz::Json(), body, fuzz::Writer(kind, "fuzz", false));
  fuzz::Use(body);
  return 0;
}
