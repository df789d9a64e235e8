#include "pkg/cli/ipnet.h"

#include <arpa/inet.h>

#include <algorithm>
#include <charconv>

namespace k1s::cli {

namespace {

// Zeroes every bit past the first `prefix` bits.
std::array<uint8_t, 16> Mask(const std::array<uint8_t, 16>& bytes, int prefix) {
  std::array<uint8_t, 16> out{};
  for (int i = 0; i < 16; ++i) {
    const int bits = std::clamp(prefix - i * 8, 0, 8);
    const auto mask = static_cast<uint8_t>(bits == 0 ? 0 : 0xFF << (8 - bits));
    out[static_cast<size_t>(i)] = bytes[static_cast<size_t>(i)] & mask;
  }
  return out;
}

}  // namespace

std::string IpAddress::ToString() const {
  char buf[INET6_ADDRSTRLEN] = {};
  inet_ntop(family == IpFamily::kV4 ? AF_INET : AF_INET6, bytes.data(), buf, sizeof(buf));
  return buf;
}

bool Cidr::Contains(const IpAddress& ip) const {
  return ip.family == network.family && Mask(ip.bytes, prefix_length) == network.bytes;
}

bool Cidr::Overlaps(const Cidr& other) const {
  if (network.family != other.network.family) return false;
  const int shorter = std::min(prefix_length, other.prefix_length);
  return Mask(network.bytes, shorter) == Mask(other.network.bytes, shorter);
}

std::string Cidr::ToString() const {
  return network.ToString() + "/" + std::to_string(prefix_length);
}

Result<IpAddress> ParseIpAddress(std::string_view text) {
  const std::string s(text);
  IpAddress ip;
  if (inet_pton(AF_INET, s.c_str(), ip.bytes.data()) == 1) {
    ip.family = IpFamily::kV4;
    return ip;
  }
  if (inet_pton(AF_INET6, s.c_str(), ip.bytes.data()) == 1) {
    ip.family = IpFamily::kV6;
    return ip;
  }
  return Status::Invalid("must be an IPv4 or IPv6 address");
}

Result<Cidr> ParseCidr(std::string_view text) {
  const Status bad = Status::Invalid("must be a CIDR range such as 10.42.0.0/16 or fd00::/56");
  const size_t slash = text.find('/');
  if (slash == std::string_view::npos) return bad;
  auto ip = ParseIpAddress(text.substr(0, slash));
  if (!ip.ok()) return bad;
  const std::string_view len_text = text.substr(slash + 1);
  int prefix = -1;
  const auto [end, ec] =
      std::from_chars(len_text.data(), len_text.data() + len_text.size(), prefix);
  if (len_text.empty() || ec != std::errc() || end != len_text.data() + len_text.size() ||
      prefix < 0 || prefix > ip->bit_length()) {
    return Status::Invalid("the prefix length must be a number from 0 to " +
                           std::to_string(ip->bit_length()));
  }
  Cidr cidr;
  cidr.network = *ip;
  cidr.network.bytes = Mask(ip->bytes, prefix);
  cidr.prefix_length = prefix;
  return cidr;
}

}  // namespace k1s::cli
