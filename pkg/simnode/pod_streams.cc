#include "pkg/simnode/pod_streams.h"

#include <atomic>
#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

#include "pkg/simnode/host_process.h"
#include "pkg/simnode/pod_lifecycle.h"
#include "pkg/simnode/pod_logs.h"
#include "pkg/simnode/pod_port_forward.h"

namespace k1s::simnode {
namespace {

using streaming::ProcessExit;
using streaming::ProcessStreams;

constexpr size_t kStdinChunk = 32 * 1024;
constexpr std::chrono::milliseconds kOutputWait{100};

std::string PodNamespace(const Json& pod) { return Sub(pod, "metadata").value("namespace", ""); }
std::string PodName(const Json& pod) { return Sub(pod, "metadata").value("name", ""); }

Status NotRunning(const Json& pod, const std::string& container) {
  return Status::BadRequest("container \"" + container + "\" in pod \"" + PodName(pod) + "\" is not running");
}

// The body of one log request. Read and Subscribe come from the server, the
// end of a follow from the poller thread.
class LogState {
 public:
  LogState(std::string text, bool follow) : pending_(std::move(text)), done_(!follow) {}

  http::ResponseStream::Chunk Read() {
    std::lock_guard<std::mutex> lock(mu_);
    http::ResponseStream::Chunk chunk;
    chunk.data = std::move(pending_);
    pending_.clear();
    chunk.done = done_;
    return chunk;
  }

  void Subscribe(std::function<void()> wake) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (cancelled_) return;
      if (pending_.empty() && !done_) {
        wake_ = std::move(wake);
        return;
      }
    }
    wake();
  }

  // The run ended: the next Read ends the response.
  void Finish() {
    std::function<void()> wake;
    {
      std::lock_guard<std::mutex> lock(mu_);
      done_ = true;
      wake = std::move(wake_);
      wake_ = nullptr;
    }
    if (wake) wake();
  }

  void Cancel() {
    std::lock_guard<std::mutex> lock(mu_);
    cancelled_ = done_ = true;
    wake_ = nullptr;
  }

  bool Over() {
    std::lock_guard<std::mutex> lock(mu_);
    return done_;
  }

 private:
  std::mutex mu_;
  std::string pending_;         // guarded by mu_
  bool done_;                   // guarded by mu_
  bool cancelled_ = false;      // guarded by mu_
  std::function<void()> wake_;  // guarded by mu_
};

class LogStream final : public http::ResponseStream {
 public:
  explicit LogStream(std::shared_ptr<LogState> state) : state_(std::move(state)) {}
  ~LogStream() override { state_->Cancel(); }
  Chunk Read() override { return state_->Read(); }
  void Subscribe(std::function<void()> wake) override { state_->Subscribe(std::move(wake)); }
  void Cancel() override { state_->Cancel(); }

 private:
  std::shared_ptr<LogState> state_;
};

}  // namespace

// One thread for every open follow: each tick asks for each followed pod and
// ends the streams whose run is over.
class SimulatedPodStreams::FollowPoller {
 public:
  struct Follow {
    std::weak_ptr<LogState> state;
    Json pod;  // as the request saw it: namespace, name
    std::string container;
    std::string run_key;
  };

  FollowPoller(const SimulatedPodStreams& owner, std::chrono::milliseconds period)
      : owner_(owner), period_(period) {}

  ~FollowPoller() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stopping_ = true;
    }
    cv_.notify_all();
    if (thread_.joinable()) thread_.join();
    for (Follow& f : follows_) {
      if (auto state = f.state.lock()) state->Finish();
    }
  }

  void Add(Follow follow) {
    std::lock_guard<std::mutex> lock(mu_);
    follows_.push_back(std::move(follow));
    if (!thread_.joinable()) thread_ = std::thread([this] { Run(); });
  }

 private:
  void Run() {
    std::unique_lock<std::mutex> lock(mu_);
    while (!cv_.wait_for(lock, period_, [&] { return stopping_; })) {
      std::vector<Follow> follows = std::move(follows_);
      follows_.clear();
      lock.unlock();  // get_pod may take a while; Add must not wait for it
      std::vector<Follow> keep;
      for (Follow& f : follows) {
        std::shared_ptr<LogState> state = f.state.lock();
        if (state == nullptr || state->Over()) continue;
        if (!owner_.SameRun(f.pod, f.container, f.run_key)) {
          state->Finish();
          continue;
        }
        keep.push_back(std::move(f));
      }
      lock.lock();
      for (Follow& f : keep) follows_.push_back(std::move(f));
    }
  }

  const SimulatedPodStreams& owner_;
  const std::chrono::milliseconds period_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<Follow> follows_;  // guarded by mu_
  bool stopping_ = false;        // guarded by mu_
  std::thread thread_;           // started by the first Add
};

SimulatedPodStreams::SimulatedPodStreams(SimulatedPodStreamsOptions options)
    : options_(std::move(options)), poller_(std::make_unique<FollowPoller>(*this, options_.poll_interval)) {}

SimulatedPodStreams::~SimulatedPodStreams() = default;

bool SimulatedPodStreams::SameRun(const Json& pod, const std::string& container,
                                  const std::string& run_key) const {
  std::optional<Json> now = options_.get_pod(PodNamespace(pod), PodName(pod));
  return now.has_value() && RunningRunKey(*now, container) == run_key;
}

Result<std::unique_ptr<http::ResponseStream>> SimulatedPodStreams::Logs(const Json& pod,
                                                                        const streaming::LogOptions& options) {
  if (options.tail_lines && *options.tail_lines < 0) {
    return Status::BadRequest("tailLines: Invalid value: " + std::to_string(*options.tail_lines) +
                              ": must be greater than or equal to 0");
  }
  if (options.limit_bytes && *options.limit_bytes < 1) {
    return Status::BadRequest("limitBytes: Invalid value: " + std::to_string(*options.limit_bytes) +
                              ": must be greater than 0");
  }
  K1S_ASSIGN_OR_RETURN(LogRun run, SelectLogRun(pod, options.container, options.previous));
  std::string text = RenderLog(pod, run.started, options);
  const bool limit_reached = options.limit_bytes && text.size() >= static_cast<uint64_t>(*options.limit_bytes);
  std::optional<std::string> run_key;
  if (options.follow && run.running && !limit_reached) run_key = RunningRunKey(pod, options.container);
  auto state = std::make_shared<LogState>(std::move(text), run_key.has_value());
  if (run_key) poller_->Add({state, pod, options.container, *run_key});
  return std::unique_ptr<http::ResponseStream>(std::make_unique<LogStream>(std::move(state)));
}

Result<ProcessExit> SimulatedPodStreams::Attach(const Json& pod, const std::string& container,
                                                ProcessStreams& streams) {
  const std::optional<std::string> run_key = RunningRunKey(pod, container);
  if (!run_key) return NotRunning(pod, container);
  std::mutex mu;
  std::condition_variable cv;
  bool stdin_ended = false;  // guarded by mu
  std::atomic<bool> stop{false};
  std::thread echo;
  if (streams.stdin_read) {
    // The simulated main process is `cat`.
    echo = std::thread([&] {
      std::string buffer(kStdinChunk, '\0');
      while (!stop) {
        size_t n = streams.stdin_read(buffer.data(), buffer.size());
        if (n == 0 || stop) break;
        if (streams.stdout_write && !streams.stdout_write(std::string_view(buffer.data(), n))) break;
      }
      std::lock_guard<std::mutex> lock(mu);
      stdin_ended = true;
      cv.notify_all();
    });
  }
  while (true) {
    {
      std::unique_lock<std::mutex> lock(mu);
      if (cv.wait_for(lock, options_.poll_interval, [&] { return stdin_ended; })) break;
    }
    if (streams.client_gone && streams.client_gone()) break;
    if (!SameRun(pod, container, *run_key)) break;
  }
  stop = true;
  {
    std::lock_guard<std::mutex> lock(mu);
    // The run ended or the client left with stdin still open: end the read.
    if (!stdin_ended && streams.close_stdin) streams.close_stdin();
  }
  if (echo.joinable()) echo.join();
  return ProcessExit{0};
}

Result<ProcessExit> SimulatedPodStreams::Exec(const Json& pod, const std::string& container,
                                              const std::vector<std::string>& command,
                                              ProcessStreams& streams) {
  if (!options_.host_exec) {
    return Status::BadRequest(
        "exec in simulated pods runs commands on the host, which is off: start the server with "
        "--simulated-node-exec to allow it");
  }
  if (command.empty() || command[0].empty()) return Status::BadRequest("you must specify at least one command");
  if (!RunningRunKey(pod, container)) return NotRunning(pod, container);
  const std::string uid = Sub(pod, "metadata").value("uid", "");
  // Both become path components under work_dir.
  for (const std::string& part : {uid, container}) {
    if (part.empty() || part == "." || part == ".." || part.find('/') != std::string::npos) {
      return Status::BadRequest("cannot make a scratch directory for pod uid \"" + uid + "\" container \"" +
                                container + "\"");
    }
  }
  const std::filesystem::path dir = std::filesystem::path(options_.work_dir) / uid / container;
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return Status::IOError("creating " + dir.string() + ": " + ec.message());

  // Later entries win, as in a container spec; the container's env may
  // override the defaults.
  std::vector<std::pair<std::string, std::string>> env = {
      {"PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"},
      {"HOME", dir.string()},
      {"HOSTNAME", PodName(pod)}};
  for (const char* list : {"containers", "initContainers", "ephemeralContainers"}) {
    const Json& specs = Sub(Sub(pod, "spec"), list);
    if (!specs.is_array()) continue;
    for (const Json& c : specs) {
      if (!c.is_object() || c.value("name", "") != container || !Sub(c, "env").is_array()) continue;
      for (const Json& e : Sub(c, "env")) {
        const Json& name = Sub(e, "name");
        const Json& value = Sub(e, "value");
        if (!name.is_string() || !value.is_string()) continue;  // valueFrom: not resolved
        std::erase_if(env, [&](const auto& kv) { return kv.first == name.get<std::string>(); });
        env.emplace_back(name.get<std::string>(), value.get<std::string>());
      }
    }
  }
  HostProcessOptions process_options{.argv = command, .cwd = dir.string(), .merge_stderr = streams.tty};
  for (const auto& [name, value] : env) process_options.env.push_back(name + "=" + value);
  K1S_ASSIGN_OR_RETURN(std::unique_ptr<HostProcess> process, HostProcess::Start(process_options));

  std::atomic<bool> finished{false};
  std::atomic<bool> stdin_done{false};
  std::thread forward_stdin;
  if (streams.stdin_read) {
    forward_stdin = std::thread([&] {
      std::string buffer(kStdinChunk, '\0');
      while (!finished) {
        size_t n = streams.stdin_read(buffer.data(), buffer.size());
        if (n == 0 || finished || !process->WriteStdin(std::string_view(buffer.data(), n))) break;
      }
      process->CloseStdin();
      stdin_done = true;
    });
  } else {
    process->CloseStdin();
  }

  auto forward = [&](const HostProcess::Output& out) {
    const auto& write = out.is_stderr && streams.stderr_write ? streams.stderr_write : streams.stdout_write;
    return !write || write(out.data);
  };
  bool output_open = true;
  while (true) {
    if (streams.client_gone && streams.client_gone()) break;
    if (output_open) {
      HostProcess::Output out = process->ReadOutput(kOutputWait);
      if (!out.data.empty()) {
        if (!forward(out)) break;
        continue;
      }
      output_open = !out.eof;
    } else {
      std::this_thread::sleep_for(kOutputWait);
    }
    if (process->Exited()) {
      // Whatever it left running would hold the pipes open; what it wrote
      // before it went is still to be copied.
      process->KillGroup();
      for (int i = 0; i < 1000 && output_open; ++i) {
        HostProcess::Output out = process->ReadOutput(std::chrono::milliseconds(0));
        if (out.data.empty() || !forward(out)) break;
      }
      break;
    }
  }
  process->KillGroup();
  const int exit_code = process->Wait();
  finished = true;
  // The command ended with the client's stdin still open: end the read, as
  // the kubelet ends the session.
  if (forward_stdin.joinable() && !stdin_done && streams.close_stdin) streams.close_stdin();
  if (forward_stdin.joinable()) forward_stdin.join();
  return ProcessExit{exit_code};
}

Result<std::unique_ptr<streaming::PodConnection>> SimulatedPodStreams::PortForward(const Json& pod,
                                                                                  uint16_t port) {
  return ForwardPodPort(pod, port, options_.connect_timeout);
}

}  // namespace k1s::simnode
