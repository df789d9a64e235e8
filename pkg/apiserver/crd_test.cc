#include <doctest/doctest.h>

#include "pkg/apiserver/crd.h"
#include "pkg/apiserver/json_path.h"

namespace k1s::apiserver {
namespace {

using Json = nlohmann::json;

Json Crd() {
  return Json::parse(R"({
    "apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
    "metadata": {"name": "widgets.example.com"},
    "spec": {"group": "example.com", "scope": "Namespaced",
      "names": {"plural": "widgets", "singular": "widget", "kind": "Widget", "shortNames": ["wd"]},
      "versions": [
        {"name": "v1", "served": true, "storage": true,
         "subresources": {"status": {}},
         "additionalPrinterColumns": [{"name": "Size", "type": "integer", "jsonPath": ".spec.size"}],
         "schema": {"openAPIV3Schema": {"type": "object"}}},
        {"name": "v1beta1", "served": false, "storage": false}]}})");
}

TEST_CASE("a CRD defines one resource per served version") {
  REQUIRE(ValidateCrd(Crd()).ok());
  auto resources = CrdResources(Crd());
  REQUIRE(resources.size() == 1);
  const api::Resource& r = resources[0];
  CHECK(r.api_version() == "example.com/v1");
  CHECK(r.kind == "Widget");
  CHECK(r.plural == "widgets");
  CHECK(r.namespaced());
  CHECK(r.short_names == std::vector<std::string>{"wd"});
  CHECK(r.FindSubresource("status") != nullptr);
  REQUIRE(r.columns.size() == 2);
  CHECK(r.columns[1].json_path == ".spec.size");
}

TEST_CASE("invalid CRDs are rejected with field causes") {
  Json crd = Crd();
  crd["metadata"]["name"] = "wrong";
  Status s = ValidateCrd(crd);
  CHECK(s.IsInvalid());
  REQUIRE(!s.causes().empty());
  CHECK(s.causes()[0].field == "metadata.name");

  crd = Crd();
  crd["spec"]["group"] = "nodots";
  CHECK(ValidateCrd(crd).IsInvalid());
  crd = Crd();
  crd["spec"]["versions"][0]["storage"] = false;
  CHECK(ValidateCrd(crd).IsInvalid());
  crd = Crd();
  crd["spec"]["scope"] = "Galaxy";
  CHECK(ValidateCrd(crd).IsInvalid());
}

TEST_CASE("status accepts the names and establishes the CRD") {
  Json status = CrdStatus(Crd(), std::chrono::system_clock::time_point(std::chrono::seconds(1'700'000'000)));
  CHECK(status["acceptedNames"]["listKind"] == "WidgetList");
  CHECK(status["conditions"][1]["type"] == "Established");
  CHECK(status["conditions"][1]["status"] == "True");
  CHECK(status["storedVersions"] == Json::array({"v1"}));
}

TEST_CASE("printer-column JSONPath selects fields, indexes and filtered list items") {
  Json o = Json::parse(R"({"spec":{"size":3},"status":{"conditions":[
      {"type":"Ready","status":"True"},{"type":"Synced","status":"False"}]}})");
  CHECK(EvaluateJsonPath(".spec.size", o) == 3);
  CHECK(EvaluateJsonPath(".status.conditions[1].type", o) == "Synced");
  CHECK(EvaluateJsonPath(".status.conditions[-1].type", o) == "Synced");
  CHECK(EvaluateJsonPath(R"(.status.conditions[?(@.type=="Synced")].status)", o) == "False");
  CHECK(EvaluateJsonPath(".status.conditions[?(@.type=='Ready')].status", o) == "True");
  CHECK(EvaluateJsonPath(".spec.missing", o).is_null());
  CHECK(ValidateJsonPath("spec.size").IsInvalid());
  CHECK(ValidateJsonPath(".a[x]").IsInvalid());
}

}  // namespace
}  // namespace k1s::apiserver
