// Which of `size` numbered items (service IPs, node ports) are taken, with
// Kubernetes' scan strategy: a free item is looked for from a random start in
// the upper part of the range first, so the lower `reserved` items stay free
// for the ones people ask for by number (the DNS Service's IP, fixed
// nodePorts) until the upper part is full. Not thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <random>
#include <vector>

namespace k1s::apiserver {

class AllocationBitmap {
 public:
  AllocationBitmap(uint64_t size, uint64_t reserved, uint64_t seed);

  uint64_t size() const { return size_; }
  uint64_t used() const { return used_; }
  // False for items past size().
  bool Has(uint64_t i) const;
  // Marks `i`; false if it was already taken or is past size().
  bool Set(uint64_t i);
  void Clear(uint64_t i);
  void ClearAll();
  // A free item, or nullopt when every item is taken. Does not mark it.
  std::optional<uint64_t> FindFree();

 private:
  std::optional<uint64_t> FindFreeIn(uint64_t begin, uint64_t end);

  uint64_t size_;
  uint64_t reserved_;
  uint64_t used_ = 0;
  std::vector<uint64_t> words_;
  std::mt19937_64 random_;
};

// The lower band Kubernetes keeps for requested items: size/step clamped to
// [lo, hi], and none for ranges of at most `lo` items. Service IPs use
// (16, 256, 16), node ports (16, 128, 32).
uint64_t ReservedBand(uint64_t size, uint64_t lo, uint64_t hi, uint64_t step);

}  // namespace k1s::apiserver
