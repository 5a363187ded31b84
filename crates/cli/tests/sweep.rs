//! `turnus sweep`: exit codes, the table on stdout and the CSV written with -o.

use std::path::PathBuf;

mod common;
use common::{code, text, turnus};

fn temp_path(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("turnus-sweep-tests-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

const DOC: &str = "fixtures/doc_example.json";
/// The doc example with a hard "nurse every hour": one nurse cannot, so no rota exists.
const NURSE_24_7: &str = "crates/cli/tests/data/nurse_24_7.json";
/// Short, repeatable solves.
const QUICK: [&str; 6] = ["--time-limit", "3", "--max-iterations", "2", "--jobs", "2"];

#[test]
fn every_combination_with_a_rota_exits_0_and_writes_the_csv() {
    let csv = temp_path("table.csv");
    let mut args = vec![
        "sweep",
        DOC,
        "--vary",
        "min_position=50,100",
        "--vary",
        "weekend_every=2,3",
        "-o",
        csv.to_str().unwrap(),
    ];
    args.extend(QUICK);
    let o = turnus(&args);
    let (out, err) = (text(&o.stdout), text(&o.stderr));
    assert_eq!(code(&o), 0, "{out}{err}");
    // No progress line when stderr is not a terminal.
    assert!(err.is_empty(), "{err}");
    let table: Vec<&str> = out.lines().collect();
    assert_eq!(table[0], "Doc example: a 2-week cycle, 4 staff");
    assert!(
        table[2].starts_with("min_position  weekend_every  status"),
        "{out}"
    );
    assert!(table[3].starts_with("50            2   "), "{out}");
    assert!(table[6].starts_with("100           3   "), "{out}");
    assert!(out.contains("Lever effects"), "{out}");
    assert!(
        out.contains("min_position=50 → 100: full-time share +"),
        "{out}"
    );

    let csv = std::fs::read_to_string(&csv).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[0],
        "min_position,weekend_every,status,full_time_share,mean_position_pct,\
         under_staffing_hours,over_staffing_hours,skilled_cover_weekday,\
         skilled_cover_weekend,objective,bound,gap,seconds,hard_violations"
    );
    assert_eq!(lines.len(), 5, "{csv}");
    for (line, prefix) in lines[1..]
        .iter()
        .zip(["50,2,", "50,3,", "100,2,", "100,3,"])
    {
        assert!(line.starts_with(prefix), "{csv}");
        assert!(line.ends_with(",0"), "no hard violations: {csv}");
    }
    // min_position=100: everybody full time.
    assert!(
        lines[3].starts_with("100,2,feasible,1,100,")
            || lines[3].starts_with("100,2,optimal,1,100,"),
        "{csv}"
    );
}

#[test]
fn a_combination_without_a_rota_exits_1() {
    let mut args = vec!["sweep", NURSE_24_7, "--vary", "weekend_every=2"];
    args.extend(QUICK);
    let o = turnus(&args);
    let out = text(&o.stdout);
    assert_eq!(code(&o), 1, "{out}{}", text(&o.stderr));
    // Proven infeasible, or (on a loaded machine) no rota found in the time given.
    let row = out.lines().nth(3).unwrap();
    assert!(row.starts_with("2              "), "{out}");
    assert!(
        row.contains("infeasible (") || row.contains("no_rota ("),
        "{out}"
    );
}

#[test]
fn bad_input_exits_2_with_a_clear_message() {
    let cases: [(&[&str], &str); 5] = [
        (
            &["sweep", DOC, "--vary", "weekends=2"],
            "unknown lever \"weekends\" (known: weekend_every, long_shifts, min_position,",
        ),
        (
            &["sweep", DOC, "--vary", "long_shifts=maybe"],
            "long_shifts: bad value \"maybe\" (expected off or on)",
        ),
        (
            &[
                "sweep",
                DOC,
                "--vary",
                "min_position=50",
                "--vary",
                "min_position=80",
            ],
            "error: fixtures/doc_example.json: min_position is varied twice",
        ),
        (
            &["sweep", "no/such/file.json", "--vary", "weekend_every=2"],
            "error: no/such/file.json: cannot read",
        ),
        (
            &["sweep", DOC, "--vary", "weekend_every=2", "--jobs", "0"],
            "jobs must be at least 1",
        ),
    ];
    for (args, want) in cases {
        let o = turnus(args);
        let err = text(&o.stderr);
        assert_eq!(code(&o), 2, "{args:?}: {err}");
        assert!(err.contains(want), "{args:?}: {err}");
        assert!(o.stdout.is_empty(), "{args:?}");
    }
}

#[test]
fn help_has_an_example_the_levers_and_exit_codes() {
    let o = turnus(&["sweep", "--help"]);
    assert_eq!(code(&o), 0);
    let help = text(&o.stdout);
    for want in [
        "turnus sweep fixtures/small_unit/scenario.json --vary weekend_every=2,3",
        "long_shifts=off|on",
        "min_position=P",
        "Exit codes:",
        "  1  at least one combination has none",
    ] {
        assert!(help.contains(want), "{want}: {help}");
    }
}

#[test]
fn solve_prints_no_progress_when_stderr_is_not_a_terminal() {
    let o = turnus(&[
        "solve",
        DOC,
        "--time-limit",
        "2",
        "--threads",
        "1",
        "--max-iterations",
        "2",
    ]);
    assert!(matches!(code(&o), 0 | 1));
    let err = text(&o.stderr);
    assert!(!err.contains('\r') && !err.contains("solving"), "{err}");
}
