// Text <-> typed flag values. Errors are Invalid with a reason that completes
// "invalid value "x" for --flag: <reason>".
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "pkg/cli/flag.h"
#include "pkg/util/result.h"

namespace k1s::cli {

// Parses one textual value for `spec`: the type check, its range, then
// spec.validate. A kStringList value is split on commas (empty items dropped).
Result<Value> ParseValue(const FlagSpec& spec, std::string_view text);

// "true/false", "1/0", "t/f", "yes/no", "on/off", any case.
Result<bool> ParseBool(std::string_view text);
// Go-style "1h30m", "90s", "500ms", or plain seconds "30"; never negative.
Result<std::chrono::milliseconds> ParseDuration(std::string_view text);
// The shortest Go-style text: 90000ms -> "1m30s", 0 -> "0s".
std::string FormatDuration(std::chrono::milliseconds d);
// "0644" style octal, 3 or 4 digits, at most 07777.
Result<FileMode> ParseFileMode(std::string_view text);

// The value as text that ParseValue reads back; lists joined by commas.
std::string FormatValue(const Value& value);

// Name shown by --help: "string", "bool", "int", "duration", "ip", "cidr", "mode", "strings".
std::string_view TypeName(FlagType type);

}  // namespace k1s::cli
