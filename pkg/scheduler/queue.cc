#include "pkg/scheduler/queue.h"

#include <algorithm>

namespace k1s::scheduler {

namespace {
// With a FakeClock nothing wakes a waiter when time moves, so waits for a
// backoff to end are sliced this thin.
constexpr auto kPoll = std::chrono::milliseconds(20);

bool SpecOrLabelsChanged(const Pod& a, const Pod& b) {
  if (a.labels != b.labels) return true;
  const auto& ja = *a.object;
  const auto& jb = *b.object;
  auto sa = ja.find("spec"), sb = jb.find("spec");
  if ((sa == ja.end()) != (sb == jb.end())) return true;
  return sa != ja.end() && *sa != *sb;
}
}  // namespace

SchedulingQueue::SchedulingQueue(const Clock& clock, Duration initial_backoff, Duration max_backoff,
                                 Duration max_unschedulable)
    : clock_(clock),
      initial_backoff_(initial_backoff),
      max_backoff_(max_backoff),
      max_unschedulable_(max_unschedulable) {}

SchedulingQueue::ActiveKey SchedulingQueue::KeyOf(const Entry& e, const std::string& uid) const {
  return {-static_cast<int64_t>(e.pod->priority), e.pod->created.time_since_epoch().count(), e.seq, uid};
}

SchedulingQueue::Duration SchedulingQueue::BackoffFor(int attempts) const {
  Duration d = initial_backoff_;
  for (int i = 1; i < attempts && d < max_backoff_; ++i) d *= 2;
  return std::min(d, max_backoff_);
}

void SchedulingQueue::PushActiveLocked(const std::string& uid, Entry& e) {
  e.where = Where::kActive;
  active_.insert(KeyOf(e, uid));
  cv_.notify_one();
}

void SchedulingQueue::PushBackoffOrActiveLocked(const std::string& uid, Entry& e) {
  if (e.attempts > 0 && clock_.SteadyNow() < e.backoff_until) {
    e.where = Where::kBackoff;
    backoff_.insert({e.backoff_until, uid});
    cv_.notify_one();
    return;
  }
  PushActiveLocked(uid, e);
}

void SchedulingQueue::RemoveFromSetsLocked(const std::string& uid, Entry& e) {
  switch (e.where) {
    case Where::kActive:
      active_.erase(KeyOf(e, uid));
      break;
    case Where::kBackoff:
      backoff_.erase({e.backoff_until, uid});
      break;
    case Where::kUnschedulable:
      unschedulable_.erase(uid);
      break;
    case Where::kInFlight:
      break;
  }
}

void SchedulingQueue::Add(PodPtr pod) {
  std::lock_guard<std::mutex> lock(mu_);
  if (closed_) return;
  const std::string uid = pod->uid;
  auto it = entries_.find(uid);
  if (it != entries_.end()) return;
  Entry& e = entries_[uid];
  e.pod = std::move(pod);
  e.seq = ++seq_;
  PushActiveLocked(uid, e);
}

void SchedulingQueue::Update(PodPtr pod) {
  std::lock_guard<std::mutex> lock(mu_);
  if (closed_) return;
  const std::string uid = pod->uid;
  auto it = entries_.find(uid);
  if (it == entries_.end()) {
    Entry& e = entries_[uid];
    e.pod = std::move(pod);
    e.seq = ++seq_;
    PushActiveLocked(uid, e);
    return;
  }
  Entry& e = it->second;
  const bool changed = SpecOrLabelsChanged(*e.pod, *pod);
  if (e.where == Where::kInFlight) {
    e.pod = std::move(pod);
    e.updated_in_flight = e.updated_in_flight || changed;
    return;
  }
  RemoveFromSetsLocked(uid, e);
  e.pod = std::move(pod);
  if (e.where == Where::kUnschedulable && !changed) {
    unschedulable_.insert(uid);
    return;
  }
  if (e.where == Where::kActive) {
    PushActiveLocked(uid, e);
  } else {
    PushBackoffOrActiveLocked(uid, e);
  }
}

void SchedulingQueue::Delete(const std::string& uid) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = entries_.find(uid);
  if (it == entries_.end()) return;
  if (it->second.where == Where::kInFlight) {
    it->second.deleted_in_flight = true;
    return;
  }
  RemoveFromSetsLocked(uid, it->second);
  entries_.erase(it);
}

void SchedulingQueue::FlushLocked() {
  const auto now = clock_.SteadyNow();
  while (!backoff_.empty() && backoff_.begin()->first <= now) {
    const std::string uid = backoff_.begin()->second;
    backoff_.erase(backoff_.begin());
    PushActiveLocked(uid, entries_.at(uid));
  }
  for (auto it = unschedulable_.begin(); it != unschedulable_.end();) {
    Entry& e = entries_.at(*it);
    if (now - e.unschedulable_since < max_unschedulable_) {
      ++it;
      continue;
    }
    const std::string uid = *it;
    it = unschedulable_.erase(it);
    PushBackoffOrActiveLocked(uid, e);
  }
}

std::optional<QueuedPod> SchedulingQueue::Pop() {
  std::unique_lock<std::mutex> lock(mu_);
  auto last_flush = clock_.SteadyNow();
  FlushLocked();
  while (!closed_) {
    if (!active_.empty()) {
      const std::string uid = std::get<3>(*active_.begin());
      active_.erase(active_.begin());
      Entry& e = entries_.at(uid);
      e.where = Where::kInFlight;
      e.updated_in_flight = false;
      e.deleted_in_flight = false;
      return QueuedPod{e.pod, e.attempts, ++cycle_};
    }
    cv_.wait_for(lock, kPoll);
    // Unschedulable pods are scanned at most every second: it is a full pass.
    const auto now = clock_.SteadyNow();
    if (!backoff_.empty() || now - last_flush > std::chrono::seconds(1)) {
      FlushLocked();
      last_flush = now;
    }
  }
  return std::nullopt;
}

void SchedulingQueue::AddUnschedulable(QueuedPod qp) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = entries_.find(qp.pod->uid);
  if (it == entries_.end() || closed_) return;
  Entry& e = it->second;
  const std::string uid = it->first;
  if (e.deleted_in_flight) {
    entries_.erase(it);
    return;
  }
  e.attempts = qp.attempts + 1;
  const auto now = clock_.SteadyNow();
  e.backoff_until = now + BackoffFor(e.attempts);
  // An event that arrived during the attempt, or a change to the pod, may
  // already have made room: retry after the backoff instead of waiting.
  if (e.updated_in_flight || move_request_cycle_ >= qp.cycle) {
    PushBackoffOrActiveLocked(uid, e);
    return;
  }
  e.where = Where::kUnschedulable;
  e.unschedulable_since = now;
  unschedulable_.insert(uid);
}

void SchedulingQueue::AddBackoff(QueuedPod qp) {
  std::lock_guard<std::mutex> lock(mu_);
  if (closed_) return;
  const std::string uid = qp.pod->uid;
  auto it = entries_.find(uid);
  if (it == entries_.end()) {
    Entry& e = entries_[uid];
    e.pod = qp.pod;
    e.seq = ++seq_;
    e.where = Where::kInFlight;
    it = entries_.find(uid);
  }
  Entry& e = it->second;
  if (e.deleted_in_flight) {
    entries_.erase(it);
    return;
  }
  RemoveFromSetsLocked(uid, e);
  e.attempts = qp.attempts + 1;
  e.backoff_until = clock_.SteadyNow() + BackoffFor(e.attempts);
  PushBackoffOrActiveLocked(uid, e);
}

void SchedulingQueue::Done(const std::string& uid) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = entries_.find(uid);
  if (it != entries_.end() && it->second.where == Where::kInFlight) entries_.erase(it);
}

void SchedulingQueue::MoveAllToActiveOrBackoff() {
  std::lock_guard<std::mutex> lock(mu_);
  move_request_cycle_ = cycle_;
  for (const std::string& uid : unschedulable_) PushBackoffOrActiveLocked(uid, entries_.at(uid));
  unschedulable_.clear();
}

void SchedulingQueue::Close() {
  std::lock_guard<std::mutex> lock(mu_);
  closed_ = true;
  cv_.notify_all();
}

SchedulingQueue::Counts SchedulingQueue::counts() const {
  std::lock_guard<std::mutex> lock(mu_);
  return {active_.size(), backoff_.size(), unschedulable_.size()};
}

}  // namespace k1s::scheduler
