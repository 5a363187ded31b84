//! Scenario sweeps: the heltid (full-time) levers.
//!
//! A municipal heltid programme asks which lever buys how much full time: every 2nd weekend
//! instead of every 3rd, long shifts (langvakter) or none, a minimum position size, the wider
//! limits a local agreement unlocks. A sweep answers it by solving the scenario once per
//! combination of lever values and putting the KPIs of each rota side by side.
//!
//! - A [`Vary`] is one lever with the values to try, parsed from `name=v1,v2,…`
//!   (`"weekend_every=2,3".parse()`); a [`Setting`] is one lever at one value.
//! - [`Setting::apply`] changes a [`ScenarioSpec`] (or the [`SolveOptions`]) as the lever says;
//!   [`configure`] applies a whole combination and re-checks the scenario with [`Scenario::new`].
//! - [`combinations`] is the cartesian product of the levers, the first lever varying slowest.
//! - [`sweep`] solves every combination in parallel (rayon, `jobs` workers, one solver thread
//!   each) and returns one [`SweepRow`] per combination, in combination order. Its KPIs are the
//!   validator's ([`Outcome::report`]), never recomputed.
//! - [`effects`] compares rows that differ in one lever only: what moving that lever changed.
//! - [`table`] and [`csv`] render the rows.
//!
//! The levers (see [`Lever`] and `docs/sweep.md`):
//!
//! | lever | values | what it sets |
//! |---|---|---|
//! | `weekend_every=N` | integer ≥ 1 | `rules.weekend_every` hard N: at most one weekend in any N |
//! | `long_shifts=off\|on` | `off`, `on` | off: `rules.max_long_shifts` hard 0; on: the scenario's own setting |
//! | `min_position=P` | percent, 0 < P ≤ 100 | every position at least P % (current, minimum and wanted raised to P) |
//! | `daily_rest=H` | hours, 0 < H ≤ 24 | `rules.daily_rest_hours` hard H (AML 11, 8 by agreement) |
//! | `weekly_rest=H` | hours, 0 < H ≤ 168 | `rules.weekly_rest_hours` hard H (AML 35, 28 by agreement) |
//! | `max_hours_per_24h=H` | hours, 0 < H ≤ 24 | `rules.max_hours_per_24h` hard H (9, 10, 12.5) |
//! | `full_time_week=H` | hours, 0 < H ≤ 60 | `rules.full_time_week` a fixed H-hour week (37.5, 35.5, 33.6) |
//! | `position_tolerance=H` | hours, 0 ≤ H ≤ 1000 | `rules.position_hours_tolerance` hard H (paid hours within ±H of the position) |
//! | `position_step=P` | percent, 0.5 ≤ P ≤ 100 | [`SolveOptions::position_step_pct`] |
//!
//! ```no_run
//! use turnus_core::Scenario;
//! use turnus_solve::sweep::{sweep, Vary};
//! use turnus_solve::SolveOptions;
//!
//! let sc = Scenario::from_json(&std::fs::read_to_string("fixtures/small_unit/scenario.json")?)?;
//! let vary: Vec<Vary> = vec!["weekend_every=2,3".parse()?, "min_position=50,80".parse()?];
//! let opts = SolveOptions { time_limit: 10.0, ..SolveOptions::default() };
//! let rows = sweep(sc.spec(), &vary, &opts, 2)?;
//! print!("{}", turnus_solve::sweep::table(&rows));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::fmt;
use std::str::FromStr;
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;
use thiserror::Error;
use turnus_core::rules::{FullTimeWeek, Limit};
use turnus_core::{InputError, Kpis, Rota, Scenario, ScenarioSpec};

use crate::{solve, Outcome, SolveError, SolveOptions, Status};

/// A lever of the heltid programmes that a sweep can vary.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Lever {
    /// `weekend_every=N`: `rules.weekend_every` becomes hard N ("every Nth weekend": at most one
    /// worked weekend in any N consecutive ones). Every 3rd is the KS norm; every 2nd is the
    /// lever that lets weekends be staffed by fewer, larger positions.
    WeekendEvery,
    /// `long_shifts=off|on`: `off` sets `rules.max_long_shifts` hard 0, so no shift of category
    /// `long` (langvakt) is worked; `on` keeps the scenario's own setting. A scenario without
    /// long shifts gives the same rota both ways.
    LongShifts,
    /// `min_position=P`: every staff member with a position gets a position of at least P %:
    /// `current_pct` and `min_pct` are raised to at least P, and `wanted_pct` too when it is
    /// set below P, so the allowed range stays valid. Staff without a position are unchanged;
    /// an optional rota line may still be left unused (0 %).
    MinPosition,
    /// `daily_rest=H`: `rules.daily_rest_hours` becomes hard H (AML §10-8(1): 11 h, 8 h by
    /// local agreement).
    DailyRest,
    /// `weekly_rest=H`: `rules.weekly_rest_hours` becomes hard H (AML §10-8(2): 35 h, 28 h by
    /// local agreement).
    WeeklyRest,
    /// `max_hours_per_24h=H`: `rules.max_hours_per_24h` becomes hard H (AML §10-4/§10-5: 9 h,
    /// 10 h by individual agreement, 12.5 h by local agreement, which long shifts need).
    MaxHoursPer24h,
    /// `full_time_week=H`: `rules.full_time_week` becomes a fixed week of H hours (KS: 37.5 day
    /// work, 35.5 rota work, 33.6 continuous three-shift work).
    FullTimeWeek,
    /// `position_tolerance=H`: `rules.position_hours_tolerance` becomes hard H: paid hours over
    /// the horizon within ±H of the position's hours. With fixed shift lengths a tight tolerance
    /// rules out many position sizes, so this lever often decides whether `min_position` can
    /// be met.
    PositionTolerance,
    /// `position_step=P`: [`SolveOptions::position_step_pct`], the step between the position
    /// sizes the solver may choose.
    PositionStep,
}

impl Lever {
    /// Every lever, in the order they are listed in messages.
    pub const ALL: [Lever; 9] = [
        Lever::WeekendEvery,
        Lever::LongShifts,
        Lever::MinPosition,
        Lever::DailyRest,
        Lever::WeeklyRest,
        Lever::MaxHoursPer24h,
        Lever::FullTimeWeek,
        Lever::PositionTolerance,
        Lever::PositionStep,
    ];

    /// The name used in `--vary name=…`.
    pub fn name(self) -> &'static str {
        match self {
            Lever::WeekendEvery => "weekend_every",
            Lever::LongShifts => "long_shifts",
            Lever::MinPosition => "min_position",
            Lever::DailyRest => "daily_rest",
            Lever::WeeklyRest => "weekly_rest",
            Lever::MaxHoursPer24h => "max_hours_per_24h",
            Lever::FullTimeWeek => "full_time_week",
            Lever::PositionTolerance => "position_tolerance",
            Lever::PositionStep => "position_step",
        }
    }

    /// What a value looks like, for error messages.
    fn expects(self) -> &'static str {
        match self {
            Lever::WeekendEvery => "a whole number of weekends, at least 1",
            Lever::LongShifts => "off or on",
            Lever::MinPosition => "a percentage above 0 and at most 100",
            Lever::DailyRest | Lever::MaxHoursPer24h => "hours above 0 and at most 24",
            Lever::WeeklyRest => "hours above 0 and at most 168",
            Lever::FullTimeWeek => "hours above 0 and at most 60",
            Lever::PositionTolerance => "hours from 0 to 1000",
            Lever::PositionStep => "a percentage from 0.5 to 100",
        }
    }

    /// The lever set to one value, parsed from `text` (`"2"`, `"off"`, `"12.5"`).
    pub fn parse_value(self, text: &str) -> Result<Setting, SweepError> {
        let t = text.trim();
        let bad = || SweepError::BadValue {
            lever: self.name(),
            value: t.to_string(),
            expected: self.expects(),
        };
        // A number in (lo, hi], or [lo, hi] when `lo_incl`.
        let number = |lo: f64, lo_incl: bool, hi: f64| -> Result<f64, SweepError> {
            let v: f64 = t.parse().map_err(|_| bad())?;
            let above = if lo_incl { v >= lo } else { v > lo };
            (v.is_finite() && above && v <= hi)
                .then_some(v)
                .ok_or_else(bad)
        };
        Ok(match self {
            Lever::WeekendEvery => {
                let n: u32 = t.parse().map_err(|_| bad())?;
                if n == 0 {
                    return Err(bad());
                }
                Setting::WeekendEvery(n)
            }
            Lever::LongShifts => match t {
                "off" => Setting::LongShifts(false),
                "on" => Setting::LongShifts(true),
                _ => return Err(bad()),
            },
            Lever::MinPosition => Setting::MinPosition(number(0.0, false, 100.0)?),
            Lever::DailyRest => Setting::DailyRest(number(0.0, false, 24.0)?),
            Lever::WeeklyRest => Setting::WeeklyRest(number(0.0, false, 168.0)?),
            Lever::MaxHoursPer24h => Setting::MaxHoursPer24h(number(0.0, false, 24.0)?),
            Lever::FullTimeWeek => Setting::FullTimeWeek(number(0.0, false, 60.0)?),
            Lever::PositionTolerance => Setting::PositionTolerance(number(0.0, true, 1000.0)?),
            Lever::PositionStep => Setting::PositionStep(number(0.5, true, 100.0)?),
        })
    }
}

impl fmt::Display for Lever {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Lever {
    type Err = SweepError;

    fn from_str(s: &str) -> Result<Lever, SweepError> {
        let s = s.trim();
        Lever::ALL
            .into_iter()
            .find(|l| l.name() == s)
            .ok_or_else(|| SweepError::UnknownLever(s.to_string()))
    }
}

/// One lever at one value. See [`Lever`] for what each one changes.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Setting {
    /// `weekend_every=N`.
    WeekendEvery(u32),
    /// `long_shifts=on` (`true`) or `off` (`false`).
    LongShifts(bool),
    /// `min_position=P` (percent).
    MinPosition(f64),
    /// `daily_rest=H` (hours).
    DailyRest(f64),
    /// `weekly_rest=H` (hours).
    WeeklyRest(f64),
    /// `max_hours_per_24h=H` (hours).
    MaxHoursPer24h(f64),
    /// `full_time_week=H` (hours).
    FullTimeWeek(f64),
    /// `position_tolerance=H` (hours).
    PositionTolerance(f64),
    /// `position_step=P` (percent).
    PositionStep(f64),
}

impl Setting {
    /// The lever this setting moves.
    pub fn lever(&self) -> Lever {
        match self {
            Setting::WeekendEvery(_) => Lever::WeekendEvery,
            Setting::LongShifts(_) => Lever::LongShifts,
            Setting::MinPosition(_) => Lever::MinPosition,
            Setting::DailyRest(_) => Lever::DailyRest,
            Setting::WeeklyRest(_) => Lever::WeeklyRest,
            Setting::MaxHoursPer24h(_) => Lever::MaxHoursPer24h,
            Setting::FullTimeWeek(_) => Lever::FullTimeWeek,
            Setting::PositionTolerance(_) => Lever::PositionTolerance,
            Setting::PositionStep(_) => Lever::PositionStep,
        }
    }

    /// The value as written after `=` (`2`, `off`, `12.5`).
    pub fn value(&self) -> String {
        match *self {
            Setting::WeekendEvery(n) => n.to_string(),
            Setting::LongShifts(on) => (if on { "on" } else { "off" }).to_string(),
            Setting::MinPosition(v)
            | Setting::DailyRest(v)
            | Setting::WeeklyRest(v)
            | Setting::MaxHoursPer24h(v)
            | Setting::FullTimeWeek(v)
            | Setting::PositionTolerance(v)
            | Setting::PositionStep(v) => v.to_string(),
        }
    }

    /// Applies the setting: to the scenario document for rule and position levers, to the solve
    /// options for `position_step`. Check the scenario afterwards with [`Scenario::new`] (as
    /// [`configure`] does).
    pub fn apply(&self, spec: &mut ScenarioSpec, opts: &mut SolveOptions) {
        let rules = &mut spec.rules;
        match *self {
            Setting::WeekendEvery(n) => rules.weekend_every = Some(Limit::hard(n)),
            Setting::LongShifts(false) => rules.max_long_shifts = Some(Limit::hard(0)),
            Setting::LongShifts(true) => {}
            Setting::MinPosition(p) => {
                for pos in spec.staff.iter_mut().filter_map(|s| s.position.as_mut()) {
                    pos.current_pct = pos.current_pct.max(p);
                    pos.min_pct = Some(pos.min_pct.unwrap_or(pos.current_pct).max(p));
                    if let Some(w) = &mut pos.wanted_pct {
                        *w = w.max(p);
                    }
                }
            }
            Setting::DailyRest(h) => rules.daily_rest_hours = Some(Limit::hard(h)),
            Setting::WeeklyRest(h) => rules.weekly_rest_hours = Some(Limit::hard(h)),
            Setting::MaxHoursPer24h(h) => rules.max_hours_per_24h = Some(Limit::hard(h)),
            Setting::FullTimeWeek(h) => rules.full_time_week = FullTimeWeek::Hours(h),
            Setting::PositionTolerance(h) => rules.position_hours_tolerance = Some(Limit::hard(h)),
            Setting::PositionStep(p) => opts.position_step_pct = p,
        }
    }
}

impl fmt::Display for Setting {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}={}", self.lever(), self.value())
    }
}

impl FromStr for Setting {
    type Err = SweepError;

    /// `name=value`, e.g. `weekend_every=2`.
    fn from_str(s: &str) -> Result<Setting, SweepError> {
        let vary: Vary = s.parse()?;
        match vary.settings() {
            [one] => Ok(*one),
            _ => Err(SweepError::Syntax(s.to_string())),
        }
    }
}

/// One lever with the values a sweep tries, e.g. `weekend_every=2,3`.
#[derive(Clone, Debug, PartialEq)]
pub struct Vary {
    lever: Lever,
    settings: Vec<Setting>,
}

impl Vary {
    /// The lever.
    pub fn lever(&self) -> Lever {
        self.lever
    }

    /// The lever at each of its values, in the order given.
    pub fn settings(&self) -> &[Setting] {
        &self.settings
    }
}

impl FromStr for Vary {
    type Err = SweepError;

    /// `name=v1,v2,…`. Errors name the unknown lever (listing the known ones) or the bad value
    /// (saying what a value looks like); a value given twice is an error too.
    fn from_str(s: &str) -> Result<Vary, SweepError> {
        let (name, values) = s
            .split_once('=')
            .ok_or_else(|| SweepError::Syntax(s.to_string()))?;
        let lever: Lever = name.parse()?;
        if values.trim().is_empty() {
            return Err(SweepError::Syntax(s.to_string()));
        }
        let mut settings: Vec<Setting> = Vec::new();
        for v in values.split(',') {
            let setting = lever.parse_value(v)?;
            if settings.contains(&setting) {
                return Err(SweepError::RepeatedValue(setting.to_string()));
            }
            settings.push(setting);
        }
        Ok(Vary { lever, settings })
    }
}

impl fmt::Display for Vary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let values: Vec<String> = self.settings.iter().map(Setting::value).collect();
        write!(f, "{}={}", self.lever, values.join(","))
    }
}

/// Why a sweep could not run.
#[derive(Debug, Error)]
pub enum SweepError {
    /// Not `name=value[,value…]`.
    #[error("\"{0}\": expected LEVER=VALUE[,VALUE…], e.g. weekend_every=2,3")]
    Syntax(String),
    /// A lever name that does not exist.
    #[error("unknown lever \"{0}\" (known: {known})", known = known_levers())]
    UnknownLever(String),
    /// A value the lever cannot take.
    #[error("{lever}: bad value \"{value}\" (expected {expected})")]
    BadValue {
        /// The lever.
        lever: &'static str,
        /// The value as given.
        value: String,
        /// What a value of this lever looks like.
        expected: &'static str,
    },
    /// The same value listed twice for a lever.
    #[error("{0} is listed twice")]
    RepeatedValue(String),
    /// The same lever varied twice.
    #[error("{0} is varied twice: list all its values in one LEVER=V1,V2")]
    RepeatedLever(Lever),
    /// A combination gives a scenario that does not pass the scenario checks.
    #[error("{combination}: {source}")]
    Scenario {
        /// The combination, e.g. `weekend_every=2 min_position=80`.
        combination: String,
        /// What the scenario check found.
        source: InputError,
    },
    /// The solver refused a combination (an unsupported rule, a bad option).
    #[error("{combination}: {source}")]
    Solve {
        /// The combination.
        combination: String,
        /// The solver's error.
        source: SolveError,
    },
    /// `jobs` must be at least 1.
    #[error("jobs must be at least 1")]
    NoJobs,
    /// The worker pool could not be started.
    #[error("cannot start the worker threads: {0}")]
    ThreadPool(String),
}

fn known_levers() -> String {
    Lever::ALL.map(Lever::name).join(", ")
}

/// Every combination of the levers' values (the cartesian product), the first lever varying
/// slowest, like nested loops in the order given. No levers give one empty combination: the
/// scenario as it is.
pub fn combinations(vary: &[Vary]) -> Vec<Vec<Setting>> {
    let mut out = vec![Vec::new()];
    for v in vary {
        out = out
            .iter()
            .flat_map(|prefix| {
                v.settings.iter().map(move |s| {
                    let mut c = prefix.clone();
                    c.push(*s);
                    c
                })
            })
            .collect();
    }
    out
}

/// A combination as text: `weekend_every=2 min_position=80` (`baseline` when empty).
pub fn label(settings: &[Setting]) -> String {
    if settings.is_empty() {
        return "baseline".into();
    }
    let parts: Vec<String> = settings.iter().map(Setting::to_string).collect();
    parts.join(" ")
}

/// The scenario and solve options for one combination: `settings` applied in order to a copy of
/// `spec` and `opts`, the scenario then checked with [`Scenario::new`].
pub fn configure(
    spec: &ScenarioSpec,
    settings: &[Setting],
    opts: &SolveOptions,
) -> Result<(Scenario, SolveOptions), SweepError> {
    let mut spec = spec.clone();
    let mut opts = opts.clone();
    for s in settings {
        s.apply(&mut spec, &mut opts);
    }
    let sc = Scenario::new(spec).map_err(|source| SweepError::Scenario {
        combination: label(settings),
        source,
    })?;
    Ok((sc, opts))
}

/// The KPIs a sweep compares, copied from the validator's report of the row's rota.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SweepKpis {
    /// Full-time share (heltidsandel), 0–1.
    pub full_time_share: f64,
    /// Mean position size (gjennomsnittlig stillingsstørrelse), percent.
    pub mean_position_pct: f64,
    /// Person-hours below the demand curve's minimum (under-staffing).
    pub under_staffing_hours: f64,
    /// Person-hours above the total target (over-staffing, effektivitetstap).
    pub over_staffing_hours: f64,
    /// Skilled cover (fagdekning) outside the weekend windows, 0–1.
    pub skilled_cover_weekday: f64,
    /// Skilled cover inside the weekend windows, 0–1.
    pub skilled_cover_weekend: f64,
}

impl From<&Kpis> for SweepKpis {
    fn from(k: &Kpis) -> SweepKpis {
        SweepKpis {
            full_time_share: k.full_time_share,
            mean_position_pct: k.mean_position_pct,
            under_staffing_hours: k.under_staffing_hours,
            over_staffing_hours: k.over_staffing_hours,
            skilled_cover_weekday: k.skilled_cover_weekday,
            skilled_cover_weekend: k.skilled_cover_weekend,
        }
    }
}

/// One combination's result.
#[derive(Clone, Debug)]
pub struct SweepRow {
    /// The lever values, one per [`Vary`] in the order given.
    pub settings: Vec<Setting>,
    /// How the solve ended.
    pub status: Status,
    /// Hard violations of the best rota (0 when `rota` is set).
    pub hard_violations: usize,
    /// The KPIs of `rota` from the validator's report; `None` without a rota.
    pub kpis: Option<SweepKpis>,
    /// Objective of `rota`.
    pub objective: Option<f64>,
    /// Proven lower bound, when the bound model found one.
    pub bound: Option<f64>,
    /// Relative gap, when finite.
    pub gap: Option<f64>,
    /// Seconds the solve took.
    pub seconds: f64,
    /// Search iterations done.
    pub iterations: usize,
    /// The rota when one meets every hard rule (status optimal or feasible).
    pub rota: Option<Rota>,
    /// Without a rota: the solver's plain-words explanation (which hard rules, people and days
    /// the least-violating rota still breaks).
    pub explanation: Vec<String>,
}

impl SweepRow {
    fn new(settings: Vec<Setting>, out: Outcome) -> SweepRow {
        let has_rota = matches!(out.status, Status::Optimal | Status::Feasible);
        let hard_violations = out.report.as_ref().map_or(0, |r| r.hard_violations);
        SweepRow {
            settings,
            status: out.status,
            hard_violations,
            kpis: out
                .report
                .as_ref()
                .filter(|_| has_rota)
                .map(|r| SweepKpis::from(&r.kpis)),
            objective: out.objective,
            bound: Some(out.bound).filter(|b| b.is_finite()),
            gap: out.gap.filter(|g| g.is_finite()),
            seconds: out.solve_seconds,
            iterations: out.iterations,
            rota: out.rota.filter(|_| has_rota),
            explanation: out.explanation,
        }
    }

    /// True when the combination produced a rota meeting every hard rule.
    pub fn has_rota(&self) -> bool {
        matches!(self.status, Status::Optimal | Status::Feasible)
    }
}

/// Solves every combination of `vary` on `spec` in parallel and returns one row per combination,
/// in the order of [`combinations`] whatever order they finish in.
///
/// Runs a local rayon pool of `jobs` workers; every solve gets `threads: 1` (each worker builds
/// its own HiGHS models) and no progress hook. Every combination's scenario is checked before
/// any solve starts. With `max_iterations` set (and sub-problems that finish within their time
/// limits) the same seed gives the same rotas, KPIs and objectives; bounds, gaps and seconds
/// depend on the clock.
pub fn sweep(
    spec: &ScenarioSpec,
    vary: &[Vary],
    opts: &SolveOptions,
    jobs: usize,
) -> Result<Vec<SweepRow>, SweepError> {
    sweep_with_progress(spec, vary, opts, jobs, &|_, _| {})
}

/// [`sweep`], calling `done(k, n)` each time a combination finishes (`k` of `n` done; from any
/// worker thread).
pub fn sweep_with_progress(
    spec: &ScenarioSpec,
    vary: &[Vary],
    opts: &SolveOptions,
    jobs: usize,
    done: &(dyn Fn(usize, usize) + Sync),
) -> Result<Vec<SweepRow>, SweepError> {
    if jobs == 0 {
        return Err(SweepError::NoJobs);
    }
    for (i, v) in vary.iter().enumerate() {
        if vary[..i].iter().any(|w| w.lever == v.lever) {
            return Err(SweepError::RepeatedLever(v.lever));
        }
    }
    let base = SolveOptions {
        threads: 1,
        progress: None,
        ..opts.clone()
    };
    let combos = combinations(vary);
    let configured = combos
        .iter()
        .map(|c| configure(spec, c, &base))
        .collect::<Result<Vec<_>, _>>()?;
    let n = configured.len();
    let finished = AtomicUsize::new(0);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs)
        .thread_name(|i| format!("turnus-sweep-{i}"))
        .build()
        .map_err(|e| SweepError::ThreadPool(e.to_string()))?;
    let outcomes: Vec<Result<Outcome, SolveError>> = pool.install(|| {
        configured
            .par_iter()
            .map(|(sc, o)| {
                let out = solve(sc, o);
                done(finished.fetch_add(1, Ordering::SeqCst) + 1, n);
                out
            })
            .collect()
    });
    combos
        .into_iter()
        .zip(outcomes)
        .map(|(settings, out)| match out {
            Ok(out) => Ok(SweepRow::new(settings, out)),
            Err(source) => Err(SweepError::Solve {
                combination: label(&settings),
                source,
            }),
        })
        .collect()
}

/// What moving one lever from its first value to another changed, averaged over the rows that
/// differ in that lever only and both have a rota.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Effect {
    /// The lever at its first value (the reference).
    pub from: Setting,
    /// The lever at the other value.
    pub to: Setting,
    /// Pairs of rows compared.
    pub pairs: usize,
    /// Mean change (to − from) in full-time share, 0–1 (0.1 = 10 percentage points).
    pub full_time_share: f64,
    /// Mean change in mean position size, percentage points.
    pub mean_position_pct: f64,
    /// Mean change in under-staffing hours.
    pub under_staffing_hours: f64,
    /// Mean change in over-staffing hours.
    pub over_staffing_hours: f64,
}

impl fmt::Display for Effect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} → {}: full-time share {:+.1} points, mean position {:+.1} points, \
             under-staffing {:+.1} h, over-staffing {:+.1} h ({} {})",
            self.from,
            self.to.value(),
            100.0 * self.full_time_share,
            self.mean_position_pct,
            self.under_staffing_hours,
            self.over_staffing_hours,
            self.pairs,
            if self.pairs == 1 { "pair" } else { "pairs" }
        )
    }
}

/// The effect of each lever: for every lever of the rows and every value after its first, the
/// mean change in the KPIs between rows that differ only in that lever (first value → this
/// value), over the pairs where both rows have a rota. Pairs without a rota are left out; a
/// value with no complete pair gives no effect.
pub fn effects(rows: &[SweepRow]) -> Vec<Effect> {
    let Some(first) = rows.first() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for i in 0..first.settings.len() {
        let mut values: Vec<Setting> = Vec::new();
        for r in rows {
            if !values.contains(&r.settings[i]) {
                values.push(r.settings[i]);
            }
        }
        let Some((&from, others)) = values.split_first() else {
            continue;
        };
        for &to in others {
            let mut sum = [0.0; 4];
            let mut pairs = 0;
            for a in rows.iter().filter(|r| r.settings[i] == from) {
                let partner = rows.iter().find(|b| {
                    b.settings[i] == to
                        && (0..a.settings.len()).all(|j| j == i || b.settings[j] == a.settings[j])
                });
                let (Some(ka), Some(kb)) = (a.kpis, partner.and_then(|b| b.kpis)) else {
                    continue;
                };
                pairs += 1;
                sum[0] += kb.full_time_share - ka.full_time_share;
                sum[1] += kb.mean_position_pct - ka.mean_position_pct;
                sum[2] += kb.under_staffing_hours - ka.under_staffing_hours;
                sum[3] += kb.over_staffing_hours - ka.over_staffing_hours;
            }
            if pairs > 0 {
                let mean = |x: f64| x / pairs as f64;
                out.push(Effect {
                    from,
                    to,
                    pairs,
                    full_time_share: mean(sum[0]),
                    mean_position_pct: mean(sum[1]),
                    under_staffing_hours: mean(sum[2]),
                    over_staffing_hours: mean(sum[3]),
                });
            }
        }
    }
    out
}

/// Why the rows without a rota have none: per row its combination, then the first `lines` lines
/// of the solver's explanation (the hard rules still broken). Empty when every row has a rota.
pub fn without_rota(rows: &[SweepRow], lines: usize) -> String {
    let mut out = String::new();
    for r in rows.iter().filter(|r| !r.has_rota()) {
        out.push_str(&format!("{}:\n", label(&r.settings)));
        for line in r.explanation.iter().take(lines) {
            out.push_str(&format!("  {line}\n"));
        }
        if r.explanation.len() > lines {
            out.push_str(&format!(
                "  … ({} more lines)\n",
                r.explanation.len() - lines
            ));
        }
    }
    out
}

/// A status as one word.
fn status_word(s: Status) -> &'static str {
    match s {
        Status::Optimal => "optimal",
        Status::Feasible => "feasible",
        Status::Infeasible => "infeasible",
        Status::NoSolution => "no_rota",
    }
}

/// Column names after the lever columns, shared by [`table`] and [`csv`].
const KPI_COLUMNS: [&str; 12] = [
    "status",
    "full_time_share",
    "mean_position_pct",
    "under_staffing_hours",
    "over_staffing_hours",
    "skilled_cover_weekday",
    "skilled_cover_weekend",
    "objective",
    "bound",
    "gap",
    "seconds",
    "hard_violations",
];

/// The rows as CSV: a header (one column per lever, then `status`, the KPIs, `objective`,
/// `bound`, `gap`, `seconds`, `hard_violations`), one line per row. Shares and the gap are
/// fractions (0–1) as in the JSON report; a value that does not exist (no rota, no bound) is an
/// empty cell.
pub fn csv(rows: &[SweepRow]) -> String {
    let num = |x: Option<f64>| x.map_or(String::new(), |v| format!("{v}"));
    let mut out = String::new();
    let levers: Vec<&str> = rows.first().map_or(Vec::new(), |r| {
        r.settings.iter().map(|s| s.lever().name()).collect()
    });
    let header: Vec<&str> = levers.iter().copied().chain(KPI_COLUMNS).collect();
    out.push_str(&header.join(","));
    out.push('\n');
    for r in rows {
        let k = r.kpis;
        let mut cells: Vec<String> = r.settings.iter().map(Setting::value).collect();
        cells.push(status_word(r.status).into());
        cells.extend([
            num(k.map(|k| k.full_time_share)),
            num(k.map(|k| k.mean_position_pct)),
            num(k.map(|k| k.under_staffing_hours)),
            num(k.map(|k| k.over_staffing_hours)),
            num(k.map(|k| k.skilled_cover_weekday)),
            num(k.map(|k| k.skilled_cover_weekend)),
            num(r.objective),
            num(r.bound),
            num(r.gap),
            format!("{:.3}", r.seconds),
            r.hard_violations.to_string(),
        ]);
        out.push_str(&cells.join(","));
        out.push('\n');
    }
    out
}

/// The rows as an aligned text table for the terminal: the lever values, the status, full-time
/// share, mean position, under- and over-staffing hours, skilled cover on weekdays and weekends,
/// objective, gap and seconds. `-` where there is no value.
pub fn table(rows: &[SweepRow]) -> String {
    let pct = |x: Option<f64>| x.map_or("-".into(), |v| format!("{:.1} %", 100.0 * v));
    let fixed = |x: Option<f64>, d: usize| x.map_or("-".into(), |v| format!("{v:.d$}"));
    let mut grid: Vec<Vec<String>> = Vec::new();
    let mut head: Vec<String> = rows.first().map_or(Vec::new(), |r| {
        r.settings.iter().map(|s| s.lever().name().into()).collect()
    });
    let levers = head.len();
    head.extend(
        [
            "status",
            "full-time",
            "mean pos",
            "under h",
            "over h",
            "skilled wd",
            "skilled we",
            "objective",
            "gap",
            "seconds",
        ]
        .map(String::from),
    );
    grid.push(head);
    for r in rows {
        let k = r.kpis;
        let mut cells: Vec<String> = r.settings.iter().map(Setting::value).collect();
        let status = match r.status {
            Status::Infeasible | Status::NoSolution => {
                format!("{} ({} hard)", status_word(r.status), r.hard_violations)
            }
            s => status_word(s).into(),
        };
        cells.extend([
            status,
            pct(k.map(|k| k.full_time_share)),
            k.map_or("-".into(), |k| format!("{:.1} %", k.mean_position_pct)),
            fixed(k.map(|k| k.under_staffing_hours), 1),
            fixed(k.map(|k| k.over_staffing_hours), 1),
            pct(k.map(|k| k.skilled_cover_weekday)),
            pct(k.map(|k| k.skilled_cover_weekend)),
            fixed(r.objective, 1),
            pct(r.gap),
            format!("{:.1}", r.seconds),
        ]);
        grid.push(cells);
    }
    let ncols = grid.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..ncols)
        .map(|c| {
            grid.iter()
                .filter_map(|r| r.get(c))
                .map(|s| s.chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for row in &grid {
        let mut line = String::new();
        for (c, cell) in row.iter().enumerate() {
            let w = widths[c];
            // Lever values and the status on the left, figures on the right.
            if c <= levers {
                line.push_str(&format!("{cell:<w$}  "));
            } else {
                line.push_str(&format!("{cell:>w$}  "));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_print_as_they_parse() {
        for text in [
            "weekend_every=2,3",
            "long_shifts=off,on",
            "min_position=50,80,100",
            "daily_rest=11,8",
            "max_hours_per_24h=12.5",
        ] {
            let v: Vary = text.parse().unwrap();
            assert_eq!(v.to_string(), text);
        }
    }

    #[test]
    fn the_product_runs_the_first_lever_slowest() {
        let a: Vary = "weekend_every=2,3".parse().unwrap();
        let b: Vary = "long_shifts=off,on".parse().unwrap();
        let labels: Vec<String> = combinations(&[a, b]).iter().map(|c| label(c)).collect();
        assert_eq!(
            labels,
            [
                "weekend_every=2 long_shifts=off",
                "weekend_every=2 long_shifts=on",
                "weekend_every=3 long_shifts=off",
                "weekend_every=3 long_shifts=on"
            ]
        );
        assert_eq!(combinations(&[]), vec![Vec::<Setting>::new()]);
    }
}
