//! The construction's fast row heuristic: one person's row built greedily, without a MIP.
//!
//! The costs are those of the construction's sub-model ([`crate::model::Mode::linear_cover`]):
//! each free cell's objective coefficient (its marginal effect on the demand curve, presence,
//! qualification demand, requests) and each position size's. Cells are taken cheapest first
//! while they pay (negative cost) and break none of the person's own hard rules that more
//! work can only break further; then, while the row is short of a minimum (the position's
//! hours, the minimum total minutes), the cheapest cell that breaks nothing. The referee is
//! the validator's own per-person check ([`turnus_core::person_violations`]), so no rule is
//! re-implemented here.
//!
//! A row is returned only when it breaks none of the person's hard rules. Otherwise (a
//! minimum run of days or days off, which adding cells one by one rarely meets; hours no
//! combination of the cheap cells reaches) the caller falls back to the row sub-MIP.

use turnus_core::{person_violations, Rota, RuleId, Scenario, Violation};

use crate::model::{Built, X};

/// What one person's row may hold and what each choice costs.
pub(crate) struct RowCosts {
    /// `cell[d]`: the shifts the row may take on day `d` with their cost; empty where the
    /// day is not free (it keeps the incumbent's cell).
    pub cell: Vec<Vec<(usize, f64)>>,
    /// Position sizes to choose from, with their cost (empty: the size is given).
    pub sizes: Vec<(f64, f64)>,
}

impl RowCosts {
    /// The costs of person `p`'s free cells and sizes in `built` (a construction sub-model
    /// in which only `p` is free).
    pub(crate) fn of(built: &Built, p: usize) -> RowCosts {
        let costs = built.column_costs();
        let day_cost = |d: usize| built.work[p][d].map_or(0.0, |c| costs[c]);
        let cell = built.x[p]
            .iter()
            .enumerate()
            .map(|(d, cells)| {
                cells
                    .iter()
                    .enumerate()
                    .filter_map(|(s, x)| match x {
                        X::Var(_, c) => Some((s, costs[*c] + day_cost(d))),
                        _ => None,
                    })
                    .collect()
            })
            .collect();
        let sizes = built.z[p].iter().map(|z| (z.1, costs[z.0])).collect();
        RowCosts { cell, sizes }
    }
}

/// A hard breach that more work can mend or leave as it is, but that adding cells does not
/// make worse: the minimums (of runs, of hours) and "no fixed shift missed".
fn wants_more(v: &Violation) -> bool {
    match v.rule {
        RuleId::MinConsecutiveDays
        | RuleId::MinConsecutiveDaysOff
        | RuleId::MinTotalMinutes
        | RuleId::FixedAssignment => true,
        RuleId::PositionHours => v.measured < v.limit,
        _ => false,
    }
}

/// A hard breach that more hours mend: a minimum of hours not yet reached.
fn short_of_hours(v: &Violation) -> bool {
    v.hard
        && match v.rule {
            RuleId::MinTotalMinutes => true,
            RuleId::PositionHours => v.measured < v.limit,
            _ => false,
        }
}

/// Breaks a hard rule that adding work cannot mend.
fn blocked(vs: &[Violation]) -> bool {
    vs.iter().any(|v| v.hard && !wants_more(v))
}

/// Builds person `p`'s row in `inc` from `costs`: for each position size (cheapest first,
/// at most [`MAX_SIZES`]), the greedy row, and the cheapest of those that break none of
/// `p`'s hard rules, with its cost (cells and size). `None` when no size gives such a row.
/// Cells of equal cost are taken in day order for `tie` 0, else in an order drawn from `tie`
/// (many cells often cost the same, every uncovered night, say, and day order then sends
/// every row to the same early weeks).
pub(crate) fn row(
    sc: &Scenario,
    inc: &Rota,
    p: usize,
    costs: &RowCosts,
    tie: u64,
) -> Option<(Rota, f64)> {
    let mut sizes: Vec<(Option<f64>, f64)> =
        costs.sizes.iter().map(|&(v, c)| (Some(v), c)).collect();
    if sizes.is_empty() {
        sizes.push((None, 0.0));
    }
    sizes.sort_by(|a, b| a.1.total_cmp(&b.1));
    sizes.truncate(MAX_SIZES);
    let mut cells: Vec<(f64, usize, usize)> = costs
        .cell
        .iter()
        .enumerate()
        .flat_map(|(d, c)| c.iter().map(move |&(s, cost)| (cost, d, s)))
        .collect();
    let key = |d: usize, s: usize| {
        let k = ((d as u64) << 8) | s as u64;
        if tie == 0 {
            k
        } else {
            let mut x =
                (k ^ tie.wrapping_mul(0x9E37_79B9_7F4A_7C15)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            x ^= x >> 31;
            x.wrapping_mul(0x94D0_49BB_1331_11EB) ^ (x >> 29)
        }
    };
    cells.sort_by(|a, b| a.0.total_cmp(&b.0).then(key(a.1, a.2).cmp(&key(b.1, b.2))));
    let mut best: Option<(Rota, f64)> = None;
    for (size, size_cost) in sizes {
        let mut rota = inc.clone();
        if let Some(v) = size {
            rota.positions[p] = Some(v);
        }
        if let Some(cost) = fill(sc, &mut rota, p, costs, &cells) {
            let total = cost + size_cost;
            if best.as_ref().is_none_or(|b| total < b.1 - 1e-9) {
                best = Some((rota, total));
            }
        }
    }
    best
}

/// Position sizes tried per row.
const MAX_SIZES: usize = 6;

/// Fills `p`'s free days in `rota` (emptied first, fixed working days set): see [`row`].
/// Returns the cells' cost when the row breaks none of `p`'s hard rules.
fn fill(
    sc: &Scenario,
    rota: &mut Rota,
    p: usize,
    costs: &RowCosts,
    cells: &[(f64, usize, usize)],
) -> Option<f64> {
    let mut cost = 0.0;
    for (d, c) in costs.cell.iter().enumerate() {
        if c.is_empty() {
            continue;
        }
        rota.cells[p][d] = None;
        // A fixed working day (the only shift the day allows) is worked.
        if let Some(Some(s)) = sc.staff[p].fixed[d] {
            if let Some(&(_, x)) = c.iter().find(|e| e.0 == s) {
                rota.cells[p][d] = Some(s);
                cost += x;
            }
        }
    }
    if blocked(&person_violations(sc, rota, p)) {
        return None;
    }
    // Cells that pay, cheapest first.
    for &(x, d, s) in cells.iter().take_while(|c| c.0 < 0.0) {
        if rota.cells[p][d].is_some() {
            continue;
        }
        rota.cells[p][d] = Some(s);
        if blocked(&person_violations(sc, rota, p)) {
            rota.cells[p][d] = None;
        } else {
            cost += x;
        }
    }
    // Then, while short of hours, the cheapest cell that breaks nothing, in one scan: a cell
    // more work blocks stays blocked, so none needs a second look.
    let mut vs = person_violations(sc, rota, p);
    for &(x, d, s) in cells {
        if !vs.iter().any(short_of_hours) {
            break;
        }
        if rota.cells[p][d].is_some() {
            continue;
        }
        rota.cells[p][d] = Some(s);
        let after = person_violations(sc, rota, p);
        if blocked(&after) {
            rota.cells[p][d] = None;
        } else {
            cost += x;
            vs = after;
        }
    }
    // Then, while still short, the cheapest change that adds hours and breaks nothing: one
    // more cell; else a longer shift on a day worked; else a day worked moved to a longer
    // shift on a free day (a row a few hours short, where every further cell would overshoot
    // the position's hours).
    let paid = |s: usize| sc.shifts[s].paid;
    loop {
        let vs = person_violations(sc, rota, p);
        if !vs.iter().any(short_of_hours) {
            return (!vs.iter().any(|v| v.hard)).then_some(cost);
        }
        // Paid minutes the row may still gain before the position's hours overshoot.
        let room = match sc.rules().position_hours_tolerance {
            Some(tol) => vs
                .iter()
                .filter(|v| v.rule == RuleId::PositionHours)
                .map(|v| ((v.limit + tol.value - v.measured) * 60.0).floor() as i64)
                .min()
                .unwrap_or(i64::MAX),
            None => i64::MAX,
        };
        let fits = |net: i64| net > 0 && net <= room;
        let fitting =
            |moves: &[Move]| -> Vec<Move> { moves.iter().filter(|m| fits(m.2)).cloned().collect() };
        let adds: Vec<Move> = cells
            .iter()
            .filter(|c| rota.cells[p][c.1].is_none())
            .map(|&(x, d, s)| (x, vec![(d, Some(s))], paid(s)))
            .collect();
        if let Some(x) = first_fit(sc, rota, p, fitting(&adds)) {
            cost += x;
            continue;
        }
        // Each worked day's other choices: another shift or none.
        let mut swaps: Vec<Move> = Vec::new();
        for (d, c) in costs.cell.iter().enumerate() {
            let Some(s) = rota.cells[p][d] else { continue };
            let Some(&(_, now)) = c.iter().find(|e| e.0 == s) else {
                continue;
            };
            if sc.staff[p].fixed[d].is_some() {
                continue;
            }
            swaps.push((-now, vec![(d, None)], -paid(s)));
            swaps.extend(
                c.iter()
                    .filter(|e| e.0 != s)
                    .map(|&(s2, x)| (x - now, vec![(d, Some(s2))], paid(s2) - paid(s))),
            );
        }
        if let Some(x) = first_fit(sc, rota, p, fitting(&swaps)) {
            cost += x;
            continue;
        }
        // A swap that loses hours with one more cell elsewhere: the cheapest [`MAX_CHECKS`]
        // of them (on a long horizon there are many).
        let mut pairs: Vec<(f64, usize, usize)> = Vec::new();
        for (i, m) in swaps.iter().enumerate().filter(|(_, m)| m.2 < 0) {
            for (j, a) in adds.iter().enumerate() {
                if fits(m.2 + a.2) && a.1[0].0 != m.1[0].0 {
                    pairs.push((m.0 + a.0, i, j));
                }
            }
        }
        if pairs.len() > MAX_CHECKS {
            pairs.select_nth_unstable_by(MAX_CHECKS, |a, b| a.0.total_cmp(&b.0));
            pairs.truncate(MAX_CHECKS);
        }
        let pairs: Vec<Move> = pairs
            .into_iter()
            .map(|(x, i, j)| (x, vec![swaps[i].1[0], adds[j].1[0]], swaps[i].2 + adds[j].2))
            .collect();
        match first_fit(sc, rota, p, pairs) {
            Some(x) => cost += x,
            None => return None,
        }
    }
}

/// A change to a row: (cost, [(day, new cell)], paid minutes gained).
type Move = (f64, Vec<(usize, Option<usize>)>, i64);

/// Moves [`first_fit`] checks at most, per call: the cheapest.
const MAX_CHECKS: usize = 400;

/// Applies the cheapest of `moves` that leaves `p`'s row [`blocked`] by nothing, and returns
/// its cost; `None` (and `rota` as it was) when every move is blocked.
fn first_fit(sc: &Scenario, rota: &mut Rota, p: usize, mut moves: Vec<Move>) -> Option<f64> {
    moves.sort_by(|a, b| a.0.total_cmp(&b.0).then_with(|| a.1.cmp(&b.1)));
    for (x, changes, _) in moves.into_iter().take(MAX_CHECKS) {
        let old: Vec<Option<usize>> = changes.iter().map(|&(d, _)| rota.cells[p][d]).collect();
        for &(d, c) in &changes {
            rota.cells[p][d] = c;
        }
        if !blocked(&person_violations(sc, rota, p)) {
            return Some(x);
        }
        for (&(d, _), c) in changes.iter().zip(old) {
            rota.cells[p][d] = c;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::{row, RowCosts};
    use crate::model::{Builder, Elastic, Mode};
    use crate::prep::Prep;
    use crate::SolveOptions;
    use proptest::prelude::*;
    use turnus_core::generate::{generate, GeneratorConfig};
    use turnus_core::rules::Limit;
    use turnus_core::{person_violations, Rota, Scenario};

    /// Person `p`'s greedy row in `inc`, every other row fixed: (costs, result).
    fn greedy(
        sc: &Scenario,
        prep: &Prep,
        inc: &Rota,
        p: usize,
        tie: u64,
    ) -> (RowCosts, Option<(Rota, f64)>) {
        let mut free = vec![vec![false; sc.days()]; sc.staff.len()];
        free[p].iter_mut().for_each(|f| *f = true);
        let mode = Mode {
            elastic: Elastic::Shared,
            all_persons: false,
            relax: false,
            step_pct: SolveOptions::default().position_step_pct,
            through_day: None,
            symmetry: false,
            aggregate: false,
            linear_cover: true,
        };
        let built = Builder::build(sc, prep, inc, &free, mode);
        let costs = RowCosts::of(&built, p);
        let found = row(sc, inc, p, &costs, tie);
        (costs, found)
    }

    /// A greedy row breaks none of the person's hard rules, changes nothing but that row
    /// (and its size), and its cost is what its cells and size cost.
    fn check_row(sc: &Scenario, inc: &Rota, p: usize, costs: &RowCosts, got: &(Rota, f64)) {
        let (rota, cost) = got;
        let who = sc.staff[p].id();
        let hard: Vec<_> = person_violations(sc, rota, p)
            .into_iter()
            .filter(|v| v.hard)
            .map(|v| v.message)
            .collect();
        assert!(hard.is_empty(), "{who}: {hard:?}");
        for q in (0..sc.staff.len()).filter(|&q| q != p) {
            assert_eq!(rota.cells[q], inc.cells[q]);
            assert_eq!(rota.positions[q], inc.positions[q]);
        }
        let mut want = 0.0;
        for (d, cell) in rota.cells[p].iter().enumerate() {
            if let Some(s) = cell {
                if let Some(&(_, c)) = costs.cell[d].iter().find(|e| e.0 == *s) {
                    want += c;
                }
            }
        }
        if let Some(&(_, c)) = costs.sizes.iter().find(|z| Some(z.0) == rota.positions[p]) {
            want += c;
        }
        assert!(
            (cost - want).abs() <= 1e-6 * want.abs().max(1.0),
            "{who}: reported {cost}, cells and size cost {want}"
        );
    }

    /// On every fixture, each person's row rebuilt against everybody else's in the fixture's
    /// rota: the greedy finds a row for nearly everybody (a row a few hours short of the
    /// position, where every further shift would overshoot, needs its swaps), and every row it
    /// finds is sound.
    #[test]
    fn greedy_rows_keep_the_persons_rules_on_the_fixtures() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures");
        for name in ["small_unit", "nursing_home", "home_care"] {
            let read = |f: &str| std::fs::read_to_string(format!("{dir}/{name}/{f}")).unwrap();
            let sc = Scenario::from_json(&read("scenario.json")).unwrap();
            let inc = Rota::from_json(&sc, &read("rota.json")).unwrap();
            let prep = Prep::new(&sc).unwrap();
            let mut found = 0;
            for p in 0..sc.staff.len() {
                let (costs, got) = greedy(&sc, &prep, &inc, p, 0);
                if let Some(got) = got {
                    check_row(&sc, &inc, p, &costs, &got);
                    found += 1;
                }
            }
            assert!(
                found * 10 >= sc.staff.len() * 9,
                "{name}: the greedy built {found} of {} rows",
                sc.staff.len()
            );
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 24, .. ProptestConfig::default() })]

        /// On generated units with the AML/KS rules and minimum runs switched on and off, every
        /// row the greedy builds from an empty rota, one person after another, is sound.
        #[test]
        fn greedy_rows_keep_the_persons_rules(seed in 0u64..10_000, staff in 2usize..8, weeks in 1u32..5, bits in 0u32..16, tie in 0u64..3) {
            let mut spec = generate(&GeneratorConfig {
                seed,
                staff,
                weeks,
                slot_minutes: 60,
                long_shifts: bits & 1 != 0,
                full_rules: true,
                want_larger: 0.5,
            });
            spec.rules.min_consecutive_days = (bits & 2 != 0).then(|| Limit::hard(2));
            spec.rules.min_consecutive_days_off = (bits & 4 != 0).then(|| Limit::hard(2));
            if bits & 8 != 0 {
                spec.rules.position_hours_tolerance = Some(Limit::hard(1.0));
            }
            let sc = Scenario::new(spec).unwrap();
            let prep = Prep::new(&sc).unwrap();
            let mut inc = Rota::empty(&sc);
            for p in 0..sc.staff.len() {
                let (costs, got) = greedy(&sc, &prep, &inc, p, tie);
                if let Some(got) = got {
                    check_row(&sc, &inc, p, &costs, &got);
                    inc = got.0;
                }
            }
        }
    }
}
