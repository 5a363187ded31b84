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
//! With a minimum run of days worked, runs of up to that many cells come as single moves,
//! and no move may fall further short of a minimum run (of days worked or off) than the row
//! was. Where the cost order leaves the row short of hours, it is built again with the hours
//! priced in, so that more cells pay and the runs pack closer ([`hour_prices`]).
//!
//! A row is returned only when it breaks none of the person's hard rules (else `None`: hours
//! no combination of the cheap cells reaches, runs scattered so that no further run fits).
//! The caller also asks the shortest path over runs ([`crate::dp`]) for a row with minimum
//! runs and keeps the cheaper; with neither, the row sub-MIP builds the row.

use turnus_core::{person_violations, Rota, RuleId, Scenario, Violation};

use crate::model::{Built, X};

/// What one person's row may hold and what each choice costs.
pub(crate) struct RowCosts {
    /// `cell[d]`: the shifts the row may take on day `d` with their cost; empty where the
    /// day is not free (it keeps the incumbent's cell).
    pub cell: Vec<Vec<(usize, f64)>>,
    /// Position sizes to choose from, with their cost (empty: the size is given).
    pub sizes: Vec<(f64, f64)>,
    /// Where set, the path's price on weekends over the limit first rises by this share of
    /// a typical cell per weekend over, the step doubling whenever a rise left the row no
    /// nearer the limit ([`RowCosts::favour_scarce_weekends`]); else by a tenth of a cell.
    pub weekend_step: Option<f64>,
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
        RowCosts {
            cell,
            sizes,
            weekend_step: None,
        }
    }

    /// Where person `p` may work at most so many weekends (a hard limit), makes the cells
    /// that pay (negative cost) on a weekend cheaper, by a share of their cost that rises with
    /// the weekend's rank by what it offers the person (the sum of what its paying cells pay):
    /// up to [`WEEKEND_FAVOUR`] on the weekend that offers most. The path's price on weekends
    /// over the limit then rises by one weekend's step of that favour per weekend over
    /// ([`RowCosts::weekend_step`]), so that it drops the weekends that offer least, one by
    /// one (the step doubles whenever a rise left the row no nearer the limit).
    ///
    /// A row's weekends are a resource the unit cannot get back: demand on a weekend can be
    /// met only by those with weekends left, demand on a weekday by anyone. Built one at a
    /// time against the rows before, a row sees every day short alike and, with weekday and
    /// weekend cells of equal cost, the path's price on weekends over the limit (a tenth of a
    /// cell per weekend over) drops them nearly all: on Curtois 24, where the weekends the
    /// staff may work (3 426) barely cover the weekends' demand (3 409 people-weekends), the
    /// first 50 rows worked 0-25 of their 26 weekends each, and after the construction 1 609
    /// of the 1 764 shifts short fell on weekends.
    pub(crate) fn favour_scarce_weekends(
        &mut self,
        sc: &Scenario,
        weekends: &[Vec<(usize, usize)>],
        p: usize,
    ) {
        let limit =
            crate::dp::hard_limit(sc.rules().max_weekends, sc.staff[p].limits().max_weekends);
        if limit.is_none() || weekends.is_empty() {
            return;
        }
        let pays = |d: usize, s: usize| {
            self.cell[d]
                .iter()
                .find(|&&(t, _)| t == s)
                .map_or(0.0, |&(_, c)| (-c).max(0.0))
        };
        let offer: Vec<f64> = weekends
            .iter()
            .map(|cells| cells.iter().map(|&(d, s)| pays(d, s)).sum())
            .collect();
        // Ranked by offer, the later weekend first among equals.
        let mut order: Vec<usize> = (0..weekends.len()).filter(|&w| offer[w] > 0.0).collect();
        order.sort_by(|&a, &b| offer[a].total_cmp(&offer[b]).then(a.cmp(&b)));
        let n = weekends.len() as f64;
        for (rank, &w) in order.iter().enumerate() {
            let favour = 1.0 + WEEKEND_FAVOUR * (rank + 1) as f64 / n;
            for &(d, s) in &weekends[w] {
                for (t, c) in self.cell[d].iter_mut() {
                    if *t == s && *c < 0.0 {
                        *c *= favour;
                    }
                }
            }
        }
        self.weekend_step = Some(WEEKEND_FAVOUR / n);
    }
}

/// The most a weekend cell's cost is lowered by in [`RowCosts::favour_scarce_weekends`], as a
/// share of its cost: enough to break the ties between cells of equal cost, too little to
/// outweigh a cell that pays more.
pub(crate) const WEEKEND_FAVOUR: f64 = 0.05;

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
    let paid = |s: usize| sc.shifts[s].paid;
    let mut moves: Vec<Move> = costs
        .cell
        .iter()
        .enumerate()
        .flat_map(|(d, c)| {
            c.iter()
                .map(move |&(s, cost)| (cost, vec![(d, Some(s))], paid(s)))
        })
        .collect();
    // With a minimum run of days worked, a lone cell breaks it: runs of that length come
    // as one move.
    let min_work = crate::prep::run_rules(sc, p).1.unwrap_or(1) as usize;
    moves.extend(blocks(sc, costs, min_work));
    let key = |m: &Move| {
        let (d, s) = (m.1[0].0, m.1[0].1.unwrap_or(0));
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
    // Hours priced at `lam` per paid minute: the order of the moves, and which pay.
    let order = |lam: f64| {
        let price = |m: &Move| m.0 - lam * m.2 as f64;
        let mut v = moves.clone();
        v.sort_by(|a, b| {
            price(a)
                .total_cmp(&price(b))
                .then(key(a).cmp(&key(b)))
                .then(a.1.len().cmp(&b.1.len()))
                .then_with(|| a.1.cmp(&b.1))
        });
        v
    };
    let runs = Runs::of(sc, p);
    let prices = hour_prices(sc, costs);
    let mut orders: Vec<(f64, Vec<Move>)> = vec![(0.0, order(0.0))];
    let mut best: Option<(Rota, f64)> = None;
    for (size, size_cost) in sizes {
        // Cells taken by their cost alone may leave a row short of its hours with no room
        // left (runs of work scattered so that no further run fits between them): then the
        // hours are priced in, so that more days pay and the runs pack closer.
        for (i, &lam) in std::iter::once(&0.0).chain(&prices).enumerate() {
            if orders.len() <= i {
                orders.push((lam, order(lam)));
            }
            let mut rota = inc.clone();
            if let Some(v) = size {
                rota.positions[p] = Some(v);
            }
            if let Some(cost) = fill(sc, &mut rota, p, costs, &orders[i], runs) {
                let total = cost + size_cost;
                if best.as_ref().is_none_or(|b| total < b.1 - 1e-9) {
                    best = Some((rota, total));
                }
                break;
            }
        }
    }
    best
}

/// The prices per paid minute at which, in turn, half, three quarters and all of the free
/// days have a shift that pays (its cost below the price times its paid minutes): the
/// [`row`]'s retries when the cost order leaves it short of hours. Only prices above 0.
fn hour_prices(sc: &Scenario, costs: &RowCosts) -> Vec<f64> {
    let mut ratios: Vec<f64> = costs
        .cell
        .iter()
        .filter_map(|c| {
            c.iter()
                .filter(|e| sc.shifts[e.0].paid > 0)
                .map(|e| e.1 / sc.shifts[e.0].paid as f64)
                .min_by(f64::total_cmp)
        })
        .collect();
    if ratios.is_empty() {
        return Vec::new();
    }
    ratios.sort_by(f64::total_cmp);
    let last = ratios.len() - 1;
    let mut out: Vec<f64> = Vec::new();
    for at in [last / 2, last * 3 / 4, last] {
        // Just above the ratio, so that the day at the quantile pays too.
        let lam = ratios[at] + ratios[at].abs() * 1e-6 + 1e-9;
        if lam > 0.0 && out.last().is_none_or(|&l| lam > l) {
            out.push(lam);
        }
    }
    out
}

/// Position sizes tried per row.
pub(crate) const MAX_SIZES: usize = 6;

/// Fills `p`'s free days in `rota` (emptied first, fixed working days set): see [`row`].
/// Returns the cells' cost when the row breaks none of `p`'s hard rules. `moves` are the
/// cells and runs of cells to take, cheapest first with each paid minute priced at `lam`
/// (those below 0 pay); `runs` says that `p` has a minimum run
/// of days worked or off, so that a move turned down may fit after later ones.
fn fill(
    sc: &Scenario,
    rota: &mut Rota,
    p: usize,
    costs: &RowCosts,
    (lam, moves): &(f64, Vec<Move>),
    runs: Runs,
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
    let mut vs = person_violations(sc, rota, p);
    if blocked(&vs) {
        return None;
    }
    // Moves that pay, cheapest first (with the hours priced at `lam`).
    for m in moves.iter().take_while(|m| m.0 - lam * (m.2 as f64) < 0.0) {
        if let Some(after) = try_add(sc, rota, p, m, &vs, runs) {
            cost += m.0;
            vs = after;
        }
    }
    // Then, while short of hours, the cheapest move that breaks nothing. Without minimum
    // runs one scan is enough: a cell more work blocks stays blocked. With them a move
    // turned down may fit next to one taken later: up to [`HOURS_SCANS`] scans.
    for _ in 0..if runs.any() { HOURS_SCANS } else { 1 } {
        let mut added = false;
        for m in moves {
            if !vs.iter().any(short_of_hours) {
                break;
            }
            if let Some(after) = try_add(sc, rota, p, m, &vs, runs) {
                cost += m.0;
                vs = after;
                added = true;
            }
        }
        if !added || !vs.iter().any(short_of_hours) {
            break;
        }
    }
    // Then, while still short, the cheapest change that adds hours and breaks nothing: one
    // more move; else a longer shift on a day worked; else a day worked moved to a longer
    // shift on a free day (a row a few hours short, where every further cell would overshoot
    // the position's hours).
    let paid = |s: usize| sc.shifts[s].paid;
    loop {
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
        let adds: Vec<Move> = moves
            .iter()
            .filter(|m| m.1.iter().all(|&(d, _)| rota.cells[p][d].is_none()))
            .cloned()
            .collect();
        if let Some((x, after)) = first_fit(sc, rota, p, fitting(&adds), &vs) {
            cost += x;
            vs = after;
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
        if let Some((x, after)) = first_fit(sc, rota, p, fitting(&swaps), &vs) {
            cost += x;
            vs = after;
            continue;
        }
        // A swap that loses hours with one more move elsewhere: the cheapest [`MAX_CHECKS`]
        // of them (on a long horizon there are many).
        let mut pairs: Vec<(f64, usize, usize)> = Vec::new();
        for (i, m) in swaps.iter().enumerate().filter(|(_, m)| m.2 < 0) {
            for (j, a) in adds.iter().enumerate() {
                let day = m.1[0].0;
                if fits(m.2 + a.2) && a.1.iter().all(|c| c.0 != day) {
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
            .map(|(x, i, j)| {
                let mut changes = swaps[i].1.clone();
                changes.extend_from_slice(&adds[j].1);
                (x, changes, swaps[i].2 + adds[j].2)
            })
            .collect();
        match first_fit(sc, rota, p, pairs, &vs) {
            Some((x, after)) => {
                cost += x;
                vs = after;
            }
            None => return None,
        }
    }
}

/// Scans of the moves while short of hours, for a person with a minimum run.
const HOURS_SCANS: usize = 3;

/// A change to a row: (cost, [(day, new cell)], paid minutes gained).
type Move = (f64, Vec<(usize, Option<usize>)>, i64);

/// Moves [`first_fit`] checks at most, per call: the cheapest.
const MAX_CHECKS: usize = 400;

/// A person's minimum runs (of days worked, of days off; 1 when not set) and whether the
/// horizon is dated (runs touching its ends are exempt; a cyclic horizon's runs wrap).
#[derive(Clone, Copy)]
struct Runs {
    work: usize,
    off: usize,
    dated: bool,
}

impl Runs {
    fn of(sc: &Scenario, p: usize) -> Runs {
        let (_, work, off) = crate::prep::run_rules(sc, p);
        Runs {
            work: work.unwrap_or(1) as usize,
            off: off.unwrap_or(1) as usize,
            dated: !sc.calendar.is_cyclic(),
        }
    }

    /// A minimum run longer than one day.
    fn any(self) -> bool {
        self.work > 1 || self.off > 1
    }

    /// False when adding the run of days `first ..= last` to `row` (those days empty) is
    /// sure to fall further short of a minimum run, with no check: on a dated horizon, a new
    /// run of work (next to none) shorter than the minimum, or a run of days off split so that a part
    /// between two runs of work is shorter than the minimum (neither touches an end of the
    /// horizon, so neither is exempt). Saves the validator's check of most single cells on
    /// a long row.
    fn may_fit(self, row: &[Option<usize>], first: usize, last: usize) -> bool {
        if !self.dated || !self.any() {
            return true;
        }
        let nd = row.len();
        let worked = |d: usize| row[d].is_some();
        // Days worked just before and after the new run, and the off days beyond them.
        let before = (0..first).rev().take_while(|&d| worked(d)).count();
        let after = (last + 1..nd).take_while(|&d| worked(d)).count();
        // A new run (an existing one shorter than the minimum may grow a day at a time).
        if before == 0 && after == 0 && last - first + 1 < self.work && first > 0 && last + 1 < nd {
            return false;
        }
        // The days off left on each side, between this run and the previous / next one.
        if self.off > 1 {
            if before == 0 && first > 0 {
                let gap = (0..first).rev().take_while(|&d| !worked(d)).count();
                if gap < first && gap < self.off {
                    return false;
                }
            }
            if after == 0 && last + 1 < nd {
                let gap = (last + 1..nd).take_while(|&d| !worked(d)).count();
                if last + 1 + gap < nd && gap < self.off {
                    return false;
                }
            }
        }
        true
    }
}

/// How far a row falls short of its minimum runs (of days worked, of days off): one per
/// breach and one per day missing. A move may not raise it: a row built a cell at a time
/// would otherwise leave lone days that only the sub-MIP can mend.
fn run_shortfall(vs: &[Violation]) -> f64 {
    vs.iter()
        .filter(|v| {
            v.hard
                && matches!(
                    v.rule,
                    RuleId::MinConsecutiveDays | RuleId::MinConsecutiveDaysOff
                )
        })
        .map(|v| 1.0 + (v.limit - v.measured).max(0.0))
        .sum()
}

/// The row after a change, judged against the row before (`before`, its violations): the
/// change may break no rule more work cannot mend and may not fall further short of a
/// minimum run.
fn acceptable(after: &[Violation], before: &[Violation]) -> bool {
    !blocked(after) && run_shortfall(after) <= run_shortfall(before) + 1e-9
}

/// Applies `m` (one cell or a run of days in a row) to `p`'s row when every day it sets is
/// empty, [`Runs::may_fit`] lets it, and the result is [`acceptable`]; returns the new
/// violations, or `None` with the row as it was.
fn try_add(
    sc: &Scenario,
    rota: &mut Rota,
    p: usize,
    m: &Move,
    before: &[Violation],
    runs: Runs,
) -> Option<Vec<Violation>> {
    if m.1.iter().any(|&(d, _)| rota.cells[p][d].is_some()) {
        return None;
    }
    let (first, last) = (m.1[0].0, m.1[m.1.len() - 1].0);
    if !runs.may_fit(&rota.cells[p], first, last) {
        return None;
    }
    apply(sc, rota, p, &m.1, before)
}

/// Sets `changes` in `p`'s row and keeps them when the result is [`acceptable`] against
/// `before`; returns the new violations, or `None` with the row as it was.
fn apply(
    sc: &Scenario,
    rota: &mut Rota,
    p: usize,
    changes: &[(usize, Option<usize>)],
    before: &[Violation],
) -> Option<Vec<Violation>> {
    let old: Vec<Option<usize>> = changes.iter().map(|&(d, _)| rota.cells[p][d]).collect();
    for &(d, c) in changes {
        rota.cells[p][d] = c;
    }
    let after = person_violations(sc, rota, p);
    if acceptable(&after, before) {
        return Some(after);
    }
    for (&(d, _), c) in changes.iter().zip(old) {
        rota.cells[p][d] = c;
    }
    None
}

/// Applies the cheapest of `moves` that leaves `p`'s row [`acceptable`] against `before`,
/// and returns its cost and the new violations; `None` (and `rota` as it was) when none
/// is.
fn first_fit(
    sc: &Scenario,
    rota: &mut Rota,
    p: usize,
    mut moves: Vec<Move>,
    before: &[Violation],
) -> Option<(f64, Vec<Violation>)> {
    moves.sort_by(|a, b| a.0.total_cmp(&b.0).then_with(|| a.1.cmp(&b.1)));
    moves
        .into_iter()
        .take(MAX_CHECKS)
        .find_map(|(x, changes, _)| apply(sc, rota, p, &changes, before).map(|v| (x, v)))
}

/// Runs of 2 to `min_work` free days in a row (none past the horizon's end) as single
/// moves: on each day its cheapest shift, and each of the first day's two cheapest shifts
/// on every day (a forbidden succession between the days' cheapest shifts would break the
/// first). Empty when `min_work` is 1.
fn blocks(sc: &Scenario, costs: &RowCosts, min_work: usize) -> Vec<Move> {
    let paid = |s: usize| sc.shifts[s].paid;
    let nd = costs.cell.len();
    let cheapest = |d: usize| {
        costs.cell[d]
            .iter()
            .copied()
            .min_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)))
    };
    let mut out = Vec::new();
    for len in 2..=min_work {
        for from in 0..nd.saturating_sub(len - 1) {
            let days = from..from + len;
            if days.clone().any(|d| costs.cell[d].is_empty()) {
                continue;
            }
            let mixed: Option<Vec<(usize, f64)>> = days.clone().map(cheapest).collect();
            let mut variants: Vec<Vec<(usize, f64)>> = mixed.into_iter().collect();
            let mut first: Vec<(usize, f64)> = costs.cell[from].clone();
            first.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
            for &(s, _) in first.iter().take(2) {
                let same: Option<Vec<(usize, f64)>> = days
                    .clone()
                    .map(|d| costs.cell[d].iter().copied().find(|e| e.0 == s))
                    .collect();
                if let Some(v) = same.filter(|v| !variants.contains(v)) {
                    variants.push(v);
                }
            }
            for v in variants {
                let cost = v.iter().map(|e| e.1).sum();
                let minutes = v.iter().map(|e| paid(e.0)).sum();
                let changes = days.clone().zip(&v).map(|(d, e)| (d, Some(e.0))).collect();
                out.push((cost, changes, minutes));
            }
        }
    }
    out
}

#[cfg(test)]
pub(crate) mod tests {
    use super::{row, RowCosts};
    use crate::model::{Builder, Elastic, Mode, Part};
    use crate::prep::Prep;
    use crate::SolveOptions;
    use proptest::prelude::*;
    use turnus_core::calendar::HorizonSpec;
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
            part: Part::Whole,
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

    /// `Runs::may_fit` refuses only what surely falls further short of a minimum run: a new
    /// lone run of work, or a gap of days off shorter than the minimum between two runs; runs
    /// touching an end of a dated horizon are exempt, and a cyclic horizon is left to the
    /// validator.
    #[test]
    fn runs_may_fit_refuses_only_sure_shortfalls() {
        use super::Runs;
        let runs = Runs {
            work: 2,
            off: 2,
            dated: true,
        };
        // Days 0..12: worked on 4 and 5.
        let mut row = vec![None; 12];
        row[4] = Some(0);
        row[5] = Some(0);
        assert!(!runs.may_fit(&row, 9, 9), "a new lone day");
        assert!(
            runs.may_fit(&row, 8, 9),
            "a new run of two, three days off before it"
        );
        assert!(runs.may_fit(&row, 6, 6), "a run grown by a day");
        assert!(
            !runs.may_fit(&row, 7, 8),
            "one day off left between two runs"
        );
        assert!(
            runs.may_fit(&row, 0, 0),
            "a lone day at the start is exempt"
        );
        assert!(
            runs.may_fit(&row, 11, 11),
            "a lone day at the end is exempt"
        );
        assert!(
            !runs.may_fit(&row, 1, 2),
            "one day off left between two runs"
        );
        let mut late = vec![None; 12];
        late[6] = Some(0);
        late[7] = Some(0);
        assert!(
            runs.may_fit(&late, 1, 2),
            "one day off at the horizon's start is exempt"
        );
        let cyclic = Runs {
            dated: false,
            ..runs
        };
        assert!(cyclic.may_fit(&row, 9, 9), "cyclic: left to the validator");
        let no_runs = Runs {
            work: 1,
            off: 1,
            dated: true,
        };
        assert!(no_runs.may_fit(&row, 9, 9));
    }

    /// Curtois & Qu 1-8 (minimum runs of days worked and off on every person): from an
    /// empty rota, one person after another, the greedy (three tie orders) and the shortest
    /// path over runs ([`crate::dp::row`]) each build a row, and every row either builds is
    /// sound; the cheaper is kept. Together they build at least 80 % of the rows, and the path
    /// alone at least half. Before runs came as single moves and the path was there, the greedy
    /// built none.
    #[test]
    fn rows_keep_minimum_runs_on_curtois() {
        for n in 1..=8 {
            let sc = curtois_scenario(n);
            let prep = Prep::new(&sc).unwrap();
            let mut inc = Rota::empty(&sc);
            let (mut found, mut by_path) = (0, 0);
            for p in 0..sc.staff.len() {
                let got = both(&sc, &prep, &inc, p, 0);
                by_path += usize::from(got.1);
                if let Some(got) = got.0 {
                    inc = got.0;
                    found += 1;
                }
            }
            let np = sc.staff.len();
            eprintln!("Curtois {n}: {found} of {np} rows built, {by_path} by the path");
            assert!(
                found * 5 >= np * 4,
                "Curtois {n}: {found} of {np} rows built"
            );
            assert!(
                by_path * 2 >= np,
                "Curtois {n}: the path built {by_path} of {np} rows"
            );
        }
    }

    /// Curtois 22 (a year, 50 people, 232-234 shifts of 8 h each, at most 26 weekends and
    /// 46 of most shifts): the path alone, with the hours counted in its states, builds
    /// nearly every row from an empty rota, each one sound (50 of 50). The path before
    /// (hours priced, other prices stepped up and down) found about half of them.
    #[test]
    fn path_counts_the_hours_on_curtois_22() {
        let sc = curtois_scenario(22);
        let prep = Prep::new(&sc).unwrap();
        let mut inc = Rota::empty(&sc);
        let mut found = 0;
        for p in 0..sc.staff.len() {
            let (costs, _) = greedy(&sc, &prep, &inc, p, 0);
            if let Some(got) = crate::dp::row(&sc, &prep, &inc, p, &costs, 0) {
                check_row(&sc, &inc, p, &costs, &got);
                inc = got.0;
                found += 1;
            }
        }
        let np = sc.staff.len();
        eprintln!("Curtois 22: the path built {found} of {np} rows");
        assert!(found * 10 >= np * 9, "the path built {found} of {np} rows");
    }

    /// Curtois 22 (at most 26 weekends each; weekday and weekend cells of an empty rota all
    /// equally short): with the weekend cells favoured ([`RowCosts::favour_scarce_weekends`]),
    /// the path still builds nearly every row, each sound; the first six rows work at least
    /// two thirds of the weekends they may, and all rows over twice as many weekends as
    /// without, where the price on weekends over the limit drops most of a row's weekends at
    /// once (measured: 121 of 156 against 13, and 652 against 212).
    #[test]
    fn favoured_weekends_are_worked_on_curtois_22() {
        let sc = curtois_scenario(22);
        let prep = Prep::new(&sc).unwrap();
        let np = sc.staff.len();
        let worked = |rota: &Rota, p: usize| {
            prep.weekends
                .iter()
                .filter(|cells| cells.iter().any(|&(d, s)| rota.cells[p][d] == Some(s)))
                .count()
        };
        let on_weekend =
            |d: usize, s: usize| prep.weekends.iter().any(|cells| cells.contains(&(d, s)));
        let mut total = [0usize; 2];
        let mut found = [0usize; 2];
        let mut first = [0usize; 2];
        let mut first_limit = 0;
        for (arm, favour) in [false, true].into_iter().enumerate() {
            let mut inc = Rota::empty(&sc);
            for p in 0..np {
                let limit = crate::dp::hard_limit(
                    sc.rules().max_weekends,
                    sc.staff[p].limits().max_weekends,
                )
                .expect("a hard limit of weekends") as usize;
                let (mut costs, _) = greedy(&sc, &prep, &inc, p, 0);
                if favour {
                    let before = costs.cell.clone();
                    costs.favour_scarce_weekends(&sc, &prep.weekends, p);
                    assert!(costs.weekend_step.is_some());
                    // Only paying cells on weekends change, and only to pay more.
                    for (d, (a, b)) in before.iter().zip(&costs.cell).enumerate() {
                        for (&(s, x), &(t, y)) in a.iter().zip(b) {
                            assert_eq!(s, t);
                            if x < 0.0 && on_weekend(d, s) {
                                assert!(y < x, "day {d} shift {s}: {x} -> {y}");
                            } else {
                                assert_eq!(x, y, "day {d} shift {s}");
                            }
                        }
                    }
                }
                let Some(got) = crate::dp::row(&sc, &prep, &inc, p, &costs, 0) else {
                    continue;
                };
                check_row(&sc, &inc, p, &costs, &got);
                let n = worked(&got.0, p);
                assert!(n <= limit);
                if p < 6 {
                    first[arm] += n;
                    first_limit += if favour { limit } else { 0 };
                }
                total[arm] += n;
                found[arm] += 1;
                inc = got.0;
            }
        }
        eprintln!(
            "Curtois 22: rows {found:?}, weekends worked {total:?}, by the first 6 {first:?} \
             (may {first_limit}), without and with the favour"
        );
        assert!(
            found[1] * 10 >= np * 9,
            "the path built {} of {np}",
            found[1]
        );
        assert!(total[1] > 2 * total[0], "{total:?}");
        assert!(
            first[1] * 3 >= first_limit * 2,
            "the first 6 rows work {} of {first_limit} weekends",
            first[1]
        );
    }

    /// Curtois & Qu instance `n`, from the benchmark directory.
    pub(crate) fn curtois_scenario(n: usize) -> Scenario {
        use turnus_instances::curtois;
        let path = curtois::instance_path(&curtois::default_dir(), n);
        let spec = curtois::read(&path).unwrap_or_else(|e| {
            panic!(
                "cannot read {} ({e}); set TURNUS_CURTOIS_DIR to the benchmark directory",
                path.display()
            )
        });
        Scenario::new(spec).unwrap()
    }

    /// Person `p`'s rows by the greedy (tie orders `tie`, `tie` + 1000, `tie` + 2000 until
    /// one is found) and by the path, each checked: the cheaper, and whether the path found
    /// a row.
    fn both(
        sc: &Scenario,
        prep: &Prep,
        inc: &Rota,
        p: usize,
        tie: u64,
    ) -> (Option<(Rota, f64)>, bool) {
        let (costs, mut got) = greedy(sc, prep, inc, p, tie);
        for k in 1..3 {
            if got.is_none() {
                got = row(sc, inc, p, &costs, tie + k * 1000);
            }
        }
        if let Some(g) = &got {
            check_row(sc, inc, p, &costs, g);
        }
        let path = crate::dp::row(sc, prep, inc, p, &costs, tie);
        if let Some(d) = &path {
            check_row(sc, inc, p, &costs, d);
        }
        let found = path.is_some();
        let best = match (got, path) {
            (Some(g), Some(d)) => Some(if d.1 < g.1 { d } else { g }),
            (g, d) => g.or(d),
        };
        (best, found)
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 24, .. ProptestConfig::default() })]

        /// On generated units with the AML/KS rules, minimum runs switched on and off, cyclic
        /// or dated, every row the greedy or the path over runs builds from an empty rota,
        /// one person after another, is sound.
        #[test]
        fn greedy_rows_keep_the_persons_rules(seed in 0u64..10_000, staff in 2usize..8, weeks in 1u32..5, bits in 0u32..64, tie in 0u64..3) {
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
            if bits & 16 != 0 {
                spec.horizon = HorizonSpec::Dated {
                    start: chrono::NaiveDate::from_ymd_opt(2027, 1, 4).unwrap(),
                    days: weeks * 7,
                    norwegian_holidays: false,
                    extra_holidays: Vec::new(),
                };
            }
            if bits & 32 != 0 {
                // A band of total minutes (the path counts the hours; not beside a position's
                // hours, which it leaves priced), 3-4 days of 8 h a week, a person in two
                // with a minimum only.
                for (i, st) in spec.staff.iter_mut().enumerate().filter(|(_, st)| !st.optional) {
                    st.limits.min_total_minutes = Some(weeks * 3 * 480);
                    st.limits.max_total_minutes = (i % 2 == 0).then_some(weeks * 4 * 480 + 240);
                }
            }
            let sc = Scenario::new(spec).unwrap();
            let prep = Prep::new(&sc).unwrap();
            let mut inc = Rota::empty(&sc);
            for p in 0..sc.staff.len() {
                if let (Some(got), _) = both(&sc, &prep, &inc, p, tie) {
                    inc = got.0;
                }
            }
        }
    }
}
