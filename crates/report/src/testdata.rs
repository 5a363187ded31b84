//! Test data shared by the rendering tests: the doc example with a hand-written rota and a
//! hand-made report.

use turnus_core::validate::{CompetenceHours, Kpis, PersonKpi, PositionProfile};
use turnus_core::{ObjectiveTerms, Report, Rota, RuleId, Scenario, Violation};

pub(crate) const DOC: &str = include_str!("../../../fixtures/doc_example.json");

/// The nursing-home fixture (33 staff, a 6-week cycle, three competence levels) with its
/// validation report.
pub(crate) fn nursing_home() -> (Scenario, Rota, Report) {
    let sc =
        Scenario::from_json(include_str!("../../../fixtures/nursing_home/scenario.json")).unwrap();
    let rota = Rota::from_json(
        &sc,
        include_str!("../../../fixtures/nursing_home/rota.json"),
    )
    .unwrap();
    let report = turnus_core::validate(&sc, &rota);
    (sc, rota, report)
}

/// The home-care fixture (qualification demand: medication rounds) with its validation report.
pub(crate) fn home_care() -> (Scenario, Rota, Report) {
    let sc =
        Scenario::from_json(include_str!("../../../fixtures/home_care/scenario.json")).unwrap();
    let rota = Rota::from_json(&sc, include_str!("../../../fixtures/home_care/rota.json")).unwrap();
    let report = turnus_core::validate(&sc, &rota);
    (sc, rota, report)
}

/// The doc example with a hand-written rota and a hand-made report, so the snapshot shows
/// the rendering only and does not move when the validator's figures change.
pub(crate) fn case() -> (Scenario, Rota, Report) {
    let sc = Scenario::from_json(DOC).unwrap();
    let rota = Rota::from_json(
        &sc,
        r#"{ "format_version": 1, "rows": [
          { "staff": "kari", "position_pct": 100,
            "days": ["D","D","D","-","-","A","A", "-","-","D","D","D","-","-"] },
          { "staff": "ola",
            "days": ["N","N","N","-","-","-","-", "D","D","-","A","A","D","D"] },
          { "staff": "line-3",
            "days": ["-","-","A","A","A","-","-", "N","N","N","-","-","-","-"] },
          { "staff": "per",
            "days": ["A","A","-","D","D","D","D", "-","-","-","-","-","-","-"] }
        ] }"#,
    )
    .unwrap();
    let person = |id: &str, comp: &str, pos: f64, shifts: usize| PersonKpi {
        staff: id.into(),
        competence: comp.into(),
        position_pct: Some(pos),
        shifts,
        paid_hours: shifts as f64 * 7.5,
        weekend_hours: 15.0,
        weekends_worked: 1,
        night_hours: 0.0,
        sunday_hours: 7.5,
        full_time_week_hours: 35.5,
        comparable_to_continuous: false,
    };
    let report = Report {
        scenario: sc.spec().name.clone(),
        objective: 1302.5,
        hard_violations: 1,
        soft_violations: 1,
        violations: vec![
            Violation {
                rule: RuleId::WeekendEvery,
                staff: Some("ola".into()),
                days: (12, 13),
                when: "week 2 Sat".into(),
                measured: 2.0,
                limit: 1.0,
                hard: false,
                penalty: 2.5,
                message: "ola: works 2 weekends in a row, at most 1 in every 2".into(),
            },
            Violation {
                rule: RuleId::DailyRest,
                staff: Some("per".into()),
                days: (1, 2),
                when: "week 1 Tue".into(),
                measured: 9.5,
                limit: 11.0,
                hard: true,
                penalty: 0.0,
                message: "9.5 h rest after A on week 1 Tue, at least 11 h".into(),
            },
        ],
        terms: ObjectiveTerms {
            under_min_hours: vec![0.0, 1.0, 0.0],
            under_min: 1000.0,
            under_target_hours: vec![0.0, 20.0, 0.0],
            under_target: 200.0,
            part_time_count: 1,
            part_time: 100.0,
            soft_rules: 2.5,
            total: 1302.5,
            ..ObjectiveTerms::default()
        },
        kpis: Kpis {
            full_time_share: 0.5,
            mean_position_pct: 75.0,
            positions: 4,
            fte: 3.0,
            unused_lines: 0,
            position_profile: PositionProfile {
                full_time: 2,
                from_50: 1,
                from_30: 1,
                ..PositionProfile::default()
            },
            hours_by_competence: vec![CompetenceHours {
                competence: "nurse".into(),
                weekday_hours: 37.5,
                weekend_hours: 15.0,
            }],
            skilled_cover_weekday: 0.8,
            skilled_cover_weekend: 0.625,
            nurse_every_hour: false,
            hours_without_nurse: 290,
            under_staffing_hours: 1.0,
            over_staffing_hours: 12.5,
            total_paid_hours: 232.5,
            people: vec![
                person("kari", "nurse", 100.0, 8),
                person("ola", "skilled", 100.0, 10),
            ],
            slots: Vec::new(),
            qualifications: Vec::new(),
        },
    };
    (sc, rota, report)
}
