#include "pkg/auth/node_authorizer.h"

#include <algorithm>

#include "pkg/auth/bootstrap_policy.h"
#include "pkg/util/json_fields.h"

namespace k1s::auth {

namespace {

// Calls f on each element of object[field] when it is a list.
template <typename F>
void Each(const Json& object, const char* field, F f) {
  const Json& list = JsonField(object, field);
  if (!list.is_array()) return;
  for (const Json& item : list) f(item);
}

// Every container of a pod: containers, initContainers, ephemeralContainers.
template <typename F>
void EachContainer(const Json& pod, F f) {
  const Json& spec = JsonField(pod, "spec");
  for (const char* list : {"initContainers", "containers", "ephemeralContainers"}) Each(spec, list, f);
}

void Add(std::vector<std::string>& names, const std::string& name) {
  if (!name.empty()) names.push_back(name);
}

bool Contains(const std::vector<std::string>& names, const std::string& name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

Decision Allow() { return {true, ""}; }
Decision NoOpinion(std::string reason = "") { return {false, std::move(reason)}; }

std::string NoRelationship(const std::string& node) {
  return "no relationship found between node '" + node + "' and this object";
}

// Whether the field selector asks for `field` = `value` (= or ==).
bool SelectsField(const Attributes& a, const std::string& field, const std::string& value) {
  for (const FieldRequirement& r : a.field_selector) {
    if (r.field == field && r.op != FieldOperator::kNotEquals && r.value == value) return true;
  }
  return false;
}

// The secrets a PersistentVolume makes the kubelet read (pvutil's
// kubelet-visible references), as (namespace, name).
std::vector<std::pair<std::string, std::string>> PvSecrets(const Json& pv) {
  std::vector<std::pair<std::string, std::string>> out;
  const Json& spec = JsonField(pv, "spec");
  const std::string claim_ns = JsonString(JsonField(spec, "claimRef"), "namespace");
  auto ref = [&](const Json& r) {
    if (!r.is_object() || JsonString(r, "name").empty()) return;
    std::string ns = JsonString(r, "namespace");
    out.emplace_back(ns.empty() ? claim_ns : ns, JsonString(r, "name"));
  };
  if (const Json& azure = JsonField(spec, "azureFile"); azure.is_object() && !JsonString(azure, "secretName").empty()) {
    std::string ns = JsonString(azure, "secretNamespace");
    out.emplace_back(ns.empty() ? claim_ns : ns, JsonString(azure, "secretName"));
  }
  for (const char* source : {"cephfs", "cinder", "flexVolume", "rbd", "scaleIO", "iscsi", "storageos"}) {
    ref(JsonField(JsonField(spec, source), "secretRef"));
  }
  // The controller's secrets (controllerPublish, controllerExpand) are not
  // the kubelet's business.
  const Json& csi = JsonField(spec, "csi");
  for (const char* field : {"nodePublishSecretRef", "nodeStageSecretRef", "nodeExpandSecretRef"}) {
    ref(JsonField(csi, field));
  }
  return out;
}

}  // namespace

std::optional<std::string> NodeIdentity(const User& user) {
  if (!user.name.starts_with(kNodeUserPrefix) || !user.InGroup(kNodesGroup)) return std::nullopt;
  return user.name.substr(kNodeUserPrefix.size());
}

bool IsMirrorPod(const Json& pod) {
  const Json& annotations = JsonField(JsonField(pod, "metadata"), "annotations");
  return annotations.is_object() && annotations.contains(kMirrorPodAnnotation);
}

std::vector<std::string> PodSecretNames(const Json& pod) {
  std::vector<std::string> names;
  const Json& spec = JsonField(pod, "spec");
  Each(spec, "imagePullSecrets", [&](const Json& r) { Add(names, JsonString(r, "name")); });
  EachContainer(pod, [&](const Json& c) {
    Each(c, "envFrom", [&](const Json& e) { Add(names, JsonString(JsonField(e, "secretRef"), "name")); });
    Each(c, "env", [&](const Json& e) { Add(names, JsonString(JsonField(JsonField(e, "valueFrom"), "secretKeyRef"), "name")); });
  });
  Each(spec, "volumes", [&](const Json& v) {
    Add(names, JsonString(JsonField(v, "azureFile"), "secretName"));
    for (const char* source : {"cephfs", "cinder", "flexVolume", "rbd", "scaleIO", "iscsi", "storageos"}) {
      Add(names, JsonString(JsonField(JsonField(v, source), "secretRef"), "name"));
    }
    Add(names, JsonString(JsonField(v, "secret"), "secretName"));
    Add(names, JsonString(JsonField(JsonField(v, "csi"), "nodePublishSecretRef"), "name"));
    Each(JsonField(v, "projected"), "sources", [&](const Json& s) { Add(names, JsonString(JsonField(s, "secret"), "name")); });
  });
  return names;
}

std::vector<std::string> PodConfigMapNames(const Json& pod) {
  std::vector<std::string> names;
  EachContainer(pod, [&](const Json& c) {
    Each(c, "envFrom", [&](const Json& e) { Add(names, JsonString(JsonField(e, "configMapRef"), "name")); });
    Each(c, "env", [&](const Json& e) { Add(names, JsonString(JsonField(JsonField(e, "valueFrom"), "configMapKeyRef"), "name")); });
  });
  Each(JsonField(pod, "spec"), "volumes", [&](const Json& v) {
    Add(names, JsonString(JsonField(v, "configMap"), "name"));
    Each(JsonField(v, "projected"), "sources", [&](const Json& s) { Add(names, JsonString(JsonField(s, "configMap"), "name")); });
  });
  return names;
}

std::vector<std::string> PodClaimNames(const Json& pod) {
  std::vector<std::string> names;
  const std::string pod_name = JsonString(JsonField(pod, "metadata"), "name");
  Each(JsonField(pod, "spec"), "volumes", [&](const Json& v) {
    if (const Json& pvc = JsonField(v, "persistentVolumeClaim"); pvc.is_object()) {
      Add(names, JsonString(pvc, "claimName"));
    } else if (JsonField(v, "ephemeral").is_object()) {
      Add(names, pod_name + "-" + JsonString(v, "name"));
    }
  });
  return names;
}

NodeAuthorizer::NodeAuthorizer(const NodeObjects& objects) : objects_(objects) {
  for (const Json& rule : NodeRules()) rules_.push_back(PolicyRule::FromJson(rule));
}

Decision NodeAuthorizer::Authorize(const Attributes& a) const {
  std::optional<std::string> node = NodeIdentity(a.user);
  if (!node) return NoOpinion();
  if (node->empty()) return NoOpinion("unknown node for user \"" + a.user.name + "\"");
  if (a.resource_request) {
    const std::string& r = a.resource;
    if (a.api_group.empty()) {
      if (r == "secrets") return ReadNamespaced(*node, "secret", a);
      if (r == "configmaps") return ReadNamespaced(*node, "configmap", a);
      if (r == "persistentvolumeclaims") {
        return a.subresource == "status" ? StatusUpdate(*node, "pvc", a) : Get(*node, "pvc", a);
      }
      if (r == "persistentvolumes") return Get(*node, "pv", a);
      if (r == "serviceaccounts") return CreateToken(*node, a);
      if (r == "nodes") return Node(*node, a);
      if (r == "pods") return Pod(*node, a);
    } else if (a.api_group == "storage.k8s.io") {
      if (r == "volumeattachments") return Get(*node, "volumeattachment", a);
      if (r == "csinodes") return CsiNode(*node, a);
    } else if (a.api_group == "coordination.k8s.io" && r == "leases") {
      return Lease(*node, a);
    }
    // k1s serves no resource.k8s.io: ResourceClaims and ResourceSlices, which
    // Kubernetes also subdivides, do not arise.
  }
  // Everything else is the same for every node: the system:node rules.
  for (const PolicyRule& rule : rules_) {
    if (RuleAllows(rule, a)) return Allow();
  }
  return NoOpinion();
}

Decision NodeAuthorizer::Node(const std::string& node, const Attributes& a) const {
  const std::string& verb = a.verb;
  if (a.subresource.empty()) {
    // Which Node a node may create or change is NodeRestriction's business.
    if (verb == "create" || verb == "update" || verb == "patch") return Allow();
    if (verb == "get" || verb == "list" || verb == "watch") {
      // By name, not relationship: a kubelet reads its Node before it exists.
      if (a.name == node) return Allow();
      if (a.name.empty()) return NoOpinion("node '" + node + "' cannot read all nodes, only its own Node object");
      return NoOpinion("node '" + node + "' cannot read '" + a.name + "', only its own Node object");
    }
  } else if (a.subresource == "status" && (verb == "update" || verb == "patch")) {
    return Allow();
  }
  return NoOpinion();
}

Decision NodeAuthorizer::Pod(const std::string& node, const Attributes& a) const {
  const std::string& verb = a.verb;
  if (a.subresource.empty()) {
    if (verb == "get") return Get(node, "pod", a);
    if (verb == "list" || verb == "watch") {
      if (SelectsField(a, "spec.nodeName", node)) return Allow();
      if (!a.name.empty()) return Related(node, "pod", a);
      return NoOpinion("can only list/watch pods with spec.nodeName field selector");
    }
    // Mirror pods; NodeRestriction keeps them to pods bound to the node.
    if (verb == "create" || verb == "delete") return Allow();
  } else if (a.subresource == "status") {
    if (verb == "update" || verb == "patch") return Allow();
  } else if (a.subresource == "eviction") {
    if (verb == "create") return Allow();
  }
  return NoOpinion();
}

Decision NodeAuthorizer::Lease(const std::string& node, const Attributes& a) const {
  const std::string& verb = a.verb;
  if (verb != "get" && verb != "create" && verb != "update" && verb != "patch" && verb != "delete") {
    return NoOpinion("can only get, create, update, patch, or delete a node lease");
  }
  if (a.namespace_name != kNodeLeaseNamespace) {
    return NoOpinion(std::string("can only access leases in the \"") + kNodeLeaseNamespace + "\" system namespace");
  }
  // A create names its Lease in the body: NodeRestriction checks that one.
  if (verb != "create" && a.name != node) {
    return NoOpinion("can only access node lease with the same name as the requesting node");
  }
  return Allow();
}

Decision NodeAuthorizer::CsiNode(const std::string& node, const Attributes& a) const {
  const std::string& verb = a.verb;
  if (verb != "get" && verb != "create" && verb != "update" && verb != "patch" && verb != "delete") {
    return NoOpinion("can only get, create, update, patch, or delete a CSINode");
  }
  if (!a.subresource.empty()) return NoOpinion("cannot authorize CSINode subresources");
  if (verb != "create" && a.name != node) {
    return NoOpinion("can only access CSINode with the same name as the requesting node");
  }
  return Allow();
}

Decision NodeAuthorizer::ReadNamespaced(const std::string& node, const std::string& kind,
                                        const Attributes& a) const {
  if (a.verb != "get" && a.verb != "list" && a.verb != "watch") {
    return NoOpinion("can only read resources of this type");
  }
  if (!a.subresource.empty()) return NoOpinion("cannot read subresource");
  if (a.namespace_name.empty()) return NoOpinion("can only read namespaced object of this type");
  return Related(node, kind, a);
}

Decision NodeAuthorizer::Get(const std::string& node, const std::string& kind, const Attributes& a) const {
  if (a.verb != "get") return NoOpinion("can only get individual resources of this type");
  if (!a.subresource.empty()) return NoOpinion("cannot get subresource");
  return Related(node, kind, a);
}

Decision NodeAuthorizer::StatusUpdate(const std::string& node, const std::string& kind,
                                      const Attributes& a) const {
  if (a.verb != "update" && a.verb != "patch") return NoOpinion("can only get/update/patch this type");
  if (a.subresource != "status") return NoOpinion("can only update status subresource");
  return Related(node, kind, a);
}

Decision NodeAuthorizer::CreateToken(const std::string& node, const Attributes& a) const {
  if (a.verb != "create" || a.name.empty()) {
    return NoOpinion("can only create tokens for individual service accounts");
  }
  if (a.subresource != "token") return NoOpinion("can only create token subresource of serviceaccount");
  auto related = HasPath(node, "serviceaccount", a.namespace_name, a.name);
  if (!related.ok() || !*related) return NoOpinion(NoRelationship(node));
  return Allow();
}

Decision NodeAuthorizer::Related(const std::string& node, const std::string& kind, const Attributes& a) const {
  if (a.name.empty()) return NoOpinion("No Object name found");
  // A failed read is no relationship, as a graph lookup error is in
  // Kubernetes.
  auto related = HasPath(node, kind, a.namespace_name, a.name);
  if (!related.ok() || !*related) return NoOpinion(NoRelationship(node));
  return Allow();
}

Result<bool> NodeAuthorizer::AnyPodUses(const std::string& node, const std::string& ns,
                                        const std::function<bool(const Json&)>& uses) const {
  bool found = false;
  K1S_RETURN_IF_ERROR(objects_.VisitPodsOn(node, ns, [&](const Json& pod) {
    // A mirror pod is the node's own creation: it must not grant the node
    // anything (NodeRestriction refuses mirror pods that reference objects;
    // this is the defence in depth Kubernetes' graph has too).
    found = !IsMirrorPod(pod) && uses(pod);
    return !found;
  }));
  return found;
}

Result<bool> NodeAuthorizer::PodsUseClaim(const std::string& node, const std::string& ns,
                                          const std::string& claim) const {
  return AnyPodUses(node, ns, [&](const Json& pod) { return Contains(PodClaimNames(pod), claim); });
}

Result<bool> NodeAuthorizer::HasPath(const std::string& node, const std::string& kind, const std::string& ns,
                                     const std::string& name) const {
  if (kind == "pod") {
    K1S_ASSIGN_OR_RETURN(Json pod, objects_.Get("", "pods", ns, name));
    return JsonString(JsonField(pod, "spec"), "nodeName") == node;
  }
  if (kind == "volumeattachment") {
    K1S_ASSIGN_OR_RETURN(Json attachment, objects_.Get("storage.k8s.io", "volumeattachments", "", name));
    return JsonString(JsonField(attachment, "spec"), "nodeName") == node;
  }
  if (kind == "serviceaccount") {
    return AnyPodUses(node, ns, [&](const Json& pod) {
      return JsonString(JsonField(pod, "spec"), "serviceAccountName") == name;
    });
  }
  if (kind == "configmap") {
    return AnyPodUses(node, ns, [&](const Json& pod) { return Contains(PodConfigMapNames(pod), name); });
  }
  if (kind == "pvc") return PodsUseClaim(node, ns, name);
  if (kind == "pv") {
    // pv -> pvc is the volume's claimRef, as in Kubernetes' graph.
    K1S_ASSIGN_OR_RETURN(Json pv, objects_.Get("", "persistentvolumes", "", name));
    const Json& claim = JsonField(JsonField(pv, "spec"), "claimRef");
    if (JsonString(claim, "name").empty()) return false;
    return PodsUseClaim(node, JsonString(claim, "namespace"), JsonString(claim, "name"));
  }
  if (kind == "secret") {
    K1S_ASSIGN_OR_RETURN(bool used, AnyPodUses(node, ns, [&](const Json& pod) {
      return Contains(PodSecretNames(pod), name);
    }));
    if (used) return true;
    // node <- pod <- pvc <- pv <- secret: the volumes (usually few) that
    // name the secret, then whether a pod of the node uses their claim.
    std::vector<std::pair<std::string, std::string>> claims;
    K1S_RETURN_IF_ERROR(objects_.VisitPersistentVolumes([&](const Json& pv) {
      const Json& claim = JsonField(JsonField(pv, "spec"), "claimRef");
      if (JsonString(claim, "name").empty()) return true;
      for (const auto& [secret_ns, secret] : PvSecrets(pv)) {
        if (secret_ns == ns && secret == name) {
          claims.emplace_back(JsonString(claim, "namespace"), JsonString(claim, "name"));
          break;
        }
      }
      return true;
    }));
    for (const auto& [claim_ns, claim] : claims) {
      K1S_ASSIGN_OR_RETURN(bool uses, PodsUseClaim(node, claim_ns, claim));
      if (uses) return true;
    }
    return false;
  }
  return false;
}

}  // namespace k1s::auth
