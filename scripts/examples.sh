#!/usr/bin/env bash
# Runs every example in examples/ on small time limits (a few seconds each) and fails if any
# fails or does not print what it is for. The limits are too short for good rotas; this checks
# that the examples run, not how well they solve. Pass a number to change the seconds per solve.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/env.sh"
secs=${1:-3}
cargo build --release --examples

# run NAME MARKER ARGS…: runs the example, shows its output, checks that MARKER is in it.
run() {
    local name=$1 marker=$2
    shift 2
    printf '\n==> example %s %s\n' "$name" "$*"
    local out
    if ! out=$("$CARGO_TARGET_DIR/release/examples/$name" "$@"); then
        printf '%s\n' "$out"
        echo "example $name failed" >&2
        return 1
    fi
    printf '%s\n' "$out"
    if ! grep -qF -- "$marker" <<<"$out"; then
        echo "example $name did not print \"$marker\"" >&2
        return 1
    fi
}

run nursing_home "KPIS" "$secs"
run home_care "KPIS" "$secs"
# Four combinations, two at a time.
run heltid_levers "What the sweep says" "$secs"
run embed "Read back:" "$secs"
echo
echo "examples: ok"
