#include "pkg/simnode/pod_cidrs.h"

namespace k1s::simnode {
namespace {

// At most this many addresses per node are tracked: a v6 /64 has 2^64.
constexpr uint64_t kMaxPoolSize = 65536;

// `ip` plus `offset` scaled by 256^(bytes after `last`), carrying towards
// the most significant byte.
cli::IpAddress AddAt(cli::IpAddress ip, uint64_t offset, int last) {
  for (int i = last; i >= 0 && offset != 0; --i) {
    uint64_t sum = ip.bytes[static_cast<size_t>(i)] + (offset & 0xff);
    ip.bytes[static_cast<size_t>(i)] = static_cast<uint8_t>(sum);
    offset = (offset >> 8) + (sum >> 8);
  }
  return ip;
}

cli::IpAddress AddOffset(const cli::IpAddress& ip, uint64_t offset) {
  return AddAt(ip, offset, ip.bit_length() / 8 - 1);
}

}  // namespace

int NodeMaskSize(const cli::Cidr& cluster_cidr) {
  return cluster_cidr.network.family == cli::IpFamily::kV4 ? 24 : 64;
}

Result<cli::Cidr> SimulatedPodCidr(const cli::Cidr& cluster_cidr, int index, int count) {
  const int mask = NodeMaskSize(cluster_cidr);
  const int spare_bits = mask - cluster_cidr.prefix_length;
  // More than 2^20 ranges is more than any count we accept; avoid shifting past 63.
  const uint64_t ranges = spare_bits < 0 ? 0 : spare_bits > 20 ? (uint64_t{1} << 20) : (uint64_t{1} << spare_bits);
  if (static_cast<uint64_t>(count) > ranges) {
    return Status::Invalid(std::to_string(count) + " simulated nodes need " + std::to_string(count) +
                           " /" + std::to_string(mask) + " pod ranges but --cluster-cidr " +
                           cluster_cidr.ToString() + " has " + std::to_string(ranges) +
                           " (use a larger --cluster-cidr)");
  }
  const uint64_t range_number = ranges - 1 - static_cast<uint64_t>(index);
  // Both masks (24, 64) end on a byte, so the range number is added at the
  // mask's last byte.
  cli::Cidr out;
  out.prefix_length = mask;
  out.network = AddAt(cluster_cidr.network, range_number, mask / 8 - 1);
  return out;
}

std::string SimulatedNodeIp(int index) {
  cli::IpAddress base;
  base.bytes[0] = 198;
  base.bytes[1] = 18;
  // Skip .0 and keep clear of the network address.
  return AddOffset(base, static_cast<uint64_t>(index) + 1).ToString();
}

PodIpPool::PodIpPool(const cli::Cidr& range) : range_(range) {
  const int host_bits = range.network.bit_length() - range.prefix_length;
  uint64_t size = host_bits >= 17 ? kMaxPoolSize : (uint64_t{1} << host_bits);
  used_.assign(static_cast<size_t>(size), false);
  // Network address, gateway and (v4) broadcast are never handed out.
  for (size_t i = 0; i < std::min<size_t>(2, used_.size()); ++i) used_[i] = true;
  if (range.network.family == cli::IpFamily::kV4 && host_bits < 17 && !used_.empty()) {
    used_.back() = true;
  }
}

std::string PodIpPool::Allocate() {
  const size_t n = used_.size();
  for (size_t tried = 0; tried < n; ++tried) {
    size_t at = (next_ + tried) % n;
    if (used_[at]) continue;
    used_[at] = true;
    ++used_count_;
    next_ = (at + 1) % n;
    return AddOffset(range_.network, at).ToString();
  }
  return "";
}

int64_t PodIpPool::OffsetOf(const std::string& ip) const {
  auto parsed = cli::ParseIpAddress(ip);
  if (!parsed.ok() || !range_.Contains(*parsed)) return -1;
  uint64_t offset = 0;
  // The offset fits in the low 8 bytes (the pool is at most 65536 long).
  int len = parsed->bit_length() / 8;
  for (int i = std::max(0, len - 8); i < len; ++i) {
    offset = (offset << 8) | (parsed->bytes[static_cast<size_t>(i)] ^ range_.network.bytes[static_cast<size_t>(i)]);
  }
  return offset < used_.size() ? static_cast<int64_t>(offset) : -1;
}

bool PodIpPool::Reserve(const std::string& ip) {
  int64_t at = OffsetOf(ip);
  if (at < 0 || used_[static_cast<size_t>(at)]) return false;
  used_[static_cast<size_t>(at)] = true;
  ++used_count_;
  return true;
}

void PodIpPool::Release(const std::string& ip) {
  int64_t at = OffsetOf(ip);
  if (at < 2 || !used_[static_cast<size_t>(at)]) return;
  used_[static_cast<size_t>(at)] = false;
  --used_count_;
}

}  // namespace k1s::simnode
