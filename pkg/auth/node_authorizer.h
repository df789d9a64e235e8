// The Node authorizer: what kube-apiserver's --authorization-mode=Node lets a
// kubelet do. A node's identity is the user system:node:<name> in the group
// system:nodes. It may
//  - read only its own Node and change it and its status (which Node, and
//    which fields, the NodeRestriction admission plugin then limits);
//  - get the pods bound to it, list and watch pods only with the field
//    selector spec.nodeName=<itself>, create and delete (mirror) pods, update
//    pod status and evict (NodeRestriction: only pods bound to it);
//  - get, list and watch one named secret or configmap, and get one
//    persistentvolumeclaim, persistentvolume or volumeattachment, only when a
//    pod bound to it uses it (volumes, env, envFrom, imagePullSecrets,
//    projected sources; PVC -> PV -> the PV's secrets), update the status of
//    such a PVC, and request tokens only for the service accounts of its pods;
//  - use only its own Lease in kube-node-lease and its own CSINode;
//  - everything else the system:node ClusterRole's rules allow (services,
//    endpoints, events, CSRs, token and access reviews, ...).
// It has no opinion on anything else, nor on users that are not nodes: the
// next authorizer (RBAC) decides, so an administrator can still bind a node
// extra roles. Kubernetes' v1.33 behaviour, AuthorizeNodeWithSelectors on.
// The reasons it gives are Kubernetes' ("no relationship found between node
// 'a' and this object", ...).
//
// Where Kubernetes keeps a graph of pods, volumes and secrets up to date from
// informers, this authorizer reads the objects from the store when it
// decides (NodeObjects). The requests that need it are rare (a kubelet reads
// a secret or configmap once per pod start, or watches it by name) and the
// answer is then exact: no lag behind a pod just bound, no copy of every pod
// in memory. The frequent ones (status updates, Lease renewals, pod status)
// are decided from the request alone.
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "pkg/auth/attributes.h"
#include "pkg/auth/rbac_policy.h"
#include "pkg/auth/rbac_rules.h"
#include "pkg/util/result.h"

namespace k1s::auth {

inline constexpr std::string_view kNodeUserPrefix = "system:node:";
inline constexpr const char* kNodesGroup = "system:nodes";
inline constexpr const char* kNodeLeaseNamespace = "kube-node-lease";
inline constexpr const char* kMirrorPodAnnotation = "kubernetes.io/config.mirror";

// The node a user is (nodeidentifier.NodeIdentity): its name when the user
// is system:node:<name> in group system:nodes ("" for a bare
// "system:node:"), nullopt when it is not a node.
std::optional<std::string> NodeIdentity(const User& user);

// The objects a pod uses, as Kubernetes' podutil visits them (containers,
// init and ephemeral containers). Names may repeat.
bool IsMirrorPod(const Json& pod);
std::vector<std::string> PodSecretNames(const Json& pod);
std::vector<std::string> PodConfigMapNames(const Json& pod);
// persistentVolumeClaim volumes and the claims of ephemeral volumes
// (<pod>-<volume>).
std::vector<std::string> PodClaimNames(const Json& pod);

// What the authorizer reads, at decision time. Implemented by the API server
// over its storage.
class NodeObjects {
 public:
  virtual ~NodeObjects() = default;
  // Calls visit with each pod whose spec.nodeName is `node`, in namespace
  // `ns`, until visit returns false.
  virtual Status VisitPodsOn(const std::string& node, const std::string& ns,
                             const std::function<bool(const Json&)>& visit) const = 0;
  // One object of a core or storage.k8s.io resource: pods,
  // persistentvolumeclaims, persistentvolumes, volumeattachments. NotFound
  // when there is none.
  virtual Result<Json> Get(const std::string& group, const std::string& resource, const std::string& ns,
                           const std::string& name) const = 0;
  // Calls visit with each PersistentVolume until visit returns false.
  virtual Status VisitPersistentVolumes(const std::function<bool(const Json&)>& visit) const = 0;
};

class NodeAuthorizer {
 public:
  // `objects` must outlive the authorizer.
  explicit NodeAuthorizer(const NodeObjects& objects);

  // Allowed, or no opinion with Kubernetes' reason (often empty). Users that
  // are not nodes get no opinion and no reason.
  Decision Authorize(const Attributes& attributes) const;

 private:
  Decision Node(const std::string& node, const Attributes& a) const;
  Decision Pod(const std::string& node, const Attributes& a) const;
  Decision Lease(const std::string& node, const Attributes& a) const;
  Decision CsiNode(const std::string& node, const Attributes& a) const;
  Decision ReadNamespaced(const std::string& node, const std::string& kind, const Attributes& a) const;
  Decision Get(const std::string& node, const std::string& kind, const Attributes& a) const;
  Decision StatusUpdate(const std::string& node, const std::string& kind, const Attributes& a) const;
  Decision CreateToken(const std::string& node, const Attributes& a) const;
  // Whether a path leads from the named object of `kind` (secret, configmap,
  // pvc, pv, volumeattachment, serviceaccount, pod) to the node.
  Decision Related(const std::string& node, const std::string& kind, const Attributes& a) const;
  Result<bool> HasPath(const std::string& node, const std::string& kind, const std::string& ns,
                       const std::string& name) const;
  // Some pod bound to `node` in `ns` (mirror pods excluded) for which
  // `uses(pod)` holds.
  Result<bool> AnyPodUses(const std::string& node, const std::string& ns,
                          const std::function<bool(const Json&)>& uses) const;
  Result<bool> PodsUseClaim(const std::string& node, const std::string& ns, const std::string& claim) const;

  const NodeObjects& objects_;
  std::vector<PolicyRule> rules_;  // the system:node ClusterRole's
};

}  // namespace k1s::auth
