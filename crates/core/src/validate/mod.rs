//! The validator: the referee. [`validate`] checks any rota (hand-made, imported or solved)
//! against a scenario and returns a [`Report`]. It never fails and never calls a solver:
//! violations are data.
//!
//! The report holds every rule violation, the objective split into terms, and the KPIs.

use serde::Serialize;
use std::fmt;

use crate::rota::Rota;
use crate::scenario::Scenario;
use crate::time::{Interval, DAY_MINUTES, WEEK_MINUTES};

mod cover;
mod kpi;
mod rules;

pub use cover::{fairness_counts, fairness_eligibility, presence_shortfall, supply, Supply};
pub use kpi::{
    CompetenceHours, Kpis, PerLevel, PersonKpi, PositionProfile, QualificationKpi,
    QualificationSlotKpi, SlotKpi,
};

/// Which rule a violation breaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RuleId {
    /// Rest between two shifts (AML §10-8(1)).
    DailyRest,
    /// Continuous rest within 7 days (AML §10-8(2)).
    WeeklyRest,
    /// Hours within 24 hours (AML §10-4(1), §10-5).
    MaxHoursPer24h,
    /// Hours in a single rota week (AML §10-5).
    MaxHoursPerWeek,
    /// Average weekly hours over a period (AML §10-5).
    MaxAvgHoursPerWeek,
    /// Consecutive working days.
    MaxConsecutiveDays,
    /// Minimum block of working days.
    MinConsecutiveDays,
    /// Consecutive nights.
    MaxConsecutiveNights,
    /// Consecutive days on the same shift.
    MaxConsecutiveSameShift,
    /// Minimum block of days off.
    MinConsecutiveDaysOff,
    /// Worked weekends over the horizon.
    MaxWeekends,
    /// At most one weekend in every N.
    WeekendEvery,
    /// An explicitly forbidden succession.
    ForbiddenSuccession,
    /// The Sunday rule (AML §10-8(4)).
    SundayRest,
    /// Long shifts per person.
    MaxLongShifts,
    /// Night work average (AML §10-11).
    NightWork,
    /// Paid hours against the position's hours.
    PositionHours,
    /// Paid minutes below the personal minimum.
    MinTotalMinutes,
    /// Paid minutes above the personal maximum.
    MaxTotalMinutes,
    /// Breaks (AML §10-9).
    Breaks,
    /// Overtime (AML §10-6).
    Overtime,
    /// Rota notice (AML §10-3).
    RotaNotice,
    /// Working on an unavailable day.
    Unavailable,
    /// A fixed assignment not respected.
    FixedAssignment,
    /// More shifts of a type than allowed.
    MaxShiftsOfType,
    /// A night for someone with no nights.
    NoNights,
    /// A non-night shift for someone on nights only.
    NightsOnly,
    /// Position size outside the allowed range.
    PositionRange,
    /// Shifts on an optional rota line the rota leaves unused (position 0 %).
    UnusedLine,
    /// Total position sizes (årsverk, FTE) above the budget.
    FteBudget,
    /// Competence share below the minimum.
    CompetenceShare,
    /// Too few of a competence present.
    Presence,
}

impl RuleId {
    /// snake_case name, as in JSON.
    pub fn name(self) -> String {
        serde_json::to_value(self)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default()
    }
}

impl fmt::Display for RuleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name())
    }
}

/// One broken rule.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Violation {
    /// The rule.
    pub rule: RuleId,
    /// Staff id (absent for unit-level rules such as presence).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub staff: Option<String>,
    /// First and last day index concerned.
    pub days: (usize, usize),
    /// Human-readable day or period, e.g. `"week 2 Sat"` or `"Mon 2027-01-04 – Sun 2027-01-10"`.
    pub when: String,
    /// The measured value (hours, days, count …).
    pub measured: f64,
    /// The limit it was measured against.
    pub limit: f64,
    /// Hard (must not happen) or soft (costs `penalty`).
    pub hard: bool,
    /// Cost added to the objective (0 for hard violations).
    pub penalty: f64,
    /// Plain-words explanation.
    pub message: String,
}

/// The objective, split into terms. Every term is a cost ≥ 0; `total` is their sum.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ObjectiveTerms {
    /// Person-hours below the curve's minimum, per competence level (`competences[i]` order).
    pub under_min_hours: Vec<f64>,
    /// Cost of `under_min_hours` (including qualification demand).
    pub under_min: f64,
    /// Person-hours below qualification minimums.
    pub under_min_qualification_hours: f64,
    /// Person-hours between the minimum and the target, per competence level.
    pub under_target_hours: Vec<f64>,
    /// Cost of `under_target_hours` (including qualification demand).
    pub under_target: f64,
    /// Person-hours above the total target (efficiency loss).
    pub over_hours: f64,
    /// Cost of `over_hours`.
    pub over: f64,
    /// Per-shift cover: people short, summed.
    pub cover_under_count: f64,
    /// Per-shift cover: cost of shortfall.
    pub cover_under: f64,
    /// Per-shift cover: people over, summed.
    pub cover_over_count: f64,
    /// Per-shift cover: cost of excess.
    pub cover_over: f64,
    /// Soft competence-share shortfall cost.
    pub share: f64,
    /// Soft presence shortfall cost.
    pub presence: f64,
    /// Position size below the wanted size: percentage points, summed.
    pub position_shortfall_pct: f64,
    /// Cost of `position_shortfall_pct`.
    pub position_shortfall: f64,
    /// Positions below 100 %.
    pub part_time_count: usize,
    /// Cost of `part_time_count`.
    pub part_time: f64,
    /// Requests not granted.
    pub requests_denied: usize,
    /// Cost of denied requests.
    pub requests: f64,
    /// Spread (max − min) of weekends, nights and evenings worked, summed.
    pub fairness_spread: f64,
    /// Cost of `fairness_spread`.
    pub fairness: f64,
    /// Cost of soft working-time rule violations.
    pub soft_rules: f64,
    /// The weighted total.
    pub total: f64,
}

impl ObjectiveTerms {
    fn sum(&mut self) {
        self.total = self.under_min
            + self.under_target
            + self.over
            + self.cover_under
            + self.cover_over
            + self.share
            + self.presence
            + self.position_shortfall
            + self.part_time
            + self.requests
            + self.fairness
            + self.soft_rules;
    }
}

/// The validation report.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Report {
    /// Scenario name.
    pub scenario: String,
    /// The weighted objective (equal to `terms.total`).
    pub objective: f64,
    /// Number of hard violations.
    pub hard_violations: usize,
    /// Number of soft violations.
    pub soft_violations: usize,
    /// Every violation, ordered by staff, day and rule.
    pub violations: Vec<Violation>,
    /// The objective by term.
    pub terms: ObjectiveTerms,
    /// The KPIs.
    pub kpis: Kpis,
}

impl Report {
    /// True when no hard rule is broken.
    pub fn is_feasible(&self) -> bool {
        self.hard_violations == 0
    }

    /// Pretty JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("a report always serialises")
    }
}

/// One worked shift on the horizon axis.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Work {
    /// Day the shift is assigned to.
    pub day: usize,
    /// Shift index.
    pub shift: usize,
    /// Clock interval (may extend past the horizon end; wrap it on cyclic horizons).
    pub interval: Interval,
    /// Paid minutes.
    pub paid: i64,
}

impl Work {
    /// Paid minutes of this shift inside `window` (pro rata to the clock overlap), wrapping on
    /// cyclic horizons.
    pub fn paid_in(&self, window: Interval, period: Option<i64>) -> f64 {
        let len = self.interval.len();
        if len == 0 {
            return 0.0;
        }
        window.overlap_cyclic(self.interval, period) as f64 * self.paid as f64 / len as f64
    }
}

/// The shifts of every person in time order: shared by the rule checks and the KPIs.
#[derive(Clone, Debug)]
pub struct Timeline {
    /// `work[person]` in day order.
    pub work: Vec<Vec<Work>>,
}

impl Timeline {
    /// Builds the timeline of a rota.
    pub fn new(sc: &Scenario, rota: &Rota) -> Timeline {
        let work = rota.cells.iter().map(|row| Self::row(sc, row)).collect();
        Timeline { work }
    }

    /// The timeline of person `p` alone (the other rows empty): what the checks of `p`'s own
    /// rules read.
    fn of_person(sc: &Scenario, rota: &Rota, p: usize) -> Timeline {
        let mut work = vec![Vec::new(); sc.staff.len()];
        if let Some(row) = rota.cells.get(p) {
            work[p] = Self::row(sc, row);
        }
        Timeline { work }
    }

    /// One row's shifts in day order.
    fn row(sc: &Scenario, row: &[Option<usize>]) -> Vec<Work> {
        row.iter()
            .enumerate()
            .filter_map(|(d, c)| {
                c.map(|s| Work {
                    day: d,
                    shift: s,
                    interval: sc.shifts[s].interval_on(d),
                    paid: sc.shifts[s].paid,
                })
            })
            .collect()
    }
}

/// The violations of person `p`'s own rules in `rota`, hard and soft: what [`validate`]
/// reports under their id (in the same order), without the rules across people (presence,
/// competence shares, the FTE budget) and the rota notice. It reads only `p`'s row and
/// position, so a solver's row heuristic can check one row without the whole rota's cover
/// and KPIs. `p` must be a staff index of `sc`.
pub fn person_violations(sc: &Scenario, rota: &Rota, p: usize) -> Vec<Violation> {
    let tl = Timeline::of_person(sc, rota, p);
    let mut out = Vec::new();
    rules::check_person(sc, rota, &tl, p, &mut out);
    out.sort_by_key(|v| (v.days, v.rule));
    out
}

/// Weekend windows on the horizon axis (the `windows.weekend` setting), one per week whose
/// window touches the horizon.
pub fn weekend_windows(sc: &Scenario) -> Vec<Interval> {
    let (ws, we) = sc.rules().windows.weekend.offsets();
    let first_monday =
        -(i64::from(sc.calendar.day(0).weekday.num_days_from_monday()) * DAY_MINUTES);
    let h = sc.calendar.minutes();
    let mut out = Vec::new();
    // Start a week early: last week's window may run into the first days.
    let mut k = -1;
    loop {
        let iv = Interval::new(
            first_monday + k * WEEK_MINUTES + ws,
            first_monday + k * WEEK_MINUTES + we,
        );
        if iv.start >= h {
            break;
        }
        // Cyclic: one window per week of the cycle (they wrap); dated: every window that
        // touches the horizon.
        let keep = if sc.calendar.is_cyclic() {
            k >= 0
        } else {
            iv.end > 0
        };
        if keep {
            out.push(iv);
        }
        k += 1;
    }
    out
}

/// Sunday/holiday windows (AML §10-10) on the horizon axis: `(red day index, window)`.
pub fn red_day_windows(sc: &Scenario) -> Vec<(usize, Interval)> {
    let w = sc.rules().windows.red_day;
    let cal = &sc.calendar;
    (0..cal.len())
        .filter(|&d| cal.day(d).is_red())
        .map(|d| {
            let major = cal.offset(d, -1).is_some_and(|e| cal.day(e).major_eve)
                || (d == 0
                    && cal.day(0).date.is_some_and(|x| {
                        crate::calendar::is_major_eve(x - chrono::Duration::days(1))
                    }));
            let from = if major { w.major_eve_from } else { w.eve_from };
            let base = d as i64 * DAY_MINUTES;
            (
                d,
                Interval::new(
                    base - DAY_MINUTES + from.minutes(),
                    base + w.until.minutes(),
                ),
            )
        })
        .collect()
}

/// Validates `rota` against `sc`. Never fails.
pub fn validate(sc: &Scenario, rota: &Rota) -> Report {
    let tl = Timeline::new(sc, rota);
    let mut violations = Vec::new();
    rules::check(sc, rota, &tl, &mut violations);
    let mut terms = ObjectiveTerms::default();
    let sup = cover::supply(sc, rota);
    cover::objective(sc, rota, &tl, &sup, &mut terms, &mut violations);
    for v in violations.iter().filter(|v| !v.hard) {
        match v.rule {
            RuleId::CompetenceShare => terms.share += v.penalty,
            RuleId::Presence => terms.presence += v.penalty,
            _ => terms.soft_rules += v.penalty,
        }
    }
    terms.sum();
    violations.sort_by(|a, b| {
        (a.staff.is_none(), &a.staff, a.days, a.rule).cmp(&(
            b.staff.is_none(),
            &b.staff,
            b.days,
            b.rule,
        ))
    });
    let kpis = kpi::compute(sc, rota, &tl, &terms, &sup);
    let hard = violations.iter().filter(|v| v.hard).count();
    Report {
        scenario: sc.spec().name.clone(),
        objective: terms.total,
        hard_violations: hard,
        soft_violations: violations.len() - hard,
        violations,
        terms,
        kpis,
    }
}

/// Hours a person works in the night window, in Sunday/holiday windows, and in both, over the
/// horizon: `(night, sunday, both)` in paid hours.
pub fn night_and_sunday_hours(sc: &Scenario, tl: &Timeline, p: usize) -> (f64, f64, f64) {
    night_and_sunday_in(sc, &tl.work[p], &merged_red_windows(&red_day_windows(sc)))
}

/// The [`red_day_windows`] merged where they overlap, so back-to-back red days (Christmas Day and
/// Boxing Day) do not count the hours they share twice.
pub(crate) fn merged_red_windows(red: &[(usize, Interval)]) -> Vec<Interval> {
    let mut merged: Vec<Interval> = Vec::with_capacity(red.len());
    for &(_, w) in red {
        match merged.last_mut() {
            Some(last) if w.start <= last.end => last.end = last.end.max(w.end),
            _ => merged.push(w),
        }
    }
    merged
}

/// [`night_and_sunday_hours`] of `works`, with the [`merged_red_windows`] made by the caller (so
/// a loop over people makes them once).
pub(crate) fn night_and_sunday_in(
    sc: &Scenario,
    works: &[Work],
    red: &[Interval],
) -> (f64, f64, f64) {
    let period = sc.calendar.period();
    let nw = sc.rules().windows.night;
    let (mut night, mut sunday, mut both) = (0.0, 0.0, 0.0);
    for w in works {
        let ratio = sc.shifts[w.shift].paid_ratio();
        // The night windows starting the day before the shift's day up to two days after.
        let night_ivs: [Interval; 4] = std::array::from_fn(|i| {
            let base = (w.day as i64 + i as i64 - 1) * DAY_MINUTES;
            let (f, t) = (nw.from.minutes(), nw.to.minutes());
            if t > f {
                Interval::new(base + f, base + t)
            } else {
                Interval::new(base + f, base + DAY_MINUTES + t)
            }
        });
        let n: i64 = night_ivs.iter().map(|iv| iv.overlap(w.interval)).sum();
        let mut s = 0;
        let mut b = 0;
        for rw in red {
            let ov = rw.overlap_cyclic(w.interval, period);
            if ov > 0 {
                s += ov;
                // Minutes in both: overlap of the red window, the shift and the night windows.
                for niv in &night_ivs {
                    let inter =
                        Interval::new(niv.start.max(w.interval.start), niv.end.min(w.interval.end));
                    if !inter.is_empty() {
                        b += rw.overlap_cyclic(inter, period);
                    }
                }
            }
        }
        night += n as f64 * ratio / 60.0;
        sunday += s as f64 * ratio / 60.0;
        both += b as f64 * ratio / 60.0;
    }
    (night, sunday, both)
}

/// The full-time week in hours for person `p` with this rota: the fixed week of the rule set, or
/// the KS three-shift rule (see [`crate::rules::FullTimeWeek::KsThreeShift`]).
pub fn full_time_week_hours(sc: &Scenario, tl: &Timeline, p: usize) -> f64 {
    full_time_week_in(sc, &tl.work[p], &red_day_windows(sc), None)
}

/// [`full_time_week_hours`] of `works`, with the [`red_day_windows`] and, if known, the
/// [`night_and_sunday_hours`] of `works` (by [`night_and_sunday_in`]) from the caller.
pub(crate) fn full_time_week_in(
    sc: &Scenario,
    works: &[Work],
    red: &[(usize, Interval)],
    night_and_sunday: Option<(f64, f64, f64)>,
) -> f64 {
    match sc.rules().full_time_week {
        crate::rules::FullTimeWeek::Hours(h) => h,
        crate::rules::FullTimeWeek::KsThreeShift {
            base,
            floor,
            sunday_factor,
            night_factor,
            every_nth_sunday,
        } => {
            use crate::shift::ShiftCategory as C;
            let has = |c: C| works.iter().any(|w| sc.shifts[w.shift].category() == c);
            let three_shift = (has(C::Day) || has(C::Long)) && has(C::Evening) && has(C::Night);
            let period = sc.calendar.period();
            let sundays = sc
                .calendar
                .days()
                .iter()
                .filter(|d| d.weekday == chrono::Weekday::Sun)
                .count();
            let worked_red = red
                .iter()
                .filter(|(d, rw)| {
                    sc.calendar.day(*d).weekday == chrono::Weekday::Sun
                        && works
                            .iter()
                            .any(|w| rw.overlap_cyclic(w.interval, period) > 0)
                })
                .count();
            let often = sundays > 0 && worked_red * every_nth_sunday as usize >= sundays;
            let paid: f64 = works.iter().map(|w| w.paid as f64 / 60.0).sum();
            if !three_shift || !often || paid <= 0.0 {
                return base;
            }
            let (night, sunday, both) = night_and_sunday
                .unwrap_or_else(|| night_and_sunday_in(sc, works, &merged_red_windows(red)));
            let credited =
                paid + night * (night_factor - 1.0) + (sunday - both) * (sunday_factor - 1.0);
            (base * paid / credited).clamp(floor, base)
        }
    }
}
