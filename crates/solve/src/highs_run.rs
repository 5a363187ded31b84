//! Running a built model through HiGHS. good_lp builds the model; the `highs` crate runs it, since
//! good_lp hides the MIP dual bound, the gap and the warm start we need.
//!
//! This is the workspace's one module with `unsafe` code: the bridge to HiGHS's C callbacks
//! (`highs-sys`), through which the monolithic model trades bounds and rotas with the search.
#![allow(unsafe_code)]

use std::os::raw::{c_char, c_int, c_void};

use good_lp::solvers::highs::highs;
use good_lp::{IntoAffineExpression, SolverModel};
use highs::HighsModelStatus;
use highs_sys::{HighsCallbackDataIn, HighsCallbackDataOut};

use crate::model::Built;
use crate::SolveError;

/// What one HiGHS run gave.
pub(crate) struct MipRun {
    pub status: HighsModelStatus,
    /// Column values of the best solution, if any.
    pub values: Option<Vec<f64>>,
    /// Objective of that solution, including the constant part.
    pub objective: f64,
    /// Proven lower bound, including the constant part.
    pub bound: f64,
}

impl MipRun {
    /// The result of a model that was not run: no solution, no bound.
    pub(crate) fn not_run() -> MipRun {
        MipRun {
            status: HighsModelStatus::NotSet,
            values: None,
            objective: f64::INFINITY,
            bound: f64::NEG_INFINITY,
        }
    }
}

/// Settings of one run. The default is an exact single-threaded run with a 60 s safety limit.
#[derive(Clone, Copy, Debug)]
pub(crate) struct RunSettings {
    pub time_limit: f64,
    pub gap: f64,
    pub threads: u32,
    pub seed: u64,
    pub verbose: bool,
    /// HiGHS `solver` option: "choose", "simplex" or "ipm" (LP relaxations).
    pub solver: &'static str,
    /// HiGHS `mip_heuristic_effort` (default 0.05); the search's sub-MIPs want incumbents fast.
    pub heuristic_effort: f64,
    /// Solve the MIP's root LP with interior point (`mip_lp_solver = ipm`): on the monolithic
    /// rota model dual simplex may not finish the root in a minute, IPM takes seconds.
    pub root_ipm: bool,
    /// The environment variable whose `option=value,...` list is set on this run (experiments).
    pub options_env: Option<&'static str>,
    /// HiGHS `objective_bound`: only solutions below it are wanted, and nodes whose bound is
    /// not are pruned (a proof that none exists).
    pub objective_bound: Option<f64>,
}

impl Default for RunSettings {
    fn default() -> Self {
        RunSettings {
            time_limit: 60.0,
            gap: 0.0,
            threads: 1,
            seed: 1,
            verbose: false,
            solver: "choose",
            root_ipm: false,
            heuristic_effort: 0.05,
            options_env: None,
            objective_bound: None,
        }
    }
}

/// Talks to a running MIP through HiGHS's callbacks: the monolithic model uses it to publish its
/// bound to the search while it runs, to take the search's rotas as incumbents, and to stop when
/// the search no longer needs it. Objectives include the model's constant.
///
/// (The bundled HiGHS's solution callbacks do not reach the C API with the solution's values, so
/// the model's own incumbent is read only when it finishes.)
pub(crate) trait Watcher {
    /// Called often during the branch and bound with the proven bound and the incumbent's
    /// objective (+∞ if none), and during LP solves with −∞ and +∞; `true` stops the run
    /// (status `ReachedInterrupt`; the bound and incumbent so far are kept).
    fn check(&mut self, bound: f64, incumbent: f64) -> bool;
    /// HiGHS asks for a solution from outside; `incumbent` is the objective of its own best
    /// (+∞ if none). Answer with the integer columns (indices and values) of a better one; HiGHS
    /// fills in the continuous columns by an LP, checks the result and keeps it when feasible.
    fn offer(&mut self, incumbent: f64) -> Option<(Vec<i32>, Vec<f64>)> {
        let _ = incumbent;
        None
    }
}

/// What the C callback gets as its user data.
struct Hook<'a> {
    watcher: &'a mut dyn Watcher,
    constant: f64,
}

/// The C callback HiGHS calls (interrupt checks in the MIP and in its LP solves, and requests
/// for a user solution). A panic must not unwind into C++: it is caught and the event ignored.
unsafe extern "C" fn callback(
    kind: c_int,
    _message: *const c_char,
    out: *const HighsCallbackDataOut,
    inp: *mut HighsCallbackDataIn,
    user: *mut c_void,
) {
    let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        if out.is_null() || inp.is_null() || user.is_null() {
            return;
        }
        // SAFETY: `user` is the `Hook` that `run` registered and keeps alive (and unaliased)
        // until `Highs_run` returns; HiGHS passes valid data pointers for the call's duration.
        let (hook, out) = unsafe { (&mut *user.cast::<Hook>(), &*out) };
        match kind {
            highs_sys::kHighsCallbackMipInterrupt
                if hook.watcher.check(
                    out.mip_dual_bound + hook.constant,
                    out.mip_primal_bound + hook.constant,
                ) =>
            {
                // SAFETY: as above.
                unsafe { (*inp).user_interrupt = 1 };
            }
            // While the root LP runs there is no MIP bound yet (−∞): the check only asks
            // whether to stop.
            highs_sys::kHighsCallbackSimplexInterrupt | highs_sys::kHighsCallbackIpmInterrupt
                if hook.watcher.check(f64::NEG_INFINITY, f64::INFINITY) =>
            {
                // SAFETY: as above.
                unsafe { (*inp).user_interrupt = 1 };
            }
            highs_sys::kHighsCallbackCallbackMipUserSolution => {
                let incumbent = out.objective_function_value + hook.constant;
                let Some((index, value)) = hook.watcher.offer(incumbent) else {
                    return;
                };
                let Ok(n) = i32::try_from(index.len()) else {
                    return;
                };
                // SAFETY: `index` and `value` hold `n` entries each; `inp` is HiGHS's own.
                unsafe {
                    let ok = highs_sys::Highs_setCallbackSparseSolution(
                        inp,
                        n,
                        index.as_ptr(),
                        value.as_ptr(),
                    ) == highs_sys::kHighsStatusOk
                        && highs_sys::Highs_repairCallbackSolution(inp)
                            == highs_sys::kHighsStatusOk;
                    // The C API copies this struct back over HiGHS's own after the call, so
                    // the flag must be set here too (the calls above set only HiGHS's copy).
                    (*inp).user_has_solution = c_int::from(ok);
                }
            }
            _ => {}
        }
    }));
}

/// Hands `built`'s variables, objective and rows (taken, leaving its decoding tables) to a
/// HiGHS model, columns in the order of the variables. Returns the model and the objective's
/// constant, which HiGHS does not hold.
pub(crate) fn into_model(built: &mut Built) -> Result<(highs::Model, f64), SolveError> {
    let vars = std::mem::take(&mut built.vars);
    let objective = std::mem::take(&mut built.objective);
    let constant = objective.constant();
    let mut problem = vars.minimise(objective).using(highs);
    for c in std::mem::take(&mut built.constraints) {
        problem.add_constraint(c);
    }
    let model = problem
        .try_into_inner()
        .map_err(|e| SolveError::Backend(format!("HiGHS rejected the model: {e}")))?;
    Ok((model, constant))
}

/// Column and row edits by index on a model that good_lp built (the `highs` crate names
/// columns and rows only by handles it made itself). Each returns the new row's or column's
/// index, or an error when HiGHS refuses.
pub(crate) mod edit {
    use super::*;
    use highs_sys::HighsInt;

    fn ok(status: HighsInt, what: &str) -> Result<(), SolveError> {
        if status == highs_sys::kHighsStatusOk {
            Ok(())
        } else {
            Err(SolveError::Backend(format!("HiGHS refused to {what}")))
        }
    }

    fn split(entries: &[(usize, f64)]) -> (Vec<HighsInt>, Vec<f64>) {
        entries
            .iter()
            .map(|&(i, v)| (HighsInt::try_from(i).unwrap_or(HighsInt::MAX), v))
            .unzip()
    }

    /// Adds the row `lower ≤ Σ value · column ≤ upper` over `(column, value)` entries.
    pub(crate) fn add_row(
        model: &mut highs::Model,
        lower: f64,
        upper: f64,
        entries: &[(usize, f64)],
    ) -> Result<usize, SolveError> {
        let (index, value) = split(entries);
        // SAFETY: `model` is a live HiGHS instance; the arrays hold `index.len()` entries and
        // outlive the call, which copies them.
        let status = unsafe {
            highs_sys::Highs_addRow(
                model.as_mut_ptr(),
                lower,
                upper,
                index.len() as HighsInt,
                index.as_ptr(),
                value.as_ptr(),
            )
        };
        ok(status, "add a row")?;
        Ok(model.num_rows() - 1)
    }

    /// Adds a continuous column of `cost` within `[lower, upper]` over `(row, value)` entries.
    pub(crate) fn add_col(
        model: &mut highs::Model,
        cost: f64,
        (lower, upper): (f64, f64),
        entries: &[(usize, f64)],
    ) -> Result<usize, SolveError> {
        let (index, value) = split(entries);
        // SAFETY: as in `add_row`.
        let status = unsafe {
            highs_sys::Highs_addCol(
                model.as_mut_ptr(),
                cost,
                lower,
                upper,
                index.len() as HighsInt,
                index.as_ptr(),
                value.as_ptr(),
            )
        };
        ok(status, "add a column")?;
        Ok(model.num_cols() - 1)
    }

    /// Sets column `col`'s objective coefficient.
    pub(crate) fn set_cost(
        model: &mut highs::Model,
        col: usize,
        cost: f64,
    ) -> Result<(), SolveError> {
        let col = HighsInt::try_from(col).unwrap_or(HighsInt::MAX);
        // SAFETY: `model` is a live HiGHS instance; an out-of-range column is an error status.
        let status = unsafe { highs_sys::Highs_changeColCost(model.as_mut_ptr(), col, cost) };
        ok(status, "change a column's cost")
    }

    /// Sets column `col`'s bounds.
    pub(crate) fn set_bounds(
        model: &mut highs::Model,
        col: usize,
        (lower, upper): (f64, f64),
    ) -> Result<(), SolveError> {
        let col = HighsInt::try_from(col).unwrap_or(HighsInt::MAX);
        // SAFETY: as in `set_cost`.
        let status =
            unsafe { highs_sys::Highs_changeColBounds(model.as_mut_ptr(), col, lower, upper) };
        ok(status, "change a column's bounds")
    }
}

/// Sets `set`'s options on `model` (its log, limits, gap, threads, seed, solver and the
/// experiment's extra options).
pub(crate) fn configure(model: &mut highs::Model, set: &RunSettings) -> Result<(), SolveError> {
    if set.verbose {
        model.set_option("output_flag", true);
        model.set_option("log_to_console", true);
    } else {
        model.make_quiet();
    }
    let bad = |k: &str, e: highs::TrySetOptionError| {
        SolveError::Backend(format!("HiGHS option {k}: {e:?}"))
    };
    model
        .try_set_option("time_limit", set.time_limit.max(0.01))
        .map_err(|e| bad("time_limit", e))?;
    model
        .try_set_option("mip_rel_gap", set.gap)
        .map_err(|e| bad("mip_rel_gap", e))?;
    model
        .try_set_option("threads", set.threads.max(1) as i32)
        .map_err(|e| bad("threads", e))?;
    model
        .try_set_option("mip_heuristic_effort", set.heuristic_effort)
        .map_err(|e| bad("mip_heuristic_effort", e))?;
    if set.root_ipm {
        model
            .try_set_option("mip_lp_solver", "ipm")
            .map_err(|e| bad("mip_lp_solver", e))?;
    }
    if set.solver != "choose" {
        model
            .try_set_option("solver", set.solver)
            .map_err(|e| bad("solver", e))?;
    }
    model
        .try_set_option("random_seed", (set.seed % 2_147_483_647) as i32)
        .map_err(|e| bad("random_seed", e))?;
    if let Some(b) = set.objective_bound {
        model
            .try_set_option("objective_bound", b)
            .map_err(|e| bad("objective_bound", e))?;
    }
    // Experiments: `TURNUS_HIGHS_MONO="option=value,..."` sets HiGHS options on the monolithic
    // (bound) model only, `TURNUS_HIGHS_CONSTRUCT` on the construction's sub-MIPs and
    // `TURNUS_HIGHS_SEARCH` on the search's (see `RunSettings::options_env`).
    if let Some(var) = set.options_env {
        if let Ok(extra) = std::env::var(var) {
            for kv in extra.split(',').filter(|kv| !kv.is_empty()) {
                let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
                let r = if let Ok(i) = v.parse::<i32>() {
                    model.try_set_option(k, i)
                } else if let Ok(f) = v.parse::<f64>() {
                    model.try_set_option(k, f)
                } else if let Ok(b) = v.parse::<bool>() {
                    model.try_set_option(k, b)
                } else {
                    model.try_set_option(k, v)
                };
                r.map_err(|e| bad(k, e))?;
            }
        }
    }
    Ok(())
}

/// Solves `built` (consumed, apart from its decoding tables). `start` is a full column vector to
/// try as a warm start; `watcher`, if any, follows the run through HiGHS's callbacks.
pub(crate) fn run(
    built: &mut Built,
    set: RunSettings,
    start: Option<&[f64]>,
    watcher: Option<&mut dyn Watcher>,
) -> Result<MipRun, SolveError> {
    let ncols = built.vars.len();
    let (mut model, constant) = into_model(built)?;
    configure(&mut model, &set)?;
    if let Some(start) = start {
        if start.len() == ncols {
            // A start HiGHS finds infeasible is ignored; that is fine.
            let _ = model.try_set_solution(Some(start), None, None, None);
        }
    }
    // The hook lives on this frame until `try_solve` returns; HiGHS only calls it during the run.
    let mut hook = watcher.map(|watcher| Hook { watcher, constant });
    if let Some(hook) = hook.as_mut() {
        let ptr = model.as_mut_ptr();
        let user: *mut Hook = hook;
        // SAFETY: `ptr` is the live HiGHS instance; `user` outlives the run (see above).
        let ok = unsafe {
            highs_sys::Highs_setCallback(ptr, Some(callback), user.cast())
                == highs_sys::kHighsStatusOk
                && [
                    highs_sys::kHighsCallbackMipInterrupt,
                    highs_sys::kHighsCallbackSimplexInterrupt,
                    highs_sys::kHighsCallbackIpmInterrupt,
                    highs_sys::kHighsCallbackCallbackMipUserSolution,
                ]
                .iter()
                .all(|&k| highs_sys::Highs_startCallback(ptr, k) == highs_sys::kHighsStatusOk)
        };
        if !ok {
            return Err(SolveError::Backend(
                "HiGHS refused the solver callbacks".into(),
            ));
        }
    }
    let solved = model
        .try_solve()
        .map_err(|e| SolveError::Backend(format!("HiGHS failed while solving: {e:?}")))?;
    let status = solved.status();
    let has_solution = solved.primal_solution_status() == highs::HighsSolutionStatus::Feasible;
    let values = has_solution.then(|| solved.get_solution().columns().to_vec());
    let objective = if has_solution {
        solved.objective_value() + constant
    } else {
        f64::INFINITY
    };
    let bound = match status {
        HighsModelStatus::Optimal if has_solution => {
            let b = solved
                .double_info_value(c"mip_dual_bound")
                .unwrap_or(f64::NEG_INFINITY);
            // For an LP (no integers) HiGHS reports no MIP bound: the optimum is the bound.
            if b.is_finite() {
                b + constant
            } else {
                objective
            }
        }
        HighsModelStatus::Infeasible => f64::INFINITY,
        _ => solved
            .double_info_value(c"mip_dual_bound")
            .ok()
            .filter(|b| b.is_finite())
            .map_or(f64::NEG_INFINITY, |b| b + constant),
    };
    Ok(MipRun {
        status,
        values,
        objective,
        bound,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use good_lp::{variable, Expression, ProblemVariables};

    /// An equality knapsack whose one solution HiGHS does not see at once: 40 items with
    /// distinct weights, the capacity the weight of a chosen subset.
    fn knapsack() -> (Built, Vec<usize>, f64) {
        let mut vars = ProblemVariables::new();
        let x: Vec<_> = (0..40).map(|_| vars.add(variable().binary())).collect();
        let w: Vec<f64> = (0..40)
            .map(|i| f64::from(1000 + 37 * i + (i * i) % 23))
            .collect();
        let chosen: Vec<usize> = vec![1, 4, 9, 16, 25, 36, 38];
        let cap: f64 = chosen.iter().map(|&i| w[i]).sum();
        let mut lhs = Expression::from(0.0);
        let mut objective = Expression::from(0.0);
        for i in 0..40 {
            lhs.add_mul(w[i], x[i]);
            objective.add_mul((i % 7) as f64 + 1.0, x[i]);
        }
        let value: f64 = chosen.iter().map(|&i| (i % 7) as f64 + 1.0).sum();
        let built = Built {
            vars,
            objective,
            constraints: vec![lhs.eq(cap)],
            x: Vec::new(),
            work: Vec::new(),
            z: Vec::new(),
            fixed_pct: Vec::new(),
            nonzeros: 40,
        };
        (built, chosen, value)
    }

    struct Scripted {
        offer: Option<(Vec<i32>, Vec<f64>)>,
        checks: usize,
        interrupt: bool,
    }

    impl Watcher for Scripted {
        fn check(&mut self, _bound: f64, _incumbent: f64) -> bool {
            self.checks += 1;
            // Not before the offer was taken.
            self.interrupt && self.offer.is_none()
        }
        fn offer(&mut self, _incumbent: f64) -> Option<(Vec<i32>, Vec<f64>)> {
            self.offer.take()
        }
    }

    fn quiet() -> RunSettings {
        RunSettings {
            time_limit: 20.0,
            heuristic_effort: 0.0,
            ..RunSettings::default()
        }
    }

    #[test]
    fn an_interrupt_stops_the_run_at_once() {
        let (mut built, _, _) = knapsack();
        let mut w = Scripted {
            offer: None,
            checks: 0,
            interrupt: true,
        };
        let res = run(&mut built, quiet(), None, Some(&mut w)).unwrap();
        assert_eq!(res.status, HighsModelStatus::ReachedInterrupt);
        assert_eq!(w.checks, 1, "HiGHS went on after the first interrupt");
    }

    #[test]
    fn an_offered_solution_becomes_the_incumbent() {
        let (mut built, chosen, value) = knapsack();
        let index: Vec<i32> = (0..40).collect();
        let values: Vec<f64> = (0..40)
            .map(|i| f64::from(u8::from(chosen.contains(&(i as usize)))))
            .collect();
        // Offered when HiGHS first asks (after its setup), then stopped at the next check: any
        // solution it has then is the one offered (its heuristics are off).
        let mut w = Scripted {
            offer: Some((index, values.clone())),
            checks: 0,
            interrupt: true,
        };
        let res = run(&mut built, quiet(), None, Some(&mut w)).unwrap();
        assert!(w.offer.is_none(), "HiGHS never asked for a solution");
        let got = res.values.expect("the offered solution was not kept");
        assert!(
            (res.objective - value).abs() < 1e-9,
            "{} vs {value}",
            res.objective
        );
        for (g, v) in got.iter().zip(&values) {
            assert!((g - v).abs() < 1e-6);
        }
    }
}
