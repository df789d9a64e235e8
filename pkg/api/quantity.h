// Resource quantities ("100m", "1.5", "2Gi", "1e3", "500M"): what the
// scheduler counts and the admission plugins compare and print. cpu counts
// in millicores, everything else in whole units, rounded up as Kubernetes
// rounds a request.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace k1s::api {

// The value of `text` times 1000, rounded up; nullopt if it is not a quantity.
std::optional<int64_t> ParseMilliQuantity(std::string_view text);
// The value of `text`, rounded up to a whole unit; nullopt if not a quantity.
std::optional<int64_t> ParseQuantity(std::string_view text);
// resource.Quantity's String(): the canonical form Kubernetes stores and
// prints ("1000m" -> "1", "0.5" -> "500m", "1024Mi" -> "1Gi", "1.5Gi" ->
// "1536Mi"); `text` itself when it is not a quantity.
std::string CanonicalQuantity(std::string_view text);

// A quantity exactly (to the nano-unit, rounded up as Kubernetes rounds it),
// for sums and comparisons that must not lose precision.
// 128 bits: a quantity up to 2^63 units counted in nano-units.
__extension__ typedef __int128 QuantityNanos;

struct Quantity {
  enum class Format { kDecimalSI, kBinarySI, kDecimalExponent };
  QuantityNanos nanos = 0;
  Format format = Format::kDecimalSI;  // the suffix family it was written in

  // Value() and MilliValue() of resource.Quantity: rounded up, saturated.
  int64_t Value() const;
  int64_t MilliValue() const;
  // The canonical form (see CanonicalQuantity).
  std::string String() const;
  // The sum, in this quantity's format (as Quantity.Add keeps it).
  Quantity Plus(const Quantity& other) const { return {nanos + other.nanos, format}; }
};
std::optional<Quantity> ParseExactQuantity(std::string_view text);

}  // namespace k1s::api
