#include "pkg/apiserver/allocation_bitmap.h"

#include <algorithm>
#include <bit>

namespace k1s::apiserver {

AllocationBitmap::AllocationBitmap(uint64_t size, uint64_t reserved, uint64_t seed)
    : size_(size), reserved_(std::min(reserved, size)), words_((size + 63) / 64), random_(seed) {}

bool AllocationBitmap::Has(uint64_t i) const {
  return i < size_ && ((words_[i / 64] >> (i % 64)) & 1) != 0;
}

bool AllocationBitmap::Set(uint64_t i) {
  if (i >= size_ || Has(i)) return false;
  words_[i / 64] |= uint64_t{1} << (i % 64);
  ++used_;
  return true;
}

void AllocationBitmap::Clear(uint64_t i) {
  if (!Has(i)) return;
  words_[i / 64] &= ~(uint64_t{1} << (i % 64));
  --used_;
}

void AllocationBitmap::ClearAll() {
  std::fill(words_.begin(), words_.end(), 0);
  used_ = 0;
}

std::optional<uint64_t> AllocationBitmap::FindFree() {
  if (used_ >= size_) return std::nullopt;
  if (auto upper = FindFreeIn(reserved_, size_)) return upper;
  return FindFreeIn(0, reserved_);
}

// From a random start in [begin, end), the first free item, wrapping around
// once; a word at a time, so a full /16 costs about a thousand loads.
std::optional<uint64_t> AllocationBitmap::FindFreeIn(uint64_t begin, uint64_t end) {
  if (begin >= end) return std::nullopt;
  const uint64_t start = begin + random_() % (end - begin);
  auto scan = [&](uint64_t from, uint64_t to) -> std::optional<uint64_t> {
    uint64_t i = from;
    while (i < to) {
      uint64_t free = ~words_[i / 64] >> (i % 64);
      if (free == 0) {
        i = (i / 64 + 1) * 64;
        continue;
      }
      i += static_cast<uint64_t>(std::countr_zero(free));
      if (i < to) return i;
      break;
    }
    return std::nullopt;
  };
  if (auto found = scan(start, end)) return found;
  return scan(begin, start);
}

uint64_t ReservedBand(uint64_t size, uint64_t lo, uint64_t hi, uint64_t step) {
  if (size <= lo) return 0;
  return std::clamp(size / step, lo, hi);
}

}  // namespace k1s::apiserver
