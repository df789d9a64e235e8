#include "pkg/apiserver/service_write.h"

#include <algorithm>
#include <map>
#include <set>

#include "pkg/apiserver/field_errors.h"
#include "pkg/apiserver/service_fields.h"

namespace k1s::apiserver {

using Json = nlohmann::json;
using namespace service_fields;

namespace {

int Int(const Json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_number_integer() ? it->get<int>() : 0;
}

Json& SpecOf(Json& object) {
  if (!object.contains("spec") || !object["spec"].is_object()) object["spec"] = Json::object();
  return object["spec"];
}

template <typename T>
bool Contains(const std::vector<T>& values, const T& value) {
  return std::find(values.begin(), values.end(), value) != values.end();
}

std::string PortField(size_t i) { return "spec.ports[" + std::to_string(i) + "].nodePort"; }

}  // namespace

bool IsServiceResource(const api::Resource& resource) {
  return resource.group.empty() && resource.plural == "services";
}

ServiceWrite::ServiceWrite(ServiceAllocator* allocator, const api::Resource& resource, bool dry_run)
    : allocator_(IsServiceResource(resource) ? allocator : nullptr), dry_run_(dry_run) {}

ServiceWrite::~ServiceWrite() { Revert(); }

Status ServiceWrite::Invalid(std::vector<StatusCause> causes) const {
  return InvalidObjectError("Service", owner_.name, std::move(causes));
}

Status ServiceWrite::BeginCreate(Json& service) {
  if (allocator_ == nullptr) return Status::Ok();
  Revert();
  finished_ = false;
  K1S_RETURN_IF_ERROR(CheckShapes(service));
  owner_ = ServiceAllocator::OwnerOf(service);
  Json& spec = SpecOf(service);
  NormalizeClusterIps(spec, nullptr);
  if (auto causes = ValidateTypeRules(spec); !causes.empty()) return Invalid(std::move(causes));
  if (auto causes = InitIpFamilies(spec, nullptr, allocator_->ip_range()); !causes.empty()) {
    return Invalid(std::move(causes));
  }
  if (NeedsClusterIp(spec) && !IsHeadless(spec)) K1S_RETURN_IF_ERROR(AllocateClusterIp(spec));
  if (NeedsNodePort(spec)) K1S_RETURN_IF_ERROR(AllocateNodePorts(spec));
  if (NeedsHealthCheck(spec)) {
    K1S_ASSIGN_OR_RETURN(int port,
                         TakePort(Int(spec, "healthCheckNodePort"), "spec.healthCheckNodePort"));
    spec["healthCheckNodePort"] = port;
  }
  return Status::Ok();
}

Status ServiceWrite::BeginUpdate(const Json& current, Json& next) {
  if (allocator_ == nullptr) return Status::Ok();
  Revert();
  finished_ = false;
  K1S_RETURN_IF_ERROR(CheckShapes(next));
  owner_ = ServiceAllocator::OwnerOf(current);
  const Json old_spec =
      current.contains("spec") && current["spec"].is_object() ? current["spec"] : Json::object();
  Json& spec = SpecOf(next);
  DropTypeDependentFields(spec, old_spec);
  PatchAllocatedValues(spec, old_spec);
  NormalizeClusterIps(spec, &old_spec);
  if (auto causes = ValidateTypeRules(spec); !causes.empty()) return Invalid(std::move(causes));
  if (auto causes = InitIpFamilies(spec, &old_spec, allocator_->ip_range()); !causes.empty()) {
    return Invalid(std::move(causes));
  }
  if (auto causes = ValidateIpUpdate(spec, old_spec); !causes.empty())
    return Invalid(std::move(causes));

  const std::vector<std::string> old_ips = ServiceAllocator::HeldIps(current);
  if (!NeedsClusterIp(spec)) {
    dropped_ips_ = old_ips;
  } else if (!IsHeadless(spec) && old_ips.empty() && !IsHeadless(old_spec)) {
    // From ExternalName, or a Service stored before k1s allocated IPs.
    K1S_RETURN_IF_ERROR(AllocateClusterIp(spec));
  }
  if (NeedsNodePort(spec)) {
    K1S_RETURN_IF_ERROR(UpdateNodePorts(spec, old_spec));
  } else {
    dropped_ports_ = NodePorts(old_spec);
  }
  K1S_RETURN_IF_ERROR(UpdateHealthCheckPort(spec, old_spec));
  // Never release what the new object still holds.
  const std::vector<int> kept = ServiceAllocator::HeldPorts(next);
  std::erase_if(dropped_ports_, [&](int p) { return Contains(kept, p); });
  const std::vector<std::string> kept_ips = ServiceAllocator::HeldIps(next);
  std::erase_if(dropped_ips_, [&](const std::string& ip) { return Contains(kept_ips, ip); });
  return Status::Ok();
}

Status ServiceWrite::AllocateClusterIp(Json& spec) {
  const std::vector<std::string> ips = Strings(spec, "clusterIPs");
  const std::string requested = ips.empty() ? "" : ips[0];
  auto ip = allocator_->AllocateIp(owner_, requested, dry_run_);
  if (!ip.ok()) {
    const Status& s = ip.status();
    if (s.IsUnavailable()) {
      return Status::Internal("Internal error occurred: failed to allocate a serviceIP: " +
                              s.message());
    }
    if (s.IsAlreadyExists() || s.IsInvalid()) {
      return Invalid({FieldInvalid("spec.clusterIPs", GoStrings(ips),
                                   "failed to allocate IP " + requested + ": " + s.message())});
    }
    return s;
  }
  if (!dry_run_) new_ips_.push_back(*ip);
  spec["clusterIP"] = *ip;
  spec["clusterIPs"] = {*ip};
  return Status::Ok();
}

Result<int> ServiceWrite::TakePort(int requested, const std::string& field) {
  auto port = allocator_->AllocatePort(owner_, requested, dry_run_);
  if (!port.ok()) {
    const Status& s = port.status();
    if (s.IsUnavailable()) {
      return Status::Internal("Internal error occurred: failed to allocate a nodePort: " +
                              s.message());
    }
    if (s.IsAlreadyExists() || s.IsInvalid()) {
      return Invalid({FieldInvalid(field, std::to_string(requested), s.message())});
    }
    return s;
  }
  if (!dry_run_) new_ports_.push_back(*port);
  return *port;
}

// On create, ports that share a port number (TCP and UDP 53) share one node
// port, the first one requested for that number if any.
Status ServiceWrite::AllocateNodePorts(Json& spec) {
  if (!spec.contains("ports") || !spec["ports"].is_array()) return Status::Ok();
  Json& ports = spec["ports"];
  const bool allocate = AllocatesNodePorts(spec);
  std::map<int, int> by_port;
  for (size_t i = 0; i < ports.size(); ++i) {
    Json& port = ports[i];
    if (!port.is_object()) continue;
    const int wanted = Int(port, "nodePort");
    if (wanted == 0 && !allocate) continue;
    int& shared = by_port[Int(port, "port")];
    if (shared == 0) {
      int requested = 0;
      for (size_t j = i; j < ports.size() && requested == 0; ++j) {
        if (ports[j].is_object() && Int(ports[j], "port") == Int(port, "port")) {
          requested = Int(ports[j], "nodePort");
        }
      }
      K1S_ASSIGN_OR_RETURN(shared, TakePort(requested, PortField(i)));
      port["nodePort"] = shared;
    } else if (wanted == 0) {
      port["nodePort"] = shared;
    } else if (wanted != shared) {
      K1S_RETURN_IF_ERROR(TakePort(wanted, PortField(i)).status());
    }
  }
  return Status::Ok();
}

Status ServiceWrite::UpdateNodePorts(Json& spec, const Json& old_spec) {
  const std::vector<int> old_ports = NodePorts(old_spec);
  if (spec.contains("ports") && spec["ports"].is_array()) {
    Json& ports = spec["ports"];
    const bool allocate = AllocatesNodePorts(spec);
    std::set<int> taken;
    for (size_t i = 0; i < ports.size(); ++i) {
      Json& port = ports[i];
      if (!port.is_object()) continue;
      const int wanted = Int(port, "nodePort");
      if (wanted == 0 && !allocate) continue;
      if (wanted == 0) {
        K1S_ASSIGN_OR_RETURN(int got, TakePort(0, PortField(i)));
        port["nodePort"] = got;
      } else if (!Contains(old_ports, wanted) && taken.insert(wanted).second) {
        K1S_RETURN_IF_ERROR(TakePort(wanted, PortField(i)).status());
      }
    }
  }
  const std::vector<int> new_ports = NodePorts(spec);
  for (int p : old_ports) {
    if (!Contains(new_ports, p)) dropped_ports_.push_back(p);
  }
  return Status::Ok();
}

Status ServiceWrite::UpdateHealthCheckPort(Json& spec, const Json& old_spec) {
  const bool needed = NeedsHealthCheck(old_spec);
  const bool needs = NeedsHealthCheck(spec);
  const int old_port = Int(old_spec, "healthCheckNodePort");
  const int port = Int(spec, "healthCheckNodePort");
  if (!needed && needs) {
    K1S_ASSIGN_OR_RETURN(int got, TakePort(port, "spec.healthCheckNodePort"));
    spec["healthCheckNodePort"] = got;
  } else if (needed && !needs) {
    if (old_port != 0) dropped_ports_.push_back(old_port);
  } else if (needed && needs && port != old_port) {
    return Invalid({FieldInvalid("spec.healthCheckNodePort", std::to_string(port),
                                 "cannot change healthCheckNodePort on loadBalancer service with "
                                 "externalTraffic=Local during update")});
  }
  return Status::Ok();
}

void ServiceWrite::Commit() {
  if (finished_ || allocator_ == nullptr) return;
  finished_ = true;
  if (dry_run_) return;
  for (const std::string& ip : new_ips_) allocator_->SettleIp(ip);
  for (int port : new_ports_) allocator_->SettlePort(port);
  for (const std::string& ip : dropped_ips_) allocator_->ReleaseIp(owner_, ip);
  for (int port : dropped_ports_) allocator_->ReleasePort(owner_, port);
  new_ips_.clear();
  new_ports_.clear();
  dropped_ips_.clear();
  dropped_ports_.clear();
}

void ServiceWrite::Revert() {
  if (finished_ || allocator_ == nullptr) return;
  finished_ = true;
  if (!dry_run_) {
    for (const std::string& ip : new_ips_) allocator_->ReleaseIp(owner_, ip);
    for (int port : new_ports_) allocator_->ReleasePort(owner_, port);
  }
  new_ips_.clear();
  new_ports_.clear();
  dropped_ips_.clear();
  dropped_ports_.clear();
}

void ReleaseRemovedService(ServiceAllocator* allocator, const api::Resource& resource,
                           const Json& removed) {
  if (allocator == nullptr || !IsServiceResource(resource)) return;
  const ServiceOwner owner = ServiceAllocator::OwnerOf(removed);
  for (const std::string& ip : ServiceAllocator::HeldIps(removed)) allocator->ReleaseIp(owner, ip);
  for (int port : ServiceAllocator::HeldPorts(removed)) allocator->ReleasePort(owner, port);
}

}  // namespace k1s::apiserver
