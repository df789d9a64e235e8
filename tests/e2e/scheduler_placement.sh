# The scheduler seen through real kubectl: Node objects created with
# `kubectl create -f` (no kubelet, as KWOK does) are scheduled onto; pods
# land where Kubernetes would put them (resources, nodeSelector, taints,
# cordon, anti-affinity, spreading of a Deployment's replicas) or stay
# Pending with kube-scheduler's FailedScheduling message in `kubectl
# describe`; pods for another scheduler are left alone.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/kubectl_lib.sh"
K=/usr/bin/kubectl

# Nodes without kubelets would be tainted unreachable after the grace period.
start_k1s --node-monitor-grace-period 10m --disable-agent

node_of() { "$K" get pod "$1" -o 'jsonpath={.spec.nodeName}' 2>/dev/null; }
bound_to() { [ "$(node_of "$1")" = "$2" ]; }
bound() { [ -n "$(node_of "$1")" ]; }
pending_with() { "$K" describe pod "$1" 2>/dev/null | grep -qF -- "$2"; }
expect_bound() { poll 20 bound_to "$1" "$2" || { "$K" describe pod "$1"; fail "$1 not on $2 (on '$(node_of "$1")')"; }; }
expect_pending() { poll 20 pending_with "$1" "$2" || { "$K" describe pod "$1"; fail "$1: no '$2'"; }; }

# make_node NAME CPU [LABEL=VALUE...]
make_node() {
  local name=$1 cpu=$2 labels="kubernetes.io/hostname: $1"
  shift 2
  for l in "$@"; do labels+=$'\n'"    ${l%%=*}: \"${l#*=}\""; done
  cat >"$TMP/$name.yaml" <<YAML
apiVersion: v1
kind: Node
metadata:
  name: $name
  labels:
    $labels
status:
  capacity: {cpu: "$cpu", memory: 8Gi, pods: "110"}
  allocatable: {cpu: "$cpu", memory: 8Gi, pods: "110"}
  conditions:
  - {type: Ready, status: "True", reason: KubeletReady, message: ok}
YAML
  kc "$K" create -f "$TMP/$name.yaml"
  expect_ok
  # kube-apiserver keeps a Node's status given at create; where the server
  # drops it, it follows through nodes/status as KWOK writes it.
  if [ -z "$("$K" get node "$name" -o 'jsonpath={.status.allocatable.cpu}')" ]; then
    kc "$K" patch node "$name" --subresource=status --type=merge \
      -p "{\"status\":{\"capacity\":{\"cpu\":\"$cpu\",\"memory\":\"8Gi\",\"pods\":\"110\"},\"allocatable\":{\"cpu\":\"$cpu\",\"memory\":\"8Gi\",\"pods\":\"110\"},\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\",\"reason\":\"KubeletReady\",\"message\":\"ok\"}]}}"
    expect_ok
  fi
}

make_node n1 2 topology.kubernetes.io/zone=a disk=ssd
make_node n2 2 topology.kubernetes.io/zone=b disk=hdd
make_node n3 4 topology.kubernetes.io/zone=b disk=hdd
kc "$K" taint node n3 dedicated=gpu:NoSchedule
expect_ok
[ "$("$K" get node n1 -o 'jsonpath={.status.allocatable.cpu}')" = 2 ] || fail "node status not kept"

# --- Resources: the second 1500m pod cannot share a node with the first.
kc "$K" run big1 --image=busybox --overrides='{"spec":{"containers":[{"name":"c","image":"busybox","resources":{"requests":{"cpu":"1500m"}}}]}}'
expect_ok
poll 20 bound big1 || fail "big1 not bound"
first="$(node_of big1)"
kc "$K" run big2 --image=busybox --overrides='{"spec":{"containers":[{"name":"c","image":"busybox","resources":{"requests":{"cpu":"1500m"}}}]}}'
poll 20 bound big2 || fail "big2 not bound"
[ "$(node_of big2)" != "$first" ] || fail "big1 and big2 share $first"
kc "$K" run big3 --image=busybox --overrides='{"spec":{"containers":[{"name":"c","image":"busybox","resources":{"requests":{"cpu":"1500m"}}}]}}'
expect_pending big3 "0/3 nodes are available: 1 node(s) had untolerated taint {dedicated: gpu}, 2 Insufficient cpu. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod."
kc "$K" describe pod big3
expect_out_has "Warning  FailedScheduling"
expect_out_has "default-scheduler"
kc "$K" get pod big3 -o 'jsonpath={.status.conditions[0].type}/{.status.conditions[0].status}/{.status.conditions[0].reason}'
[ "$OUT" = "PodScheduled/False/Unschedulable" ] || fail "condition: $OUT"
kc "$K" get pod big3
expect_out_has "Pending"

# A toleration lets it onto the tainted node.
kc "$K" delete pod big3 --wait=false
cat >"$TMP/tol.yaml" <<'YAML'
apiVersion: v1
kind: Pod
metadata: {name: tol}
spec:
  tolerations: [{key: dedicated, operator: Equal, value: gpu, effect: NoSchedule}]
  containers: [{name: c, image: busybox, resources: {requests: {cpu: 3}}}]
YAML
kc "$K" create -f "$TMP/tol.yaml"
expect_ok
expect_bound tol n3
kc "$K" describe pod tol
expect_out_has "Successfully assigned default/tol to n3"
kc "$K" get pod tol -o wide
expect_out_has " n3 "

# --- nodeSelector and node affinity.
kc "$K" run sel --image=busybox --overrides='{"spec":{"nodeSelector":{"disk":"ssd"}}}'
expect_bound sel n1
kc "$K" run nomatch --image=busybox --overrides='{"spec":{"nodeSelector":{"disk":"nvme"}}}'
expect_pending nomatch "0/3 nodes are available: 1 node(s) had untolerated taint {dedicated: gpu}, 2 node(s) didn't match Pod's node affinity/selector."
# Labelling a node is a cluster event: the waiting pod is retried.
kc "$K" label node n2 disk=nvme --overwrite
expect_ok
expect_bound nomatch n2

# --- Cordon.
kc "$K" cordon n1
expect_ok
kc "$K" run cordoned --image=busybox --overrides='{"spec":{"nodeSelector":{"disk":"ssd"}}}'
expect_pending cordoned "1 node(s) were unschedulable"
kc "$K" uncordon n1
expect_bound cordoned n1

# --- Pod anti-affinity per zone: two pods, two zones, the third waits.
for i in 1 2 3; do
  cat >"$TMP/anti$i.yaml" <<YAML
apiVersion: v1
kind: Pod
metadata: {name: anti$i, labels: {app: anti}}
spec:
  tolerations: [{operator: Exists}]
  affinity:
    podAntiAffinity:
      requiredDuringSchedulingIgnoredDuringExecution:
      - labelSelector: {matchLabels: {app: anti}}
        topologyKey: topology.kubernetes.io/zone
  containers: [{name: c, image: busybox}]
YAML
  kc "$K" create -f "$TMP/anti$i.yaml"
  expect_ok
  [ "$i" = 3 ] || poll 20 bound "anti$i" || fail "anti$i not bound"
done
z1="$("$K" get node "$(node_of anti1)" -o 'jsonpath={.metadata.labels.topology\.kubernetes\.io/zone}')"
z2="$("$K" get node "$(node_of anti2)" -o 'jsonpath={.metadata.labels.topology\.kubernetes\.io/zone}')"
[ "$z1" != "$z2" ] || fail "anti1 and anti2 both in zone $z1"
expect_pending anti3 "3 node(s) didn't match pod anti-affinity rules"

# --- Another scheduler's pod stays unbound and gets no event from us.
kc "$K" run other --image=busybox --overrides='{"spec":{"schedulerName":"my-scheduler"}}'
expect_ok
sleep 1
[ -z "$(node_of other)" ] || fail "other was scheduled"
kc "$K" describe pod other
expect_out_lacks "FailedScheduling"

# --- A Deployment's replicas spread over the nodes (if the controllers run).
kc "$K" create deployment web --image=nginx --replicas=4
expect_ok
if poll 20 bash -c "[ \"\$($K get pods -l app=web --no-headers 2>/dev/null | wc -l)\" -eq 4 ]"; then
  poll 20 bash -c "[ -z \"\$($K get pods -l app=web -o jsonpath='{range .items[*]}{.spec.nodeName}{\"\\n\"}{end}' | grep -x '')\" ]" ||
    fail "web pods not all bound"
  nodes="$("$K" get pods -l app=web -o jsonpath='{range .items[*]}{.spec.nodeName}{"\n"}{end}' | sort -u | wc -l)"
  [ "$nodes" -ge 2 ] || fail "4 replicas on $nodes node(s)"
else
  echo "no ReplicaSet controller yet: spreading checked by the unit tests only"
fi

echo PASS
