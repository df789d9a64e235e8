// Clock: the source of time for every component, so tests can control it.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>

namespace k1s {

class Clock {
 public:
  using time_point = std::chrono::system_clock::time_point;
  virtual ~Clock() = default;

  // Wall-clock time (what Kubernetes timestamps record).
  virtual time_point Now() const = 0;
  // Monotonic time, for measuring intervals and timeouts.
  virtual std::chrono::steady_clock::time_point SteadyNow() const = 0;
};

class RealClock final : public Clock {
 public:
  time_point Now() const override { return std::chrono::system_clock::now(); }
  std::chrono::steady_clock::time_point SteadyNow() const override {
    return std::chrono::steady_clock::now();
  }
};

// A clock that moves only when told to. Thread-safe.
class FakeClock final : public Clock {
 public:
  explicit FakeClock(time_point start = time_point(std::chrono::seconds(1'700'000'000)))
      : now_(start) {}

  time_point Now() const override {
    std::lock_guard<std::mutex> lock(mu_);
    return now_;
  }
  std::chrono::steady_clock::time_point SteadyNow() const override {
    std::lock_guard<std::mutex> lock(mu_);
    return std::chrono::steady_clock::time_point(now_.time_since_epoch());
  }
  void Advance(std::chrono::nanoseconds d) {
    std::lock_guard<std::mutex> lock(mu_);
    now_ += std::chrono::duration_cast<time_point::duration>(d);
  }

 private:
  mutable std::mutex mu_;
  time_point now_;  // guarded by mu_
};

}  // namespace k1s
