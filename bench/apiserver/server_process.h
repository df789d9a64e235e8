// ServerProcess: the real `k1s server` binary as a child process with its own
// data directory, for the API server benchmark.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "pkg/util/result.h"

namespace k1s::bench {

// How to reach the server: its port on 127.0.0.1 and the admin credentials
// from the kubeconfig it wrote, as PEM files for the client.
struct Endpoint {
  std::string host = "127.0.0.1";
  int port = 0;
  std::string ca_file;
  std::string cert_file;
  std::string key_file;
};

struct ServerMemory {
  int64_t rss_kib = 0;  // VmRSS
  int64_t hwm_kib = 0;  // VmHWM, the peak so far
};

class ServerProcess {
 public:
  // Runs `k1s server` on 127.0.0.1 with a free port and its data under `dir`,
  // waits up to `timeout` for the "ready" log line and reads the kubeconfig.
  // The child gets SIGTERM if this process dies first.
  static Result<std::unique_ptr<ServerProcess>> Start(const std::string& k1s,
                                                      const std::string& dir,
                                                      std::chrono::seconds timeout);
  ~ServerProcess();  // Stop(), if not done yet
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  pid_t pid() const { return pid_; }
  const Endpoint& endpoint() const { return endpoint_; }
  // From just before fork to reading the ready line.
  double startup_ms() const { return startup_ms_; }
  // What the server itself reported in "ready in Nms".
  int64_t reported_ready_ms() const { return reported_ready_ms_; }

  Result<ServerMemory> Memory() const;
  // The CPU time the server has used (utime + stime), in seconds.
  double CpuSeconds() const;

  // SIGTERM, then waits up to 10 s (SIGKILL after that). Ok only if the
  // server exited with status 0. Idempotent.
  Status Stop();
  double stop_ms() const { return stop_ms_; }

  // Log lines of level W or E (at most the first 20) and how many there were.
  std::vector<std::string> Problems(size_t* total) const;
  // The last lines of the server's log, for error messages.
  std::string Tail() const;

 private:
  ServerProcess(pid_t pid, int log_fd);
  void DrainLog();
  bool WaitReady(std::chrono::steady_clock::time_point deadline, std::string* ready_line);

  const pid_t pid_;
  const int log_fd_;  // read end of the child's stderr+stdout
  Endpoint endpoint_;
  double startup_ms_ = 0;
  int64_t reported_ready_ms_ = 0;
  double stop_ms_ = 0;
  bool stopped_ = false;

  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::string ready_line_;             // guarded by mu_
  bool log_closed_ = false;            // guarded by mu_
  std::vector<std::string> tail_;      // guarded by mu_; last lines
  std::vector<std::string> problems_;  // guarded by mu_
  size_t problem_count_ = 0;           // guarded by mu_
  std::thread drain_;
};

}  // namespace k1s::bench
