//! Reduced-cost enumeration: raises column generation's bound where every rota's objective is
//! a whole number, by proving that no rota costs as little as the bound.
//!
//! At cover prices `pi` and cap duals `ys`, the Lagrangian bound `L` is the sum of each
//! person's cheapest path and the prices' constant terms, and every rota's objective is at
//! least `L` plus, over the people, how much more each one's row costs under those prices than
//! the person's cheapest path. So a rota that costs at most `T` has only rows within `T - L`
//! of their person's cheapest. Where those rows are few, [`crate::dp::rows`] lists them all, and a
//! MIP over them ([`recombine::solve`], one row per person, the cover rows' slacks at their
//! weights) finds the best rota among them: where it costs more than `T`, no rota costs `T` or
//! less, and the bound becomes `T + 1`; where it costs `T` or less, that rota is optimal.
//! Starting from `T` at the bound, this goes on while the rows stay few and time is left.
//!
//! It is exact only where the path keeps every hard rule it is not priced for (the caps'
//! prices: [`super::Pricing`]) and a row's cost by the path is its cost in the master: both
//! are tested on random units against every row the validator accepts.

use std::collections::HashMap;
use std::time::Instant;

use turnus_core::{Rota, Scenario};

use super::recombine::{self, Solved};
use super::{add_row, keeps_rules, price, solve_master, Master, Person, Pricing, Since, RC_TOL};
use crate::prep::Prep;

/// Rows the enumeration may list at most, over all people, for one target.
pub(super) const MAX_ROWS: usize = 100_000;

/// Master solves at most that bring column generation's bound to the master's value before
/// the rows are listed.
const CONVERGE_SOLVES: usize = 20;

/// What the enumeration did, for the trace.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct CloseStats {
    /// The bound before and after.
    pub from: f64,
    pub to: f64,
    /// The Lagrangian bound, unrounded, at the duals the rows were listed at.
    pub lagrange: f64,
    /// Per target tried: the rows listed, and the seconds its listing and MIP took.
    pub targets: Vec<(usize, f64)>,
    /// It found a rota at the bound: the bound is the optimum.
    pub optimal: bool,
    /// Why it ended.
    pub ended: &'static str,
    pub seconds: f64,
}

/// Raises the integral `bound` by one for each target it proves no rota reaches (see the
/// module's documentation), at the duals `(pi, ys)` (those of the best bound; with `converge`,
/// first brought to the master's value), until `deadline` or `stop()`; each higher bound goes
/// to `publish`. The rota at the bound, where it finds one (with the validator's objective),
/// what it did, and the duals it listed the rows at (for another run: the master's duals
/// after more columns may tie far more rows, Curtois 6: 51 628 against 22 276).
#[allow(clippy::too_many_arguments)]
pub(super) fn close(
    sc: &Scenario,
    prep: &Prep,
    people: &[Person],
    master: &mut Master,
    (pi, ys, converge): (&[f64], &[Vec<f64>], bool),
    (bound, deadline, stop, seed): (f64, Instant, &dyn Fn() -> bool, u64),
    publish: &mut dyn FnMut(f64),
) -> (Option<(Rota, f64)>, CloseStats, ListedAt) {
    let t0 = Instant::now();
    let mut stats = CloseStats {
        from: bound,
        to: bound,
        ..CloseStats::default()
    };
    let mut found = None;
    let mut used = None;
    stats.ended = 'run: {
        // The Lagrangian bound at these duals, unrounded.
        let Some((mut lagrange, _)) = price(sc, prep, people, pi, ys) else {
            break 'run "no row for someone";
        };
        let (mut pi, mut ys) = (pi.to_vec(), ys.to_vec());
        let mut scratch = Rota::empty(sc);
        // The dives left columns at 0: the master is column generation's again.
        for e in &master.entries {
            master
                .model
                .change_column_bounds(e.col, 0.0..=f64::INFINITY);
        }
        // Column generation stops once the master is within the rounding of the bound, and
        // these duals' bound may be up to 1 below the master's value: up to
        // [`CONVERGE_SOLVES`] more master solves, priced at its own duals, bring the bound to
        // the master's value (where no column prices out), so that fewer rows are in reach.
        for _ in 0..if converge { CONVERGE_SOLVES } else { 0 } {
            if stop() || Instant::now() >= deadline {
                break;
            }
            let Some((value, _, duals)) = solve_master(sc, people, master, Since::ColumnsAdded)
            else {
                break;
            };
            let Some((at, rows)) = price(sc, prep, people, &duals.pi, &duals.ys) else {
                break;
            };
            if at > lagrange {
                (lagrange, pi, ys) = (at, duals.pi.clone(), duals.ys.clone());
            }
            let tol = RC_TOL * value.abs().max(1.0);
            let mut added = false;
            for (p, row) in rows.into_iter().enumerate() {
                let column = people[p].column(prep, &row);
                if duals.reduced(p, &column) < -tol {
                    let valid = keeps_rules(sc, &mut scratch, p, &row);
                    added |= add_row(master, (p, row), &column, valid);
                }
            }
            if !added || value - lagrange <= tol {
                break;
            }
        }
        stats.lagrange = lagrange;
        used = Some((pi.clone(), ys.clone()));
        let (pi, ys) = (&pi[..], &ys[..]);
        let mut index: HashMap<(usize, Vec<Option<usize>>), usize> = master
            .entries
            .iter()
            .enumerate()
            .filter(|(_, e)| e.valid)
            .map(|(j, e)| ((e.person, e.row.clone()), j))
            .collect();
        let everyone: Vec<usize> = (0..people.len()).collect();
        loop {
            if stop() || Instant::now() >= deadline {
                break 'run "time";
            }
            let target = stats.to;
            let t_target = Instant::now();
            // Each person's valid rows within `target - lagrange` of their cheapest, the
            // cheapest first (master entries); where someone has none, no rota reaches the
            // target.
            let mut pool: Vec<Vec<usize>> = vec![Vec::new(); people.len()];
            let mut listed = 0;
            for (p, person) in people.iter().enumerate() {
                if stop() || Instant::now() >= deadline {
                    break 'run "time";
                }
                let q = Pricing::of(sc, (p, person), pi, &ys[p], None);
                // (A margin for rounding in the sums: more rows only make the MIP larger.)
                let margin = 1e-6 * target.abs().max(1.0);
                let within = (target - lagrange + margin, MAX_ROWS - listed);
                let Some(rows) = q.rows(sc, prep, (p, person), Some(within)) else {
                    break 'run "too many rows";
                };
                listed += rows.len();
                for (row, _) in rows {
                    let key = (p, row);
                    let j = match index.get(&key) {
                        Some(&j) => j,
                        None => {
                            if !keeps_rules(sc, &mut scratch, p, &key.1) {
                                continue;
                            }
                            let column = person.column(prep, &key.1);
                            add_row(master, (p, key.1.clone()), &column, true);
                            let j = master.entries.len() - 1;
                            index.insert(key, j);
                            j
                        }
                    };
                    pool[p].push(j);
                }
            }
            stats.targets.push((listed, 0.0));
            if pool.iter().all(|rows| !rows.is_empty()) {
                let mut start = Rota::empty(sc);
                for (p, rows) in pool.iter().enumerate() {
                    start.cells[p].clone_from(&master.entries[rows[0]].row);
                }
                let seconds = deadline
                    .saturating_duration_since(Instant::now())
                    .as_secs_f64();
                let Some(Solved {
                    rows,
                    objective,
                    optimal,
                    bound: floor,
                }) = recombine::solve(
                    sc,
                    prep,
                    people,
                    (master, &pool),
                    (&start, &everyone),
                    (seconds, stop, seed, Some(target + 0.5)),
                )
                else {
                    break 'run "the MIP gave nothing";
                };
                if let Some(last) = stats.targets.last_mut() {
                    last.1 = t_target.elapsed().as_secs_f64();
                }
                let tol = 1e-6 * target.abs().max(1.0);
                if optimal && objective <= target + tol {
                    start.cells = rows;
                    let value = turnus_core::validate(sc, &start).objective;
                    stats.optimal = value <= target + tol;
                    found = Some((start, value));
                    break 'run "a rota at the target";
                }
                // The best rota of these rows costs more than the target (each costs a whole
                // number, so at least one more); unproven, the MIP's bound must say so.
                if !optimal && floor <= target + tol {
                    break 'run "the MIP did not end";
                }
            }
            if let Some(last) = stats.targets.last_mut() {
                last.1 = t_target.elapsed().as_secs_f64();
            }
            stats.to = target + 1.0;
            publish(stats.to);
        }
    };
    stats.seconds = t0.elapsed().as_secs_f64();
    (found, stats, used)
}

/// The cover prices and cap duals a run listed its rows at, where it got that far.
pub(super) type ListedAt = Option<(Vec<f64>, Vec<Vec<f64>>)>;
