// Request bodies in Kubernetes' protobuf encoding
// (application/vnd.kubernetes.protobuf), as kubectl >= 1.32 sends them.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz/fuzz_support.h"
#include "pkg/api/proto_decode.h"

using namespace k1s;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto value =
      api::DecodeProtobufObject(std::string_view(reinterpret_cast<const char*>(data), size));
  if (value.ok()) fuzz::Use(*value);
  return 0;
}
