#!/usr/bin/env bash
# HTTP load benchmark, all in one run on loopback:
#   1. the hello-world demo (dev issuer + API, release build), pinned to CPU 0:
#      GET /api/messages/public vs GET /api/messages/protected with $USER_TOKEN;
#   2. the same routes on Express + express-oauth2-jwt-bearer (bench/express-peer),
#      pinned to CPU 0, verifying the same token against the same dev issuer.
# wrk runs pinned to CPU 1. Prints req/s, p50, p99, the server's CPU time per request,
# and the ratios.
#
# Usage: bench/run.sh
# Knobs (environment): DURATION (10s per run), ROUNDS (3), WARMUP (3s), CONNECTIONS (32), THREADS (1),
#   PORT (6060, the demo API), PEER_PORT (6061, Express), SERVER_CPU (0), LOAD_CPU (1),
#   CARGO_TARGET_DIR (default: the workspace's target/), SKIP_BUILD=1.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH="$ROOT/bench"
DURATION=${DURATION:-10s}
ROUNDS=${ROUNDS:-3}
WARMUP=${WARMUP:-3s}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-1}
PORT=${PORT:-6060}
PEER_PORT=${PEER_PORT:-6061}
SERVER_CPU=${SERVER_CPU:-0}
LOAD_CPU=${LOAD_CPU:-1}
TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}

WORK=$(mktemp -d "${TMPDIR:-/tmp}/portcullis-bench.XXXXXX")
DEMO_PID=""
PEER_PID=""

cleanup() {
  local pid
  for pid in "$PEER_PID" "$DEMO_PID"; do
    if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
      kill "$pid" 2>/dev/null || true
      wait "$pid" 2>/dev/null || true
    fi
  done
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

say() { printf '==> %s\n' "$*" >&2; }
die() { printf 'bench/run.sh: %s\n' "$*" >&2; exit 1; }

# --- tools -------------------------------------------------------------------------
if ! command -v wrk >/dev/null 2>&1; then
  say "installing wrk (Debian package)"
  SUDO=""
  [[ $(id -u) -eq 0 ]] || SUDO="sudo"
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq wrk >/dev/null
fi
command -v taskset >/dev/null || die "taskset (util-linux) is required"
command -v curl >/dev/null || die "curl is required"
command -v node >/dev/null || die "node (>= 20) is required for the Express peer"
command -v npm >/dev/null || die "npm is required for the Express peer"
if [[ ! -d "$BENCH/express-peer/node_modules/express-oauth2-jwt-bearer" ]]; then
  say "installing the Express peer's packages (npm)"
  (cd "$BENCH/express-peer" && npm install --no-audit --no-fund --no-package-lock --loglevel=error)
fi

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
port_free "$PORT" || die "port $PORT is in use (set PORT)"
port_free "$PEER_PORT" || die "port $PEER_PORT is in use (set PEER_PORT)"

# --- build and start the demo --------------------------------------------------------
if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  say "building the demo (release)"
  (cd "$ROOT" && CARGO_TARGET_DIR="$TARGET_DIR" cargo build --release -q -p hello-world-api --example demo)
fi
DEMO_BIN="$TARGET_DIR/release/examples/demo"
[[ -x "$DEMO_BIN" ]] || die "no demo binary at $DEMO_BIN"

say "starting the demo on :$PORT (CPU $SERVER_CPU)"
PORT="$PORT" RUST_LOG=warn taskset -c "$SERVER_CPU" "$DEMO_BIN" >"$WORK/demo.out" 2>&1 &
DEMO_PID=$!

wait_for() { # wait_for DESCRIPTION COMMAND...: retry for up to 15 s
  local what=$1
  shift
  for _ in $(seq 150); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    kill -0 "$DEMO_PID" 2>/dev/null || die "the demo exited: $(cat "$WORK/demo.out")"
    sleep 0.1
  done
  die "timed out waiting for $what"
}
wait_for "the demo's tokens" grep -q 'export ADMIN_TOKEN=' "$WORK/demo.out"
USER_TOKEN=$(sed -n 's/^ *export USER_TOKEN=//p' "$WORK/demo.out")
ISSUER_URL=$(sed -n 's/^ *development issuer *\(http[^ ]*\).*/\1/p' "$WORK/demo.out")
[[ -n "$USER_TOKEN" && -n "$ISSUER_URL" ]] || die "could not read the demo's output: $(cat "$WORK/demo.out")"
OURS="http://127.0.0.1:$PORT"
PEER="http://127.0.0.1:$PEER_PORT"
status_is() { # status_is CODE URL [TOKEN]
  local code
  if [[ -n "${3:-}" ]]; then
    code=$(curl -s -o /dev/null -w '%{http_code}' -H "authorization: Bearer $3" "$2")
  else
    code=$(curl -s -o /dev/null -w '%{http_code}' "$2")
  fi
  [[ "$code" == "$1" ]]
}
wait_for "the demo API" status_is 200 "$OURS/api/messages/public"
wait_for "the demo API to accept the token" status_is 200 "$OURS/api/messages/protected" "$USER_TOKEN"
status_is 401 "$OURS/api/messages/protected" || die "the demo's protected route answers without a token"

# --- load --------------------------------------------------------------------------
# On loopback with 2 CPUs the client (wrk plus the kernel's TCP work it triggers) can be
# the bottleneck rather than the server, so besides req/s the server's own CPU time per
# request is recorded (utime+stime of the server process over the measured run).
CLK_TCK=$(getconf CLK_TCK)
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }

# load NAME PID URL [TOKEN]: a warm-up (first round only), then the measured run;
# appends "rps p50 p99 cpu_us_per_req" to $WORK/NAME.rounds.
load() {
  local name=$1 pid=$2 url=$3 token=${4:-}
  local args=(-t"$THREADS" -c"$CONNECTIONS" --latency)
  [[ -n "$token" ]] && args+=(-s "$BENCH/bearer.lua")
  if [[ ! -e "$WORK/$name.rounds" ]]; then
    say "wrk $name: warm-up $WARMUP"
    TOKEN="$token" taskset -c "$LOAD_CPU" wrk "${args[@]}" -d"$WARMUP" "$url" >/dev/null
  fi
  say "wrk $name: $url ($DURATION)"
  local before after
  before=$(cpu_ticks "$pid")
  TOKEN="$token" taskset -c "$LOAD_CPU" wrk "${args[@]}" -d"$DURATION" "$url" >"$WORK/$name.wrk"
  after=$(cpu_ticks "$pid")
  if grep -q 'Non-2xx or 3xx responses' "$WORK/$name.wrk" || grep -q 'Socket errors' "$WORK/$name.wrk"; then
    cat "$WORK/$name.wrk" >&2
    die "$name: errors or non-2xx responses under load"
  fi
  local rps p50 p99 requests cpu
  rps=$(awk '/^Requests\/sec:/ { print $2 }' "$WORK/$name.wrk")
  p50=$(to_ms "$(awk '$1 == "50%" { print $2 }' "$WORK/$name.wrk")")
  p99=$(to_ms "$(awk '$1 == "99%" { print $2 }' "$WORK/$name.wrk")")
  requests=$(awk '/requests in/ { print $1 }' "$WORK/$name.wrk")
  cpu=$(awk -v t=$((after - before)) -v hz="$CLK_TCK" -v n="$requests" 'BEGIN { printf "%.2f", t / hz * 1e6 / n }')
  echo "$rps $p50 $p99 $cpu" >>"$WORK/$name.rounds"
  printf '    %s: %.0f req/s, p50 %s ms, p99 %s ms, server CPU %s us/req\n' "$name" "$rps" "$p50" "$p99" "$cpu" >&2
}

# wrk prints latencies as 812.00us / 1.23ms / 1.02s: convert to milliseconds.
to_ms() {
  awk -v v="$1" 'BEGIN {
    n = v + 0
    if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n = n; else if (v ~ /m$/) n *= 60000; else if (v ~ /s$/) n *= 1000
    printf "%.3f", n
  }'
}

# Rounds alternate the routes, so load from elsewhere on the machine drifts over all
# of them alike; the report takes the median of the rounds.
# `ours_public_hdr` is the public route sent the same Authorization header (ignored
# there): it separates the guard's cost from the cost of a 0.5 kB larger request.
for round in $(seq "$ROUNDS"); do
  say "portcullis, round $round/$ROUNDS"
  load ours_public "$DEMO_PID" "$OURS/api/messages/public"
  load ours_public_hdr "$DEMO_PID" "$OURS/api/messages/public" "$USER_TOKEN"
  load ours_protected "$DEMO_PID" "$OURS/api/messages/protected" "$USER_TOKEN"
done

say "starting the Express peer on :$PEER_PORT (CPU $SERVER_CPU), issuer $ISSUER_URL"
ISSUER_BASE_URL="$ISSUER_URL" AUDIENCE="https://hello-world.example.com" PORT="$PEER_PORT" \
  taskset -c "$SERVER_CPU" node "$BENCH/express-peer/server.js" >"$WORK/peer.out" 2>&1 &
PEER_PID=$!
wait_for "the Express peer" status_is 200 "$PEER/api/messages/public"
wait_for "the Express peer to accept the token" status_is 200 "$PEER/api/messages/protected" "$USER_TOKEN"
status_is 401 "$PEER/api/messages/protected" || die "the Express peer's protected route answers without a token"

for round in $(seq "$ROUNDS"); do
  say "express, round $round/$ROUNDS"
  load express_public "$PEER_PID" "$PEER/api/messages/public"
  load express_protected "$PEER_PID" "$PEER/api/messages/protected" "$USER_TOKEN"
done

# --- report ------------------------------------------------------------------------
# median COLUMN NAME: the median over rounds of one column of $WORK/NAME.rounds.
median() {
  awk -v c="$1" '{ print $c }' "$WORK/$2.rounds" | sort -g |
    awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

echo
echo "wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency, $ROUNDS rounds (medians); server on CPU $SERVER_CPU, wrk on CPU $LOAD_CPU"
echo
printf '| %-36s | %8s | %7s | %7s | %17s |\n' "server / route" "req/s" "p50 ms" "p99 ms" "server CPU us/req"
printf '|%s|%s|%s|%s|%s|\n' "--------------------------------------" "----------" "---------" "---------" "-------------------"
for run in ours_public ours_public_hdr ours_protected express_public express_protected; do
  case $run in
    ours_public) label="portcullis public" ;;
    ours_public_hdr) label="portcullis public (+ bearer header)" ;;
    ours_protected) label="portcullis protected" ;;
    express_public) label="express public" ;;
    express_protected) label="express protected" ;;
  esac
  printf '| %-36s | %8.0f | %7s | %7s | %17s |\n' "$label" "$(median 1 "$run")" "$(median 2 "$run")" "$(median 3 "$run")" "$(median 4 "$run")"
done
echo
echo "ratios (req/s; and server CPU per request, inverted so that higher is better for ours):"
echo "  portcullis protected / public:              $(ratio "$(median 1 ours_protected)" "$(median 1 ours_public)")x req/s, $(ratio "$(median 4 ours_public)" "$(median 4 ours_protected)")x CPU   (goal >= 0.9)"
echo "  portcullis protected / public (+ header):   $(ratio "$(median 1 ours_protected)" "$(median 1 ours_public_hdr)")x req/s, $(ratio "$(median 4 ours_public_hdr)" "$(median 4 ours_protected)")x CPU"
echo "  express    protected / public:              $(ratio "$(median 1 express_protected)" "$(median 1 express_public)")x req/s, $(ratio "$(median 4 express_public)" "$(median 4 express_protected)")x CPU"
echo "  portcullis / express, protected:            $(ratio "$(median 1 ours_protected)" "$(median 1 express_protected)")x req/s, $(ratio "$(median 4 express_protected)" "$(median 4 ours_protected)")x CPU   (goal >= 10)"
echo "  portcullis / express, public:               $(ratio "$(median 1 ours_public)" "$(median 1 express_public)")x req/s, $(ratio "$(median 4 express_public)" "$(median 4 ours_public)")x CPU"
echo
echo "per-round figures (req/s p50 p99 cpu_us_per_req):"
for run in ours_public ours_public_hdr ours_protected express_public express_protected; do
  printf '  %-18s %s\n' "$run" "$(tr '\n' ';' <"$WORK/$run.rounds")"
done
