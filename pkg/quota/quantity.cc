#include "pkg/quota/quantity.h"

#include <cctype>
#include <limits>

namespace k1s::quota {

namespace {

constexpr Int128 kNano = 1000000000;
// resource.Quantity caps what it parses at 2^63-1 units; past that nothing
// a quota counts is meaningful, and sums stay far from overflowing.
constexpr Int128 kMaxNanos = static_cast<Int128>(std::numeric_limits<int64_t>::max()) * kNano;

Int128 Pow10(int exp) {
  Int128 r = 1;
  while (exp-- > 0) r *= 10;
  return r;
}

// value * factor, saturated at kMaxNanos (both non-negative).
Int128 SaturatingMul(Int128 value, Int128 factor) {
  if (value == 0 || factor == 0) return 0;
  if (value > kMaxNanos / factor) return kMaxNanos;
  return value * factor;
}

std::string ToString(Int128 v) {
  if (v == 0) return "0";
  const bool negative = v < 0;
  if (negative) v = -v;
  std::string digits;
  while (v > 0) {
    digits.push_back(static_cast<char>('0' + static_cast<int>(v % 10)));
    v /= 10;
  }
  if (negative) digits.push_back('-');
  return std::string(digits.rbegin(), digits.rend());
}

bool IsDigit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }

}  // namespace

Quantity Quantity::Units(int64_t n, Format format) {
  Quantity q;
  q.nanos_ = static_cast<Int128>(n) * kNano;
  q.format_ = format;
  return q;
}

std::optional<Quantity> Quantity::Parse(std::string_view text) {
  // [+-] digits [. digits] suffix, as resource.ParseQuantity reads it.
  size_t i = 0;
  bool negative = false;
  if (i < text.size() && (text[i] == '+' || text[i] == '-')) negative = text[i++] == '-';
  Int128 mantissa = 0;
  int fraction_digits = 0;
  size_t digits = 0;
  bool saturated = false;
  for (; i < text.size() && IsDigit(text[i]); ++i, ++digits) {
    if (mantissa > kMaxNanos) {
      saturated = true;
      continue;
    }
    mantissa = mantissa * 10 + (text[i] - '0');
  }
  if (i < text.size() && text[i] == '.') {
    for (++i; i < text.size() && IsDigit(text[i]); ++i, ++digits) {
      if (mantissa > kMaxNanos) continue;  // digits too small to matter once saturated
      mantissa = mantissa * 10 + (text[i] - '0');
      ++fraction_digits;
    }
  }
  if (digits == 0) return std::nullopt;
  const std::string_view suffix = text.substr(i);

  Quantity q;
  int exp10 = 0;
  int binary_steps = 0;  // powers of 1024
  if (suffix.empty()) {
  } else if (suffix.size() == 2 && suffix[1] == 'i') {
    static constexpr std::string_view kBinary = "KMGTPE";
    const size_t k = kBinary.find(suffix[0]);
    if (k == std::string_view::npos) return std::nullopt;
    binary_steps = static_cast<int>(k) + 1;
    q.format_ = Format::kBinarySI;
  } else if (suffix.size() == 1) {
    static constexpr std::string_view kDecimal = "num.kMGTPE";  // '.' stands for no suffix
    const size_t k = kDecimal.find(suffix[0]);
    if (k == std::string_view::npos || suffix[0] == '.') return std::nullopt;
    exp10 = 3 * (static_cast<int>(k) - 3);
  } else if (suffix[0] == 'e' || suffix[0] == 'E') {
    size_t j = 1;
    bool exp_negative = false;
    if (j < suffix.size() && (suffix[j] == '+' || suffix[j] == '-')) exp_negative = suffix[j++] == '-';
    if (j == suffix.size()) return std::nullopt;
    int e = 0;
    for (; j < suffix.size(); ++j) {
      if (!IsDigit(suffix[j])) return std::nullopt;
      if (e < 1000) e = e * 10 + (suffix[j] - '0');
    }
    exp10 = exp_negative ? -e : e;
    q.format_ = Format::kDecimalExponent;
  } else {
    return std::nullopt;
  }

  // nanos = mantissa * 1024^binary_steps * 10^(exp10 + 9 - fraction_digits),
  // rounded up (away from zero) to a whole nano-unit.
  Int128 value = saturated ? kMaxNanos : mantissa;
  for (int s = 0; s < binary_steps; ++s) value = SaturatingMul(value, 1024);
  const int shift = exp10 + 9 - fraction_digits;
  if (shift >= 0) {
    value = shift > 40 ? (value == 0 ? 0 : kMaxNanos) : SaturatingMul(value, Pow10(shift));
  } else if (-shift > 38) {
    value = value == 0 ? 0 : 1;
  } else {
    const Int128 div = Pow10(-shift);
    value = value / div + (value % div != 0 ? 1 : 0);
  }
  if (value > kMaxNanos) value = kMaxNanos;
  // Binary quantities below one unit are written as decimals.
  if (q.format_ == Format::kBinarySI && value < kNano) q.format_ = Format::kDecimalSI;
  q.nanos_ = negative ? -value : value;
  return q;
}

std::optional<Quantity> Quantity::FromJson(const nlohmann::json& value) {
  if (value.is_string()) return Parse(value.get_ref<const std::string&>());
  if (value.is_number_integer()) return Parse(value.dump());
  if (value.is_number_float()) {
    // A YAML float: its shortest exact decimal text.
    const std::string text = value.dump();
    return Parse(text);
  }
  return std::nullopt;
}

std::string Quantity::String() const {
  if (nanos_ == 0) return "0";
  Format format = format_;
  if (format == Format::kBinarySI) {
    const Int128 magnitude = nanos_ < 0 ? -nanos_ : nanos_;
    // Below 1024, or not a whole number of units: written as a decimal.
    if (magnitude < 1024 * kNano || nanos_ % kNano != 0) format = Format::kDecimalSI;
  }
  if (format == Format::kBinarySI) {
    static constexpr const char* kSuffixes[] = {"", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"};
    Int128 units = nanos_ / kNano;
    int k = 0;
    while (k < 6 && units % 1024 == 0) {
      units /= 1024;
      ++k;
    }
    return ToString(units) + kSuffixes[k];
  }
  // mantissa * 10^exp, exp a multiple of 3 (the largest that keeps the
  // mantissa whole).
  Int128 mantissa = nanos_;
  int exp = -9;
  while (mantissa % 10 == 0) {
    mantissa /= 10;
    ++exp;
  }
  const int down = ((exp % 3) + 3) % 3;
  mantissa *= Pow10(down);
  exp -= down;
  if (format == Format::kDecimalExponent) {
    return exp == 0 ? ToString(mantissa) : ToString(mantissa) + "e" + std::to_string(exp);
  }
  if (exp > 18) {
    mantissa *= Pow10(exp - 18);
    exp = 18;
  }
  static constexpr const char* kSuffixes[] = {"n", "u", "m", "", "k", "M", "G", "T", "P", "E"};
  return ToString(mantissa) + kSuffixes[(exp + 9) / 3];
}

Quantity& Quantity::Add(const Quantity& other) {
  if (nanos_ == 0) format_ = other.format_;
  nanos_ += other.nanos_;
  return *this;
}

Quantity& Quantity::Sub(const Quantity& other) {
  if (nanos_ == 0) format_ = other.format_;
  nanos_ -= other.nanos_;
  return *this;
}

int Quantity::Cmp(const Quantity& other) const {
  if (nanos_ < other.nanos_) return -1;
  return nanos_ > other.nanos_ ? 1 : 0;
}

Quantity Quantity::RoundedUp() const {
  Quantity q = *this;
  const Int128 rest = nanos_ % kNano;
  // Away from zero, as inf.RoundUp rounds.
  if (rest > 0) q.nanos_ += kNano - rest;
  if (rest < 0) q.nanos_ -= kNano + rest;
  return q;
}

}  // namespace k1s::quota
