# defaults < config file < environment < command line, observed through
# --print-config and through the server's own startup log.
source "$(dirname "$0")/lib.sh"
S=(server -d "$TMP/data" -o "$TMP/kubeconfig.yaml" --print-config)

# value_of FLAG: the effective value line of FLAG in the last --print-config.
value_of() { grep -E "^$1:" "$TMP/out" || fail "no $1 in --print-config"; }
expect_value() { [ "$(value_of "$1")" = "$2" ] || fail "got '$(value_of "$1")', want '$2'"; }

run "$K1S" "${S[@]}"
expect_rc 0
expect_out_has "# config file: $TMP/empty.yaml"
expect_value https-listen-port "https-listen-port: 6443  # default"
expect_value data-dir "data-dir: \"$TMP/data\"  # command line"
expect_value datastore-compact-interval 'datastore-compact-interval: "1m"  # default'
expect_value node-ip "node-ip:  # unset"

cat >"$TMP/config.yaml" <<YAML
https-listen-port: 7000
cluster-domain: example.internal
tls-san:
  - a.example
  - 10.0.0.5
write-kubeconfig-mode: "0644"
datastore-compact-interval: 90s
# an agent-only setting would be ignored here; this one is the server's own
token: from-config
YAML
run env K1S_CONFIG_FILE="$TMP/config.yaml" "$K1S" "${S[@]}"
expect_rc 0
expect_value https-listen-port "https-listen-port: 7000  # $TMP/config.yaml"
expect_value cluster-domain "cluster-domain: \"example.internal\"  # $TMP/config.yaml"
expect_value tls-san "tls-san: [\"a.example\", \"10.0.0.5\"]  # $TMP/config.yaml"
expect_value write-kubeconfig-mode "write-kubeconfig-mode: \"0644\"  # $TMP/config.yaml"
expect_value datastore-compact-interval "datastore-compact-interval: \"1m30s\"  # $TMP/config.yaml"
expect_value token "token: \"********\"  # $TMP/config.yaml"
expect_out_lacks "from-config"

run env K1S_CONFIG_FILE="$TMP/config.yaml" K1S_HTTPS_LISTEN_PORT=7001 K1S_TLS_SAN=env.example \
  K1S_KUBECONFIG_MODE=0640 "$K1S" "${S[@]}"
expect_value https-listen-port "https-listen-port: 7001  # K1S_HTTPS_LISTEN_PORT"
expect_value tls-san 'tls-san: ["env.example"]  # K1S_TLS_SAN'
expect_value write-kubeconfig-mode 'write-kubeconfig-mode: "0640"  # K1S_KUBECONFIG_MODE'
expect_value cluster-domain "cluster-domain: \"example.internal\"  # $TMP/config.yaml"

run env K1S_CONFIG_FILE="$TMP/config.yaml" K1S_HTTPS_LISTEN_PORT=7001 "$K1S" "${S[@]}" \
  --https-listen-port=7002 --tls-san x --tls-san y,z
expect_value https-listen-port "https-listen-port: 7002  # command line"
expect_value tls-san 'tls-san: ["x", "y", "z"]  # command line'

# --config beats K1S_CONFIG_FILE; -c is its short form.
printf 'https-listen-port: 7100\n' >"$TMP/other.yaml"
run env K1S_CONFIG_FILE="$TMP/config.yaml" "$K1S" "${S[@]}" -c "$TMP/other.yaml"
expect_value https-listen-port "https-listen-port: 7100  # $TMP/other.yaml"

# k3s-style aliases.
run env K1S_NODE_NAME=alias-node K1S_TOKEN=sekret K1S_KUBECONFIG_OUTPUT="$TMP/kc2.yaml" \
  "$K1S" server -d "$TMP/data" --print-config
expect_value node-name 'node-name: "alias-node"  # K1S_NODE_NAME'
expect_value token 'token: "********"  # K1S_TOKEN'
expect_value write-kubeconfig "write-kubeconfig: \"$TMP/kc2.yaml\"  # K1S_KUBECONFIG_OUTPUT"
run env K1S_URL=https://10.0.0.1:6443 K1S_TOKEN=t "$K1S" agent -d "$TMP/data" --print-config
expect_value server 'server: "https://10.0.0.1:6443"  # K1S_URL'

# One config file serves server and agent: the agent ignores server-only keys.
run env K1S_CONFIG_FILE="$TMP/config.yaml" K1S_URL=https://10.0.0.1:6443 "$K1S" agent \
  -d "$TMP/data" --print-config
expect_rc 0
expect_value token "token: \"********\"  # $TMP/config.yaml"
expect_out_lacks "https-listen-port"

# The server itself runs with the layered values: its startup log names them.
printf 'data-dir: %s\nnode-name: from-file\n' "$TMP/layered" >"$TMP/run.yaml"
env K1S_CONFIG_FILE="$TMP/run.yaml" K1S_NODE_NAME=from-env "$K1S" server -o "$TMP/kc.yaml" $TEST_LISTEN \
  2>"$TMP/server.log" &
STARTED_PIDS+=($!)
wait_for_log "$TMP/server.log" "ready"
kill -TERM "${STARTED_PIDS[-1]}"
wait_exit "${STARTED_PIDS[-1]}" 5
expect_rc 0
grep -qF "node from-env, data dir $TMP/layered" "$TMP/server.log" ||
  fail "startup line: $(cat "$TMP/server.log")"
[ -f "$TMP/layered/server/db/state.db" ] || fail "no database under the config file's data-dir"
echo PASS
