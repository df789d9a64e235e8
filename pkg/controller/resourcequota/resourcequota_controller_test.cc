#include "pkg/controller/resourcequota/resourcequota_controller.h"

#include <doctest/doctest.h>

#include <atomic>
#include <thread>

#include "pkg/controller/common/housekeeping_harness.h"

namespace k1s::controller {
namespace {

using client::Json;
using namespace std::chrono_literals;
using testing::HousekeepingHarness;
namespace res = client::resources;

Json Quota(const std::string& name, const Json& hard) {
  return {{"apiVersion", "v1"}, {"kind", "ResourceQuota"}, {"metadata", {{"name", name}}}, {"spec", {{"hard", hard}}}};
}

Json Pod(const std::string& name, const Json& requests = Json::object(), const Json& limits = Json::object()) {
  Json resources = Json::object();
  if (!requests.empty()) resources["requests"] = requests;
  if (!limits.empty()) resources["limits"] = limits;
  return {{"apiVersion", "v1"},
          {"kind", "Pod"},
          {"metadata", {{"name", name}}},
          {"spec", {{"containers", {{{"name", name}, {"image", "nginx"}, {"resources", resources}}}}}}};
}

// status.used[name] of the quota, "" when it is not there.
std::string Used(HousekeepingHarness& h, const std::string& ns, const std::string& quota, const std::string& name) {
  Json q = h.Get(res::kResourceQuotas, ns, quota);
  if (!q.is_object() || !q.contains("status") || !q["status"].contains("used")) return "";
  return q["status"]["used"].value(name, "");
}

bool UsedBecomes(HousekeepingHarness& h, const std::string& ns, const std::string& quota, const std::string& name,
                 const std::string& want) {
  return HousekeepingHarness::Eventually([&] { return Used(h, ns, quota, name) == want; });
}

void CreateNamespace(HousekeepingHarness& h, const std::string& ns) {
  REQUIRE(h.api().Create(res::kNamespaces, "", Json{{"metadata", {{"name", ns}}}}).ok());
}

TEST_CASE("status follows spec; creates are charged by admission, deletes freed by the controller") {
  HousekeepingHarness h;
  h.cluster().server().EnableAdmission();
  CreateNamespace(h, "q");
  REQUIRE(h.api().Create(res::kResourceQuotas, "q", Quota("pods", {{"pods", "2"}, {"requests.cpu", "1000m"}})).ok());
  h.Start(StartResourceQuotaController);
  REQUIRE(UsedBecomes(h, "q", "pods", "pods", "0"));
  Json q = h.Get(res::kResourceQuotas, "q", "pods");
  CHECK(q["status"]["hard"] == Json{{"pods", "2"}, {"requests.cpu", "1"}});
  CHECK(q["status"]["used"] == Json{{"pods", "0"}, {"requests.cpu", "0"}});

  REQUIRE(h.api().Create(res::kPods, "q", Pod("a", {{"cpu", "250m"}})).ok());
  // Charged before the pod was stored: no waiting for the controller.
  CHECK(Used(h, "q", "pods", "pods") == "1");
  CHECK(Used(h, "q", "pods", "requests.cpu") == "250m");
  REQUIRE(h.api().Create(res::kPods, "q", Pod("b", {{"cpu", "250m"}})).ok());
  auto third = h.api().Create(res::kPods, "q", Pod("c", {{"cpu", "250m"}}));
  REQUIRE_FALSE(third.ok());
  CHECK(third.status().code() == StatusCode::kForbidden);
  CHECK(third.status().message() ==
        "pods \"c\" is forbidden: exceeded quota: pods, requested: pods=1, used: pods=2, limited: pods=2");
  CHECK(Used(h, "q", "pods", "requests.cpu") == "500m");

  REQUIRE(h.api().Delete(res::kPods, "q", "a").ok());
  CHECK(UsedBecomes(h, "q", "pods", "pods", "1"));
  CHECK(Used(h, "q", "pods", "requests.cpu") == "250m");
  CHECK(h.api().Create(res::kPods, "q", Pod("c", {{"cpu", "250m"}})).ok());

  // A new spec is taken up at once.
  Json spec_change = h.Get(res::kResourceQuotas, "q", "pods");
  spec_change["spec"]["hard"]["pods"] = "3";
  REQUIRE(h.api().Update(res::kResourceQuotas, "q", spec_change).ok());
  CHECK(HousekeepingHarness::Eventually(
      [&] { return h.Get(res::kResourceQuotas, "q", "pods")["status"]["hard"].value("pods", "") == "3"; }));
  CHECK(h.api().Create(res::kPods, "q", Pod("d", {{"cpu", "250m"}})).ok());
  CHECK(Used(h, "q", "pods", "requests.cpu") == "750m");
}

TEST_CASE("finished pods free their compute usage; count/pods still counts them") {
  HousekeepingHarness h;
  h.cluster().server().EnableAdmission();
  CreateNamespace(h, "q");
  REQUIRE(h.api().Create(res::kResourceQuotas, "q",
                         Quota("compute", {{"pods", "5"}, {"count/pods", "5"}, {"requests.memory", "1Gi"},
                                           {"limits.memory", "2Gi"}}))
              .ok());
  h.Start(StartResourceQuotaController);
  REQUIRE(UsedBecomes(h, "q", "compute", "pods", "0"));

  REQUIRE(h.api().Create(res::kPods, "q", Pod("job", {{"memory", "512Mi"}}, {{"memory", "512Mi"}})).ok());
  CHECK(Used(h, "q", "compute", "requests.memory") == "512Mi");
  CHECK(Used(h, "q", "compute", "limits.memory") == "512Mi");
  auto bare = h.api().Create(res::kPods, "q", Pod("bare"));
  REQUIRE_FALSE(bare.ok());
  CHECK(bare.status().message() ==
        "pods \"bare\" is forbidden: failed quota: compute: must specify limits.memory for: bare; "
        "requests.memory for: bare");
  auto big = h.api().Create(res::kPods, "q", Pod("big", {{"memory", "1Gi"}}, {{"memory", "1Gi"}}));
  REQUIRE_FALSE(big.ok());
  CHECK(big.status().message() ==
        "pods \"big\" is forbidden: exceeded quota: compute, requested: requests.memory=1Gi, "
        "used: requests.memory=512Mi, limited: requests.memory=1Gi");

  Json pod = h.Get(res::kPods, "q", "job");
  pod["status"]["phase"] = "Succeeded";
  REQUIRE(h.api().Update(res::kPods, "q", pod, "status").ok());
  CHECK(UsedBecomes(h, "q", "compute", "requests.memory", "0"));
  CHECK(Used(h, "q", "compute", "pods") == "0");
  CHECK(Used(h, "q", "compute", "count/pods") == "1");
  CHECK(h.api().Create(res::kPods, "q", Pod("big", {{"memory", "1Gi"}}, {{"memory", "1Gi"}})).ok());
}

TEST_CASE("scopes: a BestEffort quota counts only pods that ask for nothing") {
  HousekeepingHarness h;
  CreateNamespace(h, "q");
  Json quota = Quota("be", {{"pods", "1"}});
  quota["spec"]["scopes"] = {"BestEffort"};
  REQUIRE(h.api().Create(res::kResourceQuotas, "q", quota).ok());
  REQUIRE(h.api().Create(res::kPods, "q", Pod("sized", {{"cpu", "100m"}})).ok());
  REQUIRE(h.api().Create(res::kPods, "q", Pod("free")).ok());
  h.Start(StartResourceQuotaController);
  CHECK(UsedBecomes(h, "q", "be", "pods", "1"));
}

TEST_CASE("without admission creates are still counted, and deletes freed") {
  HousekeepingHarness h;  // admission off: nothing is charged up front
  CreateNamespace(h, "q");
  REQUIRE(h.api().Create(res::kResourceQuotas, "q", Quota("objects", {{"configmaps", "10"}, {"secrets", "10"}})).ok());
  h.Start(StartResourceQuotaController);
  REQUIRE(UsedBecomes(h, "q", "objects", "configmaps", "0"));
  for (const char* name : {"a", "b", "c"}) {
    REQUIRE(h.api().Create(res::kConfigMaps, "q", Json{{"metadata", {{"name", name}}}}).ok());
  }
  CHECK(UsedBecomes(h, "q", "objects", "configmaps", "3"));
  REQUIRE(h.api().Delete(res::kConfigMaps, "q", "b").ok());
  CHECK(UsedBecomes(h, "q", "objects", "configmaps", "2"));
  CHECK(Used(h, "q", "objects", "secrets") == "0");
}

TEST_CASE("count/<resource>.<group> counts any served kind") {
  HousekeepingHarness h;
  h.cluster().server().EnableAdmission();
  CreateNamespace(h, "q");
  Json deploy{{"apiVersion", "apps/v1"},
              {"kind", "Deployment"},
              {"metadata", {{"name", "d1"}}},
              {"spec",
               {{"selector", {{"matchLabels", {{"app", "d"}}}}},
                {"template",
                 {{"metadata", {{"labels", {{"app", "d"}}}}},
                  {"spec", {{"containers", {{{"name", "c"}, {"image", "nginx"}}}}}}}}}}};
  REQUIRE(h.api().Create(res::kDeployments, "q", deploy).ok());
  REQUIRE(h.api()
              .Create(res::kResourceQuotas, "q",
                      Quota("objects", {{"count/deployments.apps", "1"}, {"count/widgets.example.com", "1"}}))
              .ok());
  h.Start(StartResourceQuotaController);
  REQUIRE(UsedBecomes(h, "q", "objects", "count/deployments.apps", "1"));
  // A kind the API does not serve is not counted.
  CHECK(Used(h, "q", "objects", "count/widgets.example.com") == "");
  deploy["metadata"]["name"] = "d2";
  auto second = h.api().Create(res::kDeployments, "q", deploy);
  REQUIRE_FALSE(second.ok());
  CHECK(second.status().message() ==
        "deployments.apps \"d2\" is forbidden: exceeded quota: objects, requested: count/deployments.apps=1, "
        "used: count/deployments.apps=1, limited: count/deployments.apps=1");
}

TEST_CASE("a kind counted for the first time is counted once its cache lists, with the clock held still") {
  // Its informer starts in the first sync and has not listed yet: the wait
  // for it is in real time, so a clock nobody advances does not park it.
  FakeClock clock;
  HousekeepingHarness h(&clock);
  // No ConfigMap exists, so no add event comes to queue the quota again.
  CreateNamespace(h, "q");
  REQUIRE(h.api().Create(res::kResourceQuotas, "q", Quota("objects", {{"count/configmaps", "5"}})).ok());
  h.Start(StartResourceQuotaController);
  CHECK(UsedBecomes(h, "q", "objects", "count/configmaps", "0"));
}

TEST_CASE("concurrent creates never take more than the last slot") {
  HousekeepingHarness h;
  h.cluster().server().EnableAdmission();
  CreateNamespace(h, "q");
  REQUIRE(h.api().Create(res::kResourceQuotas, "q", Quota("pods", {{"pods", "5"}})).ok());
  h.Start(StartResourceQuotaController);
  REQUIRE(UsedBecomes(h, "q", "pods", "pods", "0"));
  std::atomic<int> created{0};
  std::atomic<int> refused{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 5; ++i) {
        auto r = h.api().Create(res::kPods, "q", Pod("p" + std::to_string(t) + "-" + std::to_string(i)));
        if (r.ok()) {
          ++created;
        } else if (r.status().code() == StatusCode::kForbidden) {
          ++refused;
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  CHECK(created == 5);
  CHECK(refused == 15);
  CHECK(Used(h, "q", "pods", "pods") == "5");
}

TEST_CASE("a drifted usage is corrected by the periodic recount") {
  FakeClock clock;
  HousekeepingHarness h(&clock);
  CreateNamespace(h, "q");
  REQUIRE(h.api().Create(res::kResourceQuotas, "q", Quota("pods", {{"pods", "9"}})).ok());
  REQUIRE(h.api().Create(res::kPods, "q", Pod("a")).ok());
  h.Start(StartResourceQuotaController);
  REQUIRE(h.AdvanceUntil(1s, 10s, [&] { return Used(h, "q", "pods", "pods") == "1"; }));
  // A charge whose create then failed: status says more than there is.
  Json q = h.Get(res::kResourceQuotas, "q", "pods");
  q["status"]["used"]["pods"] = "4";
  REQUIRE(h.api().Update(res::kResourceQuotas, "q", q, "status").ok());
  h.AdvanceUntil(10s, 60s, [] { return false; });
  CHECK(Used(h, "q", "pods", "pods") == "4");
  CHECK(h.AdvanceUntil(30s, 10min, [&] { return Used(h, "q", "pods", "pods") == "1"; }));
}

}  // namespace
}  // namespace k1s::controller
