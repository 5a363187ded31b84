//! Demand cover and the objective terms that are not working-time rules: the demand curve,
//! qualification demand, per-shift cover, competence shares, presence, position sizes, requests
//! and fairness.

use super::{ObjectiveTerms, RuleId, Timeline, Violation};
use crate::competence::{fill_order, nested_shortfall_into};
use crate::rota::Rota;
use crate::scenario::{PresenceRequirement, QualificationDemand, Scenario};
use crate::shift::ShiftCategory;

/// Tolerance for floating-point comparisons of hours and counts.
pub(crate) const EPS: f64 = 1e-9;

/// People present per slot and competence level, fractional where a shift covers part of a slot.
/// One flat vector (no allocation per slot).
#[derive(Clone, Debug, PartialEq)]
pub struct Supply {
    levels: usize,
    people: Vec<f64>,
}

impl Supply {
    /// People per level in slot `k`.
    pub fn slot(&self, k: usize) -> &[f64] {
        &self.people[k * self.levels..(k + 1) * self.levels]
    }

    /// Every slot in order.
    pub fn slots(&self) -> std::slice::ChunksExact<'_, f64> {
        self.people.chunks_exact(self.levels.max(1))
    }
}

/// The [`Supply`] of a rota.
pub fn supply(sc: &Scenario, rota: &Rota) -> Supply {
    let nl = sc.levels();
    let mut people = vec![0.0; sc.slots() * nl];
    for (p, row) in rota.cells.iter().enumerate() {
        let lvl = sc.staff[p].level;
        for (d, cell) in row.iter().enumerate() {
            if let Some(s) = *cell {
                for (k, frac) in sc.shift_slots(d, s) {
                    people[k * nl + lvl] += frac;
                }
            }
        }
    }
    Supply { levels: nl, people }
}

/// The slots of `req` where fewer than its minimum of its level or higher are present, each
/// with the shortfall (people), in the requirement's slot order.
pub fn presence_shortfall(sup: &Supply, req: &PresenceRequirement) -> Vec<(usize, f64)> {
    req.slots
        .iter()
        .filter_map(|&k| {
            let present: f64 = sup.slot(k)[..=req.level].iter().sum();
            let short = f64::from(req.min) - present;
            (short > EPS).then_some((k, short))
        })
        .collect()
}

/// Per slot: per level shortfall against the minimum and against the target (people; the target
/// shortfall includes the part below the minimum, so an hour below the minimum costs both
/// weights), and the excess over the total target. Flat: `under_min[slot * levels + level]`.
pub(crate) struct SlotCover {
    pub under_min: Vec<f64>,
    pub under_target: Vec<f64>,
    pub over: Vec<f64>,
}

pub(crate) fn slot_cover(sc: &Scenario, sup: &Supply) -> SlotCover {
    let nl = sc.levels();
    let weights: Vec<f64> = (0..nl).map(|l| sc.level_weight(l)).collect();
    let order = fill_order(&weights);
    // Without a demand curve there is nothing to be over-staffed against.
    let has_curve = !sc.spec().demand.curve.is_empty();
    let mut under_min = vec![0.0; sc.slots() * nl];
    let mut under_target = vec![0.0; sc.slots() * nl];
    let mut over = Vec::with_capacity(sc.slots());
    // Buffers reused from slot to slot: minimums, targets, target shortfall, scratch.
    let mut buf = vec![0.0; 5 * nl];
    let (mins, rest) = buf.split_at_mut(nl);
    let (targets, rest) = rest.split_at_mut(nl);
    let (ut_total, scratch) = rest.split_at_mut(nl);
    for (k, dem) in sc.curve.iter().enumerate() {
        for (l, d) in dem.iter().enumerate() {
            mins[l] = f64::from(d.min);
            targets[l] = f64::from(d.target);
        }
        let row = k * nl..(k + 1) * nl;
        if targets.iter().any(|&t| t > 0.0) {
            let um = &mut under_min[row.clone()];
            nested_shortfall_into(mins, sup.slot(k), &order, scratch, um);
            // The whole shortfall against the target (equal to the one against the minimum
            // when the targets are the minimums).
            if targets != mins {
                nested_shortfall_into(targets, sup.slot(k), &order, scratch, ut_total);
                under_target[row].copy_from_slice(ut_total);
            } else {
                under_target[row].copy_from_slice(um);
            }
        }
        let staffed: f64 = sup.slot(k).iter().sum();
        let tsum: f64 = targets.iter().sum();
        over.push(if has_curve {
            (staffed - tsum).max(0.0)
        } else {
            0.0
        });
    }
    SlotCover {
        under_min,
        under_target,
        over,
    }
}

/// Fills the demand, position, request and fairness terms; adds share and presence violations.
/// `sup` is the [`supply`] of the rota.
/// People present per slot of the horizon who count for qualification demand `qd`: those with
/// the qualification and at least its level (fractional where a shift covers part of a slot).
pub(crate) fn qualified_present(
    sc: &Scenario,
    tl: &Timeline,
    qd: &QualificationDemand,
) -> Vec<f64> {
    let mut present = vec![0.0; sc.slots()];
    for (p, works) in tl.work.iter().enumerate() {
        let st = &sc.staff[p];
        if st.level > qd.level || !st.qualifications.contains(&qd.qualification) {
            continue;
        }
        for work in works {
            for (k, frac) in sc.shift_slots(work.day, work.shift) {
                present[k] += frac;
            }
        }
    }
    present
}

pub(crate) fn objective(
    sc: &Scenario,
    rota: &Rota,
    tl: &Timeline,
    sup: &Supply,
    t: &mut ObjectiveTerms,
    out: &mut Vec<Violation>,
) {
    let w = *sc.weights();
    let nl = sc.levels();
    let slot_h = sc.slot_minutes as f64 / 60.0;
    let cov = slot_cover(sc, sup);

    // Demand curve.
    t.under_min_hours = vec![0.0; nl];
    t.under_target_hours = vec![0.0; nl];
    for k in 0..sc.slots() {
        for l in 0..nl {
            t.under_min_hours[l] += cov.under_min[k * nl + l] * slot_h;
            t.under_target_hours[l] += cov.under_target[k * nl + l] * slot_h;
        }
        t.over_hours += cov.over[k] * slot_h;
    }
    for l in 0..nl {
        t.under_min += w.under_min * sc.level_weight(l) * t.under_min_hours[l];
        t.under_target += w.under_target * sc.level_weight(l) * t.under_target_hours[l];
    }
    t.over = w.over * t.over_hours;

    // Qualification demand: people with the qualification and at least the level.
    for qd in &sc.qualification_demand {
        let present = qualified_present(sc, tl, qd);
        let lw = sc.level_weight(qd.level);
        for &(k, dem) in &qd.slots {
            let um = (f64::from(dem.min) - present[k]).max(0.0);
            let ut = (f64::from(dem.target) - present[k]).max(0.0);
            t.under_min_qualification_hours += um * slot_h;
            t.under_min += w.under_min * lw * um * slot_h;
            t.under_target += w.under_target * lw * ut * slot_h;
        }
    }

    // Per-shift cover.
    for row in &sc.cover {
        let n = (0..sc.staff.len())
            .filter(|&p| {
                rota.cells[p][row.day] == Some(row.shift)
                    && row.level.is_none_or(|l| sc.staff[p].level <= l)
            })
            .count() as f64;
        let req = f64::from(row.required);
        let under = (req - n).max(0.0);
        let over = (n - req).max(0.0);
        t.cover_under_count += under;
        t.cover_under += under * row.weight_under;
        t.cover_over_count += over;
        t.cover_over += over * row.weight_over;
    }

    // Competence shares: hours by the level or higher against all hours on the days.
    for req in &sc.shares {
        let (mut all, mut good) = (0.0, 0.0);
        for (p, works) in tl.work.iter().enumerate() {
            for work in works.iter().filter(|x| req.days[x.day]) {
                let h = work.paid as f64 / 60.0;
                all += h;
                if sc.staff[p].level <= req.level {
                    good += h;
                }
            }
        }
        let needed = req.min_fraction * all;
        let short = needed - good;
        if short > EPS {
            let spec = &sc.spec().demand.shares[req.source];
            let days: Vec<String> = spec.days.iter().map(|d| d.to_string()).collect();
            out.push(Violation {
                rule: RuleId::CompetenceShare,
                staff: None,
                days: (0, sc.days() - 1),
                when: days.join(", "),
                measured: if all > 0.0 { 100.0 * good / all } else { 0.0 },
                limit: 100.0 * req.min_fraction,
                hard: req.weight.is_none(),
                penalty: req.weight.map_or(0.0, |wt| wt * short),
                message: format!(
                    "{} share on {} is {:.1} % of {:.1} h worked, below {:.1} % ({:.1} h short)",
                    sc.level_id(req.level),
                    days.join(", "),
                    if all > 0.0 { 100.0 * good / all } else { 0.0 },
                    all,
                    100.0 * req.min_fraction,
                    short
                ),
            });
        }
    }

    // Presence: at least `min` of the level or higher in every slot.
    for req in &sc.presence {
        let short_slots = presence_shortfall(sup, req);
        // One violation per day with a gap, so the message can say when.
        let mut i = 0;
        while i < short_slots.len() {
            let day = short_slots[i].0 / sc.slots_per_day;
            let mut j = i;
            let mut total = 0.0;
            while j < short_slots.len() && short_slots[j].0 / sc.slots_per_day == day {
                total += short_slots[j].1;
                j += 1;
            }
            let hours = total * slot_h;
            // Name every separate gap of the day: "00:00–07:00, 22:00–24:00".
            let clock = |m: i64| format!("{:02}:{:02}", m / 60, m % 60);
            let mut gaps: Vec<(i64, i64)> = Vec::new();
            for &(k, _) in &short_slots[i..j] {
                let iv = sc.slot_interval(k);
                let (s0, e0) = (
                    iv.start % crate::time::DAY_MINUTES,
                    iv.start % crate::time::DAY_MINUTES + sc.slot_minutes,
                );
                match gaps.last_mut() {
                    Some(g) if g.1 == s0 => g.1 = e0,
                    _ => gaps.push((s0, e0)),
                }
            }
            let spans: Vec<String> = gaps
                .iter()
                .map(|&(a, b)| format!("{}–{}", clock(a), clock(b)))
                .collect();
            out.push(Violation {
                rule: RuleId::Presence,
                staff: None,
                days: (day, day),
                when: sc.calendar.label(day),
                measured: hours,
                limit: 0.0,
                hard: req.weight.is_none(),
                penalty: req.weight.map_or(0.0, |wt| wt * hours),
                message: format!(
                    "{}: fewer than {} {} present {} ({:.2} person-hours missing)",
                    sc.calendar.label(day),
                    req.min,
                    sc.level_id(req.level),
                    spans.join(", "),
                    hours
                ),
            });
            i = j;
        }
    }

    // Position sizes.
    for p in 0..sc.staff.len() {
        let (Some(pos), Some(pct)) = (sc.staff[p].position(), rota.staffed_pct(sc, p)) else {
            continue;
        };
        let short = (pos.wanted() - pct).max(0.0);
        t.position_shortfall_pct += short;
        if pct < 100.0 - EPS {
            t.part_time_count += 1;
        }
    }
    t.position_shortfall = w.position_shortfall * t.position_shortfall_pct;
    t.part_time = w.part_time * t.part_time_count as f64;

    // Requests.
    for (p, st) in sc.staff.iter().enumerate() {
        for r in &st.requests {
            if !r.granted(rota.cells[p][r.day]) {
                t.requests_denied += 1;
                t.requests += r.weight;
            }
        }
    }

    // Fairness: spread of weekends, nights and evenings worked among the staff who may work them.
    let spread = fairness_counts(sc, rota, tl)
        .into_iter()
        .map(|counts| {
            let max = counts.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            let min = counts.iter().copied().fold(f64::INFINITY, f64::min);
            if counts.is_empty() {
                0.0
            } else {
                max - min
            }
        })
        .sum::<f64>();
    t.fairness_spread = spread;
    t.fairness = w.fairness * spread;
}

/// Which fairness groups staff member `p` belongs to: `[weekends, nights, evenings]`. Weekends:
/// any shift allowed at all (`max_shifts` not all 0); nights: not `no_nights` and some night
/// shift allowed; evenings: not `nights_only` and some evening shift allowed.
pub fn fairness_eligibility(sc: &Scenario, p: usize) -> [bool; 3] {
    let st = &sc.staff[p];
    let cat_ok = |cat: ShiftCategory| {
        (0..sc.shifts.len()).any(|s| {
            sc.shifts[s].category() == cat
                && st.max_shifts[s] != Some(0)
                && !(cat == ShiftCategory::Night && st.spec.no_nights)
                && !(cat != ShiftCategory::Night && st.spec.nights_only)
        })
    };
    let any = (0..sc.shifts.len()).any(|s| st.max_shifts[s] != Some(0));
    [
        any,
        cat_ok(ShiftCategory::Night),
        cat_ok(ShiftCategory::Evening),
    ]
}

/// For fairness: counts of worked weekends, night shifts and evening shifts, each over the staff
/// eligible for it ([`fairness_eligibility`]), unused optional lines left out. No weekend count
/// when the horizon has no weekend.
pub fn fairness_counts(sc: &Scenario, rota: &Rota, tl: &Timeline) -> [Vec<f64>; 3] {
    let weekends = super::weekend_windows(sc);
    let period = sc.calendar.period();
    let mut out: [Vec<f64>; 3] = [Vec::new(), Vec::new(), Vec::new()];
    for p in 0..sc.staff.len() {
        if rota.is_unused(sc, p) {
            continue;
        }
        let [we, ni, ev] = fairness_eligibility(sc, p);
        if we && !weekends.is_empty() {
            let n = weekends
                .iter()
                .filter(|w| {
                    tl.work[p]
                        .iter()
                        .any(|x| w.overlap_cyclic(x.interval, period) > 0)
                })
                .count();
            out[0].push(n as f64);
        }
        for (i, on, cat) in [
            (1, ni, ShiftCategory::Night),
            (2, ev, ShiftCategory::Evening),
        ] {
            if on {
                let n = rota.cells[p]
                    .iter()
                    .flatten()
                    .filter(|&&s| sc.shifts[s].category() == cat)
                    .count();
                out[i].push(n as f64);
            }
        }
    }
    out
}
