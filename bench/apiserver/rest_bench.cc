// ConfigMap creates, gets and lists from 1 and from many clients.
#include <cstdint>
#include <cstdio>
#include <mutex>
#include <nlohmann/json.hpp>

#include "bench/apiserver/client.h"
#include "bench/apiserver/phases.h"

namespace k1s::bench {
namespace {

constexpr int64_t kUnlimited = INT64_MAX;
const std::string kCreateNs = "bench-create";
const std::string kListNs = "bench-list";

std::string Clients(int n) { return std::to_string(n) + (n == 1 ? " client" : " clients"); }

}  // namespace

Status RunConfigMapPhases(const Endpoint& endpoint, const BenchConfig& config) {
  auto admin = Connect(endpoint);
  K1S_RETURN_IF_ERROR(CreateNamespace(*admin, kCreateNs));
  K1S_RETURN_IF_ERROR(CreateNamespace(*admin, kListNs));
  const std::string create_path = "/api/v1/namespaces/" + kCreateNs + "/configmaps";
  const std::vector<int> client_counts = {1, config.many_clients};

  std::mutex mu;
  std::vector<std::string> names;  // guarded by mu while creating
  for (int clients : client_counts) {
    const std::string prefix = "cm" + std::to_string(clients) + "-";
    K1S_ASSIGN_OR_RETURN(
        LoadResult r, RunLoad(endpoint, clients, config.phase_duration, kUnlimited,
                              [&](httplib::SSLClient& c, int, int64_t seq) -> Status {
                                const std::string name = prefix + std::to_string(seq);
                                auto res = c.Post(create_path.c_str(), ConfigMapJson(name, seq),
                                                  "application/json");
                                K1S_RETURN_IF_ERROR(Expect(res, 201, "create configmap " + name));
                                std::lock_guard<std::mutex> lock(mu);
                                names.push_back(name);
                                return Status::Ok();
                              }));
    PrintRate("create configmap, " + Clients(clients), r);
  }

  for (int clients : client_counts) {
    K1S_ASSIGN_OR_RETURN(LoadResult r,
                         RunLoad(endpoint, clients, config.phase_duration, kUnlimited,
                                 [&](httplib::SSLClient& c, int, int64_t seq) -> Status {
                                   // A multiplicative hash spreads the gets over all names.
                                   const uint64_t h =
                                       static_cast<uint64_t>(seq) * 0x9E3779B97F4A7C15ull;
                                   const std::string& name = names[(h >> 17) % names.size()];
                                   auto res = c.Get((create_path + "/" + name).c_str());
                                   return Expect(res, 200, "get configmap " + name);
                                 }));
    PrintRate("get configmap, " + Clients(clients), r);
  }

  const std::string list_path = "/api/v1/namespaces/" + kListNs + "/configmaps";
  for (int i = 0; i < config.list_size; ++i) {
    auto res = admin->Post(list_path.c_str(), ConfigMapJson("item-" + std::to_string(i), i),
                           "application/json");
    K1S_RETURN_IF_ERROR(Expect(res, 201, "create configmap in " + kListNs));
  }
  auto first = admin->Get(list_path.c_str());
  K1S_RETURN_IF_ERROR(Expect(first, 200, "list " + kListNs));
  auto json = nlohmann::json::parse(first->body, nullptr, /*allow_exceptions=*/false);
  // The namespace also holds what controllers put there (kube-root-ca.crt).
  if (json.is_discarded() || json["items"].size() < static_cast<size_t>(config.list_size)) {
    return Status::Internal("list " + kListNs + " did not return at least " +
                            std::to_string(config.list_size) + " items");
  }
  const std::string per_list = std::to_string(config.list_size) + " configmaps";
  for (int clients : client_counts) {
    K1S_ASSIGN_OR_RETURN(LoadResult r, RunLoad(endpoint, clients, config.phase_duration, kUnlimited,
                                               [&](httplib::SSLClient& c, int, int64_t) -> Status {
                                                 return Expect(c.Get(list_path.c_str()), 200,
                                                               "list " + kListNs);
                                               }));
    PrintRate("list " + per_list + ", " + Clients(clients), r);
  }
  std::printf("%-40s %9.1f KB\n", ("list " + per_list + ", reply size:").c_str(),
              static_cast<double>(first->body.size()) / 1024);
  return Status::Ok();
}

}  // namespace k1s::bench
