#!/usr/bin/env bash
# Throughput of every list endpoint against the cheapest call (issue 18): the release server on
# a copy of a seeded database, an API token, and `wrk` with 16 connections on each endpoint in
# turn. Prints requests per second and each endpoint's ratio to `servicedesk?limit=1`, measured
# in the same run (the cheapest call is measured first and last; the ratio uses their mean, so
# that load from elsewhere on the machine during the run shows as a spread, not as a ratio).
#
#   scripts/bench-throughput.sh [SEEDED.db]
#
# SEEDED.db defaults to target/bench-data/scale-1000000-r2.db (the scale benchmark's 1M seed;
# `clientele seed` makes one too). Environment: CLIENTELE_BIN (default
# $CARGO_TARGET_DIR/release/clientele, built when missing), DURATION (seconds per endpoint,
# default 8), CONNECTIONS (default 16), THREADS (wrk threads, default 2), PROFILE=1 (also
# samples the server with `perf` while the Customers page is under load and prints the top
# symbols). Besides requests/s it prints the server's CPU time per request (user + system, from
# /proc), which moves far less than requests/s with the machine's other load, and the cheapest
# call's CPU per request over each endpoint's (the throughput ratio when the server's CPU is
# what limits it). wrk comes from Debian (`apt-get install -y wrk`); it is installed when missing.
set -euo pipefail
cd "$(dirname "$0")/.."

target_dir=${CARGO_TARGET_DIR:-target}
bin=${CLIENTELE_BIN:-$target_dir/release/clientele}
seeded=${1:-target/bench-data/scale-1000000-r2.db}
duration=${DURATION:-8}
connections=${CONNECTIONS:-16}
threads=${THREADS:-2}

[ -f "$seeded" ] || { echo "No seeded database at $seeded (run the scale benchmark or clientele seed)" >&2; exit 1; }
if ! command -v wrk >/dev/null; then
  apt-get install -y wrk >/dev/null || { echo "wrk is not installed and apt-get could not install it" >&2; exit 1; }
fi
if [ ! -x "$bin" ]; then
  cargo build --release -p clientele-server --bin clientele
fi

work=$(mktemp -d /tmp/clientele-throughput.XXXXXX)
server_pid=
cleanup() {
  if [ -n "$server_pid" ]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

cp "$seeded" "$work/bench.db"
mkdir -p "$work/dist"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"
RUST_LOG=warn "$bin" serve --database "sqlite://$work/bench.db" --listen "127.0.0.1:$port" --dist "$work/dist" \
  >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 100); do
  curl -sf "$base/rest/clientele/1/health" >/dev/null && break
  sleep 0.2
done
curl -sf "$base/rest/clientele/1/health" >/dev/null || { cat "$work/server.log" >&2; exit 1; }

token=$(curl -sf -u admin@example.com:clientele-demo -H 'Content-Type: application/json' \
  -d '{"label":"throughput benchmark"}' "$base/rest/clientele/1/token" |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["token"])')
auth="Authorization: Bearer $token"

get() { curl -sf -H "$auth" "$base$1"; }
json_field() { python3 -c "import json, sys; v = json.load(sys.stdin)$1; print(v)"; }
org=$(get '/rest/servicedeskapi/organization?query=synthetic&limit=1' | json_field '["values"][0]["id"]')
middle=$(get '/rest/servicedeskapi/servicedesk/1/customer?limit=50&start=499950' | json_field '["nextCursor"]')

# name|path: every list endpoint, as the app and API clients call them.
endpoints=(
  "cheapest: servicedesk?limit=1|/rest/servicedeskapi/servicedesk?limit=1"
  "Customers page (first)|/rest/servicedeskapi/servicedesk/1/customer?limit=50"
  "Customers page (cursor at 500,000)|/rest/servicedeskapi/servicedesk/1/customer?limit=50&cursor=$middle"
  "Customers page (start=500000)|/rest/servicedeskapi/servicedesk/1/customer?limit=50&start=500000"
  "customer search (query=okafor)|/rest/servicedeskapi/servicedesk/1/customer?limit=50&query=okafor"
  "organization members|/rest/servicedeskapi/organization/$org/user?limit=50"
  "organizations|/rest/servicedeskapi/organization?limit=50"
  "project organizations|/rest/servicedeskapi/servicedesk/1/organization?limit=50"
  "site accounts|/rest/clientele/1/customer?limit=50"
  "requests|/rest/servicedeskapi/request?limit=50"
  "service desks (limit=50)|/rest/servicedeskapi/servicedesk?limit=50"
  "cheapest again|/rest/servicedeskapi/servicedesk?limit=1"
)

run_wrk() { # duration path → requests/s
  wrk -t"$threads" -c"$connections" -d"$1"s -H "$auth" "$base$2" |
    awk '/Requests\/sec/ {print $2} /Non-2xx/ {print "non-2xx: " $0 > "/dev/stderr"}'
}
# The server process's CPU time so far (user + system, in clock ticks).
server_ticks() { awk '{print $14 + $15}' "/proc/$server_pid/stat"; }
ticks_per_second=$(getconf CLK_TCK)

echo "Throughput, $connections connections, ${duration} s each, on $(basename "$seeded") ($(nproc) cores)"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
declare -a names rates cpus
for entry in "${endpoints[@]}"; do
  name=${entry%%|*}
  path=${entry#*|}
  curl -sf -o /dev/null -H "$auth" "$base$path" || { echo "$name: $path does not answer 200" >&2; exit 1; }
  run_wrk 1 "$path" >/dev/null # warm-up
  names+=("$name")
  before=$(server_ticks)
  rate=$(run_wrk "$duration" "$path")
  after=$(server_ticks)
  rates+=("$rate")
  # Server CPU per request, in µs: what the request costs the server whatever else runs on the
  # machine (requests/s moves with the other load; this moves much less).
  cpus+=("$(python3 -c "print(($after - $before) / $ticks_per_second / ($rate * $duration) * 1e6)")")
done
echo "load average after:  $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "${#names[@]}" "${names[@]}" "${rates[@]}" "${cpus[@]}" <<'EOF'
import sys
n = int(sys.argv[1])
names = sys.argv[2:2 + n]
rates = [float(r) for r in sys.argv[2 + n:2 + 2 * n]]
cpus = [float(c) for c in sys.argv[2 + 2 * n:]]
cheapest = (rates[0] + rates[-1]) / 2
cheapest_cpu = (cpus[0] + cpus[-1]) / 2
print(f"cheapest call: {rates[0]:.0f} and {rates[-1]:.0f} req/s (first and last), ratio base {cheapest:.0f}; "
      f"server CPU {cpus[0]:.0f} and {cpus[-1]:.0f} µs/request")
print(f"{'endpoint':<38} {'req/s':>8} {'ratio':>6}   {'server CPU µs/req':>17} {'cheapest/this':>13}")
worst = min(rates[1:-1]) / cheapest
for name, rate, cpu in zip(names[1:-1], rates[1:-1], cpus[1:-1]):
    mark = "" if rate / cheapest >= 0.5 else "   < 0.5"
    print(f"{name:<38} {rate:>8.0f} {rate / cheapest:>6.2f}   {cpu:>17.0f} {cheapest_cpu / cpu:>13.2f}{mark}")
print(f"lowest ratio: {worst:.2f} (target ≥ 0.5)")
EOF

if [ "${PROFILE:-}" = 1 ] && command -v perf >/dev/null; then
  path="/rest/servicedeskapi/servicedesk/1/customer?limit=50"
  echo
  echo "perf: where the server spends its time on the Customers page (top symbols, self time)"
  wrk -t"$threads" -c"$connections" -d"$((duration + 2))"s -H "$auth" "$base$path" >/dev/null &
  load_pid=$!
  sleep 1
  perf record -F 499 -g -o "$work/perf.data" -p "$server_pid" -- sleep "$duration" >/dev/null 2>&1
  wait "$load_pid"
  perf report -i "$work/perf.data" --no-children --sort dso,symbol --stdio 2>/dev/null |
    grep -E '^ +[0-9]' | sed 's/ *$//' | cut -c1-140 | head -40
fi
