#include "pkg/controller/namespace/namespace_controller.h"

#include <map>

#include "pkg/controller/common/discovery.h"
#include "pkg/controller/common/object_state.h"
#include "pkg/util/time_format.h"

namespace k1s::controller {

namespace {

using client::Json;
using namespace std::chrono_literals;

// How long to wait before looking again at content that is still going away
// (pods in their grace period, objects held by finalizers).
constexpr auto kRecheck = 2s;

// One condition type: its healthy reason/message, and the failing reason.
struct ConditionKind {
  const char* type;
  const char* ok_reason;
  const char* ok_message;
  const char* failed_reason;
};

const ConditionKind kDiscovery{"NamespaceDeletionDiscoveryFailure", "ResourcesDiscovered",
                               "All resources successfully discovered", "DiscoveryFailed"};
const ConditionKind kGroupVersion{"NamespaceDeletionGroupVersionParsingFailure", "ParsedGroupVersions",
                                  "All legacy kube types successfully parsed", "GroupVersionParsingFailed"};
const ConditionKind kContentFailure{"NamespaceDeletionContentFailure", "ContentDeleted",
                                    "All content successfully deleted, may be waiting on finalization",
                                    "ContentDeletionFailed"};
const ConditionKind kContentRemaining{"NamespaceContentRemaining", "ContentRemoved",
                                      "All content successfully removed", "SomeResourcesRemain"};
const ConditionKind kFinalizersRemaining{"NamespaceFinalizersRemaining", "ContentHasNoFinalizers",
                                         "All content-preserving finalizers finished", "SomeFinalizersRemain"};

// `failure` empty: the healthy condition (status False).
Json Condition(const ConditionKind& kind, const std::string& failure) {
  return {{"type", kind.type},
          {"status", failure.empty() ? "False" : "True"},
          {"reason", failure.empty() ? kind.ok_reason : kind.failed_reason},
          {"message", failure.empty() ? kind.ok_message : failure}};
}

std::string Join(const std::vector<std::string>& parts, const char* sep) {
  std::string out;
  for (const std::string& p : parts) out += (out.empty() ? "" : sep) + p;
  return out;
}

bool SpecHasFinalizer(const Json& ns, const std::string& finalizer) {
  const Json spec = ns.value("spec", Json::object());
  for (const Json& f : spec.value("finalizers", Json::array())) {
    if (f == finalizer) return true;
  }
  return false;
}

}  // namespace

NamespaceController::NamespaceController(ControllerContext& ctx) : HousekeepingController(ctx) {
  namespaces_ = &Watch(client::resources::kNamespaces,
                       {[this](const client::ObjectPtr& n) { Enqueue(n); },
                        [this](const client::ObjectPtr&, const client::ObjectPtr& n) {
                          if (IsBeingDeleted(*n)) Enqueue(n);
                        },
                        nullptr});
}

Status NamespaceController::Sync(const std::string& name) {
  client::ObjectPtr cached = namespaces_->Get(name);
  if (cached == nullptr || !IsBeingDeleted(*cached) || !SpecHasFinalizer(*cached, kNamespaceFinalizer)) {
    return Status::Ok();
  }
  // The cache may trail a status this controller just wrote.
  auto fresh = client_.Get(client::resources::kNamespaces, "", name);
  if (!fresh.ok()) return fresh.status().IsNotFound() ? Status::Ok() : fresh.status();
  const Json& ns = *fresh;

  auto discovered = DiscoverResources(client_);
  if (!discovered.ok()) {
    Json conditions = Json::array({Condition(kDiscovery, "Discovery failed for some groups, 1 failing: " +
                                                             discovered.status().message())});
    K1S_RETURN_IF_ERROR(UpdateStatus(ns, conditions));
    return discovered.status();
  }

  std::vector<std::string> failures;
  std::vector<std::string> remaining;                 // "pods. has 2 resource instances"
  std::map<std::string, int> finalizers_remaining;   // finalizer -> objects holding it
  client::DeleteOptions background{.propagation_policy = "Background"};
  for (const DiscoveredResource& r : *discovered) {
    if (!r.namespaced || !r.Supports("list") || !r.Supports("delete")) continue;
    auto list = client_.List(r.id, name);
    if (!list.ok()) {
      failures.push_back(r.id.ToString() + ": " + list.status().message());
      continue;
    }
    const Json& items = (*list)["items"];
    if (!items.is_array() || items.empty()) continue;
    int left = 0;
    for (const Json& item : items) {
      const std::string item_name = MetaString(item, "name");
      if (!IsBeingDeleted(item)) {
        Status s = client_.Delete(r.id, name, item_name, background);
        if (s.IsNotFound()) continue;
        if (!s.ok()) {
          failures.push_back(r.id.ToString() + " \"" + item_name + "\": " + s.message());
          ++left;
          continue;
        }
        // A delete that only marked the object leaves it for a later pass.
        auto after = client_.Get(r.id, name, item_name);
        if (!after.ok()) continue;
        ++left;
        for (const Json& f : after->value("metadata", Json::object()).value("finalizers", Json::array())) {
          if (f.is_string()) ++finalizers_remaining[f.get<std::string>()];
        }
        continue;
      }
      ++left;
      for (const Json& f : item.value("metadata", Json::object()).value("finalizers", Json::array())) {
        if (f.is_string()) ++finalizers_remaining[f.get<std::string>()];
      }
    }
    if (left > 0) {
      remaining.push_back(r.id.resource + "." + r.id.group + " has " + std::to_string(left) +
                          " resource instances");
    }
  }

  std::vector<std::string> finalizer_text;
  for (const auto& [f, n] : finalizers_remaining) {
    finalizer_text.push_back(f + " in " + std::to_string(n) + " resource instances");
  }
  Json conditions = Json::array(
      {Condition(kDiscovery, ""), Condition(kGroupVersion, ""),
       Condition(kContentFailure,
                 failures.empty() ? "" : "Failed to delete all resource types, " + std::to_string(failures.size()) +
                                             " remaining: " + Join(failures, ", ")),
       Condition(kContentRemaining, remaining.empty() ? "" : "Some resources are remaining: " + Join(remaining, ", ")),
       Condition(kFinalizersRemaining,
                 finalizer_text.empty() ? ""
                                        : "Some content in the namespace has finalizers remaining: " +
                                              Join(finalizer_text, ", "))});
  K1S_RETURN_IF_ERROR(UpdateStatus(ns, conditions));
  if (!failures.empty()) return Status::Unavailable("namespace " + name + ": " + Join(failures, "; "));
  if (!remaining.empty()) {
    queue().AddAfter(name, kRecheck);
    return Status::Ok();
  }
  return Finalize(ns);
}

Status NamespaceController::UpdateStatus(const Json& ns, const Json& conditions) {
  const Json status = ns.value("status", Json::object());
  const Json old_conditions = status.value("conditions", Json::array());
  Json merged = Json::array();
  bool changed = status.value("phase", "") != "Terminating";
  const std::string now = FormatRfc3339(clock_.Now());
  for (Json c : conditions) {
    const Json* old = nullptr;
    for (const Json& o : old_conditions) {
      if (o.value("type", "") == c.value("type", "")) old = &o;
    }
    if (old != nullptr && old->value("status", "") == c["status"] && old->value("reason", "") == c["reason"] &&
        old->value("message", "") == c["message"]) {
      merged.push_back(*old);
      continue;
    }
    changed = true;
    c["lastTransitionTime"] = old != nullptr && old->value("status", "") == c["status"]
                                  ? old->value("lastTransitionTime", now)
                                  : now;
    merged.push_back(std::move(c));
  }
  // Conditions this pass did not compute (discovery failed) stay as they were.
  for (const Json& o : old_conditions) {
    bool kept = false;
    for (const Json& m : merged) kept |= m.value("type", "") == o.value("type", "");
    if (!kept) merged.push_back(o);
  }
  if (!changed) return Status::Ok();
  Json updated = ns;
  updated["status"]["phase"] = "Terminating";
  updated["status"]["conditions"] = std::move(merged);
  auto written = client_.Update(client::resources::kNamespaces, "", updated, "status");
  return written.ok() || written.status().IsNotFound() ? Status::Ok() : written.status();
}

Status NamespaceController::Finalize(const Json& ns) {
  auto fresh = client_.Get(client::resources::kNamespaces, "", MetaString(ns, "name"));
  if (!fresh.ok()) return fresh.status().IsNotFound() ? Status::Ok() : fresh.status();
  Json updated = *fresh;
  Json kept = Json::array();
  for (const Json& f : updated["spec"].value("finalizers", Json::array())) {
    if (f != kNamespaceFinalizer) kept.push_back(f);
  }
  updated["spec"]["finalizers"] = std::move(kept);
  auto written = client_.Update(client::resources::kNamespaces, "", updated, "finalize");
  return written.ok() || written.status().IsNotFound() ? Status::Ok() : written.status();
}

Result<std::unique_ptr<Controller>> StartNamespaceController(ControllerContext& ctx) {
  auto c = std::make_unique<NamespaceController>(ctx);
  c->Run();
  return std::unique_ptr<Controller>(std::move(c));
}

}  // namespace k1s::controller
