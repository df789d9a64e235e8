// Timestamps as the Kubernetes API writes them.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace k1s {

// RFC 3339 in UTC with second precision: "2026-11-25T21:14:25Z" (metav1.Time).
std::string FormatRfc3339(std::chrono::system_clock::time_point t);
// With microseconds: "2026-11-25T21:14:25.123456Z" (metav1.MicroTime).
std::string FormatRfc3339Micro(std::chrono::system_clock::time_point t);
// Parses RFC 3339 ("Z" or "+hh:mm" offsets, optional fraction); nullopt if malformed.
std::optional<std::chrono::system_clock::time_point> ParseRfc3339(std::string_view text);

}  // namespace k1s
