// bench_controllers [--quick] [--nodes N] [--replicas R] [--k1s PATH]
//
// The controllers at work in the real `k1s server` (child process,
// temporary data dir) with N simulated nodes, which stand in for kubelets:
// they are Node objects registered through the API, and they report each
// pod bound to them Running and Ready as a kubelet would. One Deployment of
// R replicas is created over HTTPS; the clock runs until every pod exists
// (the Deployment's status.replicas), is bound by the scheduler and is
// available. Then its image is changed and the clock runs until the rolling
// update has finished (every replica updated and available, the old
// ReplicaSet at zero), as `kubectl rollout status` would see it.
// Numbers, not pass/fail; see bench/README.md.
#include <sys/resource.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
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
  int nodes = 100;
  int replicas = 1000;
  std::string k1s = K1S_BINARY;
};

std::string DeploymentJson(int replicas) {
  const Json labels = {{"app", "web"}};
  Json container = {{"name", "web"}, {"image", "registry.k8s.io/pause:3.9"}};
  container["resources"]["requests"] = {{"cpu", "10m"}, {"memory", "16Mi"}};
  Json d = {{"apiVersion", "apps/v1"}, {"kind", "Deployment"}};
  d["metadata"]["name"] = "web";
  d["spec"]["replicas"] = replicas;
  d["spec"]["selector"]["matchLabels"] = labels;
  d["spec"]["template"]["metadata"]["labels"] = labels;
  d["spec"]["template"]["spec"]["containers"] = Json::array({container});
  return d.dump();
}

Result<Json> GetJson(httplib::SSLClient& client, const std::string& path) {
  auto r = client.Get(path);
  K1S_RETURN_IF_ERROR(Expect(r, 200, "GET " + path));
  return Json::parse(r->body);
}

// Polls `done` every 100 ms until it holds (or `timeout`); the seconds since `from`.
Result<double> WaitFor(const std::string& what, SteadyClock::time_point from, std::chrono::seconds timeout,
                       const std::function<Result<bool>()>& done) {
  const auto deadline = SteadyClock::now() + timeout;
  while (SteadyClock::now() < deadline) {
    K1S_ASSIGN_OR_RETURN(bool ok, done());
    if (ok) return MillisBetween(from, SteadyClock::now()) / 1000.0;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return Status::Timeout(what + " did not happen within " + std::to_string(timeout.count()) + " s");
}

void PrintMemory(const ServerProcess& server, const std::string& label) {
  auto m = server.Memory();
  if (!m.ok()) return;
  std::printf("%-48s VmRSS %7.1f MB   VmHWM %7.1f MB\n", (label + ":").c_str(), m->rss_kib / 1024.0,
              m->hwm_kib / 1024.0);
  std::fflush(stdout);
}

void PrintSeconds(const std::string& label, double seconds, const std::string& note = "") {
  std::printf("%-48s %8.2f s%s\n", (label + ":").c_str(), seconds, note.c_str());
  std::fflush(stdout);
}

Status Run(ServerProcess& server, const Config& config) {
  std::printf("%-48s %8.1f ms\n", "startup, exec to ready:", server.startup_ms());
  auto client = Connect(server.endpoint());
  client->set_read_timeout(120, 0);
  const auto boot = SteadyClock::now();
  K1S_ASSIGN_OR_RETURN(double nodes_s, WaitFor("all nodes Ready", boot, std::chrono::seconds(300), [&]() -> Result<bool> {
    K1S_ASSIGN_OR_RETURN(Json list, GetJson(*client, "/api/v1/nodes?labelSelector=k1s.io%2Fsimulated-node%3Dtrue"));
    int ready = 0;
    for (const Json& n : list["items"]) {
      for (const Json& c : n.value("status", Json::object()).value("conditions", Json::array())) {
        if (c["type"] == "Ready" && c["status"] == "True") ++ready;
      }
    }
    return ready == config.nodes;
  }));
  PrintSeconds("nodes, all " + std::to_string(config.nodes) + " Ready", nodes_s);
  K1S_RETURN_IF_ERROR(CreateNamespace(*client, "bench"));

  const std::string deployment = "/apis/apps/v1/namespaces/bench/deployments/web";
  const std::string unbound =
      "/api/v1/namespaces/bench/pods?labelSelector=app%3Dweb&fieldSelector=spec.nodeName%3D&limit=1";
  auto status = [&]() -> Result<Json> {
    K1S_ASSIGN_OR_RETURN(Json d, GetJson(*client, deployment));
    return d.value("status", Json::object());
  };
  const int64_t want = config.replicas;

  double cpu0 = server.CpuSeconds();
  const auto created_at = SteadyClock::now();
  K1S_RETURN_IF_ERROR(
      CreateObject(*client, "/apis/apps/v1/namespaces/bench/deployments", DeploymentJson(config.replicas)).status());
  K1S_ASSIGN_OR_RETURN(double all_created, WaitFor("all pods created", created_at, std::chrono::seconds(600),
                                                   [&]() -> Result<bool> {
                                                     K1S_ASSIGN_OR_RETURN(Json s, status());
                                                     return s.value("replicas", int64_t{0}) >= want;
                                                   }));
  PrintSeconds("deployment, all " + std::to_string(want) + " pods created", all_created);
  K1S_ASSIGN_OR_RETURN(double all_bound, WaitFor("all pods bound", created_at, std::chrono::seconds(600),
                                                 [&]() -> Result<bool> {
                                                   K1S_ASSIGN_OR_RETURN(Json list, GetJson(*client, unbound));
                                                   return list["items"].empty();
                                                 }));
  PrintSeconds("deployment, all pods bound", all_bound);
  K1S_ASSIGN_OR_RETURN(double all_available, WaitFor("all pods available", created_at, std::chrono::seconds(600),
                                                     [&]() -> Result<bool> {
                                                       K1S_ASSIGN_OR_RETURN(Json s, status());
                                                       return s.value("availableReplicas", int64_t{0}) >= want;
                                                     }));
  double cpu1 = server.CpuSeconds();
  PrintSeconds("deployment, all pods available", all_available);
  std::printf("%-48s %8.1f s CPU (%.2f cores)\n", "server CPU, create to available:", cpu1 - cpu0,
              (cpu1 - cpu0) / all_available);
  PrintMemory(server, "server memory, deployment available");

  // The rolling update: a new image, default strategy (25% surge and
  // unavailable).
  cpu0 = server.CpuSeconds();
  const auto updated_at = SteadyClock::now();
  auto r = client->Patch(deployment,
                         R"({"spec":{"template":{"spec":{"containers":[{"name":"web","image":"registry.k8s.io/pause:3.10"}]}}}})",
                         "application/strategic-merge-patch+json");
  K1S_RETURN_IF_ERROR(Expect(r, 200, "PATCH deployment image"));
  const int64_t generation = Json::parse(r->body)["metadata"].value("generation", int64_t{0});
  K1S_ASSIGN_OR_RETURN(double rolled, WaitFor("rollout finished", updated_at, std::chrono::seconds(900),
                                              [&]() -> Result<bool> {
                                                K1S_ASSIGN_OR_RETURN(Json s, status());
                                                return s.value("observedGeneration", int64_t{0}) >= generation &&
                                                       s.value("updatedReplicas", int64_t{0}) == want &&
                                                       s.value("replicas", int64_t{0}) == want &&
                                                       s.value("availableReplicas", int64_t{0}) == want;
                                              }));
  cpu1 = server.CpuSeconds();
  PrintSeconds("rolling update (new image), finished", rolled);
  std::printf("%-48s %8.1f s CPU (%.2f cores)\n", "server CPU, rolling update:", cpu1 - cpu0, (cpu1 - cpu0) / rolled);
  PrintMemory(server, "server memory, after the rollout");
  K1S_RETURN_IF_ERROR(server.Stop());
  std::printf("%-48s %8.1f ms\n", "shutdown, SIGTERM to exit:", server.stop_ms());
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
        std::fprintf(stderr, "bench_controllers: %s needs a value\n", arg.c_str());
        std::exit(2);
      }
      return argv[++i];
    };
    if (arg == "--quick") {
      config.nodes = 5;
      config.replicas = 50;
    } else if (arg == "--nodes") {
      config.nodes = std::atoi(value().c_str());
    } else if (arg == "--replicas") {
      config.replicas = std::atoi(value().c_str());
    } else if (arg == "--k1s") {
      config.k1s = value();
    } else {
      std::fprintf(stderr, "usage: bench_controllers [--quick] [--nodes N] [--replicas R] [--k1s PATH]\n");
      return 2;
    }
  }
  if (config.nodes <= 0 || config.replicas <= 0) {
    std::fprintf(stderr, "bench_controllers: --nodes and --replicas must be positive\n");
    return 2;
  }
  // The server reads these as it reads its flags (K1S_<FLAG>).
  ::setenv("K1S_SIMULATED_NODES", std::to_string(config.nodes).c_str(), 1);
  k1s::TempDir dir("bench-controllers");
  auto server = k1s::bench::ServerProcess::Start(config.k1s, dir.path(), std::chrono::seconds(120));
  if (!server.ok()) {
    std::fprintf(stderr, "bench_controllers: %s\n", server.status().ToString().c_str());
    return 1;
  }
  std::printf("k1s server, %d simulated nodes, one Deployment of %d replicas (real binary)\n", config.nodes,
              config.replicas);
  k1s::Status s = k1s::bench::Run(**server, config);
  size_t total = 0;
  auto problems = (*server)->Problems(&total);
  if (total > 0) {
    std::printf("server logged %zu warnings/errors; the first:\n", total);
    for (const auto& line : problems) std::printf("  %s\n", line.c_str());
  }
  if (!s.ok()) {
    std::fprintf(stderr, "bench_controllers: %s\n%s\n", s.ToString().c_str(), (*server)->Tail().c_str());
    return 1;
  }
  return 0;
}
