#!/usr/bin/env bash
# The HTTP benchmark: the token check of the co-hosted service on PostgreSQL against a bare Kestrel
# endpoint and the usual PostgreSQL lookup (with and without an UPDATE of last use), same run, same
# 10,000 tokens, wrk -t2 -c64 -d15s on loopback, three rounds; then the in-process figures. Prints a
# Markdown table and saves it to artifacts/bench/results.md. Takes about 10 minutes.
#
#   scripts/bench.sh                 full run
#   ROUNDS=1 DURATION=5s scripts/bench.sh   a quicker look
set -euo pipefail
cd "$(dirname "$0")/.."

ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-15s}
WARMUP=${WARMUP:-5s}
TOKENS=${TOKENS:-10000}
FLUSH=${FLUSH:-00:00:30}
WORK=$(pwd)/artifacts/bench
PG_PORT=${PG_PORT:-55440}

missing=()
command -v wrk >/dev/null || missing+=(wrk)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
if [ ${#missing[@]} -gt 0 ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
PG_BIN=$(dirname "$(ls /usr/lib/postgresql/*/bin/initdb | head -n 1)")
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

serve_pid=
stop() {
  trap - INT TERM EXIT
  [ -n "$serve_pid" ] && kill -TERM "$serve_pid" 2>/dev/null && wait "$serve_pid" 2>/dev/null || true
  as_postgres "$PG_BIN/pg_ctl" -D "$WORK/pg/data" -m fast -w stop >/dev/null 2>&1 || true
}

rm -rf "$WORK" && mkdir -p "$WORK/pg" && chmod 755 "$WORK/pg"
[ "$(id -u)" = 0 ] && chown postgres "$WORK/pg"
echo "Building (Release)..."
dotnet build tests/AccessTokens.Benchmarks -c Release -o "$WORK/bin" -v quiet -nologo >/dev/null
as_postgres "$PG_BIN/initdb" -D "$WORK/pg/data" -U postgres --auth=trust -E UTF8 >/dev/null
as_postgres "$PG_BIN/pg_ctl" -D "$WORK/pg/data" -l "$WORK/pg/server.log" -w \
  -o "-p $PG_PORT -c listen_addresses=127.0.0.1 -k $WORK/pg -c max_connections=300 -c shared_buffers=256MB" start >/dev/null
trap stop INT TERM EXIT
psql -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -c 'CREATE DATABASE bench' >/dev/null
CS="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=bench;Maximum Pool Size=128"
psql_bench() { psql -qtA -h 127.0.0.1 -p "$PG_PORT" -U postgres -d bench -c "$1"; }

echo "Starting the service and the baselines, creating $TOKENS tokens through the API..."
dotnet "$WORK/bin/AccessTokens.Benchmarks.dll" serve --postgres "$CS" --tokens "$TOKENS" \
  --tokens-file "$WORK/tokens.txt" --flush "$FLUSH" >"$WORK/serve.log" 2>&1 &
serve_pid=$!
until grep -q READY "$WORK/serve.log"; do
  kill -0 "$serve_pid" 2>/dev/null || { cat "$WORK/serve.log"; exit 1; }
  sleep 1
done
creation=$(grep CREATED "$WORK/serve.log" | sed -E 's/.*: ([0-9]+) tokens\/s/\1/')

declare -A URL=([bare]=http://127.0.0.1:5101/ [service]=http://127.0.0.1:5100/api/v1/auth/check?resource=requests
  [lookup]=http://127.0.0.1:5102/api/v1/auth/check?resource=requests [update]=http://127.0.0.1:5103/api/v1/auth/check?resource=requests)
TARGETS=(bare service lookup update)
export TOKENS_FILE="$WORK/tokens.txt"
token_writes() { psql_bench "SELECT COALESCE(SUM(version), 0) FROM orleansstorage WHERE graintypestring = 'token'"; }

run_wrk() { # target seconds → "rps non2xx"
  local out
  out=$(wrk -t2 -c64 -d"$2" --latency -s scripts/bench/rotate.lua "${URL[$1]}")
  echo "$out" >>"$WORK/wrk-$1.log"
  local rps non2xx
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  non2xx=$(echo "$out" | awk '/Non-2xx/ {print $5}')
  echo "${rps:-0} ${non2xx:-0}"
}

echo "Warming up..."
for target in "${TARGETS[@]}"; do run_wrk "$target" "$WARMUP" >/dev/null; done
writes_before=$(token_writes)
service_seconds=0
declare -A RESULTS NON2XX
for round in $(seq 1 "$ROUNDS"); do
  for target in "${TARGETS[@]}"; do
    read -r rps non2xx < <(run_wrk "$target" "$DURATION")
    RESULTS[$target]+="$rps "
    NON2XX[$target]=$(( ${NON2XX[$target]:-0} + non2xx ))
    [ "$target" = service ] && service_seconds=$(( service_seconds + ${DURATION%s} ))
    echo "round $round: $target $rps requests/s, non-2xx $non2xx"
  done
done
writes_after=$(token_writes)

median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
declare -A MEDIAN
for target in "${TARGETS[@]}"; do MEDIAN[$target]=$(echo "${RESULTS[$target]}" | median); done
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }
interval_seconds=$(echo "$FLUSH" | awk -F: '{print $1 * 3600 + $2 * 60 + $3}')
writes=$(( writes_after - writes_before ))
write_bound=$(( TOKENS * service_seconds / interval_seconds ))

echo "In-process measurements..."
# shellcheck disable=SC2086
dotnet "$WORK/bin/AccessTokens.Benchmarks.dll" inproc --postgres "$CS" --memory true ${INPROC_ARGS:-} >"$WORK/inproc.log" 2>&1
cpu=$(lscpu | awk -F: '/Model name/ {gsub(/^ +/, "", $2); print $2}')

{
  echo "Machine: $(nproc) cores ($cpu), $(free -g | awk '/Mem/ {print $2}') GiB; load generator (wrk) and service share the cores."
  echo "HTTP: wrk -t2 -c64 -d$DURATION, $TOKENS tokens rotating, median of $ROUNDS rounds after a $WARMUP warm-up per target."
  echo
  echo "| measurement | result | target |"
  echo "|---|---|---|"
  echo "| bare Kestrel, 200 with no work | ${MEDIAN[bare]} req/s | (ceiling) |"
  echo "| **service check** (co-hosted silo, PostgreSQL) | **${MEDIAN[service]} req/s**, non-2xx ${NON2XX[service]} | zero non-2xx |"
  echo "| baseline: PostgreSQL lookup per request | ${MEDIAN[lookup]} req/s, non-2xx ${NON2XX[lookup]} | |"
  echo "| baseline: lookup + UPDATE last_used per request | ${MEDIAN[update]} req/s, non-2xx ${NON2XX[update]} | |"
  echo "| service / bare Kestrel | $(ratio "${MEDIAN[service]}" "${MEDIAN[bare]}") × | ≥ 0.8 × |"
  echo "| service / lookup | $(ratio "${MEDIAN[service]}" "${MEDIAN[lookup]}") × | ≥ 5 × |"
  echo "| service / lookup + UPDATE | $(ratio "${MEDIAN[service]}" "${MEDIAN[update]}") × | ≥ 30 × |"
  echo "| storage writes of token grains during the service runs (${service_seconds} s) | $writes | ≤ $write_bound (tokens × duration / $interval_seconds s) |"
  echo "| token creation through the API, PostgreSQL, concurrency 16 | $creation tokens/s | (reported) |"
  grep '^RESULT' "$WORK/inproc.log" | sed -E 's/^RESULT \| (.*) \| (.*) \| (.*)$/| \1, \2 | \3 | |/'
} | tee "$WORK/results.md"
