// One client connection (internal to pkg/http): reads requests, runs the
// handler on the worker pool, writes replies and streams. The Beast code
// lives in connection.cc only; the rest of the server sees this interface.
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/thread_pool.hpp>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "pkg/http/message.h"
#include "pkg/http/server.h"

namespace k1s::http::internal {

// A live connection as the server sees it, so that Stop can end it.
class Connection {
 public:
  virtual ~Connection() = default;
  // Cancels a stream in progress and closes the socket. Any thread; it runs
  // on the connection's strand.
  virtual void Shutdown() = 0;
  // The same, synchronously. Only once no io thread runs any more.
  virtual void ShutdownNow() = 0;
};

// The connections of one server and its worker pool's admission. Once
// stopping, no connection registers and no handler is submitted, so that
// Stop can join the pool knowing nothing more arrives.
class ConnectionRegistry {
 public:
  explicit ConnectionRegistry(boost::asio::thread_pool& workers) : workers_(workers) {}

  // False when the server is stopping: the connection must close.
  bool Register(const std::shared_ptr<Connection>& c);
  void Unregister(Connection* c);
  // Posts `task` to the worker pool unless stopping; false if it did not.
  bool TrySubmit(std::function<void()> task);
  // Enters the stopping state; returns the connections still alive.
  std::vector<std::shared_ptr<Connection>> BeginStop();
  std::vector<std::shared_ptr<Connection>> Live();
  // Waits until every connection is gone or `timeout` passed; true if gone.
  bool WaitEmpty(std::chrono::milliseconds timeout);
  // An upgrade handler's thread starts (false when stopping: do not start
  // it) and ends. Stop waits for them before the io threads go, because the
  // last thing such a thread does is post to its connection's strand.
  bool BeginUpgrade();
  void EndUpgrade();
  bool WaitUpgrades(std::chrono::milliseconds timeout);

 private:
  boost::asio::thread_pool& workers_;
  std::mutex mu_;
  std::condition_variable empty_;
  bool stopping_ = false;                                            // GUARDED_BY(mu_)
  int upgrades_ = 0;                                                 // GUARDED_BY(mu_)
  std::unordered_map<Connection*, std::weak_ptr<Connection>> live_;  // GUARDED_BY(mu_)
};

// What every connection of one server shares; outlives them all.
struct ConnectionContext {
  const ServerOptions& options;
  const Handler& handler;
  ConnectionRegistry& registry;
  boost::asio::ssl::context* tls;  // null: plain HTTP
  Logger logger;
};

// Serves HTTP (or HTTPS when ctx.tls is set) on an accepted socket until
// either side closes it. The socket's executor must be a strand.
void StartConnection(ConnectionContext& ctx, boost::asio::ip::tcp::socket socket);

}  // namespace k1s::http::internal
