# CustomResourceDefinitions with kubectl 1.27, 1.32 and 1.33: a CRD becomes
# Established, its custom resources are served (create, get with the CRD's
# printer columns and short name, the status subresource, patch, watch list,
# api-resources), an invalid CRD is rejected, a restart keeps serving it, and
# deleting the CRD deletes its custom resources and stops serving them.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/kubectl_lib.sh"
start_k1s

crd() {  # crd GROUP SHORT: a Widget CRD in GROUP with short name SHORT
  cat <<YAML
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.$1
spec:
  group: $1
  scope: Namespaced
  names: {plural: widgets, singular: widget, kind: Widget, shortNames: [$2], categories: [all]}
  versions:
  - name: v1
    served: true
    storage: true
    subresources: {status: {}}
    additionalPrinterColumns:
    - {name: Size, type: integer, jsonPath: .spec.size}
    - {name: Phase, type: string, jsonPath: .status.phase}
    - {name: Age, type: date, jsonPath: .metadata.creationTimestamp}
    schema:
      openAPIV3Schema:
        type: object
        x-kubernetes-preserve-unknown-fields: true
YAML
}

seen=" "
for K in "${KUBECTLS[@]:1}" "${KUBECTLS[0]}"; do
  v="$("$K" version --client -o json | sed -nE 's/.*"minor": "([0-9]+)".*/\1/p' | head -1)"
  [[ "$seen" != *" $v "* ]] || continue
  seen+="$v "
  group="v$v.example.com"
  echo "--- kubectl 1.$v ($K)"

  crd "$group" "wd$v" >"$TMP/crd.yaml"
  kc "$K" apply -f "$TMP/crd.yaml"
  expect_ok
  expect_out_has "customresourcedefinition.apiextensions.k8s.io/widgets.$group created"
  kc "$K" wait --for condition=established --timeout=20s "crd/widgets.$group"
  expect_ok
  kc "$K" get crd "widgets.$group" -o jsonpath='{.status.acceptedNames.kind} {.metadata.finalizers}'
  expect_out_has "Widget"
  expect_out_has "customresourcecleanup.apiextensions.k8s.io"

  cat >"$TMP/cr.yaml" <<YAML
apiVersion: $group/v1
kind: Widget
metadata: {name: w1}
spec: {size: 3}
YAML
  # kubectl caches discovery; the new group must be found all the same.
  kc "$K" apply -f "$TMP/cr.yaml"
  expect_ok
  expect_out_has "widget.$group/w1 created"
  kc "$K" apply -f "$TMP/cr.yaml"
  expect_out_has "widget.$group/w1 unchanged"
  kc "$K" get "wd$v"
  expect_ok
  expect_out_has "SIZE"
  expect_out_has "PHASE"
  [[ "$OUT" =~ w1[[:space:]]+3[[:space:]]+[0-9]+s ]] || fail "row: $OUT"
  kc "$K" patch "widget.$group" w1 --type=merge -p '{"spec":{"size":5}}'
  expect_ok
  kc "$K" get "widgets.$group" w1 -o jsonpath='{.spec.size} {.metadata.generation}'
  [ "$OUT" = "5 2" ] || fail "after patch: $OUT"
  if [ "$v" -ge 27 ] && "$K" patch --help 2>/dev/null | grep -q -- "--subresource"; then
    kc "$K" patch "widget.$group" w1 --subresource=status --type=merge -p '{"status":{"phase":"Ready"}}'
    expect_ok
    kc "$K" get "widgets.$group" w1
    expect_out_has "Ready"
  fi
  kc "$K" api-resources --api-group="$group"
  expect_ok
  expect_out_has "widgets"
  expect_out_has "wd$v"
  kc "$K" get "widgets.$group" w1 -o yaml
  expect_out_has "kind: Widget"
  kc "$K" get all
  expect_ok
  expect_out_has "widget.$group/w1"

  # A CRD whose name does not match its plural and group.
  sed "s/name: widgets.$group/name: wrong.$group/" "$TMP/crd.yaml" >"$TMP/bad.yaml"
  kc "$K" apply -f "$TMP/bad.yaml"
  [ "$RC" -ne 0 ] || fail "an invalid CRD was accepted"
  expect_err_has "is invalid"
  expect_err_has 'must be spec.names.plural+"."+spec.group'
done

# A restart serves the custom resources at once.
kill -TERM "${STARTED_PIDS[0]}"
wait "${STARTED_PIDS[0]}" || true
STARTED_PIDS=()
start_k1s
K="${KUBECTLS[0]}"
group="v$("$K" version --client -o json | sed -nE 's/.*"minor": "([0-9]+)".*/\1/p' | head -1).example.com"
kc "$K" get "widgets.$group" w1 -o jsonpath='{.spec.size}'
expect_ok
[ "$OUT" = "5" ] || fail "after restart: $OUT"

# Deleting the CRD deletes its custom resources, then stops serving them.
kc "$K" delete crd "widgets.$group" --timeout=20s
expect_ok
kc "$K" get crd "widgets.$group"
[ "$RC" -ne 0 ] || fail "the CRD is still there"
kc "$K" get --raw "/apis/$group/v1/namespaces/default/widgets"
[ "$RC" -ne 0 ] || fail "custom resources still served"
expect_err_has "NotFound"
echo PASS
