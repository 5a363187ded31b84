//! `turnus bench curtois`: the Curtois & Qu instances through the solver and the validator, one
//! table row per instance as it finishes (the rows come from `turnus_instances::bench`).

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use clap::{Args, ValueEnum};
use turnus_instances::bench::{self as suite, BenchRow};
use turnus_instances::curtois;
use turnus_solve::SolveOptions;

use crate::{emit, read};

/// The benchmark to run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Suite {
    /// Curtois & Qu shift scheduling benchmark (Instance1.txt … Instance24.txt).
    Curtois,
}

/// Options of `turnus bench`.
#[derive(Args)]
pub struct BenchArgs {
    /// Instances to run, one at a time: numbers and ranges, e.g. 1-12 or 1,3,5-7.
    #[arg(long, default_value = "1-12", value_name = "LIST")]
    instances: String,
    /// Wall-clock limit per instance, in seconds.
    #[arg(long, default_value_t = 60.0, value_name = "S")]
    time_limit: f64,
    /// Solver threads per instance; with 2 or more the bound model runs beside the search.
    #[arg(long, default_value_t = 2, value_name = "N")]
    threads: u32,
    /// Random seed.
    #[arg(long, default_value_t = 1, value_name = "N")]
    seed: u64,
    /// Also write the rows as CSV to this file (the table's columns).
    #[arg(long, value_name = "FILE")]
    csv: Option<PathBuf>,
    /// The directory with InstanceN.txt and README.md (its best-known table).
    /// Default: $TURNUS_CURTOIS_DIR, else the nearest shared/benchmarks/curtois above the current directory (../shared/benchmarks/curtois from the repository).
    #[arg(long, value_name = "DIR")]
    dir: Option<PathBuf>,
}

/// Runs the benchmark: 0 when every instance got a rota the validator accepts, 1 otherwise;
/// bad input is an `Err` (exit 2) before any instance is solved.
pub fn run(suite: Suite, args: &BenchArgs) -> Result<ExitCode> {
    let Suite::Curtois = suite;
    let list = suite::parse_instances(&args.instances)?;
    if !(args.time_limit.is_finite() && args.time_limit > 0.0) {
        bail!(
            "--time-limit must be a number of seconds above 0 (got {})",
            args.time_limit
        );
    }
    if args.threads == 0 {
        bail!("--threads must be at least 1");
    }
    let dir = args.dir.clone().unwrap_or_else(curtois::default_dir);
    if !dir.is_dir() {
        bail!(
            "Curtois instance directory {} not found; give --dir DIR or set {}",
            dir.display(),
            curtois::DIR_ENV
        );
    }
    // Shown without the `..` of the default path.
    let dir = dir.canonicalize().unwrap_or(dir);
    let readme = dir.join("README.md");
    let best = suite::parse_best_known(&read(&readme)?, &readme.display().to_string())?;

    // Check the table and read every instance before solving any, so bad input stops the run
    // at once.
    let values = list
        .iter()
        .map(|n| {
            best.get(n).copied().with_context(|| {
                format!(
                    "{}: the best-known table has no value for instance {n}",
                    readme.display()
                )
            })
        })
        .collect::<Result<Vec<f64>>>()?;
    let mut jobs = Vec::new();
    for (&n, best_known) in list.iter().zip(values) {
        let path = curtois::instance_path(&dir, n);
        let spec = curtois::parse(&read(&path)?, &format!("Instance{n}.txt"))?;
        jobs.push((n, suite::load(n, spec)?, best_known));
    }
    let mut csv = match &args.csv {
        Some(path) => Some(Csv::create(path)?),
        None => None,
    };

    let opts = SolveOptions {
        time_limit: args.time_limit,
        threads: args.threads,
        seed: args.seed,
        ..SolveOptions::default()
    };
    emit(&format!(
        "Curtois & Qu instances {} from {}: {} s each, {} thread(s), seed {}\n{}\n",
        args.instances,
        dir.display(),
        args.time_limit,
        args.threads,
        args.seed,
        suite::table_header()
    ))?;
    let mut rows: Vec<BenchRow> = Vec::new();
    for (n, sc, best_known) in jobs {
        let row = suite::run(n, &sc, best_known, &opts);
        emit(&format!("{}\n", row.table_line()))?;
        if !row.validator_agrees {
            eprintln!("note: {}", disagreement(&row));
        }
        if let Some(csv) = &mut csv {
            csv.line(&row.csv_line())?;
        }
        rows.push(row);
    }
    emit(&format!("{}\n", suite::summary(&rows)))?;
    Ok(if rows.iter().all(|r| r.validator_agrees) {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// Why a row has no validated rota, in words, naming the instance.
fn disagreement(row: &BenchRow) -> String {
    // A solver error's message already names the instance.
    if let Some(e) = &row.error {
        return format!("the solver failed on {e}");
    }
    let why = match (row.objective, row.hard_violations, row.validator_objective) {
        (None, _, _) => "no rota meeting every hard rule was found".into(),
        (Some(o), Some(hard), Some(v)) => {
            format!("the validator finds {hard} hard violation(s) and objective {v} (solver: {o})")
        }
        (Some(_), _, _) => "the solver returned no rota to validate".into(),
    };
    format!("Instance{}: {why}", row.instance)
}

/// The CSV file, written and flushed row by row so a long run leaves its rows behind.
struct Csv {
    path: PathBuf,
    file: std::fs::File,
}

impl Csv {
    fn create(path: &std::path::Path) -> Result<Csv> {
        let file = std::fs::File::create(path)
            .with_context(|| format!("{}: cannot write", path.display()))?;
        let mut csv = Csv {
            path: path.to_path_buf(),
            file,
        };
        csv.line(suite::CSV_HEADER)?;
        Ok(csv)
    }

    fn line(&mut self, text: &str) -> Result<()> {
        writeln!(self.file, "{text}")
            .and_then(|()| self.file.flush())
            .with_context(|| format!("{}: cannot write", self.path.display()))
    }
}
