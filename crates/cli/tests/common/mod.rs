//! Helpers shared by the CLI's integration test binaries (each uses a subset).
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root.
pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Runs the built binary with `args` from the repository root, without `$COLUMNS`.
pub fn turnus(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_turnus"))
        .args(args)
        .current_dir(repo())
        .env_remove("COLUMNS")
        .output()
        .expect("the turnus binary runs")
}

/// Output bytes as text.
pub fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).expect("UTF-8 output")
}

/// The exit code.
pub fn code(o: &Output) -> i32 {
    o.status.code().expect("exited normally")
}
