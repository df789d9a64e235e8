#include "pkg/apiserver/strategic_merge.h"

#include <doctest/doctest.h>

namespace k1s::apiserver {
namespace {

using Json = nlohmann::json;

const TypeSchema kDeployment = TypeSchema::ForKind("apps", "v1", "Deployment");
const TypeSchema kPod = TypeSchema::ForKind("", "v1", "Pod");

Json Patched(const Json& original, const char* patch, const TypeSchema& schema = kPod) {
  auto result = StrategicMergePatch(original, Json::parse(patch), schema);
  REQUIRE_MESSAGE(result.ok(), result.status().message());
  return *result;
}

Json PodWith(const char* containers) {
  return {{"kind", "Pod"}, {"spec", {{"containers", Json::parse(containers)}}}};
}

TEST_CASE("the schema table's merge keys and list types reach the patch code") {
  const TypeSchema container = kPod.Child("spec").Child("containers").Item();
  CHECK(kPod.Child("spec").Child("containers").patch_merge_key() == "name");
  CHECK(container.Child("ports").patch_merge_key() == "containerPort");
  CHECK(container.Child("ports").list_kind() == TypeSchema::ListKind::kMap);
  CHECK(container.Child("ports").keys() == std::vector<std::string>{"containerPort", "protocol"});
  CHECK(container.Child("volumeMounts").patch_merge_key() == "mountPath");
  CHECK(kPod.Child("metadata").Child("finalizers").list_kind() == TypeSchema::ListKind::kSet);
  CHECK(kPod.Child("spec").Child("tolerations").patch_merges() == false);
  CHECK(TypeSchema::ForKind("", "v1", "Service").Child("spec").Child("ports").patch_merge_key() ==
        "port");
  // A built-in kind the table does not describe still merges containers by
  // name, the one merge key every described "containers" list has.
  const TypeSchema rc = TypeSchema::ForKind("", "v1", "ReplicationController");
  CHECK(rc.shape() == TypeSchema::Shape::kUnknown);
  CHECK(rc.Child("spec").Child("template").Child("spec").Child("containers").patch_merge_key() ==
        "name");
  CHECK_FALSE(TypeSchema::ForKind("example.com", "v1", "Widget").Child("containers").patch_merges());
}

TEST_CASE("lists merge by their own key; lists without one are replaced") {
  Json pod = PodWith(R"([{"name":"web","image":"nginx","ports":[{"containerPort":80},{"containerPort":443}],
      "env":[{"name":"A","value":"1"}],"volumeMounts":[{"name":"d","mountPath":"/data"}]}])");
  pod["spec"]["tolerations"] = Json::parse(R"([{"key":"a","operator":"Exists"}])");
  Json out = Patched(pod, R"({"spec":{
      "containers":[{"name":"web","image":"nginx:2",
         "ports":[{"containerPort":443,"name":"https"},{"containerPort":8080}],
         "env":[{"name":"B","value":"2"}],
         "volumeMounts":[{"mountPath":"/data","readOnly":true}]}],
      "tolerations":[{"key":"b","operator":"Exists"}]}})");
  const Json& c = out["spec"]["containers"][0];
  CHECK(c["image"] == "nginx:2");
  // Items keep their place; new ones go in patch order where they cannot
  // be compared with the live ones, as kube-apiserver orders them.
  CHECK(c["ports"] == Json::parse(
      R"([{"containerPort":80},{"containerPort":443,"name":"https"},{"containerPort":8080}])"));
  CHECK(c["env"] == Json::parse(R"([{"name":"B","value":"2"},{"name":"A","value":"1"}])"));
  CHECK(c["volumeMounts"] == Json::parse(R"([{"name":"d","mountPath":"/data","readOnly":true}])"));
  CHECK(out["spec"]["tolerations"] == Json::parse(R"([{"key":"b","operator":"Exists"}])"));
}

TEST_CASE("$patch delete and replace on list items and maps") {
  Json pod = PodWith(R"([{"name":"web","image":"a","ports":[{"containerPort":80},{"containerPort":81}]},
                         {"name":"side","image":"b"}])");
  pod["metadata"] = {{"labels", {{"a", "1"}, {"b", "2"}}}};
  Json out = Patched(pod, R"({"metadata":{"labels":{"$patch":"replace","c":"3"}},
      "spec":{"containers":[{"name":"side","$patch":"delete"},
                            {"name":"web","ports":[{"containerPort":80,"$patch":"delete"}]}]}})");
  CHECK(out["metadata"]["labels"] == Json::parse(R"({"c":"3"})"));
  REQUIRE(out["spec"]["containers"].size() == 1);
  CHECK(out["spec"]["containers"][0]["ports"] == Json::parse(R"([{"containerPort":81}])"));
  out = Patched(pod, R"({"spec":{"containers":[{"name":"only","image":"c"},{"$patch":"replace"}]}})");
  CHECK(out["spec"]["containers"] == Json::parse(R"([{"name":"only","image":"c"}])"));
  out = Patched(pod, R"({"metadata":{"labels":{"$patch":"merge","c":"3"}}})");
  CHECK(out["metadata"]["labels"].size() == 3);
}

TEST_CASE("finalizers merge as a set; $deleteFromPrimitiveList removes values") {
  Json obj = {{"metadata", {{"finalizers", {"a", "b"}}}}};
  Json out = Patched(obj, R"({"metadata":{"finalizers":["b","c"]}})");
  CHECK(out["metadata"]["finalizers"] == Json::parse(R"(["a","b","c"])"));
  out = Patched(obj, R"({"metadata":{"$deleteFromPrimitiveList/finalizers":["a"]}})");
  CHECK(out["metadata"]["finalizers"] == Json::parse(R"(["b"])"));
}

TEST_CASE("$setElementOrder orders the merged list; null deletes a key") {
  Json pod = PodWith(R"([{"name":"a","image":"x"},{"name":"b","image":"y"}])");
  pod["spec"]["nodeSelector"] = {{"disk", "ssd"}};
  Json out = Patched(pod, R"({"spec":{"$setElementOrder/containers":[{"name":"b"},{"name":"a"}],
      "containers":[{"name":"a","image":"z"}],"nodeSelector":null}})");
  CHECK(out["spec"]["containers"] ==
        Json::parse(R"([{"name":"b","image":"y"},{"name":"a","image":"z"}])"));
  CHECK_FALSE(out["spec"].contains("nodeSelector"));
}

TEST_CASE("$retainKeys clears the keys a union field no longer uses") {
  Json d = {{"spec", {{"strategy", {{"type", "RollingUpdate"}, {"rollingUpdate", {{"maxSurge", 1}}}}}}}};
  Json out = Patched(d, R"({"spec":{"strategy":{"$retainKeys":["type"],"type":"Recreate","rollingUpdate":null}}})",
                     kDeployment);
  CHECK(out["spec"]["strategy"] == Json::parse(R"({"type":"Recreate"})"));
  // A key outside the list is a malformed patch.
  auto bad = StrategicMergePatch(d, Json::parse(R"({"spec":{"strategy":{"$retainKeys":["type"],"x":1}}})"),
                                 kDeployment);
  CHECK(bad.status().code() == StatusCode::kBadRequest);
}

TEST_CASE("kinds without a schema replace lists, as JSON merge patch does") {
  const TypeSchema widget = TypeSchema::ForKind("example.com", "v1", "Widget");
  Json w = {{"spec", {{"items", Json::parse(R"([{"name":"a","v":1}])")}}}};
  Json out = Patched(w, R"({"spec":{"items":[{"name":"b"}]}})", widget);
  CHECK(out["spec"]["items"] == Json::parse(R"([{"name":"b"}])"));
}

TEST_CASE("malformed directives are errors, not crashes") {
  Json pod = PodWith(R"([{"name":"a"}])");
  auto status = [&](const char* patch) {
    return StrategicMergePatch(pod, Json::parse(patch), kPod).status().code();
  };
  CHECK(status(R"({"spec":{"containers":[{"image":"no-name"}]}})") == StatusCode::kBadRequest);
  CHECK(status(R"({"spec":{"containers":[{"$patch":"delete"}]}})") == StatusCode::kBadRequest);
  CHECK(status(R"({"spec":{"$patch":"explode"}})") == StatusCode::kBadRequest);
  CHECK(status(R"({"metadata":{"finalizers":[["nested"]]},"x":1})") == StatusCode::kOk);
  Json with_finalizers = {{"metadata", {{"finalizers", {"a"}}}}};
  CHECK(StrategicMergePatch(with_finalizers, Json::parse(R"({"metadata":{"finalizers":[["x"]]}})"), kPod)
            .status()
            .code() == StatusCode::kInvalid);
  CHECK(status(R"({"spec":{"$setElementOrder/containers":"nope"}})") == StatusCode::kBadRequest);
  pod["metadata"] = {{"finalizers", {"a"}}};
  CHECK(status(R"({"metadata":{"$deleteFromPrimitiveList/finalizers":"a"}})") == StatusCode::kBadRequest);
  CHECK(status(R"({"spec":{"$retainKeys":"x"}})") == StatusCode::kBadRequest);
  CHECK(StrategicMergePatch(pod, Json::array(), kPod).status().code() == StatusCode::kBadRequest);
}

}  // namespace
}  // namespace k1s::apiserver
