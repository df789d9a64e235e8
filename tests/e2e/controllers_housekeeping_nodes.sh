# The node lifecycle controller through real kubectl, with a short
# --node-monitor-grace-period: a node whose Lease is never renewed turns
# Ready=Unknown (NotReady), gets the unreachable taints, and the pod that
# does not tolerate them is evicted while the one that does stays; when the
# node posts a heartbeat again the taints go.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/kubectl_lib.sh"
start_k1s --disable-scheduler --node-monitor-grace-period 5s
K=/usr/bin/kubectl

now() { date -u +%Y-%m-%dT%H:%M:%SZ; }
heartbeat() {
  kc "$K" patch node hk-n1 --subresource=status --type=merge -p \
    "{\"status\":{\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\",\"reason\":\"KubeletReady\",\"message\":\"kubelet is posting ready status\",\"lastHeartbeatTime\":\"$(now)\",\"lastTransitionTime\":\"$(now)\"}]}}"
  expect_ok
}

kc "$K" create -f - <<<'{"apiVersion":"v1","kind":"Node","metadata":{"name":"hk-n1"}}'
expect_ok
heartbeat
kc "$K" create -f - <<<"{\"apiVersion\":\"coordination.k8s.io/v1\",\"kind\":\"Lease\",\"metadata\":{\"name\":\"hk-n1\",\"namespace\":\"kube-node-lease\"},\"spec\":{\"holderIdentity\":\"hk-n1\",\"leaseDurationSeconds\":40,\"renewTime\":\"$(date -u +%Y-%m-%dT%H:%M:%S.000000Z)\"}}"
expect_ok
for p in plain tolerant; do
  # The DefaultTolerationSeconds admission gives every pod 300 s of
  # tolerance for unreachable nodes; "plain" asks for none, so it goes now.
  tol=',"tolerations":[{"key":"node.kubernetes.io/unreachable","operator":"Exists","effect":"NoExecute","tolerationSeconds":0}]'
  [ "$p" = plain ] || tol=',"tolerations":[{"key":"node.kubernetes.io/unreachable","operator":"Exists","effect":"NoExecute"}]'
  kc "$K" create -f - <<<"{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"$p\",\"namespace\":\"default\"},\"spec\":{\"nodeName\":\"hk-n1\",\"containers\":[{\"name\":\"c\",\"image\":\"busybox\"}]$tol}}"
  expect_ok
done
kc "$K" patch pod tolerant --subresource=status --type=merge -p \
  '{"status":{"phase":"Running","podIP":"10.42.9.9","conditions":[{"type":"Ready","status":"True"}]}}'
expect_ok
kc "$K" get node hk-n1
expect_out_has " Ready "

poll_or_fail 30 out_is "Unknown NodeStatusUnknown Kubelet stopped posting node status." "$K" get node hk-n1 \
  -o 'jsonpath={.status.conditions[?(@.type=="Ready")].status} {.status.conditions[?(@.type=="Ready")].reason} {.status.conditions[?(@.type=="Ready")].message}'
kc "$K" get node hk-n1
expect_out_has "NotReady"
poll_or_fail 20 out_is "node.kubernetes.io/unreachable:NoSchedule node.kubernetes.io/unreachable:NoExecute " "$K" get node hk-n1 \
  -o 'jsonpath={range .spec.taints[*]}{.key}:{.effect} {end}'
evicted() { run "$K" get pod plain -o 'jsonpath={.metadata.deletionTimestamp}'; [ -n "$OUT" ]; }
poll_or_fail 20 evicted
kc "$K" get pod tolerant -o 'jsonpath={.metadata.deletionTimestamp}'
expect_ok
[ -z "$OUT" ] || fail "the tolerating pod was evicted"
kc "$K" get pod tolerant -o 'jsonpath={.status.conditions[?(@.type=="Ready")].status}'
[ "$OUT" != "True" ] || fail "pods on an unreachable node should not be Ready"

# Each look is preceded by a heartbeat, as a kubelet keeps posting them.
recovered() { heartbeat; run "$K" get node hk-n1 -o 'jsonpath={.spec.taints}'; [ -z "$OUT" ]; }
poll_or_fail 20 recovered
echo PASS
