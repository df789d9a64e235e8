#include <doctest/doctest.h>

#include <atomic>
#include <thread>

#include "pkg/client/work_queue.h"
#include "pkg/client/workers.h"

namespace k1s::client {
namespace {

using namespace std::chrono_literals;

TEST_CASE("a key is queued once however often it is added") {
  RealClock clock;
  WorkQueue q(clock);
  q.Add("a");
  q.Add("a");
  q.Add("b");
  CHECK(q.Len() == 2);
  CHECK(q.Get() == "a");
  CHECK(q.Get() == "b");
}

TEST_CASE("a key added while processing comes back after Done, not before") {
  RealClock clock;
  WorkQueue q(clock);
  q.Add("a");
  auto key = q.Get();
  REQUIRE(key == "a");
  q.Add("a");
  CHECK(q.Len() == 0);  // not handed to a second worker
  q.Done("a");
  CHECK(q.Len() == 1);
  CHECK(q.Get() == "a");
}

TEST_CASE("AddAfter follows the clock") {
  FakeClock clock;
  WorkQueue q(clock, 5ms, 1s, 5ms);
  q.AddAfter("a", 20ms);
  std::atomic<bool> got = false;
  std::thread t([&] {
    if (q.Get() == "a") got = true;
  });
  std::this_thread::sleep_for(50ms);
  CHECK_FALSE(got);  // the fake clock has not moved
  clock.Advance(20ms);
  t.join();
  CHECK(got);
}

TEST_CASE("rate limiting backs off per key in real time, whatever the clock") {
  FakeClock clock;  // never moved: a retry must not wait for it
  WorkQueue q(clock, 20ms, 1s, 5ms);
  q.AddRateLimited("a");
  q.AddRateLimited("a");
  CHECK(q.NumRequeues("a") == 2);
  CHECK(q.Len() == 0);
  const auto start = std::chrono::steady_clock::now();
  CHECK(q.Get() == "a");
  CHECK(std::chrono::steady_clock::now() - start >= 20ms);  // backed off
  q.Forget("a");
  CHECK(q.NumRequeues("a") == 0);
}

TEST_CASE("shutdown wakes waiting workers") {
  RealClock clock;
  WorkQueue q(clock);
  std::thread t([&] { CHECK_FALSE(q.Get().has_value()); });
  std::this_thread::sleep_for(20ms);
  q.ShutDown();
  t.join();
}

TEST_CASE("workers retry a failing sync with backoff and forget on success") {
  RealClock clock;
  WorkQueue q(clock, 1ms, 10ms);
  std::atomic<int> calls = 0;
  {
    Workers w(q, 2, [&](const std::string&) {
      return ++calls < 3 ? Status::Conflict("stale") : Status::Ok();
    }, Logger());
    q.Add("k");
    for (int i = 0; i < 200 && calls < 3; ++i) std::this_thread::sleep_for(5ms);
  }
  CHECK(calls == 3);
  CHECK(q.NumRequeues("k") == 0);
}

}  // namespace
}  // namespace k1s::client
