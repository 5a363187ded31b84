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
# Cargo decides what to rebuild by file times, and artifacts in a shared target directory do not
# tell clones apart: after a build from another clone, a clone whose files are older would run
# that clone's binaries, with its paths compiled in (`env!("CARGO_MANIFEST_DIR")`; seen in
# session 11, when the fixture tests looked for another clone's files). So a clone that did not
# build here last marks its own sources as new, and cargo rebuilds the workspace's crates (not
# HiGHS).
# (A new target directory has nothing to mix up: it is only marked.)
turnus_marker=$CARGO_TARGET_DIR/.turnus-clone
if [[ ! -d $CARGO_TARGET_DIR ]]; then
    mkdir -p "$CARGO_TARGET_DIR"
    printf '%s\n' "$root" >"$turnus_marker"
elif [[ "$(cat "$turnus_marker" 2>/dev/null)" != "$root" ]]; then
    find "$root" \( -path "$root/target" -o -path "$root/.git" \) -prune -o -type f \
        \( -name '*.rs' -o -name 'Cargo.toml' \) -exec touch {} +
    printf '%s\n' "$root" >"$turnus_marker"
fi
