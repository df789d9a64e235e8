#include "pkg/apiserver/defaults.h"

#include <string>

namespace k1s::apiserver {

namespace {

using Json = nlohmann::json;

void Default(Json& object, const char* key, const Json& value) {
  if (!object.contains(key) || object[key].is_null()) object[key] = value;
}

// A strategy object whose type is unset (kubectl create deployment sends
// `strategy: {}`) gets the default type, as Kubernetes' defaulting does.
void DefaultStrategyType(Json& spec, const char* key) {
  Default(spec, key, Json::object());
  if (!spec[key].is_object()) return;
  if (spec[key].value("type", "").empty()) spec[key]["type"] = "RollingUpdate";
}

// Kubernetes pulls "latest" (or untagged) images every time, others when absent.
std::string PullPolicyFor(const std::string& image) {
  if (image.find('@') != std::string::npos) return "IfNotPresent";
  const size_t slash = image.rfind('/');
  const size_t colon = image.rfind(':');
  const bool tagged = colon != std::string::npos && (slash == std::string::npos || colon > slash);
  if (!tagged || image.substr(colon + 1) == "latest") return "Always";
  return "IfNotPresent";
}

void DefaultProbe(Json& container, const char* key) {
  if (!container.contains(key) || !container[key].is_object()) return;
  Json& probe = container[key];
  Default(probe, "timeoutSeconds", 1);
  Default(probe, "periodSeconds", 10);
  Default(probe, "successThreshold", 1);
  Default(probe, "failureThreshold", 3);
  if (probe.contains("httpGet") && probe["httpGet"].is_object()) {
    Default(probe["httpGet"], "scheme", "HTTP");
    Default(probe["httpGet"], "path", "/");
  }
}

void DefaultContainer(Json& c) {
  if (!c.is_object()) return;
  Default(c, "imagePullPolicy", PullPolicyFor(c.value("image", "")));
  Default(c, "terminationMessagePath", "/dev/termination-log");
  Default(c, "terminationMessagePolicy", "File");
  Default(c, "resources", Json::object());
  if (c.contains("ports") && c["ports"].is_array()) {
    for (Json& port : c["ports"]) {
      if (port.is_object()) Default(port, "protocol", "TCP");
    }
  }
  if (c.contains("env") && c["env"].is_array()) {
    for (Json& env : c["env"]) {
      if (env.is_object() && env.contains("valueFrom") && env["valueFrom"].is_object() &&
          env["valueFrom"].contains("fieldRef") && env["valueFrom"]["fieldRef"].is_object()) {
        Default(env["valueFrom"]["fieldRef"], "apiVersion", "v1");
      }
    }
  }
  DefaultProbe(c, "livenessProbe");
  DefaultProbe(c, "readinessProbe");
  DefaultProbe(c, "startupProbe");
}

void DefaultPodSpec(Json& spec) {
  if (!spec.is_object()) return;
  Default(spec, "restartPolicy", "Always");
  Default(spec, "dnsPolicy", "ClusterFirst");
  Default(spec, "terminationGracePeriodSeconds", 30);
  Default(spec, "schedulerName", "default-scheduler");
  Default(spec, "securityContext", Json::object());
  Default(spec, "enableServiceLinks", true);
  for (const char* list : {"containers", "initContainers", "ephemeralContainers"}) {
    if (spec.contains(list) && spec[list].is_array()) {
      for (Json& c : spec[list]) DefaultContainer(c);
    }
  }
  if (spec.contains("volumes") && spec["volumes"].is_array()) {
    for (Json& v : spec["volumes"]) {
      if (!v.is_object()) continue;
      for (const char* source : {"configMap", "secret", "downwardAPI", "projected"}) {
        if (v.contains(source) && v[source].is_object()) Default(v[source], "defaultMode", 420);
      }
    }
  }
}

// A pod's (not a template's) containers that limit a resource without
// requesting it request what they limit.
void DefaultRequestsToLimits(Json& spec) {
  for (const char* list : {"containers", "initContainers"}) {
    if (!spec.contains(list) || !spec[list].is_array()) continue;
    for (Json& c : spec[list]) {
      if (!c.is_object() || !c.contains("resources") || !c["resources"].is_object()) continue;
      Json& resources = c["resources"];
      if (!resources.contains("limits") || !resources["limits"].is_object() || resources["limits"].empty()) continue;
      if (!resources.contains("requests") || !resources["requests"].is_object()) resources["requests"] = Json::object();
      for (const auto& [name, value] : resources["limits"].items()) {
        if (!resources["requests"].contains(name)) resources["requests"][name] = value;
      }
    }
  }
}

// A Container limit's default limit is its max, and its default request its
// default limit, else its min.
void DefaultLimitRange(Json& spec) {
  if (!spec.contains("limits") || !spec["limits"].is_array()) return;
  for (Json& item : spec["limits"]) {
    if (!item.is_object() || item.value("type", "") != "Container") continue;
    auto fill = [&](const char* to, const char* from) {
      if (!item.contains(from) || !item[from].is_object()) return;
      for (const auto& [name, value] : item[from].items()) {
        if (!item.contains(to) || !item[to].is_object()) item[to] = Json::object();
        if (!item[to].contains(name)) item[to][name] = value;
      }
    };
    fill("default", "max");
    fill("defaultRequest", "default");
    fill("defaultRequest", "min");
  }
}

void DefaultTemplate(Json& spec) {
  if (!spec.is_object() || !spec.contains("template") || !spec["template"].is_object()) return;
  Json& tmpl = spec["template"];
  if (tmpl.contains("spec")) DefaultPodSpec(tmpl["spec"]);
}

void DefaultService(Json& spec) {
  // Go cannot tell "" from unset: an empty type is ClusterIP too.
  if (!spec.contains("type") || spec["type"].is_null() || spec["type"] == "") spec["type"] = "ClusterIP";
  Default(spec, "sessionAffinity", "None");
  const std::string type = spec["type"].is_string() ? spec["type"].get<std::string>() : "";
  if (type != "ExternalName") Default(spec, "internalTrafficPolicy", "Cluster");
  if (type == "NodePort" || type == "LoadBalancer") Default(spec, "externalTrafficPolicy", "Cluster");
  if (type == "LoadBalancer") Default(spec, "allocateLoadBalancerNodePorts", true);
  if (spec.contains("ports") && spec["ports"].is_array()) {
    for (Json& port : spec["ports"]) {
      if (!port.is_object()) continue;
      Default(port, "protocol", "TCP");
      if (port.contains("port")) Default(port, "targetPort", port["port"]);
    }
  }
}

// "Guaranteed" when every container limits cpu and memory with requests equal
// to limits, "BestEffort" when nothing asks for anything, else "Burstable".
std::string QosClass(const Json& spec) {
  bool any = false;
  bool guaranteed = true;
  for (const char* list : {"containers", "initContainers"}) {
    if (!spec.contains(list) || !spec[list].is_array()) continue;
    for (const Json& c : spec[list]) {
      const Json resources = c.value("resources", Json::object());
      const Json requests = resources.value("requests", Json::object());
      const Json limits = resources.value("limits", Json::object());
      if (!requests.empty() || !limits.empty()) any = true;
      for (const char* r : {"cpu", "memory"}) {
        if (!limits.contains(r)) guaranteed = false;
        if (requests.contains(r) && limits.contains(r) && requests[r] != limits[r]) guaranteed = false;
      }
    }
  }
  if (!any) return "BestEffort";
  return guaranteed ? "Guaranteed" : "Burstable";
}

}  // namespace

void ApplyDefaults(const api::Resource& resource, Json& object) {
  if (!object.is_object()) return;
  const std::string& g = resource.group;
  const std::string& p = resource.plural;
  auto spec = [&]() -> Json& {
    if (!object.contains("spec") || !object["spec"].is_object()) object["spec"] = Json::object();
    return object["spec"];
  };
  if (g.empty() && p == "pods") {
    DefaultPodSpec(spec());
    DefaultRequestsToLimits(spec());
  } else if (g.empty() && p == "limitranges") {
    DefaultLimitRange(spec());
  } else if (g == "scheduling.k8s.io" && p == "priorityclasses") {
    Default(object, "preemptionPolicy", "PreemptLowerPriority");
  } else if (g.empty() && p == "podtemplates") {
    if (object.contains("template") && object["template"].contains("spec")) {
      DefaultPodSpec(object["template"]["spec"]);
    }
  } else if (g.empty() && p == "replicationcontrollers") {
    Default(spec(), "replicas", 1);
    DefaultTemplate(spec());
  } else if (g.empty() && p == "services") {
    DefaultService(spec());
  } else if (g.empty() && p == "namespaces") {
    Default(spec(), "finalizers", Json::array({"kubernetes"}));
  } else if (g.empty() && p == "secrets") {
    Default(object, "type", "Opaque");
  } else if (g.empty() && p == "persistentvolumeclaims") {
    Default(spec(), "volumeMode", "Filesystem");
  } else if (g == "apps" && p == "deployments") {
    Json& s = spec();
    Default(s, "replicas", 1);
    DefaultStrategyType(s, "strategy");
    if (s["strategy"].value("type", "") == "RollingUpdate") {
      Default(s["strategy"], "rollingUpdate", Json::object());
      Default(s["strategy"]["rollingUpdate"], "maxUnavailable", "25%");
      Default(s["strategy"]["rollingUpdate"], "maxSurge", "25%");
    }
    Default(s, "revisionHistoryLimit", 10);
    Default(s, "progressDeadlineSeconds", 600);
    DefaultTemplate(s);
  } else if (g == "apps" && p == "replicasets") {
    Default(spec(), "replicas", 1);
    DefaultTemplate(spec());
  } else if (g == "apps" && p == "statefulsets") {
    Json& s = spec();
    Default(s, "replicas", 1);
    Default(s, "podManagementPolicy", "OrderedReady");
    DefaultStrategyType(s, "updateStrategy");
    if (s["updateStrategy"].value("type", "") == "RollingUpdate") {
      Default(s["updateStrategy"], "rollingUpdate", Json{{"partition", 0}});
    }
    Default(s, "revisionHistoryLimit", 10);
    Default(s, "persistentVolumeClaimRetentionPolicy",
            Json{{"whenDeleted", "Retain"}, {"whenScaled", "Retain"}});
    DefaultTemplate(s);
  } else if (g == "apps" && p == "daemonsets") {
    Json& s = spec();
    DefaultStrategyType(s, "updateStrategy");
    if (s["updateStrategy"].value("type", "") == "RollingUpdate") {
      Default(s["updateStrategy"], "rollingUpdate", Json{{"maxUnavailable", 1}, {"maxSurge", 0}});
    }
    Default(s, "revisionHistoryLimit", 10);
    DefaultTemplate(s);
  } else if (g == "batch" && p == "jobs") {
    Json& s = spec();
    if (!s.contains("completions") && !s.contains("parallelism")) s["completions"] = 1;
    Default(s, "parallelism", 1);
    Default(s, "backoffLimit", 6);
    Default(s, "completionMode", "NonIndexed");
    Default(s, "suspend", false);
    // Jobs with a podFailurePolicy only replace pods once they have failed.
    const bool failure_policy = s.contains("podFailurePolicy") && !s["podFailurePolicy"].is_null();
    Default(s, "podReplacementPolicy", failure_policy ? "Failed" : "TerminatingOrFailed");
    Default(s, "manualSelector", false);
    DefaultTemplate(s);
  } else if (g == "batch" && p == "cronjobs") {
    Json& s = spec();
    Default(s, "concurrencyPolicy", "Allow");
    Default(s, "suspend", false);
    Default(s, "successfulJobsHistoryLimit", 3);
    Default(s, "failedJobsHistoryLimit", 1);
    if (s.contains("jobTemplate") && s["jobTemplate"].is_object() &&
        s["jobTemplate"].contains("spec")) {
      DefaultTemplate(s["jobTemplate"]["spec"]);
    }
  }
}

Json InitialStatus(const api::Resource& resource, const Json& object) {
  if (!resource.group.empty()) return nullptr;
  if (resource.plural == "namespaces") return {{"phase", "Active"}};
  if (resource.plural == "pods") {
    return {{"phase", "Pending"}, {"qosClass", QosClass(object.value("spec", Json::object()))}};
  }
  return nullptr;
}

}  // namespace k1s::apiserver
