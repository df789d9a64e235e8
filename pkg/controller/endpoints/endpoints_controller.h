// The endpoints controller: for every Service with a selector, an Endpoints
// object of the same name listing the IPs of the pods it selects, ready ones
// under `addresses` and the others under `notReadyAddresses`, grouped into
// subsets by the ports they resolve to (a named targetPort is looked up in
// each pod). A pod being deleted leaves at once; publishNotReadyAddresses
// lists unready pods as ready.
#pragma once

#include <memory>
#include <vector>

#include "pkg/controller/common/housekeeping_base.h"

namespace k1s::controller {

// The Endpoints subsets for `service` over `pods` (already selected), in
// kube-controller-manager's order: subsets by port set, addresses by IP.
client::Json EndpointSubsets(const client::Json& service, const std::vector<client::ObjectPtr>& pods);

class EndpointsController final : public HousekeepingController {
 public:
  explicit EndpointsController(ControllerContext& ctx);
  ~EndpointsController() override { Stop(); }
  Status Sync(const std::string& key) override;

 private:
  void EnqueueServicesOf(const client::Json& pod);

  client::Informer* services_ = nullptr;
  client::Informer* pods_ = nullptr;
  client::Informer* endpoints_ = nullptr;
};

Result<std::unique_ptr<Controller>> StartEndpointsController(ControllerContext& ctx);

}  // namespace k1s::controller
