// Watch delivery latency: from just before Create is called to the event
// reaching a thread blocked in Watcher::Next.
#include <atomic>
#include <cstdio>
#include <limits>
#include <thread>

#include "bench/store/measure.h"
#include "bench/store/phases.h"

namespace k1s::bench {

Status RunWatchPhase(store::Store& store, int watchers, const BenchConfig& config) {
  const std::string prefix = "/bench/watch" + std::to_string(watchers) + "/";
  const size_t writes = static_cast<size_t>(config.watch_writes);

  // Registered before the first write, so every watcher sees every event.
  std::vector<std::unique_ptr<store::Watcher>> streams;
  for (int i = 0; i < watchers; ++i) {
    K1S_ASSIGN_OR_RETURN(std::unique_ptr<store::Watcher> w, store.Watch(prefix, 0));
    streams.push_back(std::move(w));
  }

  std::vector<SteadyClock::time_point> sent(writes);
  std::vector<std::vector<SteadyClock::time_point>> arrived(
      static_cast<size_t>(watchers), std::vector<SteadyClock::time_point>(writes));
  // Watchers stop waiting for missing events once this (steady ticks) passes.
  std::atomic<int64_t> give_up{std::numeric_limits<int64_t>::max()};

  Status watch_status;
  std::thread readers([&] {
    watch_status = RunThreads(watchers, [&](int w) -> Status {
      store::Watcher& stream = *streams[static_cast<size_t>(w)];
      std::vector<SteadyClock::time_point>& mine = arrived[static_cast<size_t>(w)];
      size_t got = 0;
      while (got < writes) {
        if (SteadyClock::now().time_since_epoch().count() > give_up.load()) {
          return Status::Internal("watcher received " + std::to_string(got) + " of " +
                                  std::to_string(writes) + " events");
        }
        K1S_ASSIGN_OR_RETURN(std::vector<store::Event> events,
                             stream.Next(std::chrono::milliseconds(200)));
        const auto now = SteadyClock::now();
        for (const store::Event& e : events) {
          size_t index = std::stoul(e.kv.key.substr(prefix.size()));
          if (index >= writes) return Status::Internal("unexpected key " + e.kv.key);
          mine[index] = now;
          ++got;
        }
      }
      return Status::Ok();
    });
  });

  Status write_status;
  for (size_t i = 0; i < writes && write_status.ok(); ++i) {
    sent[i] = SteadyClock::now();
    write_status = store.Create(prefix + std::to_string(i), std::string(400, 'w')).status();
  }
  give_up = (SteadyClock::now() + std::chrono::seconds(10)).time_since_epoch().count();
  readers.join();
  K1S_RETURN_IF_ERROR(write_status);
  K1S_RETURN_IF_ERROR(watch_status);

  std::vector<double> micros;
  micros.reserve(writes * static_cast<size_t>(watchers));
  for (const auto& mine : arrived) {
    for (size_t i = 0; i < writes; ++i) micros.push_back(MicrosBetween(sent[i], mine[i]));
  }
  Percentiles p = Summarize(std::move(micros));
  const std::string label =
      "watch delivery, " + std::to_string(watchers) + (watchers == 1 ? " watcher:" : " watchers:");
  std::printf("%-32s p50 %9.1f us   p99 %9.1f us  (%zu creates, %zu events)\n", label.c_str(),
              p.p50, p.p99, writes, p.samples);
  return Status::Ok();
}

}  // namespace k1s::bench
