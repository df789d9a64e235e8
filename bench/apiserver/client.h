// HTTPS clients and measuring helpers for the API server benchmark.
#pragma once

#include <httplib.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "bench/apiserver/server_process.h"
#include "pkg/util/result.h"

namespace k1s::bench {

using SteadyClock = std::chrono::steady_clock;

inline double MillisBetween(SteadyClock::time_point from, SteadyClock::time_point to) {
  return std::chrono::duration<double, std::milli>(to - from).count();
}

struct Percentiles {
  double p50 = 0;
  double p99 = 0;
  double max = 0;
  size_t samples = 0;
};

// Nearest-rank percentiles; all zero for no samples.
Percentiles Summarize(std::vector<double> samples);

// A keep-alive client with the admin certificate that verifies the server
// against the cluster CA. Not thread-safe: one per thread.
std::unique_ptr<httplib::SSLClient> Connect(const Endpoint& endpoint);

// Ok if `r` is a reply with status `want`; otherwise says what came back.
Status Expect(const httplib::Result& r, int want, const std::string& what);

// POSTs `body` to `path` expecting 201 and returns the object's resourceVersion.
Result<std::string> CreateObject(httplib::SSLClient& client, const std::string& path,
                                 const std::string& body);
Status CreateNamespace(httplib::SSLClient& client, const std::string& name);

// A ConfigMap of about 300 bytes of JSON whose data.seq is `seq`.
std::string ConfigMapJson(const std::string& name, int64_t seq);
// A pod of about 1.5 KB of JSON: labels, annotations, two containers.
std::string PodJson(const std::string& name);

// Runs fn(0..threads-1) on that many threads and returns the first error.
Status RunThreads(int threads, const std::function<Status(int)>& fn);

// One client call: `op` gets its thread's client, the thread number and a
// sequence number unique across threads.
using Op = std::function<Status(httplib::SSLClient& client, int thread, int64_t seq)>;

struct LoadResult {
  int64_t ops = 0;
  double seconds = 0;
  Percentiles latency_ms;
  double per_second() const { return seconds > 0 ? static_cast<double>(ops) / seconds : 0; }
};

// `threads` clients (connected and warmed up before the clock starts) call
// `op` back to back until `duration` has passed or `max_ops` calls were
// started, whichever comes first. Fails on the first failing call.
Result<LoadResult> RunLoad(const Endpoint& endpoint, int threads,
                           std::chrono::milliseconds duration, int64_t max_ops, const Op& op);

// "label:   1234.5 /s   p50 0.81 ms   p99 2.10 ms  (N calls)"
void PrintRate(const std::string& label, const LoadResult& r);

}  // namespace k1s::bench
