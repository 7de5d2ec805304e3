#!/usr/bin/env bash
# Tries the cluster locally: a private PostgreSQL and three silos on loopback ports, each serving the API.
#
#   scripts/cluster.sh            start everything and wait; Ctrl+C stops the silos (gracefully) and PostgreSQL
#   scripts/cluster.sh --smoke    start, create a token through silo 1, check it through silo 3, revoke it, stop
#
# Ports: PostgreSQL $PG_PORT (55433), silos' APIs 5091-5093, silo ports 11121-11123, gateways 30011-30013.
set -euo pipefail
cd "$(dirname "$0")/.."

PG_PORT=${PG_PORT:-55433}
ADMIN_PASSWORD=${ADMIN_PASSWORD:-cluster-admin-password}
WORK=$(pwd)/artifacts/cluster
SMOKE=false
[ "${1:-}" = "--smoke" ] && SMOKE=true

# shellcheck source=scripts/lib/postgres.sh
. scripts/lib/postgres.sh

pids=()
stop() {
  trap - INT TERM EXIT
  echo "Stopping the silos (gracefully)..."
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  echo "Stopping PostgreSQL..."
  pg_stop "$WORK/pg"
  echo "Stopped. Logs are in $WORK/logs."
}

echo "Building..."
dotnet build src/Silo -c Release -o "$WORK/bin" -v quiet -nologo >/dev/null

rm -rf "$WORK/logs" && mkdir -p "$WORK/logs"
pg_start "$WORK/pg" "$PG_PORT"
trap stop INT TERM EXIT
psql -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -c 'CREATE DATABASE accesstokens' >/dev/null

export Storage__Provider=PostgreSql
export Storage__ConnectionString="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=accesstokens"
export Cluster__Provider=AdoNet
export Cluster__AdvertisedAddress=127.0.0.1
export Bootstrap__AdminPassword="$ADMIN_PASSWORD"
dotnet "$WORK/bin/AccessTokens.Silo.dll" migrate

for i in 1 2 3; do
  Cluster__SiloPort=$((11120 + i)) Cluster__GatewayPort=$((30010 + i)) \
    dotnet "$WORK/bin/AccessTokens.Silo.dll" --urls "http://127.0.0.1:509$i" >"$WORK/logs/silo$i.log" 2>&1 &
  pids+=($!)
done

for i in 1 2 3; do
  for _ in $(seq 1 120); do
    curl -sf "http://127.0.0.1:509$i/health/ready" >/dev/null 2>&1 && break
    sleep 0.5
  done
  curl -sf "http://127.0.0.1:509$i/health/ready" >/dev/null || { echo "silo $i did not become ready; see $WORK/logs/silo$i.log"; exit 1; }
  echo "silo $i ready: http://127.0.0.1:509$i"
done

if $SMOKE; then
  curl -sf -u "admin:$ADMIN_PASSWORD" -H 'Content-Type: application/json' \
    -d '{"name":"requests","description":"Smoke test resource"}' http://127.0.0.1:5091/api/v1/resources >/dev/null
  curl -sf -u "admin:$ADMIN_PASSWORD" -H 'Content-Type: application/json' -X PATCH \
    -d '{"resources":[{"resource":"requests","access":"readwrite"}]}' http://127.0.0.1:5092/api/v1/profiles/User >/dev/null
  curl -sf -u "admin:$ADMIN_PASSWORD" -H 'Content-Type: application/json' \
    -d '{"login":"smoke","name":"Smoke test","profile":"User"}' http://127.0.0.1:5091/api/v1/users >/dev/null
  created=$(curl -sf -u "admin:$ADMIN_PASSWORD" -H 'Content-Type: application/json' \
    -d '{"name":"smoke","user":"smoke","resources":["requests"]}' http://127.0.0.1:5091/api/v1/access-tokens)
  token=$(echo "$created" | sed -E 's/.*"token":"([^"]+)".*/\1/')
  id=$(echo "$created" | sed -E 's/^\{"id":"([^"]+)".*/\1/')
  [ "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" 'http://127.0.0.1:5093/api/v1/auth/check?resource=requests')" = 200 ]
  curl -sf -u "admin:$ADMIN_PASSWORD" -X DELETE "http://127.0.0.1:5092/api/v1/access-tokens/$id" >/dev/null
  [ "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" 'http://127.0.0.1:5091/api/v1/auth/check?resource=requests')" = 401 ]
  echo "smoke test passed"
  exit 0
fi

echo "Cluster running; administrator: admin / $ADMIN_PASSWORD. Ctrl+C stops it."
wait
