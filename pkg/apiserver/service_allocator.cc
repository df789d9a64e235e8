#include "pkg/apiserver/service_allocator.h"

#include <charconv>
#include <map>
#include <random>

namespace k1s::apiserver {

namespace {

using Json = nlohmann::json;

constexpr const char* kIpPrefix = "/registry/k1s/serviceips/";
constexpr const char* kPortPrefix = "/registry/k1s/servicenodeports/";

std::string Text(const Json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

const Json& Spec(const Json& service) {
  static const Json empty = Json::object();
  auto it = service.find("spec");
  return it != service.end() && it->is_object() ? *it : empty;
}

std::optional<int> ParsePort(std::string_view text) {
  int port = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), port);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return port;
}

uint64_t Seed() { return std::random_device{}(); }

}  // namespace

Result<std::unique_ptr<ServiceAllocator>> ServiceAllocator::Create(
    store::Store& store, std::string services_prefix, const ServiceAllocatorOptions& options,
    Logger log) {
  K1S_ASSIGN_OR_RETURN(IpRange range, IpRange::Parse(options.service_cidr));
  if (options.node_port_first <= 0 || options.node_port_last > 65535 ||
      options.node_port_first > options.node_port_last) {
    return Status::Invalid("invalid node port range " + std::to_string(options.node_port_first) +
                           "-" + std::to_string(options.node_port_last));
  }
  return std::unique_ptr<ServiceAllocator>(
      new ServiceAllocator(store, std::move(services_prefix), std::move(range),
                           options.node_port_first, options.node_port_last, std::move(log)));
}

ServiceAllocator::ServiceAllocator(store::Store& store, std::string services_prefix, IpRange range,
                                   int port_first, int port_last, Logger log)
    : store_(store),
      services_prefix_(std::move(services_prefix)),
      range_(std::move(range)),
      port_first_(port_first),
      port_last_(port_last),
      log_(std::move(log)),
      ips_(
          store, kIpPrefix,
          AllocationBitmap(range_.size(), ReservedBand(range_.size() + 2, 16, 256, 16), Seed()),
          [this](uint64_t i) { return FormatIp(range_.At(i)); },
          [this](std::string_view name) -> std::optional<uint64_t> {
            auto ip = ParseIp(name);
            return ip ? range_.Offset(*ip) : std::nullopt;
          }),
      ports_(
          store, kPortPrefix,
          AllocationBitmap(
              static_cast<uint64_t>(port_last - port_first + 1),
              ReservedBand(static_cast<uint64_t>(port_last - port_first + 1), 16, 128, 32), Seed()),
          [this](uint64_t i) { return std::to_string(port_first_ + static_cast<int>(i)); },
          [this](std::string_view name) -> std::optional<uint64_t> {
            auto port = ParsePort(name);
            if (!port || *port < port_first_ || *port > port_last_) return std::nullopt;
            return static_cast<uint64_t>(*port - port_first_);
          }) {}

ServiceOwner ServiceAllocator::OwnerOf(const Json& service) {
  const Json meta = service.value("metadata", Json::object());
  if (!meta.is_object()) return {};
  return {Text(meta, "namespace"), Text(meta, "name"), Text(meta, "uid")};
}

std::vector<std::string> ServiceAllocator::HeldIps(const Json& service) {
  const Json& spec = Spec(service);
  std::vector<std::string> texts;
  if (auto ips = spec.find("clusterIPs"); ips != spec.end() && ips->is_array()) {
    for (const Json& ip : *ips) {
      if (ip.is_string()) texts.push_back(ip.get<std::string>());
    }
  }
  if (texts.empty()) texts.push_back(Text(spec, "clusterIP"));
  std::vector<std::string> held;
  for (const std::string& text : texts) {
    if (auto ip = ParseIp(text)) held.push_back(FormatIp(*ip));
  }
  return held;
}

std::vector<int> ServiceAllocator::HeldPorts(const Json& service) {
  const Json& spec = Spec(service);
  std::vector<int> held;
  auto add = [&](const Json& port) {
    if (!port.is_number_integer() || port.get<int64_t>() <= 0 || port.get<int64_t>() > 65535)
      return;
    const int p = port.get<int>();
    if (std::find(held.begin(), held.end(), p) == held.end()) held.push_back(p);
  };
  if (auto ports = spec.find("ports"); ports != spec.end() && ports->is_array()) {
    for (const Json& port : *ports) {
      if (port.is_object() && port.contains("nodePort")) add(port["nodePort"]);
    }
  }
  if (spec.contains("healthCheckNodePort")) add(spec["healthCheckNodePort"]);
  return held;
}

Status ServiceAllocator::Repair() {
  std::lock_guard<std::mutex> lock(mu_);
  return RepairLocked();
}

Status ServiceAllocator::EnsureLoadedLocked() { return loaded_ ? Status::Ok() : RepairLocked(); }

Status ServiceAllocator::RepairLocked() {
  K1S_ASSIGN_OR_RETURN(store::ListResult listed, store_.List(services_prefix_));
  std::vector<Json> services;
  for (const store::KeyValue& kv : listed.items) {
    Json service = Json::parse(kv.value, nullptr, /*allow_exceptions=*/false);
    if (service.is_object()) services.push_back(std::move(service));
  }
  K1S_RETURN_IF_ERROR(RepairPool(ips_, services, /*ips=*/true));
  K1S_RETURN_IF_ERROR(RepairPool(ports_, services, /*ips=*/false));
  loaded_ = true;
  return Status::Ok();
}

Status ServiceAllocator::RepairPool(RecordPool& pool, const std::vector<Json>& services, bool ips) {
  auto held = [&](const Json& service) {
    std::vector<std::string> names;
    if (ips) return HeldIps(service);
    for (int port : HeldPorts(service)) names.push_back(std::to_string(port));
    return names;
  };
  std::map<std::string, const Json*> by_name;
  for (const Json& service : services) {
    const ServiceOwner owner = OwnerOf(service);
    by_name[owner.namespace_name + "/" + owner.name] = &service;
  }
  AllocationBitmap& bitmap = pool.bitmap();
  bitmap.ClearAll();
  for (uint64_t i : pool.pending()) bitmap.Set(i);

  K1S_ASSIGN_OR_RETURN(store::ListResult records, store_.List(pool.prefix()));
  std::map<uint64_t, std::string> recorded;  // item -> the Service its record names
  for (const store::KeyValue& kv : records.items) {
    const std::string name = kv.key.substr(pool.prefix().size());
    auto i = pool.Index(name);
    // A record outside today's range (the CIDR changed) protects nothing; keep it.
    if (!i || pool.IsPending(*i)) continue;
    auto owner = RecordPool::ParseRecord(kv.value);
    const std::string who = owner ? owner->namespace_name + "/" + owner->name : "";
    auto service = by_name.find(who);
    bool valid = owner && service != by_name.end() && OwnerOf(*service->second).uid == owner->uid;
    if (valid) {
      auto names = held(*service->second);
      valid = std::find(names.begin(), names.end(), name) != names.end();
    }
    if (valid) {
      bitmap.Set(*i);
      recorded[*i] = who;
      continue;
    }
    auto deleted = store_.Delete(kv.key, kv.mod_revision);
    if (!deleted.ok() && !deleted.status().IsNotFound()) return deleted.status();
    log_.Info("reclaimed ", name, ": its record names ", who.empty() ? "nobody" : who,
              ", which does not hold it");
  }
  for (const Json& service : services) {
    const ServiceOwner owner = OwnerOf(service);
    const std::string who = owner.namespace_name + "/" + owner.name;
    for (const std::string& name : held(service)) {
      auto i = pool.Index(name);
      if (!i) {
        log_.Warning("Service ", who, " holds ", name, ", which is outside the range");
        continue;
      }
      if (pool.IsPending(*i)) continue;
      if (auto r = recorded.find(*i); r != recorded.end()) {
        if (r->second != who) log_.Warning(name, " is held by both ", r->second, " and ", who);
        continue;
      }
      Status written = pool.WriteRecord(*i, owner);
      if (!written.ok() && !written.IsAlreadyExists()) return written;
      bitmap.Set(*i);
      recorded[*i] = who;
      log_.Info("recorded ", name, " for Service ", who);
    }
  }
  return Status::Ok();
}

Result<std::string> ServiceAllocator::AllocateIp(const ServiceOwner& owner,
                                                 const std::string& requested, bool dry_run) {
  std::lock_guard<std::mutex> lock(mu_);
  K1S_RETURN_IF_ERROR(EnsureLoadedLocked());
  if (requested.empty()) {
    auto taken = ips_.TakeAny(owner, dry_run);
    if (!taken.ok() && taken.status().IsUnavailable()) {
      // Full, or full of orphans a crash left behind: repair and look again.
      K1S_RETURN_IF_ERROR(RepairLocked());
      taken = ips_.TakeAny(owner, dry_run);
    }
    if (!taken.ok()) return taken.status();
    return ips_.Name(*taken);
  }
  auto ip = ParseIp(requested);
  auto offset = ip ? range_.Offset(*ip) : std::nullopt;
  if (!offset) {
    return Status::Invalid("the provided IP (" + requested +
                           ") is not in the valid range. The range of valid IPs is " +
                           range_.cidr());
  }
  Status taken = ips_.Take(*offset, owner, dry_run);
  if (taken.IsAlreadyExists()) return Status::AlreadyExists("provided IP is already allocated");
  K1S_RETURN_IF_ERROR(taken);
  return ips_.Name(*offset);
}

Result<int> ServiceAllocator::AllocatePort(const ServiceOwner& owner, int requested, bool dry_run) {
  std::lock_guard<std::mutex> lock(mu_);
  K1S_RETURN_IF_ERROR(EnsureLoadedLocked());
  if (requested == 0) {
    auto taken = ports_.TakeAny(owner, dry_run);
    if (!taken.ok() && taken.status().IsUnavailable()) {
      K1S_RETURN_IF_ERROR(RepairLocked());
      taken = ports_.TakeAny(owner, dry_run);
    }
    if (!taken.ok()) return taken.status();
    return port_first_ + static_cast<int>(*taken);
  }
  if (requested < port_first_ || requested > port_last_) {
    return Status::Invalid("provided port is not in the valid range. The range of valid ports is " +
                           std::to_string(port_first_) + "-" + std::to_string(port_last_));
  }
  Status taken = ports_.Take(static_cast<uint64_t>(requested - port_first_), owner, dry_run);
  if (taken.IsAlreadyExists()) return Status::AlreadyExists("provided port is already allocated");
  K1S_RETURN_IF_ERROR(taken);
  return requested;
}

void ServiceAllocator::SettleIp(const std::string& ip) {
  std::lock_guard<std::mutex> lock(mu_);
  if (auto i = ips_.Index(ip)) ips_.Settle(*i);
}

void ServiceAllocator::SettlePort(int port) {
  std::lock_guard<std::mutex> lock(mu_);
  if (auto i = ports_.Index(std::to_string(port))) ports_.Settle(*i);
}

void ServiceAllocator::ReleaseIp(const ServiceOwner& owner, const std::string& ip) {
  std::lock_guard<std::mutex> lock(mu_);
  auto i = ips_.Index(ip);
  if (!i) return;
  if (Status s = ips_.Release(*i, owner.uid); !s.ok()) {
    log_.Warning("could not release ", ip, " of Service ", owner.namespace_name, "/", owner.name,
                 " (a repair will): ", s.ToString());
  }
}

void ServiceAllocator::ReleasePort(const ServiceOwner& owner, int port) {
  std::lock_guard<std::mutex> lock(mu_);
  auto i = ports_.Index(std::to_string(port));
  if (!i) return;
  if (Status s = ports_.Release(*i, owner.uid); !s.ok()) {
    log_.Warning("could not release node port ", port, " of Service ", owner.namespace_name, "/",
                 owner.name, " (a repair will): ", s.ToString());
  }
}

}  // namespace k1s::apiserver
