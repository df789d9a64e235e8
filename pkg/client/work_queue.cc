#include "pkg/client/work_queue.h"

#include <algorithm>

namespace k1s::client {

WorkQueue::WorkQueue(const Clock& clock, Duration base_delay, Duration max_delay, Duration poll)
    : clock_(clock), base_delay_(base_delay), max_delay_(max_delay), poll_(poll) {}

void WorkQueue::AddLocked(const std::string& key) {
  if (shutting_down_ || dirty_.contains(key)) return;
  dirty_.insert(key);
  if (processing_.contains(key)) return;  // Done re-queues it
  queue_.push_back(key);
  cv_.notify_one();
}

void WorkQueue::Add(const std::string& key) {
  std::lock_guard<std::mutex> lock(mu_);
  AddLocked(key);
}

void WorkQueue::AddAfter(const std::string& key, Duration delay) {
  std::lock_guard<std::mutex> lock(mu_);
  if (shutting_down_) return;
  if (delay <= Duration::zero()) {
    AddLocked(key);
    return;
  }
  waiting_.emplace(clock_.SteadyNow() + delay, key);
  cv_.notify_one();
}

void WorkQueue::AddRateLimited(const std::string& key) {
  Duration delay;
  {
    std::lock_guard<std::mutex> lock(mu_);
    int n = failures_[key]++;
    delay = max_delay_;
    // 5ms * 2^n, without overflowing for large n.
    if (n < 30) delay = std::min(max_delay_, base_delay_ * (int64_t{1} << n));
  }
  // Retries wait in real time whatever the queue's clock: backoff is there to
  // spare the API server a hot loop (a write that lost a race with a newer
  // version, say), and a retry that waited for a test's FakeClock would wait
  // until the test happened to move it.
  std::lock_guard<std::mutex> lock(mu_);
  if (shutting_down_) return;
  retrying_.emplace(std::chrono::steady_clock::now() + delay, key);
  cv_.notify_one();
}

void WorkQueue::Forget(const std::string& key) {
  std::lock_guard<std::mutex> lock(mu_);
  failures_.erase(key);
}

int WorkQueue::NumRequeues(const std::string& key) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = failures_.find(key);
  return it == failures_.end() ? 0 : it->second;
}

void WorkQueue::PromoteDueLocked() {
  auto promote = [this](Delayed& delayed, std::chrono::steady_clock::time_point now) {
    while (!delayed.empty() && delayed.begin()->first <= now) {
      std::string key = std::move(delayed.begin()->second);
      delayed.erase(delayed.begin());
      AddLocked(key);
    }
  };
  promote(waiting_, clock_.SteadyNow());
  promote(retrying_, std::chrono::steady_clock::now());
}

std::optional<std::string> WorkQueue::Get() {
  std::unique_lock<std::mutex> lock(mu_);
  while (true) {
    if (shutting_down_) return std::nullopt;
    PromoteDueLocked();
    if (!queue_.empty()) break;
    // Sleep until the earliest delayed key is due, but at most `poll_`, so a
    // FakeClock moved by a test is seen. With nothing delayed only an Add
    // wakes us: idle controllers cost no CPU.
    if (waiting_.empty() && retrying_.empty()) {
      cv_.wait(lock);
      continue;
    }
    Duration wait = poll_;
    if (!waiting_.empty()) wait = std::min(wait, waiting_.begin()->first - clock_.SteadyNow());
    if (!retrying_.empty()) wait = std::min(wait, retrying_.begin()->first - std::chrono::steady_clock::now());
    cv_.wait_for(lock, std::max<Duration>(wait, std::chrono::milliseconds(1)));
  }
  std::string key = std::move(queue_.front());
  queue_.pop_front();
  dirty_.erase(key);
  processing_.insert(key);
  return key;
}

void WorkQueue::Done(const std::string& key) {
  std::lock_guard<std::mutex> lock(mu_);
  processing_.erase(key);
  if (dirty_.contains(key) && !shutting_down_) {
    queue_.push_back(key);
    cv_.notify_one();
  }
}

void WorkQueue::ShutDown() {
  std::lock_guard<std::mutex> lock(mu_);
  shutting_down_ = true;
  cv_.notify_all();
}

bool WorkQueue::shutting_down() const {
  std::lock_guard<std::mutex> lock(mu_);
  return shutting_down_;
}

size_t WorkQueue::Len() const {
  std::lock_guard<std::mutex> lock(mu_);
  return queue_.size();
}

}  // namespace k1s::client
