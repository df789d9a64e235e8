#include <mutex>
#include <thread>

#include "bench/store/phases.h"

namespace k1s::bench {

Status RunThreads(int threads, const std::function<Status(int)>& fn) {
  std::mutex mu;
  Status first;  // guarded by mu
  std::vector<std::thread> pool;
  pool.reserve(static_cast<size_t>(threads));
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      Status s = fn(t);
      std::lock_guard<std::mutex> lock(mu);
      if (first.ok() && !s.ok()) first = std::move(s);
    });
  }
  for (std::thread& th : pool) th.join();
  return first;
}

}  // namespace k1s::bench
