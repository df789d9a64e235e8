// Address arithmetic for simulated nodes: each node's pod range carved from
// the cluster CIDR, node addresses from a reserved range, and a per-node pool
// of pod IPs.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "pkg/cli/ipnet.h"
#include "pkg/util/result.h"

namespace k1s::simnode {

// The per-node prefix length Kubernetes' node IPAM uses by default: /24 for
// IPv4, /64 for IPv6.
int NodeMaskSize(const cli::Cidr& cluster_cidr);

// The pod range of the simulated node with 0-based `index`: counted down
// from the END of `cluster_cidr` (sim node 0 gets the last /24), so they do
// not collide with a node IPAM controller that hands out ranges from the
// start to real nodes. Invalid if the cluster CIDR has fewer than `count`
// node ranges (one line saying how many it has).
Result<cli::Cidr> SimulatedPodCidr(const cli::Cidr& cluster_cidr, int index, int count);

// The InternalIP of the simulated node with 0-based `index`: 198.18.0.0/15,
// the range RFC 2544 reserves for benchmarking, which no real network uses.
std::string SimulatedNodeIp(int index);

// The pod IPs of one node's range: host-local IPAM's habits (the network
// address, .1 for the gateway and the broadcast address are never handed
// out; allocation goes round-robin so a freed IP is not reused at once).
// Not thread-safe.
class PodIpPool {
 public:
  explicit PodIpPool(const cli::Cidr& range);
  // An unused IP, or "" if the range is full.
  std::string Allocate();
  // Marks `ip` used (a pod that already had it before a restart). False if
  // it is not in the range or already used.
  bool Reserve(const std::string& ip);
  void Release(const std::string& ip);
  size_t used() const { return used_count_; }
  const cli::Cidr& range() const { return range_; }

 private:
  // The offset of `ip` from the network address, or -1.
  int64_t OffsetOf(const std::string& ip) const;

  cli::Cidr range_;
  std::vector<bool> used_;  // by offset from the network address
  size_t next_ = 2;
  size_t used_count_ = 0;
};

}  // namespace k1s::simnode
