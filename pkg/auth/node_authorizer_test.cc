#include "pkg/auth/node_authorizer.h"

#include <doctest/doctest.h>

#include <map>

#include "pkg/auth/bootstrap_policy.h"

namespace k1s::auth {

namespace {

// Objects in memory, keyed by "<resource>/<namespace>/<name>".
class FakeObjects final : public NodeObjects {
 public:
  void Put(const std::string& resource, const Json& object) {
    const Json& meta = object["metadata"];
    objects_[resource + "/" + meta.value("namespace", "") + "/" + meta.value("name", "")] = object;
  }

  Status VisitPodsOn(const std::string& node, const std::string& ns,
                     const std::function<bool(const Json&)>& visit) const override {
    ++pod_scans;
    for (const auto& [key, object] : objects_) {
      if (!key.starts_with("pods/")) continue;
      if (!ns.empty() && object["metadata"].value("namespace", "") != ns) continue;
      if (object["spec"].value("nodeName", "") != node) continue;
      if (!visit(object)) break;
    }
    return Status::Ok();
  }

  Result<Json> Get(const std::string&, const std::string& resource, const std::string& ns,
                   const std::string& name) const override {
    auto it = objects_.find(resource + "/" + ns + "/" + name);
    if (it == objects_.end()) return Status::NotFound(resource + " \"" + name + "\" not found");
    return it->second;
  }

  Status VisitPersistentVolumes(const std::function<bool(const Json&)>& visit) const override {
    for (const auto& [key, object] : objects_) {
      if (key.starts_with("persistentvolumes/") && !visit(object)) break;
    }
    return Status::Ok();
  }

  mutable int pod_scans = 0;

 private:
  std::map<std::string, Json> objects_;
};

Json Pod(const std::string& name, const std::string& node, Json spec = Json::object(),
         const std::string& ns = "default") {
  spec["nodeName"] = node;
  if (!spec.contains("containers")) spec["containers"] = Json::array({{{"name", "c"}, {"image", "busybox"}}});
  return {{"metadata", {{"name", name}, {"namespace", ns}}}, {"spec", spec}};
}

User NodeUser(const std::string& name) { return {"system:node:" + name, "", {kNodesGroup, "system:authenticated"}, {}}; }

Attributes Req(const std::string& node, const std::string& verb, const std::string& group,
               const std::string& resource, const std::string& name = "", const std::string& ns = "",
               const std::string& sub = "") {
  Attributes a;
  a.user = NodeUser(node);
  a.verb = verb;
  a.resource_request = true;
  a.api_group = group;
  a.resource = resource;
  a.subresource = sub;
  a.name = name;
  a.namespace_name = ns;
  return a;
}

}  // namespace

TEST_CASE("a node identity is system:node:<name> in group system:nodes") {
  CHECK(NodeIdentity(NodeUser("a")) == std::optional<std::string>("a"));
  CHECK(NodeIdentity({"system:node:a", "", {"system:authenticated"}, {}}) == std::nullopt);
  CHECK(NodeIdentity({"alice", "", {kNodesGroup}, {}}) == std::nullopt);
  CHECK(NodeIdentity({"system:node:", "", {kNodesGroup}, {}}) == std::optional<std::string>(""));

  FakeObjects objects;
  NodeAuthorizer authorizer(objects);
  Attributes alice = Req("a", "get", "", "secrets", "s", "default");
  alice.user = {"alice", "", {"system:authenticated"}, {}};
  Decision d = authorizer.Authorize(alice);
  CHECK_FALSE(d.allowed);
  CHECK(d.reason.empty());
  Attributes unknown = Req("a", "get", "", "nodes", "a");
  unknown.user = {"system:node:", "", {kNodesGroup}, {}};
  CHECK(authorizer.Authorize(unknown).reason == "unknown node for user \"system:node:\"");
}

TEST_CASE("a node reads only the secrets and configmaps its own pods use") {
  FakeObjects objects;
  Json spec_a = {{"volumes", Json::array({{{"name", "v"}, {"secret", {{"secretName", "vol-secret"}}}},
                                          {{"name", "p"},
                                           {"projected",
                                            {{"sources", Json::array({{{"secret", {{"name", "proj-secret"}}}},
                                                                      {{"configMap", {{"name", "proj-cm"}}}}})}}}},
                                          {{"name", "cm"}, {"configMap", {{"name", "vol-cm"}}}}})},
                 {"imagePullSecrets", Json::array({{{"name", "pull"}}})},
                 {"initContainers",
                  Json::array({{{"name", "init"},
                                {"envFrom", Json::array({{{"secretRef", {{"name", "envfrom-secret"}}}},
                                                         {{"configMapRef", {{"name", "envfrom-cm"}}}}})}}})},
                 {"containers",
                  Json::array({{{"name", "c"},
                                {"env", Json::array({{{"name", "X"},
                                                      {"valueFrom", {{"secretKeyRef", {{"name", "env-secret"}}}}}},
                                                     {{"name", "Y"},
                                                      {"valueFrom", {{"configMapKeyRef", {{"name", "env-cm"}}}}}}})}}})}};
  objects.Put("pods", Pod("pa", "a", spec_a));
  objects.Put("pods", Pod("pb", "b", {{"volumes", Json::array({{{"name", "v"}, {"secret", {{"secretName", "b-secret"}}}}})}}));
  NodeAuthorizer authorizer(objects);

  for (const char* s : {"vol-secret", "proj-secret", "pull", "envfrom-secret", "env-secret"}) {
    INFO(s);
    CHECK(authorizer.Authorize(Req("a", "get", "", "secrets", s, "default")).allowed);
    CHECK(authorizer.Authorize(Req("a", "watch", "", "secrets", s, "default")).allowed);
  }
  for (const char* c : {"proj-cm", "vol-cm", "envfrom-cm", "env-cm"}) {
    INFO(c);
    CHECK(authorizer.Authorize(Req("a", "get", "", "configmaps", c, "default")).allowed);
  }
  Decision other = authorizer.Authorize(Req("a", "get", "", "secrets", "b-secret", "default"));
  CHECK_FALSE(other.allowed);
  CHECK(other.reason == "no relationship found between node 'a' and this object");
  CHECK(authorizer.Authorize(Req("b", "get", "", "secrets", "b-secret", "default")).allowed);
  // The same name in another namespace is another secret.
  CHECK_FALSE(authorizer.Authorize(Req("a", "get", "", "secrets", "vol-secret", "other")).allowed);
  CHECK(authorizer.Authorize(Req("a", "list", "", "secrets", "", "default")).reason == "No Object name found");
  CHECK(authorizer.Authorize(Req("a", "update", "", "secrets", "vol-secret", "default")).reason ==
        "can only read resources of this type");
  CHECK(authorizer.Authorize(Req("a", "get", "", "secrets", "vol-secret", "")).reason ==
        "can only read namespaced object of this type");

  // A mirror pod grants nothing: a node could make one up.
  Json mirror = Pod("static", "a", {{"volumes", Json::array({{{"name", "v"}, {"secret", {{"secretName", "m"}}}}})}});
  mirror["metadata"]["annotations"] = {{kMirrorPodAnnotation, "x"}};
  objects.Put("pods", mirror);
  CHECK_FALSE(authorizer.Authorize(Req("a", "get", "", "secrets", "m", "default")).allowed);
  // ... but it is the node's pod to read.
  CHECK(authorizer.Authorize(Req("a", "get", "", "pods", "static", "default")).allowed);
}

TEST_CASE("a node gets the claims, volumes and volume secrets of its pods") {
  FakeObjects objects;
  objects.Put("pods", Pod("pa", "a",
                          {{"volumes", Json::array({{{"name", "data"}, {"persistentVolumeClaim", {{"claimName", "claim"}}}},
                                                    {{"name", "scratch"}, {"ephemeral", Json::object()}}})}}));
  objects.Put("persistentvolumes",
              {{"metadata", {{"name", "pv1"}}},
               {"spec",
                {{"claimRef", {{"namespace", "default"}, {"name", "claim"}}},
                 {"csi",
                  {{"driver", "d"},
                   {"nodePublishSecretRef", {{"name", "csi-secret"}, {"namespace", "default"}}},
                   {"controllerPublishSecretRef", {{"name", "controller-secret"}, {"namespace", "default"}}}}}}}});
  objects.Put("persistentvolumes",
              {{"metadata", {{"name", "pv2"}}}, {"spec", {{"claimRef", {{"namespace", "default"}, {"name", "other"}}}}}});
  objects.Put("volumeattachments", {{"metadata", {{"name", "va-a"}}}, {"spec", {{"nodeName", "a"}}}});
  objects.Put("volumeattachments", {{"metadata", {{"name", "va-b"}}}, {"spec", {{"nodeName", "b"}}}});
  NodeAuthorizer authorizer(objects);

  CHECK(authorizer.Authorize(Req("a", "get", "", "persistentvolumeclaims", "claim", "default")).allowed);
  CHECK(authorizer.Authorize(Req("a", "get", "", "persistentvolumeclaims", "pa-scratch", "default")).allowed);
  CHECK_FALSE(authorizer.Authorize(Req("a", "get", "", "persistentvolumeclaims", "other", "default")).allowed);
  CHECK(authorizer.Authorize(Req("a", "list", "", "persistentvolumeclaims", "", "default")).reason ==
        "can only get individual resources of this type");
  CHECK(authorizer.Authorize(Req("a", "patch", "", "persistentvolumeclaims", "claim", "default", "status")).allowed);
  CHECK_FALSE(authorizer.Authorize(Req("b", "patch", "", "persistentvolumeclaims", "claim", "default", "status")).allowed);
  CHECK(authorizer.Authorize(Req("a", "get", "", "persistentvolumes", "pv1")).allowed);
  CHECK_FALSE(authorizer.Authorize(Req("a", "get", "", "persistentvolumes", "pv2")).allowed);
  CHECK_FALSE(authorizer.Authorize(Req("b", "get", "", "persistentvolumes", "pv1")).allowed);
  CHECK(authorizer.Authorize(Req("a", "get", "", "secrets", "csi-secret", "default")).allowed);
  CHECK_FALSE(authorizer.Authorize(Req("a", "get", "", "secrets", "controller-secret", "default")).allowed);
  CHECK_FALSE(authorizer.Authorize(Req("b", "get", "", "secrets", "csi-secret", "default")).allowed);
  CHECK(authorizer.Authorize(Req("a", "get", "storage.k8s.io", "volumeattachments", "va-a")).allowed);
  CHECK_FALSE(authorizer.Authorize(Req("a", "get", "storage.k8s.io", "volumeattachments", "va-b")).allowed);
}

TEST_CASE("a node reads its own Node and pods, and writes what NodeRestriction then narrows") {
  FakeObjects objects;
  objects.Put("pods", Pod("pa", "a"));
  objects.Put("pods", Pod("pb", "b"));
  NodeAuthorizer authorizer(objects);

  CHECK(authorizer.Authorize(Req("a", "get", "", "nodes", "a")).allowed);
  CHECK(authorizer.Authorize(Req("a", "get", "", "nodes", "b")).reason ==
        "node 'a' cannot read 'b', only its own Node object");
  CHECK(authorizer.Authorize(Req("a", "list", "", "nodes")).reason ==
        "node 'a' cannot read all nodes, only its own Node object");
  CHECK(authorizer.Authorize(Req("a", "watch", "", "nodes", "a")).allowed);
  for (const char* verb : {"create", "update", "patch"}) CHECK(authorizer.Authorize(Req("a", verb, "", "nodes", "b")).allowed);
  CHECK(authorizer.Authorize(Req("a", "patch", "", "nodes", "b", "", "status")).allowed);
  CHECK_FALSE(authorizer.Authorize(Req("a", "delete", "", "nodes", "a")).allowed);
  CHECK_FALSE(authorizer.Authorize(Req("a", "get", "", "nodes", "a", "", "proxy")).allowed);

  CHECK(authorizer.Authorize(Req("a", "get", "", "pods", "pa", "default")).allowed);
  CHECK(authorizer.Authorize(Req("a", "get", "", "pods", "pb", "default")).reason ==
        "no relationship found between node 'a' and this object");
  Attributes list = Req("a", "list", "", "pods");
  CHECK(authorizer.Authorize(list).reason == "can only list/watch pods with spec.nodeName field selector");
  list.field_selector = {{"spec.nodeName", FieldOperator::kEquals, "a"}};
  CHECK(authorizer.Authorize(list).allowed);
  list.field_selector = {{"spec.nodeName", FieldOperator::kDoubleEquals, "a"}};
  CHECK(authorizer.Authorize(list).allowed);
  list.field_selector = {{"spec.nodeName", FieldOperator::kNotEquals, "a"}};
  CHECK_FALSE(authorizer.Authorize(list).allowed);
  list.field_selector = {{"spec.nodeName", FieldOperator::kEquals, "b"}};
  CHECK_FALSE(authorizer.Authorize(list).allowed);
  for (const char* verb : {"create", "delete"}) CHECK(authorizer.Authorize(Req("a", verb, "", "pods", "pb", "default")).allowed);
  CHECK(authorizer.Authorize(Req("a", "patch", "", "pods", "pb", "default", "status")).allowed);
  CHECK(authorizer.Authorize(Req("a", "create", "", "pods", "pb", "default", "eviction")).allowed);
  CHECK_FALSE(authorizer.Authorize(Req("a", "update", "", "pods", "pa", "default")).allowed);
  CHECK_FALSE(authorizer.Authorize(Req("a", "create", "", "pods", "pa", "default", "binding")).allowed);
  CHECK_FALSE(authorizer.Authorize(Req("a", "get", "", "pods", "pa", "default", "log")).allowed);
  // Nothing is read from the store for these.
  CHECK(objects.pod_scans == 0);
}

TEST_CASE("a node uses only its own Lease and CSINode, and tokens of its pods' service accounts") {
  FakeObjects objects;
  objects.Put("pods", Pod("pa", "a", {{"serviceAccountName", "builder"}}));
  NodeAuthorizer authorizer(objects);
  const std::string lease_ns = kNodeLeaseNamespace;
  CHECK(authorizer.Authorize(Req("a", "update", "coordination.k8s.io", "leases", "a", lease_ns)).allowed);
  CHECK(authorizer.Authorize(Req("a", "create", "coordination.k8s.io", "leases", "", lease_ns)).allowed);
  CHECK(authorizer.Authorize(Req("a", "get", "coordination.k8s.io", "leases", "b", lease_ns)).reason ==
        "can only access node lease with the same name as the requesting node");
  CHECK(authorizer.Authorize(Req("a", "get", "coordination.k8s.io", "leases", "a", "default")).reason ==
        "can only access leases in the \"kube-node-lease\" system namespace");
  CHECK(authorizer.Authorize(Req("a", "list", "coordination.k8s.io", "leases", "", lease_ns)).reason ==
        "can only get, create, update, patch, or delete a node lease");
  CHECK(authorizer.Authorize(Req("a", "patch", "storage.k8s.io", "csinodes", "a")).allowed);
  CHECK(authorizer.Authorize(Req("a", "patch", "storage.k8s.io", "csinodes", "b")).reason ==
        "can only access CSINode with the same name as the requesting node");

  CHECK(authorizer.Authorize(Req("a", "create", "", "serviceaccounts", "builder", "default", "token")).allowed);
  CHECK_FALSE(authorizer.Authorize(Req("b", "create", "", "serviceaccounts", "builder", "default", "token")).allowed);
  CHECK_FALSE(authorizer.Authorize(Req("a", "create", "", "serviceaccounts", "default", "default", "token")).allowed);
  CHECK(authorizer.Authorize(Req("a", "get", "", "serviceaccounts", "builder", "default")).reason ==
        "can only create tokens for individual service accounts");
}

TEST_CASE("everything else is the system:node role's rules, the same for every node") {
  FakeObjects objects;
  NodeAuthorizer authorizer(objects);
  CHECK(authorizer.Authorize(Req("a", "list", "", "services")).allowed);
  CHECK(authorizer.Authorize(Req("a", "get", "", "endpoints", "kubernetes", "default")).allowed);
  CHECK(authorizer.Authorize(Req("a", "create", "", "events", "", "default")).allowed);
  CHECK(authorizer.Authorize(Req("a", "create", "authentication.k8s.io", "tokenreviews")).allowed);
  CHECK(authorizer.Authorize(Req("a", "create", "certificates.k8s.io", "certificatesigningrequests")).allowed);
  CHECK(authorizer.Authorize(Req("a", "list", "node.k8s.io", "runtimeclasses")).allowed);
  Decision d = authorizer.Authorize(Req("a", "list", "apps", "deployments"));
  CHECK_FALSE(d.allowed);
  CHECK(d.reason.empty());
  CHECK_FALSE(authorizer.Authorize(Req("a", "delete", "", "services", "x", "default")).allowed);
}

TEST_CASE("the default policy binds the system:node role to nobody") {
  for (const Json& binding : DefaultClusterRoleBindings()) {
    if (binding["roleRef"]["name"] != "system:node") continue;
    INFO(binding["metadata"]["name"].get<std::string>());
    CHECK_FALSE(binding.contains("subjects"));
  }
  CHECK(RetiredClusterRoleBindings() == std::vector<std::string>{"system:k1s:nodes"});
}

}  // namespace k1s::auth
