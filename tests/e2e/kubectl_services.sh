# Service cluster IPs and node ports, Jobs' generated selectors and CSR
# requesters, with kubectl 1.27, 1.32 and 1.33: `create service
# clusterip/nodeport`, `expose`, a requested IP or node port that is taken,
# headless Services, the immutable cluster IP, type changes that free node
# ports, delete then re-create with the same IP, and, at the end, a restart
# of k1s on the same data dir (with a narrower --service-node-port-range)
# that keeps every allocation.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/kubectl_lib.sh"
start_k1s
SERVER_PID="${STARTED_PIDS[-1]}"

openssl req -new -newkey rsa:2048 -nodes -keyout "$TMP/csr.key" -subj "/CN=svc-user" -out "$TMP/csr.pem" 2>/dev/null

in_cidr() { [[ "$1" =~ ^10\.43\.[0-9]+\.[0-9]+$ ]]; }
node_port_ok() { [[ "$1" =~ ^[0-9]+$ ]] && [ "$1" -ge 30000 ] && [ "$1" -le 32767 ]; }

K0="${KUBECTLS[0]}"
kc "$K0" get svc kubernetes -o 'jsonpath={.spec.clusterIP} {.spec.clusterIPs[0]} {.spec.ipFamilies[0]} {.spec.ipFamilyPolicy}'
[ "$OUT" = "10.43.0.1 10.43.0.1 IPv4 SingleStack" ] || fail "kubernetes service: $OUT"

seen=" "
n=0
for K in "${KUBECTLS[@]:1}" "${KUBECTLS[0]}"; do
  v="$("$K" version --client -o json | sed -nE 's/.*"minor": "([0-9]+)".*/\1/p' | head -1)"
  [[ "$seen" != *" $v "* ]] || { echo "--- kubectl 1.$v ($K): already covered"; continue; }
  seen+="$v "
  n=$((n + 1))
  ns="svc-$v-$RANDOM"
  echo "--- kubectl 1.$v ($K)"
  kc "$K" create namespace "$ns"
  expect_ok

  # --- A free IP from the service CIDR, kept out of the low band.
  kc "$K" create service clusterip web --tcp=80:8080 -n "$ns"
  expect_out_has "service/web created"
  kc "$K" get svc web -n "$ns" -o 'jsonpath={.spec.clusterIP} {.spec.clusterIPs[0]} {.spec.ipFamilies[0]} {.spec.ipFamilyPolicy}'
  read -r ip ip0 family policy <<<"$OUT"
  in_cidr "$ip" && [[ "$ip" != 10.43.0.* ]] && [ "$ip0" = "$ip" ] && [ "$family" = IPv4 ] &&
    [ "$policy" = SingleStack ] || fail "clusterip service: $OUT"
  kc "$K" get svc web -n "$ns"
  grep -qE "^web +ClusterIP +$ip +<none> +80/TCP " "$TMP/out" || fail "get svc: $OUT"

  # --- A requested IP that is taken (the kubernetes Service's).
  kc "$K" create service clusterip taken --clusterip=10.43.0.1 --tcp=80 -n "$ns"
  [ "$RC" -ne 0 ] || fail "a taken cluster IP was given out"
  expect_err_has 'Service "taken" is invalid: spec.clusterIPs: Invalid value: []string{"10.43.0.1"}: failed to allocate IP 10.43.0.1: provided IP is already allocated'
  kc "$K" create service clusterip far --clusterip=10.99.0.1 --tcp=80 -n "$ns"
  expect_err_has 'failed to allocate IP 10.99.0.1: the provided IP (10.99.0.1) is not in the valid range. The range of valid IPs is 10.43.0.0/16'

  # --- Headless: no IP.
  kc "$K" create service clusterip head --clusterip=None --tcp=80 -n "$ns"
  expect_ok
  kc "$K" get svc head -n "$ns"
  grep -qE "^head +ClusterIP +None +<none> +80/TCP " "$TMP/out" || fail "headless: $OUT"

  # --- NodePort: a node port from 30000-32767; a taken one is refused.
  kc "$K" create service nodeport np --tcp=80:8080 -n "$ns"
  expect_out_has "service/np created"
  kc "$K" get svc np -n "$ns" -o 'jsonpath={.spec.clusterIP} {.spec.ports[0].nodePort}'
  read -r np_ip port <<<"$OUT"
  in_cidr "$np_ip" && node_port_ok "$port" || fail "nodeport service: $OUT"
  kc "$K" get svc np -n "$ns"
  grep -qE "^np +NodePort +$np_ip +<none> +80:$port/TCP " "$TMP/out" || fail "get svc np: $OUT"
  kc "$K" create service nodeport np2 --tcp=80:8080 --node-port="$port" -n "$ns"
  [ "$RC" -ne 0 ] || fail "a taken node port was given out"
  expect_err_has "Service \"np2\" is invalid: spec.ports[0].nodePort: Invalid value: $port: provided port is already allocated"

  # --- expose.
  kc "$K" create deployment d --image=nginx:1.25 -n "$ns"
  expect_ok
  kc "$K" expose deployment d --port=80 --target-port=8080 --type=NodePort -n "$ns"
  expect_out_has "service/d exposed"
  kc "$K" get svc d -n "$ns" -o 'jsonpath={.spec.clusterIP} {.spec.ports[0].nodePort} {.spec.selector.app}'
  read -r d_ip d_port d_app <<<"$OUT"
  in_cidr "$d_ip" && node_port_ok "$d_port" && [ "$d_port" != "$port" ] && [ "$d_app" = d ] ||
    fail "exposed service: $OUT"

  # --- The cluster IP cannot change; re-applying without it keeps it.
  kc "$K" patch svc web -n "$ns" -p '{"spec":{"clusterIP":"10.43.250.250","clusterIPs":["10.43.250.250"]}}'
  [ "$RC" -ne 0 ] || fail "cluster IP changed"
  expect_err_has 'spec.clusterIPs[0]: Invalid value: []string{"10.43.250.250"}: may not change once set'
  printf 'apiVersion: v1\nkind: Service\nmetadata: {name: applied, namespace: %s}\nspec:\n  ports: [{port: 80}]\n' \
    "$ns" >"$TMP/applied.yaml"
  kc "$K" apply -f "$TMP/applied.yaml"
  expect_ok
  kc "$K" get svc applied -n "$ns" -o 'jsonpath={.spec.clusterIP}'
  applied_ip="$OUT"
  sed -i 's/port: 80}/port: 81}/' "$TMP/applied.yaml"
  kc "$K" apply -f "$TMP/applied.yaml"
  expect_out_has "service/applied configured"
  kc "$K" get svc applied -n "$ns" -o 'jsonpath={.spec.clusterIP} {.spec.ports[0].port}'
  [ "$OUT" = "$applied_ip 81" ] || fail "apply changed the IP: $OUT (was $applied_ip)"

  # --- NodePort -> ClusterIP gives the node port back.
  kc "$K" patch svc np -n "$ns" -p '{"spec":{"type":"ClusterIP"}}'
  expect_ok
  kc "$K" get svc np -n "$ns" -o 'jsonpath={.spec.type} {.spec.clusterIP} {.spec.ports[0].nodePort}'
  [ "$OUT" = "ClusterIP $np_ip " ] || fail "type change: $OUT"
  kc "$K" create service nodeport np3 --tcp=80:8080 --node-port="$port" -n "$ns"
  expect_ok
  pinned=$((30100 + n))
  kc "$K" create service nodeport pinned --tcp=80 --node-port="$pinned" -n "$ns"
  expect_ok

  # --- Delete, then the same IP can be asked for again.
  fixed="10.43.7.$n"
  kc "$K" create service clusterip fixed --clusterip="$fixed" --tcp=80 -n "$ns"
  expect_ok
  kc "$K" create service clusterip fixed2 --clusterip="$fixed" --tcp=80 -n "$ns"
  expect_err_has "failed to allocate IP $fixed: provided IP is already allocated"
  kc "$K" delete svc fixed -n "$ns"
  expect_ok
  kc "$K" create service clusterip fixed2 --clusterip="$fixed" --tcp=80 -n "$ns"
  expect_ok
  kc "$K" get svc fixed2 -n "$ns" -o 'jsonpath={.spec.clusterIP}'
  [ "$OUT" = "$fixed" ] || fail "re-created service: $OUT"

  # --- Jobs: the generated selector and labels.
  kc "$K" create job j --image=busybox -n "$ns" -- echo hi
  expect_out_has "job.batch/j created"
  kc "$K" get job j -n "$ns" -o 'jsonpath={.metadata.uid} {.spec.selector.matchLabels.batch\.kubernetes\.io/controller-uid} {.spec.template.metadata.labels.batch\.kubernetes\.io/job-name} {.spec.template.metadata.labels.controller-uid} {.spec.template.metadata.labels.job-name}'
  read -r uid sel job_name legacy_uid legacy_name <<<"$OUT"
  [ -n "$uid" ] && [ "$sel" = "$uid" ] && [ "$legacy_uid" = "$uid" ] && [ "$job_name" = j ] &&
    [ "$legacy_name" = j ] || fail "job selector: $OUT"
  kc "$K" describe job j -n "$ns"
  grep -qE "^Selector: +batch.kubernetes.io/controller-uid=$uid$" "$TMP/out" || fail "describe job: $OUT"
  kc "$K" get jobs -n "$ns" -o wide
  grep -qE "^j .* batch.kubernetes.io/controller-uid=$uid$" "$TMP/out" || fail "jobs -o wide: $OUT"

  # --- CSRs name who asked, not what the client claimed.
  printf '{"apiVersion":"certificates.k8s.io/v1","kind":"CertificateSigningRequest","metadata":{"name":"%s"},"spec":{"request":"%s","signerName":"kubernetes.io/kube-apiserver-client","usages":["client auth"],"username":"mallory","groups":["nobody"]}}' \
    "csr-$ns" "$(base64 -w0 <"$TMP/csr.pem")" >"$TMP/csr.json"
  kc "$K" create -f "$TMP/csr.json"
  expect_ok
  kc "$K" get csr "csr-$ns" -o 'jsonpath={.spec.username} {.spec.groups}'
  [[ "$OUT" == "system:admin "*system:masters*system:authenticated* ]] || fail "csr requester: $OUT"
  kc "$K" get csr "csr-$ns"
  grep -qE "^csr-$ns +[0-9]+s +kubernetes.io/kube-apiserver-client +system:admin +" "$TMP/out" || fail "get csr: $OUT"
  last_ns="$ns"
  last_ip="$ip"
  last_port="$pinned"
done

# --- A restart on the same data dir keeps every allocation.
kill -TERM "$SERVER_PID"
wait_exit "$SERVER_PID" 20
kept=()
for pid in "${STARTED_PIDS[@]}"; do [ "$pid" = "$SERVER_PID" ] || kept+=("$pid"); done
STARTED_PIDS=("${kept[@]}")
run "$K1S" server -d "$TMP/data" --service-node-port-range 32000-31000 --print-config
expect_usage_error "must be a port range such as 30000-32767"
# A narrower node-port range than before: Services keep the ports they hold.
start_k1s --service-node-port-range 30000-31999
kc "$K0" get svc web -n "$last_ns" -o 'jsonpath={.spec.clusterIP}'
[ "$OUT" = "$last_ip" ] || fail "after restart: $OUT"
kc "$K0" create service clusterip again --clusterip="$last_ip" --tcp=80 -n "$last_ns"
expect_err_has "failed to allocate IP $last_ip: provided IP is already allocated"
kc "$K0" create service nodeport again --tcp=80 --node-port="$last_port" -n "$last_ns"
expect_err_has "spec.ports[0].nodePort: Invalid value: $last_port: provided port is already allocated"
kc "$K0" create service clusterip again --clusterip=10.43.0.1 --tcp=80 -n "$last_ns"
expect_err_has 'failed to allocate IP 10.43.0.1: provided IP is already allocated'
kc "$K0" create service nodeport high --tcp=80 --node-port=32100 -n "$last_ns"
expect_err_has 'spec.ports[0].nodePort: Invalid value: 32100: provided port is not in the valid range. The range of valid ports is 30000-31999'
kc "$K0" create service clusterip fresh --tcp=80 -n "$last_ns"
expect_ok
kc "$K0" get svc -A -o 'jsonpath={range .items[*]}{.spec.clusterIP}{"\n"}{end}'
dupes="$(grep -v '^None$' "$TMP/out" | grep -v '^$' | sort | uniq -d)"
[ -z "$dupes" ] || fail "an IP is held twice: $dupes"
echo "PASS"
