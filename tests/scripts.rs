//! The scripts' checks. `scripts/env.sh` with a target directory shared by several clones: a
//! clone that did not build there last gets its sources marked as new (so cargo rebuilds the
//! workspace's crates from them), and a clone that did is left alone (so nothing is rebuilt
//! needlessly). `scripts/setup.sh`'s libclang check tells libclang from clang's C++ library.

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

/// `scripts/setup.sh --find-libclang` with `TURNUS_LIBCLANG_DIRS` set to `dirs`: its stdout when
/// it found one, `None` when it exits 1.
fn find_libclang(dirs: &str) -> Option<String> {
    let out = Command::new("bash")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/setup.sh"))
        .arg("--find-libclang")
        .env("TURNUS_LIBCLANG_DIRS", dirs)
        .env_remove("LIBCLANG_PATH")
        .output()
        .expect("bash runs");
    match out.status.code() {
        Some(0) => Some(
            String::from_utf8(out.stdout)
                .unwrap()
                .trim_end()
                .to_string(),
        ),
        Some(1) => {
            assert_eq!(
                String::from_utf8_lossy(&out.stderr),
                "setup: no libclang found\n"
            );
            None
        }
        code => panic!("setup.sh --find-libclang exited with {code:?}"),
    }
}

/// Setup's libclang check (session 10: a fresh machine had only clang's C++ library,
/// `libclang-cpp.so.14`, which setup took for libclang, so it did not install `libclang-dev` and
/// bindgen then failed): the C++ library does not count; the C API under its Debian names does.
#[test]
fn setup_finds_libclang_and_not_libclang_cpp() {
    let scratch = Scratch::new("libclang");
    let (a, b) = (scratch.0.join("a"), scratch.0.join("b"));
    std::fs::create_dir_all(&a).unwrap();
    std::fs::create_dir_all(&b).unwrap();
    let dirs = format!("{} {}", a.display(), b.display());
    assert_eq!(find_libclang(&dirs), None, "empty directories");
    std::fs::write(a.join("libclang-cpp.so.14"), "").unwrap();
    assert_eq!(find_libclang(&dirs), None, "clang's C++ library only");
    std::fs::write(b.join("libclang-14.so.1"), "").unwrap();
    let found = b.join("libclang-14.so.1").display().to_string();
    assert_eq!(find_libclang(&dirs).as_deref(), Some(found.as_str()));
    std::fs::write(a.join("libclang.so.1"), "").unwrap();
    let first = a.join("libclang.so.1").display().to_string();
    assert_eq!(
        find_libclang(&dirs).as_deref(),
        Some(first.as_str()),
        "the directories are searched in order"
    );
}
