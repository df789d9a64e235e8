# The basics a kubectl user does first, with kubectl 1.27, 1.32 and 1.33:
# version, discovery, namespaces and the kubernetes Service after start, CRUD
# of ConfigMaps, labels, annotations, the three patch types, selectors,
# watch, errors as Kubernetes words them, and the seed's pod deletion flow.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/kubectl_lib.sh"
start_k1s "${API_ONLY[@]}"

for K in "${KUBECTLS[@]}"; do
  v="$("$K" version --client -o json | sed -nE 's/.*"minor": "([0-9]+)".*/\1/p' | head -1)"
  ns="e2e-$v-$RANDOM"
  echo "--- kubectl 1.$v"

  kc "$K" version -o json
  expect_ok
  expect_out_has '"gitVersion": "v1.33.0-k1s1"'

  kc "$K" get namespaces
  expect_ok
  for n in default kube-system kube-public kube-node-lease; do
    grep -qE "^$n +Active " "$TMP/out" || fail "namespace $n not Active: $OUT"
  done
  kc "$K" get svc kubernetes -o 'jsonpath={.spec.clusterIP} {.spec.ports[0].port}'
  [ "$OUT" = "10.43.0.1 443" ] || fail "kubernetes service: $OUT"

  kc "$K" api-resources
  expect_ok
  grep -qE "^deployments +deploy +apps/v1 +true +Deployment" "$TMP/out" || fail "api-resources: $OUT"

  printf '{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"%s"}}' "$ns" >"$TMP/ns.json"
  kc "$K" create -f "$TMP/ns.json"
  expect_ok
  printf '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cfg","namespace":"%s"},"data":{"k":"v"}}' \
    "$ns" >"$TMP/cm.json"
  kc "$K" create -f "$TMP/cm.json"
  expect_ok
  expect_out_has "configmap/cfg created"
  kc "$K" create -f "$TMP/cm.json"
  [ "$RC" -ne 0 ] || fail "second create succeeded"
  expect_err_has 'configmaps "cfg" already exists'

  kc "$K" get cm cfg -n "$ns"
  expect_ok
  grep -qE "^cfg +1 +[0-9]+s" "$TMP/out" || fail "table: $OUT"

  kc "$K" label cm cfg -n "$ns" tier=web
  expect_ok
  kc "$K" annotate cm cfg -n "$ns" note=hello
  expect_ok
  kc "$K" patch cm cfg -n "$ns" --type merge -p '{"data":{"m":"1"}}'
  expect_ok
  kc "$K" patch cm cfg -n "$ns" --type json -p '[{"op":"add","path":"/data/j","value":"2"}]'
  expect_ok
  kc "$K" patch cm cfg -n "$ns" -p '{"data":{"s":"3"}}'
  expect_ok
  kc "$K" get cm -n "$ns" -l tier=web -o 'jsonpath={.items[0].metadata.annotations.note} {.items[0].data.m}{.items[0].data.j}{.items[0].data.s}'
  [ "$OUT" = "hello 123" ] || fail "patched configmap: $OUT"
  kc "$K" get cm -n "$ns" -l tier=api -o name
  [ -z "$OUT" ] || fail "label selector matched: $OUT"
  kc "$K" get cm -A --field-selector "metadata.namespace=$ns" -o name
  [ "$OUT" = "configmap/cfg" ] || fail "field selector: $OUT"

  # A watch sees a change made after it started.
  timeout 10 "$K" get cm -n "$ns" --watch -o name >"$TMP/watch.out" 2>&1 &
  watcher=$!
  sleep 1
  printf '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"late","namespace":"%s"}}' "$ns" >"$TMP/late.json"
  kc "$K" create -f "$TMP/late.json"
  expect_ok
  for _ in $(seq 50); do grep -q "configmap/late" "$TMP/watch.out" && break; sleep 0.1; done
  kill "$watcher" 2>/dev/null || true
  grep -q "configmap/late" "$TMP/watch.out" || fail "watch missed the new configmap: $(cat "$TMP/watch.out")"

  kc "$K" delete cm cfg -n "$ns"
  expect_ok
  expect_out_has 'configmap "cfg" deleted'
  kc "$K" get cm cfg -n "$ns"
  [ "$RC" -ne 0 ] || fail "deleted configmap still there"
  expect_err_has 'configmaps "cfg" not found'

  # The seed's deletion flow: a pod bound to a node is only marked
  # Terminating with the default 30 s grace; the kubelet's grace-0 delete
  # removes it.
  printf '{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","namespace":"%s"},"spec":{"nodeName":"e2e-node","containers":[{"name":"c","image":"busybox"}]}}' \
    "$ns" >"$TMP/pod.json"
  kc "$K" create -f "$TMP/pod.json"
  expect_ok
  kc "$K" delete pod p -n "$ns" --wait=false
  expect_ok
  kc "$K" get pod p -n "$ns" -o 'jsonpath={.metadata.deletionGracePeriodSeconds} {.status.phase}'
  [ "$OUT" = "30 Pending" ] || fail "pod not marked for deletion: $OUT"
  kc "$K" delete pod p -n "$ns" --grace-period=0 --force
  expect_ok
  kc "$K" get pod p -n "$ns"
  [ "$RC" -ne 0 ] || fail "pod survived its final delete"

  kc "$K" get pods -n no-such-namespace
  expect_ok  # listing an empty namespace is not an error
done

# Credentials the server does not know: 401 as a Status.
port="$(sed -nE 's#.*server: "?https://127.0.0.1:([0-9]+).*#\1#p' "$KUBECONFIG")"
kc "${KUBECTLS[0]}" --kubeconfig=/dev/null --server "https://127.0.0.1:$port" \
  --insecure-skip-tls-verify --token=not-a-valid-token get pods
[ "$RC" -ne 0 ] || fail "anonymous request allowed"
expect_err_has "Unauthorized"
echo PASS
