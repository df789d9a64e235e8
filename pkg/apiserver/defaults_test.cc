#include <doctest/doctest.h>

#include "pkg/api/registry.h"
#include "pkg/apiserver/defaults.h"

namespace k1s::apiserver {
namespace {

using Json = nlohmann::json;

TEST_CASE("pods get kube-apiserver's defaults and start Pending with a QoS class") {
  auto registry = api::Registry::WithBuiltins();
  auto pods = registry->Find("", "v1", "pods");
  Json pod = Json::parse(R"({"spec":{"containers":[
      {"name":"a","image":"busybox","ports":[{"containerPort":80}]},
      {"name":"b","image":"nginx:1.25","resources":{"limits":{"cpu":"1","memory":"1Gi"}}}]}})");
  ApplyDefaults(*pods, pod);
  const Json& spec = pod["spec"];
  CHECK(spec["restartPolicy"] == "Always");
  CHECK(spec["dnsPolicy"] == "ClusterFirst");
  CHECK(spec["terminationGracePeriodSeconds"] == 30);
  CHECK(spec["schedulerName"] == "default-scheduler");
  CHECK(spec["containers"][0]["imagePullPolicy"] == "Always");
  CHECK(spec["containers"][1]["imagePullPolicy"] == "IfNotPresent");
  CHECK(spec["containers"][0]["ports"][0]["protocol"] == "TCP");
  CHECK(spec["containers"][0]["terminationMessagePath"] == "/dev/termination-log");
  Json status = InitialStatus(*pods, pod);
  CHECK(status["phase"] == "Pending");
  CHECK(status["qosClass"] == "Burstable");
}

TEST_CASE("workloads get their strategy defaults; explicit values stay") {
  auto registry = api::Registry::WithBuiltins();
  Json deploy = Json::parse(R"({"spec":{"replicas":0,"template":{"spec":{"containers":[{"name":"c","image":"x:1"}]}}}})");
  ApplyDefaults(*registry->Find("apps", "v1", "deployments"), deploy);
  CHECK(deploy["spec"]["replicas"] == 0);
  CHECK(deploy["spec"]["strategy"]["type"] == "RollingUpdate");
  CHECK(deploy["spec"]["strategy"]["rollingUpdate"]["maxSurge"] == "25%");
  CHECK(deploy["spec"]["revisionHistoryLimit"] == 10);
  CHECK(deploy["spec"]["progressDeadlineSeconds"] == 600);
  CHECK(deploy["spec"]["template"]["spec"]["restartPolicy"] == "Always");

  Json sts = Json::parse(R"({"spec":{}})");
  ApplyDefaults(*registry->Find("apps", "v1", "statefulsets"), sts);
  CHECK(sts["spec"]["updateStrategy"]["type"] == "RollingUpdate");
  CHECK(sts["spec"]["podManagementPolicy"] == "OrderedReady");

  Json svc = Json::parse(R"({"spec":{"ports":[{"port":80}]}})");
  ApplyDefaults(*registry->Find("", "v1", "services"), svc);
  CHECK(svc["spec"]["type"] == "ClusterIP");
  CHECK(svc["spec"]["ports"][0]["targetPort"] == 80);
  CHECK(svc["spec"]["ports"][0]["protocol"] == "TCP");

  Json job = Json::parse(R"({"spec":{}})");
  ApplyDefaults(*registry->Find("batch", "v1", "jobs"), job);
  CHECK(job["spec"]["completions"] == 1);
  CHECK(job["spec"]["backoffLimit"] == 6);
}

}  // namespace
}  // namespace k1s::apiserver
