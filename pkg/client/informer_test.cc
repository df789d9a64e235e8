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
  REQUIRE(c.Create(resources::kConfigMaps, "default", Json{{"metadata", {{"name", "early"}}}}).ok());
  CompactingClient compacting(c, 1);
  Informer informer(compacting, resources::kConfigMaps, Logger());
  std::atomic<int> adds = 0, updates = 0;
  informer.AddEventHandler({[&](const ObjectPtr&) { ++adds; }, [&](const ObjectPtr&, const ObjectPtr&) { ++updates; },
                            nullptr});
  informer.Start();
  REQUIRE(informer.WaitForSync(5s));
  CHECK(Eventually([&] { return compacting.lists == 2; }));
  for (int i = 0; i < 20; ++i) {
    REQUIRE(c.Create(resources::kConfigMaps, "default",
                     Json{{"metadata", {{"name", "cm" + std::to_string(i)}}}}).ok());
  }
  CHECK(Eventually([&] { return informer.Size() == 21; }));
  // Those came by the watch that follows the second list, and that list
  // found "early" unchanged: no event for it.
  CHECK(Eventually([&] { return adds == 21; }));
  CHECK(updates == 0);
}

TEST_CASE("the factory shares one informer per resource") {
  TestCluster cluster;
  Informer& a = cluster.informers().For(resources::kNodes);
  Informer& b = cluster.informers().For(resources::kNodes);
  CHECK(&a == &b);
  CHECK(cluster.informers().WaitForSync(5s));
}

TEST_CASE("a compact informer keeps text and a summary, and hands out whole objects") {
  TestCluster cluster;
  Client& c = cluster.admin();
  Json before = Pod("before", "n1");
  before["metadata"]["labels"] = {{"app", "web"}};
  before["metadata"]["annotations"] = {{"note", "big"}};
  REQUIRE(c.Create(resources::kPods, "default", before).ok());
  REQUIRE(c.Create(resources::kPods, "default", Pod("other", "n1")).ok());

  Informer informer(c, resources::kPods, Logger());
  // No hot objects: every Get of an object nobody holds parses its text.
  informer.SetCompact(PodSummary, 0);
  informer.AddIndex(kPodsByNodeIndex, PodNodeNameIndex);
  std::mutex mu;
  std::vector<std::pair<std::string, std::string>> updates;  // old node, new node
  std::vector<std::string> deleted;
  informer.AddEventHandler({nullptr,
                            [&](const ObjectPtr& o, const ObjectPtr& n) {
                              std::lock_guard<std::mutex> lock(mu);
                              updates.emplace_back(PodNodeNameIndex(*o).at(0), PodNodeNameIndex(*n).at(0));
                            },
                            [&](const ObjectPtr& o) {
                              std::lock_guard<std::mutex> lock(mu);
                              deleted.push_back(ObjectKey(*o));
                            }});
  informer.Start();
  REQUIRE(informer.WaitForSync(5s));

  // The whole object, as the server has it less managedFields.
  Json stored = *c.Get(resources::kPods, "default", "before");
  stored["metadata"].erase("managedFields");
  ObjectPtr got = informer.Get("default", "before");
  REQUIRE(got != nullptr);
  CHECK(*got == stored);
  // While held, the same parse is handed out again.
  CHECK(informer.Get("default/before") == got);

  // Filters see the summary only: labels, the node, the phase; no spec.containers, no annotations.
  std::vector<Json> seen;
  auto web = informer.ListNamespace("default", [&](const Json& summary) {
    seen.push_back(summary);
    return summary["metadata"].value("labels", Json::object()).contains("app");
  });
  REQUIRE(web.size() == 1);
  CHECK(ObjectKey(*web[0]) == "default/before");
  CHECK(web[0]->at("spec").contains("containers"));
  REQUIRE(seen.size() == 2);
  for (const Json& summary : seen) {
    CHECK(summary["spec"] == Json{{"nodeName", "n1"}});
    CHECK(summary["status"].contains("phase"));
    CHECK_FALSE(summary["metadata"].contains("annotations"));
    CHECK_FALSE(summary["metadata"].contains("managedFields"));
    CHECK(summary["metadata"].contains("uid"));
  }
  CHECK(informer.List([](const Json&) { return false; }).empty());
  CHECK(informer.List().size() == 2);

  // An update moves the object between index values and hands the handler
  // the old object, parsed again from its text.
  got.reset();
  web.clear();
  Json moved = *c.Get(resources::kPods, "default", "other");
  REQUIRE(c.Delete(resources::kPods, "default", "other", {.grace_period_seconds = 0}).ok());
  REQUIRE(c.Create(resources::kPods, "default", Pod("other", "n2")).ok());
  REQUIRE(c.Patch(resources::kPods, "default", "before", PatchType::kMergePatch,
                  Json{{"metadata", {{"labels", {{"x", "y"}}}}}}).ok());
  CHECK(Eventually([&] {
    std::lock_guard<std::mutex> lock(mu);
    return !updates.empty() && deleted.size() == 1;
  }));
  {
    std::lock_guard<std::mutex> lock(mu);
    CHECK(updates.at(0) == std::pair<std::string, std::string>{"n1", "n1"});
    CHECK(deleted.at(0) == "default/other");
  }
  CHECK(Eventually([&] { return informer.ByIndex(kPodsByNodeIndex, "n2").size() == 1; }));
  CHECK(informer.ByIndex(kPodsByNodeIndex, "n1").size() == 1);
  CHECK(informer.Get("default", "before")->at("metadata")["labels"]["x"] == "y");
  informer.Stop();
}

TEST_CASE("a compact informer keeps the last objects used parsed and lets go of replaced ones") {
  TestCluster cluster;
  Client& c = cluster.admin();
  for (const char* name : {"a", "b"}) REQUIRE(c.Create(resources::kPods, "default", Pod(name, "n1")).ok());
  Informer informer(c, resources::kPods, Logger());
  informer.SetCompact(PodSummary, 1);  // one object kept parsed
  informer.Start();
  REQUIRE(informer.WaitForSync(5s));

  std::weak_ptr<const Json> a = informer.Get("default", "a");
  CHECK_FALSE(a.expired());  // the hot one
  std::weak_ptr<const Json> b = informer.Get("default", "b");
  CHECK(a.expired());  // pushed out by b
  CHECK_FALSE(b.expired());
  // A hit hands out the kept parse.
  CHECK(informer.Get("default", "b") == b.lock());

  // A replaced object's parse is let go once its event is handled.
  REQUIRE(c.Patch(resources::kPods, "default", "b", PatchType::kMergePatch,
                  Json{{"metadata", {{"labels", {{"x", "y"}}}}}}).ok());
  CHECK(Eventually([&] { return b.expired(); }));
  CHECK(informer.Get("default", "b")->at("metadata")["labels"]["x"] == "y");
  informer.Stop();
}

TEST_CASE("the factory's pods informer is compact") {
  TestCluster cluster;
  Client& c = cluster.admin();
  REQUIRE(c.Create(resources::kPods, "default", Pod("p", "n1")).ok());
  Informer& pods = cluster.informers().For(resources::kPods);
  REQUIRE(cluster.informers().WaitForSync(5s));
  CHECK(pods.Get("default", "p")->at("spec").contains("containers"));
  // The filter is given the summary, without the containers.
  bool saw_containers = true;
  pods.List([&](const Json& summary) {
    saw_containers = summary["spec"].contains("containers");
    return true;
  });
  CHECK_FALSE(saw_containers);
}

}  // namespace
}  // namespace k1s::client
