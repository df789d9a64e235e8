// An upgraded connection held in memory, for the streaming tests: two pipes
// of bytes and an http::UpgradedConnection on each end, so a test plays the
// client (kubectl's SPDY or WebSocket side) against the real server code.
#pragma once

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <limits>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "pkg/http/message.h"

namespace k1s::streaming::testing {

struct PipeOptions {
  // Bytes a pipe holds before a write blocks, like a socket's buffers.
  size_t capacity = std::numeric_limits<size_t>::max();
  // A read with nothing to read gives up (returns 0) after this, so a broken
  // implementation fails a test instead of hanging it. Unset: wait forever.
  std::optional<std::chrono::milliseconds> read_timeout;
};

// One direction of a connection.
class MemoryPipe {
 public:
  explicit MemoryPipe(PipeOptions options = {}) : options_(options) {}

  // At least one byte; 0 once the writer closed and everything was read, at
  // once after CloseReader, or when the read timeout passed.
  size_t Read(char* buffer, size_t size) {
    std::unique_lock lock(mu_);
    auto readable = [&] { return reader_gone_ || writer_gone_ || !data_.empty(); };
    if (options_.read_timeout) {
      cv_.wait_for(lock, *options_.read_timeout, readable);
    } else {
      cv_.wait(lock, readable);
    }
    if (reader_gone_ || data_.empty()) return 0;
    const size_t n = std::min(size, data_.size());
    std::copy_n(data_.data(), n, buffer);
    data_.erase(0, n);
    cv_.notify_all();
    return n;
  }

  // Blocks while the pipe is full; false once either end closed.
  bool Write(std::string_view bytes) {
    std::lock_guard one_writer(write_mu_);  // one call's bytes stay together
    std::unique_lock lock(mu_);
    while (!bytes.empty()) {
      cv_.wait(lock, [&] { return reader_gone_ || writer_gone_ || data_.size() < options_.capacity; });
      if (reader_gone_ || writer_gone_) return false;
      const size_t n = std::min(bytes.size(), options_.capacity - data_.size());
      data_.append(bytes.substr(0, n));
      bytes.remove_prefix(n);
      cv_.notify_all();
    }
    return true;
  }

  // The writing end closed: the reader drains what is left, then reads 0.
  void CloseWriter() {
    std::lock_guard lock(mu_);
    writer_gone_ = true;
    cv_.notify_all();
  }
  // The reading end closed: reads return 0 at once, writes fail.
  void CloseReader() {
    std::lock_guard lock(mu_);
    reader_gone_ = true;
    cv_.notify_all();
  }

 private:
  const PipeOptions options_;
  std::mutex write_mu_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::string data_;          // guarded by mu_
  bool writer_gone_ = false;  // guarded by mu_
  bool reader_gone_ = false;  // guarded by mu_
};

// One end: reads `in`, writes `out`; Close ends both directions.
class MemoryConnection : public http::UpgradedConnection {
 public:
  MemoryConnection(MemoryPipe& in, MemoryPipe& out) : in_(in), out_(out) {}
  size_t Read(char* buffer, size_t size) override { return in_.Read(buffer, size); }
  bool Write(std::string_view data) override {
    writes_++;
    return out_.Write(data);
  }
  void Close() override {
    closes_++;
    in_.CloseReader();
    out_.CloseWriter();
  }
  int writes() const { return writes_; }
  int closes() const { return closes_; }

 private:
  MemoryPipe& in_;
  MemoryPipe& out_;
  std::atomic<int> writes_{0};
  std::atomic<int> closes_{0};
};

// Both ends of one connection.
struct MemoryConnectionPair {
  explicit MemoryConnectionPair(PipeOptions options = {}) : to_server(options), to_client(options) {}
  MemoryPipe to_server;
  MemoryPipe to_client;
  MemoryConnection server{to_server, to_client};
  MemoryConnection client{to_client, to_server};
};

}  // namespace k1s::streaming::testing
