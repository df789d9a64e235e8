// A child process whose stdout the parent reads line by line, and which the
// parent may kill at any moment: just enough for the crash test.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "pkg/util/result.h"

namespace k1s::store_crash {

class ChildProcess {
 public:
  // Starts argv[0] with `argv` (PATH is not searched); stderr is inherited.
  static Result<std::unique_ptr<ChildProcess>> Spawn(const std::vector<std::string>& argv);

  ~ChildProcess();  // kills and reaps the child if still running
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  // Appends to `lines` the complete lines the child prints until `deadline`
  // or until it closes stdout. Returns false if stdout reached end of file
  // (the child exited) before the deadline.
  bool ReadLinesUntil(std::chrono::steady_clock::time_point deadline,
                      std::vector<std::string>& lines);

  // SIGKILLs the child, reaps it, then appends every complete line that was
  // already in the pipe. A trailing partial line is dropped: the child never
  // finished acknowledging it. Returns the wait status.
  int KillAndDrain(std::vector<std::string>& lines);

 private:
  ChildProcess(pid_t pid, int out_fd) : pid_(pid), out_fd_(out_fd) {}
  void TakeLines(std::vector<std::string>& lines);

  pid_t pid_;
  int out_fd_;
  bool reaped_ = false;
  std::string pending_;  // bytes after the last newline read so far
};

}  // namespace k1s::store_crash
