// The per-connection state machine, one coroutine per connection on its own
// strand: [TLS handshake] -> { wait for a request (idle_timeout) -> read it
// (read_timeout) -> handler on the worker pool -> write the reply or stream }*.
#include "pkg/http/connection.h"

#include <algorithm>
#include <array>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <exception>
#include <future>
#include <limits>
#include <thread>
#include <type_traits>

#include "pkg/http/error_response.h"
#include "pkg/http/tls_context.h"

namespace k1s::http::internal {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using asio::awaitable;
using boost::system::error_code;
using tcp = asio::ip::tcp;

// After an error reply the client may still be sending (a body we refused):
// read and discard for a while so that closing does not reset the connection
// before the client has read the reply.
constexpr auto kLingerTime = std::chrono::seconds(2);
constexpr size_t kLingerMaxBytes = size_t{64} << 20;
constexpr auto kTlsShutdownTime = std::chrono::seconds(1);
constexpr size_t kReadChunk = 16 * 1024;

auto Ec(error_code& ec) { return asio::redirect_error(asio::use_awaitable, ec); }

std::string_view View(beast::string_view s) { return {s.data(), s.size()}; }

bool IEquals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && !CaseInsensitiveLess()(a, b) && !CaseInsensitiveLess()(b, a);
}

// Headers the server owns: framing and connection management.
bool IsFramingHeader(std::string_view name) {
  return IEquals(name, "Content-Length") || IEquals(name, "Transfer-Encoding") ||
         IEquals(name, "Connection");
}

std::string FormatEndpoint(const tcp::endpoint& ep) {
  std::string addr = ep.address().to_string();
  if (ep.address().is_v6()) addr = "[" + addr + "]";
  return addr + ":" + std::to_string(ep.port());
}

// Runs `fn` on the worker pool, then resumes the caller on its own executor
// with true; with false, without running `fn`, when the server is stopping.
template <typename Token>
auto AsyncOnWorkers(ConnectionRegistry& registry, std::function<void()> fn, Token&& token) {
  return asio::async_initiate<Token, void(bool)>(
      [&registry](auto handler, std::function<void()> task) {
        using HandlerT = decltype(handler);
        // Keeps the io_context running until the completion is delivered.
        auto ex = asio::prefer(asio::get_associated_executor(handler),
                               asio::execution::outstanding_work.tracked);
        // std::function wants a copyable task; the handler is move-only.
        auto shared = std::make_shared<HandlerT>(std::move(handler));
        bool submitted = registry.TrySubmit([task = std::move(task), shared, ex] {
          task();
          asio::post(ex, [shared] { (*shared)(true); });
        });
        if (!submitted) asio::post(ex, [shared] { (*shared)(false); });
      },
      token, std::move(fn));
}

// Forwards a stream's wake-up to the connection's strand until detached, so
// that a producer calling late never touches a finished connection.
class Waker {
 public:
  explicit Waker(std::function<void()> target) : target_(std::move(target)) {}
  void Wake() {
    std::lock_guard lock(mu_);
    if (target_) target_();
  }
  void Detach() {
    std::lock_guard lock(mu_);
    target_ = nullptr;
  }

 private:
  std::mutex mu_;
  std::function<void()> target_;  // GUARDED_BY(mu_)
};

enum class Next {
  kKeepAlive,  // serve the next request
  kClose,      // reply said Connection: close; close politely
  kLinger,     // error reply sent; drain input, then close
  kAbort,      // peer gone, stopping, or a stream ended: close now
};

template <class Stream>
class Session final : public Connection, public std::enable_shared_from_this<Session<Stream>> {
 public:
  static constexpr bool kTls = !std::is_same_v<Stream, beast::tcp_stream>;

  Session(ConnectionContext& ctx, tcp::socket socket) requires(!kTls)
      : ctx_(ctx), stream_(std::move(socket)), wake_timer_(stream_.get_executor()) {}
  Session(ConnectionContext& ctx, tcp::socket socket) requires(kTls)
      : ctx_(ctx), stream_(std::move(socket), *ctx.tls), wake_timer_(stream_.get_executor()) {}

  ~Session() override {
    EndStream(/*cancel=*/true);
    ctx_.registry.Unregister(this);
  }

  void Shutdown() override {
    asio::post(stream_.get_executor(), [self = this->shared_from_this()] { self->DoShutdown(); });
  }
  void ShutdownNow() override { DoShutdown(); }

  awaitable<void> Run(std::shared_ptr<Session> self);

 private:
  auto& Tcp() { return beast::get_lowest_layer(stream_); }
  std::chrono::seconds WriteTimeout() const { return ctx_.options.read_timeout; }

  void DoShutdown() {
    closed_ = true;
    EndStream(/*cancel=*/true);
    wake_timer_.cancel();
    Tcp().close();
  }

  awaitable<Next> ServeOne();
  awaitable<Next> ReadFailed(error_code ec);
  awaitable<Next> WriteError(int code, std::string_view reason, std::string message);
  awaitable<bool> WriteResponse(Response r, unsigned version, bool keep_alive, bool head_only);
  awaitable<void> WriteStream(Reply reply, unsigned version, bool head_only);
  // Writes the 101 head, then runs reply.upgrade on a thread of its own with
  // the connection, until it returns or the server stops.
  awaitable<void> ServeUpgrade(Reply reply, unsigned version);
  // Reads until the client leaves, then wakes the stream loop. `self` keeps
  // the session alive meanwhile.
  awaitable<void> WatchPeer(std::shared_ptr<Session> self);
  awaitable<void> CloseGracefully();
  awaitable<void> Linger();
  Request ToRequest(bhttp::request<bhttp::string_body>&& msg) const;
  Reply CallHandler(Request& req) const;

  void OnWake() {
    ++wakes_;
    wake_timer_.cancel();
  }
  // Ends the current stream, if any; `cancel`: the client or the server gave up.
  void EndStream(bool cancel) {
    if (waker_) waker_->Detach();
    if (response_stream_ && cancel) response_stream_->Cancel();
    response_stream_.reset();
  }

  ConnectionContext& ctx_;
  Stream stream_;
  beast::flat_buffer buffer_;
  asio::steady_timer wake_timer_;  // a stream's event: cancelled to wake
  std::string remote_;
  std::optional<PeerCertificate> peer_;
  bool closed_ = false;  // Shutdown ran
  std::unique_ptr<ResponseStream> response_stream_;
  std::shared_ptr<Waker> waker_;
  int wakes_ = 0;
  bool peer_gone_ = false;  // the client closed during a stream
  bool upgrade_done_ = false;  // the upgrade handler returned

  template <class S>
  friend class UpgradeBridge;
};

// The UpgradedConnection an upgrade handler gets: blocking calls from its
// thread, each posted to the session's strand and waited for.
template <class Stream>
class UpgradeBridge final : public UpgradedConnection {
 public:
  explicit UpgradeBridge(std::shared_ptr<Session<Stream>> session) : session_(std::move(session)) {}
  ~UpgradeBridge() override { Close(); }

  size_t Read(char* buffer, size_t size) override {
    if (size == 0) return 0;
    std::promise<size_t> done;
    auto result = done.get_future();
    asio::post(session_->stream_.get_executor(), [this, buffer, size, &done] {
      Session<Stream>& s = *session_;
      if (s.buffer_.size() > 0) {
        // Bytes that arrived with the upgrade request belong to the new protocol.
        size_t n = asio::buffer_copy(asio::buffer(buffer, size), s.buffer_.data());
        s.buffer_.consume(n);
        done.set_value(n);
        return;
      }
      if (s.closed_) {
        done.set_value(0);
        return;
      }
      s.stream_.async_read_some(asio::buffer(buffer, size), [&done](error_code ec, size_t n) {
        done.set_value(ec && n == 0 ? 0 : n);
      });
    });
    return result.get();
  }

  bool Write(std::string_view data) override {
    std::lock_guard lock(write_mu_);  // one write in flight: a frame's bytes stay together
    std::promise<bool> done;
    auto result = done.get_future();
    asio::post(session_->stream_.get_executor(), [this, data, &done] {
      Session<Stream>& s = *session_;
      if (s.closed_) {
        done.set_value(false);
        return;
      }
      asio::async_write(s.stream_, asio::buffer(data.data(), data.size()),
                        [&done](error_code ec, size_t) { done.set_value(!ec); });
    });
    return result.get();
  }

  void Close() override {
    if (closed_.exchange(true)) return;
    session_->Shutdown();
  }

 private:
  std::shared_ptr<Session<Stream>> session_;
  std::mutex write_mu_;
  std::atomic<bool> closed_{false};
};

template <class Stream>
awaitable<void> Session<Stream>::Run(std::shared_ptr<Session> self) {
  if (!ctx_.registry.Register(self)) co_return;
  error_code ec;
  remote_ = FormatEndpoint(Tcp().socket().remote_endpoint(ec));
  // A new connection has read_timeout for the handshake and first request.
  Tcp().expires_after(ctx_.options.read_timeout);
  if constexpr (kTls) {
    co_await stream_.async_handshake(asio::ssl::stream_base::server, Ec(ec));
    if (ec) {
      ctx_.logger.Debug(2, "TLS handshake with ", remote_, " failed: ", ec.message());
      co_return;
    }
    peer_ = VerifiedPeer(stream_.native_handle());
  }
  Next next = Next::kKeepAlive;
  for (bool first = true; next == Next::kKeepAlive && !closed_; first = false) {
    if (!first) {
      if (buffer_.size() == 0) {
        Tcp().expires_after(ctx_.options.idle_timeout);
        size_t n = co_await stream_.async_read_some(buffer_.prepare(kReadChunk), Ec(ec));
        if (ec) break;
        buffer_.commit(n);
      }
      Tcp().expires_after(ctx_.options.read_timeout);
    }
    next = co_await ServeOne();
  }
  if (next == Next::kClose && !closed_) co_await CloseGracefully();
  if (next == Next::kLinger && !closed_) co_await Linger();
  // Also ends WatchPeer, which holds the session alive until its read fails.
  Tcp().close();
}

template <class Stream>
awaitable<Next> Session<Stream>::ServeOne() {
  const ServerOptions& opt = ctx_.options;
  error_code ec;
  bhttp::request_parser<bhttp::string_body> parser;
  parser.header_limit(static_cast<std::uint32_t>(
      std::min<size_t>(opt.max_header_bytes, std::numeric_limits<std::uint32_t>::max())));
  parser.body_limit(opt.max_body_bytes);
  co_await bhttp::async_read_header(stream_, buffer_, parser, Ec(ec));
  if (ec) co_return co_await ReadFailed(ec);
  if (auto len = parser.content_length(); len && *len > opt.max_body_bytes) {
    co_return co_await ReadFailed(bhttp::error::body_limit);
  }
  if (!parser.is_done()) {
    const auto& head = parser.get();
    if (head.version() >= 11 && IEquals(View(head[bhttp::field::expect]), "100-continue")) {
      bhttp::response<bhttp::empty_body> go_on{bhttp::status::continue_, head.version()};
      co_await bhttp::async_write(stream_, go_on, Ec(ec));
      if (ec) co_return Next::kAbort;
    }
    co_await bhttp::async_read(stream_, buffer_, parser, Ec(ec));
    if (ec) co_return co_await ReadFailed(ec);
  }
  bool keep_alive = parser.get().keep_alive();
  unsigned version = parser.get().version();
  Request req = ToRequest(parser.release());
  bool head_only = req.method == "HEAD";

  std::optional<Reply> reply;
  bool ran = co_await AsyncOnWorkers(
      ctx_.registry, [this, &req, &reply] { reply.emplace(CallHandler(req)); },
      asio::use_awaitable);
  if (!ran || closed_) co_return Next::kAbort;

  // Upgrade seam: a Reply that takes over the connection (WebSocket, SPDY/3.1)
  // is recognised here: write its 101 head with WriteResponse, then hand it
  // stream_ and the bytes left in buffer_, and return kAbort when it is done.
  if (reply->upgrade && reply->response.status == 101) {
    co_await ServeUpgrade(std::move(*reply), version);
    co_return Next::kAbort;
  }
  if (reply->stream) {
    co_await WriteStream(std::move(*reply), version, head_only);
    co_return Next::kAbort;
  }
  if (!co_await WriteResponse(std::move(reply->response), version, keep_alive, head_only)) {
    co_return Next::kAbort;
  }
  co_return keep_alive ? Next::kKeepAlive : Next::kClose;
}

template <class Stream>
awaitable<Next> Session<Stream>::ReadFailed(error_code ec) {
  const ServerOptions& opt = ctx_.options;
  if (ec == bhttp::error::header_limit) {
    co_return co_await WriteError(
        431, "RequestHeaderFieldsTooLarge",
        "request headers exceed " + std::to_string(opt.max_header_bytes) + " bytes");
  }
  if (ec == bhttp::error::body_limit) {
    co_return co_await WriteError(
        413, "RequestEntityTooLarge",
        "Request entity too large: limit is " + std::to_string(opt.max_body_bytes));
  }
  // Closed, reset, timed out or cancelled: nobody to answer.
  if (ec == bhttp::error::end_of_stream || ec == bhttp::error::partial_message ||
      ec.category() != bhttp::make_error_code(bhttp::error::bad_method).category()) {
    ctx_.logger.Debug(3, remote_, ": connection ends: ", ec.message());
    co_return Next::kAbort;
  }
  co_return co_await WriteError(400, "BadRequest", "malformed HTTP request: " + ec.message());
}

template <class Stream>
awaitable<Next> Session<Stream>::WriteError(int code, std::string_view reason,
                                            std::string message) {
  ctx_.logger.Debug(1, remote_, ": ", code, " ", message);
  Response response = ErrorResponse(code, reason, message);
  bool ok = co_await WriteResponse(std::move(response), 11, false, false);
  co_return ok ? Next::kLinger : Next::kAbort;
}

template <class Stream>
awaitable<bool> Session<Stream>::WriteResponse(Response r, unsigned version, bool keep_alive,
                                               bool head_only) {
  bhttp::response<bhttp::string_body> res;
  res.version(version);
  res.result(r.status >= 100 && r.status <= 999 ? static_cast<unsigned>(r.status) : 500u);
  for (const auto& [name, value] : r.headers) {
    if (!IsFramingHeader(name)) res.insert(name, value);
  }
  res.keep_alive(keep_alive);
  bool bodiless = r.status < 200 || r.status == 204 || r.status == 304;
  if (!bodiless) res.body() = std::move(r.body);
  res.prepare_payload();
  error_code ec;
  Tcp().expires_after(WriteTimeout());
  if (head_only) {
    bhttp::response_serializer<bhttp::string_body> sr{res};
    co_await bhttp::async_write_header(stream_, sr, Ec(ec));
  } else {
    co_await bhttp::async_write(stream_, res, Ec(ec));
  }
  co_return !ec;
}

// Streams close the connection when they end: a read is kept pending to see
// the client leave, and ending it safely on a TLS stream is not possible.
template <class Stream>
awaitable<void> Session<Stream>::WriteStream(Reply reply, unsigned version, bool head_only) {
  response_stream_ = std::move(reply.stream);
  bhttp::response<bhttp::empty_body> res;
  res.version(version);
  int status = reply.response.status;
  res.result(status >= 100 && status <= 999 ? static_cast<unsigned>(status) : 500u);
  for (const auto& [name, value] : reply.response.headers) {
    if (!IsFramingHeader(name)) res.insert(name, value);
  }
  res.keep_alive(false);
  res.chunked(true);
  error_code ec;
  Tcp().expires_after(WriteTimeout());
  bhttp::response_serializer<bhttp::empty_body> sr{res};
  co_await bhttp::async_write_header(stream_, sr, Ec(ec));
  if (ec || head_only || closed_) {
    EndStream(/*cancel=*/true);
    co_return;
  }
  Tcp().expires_never();
  waker_ = std::make_shared<Waker>([weak = this->weak_from_this(), ex = stream_.get_executor()] {
    asio::post(ex, [weak] {
      if (auto self = weak.lock()) self->OnWake();
    });
  });
  asio::co_spawn(stream_.get_executor(), WatchPeer(this->shared_from_this()), asio::detached);

  while (!closed_ && !peer_gone_) {
    ResponseStream::Chunk chunk = response_stream_->Read();
    if (!chunk.data.empty()) {
      Tcp().expires_after(WriteTimeout());
      co_await asio::async_write(stream_, bhttp::make_chunk(asio::buffer(chunk.data)), Ec(ec));
      if (ec) break;
    }
    if (chunk.done) {
      Tcp().expires_after(WriteTimeout());
      co_await asio::async_write(stream_, bhttp::make_chunk_last(), Ec(ec));
      EndStream(/*cancel=*/false);
      co_return;
    }
    if (chunk.data.empty() && !closed_ && !peer_gone_) {
      wakes_ = 0;
      response_stream_->Subscribe([waker = waker_] { waker->Wake(); });
      // A wake posted from inside Subscribe runs only once this coroutine
      // suspends on the strand, so it cannot be missed.
      if (wakes_ == 0) {
        wake_timer_.expires_at(asio::steady_timer::time_point::max());
        co_await wake_timer_.async_wait(Ec(ec));
      }
    }
  }
  EndStream(/*cancel=*/true);
}

template <class Stream>
awaitable<void> Session<Stream>::ServeUpgrade(Reply reply, unsigned version) {
  bhttp::response<bhttp::empty_body> res;
  res.version(version);
  res.result(bhttp::status::switching_protocols);
  // Connection: Upgrade is part of a 101's meaning, so it is kept here.
  for (const auto& [name, value] : reply.response.headers) res.insert(name, value);
  error_code ec;
  Tcp().expires_after(WriteTimeout());
  bhttp::response_serializer<bhttp::empty_body> sr{res};
  co_await bhttp::async_write_header(stream_, sr, Ec(ec));
  if (ec || closed_) co_return;
  Tcp().expires_never();
  if (!ctx_.registry.BeginUpgrade()) co_return;
  auto self = this->shared_from_this();
  auto conn = std::make_unique<UpgradeBridge<Stream>>(self);
  std::thread([handler = std::move(reply.upgrade), conn = std::move(conn), self,
               &registry = ctx_.registry, logger = ctx_.logger]() mutable {
    try {
      handler(std::move(conn));
    } catch (const std::exception& e) {
      logger.Error("upgrade handler threw: ", e.what());
    } catch (...) {
      logger.Error("upgrade handler threw a non-exception");
    }
    conn.reset();  // closes the connection unless the handler kept it
    asio::post(self->stream_.get_executor(), [self] {
      self->upgrade_done_ = true;
      self->wake_timer_.cancel();
    });
    self.reset();
    registry.EndUpgrade();  // last: Stop waits for this before the io threads end
  }).detach();
  while (!upgrade_done_ && !closed_) {
    wake_timer_.expires_at(asio::steady_timer::time_point::max());
    co_await wake_timer_.async_wait(Ec(ec));
  }
}

template <class Stream>
awaitable<void> Session<Stream>::WatchPeer([[maybe_unused]] std::shared_ptr<Session> self) {
  std::array<char, 512> scratch;
  error_code ec;
  while (!ec && !closed_) co_await stream_.async_read_some(asio::buffer(scratch), Ec(ec));
  peer_gone_ = true;
  wake_timer_.cancel();
}

template <class Stream>
awaitable<void> Session<Stream>::CloseGracefully() {
  error_code ec;
  if constexpr (kTls) {
    Tcp().expires_after(kTlsShutdownTime);
    co_await stream_.async_shutdown(Ec(ec));
  } else {
    Tcp().socket().shutdown(tcp::socket::shutdown_send, ec);
  }
}

template <class Stream>
awaitable<void> Session<Stream>::Linger() {
  error_code ec;
  if constexpr (!kTls) Tcp().socket().shutdown(tcp::socket::shutdown_send, ec);
  Tcp().expires_after(kLingerTime);
  size_t total = 0;
  while (!ec && !closed_ && total < kLingerMaxBytes) {
    total += co_await stream_.async_read_some(buffer_.prepare(kReadChunk), Ec(ec));
  }
}

template <class Stream>
Request Session<Stream>::ToRequest(bhttp::request<bhttp::string_body>&& msg) const {
  Request r;
  r.method = std::string(msg.method_string());
  r.target = std::string(msg.target());
  std::string_view target = r.target;
  // absolute-form ("http://host/path"): keep the path.
  if (!target.empty() && target.front() != '/') {
    if (size_t scheme = target.find("://"); scheme != std::string_view::npos) {
      size_t slash = target.find('/', scheme + 3);
      target = slash == std::string_view::npos ? std::string_view("/") : target.substr(slash);
    }
  }
  size_t q = target.find('?');
  r.path = PercentDecode(target.substr(0, q), false);
  if (q != std::string_view::npos) r.query = ParseQuery(target.substr(q + 1));
  for (const auto& field : msg) {
    r.headers.emplace(std::string(field.name_string()), std::string(field.value()));
  }
  r.body = std::move(msg.body());
  r.peer = peer_;
  r.remote_address = remote_;
  return r;
}

template <class Stream>
Reply Session<Stream>::CallHandler(Request& req) const {
  try {
    return ctx_.handler(req);
  } catch (const std::exception& e) {
    ctx_.logger.Error("handler for ", req.method, " ", req.target, " threw: ", e.what());
  } catch (...) {
    ctx_.logger.Error("handler for ", req.method, " ", req.target, " threw a non-exception");
  }
  return ErrorResponse(500, "InternalError", "Internal error occurred: the request handler failed");
}

template <class Stream>
void Spawn(ConnectionContext& ctx, tcp::socket socket) {
  auto executor = socket.get_executor();
  auto session = std::make_shared<Session<Stream>>(ctx, std::move(socket));
  asio::co_spawn(executor, session->Run(session), [logger = ctx.logger](std::exception_ptr e) {
    if (!e) return;
    try {
      std::rethrow_exception(e);
    } catch (const std::exception& ex) {
      logger.Error("connection failed: ", ex.what());
    } catch (...) {
      logger.Error("connection failed: unknown exception");
    }
  });
}

}  // namespace

void StartConnection(ConnectionContext& ctx, tcp::socket socket) {
  if (ctx.tls != nullptr) {
    Spawn<beast::ssl_stream<beast::tcp_stream>>(ctx, std::move(socket));
  } else {
    Spawn<beast::tcp_stream>(ctx, std::move(socket));
  }
}

}  // namespace k1s::http::internal
