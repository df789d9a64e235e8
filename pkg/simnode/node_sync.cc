// The node's own chores: registration, Lease renewals and status posts.
#include "pkg/simnode/simulator.h"

namespace k1s::simnode {

using client::resources::kLeases;
using client::resources::kNodes;

namespace {
constexpr const char* kLeaseNamespace = "kube-node-lease";
}  // namespace

Status Simulator::SyncRegister(SimNode& node) {
  const std::string& name = node.id.name;
  Json current;
  auto created = node.client->Create(kNodes, "", BuildNode(node.id));
  if (created.ok()) {
    current = std::move(*created);
  } else if (created.status().IsAlreadyExists()) {
    // A restart with the same data dir: keep the range it has (or that a
    // node IPAM controller gave it); set ours only where there is none.
    K1S_ASSIGN_OR_RETURN(current, node.client->Get(kNodes, "", name));
    if (Sub(current, "spec").value("podCIDR", "").empty()) {
      Json patch = {{"spec", {{"podCIDR", node.id.pod_cidr}, {"podCIDRs", Json::array({node.id.pod_cidr})}}}};
      K1S_ASSIGN_OR_RETURN(current, node.client->Patch(kNodes, "", name, client::PatchType::kMergePatch, patch));
    }
  } else {
    return created.status();
  }
  const std::string pod_cidr = Sub(current, "spec").value("podCIDR", node.id.pod_cidr);
  auto range = cli::ParseCidr(pod_cidr);
  if (!range.ok()) return Status::Invalid("node " + name + " has a bad spec.podCIDR " + pod_cidr);

  const TimePoint now = clock_.Now();
  node.id.pod_cidr = range->ToString();
  Json status = {{"status", BuildNodeStatus(node.id, now, now)}};
  K1S_RETURN_IF_ERROR(
      node.client->Patch(kNodes, "", name, client::PatchType::kMergePatch, status, "status").status());

  {
    std::lock_guard<std::mutex> lock(mu_);
    node.registered = true;
    node.uid = Sub(current, "metadata").value("uid", "");
    node.registered_at = node.conditions_since = now;
    node.pool = std::make_unique<PodIpPool>(*range);
    node.lease_due = now;
    // Status posts spread over the interval, so 1,000 nodes do not post at once.
    node.status_due = now + options_.node_status_interval +
                      options_.node_status_interval * node.id.index / static_cast<int>(nodes_.size());
  }
  if (++registered_count_ == static_cast<int>(nodes_.size())) log_.Info("all ", nodes_.size(), " simulated nodes registered");
  const std::string index = std::to_string(node.id.index);
  queue_->Add("l:" + index);
  queue_->AddAfter("s:" + index, Until(node.status_due));
  // Pods that arrived before the node was ready to take them.
  if (pods_ != nullptr) {
    for (const client::ObjectPtr& pod : pods_->ByIndex(client::kPodsByNodeIndex, name)) {
      queue_->Add("p:" + client::ObjectKey(*pod));
    }
  }
  return Status::Ok();
}

Status Simulator::SyncLease(SimNode& node) {
  const TimePoint now = clock_.Now();
  const bool first = node.lease.is_null();
  std::string uid;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!node.registered || now + kTimerSlack < node.lease_due) return Status::Ok();
    // Renewals spread over the interval (by node index), as kubelets'
    // start times and jitter spread them in a real cluster.
    node.lease_due = now + kLeaseRenewInterval;
    if (first) node.lease_due += kLeaseRenewInterval * node.id.index / static_cast<int>(nodes_.size());
    uid = node.uid;
  }
  queue_->AddAfter("l:" + std::to_string(node.id.index), Until(node.lease_due));
  if (!HeartbeatOn(node)) return Status::Ok();

  auto retry_soon = [&](Status s) {
    std::lock_guard<std::mutex> lock(mu_);
    node.lease_due = now;  // the rate-limited retry must not be skipped as early
    node.lease = Json();
    return s;
  };
  if (first) {
    auto got = node.client->Get(kLeases, kLeaseNamespace, node.id.name);
    if (got.ok()) {
      node.lease = std::move(*got);
    } else if (got.status().IsNotFound()) {
      auto created = node.client->Create(kLeases, kLeaseNamespace, BuildLease(node.id.name, uid, now));
      if (!created.ok()) return retry_soon(created.status());
      node.lease = std::move(*created);
      return Status::Ok();
    } else {
      return retry_soon(got.status());
    }
  }
  Json lease = node.lease;
  Json fresh = BuildLease(node.id.name, uid, now);
  lease["spec"]["holderIdentity"] = fresh["spec"]["holderIdentity"];
  lease["spec"]["leaseDurationSeconds"] = fresh["spec"]["leaseDurationSeconds"];
  lease["spec"]["renewTime"] = fresh["spec"]["renewTime"];
  auto updated = node.client->Update(kLeases, kLeaseNamespace, lease);
  if (!updated.ok()) return retry_soon(updated.status());
  node.lease = std::move(*updated);
  return Status::Ok();
}

Status Simulator::SyncNodeStatus(SimNode& node) {
  const TimePoint now = clock_.Now();
  TimePoint since;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!node.registered || now + kTimerSlack < node.status_due) return Status::Ok();
    node.status_due = now + options_.node_status_interval;
    since = node.conditions_since;
  }
  queue_->AddAfter("s:" + std::to_string(node.id.index), Until(node.status_due));
  if (!HeartbeatOn(node)) return Status::Ok();
  Json status = {{"status", BuildNodeStatus(node.id, since, now)}};
  Status s = node.client->Patch(kNodes, "", node.id.name, client::PatchType::kMergePatch, status, "status").status();
  if (!s.ok()) {
    std::lock_guard<std::mutex> lock(mu_);
    node.status_due = now;
  }
  return s;
}

}  // namespace k1s::simnode
