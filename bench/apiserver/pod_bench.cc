// Memory with many stored objects: 10,000 pods, then listing them all,
// with and without field selectors.
#include <cstdio>
#include <string>
#include <utility>
#include <vector>

#include "bench/apiserver/client.h"
#include "bench/apiserver/phases.h"

namespace k1s::bench {

Status PrintMemory(const ServerProcess& server, const std::string& label) {
  K1S_ASSIGN_OR_RETURN(ServerMemory m, server.Memory());
  std::printf("%-40s %9.1f MB RSS   %7.1f MB peak (VmHWM)\n", (label + ":").c_str(),
              static_cast<double>(m.rss_kib) / 1024, static_cast<double>(m.hwm_kib) / 1024);
  std::fflush(stdout);
  return Status::Ok();
}

Status RunPodPhase(const ServerProcess& server, const BenchConfig& config) {
  const Endpoint& endpoint = server.endpoint();
  const std::string ns = "bench-pods";
  auto admin = Connect(endpoint);
  K1S_RETURN_IF_ERROR(CreateNamespace(*admin, ns));
  const std::string path = "/api/v1/namespaces/" + ns + "/pods";
  const std::string pods = std::to_string(config.pods) + " pods";

  K1S_ASSIGN_OR_RETURN(LoadResult r,
                       RunLoad(endpoint, config.many_clients, std::chrono::hours(1), config.pods,
                               [&](httplib::SSLClient& c, int, int64_t seq) -> Status {
                                 const std::string name = "pod-" + std::to_string(seq);
                                 auto res = c.Post(path.c_str(), PodJson(name), "application/json");
                                 return Expect(res, 201, "create pod " + name);
                               }));
  PrintRate("create pod (~1.5 KB), " + std::to_string(config.many_clients) + " clients", r);
  K1S_RETURN_IF_ERROR(PrintMemory(server, "server memory, " + pods + " stored"));

  // The pods are unbound, so Pending: one selector keeps them all, the
  // other none, and both read every stored pod.
  const std::pair<std::string, std::string> lists[] = {
      {"list " + pods, path},
      {"  fieldSelector keeping all", path + "?fieldSelector=status.phase%3DPending"},
      {"  fieldSelector keeping none", path + "?fieldSelector=spec.nodeName%3Dnone"},
  };
  for (const auto& [label, target] : lists) {
    std::vector<double> millis;
    size_t bytes = 0;
    for (int i = 0; i < config.pod_list_iterations; ++i) {
      const auto before = SteadyClock::now();
      auto res = admin->Get(target.c_str());
      millis.push_back(MillisBetween(before, SteadyClock::now()));
      K1S_RETURN_IF_ERROR(Expect(res, 200, label));
      bytes = res->body.size();
    }
    Percentiles p = Summarize(std::move(millis));
    std::printf("%-40s p50 %7.1f ms   max %7.1f ms  (%zu lists, %.1f MB each)\n",
                (label + ", 1 client:").c_str(), p.p50, p.max, p.samples,
                static_cast<double>(bytes) / (1024 * 1024));
  }
  return PrintMemory(server, "server memory, after the pod lists");
}

}  // namespace k1s::bench
