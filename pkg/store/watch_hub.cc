#include "pkg/store/watch_hub.h"

#include <algorithm>

namespace k1s::store {

bool WatchQueue::Push(const SharedEvent& event) {
  if (event->kv.mod_revision <= after_revision_) return true;
  std::function<void()> wake;
  bool healthy = true;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!failed_.ok()) return false;
    if (events_.size() >= limit_) {
      events_.clear();
      failed_ = Status::Gone("watcher fell more than " + std::to_string(limit_) +
                             " events behind and was cut off; re-list and watch again");
      healthy = false;
    } else {
      events_.push_back(event);
    }
    wake = std::move(wake_);
    wake_ = nullptr;
  }
  cv_.notify_all();
  if (wake) wake();
  return healthy;
}

void WatchQueue::Notify(std::function<void()> wake) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (events_.empty() && failed_.ok()) {
      wake_ = std::move(wake);
      return;
    }
  }
  wake();
}

void WatchQueue::PushFront(std::vector<SharedEvent> history) {
  std::function<void()> wake;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!failed_.ok()) return;
    std::erase_if(history, [&](const SharedEvent& e) { return e->kv.mod_revision <= after_revision_; });
    if (history.empty()) return;
    events_.insert(events_.begin(), history.begin(), history.end());
    wake = std::move(wake_);
    wake_ = nullptr;
  }
  cv_.notify_all();
  if (wake) wake();
}

void WatchQueue::Fail(Status status) {
  std::function<void()> wake;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!failed_.ok()) return;
    failed_ = std::move(status);
    events_.clear();
    wake = std::move(wake_);
    wake_ = nullptr;
  }
  cv_.notify_all();
  if (wake) wake();
}

Result<std::vector<Event>> WatchQueue::Pop(std::chrono::milliseconds timeout) {
  std::unique_lock<std::mutex> lock(mu_);
  cv_.wait_for(lock, timeout, [&] { return !events_.empty() || !failed_.ok(); });
  if (!failed_.ok()) return failed_;
  std::vector<Event> out;
  out.reserve(events_.size());
  for (const SharedEvent& e : events_) out.push_back(*e);
  events_.clear();
  return out;
}

int64_t WatchHub::Add(const std::shared_ptr<WatchQueue>& queue, int64_t replay_after, bool* replayed) {
  std::lock_guard<std::mutex> lock(mu_);
  if (replayed != nullptr) *replayed = false;
  if (closed_) {
    queue->Fail(Status::Unavailable("store is closed"));
    return published_;
  }
  queues_.push_back(queue);
  // Memory holds every event after replay_after when the oldest one kept
  // is no later than the revision right after it.
  if (replay_after > 0 && replay_after < published_ && !recent_.empty() &&
      recent_.front()->kv.mod_revision <= replay_after + 1) {
    std::vector<SharedEvent> history;
    for (auto it = recent_.rbegin(); it != recent_.rend() && (*it)->kv.mod_revision > replay_after; ++it) {
      if ((*it)->kv.key.compare(0, queue->prefix().size(), queue->prefix()) == 0) history.push_back(*it);
    }
    std::reverse(history.begin(), history.end());
    queue->PushFront(std::move(history));
    ++memory_replays_;
    if (replayed != nullptr) *replayed = true;
  }
  return published_;
}

size_t WatchHub::SizeOf(const Event& e) {
  size_t n = e.kv.key.size() + e.kv.value.size() + sizeof(Event);
  if (e.prev) n += e.prev->key.size() + e.prev->value.size();
  return n;
}

int64_t WatchHub::MemoryReplays() {
  std::lock_guard<std::mutex> lock(mu_);
  return memory_replays_;
}

void WatchHub::Remove(const WatchQueue* queue) {
  std::lock_guard<std::mutex> lock(mu_);
  std::erase_if(queues_, [&](const auto& q) { return q.get() == queue; });
}

void WatchHub::Publish(const std::vector<SharedEvent>& events) {
  if (events.empty()) return;
  std::lock_guard<std::mutex> lock(mu_);
  std::erase_if(queues_, [&](const std::shared_ptr<WatchQueue>& q) {
    for (const SharedEvent& e : events) {
      if (e->kv.key.compare(0, q->prefix().size(), q->prefix()) != 0) continue;
      if (!q->Push(e)) return true;  // failed: stop delivering to it
    }
    return false;
  });
  published_ = events.back()->kv.mod_revision;
  for (const SharedEvent& e : events) {
    recent_.push_back(e);
    recent_bytes_ += SizeOf(*e);
  }
  while (!recent_.empty() && (recent_.size() > limits_.events || recent_bytes_ > limits_.bytes)) {
    recent_bytes_ -= SizeOf(*recent_.front());
    recent_.pop_front();
  }
}

void WatchHub::SetPublished(int64_t revision) {
  std::lock_guard<std::mutex> lock(mu_);
  published_ = revision;
}

void WatchHub::CloseAll(const Status& status) {
  std::lock_guard<std::mutex> lock(mu_);
  closed_ = true;
  for (auto& q : queues_) q->Fail(status);
  queues_.clear();
}

int64_t WatchHub::Count() {
  std::lock_guard<std::mutex> lock(mu_);
  return static_cast<int64_t>(queues_.size());
}

}  // namespace k1s::store
