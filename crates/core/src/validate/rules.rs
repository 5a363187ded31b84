//! Working-time rule checks: the Working Environment Act (AML ch. 10), the KS agreement and the
//! personal constraints of each staff member.
//!
//! Each check documents its exact semantics. The MIP formulation models exactly these, so the
//! objective it reports must equal the sum of the penalties here: a soft breach costs
//! `weight × excess`, with the excess linear in the stated measure. Shared conventions:
//!
//! - Time runs on the horizon's minute axis (minute 0 = day 0 at 00:00). On a cyclic horizon the
//!   rota repeats, so the axis wraps with the period; on a dated horizon the time before and
//!   after it is off.
//! - Paid time "in" a clock window is pro rata to the clock overlap ([`Work::paid_in`]); paid
//!   time "of" a day or week is the whole paid time of the shifts assigned to its days.
//! - Hours are reported in hours, counts as counts, minutes as minutes. Comparisons allow 1e-9.
//! - `Violation::days` is `(first, last)`; a period that wraps round a cyclic horizon has
//!   `first > last`.
//! - A person with a personal limit ([`crate::staff::PersonalLimits`]) is checked against that
//!   value with the scenario rule's strength, or as a hard rule when the scenario has no such
//!   rule.
//! - Sliding windows over days, weeks or weekends follow [`windows`].

use super::cover::EPS;
use super::{
    full_time_week_hours, red_day_windows, weekend_windows, RuleId, Timeline, Violation, Work,
};
use crate::calendar::HorizonSpec;
use crate::rota::Rota;
use crate::rules::Limit;
use crate::scenario::{Scenario, Staff};
use crate::shift::ShiftCategory;
use crate::time::{Interval, DAY_MINUTES, WEEK_MINUTES};

/// Checks every working-time and personal rule, pushing one violation per breach.
pub(crate) fn check(sc: &Scenario, rota: &Rota, tl: &Timeline, out: &mut Vec<Violation>) {
    let mut cx = Checker::new(sc, out);
    for p in 0..sc.staff.len().min(tl.work.len()) {
        cx.person(&Person::new(sc, rota, tl, p));
    }
    cx.rota_notice();
    cx.fte_budget(rota);
}

/// Checks person `p`'s own rules only (what [`check`] reports for them).
pub(crate) fn check_person(
    sc: &Scenario,
    rota: &Rota,
    tl: &Timeline,
    p: usize,
    out: &mut Vec<Violation>,
) {
    Checker::new(sc, out).person(&Person::new(sc, rota, tl, p));
}

impl<'a> Checker<'a> {
    fn new(sc: &'a Scenario, out: &'a mut Vec<Violation>) -> Checker<'a> {
        Checker {
            sc,
            out,
            n: sc.days(),
            cyclic: sc.calendar.is_cyclic(),
            weekends: weekend_windows(sc),
            red: red_day_windows(sc),
        }
    }

    /// Every rule of one person.
    fn person(&mut self, pe: &Person) {
        let cx = self;
        cx.daily_rest(pe);
        cx.weekly_rest(pe);
        cx.hours_per_24h(pe);
        cx.hours_per_week(pe);
        cx.avg_hours_per_week(pe);
        cx.consecutive(pe);
        cx.weekends(pe);
        cx.forbidden_successions(pe);
        cx.sunday_rest(pe);
        cx.long_shifts(pe);
        cx.night_work(pe);
        cx.position_hours(pe);
        cx.total_minutes(pe);
        cx.breaks(pe);
        cx.overtime(pe);
        cx.personal(pe);
    }
}

/// One person's shifts, laid out for the checks.
struct Person<'a> {
    id: &'a str,
    staff: &'a Staff,
    /// Shifts in time order.
    works: &'a [Work],
    /// Per day: the shift assigned.
    on: Vec<Option<Work>>,
    /// Per rota week (the last one of a dated horizon may be partial): paid minutes of the
    /// shifts assigned to its days.
    week_minutes: Vec<i64>,
    /// Position size (%) and the contracted week in hours, for staff with a position (computed
    /// only when a rule needs it).
    contract: Option<(f64, f64)>,
    /// The position size (%) the rota chose, if any.
    chosen_pct: Option<f64>,
    cyclic: bool,
}

impl<'a> Person<'a> {
    fn new(sc: &'a Scenario, rota: &Rota, tl: &'a Timeline, p: usize) -> Person<'a> {
        let n = sc.days();
        let works = &tl.work[p][..];
        let mut on = vec![None; n];
        let mut week_minutes = vec![0; sc.calendar.week_count()];
        for w in works.iter().filter(|w| w.day < n) {
            on[w.day] = Some(*w);
            week_minutes[w.day / 7] += w.paid;
        }
        let rules = sc.rules();
        let needs_contract = rules.position_hours_tolerance.is_some() || rules.overtime.is_some();
        let contract = rota
            .position_pct(sc, p)
            .filter(|_| needs_contract)
            .map(|pct| (pct, pct / 100.0 * full_time_week_hours(sc, tl, p)));
        Person {
            id: sc.staff[p].id(),
            staff: &sc.staff[p],
            works,
            on,
            week_minutes,
            contract,
            chosen_pct: rota.positions.get(p).copied().flatten(),
            cyclic: sc.calendar.is_cyclic(),
        }
    }

    /// The shifts that can touch `window` (of any length), placed on the unwrapped axis: on a
    /// cyclic horizon a day outside `0..n` holds the shift of the same day of the cycle, so a
    /// plain overlap with `window` is exact. In time order.
    fn near(&self, window: Interval) -> impl Iterator<Item = Work> + '_ {
        let n = self.on.len() as i64;
        let first = window.start.div_euclid(DAY_MINUTES) - 1;
        let last = (window.end - 1).div_euclid(DAY_MINUTES);
        (first..=last).filter_map(move |x| {
            let d = if (0..n).contains(&x) {
                x
            } else if self.cyclic {
                x.rem_euclid(n)
            } else {
                return None;
            };
            let w = self.on[d as usize]?;
            Some(Work {
                interval: w.interval.shifted((x - d) * DAY_MINUTES),
                ..w
            })
        })
    }

    /// True when any shift overlaps `window`.
    fn works_in(&self, window: Interval) -> bool {
        self.near(window).any(|w| w.interval.overlap(window) > 0)
    }

    /// Paid minutes inside `window`.
    fn paid_in(&self, window: Interval) -> f64 {
        self.near(window).map(|w| w.paid_in(window, None)).sum()
    }
}

/// A breach about to be reported.
struct Breach {
    rule: RuleId,
    days: (usize, usize),
    measured: f64,
    limit: f64,
    /// `None` = hard.
    weight: Option<f64>,
    /// Units over (or under) the limit; the penalty is `weight × excess`.
    excess: f64,
    /// What happened, naming the day(s), the measured value and the limit.
    message: String,
}

struct Checker<'a> {
    sc: &'a Scenario,
    out: &'a mut Vec<Violation>,
    n: usize,
    cyclic: bool,
    weekends: Vec<Interval>,
    red: Vec<(usize, Interval)>,
}

/// What an overtime limit is measured over.
#[derive(Clone, Copy)]
enum Scope {
    Week,
    Weeks,
    Horizon,
}

/// Whether a run rule bounds runs from above or below.
#[derive(Clone, Copy)]
enum Bound {
    Max,
    Min,
}

impl Checker<'_> {
    fn push(&mut self, staff: Option<&str>, b: Breach) {
        let when = self.when(b.days);
        self.out.push(Violation {
            rule: b.rule,
            staff: staff.map(str::to_string),
            days: b.days,
            when,
            measured: b.measured,
            limit: b.limit,
            hard: b.weight.is_none(),
            penalty: b.weight.map_or(0.0, |w| w * b.excess),
            message: match staff {
                Some(id) => format!("{id}: {}", b.message),
                None => b.message,
            },
        });
    }

    fn label(&self, d: usize) -> String {
        self.sc.calendar.label(d)
    }

    /// `"week 1 Mon"` or `"week 1 Mon – week 2 Sun"`.
    fn when(&self, (a, b): (usize, usize)) -> String {
        if a == b {
            self.label(a)
        } else {
            format!("{} – {}", self.label(a), self.label(b))
        }
    }

    /// First and last day of `len` days from `first`, wrapping on a cyclic horizon.
    fn span(&self, first: usize, len: usize) -> (usize, usize) {
        (first, (first + len.max(1) - 1) % self.n)
    }

    /// The day a minute falls on: wrapped on a cyclic horizon, clamped into a dated one.
    fn day_at(&self, minute: i64) -> usize {
        let d = minute.div_euclid(DAY_MINUTES);
        let n = self.n as i64;
        (if self.cyclic {
            d.rem_euclid(n)
        } else {
            d.clamp(0, n - 1)
        }) as usize
    }

    fn shift_id(&self, s: usize) -> &str {
        self.sc.shifts[s].id()
    }

    /// Daily rest (AML §10-8(1), `daily_rest_hours`). For each pair of consecutive shifts of a
    /// person in time order, rest = next.start − prev.end in hours (negative when they overlap).
    /// On a cyclic horizon the last shift is followed by the first one a period later (a lone
    /// shift by itself). Breach when rest < limit; excess = limit − rest hours.
    fn daily_rest(&mut self, pe: &Person) {
        let Some(lim) = self.sc.rules().daily_rest_hours else {
            return;
        };
        let w = pe.works;
        let Some(last) = w.len().checked_sub(1) else {
            return;
        };
        let wrap = self.sc.calendar.period().map(|p| (last, 0, p));
        for (a, b, shift) in (1..w.len()).map(|i| (i - 1, i, 0)).chain(wrap) {
            let rest = (w[b].interval.start + shift - w[a].interval.end) as f64 / 60.0;
            if rest < lim.value - EPS {
                let message = format!(
                    "rest between {} on {} and {} on {} is {} h, below {} h",
                    self.shift_id(w[a].shift),
                    self.label(w[a].day),
                    self.shift_id(w[b].shift),
                    self.label(w[b].day),
                    hours(rest),
                    num(lim.value)
                );
                self.push(
                    Some(pe.id),
                    Breach {
                        rule: RuleId::DailyRest,
                        days: (w[a].day, w[b].day),
                        measured: rest,
                        limit: lim.value,
                        weight: lim.weight,
                        excess: lim.value - rest,
                        message,
                    },
                );
            }
        }
    }

    /// Weekly rest (AML §10-8(2), `weekly_rest_hours`). In every rota week (the fixed 7-day
    /// periods from the first day; only whole weeks of a dated horizon), the longest continuous
    /// time off inside the week (its edges count as boundaries; shifts are clipped to it) must be
    /// at least the limit. Rolling windows are not used: with them an ordinary Monday–Friday
    /// day-shift week would fail 35 h in the window starting on Sunday. One breach per week;
    /// excess = limit − longest hours.
    fn weekly_rest(&mut self, pe: &Person) {
        let Some(lim) = self.sc.rules().weekly_rest_hours else {
            return;
        };
        // Fixed 7-day periods: the rota weeks (only whole weeks of a dated horizon).
        for d in (0..self.n / 7).map(|k| 7 * k) {
            let window = Interval::new(
                d as i64 * DAY_MINUTES,
                d as i64 * DAY_MINUTES + WEEK_MINUTES,
            );
            let (mut free_from, mut longest) = (window.start, 0);
            for w in pe.near(window) {
                let (s, e) = (
                    w.interval.start.max(window.start),
                    w.interval.end.min(window.end),
                );
                if s < e {
                    longest = longest.max(s - free_from);
                    free_from = free_from.max(e);
                }
            }
            let longest = longest.max(window.end - free_from) as f64 / 60.0;
            if longest < lim.value - EPS {
                let days = self.span(d, 7);
                let message = format!(
                    "longest rest in the 7 days {} is {} h, below {} h",
                    self.when(days),
                    hours(longest),
                    num(lim.value)
                );
                self.push(
                    Some(pe.id),
                    Breach {
                        rule: RuleId::WeeklyRest,
                        days,
                        measured: longest,
                        limit: lim.value,
                        weight: lim.weight,
                        excess: lim.value - longest,
                        message,
                    },
                );
            }
        }
    }

    /// Hours per 24 h (AML §10-4(1), §10-5, `max_hours_per_24h`). For each shift start t, the
    /// paid hours of all the person's shifts inside [t, t + 24 h) (pro rata, wrapping on a
    /// cyclic horizon) must not exceed the limit. One breach per shift start; excess in hours.
    fn hours_per_24h(&mut self, pe: &Person) {
        let Some(lim) = self.sc.rules().max_hours_per_24h else {
            return;
        };
        for w in pe.works {
            let window = Interval::new(w.interval.start, w.interval.start + DAY_MINUTES);
            let paid = pe.paid_in(window) / 60.0;
            if paid > lim.value + EPS {
                let start = w.interval.start.rem_euclid(DAY_MINUTES);
                let message = format!(
                    "{} h paid in the 24 h from the start of {} on {} at {:02}:{:02}, above {} h",
                    hours(paid),
                    self.shift_id(w.shift),
                    self.label(w.day),
                    start / 60,
                    start % 60,
                    num(lim.value)
                );
                self.push(
                    Some(pe.id),
                    Breach {
                        rule: RuleId::MaxHoursPer24h,
                        days: (w.day, w.day),
                        measured: paid,
                        limit: lim.value,
                        weight: lim.weight,
                        excess: paid - lim.value,
                        message,
                    },
                );
            }
        }
    }

    /// Hours in a single week (AML §10-5, `max_hours_per_week`). Per rota week k (days 7k to
    /// 7k + 6; the last week of a dated horizon may be partial), the paid hours of the shifts
    /// assigned to its days must not exceed the limit. Excess in hours.
    fn hours_per_week(&mut self, pe: &Person) {
        let Some(lim) = self.sc.rules().max_hours_per_week else {
            return;
        };
        for (k, &m) in pe.week_minutes.iter().enumerate() {
            let paid = m as f64 / 60.0;
            if paid > lim.value + EPS {
                let days = (7 * k, (7 * k + 6).min(self.n - 1));
                let message = format!(
                    "{} h paid in week {} ({}), above {} h",
                    hours(paid),
                    k + 1,
                    self.when(days),
                    num(lim.value)
                );
                self.push(
                    Some(pe.id),
                    Breach {
                        rule: RuleId::MaxHoursPerWeek,
                        days,
                        measured: paid,
                        limit: lim.value,
                        weight: lim.weight,
                        excess: paid - lim.value,
                        message,
                    },
                );
            }
        }
    }

    /// Average weekly hours (AML §10-5, `max_avg_hours_per_week`). For every window of `weeks`
    /// consecutive whole rota weeks ([`windows`]: cyclic wraps, dated fully inside), the paid
    /// hours of the shifts assigned to its days divided by `weeks` must not exceed `value`.
    /// When the horizon has fewer whole weeks than `weeks`, the one window is the whole horizon
    /// and the divisor is days / 7. Excess in hours per week.
    fn avg_hours_per_week(&mut self, pe: &Person) {
        let Some(lim) = self.sc.rules().max_avg_hours_per_week else {
            return;
        };
        let (n, whole) = (self.n, self.n / 7);
        let span_weeks = lim.weeks.max(1) as usize;
        let spans: Vec<((usize, usize), f64, f64)> = if whole >= span_weeks {
            let sums = Prefix::new(pe.week_minutes[..whole].iter().map(|&m| m as f64));
            windows(whole, span_weeks, self.cyclic)
                .map(|(s, len)| {
                    let days = (7 * s, (7 * (s + len) - 1) % n);
                    (days, sums.sum(s, len) / 60.0, len as f64)
                })
                .collect()
        } else {
            let total = pe.week_minutes.iter().sum::<i64>() as f64 / 60.0;
            vec![((0, n - 1), total, n as f64 / 7.0)]
        };
        for (days, paid, weeks) in spans {
            let avg = paid / weeks;
            if avg > lim.value + EPS {
                let message = format!(
                    "{} h per week on average over {} ({} weeks), above {} h",
                    hours(avg),
                    self.when(days),
                    num(weeks),
                    num(lim.value)
                );
                self.push(
                    Some(pe.id),
                    Breach {
                        rule: RuleId::MaxAvgHoursPerWeek,
                        days,
                        measured: avg,
                        limit: lim.value,
                        weight: lim.weight,
                        excess: avg - lim.value,
                        message,
                    },
                );
            }
        }
    }

    /// Runs of consecutive days: working days (`max_consecutive_days`, `min_consecutive_days`),
    /// night shifts (`max_consecutive_nights`, category night), the same shift type
    /// (`max_consecutive_same_shift`) and days off (`min_consecutive_days_off`). A run is a
    /// maximal block of such days ([`runs`]): on a cyclic horizon runs wrap round the end (a
    /// person working every day has one run of n days); on a dated horizon a run touching the
    /// first or last day is exempt from the minimum rules, while the maximum rules measure it
    /// as it is. One breach per run; excess = |run − limit| days. Personal
    /// `max_consecutive_days`, `min_consecutive_days` and `min_consecutive_days_off` override.
    fn consecutive(&mut self, pe: &Person) {
        let r = self.sc.rules();
        let lim = pe.staff.limits();
        let working: Vec<Option<usize>> = pe.on.iter().map(|w| w.map(|_| 0)).collect();
        let off: Vec<Option<usize>> = pe.on.iter().map(|w| w.is_none().then_some(0)).collect();
        let shift: Vec<Option<usize>> = pe.on.iter().map(|w| w.map(|w| w.shift)).collect();
        let night: Vec<Option<usize>> = shift
            .iter()
            .map(|s| s.filter(|&s| self.sc.shifts[s].is_night()).map(|_| 0))
            .collect();
        let days = |_, one| plural(one, "working day", "working days");
        self.run_rule(
            pe,
            (RuleId::MaxConsecutiveDays, Bound::Max),
            Limit::personal(r.max_consecutive_days, lim.max_consecutive_days),
            &working,
            days,
        );
        self.run_rule(
            pe,
            (RuleId::MinConsecutiveDays, Bound::Min),
            Limit::personal(r.min_consecutive_days, lim.min_consecutive_days),
            &working,
            days,
        );
        self.run_rule(
            pe,
            (RuleId::MaxConsecutiveNights, Bound::Max),
            r.max_consecutive_nights,
            &night,
            |_, one| plural(one, "night", "nights"),
        );
        let sc = self.sc;
        self.run_rule(
            pe,
            (RuleId::MaxConsecutiveSameShift, Bound::Max),
            r.max_consecutive_same_shift,
            &shift,
            |s, one| {
                format!(
                    "{} on shift {}",
                    plural(one, "day", "days"),
                    sc.shifts[s].id()
                )
            },
        );
        self.run_rule(
            pe,
            (RuleId::MinConsecutiveDaysOff, Bound::Min),
            Limit::personal(r.min_consecutive_days_off, lim.min_consecutive_days_off),
            &off,
            |_, one| plural(one, "day off", "days off"),
        );
    }

    fn run_rule(
        &mut self,
        pe: &Person,
        (rule, bound): (RuleId, Bound),
        limit: Option<Limit<u32>>,
        keys: &[Option<usize>],
        noun: impl Fn(usize, bool) -> String,
    ) {
        let Some(lim) = limit else {
            return;
        };
        for run in runs(keys, self.cyclic) {
            let len = run.len as f64;
            let value = f64::from(lim.value);
            let (excess, side) = match bound {
                Bound::Max if len > value => (len - value, "above the maximum"),
                Bound::Min if len < value && !run.edge => (value - len, "below the minimum"),
                _ => continue,
            };
            let days = self.span(run.start, run.len);
            let message = format!(
                "{} {} in a row ({}), {side} {}",
                run.len,
                noun(run.key, run.len == 1),
                self.when(days),
                lim.value
            );
            self.push(
                Some(pe.id),
                Breach {
                    rule,
                    days,
                    measured: len,
                    limit: value,
                    weight: lim.weight,
                    excess,
                    message,
                },
            );
        }
    }

    /// Weekends (`max_weekends`, `weekend_every`). A weekend is worked when any shift overlaps
    /// its window (`windows.weekend`, see [`weekend_windows`]; wrapping on a cyclic horizon). With
    /// the default Sat 00:00 – Sun 24:00 and shifts that do not cross midnight this is exactly
    /// "Saturday or Sunday worked".
    ///
    /// - `max_weekends` (personal `max_weekends` overrides): worked weekends over the horizon ≤
    ///   limit; excess = count − limit.
    /// - `weekend_every` N: in every window of N consecutive weekends ([`windows`] over the
    ///   weekend list: cyclic wraps, dated fully inside, the whole list when it is shorter), at
    ///   most one is worked; one breach per window, excess = worked − 1.
    fn weekends(&mut self, pe: &Person) {
        let r = self.sc.rules();
        let max = Limit::personal(r.max_weekends, pe.staff.limits().max_weekends);
        let every = r.weekend_every;
        if (max.is_none() && every.is_none()) || self.weekends.is_empty() {
            return;
        }
        let worked: Vec<bool> = self.weekends.iter().map(|&w| pe.works_in(w)).collect();
        let m = worked.len();
        let count = worked.iter().filter(|&&x| x).count();
        let all = (0, self.n - 1);
        if let Some(lim) = max {
            if count > lim.value as usize {
                let message = format!("works {count} weekends, above {}", lim.value);
                self.push(
                    Some(pe.id),
                    Breach {
                        rule: RuleId::MaxWeekends,
                        days: all,
                        measured: count as f64,
                        limit: f64::from(lim.value),
                        weight: lim.weight,
                        excess: (count - lim.value as usize) as f64,
                        message,
                    },
                );
            }
        }
        let Some(lim) = every else {
            return;
        };
        for (s, len) in windows(m, lim.value as usize, self.cyclic) {
            let n = (s..s + len).filter(|&k| worked[k % m]).count();
            if n > 1 {
                let days = (
                    self.day_at(self.weekends[s].start),
                    self.day_at(self.weekends[(s + len - 1) % m].end - 1),
                );
                let message = format!(
                    "works {n} of {len} consecutive weekends ({}), at most 1 allowed (every {})",
                    self.when(days),
                    ordinal(lim.value)
                );
                self.push(
                    Some(pe.id),
                    Breach {
                        rule: RuleId::WeekendEvery,
                        days,
                        measured: n as f64,
                        limit: 1.0,
                        weight: lim.weight,
                        excess: (n - 1) as f64,
                        message,
                    },
                );
            }
        }
    }

    /// Forbidden successions (`forbidden_successions`, weight `forbidden_successions_weight`):
    /// shift a on day d and shift b on day d + 1 for a listed pair (a, b); the next day wraps on
    /// a cyclic horizon, a dated horizon ends at its last day. One breach per occurrence,
    /// excess 1.
    fn forbidden_successions(&mut self, pe: &Person) {
        if self.sc.forbidden.is_empty() {
            return;
        }
        let weight = self.sc.rules().forbidden_successions_weight;
        for w in pe.works {
            let Some(next) = self.sc.calendar.offset(w.day, 1) else {
                continue;
            };
            let Some(b) = pe.on[next] else {
                continue;
            };
            if self.sc.forbidden.contains(&(w.shift, b.shift)) {
                let message = format!(
                    "{} on {} followed by {} on {} is a forbidden succession",
                    self.shift_id(w.shift),
                    self.label(w.day),
                    self.shift_id(b.shift),
                    self.label(next)
                );
                self.push(
                    Some(pe.id),
                    Breach {
                        rule: RuleId::ForbiddenSuccession,
                        days: (w.day, next),
                        measured: 1.0,
                        limit: 0.0,
                        weight,
                        excess: 1.0,
                        message,
                    },
                );
            }
        }
    }

    /// The Sunday rule (AML §10-8(4), `sunday_rest`). Red days are Sundays and public holidays;
    /// one is worked when any shift overlaps its window ([`red_day_windows`], wrapping on a
    /// cyclic horizon).
    ///
    /// - Strict (`averaging_weeks` absent): two consecutive red days of the list both worked
    ///   (cyclic: the last is followed by the first, a lone red day by itself) is a breach on
    ///   the second; excess 1.
    /// - Averaged: in every window of `averaging_weeks × 7` days ([`windows`] over days), the
    ///   worked red days in it must not exceed ceil(red days in it / 2); excess = worked − that.
    fn sunday_rest(&mut self, pe: &Person) {
        let Some(rule) = self.sc.rules().sunday_rest else {
            return;
        };
        let m = self.red.len();
        if m == 0 {
            return;
        }
        let worked: Vec<bool> = self.red.iter().map(|&(_, w)| pe.works_in(w)).collect();
        let Some(weeks) = rule.averaging_weeks else {
            let pairs = if self.cyclic { 0..m } else { 1..m };
            for i in pairs {
                let prev = (i + m - 1) % m;
                if worked[prev] && worked[i] {
                    let (a, b) = (self.red[prev].0, self.red[i].0);
                    let message = format!(
                        "works red day {} and the next red day {}, which must be off",
                        self.label(a),
                        self.label(b)
                    );
                    self.push(
                        Some(pe.id),
                        Breach {
                            rule: RuleId::SundayRest,
                            days: (b, b),
                            measured: 2.0,
                            limit: 1.0,
                            weight: rule.weight,
                            excess: 1.0,
                            message,
                        },
                    );
                }
            }
            return;
        };
        let mut red_on = vec![0.0; self.n];
        let mut worked_on = vec![0.0; self.n];
        for (&(d, _), &w) in self.red.iter().zip(&worked) {
            red_on[d] = 1.0;
            worked_on[d] = if w { 1.0 } else { 0.0 };
        }
        let (red_sum, worked_sum) = (Prefix::new(red_on), Prefix::new(worked_on));
        let len = weeks.max(1) as usize * 7;
        for (s, len) in windows(self.n, len, self.cyclic) {
            let reds = red_sum.sum(s, len).round() as usize;
            let done = worked_sum.sum(s, len).round() as usize;
            let allowed = reds.div_ceil(2);
            if done > allowed {
                let days = self.span(s, len);
                let message = format!(
                    "works {done} of {reds} Sundays/holidays in {}, above {allowed} (every other)",
                    self.when(days)
                );
                self.push(
                    Some(pe.id),
                    Breach {
                        rule: RuleId::SundayRest,
                        days,
                        measured: done as f64,
                        limit: allowed as f64,
                        weight: rule.weight,
                        excess: (done - allowed) as f64,
                        message,
                    },
                );
            }
        }
    }

    /// Long shifts (`max_long_shifts`): the number of shifts of category `long` over the
    /// horizon must not exceed the limit; excess = count − limit.
    fn long_shifts(&mut self, pe: &Person) {
        let Some(lim) = self.sc.rules().max_long_shifts else {
            return;
        };
        let count = pe
            .works
            .iter()
            .filter(|w| self.sc.shifts[w.shift].category() == ShiftCategory::Long)
            .count();
        if count > lim.value as usize {
            let message = format!("works {count} long shifts, above {}", lim.value);
            self.push(
                Some(pe.id),
                Breach {
                    rule: RuleId::MaxLongShifts,
                    days: (0, self.n - 1),
                    measured: count as f64,
                    limit: f64::from(lim.value),
                    weight: lim.weight,
                    excess: (count - lim.value as usize) as f64,
                    message,
                },
            );
        }
    }

    /// Night work (AML §10-11, `night_work_avg_hours`, read literally). For every window of 28
    /// days ([`windows`] over days: cyclic wraps, dated fully inside, or the whole horizon when
    /// it is shorter) in which the person starts a night shift (category night, assigned to a
    /// day of the window), the paid hours inside the window's clock time divided by its days
    /// must not exceed the limit (hours per 24 h). Excess in hours per 24 h.
    fn night_work(&mut self, pe: &Person) {
        let Some(lim) = self.sc.rules().night_work_avg_hours else {
            return;
        };
        let nights: Vec<f64> = pe
            .on
            .iter()
            .map(|w| match w {
                Some(w) if self.sc.shifts[w.shift].is_night() => 1.0,
                _ => 0.0,
            })
            .collect();
        if !nights.contains(&1.0) {
            return;
        }
        let paid = Prefix::new(
            (0..self.n as i64)
                .map(|d| pe.paid_in(Interval::new(d * DAY_MINUTES, (d + 1) * DAY_MINUTES))),
        );
        let nights = Prefix::new(nights);
        for (s, len) in windows(self.n, 28, self.cyclic) {
            if nights.sum(s, len) < 0.5 {
                continue;
            }
            let avg = paid.sum(s, len) / 60.0 / len as f64;
            if avg > lim.value + EPS {
                let days = self.span(s, len);
                let message = format!(
                    "works nights and {} h per 24 h on average over {}, above {} h",
                    hours(avg),
                    self.when(days),
                    num(lim.value)
                );
                self.push(
                    Some(pe.id),
                    Breach {
                        rule: RuleId::NightWork,
                        days,
                        measured: avg,
                        limit: lim.value,
                        weight: lim.weight,
                        excess: avg - lim.value,
                        message,
                    },
                );
            }
        }
    }

    /// Position hours (`position_hours_tolerance`), for staff with a position: contract hours =
    /// position % / 100 × full-time week ([`full_time_week_hours`]) × days / 7. Breach when
    /// |paid − contract| > tolerance; excess = |paid − contract| − tolerance hours.
    fn position_hours(&mut self, pe: &Person) {
        let (Some(lim), Some((pct, week))) =
            (self.sc.rules().position_hours_tolerance, pe.contract)
        else {
            return;
        };
        let paid = pe.week_minutes.iter().sum::<i64>() as f64 / 60.0;
        let contract = week * self.n as f64 / 7.0;
        let off = (paid - contract).abs();
        if off > lim.value + EPS {
            let message = format!(
                "{} h paid against {} h for a {} % position ({} h week), {} h {}, beyond ±{} h",
                hours(paid),
                num(contract),
                num(pct),
                num(week / pct * 100.0),
                hours(off),
                if paid > contract { "over" } else { "under" },
                num(lim.value)
            );
            self.push(
                Some(pe.id),
                Breach {
                    rule: RuleId::PositionHours,
                    days: (0, self.n - 1),
                    measured: paid,
                    limit: contract,
                    weight: lim.weight,
                    excess: off - lim.value,
                    message,
                },
            );
        }
    }

    /// Total minutes (personal `min_total_minutes` / `max_total_minutes`, hard): the paid
    /// minutes over the horizon must lie within them; excess in minutes.
    fn total_minutes(&mut self, pe: &Person) {
        let lim = pe.staff.limits();
        let paid: i64 = pe.week_minutes.iter().sum();
        let checks = [
            (
                RuleId::MinTotalMinutes,
                lim.min_total_minutes,
                -1,
                "below the minimum",
            ),
            (
                RuleId::MaxTotalMinutes,
                lim.max_total_minutes,
                1,
                "above the maximum",
            ),
        ];
        for (rule, value, sign, side) in checks {
            let Some(value) = value else {
                continue;
            };
            let excess = sign * (paid - i64::from(value));
            if excess > 0 {
                let message = format!("{paid} paid minutes over the horizon, {side} {value}");
                self.push(
                    Some(pe.id),
                    Breach {
                        rule,
                        days: (0, self.n - 1),
                        measured: paid as f64,
                        limit: f64::from(value),
                        weight: None,
                        excess: excess as f64,
                        message,
                    },
                );
            }
        }
    }

    /// Breaks (AML §10-9, `breaks`): every assignment of a shift whose clock length is at least
    /// `from_hours` and whose `break_minutes` is below `min_minutes` is a breach; excess = the
    /// minutes missing.
    fn breaks(&mut self, pe: &Person) {
        let Some(rule) = self.sc.rules().breaks else {
            return;
        };
        for w in pe.works {
            let sh = &self.sc.shifts[w.shift];
            let brk = sh.spec.break_minutes;
            if (sh.duration as f64) < rule.from_hours * 60.0 - EPS || brk >= rule.min_minutes {
                continue;
            }
            let message = format!(
                "{} on {} lasts {} h with a {brk} min break, below {} min",
                sh.id(),
                self.label(w.day),
                hours(sh.duration as f64 / 60.0),
                rule.min_minutes
            );
            self.push(
                Some(pe.id),
                Breach {
                    rule: RuleId::Breaks,
                    days: (w.day, w.day),
                    measured: f64::from(brk),
                    limit: f64::from(rule.min_minutes),
                    weight: rule.weight,
                    excess: f64::from(rule.min_minutes - brk),
                    message,
                },
            );
        }
    }

    /// Overtime (AML §10-6, `overtime`), for staff with a position. Weekly overtime =
    /// max(0, paid hours of the rota week − position % / 100 × full-time week). Every week's
    /// overtime ≤ `per_week`; the overtime in every window of 4 rota weeks ([`windows`]: cyclic
    /// wraps, dated fully inside, the whole horizon when shorter) ≤ `per_4_weeks`; the overtime
    /// over the horizon ≤ `per_52_weeks × (days / 7) / 52`. Excess in hours.
    fn overtime(&mut self, pe: &Person) {
        let (Some(rule), Some((_, week))) = (self.sc.rules().overtime, pe.contract) else {
            return;
        };
        let ot: Vec<f64> = pe
            .week_minutes
            .iter()
            .map(|&m| (m as f64 / 60.0 - week).max(0.0))
            .collect();
        let (n, nw, cyclic) = (self.n, ot.len(), self.cyclic);
        let sums = Prefix::new(ot.iter().copied());
        // (scope, first week, weeks, overtime, limit): every week, every 4-week window, the
        // horizon.
        let spans = (0..nw)
            .map(|k| (Scope::Week, k, 1, ot[k], rule.per_week))
            .chain(
                windows(nw, 4, cyclic)
                    .map(|(s, len)| (Scope::Weeks, s, len, sums.sum(s, len), rule.per_4_weeks)),
            )
            .chain([(
                Scope::Horizon,
                0,
                nw,
                sums.sum(0, nw),
                rule.per_52_weeks * n as f64 / 7.0 / 52.0,
            )]);
        for (scope, s, len, h, limit) in spans {
            if h <= limit + EPS {
                continue;
            }
            let last = 7 * (s + len) - 1;
            let days = if len == nw {
                (0, n - 1)
            } else if cyclic {
                (7 * s, last % n)
            } else {
                (7 * s, last.min(n - 1))
            };
            let what = match scope {
                Scope::Week => format!("in week {}", s + 1),
                Scope::Weeks => format!("in {len} weeks"),
                Scope::Horizon => "over the horizon".to_string(),
            };
            let pro_rata = match scope {
                Scope::Horizon => format!(" ({} h per 52 weeks pro rata)", num(rule.per_52_weeks)),
                _ => String::new(),
            };
            let message = format!(
                "{} h overtime {what} ({}), above {} h{pro_rata}",
                hours(h),
                self.when(days),
                num(limit)
            );
            self.push(
                Some(pe.id),
                Breach {
                    rule: RuleId::Overtime,
                    days,
                    measured: h,
                    limit,
                    weight: rule.weight,
                    excess: h - limit,
                    message,
                },
            );
        }
    }

    /// Personal hard rules, one breach per day or shift type:
    ///
    /// - `Unavailable`: works on a day marked unavailable.
    /// - `FixedAssignment`: the cell differs from a fixed shift or fixed day off.
    /// - `MaxShiftsOfType`: more shifts of a type than `max_shifts` allows; excess = count − max.
    /// - `NoNights`: a night shift for someone with `no_nights`.
    /// - `NightsOnly`: a non-night shift for someone with `nights_only`.
    /// - `PositionRange`: the position size chosen in the rota lies outside
    ///   [`crate::staff::PositionSpec::range`] (1e-9 tolerance); excess = percentage points out.
    fn personal(&mut self, pe: &Person) {
        let st = pe.staff;
        for d in 0..self.n {
            let cell = pe.on[d].map(|w| w.shift);
            let name =
                |s: Option<usize>| s.map_or("off".to_string(), |s| self.shift_id(s).to_string());
            let mut found: Vec<(RuleId, String)> = Vec::new();
            if let Some(s) = cell {
                if st.unavailable.get(d).copied().unwrap_or(false) {
                    found.push((
                        RuleId::Unavailable,
                        format!(
                            "works {} on {}, an unavailable day",
                            name(cell),
                            self.label(d)
                        ),
                    ));
                }
                let night = self.sc.shifts[s].is_night();
                if st.spec.no_nights && night {
                    found.push((
                        RuleId::NoNights,
                        format!(
                            "works night shift {} on {}, but takes no nights",
                            name(cell),
                            self.label(d)
                        ),
                    ));
                }
                if st.spec.nights_only && !night {
                    found.push((
                        RuleId::NightsOnly,
                        format!(
                            "works {} on {}, but works nights only",
                            name(cell),
                            self.label(d)
                        ),
                    ));
                }
            }
            if let Some(Some(fixed)) = st.fixed.get(d) {
                if *fixed != cell {
                    found.push((
                        RuleId::FixedAssignment,
                        format!(
                            "{} is fixed to {}, but the rota has {}",
                            self.label(d),
                            name(*fixed),
                            name(cell)
                        ),
                    ));
                }
            }
            for (rule, message) in found {
                self.push(
                    Some(pe.id),
                    Breach {
                        rule,
                        days: (d, d),
                        measured: 1.0,
                        limit: 0.0,
                        weight: None,
                        excess: 1.0,
                        message,
                    },
                );
            }
        }
        let mut counts = vec![0u32; self.sc.shifts.len()];
        for w in pe.works {
            counts[w.shift] += 1;
        }
        for (s, &count) in counts.iter().enumerate() {
            let Some(max) = st.max_shifts.get(s).copied().flatten() else {
                continue;
            };
            if count > max {
                let message = format!("works {count} {} shifts, above {max}", self.shift_id(s));
                self.push(
                    Some(pe.id),
                    Breach {
                        rule: RuleId::MaxShiftsOfType,
                        days: (0, self.n - 1),
                        measured: f64::from(count),
                        limit: f64::from(max),
                        weight: None,
                        excess: f64::from(count - max),
                        message,
                    },
                );
            }
        }
        if let (Some(pos), Some(pct)) = (st.position(), pe.chosen_pct) {
            let (lo, hi) = pos.range();
            if st.is_optional() && pct.abs() <= EPS {
                // An unused line: no shifts at all.
                if let (Some(first), Some(last)) = (pe.works.first(), pe.works.last()) {
                    let message =
                        format!("the line is unused (0 %) but has {} shifts", pe.works.len());
                    self.push(
                        Some(pe.id),
                        Breach {
                            rule: RuleId::UnusedLine,
                            days: (first.day, last.day),
                            measured: pe.works.len() as f64,
                            limit: 0.0,
                            weight: None,
                            excess: pe.works.len() as f64,
                            message,
                        },
                    );
                }
                return;
            }
            let (limit, excess) = if pct < lo - EPS {
                (lo, lo - pct)
            } else if pct > hi + EPS {
                (hi, pct - hi)
            } else {
                return;
            };
            let message = format!(
                "position {} % is outside the allowed {} – {} %",
                num(pct),
                num(lo),
                num(hi)
            );
            self.push(
                Some(pe.id),
                Breach {
                    rule: RuleId::PositionRange,
                    days: (0, self.n - 1),
                    measured: pct,
                    limit,
                    weight: None,
                    excess,
                    message,
                },
            );
        }
    }

    /// Rota notice (AML §10-3, `rota_notice_days`): on a dated horizon whose scenario gives
    /// `discussed_on`, the days from `discussed_on` to the first day must be at least the
    /// limit; excess in days. A unit-level rule (no staff).
    fn rota_notice(&mut self) {
        let (Some(lim), Some(discussed), HorizonSpec::Dated { start, .. }) = (
            self.sc.rules().rota_notice_days,
            self.sc.spec().discussed_on,
            &self.sc.spec().horizon,
        ) else {
            return;
        };
        let notice = (*start - discussed).num_days() as f64;
        let value = f64::from(lim.value);
        if notice < value - EPS {
            let message = format!(
                "the rota was discussed on {discussed}, {} days before it starts on {start}, below {} days",
                num(notice),
                lim.value
            );
            self.push(
                None,
                Breach {
                    rule: RuleId::RotaNotice,
                    days: (0, 0),
                    measured: notice,
                    limit: value,
                    weight: lim.weight,
                    excess: value - notice,
                    message,
                },
            );
        }
    }

    /// FTE budget (`fte_budget`): Σ position % / 100 over the staff with a position (the rota's
    /// chosen size, else the current one) at most the limit; excess in FTE. A unit-level rule.
    fn fte_budget(&mut self, rota: &Rota) {
        let Some(lim) = self.sc.rules().fte_budget else {
            return;
        };
        let fte: f64 = (0..self.sc.staff.len())
            .filter_map(|p| rota.position_pct(self.sc, p))
            .sum::<f64>()
            / 100.0;
        if fte > lim.value + EPS {
            let message = format!(
                "the positions add up to {} FTE (årsverk), above the budget of {}",
                num(fte),
                num(lim.value)
            );
            self.push(
                None,
                Breach {
                    rule: RuleId::FteBudget,
                    days: (0, self.n - 1),
                    measured: fte,
                    limit: lim.value,
                    weight: lim.weight,
                    excess: fte - lim.value,
                    message,
                },
            );
        }
    }
}

/// A maximal run of consecutive days with the same key.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Run {
    start: usize,
    len: usize,
    key: usize,
    /// Dated horizons: the run touches the first or the last day.
    edge: bool,
}

/// The maximal runs of consecutive days with equal `Some` keys, in order. Cyclic: runs wrap
/// round the end, and a key held on every day is one run of `n` days from day 0. Dated: runs
/// stop at the horizon's edges and are marked `edge` when they touch one.
fn runs(keys: &[Option<usize>], cyclic: bool) -> Vec<Run> {
    let n = keys.len();
    // On a cyclic horizon start scanning where a run can begin: a key unlike the day before.
    let first = if cyclic {
        match (0..n).find(|&d| keys[d] != keys[(d + n - 1) % n]) {
            Some(d) => d,
            None => {
                return match keys.first().copied().flatten() {
                    Some(key) => vec![Run {
                        start: 0,
                        len: n,
                        key,
                        edge: false,
                    }],
                    None => Vec::new(),
                }
            }
        }
    } else {
        0
    };
    // Day `first + i` for i < n, without a division.
    let at = |i: usize| {
        if first + i < n {
            first + i
        } else {
            first + i - n
        }
    };
    let mut out = Vec::new();
    let mut i = 0;
    while i < n {
        let start = at(i);
        let Some(key) = keys[start] else {
            i += 1;
            continue;
        };
        let mut len = 1;
        while i + len < n && keys[at(i + len)] == Some(key) {
            len += 1;
        }
        out.push(Run {
            start,
            len,
            key,
            edge: !cyclic && (start == 0 || start + len == n),
        });
        i += len;
    }
    out
}

/// The windows of `len` consecutive units (days, weeks or weekends) out of `count`, as
/// `(first unit, units)`. Cyclic: one per start unit, wrapping past the end. Dated: every window
/// that lies fully inside. When there are fewer than `len` units, or exactly `len` on a cyclic
/// horizon (every rotation of a whole cycle holds the same units, so it counts once), the only
/// window is the whole horizon.
fn windows(count: usize, len: usize, cyclic: bool) -> impl Iterator<Item = (usize, usize)> {
    let len = len.max(1);
    let (starts, len) = if count == 0 {
        (0, 0)
    } else if count < len || (cyclic && count == len) {
        (1, count)
    } else if cyclic {
        (count, len)
    } else {
        (count - len + 1, len)
    };
    (0..starts).map(move |s| (s, len))
}

/// Sums of consecutive units, wrapping past the end.
struct Prefix(Vec<f64>);

impl Prefix {
    fn new(values: impl IntoIterator<Item = f64>) -> Prefix {
        let mut acc = vec![0.0];
        let mut total = 0.0;
        for v in values {
            total += v;
            acc.push(total);
        }
        Prefix(acc)
    }

    /// The sum of `len` units from `start` (`len` at most the count), wrapping.
    fn sum(&self, start: usize, len: usize) -> f64 {
        let n = self.0.len() - 1;
        let end = start + len;
        if end <= n {
            self.0[end] - self.0[start]
        } else {
            self.0[n] - self.0[start] + self.0[end - n]
        }
    }
}

/// A number for messages: at most two decimals, no trailing zeros (`11`, `12.5`, `7.75`).
fn num(x: f64) -> String {
    let s = format!("{x:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".to_string()
    } else {
        s.to_string()
    }
}

/// Hours for messages: like [`num`] with at least one decimal (`8.0`, `7.75`).
fn hours(x: f64) -> String {
    let s = num(x);
    if s.contains('.') {
        s
    } else {
        format!("{s}.0")
    }
}

/// The singular or the plural.
fn plural(one: bool, singular: &str, plural: &str) -> String {
    if one { singular } else { plural }.to_string()
}

/// `2nd`, `3rd`, `4th` … for "every 3rd weekend".
fn ordinal(n: u32) -> String {
    let suffix = match (n % 10, n % 100) {
        (1, r) if r != 11 => "st",
        (2, r) if r != 12 => "nd",
        (3, r) if r != 13 => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(s: &str) -> Vec<Option<usize>> {
        s.chars()
            .map(|c| (c != '-').then_some(c as usize))
            .collect()
    }

    fn spans(s: &str, cyclic: bool) -> Vec<(usize, usize, bool)> {
        runs(&keys(s), cyclic)
            .into_iter()
            .map(|r| (r.start, r.len, r.edge))
            .collect()
    }

    #[test]
    fn runs_wrap_on_cyclic_horizons_and_mark_dated_edges() {
        assert_eq!(spans("xx--xxx", true), vec![(4, 5, false)]);
        assert_eq!(spans("xx--xxx", false), vec![(0, 2, true), (4, 3, true)]);
        assert_eq!(spans("-xx-x--", false), vec![(1, 2, false), (4, 1, false)]);
        assert_eq!(spans("xxxxxxx", true), vec![(0, 7, false)]);
        assert_eq!(spans("-------", true), vec![]);
        assert_eq!(spans("xxyyxxx", true), vec![(2, 2, false), (4, 5, false)]);
        assert_eq!(spans("x", false), vec![(0, 1, true)]);
    }

    #[test]
    fn windows_wrap_or_stay_inside() {
        let w = |c, l, cy| windows(c, l, cy).collect::<Vec<_>>();
        assert_eq!(w(4, 2, true), vec![(0, 2), (1, 2), (2, 2), (3, 2)]);
        assert_eq!(w(4, 2, false), vec![(0, 2), (1, 2), (2, 2)]);
        assert_eq!(w(3, 5, false), vec![(0, 3)]);
        assert_eq!(w(3, 3, true), vec![(0, 3)]);
        assert_eq!(w(3, 3, false), vec![(0, 3)]);
        assert_eq!(w(0, 3, true), vec![]);
    }

    #[test]
    fn prefix_sums_wrap() {
        let p = Prefix::new([1.0, 2.0, 3.0, 4.0]);
        assert_eq!(p.sum(1, 2), 5.0);
        assert_eq!(p.sum(3, 2), 5.0);
        assert_eq!(p.sum(0, 4), 10.0);
        assert_eq!(p.sum(2, 4), 10.0);
    }

    #[test]
    fn numbers_for_messages() {
        assert_eq!(num(11.0), "11");
        assert_eq!(num(12.5), "12.5");
        assert_eq!(hours(8.0), "8.0");
        assert_eq!(hours(7.75), "7.75");
        assert_eq!(ordinal(3), "3rd");
        assert_eq!(ordinal(11), "11th");
    }
}
