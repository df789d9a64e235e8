#include "pkg/controller/nodeipam/cidr_allocator.h"

namespace k1s::controller {

namespace {

uint32_t ToUint(const cli::IpAddress& ip) {
  return (uint32_t{ip.bytes[0]} << 24) | (uint32_t{ip.bytes[1]} << 16) | (uint32_t{ip.bytes[2]} << 8) |
         uint32_t{ip.bytes[3]};
}

std::string FromUint(uint32_t v) {
  return std::to_string(v >> 24) + "." + std::to_string((v >> 16) & 255) + "." +
         std::to_string((v >> 8) & 255) + "." + std::to_string(v & 255);
}

}  // namespace

CidrAllocator::CidrAllocator(const cli::Cidr& cluster_cidr, int node_mask) {
  if (cluster_cidr.network.family != cli::IpFamily::kV4 || cluster_cidr.prefix_length <= 0) return;
  node_mask_ = std::max(node_mask, cluster_cidr.prefix_length);
  const int bits = node_mask_ - cluster_cidr.prefix_length;
  if (bits > 20) return;  // a million ranges is more than any cluster needs
  base_ = ToUint(cluster_cidr.network);
  used_.assign(size_t{1} << bits, false);
  usable_ = true;
}

std::string CidrAllocator::RangeAt(size_t index) const {
  return FromUint(base_ + (static_cast<uint32_t>(index) << (32 - node_mask_))) + "/" + std::to_string(node_mask_);
}

std::optional<size_t> CidrAllocator::IndexOf(const std::string& cidr) const {
  if (!usable_) return std::nullopt;
  auto parsed = cli::ParseCidr(cidr);
  if (!parsed.ok() || parsed->network.family != cli::IpFamily::kV4 || parsed->prefix_length != node_mask_) {
    return std::nullopt;
  }
  const uint32_t v = ToUint(parsed->network);
  if (v < base_) return std::nullopt;
  const size_t index = (v - base_) >> (32 - node_mask_);
  if (index >= used_.size()) return std::nullopt;
  return index;
}

bool CidrAllocator::Occupy(const std::string& cidr) {
  auto i = IndexOf(cidr);
  if (!i) return false;
  used_[*i] = true;
  return true;
}

void CidrAllocator::Release(const std::string& cidr) {
  if (auto i = IndexOf(cidr)) used_[*i] = false;
}

std::optional<std::string> CidrAllocator::Allocate() {
  for (size_t i = 0; i < used_.size(); ++i) {
    if (!used_[i]) {
      used_[i] = true;
      return RangeAt(i);
    }
  }
  return std::nullopt;
}

}  // namespace k1s::controller
