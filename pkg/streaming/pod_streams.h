// What serves pods/log, exec, attach and portforward for the pods of one
// node: the kubelet's streaming side, behind an interface so that the API
// server neither knows nor cares whether a node is simulated or real.
//
// The API server has already checked that the pod exists, is bound to this
// node and that `container` is one of its containers; the backend decides
// whether that container can serve the request now.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "pkg/http/message.h"
#include "pkg/util/result.h"

namespace k1s::streaming {

using Json = nlohmann::json;

// PodLogOptions (core/v1), as the query parameters give them.
struct LogOptions {
  std::string container;
  bool follow = false;
  bool previous = false;
  bool timestamps = false;
  std::optional<int64_t> tail_lines;
  std::optional<int64_t> limit_bytes;
  std::optional<std::chrono::system_clock::time_point> since;  // sinceSeconds/sinceTime
};

// A terminal size, as the resize stream sends it.
struct TerminalSize {
  uint16_t width = 0;
  uint16_t height = 0;
};

// The standard streams of an exec or attach, as the client asked for them.
// Blocking; each is null when the client did not ask for it.
struct ProcessStreams {
  // Bytes the client typed; returns 0 at end of input (the client closed
  // stdin or left).
  std::function<size_t(char* buffer, size_t size)> stdin_read;
  // Output; false when the client is gone (the backend should stop).
  std::function<bool(std::string_view)> stdout_write;
  std::function<bool(std::string_view)> stderr_write;  // null with a tty
  bool tty = false;
  // The next terminal size; nullopt when no more will come.
  std::function<std::optional<TerminalSize>()> next_resize;
  // True once the client has gone; long-running backends poll it.
  std::function<bool()> client_gone;
  // Ends the client's stdin early: a blocked stdin_read returns 0. The
  // backend calls it when the command ended while stdin was still open, as
  // the kubelet then closes the session. Null when there is no stdin.
  std::function<void()> close_stdin;
};

// How an exec or attach ended.
struct ProcessExit {
  int exit_code = 0;
};

// A byte connection to a port of a pod (port-forward).
class PodConnection {
 public:
  virtual ~PodConnection() = default;
  // Blocking; 0 at end of stream or error.
  virtual size_t Read(char* buffer, size_t size) = 0;
  virtual bool Write(std::string_view data) = 0;
  // Half-closes the writing side (the client finished sending).
  virtual void CloseWrite() = 0;
  // Closes both ways; a blocked Read returns 0. Any thread.
  virtual void Close() = 0;
};

class PodStreamBackend {
 public:
  virtual ~PodStreamBackend() = default;
  // The container's log as a streaming body (text/plain). BadRequest, as the
  // kubelet words it, when the container has not started.
  virtual Result<std::unique_ptr<http::ResponseStream>> Logs(const Json& pod,
                                                             const LogOptions& options) = 0;
  // Runs `command` in the container; blocks until it ends or the client
  // leaves.
  virtual Result<ProcessExit> Exec(const Json& pod, const std::string& container,
                                   const std::vector<std::string>& command,
                                   ProcessStreams& streams) = 0;
  // Connects the streams to the container's main process; blocks likewise.
  virtual Result<ProcessExit> Attach(const Json& pod, const std::string& container,
                                     ProcessStreams& streams) = 0;
  // Opens a connection to `port` of the pod.
  virtual Result<std::unique_ptr<PodConnection>> PortForward(const Json& pod, uint16_t port) = 0;
};

// Finds the backend serving a node's pods; null when that node has none
// (a node whose kubelet API k1s cannot reach).
using PodStreamBackends = std::function<PodStreamBackend*(const std::string& node_name)>;

}  // namespace k1s::streaming
