// Server: the acceptor, the io threads, the worker pool and Stop. Connections
// are in connection.cc.
#include "pkg/http/server.h"

#include <sys/resource.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <mutex>
#include <thread>
#include <vector>

#include "pkg/http/connection.h"
#include "pkg/http/tls_context.h"

namespace k1s::http {
namespace {

namespace asio = boost::asio;
using boost::system::error_code;
using tcp = asio::ip::tcp;

// Connections get this long to finish after Stop closed them before the io
// threads are stopped regardless.
constexpr auto kStopGrace = std::chrono::seconds(5);

// Each connection holds a descriptor. As Go programs do (kube-apiserver
// among them), raise the soft limit on open files to the hard one, so that a
// few thousand idle clients do not exhaust the usual 1024 and lock everyone
// else out of accept.
void RaiseOpenFileLimit(const Logger& logger) {
  static std::once_flag once;
  std::call_once(once, [&logger] {
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur >= limit.rlim_max) return;
    const rlim_t was = limit.rlim_cur;
    limit.rlim_cur = limit.rlim_max;
    if (setrlimit(RLIMIT_NOFILE, &limit) == 0) {
      logger.Debug(1, "open file limit raised from ", was, " to ", limit.rlim_cur);
    }
  });
}

class ServerImpl final : public Server {
 public:
  ServerImpl(const ServerOptions& options, Handler handler)
      : options_(options),
        handler_(std::move(handler)),
        workers_(std::max<size_t>(options.worker_threads, 1)),
        registry_(workers_),
        acceptor_(asio::make_strand(ioc_)) {}

  ~ServerImpl() override { Stop(); }

  Status Listen();
  void Run();
  uint16_t port() const override { return port_; }
  void Stop() override;

 private:
  asio::awaitable<void> AcceptLoop();

  // Declaration order is destruction order reversed: connections destroyed
  // with ioc_ still reach registry_, ctx_, tls_, options_ and handler_. The
  // pool is empty by then: Stop joins it after the registry stopped
  // accepting tasks.
  const ServerOptions options_;
  const Handler handler_;
  std::unique_ptr<asio::ssl::context> tls_;
  asio::thread_pool workers_;
  internal::ConnectionRegistry registry_;
  std::unique_ptr<internal::ConnectionContext> ctx_;
  asio::io_context ioc_;
  tcp::acceptor acceptor_;
  uint16_t port_ = 0;
  std::vector<std::thread> io_threads_;
  std::mutex stop_mu_;
  bool stopped_ = false;  // GUARDED_BY(stop_mu_)
};

Status ServerImpl::Listen() {
  RaiseOpenFileLimit(options_.logger);
  if (options_.tls) {
    K1S_ASSIGN_OR_RETURN(tls_, internal::MakeServerTlsContext(*options_.tls));
  }
  ctx_ = std::make_unique<internal::ConnectionContext>(
      internal::ConnectionContext{options_, handler_, registry_, tls_.get(), options_.logger});
  error_code ec;
  auto address = asio::ip::make_address(options_.bind_address, ec);
  if (ec) return Status::IOError("bad bind address " + options_.bind_address);
  tcp::endpoint endpoint(address, options_.port);
  std::string where = options_.bind_address + ":" + std::to_string(options_.port);
  acceptor_.open(endpoint.protocol(), ec);
  if (!ec) acceptor_.set_option(tcp::acceptor::reuse_address(true), ec);
  if (!ec) acceptor_.bind(endpoint, ec);
  if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) return Status::IOError("listen on " + where + ": " + ec.message());
  port_ = acceptor_.local_endpoint(ec).port();
  return Status::Ok();
}

void ServerImpl::Run() {
  asio::co_spawn(acceptor_.get_executor(), AcceptLoop(), asio::detached);
  size_t n = std::max<size_t>(options_.io_threads, 1);
  for (size_t i = 0; i < n; ++i) io_threads_.emplace_back([this] { ioc_.run(); });
  options_.logger.Info("serving ", options_.tls ? "HTTPS" : "HTTP", " on ", options_.bind_address,
                       ":", port_);
}

asio::awaitable<void> ServerImpl::AcceptLoop() {
  for (;;) {
    tcp::socket socket(asio::make_strand(ioc_));
    error_code ec;
    co_await acceptor_.async_accept(socket, asio::redirect_error(asio::use_awaitable, ec));
    if (!acceptor_.is_open() || ec == asio::error::operation_aborted) co_return;
    if (ec) {
      // Out of file descriptors and the like: back off instead of spinning.
      options_.logger.Warning("accept: ", ec.message());
      asio::steady_timer pause(acceptor_.get_executor(), std::chrono::milliseconds(100));
      co_await pause.async_wait(asio::redirect_error(asio::use_awaitable, ec));
      continue;
    }
    // Replies are written whole; without this the tail of any reply larger
    // than a segment waits ~40 ms for the client's delayed ACK (Nagle).
    socket.set_option(tcp::no_delay(true), ec);
    internal::StartConnection(*ctx_, std::move(socket));
  }
}

void ServerImpl::Stop() {
  {
    std::lock_guard lock(stop_mu_);
    if (stopped_) return;
    stopped_ = true;
  }
  asio::post(acceptor_.get_executor(), [this] {
    error_code ec;
    acceptor_.close(ec);
  });
  for (auto& c : registry_.BeginStop()) c->Shutdown();
  // No handler is submitted once stopping; running ones finish and find
  // their connection closed.
  workers_.join();
  if (!registry_.WaitEmpty(kStopGrace)) {
    options_.logger.Warning("connections still open ", kStopGrace.count(), "s after Stop");
  }
  // Upgrade handlers saw their connection close; each ends by posting here.
  if (!registry_.WaitUpgrades(kStopGrace)) {
    options_.logger.Warning("upgraded connections' handlers still running ", kStopGrace.count(),
                            "s after Stop");
  }
  ioc_.stop();
  for (auto& t : io_threads_) t.join();
  io_threads_.clear();
  // With no io thread left, detach streams of connections that only the
  // io_context's queue still holds, before it is destroyed.
  for (auto& c : registry_.Live()) c->ShutdownNow();
  if (port_ != 0) options_.logger.Info("stopped");
}

}  // namespace

Result<std::unique_ptr<Server>> Server::Start(const ServerOptions& options, Handler handler) {
  auto server = std::make_unique<ServerImpl>(options, std::move(handler));
  K1S_RETURN_IF_ERROR(server->Listen());
  server->Run();
  return std::unique_ptr<Server>(std::move(server));
}

}  // namespace k1s::http
