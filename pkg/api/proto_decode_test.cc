#include "pkg/api/proto_decode.h"

#include <doctest/doctest.h>

#include <random>
#include <string>

#include "pkg/api/proto_desc.h"
#include "pkg/util/protowire.h"

namespace k1s::api {
namespace {

using Json = nlohmann::json;
using protowire::PutBytesField;
using protowire::PutVarintField;

// Field builders: each returns one encoded field, so messages read as sums.
std::string B(uint32_t n, std::string_view bytes) {
  std::string out;
  PutBytesField(out, n, bytes);
  return out;
}
std::string V(uint32_t n, uint64_t value) {
  std::string out;
  PutVarintField(out, n, value);
  return out;
}
std::string Entry(uint32_t n, std::string_view key, std::string_view value) {
  return B(n, B(1, key) + B(2, value));
}

// A body as client-go writes it: magic, runtime.Unknown{typeMeta, raw, "", ""}.
std::string Body(std::string_view api_version, std::string_view kind, std::string_view raw) {
  return std::string("k8s\0", 4) + B(1, B(1, api_version) + B(2, kind)) + B(2, raw) + B(3, "") +
         B(4, "");
}

// ObjectMeta as Go's marshaller writes it: every non-pointer field, even empty.
std::string Meta(std::string_view name, std::string_view ns = "", std::string extra = "") {
  return B(1, name) + B(2, "") + B(3, ns) + B(4, "") + B(5, "") + B(6, "") + V(7, 0) + B(8, "") +
         extra;
}

Json Decode(const std::string& body) {
  auto result = DecodeProtobufObject(body);
  REQUIRE_MESSAGE(result.ok(), result.status().message());
  return *result;
}

Status DecodeError(const std::string& body) {
  auto result = DecodeProtobufObject(body);
  REQUIRE_FALSE(result.ok());
  return result.status();
}

TEST_CASE("ConfigMap from kubectl create configmap --from-literal") {
  std::string cm = B(1, Meta("x", "default")) + Entry(2, "a", "1") + Entry(2, "b", "two");
  Json got = Decode(Body("v1", "ConfigMap", cm));
  CHECK(got == Json::parse(R"({"apiVersion":"v1","kind":"ConfigMap",
      "metadata":{"name":"x","namespace":"default","creationTimestamp":null},
      "data":{"a":"1","b":"two"}})"));
}

TEST_CASE("Secret data is base64; stringData and type are strings") {
  std::string secret = B(1, Meta("s")) + Entry(2, "bin", std::string("\x00\xff\x10", 3)) +
                       Entry(2, "pw", "hunter2") + B(3, "Opaque");
  Json got = Decode(Body("v1", "Secret", secret));
  CHECK(got["data"] == Json::parse(R"({"bin":"AP8Q","pw":"aHVudGVyMg=="})"));
  CHECK(got["type"] == "Opaque");
  CHECK_FALSE(got.contains("immutable"));
  CHECK_FALSE(got.contains("stringData"));
}

TEST_CASE("Deployment: pointer zero kept, omitempty zero dropped, structs always written") {
  std::string container = B(1, "busybox") + B(2, "busybox") + B(5, "") + B(8, "") + B(13, "") +
                          B(14, "IfNotPresent") + V(16, 0) + V(17, 0) + V(18, 0) + B(20, "");
  std::string pod_spec = B(2, container) + B(3, "") + B(6, "") + B(8, "") + B(9, "") + V(11, 0);
  std::string labels = Entry(1, "app", "web");
  std::string tmpl = B(1, Meta("", "", Entry(11, "app", "web"))) + B(2, pod_spec);
  std::string spec = V(1, 0) + B(2, labels) + B(3, tmpl) + B(4, B(1, "")) + V(5, 0) + V(7, 0);
  std::string status = V(1, 0) + V(2, 0) + V(3, 0) + V(4, 0) + V(5, 0) + V(7, 0);
  std::string dep = B(1, Meta("web", "", Entry(11, "app", "web"))) + B(2, spec) + B(3, status);
  Json got = Decode(Body("apps/v1", "Deployment", dep));
  CHECK(got["spec"]["replicas"] == 0);
  CHECK_FALSE(got["spec"].contains("minReadySeconds"));
  CHECK_FALSE(got["spec"].contains("paused"));
  CHECK_FALSE(got["spec"].contains("revisionHistoryLimit"));
  CHECK(got["spec"]["selector"] == Json::parse(R"({"matchLabels":{"app":"web"}})"));
  CHECK(got["spec"]["strategy"] == Json::object());
  CHECK(got["status"] == Json::object());
  const Json& c = got["spec"]["template"]["spec"]["containers"][0];
  CHECK(c == Json::parse(R"({"name":"busybox","image":"busybox","resources":{},
      "imagePullPolicy":"IfNotPresent"})"));
  CHECK(got["spec"]["template"]["metadata"] ==
        Json::parse(R"({"creationTimestamp":null,"labels":{"app":"web"}})"));

  // Without replicas on the wire the pointer stays nil and is left out; a
  // non-omitempty pointer (selector) becomes null.
  Json bare = Decode(Body("apps/v1", "Deployment", B(1, Meta("w")) + B(2, "")));
  CHECK_FALSE(bare["spec"].contains("replicas"));
  CHECK(bare["spec"]["selector"].is_null());
  CHECK(bare["spec"]["template"]["spec"]["containers"].is_null());
}

TEST_CASE("ResourceQuota quantities; PriorityClass value 0 is not omitempty") {
  std::string spec = Entry(1, "cpu", B(1, "1")) + Entry(1, "memory", B(1, "1Gi")) +
                     Entry(1, "pods", B(1, "10"));
  Json quota = Decode(Body("v1", "ResourceQuota", B(1, Meta("q")) + B(2, spec) + B(3, "")));
  CHECK(quota["spec"]["hard"] == Json::parse(R"({"cpu":"1","memory":"1Gi","pods":"10"})"));
  CHECK(quota["status"] == Json::object());

  Json pc = Decode(Body("scheduling.k8s.io/v1", "PriorityClass",
                        B(1, Meta("p")) + V(2, 0) + V(3, 0) + B(4, "")));
  CHECK(pc["value"] == 0);
  CHECK_FALSE(pc.contains("globalDefault"));
  CHECK_FALSE(pc.contains("description"));
  CHECK_FALSE(pc.contains("preemptionPolicy"));
  Json neg = Decode(Body("scheduling.k8s.io/v1", "PriorityClass",
                         B(1, Meta("n")) + V(2, static_cast<uint64_t>(int64_t{-5}))));
  CHECK(neg["value"] == -5);

  auto bad = DecodeProtobufObject(
      Body("v1", "ResourceQuota", B(1, Meta("q")) + B(2, Entry(1, "cpu", B(1, "lots")))));
  CHECK(bad.status().code() == StatusCode::kBadRequest);
}

TEST_CASE("timestamps: Time in seconds, MicroTime in microseconds, zero is null") {
  std::string t = V(1, 1767323045) + V(2, 987654321);
  Json ns = Decode(Body("v1", "Namespace", B(1, Meta("n", "", B(9, t))) + B(2, "") + B(3, "")));
  CHECK(ns["metadata"]["deletionTimestamp"] == "2026-01-02T03:04:05Z");
  CHECK(ns["metadata"]["creationTimestamp"].is_null());
  CHECK(ns["spec"] == Json::object());

  Json ev = Decode(Body("v1", "Event", B(1, Meta("e")) + B(10, t)));
  CHECK(ev["eventTime"] == "2026-01-02T03:04:05.987654Z");
  Json epoch = Decode(Body("v1", "Event", B(1, Meta("e")) + B(10, V(1, 0))));
  CHECK(epoch["eventTime"] == "1970-01-01T00:00:00.000000Z");
  Json before = Decode(Body("v1", "Event", B(1, Meta("e")) +
                                               B(10, V(1, static_cast<uint64_t>(int64_t{-1})))));
  CHECK(before["eventTime"] == "1969-12-31T23:59:59.000000Z");
  CHECK(DecodeError(Body("v1", "Event", B(10, V(1, uint64_t{1} << 62)))).code() ==
        StatusCode::kBadRequest);
}

TEST_CASE("Service: IntOrString ports, repeated strings, pointer strings") {
  std::string port1 = B(1, "http") + B(2, "TCP") + V(3, 80) + B(4, V(1, 0) + V(2, 8080)) + V(5, 0);
  std::string port2 = B(1, "web") + B(2, "TCP") + V(3, 81) + B(4, V(1, 1) + B(3, "web"));
  std::string spec = B(1, port1) + B(1, port2) + Entry(2, "app", "web") + B(3, "") +
                     B(4, "ClusterIP") + B(7, "") + B(10, "") + B(11, "") + V(12, 0) +
                     B(18, "10.0.0.1");
  Json got = Decode(Body("v1", "Service", B(1, Meta("svc")) + B(2, spec) + B(3, "")));
  CHECK(got["spec"]["ports"] == Json::parse(R"([
      {"name":"http","protocol":"TCP","port":80,"targetPort":8080},
      {"name":"web","protocol":"TCP","port":81,"targetPort":"web"}])"));
  CHECK(got["spec"]["clusterIPs"] == Json::parse(R"(["10.0.0.1"])"));
  CHECK(got["spec"]["type"] == "ClusterIP");
  CHECK_FALSE(got["spec"].contains("clusterIP"));
  CHECK(got["status"] == Json::parse(R"({"loadBalancer":{}})"));
  CHECK(DecodeError(Body("v1", "Service", B(2, B(1, B(4, V(1, 7)))))).code() ==
        StatusCode::kBadRequest);
}

TEST_CASE("RBAC: non-omitempty slices are null when empty; subjects and roleRef") {
  std::string rule = B(1, "get") + B(1, "list") + B(2, "") + B(3, "pods");
  Json role = Decode(Body("rbac.authorization.k8s.io/v1", "Role", B(1, Meta("r")) + B(2, rule)));
  CHECK(role["rules"] == Json::parse(R"([{"verbs":["get","list"],"apiGroups":[""],
      "resources":["pods"]}])"));
  Json empty = Decode(Body("rbac.authorization.k8s.io/v1", "ClusterRole", B(1, Meta("c"))));
  CHECK(empty["rules"].is_null());
  CHECK_FALSE(empty.contains("aggregationRule"));

  std::string binding = B(1, Meta("b")) + B(2, B(1, "User") + B(2, "") + B(3, "alice") + B(4, "")) +
                        B(3, B(1, "rbac.authorization.k8s.io") + B(2, "Role") + B(3, "r"));
  Json rb = Decode(Body("rbac.authorization.k8s.io/v1", "RoleBinding", binding));
  CHECK(rb["subjects"] == Json::parse(R"([{"kind":"User","name":"alice"}])"));
  CHECK(rb["roleRef"] == Json::parse(R"({"apiGroup":"rbac.authorization.k8s.io","kind":"Role",
      "name":"r"})"));
}

TEST_CASE("inline structs, packed repeated ints, managedFields JSON, owner refs") {
  std::string volume = B(1, "cfg") + B(2, B(19, B(1, B(1, "cm")) + V(3, 420)));
  std::string sec = B(4, std::string("\xe8\x07\xd0\x0f", 4));  // packed 1000, 2000
  std::string pod_spec = B(1, volume) + B(14, sec + V(5, 1000));
  std::string owner = B(1, "ReplicaSet") + B(3, "rs") + B(4, "uid-1") + B(5, "apps/v1") + V(6, 1);
  std::string managed = B(1, "kubectl") + B(2, "Update") + B(3, "v1") + B(6, "FieldsV1") +
                        B(7, B(1, R"({"f:spec":{}})")) + B(4, V(1, 1767323045));
  std::string meta = Meta("p", "ns", B(13, owner) + B(17, managed));
  Json pod = Decode(Body("v1", "Pod", B(1, meta) + B(2, pod_spec)));
  CHECK(pod["spec"]["volumes"] == Json::parse(R"([{"name":"cfg",
      "configMap":{"name":"cm","defaultMode":420}}])"));
  CHECK(pod["spec"]["securityContext"] ==
        Json::parse(R"({"supplementalGroups":[1000,2000],"fsGroup":1000})"));
  CHECK(pod["metadata"]["ownerReferences"] == Json::parse(R"([{"apiVersion":"apps/v1",
      "kind":"ReplicaSet","name":"rs","uid":"uid-1","controller":true}])"));
  CHECK(pod["metadata"]["managedFields"] == Json::parse(R"([{"manager":"kubectl",
      "operation":"Update","apiVersion":"v1","fieldsType":"FieldsV1","fieldsV1":{"f:spec":{}},
      "time":"2026-01-02T03:04:05Z"}])"));
  CHECK(pod["status"] == Json::object());
}

TEST_CASE("Eviction and DeleteOptions; TokenRequest; access reviews") {
  std::string opts = V(1, 0) + B(4, "Foreground") + B(5, "All");
  Json ev = Decode(Body("policy/v1", "Eviction", B(1, Meta("p", "ns")) + B(2, opts)));
  CHECK(ev["deleteOptions"] == Json::parse(R"({"gracePeriodSeconds":0,
      "propagationPolicy":"Foreground","dryRun":["All"]})"));
  Json del = Decode(Body("v1", "DeleteOptions", V(1, 30)));
  CHECK(del == Json::parse(R"({"apiVersion":"v1","kind":"DeleteOptions","gracePeriodSeconds":30})"));

  Json tr = Decode(Body("authentication.k8s.io/v1", "TokenRequest",
                        B(1, Meta("sa")) + B(2, B(1, "https://k") + V(4, 3600)) + B(3, "")));
  CHECK(tr["spec"] == Json::parse(R"({"audiences":["https://k"],"expirationSeconds":3600,
      "boundObjectRef":null})"));

  std::string attrs = B(1, "ns") + B(2, "get") + B(3, "") + B(4, "") + B(5, "pods") + B(6, "") +
                      B(7, "");
  Json ssar = Decode(Body("authorization.k8s.io/v1", "SelfSubjectAccessReview",
                          B(1, Meta("")) + B(2, B(1, attrs)) + B(3, V(1, 0))));
  CHECK(ssar["spec"] == Json::parse(R"({"resourceAttributes":{"namespace":"ns","verb":"get",
      "resource":"pods"}})"));
  CHECK(ssar["status"] == Json::parse(R"({"allowed":false})"));
  Json ssr = Decode(Body("authentication.k8s.io/v1", "SelfSubjectReview", B(1, Meta(""))));
  CHECK(ssr["status"] == Json::parse(R"({"userInfo":{}})"));
}

TEST_CASE("unknown fields are skipped; strings are made valid UTF-8") {
  std::string cm = B(1, Meta("x") + B(99, "future")) + V(77, 5) + Entry(2, "k", "a\xff");
  Json got = Decode(Body("v1", "ConfigMap", cm));
  CHECK(got["data"]["k"] == "a\xef\xbf\xbd");
  CHECK(got.dump().size() > 0);
}

TEST_CASE("malformed bodies are BadRequest") {
  std::string good = Body("v1", "ConfigMap", B(1, Meta("x")) + Entry(2, "a", "1"));
  CHECK(DecodeError("").code() == StatusCode::kBadRequest);
  CHECK(DecodeError("{\"kind\":\"ConfigMap\"}").code() == StatusCode::kBadRequest);
  CHECK(DecodeError(std::string("k8s\0", 4)).code() == StatusCode::kBadRequest);  // no kind
  for (size_t n = 5; n < good.size(); ++n) {
    auto r = DecodeProtobufObject(good.substr(0, n));
    if (!r.ok()) CHECK(r.status().code() == StatusCode::kBadRequest);
  }
  CHECK(DecodeError(Body("v1", "Gadget", "")).message().find("Gadget") != std::string::npos);
  CHECK(DecodeError(Body("v1", "ConfigMap", V(1, 3))).code() == StatusCode::kBadRequest);
  CHECK(DecodeError(Body("v1", "ConfigMap", B(2, V(1, 3)))).code() == StatusCode::kBadRequest);
  std::string gz = std::string("k8s\0", 4) + B(1, B(1, "v1") + B(2, "ConfigMap")) + B(3, "gzip");
  CHECK(DecodeError(gz).code() == StatusCode::kBadRequest);
}

TEST_CASE("hostile input never crashes or explodes") {
  // Deeply nested empty messages expand; the budget stops absurd expansion.
  std::string many;
  for (int i = 0; i < 20000; ++i) many += B(2, "");  // empty containers
  auto r = DecodeProtobufObject(Body("v1", "Pod", B(2, many)));
  if (!r.ok()) CHECK(r.status().code() == StatusCode::kBadRequest);

  std::mt19937 rng(42);
  std::string seed = Body("apps/v1", "Deployment",
                          B(1, Meta("web", "ns", Entry(11, "a", "b"))) +
                              B(2, V(1, 3) + B(3, B(2, B(2, B(1, "c") + B(2, "img"))))));
  for (int iter = 0; iter < 20000; ++iter) {
    std::string body = seed;
    const int edits = 1 + static_cast<int>(rng() % 4);
    for (int e = 0; e < edits; ++e) {
      const size_t pos = 4 + rng() % (body.size() - 4);
      switch (rng() % 3) {
        case 0: body[pos] = static_cast<char>(rng()); break;
        case 1: body.erase(pos, 1); break;
        default: body.insert(pos, 1, static_cast<char>(rng())); break;
      }
      if (body.size() < 6) body = seed;
    }
    auto result = DecodeProtobufObject(body);
    if (result.ok()) {
      CHECK_NOTHROW((void)result->dump());
    } else {
      CHECK(result.status().code() == StatusCode::kBadRequest);
    }
  }
}

TEST_CASE("every message a descriptor names exists") {
  for (auto table : {proto::ProtoMetaMessages(), proto::ProtoCoreAMessages(),
                     proto::ProtoCoreBMessages(), proto::ProtoAppsMessages(),
                     proto::ProtoRbacMessages(), proto::ProtoNetworkingMessages(),
                     proto::ProtoAuthMessages(), proto::ProtoAutoscalingMessages()}) {
    for (const proto::ProtoMessage& m : table) {
      for (const proto::ProtoField& f : m.fields) {
        if (f.type != proto::ProtoType::kMessage) continue;
        CHECK_MESSAGE(proto::FindMessage(f.message) != nullptr, m.name, ".", f.json);
      }
    }
  }
  for (auto [version, kind] : {std::pair{"v1", "Namespace"}, {"apps/v1", "Deployment"},
                               {"batch/v1", "CronJob"}, {"policy/v1beta1", "Eviction"},
                               {"networking.k8s.io/v1", "Ingress"}, {"policy/v1", "DeleteOptions"},
                               {"autoscaling/v2", "HorizontalPodAutoscaler"}}) {
    CHECK_MESSAGE(proto::FindKind(version, kind) != nullptr, kind);
  }
  CHECK(proto::FindKind("apps/v1", "ConfigMap") == nullptr);
}

}  // namespace
}  // namespace k1s::api
