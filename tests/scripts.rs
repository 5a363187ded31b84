//! `scripts/env.sh` with a target directory shared by several clones: a clone that did not
//! build there last gets its sources marked as new (so cargo rebuilds the workspace's crates from
//! them), and a clone that did is left alone (so nothing is rebuilt needlessly).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, SystemTime};

/// A scratch directory under the system's temporary directory, removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!("turnus-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Scratch(dir)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A stand-in clone at `dir`: this repository's `scripts/env.sh`, a source file and a data file,
/// all dated 2001.
fn clone_at(dir: &Path) -> (PathBuf, PathBuf) {
    std::fs::create_dir_all(dir.join("scripts")).unwrap();
    std::fs::create_dir_all(dir.join("crates/x/src")).unwrap();
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/env.sh"),
        dir.join("scripts/env.sh"),
    )
    .unwrap();
    let source = dir.join("crates/x/src/lib.rs");
    let data = dir.join("crates/x/data.json");
    std::fs::write(&source, "").unwrap();
    std::fs::write(&data, "{}").unwrap();
    for f in [&source, &data] {
        age(f);
    }
    (source, data)
}

fn age(file: &Path) {
    let old = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000_000);
    std::fs::File::options()
        .write(true)
        .open(file)
        .unwrap()
        .set_modified(old)
        .unwrap();
}

fn recent(file: &Path) -> bool {
    let modified = std::fs::metadata(file).unwrap().modified().unwrap();
    modified > SystemTime::UNIX_EPOCH + Duration::from_secs(1_500_000_000)
}

/// Sources `env.sh` of the clone at `dir` with `target` as the target directory.
fn source_env(dir: &Path, target: &Path) {
    let status = Command::new("bash")
        .arg("-c")
        .arg(". scripts/env.sh")
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target)
        .status()
        .expect("bash runs");
    assert!(status.success(), "env.sh failed in {}", dir.display());
}

#[test]
fn a_clone_that_did_not_build_last_gets_its_sources_marked_new() {
    let scratch = Scratch::new("env-sh");
    let target = scratch.0.join("target");
    std::fs::create_dir_all(&target).unwrap();
    let (a_src, a_data) = clone_at(&scratch.0.join("a"));
    let (b_src, _) = clone_at(&scratch.0.join("b"));
    let marker = target.join(".turnus-clone");

    // Clone a builds first: its sources are marked new, its data files are not, b is untouched.
    source_env(&scratch.0.join("a"), &target);
    assert!(recent(&a_src));
    assert!(!recent(&a_data));
    assert!(!recent(&b_src));
    let a_root = std::fs::read_to_string(&marker).unwrap();
    assert!(a_root.trim_end().ends_with("/a"), "{a_root}");

    // Again from a: it built last, so nothing is touched.
    age(&a_src);
    source_env(&scratch.0.join("a"), &target);
    assert!(!recent(&a_src));

    // From b: b's sources are marked new and b becomes the last clone.
    source_env(&scratch.0.join("b"), &target);
    assert!(recent(&b_src));
    assert!(!recent(&a_src));
    assert!(std::fs::read_to_string(&marker)
        .unwrap()
        .trim_end()
        .ends_with("/b"));
}

/// A new target directory has nothing to mix up: it is created and marked, nothing touched.
#[test]
fn a_new_target_directory_is_only_marked() {
    let scratch = Scratch::new("env-sh-fresh");
    let target = scratch.0.join("no-target-yet");
    let (src, _) = clone_at(&scratch.0.join("a"));
    source_env(&scratch.0.join("a"), &target);
    assert!(!recent(&src));
    let marked = std::fs::read_to_string(target.join(".turnus-clone")).unwrap();
    assert!(marked.trim_end().ends_with("/a"), "{marked}");
}
