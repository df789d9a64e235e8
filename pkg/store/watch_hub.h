// WatchHub: fans committed events out to watchers without ever blocking the
// writer. Each watcher has its own bounded queue; one that falls too far
// behind is cut off with Gone and must re-list.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "pkg/store/store.h"

namespace k1s::store {

using SharedEvent = std::shared_ptr<const Event>;

// The queue of one watcher, shared by the hub (producer) and the Watcher
// handed to the caller (consumer).
class WatchQueue {
 public:
  WatchQueue(std::string prefix, int64_t after_revision, size_t limit)
      : prefix_(std::move(prefix)), after_revision_(after_revision), limit_(limit) {}

  const std::string& prefix() const { return prefix_; }

  // Adds a live event. Events at or below after_revision are skipped. Returns
  // false once the queue has failed (overflow or close) and wants no more.
  bool Push(const SharedEvent& event);
  // Puts replayed history in front of any live events already queued.
  void PushFront(std::vector<SharedEvent> history);
  // Fails the queue; the first failure wins.
  void Fail(Status status);

  Result<std::vector<Event>> Pop(std::chrono::milliseconds timeout);
  void Notify(std::function<void()> wake);

 private:
  const std::string prefix_;
  const int64_t after_revision_;
  const size_t limit_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<SharedEvent> events_;  // guarded by mu_
  Status failed_;                   // guarded by mu_; OK while healthy
  std::function<void()> wake_;      // guarded by mu_; one-shot
};

// The hub also keeps the most recent events in memory, so that a watch
// resuming from a recent revision (an informer after its watch timed out, a
// kubectl --watch) replays them from there instead of reading SQLite.
struct RecentEventsLimits {
  size_t events = 4096;
  size_t bytes = 16 << 20;  // keys and values, new and previous
};

class WatchHub {
 public:
  explicit WatchHub(RecentEventsLimits limits = {}) : limits_(limits) {}

  // Registers a queue for events published after this call. Returns the last
  // revision published before registration: every later event is delivered.
  // With `replay_after` > 0, the events after that revision that are still
  // in memory are queued first; `*replayed` says whether memory held all of
  // them (otherwise the caller replays from history).
  int64_t Add(const std::shared_ptr<WatchQueue>& queue, int64_t replay_after = 0, bool* replayed = nullptr);
  void Remove(const WatchQueue* queue);

  // Delivers committed events, in revision order, to every matching queue.
  // Called by the single writer, after commit.
  void Publish(const std::vector<SharedEvent>& events);
  // Sets the last published revision without events (at open).
  void SetPublished(int64_t revision);
  // Fails every queue with `status` and refuses new ones.
  void CloseAll(const Status& status);

  int64_t Count();
  // How many watches were replayed from memory (for stats and tests).
  int64_t MemoryReplays();

 private:
  static size_t SizeOf(const Event& e);

  const RecentEventsLimits limits_;
  std::mutex mu_;
  std::deque<SharedEvent> recent_;  // guarded by mu_; oldest first
  size_t recent_bytes_ = 0;         // guarded by mu_
  int64_t memory_replays_ = 0;      // guarded by mu_
  std::vector<std::shared_ptr<WatchQueue>> queues_;  // guarded by mu_
  int64_t published_ = 0;                            // guarded by mu_
  bool closed_ = false;                              // guarded by mu_
};

}  // namespace k1s::store
