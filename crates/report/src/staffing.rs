//! Demand against planned staff over one day, from the validator's per-slot KPIs
//! ([`SlotKpi`](turnus_core::validate::SlotKpi)): the "planned staffing per rota week" view, as an
//! average over the weekdays or the weekend days of the horizon.

use turnus_core::time::{Interval, DAY_MINUTES};
use turnus_core::validate::weekend_windows;
use turnus_core::{Report, Scenario};

/// Which days a profile averages over.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum DayKind {
    /// Days less than half inside the weekend window, public holidays excluded.
    Weekday,
    /// Days at least half inside the weekend window, and public holidays (which count as
    /// Sundays).
    Weekend,
}

/// `kinds[d]`: whether day `d` is a weekday or a weekend day, by the scenario's weekend window
/// (`rules.windows.weekend`), never by the weekday's name.
pub(crate) fn day_kinds(sc: &Scenario) -> Vec<DayKind> {
    let weekends = weekend_windows(sc);
    let period = sc.calendar.period();
    (0..sc.days())
        .map(|d| {
            let day = Interval::new(d as i64 * DAY_MINUTES, (d as i64 + 1) * DAY_MINUTES);
            let inside: i64 = weekends
                .iter()
                .map(|w| day.overlap_cyclic(*w, period))
                .sum();
            if sc.calendar.day(d).holiday.is_some() || 2 * inside >= DAY_MINUTES {
                DayKind::Weekend
            } else {
                DayKind::Weekday
            }
        })
        .collect()
}

/// Demand and staff per slot of the day, averaged over the days of one [`DayKind`]. Every
/// figure is indexed `[slot of the day][competence level]`.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct DayProfile {
    /// Number of days averaged.
    pub days: usize,
    /// Slot length in minutes.
    pub slot_minutes: i64,
    /// Mean minimum demand per level.
    pub min: Vec<Vec<f64>>,
    /// Mean target demand per level.
    pub target: Vec<Vec<f64>>,
    /// Mean people present per level.
    pub staffed: Vec<Vec<f64>>,
    /// The fewest people of a level or a higher one present on any of the days: `[slot][l]`
    /// is the minimum over the days of the staff of levels `0..=l`.
    pub fewest_cumulative: Vec<Vec<f64>>,
}

impl DayProfile {
    /// Slots in a day.
    pub fn slots(&self) -> usize {
        self.min.len()
    }
}

/// Sum of `v[0..=level]`.
pub(crate) fn up_to(v: &[f64], level: usize) -> f64 {
    v.iter().take(level + 1).sum()
}

/// The profile of the days of `kind`, or `None` when the horizon has none or the report holds
/// no slot figures. Slots whose day or time does not fit the scenario (a hand-made report) are
/// left out.
pub(crate) fn profile(sc: &Scenario, report: &Report, kind: DayKind) -> Option<DayProfile> {
    let kinds = day_kinds(sc);
    let levels = sc.levels();
    let spd = sc.slots_per_day;
    let slot_minutes = sc.slot_minutes;
    let chosen: Vec<usize> = (0..kinds.len()).filter(|&d| kinds[d] == kind).collect();
    if chosen.is_empty() || report.kpis.slots.is_empty() || levels == 0 {
        return None;
    }
    let zeros = || vec![vec![0.0; levels]; spd];
    let (mut min, mut target, mut staffed) = (zeros(), zeros(), zeros());
    let mut fewest = vec![vec![f64::INFINITY; levels]; spd];
    let mut seen = vec![0usize; spd];
    for s in &report.kpis.slots {
        let i = (s.time.minutes() / slot_minutes) as usize;
        if s.day >= kinds.len() || kinds[s.day] != kind || i >= spd {
            continue;
        }
        seen[i] += 1;
        let mut cumulative = 0.0;
        for l in 0..levels {
            min[i][l] += f64::from(s.min.get(l).copied().unwrap_or(0));
            target[i][l] += f64::from(s.target.get(l).copied().unwrap_or(0));
            let present = s.staffed.get(l).copied().unwrap_or(0.0);
            staffed[i][l] += present;
            cumulative += present;
            fewest[i][l] = fewest[i][l].min(cumulative);
        }
    }
    if seen.iter().all(|&n| n == 0) {
        return None;
    }
    for i in 0..spd {
        let n = seen[i].max(1) as f64;
        for l in 0..levels {
            min[i][l] /= n;
            target[i][l] /= n;
            staffed[i][l] /= n;
            if !fewest[i][l].is_finite() {
                fewest[i][l] = 0.0;
            }
        }
    }
    Some(DayProfile {
        days: chosen.len(),
        slot_minutes,
        min,
        target,
        staffed,
        fewest_cumulative: fewest,
    })
}

/// The profile of qualification demand `q` (an index into `report.kpis.qualifications`) over
/// the days of `kind`, as a profile of one level: the qualified staff present against the
/// qualification's minimum and target. `None` as for [`profile`].
pub(crate) fn qualification_profile(
    sc: &Scenario,
    report: &Report,
    q: usize,
    kind: DayKind,
) -> Option<DayProfile> {
    let kinds = day_kinds(sc);
    let spd = sc.slots_per_day;
    let slot_minutes = sc.slot_minutes;
    let days = kinds.iter().filter(|&&k| k == kind).count();
    let qk = report.kpis.qualifications.get(q)?;
    if days == 0 || qk.slots.is_empty() {
        return None;
    }
    let (mut min, mut target, mut staffed) = (vec![0.0; spd], vec![0.0; spd], vec![0.0; spd]);
    let mut fewest = vec![f64::INFINITY; spd];
    let mut seen = vec![0usize; spd];
    for s in &qk.slots {
        let i = (s.time.minutes() / slot_minutes) as usize;
        if s.day >= kinds.len() || kinds[s.day] != kind || i >= spd {
            continue;
        }
        seen[i] += 1;
        min[i] += f64::from(s.min);
        target[i] += f64::from(s.target);
        staffed[i] += s.present;
        fewest[i] = fewest[i].min(s.present);
    }
    if seen.iter().all(|&n| n == 0) {
        return None;
    }
    let one = |v: Vec<f64>| -> Vec<Vec<f64>> { v.into_iter().map(|x| vec![x]).collect() };
    let mean = |v: &[f64]| -> Vec<f64> {
        v.iter()
            .zip(&seen)
            .map(|(x, &n)| x / n.max(1) as f64)
            .collect()
    };
    Some(DayProfile {
        days,
        slot_minutes,
        min: one(mean(&min)),
        target: one(mean(&target)),
        staffed: one(mean(&staffed)),
        fewest_cumulative: one(fewest
            .into_iter()
            .map(|x| if x.is_finite() { x } else { 0.0 })
            .collect()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use turnus_core::Rota;

    use crate::testdata::DOC;

    fn scenario(edit: impl FnOnce(&mut serde_json::Value)) -> Scenario {
        let mut v: serde_json::Value = serde_json::from_str(DOC).unwrap();
        edit(&mut v);
        Scenario::from_json(&v.to_string()).unwrap()
    }

    #[test]
    fn weekend_days_follow_the_window_and_holidays() {
        let sc = scenario(|_| {});
        let kinds = day_kinds(&sc);
        let weekend: Vec<usize> = (0..14).filter(|&d| kinds[d] == DayKind::Weekend).collect();
        assert_eq!(weekend, [5, 6, 12, 13]);
        // A window from Friday 12:00 to Monday 06:00: Friday is half inside, Monday is not.
        let sc = scenario(|v| {
            v["rules"]["windows"] = serde_json::json!({ "weekend": {
                "from": { "day": "Fri", "time": "12:00" },
                "to": { "day": "Mon", "time": "06:00" } } });
        });
        let kinds = day_kinds(&sc);
        let weekend: Vec<usize> = (0..7).filter(|&d| kinds[d] == DayKind::Weekend).collect();
        assert_eq!(weekend, [4, 5, 6]);
        // 17 May 2027 is a Monday and a public holiday.
        let sc = scenario(|v| {
            v["horizon"] = serde_json::json!({ "kind": "dated", "start": "2027-05-17", "days": 7 });
        });
        assert_eq!(day_kinds(&sc)[0], DayKind::Weekend);
        assert_eq!(day_kinds(&sc)[1], DayKind::Weekday);
    }

    #[test]
    fn the_profile_averages_the_validator_slots_of_the_chosen_days() {
        let sc = scenario(|_| {});
        let mut rota = Rota::empty(&sc);
        // kari (nurse) on a day shift on Monday of week 1 only.
        rota.cells[0][0] = sc.shift_index("D");
        let report = turnus_core::validate(&sc, &rota);
        let p = profile(&sc, &report, DayKind::Weekday).unwrap();
        assert_eq!(p.days, 10);
        assert_eq!(p.slots(), sc.slots_per_day);
        let slot_of = |h: i64| (h * 60 / p.slot_minutes) as usize;
        // At 10:00 she is there on one of the ten weekdays.
        assert!((p.staffed[slot_of(10)][0] - 0.1).abs() < 1e-9);
        assert_eq!(p.fewest_cumulative[slot_of(10)][0], 0.0);
        assert_eq!(p.staffed[slot_of(3)][0], 0.0);
        // The demand is the mean of the validator's slot demand over the same days.
        let mean_min: f64 = report
            .kpis
            .slots
            .iter()
            .filter(|s| day_kinds(&sc)[s.day] == DayKind::Weekday && s.time.minutes() == 600)
            .map(|s| f64::from(s.min[1]))
            .sum::<f64>()
            / 10.0;
        assert!((p.min[slot_of(10)][1] - mean_min).abs() < 1e-9);
        let weekend = profile(&sc, &report, DayKind::Weekend).unwrap();
        assert_eq!(weekend.days, 4);
        assert_eq!(weekend.staffed[slot_of(10)][0], 0.0);
    }

    #[test]
    fn no_days_of_a_kind_give_no_profile() {
        let sc = scenario(|v| {
            v["horizon"] = serde_json::json!({ "kind": "dated", "start": "2027-01-04", "days": 3 });
        });
        let report = turnus_core::validate(&sc, &Rota::empty(&sc));
        assert!(profile(&sc, &report, DayKind::Weekend).is_none());
        assert!(profile(&sc, &report, DayKind::Weekday).is_some());
    }
}
