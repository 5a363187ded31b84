//! The realistic fixtures in `fixtures/` (see `fixtures/README.md`): every hand-made `rota.json`
//! breaks no hard rule, every `rota_*.json` breaks exactly the hard rules it was made to break
//! (as a set of (rule, staff) pairs; `-` for a unit-level rule), every scenario and rota
//! round-trips through its JSON form, and the worked example in `docs/scenario-format.md` still
//! validates as the document says.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use turnus_core::RuleId::{self, *};
use turnus_core::{validate, Report, Rota, Scenario};

/// The repository root, seen from this crate.
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn scenario(fixture: &str) -> Scenario {
    let path = root().join("fixtures").join(fixture).join("scenario.json");
    Scenario::from_json(&read(&path)).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn report(fixture: &str, rota_file: &str) -> (Scenario, Report) {
    let sc = scenario(fixture);
    let path = root().join("fixtures").join(fixture).join(rota_file);
    let rota =
        Rota::from_json(&sc, &read(&path)).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let report = validate(&sc, &rota);
    (sc, report)
}

/// Validates `fixture/rota_file` and compares its hard violations, as a set of (rule, staff)
/// pairs, with `expected` (staff `"-"` = a unit-level violation).
fn check(fixture: &str, rota_file: &str, expected: &[(RuleId, &str)]) {
    let (_, report) = report(fixture, rota_file);
    let got: BTreeSet<(RuleId, String)> = report
        .violations
        .iter()
        .filter(|v| v.hard)
        .map(|v| (v.rule, v.staff.clone().unwrap_or_else(|| "-".into())))
        .collect();
    let want: BTreeSet<(RuleId, String)> = expected
        .iter()
        .map(|&(rule, staff)| (rule, staff.to_string()))
        .collect();
    let messages: Vec<&str> = report
        .violations
        .iter()
        .filter(|v| v.hard)
        .map(|v| v.message.as_str())
        .collect();
    assert_eq!(
        got,
        want,
        "{fixture}/{rota_file}: hard violations differ; the validator says:\n{}",
        messages.join("\n")
    );
    assert_eq!(report.is_feasible(), expected.is_empty());
}

/// One test per fixture rota, and the list of them for the completeness check.
macro_rules! cases {
    ($($name:ident: $fixture:literal / $file:literal => [$(($rule:ident, $staff:literal)),* $(,)?];)*) => {
        $(
            #[test]
            fn $name() {
                check($fixture, $file, &[$(($rule, $staff)),*]);
            }
        )*
        /// Every (fixture, rota file) pair with a test above.
        const CASES: &[(&str, &str)] = &[$(($fixture, $file)),*];
    };
}

cases! {
    small_unit_rota: "small_unit" / "rota.json" => [];
    staffing_plan_rota: "staffing_plan" / "rota.json" => [];
    small_unit_daily_rest: "small_unit" / "rota_daily_rest.json" => [(DailyRest, "sofie"), (MaxHoursPer24h, "sofie")];
    small_unit_seven_days: "small_unit" / "rota_seven_days.json" => [(MaxConsecutiveDays, "lars")];
    small_unit_second_weekend: "small_unit" / "rota_second_weekend.json" => [(WeekendEvery, "emma"), (SundayRest, "emma")];
    small_unit_unavailable: "small_unit" / "rota_unavailable.json" => [(Unavailable, "emma")];
    small_unit_position_hours: "small_unit" / "rota_position_hours.json" => [(PositionHours, "per")];
    nursing_home_rota: "nursing_home" / "rota.json" => [];
    nursing_home_no_nurse: "nursing_home" / "rota_no_nurse.json" => [(Presence, "-")];
    nursing_home_long_weekday: "nursing_home" / "rota_long_weekday.json" => [(MaxLongShifts, "anne")];
    nursing_home_fixed_day: "nursing_home" / "rota_fixed_day.json" => [(FixedAssignment, "hilde")];
    nursing_home_senior_limit: "nursing_home" / "rota_senior_limit.json" => [(MaxConsecutiveDays, "oddny")];
    nursing_home_nights: "nursing_home" / "rota_nights.json" => [(NightsOnly, "bjorn"), (NoNights, "knut")];
    home_care_rota: "home_care" / "rota.json" => [];
    home_care_quick_return: "home_care" / "rota_quick_return.json" => [(DailyRest, "kristin"), (MaxHoursPer24h, "kristin")];
    home_care_weekly_rest: "home_care" / "rota_weekly_rest.json" => [(WeeklyRest, "ingvild")];
    home_care_mid_shift: "home_care" / "rota_mid_shift.json" => [(MaxShiftsOfType, "petter")];
    home_care_position_range: "home_care" / "rota_position_range.json" => [(PositionRange, "ali")];
}

/// The fixture folders (each holds a `scenario.json`).
fn fixtures() -> Vec<String> {
    let mut out: Vec<String> = fs::read_dir(root().join("fixtures"))
        .expect("fixtures/ exists")
        .filter_map(|e| e.ok())
        .filter(|e| e.path().join("scenario.json").is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    out.sort();
    out
}

/// The rota files of a fixture folder: `rota.json` and `rota_*.json`.
fn rota_files(fixture: &str) -> Vec<String> {
    let mut out: Vec<String> = fs::read_dir(root().join("fixtures").join(fixture))
        .expect("fixture folder exists")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n == "rota.json" || (n.starts_with("rota_") && n.ends_with(".json")))
        .collect();
    out.sort();
    out
}

#[test]
fn every_fixture_rota_has_a_case() {
    let cases: BTreeSet<(String, String)> = CASES
        .iter()
        .map(|&(f, r)| (f.to_string(), r.to_string()))
        .collect();
    let on_disk: BTreeSet<(String, String)> = fixtures()
        .into_iter()
        .flat_map(|f| rota_files(&f).into_iter().map(move |r| (f.clone(), r)))
        .collect();
    assert_eq!(
        on_disk, cases,
        "add a case for every rota file in fixtures/"
    );
    for fixture in ["small_unit", "nursing_home", "home_care"] {
        assert!(
            on_disk.contains(&(fixture.to_string(), "rota.json".to_string())),
            "{fixture}/rota.json is missing"
        );
    }
}

#[test]
fn scenarios_and_rotas_round_trip() {
    let doc = root().join("fixtures/doc_example.json");
    let sc = Scenario::from_json(&read(&doc)).expect("doc example loads");
    assert_eq!(Scenario::from_json(&sc.to_json()).expect("reloads"), sc);
    for fixture in fixtures() {
        let sc = scenario(&fixture);
        let again = Scenario::from_json(&sc.to_json())
            .unwrap_or_else(|e| panic!("{fixture}: written scenario does not load: {e}"));
        assert_eq!(again, sc, "{fixture}: scenario changes in a round trip");
        for file in rota_files(&fixture) {
            let path = root().join("fixtures").join(&fixture).join(&file);
            let rota = Rota::from_json(&sc, &read(&path)).expect("loads");
            let again = Rota::from_json(&sc, &rota.to_json(&sc))
                .unwrap_or_else(|e| panic!("{fixture}/{file}: written rota does not load: {e}"));
            assert_eq!(
                again, rota,
                "{fixture}/{file}: rota changes in a round trip"
            );
        }
    }
}

#[test]
fn report_json_has_the_headline_fields() {
    for fixture in fixtures() {
        let (_, report) = report(&fixture, "rota.json");
        let json: serde_json::Value =
            serde_json::from_str(&report.to_json()).expect("the report is JSON");
        for pointer in [
            "/objective",
            "/hard_violations",
            "/kpis/full_time_share",
            "/kpis/mean_position_pct",
        ] {
            assert!(
                json.pointer(pointer).is_some_and(|v| v.is_number()),
                "{fixture}: report has no number at {pointer}"
            );
        }
        assert!(
            json["violations"].is_array(),
            "{fixture}: no violations list"
        );
        assert_eq!(
            json["hard_violations"], 0,
            "{fixture}/rota.json is infeasible"
        );
        assert!(
            report.objective > 0.0,
            "{fixture}: a hand-made rota is not expected to be optimal"
        );
        assert_eq!(report.objective, report.terms.total);
    }
}

/// The JSON code blocks of a Markdown section, in order.
fn json_blocks(markdown: &str, heading: &str) -> Vec<String> {
    let start = markdown
        .find(heading)
        .unwrap_or_else(|| panic!("no section {heading:?}"));
    let section = &markdown[start + heading.len()..];
    let section = &section[..section.find("\n## ").unwrap_or(section.len())];
    section
        .split("```json\n")
        .skip(1)
        .map(|block| block[..block.find("```").expect("closed block")].to_string())
        .collect()
}

#[test]
fn the_documented_minimal_example_validates_as_documented() {
    let doc = read(&root().join("docs/scenario-format.md"));
    let blocks = json_blocks(&doc, "## A minimal example");
    let [scenario, rota] = &blocks[..] else {
        panic!("expected a scenario and a rota block, got {}", blocks.len());
    };
    let sc = Scenario::from_json(scenario).unwrap_or_else(|e| panic!("{e}"));
    let rota = Rota::from_json(&sc, rota).unwrap_or_else(|e| panic!("{e}"));
    let report = validate(&sc, &rota);
    assert!(report.violations.is_empty(), "{:#?}", report.violations);
    assert_eq!(report.objective, 10.0);
    assert_eq!(report.terms.fairness, 10.0);
}

/// `person_violations` reports for each person exactly what `validate` reports under their id,
/// in the same order, on every fixture rota (those breaking rules included).
#[test]
fn person_violations_are_the_validators_per_person() {
    for fixture in fixtures() {
        let sc = scenario(&fixture);
        for file in rota_files(&fixture) {
            let path = root().join("fixtures").join(&fixture).join(&file);
            let rota = Rota::from_json(&sc, &read(&path)).expect("fixture rota parses");
            let report = validate(&sc, &rota);
            let mut seen = 0;
            for (p, st) in sc.staff.iter().enumerate() {
                let want: Vec<_> = report
                    .violations
                    .iter()
                    .filter(|v| v.staff.as_deref() == Some(st.id()))
                    .collect();
                let got = turnus_core::person_violations(&sc, &rota, p);
                assert_eq!(
                    got.iter().collect::<Vec<_>>(),
                    want,
                    "{fixture}/{file}: {}",
                    st.id()
                );
                seen += got.len();
            }
            let unit = report.violations.iter().filter(|v| v.staff.is_none());
            assert_eq!(seen + unit.count(), report.violations.len());
        }
    }
}
