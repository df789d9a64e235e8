// Watch fan-out: many watch connections on one namespace, polled by a few
// threads, and the latency from just before an update request to each
// watcher reading the event line.
#include <poll.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <thread>

#include "bench/apiserver/client.h"
#include "bench/apiserver/phases.h"
#include "bench/apiserver/watch_stream.h"

namespace k1s::bench {
namespace {

const std::string kNs = "bench-watch";
constexpr std::chrono::seconds kEventTimeout{10};

// data.seq of a watch event line, or -1.
int64_t SeqOf(std::string_view line) {
  static constexpr std::string_view kKey = R"("seq":")";
  const size_t at = line.find(kKey);
  if (at == std::string_view::npos) return -1;
  int64_t seq = -1;
  const char* begin = line.data() + at + kKey.size();
  std::from_chars(begin, line.data() + line.size(), seq);
  return seq;
}

// Waits until `counter` reaches `want`; false if `deadline` or `failed` comes first.
bool AwaitCount(const std::atomic<int64_t>& counter, int64_t want, const std::atomic<bool>& failed,
                SteadyClock::time_point deadline) {
  while (counter.load() < want) {
    if (failed.load() || SteadyClock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::microseconds(200));
  }
  return true;
}

}  // namespace

Status RunWatchPhase(const ServerProcess& server, const BenchConfig& config) {
  const Endpoint& endpoint = server.endpoint();
  auto admin = Connect(endpoint);
  K1S_RETURN_IF_ERROR(CreateNamespace(*admin, kNs));
  const std::string cm_path = "/api/v1/namespaces/" + kNs + "/configmaps";
  K1S_ASSIGN_OR_RETURN(std::string rv, CreateObject(*admin, cm_path, ConfigMapJson("fanout", -1)));
  K1S_ASSIGN_OR_RETURN(std::shared_ptr<SSL_CTX> tls, MakeClientTls(endpoint));

  const size_t watchers = static_cast<size_t>(config.watchers);
  const size_t updates = static_cast<size_t>(config.watch_updates);
  const int threads = std::max(1, std::min(config.watch_threads, config.watchers));
  const std::string watch_path = cm_path + "?watch=1&resourceVersion=" + rv;

  std::vector<SteadyClock::time_point> sent(updates);
  std::vector<std::vector<SteadyClock::time_point>> arrived(
      watchers, std::vector<SteadyClock::time_point>(updates));
  std::atomic<int64_t> started{0};
  std::atomic<int64_t> delivered{0};
  std::atomic<bool> failed{false};
  std::atomic<bool> stop{false};

  const auto connect_start = SteadyClock::now();
  Status watch_status;
  std::thread readers([&] {
    watch_status = RunThreads(threads, [&](int t) -> Status {
      const size_t first = watchers * static_cast<size_t>(t) / static_cast<size_t>(threads);
      const size_t last = watchers * static_cast<size_t>(t + 1) / static_cast<size_t>(threads);
      std::vector<std::unique_ptr<WatchStream>> streams;
      std::vector<pollfd> fds;
      std::vector<bool> counted(last - first, false);
      for (size_t w = first; w < last && !failed; ++w) {
        Result<std::unique_ptr<WatchStream>> s = WatchStream::Open(tls.get(), endpoint, watch_path);
        if (!s.ok()) {
          failed = true;
          return s.status();
        }
        fds.push_back({.fd = (*s)->fd(), .events = POLLIN, .revents = 0});
        streams.push_back(std::move(*s));
      }
      while (!stop && !failed) {
        if (::poll(fds.data(), fds.size(), 50) < 0 && errno != EINTR) {
          failed = true;
          return Status::IOError("poll failed");
        }
        for (size_t i = 0; i < fds.size(); ++i) {
          if (fds[i].revents == 0) continue;
          std::vector<SteadyClock::time_point>& mine = arrived[first + i];
          Status st = streams[i]->ReadAvailable([&](std::string_view line) {
            const int64_t seq = SeqOf(line);
            if (seq < 0 || static_cast<size_t>(seq) >= updates) return;
            mine[static_cast<size_t>(seq)] = SteadyClock::now();
            delivered.fetch_add(1);
          });
          if (!st.ok()) {
            failed = true;
            return st;
          }
          if (!counted[i] && streams[i]->started()) {
            counted[i] = true;
            started.fetch_add(1);
          }
        }
      }
      return Status::Ok();
    });
  });

  auto finish = [&](Status s) {
    stop = true;
    readers.join();
    return watch_status.ok() ? s : watch_status;
  };

  if (!AwaitCount(started, static_cast<int64_t>(watchers), failed,
                  connect_start + std::chrono::seconds(120))) {
    return finish(Status::Timeout(std::to_string(started.load()) + " of " +
                                  std::to_string(watchers) + " watches started"));
  }
  const std::string label = "watch fan-out, " + std::to_string(watchers) + " watchers";
  std::printf("%-40s %9.1f ms   (%d client threads, poll)\n", (label + ", connect all:").c_str(),
              MillisBetween(connect_start, SteadyClock::now()), threads);
  if (Status s =
          PrintMemory(server, "server memory, " + std::to_string(watchers) + " watches open");
      !s.ok()) {
    return finish(s);
  }

  for (size_t i = 0; i < updates; ++i) {
    const std::string patch = R"({"data":{"seq":")" + std::to_string(i) + R"("}})";
    sent[i] = SteadyClock::now();
    auto res = admin->Patch((cm_path + "/fanout").c_str(), patch, "application/merge-patch+json");
    if (Status s = Expect(res, 200, "patch configmap fanout"); !s.ok()) return finish(s);
    const int64_t want = static_cast<int64_t>((i + 1) * watchers);
    if (!AwaitCount(delivered, want, failed, SteadyClock::now() + kEventTimeout)) {
      return finish(Status::Timeout("update " + std::to_string(i) + ": " +
                                    std::to_string(delivered.load()) + " of " +
                                    std::to_string(want) + " events arrived"));
    }
  }
  K1S_RETURN_IF_ERROR(finish(Status::Ok()));

  std::vector<double> millis;
  std::vector<double> slowest(updates, 0);
  millis.reserve(updates * watchers);
  for (const auto& mine : arrived) {
    for (size_t i = 0; i < updates; ++i) {
      const double ms = MillisBetween(sent[i], mine[i]);
      millis.push_back(ms);
      slowest[i] = std::max(slowest[i], ms);
    }
  }
  Percentiles p = Summarize(std::move(millis));
  Percentiles last = Summarize(std::move(slowest));
  std::printf("%-40s p50 %7.2f ms   p99 %7.2f ms  (%zu updates, %zu events)\n",
              (label + ", delivery:").c_str(), p.p50, p.p99, updates, p.samples);
  std::printf("%-40s p50 %7.2f ms   p99 %7.2f ms\n", (label + ", last watcher:").c_str(), last.p50,
              last.p99);
  return Status::Ok();
}

}  // namespace k1s::bench
