# The pod admission plugins as kube-apiserver runs them, driven with real
# kubectl: NamespaceLifecycle refuses creates in missing and terminating
# namespaces; LimitRanger fills in a LimitRange's defaults (and says so in an
# annotation) and refuses what exceeds its max; Priority resolves
# priorityClassName (the built-in classes exist) and refuses a missing class
# and a second global default; DefaultTolerationSeconds adds the not-ready and
# unreachable tolerations; PodSecurity enforces a namespace's level with
# Kubernetes' message and warns (for pods and pod templates) as kubectl prints.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/kubectl_lib.sh"
start_k1s "${API_ONLY[@]}"
K=/usr/bin/kubectl

# pod NAME [extra container yaml lines...]: writes a one-container pod to $TMP/pod.yaml.
pod() {
  local name=$1
  shift
  printf 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: %s\nspec:\n  containers:\n  - name: %s\n    image: nginx\n' \
    "$name" "$name" >"$TMP/pod.yaml"
  for line in "$@"; do printf '    %s\n' "$line" >>"$TMP/pod.yaml"; done
}

# --- NamespaceLifecycle.
kc $K create configmap c -n nowhere
expect_rc 1
expect_err_has 'namespaces "nowhere" not found'
kc $K create namespace doomed
expect_ok
kc $K delete namespace doomed --wait=false
expect_ok
pod late
kc $K apply -n doomed -f "$TMP/pod.yaml"
expect_rc 1
expect_err_has 'pods "late" is forbidden: unable to create new content in namespace doomed because it is being terminated'

# --- LimitRanger.
kc $K create namespace limits
expect_ok
cat >"$TMP/lr.yaml" <<'YAML'
apiVersion: v1
kind: LimitRange
metadata: {name: cpu-mem, namespace: limits}
spec:
  limits:
  - type: Container
    default: {cpu: 300m, memory: 128Mi}
    defaultRequest: {cpu: 100m}
    max: {cpu: 500m}
  - type: PersistentVolumeClaim
    max: {storage: 2Gi}
YAML
kc $K apply -f "$TMP/lr.yaml"
expect_ok
# memory's default request is its default limit (LimitRange defaulting).
kc $K get limitrange cpu-mem -n limits -o 'jsonpath={.spec.limits[0].defaultRequest.memory}'
[ "$OUT" = 128Mi ] || fail "LimitRange defaultRequest.memory: $OUT"
pod web
kc $K apply -n limits -f "$TMP/pod.yaml"
expect_ok
kc $K get pod web -n limits -o 'jsonpath={.spec.containers[0].resources.requests.cpu} {.spec.containers[0].resources.limits.cpu} {.spec.containers[0].resources.requests.memory} {.spec.containers[0].resources.limits.memory} {.status.qosClass}'
[ "$OUT" = "100m 300m 128Mi 128Mi Burstable" ] || fail "defaulted resources: $OUT"
kc $K get pod web -n limits -o 'jsonpath={.metadata.annotations.kubernetes\.io/limit-ranger}'
[ "$OUT" = "LimitRanger plugin set: cpu, memory request for container web; cpu, memory limit for container web" ] ||
  fail "limit-ranger annotation: $OUT"
for k in "${KUBECTLS[@]}"; do
  pod big 'resources: {limits: {cpu: "1"}}'
  kc "$k" apply -n limits -f "$TMP/pod.yaml"
  expect_rc 1
  expect_err_has 'pods "big" is forbidden: maximum cpu usage per Container is 500m, but limit is 1'
done
cat >"$TMP/pvc.yaml" <<'YAML'
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: huge, namespace: limits}
spec:
  accessModes: [ReadWriteOnce]
  resources: {requests: {storage: 5Gi}}
YAML
kc $K apply -f "$TMP/pvc.yaml"
expect_rc 1
expect_err_has 'persistentvolumeclaims "huge" is forbidden: maximum storage usage per PersistentVolumeClaim is 2Gi, but request is 5Gi'

# --- Priority.
kc $K get priorityclass system-node-critical system-cluster-critical -o 'jsonpath={.items[*].value}'
expect_ok
[ "$OUT" = "2000001000 2000000000" ] || fail "built-in priority classes: $OUT"
cat >"$TMP/pc.yaml" <<'YAML'
apiVersion: scheduling.k8s.io/v1
kind: PriorityClass
metadata: {name: high}
value: 1000
preemptionPolicy: Never
YAML
kc $K apply -f "$TMP/pc.yaml"
expect_ok
printf 'apiVersion: v1\nkind: Pod\nmetadata: {name: urgent}\nspec:\n  priorityClassName: high\n  containers: [{name: c, image: nginx}]\n' >"$TMP/pod.yaml"
kc $K apply -f "$TMP/pod.yaml"
expect_ok
kc $K get pod urgent -o 'jsonpath={.spec.priority} {.spec.preemptionPolicy}'
[ "$OUT" = "1000 Never" ] || fail "priority from the class: $OUT"
kc $K get pod web -n limits -o 'jsonpath={.spec.priority} {.spec.preemptionPolicy}'
[ "$OUT" = "0 PreemptLowerPriority" ] || fail "priority without a class: $OUT"
for k in "${KUBECTLS[@]}"; do
  printf 'apiVersion: v1\nkind: Pod\nmetadata: {name: lost}\nspec:\n  priorityClassName: foo\n  containers: [{name: c, image: nginx}]\n' >"$TMP/pod.yaml"
  kc "$k" apply -f "$TMP/pod.yaml"
  expect_rc 1
  expect_err_has 'pods "lost" is forbidden: no PriorityClass with name foo was found'
done
printf 'apiVersion: v1\nkind: Pod\nmetadata: {name: liar}\nspec:\n  priorityClassName: high\n  priority: 5\n  containers: [{name: c, image: nginx}]\n' >"$TMP/pod.yaml"
kc $K apply -f "$TMP/pod.yaml"
expect_rc 1
expect_err_has 'pods "liar" is forbidden: the integer value of priority (5) must not be provided in pod spec; priority admission controller computed 1000 from the given PriorityClass name'
kc $K create priorityclass first --value=10 --global-default
expect_ok
kc $K create priorityclass second --value=20 --global-default
expect_rc 1
expect_err_has 'priorityclasses.scheduling.k8s.io "second" is forbidden: PriorityClass first is already marked as default. Only one default can exist'
pod defaulted
kc $K apply -f "$TMP/pod.yaml"
expect_ok
kc $K get pod defaulted -o 'jsonpath={.spec.priorityClassName} {.spec.priority}'
[ "$OUT" = "first 10" ] || fail "global default class: $OUT"

# --- DefaultTolerationSeconds.
kc $K get pod urgent -o 'jsonpath={range .spec.tolerations[*]}{.key} {.operator} {.effect} {.tolerationSeconds};{end}'
[ "$OUT" = "node.kubernetes.io/not-ready Exists NoExecute 300;node.kubernetes.io/unreachable Exists NoExecute 300;" ] ||
  fail "default tolerations: $OUT"
printf 'apiVersion: v1\nkind: Pod\nmetadata: {name: tolerant}\nspec:\n  tolerations: [{operator: Exists}]\n  containers: [{name: c, image: nginx}]\n' >"$TMP/pod.yaml"
kc $K apply -f "$TMP/pod.yaml"
expect_ok
kc $K get pod tolerant -o 'jsonpath={.spec.tolerations}'
[ "$OUT" = '[{"operator":"Exists"}]' ] || fail "a pod tolerating everything keeps its tolerations: $OUT"

# --- PodSecurity: enforce restricted.
kc $K create namespace locked
expect_ok
kc $K label namespace locked pod-security.kubernetes.io/enforce=restricted
expect_ok
for k in "${KUBECTLS[@]}"; do
  kc "$k" run web --image=nginx -n locked
  expect_rc 1
  expect_err_has 'Error from server (Forbidden): pods "web" is forbidden: violates PodSecurity "restricted:latest": allowPrivilegeEscalation != false (container "web" must set securityContext.allowPrivilegeEscalation=false), unrestricted capabilities (container "web" must set securityContext.capabilities.drop=["ALL"]), runAsNonRoot != true (pod or container "web" must set securityContext.runAsNonRoot=true), seccompProfile (pod or container "web" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")'
done
pod compliant 'securityContext:' '  allowPrivilegeEscalation: false' '  runAsNonRoot: true' \
  '  capabilities: {drop: [ALL]}' '  seccompProfile: {type: RuntimeDefault}'
kc $K apply -n locked -f "$TMP/pod.yaml"
expect_ok
expect_err_lacks() { ! grep -qF -- "$1" "$TMP/err" || fail "stderr has: $1"; }
expect_err_lacks "Warning"
# Labelling a namespace whose pods the new level refuses warns about them.
pod plain
kc $K apply -f "$TMP/pod.yaml"
expect_ok
kc $K label namespace default pod-security.kubernetes.io/enforce=baseline pod-security.kubernetes.io/enforce-version=v1.30
expect_ok
expect_err_lacks "Warning"
kc $K label namespace default pod-security.kubernetes.io/enforce=restricted --overwrite
expect_ok
expect_err_has 'Warning: existing pods in namespace "default" violate the new PodSecurity enforce level "restricted:v1.30"'
expect_err_has 'Warning: defaulted (and 3 other pods): allowPrivilegeEscalation != false, unrestricted capabilities, runAsNonRoot != true, seccompProfile'
kc $K label namespace default pod-security.kubernetes.io/enforce- pod-security.kubernetes.io/enforce-version-
expect_ok
kc $K label namespace locked pod-security.kubernetes.io/enforce=strict --overwrite
expect_rc 1
expect_err_has 'Namespace "locked" is invalid: metadata.labels[pod-security.kubernetes.io/enforce]: Invalid value: "strict": must be one of privileged, baseline, restricted'

# --- PodSecurity: warn and enforce baseline.
kc $K create namespace watched
expect_ok
kc $K label namespace watched pod-security.kubernetes.io/warn=baseline pod-security.kubernetes.io/enforce=baseline
expect_ok
cat >"$TMP/deploy.yaml" <<'YAML'
apiVersion: apps/v1
kind: Deployment
metadata: {name: root, namespace: watched}
spec:
  selector: {matchLabels: {app: root}}
  template:
    metadata: {labels: {app: root}}
    spec:
      hostNetwork: true
      containers:
      - name: shell
        image: busybox
        securityContext: {privileged: true}
YAML
for k in "${KUBECTLS[@]}"; do
  kc "$k" apply -f "$TMP/deploy.yaml"
  expect_ok
  expect_err_has 'Warning: would violate PodSecurity "baseline:latest": host namespaces (hostNetwork=true), privileged (container "shell" must not set securityContext.privileged=true)'
  kc "$k" delete deployment root -n watched
  expect_ok
done
for k in "${KUBECTLS[@]}"; do
  pod priv 'securityContext: {privileged: true}'
  kc "$k" apply -n watched -f "$TMP/pod.yaml"
  expect_rc 1
  expect_err_has 'pods "priv" is forbidden: violates PodSecurity "baseline:latest": privileged (container "priv" must not set securityContext.privileged=true)'
done
# A pod that baseline admits but restricted would not: warn=restricted says so.
kc $K label namespace watched pod-security.kubernetes.io/warn=restricted --overwrite
expect_ok
kc $K run calm --image=nginx -n watched
expect_ok
expect_err_has 'Warning: would violate PodSecurity "restricted:latest": allowPrivilegeEscalation != false'
echo PASS
