// The digest that the crash writer prints for each acknowledged value and the
// crash test recomputes from the reopened store. Not cryptographic: it only
// has to tell two different random values apart.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

namespace k1s::store_crash {

// FNV-1a, 64 bits, as 16 lowercase hex digits.
inline std::string ValueHash(std::string_view value) {
  uint64_t h = 14695981039346656037ull;
  for (unsigned char c : value) {
    h ^= c;
    h *= 1099511628211ull;
  }
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

// Every key the writer touches starts with this, so one List sees them all.
inline constexpr std::string_view kKeyPrefix = "/crash/";

}  // namespace k1s::store_crash
