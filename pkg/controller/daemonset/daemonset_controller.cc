#include "pkg/controller/daemonset/daemonset_controller.h"

#include <algorithm>
#include <map>
#include <set>

#include "pkg/client/event_recorder.h"
#include "pkg/controller/common/expectations.h"
#include "pkg/controller/common/housekeeping_base.h"
#include "pkg/controller/common/int_or_percent.h"
#include "pkg/controller/common/owner.h"
#include "pkg/controller/common/pod_control.h"
#include "pkg/controller/common/pods.h"
#include "pkg/controller/common/revision.h"
#include "pkg/controller/common/status_util.h"
#include "pkg/controller/daemonset/node_fit.h"

namespace k1s::controller::daemonset {

namespace {

using client::ObjectPtr;

constexpr const char* kHashLabel = "controller-revision-hash";

std::string Name(const Json& o) { return o["metadata"].value("name", ""); }
std::string HashOf(const Json& pod) {
  return pod["metadata"].value("labels", Json::object()).value(kHashLabel, "");
}

class DaemonSetController final : public HousekeepingController {
 public:
  explicit DaemonSetController(ControllerContext& ctx)
      : HousekeepingController(ctx), recorder_(ctx.client, "daemonset-controller", ctx.clock, ctx.log),
        pod_control_(ctx.client, recorder_), expectations_(ctx.clock) {}
  ~DaemonSetController() override { Stop(); }

  void Start() {
    sets_ = &Watch(client::resources::kDaemonSets,
                   {[this](const ObjectPtr& o) { Enqueue(o); },
                    [this](const ObjectPtr&, const ObjectPtr& o) { Enqueue(o); },
                    [this](const ObjectPtr& o) { expectations_.Forget(client::ObjectKey(*o)); }});
    revisions_ = &Watch(client::resources::kControllerRevisions);
    auto all = [this](const ObjectPtr&) {
      for (const ObjectPtr& ds : sets_->List()) Enqueue(ds);
    };
    nodes_ = &Watch(client::resources::kNodes,
                    {all, [all](const ObjectPtr&, const ObjectPtr& n) { all(n); }, all});
    pods_ = &Watch(client::resources::kPods,
                   {[this](const ObjectPtr& p) { PodEvent(*p, common::IsBeingDeleted(*p) ? 2 : 1); },
                    [this](const ObjectPtr& old, const ObjectPtr& p) {
                      PodEvent(*p, common::IsBeingDeleted(*p) && !common::IsBeingDeleted(*old) ? 2 : 0);
                    },
                    [this](const ObjectPtr& p) { PodEvent(*p, common::IsBeingDeleted(*p) ? 0 : 2); }});
    Run();
  }

  void Stop() override {
    HousekeepingController::Stop();
    recorder_.Stop();
  }

  Status Sync(const std::string& key) override {
    ObjectPtr cached = sets_->Get(key);
    if (cached == nullptr) return Status::Ok();
    // Expectations are read before the pods are listed: a pod event landing
    // in between must not make a stale list look trustworthy.
    const bool satisfied = expectations_.Satisfied(key);
    Json ds = common::WithKind(*cached, "apps/v1", "DaemonSet");
    const std::string ns = ds["metadata"].value("namespace", "");
    K1S_ASSIGN_OR_RETURN(LabelSelector selector,
                         LabelSelector::FromJson(ds["spec"].value("selector", Json()), "spec.selector"));
    const common::Claimer claimer{client_, client::resources::kPods, ds, "apps/v1", "DaemonSet", selector};
    std::vector<ObjectPtr> candidates = pods_->ListNamespace(
        ns, [&](const Json& p) { return !common::IsBeingDeleted(p) && common::MayClaim(claimer, p); });
    std::vector<Json> pods = common::Claim(claimer, candidates);
    std::vector<std::string> in_use;
    for (const Json& p : pods) in_use.push_back(HashOf(p));
    const int64_t history = ds["spec"].value("revisionHistoryLimit", int64_t{10});
    K1S_ASSIGN_OR_RETURN(common::Revisions revs,
                         common::SyncRevisions(client_, ds, "apps/v1", "DaemonSet", revisions_->ListNamespace(ns),
                                               history, in_use));
    const std::string hash = revs.current["metadata"]["labels"].value(kHashLabel, "");

    std::map<std::string, std::vector<Json>> by_node;
    for (Json& p : pods) by_node[PodNode(p)].push_back(std::move(p));
    const Json spec = WithDaemonTolerations(ds["spec"]["template"].value("spec", Json::object()));
    const auto now = clock_.Now();
    const int64_t min_ready = ds["spec"].value("minReadySeconds", int64_t{0});

    std::vector<std::string> create_on;
    std::vector<const Json*> to_delete;
    int64_t desired = 0, current = 0, misscheduled = 0, ready = 0, available = 0, updated = 0;
    std::vector<std::pair<std::string, const Json*>> old_pods;  // node, pod with an old hash
    std::map<std::string, bool> node_has_new_available;
    int64_t unavailable = 0;
    std::set<std::string> seen_nodes;
    for (const ObjectPtr& node : nodes_->List()) {
      const std::string n = Name(*node);
      seen_nodes.insert(n);
      auto& here = by_node[n];
      std::vector<const Json*> live;
      for (const Json& p : here) {
        if (common::PodPhase(p) == "Failed") {
          to_delete.push_back(&p);
        } else {
          live.push_back(&p);
        }
      }
      if (!ShouldRun(spec, *node)) {
        if (!live.empty()) ++misscheduled;
        for (const Json* p : live) to_delete.push_back(p);
        continue;
      }
      ++desired;
      if (live.empty()) {
        create_on.push_back(n);
        ++unavailable;
        continue;
      }
      ++current;
      // Oldest first; extras go.
      std::sort(live.begin(), live.end(), [](const Json* a, const Json* b) {
        return common::CreationTime(*a) < common::CreationTime(*b);
      });
      bool any_available = false, new_available = false, has_new = false;
      for (const Json* p : live) {
        const bool avail = common::IsPodAvailable(*p, min_ready, now);
        any_available |= avail;
        if (HashOf(*p) == hash) {
          has_new = true;
          new_available |= avail;
        }
      }
      if (!any_available) ++unavailable;
      if (has_new) ++updated;
      // The pod kept is the oldest of the current revision, if any.
      const Json* keep = live[0];
      for (const Json* p : live) {
        if (HashOf(*p) == hash) {
          keep = p;
          break;
        }
      }
      if (common::IsPodReady(*keep)) ++ready;
      if (common::IsPodAvailable(*keep, min_ready, now)) ++available;
      for (const Json* p : live) {
        if (p == keep) continue;
        // Under maxSurge an old pod waits for its replacement to be available.
        if (HashOf(*p) != hash && has_new && !new_available) continue;
        to_delete.push_back(p);
      }
      if (HashOf(*keep) != hash) old_pods.push_back({n, keep});
      node_has_new_available[n] = new_available;
    }
    for (const auto& [n, here] : by_node) {
      if (seen_nodes.contains(n)) continue;
      for (const Json& p : here) to_delete.push_back(&p);  // node gone or never named
    }

    // Rolling update of nodes still on an old revision.
    const Json strategy = ds["spec"].value("updateStrategy", Json::object());
    if (strategy.value("type", "RollingUpdate") == "RollingUpdate") {
      const Json ru = strategy.value("rollingUpdate", Json::object());
      auto scaled = [&](const char* field, int64_t fallback) {
        auto v = common::ScaledValue(ru.value(field, Json(fallback)), desired, true);
        return v.ok() ? *v : fallback;
      };
      const int64_t max_surge = scaled("maxSurge", 0);
      int64_t max_unavailable = scaled("maxUnavailable", 1);
      if (max_surge == 0 && max_unavailable == 0) max_unavailable = 1;
      int64_t surging = 0;
      for (const auto& [n, pod] : old_pods) {
        if (max_surge > 0) {
          const bool has_new = std::any_of(by_node[n].begin(), by_node[n].end(),
                                           [&](const Json& p) { return HashOf(p) == hash; });
          if (!has_new && surging < max_surge) {
            create_on.push_back(n);
            ++surging;
          }
          continue;
        }
        if (!common::IsPodAvailable(*pod, min_ready, now)) {
          to_delete.push_back(pod);
        } else if (unavailable < max_unavailable) {
          to_delete.push_back(pod);
          ++unavailable;
        }
      }
    }

    if (satisfied) {
      expectations_.Expect(key, static_cast<int>(create_on.size()), static_cast<int>(to_delete.size()));
      for (size_t i = 0; i < to_delete.size(); ++i) {
        Status s = pod_control_.Delete(ns, Name(*to_delete[i]), ds);
        if (!s.ok()) {
          expectations_.Lower(key, static_cast<int>(create_on.size()), static_cast<int>(to_delete.size() - i));
          return s;
        }
      }
      Json tmpl = ds["spec"]["template"];
      tmpl["spec"] = spec;
      tmpl["metadata"]["labels"][kHashLabel] = hash;
      tmpl["metadata"]["labels"]["pod-template-generation"] =
          std::to_string(ds["metadata"].value("generation", int64_t{1}));
      for (size_t i = 0; i < create_on.size(); ++i) {
        Json pod = common::PodFromTemplate(tmpl, ds, "apps/v1", "DaemonSet", Name(ds));
        pod["spec"] = WithNodeAffinity(pod["spec"], create_on[i]);
        auto created = pod_control_.Create(ns, pod, ds);
        if (!created.ok()) {
          expectations_.Lower(key, static_cast<int>(create_on.size() - i), 0);
          return created.status();
        }
      }
    }

    Json status = ds.value("status", Json::object());
    if (!status.is_object()) status = Json::object();
    status["desiredNumberScheduled"] = desired;
    status["currentNumberScheduled"] = current;
    status["numberMisscheduled"] = misscheduled;
    status["numberReady"] = ready;
    status["numberAvailable"] = available;
    status["numberUnavailable"] = std::max<int64_t>(0, desired - available);
    status["updatedNumberScheduled"] = updated;
    status["observedGeneration"] = ds["metadata"].value("generation", int64_t{0});
    common::DropZeroFields(status, {"desiredNumberScheduled", "currentNumberScheduled", "numberMisscheduled", "numberReady"});
    if (min_ready > 0 && ready > available) queue().AddAfter(key, std::chrono::seconds(1));
    if (ds.contains("status") && ds["status"] == status) return Status::Ok();
    Json out = ds;
    out["status"] = status;
    auto r = client_.Update(client::resources::kDaemonSets, ns, out, "status");
    if (!r.ok() && !r.status().IsNotFound()) return r.status();
    return Status::Ok();
  }

 private:
  // change: 1 a pod appeared, 2 one went (or started going), 0 neither.
  void PodEvent(const Json& pod, int change) {
    auto ref = common::ControllerRef(pod);
    if (!ref || ref->value("kind", "") != "DaemonSet") return;
    const std::string key = pod["metadata"].value("namespace", "") + "/" + ref->value("name", "");
    if (change == 1) expectations_.CreationObserved(key);
    if (change == 2) expectations_.DeletionObserved(key);
    queue().Add(key);
  }

  client::Informer* sets_ = nullptr;
  client::Informer* revisions_ = nullptr;
  client::Informer* nodes_ = nullptr;
  client::Informer* pods_ = nullptr;
  client::EventRecorder recorder_;
  common::PodControl pod_control_;
  common::Expectations expectations_;
};

}  // namespace

Result<std::unique_ptr<Controller>> StartDaemonSetController(ControllerContext& ctx) {
  auto c = std::make_unique<DaemonSetController>(ctx);
  c->Start();
  return std::unique_ptr<Controller>(std::move(c));
}

}  // namespace k1s::controller::daemonset
