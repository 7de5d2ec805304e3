#!/usr/bin/env bash
# The HTTP benchmark: the token check of the co-hosted service on PostgreSQL against a bare Kestrel
# endpoint and the usual PostgreSQL lookup (with and without an UPDATE of last use), same run, same
# 10,000 tokens, wrk -t2 -c64 -d15s on loopback, three rounds; then the in-process figures, three silos under load, a
# rolling restart of them under load, and graceful stops with 100,000 active tokens. Prints a Markdown table and saves it
# to artifacts/bench/results.md. Takes about 35 minutes.
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

if ! command -v wrk >/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
fi
# shellcheck source=scripts/lib/postgres.sh
. scripts/lib/postgres.sh

serve_pid=
stop() {
  trap - INT TERM EXIT
  [ -n "$serve_pid" ] && kill -TERM "$serve_pid" 2>/dev/null && wait "$serve_pid" 2>/dev/null || true
  pg_stop "$WORK/pg"
}

rm -rf "$WORK" && mkdir -p "$WORK"
echo "Building (Release)..."
dotnet build tests/AccessTokens.Benchmarks -c Release -o "$WORK/bin" -v quiet -nologo >/dev/null
pg_start "$WORK/pg" "$PG_PORT" -c max_connections=300 -c shared_buffers=256MB
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
interval_seconds=$(echo "$FLUSH" | awk -F: '{print $1 * 3600 + $2 * 60 + $3}')

# A service round leaves one write of the date of last use per token, made one flush interval after the
# token's first use in the round. Landing in a baseline's round, those writes would take PostgreSQL's and
# the cores' time from that baseline, so each service round is followed by waiting for all of them (every
# round checks every token, and starts with none of them waiting to be written).
run_target() { # target seconds → "rps non2xx"
  [ "$1" = service ] || { run_wrk "$1" "$2"; return; }
  local before
  before=$(token_writes)
  run_wrk "$1" "$2"
  local deadline=$(( $(date +%s) + 4 * interval_seconds ))
  until [ "$(token_writes)" -ge $(( before + TOKENS )) ]; do
    [ "$(date +%s)" -lt "$deadline" ] || { echo "the service's last-use writes did not finish" >&2; return 1; }
    sleep 1
  done
}

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
for target in "${TARGETS[@]}"; do run_target "$target" "$WARMUP" >/dev/null; done
writes_before=$(token_writes)
window_start=$(date +%s)
service_seconds=0
declare -A RESULTS NON2XX
for round in $(seq 1 "$ROUNDS"); do
  for target in "${TARGETS[@]}"; do
    result=$(run_target "$target" "$DURATION")
    read -r rps non2xx <<<"$result"
    RESULTS[$target]+="$rps "
    NON2XX[$target]=$(( ${NON2XX[$target]:-0} + non2xx ))
    [ "$target" = service ] && service_seconds=$(( service_seconds + ${DURATION%s} ))
    echo "round $round: $target $rps requests/s, non-2xx $non2xx"
  done
done
writes_after=$(token_writes)
window=$(( $(date +%s) - window_start ))

echo "Basic login/password on the same check endpoint..."
# The same request with 'Authorization: Basic' instead of a bearer token: every request verifies the
# password (PBKDF2 by ASP.NET Core Identity's hasher) in the user's grain.
basic_out=$(wrk -t2 -c64 -d"$DURATION" --latency -H "Authorization: Basic $(printf 'bench-basic:bench-basic-password' | base64)" "${URL[service]}")
echo "$basic_out" >"$WORK/wrk-basic.log"
basic_rps=$(echo "$basic_out" | awk '/Requests\/sec/ {print $2}')
basic_non2xx=$(echo "$basic_out" | awk '/Non-2xx/ {print $5}')
basic_p50=$(echo "$basic_out" | awk '/^ +50%/ {print $2}')

median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
declare -A MEDIAN
for target in "${TARGETS[@]}"; do MEDIAN[$target]=$(echo "${RESULTS[$target]}" | median); done
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }
writes=$(( writes_after - writes_before ))
# Every write in the window comes from the service runs' checks (nothing else touches the tokens), and
# a token is written at most once per interval of wall-clock time.
write_bound=$(( TOKENS * window / interval_seconds ))

echo "In-process measurements..."
# shellcheck disable=SC2086
dotnet "$WORK/bin/AccessTokens.Benchmarks.dll" inproc --postgres "$CS" --memory true ${INPROC_ARGS:-} >"$WORK/inproc.log" 2>&1
echo "Three silos behind the load..."
kill -TERM "$serve_pid" 2>/dev/null && wait "$serve_pid" 2>/dev/null || true
serve_pid=
psql -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -c 'CREATE DATABASE cluster' >/dev/null
CLUSTER_CS="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=cluster;Maximum Pool Size=64"
silo_pids=()
start_silo() { # i → the silo's pid in silo_pids[i-1]
  Storage__Provider=PostgreSql Storage__ConnectionString="$CLUSTER_CS" Cluster__Provider=AdoNet Cluster__ClusterId=bench \
  Cluster__SiloPort=$((11130 + $1)) Cluster__GatewayPort=$((30020 + $1)) Bootstrap__AdminPassword=benchmark-admin-password \
  AccessTokens__LastUseFlushInterval="$FLUSH" Logging__LogLevel__Default=Warning \
    dotnet "$WORK/bin/AccessTokens.Silo.dll" --urls "http://127.0.0.1:511$1" >>"$WORK/silo$1.log" 2>&1 &
  silo_pids[$1 - 1]=$!
}
wait_ready() { until curl -sf "http://127.0.0.1:511$1/health/ready" >/dev/null 2>&1; do sleep 0.5; done; }
for i in 1 2 3; do start_silo "$i"; done
for i in 1 2 3; do wait_ready "$i"; done
dotnet "$WORK/bin/AccessTokens.Benchmarks.dll" cluster-setup --api http://127.0.0.1:5111 --tokens "$TOKENS" \
  --tokens-file "$WORK/cluster-tokens.txt" >"$WORK/cluster-setup.log" 2>&1
export TOKENS_FILE="$WORK/cluster-tokens.txt"
for i in 1 2 3; do wrk -t1 -c21 -d"$WARMUP" -s scripts/bench/rotate.lua "http://127.0.0.1:511$i/api/v1/auth/check?resource=requests" >/dev/null & done
wait -n; wait -n; wait -n
for i in 1 2 3; do
  wrk -t1 -c21 -d"$DURATION" -s scripts/bench/rotate.lua "http://127.0.0.1:511$i/api/v1/auth/check?resource=requests" >"$WORK/wrk-cluster$i.log" &
done
wait -n; wait -n; wait -n
cluster_rps=0; cluster_non2xx=0; requests=
for i in 1 2 3; do
  rps=$(awk '/Requests\/sec/ {print $2}' "$WORK/wrk-cluster$i.log")
  count=$(awk '/requests in/ {print $1}' "$WORK/wrk-cluster$i.log")
  non2xx=$(awk '/Non-2xx/ {print $5}' "$WORK/wrk-cluster$i.log")
  cluster_rps=$(awk -v a="$cluster_rps" -v b="$rps" 'BEGIN {printf "%.0f", a + b}')
  cluster_non2xx=$(( cluster_non2xx + ${non2xx:-0} ))
  requests+="$((11130 + i))=$count,"
done
dotnet "$WORK/bin/AccessTokens.Benchmarks.dll" cluster-report --postgres "$CLUSTER_CS" --cluster-id bench \
  --tokens-file "$WORK/cluster-tokens.txt" --requests "$requests" >"$WORK/cluster-report.log" 2>&1
crossed=$(sed -nE 's/^CROSSED (.*)/\1/p' "$WORK/cluster-report.log")
spread=$(grep '^SILO' "$WORK/cluster-report.log" | sed -E 's/SILO [0-9]+: [0-9]+ token grains \((.*)\)/\1/' | paste -sd/ -)

echo "Rolling restart under load..."
# Each silo in turn is stopped (SIGTERM) and started again while wrk checks through the two others, as a load balancer
# routes around the one restarting. wrk's latencies: 850.00us, 1.23ms, 2.50s.
to_ms() { awk '{v = $1; u = v; sub(/[0-9.]+/, "", u); sub(/[a-z]+$/, "", v); m = (u == "us") ? v / 1000 : (u == "s") ? v * 1000 : v; printf "%.1f", m}'; }
roll_max=0; roll_p99=0; roll_non2xx=0; roll_errors=0; roll_stops=
for i in 1 2 3; do
  for j in 1 2 3; do
    [ "$j" = "$i" ] && continue
    wrk -t1 -c8 -d25s --latency -s scripts/bench/rotate.lua "http://127.0.0.1:511$j/api/v1/auth/check?resource=requests" >"$WORK/wrk-roll$i-$j.log" &
  done
  sleep 3
  started=$(date +%s.%N)
  kill -TERM "${silo_pids[$i - 1]}"; wait "${silo_pids[$i - 1]}" 2>/dev/null || true
  roll_stops+="$(awk -v a="$started" -v b="$(date +%s.%N)" 'BEGIN {printf "%.1f", b - a}') s, "
  start_silo "$i"; wait_ready "$i"
  wait -n; wait -n
  for j in 1 2 3; do
    [ "$j" = "$i" ] && continue
    log="$WORK/wrk-roll$i-$j.log"
    max=$(awk '/^ +Latency/ {print $4}' "$log" | to_ms); p99=$(awk '/^ +99%/ {print $2}' "$log" | to_ms)
    roll_max=$(awk -v a="$roll_max" -v b="$max" 'BEGIN {print (b > a) ? b : a}')
    roll_p99=$(awk -v a="$roll_p99" -v b="$p99" 'BEGIN {print (b > a) ? b : a}')
    roll_non2xx=$(( roll_non2xx + $(awk '/Non-2xx/ {print $5}' "$log" | grep . || echo 0) ))
    roll_errors=$(( roll_errors + $(awk -F'[ ,]+' '/Socket errors/ {print $4 + $6 + $8 + $10}' "$log" | grep . || echo 0) ))
  done
done
for pid in "${silo_pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
for pid in "${silo_pids[@]}"; do wait "$pid" 2>/dev/null || true; done

echo "Graceful stops with 100,000 active tokens (about 10 minutes)..."
psql -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -c 'CREATE DATABASE stops' >/dev/null
dotnet "$WORK/bin/AccessTokens.Benchmarks.dll" stop --postgres "Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=stops;Maximum Pool Size=128" \
  --tokens "${STOP_TOKENS:-100000}" >"$WORK/stop.log" 2>&1

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
  echo "| Basic login/password on the same endpoint (one round) | $basic_rps req/s, non-2xx ${basic_non2xx:-0}, p50 $basic_p50 | (reported): $(ratio "${MEDIAN[service]}" "${basic_rps:-1}") × slower than bearer |"
  echo "| service / bare Kestrel | $(ratio "${MEDIAN[service]}" "${MEDIAN[bare]}") × | ≥ 0.8 × |"
  echo "| service / lookup | $(ratio "${MEDIAN[service]}" "${MEDIAN[lookup]}") × | ≥ 5 × |"
  echo "| service / lookup + UPDATE | $(ratio "${MEDIAN[service]}" "${MEDIAN[update]}") × | ≥ 30 × |"
  echo "| storage writes of token grains, from the first service run to the end of the last ($window s, $service_seconds s of it under load) | $writes | ≤ $write_bound (tokens × $window s / $interval_seconds s) |"
  echo "| token creation through the API, PostgreSQL, concurrency 16 | $creation tokens/s | (reported) |"
  grep '^RESULT' "$WORK/inproc.log" | sed -E 's/^RESULT \| (.*) \| (.*) \| (.*)$/| \1, \2 | \3 | |/'
  echo "| three silos on PostgreSQL, wrk -t1 -c21 against each API at once | $cluster_rps req/s, non-2xx $cluster_non2xx; grains per silo $spread; $crossed of checks crossed silos | (reported) |"
  echo "| rolling restart of the three silos in turn, wrk -t1 -c8 against the two others | max latency $roll_max ms, worst p99 $roll_p99 ms, non-2xx $roll_non2xx, socket errors $roll_errors; stops took ${roll_stops%, } | max ≤ 1000 ms, no failure |"
  grep '^RESULT | graceful stop' "$WORK/stop.log" | sed -E 's/^RESULT \| (.*) \| (.*) \| (.*)$/| \1, \2 | \3 | ≤ 10 s |/'
  grep '^RESULT | dates' "$WORK/stop.log" | sed -E 's/^RESULT \| (.*) \| (.*) \| (.*)$/| \1, \2 | \3 | (reported) |/'
} | tee "$WORK/results.md"
