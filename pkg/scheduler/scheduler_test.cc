// The scheduler end to end against a real in-process API server: nodes and
// pods created through the API, placements and messages read back from it.
#include <doctest/doctest.h>

#include <fstream>

#include "pkg/client/testing/test_cluster.h"
#include "pkg/scheduler/scheduler.h"
#include "pkg/scheduler/test_support.h"
#include "pkg/util/json_fields.h"
#include "pkg/util/temp_dir.h"

namespace k1s::scheduler {
namespace {

using client::Json;
using client::resources::kNodes;
using client::resources::kPods;
using namespace testing;

struct Fixture {
  explicit Fixture(SchedulerOptions options = {}) {
    auto s = Scheduler::Start(options, cluster.admin(), cluster.informers(), clock, Logger());
    REQUIRE(s.ok());
    scheduler = std::move(*s);
  }
  ~Fixture() { scheduler->Stop(); }

  // The API server keeps no status given at create (unlike kube-apiserver
  // for nodes), so the status follows through nodes/status, as KWOK does.
  // It returns once the shared cache holds the status: a pod tried before
  // then would rightly be judged against a node with nothing allocatable.
  void AddNode(const Json& node) {
    const std::string name = node["metadata"]["name"].get<std::string>();
    REQUIRE(cluster.admin().Create(kNodes, "", node).ok());
    auto patched = cluster.admin().Patch(kNodes, "", name, client::PatchType::kMergePatch,
                                         Json{{"status", node["status"]}}, "status");
    REQUIRE(patched.ok());
    auto version = [](const Json& o) { return std::stoll("0" + JsonString(JsonField(o, "metadata"), "resourceVersion")); };
    const long long written = version(*patched);
    REQUIRE(Eventually([&] {
      client::ObjectPtr cached = cluster.informers().For(kNodes).Get(name);
      return cached != nullptr && version(*cached) >= written;
    }));
  }
  void AddPod(const Json& pod) { REQUIRE(cluster.admin().Create(kPods, "default", pod).ok()); }
  std::string NodeOf(const std::string& pod) {
    auto p = cluster.admin().Get(kPods, "default", pod);
    return p.ok() ? (*p)["spec"].value("nodeName", "") : "";
  }
  // Waits for the pod to be bound and returns the node.
  std::string WaitBound(const std::string& pod) {
    std::string node;
    Eventually([&] { return !(node = NodeOf(pod)).empty(); });
    return node;
  }
  // Waits for the PodScheduled=False message.
  std::string WaitUnschedulable(const std::string& pod) {
    std::string message;
    Eventually([&] {
      auto p = cluster.admin().Get(kPods, "default", pod);
      if (!p.ok()) return false;
      for (const Json& c : (*p)["status"].value("conditions", Json::array())) {
        if (c.value("type", "") == "PodScheduled" && c.value("status", "") == "False") {
          message = c.value("message", "");
          return c.value("reason", "") == "Unschedulable";
        }
      }
      return false;
    });
    return message;
  }
  std::vector<Json> EventsFor(const std::string& pod) {
    std::vector<Json> out;
    auto list = cluster.admin().List(client::resources::kEvents, "default");
    if (!list.ok()) return out;
    for (const Json& e : (*list)["items"]) {
      if (e["involvedObject"].value("name", "") == pod) out.push_back(e);
    }
    return out;
  }

  RealClock clock;
  client::TestCluster cluster;
  std::unique_ptr<Scheduler> scheduler;
};

TEST_CASE("a pod is bound to a node created through the API, with a Scheduled event") {
  Fixture f;
  f.AddNode(NodeJson("n1"));
  f.AddPod(PodJson("p1", "100m", "64Mi"));
  CHECK(f.WaitBound("p1") == "n1");
  auto pod = f.cluster.admin().Get(kPods, "default", "p1");
  REQUIRE(pod.ok());
  bool scheduled = false;
  for (const Json& c : (*pod)["status"]["conditions"]) {
    scheduled = scheduled || (c["type"] == "PodScheduled" && c["status"] == "True");
  }
  CHECK(scheduled);
  // The pod and node informers are separate streams: the scheduler may see
  // the pod before the node's status and record a FailedScheduling first,
  // as kube-scheduler would. The Scheduled event is what must follow.
  Json scheduled_event;
  CHECK(Eventually([&] {
    for (const Json& e : f.EventsFor("p1")) {
      if (e["reason"] == "Scheduled") scheduled_event = e;
    }
    return !scheduled_event.is_null();
  }));
  REQUIRE(!scheduled_event.is_null());
  CHECK(scheduled_event["reason"] == "Scheduled");
  CHECK(scheduled_event["type"] == "Normal");
  CHECK(scheduled_event["message"] == "Successfully assigned default/p1 to n1");
}

TEST_CASE("insufficient resources and taints give Kubernetes' message; a new node lets the pod in") {
  Fixture f;
  f.AddNode(NodeJson("small", "1"));
  Json tainted = NodeJson("tainted", "8");
  tainted["spec"]["taints"] = {{{"key", "dedicated"}, {"value", "gpu"}, {"effect", "NoSchedule"}}};
  f.AddNode(tainted);
  f.AddPod(PodJson("big", "2"));
  const std::string want =
      "0/2 nodes are available: 1 Insufficient cpu, 1 node(s) had untolerated taint {dedicated: gpu}. "
      "preemption: 0/2 nodes are available: 1 No preemption victims found for incoming pod, "
      "1 Preemption is not helpful for scheduling.";
  // The scheduler may try the pod before its cache has the second node; the
  // node's arrival makes it try again, with the message for both.
  std::string message;
  CHECK(Eventually([&] { return (message = f.WaitUnschedulable("big")) == want; }));
  CHECK(message == want);
  std::vector<Json> events;
  CHECK(Eventually([&] {
    events = f.EventsFor("big");
    return !events.empty() && events[0]["reason"] == "FailedScheduling";
  }));
  f.AddNode(NodeJson("large", "4"));
  CHECK(f.WaitBound("big") == "large");
}

TEST_CASE("each pod sees the resources of the pods placed before it, before they are bound") {
  Fixture f;
  for (int i = 0; i < 4; ++i) f.AddNode(NodeJson("n" + std::to_string(i), "1"));
  for (int i = 0; i < 4; ++i) f.AddPod(PodJson("p" + std::to_string(i), "700m"));
  std::set<std::string> nodes;
  for (int i = 0; i < 4; ++i) nodes.insert(f.WaitBound("p" + std::to_string(i)));
  CHECK(nodes.size() == 4);
  f.AddPod(PodJson("extra", "700m"));
  CHECK(f.WaitUnschedulable("extra").starts_with("0/4 nodes are available: 4 Insufficient cpu."));
}

TEST_CASE("init containers count as their largest, app containers as their sum") {
  Fixture f;
  f.AddNode(NodeJson("n1", "2"));
  Json pod = PodJson("init", "500m");
  pod["spec"]["initContainers"] = {{{"name", "i"}, {"image", "busybox"}, {"resources", {{"requests", {{"cpu", "3"}}}}}}};
  f.AddPod(pod);
  CHECK(f.WaitUnschedulable("init").starts_with("0/1 nodes are available: 1 Insufficient cpu."));
  Json fits = PodJson("fits", "500m");
  fits["spec"]["containers"].push_back({{"name", "d"}, {"image", "busybox"}, {"resources", {{"requests", {{"cpu", "1"}}}}}});
  fits["spec"]["initContainers"] = {{{"name", "i"}, {"image", "busybox"}, {"resources", {{"requests", {{"cpu", "2"}}}}}}};
  f.AddPod(fits);  // max(2, 0.5 + 1) = 2: exactly fits
  CHECK(f.WaitBound("fits") == "n1");
}

TEST_CASE("nodeSelector, node affinity operators and preferred affinity") {
  Fixture f;
  f.AddNode(NodeJson("a", "4", "8Gi", "110", {{"disk", "ssd"}, {"gen", "3"}}));
  f.AddNode(NodeJson("b", "4", "8Gi", "110", {{"disk", "hdd"}, {"gen", "5"}}));
  Json sel = PodJson("sel");
  sel["spec"]["nodeSelector"] = {{"disk", "hdd"}};
  f.AddPod(sel);
  CHECK(f.WaitBound("sel") == "b");

  Json gt = PodJson("gt");
  gt["spec"]["affinity"]["nodeAffinity"]["requiredDuringSchedulingIgnoredDuringExecution"]["nodeSelectorTerms"] = {
      {{"matchExpressions", {{{"key", "gen"}, {"operator", "Lt"}, {"values", {"4"}}}}}}};
  f.AddPod(gt);
  CHECK(f.WaitBound("gt") == "a");

  Json none = PodJson("none");
  none["spec"]["affinity"]["nodeAffinity"]["requiredDuringSchedulingIgnoredDuringExecution"]["nodeSelectorTerms"] = {
      {{"matchExpressions", {{{"key", "disk"}, {"operator", "NotIn"}, {"values", {"ssd", "hdd"}}}}}}};
  f.AddPod(none);
  CHECK(f.WaitUnschedulable("none").starts_with(
      "0/2 nodes are available: 2 node(s) didn't match Pod's node affinity/selector."));

  Json pref = PodJson("pref");
  pref["spec"]["affinity"]["nodeAffinity"]["preferredDuringSchedulingIgnoredDuringExecution"] = {
      {{"weight", 50}, {"preference", {{"matchExpressions", {{{"key", "disk"}, {"operator", "In"}, {"values", {"ssd"}}}}}}}}};
  f.AddPod(pref);
  CHECK(f.WaitBound("pref") == "a");
}

TEST_CASE("tolerations, PreferNoSchedule and cordoned nodes") {
  Fixture f;
  Json t = NodeJson("tainted");
  t["spec"]["taints"] = {{{"key", "k"}, {"value", "v"}, {"effect", "NoExecute"}}};
  f.AddNode(t);
  Json soft = NodeJson("soft");
  soft["spec"]["taints"] = {{{"key", "avoid"}, {"effect", "PreferNoSchedule"}}};
  f.AddNode(soft);
  Json cordoned = NodeJson("cordoned");
  cordoned["spec"]["unschedulable"] = true;
  f.AddNode(cordoned);
  f.AddPod(PodJson("plain"));
  CHECK(f.WaitBound("plain") == "soft");
  Json tol = PodJson("tol");
  tol["spec"]["tolerations"] = {{{"key", "k"}, {"operator", "Equal"}, {"value", "v"}, {"effect", "NoExecute"}}};
  f.AddPod(tol);
  CHECK(f.WaitBound("tol") == "tainted");  // PreferNoSchedule makes "soft" worse
  Json cordon_only = PodJson("nowhere");
  cordon_only["spec"]["nodeSelector"] = {{"kubernetes.io/hostname", "cordoned"}};
  f.AddPod(cordon_only);
  CHECK(f.WaitUnschedulable("nowhere").starts_with(
      "0/3 nodes are available: 1 node(s) didn't match Pod's node affinity/selector, "
      "1 node(s) had untolerated taint {k: v}, 1 node(s) were unschedulable."));
}

TEST_CASE("required pod anti-affinity and affinity by topology key") {
  Fixture f;
  f.AddNode(NodeJson("z1a", "4", "8Gi", "110", {{"topology.kubernetes.io/zone", "z1"}}));
  f.AddNode(NodeJson("z2a", "4", "8Gi", "110", {{"topology.kubernetes.io/zone", "z2"}}));
  auto anti = [](const std::string& name) {
    Json p = PodJson(name);
    p["metadata"]["labels"] = {{"app", "web"}};
    p["spec"]["affinity"]["podAntiAffinity"]["requiredDuringSchedulingIgnoredDuringExecution"] = {
        {{"labelSelector", {{"matchLabels", {{"app", "web"}}}}}, {"topologyKey", "topology.kubernetes.io/zone"}}};
    return p;
  };
  f.AddPod(anti("w1"));
  const std::string first = f.WaitBound("w1");
  f.AddPod(anti("w2"));
  const std::string second = f.WaitBound("w2");
  CHECK(first != second);
  f.AddPod(anti("w3"));
  CHECK(f.WaitUnschedulable("w3").starts_with("0/2 nodes are available: 2 node(s) didn't match pod anti-affinity rules."));

  Json with = PodJson("with");
  with["spec"]["affinity"]["podAffinity"]["requiredDuringSchedulingIgnoredDuringExecution"] = {
      {{"labelSelector", {{"matchLabels", {{"app", "web"}}}}}, {"topologyKey", "kubernetes.io/hostname"}}};
  f.AddPod(with);
  const std::string node = f.WaitBound("with");
  CHECK((node == first || node == second));

  Json lonely = PodJson("lonely");
  lonely["spec"]["affinity"]["podAffinity"]["requiredDuringSchedulingIgnoredDuringExecution"] = {
      {{"labelSelector", {{"matchLabels", {{"app", "db"}}}}}, {"topologyKey", "kubernetes.io/hostname"}}};
  f.AddPod(lonely);
  CHECK(f.WaitUnschedulable("lonely").starts_with("0/2 nodes are available: 2 node(s) didn't match pod affinity rules."));
}

TEST_CASE("topology spread DoNotSchedule keeps zones within maxSkew") {
  Fixture f;
  f.AddNode(NodeJson("a", "8", "8Gi", "110", {{"zone", "z1"}}));
  f.AddNode(NodeJson("b", "8", "8Gi", "110", {{"zone", "z2"}}));
  auto spread = [](const std::string& name) {
    Json p = PodJson(name);
    p["metadata"]["labels"] = {{"app", "s"}};
    p["spec"]["topologySpreadConstraints"] = {{{"maxSkew", 1},
                                               {"topologyKey", "zone"},
                                               {"whenUnsatisfiable", "DoNotSchedule"},
                                               {"labelSelector", {{"matchLabels", {{"app", "s"}}}}}}};
    return p;
  };
  std::map<std::string, int> per_node;
  for (int i = 0; i < 6; ++i) {
    f.AddPod(spread("s" + std::to_string(i)));
    ++per_node[f.WaitBound("s" + std::to_string(i))];
  }
  CHECK(per_node["a"] == 3);
  CHECK(per_node["b"] == 3);
  Json nokey = spread("nokey");
  nokey["spec"]["topologySpreadConstraints"][0]["topologyKey"] = "rack";
  f.AddPod(nokey);
  CHECK(f.WaitUnschedulable("nokey").starts_with(
      "0/2 nodes are available: 2 node(s) didn't match pod topology spread constraints (missing required label)."));
}

TEST_CASE("host ports conflict") {
  Fixture f;
  f.AddNode(NodeJson("n1"));
  auto withPort = [](const std::string& name) {
    Json p = PodJson(name);
    p["spec"]["containers"][0]["ports"] = {{{"containerPort", 80}, {"hostPort", 8080}}};
    return p;
  };
  f.AddPod(withPort("a"));
  CHECK(f.WaitBound("a") == "n1");
  f.AddPod(withPort("b"));
  CHECK(f.WaitUnschedulable("b").starts_with(
      "0/1 nodes are available: 1 node(s) didn't have free ports for the requested pod ports."));
}

TEST_CASE("least allocated: the emptier node wins") {
  Fixture f;
  f.AddNode(NodeJson("busy", "4", "8Gi"));
  Json hog = PodJson("hog", "3", "6Gi");
  hog["spec"]["nodeName"] = "busy";
  f.AddPod(hog);
  f.AddNode(NodeJson("idle", "4", "8Gi"));
  for (int i = 0; i < 3; ++i) {
    f.AddPod(PodJson("p" + std::to_string(i), "100m", "100Mi"));
    CHECK(f.WaitBound("p" + std::to_string(i)) == "idle");
  }
}

TEST_CASE("pods of one owner spread across nodes") {
  Fixture f;
  for (int i = 0; i < 3; ++i) f.AddNode(NodeJson("n" + std::to_string(i)));
  std::map<std::string, int> per_node;
  for (int i = 0; i < 6; ++i) {
    Json p = PodJson("r" + std::to_string(i));
    p["metadata"]["ownerReferences"] = {{{"apiVersion", "apps/v1"}, {"kind", "ReplicaSet"}, {"name", "rs"},
                                         {"uid", "rs-uid"}, {"controller", true}}};
    f.AddPod(p);
    ++per_node[f.WaitBound("r" + std::to_string(i))];
  }
  CHECK(per_node.size() == 3);
  for (const auto& [n, count] : per_node) CHECK(count == 2);
}

TEST_CASE("a bound PersistentVolume's node affinity pins the pod; a missing claim is reported") {
  Fixture f;
  f.AddNode(NodeJson("a"));
  f.AddNode(NodeJson("b"));
  Json pv = {{"apiVersion", "v1"},
             {"kind", "PersistentVolume"},
             {"metadata", {{"name", "local-b"}}},
             {"spec",
              {{"capacity", {{"storage", "1Gi"}}},
               {"accessModes", {"ReadWriteOnce"}},
               {"hostPath", {{"path", "/tmp/local-b"}}},
               {"storageClassName", ""},
               {"nodeAffinity",
                {{"required",
                  {{"nodeSelectorTerms",
                    {{{"matchExpressions",
                       {{{"key", "kubernetes.io/hostname"}, {"operator", "In"}, {"values", {"b"}}}}}}}}}}}}}}};
  REQUIRE(f.cluster.admin().Create(client::resources::kPersistentVolumes, "", pv).ok());
  Json pvc = {{"apiVersion", "v1"},
              {"kind", "PersistentVolumeClaim"},
              {"metadata", {{"name", "data"}, {"namespace", "default"}}},
              {"spec",
               {{"accessModes", {"ReadWriteOnce"}},
                {"storageClassName", ""},
                {"volumeName", "local-b"},
                {"resources", {{"requests", {{"storage", "1Gi"}}}}}}}};
  REQUIRE(f.cluster.admin().Create(client::resources::kPersistentVolumeClaims, "default", pvc).ok());
  auto withClaim = [](const std::string& name, const std::string& claim) {
    Json p = PodJson(name);
    p["spec"]["volumes"] = {{{"name", "v"}, {"persistentVolumeClaim", {{"claimName", claim}}}}};
    return p;
  };
  for (int i = 0; i < 3; ++i) {
    f.AddPod(withClaim("uses-pv" + std::to_string(i), "data"));
    CHECK(f.WaitBound("uses-pv" + std::to_string(i)) == "b");
  }
  f.AddPod(withClaim("no-claim", "missing"));
  const std::string message = f.WaitUnschedulable("no-claim");
  CHECK(message.starts_with("0/2 nodes are available: "));
  CHECK(message.find("persistentvolumeclaim \"missing\" not found") != std::string::npos);
}

TEST_CASE("image locality: the node that has the image wins") {
  Fixture f;
  f.AddNode(NodeJson("plain"));
  Json cached = NodeJson("cached");
  cached["status"]["images"] = {{{"names", {"docker.io/library/bigapp:1.0"}}, {"sizeBytes", 800 * 1024 * 1024}}};
  f.AddNode(cached);
  for (int i = 0; i < 3; ++i) {
    Json p = PodJson("img" + std::to_string(i));
    p["spec"]["containers"][0]["image"] = "bigapp:1.0";
    f.AddPod(p);
    CHECK(f.WaitBound("img" + std::to_string(i)) == "cached");
  }
}

TEST_CASE("preferred pod affinity and anti-affinity outweigh resource scores") {
  Fixture f;
  f.AddNode(NodeJson("a"));
  f.AddNode(NodeJson("b"));
  Json db = PodJson("db");
  db["metadata"]["labels"] = {{"app", "db"}};
  db["spec"]["nodeName"] = "b";
  f.AddPod(db);
  auto preferring = [](const std::string& name, const char* kind) {
    Json p = PodJson(name);
    p["spec"]["affinity"][kind]["preferredDuringSchedulingIgnoredDuringExecution"] = {
        {{"weight", 100},
         {"podAffinityTerm",
          {{"labelSelector", {{"matchLabels", {{"app", "db"}}}}}, {"topologyKey", "kubernetes.io/hostname"}}}}};
    return p;
  };
  for (int i = 0; i < 2; ++i) {
    f.AddPod(preferring("near" + std::to_string(i), "podAffinity"));
    CHECK(f.WaitBound("near" + std::to_string(i)) == "b");
  }
  f.AddPod(preferring("far", "podAntiAffinity"));
  CHECK(f.WaitBound("far") == "a");
}

TEST_CASE("topology spread ScheduleAnyway prefers the emptier zone over the emptier node") {
  Fixture f;
  f.AddNode(NodeJson("a", "4", "8Gi", "110", {{"zone", "z1"}}));
  f.AddNode(NodeJson("b", "4", "8Gi", "110", {{"zone", "z2"}}));
  // b is busier, so resource scores alone would pick a.
  Json hog = PodJson("hog", "2", "4Gi");
  hog["spec"]["nodeName"] = "b";
  f.AddPod(hog);
  for (int i = 0; i < 2; ++i) {
    Json p = PodJson("old" + std::to_string(i));
    p["metadata"]["labels"] = {{"app", "s"}};
    p["spec"]["nodeName"] = "a";
    f.AddPod(p);
  }
  Json p = PodJson("spread");
  p["metadata"]["labels"] = {{"app", "s"}};
  p["spec"]["topologySpreadConstraints"] = {{{"maxSkew", 1},
                                             {"topologyKey", "zone"},
                                             {"whenUnsatisfiable", "ScheduleAnyway"},
                                             {"labelSelector", {{"matchLabels", {{"app", "s"}}}}}}};
  f.AddPod(p);
  CHECK(f.WaitBound("spread") == "b");
  // Without the constraint the same pod goes to the emptier node.
  Json plain = PodJson("plain");
  plain["metadata"]["labels"] = {{"app", "s"}};
  f.AddPod(plain);
  CHECK(f.WaitBound("plain") == "a");
}

TEST_CASE("balanced allocation: the node whose cpu and memory use stay even wins") {
  TempDir dir;
  const std::string path = dir.path() + "/sched.yaml";
  // Only the balance score, so least-allocated cannot decide for it.
  std::ofstream(path) << "apiVersion: kubescheduler.config.k8s.io/v1\n"
                         "kind: KubeSchedulerConfiguration\n"
                         "profiles:\n"
                         "- schedulerName: default-scheduler\n"
                         "  plugins:\n"
                         "    score:\n"
                         "      disabled:\n"
                         "      - name: NodeResourcesFit\n";
  SchedulerOptions options;
  options.config_file = path;
  Fixture f(options);
  f.AddNode(NodeJson("uneven"));
  f.AddNode(NodeJson("even"));
  Json cpu_heavy = PodJson("cpu-heavy", "2", "1Gi");  // 50% cpu, 12.5% memory
  cpu_heavy["spec"]["nodeName"] = "uneven";
  f.AddPod(cpu_heavy);
  Json both = PodJson("both", "2500m", "5Gi");  // 62.5% of each
  both["spec"]["nodeName"] = "even";
  f.AddPod(both);
  f.AddPod(PodJson("next", "500m", "1Gi"));
  CHECK(f.WaitBound("next") == "even");
}

TEST_CASE("pods for another scheduler are left alone") {
  Fixture f;
  f.AddNode(NodeJson("n1"));
  Json other = PodJson("other");
  other["spec"]["schedulerName"] = "my-scheduler";
  f.AddPod(other);
  f.AddPod(PodJson("mine"));
  CHECK(f.WaitBound("mine") == "n1");
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  CHECK(f.NodeOf("other").empty());
}

TEST_CASE("a higher-priority pod preempts the lowest-priority pod on a node") {
  Fixture f;
  f.AddNode(NodeJson("n1", "2"));
  Json low = PodJson("low", "1500m");
  low["spec"]["priority"] = 10;
  f.AddPod(low);
  CHECK(f.WaitBound("low") == "n1");
  Json high = PodJson("high", "1");
  high["spec"]["priority"] = 1000;
  f.AddPod(high);
  // The victim is deleted gracefully (it stays, terminating, until its
  // kubelet would finish it) and the preemptor is nominated.
  CHECK(Eventually([&] {
    auto p = f.cluster.admin().Get(kPods, "default", "low");
    return p.ok() && (*p)["metadata"].contains("deletionTimestamp");
  }));
  CHECK(Eventually([&] {
    auto p = f.cluster.admin().Get(kPods, "default", "high");
    return p.ok() && (*p)["status"].value("nominatedNodeName", "") == "n1";
  }));
  REQUIRE(f.cluster.admin().Delete(kPods, "default", "low", {.grace_period_seconds = 0}).ok());
  CHECK(f.WaitBound("high") == "n1");

  Json never = PodJson("never", "1500m");
  never["spec"]["priority"] = 2000;
  never["spec"]["preemptionPolicy"] = "Never";
  f.AddPod(never);
  CHECK(f.WaitUnschedulable("never") ==
        "0/1 nodes are available: 1 Insufficient cpu. preemption: not eligible due to preemptionPolicy=Never.");
}

TEST_CASE("a config file changes weights and disables plugins") {
  TempDir dir;
  const std::string path = dir.path() + "/sched.yaml";
  std::ofstream(path) << "apiVersion: kubescheduler.config.k8s.io/v1\n"
                         "kind: KubeSchedulerConfiguration\n"
                         "profiles:\n"
                         "- schedulerName: default-scheduler\n"
                         "  plugins:\n"
                         "    filter:\n"
                         "      disabled:\n"
                         "      - name: TaintToleration\n"
                         "  pluginConfig:\n"
                         "  - name: NodeResourcesFit\n"
                         "    args:\n"
                         "      scoringStrategy:\n"
                         "        type: MostAllocated\n";
  SchedulerOptions options;
  options.config_file = path;
  Fixture f(options);
  Json t = NodeJson("tainted");
  t["spec"]["taints"] = {{{"key", "k"}, {"effect", "NoSchedule"}}};
  f.AddNode(t);
  f.AddPod(PodJson("p", "100m"));
  CHECK(f.WaitBound("p") == "tainted");
  f.AddNode(NodeJson("empty"));
  f.AddPod(PodJson("q", "100m"));
  CHECK(f.WaitBound("q") == "tainted");  // MostAllocated packs
}

TEST_CASE("a config file naming an unknown plugin is refused") {
  TempDir dir;
  const std::string path = dir.path() + "/bad.yaml";
  std::ofstream(path) << "kind: KubeSchedulerConfiguration\nprofiles:\n- plugins:\n    score:\n      enabled:\n"
                         "      - name: NoSuchPlugin\n        weight: 3\n";
  client::TestCluster cluster;
  RealClock clock;
  SchedulerOptions options;
  options.config_file = path;
  auto s = Scheduler::Start(options, cluster.admin(), cluster.informers(), clock, Logger());
  REQUIRE_FALSE(s.ok());
  CHECK(s.status().message().find("NoSuchPlugin") != std::string::npos);
}

}  // namespace
}  // namespace k1s::scheduler
