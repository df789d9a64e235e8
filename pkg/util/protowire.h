// Protocol Buffers wire format: the varints, tags and length-delimited
// fields that Kubernetes' protobuf encoding and OpenAPI v2 documents are made
// of. Schema-free; what a field means is the caller's business.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace k1s::protowire {

enum class WireType : uint8_t { kVarint = 0, kFixed64 = 1, kBytes = 2, kFixed32 = 5 };

// Appending encoders.
void PutVarint(std::string& out, uint64_t value);
void PutTag(std::string& out, uint32_t field, WireType type);
void PutVarintField(std::string& out, uint32_t field, uint64_t value);
void PutBytesField(std::string& out, uint32_t field, std::string_view bytes);
void PutDoubleField(std::string& out, uint32_t field, double value);

// One field read from a message.
struct Field {
  uint32_t number = 0;
  WireType type = WireType::kVarint;
  uint64_t varint = 0;     // kVarint, and the raw bits of kFixed64/kFixed32
  std::string_view bytes;  // kBytes: points into the reader's input
};

// Reads the fields of one message in order. Malformed input (truncated
// varints or lengths past the end, unknown wire types, field number 0) stops
// the reader with error() set; it never reads out of bounds.
class Reader {
 public:
  explicit Reader(std::string_view input) : in_(input) {}
  // The next field, or nullopt at the end or on error.
  std::optional<Field> Next();
  bool error() const { return error_; }

 private:
  std::optional<uint64_t> ReadVarint();
  std::string_view in_;
  size_t pos_ = 0;
  bool error_ = false;
};

// Zig-zag decoding for sint32/sint64 fields.
inline int64_t ZigZagDecode(uint64_t v) { return static_cast<int64_t>((v >> 1) ^ (~(v & 1) + 1)); }

}  // namespace k1s::protowire
