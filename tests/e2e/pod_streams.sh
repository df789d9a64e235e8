# kubectl logs, exec, attach and port-forward against pods on simulated
# nodes, with every kubectl version on the machine: 1.27 speaks SPDY/3.1
# only; 1.30+ tries WebSocket first for exec and attach, 1.31+ for
# port-forward (SPDY tunnelled in WebSocket). Logs come from the
# k1s.io/simulate-logs annotation, exec runs on the host
# (--simulated-node-exec), attach echoes stdin, port-forward reaches the
# loopback address the k1s.io/simulate-port-forward annotation names.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/kubectl_lib.sh"
K=/usr/bin/kubectl

phase_is() { [ "$("$K" get pod "$1" -o 'jsonpath={.status.phase}' 2>/dev/null)" = "$2" ]; }

# A loopback HTTP server for port-forward to reach: a file it serves.
mkdir -p "$TMP/www"
echo "served-through-port-forward" >"$TMP/www/index.html"
python3 -m http.server 0 --bind 127.0.0.1 --directory "$TMP/www" >"$TMP/http.log" 2>&1 &
STARTED_PIDS+=($!)
wait_for_log "$TMP/http.log" "Serving HTTP" 10
WEB_PORT=$(sed -nE 's/.*port ([0-9]+).*/\1/p' "$TMP/http.log" | head -1)
[ -n "$WEB_PORT" ] || fail "no port for the loopback web server"

start_k1s --simulated-nodes 1 --simulated-node-exec

cat >"$TMP/pods.yaml" <<YAML
apiVersion: v1
kind: Pod
metadata:
  name: app
  annotations:
    k1s.io/simulate-logs: |
      hello
      world
    k1s.io/simulate-port-forward: "8080=127.0.0.1:$WEB_PORT"
spec:
  containers:
  - name: main
    image: busybox
    env: [{name: GREETING, value: hi-from-env}]
---
apiVersion: v1
kind: Pod
metadata:
  name: two
spec:
  containers: [{name: a, image: busybox}, {name: b, image: busybox}]
---
apiVersion: v1
kind: Pod
metadata:
  name: short
  annotations:
    k1s.io/simulate-logs: "short-lived"
    k1s.io/simulate-exit-after: 4s
spec:
  restartPolicy: Never
  containers: [{name: main, image: busybox}]
YAML
kc "$K" apply -f "$TMP/pods.yaml"
expect_ok
poll 30 phase_is app Running || fail "pod app is not Running"
poll 30 phase_is two Running || fail "pod two is not Running"

for KB in "${KUBECTLS[@]}"; do
  v="$($KB version --client -o json | sed -nE 's/.*"gitVersion": "([^"]+)".*/\1/p' | head -1)"
  echo "--- kubectl $v"

  # logs: the annotation's lines, --tail, --timestamps, errors.
  kc "$KB" logs app
  expect_ok
  [ "$OUT" = $'hello\nworld' ] || fail "logs: $OUT"
  kc "$KB" logs app --tail=1
  expect_ok
  [ "$OUT" = "world" ] || fail "logs --tail=1: $OUT"
  kc "$KB" logs app --timestamps
  expect_ok
  grep -qE '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z hello$' "$TMP/out" || fail "logs --timestamps: $OUT"
  kc "$KB" logs app -c nope
  expect_rc 1
  expect_err_has "container nope is not valid for pod app"
  kc "$KB" logs missing
  expect_rc 1
  expect_err_has 'pods "missing" not found'

  # exec: output on both streams, the exit code, stdin, the container's env.
  kc "$KB" exec app -- sh -c 'echo to-out; echo to-err >&2; exit 3'
  expect_rc 3
  [ "$OUT" = "to-out" ] || fail "exec stdout: $OUT"
  expect_err_has "to-err"
  kc bash -c "printf 'line1\nline2\n' | '$KB' exec -i app -- cat"
  expect_ok
  [ "$OUT" = $'line1\nline2' ] || fail "exec -i cat: $OUT"
  kc "$KB" exec app -- printenv GREETING HOSTNAME
  expect_ok
  [ "$OUT" = $'hi-from-env\napp' ] || fail "exec env: $OUT"
  kc "$KB" exec two -c b -- echo in-b
  expect_ok
  [ "$OUT" = "in-b" ] || fail "exec -c b: $OUT"
  kc "$KB" exec app -c nope -- true
  expect_rc 1
  expect_err_has "container nope is not valid for pod app"

  # attach: the simulated main process echoes stdin.
  kc bash -c "echo echoed-by-attach | '$KB' attach -i app"
  expect_ok
  expect_out_has "echoed-by-attach"

  # port-forward: a local port reaches the pod's port 8080.
  "$KB" port-forward pod/app :8080 >"$TMP/pf.out" 2>"$TMP/pf.err" &
  pf=$!
  STARTED_PIDS+=($pf)
  wait_for_log "$TMP/pf.out" "Forwarding from 127.0.0.1:" 15
  # The whole line, port and all (a CI run once read it without the port
  # and curled port 80).
  local_port=""
  for _ in $(seq 100); do
    local_port=$(sed -nE 's/Forwarding from 127\.0\.0\.1:([0-9]+) .*/\1/p' "$TMP/pf.out" | head -1)
    [ -n "$local_port" ] && break
    sleep 0.05
  done
  [ -n "$local_port" ] || fail "no local port in kubectl port-forward's output: $(cat "$TMP/pf.out")"
  for attempt in 1 2; do
    kc curl -sS --max-time 10 "http://127.0.0.1:$local_port/index.html"
    expect_ok
    [ "$OUT" = "served-through-port-forward" ] || fail "port-forward attempt $attempt: $OUT"
  done
  kill -TERM "$pf"
  wait "$pf" 2>/dev/null || true
done

# logs -f ends when the container does; --previous without a previous run.
poll 30 phase_is short Running || poll 5 phase_is short Succeeded || fail "pod short did not start"
start=$SECONDS
kc timeout 30 "$K" logs -f short
expect_ok
[ "$OUT" = "short-lived" ] || fail "logs -f short: $OUT"
[ $((SECONDS - start)) -lt 25 ] || fail "logs -f did not end with the container"
kc "$K" logs app --previous
expect_rc 1
expect_err_has 'previous terminated container "main" in pod "app" not found'
kc "$K" logs two
expect_ok
expect_err_has 'Defaulted container "a" out of: a, b'
echo PASS
