# k1s server with a temp data dir: creates the database, logs ready, stops
# cleanly on SIGTERM and SIGINT, and reuses the database on the next start.
source "$(dirname "$0")/lib.sh"
D="$TMP/data"

# start_server LOG: starts k1s server in the background and waits for "ready".
start_server() {
  "$K1S" server -d "$D" -o "$TMP/kubeconfig.yaml" $TEST_LISTEN --node-name e2e-node -v 1 2>"$1" &
  STARTED_PIDS+=($!)
  wait_for_log "$1" "I server: ready in"
}

# revision_in LOG: the revision the startup line reports.
revision_in() {
  sed -nE 's/.*I server\/store: datastore sqlite .*, revision ([0-9]+)$/\1/p' "$1" | tail -1
}

start_server "$TMP/first.log"
grep -qF "datastore sqlite $D/server/db/state.db, data dir $D, revision " "$TMP/first.log" \
  || fail "no startup line: $(cat "$TMP/first.log")"
[ -f "$D/server/db/state.db" ] || fail "no database file"
[ "$(stat -c %a "$D/server/db")" = 700 ] || fail "server/db is not mode 0700"
first_rev="$(revision_in "$TMP/first.log")"
[ -n "$first_rev" ] || fail "no revision logged"

kill -TERM "${STARTED_PIDS[-1]}"
wait_exit "${STARTED_PIDS[-1]}" 3
expect_rc 0
grep -qF "received SIGTERM" "$TMP/first.log" || fail "SIGTERM not logged"
grep -qF "I server: stopped" "$TMP/first.log" || fail "no stopped line"

start_server "$TMP/second.log"
second_rev="$(revision_in "$TMP/second.log")"
[ "$second_rev" -ge "$first_rev" ] || fail "revision went back: $first_rev -> $second_rev"
kill -INT "${STARTED_PIDS[-1]}"
wait_exit "${STARTED_PIDS[-1]}" 3
expect_rc 0
grep -qF "received SIGINT" "$TMP/second.log" || fail "SIGINT not logged"

# A datastore that cannot be opened: one line, exit 1.
mkdir -p "$TMP/bad/server/db"
head -c 8192 /dev/urandom >"$TMP/bad/server/db/state.db"
run "$K1S" server -d "$TMP/bad" -o "$TMP/kubeconfig.yaml" $TEST_LISTEN
expect_rc 1
[ "$(grep -c '^k1s: ' "$TMP/err")" -eq 1 ] || fail "want one k1s: error line"
expect_err_has "k1s: cannot open the datastore $TMP/bad/server/db/state.db"

# A custom sqlite:/// endpoint is honoured.
"$K1S" server -d "$D" -o "$TMP/kubeconfig.yaml" $TEST_LISTEN --datastore-endpoint "sqlite://$TMP/custom/k.db" \
  2>"$TMP/third.log" &
STARTED_PIDS+=($!)
wait_for_log "$TMP/third.log" "I server: ready in"
kill -TERM "${STARTED_PIDS[-1]}"
wait_exit "${STARTED_PIDS[-1]}" 3
expect_rc 0
[ -f "$TMP/custom/k.db" ] || fail "custom endpoint not used"
echo PASS
