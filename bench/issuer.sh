#!/usr/bin/env bash
# Load benchmark of the issuer (`portcullis serve`) on SQLite and on PostgreSQL:
#   * POST /oauth/token grant_type=client_credentials        (bench/cc.lua)
#   * POST /oauth/token grant_type=refresh_token, rotated    (bench/refresh.lua)
#   * POST /api/auth/login, one fixed user                    (bench/login.lua)
# The server runs pinned to one CPU (taskset -c $SERVER_CPU), wrk pinned to another
# (taskset -c $LOAD_CPU). Besides wrk's req/s and latency it records the CPU time the
# server process (and, on PostgreSQL, the database backends serving it) spent per
# request, the server's RSS when idle (after start and seeding, before any load) and
# after the load, and the time of one argon2id hash: alone, by bench/argon2-time (same
# crate and parameters as the server, pinned to the server's CPU, before and after the
# load), and end to end as sequential logins at concurrency 1 (curl). The login goal
# (0.9 x 1 core / hash time) uses argon2-time's CPU time per hash.
#
# Usage: bench/issuer.sh [sqlite|postgres|all]    (default: all)
# Knobs (environment): DURATION (10s), WARMUP (3s), ROUNDS (3), CONNECTIONS (16),
#   THREADS (1), PORT (18080), SERVER_CPU (0), LOAD_CPU (1), SAMPLES (15: sequential
#   logins and refreshes timed with curl), PG_URL (postgres://postgres@127.0.0.1:5432),
#   PG_ADMIN_DB (test), CARGO_TARGET_DIR (/tmp/target-issuer-bench), SKIP_BUILD=1.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH="$ROOT/bench"
WHICH=${1:-all}
DURATION=${DURATION:-10s}
WARMUP=${WARMUP:-3s}
ROUNDS=${ROUNDS:-3}
CONNECTIONS=${CONNECTIONS:-16}
THREADS=${THREADS:-1}
PORT=${PORT:-18080}
SERVER_CPU=${SERVER_CPU:-0}
LOAD_CPU=${LOAD_CPU:-1}
SAMPLES=${SAMPLES:-15}
PG_URL=${PG_URL:-postgres://postgres@127.0.0.1:5432}
PG_ADMIN_DB=${PG_ADMIN_DB:-test}
TARGET_DIR=${CARGO_TARGET_DIR:-/tmp/target-issuer-bench}
BIN="$TARGET_DIR/release/portcullis"

API=https://api.bench
PERMISSION=read:x
LOGIN_EMAIL=login@example.com
REFRESH_EMAIL=refresh@example.com
PASSWORD=bench-password-7Qz4-not-secret
BASE="http://127.0.0.1:$PORT"

case $WHICH in
  sqlite | postgres | all) ;;
  *)
    echo "usage: bench/issuer.sh [sqlite|postgres|all]" >&2
    exit 2
    ;;
esac

WORK=$(mktemp -d "${TMPDIR:-/tmp}/portcullis-issuer-bench.XXXXXX")
SERVER_PID=""
PG_DB=""

say() { printf '==> %s\n' "$*" >&2; }
die() {
  printf 'bench/issuer.sh: %s\n' "$*" >&2
  exit 1
}

stop_server() {
  if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  SERVER_PID=""
}

drop_db() {
  if [[ -n "$PG_DB" ]]; then
    psql "$PG_URL/$PG_ADMIN_DB" -qAtc "DROP DATABASE IF EXISTS $PG_DB WITH (FORCE)" >/dev/null 2>&1 ||
      printf 'bench/issuer.sh: could not drop database %s\n' "$PG_DB" >&2
  fi
  PG_DB=""
}

cleanup() {
  stop_server
  drop_db
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- tools ---------------------------------------------------------------------------
if ! command -v wrk >/dev/null 2>&1; then
  say "installing wrk (Debian package)"
  SUDO=""
  [[ $(id -u) -eq 0 ]] || SUDO="sudo"
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq wrk >/dev/null
fi
for tool in taskset curl awk; do
  command -v "$tool" >/dev/null || die "$tool is required"
done
if [[ $WHICH != sqlite ]]; then
  command -v psql >/dev/null || die "psql is required for the PostgreSQL runs"
fi
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
port_free "$PORT" || die "port $PORT is in use (set PORT)"

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  say "building portcullis (release) in $TARGET_DIR"
  (cd "$ROOT" && CARGO_TARGET_DIR="$TARGET_DIR" cargo build --release -q -p portcullis-cli)
  say "building bench/argon2-time (release)"
  CARGO_TARGET_DIR="$TARGET_DIR" cargo build --release -q --manifest-path "$BENCH/argon2-time/Cargo.toml"
fi
[[ -x "$BIN" ]] || die "no binary at $BIN"
ARGON2_TIME="$TARGET_DIR/release/argon2-time"
[[ -x "$ARGON2_TIME" ]] || die "no binary at $ARGON2_TIME"

# One argon2id hash, alone, on the core the server will use (nothing else of ours runs).
say "timing argon2id alone on CPU $SERVER_CPU (bench/argon2-time)"
taskset -c "$SERVER_CPU" "$ARGON2_TIME" 30 >"$WORK/argon2.txt"
sed 's/^/    /' "$WORK/argon2.txt" >&2

# --- helpers -------------------------------------------------------------------------
CLK_TCK=$(getconf CLK_TCK)
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null || echo 0; }
minflt() { awk '{ print $10 }' "/proc/$1/stat"; }
threads_of() { awk '$1 == "Threads:" { print $2 }' "/proc/$1/status"; }
rss_kib() { awk '$1 == "VmRSS:" { print $2 }' "/proc/$1/status"; }
hwm_kib() { awk '$1 == "VmHWM:" { print $2 }' "/proc/$1/status"; }

# The PostgreSQL backends serving our database (the pool's connections), for their CPU.
pg_pids() {
  [[ -n "$PG_DB" ]] || return 0
  psql "$PG_URL/$PG_ADMIN_DB" -qAtc \
    "SELECT pid FROM pg_stat_activity WHERE datname = '$PG_DB' AND pid <> pg_backend_pid()"
}
# Sum of utime+stime of the given pids, one "pid ticks" line each.
pid_ticks() {
  local pid
  for pid in "$@"; do echo "$pid $(cpu_ticks "$pid")"; done
}

# wrk prints latencies as 812.00us / 1.23ms / 1.02s: convert to milliseconds.
to_ms() {
  awk -v v="$1" 'BEGIN {
    n = v + 0
    if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n = n; else if (v ~ /m$/) n *= 60000; else if (v ~ /s$/) n *= 1000
    printf "%.3f", n
  }'
}

median_of() { # median of the numbers on stdin
  sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print "nan"; else if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# The admin CLI on the store of the current backend ($STORE_ARGS).
cli() { PORTCULLIS_LOG=warn "$BIN" "$@" "${STORE_ARGS[@]}"; }

json_field() { sed -n "s/.*\"$1\":\"\\([^\"]*\\)\".*/\\1/p"; }

login_once() { # prints the refresh token of a new session of $1, and a newline
  local body
  body=$(curl -sf "$BASE/api/auth/login" -H 'content-type: application/json' \
    -d "{\"email\":\"$1\",\"password\":\"$PASSWORD\",\"audience\":\"$API\"}") || true
  printf '%s\n' "$(json_field refresh_token <<<"$body")"
}

wait_ready() {
  for _ in $(seq 300); do
    if curl -sf -o /dev/null "$BASE/readyz"; then return 0; fi
    kill -0 "$SERVER_PID" 2>/dev/null || die "the server exited: $(cat "$WORK/server.log")"
    sleep 0.1
  done
  die "timed out waiting for $BASE/readyz"
}

# load BACKEND WORKLOAD [warm]: one wrk run; appends
# "rps p50 p99 errors server_us_per_req db_us_per_req" to $WORK/BACKEND.WORKLOAD.rounds.
load() {
  local backend=$1 workload=$2 warm=${3:-}
  local script env=()
  case $workload in
    cc)
      script="$BENCH/cc.lua"
      env=(CLIENT_ID="$CLIENT_ID" CLIENT_SECRET="$CLIENT_SECRET")
      ;;
    refresh)
      script="$BENCH/refresh.lua"
      # Tokens in flight when a run stops are spent without their answer being read:
      # every run starts from fresh sessions, one login per connection (+ a spare).
      : >"$WORK/tokens"
      local i
      for i in $(seq $((CONNECTIONS + THREADS))); do
        login_once "$REFRESH_EMAIL" >>"$WORK/tokens"
      done
      [[ $(grep -c . "$WORK/tokens") -ge $CONNECTIONS ]] || die "could not log in the refresh chains: $(head -c 300 "$WORK/tokens")"
      env=(TOKENS_FILE="$WORK/tokens" WRK_THREADS="$THREADS")
      ;;
    login)
      script="$BENCH/login.lua"
      env=(EMAIL="$LOGIN_EMAIL" PASSWORD="$PASSWORD" AUDIENCE="$API")
      ;;
  esac
  local args=(-t"$THREADS" -c"$CONNECTIONS" --latency -s "$script")
  local url
  case $workload in
    login) url="$BASE/api/auth/login" ;;
    *) url="$BASE/oauth/token" ;;
  esac
  if [[ -n "$warm" ]]; then
    say "  $backend $workload: warm-up $WARMUP"
    env "${env[@]}" taskset -c "$LOAD_CPU" wrk "${args[@]}" -d"$WARMUP" "$url" >"$WORK/warm.wrk" 2>&1
    return 0
  fi
  local out="$WORK/$backend.$workload.$(date +%s%N).wrk"
  local before after db_before db_after pids
  mapfile -t pids < <(pg_pids)
  db_before=$(pid_ticks "${pids[@]}")
  local flt_before flt_after
  flt_before=$(minflt "$SERVER_PID")
  before=$(cpu_ticks "$SERVER_PID")
  env "${env[@]}" taskset -c "$LOAD_CPU" wrk "${args[@]}" -d"$DURATION" "$url" >"$out" 2>&1
  after=$(cpu_ticks "$SERVER_PID")
  flt_after=$(minflt "$SERVER_PID")
  mapfile -t pids < <(pg_pids)
  db_after=$(pid_ticks "${pids[@]}")
  local rps p50 p99 requests non2xx sockerr errors cpu dbcpu dbticks
  rps=$(awk '/^Requests\/sec:/ { print $2 }' "$out")
  p50=$(to_ms "$(awk '$1 == "50%" { print $2 }' "$out")")
  p99=$(to_ms "$(awk '$1 == "99%" { print $2 }' "$out")")
  requests=$(awk '/requests in/ { print $1 }' "$out")
  non2xx=$(awk '/Non-2xx or 3xx responses:/ { print $NF }' "$out")
  sockerr=$(awk '/Socket errors:/ { s = 0; for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+,?$/) s += $i + 0; print s }' "$out")
  errors=$((${non2xx:-0} + ${sockerr:-0}))
  if [[ $workload == refresh ]]; then
    # refresh.lua also counts 200s without a rotated token; take the larger count.
    local luafail
    luafail=$(awk '/^refresh.lua: failed responses/ { gsub(",", "", $4); print $4 }' "$out")
    ((${luafail:-0} + ${sockerr:-0} > errors)) && errors=$((luafail + ${sockerr:-0}))
  fi
  # Database CPU: per backend pid, ticks after minus ticks before (0 for new pids).
  dbticks=$(awk 'NR == FNR { b[$1] = $2; next } { t += $2 - (($1 in b) ? b[$1] : 0) } END { print t + 0 }' \
    <(printf '%s\n' "$db_before") <(printf '%s\n' "$db_after"))
  cpu=$(awk -v t=$((after - before)) -v hz="$CLK_TCK" -v n="$requests" 'BEGIN { printf "%.1f", t / hz * 1e6 / n }')
  dbcpu=$(awk -v t="$dbticks" -v hz="$CLK_TCK" -v n="$requests" 'BEGIN { printf "%.1f", t / hz * 1e6 / n }')
  local faults rss threads
  faults=$(awk -v f=$((flt_after - flt_before)) -v n="$requests" 'BEGIN { printf "%.1f", f / n }')
  rss=$(rss_kib "$SERVER_PID")
  threads=$(threads_of "$SERVER_PID")
  echo "$rps $p50 $p99 $errors $cpu $dbcpu $faults $rss $threads" >>"$WORK/$backend.$workload.rounds"
  printf '    %s %s: %.0f req/s, p50 %s ms, p99 %s ms, errors %s, server CPU %s us/req, db CPU %s us/req, %s page faults/req; then RSS %s KiB, %s threads\n' \
    "$backend" "$workload" "$rps" "$p50" "$p99" "$errors" "$cpu" "$dbcpu" "$faults" "$rss" "$threads" >&2
  if [[ $errors -ne 0 ]]; then
    sed 's/^/      | /' "$out" >&2
  fi
  cat "$out" >>"$WORK/$backend.wrk.log"
}

# time_requests NAME KIND: $SAMPLES sequential requests with curl (concurrency 1),
# time_total of each in ms into $WORK/NAME.times.
time_requests() {
  local name=$1 kind=$2 i t token
  : >"$WORK/$name.times"
  if [[ $kind == refresh ]]; then token=$(login_once "$REFRESH_EMAIL"); fi
  for i in $(seq "$SAMPLES"); do
    case $kind in
      login)
        t=$(taskset -c "$LOAD_CPU" curl -sf -o /dev/null -w '%{time_total}' "$BASE/api/auth/login" \
          -H 'content-type: application/json' \
          -d "{\"email\":\"$LOGIN_EMAIL\",\"password\":\"$PASSWORD\",\"audience\":\"$API\"}")
        ;;
      refresh)
        local body
        body=$(taskset -c "$LOAD_CPU" curl -sf -w '\n%{time_total}' "$BASE/oauth/token" \
          -d "grant_type=refresh_token&refresh_token=$token")
        t=$(tail -n1 <<<"$body")
        token=$(head -n1 <<<"$body" | json_field refresh_token)
        [[ -n "$token" ]] || die "refresh chain broke while timing"
        ;;
    esac
    awk -v t="$t" 'BEGIN { printf "%.3f\n", t * 1000 }' >>"$WORK/$name.times"
  done
}

# --- one backend ---------------------------------------------------------------------
run_backend() {
  local backend=$1
  say "=== $backend ==="
  echo "$backend start: $(uptime)" >>"$WORK/uptime"
  case $backend in
    sqlite)
      STORE_ARGS=(--data-dir "$WORK/sqlite-data")
      ;;
    postgres)
      PG_DB="bench_issuer_$$"
      psql "$PG_URL/$PG_ADMIN_DB" -qAtc "CREATE DATABASE $PG_DB" >/dev/null
      local key
      key=$(od -An -tx1 -N32 /dev/urandom | tr -d ' \n')
      STORE_ARGS=(--database-url "$PG_URL/$PG_DB" --master-key "$key")
      ;;
  esac

  say "seeding: API $API, role, client, users"
  cli apis create --identifier "$API" --name bench --permission "$PERMISSION" >/dev/null
  cli roles create --name bench-reader --api "$API" --permission "$PERMISSION" >/dev/null
  local creds
  creds=$(cli clients create --name bench --audience "$API" --permission "$PERMISSION" 2>/dev/null)
  CLIENT_ID=$(sed -n 's/^client_id=//p' <<<"$creds")
  CLIENT_SECRET=$(sed -n 's/^client_secret=//p' <<<"$creds")
  [[ -n "$CLIENT_ID" && -n "$CLIENT_SECRET" ]] || die "could not create the client: $creds"
  local email
  for email in "$LOGIN_EMAIL" "$REFRESH_EMAIL"; do
    PORTCULLIS_NEW_PASSWORD="$PASSWORD" cli users create --email "$email" >/dev/null
    cli roles assign --email "$email" --role bench-reader >/dev/null
  done

  say "starting the server on $BASE (CPU $SERVER_CPU)"
  # One load generator on loopback is one client address: lift the per-IP limit.
  printf 'rate_limit_per_minute = 1000000000\n' >"$WORK/bench.toml"
  taskset -c "$SERVER_CPU" "$BIN" serve --config "$WORK/bench.toml" --listen "127.0.0.1:$PORT" "${STORE_ARGS[@]}" \
    >"$WORK/server.log" 2>&1 &
  SERVER_PID=$!
  wait_ready
  sleep 2
  local idle_rss
  idle_rss=$(rss_kib "$SERVER_PID")
  say "idle RSS: $idle_rss KiB"

  # Sanity: each workload answers 200 with what the Lua scripts expect.
  local cc_body
  cc_body=$(curl -sf "$BASE/oauth/token" -d "grant_type=client_credentials&client_id=$CLIENT_ID&client_secret=$CLIENT_SECRET") ||
    die "client_credentials failed"
  grep -q "\"scope\":\"$PERMISSION\"" <<<"$cc_body" || die "client_credentials: unexpected $cc_body"
  [[ -n "$(login_once "$LOGIN_EMAIL")" ]] || die "login failed"

  say "timing $SAMPLES sequential logins and refreshes (concurrency 1)"
  time_requests "$backend.login1" login
  time_requests "$backend.refresh1" refresh

  local round
  for round in $(seq "$ROUNDS"); do
    say "$backend, round $round/$ROUNDS"
    local w
    for w in cc refresh login; do
      if [[ $round == 1 ]]; then load "$backend" "$w" warm; fi
      load "$backend" "$w"
    done
  done

  sleep 2
  local after_rss hwm
  after_rss=$(rss_kib "$SERVER_PID")
  hwm=$(hwm_kib "$SERVER_PID")
  echo "$idle_rss $after_rss $hwm" >"$WORK/$backend.rss"
  if grep -qiE 'panic|ERROR' "$WORK/server.log"; then
    say "the server logged errors:"
    grep -iE 'panic|ERROR' "$WORK/server.log" | head -5 >&2
  fi
  echo "$backend end:   $(uptime)" >>"$WORK/uptime"
  stop_server
  drop_db
}

BACKENDS=()
case $WHICH in
  all) BACKENDS=(sqlite postgres) ;;
  *) BACKENDS=("$WHICH") ;;
esac
for b in "${BACKENDS[@]}"; do
  run_backend "$b"
done

# --- report --------------------------------------------------------------------------
col() { awk -v c="$1" '{ print $c }' "$WORK/$2.rounds" | median_of; }
sum_col() { awk -v c="$1" '{ s += $c } END { print s + 0 }' "$WORK/$2.rounds"; }

echo
echo "portcullis issuer, wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency, $ROUNDS rounds (medians);"
echo "server pinned to CPU $SERVER_CPU (one core), wrk pinned to CPU $LOAD_CPU; $(nproc) CPUs"
echo
printf '| %-8s | %-18s | %8s | %8s | %8s | %6s | %14s | %14s |\n' \
  backend workload "req/s" "p50 ms" "p99 ms" errors "server µs/req" "DB µs/req"
echo '|---|---|---:|---:|---:|---:|---:|---:|'
for b in "${BACKENDS[@]}"; do
  for w in cc refresh login; do
    case $w in
      cc) label="client_credentials" ;;
      refresh) label="refresh_token" ;;
      login) label="login" ;;
    esac
    printf '| %-8s | %-18s | %8.0f | %8s | %8s | %6s | %14s | %14s |\n' "$b" "$label" \
      "$(col 1 "$b.$w")" "$(col 2 "$b.$w")" "$(col 3 "$b.$w")" "$(sum_col 4 "$b.$w")" \
      "$(col 5 "$b.$w")" "$(col 6 "$b.$w")"
  done
done
echo
echo "errors: sum over the rounds of non-2xx responses and socket errors."
echo "DB µs/req: CPU of the PostgreSQL backends serving the pool (not pinned; 0 on SQLite, which runs in the server)."
echo
# Timed before and after the backends; the faster median is used (the stricter goal).
say "timing argon2id alone on CPU $SERVER_CPU again"
taskset -c "$SERVER_CPU" "$ARGON2_TIME" 30 >"$WORK/argon2.after.txt"
# CPU time per call (comparable with the server's CPU per login), the lower of the two runs.
cpu_in() { sed -n "s/^cpu per call: .*$1 \([0-9.]*\) ms.*/\1/p" "$WORK/argon2.txt" "$WORK/argon2.after.txt" | sort -g | head -n1; }
HASH_MS=$(cpu_in compute)
VERIFY_MS=$(cpu_in verify)
echo "one argon2id hash (bench/argon2-time on CPU $SERVER_CPU, 30 runs, before and after the load):"
sed 's/^/  before: /' "$WORK/argon2.txt"
sed 's/^/  after:  /' "$WORK/argon2.after.txt"
echo
echo "goals, per core (the server has one):"
for b in "${BACKENDS[@]}"; do
  for w in cc refresh; do
    rps=$(col 1 "$b.$w")
    us=$(col 5 "$b.$w")
    db=$(col 6 "$b.$w")
    awk -v b="$b" -v w="$w" -v r="$rps" -v us="$us" -v db="$db" 'BEGIN {
      printf "  %-8s %-8s %6.0f grants/s on one core = %.2fx the 4800/s goal (%s); server CPU %s us/grant => %.0f/s if the core were saturated", b, w, r, r / 4800, (r >= 4800 ? "met" : "NOT met"), us, 1e6 / us
      if (db > 0) printf "; server + DB CPU %.1f us => %.0f/s per core of both", us + db, 1e6 / (us + db)
      printf "\n"
    }'
  done
  rps=$(col 1 "$b.login")
  awk -v b="$b" -v r="$rps" -v h="$HASH_MS" -v v="$VERIFY_MS" 'BEGIN {
    g = 0.9 * 1000 / h; gv = 0.9 * 1000 / v
    printf "  %-8s login    %6.1f logins/s; goal 0.9 x 1 core / %.2f ms (hash CPU) = %.1f/s: %.2fx (%s); with the allocating verify (%.2f ms CPU): goal %.1f/s, %.2fx\n", b, r, h, g, r / g, (r >= g ? "met" : "NOT met"), v, gv, r / gv
  }'
done
echo
echo "concurrency 1 (curl, $SAMPLES sequential requests each, medians):"
for b in "${BACKENDS[@]}"; do
  l=$(median_of <"$WORK/$b.login1.times")
  r=$(median_of <"$WORK/$b.refresh1.times")
  h=$(awk -v l="$l" -v r="$r" 'BEGIN { printf "%.1f", l - r }')
  goal=$(awk -v h="$h" 'BEGIN { printf "%.1f", 0.9 * 1000 / h }')
  goal_e2e=$(awk -v l="$l" 'BEGIN { printf "%.1f", 0.9 * 1000 / l }')
  printf '  %-8s login %s ms, refresh %s ms => one argon2id check ~ %s ms (login - refresh)\n' "$b" "$l" "$r" "$h"
  printf '           login goal on 1 core: 0.9 x 1/%s ms = %s logins/s (with the whole login time: %s/s)\n' "$h" "$goal" "$goal_e2e"
  printf '           login times: %s\n' "$(tr '\n' ' ' <"$WORK/$b.login1.times")"
  printf '           refresh times: %s\n' "$(tr '\n' ' ' <"$WORK/$b.refresh1.times")"
done
echo
echo "RSS of the server (KiB): idle after start+seeding, after the load, peak (VmHWM):"
for b in "${BACKENDS[@]}"; do
  read -r idle after hwm <"$WORK/$b.rss"
  printf '  %-8s idle %s KiB (%.1f MiB), after load %s KiB (%.1f MiB), peak %s KiB (%.1f MiB)\n' "$b" \
    "$idle" "$(awk -v k="$idle" 'BEGIN { print k / 1024 }')" "$after" "$(awk -v k="$after" 'BEGIN { print k / 1024 }')" \
    "$hwm" "$(awk -v k="$hwm" 'BEGIN { print k / 1024 }')"
done
echo
echo "per-round figures (req/s p50 p99 errors server_us db_us minflt_per_req rss_kib_after threads_after):"
for b in "${BACKENDS[@]}"; do
  for w in cc refresh login; do
    printf '  %-8s %-8s %s\n' "$b" "$w" "$(paste -sd';' "$WORK/$b.$w.rounds")"
  done
done
echo
echo "load average:"
sed 's/^/  /' "$WORK/uptime"
