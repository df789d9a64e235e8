// HousekeepingController: a KeyedController whose informer handlers go
// through a HandlerGate and whose sync waits until its informers have
// listed once (a sync on a half-filled cache would write wrong state, e.g.
// Endpoints with no pods).
#pragma once

#include <chrono>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "pkg/controller/common/handler_gate.h"
#include "pkg/controller/keyed_controller.h"

namespace k1s::controller {

class HousekeepingController : public KeyedController {
 public:
  explicit HousekeepingController(ControllerContext& ctx)
      : KeyedController(ctx, [this](const std::string& key) { return GuardedSync(key); }),
        client_(ctx.client), informers_(ctx.informers), clock_(ctx.clock), log_(ctx.log) {}
  ~HousekeepingController() override { Stop(); }

  void Stop() override {
    gate_.Close();
    KeyedController::Stop();
  }
  // One pass for `key`; tests call it directly once WaitForCaches is true.
  virtual Status Sync(const std::string& key) = 0;
  virtual bool CachesSynced() const {
    std::lock_guard<std::mutex> lock(watched_mu_);
    for (const client::Informer* i : watched_) {
      if (!i->HasSynced()) return false;
    }
    return true;
  }

 protected:
  // The informer for `resource`, with `handler` (gated) added; its cache
  // must be full before any sync runs. May be called from a sync.
  client::Informer& Watch(const client::ResourceId& resource, client::EventHandler handler = {}) {
    client::Informer& informer = informers_.For(resource);
    if (handler.on_add || handler.on_update || handler.on_delete) {
      informer.AddEventHandler(gate_.Wrap(std::move(handler)));
    }
    std::lock_guard<std::mutex> lock(watched_mu_);
    watched_.push_back(&informer);
    return informer;
  }

  // How long a sync waits, in real time, for an informer's first list
  // before its key is queued again.
  static constexpr std::chrono::milliseconds kCacheWait{200};
  // Up to `timeout` for one informer's first list; a sync's own wait for
  // an informer it starts to use only when it needs it.
  static bool WaitForList(const client::Informer& informer, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    if (informer.WaitForSync(timeout)) return true;
    std::this_thread::sleep_until(deadline);  // a stopping informer returns at once
    return informer.HasSynced();
  }

  client::Client& client_;
  client::InformerFactory& informers_;
  const Clock& clock_;
  const Logger log_;

 private:
  Status GuardedSync(const std::string& key) {
    if (!CachesSynced() && !WaitForCaches(kCacheWait)) {
      queue().Add(key);  // queued again once this pass is done
      return Status::Ok();
    }
    return Sync(key);
  }

  // The first list is a real thread's work, so it is waited for in real
  // time, not on the controller's clock: a key delayed on a FakeClock held
  // still was parked for good (a ReplicaSet created as its controller
  // started, before the pods informer had listed, was never synced). The
  // wait is bounded, so a cache that never fills keeps the key cycling at
  // this pace, not a worker stuck.
  bool WaitForCaches(std::chrono::milliseconds timeout) const {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    std::vector<client::Informer*> watched;
    {
      std::lock_guard<std::mutex> lock(watched_mu_);
      watched = watched_;
    }
    for (const client::Informer* i : watched) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0 || !WaitForList(*i, left)) break;
    }
    return CachesSynced();
  }

  HandlerGate gate_;
  mutable std::mutex watched_mu_;
  std::vector<client::Informer*> watched_;  // guarded by watched_mu_
};

}  // namespace k1s::controller
