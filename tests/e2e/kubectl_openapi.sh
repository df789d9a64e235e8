# OpenAPI with real kubectl 1.27, 1.32 and 1.33: kubectl downloads /openapi/v3
# (and /openapi/v2 as protobuf for 1.27/1.28 validation), finds that PATCH
# declares fieldValidation and so sends fieldValidation=Strict instead of
# validating on the client; apply is idempotent; explain reads the schemas.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/kubectl_lib.sh"
start_k1s

KUBECTLS+=(/usr/lib/google-cloud-sdk/bin/kubectl.1.28)
for K in "${KUBECTLS[@]}"; do
  [ -x "$K" ] || continue
  v="$("$K" version --client -o json | sed -nE 's/.*"minor": "([0-9]+)".*/\1/p' | head -1)"
  ns="oa-$v-$RANDOM"
  echo "--- kubectl 1.$v"
  # Each version starts with an empty discovery and OpenAPI cache.
  export HOME="$TMP/home-$v-$RANDOM"

  kc "$K" get --raw /readyz
  expect_ok
  kc "$K" get --raw /openapi/v3
  expect_ok
  expect_out_has '"apis/apps/v1":{"serverRelativeURL":"/openapi/v3/apis/apps/v1?hash='
  kc "$K" get --raw /openapi/v2
  expect_ok
  expect_out_has '"swagger":"2.0"'

  kc "$K" create namespace "$ns"
  expect_ok
  cat >"$TMP/deploy.yaml" <<YAML
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: $ns
  labels: {app: web}
spec:
  replicas: 2
  selector:
    matchLabels: {app: web}
  strategy:
    type: RollingUpdate
    rollingUpdate: {maxSurge: 1, maxUnavailable: 0}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: web
        image: busybox:stable
        command: ["httpd", "-f", "-p", "8080"]
        ports:
        - containerPort: 8080
        env:
        - {name: MODE, value: "1"}
        resources:
          limits: {cpu: 100m, memory: 64Mi}
YAML
  kc "$K" apply -f "$TMP/deploy.yaml"
  expect_ok
  expect_out_has "deployment.apps/web created"
  [ -z "$ERR" ] || fail "apply wrote to stderr: $ERR"
  kc "$K" apply -f "$TMP/deploy.yaml"
  expect_ok
  expect_out_has "deployment.apps/web unchanged"
  [ -z "$ERR" ] || fail "second apply wrote to stderr: $ERR"

  # A change is sent as a patch with server-side field validation.
  sed -i 's/replicas: 2/replicas: 3/' "$TMP/deploy.yaml"
  kc "$K" apply -f "$TMP/deploy.yaml" -v=6
  expect_ok
  expect_out_has "deployment.apps/web configured"
  grep -q 'PATCH.*deployments/web?.*fieldValidation=Strict' "$TMP/err" || fail "no Strict PATCH"
  kc "$K" get deployment web -n "$ns" -o 'jsonpath={.spec.replicas}'
  [ "$OUT" = 3 ] || fail "replicas: $OUT"

  printf 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cfg, namespace: %s}\ndata: {k: v}\n' \
    "$ns" >"$TMP/cm.yaml"
  kc "$K" create -f "$TMP/cm.yaml"
  expect_ok
  expect_out_has "configmap/cfg created"
  [ -z "$ERR" ] || fail "create wrote to stderr: $ERR"

  kc "$K" explain pod.spec.containers
  expect_ok
  expect_out_has "FIELD: containers <[]Container>"
  expect_out_has "imagePullPolicy"
  kc "$K" explain deployment.spec.strategy
  expect_ok
  expect_out_has "FIELD: strategy <DeploymentStrategy>"
  expect_out_has "rollingUpdate"
  # The Swagger 2.0 renderer reads /openapi/v2 as protobuf.
  kc "$K" explain pod.spec.containers.ports --output=plaintext-openapiv2
  expect_ok
  expect_out_has "containerPort"

  kc "$K" delete namespace "$ns" --wait=false
  expect_ok
done
echo PASS
