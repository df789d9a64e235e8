#include "pkg/util/json_dump.h"

#include <array>
#include <charconv>
#include <cstdint>

namespace k1s {
namespace {

using Json = nlohmann::json;

Json::error_handler_t HandlerOf(InvalidUtf8 invalid) {
  return invalid == InvalidUtf8::kReplace ? Json::error_handler_t::replace : Json::error_handler_t::strict;
}

// Bytes a string cannot copy as they are: the quote, the backslash, control
// characters (escaped) and anything past ASCII (nlohmann's to check).
constexpr std::array<bool, 256> kSpecial = [] {
  std::array<bool, 256> table{};
  for (int c = 0; c < 256; ++c) table[c] = c < 0x20 || c == '"' || c == '\\' || c >= 0x80;
  return table;
}();

void AppendString(const std::string& s, std::string& out, InvalidUtf8 invalid) {
  const size_t mark = out.size();
  out.push_back('"');
  const char* run = s.data();
  const char* const end = s.data() + s.size();
  for (const char* p = run; p < end; ++p) {
    const auto c = static_cast<unsigned char>(*p);
    if (!kSpecial[c]) continue;
    if (c >= 0x80) {
      out.resize(mark);
      out += Json(s).dump(-1, ' ', false, HandlerOf(invalid));
      return;
    }
    out.append(run, p);
    run = p + 1;
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default: {
        static constexpr char kHex[] = "0123456789abcdef";
        const char escape[] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 0xF]};
        out.append(escape, sizeof escape);
      }
    }
  }
  out.append(run, end);
  out.push_back('"');
}

template <typename Integer>
void AppendInteger(Integer value, std::string& out) {
  char buffer[24];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
  out.append(buffer, end);
}

}  // namespace

void AppendJson(const Json& value, std::string& out, InvalidUtf8 invalid) {
  switch (value.type()) {
    case Json::value_t::object: {
      out.push_back('{');
      bool first = true;
      for (const auto& [key, member] : value.get_ref<const Json::object_t&>()) {
        if (!first) out.push_back(',');
        first = false;
        AppendString(key, out, invalid);
        out.push_back(':');
        AppendJson(member, out, invalid);
      }
      out.push_back('}');
      return;
    }
    case Json::value_t::array: {
      out.push_back('[');
      bool first = true;
      for (const Json& item : value.get_ref<const Json::array_t&>()) {
        if (!first) out.push_back(',');
        first = false;
        AppendJson(item, out, invalid);
      }
      out.push_back(']');
      return;
    }
    case Json::value_t::string:
      AppendString(value.get_ref<const std::string&>(), out, invalid);
      return;
    case Json::value_t::boolean:
      out += value.get<bool>() ? "true" : "false";
      return;
    case Json::value_t::null:
      out += "null";
      return;
    case Json::value_t::number_integer:
      AppendInteger(value.get<Json::number_integer_t>(), out);
      return;
    case Json::value_t::number_unsigned:
      AppendInteger(value.get<Json::number_unsigned_t>(), out);
      return;
    default:  // floating point, binary, discarded: nlohmann's own format
      out += value.dump(-1, ' ', false, HandlerOf(invalid));
      return;
  }
}

std::string DumpJson(const Json& value, InvalidUtf8 invalid) {
  std::string out;
  AppendJson(value, out, invalid);
  return out;
}

}  // namespace k1s
