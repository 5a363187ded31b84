//! The README must not rot.
//!
//! Its Rust example is compiled and run as a doctest: `src/lib.rs` includes `README.md` as the
//! docs of a `#[cfg(doctest)]` item, so `cargo test` runs every `rust` block in it. The tests
//! here make sure that stays so, and that the set-up commands the README gives exist and are the
//! ones CI runs.

use std::path::Path;

const README: &str = include_str!("../README.md");
const LIB: &str = include_str!("../src/lib.rs");
const CI: &str = include_str!("../.ci/run");

/// The fenced code blocks of the README: (info string, body).
fn code_blocks() -> Vec<(&'static str, String)> {
    let mut blocks = Vec::new();
    let mut lines = README.lines();
    while let Some(line) = lines.next() {
        if let Some(info) = line.strip_prefix("```") {
            let body: Vec<&str> = lines
                .by_ref()
                .take_while(|l| !l.starts_with("```"))
                .collect();
            blocks.push((info.trim(), body.join("\n")));
        }
    }
    blocks
}

#[test]
fn the_readme_example_is_a_doctest_that_runs() {
    assert!(
        LIB.contains("#[cfg(doctest)]") && LIB.contains("include_str!(\"../README.md\")"),
        "src/lib.rs no longer runs the README as a doctest"
    );
    let rust: Vec<_> = code_blocks()
        .into_iter()
        .filter(|(info, _)| info.starts_with("rust"))
        .collect();
    assert_eq!(rust.len(), 1, "expected one Rust example in the README");
    let (info, body) = &rust[0];
    assert_eq!(
        *info, "rust",
        "the example must run, not be `ignore` or `no_run`"
    );
    for call in [
        "Scenario::from_json",
        "Rota::empty",
        "validate(",
        "report.kpis",
    ] {
        assert!(body.contains(call), "the example no longer shows {call}");
    }
}

#[test]
fn the_setup_commands_exist_and_ci_runs_them() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let setup = code_blocks()
        .into_iter()
        .find(|(info, body)| *info == "sh" && body.contains("./scripts/"))
        .expect("a set-up block");
    let commands: Vec<&str> = setup
        .1
        .lines()
        .map(|l| l.split('#').next().unwrap().trim())
        .filter(|l| !l.is_empty())
        .collect();
    assert_eq!(commands, ["./scripts/run-example.sh", "./scripts/test.sh"]);
    for cmd in &commands {
        let path = root.join(cmd);
        assert!(path.is_file(), "{cmd} is missing");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = path.metadata().unwrap().permissions().mode();
            assert!(mode & 0o111 != 0, "{cmd} is not executable");
        }
        let script = std::fs::read_to_string(&path).unwrap();
        assert!(
            script.contains("scripts/setup.sh"),
            "{cmd} does not run setup.sh first"
        );
    }
    // CI runs the tests, then the main job, exactly as the README says.
    let test = CI
        .rfind("\n./scripts/test.sh")
        .expect(".ci/run runs ./scripts/test.sh");
    let example = CI
        .rfind("\n./scripts/run-example.sh")
        .expect(".ci/run runs ./scripts/run-example.sh");
    assert!(test < example);
}
