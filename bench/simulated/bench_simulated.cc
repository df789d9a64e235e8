// bench_simulated [--quick] [--nodes N] [--pods P] [--clients C] [--k1s PATH]
//
// The real `k1s server --simulated-nodes N` as a child process (temporary
// data dir, cluster CIDR 10.128.0.0/12 so 4,096 node /24s fit), then P pods
// created over HTTPS with spec.nodeName set round-robin (no scheduler in the
// loop). Prints the time until every node is Ready and every pod Running,
// the server's CPU (from /proc/<pid>/stat) and memory (VmRSS, VmHWM) along
// the way. Numbers, not pass/fail; see bench/README.md.
#include <sys/resource.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

#include <nlohmann/json.hpp>

#include "bench/apiserver/client.h"
#include "bench/apiserver/server_process.h"
#include "pkg/util/temp_dir.h"

#ifndef K1S_BINARY
#define K1S_BINARY "k1s"
#endif

namespace k1s::bench {
namespace {

using Json = nlohmann::json;

struct Config {
  int nodes = 1000;
  int pods = 100000;
  int clients = 16;
  std::string k1s = K1S_BINARY;
  std::chrono::seconds steady_window{10};
};

Status PrintMemory(const ServerProcess& server, const std::string& label) {
  K1S_ASSIGN_OR_RETURN(ServerMemory m, server.Memory());
  std::printf("%-44s VmRSS %7.1f MB   VmHWM %7.1f MB\n", (label + ":").c_str(), m.rss_kib / 1024.0,
              m.hwm_kib / 1024.0);
  std::fflush(stdout);
  return Status::Ok();
}

std::string NodeName(int i, int count) {
  std::string digits = std::to_string(i + 1);
  const size_t width = std::max<size_t>(4, std::to_string(count).size());
  if (digits.size() < width) digits.insert(0, width - digits.size(), '0');
  return "sim-node-" + digits;
}

// A small pod (~300 bytes) bound to `node`.
std::string PodJson(const std::string& name, const std::string& node) {
  return Json{{"apiVersion", "v1"},
              {"kind", "Pod"},
              {"metadata", {{"name", name}, {"labels", {{"app", "bench"}}}}},
              {"spec",
               {{"nodeName", node},
                {"containers", Json::array({{{"name", "app"}, {"image", "registry.k8s.io/pause:3.9"}}})}}}}
      .dump();
}

// How many items the list at `path` has in its first page.
Result<size_t> Count(httplib::SSLClient& client, const std::string& path) {
  auto r = client.Get(path);
  K1S_RETURN_IF_ERROR(Expect(r, 200, "GET " + path));
  return Json::parse(r->body)["items"].size();
}

// How many items the list at `path` (which has a query) has in all, read in
// pages of 500 as kubectl and client-go's reflectors read large lists.
Result<size_t> CountAll(httplib::SSLClient& client, const std::string& path) {
  size_t total = 0;
  std::string next;
  do {
    const std::string page = path + "&limit=500" + (next.empty() ? "" : "&continue=" + next);
    auto r = client.Get(page);
    K1S_RETURN_IF_ERROR(Expect(r, 200, "GET " + page));
    const Json list = Json::parse(r->body);
    total += list["items"].size();
    next = list["metadata"].value("continue", "");
  } while (!next.empty());
  return total;
}

// Polls until `done` says so (or `timeout`); returns the seconds it took.
Result<double> WaitFor(const std::string& what, std::chrono::seconds timeout,
                       const std::function<Result<bool>()>& done) {
  const auto start = SteadyClock::now();
  while (SteadyClock::now() - start < timeout) {
    K1S_ASSIGN_OR_RETURN(bool ok, done());
    if (ok) return MillisBetween(start, SteadyClock::now()) / 1000.0;
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
  }
  return Status::Timeout(what + " did not happen within " + std::to_string(timeout.count()) + " s");
}

Status Run(ServerProcess& server, const Config& config) {
  std::printf("%-44s %9.1f ms\n", "startup, exec to ready:", server.startup_ms());
  auto client = Connect(server.endpoint());
  client->set_read_timeout(120, 0);

  // Nodes: all Ready (a field selector cannot see conditions: count them).
  K1S_ASSIGN_OR_RETURN(double nodes_s, WaitFor("all nodes Ready", std::chrono::seconds(300), [&]() -> Result<bool> {
    auto r = client->Get("/api/v1/nodes?labelSelector=k1s.io%2Fsimulated-node%3Dtrue");
    K1S_RETURN_IF_ERROR(Expect(r, 200, "list nodes"));
    int ready = 0;
    const Json list = Json::parse(r->body);
    for (const Json& n : list["items"]) {
      const Json conditions = n.value("status", Json::object()).value("conditions", Json::array());
      for (const Json& c : conditions) {
        if (c["type"] == "Ready" && c["status"] == "True") ++ready;
      }
    }
    return ready == config.nodes;
  }));
  std::printf("%-44s %9.2f s after ready (%d nodes)\n", "nodes, all Ready:", nodes_s, config.nodes);
  std::this_thread::sleep_for(std::chrono::seconds(2));
  K1S_RETURN_IF_ERROR(PrintMemory(server, "server memory, nodes registered"));
  double cpu0 = server.CpuSeconds();
  std::this_thread::sleep_for(config.steady_window);
  double cpu1 = server.CpuSeconds();
  std::printf("%-44s %9.3f cores\n", "server CPU, idle nodes (leases)", (cpu1 - cpu0) / config.steady_window.count());

  K1S_RETURN_IF_ERROR(CreateNamespace(*client, "bench"));
  const double cpu_before = server.CpuSeconds();
  const auto created_at = SteadyClock::now();
  K1S_ASSIGN_OR_RETURN(
      LoadResult load,
      RunLoad(server.endpoint(), config.clients, std::chrono::hours(1), config.pods,
              [&](httplib::SSLClient& c, int, int64_t seq) -> Status {
                const std::string name = "p-" + std::to_string(seq);
                // The status code is all the load needs: parsing each reply
                // would spend the cores the server is measured on.
                const std::string body = PodJson(name, NodeName(static_cast<int>(seq % config.nodes), config.nodes));
                return Expect(c.Post("/api/v1/namespaces/bench/pods", body, "application/json"), 201, "POST pod");
              }));
  PrintRate("create pods (nodeName set), " + std::to_string(config.clients) + " clients", load);
  K1S_RETURN_IF_ERROR(PrintMemory(server, "server memory, pods created"));

  // Not Running: one item is enough to know some are left.
  const std::string not_running = "/api/v1/namespaces/bench/pods?fieldSelector=status.phase%21%3DRunning&limit=1";
  K1S_ASSIGN_OR_RETURN(double running_s, WaitFor("all pods Running", std::chrono::seconds(600), [&]() -> Result<bool> {
    K1S_ASSIGN_OR_RETURN(size_t left, Count(*client, not_running));
    return left == 0;
  }));
  const double to_running = MillisBetween(created_at, SteadyClock::now()) / 1000.0;
  const double cpu_after = server.CpuSeconds();
  std::printf("%-44s %9.2f s from the first create (%.2f s after the last)\n", "pods, all Running:", to_running,
              running_s);
  std::printf("%-44s %9.1f s CPU (%.2f cores)\n", "server CPU, creates to all Running", cpu_after - cpu_before,
              (cpu_after - cpu_before) / to_running);
  K1S_ASSIGN_OR_RETURN(size_t running,
                       CountAll(*client, "/api/v1/namespaces/bench/pods?fieldSelector=status.phase%3DRunning"));
  std::printf("%-44s %9zu\n", "pods Running (listed):", running);
  K1S_RETURN_IF_ERROR(PrintMemory(server, "server memory, all Running"));

  cpu0 = server.CpuSeconds();
  std::this_thread::sleep_for(config.steady_window);
  cpu1 = server.CpuSeconds();
  std::printf("%-44s %9.3f cores over %lld s\n", "server CPU, steady state", (cpu1 - cpu0) / config.steady_window.count(),
              static_cast<long long>(config.steady_window.count()));
  K1S_RETURN_IF_ERROR(PrintMemory(server, "server memory, steady state"));
  K1S_RETURN_IF_ERROR(server.Stop());
  std::printf("%-44s %9.1f ms\n", "shutdown, SIGTERM to exit:", server.stop_ms());
  return Status::Ok();
}

}  // namespace
}  // namespace k1s::bench

int main(int argc, char** argv) {
  using k1s::bench::Config;
  Config config;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "bench_simulated: %s needs a value\n", arg.c_str());
        std::exit(2);
      }
      return argv[++i];
    };
    if (arg == "--quick") {
      config.nodes = 10;
      config.pods = 200;
      config.clients = 4;
      config.steady_window = std::chrono::seconds(2);
    } else if (arg == "--nodes") {
      config.nodes = std::atoi(value().c_str());
    } else if (arg == "--pods") {
      config.pods = std::atoi(value().c_str());
    } else if (arg == "--clients") {
      config.clients = std::atoi(value().c_str());
    } else if (arg == "--k1s") {
      config.k1s = value();
    } else {
      std::fprintf(stderr, "usage: bench_simulated [--quick] [--nodes N] [--pods P] [--clients C] [--k1s PATH]\n");
      return 2;
    }
  }
  // The server reads these as it reads its flags (K1S_<FLAG>).
  ::setenv("K1S_SIMULATED_NODES", std::to_string(config.nodes).c_str(), 1);
  ::setenv("K1S_CLUSTER_CIDR", "10.128.0.0/12", 1);
  rlimit lim{};
  if (::getrlimit(RLIMIT_NOFILE, &lim) == 0 && lim.rlim_cur < 4096 && lim.rlim_max >= 4096) {
    lim.rlim_cur = 4096;
    ::setrlimit(RLIMIT_NOFILE, &lim);
  }
  k1s::TempDir dir("bench-simulated");
  auto server = k1s::bench::ServerProcess::Start(config.k1s, dir.path(), std::chrono::seconds(120));
  if (!server.ok()) {
    std::fprintf(stderr, "bench_simulated: %s\n", server.status().ToString().c_str());
    return 1;
  }
  std::printf("k1s server, %d simulated nodes, %d pods, in-process simulation (real binary)\n", config.nodes,
              config.pods);
  k1s::Status s = k1s::bench::Run(**server, config);
  size_t total = 0;
  auto problems = (*server)->Problems(&total);
  if (total > 0) {
    std::printf("server logged %zu warnings/errors; the first:\n", total);
    for (const auto& line : problems) std::printf("  %s\n", line.c_str());
  }
  if (!s.ok()) {
    std::fprintf(stderr, "bench_simulated: %s\n%s\n", s.ToString().c_str(), (*server)->Tail().c_str());
    return 1;
  }
  return 0;
}
