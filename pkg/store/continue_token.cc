#include "pkg/store/continue_token.h"

#include <charconv>

namespace k1s::store {

namespace {

constexpr std::string_view kVersion = "k1s1.";
constexpr char kHex[] = "0123456789abcdef";

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

}  // namespace

// Layout: "k1s1.<revision>.<start key in lower-case hex>[.<remaining>]". Hex
// keeps any key byte safe inside a URL query parameter without another
// encoding layer.
std::string EncodeContinue(const ContinuePoint& point) {
  std::string out(kVersion);
  out += std::to_string(point.revision);
  out += '.';
  for (unsigned char c : point.start_key) {
    out += kHex[c >> 4];
    out += kHex[c & 0xf];
  }
  if (point.remaining >= 0) out += "." + std::to_string(point.remaining);
  return out;
}

Result<ContinuePoint> DecodeContinue(std::string_view token) {
  const Status invalid = Status::Invalid("invalid continue token");
  if (token.substr(0, kVersion.size()) != kVersion) return invalid;
  token.remove_prefix(kVersion.size());
  size_t dot = token.find('.');
  if (dot == std::string_view::npos || dot == 0) return invalid;
  ContinuePoint point;
  auto [end, ec] = std::from_chars(token.data(), token.data() + dot, point.revision);
  if (ec != std::errc() || end != token.data() + dot || point.revision <= 0) return invalid;
  std::string_view hex = token.substr(dot + 1);
  if (size_t tail = hex.find('.'); tail != std::string_view::npos) {
    std::string_view count = hex.substr(tail + 1);
    auto [cend, cec] = std::from_chars(count.data(), count.data() + count.size(), point.remaining);
    if (cec != std::errc() || cend != count.data() + count.size() || point.remaining < 0) {
      return invalid;
    }
    hex = hex.substr(0, tail);
  }
  if (hex.size() % 2 != 0) return invalid;
  point.start_key.reserve(hex.size() / 2);
  for (size_t i = 0; i < hex.size(); i += 2) {
    int hi = HexValue(hex[i]);
    int lo = HexValue(hex[i + 1]);
    if (hi < 0 || lo < 0) return invalid;
    point.start_key += static_cast<char>(hi * 16 + lo);
  }
  return point;
}

}  // namespace k1s::store
