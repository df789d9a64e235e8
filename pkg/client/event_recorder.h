// EventRecorder: core/v1 Events about objects ("Scheduled", "SuccessfulCreate",
// ...) written in the background, as client-go's recorder does: a component
// never waits for its events, a repeat of the same event within ten minutes
// raises the count of the first instead of adding another, and when the API
// cannot keep up events are dropped rather than queued without bound.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <list>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>

#include "pkg/client/client.h"
#include "pkg/util/clock.h"
#include "pkg/util/log.h"

namespace k1s::client {

class EventRecorder {
 public:
  // `component` is the event's source.component and reportingComponent
  // (e.g. "default-scheduler", "deployment-controller").
  EventRecorder(Client& client, std::string component, const Clock& clock, Logger log,
                size_t max_pending = 10000);
  ~EventRecorder();
  EventRecorder(const EventRecorder&) = delete;
  EventRecorder& operator=(const EventRecorder&) = delete;

  // `object` needs kind, apiVersion and metadata (name, namespace, uid).
  // `type` is "Normal" or "Warning". Never blocks.
  void Event(const Json& object, const std::string& type, const std::string& reason,
             const std::string& message);
  // Writes what is queued (bounded by a second) and stops. Idempotent.
  void Stop();
  // Events dropped because the queue was full (for tests and metrics).
  size_t dropped() const;

 private:
  struct Pending {
    Json involved;  // involvedObject
    std::string ns, type, reason, message;
    Clock::time_point when;
  };
  struct Seen {
    std::string name;
    std::string ns;
    int count = 0;
    Clock::time_point first;
  };
  void Run();
  void Write(const Pending& p);

  Client& client_;
  const std::string component_;
  const Clock& clock_;
  const Logger log_;
  const size_t max_pending_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Pending> pending_;  // guarded by mu_
  bool stopping_ = false;        // guarded by mu_
  size_t dropped_ = 0;           // guarded by mu_
  // Recent events by (uid, type, reason, message), for counting repeats;
  // only the writer thread touches these.
  std::unordered_map<std::string, Seen> seen_;
  std::list<std::string> seen_order_;
  uint64_t sequence_ = 0;
  std::thread thread_;
};

}  // namespace k1s::client
