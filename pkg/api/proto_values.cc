#include "pkg/api/proto_values.h"

#include <cstdio>

#include "pkg/util/protowire.h"

namespace k1s::api::proto {
namespace {

using Json = nlohmann::json;
using protowire::Reader;
using protowire::WireType;

bool Digit(char c) { return c >= '0' && c <= '9'; }

// Days since 1970-01-01 to a proleptic Gregorian date.
void CivilFromDays(int64_t days, int64_t& y, unsigned& m, unsigned& d) {
  days += 719468;
  const int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const auto doe = static_cast<unsigned>(days - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y = static_cast<int64_t>(yoe) + era * 400 + (m <= 2);
}

// Seconds from 1970 of 0001-01-01T00:00:00Z, Go's zero time, and of the end of 9999.
constexpr int64_t kMinSeconds = -62135596800;
constexpr int64_t kMaxSeconds = 253402300799;

}  // namespace

std::string ValidUtf8(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<uint8_t>(s[i]);
    size_t n = 0;
    uint32_t min = 0;
    uint32_t cp = 0;
    if (c < 0x80) {
      out += static_cast<char>(c);
      ++i;
      continue;
    } else if ((c & 0xe0) == 0xc0) {
      n = 2, min = 0x80, cp = c & 0x1f;
    } else if ((c & 0xf0) == 0xe0) {
      n = 3, min = 0x800, cp = c & 0x0f;
    } else if ((c & 0xf8) == 0xf0) {
      n = 4, min = 0x10000, cp = c & 0x07;
    }
    bool ok = n != 0 && i + n <= s.size();
    for (size_t k = 1; ok && k < n; ++k) {
      const auto cc = static_cast<uint8_t>(s[i + k]);
      if ((cc & 0xc0) != 0x80) ok = false;
      cp = (cp << 6) | (cc & 0x3f);
    }
    if (ok && (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))) ok = false;
    if (ok) {
      out.append(s.substr(i, n));
      i += n;
    } else {
      out += "\xef\xbf\xbd";
      ++i;
    }
  }
  return out;
}

std::string Base64(std::string_view in) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((in.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    const uint32_t v = static_cast<uint32_t>(static_cast<uint8_t>(in[i])) << 16 |
                       static_cast<uint32_t>(static_cast<uint8_t>(in[i + 1])) << 8 |
                       static_cast<uint8_t>(in[i + 2]);
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
    out += kAlphabet[v & 63];
  }
  if (i < in.size()) {
    uint32_t v = static_cast<uint32_t>(static_cast<uint8_t>(in[i])) << 16;
    if (i + 1 < in.size()) v |= static_cast<uint32_t>(static_cast<uint8_t>(in[i + 1])) << 8;
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += i + 1 < in.size() ? kAlphabet[(v >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

Result<Json> DecodeTime(std::string_view bytes, bool micro) {
  if (bytes.empty()) return Json(nullptr);
  int64_t seconds = 0;
  int64_t nanos = 0;
  Reader reader(bytes);
  while (auto f = reader.Next()) {
    if (f->number > 2) continue;
    if (f->type != WireType::kVarint) return Status::BadRequest("protobuf: malformed timestamp");
    if (f->number == 1) {
      seconds = static_cast<int64_t>(f->varint);
    } else {
      nanos = static_cast<int32_t>(static_cast<uint32_t>(f->varint));
    }
  }
  if (reader.error()) return Status::BadRequest("protobuf: malformed timestamp");
  // Go's time.Unix normalizes nanoseconds outside [0, 1e9) into the seconds.
  if (seconds < kMinSeconds - 3 || seconds > kMaxSeconds + 3) {
    return Status::BadRequest("protobuf: timestamp out of range");
  }
  seconds += nanos / 1000000000;
  nanos %= 1000000000;
  if (nanos < 0) {
    nanos += 1000000000;
    --seconds;
  }
  if (seconds == kMinSeconds && nanos == 0) return Json(nullptr);  // Go's zero time
  if (seconds < kMinSeconds || seconds > kMaxSeconds) {
    return Status::BadRequest("protobuf: timestamp out of range");
  }
  int64_t days = seconds / 86400;
  int64_t rem = seconds % 86400;
  if (rem < 0) {
    rem += 86400;
    --days;
  }
  int64_t y = 0;
  unsigned mo = 0;
  unsigned d = 0;
  CivilFromDays(days, y, mo, d);
  char buf[48];
  int n = std::snprintf(buf, sizeof(buf), "%04d-%02u-%02uT%02d:%02d:%02d", static_cast<int>(y), mo,
                        d, static_cast<int>(rem / 3600), static_cast<int>(rem / 60 % 60),
                        static_cast<int>(rem % 60));
  if (micro) {
    std::snprintf(buf + n, sizeof(buf) - static_cast<size_t>(n), ".%06d",
                  static_cast<int>(nanos / 1000));
  }
  return Json(std::string(buf) + "Z");
}

bool IsQuantity(std::string_view s) {
  size_t i = 0;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
  size_t digits = 0;
  while (i < s.size() && Digit(s[i])) ++i, ++digits;
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && Digit(s[i])) ++i, ++digits;
  }
  if (digits == 0) return false;
  std::string_view suffix = s.substr(i);
  if (suffix.empty()) return true;
  for (std::string_view known : {"Ki", "Mi", "Gi", "Ti", "Pi", "Ei", "n", "u", "m", "k", "M", "G",
                                 "T", "P", "E"}) {
    if (suffix == known) return true;
  }
  if (suffix[0] != 'e' && suffix[0] != 'E') return false;
  size_t j = 1;
  if (j < suffix.size() && (suffix[j] == '+' || suffix[j] == '-')) ++j;
  if (j == suffix.size()) return false;
  for (; j < suffix.size(); ++j) {
    if (!Digit(suffix[j])) return false;
  }
  return true;
}

Result<Json> DecodeQuantity(std::string_view bytes) {
  std::string_view text;
  Reader reader(bytes);
  while (auto f = reader.Next()) {
    if (f->number != 1) continue;
    if (f->type != WireType::kBytes) return Status::BadRequest("protobuf: malformed quantity");
    text = f->bytes;
  }
  if (reader.error()) return Status::BadRequest("protobuf: malformed quantity");
  if (text.empty()) return Json("0");
  if (!IsQuantity(text)) {
    return Status::BadRequest("quantities must match the regular expression "
                              "'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$': \"" +
                              ValidUtf8(text) + "\"");
  }
  return Json(std::string(text));
}

Result<Json> DecodeIntOrString(std::string_view bytes) {
  int64_t type = 0;
  int32_t int_val = 0;
  std::string str_val;
  Reader reader(bytes);
  while (auto f = reader.Next()) {
    if (f->number > 3) continue;
    const bool ok = f->number == 3 ? f->type == WireType::kBytes : f->type == WireType::kVarint;
    if (!ok) return Status::BadRequest("protobuf: malformed int-or-string");
    if (f->number == 1) type = static_cast<int64_t>(f->varint);
    if (f->number == 2) int_val = static_cast<int32_t>(static_cast<uint32_t>(f->varint));
    if (f->number == 3) str_val = ValidUtf8(f->bytes);
  }
  if (reader.error()) return Status::BadRequest("protobuf: malformed int-or-string");
  if (type == 0) return Json(int_val);
  if (type == 1) return Json(std::move(str_val));
  return Status::BadRequest("protobuf: impossible int-or-string type " + std::to_string(type));
}

Result<Json> DecodeEmbeddedJson(std::string_view bytes) {
  std::optional<std::string_view> raw;
  Reader reader(bytes);
  while (auto f = reader.Next()) {
    if (f->number != 1) continue;
    if (f->type != WireType::kBytes) return Status::BadRequest("protobuf: malformed raw JSON");
    raw = f->bytes;
  }
  if (reader.error()) return Status::BadRequest("protobuf: malformed raw JSON");
  if (!raw) return Json(nullptr);
  // Bound the nesting before parsing: JSON values are dumped recursively.
  int depth = 0;
  bool in_string = false;
  for (size_t i = 0; i < raw->size(); ++i) {
    const char c = (*raw)[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      if (++depth > 100) return Status::BadRequest("protobuf: embedded JSON nests too deeply");
    } else if (c == '}' || c == ']') {
      --depth;
    }
  }
  Json value = Json::parse(*raw, nullptr, /*allow_exceptions=*/false);
  if (value.is_discarded()) return Status::BadRequest("protobuf: embedded raw data is not JSON");
  return value;
}

Result<Json> DecodeStringList(std::string_view bytes) {
  Json list = Json::array();
  Reader reader(bytes);
  while (auto f = reader.Next()) {
    if (f->number != 1) continue;
    if (f->type != WireType::kBytes) return Status::BadRequest("protobuf: malformed string list");
    list.push_back(ValidUtf8(f->bytes));
  }
  if (reader.error()) return Status::BadRequest("protobuf: malformed string list");
  if (list.empty()) return Json(nullptr);
  return list;
}

}  // namespace k1s::api::proto
