#include "pkg/simnode/pod_streams.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <condition_variable>
#include <deque>
#include <filesystem>
#include <mutex>
#include <thread>

#include <doctest/doctest.h>

#include "pkg/simnode/pod_logs.h"
#include "pkg/util/temp_dir.h"
#include "pkg/util/time_format.h"

namespace k1s::simnode {
namespace {

using namespace std::chrono_literals;
using streaming::Json;
using streaming::LogOptions;

constexpr const char* kStarted = "2024-05-01T10:00:00Z";
constexpr const char* kStartedStamp = "2024-05-01T10:00:00.000000000Z";
constexpr const char* kPreviousStarted = "2024-05-01T09:00:00Z";

Json Pod(Json container_status, std::string logs = "hello\nworld\n") {
  Json pod = {
      {"metadata",
       {{"name", "p"}, {"namespace", "ns"}, {"uid", "u1"}, {"annotations", {{kLogsAnnotation, logs}}}}},
      {"spec",
       {{"containers", Json::array({{{"name", "c"},
                                     {"image", "busybox"},
                                     {"env", Json::array({{{"name", "FOO"}, {"value", "bar"}},
                                                          {{"name", "SECRET"},
                                                           {"valueFrom", {{"secretKeyRef", {{"name", "s"}}}}}}})}}})}}},
      {"status", Json::object()}};
  if (!container_status.is_null()) {
    container_status["name"] = "c";
    pod["status"]["containerStatuses"] = Json::array({container_status});
  }
  return pod;
}

Json Running(const char* started = kStarted, int restarts = 0) {
  Json s = {{"state", {{"running", {{"startedAt", started}}}}},
            {"restartCount", restarts},
            {"containerID", "k1s-sim://" + std::to_string(restarts)}};
  if (restarts > 0) {
    s["lastState"] = {{"terminated", {{"exitCode", 1}, {"startedAt", kPreviousStarted}, {"finishedAt", started}}}};
  }
  return s;
}

// The pod get_pod returns; tests change it to move the simulated run on.
class PodSource {
 public:
  explicit PodSource(std::optional<Json> pod) : pod_(std::move(pod)) {}
  void Set(std::optional<Json> pod) {
    std::lock_guard<std::mutex> lock(mu_);
    pod_ = std::move(pod);
  }
  std::optional<Json> Get(const std::string& ns, const std::string& name) {
    std::lock_guard<std::mutex> lock(mu_);
    if (!pod_ || ns != "ns" || name != "p") return std::nullopt;
    return pod_;
  }

 private:
  std::mutex mu_;
  std::optional<Json> pod_;
};

struct Fixture {
  explicit Fixture(Json pod, bool host_exec = false) : pods(pod) {
    SimulatedPodStreamsOptions options;
    options.get_pod = [this](const std::string& ns, const std::string& name) { return pods.Get(ns, name); };
    options.host_exec = host_exec;
    options.work_dir = dir.path();
    options.poll_interval = 20ms;
    options.connect_timeout = 2s;
    backend = std::make_unique<SimulatedPodStreams>(options);
  }
  TempDir dir{"k1s-simstreams"};
  PodSource pods;
  std::unique_ptr<SimulatedPodStreams> backend;
};

struct Drained {
  std::string text;
  bool done = false;
};

// Reads a log stream until it ends or `wait` passes without news.
Drained Drain(http::ResponseStream& stream, std::chrono::milliseconds wait = 3s) {
  Drained out;
  while (true) {
    http::ResponseStream::Chunk chunk = stream.Read();
    out.text += chunk.data;
    if (chunk.done) {
      out.done = true;
      return out;
    }
    if (!chunk.data.empty()) continue;
    auto woken = std::make_shared<std::pair<std::mutex, std::condition_variable>>();
    auto flag = std::make_shared<bool>(false);
    stream.Subscribe([woken, flag] {
      std::lock_guard<std::mutex> lock(woken->first);
      *flag = true;
      woken->second.notify_all();
    });
    std::unique_lock<std::mutex> lock(woken->first);
    if (!woken->second.wait_for(lock, wait, [&] { return *flag; })) return out;
  }
}

std::string LogText(Fixture& f, const LogOptions& options) {
  auto stream = f.backend->Logs(*f.pods.Get("ns", "p"), options);
  REQUIRE(stream.ok());
  Drained d = Drain(**stream);
  CHECK(d.done);
  return d.text;
}

LogOptions Options() {
  LogOptions o;
  o.container = "c";
  return o;
}

TEST_CASE("logs: the annotation's lines, with the kubelet's timestamps, tail, limit and since") {
  Fixture f(Pod(Running()));
  LogOptions o = Options();
  CHECK(LogText(f, o) == "hello\nworld\n");
  o.timestamps = true;
  CHECK(LogText(f, o) == std::string(kStartedStamp) + " hello\n" + kStartedStamp + " world\n");
  o.timestamps = false;
  o.tail_lines = 1;
  CHECK(LogText(f, o) == "world\n");
  o.tail_lines = 0;
  CHECK(LogText(f, o) == "");
  o.tail_lines.reset();
  o.limit_bytes = 3;
  CHECK(LogText(f, o) == "hel");
  o.limit_bytes.reset();
  o.since = *ParseRfc3339(kStarted) + 1s;
  CHECK(LogText(f, o) == "");
  o.since = *ParseRfc3339(kStarted);
  CHECK(LogText(f, o) == "hello\nworld\n");
}

TEST_CASE("logs: a last line without a newline still ends with one; no annotation is an empty log") {
  Fixture f(Pod(Running(), "one\ntwo"));
  CHECK(LogText(f, Options()) == "one\ntwo\n");
  Json pod = Pod(Running());
  pod["metadata"].erase("annotations");
  f.pods.Set(pod);
  CHECK(LogText(f, Options()) == "");
}

TEST_CASE("logs: previous is the run before, timestamped at its own start") {
  Fixture f(Pod(Running(kStarted, 1)));
  LogOptions o = Options();
  o.previous = true;
  o.timestamps = true;
  CHECK(LogText(f, o) == "2024-05-01T09:00:00.000000000Z hello\n2024-05-01T09:00:00.000000000Z world\n");
}

TEST_CASE("logs: errors worded as the kubelet's") {
  Fixture f(Pod(Running()));
  LogOptions o = Options();
  o.previous = true;
  auto no_previous = f.backend->Logs(Pod(Running()), o);
  CHECK(no_previous.status().code() == StatusCode::kBadRequest);
  CHECK(no_previous.status().message() == "previous terminated container \"c\" in pod \"p\" not found");

  auto creating = f.backend->Logs(Pod(Json()), Options());
  CHECK(creating.status().code() == StatusCode::kBadRequest);
  CHECK(creating.status().message() == "container \"c\" in pod \"p\" is waiting to start: ContainerCreating");

  Json backoff = {{"state", {{"waiting", {{"reason", "CrashLoopBackOff"}}}}}};
  CHECK(f.backend->Logs(Pod(backoff), Options()).status().message() ==
        "container \"c\" in pod \"p\" is waiting to start: CrashLoopBackOff");

  o.previous = false;
  o.tail_lines = -1;
  CHECK(f.backend->Logs(Pod(Running()), o).status().code() == StatusCode::kBadRequest);
}

TEST_CASE("logs: while a container waits to restart, the kubelet serves the run that ended") {
  Json backoff = Running(kStarted, 1);
  backoff["state"] = {{"waiting", {{"reason", "CrashLoopBackOff"}}}};
  Fixture f(Pod(backoff));
  LogOptions o = Options();
  o.timestamps = true;
  CHECK(LogText(f, o).starts_with("2024-05-01T09:00:00.000000000Z hello\n"));
}

TEST_CASE("logs: follow stays open until the container restarts") {
  Fixture f(Pod(Running()));
  LogOptions o = Options();
  o.follow = true;
  auto stream = f.backend->Logs(*f.pods.Get("ns", "p"), o);
  REQUIRE(stream.ok());
  Drained first = Drain(**stream, 200ms);
  CHECK(first.text == "hello\nworld\n");
  CHECK_FALSE(first.done);
  f.pods.Set(Pod(Running("2024-05-01T10:00:30Z", 1)));
  Drained rest = Drain(**stream);
  CHECK(rest.done);
  CHECK(rest.text.empty());
}

TEST_CASE("logs: follow ends when the pod is gone, and at once for a terminated container") {
  Fixture f(Pod(Running()));
  LogOptions o = Options();
  o.follow = true;
  auto stream = f.backend->Logs(*f.pods.Get("ns", "p"), o);
  REQUIRE(stream.ok());
  CHECK_FALSE(Drain(**stream, 100ms).done);
  f.pods.Set(std::nullopt);
  CHECK(Drain(**stream).done);

  Json exited = {{"state", {{"terminated", {{"exitCode", 0}, {"startedAt", kStarted}}}}}};
  auto ended = f.backend->Logs(Pod(exited), o);
  REQUIRE(ended.ok());
  Drained d = Drain(**ended, 100ms);
  CHECK(d.done);
  CHECK(d.text == "hello\nworld\n");
}

TEST_CASE("logs: a cancelled follow is dropped and the backend stops with follows open") {
  Fixture f(Pod(Running()));
  LogOptions o = Options();
  o.follow = true;
  auto cancelled = f.backend->Logs(*f.pods.Get("ns", "p"), o);
  auto open = f.backend->Logs(*f.pods.Get("ns", "p"), o);
  REQUIRE(cancelled.ok());
  REQUIRE(open.ok());
  (*cancelled)->Cancel();
  cancelled->reset();
  std::this_thread::sleep_for(60ms);
  f.backend.reset();
  CHECK(Drain(**open, 100ms).done);
}

// The client side of an exec or attach: scripted stdin, collected output.
class FakeClient {
 public:
  explicit FakeClient(std::vector<std::string> input = {}, bool with_stdin = true, bool tty = false) {
    for (auto& s : input) input_.push_back(std::move(s));
    if (with_stdin) {
      streams.stdin_read = [this](char* buffer, size_t size) -> size_t {
        std::unique_lock<std::mutex> lock(mu_);
        cv_.wait(lock, [&] { return !input_.empty() || stdin_closed_; });
        if (input_.empty()) return 0;
        std::string next = std::move(input_.front());
        input_.pop_front();
        size_t n = std::min(size, next.size());
        std::copy(next.data(), next.data() + n, buffer);
        if (n < next.size()) input_.push_front(next.substr(n));
        return n;
      };
    }
    streams.stdout_write = [this](std::string_view d) {
      std::lock_guard<std::mutex> lock(mu_);
      stdout_ += d;
      return true;
    };
    if (!tty) {
      streams.stderr_write = [this](std::string_view d) {
        std::lock_guard<std::mutex> lock(mu_);
        stderr_ += d;
        return true;
      };
    }
    streams.tty = tty;
    streams.client_gone = [this] {
      std::lock_guard<std::mutex> lock(mu_);
      return gone_;
    };
  }
  // Ends stdin (with whatever was scripted still to come before it).
  void CloseStdin() {
    std::lock_guard<std::mutex> lock(mu_);
    stdin_closed_ = true;
    cv_.notify_all();
  }
  void Leave() {
    std::lock_guard<std::mutex> lock(mu_);
    gone_ = stdin_closed_ = true;
    cv_.notify_all();
  }
  std::string Stdout() {
    std::lock_guard<std::mutex> lock(mu_);
    return stdout_;
  }
  std::string Stderr() {
    std::lock_guard<std::mutex> lock(mu_);
    return stderr_;
  }

  streaming::ProcessStreams streams;

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::string> input_;
  bool stdin_closed_ = false;
  bool gone_ = false;
  std::string stdout_, stderr_;
};

TEST_CASE("attach: the main process echoes stdin and returns when stdin ends") {
  Fixture f(Pod(Running()));
  FakeClient client({"abc", "def\n"});
  client.CloseStdin();
  auto exit = f.backend->Attach(*f.pods.Get("ns", "p"), "c", client.streams);
  REQUIRE(exit.ok());
  CHECK(exit->exit_code == 0);
  CHECK(client.Stdout() == "abcdef\n");
}

TEST_CASE("attach: without stdin it waits until the container stops or the client leaves") {
  Fixture f(Pod(Running()));
  FakeClient client({}, false);
  std::thread stopper([&] {
    std::this_thread::sleep_for(100ms);
    f.pods.Set(Pod({{"state", {{"terminated", {{"exitCode", 0}, {"startedAt", kStarted}}}}}}));
  });
  auto start = std::chrono::steady_clock::now();
  auto exit = f.backend->Attach(*f.pods.Get("ns", "p"), "c", client.streams);
  stopper.join();
  CHECK(exit.ok());
  CHECK(std::chrono::steady_clock::now() - start >= 100ms);

  f.pods.Set(Pod(Running()));
  FakeClient leaving({}, false);
  leaving.Leave();
  CHECK(f.backend->Attach(*f.pods.Get("ns", "p"), "c", leaving.streams).ok());

  CHECK(f.backend->Attach(Pod(Json()), "c", leaving.streams).status().message() ==
        "container \"c\" in pod \"p\" is not running");
}

TEST_CASE("exec: off unless the server allows running commands on the host") {
  Fixture f(Pod(Running()));
  FakeClient client;
  auto exit = f.backend->Exec(*f.pods.Get("ns", "p"), "c", {"true"}, client.streams);
  CHECK(exit.status().code() == StatusCode::kBadRequest);
  CHECK(exit.status().message().find("--simulated-node-exec") != std::string::npos);
  CHECK(exit.status().message().find('\n') == std::string::npos);
}

TEST_CASE("exec: a host command's stdout, stderr and exit code") {
  Fixture f(Pod(Running()), true);
  FakeClient client({}, false);
  auto exit = f.backend->Exec(*f.pods.Get("ns", "p"), "c", {"sh", "-c", "echo out; echo err >&2; exit 3"},
                              client.streams);
  REQUIRE(exit.ok());
  CHECK(exit->exit_code == 3);
  CHECK(client.Stdout() == "out\n");
  CHECK(client.Stderr() == "err\n");
}

TEST_CASE("exec: runs in the pod's scratch directory with the container's literal env") {
  Fixture f(Pod(Running()), true);
  FakeClient client({}, false);
  auto exit = f.backend->Exec(*f.pods.Get("ns", "p"), "c",
                              {"sh", "-c", "echo $HOSTNAME $FOO ${SECRET-unset}; pwd"}, client.streams);
  REQUIRE(exit.ok());
  const std::string dir = std::filesystem::canonical(f.dir.path() + "/u1/c").string();
  CHECK(client.Stdout() == "p bar unset\n" + dir + "\n");
}

TEST_CASE("exec: with a tty stderr is merged into stdout") {
  Fixture f(Pod(Running()), true);
  FakeClient client({}, false, true);
  auto exit = f.backend->Exec(*f.pods.Get("ns", "p"), "c", {"sh", "-c", "echo err >&2"}, client.streams);
  REQUIRE(exit.ok());
  CHECK(client.Stdout() == "err\n");
}

TEST_CASE("exec: stdin is forwarded and its end closes the command's stdin") {
  Fixture f(Pod(Running()), true);
  FakeClient client({"hello ", "cat\n"});
  client.CloseStdin();
  auto exit = f.backend->Exec(*f.pods.Get("ns", "p"), "c", {"cat"}, client.streams);
  REQUIRE(exit.ok());
  CHECK(exit->exit_code == 0);
  CHECK(client.Stdout() == "hello cat\n");
}

TEST_CASE("exec: a client that leaves gets the command killed") {
  Fixture f(Pod(Running()), true);
  FakeClient client;
  std::thread leaver([&] {
    std::this_thread::sleep_for(200ms);
    client.Leave();
  });
  auto start = std::chrono::steady_clock::now();
  auto exit = f.backend->Exec(*f.pods.Get("ns", "p"), "c", {"sleep", "100"}, client.streams);
  leaver.join();
  REQUIRE(exit.ok());
  CHECK(exit->exit_code == 128 + 9);
  CHECK(std::chrono::steady_clock::now() - start < 10s);
}

TEST_CASE("exec: a missing program exits 127 with the reason on stderr") {
  Fixture f(Pod(Running()), true);
  FakeClient client({}, false);
  auto exit = f.backend->Exec(*f.pods.Get("ns", "p"), "c", {"k1s-no-such-program"}, client.streams);
  REQUIRE(exit.ok());
  CHECK(exit->exit_code == 127);
  CHECK(client.Stderr() == "exec: \"k1s-no-such-program\": executable file not found in $PATH\n");
}

TEST_CASE("exec: a file that is not executable exits 126") {
  Fixture f(Pod(Running()), true);
  FakeClient client({}, false);
  const std::string file = f.dir.File("plain");
  { std::FILE* fp = std::fopen(file.c_str(), "w"); std::fclose(fp); }
  auto exit = f.backend->Exec(*f.pods.Get("ns", "p"), "c", {file}, client.streams);
  REQUIRE(exit.ok());
  CHECK(exit->exit_code == 126);
}

// Dead or a zombie waiting for whoever inherited it.
bool ProcessGone(pid_t pid) {
  std::FILE* fp = std::fopen(("/proc/" + std::to_string(pid) + "/stat").c_str(), "r");
  if (fp == nullptr) return true;
  char state = 0;
  int matched = std::fscanf(fp, "%*d (%*[^)]) %c", &state);
  std::fclose(fp);
  return matched == 1 && state == 'Z';
}

TEST_CASE("exec: what a command leaves running is killed when it exits") {
  Fixture f(Pod(Running()), true);
  FakeClient client({}, false);
  auto start = std::chrono::steady_clock::now();
  // The background sleep keeps stdout open: the exec must not wait for it.
  auto exit = f.backend->Exec(*f.pods.Get("ns", "p"), "c", {"sh", "-c", "sleep 100 & echo $!"}, client.streams);
  REQUIRE(exit.ok());
  CHECK(exit->exit_code == 0);
  CHECK(std::chrono::steady_clock::now() - start < 10s);
  const pid_t sleeper = std::stoi(client.Stdout());
  bool gone = false;
  for (int i = 0; i < 100 && !gone; ++i) {
    gone = ProcessGone(sleeper);
    if (!gone) std::this_thread::sleep_for(20ms);
  }
  CHECK_MESSAGE(gone, "a background child of an exec outlived it");
}

// A loopback listener that echoes what one client sends.
class EchoServer {
 public:
  EchoServer() {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0);
    REQUIRE(listen(fd_, 4) == 0);
    socklen_t len = sizeof(addr);
    getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] {
      int client = accept(fd_, nullptr, nullptr);
      if (client < 0) return;
      char buffer[1024];
      ssize_t n;
      while ((n = recv(client, buffer, sizeof(buffer), 0)) > 0) send(client, buffer, n, MSG_NOSIGNAL);
      close(client);
    });
  }
  ~EchoServer() {
    shutdown(fd_, SHUT_RDWR);
    thread_.join();
    close(fd_);
  }
  uint16_t port() const { return port_; }

 private:
  int fd_ = -1;
  uint16_t port_ = 0;
  std::thread thread_;
};

Json ForwardingPod(const std::string& mapping) {
  Json pod = Pod(Running());
  pod["metadata"]["annotations"][kPortForwardAnnotation] = mapping;
  return pod;
}

TEST_CASE("port-forward: connects to the mapped host address") {
  EchoServer server;
  Fixture f(Pod(Running()));
  auto conn = f.backend->PortForward(
      ForwardingPod("9000=localhost:1, 80 = 127.0.0.1:" + std::to_string(server.port())), 80);
  REQUIRE(conn.ok());
  CHECK((*conn)->Write("ping"));
  (*conn)->CloseWrite();
  std::string got;
  char buffer[64];
  while (size_t n = (*conn)->Read(buffer, sizeof(buffer))) got.append(buffer, n);
  CHECK(got == "ping");
}

TEST_CASE("port-forward: Close unblocks a Read") {
  EchoServer server;
  Fixture f(Pod(Running()));
  auto conn = f.backend->PortForward(ForwardingPod("80=127.0.0.1:" + std::to_string(server.port())), 80);
  REQUIRE(conn.ok());
  std::thread closer([&] {
    std::this_thread::sleep_for(100ms);
    (*conn)->Close();
  });
  char buffer[8];
  CHECK((*conn)->Read(buffer, sizeof(buffer)) == 0);
  closer.join();
}

TEST_CASE("port-forward: an unmapped port or a bad mapping names the annotation") {
  Fixture f(Pod(Running()));
  auto unmapped = f.backend->PortForward(ForwardingPod("81=127.0.0.1:8080"), 80);
  CHECK(unmapped.status().code() == StatusCode::kBadRequest);
  CHECK(unmapped.status().message().find(kPortForwardAnnotation) != std::string::npos);
  auto none = f.backend->PortForward(Pod(Running()), 80);
  CHECK(none.status().message().find(kPortForwardAnnotation) != std::string::npos);
  auto bad = f.backend->PortForward(ForwardingPod("80=127.0.0.1"), 80);
  CHECK(bad.status().code() == StatusCode::kBadRequest);
  CHECK(bad.status().message().find(kPortForwardAnnotation) != std::string::npos);
}

TEST_CASE("port-forward: a refused connection is reported as the kubelet reports it") {
  // A port that was just free: bound, then released.
  int probe = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(bind(probe, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0);
  socklen_t len = sizeof(addr);
  getsockname(probe, reinterpret_cast<sockaddr*>(&addr), &len);
  const std::string port = std::to_string(ntohs(addr.sin_port));
  close(probe);

  Fixture f(Pod(Running()));
  auto refused = f.backend->PortForward(ForwardingPod("80=127.0.0.1:" + port), 80);
  CHECK(refused.status().message() == "error forwarding port 80 to pod p, uid u1: dial tcp 127.0.0.1:" + port +
                                          ": connect: connection refused");
}

}  // namespace
}  // namespace k1s::simnode
