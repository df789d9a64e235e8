# Hostile input against a real server: malformed JSON, YAML and protobuf,
# bodies past 3 MiB, documents nested 100000 deep, alias and copy bombs,
# over-long label values, invalid names, unknown content types, garbage HTTP,
# clients that send half a request and stall, thousands of idle TLS
# connections, and a server at its open-file limit. Each gets a clean 4xx
# (a Kubernetes Status) or a closed connection, never a crash, a hang of
# other clients or a runaway in memory; afterwards the server still serves
# and its log shows no crash.
# Arguments: the k1s binary, then tests/e2e/hostile_client.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/kubectl_lib.sh"
CLIENT="${2:?usage: $0 path/to/k1s path/to/hostile_client}"

# The server starts with the usual soft limit of 1024 open files where the
# hard limit allows more: 2000 idle connections then only fit if it raises
# its own limit, as kube-apiserver (every Go program) does.
HARD="$(ulimit -Hn)"
[ "$HARD" = unlimited ] && HARD=1048576
LOW_SOFT=
if [ "$HARD" -ge 4500 ]; then
  LOW_SOFT=1
  ulimit -Sn 1024
fi
start_k1s "${API_ONLY[@]}"
[ -z "$LOW_SOFT" ] || ulimit -Sn "$HARD"
PID="${STARTED_PIDS[0]}"
URL="$(sed -nE 's/^ *server: "?([^"]*)"?$/\1/p' "$KUBECONFIG" | head -1)"
PORT="${URL##*:}"
TLS="$TMP/data/server/tls"
NS="$URL/api/v1/namespaces/default"

# req METHOD PATH CONTENT_TYPE [CURL ARGS...]: an admin request; sets CODE,
# the reply body is in $TMP/body.
req() {
  local method="$1" path="$2" type="$3"
  shift 3
  set +e
  CODE="$(curl -sS -o "$TMP/body" -w '%{http_code}' --max-time 60 --cacert "$TLS/server-ca.crt" \
    --cert "$TLS/client-admin.crt" --key "$TLS/client-admin.key" -X "$method" \
    -H "Content-Type: $type" "$@" "$path" 2>"$TMP/curl.err")"
  set -e
}
# expect WHAT CODE REASON [TEXT...]: the last reply was a Status with CODE
# and REASON containing each TEXT; and the server is still alive.
expect() {
  local what="$1" code="$2" reason="$3"
  shift 3
  [ "$CODE" = "$code" ] ||
    fail "$what: HTTP $CODE, want $code: $(head -c 600 "$TMP/body") $(cat "$TMP/curl.err")"
  grep -qF '"kind":"Status"' "$TMP/body" || fail "$what: not a Status: $(head -c 600 "$TMP/body")"
  grep -qF "\"reason\":\"$reason\"" "$TMP/body" ||
    fail "$what: reason is not $reason: $(head -c 600 "$TMP/body")"
  for text in "$@"; do
    grep -qF -- "$text" "$TMP/body" || fail "$what: reply lacks '$text': $(head -c 600 "$TMP/body")"
  done
  alive "$what"
}
# alive WHAT: the server process runs and answers /healthz within 5 s.
alive() {
  kill -0 "$PID" 2>/dev/null || fail "the server died after: $1"
  local code
  code="$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 --cacert "$TLS/server-ca.crt" "$URL/healthz")" ||
    true
  [ "$code" = 200 ] || fail "the server does not answer /healthz ($code) after: $1"
}
# millis: a clock in milliseconds.
millis() { echo $(($(date +%s%N) / 1000000)); }
# repeat N TEXT: TEXT N times, without separators.
repeat() { awk -v n="$1" -v s="$2" 'BEGIN { for (i = 0; i < n; i++) printf "%s", s }'; }

# --- Clients that stall, started first and checked at the end: one sends
# half a request's headers, one connects and never starts TLS. The server
# closes both after its read timeout (60 s; kube-apiserver's header timeout
# is 32 s) while it serves everyone else.
STALL_START=$SECONDS
"$CLIENT" slow 127.0.0.1 "$PORT" 150 >"$TMP/slow.out" 2>&1 &
SLOW_PID=$!
"$CLIENT" slow 127.0.0.1 "$PORT" 150 tcp >"$TMP/slow_tcp.out" 2>&1 &
SLOW_TCP_PID=$!
sleep 1
t0=$(millis)
req GET "$NS/configmaps" application/json
[ "$CODE" = 200 ] || fail "list while a client stalls: HTTP $CODE"
[ $(($(millis) - t0)) -lt 5000 ] || fail "a stalled client slowed a list to $(($(millis) - t0)) ms"

# --- Malformed JSON, YAML and protobuf: 400 BadRequest.
req POST "$NS/configmaps" application/json --data '{"apiVersion":"v1","kind":"ConfigMap",'
expect "truncated JSON" 400 BadRequest "not valid JSON"
req POST "$NS/configmaps" application/json --data $'{"a":\x01}'
expect "JSON with a control character" 400 BadRequest
req PUT "$NS/configmaps/x" application/json --data '{"apiVersion":"v1",,}'
expect "malformed JSON on update" 400 BadRequest
req PATCH "$NS/configmaps/x" application/merge-patch+json --data '{"data":'
expect "malformed merge patch" 400 BadRequest
req POST "$NS/configmaps" application/yaml --data-binary $'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: [y\n'
expect "malformed YAML" 400 BadRequest "error decoding YAML"
req PATCH "$NS/configmaps/x?fieldManager=e2e" application/apply-patch+yaml --data-binary $'a: [b\n c: :'
expect "malformed YAML apply" 400 BadRequest "error decoding YAML"
printf 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: utf}\ndata: {a: "\xff\xfe"}\n' >"$TMP/latin1.yaml"
req POST "$NS/configmaps" application/yaml --data-binary @"$TMP/latin1.yaml"
expect "YAML with invalid UTF-8" 400 BadRequest "invalid UTF-8"
req PATCH "$NS/configmaps/x?fieldManager=e2e" application/apply-patch+yaml --data-binary @"$TMP/latin1.yaml"
expect "apply YAML with invalid UTF-8" 400 BadRequest "invalid UTF-8"
# A well-formed YAML body is accepted, as kube-apiserver accepts application/yaml.
req POST "$NS/configmaps" application/yaml --data-binary $'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: from-yaml}\ndata: {a: "1"}\n'
[ "$CODE" = 201 ] || fail "create from YAML: HTTP $CODE: $(head -c 600 "$TMP/body")"
printf 'k8s\0garbage that is not a runtime.Unknown' >"$TMP/garbage.pb"
req POST "$NS/configmaps" application/vnd.kubernetes.protobuf --data-binary @"$TMP/garbage.pb"
expect "garbage protobuf" 400 BadRequest
head -c 4096 /dev/urandom >"$TMP/random.pb"
req POST "$NS/configmaps" application/vnd.kubernetes.protobuf --data-binary @"$TMP/random.pb"
expect "random protobuf" 400 BadRequest
# A runtime.Unknown whose object claims more bytes than the body has.
printf 'k8s\0\x0a\x0f\x0a\x02v1\x12\x09ConfigMap\x12\xff\xff\x03\x0a\x03\x0a\x01c' >"$TMP/truncated.pb"
req POST "$NS/configmaps" application/vnd.kubernetes.protobuf --data-binary @"$TMP/truncated.pb"
expect "truncated protobuf" 400 BadRequest

# --- Unknown content types: 415 UnsupportedMediaType.
req POST "$NS/configmaps" text/x-unknown --data 'x'
expect "unknown content type on create" 415 UnsupportedMediaType "accepted media types include"
req PUT "$NS/configmaps/x" application/xml --data '<x/>'
expect "unknown content type on update" 415 UnsupportedMediaType
req PATCH "$NS/configmaps/x" application/octet-stream --data '{}'
expect "unknown content type on patch" 415 UnsupportedMediaType

# --- Bodies past 3 MiB: 413 RequestEntityTooLarge, as kube-apiserver words
# it; with Content-Length, chunked, and a Content-Length of 4 GB whose body
# never comes (answered at once, nothing read into memory).
LIMIT=$((3 * 1024 * 1024))
{
  printf '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"big"},"data":{"a":"'
  head -c "$LIMIT" /dev/zero | tr '\0' 'x'
  printf '"}}'
} >"$TMP/big.json"
req POST "$NS/configmaps" application/json --data-binary @"$TMP/big.json"
expect "body over 3 MiB" 413 RequestEntityTooLarge "Request entity too large: limit is $LIMIT"
req POST "$NS/configmaps" application/json -H 'Transfer-Encoding: chunked' --data-binary @"$TMP/big.json"
expect "chunked body over 3 MiB" 413 RequestEntityTooLarge
t0=$(millis)
printf 'POST /api/v1/namespaces/default/configmaps HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 4000000000\r\n\r\n{"a":' |
  "$CLIENT" send 127.0.0.1 "$PORT" 10 >"$TMP/huge.out"
grep -q '^HTTP/1.1 413' "$TMP/huge.out" || fail "Content-Length 4000000000: $(head -c 300 "$TMP/huge.out")"
[ $(($(millis) - t0)) -lt 5000 ] || fail "Content-Length 4000000000 answered after $(($(millis) - t0)) ms"
alive "Content-Length 4000000000"

# --- Garbage HTTP: 400 and a closed connection.
printf 'GARBAGE\x01 / NOT-HTTP\r\n\r\n' | "$CLIENT" send 127.0.0.1 "$PORT" 5 >"$TMP/garbage.out"
grep -q '^HTTP/1.1 400' "$TMP/garbage.out" || fail "garbage request line: $(head -c 300 "$TMP/garbage.out")"
printf 'GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 7\r\n\r\nhello' |
  "$CLIENT" send 127.0.0.1 "$PORT" 5 >"$TMP/garbage.out"
grep -q '^HTTP/1.1 400' "$TMP/garbage.out" || fail "two Content-Lengths: $(head -c 300 "$TMP/garbage.out")"
alive "garbage HTTP"

# --- Documents nested 100000 deep (the server's walks recurse): 400, and
# nothing quadratic in the depth (memory is checked at the end).
DEEP=100000
{ repeat "$DEEP" '['; repeat "$DEEP" ']'; } >"$TMP/deep_array.json"
{
  printf '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"deep"},"data":'
  repeat "$DEEP" '{"a":'
  printf '1'
  repeat "$DEEP" '}'
  printf '}'
} >"$TMP/deep_object.json"
req POST "$NS/configmaps" application/json --data-binary @"$TMP/deep_array.json"
expect "array nested $DEEP deep" 400 BadRequest "exceeded max depth"
req POST "$NS/configmaps" application/json --data-binary @"$TMP/deep_object.json"
expect "object nested $DEEP deep" 400 BadRequest "exceeded max depth"
req PUT "$NS/configmaps/deep" application/json --data-binary @"$TMP/deep_object.json"
expect "update nested $DEEP deep" 400 BadRequest "exceeded max depth"
req POST "$NS/configmaps" application/json --data '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"target"}}'
[ "$CODE" = 201 ] || fail "create target: HTTP $CODE"
for type in application/merge-patch+json application/strategic-merge-patch+json application/json-patch+json; do
  req PATCH "$NS/configmaps/target" "$type" --data-binary @"$TMP/deep_object.json"
  expect "$type nested $DEEP deep" 400 BadRequest
done
req PATCH "$NS/configmaps/target?fieldManager=e2e" application/apply-patch+yaml --data-binary @"$TMP/deep_object.json"
expect "apply nested $DEEP deep" 400 BadRequest
{ printf 'a: '; repeat 1500 '['; repeat 1500 ']'; } >"$TMP/deep.yaml"
req PATCH "$NS/configmaps/target?fieldManager=e2e" application/apply-patch+yaml --data-binary @"$TMP/deep.yaml"
expect "YAML nested 1500 deep" 400 BadRequest
req POST "$NS/configmaps" application/yaml --data-binary @"$TMP/deep.yaml"
expect "YAML body nested 1500 deep" 400 BadRequest
req PATCH "$URL/apis/apps/v1/namespaces/default/deployments/none/scale" application/merge-patch+json \
  --data-binary @"$TMP/deep_object.json"
[ "${CODE:0:1}" = 4 ] || fail "scale patch nested $DEEP deep: HTTP $CODE"
alive "scale patch nested $DEEP deep"

# --- Bombs: YAML aliases that expand to 9^9 values, and a JSON patch that
# copies an object into itself until it would take terabytes.
{
  printf 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: lol}\ndata:\n'
  printf '  a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
  prev=a
  for n in b c d e f g h i; do
    printf '  %s: &%s [*%s,*%s,*%s,*%s,*%s,*%s,*%s,*%s,*%s]\n' "$n" "$n" $prev $prev $prev $prev $prev $prev $prev $prev $prev
    prev=$n
  done
} >"$TMP/lol.yaml"
t0=$(millis)
req POST "$NS/configmaps" application/yaml --data-binary @"$TMP/lol.yaml"
expect "YAML alias bomb" 400 BadRequest "aliases"
req PATCH "$NS/configmaps/target?fieldManager=e2e" application/apply-patch+yaml --data-binary @"$TMP/lol.yaml"
expect "YAML alias bomb in apply" 400 BadRequest
[ $(($(millis) - t0)) -lt 10000 ] || fail "the alias bombs took $(($(millis) - t0)) ms"
{
  printf '['
  for i in $(seq 1 40); do printf '{"op":"copy","from":"/metadata","path":"/metadata/x%d"},' "$i"; done
  printf '{"op":"test","path":"/kind","value":"ConfigMap"}]'
} >"$TMP/copy_bomb.json"
req PATCH "$NS/configmaps/target" application/json-patch+json --data-binary @"$TMP/copy_bomb.json"
expect "JSON patch copy bomb" 422 Invalid "accumulated size increase of copy"
req PATCH "$URL/apis/apps/v1/namespaces/default/deployments/none/scale" application/json-patch+json \
  --data-binary @"$TMP/copy_bomb.json"
[ "${CODE:0:1}" = 4 ] || fail "scale JSON patch copy bomb: HTTP $CODE"
alive "scale JSON patch copy bomb"

# --- Label values past 63 characters and invalid names: 422 Invalid with
# Kubernetes' field messages, on create and on update.
V64="$(repeat 64 v)"
V300="$(repeat 300 v)"
for v in "$V64" "$V300"; do
  req POST "$NS/configmaps" application/json \
    --data "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"l${#v}\",\"labels\":{\"a\":\"$v\"}}}"
  expect "label value of ${#v} characters" 422 Invalid '"field":"metadata.labels"' \
    "ConfigMap \\\"l${#v}\\\" is invalid: metadata.labels: Invalid value: \\\"$v\\\": must be no more than 63 characters"
done
req POST "$NS/configmaps" application/json \
  --data '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"badkey","labels":{"-a/b/c":"x","k":"-x-"}}}'
expect "invalid label key and value" 422 Invalid "a qualified name must consist of" "a valid label must be an empty string"
req PATCH "$NS/configmaps/target" application/merge-patch+json --data "{\"metadata\":{\"labels\":{\"a\":\"$V300\"}}}"
expect "label value of 300 characters by patch" 422 Invalid "must be no more than 63 characters"
if [ -x /usr/bin/kubectl ]; then
  kc /usr/bin/kubectl patch configmap target -n default -p "{\"metadata\":{\"labels\":{\"a\":\"$V64\"}}}"
  [ "$RC" -ne 0 ] || fail "kubectl patch with a label of 64 characters succeeded"
  expect_err_has "The ConfigMap \"target\" is invalid: metadata.labels: Invalid value: \"$V64\": must be no more than 63 characters"
fi
req POST "$NS/configmaps" application/json --data '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"Foo_Bar"}}'
expect "name Foo_Bar" 422 Invalid '"field":"metadata.name"' "a lowercase RFC 1123 subdomain must consist of"
N254="$(repeat 254 a)"
req POST "$NS/configmaps" application/json --data "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"$N254\"}}"
expect "name of 254 characters" 422 Invalid "must be no more than 253 characters"
req POST "$URL/api/v1/namespaces" application/json --data '{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"Foo_Bar"}}'
expect "namespace Foo_Bar" 422 Invalid "a lowercase RFC 1123 label must consist of"
req GET "$NS/configmaps/l64" application/json
[ "$CODE" = 404 ] || fail "a refused object was stored: HTTP $CODE"

# --- 2000 idle TLS connections held open while kubectl still answers.
IDLE=2000
mkfifo "$TMP/hold"
"$CLIENT" idle 127.0.0.1 "$PORT" "$IDLE" 60 <"$TMP/hold" >"$TMP/idle.out" 2>&1 &
IDLE_PID=$!
exec 7>"$TMP/hold"
wait_for_log "$TMP/idle.out" "open=" 90
grep -q "^open=$IDLE pending=0 failed=0" "$TMP/idle.out" || fail "idle connections: $(cat "$TMP/idle.out")"
t0=$(millis)
if [ -x /usr/bin/kubectl ]; then
  kc /usr/bin/kubectl get ns default -o name
  [ "$RC" -eq 0 ] && [ "$OUT" = namespace/default ] || fail "kubectl get ns with $IDLE idle connections: $ERR"
else
  req GET "$URL/api/v1/namespaces/default" application/json
  [ "$CODE" = 200 ] || fail "get ns with $IDLE idle connections: HTTP $CODE"
fi
[ $(($(millis) - t0)) -lt 5000 ] || fail "get ns took $(($(millis) - t0)) ms with $IDLE idle connections"
alive "$IDLE idle connections"
exec 7>&-
wait "$IDLE_PID" || fail "the idle client failed: $(cat "$TMP/idle.out")"

# --- The stalled clients were closed by the server after its timeout.
wait "$SLOW_PID" || fail "a client that sent half a request: $(cat "$TMP/slow.out")"
wait "$SLOW_TCP_PID" || fail "a client that never started TLS: $(cat "$TMP/slow_tcp.out")"
for f in slow slow_tcp; do
  s="$(sed -nE 's/^closed after ([0-9]+)s$/\1/p' "$TMP/$f.out")"
  [ -n "$s" ] && [ "$s" -ge 20 ] && [ "$s" -le 100 ] || fail "$f: $(cat "$TMP/$f.out")"
done
echo "stalled clients closed after $((SECONDS - STALL_START))s or less"

# --- A server at its open-file limit (300, hard) with 600 clients: it
# stops accepting while full, does not die, and serves again once they go.
(
  ulimit -n 300
  exec "$K1S" server -d "$TMP/data2" -o "$TMP/kubeconfig2.yaml" $TEST_LISTEN --node-name e2e-fd "${API_ONLY[@]}" \
    2>"$TMP/server2.log"
) &
PID2=$!
STARTED_PIDS+=("$PID2")
wait_for_log "$TMP/server2.log" "I server: ready in" 20
PORT2="$(sed -nE 's/^ *server: "?https:\/\/127.0.0.1:([0-9]+)"?$/\1/p' "$TMP/kubeconfig2.yaml" | head -1)"
mkfifo "$TMP/hold2"
"$CLIENT" idle 127.0.0.1 "$PORT2" 600 15 <"$TMP/hold2" >"$TMP/idle2.out" 2>&1 &
IDLE2_PID=$!
exec 8>"$TMP/hold2"
wait_for_log "$TMP/idle2.out" "open=" 60
kill -0 "$PID2" 2>/dev/null || fail "the server died at its open-file limit: $(tail -5 "$TMP/server2.log")"
exec 8>&-
wait "$IDLE2_PID" || true
ok=
for _ in $(seq 100); do
  code="$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 --cacert "$TMP/data2/server/tls/server-ca.crt" \
    "https://127.0.0.1:$PORT2/healthz")" || true
  [ "$code" = 200 ] && ok=1 && break
  sleep 0.2
done
[ -n "$ok" ] || fail "the server at its open-file limit does not serve again: $(tail -5 "$TMP/server2.log")"
kill -0 "$PID2" 2>/dev/null || fail "the server at its open-file limit died"

# --- Afterwards: alive, bounded in memory, and no crash in the log.
alive "everything"
hwm_kb="$(sed -nE 's/^VmHWM:\s+([0-9]+) kB/\1/p' "/proc/$PID/status")"
[ "$hwm_kb" -lt $((1536 * 1024)) ] || fail "the server peaked at $((hwm_kb / 1024)) MiB"
for log in "$TMP/server.log" "$TMP/server2.log"; do
  if grep -nE 'terminate called|Sanitizer|Segmentation|internal error|threw|connection failed' "$log"; then
    fail "$log shows a crash or an internal error"
  fi
done
echo "PASS: hostile input (peak RSS $((hwm_kb / 1024)) MiB)"
