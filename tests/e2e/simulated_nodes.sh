# Simulated nodes (`k1s server --simulated-nodes N`) seen through real
# kubectl: Ready nodes with versions, pods that run with IPs from their
# node's range, graceful deletion, exits and restarts steered by
# annotations, a stopped heartbeat, a profile with labels and taints, and a
# bad profile refused at start. Pods are bound with spec.nodeName, so no
# scheduler is needed.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/kubectl_lib.sh"
K=/usr/bin/kubectl

jp() { "$K" get "$1" "$2" -o "jsonpath=$3" 2>/dev/null; }
pod_field_is() { [ "$(jp pod "$1" "$2")" = "$3" ]; }
gone() { ! "$K" get pod "$1" >/dev/null 2>&1; }

# --- A bad profile: one line naming the field, non-zero exit, before serving.
cat >"$TMP/bad.yaml" <<'YAML'
kinds:
- namePrefix: big-
  count: many
YAML
run "$K1S" server -d "$TMP/bad-data" -o "$TMP/bad-kubeconfig.yaml" $TEST_LISTEN --node-name e2e-node \
  --simulated-node-profile "$TMP/bad.yaml"
[ "$RC" -ne 0 ] || fail "a bad profile started a server"
grep -F "kinds[0].count: must be an integer" "$TMP/err" | grep -qF "$TMP/bad.yaml" || fail "no one-line profile error"
[ "$(grep -c 'count' "$TMP/err")" -eq 1 ] || fail "the profile error is not one line"

start_k1s --simulated-nodes 3

# --- Three Ready nodes that report the server's version.
poll 20 bash -c "[ \"\$($K get nodes --no-headers | grep -c ' Ready ')\" -eq 3 ]" || { $K get nodes; fail "3 Ready nodes"; }
kc "$K" get nodes
expect_ok
version="$($K version -o json | sed -nE 's/.*"gitVersion": "(v[^"]+)".*/\1/p' | tail -1)"
for n in sim-node-0001 sim-node-0002 sim-node-0003; do
  grep -E "^$n +Ready +<none> +[0-9a-z]+ +$version$" "$TMP/out" >/dev/null || fail "node line for $n ($version): $OUT"
done
[ "$(jp node sim-node-0001 '{.spec.podCIDR}')" = "10.42.255.0/24" ] || fail "podCIDR"
[ "$(jp node sim-node-0001 '{.metadata.labels.kubernetes\.io/os}')" = "linux" ] || fail "os label"
poll 10 "$K" get lease -n kube-node-lease sim-node-0001 || fail "no lease"

# --- A pod bound to a node runs with an IP from the node's range.
cat >"$TMP/pod.yaml" <<'YAML'
apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  nodeName: sim-node-0002
  initContainers: [{name: init, image: busybox}]
  containers: [{name: c, image: nginx:1.25}]
YAML
kc "$K" apply -f "$TMP/pod.yaml"
expect_ok
poll 15 pod_field_is web '{.status.phase}' Running || fail "web not Running"
[[ "$(jp pod web '{.status.podIP}')" == 10.42.254.* ]] || fail "podIP $(jp pod web '{.status.podIP}') not in 10.42.254.0/24"
poll 5 pod_field_is web '{.status.containerStatuses[0].ready}' true || fail "web not ready"
kc "$K" get pod web -o wide
grep -E "^web +1/1 +Running +0 .* 10\.42\.254\.[0-9]+ +sim-node-0002 " "$TMP/out" >/dev/null || fail "get -o wide: $OUT"
kc "$K" wait --for=condition=Ready pod/web --timeout=10s
expect_ok

# --- Deletion: Terminating for the grace period, then gone.
kc "$K" delete pod web --grace-period=3 --wait=false
expect_ok
kc "$K" get pod web
expect_out_has "Terminating"
poll 15 gone web || fail "web still there after its grace period"

# --- Exits: Never gives Completed or Error, OnFailure restarts with back-off.
for spec in "ok Never 0" "bad Never 1" "crash OnFailure 3"; do
  read -r name policy code <<<"$spec"
  "$K" apply -f - >/dev/null <<YAML || fail "create $name"
apiVersion: v1
kind: Pod
metadata:
  name: $name
  annotations: {k1s.io/simulate-exit-after: 1s, k1s.io/simulate-exit-code: "$code", k1s.io/simulate-backoff: 1s}
spec:
  nodeName: sim-node-0003
  restartPolicy: $policy
  containers: [{name: c, image: busybox}]
YAML
done
poll 15 pod_field_is ok '{.status.phase}' Succeeded || fail "ok not Succeeded"
poll 15 pod_field_is bad '{.status.phase}' Failed || fail "bad not Failed"
kc "$K" get pods ok bad
grep -E "^ok +0/1 +Completed +0 " "$TMP/out" >/dev/null || fail "ok line: $OUT"
grep -E "^bad +0/1 +Error +0 " "$TMP/out" >/dev/null || fail "bad line: $OUT"
restarts_at_least() { [ "$(jp pod crash '{.status.containerStatuses[0].restartCount}')" -ge "$1" ]; }
poll 20 restarts_at_least 3 || fail "crash restarted $(jp pod crash '{.status.containerStatuses[0].restartCount}') times"
[ "$(jp pod crash '{.status.containerStatuses[0].lastState.terminated.exitCode}')" = 3 ] || fail "lastState exit code"
poll 10 bash -c "$K get pod crash --no-headers | grep -q CrashLoopBackOff" || fail "no CrashLoopBackOff"

# --- Stopping a heartbeat stops the lease renewals; removing the annotation resumes them.
kc "$K" annotate node sim-node-0001 k1s.io/simulate-heartbeat=false
expect_ok
sleep 1
before="$($K get lease -n kube-node-lease sim-node-0001 -o 'jsonpath={.spec.renewTime}')"
sleep 12
after="$($K get lease -n kube-node-lease sim-node-0001 -o 'jsonpath={.spec.renewTime}')"
[ "$before" = "$after" ] || fail "lease renewed while the heartbeat was stopped ($before -> $after)"
other="$($K get lease -n kube-node-lease sim-node-0002 -o 'jsonpath={.spec.renewTime}')"
[ "$other" != "$before" ] || fail "other nodes' leases did not move"
kc "$K" annotate node sim-node-0001 k1s.io/simulate-heartbeat-
expect_ok
renewed() { [ "$($K get lease -n kube-node-lease sim-node-0001 -o 'jsonpath={.spec.renewTime}')" != "$before" ]; }
poll 5 renewed || fail "lease not renewed after the heartbeat resumed"

# --- A profile: kinds with their own names, capacity, labels and taints.
kill -TERM "${STARTED_PIDS[0]}"
wait "${STARTED_PIDS[0]}" || true
STARTED_PIDS=()
cat >"$TMP/profile.yaml" <<'YAML'
kinds:
- namePrefix: gpu-
  count: 1
  capacity: {cpu: "64", nvidia.com/gpu: "8"}
  labels: {pool: gpu}
  taints: [{key: gpu, value: "true", effect: NoSchedule}]
- namePrefix: small-
  count: 2
  capacity: {cpu: "4", memory: 16Gi}
YAML
rm -rf "$TMP/data"
start_k1s --simulated-node-profile "$TMP/profile.yaml"
poll 20 bash -c "[ \"\$($K get nodes --no-headers | grep -c ' Ready ')\" -eq 3 ]" || { $K get nodes; fail "3 profile nodes"; }
kc "$K" get nodes -l pool=gpu -o name
[ "$OUT" = "node/gpu-0001" ] || fail "gpu node by label: $OUT"
[ "$(jp node gpu-0001 '{.spec.taints[0].key}={.spec.taints[0].value}:{.spec.taints[0].effect}')" = "gpu=true:NoSchedule" ] || fail "taint"
[ "$(jp node gpu-0001 '{.status.capacity.nvidia\.com/gpu}')" = "8" ] || fail "gpu capacity"
[ "$(jp node small-0002 '{.status.allocatable.cpu} {.status.allocatable.memory}')" = "4 16Gi" ] || fail "small allocatable"
echo "PASS"
