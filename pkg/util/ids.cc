#include "pkg/util/ids.h"

#include <random>

namespace k1s {

namespace {

// One generator per thread: no lock, no shared state between components.
std::mt19937_64& Generator() {
  thread_local std::mt19937_64 gen(std::random_device{}());
  return gen;
}

}  // namespace

std::string NewUid() {
  std::uniform_int_distribution<uint64_t> dist;
  uint64_t hi = dist(Generator());
  uint64_t lo = dist(Generator());
  hi = (hi & 0xffffffffffff0fffULL) | 0x0000000000004000ULL;  // version 4
  lo = (lo & 0x3fffffffffffffffULL) | 0x8000000000000000ULL;  // RFC 4122 variant
  char buf[37];
  std::snprintf(buf, sizeof(buf), "%08x-%04x-%04x-%04x-%012llx", static_cast<unsigned>(hi >> 32),
                static_cast<unsigned>((hi >> 16) & 0xffff), static_cast<unsigned>(hi & 0xffff),
                static_cast<unsigned>(lo >> 48),
                static_cast<unsigned long long>(lo & 0xffffffffffffULL));
  return buf;
}

std::string RandomNameSuffix(int n) {
  static constexpr char kAlphabet[] = "bcdfghjklmnpqrstvwxz2456789";
  std::uniform_int_distribution<size_t> dist(0, sizeof(kAlphabet) - 2);
  std::string out;
  for (int i = 0; i < n; ++i) out += kAlphabet[dist(Generator())];
  return out;
}

}  // namespace k1s
