// The service CIDR as the ClusterIP allocator sees it: IP text in and out, and
// the addresses it may hand out numbered 0, 1, ... from the first address after
// the network address (so offset 0 is the `kubernetes` Service's IP).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "pkg/util/result.h"

namespace k1s::apiserver {

struct IpAddress {
  bool v6 = false;
  std::array<uint8_t, 16> bytes{};  // network order; IPv4 uses the first 4
  bool operator==(const IpAddress&) const = default;
};

// Parses dotted IPv4 or IPv6 text; nullopt if `text` is neither.
std::optional<IpAddress> ParseIp(std::string_view text);
// Canonical text: "10.43.0.1", "fd00::1".
std::string FormatIp(const IpAddress& ip);

class IpRange {
 public:
  // Most addresses one range hands out. Larger CIDRs still work; addresses
  // past the cap are simply never used, which keeps the bitmap small on a Pi.
  static constexpr uint64_t kMaxAddresses = uint64_t{1} << 20;

  // "10.43.0.0/16" or "fd00:43::/112"; host bits may be set. Invalid otherwise.
  static Result<IpRange> Parse(std::string_view cidr);

  bool v6() const { return network_.v6; }
  // "IPv4" or "IPv6", as spec.ipFamilies names it.
  const char* family() const { return network_.v6 ? "IPv6" : "IPv4"; }
  // The canonical CIDR, e.g. "10.43.0.0/16".
  const std::string& cidr() const { return cidr_; }
  // How many addresses may be handed out: the range minus its network
  // address (and, for IPv4, its broadcast address), at most kMaxAddresses.
  uint64_t size() const { return size_; }
  // The offset of `ip`, or nullopt when it is not one of the size() addresses.
  std::optional<uint64_t> Offset(const IpAddress& ip) const;
  // The address at `offset` (< size()).
  IpAddress At(uint64_t offset) const;

 private:
  IpAddress network_;
  int prefix_ = 0;
  uint64_t size_ = 0;
  std::string cidr_;
};

}  // namespace k1s::apiserver
