//! What a scheduling system does with turnus: build a scenario in code, solve it, have the
//! independent validator referee the rota, serialise the scenario, the rota and the report to
//! JSON, and read them back.
//!
//! ```sh
//! cargo run --release --example embed -- 10    # time limit in seconds (default 10)
//! ```

mod common;

use std::error::Error;

use turnus::calendar::HorizonSpec;
use turnus::competence::default_competences;
use turnus::demand::{DemandPeriod, DemandSpec, Presence};
use turnus::rules::{Limit, ObjectiveWeights, RuleSet};
use turnus::scenario::FORMAT_VERSION;
use turnus::selector::DaySelector;
use turnus::shift::{ShiftCategory, ShiftSpec};
use turnus::solve::{solve, SolveOptions};
use turnus::staff::{PositionSpec, StaffKind, StaffSpec};
use turnus::time::TimeOfDay;
use turnus::{validate, Rota, Scenario, ScenarioSpec};

fn main() -> Result<(), Box<dyn Error>> {
    let limit = common::time_limit(10.0)?;

    // 1. The scenario, as a scheduling system would assemble it from its own tables.
    let spec = day_unit()?;
    let scenario = Scenario::new(spec.clone())?;
    println!(
        "Scenario {:?}: {} staff, {} days, {} shift types",
        scenario.spec().name,
        scenario.staff.len(),
        scenario.days(),
        scenario.shifts.len()
    );

    // 2. Solve. With one thread and an iteration cap the run is repeatable.
    let options = SolveOptions {
        time_limit: limit,
        max_iterations: Some(30),
        seed: 7,
        ..SolveOptions::default()
    };
    let outcome = solve(&scenario, &options)?;
    let rota = outcome.rota.as_ref().ok_or("the solver returned no rota")?;
    println!(
        "Solved: {:?}, objective {}, proven bound {:.1}, {:.2} s",
        outcome.status,
        outcome
            .objective
            .map_or("- (no rota meets every hard rule)".into(), |o| format!(
                "{o:.2}"
            )),
        outcome.bound,
        outcome.solve_seconds
    );

    // 3. The validator referees the solver's rota independently.
    let report = validate(&scenario, rota);
    println!(
        "Validator: {} hard and {} soft violations, objective {:.2}",
        report.hard_violations, report.soft_violations, report.objective
    );
    if let Some(objective) = outcome.objective {
        if (objective - report.objective).abs() > 1e-6 * objective.abs().max(1.0) {
            return Err(format!(
                "solver objective {objective} differs from the validator's {}",
                report.objective
            )
            .into());
        }
    }

    // 4. Serialise: the documents the system stores or sends on.
    let scenario_json = scenario.to_json();
    let rota_json = rota.to_json(&scenario);
    let report_json = report.to_json();
    println!(
        "JSON: scenario {} bytes, rota {} bytes, report {} bytes",
        scenario_json.len(),
        rota_json.len(),
        report_json.len()
    );

    // 5. Read them back: the same scenario, the same rota, the same verdict.
    let scenario_back = Scenario::from_json(&scenario_json)?;
    if scenario_back.spec() != &spec {
        return Err("the scenario changed on its way through JSON".into());
    }
    let rota_back = Rota::from_json(&scenario_back, &rota_json)?;
    if &rota_back != rota {
        return Err("the rota changed on its way through JSON".into());
    }
    let report_back: serde_json::Value = serde_json::from_str(&report_json)?;
    let again = validate(&scenario_back, &rota_back);
    let same = report_back["objective"].as_f64() == Some(again.objective)
        && report_back["hard_violations"].as_u64() == Some(again.hard_violations as u64)
        && report_back["kpis"]["full_time_share"].as_f64() == Some(again.kpis.full_time_share);
    if !same {
        return Err("the report read back does not match a fresh validation".into());
    }
    println!(
        "Read back: full-time share {:.0} %, mean position {:.1} %, under-staffing {:.1} h, \
         skilled cover {:.0} % on weekdays",
        100.0 * again.kpis.full_time_share,
        again.kpis.mean_position_pct,
        again.kpis.under_staffing_hours,
        100.0 * again.kpis.skilled_cover_weekday
    );
    let compact = serde_json::to_string(&serde_json::from_str::<serde_json::Value>(&rota_json)?)?;
    println!("\nThe rota as JSON (compacted):\n{compact}");
    Ok(())
}

/// A small day-and-evening unit: a 2-week cycle, six staff, a demand curve for skilled workers
/// and assistants, a nurse on duty in the day, and the main AML rules.
fn day_unit() -> Result<ScenarioSpec, Box<dyn Error>> {
    let t = |h: u32, m: u32| TimeOfDay::from_hm(h, m).ok_or("bad time");
    let shift = |id: &str, start, end, category| ShiftSpec {
        id: id.into(),
        name: None,
        start,
        end,
        break_minutes: 0,
        break_paid: false,
        category,
    };
    let person =
        |id: &str, competence: &str, current_pct: f64, wanted_pct: Option<f64>| StaffSpec {
            id: id.into(),
            name: None,
            kind: StaffKind::Person,
            count: None,
            optional: false,
            competence: competence.into(),
            qualifications: Vec::new(),
            position: Some(PositionSpec {
                current_pct,
                min_pct: None,
                wanted_pct,
            }),
            unavailable: Vec::new(),
            fixed: Vec::new(),
            requests: Vec::new(),
            max_shifts: Default::default(),
            no_nights: true,
            nights_only: false,
            limits: Default::default(),
        };
    let all = vec![DaySelector::parse("all")?];
    let period = |from, to, competence: &str, min, target| DemandPeriod {
        days: all.clone(),
        from,
        to,
        competence: competence.into(),
        qualification: None,
        min,
        target: Some(target),
    };
    Ok(ScenarioSpec {
        format_version: FORMAT_VERSION,
        name: "Embedded day unit".into(),
        description: Some("Built in code by examples/embed.rs".into()),
        horizon: HorizonSpec::Cyclic { weeks: 2 },
        discussed_on: None,
        competences: default_competences(),
        skilled_from: None,
        qualifications: Vec::new(),
        shifts: vec![
            shift("D", t(7, 30)?, t(15, 0)?, ShiftCategory::Day),
            shift("A", t(14, 30)?, t(22, 0)?, ShiftCategory::Evening),
        ],
        staff: vec![
            person("kari", "nurse", 100.0, None),
            person("nils", "nurse", 60.0, Some(80.0)),
            person("ola", "skilled", 80.0, Some(100.0)),
            person("aisha", "skilled", 75.0, None),
            person("jon", "skilled", 50.0, Some(75.0)),
            person("per", "assistant", 40.0, None),
        ],
        demand: DemandSpec {
            slot_minutes: 60,
            curve: vec![
                period(t(8, 0)?, t(15, 0)?, "skilled", 1, 2),
                period(t(15, 0)?, t(22, 0)?, "skilled", 1, 1),
                period(t(8, 0)?, t(12, 0)?, "assistant", 0, 1),
            ],
            presence: vec![Presence {
                days: all.clone(),
                competence: "nurse".into(),
                min: 1,
                from: t(8, 0)?,
                to: t(15, 0)?,
                weight: Some(20.0),
            }],
            ..DemandSpec::default()
        },
        rules: RuleSet {
            full_time_week: turnus::rules::FullTimeWeek::Hours(35.5),
            daily_rest_hours: Some(Limit::hard(11.0)),
            weekly_rest_hours: Some(Limit::hard(35.0)),
            max_hours_per_24h: Some(Limit::hard(10.0)),
            max_consecutive_days: Some(Limit::hard(5)),
            weekend_every: Some(Limit::hard(2)),
            position_hours_tolerance: Some(Limit::hard(7.5)),
            ..RuleSet::none()
        },
        weights: ObjectiveWeights::default(),
    })
}
