//! `turnus generate`: write a seeded, Norwegian-style scenario (the library's generator).

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use clap::Args;
use turnus_core::generate::{generate, GeneratorConfig};
use turnus_core::{HorizonSpec, Scenario};

/// The arguments of `turnus generate`. Every default is the library's
/// (`GeneratorConfig::default()`).
#[derive(Args)]
#[command(after_help = concat!(
    "Example:\n  turnus generate --staff 30 --weeks 6 --seed 7 -o unit.json\n  \
     turnus solve unit.json --time-limit 30\n  \
     turnus generate --staff 40 --weeks 52 --start 2027-01-04 -o annual.json   # an annual rota\n\n",
    "The same options (seed included) always give the same file.\n\n",
    "Exit codes:\n",
    "  0  success\n",
    "  2  bad input: an option out of range (the message names it), or -o cannot be written"
))]
pub(crate) struct GenerateArgs {
    /// Staff (one rota line each).
    #[arg(long, value_name = "N")]
    staff: Option<usize>,
    /// Weeks in the horizon: the cycle of a base rota (grunnturnus), or with --start the
    /// dated period (7 days a week).
    #[arg(long, value_name = "N")]
    weeks: Option<u32>,
    /// Random seed.
    #[arg(long, value_name = "N")]
    seed: Option<u64>,
    /// Length of a demand slot in minutes (a divisor of 1440).
    #[arg(long, value_name = "MIN")]
    slot_minutes: Option<u32>,
    /// Offer a long weekend shift (langvakt, 08:00-20:00).
    #[arg(long)]
    long_shifts: bool,
    /// Only the daily-rest rule, instead of the AML/KS rules.
    #[arg(long)]
    basic_rules: bool,
    /// Share of the staff who want a larger position, 0-1.
    #[arg(long, value_name = "F")]
    want_larger: Option<f64>,
    /// A dated rota from this day (YYYY-MM-DD) instead of a cyclic base rota.
    #[arg(long, value_name = "DATE")]
    start: Option<String>,
    /// With --start: no Norwegian public holidays.
    #[arg(long, requires = "start")]
    no_holidays: bool,
    /// The scenario's name (default: "generated seed S staff N weeks W").
    #[arg(long)]
    name: Option<String>,
    /// Write the scenario JSON here (default: standard output).
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
}

/// The most staff `--staff` takes: far above any unit (the scaling bench's largest has 160), and
/// low enough that a typing slip is an error, not a scenario of millions of people.
const MAX_STAFF: usize = 10_000;

impl GenerateArgs {
    /// The generator's configuration: the library's defaults where an option is not given.
    fn config(&self) -> Result<GeneratorConfig> {
        let d = GeneratorConfig::default();
        let cfg = GeneratorConfig {
            seed: self.seed.unwrap_or(d.seed),
            staff: self.staff.unwrap_or(d.staff),
            weeks: self.weeks.unwrap_or(d.weeks),
            slot_minutes: self.slot_minutes.unwrap_or(d.slot_minutes),
            long_shifts: self.long_shifts,
            full_rules: !self.basic_rules,
            want_larger: self.want_larger.unwrap_or(d.want_larger),
        };
        if cfg.staff == 0 {
            bail!("--staff 0: a unit needs at least one person");
        }
        if cfg.staff > MAX_STAFF {
            bail!("--staff {}: at most {MAX_STAFF}", cfg.staff);
        }
        if cfg.weeks == 0 {
            bail!("--weeks 0: the horizon needs at least one week");
        }
        if !(0.0..=1.0).contains(&cfg.want_larger) {
            bail!(
                "--want-larger {}: a share, between 0 and 1",
                cfg.want_larger
            );
        }
        Ok(cfg)
    }
}

/// Writes the scenario. It is loaded (and so checked) before it is written.
pub(crate) fn run(args: &GenerateArgs) -> Result<ExitCode> {
    let cfg = args.config()?;
    let mut spec = generate(&cfg);
    if let Some(start) = &args.start {
        let start = chrono::NaiveDate::parse_from_str(start, "%Y-%m-%d")
            .with_context(|| format!("--start {start}: expected a date as YYYY-MM-DD"))?;
        spec.horizon = HorizonSpec::Dated {
            start,
            // Past u32 the horizon is far over its limit anyway (the scenario then says so).
            days: cfg.weeks.saturating_mul(7),
            norwegian_holidays: !args.no_holidays,
            extra_holidays: Vec::new(),
        };
    }
    if let Some(name) = &args.name {
        spec.name.clone_from(name);
    } else if let Some(start) = &args.start {
        spec.name = format!("{} from {start}", spec.name);
    }
    let sc = Scenario::new(spec).context("the options give a scenario that does not load")?;
    let mut json = sc.to_json();
    json.push('\n');
    match &args.output {
        Some(path) => std::fs::write(path, json)
            .with_context(|| format!("{}: cannot write", path.display()))?,
        None => crate::emit(&json)?,
    }
    Ok(ExitCode::SUCCESS)
}
