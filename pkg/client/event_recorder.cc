#include "pkg/client/event_recorder.h"

#include <cstdio>

#include "pkg/util/time_format.h"

namespace k1s::client {

namespace {
constexpr size_t kSeenLimit = 4096;
constexpr auto kRepeatWindow = std::chrono::minutes(10);
}  // namespace

EventRecorder::EventRecorder(Client& client, std::string component, const Clock& clock, Logger log,
                             size_t max_pending)
    : client_(client),
      component_(std::move(component)),
      clock_(clock),
      log_(std::move(log)),
      max_pending_(max_pending),
      thread_([this] { Run(); }) {}

EventRecorder::~EventRecorder() { Stop(); }

void EventRecorder::Event(const Json& object, const std::string& type, const std::string& reason,
                          const std::string& message) {
  const Json& m = object.value("metadata", Json::object());
  Json involved{{"kind", object.value("kind", "")},
                {"namespace", m.value("namespace", "")},
                {"name", m.value("name", "")},
                {"uid", m.value("uid", "")},
                {"apiVersion", object.value("apiVersion", "")},
                {"resourceVersion", m.value("resourceVersion", "")}};
  if (involved["namespace"] == "") involved.erase("namespace");
  std::string ns = m.value("namespace", "");
  if (ns.empty()) ns = "default";  // events about cluster-scoped objects live in default
  std::lock_guard<std::mutex> lock(mu_);
  if (stopping_) return;
  if (pending_.size() >= max_pending_) {
    ++dropped_;
    return;
  }
  pending_.push_back({std::move(involved), std::move(ns), type, reason, message, clock_.Now()});
  cv_.notify_one();
}

void EventRecorder::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopping_ && !thread_.joinable()) return;
    stopping_ = true;
    cv_.notify_all();
  }
  if (thread_.joinable()) thread_.join();
}

size_t EventRecorder::dropped() const {
  std::lock_guard<std::mutex> lock(mu_);
  return dropped_;
}

void EventRecorder::Run() {
  auto stop_deadline = std::chrono::steady_clock::time_point::max();
  while (true) {
    Pending p;
    {
      std::unique_lock<std::mutex> lock(mu_);
      cv_.wait(lock, [this] { return stopping_ || !pending_.empty(); });
      if (stopping_ && stop_deadline == std::chrono::steady_clock::time_point::max()) {
        stop_deadline = std::chrono::steady_clock::now() + std::chrono::seconds(1);
      }
      if (pending_.empty() || std::chrono::steady_clock::now() > stop_deadline) return;
      p = std::move(pending_.front());
      pending_.pop_front();
    }
    Write(p);
  }
}

void EventRecorder::Write(const Pending& p) {
  std::string id = p.involved.value("uid", "") + "\x1f" + p.type + "\x1f" + p.reason + "\x1f" + p.message;
  std::string stamp = FormatRfc3339(p.when);
  auto it = seen_.find(id);
  if (it != seen_.end() && p.when - it->second.first < kRepeatWindow) {
    Seen& s = it->second;
    ++s.count;
    Json patch{{"count", s.count}, {"lastTimestamp", stamp}};
    auto patched = client_.Patch(resources::kEvents, s.ns, s.name, PatchType::kMergePatch, patch, "");
    if (patched.ok() || !patched.status().IsNotFound()) return;
    seen_.erase(it);  // the event was deleted (TTL): write a new one
  }
  // As client-go names them: <object>.<hex nanoseconds>; the sequence
  // number keeps two events of one instant apart.
  auto nanos = std::chrono::duration_cast<std::chrono::nanoseconds>(p.when.time_since_epoch()).count();
  char hex[24];
  std::snprintf(hex, sizeof hex, "%llx", static_cast<unsigned long long>(nanos) + sequence_++);
  std::string name = p.involved.value("name", "event") + "." + hex;
  Json event{{"apiVersion", "v1"},
             {"kind", "Event"},
             {"metadata", {{"name", name}, {"namespace", p.ns}}},
             {"involvedObject", p.involved},
             {"reason", p.reason},
             {"message", p.message},
             {"type", p.type},
             {"source", {{"component", component_}}},
             {"firstTimestamp", stamp},
             {"lastTimestamp", stamp},
             {"count", 1},
             {"reportingComponent", component_},
             {"reportingInstance", component_}};
  auto created = client_.Create(resources::kEvents, p.ns, event, "", "");
  if (!created.ok()) {
    log_.Debug(1, "event ", p.reason, " for ", p.involved.value("name", ""), " not written: ",
               created.status().message());
    return;
  }
  seen_[id] = Seen{name, p.ns, 1, p.when};
  seen_order_.push_back(id);
  while (seen_order_.size() > kSeenLimit) {
    seen_.erase(seen_order_.front());
    seen_order_.pop_front();
  }
}

}  // namespace k1s::client
