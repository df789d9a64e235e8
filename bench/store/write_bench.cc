// Write throughput and on-disk size phases.
#include <atomic>
#include <cstdio>
#include <thread>

#include "bench/store/measure.h"
#include "bench/store/phases.h"

namespace k1s::bench {
namespace {

// About what a small Kubernetes object weighs as JSON.
std::string ObjectValue(size_t n) { return std::string(400, 'x') + std::to_string(n); }

}  // namespace

Status RunCreatePhase(store::Store& store, const std::string& prefix, int threads,
                      std::chrono::milliseconds duration, std::vector<std::string>& keys) {
  std::vector<std::vector<std::string>> created(static_cast<size_t>(threads));
  const auto start = SteadyClock::now();
  const auto deadline = start + duration;
  Status s = RunThreads(threads, [&](int t) -> Status {
    std::vector<std::string>& mine = created[static_cast<size_t>(t)];
    while (SteadyClock::now() < deadline) {
      std::string key = prefix + "t" + std::to_string(t) + "/" + std::to_string(mine.size());
      Result<store::KeyValue> kv = store.Create(key, ObjectValue(mine.size()));
      if (!kv.ok()) return kv.status();
      mine.push_back(std::move(key));
    }
    return Status::Ok();
  });
  const double seconds = std::chrono::duration<double>(SteadyClock::now() - start).count();
  if (!s.ok()) return s;
  size_t total = 0;
  for (std::vector<std::string>& v : created) {
    total += v.size();
    for (std::string& k : v) keys.push_back(std::move(k));
  }
  const std::string label =
      "create, " + std::to_string(threads) + " writer thread" + (threads == 1 ? ":" : "s:");
  std::printf("%-32s %9.0f creates/s  (%zu creates in %.2f s)\n", label.c_str(),
              static_cast<double>(total) / seconds, total, seconds);
  return Status::Ok();
}

Status RunSizePhase(const std::string& dir, const BenchConfig& config) {
  store::SqliteOptions options;
  options.path = dir + "/size.db";
  options.history_window = 1000;
  options.compact_interval = std::chrono::milliseconds(200);
  K1S_ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store, store::OpenSqliteStore(options));
  const std::string key = "/bench/size/one";
  K1S_ASSIGN_OR_RETURN(store::KeyValue first, store->Create(key, ObjectValue(0)));
  (void)first;

  // Unconditional updates from many threads, so that group commit makes
  // 100,000 fsync'ed writes take seconds rather than minutes.
  constexpr int kThreads = 32;
  std::atomic<int> next{0};
  const auto start = SteadyClock::now();
  K1S_RETURN_IF_ERROR(RunThreads(kThreads, [&](int) -> Status {
    for (int n; (n = next.fetch_add(1)) < config.size_updates;) {
      Result<store::KeyValue> kv = store->Update(key, ObjectValue(static_cast<size_t>(n)), 0);
      if (!kv.ok()) return kv.status();
    }
    return Status::Ok();
  }));
  const double seconds = std::chrono::duration<double>(SteadyClock::now() - start).count();

  auto report = [&](const std::string& label) -> Status {
    K1S_ASSIGN_OR_RETURN(store::Stats stats, store->GetStats());
    std::printf("%-32s %9.2f MB file+wal  (history rows %lld, compacted to rev %lld of %lld)\n",
                label.c_str(), static_cast<double>(DatabaseBytes(options.path)) / 1e6,
                static_cast<long long>(stats.history_rows),
                static_cast<long long>(stats.compacted_revision),
                static_cast<long long>(stats.current_revision));
    return Status::Ok();
  };
  std::printf("%-32s %9.0f updates/s  (%d updates in %.2f s)\n",
              "update one key, 32 threads:", static_cast<double>(config.size_updates) / seconds,
              config.size_updates, seconds);
  K1S_RETURN_IF_ERROR(report("db size after " + std::to_string(config.size_updates) + " updates:"));
  K1S_RETURN_IF_ERROR(store->Compact(store->CurrentRevision()));
  // Several intervals, so the automatic compaction and WAL checkpoint have run.
  std::this_thread::sleep_for(options.compact_interval * 5);
  return report("db size compacted+checkpointed:");
}

}  // namespace k1s::bench
