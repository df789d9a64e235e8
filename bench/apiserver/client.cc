#include "bench/apiserver/client.h"

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>

namespace k1s::bench {

Percentiles Summarize(std::vector<double> samples) {
  Percentiles p;
  p.samples = samples.size();
  if (samples.empty()) return p;
  std::sort(samples.begin(), samples.end());
  auto rank = [&](double q) {
    size_t i = static_cast<size_t>(q * static_cast<double>(samples.size()));
    return samples[std::min(i, samples.size() - 1)];
  };
  p.p50 = rank(0.50);
  p.p99 = rank(0.99);
  p.max = samples.back();
  return p;
}

std::unique_ptr<httplib::SSLClient> Connect(const Endpoint& endpoint) {
  auto client = std::make_unique<httplib::SSLClient>(endpoint.host, endpoint.port,
                                                     endpoint.cert_file, endpoint.key_file);
  client->set_ca_cert_path(endpoint.ca_file.c_str());
  client->enable_server_certificate_verification(true);
  client->set_keep_alive(true);
  // cpp-httplib writes a request's header and body separately: with Nagle on,
  // every POST would wait for the server's delayed ACK (~40 ms).
  client->set_tcp_nodelay(true);
  client->set_connection_timeout(std::chrono::seconds(10));
  client->set_read_timeout(std::chrono::seconds(60));
  client->set_write_timeout(std::chrono::seconds(60));
  return client;
}

Status Expect(const httplib::Result& r, int want, const std::string& what) {
  if (!r) return Status::IOError(what + ": " + httplib::to_string(r.error()));
  if (r->status != want) {
    return Status::Internal(what + ": status " + std::to_string(r->status) + ", want " +
                            std::to_string(want) + ": " + r->body.substr(0, 300));
  }
  return Status::Ok();
}

Result<std::string> CreateObject(httplib::SSLClient& client, const std::string& path,
                                 const std::string& body) {
  auto r = client.Post(path.c_str(), body, "application/json");
  K1S_RETURN_IF_ERROR(Expect(r, 201, "POST " + path));
  auto json = nlohmann::json::parse(r->body, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded()) return Status::Internal("POST " + path + ": reply is not JSON");
  return json["metadata"].value("resourceVersion", "");
}

Status CreateNamespace(httplib::SSLClient& client, const std::string& name) {
  return CreateObject(
             client, "/api/v1/namespaces",
             R"({"apiVersion":"v1","kind":"Namespace","metadata":{"name":")" + name + R"("}})")
      .status();
}

std::string ConfigMapJson(const std::string& name, int64_t seq) {
  nlohmann::json cm = {
      {"apiVersion", "v1"},
      {"kind", "ConfigMap"},
      {"metadata", {{"name", name}, {"labels", {{"app", "bench"}, {"tier", "apiserver"}}}}},
      {"data",
       {{"seq", std::to_string(seq)},
        {"config.yaml", "listen: 0.0.0.0:8080\nworkers: 4\nlog-level: info\n"},
        {"filler", std::string(120, 'x')}}}};
  return cm.dump();
}

std::string PodJson(const std::string& name) {
  auto container = [](const std::string& cname, const std::string& image) {
    return nlohmann::json{
        {"name", cname},
        {"image", image},
        {"command", {"/bin/server", "--port=8080", "--config=/etc/app/config.yaml"}},
        {"ports", {{{"name", "http"}, {"containerPort", 8080}, {"protocol", "TCP"}}}},
        {"env",
         {{{"name", "APP_MODE"}, {"value", "production"}},
          {{"name", "APP_REGION"}, {"value", "eu-central-1"}},
          {{"name", "APP_LOG_FORMAT"}, {"value", "json"}}}},
        {"resources",
         {{"requests", {{"cpu", "100m"}, {"memory", "128Mi"}}},
          {"limits", {{"cpu", "500m"}, {"memory", "256Mi"}}}}},
        {"volumeMounts", {{{"name", "config"}, {"mountPath", "/etc/app"}, {"readOnly", true}}}},
        {"readinessProbe",
         {{"httpGet", {{"path", "/healthz"}, {"port", 8080}}}, {"periodSeconds", 10}}}};
  };
  nlohmann::json pod = {
      {"apiVersion", "v1"},
      {"kind", "Pod"},
      {"metadata",
       {{"name", name},
        {"labels", {{"app", "bench"}, {"tier", "backend"}, {"release", "stable"}}},
        {"annotations",
         {{"bench.k1s.io/owner", "bench_apiserver"},
          {"bench.k1s.io/note", std::string(100, 'n')}}}}},
      {"spec",
       {{"containers",
         {container("app", "registry.example.com/team/app:1.2.3"),
          container("sidecar", "registry.example.com/team/sidecar:4.5.6")}},
        {"volumes", {{{"name", "config"}, {"configMap", {{"name", "app-config"}}}}}},
        {"restartPolicy", "Always"},
        {"terminationGracePeriodSeconds", 30}}}};
  return pod.dump();
}

Status RunThreads(int threads, const std::function<Status(int)>& fn) {
  std::mutex mu;
  Status first;  // guarded by mu
  std::vector<std::thread> pool;
  pool.reserve(static_cast<size_t>(threads));
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      Status s = fn(t);
      std::lock_guard<std::mutex> lock(mu);
      if (first.ok() && !s.ok()) first = std::move(s);
    });
  }
  for (std::thread& th : pool) th.join();
  return first;
}

Result<LoadResult> RunLoad(const Endpoint& endpoint, int threads,
                           std::chrono::milliseconds duration, int64_t max_ops, const Op& op) {
  std::vector<std::unique_ptr<httplib::SSLClient>> clients;
  for (int t = 0; t < threads; ++t) clients.push_back(Connect(endpoint));
  // The TLS handshakes are not what is measured.
  K1S_RETURN_IF_ERROR(RunThreads(threads, [&](int t) {
    return Expect(clients[static_cast<size_t>(t)]->Get("/version"), 200, "GET /version");
  }));

  std::atomic<int64_t> next{0};
  std::atomic<bool> failed{false};
  std::vector<std::vector<double>> latencies(static_cast<size_t>(threads));
  const auto start = SteadyClock::now();
  const auto deadline = start + duration;
  Status s = RunThreads(threads, [&](int t) -> Status {
    httplib::SSLClient& client = *clients[static_cast<size_t>(t)];
    std::vector<double>& mine = latencies[static_cast<size_t>(t)];
    while (!failed.load(std::memory_order_relaxed)) {
      const auto before = SteadyClock::now();
      if (before >= deadline) break;
      const int64_t seq = next.fetch_add(1);
      if (seq >= max_ops) break;
      Status st = op(client, t, seq);
      if (!st.ok()) {
        failed = true;
        return st;
      }
      mine.push_back(MillisBetween(before, SteadyClock::now()));
    }
    return Status::Ok();
  });
  const auto end = SteadyClock::now();
  K1S_RETURN_IF_ERROR(s);

  std::vector<double> all;
  for (auto& v : latencies) all.insert(all.end(), v.begin(), v.end());
  LoadResult r;
  r.ops = static_cast<int64_t>(all.size());
  r.seconds = std::chrono::duration<double>(end - start).count();
  r.latency_ms = Summarize(std::move(all));
  return r;
}

void PrintRate(const std::string& label, const LoadResult& r) {
  std::printf("%-40s %9.1f /s    p50 %7.2f ms   p99 %7.2f ms  (%lld calls)\n",
              (label + ":").c_str(), r.per_second(), r.latency_ms.p50, r.latency_ms.p99,
              static_cast<long long>(r.ops));
  std::fflush(stdout);
}

}  // namespace k1s::bench
