#!/usr/bin/env bash
# The HTTP benchmark: the token check of the co-hosted service on PostgreSQL against a bare Kestrel
# endpoint, the usual PostgreSQL lookup (with and without an UPDATE of last use), a stateless HS256 JWT,
# one Redis GET per request and a dictionary in the process (the floor of a check that holds state), same
# run, same 10,000 tokens (and the service's check of 10,000 more, each with a rate limit and a quota, in the
# same rounds), wrk -t2 -c64 -d15s on loopback, three rounds, with the machine's CPU time per
# request beside each rate (busy time of /proc/stat less wrk's own, over the requests wrk completed: the
# service, PostgreSQL, Redis and the kernel, and whatever else the machine runs meanwhile). Then what
# floods cost: made-up tokens (well-formed, unsigned ids) against the check (rate, CPU, store reads per
# request, and the real check's p99 beside such a flood), wrong Basic passwords sprayed from 1,000
# loopback addresses beside the real check, and made-up tokens against an admin endpoint (store writes of
# the audit trail per refusal). Then the in-process figures, three silos under load, a rolling restart of
# them under load, and graceful stops with 100,000 active tokens. Prints a Markdown table and saves it to
# artifacts/bench/results.md. Takes about 42 minutes.
#
#   scripts/bench.sh                 full run
#   ROUNDS=1 DURATION=5s scripts/bench.sh   a quicker look
#   QUICK=1 scripts/bench.sh         every row, tiny (about 6 minutes): checks the script, not the figures
# Other knobs: TOKENS, FLUSH, FORGED (made-up tokens, 10000), SPRAY_ADDRESSES (1000), ROLL_DURATION (25s),
# STOP_TOKENS, INPROC_ARGS, PG_PORT, REDIS_PORT.
set -euo pipefail
cd "$(dirname "$0")/.."

# QUICK=1 only changes the defaults: each knob below can still be given.
if [ -n "${QUICK:-}" ]; then
  : "${ROUNDS:=1}" "${DURATION:=3s}" "${WARMUP:=1s}" "${TOKENS:=500}" "${STOP_TOKENS:=2000}" "${FLUSH:=00:00:05}"
  : "${ROLL_DURATION:=10s}"
  : "${INPROC_ARGS:=--hot-tokens 1000 --seconds 1 --latency-checks 5000 --cold-checks 200 --memory-tokens 2000 --memory-settle 0}"
fi
ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-15s}
WARMUP=${WARMUP:-5s}
TOKENS=${TOKENS:-10000}
FLUSH=${FLUSH:-00:00:30}
FORGED=${FORGED:-10000}
SPRAY_ADDRESSES=${SPRAY_ADDRESSES:-1000}
ROLL_DURATION=${ROLL_DURATION:-25s}
WORK=$(pwd)/artifacts/bench
PG_PORT=${PG_PORT:-55440}
REDIS_PORT=${REDIS_PORT:-56390}

if ! command -v wrk >/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
fi
if ! command -v redis-server >/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null
fi
# shellcheck source=scripts/lib/postgres.sh
. scripts/lib/postgres.sh

serve_pid=
redis_pid=
stop() {
  trap - INT TERM EXIT
  [ -n "$serve_pid" ] && kill -TERM "$serve_pid" 2>/dev/null && wait "$serve_pid" 2>/dev/null || true
  [ -n "$redis_pid" ] && kill -TERM "$redis_pid" 2>/dev/null && wait "$redis_pid" 2>/dev/null || true
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
# Nothing kept on disk: the baseline is Redis as a cache in memory, the way it is fastest.
redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --save '' --appendonly no --daemonize no >"$WORK/redis.log" 2>&1 &
redis_pid=$!
until redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null | grep -q PONG; do
  kill -0 "$redis_pid" 2>/dev/null || { cat "$WORK/redis.log"; exit 1; }
  sleep 0.2
done

echo "Starting the service and the baselines, creating $TOKENS tokens through the API..."
dotnet "$WORK/bin/AccessTokens.Benchmarks.dll" serve --postgres "$CS" --tokens "$TOKENS" \
  --tokens-file "$WORK/tokens.txt" --flush "$FLUSH" --redis "127.0.0.1:$REDIS_PORT" \
  --jwt-file "$WORK/jwt.txt" --forged-file "$WORK/forged.txt" --forged "$FORGED" --limited-file "$WORK/limited.txt" >"$WORK/serve.log" 2>&1 &
serve_pid=$!
until grep -q READY "$WORK/serve.log"; do
  kill -0 "$serve_pid" 2>/dev/null || { cat "$WORK/serve.log"; exit 1; }
  sleep 1
done
creation=$(grep CREATED "$WORK/serve.log" | sed -E 's/.*: ([0-9]+) tokens\/s/\1/')

CHECK_PATH="/api/v1/auth/check?resource=requests"
declare -A URL=([bare]=http://127.0.0.1:5101/ [service]=http://127.0.0.1:5100$CHECK_PATH [limited]=http://127.0.0.1:5100$CHECK_PATH
  [lookup]=http://127.0.0.1:5102$CHECK_PATH [update]=http://127.0.0.1:5103$CHECK_PATH
  [jwt]=http://127.0.0.1:5104$CHECK_PATH [redis]=http://127.0.0.1:5105$CHECK_PATH [memory]=http://127.0.0.1:5106$CHECK_PATH)
TARGETS=(bare service limited lookup update jwt redis memory)
# What each target's requests present (rotate.lua reads TOKENS_FILE): the tokens' values, for jwt one JWT per token,
# for limited the values of the tokens with a rate limit and a quota.
declare -A FILE=([jwt]="$WORK/jwt.txt" [limited]="$WORK/limited.txt")
export TOKENS_FILE="$WORK/tokens.txt"
token_writes() { psql_bench "SELECT COALESCE(SUM(version), 0) FROM orleansstorage WHERE graintypestring = 'token'"; }
interval_seconds=$(echo "$FLUSH" | awk -F: '{print $1 * 3600 + $2 * 60 + $3}')
seconds=${DURATION%s}

# CPU per request and the figures of a wrk run (measured, busy_ticks, load_ticks, cpu_us, …).
# shellcheck source=scripts/lib/wrk.sh
. scripts/lib/wrk.sh

# A service round leaves one write of the date of last use per token, made one flush interval after the
# token's first use in the round. Landing in a baseline's round, those writes would take PostgreSQL's and
# the cores' time from that baseline, so each service round is followed by waiting for all of them (every
# round checks every token, and starts with none of them waiting to be written). The later rows that check
# real tokens wait the same way, for as many tokens as they checked.
await_last_use() { # writes-before tokens-checked
  local deadline=$(( $(date +%s) + 4 * interval_seconds ))
  until [ "$(token_writes)" -ge $(( $1 + $2 )) ]; do
    [ "$(date +%s)" -lt "$deadline" ] || { echo "the service's last-use writes did not finish" >&2; return 1; }
    sleep 1
  done
}
checked() { # requests → tokens checked (each checks the next token in turn)
  echo $(( $1 < TOKENS ? $1 : TOKENS ))
}

run_target() { # target seconds → "rps non2xx cpu"
  [ "$1" = service ] || [ "$1" = limited ] || { run_wrk "$1" "$2"; return; }
  local before
  before=$(token_writes)
  run_wrk "$1" "$2"
  await_last_use "$before" "$TOKENS"
}

run_wrk() { # target seconds → "rps non2xx cpu"
  local log="$WORK/wrk-$1.last"
  measured "$log" env TOKENS_FILE="${FILE[$1]:-$WORK/tokens.txt}" wrk -t2 -c64 -d"$2" --latency -s scripts/bench/rotate.lua "${URL[$1]}"
  cat "$log" >>"$WORK/wrk-$1.log"
}

echo "Warming up..."
for target in "${TARGETS[@]}"; do run_target "$target" "$WARMUP" >/dev/null; done
writes_before=$(token_writes)
window_start=$(date +%s)
service_seconds=0
declare -A RESULTS NON2XX CPU
for round in $(seq 1 "$ROUNDS"); do
  for target in "${TARGETS[@]}"; do
    result=$(run_target "$target" "$DURATION")
    read -r rps non2xx cpu <<<"$result"
    RESULTS[$target]+="$rps "
    CPU[$target]+="$cpu "
    NON2XX[$target]=$(( ${NON2XX[$target]:-0} + non2xx ))
    [ "$target" = service ] || [ "$target" = limited ] && service_seconds=$(( service_seconds + seconds ))
    echo "round $round: $target $rps requests/s, non-2xx $non2xx, $cpu µs CPU/request"
  done
done
writes_after=$(token_writes)
window=$(( $(date +%s) - window_start ))

echo "Basic login/password on the same check endpoint..."
# The same request with 'Authorization: Basic' instead of a bearer token: every request verifies the
# password (PBKDF2 by ASP.NET Core Identity's hasher) in the user's grain.
read -r basic_rps basic_non2xx basic_cpu <<<"$(measured "$WORK/wrk-basic.log" wrk -t2 -c64 -d"$DURATION" --latency \
  -H "Authorization: Basic $(printf 'bench-basic:bench-basic-password' | base64)" "${URL[service]}")"
basic_p50=$(awk '/^ +50%/ {print $2}' "$WORK/wrk-basic.log")
# Beyond its few hashing threads the service answers 503 at once: the rate of verified passwords is the 2xx one.
basic_2xx=$(awk -v non2xx="$basic_non2xx" '/requests in/ {sub(/s,$/, "", $4); printf "%.0f", ($1 - non2xx) / $4}' "$WORK/wrk-basic.log")

median() { tr ' ' '\n' | awk 'NF' | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }
to_ms() { awk '{v = $1; u = v; sub(/[0-9.]+/, "", u); sub(/[a-z]+$/, "", v); m = (u == "us") ? v / 1000 : (u == "s") ? v * 1000 : v; printf "%.1f", m}'; }

echo "Made-up tokens against the check endpoint..."
# Reads of the Orleans storage table (index and sequential scans, as PostgreSQL counts them) during the flood: made-up
# ids must be refused before any grain, so none. PostgreSQL 15 flushes a backend's counts at most once a second, and an
# idle one's within 10 s: each count is taken once it has not moved for 11 s in a row (at most 90 s of waiting).
store_reads() { psql_bench "SELECT COALESCE(SUM(COALESCE(idx_scan, 0) + COALESCE(seq_scan, 0)), 0) FROM pg_stat_user_tables WHERE relname = 'orleansstorage'"; }
settled_store_reads() {
  local last current still=0 deadline=$(( $(date +%s) + 90 ))
  last=$(store_reads)
  while [ "$still" -lt 11 ] && [ "$(date +%s)" -lt "$deadline" ]; do
    sleep 1
    current=$(store_reads)
    if [ "$current" = "$last" ]; then still=$(( still + 1 )); else still=0; last=$current; fi
  done
  echo "$(date +%T) $last" >>"$WORK/store-reads.log"
  echo "$last"
}
TOKENS_FILE="$WORK/forged.txt" wrk -t2 -c64 -d"$WARMUP" -s scripts/bench/rotate.lua "${URL[service]}" >"$WORK/wrk-forged-warmup.log"
reads_before=$(settled_store_reads)
forged_rps= forged_cpu= forged_non2xx=0 forged_requests=0
for round in $(seq 1 "$ROUNDS"); do
  read -r rps non2xx cpu <<<"$(measured "$WORK/wrk-forged.last" env TOKENS_FILE="$WORK/forged.txt" \
    wrk -t2 -c64 -d"$DURATION" --latency -s scripts/bench/rotate.lua "${URL[service]}")"
  cat "$WORK/wrk-forged.last" >>"$WORK/wrk-forged.log"
  forged_rps+="$rps " forged_cpu+="$cpu "
  forged_non2xx=$(( forged_non2xx + non2xx ))
  forged_requests=$(( forged_requests + $(requests_of "$WORK/wrk-forged.last") ))
  echo "round $round: forged $rps requests/s, non-2xx $non2xx, $cpu µs CPU/request"
done
reads_after=$(settled_store_reads)
forged_reads=$(( reads_after - reads_before ))

echo "The real check beside a flood of made-up tokens..."
before=$(token_writes)
read -r quiet16_rps _ quiet16_cpu <<<"$(measured "$WORK/wrk-real16-quiet.log" env TOKENS_FILE="$WORK/tokens.txt" \
  wrk -t1 -c16 -d"$DURATION" --latency -s scripts/bench/rotate.lua "${URL[service]}")"
await_last_use "$before" "$(checked "$(requests_of "$WORK/wrk-real16-quiet.log")")" || true
before=$(token_writes)
busy_start=$(busy_ticks)
# The flood starts first and ends after: the real check runs beside it throughout.
load_ticks "$WORK/wrk-flood48.log" env TOKENS_FILE="$WORK/forged.txt" \
  wrk -t1 -c48 -d"$(( seconds + 2 ))s" -s scripts/bench/rotate.lua "${URL[service]}" >"$WORK/flood48.ticks" &
flood_pid=$!
sleep 1
real_ticks=$(load_ticks "$WORK/wrk-real16-flood.log" env TOKENS_FILE="$WORK/tokens.txt" \
  wrk -t1 -c16 -d"$DURATION" --latency -s scripts/bench/rotate.lua "${URL[service]}")
wait "$flood_pid"
flood_busy=$(( $(busy_ticks) - busy_start ))
flood16_rps=$(rps_of "$WORK/wrk-real16-flood.log")
flood16_non2xx=$(non2xx_of "$WORK/wrk-real16-flood.log")
flood48_rps=$(rps_of "$WORK/wrk-flood48.log")
flood_cpu=$(cpu_us "$flood_busy" $(( real_ticks + $(cat "$WORK/flood48.ticks") )) \
  $(( $(requests_of "$WORK/wrk-real16-flood.log") + $(requests_of "$WORK/wrk-flood48.log") )))
await_last_use "$before" "$(checked "$(requests_of "$WORK/wrk-real16-flood.log")")" || true
quiet16_p99=$(p99_of "$WORK/wrk-real16-quiet.log" | to_ms)
flood16_p99=$(p99_of "$WORK/wrk-real16-flood.log" | to_ms)

echo "The real check beside wrong Basic passwords from $SPRAY_ADDRESSES addresses..."
before=$(token_writes)
read -r quiet64_rps _ quiet64_cpu <<<"$(measured "$WORK/wrk-spray-quiet.log" env TOKENS_FILE="$WORK/tokens.txt" \
  wrk -t2 -c64 -d"$DURATION" --latency -s scripts/bench/rotate.lua "${URL[service]}")"
await_last_use "$before" "$(checked "$(requests_of "$WORK/wrk-spray-quiet.log")")" || true
before=$(token_writes)
busy_start=$(busy_ticks)
# The spray starts first (its process takes a second or two to start) and ends after the real check.
load_ticks "$WORK/spray.log" dotnet "$WORK/bin/AccessTokens.Benchmarks.dll" spray --url "${URL[service]}" \
  --addresses "$SPRAY_ADDRESSES" --concurrency 12 --duration "$(( seconds + 5 ))s" >"$WORK/spray.ticks" &
spray_pid=$!
sleep 3
real_ticks=$(load_ticks "$WORK/wrk-spray-real.log" env TOKENS_FILE="$WORK/tokens.txt" \
  wrk -t2 -c64 -d"$DURATION" --latency -s scripts/bench/rotate.lua "${URL[service]}")
wait "$spray_pid"
spray_busy=$(( $(busy_ticks) - busy_start ))
spray_real_rps=$(rps_of "$WORK/wrk-spray-real.log")
spray_real_non2xx=$(non2xx_of "$WORK/wrk-spray-real.log")
spray_line=$(grep '^SPRAY' "$WORK/spray.log" || { cat "$WORK/spray.log" >&2; echo "SPRAY 0 requests (failed: see spray.log)"; })
spray_sent=$(echo "$spray_line" | awk '{print $2}')
spray_rate=$(echo "$spray_line" | sed -nE 's/.*: ([0-9]+) req\/s.*/\1/p')
spray_mix=$(echo "$spray_line" | sed -nE 's/.*req\/s; (.*)$/\1/p')
# The spray's own process shares the two cores too: how much of them it took while it ran.
spray_cores=$(echo "$spray_line" | awk -v t="$(cat "$WORK/spray.ticks")" -v hz="$CLK_TCK" '{printf "%.2f", ($5 > 0 ? t / hz / $5 : 0)}')
spray_cpu=$(cpu_us "$spray_busy" $(( real_ticks + $(cat "$WORK/spray.ticks") )) \
  $(( $(requests_of "$WORK/wrk-spray-real.log") + ${spray_sent:-0} )))
await_last_use "$before" "$(checked "$(requests_of "$WORK/wrk-spray-real.log")")" || true

echo "Made-up tokens against an admin endpoint..."
# Last in the serve phase: the flood comes from 127.0.0.1 and locks it out of the admin endpoints for minutes. Its
# refusals are summed up once a minute in a few audit entries; those are written by the process's next minute or its
# graceful stop, both of which come before the count is read (after the in-process step).
psql_bench "SELECT DISTINCT graintypestring FROM orleansstorage ORDER BY 1" >"$WORK/grain-types.txt"
audit_writes() { psql_bench "SELECT COALESCE(SUM(version), 0) FROM orleansstorage WHERE graintypestring LIKE 'audit%'"; }
audit_before=$(audit_writes)
read -r admin_rps _ admin_cpu <<<"$(measured "$WORK/wrk-admin.log" env TOKENS_FILE="$WORK/forged.txt" WRK_PATH=/api/v1/users WRK_STATUS=1 \
  wrk -t2 -c64 -d"$DURATION" --latency -s scripts/bench/rotate.lua http://127.0.0.1:5100/api/v1/users)"
admin_end=$(date +%s)
admin_statuses=$(sed -n 's/^STATUS //p' "$WORK/wrk-admin.log")
admin_refusals=$(echo "$admin_statuses" | tr ' ' '\n' | awk -F= '$1 == 401 || $1 == 429 {n += $2} END {print n + 0}')

declare -A MEDIAN MEDIAN_CPU
for target in "${TARGETS[@]}"; do
  MEDIAN[$target]=$(echo "${RESULTS[$target]}" | median)
  MEDIAN_CPU[$target]=$(echo "${CPU[$target]}" | median)
done
writes=$(( writes_after - writes_before ))
# Every write in the window comes from the service runs' checks (nothing else touches the tokens), and
# a token is written at most once per interval of wall-clock time.
write_bound=$(( 2 * TOKENS * window / interval_seconds ))

echo "In-process measurements..."
# shellcheck disable=SC2086
dotnet "$WORK/bin/AccessTokens.Benchmarks.dll" inproc --postgres "$CS" --memory true ${INPROC_ARGS:-} >"$WORK/inproc.log" 2>&1
echo "Three silos behind the load..."
# The refusals of the admin flood are written once a minute (the in-process step takes longer than that in a full run)
# and the rest by the serve process's graceful stop: the audit count is read after both.
sleep $(( admin_end + 65 - $(date +%s) > 0 ? admin_end + 65 - $(date +%s) : 0 ))
kill -TERM "$serve_pid" 2>/dev/null && wait "$serve_pid" 2>/dev/null || true
serve_pid=
audit_per_refusal=$(awk -v w=$(( $(audit_writes) - audit_before )) -v n="$admin_refusals" 'BEGIN {printf "%s writes / %d refusals = %.5f", w, n, (n > 0 ? w / n : 0)}')
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
busy_start=$(busy_ticks)
for i in 1 2 3; do
  load_ticks "$WORK/wrk-cluster$i.log" wrk -t1 -c21 -d"$DURATION" -s scripts/bench/rotate.lua \
    "http://127.0.0.1:511$i/api/v1/auth/check?resource=requests" >"$WORK/wrk-cluster$i.ticks" &
done
wait -n; wait -n; wait -n
cluster_busy=$(( $(busy_ticks) - busy_start ))
cluster_cpu=$(cpu_us "$cluster_busy" "$(cat "$WORK"/wrk-cluster?.ticks | awk '{n += $1} END {print n}')" \
  "$(for i in 1 2 3; do requests_of "$WORK/wrk-cluster$i.log"; done | awk '{n += $1} END {print n}')")
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
roll_max=0; roll_p99=0; roll_non2xx=0; roll_errors=0; roll_stops=
for i in 1 2 3; do
  for j in 1 2 3; do
    [ "$j" = "$i" ] && continue
    wrk -t1 -c8 -d"$ROLL_DURATION" --latency -s scripts/bench/rotate.lua "http://127.0.0.1:511$j/api/v1/auth/check?resource=requests" >"$WORK/wrk-roll$i-$j.log" &
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
    max=$(awk '$1 == "Latency" && NF > 2 {print $4}' "$log" | to_ms); p99=$(awk '/^ +99%/ {print $2}' "$log" | to_ms)
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

above() { awk -v t="${MEDIAN_CPU[$1]}" -v b="${MEDIAN_CPU[bare]}" 'BEGIN {print t - b}'; }
cpu=$(lscpu | awk -F: '/Model name/ {gsub(/^ +/, "", $2); print $2}')

{
  echo "Machine: $(nproc) cores ($cpu), $(free -g | awk '/Mem/ {print $2}') GiB; load generator (wrk) and service share the cores."
  echo "HTTP: wrk -t2 -c64 -d$DURATION, $TOKENS tokens rotating, median of $ROUNDS rounds after a $WARMUP warm-up per target."
  echo "CPU µs/req: the machine's busy time (/proc/stat) less wrk's own, over the requests completed (median of the rounds where there are rounds)."
  echo
  echo "| measurement | result | target |"
  echo "|---|---|---|"
  echo "| bare Kestrel, 200 with no work | ${MEDIAN[bare]} req/s, ${MEDIAN_CPU[bare]} CPU µs/req | (ceiling) |"
  echo "| **service check** (co-hosted silo, PostgreSQL) | **${MEDIAN[service]} req/s**, non-2xx ${NON2XX[service]}, ${MEDIAN_CPU[service]} CPU µs/req | zero non-2xx |"
  echo "| service check of tokens with a rate limit and a quota (the same endpoint, $TOKENS more tokens, in the same rounds) | ${MEDIAN[limited]} req/s, non-2xx ${NON2XX[limited]}, ${MEDIAN_CPU[limited]} CPU µs/req | ≥ 0.9 × the plain check: $(ratio "${MEDIAN[limited]}" "${MEDIAN[service]}") × |"
  echo "| baseline: PostgreSQL lookup per request | ${MEDIAN[lookup]} req/s, non-2xx ${NON2XX[lookup]}, ${MEDIAN_CPU[lookup]} CPU µs/req | |"
  echo "| baseline: lookup + UPDATE last_used per request | ${MEDIAN[update]} req/s, non-2xx ${NON2XX[update]}, ${MEDIAN_CPU[update]} CPU µs/req | |"
  echo "| baseline: stateless HS256 JWT (JsonWebTokenHandler; no revocation, no last use) | ${MEDIAN[jwt]} req/s, non-2xx ${NON2XX[jwt]}, ${MEDIAN_CPU[jwt]} CPU µs/req | (reported): service $(ratio "${MEDIAN[service]}" "${MEDIAN[jwt]}") × |"
  echo "| baseline: one Redis GET per request (in memory, no last use) | ${MEDIAN[redis]} req/s, non-2xx ${NON2XX[redis]}, ${MEDIAN_CPU[redis]} CPU µs/req | (reported): service $(ratio "${MEDIAN[service]}" "${MEDIAN[redis]}") × |"
  echo "| baseline: a dictionary in the process (the floor of a check that holds state: no store, no cluster, no last use) | ${MEDIAN[memory]} req/s, non-2xx ${NON2XX[memory]}, ${MEDIAN_CPU[memory]} CPU µs/req | (reported) |"
  echo "| CPU µs/req above the bare endpoint: service check / JWT / Redis / in-process dictionary | $(above service) / $(above jwt) / $(above redis) / $(above memory): the check adds $(ratio "$(above service)" "$(above jwt)") of what JWT validation adds, $(ratio "$(above service)" "$(above redis)") of the Redis lookup's; check in all $(ratio "${MEDIAN_CPU[service]}" "${MEDIAN_CPU[bare]}") × bare, the dictionary $(ratio "${MEDIAN_CPU[memory]}" "${MEDIAN_CPU[bare]}") × | ≤ 0.5, ≤ 0.33, ≤ 1.2 × |"
  echo "| Basic login/password on the same endpoint (one round) | $basic_rps req/s, non-2xx ${basic_non2xx:-0} (2xx $basic_2xx req/s), p50 $basic_p50, $basic_cpu CPU µs/req | (reported): $(ratio "${MEDIAN[service]}" "${basic_rps:-1}") × slower than bearer |"
  echo "| service / bare Kestrel | $(ratio "${MEDIAN[service]}" "${MEDIAN[bare]}") × | ≥ 0.8 × |"
  echo "| service / lookup | $(ratio "${MEDIAN[service]}" "${MEDIAN[lookup]}") × | ≥ 5 × |"
  echo "| service / lookup + UPDATE | $(ratio "${MEDIAN[service]}" "${MEDIAN[update]}") × | ≥ 30 × |"
  echo "| storage writes of token grains, from the first service run to the end of the last ($window s, $service_seconds s of it under load) | $writes | ≤ $write_bound (2 × tokens × $window s / $interval_seconds s) |"
  echo "| token creation through the API, PostgreSQL, concurrency 16 | $creation tokens/s | (reported) |"
  echo "| made-up tokens (well-formed, unsigned ids) against the check, wrk -t2 -c64 | $(echo "$forged_rps" | median) req/s, non-2xx $forged_non2xx of $forged_requests, $(echo "$forged_cpu" | median) CPU µs/req | all refused; CPU ≤ the real check's (${MEDIAN_CPU[service]}) |"
  echo "| store reads per made-up token (orleansstorage index + sequential scans during the flood) | $(awk -v r="$forged_reads" -v n="$forged_requests" 'BEGIN {printf "%.4f (%d reads over %d requests)", (n > 0 ? r / n : 0), r, n}') | 0 |"
  echo "| real check p99, wrk -t1 -c16, alone → beside made-up tokens at wrk -t1 -c48 | p99 $quiet16_p99 ms → $flood16_p99 ms; $quiet16_rps → $flood16_rps req/s (non-2xx $flood16_non2xx; flood $flood48_rps req/s); CPU $quiet16_cpu → $flood_cpu µs/req (both loads) | (reported) |"
  echo "| real check beside wrong Basic passwords from $SPRAY_ADDRESSES addresses (spray at concurrency 12), wrk -t2 -c64 | $quiet64_rps → $spray_real_rps req/s (non-2xx $spray_real_non2xx): $(ratio "$spray_real_rps" "$quiet64_rps") ×; spray ${spray_rate:-0} req/s ($spray_mix; the spray process itself used $spray_cores cores); CPU $quiet64_cpu → $spray_cpu µs/req (both loads) | ≥ 0.80 × |"
  echo "| made-up tokens against GET /api/v1/users, wrk -t2 -c64 | $admin_rps req/s ($admin_statuses), $admin_cpu CPU µs/req; audit store writes per refusal (401 + 429): $audit_per_refusal | ≪ 1 |"
  grep '^RESULT' "$WORK/inproc.log" | sed -E 's/^RESULT \| (.*) \| (.*) \| (.*)$/| \1, \2 | \3 | |/'
  echo "| three silos on PostgreSQL, wrk -t1 -c21 against each API at once | $cluster_rps req/s, non-2xx $cluster_non2xx, $cluster_cpu CPU µs/req; grains per silo $spread; $crossed of checks crossed silos | (reported) |"
  echo "| rolling restart of the three silos in turn, wrk -t1 -c8 against the two others | max latency $roll_max ms, worst p99 $roll_p99 ms, non-2xx $roll_non2xx, socket errors $roll_errors; stops took ${roll_stops%, } | max ≤ 1000 ms, no failure |"
  grep '^RESULT | graceful stop' "$WORK/stop.log" | sed -E 's/^RESULT \| (.*) \| (.*) \| (.*)$/| \1, \2 | \3 | ≤ 10 s |/'
  grep '^RESULT | dates' "$WORK/stop.log" | sed -E 's/^RESULT \| (.*) \| (.*) \| (.*)$/| \1, \2 | \3 | (reported) |/'
} | tee "$WORK/results.md"
