# Service account identities with real kubectl: `kubectl create token` issues
# a signed JWT (ES256) with Kubernetes' claims; the token authenticates as
# system:serviceaccount:<ns>:<name>, is authorized by RBAC like any user, is
# reviewed truthfully by TokenReview, and stops working when its service
# account (or the pod it is bound to) is deleted or its audience is foreign.
# The issuer's discovery documents are served, and pods get the service
# account token volume.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/kubectl_lib.sh"
start_k1s
K=/usr/bin/kubectl
URL="$(sed -nE 's/^ *server: "?([^"]*)"?$/\1/p' "$KUBECONFIG" | head -1)"
TLS="$TMP/data/server/tls"
[ -s "$TLS/service.key" ] || fail "no service account signing key"

# A kubeconfig that carries nothing but a bearer token.
as_token() {
  kc $K --kubeconfig=/dev/null --server="$URL" --certificate-authority="$TLS/server-ca.crt" --token="$1" "${@:2}"
}
claims() { cut -d. -f2 <<<"$1" | tr '_-' '/+' | base64 -d 2>/dev/null || true; }

kc $K create namespace team
expect_ok
kc $K create serviceaccount robot -n team
expect_ok
kc $K create token robot -n team --duration=20m
expect_ok
TOKEN="$OUT"
C="$(claims "$TOKEN")"
[[ "$C" == *'"iss":"https://kubernetes.default.svc.cluster.local"'* ]] || fail "iss: $C"
[[ "$C" == *'"sub":"system:serviceaccount:team:robot"'* ]] || fail "sub: $C"
[[ "$C" == *'"aud":["https://kubernetes.default.svc.cluster.local","k1s"]'* ]] || fail "aud: $C"
[[ "$C" == *'"namespace":"team"'* ]] || fail "namespace claim: $C"
exp=$(sed -nE 's/.*"exp":([0-9]+).*/\1/p' <<<"$C")
iat=$(sed -nE 's/.*"iat":([0-9]+).*/\1/p' <<<"$C")
[ $((exp - iat)) -eq 1200 ] || fail "lifetime $((exp - iat))"

as_token "$TOKEN" auth whoami -o 'jsonpath={.status.userInfo.username} {.status.userInfo.groups}'
expect_ok
[ "$OUT" = 'system:serviceaccount:team:robot ["system:serviceaccounts","system:serviceaccounts:team","system:authenticated"]' ] ||
  fail "whoami: $OUT"
as_token "$TOKEN" get pods -n team
expect_err_has 'pods is forbidden: User "system:serviceaccount:team:robot" cannot list resource "pods" in API group "" in the namespace "team"'
kc $K create rolebinding robot-view --clusterrole=view --serviceaccount=team:robot -n team
expect_ok
as_token "$TOKEN" get pods -n team
expect_ok
as_token "$TOKEN" get secrets -n team
expect_err_has 'secrets is forbidden'

# TokenReview says the same.
printf '{"apiVersion":"authentication.k8s.io/v1","kind":"TokenReview","spec":{"token":"%s"}}' "$TOKEN" >"$TMP/tr.json"
kc $K create -f "$TMP/tr.json" -o 'jsonpath={.status.authenticated} {.status.user.username}'
[ "$OUT" = "true system:serviceaccount:team:robot" ] || fail "TokenReview: $OUT"
# Forge inside the signature: its last character carries padding bits that a
# change may not touch, so a different one ten from the end is swapped.
pos=$(( ${#TOKEN} - 10 ))
c="${TOKEN:$pos:1}"; [ "$c" = "A" ] && r="B" || r="A"
FORGED="${TOKEN:0:$pos}$r${TOKEN:$((pos + 1))}"
printf '{"apiVersion":"authentication.k8s.io/v1","kind":"TokenReview","spec":{"token":"%s"}}' "$FORGED" >"$TMP/bad.json"
kc $K create -f "$TMP/bad.json" -o 'jsonpath={.status.authenticated}'
[ "$OUT" = "false" ] || fail "TokenReview of a forged token: $OUT"

# A token for another audience is not for this server; too short a life is refused.
kc $K create token robot -n team --audience=vault
as_token "$OUT" get pods -n team
expect_err_has 'Unauthorized'
kc $K create token robot -n team --duration=5m
expect_err_has 'may not specify a duration less than 10 minutes'
kc $K create token nobody -n team
expect_err_has 'serviceaccounts "nobody" not found'

# Bound to a pod: valid while that pod exists.
kc $K run web --image=nginx -n team --overrides='{"spec":{"serviceAccountName":"robot"}}'
expect_ok
kc $K create token robot -n team --bound-object-kind=Pod --bound-object-name=web
expect_ok
POD_TOKEN="$OUT"
[[ "$(claims "$POD_TOKEN")" == *'"pod":{"name":"web"'* ]] || fail "pod claim: $(claims "$POD_TOKEN")"
as_token "$POD_TOKEN" get pods -n team -o name
expect_ok
kc $K delete pod web -n team --grace-period=0 --force
deadline=$((SECONDS + 20))
until ! $K get pod web -n team >/dev/null 2>&1; do
  [ "$SECONDS" -lt "$deadline" ] || fail "pod web not deleted"
  sleep 0.2
done
as_token "$POD_TOKEN" get pods -n team
expect_err_has 'Unauthorized'

# Pods get the service account and its token volume.
kc $K run api --image=nginx -n team --overrides='{"spec":{"serviceAccountName":"robot"}}'
expect_ok
kc $K get pod api -n team -o 'jsonpath={.spec.serviceAccountName} {.spec.volumes[0].name} {.spec.containers[0].volumeMounts[0].mountPath} {.spec.volumes[0].projected.sources[*].serviceAccountToken.path} {.spec.volumes[0].projected.sources[1].configMap.name}'
[[ "$OUT" =~ ^robot\ kube-api-access-[a-z0-9]{5}\ /var/run/secrets/kubernetes.io/serviceaccount\ token\ kube-root-ca.crt$ ]] ||
  fail "token volume: $OUT"
kc $K run ghost --image=nginx -n team --overrides='{"spec":{"serviceAccountName":"ghost"}}'
expect_err_has 'pods "ghost" is forbidden: error looking up service account team/ghost: serviceaccount "ghost" not found'

# The issuer's discovery documents.
kc $K get --raw /.well-known/openid-configuration
expect_out_has '"issuer":"https://kubernetes.default.svc.cluster.local"'
expect_out_has '/openid/v1/jwks"'
kc $K get --raw /openid/v1/jwks
expect_out_has '"kty":"EC"'
expect_out_has '"alg":"ES256"'

# Deleting the service account ends its tokens.
kc $K delete serviceaccount robot -n team
expect_ok
as_token "$TOKEN" get pods -n team
expect_err_has 'Unauthorized'
# A new account with the same name has a new uid: the old token stays dead.
kc $K create serviceaccount robot -n team
as_token "$TOKEN" get pods -n team
expect_err_has 'Unauthorized'
echo PASS
