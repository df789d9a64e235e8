# The Node authorizer and the NodeRestriction admission plugin, driven with
# real kubectl as a kubelet's identity (system:node:node-a, group
# system:nodes, a client certificate from the client CA): node-a reads the
# secrets and configmaps of its own pods and no others (403 with Kubernetes'
# "no relationship found" reason), lists pods only with
# spec.nodeName=node-a, reads and changes only its own Node (no forbidden
# labels, no taints), updates the status of, deletes and evicts only its own
# pods, creates only mirror pods, uses only its own Lease; kubectl auth can-i
# answers as Kubernetes does; what the Node authorizer does not allow an
# administrator can still grant through RBAC.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/kubectl_lib.sh"
start_k1s "${API_ONLY[@]}"
K=/usr/bin/kubectl
URL="$(sed -nE 's/^ *server: "?([^"]*)"?$/\1/p' "$KUBECONFIG" | head -1)"
TLS="$TMP/data/server/tls"
# The versions whose denial messages are checked: the default, the oldest, the newest.
DENY_KUBECTLS=("$K")
for v in 27 33; do
  k="/usr/lib/google-cloud-sdk/bin/kubectl.1.$v"
  [ -x "$k" ] && DENY_KUBECTLS+=("$k")
done

# --- The default policy binds system:node to nobody.
kc $K get clusterrolebinding system:node -o 'jsonpath={.roleRef.name} [{.subjects}]'
[ "$OUT" = "system:node []" ] || fail "system:node binding: $OUT"
kc $K get clusterrolebinding system:k1s:nodes
expect_err_has 'clusterrolebindings.rbac.authorization.k8s.io "system:k1s:nodes" not found'

# --- Two nodes, each with a pod that uses a secret and a configmap.
for n in a b; do
  cat >"$TMP/objects-$n.yaml" <<YAML
apiVersion: v1
kind: Node
metadata: {name: node-$n, labels: {kubernetes.io/hostname: node-$n}}
---
apiVersion: v1
kind: Secret
metadata: {name: s-$n, namespace: default}
data: {password: $(printf p-%s "$n" | base64)}
---
apiVersion: v1
kind: Secret
metadata: {name: pull-$n, namespace: default}
data: {x: eQ==}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: cm-$n, namespace: default}
data: {k: v}
---
apiVersion: v1
kind: Pod
metadata: {name: p-$n, namespace: default, labels: {app: p-$n}}
spec:
  nodeName: node-$n
  imagePullSecrets: [{name: pull-$n}]
  containers:
  - name: c
    image: busybox
    envFrom: [{configMapRef: {name: cm-$n}}]
    volumeMounts: [{name: s, mountPath: /s}]
  volumes: [{name: s, secret: {secretName: s-$n}}]
YAML
  kc $K apply -f "$TMP/objects-$n.yaml"
  expect_ok
done

# --- node-a's client certificate, signed by the client CA as a kubelet's is.
openssl req -new -newkey rsa:2048 -nodes -keyout "$TMP/node-a.key" -subj "/O=system:nodes/CN=system:node:node-a" \
  -out "$TMP/node-a.csr" 2>/dev/null
openssl x509 -req -in "$TMP/node-a.csr" -CA "$TLS/client-ca.crt" -CAkey "$TLS/client-ca.key" \
  -CAcreateserial -days 1 -out "$TMP/node-a.crt" 2>/dev/null
NK="$TMP/node-a.kubeconfig"
$K config --kubeconfig="$NK" set-cluster k1s --server="$URL" --certificate-authority="$TLS/server-ca.crt" >/dev/null
$K config --kubeconfig="$NK" set-credentials node-a --client-certificate="$TMP/node-a.crt" --client-key="$TMP/node-a.key" >/dev/null
$K config --kubeconfig="$NK" set-context k1s --cluster=k1s --user=node-a --namespace=default >/dev/null
$K config --kubeconfig="$NK" use-context k1s >/dev/null
NA=(--kubeconfig="$NK")
kc $K "${NA[@]}" auth whoami -o 'jsonpath={.status.userInfo.username} {.status.userInfo.groups}'
[ "$OUT" = 'system:node:node-a ["system:nodes","system:authenticated"]' ] || fail "whoami: $OUT"

FORBIDDEN_GET='User "system:node:node-a" cannot get resource'
# api METHOD PATH [BODY [TYPE]]: a request as node-a; prints the HTTP code,
# the body goes to $TMP/out. (kubectl reads an object before it patches it,
# which the Node authorizer refuses for another node's objects: admission's
# answers need a request that goes straight to the write.)
api() {
  curl -s --cacert "$TLS/server-ca.crt" --cert "$TMP/node-a.crt" --key "$TMP/node-a.key" -X "$1" \
    -H "Content-Type: ${4:-application/merge-patch+json}" -o "$TMP/out" -w '%{http_code}' \
    ${3:+-d "$3"} "$URL$2"
}
NO_RELATION="no relationship found between node 'node-a' and this object"

# --- Secrets and configmaps: only what node-a's pods use.
kc $K "${NA[@]}" get secret s-a -o 'jsonpath={.data.password}'
expect_ok
[ "$(echo "$OUT" | base64 -d)" = p-a ] || fail "s-a: $OUT"
for obj in secret/pull-a configmap/cm-a; do
  kc $K "${NA[@]}" get "$obj" -o name
  expect_ok
done
# A kubelet watches one secret by name: a list with metadata.name names it.
kc $K "${NA[@]}" get secrets --field-selector metadata.name=s-a -o name
expect_ok
[ "$OUT" = secret/s-a ] || fail "list s-a by name: $OUT"
for KB in "${DENY_KUBECTLS[@]}"; do
  kc "$KB" "${NA[@]}" get secret s-b
  expect_rc 1
  expect_err_has "Error from server (Forbidden): secrets \"s-b\" is forbidden: $FORBIDDEN_GET \"secrets\" in API group \"\" in the namespace \"default\": $NO_RELATION"
  kc "$KB" "${NA[@]}" get configmap cm-b
  expect_rc 1
  expect_err_has "configmaps \"cm-b\" is forbidden: $FORBIDDEN_GET \"configmaps\" in API group \"\" in the namespace \"default\": $NO_RELATION"
  kc "$KB" "${NA[@]}" get secrets
  expect_rc 1
  expect_err_has 'secrets is forbidden: User "system:node:node-a" cannot list resource "secrets" in API group "" in the namespace "default": No Object name found'
done
kc $K "${NA[@]}" get secrets --field-selector metadata.name=s-b
expect_err_has "secrets \"s-b\" is forbidden: User \"system:node:node-a\" cannot list resource \"secrets\" in API group \"\" in the namespace \"default\": $NO_RELATION"
kc $K "${NA[@]}" delete secret s-a
expect_err_has 'secrets "s-a" is forbidden: User "system:node:node-a" cannot delete resource "secrets" in API group "" in the namespace "default": can only read resources of this type'
# A pod bound later opens the way at once: the authorizer reads the store.
kc $K run p-a2 --image=busybox --overrides='{"spec":{"nodeName":"node-a","containers":[{"name":"c","image":"busybox","env":[{"name":"X","valueFrom":{"secretKeyRef":{"name":"s-b","key":"password"}}}]}]}}'
expect_ok
kc $K "${NA[@]}" get secret s-b -o name
expect_ok
kc $K delete pod p-a2 --grace-period=0 --force
expect_ok
kc $K "${NA[@]}" get secret s-b -o name
expect_err_has "$NO_RELATION"

# --- Nodes: only its own, and only the labels and taints a kubelet may set.
kc $K "${NA[@]}" get node node-a -o name
expect_ok
kc $K "${NA[@]}" get nodes --field-selector metadata.name=node-a -o name
expect_ok
[ "$OUT" = node/node-a ] || fail "own node by name: $OUT"
for KB in "${DENY_KUBECTLS[@]}"; do
  kc "$KB" "${NA[@]}" get node node-b
  expect_rc 1
  expect_err_has "nodes \"node-b\" is forbidden: $FORBIDDEN_GET \"nodes\" in API group \"\" at the cluster scope: node 'node-a' cannot read 'node-b', only its own Node object"
  kc "$KB" "${NA[@]}" get nodes
  expect_err_has "nodes is forbidden: User \"system:node:node-a\" cannot list resource \"nodes\" in API group \"\" at the cluster scope: node 'node-a' cannot read all nodes, only its own Node object"
  kc "$KB" "${NA[@]}" patch node node-b --type=merge -p '{"metadata":{"labels":{"x":"y"}}}'
  expect_rc 1
  expect_err_has "nodes \"node-b\" is forbidden: $FORBIDDEN_GET \"nodes\" in API group \"\" at the cluster scope"
done
[ "$(api PATCH /api/v1/nodes/node-b '{"metadata":{"labels":{"x":"y"}}}')" = 403 ] || fail "patch node-b: $(cat "$TMP/out")"
expect_out_has '"message":"nodes \"node-b\" is forbidden: node \"node-a\" is not allowed to modify node \"node-b\""'
# A kubelet patches its status without reading it first: the Node authorizer
# allows no get of nodes/status, so `kubectl patch --subresource=status`
# (which reads first) is refused, as in Kubernetes.
kc $K "${NA[@]}" patch node node-a --subresource=status --type=merge -p '{"status":{"capacity":{"pods":"110"}}}'
expect_err_has 'nodes "node-a" is forbidden: User "system:node:node-a" cannot get resource "nodes/status" in API group "" at the cluster scope'
[ "$(api PATCH /api/v1/nodes/node-a/status '{"status":{"capacity":{"pods":"110"}}}')" = 200 ] ||
  fail "patch node-a status: $(cat "$TMP/out")"
kc $K get node node-a -o 'jsonpath={.status.capacity.pods}'
[ "$OUT" = 110 ] || fail "node-a status: $OUT"
[ "$(api PATCH /api/v1/nodes/node-b/status '{"status":{"capacity":{"pods":"1"}}}')" = 403 ] ||
  fail "patch node-b status: $(cat "$TMP/out")"
expect_out_has '"message":"nodes \"node-b\" is forbidden: node \"node-a\" is not allowed to modify node \"node-b\""'
[ "$(api POST /api/v1/nodes '{"kind":"Node","apiVersion":"v1","metadata":{"name":"node-c"}}' application/json)" = 403 ] ||
  fail "create node-c: $(cat "$TMP/out")"
expect_out_has 'nodes \"node-c\" is forbidden: node \"node-a\" is not allowed to modify node \"node-c\"'
kc $K "${NA[@]}" label node node-a topology.kubernetes.io/zone=z1 example.com/rack=r1 node.kubernetes.io/pool=p1
expect_ok
kc $K "${NA[@]}" label node node-a node-role.kubernetes.io/control-plane=
expect_rc 1
expect_err_has 'nodes "node-a" is forbidden: is not allowed to modify labels: node-role.kubernetes.io/control-plane'
kc $K "${NA[@]}" label node node-a node-restriction.kubernetes.io/trusted=yes
expect_err_has 'is not allowed to modify labels: node-restriction.kubernetes.io/trusted'
kc $K "${NA[@]}" taint node node-a dedicated=x:NoSchedule
expect_rc 1
expect_err_has 'nodes "node-a" is forbidden: node "node-a" is not allowed to modify taints'
# The administrator may; the node then keeps the taint it was given.
kc $K taint node node-a dedicated=x:NoSchedule
expect_ok
kc $K "${NA[@]}" taint node node-a dedicated=x:NoSchedule-
expect_err_has 'is not allowed to modify taints'

# --- Pods: list by spec.nodeName, status, delete and evict only its own.
kc $K "${NA[@]}" get pods --field-selector spec.nodeName=node-a -o name
expect_ok
[ "$OUT" = pod/p-a ] || fail "pods on node-a: $OUT"
kc $K "${NA[@]}" get pod p-a -o name
expect_ok
kc $K "${NA[@]}" get pods
expect_err_has 'pods is forbidden: User "system:node:node-a" cannot list resource "pods" in API group "" in the namespace "default": can only list/watch pods with spec.nodeName field selector'
kc $K "${NA[@]}" get pods --field-selector spec.nodeName=node-b
expect_err_has 'can only list/watch pods with spec.nodeName field selector'
kc $K "${NA[@]}" get pod p-b
expect_err_has "pods \"p-b\" is forbidden: $FORBIDDEN_GET \"pods\" in API group \"\" in the namespace \"default\": $NO_RELATION"
[ "$(api PATCH /api/v1/namespaces/default/pods/p-a/status '{"status":{"phase":"Running","podIP":"10.42.0.7"}}')" = 200 ] ||
  fail "patch p-a status: $(cat "$TMP/out")"
kc $K get pod p-a -o 'jsonpath={.status.phase} {.status.podIP}'
[ "$OUT" = "Running 10.42.0.7" ] || fail "p-a status: $OUT"
[ "$(api PATCH /api/v1/namespaces/default/pods/p-b/status '{"status":{"phase":"Failed"}}')" = 403 ] ||
  fail "patch p-b status: $(cat "$TMP/out")"
expect_out_has '"message":"pods \"p-b\" is forbidden: node \"node-a\" can only update pod status for pods with spec.nodeName set to itself"'
for KB in "${DENY_KUBECTLS[@]}"; do
  kc "$KB" "${NA[@]}" patch pod p-b --type=merge -p '{"metadata":{"labels":{"x":"y"}}}'
  expect_rc 1
  expect_err_has "pods \"p-b\" is forbidden: $FORBIDDEN_GET \"pods\" in API group \"\" in the namespace \"default\": $NO_RELATION"
  kc "$KB" "${NA[@]}" delete pod p-b
  expect_rc 1
  expect_err_has 'pods "p-b" is forbidden: node "node-a" can only delete pods with spec.nodeName set to itself'
done
[ "$(api PATCH /api/v1/namespaces/default/pods/p-a/status '{"metadata":{"labels":{"app":"other"}}}')" = 403 ] ||
  fail "relabel through status: $(cat "$TMP/out")"
expect_out_has 'pods \"p-a\" is forbidden: node \"node-a\" cannot update labels through pod status'
kc $K "${NA[@]}" label pod p-a x=y
expect_err_has 'pods "p-a" is forbidden: User "system:node:node-a" cannot patch resource "pods" in API group "" in the namespace "default"'
kc $K get pod p-b -o 'jsonpath={.status.phase}'
[ "$OUT" != Failed ] || fail "node-a changed p-b's status"
evict() {
  api POST "/api/v1/namespaces/default/pods/$1/eviction" \
    "{\"apiVersion\":\"policy/v1\",\"kind\":\"Eviction\",\"metadata\":{\"name\":\"$1\",\"namespace\":\"default\"}}" \
    application/json
}
[ "$(evict p-b)" = 403 ] || fail "eviction of p-b: $(cat "$TMP/out")"
expect_out_has '"message":"pods \"p-b\" is forbidden: node node-a can only evict pods with spec.nodeName set to itself"'
# Pods: a node creates only mirror pods, bound to itself, owned by its Node.
kc $K "${NA[@]}" run rogue --image=busybox
expect_rc 1
expect_err_has 'pods "rogue" is forbidden: pod does not have "kubernetes.io/config.mirror" annotation, node "node-a" can only create mirror pods'
UID_A="$($K get node node-a -o 'jsonpath={.metadata.uid}')"
mirror() {
  cat <<YAML
apiVersion: v1
kind: Pod
metadata:
  name: static-$1
  namespace: default
  annotations: {kubernetes.io/config.mirror: "0123abcd", kubernetes.io/config.source: file}
  ownerReferences: [{apiVersion: v1, kind: Node, name: node-a, uid: "$UID_A", controller: true}]
spec:
  nodeName: $1
  containers: [{name: web, image: nginx}]
YAML
}
mirror node-b >"$TMP/mirror-b.yaml"
kc $K "${NA[@]}" create -f "$TMP/mirror-b.yaml"
expect_err_has 'pods "static-node-b" is forbidden: node "node-a" can only create pods with spec.nodeName set to itself'
mirror node-a >"$TMP/mirror-a.yaml"
kc $K "${NA[@]}" create -f "$TMP/mirror-a.yaml"
expect_ok
# A mirror pod is left as the kubelet wrote it: no service account, no token.
kc $K get pod static-node-a -o 'jsonpath={.spec.serviceAccountName}|{.spec.volumes}'
[ "$OUT" = "|" ] || fail "mirror pod was changed: $OUT"
kc $K "${NA[@]}" delete pod static-node-a --grace-period=0 --force
expect_ok

# --- Leases: only node-a's, only in kube-node-lease.
lease() {
  cat <<YAML
apiVersion: coordination.k8s.io/v1
kind: Lease
metadata: {name: $1, namespace: ${2:-kube-node-lease}}
spec: {holderIdentity: $1, leaseDurationSeconds: 40}
YAML
}
lease node-a >"$TMP/lease-a.yaml"
kc $K "${NA[@]}" create -f "$TMP/lease-a.yaml"
expect_ok
kc $K "${NA[@]}" patch lease node-a -n kube-node-lease --type=merge -p '{"spec":{"leaseDurationSeconds":41}}'
expect_ok
lease node-b >"$TMP/lease-b.yaml"
kc $K "${NA[@]}" create -f "$TMP/lease-b.yaml"
expect_err_has 'leases.coordination.k8s.io "node-b" is forbidden: can only access node lease with the same name as the requesting node'
kc $K "${NA[@]}" get lease node-b -n kube-node-lease
expect_err_has 'leases.coordination.k8s.io "node-b" is forbidden: User "system:node:node-a" cannot get resource "leases" in API group "coordination.k8s.io" in the namespace "kube-node-lease": can only access node lease with the same name as the requesting node'
lease node-a default >"$TMP/lease-default.yaml"
kc $K "${NA[@]}" create -f "$TMP/lease-default.yaml"
expect_err_has 'can only access leases in the "kube-node-lease" system namespace'

# --- kubectl auth can-i: what the authorizers answer (admission comes later).
# kubectl prints the authorizer's reason after a "no".
can() {
  local want="$1"
  shift
  kc $K "${NA[@]}" auth can-i "$@"
  [ "${OUT%% *}" = "$want" ] || fail "can-i $*: $OUT, want $want"
}
can yes get secrets/s-a
can no get secrets/s-b
[ "$OUT" = "no - $NO_RELATION" ] || fail "can-i get secrets/s-b: $OUT"
can no list secrets
can yes get nodes/node-a
can no get nodes/node-b
can no list nodes
# Authorized, as in Kubernetes: NodeRestriction refuses it at admission.
can yes patch nodes/node-b --subresource=status
can yes patch pods/p-b --subresource=status
can no list pods
can yes update leases/node-a -n kube-node-lease
can no update leases/node-b -n kube-node-lease
can yes create events
can yes list services
can no list deployments.apps
can no delete nodes/node-a

# --- What the Node authorizer leaves, an administrator can grant with RBAC.
kc $K create clusterrole node-lister --verb=list --resource=nodes
expect_ok
kc $K create clusterrolebinding node-a-lists --clusterrole=node-lister --user=system:node:node-a
expect_ok
kc $K "${NA[@]}" get nodes -o name
expect_ok
expect_out_has node/node-b
can yes list nodes
can no get secrets/s-b
echo PASS
