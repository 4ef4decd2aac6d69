#!/usr/bin/env bash
# Run by scripts/https-check inside a private mount and network namespace (unshare, as root):
# activitysmith.com resolves to 127.0.0.1 through a bind-mounted hosts file and the mock listens
# on 443, so clients call https://activitysmith.com/api/... unchanged. Args: BINARY WORKDIR VENV
set -euo pipefail
bin=$1 work=$2 venv=$3
ip link set lo up
printf '127.0.0.1 localhost\n::1 localhost\n127.0.0.1 activitysmith.com www.activitysmith.com\n' > "$work/hosts"
mount --bind "$work/hosts" /etc/hosts
failures=0
check() {  # name, then the command; the command's output is kept for the log
  local name=$1; shift
  if out=$("$@" 2>&1); then echo "ok   $name"; else echo "FAIL $name"; echo "$out" | sed 's/^/     /' | tail -5; failures=$((failures + 1)); fi
}
start() {
  "$bin" --port 8080 --tls-port 443 --db "$work/mock.sqlite" --quiet > "$work/mock.out" 2>&1 &
  mock=$!
  for _ in $(seq 100); do grep -q '^https://' "$work/mock.out" && return 0; sleep 0.05; done
  cat "$work/mock.out" >&2; return 1
}
stop() { kill "$mock"; wait "$mock" 2>/dev/null || true; }

start
curl -fsS http://127.0.0.1:8080/_mock/tls/ca.pem -o "$work/ca.pem"
update='{"activity_id":"pLAr-Hnq9ZFW4sxlk43Lhbuok4GLh7UW","content_state":{"title":"Nightly database backup","subtitle":"upload archive","number_of_steps":3,"current_step":2}}'
docs_update() {  # curl options...: the docs' update, unchanged but for trusting the CA
  curl -fsS "$@" -X POST https://activitysmith.com/api/live-activity/update -H "Authorization: Bearer ask_123456789" \
    -H "Content-Type: application/json" -d "$update" | grep -q '"devices_notified":2'
}
check "curl, TLS 1.2: the docs' update at https://activitysmith.com answers devices_notified 2" \
  docs_update --cacert "$work/ca.pem" --tlsv1.2 --tls-max 1.2
check "curl, TLS 1.3: the same" docs_update --cacert "$work/ca.pem" --tlsv1.3
check "curl without the CA is refused" bash -c '! curl -fsS https://activitysmith.com/api/push-notification -d "{}" 2>/dev/null'

if command -v node >/dev/null; then
  cat > "$work/push.mjs" <<'JS'
const r = await fetch("https://activitysmith.com/api/push-notification", { method: "POST",
  headers: { Authorization: "Bearer ask_123456789", "Content-Type": "application/json" },
  body: JSON.stringify({ title: "From Node, unchanged" }) });
const body = await r.json();
if (r.status !== 200 || body.success !== true) { console.error(r.status, body); process.exit(1); }
JS
  check "Node fetch with NODE_EXTRA_CA_CERTS, TLS 1.2" env NODE_EXTRA_CA_CERTS="$work/ca.pem" NODE_OPTIONS=--tls-max-v1.2 node "$work/push.mjs"
  check "Node fetch with NODE_EXTRA_CA_CERTS, TLS 1.3" env NODE_EXTRA_CA_CERTS="$work/ca.pem" NODE_OPTIONS=--tls-min-v1.3 node "$work/push.mjs"
  check "Node fetch without the CA is refused" bash -c "! node '$work/push.mjs' 2>/dev/null"
else
  echo "SKIPPED: the Node checks: no node on this machine"
fi
check "the official Python SDK 1.14.0, unchanged, with SSL_CERT_FILE" env SSL_CERT_FILE="$work/ca.pem" "$venv/bin/python" -c '
from activitysmith import ActivitySmith
r = ActivitySmith(api_key="ask_123456789").notifications.send({"title": "From the Python SDK, unchanged"})
assert r.success, r'
check "the Python SDK without the CA is refused" bash -c "! '$venv/bin/python' -c 'from activitysmith import ActivitySmith; ActivitySmith(api_key=\"ask_123456789\").notifications.send({\"title\": \"x\"})' 2>/dev/null"
stop
start
check "the CA survives a restart on the same database" bash -c "curl -fsS http://127.0.0.1:8080/_mock/tls/ca.pem | cmp -s - '$work/ca.pem'"
check "and is still trusted" docs_update --cacert "$work/ca.pem"
stop
echo "https: $([ $failures -eq 0 ] && echo "every check passed" || echo "$failures FAILED") (activitysmith.com on 443 in a private namespace)"
[ $failures -eq 0 ]
