#!/usr/bin/env bash
# Long solver runs on the fixtures, as recorded in benches/RESULTS.md: every fixture, three
# seeds, `turnus solve --time-limit 60 --threads 2`, one line of figures per run (status,
# objective, proven bound, gap %, seconds to the first rota, seconds in all, search iterations,
# model rows, columns, non-zeros, build seconds). Arguments: time limit (default 60), seeds
# (default "1 2 3"). Takes about 9 minutes with the defaults; run it on an otherwise idle machine.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/env.sh"
scripts/setup.sh
cargo build --release -p turnus-cli
turnus=$CARGO_TARGET_DIR/release/turnus
limit=${1:-60}
seeds=${2:-1 2 3}
echo "fixture seed status objective bound gap% first_s total_s iterations rows columns nonzeros build_s"
for f in small_unit nursing_home home_care; do
    for seed in $seeds; do
        "$turnus" solve "fixtures/$f/scenario.json" --time-limit "$limit" --threads 2 --seed "$seed" --json 2>/dev/null \
        | python3 -c '
import json, sys
d = json.load(sys.stdin)["solve"]
r = lambda x, n: None if x is None else round(x, n)
print(sys.argv[1], sys.argv[2], d["status"], d["objective"], r(d["bound"], 2),
      None if d["gap"] is None else round(100 * d["gap"], 2), r(d["first_solution_seconds"], 1),
      r(d["solve_seconds"], 1), d["iterations"], d["rows"], d["columns"], d["nonzeros"],
      r(d["build_seconds"], 3))' "$f" "$seed" || true
    done
done
