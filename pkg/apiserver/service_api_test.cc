// Services through the REST API: allocation on create, update and delete.
#include <doctest/doctest.h>

#include "pkg/apiserver/api_test_fixture.h"

namespace k1s::apiserver {
namespace {

using testing::ApiFixture;

constexpr const char* kServices = "/api/v1/namespaces/default/services";

std::string Svc(const std::string& name, Json spec, Json meta = Json::object()) {
  meta["name"] = name;
  return Json{{"apiVersion", "v1"}, {"kind", "Service"}, {"metadata", meta}, {"spec", spec}}.dump();
}

Json Port(int port) { return Json::array({{{"port", port}}}); }

std::string Path(const std::string& name) { return std::string(kServices) + "/" + name; }

TEST_CASE("a ClusterIP Service gets a free IP from the service CIDR and its family fields") {
  ApiFixture f;
  auto created =
      f.Call("POST", kServices, Svc("web", {{"ports", Port(80)}, {"selector", {{"app", "web"}}}}));
  REQUIRE(created.status == 201);
  const Json spec = created.body["spec"];
  const std::string ip = spec.value("clusterIP", "");
  CHECK(ip.starts_with("10.43."));
  CHECK(!ip.starts_with("10.43.0."));  // the low band is kept for requested IPs
  CHECK(spec["clusterIPs"] == Json::array({ip}));
  CHECK(spec["ipFamilies"] == Json::array({"IPv4"}));
  CHECK(spec["ipFamilyPolicy"] == "SingleStack");
  CHECK(f.Call("GET", Path("web")).body["spec"]["clusterIP"] == ip);
  auto other = f.Call("POST", kServices, Svc("other", {{"ports", Port(80)}}));
  REQUIRE(other.status == 201);
  CHECK(other.body["spec"]["clusterIP"] != ip);
}

TEST_CASE("a requested cluster IP is honoured if free and in range, else 422 as Kubernetes says") {
  ApiFixture f;
  auto first = f.Call("POST", kServices,
                      Svc("kubernetes", {{"clusterIP", "10.43.0.1"}, {"ports", Port(443)}}));
  REQUIRE(first.status == 201);
  CHECK(first.body["spec"]["clusterIPs"] == Json::array({"10.43.0.1"}));
  auto taken =
      f.Call("POST", kServices, Svc("taken", {{"clusterIP", "10.43.0.1"}, {"ports", Port(80)}}));
  CHECK(taken.status == 422);
  CHECK(taken.body["reason"] == "Invalid");
  CHECK(taken.message() ==
        "Service \"taken\" is invalid: spec.clusterIPs: Invalid value: []string{\"10.43.0.1\"}: "
        "failed to "
        "allocate IP 10.43.0.1: provided IP is already allocated");
  CHECK(taken.body["details"]["causes"][0]["field"] == "spec.clusterIPs");
  CHECK(taken.body["details"]["kind"] == "Service");
  auto outside =
      f.Call("POST", kServices, Svc("outside", {{"clusterIP", "10.0.0.9"}, {"ports", Port(80)}}));
  CHECK(outside.status == 422);
  CHECK(outside.message() ==
        "Service \"outside\" is invalid: spec.clusterIPs: Invalid value: []string{\"10.0.0.9\"}: "
        "failed to "
        "allocate IP 10.0.0.9: the provided IP (10.0.0.9) is not in the valid range. The range of "
        "valid IPs "
        "is 10.43.0.0/16");
  auto bad =
      f.Call("POST", kServices, Svc("bad", {{"clusterIP", "10.43.0.300"}, {"ports", Port(80)}}));
  CHECK(bad.status == 422);
  CHECK(bad.message() ==
        "Service \"bad\" is invalid: spec.clusterIPs[0]: Invalid value: \"10.43.0.300\": must be a "
        "valid IP "
        "address, (e.g. 10.9.8.7 or 2001:db8::ffff)");
  // Nothing a refused create asked for stays allocated.
  CHECK(f.Call("POST", kServices, Svc("ok", {{"clusterIP", "10.0.0.9"}})).status == 422);
  CHECK(*f.store->Count("/registry/k1s/serviceips/") == 1);
}

TEST_CASE("headless and ExternalName Services allocate nothing") {
  ApiFixture f;
  auto headless =
      f.Call("POST", kServices,
             Svc("h", {{"clusterIP", "None"}, {"selector", {{"app", "h"}}}, {"ports", Port(80)}}));
  REQUIRE(headless.status == 201);
  CHECK(headless.body["spec"]["clusterIPs"] == Json::array({"None"}));
  CHECK(headless.body["spec"]["ipFamilies"] == Json::array({"IPv4"}));
  CHECK(headless.body["spec"]["ipFamilyPolicy"] == "SingleStack");
  // Kubernetes makes a headless Service without a selector dual-stack.
  auto bare = f.Call("POST", kServices, Svc("bare", {{"clusterIP", "None"}}));
  REQUIRE(bare.status == 201);
  CHECK(bare.body["spec"]["ipFamilyPolicy"] == "RequireDualStack");
  CHECK(bare.body["spec"]["ipFamilies"] == Json::array({"IPv4", "IPv6"}));
  auto external = f.Call("POST", kServices,
                         Svc("ext", {{"type", "ExternalName"}, {"externalName", "db.example"}}));
  REQUIRE(external.status == 201);
  CHECK(!external.body["spec"].contains("clusterIP"));
  CHECK(!external.body["spec"].contains("ipFamilies"));
  CHECK(!external.body["spec"].contains("internalTrafficPolicy"));
  CHECK(*f.store->Count("/registry/k1s/serviceips/") == 0);
  auto lb_headless =
      f.Call("POST", kServices,
             Svc("lbh", {{"type", "LoadBalancer"}, {"clusterIP", "None"}, {"ports", Port(80)}}));
  CHECK(lb_headless.status == 422);
  CHECK(lb_headless.message() ==
        "Service \"lbh\" is invalid: spec.clusterIPs[0]: Invalid value: \"None\": may "
        "not be set to 'None' for LoadBalancer services");
}

TEST_CASE("NodePort and LoadBalancer Services get node ports; a taken one is refused") {
  ApiFixture f;
  Json ports = {{{"name", "dns"}, {"port", 53}, {"protocol", "UDP"}},
                {{"name", "dns-tcp"}, {"port", 53}, {"protocol", "TCP"}},
                {{"name", "web"}, {"port", 80}, {"nodePort", 30080}}};
  auto np = f.Call("POST", kServices, Svc("np", {{"type", "NodePort"}, {"ports", ports}}));
  REQUIRE(np.status == 201);
  const Json& got = np.body["spec"]["ports"];
  const int dns = got[0].value("nodePort", 0);
  CHECK(dns >= 30000);
  CHECK(dns <= 32767);
  CHECK(got[1]["nodePort"] == dns);  // TCP and UDP 53 share one node port, as in Kubernetes
  CHECK(got[2]["nodePort"] == 30080);
  CHECK(np.body["spec"]["externalTrafficPolicy"] == "Cluster");

  auto again =
      f.Call("POST", kServices,
             Svc("np2", {{"type", "NodePort"}, {"ports", {{{"port", 80}, {"nodePort", 30080}}}}}));
  CHECK(again.status == 422);
  CHECK(again.message() ==
        "Service \"np2\" is invalid: spec.ports[0].nodePort: Invalid value: 30080: provided port "
        "is already "
        "allocated");
  auto low =
      f.Call("POST", kServices,
             Svc("low", {{"type", "NodePort"}, {"ports", {{{"port", 80}, {"nodePort", 80}}}}}));
  CHECK(low.message() ==
        "Service \"low\" is invalid: spec.ports[0].nodePort: Invalid value: 80: provided port is "
        "not in the "
        "valid range. The range of valid ports is 30000-32767");
  auto cluster =
      f.Call("POST", kServices, Svc("cip", {{"ports", {{{"port", 80}, {"nodePort", 30001}}}}}));
  CHECK(cluster.message() ==
        "Service \"cip\" is invalid: spec.ports[0].nodePort: Forbidden: may not be used when "
        "`type` is "
        "'ClusterIP'");

  auto lb = f.Call(
      "POST", kServices,
      Svc("lb",
          {{"type", "LoadBalancer"}, {"externalTrafficPolicy", "Local"}, {"ports", Port(443)}}));
  REQUIRE(lb.status == 201);
  CHECK(lb.body["spec"]["allocateLoadBalancerNodePorts"] == true);
  CHECK(lb.body["spec"]["ports"][0]["nodePort"].is_number_integer());
  CHECK(lb.body["spec"]["healthCheckNodePort"].is_number_integer());
  auto lb_no_ports = f.Call("POST", kServices,
                            Svc("lb2", {{"type", "LoadBalancer"},
                                        {"allocateLoadBalancerNodePorts", false},
                                        {"ports", Port(443)}}));
  REQUIRE(lb_no_ports.status == 201);
  CHECK(!lb_no_ports.body["spec"]["ports"][0].contains("nodePort"));
}

TEST_CASE("updates keep allocated values, refuse a new cluster IP and follow type changes") {
  ApiFixture f;
  const std::string yaml = Svc("web", {{"ports", Port(80)}});
  auto created = f.Call("POST", kServices, yaml);
  REQUIRE(created.status == 201);
  const std::string ip = created.body["spec"]["clusterIP"];
  // Re-submitting what it was created from keeps the allocated IP.
  auto replaced = f.Call("PUT", Path("web"), yaml);
  REQUIRE(replaced.status == 200);
  CHECK(replaced.body["spec"]["clusterIP"] == ip);
  CHECK(replaced.body["spec"]["clusterIPs"] == Json::array({ip}));

  Json changed = replaced.body;
  changed["spec"]["clusterIP"] = "10.43.200.200";
  auto moved = f.Call("PUT", Path("web"), changed.dump());
  CHECK(moved.status == 422);
  CHECK(moved.message() ==
        "Service \"web\" is invalid: spec.clusterIPs[0]: Invalid value: "
        "[]string{\"10.43.200.200\"}: may not "
        "change once set");
  auto headless =
      f.Call("PATCH", Path("web"), R"({"spec":{"clusterIP":"None","clusterIPs":["None"]}})",
             "application/merge-patch+json");
  CHECK(headless.status == 422);
  CHECK(headless.message().ends_with(
      "spec.clusterIPs[0]: Invalid value: []string{\"None\"}: may not change once set"));

  auto to_np = f.Call("PATCH", Path("web"), R"({"spec":{"type":"NodePort"}})",
                      "application/merge-patch+json");
  REQUIRE(to_np.status == 200);
  CHECK(to_np.body["spec"]["clusterIP"] == ip);
  const int node_port = to_np.body["spec"]["ports"][0].value("nodePort", 0);
  CHECK(node_port >= 30000);
  CHECK(*f.store->Count("/registry/k1s/servicenodeports/") == 1);
  auto to_cip = f.Call("PATCH", Path("web"), R"({"spec":{"type":"ClusterIP"}})",
                       "application/strategic-merge-patch+json");
  REQUIRE(to_cip.status == 200);
  CHECK(!to_cip.body["spec"]["ports"][0].contains("nodePort"));
  CHECK(!to_cip.body["spec"].contains("externalTrafficPolicy"));
  CHECK(*f.store->Count("/registry/k1s/servicenodeports/") == 0);
  auto reuse = f.Call(
      "POST", kServices,
      Svc("reuse", {{"type", "NodePort"}, {"ports", {{{"port", 80}, {"nodePort", node_port}}}}}));
  CHECK(reuse.status == 201);

  auto to_ext =
      f.Call("PATCH", Path("web"), R"({"spec":{"type":"ExternalName","externalName":"x.example"}})",
             "application/merge-patch+json");
  REQUIRE(to_ext.status == 200);
  CHECK(!to_ext.body["spec"].contains("clusterIP"));
  CHECK(f.Call("POST", kServices, Svc("takeip", {{"clusterIP", ip}})).status == 201);
  auto back = f.Call("PATCH", Path("web"), R"({"spec":{"type":"ClusterIP","externalName":null}})",
                     "application/merge-patch+json");
  REQUIRE(back.status == 200);
  CHECK(back.body["spec"]["clusterIP"].is_string());
  CHECK(back.body["spec"]["clusterIP"] != ip);
}

TEST_CASE("deleting a Service releases its IP and node ports, but only once it is gone") {
  ApiFixture f;
  auto created = f.Call("POST", kServices,
                        Svc("held",
                            {{"type", "NodePort"},
                             {"clusterIP", "10.43.1.1"},
                             {"ports", {{{"port", 80}, {"nodePort", 30111}}}}},
                            {{"finalizers", {"example.com/hold"}}}));
  REQUIRE(created.status == 201);
  REQUIRE(f.Call("DELETE", Path("held")).status == 200);
  CHECK(f.Call("POST", kServices, Svc("want", {{"clusterIP", "10.43.1.1"}})).status == 422);
  REQUIRE(f.Call("PATCH", Path("held"), R"({"metadata":{"finalizers":null}})",
                 "application/merge-patch+json")
              .status == 200);
  CHECK(f.Call("GET", Path("held")).status == 404);
  CHECK(f.Call("POST", kServices, Svc("want", {{"clusterIP", "10.43.1.1"}})).status == 201);
  CHECK(
      f.Call("POST", kServices,
             Svc("port", {{"type", "NodePort"}, {"ports", {{{"port", 80}, {"nodePort", 30111}}}}}))
          .status == 201);
  REQUIRE(f.Call("DELETE", Path("want")).status == 200);
  CHECK(f.Call("POST", kServices, Svc("again", {{"clusterIP", "10.43.1.1"}})).status == 201);
}

TEST_CASE("allocations survive a restart of the API server") {
  ApiFixture f;
  REQUIRE(f.Call("POST", kServices, Svc("a", {{"clusterIP", "10.43.2.2"}})).status == 201);
  f.Restart();
  CHECK(f.Call("POST", kServices, Svc("b", {{"clusterIP", "10.43.2.2"}})).status == 422);
  auto c = f.Call("POST", kServices, Svc("c", {{"ports", Port(80)}}));
  REQUIRE(c.status == 201);
  CHECK(c.body["spec"]["clusterIP"] != "10.43.2.2");
}

TEST_CASE("a dry-run create shows an IP but holds nothing") {
  ApiFixture f;
  auto dry = f.Call("POST", std::string(kServices) + "?dryRun=All",
                    Svc("d", {{"clusterIP", "10.43.3.3"}}));
  REQUIRE(dry.status == 201);
  CHECK(dry.body["spec"]["clusterIP"] == "10.43.3.3");
  auto dry_any =
      f.Call("POST", std::string(kServices) + "?dryRun=All", Svc("e", {{"ports", Port(80)}}));
  REQUIRE(dry_any.status == 201);
  CHECK(dry_any.body["spec"]["clusterIP"].is_string());
  CHECK(*f.store->Count("/registry/k1s/serviceips/") == 0);
  CHECK(f.Call("POST", kServices, Svc("d", {{"clusterIP", "10.43.3.3"}})).status == 201);
}

TEST_CASE("bad Service input is a clean error, never a crash") {
  ApiFixture f;
  auto not_object = f.Call("POST", kServices, R"({"metadata":{"name":"x"},"spec":"nope"})");
  CHECK(not_object.status == 400);
  CHECK(not_object.message() ==
        "Service in version \"v1\" cannot be handled as a Service: json: cannot unmarshal string "
        "into Go "
        "struct field Service.spec of type v1.ServiceSpec");
  CHECK(f.Call("POST", kServices, Svc("x", {{"clusterIP", 5}})).status == 400);
  CHECK(f.Call("POST", kServices, Svc("x", {{"clusterIPs", {1}}})).status == 400);
  CHECK(f.Call("POST", kServices,
               Svc("x", {{"type", "NodePort"}, {"ports", {{{"port", 80}, {"nodePort", "x"}}}}}))
            .status == 400);
  CHECK(f.Call("POST", kServices, Svc("x", {{"ports", {{{"port", 80}, {"nodePort", 1e12}}}}}))
            .status == 400);
  CHECK(f.Call("POST", kServices, Svc("x", {{"ports", "80"}})).status == 400);
  auto weird = f.Call("POST", kServices, Svc("x", {{"type", "Weird"}}));
  CHECK(weird.status == 422);
  CHECK(weird.message() ==
        "Service \"x\" is invalid: spec.type: Unsupported value: \"Weird\": supported values: "
        "\"ClusterIP\", "
        "\"ExternalName\", \"LoadBalancer\", \"NodePort\"");
  CHECK(f.Call("POST", kServices, Svc("x", {{"ipFamilyPolicy", "Bogus"}})).status == 422);
  CHECK(f.Call("POST", kServices, Svc("x", {{"ipFamilyPolicy", "RequireDualStack"}})).status ==
        422);
  CHECK(f.Call("POST", kServices, Svc("x", {{"clusterIP", "fd00::1"}})).status == 422);
  CHECK(f.Call("POST", kServices,
               Svc("x", {{"clusterIP", "10.43.0.5"}, {"clusterIPs", {"10.43.0.6"}}}))
            .status == 422);
  CHECK(f.Call("POST", kServices, Svc("x", {{"type", "ExternalName"}})).status == 422);
  CHECK(*f.store->Count("/registry/k1s/serviceips/") == 0);
  CHECK(f.Call("POST", kServices, Svc("x", {{"ports", Port(80)}})).status == 201);
}

}  // namespace
}  // namespace k1s::apiserver
