//! Solve scaling on the generated scenarios of `series/mod.rs`, and the annual rota: each case
//! solved once with a wall-clock limit (criterion's repetitions do not suit that), one Markdown
//! table row printed as each finishes.
//!
//! ```sh
//! cargo bench --bench scaling_solve                                  # staff, then weeks; 30 s, 2 threads
//! cargo bench --bench scaling_solve -- --series staff --time-limit 30 --threads 2
//! cargo bench --bench scaling_solve -- --series annual --time-limit 300
//! ```
//!
//! `--series` is `staff` (10 … 160 staff, 6 weeks), `weeks` (2 … 52 weeks, 30 staff), `all`
//! (both, the default) or `annual` (a dated 52-week rota from Monday 2027-01-04 with Norwegian
//! public holidays, 40 staff). `--sizes 80,160` keeps only those staff counts (or weeks). Every
//! rota is checked by the validator: the `validator` column says whether it agrees with the
//! solver (0 hard violations, the same objective); `hard left` counts the hard violations (by
//! rule) of the best rota when none meeting every hard rule was found. The exit code is 0 whatever the
//! solver found (the table is the result), 2 on a bad option or a solver error.

use std::collections::BTreeMap;
use std::process::ExitCode;
use std::time::Instant;

use turnus::solve::{solve, SolveOptions, Status};
use turnus::{validate, HorizonSpec, Report, Scenario};

mod series;

struct Args {
    series: String,
    /// Only these values of the series' parameter (staff or weeks).
    sizes: Option<Vec<usize>>,
    time_limit: f64,
    threads: u32,
    seed: u64,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        series: "all".into(),
        sizes: None,
        time_limit: 30.0,
        threads: 2,
        seed: 1,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        if flag == "--bench" {
            continue; // passed by `cargo bench`
        }
        let value = it.next().ok_or_else(|| format!("{flag} needs a value"))?;
        let bad = |e: &dyn std::fmt::Display| format!("{flag} {value}: {e}");
        match flag.as_str() {
            "--series" if ["staff", "weeks", "all", "annual"].contains(&value.as_str()) => {
                args.series = value
            }
            "--series" => return Err(bad(&"expected staff, weeks, all or annual")),
            "--sizes" => {
                let sizes: Result<Vec<usize>, _> =
                    value.split(',').map(|v| v.trim().parse()).collect();
                args.sizes = Some(sizes.map_err(|e| bad(&e))?);
            }
            "--time-limit" => args.time_limit = value.parse().map_err(|e| bad(&e))?,
            "--threads" => args.threads = value.parse().map_err(|e| bad(&e))?,
            "--seed" => args.seed = value.parse().map_err(|e| bad(&e))?,
            _ => return Err(format!("unknown option {flag}")),
        }
    }
    Ok(args)
}

/// The annual rota (årsturnus): the generator's 40-staff unit on 364 dated days.
fn annual() -> series::Case {
    let mut spec = series::spec(40, 52);
    spec.name = "generated annual rota 2027, 40 staff".into();
    spec.horizon = serde_json::from_value::<HorizonSpec>(serde_json::json!({
        "kind": "dated", "start": "2027-01-04", "days": 364, "norwegian_holidays": true
    }))
    .expect("a valid dated horizon");
    series::Case {
        series: "annual",
        staff: 40,
        weeks: 52,
        scenario: Scenario::new(spec).expect("the annual scenario loads"),
    }
}

/// `11 (weekly_rest 6, position_hours 5)`: the hard violations left, by rule.
fn hard_breakdown(report: &Report) -> String {
    let mut by_rule: BTreeMap<String, usize> = BTreeMap::new();
    for v in report.violations.iter().filter(|v| v.hard) {
        *by_rule.entry(v.rule.to_string()).or_default() += 1;
    }
    let rules: Vec<String> = by_rule.iter().map(|(r, n)| format!("{r} {n}")).collect();
    format!("{} ({})", report.hard_violations, rules.join(", "))
}

fn num(x: Option<f64>, digits: usize) -> String {
    x.filter(|v| v.is_finite())
        .map_or("-".into(), |v| format!("{v:.digits$}"))
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("error: {e}\nusage: cargo bench --bench scaling_solve -- [--series staff|weeks|all|annual] [--sizes N,N] [--time-limit S] [--threads N] [--seed N]");
            return ExitCode::from(2);
        }
    };
    let mut cases = if args.series == "annual" {
        vec![annual()]
    } else {
        series::cases(&args.series)
    };
    if let Some(sizes) = &args.sizes {
        cases.retain(|c| {
            let x = if c.series == "weeks" {
                c.weeks as usize
            } else {
                c.staff
            };
            sizes.contains(&x)
        });
    }
    let opts = SolveOptions {
        time_limit: args.time_limit,
        threads: args.threads,
        seed: args.seed,
        ..SolveOptions::default()
    };
    println!(
        "{} s per case, {} thread(s), seed {}, {} core(s) available",
        args.time_limit,
        args.threads,
        args.seed,
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );
    println!("| series | staff | weeks | rows | columns | non-zeros | build s | status | first rota s | objective | bound | gap | iterations | total s | validator | hard left |");
    println!("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
    let (mut validated, mut run) = (0, 0);
    for case in cases {
        let sc = &case.scenario;
        let start = Instant::now();
        let out = match solve(sc, &opts) {
            Ok(out) => out,
            Err(e) => {
                eprintln!("error: {} staff, {} weeks: {e}", case.staff, case.weeks);
                return ExitCode::from(2);
            }
        };
        let total = start.elapsed().as_secs_f64();
        // A bound thread left to finish on its own would slow the next case.
        turnus_solve::wait_for_bound_threads(std::time::Duration::from_secs(900));
        let found = matches!(out.status, Status::Optimal | Status::Feasible);
        let objective = out.objective.filter(|_| found);
        let agrees = match (objective, &out.rota) {
            (Some(o), Some(rota)) => {
                let report = validate(sc, rota);
                report.hard_violations == 0
                    && (report.objective - o).abs() <= 1e-6 * o.abs().max(1.0)
            }
            _ => false,
        };
        run += 1;
        validated += usize::from(agrees);
        let hard_left = out
            .report
            .as_ref()
            .filter(|r| r.hard_violations > 0)
            .map_or("-".into(), hard_breakdown);
        println!(
            "| {} | {} | {} | {} | {} | {} | {:.3} | {:?} | {} | {} | {} | {} | {} | {:.1} | {} | {} |",
            case.series,
            case.staff,
            case.weeks,
            out.size.rows,
            out.size.columns,
            out.size.nonzeros,
            out.build_seconds,
            out.status,
            num(out.first_solution_seconds, 1),
            num(objective, 1),
            num(Some(out.bound), 1),
            out.gap
                .filter(|g| g.is_finite())
                .map_or("-".into(), |g| format!("{:.2} %", 100.0 * g)),
            out.iterations,
            total,
            if agrees {
                "agrees"
            } else {
                "no validated rota"
            },
            hard_left,
        );
    }
    println!("{validated} of {run} case(s) with a validated rota");
    ExitCode::SUCCESS
}
