# The workload controllers seen through real kubectl on simulated nodes with
# the scheduler: a Deployment rolls out, updates, rolls back, pauses and
# scales; a Job completes and another fails; a CronJob fires on a */1
# schedule; a DaemonSet covers the nodes; a StatefulSet creates its pods in
# order; `kubectl drain` is held by a PodDisruptionBudget (429) until the
# budget allows it.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/kubectl_lib.sh"
K=/usr/bin/kubectl

jp() { "$K" get "$@" 2>/dev/null; }
eq() { [ "$(jp "${@:2}")" = "$1" ]; }

start_k1s --simulated-nodes 2
poll 20 bash -c "[ \"\$($K get nodes --no-headers | grep -c ' Ready ')\" -ge 2 ]" || fail "2 Ready nodes"
NODES="$($K get nodes --no-headers | grep -c ' Ready ')"

# --- CronJob first: its */1 schedule needs up to a minute to fire, which
# the rest of the script fills.
kc "$K" create cronjob tick --image=busybox --schedule='*/1 * * * *' -- true
expect_ok

# --- Deployment: roll out, update, history, undo.
kc "$K" create deployment web --image=nginx:1 --replicas=3
expect_ok
kc "$K" rollout status deployment/web --timeout=60s
expect_ok
expect_out_has 'deployment "web" successfully rolled out'
eq 3 deployment web -o 'jsonpath={.status.availableReplicas}' || fail "3 available replicas"
eq True deployment web -o 'jsonpath={.status.conditions[?(@.type=="Available")].status}' || fail "Available"
eq NewReplicaSetAvailable deployment web -o 'jsonpath={.status.conditions[?(@.type=="Progressing")].reason}' \
  || fail "Progressing reason"
kc "$K" set image deployment/web nginx=nginx:2
expect_ok
kc "$K" rollout status deployment/web --timeout=60s
expect_ok
kc "$K" rollout history deployment/web
expect_ok
grep -qE '^1 ' "$TMP/out" && grep -qE '^2 ' "$TMP/out" || fail "history lists revisions 1 and 2"
[ "$($K get rs -l app=web --no-headers | wc -l)" -eq 2 ] || fail "two ReplicaSets"
kc "$K" rollout undo deployment/web
expect_ok
kc "$K" rollout status deployment/web --timeout=60s
expect_ok
eq nginx:1 deployment web -o 'jsonpath={.spec.template.spec.containers[0].image}' || fail "undo restored nginx:1"
eq 3 deployment web -o "jsonpath={.metadata.annotations['deployment\.kubernetes\.io/revision']}" || fail "revision 3"
[ "$($K get rs -l app=web --no-headers | wc -l)" -eq 2 ] || fail "undo reused the first ReplicaSet"

# --- Pause: a template change makes no ReplicaSet until resumed.
kc "$K" rollout pause deployment/web
expect_ok
kc "$K" set image deployment/web nginx=nginx:3
expect_ok
sleep 1
[ "$($K get rs -l app=web --no-headers | wc -l)" -eq 2 ] || fail "a paused deployment rolled out"
kc "$K" rollout resume deployment/web
expect_ok
kc "$K" rollout status deployment/web --timeout=60s
expect_ok
[ "$($K get rs -l app=web --no-headers | wc -l)" -eq 3 ] || fail "resume rolled out"
kc "$K" scale deployment/web --replicas=4
expect_ok
poll 30 eq 4 deployment web -o 'jsonpath={.status.readyReplicas}' || fail "scaled to 4 ready"

# --- Jobs: one completes, one fails (pods exit through the simulated nodes).
cat >"$TMP/jobs.yaml" <<'YAML'
apiVersion: batch/v1
kind: Job
metadata: {name: ok}
spec:
  completions: 2
  parallelism: 2
  template:
    metadata:
      annotations: {k1s.io/simulate-exit-after: 1s, k1s.io/simulate-exit-code: "0"}
    spec:
      restartPolicy: Never
      containers: [{name: main, image: busybox}]
---
apiVersion: batch/v1
kind: Job
metadata: {name: bad}
spec:
  backoffLimit: 0
  template:
    metadata:
      annotations: {k1s.io/simulate-exit-after: 1s, k1s.io/simulate-exit-code: "3"}
    spec:
      restartPolicy: Never
      containers: [{name: main, image: busybox}]
YAML
kc "$K" apply -f "$TMP/jobs.yaml"
expect_ok
kc "$K" wait --for=condition=complete job/ok --timeout=60s
expect_ok
eq 2 job ok -o 'jsonpath={.status.succeeded}' || fail "2 succeeded"
kc "$K" wait --for=condition=failed job/bad --timeout=60s
expect_ok
eq BackoffLimitExceeded job bad -o 'jsonpath={.status.conditions[?(@.type=="Failed")].reason}' || fail "failed reason"

# --- DaemonSet: a pod on every node.
cat >"$TMP/ds.yaml" <<'YAML'
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent}
spec:
  selector: {matchLabels: {app: agent}}
  template:
    metadata: {labels: {app: agent}}
    spec: {containers: [{name: main, image: busybox}]}
YAML
kc "$K" apply -f "$TMP/ds.yaml"
expect_ok
poll 30 eq "$NODES" ds agent -o 'jsonpath={.status.numberReady}' || { $K get ds agent -o yaml; fail "a ready pod per node"; }
[ "$($K get pods -l app=agent -o jsonpath='{range .items[*]}{.spec.nodeName}{"\n"}{end}' | grep -v '^$' | sort -u | wc -l)" -ge "$NODES" ] \
  || fail "daemon pods on distinct nodes"
# A node added later gets a daemon pod (aimed at it by node affinity, as
# Kubernetes' controller does); a NoExecute taint the pods do not tolerate
# takes it away again.
cat >"$TMP/extra-node.yaml" <<'YAML'
apiVersion: v1
kind: Node
metadata: {name: extra, labels: {kubernetes.io/hostname: extra}}
YAML
kc "$K" create -f "$TMP/extra-node.yaml"
expect_ok
# Ready, as its kubelet would report, so that the node lifecycle controller
# leaves it untainted for its grace period (daemon pods do not tolerate the
# NoSchedule taint of a node that never reported).
kc "$K" patch node extra --subresource=status --type=merge -p \
  '{"status":{"conditions":[{"type":"Ready","status":"True","reason":"KubeletReady"}]}}'
expect_ok
poll 60 eq "$((NODES + 1))" ds agent -o 'jsonpath={.status.desiredNumberScheduled}' \
  || { $K get ds agent -o yaml; fail "the added node counts as desired"; }
poll 60 bash -c "[ \"\$($K get pods -l app=agent -o json | grep -c '\"extra\"')\" -ge 1 ]" \
  || { $K get pods -l app=agent -o yaml; fail "a daemon pod for the added node"; }
kc "$K" taint node extra dedicated=db:NoExecute
expect_ok
poll 30 eq "$NODES" ds agent -o 'jsonpath={.status.desiredNumberScheduled}' \
  || { $K get ds agent -o yaml; fail "the tainted node no longer counts"; }
poll 30 bash -c "[ \"\$($K get pods -l app=agent -o json | grep -c '\"extra\"')\" -eq 0 ]" \
  || { $K get pods -l app=agent -o yaml; fail "the daemon pod leaves the tainted node"; }
kc "$K" delete node extra
expect_ok

# --- StatefulSet: ordered pods.
cat >"$TMP/sts.yaml" <<'YAML'
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db}
spec:
  replicas: 3
  serviceName: db
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec: {containers: [{name: main, image: busybox}]}
YAML
kc "$K" apply -f "$TMP/sts.yaml"
expect_ok
kc "$K" rollout status statefulset/db --timeout=60s
expect_ok
t0="$(jp pod db-0 -o 'jsonpath={.metadata.creationTimestamp}')"
t1="$(jp pod db-1 -o 'jsonpath={.metadata.creationTimestamp}')"
t2="$(jp pod db-2 -o 'jsonpath={.metadata.creationTimestamp}')"
[[ "$t0" < "$t1" || "$t0" == "$t1" ]] && [[ "$t1" < "$t2" || "$t1" == "$t2" ]] || fail "pods created in order"
kc "$K" get events --field-selector involvedObject.name=db
expect_out_has "create Pod db-0 in StatefulSet db successful"

# --- The CronJob fired (named after the scheduled minute).
poll 70 bash -c "$K get jobs -o name | grep -q '^job.batch/tick-'" || fail "the CronJob made no Job"
poll 10 bash -c "[ -n \"\$($K get cronjob tick -o 'jsonpath={.status.lastScheduleTime}')\" ]" || fail "lastScheduleTime"

# --- Drain against a budget: refused (429) while it allows nothing.
node="$($K get pod -l app=web -o 'jsonpath={.items[0].spec.nodeName}')"
kc "$K" create poddisruptionbudget web --selector=app=web --min-available=4
expect_ok
poll 20 eq 0 pdb web -o 'jsonpath={.status.disruptionsAllowed}' || fail "the budget allows nothing"
eq 4 pdb web -o 'jsonpath={.status.currentHealthy}' || fail "4 healthy"
kc "$K" drain "$node" --ignore-daemonsets --delete-emptydir-data --timeout=8s
[ "$RC" -ne 0 ] || fail "drain ignored the budget"
expect_err_has "Cannot evict pod as it would violate the pod's disruption budget."
kc "$K" patch pdb web --type=merge -p '{"spec":{"minAvailable":3}}'
expect_ok
kc "$K" drain "$node" --ignore-daemonsets --delete-emptydir-data --timeout=90s
expect_ok
[ -z "$($K get pods -l app=web --field-selector spec.nodeName="$node" -o name)" ] || fail "web pods left on $node"
echo PASS
