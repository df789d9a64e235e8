// Quantity: resource.Quantity as quota arithmetic needs it — exact (to the
// nano-unit every Quantity is rounded up to), with the format its suffix
// chose, summed and compared without rounding, and printed in the canonical
// form kube-apiserver stores and prints ("1500m", "1536Mi", "2k", "1e3").
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace k1s::quota {

__extension__ typedef __int128 Int128;

class Quantity {
 public:
  enum class Format { kDecimalSI, kBinarySI, kDecimalExponent };

  Quantity() = default;  // zero, DecimalSI
  // `n` whole units.
  static Quantity Units(int64_t n, Format format = Format::kDecimalSI);
  // resource.ParseQuantity: "100m", "1.5", "2Gi", "1e3", "500M"; nullopt when
  // `text` is not a quantity.
  static std::optional<Quantity> Parse(std::string_view text);
  // A stored quantity: a string, or a number as YAML may have written it.
  static std::optional<Quantity> FromJson(const nlohmann::json& value);

  // resource.Quantity.String().
  std::string String() const;

  // Add and Sub keep this quantity's format unless it is zero (then the
  // other's), as resource.Quantity does.
  Quantity& Add(const Quantity& other);
  Quantity& Sub(const Quantity& other);
  int Cmp(const Quantity& other) const;
  bool IsZero() const { return nanos_ == 0; }
  int Sign() const { return nanos_ > 0 ? 1 : (nanos_ < 0 ? -1 : 0); }
  // Rounded up to a whole unit (what a PVC's storage request is charged).
  Quantity RoundedUp() const;
  Format format() const { return format_; }

  bool operator==(const Quantity& other) const { return Cmp(other) == 0; }

 private:
  Int128 nanos_ = 0;
  Format format_ = Format::kDecimalSI;
};

}  // namespace k1s::quota
