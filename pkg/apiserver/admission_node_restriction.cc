// NodeRestriction: what kube-apiserver's admission plugin of that name lets a
// node (system:node:<name> in system:nodes) write, after the Node authorizer
// let the request through. A node may
//  - create, update and patch only its own Node, never setting or changing
//    node-restriction.kubernetes.io/ labels, nor kubernetes.io / k8s.io
//    labels other than the ones kubelets set (hostname, os, arch, zone,
//    region, instance type, [*.]kubelet.kubernetes.io/ and
//    [*.]node.kubernetes.io/), nor changing its taints or configSource;
//  - create only mirror pods bound to itself, owned by its Node and
//    referencing nothing (no service account, secret, configmap, PVC or
//    cluster trust bundle); delete, update the status of and evict only pods
//    bound to itself (a status update may not change labels);
//  - update only the status of a PVC, and there only capacity, conditions and
//    the allocated resources;
//  - request tokens only bound to a pod (with its uid) bound to itself;
//  - touch only its own Lease in kube-node-lease and its own CSINode.
// Messages are Kubernetes': `nodes "b" is forbidden: node "a" is not allowed
// to modify node "b"`. Other users are not looked at.
#include <map>
#include <optional>
#include <set>
#include <string>

#include "pkg/apiserver/admission.h"
#include "pkg/auth/node_authorizer.h"
#include "pkg/util/json_fields.h"

namespace k1s::apiserver {

namespace {

const Json& Meta(const Json* object) {
  static const Json kNull;
  return object == nullptr ? kNull : JsonField(*object, "metadata");
}

const char* OperationName(AdmissionOperation op) {
  switch (op) {
    case AdmissionOperation::kCreate:
      return "CREATE";
    case AdmissionOperation::kUpdate:
      return "UPDATE";
    case AdmissionOperation::kDelete:
      return "DELETE";
  }
  return "";
}

std::string Quote(const std::string& s) { return Json(s).dump(); }

// A JSON value with nulls and empty lists and objects left out, so that
// absent, null and empty compare equal (Kubernetes' semantic equality).
Json Normalized(const Json& value) {
  if (value.is_object()) {
    Json out = Json::object();
    for (auto it = value.begin(); it != value.end(); ++it) {
      Json v = Normalized(it.value());
      if (!v.is_null()) out[it.key()] = std::move(v);
    }
    return out.empty() ? Json() : out;
  }
  if (value.is_array()) {
    if (value.empty()) return Json();
    Json out = Json::array();
    for (const Json& v : value) out.push_back(Normalized(v));
    return out;
  }
  return value;
}

bool SemanticEqual(const Json& a, const Json& b) { return Normalized(a) == Normalized(b); }

std::map<std::string, std::string> Labels(const Json* object) {
  std::map<std::string, std::string> labels;
  const Json& l = JsonField(Meta(object), "labels");
  if (!l.is_object()) return labels;
  for (auto it = l.begin(); it != l.end(); ++it) {
    if (it.value().is_string()) labels[it.key()] = it.value().get<std::string>();
  }
  return labels;
}

// The label keys added, removed or changed between a and b.
std::set<std::string> ModifiedLabels(const std::map<std::string, std::string>& a,
                                     const std::map<std::string, std::string>& b) {
  std::set<std::string> modified;
  for (const auto& [k, v] : a) {
    auto it = b.find(k);
    if (it == b.end() || it->second != v) modified.insert(k);
  }
  for (const auto& [k, v] : b) {
    auto it = a.find(k);
    if (it == a.end() || it->second != v) modified.insert(k);
  }
  return modified;
}

std::string LabelNamespace(const std::string& key) {
  size_t slash = key.find('/');
  return slash == std::string::npos ? "" : key.substr(0, slash);
}

bool InDomain(const std::string& ns, const std::string& domain) {
  return ns == domain || (ns.size() > domain.size() && ns.ends_with("." + domain));
}

// The labels kubelets set on their own Node (k8s.io/kubelet's
// IsKubeletLabel).
bool IsKubeletLabel(const std::string& key) {
  static const std::set<std::string> kKubeletLabels = {
      "kubernetes.io/hostname",
      "topology.kubernetes.io/zone",
      "topology.kubernetes.io/region",
      "failure-domain.beta.kubernetes.io/zone",
      "failure-domain.beta.kubernetes.io/region",
      "beta.kubernetes.io/instance-type",
      "node.kubernetes.io/instance-type",
      "kubernetes.io/os",
      "kubernetes.io/arch",
      "beta.kubernetes.io/os",
      "beta.kubernetes.io/arch",
  };
  if (kKubeletLabels.count(key) > 0) return true;
  const std::string ns = LabelNamespace(key);
  return InDomain(ns, "kubelet.kubernetes.io") || InDomain(ns, "node.kubernetes.io");
}

// Of the modified labels, those a node may not add, remove or change.
std::string ForbiddenLabels(const std::set<std::string>& modified) {
  std::string out;
  for (const std::string& key : modified) {  // sorted, as Kubernetes lists them
    const std::string ns = LabelNamespace(key);
    const bool kubernetes = InDomain(ns, "kubernetes.io") || InDomain(ns, "k8s.io");
    if (InDomain(ns, "node-restriction.kubernetes.io") || (kubernetes && !IsKubeletLabel(key))) {
      out += (out.empty() ? "" : ", ") + key;
    }
  }
  return out;
}

class NodeRestriction final : public AdmissionPlugin {
 public:
  std::string_view name() const override { return "NodeRestriction"; }

  bool Handles(const api::Resource& resource, std::string_view subresource,
               AdmissionOperation operation) const override {
    const std::string& g = resource.group;
    const std::string& p = resource.plural;
    if (g.empty()) {
      if (p == "pods" || p == "nodes" || p == "persistentvolumeclaims") return true;
      if (p == "serviceaccounts") return operation == AdmissionOperation::kCreate && subresource == "token";
      return false;
    }
    return (g == "coordination.k8s.io" && p == "leases") || (g == "storage.k8s.io" && p == "csinodes");
  }

  Status Admit(AdmissionRequest& request) const override {
    std::optional<std::string> node = auth::NodeIdentity(request.ctx.user);
    if (!node) return Status::Ok();
    if (node->empty()) {
      return Forbidden(request, "could not determine node from user " + Quote(request.ctx.user.name));
    }
    const api::Resource& r = request.ctx.resource;
    const std::string& sub = request.ctx.info.subresource;
    if (r.group.empty() && r.plural == "pods") {
      if (sub.empty()) return AdmitPod(*node, request);
      if (sub == "status") return AdmitPodStatus(*node, request);
      if (sub == "eviction") return AdmitPodEviction(*node, request);
      return Forbidden(request, "unexpected pod subresource " + Quote(sub) +
                                    ", only 'status' and 'eviction' are allowed");
    }
    if (r.group.empty() && r.plural == "nodes") return AdmitNode(*node, request);
    if (r.group.empty() && r.plural == "persistentvolumeclaims") {
      if (sub == "status") return AdmitPvcStatus(*node, request);
      return Forbidden(request, "may only update PVC status");
    }
    if (r.group.empty() && r.plural == "serviceaccounts") return AdmitTokenRequest(*node, request);
    if (r.plural == "leases") return AdmitLease(*node, request);
    if (r.plural == "csinodes") return AdmitCsiNode(*node, request);
    return Status::Ok();
  }

 private:
  // admission.NewForbidden: `<resource> "<name>" is forbidden: <why>`, the
  // name from the URL or else the object's (or its generateName).
  static Status Forbidden(const AdmissionRequest& request, const std::string& why) {
    std::string name = request.ctx.info.name;
    if (name.empty()) {
      const Json& meta = Meta(request.object);
      name = JsonString(meta, "name");
      if (name.empty()) name = JsonString(meta, "generateName");
      if (name.empty()) name = "Unknown";
    }
    return Status::Forbidden(QualifiedResource(request.ctx.resource) + " " + Quote(name) +
                             " is forbidden: " + why);
  }

  // The stored object named by the request, of another resource.
  static Result<Json> Lookup(const AdmissionRequest& request, const char* plural, const std::string& ns,
                             const std::string& name) {
    auto resource = request.ctx.registry.Find("", "v1", plural);
    if (resource == nullptr) return Status::Internal(std::string(plural) + " are not served");
    return request.ctx.objects.Get(*resource, ns, name);
  }

  static std::string NodeNameOf(const Json* pod) {
    return pod == nullptr ? "" : JsonString(JsonField(*pod, "spec"), "nodeName");
  }

  Status AdmitPod(const std::string& node, AdmissionRequest& request) const {
    switch (request.operation) {
      case AdmissionOperation::kCreate:
        return AdmitMirrorPod(node, request);
      case AdmissionOperation::kDelete:
        if (NodeNameOf(request.old_object) != node) {
          return Forbidden(request, "node " + Quote(node) + " can only delete pods with spec.nodeName set to itself");
        }
        return Status::Ok();
      default:
        return Forbidden(request, "unexpected operation " + Quote(OperationName(request.operation)) + ", node " +
                                      Quote(node) + " can only create and delete mirror pods");
    }
  }

  Status AdmitMirrorPod(const std::string& node, AdmissionRequest& request) const {
    const Json& pod = *request.object;
    const std::string n = Quote(node);
    if (!auth::IsMirrorPod(pod)) {
      return Forbidden(request, std::string("pod does not have \"") + auth::kMirrorPodAnnotation +
                                    "\" annotation, node " + n + " can only create mirror pods");
    }
    if (NodeNameOf(&pod) != node) {
      return Forbidden(request, "node " + n + " can only create pods with spec.nodeName set to itself");
    }
    const Json& owners = JsonField(JsonField(pod, "metadata"), "ownerReferences");
    const size_t count = owners.is_array() ? owners.size() : 0;
    if (count > 1) {
      return Forbidden(request, "node " + n + " can only create pods with a single owner reference set to itself");
    }
    if (count == 0) {
      return Forbidden(request, "node " + n + " can only create pods with an owner reference set to itself");
    }
    const Json& owner = owners[0];
    if (JsonString(owner, "apiVersion") != "v1" || JsonString(owner, "kind") != "Node" || JsonString(owner, "name") != node) {
      return Forbidden(request, "node " + n + " can only create pods with an owner reference set to itself");
    }
    if (!JsonField(owner, "controller").is_boolean() || !JsonField(owner, "controller").get<bool>()) {
      return Forbidden(request, "node " + n + " can only create pods with a controller owner reference set to itself");
    }
    if (JsonField(owner, "blockOwnerDeletion").is_boolean() && JsonField(owner, "blockOwnerDeletion").get<bool>()) {
      return Forbidden(request, "node " + n + " must not set blockOwnerDeletion on an owner reference");
    }
    K1S_ASSIGN_OR_RETURN(Json node_object, Lookup(request, "nodes", "", node));
    const std::string uid = JsonString(JsonField(node_object, "metadata"), "uid");
    if (JsonString(owner, "uid") != uid) {
      return Forbidden(request, "node " + node + " UID mismatch: expected " + JsonString(owner, "uid") + " got " + uid);
    }
    // A pod made by the node must not open a path to other objects.
    if (!JsonString(JsonField(pod, "spec"), "serviceAccountName").empty()) {
      return Forbidden(request, "node " + n + " can not create pods that reference a service account");
    }
    if (!auth::PodSecretNames(pod).empty()) {
      return Forbidden(request, "node " + n + " can not create pods that reference secrets");
    }
    if (!auth::PodConfigMapNames(pod).empty()) {
      return Forbidden(request, "node " + n + " can not create pods that reference configmaps");
    }
    const Json& volumes = JsonField(JsonField(pod, "spec"), "volumes");
    for (const Json& v : volumes.is_array() ? volumes : Json::array()) {
      const Json& sources = JsonField(JsonField(v, "projected"), "sources");
      for (const Json& s : sources.is_array() ? sources : Json::array()) {
        if (JsonField(s, "clusterTrustBundle").is_object()) {
          return Forbidden(request, "node " + n + " can not create pods that reference clustertrustbundles");
        }
      }
    }
    for (const Json& v : volumes.is_array() ? volumes : Json::array()) {
      if (JsonField(v, "persistentVolumeClaim").is_object()) {
        return Forbidden(request, "node " + n + " can not create pods that reference persistentvolumeclaims");
      }
    }
    return Status::Ok();
  }

  Status AdmitPodStatus(const std::string& node, AdmissionRequest& request) const {
    if (request.operation != AdmissionOperation::kUpdate) {
      return Forbidden(request, "unexpected operation " + Quote(OperationName(request.operation)));
    }
    const std::string n = Quote(node);
    if (NodeNameOf(request.old_object) != node) {
      return Forbidden(request, "node " + n + " can only update pod status for pods with spec.nodeName set to itself");
    }
    if (Labels(request.old_object) != Labels(request.object)) {
      return Forbidden(request, "node " + n + " cannot update labels through pod status");
    }
    // Only the claim names matter, not the rest of each status.
    auto claims = [](const Json* pod) {
      Json out = Json::array();
      const Json& statuses = JsonField(JsonField(*pod, "status"), "resourceClaimStatuses");
      for (const Json& s : statuses.is_array() ? statuses : Json::array()) {
        out.push_back({JsonField(s, "name"), JsonField(s, "resourceClaimName")});
      }
      return out;
    };
    if (claims(request.old_object) != claims(request.object)) {
      return Forbidden(request, "node " + n + " cannot update resource claim statues");
    }
    return Status::Ok();
  }

  Status AdmitPodEviction(const std::string& node, AdmissionRequest& request) const {
    // The pod's own delete, which an eviction makes, is not admitted again.
    if (request.operation == AdmissionOperation::kDelete) return Status::Ok();
    if (request.operation != AdmissionOperation::kCreate) {
      return Forbidden(request, std::string("unexpected operation ") + OperationName(request.operation));
    }
    std::string pod_name = request.ctx.info.name;
    if (pod_name.empty()) pod_name = JsonString(Meta(request.object), "name");
    if (pod_name.empty()) return Forbidden(request, "could not determine pod from request data");
    K1S_ASSIGN_OR_RETURN(Json pod, Lookup(request, "pods", request.ctx.info.namespace_name, pod_name));
    if (NodeNameOf(&pod) != node) {
      return Forbidden(request, "node " + node + " can only evict pods with spec.nodeName set to itself");
    }
    return Status::Ok();
  }

  Status AdmitNode(const std::string& node, AdmissionRequest& request) const {
    std::string requested = request.ctx.info.name;
    if (requested.empty()) requested = JsonString(Meta(request.object), "name");
    const std::string n = Quote(node);
    if (requested != node) {
      return Forbidden(request, "node " + n + " is not allowed to modify node " + Quote(requested));
    }
    if (request.operation == AdmissionOperation::kCreate) {
      // What the Node names (its configSource) a node could then read.
      if (!JsonField(JsonField(*request.object, "spec"), "configSource").is_null()) {
        return Forbidden(request, "node " + n + " is not allowed to create pods with a non-nil configSource");
      }
      // Labels that would steer privileged workloads to it.
      std::string forbidden = ForbiddenLabels(ModifiedLabels(Labels(request.object), {}));
      if (!forbidden.empty()) {
        return Forbidden(request, "node " + n + " is not allowed to set the following labels: " + forbidden);
      }
    }
    if (request.operation == AdmissionOperation::kUpdate) {
      const Json& spec = JsonField(*request.object, "spec");
      const Json& old_spec = JsonField(*request.old_object, "spec");
      if (!JsonField(spec, "configSource").is_null() &&
          !SemanticEqual(JsonField(spec, "configSource"), JsonField(old_spec, "configSource"))) {
        return Forbidden(request, "node " + n + " is not allowed to update configSource to a new non-nil configSource");
      }
      if (!SemanticEqual(JsonField(spec, "taints"), JsonField(old_spec, "taints"))) {
        return Forbidden(request, "node " + n + " is not allowed to modify taints");
      }
      std::string forbidden = ForbiddenLabels(ModifiedLabels(Labels(request.object), Labels(request.old_object)));
      if (!forbidden.empty()) return Forbidden(request, "is not allowed to modify labels: " + forbidden);
    }
    return Status::Ok();
  }

  Status AdmitPvcStatus(const std::string& node, AdmissionRequest& request) const {
    if (request.operation != AdmissionOperation::kUpdate) {
      return Forbidden(request, "unexpected operation " + Quote(OperationName(request.operation)));
    }
    // Everything but what a kubelet reports after a volume expansion must
    // stay: no relabelling, finalizers, owners, spec.
    auto comparable = [](Json pvc) {
      if (pvc.contains("metadata") && pvc["metadata"].is_object()) {
        pvc["metadata"].erase("resourceVersion");
        pvc["metadata"].erase("managedFields");
      }
      if (pvc.contains("status") && pvc["status"].is_object()) {
        for (const char* f : {"capacity", "conditions", "allocatedResourceStatuses", "allocatedResources"}) {
          pvc["status"].erase(f);
        }
      }
      return Normalized(pvc);
    };
    Json before = comparable(*request.old_object);
    Json after = comparable(*request.object);
    if (before != after) {
      std::string fields;
      const Json changes = Json::diff(before, after);
      for (const Json& change : changes) fields += (fields.empty() ? "" : ", ") + change.value("path", "");
      return Forbidden(request, "node " + Quote(node) +
                                    " is not allowed to update fields other than status.capacity and "
                                    "status.conditions: " + fields);
    }
    return Status::Ok();
  }

  Status AdmitTokenRequest(const std::string& node, AdmissionRequest& request) const {
    if (request.operation != AdmissionOperation::kCreate || request.ctx.info.subresource != "token") {
      return Status::Ok();
    }
    // A node's token must be bound to a pod scheduled on it.
    const Json& ref = JsonField(JsonField(*request.object, "spec"), "boundObjectRef");
    if (!ref.is_object() || JsonString(ref, "apiVersion") != "v1" || JsonString(ref, "kind") != "Pod" || JsonString(ref, "name").empty()) {
      return Forbidden(request, "node requested token not bound to a pod");
    }
    if (JsonString(ref, "uid").empty()) return Forbidden(request, "node requested token with a pod binding without a uid");
    K1S_ASSIGN_OR_RETURN(Json pod, Lookup(request, "pods", request.ctx.info.namespace_name, JsonString(ref, "name")));
    if (JsonString(ref, "uid") != JsonString(JsonField(pod, "metadata"), "uid")) {
      return Forbidden(request, "the UID in the bound object reference (" + JsonString(ref, "uid") +
                                    ") does not match the UID in record. The object might have been deleted and "
                                    "then recreated");
    }
    if (NodeNameOf(&pod) != node) return Forbidden(request, "node requested token bound to a pod scheduled on a different node");
    return Status::Ok();
  }

  Status AdmitLease(const std::string& node, AdmissionRequest& request) const {
    if (request.ctx.info.namespace_name != auth::kNodeLeaseNamespace) {
      return Forbidden(request, std::string("can only access leases in the \"") + auth::kNodeLeaseNamespace +
                                    "\" system namespace");
    }
    const std::string name = request.operation == AdmissionOperation::kCreate ? JsonString(Meta(request.object), "name")
                                                                            : request.ctx.info.name;
    if (name != node) return Forbidden(request, "can only access node lease with the same name as the requesting node");
    return Status::Ok();
  }

  Status AdmitCsiNode(const std::string& node, AdmissionRequest& request) const {
    const std::string name = request.operation == AdmissionOperation::kCreate ? JsonString(Meta(request.object), "name")
                                                                            : request.ctx.info.name;
    if (name != node) return Forbidden(request, "can only access CSINode with the same name as the requesting node");
    return Status::Ok();
  }
};

}  // namespace

std::unique_ptr<AdmissionPlugin> NewNodeRestrictionAdmission() { return std::make_unique<NodeRestriction>(); }

}  // namespace k1s::apiserver
