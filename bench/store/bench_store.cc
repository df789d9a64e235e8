// bench_store [--quick] [--dir DIR]
//
// Throughput, latency and size numbers of the SQLite store on a real file
// (WAL, synchronous=FULL). Prints numbers, not pass/fail; see bench/README.md.
#include <cstdio>
#include <cstring>
#include <string>

#include "bench/store/measure.h"
#include "bench/store/phases.h"

namespace k1s::bench {
namespace {

BenchConfig QuickConfig() {
  BenchConfig c;
  c.create_duration = std::chrono::milliseconds(500);
  c.get_samples = 2000;
  c.list_keys = 2000;
  c.list_iterations = 3;
  c.watch_writes = 200;
  c.size_updates = 5000;
  return c;
}

Status Run(const std::string& dir, const BenchConfig& config) {
  store::SqliteOptions options;
  options.path = dir + "/bench.db";
  K1S_ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store, store::OpenSqliteStore(options));

  std::vector<std::string> keys;
  K1S_RETURN_IF_ERROR(RunCreatePhase(*store, "/bench/create1/", 1, config.create_duration, keys));
  K1S_RETURN_IF_ERROR(RunCreatePhase(*store, "/bench/create32/", 32, config.create_duration, keys));
  K1S_RETURN_IF_ERROR(RunGetPhase(*store, keys, config));
  K1S_RETURN_IF_ERROR(RunListPhase(*store, config));
  K1S_RETURN_IF_ERROR(RunWatchPhase(*store, 1, config));
  K1S_RETURN_IF_ERROR(RunWatchPhase(*store, 100, config));
  store->Close();
  store.reset();

  K1S_RETURN_IF_ERROR(RunSizePhase(dir, config));

  K1S_ASSIGN_OR_RETURN(int64_t rss_kib, PeakRssKib());
  std::printf("%-32s %9.1f MB\n", "peak RSS (VmHWM):", static_cast<double>(rss_kib) / 1024);
  return Status::Ok();
}

}  // namespace
}  // namespace k1s::bench

int main(int argc, char** argv) {
  using namespace k1s;
  bench::BenchConfig config;
  std::string parent = "/tmp";
  bool quick = false;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--quick") == 0) {
      quick = true;
    } else if (std::strcmp(argv[i], "--dir") == 0 && i + 1 < argc) {
      parent = argv[++i];
    } else {
      std::fprintf(stderr, "usage: bench_store [--quick] [--dir DIR]\n");
      return 2;
    }
  }
  if (quick) config = bench::QuickConfig();

  Result<bench::TempDir> dir = bench::TempDir::Create(parent);
  if (!dir.ok()) {
    std::fprintf(stderr, "bench_store: %s\n", dir.status().ToString().c_str());
    return 1;
  }
  std::printf("bench_store%s: database in %s (WAL, synchronous=FULL)\n", quick ? " --quick" : "",
              dir->path().c_str());
  std::fflush(stdout);
  Status s = bench::Run(dir->path(), config);
  if (!s.ok()) {
    std::fprintf(stderr, "bench_store: %s\n", s.ToString().c_str());
    return 1;
  }
  return 0;
}
