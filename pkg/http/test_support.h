// Helpers for the pkg/http tests: a raw TCP client for what an HTTP library
// will not do on purpose (stall mid-request, vanish mid-stream), and a
// ResponseStream whose producer the test drives.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <string>

#include "pkg/http/message.h"

namespace k1s::http::testing {

class RawClient {
 public:
  explicit RawClient(uint16_t port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0;
  }
  ~RawClient() { Close(); }
  RawClient(const RawClient&) = delete;
  RawClient& operator=(const RawClient&) = delete;

  bool connected() const { return connected_; }
  bool Send(const std::string& data) {
    size_t off = 0;
    while (off < data.size()) {
      ssize_t n = ::send(fd_, data.data() + off, data.size() - off, MSG_NOSIGNAL);
      if (n <= 0) return false;
      off += static_cast<size_t>(n);
    }
    return true;
  }
  // Reads until `needle` has arrived, the peer closed, or `timeout`; returns all read so far.
  std::string ReadUntil(const std::string& needle,
                        std::chrono::milliseconds timeout = std::chrono::seconds(5)) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (needle.empty() || received_.find(needle) == std::string::npos) {
      if (!ReadSome(deadline)) break;
    }
    return received_;
  }
  // Reads until the peer closes (true) or `timeout` passes (false).
  bool WaitClosed(std::chrono::milliseconds timeout) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (ReadSome(deadline)) {
    }
    return closed_;
  }
  const std::string& received() const { return received_; }
  void Close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

 private:
  // False on close, error or deadline.
  bool ReadSome(std::chrono::steady_clock::time_point deadline) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) return false;
    char buf[16384];
    ssize_t n = ::recv(fd_, buf, sizeof(buf), 0);
    if (n <= 0) {
      closed_ = true;
      return false;
    }
    received_.append(buf, static_cast<size_t>(n));
    return true;
  }

  int fd_ = -1;
  bool connected_ = false;
  bool closed_ = false;
  std::string received_;
};

// State shared by a test and the TestStream it handed to the server.
struct StreamState {
  std::mutex mu;
  std::condition_variable cv;
  std::deque<std::string> chunks;
  bool done = false;
  bool cancelled = false;
  bool opened = false;
  std::function<void()> wake;

  void Push(std::string data, bool finish = false) {
    std::function<void()> w;
    {
      std::lock_guard lock(mu);
      chunks.push_back(std::move(data));
      done = done || finish;
      w = std::move(wake);
      wake = nullptr;
    }
    if (w) w();
  }
  bool WaitCancelled(std::chrono::milliseconds timeout) {
    std::unique_lock lock(mu);
    return cv.wait_for(lock, timeout, [this] { return cancelled; });
  }
  bool WaitOpened(std::chrono::milliseconds timeout) {
    std::unique_lock lock(mu);
    return cv.wait_for(lock, timeout, [this] { return opened; });
  }
};

class TestStream : public ResponseStream {
 public:
  explicit TestStream(std::shared_ptr<StreamState> s) : s_(std::move(s)) {
    std::lock_guard lock(s_->mu);
    s_->opened = true;
    s_->cv.notify_all();
  }
  Chunk Read() override {
    std::lock_guard lock(s_->mu);
    Chunk c;
    while (!s_->chunks.empty()) {
      c.data += s_->chunks.front();
      s_->chunks.pop_front();
    }
    c.done = s_->done;
    return c;
  }
  void Subscribe(std::function<void()> wake) override {
    {
      std::lock_guard lock(s_->mu);
      if (s_->chunks.empty() && !s_->done) {
        s_->wake = std::move(wake);
        return;
      }
    }
    wake();
  }
  void Cancel() override {
    std::lock_guard lock(s_->mu);
    s_->cancelled = true;
    s_->wake = nullptr;
    s_->cv.notify_all();
  }

 private:
  std::shared_ptr<StreamState> s_;
};

}  // namespace k1s::http::testing
