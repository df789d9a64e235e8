// HousekeepingController: a KeyedController whose informer handlers go
// through a HandlerGate and whose sync waits until its informers have
// listed once (a sync on a half-filled cache would write wrong state, e.g.
// Endpoints with no pods).
#pragma once

#include <chrono>
#include <mutex>
#include <string>
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

  client::Client& client_;
  client::InformerFactory& informers_;
  const Clock& clock_;
  const Logger log_;

 private:
  Status GuardedSync(const std::string& key) {
    if (!CachesSynced()) {
      queue().AddAfter(key, std::chrono::milliseconds(200));
      return Status::Ok();
    }
    return Sync(key);
  }

  HandlerGate gate_;
  mutable std::mutex watched_mu_;
  std::vector<client::Informer*> watched_;  // guarded by watched_mu_
};

}  // namespace k1s::controller
