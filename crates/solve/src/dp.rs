//! One person's row by dynamic programming over runs of days, for rows with minimum runs.
//!
//! The greedy ([`crate::greedy`]) takes cells one (or one run) at a time. With minimum runs of
//! days worked and off and a narrow band of hours, as in every Curtois & Qu instance, that
//! leaves runs scattered so that the last hours fit nowhere. This module finds the cheapest
//! row under the run rules exactly: a shortest path over the days whose states are "off for
//! `k` days" and "at work for `k` days, the last on a shift of class `c`", with the forbidden
//! successions (and pairs of shifts without the daily rest between them) as missing arcs; a
//! class holds the shifts that those arcs and the weekend windows cannot tell apart. A hard band of total
//! minutes is kept exactly where the count is affordable: the paid time so far is part of the
//! state ([`Levels`]); in the bound's pricing ([`rows`]) so are the weekends and the
//! tightest shift-type maxima ([`Counts`]). The other rules across the whole horizon
//! (weekends, shifts of a type; the hours where they are not counted) are priced in by
//! Lagrange multipliers: a multiplier rises while its rule is broken (and, for prices beside a
//! count, otherwise stays), and every row the path gives is checked by the validator's
//! [`person_violations`]. The cheapest row that breaks none of the person's hard rules is
//! returned.
//!
//! The path knows the runs of a dated horizon (a run touching its first or last day is
//! exempt from the minimums, as in the validator); a cyclic horizon's runs wrap round, which
//! it does not model, so there it returns nothing and the greedy runs alone.

use turnus_core::{person_violations, Limit, Rota, RuleId, Scenario, Violation};

use crate::greedy::RowCosts;
use crate::prep::{run_rules, Prep};

/// Changes of one day [`Path::land`] checks at most.
const LAND_CHECKS: usize = 400;

/// A day off in [`Path::solve`]'s record of the shift worked.
const NO_SHIFT: u16 = u16::MAX;

/// Rounds of the prices of weekends and shift types per row and position size.
const OUTER: usize = 6;

/// Rounds of the prices where the hours are counted (one path per round: the prices of
/// weekends and shift types only rise, by small steps).
const OUTER_COUNTED: usize = 30;

/// Paths per round, the hours' price searched by bisection.
const INNER: usize = 10;

/// Person `p`'s cheapest row found in `inc` (every other row kept) under `costs`, with its
/// cost (cells and size): `None` on a cyclic horizon, without a minimum run, or when no path
/// kept every hard rule. `tie` draws a tiny perturbation of the costs that breaks ties
/// (many cells cost the same).
pub(crate) fn row(
    sc: &Scenario,
    prep: &Prep,
    inc: &Rota,
    p: usize,
    costs: &RowCosts,
    tie: u64,
) -> Option<(Rota, f64)> {
    if sc.calendar.is_cyclic() {
        return None;
    }
    let (max, min_work, min_off) = run_rules(sc, p);
    let (min_work, min_off) = (
        min_work.unwrap_or(1) as usize,
        min_off.unwrap_or(1) as usize,
    );
    if min_work <= 1 && min_off <= 1 {
        return None;
    }
    let max = max.filter(|l| l.weight.is_none()).map(|l| l.value as usize);
    let path = Path::new(sc, prep, inc, p, costs, (max, min_work, min_off), Some(tie));
    let mut sizes: Vec<(Option<f64>, f64)> =
        costs.sizes.iter().map(|&(v, c)| (Some(v), c)).collect();
    if sizes.is_empty() {
        sizes.push((None, 0.0));
    }
    sizes.sort_by(|a, b| a.1.total_cmp(&b.1));
    sizes.truncate(crate::greedy::MAX_SIZES);
    let mut best: Option<(Rota, f64)> = None;
    for (size, size_cost) in sizes {
        let mut rota = inc.clone();
        if let Some(v) = size {
            rota.positions[p] = Some(v);
        }
        if let Some((r, cost)) = path.steer(sc, rota, p) {
            let total = cost + size_cost;
            if best.as_ref().is_none_or(|b| total < b.1 - 1e-9) {
                best = Some((r, total));
            }
        }
    }
    best
}

/// [`rows`]' cheapest row alone (the path's value), for tests.
#[cfg(test)]
pub(crate) fn cheapest(
    sc: &Scenario,
    prep: &Prep,
    at: (&Rota, usize),
    costs: &RowCosts,
    runs: (Option<usize>, usize, usize),
    prices: (f64, f64),
    of_type: &[f64],
) -> Option<(Vec<Option<usize>>, f64)> {
    rows(sc, prep, at, costs, runs, prices, of_type, None)?.pop()
}

/// Arcs [`rows`] may store at most, over the whole horizon, where it lists rows.
const MAX_ARCS: usize = 4_000_000;

/// The pricing problem of the column-generation bound ([`crate::colgen`]): person `p`'s
/// cheapest row on a dated horizon under `costs` (a day without choices keeps `inc`'s cell,
/// at no cost: off in an empty rota, a fixed cell in a dive), keeping only the hard rules the path models (runs, forbidden successions, daily rest
/// between consecutive days, the band of total minutes where it is counted) and with no
/// tie-break, so that its cost is exact: no row that keeps every hard rule costs less. Each
/// weekend window touched costs `weekend`, each shift of type `s` costs `of_type[s]` (global
/// shift indices), each paid minute earns `hours`; where the hard maximum of weekends or the
/// band of total minutes is counted in the path's states ([`counting`]) its price is not
/// charged; likewise for the shift types whose hard maximum it counts. The row's cells (global
/// shift indices) and its cost under the prices; `None` on a cyclic horizon or when no row
/// exists.
///
/// With `within` `(extra, max_rows)`, instead every row of that path (the same problem)
/// whose cost is at most the cheapest's plus `extra`, with its cost, cheapest first: the rows
/// that can still be part of a rota within `extra` of the Lagrangian bound (reduced-cost
/// enumeration, `colgen::close`); `None` also where there are more than `max_rows` of them
/// or the path has more than [`MAX_ARCS`] arcs.
#[allow(clippy::too_many_arguments)]
pub(crate) fn rows(
    sc: &Scenario,
    prep: &Prep,
    (inc, p): (&Rota, usize),
    costs: &RowCosts,
    runs: (Option<usize>, usize, usize),
    (hours, weekend): (f64, f64),
    of_type: &[f64],
    within: Option<(f64, usize)>,
) -> Option<Vec<(Vec<Option<usize>>, f64)>> {
    if sc.calendar.is_cyclic() {
        return None;
    }
    let path = Path::new(sc, prep, inc, p, costs, runs, None);
    let price = Prices {
        hours: if path.levels.counted() { 0.0 } else { hours },
        weekend: if path.counts.weekends.is_some() {
            0.0
        } else {
            weekend
        },
        of_type: (path.shifts.iter().zip(&path.counts.of_shift))
            .map(|(&s, digit)| if digit.is_some() { 0.0 } else { of_type[s] })
            .collect(),
    };
    let mut rows = match within {
        None => vec![path.solve(&price)?],
        Some((extra, max_rows)) => path.within(&price, extra, max_rows)?,
    };
    rows.sort_by(|a, b| a.1.total_cmp(&b.1));
    Some(
        rows.into_iter()
            .map(|(cells, v)| (cells.iter().map(|c| c.map(|j| path.shifts[j])).collect(), v))
            .collect(),
    )
}

/// What [`rows`] keeps exactly in its states (within the caps on states), so that no
/// price of it is needed.
pub(crate) struct Counting {
    /// The hard maximum of weekends.
    pub weekends: bool,
    /// The band of total minutes.
    pub minutes: bool,
    /// The shift types (global indices) whose hard maximum is counted.
    pub types: Vec<usize>,
}

/// What [`rows`] counts for person `p` ([`Counting`]). Only the path's set-up, no solve.
pub(crate) fn counting(
    sc: &Scenario,
    prep: &Prep,
    p: usize,
    costs: &RowCosts,
    runs: (Option<usize>, usize, usize),
) -> Counting {
    let path = Path::new(sc, prep, &Rota::empty(sc), p, costs, runs, None);
    Counting {
        weekends: path.counts.weekends.is_some(),
        minutes: path.levels.counted(),
        types: path.counts.types,
    }
}

/// The value of a rule whose personal value overrides the unit's ([`Limit::personal`], as the
/// validator reads them), where it is hard.
pub(crate) fn hard_limit<T>(rule: Option<Limit<T>>, own: Option<T>) -> Option<T> {
    Limit::personal(rule, own)
        .filter(Limit::is_hard)
        .map(|l| l.value)
}

/// Person `p`'s hard maximum of weekends, where the path can count weekends exactly: every
/// weekend window's cells lie on at most two consecutive days, so that a weekend is entered
/// once however its days are worked (the path counts a cell unless the day before was worked
/// in the same window).
pub(crate) fn counted_weekends(sc: &Scenario, prep: &Prep, p: usize) -> Option<usize> {
    let exact = prep.weekends.iter().all(|cells| {
        let lo = cells.iter().map(|c| c.0).min().unwrap_or(0);
        let hi = cells.iter().map(|c| c.0).max().unwrap_or(0);
        hi <= lo + 1
    });
    let limit = hard_limit(sc.rules().max_weekends, sc.staff[p].limits().max_weekends)?;
    exact.then_some(limit as usize)
}

/// The shortest-path data of one row.
struct Path {
    /// The person's shifts (indices into the scenario's), local index `j`.
    shifts: Vec<usize>,
    /// Per day: the choices, (local shift or none, cost). A day that is not free has one
    /// choice, the incumbent's cell at no cost.
    options: Vec<Vec<(Option<usize>, f64)>>,
    /// Per local shift: its class, the shifts that the next day and the weekend windows
    /// cannot tell apart (the same shifts may follow each, and each day's cell of them
    /// overlaps the same weekend window). The path's states keep the class of the last shift
    /// worked, not the shift: Curtois 13's 18 shifts make 7 classes, 24's 32 make 8.
    class: Vec<usize>,
    /// `follows[c][j]`: local shift `j` may follow a shift of class `c` on the next day.
    follows: Vec<Vec<bool>>,
    /// Per day and local shift: the weekend window the cell overlaps.
    weekend: Vec<Vec<Option<usize>>>,
    /// Per day and class: the weekend window its cells overlap.
    class_weekend: Vec<Vec<Option<usize>>>,
    /// Per local shift: the classes it may follow, as an index into `preceding` (the distinct
    /// sets of them). Shifts of a day with the same predecessors and weekend window share one
    /// search for their best predecessor per run length ([`Path::solve`]).
    pred: Vec<usize>,
    preceding: Vec<Vec<bool>>,
    /// Paid minutes per local shift.
    paid: Vec<f64>,
    /// The longest run of work the path allows (a hard maximum), and whether run lengths
    /// are capped there by the rule (else only counted up to the minimum).
    runs: (usize, bool),
    min_work: usize,
    min_off: usize,
    /// The tie-breaking perturbation per day and local shift.
    noise: Vec<Vec<f64>>,
    /// A typical cost per paid minute: the multipliers' first step.
    scale: f64,
    /// A typical cost of a cell: `scale` times the mean paid minutes of a shift.
    cell: f64,
    /// The costs' [`RowCosts::weekend_step`].
    weekend_step: Option<f64>,
    /// The paid time counted exactly in the path's states, where the person has a band of
    /// total minutes (else one level, and the hours are priced).
    levels: Levels,
    /// The weekends and shifts of capped types counted in the path's states.
    counts: Counts,
}

/// The counts a path keeps in its states besides the paid time (only in the bound's pricing,
/// [`rows`]; elsewhere they are priced): the weekends worked and the shifts of some types
/// with a hard maximum. Each is a digit of one mixed-radix index; a digit is (limit, stride),
/// its radix the limit plus one.
struct Counts {
    /// The weekends' digit, where they are counted.
    weekends: Option<(usize, usize)>,
    /// The shift types counted (global indices).
    types: Vec<usize>,
    /// Per local shift: its type's digit, where counted.
    of_shift: Vec<Option<(usize, usize)>>,
    /// The number of indices: the product of the radices (1 where nothing is counted).
    size: usize,
}

impl Counts {
    /// Nothing counted, for a path of `n` local shifts.
    fn none(n: usize) -> Counts {
        Counts {
            weekends: None,
            types: Vec::new(),
            of_shift: vec![None; n],
            size: 1,
        }
    }

    /// Index `w` with `digit` one up, or `None` where that passes its limit.
    fn bump(w: usize, (limit, stride): (usize, usize)) -> Option<usize> {
        ((w / stride) % (limit + 1) < limit).then_some(w + stride)
    }

    /// Person `p`'s counts for a path of `shifts` (local to global) and day `options`, where
    /// `affordable` says whether a path of that many indices keeps within the caps on states:
    /// the weekends where [`counted_weekends`] allows (and the limit binds), then the shift
    /// types whose hard maximum is below the days they may be worked, tightest first, while
    /// their digits multiply the states by at most [`MAX_TYPE_FACTOR`] and the states stay
    /// affordable. The rest go to the prices (in column generation: to the
    /// master's caps).
    fn of_person(
        sc: &Scenario,
        prep: &Prep,
        p: usize,
        shifts: &[usize],
        options: &[Vec<(Option<usize>, f64)>],
        affordable: impl Fn(usize) -> bool,
    ) -> Counts {
        let mut counts = Counts::none(shifts.len());
        if let Some(l) =
            counted_weekends(sc, prep, p).filter(|&l| l < prep.weekends.len() && affordable(l + 1))
        {
            counts.weekends = Some((l, 1));
            counts.size = l + 1;
        }
        let mut capped: Vec<(usize, usize)> = (0..shifts.len())
            .filter_map(|j| {
                let l = sc.staff[p].max_shifts[shifts[j]]? as usize;
                let days = options
                    .iter()
                    .filter(|o| o.iter().any(|c| c.0 == Some(j)))
                    .count();
                (l < days).then_some((l, j))
            })
            .collect();
        capped.sort_unstable();
        let mut factor = 1usize;
        for (l, j) in capped {
            factor = factor.saturating_mul(l + 1);
            let size = counts.size.saturating_mul(l + 1);
            if factor > MAX_TYPE_FACTOR || !affordable(size) {
                break;
            }
            counts.of_shift[j] = Some((l, counts.size));
            counts.types.push(shifts[j]);
            counts.size = size;
        }
        counts
    }
}

/// The paid time a path has worked so far, counted in levels of `unit` minutes: the band of
/// total minutes (`MinTotalMinutes`, `MaxTotalMinutes`) is then kept exactly instead of by a
/// price. On a narrow band (Curtois 22: 232-234 shifts of 8 h in a year) the price alone
/// jumps across it, a row working nothing at one price and too much at the next; with weekend
/// and shift-type prices moving too it mostly found no valid row.
struct Levels {
    /// Levels per local shift (0 for all when the count is off).
    units: Vec<usize>,
    /// The highest level counted: the maximum, or `lo` where there is none.
    top: usize,
    /// No maximum: counts stop at `top` (= `lo`) instead of leaving the band.
    saturate: bool,
    /// Per day `d` in `0..=nd`: the levels a path may have before day `d` and still end
    /// within the band (at most what the days before can hold, at least `lo` less what the
    /// days from `d` on can hold).
    win: Vec<(usize, usize)>,
}

/// Most states a counted path may keep over the horizon (levels × states × days: its back
/// pointers, 4 bytes each), and most work (those times the person's shifts, the arcs into
/// each state); beyond either the hours are priced instead. Curtois 22 keeps about
/// 365 days × 30 levels × 102 states, 1.1 million, and 10 shifts make 11 million of work.
const MAX_LEVEL_STATES: usize = 4_000_000;
const MAX_LEVEL_WORK: usize = 40_000_000;

/// The most the digits of shift types may multiply a path's states by ([`Counts`]). Counting
/// the tightest maximum of each person raised the bound of Curtois 9 from 182 to 406 and of 8
/// from 1 294 to 1 297 (best known 1 300); counting every maximum the caps on states allow
/// gave the same bounds on 5-11 and took four times as long on 8 (benches/RESULTS.md, session
/// 23).
const MAX_TYPE_FACTOR: usize = 16;

/// Whether a counted path of `cells` states over the horizon, `shifts` arcs into each, keeps
/// within [`MAX_LEVEL_STATES`] and [`MAX_LEVEL_WORK`].
fn affordable(cells: usize, shifts: usize) -> bool {
    cells <= MAX_LEVEL_STATES && cells.saturating_mul(shifts) <= MAX_LEVEL_WORK
}

impl Levels {
    /// One level: nothing counted.
    fn none(nd: usize, n: usize) -> Levels {
        Levels {
            units: vec![0; n],
            top: 0,
            saturate: true,
            win: vec![(0, 0); nd + 1],
        }
    }

    fn counted(&self) -> bool {
        self.top > 0
    }

    /// The levels of person `p`'s band of total minutes, where it is hard and not tied to a
    /// position (`PositionHours` depends on the size chosen): `None` where there is no band,
    /// or the count would take more than [`MAX_LEVEL_STATES`] or [`MAX_LEVEL_WORK`].
    fn of_band(
        sc: &Scenario,
        p: usize,
        paid: &[f64],
        options: &[Vec<(Option<usize>, f64)>],
        (max_run, capped): (usize, bool),
        min_off: usize,
        states: usize,
    ) -> Option<Levels> {
        let lim = sc.staff[p].limits();
        if sc.rules().position_hours_tolerance.is_some()
            || (lim.min_total_minutes.is_none() && lim.max_total_minutes.is_none())
        {
            return None;
        }
        let minutes: Vec<u64> = paid.iter().map(|&m| m.max(0.0) as u64).collect();
        let unit = minutes
            .iter()
            .filter(|&&m| m > 0)
            .fold(0, |g, &m| gcd(g, m));
        if unit == 0 {
            return None;
        }
        let lo = lim
            .min_total_minutes
            .map_or(0, |m| u64::from(m).div_ceil(unit) as usize);
        let hi = lim
            .max_total_minutes
            .map(|m| (u64::from(m) / unit) as usize);
        if hi.is_some_and(|h| h < lo) {
            return None;
        }
        let top = hi.unwrap_or(lo);
        if top == 0 {
            return None;
        }
        let units: Vec<usize> = minutes.iter().map(|&m| (m / unit) as usize).collect();
        // Most levels in `m` days: each day's largest shift, and where the longest run is a
        // hard rule, `max_run` days worked then `min_off` off.
        let most_unit = units.iter().copied().max().unwrap_or(0);
        let by_runs = |m: usize| {
            if !capped {
                return usize::MAX;
            }
            let period = max_run + min_off.max(1);
            (m / period * max_run + (m % period).min(max_run)).saturating_mul(most_unit)
        };
        let day_most: Vec<usize> = options
            .iter()
            .map(|o| {
                o.iter()
                    .map(|c| c.0.map_or(0, |j| units[j]))
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let nd = options.len();
        let mut after = vec![0usize; nd + 1];
        for d in (0..nd).rev() {
            after[d] = after[d + 1] + day_most[d];
        }
        let mut before = 0usize;
        let mut win = Vec::with_capacity(nd + 1);
        let mut cells = 0usize;
        for d in 0..=nd {
            if d > 0 {
                before += day_most[d - 1];
            }
            let most_after = after[d].min(by_runs(nd - d));
            let most_before = before.min(by_runs(d));
            let w = (lo.saturating_sub(most_after), top.min(most_before));
            cells = cells.saturating_add((w.1 + 1).saturating_sub(w.0).saturating_mul(states));
            win.push(w);
        }
        affordable(cells, paid.len()).then_some(Levels {
            units,
            top,
            saturate: hi.is_none(),
            win,
        })
    }
}

/// The classes of local shifts that `ok` (`ok[i][j]`: `j` may follow `i`) and `weekend` (per
/// day and shift: the window the cell overlaps) cannot tell apart: each shift's class, and per
/// class the shifts that may follow it and its window per day.
#[allow(clippy::type_complexity)]
fn classes(
    ok: &[Vec<bool>],
    weekend: &[Vec<Option<usize>>],
) -> (Vec<usize>, Vec<Vec<bool>>, Vec<Vec<Option<usize>>>) {
    let n = ok.len();
    let column = |i: usize| weekend.iter().map(move |w| w[i]);
    let mut first: Vec<usize> = Vec::new();
    let class: Vec<usize> = (0..n)
        .map(|i| {
            let same = |&r: &usize| ok[r] == ok[i] && column(r).eq(column(i));
            first.iter().position(same).unwrap_or_else(|| {
                first.push(i);
                first.len() - 1
            })
        })
        .collect();
    let follows = first.iter().map(|&r| ok[r].clone()).collect();
    let class_weekend = weekend
        .iter()
        .map(|w| first.iter().map(|&r| w[r]).collect())
        .collect();
    (class, follows, class_weekend)
}

fn gcd(a: u64, b: u64) -> u64 {
    if b == 0 {
        a
    } else {
        gcd(b, a % b)
    }
}

impl Path {
    fn new(
        sc: &Scenario,
        prep: &Prep,
        inc: &Rota,
        p: usize,
        costs: &RowCosts,
        (max, min_work, min_off): (Option<usize>, usize, usize),
        tie: Option<u64>,
    ) -> Path {
        // Without a tie-break (the bound's pricing, [`rows`]) the path keeps only the
        // hard rules, and its cost is exact.
        let strict = tie.is_none();
        let mut shifts: Vec<usize> = costs
            .cell
            .iter()
            .flat_map(|c| c.iter().map(|e| e.0))
            .chain(inc.cells[p].iter().flatten().copied())
            .collect();
        shifts.sort_unstable();
        shifts.dedup();
        let local = |s: usize| shifts.binary_search(&s).ok();
        let options: Vec<Vec<(Option<usize>, f64)>> = costs
            .cell
            .iter()
            .enumerate()
            .map(|(d, c)| {
                if c.is_empty() {
                    return vec![(inc.cells[p][d].and_then(local), 0.0)];
                }
                if let Some(Some(s)) = sc.staff[p].fixed[d] {
                    return match c.iter().find(|e| e.0 == s) {
                        Some(&(s, x)) => vec![(local(s), x)],
                        None => vec![(None, 0.0)],
                    };
                }
                std::iter::once((None, 0.0))
                    .chain(c.iter().map(|&(s, x)| (local(s), x)))
                    .collect()
            })
            .collect();
        let n = shifts.len();
        let mut ok = vec![vec![true; n]; n];
        let rules = sc.rules();
        if !strict || rules.forbidden_successions_weight.is_none() {
            for &(a, b) in &sc.forbidden {
                if let (Some(i), Some(j)) = (local(a), local(b)) {
                    ok[i][j] = false;
                }
            }
        }
        let rest_hard = rules
            .daily_rest_hours
            .as_ref()
            .is_some_and(|r| r.weight.is_none());
        for (a, dist, _, bs) in &prep.rest_groups {
            if *dist != 1 || (strict && !rest_hard) {
                continue;
            }
            for &b in bs {
                if let (Some(i), Some(j)) = (local(*a), local(b)) {
                    ok[i][j] = false;
                }
            }
        }
        let nd = sc.days();
        let mut weekend = vec![vec![None; n]; nd];
        for (w, cells) in prep.weekends.iter().enumerate() {
            for &(d, s) in cells {
                if let Some(j) = local(s) {
                    weekend[d][j] = Some(w);
                }
            }
        }
        let (class, follows, class_weekend) = classes(&ok, &weekend);
        let mut preceding: Vec<Vec<bool>> = Vec::new();
        let pred: Vec<usize> = (0..n)
            .map(|j| {
                let set: Vec<bool> = follows.iter().map(|f| f[j]).collect();
                preceding.iter().position(|x| *x == set).unwrap_or_else(|| {
                    preceding.push(set);
                    preceding.len() - 1
                })
            })
            .collect();
        let paid: Vec<f64> = shifts.iter().map(|&s| sc.shifts[s].paid as f64).collect();
        let noise = (0..nd)
            .map(|d| {
                (0..n)
                    .map(|j| tie.map_or(0.0, |t| unit_noise(d, j, t)))
                    .collect()
            })
            .collect();
        let mut per_minute: Vec<f64> = costs
            .cell
            .iter()
            .flatten()
            .filter(|e| sc.shifts[e.0].paid > 0)
            .map(|e| e.1.abs() / sc.shifts[e.0].paid as f64)
            .collect();
        per_minute.sort_by(f64::total_cmp);
        let scale = per_minute
            .get(per_minute.len() / 2)
            .copied()
            .filter(|&x| x > 1e-9)
            .unwrap_or(1e-3);
        let runs = match max {
            Some(m) => (m.max(1), true),
            None => (min_work.max(1), false),
        };
        let cell = scale * paid.iter().sum::<f64>() / paid.len().max(1) as f64;
        let states = min_off.max(1) + runs.0 * follows.len() * 2;
        let levels = Levels::of_band(sc, p, &paid, &options, runs, min_off, states)
            .unwrap_or_else(|| Levels::none(nd, n));
        let counts = if strict {
            let cells: usize = levels
                .win
                .iter()
                .map(|w| (w.1 + 1).saturating_sub(w.0) * states)
                .sum();
            Counts::of_person(sc, prep, p, &shifts, &options, |size| {
                affordable(cells.saturating_mul(size), n)
            })
        } else {
            Counts::none(n)
        };
        Path {
            shifts,
            options,
            class,
            follows,
            weekend,
            class_weekend,
            pred,
            preceding,
            paid,
            runs,
            min_work,
            min_off,
            noise,
            scale,
            cell,
            weekend_step: costs.weekend_step,
            levels,
            counts,
        }
    }

    /// The multipliers' loop: paths under rising and falling prices of hours, weekends and
    /// shifts of each type, each checked by the validator; the cheapest valid row and its
    /// cost (cells only).
    fn steer(&self, sc: &Scenario, mut rota: Rota, p: usize) -> Option<(Rota, f64)> {
        let n = self.shifts.len();
        let max_of_type: Vec<Option<u32>> = self
            .shifts
            .iter()
            .map(|&s| sc.staff[p].max_shifts[s])
            .collect();
        let weekend_limit = sc.staff[p].limits().max_weekends.or(sc
            .rules()
            .max_weekends
            .filter(|l| l.weight.is_none())
            .map(|l| l.value));
        // Multipliers: hours (per paid minute; above 0 asks for more work), searched by
        // bisection; weekends and each shift type, by steps.
        let mut hours = Multiplier::new(0.5 * self.scale, true);
        let steerable = |r: RuleId| {
            matches!(
                r,
                RuleId::MinTotalMinutes
                    | RuleId::MaxTotalMinutes
                    | RuleId::PositionHours
                    | RuleId::MaxWeekends
                    | RuleId::MaxShiftsOfType
            )
        };
        let mut weekends = Stepped::new(
            self.weekend_step
                .map_or(100.0 * self.scale, |f| f * self.cell),
        );
        let mut types: Vec<Stepped> = (0..n).map(|_| Stepped::new(100.0 * self.scale)).collect();
        let mut best: Option<(Vec<Option<usize>>, f64)> = None;
        // The last rows short of hours and over them with nothing else broken: the two sides
        // of a price where the path jumps across the band of hours (see `splice`).
        let (mut last_short, mut last_over) = (None, None);
        let counted = self.levels.counted();
        let rounds = if counted { OUTER_COUNTED } else { OUTER };
        'outer: for _ in 0..rounds {
            // The hours' price by bisection, the other prices fixed; then the others move by
            // what the last row breaks.
            hours.reset();
            let mut cells = Vec::new();
            for _ in 0..INNER {
                let price = Prices {
                    hours: hours.value,
                    weekend: weekends.value,
                    of_type: types.iter().map(|t| t.value).collect(),
                };
                cells = self.solve(&price)?.0;
                let (cost, hard) = self.check(sc, &mut rota, p, &cells);
                if hard.iter().any(|v| !steerable(v.rule)) {
                    // A rule the path does not price (weekly rest, nights in a row): no
                    // price mends it.
                    break 'outer;
                }
                if hard.is_empty() && best.as_ref().is_none_or(|b| cost < b.1 - 1e-9) {
                    best = Some((rota.cells[p].clone(), cost));
                }
                let short = hard.iter().any(|v| match v.rule {
                    RuleId::MinTotalMinutes => true,
                    RuleId::PositionHours => v.measured < v.limit,
                    _ => false,
                });
                let over = hard.iter().any(|v| match v.rule {
                    RuleId::MaxTotalMinutes => true,
                    RuleId::PositionHours => v.measured > v.limit,
                    _ => false,
                });
                if hard.len() == 1 && (short || over) {
                    let side = if short {
                        &mut last_short
                    } else {
                        &mut last_over
                    };
                    *side = Some(rota.cells[p].clone());
                }
                if counted {
                    // The band is kept by the count: the hours' price stays at 0.
                    break;
                } else if short {
                    hours.push(true);
                } else if over {
                    hours.push(false);
                } else {
                    break;
                }
                if hours.settled() {
                    break;
                }
            }
            // Weekends and shift types: up while over the limit, down while below it and
            // priced (a price where the rule has slack only distorts the costs).
            // With the hours counted, the prices only rise, each by a tenth of a typical cell
            // per unit its rule is over the limit: shift types that stand in for each other
            // (a1, a2, a3) otherwise pass the excess back and forth while the halved steps of
            // `Stepped::steer` die away (Curtois 22: about half the rows found that way in an
            // intermediate build, 50 of 50 with rising prices, `path_counts_the_hours_on_curtois_22`).
            let step = self.cell / 10.0;
            let mut moved = false;
            if let Some(limit) = weekend_limit {
                let mut worked: Vec<usize> = cells
                    .iter()
                    .enumerate()
                    .filter_map(|(d, c)| c.and_then(|j| self.weekend[d][j]))
                    .collect();
                worked.dedup();
                // With weekends favoured by rank, the price rises from one weekend's step of
                // the favour per weekend over, in either mode, so that it drops them one by
                // one, and the step doubles when a rise did not bring the row nearer the limit
                // (the prices of shift types push work onto weekends too: at one step
                // throughout, 29 of 50 rows of Curtois 22 ended over the limit; doubling at
                // every rise dropped too many on Curtois 24).
                moved |= if self.weekend_step.is_some() {
                    weekends.rise_doubling(worked.len() as f64 - f64::from(limit))
                } else if counted {
                    weekends.rise(worked.len() as f64 - f64::from(limit), step)
                } else {
                    weekends.steer(worked.len().cmp(&(limit as usize)))
                };
            }
            for (j, t) in types.iter_mut().enumerate() {
                if let Some(limit) = max_of_type[j] {
                    let count = cells.iter().filter(|c| **c == Some(j)).count();
                    moved |= if counted {
                        t.rise(count as f64 - f64::from(limit), step)
                    } else {
                        t.steer(count.cmp(&(limit as usize)))
                    };
                }
            }
            if !moved {
                break;
            }
        }
        // Where no price gave a valid row: the rows just short of and just over the band of
        // hours, landed in it by one change of a day, or spliced together.
        for side in [&last_over, &last_short].into_iter().flatten() {
            if best.is_none() {
                best = self.land(sc, &mut rota, p, side);
            }
        }
        if best.is_none() {
            if let (Some(a), Some(b)) = (&last_short, &last_over) {
                best = self.splice(sc, &mut rota, p, a, b);
            }
        }
        let (cells, cost) = best?;
        rota.cells[p] = cells;
        Some((rota, cost))
    }

    /// Sets `p`'s row in `rota` to `cells` (local shifts): its cost and the hard rules of
    /// `p`'s it breaks.
    fn check(
        &self,
        sc: &Scenario,
        rota: &mut Rota,
        p: usize,
        cells: &[Option<usize>],
    ) -> (f64, Vec<Violation>) {
        let mut cost = 0.0;
        for (d, c) in cells.iter().enumerate() {
            rota.cells[p][d] = c.map(|j| self.shifts[j]);
            cost += self.options[d]
                .iter()
                .find(|o| o.0 == *c)
                .map_or(0.0, |o| o.1);
        }
        let hard = person_violations(sc, rota, p)
            .into_iter()
            .filter(|v| v.hard)
            .collect();
        (cost, hard)
    }

    /// The cost of `cells` as a row.
    fn cost_of(&self, cells: &[Option<usize>]) -> f64 {
        cells
            .iter()
            .enumerate()
            .map(|(d, &c)| {
                let local = c.and_then(|s| self.shifts.binary_search(&s).ok());
                self.options[d]
                    .iter()
                    .find(|o| o.0 == local)
                    .map_or(0.0, |o| o.1)
            })
            .sum()
    }

    /// A row that breaks only a band of hours (short or over), moved into it by changing
    /// one day: another shift, or none, or a shift on a day off, among the changes that move
    /// the paid minutes the right way by enough, cheapest first ([`LAND_CHECKS`] at most,
    /// each checked by the validator). The row and its cost.
    fn land(
        &self,
        sc: &Scenario,
        rota: &mut Rota,
        p: usize,
        cells: &[Option<usize>],
    ) -> Option<(Vec<Option<usize>>, f64)> {
        rota.cells[p].clone_from(&cells.to_vec());
        let need: f64 = person_violations(sc, rota, p)
            .iter()
            .filter(|v| v.hard)
            .map(|v| match v.rule {
                RuleId::MinTotalMinutes | RuleId::MaxTotalMinutes => v.limit - v.measured,
                RuleId::PositionHours => (v.limit - v.measured) * 60.0,
                _ => 0.0,
            })
            .sum();
        if need == 0.0 {
            return None;
        }
        let paid = |c: Option<usize>| c.map_or(0.0, |j| self.paid[j]);
        let mut changes: Vec<(f64, usize, Option<usize>)> = Vec::new();
        for (d, opts) in self.options.iter().enumerate() {
            let now = cells[d].and_then(|s| self.shifts.binary_search(&s).ok());
            let Some(&(_, x_now)) = opts.iter().find(|o| o.0 == now) else {
                continue;
            };
            for &(c, x) in opts {
                let gain = paid(c) - paid(now);
                if c != now && gain * need.signum() >= need.abs() - 1e-9 {
                    changes.push((x - x_now, d, c.map(|j| self.shifts[j])));
                }
            }
        }
        changes.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        let base = self.cost_of(cells);
        for &(dx, d, c) in changes.iter().take(LAND_CHECKS) {
            rota.cells[p][d] = c;
            if person_violations(sc, rota, p).iter().all(|v| !v.hard) {
                return Some((rota.cells[p].clone(), base + dx));
            }
            rota.cells[p][d] = cells[d];
        }
        None
    }

    /// Where the path jumps across the band of hours (at one price a row a shift short, at
    /// the next one over: many rows tie there, and the path gives one of the two ends), the
    /// rows in between are spliced from the two: the first `t` days of one and the rest of
    /// the other, for every `t`, both ways round. The cheapest splice that breaks none of
    /// `p`'s hard rules, with its cost.
    fn splice(
        &self,
        sc: &Scenario,
        rota: &mut Rota,
        p: usize,
        a: &[Option<usize>],
        b: &[Option<usize>],
    ) -> Option<(Vec<Option<usize>>, f64)> {
        let nd = a.len();
        let mut best: Option<(Vec<Option<usize>>, f64)> = None;
        for (x, y) in [(a, b), (b, a)] {
            for t in 1..nd {
                if x[t - 1] == y[t - 1] && x[t] == y[t] {
                    continue;
                }
                let cells: Vec<Option<usize>> = x[..t].iter().chain(&y[t..]).copied().collect();
                let cost = self.cost_of(&cells);
                if best.as_ref().is_some_and(|b| cost >= b.1 - 1e-9) {
                    continue;
                }
                rota.cells[p].clone_from(&cells);
                if person_violations(sc, rota, p).iter().all(|v| !v.hard) {
                    best = Some((cells, cost));
                }
            }
        }
        best
    }

    /// The cheapest path at `price`: the cell of every day (local shift indices) and the
    /// path's cost under the prices; `None` when no path ends within the band of levels.
    fn solve(&self, price: &Prices) -> Option<(Vec<Option<usize>>, f64)> {
        let m = self.follows.len();
        let nd = self.options.len();
        let lv = &self.levels;
        let (k_max, capped) = self.runs;
        let off_states = self.min_off.max(1);
        // The counts of weekends and capped shift types so far, one index in 0..nw ([`Counts`];
        // one index, 0, where nothing is counted).
        let nw = self.counts.size;
        // State index: off run of k+1 days (k < off_states, the last meaning "at least"),
        // or at work for k+1 days, the last on a shift of class c, in a run that began on
        // day 0 (e = 1); one such block of states per level of paid time in the day's window
        // and per index of the counts.
        let work = |k: usize, c: usize, e: usize| off_states + ((k * m + c) * 2 + e);
        let states = off_states + k_max * m * 2;
        let inf = f64::INFINITY;
        let width = |d: usize| (lv.win[d].1 + 1).saturating_sub(lv.win[d].0) * nw;
        if lv.win[0].0 > 0 || width(0) == 0 {
            return None;
        }
        let mut cur = vec![inf; width(0) * states];
        // Before the horizon: off long enough, nothing paid, no weekend worked.
        cur[off_states - 1] = 0.0;
        // Per day: the state before it, as block (level offset in the day's window × nw +
        // counts) × states + state; and the local shift worked that day (`NO_SHIFT`: off).
        let mut back: Vec<Vec<u32>> = Vec::with_capacity(nd);
        let mut picks: Vec<Vec<u16>> = Vec::with_capacity(nd);
        let (pred, preceding) = (&self.pred, &self.preceding);
        // Per group of the day and (k, e, whether the cell enters a weekend): the cheapest
        // state before it and where it is.
        let mut best: Vec<(f64, usize)> = Vec::new();
        for d in 0..nd {
            let (lo0, hi0) = lv.win[d];
            let (lo1, hi1) = lv.win[d + 1];
            if lo1 > hi1 {
                return None;
            }
            // The day's groups (predecessors, weekend window) and each choice's group.
            let mut groups: Vec<(usize, Option<usize>)> = Vec::new();
            let group_of: Vec<usize> = self.options[d]
                .iter()
                .map(|&(choice, _)| {
                    let Some(j) = choice else {
                        return usize::MAX;
                    };
                    let key = (pred[j], self.weekend[d][j]);
                    groups.iter().position(|g| *g == key).unwrap_or_else(|| {
                        groups.push(key);
                        groups.len() - 1
                    })
                })
                .collect();
            let slot = |g: usize, k: usize, e: usize, new: bool| {
                ((g * k_max + k) * 2 + e) * 2 + usize::from(new)
            };
            let mut next = vec![inf; width(d + 1) * states];
            let mut from = vec![u32::MAX; width(d + 1) * states];
            let mut pick = vec![NO_SHIFT; width(d + 1) * states];
            for c in lo0..=hi0 {
                for w in 0..nw {
                    let row = ((c - lo0) * nw + w) * states;
                    // Many blocks of levels and counts are never reached.
                    if cur[row..row + states].iter().all(|&v| v == inf) {
                        continue;
                    }
                    let mut relax =
                        |(c2, w2, to): (usize, usize, usize), v: f64, at: usize, j: u16| {
                            if c2 < lo1 || c2 > hi1 || w2 >= nw {
                                return;
                            }
                            let i = ((c2 - lo1) * nw + w2) * states + to;
                            if v < next[i] {
                                next[i] = v;
                                from[i] = (row + at) as u32;
                                pick[i] = j;
                            }
                        };
                    let enters = |wk: Option<usize>, prev: Option<usize>| self.enters(d, wk, prev);
                    best.clear();
                    best.resize(groups.len() * k_max * 4, (inf, 0));
                    for (g, &(pr, wk)) in groups.iter().enumerate() {
                        for k in 0..k_max {
                            for i in (0..m).filter(|&i| preceding[pr][i]) {
                                let new = enters(wk, Some(i));
                                for e in 0..2 {
                                    let at = work(k, i, e);
                                    let v = cur[row + at];
                                    let b = &mut best[slot(g, k, e, new)];
                                    if v < b.0 {
                                        *b = (v, at);
                                    }
                                }
                            }
                        }
                    }
                    for (o, &(choice, cost)) in self.options[d].iter().enumerate() {
                        match choice {
                            None => {
                                for k in 0..off_states {
                                    let v = cur[row + k];
                                    if v < inf {
                                        let to = (k + 1).min(off_states - 1);
                                        relax((c, w, to), v, k, NO_SHIFT);
                                    }
                                }
                                for k in 0..k_max {
                                    for i in 0..m {
                                        for e in 0..2 {
                                            let at = work(k, i, e);
                                            let v = cur[row + at];
                                            if v < inf && (k + 1 >= self.min_work || e == 1) {
                                                relax((c, w, 0), v, at, NO_SHIFT);
                                            }
                                        }
                                    }
                                }
                            }
                            Some(j) => {
                                let c2 = self.level_after(c, j);
                                if c2 < lo1 || c2 > hi1 {
                                    continue;
                                }
                                let base = self.cell_cost(d, j, cost, price);
                                let wk = self.weekend[d][j];
                                let (cj, jj) = (self.class[j], j as u16);
                                let charge = |new: bool| if new { price.weekend } else { 0.0 };
                                let counted = |new: bool| self.counted(w, j, new);
                                let e_new = usize::from(d == 0);
                                let new = enters(wk, None);
                                if let Some(w2) = counted(new) {
                                    for k in 0..off_states {
                                        let v = cur[row + k];
                                        if v < inf && (k + 1 >= self.min_off || d == 0) {
                                            let to = work(0, cj, e_new);
                                            relax((c2, w2, to), v + base + charge(new), k, jj);
                                        }
                                    }
                                }
                                // The counts after the cell, carrying on a weekend or
                                // entering one.
                                let after = [counted(false), counted(true)];
                                for k in 0..k_max {
                                    let k2 = if k + 1 < k_max {
                                        k + 1
                                    } else if capped {
                                        continue;
                                    } else {
                                        k
                                    };
                                    for e in 0..2 {
                                        for new in [false, true] {
                                            let (v, at) = best[slot(group_of[o], k, e, new)];
                                            let Some(w2) = after[usize::from(new)] else {
                                                continue;
                                            };
                                            if v < inf {
                                                let to = work(k2, cj, e);
                                                let v = v + base + charge(new);
                                                relax((c2, w2, to), v, at, jj);
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            back.push(from);
            picks.push(pick);
            cur = next;
        }
        // Every state may end the horizon (a run touching its last day is exempt); the level
        // is within the band by the last window.
        let mut at = (0..cur.len())
            .filter(|&i| cur[i] < inf)
            .min_by(|&a, &b| cur[a].total_cmp(&cur[b]))?;
        let value = cur[at];
        let mut cells = vec![None; nd];
        for d in (0..nd).rev() {
            cells[d] = (picks[d][at] != NO_SHIFT).then(|| usize::from(picks[d][at]));
            at = back[d][at] as usize;
        }
        Some((cells, value))
    }

    /// Whether a cell on day `d` in weekend window `wk` enters it: not carried on from a cell
    /// of the day before, of class `prev`, in the same window.
    fn enters(&self, d: usize, wk: Option<usize>, prev: Option<usize>) -> bool {
        match wk {
            Some(x) if d > 0 => prev.is_none_or(|i| self.class_weekend[d - 1][i] != Some(x)),
            Some(_) => true,
            None => false,
        }
    }

    /// The level of paid time after local shift `j` from level `c`.
    fn level_after(&self, c: usize, j: usize) -> usize {
        let lv = &self.levels;
        if lv.saturate {
            (c + lv.units[j]).min(lv.top)
        } else {
            c + lv.units[j]
        }
    }

    /// The cost of local shift `j` on day `d` (its option's `cost`) at `price`, before any
    /// weekend charge.
    fn cell_cost(&self, d: usize, j: usize, cost: f64, price: &Prices) -> f64 {
        cost - price.hours * self.paid[j] + price.of_type[j] + self.noise[d][j] * self.scale
    }

    /// The counts' index after local shift `j` from index `w`, entering a weekend or not
    /// (`new`); `None` past a limit.
    fn counted(&self, w: usize, j: usize, new: bool) -> Option<usize> {
        let mut w2 = w;
        if let Some(digit) = self.counts.weekends.filter(|_| new) {
            w2 = Counts::bump(w2, digit)?;
        }
        if let Some(digit) = self.counts.of_shift[j] {
            w2 = Counts::bump(w2, digit)?;
        }
        Some(w2)
    }

    /// The moves out of one state of day `d` (`c` the level of paid time, `w` the index of the
    /// counts, `at` the state within their block, as in [`Path::solve`]): `go(target, cost,
    /// pick)` for each, `target` the state's index in day `d + 1`'s array. The same moves as
    /// [`Path::solve`]'s, one by one, without its shared searches for the best predecessor.
    fn moves(
        &self,
        d: usize,
        price: &Prices,
        (c, w, at): (usize, usize, usize),
        go: &mut dyn FnMut(usize, f64, u16),
    ) {
        let m = self.follows.len();
        let lv = &self.levels;
        let (k_max, capped) = self.runs;
        let off_states = self.min_off.max(1);
        let nw = self.counts.size;
        let states = off_states + k_max * m * 2;
        let work = |k: usize, c: usize, e: usize| off_states + ((k * m + c) * 2 + e);
        let (lo1, hi1) = lv.win[d + 1];
        let mut emit = |(c2, w2, to): (usize, usize, usize), cost: f64, pick: u16| {
            if (lo1..=hi1).contains(&c2) && w2 < nw {
                go(((c2 - lo1) * nw + w2) * states + to, cost, pick);
            }
        };
        // (run length - 1, class, whether the run began on day 0) where at work.
        let worked = (at >= off_states).then(|| {
            let r = at - off_states;
            (r / 2 / m, r / 2 % m, r % 2)
        });
        for &(choice, cost) in &self.options[d] {
            let Some(j) = choice else {
                match worked {
                    None => emit((c, w, (at + 1).min(off_states - 1)), cost, NO_SHIFT),
                    Some((k, _, e)) if k + 1 >= self.min_work || e == 1 => {
                        emit((c, w, 0), cost, NO_SHIFT);
                    }
                    Some(_) => {}
                }
                continue;
            };
            let wk = self.weekend[d][j];
            let (new, to) = match worked {
                None if at + 1 >= self.min_off || d == 0 => (
                    self.enters(d, wk, None),
                    work(0, self.class[j], usize::from(d == 0)),
                ),
                Some((k, i, e)) if self.preceding[self.pred[j]][i] => {
                    let k2 = if k + 1 < k_max {
                        k + 1
                    } else if capped {
                        continue;
                    } else {
                        k
                    };
                    (self.enters(d, wk, Some(i)), work(k2, self.class[j], e))
                }
                _ => continue,
            };
            if let Some(w2) = self.counted(w, j, new) {
                let charge = if new { price.weekend } else { 0.0 };
                let cost = self.cell_cost(d, j, cost, price) + charge;
                emit((self.level_after(c, j), w2, to), cost, j as u16);
            }
        }
    }

    /// Every path whose cost is at most the cheapest's plus `extra` (its cells, local shift
    /// indices, and its cost), by the cheapest cost of reaching each state from the start and
    /// a search back from the end that follows only arcs that stay within the limit; `None`
    /// where no path exists, or where there are more than `max_rows` such paths or more than
    /// [`MAX_ARCS`] arcs. A row's states follow from its cells, so each path is a distinct
    /// row.
    fn within(
        &self,
        price: &Prices,
        extra: f64,
        max_rows: usize,
    ) -> Option<Vec<(Vec<Option<usize>>, f64)>> {
        let nd = self.options.len();
        let lv = &self.levels;
        let nw = self.counts.size;
        let states = self.min_off.max(1) + self.runs.0 * self.follows.len() * 2;
        let width = |d: usize| (lv.win[d].1 + 1).saturating_sub(lv.win[d].0) * nw;
        if lv.win[0].0 > 0 || width(0) == 0 {
            return None;
        }
        // The cheapest cost of reaching each state, per day (0 before the first); per day,
        // the arcs into day d + 1's states: (target, source, cost, pick), by target.
        let mut reach: Vec<Vec<f64>> = Vec::with_capacity(nd + 1);
        let mut first = vec![f64::INFINITY; width(0) * states];
        first[self.min_off.max(1) - 1] = 0.0;
        reach.push(first);
        let mut arcs: Vec<Vec<(u32, u32, f64, u16)>> = Vec::with_capacity(nd);
        let mut total = 0usize;
        for d in 0..nd {
            let cur = &reach[d];
            let mut next = vec![f64::INFINITY; width(d + 1) * states];
            let mut day: Vec<(u32, u32, f64, u16)> = Vec::new();
            let lo0 = lv.win[d].0;
            for (from, &v) in cur.iter().enumerate() {
                if v == f64::INFINITY {
                    continue;
                }
                let (block, at) = (from / states, from % states);
                let (c, w) = (lo0 + block / nw, block % nw);
                self.moves(d, price, (c, w, at), &mut |to, cost, pick| {
                    next[to] = next[to].min(v + cost);
                    day.push((to as u32, from as u32, cost, pick));
                });
            }
            total += day.len();
            if total > MAX_ARCS {
                return None;
            }
            day.sort_unstable_by_key(|a| a.0);
            arcs.push(day);
            reach.push(next);
        }
        let end = &reach[nd];
        let least = end.iter().copied().fold(f64::INFINITY, f64::min);
        if least == f64::INFINITY {
            return None;
        }
        let limit = least + extra.max(0.0) + 1e-9 * least.abs().max(1.0);
        // Depth first, back from each end state within the limit: (day, state, cost of the
        // days from `day` on).
        let mut rows = Vec::new();
        let mut cells = vec![None; nd];
        let mut stack: Vec<(usize, usize, f64, Option<u16>)> = end
            .iter()
            .enumerate()
            .filter(|&(_, &v)| v <= limit)
            .map(|(t, _)| (nd, t, 0.0, None))
            .collect();
        while let Some((d, t, after, pick)) = stack.pop() {
            if d < nd {
                cells[d] = pick.filter(|&j| j != NO_SHIFT).map(usize::from);
            }
            if d == 0 {
                rows.push((cells.clone(), after));
                if rows.len() > max_rows {
                    return None;
                }
                continue;
            }
            let day = &arcs[d - 1];
            let lo = day.partition_point(|a| (a.0 as usize) < t);
            for &(_, from, cost, j) in day[lo..].iter().take_while(|a| a.0 as usize == t) {
                if reach[d - 1][from as usize] + cost + after <= limit {
                    stack.push((d - 1, from as usize, after + cost, Some(j)));
                }
            }
        }
        Some(rows)
    }
}

/// The prices the path pays: per paid minute (subtracted), per weekend worked, per shift of
/// each type.
struct Prices {
    hours: f64,
    weekend: f64,
    of_type: Vec<f64>,
}

/// A Lagrange multiplier, searched by bracketing: `push(up)` says the value is too low (`up`)
/// or too high; until both sides are known the value moves by a step that doubles each
/// time, then by halving the bracket.
struct Multiplier {
    value: f64,
    step: f64,
    step0: f64,
    /// Highest value known too low, lowest known too high.
    low: Option<f64>,
    high: Option<f64>,
    /// May go below 0 (the hours: a negative price asks for less work).
    signed: bool,
}

impl Multiplier {
    fn new(step: f64, signed: bool) -> Multiplier {
        Multiplier {
            value: 0.0,
            step,
            step0: step,
            low: None,
            high: None,
            signed,
        }
    }

    fn push(&mut self, up: bool) {
        if up {
            self.low = Some(self.low.map_or(self.value, |l| l.max(self.value)));
        } else {
            self.high = Some(self.high.map_or(self.value, |h| h.min(self.value)));
        }
        self.value = match (self.low, self.high) {
            (Some(l), Some(h)) if l < h => 0.5 * (l + h),
            _ => {
                let v = if up {
                    self.value + self.step
                } else {
                    self.value - self.step
                };
                self.step *= 2.0;
                v
            }
        };
        if !self.signed {
            self.value = self.value.max(0.0);
        }
    }

    /// The bracket is closed to rounding: no price between its ends is left to try.
    fn settled(&self) -> bool {
        matches!((self.low, self.high), (Some(l), Some(h)) if h - l <= 1e-9 + 1e-6 * h.abs().max(l.abs()))
    }

    /// Forgets the bracket (the other prices moved): steps again from the value.
    fn reset(&mut self) {
        self.low = None;
        self.high = None;
        self.step = self.step0;
    }
}

/// A price of a rule with a limit (weekends, shifts of a type), at least 0: up by a step
/// while the row is over the limit, down while it is below and the price is above 0; each
/// turn halves the step.
struct Stepped {
    value: f64,
    step: f64,
    last: Option<bool>,
    /// How far over the limit the row was at the last [`Stepped::rise_doubling`].
    over: Option<f64>,
}

impl Stepped {
    fn new(step: f64) -> Stepped {
        Stepped {
            value: 0.0,
            step,
            last: None,
            over: None,
        }
    }

    /// Up by `step` per unit `over` the limit (never down); true when the price changed.
    fn rise(&mut self, over: f64, step: f64) -> bool {
        let before = self.value;
        self.value += step * over.max(0.0);
        self.value != before
    }

    /// Up by the step per unit `over` the limit (never down), the step doubling whenever the
    /// row is no less over than at the last rise; true when the price changed.
    fn rise_doubling(&mut self, over: f64) -> bool {
        if over <= 0.0 {
            return false;
        }
        if self.over.is_some_and(|before| over >= before) {
            self.step *= 2.0;
        }
        self.over = Some(over);
        self.value += self.step * over;
        true
    }

    /// Moves by `count` against the limit (`Greater`: over it); true when the price changed.
    fn steer(&mut self, count: std::cmp::Ordering) -> bool {
        let up = match count {
            std::cmp::Ordering::Greater => true,
            std::cmp::Ordering::Less if self.value > 0.0 => false,
            _ => return false,
        };
        if self.last == Some(!up) {
            self.step *= 0.5;
        }
        self.last = Some(up);
        let before = self.value;
        self.value = if up {
            self.value + self.step
        } else {
            (self.value - self.step).max(0.0)
        };
        self.value != before
    }
}

/// A number in [0, 1e-4) drawn from (day, shift, tie): breaks ties between cells of equal
/// cost, so that equal rows do not all pick the same days.
fn unit_noise(d: usize, j: usize, tie: u64) -> f64 {
    draw(d, j, tie) * 1e-4
}

/// A number in [0, 1) drawn from (`a`, `b`, `tie`) by a fixed hash: the same arguments give
/// the same number.
pub(crate) fn draw(a: usize, b: usize, tie: u64) -> f64 {
    let mut x = ((a as u64) << 16 | b as u64) ^ tie.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    x = x.wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x ^= x >> 31;
    x = x.wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^= x >> 29;
    (x >> 11) as f64 / (1u64 << 53) as f64
}
