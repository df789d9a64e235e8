// bench_scheduler [--quick] [--nodes N --pods M]
//
// Scheduling throughput and latency, in process: a TestCluster (the real API
// server over an in-memory store, reached through in-process clients, as
// `k1s server` reaches it) with N Node objects created through the API and
// no kubelets, the real scheduler, and M pods created through the API.
// Two runs per size:
//  - "streaming": pods are created by 4 client threads while the scheduler
//    runs; prints pods bound per second (first create to last bind) and the
//    p50/p99 time from each pod's create call to the informer seeing it bound;
//  - "backlog": all pods exist before the scheduler starts; prints pods
//    bound per second, the scheduler's capacity when creation is no limit.
// Then the process's RSS (API server, store, informers and scheduler).
#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "pkg/client/testing/test_cluster.h"
#include "pkg/scheduler/scheduler.h"

namespace k1s::bench {
namespace {

using client::Json;
using Steady = std::chrono::steady_clock;

struct Size {
  int nodes = 0, pods = 0;
};

std::string Memory() {
  std::ifstream in("/proc/self/status");
  std::string line, rss, hwm;
  while (std::getline(in, line)) {
    if (line.rfind("VmRSS:", 0) == 0) rss = line.substr(6);
    if (line.rfind("VmHWM:", 0) == 0) hwm = line.substr(6);
  }
  auto mb = [](const std::string& kb) { return std::strtod(kb.c_str(), nullptr) / 1024; };
  char buf[128];
  std::snprintf(buf, sizeof buf, "%.0f MB RSS, %.0f MB peak", mb(rss), mb(hwm));
  return buf;
}

Json NodeJson(int i) {
  const std::string name = "node-" + std::to_string(i);
  return {{"apiVersion", "v1"},
          {"kind", "Node"},
          {"metadata",
           {{"name", name},
            {"labels", {{"kubernetes.io/hostname", name}, {"topology.kubernetes.io/zone", "zone-" + std::to_string(i % 3)}}}}},
          {"status",
           {{"capacity", {{"cpu", "32"}, {"memory", "256Gi"}, {"pods", "110"}}},
            {"allocatable", {{"cpu", "32"}, {"memory", "256Gi"}, {"pods", "110"}}},
            {"conditions", {{{"type", "Ready"}, {"status", "True"}}}}}}};
}

Json PodJson(int i) {
  return {{"apiVersion", "v1"},
          {"kind", "Pod"},
          {"metadata", {{"name", "pod-" + std::to_string(i)}, {"namespace", "default"}}},
          {"spec",
           {{"containers",
             {{{"name", "c"},
               {"image", "registry.k8s.io/pause:3.9"},
               {"resources", {{"requests", {{"cpu", "100m"}, {"memory", "128Mi"}}}}}}}}}}};
}

// Runs `f(i)` for i in [0, n) on `threads` threads.
template <typename F>
void Parallel(int n, int threads, F f) {
  std::atomic<int> next{0};
  std::vector<std::thread> ts;
  for (int t = 0; t < threads; ++t) {
    ts.emplace_back([&] {
      for (int i; (i = next++) < n;) f(i);
    });
  }
  for (auto& t : ts) t.join();
}

double Percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<size_t>(p * static_cast<double>(v.size())))];
}

// Records when the informer first sees each pod bound.
struct BindWatch {
  std::mutex mu;
  std::unordered_map<std::string, Steady::time_point> bound;
  std::atomic<int> count{0};
  void Attach(client::Informer& pods) {
    pods.AddEventHandler({nullptr,
                          [this](const client::ObjectPtr& old_pod, const client::ObjectPtr& pod) {
                            if ((*pod)["spec"].value("nodeName", "").empty()) return;
                            if (!(*old_pod)["spec"].value("nodeName", "").empty()) return;
                            const auto now = Steady::now();
                            std::lock_guard<std::mutex> lock(mu);
                            bound.emplace((*pod)["metadata"].value("name", ""), now);
                            ++count;
                          },
                          nullptr});
  }
  bool WaitAll(int n, std::chrono::seconds limit) {
    const auto deadline = Steady::now() + limit;
    while (count < n && Steady::now() < deadline) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    return count >= n;
  }
};

bool CreateNodes(client::TestCluster& cluster, int n) {
  std::atomic<bool> ok{true};
  // Status goes through nodes/status, as KWOK writes it: the API server
  // keeps no status given at create.
  Parallel(n, 4, [&](int i) {
    const Json node = NodeJson(i);
    client::Client& c = cluster.admin();
    if (!c.Create(client::resources::kNodes, "", node).ok() ||
        !c.Patch(client::resources::kNodes, "", node["metadata"]["name"].get<std::string>(),
                 client::PatchType::kMergePatch, Json{{"status", node["status"]}}, "status")
             .ok()) {
      ok = false;
    }
  });
  return ok;
}

// The scheduling thread's own rate: decisions (filter, score, assume) per
// second of time spent deciding, without the binding writes that run on the
// binder threads and the API server.
void PrintDecisionRate(const scheduler::Scheduler& sched) {
  const scheduler::SchedulerStats stats = sched.Stats();
  const double s = std::chrono::duration<double>(stats.deciding).count();
  const double attempts = static_cast<double>(stats.attempts);
  std::printf("%-36s %8.0f pods/s decided (%llu decisions, %.2f s deciding, %.1f us and %.0f nodes filtered each)\n",
              "  scheduling thread alone:", s > 0 ? attempts / s : 0.0,
              static_cast<unsigned long long>(stats.attempts), s, attempts > 0 ? s * 1e6 / attempts : 0.0,
              attempts > 0 ? static_cast<double>(stats.nodes_filtered) / attempts : 0.0);
}

std::unique_ptr<scheduler::Scheduler> StartScheduler(client::TestCluster& cluster, const Clock& clock) {
  auto s = scheduler::Scheduler::Start({}, cluster.admin(), cluster.informers(), clock, Logger());
  if (!s.ok()) {
    std::fprintf(stderr, "scheduler: %s\n", s.status().message().c_str());
    std::exit(1);
  }
  return std::move(*s);
}

int Streaming(const Size& size) {
  RealClock clock;
  client::TestCluster cluster;
  if (!CreateNodes(cluster, size.nodes)) return 1;
  BindWatch watch;
  watch.Attach(cluster.informers().For(client::resources::kPods));
  auto sched = StartScheduler(cluster, clock);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // caches filled
  std::vector<Steady::time_point> created(static_cast<size_t>(size.pods));
  const auto start = Steady::now();
  std::atomic<bool> ok{true};
  Parallel(size.pods, 4, [&](int i) {
    created[static_cast<size_t>(i)] = Steady::now();
    if (!cluster.admin().Create(client::resources::kPods, "default", PodJson(i)).ok()) ok = false;
  });
  const double create_s = std::chrono::duration<double>(Steady::now() - start).count();
  const bool all = watch.WaitAll(size.pods, std::chrono::seconds(300));
  const double total_s = std::chrono::duration<double>(Steady::now() - start).count();
  std::vector<double> latency;
  Steady::time_point last = start;
  {
    std::lock_guard<std::mutex> lock(watch.mu);
    for (int i = 0; i < size.pods; ++i) {
      auto it = watch.bound.find("pod-" + std::to_string(i));
      if (it == watch.bound.end()) continue;
      last = std::max(last, it->second);
      latency.push_back(std::chrono::duration<double, std::milli>(it->second - created[static_cast<size_t>(i)]).count());
    }
  }
  const double bind_s = std::chrono::duration<double>(last - start).count();
  char label[96];
  std::snprintf(label, sizeof label, "%d nodes, %d pods, streaming:", size.nodes, size.pods);
  std::printf("%-36s %8.0f pods/s bound   created %7.0f/s   create->bound p50 %7.1f ms  p99 %7.1f ms%s\n",
              label, static_cast<double>(latency.size()) / bind_s, size.pods / create_s, Percentile(latency, 0.5),
              Percentile(latency, 0.99), all && ok ? "" : "   (INCOMPLETE)");
  PrintDecisionRate(*sched);
  std::printf("%-36s %s\n", "  memory (whole process):", Memory().c_str());
  std::fflush(stdout);
  sched->Stop();
  (void)total_s;
  return all && ok ? 0 : 1;
}

int Backlog(const Size& size) {
  RealClock clock;
  client::TestCluster cluster;
  if (!CreateNodes(cluster, size.nodes)) return 1;
  std::atomic<bool> ok{true};
  Parallel(size.pods, 4, [&](int i) {
    if (!cluster.admin().Create(client::resources::kPods, "default", PodJson(i)).ok()) ok = false;
  });
  BindWatch watch;
  client::Informer& pods = cluster.informers().For(client::resources::kPods);
  watch.Attach(pods);
  pods.WaitForSync(std::chrono::seconds(60));
  const auto start = Steady::now();
  auto sched = StartScheduler(cluster, clock);
  const bool all = watch.WaitAll(size.pods, std::chrono::seconds(300));
  const double s = std::chrono::duration<double>(Steady::now() - start).count();
  char label[96];
  std::snprintf(label, sizeof label, "%d nodes, %d pods, backlog:", size.nodes, size.pods);
  std::printf("%-36s %8.0f pods/s bound   (%d in %.2f s)%s\n", label, watch.count / s, watch.count.load(), s,
              all && ok ? "" : "   (INCOMPLETE)");
  PrintDecisionRate(*sched);
  std::printf("%-36s %s\n", "  memory (whole process):", Memory().c_str());
  std::fflush(stdout);
  sched->Stop();
  return all && ok ? 0 : 1;
}

}  // namespace
}  // namespace k1s::bench

int main(int argc, char** argv) {
  std::vector<k1s::bench::Size> sizes = {{1000, 10000}, {5000, 30000}};
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--quick") == 0) {
      sizes = {{50, 500}};
    } else if (std::strcmp(argv[i], "--nodes") == 0 && i + 1 < argc) {
      sizes = {{std::atoi(argv[++i]), sizes[0].pods}};
    } else if (std::strcmp(argv[i], "--pods") == 0 && i + 1 < argc) {
      sizes[0].pods = std::atoi(argv[++i]);
    } else {
      std::fprintf(stderr, "usage: bench_scheduler [--quick] [--nodes N --pods M]\n");
      return 2;
    }
  }
  std::printf("in-process: TestCluster (real API server, in-memory store, in-process clients) + scheduler\n");
  int rc = 0;
  for (const auto& size : sizes) {
    rc |= k1s::bench::Streaming(size);
    rc |= k1s::bench::Backlog(size);
  }
  return rc;
}
