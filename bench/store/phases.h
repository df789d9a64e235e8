// The store benchmark's phases. Each runs against an open store, prints one
// or two labelled lines on stdout, and returns an error only if the store
// failed (a benchmark of a failing store has no meaningful numbers).
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "pkg/store/store.h"
#include "pkg/util/status.h"

namespace k1s::bench {

struct BenchConfig {
  std::chrono::milliseconds create_duration{4000};  // per writer-count
  int get_samples = 20000;
  int list_keys = 10000;
  int list_page = 500;
  int list_iterations = 30;
  int watch_writes = 2000;
  int size_updates = 100000;
  uint64_t seed = 1;
};

// Creates fresh keys under `prefix` from `threads` threads for `duration`;
// prints creates/s. Appends the created keys to `keys`.
Status RunCreatePhase(store::Store& store, const std::string& prefix, int threads,
                      std::chrono::milliseconds duration, std::vector<std::string>& keys);

// Gets random keys of `keys`, one at a time; prints p50/p99 in µs.
Status RunGetPhase(store::Store& store, const std::vector<std::string>& keys,
                   const BenchConfig& config);

// Fills a prefix with config.list_keys keys, then lists it whole and in
// pages; prints p50/p99 in ms.
Status RunListPhase(store::Store& store, const BenchConfig& config);

// `watchers` threads block in Next on one prefix while one writer creates
// keys there; prints p50/p99 in µs from just before Create to arrival.
Status RunWatchPhase(store::Store& store, int watchers, const BenchConfig& config);

// On its own database in `dir`: updates one key config.size_updates times,
// then compacts; prints the file+WAL size before and after.
Status RunSizePhase(const std::string& dir, const BenchConfig& config);

// Runs fn(0..threads-1) on that many threads and returns the first error.
Status RunThreads(int threads, const std::function<Status(int)>& fn);

}  // namespace k1s::bench
