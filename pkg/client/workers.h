// Workers: N threads that take keys from a WorkQueue and call sync(key), the
// loop every controller runs. A sync that fails is retried with the queue's
// per-key backoff; one that succeeds resets it.
#pragma once

#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "pkg/client/work_queue.h"
#include "pkg/util/log.h"
#include "pkg/util/status.h"

namespace k1s::client {

using SyncFunc = std::function<Status(const std::string& key)>;

class Workers {
 public:
  Workers(WorkQueue& queue, int count, SyncFunc sync, Logger log);
  // Shuts the queue down and joins.
  ~Workers();
  Workers(const Workers&) = delete;
  Workers& operator=(const Workers&) = delete;
  void Stop();

 private:
  void Loop();

  WorkQueue& queue_;
  SyncFunc sync_;
  const Logger log_;
  std::vector<std::thread> threads_;
};

}  // namespace k1s::client
