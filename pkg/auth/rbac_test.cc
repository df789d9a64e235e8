#include <doctest/doctest.h>

#include "pkg/auth/bootstrap_policy.h"
#include "pkg/auth/rbac_policy.h"
#include "pkg/auth/rbac_rules.h"
#include "pkg/auth/rbac_watcher.h"
#include "pkg/store/sqlite_store.h"

namespace k1s::auth {

namespace {

Attributes Res(const std::string& verb, const std::string& group, const std::string& resource,
               const std::string& sub = "", const std::string& name = "", const std::string& ns = "") {
  Attributes a;
  a.user = {"alice", "", {"dev", "system:authenticated"}, {}};
  a.verb = verb;
  a.resource_request = true;
  a.api_group = group;
  a.resource = resource;
  a.subresource = sub;
  a.name = name;
  a.namespace_name = ns;
  return a;
}

Attributes Path(const std::string& verb, const std::string& path) {
  Attributes a;
  a.user = {"alice", "", {"system:authenticated"}, {}};
  a.verb = verb;
  a.path = path;
  return a;
}

PolicyRule R(const Json& rule) { return PolicyRule::FromJson(rule); }

std::string Key(const std::string& plural, const std::string& ns, const std::string& name) {
  std::string key = std::string(kRbacKeyPrefix) + plural + "/";
  if (!ns.empty()) key += ns + "/";
  return key + name;
}

Json RoleBinding(const std::string& kind, const std::string& role, Json subjects) {
  return {{"roleRef", {{"kind", kind}, {"name", role}}}, {"subjects", subjects}};
}

}  // namespace

TEST_CASE("a rule matches verbs, groups, resources, subresources and names as RBAC does") {
  struct Case {
    Json rule;
    Attributes request;
    bool allowed;
  };
  const Case cases[] = {
      {{{"verbs", {"get"}}, {"apiGroups", {""}}, {"resources", {"pods"}}}, Res("get", "", "pods"), true},
      {{{"verbs", {"get"}}, {"apiGroups", {""}}, {"resources", {"pods"}}}, Res("list", "", "pods"), false},
      {{{"verbs", {"*"}}, {"apiGroups", {""}}, {"resources", {"pods"}}}, Res("delete", "", "pods"), true},
      {{{"verbs", {"get"}}, {"apiGroups", {""}}, {"resources", {"pods"}}}, Res("get", "apps", "pods"), false},
      {{{"verbs", {"get"}}, {"apiGroups", {"*"}}, {"resources", {"pods"}}}, Res("get", "apps", "pods"), true},
      // A subresource needs its own grant...
      {{{"verbs", {"get"}}, {"apiGroups", {""}}, {"resources", {"pods"}}}, Res("get", "", "pods", "log"), false},
      {{{"verbs", {"get"}}, {"apiGroups", {""}}, {"resources", {"pods/log"}}}, Res("get", "", "pods", "log"), true},
      {{{"verbs", {"get"}}, {"apiGroups", {""}}, {"resources", {"pods/log"}}}, Res("get", "", "pods"), false},
      // ... "*/scale" grants scale of every resource, "*" everything.
      {{{"verbs", {"get"}}, {"apiGroups", {"*"}}, {"resources", {"*/scale"}}},
       Res("get", "apps", "deployments", "scale"), true},
      {{{"verbs", {"get"}}, {"apiGroups", {"*"}}, {"resources", {"*/scale"}}}, Res("get", "apps", "deployments"),
       false},
      {{{"verbs", {"get"}}, {"apiGroups", {"*"}}, {"resources", {"*/scale"}}},
       Res("get", "apps", "deployments", "status"), false},
      {{{"verbs", {"get"}}, {"apiGroups", {"*"}}, {"resources", {"*"}}}, Res("get", "", "pods", "exec"), true},
      {{{"verbs", {"get"}}, {"apiGroups", {""}}, {"resources", {"pods"}}, {"resourceNames", {"web"}}},
       Res("get", "", "pods", "", "web"), true},
      {{{"verbs", {"get"}}, {"apiGroups", {""}}, {"resources", {"pods"}}, {"resourceNames", {"web"}}},
       Res("get", "", "pods", "", "db"), false},
      // A list has no name: resourceNames cannot grant it.
      {{{"verbs", {"list"}}, {"apiGroups", {""}}, {"resources", {"pods"}}, {"resourceNames", {"web"}}},
       Res("list", "", "pods"), false},
      {{{"verbs", {"get"}}, {"nonResourceURLs", {"/healthz"}}}, Path("get", "/healthz"), true},
      {{{"verbs", {"get"}}, {"nonResourceURLs", {"/healthz"}}}, Path("get", "/healthz/ping"), false},
      {{{"verbs", {"get"}}, {"nonResourceURLs", {"/apis/*"}}}, Path("get", "/apis/apps/v1"), true},
      {{{"verbs", {"get"}}, {"nonResourceURLs", {"/apis/*"}}}, Path("get", "/apis"), false},
      {{{"verbs", {"get"}}, {"nonResourceURLs", {"*"}}}, Path("get", "/anything"), true},
      {{{"verbs", {"get"}}, {"nonResourceURLs", {"*"}}}, Path("post", "/anything"), false},
      // Resource rules never grant paths and the other way round.
      {{{"verbs", {"*"}}, {"apiGroups", {"*"}}, {"resources", {"*"}}}, Path("get", "/api"), false},
      {{{"verbs", {"*"}}, {"nonResourceURLs", {"*"}}}, Res("get", "", "pods"), false},
  };
  for (const Case& c : cases) {
    CAPTURE(c.rule.dump());
    CAPTURE(c.request.verb + " " + c.request.resource + "/" + c.request.subresource + " " + c.request.path);
    CHECK(RuleAllows(R(c.rule), c.request) == c.allowed);
  }
}

TEST_CASE("subjects: users, groups and service accounts") {
  User sa{"system:serviceaccount:team:builder", "", {"system:serviceaccounts", "system:serviceaccounts:team"}, {}};
  CHECK(SubjectApplies({{"kind", "ServiceAccount"}, {"name", "builder"}, {"namespace", "team"}}, sa, ""));
  CHECK(SubjectApplies({{"kind", "ServiceAccount"}, {"name", "builder"}}, sa, "team"));
  CHECK_FALSE(SubjectApplies({{"kind", "ServiceAccount"}, {"name", "builder"}}, sa, ""));
  CHECK_FALSE(SubjectApplies({{"kind", "ServiceAccount"}, {"name", "builder"}}, sa, "other"));
  CHECK(SubjectApplies({{"kind", "Group"}, {"name", "system:serviceaccounts:team"}}, sa, ""));
  CHECK_FALSE(SubjectApplies({{"kind", "User"}, {"name", "builder"}}, sa, ""));
  CHECK(SubjectApplies({{"kind", "User"}, {"name", "system:serviceaccount:team:builder"}}, sa, ""));
  std::string ns, name;
  CHECK(ParseServiceAccountUserName("system:serviceaccount:a:b", &ns, &name));
  CHECK(ns == "a");
  CHECK(name == "b");
  CHECK_FALSE(ParseServiceAccountUserName("system:serviceaccount:a", &ns, &name));
  CHECK_FALSE(ParseServiceAccountUserName("system:serviceaccount:a:b:c", &ns, &name));
}

TEST_CASE("bindings grant their role's rules in their scope") {
  RbacPolicy policy;
  policy.Put(Key("roles", "dev", "reader"),
             {{"rules", {{{"verbs", {"get", "list"}}, {"apiGroups", {""}}, {"resources", {"pods"}}}}}});
  policy.Put(Key("clusterroles", "", "secrets"),
             {{"rules", {{{"verbs", {"get"}}, {"apiGroups", {""}}, {"resources", {"secrets"}}}}}});
  Attributes list_dev = Res("list", "", "pods", "", "", "dev");
  CHECK_FALSE(policy.Authorize(list_dev).allowed);

  policy.Put(Key("rolebindings", "dev", "alice-reads"),
             RoleBinding("Role", "reader", {{{"kind", "User"}, {"name", "alice"}}}));
  Decision d = policy.Authorize(list_dev);
  CHECK(d.allowed);
  CHECK(d.reason == R"(RBAC: allowed by RoleBinding "alice-reads/dev" of Role "reader" to User "alice")");
  CHECK_FALSE(policy.Authorize(Res("list", "", "pods", "", "", "prod")).allowed);
  CHECK_FALSE(policy.Authorize(Res("list", "", "pods")).allowed);

  // A RoleBinding to a ClusterRole grants it only in the binding's namespace.
  policy.Put(Key("rolebindings", "dev", "devs-secrets"),
             RoleBinding("ClusterRole", "secrets", {{{"kind", "Group"}, {"name", "dev"}}}));
  CHECK(policy.Authorize(Res("get", "", "secrets", "", "s", "dev")).allowed);
  CHECK_FALSE(policy.Authorize(Res("get", "", "secrets", "", "s", "prod")).allowed);

  policy.Put(Key("clusterrolebindings", "", "all-secrets"),
             RoleBinding("ClusterRole", "secrets", {{{"kind", "User"}, {"name", "alice"}}}));
  CHECK(policy.Authorize(Res("get", "", "secrets", "", "s", "prod")).allowed);
  CHECK(policy.Authorize(Res("get", "", "secrets", "", "s")).allowed);

  // Removing a binding or its role takes the grant away.
  policy.Remove(Key("clusterrolebindings", "", "all-secrets"));
  CHECK_FALSE(policy.Authorize(Res("get", "", "secrets", "", "s", "prod")).allowed);
  policy.Remove(Key("roles", "dev", "reader"));
  CHECK_FALSE(policy.Authorize(list_dev).allowed);

  auto rules = policy.RulesFor({"alice", "", {"dev"}, {}}, "dev");
  REQUIRE(rules.size() == 1);
  CHECK(rules[0].resources == std::vector<std::string>{"secrets"});
}

TEST_CASE("the default policy: admins, discovery, basic users, the components") {
  RbacPolicy policy;
  for (const Json& role : DefaultClusterRoles()) {
    policy.Put(Key("clusterroles", "", role["metadata"]["name"]), role);
  }
  for (const Json& b : DefaultClusterRoleBindings()) {
    policy.Put(Key("clusterrolebindings", "", b["metadata"]["name"]), b);
  }
  Attributes admin = Res("delete", "apps", "deployments", "", "x", "default");
  admin.user = {"root", "", {"system:masters", "system:authenticated"}, {}};
  CHECK(policy.Authorize(admin).allowed);

  Attributes discovery = Path("get", "/apis/apps/v1");
  CHECK(policy.Authorize(discovery).allowed);
  Attributes anonymous_health = Path("get", "/healthz");
  anonymous_health.user = {"system:anonymous", "", {"system:unauthenticated"}, {}};
  CHECK(policy.Authorize(anonymous_health).allowed);
  Attributes anonymous_api = Path("get", "/api");
  anonymous_api.user = anonymous_health.user;
  CHECK_FALSE(policy.Authorize(anonymous_api).allowed);

  Attributes ssar = Res("create", "authorization.k8s.io", "selfsubjectaccessreviews");
  CHECK(policy.Authorize(ssar).allowed);
  CHECK_FALSE(policy.Authorize(Res("list", "", "pods", "", "", "default")).allowed);

  Attributes bind = Res("create", "", "pods", "binding", "p", "default");
  bind.user = {"system:kube-scheduler", "", {"system:authenticated"}, {}};
  CHECK(policy.Authorize(bind).allowed);
  Attributes sched_secret = Res("get", "", "secrets", "", "s", "default");
  sched_secret.user = bind.user;
  CHECK_FALSE(policy.Authorize(sched_secret).allowed);

  // Nodes get nothing from RBAC: the Node authorizer decides for them.
  Attributes node_status = Res("patch", "", "nodes", "status", "n1");
  node_status.user = {"system:node:n1", "", {"system:nodes", "system:authenticated"}, {}};
  CHECK_FALSE(policy.Authorize(node_status).allowed);
}

TEST_CASE("aggregated ClusterRoles collect the rules of the roles their selectors match") {
  RbacPolicy policy;
  for (const Json& role : DefaultClusterRoles()) {
    policy.Put(Key("clusterroles", "", role["metadata"]["name"]), role);
  }
  // Aggregation runs to a fixed point, as the controller does over rounds.
  for (int round = 0; round < 5; ++round) {
    for (auto& [name, rules] : policy.StaleAggregations()) {
      Json role;
      for (const Json& r : DefaultClusterRoles()) {
        if (r["metadata"]["name"] == name) role = r;
      }
      role["rules"] = rules;
      policy.Put(Key("clusterroles", "", name), role);
    }
  }
  CHECK(policy.StaleAggregations().empty());
  policy.Put(Key("rolebindings", "team", "alice-view"),
             RoleBinding("ClusterRole", "view", {{{"kind", "User"}, {"name", "alice"}}}));
  CHECK(policy.Authorize(Res("get", "", "pods", "log", "p", "team")).allowed);
  CHECK(policy.Authorize(Res("list", "apps", "deployments", "", "", "team")).allowed);
  CHECK_FALSE(policy.Authorize(Res("get", "", "secrets", "", "s", "team")).allowed);
  CHECK_FALSE(policy.Authorize(Res("create", "", "pods", "", "", "team")).allowed);
  policy.Put(Key("rolebindings", "team", "alice-admin"),
             RoleBinding("ClusterRole", "admin", {{{"kind", "User"}, {"name", "alice"}}}));
  // admin includes edit, which includes view.
  CHECK(policy.Authorize(Res("get", "", "secrets", "", "s", "team")).allowed);
  CHECK(policy.Authorize(Res("create", "rbac.authorization.k8s.io", "rolebindings", "", "", "team")).allowed);
}

TEST_CASE("the watcher follows the store and aggregates") {
  auto store = store::OpenSqliteStore({.path = ":memory:"});
  REQUIRE(store.ok());
  auto& s = **store;
  Json view = {{"metadata", {{"name", "view"}}},
               {"aggregationRule",
                {{"clusterRoleSelectors", Json::array({{{"matchLabels", {{"agg", "true"}}}}})}}}};
  REQUIRE(s.Create(Key("clusterroles", "", "view"), view.dump()).ok());
  auto watcher = RbacWatcher::Start(s, Logger());
  REQUIRE(watcher.ok());
  const RbacPolicy& policy = (*watcher)->policy();
  Attributes get = Res("get", "", "pods", "", "p", "dev");
  REQUIRE(s.Create(Key("rolebindings", "dev", "b"),
                   RoleBinding("ClusterRole", "view", {{{"kind", "User"}, {"name", "alice"}}}).dump())
              .ok());
  Json piece = {{"metadata", {{"name", "piece"}, {"labels", {{"agg", "true"}}}}},
                {"rules", {{{"verbs", {"get"}}, {"apiGroups", {""}}, {"resources", {"pods"}}}}}};
  REQUIRE(s.Create(Key("clusterroles", "", "piece"), piece.dump()).ok());
  bool allowed = false;
  for (int i = 0; i < 500 && !allowed; ++i) {
    (*watcher)->CatchUp();
    allowed = policy.Authorize(get).allowed;
    if (!allowed) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  CHECK(allowed);
  auto stored = s.Get(Key("clusterroles", "", "view"));
  REQUIRE(stored.ok());
  CHECK(Json::parse(stored->value)["rules"].size() == 1);
  watcher->reset();
  s.Close();
}

}  // namespace k1s::auth
