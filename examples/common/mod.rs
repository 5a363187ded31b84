//! Shared by the examples: the time-limit argument, and (for `nursing_home` and `home_care`)
//! solving a fixture and printing the rota grid, the KPIs and the solve statistics.

use std::error::Error;
use std::path::Path;

use turnus::solve::{solve, SolveOptions, Status};
use turnus::{validate, Scenario};

/// The time limit in seconds from the first command-line argument, else `default`.
pub fn time_limit(default: f64) -> Result<f64, Box<dyn Error>> {
    match std::env::args().nth(1) {
        None => Ok(default),
        Some(a) => match a.parse::<f64>() {
            Ok(v) if v.is_finite() && v > 0.0 => Ok(v),
            _ => Err(
                format!("the time limit must be a number of seconds above 0 (got {a:?})").into(),
            ),
        },
    }
}

// Each example compiles this module on its own; `heltid_levers` and `embed` do not use this.
#[allow(dead_code)]
/// Solves `fixtures/<name>/scenario.json` and prints the text report of the rota the solver
/// returns (as refereed by the validator) and the solve statistics.
pub fn solve_fixture(name: &str) -> Result<(), Box<dyn Error>> {
    let limit = time_limit(60.0)?;
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name)
        .join("scenario.json");
    let text = std::fs::read_to_string(&path)
        .map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
    let sc = Scenario::from_json(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    println!("Solving {} for {limit} s …\n", sc.spec().name);
    let options = SolveOptions {
        time_limit: limit,
        threads: 2,
        ..SolveOptions::default()
    };
    let out = solve(&sc, &options)?;
    let rota = out.rota.as_ref().ok_or("the solver returned no rota")?;
    // The validator is the referee: the report comes from it, not from the solver.
    let report = validate(&sc, rota);
    print!("{}", turnus::report::text(&sc, rota, &report));

    let num = |x: Option<f64>| {
        x.filter(|v| v.is_finite())
            .map_or("-".into(), |v| format!("{v:.2}"))
    };
    println!("\nSolve");
    println!("  status       {:?}", out.status);
    println!("  objective    {}", num(out.objective));
    println!("  bound        {}", num(Some(out.bound)));
    println!(
        "  gap          {}",
        out.gap
            .filter(|g| g.is_finite())
            .map_or("-".into(), |g| format!("{:.2} %", 100.0 * g))
    );
    println!("  first rota   {} s", num(out.first_solution_seconds));
    println!(
        "  total        {:.2} s, {} sub-MIPs (construction and search)",
        out.solve_seconds, out.iterations
    );
    println!(
        "  model        {} rows, {} columns, {} non-zeros",
        out.size.rows, out.size.columns, out.size.nonzeros
    );
    for line in &out.explanation {
        println!("{line}");
    }
    if matches!(out.status, Status::NoSolution) {
        println!("(Give it more time: cargo run --release --example {name} -- 120)");
    }
    Ok(())
}
