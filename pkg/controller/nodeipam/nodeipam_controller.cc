#include "pkg/controller/nodeipam/nodeipam_controller.h"

#include "pkg/controller/common/object_state.h"

namespace k1s::controller {

namespace {

using client::Json;

std::string PodCidrOf(const Json& node) {
  return node.value("spec", Json::object()).value("podCIDR", "");
}

}  // namespace

NodeIpamController::NodeIpamController(ControllerContext& ctx)
    : HousekeepingController(ctx), allocator_(ctx.options.cluster_cidr) {
  nodes_ = &Watch(client::resources::kNodes,
                  {[this](const client::ObjectPtr& n) { Enqueue(n); },
                   [this](const client::ObjectPtr&, const client::ObjectPtr& n) {
                     if (PodCidrOf(*n).empty()) Enqueue(n);
                   },
                   [this](const client::ObjectPtr& n) {
                     std::lock_guard<std::mutex> lock(mu_);
                     if (rebuilt_) allocator_.Release(PodCidrOf(*n));
                   }});
}

void NodeIpamController::RebuildLocked() {
  for (const client::ObjectPtr& n : nodes_->List()) {
    if (!PodCidrOf(*n).empty()) allocator_.Occupy(PodCidrOf(*n));
  }
  rebuilt_ = true;
}

Status NodeIpamController::Sync(const std::string& name) {
  client::ObjectPtr node = nodes_->Get(name);
  if (node == nullptr) return Status::Ok();
  std::string cidr;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!allocator_.usable()) return Status::Ok();
    if (!rebuilt_) RebuildLocked();
    if (!PodCidrOf(*node).empty()) {
      allocator_.Occupy(PodCidrOf(*node));
      return Status::Ok();
    }
    auto next = allocator_.Allocate();
    if (!next) {
      log_.Warning("node ", name, ": no free range left in the cluster CIDR");
      return Status::Unavailable("the cluster CIDR has no free /24 for node " + name);
    }
    cidr = *next;
  }
  Json patch{{"metadata", {{"resourceVersion", MetaString(*node, "resourceVersion")}}},
             {"spec", {{"podCIDR", cidr}, {"podCIDRs", Json::array({cidr})}}}};
  auto written = client_.Patch(client::resources::kNodes, "", name, client::PatchType::kMergePatch, patch);
  if (written.ok()) {
    log_.Info("node ", name, " gets pod CIDR ", cidr);
    return Status::Ok();
  }
  // Not written: the range is free again (a conflict retries with a fresh node).
  std::lock_guard<std::mutex> lock(mu_);
  allocator_.Release(cidr);
  return written.status().IsNotFound() ? Status::Ok() : written.status();
}

Result<std::unique_ptr<Controller>> StartNodeIpamController(ControllerContext& ctx) {
  auto c = std::make_unique<NodeIpamController>(ctx);
  c->Run();
  return std::unique_ptr<Controller>(std::move(c));
}

}  // namespace k1s::controller
