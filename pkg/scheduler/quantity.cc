#include "pkg/scheduler/quantity.h"

#include <cmath>
#include <cstdlib>
#include <limits>
#include <string>

namespace k1s::scheduler {

namespace {

// The number times its suffix's multiplier; nullopt on a malformed quantity.
std::optional<long double> ParseValue(std::string_view text) {
  if (text.empty()) return std::nullopt;
  size_t i = 0;
  if (text[i] == '+' || text[i] == '-') ++i;
  size_t digits = 0;
  while (i < text.size() && (std::isdigit(static_cast<unsigned char>(text[i])) || text[i] == '.')) {
    ++i;
    ++digits;
  }
  if (digits == 0) return std::nullopt;
  const std::string number(text.substr(0, i));
  std::string_view suffix = text.substr(i);
  long double multiplier = 1;
  if (suffix.empty()) {
  } else if (suffix == "m") {
    multiplier = 1e-3L;
  } else if (suffix == "k") {
    multiplier = 1e3L;
  } else if (suffix == "M") {
    multiplier = 1e6L;
  } else if (suffix == "G") {
    multiplier = 1e9L;
  } else if (suffix == "T") {
    multiplier = 1e12L;
  } else if (suffix == "P") {
    multiplier = 1e15L;
  } else if (suffix == "E") {
    multiplier = 1e18L;
  } else if (suffix == "Ki") {
    multiplier = 1024.0L;
  } else if (suffix == "Mi") {
    multiplier = 1048576.0L;
  } else if (suffix == "Gi") {
    multiplier = 1073741824.0L;
  } else if (suffix == "Ti") {
    multiplier = 1099511627776.0L;
  } else if (suffix == "Pi") {
    multiplier = 1125899906842624.0L;
  } else if (suffix == "Ei") {
    multiplier = 1152921504606846976.0L;
  } else if (suffix[0] == 'e' || suffix[0] == 'E') {
    char* end = nullptr;
    const std::string exp(suffix.substr(1));
    if (exp.empty()) return std::nullopt;
    const long e = std::strtol(exp.c_str(), &end, 10);
    if (end == nullptr || *end != '\0') return std::nullopt;
    multiplier = std::pow(10.0L, static_cast<long double>(e));
  } else {
    return std::nullopt;
  }
  char* end = nullptr;
  const long double v = std::strtold(number.c_str(), &end);
  if (end == nullptr || *end != '\0') return std::nullopt;
  return v * multiplier;
}

int64_t Clamp(long double v) {
  // Quantities beyond int64 are saturated rather than wrapped.
  if (v >= static_cast<long double>(std::numeric_limits<int64_t>::max())) {
    return std::numeric_limits<int64_t>::max();
  }
  if (v <= static_cast<long double>(std::numeric_limits<int64_t>::min())) {
    return std::numeric_limits<int64_t>::min();
  }
  // Round up, tolerating the float error of e.g. 0.1 * 1000.
  return static_cast<int64_t>(std::ceil(v - 1e-9L));
}

}  // namespace

std::optional<int64_t> ParseMilliQuantity(std::string_view text) {
  auto v = ParseValue(text);
  if (!v) return std::nullopt;
  return Clamp(*v * 1000.0L);
}

std::optional<int64_t> ParseQuantity(std::string_view text) {
  auto v = ParseValue(text);
  if (!v) return std::nullopt;
  return Clamp(*v);
}

}  // namespace k1s::scheduler
