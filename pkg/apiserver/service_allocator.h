// ServiceAllocator: Service cluster IPs from the service CIDR and node ports
// from the node-port range, as kube-apiserver hands them out.
//
// Allocations are records in the store itself (/registry/k1s/serviceips/<ip>,
// /registry/k1s/servicenodeports/<port>, see RecordPool), written before the
// Service that uses them, so they survive restarts and two concurrent creates
// can never get the same item. A crash between the record and the Service
// write leaves a record whose Service does not hold the item; Repair, at
// start and when a range looks full, reclaims those.
//
// Thread-safe. Errors carry Kubernetes' allocator wording:
//  - AlreadyExists "provided IP is already allocated" / "provided port is ..."
//  - Invalid "the provided IP (1.2.3.4) is not in the valid range. The range
//    of valid IPs is 10.43.0.0/16" / "provided port is not in the valid ..."
//  - Unavailable "range is full"
#pragma once

#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "pkg/apiserver/ip_range.h"
#include "pkg/apiserver/record_pool.h"
#include "pkg/store/store.h"
#include "pkg/util/log.h"

namespace k1s::apiserver {

struct ServiceAllocatorOptions {
  std::string service_cidr = "10.43.0.0/16";
  int node_port_first = 30000;
  int node_port_last = 32767;
};

class ServiceAllocator {
 public:
  // `services_prefix`: the store prefix of every Service (all namespaces).
  // Invalid for a bad CIDR or port range.
  static Result<std::unique_ptr<ServiceAllocator>> Create(store::Store& store,
                                                          std::string services_prefix,
                                                          const ServiceAllocatorOptions& options,
                                                          Logger log);
  ServiceAllocator(const ServiceAllocator&) = delete;
  ServiceAllocator& operator=(const ServiceAllocator&) = delete;

  const IpRange& ip_range() const { return range_; }
  int node_port_first() const { return port_first_; }
  int node_port_last() const { return port_last_; }

  // Rebuilds the in-memory view from the records and reconciles them with
  // the stored Services: a record whose Service is gone, has another uid or
  // no longer holds the item is removed; an item a Service holds without a
  // record gets one (the bootstrapped `kubernetes` Service, data from before
  // records existed). Records of writes in flight are left alone. The first
  // allocation runs it if nobody did.
  Status Repair();

  // Takes `requested` ("" or 0: any free one) for `owner`. The record stays
  // pending until Settle*. A dry run reserves nothing and writes nothing.
  Result<std::string> AllocateIp(const ServiceOwner& owner, const std::string& requested,
                                 bool dry_run);
  Result<int> AllocatePort(const ServiceOwner& owner, int requested, bool dry_run);
  // The Service write the records were made for is stored.
  void SettleIp(const std::string& ip);
  void SettlePort(int port);
  // Frees an item if `owner` holds its record; otherwise leaves it alone.
  // Failures are logged: a later Repair cleans up.
  void ReleaseIp(const ServiceOwner& owner, const std::string& ip);
  void ReleasePort(const ServiceOwner& owner, int port);

  // What a stored Service holds: canonical cluster IPs (not "None") and node
  // ports (healthCheckNodePort included).
  static std::vector<std::string> HeldIps(const nlohmann::json& service);
  static std::vector<int> HeldPorts(const nlohmann::json& service);
  static ServiceOwner OwnerOf(const nlohmann::json& service);

 private:
  ServiceAllocator(store::Store& store, std::string services_prefix, IpRange range, int port_first,
                   int port_last, Logger log);
  Status EnsureLoadedLocked();
  Status RepairLocked();
  Status RepairPool(RecordPool& pool, const std::vector<nlohmann::json>& services, bool ips);

  store::Store& store_;
  const std::string services_prefix_;
  const IpRange range_;
  const int port_first_;
  const int port_last_;
  const Logger log_;
  std::mutex mu_;
  bool loaded_ = false;  // GUARDED_BY(mu_)
  RecordPool ips_;       // GUARDED_BY(mu_)
  RecordPool ports_;     // GUARDED_BY(mu_)
};

}  // namespace k1s::apiserver
