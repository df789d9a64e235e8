#include "pkg/apiserver/ip_range.h"

#include <arpa/inet.h>

#include <charconv>

namespace k1s::apiserver {

namespace {

int Width(const IpAddress& ip) { return ip.v6 ? 16 : 4; }

bool BitSet(const IpAddress& ip, int bit) { return (ip.bytes[bit / 8] >> (7 - bit % 8)) & 1; }

// Adds `value` to the address, carrying across bytes from the last one.
IpAddress Add(IpAddress ip, uint64_t value) {
  for (int i = Width(ip) - 1; i >= 0 && value != 0; --i) {
    const uint64_t sum = ip.bytes[i] + (value & 0xff);
    ip.bytes[i] = static_cast<uint8_t>(sum & 0xff);
    value = (value >> 8) + (sum >> 8);
  }
  return ip;
}

}  // namespace

std::optional<IpAddress> ParseIp(std::string_view text) {
  // inet_pton needs a terminated string and must not see zones or spaces.
  if (text.empty() || text.size() > 45) return std::nullopt;
  const std::string s(text);
  IpAddress ip;
  if (s.find(':') == std::string::npos) {
    if (inet_pton(AF_INET, s.c_str(), ip.bytes.data()) != 1) return std::nullopt;
    return ip;
  }
  ip.v6 = true;
  if (inet_pton(AF_INET6, s.c_str(), ip.bytes.data()) != 1) return std::nullopt;
  return ip;
}

std::string FormatIp(const IpAddress& ip) {
  char buf[INET6_ADDRSTRLEN] = {};
  inet_ntop(ip.v6 ? AF_INET6 : AF_INET, ip.bytes.data(), buf, sizeof(buf));
  return buf;
}

Result<IpRange> IpRange::Parse(std::string_view cidr) {
  const size_t slash = cidr.find('/');
  if (slash == std::string_view::npos) return Status::Invalid("invalid CIDR " + std::string(cidr));
  auto ip = ParseIp(cidr.substr(0, slash));
  std::string_view bits = cidr.substr(slash + 1);
  int prefix = -1;
  auto [end, ec] = std::from_chars(bits.data(), bits.data() + bits.size(), prefix);
  if (!ip || ec != std::errc() || end != bits.data() + bits.size() || prefix < 0 ||
      prefix > Width(*ip) * 8) {
    return Status::Invalid("invalid CIDR " + std::string(cidr));
  }
  IpRange range;
  range.prefix_ = prefix;
  range.network_ = *ip;
  for (int bit = prefix; bit < Width(*ip) * 8; ++bit) {
    range.network_.bytes[bit / 8] &= static_cast<uint8_t>(~(1u << (7 - bit % 8)));
  }
  const int host_bits = Width(*ip) * 8 - prefix;
  // Usable: every host address but the network one, and for IPv4 the
  // broadcast one, as Kubernetes' allocator counts them.
  uint64_t usable = 0;
  if (host_bits >= 40) {
    usable = kMaxAddresses;
  } else {
    const uint64_t total = uint64_t{1} << host_bits;
    const uint64_t excluded = ip->v6 ? 1 : 2;
    usable = total > excluded ? total - excluded : 0;
  }
  range.size_ = std::min(usable, kMaxAddresses);
  range.cidr_ = FormatIp(range.network_) + "/" + std::to_string(prefix);
  return range;
}

std::optional<uint64_t> IpRange::Offset(const IpAddress& ip) const {
  if (ip.v6 != network_.v6) return std::nullopt;
  for (int bit = 0; bit < prefix_; ++bit) {
    if (BitSet(ip, bit) != BitSet(network_, bit)) return std::nullopt;
  }
  // The host part, as long as it fits the cap (anything above 2^40 cannot).
  const int width = Width(ip) * 8;
  uint64_t host = 0;
  for (int bit = prefix_; bit < width; ++bit) {
    if (width - bit > 40) {
      if (BitSet(ip, bit)) return std::nullopt;
      continue;
    }
    host = (host << 1) | (BitSet(ip, bit) ? 1 : 0);
  }
  if (host == 0 || host > size_) return std::nullopt;
  return host - 1;
}

IpAddress IpRange::At(uint64_t offset) const { return Add(network_, offset + 1); }

}  // namespace k1s::apiserver
