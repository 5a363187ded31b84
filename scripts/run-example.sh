#!/usr/bin/env bash
# The main job on a bundled scenario: solve the small dementia unit (fixtures/small_unit) with
# the MIP solver, print the rota grid, the KPIs and the solve statistics, write the rota and let
# the independent validator check it. Extra arguments go to `turnus solve`, e.g.
# `--time-limit 60` or `--json`.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/env.sh"
scripts/setup.sh
cargo build --release -p turnus-cli
turnus=$CARGO_TARGET_DIR/release/turnus

scenario=fixtures/small_unit/scenario.json
out=${TURNUS_EXAMPLE_OUT:-$(mktemp -t turnus-rota.XXXXXX.json)}
"$turnus" solve "$scenario" --time-limit 60 -o "$out" "$@"
echo
echo "Rota written to $out; the validator's verdict:"
"$turnus" validate "$scenario" "$out"
