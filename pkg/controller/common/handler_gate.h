// HandlerGate: informer handlers outlive the controller that registered them
// (informers are shared and have no way to remove a handler), so each
// controller wraps its handlers in a gate that it closes on Stop. A closed
// gate drops events; Close waits for a handler that is running to return.
#pragma once

#include <memory>
#include <shared_mutex>

#include "pkg/client/informer.h"

namespace k1s::controller {

class HandlerGate {
 public:
  HandlerGate() : state_(std::make_shared<State>()) {}
  ~HandlerGate() { Close(); }
  HandlerGate(const HandlerGate&) = delete;
  HandlerGate& operator=(const HandlerGate&) = delete;

  // `handler` with each callback run only while the gate is open.
  client::EventHandler Wrap(client::EventHandler handler) const {
    client::EventHandler out;
    auto state = state_;
    if (handler.on_add) {
      out.on_add = [state, f = std::move(handler.on_add)](const client::ObjectPtr& o) {
        std::shared_lock lock(state->mu);
        if (state->open) f(o);
      };
    }
    if (handler.on_update) {
      out.on_update = [state, f = std::move(handler.on_update)](const client::ObjectPtr& a,
                                                                const client::ObjectPtr& b) {
        std::shared_lock lock(state->mu);
        if (state->open) f(a, b);
      };
    }
    if (handler.on_delete) {
      out.on_delete = [state, f = std::move(handler.on_delete)](const client::ObjectPtr& o) {
        std::shared_lock lock(state->mu);
        if (state->open) f(o);
      };
    }
    return out;
  }
  void Close() {
    std::unique_lock lock(state_->mu);
    state_->open = false;
  }

 private:
  struct State {
    std::shared_mutex mu;
    bool open = true;  // guarded by mu
  };
  std::shared_ptr<State> state_;
};

}  // namespace k1s::controller
