// IP addresses and CIDR ranges, IPv4 or IPv6, as flags and config need them.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "pkg/util/result.h"

namespace k1s::cli {

enum class IpFamily { kV4, kV6 };

struct IpAddress {
  IpFamily family = IpFamily::kV4;
  // Network byte order; IPv4 uses the first 4 bytes, the rest stay zero.
  std::array<uint8_t, 16> bytes{};

  int bit_length() const { return family == IpFamily::kV4 ? 32 : 128; }
  // Canonical text: "10.43.0.10", "fd00::1".
  std::string ToString() const;
  bool operator==(const IpAddress&) const = default;
};

struct Cidr {
  IpAddress network;  // host bits are always zero
  int prefix_length = 0;

  bool Contains(const IpAddress& ip) const;
  // True if some address lies in both ranges (ranges of different families never overlap).
  bool Overlaps(const Cidr& other) const;
  // "10.42.0.0/16".
  std::string ToString() const;
  bool operator==(const Cidr&) const = default;
};

// Parses "10.0.0.1" or "fd00::1". Invalid (with a reason fit for a flag
// error) if `text` is neither.
Result<IpAddress> ParseIpAddress(std::string_view text);

// Parses "10.42.0.0/16" or "fd00:42::/56". Host bits may be set, as Go's
// net.ParseCIDR allows ("10.42.0.1/16" is 10.42.0.0/16), so k3s configs keep working.
Result<Cidr> ParseCidr(std::string_view text);

}  // namespace k1s::cli
