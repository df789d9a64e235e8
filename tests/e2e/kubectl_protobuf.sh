# kubectl >= 1.32 sends request bodies in Kubernetes protobuf for every command
# built on client-go's typed clients (create namespace/configmap/secret/...)
# and never falls back to JSON. Each object must be stored as the JSON that
# kubectl <= 1.31 sent for the same command: pointer zeros kept (replicas 0),
# secret bytes in base64, quantities, int-or-strings.
source "$(dirname "$0")/lib.sh"

source "$(dirname "$0")/kubectl_lib.sh"
# Only kubectl 1.32 and later send protobuf.
KUBECTLS=()
for k in /usr/bin/kubectl /usr/lib/google-cloud-sdk/bin/kubectl.1.32 \
  /usr/lib/google-cloud-sdk/bin/kubectl.1.33; do
  [ -x "$k" ] && KUBECTLS+=("$k")
done
[ "${#KUBECTLS[@]}" -gt 0 ] || { echo "SKIP: no kubectl"; exit 0; }
start_k1s

# ok K ARGS...: kubectl K must succeed.
ok() {
  run "$@"
  [ "$RC" -eq 0 ] || fail "exit $RC: $*: $ERR"
}
# expect_get K WANT ARGS...: `K get ARGS -o jsonpath=...` must print WANT.
expect_get() {
  local k="$1" want="$2"
  shift 2
  ok "$k" get "$@"
  [ "$OUT" = "$want" ] || fail "get $*: got '$OUT', want '$want'"
}

SEEN=" "
for K in "${KUBECTLS[@]}"; do
  v="$("$K" version --client -o json | sed -nE 's/.*"minor": "([0-9]+)".*/\1/p' | head -1)"
  # /usr/bin/kubectl may be a dispatcher that runs one of the others.
  case "$SEEN" in *" $v "*) continue ;; esac
  SEEN+="$v "
  n="proto-$v"
  echo "--- kubectl 1.$v"

  # The request really is protobuf (kubectl logs request headers at -v=8).
  ok "$K" create namespace "$n" -v=8
  grep -qF "Content-Type: application/vnd.kubernetes.protobuf" "$TMP/err" ||
    fail "kubectl 1.$v did not send protobuf"
  expect_get "$K" "$n Active" namespace "$n" -o 'jsonpath={.metadata.name} {.status.phase}'

  ok "$K" -n "$n" create configmap cfg --from-literal=a=1 --from-literal=b=two
  expect_get "$K" "1 two" -n "$n" configmap cfg -o 'jsonpath={.data.a} {.data.b}'

  ok "$K" -n "$n" create secret generic sec --from-literal=pw=hunter2
  expect_get "$K" "aHVudGVyMg== Opaque" -n "$n" secret sec -o 'jsonpath={.data.pw} {.type}'

  ok "$K" -n "$n" create deployment dep --image=busybox --replicas=0
  expect_get "$K" "0 busybox app=dep" -n "$n" deployment dep \
    -o 'jsonpath={.spec.replicas} {.spec.template.spec.containers[0].image} app={.spec.selector.matchLabels.app}'
  ok "$K" -n "$n" get deployment dep -o json
  grep -qE '"replicas": 0' "$TMP/out" || fail "replicas 0 not kept: $OUT"

  ok "$K" -n "$n" create job job --image=busybox -- echo hi
  expect_get "$K" "busybox echo Never" -n "$n" job job \
    -o 'jsonpath={.spec.template.spec.containers[0].image} {.spec.template.spec.containers[0].command[0]} {.spec.template.spec.restartPolicy}'

  ok "$K" -n "$n" create cronjob cron --image=busybox --schedule='*/5 * * * *'
  expect_get "$K" "*/5 * * * * busybox" -n "$n" cronjob cron \
    -o 'jsonpath={.spec.schedule} {.spec.jobTemplate.spec.template.spec.containers[0].image}'

  ok "$K" -n "$n" create service clusterip svc --tcp=80:8080
  expect_get "$K" "ClusterIP 80 8080 TCP" -n "$n" service svc \
    -o 'jsonpath={.spec.type} {.spec.ports[0].port} {.spec.ports[0].targetPort} {.spec.ports[0].protocol}'

  ok "$K" -n "$n" create serviceaccount robot
  expect_get "$K" "robot" -n "$n" serviceaccount robot -o 'jsonpath={.metadata.name}'

  ok "$K" -n "$n" create quota quota --hard=cpu=1,memory=1Gi,pods=10
  expect_get "$K" "1 1Gi 10" -n "$n" resourcequota quota \
    -o 'jsonpath={.spec.hard.cpu} {.spec.hard.memory} {.spec.hard.pods}'

  ok "$K" create priorityclass "$n-high" --value=1000 --description=important
  expect_get "$K" "1000 important" priorityclass "$n-high" -o 'jsonpath={.value} {.description}'
  ok "$K" create priorityclass "$n-zero" --value=0
  expect_get "$K" "value=0" priorityclass "$n-zero" -o 'jsonpath=value={.value}'

  ok "$K" -n "$n" create role reader --verb=get,list --resource=pods
  expect_get "$K" '["get","list"] ["pods"]' -n "$n" role reader \
    -o 'jsonpath={.rules[0].verbs} {.rules[0].resources}'
  ok "$K" -n "$n" create rolebinding readers --role=reader --user=alice
  expect_get "$K" "Role/reader User/alice" -n "$n" rolebinding readers \
    -o 'jsonpath={.roleRef.kind}/{.roleRef.name} {.subjects[0].kind}/{.subjects[0].name}'
  ok "$K" create clusterrole "$n-reader" --verb=get --resource=nodes
  expect_get "$K" '["get"] ["nodes"]' clusterrole "$n-reader" \
    -o 'jsonpath={.rules[0].verbs} {.rules[0].resources}'
  ok "$K" create clusterrolebinding "$n-readers" --clusterrole="$n-reader" --group=devs
  expect_get "$K" "ClusterRole/$n-reader Group/devs" clusterrolebinding "$n-readers" \
    -o 'jsonpath={.roleRef.kind}/{.roleRef.name} {.subjects[0].kind}/{.subjects[0].name}'

  ok "$K" -n "$n" create poddisruptionbudget pdb --selector=app=dep --min-available=1
  expect_get "$K" "1 dep" -n "$n" pdb pdb -o 'jsonpath={.spec.minAvailable} {.spec.selector.matchLabels.app}'
  ok "$K" -n "$n" create poddisruptionbudget pdb2 --selector=app=dep --max-unavailable=50%
  expect_get "$K" "50%" -n "$n" pdb pdb2 -o 'jsonpath={.spec.maxUnavailable}'

  ok "$K" -n "$n" create ingress web --rule='foo.com/bar=svc:8080'
  expect_get "$K" "foo.com /bar Exact svc 8080" -n "$n" ingress web \
    -o 'jsonpath={.spec.rules[0].host} {.spec.rules[0].http.paths[0].path} {.spec.rules[0].http.paths[0].pathType} {.spec.rules[0].http.paths[0].backend.service.name} {.spec.rules[0].http.paths[0].backend.service.port.number}'
done

kill -TERM "${STARTED_PIDS[-1]}"
wait_exit "${STARTED_PIDS[-1]}" 10
echo PASS
