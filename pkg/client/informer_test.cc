#include <doctest/doctest.h>

#include <atomic>

#include "pkg/client/testing/test_cluster.h"

namespace k1s::client {
namespace {

using namespace std::chrono_literals;

Json Pod(const std::string& name, const std::string& node) {
  Json pod{{"apiVersion", "v1"},
           {"kind", "Pod"},
           {"metadata", {{"name", name}}},
           {"spec", {{"containers", {{{"name", "c"}, {"image", "busybox"}}}}}}};
  if (!node.empty()) pod["spec"]["nodeName"] = node;
  return pod;
}

// Polls `done` for up to five seconds.
bool Eventually(const std::function<bool()>& done) {
  for (int i = 0; i < 500; ++i) {
    if (done()) return true;
    std::this_thread::sleep_for(10ms);
  }
  return done();
}

TEST_CASE("keys are namespace/name, or name for cluster-scoped objects") {
  CHECK(ObjectKey(Json{{"metadata", {{"namespace", "a"}, {"name", "b"}}}}) == "a/b");
  CHECK(ObjectKey(Json{{"metadata", {{"name", "n1"}}}}) == "n1");
  CHECK(SplitKey("a/b") == std::pair<std::string, std::string>{"a", "b"});
  CHECK(SplitKey("n1") == std::pair<std::string, std::string>{"", "n1"});
}

TEST_CASE("an informer lists, then follows changes, and calls its handlers") {
  TestCluster cluster;
  Client& c = cluster.admin();
  REQUIRE(c.Create(resources::kPods, "default", Pod("before", "n1")).ok());

  Informer informer(c, resources::kPods, Logger());
  informer.AddIndex("node", [](const Json& p) {
    return std::vector<std::string>{p["spec"].value("nodeName", "")};
  });
  std::atomic<int> adds = 0, updates = 0, deletes = 0;
  informer.AddEventHandler({[&](const ObjectPtr&) { ++adds; },
                            [&](const ObjectPtr&, const ObjectPtr&) { ++updates; },
                            [&](const ObjectPtr&) { ++deletes; }});
  informer.Start();
  REQUIRE(informer.WaitForSync(5s));
  CHECK(adds == 1);
  CHECK(informer.Get("default", "before") != nullptr);
  // managedFields are dropped from the cache.
  CHECK_FALSE(informer.Get("default/before")->at("metadata").contains("managedFields"));

  REQUIRE(c.Create(resources::kPods, "default", Pod("after", "n2")).ok());
  REQUIRE(c.Patch(resources::kPods, "default", "before", PatchType::kMergePatch,
                  Json{{"metadata", {{"labels", {{"x", "y"}}}}}}).ok());
  REQUIRE(c.Delete(resources::kPods, "default", "after", {.grace_period_seconds = 0}).ok());
  CHECK(Eventually([&] { return adds == 2 && updates >= 1 && deletes == 1; }));
  CHECK(informer.Get("default", "after") == nullptr);
  CHECK(informer.Get("default", "before")->at("metadata")["labels"]["x"] == "y");
  // Also from a watch event (cut from its text before parsing).
  CHECK_FALSE(informer.Get("default", "before")->at("metadata").contains("managedFields"));
  CHECK(informer.ByIndex("node", "n1").size() == 1);
  CHECK(informer.ByIndex("node", "n2").empty());
  CHECK(informer.ListNamespace("default").size() == 1);

  // A handler added late first sees what is cached.
  std::atomic<int> late_adds = 0;
  informer.AddEventHandler({[&](const ObjectPtr&) { ++late_adds; }, nullptr, nullptr});
  CHECK(late_adds == 1);
  informer.Stop();
}

// Forwards to a real client, but the first `gone_watches` watches fail as if
// their version had been compacted, and lists are counted.
class CompactingClient final : public Client {
 public:
  CompactingClient(Client& real, int gone_watches) : real_(real), gone_(gone_watches) {}
  Result<Json> Get(const ResourceId& r, std::string_view ns, std::string_view name,
                   std::string_view sub) override { return real_.Get(r, ns, name, sub); }
  Result<Json> List(const ResourceId& r, std::string_view ns, const ListOptions& o) override {
    ++lists;
    return real_.List(r, ns, o);
  }
  Result<std::unique_ptr<WatchStream>> Watch(const ResourceId& r, std::string_view ns,
                                             const WatchOptions& o) override {
    if (gone_-- > 0) return Status::Gone("too old resource version");
    return real_.Watch(r, ns, o);
  }
  Result<Json> Create(const ResourceId& r, std::string_view ns, const Json& o, std::string_view n,
                      std::string_view sub) override { return real_.Create(r, ns, o, n, sub); }
  Result<Json> Update(const ResourceId& r, std::string_view ns, const Json& o,
                      std::string_view sub) override { return real_.Update(r, ns, o, sub); }
  Result<Json> Patch(const ResourceId& r, std::string_view ns, std::string_view n, PatchType t,
                     const Json& p, std::string_view sub) override { return real_.Patch(r, ns, n, t, p, sub); }
  Status Delete(const ResourceId& r, std::string_view ns, std::string_view n,
                const DeleteOptions& o) override { return real_.Delete(r, ns, n, o); }
  std::atomic<int> lists = 0;

 private:
  Client& real_;
  std::atomic<int> gone_;
};

TEST_CASE("an informer whose watch version is gone lists again and catches up") {
  TestCluster cluster;
  Client& c = cluster.admin();
  CompactingClient compacting(c, 1);
  Informer informer(compacting, resources::kConfigMaps, Logger());
  informer.Start();
  REQUIRE(informer.WaitForSync(5s));
  CHECK(Eventually([&] { return compacting.lists == 2; }));
  for (int i = 0; i < 20; ++i) {
    REQUIRE(c.Create(resources::kConfigMaps, "default",
                     Json{{"metadata", {{"name", "cm" + std::to_string(i)}}}}).ok());
  }
  CHECK(Eventually([&] { return informer.Size() == 20; }));
}

TEST_CASE("the factory shares one informer per resource") {
  TestCluster cluster;
  Informer& a = cluster.informers().For(resources::kNodes);
  Informer& b = cluster.informers().For(resources::kNodes);
  CHECK(&a == &b);
  CHECK(cluster.informers().WaitForSync(5s));
}

}  // namespace
}  // namespace k1s::client
