//! `turnus bench curtois`: a real run on Instance1 (the benchmark directory must be there, as it
//! is in CI), best-known values from a README of our own, and every kind of bad input.

use std::path::{Path, PathBuf};
use std::process::Output;

use turnus_instances::curtois;

mod common;
use common::{text, turnus};

/// The real benchmark directory; the test fails (never skips) when it is missing.
fn real_dir() -> PathBuf {
    let dir = curtois::default_dir();
    assert!(
        curtois::instance_path(&dir, 1).is_file(),
        "Curtois instances not found in {}: set {} to the directory with Instance1.txt … \
         Instance24.txt and README.md",
        dir.display(),
        curtois::DIR_ENV
    );
    dir
}

/// A fresh directory in the temp dir holding the given files (a passing test removes it).
fn temp_dir(name: &str, files: &[(&str, &str)]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("turnus-bench-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for (file, body) in files {
        std::fs::write(dir.join(file), body).unwrap();
    }
    dir
}

/// The table row of `instance` as column → cell, using the header line's column names.
fn table_row(stdout: &str, instance: usize) -> Vec<(String, String)> {
    let mut lines = stdout.lines().skip_while(|l| !l.starts_with("instance "));
    let header: Vec<String> = lines
        .next()
        .expect("a table header")
        .split_whitespace()
        .map(String::from)
        .collect();
    let row = lines
        .find(|l| l.split_whitespace().next() == Some(&instance.to_string()))
        .unwrap_or_else(|| panic!("no row for instance {instance} in\n{stdout}"));
    let cells: Vec<String> = row.split_whitespace().map(String::from).collect();
    assert_eq!(cells.len(), header.len(), "{row}");
    header.into_iter().zip(cells).collect()
}

fn cell<'a>(row: &'a [(String, String)], column: &str) -> &'a str {
    &row.iter()
        .find(|(c, _)| c == column)
        .unwrap_or_else(|| panic!("no column {column}"))
        .1
}

/// `turnus bench curtois --instances 1 --dir DIR` with more arguments.
fn bench_instance1(dir: &Path, more: &[&str]) -> Output {
    let mut args = vec!["bench", "curtois", "--instances", "1", "--dir"];
    args.push(dir.to_str().unwrap());
    args.extend(more);
    turnus(&args)
}

#[test]
fn instance1_gets_a_validated_rota_in_the_table_and_the_csv() {
    let dir = real_dir();
    let csv_dir = temp_dir("csv", &[]);
    let csv = csv_dir.join("rows.csv");
    let o = bench_instance1(
        &dir,
        &["--time-limit", "10", "--csv", csv.to_str().unwrap()],
    );
    let (out, err) = (text(&o.stdout), text(&o.stderr));
    assert_eq!(o.status.code(), Some(0), "{out}{err}");
    let row = table_row(&out, 1);
    assert_eq!(cell(&row, "validator"), "agrees", "{out}");
    let objective: f64 = cell(&row, "objective").parse().unwrap();
    // 607 is the proven optimum: nothing valid can score below it.
    assert!(objective >= 607.0 - 1e-6, "{out}");
    assert_eq!(cell(&row, "best_known"), "607");
    let ratio: f64 = cell(&row, "ratio").parse().unwrap();
    assert!((ratio - objective / 607.0).abs() < 1e-4, "{out}");
    assert!(matches!(cell(&row, "status"), "optimal" | "feasible"));
    let bound: f64 = cell(&row, "bound").parse().unwrap();
    assert!(bound <= objective + 1e-6, "{out}");
    assert!(
        out.lines()
            .last()
            .unwrap()
            .starts_with("1 instance(s): 1 with a validated rota, "),
        "{out}"
    );

    // The CSV has the same columns and the same row.
    let csv = std::fs::read_to_string(&csv).unwrap();
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let names: Vec<&str> = row.iter().map(|(c, _)| c.as_str()).collect();
    assert_eq!(header, names);
    let values: Vec<&str> = lines.next().unwrap().split(',').collect();
    assert_eq!(values[0], "1");
    assert_eq!(values[4], cell(&row, "objective"));
    assert_eq!(values[11], "agrees");
    assert_eq!(lines.next(), None);
    std::fs::remove_dir_all(csv_dir).unwrap();
}

#[test]
fn best_known_values_come_from_the_readme_in_the_directory() {
    let instance1 = std::fs::read_to_string(curtois::instance_path(&real_dir(), 1)).unwrap();
    let readme = "# My copy\n\n| instance | best known |\n|---|---|\n| 1 | 500 |\n";
    let dir = temp_dir(
        "own",
        &[("README.md", readme), ("Instance1.txt", &instance1)],
    );
    // One second: the rota may or may not be found on a busy machine; the best-known column
    // shows the README's value either way.
    let o = bench_instance1(&dir, &["--time-limit", "1", "--threads", "1"]);
    let out = text(&o.stdout);
    assert!(matches!(o.status.code(), Some(0 | 1)), "{out}");
    let row = table_row(&out, 1);
    assert_eq!(cell(&row, "best_known"), "500", "{out}");
    if let Ok(objective) = cell(&row, "objective").parse::<f64>() {
        let ratio: f64 = cell(&row, "ratio").parse().unwrap();
        assert!((ratio - objective / 500.0).abs() < 1e-4, "{out}");
    }
    std::fs::remove_dir_all(dir).unwrap();
}

/// Runs with `args`; expects exit 2, nothing on stdout and one line `error: <message>`.
fn bad(args: &[&str]) -> String {
    let o = turnus(args);
    let err = text(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{}{err}", text(&o.stdout));
    assert!(o.stdout.is_empty(), "{}", text(&o.stdout));
    assert_eq!(err.lines().count(), 1, "{err}");
    err.trim_end()
        .strip_prefix("error: ")
        .unwrap_or_else(|| panic!("{err}"))
        .to_string()
}

#[test]
fn bad_input_exits_2_with_one_line() {
    let no_dir = std::env::temp_dir().join("turnus-bench-no-such-dir");
    let no_dir_s = no_dir.display().to_string();
    assert_eq!(
        bad(&["bench", "curtois", "--dir", &no_dir_s]),
        format!(
            "Curtois instance directory {no_dir_s} not found; give --dir DIR or set \
             TURNUS_CURTOIS_DIR"
        )
    );
    assert_eq!(
        bad(&["bench", "curtois", "--instances", "3-1"]),
        r#"instance list "3-1": range 3-1 runs backwards"#
    );
    assert_eq!(
        bad(&["bench", "curtois", "--instances", "1,x"]),
        r#"instance list "1,x": "x" is not an instance number (use e.g. 1-12 or 1,3,5-7)"#
    );
    assert_eq!(
        bad(&["bench", "curtois", "--time-limit", "0"]),
        "--time-limit must be a number of seconds above 0 (got 0)"
    );
    assert_eq!(
        bad(&["bench", "curtois", "--threads", "0"]),
        "--threads must be at least 1"
    );

    // A directory without README.md, one whose table lacks an instance, one without the
    // instance file, and one with a broken table.
    let empty = temp_dir("empty", &[]);
    let partial = temp_dir(
        "partial",
        &[(
            "README.md",
            "| instance | best known |\n|---|---|\n| 1 | 607 |\n",
        )],
    );
    let broken = temp_dir(
        "broken",
        &[(
            "README.md",
            "| instance | best known |\n|--|--|\n| 1 | ? |\n",
        )],
    );
    for (dir, instances, ending) in [
        (
            &empty,
            "1",
            "README.md: cannot read: No such file or directory (os error 2)",
        ),
        (
            &partial,
            "1-2",
            "README.md: the best-known table has no value for instance 2",
        ),
        (
            &partial,
            "1",
            "Instance1.txt: cannot read: No such file or directory (os error 2)",
        ),
        (
            &broken,
            "1",
            r#"README.md line 3: best known "?" is not a number ≥ 0"#,
        ),
    ] {
        let dir = dir.to_str().unwrap();
        let msg = bad(&["bench", "curtois", "--dir", dir, "--instances", instances]);
        assert!(msg.ends_with(ending), "{msg}");
    }
    for dir in [empty, partial, broken] {
        std::fs::remove_dir_all(dir).unwrap();
    }
}

#[test]
fn help_has_an_example_and_exit_codes() {
    let o = turnus(&["bench", "--help"]);
    assert_eq!(o.status.code(), Some(0));
    let out = text(&o.stdout);
    assert!(out.contains("Example:\n  turnus bench curtois "), "{out}");
    assert!(
        out.contains("Exit codes:\n  0  ")
            && out.contains("  1  ")
            && out.contains("  2  bad input"),
        "{out}"
    );
}
