#include "pkg/controller/deployment/deployment_controller.h"

#include "pkg/client/event_recorder.h"
#include "pkg/controller/common/housekeeping_base.h"
#include "pkg/controller/common/owner.h"
#include "pkg/controller/common/pod_control.h"
#include "pkg/controller/common/pods.h"
#include "pkg/controller/deployment/deployment_sync.h"

namespace k1s::controller::deployment {

namespace {

using client::ObjectPtr;

class DeploymentController final : public HousekeepingController {
 public:
  explicit DeploymentController(ControllerContext& ctx)
      : HousekeepingController(ctx), recorder_(ctx.client, "deployment-controller", ctx.clock, ctx.log) {}
  ~DeploymentController() override { Stop(); }

  void Start() {
    deployments_ = &Watch(client::resources::kDeployments,
                          {[this](const ObjectPtr& o) { Enqueue(o); },
                           [this](const ObjectPtr&, const ObjectPtr& o) { Enqueue(o); },
                           [this](const ObjectPtr& o) { Enqueue(o); }});
    rss_ = &Watch(client::resources::kReplicaSets,
                  {[this](const ObjectPtr& rs) { EnqueueOwner(*rs, true); },
                   [this](const ObjectPtr& old, const ObjectPtr& rs) {
                     EnqueueOwner(*old, false);
                     EnqueueOwner(*rs, true);
                   },
                   [this](const ObjectPtr& rs) { EnqueueOwner(*rs, false); }});
    // Recreate waits for the old pods to be gone.
    pods_ = &Watch(client::resources::kPods, {nullptr, nullptr, [this](const ObjectPtr& pod) {
                                                auto ref = common::ControllerRef(*pod);
                                                if (!ref || ref->value("kind", "") != "ReplicaSet") return;
                                                ObjectPtr rs = rss_->Get((*pod)["metadata"].value("namespace", ""),
                                                                         ref->value("name", ""));
                                                if (rs != nullptr) EnqueueOwner(*rs, false);
                                              }});
    Run();
  }

  void Stop() override {
    HousekeepingController::Stop();
    recorder_.Stop();
  }

 private:
  void EnqueueOwner(const Json& rs, bool adopt_orphan) {
    const std::string ns = rs["metadata"].value("namespace", "");
    auto ref = common::ControllerRef(rs);
    if (ref) {
      if (ref->value("kind", "") != "Deployment") return;
      ObjectPtr d = deployments_->Get(ns, ref->value("name", ""));
      if (d != nullptr && (*d)["metadata"].value("uid", "") == ref->value("uid", "")) Enqueue(d);
      return;
    }
    if (!adopt_orphan) return;
    for (const ObjectPtr& d : deployments_->ListNamespace(ns)) {
      auto sel = LabelSelector::FromJson((*d)["spec"].value("selector", Json()));
      if (sel.ok() && !sel->IsEverything() && sel->MatchesObject(rs)) Enqueue(d);
    }
  }

  Status Sync(const std::string& key) override {
    ObjectPtr cached = deployments_->Get(key);
    if (cached == nullptr) return Status::Ok();
    Json d = common::WithKind(*cached, "apps/v1", "Deployment");
    const std::string ns = d["metadata"].value("namespace", "");
    K1S_ASSIGN_OR_RETURN(LabelSelector selector,
                         LabelSelector::FromJson(d["spec"].value("selector", Json()), "spec.selector"));
    if (selector.IsEverything()) {
      recorder_.Event(d, "Warning", "SelectingAll",
                      "This deployment is selecting all pods. A non-empty selector is required.");
      return Status::Ok();
    }
    std::vector<Json> rss = common::Claim(
        {client_, client::resources::kReplicaSets, d, "apps/v1", "Deployment", selector}, rss_->ListNamespace(ns));
    for (Json& rs : rss) rs = common::WithKind(std::move(rs), "apps/v1", "ReplicaSet");
    std::vector<Json> pods;
    if (!IsRollingUpdate(d)) {
      for (const ObjectPtr& p : pods_->ListNamespace(ns, [&](const Json& pod) { return selector.MatchesObject(pod); })) {
        pods.push_back(*p);
      }
    }
    DeploymentSync sync(client_, recorder_, clock_, std::move(d), std::move(rss), std::move(pods));
    std::optional<std::chrono::seconds> requeue;
    Status s = sync.Run(&requeue);
    if (requeue) queue().AddAfter(key, *requeue);
    // A Conflict or NotFound means a stale cache. The event that updates it
    // requeues the key, but it may have come already: the error makes the
    // workers retry with backoff in real time. (A retry on the controller's
    // clock never came under a test's FakeClock: the rollout stalled.)
    return s;
  }

  client::Informer* deployments_ = nullptr;
  client::Informer* rss_ = nullptr;
  client::Informer* pods_ = nullptr;
  client::EventRecorder recorder_;
};

}  // namespace

Result<std::unique_ptr<Controller>> StartDeploymentController(ControllerContext& ctx) {
  auto c = std::make_unique<DeploymentController>(ctx);
  c->Start();
  return std::unique_ptr<Controller>(std::move(c));
}

}  // namespace k1s::controller::deployment
