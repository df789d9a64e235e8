// Small measuring helpers for the store benchmark.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "pkg/util/result.h"

namespace k1s::bench {

using SteadyClock = std::chrono::steady_clock;

inline double MicrosBetween(SteadyClock::time_point from, SteadyClock::time_point to) {
  return std::chrono::duration<double, std::micro>(to - from).count();
}

struct Percentiles {
  double p50 = 0;
  double p99 = 0;
  size_t samples = 0;
};

// Nearest-rank percentiles; all zero for no samples.
Percentiles Summarize(std::vector<double> samples);

// Size of `path` plus its SQLite `-wal` file, in bytes; a missing file counts 0.
int64_t DatabaseBytes(const std::string& path);

// The process's peak resident set size (VmHWM), in KiB.
Result<int64_t> PeakRssKib();

// A fresh directory (mkdtemp under `parent`), removed with its contents by the
// destructor.
class TempDir {
 public:
  static Result<TempDir> Create(const std::string& parent);
  TempDir(TempDir&& other) noexcept : path_(std::move(other.path_)) { other.path_.clear(); }
  TempDir& operator=(TempDir&&) = delete;
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir();
  const std::string& path() const { return path_; }

 private:
  explicit TempDir(std::string path) : path_(std::move(path)) {}
  std::string path_;
};

}  // namespace k1s::bench
