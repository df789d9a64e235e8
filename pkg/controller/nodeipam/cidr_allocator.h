// CidrAllocator: hands out the /24s of an IPv4 cluster CIDR (or the one
// range itself when the cluster CIDR is narrower than /24), first free first,
// as kube-controller-manager's range allocator does. Not thread-safe.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "pkg/cli/ipnet.h"

namespace k1s::controller {

class CidrAllocator {
 public:
  explicit CidrAllocator(const cli::Cidr& cluster_cidr, int node_mask = 24);
  // False for a cluster CIDR this allocator cannot split (IPv6, unset).
  bool usable() const { return usable_; }
  // Marks `cidr` ("10.42.3.0/24") taken; false if it is not one of ours.
  bool Occupy(const std::string& cidr);
  void Release(const std::string& cidr);
  // The lowest free range, taken; nullopt when all are in use.
  std::optional<std::string> Allocate();
  size_t capacity() const { return used_.size(); }

 private:
  std::optional<size_t> IndexOf(const std::string& cidr) const;
  std::string RangeAt(size_t index) const;

  bool usable_ = false;
  uint32_t base_ = 0;
  int node_mask_ = 24;
  std::vector<bool> used_;
};

}  // namespace k1s::controller
