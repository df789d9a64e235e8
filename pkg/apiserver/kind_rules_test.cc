// Jobs' generated selectors and CSRs' requesters through the REST API.
#include <doctest/doctest.h>

#include "pkg/apiserver/api_test_fixture.h"

namespace k1s::apiserver {
namespace {

using testing::ApiFixture;

constexpr const char* kJobs = "/apis/batch/v1/namespaces/default/jobs";
constexpr const char* kCsrs = "/apis/certificates.k8s.io/v1/certificatesigningrequests";

std::string Job(const std::string& name, Json spec_extra = Json::object(), Json labels = nullptr) {
  Json tmpl = {
      {"spec",
       {{"restartPolicy", "Never"}, {"containers", {{{"name", "c"}, {"image", "busybox"}}}}}}};
  if (!labels.is_null()) tmpl["metadata"] = {{"labels", labels}};
  Json spec = {{"template", tmpl}};
  spec.update(spec_extra);
  return Json{
      {"apiVersion", "batch/v1"}, {"kind", "Job"}, {"metadata", {{"name", name}}}, {"spec", spec}}
      .dump();
}

TEST_CASE("a Job gets Kubernetes' generated selector and pod template labels") {
  ApiFixture f;
  auto created = f.Call("POST", kJobs, Job("pi", Json::object(), {{"app", "pi"}}));
  REQUIRE(created.status == 201);
  const std::string uid = created.body["metadata"]["uid"];
  const Json spec = created.body["spec"];
  CHECK(spec["selector"] == Json{{"matchLabels", {{"batch.kubernetes.io/controller-uid", uid}}}});
  CHECK(spec["template"]["metadata"]["labels"] == Json{{"app", "pi"},
                                                       {"batch.kubernetes.io/controller-uid", uid},
                                                       {"batch.kubernetes.io/job-name", "pi"},
                                                       {"controller-uid", uid},
                                                       {"job-name", "pi"}});
  CHECK(spec["manualSelector"] == false);
}

TEST_CASE("a Job whose selector does not match its template is refused") {
  ApiFixture f;
  auto manual =
      f.Call("POST", kJobs,
             Job("m", {{"manualSelector", true}, {"selector", {{"matchLabels", {{"app", "a"}}}}}},
                 {{"app", "b"}}));
  CHECK(manual.status == 422);
  CHECK(manual.message() ==
        "Job \"m\" is invalid: spec.template.metadata.labels: Invalid value: "
        "map[string]string{\"app\":\"b\"}: "
        "`selector` does not match template `labels`");
  auto missing = f.Call("POST", kJobs, Job("n", {{"manualSelector", true}}));
  CHECK(missing.status == 422);
  CHECK(missing.message() == "Job \"n\" is invalid: spec.selector: Required value");
  auto generated = f.Call(
      "POST", kJobs, Job("g", {{"selector", {{"matchLabels", {{"app", "a"}}}}}}, {{"app", "a"}}));
  CHECK(generated.status == 422);
  CHECK(
      generated.message().starts_with("Job \"g\" is invalid: spec.selector: Invalid value: "
                                      "v1.LabelSelector{MatchLabels:map[string]string{"
                                      "\"app\":\"a\", \"batch.kubernetes.io/controller-uid\":\""));
  CHECK(generated.message().ends_with(
      "\"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: `selector` not auto-generated"));
  auto ok =
      f.Call("POST", kJobs,
             Job("ok", {{"manualSelector", true}, {"selector", {{"matchLabels", {{"app", "a"}}}}}},
                 {{"app", "a"}}));
  REQUIRE(ok.status == 201);
  CHECK(ok.body["spec"]["selector"] == Json{{"matchLabels", {{"app", "a"}}}});
  CHECK(ok.body["spec"]["template"]["metadata"]["labels"] == Json{{"app", "a"}});
}

TEST_CASE("a Job's selector cannot change") {
  ApiFixture f;
  auto created = f.Call("POST", kJobs, Job("j"));
  REQUIRE(created.status == 201);
  Json changed = created.body;
  changed["spec"]["selector"]["matchLabels"]["batch.kubernetes.io/controller-uid"] = "other";
  auto refused = f.Call("PUT", std::string(kJobs) + "/j", changed.dump());
  CHECK(refused.status == 422);
  CHECK(refused.message().find("spec.selector: Invalid value: v1.LabelSelector{") !=
        std::string::npos);
  CHECK(refused.message().find("field is immutable") != std::string::npos);
  Json same = created.body;
  same["metadata"]["labels"] = {{"touched", "yes"}};
  CHECK(f.Call("PUT", std::string(kJobs) + "/j", same.dump()).status == 200);
}

TEST_CASE("bad Job input is a clean 400") {
  ApiFixture f;
  auto bad = f.Call("POST", kJobs, R"({"metadata":{"name":"b"},"spec":{"template":"x"}})");
  CHECK(bad.status == 400);
  CHECK(bad.message() ==
        "Job in version \"v1\" cannot be handled as a Job: json: cannot unmarshal string into Go "
        "struct field "
        "JobSpec.spec.template of type v1.PodTemplateSpec");
  CHECK(f.Call("POST", kJobs, Job("l", Json::object(), {{"app", 5}})).status == 400);
  CHECK(f.Call("POST", kJobs, Job("s", {{"selector", "app=a"}})).status == 400);
  CHECK(f.Call("POST", kJobs,
               Job("e", {{"manualSelector", true}, {"selector", {{"matchExpressions", 3}}}}))
            .status == 422);
}

TEST_CASE("a Secret's stringData is folded into data on create, update and patch, never stored") {
  ApiFixture f;
  const std::string secrets = "/api/v1/namespaces/default/secrets";
  Json secret = {{"apiVersion", "v1"},
                 {"kind", "Secret"},
                 {"metadata", {{"name", "s"}}},
                 {"data", {{"a", "MQ=="}, {"b", "Mg=="}}},
                 {"stringData", {{"b", "two"}, {"c", "three"}}}};
  auto created = f.Call("POST", secrets, secret.dump());
  REQUIRE(created.status == 201);
  CHECK_FALSE(created.body.contains("stringData"));
  CHECK(created.body["data"] == Json{{"a", "MQ=="}, {"b", "dHdv"}, {"c", "dGhyZWU="}});
  auto read = f.Call("GET", secrets + "/s");
  CHECK_FALSE(read.body.contains("stringData"));
  CHECK(read.body["data"]["c"] == "dGhyZWU=");

  Json update = read.body;
  update["stringData"] = {{"a", "uno"}};
  auto updated = f.Call("PUT", secrets + "/s", update.dump());
  REQUIRE(updated.status == 200);
  CHECK_FALSE(updated.body.contains("stringData"));
  CHECK(updated.body["data"]["a"] == "dW5v");

  auto patched = f.Call("PATCH", secrets + "/s", R"({"stringData":{"d":"four"}})", "application/merge-patch+json");
  REQUIRE(patched.status == 200);
  CHECK_FALSE(patched.body.contains("stringData"));
  CHECK(patched.body["data"]["d"] == "Zm91cg==");

  auto bad = f.Call("POST", secrets, R"({"apiVersion":"v1","kind":"Secret","metadata":{"name":"t"},"stringData":{"x":1}})");
  CHECK(bad.status == 400);
}

TEST_CASE("an update or patch that changes nothing is not written: the resourceVersion stays") {
  ApiFixture f;
  const std::string cms = "/api/v1/namespaces/default/configmaps";
  auto created = f.Call("POST", cms, R"({"metadata":{"name":"c"},"data":{"k":"v"}})");
  REQUIRE(created.status == 201);
  const std::string rv = created.body["metadata"]["resourceVersion"];
  auto put = f.Call("PUT", cms + "/c", created.body.dump());
  REQUIRE(put.status == 200);
  CHECK(put.body["metadata"]["resourceVersion"] == rv);
  auto patched = f.Call("PATCH", cms + "/c", R"({"data":{"k":"v"}})", "application/merge-patch+json");
  REQUIRE(patched.status == 200);
  CHECK(patched.body["metadata"]["resourceVersion"] == rv);
  auto changed = f.Call("PATCH", cms + "/c", R"({"data":{"k":"w"}})", "application/merge-patch+json");
  REQUIRE(changed.status == 200);
  CHECK(changed.body["metadata"]["resourceVersion"] != rv);
}

TEST_CASE("a CSR records who asked for it, whatever the client claims") {
  ApiFixture f;
  const std::string csr =
      R"({"apiVersion":"certificates.k8s.io/v1","kind":"CertificateSigningRequest","metadata":{"name":"c1"},
          "spec":{"request":"cmVx","signerName":"kubernetes.io/kube-apiserver-client","usages":["client auth"],
                  "username":"mallory","uid":"42","groups":["system:masters"],"extra":{"x":["y"]}}})";
  auto as_admin = f.Call("POST", kCsrs, csr);
  REQUIRE(as_admin.status == 201);
  CHECK(as_admin.body["spec"]["username"] == "system:admin");
  CHECK(as_admin.body["spec"]["groups"] == Json::array({"system:masters", "system:authenticated"}));
  CHECK(!as_admin.body["spec"].contains("uid"));
  CHECK(!as_admin.body["spec"].contains("extra"));

  Json second = Json::parse(csr);
  second["metadata"]["name"] = "c2";
  auto as_alice = f.Call("POST", kCsrs, second.dump(), "application/json",
                         http::PeerCertificate{"alice", {"dev"}});
  REQUIRE(as_alice.status == 201);
  CHECK(as_alice.body["spec"]["username"] == "alice");
  CHECK(as_alice.body["spec"]["groups"] == Json::array({"dev", "system:authenticated"}));

  Json forged = as_alice.body;
  forged["spec"]["username"] = "system:admin";
  auto updated = f.Call("PUT", std::string(kCsrs) + "/c2", forged.dump());
  REQUIRE(updated.status == 200);
  CHECK(updated.body["spec"]["username"] == "alice");
}

}  // namespace
}  // namespace k1s::apiserver
