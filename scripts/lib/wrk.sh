# How a wrk run is measured, for the benchmark scripts: sourced, not run.
#   measured LOG COMMAND…   runs COMMAND (wrk) with its output to LOG → "rps non2xx cpu-µs-per-request"
# and the pieces it is made of (busy_ticks, load_ticks, cpu_us, rps_of, non2xx_of, requests_of, p99_of).
#
# CPU per request. The machine's busy time (user, nice, system, irq, softirq, steal of /proc/stat's first line, in
# USER_HZ ticks) over a run, less the load generator's own: it runs in a wrapper shell whose children's times
# (cutime + cstime, fields 16 and 17 of /proc/<pid>/stat) are read once it has waited for it. What is left is the
# service's, PostgreSQL's, Redis's and the kernel's work (loopback TCP included) for the requests completed; on a
# shared machine, whatever else runs meanwhile too.
CLK_TCK=$(getconf CLK_TCK)
busy_ticks() { awk '/^cpu / {print $2 + $3 + $4 + $7 + $8 + $9; exit}' /proc/stat; }
load_ticks() { # log command… → CPU ticks of the command, its output to log
  # shellcheck disable=SC2016
  bash -c '"$@" >"$0" 2>&1; awk "{print \$14 + \$15 + \$16 + \$17}" /proc/$$/stat' "$@"
}
cpu_us() { # busy-ticks load-ticks requests → µs per request
  awk -v busy="$1" -v load="$2" -v n="$3" -v hz="$CLK_TCK" 'BEGIN {printf "%.0f", (n > 0 ? (busy - load) * 1e6 / hz / n : 0)}'
}
rps_of() { awk '/Requests\/sec/ {print $2}' "$1" | grep . || echo 0; }
non2xx_of() { awk '/Non-2xx/ {print $5}' "$1" | grep . || echo 0; }
requests_of() { awk '/requests in/ {print $1}' "$1" | grep . || echo 0; }
p99_of() { awk '/^ +99%/ {print $2}' "$1"; }
measured() { # log command… → "rps non2xx cpu-µs-per-request" of one wrk run
  local log=$1 before load
  shift
  before=$(busy_ticks)
  load=$(load_ticks "$log" "$@")
  echo "$(rps_of "$log") $(non2xx_of "$log") $(cpu_us $(( $(busy_ticks) - before )) "$load" "$(requests_of "$log")")"
}
