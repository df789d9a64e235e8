// The node IPAM controller: every node gets spec.podCIDR and spec.podCIDRs,
// a /24 of --cluster-cidr. A node that has one keeps it; ranges of deleted
// nodes are reused; at start the map of taken ranges is rebuilt from the
// nodes, so assignments survive a restart.
#pragma once

#include <memory>
#include <mutex>
#include <string>

#include "pkg/controller/common/housekeeping_base.h"
#include "pkg/controller/nodeipam/cidr_allocator.h"

namespace k1s::controller {

class NodeIpamController final : public HousekeepingController {
 public:
  explicit NodeIpamController(ControllerContext& ctx);
  ~NodeIpamController() override { Stop(); }
  Status Sync(const std::string& node) override;

 private:
  void RebuildLocked();

  client::Informer* nodes_ = nullptr;
  std::mutex mu_;
  CidrAllocator allocator_;  // guarded by mu_
  bool rebuilt_ = false;     // guarded by mu_
};

Result<std::unique_ptr<Controller>> StartNodeIpamController(ControllerContext& ctx);

}  // namespace k1s::controller
