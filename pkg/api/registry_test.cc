#include "pkg/api/registry.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <set>
#include <thread>

#include "pkg/api/builtin_resources.h"

namespace k1s::api {
namespace {

std::vector<std::string> ColumnNames(const Resource& r, int priority) {
  std::vector<std::string> names;
  for (const auto& c : r.columns) {
    if (c.priority == priority) names.push_back(c.name);
  }
  return names;
}

Resource Widget(std::string version = "v1") {
  return {
      .group = "example.com",
      .version = std::move(version),
      .kind = "Widget",
      .plural = "widgets",
      .singular = "widget",
      .short_names = {"wd"},
      .verbs = {"create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"},
      .subresources = {{"status", "", "", "", {"get", "patch", "update"}}}};
}

TEST_CASE("lookups by plural and by kind") {
  auto reg = Registry::WithBuiltins();
  auto pods = reg->Find("", "v1", "pods");
  REQUIRE(pods);
  CHECK(pods->kind == "Pod");
  CHECK(pods->singular == "pod");
  CHECK(pods->api_version() == "v1");
  auto deploy = reg->FindKind("apps", "v1", "Deployment");
  REQUIRE(deploy);
  CHECK(deploy->plural == "deployments");
  CHECK(deploy->api_version() == "apps/v1");

  CHECK(reg->Find("", "v1", "deployments") == nullptr);  // wrong group
  CHECK(reg->Find("apps", "v2", "deployments") == nullptr);
  CHECK(reg->FindKind("", "v1", "Deployment") == nullptr);
  CHECK(reg->Find("", "v1", "Pod") == nullptr);  // kinds are not plurals

  auto core_ev = reg->FindKind("", "v1", "Event");
  auto new_ev = reg->FindKind("events.k8s.io", "v1", "Event");
  REQUIRE(core_ev);
  REQUIRE(new_ev);
  CHECK(core_ev != new_ev);
  CHECK(new_ev->short_names == std::vector<std::string>{"ev"});

  CHECK(reg->Find("autoscaling", "v2", "horizontalpodautoscalers"));
  CHECK(reg->Find("autoscaling", "v1", "horizontalpodautoscalers"));
  CHECK(reg->Find("", "v1", "endpoints")->singular == "endpoints");
  CHECK(reg->Find("", "v1", "componentstatuses")->singular == "componentstatus");
}

TEST_CASE("scopes and verbs") {
  auto reg = Registry::WithBuiltins();
  CHECK(reg->Find("", "v1", "pods")->namespaced());
  CHECK_FALSE(reg->Find("", "v1", "nodes")->namespaced());
  CHECK_FALSE(reg->Find("", "v1", "namespaces")->namespaced());
  CHECK_FALSE(reg->Find("", "v1", "persistentvolumes")->namespaced());
  CHECK(reg->Find("", "v1", "persistentvolumeclaims")->namespaced());
  CHECK_FALSE(reg->Find("rbac.authorization.k8s.io", "v1", "clusterroles")->namespaced());
  CHECK(reg->Find("rbac.authorization.k8s.io", "v1", "roles")->namespaced());
  CHECK(reg->Find("authorization.k8s.io", "v1", "localsubjectaccessreviews")->namespaced());
  CHECK_FALSE(reg->Find("authorization.k8s.io", "v1", "selfsubjectaccessreviews")->namespaced());
  CHECK_FALSE(reg->Find("apiextensions.k8s.io", "v1", "customresourcedefinitions")->namespaced());

  const std::vector<std::string> all = {"create", "delete", "deletecollection", "get",
                                        "list",   "patch",  "update",           "watch"};
  CHECK(reg->Find("", "v1", "pods")->verbs == all);
  CHECK(reg->Find("", "v1", "events")->verbs == all);
  CHECK(reg->Find("", "v1", "services")->verbs == all);
  CHECK(reg->Find("", "v1", "bindings")->verbs == std::vector<std::string>{"create"});
  CHECK(reg->Find("authentication.k8s.io", "v1", "tokenreviews")->verbs ==
        std::vector<std::string>{"create"});
  CHECK(reg->Find("authorization.k8s.io", "v1", "selfsubjectaccessreviews")->verbs ==
        std::vector<std::string>{"create"});
  CHECK(reg->Find("", "v1", "componentstatuses")->verbs == std::vector<std::string>{"get", "list"});
  // Namespaces cannot be deleted as a collection.
  auto ns_verbs = reg->Find("", "v1", "namespaces")->verbs;
  CHECK(std::find(ns_verbs.begin(), ns_verbs.end(), "deletecollection") == ns_verbs.end());
}

TEST_CASE("short names and categories") {
  auto reg = Registry::WithBuiltins();
  struct Case {
    std::string group, plural, short_name;
  };
  for (const Case& c :
       std::vector<Case>{{"", "pods", "po"},
                         {"", "services", "svc"},
                         {"apps", "deployments", "deploy"},
                         {"apps", "replicasets", "rs"},
                         {"apps", "daemonsets", "ds"},
                         {"apps", "statefulsets", "sts"},
                         {"", "configmaps", "cm"},
                         {"", "namespaces", "ns"},
                         {"", "nodes", "no"},
                         {"", "serviceaccounts", "sa"},
                         {"", "endpoints", "ep"},
                         {"", "persistentvolumeclaims", "pvc"},
                         {"", "persistentvolumes", "pv"},
                         {"batch", "cronjobs", "cj"},
                         {"", "replicationcontrollers", "rc"},
                         {"", "resourcequotas", "quota"},
                         {"", "limitranges", "limits"},
                         {"certificates.k8s.io", "certificatesigningrequests", "csr"},
                         {"policy", "poddisruptionbudgets", "pdb"},
                         {"scheduling.k8s.io", "priorityclasses", "pc"},
                         {"networking.k8s.io", "ingresses", "ing"},
                         {"networking.k8s.io", "networkpolicies", "netpol"},
                         {"storage.k8s.io", "storageclasses", "sc"},
                         {"", "componentstatuses", "cs"}}) {
    CAPTURE(c.plural);
    auto r = reg->Find(c.group, "v1", c.plural);
    REQUIRE(r);
    CHECK(std::find(r->short_names.begin(), r->short_names.end(), c.short_name) !=
          r->short_names.end());
  }
  CHECK(reg->Find("apiextensions.k8s.io", "v1", "customresourcedefinitions")->short_names ==
        std::vector<std::string>{"crd", "crds"});
  CHECK(reg->Find("autoscaling", "v2", "horizontalpodautoscalers")->short_names ==
        std::vector<std::string>{"hpa"});

  // "kubectl get all" is exactly these kinds.
  std::set<std::string> in_all;
  for (const auto& r : reg->All()) {
    if (std::find(r->categories.begin(), r->categories.end(), "all") != r->categories.end()) {
      in_all.insert(r->plural);
    }
  }
  CHECK(in_all == std::set<std::string>{"pods", "services", "replicationcontrollers", "daemonsets",
                                        "deployments", "replicasets", "statefulsets",
                                        "horizontalpodautoscalers", "cronjobs", "jobs"});
  CHECK(reg->Find("apiextensions.k8s.io", "v1", "customresourcedefinitions")->categories ==
        std::vector<std::string>{"api-extensions"});
  CHECK(reg->Find("admissionregistration.k8s.io", "v1", "validatingwebhookconfigurations")
            ->categories == std::vector<std::string>{"api-extensions"});
  CHECK(reg->Find("", "v1", "configmaps")->categories.empty());
}

TEST_CASE("subresources carry their own kinds") {
  auto reg = Registry::WithBuiltins();
  auto pods = reg->Find("", "v1", "pods");
  for (const char* name : {"status", "binding", "eviction", "log", "exec", "attach", "portforward",
                           "proxy", "ephemeralcontainers", "resize"}) {
    CAPTURE(name);
    CHECK(pods->FindSubresource(name) != nullptr);
  }
  CHECK(pods->FindSubresource("scale") == nullptr);

  const Subresource* eviction = pods->FindSubresource("eviction");
  CHECK(eviction->group == "policy");
  CHECK(eviction->version == "v1");
  CHECK(eviction->kind == "Eviction");
  CHECK(eviction->verbs == std::vector<std::string>{"create"});
  CHECK(pods->FindSubresource("binding")->kind == "Binding");
  CHECK(pods->FindSubresource("log")->kind.empty());
  CHECK(pods->FindSubresource("log")->verbs == std::vector<std::string>{"get"});
  CHECK(pods->FindSubresource("exec")->kind == "PodExecOptions");
  CHECK(pods->FindSubresource("exec")->verbs == std::vector<std::string>{"create", "get"});
  CHECK(pods->FindSubresource("attach")->kind == "PodAttachOptions");
  CHECK(pods->FindSubresource("portforward")->kind == "PodPortForwardOptions");
  CHECK(pods->FindSubresource("proxy")->kind == "PodProxyOptions");
  const Subresource* status = pods->FindSubresource("status");
  CHECK(status->kind.empty());
  CHECK(status->verbs == std::vector<std::string>{"get", "patch", "update"});

  for (auto [group, plural] :
       std::vector<std::pair<std::string, std::string>>{{"apps", "deployments"},
                                                        {"apps", "replicasets"},
                                                        {"apps", "statefulsets"},
                                                        {"", "replicationcontrollers"}}) {
    CAPTURE(plural);
    const Subresource* scale = reg->Find(group, "v1", plural)->FindSubresource("scale");
    REQUIRE(scale);
    CHECK(scale->group == "autoscaling");
    CHECK(scale->version == "v1");
    CHECK(scale->kind == "Scale");
    CHECK(scale->verbs == std::vector<std::string>{"get", "patch", "update"});
  }
  const Subresource* token = reg->Find("", "v1", "serviceaccounts")->FindSubresource("token");
  REQUIRE(token);
  CHECK(token->group == "authentication.k8s.io");
  CHECK(token->kind == "TokenRequest");
  CHECK(reg->Find("", "v1", "namespaces")->FindSubresource("finalize")->verbs ==
        std::vector<std::string>{"update"});
  CHECK(reg->Find("", "v1", "nodes")->FindSubresource("proxy")->kind == "NodeProxyOptions");
  CHECK(reg->Find("", "v1", "services")->FindSubresource("proxy")->kind == "ServiceProxyOptions");
  auto csr = reg->Find("certificates.k8s.io", "v1", "certificatesigningrequests");
  CHECK(csr->FindSubresource("approval"));
  CHECK(csr->FindSubresource("status"));
  CHECK(reg->Find("apiextensions.k8s.io", "v1", "customresourcedefinitions")
            ->FindSubresource("status"));
}

TEST_CASE("storage keys") {
  auto reg = Registry::WithBuiltins();
  auto pods = reg->Find("", "v1", "pods");
  CHECK(pods->StoragePrefix() == "/registry/core/pods/");
  CHECK(pods->StoragePrefix("default") == "/registry/core/pods/default/");
  CHECK(pods->StorageKey("default", "web-0") == "/registry/core/pods/default/web-0");
  auto deploy = reg->Find("apps", "v1", "deployments");
  CHECK(deploy->StorageKey("kube-system", "coredns") ==
        "/registry/apps/deployments/kube-system/coredns");
  auto nodes = reg->Find("", "v1", "nodes");
  CHECK(nodes->StoragePrefix() == "/registry/core/nodes/");
  CHECK(nodes->StoragePrefix("ignored") == "/registry/core/nodes/");
  CHECK(nodes->StorageKey("", "node-1") == "/registry/core/nodes/node-1");
  CHECK(nodes->StorageKey("ignored", "node-1") == "/registry/core/nodes/node-1");
  auto crds = reg->Find("apiextensions.k8s.io", "v1", "customresourcedefinitions");
  CHECK(crds->StorageKey("", "widgets.example.com") ==
        "/registry/apiextensions.k8s.io/customresourcedefinitions/widgets.example.com");
}

TEST_CASE("groups in discovery order with the preferred version first") {
  auto reg = Registry::WithBuiltins();
  auto groups = reg->Groups();
  std::vector<std::string> names;
  for (const auto& g : groups) names.push_back(g.name);
  CHECK(names == std::vector<std::string>{
                     "", "apps", "events.k8s.io", "authentication.k8s.io", "authorization.k8s.io",
                     "autoscaling", "batch", "certificates.k8s.io", "networking.k8s.io", "policy",
                     "rbac.authorization.k8s.io", "storage.k8s.io", "admissionregistration.k8s.io",
                     "apiextensions.k8s.io", "scheduling.k8s.io", "coordination.k8s.io",
                     "node.k8s.io", "discovery.k8s.io", "flowcontrol.apiserver.k8s.io"});
  for (const auto& g : groups) {
    if (g.name == "autoscaling") {
      CHECK(g.versions == std::vector<std::string>{"v2", "v1"});
    } else {
      CHECK(g.versions == std::vector<std::string>{"v1"});
    }
  }

  // Custom groups follow the built-in ones; versions rank GA > beta > alpha.
  reg->Add(Widget("v1alpha1"));
  reg->Add(Widget("v1beta2"));
  reg->Add(Widget("v2"));
  reg->Add(Widget("v1"));
  reg->Add(Widget("v1beta10"));
  auto r = Resource{.group = "aaa.io", .version = "v1", .kind = "A", .plural = "as"};
  reg->Add(r);
  groups = reg->Groups();
  REQUIRE(groups.size() == names.size() + 2);
  CHECK(groups[names.size()].name == "aaa.io");
  CHECK(groups.back().name == "example.com");
  CHECK(groups.back().versions ==
        std::vector<std::string>{"v2", "v1", "v1beta10", "v1beta2", "v1alpha1"});
}

TEST_CASE("add, replace and remove a custom resource") {
  Registry reg;
  CHECK(reg.All().empty());
  reg.Add(Widget());
  auto w = reg.Find("example.com", "v1", "widgets");
  REQUIRE(w);
  CHECK(reg.FindKind("example.com", "v1", "Widget") == w);
  CHECK(w->StorageKey("ns1", "a") == "/registry/example.com/widgets/ns1/a");

  Resource replacement = Widget();
  replacement.scope = Scope::kCluster;
  reg.Add(replacement);
  CHECK(reg.All().size() == 1);
  auto w2 = reg.Find("example.com", "v1", "widgets");
  CHECK_FALSE(w2->namespaced());
  CHECK(w->namespaced());  // an earlier lookup keeps its view

  reg.Remove("example.com", "v1", "widgets");
  CHECK(reg.Find("example.com", "v1", "widgets") == nullptr);
  CHECK(reg.Groups().empty());
  reg.Remove("example.com", "v1", "widgets");  // removing twice is harmless
  CHECK(w2->plural == "widgets");
}

TEST_CASE("the builtin table is well formed") {
  auto resources = BuiltinResources();
  CHECK(resources.size() >= 50);
  std::set<std::string> seen;
  const std::set<std::string> types = {"string", "integer", "boolean", "date", "number"};
  for (const Resource& r : resources) {
    CAPTURE(r.api_version() + " " + r.plural);
    CHECK(seen.insert(r.api_version() + "/" + r.plural).second);
    CHECK_FALSE(r.kind.empty());
    CHECK_FALSE(r.singular.empty());
    CHECK(r.plural.find_first_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ/") == std::string::npos);
    CHECK_FALSE(r.verbs.empty());
    CHECK(std::is_sorted(r.verbs.begin(), r.verbs.end()));
    REQUIRE_FALSE(r.columns.empty());
    int name_columns = 0;
    for (const auto& c : r.columns) {
      CHECK(types.count(c.type) == 1);
      CHECK((c.priority == 0 || c.priority == 1));
      CHECK_FALSE(c.description.empty());
      if (c.name == "Name") {
        ++name_columns;
        CHECK(c.format == "name");
      }
    }
    CHECK(name_columns == 1);
    for (const auto& s : r.subresources) {
      CHECK(std::is_sorted(s.verbs.begin(), s.verbs.end()));
      CHECK(s.group.empty() == s.version.empty());
    }
  }
}

TEST_CASE("printer columns match kubectl get") {
  auto reg = Registry::WithBuiltins();
  auto pods = reg->Find("", "v1", "pods");
  CHECK(ColumnNames(*pods, 0) ==
        std::vector<std::string>{"Name", "Ready", "Status", "Restarts", "Age"});
  CHECK(ColumnNames(*pods, 1) ==
        std::vector<std::string>{"IP", "Node", "Nominated Node", "Readiness Gates"});
  auto deploy = reg->Find("apps", "v1", "deployments");
  CHECK(ColumnNames(*deploy, 0) ==
        std::vector<std::string>{"Name", "Ready", "Up-to-date", "Available", "Age"});
  CHECK(ColumnNames(*deploy, 1) == std::vector<std::string>{"Containers", "Images", "Selector"});
  CHECK(ColumnNames(*reg->Find("", "v1", "services"), 0) ==
        std::vector<std::string>{"Name", "Type", "Cluster-IP", "External-IP", "Port(s)", "Age"});
  CHECK(ColumnNames(*reg->Find("", "v1", "nodes"), 1) ==
        std::vector<std::string>{"Internal-IP", "External-IP", "OS-Image", "Kernel-Version",
                                 "Container-Runtime"});
  CHECK(ColumnNames(*reg->Find("", "v1", "secrets"), 0) ==
        std::vector<std::string>{"Name", "Type", "Data", "Age"});
  CHECK(ColumnNames(*reg->Find("", "v1", "events"), 0) ==
        std::vector<std::string>{"Last Seen", "Type", "Reason", "Object", "Message"});
  auto roles = reg->Find("rbac.authorization.k8s.io", "v1", "roles");
  REQUIRE(roles->columns.size() == 2);
  CHECK(roles->columns[1].name == "Created At");
  CHECK(roles->columns[1].type == "date");
}

TEST_CASE("readers run while resources are added and removed") {
  auto reg = Registry::WithBuiltins();
  std::atomic<bool> stop{false};
  std::atomic<long> lookups{0};
  std::atomic<long> bad{0};  // doctest assertions may not throw from threads
  std::vector<std::thread> readers;
  for (int i = 0; i < 4; ++i) {
    readers.emplace_back([&] {
      do {  // at least once, however late the thread starts
        auto pods = reg->Find("", "v1", "pods");
        auto w = reg->Find("example.com", "v1", "widgets");
        if (!pods || (w && w->kind != "Widget") || reg->Groups().size() < 19 ||
            reg->All().size() < 50) {
          bad.fetch_add(1);
        }
        lookups.fetch_add(1);
      } while (!stop.load());
    });
  }
  for (int i = 0; i < 500; ++i) {
    reg->Add(Widget());
    reg->Add(Widget("v2"));
    reg->Remove("example.com", "v1", "widgets");
  }
  stop.store(true);
  for (auto& t : readers) t.join();
  CHECK(lookups.load() > 0);
  CHECK(bad.load() == 0);
  CHECK(reg->Find("example.com", "v2", "widgets"));
}

}  // namespace
}  // namespace k1s::api
