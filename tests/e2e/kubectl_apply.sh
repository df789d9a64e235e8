# PATCH and apply as kubectl 1.27, 1.32 and 1.33 use them against k1s:
# strategic merge patches that merge lists by their own keys (container
# ports, env, volume mounts, finalizers) with directives, client-side apply
# dropping a container port, fieldValidation (Strict refuses a typo, Warn
# prints a warning), and server-side apply (create, unchanged, change,
# removal, a conflict with kubectl edit, --force-conflicts, managedFields).
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/kubectl_lib.sh"
start_k1s

# deploy NAME NS PORTS ENV MOUNTS: a Deployment manifest (ports, env and
# mounts as YAML flow lists).
deploy() {
  cat <<EOF
apiVersion: apps/v1
kind: Deployment
metadata: {name: $1, namespace: $2, labels: {app: $1}}
spec:
  replicas: 1
  selector: {matchLabels: {app: $1}}
  template:
    metadata: {labels: {app: $1}}
    spec:
      volumes: [{name: a, emptyDir: {}}, {name: b, emptyDir: {}}]
      containers:
      - name: web
        image: nginx:1.25
        ports: $3
        env: $4
        volumeMounts: $5
EOF
}

jp() { kc "$K" get "$1" -n "$ns" -o "jsonpath=$2"; expect_ok; }

seen=" "
for K in "${KUBECTLS[@]:1}" "${KUBECTLS[0]}"; do
  v="$("$K" version --client -o json | sed -nE 's/.*"minor": "([0-9]+)".*/\1/p' | head -1)"
  [[ "$seen" != *" $v "* ]] || { echo "--- kubectl 1.$v ($K): already covered"; continue; }
  seen+="$v "
  ns="ap-$v-$RANDOM"
  echo "--- kubectl 1.$v ($K)"
  kc "$K" create namespace "$ns"
  expect_ok

  # --- Strategic merge patch: each list merges by its own key.
  deploy smp "$ns" '[{containerPort: 80}, {containerPort: 443}]' \
    '[{name: A, value: "1"}, {name: B, value: "2"}]' \
    '[{name: a, mountPath: /a}, {name: b, mountPath: /b}]' >"$TMP/smp.yaml"
  kc "$K" create -f "$TMP/smp.yaml"
  expect_ok
  kc "$K" patch deploy smp -n "$ns" --type=strategic -p '{"metadata":{"finalizers":["example.com/a"]},
    "spec":{"template":{"spec":{"containers":[{"name":"web",
      "ports":[{"containerPort":443,"$patch":"delete"},{"containerPort":8443,"name":"alt"}],
      "env":[{"name":"B","value":"two"},{"name":"C","value":"3"}],
      "volumeMounts":[{"mountPath":"/b","$patch":"delete"}]}]}}}}'
  expect_ok
  expect_out_has "deployment.apps/smp patched"
  jp deploy/smp '{.spec.template.spec.containers[0].image} {.spec.template.spec.containers[0].ports[*].containerPort} {.spec.template.spec.containers[0].volumeMounts[*].mountPath} {.metadata.finalizers}'
  [ "$OUT" = 'nginx:1.25 8443 80 /a ["example.com/a"]' ] || fail "strategic patch: $OUT"
  jp deploy/smp '{range .spec.template.spec.containers[0].env[*]}{.name}={.value} {end}'
  [ "$OUT" = 'A=1 B=two C=3 ' ] || fail "env merged by name: $OUT"
  # Finalizers are a set: a second one joins, then a directive removes both.
  kc "$K" patch deploy smp -n "$ns" -p '{"metadata":{"finalizers":["example.com/b"]}}'
  expect_ok
  jp deploy/smp '{.metadata.finalizers}'
  [ "$OUT" = '["example.com/b","example.com/a"]' ] || fail "finalizers union: $OUT"
  kc "$K" patch deploy smp -n "$ns" -p '{"metadata":{"$deleteFromPrimitiveList/finalizers":["example.com/a","example.com/b"]}}'
  expect_ok
  jp deploy/smp '{.metadata.finalizers}'
  [ -z "$OUT" ] || [ "$OUT" = "[]" ] || fail "finalizers deleted: $OUT"
  # $setElementOrder reorders, $retainKeys clears what a strategy no longer uses.
  kc "$K" patch deploy smp -n "$ns" -p '{"spec":{"strategy":{"$retainKeys":["type"],"type":"Recreate"},
    "template":{"spec":{"containers":[{"name":"web","$setElementOrder/ports":[{"containerPort":80},{"containerPort":8443}]}]}}}}'
  expect_ok
  jp deploy/smp '{.spec.strategy} {.spec.template.spec.containers[0].ports[*].containerPort}'
  [ "$OUT" = '{"type":"Recreate"} 80 8443' ] || fail "retainKeys and setElementOrder: $OUT"
  kc "$K" patch deploy smp -n "$ns" -p '{"spec":{"template":{"spec":{"containers":[{"image":"no-name"}]}}}}'
  [ "$RC" -ne 0 ] || fail "a list item without its merge key was accepted"
  expect_err_has "does not contain declared merge key: name"

  # --- Client-side apply drops the container port the file no longer has.
  deploy csa "$ns" '[{containerPort: 80}, {containerPort: 8080}]' '[{name: A, value: "1"}]' '[]' >"$TMP/csa.yaml"
  kc "$K" apply -f "$TMP/csa.yaml"
  expect_out_has "deployment.apps/csa created"
  deploy csa "$ns" '[{containerPort: 80}]' '[{name: A, value: "1"}]' '[]' >"$TMP/csa.yaml"
  kc "$K" apply -f "$TMP/csa.yaml"
  expect_ok
  expect_out_has "deployment.apps/csa configured"
  jp deploy/csa '{.spec.template.spec.containers[0].ports[*].containerPort} {.spec.template.spec.containers[0].env[0].name}'
  [ "$OUT" = '80 A' ] || fail "client-side apply removing a port: $OUT"

  # --- fieldValidation: a typo is refused with Strict, a warning with Warn.
  sed 's/^  replicas: 1/  replicaz: 1/' "$TMP/csa.yaml" | sed 's/name: csa/name: typo/' >"$TMP/typo.yaml"
  kc "$K" create --validate=strict -f "$TMP/typo.yaml"
  [ "$RC" -ne 0 ] || fail "strict create of a typo succeeded"
  expect_err_has 'unknown field "spec.replicaz"'
  kc "$K" create --validate=warn -f "$TMP/typo.yaml"
  expect_ok
  expect_err_has 'Warning: unknown field "spec.replicaz"'
  kc "$K" get deploy typo -n "$ns" -o json
  expect_out_lacks replicaz

  # --- Server-side apply.
  deploy ssa "$ns" '[{containerPort: 80}, {containerPort: 81}]' '[{name: A, value: "1"}]' '[]' >"$TMP/ssa.yaml"
  kc "$K" apply --server-side -f "$TMP/ssa.yaml"
  expect_ok
  expect_out_has "deployment.apps/ssa serverside-applied"
  kc "$K" get deploy ssa -n "$ns" -o yaml --show-managed-fields
  expect_out_has "manager: kubectl"
  expect_out_has "operation: Apply"
  expect_out_has 'k:{"containerPort":81,"protocol":"TCP"}:'
  kc "$K" get deploy ssa -n "$ns" -o yaml
  expect_out_lacks managedFields
  # Controllers may add their own entries; kubectl's Apply entry is what must stay.
  applied='{.metadata.managedFields[?(@.manager=="kubectl")]} {.spec}'
  jp deploy/ssa "$applied"
  before="$OUT"
  kc "$K" apply --server-side -f "$TMP/ssa.yaml"
  expect_out_has "deployment.apps/ssa serverside-applied"
  jp deploy/ssa "$applied"
  [ "$OUT" = "$before" ] || fail "re-apply changed the object: $OUT"
  # A changed file changes the object; what it leaves out goes.
  deploy ssa "$ns" '[{containerPort: 80}]' '[]' '[]' | sed 's/replicas: 1/replicas: 2/; /env: \[\]/d' >"$TMP/ssa.yaml"
  kc "$K" apply --server-side -f "$TMP/ssa.yaml"
  expect_ok
  jp deploy/ssa '{.spec.replicas} {.spec.template.spec.containers[0].ports[*].containerPort} {.spec.template.spec.containers[0].env}'
  [ "$OUT" = '2 80 ' ] || fail "server-side apply of a changed file: $OUT"
  # kubectl edit takes replicas over; applying another value conflicts.
  kc env EDITOR="sed -i s/replicas:.2/replicas:\ 4/" "$K" edit deploy ssa -n "$ns"
  expect_ok
  jp deploy/ssa '{.spec.replicas}'
  [ "$OUT" = 4 ] || fail "edit: $OUT"
  sed -i 's/replicas: 2/replicas: 3/' "$TMP/ssa.yaml"
  kc "$K" apply --server-side -f "$TMP/ssa.yaml"
  [ "$RC" -ne 0 ] || fail "conflicting apply succeeded"
  expect_err_has 'Apply failed with 1 conflict: conflict with "kubectl-edit" using apps/v1: .spec.replicas'
  kc "$K" apply --server-side --force-conflicts -f "$TMP/ssa.yaml"
  expect_ok
  jp deploy/ssa '{.spec.replicas}'
  [ "$OUT" = 3 ] || fail "--force-conflicts: $OUT"
  kc "$K" get deploy ssa -n "$ns" -o yaml --show-managed-fields
  expect_out_lacks "manager: kubectl-edit"

  kc "$K" delete namespace "$ns" --wait=false
  expect_ok
done
echo "PASS"
