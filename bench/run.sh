#!/usr/bin/env bash
# HTTP load benchmark of the guard, all in one run on loopback. Three servers, started
# together, pinned to CPU 0, verifying tokens of the same development issuer (RS256 by
# default):
#   * ours: the hello-world demo (dev issuer + API, release build);
#   * authz: the same two routes behind jwt-authorizer (bench/jwt-authorizer-peer);
#   * express: the same routes on Express + express-oauth2-jwt-bearer (bench/express-peer).
# Each is driven by wrk pinned to CPU 1 (bench/stream.lua, HTTP/1.1 pipelining so that the
# server, not wrk, saturates) on:
#   public     GET /api/messages/public, no Authorization header;
#   public_hdr the public route with the repeated bearer header (ignored there);
#   protected  GET /api/messages/protected, one repeated token (our cached path);
#   distinct   the protected route, a different token on every request (DEMO_TOKENS of
#              them, cycled; far more than the verified-token cache holds), so every
#              request verifies a signature.
# Rounds alternate every (server, stream) pair, so load drifting on a shared machine
# skews all of them alike; the report takes medians over rounds. Besides wrk's req/s and
# latency it reads each server's CPU time (utime+stime, all threads) around each run and
# divides by the requests served. Before the load, the criterion bench's interleaved
# RS256 row (raw aws-lc-rs check vs `Verifier::verify` vs the uncached guard) is measured
# pinned to the same CPU, so the guard's per-request cost over HTTP can be read against
# the raw signature check of the same token.
#
# Usage: bench/run.sh
# Knobs (environment): DURATION (10s per run), ROUNDS (3), WARMUP (3s), CONNECTIONS (32),
#   THREADS (1), PIPELINE (8), DEMO_ALG (RS256), DEMO_TOKENS (100000), PORT (6060, ours),
#   PEER_PORT (6061, Express), AUTHZ_PORT (6062, jwt-authorizer), SERVER_CPU (0),
#   LOAD_CPU (1), SERVERS ("ours authz express"), SKIP_MICRO=1 (no criterion row),
#   CARGO_TARGET_DIR (default: the workspace's target/), SKIP_BUILD=1, DEMO_BIN (another
#   build of the demo, e.g. one of an earlier commit, to compare).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH="$ROOT/bench"
DURATION=${DURATION:-10s}
ROUNDS=${ROUNDS:-3}
WARMUP=${WARMUP:-3s}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-1}
PIPELINE=${PIPELINE:-8}
DEMO_ALG=${DEMO_ALG:-RS256}
DEMO_TOKENS=${DEMO_TOKENS:-100000}
PORT=${PORT:-6060}
PEER_PORT=${PEER_PORT:-6061}
AUTHZ_PORT=${AUTHZ_PORT:-6062}
SERVER_CPU=${SERVER_CPU:-0}
LOAD_CPU=${LOAD_CPU:-1}
SERVERS=${SERVERS:-ours authz express}
TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}

WORK=$(mktemp -d "${TMPDIR:-/tmp}/portcullis-bench.XXXXXX")
PIDS=()

cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do
    if kill -0 "$pid" 2>/dev/null; then
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
has() { [[ " $SERVERS " == *" $1 "* ]]; }

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
if has express; then
  command -v node >/dev/null || die "node (>= 20) is required for the Express peer"
  command -v npm >/dev/null || die "npm is required for the Express peer"
  if [[ ! -d "$BENCH/express-peer/node_modules/express-oauth2-jwt-bearer" ]]; then
    say "installing the Express peer's packages (npm)"
    (cd "$BENCH/express-peer" && npm install --no-audit --no-fund --no-package-lock --loglevel=error)
  fi
fi

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for p in "$PORT" "$PEER_PORT" "$AUTHZ_PORT"; do
  port_free "$p" || die "port $p is in use (set PORT, PEER_PORT or AUTHZ_PORT)"
done

# --- build -------------------------------------------------------------------------
if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  say "building the demo (release)"
  (cd "$ROOT" && CARGO_TARGET_DIR="$TARGET_DIR" cargo build --release -q -p hello-world-api --example demo)
  if has authz; then
    say "building the jwt-authorizer peer (release, its own workspace)"
    CARGO_TARGET_DIR="$TARGET_DIR" cargo build --release -q --manifest-path "$BENCH/jwt-authorizer-peer/Cargo.toml"
  fi
  if [[ "${SKIP_MICRO:-0}" != 1 ]]; then
    (cd "$ROOT" && CARGO_TARGET_DIR="$TARGET_DIR" cargo bench -q -p portcullis --bench verify --no-run)
  fi
fi
DEMO_BIN=${DEMO_BIN:-$TARGET_DIR/release/examples/demo}
AUTHZ_BIN="$TARGET_DIR/release/jwt-authorizer-peer"
[[ -x "$DEMO_BIN" ]] || die "no demo binary at $DEMO_BIN"
! has authz || [[ -x "$AUTHZ_BIN" ]] || die "no jwt-authorizer peer at $AUTHZ_BIN"

# --- the raw signature check, same CPU, before the load ------------------------------
if [[ "${SKIP_MICRO:-0}" != 1 ]]; then
  say "criterion: RS256 raw vs verifier vs guard (pinned to CPU $SERVER_CPU)"
  (cd "$ROOT" && CARGO_TARGET_DIR="$TARGET_DIR" taskset -c "$SERVER_CPU" \
    cargo bench -q -p portcullis --bench verify -- RS256 >"$WORK/micro.out" 2>&1) ||
    { cat "$WORK/micro.out" >&2; die "the micro-benchmark failed"; }
fi

# --- start the servers ---------------------------------------------------------------
say "starting the demo on :$PORT (CPU $SERVER_CPU, $DEMO_ALG, signing $DEMO_TOKENS distinct tokens)"
# Unpinned while it signs the distinct tokens (on every CPU), then pinned, every thread.
# One tokio worker, as the peer gets on its one CPU (two workers on one CPU would switch
# between each other).
DEMO_ALG="$DEMO_ALG" DEMO_TOKENS="$DEMO_TOKENS" DEMO_TOKENS_FILE="$WORK/tokens.txt" \
  TOKIO_WORKER_THREADS=1 PORT="$PORT" RUST_LOG=warn "$DEMO_BIN" >"$WORK/demo.out" 2>&1 &
DEMO_PID=$!
PIDS+=("$DEMO_PID")

wait_for() { # wait_for DESCRIPTION COMMAND...: retry for up to 300 s (signing the tokens)
  local what=$1
  shift
  for _ in $(seq 3000); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    kill -0 "$DEMO_PID" 2>/dev/null || die "the demo exited: $(cat "$WORK/demo.out")"
    sleep 0.1
  done
  die "timed out waiting for $what"
}
wait_for "the demo's tokens" grep -q 'export ADMIN_TOKEN=' "$WORK/demo.out"
taskset -a -c -p "$SERVER_CPU" "$DEMO_PID" >/dev/null
USER_TOKEN=$(sed -n 's/^ *export USER_TOKEN=//p' "$WORK/demo.out")
ISSUER_URL=$(sed -n 's/^ *development issuer *\(http[^ ]*\).*/\1/p' "$WORK/demo.out")
[[ -n "$USER_TOKEN" && -n "$ISSUER_URL" ]] || die "could not read the demo's output: $(cat "$WORK/demo.out")"
[[ $(wc -l <"$WORK/tokens.txt") -eq "$DEMO_TOKENS" ]] || die "the demo wrote $(wc -l <"$WORK/tokens.txt") tokens, not $DEMO_TOKENS"
FIRST_DISTINCT=$(head -n1 "$WORK/tokens.txt")

status_is() { # status_is CODE URL [TOKEN]
  local code
  if [[ -n "${3:-}" ]]; then
    code=$(curl -s -o /dev/null -w '%{http_code}' -H "authorization: Bearer $3" "$2")
  else
    code=$(curl -s -o /dev/null -w '%{http_code}' "$2")
  fi
  [[ "$code" == "$1" ]]
}

declare -A URL PID
URL[ours]="http://127.0.0.1:$PORT"
PID[ours]=$DEMO_PID
if has authz; then
  say "starting the jwt-authorizer peer on :$AUTHZ_PORT (CPU $SERVER_CPU)"
  ISSUER_BASE_URL="$ISSUER_URL" AUDIENCE="https://hello-world.example.com" PORT="$AUTHZ_PORT" \
    TOKIO_WORKER_THREADS=1 taskset -c "$SERVER_CPU" "$AUTHZ_BIN" >"$WORK/authz.out" 2>&1 &
  PID[authz]=$!
  PIDS+=("${PID[authz]}")
  URL[authz]="http://127.0.0.1:$AUTHZ_PORT"
fi
if has express; then
  say "starting the Express peer on :$PEER_PORT (CPU $SERVER_CPU)"
  ISSUER_BASE_URL="$ISSUER_URL" AUDIENCE="https://hello-world.example.com" PORT="$PEER_PORT" \
    taskset -c "$SERVER_CPU" node "$BENCH/express-peer/server.js" >"$WORK/express.out" 2>&1 &
  PID[express]=$!
  PIDS+=("${PID[express]}")
  URL[express]="http://127.0.0.1:$PEER_PORT"
fi
for server in $SERVERS; do
  u=${URL[$server]}
  wait_for "$server" status_is 200 "$u/api/messages/public"
  wait_for "$server to accept the token" status_is 200 "$u/api/messages/protected" "$USER_TOKEN"
  status_is 200 "$u/api/messages/protected" "$FIRST_DISTINCT" || die "$server refuses the distinct tokens"
  status_is 401 "$u/api/messages/protected" || die "$server's protected route answers without a token"
  status_is 401 "$u/api/messages/protected" "${USER_TOKEN%?}A" || die "$server accepts a forged signature"
done

# --- load --------------------------------------------------------------------------
CLK_TCK=$(getconf CLK_TCK)
cpu_ticks() { # all threads of the process
  awk '{ print $14 + $15 }' "/proc/$1/stat"
}

# wrk prints latencies as 812.00us / 1.23ms / 1.02s: convert to milliseconds.
to_ms() {
  awk -v v="$1" 'BEGIN {
    n = v + 0
    if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n = n; else if (v ~ /m$/) n *= 60000; else if (v ~ /s$/) n *= 1000
    printf "%.3f", n
  }'
}

# load SERVER STREAM: a warm-up (first round only), then the measured run; appends
# "rps p50 p99 cpu_us_per_req cpu_share" to $WORK/SERVER_STREAM.rounds.
load() {
  local server=$1 stream=$2 path=/api/messages/protected token="" file=""
  case $stream in
    public) path=/api/messages/public ;;
    public_hdr) path=/api/messages/public token=$USER_TOKEN ;;
    protected) token=$USER_TOKEN ;;
    distinct) file=$WORK/tokens.txt ;;
  esac
  local name=${server}_$stream url=${URL[$server]}$path pid=${PID[$server]}
  local args=(-t"$THREADS" -c"$CONNECTIONS" --latency -s "$BENCH/stream.lua")
  if [[ ! -e "$WORK/$name.rounds" ]]; then
    TOKEN="$token" TOKENS_FILE="$file" PIPELINE="$PIPELINE" \
      taskset -c "$LOAD_CPU" wrk "${args[@]}" -d"$WARMUP" "$url" >"$WORK/$name.warmup"
    awk '/requests in/ { print $1 }' "$WORK/$name.warmup" >>"$WORK/$name.total"
  fi
  local before after t0 t1
  t0=$(date +%s.%N)
  before=$(cpu_ticks "$pid")
  TOKEN="$token" TOKENS_FILE="$file" PIPELINE="$PIPELINE" \
    taskset -c "$LOAD_CPU" wrk "${args[@]}" -d"$DURATION" "$url" >"$WORK/$name.wrk"
  after=$(cpu_ticks "$pid")
  t1=$(date +%s.%N)
  if grep -q 'Non-2xx or 3xx responses' "$WORK/$name.wrk" || grep -q 'Socket errors' "$WORK/$name.wrk"; then
    cat "$WORK/$name.wrk" >&2
    die "$name: errors or non-2xx responses under load"
  fi
  local rps p50 p99 requests cpu share
  rps=$(awk '/^Requests\/sec:/ { print $2 }' "$WORK/$name.wrk")
  p50=$(to_ms "$(awk '$1 == "50%" { print $2 }' "$WORK/$name.wrk")")
  p99=$(to_ms "$(awk '$1 == "99%" { print $2 }' "$WORK/$name.wrk")")
  requests=$(awk '/requests in/ { print $1 }' "$WORK/$name.wrk")
  echo "$requests" >>"$WORK/$name.total"
  cpu=$(awk -v t=$((after - before)) -v hz="$CLK_TCK" -v n="$requests" 'BEGIN { printf "%.2f", t / hz * 1e6 / n }')
  share=$(awk -v t=$((after - before)) -v hz="$CLK_TCK" -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", t / hz / (b - a) }')
  echo "$rps $p50 $p99 $cpu $share" >>"$WORK/$name.rounds"
  printf '    %-18s %7.0f req/s, p50 %s ms, p99 %s ms, server CPU %s us/req (%s of a core)\n' \
    "$name" "$rps" "$p50" "$p99" "$cpu" "$share" >&2
}

STREAMS=(public public_hdr protected distinct)
for round in $(seq "$ROUNDS"); do
  say "round $round/$ROUNDS (load average: $(cut -d' ' -f1-3 /proc/loadavg))"
  for server in $SERVERS; do
    for stream in "${STREAMS[@]}"; do
      [[ $server != ours && $stream == public_hdr ]] && continue
      load "$server" "$stream"
    done
  done
done

# The demo counts its verifications (signature checked, or let in from the cache) and
# prints them when it stops: how many requests of the distinct stream the cache answered.
kill "$DEMO_PID" 2>/dev/null || true
wait "$DEMO_PID" 2>/dev/null || true
total() { awk '{ s += $1 } END { print s + 0 }' "$WORK/$1.total"; }
VERIFICATIONS=$(grep '^verifications:' "$WORK/demo.out" || true)

# --- report ------------------------------------------------------------------------
# median COLUMN NAME: the median over rounds of one column of $WORK/NAME.rounds.
median() {
  awk -v c="$1" '{ print $c }' "$WORK/$2.rounds" | sort -g |
    awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
calc() { awk "BEGIN { printf \"%.2f\", $1 }"; }

echo
echo "wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency, pipeline $PIPELINE, $ROUNDS rounds (medians);"
echo "servers on CPU $SERVER_CPU, wrk on CPU $LOAD_CPU; $DEMO_ALG tokens, $DEMO_TOKENS distinct ones cycled"
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
printf '| %-26s | %8s | %7s | %7s | %11s | %9s |\n' "server / stream" "req/s" "p50 ms" "p99 ms" "CPU us/req" "CPU share"
printf '|%s|%s|%s|%s|%s|%s|\n' "----------------------------" "---------:" "--------:" "--------:" "------------:" "----------:"
for server in $SERVERS; do
  for stream in "${STREAMS[@]}"; do
    [[ -e "$WORK/${server}_$stream.rounds" ]] || continue
    n=${server}_$stream
    printf '| %-26s | %8.0f | %7s | %7s | %11s | %9s |\n' "$server $stream" \
      "$(median 1 "$n")" "$(median 2 "$n")" "$(median 3 "$n")" "$(median 4 "$n")" "$(median 5 "$n")"
  done
done

RAW=""
if [[ -e "$WORK/micro.out" ]]; then
  echo
  echo "criterion, interleaved RS256 row (same CPU, before the load):"
  grep -E '^\| (alg|RS256) \|' "$WORK/micro.out" || true
  # | RS256 | 15.69 µs | ...: the raw column, in µs.
  RAW=$(awk -F'|' '$2 ~ /RS256/ { v = $3; gsub(/[^0-9.]/, "", v); if ($3 ~ /ns/) v /= 1000; print v }' "$WORK/micro.out" | tail -n1)
fi

echo
echo "ratios (medians over rounds):"
ours_pub=$(median 4 ours_public)
ours_hdr=$(median 4 ours_public_hdr)
ours_dis=$(median 4 ours_distinct)
echo "  ours protected / public, req/s:             $(calc "$(median 1 ours_protected) / $(median 1 ours_public)")x   (goal >= 0.95; CPU per request inverted: $(calc "$ours_pub / $(median 4 ours_protected)")x)"
echo "  ours guard CPU per distinct token:          $(calc "$ours_dis - $ours_pub") us over public, $(calc "$ours_dis - $ours_hdr") us over public + header"
if [[ -n "$RAW" ]]; then
  echo "  ... / raw RS256 check ($RAW us):              $(calc "($ours_dis - $ours_pub) / $RAW")x over public, $(calc "($ours_dis - $ours_hdr) / $RAW")x over public + header   (goal <= 1.3)"
fi
if has authz; then
  echo "  ours / jwt-authorizer, distinct, req/s:     $(calc "$(median 1 ours_distinct) / $(median 1 authz_distinct)")x   (goal >= 1.5; CPU per request: $(calc "$(median 4 authz_distinct) / $ours_dis")x)"
  echo "  ours / jwt-authorizer, repeated, req/s:     $(calc "$(median 1 ours_protected) / $(median 1 authz_protected)")x"
fi
if has express; then
  echo "  ours / express, distinct, req/s:            $(calc "$(median 1 ours_distinct) / $(median 1 express_distinct)")x   (CPU per request: $(calc "$(median 4 express_distinct) / $ours_dis")x)"
  echo "  ours / express, repeated, req/s:            $(calc "$(median 1 ours_protected) / $(median 1 express_protected)")x"
fi
if [[ -n "$VERIFICATIONS" ]]; then
  checked=$(sed -n 's/.*signature checked \([0-9]*\).*/\1/p' <<<"$VERIFICATIONS")
  cached=$(sed -n 's/.*from the cache \([0-9]*\).*/\1/p' <<<"$VERIFICATIONS")
  echo
  echo "ours, every request with a token to the protected route (warm-ups included): $VERIFICATIONS"
  echo "  requests: repeated token $(total ours_protected), distinct tokens $(total ours_distinct)"
  # Each repeated-token request but the first two (the second is when it is cached) is
  # answered by the cache; whatever else the cache answered came from the distinct stream.
  hits=$((cached - $(total ours_protected) + 2 > 0 ? cached - $(total ours_protected) + 2 : 0))
  echo "  distinct-stream requests answered by the cache: at most $hits of $(total ours_distinct); signatures checked: $checked"
  # A cached answer costs about what the public route does: per signature checked, the
  # guard's CPU over the public route is the distinct stream's divided by the share checked.
  per_check=$(calc "($ours_dis - $ours_pub) / (1 - $hits / $(total ours_distinct))")
  echo "  guard CPU per signature checked: $per_check us over public$([[ -n "$RAW" ]] && echo ", $(calc "$per_check / $RAW")x the raw check")"
fi
echo
echo "per-round figures (req/s p50 p99 cpu_us_per_req cpu_share):"
for server in $SERVERS; do
  for stream in "${STREAMS[@]}"; do
    [[ -e "$WORK/${server}_$stream.rounds" ]] || continue
    printf '  %-18s %s\n' "${server}_$stream" "$(tr '\n' ';' <"$WORK/${server}_$stream.rounds")"
  done
done
