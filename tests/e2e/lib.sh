# Shared helpers for the e2e scripts: source it after setting nothing; the
# script's first argument is the k1s binary under test.
#
# Every script gets a private temp dir (removed on exit, with any server it
# started), a clean K1S_* environment, a HOME that does not exist, and
# K1S_CONFIG_FILE pointing at an empty config, so a developer's
# /etc/k1s/config.yaml or ~/.k1s never leaks into a test.
set -euo pipefail

# shellcheck disable=SC2034  # used by the scripts that source this file
K1S="${1:?usage: $0 path/to/k1s}"
TMP="$(mktemp -d /tmp/k1s-e2e-XXXXXX)"
STARTED_PIDS=()

# Servers get SIGTERM and a few seconds to stop cleanly, then SIGKILL.
cleanup() {
  for pid in "${STARTED_PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${STARTED_PIDS[@]}"; do
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  rm -rf "$TMP"
}
trap cleanup EXIT

for var in $(compgen -e | grep '^K1S_' || true); do unset "$var"; done
export HOME="$TMP/no-home"
: >"$TMP/empty.yaml"
export K1S_CONFIG_FILE="$TMP/empty.yaml"

# Servers in tests listen on loopback, on a port the kernel picks, so tests can
# run in parallel and never collide with a real cluster on 6443.
# shellcheck disable=SC2034
TEST_LISTEN="--bind-address 127.0.0.1 --https-listen-port 0"

fail() {
  echo "FAIL: $*" >&2
  echo "--- stdout:" >&2
  cat "$TMP/out" >&2 2>/dev/null || true
  echo "--- stderr:" >&2
  cat "$TMP/err" >&2 2>/dev/null || true
  exit 1
}

# run CMD...: runs to completion; sets RC, OUT and ERR.
run() {
  set +e
  "$@" >"$TMP/out" 2>"$TMP/err"
  RC=$?
  set -e
  OUT="$(cat "$TMP/out")"
  ERR="$(cat "$TMP/err")"
}

expect_rc() { [ "$RC" -eq "$1" ] || fail "exit code $RC, want $1"; }
expect_out_has() { grep -qF -- "$1" "$TMP/out" || fail "stdout lacks: $1"; }
expect_err_has() { grep -qF -- "$1" "$TMP/err" || fail "stderr lacks: $1"; }
expect_out_lacks() { ! grep -qF -- "$1" "$TMP/out" || fail "stdout has: $1"; }

# expect_usage_error TEXT: exit 2, nothing on stdout, exactly one stderr line
# that starts with "k1s: " and contains TEXT.
expect_usage_error() {
  expect_rc 2
  [ -z "$OUT" ] || fail "stdout not empty"
  [ "$(wc -l <"$TMP/err")" -eq 1 ] || fail "stderr is not one line"
  [[ "$ERR" == "k1s: "* ]] || fail "stderr does not start with 'k1s: '"
  expect_err_has "$1"
}

# wait_for_log FILE TEXT [SECONDS]: polls FILE until it contains TEXT.
wait_for_log() {
  local deadline=$((SECONDS + ${3:-10}))
  until grep -qF -- "$2" "$1" 2>/dev/null; do
    [ "$SECONDS" -lt "$deadline" ] || { cat "$1" >&2; fail "no '$2' in $1 after ${3:-10}s"; }
    sleep 0.05
  done
}

# wait_exit PID SECONDS: waits for a child started in the background; sets RC.
wait_exit() {
  local deadline=$((SECONDS + $2))
  while kill -0 "$1" 2>/dev/null; do
    [ "$SECONDS" -lt "$deadline" ] || fail "pid $1 still running after $2s"
    sleep 0.05
  done
  set +e
  wait "$1"
  RC=$?
  set -e
}
