# Priority and preemption through real kubectl, and a scheduler config file:
# a pod of a higher PriorityClass evicts the lowest-priority pod on a node
# (gracefully: it shows Terminating, the preemptor shows the NOMINATED
# NODE), and lands there once the victim is gone; preemptionPolicy Never
# waits instead. `--scheduler-config` switches NodeResourcesFit to
# MostAllocated, which packs pods instead of spreading them.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/kubectl_lib.sh"
K=/usr/bin/kubectl

cat >"$TMP/sched.yaml" <<'YAML'
apiVersion: kubescheduler.config.k8s.io/v1
kind: KubeSchedulerConfiguration
profiles:
- schedulerName: default-scheduler
  pluginConfig:
  - name: NodeResourcesFit
    args:
      scoringStrategy:
        type: MostAllocated
YAML
start_k1s --node-monitor-grace-period 10m --disable-agent --scheduler-config "$TMP/sched.yaml"

node_of() { "$K" get pod "$1" -o 'jsonpath={.spec.nodeName}' 2>/dev/null; }
bound() { [ -n "$(node_of "$1")" ]; }
field_is() { [ "$("$K" get pod "$1" -o "jsonpath=$2" 2>/dev/null)" = "$3" ]; }

make_node() {
  cat >"$TMP/$1.yaml" <<YAML
apiVersion: v1
kind: Node
metadata: {name: $1, labels: {kubernetes.io/hostname: $1}}
YAML
  kc "$K" create -f "$TMP/$1.yaml"
  expect_ok
  kc "$K" patch node "$1" --subresource=status --type=merge \
    -p '{"status":{"capacity":{"cpu":"2","memory":"4Gi","pods":"110"},"allocatable":{"cpu":"2","memory":"4Gi","pods":"110"},"conditions":[{"type":"Ready","status":"True","reason":"KubeletReady","message":"ok"}]}}'
  expect_ok
}

# --- MostAllocated (from the config file) packs: both pods share a node.
make_node a
make_node b
pod() {  # pod NAME CPU [PRIORITYCLASS] [POLICY]
  cat >"$TMP/$1.yaml" <<YAML
apiVersion: v1
kind: Pod
metadata: {name: $1}
spec:
  ${3:+priorityClassName: $3}
  ${4:+preemptionPolicy: $4}
  containers: [{name: c, image: busybox, resources: {requests: {cpu: "$2"}}}]
YAML
  kc "$K" create -f "$TMP/$1.yaml"
  expect_ok
}
pod pack1 500m
poll 20 bound pack1 || fail "pack1 not bound"
pod pack2 500m
poll 20 bound pack2 || fail "pack2 not bound"
[ "$(node_of pack1)" = "$(node_of pack2)" ] || fail "MostAllocated did not pack: $(node_of pack1) / $(node_of pack2)"
kc "$K" delete pod pack1 pack2 --grace-period=0 --force
kc "$K" delete node b
expect_ok

# --- Preemption on the one node left.
cat >"$TMP/pc.yaml" <<'YAML'
apiVersion: scheduling.k8s.io/v1
kind: PriorityClass
metadata: {name: low}
value: 10
---
apiVersion: scheduling.k8s.io/v1
kind: PriorityClass
metadata: {name: high}
value: 1000
---
# A pod may not choose a preemptionPolicy other than its class's (the
# Priority admission refuses it), so the polite pod has a class of its own.
apiVersion: scheduling.k8s.io/v1
kind: PriorityClass
metadata: {name: high-polite}
value: 1000
preemptionPolicy: Never
YAML
kc "$K" create -f "$TMP/pc.yaml"
expect_ok
pod victim 1500m low
poll 20 bound victim || fail "victim not bound"
pod polite 1 high-polite
poll 20 field_is polite '{.status.conditions[0].reason}' Unschedulable || fail "polite not unschedulable"
kc "$K" describe pod polite
expect_out_has "0/1 nodes are available: 1 Insufficient cpu. preemption: not eligible due to preemptionPolicy=Never."
kc "$K" delete pod polite
pod preemptor 1 high
poll 20 field_is preemptor '{.status.nominatedNodeName}' a || { "$K" describe pod preemptor; fail "not nominated"; }
kc "$K" get pod preemptor -o wide
expect_out_has "Pending"
grep -qE "^preemptor .* a +<none>$" "$TMP/out" || fail "NOMINATED NODE column: $OUT"
kc "$K" get pod victim
expect_out_has "Terminating"
kc "$K" get pod victim -o 'jsonpath={.status.conditions[?(@.type=="DisruptionTarget")].reason}'
[ "$OUT" = PreemptionByScheduler ] || fail "victim condition: $OUT"
kc "$K" get events --field-selector reason=Preempted -o 'jsonpath={.items[0].message}'
[[ "$OUT" == "Preempted by pod "*" on node a" ]] || fail "Preempted event: $OUT"
# No kubelet finishes the victim: do what it would.
kc "$K" delete pod victim --grace-period=0 --force
poll 20 bound preemptor || { "$K" describe pod preemptor; fail "preemptor not bound after the victim left"; }
[ "$(node_of preemptor)" = a ] || fail "preemptor on $(node_of preemptor)"

echo PASS
