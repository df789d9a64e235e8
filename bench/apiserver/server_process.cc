#include "bench/apiserver/server_process.h"

#include <fcntl.h>
#include <openssl/evp.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace k1s::bench {
namespace {

using SteadyClock = std::chrono::steady_clock;

constexpr size_t kTailLines = 30;
constexpr size_t kKeptProblems = 20;

Result<std::string> DecodeBase64(const std::string& in) {
  std::string out(3 * (in.size() / 4) + 3, '\0');
  int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(in.data()),
                          static_cast<int>(in.size()));
  if (n < 0) return Status::Invalid("bad base64 in the kubeconfig");
  // EVP_DecodeBlock counts the bytes that '=' padding stands for.
  size_t pad = 0;
  for (size_t i = in.size(); i > 0 && in[i - 1] == '=' && pad < 2; --i) ++pad;
  out.resize(static_cast<size_t>(n) - pad);
  return out;
}

// The value after "key: " on the first line that has it, without quotes.
std::string Field(const std::string& yaml, const std::string& key) {
  std::istringstream in(yaml);
  std::string line;
  while (std::getline(in, line)) {
    size_t at = line.find(key + ": ");
    if (at == std::string::npos) continue;
    std::string v = line.substr(at + key.size() + 2);
    if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
    return v;
  }
  return "";
}

Status WriteFile(const std::string& path, const std::string& data) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << data;
  out.close();
  if (!out) return Status::IOError("cannot write " + path);
  return Status::Ok();
}

Result<Endpoint> ReadKubeconfig(const std::string& dir) {
  std::ifstream in(dir + "/kubeconfig.yaml");
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string yaml = ss.str();
  const std::string server = Field(yaml, "server");
  const size_t colon = server.rfind(':');
  if (server.rfind("https://", 0) != 0 || colon == std::string::npos || colon < 8) {
    return Status::Invalid("no https server URL in " + dir + "/kubeconfig.yaml");
  }
  Endpoint e;
  e.host = server.substr(8, colon - 8);
  e.port = std::atoi(server.c_str() + colon + 1);
  e.ca_file = dir + "/ca.crt";
  e.cert_file = dir + "/admin.crt";
  e.key_file = dir + "/admin.key";
  const std::pair<const char*, const std::string*> files[] = {
      {"certificate-authority-data", &e.ca_file},
      {"client-certificate-data", &e.cert_file},
      {"client-key-data", &e.key_file}};
  for (const auto& [key, path] : files) {
    const std::string b64 = Field(yaml, key);
    if (b64.empty()) return Status::Invalid(std::string("no ") + key + " in the kubeconfig");
    K1S_ASSIGN_OR_RETURN(std::string pem, DecodeBase64(b64));
    K1S_RETURN_IF_ERROR(WriteFile(*path, pem));
  }
  return e;
}

}  // namespace

ServerProcess::ServerProcess(pid_t pid, int log_fd)
    : pid_(pid), log_fd_(log_fd), drain_([this] { DrainLog(); }) {}

Result<std::unique_ptr<ServerProcess>> ServerProcess::Start(const std::string& k1s,
                                                            const std::string& dir,
                                                            std::chrono::seconds timeout) {
  if (::access(k1s.c_str(), X_OK) != 0) return Status::NotFound("no k1s binary at " + k1s);
  const std::vector<std::string> args = {k1s,
                                         "server",
                                         "-d",
                                         dir + "/data",
                                         "-o",
                                         dir + "/kubeconfig.yaml",
                                         "--bind-address",
                                         "127.0.0.1",
                                         "--https-listen-port",
                                         "0"};
  std::vector<char*> argv;
  for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);

  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) return Status::IOError(std::string("pipe: ") + strerror(errno));
  const pid_t parent = ::getpid();
  const auto started = SteadyClock::now();
  const pid_t pid = ::fork();
  if (pid < 0) {
    ::close(fds[0]);
    ::close(fds[1]);
    return Status::IOError(std::string("fork: ") + strerror(errno));
  }
  if (pid == 0) {
    // Only async-signal-safe calls until exec.
    ::prctl(PR_SET_PDEATHSIG, SIGTERM);
    if (::getppid() != parent) ::_exit(127);
    ::dup2(fds[1], STDERR_FILENO);
    ::dup2(fds[1], STDOUT_FILENO);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  ::close(fds[1]);
  std::unique_ptr<ServerProcess> server(new ServerProcess(pid, fds[0]));

  std::string ready;
  if (!server->WaitReady(started + timeout, &ready)) {
    return Status::Unavailable("k1s server exited or did not log ready within " +
                               std::to_string(timeout.count()) + " s; its log:\n" + server->Tail());
  }
  server->startup_ms_ =
      std::chrono::duration<double, std::milli>(SteadyClock::now() - started).count();
  const size_t at = ready.find("ready in ");
  if (at != std::string::npos) server->reported_ready_ms_ = std::atoll(ready.c_str() + at + 9);
  K1S_ASSIGN_OR_RETURN(server->endpoint_, ReadKubeconfig(dir));
  return server;
}

ServerProcess::~ServerProcess() {
  (void)Stop();
  drain_.join();
  ::close(log_fd_);
}

void ServerProcess::DrainLog() {
  std::string pending;
  char buf[4096];
  for (;;) {
    ssize_t n = ::read(log_fd_, buf, sizeof(buf));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    pending.append(buf, static_cast<size_t>(n));
    size_t start = 0;
    std::lock_guard<std::mutex> lock(mu_);
    for (size_t nl; (nl = pending.find('\n', start)) != std::string::npos; start = nl + 1) {
      std::string line = pending.substr(start, nl - start);
      if (ready_line_.empty() && line.find("I server: ready in ") != std::string::npos) {
        ready_line_ = line;
        cv_.notify_all();
      }
      if (line.size() > 1 && (line[0] == 'W' || line[0] == 'E' || line[0] == 'F') &&
          line[1] == ' ') {
        if (problems_.size() < kKeptProblems) problems_.push_back(line);
        ++problem_count_;
      }
      tail_.push_back(std::move(line));
      if (tail_.size() > kTailLines) tail_.erase(tail_.begin());
    }
    pending.erase(0, start);
  }
  std::lock_guard<std::mutex> lock(mu_);
  if (!pending.empty()) tail_.push_back(pending);
  log_closed_ = true;
  cv_.notify_all();
}

bool ServerProcess::WaitReady(SteadyClock::time_point deadline, std::string* ready_line) {
  std::unique_lock<std::mutex> lock(mu_);
  cv_.wait_until(lock, deadline, [&] { return !ready_line_.empty() || log_closed_; });
  *ready_line = ready_line_;
  return !ready_line_.empty();
}

Result<ServerMemory> ServerProcess::Memory() const {
  std::ifstream in("/proc/" + std::to_string(pid_) + "/status");
  ServerMemory m;
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("VmRSS:", 0) == 0) m.rss_kib = std::strtoll(line.c_str() + 6, nullptr, 10);
    if (line.rfind("VmHWM:", 0) == 0) m.hwm_kib = std::strtoll(line.c_str() + 6, nullptr, 10);
  }
  if (m.rss_kib == 0) return Status::Unavailable("no VmRSS for pid " + std::to_string(pid_));
  return m;
}

Status ServerProcess::Stop() {
  if (stopped_) return Status::Ok();
  stopped_ = true;
  const auto started = SteadyClock::now();
  ::kill(pid_, SIGTERM);
  int wstatus = 0;
  bool killed = false;
  for (;;) {
    pid_t r = ::waitpid(pid_, &wstatus, WNOHANG);
    if (r == pid_ || (r < 0 && errno != EINTR)) break;
    if (!killed && SteadyClock::now() - started > std::chrono::seconds(10)) {
      ::kill(pid_, SIGKILL);
      killed = true;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  stop_ms_ = std::chrono::duration<double, std::milli>(SteadyClock::now() - started).count();
  if (killed) return Status::Timeout("k1s server ignored SIGTERM for 10 s; killed");
  if (!WIFEXITED(wstatus) || WEXITSTATUS(wstatus) != 0) {
    return Status::Internal("k1s server exited with wait status " + std::to_string(wstatus) +
                            "; its log ends:\n" + Tail());
  }
  return Status::Ok();
}

std::vector<std::string> ServerProcess::Problems(size_t* total) const {
  std::lock_guard<std::mutex> lock(mu_);
  *total = problem_count_;
  return problems_;
}

std::string ServerProcess::Tail() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::string out;
  for (const std::string& line : tail_) out += "  " + line + "\n";
  return out;
}

double ServerProcess::CpuSeconds() const {
  std::ifstream in("/proc/" + std::to_string(pid_) + "/stat");
  std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  // Fields after the command (which may hold spaces) start after the last ')'.
  size_t paren = stat.rfind(')');
  if (paren == std::string::npos || paren + 2 > stat.size()) return 0;
  std::istringstream rest(stat.substr(paren + 2));
  std::string field;
  unsigned long long utime = 0, stime = 0;
  for (int i = 3; i <= 15 && rest >> field; ++i) {
    if (i == 14) utime = std::stoull(field);
    if (i == 15) stime = std::stoull(field);
  }
  return static_cast<double>(utime + stime) / static_cast<double>(::sysconf(_SC_CLK_TCK));
}

}  // namespace k1s::bench
