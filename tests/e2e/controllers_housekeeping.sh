# The cluster housekeeping controllers seen through real kubectl: the
# default ServiceAccount and kube-root-ca.crt in a new namespace; Endpoints
# and EndpointSlices of a Service over pods whose status is written as a
# kubelet would (kubectl patch --subresource=status); cascading deletes
# (background, orphan, foreground) through ownerReferences; a node's
# podCIDR; and a namespace that shows Terminating, reports what holds it and
# disappears once emptied. The scheduler is off, so pods stay unbound.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/kubectl_lib.sh"
start_k1s --disable-scheduler
K=/usr/bin/kubectl
ns=hk

kc "$K" create namespace "$ns"
expect_ok

# --- serviceaccount and root-ca-cert-publisher.
poll_or_fail 10 out_is "default" "$K" get serviceaccount default -n "$ns" -o 'jsonpath={.metadata.name}'
kc "$K" get configmap kube-root-ca.crt -n "$ns" -o 'jsonpath={.data.ca\.crt}'
expect_ok
expect_out_has "BEGIN CERTIFICATE"

# --- endpoints and endpointslice.
cat >"$TMP/web.yaml" <<YAML
apiVersion: v1
kind: Service
metadata: {name: web, namespace: $ns}
spec:
  selector: {app: web}
  ports: [{name: http, port: 80, targetPort: http}]
---
apiVersion: v1
kind: Pod
metadata: {name: web-1, namespace: $ns, labels: {app: web}}
spec: {containers: [{name: c, image: nginx, ports: [{name: http, containerPort: 8080}]}]}
---
apiVersion: v1
kind: Pod
metadata: {name: web-2, namespace: $ns, labels: {app: web}}
spec: {containers: [{name: c, image: nginx, ports: [{name: http, containerPort: 8080}]}]}
YAML
kc "$K" apply -f "$TMP/web.yaml"
expect_ok
status() { # POD IP READY
  kc "$K" patch pod "$1" -n "$ns" --subresource=status --type=merge -p \
    "{\"status\":{\"phase\":\"Running\",\"podIP\":\"$2\",\"podIPs\":[{\"ip\":\"$2\"}],\"conditions\":[{\"type\":\"Ready\",\"status\":\"$3\"}]}}"
  expect_ok
}
status web-1 10.42.7.11 True
status web-2 10.42.7.12 False
poll_or_fail 10 out_is "10.42.7.11 10.42.7.12 8080" "$K" get endpoints web -n "$ns" \
  -o 'jsonpath={.subsets[0].addresses[*].ip} {.subsets[0].notReadyAddresses[*].ip} {.subsets[0].ports[0].port}'
kc "$K" get endpoints web -n "$ns"
expect_ok
expect_out_has "10.42.7.11:8080"
kc "$K" get endpoints web -n "$ns" -o 'jsonpath={.metadata.annotations}'
expect_out_has "endpoints.kubernetes.io/last-change-trigger-time"
kc "$K" get endpointslices -n "$ns" -l kubernetes.io/service-name=web
expect_ok
expect_out_has "IPv4"
expect_out_has "8080"
expect_out_has "10.42.7.11,10.42.7.12"
kc "$K" get endpointslices -n "$ns" -l kubernetes.io/service-name=web \
  -o 'jsonpath={range .items[0].endpoints[*]}{.targetRef.name}={.conditions.ready}/{.conditions.serving}/{.conditions.terminating} {end}'
[ "$OUT" = "web-1=true/true/false web-2=false/false/false " ] || fail "slice conditions: $OUT"
kc "$K" get endpointslices -n "$ns" -l kubernetes.io/service-name=web -o 'jsonpath={.items[0].metadata.labels}'
expect_out_has '"endpointslice.kubernetes.io/managed-by":"endpointslice-controller.k8s.io"'
# A deleted pod leaves both.
kc "$K" delete pod web-1 -n "$ns" --wait=false
expect_ok
poll_or_fail 10 out_is " 10.42.7.12" "$K" get endpoints web -n "$ns" \
  -o 'jsonpath={.subsets[0].addresses[*].ip} {.subsets[0].notReadyAddresses[*].ip}'
poll_or_fail 10 out_is "web-2" "$K" get endpointslices -n "$ns" -l kubernetes.io/service-name=web \
  -o 'jsonpath={.items[0].endpoints[*].targetRef.name}'

# --- garbage collector.
owned() { # NAME OWNER [BLOCK] [FINALIZER]
  local uid
  uid="$("$K" get configmap "$2" -n "$ns" -o 'jsonpath={.metadata.uid}')"
  local fin=""
  [ -z "${4:-}" ] || fin=",\"finalizers\":[\"$4\"]"
  printf '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"%s","namespace":"%s"%s,"ownerReferences":[{"apiVersion":"v1","kind":"ConfigMap","name":"%s","uid":"%s","blockOwnerDeletion":%s}]}}' \
    "$1" "$ns" "$fin" "$2" "$uid" "${3:-false}" >"$TMP/owned.json"
  kc "$K" create -f "$TMP/owned.json"
  expect_ok
}
gone() { run "$K" get "$@" -n "$ns"; [ "$RC" -ne 0 ] && [[ "$ERR" == *NotFound* || "$ERR" == *"not found"* ]]; }
for o in bg orph fg; do kc "$K" create configmap "$o-owner" -n "$ns"; expect_ok; done
owned bg-dep bg-owner
owned orph-dep orph-owner
owned fg-dep fg-owner true example.com/hold
owned fg-free fg-owner

kc "$K" delete configmap bg-owner -n "$ns" --cascade=background
expect_ok
poll_or_fail 10 gone configmap bg-dep

kc "$K" delete configmap orph-owner -n "$ns" --cascade=orphan
expect_ok
poll_or_fail 10 gone configmap orph-owner
kc "$K" get configmap orph-dep -n "$ns" -o 'jsonpath={.metadata.ownerReferences}'
expect_ok
[ -z "$OUT" ] || fail "orphaned dependent still has owners: $OUT"

kc "$K" delete configmap fg-owner -n "$ns" --cascade=foreground --wait=false
expect_ok
poll_or_fail 10 gone configmap fg-free
kc "$K" get configmap fg-owner -n "$ns" -o 'jsonpath={.metadata.finalizers}'
expect_ok
expect_out_has "foregroundDeletion"
kc "$K" patch configmap fg-dep -n "$ns" --type=merge -p '{"metadata":{"finalizers":null}}'
expect_ok
poll_or_fail 10 gone configmap fg-owner

# --- node IPAM.
kc "$K" create -f - <<<'{"apiVersion":"v1","kind":"Node","metadata":{"name":"hk-node"}}'
expect_ok
cidr_set() { run "$K" get node hk-node -o 'jsonpath={.spec.podCIDR} {.spec.podCIDRs[0]}'; [[ "$OUT" =~ ^10\.42\.[0-9]+\.0/24\ 10\.42\.[0-9]+\.0/24$ ]]; }
poll_or_fail 10 cidr_set

# --- namespace lifecycle.
kc "$K" create -f - <<<"{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"held\",\"namespace\":\"$ns\",\"finalizers\":[\"example.com/hold\"]}}"
expect_ok
kc "$K" delete namespace "$ns" --wait=false
expect_ok
kc "$K" get namespace "$ns"
expect_out_has "Terminating"
kc "$K" create configmap late -n "$ns"
[ "$RC" -ne 0 ] || fail "created content in a terminating namespace"
expect_err_has "because it is being terminated"
poll_or_fail 15 out_is "Some content in the namespace has finalizers remaining: example.com/hold in 1 resource instances" \
  "$K" get namespace "$ns" -o 'jsonpath={.status.conditions[?(@.type=="NamespaceFinalizersRemaining")].message}'
kc "$K" get all -n "$ns" -o name
[ -z "$OUT" ] || fail "content left in the terminating namespace: $OUT"
kc "$K" patch configmap held -n "$ns" --type=merge -p '{"metadata":{"finalizers":null}}'
expect_ok
poll_or_fail 15 gone namespace "$ns"
echo PASS
