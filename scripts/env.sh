# Sourced by the other scripts (not run on its own): goes to the repository root, finds cargo
# in ~/.cargo/bin when it is not on PATH, and sets the shared target directory. Everything is
# built with the release profile, so the HiGHS solver (a C++ build) compiles only once.
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
if ! command -v cargo >/dev/null 2>&1 && [[ -x ${HOME:?}/.cargo/bin/cargo ]]; then
    PATH=$HOME/.cargo/bin:$PATH
    export PATH
fi
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-${HOME:?}/.cache/turnus-target}
