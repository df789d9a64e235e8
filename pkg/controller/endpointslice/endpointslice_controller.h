// The EndpointSlice controller: for every Service with a selector,
// discovery.k8s.io/v1 EndpointSlices (addressType IPv4, at most 100
// endpoints each) labelled kubernetes.io/service-name and managed-by
// endpointslice-controller.k8s.io, owned by the Service. Pods that resolve
// the Service's ports to the same numbers share slices; each endpoint says
// ready/serving/terminating as kube-controller-manager does (a pod being
// deleted stays as terminating, not ready).
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "pkg/controller/common/housekeeping_base.h"

namespace k1s::controller {

inline constexpr const char* kServiceNameLabel = "kubernetes.io/service-name";
inline constexpr const char* kManagedByLabel = "endpointslice.kubernetes.io/managed-by";
inline constexpr const char* kSliceControllerName = "endpointslice-controller.k8s.io";
inline constexpr size_t kMaxEndpointsPerSlice = 100;

// One slice's content: ports and endpoints (no metadata).
struct SliceContent {
  client::Json ports;
  client::Json endpoints;
};

// The slices `service` needs over `pods` (already selected): grouped by
// resolved ports, endpoints ordered by pod name, chunked by 100. A Service
// with no endpoints gets one empty slice.
std::vector<SliceContent> DesiredSlices(const client::Json& service,
                                        const std::vector<client::ObjectPtr>& pods);

class EndpointSliceController final : public HousekeepingController {
 public:
  explicit EndpointSliceController(ControllerContext& ctx);
  ~EndpointSliceController() override { Stop(); }
  Status Sync(const std::string& key) override;

 private:
  void EnqueueServicesOf(const client::Json& pod);
  // False while the cache lacks a write this controller made for `key`
  // (syncing then would create duplicates).
  bool CacheHasOwnWrites(const std::string& key);
  void RecordWrite(const std::string& key, const std::string& name, const client::Json& written);

  client::Informer* services_ = nullptr;
  client::Informer* pods_ = nullptr;
  client::Informer* slices_ = nullptr;
  std::mutex mu_;
  // service key -> slice name -> resourceVersion written ("" = deleted).
  std::map<std::string, std::map<std::string, std::string>> expected_;  // guarded by mu_
};

Result<std::unique_ptr<Controller>> StartEndpointSliceController(ControllerContext& ctx);

}  // namespace k1s::controller
