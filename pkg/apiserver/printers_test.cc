#include "pkg/apiserver/printers.h"

#include <doctest/doctest.h>

#include "pkg/api/registry.h"

namespace k1s::apiserver {
namespace {

using Json = nlohmann::json;

// 2023-11-14T22:13:20Z.
const std::chrono::system_clock::time_point kNow{std::chrono::seconds(1700000000)};

// The cell of `column` for `object_json` of group/plural (preferred version).
Json CellOf(const std::string& group, const std::string& plural, const std::string& column,
            const std::string& object_json, const std::string& version = "v1") {
  static const auto registry = api::Registry::WithBuiltins();
  auto resource = registry->Find(group, version, plural);
  REQUIRE_MESSAGE(resource != nullptr, group << "/" << plural);
  for (const api::PrinterColumn& c : resource->columns) {
    if (c.name == column) return PrintCell(*resource, c, Json::parse(object_json), kNow);
  }
  FAIL("no column " << column << " for " << plural);
  return nullptr;
}

Json Pod(const std::string& column, const std::string& object_json) {
  return CellOf("", "pods", column, object_json);
}

TEST_CASE("pod READY and RESTARTS count containers, sidecars and the last restart") {
  const char* pod = R"({"metadata":{"name":"web","creationTimestamp":"2023-11-14T22:08:20Z"},
    "spec":{"containers":[{"name":"a"},{"name":"b"}]},
    "status":{"phase":"Running","containerStatuses":[
      {"name":"a","ready":true,"restartCount":1,"state":{"running":{}}},
      {"name":"b","ready":false,"restartCount":2,"state":{"running":{}},
       "lastState":{"terminated":{"exitCode":1,"finishedAt":"2023-11-14T22:08:20Z"}}}]}})";
  CHECK(Pod("Name", pod) == "web");
  CHECK(Pod("Ready", pod) == "1/2");
  CHECK(Pod("Status", pod) == "Running");
  CHECK(Pod("Restarts", pod) == "3 (5m ago)");
  CHECK(Pod("Age", pod) == "5m");
  CHECK(Pod("IP", pod) == "<none>");
  CHECK(Pod("Node", pod) == "<none>");
  CHECK(Pod("Nominated Node", pod) == "<none>");
  CHECK(Pod("Readiness Gates", pod) == "<none>");

  // Restarts without a recorded termination print bare.
  CHECK(Pod("Restarts", R"({"spec":{"containers":[{"name":"a"}]},"status":{"phase":"Running",
    "containerStatuses":[{"name":"a","restartCount":4,"state":{"running":{}}}]}})") == "4");
  CHECK(Pod("Restarts", R"({"spec":{"containers":[{"name":"a"}]}})") == "0");

  // A started sidecar (restartPolicy Always) counts toward READY and the total.
  const char* sidecar =
      R"({"spec":{"initContainers":[{"name":"init"},{"name":"proxy","restartPolicy":"Always"}],
    "containers":[{"name":"app"}]},
    "status":{"phase":"Running","conditions":[{"type":"Initialized","status":"True"}],
      "initContainerStatuses":[
        {"name":"init","restartCount":5,"state":{"terminated":{"exitCode":0,"reason":"Completed"}}},
        {"name":"proxy","ready":true,"started":true,"restartCount":1,"state":{"running":{}},
         "lastState":{"terminated":{"exitCode":1,"finishedAt":"2023-11-14T22:12:20Z"}}}],
      "containerStatuses":[{"name":"app","ready":true,"restartCount":0,"state":{"running":{}}}]}})";
  CHECK(Pod("Ready", sidecar) == "2/2");
  CHECK(Pod("Status", sidecar) == "Running");
  // Plain init containers' restarts no longer count once the pod is initialized.
  CHECK(Pod("Restarts", sidecar) == "1 (60s ago)");
}

TEST_CASE("pod STATUS follows printPod: init containers, reasons, deletion") {
  auto with_status = [](const std::string& status) {
    return Pod("Status", R"({"spec":{"initContainers":[{"name":"i1"},{"name":"i2"}],
      "containers":[{"name":"a"}]},"status":)" +
                             status + "}");
  };
  CHECK(with_status(R"({"phase":"Pending","initContainerStatuses":[
      {"name":"i1","state":{"waiting":{"reason":"PodInitializing"}}}]})") == "Init:0/2");
  CHECK(with_status(R"({"phase":"Pending","initContainerStatuses":[
      {"name":"i1","state":{"terminated":{"exitCode":0}}},
      {"name":"i2","state":{"running":{}}}]})") == "Init:1/2");
  CHECK(with_status(R"({"phase":"Pending","initContainerStatuses":[
      {"name":"i1","state":{"waiting":{"reason":"CrashLoopBackOff"}}}]})") ==
        "Init:CrashLoopBackOff");
  CHECK(with_status(R"({"phase":"Pending","initContainerStatuses":[
      {"name":"i1","state":{"terminated":{"exitCode":1,"reason":"Error"}}}]})") == "Init:Error");
  CHECK(with_status(R"({"phase":"Pending","initContainerStatuses":[
      {"name":"i1","state":{"terminated":{"exitCode":2}}}]})") == "Init:ExitCode:2");
  CHECK(with_status(R"({"phase":"Pending","initContainerStatuses":[
      {"name":"i1","state":{"terminated":{"exitCode":137,"signal":9}}}]})") == "Init:Signal:9");

  auto one = [](const std::string& status, const std::string& metadata = "{}") {
    return Pod("Status", R"({"metadata":)" + metadata +
                             R"(,"spec":{"containers":[{"name":"a"},{"name":"b"}]},"status":)" +
                             status + "}");
  };
  CHECK(one(R"({"phase":"Running","containerStatuses":[
      {"name":"a","state":{"waiting":{"reason":"CrashLoopBackOff"}}},
      {"name":"b","state":{"waiting":{"reason":"ImagePullBackOff"}}}]})") == "CrashLoopBackOff");
  CHECK(one(R"({"phase":"Pending","containerStatuses":[
      {"name":"a","state":{"waiting":{"reason":"ContainerCreating"}}}]})") == "ContainerCreating");
  CHECK(one(R"({"phase":"Running","containerStatuses":[
      {"name":"a","state":{"terminated":{"exitCode":137}}}]})") == "ExitCode:137");
  CHECK(one(R"({"phase":"Running","containerStatuses":[
      {"name":"a","state":{"terminated":{"exitCode":143,"signal":15}}}]})") == "Signal:15");
  CHECK(one(R"({"phase":"Succeeded","containerStatuses":[
      {"name":"a","state":{"terminated":{"exitCode":0,"reason":"Completed"}}}]})") == "Completed");
  CHECK(one(R"({"phase":"Failed","reason":"Evicted"})") == "Evicted");
  CHECK(one("{}") == "Pending");
  CHECK(one(R"({"phase":"Pending","conditions":[
      {"type":"PodScheduled","status":"False","reason":"SchedulingGated"}]})") ==
        "SchedulingGated");

  // One container finished, another still running: Running if the pod is Ready.
  const char* partial = R"({"name":"a","state":{"terminated":{"exitCode":0,"reason":"Completed"}}},
      {"name":"b","ready":true,"state":{"running":{}}})";
  CHECK(one(std::string(R"({"phase":"Running","conditions":[{"type":"Ready","status":"True"}],
      "containerStatuses":[)") +
            partial + "]}") == "Running");
  CHECK(one(std::string(R"({"phase":"Running","containerStatuses":[)") + partial + "]}") ==
        "NotReady");

  const char* deleted = R"({"deletionTimestamp":"2023-11-14T22:13:00Z"})";
  CHECK(one(R"({"phase":"Running"})", deleted) == "Terminating");
  CHECK(one(R"({"phase":"Running","reason":"NodeLost"})", deleted) == "Unknown");
  CHECK(one(R"({"phase":"Succeeded","containerStatuses":[
      {"name":"a","state":{"terminated":{"exitCode":0,"reason":"Completed"}}}]})",
            deleted) == "Completed");
}

TEST_CASE("pod wide columns: IP, node, nominated node, readiness gates") {
  const char* pod = R"({"spec":{"nodeName":"n1","containers":[{"name":"a"}],
      "readinessGates":[{"conditionType":"x/ready"},{"conditionType":"y/ready"}]},
    "status":{"podIP":"10.42.0.5","podIPs":[{"ip":"10.42.0.5"},{"ip":"fd00::5"}],
      "nominatedNodeName":"n2",
      "conditions":[{"type":"x/ready","status":"True"},{"type":"y/ready","status":"False"}]}})";
  CHECK(Pod("IP", pod) == "10.42.0.5");
  CHECK(Pod("Node", pod) == "n1");
  CHECK(Pod("Nominated Node", pod) == "n2");
  CHECK(Pod("Readiness Gates", pod) == "1/2");
  CHECK(Pod("IP", R"({"status":{"podIP":"10.42.0.9"}})") == "10.42.0.9");
}

Json Svc(const std::string& column, const std::string& spec, const std::string& status = "{}") {
  return CellOf("", "services", column, R"({"spec":)" + spec + R"(,"status":)" + status + "}");
}

TEST_CASE("service TYPE, CLUSTER-IP, EXTERNAL-IP, PORT(S), SELECTOR") {
  const char* web = R"({"type":"ClusterIP","clusterIP":"10.43.0.10","clusterIPs":["10.43.0.10"],
      "selector":{"tier":"front","app":"web"},
      "ports":[{"port":80,"protocol":"TCP"},{"port":53,"protocol":"UDP"}]})";
  CHECK(Svc("Type", web) == "ClusterIP");
  CHECK(Svc("Cluster-IP", web) == "10.43.0.10");
  CHECK(Svc("External-IP", web) == "<none>");
  CHECK(Svc("Port(s)", web) == "80/TCP,53/UDP");
  CHECK(Svc("Selector", web) == "app=web,tier=front");

  CHECK(Svc("Port(s)",
            R"({"type":"NodePort","ports":[{"port":80,"nodePort":30080,"protocol":"TCP"}]})") ==
        "80:30080/TCP");
  CHECK(Svc("Port(s)", R"({"clusterIP":"None"})") == "<none>");
  CHECK(Svc("Cluster-IP", R"({"clusterIP":"None","clusterIPs":["None"]})") == "None");
  CHECK(Svc("Cluster-IP", "{}") == "<none>");
  CHECK(Svc("Selector", "{}") == "<none>");
  CHECK(Svc("External-IP", R"({"type":"NodePort","externalIPs":["1.2.3.4","5.6.7.8"]})") ==
        "1.2.3.4,5.6.7.8");
  CHECK(Svc("External-IP", R"({"type":"LoadBalancer"})") == "<pending>");
  CHECK(
      Svc("External-IP", R"({"type":"LoadBalancer"})",
          R"({"loadBalancer":{"ingress":[{"ip":"192.168.1.9"},{"hostname":"lb.example"},{"ip":"192.168.1.2"}]}})") ==
      "192.168.1.2,192.168.1.9,lb.example");
  CHECK(Svc("External-IP", R"({"type":"LoadBalancer","externalIPs":["1.1.1.1"]})",
            R"({"loadBalancer":{"ingress":[{"ip":"2.2.2.2"}]}})") == "2.2.2.2,1.1.1.1");
  CHECK(Svc("External-IP", R"({"type":"ExternalName","externalName":"db.example.com"})") ==
        "db.example.com");
}

Json NodeCell(const std::string& column, const std::string& node) {
  return CellOf("", "nodes", column, node);
}

TEST_CASE("node STATUS, ROLES, VERSION and the wide columns") {
  const char* node = R"({"metadata":{"name":"n1","labels":{"node-role.kubernetes.io/master":"true",
      "node-role.kubernetes.io/control-plane":"","kubernetes.io/role":"etcd","node-role.kubernetes.io/":""}},
    "status":{"conditions":[{"type":"MemoryPressure","status":"False"},{"type":"Ready","status":"True"}],
      "addresses":[{"type":"Hostname","address":"n1"},{"type":"InternalIP","address":"192.168.1.5"}],
      "nodeInfo":{"kubeletVersion":"v1.33.1+k1s","osImage":"Ubuntu 24.04 LTS",
        "kernelVersion":"6.8.0","containerRuntimeVersion":"containerd://1.7.2"}}})";
  CHECK(NodeCell("Status", node) == "Ready");
  CHECK(NodeCell("Roles", node) == "control-plane,etcd,master");
  CHECK(NodeCell("Version", node) == "v1.33.1+k1s");
  CHECK(NodeCell("Internal-IP", node) == "192.168.1.5");
  CHECK(NodeCell("External-IP", node) == "<none>");
  CHECK(NodeCell("OS-Image", node) == "Ubuntu 24.04 LTS");
  CHECK(NodeCell("Kernel-Version", node) == "6.8.0");
  CHECK(NodeCell("Container-Runtime", node) == "containerd://1.7.2");

  CHECK(NodeCell("Status", R"({"spec":{"unschedulable":true},
      "status":{"conditions":[{"type":"Ready","status":"True"}]}})") == "Ready,SchedulingDisabled");
  CHECK(NodeCell("Status", R"({"status":{"conditions":[{"type":"Ready","status":"False"}]}})") ==
        "NotReady");
  CHECK(NodeCell("Status", R"({"status":{"conditions":[{"type":"Ready","status":"Unknown"}]}})") ==
        "NotReady");
  CHECK(NodeCell("Status", "{}") == "Unknown");
  CHECK(NodeCell("Roles", "{}") == "<none>");
  CHECK(NodeCell("OS-Image", "{}") == "<unknown>");
}

TEST_CASE("events: LAST SEEN, TYPE, REASON, OBJECT, MESSAGE, COUNT, in both APIs") {
  const char* ev = R"({"metadata":{"name":"web.1"},"type":"Warning","reason":"BackOff",
    "involvedObject":{"kind":"Pod","name":"web","fieldPath":"spec.containers{a}"},
    "message":"  Back-off restarting failed container\n","count":7,
    "firstTimestamp":"2023-11-14T21:13:20Z","lastTimestamp":"2023-11-14T22:12:50Z",
    "source":{"component":"kubelet","host":"n1"}})";
  auto core = [&](const std::string& column) { return CellOf("", "events", column, ev); };
  CHECK(core("Last Seen") == "30s");
  CHECK(core("Type") == "Warning");
  CHECK(core("Reason") == "BackOff");
  CHECK(core("Object") == "pod/web");
  CHECK(core("Subobject") == "spec.containers{a}");
  CHECK(core("Source") == "kubelet, n1");
  CHECK(core("Message") == "Back-off restarting failed container");
  CHECK(core("First Seen") == "60m");
  CHECK(core("Count") == 7);
  CHECK(core("Name") == "web.1");

  const char* fresh =
      R"({"eventTime":"2023-11-14T22:13:10.123456Z","reportingController":"k1s-scheduler",
    "reportingInstance":"k1s-scheduler-n1","involvedObject":{"kind":"Node"}})";
  CHECK(CellOf("", "events", "Last Seen", fresh) == "9s");
  CHECK(CellOf("", "events", "Count", fresh) == 1);
  CHECK(CellOf("", "events", "Object", fresh) == "node");
  CHECK(CellOf("", "events", "Source", fresh) == "k1s-scheduler, k1s-scheduler-n1");
  CHECK(CellOf("", "events", "Last Seen", "{}") == "<unknown>");

  const char* v1 =
      R"({"type":"Normal","reason":"Scheduled","note":"Successfully assigned default/web to n1",
    "regarding":{"kind":"Pod","name":"web"},"eventTime":"2023-11-14T22:03:20.000000Z",
    "series":{"count":4,"lastObservedTime":"2023-11-14T22:12:20.000000Z"},"reportingController":"default-scheduler"})";
  CHECK(CellOf("events.k8s.io", "events", "Last Seen", v1) == "60s");
  CHECK(CellOf("events.k8s.io", "events", "First Seen", v1) == "10m");
  CHECK(CellOf("events.k8s.io", "events", "Object", v1) == "pod/web");
  CHECK(CellOf("events.k8s.io", "events", "Message", v1) ==
        "Successfully assigned default/web to n1");
  CHECK(CellOf("events.k8s.io", "events", "Count", v1) == 4);
  CHECK(CellOf("events.k8s.io", "events", "Source", v1) == "default-scheduler");
}

TEST_CASE("apps: deployments, replica sets, stateful sets, daemon sets, revisions") {
  const char* deploy = R"({"spec":{"replicas":3,"selector":{"matchLabels":{"app":"web"},
      "matchExpressions":[{"key":"env","operator":"In","values":["prod","dev"]}]},
      "template":{"spec":{"containers":[{"name":"web","image":"nginx:1.25"},{"name":"log","image":"busybox"}]}}},
    "status":{"readyReplicas":2,"updatedReplicas":3,"availableReplicas":2}})";
  CHECK(CellOf("apps", "deployments", "Ready", deploy) == "2/3");
  CHECK(CellOf("apps", "deployments", "Up-to-date", deploy) == 3);
  CHECK(CellOf("apps", "deployments", "Available", deploy) == 2);
  CHECK(CellOf("apps", "deployments", "Containers", deploy) == "web,log");
  CHECK(CellOf("apps", "deployments", "Images", deploy) == "nginx:1.25,busybox");
  CHECK(CellOf("apps", "deployments", "Selector", deploy) == "app=web,env in (dev,prod)");
  CHECK(CellOf("apps", "deployments", "Ready", "{}") == "0/1");
  CHECK(CellOf("apps", "deployments", "Selector", "{}") == "");
  CHECK(CellOf("apps", "deployments", "Selector",
               R"({"spec":{"selector":{"matchExpressions":[{"key":"a","operator":"Foo"}]}}})") ==
        "<invalid>");

  const char* rs =
      R"({"spec":{"replicas":2,"selector":{"matchLabels":{"app":"web"}}},"status":{"replicas":2,"readyReplicas":1}})";
  CHECK(CellOf("apps", "replicasets", "Desired", rs) == 2);
  CHECK(CellOf("apps", "replicasets", "Current", rs) == 2);
  CHECK(CellOf("apps", "replicasets", "Ready", rs) == 1);
  CHECK(CellOf("apps", "replicasets", "Selector", rs) == "app=web");
  CHECK(CellOf("apps", "replicasets", "Selector", "{}") == "<none>");

  CHECK(CellOf("apps", "statefulsets", "Ready",
               R"({"spec":{"replicas":3},"status":{"readyReplicas":3}})") == "3/3");

  const char* ds = R"({"spec":{"selector":{"matchLabels":{"app":"agent"}},
      "template":{"spec":{"nodeSelector":{"kubernetes.io/os":"linux"},"containers":[{"name":"agent","image":"k1s/agent"}]}}},
    "status":{"desiredNumberScheduled":3,"currentNumberScheduled":3,"numberReady":2,
      "updatedNumberScheduled":3,"numberAvailable":2}})";
  CHECK(CellOf("apps", "daemonsets", "Desired", ds) == 3);
  CHECK(CellOf("apps", "daemonsets", "Current", ds) == 3);
  CHECK(CellOf("apps", "daemonsets", "Ready", ds) == 2);
  CHECK(CellOf("apps", "daemonsets", "Up-to-date", ds) == 3);
  CHECK(CellOf("apps", "daemonsets", "Available", ds) == 2);
  CHECK(CellOf("apps", "daemonsets", "Node Selector", ds) == "kubernetes.io/os=linux");
  CHECK(CellOf("apps", "daemonsets", "Node Selector", "{}") == "<none>");
  CHECK(CellOf("apps", "daemonsets", "Selector", ds) == "app=agent");

  const char* rev = R"({"revision":4,"metadata":{"ownerReferences":[
      {"apiVersion":"apps/v1","kind":"DaemonSet","name":"agent","controller":true}]}})";
  CHECK(CellOf("apps", "controllerrevisions", "Controller", rev) == "daemonset.apps/agent");
  CHECK(CellOf("apps", "controllerrevisions", "Revision", rev) == 4);
  CHECK(CellOf("apps", "controllerrevisions", "Controller", "{}") == "<none>");
}

TEST_CASE("batch: job STATUS, COMPLETIONS, DURATION; cron job columns") {
  const char* done = R"({"spec":{"completions":1,"parallelism":1},
    "status":{"succeeded":1,"startTime":"2023-11-14T22:00:00Z","completionTime":"2023-11-14T22:00:42Z",
      "conditions":[{"type":"Complete","status":"True"}]}})";
  CHECK(CellOf("batch", "jobs", "Status", done) == "Complete");
  CHECK(CellOf("batch", "jobs", "Completions", done) == "1/1");
  CHECK(CellOf("batch", "jobs", "Duration", done) == "42s");
  const char* running =
      R"({"spec":{"parallelism":3},"status":{"startTime":"2023-11-14T22:10:20Z"}})";
  CHECK(CellOf("batch", "jobs", "Status", running) == "Running");
  CHECK(CellOf("batch", "jobs", "Completions", running) == "0/1 of 3");
  CHECK(CellOf("batch", "jobs", "Duration", running) == "3m");
  CHECK(CellOf("batch", "jobs", "Duration", "{}") == "");
  CHECK(CellOf("batch", "jobs", "Completions", "{}") == "0/1");
  CHECK(CellOf("batch", "jobs", "Status", R"({"status":{"conditions":[
      {"type":"FailureTarget","status":"True"},{"type":"Failed","status":"True"}]}})") == "Failed");
  CHECK(CellOf("batch", "jobs", "Status",
               R"({"metadata":{"deletionTimestamp":"2023-11-14T22:13:00Z"}})") == "Terminating");
  CHECK(CellOf("batch", "jobs", "Status",
               R"({"status":{"conditions":[{"type":"Suspended","status":"True"}]}})") ==
        "Suspended");

  const char* cj = R"({"spec":{"schedule":"*/5 * * * *","suspend":false,
      "jobTemplate":{"spec":{"template":{"spec":{"containers":[{"name":"c","image":"busybox"}]}}}}},
    "status":{"active":[{"name":"j1"}],"lastScheduleTime":"2023-11-14T22:10:00Z"}})";
  CHECK(CellOf("batch", "cronjobs", "Schedule", cj) == "*/5 * * * *");
  CHECK(CellOf("batch", "cronjobs", "Timezone", cj) == "<none>");
  CHECK(CellOf("batch", "cronjobs", "Suspend", cj) == "False");
  CHECK(CellOf("batch", "cronjobs", "Active", cj) == 1);
  CHECK(CellOf("batch", "cronjobs", "Last Schedule", cj) == "3m20s");
  CHECK(CellOf("batch", "cronjobs", "Images", cj) == "busybox");
  CHECK(CellOf("batch", "cronjobs", "Selector", cj) == "<none>");
  CHECK(CellOf("batch", "cronjobs", "Last Schedule", "{}") == "<none>");
  CHECK(CellOf("batch", "cronjobs", "Timezone", R"({"spec":{"timeZone":"Etc/UTC"}})") == "Etc/UTC");
}

TEST_CASE("core kinds: endpoints, namespaces, configmaps, secrets, quotas, ...") {
  const char* ep = R"({"subsets":[{"addresses":[{"ip":"10.0.0.1"},{"ip":"10.0.0.2"}],
      "ports":[{"port":80},{"port":443}]},{"addresses":[{"ip":"fd00::1"}]}]})";
  CHECK(CellOf("", "endpoints", "Endpoints", ep) ==
        "10.0.0.1:80,10.0.0.2:80,10.0.0.1:443 + 2 more...");
  CHECK(CellOf("", "endpoints", "Endpoints",
               R"({"subsets":[{"addresses":[{"ip":"fd00::1"}],"ports":[{"port":53}]}]})") ==
        "[fd00::1]:53");
  CHECK(CellOf("", "endpoints", "Endpoints", "{}") == "<none>");

  CHECK(CellOf("", "namespaces", "Status", R"({"status":{"phase":"Terminating"}})") ==
        "Terminating");
  CHECK(CellOf("", "configmaps", "Data",
               R"({"data":{"a":"1","b":"2"},"binaryData":{"c":"AA=="}})") == 3);
  CHECK(CellOf("", "secrets", "Type", R"({"type":"kubernetes.io/tls"})") == "kubernetes.io/tls");
  CHECK(CellOf("", "secrets", "Type", "{}") == "Opaque");
  CHECK(CellOf("", "secrets", "Data", R"({"data":{"a":"MQ=="},"stringData":{"a":"1","b":"2"}})") ==
        2);
  CHECK(CellOf("", "serviceaccounts", "Secrets", R"({"secrets":[{"name":"t"}]})") == 1);
  CHECK(CellOf("", "serviceaccounts", "Secrets", "{}") == 0);

  const char* quota =
      R"({"status":{"hard":{"pods":"10","requests.cpu":"2","limits.memory":"2Gi","limits.cpu":"4"},
      "used":{"pods":"3","requests.cpu":"500m","limits.cpu":"1"}}})";
  CHECK(CellOf("", "resourcequotas", "Request", quota) == "pods: 3/10, requests.cpu: 500m/2");
  CHECK(CellOf("", "resourcequotas", "Limit", quota) == "limits.cpu: 1/4, limits.memory: 0/2Gi");

  const char* rc = R"({"spec":{"replicas":2,"selector":{"app":"web"},
      "template":{"spec":{"containers":[{"name":"web","image":"nginx"}]}}},"status":{"replicas":2,"readyReplicas":2}})";
  CHECK(CellOf("", "replicationcontrollers", "Desired", rc) == 2);
  CHECK(CellOf("", "replicationcontrollers", "Ready", rc) == 2);
  CHECK(CellOf("", "replicationcontrollers", "Selector", rc) == "app=web");
  CHECK(CellOf("", "replicationcontrollers", "Containers", rc) == "web");

  const char* tmpl = R"({"template":{"metadata":{"labels":{"app":"web"}},
      "spec":{"containers":[{"name":"a","image":"x"},{"name":"b","image":"y"}]}}})";
  CHECK(CellOf("", "podtemplates", "Containers", tmpl) == "a,b");
  CHECK(CellOf("", "podtemplates", "Images", tmpl) == "x,y");
  CHECK(CellOf("", "podtemplates", "Pod Labels", tmpl) == "app=web");

  const char* cs = R"({"conditions":[{"type":"Healthy","status":"True","message":"ok"}]})";
  CHECK(CellOf("", "componentstatuses", "Status", cs) == "Healthy");
  CHECK(CellOf("", "componentstatuses", "Message", cs) == "ok");
  CHECK(CellOf("", "componentstatuses", "Status", "{}") == "Unknown");
}

TEST_CASE("volumes: claims, volumes, storage classes, CSI") {
  const char* bound = R"({"spec":{"volumeName":"pv-1","storageClassName":"local-path",
      "resources":{"requests":{"storage":"1Gi"}}},
    "status":{"phase":"Bound","capacity":{"storage":"2Gi"},"accessModes":["ReadWriteOnce","ReadWriteOnce","ReadOnlyMany"]}})";
  CHECK(CellOf("", "persistentvolumeclaims", "Status", bound) == "Bound");
  CHECK(CellOf("", "persistentvolumeclaims", "Volume", bound) == "pv-1");
  CHECK(CellOf("", "persistentvolumeclaims", "Capacity", bound) == "2Gi");
  CHECK(CellOf("", "persistentvolumeclaims", "Access Modes", bound) == "RWO,ROX");
  CHECK(CellOf("", "persistentvolumeclaims", "StorageClass", bound) == "local-path");
  CHECK(CellOf("", "persistentvolumeclaims", "VolumeAttributesClass", bound) == "<unset>");
  CHECK(CellOf("", "persistentvolumeclaims", "VolumeMode", bound) == "<unset>");
  const char* pending =
      R"({"metadata":{"annotations":{"volume.beta.kubernetes.io/storage-class":"old"}},
    "spec":{"storageClassName":"new","volumeMode":"Filesystem"},"status":{"phase":"Pending"}})";
  CHECK(CellOf("", "persistentvolumeclaims", "Capacity", pending) == "");
  CHECK(CellOf("", "persistentvolumeclaims", "StorageClass", pending) == "old");
  CHECK(CellOf("", "persistentvolumeclaims", "VolumeMode", pending) == "Filesystem");

  const char* pv = R"({"metadata":{"deletionTimestamp":"2023-11-14T22:13:00Z"},
    "spec":{"capacity":{"storage":"5Gi"},"accessModes":["ReadWriteOncePod"],
      "persistentVolumeReclaimPolicy":"Retain","claimRef":{"namespace":"default","name":"data"}},
    "status":{"phase":"Bound"}})";
  CHECK(CellOf("", "persistentvolumes", "Capacity", pv) == "5Gi");
  CHECK(CellOf("", "persistentvolumes", "Access Modes", pv) == "RWOP");
  CHECK(CellOf("", "persistentvolumes", "Reclaim Policy", pv) == "Retain");
  CHECK(CellOf("", "persistentvolumes", "Status", pv) == "Terminating");
  CHECK(CellOf("", "persistentvolumes", "Claim", pv) == "default/data");
  CHECK(CellOf("", "persistentvolumes", "Claim", "{}") == "");
  CHECK(CellOf("", "persistentvolumes", "Capacity", "{}") == "0");

  const char* sc =
      R"({"metadata":{"name":"local-path","annotations":{"storageclass.kubernetes.io/is-default-class":"true"}},
    "provisioner":"rancher.io/local-path","volumeBindingMode":"WaitForFirstConsumer"})";
  CHECK(CellOf("storage.k8s.io", "storageclasses", "Name", sc) == "local-path (default)");
  CHECK(CellOf("storage.k8s.io", "storageclasses", "Provisioner", sc) == "rancher.io/local-path");
  CHECK(CellOf("storage.k8s.io", "storageclasses", "ReclaimPolicy", sc) == "Delete");
  CHECK(CellOf("storage.k8s.io", "storageclasses", "VolumeBindingMode", sc) ==
        "WaitForFirstConsumer");
  CHECK(CellOf("storage.k8s.io", "storageclasses", "AllowVolumeExpansion", sc) == false);

  CHECK(CellOf("storage.k8s.io", "csidrivers", "AttachRequired", "{}") == true);
  CHECK(CellOf("storage.k8s.io", "csidrivers", "TokenRequests", "{}") == "<unset>");
  CHECK(CellOf("storage.k8s.io", "csidrivers", "TokenRequests",
               R"({"spec":{"tokenRequests":[{"audience":"a"},{"audience":"b"}]}})") == "a,b");
  CHECK(CellOf("storage.k8s.io", "csinodes", "Drivers", R"({"spec":{"drivers":[{"name":"d"}]}})") ==
        1);
  CHECK(CellOf("storage.k8s.io", "volumeattachments", "Attacher",
               R"({"spec":{"attacher":"csi.x"}})") == "csi.x");
  CHECK(CellOf("storage.k8s.io", "volumeattachments", "Attached",
               R"({"status":{"attached":true}})") == true);
}

TEST_CASE("networking: ingresses, ingress classes, network policies, endpoint slices") {
  const char* ing = R"({"spec":{"ingressClassName":"traefik","tls":[{"hosts":["a.example"]}],
      "rules":[{"host":"a.example"},{},{"host":"b.example"},{"host":"c.example"},{"host":"d.example"}]},
    "status":{"loadBalancer":{"ingress":[{"ip":"192.168.1.5"},{"ip":"192.168.1.4"}]}}})";
  CHECK(CellOf("networking.k8s.io", "ingresses", "Class", ing) == "traefik");
  CHECK(CellOf("networking.k8s.io", "ingresses", "Hosts", ing) ==
        "a.example,b.example,c.example + 2 more...");
  CHECK(CellOf("networking.k8s.io", "ingresses", "Address", ing) == "192.168.1.4,192.168.1.5");
  CHECK(CellOf("networking.k8s.io", "ingresses", "Ports", ing) == "80, 443");
  CHECK(CellOf("networking.k8s.io", "ingresses", "Class", "{}") == "<none>");
  CHECK(CellOf("networking.k8s.io", "ingresses", "Hosts", R"({"spec":{"rules":[{}]}})") == "*");
  CHECK(CellOf("networking.k8s.io", "ingresses", "Ports", "{}") == "80");

  CHECK(
      CellOf(
          "networking.k8s.io", "ingressclasses", "Parameters",
          R"({"spec":{"parameters":{"apiGroup":"k8s.example.com","kind":"IngressParameters","name":"p"}}})") ==
      "IngressParameters.k8s.example.com/p");
  CHECK(CellOf("networking.k8s.io", "ingressclasses", "Parameters", "{}") == "<none>");
  CHECK(CellOf("networking.k8s.io", "networkpolicies", "Pod-Selector",
               R"({"spec":{"podSelector":{}}})") == "<none>");
  CHECK(CellOf("networking.k8s.io", "networkpolicies", "Pod-Selector",
               R"({"spec":{"podSelector":{"matchLabels":{"role":"db"}}}})") == "role=db");

  const char* slice = R"({"addressType":"IPv4","ports":[{"port":80},{"name":"http"},{}],
    "endpoints":[{"addresses":["10.0.0.1"]},{"addresses":["10.0.0.2","10.0.0.3","10.0.0.4"]}]})";
  CHECK(CellOf("discovery.k8s.io", "endpointslices", "AddressType", slice) == "IPv4");
  CHECK(CellOf("discovery.k8s.io", "endpointslices", "Ports", slice) == "80,http,*");
  CHECK(CellOf("discovery.k8s.io", "endpointslices", "Endpoints", slice) ==
        "10.0.0.1,10.0.0.2,10.0.0.3 + 1 more...");
  CHECK(CellOf("discovery.k8s.io", "endpointslices", "Endpoints", "{}") == "<unset>");
}

TEST_CASE("autoscaling: HPA targets in the v2 and v1 shapes") {
  const char* v2 =
      R"({"spec":{"scaleTargetRef":{"kind":"Deployment","name":"web"},"minReplicas":2,"maxReplicas":10,
      "metrics":[{"type":"Resource","resource":{"name":"cpu","target":{"type":"Utilization","averageUtilization":50}}},
                 {"type":"Resource","resource":{"name":"memory","target":{"type":"AverageValue","averageValue":"500Mi"}}},
                 {"type":"Pods","pods":{"metric":{"name":"qps"},"target":{"type":"AverageValue","averageValue":"1k"}}}]},
    "status":{"currentReplicas":3,"currentMetrics":[
      {"type":"Resource","resource":{"name":"cpu","current":{"averageUtilization":12,"averageValue":"120m"}}}]}})";
  auto hpa = [&](const std::string& column, const char* o, const char* version = "v2") {
    return CellOf("autoscaling", "horizontalpodautoscalers", column, o, version);
  };
  CHECK(hpa("Reference", v2) == "Deployment/web");
  CHECK(hpa("Targets", v2) == "cpu: 12%/50%, memory: <unknown>/500Mi + 1 more...");
  CHECK(hpa("MinPods", v2) == "2");
  CHECK(hpa("MaxPods", v2) == 10);
  CHECK(hpa("Replicas", v2) == 3);
  CHECK(hpa("Targets", R"({"spec":{"metrics":[]}})") == "<none>");
  CHECK(hpa("Targets", "{}") == "cpu: <unknown>/80%");
  CHECK(
      hpa("Targets",
          R"({"spec":{"targetCPUUtilizationPercentage":70},"status":{"currentCPUUtilizationPercentage":35}})",
          "v1") == "cpu: 35%/70%");
  CHECK(hpa("Targets", R"({"spec":{"metrics":[{"type":"External","external":{"metric":{"name":"q"},
      "target":{"type":"Value","value":"10"}}}]},"status":{"currentMetrics":[{"type":"External","external":{"current":{"value":"4"}}}]}})") ==
        "4/10");
}

TEST_CASE(
    "cluster kinds: bindings, PDBs, CSRs, leases, priority classes, flow control, admission") {
  const char* crb = R"({"roleRef":{"kind":"ClusterRole","name":"cluster-admin"},"subjects":[
      {"kind":"User","name":"alice"},{"kind":"Group","name":"system:masters"},
      {"kind":"ServiceAccount","namespace":"kube-system","name":"default"},{"kind":"User","name":"bob"}]})";
  const std::string rbac = "rbac.authorization.k8s.io";
  CHECK(CellOf(rbac, "clusterrolebindings", "Role", crb) == "ClusterRole/cluster-admin");
  CHECK(CellOf(rbac, "clusterrolebindings", "Users", crb) == "alice, bob");
  CHECK(CellOf(rbac, "rolebindings", "Groups", crb) == "system:masters");
  CHECK(CellOf(rbac, "rolebindings", "ServiceAccounts", crb) == "kube-system/default");

  CHECK(CellOf("policy", "poddisruptionbudgets", "Min Available",
               R"({"spec":{"minAvailable":2}})") == "2");
  CHECK(CellOf("policy", "poddisruptionbudgets", "Max Unavailable",
               R"({"spec":{"minAvailable":2}})") == "N/A");
  CHECK(CellOf("policy", "poddisruptionbudgets", "Max Unavailable",
               R"({"spec":{"maxUnavailable":"25%"}})") == "25%");
  CHECK(CellOf("policy", "poddisruptionbudgets", "Allowed Disruptions",
               R"({"status":{"disruptionsAllowed":1}})") == 1);

  const std::string certs = "certificates.k8s.io";
  const char* csr =
      R"({"spec":{"signerName":"kubernetes.io/kube-apiserver-client","username":"system:admin",
      "expirationSeconds":86400},"status":{"certificate":"LS0t","conditions":[{"type":"Approved","status":"True"}]}})";
  CHECK(CellOf(certs, "certificatesigningrequests", "SignerName", csr) ==
        "kubernetes.io/kube-apiserver-client");
  CHECK(CellOf(certs, "certificatesigningrequests", "Requestor", csr) == "system:admin");
  CHECK(CellOf(certs, "certificatesigningrequests", "RequestedDuration", csr) == "24h");
  CHECK(CellOf(certs, "certificatesigningrequests", "Condition", csr) == "Approved,Issued");
  CHECK(CellOf(certs, "certificatesigningrequests", "Condition", "{}") == "Pending");
  CHECK(CellOf(certs, "certificatesigningrequests", "RequestedDuration", "{}") == "<none>");

  CHECK(CellOf("coordination.k8s.io", "leases", "Holder",
               R"({"spec":{"holderIdentity":"n1_abc"}})") == "n1_abc");
  CHECK(CellOf("coordination.k8s.io", "leases", "Holder", "{}") == "");

  const char* pc = R"({"value":2000000000,"globalDefault":false,"preemptionPolicy":"Never"})";
  CHECK(CellOf("scheduling.k8s.io", "priorityclasses", "Value", pc) == 2000000000);
  CHECK(CellOf("scheduling.k8s.io", "priorityclasses", "Global-Default", pc) == false);
  CHECK(CellOf("scheduling.k8s.io", "priorityclasses", "PreemptionPolicy", pc) == "Never");
  CHECK(CellOf("node.k8s.io", "runtimeclasses", "Handler", R"({"handler":"runc"})") == "runc");

  const std::string fc = "flowcontrol.apiserver.k8s.io";
  const char* fs =
      R"({"spec":{"priorityLevelConfiguration":{"name":"workload-low"},"matchingPrecedence":9000,
      "distinguisherMethod":{"type":"ByUser"}},"status":{"conditions":[{"type":"Dangling","status":"False"}]}})";
  CHECK(CellOf(fc, "flowschemas", "PriorityLevel", fs) == "workload-low");
  CHECK(CellOf(fc, "flowschemas", "MatchingPrecedence", fs) == 9000);
  CHECK(CellOf(fc, "flowschemas", "DistinguisherMethod", fs) == "ByUser");
  CHECK(CellOf(fc, "flowschemas", "MissingPL", fs) == "False");
  CHECK(CellOf(fc, "flowschemas", "MissingPL", "{}") == "?");
  const char* pl = R"({"spec":{"type":"Limited","limited":{"nominalConcurrencyShares":30,
      "limitResponse":{"type":"Queue","queuing":{"queues":64,"handSize":6,"queueLengthLimit":50}}}}})";
  CHECK(CellOf(fc, "prioritylevelconfigurations", "NominalConcurrencyShares", pl) == 30);
  CHECK(CellOf(fc, "prioritylevelconfigurations", "Queues", pl) == 64);
  CHECK(CellOf(fc, "prioritylevelconfigurations", "HandSize", pl) == 6);
  CHECK(CellOf(fc, "prioritylevelconfigurations", "Queues",
               R"({"spec":{"type":"Exempt","exempt":{}}})") == "<none>");

  const std::string adm = "admissionregistration.k8s.io";
  CHECK(CellOf(adm, "validatingwebhookconfigurations", "Webhooks", R"({"webhooks":[{},{}]})") == 2);
  CHECK(CellOf(adm, "validatingadmissionpolicies", "ParamKind",
               R"({"spec":{"paramKind":{"apiVersion":"v1","kind":"ConfigMap"}}})") ==
        "v1/ConfigMap");
  CHECK(CellOf(adm, "validatingadmissionpolicybindings", "ParamRef",
               R"({"spec":{"paramRef":{"name":"p"}}})") == "*/p");
}

TEST_CASE("generic columns, unknown columns and non-objects") {
  static const auto registry = api::Registry::WithBuiltins();
  auto roles = registry->Find("rbac.authorization.k8s.io", "v1", "roles");
  REQUIRE(roles != nullptr);
  const Json role =
      Json::parse(R"({"metadata":{"name":"r","creationTimestamp":"2023-11-14T22:13:20+00:00"}})");
  CHECK(PrintCell(*roles, roles->columns[0], role, kNow) == "r");
  CHECK(PrintCell(*roles, roles->columns[1], role, kNow) == "2023-11-14T22:13:20Z");
  CHECK(PrintCell(*roles, {"Bogus", "string", "", "", 0}, role, kNow) == "");
  CHECK(PrintCell(*roles, {"Bogus", "integer", "", "", 0}, role, kNow) == 0);
  CHECK(PrintCell(*roles, roles->columns[0], Json("not an object"), kNow) == "");
  CHECK(CellOf("", "configmaps", "Age",
               R"({"metadata":{"creationTimestamp":"2023-11-12T22:13:20Z"}})") == "2d");
  CHECK(CellOf("", "configmaps", "Age", "{}") == "<unknown>");
  // VolumeAttachment's ATTACHER column has format "name" too; it is not the object's name.
  CHECK(CellOf("storage.k8s.io", "volumeattachments", "Name", R"({"metadata":{"name":"va"}})") ==
        "va");
}

}  // namespace
}  // namespace k1s::apiserver
