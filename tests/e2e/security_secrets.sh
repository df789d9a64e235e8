# Secrets encryption at rest with real kubectl: `k1s server
# --secrets-encryption` keeps Secret values AES-GCM encrypted in the SQLite
# files (no marker, plain or base64, in the db, -wal or -shm) while kubectl
# reads, applies and watches them as usual; `k1s secrets-encrypt status` and
# `rotate-keys` report and rotate the key over the API port (system:masters
# only) without losing a secret, across restarts. Turning encryption on over
# an existing database keeps its plaintext secrets readable; a server started
# without the flag still reads what was encrypted while the config file is
# there, and refuses to start, saying why, when it is gone.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/kubectl_lib.sh"
K=/usr/bin/kubectl
DATA="$TMP/data"
DB="$DATA/server/db/state.db"
CRED="$DATA/server/cred/encryption-config.json"
KCFG="$TMP/kubeconfig.yaml"
# A marker no other test or object holds.
MARK="k1smark$(date +%s%N)x$$"

enc() { run "$K1S" secrets-encrypt "$@" -d "$DATA" --kubeconfig "$KCFG"; }

# in_db TEXT: how many lines of the SQLite files (db, -wal, -shm) hold TEXT.
in_db() {
  local n=0 f c
  for f in "$DB" "$DB-wal" "$DB-shm"; do
    [ -e "$f" ] || continue
    c=$(grep -c -a -F -- "$1" "$f" || true)
    n=$((n + c))
  done
  echo "$n"
}
b64() { printf '%s' "$1" | base64 -w0; }
# not_in_db VALUE...: neither the value nor its base64 form is in the files.
not_in_db() {
  local v
  for v in "$@"; do
    [ "$(in_db "$v")" -eq 0 ] || fail "plaintext \"$v\" found in the SQLite files"
    [ "$(in_db "$(b64 "$v")")" -eq 0 ] || fail "base64 of \"$v\" found in the SQLite files"
  done
}
secret_value() {  # NS NAME KEY -> the decoded value
  kc $K get secret "$2" -n "$1" -o "jsonpath={.data.$3}"
  expect_ok
  base64 -d <<<"$OUT"
}
expect_value() { [ "$(secret_value "$1" "$2" "$3")" = "$4" ] || fail "secret $1/$2 $3 is not $4"; }
# start FLAGS...: start_k1s after removing the last server's log, whose
# "ready" line would otherwise satisfy the wait before the new one writes.
start() {
  rm -f "$TMP/server.log"
  start_k1s "$@"
  SERVER="${STARTED_PIDS[-1]}"
}
stop_k1s() {
  kill -TERM "$SERVER"
  wait_exit "$SERVER" 10
  expect_rc 0
}
status_row() {  # KEY -> "<active> <type> <count>" from the status table
  awk -v k="$1" '{a="-"} /^ \* / {a="*"; sub(/^ \* /, "")} {sub(/^ +/, "")} $2 == k {print a, $1, $3}' <<<"$OUT"
}

# ---- 0. No flag, no config: secrets are stored in the clear (the control
# that shows the grep finds plaintext when it is there).
start "${API_ONLY[@]}"
kc $K create secret generic before -n default --from-literal=v="$MARK-before"
expect_ok
# (Secret data travels and is stored base64-encoded: that is the form to find.)
[ "$(in_db "$(b64 "$MARK-before")")" -gt 0 ] || fail "control: the unencrypted secret is not found in the db"
[ ! -e "$CRED" ] || fail "an encryption config was written without --secrets-encryption"
enc status
expect_ok
expect_out_has "Encryption Status: Disabled"
expect_out_has "Encryption Config: $CRED (absent)"
[ "$(status_row identity)" = "* Identity 1" ] || fail "status identity row: $(status_row identity)"
enc rotate-keys
expect_rc 1
[ "$(wc -l <"$TMP/err")" -eq 1 ] || fail "not one line: $ERR"
expect_err_has "k1s: secrets encryption is not enabled on this server (start it with --secrets-encryption)"
stop_k1s

# ---- 1. --secrets-encryption over that database.
start "${API_ONLY[@]}" --secrets-encryption
grep -qF "secrets encryption: generated AES-256-GCM key" "$TMP/server.log" || fail "no key generated"
grep -qF "I server/encryption: secrets encryption enabled" "$TMP/server.log" || fail "no enabled line"
[ "$(stat -c %a "$CRED")" = 600 ] || fail "encryption config mode $(stat -c %a "$CRED")"
[ "$(stat -c %a "$(dirname "$CRED")")" = 700 ] || fail "cred dir mode"
grep -qF '"kind": "EncryptionConfiguration"' "$CRED" || fail "not an EncryptionConfiguration"
grep -qF '"apiVersion": "apiserver.config.k8s.io/v1"' "$CRED" || fail "apiVersion"
KEY1=$(sed -nE 's/.*"name": "(aesgcmkey-[^"]+)".*/\1/p' "$CRED")
[ "$(wc -w <<<"$KEY1")" -eq 1 ] || fail "want one key, got: $KEY1"

expect_value default before v "$MARK-before"  # stored in the clear, still readable

kc $K create secret generic one -n default --from-literal=password="$MARK-one" --from-literal=user=admin
expect_ok
kc $K create namespace team
expect_ok
cat >"$TMP/two.yaml" <<EOF
apiVersion: v1
kind: Secret
metadata:
  name: two
  namespace: team
type: Opaque
data:
  apikey: $(b64 "$MARK-two")
stringData:
  note: "$MARK-note"
EOF
kc $K apply -f "$TMP/two.yaml"
expect_ok

# A watch that runs through what follows.
$K get secrets -A -w --output-watch-events >"$TMP/watch.out" 2>&1 &
WATCH=$!
STARTED_PIDS+=("$WATCH")
wait_for_log "$TMP/watch.out" " two " 20
kc $K create secret generic three -n team --from-literal=token="$MARK-three"
expect_ok
wait_for_log "$TMP/watch.out" "ADDED" 20
wait_for_log "$TMP/watch.out" " three " 20

expect_value default one password "$MARK-one"
expect_value team two apikey "$MARK-two"
expect_value team three token "$MARK-three"
kc $K get secrets -n team -o name
expect_out_has "secret/two"
expect_out_has "secret/three"
not_in_db "$MARK-one" "$MARK-two" "$MARK-note" "$MARK-three"
[ "$(in_db "k8s:enc:aesgcm:v1:$KEY1:")" -gt 0 ] || fail "no aesgcm values in the db"

enc status
expect_ok
expect_out_has "Encryption Status: Enabled"
expect_out_has "Encryption Config: $CRED"
expect_out_lacks "(absent)"
[ "$(status_row "$KEY1")" = "* AES-GCM 3" ] || fail "status $KEY1 row: $(status_row "$KEY1")$OUT"
[ "$(status_row identity)" = "- Identity 1" ] || fail "status identity row: $(status_row identity)"
# The same file found through the server's own variable.
run env K1S_KUBECONFIG_OUTPUT="$KCFG" "$K1S" secrets-encrypt status -d "$DATA"
expect_ok
expect_out_has "Encryption Status: Enabled"

# Only system:masters: others are refused whatever RBAC says.
kc $K get --raw /v1-k1s/encrypt/status --as=alice
[ "$RC" -ne 0 ] || fail "alice read the encryption status"
expect_err_has "forbidden"
kc $K create clusterrolebinding alice-admin --clusterrole=cluster-admin --user=alice
expect_ok
kc $K get --raw /v1-k1s/encrypt/status --as=alice
[ "$RC" -ne 0 ] || fail "a cluster-admin outside system:masters read the encryption status"
kc $K get --raw /v1-k1s/encrypt/status
expect_ok
[[ "$OUT" == *'"enabled":true'* ]] || fail "raw status: $OUT"

# ---- rotate-keys.
enc rotate-keys
expect_ok
expect_out_has "Encryption keys rotated: new key aesgcmkey-"
expect_out_has "Re-encrypted 4 secrets (4 stored, all under the new key)"
expect_out_has "Dropped from $CRED: $KEY1"
KEY2=$(sed -nE 's/.*"name": "(aesgcmkey-[^"]+)".*/\1/p' "$CRED")
[ "$(wc -w <<<"$KEY2")" -eq 1 ] || fail "want only the new key in the config, got: $KEY2"
[ "$KEY2" != "$KEY1" ] || fail "the key did not change"
[ "$(stat -c %a "$CRED")" = 600 ] || fail "encryption config mode after rotation"
wait_for_log "$TMP/watch.out" "MODIFIED" 20
for name in one two three before; do
  grep -qE "^MODIFIED +[a-z]+ +$name " "$TMP/watch.out" || fail "no MODIFIED event for $name: $(cat "$TMP/watch.out")"
done
kill -0 "$WATCH" 2>/dev/null || fail "the watch ended: $(cat "$TMP/watch.out")"

expect_value default before v "$MARK-before"
expect_value default one password "$MARK-one"
expect_value team two apikey "$MARK-two"
expect_value team three token "$MARK-three"
enc status
expect_ok
[ "$(status_row "$KEY2")" = "* AES-GCM 4" ] || fail "status after rotation: $OUT"
[ "$(status_row identity)" = "- Identity 0" ] || fail "identity after rotation: $OUT"
[ -z "$(status_row "$KEY1")" ] || fail "the dropped key is still listed: $OUT"
# Writes after the rotation, and the old plaintext-free guarantee holds.
kc $K create secret generic four -n team --from-literal=k="$MARK-four"
expect_ok
kc $K patch secret one -n default -p "{\"data\":{\"password\":\"$(b64 "$MARK-one2")\"}}"
expect_ok
expect_value default one password "$MARK-one2"
not_in_db "$MARK-one" "$MARK-two" "$MARK-note" "$MARK-three" "$MARK-four" "$MARK-one2"
kill "$WATCH" 2>/dev/null || true

stop_k1s
not_in_db "$MARK-one" "$MARK-two" "$MARK-note" "$MARK-three" "$MARK-four" "$MARK-one2"
# The server is down: one line, exit 1.
enc status
expect_rc 1
[ "$(wc -l <"$TMP/err")" -eq 1 ] || fail "not one line: $ERR"
expect_err_has "k1s: cannot reach the k1s server at https://127.0.0.1:"
expect_err_has "is \`k1s server\` running?"

# ---- 2. Restart with the flag: the new key from the file reads everything.
start "${API_ONLY[@]}" --secrets-encryption
grep -qF "secrets are written encrypted with key \"$KEY2\"" "$TMP/server.log" || fail "restart key, want $KEY2: $(grep -F encryption "$TMP/server.log")"
expect_value default before v "$MARK-before"
expect_value default one password "$MARK-one2"
expect_value team two apikey "$MARK-two"
expect_value team three token "$MARK-three"
expect_value team four k "$MARK-four"
for k in "${KUBECTLS[@]}"; do
  kc "$k" get secret two -n team -o 'jsonpath={.data.apikey}'
  expect_ok
  [ "$(base64 -d <<<"$OUT")" = "$MARK-two" ] || fail "$k reads secret two as $OUT"
  kc "$k" get secrets -n team
  expect_ok
  expect_out_has "Opaque"
done
enc status
expect_ok
expect_out_has "Encryption Status: Enabled"
[ "$(status_row "$KEY2")" = "* AES-GCM 5" ] || fail "status after restart: $OUT"
[ -z "$(status_row "$KEY1")" ] || fail "the dropped key is still listed: $OUT"
# A second rotation.
enc rotate-keys
expect_ok
KEY3=$(sed -nE 's/.*"name": "(aesgcmkey-[^"]+)".*/\1/p' "$CRED")
[ "$KEY3" != "$KEY2" ] || fail "second rotation kept the key"
expect_value team four k "$MARK-four"
stop_k1s

# ---- 3. Without the flag, the config file present: encrypted secrets still
# read; new writes are stored in the clear (and status says Disabled).
start "${API_ONLY[@]}"
grep -qF "secrets encryption is off, but $CRED exists" "$TMP/server.log" || fail "no warning"
expect_value default one password "$MARK-one2"
expect_value team four k "$MARK-four"
kc $K create secret generic clear -n default --from-literal=v="$MARK-clear"
expect_ok
[ "$(in_db "$(b64 "$MARK-clear")")" -gt 0 ] || fail "without the flag the new secret should be stored in the clear"
enc status
expect_ok
expect_out_has "Encryption Status: Disabled"
[ "$(status_row "$KEY3")" = "- AES-GCM 5" ] || fail "status without the flag: $OUT"
[ "$(status_row identity)" = "* Identity 1" ] || fail "identity without the flag: $OUT"
enc rotate-keys
expect_rc 1
expect_err_has "secrets encryption is not enabled"
stop_k1s

# ---- 4. The config file gone: the server refuses to start, in one line
# that names the key and the file, with the flag or without; nothing is
# generated over the lost key.
mv "$CRED" "$TMP/saved-config.json"
for flags in "" "--secrets-encryption"; do
  # shellcheck disable=SC2086
  run timeout 60 "$K1S" server -d "$DATA" -o "$KCFG" $TEST_LISTEN --node-name e2e-node $flags
  expect_rc 1
  tail -1 "$TMP/err" | grep -qF "k1s: secrets encryption: 5 secrets in the datastore are encrypted with key \"$KEY3\", but the encryption config $CRED does not exist: restore that file to read them" ||
    fail "start without the config: $(tail -1 "$TMP/err")"
  [ ! -e "$CRED" ] || fail "a new config was generated over the lost key"
done
mv "$TMP/saved-config.json" "$CRED"
start "${API_ONLY[@]}" --secrets-encryption
expect_value team two apikey "$MARK-two"
expect_value default clear v "$MARK-clear"

# ---- The command line.
run "$K1S" secrets-encrypt --help
expect_rc 0
expect_out_has "Usage: k1s secrets-encrypt <command> [flags]"
expect_out_has "  status "
expect_out_has "  rotate-keys "
run "$K1S" secrets-encrypt status --help
expect_rc 0
expect_out_has "Usage: k1s secrets-encrypt status [flags]"
expect_out_has "--kubeconfig string"
expect_out_has "-d, --data-dir string"
run "$K1S" secrets-encrypt
expect_usage_error "\"k1s secrets-encrypt\" needs a command: status, rotate-keys"
run "$K1S" secrets-encrypt rotate
expect_usage_error "unknown command \"rotate\" for \"k1s secrets-encrypt\""
run "$K1S" secrets-encrypt status --bogus
expect_usage_error "unknown flag \"--bogus\" for \"k1s secrets-encrypt status\""
run "$K1S" secrets-encrypt status --kubeconfig "$TMP/nowhere.yaml"
expect_rc 1
[ "$(wc -l <"$TMP/err")" -eq 1 ] || fail "not one line: $ERR"
expect_err_has "k1s: no admin kubeconfig at $TMP/nowhere.yaml"
run "$K1S" --help
expect_out_has "  secrets-encrypt "
echo PASS
