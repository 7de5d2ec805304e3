#!/usr/bin/env bash
# Compares revisions of the service on the figures a change must not make worse: the HTTP check's rate and CPU per
# request, and in process the hot check's throughput and latency, the cold check's latency and the memory per active
# token grain. Each revision's benchmark harness is built from `git archive` of it (the working tree is left alone);
# the services of all revisions run at once, each on its own PostgreSQL database with its own 10,000 tokens, and
# are measured in turns (wrk -t2 -c64, the order rotating each round, each round followed by waiting for its
# last-use writes); then the in-process command of each revision runs on PostgreSQL (a fresh database each time,
# memory measured there, as scripts/bench.sh does) and SQLite, in turns. So every revision meets
# the same machine in the same minutes, which a comparison of separate runs on this shared VM cannot promise.
# Prints a Markdown table (every round, and the median) and saves it to artifacts/compare/results.md.
#
#   scripts/bench-compare.sh REV REV...              e.g. scripts/bench-compare.sh main~10 main
#   ROUNDS=1 DURATION=5s INPROC_ARGS='--memory-tokens 5000 --memory-settle 0' scripts/bench-compare.sh A B   a quick look
# Other knobs: WARMUP (5s), TOKENS (10000), INPROC_ROUNDS (1: each run already takes the median of three throughput
# rounds, and memory moves by a few bytes between runs), PG_PORT (55450), HTTP (0 leaves the HTTP rounds out).
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 2 ] || { echo "usage: scripts/bench-compare.sh REV REV..." >&2; exit 2; }

ROUNDS=${ROUNDS:-3}
INPROC_ROUNDS=${INPROC_ROUNDS:-1}
DURATION=${DURATION:-15s}
WARMUP=${WARMUP:-5s}
TOKENS=${TOKENS:-10000}
INPROC_ARGS=${INPROC_ARGS:-}
HTTP=${HTTP:-1}
PG_PORT=${PG_PORT:-55450}
WORK=$(pwd)/artifacts/compare
FLUSH_SECONDS=30

command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
# shellcheck source=scripts/lib/postgres.sh
. scripts/lib/postgres.sh
# shellcheck source=scripts/lib/wrk.sh
. scripts/lib/wrk.sh

REVS=()
for rev in "$@"; do REVS+=("$(git rev-parse --short "$rev^{commit}")"); done
COUNT=${#REVS[@]}

serve_pids=()
stop_services() {
  for pid in "${serve_pids[@]}"; do kill -TERM "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true; done
  serve_pids=()
}
stop() {
  trap - INT TERM EXIT
  stop_services
  pg_stop "$WORK/pg"
}

rm -rf "$WORK" && mkdir -p "$WORK"
for rev in "${REVS[@]}"; do
  echo "Building $rev (Release)..."
  mkdir -p "$WORK/$rev/src"
  git archive "$rev" | tar -x -C "$WORK/$rev/src"
  dotnet build "$WORK/$rev/src/tests/AccessTokens.Benchmarks" -c Release -o "$WORK/$rev/bin" -v quiet -nologo >/dev/null
done

pg_start "$WORK/pg" "$PG_PORT" -c max_connections=400 -c shared_buffers=256MB
trap stop INT TERM EXIT
psql_on() { psql -qtA -h 127.0.0.1 -p "$PG_PORT" -U postgres -d "$1" -c "$2"; }

declare -A RPS CPU BAD
if [ "$HTTP" = 1 ]; then
  # Each revision's service and baselines on ports of their own: 5200 + 10 × its place, silo and gateway likewise.
  port_of() { echo $(( 5200 + 10 * $1 )); }
  for i in "${!REVS[@]}"; do
    rev=${REVS[$i]}
    base=$(port_of "$i")
    psql_on postgres "CREATE DATABASE cmp_$i" >/dev/null
    echo "Starting the service of $rev, creating $TOKENS tokens..."
    dotnet "$WORK/$rev/bin/AccessTokens.Benchmarks.dll" serve \
      --postgres "Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=cmp_$i;Maximum Pool Size=64" \
      --tokens "$TOKENS" --tokens-file "$WORK/$rev/tokens.txt" --flush "00:00:$FLUSH_SECONDS" \
      --service-port "$base" --bare-port $((base + 1)) --lookup-port $((base + 2)) --update-port $((base + 3)) \
      --jwt-port $((base + 4)) --memory-port $((base + 6)) --silo-port $((11300 + i)) --gateway-port $((30300 + i)) \
      >"$WORK/$rev/serve.log" 2>&1 &
    serve_pids+=($!)
    until grep -q READY "$WORK/$rev/serve.log"; do
      kill -0 "${serve_pids[$i]}" 2>/dev/null || { cat "$WORK/$rev/serve.log"; exit 1; }
      sleep 1
    done
  done

  token_writes() { psql_on "cmp_$1" "SELECT COALESCE(SUM(version), 0) FROM orleansstorage WHERE graintypestring = 'token'"; }
  # One round of revision i: "rps non2xx cpu-µs" (as bench.sh measures a wrk run), then the wait for its tokens'
  # last-use writes, so they do not land in the next revision's round.
  round_of() { # place log duration
    local before_writes
    before_writes=$(token_writes "$1")
    measured "$2" env TOKENS_FILE="$WORK/${REVS[$1]}/tokens.txt" wrk -t2 -c64 -d"$3" -s scripts/bench/rotate.lua \
      "http://127.0.0.1:$(port_of "$1")/api/v1/auth/check?resource=requests"
    local deadline=$(( $(date +%s) + 4 * FLUSH_SECONDS ))
    until [ "$(token_writes "$1")" -ge $(( before_writes + TOKENS )) ]; do
      [ "$(date +%s)" -lt "$deadline" ] || { echo "the last-use writes of ${REVS[$1]} did not finish" >&2; return 1; }
      sleep 1
    done
  }

  for i in "${!REVS[@]}"; do
    echo "Warming up ${REVS[$i]}..."
    round_of "$i" "$WORK/${REVS[$i]}/warmup.log" "$WARMUP" >/dev/null
  done
  for ((r = 0; r < ROUNDS; r++)); do
    for ((k = 0; k < COUNT; k++)); do
      i=$(( (r + k) % COUNT ))
      round_of "$i" "$WORK/${REVS[$i]}/round$r.log" "$DURATION" >"$WORK/figures"
      read -r rps bad cpu <"$WORK/figures"
      RPS[$i,$r]=$rps BAD[$i,$r]=$bad CPU[$i,$r]=$cpu
      echo "round $((r + 1)), ${REVS[$i]}: $rps req/s, non-2xx $bad, $cpu CPU µs/req"
    done
  done
  stop_services
fi

# In process, on PostgreSQL then SQLite (memory is measured on the first store the command runs).
figure() { # log store row-prefix → the row's figure
  grep -F "RESULT | $3" "$1" | grep -F "| $2 |" | head -n 1 | sed -E "s/.*\\| $2 \\| //" || true
}
declare -A HOT HOTS MEM MEMA LAT COLD
for ((r = 0; r < INPROC_ROUNDS; r++)); do
  for ((k = 0; k < COUNT; k++)); do
    i=$(( (r + k) % COUNT ))
    rev=${REVS[$i]}
    log="$WORK/$rev/inproc$r.log"
    echo "In process, round $((r + 1)), $rev..."
    psql_on postgres "CREATE DATABASE inproc_${i}_$r" >/dev/null
    # shellcheck disable=SC2086
    dotnet "$WORK/$rev/bin/AccessTokens.Benchmarks.dll" inproc --memory true \
      --postgres "Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=inproc_${i}_$r;Maximum Pool Size=128" \
      $INPROC_ARGS >"$log" 2>&1 || echo "the in-process command of $rev ended with an error after its figures (see $log)"
    grep -q '^RESULT' "$log" || { tail -n 40 "$log"; exit 1; }
    HOT[$i,$r]=$(figure "$log" PostgreSQL "hot check throughput, concurrency 64 |" | sed -E 's/ checks\/s.*//')
    HOTS[$i,$r]=$(figure "$log" SQLite "hot check throughput, concurrency 64 |" | sed -E 's/ checks\/s.*//')
    MEM[$i,$r]=$(figure "$log" PostgreSQL "memory per active token grain (" | sed -E 's/ bytes.*//')
    MEMA[$i,$r]=$(figure "$log" PostgreSQL "memory per active token grain used from an address" | sed -E 's/ bytes.*//')
    [ -n "${MEMA[$i,$r]}" ] || MEMA[$i,$r]="-"
    LAT[$i,$r]=$(figure "$log" PostgreSQL "hot check latency" | sed -E 's/ ms//g')
    COLD[$i,$r]=$(figure "$log" PostgreSQL "cold check latency" | sed -E 's/ ms//g')
  done
done

median() { tr ' ' '\n' | grep . | sort -n | awk '{v[NR] = $1} END {print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2)}'; }
row() { # title array rounds [list]: the median and every round, or with "list" (values not one number) every round
  local -n values=$2
  local line="| $1 |" i r all
  for i in "${!REVS[@]}"; do
    all=""
    for ((r = 0; r < $3; r++)); do all="$all${all:+; }${values[$i,$r]}"; done
    if [ "${4:-}" = list ]; then
      line="$line $all |"
    else
      line="$line **$(echo "$all" | tr -d ';' | median)** ($all) |"
    fi
  done
  echo "$line"
}
{
  echo "Compared $(date -u '+%Y-%m-%d %H:%M') UTC on $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //')): medians, every round in brackets."
  echo
  header="| figure |" rule="|---|"
  for rev in "${REVS[@]}"; do header="$header $rev $(git log -1 --format=%s "$rev" | cut -c1-40)… |"; rule="$rule---|"; done
  echo "$header"; echo "$rule"
  if [ "$HTTP" = 1 ]; then
    row "HTTP check, req/s (wrk -t2 -c64 -d$DURATION, PostgreSQL)" RPS "$ROUNDS"
    row "HTTP check, CPU µs per request" CPU "$ROUNDS"
    row "HTTP check, non-2xx" BAD "$ROUNDS"
  fi
  row "in process: hot check throughput, concurrency 64, PostgreSQL, checks/s (each run the median of 3)" HOT "$INPROC_ROUNDS"
  row "in process: hot check throughput, concurrency 64, SQLite, checks/s (each run the median of 3)" HOTS "$INPROC_ROUNDS"
  row "in process: memory per active token grain, bytes managed heap, PostgreSQL" MEM "$INPROC_ROUNDS"
  row "in process: the same tokens used from an address, as over HTTP (a row of later revisions)" MEMA "$INPROC_ROUNDS" list
  row "in process: hot check latency, concurrency 1, PostgreSQL" LAT "$INPROC_ROUNDS" list
  row "in process: cold check latency, concurrency 1, PostgreSQL" COLD "$INPROC_ROUNDS" list
} | tee "$WORK/results.md"
