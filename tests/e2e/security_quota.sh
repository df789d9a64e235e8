# ResourceQuota with real kubectl: the resourcequota controller fills in
# status.hard and status.used; admission charges each create before it is
# stored and refuses what does not fit with kube-apiserver's 403 messages
# (exceeded quota, must specify); deletes, finished pods and a dry run are
# seen in the usage; count/<resource>.<group> and services.nodeports count
# other kinds; `kubectl get quota` and `kubectl describe quota` (1.27 to
# 1.33) show used/hard. The scheduler is off, so pods stay unbound.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/kubectl_lib.sh"
start_k1s --disable-scheduler
K=/usr/bin/kubectl

# used_is NS QUOTA RESOURCE VALUE: waits until status.used says VALUE.
used_is() {
  poll_or_fail 20 out_is "$4" "$K" get quota "$2" -n "$1" -o "jsonpath={.status.used.${3//./\\.}}"
}
# status_filled NS QUOTA: the controller has filled in status.hard and status.used.
status_filled() {
  run "$K" get quota "$2" -n "$1" -o 'jsonpath={.status.hard}|{.status.used}'
  [ "$RC" -eq 0 ] && [[ "$OUT" == "{"*"|{"* ]]
}
# pod NAME [RESOURCES-JSON]: a pod manifest with one container, NAME.
pod() {
  local resources="${2:-}"
  [ -n "$resources" ] || resources='{}'
  printf '{"apiVersion":"v1","kind":"Pod","metadata":{"name":"%s"},"spec":{"containers":[{"name":"%s","image":"nginx","resources":%s}]}}' \
    "$1" "$1" "$resources"
}

# --- pods=2: two pods in, the third refused; deletes free a slot.
kc "$K" create namespace q1
expect_ok
kc "$K" create quota pods --hard=pods=2 -n q1
expect_ok
poll_or_fail 20 status_filled q1 pods
used_is q1 pods pods 0
kc "$K" run a --image=nginx -n q1
expect_ok
kc "$K" run b --image=nginx -n q1
expect_ok
# Charged by admission before the pods were stored: no wait.
out_is 2 "$K" get quota pods -n q1 -o 'jsonpath={.status.used.pods}' || fail "used after two creates: $OUT"
kc "$K" run c --image=nginx -n q1
expect_rc 1
expect_err_has 'Error from server (Forbidden): pods "c" is forbidden: exceeded quota: pods, requested: pods=1, used: pods=2, limited: pods=2'
kc "$K" delete pod a -n q1
expect_ok
used_is q1 pods pods 1
# A dry run is checked but charges nothing.
kc "$K" run d --image=nginx -n q1 --dry-run=server
expect_ok
out_is 1 "$K" get quota pods -n q1 -o 'jsonpath={.status.used.pods}' || fail "a dry run was charged: $OUT"
kc "$K" run c --image=nginx -n q1
expect_ok
used_is q1 pods pods 2

# --- A compute quota: containers must say what it limits, and fit.
kc "$K" create namespace q2
expect_ok
kc "$K" create quota compute --hard=requests.cpu=1,limits.cpu=2,limits.memory=1Gi,pods=5 -n q2
expect_ok
poll_or_fail 20 status_filled q2 compute
pod web '{"requests":{"cpu":"500m"}}' >"$TMP/web.json"
kc "$K" create -f "$TMP/web.json" -n q2
expect_rc 1
expect_err_has 'Error from server (Forbidden): error when creating "'"$TMP"'/web.json": pods "web" is forbidden: failed quota: compute: must specify limits.cpu for: web; limits.memory for: web'
pod ok1 '{"requests":{"cpu":"500m"},"limits":{"cpu":"1","memory":"512Mi"}}' >"$TMP/ok1.json"
kc "$K" create -f "$TMP/ok1.json" -n q2
expect_ok
used_is q2 compute requests.cpu 500m
used_is q2 compute limits.memory 512Mi
pod big '{"requests":{"cpu":"1"},"limits":{"cpu":"1","memory":"256Mi"}}' >"$TMP/big.json"
kc "$K" create -f "$TMP/big.json" -n q2
expect_rc 1
expect_err_has 'pods "big" is forbidden: exceeded quota: compute, requested: requests.cpu=1, used: requests.cpu=500m, limited: requests.cpu=1'

# get and describe show used/hard, as every kubectl prints them.
for k in "${KUBECTLS[@]}"; do
  kc "$k" get quota compute -n q2
  expect_ok
  grep -qE '^NAME +AGE +REQUEST +LIMIT$' "$TMP/out" || fail "$k get quota header: $OUT"
  grep -qE '^compute +[0-9]+s +pods: 1/5, requests.cpu: 500m/1 +limits.cpu: 1/2, limits.memory: 512Mi/1Gi$' "$TMP/out" ||
    fail "$k get quota: $OUT"
  kc "$k" describe quota compute -n q2
  expect_ok
  grep -qE '^Name: +compute$' "$TMP/out" || fail "$k describe quota: $OUT"
  grep -qE '^Resource +Used +Hard$' "$TMP/out" || fail "$k describe quota: $OUT"
  for row in 'limits.cpu +1 +2' 'limits.memory +512Mi +1Gi' 'pods +1 +5' 'requests.cpu +500m +1'; do
    grep -qE "^$row\$" "$TMP/out" || fail "$k describe quota lacks '$row': $OUT"
  done
done
kc "$K" describe namespace q2
expect_ok
expect_out_has "Resource Quotas"

# A pod that finishes frees what it used (its status written as a kubelet would).
kc "$K" patch pod ok1 -n q2 --subresource=status --type=merge -p '{"status":{"phase":"Succeeded"}}'
expect_ok
used_is q2 compute requests.cpu 0
used_is q2 compute pods 0
kc "$K" create -f "$TMP/big.json" -n q2
expect_ok
used_is q2 compute requests.cpu 1

# --- Other kinds: count/deployments.apps and services.nodeports.
kc "$K" create namespace q3
expect_ok
kc "$K" create quota objects --hard=count/deployments.apps=1,services.nodeports=1 -n q3
expect_ok
poll_or_fail 20 status_filled q3 objects
kc "$K" create deployment web --image=nginx -n q3
expect_ok
used_is q3 objects count/deployments.apps 1
kc "$K" create deployment web2 --image=nginx -n q3
expect_rc 1
expect_err_has 'deployments.apps "web2" is forbidden: exceeded quota: objects, requested: count/deployments.apps=1, used: count/deployments.apps=1, limited: count/deployments.apps=1'
kc "$K" delete deployment web -n q3
expect_ok
used_is q3 objects count/deployments.apps 0
kc "$K" create deployment web2 --image=nginx -n q3
expect_ok
kc "$K" create service nodeport np --tcp=80:8080 -n q3
expect_ok
used_is q3 objects services.nodeports 1
kc "$K" create service nodeport np2 --tcp=81:8080 -n q3
expect_rc 1
expect_err_has 'services "np2" is forbidden: exceeded quota: objects, requested: services.nodeports=1, used: services.nodeports=1, limited: services.nodeports=1'
# A ClusterIP service takes no node port.
kc "$K" create service clusterip cip --tcp=82:8080 -n q3
expect_ok

! grep -E "^[^ ]+ [EF] " "$TMP/server.log" || fail "errors in the server log"
