#pragma once
// nlohmann::json to compact text, byte for byte what `dump()` writes, but
// faster on the server's objects: ASCII strings are copied in runs instead
// of being decoded a byte at a time. A string with bytes past 0x7f and a
// floating-point number are written by nlohmann itself, so its UTF-8
// checks and its number format stay the rule.
#include <string>

#include <nlohmann/json.hpp>

namespace k1s {

// What `dump(-1, ' ', false, handler)` does with text that is not UTF-8:
// kThrow throws nlohmann's type_error, kReplace writes U+FFFD instead.
enum class InvalidUtf8 { kThrow, kReplace };

// `value.dump()` (or with the replace handler), appended to `out`.
void AppendJson(const nlohmann::json& value, std::string& out, InvalidUtf8 invalid = InvalidUtf8::kThrow);

// `value.dump()` (or with the replace handler).
std::string DumpJson(const nlohmann::json& value, InvalidUtf8 invalid = InvalidUtf8::kThrow);

}  // namespace k1s
