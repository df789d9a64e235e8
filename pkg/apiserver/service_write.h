// ServiceWrite: the allocations one create or update of a Service makes, done
// the way kube-apiserver's Service storage does them around the generic
// store: allocate before the object is written, then commit or revert.
//
//   ServiceWrite write(allocator, resource, dry_run);
//   K1S_RETURN_IF_ERROR(write.BeginCreate(object));   // fills clusterIP, nodePorts...
//   auto stored = objects.Create(resource, object);
//   if (stored.ok()) write.Commit();                  // else the destructor reverts
//
// For any resource other than core/v1 services, or without an allocator,
// every call does nothing.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "pkg/api/resource.h"
#include "pkg/apiserver/service_allocator.h"
#include "pkg/util/status.h"

namespace k1s::apiserver {

class ServiceWrite {
 public:
  ServiceWrite(ServiceAllocator* allocator, const api::Resource& resource, bool dry_run);
  ~ServiceWrite();
  ServiceWrite(const ServiceWrite&) = delete;
  ServiceWrite& operator=(const ServiceWrite&) = delete;

  // Completes a new Service (PrepareForCreate's result): IP family fields,
  // cluster IP, node ports. Invalid/BadRequest with Kubernetes' messages;
  // nothing stays allocated on error.
  Status BeginCreate(nlohmann::json& service);
  // Completes the update of `current` to `next` (PrepareForUpdate's result):
  // keeps allocated values the client left out, checks that the cluster IP
  // does not change, allocates what a type change needs and notes what it
  // frees. A retried update calls it again; the earlier attempt is undone.
  Status BeginUpdate(const nlohmann::json& current, nlohmann::json& next);
  // The object is stored: new records settle and what the update dropped is
  // released. A dry run does nothing.
  void Commit();
  // Nothing was stored: new records go, nothing is released.
  void Revert();

 private:
  Status AllocateClusterIp(nlohmann::json& spec);
  Status AllocateNodePorts(nlohmann::json& spec);
  Status UpdateNodePorts(nlohmann::json& spec, const nlohmann::json& old_spec);
  Status UpdateHealthCheckPort(nlohmann::json& spec, const nlohmann::json& old_spec);
  Result<int> TakePort(int requested, const std::string& field);
  Status Invalid(std::vector<StatusCause> causes) const;

  ServiceAllocator* const allocator_;  // null: not a Service write
  const bool dry_run_;
  ServiceOwner owner_;
  bool finished_ = true;
  std::vector<std::string> new_ips_;
  std::vector<int> new_ports_;
  std::vector<std::string> dropped_ips_;
  std::vector<int> dropped_ports_;
};

// True for core/v1 services.
bool IsServiceResource(const api::Resource& resource);

// Frees what a Service that is now gone from the store held. No-op for
// other resources or without an allocator.
void ReleaseRemovedService(ServiceAllocator* allocator, const api::Resource& resource,
                           const nlohmann::json& removed);

}  // namespace k1s::apiserver
