#include "pkg/apiserver/crd_controller.h"

#include <algorithm>

#include "pkg/apiserver/crd.h"

namespace k1s::apiserver {

CrdController::CrdController(ObjectStorage& objects, api::Registry& registry, const Clock& clock,
                             Logger log)
    : objects_(objects), registry_(registry), clock_(clock), log_(std::move(log)) {
  crd_resource_ = registry_.Find("apiextensions.k8s.io", "v1", "customresourcedefinitions");
}

Result<std::unique_ptr<CrdController>> CrdController::Start(ObjectStorage& objects,
                                                            api::Registry& registry,
                                                            const Clock& clock, Logger log) {
  std::unique_ptr<CrdController> c(new CrdController(objects, registry, clock, std::move(log)));
  if (c->crd_resource_ == nullptr) return Status::Internal("CustomResourceDefinitions are not served");
  K1S_ASSIGN_OR_RETURN(int64_t revision, c->SyncAll());
  c->thread_ = std::thread([self = c.get(), revision] { self->Run(revision); });
  return c;
}

CrdController::~CrdController() { Stop(); }

void CrdController::Stop() {
  stopping_ = true;
  {
    std::lock_guard<std::mutex> lock(watcher_mu_);
    if (watcher_ != nullptr) watcher_->Close();
  }
  if (thread_.joinable()) thread_.join();
}

Result<int64_t> CrdController::SyncAll() {
  K1S_ASSIGN_OR_RETURN(ListPage page, objects_.List(*crd_resource_, {}));
  std::vector<std::string> present;
  for (const Json& crd : page.items) {
    present.push_back(crd["metadata"].value("name", ""));
    Sync(crd);
  }
  std::vector<std::string> gone;
  for (const auto& [name, resources] : served_) {
    if (std::find(present.begin(), present.end(), name) == present.end()) gone.push_back(name);
  }
  for (const std::string& name : gone) Unserve(name);
  return page.revision;
}

void CrdController::Run(int64_t after) {
  while (!stopping_) {
    auto watcher = objects_.Watch(*crd_resource_, "", after);
    if (!watcher.ok()) {
      log_.Warning("watching CRDs: ", watcher.status().message());
      std::this_thread::sleep_for(std::chrono::seconds(1));
      continue;
    }
    {
      std::lock_guard<std::mutex> lock(watcher_mu_);
      if (stopping_) return;
      watcher_ = std::move(*watcher);
    }
    while (!stopping_) {
      auto events = watcher_->Next(std::chrono::seconds(1));
      if (!events.ok()) break;
      for (const store::Event& e : *events) {
        after = e.kv.mod_revision;
        if (e.type == store::EventType::kDelete) {
          std::string key = e.kv.key;
          Unserve(key.substr(key.rfind('/') + 1));
          continue;
        }
        auto crd = ObjectStorage::Decode(e.kv);
        if (crd.ok()) Sync(*crd);
      }
    }
    if (stopping_) return;
    // Fell behind or the watch ended: start again from a full list.
    auto listed = SyncAll();
    if (listed.ok()) after = *listed;
  }
}

void CrdController::Sync(const Json& crd) {
  const std::string name = crd["metadata"].value("name", "");
  Status valid = ValidateCrd(crd);
  if (!valid.ok()) {
    log_.Warning("CRD ", name, " is not served: ", valid.message());
    Unserve(name);
    return;
  }
  std::vector<api::Resource> resources = CrdResources(crd);
  if (crd["metadata"].contains("deletionTimestamp")) {
    // Custom resources go first; the CRD goes once its finalizer is removed.
    if (!resources.empty()) {
      Status deleted = DeleteCustomResources(resources.front());
      if (!deleted.ok()) {
        log_.Warning("deleting the custom resources of ", name, ": ", deleted.message());
        return;
      }
    }
    Unserve(name);
    auto updated = objects_.Update(*crd_resource_, "", name, 0, [](Json current) -> Result<Json> {
      auto& finalizers = current["metadata"]["finalizers"];
      if (finalizers.is_array()) {
        finalizers.erase(std::remove(finalizers.begin(), finalizers.end(), Json(kCrdCleanupFinalizer)),
                         finalizers.end());
      }
      return current;
    });
    // With no finalizer left the object is gone now; the API server's delete
    // path removes it when the last finalizer goes.
    if (updated.ok() && (*updated)["metadata"].value("finalizers", Json::array()).empty()) {
      (void)objects_.Remove(*crd_resource_, "", name, 0);
    }
    return;
  }
  std::vector<std::array<std::string, 3>> now_served;
  for (api::Resource& r : resources) {
    now_served.push_back({r.group, r.version, r.plural});
    registry_.Add(std::move(r));
  }
  for (const auto& old : served_[name]) {
    if (std::find(now_served.begin(), now_served.end(), old) == now_served.end()) {
      registry_.Remove(old[0], old[1], old[2]);
    }
  }
  served_[name] = std::move(now_served);

  Json desired = crd;
  desired["status"] = CrdStatus(crd, clock_.Now());
  auto& finalizers = desired["metadata"]["finalizers"];
  if (!finalizers.is_array()) finalizers = Json::array();
  if (std::find(finalizers.begin(), finalizers.end(), Json(kCrdCleanupFinalizer)) == finalizers.end()) {
    finalizers.push_back(kCrdCleanupFinalizer);
  }
  if (desired == crd) return;  // also what ends the loop through our own write
  auto written = objects_.Update(*crd_resource_, "", name, 0, [&](Json current) -> Result<Json> {
    current["status"] = CrdStatus(current, clock_.Now());
    auto& f = current["metadata"]["finalizers"];
    if (!f.is_array()) f = Json::array();
    if (std::find(f.begin(), f.end(), Json(kCrdCleanupFinalizer)) == f.end()) f.push_back(kCrdCleanupFinalizer);
    return current;
  });
  if (!written.ok() && !written.status().IsNotFound()) {
    log_.Warning("updating the status of CRD ", name, ": ", written.status().message());
  }
}

void CrdController::Unserve(const std::string& crd_name) {
  auto it = served_.find(crd_name);
  if (it == served_.end()) return;
  for (const auto& r : it->second) registry_.Remove(r[0], r[1], r[2]);
  served_.erase(it);
  log_.Info("stopped serving the resources of CRD ", crd_name);
}

Status CrdController::DeleteCustomResources(const api::Resource& resource) {
  K1S_ASSIGN_OR_RETURN(ListPage page, objects_.List(resource, {}));
  for (const Json& cr : page.items) {
    const Json& m = cr["metadata"];
    auto removed = objects_.Remove(resource, m.value("namespace", ""), m.value("name", ""), 0);
    if (!removed.ok() && !removed.status().IsNotFound()) return removed.status();
  }
  return Status::Ok();
}

}  // namespace k1s::apiserver
