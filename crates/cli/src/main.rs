//! The `turnus` command-line tool: validate a rota against a scenario and render the report.
//!
//! This is the only part of turnus that reads files and writes to the terminal. Everything it
//! prints is built by `turnus-core` (validation) and `turnus-report` (rendering).

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand, ValueEnum};
use turnus_core::{validate, Rota, Scenario};
use turnus_report::TextOptions;
use turnus_solve::{solve, Outcome, SolveOptions, Status, Strategy};

mod bench;
mod generate;
mod progress;
mod sweep;

#[derive(Parser)]
#[command(
    name = "turnus",
    version,
    about = "Build, check and report rotas (turnus) for Norwegian municipal health and care",
    long_about = "Check and report rotas (turnus) for Norwegian municipal health and care.\n\n\
        A scenario (JSON) holds the unit's shifts, staff and positions, the demand curve per \
        competence and the working-time rules (AML ch. 10, KS). A rota (JSON) says who works \
        which shift on which day. `turnus solve` builds a rota with the MIP solver; \
        `turnus validate` checks a rota against every rule; `turnus report` shows it as a grid \
        with the heltid (full-time) KPIs.",
    after_help = "Examples:\n  \
        turnus validate fixtures/nursing_home/scenario.json fixtures/nursing_home/rota.json\n  \
        turnus report fixtures/nursing_home/scenario.json fixtures/nursing_home/rota.json\n  \
        turnus solve fixtures/small_unit/scenario.json --time-limit 20 -o rota.json\n  \
        turnus sweep fixtures/small_unit/scenario.json --vary weekend_every=2,3 --vary min_position=50,80\n  \
        turnus template fixtures/doc_example.json > rota.json\n  \
        turnus import curtois Instance1.txt -o scenario.json\n  \
        turnus bench curtois --instances 1-4 --time-limit 20\n  \
        turnus generate --staff 30 --weeks 6 --seed 7 -o unit.json\n\n\
        Exit codes:\n  \
        0  success\n  \
        1  validate: the rota breaks at least one hard rule; solve: no rota meets every hard rule; \
        bench: an instance got no validated rota\n  \
        2  bad input: a file that cannot be read, is not valid JSON, or names unknown ids; \
        bad arguments"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check a rota against a scenario: rule violations and the objective.
    ///
    /// Prints the verdict, the number of hard and soft violations, the objective (the weighted
    /// cost, lower is better) and one line per violation, hard ones first. With --json prints
    /// the whole report as JSON instead.
    #[command(after_help = concat!(
        "Example:\n  turnus validate fixtures/nursing_home/scenario.json \
         fixtures/nursing_home/rota.json\n  \
         turnus validate --json scenario.json rota.json | jq .kpis.full_time_share\n\n",
        "Exit codes:\n",
        "  0  no hard violations (soft ones may remain)\n",
        "  1  at least one hard violation\n",
        "  2  bad input: a file that cannot be read, is not valid JSON, or names unknown ids\n",
        "     (the message says which file, where, and what is wrong)"
    ))]
    Validate {
        /// The scenario JSON file.
        scenario: PathBuf,
        /// The rota JSON file.
        rota: PathBuf,
        /// Print the full report as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Show a rota as a grid with its KPIs, objective terms and violations.
    ///
    /// The text report shows the rota grid (weeks, weekend columns, people at work per day and
    /// competence), the KPIs (full-time share, mean position size, position profile, skilled
    /// cover, nurse every hour, under- and over-staffing), a table per person, the objective
    /// by term and the violations. Long horizons wrap into blocks of weeks. csv is the rota
    /// with one row per worked shift; json the validation report; html one self-contained page
    /// with the KPIs, charts of planned staff against demand per hour, the position-size
    /// profile, weekend hours per person, the rota grid and the violations.
    #[command(after_help = concat!(
        "Example:\n  turnus report fixtures/nursing_home/scenario.json \
         fixtures/nursing_home/rota.json\n  \
         turnus report --format csv scenario.json rota.json -o rota.csv\n  \
         turnus report --format json scenario.json rota.json > report.json\n  \
         turnus report --format html scenario.json rota.json -o report.html\n\n",
        "Exit codes:\n",
        "  0  the report was printed, even when the rota breaks rules (use `validate` to gate)\n",
        "  2  bad input: a file that cannot be read, is not valid JSON, or names unknown ids"
    ))]
    Report {
        /// The scenario JSON file.
        scenario: PathBuf,
        /// The rota JSON file.
        rota: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Line width for the text report; the grid wraps into blocks of weeks to fit.
        /// Default: $COLUMNS when set, else 120.
        #[arg(long, value_name = "COLUMNS")]
        width: Option<usize>,
        /// Write the report to this file instead of standard output.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Build a rota for a scenario with the MIP solver (HiGHS) and show it.
    ///
    /// Prints the rota grid, the KPIs and the solve statistics (status, objective, proven
    /// bound and gap, times, model size). With -o writes the rota JSON, which `turnus validate`
    /// accepts. When no rota meets every hard rule, prints which rules, people and days cannot
    /// be met and exits 1 (with -o the least-violating rota is still written, for inspection).
    #[command(after_help = concat!(
        "Example:\n  turnus solve fixtures/small_unit/scenario.json --time-limit 20 -o rota.json\n  \
         turnus validate fixtures/small_unit/scenario.json rota.json\n\n",
        "Exit codes:\n",
        "  0  a rota meeting every hard rule (optimal or with the gap shown)\n",
        "  1  no rota meets every hard rule (proven, or none found in the time given)\n",
        "  2  bad input, or a rule the solver cannot model (the message names it)"
    ))]
    Solve {
        /// The scenario JSON file.
        scenario: PathBuf,
        /// Wall-clock limit in seconds.
        #[arg(long, default_value_t = 60.0, value_name = "S")]
        time_limit: f64,
        /// Stop at this proven relative gap (0.01 = 1 %).
        #[arg(long, default_value_t = 1e-4, value_name = "G")]
        gap: f64,
        /// Threads; with 2 or more the bound model runs beside the search.
        #[arg(long, default_value_t = 2, value_name = "N")]
        threads: u32,
        /// Random seed.
        #[arg(long, default_value_t = 1, value_name = "N")]
        seed: u64,
        /// Cap on search iterations: the run then gives the same rota every time (for the same
        /// seed and --threads); the bound model runs after the search and gives the bound only.
        #[arg(long, value_name = "N")]
        max_iterations: Option<usize>,
        /// Start from this rota (warm start).
        #[arg(long, value_name = "ROTA")]
        initial: Option<PathBuf>,
        /// Only the monolithic MIP (the plain-MIP baseline).
        #[arg(long)]
        monolithic: bool,
        /// Write the rota JSON here.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Print the report as JSON (with the solve statistics under "solve").
        #[arg(long)]
        json: bool,
        /// Line width for the text report.
        #[arg(long, value_name = "COLUMNS")]
        width: Option<usize>,
        /// Show HiGHS logs on stderr.
        #[arg(long)]
        verbose: bool,
    },
    /// Solve a scenario once per combination of heltid levers and compare the KPIs.
    ///
    /// Every combination of the --vary values is solved in parallel (one solver thread per
    /// job). Prints one row per combination: the lever values, status, full-time share, mean
    /// position size, under- and over-staffing hours, skilled cover, objective, gap and
    /// seconds, then what moving each lever changed. -o writes the table as CSV.
    Sweep(sweep::SweepArgs),
    /// Print an all-off rota for a scenario: a starting point to fill in.
    ///
    /// One row per person and rota line, one "-" (off) per day of the horizon.
    #[command(after_help = concat!(
        "Example:\n  turnus template fixtures/doc_example.json > rota.json\n  \
         turnus report fixtures/doc_example.json rota.json\n\n",
        "Exit codes:\n",
        "  0  success\n",
        "  2  bad input: the scenario cannot be read or is not valid"
    ))]
    Template {
        /// The scenario JSON file.
        scenario: PathBuf,
    },
    /// Write a generated scenario: a seeded, Norwegian-style unit for tests and research.
    ///
    /// A nursing-home style unit: day, evening and night shifts (and a long weekend shift on
    /// request), nurses, skilled workers and assistants, part-time positions from 40 to
    /// 100 % (some wanting a larger one), a demand curve with a morning peak scaled to the
    /// staff, a nurse present every hour (soft) and the AML/KS working-time rules. A cyclic
    /// base rota (grunnturnus), or a dated rota with --start. Writes pretty JSON to -o, or to
    /// standard output.
    Generate(generate::GenerateArgs),
    /// Convert a benchmark instance into a scenario JSON.
    ///
    /// `curtois`: an instance of the Curtois & Qu shift scheduling benchmark (InstanceN.txt).
    /// The scenario has the benchmark's hard rules as hard rules and its objective (requests
    /// and cover under/over) as the whole objective, so `turnus validate` scores a rota exactly
    /// as the benchmark does. Writes pretty JSON to -o, or to standard output.
    #[command(after_help = concat!(
        "Example:\n  turnus import curtois ../shared/benchmarks/curtois/Instance1.txt -o scenario.json\n  \
         turnus template scenario.json > rota.json\n  \
         turnus validate scenario.json rota.json\n\n",
        "Exit codes:\n",
        "  0  success\n",
        "  2  bad input: the file cannot be read or is malformed (the message names the line)"
    ))]
    Import {
        /// The benchmark format.
        #[arg(value_enum)]
        format: ImportFormat,
        /// The instance file.
        file: PathBuf,
        /// Write the scenario JSON here (default: standard output).
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Run benchmark instances through the solver and the validator, one table row each.
    ///
    /// `curtois`: the Curtois & Qu instances, one at a time. Each row shows the objective, the
    /// proven bound and the gap, the seconds to the first rota and in all, the best-known value
    /// (from the README.md table in the instance directory) and objective / best known, and
    /// whether the validator agrees (no hard violation, and the same objective as the solver).
    /// A summary line closes the table; --csv writes the same columns to a file.
    #[command(after_help = concat!(
        "Example:\n  turnus bench curtois --instances 1-4 --time-limit 20 --csv curtois.csv\n  \
         turnus bench curtois --instances 1,3,5-7 --dir ../shared/benchmarks/curtois\n\n",
        "Exit codes:\n",
        "  0  every instance got a rota the validator accepts\n",
        "  1  at least one instance got none (a solver error is a row with status error)\n",
        "  2  bad input: a bad instance list or option, a missing directory, README.md or\n",
        "     instance file, or a rule the solver cannot model"
    ))]
    Bench {
        /// The benchmark.
        #[arg(value_enum)]
        suite: bench::Suite,
        #[command(flatten)]
        args: bench::BenchArgs,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum ImportFormat {
    /// Curtois & Qu shift scheduling benchmark (InstanceN.txt).
    Curtois,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Format {
    /// A plain-text report for the terminal.
    Text,
    /// The rota as CSV (RFC 4180), one row per worked shift.
    Csv,
    /// The report as JSON.
    Json,
    /// One self-contained HTML page with SVG charts.
    Html,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli.command) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::from(2)
        }
    }
}

fn run(command: Command) -> Result<ExitCode> {
    match command {
        Command::Validate {
            scenario,
            rota,
            json,
        } => {
            let (sc, rota) = load(&scenario, &rota)?;
            let report = validate(&sc, &rota);
            if json {
                emit(&turnus_report::json(&report))?;
            } else {
                emit(&turnus_report::summary(&report))?;
            }
            Ok(if report.is_feasible() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            })
        }
        Command::Report {
            scenario,
            rota,
            format,
            width,
            output,
        } => {
            let (sc, rota) = load(&scenario, &rota)?;
            let report = validate(&sc, &rota);
            let out = match format {
                Format::Text => {
                    let opts = TextOptions {
                        width: width.or_else(terminal_width).unwrap_or(120),
                    };
                    turnus_report::text_with(&sc, &rota, &report, &opts)
                }
                Format::Csv => turnus_report::csv(&sc, &rota),
                Format::Json => turnus_report::json(&report),
                Format::Html => turnus_report::html(&sc, &rota, &report),
            };
            match &output {
                Some(path) => std::fs::write(path, out)
                    .with_context(|| format!("{}: cannot write", path.display()))?,
                None => emit(&out)?,
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Solve {
            scenario,
            time_limit,
            gap,
            threads,
            seed,
            max_iterations,
            initial,
            monolithic,
            output,
            json,
            width,
            verbose,
        } => {
            let sc = load_scenario(&scenario)?;
            let initial = initial.map(|path| load_rota(&sc, &path)).transpose()?;
            let status_line = progress::StatusLine::stderr();
            let opts = SolveOptions {
                time_limit,
                gap,
                threads,
                seed,
                verbose,
                initial,
                max_iterations,
                strategy: if monolithic {
                    Strategy::Monolithic
                } else {
                    Strategy::Auto
                },
                progress: status_line.solve_hook(),
                ..SolveOptions::default()
            };
            let out = solve(&sc, &opts);
            status_line.clear();
            let out = out.with_context(|| scenario.display().to_string())?;
            let rota = out.rota.clone().context("the solver returned no rota")?;
            let report = out.report.clone().unwrap_or_else(|| validate(&sc, &rota));
            if let Some(path) = &output {
                let mut text = rota.to_json(&sc);
                text.push('\n');
                std::fs::write(path, text)
                    .with_context(|| format!("{}: cannot write", path.display()))?;
            }
            let stats = solve_stats(&out);
            if json {
                let mut value = serde_json::to_value(&report).context("report to JSON")?;
                value["solve"] = serde_json::json!({
                    "status": out.status,
                    "objective": out.objective,
                    "bound": out.bound.is_finite().then_some(out.bound),
                    "gap": out.gap.filter(|g| g.is_finite()),
                    "build_seconds": out.build_seconds,
                    "solve_seconds": out.solve_seconds,
                    "first_solution_seconds": out.first_solution_seconds,
                    "iterations": out.iterations,
                    "rows": out.size.rows,
                    "columns": out.size.columns,
                    "nonzeros": out.size.nonzeros,
                    "explanation": out.explanation,
                });
                emit(&format!(
                    "{}\n",
                    serde_json::to_string_pretty(&value).context("JSON")?
                ))?;
            } else {
                let opts = TextOptions {
                    width: width.or_else(terminal_width).unwrap_or(120),
                };
                let mut text = turnus_report::text_with(&sc, &rota, &report, &opts);
                text.push_str(&stats);
                for line in &out.explanation {
                    text.push_str(line);
                    text.push('\n');
                }
                emit(&text)?;
            }
            Ok(match out.status {
                Status::Optimal | Status::Feasible => ExitCode::SUCCESS,
                Status::Infeasible | Status::NoSolution => ExitCode::from(1),
            })
        }
        Command::Sweep(args) => sweep::run(args),
        Command::Template { scenario } => {
            let sc = load_scenario(&scenario)?;
            let mut json = Rota::empty(&sc).to_json(&sc);
            json.push('\n');
            emit(&json)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Import {
            format,
            file,
            output,
        } => {
            let spec = match format {
                ImportFormat::Curtois => {
                    let text = read(&file)?;
                    let name = file.file_name().map_or_else(
                        || file.display().to_string(),
                        |n| n.to_string_lossy().into(),
                    );
                    turnus_instances::curtois::parse(&text, &name)?
                }
            };
            // Check that the result loads before writing it.
            let sc = Scenario::new(spec).with_context(|| file.display().to_string())?;
            let mut json = sc.to_json();
            json.push('\n');
            match &output {
                Some(path) => std::fs::write(path, json)
                    .with_context(|| format!("{}: cannot write", path.display()))?,
                None => emit(&json)?,
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Bench { suite, args } => bench::run(suite, &args),
        Command::Generate(args) => generate::run(&args),
    }
}

/// The solve statistics block of the text output.
fn solve_stats(out: &Outcome) -> String {
    let num = |x: Option<f64>| {
        x.filter(|v| v.is_finite())
            .map_or("-".to_string(), |v| format!("{v:.2}"))
    };
    let status = match out.status {
        Status::Optimal => "optimal",
        Status::Feasible => "feasible (gap open)",
        Status::Infeasible => "infeasible (proven)",
        Status::NoSolution => "no rota meeting every hard rule found",
    };
    let model = if out.size.rows == 0 {
        "monolithic model not run (the bound, if any, is the aggregate model's)".to_string()
    } else {
        format!(
            "{} rows, {} columns, {} non-zeros, built in {:.3} s",
            out.size.rows, out.size.columns, out.size.nonzeros, out.build_seconds
        )
    };
    format!(
        "\nSolve\n  status       {status}\n  objective    {}\n  bound        {}\n  gap          {}\n  \
         first rota   {} s\n  total        {:.2} s ({} sub-MIPs)\n  model        {model}\n",
        num(out.objective),
        num(Some(out.bound)),
        out.gap.filter(|g| g.is_finite()).map_or("-".to_string(), |g| format!("{:.2} %", 100.0 * g)),
        num(out.first_solution_seconds),
        out.solve_seconds,
        out.iterations,
    )
}

/// `$COLUMNS` when the shell exports it and it is a sensible width.
fn terminal_width() -> Option<usize> {
    std::env::var("COLUMNS")
        .ok()?
        .trim()
        .parse()
        .ok()
        .filter(|w| (40..=1000).contains(w))
}

fn read(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).with_context(|| format!("{}: cannot read", path.display()))
}

fn load_scenario(path: &Path) -> Result<Scenario> {
    let text = read(path)?;
    Scenario::from_json(&text).with_context(|| path.display().to_string())
}

fn load_rota(sc: &Scenario, path: &Path) -> Result<Rota> {
    let text = read(path)?;
    Rota::from_json(sc, &text).with_context(|| path.display().to_string())
}

fn load(scenario: &Path, rota: &Path) -> Result<(Scenario, Rota)> {
    let sc = load_scenario(scenario)?;
    let r = load_rota(&sc, rota)?;
    Ok((sc, r))
}

/// Writes to stdout; a closed pipe (`turnus report … | head`) is not an error.
fn emit(text: &str) -> Result<()> {
    let mut out = io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => {
            Err(e).context("cannot write to standard output")
        }
        _ => Ok(()),
    }
}
