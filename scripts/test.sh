#!/usr/bin/env bash
# The tests: unit, integration and doc tests (the README example included) of every crate,
# in the release profile like every other build here. Extra arguments go to `cargo test`.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/env.sh"
scripts/setup.sh
cargo test --release --workspace "$@"
