// KeyedController: the shape most controllers share. Informer handlers put
// object keys ("ns/name") on a rate-limited queue; N workers call
// sync(key); a failed sync is retried with backoff (STYLE: "event handlers
// only put keys on a rate-limited work queue").
//
// sync is an injectable function, so a test can call it directly.
#pragma once

#include <memory>
#include <string>

#include "pkg/client/informer.h"
#include "pkg/client/work_queue.h"
#include "pkg/client/workers.h"
#include "pkg/controller/controller.h"

namespace k1s::controller {

class KeyedController : public Controller {
 public:
  KeyedController(ControllerContext& ctx, client::SyncFunc sync)
      : queue_(std::make_unique<client::WorkQueue>(ctx.clock)), sync_(std::move(sync)),
        log_(ctx.log), workers_count_(ctx.options.workers) {}
  ~KeyedController() override { Stop(); }

  // Starts the workers; call after the handlers are registered.
  void Run() {
    workers_ = std::make_unique<client::Workers>(*queue_, workers_count_, sync_, log_);
  }
  void Stop() override {
    if (workers_ != nullptr) workers_->Stop();
    queue_->ShutDown();
  }

  client::WorkQueue& queue() { return *queue_; }
  void Enqueue(const client::ObjectPtr& object) { queue_->Add(client::ObjectKey(*object)); }
  // Handlers that enqueue the object itself on add, update and delete.
  client::EventHandler EnqueueHandler() {
    return {[this](const client::ObjectPtr& o) { Enqueue(o); },
            [this](const client::ObjectPtr&, const client::ObjectPtr& o) { Enqueue(o); },
            [this](const client::ObjectPtr& o) { Enqueue(o); }};
  }

 private:
  std::unique_ptr<client::WorkQueue> queue_;
  client::SyncFunc sync_;
  const Logger log_;
  const int workers_count_;
  std::unique_ptr<client::Workers> workers_;
};

}  // namespace k1s::controller
