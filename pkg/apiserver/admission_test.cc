// The pod admission plugins (LimitRanger, Priority, DefaultTolerationSeconds,
// PodSecurity) through the API server, and the Pod Security Standards and
// quantities they rest on.
#include <doctest/doctest.h>

#include "pkg/api/quantity.h"
#include "pkg/apiserver/api_test_fixture.h"
#include "pkg/apiserver/pod_security_standards.h"

namespace k1s::apiserver {
namespace {

using testing::ApiFixture;

TEST_CASE("quantities print in Kubernetes' canonical form") {
  CHECK(api::CanonicalQuantity("1000m") == "1");
  CHECK(api::CanonicalQuantity("0.5") == "500m");
  CHECK(api::CanonicalQuantity("1.5") == "1500m");
  CHECK(api::CanonicalQuantity("500m") == "500m");
  CHECK(api::CanonicalQuantity("2000") == "2k");
  CHECK(api::CanonicalQuantity("1024Mi") == "1Gi");
  CHECK(api::CanonicalQuantity("1.5Gi") == "1536Mi");
  CHECK(api::CanonicalQuantity("0.5Ki") == "512");
  CHECK(api::CanonicalQuantity("1e3") == "1e3");
  CHECK(api::CanonicalQuantity("0") == "0");
  CHECK(api::CanonicalQuantity("junk") == "junk");
  auto q = api::ParseExactQuantity("1500m");
  REQUIRE(q);
  CHECK(q->MilliValue() == 1500);
  CHECK(q->Value() == 2);
  CHECK(q->Plus(*api::ParseExactQuantity("500m")).String() == "2");
}

nlohmann::json Parse(const char* text) { return nlohmann::json::parse(text); }

TEST_CASE("restricted lists every check a plain pod fails, in Kubernetes' order and words") {
  const auto spec = Parse(R"({"containers":[{"name":"web","image":"nginx"}]})");
  auto v = pss::Evaluate({pss::Level::kRestricted, 0}, nlohmann::json::object(), spec);
  CHECK(
      pss::ForbiddenDetail(v) ==
      "allowPrivilegeEscalation != false (container \"web\" must set "
      "securityContext.allowPrivilegeEscalation=false), "
      "unrestricted capabilities (container \"web\" must set "
      "securityContext.capabilities.drop=[\"ALL\"]), "
      "runAsNonRoot != true (pod or container \"web\" must set securityContext.runAsNonRoot=true), "
      "seccompProfile (pod or container \"web\" must set securityContext.seccompProfile.type to "
      "\"RuntimeDefault\" "
      "or \"Localhost\")");
  CHECK(pss::Evaluate({pss::Level::kBaseline, 0}, nlohmann::json::object(), spec).empty());
  CHECK(pss::Evaluate({pss::Level::kPrivileged, 0}, nlohmann::json::object(), spec).empty());
}

TEST_CASE(
    "baseline checks: host namespaces, privileged, capabilities, hostPath, hostPort, sysctls") {
  const auto spec = Parse(R"({
    "hostNetwork": true, "hostPID": true,
    "securityContext": {"sysctls": [{"name": "kernel.msgmax", "value": "1"}, {"name": "net.ipv4.tcp_syncookies", "value": "1"}]},
    "volumes": [{"name": "root", "hostPath": {"path": "/"}}, {"name": "tmp", "emptyDir": {}}],
    "containers": [
      {"name": "a", "securityContext": {"privileged": true, "capabilities": {"add": ["NET_ADMIN", "CHOWN"]}},
       "ports": [{"containerPort": 80, "hostPort": 8080}, {"containerPort": 81, "hostPort": 443}]},
      {"name": "b", "securityContext": {"privileged": true}}]})");
  auto v = pss::Evaluate({pss::Level::kBaseline, 0}, nlohmann::json::object(), spec);
  CHECK(pss::ForbiddenDetail(v) ==
        "non-default capabilities (container \"a\" must not include \"NET_ADMIN\" in "
        "securityContext.capabilities.add), host namespaces (hostNetwork=true, hostPID=true), "
        "hostPath volumes "
        "(volume \"root\"), hostPort (container \"a\" uses hostPorts 443, 8080), privileged "
        "(containers \"a\", \"b\" "
        "must not set securityContext.privileged=true), forbidden sysctls (kernel.msgmax)");
  // Restricted names hostPath among its restricted volume types instead.
  auto r = pss::Evaluate({pss::Level::kRestricted, 0}, nlohmann::json::object(), spec);
  bool volumes = false;
  for (const auto& x : r) {
    CHECK(x.reason != "hostPath volumes");
    if (x.reason == "restricted volume types") {
      volumes = true;
      CHECK(x.detail == "volume \"root\" uses restricted volume type \"hostPath\"");
    }
  }
  CHECK(volumes);
}

TEST_CASE("versions: checks newer than the pinned version do not apply") {
  const auto spec =
      Parse(R"({"containers":[{"name":"c","securityContext":{"allowPrivilegeEscalation":false,
      "runAsNonRoot":true,"seccompProfile":{"type":"RuntimeDefault"},"runAsUser":0}}]})");
  auto latest = pss::Evaluate({pss::Level::kRestricted, 0}, nlohmann::json::object(), spec);
  REQUIRE(latest.size() == 2);
  CHECK(latest[0].reason == "unrestricted capabilities");
  CHECK(latest[1].detail == "container \"c\" must not set runAsUser=0");
  // v1.21 had neither the capabilities nor the runAsUser check.
  CHECK(pss::Evaluate({pss::Level::kRestricted, 21}, nlohmann::json::object(), spec).empty());
}

TEST_CASE("namespace labels pick the policy; warn follows a stricter enforce") {
  std::vector<StatusCause> errors;
  auto p = pss::PolicyFromLabels(Parse(R"({"pod-security.kubernetes.io/enforce":"baseline",
      "pod-security.kubernetes.io/enforce-version":"v1.29"})"),
                                 &errors);
  CHECK(errors.empty());
  CHECK(p.enforce.String() == "baseline:v1.29");
  CHECK(p.warn.String() == "baseline:v1.29");
  CHECK(p.audit.String() == "privileged:latest");
  p = pss::PolicyFromLabels(Parse(R"({"pod-security.kubernetes.io/enforce":"strict",
      "pod-security.kubernetes.io/warn-version":"1.2"})"),
                            &errors);
  CHECK(p.enforce.level == pss::Level::kRestricted);  // fails closed
  REQUIRE(errors.size() == 2);
  CHECK(errors[0].message ==
        "Invalid value: \"strict\": must be one of privileged, baseline, restricted");
  CHECK(errors[1].field == "metadata.labels[pod-security.kubernetes.io/warn-version]");
}

struct AdmissionFixture : ApiFixture {
  AdmissionFixture() { server->EnableAdmission(); }

  struct Reply {
    int status;
    nlohmann::json body;
    std::vector<std::string> warnings;
  };
  Reply Send(const std::string& method, const std::string& path, const std::string& body,
             const std::string& type = "application/json") {
    http::Request r;
    r.method = method;
    r.target = path;
    r.path = path;
    r.body = body;
    r.headers.emplace("Content-Type", type);
    r.headers.emplace("Accept", "application/json");
    r.headers.emplace("Authorization", "Bearer secret-token");
    http::Reply reply = server->Handle(r);
    Reply out{
        reply.response.status, nlohmann::json::parse(reply.response.body, nullptr, false), {}};
    for (auto [it, end] = reply.response.headers.equal_range("Warning"); it != end; ++it) {
      out.warnings.push_back(it->second);
    }
    return out;
  }
  std::string Message(const Reply& r) { return r.body.value("message", ""); }
};

constexpr const char* kPods = "/api/v1/namespaces/default/pods";

TEST_CASE_FIXTURE(AdmissionFixture,
                  "LimitRanger defaults a pod's resources and refuses one beyond max") {
  REQUIRE(Call("POST", "/api/v1/namespaces/default/limitranges",
               R"({"metadata":{"name":"lr"},"spec":{"limits":[
      {"type":"Container","default":{"cpu":"300m"},"defaultRequest":{"cpu":"0.1"},"max":{"cpu":"500m","memory":"1Gi"},
       "maxLimitRequestRatio":{"cpu":"4"}},
      {"type":"Pod","max":{"memory":"1536Mi"}}]}})")
              .status == 201);
  auto pod =
      Send("POST", kPods,
           R"({"metadata":{"name":"web"},"spec":{"containers":[{"name":"web","image":"nginx"}]}})");
  REQUIRE(pod.status == 201);
  const auto& res = pod.body["spec"]["containers"][0]["resources"];
  CHECK(res["requests"]["cpu"] == "100m");
  CHECK(res["limits"]["cpu"] == "300m");
  CHECK(res["limits"]["memory"] == "1Gi");
  CHECK(res["requests"]["memory"] == "1Gi");
  CHECK(pod.body["metadata"]["annotations"]["kubernetes.io/limit-ranger"] ==
        "LimitRanger plugin set: cpu, memory request for container web; cpu, memory limit for "
        "container web");
  CHECK(pod.body["status"]["qosClass"] == "Burstable");

  auto big = Send("POST", kPods,
                  R"({"metadata":{"name":"big"},"spec":{"containers":[{"name":"c","image":"nginx",
      "resources":{"limits":{"cpu":"1000m"}}}]}})");
  CHECK(big.status == 403);
  CHECK(Message(big) ==
        "pods \"big\" is forbidden: maximum cpu usage per Container is 500m, but limit is 1");

  auto ratio =
      Send("POST", kPods,
           R"({"metadata":{"name":"ratio"},"spec":{"containers":[{"name":"c","image":"nginx",
      "resources":{"requests":{"cpu":"100m"},"limits":{"cpu":"500m","memory":"100Mi"}}}]}})");
  CHECK(ratio.status == 403);
  CHECK(Message(ratio) ==
        "pods \"ratio\" is forbidden: cpu max limit to request ratio per Container is 4, but "
        "provided ratio is 5.000000");

  auto two = Send("POST", kPods, R"({"metadata":{"name":"two"},"spec":{"containers":[
      {"name":"a","image":"nginx","resources":{"limits":{"memory":"1Gi"}}},
      {"name":"b","image":"nginx","resources":{"limits":{"memory":"1Gi"}}}]}})");
  CHECK(two.status == 403);
  CHECK(Message(two) ==
        "pods \"two\" is forbidden: maximum memory usage per Pod is 1536Mi, but limit is 2Gi");
}

TEST_CASE_FIXTURE(
    AdmissionFixture,
    "Priority resolves the class, the default class, and refuses what Kubernetes refuses") {
  REQUIRE(Call("POST", "/apis/scheduling.k8s.io/v1/priorityclasses",
               R"({"metadata":{"name":"high"},"value":1000,"preemptionPolicy":"Never"})")
              .status == 201);
  auto pod = Send("POST", kPods, R"({"metadata":{"name":"a"},"spec":{"priorityClassName":"high",
      "containers":[{"name":"c","image":"nginx"}]}})");
  REQUIRE(pod.status == 201);
  CHECK(pod.body["spec"]["priority"] == 1000);
  CHECK(pod.body["spec"]["preemptionPolicy"] == "Never");

  auto none =
      Send("POST", kPods,
           R"({"metadata":{"name":"b"},"spec":{"containers":[{"name":"c","image":"nginx"}]}})");
  REQUIRE(none.status == 201);
  CHECK(none.body["spec"]["priority"] == 0);
  CHECK(none.body["spec"]["preemptionPolicy"] == "PreemptLowerPriority");

  auto missing = Send("POST", kPods, R"({"metadata":{"name":"x"},"spec":{"priorityClassName":"foo",
      "containers":[{"name":"c","image":"nginx"}]}})");
  CHECK(missing.status == 403);
  CHECK(Message(missing) == "pods \"x\" is forbidden: no PriorityClass with name foo was found");

  auto liar = Send("POST", kPods,
                   R"({"metadata":{"name":"y"},"spec":{"priorityClassName":"high","priority":7,
      "containers":[{"name":"c","image":"nginx"}]}})");
  CHECK(liar.status == 403);

  REQUIRE(Call("POST", "/apis/scheduling.k8s.io/v1/priorityclasses",
               R"({"metadata":{"name":"first"},"value":5,"globalDefault":true})")
              .status == 201);
  auto second = Send("POST", "/apis/scheduling.k8s.io/v1/priorityclasses",
                     R"({"metadata":{"name":"second"},"value":6,"globalDefault":true})");
  CHECK(second.status == 403);
  CHECK(Message(second) ==
        "priorityclasses.scheduling.k8s.io \"second\" is forbidden: PriorityClass first is "
        "already marked as default. Only one default can exist");
  auto defaulted =
      Send("POST", kPods,
           R"({"metadata":{"name":"d"},"spec":{"containers":[{"name":"c","image":"nginx"}]}})");
  REQUIRE(defaulted.status == 201);
  CHECK(defaulted.body["spec"]["priorityClassName"] == "first");
  CHECK(defaulted.body["spec"]["priority"] == 5);
}

TEST_CASE_FIXTURE(AdmissionFixture, "each create sees the limit ranges, classes and accounts as just written") {
  auto pod = [&](const std::string& name, const std::string& account = "") {
    const std::string sa = account.empty() ? "" : R"("serviceAccountName":")" + account + R"(",)";
    return Send("POST", kPods,
                R"({"metadata":{"name":")" + name + R"("},"spec":{)" + sa +
                    R"("containers":[{"name":"c","image":"nginx"}]}})");
  };
  auto cpu_limit = [](const Reply& r) { return r.body["spec"]["containers"][0]["resources"].value("limits", Json())["cpu"]; };
  REQUIRE(pod("p1").status == 201);  // read once with nothing there, then:
  const std::string ranges = "/api/v1/namespaces/default/limitranges";
  REQUIRE(Call("POST", ranges, R"({"metadata":{"name":"lr"},"spec":{"limits":[{"type":"Container","default":{"cpu":"300m"}}]}})")
              .status == 201);
  CHECK(cpu_limit(pod("p2")) == "300m");
  REQUIRE(Call("PATCH", ranges + "/lr", R"({"spec":{"limits":[{"type":"Container","default":{"cpu":"200m"}}]}})",
               "application/merge-patch+json")
              .status == 200);
  CHECK(cpu_limit(pod("p3")) == "200m");
  REQUIRE(Call("DELETE", ranges + "/lr").status == 200);
  CHECK(cpu_limit(pod("p4")).is_null());

  const std::string classes = "/apis/scheduling.k8s.io/v1/priorityclasses";
  REQUIRE(Call("POST", classes, R"({"metadata":{"name":"usual"},"value":50,"globalDefault":true})").status == 201);
  CHECK(pod("p5").body["spec"]["priority"] == 50);
  REQUIRE(Call("DELETE", classes + "/usual").status == 200);
  CHECK(pod("p6").body["spec"]["priority"] == 0);

  const std::string accounts = "/api/v1/namespaces/default/serviceaccounts";
  CHECK(pod("p7", "builder").status == 403);
  REQUIRE(Call("POST", accounts, R"({"metadata":{"name":"builder"}})").status == 201);
  CHECK(pod("p8", "builder").status == 201);
  REQUIRE(Call("DELETE", accounts + "/builder").status == 200);
  CHECK(pod("p9", "builder").status == 403);
}

TEST_CASE_FIXTURE(AdmissionFixture,
                  "DefaultTolerationSeconds adds what the pod does not tolerate yet") {
  auto pod = Send("POST", kPods, R"({"metadata":{"name":"a"},"spec":{"tolerations":[
      {"key":"node.kubernetes.io/unreachable","operator":"Exists","effect":"NoExecute","tolerationSeconds":10}],
      "containers":[{"name":"c","image":"nginx"}]}})");
  REQUIRE(pod.status == 201);
  const auto& t = pod.body["spec"]["tolerations"];
  REQUIRE(t.size() == 2);
  CHECK(t[0]["tolerationSeconds"] == 10);
  CHECK(t[1] ==
        Parse(R"({"key":"node.kubernetes.io/not-ready","operator":"Exists","effect":"NoExecute",
      "tolerationSeconds":300})"));
}

TEST_CASE_FIXTURE(AdmissionFixture, "PodSecurity enforces, and warns for pods and pod templates") {
  REQUIRE(Call("POST", "/api/v1/namespaces", R"({"metadata":{"name":"r","labels":{
      "pod-security.kubernetes.io/enforce":"baseline","pod-security.kubernetes.io/warn":"restricted"}}})")
              .status == 201);
  auto priv =
      Send("POST", "/api/v1/namespaces/r/pods", R"({"metadata":{"name":"p"},"spec":{"containers":[
      {"name":"c","image":"nginx","securityContext":{"privileged":true}}]}})");
  CHECK(priv.status == 403);
  CHECK(Message(priv) ==
        "pods \"p\" is forbidden: violates PodSecurity \"baseline:latest\": privileged (container "
        "\"c\" must not set securityContext.privileged=true)");
  CHECK(priv.warnings.empty());

  auto plain =
      Send("POST", "/api/v1/namespaces/r/pods",
           R"({"metadata":{"name":"q"},"spec":{"containers":[{"name":"c","image":"nginx"}]}})");
  REQUIRE(plain.status == 201);
  REQUIRE(plain.warnings.size() == 1);
  CHECK(plain.warnings[0].rfind(
            "299 - \"would violate PodSecurity \\\"restricted:latest\\\": allowPrivilegeEscalation",
            0) == 0);

  auto deploy =
      Send("POST", "/apis/apps/v1/namespaces/r/deployments", R"({"metadata":{"name":"d"},"spec":{
      "selector":{"matchLabels":{"a":"b"}},"template":{"metadata":{"labels":{"a":"b"}},"spec":{"hostPID":true,
      "containers":[{"name":"c","image":"nginx"}]}}}})");
  REQUIRE(deploy.status == 201);  // templates only warn
  REQUIRE(deploy.warnings.size() == 1);
  CHECK(deploy.warnings[0].find("host namespaces (hostPID=true)") != std::string::npos);

  // An image change is checked again; a label change is not.
  auto relabel = Send("PATCH", "/api/v1/namespaces/r/pods/q",
                      R"({"metadata":{"labels":{"x":"y"}}})", "application/merge-patch+json");
  CHECK(relabel.status == 200);
  CHECK(relabel.warnings.empty());

  auto bad_label = Send("PATCH", "/api/v1/namespaces/r", R"({"metadata":{"labels":{
      "pod-security.kubernetes.io/audit":"none"}}})",
                        "application/merge-patch+json");
  CHECK(bad_label.status == 422);
  CHECK(Message(bad_label) ==
        "Namespace \"r\" is invalid: metadata.labels[pod-security.kubernetes.io/audit]: "
        "Invalid value: \"none\": must be one of privileged, baseline, restricted");

  auto tighten = Send("PATCH", "/api/v1/namespaces/r", R"({"metadata":{"labels":{
      "pod-security.kubernetes.io/enforce":"restricted"}}})",
                      "application/merge-patch+json");
  CHECK(tighten.status == 200);
  REQUIRE(tighten.warnings.size() == 2);
  CHECK(tighten.warnings[0] ==
        "299 - \"existing pods in namespace \\\"r\\\" violate the new PodSecurity enforce "
        "level \\\"restricted:latest\\\"\"");
  CHECK(tighten.warnings[1] ==
        "299 - \"q: allowPrivilegeEscalation != false, unrestricted capabilities, "
        "runAsNonRoot != true, seccompProfile\"");
}

TEST_CASE_FIXTURE(AdmissionFixture,
                  "NamespaceLifecycle: no new content in a terminating namespace") {
  REQUIRE(Call("POST", "/api/v1/namespaces", R"({"metadata":{"name":"gone"}})").status == 201);
  REQUIRE(Call("DELETE", "/api/v1/namespaces/gone").status == 200);
  auto pod =
      Send("POST", "/api/v1/namespaces/gone/pods",
           R"({"metadata":{"name":"late"},"spec":{"containers":[{"name":"c","image":"nginx"}]}})");
  CHECK(pod.status == 403);
  CHECK(Message(pod) ==
        "pods \"late\" is forbidden: unable to create new content in namespace gone because it is "
        "being terminated");
}

}  // namespace
}  // namespace k1s::apiserver
