// The API server benchmark's phases. Each drives a running `k1s server`
// over HTTPS, prints one or a few labelled lines on stdout, and returns an
// error only if a request failed (a failing server has no meaningful numbers).
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "bench/apiserver/server_process.h"
#include "pkg/util/status.h"

namespace k1s::bench {

struct BenchConfig {
  std::chrono::milliseconds phase_duration{4000};  // each create/get/list run
  int many_clients = 32;
  int list_size = 100;  // ConfigMaps in the listed namespace
  int watchers = 1000;
  int watch_threads = 4;  // each polls watchers/watch_threads sockets
  int watch_updates = 200;
  int pods = 10000;
  int pod_list_iterations = 5;
};

// Creates ConfigMaps in a fresh namespace with 1 and with config.many_clients
// clients; then gets random ones of them, and lists a namespace of
// config.list_size, with as many clients. Prints calls/s.
Status RunConfigMapPhases(const Endpoint& endpoint, const BenchConfig& config);

// config.watchers watches on one namespace, then config.watch_updates
// sequential updates of a ConfigMap there, each awaited by every watcher.
// Prints connect time, server RSS with the watches open and p50/p99 delivery
// latency.
Status RunWatchPhase(const ServerProcess& server, const BenchConfig& config);

// Creates config.pods pods with config.many_clients clients, prints creates/s
// and the server's memory, then the latency of listing them all.
Status RunPodPhase(const ServerProcess& server, const BenchConfig& config);

// "label:   123.4 MB RSS   456.7 MB peak (VmHWM)"
Status PrintMemory(const ServerProcess& server, const std::string& label);

}  // namespace k1s::bench
