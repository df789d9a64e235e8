// bench_apiserver [--quick] [--k1s PATH]
//
// Throughput, latency and memory numbers of the real `k1s server` binary,
// driven over HTTPS with the admin client certificate. Prints numbers, not
// pass/fail; see bench/README.md.
#include <sys/resource.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <string>

#include "bench/apiserver/phases.h"
#include "pkg/util/temp_dir.h"

#ifndef K1S_BINARY
#define K1S_BINARY "k1s"
#endif

namespace k1s::bench {
namespace {

BenchConfig QuickConfig() {
  BenchConfig c;
  c.phase_duration = std::chrono::milliseconds(400);
  c.many_clients = 8;
  c.list_size = 100;
  c.watchers = 50;
  c.watch_threads = 2;
  c.watch_updates = 20;
  c.pods = 300;
  c.pod_list_iterations = 2;
  return c;
}

// Every watch is a socket here and in the server (which inherits the limit).
void RaiseFileLimit(int watchers) {
  rlimit lim{};
  if (::getrlimit(RLIMIT_NOFILE, &lim) != 0) return;
  const rlim_t want = static_cast<rlim_t>(watchers) + 512;
  if (lim.rlim_cur >= want) return;
  lim.rlim_cur = lim.rlim_max == RLIM_INFINITY ? want : std::min(want, lim.rlim_max);
  ::setrlimit(RLIMIT_NOFILE, &lim);
}

Status Run(ServerProcess& server, const BenchConfig& config) {
  std::printf("%-40s %9.1f ms   (server says ready in %lld ms)\n",
              "startup, exec to ready:", server.startup_ms(),
              static_cast<long long>(server.reported_ready_ms()));
  K1S_RETURN_IF_ERROR(PrintMemory(server, "server memory, idle"));
  K1S_RETURN_IF_ERROR(RunConfigMapPhases(server.endpoint(), config));
  K1S_RETURN_IF_ERROR(RunPodPhase(server, config));
  K1S_RETURN_IF_ERROR(RunWatchPhase(server, config));
  K1S_RETURN_IF_ERROR(PrintMemory(server, "server memory, at the end"));
  K1S_RETURN_IF_ERROR(server.Stop());
  std::printf("%-40s %9.1f ms\n", "shutdown, SIGTERM to exit:", server.stop_ms());
  return Status::Ok();
}

}  // namespace
}  // namespace k1s::bench

int main(int argc, char** argv) {
  using namespace k1s;
  bench::BenchConfig config;
  std::string k1s_binary = K1S_BINARY;
  bool quick = false;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--quick") == 0) {
      quick = true;
    } else if (std::strcmp(argv[i], "--k1s") == 0 && i + 1 < argc) {
      k1s_binary = argv[++i];
    } else {
      std::fprintf(stderr, "usage: bench_apiserver [--quick] [--k1s PATH]\n");
      return 2;
    }
  }
  if (quick) config = bench::QuickConfig();
  bench::RaiseFileLimit(config.watchers);

  TempDir dir("bench_apiserver");
  Result<std::unique_ptr<bench::ServerProcess>> server =
      bench::ServerProcess::Start(k1s_binary, dir.path(), std::chrono::seconds(60));
  if (!server.ok()) {
    std::fprintf(stderr, "bench_apiserver: %s\n", server.status().ToString().c_str());
    return 1;
  }
  std::printf("bench_apiserver%s: %s server, pid %d, https://%s:%d, data in %s\n",
              quick ? " --quick" : "", k1s_binary.c_str(), (*server)->pid(),
              (*server)->endpoint().host.c_str(), (*server)->endpoint().port, dir.path().c_str());
  std::fflush(stdout);
  Status s = bench::Run(**server, config);

  size_t problems = 0;
  std::vector<std::string> first = (*server)->Problems(&problems);
  if (problems > 0) {
    std::printf("server logged %zu warning/error lines; the first:\n", problems);
    for (const std::string& line : first) std::printf("  %s\n", line.c_str());
  }
  if (!s.ok()) {
    std::fprintf(stderr, "bench_apiserver: %s\nserver log ends:\n%s", s.ToString().c_str(),
                 (*server)->Tail().c_str());
    return 1;
  }
  return 0;
}
