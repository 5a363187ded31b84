//! Integration tests of the `turnus` binary: exit codes and output shapes, one module per verb.

use std::path::PathBuf;
use std::process::Output;

mod common;
use common::{code, repo, turnus};

/// The doc example scenario (no hard demand rules).
const DOC: &str = "fixtures/doc_example.json";
/// A legal rota for it: a few day shifts early in each week.
const DOC_ROTA: &str = "crates/cli/tests/data/doc_example_rota.json";
/// The doc example plus "a nurse present every hour, hard": the rota above breaks it.
const NURSE_24_7: &str = "crates/cli/tests/data/nurse_24_7.json";

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("stdout is UTF-8")
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).expect("stderr is UTF-8")
}

/// Checks that the output is a JSON report with the fields other tools rely on.
fn assert_json_report(text: &str) -> serde_json::Value {
    let v: serde_json::Value = serde_json::from_str(text).expect("the output is JSON");
    assert!(v["objective"].is_number(), "{v}");
    assert!(v["hard_violations"].is_u64(), "{v}");
    assert!(v["violations"].is_array(), "{v}");
    assert!(v["kpis"]["full_time_share"].is_number(), "{v}");
    assert!(v["kpis"]["mean_position_pct"].is_number(), "{v}");
    v
}

/// Writes `text` to a fresh file in the temp dir and returns its path.
fn temp_file(name: &str, text: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("turnus-cli-tests-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

mod validate {
    use super::*;

    #[test]
    fn a_legal_rota_exits_0_with_a_summary() {
        let o = turnus(&["validate", DOC, DOC_ROTA]);
        assert_eq!(code(&o), 0, "{}{}", stdout(&o), stderr(&o));
        let out = stdout(&o);
        assert!(
            out.starts_with("Doc example: a 2-week cycle, 4 staff\n"),
            "{out}"
        );
        assert!(out.contains("feasible: 0 hard, "), "{out}");
        assert!(out.contains("objective "), "{out}");
        assert!(stderr(&o).is_empty());
    }

    #[test]
    fn a_hard_violation_exits_1_and_is_listed() {
        let o = turnus(&["validate", NURSE_24_7, DOC_ROTA]);
        assert_eq!(code(&o), 1, "{}{}", stdout(&o), stderr(&o));
        let out = stdout(&o);
        assert!(out.contains("NOT feasible: "), "{out}");
        assert!(
            out.lines()
                .any(|l| l.trim_start().starts_with("HARD") && l.contains("presence")),
            "{out}"
        );
    }

    #[test]
    fn json_is_the_report() {
        let o = turnus(&["validate", "--json", DOC, DOC_ROTA]);
        assert_eq!(code(&o), 0, "{}", stderr(&o));
        let v = assert_json_report(&stdout(&o));
        assert_eq!(v["hard_violations"], 0);

        let o = turnus(&["validate", "--json", NURSE_24_7, DOC_ROTA]);
        assert_eq!(code(&o), 1, "{}", stderr(&o));
        let v = assert_json_report(&stdout(&o));
        assert!(v["hard_violations"].as_u64().unwrap() > 0);
        let first = &v["violations"][0];
        assert_eq!(first["rule"], "presence");
        assert_eq!(first["hard"], true);
    }
}

mod report {
    use super::*;

    #[test]
    fn text_has_every_section_and_exits_0_even_with_hard_violations() {
        let o = turnus(&["report", NURSE_24_7, DOC_ROTA]);
        assert_eq!(code(&o), 0, "{}", stderr(&o));
        let out = stdout(&o);
        for section in ["ROTA", "KPIS", "PEOPLE", "OBJECTIVE", "VIOLATIONS"] {
            assert!(
                out.lines().any(|l| l.starts_with(section)),
                "{section}:\n{out}"
            );
        }
        assert!(
            out.contains("ola     skilled     100 |D D D D - - -|"),
            "{out}"
        );
        assert!(out.contains("HARD"), "{out}");
    }

    #[test]
    fn text_is_the_default_and_width_wraps_the_grid() {
        let default = stdout(&turnus(&["report", DOC, DOC_ROTA]));
        let text = stdout(&turnus(&["report", "--format", "text", DOC, DOC_ROTA]));
        assert_eq!(default, text);
        let narrow = stdout(&turnus(&["report", "--width", "50", DOC, DOC_ROTA]));
        assert!(narrow.contains("weeks 1–1 of 2"), "{narrow}");
    }

    #[test]
    fn json_parses_and_has_the_kpis() {
        let o = turnus(&["report", "--format", "json", DOC, DOC_ROTA]);
        assert_eq!(code(&o), 0, "{}", stderr(&o));
        let v = assert_json_report(&stdout(&o));
        assert_eq!(v["scenario"], "Doc example: a 2-week cycle, 4 staff");
    }
}

mod template {
    use super::*;

    #[test]
    fn an_all_off_rota_that_loads_and_validates() {
        let o = turnus(&["template", DOC]);
        assert_eq!(code(&o), 0, "{}", stderr(&o));
        let rota = temp_file("template.json", &stdout(&o));
        let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
        assert_eq!(v["rows"].as_array().unwrap().len(), 4);
        assert_eq!(v["rows"][0]["days"].as_array().unwrap().len(), 14);
        let o = turnus(&["validate", DOC, rota.to_str().unwrap()]);
        assert_eq!(code(&o), 0, "{}{}", stdout(&o), stderr(&o));
    }
}

/// Bad input: exit 2 and `error: <file>: <path>: <message>` on stderr, nothing on stdout.
mod bad_input {
    use super::*;

    fn bad(args: &[&str]) -> String {
        let o = turnus(args);
        assert_eq!(code(&o), 2, "{}{}", stdout(&o), stderr(&o));
        assert!(stdout(&o).is_empty(), "{}", stdout(&o));
        let err = stderr(&o);
        assert!(err.starts_with("error: "), "{err}");
        assert_eq!(err.lines().count(), 1, "{err}");
        err
    }

    #[test]
    fn a_missing_file() {
        for verb in ["validate", "report"] {
            let err = bad(&[verb, DOC, "no/such/rota.json"]);
            assert!(
                err.starts_with("error: no/such/rota.json: cannot read: "),
                "{err}"
            );
        }
        let err = bad(&["template", "no/such/scenario.json"]);
        assert!(
            err.starts_with("error: no/such/scenario.json: cannot read: "),
            "{err}"
        );
    }

    #[test]
    fn a_json_syntax_error_has_line_and_column() {
        let rota = temp_file(
            "truncated.json",
            "{\n  \"format_version\": 1,\n  \"rows\": [\n",
        );
        let rota = rota.to_str().unwrap();
        let err = bad(&["validate", DOC, rota]);
        assert!(
            err.starts_with(&format!("error: {rota}: rows: line 4, column 0: ")),
            "{err}"
        );
    }

    #[test]
    fn a_wrong_type_has_the_json_path() {
        let rota = temp_file(
            "wrong-type.json",
            "{ \"format_version\": 1,\n  \"rows\": [ { \"staff\": 3 } ] }",
        );
        let rota = rota.to_str().unwrap();
        let err = bad(&["report", DOC, rota]);
        assert!(
            err.starts_with(&format!("error: {rota}: rows[0].staff: line 2, column ")),
            "{err}"
        );
        assert!(err.contains("expected a string"), "{err}");
    }

    #[test]
    fn an_unknown_staff_id() {
        let rota = temp_file(
            "unknown-staff.json",
            r#"{ "format_version": 1, "rows": [ { "staff": "bob", "days": [] } ] }"#,
        );
        let rota = rota.to_str().unwrap();
        let err = bad(&["validate", DOC, rota]);
        assert!(
            err.starts_with(&format!(
                "error: {rota}: rows[0].staff: unknown staff id \"bob\""
            )),
            "{err}"
        );
    }

    #[test]
    fn an_unknown_shift() {
        let text = std::fs::read_to_string(repo().join(DOC_ROTA))
            .unwrap()
            .replacen("\"D\"", "\"X\"", 1);
        let rota = temp_file("unknown-shift.json", &text);
        let rota = rota.to_str().unwrap();
        let err = bad(&["validate", "--json", DOC, rota]);
        assert!(
            err.starts_with(&format!(
                "error: {rota}: rows[0].days[0]: unknown shift \"X\""
            )),
            "{err}"
        );
    }

    #[test]
    fn an_invalid_scenario() {
        let text = std::fs::read_to_string(repo().join(DOC)).unwrap().replacen(
            "\"competence\": \"nurse\"",
            "\"competence\": \"nurse2\"",
            1,
        );
        let sc = temp_file("bad-scenario.json", &text);
        let sc = sc.to_str().unwrap();
        let err = bad(&["report", sc, DOC_ROTA]);
        assert!(
            err.starts_with(&format!(
                "error: {sc}: staff[0].competence: unknown competence \"nurse2\""
            )),
            "{err}"
        );
    }

    #[test]
    fn bad_arguments() {
        let o = turnus(&["validate", DOC]);
        assert_eq!(code(&o), 2);
        let o = turnus(&["report", "--format", "pdf", DOC, DOC_ROTA]);
        assert_eq!(code(&o), 2);
        assert!(stderr(&o).contains("pdf"), "{}", stderr(&o));
    }
}

mod help {
    use super::*;

    #[test]
    fn every_verb_has_an_example_and_its_exit_codes() {
        for verb in ["validate", "report", "template", "generate"] {
            let o = turnus(&[verb, "--help"]);
            assert_eq!(code(&o), 0);
            let out = stdout(&o);
            assert!(
                out.contains(&format!("Example:\n  turnus {verb} ")),
                "{out}"
            );
            assert!(out.contains("Exit codes:\n  0  "), "{out}");
            assert!(out.contains("  2  bad input"), "{out}");
        }
        let out = stdout(&turnus(&["--help"]));
        assert!(out.contains("validate") && out.contains("report") && out.contains("Exit codes"));
    }
}

mod import {
    use super::*;

    /// Instance1 of the Curtois & Qu benchmark (`TURNUS_CURTOIS_DIR` or
    /// `../shared/benchmarks/curtois`); fails, never skips, when it is missing.
    fn instance1() -> PathBuf {
        let dir = match std::env::var_os("TURNUS_CURTOIS_DIR") {
            Some(d) if !d.is_empty() => PathBuf::from(d),
            _ => repo().join("../shared/benchmarks/curtois"),
        };
        let path = dir.join("Instance1.txt");
        assert!(
            path.is_file(),
            "Curtois instances not found in {}; set TURNUS_CURTOIS_DIR to the directory holding \
             Instance1.txt … Instance24.txt",
            dir.display()
        );
        path
    }

    #[test]
    fn curtois_writes_a_scenario_that_validate_scores_7137_all_off() {
        let out = temp_file("curtois1.json", "");
        let (input, out_s) = (instance1(), out.to_str().unwrap().to_string());
        let o = turnus(&["import", "curtois", input.to_str().unwrap(), "-o", &out_s]);
        assert_eq!(code(&o), 0, "{}{}", stdout(&o), stderr(&o));
        assert!(stdout(&o).is_empty() && stderr(&o).is_empty());
        let json = std::fs::read_to_string(&out).unwrap();
        assert!(json.starts_with("{\n  \""), "pretty JSON: {json:.40}");
        let sc = turnus_core::Scenario::from_json(&json).unwrap();
        assert_eq!(sc.days(), 14);
        assert_eq!(sc.staff.len(), 8);

        // Without -o the same JSON goes to stdout.
        let o = turnus(&["import", "curtois", input.to_str().unwrap()]);
        assert_eq!(code(&o), 0, "{}", stderr(&o));
        assert_eq!(stdout(&o), json);

        // `turnus template` + `turnus validate --json` on it: the benchmark's sanity check.
        let o = turnus(&["template", &out_s]);
        assert_eq!(code(&o), 0, "{}", stderr(&o));
        let rota = temp_file("curtois1_rota.json", &stdout(&o));
        let o = turnus(&["validate", "--json", &out_s, rota.to_str().unwrap()]);
        // All off breaks the hard minimum total minutes: exit 1, objective 7137.
        assert_eq!(code(&o), 1, "{}", stderr(&o));
        let v = assert_json_report(&stdout(&o));
        assert_eq!(v["objective"], 7137.0);
    }

    #[test]
    fn a_broken_instance_exits_2_with_the_line() {
        let text = std::fs::read_to_string(instance1())
            .unwrap()
            .replace("0,D,5,100,1", "0,D,5,100");
        let path = temp_file("Broken1.txt", &text);
        let o = turnus(&["import", "curtois", path.to_str().unwrap()]);
        assert_eq!(code(&o), 2, "{}{}", stdout(&o), stderr(&o));
        assert!(stdout(&o).is_empty());
        let err = stderr(&o);
        assert_eq!(
            err.trim_end(),
            "error: Broken1.txt line 67: expected 5 fields in SECTION_COVER, found 4"
        );

        let o = turnus(&["import", "curtois", "no/such/Instance1.txt"]);
        assert_eq!(code(&o), 2);
        assert!(
            stderr(&o).starts_with("error: no/such/Instance1.txt: cannot read: "),
            "{}",
            stderr(&o)
        );
    }

    #[test]
    fn help_has_an_example_and_exit_codes() {
        let out = stdout(&turnus(&["import", "--help"]));
        assert!(out.contains("Example:\n  turnus import curtois "), "{out}");
        assert!(
            out.contains("Exit codes:\n  0  ") && out.contains("  2  bad input"),
            "{out}"
        );
    }
}

mod generate {
    use super::*;

    fn generate(args: &[&str]) -> String {
        let mut all = vec!["generate"];
        all.extend_from_slice(args);
        let o = turnus(&all);
        assert_eq!(code(&o), 0, "{}", stderr(&o));
        assert!(stderr(&o).is_empty(), "{}", stderr(&o));
        stdout(&o)
    }

    #[test]
    fn a_seeded_scenario_that_loads_and_validates() {
        let json = generate(&["--staff", "12", "--weeks", "3", "--seed", "5"]);
        // The same options give the same file; another seed another one.
        assert_eq!(
            generate(&["--staff", "12", "--weeks", "3", "--seed", "5"]),
            json
        );
        assert_ne!(
            generate(&["--staff", "12", "--weeks", "3", "--seed", "6"]),
            json
        );
        let sc = turnus_core::Scenario::from_json(&json).unwrap();
        assert_eq!((sc.staff.len(), sc.days()), (12, 21));
        assert_eq!(sc.spec().name, "generated seed 5 staff 12 weeks 3");
        // -o writes the same JSON; `template` and `validate` take it.
        let path = temp_file("generated.json", "");
        let p = path.to_str().unwrap();
        let o = turnus(&[
            "generate", "--staff", "12", "--weeks", "3", "--seed", "5", "-o", p,
        ]);
        assert_eq!(code(&o), 0, "{}", stderr(&o));
        assert!(stdout(&o).is_empty());
        assert_eq!(std::fs::read_to_string(&path).unwrap(), json);
        let o = turnus(&["template", p]);
        let rota = temp_file("generated_rota.json", &stdout(&o));
        let o = turnus(&["validate", "--json", p, rota.to_str().unwrap()]);
        // All off breaks hard rules (every line's position hours): exit 1, a full report.
        assert_eq!(code(&o), 1, "{}", stderr(&o));
        assert_json_report(&stdout(&o));
    }

    #[test]
    fn options_reach_the_scenario() {
        let v: serde_json::Value = serde_json::from_str(&generate(&[
            "--staff",
            "8",
            "--weeks",
            "52",
            "--start",
            "2027-01-04",
            "--slot-minutes",
            "30",
            "--long-shifts",
            "--name",
            "Annual test",
        ]))
        .unwrap();
        assert_eq!(v["name"], "Annual test");
        assert_eq!(v["horizon"]["kind"], "dated");
        assert_eq!(v["horizon"]["start"], "2027-01-04");
        assert_eq!(v["horizon"]["days"], 364);
        assert_eq!(v["horizon"]["norwegian_holidays"], true);
        assert_eq!(v["demand"]["slot_minutes"], 30);
        let shifts: Vec<&str> = v["shifts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["id"].as_str().unwrap())
            .collect();
        assert!(shifts.contains(&"L"), "{shifts:?}");

        let v: serde_json::Value = serde_json::from_str(&generate(&[
            "--start",
            "2027-01-04",
            "--no-holidays",
            "--basic-rules",
        ]))
        .unwrap();
        assert_eq!(v["horizon"]["norwegian_holidays"], false);
        assert!(v["name"].as_str().unwrap().ends_with(" from 2027-01-04"));
        let full: serde_json::Value = serde_json::from_str(&generate(&[])).unwrap();
        assert_ne!(v["rules"], full["rules"], "--basic-rules changes the rules");
    }

    #[test]
    fn bad_options_exit_2_and_name_the_option() {
        for (args, says) in [
            (&["--staff", "0"][..], "--staff 0"),
            (&["--weeks", "0"], "--weeks 0"),
            (&["--want-larger", "1.5"], "--want-larger 1.5"),
            (
                &["--start", "2027-13-01"],
                "--start 2027-13-01: expected a date",
            ),
            (&["--slot-minutes", "7"], "slot_minutes"),
            (&["--no-holidays"], "--start"),
            (&["--staff", "many"], "--staff"),
            (
                &["--staff", "1000000000000"],
                "--staff 1000000000000: at most 10000",
            ),
            (
                &["--weeks", "4294967295", "--start", "2027-01-04"],
                "horizon.days",
            ),
        ] {
            let mut all = vec!["generate"];
            all.extend_from_slice(args);
            let o = turnus(&all);
            assert_eq!(code(&o), 2, "{args:?}: {}{}", stdout(&o), stderr(&o));
            assert!(stdout(&o).is_empty(), "{args:?}");
            assert!(stderr(&o).contains(says), "{args:?}: {}", stderr(&o));
        }
    }
}
