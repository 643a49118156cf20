#!/usr/bin/env bash
# Micro-benchmark of token verification (crates/portcullis/benches/verify.rs). Prints
# criterion's figures, then the bench's own interleaved table (ratios taken within each
# round, robust to a machine whose load drifts), then the ratios of criterion's medians.
#
# Usage: bench/verify.sh [extra criterion args, e.g. a filter like ES256]
# Environment: CARGO_TARGET_DIR (default: the workspace's target/), BENCH_CPU (1: the
#   CPU the bench is pinned to with taskset; empty to not pin).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}
command -v python3 >/dev/null || { echo "bench/verify.sh: python3 is required for the ratio table" >&2; exit 1; }

STARTED=$(date +%s)
BENCH_CPU=${BENCH_CPU-1}
PIN=()
if [[ -n "$BENCH_CPU" ]] && command -v taskset >/dev/null; then
  PIN=(taskset -c "$BENCH_CPU")
fi
# Build first (on every CPU), then run pinned.
(cd "$ROOT" && CARGO_TARGET_DIR="$TARGET_DIR" cargo bench -p portcullis --bench verify --no-run)
(cd "$ROOT" && CARGO_TARGET_DIR="$TARGET_DIR" "${PIN[@]}" cargo bench -p portcullis --bench verify -- "$@")

python3 - "$TARGET_DIR/criterion" "$STARTED" <<'EOF'
import json, os, sys

base, started = sys.argv[1], float(sys.argv[2])

def median_ns(group, name):
    path = os.path.join(base, group, name, "new", "estimates.json")
    try:
        if os.path.getmtime(path) < started:
            return None  # left by an earlier run (e.g. one with a filter)
        with open(path) as f:
            return json.load(f)["median"]["point_estimate"]
    except FileNotFoundError:
        return None

def fmt(ns):
    if ns is None:
        return "-"
    return f"{ns / 1000:.2f} µs" if ns >= 1000 else f"{ns:.0f} ns"

def ratio(a, b):
    return "-" if a is None or b is None else f"{a / b:.3f}×"

print()
print("criterion medians of this run; ratios against `raw` (goal: guard_uncached <= 1.1× raw, guard_cached <= 300 ns)")
print()
print("| alg | raw | verifier | guard_uncached | guard_cached | verifier/raw | uncached/raw | uncached − raw |")
print("|---|---|---|---|---|---|---|---|")
for alg in ["ES256", "RS256", "EdDSA", "HS256"]:
    r, v, u, c = (median_ns(alg, n) for n in ["raw", "verifier", "guard_uncached", "guard_cached"])
    if r is None:
        continue
    over = "-" if u is None else fmt(u - r)
    print(f"| {alg} | {fmt(r)} | {fmt(v)} | {fmt(u)} | {fmt(c)} | {ratio(v, r)} | {ratio(u, r)} | {over} |")
EOF
