#include "pkg/util/protowire.h"

#include <cstring>

namespace k1s::protowire {

void PutVarint(std::string& out, uint64_t value) {
  while (value >= 0x80) {
    out += static_cast<char>((value & 0x7f) | 0x80);
    value >>= 7;
  }
  out += static_cast<char>(value);
}

void PutTag(std::string& out, uint32_t field, WireType type) {
  PutVarint(out, (static_cast<uint64_t>(field) << 3) | static_cast<uint64_t>(type));
}

void PutVarintField(std::string& out, uint32_t field, uint64_t value) {
  PutTag(out, field, WireType::kVarint);
  PutVarint(out, value);
}

void PutBytesField(std::string& out, uint32_t field, std::string_view bytes) {
  PutTag(out, field, WireType::kBytes);
  PutVarint(out, bytes.size());
  out.append(bytes);
}

void PutDoubleField(std::string& out, uint32_t field, double value) {
  PutTag(out, field, WireType::kFixed64);
  uint64_t bits = 0;
  std::memcpy(&bits, &value, sizeof(bits));
  for (int i = 0; i < 8; ++i) out += static_cast<char>((bits >> (8 * i)) & 0xff);
}

std::optional<uint64_t> Reader::ReadVarint() {
  uint64_t value = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    if (pos_ >= in_.size()) return std::nullopt;
    const auto byte = static_cast<uint8_t>(in_[pos_++]);
    value |= static_cast<uint64_t>(byte & 0x7f) << shift;
    if ((byte & 0x80) == 0) return value;
  }
  return std::nullopt;  // more than 10 bytes
}

std::optional<Field> Reader::Next() {
  if (error_ || pos_ >= in_.size()) return std::nullopt;
  auto fail = [this]() -> std::optional<Field> {
    error_ = true;
    return std::nullopt;
  };
  auto key = ReadVarint();
  if (!key) return fail();
  Field f;
  f.number = static_cast<uint32_t>(*key >> 3);
  if (f.number == 0 || (*key >> 3) > 0x1fffffff) return fail();
  switch (*key & 7) {
    case 0: {
      f.type = WireType::kVarint;
      auto v = ReadVarint();
      if (!v) return fail();
      f.varint = *v;
      return f;
    }
    case 1:
    case 5: {
      const size_t n = (*key & 7) == 1 ? 8 : 4;
      f.type = n == 8 ? WireType::kFixed64 : WireType::kFixed32;
      if (in_.size() - pos_ < n) return fail();
      for (size_t i = 0; i < n; ++i) {
        f.varint |= static_cast<uint64_t>(static_cast<uint8_t>(in_[pos_ + i])) << (8 * i);
      }
      pos_ += n;
      return f;
    }
    case 2: {
      f.type = WireType::kBytes;
      auto len = ReadVarint();
      if (!len || *len > in_.size() - pos_) return fail();
      f.bytes = in_.substr(pos_, static_cast<size_t>(*len));
      pos_ += static_cast<size_t>(*len);
      return f;
    }
    default:
      return fail();  // groups (3, 4) are not used by Kubernetes
  }
}

}  // namespace k1s::protowire
