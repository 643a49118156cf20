#!/usr/bin/env bash
# Soak run: `portcullis serve --demo` (issuer on SQLite + the hello-world API behind the
# guard) under mixed traffic for SOAK_SECONDS, all at once, over loopback:
#   * API protected endpoint with a valid token          -> every answer 200
#   * API protected endpoint without a token             -> every answer 401
#   * API admin endpoint with a user's token             -> every answer 403
#   * issuer refresh_token grants, rotated per chain      -> every answer 200
#   * issuer JSON logins (argon2id)                        -> every answer 200
#   * issuer JWKS                                          -> every answer 200
# It fails on any unexpected status, any socket error or timeout, a server that dies,
# or memory that is not flat (RSS at the end above 1.3 x the RSS after the first
# quarter, plus 16 MiB). The per-IP limit is raised in the config file: all the load
# comes from one address, and the limiter has its own tests.
#
# Usage: bench/soak.sh    Knobs: SOAK_SECONDS (60), PORTCULLIS_BIN
#   (target/debug/portcullis), PORT (18090), API_PORT (16090), SPA_PORT (14090).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH="$ROOT/bench"
SECONDS_TOTAL=${SOAK_SECONDS:-60}
BIN=${PORTCULLIS_BIN:-$ROOT/target/debug/portcullis}
PORT=${PORT:-18090}
API_PORT=${API_PORT:-16090}
SPA_PORT=${SPA_PORT:-14090}
ISSUER="http://127.0.0.1:$PORT"
API="http://127.0.0.1:$API_PORT"
AUDIENCE=https://hello-world.example.com
EMAIL=user@example.com
PASSWORD=demo-user-password

say() { printf '==> %s\n' "$*" >&2; }
die() {
  printf 'bench/soak.sh: %s\n' "$*" >&2
  exit 1
}

[[ -x "$BIN" ]] || die "no portcullis binary at $BIN (cargo build first, or set PORTCULLIS_BIN)"
command -v wrk >/dev/null || die "wrk is not installed (apt-get install wrk)"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/portcullis-soak.XXXXXX")
SERVER_PID=""
cleanup() {
  if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

cat >"$WORK/config.toml" <<TOML
data_dir = "$WORK/data"
rate_limit_per_minute = 100000000
TOML

say "starting the demo on :$PORT (API :$API_PORT)"
PORTCULLIS_LOG=warn "$BIN" serve --demo --config "$WORK/config.toml" --listen "127.0.0.1:$PORT" \
  --demo-api-port "$API_PORT" --demo-spa-port "$SPA_PORT" --demo-corp-port 0 >"$WORK/server.out" 2>"$WORK/server.err" &
SERVER_PID=$!
for _ in $(seq 1 120); do
  curl -sf "$API/api/messages/public" >/dev/null 2>&1 && break
  kill -0 "$SERVER_PID" 2>/dev/null || die "the server exited: $(tail -5 "$WORK/server.err")"
  sleep 0.5
done
curl -sf "$API/api/messages/public" >/dev/null || die "the demo did not come up"

login() {
  curl -sf "$ISSUER/api/auth/login" -H 'content-type: application/json' \
    -d "{\"email\":\"$EMAIL\",\"password\":\"$PASSWORD\",\"audience\":\"$AUDIENCE\"}"
}
TOKEN=$(login | sed 's/.*"access_token":"\([^"]*\)".*/\1/')
[[ -n "$TOKEN" ]] || die "no access token"
: >"$WORK/refresh-tokens"
# One chain per refresh connection, plus one: wrk builds a request before it connects.
for _ in 1 2 3 4 5; do
  printf '%s\n' "$(login | sed 's/.*"refresh_token":"\([^"]*\)".*/\1/')" >>"$WORK/refresh-tokens"
done

rss_kib() { awk '/^VmRSS:/ {print $2}' "/proc/$SERVER_PID/status"; }

run() { # name connections url script [env...]
  local name=$1 conns=$2 url=$3 script=$4
  shift 4
  env "$@" wrk -t1 -c"$conns" -d"${SECONDS_TOTAL}s" --timeout 10s -s "$BENCH/$script" "$url" \
    >"$WORK/$name.out" 2>"$WORK/$name.err" &
}

say "mixed traffic for ${SECONDS_TOTAL}s"
run protected 4 "$API/api/messages/protected" expect.lua EXPECT=200 TOKEN="$TOKEN"
run anonymous 2 "$API/api/messages/protected" expect.lua EXPECT=401
run admin-denied 2 "$API/api/messages/admin" expect.lua EXPECT=403 TOKEN="$TOKEN"
run refresh 4 "$ISSUER/oauth/token" refresh.lua TOKENS_FILE="$WORK/refresh-tokens" WRK_THREADS=1
run login 1 "$ISSUER/api/auth/login" expect.lua EXPECT=200 METHOD=POST \
  BODY="{\"email\":\"$EMAIL\",\"password\":\"$PASSWORD\",\"audience\":\"$AUDIENCE\"}"
run jwks 2 "$ISSUER/.well-known/jwks.json" expect.lua EXPECT=200
sleep $((SECONDS_TOTAL / 4))
warm=$(rss_kib)
wait_all() { while [[ -n "$(jobs -rp | grep -v "^$SERVER_PID\$" || true)" ]]; do sleep 1; done; }
wait_all
kill -0 "$SERVER_PID" 2>/dev/null || die "the server died under load: $(tail -5 "$WORK/server.err")"
end=$(rss_kib)

failed=0
printf '\n%-13s %10s %12s  %s\n' traffic requests req/s outcome
for name in protected anonymous admin-denied refresh login jwks; do
  out="$WORK/$name.out"
  reqs=$(awk '/requests in/ {print $1}' "$out")
  rate=$(awk '/^Requests\/sec/ {print $2}' "$out")
  outcome=$(grep -E '^(expect|refresh)\.lua:' "$out" || echo "no summary")
  printf '%-13s %10s %12s  %s\n' "$name" "${reqs:-?}" "${rate:-?}" "$outcome"
  if grep -q 'Socket errors' "$out"; then
    echo "  $(grep 'Socket errors' "$out")"
    failed=1
  fi
  if ! grep -Eq '^expect\.lua: [0-9]+ responses, 0 unexpected|^refresh\.lua: failed responses 0, requests sent without a token 0' "$out"; then
    sed -n 1,3p "$WORK/$name.err" >&2
    failed=1
  fi
done
limit=$((warm * 13 / 10 + 16 * 1024))
printf '\nserver RSS: %d MiB after %ds, %d MiB at the end (limit %d MiB)\n' \
  $((warm / 1024)) $((SECONDS_TOTAL / 4)) $((end / 1024)) $((limit / 1024))
((end <= limit)) || {
  echo "memory grew beyond the limit" >&2
  failed=1
}
((failed == 0)) || die "the soak run failed"
echo "soak: ${SECONDS_TOTAL}s of mixed traffic, no unexpected answer, memory flat"
