// Watch streams: store events turned into Kubernetes watch events
// ({"type":"ADDED","object":{...}} lines), served without a thread each.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace k1s::apiserver {

// Wakes every registered stream once a second so that streams notice their
// timeouts and send bookmarks while no events arrive.
class StreamTicker {
 public:
  explicit StreamTicker(std::chrono::milliseconds period = std::chrono::seconds(1));
  ~StreamTicker();
  StreamTicker(const StreamTicker&) = delete;
  StreamTicker& operator=(const StreamTicker&) = delete;

  // `tick` runs on the ticker's thread until it returns false.
  void Add(std::function<bool()> tick);

 private:
  void Run();

  const std::chrono::milliseconds period_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::function<bool()>> ticks_;  // guarded by mu_
  bool stopping_ = false;                     // guarded by mu_
  std::thread thread_;
};

}  // namespace k1s::apiserver
