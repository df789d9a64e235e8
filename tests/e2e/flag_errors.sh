# Bad input of every kind: one "k1s: ..." line on stderr, exit 2, nothing started.
source "$(dirname "$0")/lib.sh"
D="$TMP/data"
S=(server -d "$D" -o "$TMP/kubeconfig.yaml")

run "$K1S" frobnicate
expect_usage_error 'unknown command "frobnicate"'

run "$K1S" "${S[@]}" --no-such-flag
expect_usage_error 'unknown flag "--no-such-flag" for "k1s server"'
run "$K1S" "${S[@]}" -q
expect_usage_error 'unknown flag "-q"'
run "$K1S" "${S[@]}" --node-ip
expect_usage_error 'flag --node-ip needs a value'
run "$K1S" "${S[@]}" stray
expect_usage_error 'unexpected argument "stray"'

PORT_RULE='must be an integer from 0 to 65535'
run "$K1S" "${S[@]}" --https-listen-port abc
expect_usage_error "invalid value \"abc\" for --https-listen-port (from command line): $PORT_RULE"
run env K1S_HTTPS_LISTEN_PORT=abc "$K1S" "${S[@]}"
want="k1s: invalid value \"abc\" for --https-listen-port (from K1S_HTTPS_LISTEN_PORT): $PORT_RULE"
[ "$ERR" = "$want" ] || fail "env error line: $ERR"
expect_rc 2
run "$K1S" "${S[@]}" --https-listen-port=65536
expect_usage_error 'must be an integer from 0 to 65535'
run "$K1S" "${S[@]}" --disable-agent=perhaps
expect_usage_error 'must be true or false'
run "$K1S" "${S[@]}" --write-kubeconfig-mode 0999
expect_usage_error 'must be an octal file mode'
run "$K1S" "${S[@]}" --datastore-compact-interval 10parsecs
expect_usage_error 'must be a duration'
run "$K1S" "${S[@]}" --node-ip 10.0.0.300
expect_usage_error 'must be an IPv4 or IPv6 address'
run "$K1S" "${S[@]}" --cluster-cidr 10.42.0.0/33
expect_usage_error 'the prefix length must be a number from 0 to 32'
run "$K1S" "${S[@]}" --cluster-dns 10.99.0.10
expect_usage_error \
  '--cluster-dns 10.99.0.10 (from command line) is not inside --service-cidr 10.43.0.0/16 (default)'
run "$K1S" "${S[@]}" --cluster-cidr 10.43.128.0/17
expect_usage_error 'overlaps --service-cidr'
run "$K1S" "${S[@]}" --datastore-endpoint postgres://db:5432/k1s
expect_usage_error 'only SQLite is supported in this build'
run "$K1S" "${S[@]}" --node-name Not_A_DNS_Name
expect_usage_error 'must be a DNS subdomain'

run "$K1S" "${S[@]}" --config "$TMP/missing.yaml"
expect_usage_error "config file $TMP/missing.yaml does not exist (named by --config)"
printf 'data-dir: [unclosed\n' >"$TMP/broken.yaml"
run "$K1S" "${S[@]}" --config "$TMP/broken.yaml"
expect_usage_error "is not valid YAML"
printf 'no-such-key: 1\n' >"$TMP/unknown.yaml"
run "$K1S" "${S[@]}" --config "$TMP/unknown.yaml"
expect_usage_error "config file $TMP/unknown.yaml: unknown key \"no-such-key\""

run "$K1S" version --verbose
expect_usage_error 'unknown flag "--verbose" for "k1s version"'
run "$K1S" agent
expect_usage_error '--server is required (or set K1S_URL)'
run "$K1S" agent --server http://10.0.0.1:6443 --token t
expect_usage_error 'must be an https:// URL'

[ ! -e "$D" ] || fail "a usage error created the data dir"

# The agent cannot join yet and says so: one line, exit 1.
run "$K1S" agent -d "$D" --server https://127.0.0.1:1 --token t
expect_rc 1
[ "$(wc -l <"$TMP/err")" -eq 1 ] || fail "agent error is not one line"
expect_err_has "not available in this build yet"
echo PASS
