//! Running a built model through HiGHS. good_lp builds the model; the `highs` crate runs it, since
//! good_lp hides the MIP dual bound, the gap and the warm start we need.

use good_lp::solvers::highs::highs;
use good_lp::{IntoAffineExpression, SolverModel};
use highs::HighsModelStatus;

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
        }
    }
}

/// Solves `built` (consumed, apart from its decoding tables). `start` is a full column vector to
/// try as a warm start.
pub(crate) fn run(
    built: &mut Built,
    set: RunSettings,
    start: Option<&[f64]>,
) -> Result<MipRun, SolveError> {
    let vars = std::mem::take(&mut built.vars);
    let objective = std::mem::take(&mut built.objective);
    let constant = objective.constant();
    let ncols = vars.len();
    let mut problem = vars.minimise(objective).using(highs);
    for c in std::mem::take(&mut built.constraints) {
        problem.add_constraint(c);
    }
    let mut model = problem
        .try_into_inner()
        .map_err(|e| SolveError::Backend(format!("HiGHS rejected the model: {e}")))?;
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
    if let Some(start) = start {
        if start.len() == ncols {
            // A start HiGHS finds infeasible is ignored; that is fine.
            let _ = model.try_set_solution(Some(start), None, None, None);
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
