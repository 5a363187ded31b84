//! Neighbourhoods for the large-neighbourhood search: which cells a sub-MIP may change.

use turnus_core::competence::nested_shortfall;
use turnus_core::scenario::CoverRow;
use turnus_core::time::DAY_MINUTES;
use turnus_core::validate::{supply, weekend_windows, Report, RuleId, Supply};
use turnus_core::{Rota, Scenario};

/// A small deterministic PRNG (xorshift64*).
pub(crate) struct Rng(u64);

impl Rng {
    pub(crate) fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    pub(crate) fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    /// A number in `[0, 1)`.
    pub(crate) fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// The kinds of neighbourhood [`choose`] draws, counted by the search ([`KindStats`]) so that
/// a trace shows which of them pay on an instance (`TURNUS_TRACE=1`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Aimed at a hard breach: the days around it, for those who can mend it.
    Breach,
    /// Aimed at a day below the curve's minimum or short of a cover row.
    Short,
    /// The whole rows of two who work most at a short day's times.
    Pairs,
    /// A few people over weekends across the horizon ([`weekends`]).
    Weekends,
    /// A stretch of rows of a few people drawn at random.
    Rows,
    /// A window of days for everybody.
    Window,
    /// A window twice as long for everybody of one level.
    Level,
}

impl Kind {
    /// Every kind, in the order of [`Kind::index`].
    pub(crate) const ALL: [Kind; 7] = [
        Kind::Breach,
        Kind::Short,
        Kind::Pairs,
        Kind::Weekends,
        Kind::Rows,
        Kind::Window,
        Kind::Level,
    ];

    /// The kind's place in [`Kind::ALL`] (and in the search's table of [`KindStats`]).
    pub(crate) fn index(self) -> usize {
        self as usize
    }

    /// The kind's name in the trace.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Kind::Breach => "breach",
            Kind::Short => "short day",
            Kind::Pairs => "pairs",
            Kind::Weekends => "weekends",
            Kind::Rows => "rows",
            Kind::Window => "window",
            Kind::Level => "level",
        }
    }
}

/// What the search's neighbourhoods of one [`Kind`] did.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct KindStats {
    /// Sub-MIPs solved (drawn and run to a result or to their limit).
    pub(crate) solved: usize,
    /// Those whose result was strictly better than the best rota when it was taken.
    pub(crate) improved: usize,
    /// The sum of those improvements of the score.
    pub(crate) gain: f64,
    /// Seconds spent in those sub-MIPs (summed over the workers).
    pub(crate) seconds: f64,
    /// The gain of the kind's recent sub-MIPs: each sub-MIP of the kind multiplies it by
    /// [`RECENT_DECAY`] before adding its own ([`bias`]).
    pub(crate) recent_gain: f64,
    /// Their seconds, decayed alike.
    pub(crate) recent_seconds: f64,
}

impl KindStats {
    /// The gain per second of the kind's recent sub-MIPs.
    pub(crate) fn recent_rate(&self) -> f64 {
        self.recent_gain / self.recent_seconds.max(1e-9)
    }
}

/// One value per [`Kind`], by [`Kind::index`].
pub(crate) type PerKind = [f64; Kind::ALL.len()];

/// Which of the optional kinds of neighbourhood [`choose`] may draw (the ablation switches
/// `TURNUS_NO_PAIRS` and `TURNUS_NO_WEEKENDS`), and how the kinds' prior shares are steered.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Kinds {
    pub(crate) pairs: bool,
    pub(crate) weekends: bool,
    /// Multipliers of each kind's prior share, by [`Kind::index`] (see [`bias`]); `None`:
    /// the prior shares as they are.
    pub(crate) bias: Option<PerKind>,
}

#[cfg(test)]
impl Kinds {
    /// Every kind on.
    pub(crate) const ALL: Kinds = Kinds {
        pairs: true,
        weekends: true,
        bias: None,
    };
}

/// The longest stretch of days a "whole row" neighbourhood frees on a long horizon (8 weeks):
/// a year-long row is as large a sub-MIP as the construction avoids.
const LONG_SPAN: usize = 56;

/// Up to this many days (12 weeks) a "whole row" neighbourhood frees the whole horizon.
pub(crate) const WHOLE_ROWS_UP_TO: usize = 84;

/// The days a "whole row" neighbourhood frees: the whole horizon up to
/// [`WHOLE_ROWS_UP_TO`] days, else a random stretch of [`LONG_SPAN`] days (wrapping on a
/// cyclic horizon).
fn row_span(sc: &Scenario, rng: &mut Rng) -> (i64, i64) {
    let nd = sc.days();
    if nd <= WHOLE_ROWS_UP_TO {
        return (0, nd as i64 - 1);
    }
    let from = if sc.calendar.is_cyclic() {
        rng.below(nd)
    } else {
        rng.below(nd - LONG_SPAN + 1)
    } as i64;
    (from, from + LONG_SPAN as i64 - 1)
}

/// Current neighbourhood sizes, adapted as the search goes.
pub(crate) struct Sizes {
    pub people: usize,
    pub window: usize,
    /// The most free cells a neighbourhood of a rota without hard breaches may have; beyond
    /// it, whole rows are dropped at random ([`trim`]). Without it a neighbourhood over every
    /// person of a large unit grows with the unit, not with what HiGHS solves: on Curtois 24
    /// (150 people) the days around a short day freed 750-2 100 cells, and those sub-MIPs
    /// ended at their time limit without a root LP, while 56-450 cells solved in 0.1-2.6 s.
    pub cells: usize,
}

/// The budget of free cells the search starts with (see [`Sizes::cells`]).
pub(crate) const START_CELLS: usize = 400;

/// The smallest budget of free cells the search shrinks to.
pub(crate) const MIN_CELLS: usize = 40;

/// Drops whole rows of `free` (people drawn at random) until at most `budget` cells are free
/// or two rows are left.
pub(crate) fn trim(free: &mut [Vec<bool>], budget: usize, rng: &mut Rng) {
    let mut rows: Vec<(usize, usize)> = free
        .iter()
        .enumerate()
        .map(|(p, row)| (p, row.iter().filter(|&&f| f).count()))
        .filter(|&(_, n)| n > 0)
        .collect();
    let mut total: usize = rows.iter().map(|&(_, n)| n).sum();
    while total > budget && rows.len() > 2 {
        let (p, n) = rows.swap_remove(rng.below(rows.len()));
        free[p].iter_mut().for_each(|f| *f = false);
        total -= n;
    }
}

/// Marks days `from ..= to` (wrapping on a cyclic horizon, clamped on a dated one) for `p`.
pub(crate) fn mark(sc: &Scenario, free: &mut [Vec<bool>], p: usize, from: i64, to: i64) {
    let nd = sc.days() as i64;
    if to - from + 1 >= nd {
        free[p].iter_mut().for_each(|f| *f = true);
        return;
    }
    for d in from..=to {
        let d = if sc.calendar.is_cyclic() {
            d.rem_euclid(nd)
        } else {
            d.clamp(0, nd - 1)
        };
        free[p][d as usize] = true;
    }
}

/// The staff who can help with a violation: the person concerned and colleagues of the same or
/// a higher competence, or for a unit-level rule (presence, competence share) everybody of a level that
/// counts for it.
pub(crate) fn helpers(sc: &Scenario, rep_staff: Option<&str>, rule: RuleId) -> Vec<usize> {
    match rep_staff.and_then(|id| sc.staff_index(id)) {
        Some(p) => {
            let lvl = sc.staff[p].level;
            // Colleagues of the same or a higher competence can take over the work.
            let mut v = vec![p];
            v.extend((0..sc.staff.len()).filter(|&q| q != p && sc.staff[q].level <= lvl));
            v
        }
        None => {
            let max_level = match rule {
                RuleId::Presence => sc.presence.iter().map(|r| r.level).max().unwrap_or(0),
                _ => sc.levels() - 1,
            };
            (0..sc.staff.len())
                .filter(|&p| sc.staff[p].level <= max_level)
                .collect()
        }
    }
}

/// Chooses the next neighbourhood. While hard rules are broken, most neighbourhoods are aimed at
/// one of the breaches: the days around it, for the staff who can mend it; after that, half
/// are aimed at the days below the curve's minimum or short of a per-shift cover row
/// (`short`, from [`short_days`]; while only a few are, a third of those free the whole rows
/// of two people [`ranked_by_times`] for the short times). `rota` is the incumbent, `rep` its
/// report; `kinds` says which optional kinds may be drawn. A neighbourhood not aimed at a
/// hard breach is trimmed to the budget of free cells (`size.cells`, see [`trim`]).
pub(crate) fn choose(
    sc: &Scenario,
    rng: &mut Rng,
    rota: &Rota,
    rep: &Report,
    short: &[(usize, usize)],
    size: &Sizes,
    kinds: Kinds,
) -> (Vec<Vec<bool>>, Kind) {
    let hard: Vec<_> = rep.violations.iter().filter(|v| v.hard).collect();
    if !hard.is_empty() && rng.below(4) != 0 {
        let v = hard[rng.below(hard.len())];
        let people = helpers(sc, v.staff.as_deref(), v.rule);
        let concerned = v.staff.is_some().then(|| people[0]);
        let free = aimed(sc, rng, size, v.days, &people, concerned);
        return (free, Kind::Breach);
    }
    let (mut free, kind) = draw(sc, rng, rota, hard.is_empty(), short, size, kinds);
    trim(&mut free, size.cells, rng);
    (free, kind)
}

/// The neighbourhoods of [`choose`] not aimed at a hard breach, before [`trim`]. The kind is
/// drawn by its prior share ([`priors`]), times its multiplier in `kinds.bias` if any.
fn draw(
    sc: &Scenario,
    rng: &mut Rng,
    rota: &Rota,
    feasible: bool,
    short: &[(usize, usize)],
    size: &Sizes,
    kinds: Kinds,
) -> (Vec<Vec<bool>>, Kind) {
    let (np, nd) = (sc.staff.len(), sc.days());
    let mut free = vec![vec![false; nd]; np];
    // Below the curve's minimum or a cover row (the heaviest soft costs): a day and level
    // short of it, for the staff who count for that level.
    let target = (feasible && !short.is_empty()).then(|| {
        let (d, level) = short[rng.below(short.len())];
        let people: Vec<usize> = (0..np).filter(|&p| sc.staff[p].level <= level).collect();
        (d, level, people)
    });
    let aimable = target.as_ref().filter(|t| !t.2.is_empty());
    let prior = priors(
        aimable.map(|t| t.2.len()),
        short.len(),
        kinds.pairs,
        kinds.weekends,
    );
    let kind = pick(rng, &prior, kinds.bias.as_ref());
    if let Some((d, level, people)) = aimable {
        match kind {
            Kind::Pairs => {
                let ranked = ranked_by_times(sc, rota, people, &short_times(sc, rota, *d, *level));
                let top = ranked.len().min(PAIRS_AMONG);
                let i = rng.below(top);
                let j = (i + 1 + rng.below(top - 1)) % top;
                let (s0, s1) = row_span(sc, rng);
                for p in [ranked[i], ranked[j]] {
                    mark(sc, &mut free, p, s0, s1);
                }
                return (free, Kind::Pairs);
            }
            Kind::Weekends | Kind::Short => {
                if kind == Kind::Weekends {
                    if let Some(free) = weekends(sc, rng, rota, size, *d, people, short) {
                        return (free, Kind::Weekends);
                    }
                }
                // (Also a weekend draw on a day off any weekend, or with no weekend limit.)
                return (aimed(sc, rng, size, (*d, *d), people, None), Kind::Short);
            }
            _ => {}
        }
    }
    let wrap = |d: usize| {
        if sc.calendar.is_cyclic() {
            d % nd
        } else {
            d.min(nd - 1)
        }
    };
    match kind {
        Kind::Rows => {
            let (s0, s1) = row_span(sc, rng);
            for _ in 0..size.people {
                let p = rng.below(np);
                mark(sc, &mut free, p, s0, s1);
            }
            (free, Kind::Rows)
        }
        Kind::Window => {
            let d0 = rng.below(nd);
            for row in free.iter_mut() {
                for k in 0..size.window {
                    row[wrap(d0 + k)] = true;
                }
            }
            (free, Kind::Window)
        }
        _ => {
            let lvl = sc.staff[rng.below(np)].level;
            let d0 = rng.below(nd);
            for p in (0..np).filter(|&p| sc.staff[p].level == lvl) {
                for k in 0..(2 * size.window).min(nd) {
                    free[p][wrap(d0 + k)] = true;
                }
            }
            (free, Kind::Level)
        }
    }
}

/// The prior share of each kind of neighbourhood not aimed at a hard breach, by
/// [`Kind::index`]. With a short day to aim at (`aim`: how many people count for its level),
/// half of them are aimed at it:
/// - when only a few (day, level) pairs are short (`n_short`; a trap: the nursing home's one
///   night short of a skilled worker), a third of those free the whole rows of two of those
///   who work most at the short times ([`Kind::Pairs`]). Their shifts there can move to the
///   short day from another week, which the rules (weekend rules, runs of nights) often allow
///   only as a trade between two rows;
/// - a third of the rest free the weekends of a few people across the horizon
///   ([`Kind::Weekends`], on a weekend day where worked weekends are limited; see
///   [`weekends`]);
/// - the rest free the days around it ([`Kind::Short`]).
///
/// The others (all of them without a short day) are split evenly between a stretch of rows,
/// a window of days and a window of one level.
fn priors(aim: Option<usize>, n_short: usize, pairs: bool, weekends: bool) -> PerKind {
    let mut p = [0.0; Kind::ALL.len()];
    let general = if aim.is_some() { 1.0 / 6.0 } else { 1.0 / 3.0 };
    for k in [Kind::Rows, Kind::Window, Kind::Level] {
        p[k.index()] = general;
    }
    if let Some(people) = aim {
        let mut left = 0.5;
        if pairs && n_short <= PAIRS_WHEN_SHORT && people >= 2 {
            p[Kind::Pairs.index()] = left / 3.0;
            left -= left / 3.0;
        }
        if weekends {
            p[Kind::Weekends.index()] = left / 3.0;
            left -= left / 3.0;
        }
        p[Kind::Short.index()] = left;
    }
    p
}

/// Draws a kind by `prior` share, each times its multiplier in `bias` where given.
fn pick(rng: &mut Rng, prior: &PerKind, bias: Option<&PerKind>) -> Kind {
    let w: Vec<f64> = (0..prior.len())
        .map(|i| prior[i] * bias.map_or(1.0, |b| b[i]))
        .collect();
    let mut u = rng.unit() * w.iter().sum::<f64>();
    for kind in Kind::ALL {
        let wk = w[kind.index()];
        if wk > 0.0 && u < wk {
            return kind;
        }
        u -= wk;
    }
    // Rounding at the top end: the last kind drawable.
    Kind::ALL
        .into_iter()
        .rev()
        .find(|k| w[k.index()] > 0.0)
        .unwrap_or(Kind::Rows)
}

/// The newest sub-MIP's weight in a kind's recent gain and seconds ([`KindStats`]): each
/// sub-MIP of the kind keeps this share of what came before.
pub(crate) const RECENT_DECAY: f64 = 0.9;

/// A kind's prior share is steered by its recent gain only after this many sub-MIPs of it.
const BIAS_MIN_SOLVED: usize = 5;

/// The bounds of a kind's multiplier in [`bias`].
const BIAS_MIN: f64 = 0.25;
const BIAS_MAX: f64 = 4.0;

/// Multipliers of the kinds' prior shares ([`priors`]), by [`Kind::index`], from what each
/// kind gained per second of its recent sub-MIPs against all kinds together, within
/// [`BIAS_MIN`] ..= [`BIAS_MAX`] (so that no kind goes unseen: a kind drawn less keeps its
/// old rate while the others' fall as the rota improves, and comes back). A kind with fewer
/// than [`BIAS_MIN_SOLVED`] sub-MIPs keeps 1. `None` while nothing has gained lately.
///
/// The kinds pay very differently by instance: on Curtois 24 at 300 s the weekend
/// neighbourhoods gained 392 per second of sub-MIP, the short days 220 and the windows 104,
/// while on Curtois 22 all five gained 545-872 (benches/RESULTS.md, session 33).
pub(crate) fn bias(stats: &[KindStats; Kind::ALL.len()]) -> Option<PerKind> {
    let counted = |k: &Kind| *k != Kind::Breach && stats[k.index()].solved >= BIAS_MIN_SOLVED;
    let (gain, seconds) = Kind::ALL
        .iter()
        .filter(|k| counted(k))
        .map(|k| &stats[k.index()])
        .fold((0.0, 0.0), |(g, t), k| {
            (g + k.recent_gain, t + k.recent_seconds)
        });
    if gain <= 0.0 || seconds <= 0.0 {
        return None;
    }
    let mean = gain / seconds;
    let mut m = [1.0; Kind::ALL.len()];
    for k in Kind::ALL.iter().filter(|k| counted(k)) {
        m[k.index()] = (stats[k.index()].recent_rate() / mean).clamp(BIAS_MIN, BIAS_MAX);
    }
    Some(m)
}

/// Days before and after a weekend that a [`weekends`] neighbourhood frees with it, so that
/// the runs and rest around a weekend worked or given up can change too.
const WEEKEND_PAD: i64 = 2;

/// The days (first, last) each weekend window touches on the horizon's axis (before wrapping
/// or clamping; see [`mark`]), when a rule limits the weekends worked (`max_weekends` of the
/// rules or of anyone, or `weekend_every`); else none.
pub(crate) fn weekend_days(sc: &Scenario) -> Vec<(i64, i64)> {
    let r = sc.rules();
    let limited = r.max_weekends.is_some()
        || r.weekend_every.is_some()
        || sc.staff.iter().any(|s| s.limits().max_weekends.is_some());
    if !limited {
        return Vec::new();
    }
    weekend_windows(sc)
        .into_iter()
        .map(|w| {
            (
                w.start.div_euclid(DAY_MINUTES),
                (w.end - 1).div_euclid(DAY_MINUTES),
            )
        })
        .collect()
}

/// The horizon's days among `a ..= b` (wrapping on a cyclic horizon; a dated one drops those
/// outside it).
fn days_of(sc: &Scenario, (a, b): (i64, i64)) -> impl Iterator<Item = usize> {
    let nd = sc.days() as i64;
    let cyclic = sc.calendar.is_cyclic();
    (a..=b).filter_map(move |d| {
        if cyclic {
            Some(d.rem_euclid(nd) as usize)
        } else {
            (0..nd).contains(&d).then_some(d as usize)
        }
    })
}

/// Whether `p` works some but not all days of weekend `w` in `rota`: a weekend that counts
/// as worked against the limit for only part of the work it could carry.
fn half_weekend(sc: &Scenario, rota: &Rota, p: usize, w: (i64, i64)) -> bool {
    let worked = days_of(sc, w)
        .filter(|&d| rota.cells[p][d].is_some())
        .count();
    worked > 0 && worked < days_of(sc, w).count()
}

/// A neighbourhood for a short day `d` on a weekend, where a rule limits the weekends worked:
/// a few of `people` (who count for the short level), each freed over that weekend and a
/// number of others across the whole horizon, [`WEEKEND_PAD`] days either side of each. The
/// first person is one who can take the short day. The other weekends are drawn in turn from
/// those the first one works with no day `short` (to give up) and those that the first one
/// works only in part or where some day is `short` (to take the other half), then from the
/// rest. The other people are drawn first among those who work a picked weekend only in part
/// (who can take the shift the first one gives up there).
/// `None` when `d` is on no weekend or no rule limits them.
///
/// When everybody works as many weekends as they may, a short weekend is mended only by
/// giving a weekend up elsewhere: best one worked in part, whose one shift another person
/// working the other half can take. The weekend limit counts over the whole horizon, so the
/// two weekends can lie months apart, beyond any window of days or stretch of rows the other
/// neighbourhoods free. On Curtois 22 (50 people, a year) 417 of 423 shifts short fell on a
/// weekend, with 49 of the 50 people at their limit and 285 of their 1 319 weekends worked
/// on one day of two. On Curtois 24 (150 people) 709 of 787 shifts short fell on the last 14
/// weekends of the year, whose demand rises to three times the first ones', while 134 of the
/// 150 had worked all their 26 weekends, the earlier ones without a shift short: the weekend
/// to give up lay months before the short one.
fn weekends(
    sc: &Scenario,
    rng: &mut Rng,
    rota: &Rota,
    size: &Sizes,
    d: usize,
    people: &[usize],
    short: &[(usize, usize)],
) -> Option<Vec<Vec<bool>>> {
    let all = weekend_days(sc);
    let w = all.iter().position(|&w| days_of(sc, w).any(|x| x == d))?;
    if people.is_empty() {
        return None;
    }
    let (np, nd) = (sc.staff.len(), sc.days());
    let take = (2 * size.people).clamp(2, 6).min(people.len());
    let mut rest = people.to_vec();
    // The first is one who can take the short day: who works only the other half of that
    // weekend, or (every other time) who does not work it and works another only in part.
    let other_half = rng.below(2) == 0;
    let fits = |p: usize| {
        if other_half {
            half_weekend(sc, rota, p, all[w])
        } else {
            days_of(sc, all[w]).all(|x| rota.cells[p][x].is_none())
                && all.iter().any(|&v| half_weekend(sc, rota, p, v))
        }
    };
    let fitting: Vec<usize> = (0..rest.len()).filter(|&i| fits(rest[i])).collect();
    let mut chosen = Vec::with_capacity(take);
    let first = if fitting.is_empty() {
        rng.below(rest.len())
    } else {
        fitting[rng.below(fitting.len())]
    };
    chosen.push(rest.swap_remove(first));
    // As many weekends as the budget of cells allows, at least two (where there are two).
    let per = (all[w].1 - all[w].0 + 1 + 2 * WEEKEND_PAD) as usize;
    let count = (size.cells / (take * per).max(1)).max(2).min(all.len());
    // Each other weekend in one of three pools: one that the first works with no day short
    // (a weekend to give up, so as to work the short one), one that the first works only in
    // part or that has a short day (to take the other half), and the rest.
    let short_on = |i: usize| days_of(sc, all[i]).any(|x| short.iter().any(|&(s, _)| s == x));
    let pool_of = |i: usize| {
        let works = |p: usize| days_of(sc, all[i]).any(|x| rota.cells[p][x].is_some());
        if !short_on(i) && chosen.iter().any(|&p| works(p)) {
            0
        } else if short_on(i) || chosen.iter().any(|&p| half_weekend(sc, rota, p, all[i])) {
            1
        } else {
            2
        }
    };
    let mut pools: [Vec<usize>; 3] = Default::default();
    for i in (0..all.len()).filter(|&i| i != w) {
        pools[pool_of(i)].push(i);
    }
    // The first two pools in turn (from either), then the rest.
    let start = rng.below(2);
    let mut picked = vec![w];
    while picked.len() < count && pools.iter().any(|p| !p.is_empty()) {
        let turn = (picked.len() + start) % 2;
        let k = [turn, 1 - turn, 2]
            .into_iter()
            .find(|&k| !pools[k].is_empty())
            .unwrap_or(2);
        let pool = &mut pools[k];
        picked.push(pool.swap_remove(rng.below(pool.len())));
    }
    // The others: first those who work one of the picked weekends only in part (who can take
    // the shift the first one gives up there), then any.
    let (mut halves, mut others): (Vec<usize>, Vec<usize>) = rest
        .into_iter()
        .partition(|&p| picked.iter().any(|&i| half_weekend(sc, rota, p, all[i])));
    while chosen.len() < take {
        let pool = if halves.is_empty() {
            &mut others
        } else {
            &mut halves
        };
        chosen.push(pool.swap_remove(rng.below(pool.len())));
    }
    let mut free = vec![vec![false; nd]; np];
    for &p in &chosen {
        for &i in &picked {
            let (a, b) = all[i];
            mark(sc, &mut free, p, a - WEEKEND_PAD, b + WEEKEND_PAD);
        }
    }
    Some(free)
}

/// A neighbourhood aimed at days `(a, b)` (a wrapped period has `a > b`) for `people`, with
/// `concerned` (the person a breach is about) always in it.
fn aimed(
    sc: &Scenario,
    rng: &mut Rng,
    size: &Sizes,
    (a, b): (usize, usize),
    people: &[usize],
    concerned: Option<usize>,
) -> Vec<Vec<bool>> {
    let (np, nd) = (sc.staff.len(), sc.days());
    let mut free = vec![vec![false; nd]; np];
    // A wrapped period has a > b: widen from a to b + cycle.
    let b = if b < a { b + nd } else { b };
    // A breach over a long stretch of a long horizon (hours over the year): a span of it.
    let (a, b) = if b - a + 1 > LONG_SPAN {
        let a = a + rng.below(b - a + 2 - LONG_SPAN);
        (a, a + LONG_SPAN - 1)
    } else {
        (a, b)
    };
    let pad = (size.window as i64 / 2).max(2);
    // Hours are tied to positions over the whole horizon, so moving work between people
    // needs their whole rows: a few people over the whole horizon, or (every other time)
    // more people over the days around the breach.
    let whole = rng.below(2) == 0;
    let take = if whole {
        size.people.clamp(2, 4)
    } else {
        people.len()
    };
    let mut chosen: Vec<usize> = concerned.into_iter().collect();
    let mut rest: Vec<usize> = people
        .iter()
        .copied()
        .filter(|p| !chosen.contains(p))
        .collect();
    while chosen.len() < take && !rest.is_empty() {
        chosen.push(rest.swap_remove(rng.below(rest.len())));
    }
    let (s0, s1) = row_span(sc, rng);
    for p in chosen {
        if whole {
            mark(sc, &mut free, p, s0, s1);
        } else {
            mark(sc, &mut free, p, a as i64 - pad, b as i64 + pad);
        }
    }
    free
}

/// Person-hours per level that slot `k` is below the curve's minimum with supply `sup`
/// (`weights`: the levels' weights), or `None` where the slot has no minimum.
fn below_minimum(sc: &Scenario, sup: &Supply, weights: &[f64], k: usize) -> Option<Vec<f64>> {
    let mins: Vec<f64> = sc.curve[k].iter().map(|x| f64::from(x.min)).collect();
    if mins.iter().all(|&m| m == 0.0) {
        return None;
    }
    Some(nested_shortfall(&mins, sup.slot(k), weights))
}

/// The levels' weights, as [`below_minimum`] takes them.
fn level_weights(sc: &Scenario) -> Vec<f64> {
    (0..sc.levels()).map(|l| sc.level_weight(l)).collect()
}

/// The (day, level) pairs where `rota` is below the demand curve's minimum, each once, in
/// order.
pub(crate) fn under_minimum(sc: &Scenario, rota: &Rota) -> Vec<(usize, usize)> {
    let sup = supply(sc, rota);
    let weights = level_weights(sc);
    let mut out = Vec::new();
    for k in 0..sc.curve.len() {
        let Some(short) = below_minimum(sc, &sup, &weights, k) else {
            continue;
        };
        let day = k / sc.slots_per_day;
        for (l, &s) in short.iter().enumerate() {
            if s > 1e-9 && !out.contains(&(day, l)) {
                out.push((day, l));
            }
        }
    }
    out
}

/// The (day, level) pairs where `rota` is short of a per-shift cover row (the level is the
/// row's, or the lowest for a row any level may fill), each once, in order of the rows.
pub(crate) fn cover_short(sc: &Scenario, rota: &Rota) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for row in sc.cover.iter().filter(|row| row_short(sc, rota, row)) {
        let level = row.level.unwrap_or(sc.levels() - 1);
        if !out.contains(&(row.day, level)) {
            out.push((row.day, level));
        }
    }
    out
}

/// Whether `rota` has fewer people on `row`'s shift (of its level or higher) than it requires.
fn row_short(sc: &Scenario, rota: &Rota, row: &CoverRow) -> bool {
    let n = (0..sc.staff.len())
        .filter(|&p| {
            rota.cells[p][row.day] == Some(row.shift)
                && row.level.is_none_or(|l| sc.staff[p].level <= l)
        })
        .count();
    n < row.required as usize
}

/// The days the search aims at once no hard rule is broken: those below the curve's minimum
/// ([`under_minimum`]), then those short of a per-shift cover row ([`cover_short`]).
pub(crate) fn short_days(sc: &Scenario, rota: &Rota) -> Vec<(usize, usize)> {
    let mut out = under_minimum(sc, rota);
    for x in cover_short(sc, rota) {
        if !out.contains(&x) {
            out.push(x);
        }
    }
    out
}

/// The times of day (slots of a day) at which `rota` is short for `level` on day `d`: below the
/// curve's minimum at that level, or short of a per-shift cover row of it (the shift's slots).
pub(crate) fn short_times(sc: &Scenario, rota: &Rota, d: usize, level: usize) -> Vec<bool> {
    let spd = sc.slots_per_day;
    let mut at = vec![false; spd];
    let sup = supply(sc, rota);
    let weights = level_weights(sc);
    for k in d * spd..((d + 1) * spd).min(sc.curve.len()) {
        if below_minimum(sc, &sup, &weights, k)
            .is_some_and(|s| s.get(level).is_some_and(|&x| x > 1e-9))
        {
            at[k % spd] = true;
        }
    }
    for row in sc.cover.iter().filter(|r| r.day == d) {
        if row.level.unwrap_or(sc.levels() - 1) != level || !row_short(sc, rota, row) {
            continue;
        }
        for (k, _) in sc.shift_slots(d, row.shift) {
            at[k % spd] = true;
        }
    }
    at
}

/// `people` ordered by the hours they work at the times of day `at` marks (on any day), most
/// first, ties by index: those whose rows a pair neighbourhood aimed at a shortfall at those
/// times should free.
pub(crate) fn ranked_by_times(
    sc: &Scenario,
    rota: &Rota,
    people: &[usize],
    at: &[bool],
) -> Vec<usize> {
    let spd = sc.slots_per_day;
    let hours = |p: usize| -> f64 {
        rota.cells[p]
            .iter()
            .enumerate()
            .filter_map(|(d, c)| c.map(|s| (d, s)))
            .flat_map(|(d, s)| sc.shift_slots(d, s))
            .filter(|&(k, _)| at[k % spd])
            .map(|(_, f)| f)
            .sum()
    };
    let mut scored: Vec<(f64, usize)> = people.iter().map(|&p| (hours(p), p)).collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    scored.into_iter().map(|(_, p)| p).collect()
}

/// Pair neighbourhoods are drawn among this many of the [`ranked_by_times`].
pub(crate) const PAIRS_AMONG: usize = 6;

/// Pair neighbourhoods are drawn only while at most this many (day, level) pairs are short.
const PAIRS_WHEN_SHORT: usize = 4;

/// Construction groups: staff of one competence level together (highest first, night workers
/// first within it), in chunks of at most `chunk`.
pub(crate) fn construction_groups(sc: &Scenario, chunk: usize) -> Vec<Vec<usize>> {
    let mut order: Vec<usize> = (0..sc.staff.len()).collect();
    order.sort_by_key(|&p| {
        let st = &sc.staff[p];
        let wanted = st.position().map_or(0.0, |x| x.wanted());
        (st.level, !st.spec.nights_only, -(wanted * 100.0) as i64, p)
    });
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for p in order {
        match groups.last_mut() {
            Some(g) if g.len() < chunk && sc.staff[g[0]].level == sc.staff[p].level => g.push(p),
            _ => groups.push(vec![p]),
        }
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::{
        below_minimum, bias, choose, cover_short, days_of, half_weekend, level_weights, pick,
        priors, ranked_by_times, row_short, short_days, short_times, supply, trim, under_minimum,
        weekend_days, Kind, KindStats, Kinds, PerKind, Rng, Sizes, BIAS_MAX, BIAS_MIN,
        BIAS_MIN_SOLVED, PAIRS_AMONG, PAIRS_WHEN_SHORT, WEEKEND_PAD,
    };
    use turnus_core::{validate, Rota, Scenario};

    fn small_unit() -> (Scenario, Rota) {
        fixture("small_unit")
    }

    fn fixture(name: &str) -> (Scenario, Rota) {
        let dir = format!("{}/../../fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
        let sc =
            Scenario::from_json(&std::fs::read_to_string(format!("{dir}/scenario.json")).unwrap())
                .unwrap();
        let rota = Rota::from_json(
            &sc,
            &std::fs::read_to_string(format!("{dir}/rota.json")).unwrap(),
        )
        .unwrap();
        (sc, rota)
    }

    /// The days below the minimum agree with the validator: none exactly when it counts no
    /// hours below the minimum, and every day with a minimum in the curve for an empty rota.
    #[test]
    fn under_minimum_agrees_with_the_validator() {
        let (sc, mut rota) = small_unit();
        let hours = |r: &Rota| validate(&sc, r).terms.under_min_hours.iter().sum::<f64>();
        assert_eq!(under_minimum(&sc, &rota).is_empty(), hours(&rota) == 0.0);
        // Take a whole row out: the rota falls below the minimum somewhere.
        let p = (0..sc.staff.len())
            .find(|&p| {
                let mut r = rota.clone();
                r.cells[p].iter_mut().for_each(|c| *c = None);
                hours(&r) > hours(&rota)
            })
            .expect("some row carries minimum cover");
        rota.cells[p].iter_mut().for_each(|c| *c = None);
        let short = under_minimum(&sc, &rota);
        assert!(!short.is_empty());
        let empty = Rota::empty(&sc);
        let all = under_minimum(&sc, &empty);
        for d in 0..sc.days() {
            let slots = d * sc.slots_per_day..(d + 1) * sc.slots_per_day;
            let has_min = sc.curve[slots]
                .iter()
                .any(|dem| dem.iter().any(|x| x.min > 0));
            assert_eq!(has_min, all.iter().any(|&(day, _)| day == d), "day {d}");
        }
        assert!(short.iter().all(|x| all.contains(x)), "{short:?}");
    }

    /// Without hard breaches, about half the neighbourhoods are aimed at a day below the
    /// minimum: only staff who count for the short level, each with that day free.
    #[test]
    fn neighbourhoods_aim_at_days_below_the_minimum() {
        let (sc, rota) = small_unit();
        let rep = validate(&sc, &rota);
        assert!(rep.is_feasible());
        let (day, level) = (17, 0);
        let size = Sizes {
            people: 2,
            window: 7,
            cells: usize::MAX,
        };
        let mut rng = Rng::new(7);
        let draws = 200;
        let aimed = (0..draws)
            .filter(|_| {
                let (free, kind) = choose(
                    &sc,
                    &mut rng,
                    &rota,
                    &rep,
                    &[(day, level)],
                    &size,
                    Kinds::ALL,
                );
                let rows: Vec<usize> = (0..sc.staff.len())
                    .filter(|&p| free[p].iter().any(|&f| f))
                    .collect();
                let on_target = !rows.is_empty()
                    && rows
                        .iter()
                        .all(|&p| sc.staff[p].level <= level && free[p][day]);
                let named = matches!(kind, Kind::Short | Kind::Pairs | Kind::Weekends);
                assert!(
                    !named || on_target,
                    "a {} draw aims at the day",
                    kind.name()
                );
                named
            })
            .count();
        assert!(aimed * 10 >= draws * 4, "{aimed} of {draws}");
    }

    /// The prior shares sum to one and give nothing to a kind that cannot be drawn: without
    /// a short day only rows, windows and levels; with one, half aimed at it (pairs only
    /// while few days are short, weekends only where switched on).
    #[test]
    fn priors_follow_what_can_be_drawn() {
        let share = |p: &PerKind, k: Kind| p[k.index()];
        let close = |a: f64, b: f64| (a - b).abs() < 1e-12;
        for (aim, n_short, pairs, weekends) in [
            (None, 0, true, true),
            (Some(5), 2, true, true),
            (Some(5), 2, false, true),
            (Some(5), PAIRS_WHEN_SHORT + 1, true, true),
            (Some(1), 2, true, false),
        ] {
            let p = priors(aim, n_short, pairs, weekends);
            assert!(close(p.iter().sum(), 1.0), "{p:?}");
            assert_eq!(share(&p, Kind::Breach), 0.0);
            let general = if aim.is_some() { 1.0 / 6.0 } else { 1.0 / 3.0 };
            for k in [Kind::Rows, Kind::Window, Kind::Level] {
                assert!(close(share(&p, k), general), "{k:?} {p:?}");
            }
            let pairs_on = aim.is_some_and(|n| n >= 2) && pairs && n_short <= PAIRS_WHEN_SHORT;
            assert_eq!(share(&p, Kind::Pairs) > 0.0, pairs_on, "{p:?}");
            assert_eq!(
                share(&p, Kind::Weekends) > 0.0,
                aim.is_some() && weekends,
                "{p:?}"
            );
            assert_eq!(share(&p, Kind::Short) > 0.0, aim.is_some(), "{p:?}");
        }
        // The shares the search drew before they could be steered.
        let p = priors(Some(5), 2, true, true);
        assert!(close(share(&p, Kind::Pairs), 1.0 / 6.0));
        assert!(close(share(&p, Kind::Weekends), 1.0 / 9.0));
        assert!(close(share(&p, Kind::Short), 2.0 / 9.0));
    }

    /// `pick` draws each kind about as often as its prior share times its multiplier says,
    /// and never one whose share is 0.
    #[test]
    fn pick_draws_by_share_times_multiplier() {
        let mut rng = Rng::new(3);
        let prior = priors(Some(5), 9, true, true);
        let mut bias = [1.0; 7];
        bias[Kind::Weekends.index()] = 4.0;
        bias[Kind::Rows.index()] = 0.25;
        let weights: Vec<f64> = (0..7).map(|i| prior[i] * bias[i]).collect();
        let total: f64 = weights.iter().sum();
        let n = 40_000;
        let mut count = [0usize; 7];
        for _ in 0..n {
            count[pick(&mut rng, &prior, Some(&bias)).index()] += 1;
        }
        for k in Kind::ALL {
            let want = weights[k.index()] / total;
            let got = count[k.index()] as f64 / n as f64;
            assert!((got - want).abs() < 0.01, "{k:?}: {got} against {want}");
        }
        assert_eq!(count[Kind::Breach.index()], 0);
        assert_eq!(count[Kind::Pairs.index()], 0, "9 days short: no pairs");
    }

    /// `bias` raises the kinds that gained more per second of late than all together and
    /// lowers the others, within its bounds; a kind with too few sub-MIPs and the breach
    /// neighbourhoods keep 1, and without any gain nothing is steered.
    #[test]
    fn bias_follows_the_recent_gain_per_second() {
        let stat = |solved: usize, gain: f64, seconds: f64| KindStats {
            solved,
            recent_gain: gain,
            recent_seconds: seconds,
            ..KindStats::default()
        };
        let mut stats = [KindStats::default(); 7];
        stats[Kind::Breach.index()] = stat(50, 1e6, 1.0);
        stats[Kind::Short.index()] = stat(50, 200.0, 1.0);
        stats[Kind::Weekends.index()] = stat(50, 400.0, 1.0);
        stats[Kind::Rows.index()] = stat(50, 100.0, 1.0);
        stats[Kind::Window.index()] = stat(50, 0.0, 1.0);
        stats[Kind::Level.index()] = stat(BIAS_MIN_SOLVED - 1, 1e6, 1.0);
        let m = bias(&stats).expect("some gain");
        // Together 700 in 4 s: 175 per second.
        let close = |a: f64, b: f64| (a - b).abs() < 1e-9;
        assert!(close(m[Kind::Short.index()], 200.0 / 175.0), "{m:?}");
        assert!(close(m[Kind::Weekends.index()], 400.0 / 175.0), "{m:?}");
        assert!(close(m[Kind::Rows.index()], 100.0 / 175.0), "{m:?}");
        assert!(close(m[Kind::Window.index()], BIAS_MIN), "{m:?}");
        assert!(close(m[Kind::Level.index()], 1.0), "too few: {m:?}");
        assert!(close(m[Kind::Breach.index()], 1.0), "breaches: {m:?}");
        assert!(close(m[Kind::Pairs.index()], 1.0), "never drawn: {m:?}");
        // A kind's own rate is part of the mean: far above it only in far fewer seconds.
        stats[Kind::Weekends.index()] = stat(50, 1e5, 0.01);
        assert!(close(
            bias(&stats).unwrap()[Kind::Weekends.index()],
            BIAS_MAX
        ));
        for k in [Kind::Short, Kind::Weekends, Kind::Rows] {
            stats[k.index()].recent_gain = 0.0;
        }
        assert!(bias(&stats).is_none(), "no recent gain, nothing steered");
    }

    /// `trim` drops whole rows, at random, until the budget holds or two rows are left; the
    /// rows it keeps are as they were.
    #[test]
    fn trim_drops_whole_rows_down_to_the_budget() {
        let mut rng = Rng::new(11);
        for budget in [0, 5, 12, 13, 40, 1000] {
            // Ten rows of 1..=10 free cells each (55 in all).
            let before: Vec<Vec<bool>> =
                (0..10).map(|p| (0..10).map(|d| d <= p).collect()).collect();
            let mut free = before.clone();
            trim(&mut free, budget, &mut rng);
            let count = |f: &[Vec<bool>]| f.iter().flatten().filter(|&&x| x).count();
            let rows = free.iter().filter(|r| r.iter().any(|&x| x)).count();
            assert!(
                count(&free) <= budget || rows == 2,
                "{budget}: {}",
                count(&free)
            );
            for (kept, was) in free.iter().zip(&before) {
                assert!(
                    kept == was || kept.iter().all(|&x| !x),
                    "only whole rows go"
                );
            }
            if budget >= 55 {
                assert_eq!(free, before, "nothing dropped within the budget");
            } else {
                // Dropping stops as soon as the budget holds: the last row dropped was needed.
                assert!(count(&free) + 10 > budget || rows == 2);
            }
        }
    }

    /// On a rota without hard breaches every neighbourhood `choose` draws keeps to the budget
    /// of free cells (or is two rows), and with a large budget some have more than a small
    /// one allows.
    #[test]
    fn neighbourhoods_keep_to_the_budget_of_cells() {
        let (sc, rota) = small_unit();
        let rep = validate(&sc, &rota);
        assert!(rep.is_feasible());
        let short = short_days(&sc, &rota);
        let cells = |f: &[Vec<bool>]| f.iter().flatten().filter(|&&x| x).count();
        let mut rng = Rng::new(5);
        let mut largest = [0usize; 2];
        for (i, budget) in [30, usize::MAX].into_iter().enumerate() {
            let size = Sizes {
                people: 3,
                window: 7,
                cells: budget,
            };
            for _ in 0..200 {
                let (free, _) = choose(&sc, &mut rng, &rota, &rep, &short, &size, Kinds::ALL);
                let rows = free.iter().filter(|r| r.iter().any(|&x| x)).count();
                assert!(
                    cells(&free) <= budget || rows <= 2,
                    "{} cells",
                    cells(&free)
                );
                largest[i] = largest[i].max(cells(&free));
            }
        }
        assert!(
            largest[1] > 30,
            "without a budget some are larger: {largest:?}"
        );
    }

    /// Taking a night off the nursing home's rota leaves that night short; the short times are
    /// the night's, the people ranked first for them are night workers (and those who never
    /// work nights last), and a share of the neighbourhoods aimed at the day frees the whole
    /// rows of two of the first [`PAIRS_AMONG`].
    #[test]
    fn pair_neighbourhoods_free_the_rows_that_work_at_the_short_times() {
        let (sc, rota) = fixture("nursing_home");
        let night = sc.shifts.iter().position(|s| s.spec.id == "N").unwrap();
        // A night worker's night whose removal takes the curve below its minimum.
        let (p, d) = (0..sc.staff.len())
            .flat_map(|p| (0..sc.days()).map(move |d| (p, d)))
            .find(|&(p, d)| {
                let mut r = rota.clone();
                r.cells[p][d] = None;
                rota.cells[p][d] == Some(night)
                    && !under_minimum(&sc, &r).is_empty()
                    && under_minimum(&sc, &rota).is_empty()
            })
            .expect("a night that carries the minimum");
        let mut short = rota.clone();
        short.cells[p][d] = None;
        let &(day, level) = under_minimum(&sc, &short).first().unwrap();
        let at = short_times(&sc, &short, day, level);
        let spd = sc.slots_per_day;
        let slot_at = |h: usize| h * spd / 24;
        assert!(at.iter().any(|&x| x), "some time of day {day} is short");
        assert!(!at[slot_at(12)], "noon is not short: {at:?}");
        let people: Vec<usize> = (0..sc.staff.len())
            .filter(|&q| sc.staff[q].level <= level)
            .collect();
        let ranked = ranked_by_times(&sc, &short, &people, &at);
        assert_eq!(ranked.len(), people.len());
        let works_nights = |q: usize| short.cells[q].contains(&Some(night));
        assert!(works_nights(ranked[0]) && works_nights(ranked[1]));
        let first_without = ranked.iter().position(|&q| !works_nights(q));
        if let Some(i) = first_without {
            assert!(
                ranked[i..].iter().all(|&q| !works_nights(q)),
                "night workers rank before the others: {ranked:?}"
            );
        }
        // The report of the rota before the night came off: it has no hard breach (taking
        // the night off breaks the worker's hours, and then three draws in four would aim at
        // that breach; the draw asks the report only for hard breaches).
        let rep = validate(&sc, &rota);
        assert!(rep.is_feasible());
        let size = Sizes {
            people: 2,
            window: 7,
            cells: usize::MAX,
        };
        let mut rng = Rng::new(3);
        let pairs = (0..300)
            .filter(|_| {
                let (free, kind) = choose(
                    &sc,
                    &mut rng,
                    &short,
                    &rep,
                    &[(day, level)],
                    &size,
                    Kinds::ALL,
                );
                let rows: Vec<usize> = (0..sc.staff.len())
                    .filter(|&q| free[q].iter().any(|&f| f))
                    .collect();
                let whole_pair = rows.len() == 2
                    && rows
                        .iter()
                        .all(|&q| free[q].iter().all(|&f| f) && ranked[..PAIRS_AMONG].contains(&q));
                assert!(kind != Kind::Pairs || whole_pair, "{rows:?}");
                kind == Kind::Pairs
            })
            .count();
        // Without the pairs there are none.
        let none = (0..300)
            .filter(|_| {
                let kinds = Kinds {
                    pairs: false,
                    ..Kinds::ALL
                };
                choose(&sc, &mut rng, &short, &rep, &[(day, level)], &size, kinds).1 == Kind::Pairs
            })
            .count();
        assert_eq!(none, 0, "TURNUS_NO_PAIRS draws no pairs");
        // Half the draws aim at the short day, a third of those at a pair: about 50 of 300.
        assert!(
            (25..=90).contains(&pairs),
            "{pairs} pair neighbourhoods of 300"
        );
    }

    /// On the nursing home's rota (which allows every third weekend), a share of the
    /// neighbourhoods aimed at a short Sunday free two to four people, each over the short
    /// weekend and as many others as the budget of cells allows (at least one), and over no
    /// day further than [`WEEKEND_PAD`] from a weekend. The other weekend is one that one of
    /// them works with no day short (to give up), or works only in part, or one with a short
    /// day, whenever there is such a weekend, and both the first kind and the others come up;
    /// every other draw starts from one who can take the short day.
    #[test]
    fn weekend_neighbourhoods_free_a_few_people_over_weekends_across_the_horizon() {
        let (sc, rota) = fixture("nursing_home");
        let spans = weekend_days(&sc);
        assert_eq!(
            spans.len(),
            sc.days() / 7,
            "one weekend a week of the cycle"
        );
        let on_weekend = |d: usize| spans.iter().position(|&w| days_of(&sc, w).any(|x| x == d));
        let rep = validate(&sc, &rota);
        assert!(rep.is_feasible());
        // Somebody who is off the second weekend and works another whole works only half of
        // it. (The report stays the whole rota's: the draw asks it only for hard breaches.)
        let (p, k) = (0..sc.staff.len())
            .flat_map(|p| (0..spans.len()).map(move |k| (p, k)))
            .find(|&(p, k)| {
                k != 1
                    && days_of(&sc, spans[k]).all(|x| rota.cells[p][x].is_some())
                    && days_of(&sc, spans[1]).all(|x| rota.cells[p][x].is_none())
            })
            .expect("a whole weekend worked by someone off the second");
        assert!(
            (0..sc.staff.len())
                .all(|q| (0..spans.len()).all(|i| !half_weekend(&sc, &rota, q, spans[i]))),
            "nobody works half a weekend yet"
        );
        let mut rota = rota;
        let sat = days_of(&sc, spans[k]).next().unwrap();
        rota.cells[p][sat] = None;
        assert!(half_weekend(&sc, &rota, p, spans[k]));
        // Aim at the second Sunday, for the lowest level (everybody counts for it).
        let (day, level) = (13, sc.levels() - 1);
        let short = [(day, level)];
        let w = on_weekend(day).expect("a Sunday is on a weekend");
        let size = Sizes {
            people: 2,
            window: 7,
            cells: 50,
        };
        let near = |x: usize| {
            spans
                .iter()
                .any(|&(a, b)| days_of(&sc, (a - WEEKEND_PAD, b + WEEKEND_PAD)).any(|y| y == x))
        };
        let mut rng = Rng::new(9);
        let mut found = 0;
        let mut wanted_there = 0;
        let mut with_p = 0;
        let mut named = 0;
        let (mut spare_freed, mut wanted_freed) = (0, 0);
        for _ in 0..600 {
            let (free, kind) = choose(&sc, &mut rng, &rota, &rep, &short, &size, Kinds::ALL);
            named += usize::from(kind == Kind::Weekends);
            let rows: Vec<usize> = (0..sc.staff.len())
                .filter(|&q| free[q].iter().any(|&f| f))
                .collect();
            let freed: Vec<usize> = (0..spans.len())
                .filter(|&i| {
                    rows.iter()
                        .any(|&q| days_of(&sc, spans[i]).any(|x| free[q][x]))
                })
                .collect();
            let only_weekends = rows
                .iter()
                .all(|&q| (0..sc.days()).all(|x| !free[q][x] || near(x)));
            if !only_weekends || freed.len() < 2 {
                assert_ne!(kind, Kind::Weekends, "a weekend draw frees weekends");
                continue;
            }
            found += 1;
            with_p += usize::from(rows.contains(&p));
            assert!((2..=4).contains(&rows.len()), "{} rows", rows.len());
            for &q in &rows {
                assert!(sc.staff[q].level <= level, "{q} counts for the level");
                assert!(free[q][day], "{q} has the short day free");
            }
            assert!(freed.contains(&w), "the short weekend: {freed:?}");
            let cells = free.iter().flatten().filter(|&&f| f).count();
            assert!(
                cells <= size.cells || freed.len() == 2,
                "as many weekends as the budget allows, at least two: {freed:?}, {cells} cells"
            );
            // A weekend one of them works with nothing short (to give up), or one that one
            // of them works in part or that has a short day (to take the other half).
            let short_on =
                |i: usize| days_of(&sc, spans[i]).any(|x| short.iter().any(|&(s, _)| s == x));
            let spare = |i: usize| {
                !short_on(i)
                    && rows
                        .iter()
                        .any(|&q| days_of(&sc, spans[i]).any(|x| rota.cells[q][x].is_some()))
            };
            let wanted = |i: usize| {
                short_on(i) || rows.iter().any(|&q| half_weekend(&sc, &rota, q, spans[i]))
            };
            if (0..spans.len()).any(|i| i != w && (spare(i) || wanted(i))) {
                wanted_there += 1;
                let other = freed.iter().any(|&i| i != w && (spare(i) || wanted(i)));
                assert!(
                    other,
                    "the other weekend is one to give up or to take: {freed:?}"
                );
                spare_freed += usize::from(freed.iter().any(|&i| i != w && spare(i)));
                wanted_freed +=
                    usize::from(freed.iter().any(|&i| i != w && !spare(i) && wanted(i)));
            }
        }
        // Half the draws aim at the short day; of those, past the pairs, a third: about 60.
        assert!(
            (25..=120).contains(&found),
            "{found} weekend neighbourhoods of 600"
        );
        assert!(wanted_there > 0, "some draw had a wanted weekend to choose");
        // Weekends to give up come up often: everybody works some weekend with nothing short.
        // (Here none is only to take: the one weekend worked in part has nothing short, so
        // it is one to give up.)
        assert!(
            spare_freed * 2 >= wanted_there && wanted_freed == 0,
            "{spare_freed} to give up and {wanted_freed} to take, of {wanted_there}"
        );
        // Every weekend draw is named so (a window of a few days can look like one too).
        assert!(named > 0 && named <= found, "{named} named, {found} found");
        let kinds = Kinds {
            weekends: false,
            ..Kinds::ALL
        };
        let none = (0..300)
            .filter(|_| {
                choose(&sc, &mut rng, &rota, &rep, &short, &size, kinds).1 == Kind::Weekends
            })
            .count();
        assert_eq!(
            none, 0,
            "TURNUS_NO_WEEKENDS draws no weekend neighbourhoods"
        );
        // Steered towards the weekends, many more draws are weekend neighbourhoods.
        let mut bias = [BIAS_MIN; 7];
        bias[Kind::Weekends.index()] = BIAS_MAX;
        let kinds = Kinds {
            bias: Some(bias),
            ..Kinds::ALL
        };
        let steered = (0..600)
            .filter(|_| {
                choose(&sc, &mut rng, &rota, &rep, &short, &size, kinds).1 == Kind::Weekends
            })
            .count();
        assert!(steered >= 3 * named, "{steered} steered, {named} not");
        // Every other draw starts from one who is off the short weekend and works another
        // only in part: `p` alone. Drawn at random, 4 of the 32 would include `p` one time in 8.
        assert!(
            with_p * 10 >= found * 4,
            "{with_p} of {found} free the one who can take the short weekend"
        );
    }

    /// The days short of a per-shift cover row agree with the validator's count of people
    /// short; an empty rota is short on the day of every row that asks for someone.
    #[test]
    fn cover_short_agrees_with_the_validator() {
        let (sc, rota) = fixture("home_care");
        assert!(!sc.cover.is_empty(), "the fixture has per-shift cover rows");
        let count = |r: &Rota| validate(&sc, r).terms.cover_under_count;
        let empty = Rota::empty(&sc);
        let all = cover_short(&sc, &empty);
        assert!(count(&empty) > 0.0);
        for row in sc.cover.iter().filter(|r| r.required > 0) {
            let level = row.level.unwrap_or(sc.levels() - 1);
            assert!(all.contains(&(row.day, level)), "{row:?}");
        }
        assert_eq!(cover_short(&sc, &rota).is_empty(), count(&rota) == 0.0);
        // Take people off one covered row's shift until it is short: its day shows up.
        let row = sc
            .cover
            .iter()
            .find(|r| r.required > 0)
            .expect("a cover row");
        let mut short = rota.clone();
        for p in 0..sc.staff.len() {
            if short.cells[p][row.day] == Some(row.shift) {
                short.cells[p][row.day] = None;
            }
        }
        let level = row.level.unwrap_or(sc.levels() - 1);
        assert!(count(&short) > 0.0);
        assert!(cover_short(&sc, &short).contains(&(row.day, level)));
        assert!(short_days(&sc, &short).contains(&(row.day, level)));
        // The short times of that day are the short row's shift, not those of the rows of the
        // same day and level that are still met (unless the curve's minimum is short there).
        let spd = sc.slots_per_day;
        let at = short_times(&sc, &short, row.day, level);
        for (k, _) in sc.shift_slots(row.day, row.shift) {
            assert!(at[k % spd], "slot {k} of the short row");
        }
        let sup = supply(&sc, &short);
        let weights = level_weights(&sc);
        let in_short_row = |slot: usize| {
            sc.cover.iter().any(|r| {
                r.day == row.day
                    && r.level.unwrap_or(sc.levels() - 1) == level
                    && row_short(&sc, &short, r)
                    && sc.shift_slots(r.day, r.shift).any(|(k, _)| k % spd == slot)
            })
        };
        let below = |slot: usize| {
            below_minimum(&sc, &sup, &weights, row.day * spd + slot)
                .is_some_and(|x| x.get(level).is_some_and(|&v| v > 1e-9))
        };
        for slot in (0..spd).filter(|&slot| at[slot]) {
            assert!(
                in_short_row(slot) || below(slot),
                "slot {slot} is not short"
            );
        }
        let met = sc
            .cover
            .iter()
            .filter(|r| r.day == row.day && r.level.unwrap_or(sc.levels() - 1) == level)
            .filter(|r| !row_short(&sc, &short, r))
            .flat_map(|r| sc.shift_slots(r.day, r.shift))
            .map(|(k, _)| k % spd)
            .filter(|&slot| !in_short_row(slot) && !below(slot))
            .count();
        assert!(
            met > 0,
            "the day has a met row at other times, so the check can fail"
        );
    }
}
