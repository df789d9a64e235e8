#include "pkg/auth/bootstrap_policy.h"

#include <string>

namespace k1s::auth {

namespace {

using Json = nlohmann::json;
using Strings = std::vector<std::string>;

const Strings kRead = {"get", "list", "watch"};
const Strings kWrite = {"create", "delete", "deletecollection", "patch", "update"};
const Strings kReadWrite = {"create", "delete", "deletecollection", "get",
                            "list",   "patch",  "update",           "watch"};
const Strings kEventWrite = {"create", "patch", "update"};

Json Rule(const Strings& verbs, const Strings& groups, const Strings& resources,
          const Strings& names = {}) {
  Json rule = {{"verbs", verbs}, {"apiGroups", groups}, {"resources", resources}};
  if (!names.empty()) rule["resourceNames"] = names;
  return rule;
}

Json UrlRule(const Strings& verbs, const Strings& urls) {
  return {{"verbs", verbs}, {"nonResourceURLs", urls}};
}

Json Metadata(const std::string& name, Json extra_labels = Json::object()) {
  Json labels = {{"kubernetes.io/bootstrapping", "rbac-defaults"}};
  labels.update(extra_labels);
  return {{"name", name},
          {"labels", labels},
          {"annotations", {{"rbac.authorization.kubernetes.io/autoupdate", "true"}}}};
}

Json Role(const std::string& name, const std::vector<Json>& rules, Json extra_labels = Json::object()) {
  return {{"apiVersion", "rbac.authorization.k8s.io/v1"},
          {"kind", "ClusterRole"},
          {"metadata", Metadata(name, std::move(extra_labels))},
          {"rules", Json(rules)}};
}

Json Aggregated(const std::string& name, const std::string& selector_label,
                Json extra_labels = Json::object()) {
  Json role = Role(name, {}, std::move(extra_labels));
  Json match_labels = Json::object();
  match_labels[selector_label] = "true";
  Json selector = Json::object();
  selector["matchLabels"] = std::move(match_labels);
  role["aggregationRule"] = Json::object();
  role["aggregationRule"]["clusterRoleSelectors"] = Json::array({selector});
  return role;
}

Json Subject(const std::string& kind, const std::string& name, const std::string& ns = "") {
  Json s = {{"kind", kind}, {"name", name}};
  if (kind == "ServiceAccount") {
    s["namespace"] = ns;
  } else {
    s["apiGroup"] = "rbac.authorization.k8s.io";
  }
  return s;
}

Json Binding(const std::string& name, const std::string& role, const std::vector<Json>& subjects) {
  Json binding = {{"apiVersion", "rbac.authorization.k8s.io/v1"},
                  {"kind", "ClusterRoleBinding"},
                  {"metadata", Metadata(name)},
                  {"roleRef",
                   {{"apiGroup", "rbac.authorization.k8s.io"}, {"kind", "ClusterRole"}, {"name", role}}}};
  if (!subjects.empty()) binding["subjects"] = Json(subjects);
  return binding;
}

std::vector<Json> AggregateToViewRules() {
  return {
      Rule(kRead, {""},
           {"configmaps", "endpoints", "persistentvolumeclaims", "persistentvolumeclaims/status", "pods",
            "replicationcontrollers", "replicationcontrollers/scale", "serviceaccounts", "services",
            "services/status"}),
      Rule(kRead, {""},
           {"bindings", "events", "limitranges", "namespaces/status", "pods/log", "pods/status",
            "replicationcontrollers/status", "resourcequotas", "resourcequotas/status"}),
      Rule(kRead, {""}, {"namespaces"}),
      Rule(kRead, {"discovery.k8s.io"}, {"endpointslices"}),
      Rule(kRead, {"apps"},
           {"controllerrevisions", "daemonsets", "daemonsets/status", "deployments", "deployments/scale",
            "deployments/status", "replicasets", "replicasets/scale", "replicasets/status", "statefulsets",
            "statefulsets/scale", "statefulsets/status"}),
      Rule(kRead, {"autoscaling"}, {"horizontalpodautoscalers", "horizontalpodautoscalers/status"}),
      Rule(kRead, {"batch"}, {"cronjobs", "cronjobs/status", "jobs", "jobs/status"}),
      Rule(kRead, {"extensions"},
           {"daemonsets", "daemonsets/status", "deployments", "deployments/scale", "deployments/status",
            "ingresses", "ingresses/status", "networkpolicies", "replicasets", "replicasets/scale",
            "replicasets/status", "replicationcontrollers/scale"}),
      Rule(kRead, {"policy"}, {"poddisruptionbudgets", "poddisruptionbudgets/status"}),
      Rule(kRead, {"networking.k8s.io"}, {"ingresses", "ingresses/status", "networkpolicies"}),
  };
}

std::vector<Json> AggregateToEditRules() {
  return {
      Rule(kRead, {""},
           {"pods/attach", "pods/exec", "pods/portforward", "pods/proxy", "secrets", "services/proxy"}),
      Rule({"impersonate"}, {""}, {"serviceaccounts"}),
      Rule(kWrite, {""}, {"pods", "pods/attach", "pods/exec", "pods/portforward", "pods/proxy"}),
      Rule({"create"}, {""}, {"pods/eviction"}),
      Rule(kWrite, {""},
           {"configmaps", "events", "persistentvolumeclaims", "replicationcontrollers",
            "replicationcontrollers/scale", "secrets", "serviceaccounts", "services", "services/proxy"}),
      Rule({"create"}, {""}, {"serviceaccounts/token"}),
      Rule(kWrite, {"apps"},
           {"daemonsets", "deployments", "deployments/rollback", "deployments/scale", "replicasets",
            "replicasets/scale", "statefulsets", "statefulsets/scale"}),
      Rule(kWrite, {"autoscaling"}, {"horizontalpodautoscalers"}),
      Rule(kWrite, {"batch"}, {"cronjobs", "jobs"}),
      Rule(kWrite, {"extensions"},
           {"daemonsets", "deployments", "deployments/rollback", "deployments/scale", "ingresses",
            "networkpolicies", "replicasets", "replicasets/scale", "replicationcontrollers/scale"}),
      Rule(kWrite, {"policy"}, {"poddisruptionbudgets"}),
      Rule(kWrite, {"networking.k8s.io"}, {"ingresses", "networkpolicies"}),
      Rule(kReadWrite, {"coordination.k8s.io"}, {"leases"}),
  };
}

std::vector<Json> SchedulerRules() {
  return {
      Rule(kEventWrite, {"", "events.k8s.io"}, {"events"}),
      Rule({"create"}, {"coordination.k8s.io"}, {"leases"}),
      Rule({"get", "update"}, {"coordination.k8s.io"}, {"leases"}, {"kube-scheduler"}),
      Rule(kRead, {""}, {"nodes"}),
      Rule({"delete", "get", "list", "watch"}, {""}, {"pods"}),
      Rule({"create"}, {""}, {"bindings", "pods/binding"}),
      Rule({"patch", "update"}, {""}, {"pods/status"}),
      Rule(kRead, {""}, {"replicationcontrollers", "services"}),
      Rule(kRead, {"apps", "extensions"}, {"replicasets"}),
      Rule(kRead, {"apps"}, {"statefulsets"}),
      Rule(kRead, {"policy"}, {"poddisruptionbudgets"}),
      Rule(kRead, {""}, {"persistentvolumeclaims", "persistentvolumes"}),
      Rule({"create"}, {"authentication.k8s.io"}, {"tokenreviews"}),
      Rule({"create"}, {"authorization.k8s.io"}, {"subjectaccessreviews"}),
      Rule(kRead, {"storage.k8s.io"}, {"csinodes"}),
      Rule(kRead, {""}, {"namespaces"}),
      Rule(kRead, {"storage.k8s.io"}, {"csidrivers"}),
      Rule(kRead, {"storage.k8s.io"}, {"csistoragecapacities"}),
  };
}

std::vector<Json> ControllerManagerRules() {
  return {
      Rule(kEventWrite, {"", "events.k8s.io"}, {"events"}),
      Rule({"create"}, {"coordination.k8s.io"}, {"leases"}),
      Rule({"get", "update"}, {"coordination.k8s.io"}, {"leases"}, {"kube-controller-manager"}),
      Rule({"create"}, {""}, {"secrets", "serviceaccounts"}),
      Rule({"delete"}, {""}, {"secrets"}),
      Rule({"get"}, {""}, {"configmaps", "namespaces", "secrets", "serviceaccounts"}),
      Rule({"update"}, {""}, {"secrets", "serviceaccounts"}),
      Rule({"create"}, {"authentication.k8s.io"}, {"tokenreviews"}),
      Rule({"create"}, {"authorization.k8s.io"}, {"subjectaccessreviews"}),
      Rule({"list", "watch"}, {"*"}, {"*"}),
      Rule({"create"}, {""}, {"serviceaccounts/token"}),
  };
}

std::vector<Json> Approver(const std::string& signer) {
  return {Rule({"approve"}, {"certificates.k8s.io"}, {"signers"}, {signer})};
}

}  // namespace

std::vector<Json> NodeRules() {
  return {
      Rule({"create"}, {"authentication.k8s.io"}, {"tokenreviews"}),
      Rule({"create"}, {"authorization.k8s.io"}, {"localsubjectaccessreviews", "subjectaccessreviews"}),
      Rule(kRead, {""}, {"services"}),
      Rule({"create", "get", "list", "watch"}, {""}, {"nodes"}),
      Rule({"patch", "update"}, {""}, {"nodes/status"}),
      Rule({"patch", "update"}, {""}, {"nodes"}),
      Rule(kEventWrite, {""}, {"events"}),
      Rule(kRead, {""}, {"pods"}),
      Rule({"create", "delete"}, {""}, {"pods"}),
      Rule({"patch", "update"}, {""}, {"pods/status"}),
      Rule({"create"}, {""}, {"pods/eviction"}),
      Rule(kRead, {""}, {"configmaps", "secrets"}),
      Rule({"get"}, {""}, {"persistentvolumeclaims", "persistentvolumes"}),
      Rule({"get"}, {""}, {"endpoints"}),
      Rule({"create", "get", "list", "watch"}, {"certificates.k8s.io"}, {"certificatesigningrequests"}),
      Rule({"create", "delete", "get", "patch", "update"}, {"coordination.k8s.io"}, {"leases"}),
      Rule({"get"}, {"storage.k8s.io"}, {"volumeattachments"}),
      Rule({"create"}, {""}, {"serviceaccounts/token"}),
      Rule({"get", "patch", "update"}, {""}, {"persistentvolumeclaims/status"}),
      Rule(kRead, {"storage.k8s.io"}, {"csidrivers"}),
      Rule({"create", "delete", "get", "patch", "update"}, {"storage.k8s.io"}, {"csinodes"}),
      Rule(kRead, {"node.k8s.io"}, {"runtimeclasses"}),
  };
}

std::vector<Json> DefaultClusterRoles() {
  const Json to_admin = {{"rbac.authorization.k8s.io/aggregate-to-admin", "true"}};
  const Json to_edit = {{"rbac.authorization.k8s.io/aggregate-to-edit", "true"}};
  const Json to_view = {{"rbac.authorization.k8s.io/aggregate-to-view", "true"}};
  return {
      Role("cluster-admin", {Rule({"*"}, {"*"}, {"*"}), UrlRule({"*"}, {"*"})}),
      Aggregated("admin", "rbac.authorization.k8s.io/aggregate-to-admin"),
      Aggregated("edit", "rbac.authorization.k8s.io/aggregate-to-edit", to_admin),
      Aggregated("view", "rbac.authorization.k8s.io/aggregate-to-view", to_edit),
      Role("system:aggregate-to-admin",
           {Rule({"create"}, {"authorization.k8s.io"}, {"localsubjectaccessreviews"}),
            Rule(kReadWrite, {"rbac.authorization.k8s.io"}, {"rolebindings", "roles"})},
           to_admin),
      Role("system:aggregate-to-edit", AggregateToEditRules(), to_edit),
      Role("system:aggregate-to-view", AggregateToViewRules(), to_view),
      Role("system:auth-delegator", {Rule({"create"}, {"authentication.k8s.io"}, {"tokenreviews"}),
                                     Rule({"create"}, {"authorization.k8s.io"}, {"subjectaccessreviews"})}),
      Role("system:basic-user",
           {Rule({"create"}, {"authorization.k8s.io"}, {"selfsubjectaccessreviews", "selfsubjectrulesreviews"}),
            Rule({"create"}, {"authentication.k8s.io"}, {"selfsubjectreviews"})}),
      Role("system:certificates.k8s.io:certificatesigningrequests:nodeclient",
           {Rule({"create"}, {"certificates.k8s.io"}, {"certificatesigningrequests/nodeclient"})}),
      Role("system:certificates.k8s.io:certificatesigningrequests:selfnodeclient",
           {Rule({"create"}, {"certificates.k8s.io"}, {"certificatesigningrequests/selfnodeclient"})}),
      Role("system:certificates.k8s.io:kube-apiserver-client-approver",
           Approver("kubernetes.io/kube-apiserver-client")),
      Role("system:certificates.k8s.io:kube-apiserver-client-kubelet-approver",
           Approver("kubernetes.io/kube-apiserver-client-kubelet")),
      Role("system:certificates.k8s.io:kubelet-serving-approver", Approver("kubernetes.io/kubelet-serving")),
      Role("system:certificates.k8s.io:legacy-unknown-approver", Approver("kubernetes.io/legacy-unknown")),
      Role("system:discovery", {UrlRule({"get"}, {"/api", "/api/*", "/apis", "/apis/*", "/healthz", "/livez",
                                                  "/openapi", "/openapi/*", "/readyz", "/version", "/version/"})}),
      Role("system:kube-controller-manager", ControllerManagerRules()),
      Role("system:kube-dns", {Rule({"list", "watch"}, {""}, {"endpoints", "services"})}),
      Role("system:kube-scheduler", SchedulerRules()),
      Role("system:kubelet-api-admin",
           {Rule(kRead, {""}, {"nodes"}), Rule({"proxy"}, {""}, {"nodes"}),
            Rule({"*"}, {""}, {"nodes/log", "nodes/metrics", "nodes/proxy", "nodes/stats"})}),
      Role("system:monitoring", {UrlRule({"get"}, {"/healthz", "/healthz/*", "/livez", "/livez/*", "/metrics",
                                                   "/metrics/slis", "/readyz", "/readyz/*"})}),
      Role("system:node", NodeRules()),
      Role("system:node-bootstrapper",
           {Rule({"create", "get", "list", "watch"}, {"certificates.k8s.io"}, {"certificatesigningrequests"})}),
      Role("system:node-problem-detector",
           {Rule({"get"}, {""}, {"nodes"}), Rule({"patch"}, {""}, {"nodes/status"}),
            Rule(kEventWrite, {"", "events.k8s.io"}, {"events"})}),
      Role("system:node-proxier",
           {Rule({"list", "watch"}, {""}, {"endpoints", "services"}), Rule(kRead, {""}, {"nodes"}),
            Rule(kEventWrite, {"", "events.k8s.io"}, {"events"}),
            Rule({"list", "watch"}, {"discovery.k8s.io"}, {"endpointslices"})}),
      Role("system:public-info-viewer",
           {UrlRule({"get"}, {"/healthz", "/livez", "/readyz", "/version", "/version/"})}),
      Role("system:service-account-issuer-discovery",
           {UrlRule({"get"}, {"/.well-known/openid-configuration", "/openid/v1/jwks"})}),
      Role("system:volume-scheduler",
           {Rule({"get", "list", "patch", "update", "watch"}, {""}, {"persistentvolumes"}),
            Rule(kRead, {"storage.k8s.io"}, {"storageclasses"}),
            Rule({"get", "list", "patch", "update", "watch"}, {""}, {"persistentvolumeclaims"})}),
      // k1s runs every controller in one process under one identity, where
      // kube-controller-manager gives each controller its own service account
      // and role (system:controller:*); this role is the union of what they
      // may do.
      Role("system:k1s:controller-manager", {Rule({"*"}, {"*"}, {"*"})}),
  };
}

std::vector<Json> DefaultClusterRoleBindings() {
  return {
      Binding("cluster-admin", "cluster-admin", {Subject("Group", "system:masters")}),
      Binding("system:basic-user", "system:basic-user", {Subject("Group", "system:authenticated")}),
      Binding("system:discovery", "system:discovery", {Subject("Group", "system:authenticated")}),
      Binding("system:kube-controller-manager", "system:kube-controller-manager",
              {Subject("User", "system:kube-controller-manager")}),
      Binding("system:kube-dns", "system:kube-dns", {Subject("ServiceAccount", "kube-dns", "kube-system")}),
      Binding("system:kube-scheduler", "system:kube-scheduler", {Subject("User", "system:kube-scheduler")}),
      Binding("system:monitoring", "system:monitoring", {Subject("Group", "system:monitoring")}),
      // Kubernetes leaves this binding without subjects: the Node authorizer
      // (pkg/auth/node_authorizer.h) decides for nodes, each limited to its
      // own Node, Lease and pods and to what those pods use.
      Binding("system:node", "system:node", {}),
      Binding("system:node-proxier", "system:node-proxier", {Subject("User", "system:kube-proxy")}),
      Binding("system:public-info-viewer", "system:public-info-viewer",
              {Subject("Group", "system:authenticated"), Subject("Group", "system:unauthenticated")}),
      Binding("system:service-account-issuer-discovery", "system:service-account-issuer-discovery",
              {Subject("Group", "system:serviceaccounts")}),
      Binding("system:volume-scheduler", "system:volume-scheduler", {Subject("User", "system:kube-scheduler")}),
      Binding("system:k1s:controller-manager", "system:k1s:controller-manager",
              {Subject("User", "system:kube-controller-manager")}),
  };
}

std::vector<std::string> RetiredClusterRoleBindings() {
  // Bound system:nodes to system:node before the Node authorizer existed.
  return {"system:k1s:nodes"};
}

}  // namespace k1s::auth
