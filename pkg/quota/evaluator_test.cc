#include <doctest/doctest.h>

#include "pkg/quota/check.h"
#include "pkg/quota/evaluator.h"

namespace k1s::quota {
namespace {

const Evaluator kPods(GroupResource{"", "pods"});
const TimePoint kNow = std::chrono::system_clock::now();

Json Container(const std::string& name, Json requests, Json limits = Json::object()) {
  return {{"name", name}, {"image", "nginx"}, {"resources", {{"requests", requests}, {"limits", limits}}}};
}

Json Pod(const std::string& name, Json containers, Json init = Json::array()) {
  Json pod{{"metadata", {{"name", name}, {"namespace", "q"}}}, {"spec", {{"containers", containers}}}};
  if (!init.empty()) pod["spec"]["initContainers"] = init;
  return pod;
}

Json Quota(const std::string& name, Json hard, Json used = nullptr) {
  Json q{{"metadata", {{"name", name}, {"namespace", "q"}, {"resourceVersion", "7"}}}, {"spec", {{"hard", hard}}}};
  if (!used.is_null()) q["status"] = {{"hard", hard}, {"used", used}};
  return q;
}

TEST_CASE("quota resource names and the kinds they count") {
  auto tracked = [](std::string_view name) {
    auto gr = TrackedGroupResource(name);
    return gr ? gr->ToString() : "-";
  };
  CHECK(tracked("pods") == "pods");
  CHECK(tracked("requests.cpu") == "pods");
  CHECK(tracked("memory") == "pods");
  CHECK(tracked("count/pods") == "pods");
  CHECK(tracked("hugepages-2Mi") == "pods");
  CHECK(tracked("requests.nvidia.com/gpu") == "pods");
  CHECK(tracked("services.nodeports") == "services");
  CHECK(tracked("requests.storage") == "persistentvolumeclaims");
  CHECK(tracked("gold.storageclass.storage.k8s.io/requests.storage") == "persistentvolumeclaims");
  CHECK(tracked("configmaps") == "configmaps");
  CHECK(tracked("count/secrets") == "secrets");
  CHECK(tracked("count/deployments.apps") == "deployments.apps");
  CHECK(tracked("count/widgets.example.com") == "widgets.example.com");
  CHECK(tracked("count/events") == "-");  // events are never counted
  CHECK(tracked("requests.kubernetes.io/foo") == "-");
  CHECK(tracked("bananas") == "-");
}

TEST_CASE("pod usage: containers add up, init containers take the max, sidecars add") {
  Json pod = Pod("web",
                 {Container("a", {{"cpu", "250m"}, {"memory", "64Mi"}}, {{"cpu", "500m"}}),
                  Container("b", {{"cpu", "250m"}, {"memory", "128Mi"}}, {{"cpu", "500m"}, {"memory", "1Gi"}})});
  CHECK(PrettyPrint(kPods.Usage(pod, kNow)) ==
        "count/pods=1,cpu=500m,limits.cpu=1,limits.memory=1Gi,memory=192Mi,pods=1,requests.cpu=500m,"
        "requests.memory=192Mi");

  Json init = Pod("w", {Container("c", {{"cpu", "250m"}})}, {Container("setup", {{"cpu", "2"}})});
  CHECK(kPods.Usage(init, kNow).at("requests.cpu").String() == "2");
  Json sidecar = Container("log", {{"cpu", "100m"}});
  sidecar["restartPolicy"] = "Always";
  Json with_sidecar = Pod("w", {Container("c", {{"cpu", "250m"}})}, {sidecar});
  CHECK(kPods.Usage(with_sidecar, kNow).at("requests.cpu").String() == "350m");

  Json done = pod;
  done["status"]["phase"] = "Succeeded";
  CHECK(PrettyPrint(kPods.Usage(done, kNow)) == "count/pods=1");
  Json stuck = pod;
  stuck["metadata"]["deletionTimestamp"] = "2020-01-01T00:00:00Z";
  stuck["metadata"]["deletionGracePeriodSeconds"] = 30;
  CHECK_FALSE(IsPodCharged(stuck, kNow));
  CHECK(IsPodCharged(pod, kNow));
}

TEST_CASE("pod scopes") {
  Json best_effort = Pod("be", {Container("c", Json::object())});
  Json burstable = Pod("b", {Container("c", {{"cpu", "100m"}})});
  Json terminating = burstable;
  terminating["spec"]["activeDeadlineSeconds"] = 60;
  CHECK(kPods.MatchesScope({"BestEffort", "Exists", {}}, best_effort));
  CHECK_FALSE(kPods.MatchesScope({"BestEffort", "Exists", {}}, burstable));
  CHECK(kPods.MatchesScope({"NotBestEffort", "Exists", {}}, burstable));
  CHECK(kPods.MatchesScope({"Terminating", "Exists", {}}, terminating));
  CHECK(kPods.MatchesScope({"NotTerminating", "Exists", {}}, burstable));
  Json high = burstable;
  high["spec"]["priorityClassName"] = "high";
  CHECK(kPods.MatchesScope({"PriorityClass", "In", {"high", "medium"}}, high));
  CHECK_FALSE(kPods.MatchesScope({"PriorityClass", "In", {"low"}}, high));
  CHECK(kPods.MatchesScope({"PriorityClass", "NotIn", {"low"}}, burstable));
  CHECK(kPods.MatchesScope({"PriorityClass", "DoesNotExist", {}}, burstable));
  CHECK_FALSE(Evaluator({"", "services"}).MatchesScope({"BestEffort", "Exists", {}}, best_effort));

  // A BestEffort quota counts only best-effort pods.
  Json quota = Quota("be", {{"pods", "5"}}, {{"pods", "0"}});
  quota["spec"]["scopes"] = {"BestEffort"};
  CHECK(Matches(quota, kPods, best_effort));
  CHECK_FALSE(Matches(quota, kPods, burstable));
  CHECK(PrettyPrint(kPods.UsageStats({"pods"}, QuotaScopes(quota), {&best_effort, &burstable}, kNow)) == "pods=1");
}

TEST_CASE("services, claims and plain object counts") {
  Json svc{{"spec", {{"type", "NodePort"}, {"ports", {{{"port", 80}}, {{"port", 443}}}}}}};
  CHECK(PrettyPrint(Evaluator({"", "services"}).Usage(svc, kNow)) ==
        "count/services=1,services=1,services.loadbalancers=0,services.nodeports=2");
  svc["spec"]["type"] = "LoadBalancer";
  CHECK(Evaluator({"", "services"}).Usage(svc, kNow).at("services.loadbalancers").String() == "1");

  Json pvc{{"spec", {{"storageClassName", "gold"}, {"resources", {{"requests", {{"storage", "1.5Gi"}}}}}}}};
  CHECK(PrettyPrint(Evaluator({"", "persistentvolumeclaims"}).Usage(pvc, kNow)) ==
        "count/persistentvolumeclaims=1,gold.storageclass.storage.k8s.io/persistentvolumeclaims=1,"
        "gold.storageclass.storage.k8s.io/requests.storage=1536Mi,persistentvolumeclaims=1,requests.storage=1536Mi");

  CHECK(PrettyPrint(Evaluator({"", "configmaps"}).Usage(Json::object(), kNow)) == "configmaps=1,count/configmaps=1");
  CHECK(PrettyPrint(Evaluator({"apps", "deployments"}).Usage(Json::object(), kNow)) == "count/deployments.apps=1");
}

TEST_CASE("admission: Kubernetes' refusals, word for word") {
  const Json pod = Pod("web", {Container("web", {{"cpu", "2"}}, {{"cpu", "2"}})});

  SUBCASE("over the limit") {
    std::vector<Json> quotas = {Quota("compute", {{"requests.cpu", "2"}}, {{"requests.cpu", "1"}})};
    CheckOutcome out = CheckRequest(quotas, kPods, pod, nullptr, kNow);
    CHECK(out.refusal == "exceeded quota: compute, requested: requests.cpu=2, used: requests.cpu=1, "
                         "limited: requests.cpu=2");
    CHECK(out.charges.empty());
  }
  SUBCASE("the last slot, then none") {
    std::vector<Json> quotas = {Quota("pods", {{"pods", "2"}}, {{"pods", "1"}})};
    CheckOutcome out = CheckRequest(quotas, kPods, pod, nullptr, kNow);
    CHECK(out.refusal.empty());
    REQUIRE(out.charges.size() == 1);
    CHECK(PrettyPrint(out.charges[0].used) == "pods=2");
    quotas[0]["status"]["used"]["pods"] = "2";
    CHECK(CheckRequest(quotas, kPods, pod, nullptr, kNow).refusal ==
          "exceeded quota: pods, requested: pods=1, used: pods=2, limited: pods=2");
  }
  SUBCASE("several resources over, sorted") {
    std::vector<Json> quotas = {Quota("compute", {{"limits.cpu", "1"}, {"requests.cpu", "1"}, {"pods", "9"}},
                                      {{"limits.cpu", "0"}, {"requests.cpu", "500m"}, {"pods", "1"}})};
    CHECK(CheckRequest(quotas, kPods, pod, nullptr, kNow).refusal ==
          "exceeded quota: compute, requested: limits.cpu=2,requests.cpu=2, used: limits.cpu=0,requests.cpu=500m, "
          "limited: limits.cpu=1,requests.cpu=1");
  }
  SUBCASE("containers must say what a compute quota limits") {
    std::vector<Json> quotas = {Quota("compute", {{"limits.cpu", "4"}, {"limits.memory", "4Gi"}},
                                      {{"limits.cpu", "0"}, {"limits.memory", "0"}})};
    const Json bare = Pod("web", {Container("web", Json::object())});
    CHECK(CheckRequest(quotas, kPods, bare, nullptr, kNow).refusal ==
          "failed quota: compute: must specify limits.cpu for: web; limits.memory for: web");
    const Json two = Pod("web", {Container("b", Json::object()), Container("a", Json::object(), {{"cpu", "1"}})});
    CHECK(CheckRequest(quotas, kPods, two, nullptr, kNow).refusal ==
          "failed quota: compute: must specify limits.cpu for: b; limits.memory for: a,b");
  }
  SUBCASE("a quota not yet counted") {
    // No status at all: it applies to nothing yet.
    CHECK(CheckRequest({Quota("fresh", {{"pods", "1"}})}, kPods, pod, nullptr, kNow).refusal.empty());
    // Limits known, usage not: refused.
    Json half = Quota("half", {{"pods", "1"}, {"requests.cpu", "4"}}, {{"pods", "0"}});
    CHECK(CheckRequest({half}, kPods, pod, nullptr, kNow).refusal ==
          "status unknown for quota: half, resources: pods,requests.cpu");
  }
  SUBCASE("other kinds") {
    std::vector<Json> quotas = {
        Quota("objects", {{"count/deployments.apps", "1"}, {"configmaps", "3"}},
              {{"count/deployments.apps", "1"}, {"configmaps", "0"}})};
    CHECK(CheckRequest(quotas, Evaluator({"apps", "deployments"}), Json::object(), nullptr, kNow).refusal ==
          "exceeded quota: objects, requested: count/deployments.apps=1, used: count/deployments.apps=1, "
          "limited: count/deployments.apps=1");
    CheckOutcome cm = CheckRequest(quotas, Evaluator({"", "configmaps"}), Json::object(), nullptr, kNow);
    REQUIRE(cm.charges.size() == 1);
    CHECK(PrettyPrint(cm.charges[0].used) == "configmaps=1,count/deployments.apps=1");
    CHECK(CheckRequest(quotas, Evaluator({"", "secrets"}), Json::object(), nullptr, kNow).charges.empty());
  }
  SUBCASE("a service update is charged only what it adds") {
    std::vector<Json> quotas = {Quota("svc", {{"services.nodeports", "1"}, {"services", "5"}},
                                      {{"services.nodeports", "0"}, {"services", "1"}})};
    Json old{{"metadata", {{"name", "s"}, {"resourceVersion", "3"}}},
             {"spec", {{"type", "ClusterIP"}, {"ports", {{{"port", 80}}}}}}};
    Json now = old;
    now["spec"]["type"] = "NodePort";
    CheckOutcome out = CheckRequest(quotas, Evaluator({"", "services"}), now, &old, kNow);
    REQUIRE(out.charges.size() == 1);
    CHECK(PrettyPrint(out.charges[0].used) == "services=1,services.nodeports=1");
    now["spec"]["ports"].push_back({{"port", 81}});
    CHECK(CheckRequest(quotas, Evaluator({"", "services"}), now, &old, kNow).refusal ==
          "exceeded quota: svc, requested: services.nodeports=2, used: services.nodeports=0, "
          "limited: services.nodeports=1");
  }
}

}  // namespace
}  // namespace k1s::quota
