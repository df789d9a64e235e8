# RBAC as kube-apiserver enforces it, driven with real kubectl: anonymous
# requests get 401 except the public health and version paths; the default
# ClusterRoles exist (view/edit/admin aggregated); a user with a client
# certificate from the client CA, or one impersonated with --as, is denied
# with Kubernetes' 403 message until a RoleBinding grants the Role, and only
# in its namespace; impersonation itself needs the impersonate verb;
# kubectl auth can-i (--list) and auth whoami tell the truth.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/kubectl_lib.sh"
start_k1s
K=/usr/bin/kubectl
URL="$(sed -nE 's/^ *server: "?([^"]*)"?$/\1/p' "$KUBECONFIG" | head -1)"
TLS="$TMP/data/server/tls"

# --- Anonymous requests.
code() { curl -s -o /dev/null -w '%{http_code}' --cacert "$TLS/server-ca.crt" "$URL$1"; }
[ "$(code /api)" = 401 ] || fail "anonymous /api: $(code /api)"
[ "$(code /api/v1/namespaces/default/pods)" = 401 ] || fail "anonymous pods"
for p in /healthz /livez /readyz /version; do
  [ "$(code "$p")" = 200 ] || fail "anonymous $p: $(code "$p")"
done

# --- The default policy.
kc $K get clusterroles -l kubernetes.io/bootstrapping=rbac-defaults -o name
expect_ok
for r in cluster-admin admin edit view system:basic-user system:discovery system:public-info-viewer \
  system:node system:kube-scheduler system:kube-controller-manager system:node-proxier system:monitoring; do
  grep -qx "clusterrole.rbac.authorization.k8s.io/$r" "$TMP/out" || fail "no default ClusterRole $r"
done
kc $K get clusterrolebinding cluster-admin -o 'jsonpath={.subjects[0].name} {.metadata.annotations.rbac\.authorization\.kubernetes\.io/autoupdate}'
[ "$OUT" = "system:masters true" ] || fail "cluster-admin binding: $OUT"
# Aggregation fills view, and picks up a new ClusterRole labelled for it.
kc $K get clusterrole view -o 'jsonpath={.rules[*].resources}'
expect_out_has '"pods/log"'
cat >"$TMP/agg.yaml" <<'YAML'
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: widgets-view
  labels: {rbac.authorization.k8s.io/aggregate-to-view: "true"}
rules:
- apiGroups: [example.com]
  resources: [widgets]
  verbs: [get, list]
YAML
kc $K apply -f "$TMP/agg.yaml"
expect_ok
deadline=$((SECONDS + 10))
until $K get clusterrole admin -o 'jsonpath={.rules[*].apiGroups}' | grep -q example.com; do
  [ "$SECONDS" -lt "$deadline" ] || fail "admin did not aggregate widgets-view"
  sleep 0.1
done

# --- A user with a client certificate signed by the client CA.
openssl req -new -newkey rsa:2048 -nodes -keyout "$TMP/carol.key" -subj "/CN=carol/O=qa" \
  -out "$TMP/carol.csr" 2>/dev/null
openssl x509 -req -in "$TMP/carol.csr" -CA "$TLS/client-ca.crt" -CAkey "$TLS/client-ca.key" \
  -CAcreateserial -days 1 -out "$TMP/carol.crt" 2>/dev/null
CK="$TMP/carol.kubeconfig"
$K config --kubeconfig="$CK" set-cluster k1s --server="$URL" --certificate-authority="$TLS/server-ca.crt" >/dev/null
$K config --kubeconfig="$CK" set-credentials carol --client-certificate="$TMP/carol.crt" --client-key="$TMP/carol.key" >/dev/null
$K config --kubeconfig="$CK" set-context k1s --cluster=k1s --user=carol >/dev/null
$K config --kubeconfig="$CK" use-context k1s >/dev/null
CAROL=(--kubeconfig="$CK")
kc $K create namespace team
expect_ok
kc $K "${CAROL[@]}" get pods -n team
expect_rc 1
expect_err_has 'Error from server (Forbidden): pods is forbidden: User "carol" cannot list resource "pods" in API group "" in the namespace "team"'
kc $K "${CAROL[@]}" get nodes
expect_err_has 'nodes is forbidden: User "carol" cannot list resource "nodes" in API group "" at the cluster scope'
kc $K "${CAROL[@]}" auth can-i list pods -n team
expect_rc 1
[ "$OUT" = no ] || fail "can-i before the binding: $OUT"
kc $K create role pod-reader --verb=get,list,watch --resource=pods,pods/log -n team
expect_ok
kc $K create rolebinding qa-reads --role=pod-reader --group=qa -n team
expect_ok
kc $K run web --image=nginx -n team
expect_ok
kc $K "${CAROL[@]}" get pods -n team -o name
expect_ok
[ "$OUT" = pod/web ] || fail "carol's list: $OUT"
kc $K "${CAROL[@]}" auth can-i list pods -n team
[ "$OUT" = yes ] || fail "can-i after the binding: $OUT"
kc $K "${CAROL[@]}" get pods -n default
expect_err_has 'pods is forbidden: User "carol" cannot list resource "pods" in API group "" in the namespace "default"'
kc $K "${CAROL[@]}" delete pod web -n team
expect_err_has 'pods "web" is forbidden: User "carol" cannot delete resource "pods" in API group "" in the namespace "team"'
kc $K "${CAROL[@]}" get secrets -n team
expect_err_has 'secrets is forbidden'
kc $K "${CAROL[@]}" auth can-i --list -n team
expect_ok
grep -qE '^pods +\[\] +\[\] +\[get list watch\]' "$TMP/out" || fail "can-i --list: $OUT"
grep -qE '^selfsubjectaccessreviews.authorization.k8s.io +\[\] +\[\] +\[create\]' "$TMP/out" || fail "can-i --list: $OUT"
grep -qE '^ +\[/api/\*\] +\[\] +\[get\]' "$TMP/out" || fail "can-i --list: $OUT"
kc $K "${CAROL[@]}" auth whoami -o 'jsonpath={.status.userInfo.username} {.status.userInfo.groups}'
[ "$OUT" = 'carol ["qa","system:authenticated"]' ] || fail "whoami: $OUT"

# --- Impersonation: an admin may, carol may not until granted.
kc $K --as=alice get pods -n team
expect_err_has 'pods is forbidden: User "alice" cannot list resource "pods" in API group "" in the namespace "team"'
kc $K --as=alice --as-group=qa get pods -n team -o name
expect_ok
kc $K --as=alice --as-group=qa auth whoami -o 'jsonpath={.status.userInfo.username} {.status.userInfo.groups}'
[ "$OUT" = 'alice ["qa","system:authenticated"]' ] || fail "whoami --as: $OUT"
kc $K auth can-i get pods/log -n team --as=alice --as-group=qa
[ "$OUT" = yes ] || fail "can-i pods/log --as: $OUT"
kc $K auth can-i create pods -n team --as=alice --as-group=qa
[ "$OUT" = no ] || fail "can-i create --as: $OUT"
kc $K "${CAROL[@]}" --as=alice get pods -n team
expect_err_has 'users "alice" is forbidden: User "carol" cannot impersonate resource "users" in API group "" at the cluster scope'
kc $K create clusterrole impersonate-alice --verb=impersonate --resource=users --resource-name=alice
expect_ok
kc $K create clusterrolebinding carol-impersonates --clusterrole=impersonate-alice --user=carol
expect_ok
kc $K "${CAROL[@]}" --as=alice auth whoami -o 'jsonpath={.status.userInfo.username}'
[ "$OUT" = alice ] || fail "carol as alice: $OUT"
kc $K "${CAROL[@]}" --as=bob get pods -n team
expect_err_has 'users "bob" is forbidden: User "carol" cannot impersonate resource "users"'
kc $K "${CAROL[@]}" --as=alice --as-group=qa get pods -n team
expect_err_has 'groups "qa" is forbidden: User "carol" cannot impersonate resource "groups"'

# --- A ClusterRole bound in one namespace; removing the binding takes it away.
kc $K create rolebinding carol-edit --clusterrole=edit --user=carol -n team
expect_ok
kc $K "${CAROL[@]}" create configmap c1 -n team
expect_ok
kc $K "${CAROL[@]}" create configmap c1 -n default
expect_err_has 'configmaps is forbidden: User "carol" cannot create resource "configmaps" in API group "" in the namespace "default"'
kc $K delete rolebinding carol-edit -n team
expect_ok
kc $K "${CAROL[@]}" create configmap c2 -n team
expect_err_has 'configmaps is forbidden'

# --- An admin adds a user through a CertificateSigningRequest.
openssl req -new -newkey rsa:2048 -nodes -keyout "$TMP/dave.key" -subj "/CN=dave/O=ops" -out "$TMP/dave.csr" 2>/dev/null
printf '{"apiVersion":"certificates.k8s.io/v1","kind":"CertificateSigningRequest","metadata":{"name":"dave"},"spec":{"request":"%s","signerName":"kubernetes.io/kube-apiserver-client","expirationSeconds":3600,"usages":["client auth"]}}' \
  "$(base64 -w0 <"$TMP/dave.csr")" >"$TMP/dave.json"
kc $K create -f "$TMP/dave.json"
expect_ok
kc $K certificate approve dave
expect_ok
expect_out_has 'certificatesigningrequest.certificates.k8s.io/dave approved'
kc $K get csr dave
grep -qE '^dave +.*kubernetes.io/kube-apiserver-client +.*Approved,Issued$' "$TMP/out" || fail "csr: $OUT"
$K get csr dave -o 'jsonpath={.status.certificate}' | base64 -d >"$TMP/dave.crt"
openssl x509 -in "$TMP/dave.crt" -noout -subject | grep -q 'CN *= *dave' || fail "issued subject"
secs=$(( $(date -d "$(openssl x509 -in "$TMP/dave.crt" -noout -enddate | cut -d= -f2)" +%s) - $(date +%s) ))
[ "$secs" -gt 3000 ] && [ "$secs" -le 3600 ] || fail "issued for ${secs}s, want 3600"
DK="$TMP/dave.kubeconfig"
$K config --kubeconfig="$DK" set-cluster k1s --server="$URL" --certificate-authority="$TLS/server-ca.crt" >/dev/null
$K config --kubeconfig="$DK" set-credentials dave --client-certificate="$TMP/dave.crt" --client-key="$TMP/dave.key" >/dev/null
$K config --kubeconfig="$DK" set-context k1s --cluster=k1s --user=dave >/dev/null
$K config --kubeconfig="$DK" use-context k1s >/dev/null
kc $K --kubeconfig="$DK" get pods -n team
expect_err_has 'pods is forbidden: User "dave" cannot list resource "pods" in API group "" in the namespace "team"'
kc $K create rolebinding ops-view --clusterrole=view --group=ops -n team
kc $K --kubeconfig="$DK" get pods -n team -o name
expect_ok
expect_out_has pod/web
kc $K --kubeconfig="$DK" certificate approve dave
expect_err_has 'forbidden'
# A denied CSR gets no certificate.
openssl req -new -newkey rsa:2048 -nodes -keyout "$TMP/eve.key" -subj "/CN=eve" -out "$TMP/eve.csr" 2>/dev/null
sed "s/\"dave\"/\"eve\"/; s|\"request\":\"[^\"]*\"|\"request\":\"$(base64 -w0 <"$TMP/eve.csr")\"|" "$TMP/dave.json" >"$TMP/eve.json"
kc $K create -f "$TMP/eve.json"
expect_ok
kc $K certificate deny eve
expect_ok
kc $K get csr eve -o 'jsonpath={.status.conditions[0].type} {.status.certificate}'
[ "$OUT" = "Denied " ] || fail "denied csr: $OUT"

# Older kubectl sees the same answers.
K27=/usr/lib/google-cloud-sdk/bin/kubectl.1.27
if [ -x "$K27" ]; then
  kc "$K27" "${CAROL[@]}" get pods -n default
  expect_err_has 'pods is forbidden: User "carol" cannot list resource "pods" in API group "" in the namespace "default"'
  kc "$K27" --as=alice --as-group=qa auth can-i list pods -n team
  [ "$OUT" = yes ] || fail "1.27 can-i: $OUT"
fi
echo PASS
