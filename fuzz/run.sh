#!/usr/bin/env bash
# Runs every fuzz target for a short fixed time, from a copy of its seeds in
# fuzz/corpus/<target>/ (the repository is left as it was), at most JOBS at
# once. A crash, a leak, a timeout or an out-of-memory fails the run; the
# input that did it is kept under <bin dir>/artifacts/ and printed in
# base64, to be fixed and then added to fuzz/corpus/<target>/ as a
# regression seed.
# Usage: fuzz/run.sh BIN_DIR SECONDS [JOBS]
set -euo pipefail
BIN="${1:?usage: $0 BIN_DIR SECONDS [JOBS]}"
SECONDS_EACH="${2:?usage: $0 BIN_DIR SECONDS [JOBS]}"
JOBS="${3:-2}"
CORPUS="$(cd "$(dirname "$0")" && pwd)/corpus"
TARGETS=(fuzz_body_json fuzz_body_yaml fuzz_body_protobuf fuzz_patch fuzz_http_request)
WORK="$(mktemp -d /tmp/k1s-fuzz-XXXXXX)"
trap 'rm -rf "$WORK"' EXIT
ARTIFACTS="$BIN/artifacts"
mkdir -p "$ARTIFACTS"

# run_one TARGET: fuzzes TARGET; its output goes to $WORK/TARGET.log.
run_one() {
  local t="$1" dir="$WORK/$1"
  mkdir -p "$dir/corpus" "$dir/artifacts"
  cp "$CORPUS/$t"/* "$dir/corpus/"
  # -seed: the same inputs first on every run; -timeout: an input that takes
  # 10 s is a hang; -rss_limit_mb: one that needs 2 GiB is a memory bomb.
  if "$BIN/$t" -seed=1 -max_total_time="$SECONDS_EACH" -timeout=10 -rss_limit_mb=2048 \
    -max_len=16384 -print_final_stats=1 -artifact_prefix="$dir/artifacts/" "$dir/corpus" \
    >"$WORK/$t.log" 2>&1; then
    echo "fuzz: $t: ok, $(grep -m1 -oE 'stat::number_of_executed_units: *[0-9]+' "$WORK/$t.log" |
      grep -oE '[0-9]+$') runs in ${SECONDS_EACH}s"
    return 0
  fi
  echo "fuzz: $t FAILED" >&2
  tail -n 60 "$WORK/$t.log" >&2
  for a in "$dir/artifacts"/*; do
    [ -e "$a" ] || continue
    cp "$a" "$ARTIFACTS/$t-$(basename "$a")"
    echo "fuzz: $t: input kept as $ARTIFACTS/$t-$(basename "$a"); base64:" >&2
    base64 -w0 "$a" >&2
    echo >&2
  done
  return 1
}

pids=()
failed=0
for t in "${TARGETS[@]}"; do
  [ -x "$BIN/$t" ] || { echo "fuzz: $BIN/$t is not built" >&2; exit 1; }
  run_one "$t" &
  pids+=($!)
  # At most JOBS at once.
  while [ "$(jobs -rp | wc -l)" -ge "$JOBS" ]; do sleep 0.2; done
done
for pid in "${pids[@]}"; do wait "$pid" || failed=1; done
[ "$failed" -eq 0 ] || { echo "fuzz: FAILED" >&2; exit 1; }
echo "fuzz: all ${#TARGETS[@]} targets ran ${SECONDS_EACH}s each without a finding"
