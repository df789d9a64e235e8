#include "pkg/apiserver/service_allocator.h"

#include <doctest/doctest.h>

#include <set>
#include <thread>

#include "pkg/apiserver/allocation_bitmap.h"
#include "pkg/apiserver/ip_range.h"

namespace k1s::apiserver {
namespace {

using Json = nlohmann::json;

constexpr const char* kServices = "/registry/core/services/";

std::unique_ptr<store::Store> MemoryStore() {
  auto opened = store::OpenSqliteStore({.path = ":memory:"});
  REQUIRE(opened.ok());
  return std::move(*opened);
}

std::unique_ptr<ServiceAllocator> NewAllocator(store::Store& store,
                                               const std::string& cidr = "10.43.0.0/16",
                                               int first = 30000, int last = 32767) {
  auto created = ServiceAllocator::Create(store, kServices, {cidr, first, last}, Logger());
  REQUIRE(created.ok());
  return std::move(*created);
}

// Stores a Service as ObjectStorage would (no resourceVersion in the value).
void PutService(store::Store& store, const std::string& name, const std::string& uid, Json spec) {
  Json svc = {{"metadata", {{"namespace", "default"}, {"name", name}, {"uid", uid}}},
              {"spec", spec}};
  REQUIRE(store.Create(std::string(kServices) + "default/" + name, svc.dump()).ok());
}

TEST_CASE("IpRange numbers the usable addresses of a CIDR from the first host") {
  auto r = IpRange::Parse("10.43.7.9/16");
  REQUIRE(r.ok());
  CHECK(r->cidr() == "10.43.0.0/16");
  CHECK(r->size() == 65534);
  CHECK(FormatIp(r->At(0)) == "10.43.0.1");
  CHECK(FormatIp(r->At(65533)) == "10.43.255.254");
  CHECK(r->Offset(*ParseIp("10.43.1.0")) == 255);
  CHECK(!r->Offset(*ParseIp("10.43.0.0")));      // network
  CHECK(!r->Offset(*ParseIp("10.43.255.255")));  // broadcast
  CHECK(!r->Offset(*ParseIp("10.44.0.1")));
  CHECK(!r->Offset(*ParseIp("fd00::1")));
  auto v6 = IpRange::Parse("fd00:43::/112");
  REQUIRE(v6.ok());
  CHECK(v6->family() == std::string("IPv6"));
  CHECK(v6->size() == 65535);
  CHECK(FormatIp(v6->At(0x1233)) == "fd00:43::1234");
  CHECK(v6->Offset(*ParseIp("fd00:43::ffff")) == 65534);
  auto big = IpRange::Parse("fd00::/64");
  REQUIRE(big.ok());
  CHECK(big->size() == IpRange::kMaxAddresses);
  CHECK(!IpRange::Parse("10.43.0.0").ok());
  CHECK(!IpRange::Parse("10.43.0.0/33").ok());
  CHECK(!IpRange::Parse("nonsense/8").ok());
  CHECK(!ParseIp("10.43.0.256"));
  CHECK(!ParseIp(""));
}

TEST_CASE("the bitmap hands out the upper band first and every item once") {
  AllocationBitmap bitmap(100, ReservedBand(100, 16, 256, 16), /*seed=*/7);
  std::set<uint64_t> seen;
  for (int i = 0; i < 100; ++i) {
    auto free = bitmap.FindFree();
    REQUIRE(free);
    // The 16 reserved items come last.
    CHECK((i < 84 ? *free >= 16 : *free < 16));
    CHECK(bitmap.Set(*free));
    seen.insert(*free);
  }
  CHECK(seen.size() == 100);
  CHECK(!bitmap.FindFree());
  bitmap.Clear(42);
  CHECK(bitmap.FindFree() == 42);
  CHECK(ReservedBand(65536, 16, 256, 16) == 256);
  CHECK(ReservedBand(2768, 16, 128, 32) == 86);
  CHECK(ReservedBand(16, 16, 256, 16) == 0);
}

TEST_CASE("cluster IPs: any, requested, taken, out of range, released") {
  auto store = MemoryStore();
  auto alloc = NewAllocator(*store);
  ServiceOwner a{"default", "a", "uid-a"};
  ServiceOwner b{"default", "b", "uid-b"};
  auto any = alloc->AllocateIp(a, "", false);
  REQUIRE(any.ok());
  auto offset = alloc->ip_range().Offset(*ParseIp(*any));
  REQUIRE(offset);
  CHECK(*offset >= 256);  // dynamic IPs stay out of the low band (10.43.0.x)
  CHECK(store->Get("/registry/k1s/serviceips/" + *any).ok());

  CHECK(alloc->AllocateIp(a, "10.43.0.10", false).value() == "10.43.0.10");
  auto taken = alloc->AllocateIp(b, "10.43.0.10", false);
  CHECK(taken.status().IsAlreadyExists());
  CHECK(taken.status().message() == "provided IP is already allocated");
  auto outside = alloc->AllocateIp(b, "10.0.0.5", false);
  CHECK(outside.status().IsInvalid());
  CHECK(outside.status().message() ==
        "the provided IP (10.0.0.5) is not in the valid range. The range of valid IPs is "
        "10.43.0.0/16");

  // Only the owner's release frees it.
  alloc->ReleaseIp(b, "10.43.0.10");
  CHECK(alloc->AllocateIp(b, "10.43.0.10", false).status().IsAlreadyExists());
  alloc->ReleaseIp(a, "10.43.0.10");
  CHECK(!store->Get("/registry/k1s/serviceips/10.43.0.10").ok());
  CHECK(alloc->AllocateIp(b, "10.43.0.10", false).ok());

  // A dry run checks but keeps nothing.
  CHECK(alloc->AllocateIp(a, "10.43.0.11", true).ok());
  CHECK(alloc->AllocateIp(b, "10.43.0.11", false).ok());
}

TEST_CASE("node ports: any, requested, taken, out of range") {
  auto store = MemoryStore();
  auto alloc = NewAllocator(*store);
  ServiceOwner a{"default", "a", "uid-a"};
  auto any = alloc->AllocatePort(a, 0, false);
  REQUIRE(any.ok());
  CHECK(*any >= 30000 + 86);
  CHECK(*any <= 32767);
  CHECK(alloc->AllocatePort(a, 30080, false).value() == 30080);
  CHECK(alloc->AllocatePort(a, 30080, false).status().message() ==
        "provided port is already allocated");
  CHECK(alloc->AllocatePort(a, 80, false).status().message() ==
        "provided port is not in the valid range. The range of valid ports is 30000-32767");
  CHECK(
      !ServiceAllocator::Create(*store, kServices, {"10.43.0.0/16", 40000, 30000}, Logger()).ok());
}

TEST_CASE("a small range fills up and says so") {
  auto store = MemoryStore();
  auto alloc = NewAllocator(*store, "10.43.0.0/29", 30000, 30001);  // 6 addresses, 2 ports
  ServiceOwner a{"default", "a", "uid-a"};
  for (int i = 0; i < 6; ++i) REQUIRE(alloc->AllocateIp(a, "", false).ok());
  auto full = alloc->AllocateIp(a, "", false);
  CHECK(full.status().IsUnavailable());
  CHECK(full.status().message() == "range is full");
  REQUIRE(alloc->AllocatePort(a, 0, false).ok());
  REQUIRE(alloc->AllocatePort(a, 0, false).ok());
  CHECK(alloc->AllocatePort(a, 0, false).status().IsUnavailable());
}

TEST_CASE("records survive a restart; repair reclaims orphans and records what Services hold") {
  auto store = MemoryStore();
  ServiceOwner web{"default", "web", "uid-web"};
  ServiceOwner gone{"default", "gone", "uid-gone"};
  {
    auto alloc = NewAllocator(*store);
    REQUIRE(alloc->AllocateIp(web, "10.43.5.5", false).ok());
    REQUIRE(alloc->AllocatePort(web, 30500, false).ok());
    // A crash after these records and before the Service write:
    REQUIRE(alloc->AllocateIp(gone, "10.43.6.6", false).ok());
    REQUIRE(alloc->AllocatePort(gone, 30600, false).ok());
  }
  PutService(*store, "web", "uid-web",
             {{"type", "NodePort"},
              {"clusterIP", "10.43.5.5"},
              {"clusterIPs", {"10.43.5.5"}},
              {"ports", {{{"port", 80}, {"nodePort", 30500}}}}});
  // Written before records existed (or bootstrapped directly): no record yet.
  PutService(*store, "kubernetes", "uid-k",
             {{"clusterIP", "10.43.0.1"}, {"clusterIPs", {"10.43.0.1"}}});
  // A record naming a Service that has another uid now (deleted and re-created).
  REQUIRE(store
              ->Create("/registry/k1s/serviceips/10.43.7.7",
                       R"({"namespace":"default","name":"web","uid":"uid-old"})")
              .ok());

  auto alloc = NewAllocator(*store);
  REQUIRE(alloc->Repair().ok());
  ServiceOwner other{"default", "other", "uid-other"};
  CHECK(alloc->AllocateIp(other, "10.43.5.5", false).status().IsAlreadyExists());
  CHECK(alloc->AllocatePort(other, 30500, false).status().IsAlreadyExists());
  CHECK(alloc->AllocateIp(other, "10.43.0.1", false).status().IsAlreadyExists());
  CHECK(store->Get("/registry/k1s/serviceips/10.43.0.1").ok());
  CHECK(alloc->AllocateIp(other, "10.43.6.6", false).ok());
  CHECK(alloc->AllocatePort(other, 30600, false).ok());
  CHECK(alloc->AllocateIp(other, "10.43.7.7", false).ok());
}

TEST_CASE("repair leaves the records of writes in flight alone") {
  auto store = MemoryStore();
  auto alloc = NewAllocator(*store);
  ServiceOwner pending{"default", "pending", "uid-p"};
  REQUIRE(alloc->AllocateIp(pending, "10.43.9.9", false).ok());  // its Service is not written yet
  REQUIRE(alloc->Repair().ok());
  CHECK(store->Get("/registry/k1s/serviceips/10.43.9.9").ok());
  alloc->SettleIp("10.43.9.9");
  REQUIRE(alloc->Repair().ok());  // settled but no Service: an orphan now
  CHECK(!store->Get("/registry/k1s/serviceips/10.43.9.9").ok());
}

TEST_CASE("concurrent allocations never hand out an item twice") {
  auto store = MemoryStore();
  auto alloc = NewAllocator(*store, "10.43.0.0/24");
  constexpr int kThreads = 8;
  constexpr int kEach = 25;
  std::vector<std::vector<std::string>> got(kThreads);
  std::vector<int> same_ip_wins(kThreads, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      ServiceOwner owner{"default", "s" + std::to_string(t), "uid-" + std::to_string(t)};
      for (int i = 0; i < kEach; ++i) {
        auto ip = alloc->AllocateIp(owner, "", false);
        if (ip.ok()) got[t].push_back(*ip);
      }
      if (alloc->AllocateIp(owner, "10.43.0.10", false).ok()) same_ip_wins[t] = 1;
    });
  }
  for (auto& th : threads) th.join();
  std::set<std::string> all;
  size_t total = 0;
  for (const auto& v : got) {
    total += v.size();
    all.insert(v.begin(), v.end());
  }
  CHECK(total == all.size());
  CHECK(all.size() + 1 <= 254);
  int wins = 0;
  for (int w : same_ip_wins) wins += w;
  CHECK(wins == 1);
  auto records = store->Count("/registry/k1s/serviceips/");
  REQUIRE(records.ok());
  CHECK(*records == static_cast<int64_t>(all.size() + 1));
}

}  // namespace
}  // namespace k1s::apiserver
