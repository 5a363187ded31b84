#!/usr/bin/env bash
# Checks what the system must provide to build and test turnus, and installs what it can:
#
#   - a Rust toolchain (cargo, rustc) at least as new as `rust-version` in Cargo.toml;
#     if it is missing this prints how to install it with rustup and fails;
#   - for the HiGHS solver (a C++ library built from source by cargo): cmake, a C++ compiler
#     and libclang, plus make and a C compiler (cc, also Rust's linker). When missing, they are
#     installed with
#         apt-get install -y cmake libclang-dev g++        (and make, gcc if those are missing)
#     if running as root or with password-less sudo; otherwise this prints exactly what to
#     install and fails;
#   - for the browser test of the HTML report (crates/cli/tests/report_outputs.rs): a headless
#     Chromium (`chromium`, `chromium-browser` or $CHROMIUM). When missing it is installed with
#         apt-get install -y chromium
#     in the same way. If it cannot be installed, this prints how to install it and goes on (only
#     that test needs it, and it fails with a line pointing here); with --ci it fails instead.
#
# Usage: scripts/setup.sh [--ci]      --ci also checks rustfmt and clippy, and requires Chromium
#                                     (for .ci/run)
#        scripts/setup.sh --find-libclang   only print the libclang bindgen would get (exit 1: none)
set -euo pipefail

# The libclang that bindgen loads (the C API), searched in $LIBCLANG_PATH and the usual system
# directories; TURNUS_LIBCLANG_DIRS replaces that list (tests/scripts.rs uses it).
find_libclang() {
    local dir f
    # Unquoted on purpose: the list splits into directories and its globs expand.
    # shellcheck disable=SC2086
    for dir in ${TURNUS_LIBCLANG_DIRS:-${LIBCLANG_PATH:-} /usr/lib/llvm-*/lib \
        /usr/lib/x86_64-linux-gnu /usr/lib/aarch64-linux-gnu /usr/lib64 /usr/lib /usr/local/lib}; do
        for f in "$dir"/libclang.so "$dir"/libclang-*.so* "$dir"/libclang.so.*; do
            # libclang-cpp is clang's C++ library, not the C API bindgen loads.
            if [[ -e $f && $f != */libclang-cpp* ]]; then
                echo "$f"
                return 0
            fi
        done
    done
    return 1
}

# `--find-libclang`: only print the libclang found (exit 0), or say none was (exit 1).
if [[ ${1:-} == --find-libclang ]]; then
    find_libclang || { echo "setup: no libclang found" >&2; exit 1; }
    exit 0
fi

. "$(dirname "${BASH_SOURCE[0]}")/env.sh"

ci=false
case "${1:-}" in
    --ci) ci=true ;;
    "") ;;
    *) echo "usage: scripts/setup.sh [--ci | --find-libclang]" >&2; exit 2 ;;
esac

say() { echo "setup: $*" >&2; }

# --- Rust ---------------------------------------------------------------------------------
need_rust=$(sed -n 's/^rust-version *= *"\([0-9.]*\)".*/\1/p' Cargo.toml | head -n 1)
if ! command -v cargo >/dev/null 2>&1 || ! command -v rustc >/dev/null 2>&1; then
    say "no Rust toolchain found (cargo and rustc are not on PATH nor in ~/.cargo/bin)."
    say "Install Rust ${need_rust} or newer with rustup, then run this again:"
    say "    curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal"
    say "    . \"\$HOME/.cargo/env\""
    exit 1
fi
have_rust=$(rustc --version | awk '{print $2}')
if [[ -n $need_rust ]] && ! printf '%s\n%s\n' "$need_rust" "${have_rust%%-*}" | sort -V -C; then
    say "rustc ${have_rust} is older than the ${need_rust} turnus needs."
    say "Update it with:  rustup update stable"
    exit 1
fi
if $ci; then
    for comp in rustfmt clippy; do
        sub=${comp/rustfmt/fmt}
        if ! cargo "$sub" --version >/dev/null 2>&1; then
            if command -v rustup >/dev/null 2>&1; then
                say "installing the ${comp} component"
                rustup component add "$comp"
            else
                say "cargo ${sub} is missing; install the ${comp} component of your toolchain"
                exit 1
            fi
        fi
    done
fi

# --- Installing Debian packages ----------------------------------------------------------------
# apt-get runs as root, or through password-less sudo; `can_apt_install` sets `sudo` to match.
can_apt_install() {
    if [[ $(id -u) -eq 0 ]]; then
        sudo=()
    elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
        sudo=(sudo)
    else
        return 1
    fi
}
apt_install() {
    say "installing: apt-get install -y $*"
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@"
}

# --- Native tools for the HiGHS solver -------------------------------------------------------
find_cxx() {
    local c
    for c in "${CXX:-}" c++ g++ clang++; do
        if [[ -n $c ]] && command -v "$c" >/dev/null 2>&1; then
            echo "$c"
            return 0
        fi
    done
    return 1
}

# cmake drives the HiGHS build with make; cc is also the linker Rust uses on Linux.
missing=()
command -v cmake >/dev/null 2>&1 || missing+=(cmake)
command -v make >/dev/null 2>&1 || missing+=(make)
command -v cc >/dev/null 2>&1 || missing+=(gcc)
find_cxx >/dev/null || missing+=(g++)
find_libclang >/dev/null || missing+=(libclang-dev)

if ((${#missing[@]} > 0)); then
    say "missing for the HiGHS solver build: ${missing[*]}"
    if ! command -v apt-get >/dev/null 2>&1; then
        say "this is not a Debian-like system (no apt-get). Install with your package manager:"
        say "    cmake, make, a C and C++ compiler (gcc/g++ or clang) and libclang (the clang"
        say "    development library)"
        exit 1
    fi
    if ! can_apt_install; then
        say "not root and no password-less sudo. Install them with:"
        say "    sudo apt-get update && sudo apt-get install -y ${missing[*]}"
        say "then run this again."
        exit 1
    fi
    apt_install "${missing[@]}"
    if ! { command -v cmake && command -v make && command -v cc && find_cxx && find_libclang; } \
        >/dev/null 2>&1; then
        say "installed ${missing[*]}, but cmake, make, cc, a C++ compiler or libclang is still missing"
        exit 1
    fi
fi

# --- Headless Chromium for the browser test of the HTML report ---------------------------------
find_chromium() {
    local c
    for c in "${CHROMIUM:-}" chromium chromium-browser; do
        if [[ -n $c ]] && command -v "$c" >/dev/null 2>&1; then
            command -v "$c"
            return 0
        fi
    done
    return 1
}
# Says why Chromium is missing and how to install it; fails under --ci, else the run goes on.
no_chromium() {
    say "$1"
    say "$2"
    say "(or set CHROMIUM to a Chromium or Chrome binary). The HTML browser test fails without it."
    if $ci; then
        exit 1
    fi
}
if ! find_chromium >/dev/null; then
    say "missing for the HTML report's browser test: chromium"
    if ! command -v apt-get >/dev/null 2>&1; then
        no_chromium "this is not a Debian-like system (no apt-get)." \
            "Install Chromium with your package manager"
    elif ! can_apt_install; then
        no_chromium "not root and no password-less sudo." \
            "Install it with:  sudo apt-get update && sudo apt-get install -y chromium"
    else
        apt_install chromium
        find_chromium >/dev/null || no_chromium "installed chromium, but no chromium binary is on PATH." \
            "Put it on PATH"
    fi
fi
if chromium=$(find_chromium); then
    chromium_note=", $("$chromium" --version 2>/dev/null | head -n 1)"
else
    chromium_note=", no Chromium"
fi

cxx=$(find_cxx)
say "ok: rustc ${have_rust}, $(cmake --version | head -n 1), ${cxx} $("$cxx" -dumpversion), \
libclang $(find_libclang)${chromium_note}; target dir ${CARGO_TARGET_DIR}"
