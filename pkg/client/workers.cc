#include "pkg/client/workers.h"

namespace k1s::client {

Workers::Workers(WorkQueue& queue, int count, SyncFunc sync, Logger log)
    : queue_(queue), sync_(std::move(sync)), log_(std::move(log)) {
  for (int i = 0; i < count; ++i) threads_.emplace_back([this] { Loop(); });
}

Workers::~Workers() { Stop(); }

void Workers::Stop() {
  queue_.ShutDown();
  for (std::thread& t : threads_) {
    if (t.joinable()) t.join();
  }
}

void Workers::Loop() {
  while (std::optional<std::string> key = queue_.Get()) {
    Status status = Status::Internal("sync threw");
    try {
      status = sync_(*key);
    } catch (const std::exception& e) {
      // A bug in one sync must not take the process down; retry with backoff
      // and say so loudly.
      log_.Error("sync ", *key, " threw: ", e.what());
    }
    if (status.ok()) {
      queue_.Forget(*key);
    } else {
      // Conflicts are routine (the cache was behind); say nothing of them.
      if (!status.IsConflict()) log_.Debug(1, "sync ", *key, ": ", status.ToString());
      queue_.AddRateLimited(*key);
    }
    queue_.Done(*key);
  }
}

}  // namespace k1s::client
