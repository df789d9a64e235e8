#include "pkg/simnode/host_process.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>

namespace k1s::simnode {
namespace {

constexpr size_t kReadChunk = 64 * 1024;

std::string ErrnoText(const char* what) { return std::string(what) + ": " + strerror(errno); }

void CloseIfOpen(int& fd) {
  if (fd >= 0) close(fd);
  fd = -1;
}

// The value of NAME in a "NAME=value" list, or "".
std::string EnvValue(const std::vector<std::string>& env, std::string_view name) {
  for (const std::string& entry : env) {
    if (entry.size() > name.size() && entry.compare(0, name.size(), name) == 0 &&
        entry[name.size()] == '=') {
      return entry.substr(name.size() + 1);
    }
  }
  return "";
}

// Where execve should look for argv[0]: itself if it names a path, else each
// PATH directory in order (an empty entry is the current directory).
std::vector<std::string> Candidates(const std::string& program, const std::vector<std::string>& env) {
  if (program.find('/') != std::string::npos) return {program};
  std::vector<std::string> out;
  const std::string path = EnvValue(env, "PATH");
  size_t begin = 0;
  while (begin <= path.size()) {
    size_t end = path.find(':', begin);
    if (end == std::string::npos) end = path.size();
    std::string dir = path.substr(begin, end - begin);
    out.push_back((dir.empty() ? "." : dir) + "/" + program);
    begin = end + 1;
  }
  return out;
}

std::vector<char*> CStrings(std::vector<std::string>& strings) {
  std::vector<char*> out;
  for (std::string& s : strings) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

// Everything the child does between fork() and exec(): async-signal-safe
// calls only, since other threads of the server may hold locks (malloc's
// among them) that the child would never see released.
[[noreturn]] void RunChild(int stdin_fd, int stdout_fd, int stderr_fd, const char* cwd,
                           const std::vector<char*>& candidates, char* const* argv,
                           char* const* envp, int max_fd, const std::string& not_found,
                           const std::string& not_executable) {
  setpgid(0, 0);
  // The server's signal mask and ignored signals (SIGPIPE, typically) would
  // survive exec and confuse the command.
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);
  struct sigaction dfl {};
  dfl.sa_handler = SIG_DFL;
  for (int sig : {SIGPIPE, SIGINT, SIGTERM, SIGQUIT, SIGHUP, SIGCHLD, SIGUSR1, SIGUSR2}) {
    sigaction(sig, &dfl, nullptr);
  }
  if (dup2(stdin_fd, 0) < 0 || dup2(stdout_fd, 1) < 0 || dup2(stderr_fd, 2) < 0) _exit(126);
  // Only the three standard streams: the server's sockets and files stay out.
  bool closed = false;
#ifdef SYS_close_range
  closed = syscall(SYS_close_range, 3U, ~0U, 0U) == 0;
#endif
  if (!closed) {
    for (int fd = 3; fd < max_fd; ++fd) close(fd);
  }
  if (chdir(cwd) != 0) _exit(126);
  bool found = false;
  for (char* path : candidates) {
    if (path == nullptr) break;
    execve(path, argv, envp);
    if (errno != ENOENT && errno != ENOTDIR) found = true;
  }
  const std::string& message = found ? not_executable : not_found;
  ssize_t ignored = write(2, message.data(), message.size());
  (void)ignored;
  _exit(found ? 126 : 127);
}

}  // namespace

Result<std::unique_ptr<HostProcess>> HostProcess::Start(const HostProcessOptions& options) {
  if (options.argv.empty() || options.argv[0].empty()) return Status::Invalid("no command to run");
  // Prepared before fork(): the child may not allocate.
  std::vector<std::string> argv_strings = options.argv;
  std::vector<std::string> env_strings = options.env;
  std::vector<std::string> candidate_strings = Candidates(options.argv[0], options.env);
  std::vector<char*> argv = CStrings(argv_strings);
  std::vector<char*> envp = CStrings(env_strings);
  std::vector<char*> candidates = CStrings(candidate_strings);
  const std::string quoted = "\"" + options.argv[0] + "\"";
  const std::string not_found = "exec: " + quoted + ": executable file not found in $PATH\n";
  const std::string not_executable = "exec: " + quoted + ": permission denied\n";
  struct rlimit limit {};
  int max_fd = 1024;
  if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY) {
    max_fd = static_cast<int>(std::min<rlim_t>(limit.rlim_cur, 1 << 20));
  }

  int stdin_pair[2] = {-1, -1};
  int stdout_pipe[2] = {-1, -1};
  int stderr_pipe[2] = {-1, -1};
  auto close_all = [&] {
    for (int* fds : {stdin_pair, stdout_pipe, stderr_pipe}) {
      CloseIfOpen(fds[0]);
      CloseIfOpen(fds[1]);
    }
  };
  if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, stdin_pair) != 0 ||
      pipe2(stdout_pipe, O_CLOEXEC) != 0 ||
      (!options.merge_stderr && pipe2(stderr_pipe, O_CLOEXEC) != 0)) {
    Status error = Status::IOError(ErrnoText("creating pipes for a host process"));
    close_all();
    return error;
  }
  // The child only reads its stdin: our end only writes.
  shutdown(stdin_pair[0], SHUT_RD);
  shutdown(stdin_pair[1], SHUT_WR);
  const int child_stderr = options.merge_stderr ? stdout_pipe[1] : stderr_pipe[1];

  const pid_t pid = fork();
  if (pid < 0) {
    Status error = Status::IOError(ErrnoText("fork"));
    close_all();
    return error;
  }
  if (pid == 0) {
    RunChild(stdin_pair[1], stdout_pipe[1], child_stderr, options.cwd.c_str(), candidates, argv.data(),
             envp.data(), max_fd, not_found, not_executable);
  }
  // Also from the parent, so that KillGroup cannot race the child's own setpgid.
  setpgid(pid, pid);
  CloseIfOpen(stdin_pair[1]);
  CloseIfOpen(stdout_pipe[1]);
  CloseIfOpen(stderr_pipe[1]);
  return std::unique_ptr<HostProcess>(new HostProcess(pid, stdin_pair[0], stdout_pipe[0], stderr_pipe[0]));
}

HostProcess::~HostProcess() {
  KillGroup();
  Wait();
  CloseIfOpen(stdin_fd_);
  CloseIfOpen(stdout_fd_);
  CloseIfOpen(stderr_fd_);
}

bool HostProcess::WriteStdin(std::string_view data) {
  while (!data.empty()) {
    // MSG_NOSIGNAL: a child that has gone gives EPIPE, not a SIGPIPE to the server.
    ssize_t n = send(stdin_fd_, data.data(), data.size(), MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    data.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

void HostProcess::CloseStdin() {
  // shutdown rather than close: a writer blocked in send on another thread
  // wakes with EPIPE, and the descriptor number cannot be reused under it.
  shutdown(stdin_fd_, SHUT_WR);
}

HostProcess::Output HostProcess::ReadOutput(std::chrono::milliseconds timeout) {
  Output out;
  pollfd fds[2];
  int count = 0;
  for (int fd : {stdout_fd_, stderr_fd_}) {
    if (fd >= 0) fds[count++] = pollfd{fd, POLLIN, 0};
  }
  if (count == 0) {
    out.eof = true;
    return out;
  }
  int ready = poll(fds, count, static_cast<int>(timeout.count()));
  if (ready <= 0) return out;
  for (int i = 0; i < count; ++i) {
    if (fds[i].revents == 0) continue;
    int& fd = fds[i].fd == stdout_fd_ ? stdout_fd_ : stderr_fd_;
    out.is_stderr = &fd == &stderr_fd_;
    out.data.resize(kReadChunk);
    ssize_t n = read(fd, out.data.data(), out.data.size());
    const bool retry = n < 0 && (errno == EINTR || errno == EAGAIN);
    out.data.resize(n > 0 ? static_cast<size_t>(n) : 0);
    if (n == 0 || (n < 0 && !retry)) CloseIfOpen(fd);
    if (!out.data.empty()) return out;
  }
  out.eof = stdout_fd_ < 0 && stderr_fd_ < 0;
  return out;
}

bool HostProcess::Exited() {
  std::lock_guard<std::mutex> lock(mu_);
  if (exit_code_) return true;
  siginfo_t info{};
  // WNOWAIT: the zombie keeps the process group id from being reused while
  // KillGroup may still target it.
  if (waitid(P_PID, static_cast<id_t>(pid_), &info, WEXITED | WNOHANG | WNOWAIT) != 0) return true;
  return info.si_pid == pid_;
}

void HostProcess::KillGroup() {
  std::lock_guard<std::mutex> lock(mu_);
  if (!exit_code_) kill(-pid_, SIGKILL);
}

int HostProcess::Wait() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (exit_code_) return *exit_code_;
  }
  // Wait without the lock, so that KillGroup from another thread still gets
  // through; the zombie stays until reaped below.
  siginfo_t info{};
  while (waitid(P_PID, static_cast<id_t>(pid_), &info, WEXITED | WNOWAIT) != 0 && errno == EINTR) {
  }
  std::lock_guard<std::mutex> lock(mu_);
  if (exit_code_) return *exit_code_;
  int status = 0;
  pid_t got;
  do {
    got = waitpid(pid_, &status, 0);
  } while (got < 0 && errno == EINTR);
  if (got != pid_) {
    exit_code_ = 128 + SIGKILL;  // someone else reaped it: nothing better to report
  } else if (WIFSIGNALED(status)) {
    exit_code_ = 128 + WTERMSIG(status);
  } else {
    exit_code_ = WEXITSTATUS(status);
  }
  return *exit_code_;
}

}  // namespace k1s::simnode
