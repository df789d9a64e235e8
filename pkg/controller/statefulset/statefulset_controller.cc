#include "pkg/controller/statefulset/statefulset_controller.h"

#include "pkg/client/event_recorder.h"
#include "pkg/controller/common/housekeeping_base.h"
#include "pkg/controller/common/owner.h"
#include "pkg/controller/common/pod_control.h"
#include "pkg/controller/statefulset/statefulset_sync.h"

namespace k1s::controller::statefulset {

namespace {

using client::ObjectPtr;

class StatefulSetController final : public HousekeepingController {
 public:
  explicit StatefulSetController(ControllerContext& ctx)
      : HousekeepingController(ctx), recorder_(ctx.client, "statefulset-controller", ctx.clock, ctx.log) {}
  ~StatefulSetController() override { Stop(); }

  void Start() {
    sets_ = &Watch(client::resources::kStatefulSets,
                   {[this](const ObjectPtr& o) { Enqueue(o); },
                    [this](const ObjectPtr&, const ObjectPtr& o) { Enqueue(o); }, nullptr});
    revisions_ = &Watch(client::resources::kControllerRevisions);
    claims_ = &Watch(client::resources::kPersistentVolumeClaims);
    auto owner = [this](const ObjectPtr& pod) {
      auto ref = common::ControllerRef(*pod);
      if (ref && ref->value("kind", "") == "StatefulSet") {
        queue().Add((*pod)["metadata"].value("namespace", "") + "/" + ref->value("name", ""));
        return;
      }
      if (ref) return;
      // An orphan may be adopted.
      for (const ObjectPtr& set : sets_->ListNamespace((*pod)["metadata"].value("namespace", ""))) {
        auto sel = LabelSelector::FromJson((*set)["spec"].value("selector", Json()));
        if (sel.ok() && sel->MatchesObject(*pod)) Enqueue(set);
      }
    };
    pods_ = &Watch(client::resources::kPods,
                   {owner, [owner](const ObjectPtr&, const ObjectPtr& p) { owner(p); }, owner});
    Run();
  }

  void Stop() override {
    HousekeepingController::Stop();
    recorder_.Stop();
  }

  Status Sync(const std::string& key) override {
    ObjectPtr cached = sets_->Get(key);
    if (cached == nullptr) return Status::Ok();
    StatefulSetState state;
    state.set = common::WithKind(*cached, "apps/v1", "StatefulSet");
    const std::string ns = state.set["metadata"].value("namespace", "");
    K1S_ASSIGN_OR_RETURN(LabelSelector selector,
                         LabelSelector::FromJson(state.set["spec"].value("selector", Json()), "spec.selector"));
    const common::Claimer claimer{client_, client::resources::kPods, state.set, "apps/v1", "StatefulSet", selector};
    state.pods = common::Claim(claimer,
                               pods_->ListNamespace(ns, [&](const Json& p) { return common::MayClaim(claimer, p); }));
    state.revisions = revisions_->ListNamespace(ns);
    state.claims = claims_->ListNamespace(ns);
    // A Conflict or AlreadyExists means a stale cache: returned, it is
    // retried with backoff in real time, not on the controller's clock.
    return SyncStatefulSet(client_, recorder_, clock_, std::move(state));
  }

 private:
  client::Informer* sets_ = nullptr;
  client::Informer* revisions_ = nullptr;
  client::Informer* claims_ = nullptr;
  client::Informer* pods_ = nullptr;
  client::EventRecorder recorder_;
};

}  // namespace

Result<std::unique_ptr<Controller>> StartStatefulSetController(ControllerContext& ctx) {
  auto c = std::make_unique<StatefulSetController>(ctx);
  c->Start();
  return std::unique_ptr<Controller>(std::move(c));
}

}  // namespace k1s::controller::statefulset
