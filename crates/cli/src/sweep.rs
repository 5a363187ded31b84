//! `turnus sweep`: solve a scenario once per combination of heltid levers and compare the KPIs.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, Result};
use clap::Args;
use turnus_solve::sweep::{self, Vary};
use turnus_solve::SolveOptions;

use crate::progress::{sweep_text, StatusLine};

/// The arguments of `turnus sweep`.
#[derive(Args)]
#[command(after_help = concat!(
    "Example:\n  turnus sweep fixtures/small_unit/scenario.json --vary weekend_every=2,3 \
     --vary min_position=50,80 --time-limit 20 -o table.csv\n  \
     turnus sweep fixtures/nursing_home/scenario.json --vary long_shifts=off,on \
     --vary weekend_every=2,3 --jobs 2\n\n",
    "Levers (LEVER=V1,V2,…):\n",
    "  weekend_every=N       at most one worked weekend in any N (hard)\n",
    "  long_shifts=off|on    off: no long shifts (langvakter); on: the scenario's own rule\n",
    "  min_position=P        every position at least P %\n",
    "  daily_rest=H          daily rest of at least H hours (hard)\n",
    "  weekly_rest=H         weekly rest of at least H hours (hard)\n",
    "  max_hours_per_24h=H   at most H hours in any 24 (hard)\n",
    "  full_time_week=H      a full-time week of H hours\n",
    "  position_tolerance=H  paid hours within H of the position's hours (hard)\n",
    "  position_step=P       the solver's step between position sizes, in %\n\n",
    "Exit codes:\n",
    "  0  every combination has a rota meeting every hard rule\n",
    "  1  at least one combination has none (its row says why: infeasible or no_rota)\n",
    "  2  bad input: an unreadable or invalid scenario, an unknown lever or a bad value"
))]
pub(crate) struct SweepArgs {
    /// The scenario JSON file.
    scenario: PathBuf,
    /// A lever and the values to try, LEVER=V1,V2,… (repeat for more levers; every
    /// combination is solved, the first lever varying slowest).
    #[arg(long = "vary", value_name = "LEVER=V1,V2")]
    vary: Vec<Vary>,
    /// Wall-clock limit in seconds for each combination.
    #[arg(long, default_value_t = 30.0, value_name = "S")]
    time_limit: f64,
    /// Stop a combination at this proven relative gap (0.01 = 1 %).
    #[arg(long, default_value_t = 1e-4, value_name = "G")]
    gap: f64,
    /// Combinations solved at once, one solver thread each (default: the number of CPUs).
    #[arg(long, value_name = "N")]
    jobs: Option<usize>,
    /// Random seed (the same for every combination).
    #[arg(long, default_value_t = 1, value_name = "N")]
    seed: u64,
    /// Cap on search iterations per combination (the rotas are then repeatable).
    #[arg(long, value_name = "N")]
    max_iterations: Option<usize>,
    /// Start every combination from this rota (warm start; it need not meet the levers).
    #[arg(long, value_name = "ROTA")]
    initial: Option<PathBuf>,
    /// Write the table as CSV here.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
}

/// Runs the sweep, prints the table and the lever effects, and writes the CSV.
pub(crate) fn run(args: SweepArgs) -> Result<ExitCode> {
    let sc = crate::load_scenario(&args.scenario)?;
    let jobs = args.jobs.unwrap_or_else(|| {
        std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)
    });
    let initial = args
        .initial
        .as_deref()
        .map(|path| crate::load_rota(&sc, path))
        .transpose()?;
    let opts = SolveOptions {
        initial,
        time_limit: args.time_limit,
        gap: args.gap,
        seed: args.seed,
        max_iterations: args.max_iterations,
        ..SolveOptions::default()
    };
    let status = StatusLine::stderr();
    let start = Instant::now();
    status.show_now(&sweep_text(
        0,
        sweep::combinations(&args.vary).len(),
        start.elapsed(),
    ));
    let done = |k: usize, n: usize| status.show_now(&sweep_text(k, n, start.elapsed()));
    let rows = sweep::sweep_with_progress(sc.spec(), &args.vary, &opts, jobs, &done);
    status.clear();
    let rows = rows.with_context(|| args.scenario.display().to_string())?;

    let mut text = format!("{}\n\n{}", sc.spec().name, sweep::table(&rows));
    let effects = sweep::effects(&rows);
    if !effects.is_empty() {
        text.push_str(
            "\nLever effects (mean change between rows that differ in that lever only)\n",
        );
        for e in &effects {
            text.push_str(&format!("  {e}\n"));
        }
    }
    let missing = sweep::without_rota(&rows, 4);
    if !missing.is_empty() {
        text.push_str("\nWithout a rota\n");
        text.push_str(&missing);
    }
    if let Some(path) = &args.output {
        std::fs::write(path, sweep::csv(&rows))
            .with_context(|| format!("{}: cannot write", path.display()))?;
    }
    crate::emit(&text)?;
    Ok(if rows.iter().all(sweep::SweepRow::has_rota) {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
