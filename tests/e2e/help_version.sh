# k1s with no args, help, version, and per-command help.
source "$(dirname "$0")/lib.sh"

for args in "" "help" "--help" "-h"; do
  # shellcheck disable=SC2086
  run "$K1S" $args
  expect_rc 0
  expect_out_has "Usage: k1s <command> [flags]"
  for cmd in server agent version help; do expect_out_has "  $cmd "; done
done

for args in "version" "--version"; do
  run "$K1S" $args
  expect_rc 0
  grep -qE '^k1s version v[0-9]+\.[0-9]+\.[0-9]+ \([0-9a-z]+\)$' "$TMP/out" ||
    fail "bad k1s version line"
  grep -qE '^kubernetes v1\.33\.0-k1s1$' "$TMP/out" || fail "bad kubernetes line"
  grep -qE '^built with g\+\+ .* for linux/' "$TMP/out" || fail "bad build line"
  [ "$(wc -l <"$TMP/out")" -eq 3 ] || fail "version prints 3 lines"
done

for args in "server --help" "help server"; do
  # shellcheck disable=SC2086
  run "$K1S" $args
  expect_rc 0
  expect_out_has "Usage: k1s server [flags]"
  for flag in "-c, --config string" "-d, --data-dir string" "-o, --write-kubeconfig string" \
      "--write-kubeconfig-mode mode" "--https-listen-port int (0-65535)" "--bind-address ip" \
      "--advertise-address ip" "--tls-san strings" "--node-name string" "--node-ip ip" \
      "--cluster-cidr cidr" "--service-cidr cidr" "--cluster-dns ip" "--cluster-domain string" \
      "-t, --token string" "-s, --server string" "--disable-agent" "--datastore-endpoint string" \
      "--datastore-history-window int" "--datastore-compact-interval duration" "-v, --v int" \
      "--print-config"; do
    expect_out_has "$flag"
  done
  for env in K1S_CONFIG_FILE K1S_DATA_DIR K1S_KUBECONFIG_OUTPUT K1S_KUBECONFIG_MODE \
      K1S_HTTPS_LISTEN_PORT K1S_TOKEN K1S_URL K1S_NODE_NAME K1S_DATASTORE_ENDPOINT; do
    expect_out_has "\$$env"
  done
  expect_out_has "(default 6443)"
  expect_out_has "(default 10.42.0.0/16)"
  expect_out_has "(default 1m)"
done

run "$K1S" agent --help
expect_rc 0
expect_out_has "Usage: k1s agent [flags]"
for flag in "-s, --server string" "-t, --token string" "--node-name" "--node-ip ip" \
    "-d, --data-dir" "-c, --config"; do
  expect_out_has "$flag"
done
expect_out_has "(required)"
expect_out_has "\$K1S_URL"
expect_out_lacks "--https-listen-port"
echo PASS
