# Helpers for e2e scripts that drive a k1s server with real kubectl binaries.
# Source after lib.sh.

# The kubectl versions every scenario runs with: the machine's default and
# 1.27, 1.32 and 1.33 where installed (the oldest, the usual, the newest).
KUBECTLS=(/usr/bin/kubectl)
for v in 27 32 33; do
  k="/usr/lib/google-cloud-sdk/bin/kubectl.1.$v"
  [ -x "$k" ] && KUBECTLS+=("$k")
done

# start_k1s [FLAGS...]: starts `k1s server` on loopback with a free port and a
# private data dir (plus any extra server flags), waits until it serves, and
# exports KUBECONFIG.
start_k1s() {
  # Emptied here, not only by the redirection below: that one happens in the
  # background job, which may run after wait_for_log has already seen a
  # previous server's ready line.
  : >"$TMP/server.log"
  "$K1S" server -d "$TMP/data" -o "$TMP/kubeconfig.yaml" $TEST_LISTEN --node-name e2e-node "$@" \
    2>"$TMP/server.log" &
  STARTED_PIDS+=($!)
  wait_for_log "$TMP/server.log" "I server: ready in" 20
  export KUBECONFIG="$TMP/kubeconfig.yaml"
}

# The flags that leave only the API: no scheduler, no controllers. For the
# scripts that check the API's own behaviour (exact lists of objects, pods
# that stay Pending).
API_ONLY=(--disable-scheduler --disable-controller
  replicaset,replicationcontroller,deployment,job,cronjob,daemonset,statefulset,horizontalpodautoscaling,disruption,endpoints,endpointslice,namespace,garbage-collector,node-lifecycle,node-ipam,serviceaccount,root-ca-cert-publisher,ttl-after-finished,pod-garbage-collector,resourcequota)

# kc K ARGS...: runs kubectl binary K; sets RC/OUT/ERR like run.
kc() { run "$@"; }

expect_ok() { [ "$RC" -eq 0 ] || fail "exit $RC: $ERR"; }

# poll SECONDS CMD...: runs CMD (output discarded) until it succeeds; returns
# 1 if SECONDS pass first.
poll() {
  local deadline=$((SECONDS + $1))
  shift
  until "$@" >/dev/null 2>&1; do
    [ "$SECONDS" -lt "$deadline" ] || return 1
    sleep 0.2
  done
}

# poll_or_fail SECONDS CMD...: as poll, keeping CMD's output, and the test
# fails naming CMD if SECONDS pass first.
poll_or_fail() {
  local deadline=$((SECONDS + $1))
  shift
  until "$@"; do
    [ "$SECONDS" -lt "$deadline" ] || fail "timed out: $*"
    sleep 0.2
  done
}

# out_is TEXT CMD...: CMD succeeds and its stdout is exactly TEXT (sets RC/OUT/ERR).
out_is() {
  local want="$1"
  shift
  run "$@"
  [ "$RC" -eq 0 ] && [ "$OUT" = "$want" ]
}
