//! KPIs of a rota (DOMAIN.md "KPIs a rota report must show").

use serde::Serialize;

use super::cover::{Supply, EPS};
use super::{
    full_time_week_in, merged_red_windows, night_and_sunday_in, red_day_windows, weekend_windows,
    ObjectiveTerms, Timeline,
};
use crate::rota::Rota;
use crate::scenario::Scenario;
use crate::time::TimeOfDay;

/// Count of positions per size bucket.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct PositionProfile {
    /// ≥ 100 % (with a 1e-9 tolerance).
    pub full_time: usize,
    /// 80–99.9 %.
    pub from_80: usize,
    /// 50–79.9 %.
    pub from_50: usize,
    /// 30–49.9 %.
    pub from_30: usize,
    /// < 30 %.
    pub below_30: usize,
}

/// Hours worked by one competence level.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct CompetenceHours {
    /// Competence id.
    pub competence: String,
    /// Paid hours outside the weekend windows.
    pub weekday_hours: f64,
    /// Paid hours inside the weekend windows (`windows.weekend`).
    pub weekend_hours: f64,
}

/// Figures per competence level, in `competences` order: up to four levels are stored inline, so
/// the thousands of [`SlotKpi`] rows of a report need no allocation each (more levels spill to
/// the heap). Derefs to a slice and serialises as a JSON array.
#[derive(Clone)]
pub struct PerLevel<T>(Repr<T>);

#[derive(Clone)]
enum Repr<T> {
    Inline(usize, [T; 4]),
    Heap(Vec<T>),
}

impl<T: Copy + Default> PerLevel<T> {
    /// Copies `values`.
    pub fn from_slice(values: &[T]) -> PerLevel<T> {
        let mut inline = [T::default(); 4];
        match inline.get_mut(..values.len()) {
            Some(head) => {
                head.copy_from_slice(values);
                PerLevel(Repr::Inline(values.len(), inline))
            }
            None => PerLevel(Repr::Heap(values.to_vec())),
        }
    }
}

impl<T: Copy + Default> FromIterator<T> for PerLevel<T> {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> PerLevel<T> {
        let mut inline = [T::default(); 4];
        let mut iter = iter.into_iter();
        for n in 0..4 {
            match iter.next() {
                Some(v) => inline[n] = v,
                None => return PerLevel(Repr::Inline(n, inline)),
            }
        }
        match iter.next() {
            None => PerLevel(Repr::Inline(4, inline)),
            Some(v) => {
                let mut heap = inline.to_vec();
                heap.push(v);
                heap.extend(iter);
                PerLevel(Repr::Heap(heap))
            }
        }
    }
}

impl<T> std::ops::Deref for PerLevel<T> {
    type Target = [T];
    fn deref(&self) -> &[T] {
        match &self.0 {
            Repr::Inline(n, a) => &a[..*n],
            Repr::Heap(v) => v,
        }
    }
}

impl<T: Copy + Default> Default for PerLevel<T> {
    fn default() -> Self {
        PerLevel(Repr::Inline(0, [T::default(); 4]))
    }
}

impl<T: PartialEq> PartialEq for PerLevel<T> {
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
}

impl<T: std::fmt::Debug> std::fmt::Debug for PerLevel<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl<T: Serialize> Serialize for PerLevel<T> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

/// Demand and staff in one slot.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct SlotKpi {
    /// Day index.
    pub day: usize,
    /// Start time, `HH:MM` in JSON.
    pub time: TimeOfDay,
    /// Minimum demand per level.
    pub min: PerLevel<u32>,
    /// Target demand per level.
    pub target: PerLevel<u32>,
    /// People present per level (fractional where a shift covers part of the slot).
    pub staffed: PerLevel<f64>,
}

/// Demand for people with a qualification (`demand.curve[].qualification`) against the staff
/// present who count for it: those with the qualification and at least the competence.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct QualificationKpi {
    /// Qualification id.
    pub qualification: String,
    /// The lowest competence that counts (its id); higher ones count too.
    pub competence: String,
    /// Person-hours below the minimum (summed over the slots; the objective term
    /// `under_min_qualification_hours` sums this over every qualification demand).
    pub under_min_hours: f64,
    /// One per slot of the horizon, in order.
    pub slots: Vec<QualificationSlotKpi>,
}

/// Qualification demand and the qualified staff present in one slot.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct QualificationSlotKpi {
    /// Day index.
    pub day: usize,
    /// Start time, `HH:MM` in JSON.
    pub time: TimeOfDay,
    /// Minimum demand.
    pub min: u32,
    /// Target demand.
    pub target: u32,
    /// Qualified people present (fractional where a shift covers part of the slot).
    pub present: f64,
}

/// Per person figures.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct PersonKpi {
    /// Staff id.
    pub staff: String,
    /// Competence id.
    pub competence: String,
    /// Position size (%) with this rota, if the person has a position.
    pub position_pct: Option<f64>,
    /// Shifts worked.
    pub shifts: usize,
    /// Paid hours over the horizon.
    pub paid_hours: f64,
    /// Paid hours inside weekend windows (`windows.weekend`), pro rata.
    pub weekend_hours: f64,
    /// Weekend windows that some shift of the person overlaps.
    pub weekends_worked: usize,
    /// Paid hours in the night window (`windows.night`).
    pub night_hours: f64,
    /// Paid hours in Sunday/holiday windows (`windows.red_day`).
    pub sunday_hours: f64,
    /// Full-time week in hours for this person (fixed, or by the KS three-shift rule).
    pub full_time_week_hours: f64,
    /// Meets the "comparable to continuous 3-shift" test pro rata: at least 539 night hours and
    /// 231 Sunday hours per 364 days of horizon.
    pub comparable_to_continuous: bool,
}

/// The KPIs.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Kpis {
    /// Share (0–1) of staff with a position that are at 100 % (the rota's chosen size, else the
    /// current one; unused optional lines left out). 0 when nobody has a position.
    pub full_time_share: f64,
    /// Mean position size in percent over the staff with a position (0 when there are none).
    pub mean_position_pct: f64,
    /// Number of staff with a position (unused optional lines left out).
    pub positions: usize,
    /// Full-time equivalents (årsverk): the sum of the position sizes / 100.
    pub fte: f64,
    /// Optional rota lines the rota leaves unused (0 %).
    pub unused_lines: usize,
    /// Position-size profile.
    pub position_profile: PositionProfile,
    /// Paid hours per competence level, one entry per level in `competences` order. A shift that
    /// straddles a weekend window edge is split pro rata ([`Work::paid_in`](super::Work::paid_in)).
    pub hours_by_competence: Vec<CompetenceHours>,
    /// Skilled cover (fagdekning): share (0–1) of the paid hours outside the weekend windows that
    /// were worked by `skilled_from` or a higher level. 0 when no hours were worked.
    pub skilled_cover_weekday: f64,
    /// Skilled cover inside the weekend windows (0 when no hours were worked).
    pub skilled_cover_weekend: f64,
    /// True when the highest level (level 0, the nurse by default) is present in every clock hour
    /// of the horizon.
    pub nurse_every_hour: bool,
    /// Clock hours of the horizon (all of them, dated or cyclic) in which the highest level is not
    /// present for the whole hour: some demand slot overlapping the hour has less than one person
    /// of level 0 (fractional slot supply summed over people, 1e-9 tolerance). With slots longer
    /// than an hour this is the slot containing the hour. A dated horizon starts with everyone
    /// off, so a night before day 0 does not count.
    pub hours_without_nurse: usize,
    /// Person-hours below the curve's minimum, summed over levels (the sum of
    /// [`ObjectiveTerms::under_min_hours`](super::ObjectiveTerms::under_min_hours)). Qualification
    /// demand is not included (see `under_min_qualification_hours` in the objective terms), nor is
    /// per-shift cover.
    pub under_staffing_hours: f64,
    /// Person-hours above the total target of the slot, all levels together (efficiency loss; the
    /// same as [`ObjectiveTerms::over_hours`](super::ObjectiveTerms::over_hours)).
    pub over_staffing_hours: f64,
    /// Total paid hours of all staff.
    pub total_paid_hours: f64,
    /// Per person, in staff order.
    pub people: Vec<PersonKpi>,
    /// Demand vs staff per slot, one per slot of the horizon in order.
    pub slots: Vec<SlotKpi>,
    /// Qualification demand vs the qualified staff, one per qualification and competence the
    /// demand curve asks for, in the order of the scenario's resolved demand.
    pub qualifications: Vec<QualificationKpi>,
}

/// Computes the KPIs from what the validation has already worked out: the timeline, the
/// objective terms (under- and over-staffing come from [`slot_cover`](super::cover::slot_cover)
/// through them, so the KPIs agree with the objective) and the slot supply `sup` from
/// [`supply`](super::cover::supply).
pub(crate) fn compute(
    sc: &Scenario,
    rota: &Rota,
    tl: &Timeline,
    terms: &ObjectiveTerms,
    sup: &Supply,
) -> Kpis {
    let mut k = Kpis::default();
    positions(sc, rota, &mut k);
    people(sc, rota, tl, &mut k);
    k.under_staffing_hours = terms.under_min_hours.iter().sum();
    k.over_staffing_hours = terms.over_hours;
    k.hours_without_nurse = hours_without_top_level(sc, sup);
    k.nurse_every_hour = k.hours_without_nurse == 0;
    k.slots = slots(sc, sup);
    k.qualifications = qualifications(sc, tl);
    k
}

/// Demand and qualified staff per slot, per qualification demand.
fn qualifications(sc: &Scenario, tl: &Timeline) -> Vec<QualificationKpi> {
    let spd = sc.slots_per_day;
    let slot_h = sc.slot_minutes as f64 / 60.0;
    sc.qualification_demand
        .iter()
        .map(|qd| {
            let present = super::cover::qualified_present(sc, tl, qd);
            let mut slots: Vec<QualificationSlotKpi> = present
                .iter()
                .enumerate()
                .map(|(k, &present)| QualificationSlotKpi {
                    day: k / spd,
                    time: TimeOfDay::from_minutes((k % spd) as i64 * sc.slot_minutes),
                    min: 0,
                    target: 0,
                    present,
                })
                .collect();
            let mut under = 0.0;
            for &(k, dem) in &qd.slots {
                slots[k].min = dem.min;
                slots[k].target = dem.target;
                under += (f64::from(dem.min) - present[k]).max(0.0) * slot_h;
            }
            QualificationKpi {
                qualification: sc.spec().qualifications[qd.qualification].id.clone(),
                competence: sc.level_id(qd.level).to_string(),
                under_min_hours: under,
                slots,
            }
        })
        .collect()
}

/// Full-time share, mean size and profile over the staff with a position.
fn positions(sc: &Scenario, rota: &Rota, k: &mut Kpis) {
    let (mut n, mut sum) = (0usize, 0.0);
    let prof = &mut k.position_profile;
    for p in 0..sc.staff.len() {
        if rota.is_unused(sc, p) {
            k.unused_lines += 1;
        }
        let Some(pct) = rota.staffed_pct(sc, p) else {
            continue;
        };
        n += 1;
        sum += pct;
        if pct >= 100.0 - EPS {
            prof.full_time += 1;
        } else if pct >= 80.0 {
            prof.from_80 += 1;
        } else if pct >= 50.0 {
            prof.from_50 += 1;
        } else if pct >= 30.0 {
            prof.from_30 += 1;
        } else {
            prof.below_30 += 1;
        }
    }
    k.positions = n;
    k.fte = sum / 100.0;
    if n > 0 {
        k.full_time_share = prof.full_time as f64 / n as f64;
        k.mean_position_pct = sum / n as f64;
    }
}

/// Per person figures, hours per competence and skilled cover.
fn people(sc: &Scenario, rota: &Rota, tl: &Timeline, k: &mut Kpis) {
    let weekends = weekend_windows(sc);
    let red = red_day_windows(sc);
    let red_merged = merged_red_windows(&red);
    let period = sc.calendar.period();
    let year = sc.days() as f64 / 364.0;
    let (night_needed, sunday_needed) = (539.0 * year, 231.0 * year);
    let mut by_level: Vec<CompetenceHours> = (0..sc.levels())
        .map(|l| CompetenceHours {
            competence: sc.level_id(l).to_string(),
            ..CompetenceHours::default()
        })
        .collect();
    k.people = Vec::with_capacity(sc.staff.len());
    for (p, works) in tl.work.iter().enumerate() {
        let st = &sc.staff[p];
        let paid = works.iter().map(|w| w.paid as f64).sum::<f64>() / 60.0;
        // Weekend hours pro rata, and the weekend windows touched.
        let (mut weekend, mut weekends_worked) = (0.0, 0);
        for win in &weekends {
            let mut worked = false;
            for w in works {
                if win.overlap_cyclic(w.interval, period) > 0 {
                    worked = true;
                    weekend += w.paid_in(*win, period) / 60.0;
                }
            }
            weekends_worked += usize::from(worked);
        }
        let night_and_sunday = night_and_sunday_in(sc, works, &red_merged);
        let (night, sunday, _) = night_and_sunday;
        let hours = &mut by_level[st.level];
        hours.weekend_hours += weekend;
        hours.weekday_hours += paid - weekend;
        k.total_paid_hours += paid;
        k.people.push(PersonKpi {
            staff: st.id().to_string(),
            competence: sc.level_id(st.level).to_string(),
            position_pct: rota.position_pct(sc, p),
            shifts: works.len(),
            paid_hours: paid,
            weekend_hours: weekend,
            weekends_worked,
            night_hours: night,
            sunday_hours: sunday,
            full_time_week_hours: full_time_week_in(sc, works, &red, Some(night_and_sunday)),
            comparable_to_continuous: night >= night_needed - EPS && sunday >= sunday_needed - EPS,
        });
    }
    let share = |f: fn(&CompetenceHours) -> f64| {
        let all: f64 = by_level.iter().map(f).sum();
        let skilled: f64 = by_level[..=sc.skilled_level].iter().map(f).sum();
        if all > EPS {
            skilled / all
        } else {
            0.0
        }
    };
    k.skilled_cover_weekday = share(|h| h.weekday_hours);
    k.skilled_cover_weekend = share(|h| h.weekend_hours);
    k.hours_by_competence = by_level;
}

/// Clock hours of the horizon in which some slot overlapping the hour has less than one person
/// of the highest level (level 0).
fn hours_without_top_level(sc: &Scenario, sup: &Supply) -> usize {
    let slot = sc.slot_minutes;
    let hours = sc.days() as i64 * 24;
    (0..hours)
        .filter(|h| {
            let first = (h * 60) / slot;
            let end = (h * 60 + 60 + slot - 1) / slot;
            (first..end).any(|s| sup.slot(s as usize)[0] < 1.0 - EPS)
        })
        .count()
}

/// Demand and staff per slot, without an allocation per slot.
fn slots(sc: &Scenario, sup: &Supply) -> Vec<SlotKpi> {
    let spd = sc.slots_per_day;
    sup.slots()
        .zip(&sc.curve)
        .enumerate()
        .map(|(k, (staffed, dem))| SlotKpi {
            day: k / spd,
            time: TimeOfDay::from_minutes((k % spd) as i64 * sc.slot_minutes),
            min: dem.iter().map(|d| d.min).collect(),
            target: dem.iter().map(|d| d.target).collect(),
            staffed: PerLevel::from_slice(staffed),
        })
        .collect()
}
