// The API objects a kubelet writes for its node: the Node at registration,
// its status (conditions, capacity, addresses, nodeInfo) and its Lease.
#pragma once

#include <chrono>
#include <string>

#include <nlohmann/json.hpp>

#include "pkg/simnode/profile.h"

namespace k1s::simnode {

using Json = nlohmann::json;
using TimePoint = std::chrono::system_clock::time_point;

// Marks every simulated node (label and annotation), like KWOK's `type: kwok`.
inline constexpr const char* kSimulatedLabel = "k1s.io/simulated-node";
// On a Node: "false" stops its Lease renewals and status heartbeats (as if
// its kubelet died) until removed or set to "true".
inline constexpr const char* kHeartbeatAnnotation = "k1s.io/simulate-heartbeat";

struct NodeIdentity {
  std::string name;
  int index = 0;  // 0-based across all kinds
  std::string internal_ip;
  std::string pod_cidr;
  const NodeKind* kind = nullptr;
};

// The Node as registered: labels, annotations, taints and spec.podCIDR.
Json BuildNode(const NodeIdentity& node);

// What the node reports in status. Conditions' lastTransitionTime is
// `registered` (they never change while the node lives); lastHeartbeatTime
// is `now`.
Json BuildNodeStatus(const NodeIdentity& node, TimePoint registered, TimePoint now);

// The node's Lease in kube-node-lease, owned by the Node (so it goes when
// the Node is deleted), renewed at `now`.
Json BuildLease(const std::string& node_name, const std::string& node_uid, TimePoint now);

// How often the Lease is renewed and how long it claims to be valid: the
// kubelet's defaults (a quarter of 40 s).
inline constexpr std::chrono::seconds kLeaseDuration{40};
inline constexpr std::chrono::seconds kLeaseRenewInterval{10};

}  // namespace k1s::simnode
