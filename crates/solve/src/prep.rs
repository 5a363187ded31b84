//! Per-scenario precomputation shared by every model the solver builds (full model and LNS
//! sub-models): shift geometry, rest conflicts, weekend and red-day windows, aggregated coverage
//! groups.

use turnus_core::rules::Limit;
use turnus_core::scenario::SlotDemand;
use turnus_core::time::{Interval, DAY_MINUTES};
use turnus_core::validate::{red_day_windows, weekend_windows};
use turnus_core::Scenario;

use crate::SolveError;

/// A run of consecutive slots with identical coverage and demand: one set of variables serves
/// them all, weighted by `count`.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct SlotGroup {
    /// Number of slots in the group.
    pub count: usize,
    /// (day, shift, fraction) of every assignment that covers these slots.
    pub covers: Vec<(usize, usize, f64)>,
    /// Curve demand per level.
    pub demand: Vec<SlotDemand>,
    /// Presence requirements that include these slots.
    pub presence: Vec<usize>,
    /// Qualification demand at these slots: (index into `qualification_demand`, demand).
    pub qualification: Vec<(usize, SlotDemand)>,
}

impl SlotGroup {
    /// The curve's demand per level: its minimum, or else its target.
    pub fn demand_per_level(&self, minimum: bool) -> Vec<f64> {
        self.demand
            .iter()
            .map(|x| f64::from(if minimum { x.min } else { x.target }))
            .collect()
    }
}

/// Precomputed data.
pub(crate) struct Prep {
    /// Per shift: allowed at all by hard shift-level rules (breaks, hours per 24 h).
    pub shift_ok: Vec<bool>,
    /// Shift pairs whose rest is below the daily-rest limit, grouped by (from shift, day
    /// distance, rest hours) with the shifts that may not follow: one model row per group and
    /// day. A hard limit groups all rest hours together (the row's cost does not depend on them).
    /// Groups are split into pairs unless they are large (see [`pairwise_unless_large`]).
    pub rest_groups: Vec<(usize, usize, f64, Vec<usize>)>,
    /// The forbidden successions grouped by first shift: (a, every b that may not follow a);
    /// split into pairs unless the groups are large (see [`pairwise_unless_large`]).
    pub forbidden_after: Vec<(usize, Vec<usize>)>,
    /// Weekend windows with the (day, shift) cells that overlap each.
    pub weekends: Vec<Vec<(usize, usize)>>,
    /// Red-day windows (Sundays and holidays) with overlapping cells.
    pub red_days: Vec<Vec<(usize, usize)>>,
    /// Coverage groups.
    pub groups: Vec<SlotGroup>,
    /// Per qualification demand: which staff hold it.
    pub holders: Vec<Vec<bool>>,
    /// Fairness eligibility per staff: [weekends, nights, evenings].
    pub fair: Vec<[bool; 3]>,
    /// Days with many shift choices get a work-day variable (see `model::WORK_VAR_MIN_CHOICES`);
    /// `TURNUS_WORK_VARS=off` turns them off (an ablation). Read once per solve.
    pub work_vars: bool,
    /// Per staff: the valid inequalities over runs of days that the textbook rows miss (see
    /// [`run_caps`]): (window length, the most days worked in any window that long). Empty
    /// without a hard maximum run, and with `TURNUS_NO_RUN_CAPS=1` (an ablation).
    pub run_caps: Vec<Vec<(usize, u32)>>,
}

fn cells_overlapping(sc: &Scenario, w: Interval) -> Vec<(usize, usize)> {
    let period = sc.calendar.period();
    let n = sc.days();
    let mut out = Vec::new();
    // A window and a shift can only touch when their days are within two of each other.
    let d0 = (w.start.div_euclid(DAY_MINUTES) - 2).max(if period.is_some() { i64::MIN } else { 0 });
    let d1 = w.end.div_euclid(DAY_MINUTES) + 1;
    for dd in d0..=d1 {
        let d = if period.is_some() {
            dd.rem_euclid(n as i64) as usize
        } else if dd >= 0 && (dd as usize) < n {
            dd as usize
        } else {
            continue;
        };
        for (s, sh) in sc.shifts.iter().enumerate() {
            let iv = sh.interval_on(d);
            if w.overlap_cyclic(iv, period) > 0 && !out.contains(&(d, s)) {
                out.push((d, s));
            }
        }
    }
    out.sort_unstable();
    out
}

impl Prep {
    pub(crate) fn new(sc: &Scenario) -> Result<Prep, SolveError> {
        let rules = sc.rules();
        let mut shift_ok = vec![true; sc.shifts.len()];
        if let Some(b) = &rules.breaks {
            if b.weight.is_none() {
                for (s, sh) in sc.shifts.iter().enumerate() {
                    if sh.duration as f64 >= b.from_hours * 60.0 - 1e-9
                        && sh.spec.break_minutes < b.min_minutes
                    {
                        shift_ok[s] = false;
                    }
                }
            }
        }
        if let Some(l) = &rules.max_hours_per_24h {
            if l.weight.is_none() {
                for (s, sh) in sc.shifts.iter().enumerate() {
                    if sh.paid as f64 / 60.0 > l.value + 1e-9 {
                        shift_ok[s] = false;
                    }
                }
            }
        }
        let mut rest_groups: Vec<(usize, usize, f64, Vec<usize>)> = Vec::new();
        if let Some(rest) = &rules.daily_rest_hours {
            for (a, sa) in sc.shifts.iter().enumerate() {
                for (b, sb) in sc.shifts.iter().enumerate() {
                    for dd in 1..=2usize {
                        let gap = (sb.interval_on(dd).start - sa.interval_on(0).end) as f64 / 60.0;
                        if gap < rest.value - 1e-9 {
                            if dd == 2 && rest.weight.is_some() {
                                return Err(SolveError::Unsupported {
                                    rule: "rules.daily_rest_hours".into(),
                                    reason: format!(
                                        "soft daily rest with shifts so long that {} then {} two days later rest only {gap:.1} h",
                                        sa.id(),
                                        sb.id()
                                    ),
                                });
                            }
                            let gap = if rest.weight.is_some() { gap } else { 0.0 };
                            match rest_groups.iter_mut().find(
                                |g: &&mut (usize, usize, f64, Vec<usize>)| {
                                    g.0 == a && g.1 == dd && g.2.to_bits() == gap.to_bits()
                                },
                            ) {
                                Some(g) => g.3.push(b),
                                None => rest_groups.push((a, dd, gap, vec![b])),
                            }
                        }
                    }
                }
            }
        }
        let weekends = weekend_windows(sc)
            .into_iter()
            .map(|w| cells_overlapping(sc, w))
            .collect();
        let red_days = red_day_windows(sc)
            .into_iter()
            .map(|(_, w)| cells_overlapping(sc, w))
            .collect();

        // Coverage groups.
        let nslots = sc.slots();
        let mut covers: Vec<Vec<(usize, usize, f64)>> = vec![Vec::new(); nslots];
        for d in 0..sc.days() {
            for s in 0..sc.shifts.len() {
                for (k, frac) in sc.shift_slots(d, s) {
                    covers[k].push((d, s, frac));
                }
            }
        }
        let mut presence: Vec<Vec<usize>> = vec![Vec::new(); nslots];
        for (i, r) in sc.presence.iter().enumerate() {
            for &k in &r.slots {
                presence[k].push(i);
            }
        }
        let mut qual: Vec<Vec<(usize, SlotDemand)>> = vec![Vec::new(); nslots];
        for (i, q) in sc.qualification_demand.iter().enumerate() {
            for &(k, dem) in &q.slots {
                qual[k].push((i, dem));
            }
        }
        let mut groups: Vec<SlotGroup> = Vec::new();
        // Whether slot k - 1 opened or extended the last group.
        let mut prev_grouped = false;
        for k in 0..nslots {
            let has_demand = sc.curve[k].iter().any(|d| d.target > 0)
                || !presence[k].is_empty()
                || !qual[k].is_empty();
            let has_curve = !sc.spec().demand.curve.is_empty();
            if !has_demand && !has_curve {
                prev_grouped = false;
                continue;
            }
            let same = prev_grouped
                && covers[k] == covers[k - 1]
                && sc.curve[k] == sc.curve[k - 1]
                && presence[k] == presence[k - 1]
                && qual[k] == qual[k - 1];
            prev_grouped = true;
            match groups.last_mut() {
                Some(g) if same => g.count += 1,
                _ => groups.push(SlotGroup {
                    count: 1,
                    covers: covers[k].clone(),
                    demand: sc.curve[k].clone(),
                    presence: presence[k].clone(),
                    qualification: qual[k].clone(),
                }),
            }
        }
        let holders = sc
            .qualification_demand
            .iter()
            .map(|q| {
                sc.staff
                    .iter()
                    .map(|st| st.level <= q.level && st.qualifications.contains(&q.qualification))
                    .collect()
            })
            .collect();
        let fair = (0..sc.staff.len())
            .map(|p| turnus_core::validate::fairness_eligibility(sc, p))
            .collect();
        let mut forbidden_after: Vec<(usize, Vec<usize>)> = Vec::new();
        for &(a, b) in &sc.forbidden {
            match forbidden_after.iter_mut().find(|g| g.0 == a) {
                Some(g) => g.1.push(b),
                None => forbidden_after.push((a, vec![b])),
            }
        }
        let forbidden_after = pairwise_unless_large(forbidden_after, |g| &mut g.1);
        let rest_groups = pairwise_unless_large(rest_groups, |g| &mut g.3);
        let mut caps_of: Vec<(RunRules, Vec<(usize, u32)>)> = Vec::new();
        let caps_on = !crate::switch_on("TURNUS_NO_RUN_CAPS");
        let run_caps = (0..sc.staff.len())
            .map(|p| {
                let (max, min_work, min_off) = run_rules(sc, p);
                let Some(Limit {
                    value: max,
                    weight: None,
                }) = max.filter(|_| caps_on)
                else {
                    return Vec::new();
                };
                let key = (max, min_work, min_off);
                if let Some((_, caps)) = caps_of.iter().find(|(k, _)| *k == key) {
                    return caps.clone();
                }
                let caps = run_caps(max, min_work, min_off);
                caps_of.push((key, caps.clone()));
                caps
            })
            .collect();
        Ok(Prep {
            shift_ok,
            rest_groups,
            forbidden_after,
            weekends,
            red_days,
            groups,
            holders,
            fair,
            work_vars: std::env::var("TURNUS_WORK_VARS").as_deref() != Ok("off"),
            run_caps,
        })
    }
}

/// A person's rules over runs of days, their personal limits first: the maximum run of days
/// worked (with its strength), the minimum run worked and the minimum run off (both hard).
pub(crate) fn run_rules(sc: &Scenario, p: usize) -> (Option<Limit<u32>>, Option<u32>, Option<u32>) {
    let (r, lim) = (sc.rules(), sc.staff[p].limits());
    let max = Limit::personal(r.max_consecutive_days, lim.max_consecutive_days);
    let min_work = lim
        .min_consecutive_days
        .or(r.min_consecutive_days.map(|l| l.value));
    let min_off = lim
        .min_consecutive_days_off
        .or(r.min_consecutive_days_off.map(|l| l.value));
    (max, min_work, min_off)
}

/// The run rules [`run_caps`] depends on: (maximum run, minimum run, minimum days off).
type RunRules = (u32, Option<u32>, Option<u32>);

/// The longest window [`run_caps`] looks at: it tries every pattern of days worked and off in
/// a window, 2^len of them.
const RUN_CAP_MAX_LEN: usize = 16;

/// Valid inequalities over runs of days: for window lengths `len` up to
/// [`RUN_CAP_MAX_LEN`], the most days worked in any `len` consecutive days when runs of work are
/// at most `max` days long and, where given, at least `min_work` days, and runs of days off at
/// least `min_off` days; (len, most), for the lengths where that is fewer than the shorter
/// windows imply (the sum over any split of the window in two).
///
/// The textbook rows forbid each short run on its own: with at most 5 days in a row and at
/// least 2 days off, they allow working 5/6 of every day in the LP relaxation, where a rota
/// can work at most 5 days in any 7 (Curtois 4-9 have exactly these rules). A window's edges
/// are open: a run that touches one may go on beyond it, so it only has to keep to the
/// maximum; the rules hold for runs inside the window. That also covers a horizon's edges,
/// where a run is exempt from the minimums. So every rota meeting the rules meets each row,
/// and a row over days whose cells are all free is implied by the model's own rows there.
/// The window of `max + 1` days is the textbook row itself and is left out.
pub(crate) fn run_caps(max: u32, min_work: Option<u32>, min_off: Option<u32>) -> Vec<(usize, u32)> {
    let max = max as usize;
    let (min_work, min_off) = (
        min_work.unwrap_or(1) as usize,
        min_off.unwrap_or(1) as usize,
    );
    // With no minimum above one day, a window of `len` days holds `len − ⌊len / (max + 1)⌋`,
    // which the windows of `max + 1` days already imply.
    if min_work <= 1 && min_off <= 1 {
        return Vec::new();
    }
    let mut most = [0u32; RUN_CAP_MAX_LEN + 1];
    let mut caps = Vec::new();
    for len in 1..=RUN_CAP_MAX_LEN {
        most[len] = (0u32..1 << len)
            .filter(|&bits| keeps_runs(bits, len, max, min_work, min_off))
            .map(u32::count_ones)
            .max()
            .unwrap_or(0);
        let split = (1..len).map(|a| most[a] + most[len - a]).min();
        if len > max + 1 && split.is_some_and(|s| most[len] < s) {
            caps.push((len, most[len]));
        }
    }
    caps
}

/// Whether the pattern `bits` (bit i: day i of the window worked) keeps to the run rules with
/// open edges (see [`run_caps`]).
fn keeps_runs(bits: u32, len: usize, max: usize, min_work: usize, min_off: usize) -> bool {
    let mut start = 0;
    while start < len {
        let on = bits >> start & 1 == 1;
        let mut end = start;
        while end + 1 < len && (bits >> (end + 1) & 1 == 1) == on {
            end += 1;
        }
        let run = end - start + 1;
        let inside = start > 0 && end + 1 < len;
        if on && (run > max || (inside && run < min_work)) {
            return false;
        }
        if !on && inside && run < min_off {
            return false;
        }
        start = end + 1;
    }
    true
}

/// Keeps grouped rows (`x[d][a] + Σ x[d'][b] ≤ 1`) only when they replace at least four pairwise
/// rows each on average; else splits them back into pairs.
///
/// Both are exact with one shift a day. Grouping is what makes instances with many shift types
/// tractable at all (Curtois 24: 461 forbidden pairs among 32 shifts, 20 million pairwise rows in
/// the monolithic model against 1.5 million grouped), but on small sets HiGHS proved optimality
/// faster with the pairs (Curtois 3, 3 pairs in 2 groups: median 15 s against 35 s over eight
/// seeds, measured with a temporary switch; benches/RESULTS.md), so the formulation the small
/// instances were measured with stays.
fn pairwise_unless_large<G: Clone>(
    groups: Vec<G>,
    members: impl Fn(&mut G) -> &mut Vec<usize>,
) -> Vec<G> {
    let mut groups = groups;
    let pairs: usize = groups.iter_mut().map(|g| members(g).len()).sum();
    if pairs >= 4 * groups.len() {
        return groups;
    }
    let mut out = Vec::with_capacity(pairs);
    for mut g in groups {
        for b in members(&mut g).clone() {
            let mut one = g.clone();
            *members(&mut one) = vec![b];
            out.push(one);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{keeps_runs, pairwise_unless_large, run_caps};

    #[test]
    fn run_caps_are_the_most_days_a_window_can_hold() {
        // Curtois 4-9: at most 5 in a row, at least 2 worked and 2 off: 5 in any 7 days is the
        // one row the textbook rows and their sums miss.
        assert_eq!(run_caps(5, Some(2), Some(2)), vec![(7, 5)]);
        // Without a minimum off the textbook rows imply everything.
        assert!(run_caps(6, None, None).is_empty());
        assert!(run_caps(6, Some(1), Some(1)).is_empty());
        assert!(run_caps(5, Some(3), None).is_empty());
        // At least 3 days off: 5 in any 8 days; 9 days can hold 6 (5, off 3, 1 more).
        let caps = run_caps(5, None, Some(3));
        assert!(caps.contains(&(8, 5)), "{caps:?}");
        assert!(!caps.iter().any(|&(len, _)| len == 9), "{caps:?}");
        // Each cap is attained by a pattern that keeps the rules, and no pattern exceeds it.
        for (max, min_work, min_off) in [(5, 2, 2), (4, 1, 3), (3, 2, 2)] {
            for (len, cap) in run_caps(max, Some(min_work), Some(min_off)) {
                let counts: Vec<u32> = (0u32..1 << len)
                    .filter(|&b| {
                        keeps_runs(b, len, max as usize, min_work as usize, min_off as usize)
                    })
                    .map(u32::count_ones)
                    .collect();
                assert_eq!(
                    counts.iter().max(),
                    Some(&cap),
                    "{max} {min_work} {min_off} {len}"
                );
            }
        }
    }

    #[test]
    fn runs_touching_a_window_edge_are_exempt_from_the_minimums() {
        // 1 = worked. Bit i is day i.
        assert!(keeps_runs(0b0000_0001, 8, 5, 2, 2)); // one day at the left edge
        assert!(!keeps_runs(0b0000_0010, 8, 5, 2, 2)); // one day inside
        assert!(keeps_runs(0b1111_1110, 8, 7, 2, 2)); // one day off at the edge
        assert!(!keeps_runs(0b1111_1011, 8, 7, 2, 2)); // one day off inside
        assert!(!keeps_runs(0b0011_1111, 8, 5, 2, 2)); // six in a row at the edge
    }

    #[test]
    fn groups_stay_only_when_they_replace_four_pairs_each() {
        let big = vec![(0, vec![0, 1, 2, 3]), (1, vec![0, 1, 2, 3, 4])];
        assert_eq!(pairwise_unless_large(big.clone(), |g| &mut g.1), big);
        let small = vec![(0, vec![1, 2]), (2, vec![0])];
        assert_eq!(
            pairwise_unless_large(small, |g| &mut g.1),
            vec![(0, vec![1]), (0, vec![2]), (2, vec![0])]
        );
        assert!(pairwise_unless_large(Vec::<(usize, Vec<usize>)>::new(), |g| &mut g.1).is_empty());
    }
}
