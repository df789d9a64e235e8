#include <doctest/doctest.h>

#include "pkg/apiserver/field_set.h"
#include "pkg/apiserver/managed_fields.h"

namespace k1s::apiserver {
namespace {

using Json = nlohmann::json;

const TypeSchema kDeployment = TypeSchema::ForKind("apps", "v1", "Deployment");

Json Deployment(int replicas, const char* image, const char* ports = R"([{"containerPort":80}])") {
  return Json::parse(R"({"apiVersion":"apps/v1","kind":"Deployment",
      "metadata":{"name":"d","namespace":"ns","labels":{"app":"d"}},
      "spec":{"replicas":)" + std::to_string(replicas) + R"(,"selector":{"matchLabels":{"app":"d"}},
        "template":{"metadata":{"labels":{"app":"d"}},
          "spec":{"containers":[{"name":"web","image":")" + image + R"(","ports":)" + ports + "}]}}}}");
}

FieldManagerInfo Who(const std::string& manager, const std::string& now = "2025-01-01T00:00:00Z") {
  return {manager, "", "apps/v1", now, true};
}

const Json& Entry(const Json& object, const std::string& manager, const std::string& op) {
  for (const Json& e : object["metadata"]["managedFields"]) {
    if (e["manager"] == manager && e["operation"] == op) return e;
  }
  FAIL("no managedFields entry for " << manager << " " << op);
  static const Json none;
  return none;
}

TEST_CASE("fieldsV1 names fields, keyed items and set values as Kubernetes does") {
  FieldSet set = FieldsOf(Deployment(2, "nginx"), kDeployment);
  Json v1 = set.ToJson();
  CHECK(v1["f:spec"]["f:replicas"] == Json::object());
  CHECK(v1["f:metadata"]["f:labels"]["f:app"] == Json::object());
  const Json& item = v1["f:spec"]["f:template"]["f:spec"]["f:containers"]["k:{\"name\":\"web\"}"];
  CHECK(item["."] == Json::object());
  CHECK(item["f:image"] == Json::object());
  // Ports are keyed by number and protocol; TCP is the protocol's default.
  CHECK(item["f:ports"].contains("k:{\"containerPort\":80,\"protocol\":\"TCP\"}"));
  CHECK(FieldSet::FromJson(v1) == set);
  CHECK(PathString({"f:spec", "f:template", "f:spec", "f:containers", "k:{\"name\":\"web\"}",
                    "f:image"}) == ".spec.template.spec.containers[name=\"web\"].image");
  CHECK(PathString({"f:metadata", "f:finalizers", "v:\"x\""}) == ".metadata.finalizers[=\"x\"]");
}

TEST_CASE("field sets combine member by member: union, difference, intersection") {
  auto set = [](std::initializer_list<FieldPath> paths) {
    FieldSet s;
    for (const FieldPath& p : paths) s.Insert(p);
    return s;
  };
  const FieldSet a = set({{"f:spec", "f:replicas"}, {"f:spec", "f:paused"}, {"f:metadata"},
                          {"f:metadata", "f:labels", "f:app"}, {"f:status", "f:phase"}});
  const FieldSet b = set({{"f:spec", "f:replicas"}, {"f:spec", "f:selector"}, {"f:metadata", "f:labels", "f:tier"},
                          {"f:data", "f:x"}});
  CHECK(a.Union(b).Paths() == std::vector<FieldPath>{{"f:data", "f:x"},
                                                     {"f:metadata"},
                                                     {"f:metadata", "f:labels", "f:app"},
                                                     {"f:metadata", "f:labels", "f:tier"},
                                                     {"f:spec", "f:paused"},
                                                     {"f:spec", "f:replicas"},
                                                     {"f:spec", "f:selector"},
                                                     {"f:status", "f:phase"}});
  const FieldSet only_a = a.Difference(b);
  CHECK(only_a.Has({"f:spec", "f:paused"}));
  CHECK_FALSE(only_a.Has({"f:spec", "f:replicas"}));
  CHECK(only_a.Has({"f:metadata"}));
  CHECK(only_a.Has({"f:metadata", "f:labels", "f:app"}));
  CHECK(only_a.Has({"f:status", "f:phase"}));
  CHECK_FALSE(only_a.Touches({"f:data"}));
  CHECK_FALSE(only_a.Touches({"f:spec", "f:selector"}));
  const FieldSet both = a.Intersection(b);
  CHECK(both.Has({"f:spec", "f:replicas"}));
  CHECK_FALSE(both.Touches({"f:metadata"}));  // b holds labels below it, not metadata itself
  CHECK_FALSE(both.Touches({"f:status"}));
  CHECK(both.Paths() == std::vector<FieldPath>{{"f:spec", "f:replicas"}});
  CHECK(a.Difference(a).empty());
  CHECK(FieldSet().Union(a) == a);
  CHECK(a.Intersection(FieldSet()).empty());
}

TEST_CASE("apply creates, re-apply keeps, a changed file changes and an omitted field goes") {
  auto first = ServerSideApply(kDeployment, Json(), Deployment(2, "nginx"), Who("kubectl"), false);
  REQUIRE(first.ok());
  CHECK((*first)["spec"]["replicas"] == 2);
  const Json& entry = Entry(*first, "kubectl", "Apply");
  CHECK(entry["fieldsType"] == "FieldsV1");
  CHECK(entry["apiVersion"] == "apps/v1");
  CHECK_FALSE(entry["fieldsV1"].contains("f:apiVersion"));
  CHECK_FALSE(entry["fieldsV1"]["f:metadata"].contains("f:name"));

  auto again = ServerSideApply(kDeployment, *first, Deployment(2, "nginx"), Who("kubectl", "later"), false);
  REQUIRE(again.ok());
  CHECK(*again == *first);  // nothing changed, not even the entry's time

  Json without_port = Deployment(3, "nginx:2", "[]");
  without_port["spec"]["template"]["spec"]["containers"][0].erase("ports");
  auto changed = ServerSideApply(kDeployment, *again, without_port, Who("kubectl"), false);
  REQUIRE(changed.ok());
  const Json& c = (*changed)["spec"]["template"]["spec"]["containers"][0];
  CHECK((*changed)["spec"]["replicas"] == 3);
  CHECK(c["image"] == "nginx:2");
  CHECK_FALSE(c.contains("ports"));
}

TEST_CASE("a field another manager set is a conflict until forced; equal values are shared") {
  auto applied = ServerSideApply(kDeployment, Json(), Deployment(2, "nginx"), Who("kubectl"), false);
  REQUIRE(applied.ok());
  // kubectl edit changes replicas: an Update by another manager.
  Json edited = *applied;
  edited["spec"]["replicas"] = 5;
  RecordUpdate(kDeployment, *applied, edited, Who("kubectl-edit"));
  CHECK(Entry(edited, "kubectl-edit", "Update")["fieldsV1"] ==
        Json::parse(R"({"f:spec":{"f:replicas":{}}})"));
  CHECK_FALSE(Entry(edited, "kubectl", "Apply")["fieldsV1"]["f:spec"].contains("f:replicas"));

  auto conflict = ServerSideApply(kDeployment, edited, Deployment(3, "nginx"), Who("kubectl"), false);
  REQUIRE(conflict.status().IsConflict());
  CHECK(conflict.status().message() ==
        "Apply failed with 1 conflict: conflict with \"kubectl-edit\" using apps/v1: .spec.replicas");
  REQUIRE(conflict.status().causes().size() == 1);
  CHECK(conflict.status().causes()[0].reason == "FieldManagerConflict");
  CHECK(conflict.status().causes()[0].field == ".spec.replicas");

  auto same = ServerSideApply(kDeployment, edited, Deployment(5, "nginx"), Who("kubectl"), false);
  REQUIRE(same.ok());
  CHECK(Entry(*same, "kubectl-edit", "Update")["fieldsV1"] == Json::parse(R"({"f:spec":{"f:replicas":{}}})"));

  auto forced = ServerSideApply(kDeployment, edited, Deployment(3, "nginx"), Who("kubectl"), true);
  REQUIRE(forced.ok());
  CHECK((*forced)["spec"]["replicas"] == 3);
  for (const Json& e : (*forced)["metadata"]["managedFields"]) CHECK(e["manager"] != "kubectl-edit");
}

TEST_CASE("an omitted field someone else also owns stays") {
  auto a = ServerSideApply(kDeployment, Json(), Deployment(2, "nginx"), Who("a"), false);
  REQUIRE(a.ok());
  auto b = ServerSideApply(kDeployment, *a, Deployment(2, "nginx"), Who("b"), false);
  REQUIRE(b.ok());
  Json smaller = Deployment(2, "nginx");
  smaller["metadata"].erase("labels");
  auto pruned = ServerSideApply(kDeployment, *b, smaller, Who("a"), false);
  REQUIRE(pruned.ok());
  CHECK((*pruned)["metadata"]["labels"]["app"] == "d");  // b still applies it
}

TEST_CASE("updates own what they change; status is not owned through the main resource") {
  Json created = Deployment(1, "nginx");
  created["status"] = {{"replicas", 0}};
  RecordUpdate(kDeployment, Json(), created, Who("kubectl-create"));
  const Json& v1 = Entry(created, "kubectl-create", "Update")["fieldsV1"];
  CHECK(v1["f:spec"]["f:replicas"] == Json::object());
  CHECK_FALSE(v1.contains("f:status"));
  Json same = created;
  RecordUpdate(kDeployment, created, same, Who("other"));
  CHECK(same["metadata"]["managedFields"].size() == 1);  // a no-op records nothing

  // A status write adds its own entry and leaves the creator's as it was,
  // whether the written object carries the stored entries or none.
  for (bool carries_entries : {true, false}) {
    Json status_write = created;
    if (!carries_entries) status_write["metadata"].erase("managedFields");
    status_write["status"]["replicas"] = 1;
    RecordUpdate(kDeployment, created, status_write, {"kubelet", "status", "apps/v1", "2025-01-02T00:00:00Z", true});
    CHECK(Entry(status_write, "kubectl-create", "Update") == Entry(created, "kubectl-create", "Update"));
    const Json& kubelet = Entry(status_write, "kubelet", "Update");
    CHECK(kubelet["subresource"] == "status");
    CHECK(kubelet["fieldsV1"] == Json::parse(R"({"f:status":{"f:replicas":{}}})"));
  }
  CHECK(ManagerFromUserAgent("kubectl/v1.33.0 (linux/amd64) kubernetes/abc") == "kubectl");
  CHECK(ManagerFromUserAgent(std::string(200, 'x')).size() == 128);
}

TEST_CASE("an update takes only the fields it changed, wherever they are, from their old owner") {
  // Only the top-level members that differ are compared; what they hold
  // must still move field by field.
  Json live = Deployment(1, "nginx");
  RecordUpdate(kDeployment, Json(), live, Who("creator"));

  Json relabelled = live;
  relabelled["metadata"]["labels"]["app"] = "e";
  relabelled["metadata"]["annotations"] = {{"note", "x"}};
  RecordUpdate(kDeployment, live, relabelled, Who("labeller"));
  const Json& labeller = Entry(relabelled, "labeller", "Update")["fieldsV1"];
  CHECK(labeller == Json::parse(R"({"f:metadata":{"f:annotations":{"f:note":{}},"f:labels":{"f:app":{}}}})"));
  CHECK(Entry(relabelled, "creator", "Update")["fieldsV1"]["f:spec"].contains("f:replicas"));

  Json scaled = relabelled;
  scaled["spec"]["replicas"] = 3;
  scaled.erase("kind");
  RecordUpdate(kDeployment, relabelled, scaled, Who("scaler"));
  CHECK(Entry(scaled, "scaler", "Update")["fieldsV1"] == Json::parse(R"({"f:spec":{"f:replicas":{}}})"));
  CHECK_FALSE(Entry(scaled, "creator", "Update")["fieldsV1"]["f:spec"].contains("f:replicas"));
  CHECK(Entry(scaled, "creator", "Update")["fieldsV1"]["f:spec"].contains("f:selector"));
  CHECK(Entry(scaled, "labeller", "Update")["fieldsV1"] == labeller);
}

TEST_CASE("a status write leaves the other managers' entries as they were stored") {
  Json live = Deployment(1, "nginx");
  RecordUpdate(kDeployment, Json(), live, Who("creator"));
  const Json creator = Entry(live, "creator", "Update");

  Json reported = live;
  reported["status"] = {{"replicas", 1}, {"readyReplicas", 1}};
  RecordUpdate(kDeployment, live, reported, {"controller", "status", "apps/v1", "2025-01-02T00:00:00Z", true});
  CHECK(Entry(reported, "creator", "Update") == creator);
  CHECK(Entry(reported, "controller", "Update")["fieldsV1"] ==
        Json::parse(R"({"f:status":{"f:readyReplicas":{},"f:replicas":{}}})"));
  CHECK(Entry(reported, "controller", "Update")["subresource"] == "status");

  // The same manager again: its own entry is read and changed.
  Json again = reported;
  again["status"].erase("readyReplicas");
  RecordUpdate(kDeployment, reported, again, {"controller", "status", "apps/v1", "2025-01-03T00:00:00Z", true});
  CHECK(Entry(again, "creator", "Update") == creator);
  CHECK(Entry(again, "controller", "Update")["fieldsV1"] == Json::parse(R"({"f:status":{"f:replicas":{}}})"));
}

}  // namespace
}  // namespace k1s::apiserver
