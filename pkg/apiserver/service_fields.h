// The Service spec rules that tie type, cluster IPs, IP families and node
// ports together, as kube-apiserver's Service strategy and REST storage apply
// them around allocation. Pure functions on spec JSON; ServiceWrite runs
// them in Kubernetes' order.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "pkg/util/status.h"

namespace k1s::apiserver {

class IpRange;

namespace service_fields {

using Json = nlohmann::json;

std::string Type(const Json& spec);
bool NeedsClusterIp(const Json& spec);    // every type but ExternalName
bool NeedsNodePort(const Json& spec);     // NodePort, LoadBalancer
bool NeedsHealthCheck(const Json& spec);  // LoadBalancer with externalTrafficPolicy Local
bool IsHeadless(const Json& spec);        // clusterIPs == ["None"]
// Whether unset nodePorts get one (allocateLoadBalancerNodePorts: false opts out).
bool AllocatesNodePorts(const Json& spec);
std::vector<std::string> Strings(const Json& spec, const char* key);
// Every ports[].nodePort that is set, without repeats.
std::vector<int> NodePorts(const Json& spec);

// BadRequest, worded like Kubernetes' decoding errors, when a field the
// allocator reads has the wrong JSON type.
Status CheckShapes(const Json& service);

// Keeps clusterIP and clusterIPs in step (`old_spec` null on create).
void NormalizeClusterIps(Json& spec, const Json* old_spec);
// Update: fields that no longer apply after a type change are dropped when
// the client did not change them too (they are released afterwards).
void DropTypeDependentFields(Json& spec, const Json& old_spec);
// Update: allocated values the client left out are kept (re-applying the
// YAML a Service was created from works).
void PatchAllocatedValues(Json& spec, const Json& old_spec);

// Type, headless and nodePort rules that need no allocator.
std::vector<StatusCause> ValidateTypeRules(const Json& spec);
// Defaults ipFamilyPolicy and ipFamilies and checks the IP fields against
// the cluster's single family (`range`). Causes when they do not fit.
std::vector<StatusCause> InitIpFamilies(Json& spec, const Json* old_spec, const IpRange& range);
// Update: the primary cluster IP and IP family may not change once set.
std::vector<StatusCause> ValidateIpUpdate(const Json& spec, const Json& old_spec);

}  // namespace service_fields
}  // namespace k1s::apiserver
