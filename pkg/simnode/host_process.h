// HostProcess: a child process of the server, in a process group of its own,
// with its standard streams connected to the server. Used to run `kubectl
// exec` commands of simulated pods on the host (when the server allows it).
//
// The server is multi-threaded: everything the child needs is prepared
// before fork(), and between fork() and exec() the child makes only
// async-signal-safe calls.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pkg/util/result.h"

namespace k1s::simnode {

struct HostProcessOptions {
  // argv[0] without a '/' is looked up in the PATH of `env` (not the server's).
  std::vector<std::string> argv;
  std::vector<std::string> env;  // "NAME=value"; exactly the child's environment
  std::string cwd;               // must exist
  bool merge_stderr = false;     // the child's stderr goes where its stdout goes
};

class HostProcess {
 public:
  // Starts the child. A program that cannot be found or executed is not an
  // error here: the child writes the reason to its stderr and exits 127 (not
  // found) or 126 (found, not executable), as a shell would. IOError if the
  // pipes or fork() fail; Invalid for an empty argv.
  static Result<std::unique_ptr<HostProcess>> Start(const HostProcessOptions& options);

  // Kills the group (SIGKILL) and reaps the child if that has not happened.
  ~HostProcess();
  HostProcess(const HostProcess&) = delete;
  HostProcess& operator=(const HostProcess&) = delete;

  // Writes all of `data` to the child's stdin, waiting while the child does
  // not read; false once the child closed its stdin (e.g. it exited) or
  // CloseStdin was called. From one thread at a time.
  bool WriteStdin(std::string_view data);
  // The child sees end of input. Idempotent; any thread.
  void CloseStdin();

  struct Output {
    bool is_stderr = false;
    std::string data;  // empty when nothing came within the timeout
    bool eof = false;  // every output pipe is closed: no more will come
  };
  // Waits up to `timeout` for output. Grandchildren that inherited the pipes
  // keep them open after the child exits, so callers also watch Exited().
  Output ReadOutput(std::chrono::milliseconds timeout);

  // Whether the child has exited (without reaping it).
  bool Exited();
  // SIGKILL to every process of the child's group; nothing once reaped.
  void KillGroup();
  // Blocks until the child exits and reaps it: its exit status, or 128 plus
  // the number of the signal that killed it. Idempotent.
  int Wait();

  pid_t pid() const { return pid_; }

 private:
  HostProcess(pid_t pid, int stdin_fd, int stdout_fd, int stderr_fd)
      : pid_(pid), stdin_fd_(stdin_fd), stdout_fd_(stdout_fd), stderr_fd_(stderr_fd) {}

  const pid_t pid_;
  std::mutex mu_;  // guards the reaping
  int stdin_fd_;   // a socket, so a write to an exited child fails instead of raising SIGPIPE
  int stdout_fd_;  // -1 once at end of file; touched only by ReadOutput
  int stderr_fd_;  // -1 once at end of file or when merged
  std::optional<int> exit_code_;  // guarded by mu_; set once reaped
};

}  // namespace k1s::simnode
