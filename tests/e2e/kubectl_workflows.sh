# The everyday kubectl workflows that work against k1s today, with kubectl
# 1.27, 1.32 and 1.33: the imperative create commands, run and expose, output
# formats and selectors, describe, client-side apply (twice, then a change,
# with diff), replace, edit, the three patch types, label and annotate,
# scale, set image, rollout pause/resume/restart, wait, delete with its
# cascade and selector flags, get all, explain, auth, cordon, CSRs, proxy,
# and the errors kubectl gives when there is no kubelet or metrics server.
# There is no scheduler, controller or kubelet: pods stay Pending and
# Deployments get no ReplicaSets; only the API's behaviour is checked.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/kubectl_lib.sh"
start_k1s "${API_ONLY[@]}"

# One CSR for every version's CertificateSigningRequest.
openssl req -new -newkey rsa:2048 -nodes -keyout "$TMP/csr.key" -subj "/CN=wf-user" -out "$TMP/csr.pem" 2>/dev/null

# The pinned versions first; the machine's default kubectl runs only if it is
# a version they do not cover.
seen=" "
for K in "${KUBECTLS[@]:1}" "${KUBECTLS[0]}"; do
  v="$("$K" version --client -o json | sed -nE 's/.*"minor": "([0-9]+)".*/\1/p' | head -1)"
  [[ "$seen" != *" $v "* ]] || { echo "--- kubectl 1.$v ($K): already covered"; continue; }
  seen+="$v "
  ns="wf-$v-$RANDOM"
  node="wf-node-$v-$RANDOM"
  echo "--- kubectl 1.$v ($K)"

  # --- Imperative creation.
  kc "$K" create namespace "$ns"
  expect_ok
  expect_out_has "namespace/$ns created"
  kc "$K" create deployment d1 --image=nginx:1.25 --replicas=2 -n "$ns"
  expect_ok
  expect_out_has "deployment.apps/d1 created"
  kc "$K" create configmap cm1 --from-literal=a=1 -n "$ns"
  expect_out_has "configmap/cm1 created"
  kc "$K" create secret generic s1 --from-literal=p=q -n "$ns"
  expect_out_has "secret/s1 created"
  kc "$K" create job j1 --image=busybox -n "$ns" -- echo hi
  expect_out_has "job.batch/j1 created"
  kc "$K" create service clusterip svc1 --tcp=80:8080 -n "$ns"
  expect_out_has "service/svc1 created"
  kc "$K" create serviceaccount sa1 -n "$ns"
  expect_out_has "serviceaccount/sa1 created"
  kc "$K" run r1 --image=nginx:1.25 --labels=run=r1,tier=web --port=80 -n "$ns"
  expect_out_has "pod/r1 created"
  kc "$K" expose deployment d1 --port=80 --target-port=8080 -n "$ns"
  expect_out_has "service/d1 exposed"
  kc "$K" get deploy/d1 secret/s1 job/j1 svc/svc1 svc/d1 sa/sa1 pod/r1 -n "$ns" -o \
    'jsonpath={.items[0].spec.replicas} {.items[0].spec.template.spec.containers[0].image} {.items[1].data.p} {.items[2].spec.template.spec.containers[0].command} {.items[2].spec.template.spec.restartPolicy} {.items[3].spec.ports[0].targetPort} {.items[4].spec.selector.app} {.items[5].metadata.name} {.items[6].status.phase}'
  expect_ok
  [ "$OUT" = '2 nginx:1.25 cQ== ["echo","hi"] Never 8080 d1 sa1 Pending' ] || fail "created objects: $OUT"
  kc "$K" create configmap cm1 -n "$ns"
  [ "$RC" -ne 0 ] || fail "second create succeeded"
  expect_err_has 'configmaps "cm1" already exists'

  # --- get: output formats, selectors, all namespaces, chunking.
  kc "$K" get pods -n "$ns" -o wide
  expect_ok
  grep -qE "^NAME +READY +STATUS +RESTARTS +AGE +IP +NODE +NOMINATED NODE +READINESS GATES$" "$TMP/out" || fail "wide header: $OUT"
  grep -qE "^r1 +0/1 +Pending +0 +[0-9]+s +<none> +<none> +<none> +<none>$" "$TMP/out" || fail "wide row: $OUT"
  kc "$K" get pod r1 -n "$ns" -o yaml
  expect_out_has "kind: Pod"
  expect_out_has "  - containerPort: 80"
  expect_out_has "  phase: Pending"
  kc "$K" get secret s1 -n "$ns" -o json
  expect_out_has '"p": "cQ=="'
  expect_out_has '"type": "Opaque"'
  kc "$K" get pods,deployments -n "$ns" -o name
  [ "$OUT" = "$(printf 'pod/r1\ndeployment.apps/d1')" ] || fail "-o name: $OUT"
  kc "$K" get pods -n "$ns" -o 'custom-columns=NAME:.metadata.name,IMAGE:.spec.containers[0].image,PORT:.spec.containers[0].ports[0].containerPort'
  grep -qE "^r1 +nginx:1.25 +80$" "$TMP/out" || fail "custom-columns: $OUT"
  kc "$K" get pods -n "$ns" -l 'tier in (web),run=r1' -o name
  [ "$OUT" = "pod/r1" ] || fail "label selector: $OUT"
  kc "$K" get pods -n "$ns" -l tier=db -o name
  [ -z "$OUT" ] || fail "label selector matched: $OUT"
  kc "$K" get pods -n "$ns" --field-selector status.phase=Running -o name
  [ -z "$OUT" ] || fail "field selector matched: $OUT"
  kc "$K" get pods -A --field-selector "metadata.namespace=$ns,status.phase=Pending"
  grep -qE "^$ns +r1 +0/1 +Pending " "$TMP/out" || fail "-A: $OUT"
  kc "$K" get services -n "$ns" --chunk-size=1 -o name
  [ "$OUT" = "$(printf 'service/d1\nservice/svc1')" ] || fail "--chunk-size: $OUT"
  kc "$K" get all -n "$ns"
  expect_ok
  for o in pod/r1 service/d1 service/svc1 deployment.apps/d1 job.batch/j1; do
    grep -qE "^$o " "$TMP/out" || fail "get all lacks $o: $OUT"
  done

  # --- describe.
  kc "$K" describe pod/r1 deployment/d1 service/svc1 configmap/cm1 -n "$ns"
  expect_ok
  grep -qE "^Status: +Pending$" "$TMP/out" || fail "describe pod: $OUT"
  grep -qE "^Replicas: +2 desired \| 0 updated \| 0 total \| 0 available \| 0 unavailable$" "$TMP/out" ||
    fail "describe deployment: $OUT"
  grep -qE "^TargetPort: +8080/TCP$" "$TMP/out" || fail "describe service: $OUT"
  grep -qE "^Session Affinity: +None$" "$TMP/out" || fail "describe service: $OUT"
  grep -qE "^Events: +<none>$" "$TMP/out" || fail "describe events: $OUT"
  kc "$K" describe namespace "$ns"
  expect_ok
  grep -qE "^Status: +Active$" "$TMP/out" || fail "describe namespace: $OUT"
  expect_out_has "No resource quota."

  # --- Client-side apply: create, unchanged, diff, configure.
  cat >"$TMP/app.yaml" <<EOF
apiVersion: apps/v1
kind: Deployment
metadata: {name: app, namespace: $ns, labels: {tier: be}}
spec:
  replicas: 1
  selector: {matchLabels: {app: app}}
  template:
    metadata: {labels: {app: app}}
    spec:
      containers:
      - {name: main, image: "nginx:1.25", env: [{name: A, value: "1"}, {name: B, value: "2"}]}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: appcfg, namespace: $ns}
data: {x: "1", y: "1"}
EOF
  kc "$K" apply -f "$TMP/app.yaml"
  expect_ok
  expect_out_has "deployment.apps/app created"
  expect_out_has "configmap/appcfg created"
  kc "$K" apply -f "$TMP/app.yaml"
  expect_ok
  expect_out_has "deployment.apps/app unchanged"
  expect_out_has "configmap/appcfg unchanged"
  sed -i 's/x: "1", y: "1"/x: "2"/; s/nginx:1.25/nginx:1.26/; s/, {name: B, value: "2"}//' "$TMP/app.yaml"
  kc "$K" diff -f "$TMP/app.yaml"
  expect_rc 1  # differences found
  expect_out_has '-        image: nginx:1.25'
  expect_out_has '+        image: nginx:1.26'
  expect_out_has '+  x: "2"'
  kc "$K" get cm appcfg -n "$ns" -o 'jsonpath={.data.x}'
  [ "$OUT" = 1 ] || fail "diff changed the object: $OUT"
  kc "$K" apply -f "$TMP/app.yaml"
  expect_ok
  expect_out_has "deployment.apps/app configured"
  expect_out_has "configmap/appcfg configured"
  kc "$K" get deploy/app cm/appcfg -n "$ns" -o \
    'jsonpath={.items[0].spec.template.spec.containers[0].image} {.items[0].spec.template.spec.containers[0].env[*].name} {.items[0].metadata.generation} {.items[1].data}'
  [ "$OUT" = 'nginx:1.26 A 2 {"x":"2"}' ] || fail "applied change: $OUT"
  kc "$K" diff -f "$TMP/app.yaml"
  expect_ok
  [ -z "$OUT" ] || fail "diff after apply: $OUT"

  # --- replace and edit.
  kc "$K" get cm cm1 -n "$ns" -o yaml
  sed 's/^  a: "1"$/  a: "replaced"/' "$TMP/out" >"$TMP/cm1.yaml"
  kc "$K" replace -f "$TMP/cm1.yaml"
  expect_ok
  expect_out_has "configmap/cm1 replaced"
  kc "$K" replace -f "$TMP/cm1.yaml"  # the resourceVersion in the file is stale now
  [ "$RC" -ne 0 ] || fail "stale replace succeeded"
  expect_err_has "the object has been modified; please apply your changes to the latest version and try again"
  kc env EDITOR="sed -i s/replaced/edited/" "$K" edit cm cm1 -n "$ns"
  expect_ok
  expect_out_has "configmap/cm1 edited"
  kc "$K" get cm cm1 -n "$ns" -o 'jsonpath={.data.a}'
  [ "$OUT" = edited ] || fail "edit: $OUT"

  # --- The three patch types, label, annotate.
  kc "$K" patch deploy d1 -n "$ns" --type json -p '[{"op":"replace","path":"/spec/replicas","value":3}]'
  expect_out_has "deployment.apps/d1 patched"
  kc "$K" patch deploy d1 -n "$ns" --type merge -p '{"spec":{"minReadySeconds":5}}'
  expect_out_has "deployment.apps/d1 patched"
  kc "$K" patch deploy d1 -n "$ns" -p '{"spec":{"template":{"spec":{"containers":[{"name":"side","image":"busybox"},{"name":"nginx","image":"nginx:1.26"}]}}}}'
  expect_out_has "deployment.apps/d1 patched"
  kc "$K" label deploy d1 -n "$ns" a=b keep=1
  expect_out_has "deployment.apps/d1 labeled"
  kc "$K" label deploy d1 -n "$ns" a=c
  [ "$RC" -ne 0 ] || fail "label overwrote without --overwrite"
  expect_err_has "'a' already has a value (b), and --overwrite is false"
  kc "$K" label deploy d1 -n "$ns" a=c --overwrite
  expect_ok
  kc "$K" label deploy d1 -n "$ns" keep-
  expect_out_has "deployment.apps/d1 unlabeled"
  kc "$K" annotate deploy d1 -n "$ns" note=1 gone=1
  expect_ok
  kc "$K" annotate deploy d1 -n "$ns" note=2 --overwrite
  expect_ok
  kc "$K" annotate deploy d1 -n "$ns" gone-
  expect_ok
  kc "$K" get deploy d1 -n "$ns" -o \
    'jsonpath={.spec.replicas} {.spec.minReadySeconds} {.spec.template.spec.containers[*].name} {.spec.template.spec.containers[*].image} {.metadata.labels} {.metadata.annotations}'
  # A strategic merge patch puts the patch's items in the patch's order, as
  # kube-apiserver does.
  [ "$OUT" = '3 5 side nginx busybox nginx:1.26 {"a":"c","app":"d1"} {"note":"2"}' ] || fail "patched deployment: $OUT"

  # --- scale, set image, rollout.
  kc "$K" scale deploy d1 -n "$ns" --replicas=5
  expect_out_has "deployment.apps/d1 scaled"
  kc "$K" scale deploy d1 -n "$ns" --current-replicas=4 --replicas=6
  [ "$RC" -ne 0 ] || fail "scale ignored --current-replicas"
  expect_err_has "Expected replicas to be 4, was 5"
  kc "$K" set image deploy/d1 -n "$ns" nginx=nginx:1.27
  expect_out_has "deployment.apps/d1 image updated"
  kc "$K" rollout pause deploy/d1 -n "$ns"
  expect_out_has "deployment.apps/d1 paused"
  kc "$K" get deploy d1 -n "$ns" -o 'jsonpath={.spec.replicas} {.spec.template.spec.containers[?(@.name=="nginx")].image} {.spec.paused}'
  [ "$OUT" = "5 nginx:1.27 true" ] || fail "scale/set image/pause: $OUT"
  kc "$K" rollout resume deploy/d1 -n "$ns"
  expect_out_has "deployment.apps/d1 resumed"
  kc "$K" rollout restart deploy/d1 -n "$ns"
  expect_out_has "deployment.apps/d1 restarted"
  kc "$K" get deploy d1 -n "$ns" -o 'jsonpath={.spec.paused}|{.spec.template.metadata.annotations.kubectl\.kubernetes\.io/restartedAt}'
  [[ "$OUT" =~ ^\|20[0-9-]+T[0-9:]+Z$ ]] || fail "resume/restart: $OUT"
  kc "$K" rollout history deploy/d1 -n "$ns"
  expect_ok
  expect_out_has "No rollout history found."  # there are no ReplicaSets without a controller

  # --- wait.
  kc "$K" wait --for=jsonpath='{.status.phase}'=Active "namespace/$ns" --timeout=10s
  expect_ok
  expect_out_has "namespace/$ns condition met"
  kc "$K" patch pod r1 -n "$ns" --subresource=status --type=merge \
    -p '{"status":{"conditions":[{"type":"Ready","status":"True"}]}}'
  expect_ok
  kc "$K" wait --for=condition=Ready pod/r1 -n "$ns" --timeout=10s
  expect_ok
  expect_out_has "pod/r1 condition met"
  kc "$K" create configmap doomed -n "$ns"
  (sleep 0.3; "$K" delete configmap doomed -n "$ns" --wait=false >/dev/null 2>&1) &
  kc "$K" wait --for=delete configmap/doomed -n "$ns" --timeout=10s
  expect_ok

  # --- delete.
  for c in c1 c2 c3; do kc "$K" create configmap "$c" -n "$ns"; expect_ok; done
  kc "$K" label configmap c1 c2 grp=x -n "$ns"
  expect_ok
  kc "$K" delete configmap -l grp=x -n "$ns"
  expect_ok
  [ "$OUT" = "$(printf 'configmap "c1" deleted\nconfigmap "c2" deleted')" ] || fail "delete -l: $OUT"
  kc "$K" delete configmap c3 -n "$ns" --cascade=background --wait
  expect_out_has 'configmap "c3" deleted'
  kc "$K" delete deploy d1 -n "$ns" --cascade=background
  expect_out_has 'deployment.apps "d1" deleted'
  kc "$K" get configmaps,deployments -n "$ns" -o name
  [ "$OUT" = "$(printf 'configmap/appcfg\nconfigmap/cm1\ndeployment.apps/app')" ] || fail "after deletes: $OUT"
  kc "$K" delete configmap --all -n "$ns"
  expect_ok
  kc "$K" get configmaps -n "$ns" -o name
  [ -z "$OUT" ] || fail "delete --all left: $OUT"
  # A pod on a node is only marked, with the grace period asked for.
  printf '{"apiVersion":"v1","kind":"Pod","metadata":{"name":"bound","namespace":"%s"},"spec":{"nodeName":"%s","containers":[{"name":"c","image":"busybox"}]}}' \
    "$ns" "$node" >"$TMP/bound.json"
  kc "$K" create -f "$TMP/bound.json"
  expect_ok
  kc "$K" delete pod bound -n "$ns" --grace-period=7 --wait=false
  expect_out_has 'pod "bound" deleted'
  kc "$K" get pod bound -n "$ns" -o 'jsonpath={.metadata.deletionGracePeriodSeconds}'
  [ "$OUT" = 7 ] || fail "grace period: $OUT"
  kc "$K" delete pod bound -n "$ns" --grace-period=0 --force
  expect_ok

  # --- explain, auth, nodes, CSRs.
  kc "$K" explain deployment.spec.replicas
  expect_ok
  expect_out_has "FIELD: replicas <integer>"
  kc "$K" auth can-i create pods -n "$ns"
  [ "$OUT" = yes ] || fail "can-i: $OUT"
  if [ "$v" -ge 28 ]; then  # 1.27 asks for authentication.k8s.io/v1beta1, which v1.33 no longer serves
    kc "$K" auth whoami -o 'jsonpath={.status.userInfo.username}'
    [ "$OUT" = system:admin ] || fail "whoami: $OUT"
  fi
  printf '{"apiVersion":"v1","kind":"Node","metadata":{"name":"%s","labels":{"kubernetes.io/hostname":"%s"}}}' \
    "$node" "$node" >"$TMP/node.json"
  kc "$K" create -f "$TMP/node.json"
  expect_out_has "node/$node created"
  kc "$K" cordon "$node"
  expect_out_has "node/$node cordoned"
  kc "$K" get node "$node"
  grep -qE "^$node +Unknown,SchedulingDisabled +<none> " "$TMP/out" || fail "cordoned node: $OUT"
  kc "$K" uncordon "$node"
  expect_out_has "node/$node uncordoned"
  kc "$K" get node "$node" -o 'jsonpath={.spec.unschedulable}'
  [ -z "$OUT" ] || fail "uncordon: $OUT"
  kc "$K" delete node "$node"
  expect_ok
  printf '{"apiVersion":"certificates.k8s.io/v1","kind":"CertificateSigningRequest","metadata":{"name":"%s"},"spec":{"request":"%s","signerName":"kubernetes.io/kube-apiserver-client","usages":["client auth"]}}' \
    "csr-$ns" "$(base64 -w0 <"$TMP/csr.pem")" >"$TMP/csr.json"
  kc "$K" create -f "$TMP/csr.json"
  expect_out_has "certificatesigningrequest.certificates.k8s.io/csr-$ns created"
  kc "$K" get csr "csr-$ns"
  grep -qE "^csr-$ns +[0-9]+s +kubernetes.io/kube-apiserver-client +.* Pending$" "$TMP/out" || fail "csr: $OUT"

  # --- kubectl proxy.
  "$K" proxy --port=0 >"$TMP/proxy.out" 2>&1 &
  proxy=$!
  STARTED_PIDS+=("$proxy")
  pport=""
  for _ in $(seq 100); do
    pport="$(sed -nE 's/^Starting to serve on 127.0.0.1:([0-9]+)$/\1/p' "$TMP/proxy.out")"
    [ -z "$pport" ] || break
    sleep 0.1
  done
  [ -n "$pport" ] || fail "kubectl proxy did not start: $(cat "$TMP/proxy.out")"
  body="$(curl -sS "http://127.0.0.1:$pport/api/v1/namespaces/$ns/pods/r1")" || fail "proxy GET failed"
  [[ "$body" == *'"name":"r1"'* ]] || fail "proxy GET: $body"
  code="$(curl -sS -o "$TMP/proxy.body" -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
    -d '{"metadata":{"name":"via-proxy"}}' "http://127.0.0.1:$pport/api/v1/namespaces/$ns/configmaps")" || fail "proxy POST failed"
  [ "$code" = 201 ] || fail "proxy POST: $code $(cat "$TMP/proxy.body")"
  kill "$proxy"
  wait "$proxy" 2>/dev/null || true
  kc "$K" get configmap via-proxy -n "$ns" -o name
  [ "$OUT" = configmap/via-proxy ] || fail "proxy-created configmap: $OUT"

  # --- What needs a kubelet or metrics-server fails cleanly, as with kube-apiserver.
  kc "$K" top pods -n "$ns"
  [ "$RC" -ne 0 ] || fail "top succeeded"
  expect_err_has "Metrics API not available"
  kc timeout 10 "$K" port-forward pod/r1 -n "$ns" 18080:80
  [ "$RC" -eq 1 ] || fail "port-forward exit $RC"
  expect_err_has "unable to forward port because pod is not running. Current status=Pending"
done

kill -0 "${STARTED_PIDS[0]}" || fail "the server died"
! grep -E "^[^ ]+ [EF] " "$TMP/server.log" || fail "errors in the server log"
echo PASS
