#!/usr/bin/env bash
# The main job on a bundled scenario: the text report of the nursing-home fixture's rota
# (its grid, KPIs, objective and rule violations). Extra arguments go to `turnus report`,
# e.g. `--format json` or `--width 160`.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/env.sh"
scripts/setup.sh
cargo build --release -p turnus-cli
turnus=$CARGO_TARGET_DIR/release/turnus

scenario=fixtures/nursing_home/scenario.json
rota=fixtures/nursing_home/rota.json
if [[ -f $scenario && -f $rota ]]; then
    exec "$turnus" report "$scenario" "$rota" "$@"
fi
echo "run-example: $scenario or $rota is missing; showing fixtures/doc_example.json with an all-off rota" >&2
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
"$turnus" template fixtures/doc_example.json >"$tmp"
"$turnus" report fixtures/doc_example.json "$tmp" "$@"
