//! A lower bound by Dantzig–Wolfe decomposition for any scenario the monolithic model
//! expresses: curve demand with its nested competence levels, presence, competence shares,
//! fairness, the FTE budget, and every person's rules. [`crate::colgen`] does the same for the
//! Curtois shape, with an exact dynamic programme as its pricing; here each person's pricing
//! problem is a HiGHS MIP of that person's own part of the monolithic model
//! ([`Part::Own`]), so it holds for every rule the model holds.
//!
//! **The master** is the monolithic model's LP relaxation ([`Mode::relax`]) without the
//! per-person rules ([`Part::Shared`]), with each person's cells and position-size choices
//! tied to a convex combination of that person's columns (whole rows of the rota that keep the
//! person's rules, each costing what those rules charge for it): `v_j − Σ_k λ_k · v_kj = 0`
//! per linked variable `j`, `Σ_k λ_k = 1` per person, `λ ≥ 0`. The rows across people and the
//! rest of the objective are the monolithic model's.
//!
//! **The bound** does not rest on the master having converged. Relaxing the linking rows with
//! prices `y` gives
//!
//! ```text
//! L(y) = g(y) + Σ_p min over p's rows r of (own_p(r) + Σ_j y_j · r_j)
//! ```
//!
//! which is at most the cost of every rota that keeps the rules: `g(y)` is the LP over the
//! master's own rows at the prices `y` (at the master's optimal duals it is the master's value
//! less the convexity duals `σ_p`), and the second part is every person's cheapest row at
//! those prices. `g` is concave, so at smoothed prices `α y_best + (1 − α) y_now` it is at
//! least `α g(y_best) + (1 − α) g(y_now)`. Each person's minimum is replaced by the pricing
//! MIP's proven dual bound, so an unfinished pricing problem still gives a valid `L`. When no
//! row prices out, `L` is the master's value: the decomposition's bound, which is at least the
//! monolithic LP bound (the master's feasible set is the LP's, cut down to the convex hulls of
//! the people's integer rows).

use std::collections::HashSet;
use std::time::Instant;

use highs::{HighsModelStatus, Model};
use turnus_core::{Rota, Scenario};

use crate::highs_run::{configure, edit, into_model, RunSettings};
use crate::model::{Builder, Built, Elastic, Mode, Part, X};
use crate::prep::Prep;
use crate::SolveError;

/// A column joins the master when its reduced cost is below `−RC_TOL × max(1, |master|)`.
const RC_TOL: f64 = 1e-7;

/// The pricing MIPs' relative gap. Only the columns' quality depends on it: the bound uses
/// each pricing MIP's dual bound.
const PRICING_GAP: f64 = 1e-4;

/// What the decomposition did.
#[derive(Clone, Debug, PartialEq)]
pub struct Outcome {
    /// The best Lagrangian bound (−∞ when no round priced every person).
    pub bound: f64,
    /// The master LP's last value.
    pub master: f64,
    /// The master LP's first value, over the start's rows alone: the start's objective.
    pub first_master: f64,
    /// Master solves.
    pub iterations: usize,
    /// Columns in the master, the start's included.
    pub columns: usize,
    /// No column priced out in the last round, every pricing problem solved (to the pricing
    /// MIPs' relative gap): the bound is the decomposition's, within those gaps.
    pub converged: bool,
    /// Seconds in all.
    pub seconds: f64,
    /// Seconds in master solves.
    pub master_seconds: f64,
    /// Seconds in pricing MIPs.
    pub pricing_seconds: f64,
    /// Why it stopped.
    pub stopped: &'static str,
}

impl Outcome {
    fn new() -> Outcome {
        Outcome {
            bound: f64::NEG_INFINITY,
            master: f64::NAN,
            first_master: f64::NAN,
            iterations: 0,
            columns: 0,
            converged: false,
            seconds: 0.0,
            master_seconds: 0.0,
            pricing_seconds: 0.0,
            stopped: "",
        }
    }
}

/// Why the decomposition does not apply to `sc`, or `None` where it does. Optional rota lines
/// (staffing-plan design) are left out: their "unused" flag would need a link of its own.
pub(crate) fn not_applicable(sc: &Scenario) -> Option<&'static str> {
    if sc.staff.iter().any(|s| s.is_optional()) {
        return Some("optional rota lines (staffing-plan design)");
    }
    if sc.staff.is_empty() || sc.days() == 0 {
        return Some("no staff or no days");
    }
    None
}

/// A variable of one person that a column fixes.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Link {
    /// Cell `(day, shift)`, model column.
    Cell(usize, usize, usize),
    /// Position size candidate `pct`, model column.
    Size(f64, usize),
}

impl Link {
    fn col(self) -> usize {
        match self {
            Link::Cell(.., c) | Link::Size(_, c) => c,
        }
    }

    /// Whether `rota` has this cell or size for person `p`.
    fn holds(self, sc: &Scenario, rota: &Rota, p: usize) -> bool {
        match self {
            Link::Cell(d, s, _) => rota.cells[p][d] == Some(s),
            Link::Size(pct, _) => rota
                .position_pct(sc, p)
                .is_some_and(|v| (v - pct).abs() < 1e-6),
        }
    }
}

/// Person `p`'s linked variables in `built`, in an order that depends only on the person's
/// own part of the model: cells by day and shift, then size candidates.
fn links(built: &Built, p: usize) -> Vec<Link> {
    let mut out = Vec::new();
    for (d, cell) in built.x[p].iter().enumerate() {
        for (s, x) in cell.iter().enumerate() {
            if let X::Var(_, c) = *x {
                out.push(Link::Cell(d, s, c));
            }
        }
    }
    out.extend(built.z[p].iter().map(|&(c, pct, _)| Link::Size(pct, c)));
    out
}

/// The links of person `p` that `rota` sets to 1, or `None` when its position size is not
/// one of the candidates (the column could not be combined).
fn ones_of(sc: &Scenario, links: &[Link], rota: &Rota, p: usize) -> Option<Vec<u32>> {
    let ones: Vec<u32> = (0..links.len() as u32)
        .filter(|&j| links[j as usize].holds(sc, rota, p))
        .collect();
    let sizes = links.iter().filter(|l| matches!(l, Link::Size(..))).count();
    let held = ones
        .iter()
        .filter(|&&j| matches!(links[j as usize], Link::Size(..)))
        .count();
    (sizes == 0 || held == 1).then_some(ones)
}

/// One person's side of the decomposition.
struct Person {
    /// Per linked variable: its master linking row and its column in the pricing model.
    rows: Vec<usize>,
    cols: Vec<usize>,
    /// The master's convexity row.
    convexity: usize,
    /// The pricing MIP (taken while it runs) and its objective's constant.
    pricing: Option<Model>,
    constant: f64,
    /// Columns already in the master, as the linked variables at 1.
    seen: HashSet<Vec<u32>>,
}

/// What one pricing run gave: a lower bound on the person's cheapest row at the prices, and
/// the best row found with its value at those prices.
struct Priced {
    bound: Option<f64>,
    best: Option<(f64, Vec<u32>)>,
}

impl Person {
    /// Adds the column of `cost` whose linked variables at 1 are `ones` (indices into the
    /// links), unless it is in the master already. Returns whether it was added.
    fn add(&mut self, master: &mut Model, ones: Vec<u32>, cost: f64) -> Result<bool, SolveError> {
        if self.seen.contains(&ones) {
            return Ok(false);
        }
        let mut entries: Vec<(usize, f64)> = ones
            .iter()
            .map(|&j| (self.rows[j as usize], -1.0))
            .collect();
        entries.push((self.convexity, 1.0));
        edit::add_col(master, cost, (0.0, f64::INFINITY), &entries)?;
        self.seen.insert(ones);
        Ok(true)
    }

    /// Solves the pricing MIP with `prices` on the linked variables, within `seconds`.
    fn price(&mut self, prices: &[f64], seconds: f64) -> Result<Priced, SolveError> {
        let mut model = self.pricing.take().expect("the pricing model is back");
        for (&col, &y) in self.cols.iter().zip(prices) {
            edit::set_cost(&mut model, col, y)?;
        }
        quiet(&mut model, seconds, PRICING_GAP)?;
        let solved = model
            .try_solve()
            .map_err(|e| SolveError::Backend(format!("HiGHS failed on pricing: {e:?}")))?;
        let best =
            (solved.primal_solution_status() == highs::HighsSolutionStatus::Feasible).then(|| {
                let x = solved.get_solution().columns().to_vec();
                let ones: Vec<u32> = (0..self.cols.len() as u32)
                    .filter(|&j| x[self.cols[j as usize]] > 0.5)
                    .collect();
                (solved.objective_value() + self.constant, ones)
            });
        let dual = solved
            .double_info_value(c"mip_dual_bound")
            .ok()
            .filter(|b| b.is_finite())
            .map(|b| b + self.constant);
        let bound = match solved.status() {
            HighsModelStatus::Optimal => dual.or(best.as_ref().map(|b| b.0)),
            _ => dual,
        };
        self.pricing = Some(Model::from(solved));
        Ok(Priced { bound, best })
    }

    /// The person's own cost of the row `ones` (their rules' costs), or `None` when the row
    /// breaks one of their hard rules: the pricing MIP with the row fixed and no prices.
    fn own_cost(&mut self, ones: &[u32], seconds: f64) -> Result<Option<f64>, SolveError> {
        let mut model = self.pricing.take().expect("the pricing model is back");
        let mut at = vec![0.0; self.cols.len()];
        ones.iter().for_each(|&j| at[j as usize] = 1.0);
        for (&col, &v) in self.cols.iter().zip(&at) {
            edit::set_bounds(&mut model, col, (v, v))?;
        }
        self.pricing = Some(model);
        let priced = self.price(&vec![0.0; self.cols.len()], seconds);
        let mut model = self.pricing.take().expect("the pricing model is back");
        for &col in &self.cols {
            edit::set_bounds(&mut model, col, (0.0, 1.0))?;
        }
        self.pricing = Some(model);
        Ok(priced?.best.map(|b| b.0))
    }
}

/// Options of a HiGHS run the decomposition makes: quiet, one thread, HiGHS's own seed.
fn quiet(model: &mut Model, time_limit: f64, gap: f64) -> Result<(), SolveError> {
    configure(
        model,
        &RunSettings {
            time_limit,
            gap,
            seed: 0,
            ..RunSettings::default()
        },
    )
}

/// The weight of the best prices so far in the prices the people are priced at (dual
/// smoothing); where that finds no column at the master's own prices, the round is priced again
/// at those.
const SMOOTHING: f64 = 0.5;

/// Runs column generation until `deadline`, `stop()`, or until `worth(master)` says no: the
/// master's value bounds the decomposition's bound from above, so a caller can stop it once it
/// cannot raise a bound enough. It starts from `start`'s rows (rows
/// that break one of their person's hard rules are left out, and the master then has no
/// column for that person and no bound comes; the rules across people have slack at
/// [`crate::model::BIG`] in the master, a relaxation too). Before each master solve the rows
/// of the rotas `fresh()` gives join. `raise` gets each better bound as it is found.
#[allow(clippy::too_many_arguments)]
pub(crate) fn bound(
    sc: &Scenario,
    prep: &Prep,
    start: &Rota,
    step_pct: f64,
    deadline: Instant,
    stop: &dyn Fn() -> bool,
    worth: &dyn Fn(f64) -> bool,
    fresh: &mut dyn FnMut() -> Option<Rota>,
    raise: &mut dyn FnMut(f64),
    trace: bool,
) -> Result<Outcome, SolveError> {
    let t0 = Instant::now();
    let mut out = Outcome::new();
    let left = || {
        deadline
            .saturating_duration_since(Instant::now())
            .as_secs_f64()
    };
    let n = sc.staff.len();
    let mode = Mode {
        elastic: Elastic::Shared,
        all_persons: false,
        relax: true,
        step_pct,
        symmetry: false,
        through_day: None,
        aggregate: false,
        linear_cover: false,
        part: Part::Shared,
    };
    let all = vec![vec![true; sc.days()]; n];
    let mut mb = Builder::build(sc, prep, start, &all, mode);
    let master_links: Vec<Vec<Link>> = (0..n).map(|p| links(&mb, p)).collect();
    let (mut master, constant) = into_model(&mut mb)?;
    quiet(&mut master, f64::INFINITY, 0.0)?;
    let mut people = Vec::with_capacity(n);
    for (p, ls) in master_links.iter().enumerate() {
        let rows = ls
            .iter()
            .map(|l| edit::add_row(&mut master, 0.0, 0.0, &[(l.col(), 1.0)]))
            .collect::<Result<Vec<_>, _>>()?;
        let convexity = edit::add_row(&mut master, 1.0, 1.0, &[])?;
        let mut free = vec![vec![false; sc.days()]; n];
        free[p] = vec![true; sc.days()];
        let mut pb = Builder::build(
            sc,
            prep,
            start,
            &free,
            Mode {
                relax: false,
                elastic: Elastic::Off,
                part: Part::Own,
                ..mode
            },
        );
        let own = links(&pb, p);
        if own.len() != ls.len()
            || own.iter().zip(ls).any(|(a, b)| match (a, b) {
                (Link::Cell(d, s, _), Link::Cell(e, t, _)) => (d, s) != (e, t),
                (Link::Size(a, _), Link::Size(b, _)) => (a - b).abs() > 1e-9,
                _ => true,
            })
        {
            return Err(SolveError::Backend(format!(
                "the pricing model of staff {p} does not match the master's"
            )));
        }
        let (pricing, constant) = into_model(&mut pb)?;
        people.push(Person {
            rows,
            cols: own.iter().map(|l| l.col()).collect(),
            convexity,
            pricing: Some(pricing),
            constant,
            seen: HashSet::new(),
        });
    }
    let mut rotas = vec![start.clone()];
    // The best prices so far on the linked variables, per person, and a lower estimate of the
    // master's side of the Lagrangian there (`g`, see the module's comment).
    let mut best: Option<(Vec<Vec<f64>>, f64)> = None;
    loop {
        // The search's rotas bring good rows for nothing but their own costs.
        rotas.extend(std::iter::from_fn(&mut *fresh));
        for rota in rotas.drain(..) {
            for (p, person) in people.iter_mut().enumerate() {
                let Some(ones) = ones_of(sc, &master_links[p], &rota, p) else {
                    continue;
                };
                if person.seen.contains(&ones) {
                    continue;
                }
                if let Some(cost) = person.own_cost(&ones, left())? {
                    out.columns += usize::from(person.add(&mut master, ones, cost)?);
                }
            }
        }
        if stop() || left() <= 0.0 {
            out.stopped = "time";
            break;
        }
        let t = Instant::now();
        quiet(&mut master, left(), 0.0)?;
        let solved = master
            .try_solve()
            .map_err(|e| SolveError::Backend(format!("HiGHS failed on the master: {e:?}")))?;
        out.master_seconds += t.elapsed().as_secs_f64();
        out.iterations += 1;
        if solved.status() != HighsModelStatus::Optimal {
            out.stopped = match solved.status() {
                HighsModelStatus::Infeasible => {
                    "the master is infeasible (a person without a row that keeps their rules)"
                }
                HighsModelStatus::ReachedTimeLimit => "time",
                _ => "the master was not solved",
            };
            break;
        }
        let value = solved.objective_value() + constant;
        let duals = solved.get_solution().dual_rows().to_vec();
        master = Model::from(solved);
        out.master = value;
        if out.iterations == 1 {
            out.first_master = value;
        }
        if !worth(value) {
            out.stopped = "not worth it: the master is too close to the bound";
            break;
        }
        let tol = RC_TOL * value.abs().max(1.0);
        let sigma: Vec<f64> = people.iter().map(|q| duals[q.convexity]).collect();
        let now: Vec<Vec<f64>> = people
            .iter()
            .map(|q| q.rows.iter().map(|&r| duals[r]).collect())
            .collect();
        let g_now = value - sigma.iter().sum::<f64>();
        let t = Instant::now();
        let mut added = 0;
        let mut complete = true;
        for alpha in [SMOOTHING, 0.0] {
            let (prices, g) = match &best {
                Some((y, g)) if alpha > 0.0 => (
                    y.iter()
                        .zip(&now)
                        .map(|(a, b)| {
                            a.iter()
                                .zip(b)
                                .map(|(a, b)| alpha * a + (1.0 - alpha) * b)
                                .collect()
                        })
                        .collect(),
                    alpha * g + (1.0 - alpha) * g_now,
                ),
                _ if alpha > 0.0 => continue,
                _ => (now.clone(), g_now),
            };
            let mut lagrangian = g;
            complete = true;
            for (p, person) in people.iter_mut().enumerate() {
                if stop() || left() <= 0.0 {
                    complete = false;
                    break;
                }
                let tp = Instant::now();
                let priced = person.price(&prices[p], left())?;
                if trace {
                    eprintln!(
                        "[turnus-solve dw]   staff {p}: {:.3} s, bound {:?}, best {:?}",
                        tp.elapsed().as_secs_f64(),
                        priced.bound,
                        priced.best.as_ref().map(|b| b.0)
                    );
                }
                match priced.bound {
                    Some(b) => lagrangian += b,
                    None => complete = false,
                }
                let Some((value, ones)) = priced.best else {
                    continue;
                };
                // The row's own cost, and its reduced cost at the master's duals.
                let at = |y: &[f64]| ones.iter().map(|&j| y[j as usize]).sum::<f64>();
                let cost = value - at(&prices[p]);
                if cost + at(&now[p]) - sigma[p] < -tol && person.add(&mut master, ones, cost)? {
                    added += 1;
                }
            }
            if complete && lagrangian > out.bound {
                out.bound = lagrangian;
                raise(lagrangian);
                best = Some((prices, g));
            } else if best.is_none() && complete {
                best = Some((prices, g));
            }
            if trace {
                eprintln!(
                    "[turnus-solve dw] round {}: master {value:.2}, priced at {alpha}: {} columns, Lagrangian {}",
                    out.iterations,
                    added,
                    if complete { format!("{lagrangian:.2}") } else { "incomplete".into() }
                );
            }
            if added > 0 || !complete {
                break;
            }
        }
        out.pricing_seconds += t.elapsed().as_secs_f64();
        out.columns += added;
        if added == 0 {
            out.converged = complete;
            out.stopped = if complete { "converged" } else { "time" };
            break;
        }
    }
    out.seconds = t0.elapsed().as_secs_f64();
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    use crate::{SolveOptions, Strategy};
    use proptest::prelude::*;
    use turnus_core::generate::{generate, GeneratorConfig};

    /// Runs the decomposition to convergence from `start`.
    fn converge(sc: &Scenario, start: &Rota) -> (Outcome, Vec<f64>) {
        let prep = Prep::new(sc).unwrap();
        let mut raised = Vec::new();
        let out = bound(
            sc,
            &prep,
            start,
            SolveOptions::default().position_step_pct,
            Instant::now() + Duration::from_secs(120),
            &|| false,
            &|_| true,
            &mut || None,
            &mut |b| raised.push(b),
            false,
        )
        .unwrap();
        (out, raised)
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() <= 1e-6 * a.abs().max(b.abs()).max(1.0)
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 16, .. ProptestConfig::default() })]

        /// On small generated units (the full AML/KS rules or daily rest alone, long shifts,
        /// people who want larger positions) the decomposition converges to a bound between the
        /// monolithic model's LP bound and the objective of the rota its MIP finds (the
        /// optimum, where it proves one), and each bound it reports beats the one before.
        #[test]
        fn the_bound_lies_between_the_lp_and_the_optimum(
            seed in 0u64..10_000,
            staff in 2usize..5,
            long_shifts: bool,
            full_rules: bool,
        ) {
            let sc = Scenario::new(generate(&GeneratorConfig {
                seed,
                staff,
                // Two weeks make some pricing MIPs take seconds (position sizes in steps
                // against a band of hours): one keeps the test short.
                weeks: 1,
                slot_minutes: 60,
                long_shifts,
                full_rules,
                want_larger: 0.5,
            }))
            .unwrap();
            let opts = SolveOptions {
                time_limit: 30.0,
                gap: 0.0,
                threads: 1,
                strategy: Strategy::Monolithic,
                ..SolveOptions::default()
            };
            let solved = crate::solve(&sc, &opts).unwrap();
            let Some(rota) = solved.rota.clone() else {
                return Ok(());
            };
            if turnus_core::validate(&sc, &rota).hard_violations > 0 {
                return Ok(());
            }
            let (out, raised) = converge(&sc, &rota);
            prop_assert!(out.converged, "{out:?}");
            // Converged within the pricing MIPs' gap, per person.
            let slack = PRICING_GAP * staff as f64 * out.master.abs().max(1.0);
            prop_assert!(out.bound <= out.master + 1e-6 && out.master - out.bound <= slack, "{out:?}");
            prop_assert!(raised.windows(2).all(|w| w[0] < w[1]), "{raised:?}");
            let (lp, _) = crate::lp_bound(&sc, &opts, "choose").unwrap();
            prop_assert!(out.bound >= lp - 1e-6 * lp.abs().max(1.0), "{} < LP {lp}", out.bound);
            let objective = solved.objective.unwrap();
            prop_assert!(
                out.bound <= objective + 1e-6 * objective.abs().max(1.0),
                "{out:?} above the rota's {objective}"
            );
            // The master's rows across people and the columns' own costs add up to the
            // validator's objective: with only the start's rows the master is that rota.
            let value = turnus_core::validate(&sc, &rota).objective;
            prop_assert!(close(out.first_master, value), "{} vs {value}", out.first_master);
        }
    }
}
