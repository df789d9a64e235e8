// CrdController: the API server's own loop that makes CustomResourceDefinitions
// take effect. It registers the resources a CRD defines in the registry (so
// discovery, routing, storage, tables and OpenAPI serve them), reports the
// CRD's status (NamesAccepted, Established), and when a CRD is deleted
// removes its custom resources, then its cleanup finalizer, then the
// resources from the registry.
#pragma once

#include <array>
#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "pkg/api/registry.h"
#include "pkg/apiserver/object_storage.h"
#include "pkg/util/clock.h"
#include "pkg/util/log.h"

namespace k1s::apiserver {

class CrdController {
 public:
  // Serves every stored CRD before returning (so a restarted server answers
  // for its custom resources at once), then follows changes on a thread.
  static Result<std::unique_ptr<CrdController>> Start(ObjectStorage& objects, api::Registry& registry,
                                                      const Clock& clock, Logger log);
  ~CrdController();
  CrdController(const CrdController&) = delete;
  CrdController& operator=(const CrdController&) = delete;
  void Stop();

 private:
  CrdController(ObjectStorage& objects, api::Registry& registry, const Clock& clock, Logger log);
  // Lists every CRD and syncs it; returns the list's revision.
  Result<int64_t> SyncAll();
  void Run(int64_t after);
  void Sync(const Json& crd);
  void Unserve(const std::string& crd_name);
  Status DeleteCustomResources(const api::Resource& resource);

  ObjectStorage& objects_;
  api::Registry& registry_;
  const Clock& clock_;
  const Logger log_;
  std::shared_ptr<const api::Resource> crd_resource_;
  // What each CRD (by name) registered: {group, version, plural}.
  std::map<std::string, std::vector<std::array<std::string, 3>>> served_;
  std::atomic<bool> stopping_{false};
  std::unique_ptr<store::Watcher> watcher_;  // replaced only by the thread
  std::mutex watcher_mu_;                    // guards watcher_ against Stop
  std::thread thread_;
};

}  // namespace k1s::apiserver
