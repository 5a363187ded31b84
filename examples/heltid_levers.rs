//! Which lever buys how much full time? A scenario sweep on the small-unit fixture: every 3rd
//! weekend (the unit's own rule) against every 2nd, and a minimum position of 50 % against 80 %,
//! each combination solved from the unit's current rota. Prints the table and an explanation
//! computed from the results.
//!
//! ```sh
//! cargo run --release --example heltid_levers -- 30    # seconds per combination (default 30)
//! ```

mod common;

use std::error::Error;
use std::path::Path;

use turnus::solve::sweep::{effects, label, sweep, table, without_rota, Effect, SweepRow, Vary};
use turnus::solve::{SolveOptions, Status};
use turnus::{Rota, Scenario};

fn main() -> Result<(), Box<dyn Error>> {
    let limit = common::time_limit(30.0)?;
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/small_unit");
    let sc = Scenario::from_json(&std::fs::read_to_string(dir.join("scenario.json"))?)?;
    let current = Rota::from_json(&sc, &std::fs::read_to_string(dir.join("rota.json"))?)?;

    // The first value of each lever is the reference the others are compared with.
    let vary: Vec<Vary> = vec!["weekend_every=3,2".parse()?, "min_position=50,80".parse()?];
    let options = SolveOptions {
        time_limit: limit,
        initial: Some(current),
        ..SolveOptions::default()
    };
    let jobs = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!(
        "{}: {} combinations, {limit} s each, {jobs} at a time\n",
        sc.spec().name,
        vary.iter().map(|v| v.settings().len()).product::<usize>()
    );
    let rows = sweep(sc.spec(), &vary, &options, jobs)?;
    print!("{}", table(&rows));
    let missing = without_rota(&rows, 4);
    if !missing.is_empty() {
        print!("\nWithout a rota, and why\n{missing}");
    }
    println!("\n{}", explain(&rows, &effects(&rows)));
    Ok(())
}

/// A short explanation of the sweep, computed from its rows: what has no rota, what each lever
/// changed, and which lever bought the most full time at what under-staffing cost.
fn explain(rows: &[SweepRow], effects: &[Effect]) -> String {
    let mut out = String::from("What the sweep says\n");
    for r in rows.iter().filter(|r| !r.has_rota()) {
        let why = match r.status {
            Status::Infeasible => "no rota can meet every hard rule (proven)".to_string(),
            _ => format!(
                "no rota meeting every hard rule was found in the time given ({} hard violations left)",
                r.hard_violations
            ),
        };
        out.push_str(&format!("- {}: {why}.\n", label(&r.settings)));
    }
    if effects.is_empty() {
        out.push_str(
            "- No two combinations that differ in one lever both have a rota, so no lever can be \
             compared. Give each combination more time.\n",
        );
        return out;
    }
    for e in effects {
        out.push_str(&format!(
            "- {} → {}: the full-time share {} and the mean position {}; \
             under-staffing {}; over-staffing {} (mean of {} comparison{}).\n",
            e.from,
            e.to.value(),
            change_points(e.full_time_share * 100.0),
            change_points(e.mean_position_pct),
            change_hours(e.under_staffing_hours),
            change_hours(e.over_staffing_hours),
            e.pairs,
            if e.pairs == 1 { "" } else { "s" }
        ));
    }
    let best = effects
        .iter()
        .max_by(|a, b| a.full_time_share.total_cmp(&b.full_time_share))
        .filter(|e| e.full_time_share > 1e-9);
    match best {
        Some(e) => out.push_str(&format!(
            "So the lever that bought the most full time here is {} → {}: {:+.1} points of \
             full-time share, at {} of under-staffing.\n",
            e.from,
            e.to.value(),
            100.0 * e.full_time_share,
            if e.under_staffing_hours > 1e-9 {
                format!("a cost of {:.1} more hours", e.under_staffing_hours)
            } else {
                "no extra hours".to_string()
            }
        )),
        None => out.push_str(
            "No lever raised the full-time share in these runs (within the time given).\n",
        ),
    }
    if let Some(top) = rows
        .iter()
        .filter_map(|r| r.kpis.map(|k| (r, k)))
        .max_by(|a, b| a.1.full_time_share.total_cmp(&b.1.full_time_share))
    {
        out.push_str(&format!(
            "The highest full-time share, {:.1} % (mean position {:.1} %), came with {}, at \
             {:.1} under-staffing hours.\n",
            100.0 * top.1.full_time_share,
            top.1.mean_position_pct,
            label(&top.0.settings),
            top.1.under_staffing_hours
        ));
    }
    out
}

/// `x` in words: `change(2.5, "points", ["rose by", "fell by", "did not change"])` is
/// "rose by 2.5 points".
fn change(x: f64, unit: &str, [up, down, same]: [&str; 3]) -> String {
    if x.abs() < 0.05 {
        same.into()
    } else if x > 0.0 {
        format!("{up} {x:.1} {unit}")
    } else {
        format!("{down} {:.1} {unit}", -x)
    }
}

fn change_points(x: f64) -> String {
    change(x, "points", ["rose by", "fell by", "did not change"])
}

fn change_hours(x: f64) -> String {
    change(x, "h", ["up", "down", "unchanged"])
}
