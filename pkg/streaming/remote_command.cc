#include "pkg/streaming/remote_command.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

#include "pkg/streaming/spdy_session.h"
#include "pkg/streaming/upgrade_request.h"
#include "pkg/streaming/websocket.h"

namespace k1s::streaming {
namespace {

using namespace std::chrono_literals;

// How long the client has to open the streams it asked for, as the kubelet's
// stream creation timeout.
constexpr auto kStreamCreationTimeout = 30s;
// After the end status the client closes; this long is waited for it.
constexpr auto kClientCloseWait = 5s;

constexpr const char* kV4 = "v4.channel.k8s.io";
constexpr const char* kV5 = "v5.channel.k8s.io";

// WebSocket channel numbers (the first byte of each message).
enum Channel : unsigned char {
  kStdin = 0,
  kStdout = 1,
  kStderr = 2,
  kError = 3,
  kResize = 4,
  kClose = 255,  // v5, client to server: the next byte names a channel it closed
};

bool QueryBool(const http::Request& request, std::string_view name) {
  auto v = request.Query(name);
  return v && (*v == "true" || *v == "1" || *v == "True");
}

// Terminal sizes arrive as JSON objects, one per line ({"Width":80,"Height":24}).
class ResizeDecoder {
 public:
  void Feed(std::string_view bytes) { pending_.append(bytes); }
  std::optional<TerminalSize> Next() {
    size_t nl;
    while ((nl = pending_.find('\n')) != std::string::npos) {
      std::string line = pending_.substr(0, nl);
      pending_.erase(0, nl + 1);
      Json j = Json::parse(line, nullptr, /*allow_exceptions=*/false);
      if (!j.is_object()) continue;
      TerminalSize size;
      size.width = static_cast<uint16_t>(j.value("Width", 0));
      size.height = static_cast<uint16_t>(j.value("Height", 0));
      return size;
    }
    return std::nullopt;
  }
  // A last object without its newline (the stream ended).
  std::optional<TerminalSize> Flush() {
    if (pending_.empty()) return std::nullopt;
    pending_ += '\n';
    return Next();
  }

 private:
  std::string pending_;
};

// Where a command's standard streams travel: SPDY streams or WebSocket channels.
class CommandChannels {
 public:
  virtual ~CommandChannels() = default;
  virtual ProcessStreams Streams(const CommandOptions& options) = 0;
  // Sends the end status, closes what we write, waits a little for the client.
  virtual void Finish(const Json& status) = 0;
};

class SpdyChannels final : public CommandChannels {
 public:
  explicit SpdyChannels(SpdySession& session) : session_(session) {}

  // Accepts the streams `options` asked for; false (after telling the
  // client, if it can) when they do not all come in time.
  bool Collect(const CommandOptions& options, const Logger& log) {
    int want = 1 + options.stdin + options.stdout + (options.stderr && !options.tty) + options.tty;
    auto deadline = std::chrono::steady_clock::now() + kStreamCreationTimeout;
    for (int have = 0; have < want;) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      if (left <= 0ms) break;
      auto stream = session_.AcceptStream(left);
      if (stream == nullptr) break;
      std::string type;
      if (auto it = stream->headers().find("streamtype"); it != stream->headers().end()) type = it->second;
      std::shared_ptr<SpdyStream>* slot = type == "error"    ? &error_
                                          : type == "stdin"  ? &stdin_
                                          : type == "stdout" ? &stdout_
                                          : type == "stderr" ? &stderr_
                                          : type == "resize" ? &resize_
                                                             : nullptr;
      if (slot == nullptr || *slot != nullptr) {
        log.Debug(2, "exec: unexpected stream type \"", type, "\"");
        stream->Reset();
        continue;
      }
      *slot = std::move(stream);
      ++have;
    }
    bool complete = error_ && (!options.stdin || stdin_) && (!options.stdout || stdout_) &&
                    (!(options.stderr && !options.tty) || stderr_) && (!options.tty || resize_);
    if (!complete) {
      log.Debug(1, "exec: the client did not open its streams in time");
      if (error_) {
        error_->Write("timed out waiting for client to create streams");
        error_->CloseWrite();
      }
    }
    return complete;
  }

  ProcessStreams Streams(const CommandOptions& options) override {
    ProcessStreams s;
    s.tty = options.tty;
    if (stdin_) s.stdin_read = [in = stdin_](char* b, size_t n) { return in->Read(b, n); };
    if (stdin_) s.close_stdin = [in = stdin_] { in->Reset(); };
    if (stdout_) s.stdout_write = [out = stdout_](std::string_view d) { return out->Write(d); };
    if (stderr_) s.stderr_write = [err = stderr_](std::string_view d) { return err->Write(d); };
    if (resize_) {
      s.next_resize = [this]() -> std::optional<TerminalSize> {
        char buffer[512];
        for (;;) {
          if (auto size = resize_decoder_.Next()) return size;
          size_t n = resize_->Read(buffer, sizeof buffer);
          if (n == 0) return resize_decoder_.Flush();
          resize_decoder_.Feed({buffer, n});
        }
      };
    }
    s.client_gone = [this] { return session_.Done(); };
    return s;
  }

  void Finish(const Json& status) override {
    for (auto* s : {&stdout_, &stderr_}) {
      if (*s) (*s)->CloseWrite();
    }
    if (error_) {
      error_->Write(status.dump());
      error_->CloseWrite();
    }
    auto deadline = std::chrono::steady_clock::now() + kClientCloseWait;
    while (!session_.Done() && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(20ms);
  }

 private:
  SpdySession& session_;
  std::shared_ptr<SpdyStream> error_, stdin_, stdout_, stderr_, resize_;
  ResizeDecoder resize_decoder_;
};

class WebSocketChannels final : public CommandChannels {
 public:
  WebSocketChannels(WebSocketConnection& ws, bool v5) : ws_(ws), v5_(v5) {
    reader_ = std::thread([this] { ReadLoop(); });
  }
  ~WebSocketChannels() override {
    ws_.Close();
    reader_.join();
  }

  ProcessStreams Streams(const CommandOptions& options) override {
    // As the kubelet: one empty message on the lowest channel we write, to
    // say the session is up.
    Send(options.stdout ? kStdout : (options.stderr && !options.tty) ? kStderr : kError, "");
    ProcessStreams s;
    s.tty = options.tty;
    if (options.stdin) {
      s.stdin_read = [this](char* b, size_t n) -> size_t {
        std::unique_lock lock(mu_);
        changed_.wait(lock, [this] { return !stdin_.empty() || stdin_closed_ || gone_; });
        size_t k = std::min(n, stdin_.size());
        std::copy_n(stdin_.begin(), k, b);
        stdin_.erase(stdin_.begin(), stdin_.begin() + static_cast<std::ptrdiff_t>(k));
        return k;
      };
    }
    if (options.stdin) {
      s.close_stdin = [this] {
        std::lock_guard lock(mu_);
        stdin_closed_ = true;
        changed_.notify_all();
      };
    }
    if (options.stdout) s.stdout_write = [this](std::string_view d) { return Send(kStdout, d); };
    if (options.stderr && !options.tty) s.stderr_write = [this](std::string_view d) { return Send(kStderr, d); };
    if (options.tty) {
      s.next_resize = [this]() -> std::optional<TerminalSize> {
        std::unique_lock lock(mu_);
        for (;;) {
          if (auto size = resize_.Next()) return size;
          if (gone_) return std::nullopt;
          changed_.wait(lock);
        }
      };
    }
    s.client_gone = [this] {
      std::lock_guard lock(mu_);
      return gone_;
    };
    return s;
  }

  void Finish(const Json& status) override {
    // The client reads the error channel to its end: the close (1000) is
    // what ends it, and the status is decoded then.
    Send(kError, status.dump());
    ws_.Close();
  }

 private:
  bool Send(Channel channel, std::string_view data) {
    std::string message;
    message.reserve(data.size() + 1);
    message.push_back(static_cast<char>(channel));
    message.append(data);
    return ws_.WriteMessage(message);
  }

  void ReadLoop() {
    std::string message;
    while (ws_.ReadMessage(message)) {
      if (message.empty()) continue;
      auto channel = static_cast<unsigned char>(message[0]);
      std::string_view data = std::string_view(message).substr(1);
      std::lock_guard lock(mu_);
      if (channel == kStdin) {
        stdin_.insert(stdin_.end(), data.begin(), data.end());
      } else if (channel == kResize) {
        resize_.Feed(data);
        resize_.Feed("\n");  // one size per message; make sure it ends a line
      } else if (channel == kClose && v5_ && !data.empty() && static_cast<unsigned char>(data[0]) == kStdin) {
        stdin_closed_ = true;
      }
      changed_.notify_all();
    }
    std::lock_guard lock(mu_);
    gone_ = true;
    changed_.notify_all();
  }

  WebSocketConnection& ws_;
  const bool v5_;
  std::mutex mu_;
  std::condition_variable changed_;
  std::deque<char> stdin_;     // GUARDED_BY(mu_)
  bool stdin_closed_ = false;  // GUARDED_BY(mu_)
  bool gone_ = false;          // GUARDED_BY(mu_)
  ResizeDecoder resize_;       // GUARDED_BY(mu_)
  std::thread reader_;
};

void RunOn(CommandChannels& channels, const CommandOptions& options, const RunCommand& run) {
  ProcessStreams streams = channels.Streams(options);
  Result<ProcessExit> result = run(streams);
  channels.Finish(CommandEndStatus(result, options.command));
}

}  // namespace

Result<CommandOptions> ParseCommandOptions(const http::Request& request, bool exec) {
  CommandOptions o;
  o.container = request.Query("container").value_or("");
  for (const auto& [name, value] : request.query) {
    if (name == "command") o.command.push_back(value);
  }
  o.stdin = QueryBool(request, "stdin");
  o.stdout = QueryBool(request, "stdout");
  o.stderr = QueryBool(request, "stderr");
  o.tty = QueryBool(request, "tty");
  if (!o.stdin && !o.stdout && !o.stderr) {
    return Status(StatusCode::kBadRequest, "you must specify at least 1 of stdin, stdout, stderr");
  }
  if (exec && o.command.empty()) {
    return Status(StatusCode::kBadRequest, "you must specify at least one command for the container");
  }
  return o;
}

Json CommandEndStatus(const Result<ProcessExit>& result, const std::vector<std::string>& command) {
  Json status = {{"metadata", Json::object()}};
  if (!result.ok()) {
    status["status"] = "Failure";
    status["message"] = result.status().message();
    status["reason"] = "InternalError";
    status["code"] = 500;
    return status;
  }
  if (result->exit_code == 0) {
    status["status"] = "Success";
    return status;
  }
  std::string joined;
  for (const auto& arg : command) joined += (joined.empty() ? "" : " ") + arg;
  std::string code = std::to_string(result->exit_code);
  status["status"] = "Failure";
  status["message"] = "command terminated with non-zero exit code: error executing command [" + joined +
                      "], exit code " + code;
  status["reason"] = "NonZeroExitCode";
  status["details"] = {{"causes", Json::array({{{"reason", "ExitCode"}, {"message", code}}})}};
  return status;
}

Result<http::Reply> ServeRemoteCommand(const http::Request& request, CommandOptions options,
                                       RunCommand run, Logger log) {
  if (IsWebSocketUpgrade(request)) {
    K1S_RETURN_IF_ERROR(CheckWebSocketHandshake(request));
    std::string protocol = NegotiateProtocol(request, "Sec-WebSocket-Protocol", {kV5, kV4});
    if (protocol.empty()) return NoCommonProtocol(request, "Sec-WebSocket-Protocol", {kV5, kV4});
    bool v5 = protocol == kV5;
    return http::Reply(WebSocketAcceptResponse(request, protocol),
                       [options = std::move(options), run = std::move(run), v5](
                           std::unique_ptr<http::UpgradedConnection> conn) {
                         WebSocketConnection ws(*conn);
                         WebSocketChannels channels(ws, v5);
                         RunOn(channels, options, run);
                       });
  }
  if (!IsSpdyUpgrade(request)) return Status(StatusCode::kBadRequest, "Upgrade request required");
  std::string protocol = NegotiateProtocol(request, kStreamProtocolHeader, {kV4});
  if (protocol.empty()) return NoCommonProtocol(request, kStreamProtocolHeader, {kV4});
  return http::Reply(SpdyUpgradeResponse(protocol),
                     [options = std::move(options), run = std::move(run), log = std::move(log)](
                         std::unique_ptr<http::UpgradedConnection> conn) {
                       SpdySession session(*conn);
                       SpdyChannels channels(session);
                       if (!channels.Collect(options, log)) return;
                       RunOn(channels, options, run);
                     });
}

}  // namespace k1s::streaming
