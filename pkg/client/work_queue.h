// WorkQueue: the rate-limited queue of object keys that every controller
// works from, with client-go's semantics:
//  - a key is queued at most once, however often it is added;
//  - a key being processed is never handed to a second worker; adding it
//    meanwhile queues it again once the first worker calls Done;
//  - AddRateLimited delays a key by 5 ms * 2^failures, at most `max_delay`,
//    until Forget, in real time.
// AddAfter's delays follow the Clock (tests use a FakeClock, and controllers
// schedule deadlines with it); waits poll it every `poll` at most, so a
// FakeClock's advance is noticed promptly.
#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "pkg/util/clock.h"

namespace k1s::client {

class WorkQueue {
 public:
  using Duration = std::chrono::steady_clock::duration;

  explicit WorkQueue(const Clock& clock,
                     Duration base_delay = std::chrono::milliseconds(5),
                     Duration max_delay = std::chrono::seconds(300),
                     Duration poll = std::chrono::milliseconds(100));
  WorkQueue(const WorkQueue&) = delete;
  WorkQueue& operator=(const WorkQueue&) = delete;

  void Add(const std::string& key);
  void AddAfter(const std::string& key, Duration delay);
  void AddRateLimited(const std::string& key);
  // Clears the key's failure count (after a successful sync).
  void Forget(const std::string& key);
  int NumRequeues(const std::string& key) const;

  // The next key, waiting for one; nullopt once shut down and drained of
  // nothing more to hand out (queued keys are dropped at shutdown).
  std::optional<std::string> Get();
  // The worker finished `key`.
  void Done(const std::string& key);

  // Wakes every Get; later Adds are ignored.
  void ShutDown();
  bool shutting_down() const;
  // Keys queued now (not delayed, not processing).
  size_t Len() const;

 private:
  void AddLocked(const std::string& key);
  void PromoteDueLocked();

  const Clock& clock_;
  const Duration base_delay_;
  const Duration max_delay_;
  const Duration poll_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::string> queue_;                  // guarded by mu_
  std::unordered_set<std::string> dirty_;          // queued or to re-queue; guarded by mu_
  std::unordered_set<std::string> processing_;     // guarded by mu_
  using Delayed = std::multimap<std::chrono::steady_clock::time_point, std::string>;
  Delayed waiting_;   // AddAfter, on clock_'s steady time; guarded by mu_
  Delayed retrying_;  // AddRateLimited, on real steady time; guarded by mu_
  std::unordered_map<std::string, int> failures_;  // guarded by mu_
  bool shutting_down_ = false;                     // guarded by mu_
};

}  // namespace k1s::client
