#include "pkg/api/quantity.h"

#include <cctype>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <string>
#include <utility>

namespace k1s::api {

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

namespace {

using Int128 = QuantityNanos;
using Format = Quantity::Format;

Int128 Pow(Int128 base, int exp) {
  Int128 r = 1;
  while (exp-- > 0) r *= base;
  return r;
}

std::optional<Quantity> ParseExact(std::string_view text) {
  if (text.empty()) return std::nullopt;
  size_t i = 0;
  bool negative = false;
  if (text[i] == '+' || text[i] == '-') negative = text[i++] == '-';
  Int128 mantissa = 0;
  int fraction_digits = 0;
  bool dot = false;
  size_t digits = 0;
  for (; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '.' && !dot) {
      dot = true;
      continue;
    }
    if (!std::isdigit(static_cast<unsigned char>(c))) break;
    ++digits;
    if (mantissa > Pow(10, 30)) return std::nullopt;  // beyond any stored quantity
    mantissa = mantissa * 10 + (c - '0');
    if (dot) ++fraction_digits;
  }
  if (digits == 0) return std::nullopt;
  const std::string_view suffix = text.substr(i);
  Quantity q;
  int exp10 = 0;
  int exp2 = 0;
  if (suffix.empty()) {
  } else if (suffix.size() == 2 && suffix[1] == 'i') {
    static constexpr std::string_view kBinary = "KMGTPE";
    const size_t k = kBinary.find(suffix[0]);
    if (k == std::string_view::npos) return std::nullopt;
    exp2 = 10 * static_cast<int>(k + 1);
    q.format = Format::kBinarySI;
  } else if (suffix[0] == 'e' || suffix[0] == 'E') {
    const std::string exp(suffix.substr(1));
    char* end = nullptr;
    if (exp.empty()) return std::nullopt;
    exp10 = static_cast<int>(std::strtol(exp.c_str(), &end, 10));
    if (*end != '\0' || exp10 > 18 || exp10 < -18) return std::nullopt;
    q.format = Format::kDecimalExponent;
  } else if (suffix.size() == 1) {
    static constexpr std::string_view kDecimal = "num kMGTPE";
    const size_t k = kDecimal.find(suffix[0]);
    if (k == std::string_view::npos || suffix[0] == ' ') return std::nullopt;
    exp10 = 3 * (static_cast<int>(k) - 3);
  } else {
    return std::nullopt;
  }
  // nanos = mantissa * 10^(exp10 + 9 - fraction_digits) * 2^exp2, rounded up.
  Int128 value = mantissa * Pow(2, exp2);
  const int shift = exp10 + 9 - fraction_digits;
  if (shift >= 0) {
    value *= Pow(10, shift);
  } else {
    const Int128 div = Pow(10, -shift);
    value = value / div + (value % div != 0 ? 1 : 0);
  }
  q.nanos = negative ? -value : value;
  return q;
}

std::string ToString(Int128 v) {
  if (v == 0) return "0";
  std::string out;
  const bool negative = v < 0;
  if (negative) v = -v;
  while (v > 0) {
    out.insert(out.begin(), static_cast<char>('0' + static_cast<int>(v % 10)));
    v /= 10;
  }
  return negative ? "-" + out : out;
}

// mantissa * 10^exp with exp a multiple of 3, the largest that keeps the
// mantissa whole.
std::pair<Int128, int> DecimalParts(Int128 nanos) {
  int exp = -9;
  while (exp < 18 && nanos % 1000 == 0) {
    nanos /= 1000;
    exp += 3;
  }
  return {nanos, exp};
}

}  // namespace

std::optional<Quantity> ParseExactQuantity(std::string_view text) { return ParseExact(text); }

std::string CanonicalQuantity(std::string_view text) {
  const auto q = ParseExact(text);
  if (!q) return std::string(text);
  return q->String();
}

namespace {

int64_t Saturate(Int128 v) {
  if (v > std::numeric_limits<int64_t>::max()) return std::numeric_limits<int64_t>::max();
  if (v < std::numeric_limits<int64_t>::min()) return std::numeric_limits<int64_t>::min();
  return static_cast<int64_t>(v);
}

// v / d rounded up (away from zero for positive values, as Kubernetes rounds).
Int128 CeilDiv(Int128 v, Int128 d) { return v / d + (v % d > 0 ? 1 : 0); }

}  // namespace

int64_t Quantity::Value() const { return Saturate(CeilDiv(nanos, 1000000000)); }
int64_t Quantity::MilliValue() const { return Saturate(CeilDiv(nanos, 1000000)); }

std::string Quantity::String() const {
  const Quantity* q = this;
  if (q->nanos == 0) return "0";
  const Int128 billion = 1000000000;
  if (q->format == Format::kBinarySI && q->nanos % billion == 0) {
    // Whole numbers of bytes keep the binary suffixes (the largest that
    // divides them); anything else is written as a decimal.
    Int128 units = q->nanos / billion;
    const Int128 magnitude = units < 0 ? -units : units;
    if (magnitude >= 1024) {
      static constexpr const char* kSuffixes[] = {"", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"};
      int k = 0;
      while (k < 6 && units % 1024 == 0) {
        units /= 1024;
        ++k;
      }
      return ToString(units) + kSuffixes[k];
    }
  }
  auto [mantissa, exp] = DecimalParts(q->nanos);
  if (q->format == Format::kDecimalExponent) {
    return exp == 0 ? ToString(mantissa) : ToString(mantissa) + "e" + std::to_string(exp);
  }
  static constexpr const char* kSuffixes[] = {"n", "u", "m", "", "k", "M", "G", "T", "P", "E"};
  return ToString(mantissa) + kSuffixes[(exp + 9) / 3];
}

}  // namespace k1s::api
