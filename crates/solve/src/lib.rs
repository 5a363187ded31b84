//! # turnus-solve
//!
//! Builds rotas (turnus) with a MIP on HiGHS: 24/7 competence cover from the demand curve, larger
//! positions (heltid, full time), and every working-time rule of turnus-core. The formulation is
//! built with good_lp and run through the `highs` crate.
//!
//! The search runs in three parts:
//! 1. **Construction**: one small elastic sub-MIP per person in turn (the others fixed), which
//!    gives a complete rota fast; hard rules that cannot be met carry penalised slack. These
//!    sub-MIPs price the demand (curve, presence, qualification, per-shift cover) as each
//!    cell's marginal cost against the rows already built, an objective coefficient instead of
//!    a row per slot: exact for one person, and a fraction of the columns. Anybody whose own
//!    rules are still broken is then rebuilt alone on their whole row with those rules hard.
//! 2. **Large-neighbourhood search** (fix-and-optimise): repeatedly frees a few people, or a
//!    window of days for everybody, and re-optimises that part with HiGHS. With more threads
//!    than the bound model uses, several neighbourhoods are solved at once (rayon, one HiGHS
//!    model per worker) and the best result is kept.
//! 3. **The monolithic model**, run from the start beside the construction and the search (or
//!    between them with one thread, or after them in a run capped by iterations), gives the
//!    proven lower bound, so the reported gap is always proven. It takes each better rota of
//!    the search as an incumbent (HiGHS callbacks), its rising bound lets the search stop as
//!    soon as its rota is proven optimal, and its own solution is used when it is better (not
//!    in a capped run, which must be repeatable).
//!
//! Every rota returned is checked by the independent validator of turnus-core, and the reported
//! objective is the formulation's own evaluation of the rota, which tests compare with the
//! validator's.
//!
//! ```no_run
//! use turnus_core::Scenario;
//! use turnus_solve::{solve, SolveOptions};
//!
//! let sc = Scenario::from_json(&std::fs::read_to_string("fixtures/small_unit/scenario.json")?)?;
//! let out = solve(&sc, &SolveOptions { time_limit: 10.0, ..SolveOptions::default() })?;
//! println!("{:?}: objective {:?}, bound {}, gap {:?}", out.status, out.objective, out.bound, out.gap);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![deny(missing_docs)]
// The formulation indexes several parallel tables (staff × day × shift) at once.
#![allow(clippy::needless_range_loop)]

use rayon::prelude::*;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde::Serialize;
use thiserror::Error;
use turnus_core::validate::{
    presence_shortfall, supply, validate, ObjectiveTerms, Report, RuleId, Violation,
};
use turnus_core::{Rota, Scenario};

mod colgen;
mod dp;
mod dw;
mod greedy;
mod highs_run;
mod lns;
mod model;
mod prep;
pub mod sweep;

use highs_run::{run, RunSettings};
use lns::{Kind, KindStats, Rng, Sizes};
use model::{Builder, Built, Elastic, Mode, Part, X};
use prep::Prep;
pub use sweep::{sweep, Lever, Setting, SweepError, SweepRow, Vary};

/// Why the solver could not run.
#[derive(Debug, Error, Clone, PartialEq)]
pub enum SolveError {
    /// The scenario uses a rule the formulation cannot express.
    #[error("{rule}: not supported by the solver: {reason}")]
    Unsupported {
        /// The rule (JSON path in the scenario).
        rule: String,
        /// Why.
        reason: String,
    },
    /// An option is out of range.
    #[error("invalid option {0}")]
    InvalidOption(String),
    /// HiGHS failed.
    #[error("solver backend: {0}")]
    Backend(String),
}

/// Options for [`solve`].
#[derive(Clone, Debug)]
pub struct SolveOptions {
    /// Wall-clock limit in seconds for the whole solve. `solve` returns by this limit plus a
    /// grace of 1 s + 1 % of it; a bound model that HiGHS has not stopped by then is left to
    /// end on its own at HiGHS's next interrupt check, which may keep a core busy for a while
    /// after `solve` has returned (`running_bound_threads` counts such threads).
    pub time_limit: f64,
    /// Stop when the proven relative gap is at most this.
    pub gap: f64,
    /// Threads: with 2 or more the monolithic bound model runs from the start beside the
    /// construction and the search (trading its proven bound for their rotas), and the other
    /// threads each solve one neighbourhood at a time, without waiting for each other (so 3+
    /// threads run the search in parallel, and all threads do once the bound model has
    /// ended). With `max_iterations` set the bound model runs after the search instead, and
    /// the search's threads solve their neighbourhoods in batches, so that the run is
    /// repeatable.
    pub threads: u32,
    /// Random seed for the neighbourhood choice and HiGHS.
    pub seed: u64,
    /// Print HiGHS logs.
    pub verbose: bool,
    /// A rota to start from (warm start). It need not be feasible.
    pub initial: Option<Rota>,
    /// Step between position sizes the model may choose, in percent (default 5).
    pub position_step_pct: f64,
    /// Cap on search iterations (each neighbourhood or row repair the search solves; the
    /// construction, which always runs to its end, is not counted). With a cap, and
    /// sub-problems that finish within their limits, the same scenario, options, seed and
    /// threads give the same rota: the construction and the search run first, alone, on at most 60 % of the time limit, and never read the
    /// bound; the bound model then has the rest of the time, started from their rota, and
    /// gives the bound only (its own rotas, which depend on the clock, are not taken). The
    /// bound, gap and status may differ between such runs.
    pub max_iterations: Option<usize>,
    /// Search strategy.
    pub strategy: Strategy,
    /// Order identical rota lines in the monolithic model (symmetry breaking; default on). Off
    /// only for experiments that measure what it buys.
    pub symmetry_breaking: bool,
    /// Called with a [`Progress`] snapshot after every search step (construction or
    /// neighbourhood) and once at the end. Throttle in the hook if printing.
    pub progress: Option<ProgressHook>,
}

/// A snapshot of a running solve, for progress displays.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Progress {
    /// Seconds since the solve started.
    pub elapsed: f64,
    /// Objective of the best rota so far when it meets every hard rule.
    pub objective: Option<f64>,
    /// Hard violations of the best rota so far (0 once a feasible rota is found).
    pub hard_violations: usize,
    /// Best proven lower bound so far (at least 0, see [`Outcome::bound`]).
    pub bound: Option<f64>,
    /// Relative gap between `objective` and `bound`, when both are known.
    pub gap: Option<f64>,
    /// Sub-MIPs solved so far: the construction's and the search's.
    pub iterations: usize,
}

/// A progress callback (see [`SolveOptions::progress`]). It may be called from any thread.
#[derive(Clone)]
pub struct ProgressHook(pub Arc<dyn Fn(&Progress) + Send + Sync>);

impl ProgressHook {
    /// Wraps a closure.
    pub fn new(f: impl Fn(&Progress) + Send + Sync + 'static) -> ProgressHook {
        ProgressHook(Arc::new(f))
    }
}

impl std::fmt::Debug for ProgressHook {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ProgressHook")
    }
}

/// How to search.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Strategy {
    /// Construction, large-neighbourhood search and the monolithic model for the bound.
    #[default]
    Auto,
    /// Only the monolithic MIP, with all threads, from the fixed assignments (the plain-MIP
    /// baseline for benchmarks).
    Monolithic,
}

impl Default for SolveOptions {
    fn default() -> Self {
        SolveOptions {
            time_limit: 60.0,
            gap: 1e-4,
            threads: 1,
            seed: 1,
            verbose: false,
            initial: None,
            position_step_pct: 5.0,
            max_iterations: None,
            strategy: Strategy::Auto,
            progress: None,
            symmetry_breaking: true,
        }
    }
}

/// How the solve ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// A rota with no hard violation, proven optimal within the gap.
    Optimal,
    /// A rota with no hard violation; the gap to the bound is open.
    Feasible,
    /// Proven: no rota meets every hard rule. See `explanation`.
    Infeasible,
    /// No rota meeting every hard rule was found in time (not proven impossible).
    NoSolution,
}

/// Size of the monolithic model.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct ModelSize {
    /// Constraint rows.
    pub rows: usize,
    /// Columns (variables).
    pub columns: usize,
    /// Non-zeros in the constraint matrix.
    pub nonzeros: usize,
}

/// The result of [`solve`].
#[derive(Clone, Debug)]
pub struct Outcome {
    /// How it ended.
    pub status: Status,
    /// The best rota found. With `Infeasible`/`NoSolution` it is the least-violating rota.
    pub rota: Option<Rota>,
    /// Objective of `rota` as the formulation evaluates it (equals the validator's).
    pub objective: Option<f64>,
    /// Proven lower bound on the objective: at least 0, which holds for every scenario (every
    /// term is a cost ≥ 0), when no bound model proved more.
    pub bound: f64,
    /// Relative gap `(objective − bound) / objective`.
    pub gap: Option<f64>,
    /// Seconds to build the monolithic model (0 when it was not run).
    pub build_seconds: f64,
    /// Seconds for the whole solve.
    pub solve_seconds: f64,
    /// Seconds until the first rota with no hard violation.
    pub first_solution_seconds: Option<f64>,
    /// Size of the monolithic model; all 0 when it was not run (when it, or the aggregate
    /// model alone, is too large for it to be worth running, the aggregate bound is the only
    /// one).
    pub size: ModelSize,
    /// The validator's report of `rota` (objective terms, KPIs, violations).
    pub report: Option<Report>,
    /// Sub-MIPs solved: the construction's and the search's.
    pub iterations: usize,
    /// Plain-words explanation when no rota meets every hard rule.
    pub explanation: Vec<String>,
}

impl Outcome {
    /// The objective split by term (from the validator).
    pub fn terms(&self) -> Option<&ObjectiveTerms> {
        self.report.as_ref().map(|r| &r.terms)
    }
}

/// The ids of the staff whose own hard rules `r` reports broken (with repeats).
fn own_rule_breaches(r: &Report) -> impl Iterator<Item = &str> {
    r.violations
        .iter()
        .filter(|v| v.hard)
        .filter_map(|v| v.staff.as_deref())
}

/// The unit-level hard rules `r` reports broken (those about no one person), with their days.
fn unit_breaches(r: &Report) -> impl Iterator<Item = (RuleId, (usize, usize))> + '_ {
    r.violations
        .iter()
        .filter(|v| v.hard && v.staff.is_none())
        .map(|v| (v.rule, v.days))
}

/// Everybody who counts for a unit-level hard rule `r` reports broken, in index order.
fn unit_helpers(sc: &Scenario, r: &Report) -> Vec<usize> {
    let mut people: Vec<usize> = unit_breaches(r)
        .flat_map(|(rule, _)| lns::helpers(sc, None, rule))
        .collect();
    people.sort_unstable();
    people.dedup();
    people
}

/// How far a violation is from its limit.
fn off_by(v: &Violation) -> f64 {
    (v.measured - v.limit).abs()
}

/// Whether `a` is better than `b` when both may break hard rules: fewer hard violations, or
/// as many by less (summed over rules), or as many by as much at a lower objective.
fn hard_better(a: &Report, b: &Report) -> bool {
    let amount = |r: &Report| -> f64 { r.violations.iter().filter(|v| v.hard).map(off_by).sum() };
    let (aa, ab) = (amount(a), amount(b));
    a.hard_violations < b.hard_violations
        || (a.hard_violations == b.hard_violations
            && (aa < ab - 1e-9 || (aa <= ab + 1e-9 && a.objective < b.objective - 1e-9)))
}

/// A free-cell mask with days `from..=to` of `people`'s rows free.
fn rows_free(sc: &Scenario, people: &[usize], from: usize, to: usize) -> Vec<Vec<bool>> {
    let mut free = vec![vec![false; sc.days()]; sc.staff.len()];
    for &p in people {
        free[p][from..=to].iter_mut().for_each(|f| *f = true);
    }
    free
}

/// An ablation switch for benchmarks (`TURNUS_NO_STALL=1` and the like): on when the variable
/// is set to anything but nothing or `0`, so that a script passing `TURNUS_NO_STALL=` or `=0`
/// to one arm of a comparison gets the default, not the ablation.
fn switch_on(name: &str) -> bool {
    switch_value_on(std::env::var_os(name).as_deref())
}

/// [`switch_on`] for the variable's value.
fn switch_value_on(value: Option<&std::ffi::OsStr>) -> bool {
    value.is_some_and(|v| !v.is_empty() && v != "0")
}

/// Score for comparing rotas during the search: hard violations first.
fn score(r: &Report) -> f64 {
    r.hard_violations as f64 * model::BIG + r.objective
}

/// One solve's context, shared by the search and the bound thread. It owns its scenario and
/// options so that a bound thread HiGHS does not stop in time can be left to finish on its own
/// (see [`await_bound`]).
struct Ctx {
    /// Trace every sub-MIP on stderr (`TURNUS_TRACE=1`).
    trace: bool,
    /// Also show HiGHS's log of the bound model (`TURNUS_TRACE=2`).
    trace_mono: bool,
    sc: Scenario,
    prep: Prep,
    opts: SolveOptions,
    start: Instant,
    /// Best proven bound so far (f64 bits), shared with the bound thread. It starts at 0: every
    /// term of the objective is a cost ≥ 0 and every weight is ≥ 0 (the scenario's check
    /// refuses a negative one), so no rota scores below 0, and a bound model that ends with
    /// less (column generation stopped early: −1 253 962 on Curtois 24) proves nothing more.
    bound: std::sync::atomic::AtomicU64,
    /// `TURNUS_PATIENCE` (seconds), read once: overrides [`Ctx::patience`].
    patience: Option<f64>,
    /// The monolithic model's size and build seconds, recorded by the bound thread.
    built_info: Mutex<(ModelSize, f64)>,
    /// Size limits of the bound models ([`Limits::default`]; lower in tests, to reach the
    /// paths large scenarios take).
    limits: Limits,
    /// Run [`Ctx::sweep_unit_rules`] after the construction; `TURNUS_NO_UNIT_SWEEP=1` leaves
    /// it out (the ablation in benches/RESULTS.md, session 12).
    unit_sweep: bool,
    /// The optional kinds of neighbourhood the search draws ([`lns::choose`]):
    /// `TURNUS_NO_PAIRS=1` leaves the pairs out (the ablation in benches/RESULTS.md, session
    /// 12), `TURNUS_NO_WEEKENDS=1` the weekend neighbourhoods.
    kinds: lns::Kinds,
    /// Steer the kinds' shares by their recent gain per second ([`lns::bias`]; not in a
    /// repeatable run, where seconds must not steer the search); `TURNUS_NO_ADAPT_KINDS=1`
    /// keeps the prior shares.
    adapt_kinds: bool,
    /// The construction's rows favour weekend cells where weekends are limited
    /// ([`greedy::RowCosts::favour_scarce_weekends`]); `TURNUS_NO_WEEKEND_FAVOUR=1` leaves
    /// it out.
    weekend_favour: bool,
    /// Try the greedy row heuristic ([`greedy`]) before each construction sub-MIP, and
    /// re-optimise its rows after; `TURNUS_NO_GREEDY=1` leaves it out (an ablation).
    greedy: Greedy,
    /// `TURNUS_NO_ROW_PATH=1`: rows with minimum runs by the greedy alone, without the
    /// shortest path over runs first (an ablation).
    no_row_path: bool,
}

/// What the construction does with the greedy row heuristic ([`greedy`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Greedy {
    /// Not used (`TURNUS_NO_GREEDY=1`).
    Off,
    /// Rows from the greedy first; once there is a rota, each greedy row is re-optimised by
    /// its row sub-MIP.
    Polished,
    /// Rows from the greedy, kept as they are (`TURNUS_GREEDY_ONLY=1`, an ablation).
    Only,
}

/// Above what size the bound thread leaves the monolithic model out.
#[derive(Clone, Copy, Debug)]
struct Limits {
    /// [`MONO_MAX_AGGREGATE_NONZEROS`].
    mono_max_aggregate_nonzeros: usize,
    /// [`MONO_MAX_NONZEROS`].
    mono_max_nonzeros: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            mono_max_aggregate_nonzeros: MONO_MAX_AGGREGATE_NONZEROS,
            mono_max_nonzeros: MONO_MAX_NONZEROS,
        }
    }
}

impl Ctx {
    /// The context of one solve; the clock starts here.
    fn new(sc: &Scenario, opts: &SolveOptions) -> Result<Ctx, SolveError> {
        let trace = std::env::var("TURNUS_TRACE").ok();
        Ok(Ctx {
            trace: trace.is_some(),
            trace_mono: trace.as_deref() == Some("2"),
            sc: sc.clone(),
            prep: Prep::new(sc)?,
            opts: opts.clone(),
            start: Instant::now(),
            bound: std::sync::atomic::AtomicU64::new(0.0f64.to_bits()),
            patience: std::env::var("TURNUS_PATIENCE")
                .ok()
                .and_then(|v| v.parse().ok()),
            built_info: Mutex::new((ModelSize::default(), 0.0)),
            limits: Limits::default(),
            unit_sweep: !switch_on("TURNUS_NO_UNIT_SWEEP"),
            kinds: lns::Kinds {
                pairs: !switch_on("TURNUS_NO_PAIRS"),
                weekends: !switch_on("TURNUS_NO_WEEKENDS"),
                bias: None,
            },
            adapt_kinds: !switch_on("TURNUS_NO_ADAPT_KINDS"),
            weekend_favour: !switch_on("TURNUS_NO_WEEKEND_FAVOUR"),
            greedy: if switch_on("TURNUS_NO_GREEDY") {
                Greedy::Off
            } else if switch_on("TURNUS_GREEDY_ONLY") {
                Greedy::Only
            } else {
                Greedy::Polished
            },
            no_row_path: switch_on("TURNUS_NO_ROW_PATH"),
        })
    }

    fn bound(&self) -> f64 {
        f64::from_bits(self.bound.load(Ordering::SeqCst))
    }

    fn raise_bound(&self, b: f64) {
        if b.is_finite() && b > self.bound() {
            self.bound.store(b.to_bits(), Ordering::SeqCst);
        }
    }

    /// Calls the progress hook, if any, with the best rota's report.
    fn progress(&self, best: &Report, iterations: usize) {
        let Some(hook) = &self.opts.progress else {
            return;
        };
        let objective = best.is_feasible().then_some(best.objective);
        let bound = Some(self.bound()).filter(|b| b.is_finite());
        let gap = match (objective, bound) {
            (Some(o), Some(b)) => Some(rel_gap(o, b)),
            _ => None,
        };
        (hook.0)(&Progress {
            elapsed: self.elapsed(),
            objective,
            hard_violations: best.hard_violations,
            bound,
            gap,
            iterations,
        });
    }

    /// How long a search sub-MIP with time limit `limit` may go without improving its
    /// incumbent (`TURNUS_PATIENCE` overrides: seconds, 0 for no such stop): 0.3 of the limit,
    /// or, once the search has solved sub-MIPs to optimality (`solved`: their running mean
    /// seconds, [`Search::solved`]), [`PATIENCE_FACTOR`] times as long as those take, at least
    /// [`PATIENCE_MIN`] seconds. On Curtois 22 at 300 s the optimal sub-MIPs took 0.34 s at
    /// the median (0.1-1.4 s for nine in ten, 0.6 s on average), while those given up after
    /// 0.3 of the 7.5 s limit ran 2.5 s each for nothing: 94 s of the search's 353 s after
    /// 120 s (benches/RESULTS.md, session 31). The construction waits for its
    /// sub-MIPs: there the warm start is the rota without the new person's shifts, and giving
    /// up early would keep it (session 11 measured a patience counted from a row near its
    /// bound: first rotas came sooner, staffing-plan rotas at 60 s were worse).
    fn patience(&self, limit: f64, solved: Option<f64>) -> f64 {
        let most = 0.3 * limit;
        self.patience.unwrap_or_else(|| {
            solved.map_or(most, |t| (PATIENCE_FACTOR * t).max(PATIENCE_MIN).min(most))
        })
    }

    fn elapsed(&self) -> f64 {
        self.start.elapsed().as_secs_f64()
    }

    /// Whether the bound thread runs beside the construction and the search, trading rotas
    /// with them (2+ threads). A run capped by iterations must be repeatable, and what the two
    /// sides trade while both run depends on timing: there the bound model runs after the
    /// search (see [`Ctx::repeatable`]).
    fn parallel(&self) -> bool {
        self.opts.threads >= 2 && self.opts.strategy != Strategy::Monolithic && !self.repeatable()
    }

    /// A run capped by iterations (not the monolithic strategy) must give the same rota every
    /// time: the construction and the search run first, alone, and nothing they do depends on
    /// the bound model (see [`solve_in`]).
    fn repeatable(&self) -> bool {
        self.opts.strategy != Strategy::Monolithic && self.opts.max_iterations.is_some()
    }

    /// Seconds left until `until` (seconds since the start), within the time limit.
    fn left(&self, until: f64) -> f64 {
        (until.min(self.opts.time_limit) - self.elapsed()).max(0.0)
    }

    fn remaining(&self) -> f64 {
        (self.opts.time_limit - self.elapsed()).max(0.0)
    }

    fn build(&self, inc: &Rota, free: &[Vec<bool>], sub: Sub) -> Built {
        let mode = Mode {
            elastic: sub.elastic,
            all_persons: false,
            relax: false,
            step_pct: self.opts.position_step_pct,
            symmetry: false,
            through_day: sub.through,
            aggregate: false,
            linear_cover: sub.linear_cover,
            part: Part::Whole,
        };
        Builder::build(&self.sc, &self.prep, inc, free, mode)
    }

    /// The model of the whole horizon, every cell free and identical lines ordered, from
    /// `start` (put in that order first; see `Mode::symmetry`): the monolithic model, or with
    /// `aggregate` the aggregate one.
    fn build_whole(&self, start: &Rota, aggregate: bool) -> (Built, Rota) {
        let start = model::canonical_lines(&self.sc, start);
        let free = vec![vec![true; self.sc.days()]; self.sc.staff.len()];
        let mode = Mode {
            elastic: Elastic::Off,
            all_persons: false,
            relax: false,
            step_pct: self.opts.position_step_pct,
            symmetry: self.opts.symmetry_breaking,
            through_day: None,
            aggregate,
            linear_cover: false,
            part: Part::Whole,
        };
        (
            Builder::build(&self.sc, &self.prep, &start, &free, mode),
            start,
        )
    }

    /// The Dantzig–Wolfe bound ([`dw`]) until `deadline` (the monolithic model follows if it
    /// converges or stops sooner), where it applies, has at least [`DW_MIN_SECONDS`], and the
    /// gap between the search's best rota and the bound so far is over [`DW_MIN_GAP`]: there the
    /// aggregate bound leaves out what the decomposition keeps (on home care, people's
    /// day-to-day rules; on the small unit the aggregate bound is the stronger one and the gap
    /// is smaller). It starts from the search's best rota and takes its later ones as columns.
    /// A failure is traced and leaves the bound as it was: the bound is only ever raised.
    fn dw_bound(&self, exchange: &Exchange, deadline: Instant) {
        // Ablation for benchmarks: `TURNUS_NO_DW=1` leaves the decomposition out
        // (benches/RESULTS.md, session 30).
        if switch_on("TURNUS_NO_DW") || dw::not_applicable(&self.sc).is_some() {
            return;
        }
        let seconds = deadline
            .saturating_duration_since(Instant::now())
            .as_secs_f64();
        if seconds < DW_MIN_SECONDS {
            if self.trace {
                eprintln!(
                    "[turnus-solve {:7.2}s] Dantzig-Wolfe bound not run: {seconds:.1} s left",
                    self.elapsed()
                );
            }
            return;
        }
        let Some((mut seen, objective, best)) = exchange.newer(0) else {
            return;
        };
        let gap = rel_gap(objective, self.bound());
        if gap <= DW_MIN_GAP {
            if self.trace {
                eprintln!(
                    "[turnus-solve {:7.2}s] Dantzig-Wolfe bound not run: gap {:.2} %",
                    self.elapsed(),
                    100.0 * gap
                );
            }
            return;
        }
        let stop = || exchange.stop.load(Ordering::SeqCst) || self.remaining() <= 0.0;
        let out = dw::bound(
            &self.sc,
            &self.prep,
            &best,
            self.opts.position_step_pct,
            deadline,
            &stop,
            // The decomposition's bound is at most the master's value: once that cannot close
            // DW_MIN_SHARE of the gap, the monolithic model (or the search) gets the thread.
            &|master| {
                let bound = self.bound();
                let best = exchange.best_objective().unwrap_or(objective);
                master - bound >= DW_MIN_SHARE * (best - bound)
            },
            &mut || {
                let (serial, _, rota) = exchange.newer(seen)?;
                seen = serial;
                Some(rota)
            },
            &mut |b| self.raise_bound(b),
            self.trace_mono,
        );
        if self.trace {
            match out {
                Ok(out) => eprintln!(
                    "[turnus-solve {:7.2}s] Dantzig-Wolfe bound: {out:?}",
                    self.elapsed()
                ),
                Err(e) => eprintln!(
                    "[turnus-solve {:7.2}s] Dantzig-Wolfe bound failed: {e}",
                    self.elapsed()
                ),
            }
        }
    }

    /// The monolithic model and its warm start: `start` with its identical lines in order.
    fn build_mono(&self, start: &Rota) -> (Built, Vec<f64>) {
        let (built, start) = self.build_whole(start, false);
        let warm = warm_start(&self.sc, &built, &start);
        (built, warm)
    }

    /// The aggregate bound: a lower bound on the best rota from the model without anybody's
    /// day-to-day sequence rules ([`Mode::aggregate`]), every cell free, run on one thread for
    /// at most `limit(size)` seconds (`None`: not at all): the MIP itself, whose dual bound is
    /// used whether or not HiGHS finished, or (`mip == false`, or a model over
    /// [`AGGREGATE_MIP_MAX_NONZEROS`]) the MIP stopped once its root LP (by interior point)
    /// gives a bound. Far smaller than the
    /// monolithic model, so it gives a proven bound on rotas whose monolithic root LP takes
    /// minutes; on small ones its MIP closes much of the gap that the monolithic model's
    /// branch and bound closes slowly (the small unit).
    /// Returns the bound (−∞ when HiGHS found none in time) and the model's size.
    fn aggregate_bound(
        &self,
        mip: bool,
        exchange: &Exchange,
        limit: impl FnOnce(&ModelSize) -> Option<f64>,
    ) -> Result<(f64, ModelSize), SolveError> {
        let (mut built, _) = self.build_whole(&fixed_start(&self.sc), true);
        let size = size_of(&built);
        let Some(limit) = limit(&size) else {
            return Ok((f64::NEG_INFINITY, size));
        };
        // On a large model only the root LP (by interior point): HiGHS's cut rounds after a
        // large root can run for minutes without an interrupt check (Curtois 22: its MIP's
        // dual bound after 60 s was still the root LP's, and HiGHS took 199 s to stop).
        let root_only = !mip || size.nonzeros > AGGREGATE_MIP_MAX_NONZEROS;
        let set = RunSettings {
            time_limit: limit,
            gap: self.opts.gap,
            seed: self.opts.seed,
            verbose: self.trace_mono,
            root_ipm: root_only,
            ..RunSettings::default()
        };
        let mut link = MonoLink::watch_only(self, exchange);
        link.root_only = root_only;
        let res = run(&mut built, set, None, Some(&mut link))?;
        self.raise_bound(res.bound);
        if self.trace {
            eprintln!(
                "[turnus-solve {:7.2}s] aggregate bound ({}): {:?}, bound {:.1}, {} rows, {} non-zeros",
                self.elapsed(),
                if root_only { "root LP" } else { "MIP" },
                res.status,
                res.bound,
                size.rows,
                size.nonzeros
            );
        }
        Ok((res.bound, size))
    }

    /// Re-optimises the free cells; returns the decoded rota if HiGHS found a solution, whether
    /// it is proven optimal, and HiGHS's relative gap.
    fn reoptimise(
        &self,
        inc: &Rota,
        free: &[Vec<bool>],
        limit: f64,
        sub: Sub,
    ) -> Result<Option<(Rota, bool, f64)>, SolveError> {
        let t0 = Instant::now();
        let patience_s = sub.patience;
        let mut built = self.build(inc, free, sub);
        let start = warm_start(&self.sc, &built, inc);
        let (rows, cols, cells) = (
            built.constraints.len(),
            built.vars.len(),
            free.iter().flatten().filter(|&&f| f).count(),
        );
        let t_build = t0.elapsed().as_secs_f64();
        let set = RunSettings {
            time_limit: limit,
            gap: if sub.linear_cover {
                CONSTRUCT_GAP
            } else {
                1e-6
            },
            seed: self.opts.seed,
            verbose: self.opts.verbose,
            heuristic_effort: 0.3,
            options_env: Some(if sub.linear_cover {
                "TURNUS_HIGHS_CONSTRUCT"
            } else {
                "TURNUS_HIGHS_SEARCH"
            }),
            ..RunSettings::default()
        };
        // With a patience, a sub-MIP that stops improving is given up (not in a repeatable run:
        // where it stops depends on the clock).
        let mut patience = Patience::new(patience_s.unwrap_or(0.0));
        let watcher: Option<&mut dyn highs_run::Watcher> =
            if self.opts.max_iterations.is_none() && patience.seconds > 0.0 {
                Some(&mut patience)
            } else {
                None
            };
        let res = run(&mut built, set, Some(&start), watcher)?;
        let optimal = res.status == highs::HighsModelStatus::Optimal;
        let gap = rel_gap(res.objective, res.bound);
        if self.trace {
            eprintln!(
                "[turnus-solve {:7.2}s] sub-MIP{} {cells} free cells, {rows} rows, {cols} cols: build {t_build:.3}s, {:?} in {:.2}s, objective {:.1}, bound {:.1}",
                self.elapsed(),
                if sub.linear_cover { " (linear cover)" } else { "" },
                res.status,
                t0.elapsed().as_secs_f64() - t_build,
                res.objective,
                res.bound
            );
        }
        Ok(res
            .values
            .map(|v| (decode(&self.sc, &built, &v, inc), optimal, gap)))
    }
}

/// How a sub-MIP is built and run ([`Ctx::reoptimise`]).
#[derive(Clone, Copy, Debug)]
struct Sub {
    /// Which hard rows get slack.
    elastic: Elastic,
    /// See [`Mode::through_day`].
    through: Option<usize>,
    /// Give up once the sub-MIP's incumbent has not improved for this many seconds (see
    /// [`Ctx::patience`]); `None`: run to the time limit.
    patience: Option<f64>,
    /// See [`Mode::linear_cover`]: the construction's fast sub-models.
    linear_cover: bool,
}

impl Sub {
    /// The exact model, run to its time limit.
    fn new(elastic: Elastic) -> Sub {
        Sub {
            elastic,
            through: None,
            patience: None,
            linear_cover: false,
        }
    }

    /// The construction's sub-model: demand as marginal costs of the free cells.
    fn construct(elastic: Elastic, through: Option<usize>) -> Sub {
        Sub {
            through,
            linear_cover: true,
            ..Sub::new(elastic)
        }
    }
}

/// Gives up a sub-MIP whose incumbent has not improved for `seconds` (counted from the start,
/// then from each improvement).
struct Patience {
    seconds: f64,
    since: Instant,
    best: f64,
}

impl Patience {
    fn new(seconds: f64) -> Patience {
        Patience {
            seconds,
            since: Instant::now(),
            best: f64::INFINITY,
        }
    }
}

impl highs_run::Watcher for Patience {
    fn check(&mut self, _bound: f64, incumbent: f64) -> bool {
        let better = if self.best.is_finite() {
            incumbent < self.best - 1e-6 * self.best.abs().max(1.0)
        } else {
            incumbent.is_finite()
        };
        if better {
            self.best = incumbent;
            self.since = Instant::now();
        }
        self.since.elapsed().as_secs_f64() > self.seconds
    }
}

/// Column values that reproduce `inc` in `built` (auxiliary columns 0; HiGHS repairs or ignores).
fn warm_start(sc: &Scenario, built: &Built, inc: &Rota) -> Vec<f64> {
    let mut v = vec![0.0; built.vars.len()];
    for (i, value) in integer_columns(sc, &built.x, &built.work, &built.z, inc) {
        v[i] = value;
    }
    v
}

/// A model's position candidates per staff: (column, pct, variable).
type Candidates = [Vec<(usize, f64, good_lp::Variable)>];

/// The integer columns (cells, work-day variables and position choices) that encode `rota`:
/// (column, value). The position candidate nearest the rota's position is chosen.
fn integer_columns(
    sc: &Scenario,
    x: &[Vec<Vec<X>>],
    work: &[Vec<Option<usize>>],
    z: &Candidates,
    rota: &Rota,
) -> Vec<(usize, f64)> {
    let mut out = Vec::new();
    for (p, row) in x.iter().enumerate() {
        for (d, cell) in row.iter().enumerate() {
            for (s, x) in cell.iter().enumerate() {
                if let X::Var(_, i) = x {
                    out.push((*i, f64::from(u8::from(rota.cells[p][d] == Some(s)))));
                }
            }
            if let Some(i) = work[p][d] {
                out.push((i, f64::from(u8::from(rota.cells[p][d].is_some()))));
            }
        }
    }
    for (p, cands) in z.iter().enumerate() {
        if cands.is_empty() {
            continue;
        }
        let cur = rota.position_pct(sc, p).unwrap_or(0.0);
        let best = cands
            .iter()
            .min_by(|a, b| (a.1 - cur).abs().total_cmp(&(b.1 - cur).abs()))
            .map(|c| c.0);
        out.extend(
            cands
                .iter()
                .map(|c| (c.0, f64::from(u8::from(Some(c.0) == best)))),
        );
    }
    out
}

fn decode(sc: &Scenario, built: &Built, values: &[f64], inc: &Rota) -> Rota {
    let mut rota = Rota::empty(sc);
    for (p, row) in built.x.iter().enumerate() {
        for (d, cell) in row.iter().enumerate() {
            rota.cells[p][d] = cell.iter().position(|x| match x {
                X::Zero => false,
                X::One => true,
                X::Var(_, i) => values[*i] > 0.5,
            });
        }
    }
    for p in 0..sc.staff.len() {
        rota.positions[p] = if let Some(c) = built.z[p].iter().find(|c| values[c.0] > 0.5) {
            Some(c.1)
        } else {
            built.fixed_pct[p].or(inc.positions[p])
        };
    }
    rota
}

/// The non-elastic model of the whole horizon: every cell free (`free`), or every cell fixed to
/// `rota` with every person's rules priced (`!free`, the evaluation model).
fn whole_model(
    sc: &Scenario,
    rota: &Rota,
    free: bool,
    all_persons: bool,
    relax: bool,
    step_pct: f64,
) -> Result<Built, SolveError> {
    model::check_supported(sc)?;
    let prep = Prep::new(sc)?;
    let cells = vec![vec![free; sc.days()]; sc.staff.len()];
    let mode = Mode {
        elastic: Elastic::Off,
        all_persons,
        relax,
        step_pct,
        symmetry: false,
        through_day: None,
        aggregate: false,
        linear_cover: false,
        part: Part::Whole,
    };
    Ok(Builder::build(sc, &prep, rota, &cells, mode))
}

/// Checks that the formulation can express every rule of `sc` ([`SolveError::Unsupported`]
/// names the first one it cannot), without solving: [`solve`] does the same first.
pub fn check_supported(sc: &Scenario) -> Result<(), SolveError> {
    model::check_supported(sc)
}

/// The objective of `rota` as the MIP formulation sees it: the model with every cell fixed,
/// solved for its auxiliary variables. Equals the validator's objective when the formulation is
/// right; the test suite checks that on every fixture and on random scenarios.
pub fn evaluate(sc: &Scenario, rota: &Rota) -> Result<f64, SolveError> {
    let mut built = whole_model(sc, rota, false, true, false, 5.0)?;
    if built.constraints.is_empty() {
        return Ok(good_lp::IntoAffineExpression::constant(&built.objective));
    }
    let set = RunSettings::default();
    let res = run(&mut built, set, None, None)?;
    Ok(res.objective)
}

/// Builds a rota for `sc`.
pub fn solve(sc: &Scenario, opts: &SolveOptions) -> Result<Outcome, SolveError> {
    if !(opts.time_limit.is_finite() && opts.time_limit > 0.0) {
        return Err(SolveError::InvalidOption(format!(
            "time limit must be above 0 (got {})",
            opts.time_limit
        )));
    }
    if !(opts.gap.is_finite() && opts.gap >= 0.0) {
        return Err(SolveError::InvalidOption(format!(
            "gap must be ≥ 0 (got {})",
            opts.gap
        )));
    }
    if !(opts.position_step_pct.is_finite() && opts.position_step_pct >= 0.5) {
        return Err(SolveError::InvalidOption(format!(
            "position step must be at least 0.5 % (got {})",
            opts.position_step_pct
        )));
    }
    if let Some(r) = &opts.initial {
        if r.cells.len() != sc.staff.len() || r.cells.iter().any(|row| row.len() != sc.days()) {
            return Err(SolveError::InvalidOption(
                "the initial rota does not match the scenario's staff and days".into(),
            ));
        }
    }
    model::check_supported(sc)?;
    solve_in(Arc::new(Ctx::new(sc, opts)?))
}

/// [`solve`] after the options are checked, in `ctx`.
fn solve_in(ctx: Arc<Ctx>) -> Result<Outcome, SolveError> {
    let (sc, opts) = (&ctx.sc, &ctx.opts);
    let mut st = State::new(
        &ctx,
        opts.initial.clone().unwrap_or_else(|| fixed_start(sc)),
    );
    let monolithic = opts.strategy == Strategy::Monolithic;
    let exchange = Arc::new(Exchange::default());
    // The bound thread (the aggregate bound, then the monolithic model). With 2+ threads it
    // runs beside the construction and the search from the start and trades rotas with them
    // through HiGHS callbacks; with one thread it runs between them (see [`Ctx::parallel`]).
    let mono = if ctx.parallel() {
        let rx = spawn_bound(&ctx, &exchange, ctx.remaining(), st.best.clone());
        let searched = (|| {
            if opts.initial.is_none() {
                ctx.construct(&mut st, &exchange)?;
            }
            ctx.search(&mut st, &exchange, true, opts.time_limit)
        })();
        // Whatever happened there, the bound thread is told to stop.
        exchange.stop.store(true, Ordering::SeqCst);
        let mono = await_bound(&ctx, &exchange, &rx, opts.time_limit);
        searched?;
        mono?
    } else if ctx.repeatable() {
        // A run capped by iterations gives the same rota every time: the construction and the
        // search run first, alone, and never read the bound (how far the bound model gets
        // depends on the clock); the bound model then gets the rest of the time, started from
        // their rota, and gives the bound only.
        if opts.initial.is_none() {
            ctx.construct(&mut st, &exchange)?;
        }
        ctx.search(&mut st, &exchange, false, SEARCH_SHARE * opts.time_limit)?;
        let rx = spawn_bound(&ctx, &exchange, ctx.remaining(), st.best.clone());
        await_bound(&ctx, &exchange, &rx, opts.time_limit)?
    } else {
        if opts.initial.is_none() && !monolithic {
            ctx.construct(&mut st, &exchange)?;
        }
        let share = if monolithic {
            ctx.remaining()
        } else {
            ctx.remaining() * 0.4
        };
        let deadline = ctx.elapsed() + share;
        let rx = spawn_bound(&ctx, &exchange, share, st.best.clone());
        let mono = await_bound(&ctx, &exchange, &rx, deadline)?;
        let proven = mono.res.status == highs::HighsModelStatus::Optimal;
        if !proven && !monolithic {
            ctx.search(&mut st, &exchange, false, opts.time_limit)?;
        }
        mono
    };
    let BoundRun {
        res: mono_res,
        rota: mono_rota,
    } = mono;
    // A rota the bound thread left after the search ended.
    ctx.adopt_from_bound(&mut st, &exchange);

    // The monolithic incumbent depends on where the clock stopped HiGHS (and so does whether
    // it is proven optimal). A run bounded by iterations must give the same rota every time, so
    // there it is never taken; a run bounded by the clock alone is not repeatable anyway and
    // takes it whenever it is better. (With the monolithic strategy its incumbent is the answer.)
    let mono_rota = mono_rota.filter(|_| monolithic || !ctx.repeatable());
    if let Some(r) = mono_rota {
        let rep = validate(sc, &r);
        if score(&rep) < score(&st.report) - 1e-9 {
            st.accept(&ctx, r, rep);
        }
    }

    let (size, build_seconds) = *ctx.built_info.lock().unwrap_or_else(|e| e.into_inner());
    let State {
        best,
        report: best_report,
        first: first_feasible,
        iterations,
    } = st;
    let feasible = best_report.is_feasible();
    let proven_infeasible = mono_res.status == highs::HighsModelStatus::Infeasible;
    let objective = if feasible {
        Some(evaluate(sc, &best)?)
    } else {
        None
    };
    ctx.raise_bound(mono_res.bound);
    let bound = ctx.bound();
    let gap = objective.map(|o| rel_gap(o, bound));
    let status = match (feasible, gap) {
        (true, Some(g)) if g <= opts.gap.max(1e-9) => Status::Optimal,
        (true, _) => Status::Feasible,
        (false, _) if proven_infeasible => Status::Infeasible,
        (false, _) => Status::NoSolution,
    };
    let explanation = if feasible {
        Vec::new()
    } else {
        explain(&best_report, proven_infeasible)
    };
    ctx.progress(&best_report, iterations);
    Ok(Outcome {
        status,
        rota: Some(best),
        objective,
        bound,
        gap,
        build_seconds,
        solve_seconds: ctx.elapsed(),
        first_solution_seconds: first_feasible,
        size,
        report: Some(best_report),
        iterations,
        explanation,
    })
}

/// The search's best rota so far.
struct State {
    best: Rota,
    /// The validator's report of `best`.
    report: Report,
    /// Seconds until the first rota meeting every hard rule.
    first: Option<f64>,
    iterations: usize,
}

impl State {
    fn new(ctx: &Ctx, best: Rota) -> State {
        let report = validate(&ctx.sc, &best);
        let first = report.is_feasible().then(|| ctx.elapsed());
        State {
            best,
            report,
            first,
            iterations: 0,
        }
    }

    /// Makes `rota` the best (the caller has compared scores).
    fn accept(&mut self, ctx: &Ctx, rota: Rota, report: Report) {
        self.best = rota;
        self.report = report;
        if self.report.is_feasible() && self.first.is_none() {
            self.first = Some(ctx.elapsed());
        }
    }
}

/// What the search and the monolithic model (on its own thread) pass each other while both run.
#[derive(Default)]
struct Exchange {
    /// The search's best rota meeting every hard rule: (serial, objective, rota); the serial
    /// counts the posts, so the model can tell a rota it has not seen.
    search: Mutex<Option<(u64, f64, Rota)>>,
    /// The search asks the monolithic model to stop.
    stop: AtomicBool,
    /// The monolithic model has proven optimality or infeasibility: the search can stop.
    mono_proven: AtomicBool,
    /// The bound thread has ended (for whatever reason): the search may use its thread.
    bound_done: AtomicBool,
    /// A rota from the bound thread for the search to take where it is better (the
    /// dive over the column-generation master).
    from_bound: Mutex<Option<Rota>>,
}

impl Exchange {
    /// Posts the search's rota when it is better than the one posted before.
    fn post(&self, objective: f64, rota: &Rota) {
        let mut g = self.search.lock().unwrap_or_else(|e| e.into_inner());
        let (serial, better) = g
            .as_ref()
            .map_or((0, true), |(s, o, _)| (*s, objective < *o - 1e-9));
        if better {
            *g = Some((serial + 1, objective, rota.clone()));
        }
    }

    /// The objective of the search's best rota posted so far.
    fn best_objective(&self) -> Option<f64> {
        let g = self.search.lock().unwrap_or_else(|e| e.into_inner());
        g.as_ref().map(|(_, o, _)| *o)
    }

    /// The posted rota, when it was posted after serial `since`.
    fn newer(&self, since: u64) -> Option<(u64, f64, Rota)> {
        let g = self.search.lock().unwrap_or_else(|e| e.into_inner());
        g.as_ref().filter(|(s, _, _)| *s > since).cloned()
    }
}

/// The monolithic model's side of the [`Exchange`], called from HiGHS's callbacks.
struct MonoLink<'a> {
    ctx: &'a Ctx,
    x: Vec<Vec<Vec<X>>>,
    work: Vec<Vec<Option<usize>>>,
    z: Vec<Vec<(usize, f64, good_lp::Variable)>>,
    exchange: &'a Exchange,
    /// Serial of the last search rota offered to HiGHS.
    offered: u64,
    /// Offer the search's rotas at all.
    offers: bool,
    /// `check` has asked HiGHS to stop, for good (traced once).
    stopping: bool,
    /// Stop as soon as HiGHS reports a finite bound (the root LP's).
    root_only: bool,
    /// Hand the thread to the search once the run has stalled (beside the search only).
    stall: Option<Stall>,
}

/// Watches the monolithic model's progress beside the search. Its run has *stalled* when, over
/// the last [`Stall::window`] seconds, its bound has not risen by [`STALL_RISE`] of the gap to
/// the best rota (the search's or its own) and it has not found a rota better than the search's
/// itself. Then the bound it has proven stands, and its thread does more good in the search
/// (on Curtois 7 the bound went from 945.4 at 5 s to 948.0 at 60 s while the search ran on
/// one thread; see benches/RESULTS.md, session 9). The window is long enough for the proofs
/// the model does give: on Curtois 2 the bound sat at 659.8 for 8.8 s before HiGHS's tree
/// closed at 828.
///
/// The rise is the bound's over the window that ends now, not since some earlier progress:
/// the gap shrinks as the search improves its rota, and a rise from long ago would otherwise
/// count again against the smaller gap (Curtois 8: the root's cuts took the bound from 1 234
/// to 1 255 in its first 4 s; at 28 s, with the search's rota down from 5 130 to 2 356, the
/// 27.8 points it had risen since 1.5 s were over "2 % of the gap" and kept the model running
/// until 43 s, its bound 1 262.3 from 28 s on; benches/RESULTS.md, session 15).
#[derive(Debug)]
struct Stall {
    window: f64,
    /// The bounds HiGHS reported, with their times: every one within the last window, and
    /// the last one before it (the bound at the window's start).
    bounds: std::collections::VecDeque<(f64, f64)>,
    /// When HiGHS last found a rota better than the search's itself.
    own_at: Option<f64>,
    /// The best rota HiGHS has reported.
    incumbent: f64,
}

/// The rise of the bound, as a share of the gap, that counts as progress (see [`Stall`]).
const STALL_RISE: f64 = 0.02;

impl Stall {
    /// A watch for a solve with `time_limit`: a window of a quarter of it, at least 10 s.
    fn new(time_limit: f64) -> Stall {
        Stall {
            window: (0.25 * time_limit).max(10.0),
            bounds: std::collections::VecDeque::new(),
            own_at: None,
            incumbent: f64::INFINITY,
        }
    }

    /// Notes HiGHS's `bound` and `incumbent` at `now` against the search's best `search`;
    /// `true` once the run has stalled.
    fn stalled(&mut self, now: f64, bound: f64, incumbent: f64, search: Option<f64>) -> bool {
        if !bound.is_finite() {
            return false;
        }
        let search = search.unwrap_or(f64::INFINITY);
        let best = incumbent.min(search);
        // A rota HiGHS found itself, better than any the search offered.
        if incumbent < self.incumbent - 1e-6 && incumbent < search - 1e-6 {
            self.own_at = Some(now);
        }
        self.incumbent = self.incumbent.min(incumbent);
        self.bounds.push_back((now, bound));
        let from = now - self.window;
        // Keep one bound at or before the window's start: the bound to rise from.
        while self.bounds.get(1).is_some_and(|&(t, _)| t <= from) {
            self.bounds.pop_front();
        }
        let Some(&(_, b0)) = self.bounds.front().filter(|&&(t, _)| t <= from) else {
            return false; // the first bound came less than a window ago
        };
        if self.own_at.is_some_and(|t| t > from) {
            return false;
        }
        let gap = if best.is_finite() {
            best - b0
        } else {
            b0.abs()
        };
        bound - b0 < STALL_RISE * gap.max(1e-9)
    }
}

impl<'a> MonoLink<'a> {
    /// A link that only publishes the bound and stops the run when asked (no offers).
    fn watch_only(ctx: &'a Ctx, exchange: &'a Exchange) -> MonoLink<'a> {
        MonoLink {
            ctx,
            x: Vec::new(),
            work: Vec::new(),
            z: Vec::new(),
            exchange,
            offered: 0,
            offers: false,
            stopping: false,
            root_only: false,
            stall: None,
        }
    }

    /// The search has asked the model to stop, or the time is up (once true, it stays true).
    fn stop_now(&self) -> bool {
        self.exchange.stop.load(Ordering::SeqCst) || self.ctx.remaining() <= 0.0
    }
}

impl highs_run::Watcher for MonoLink<'_> {
    fn check(&mut self, bound: f64, incumbent: f64) -> bool {
        self.ctx.raise_bound(bound);
        if self.root_only && bound.is_finite() {
            return true;
        }
        // The search's best is read only with a bound (the simplex and interior-point
        // interrupt checks, far more frequent, have none).
        if let Some(stall) = self.stall.as_mut().filter(|_| bound.is_finite()) {
            let search = self.exchange.best_objective();
            if stall.stalled(self.ctx.elapsed(), bound, incumbent, search) {
                if self.ctx.trace {
                    eprintln!(
                        "[turnus-solve {:7.2}s] bound model: stalled {:.0} s at bound {bound:.1}; its thread goes to the search",
                        self.ctx.elapsed(),
                        stall.window
                    );
                }
                self.stall = None;
                self.stopping = true;
            }
        }
        let stop = self.stop_now();
        if stop && !self.stopping && self.ctx.trace {
            eprintln!(
                "[turnus-solve {:7.2}s] bound model: asked to stop",
                self.ctx.elapsed()
            );
        }
        self.stopping |= stop;
        self.stopping
    }

    fn offer(&mut self, incumbent: f64) -> Option<(Vec<i32>, Vec<f64>)> {
        // Repairing an offered rota runs an LP: not once the run is to stop (HiGHS asks for
        // a solution before it next checks for an interrupt).
        if !self.offers || self.stop_now() {
            return None;
        }
        let (serial, objective, rota) = self.exchange.newer(self.offered)?;
        self.offered = serial;
        if objective >= incumbent - 1e-6 {
            return None;
        }
        // The model orders identical lines; the rota must follow that order to be feasible.
        let rota = model::canonical_lines(&self.ctx.sc, &rota);
        let (index, value): (Vec<usize>, Vec<f64>) =
            integer_columns(&self.ctx.sc, &self.x, &self.work, &self.z, &rota)
                .into_iter()
                .unzip();
        let index = index
            .into_iter()
            .map(i32::try_from)
            .collect::<Result<_, _>>()
            .ok()?;
        if self.ctx.trace {
            eprintln!(
                "[turnus-solve {:7.2}s] bound model: offered the search's {objective:.1} (its own {incumbent:.1}, bound {:.1})",
                self.ctx.elapsed(),
                self.ctx.bound()
            );
        }
        Some((index, value))
    }
}

/// What the bound thread hands back: the monolithic model's run and its rota, if any.
struct BoundRun {
    res: highs_run::MipRun,
    rota: Option<Rota>,
}

impl BoundRun {
    /// No monolithic run (not built, or given up on): the bound published so far stands.
    fn none() -> BoundRun {
        BoundRun {
            res: highs_run::MipRun::not_run(),
            rota: None,
        }
    }
}

/// The share of the bound thread's time the column-generation bound ([`colgen`]) may take
/// before the aggregate bound starts (it stops sooner when it converges, or when its pace
/// says it will not). At 600 s, Curtois 13 converges in 41 master solves and 241 s, to a
/// bound of 1 348 against the aggregate model's 548, and 20 in 75 solves and 328 s, to 4 769
/// against 4 159; at 0.3 of the time both stopped far short (benches/RESULTS.md, session
/// 25).
const COLGEN_SHARE: f64 = 0.6;

/// The share of the bound thread's time the dives over the column-generation master may take
/// for rotas, after the columns are generated (Curtois 12 at 60 s: column generation
/// converges at about 15 s and one dive takes 20-30 s more; on Curtois 5-9 a dive takes
/// 0.1-3 s and repeated dives find better rotas than the first: benches/RESULTS.md, sessions
/// 22 and 23). Where column generation has converged, its bound is mostly the best the thread
/// gives.
const COLGEN_DIVE_SHARE: f64 = 0.6;

/// The share of the bound thread's time the aggregate bound may take before the monolithic
/// model starts (it often finishes far sooner).
const AGGREGATE_SHARE: f64 = 0.3;

/// The share of the bound thread's time the aggregate bound may take, counted from the
/// thread's start, where no monolithic model follows; the rest goes to the search. On
/// Curtois 24 (150 people, a year) its root LP had not ended after 600 s, and held a core
/// that the search lacked all run, while column generation's bound stood; on 23 it ended at
/// about 380 s of 600, on 21 at 220-300 s, on 22 at 115 s of 300 (benches/RESULTS.md).
const AGGREGATE_ALONE_SHARE: f64 = 0.7;

/// Where no monolithic model follows, the aggregate bound runs only if it has at most this
/// many non-zeros per second of what is left of its share ([`AGGREGATE_ALONE_SHARE`], less
/// the bound thread's time so far: column generation, where it ran, and the build): a root
/// LP any larger is not expected to end, and until it ends its bound is next to nothing
/// (HiGHS's at the interrupt: 1 133 on Curtois 24, whose best known is 42 463), while the
/// thread is one of the search's two. Measured on 2 cores with the search beside it
/// (benches/RESULTS.md): Curtois 22, 763 000 non-zeros, ended in 66 s (about 11 600 a
/// second); 23, 2.15 million, in about 375 s (5 700 a second); 24, 6.1 million, not in 600 s.
/// So at 600 s 23 runs and 24 does not; at 300 s neither does, while 22 runs from 110 s up.
const AGGREGATE_ALONE_RATE: f64 = 10_000.0;

/// The relative gap above which the bound thread runs the Dantzig–Wolfe bound after the
/// aggregate one ([`Ctx::dw_bound`]).
const DW_MIN_GAP: f64 = 0.05;

/// The seconds the Dantzig–Wolfe bound must have to run at all: on home care it took 31
/// rounds and 7 minutes to converge, and its Lagrangian was still negative after the 42 s a
/// 60 s solve leaves it (benches/RESULTS.md, session 30). Shorter runs keep the monolithic
/// model, which also hands its thread to the search when it stalls.
const DW_MIN_SECONDS: f64 = 120.0;

/// The share of the gap the Dantzig–Wolfe bound must still be able to close to go on (its
/// master's value over the bound): on a generated unit of 30 staff its master came within
/// 2 % of the gap above the aggregate bound in 8 rounds, on home care 98 % stayed within
/// its reach (benches/RESULTS.md, session 30).
const DW_MIN_SHARE: f64 = 0.2;

/// Bound threads still running, including those of solves that have returned (see
/// [`await_bound`]).
static BOUND_THREADS: AtomicUsize = AtomicUsize::new(0);

/// How many bound threads are still running, counting those left to finish on their own by
/// solves that have returned. Benchmarks wait for 0 between runs, so that one run's leftover
/// thread does not slow the next.
#[doc(hidden)]
pub fn running_bound_threads() -> usize {
    BOUND_THREADS.load(Ordering::SeqCst)
}

/// Waits up to `max` for every bound thread to end (see [`running_bound_threads`]); `true` when
/// none is left. For benchmarks, between runs.
#[doc(hidden)]
pub fn wait_for_bound_threads(max: Duration) -> bool {
    let t = Instant::now();
    while running_bound_threads() > 0 {
        if t.elapsed() >= max {
            return false;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    true
}

/// How long past its deadline a solve waits for the bound thread to stop: 1 s plus 1 % of the
/// time limit.
fn bound_grace(time_limit: f64) -> f64 {
    1.0 + 0.01 * time_limit
}

impl Ctx {
    /// The bound thread's work, for at most `limit` seconds: the aggregate bound (except with
    /// the monolithic strategy), then, unless the aggregate model is over
    /// [`MONO_MAX_AGGREGATE_NONZEROS`] or the monolithic one over [`MONO_MAX_NONZEROS`] (the
    /// aggregate bound then has the thread's time up to [`AGGREGATE_ALONE_SHARE`] of it, and
    /// the rest goes to the search; else [`AGGREGATE_SHARE`] of it), the
    /// monolithic model, warm-started from `start_rota`,
    /// trading with the search through `exchange`.
    fn bound_run(
        &self,
        exchange: &Exchange,
        limit: f64,
        start_rota: &Rota,
    ) -> Result<BoundRun, SolveError> {
        let t0 = Instant::now();
        let monolithic = self.opts.strategy == Strategy::Monolithic;
        // The monolithic model is run unless the aggregate model alone is already large: then
        // its root LP takes minutes and its cut rounds can block (Curtois 21: 1.35 million
        // non-zeros, root LP in 220-300 s, then once 390 s without an interrupt check, for a
        // bound 7 % above the aggregate one), and the thread does more good in the search.
        // Nor is it run when it is itself that large (the generated annual rota: 2.6 million
        // non-zeros, a bound of 348 after 300 s against the aggregate root LP's 28 489 at
        // 78 s); the thread goes to the search. It is built (the annual rota's in half a
        // second) before the aggregate model runs: when it is not to run, the aggregate model
        // has the whole time (the annual rota's root LP took 50 s alone, and over the 90 s
        // share beside the construction on a loaded machine, leaving a bound of 346).
        let mut mono: Option<(Built, Vec<f64>, ModelSize, f64)> = None;
        let build_mono = || {
            let t_build = Instant::now();
            let (built, warm) = self.build_mono(start_rota);
            let size = size_of(&built);
            if !monolithic && size.nonzeros > self.limits.mono_max_nonzeros {
                if self.trace {
                    eprintln!(
                        "[turnus-solve {:7.2}s] monolithic model not run: {} non-zeros, over {}",
                        self.elapsed(),
                        size.nonzeros,
                        self.limits.mono_max_nonzeros
                    );
                }
                return None;
            }
            Some((built, warm, size, t_build.elapsed().as_secs_f64()))
        };
        // Ablation for benchmarks: `TURNUS_NO_COLGEN=1` leaves the column-generation bound
        // and its rota out (benches/RESULTS.md, session 21).
        if !monolithic
            && !switch_on("TURNUS_NO_COLGEN")
            && colgen::not_applicable(&self.sc).is_none()
        {
            let deadline = t0 + Duration::from_secs_f64(COLGEN_SHARE * limit);
            let stop = || exchange.stop.load(Ordering::SeqCst) || self.remaining() <= 0.0;
            let mut seen = 0;
            let out = colgen::bound(
                &self.sc,
                &self.prep,
                start_rota,
                (
                    deadline,
                    COLGEN_DIVE_SHARE * limit,
                    t0 + Duration::from_secs_f64(limit),
                    colgen::DiveOrder::from_env(),
                    self.opts.seed,
                ),
                &stop,
                (&mut |b| self.raise_bound(b), &mut |rota, value| {
                    if self.trace {
                        eprintln!(
                            "[turnus-solve {:7.2}s] column-generation rota (a dive or the recombination): objective {value:.1}",
                            self.elapsed(),
                        );
                    }
                    *exchange
                        .from_bound
                        .lock()
                        .unwrap_or_else(|e| e.into_inner()) = Some(rota.clone());
                }),
                &mut || {
                    let (serial, _, rota) = exchange.newer(seen)?;
                    seen = serial;
                    Some(rota)
                },
            );
            if self.trace {
                eprintln!(
                    "[turnus-solve {:7.2}s] column-generation bound: {:.1} (master {:.1}, {} iterations, {} columns, {} in {:.2} s, {:.2} s of it in master solves)",
                    self.elapsed(),
                    out.bound,
                    out.master,
                    out.iterations,
                    out.columns,
                    if out.converged { "converged" } else { "stopped" },
                    out.seconds,
                    out.master_seconds
                );
            }
            for close in out.close.iter().filter(|_| self.trace) {
                eprintln!(
                    "[turnus-solve {:7.2}s] column-generation bound by reduced-cost enumeration: {:?}",
                    self.elapsed(),
                    close
                );
            }
            if self.trace && out.rota.is_some() {
                eprintln!(
                    "[turnus-solve {:7.2}s] column-generation dives: {:?}; recombination: {:?}",
                    self.elapsed(),
                    out.dive,
                    out.recombine
                );
            }
        }
        if monolithic {
            mono = build_mono();
        } else {
            self.aggregate_bound(true, exchange, |size| {
                if size.nonzeros > self.limits.mono_max_aggregate_nonzeros {
                    if self.trace {
                        eprintln!(
                            "[turnus-solve {:7.2}s] monolithic model not run: the aggregate model alone has over {} non-zeros",
                            self.elapsed(),
                            self.limits.mono_max_aggregate_nonzeros
                        );
                    }
                } else {
                    mono = build_mono();
                }
                if mono.is_some() {
                    return Some(AGGREGATE_SHARE * limit);
                }
                let left = (AGGREGATE_ALONE_SHARE * limit - t0.elapsed().as_secs_f64()).max(0.01);
                if size.nonzeros as f64 > AGGREGATE_ALONE_RATE * left {
                    if self.trace {
                        eprintln!(
                            "[turnus-solve {:7.2}s] aggregate bound not run: {} non-zeros are more than its root LP can be expected to get through in {left:.0} s; its thread joins the search",
                            self.elapsed(),
                            size.nonzeros
                        );
                    }
                    return None;
                }
                Some(left)
            })?;
            // Only where the monolithic model follows (on larger units the thread does more
            // good in the search) and column generation did not run (it is this bound, with an
            // exact pricing).
            if mono.is_some() && colgen::not_applicable(&self.sc).is_some() {
                self.dw_bound(exchange, t0 + Duration::from_secs_f64(limit));
            }
        }
        let Some((mut built, warm, size, build_seconds)) = mono else {
            return Ok(BoundRun::none());
        };
        *self.built_info.lock().unwrap_or_else(|e| e.into_inner()) = (size, build_seconds);
        let set = RunSettings {
            time_limit: (limit - t0.elapsed().as_secs_f64()).max(0.01),
            gap: self.opts.gap,
            threads: if monolithic { self.opts.threads } else { 1 },
            seed: self.opts.seed,
            // `TURNUS_TRACE=2`: HiGHS's log of the bound model alone (where it spends its time).
            verbose: self.opts.verbose || self.trace_mono,
            root_ipm: true,
            options_env: Some("TURNUS_HIGHS_MONO"),
            ..RunSettings::default()
        };
        let mut link = MonoLink {
            // Ablation for benchmarks: `TURNUS_NO_OFFERS=1` keeps the search's rotas from the
            // bound model (benches/RESULTS.md, session 3).
            offers: !switch_on("TURNUS_NO_OFFERS"),
            x: built.x.clone(),
            work: built.work.clone(),
            z: built.z.clone(),
            // Ablation for benchmarks: `TURNUS_NO_STALL=1` keeps the model running to the end
            // (benches/RESULTS.md, session 9).
            stall: (self.parallel() && !switch_on("TURNUS_NO_STALL"))
                .then(|| Stall::new(self.opts.time_limit)),
            ..MonoLink::watch_only(self, exchange)
        };
        let res = if link.stop_now() {
            highs_run::MipRun::not_run()
        } else {
            run(&mut built, set, Some(&warm), Some(&mut link))?
        };
        if self.trace {
            eprintln!(
                "[turnus-solve {:7.2}s] bound model: {:?}, bound {:.1}",
                self.elapsed(),
                res.status,
                res.bound
            );
        }
        if matches!(
            res.status,
            highs::HighsModelStatus::Optimal | highs::HighsModelStatus::Infeasible
        ) {
            exchange.mono_proven.store(true, Ordering::SeqCst);
        }
        self.raise_bound(res.bound);
        let rota = res
            .values
            .as_ref()
            .map(|v| decode(&self.sc, &built, v, start_rota));
        Ok(BoundRun { res, rota })
    }
}

/// Starts the bound thread ([`Ctx::bound_run`] for `limit` seconds); its result comes through
/// the receiver.
fn spawn_bound(
    ctx: &Arc<Ctx>,
    exchange: &Arc<Exchange>,
    limit: f64,
    start_rota: Rota,
) -> Receiver<Result<BoundRun, SolveError>> {
    let (tx, rx) = mpsc::channel();
    let (ctx, exchange) = (Arc::clone(ctx), Arc::clone(exchange));
    /// Counts the thread out however it ends.
    struct Running;
    impl Drop for Running {
        fn drop(&mut self) {
            BOUND_THREADS.fetch_sub(1, Ordering::SeqCst);
        }
    }
    BOUND_THREADS.fetch_add(1, Ordering::SeqCst);
    std::thread::spawn(move || {
        let _running = Running;
        let res = ctx.bound_run(&exchange, limit, &start_rota);
        exchange.bound_done.store(true, Ordering::SeqCst);
        // The receiver is gone when the solve stopped waiting: the result is dropped.
        let _ = tx.send(res);
    });
    rx
}

/// Waits for the bound thread until `deadline` (seconds into the solve) plus
/// [`bound_grace`]. HiGHS does not check for interrupts in every phase (on Curtois 21 an LP
/// re-solve after the root's first cuts ran for 390 s without one), so after that the solve
/// goes on without the thread's result, keeping the bound it has published so far; the thread
/// is told to stop and ends at HiGHS's next check, on its own ([`running_bound_threads`]).
fn await_bound(
    ctx: &Ctx,
    exchange: &Exchange,
    rx: &Receiver<Result<BoundRun, SolveError>>,
    deadline: f64,
) -> Result<BoundRun, SolveError> {
    let wait = (deadline + bound_grace(ctx.opts.time_limit) - ctx.elapsed()).max(0.0);
    match rx.recv_timeout(Duration::from_secs_f64(wait)) {
        Ok(r) => r,
        Err(RecvTimeoutError::Timeout) => {
            exchange.stop.store(true, Ordering::SeqCst);
            if ctx.trace {
                eprintln!(
                    "[turnus-solve {:7.2}s] bound model did not stop in time: left to finish on its own",
                    ctx.elapsed()
                );
            }
            Ok(BoundRun::none())
        }
        Err(RecvTimeoutError::Disconnected) => {
            Err(SolveError::Backend("the bound thread panicked".into()))
        }
    }
}

impl Ctx {
    /// Construction: one person at a time, the most constrained first (highest competence,
    /// night workers, largest wanted position): each such sub-MIP is small and solves to
    /// optimality fast. Rules across people (a nurse every hour) are then mended by the repair
    /// neighbourhoods of the search.
    ///
    /// On a long horizon (over 16 weeks) each person is first built on their whole row, with
    /// their rules hard, or else with every row elastic from their empty row. Where HiGHS does
    /// not solve hard whole rows to optimality in its slice for most people (a person-year of
    /// an annual rota with 30-minute slots), the construction goes over to blocks of weeks, in
    /// time order; rules over the whole horizon that set a
    /// minimum (position hours, minimum total minutes) then apply pro rata to the days built
    /// so far, with room for one shift. Last, [`Ctx::repair_rows`] mends anybody whose own
    /// rules are still broken.
    fn construct(&self, st: &mut State, exchange: &Exchange) -> Result<(), SolveError> {
        let (sc, opts) = (&self.sc, &self.opts);
        let nd = sc.days();
        let groups = lns::construction_groups(sc, 1);
        let blocks = construction_blocks(nd);
        let per_step = 1.0_f64.max(opts.time_limit / (4.0 * (groups.len() * blocks.len()) as f64));
        let per_step = if blocks.len() == 1 {
            per_step.max(2.0)
        } else {
            per_step
        };
        // On a long horizon each person is first tried on their whole row in one sub-MIP: it
        // cannot end short of the horizon's minimum hours, as a last block can. Where HiGHS
        // mostly does not solve such a row in its slice (the generated annual rota), the
        // construction goes over to blocks.
        let whole_step = 2.0_f64.max(opts.time_limit / (4.0 * groups.len() as f64));
        let (mut whole_rows, mut whole_ok, mut whole_failed) = (blocks.len() > 1, 0usize, 0usize);
        // The people whose rows the greedy built (see `Ctx::greedy_rows`).
        let mut greedy_rows = Vec::new();
        let mut greedy_failed = 0usize;
        'groups: for group in &groups {
            // The group's blocks build on each other; the result is kept when, as a whole, it
            // is no worse than before (an early block alone may cost more than leaving the
            // person off, before the last block settles the hours).
            let mut cur = st.best.clone();
            let mut built = false;
            // The greedy is given up once it has failed three times more often than it has
            // built a row (on a year-long Curtois row each failure costs up to 0.4 s).
            if self.greedy != Greedy::Off && (greedy_rows.len() + GREEDY_GIVE_UP > greedy_failed) {
                built = self.greedy_rows(&mut cur, group, 0);
                if built {
                    greedy_rows.extend_from_slice(group);
                } else {
                    greedy_failed += 1;
                }
            }
            if whole_rows && !built {
                if self.remaining() <= 0.0 {
                    break 'groups;
                }
                let free = rows_free(sc, group, 0, nd - 1);
                let limit = self.remaining().min(whole_step);
                st.iterations += 1;
                let mut found =
                    self.reoptimise(&cur, &free, limit, Sub::construct(Elastic::Shared, None))?;
                // A row HiGHS did not get within 1 % of its bound in the slice is used, but
                // counts against whole rows (the generated annual rota: with the demand as
                // marginal costs a person-year row is found, but half of them end 2-16 % from
                // their bound in 2 s, and blocks then build a better rota: 281 642 against
                // 424 215 after 300 s; on Curtois 20 and 22 they end within 0.03 %).
                if found.as_ref().is_some_and(|f| f.1 || f.2 <= WHOLE_ROW_GAP) {
                    whole_ok += 1;
                } else {
                    whole_failed += 1;
                    if whole_failed >= 2 && whole_failed > whole_ok {
                        whole_rows = false;
                        if self.trace {
                            eprintln!(
                                "[turnus-solve {:7.2}s] construction: whole rows not solved {whole_failed} times (solved {whole_ok}): blocks from now on",
                                self.elapsed()
                            );
                        }
                    }
                    // No row meeting the person's rules in the slice: while whole rows still
                    // work for most, every row elastic, from the person's empty row (a
                    // solution with slack); `repair_rows` takes on what slack is left.
                    if found.is_none() && whole_rows && self.remaining() > 0.0 {
                        let limit = self.remaining().min(whole_step);
                        st.iterations += 1;
                        found = self.reoptimise(
                            &cur,
                            &free,
                            limit,
                            Sub::construct(Elastic::All, None),
                        )?;
                    }
                }
                if let Some((cand, ..)) = found {
                    cur = cand;
                    built = true;
                }
            }
            let todo: &[(usize, usize)] = if built { &[] } else { &blocks };
            for &(from, to) in todo {
                if self.remaining() <= 0.0 {
                    break 'groups;
                }
                let mut free = rows_free(sc, group, from, to);
                let through = (to + 1 < nd).then_some(to);
                // The last block meets the horizon's minimum rules exactly: more time for it.
                let step = if through.is_none() && blocks.len() > 1 {
                    3.0 * per_step
                } else {
                    per_step
                };
                // Each person's own rules hard, slack only on rules across people; if the
                // person's own rules cannot all be met (fixed days, say), every row elastic.
                let limit = self.remaining().min(step);
                let mut found =
                    self.reoptimise(&cur, &free, limit, Sub::construct(Elastic::Shared, through))?;
                // The last block cannot reach the horizon's minimum (total hours) after the
                // blocks before it: rebuild it with the block before, still keeping the
                // person's own rules hard.
                if found.is_none() && through.is_none() && blocks.len() > 1 {
                    let before = blocks[blocks.len() - 2].0;
                    for &p in group {
                        free[p][before..=to].iter_mut().for_each(|f| *f = true);
                    }
                    let limit = self.remaining().min(step);
                    found = self.reoptimise(
                        &cur,
                        &free,
                        limit,
                        Sub::construct(Elastic::Shared, through),
                    )?;
                }
                if found.is_none() {
                    let limit = self.remaining().min(step);
                    found =
                        self.reoptimise(&cur, &free, limit, Sub::construct(Elastic::All, through))?;
                }
                if let Some((cand, ..)) = found {
                    cur = cand;
                    built = true;
                }
                st.iterations += 1;
            }
            if built {
                let rep = validate(sc, &cur);
                if score(&rep) <= score(&st.report) + 1e-9 {
                    st.accept(self, cur, rep);
                    self.publish(st, exchange);
                }
            }
            self.progress(&st.report, st.iterations);
        }
        self.trace_hard("construction", &st.report);
        if !greedy_rows.is_empty() && !st.report.is_feasible() {
            self.greedy_passes(st, exchange, &greedy_rows);
            self.trace_hard("construction and greedy passes", &st.report);
        }
        if self.unit_sweep {
            // After the greedy passes (single rows already moved to the gaps) the windows
            // come first.
            self.sweep_unit_rules(
                st,
                exchange,
                per_step.max(whole_step),
                opts.time_limit,
                !greedy_rows.is_empty(),
            )?;
            self.trace_hard("construction and unit-rule sweep", &st.report);
        }
        self.repair_rows(
            st,
            exchange,
            (opts.time_limit / 20.0).max(2.0),
            opts.time_limit,
        )?;
        self.trace_hard("construction and row repair", &st.report);
        if self.greedy == Greedy::Polished && !greedy_rows.is_empty() {
            self.polish_rows(st, exchange, &greedy_rows, per_step)?;
            self.trace_hard("construction and polish", &st.report);
        }
        Ok(())
    }

    /// Builds the rows of `group` in `cur` with the greedy heuristic ([`greedy::row`], its
    /// cells of equal cost in the order `tie` draws, or up to [`GREEDY_TRIES`] others), one
    /// person at a time, each against the rows built before. True when every row was built;
    /// otherwise `cur` is left as it was and the caller runs the row sub-MIP.
    fn greedy_rows(&self, cur: &mut Rota, group: &[usize], tie: u64) -> bool {
        let t0 = Instant::now();
        let mut rota = cur.clone();
        for &p in group {
            let t_row = Instant::now();
            let free = rows_free(&self.sc, &[p], 0, self.sc.days() - 1);
            let built = self.build(&rota, &free, Sub::construct(Elastic::Shared, None));
            let mut costs = greedy::RowCosts::of(&built, p);
            if self.weekend_favour {
                costs.favour_scarce_weekends(&self.sc, &self.prep.weekends, p);
            }
            let t_costs = t_row.elapsed().as_secs_f64();
            // With minimum runs, the shortest path over runs (`dp::row`; nothing without
            // them) and the greedy each build a row; the cheaper is kept. Where one order of
            // the greedy's cells of equal cost finds no row (a row a few hours short that no
            // change lands), other orders may.
            let path = self.row_path(&rota, p, &costs, tie);
            let t_path = t_row.elapsed().as_secs_f64() - t_costs;
            // With a row from the path, one order only (a failing greedy row on a year-long
            // Curtois row costs up to 4 s).
            let tries = if path.is_some() { 1 } else { GREEDY_TRIES };
            let greedy = (0..tries)
                .find_map(|k| greedy::row(&self.sc, &rota, p, &costs, tie + k * GREEDY_TIE_STEP));
            let t_greedy = t_row.elapsed().as_secs_f64() - t_costs - t_path;
            if self.trace {
                let show = |f: &Option<(Rota, f64)>| {
                    f.as_ref()
                        .map_or("none".to_string(), |f| format!("{:.1}", f.1))
                };
                eprintln!(
                    "[turnus-solve {:7.2}s] greedy row {}: greedy {} in {t_greedy:.3}s, path {} in {t_path:.3}s, costs in {t_costs:.3}s ({:.3}s since the group's first row)",
                    self.elapsed(),
                    self.sc.staff[p].id(),
                    show(&greedy),
                    show(&path),
                    t0.elapsed().as_secs_f64()
                );
            }
            let found = match (greedy, path) {
                (Some(g), Some(d)) => Some(if d.1 < g.1 - 1e-9 { d } else { g }),
                (g, d) => g.or(d),
            };
            match found {
                Some((r, _)) => rota = r,
                None => return false,
            }
        }
        *cur = rota;
        true
    }

    /// Person `p`'s row by the shortest path over runs ([`dp::row`]), unless switched off
    /// (`TURNUS_NO_ROW_PATH`).
    fn row_path(
        &self,
        rota: &Rota,
        p: usize,
        costs: &greedy::RowCosts,
        tie: u64,
    ) -> Option<(Rota, f64)> {
        if self.no_row_path {
            return None;
        }
        dp::row(&self.sc, &self.prep, rota, p, costs, tie)
    }

    /// Mends with the greedy what building one row at a time leaves broken across people (a
    /// nurse every hour): a row built early, against an emptier unit, cannot move to the gaps
    /// the later rows left. In rounds (at most [`GREEDY_ROUNDS`], until one keeps nothing or
    /// the rota breaks no hard rule), each of two moves:
    /// 1. each row in `people` of somebody who counts for a broken rule across people,
    ///    rebuilt against everybody else's;
    /// 2. on a horizon of up to 12 weeks, pairs of rows among the [`lns::PAIRS_AMONG`] who
    ///    work most at the times a presence rule is short, both emptied and rebuilt one after
    ///    the other (in either order), so that work can move between two people across weeks
    ///    (a weekend night one may take only if the other takes their weekend).
    ///
    /// A move is kept when the validator scores the rota better.
    fn greedy_passes(&self, st: &mut State, exchange: &Exchange, people: &[usize]) {
        for round in 0..GREEDY_ROUNDS {
            let helpers = unit_helpers(&self.sc, &st.report);
            let mut moves: Vec<Vec<usize>> = people
                .iter()
                .filter(|p| helpers.contains(p))
                .map(|&p| vec![p])
                .collect();
            if self.sc.days() <= lns::WHOLE_ROWS_UP_TO {
                let ranked = self.ranked_for_presence(&st.best, &st.report);
                let top = ranked.len().min(lns::PAIRS_AMONG);
                for j in 1..top {
                    for i in 0..j {
                        moves.push(vec![ranked[i], ranked[j]]);
                        moves.push(vec![ranked[j], ranked[i]]);
                    }
                }
            }
            let hard_before = st.report.hard_violations;
            for rows in moves {
                if st.report.is_feasible() {
                    break;
                }
                let mut cand = st.best.clone();
                for &p in &rows {
                    cand.cells[p].iter_mut().for_each(|c| *c = None);
                }
                if !self.greedy_rows(&mut cand, &rows, round as u64 + 1) || cand == st.best {
                    continue;
                }
                let rep = validate(&self.sc, &cand);
                if score(&rep) < score(&st.report) - 1e-9 {
                    st.accept(self, cand, rep);
                }
            }
            self.publish(st, exchange);
            self.trace_hard("greedy round", &st.report);
            if st.report.hard_violations >= hard_before || st.report.is_feasible() {
                break;
            }
        }
    }

    /// Re-optimises each row in `people` alone by its row sub-MIP, against everybody else's
    /// row in the best rota (the greedy built them against the rows before only); a result
    /// is kept when the validator scores it better. The polish stops after
    /// [`POLISH_SHARE`] of the time limit: on a year-long row each sub-MIP takes about a
    /// second, and the search gains more in that time (Curtois 24: about 1.1 s a row for
    /// 0.2 % from 41 s to 150 s of a 150 s run; see RESULTS, session 19), or sooner, once
    /// [`POLISH_POOR_ROWS`] rows in a row gained less than [`POLISH_MIN_GAIN`] of the
    /// objective each.
    fn polish_rows(
        &self,
        st: &mut State,
        exchange: &Exchange,
        people: &[usize],
        limit: f64,
    ) -> Result<(), SolveError> {
        let nd = self.sc.days();
        let until = self.elapsed() + POLISH_SHARE * self.opts.time_limit;
        let mut poor = 0usize;
        for (i, &p) in people.iter().enumerate() {
            // (Not in a repeatable run: where the share ends depends on the clock.)
            if self.remaining() <= 0.0 || (!self.repeatable() && self.elapsed() >= until) {
                if self.trace {
                    eprintln!(
                        "[turnus-solve {:7.2}s] polish stopped after {i} of {} rows",
                        self.elapsed(),
                        people.len()
                    );
                }
                break;
            }
            let free = rows_free(&self.sc, &[p], 0, nd - 1);
            let limit = self.remaining().min(limit);
            st.iterations += 1;
            let found = self.reoptimise(
                &st.best,
                &free,
                limit,
                Sub::construct(Elastic::Shared, None),
            )?;
            let before = score(&st.report);
            if let Some((cand, ..)) = found {
                let rep = validate(&self.sc, &cand);
                if score(&rep) < score(&st.report) - 1e-9 {
                    st.accept(self, cand, rep);
                    self.publish(st, exchange);
                }
            }
            self.progress(&st.report, st.iterations);
            // Rows that gain next to nothing: the rota's rows are already each person's best
            // answer to the others (not in a repeatable run, for the same reason as above).
            if before - score(&st.report) < POLISH_MIN_GAIN * before.abs() {
                poor += 1;
            } else {
                poor = 0;
            }
            if poor >= POLISH_POOR_ROWS && !self.repeatable() {
                if self.trace {
                    eprintln!(
                        "[turnus-solve {:7.2}s] polish stopped after {} of {} rows: {poor} rows in a row gained under {POLISH_MIN_GAIN} of the objective each",
                        self.elapsed(),
                        i + 1,
                        people.len()
                    );
                }
                break;
            }
        }
        Ok(())
    }

    /// Mends the unit-level hard rules (presence, competence shares) that the person-by-person
    /// construction leaves broken. Rows built one at a time cannot share out the work such a
    /// rule needs (the last nurses built cannot take the nights the first ones left). Each
    /// round has three steps, each sub-MIP with the others' cells fixed and everybody's own rules
    /// hard ([`Elastic::Shared`]):
    /// 1. on a horizon of up to 12 weeks, each person who counts for a broken rule has their
    ///    whole row re-optimised alone, so that a row built early can move to the gaps the
    ///    later rows left;
    /// 2. for each breach still there, everybody who counts for it over the days around it
    ///    (±[`UNIT_SWEEP_PAD`] days), so that people can trade shifts;
    /// 3. on a horizon of up to 12 weeks, pairs of whole rows among the
    ///    [`lns::PAIRS_AMONG`] who work most at the times of day a presence rule is short,
    ///    so that work can move across weeks.
    ///
    /// A result is kept when it breaks fewer hard rules, or as many by less, or as many by as
    /// much at a lower objective. The rounds stop when one keeps nothing, after four, or at
    /// [`UNIT_SWEEP_SHARE`] of the time limit. `limit` is each sub-MIP's time limit; nothing
    /// starts after `until` (seconds since the start).
    fn sweep_unit_rules(
        &self,
        st: &mut State,
        exchange: &Exchange,
        limit: f64,
        until: f64,
        windows_first: bool,
    ) -> Result<(), SolveError> {
        let sc = &self.sc;
        let nd = sc.days();
        let until = until.min(self.elapsed() + UNIT_SWEEP_SHARE * self.opts.time_limit);
        let mut improved = true;
        for round in 0..4 {
            if !improved {
                break;
            }
            improved = false;
            let singles: Vec<_> = if nd <= lns::WHOLE_ROWS_UP_TO && !(windows_first && round == 0) {
                unit_helpers(sc, &st.report)
                    .into_iter()
                    .map(|p| rows_free(sc, &[p], 0, nd - 1))
                    .collect()
            } else {
                Vec::new()
            };
            for free in &singles {
                if self.left(until) <= 0.0 || unit_breaches(&st.report).next().is_none() {
                    return Ok(());
                }
                improved |= self.sweep_step(st, exchange, free, limit, until)?;
            }
            let breaches: Vec<(RuleId, (usize, usize))> = unit_breaches(&st.report).collect();
            for (rule, (a, b)) in breaches {
                if self.left(until) <= 0.0 {
                    return Ok(());
                }
                if !unit_breaches(&st.report).any(|x| x == (rule, (a, b))) {
                    continue; // mended by an earlier window
                }
                let b = if b < a { b + nd } else { b };
                let mut free = vec![vec![false; nd]; sc.staff.len()];
                for p in lns::helpers(sc, None, rule) {
                    let pad = UNIT_SWEEP_PAD as i64;
                    lns::mark(sc, &mut free, p, a as i64 - pad, b as i64 + pad);
                }
                improved |= self.sweep_step(st, exchange, &free, limit, until)?;
            }
            // A breach may need work moved across weeks between two people (weekend nights
            // that one night worker may take, under a weekend rule, only if another takes
            // theirs): pairs of whole rows, among those who work most at the times of day a
            // presence rule is short.
            if nd > lns::WHOLE_ROWS_UP_TO || unit_breaches(&st.report).next().is_none() {
                continue;
            }
            let ranked = self.ranked_for_presence(&st.best, &st.report);
            let top = ranked.len().min(lns::PAIRS_AMONG);
            for j in 1..top {
                for i in 0..j {
                    if self.left(until) <= 0.0 || unit_breaches(&st.report).next().is_none() {
                        return Ok(());
                    }
                    let free = rows_free(sc, &[ranked[i], ranked[j]], 0, nd - 1);
                    improved |= self.sweep_step(st, exchange, &free, limit, until)?;
                }
            }
        }
        Ok(())
    }

    /// Everybody who counts for a unit-level rule `rota` breaks (`rep` is its report), those who
    /// work most at the times of day a hard presence rule is short (on any day) first.
    fn ranked_for_presence(&self, rota: &Rota, rep: &Report) -> Vec<usize> {
        let sc = &self.sc;
        let sup = supply(sc, rota);
        let mut short_at = vec![false; sc.slots_per_day];
        for req in sc.presence.iter().filter(|r| r.weight.is_none()) {
            for (k, _) in presence_shortfall(&sup, req) {
                short_at[k % sc.slots_per_day] = true;
            }
        }
        lns::ranked_by_times(sc, rota, &unit_helpers(sc, rep), &short_at)
    }

    /// One sub-MIP of [`Ctx::sweep_unit_rules`] over `free`: whether its rota was kept.
    fn sweep_step(
        &self,
        st: &mut State,
        exchange: &Exchange,
        free: &[Vec<bool>],
        limit: f64,
        until: f64,
    ) -> Result<bool, SolveError> {
        let limit = self.left(until).min(limit);
        st.iterations += 1;
        // Demand as marginal costs is exact for one person's row only: two free people would
        // each be credited for the same gap.
        let one = free.iter().filter(|r| r.iter().any(|&f| f)).count() == 1;
        let sub = if one {
            Sub::construct(Elastic::Shared, None)
        } else {
            Sub::new(Elastic::Shared)
        };
        let found = self.reoptimise(&st.best, free, limit, sub)?;
        if let Some((cand, ..)) = found {
            let rep = validate(&self.sc, &cand);
            if hard_better(&rep, &st.report) {
                st.accept(self, cand, rep);
                self.publish(st, exchange);
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// Traces the hard violations of `report` by rule, after `stage`.
    fn trace_hard(&self, stage: &str, report: &Report) {
        if !self.trace {
            return;
        }
        let mut by_rule: Vec<(String, usize, f64)> = Vec::new();
        for v in report.violations.iter().filter(|v| v.hard) {
            let rule = format!("{:?}", v.rule);
            match by_rule.iter_mut().find(|r| r.0 == rule) {
                Some(r) => {
                    r.1 += 1;
                    r.2 += off_by(v);
                }
                None => by_rule.push((rule, 1, off_by(v))),
            }
        }
        let list: Vec<String> = by_rule
            .iter()
            .map(|(r, n, x)| format!("{r} ×{n} (off by {x:.1})"))
            .collect();
        eprintln!(
            "[turnus-solve {:7.2}s] after {stage}: objective {:.1}, {} hard violations{}{}",
            self.elapsed(),
            report.objective,
            report.hard_violations,
            if list.is_empty() { "" } else { ": " },
            list.join(", ")
        );
    }

    /// Mends the people whose own rules the best rota breaks. Each such person's whole row is
    /// re-optimised alone, the others' cells fixed: first with their own rules hard and rules
    /// across people elastic ([`Elastic::Shared`]), then as below. A person's own rules involve
    /// only their own cells, so a row meeting them exists whenever the person can meet them at
    /// all, which the construction's blocks do not guarantee (a last block may be unable to
    /// reach the horizon's minimum hours after the blocks before it); HiGHS still has to find
    /// it within the time. `limit` is the first sub-MIP's time limit; nothing starts after
    /// `until` (seconds since the start).
    fn repair_rows(
        &self,
        st: &mut State,
        exchange: &Exchange,
        limit: f64,
        until: f64,
    ) -> Result<(), SolveError> {
        let sc = &self.sc;
        let mut people: Vec<usize> = own_rule_breaches(&st.report)
            .filter_map(|id| sc.staff_index(id))
            .collect();
        people.sort_unstable();
        people.dedup();
        for p in people {
            if self.left(until) <= 0.0 {
                break;
            }
            let free = rows_free(sc, &[p], 0, sc.days() - 1);
            // With the person's rules hard HiGHS must find a first row on its own, and a tight
            // hours rule over a long row can take it minutes (Curtois 22: 390 s for one
            // person). With every row elastic the current row is a solution to start from, and
            // HiGHS drives the slack down: that is tried next, with three times the time, then
            // the rules hard again with nine times (from the better row, if any). Each result
            // is kept when it scores better.
            for (elastic, k) in [
                (Elastic::Shared, 1.0),
                (Elastic::All, 3.0),
                (Elastic::Shared, 9.0),
            ] {
                if self.left(until) <= 0.0 {
                    break;
                }
                let limit = self.left(until).min(k * limit);
                let found = self.reoptimise(&st.best, &free, limit, Sub::new(elastic))?;
                st.iterations += 1;
                if let Some((cand, ..)) = found {
                    let rep = validate(sc, &cand);
                    if score(&rep) < score(&st.report) - 1e-9 {
                        st.accept(self, cand, rep);
                        self.publish(st, exchange);
                    }
                }
                let id = sc.staff[p].id();
                if !own_rule_breaches(&st.report).any(|s| s == id) {
                    break;
                }
            }
        }
        Ok(())
    }

    /// Offers the best rota to the monolithic model when it meets every hard rule.
    fn publish(&self, st: &State, exchange: &Exchange) {
        if st.report.is_feasible() {
            exchange.post(st.report.objective, &st.best);
        }
    }

    /// Large-neighbourhood search from `st` until `until` (seconds since the start) or the
    /// iteration limit, the bound is met (not in a repeatable run: the bound depends on the
    /// clock), or (`beside_mono`) the monolithic model has proven its result. Each better rota
    /// is offered to the monolithic model.
    ///
    /// With 2+ threads, a run bounded by the clock alone gives each worker its own loop
    /// ([`Ctx::search_worker`]); a run capped by iterations solves the neighbourhoods in
    /// batches, one per worker, so that it is repeatable.
    fn search(
        &self,
        st: &mut State,
        exchange: &Exchange,
        beside_mono: bool,
        until: f64,
    ) -> Result<(), SolveError> {
        let opts = &self.opts;
        let threads = (opts.threads as usize).max(1);
        let mut s = Search {
            rng: Rng::new(opts.seed),
            size: Sizes {
                people: 2usize.min(self.sc.staff.len()),
                window: 7usize.min(self.sc.days()),
                cells: lns::START_CELLS,
            },
            stall: 0,
            repair_limit: (opts.time_limit / 20.0).max(2.0),
            // The cap counts the search's own iterations, not the construction's sub-MIPs.
            first: st.iterations,
            solved: None,
            kinds: [KindStats::default(); Kind::ALL.len()],
        };
        if threads > 1 && !self.repeatable() {
            let shared = Mutex::new(Shared {
                st,
                s,
                err: None,
                over: false,
            });
            std::thread::scope(|scope| {
                for w in 1..threads {
                    let shared = &shared;
                    scope
                        .spawn(move || self.search_worker(w, shared, exchange, beside_mono, until));
                }
                self.search_worker(0, &shared, exchange, beside_mono, until);
            });
            let shared = shared.into_inner().unwrap_or_else(|e| e.into_inner());
            self.trace_kinds(&shared.s);
            return shared.err.map_or(Ok(()), Err);
        }
        let pool = if threads > 1 {
            Some(
                rayon::ThreadPoolBuilder::new()
                    .num_threads(threads)
                    .build()
                    .map_err(|e| SolveError::Backend(format!("thread pool: {e}")))?,
            )
        } else {
            None
        };
        while !self.search_over(st, &s, exchange, beside_mono, until) {
            // One neighbourhood per worker, drawn in order from the seeded generator, solved in
            // parallel (each worker builds its own HiGHS model); the best result is kept, the
            // lowest index winning ties, so a run is repeatable for a given thread count.
            let workers = self.search_workers(exchange, beside_mono);
            let (batch, elastic, limit) = self.search_draw(st, &mut s, exchange, until, workers)?;
            let inc = &st.best;
            let patience = self.patience(limit, s.solved);
            let solve_one =
                |(free, _): &Drawn| self.search_solve(inc, free, elastic, limit, patience);
            let results: Vec<Result<_, SolveError>> = match &pool {
                Some(pool) if batch.len() > 1 => {
                    pool.install(|| batch.par_iter().map(solve_one).collect())
                }
                _ => batch.iter().map(solve_one).collect(),
            };
            // Each result in order; one that improved on the batch's incumbent after an
            // earlier one was taken is carried over onto the new best ([`Ctx::rebase`]).
            let (inc, inc_score) = (st.best.clone(), score(&st.report));
            for (r, &(_, kind)) in results.into_iter().zip(&batch) {
                let (found, seconds) = r?;
                s.note_kind(kind, seconds);
                if let Some(found) = found {
                    if found.2 {
                        s.note_solved(seconds);
                    }
                    let found = self.rebase(st, &inc, inc_score, found);
                    self.search_take(st, &mut s, exchange, found, kind);
                }
            }
        }
        self.trace_kinds(&s);
        Ok(())
    }

    /// Traces what each kind of neighbourhood did in the search (`TURNUS_TRACE=1`).
    fn trace_kinds(&self, s: &Search) {
        if !self.trace {
            return;
        }
        let bias = lns::bias(&s.kinds);
        for kind in Kind::ALL {
            let k = &s.kinds[kind.index()];
            if k.solved > 0 {
                eprintln!(
                    "[turnus-solve {:7.2}s] neighbourhoods {:>9}: {:5} solved, {:5} improved, gain {:10.1}, {:8.1}s ({:.2} per s; recent {:.2} per s, multiplier {:.2})",
                    self.elapsed(),
                    kind.name(),
                    k.solved,
                    k.improved,
                    k.gain,
                    k.seconds,
                    k.gain / k.seconds.max(1e-9),
                    k.recent_rate(),
                    bias.map_or(1.0, |b| b[kind.index()])
                );
            }
        }
    }

    /// One worker of a search bounded by the clock: it draws a neighbourhood of the best rota
    /// so far, solves it without holding the lock, and takes the result, until the search is
    /// over. Workers do not wait for each other (in batches, the quick sub-MIPs of Curtois 8
    /// waited for the slow ones: 58 % of two cores used; benches/RESULTS.md, session 15). While
    /// the bound thread runs beside the search, the last worker waits for its core; while a
    /// person's own rules are broken, only worker 0 runs (it mends them first).
    fn search_worker(
        &self,
        w: usize,
        shared: &Mutex<Shared<'_>>,
        exchange: &Exchange,
        beside_mono: bool,
        until: f64,
    ) {
        let lock = || shared.lock().unwrap_or_else(|e| e.into_inner());
        loop {
            let job = {
                let mut g = lock();
                let g = &mut *g;
                if g.over || self.search_over(g.st, &g.s, exchange, beside_mono, until) {
                    g.over = true;
                    return;
                }
                self.adopt_from_bound(g.st, exchange);
                let idle = w >= self.search_workers(exchange, beside_mono)
                    || (w > 0 && own_rule_breaches(&g.st.report).next().is_some());
                if idle {
                    None
                } else {
                    match self.search_draw(g.st, &mut g.s, exchange, until, 1) {
                        Ok((mut batch, elastic, limit)) => batch.pop().map(|free| {
                            let patience = self.patience(limit, g.s.solved);
                            let inc = (g.st.best.clone(), score(&g.st.report));
                            (inc, free, elastic, limit, patience)
                        }),
                        Err(e) => return g.fail(e),
                    }
                }
            };
            let Some(((inc, inc_score), (free, kind), elastic, limit, patience)) = job else {
                std::thread::sleep(Duration::from_millis(20));
                continue;
            };
            let r = self.search_solve(&inc, &free, elastic, limit, patience);
            let mut g = lock();
            let g = &mut *g;
            match r {
                Ok((found, seconds)) => {
                    g.s.note_kind(kind, seconds);
                    if let Some(found) = found {
                        if found.2 {
                            g.s.note_solved(seconds);
                        }
                        let found = self.rebase(g.st, &inc, inc_score, found);
                        self.search_take(g.st, &mut g.s, exchange, found, kind)
                    }
                }
                Err(e) => return g.fail(e),
            }
        }
    }

    /// Takes the bound thread's rota ([`Exchange::from_bound`]) where it is better than the
    /// best, in a run bounded by the clock (a run capped by iterations must not depend on
    /// when it arrives).
    fn adopt_from_bound(&self, st: &mut State, exchange: &Exchange) {
        if self.repeatable() {
            return;
        }
        let taken = exchange
            .from_bound
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .take();
        if let Some(rota) = taken {
            let rep = validate(&self.sc, &rota);
            if score(&rep) < score(&st.report) - 1e-9 {
                st.accept(self, rota, rep);
                self.publish(st, exchange);
            }
        }
    }

    /// Whether the search is over: its time is up, its iterations are used, the monolithic
    /// model has proven its result (`beside_mono`), or the rota meets the bound.
    fn search_over(
        &self,
        st: &State,
        s: &Search,
        exchange: &Exchange,
        beside_mono: bool,
        until: f64,
    ) -> bool {
        let opts = &self.opts;
        self.left(until) < 0.05
            || opts
                .max_iterations
                .is_some_and(|m| st.iterations - s.first >= m)
            || (beside_mono && exchange.mono_proven.load(Ordering::SeqCst))
            // Nothing left to gain: the incumbent meets the proven bound.
            || (st.report.is_feasible()
                && (st.report.objective <= 1e-9
                    || (!self.repeatable()
                        && rel_gap(st.report.objective, self.bound()) <= opts.gap.max(1e-9))))
    }

    /// Search workers: the threads the bound thread does not use (all of them once it has
    /// ended, as when the monolithic model is not run).
    fn search_workers(&self, exchange: &Exchange, beside_mono: bool) -> usize {
        let threads = (self.opts.threads as usize).max(1);
        if beside_mono && !exchange.bound_done.load(Ordering::SeqCst) {
            threads.saturating_sub(1).max(1)
        } else {
            threads
        }
    }

    /// Draws `n` neighbourhoods of the best rota (counted as iterations), then mends a person's
    /// own rules if any is broken: on their whole row first (twice the time at each attempt),
    /// then by the neighbourhoods. Returns the neighbourhoods, which rows get slack (while only
    /// rules across people are broken, everybody's own rules stay hard) and the time limit of
    /// each sub-MIP.
    fn search_draw(
        &self,
        st: &mut State,
        s: &mut Search,
        exchange: &Exchange,
        until: f64,
        n: usize,
    ) -> Result<(Vec<Drawn>, Elastic, f64), SolveError> {
        let sc = &self.sc;
        // (Aimed at short days only once no hard rule is broken.)
        let short = if st.report.is_feasible() {
            lns::short_days(sc, &st.best)
        } else {
            Vec::new()
        };
        let kinds = lns::Kinds {
            bias: if self.adapt_kinds && !self.repeatable() {
                lns::bias(&s.kinds)
            } else {
                None
            },
            ..self.kinds
        };
        let batch: Vec<Drawn> = (0..n)
            .map(|_| lns::choose(sc, &mut s.rng, &st.best, &st.report, &short, &s.size, kinds))
            .collect();
        let limit = self
            .left(until)
            .min(5.0_f64.max(self.opts.time_limit / 40.0));
        st.iterations += batch.len();
        if own_rule_breaches(&st.report).next().is_some() {
            self.repair_rows(st, exchange, s.repair_limit, until)?;
            s.repair_limit = (2.0 * s.repair_limit).min(self.opts.time_limit / 4.0);
        }
        let elastic = if own_rule_breaches(&st.report).next().is_some() {
            Elastic::All
        } else {
            Elastic::Shared
        };
        Ok((batch, elastic, limit))
    }

    /// Solves one neighbourhood of `inc` within `limit` seconds, giving it up after `patience`
    /// seconds without improvement: the rota found, its report and whether HiGHS proved it
    /// optimal within the neighbourhood, and the seconds it took.
    fn search_solve(
        &self,
        inc: &Rota,
        free: &[Vec<bool>],
        elastic: Elastic,
        limit: f64,
        patience: f64,
    ) -> Result<(Option<Found>, f64), SolveError> {
        let t0 = Instant::now();
        let sub = Sub {
            patience: Some(patience),
            ..Sub::new(elastic)
        };
        let found = self
            .reoptimise(inc, free, limit, sub)?
            .map(|(cand, optimal, _)| {
                let rep = validate(&self.sc, &cand);
                (cand, rep, optimal)
            });
        Ok((found, t0.elapsed().as_secs_f64()))
    }

    /// A neighbourhood's result `found`, solved from `inc` (whose score was `inc_score`), where
    /// the best rota has moved on since (another worker's result, or an earlier one of the
    /// same batch): when `found` improved on `inc`, its changes (the cells and position sizes
    /// where it differs from `inc`) are carried over onto the best rota, and that rota is
    /// returned instead where the validator scores it better than `found` itself. Without
    /// this, of two workers' improvements found from the same rota only the first counted
    /// (on Curtois 22 two workers take a result every 0.1-0.3 s). The validator judges the
    /// merged rota: where the two changes clash (a run across both, hours over the year) it
    /// scores worse and `found` stands.
    fn rebase(&self, st: &State, inc: &Rota, inc_score: f64, found: Found) -> Found {
        let (cand, rep, optimal) = found;
        if score(&rep) >= inc_score - 1e-9 || st.best == *inc {
            return (cand, rep, optimal);
        }
        let mut merged = st.best.clone();
        for (p, row) in cand.cells.iter().enumerate() {
            for (d, &c) in row.iter().enumerate() {
                if c != inc.cells[p][d] {
                    merged.cells[p][d] = c;
                }
            }
            if cand.positions[p] != inc.positions[p] {
                merged.positions[p] = cand.positions[p];
            }
        }
        let merged_rep = validate(&self.sc, &merged);
        if self.trace {
            eprintln!(
                "[turnus-solve {:7.2}s] rebased a result found from an older rota: {:.1} (found {:.1}, best {:.1})",
                self.elapsed(),
                score(&merged_rep),
                score(&rep),
                score(&st.report)
            );
        }
        if score(&merged_rep) < score(&rep) - 1e-9 {
            (merged, merged_rep, optimal)
        } else {
            (cand, rep, optimal)
        }
    }

    /// Takes a neighbourhood's result: it becomes the best rota when it scores no worse, and
    /// the neighbourhoods (people, days and the budget of free cells) grow while they solve
    /// to optimality without gain and shrink when they do not solve.
    ///
    /// They do not grow while they solve and gain: on Curtois 24 at 300 s the budget falls
    /// from 400 cells to 40-112, where 95 % of the sub-MIPs solve to optimality in 0.1-0.4 s;
    /// growing them also after a sub-MIP solved in under half the mean time (an experiment,
    /// not on main) held them at 200-320 cells, where they took seconds, and ended at
    /// 119 816 against 92 184 (benches/RESULTS.md, session 34).
    fn search_take(
        &self,
        st: &mut State,
        s: &mut Search,
        exchange: &Exchange,
        (cand, rep, optimal): Found,
        kind: Kind,
    ) {
        let (np, nd) = (self.sc.staff.len(), self.sc.days());
        if score(&rep) < score(&st.report) - 1e-9 {
            s.stall = 0;
            let k = &mut s.kinds[kind.index()];
            let gain = score(&st.report) - score(&rep);
            k.improved += 1;
            k.gain += gain;
            k.recent_gain += gain;
            if self.trace {
                eprintln!(
                    "[turnus-solve {:7.2}s] improved by {}: {:.1} -> {:.1}",
                    self.elapsed(),
                    kind.name(),
                    score(&st.report),
                    score(&rep)
                );
            }
        } else {
            s.stall += 1;
        }
        if score(&rep) <= score(&st.report) + 1e-9 {
            st.accept(self, cand, rep);
            self.publish(st, exchange);
        }
        if optimal && s.stall > 2 {
            s.size.people = (s.size.people + 1).min(np);
            s.size.window = (s.size.window + 2).min(nd);
            s.size.cells = (s.size.cells * 5 / 4).min(np * nd);
        } else if !optimal {
            s.size.people = s.size.people.saturating_sub(1).max(1);
            s.size.window = s.size.window.saturating_sub(2).max(3.min(nd));
            s.size.cells = (s.size.cells * 4 / 5).max(lns::MIN_CELLS);
        }
        self.progress(&st.report, st.iterations);
    }
}

/// A neighbourhood: the cells a sub-MIP may change, by person and day.
type Free = Vec<Vec<bool>>;

/// A neighbourhood as drawn, with its kind.
type Drawn = (Free, Kind);

/// A neighbourhood's result: the rota, its report, and whether HiGHS proved it optimal within
/// the neighbourhood.
type Found = (Rota, Report, bool);

/// What the search carries from one neighbourhood to the next.
struct Search {
    rng: Rng,
    size: Sizes,
    /// Results in a row that did not improve the rota.
    stall: usize,
    /// The time limit of the next whole-row repair of a person's own rules.
    repair_limit: f64,
    /// The iteration count when the search began (its cap counts only its own).
    first: usize,
    /// The running mean seconds of the sub-MIPs solved to optimality (weight
    /// [`SOLVED_WEIGHT`] on the newest), which sets the patience ([`Ctx::patience`]).
    solved: Option<f64>,
    /// What each kind of neighbourhood did, by [`Kind::index`] (traced at the end).
    kinds: [KindStats; Kind::ALL.len()],
}

impl Search {
    /// Notes a sub-MIP of `kind` that took `seconds`.
    fn note_kind(&mut self, kind: Kind, seconds: f64) {
        let k = &mut self.kinds[kind.index()];
        k.solved += 1;
        k.seconds += seconds;
        k.recent_gain *= lns::RECENT_DECAY;
        k.recent_seconds = lns::RECENT_DECAY * k.recent_seconds + seconds;
    }

    /// Notes a sub-MIP of `seconds` that HiGHS solved to optimality.
    fn note_solved(&mut self, seconds: f64) {
        self.solved = Some(
            self.solved
                .map_or(seconds, |m| m + SOLVED_WEIGHT * (seconds - m)),
        );
    }
}

/// The state the workers of [`Ctx::search_worker`] share, behind a lock.
struct Shared<'a> {
    st: &'a mut State,
    s: Search,
    /// The first error a worker met; the search then ends.
    err: Option<SolveError>,
    over: bool,
}

impl Shared<'_> {
    /// A worker met `e`: the search ends with the first error.
    fn fail(&mut self, e: SolveError) {
        self.err.get_or_insert(e);
        self.over = true;
    }
}

/// A search sub-MIP is given up after this many times the mean seconds of those solved to
/// optimality without improving its incumbent, and no sooner than [`PATIENCE_MIN`] seconds
/// (see [`Ctx::patience`]); [`SOLVED_WEIGHT`] is the newest one's weight in that mean.
const PATIENCE_FACTOR: f64 = 3.0;
const PATIENCE_MIN: f64 = 1.0;
const SOLVED_WEIGHT: f64 = 0.1;

/// The share of the time limit the polish of greedy rows may take ([`Ctx::polish_rows`]).
const POLISH_SHARE: f64 = 0.1;

/// The polish stops once this many rows in a row each gained less than [`POLISH_MIN_GAIN`] of
/// the objective (Curtois 24 at 300 s: 27 rows in 30 s gained 37 of 194 186, while on
/// Curtois 22 each row gained about 1 %).
const POLISH_POOR_ROWS: usize = 5;
const POLISH_MIN_GAIN: f64 = 1e-3;

/// The days either side of a unit-level breach that [`Ctx::sweep_unit_rules`] frees.
const UNIT_SWEEP_PAD: usize = 3;

/// The share of the time limit [`Ctx::sweep_unit_rules`] may use.
const UNIT_SWEEP_SHARE: f64 = 0.25;

/// In a repeatable run (an iteration cap) the search may use this share of the time limit;
/// the bound model has the rest (and all of it that the search leaves).
const SEARCH_SHARE: f64 = 0.6;

/// Above this many non-zeros the aggregate model stops at its root LP.
const AGGREGATE_MIP_MAX_NONZEROS: usize = 200_000;

/// When the aggregate model has more non-zeros than this, the monolithic model is not run
/// (see [`Ctx::bound_run`]; Curtois 20 has 215 000, 21 537 000).
const MONO_MAX_AGGREGATE_NONZEROS: usize = 400_000;

/// Nor when the monolithic model itself has more non-zeros than this (Curtois 20 has 493 000,
/// the generated annual rota 2.6 million).
const MONO_MAX_NONZEROS: usize = 1_500_000;

/// A whole row in the construction counts as solved within this relative gap of its bound.
const WHOLE_ROW_GAP: f64 = 0.01;

/// HiGHS's relative gap on the construction's sub-models ([`Sub::construct`]). Their cost is
/// itself an estimate once several people share a gap, and HiGHS finds a row within 1 % of its
/// bound in a fraction of the time it then spends closing the gap (the nursing home: a row found
/// at 0.7 s, proven at 1.3 s, half of it in HiGHS's own sub-MIP heuristics). Session 13 measured
/// 1e-2 against 1e-4 on the four fixtures at 60 s, seeds 1-3: the first rota came sooner in all
/// 12 runs (the nursing home 2.3 s against 8.1 s on average), and the rota at 60 s was better in
/// 7, equal in 3 and worse in 2 (benches/RESULTS.md, "Session 13"). A whole row that HiGHS
/// ends as optimal (within this gap) counts as solved; [`WHOLE_ROW_GAP`] judges only the rows
/// that reach their time limit.
const CONSTRUCT_GAP: f64 = 1e-2;

/// Orders of the cells of equal cost [`Ctx::greedy_rows`] tries per row, and the step between
/// their `tie` numbers (rounds of [`Ctx::greedy_passes`] use the numbers in between).
const GREEDY_TRIES: u64 = 3;
const GREEDY_TIE_STEP: u64 = 1000;

/// The construction stops trying the greedy once it has failed this many more times than it
/// has built a row.
const GREEDY_GIVE_UP: usize = 3;

/// Rounds of [`Ctx::greedy_passes`] at most.
const GREEDY_ROUNDS: usize = 4;

/// Blocks of days `(first, last)` for the construction: the whole horizon up to 16 weeks, else
/// blocks of 8 weeks, the last one taking the remainder (8 to 16 weeks, so that the block that
/// must meet the minimum rules over the horizon exactly has room to do it).
fn construction_blocks(nd: usize) -> Vec<(usize, usize)> {
    const BLOCK: usize = 56;
    if nd <= 2 * BLOCK {
        return vec![(0, nd.saturating_sub(1))];
    }
    let mut out = Vec::new();
    let mut from = 0;
    while from < nd {
        let to = if nd - from <= 2 * BLOCK {
            nd - 1
        } else {
            from + BLOCK - 1
        };
        out.push((from, to));
        from = to + 1;
    }
    out
}

/// A built model's size.
fn size_of(built: &Built) -> ModelSize {
    ModelSize {
        rows: built.constraints.len(),
        columns: built.vars.len(),
        nonzeros: built.nonzeros,
    }
}

/// Relative gap `(objective − bound) / |objective|` (0 when closed, ∞ when the objective is 0
/// and the bound below it).
fn rel_gap(o: f64, bound: f64) -> f64 {
    if o - bound <= 1e-9 * o.abs().max(1.0) {
        0.0
    } else if o.abs() < 1e-12 {
        f64::INFINITY
    } else {
        (o - bound) / o.abs()
    }
}

/// Fixed assignments only, everybody else off.
fn fixed_start(sc: &Scenario) -> Rota {
    let mut r = Rota::empty(sc);
    for (p, st) in sc.staff.iter().enumerate() {
        for d in 0..sc.days() {
            if let Some(Some(s)) = st.fixed[d] {
                r.cells[p][d] = Some(s);
            }
        }
    }
    r
}

/// Plain words for the hard rules the least-violating rota still breaks.
fn explain(rep: &Report, proven: bool) -> Vec<String> {
    let mut out = vec![if proven {
        "No rota can meet every hard rule (proven by the MIP). The least-violating rota found breaks:".to_string()
    } else {
        "No rota meeting every hard rule was found in the time given (not proven impossible). The least-violating rota found breaks:".to_string()
    }];
    for v in rep.violations.iter().filter(|v| v.hard).take(40) {
        out.push(format!("- [{}] {}", v.rule, v.message));
    }
    let n = rep.violations.iter().filter(|v| v.hard).count();
    if n > 40 {
        out.push(format!("- … and {} more", n - 40));
    }
    out
}

/// The LP-relaxation bound of the monolithic model and the seconds it took (for experiments and
/// benchmarks).
#[doc(hidden)]
pub fn lp_bound(
    sc: &Scenario,
    opts: &SolveOptions,
    solver: &'static str,
) -> Result<(f64, f64), SolveError> {
    let mut built = whole_model(
        sc,
        &Rota::empty(sc),
        true,
        false,
        true,
        opts.position_step_pct,
    )?;
    let set = RunSettings {
        time_limit: opts.time_limit,
        threads: opts.threads,
        seed: opts.seed,
        verbose: opts.verbose,
        solver,
        ..RunSettings::default()
    };
    let t = Instant::now();
    let res = run(&mut built, set, None, None)?;
    Ok((res.objective, t.elapsed().as_secs_f64()))
}

/// What [`dw_bound`] did.
#[doc(hidden)]
pub use dw::Outcome as DwBound;

/// The Dantzig–Wolfe bound of `sc` (see the `dw` module: the monolithic model's rows across
/// people as the master, each person's own part as a pricing MIP), started from the rows of
/// `start`, which must keep every person's hard rules, for at most `opts.time_limit` seconds;
/// `opts.verbose` traces each round. [`solve`] runs it in its bound thread where the gap after
/// the aggregate bound is still over 5 %; this runs it alone, for experiments. `Ok(None)`
/// where it does not apply (optional rota lines).
#[doc(hidden)]
pub fn dw_bound(
    sc: &Scenario,
    opts: &SolveOptions,
    start: &Rota,
) -> Result<Option<DwBound>, SolveError> {
    model::check_supported(sc)?;
    if dw::not_applicable(sc).is_some() {
        return Ok(None);
    }
    let prep = Prep::new(sc)?;
    dw::bound(
        sc,
        &prep,
        start,
        opts.position_step_pct,
        Instant::now() + Duration::from_secs_f64(opts.time_limit.max(0.0)),
        &|| false,
        &|_| true,
        &mut || None,
        &mut |_| {},
        opts.verbose,
    )
    .map(Some)
}

/// One round of column generation's pricing on `sc`: every person's cheapest row by the exact
/// row path at cover prices of half each row's under-cover weight; the Lagrangian bound at
/// those prices, `None` where column generation does not apply or someone has no row. For
/// benchmarks of the pricing (benches/pricing.rs).
#[doc(hidden)]
pub fn pricing_round(sc: &Scenario) -> Result<Option<f64>, SolveError> {
    model::check_supported(sc)?;
    Ok(colgen::pricing_round(sc, &Prep::new(sc)?))
}

/// The aggregate bound of `sc` (see `Mode::aggregate`: the model without the day-to-day
/// sequence rules), as an LP or a MIP, with `opts.time_limit`: (bound, seconds, model size). For
/// experiments and benchmarks.
#[doc(hidden)]
pub fn aggregate_bound(
    sc: &Scenario,
    opts: &SolveOptions,
    mip: bool,
) -> Result<(f64, f64, ModelSize), SolveError> {
    model::check_supported(sc)?;
    let ctx = Ctx::new(sc, opts)?;
    let (bound, size) =
        ctx.aggregate_bound(mip, &Exchange::default(), |_| Some(opts.time_limit))?;
    Ok((bound, ctx.elapsed(), size))
}

/// Soundness probe: the full monolithic model with every cell and position pinned to `rota`.
/// `Ok(None)` means the model finds the rota infeasible; for a rota the validator accepts that
/// would be a formulation bug (the test suite checks every fixture rota). `Ok(Some(objective))`
/// is the model's objective of the rota.
#[doc(hidden)]
pub fn pinned(sc: &Scenario, rota: &Rota, step_pct: f64) -> Result<Option<f64>, SolveError> {
    use good_lp::Expression;
    let mut built = whole_model(sc, rota, true, false, false, step_pct)?;
    let mut pins = Vec::new();
    for (p, row) in built.x.iter().enumerate() {
        for (d, cell) in row.iter().enumerate() {
            for (s, x) in cell.iter().enumerate() {
                let want = f64::from(u8::from(rota.cells[p][d] == Some(s)));
                match x {
                    X::Var(v, _) => pins.push(Expression::from(*v).eq(want)),
                    X::Zero if want > 0.5 => return Ok(None), // outside the domain
                    _ => {}
                }
            }
        }
    }
    for (p, cands) in built.z.iter().enumerate() {
        if cands.is_empty() {
            continue;
        }
        let pct = rota
            .position_pct(sc, p)
            .expect("candidates imply a position");
        let Some(&(_, _, var)) = cands.iter().find(|c| (c.1 - pct).abs() < 1e-6) else {
            return Err(SolveError::InvalidOption(format!(
                "position {pct} % of {} is not on the {step_pct} % grid",
                sc.staff[p].id()
            )));
        };
        pins.push(Expression::from(var).eq(1.0));
    }
    built.constraints.extend(pins);
    let set = RunSettings::default();
    let res = run(&mut built, set, None, None)?;
    Ok(match res.status {
        highs::HighsModelStatus::Infeasible => None,
        _ => Some(res.objective),
    })
}

/// Builds the monolithic model and returns its size (no solve): what the "model build" bench
/// times.
pub fn model_size(sc: &Scenario, step_pct: f64) -> Result<ModelSize, SolveError> {
    let built = whole_model(sc, &Rota::empty(sc), true, false, false, step_pct)?;
    Ok(size_of(&built))
}

#[cfg(test)]
mod tests {
    use super::{
        aggregate_bound, await_bound, construction_blocks, decode, fixed_start, rows_free, score,
        solve_in, switch_value_on, unit_breaches, warm_start, Ctx, Elastic, Exchange, Greedy,
        Limits, ModelSize, Patience, SolveOptions, Stall, State, Sub,
    };
    use crate::highs_run::{run, RunSettings, Watcher};
    use std::sync::atomic::Ordering;
    use std::sync::Arc;
    use turnus_core::{validate, Rota, Scenario};

    /// Solves one sub-model to optimality: (objective, rota).
    fn optimum(ctx: &Ctx, inc: &Rota, free: &[Vec<bool>], sub: Sub) -> (f64, Rota) {
        let mut built = ctx.build(inc, free, sub);
        let start = warm_start(&ctx.sc, &built, inc);
        let set = RunSettings {
            time_limit: 120.0,
            gap: 1e-9,
            ..RunSettings::default()
        };
        let res = run(&mut built, set, Some(&start), None).unwrap();
        assert_eq!(res.status, highs::HighsModelStatus::Optimal, "{sub:?}");
        let rota = decode(&ctx.sc, &built, res.values.as_ref().unwrap(), inc);
        (res.objective, rota)
    }

    /// With one person free, the construction's model (demand as each cell's marginal cost)
    /// prices every row of that person as the validator does: its optimum is the validator's
    /// objective of its rota, and scores as the exact model's optimum does. (In these fixtures the
    /// daily rest keeps a person's shifts from sharing a slot, where the marginal costs are
    /// exact.)
    #[test]
    fn the_construction_model_prices_one_person_exactly() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures");
        let mut compared = 0;
        for (name, people) in [("small_unit", 12), ("nursing_home", 4), ("home_care", 4)] {
            let read = |f: &str| std::fs::read_to_string(format!("{dir}/{name}/{f}")).unwrap();
            let sc = Scenario::from_json(&read("scenario.json")).unwrap();
            let rota = Rota::from_json(&sc, &read("rota.json")).unwrap();
            let ctx = Ctx::new(&sc, &SolveOptions::default()).unwrap();
            for p in 0..people.min(sc.staff.len()) {
                let free = rows_free(&sc, &[p], 0, sc.days() - 1);
                let (lin, lin_rota) =
                    optimum(&ctx, &rota, &free, Sub::construct(Elastic::Shared, None));
                let (_, exact_rota) = optimum(&ctx, &rota, &free, Sub::new(Elastic::Shared));
                let (a, b) = (validate(&sc, &lin_rota), validate(&sc, &exact_rota));
                let who = format!("{name}, {}", sc.staff[p].id());
                // The sub-models leave out constant costs the free person cannot change (the
                // exact one more of them), so their rotas are compared by the validator.
                let tol = 1e-6 * b.objective.abs().max(1.0);
                assert_eq!(a.hard_violations, b.hard_violations, "{who}");
                assert!(
                    (a.objective - b.objective).abs() <= tol,
                    "{who}: the construction model's optimum scores {}, the exact model's {}",
                    a.objective,
                    b.objective
                );
                if a.is_feasible() {
                    assert!(
                        (lin - a.objective).abs() <= tol,
                        "{who}: construction model {lin}, validator {}",
                        a.objective
                    );
                    compared += 1;
                }
            }
        }
        assert!(compared >= 10, "only {compared} rows had no hard violation");
    }

    /// Over the size limits the bound thread leaves the monolithic model out, as on the
    /// generated annual rota (the model itself too large) and Curtois 21 (the aggregate model
    /// already large): the solve still returns a rota that validates, its objective is the
    /// validator's, the bound is the aggregate model's, and no monolithic model size is
    /// reported. With the default limits the same scenario runs the monolithic model.
    #[test]
    fn over_the_size_limits_the_monolithic_model_is_not_run() {
        let sc = Scenario::from_json(include_str!("../../../fixtures/doc_example.json")).unwrap();
        let opts = SolveOptions {
            time_limit: 6.0,
            threads: 2,
            ..SolveOptions::default()
        };
        let (agg, ..) = aggregate_bound(&sc, &opts, true).unwrap();
        let small = Limits {
            mono_max_nonzeros: 1,
            ..Limits::default()
        };
        let tiny_aggregate = Limits {
            mono_max_aggregate_nonzeros: 1,
            ..Limits::default()
        };
        for (limits, mono) in [
            (Limits::default(), true),
            (small, false),
            (tiny_aggregate, false),
        ] {
            let mut ctx = Ctx::new(&sc, &opts).unwrap();
            ctx.limits = limits;
            let out = solve_in(Arc::new(ctx)).unwrap();
            assert_eq!(out.size != ModelSize::default(), mono, "{limits:?}");
            let rota = out.rota.as_ref().unwrap();
            let rep = validate(&sc, rota);
            assert!(rep.is_feasible(), "{limits:?}: {:?}", rep.violations);
            let o = out.objective.unwrap();
            assert!(
                (o - rep.objective).abs() <= 1e-6 * o.abs().max(1.0),
                "{limits:?}"
            );
            assert!(out.bound <= o + 1e-6, "{limits:?}");
            if !mono {
                assert!(
                    (out.bound - agg).abs() <= 1e-6 * agg.abs().max(1.0),
                    "{limits:?}"
                );
            }
        }
    }

    /// A run capped by iterations gives the same rota whatever the bound model does (which
    /// depends on the clock): here with the monolithic model run (it proves its optimum at
    /// once, better than the search with a cap of one) and left out. Before, the proven rota
    /// was taken in place of the search's.
    /// Its bound and status may differ; its rota and objective may not.
    #[test]
    fn a_capped_rota_does_not_depend_on_the_bound_model() {
        let spec = turnus_core::generate::generate(&turnus_core::generate::GeneratorConfig {
            seed: 11,
            staff: 4,
            weeks: 1,
            ..Default::default()
        });
        let sc = Scenario::new(spec).unwrap();
        let opts = SolveOptions {
            time_limit: 20.0,
            threads: 2,
            max_iterations: Some(1),
            seed: 3,
            ..SolveOptions::default()
        };
        let no_mono = Limits {
            mono_max_nonzeros: 1,
            ..Limits::default()
        };
        let runs: Vec<crate::Outcome> = [Limits::default(), no_mono]
            .into_iter()
            .map(|limits| {
                let mut ctx = Ctx::new(&sc, &opts).unwrap();
                ctx.limits = limits;
                solve_in(Arc::new(ctx)).unwrap()
            })
            .collect();
        assert_ne!(
            runs[0].size,
            ModelSize::default(),
            "the monolithic model ran"
        );
        assert_eq!(runs[1].size, ModelSize::default(), "it was left out");
        assert_eq!(runs[0].rota, runs[1].rota);
        assert_eq!(runs[0].objective, runs[1].objective);
    }

    fn fixture_scenario(name: &str) -> Scenario {
        let path = format!(
            "{}/../../fixtures/{name}/scenario.json",
            env!("CARGO_MANIFEST_DIR")
        );
        Scenario::from_json(&std::fs::read_to_string(path).unwrap()).unwrap()
    }

    /// The greedy construction ([`greedy`], its rounds of single and paired rows, and the
    /// polish) meets every hard rule of the small unit, the unit-wide presence rule included,
    /// with no unit-rule sweep; the rows built one at a time before the rounds do not.
    #[test]
    fn the_greedy_construction_meets_the_small_units_rules() {
        let sc = fixture_scenario("small_unit");
        let opts = SolveOptions {
            time_limit: 600.0,
            ..SolveOptions::default()
        };
        let mut ctx = Ctx::new(&sc, &opts).unwrap();
        ctx.unit_sweep = false;
        ctx.greedy = Greedy::Polished;
        let mut st = State::new(&ctx, fixed_start(&sc));
        let mut one_by_one = st.best.clone();
        let groups = crate::lns::construction_groups(&sc, 1);
        for group in &groups {
            assert!(ctx.greedy_rows(&mut one_by_one, group, 0), "{group:?}");
        }
        assert!(unit_breaches(&validate(&sc, &one_by_one)).next().is_some());
        ctx.construct(&mut st, &Exchange::default()).unwrap();
        assert!(st.report.is_feasible(), "{:?}", st.report.violations);
    }

    /// The person-by-person construction by row sub-MIPs leaves the unit-wide presence rule (a
    /// nurse every hour) broken on the small unit and the nursing home; the sweep over the rows
    /// of those who count for it mends it, with no search. (The nursing home's seed 1 needs the
    /// pairs of whole rows: single rows and windows of days leave four nights without a
    /// nurse.) The greedy is off: where it builds the rows, its own rounds mend most of this
    /// first (see the test above).
    #[test]
    fn the_unit_rule_sweep_mends_what_the_construction_leaves() {
        for (fixture, seed) in [("small_unit", 2), ("nursing_home", 1)] {
            let sc = fixture_scenario(fixture);
            // A long limit, so that the construction's sub-MIPs (and so its rota) do not depend
            // on how loaded the machine is: they reach their gap well within it.
            let opts = SolveOptions {
                time_limit: 600.0,
                seed,
                ..SolveOptions::default()
            };
            let mut ctx = Ctx::new(&sc, &opts).unwrap();
            ctx.unit_sweep = false;
            ctx.greedy = Greedy::Off;
            let mut st = State::new(&ctx, fixed_start(&sc));
            let exchange = Exchange::default();
            ctx.construct(&mut st, &exchange).unwrap();
            let before: Vec<_> = unit_breaches(&st.report).collect();
            assert!(
                !before.is_empty(),
                "{fixture}: the construction alone met every unit-level rule; the test needs a case it does not"
            );
            ctx.sweep_unit_rules(&mut st, &exchange, 20.0, 600.0, false)
                .unwrap();
            let left: Vec<&str> = st
                .report
                .violations
                .iter()
                .filter(|v| v.hard)
                .map(|v| v.message.as_str())
                .collect();
            assert!(
                left.is_empty(),
                "{fixture}: {} unit-level breaches before the sweep, after it: {left:?}",
                before.len()
            );
            assert!(validate(&sc, &st.best).is_feasible());
        }
    }

    /// A bound thread that never answers (HiGHS in a phase without interrupt checks) is left
    /// behind once the deadline and the grace have passed: the solve goes on with no result from
    /// it, and the thread is told to stop.
    #[test]
    fn a_bound_thread_that_does_not_stop_is_left_behind() {
        let sc =
            turnus_core::Scenario::from_json(include_str!("../../../fixtures/doc_example.json"))
                .unwrap();
        let opts = SolveOptions {
            time_limit: 1.0,
            ..SolveOptions::default()
        };
        let ctx = Ctx::new(&sc, &opts).unwrap();
        let exchange = Exchange::default();
        // The sender stays alive and silent, like a thread stuck in HiGHS.
        let (_tx, rx) = std::sync::mpsc::channel();
        let t = std::time::Instant::now();
        let run = await_bound(&ctx, &exchange, &rx, 0.0).unwrap();
        assert_eq!(run.res.status, highs::HighsModelStatus::NotSet);
        assert!(run.rota.is_none());
        assert!(exchange.stop.load(Ordering::SeqCst));
        // It waited for the grace (1.01 s after a deadline of 0), not forever.
        let waited = t.elapsed().as_secs_f64();
        assert!(waited >= 0.9, "gave up after {waited} s");
        // A thread that died without an answer is an error, not a silent "no bound".
        let (tx, rx) = std::sync::mpsc::channel();
        drop(tx);
        assert!(await_bound(&ctx, &exchange, &rx, 0.0).is_err());
    }

    /// Two workers' results from the same rota: the second one's changes are carried over onto
    /// the rota the first one made best, so both count; a result whose changes clash with the
    /// best rota's stands as it is; a result from the best rota itself is taken as it is.
    #[test]
    fn a_result_from_an_older_rota_is_carried_over_onto_the_best() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures/small_unit");
        let read = |f: &str| std::fs::read_to_string(format!("{dir}/{f}")).unwrap();
        let sc = Scenario::from_json(&read("scenario.json")).unwrap();
        let full = Rota::from_json(&sc, &read("rota.json")).unwrap();
        let ctx = Ctx::new(&sc, &SolveOptions::default()).unwrap();
        let score_of = |r: &Rota| score(&validate(&sc, r));
        let without = |r: &Rota, cells: &[(usize, usize)]| {
            let mut r = r.clone();
            cells.iter().for_each(|&(p, d)| r.cells[p][d] = None);
            r
        };
        // Two worked cells of different people, far apart, each of which costs when left
        // out, alone and after the other: `inc` lacks both; one worker's result (now the
        // best) restores the first, the other worker's restores the second.
        let worked: Vec<(usize, usize)> = (0..sc.staff.len())
            .flat_map(|p| (0..sc.days()).map(move |d| (p, d)))
            .filter(|&(p, d)| full.cells[p][d].is_some())
            .collect();
        let pair = worked.iter().enumerate().find_map(|(i, &x)| {
            worked[i + 1..].iter().find_map(|&y| {
                let far = x.0 != y.0 && x.1.abs_diff(y.1) >= 7;
                let inc = without(&full, &[x, y]);
                let (a, b) = (without(&full, &[y]), without(&full, &[x]));
                let costs = |r: &Rota| score_of(r) > score_of(&full) + 1e-6;
                (far && costs(&a)
                    && costs(&b)
                    && score_of(&inc) > score_of(&a) + 1e-6
                    && score_of(&inc) > score_of(&b) + 1e-6)
                    .then_some((x, y))
            })
        });
        let (x, y) = pair.expect("two cells whose loss costs");
        let inc = without(&full, &[x, y]);
        let first = without(&full, &[y]);
        let second = without(&full, &[x]);
        let mut st = State::new(&ctx, first.clone());
        let found = (second.clone(), validate(&sc, &second), true);
        let (merged, rep, _) = ctx.rebase(&st, &inc, score_of(&inc), found.clone());
        assert_eq!(merged, full, "both changes carried over");
        assert!((rep.objective - validate(&sc, &full).objective).abs() < 1e-9);

        // A result found from the best rota itself is taken as it is.
        let (same, ..) = ctx.rebase(&st, &first, score_of(&first), found.clone());
        assert_eq!(same, second);

        // The best rota has a shift the result did not touch that makes the merged rota
        // score worse than the result alone (a hard rule broken, as while the search mends
        // breaches): the result stands.
        let with_y = |r: &Rota| {
            let mut r = r.clone();
            r.cells[y.0][y.1] = full.cells[y.0][y.1];
            r
        };
        let clash = (0..sc.staff.len())
            .flat_map(|p| (0..sc.days()).map(move |d| (p, d)))
            .filter(|&c| c != x && c != y && first.cells[c.0][c.1].is_none())
            .flat_map(|(p, d)| (0..sc.shifts.len()).map(move |s| (p, d, s)))
            .find_map(|(p, d, s)| {
                let mut r = first.clone();
                r.cells[p][d] = Some(s);
                (score_of(&with_y(&r)) > score_of(&second) + 1e-6).then_some(r)
            })
            .expect("a shift that makes the merged rota worse");
        st.accept(&ctx, clash.clone(), validate(&sc, &clash));
        let (kept, rep, _) = ctx.rebase(&st, &inc, score_of(&inc), found);
        assert_eq!(kept, second);
        assert_eq!(score(&rep), score_of(&second));
    }

    /// The search's patience: 0.3 of the sub-MIP's limit until sub-MIPs have been solved to
    /// optimality, then three times their mean seconds, at least a second, at most 0.3 of the
    /// limit; `TURNUS_PATIENCE` overrides it.
    #[test]
    fn the_search_waits_a_few_times_as_long_as_its_solved_sub_mips_took() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures/small_unit");
        let sc =
            Scenario::from_json(&std::fs::read_to_string(format!("{dir}/scenario.json")).unwrap())
                .unwrap();
        let mut ctx = Ctx::new(&sc, &SolveOptions::default()).unwrap();
        ctx.patience = None;
        let close = |a: f64, b: f64| (a - b).abs() < 1e-12;
        assert!(close(ctx.patience(10.0, None), 3.0));
        assert!(close(ctx.patience(10.0, Some(0.1)), 1.0));
        assert!(close(ctx.patience(10.0, Some(0.5)), 1.5));
        assert!(close(ctx.patience(10.0, Some(5.0)), 3.0));
        assert!(close(ctx.patience(2.0, Some(0.1)), 0.6));
        ctx.patience = Some(7.0);
        assert!(close(ctx.patience(10.0, Some(0.5)), 7.0));
    }

    #[test]
    fn ablation_switches_are_on_only_with_a_value() {
        use std::ffi::OsStr;
        assert!(!switch_value_on(None));
        assert!(!switch_value_on(Some(OsStr::new(""))));
        assert!(!switch_value_on(Some(OsStr::new("0"))));
        assert!(switch_value_on(Some(OsStr::new("1"))));
        assert!(switch_value_on(Some(OsStr::new("yes"))));
    }

    #[test]
    fn patience_stops_only_after_a_spell_without_improvement() {
        // A patience far above the gaps between checks, so a busy machine cannot trip them.
        let mut p = Patience::new(0.3);
        let wait = || std::thread::sleep(std::time::Duration::from_millis(400));
        // Before any incumbent and right after one: go on.
        assert!(!p.check(0.0, f64::INFINITY));
        assert!(!p.check(0.0, 100.0));
        wait();
        // An improvement resets the clock; the same or a worse value does not.
        assert!(!p.check(0.0, 90.0));
        assert!(!p.check(0.0, 90.0));
        wait();
        assert!(p.check(0.0, 90.0));
        assert!(p.check(0.0, 95.0));
        assert!(!p.check(0.0, 80.0));
    }

    #[test]
    fn the_bound_model_stalls_only_after_a_window_without_progress() {
        let mut s = Stall::new(60.0);
        assert_eq!(s.window, 15.0);
        assert_eq!(Stall::new(8.0).window, 10.0);
        // No bound yet (the root LP runs): never stalled, however long.
        assert!(!s.stalled(0.0, f64::NEG_INFINITY, f64::INFINITY, None));
        assert!(!s.stalled(100.0, f64::NEG_INFINITY, f64::INFINITY, Some(1000.0)));
        // The first bound starts the clock; the search's 1000 makes the gap 100.
        assert!(!s.stalled(100.0, 900.0, f64::INFINITY, Some(1000.0)));
        // A rise under 2 % of the gap is no progress; at the window's end the run has stalled.
        assert!(!s.stalled(110.0, 901.9, 1000.0, Some(1000.0)));
        assert!(!s.stalled(114.9, 901.9, 1000.0, Some(1000.0)));
        assert!(s.stalled(115.0, 901.9, 1000.0, Some(1000.0)));

        // The rise counts over the window that ends now: 2.5 since 0 at 20 s is progress,
        // 1.5 since 10 s (901) at 28 s is not.
        let mut s = Stall::new(60.0);
        assert!(!s.stalled(0.0, 900.0, f64::INFINITY, Some(1000.0)));
        assert!(!s.stalled(10.0, 901.0, 1000.0, Some(1000.0)));
        assert!(!s.stalled(14.0, 902.0, 1000.0, Some(1000.0)));
        assert!(!s.stalled(20.0, 902.5, 1000.0, Some(1000.0)));
        assert!(s.stalled(28.0, 902.5, 1000.0, Some(1000.0)));

        // A rise from long ago does not count again once the search has shrunk the gap: the
        // bound rose by 15 in its first 5 s (under 2 % of the 900 that was then the gap), then
        // sat; at 30 s the search's 1000 makes 16 more than 2 % of the gap, but the bound has
        // risen by 0.5 in the last 15 s.
        let mut s = Stall::new(60.0);
        assert!(!s.stalled(0.0, 900.0, f64::INFINITY, None));
        assert!(!s.stalled(5.0, 915.0, f64::INFINITY, None));
        assert!(!s.stalled(14.0, 915.5, f64::INFINITY, None));
        assert!(s.stalled(30.0, 916.0, 1000.0, Some(1000.0)));

        // Checks may be far apart (HiGHS calls back only between its root heuristics): the
        // rise is measured from the last bound at or before the window's start.
        let mut s = Stall::new(60.0);
        assert!(!s.stalled(0.0, 900.0, 1000.0, Some(1000.0)));
        assert!(!s.stalled(40.0, 905.0, 1000.0, Some(1000.0)));
        assert!(!s.stalled(50.0, 905.0, 1000.0, Some(1000.0)));
        assert!(s.stalled(55.0, 905.0, 1000.0, Some(1000.0)));

        // A rota HiGHS finds itself, better than the search's, is progress for a window; taking
        // the search's offer (its incumbent equal to the search's) is not.
        let mut s = Stall::new(60.0);
        assert!(!s.stalled(0.0, 900.0, 1200.0, Some(1000.0)));
        assert!(!s.stalled(10.0, 900.0, 1000.0, Some(1000.0)));
        assert!(!s.stalled(14.0, 900.0, 990.0, Some(1000.0)));
        assert!(!s.stalled(28.0, 900.0, 990.0, Some(1000.0)));
        assert!(s.stalled(29.0, 900.0, 990.0, Some(990.0)));

        // Without any rota, a flat bound also stalls (the gap is then the bound's size).
        let mut s = Stall::new(60.0);
        assert!(!s.stalled(0.0, 500.0, f64::INFINITY, None));
        assert!(!s.stalled(10.0, 509.0, f64::INFINITY, None));
        assert!(s.stalled(15.0, 509.0, f64::INFINITY, None));
    }

    #[test]
    fn construction_blocks_cover_the_horizon_once() {
        assert_eq!(construction_blocks(42), vec![(0, 41)]);
        assert_eq!(construction_blocks(84), vec![(0, 83)]);
        assert_eq!(construction_blocks(112), vec![(0, 111)]);
        assert_eq!(construction_blocks(113), vec![(0, 55), (56, 112)]);
        for nd in [113, 182, 364, 371] {
            let blocks = construction_blocks(nd);
            assert!(blocks.len() > 1, "{nd}");
            assert_eq!(blocks[0].0, 0);
            assert_eq!(blocks.last().unwrap().1, nd - 1);
            for w in blocks.windows(2) {
                assert_eq!(w[0].1 + 1, w[1].0, "{nd}: {blocks:?}");
            }
            assert!(
                blocks.iter().all(|&(a, b)| b >= a && b - a < 112),
                "{nd}: {blocks:?}"
            );
            let (a, b) = *blocks.last().unwrap();
            assert!(b - a + 1 >= 56, "{nd}: the last block is short: {blocks:?}");
        }
    }
}
