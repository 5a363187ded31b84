//! The scenario: everything a rota is planned and checked against. [`ScenarioSpec`] is the plain
//! serde document; [`Scenario`] is the checked form with ids resolved to indices and the demand
//! curve laid out on slots.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

use crate::calendar::{Calendar, HorizonSpec};
use crate::competence::{default_competences, CompetenceSpec, Level, QualificationSpec};
use crate::demand::DemandSpec;
use crate::error::{from_json, InputError};
use crate::rules::{Limit, ObjectiveWeights, RuleSet};
use crate::selector::DaySelector;
use crate::shift::{clock_duration, minutes_in_daily_window, Shift, ShiftSpec};
use crate::staff::{PersonalLimits, PositionSpec, RequestKind, StaffKind, StaffSpec};
use crate::time::{Interval, DAY_MINUTES};

/// The scenario format version this library reads and writes.
pub const FORMAT_VERSION: u32 = 1;

/// A scenario document (see `docs/scenario-format.md`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScenarioSpec {
    /// Must be 1.
    pub format_version: u32,
    /// Name of the unit or scenario.
    pub name: String,
    /// Free text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The horizon.
    pub horizon: HorizonSpec,
    /// When the rota was discussed with union representatives (AML §10-3).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub discussed_on: Option<NaiveDate>,
    /// Competence levels, highest first (default nurse, skilled, assistant).
    #[serde(default = "default_competences")]
    pub competences: Vec<CompetenceSpec>,
    /// The lowest level that counts as skilled for skilled cover (fagdekning). Default: every
    /// level but the lowest.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub skilled_from: Option<String>,
    /// Extra qualifications.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub qualifications: Vec<QualificationSpec>,
    /// Shift types.
    pub shifts: Vec<ShiftSpec>,
    /// Staff and rota lines.
    pub staff: Vec<StaffSpec>,
    /// Demand.
    #[serde(default)]
    pub demand: DemandSpec,
    /// Working-time rules.
    pub rules: RuleSet,
    /// Objective weights.
    #[serde(default)]
    pub weights: ObjectiveWeights,
}

/// A request resolved to one day.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DayRequest {
    /// Day index.
    pub day: usize,
    /// Work or off.
    pub kind: RequestKind,
    /// Shift index, or `None` for any shift / the whole day.
    pub shift: Option<usize>,
    /// Cost when not granted.
    pub weight: f64,
}

impl DayRequest {
    /// Whether the request is granted when its day's cell is `cell` (a shift, or off).
    pub fn granted(&self, cell: Option<usize>) -> bool {
        match (self.kind, self.shift) {
            (RequestKind::On, Some(s)) => cell == Some(s),
            (RequestKind::On, None) => cell.is_some(),
            (RequestKind::Off, Some(s)) => cell != Some(s),
            (RequestKind::Off, None) => cell.is_none(),
        }
    }
}

/// A staff member with ids resolved.
#[derive(Clone, Debug, PartialEq)]
pub struct Staff {
    /// The member as written.
    pub spec: StaffSpec,
    /// Competence level (0 = highest).
    pub level: Level,
    /// Qualification indices.
    pub qualifications: Vec<usize>,
    /// Per day: unavailable.
    pub unavailable: Vec<bool>,
    /// Per day: `Some(Some(shift))` fixed on, `Some(None)` fixed off, `None` free.
    pub fixed: Vec<Option<Option<usize>>>,
    /// Requests, one per day they apply to.
    pub requests: Vec<DayRequest>,
    /// Per shift type: maximum count.
    pub max_shifts: Vec<Option<u32>>,
}

impl Staff {
    /// Id.
    pub fn id(&self) -> &str {
        &self.spec.id
    }

    /// Position, if any.
    pub fn position(&self) -> Option<&PositionSpec> {
        self.spec.position.as_ref()
    }

    /// A rota line the staffing plan may leave unused (position 0 %).
    pub fn is_optional(&self) -> bool {
        self.spec.optional
    }

    /// Personal limits.
    pub fn limits(&self) -> &PersonalLimits {
        &self.spec.limits
    }

    /// Can this person ever work shift `s` on day `d` (availability, fixed days, max counts,
    /// night flags)? Does not look at rules that involve other days.
    pub fn may_work(&self, sc: &Scenario, d: usize, s: usize) -> bool {
        if self.unavailable[d] {
            return false;
        }
        match self.fixed[d] {
            Some(Some(f)) if f != s => return false,
            Some(None) => return false,
            _ => {}
        }
        if self.max_shifts[s] == Some(0) {
            return false;
        }
        let night = sc.shifts[s].is_night();
        !(self.spec.no_nights && night || self.spec.nights_only && !night)
    }
}

/// Demand in one slot for one competence level: minimum and target.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct SlotDemand {
    /// Minimum.
    pub min: u32,
    /// Target (≥ min).
    pub target: u32,
}

/// Demand for people with a qualification (and at least a level), counted on its own.
#[derive(Clone, Debug, PartialEq)]
pub struct QualificationDemand {
    /// Qualification index.
    pub qualification: usize,
    /// Minimum level.
    pub level: Level,
    /// Per slot demand (only slots with demand).
    pub slots: Vec<(usize, SlotDemand)>,
}

/// A resolved per-shift cover row for one day.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CoverRow {
    /// Index of the row in `demand.shift_cover`.
    pub source: usize,
    /// Day.
    pub day: usize,
    /// Shift index.
    pub shift: usize,
    /// Only this level or higher counts.
    pub level: Option<Level>,
    /// Required count.
    pub required: u32,
    /// Cost per person short.
    pub weight_under: f64,
    /// Cost per person over.
    pub weight_over: f64,
}

/// A resolved competence-share requirement.
#[derive(Clone, Debug, PartialEq)]
pub struct ShareRequirement {
    /// Index in `demand.shares`.
    pub source: usize,
    /// Days measured.
    pub days: Vec<bool>,
    /// Level.
    pub level: Level,
    /// Minimum fraction (0..=1).
    pub min_fraction: f64,
    /// Weight per hour short, `None` = hard.
    pub weight: Option<f64>,
}

/// A resolved presence requirement.
#[derive(Clone, Debug, PartialEq)]
pub struct PresenceRequirement {
    /// Index in `demand.presence`.
    pub source: usize,
    /// Slots covered.
    pub slots: Vec<usize>,
    /// Level.
    pub level: Level,
    /// Minimum present.
    pub min: u32,
    /// Weight per person-hour short, `None` = hard.
    pub weight: Option<f64>,
}

/// A checked scenario, ready for validation and solving. Immutable.
#[derive(Clone, Debug, PartialEq)]
pub struct Scenario {
    spec: ScenarioSpec,
    /// The calendar.
    pub calendar: Calendar,
    /// Shift types with derived figures.
    pub shifts: Vec<Shift>,
    /// Staff.
    pub staff: Vec<Staff>,
    /// Slot length in minutes.
    pub slot_minutes: i64,
    /// Slots per day.
    pub slots_per_day: usize,
    /// Demand per slot and level (`curve[slot][level]`), additive across levels.
    pub curve: Vec<Vec<SlotDemand>>,
    /// Qualification demand.
    pub qualification_demand: Vec<QualificationDemand>,
    /// Per-shift cover rows, one per day they apply to.
    pub cover: Vec<CoverRow>,
    /// Competence shares.
    pub shares: Vec<ShareRequirement>,
    /// Presence requirements.
    pub presence: Vec<PresenceRequirement>,
    /// Forbidden successions as (from, to) shift indices (explicit ones only).
    pub forbidden: Vec<(usize, usize)>,
    /// Lowest level counted as skilled.
    pub skilled_level: Level,
    /// Per shift: (slot offset from the day's first slot, fraction of the slot covered).
    shift_slots: Vec<Vec<(usize, f64)>>,
}

impl Scenario {
    /// Parses and checks a scenario from JSON.
    pub fn from_json(text: &str) -> Result<Scenario, InputError> {
        Scenario::new(from_json::<ScenarioSpec>(text)?)
    }

    /// Checks a scenario document and resolves it.
    pub fn new(spec: ScenarioSpec) -> Result<Scenario, InputError> {
        build(spec)
    }

    /// The document as given (nothing is changed by loading).
    pub fn spec(&self) -> &ScenarioSpec {
        &self.spec
    }

    /// Serialises the document as pretty JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(&self.spec).expect("a scenario always serialises")
    }

    /// The rules.
    pub fn rules(&self) -> &RuleSet {
        &self.spec.rules
    }

    /// Objective weights.
    pub fn weights(&self) -> &ObjectiveWeights {
        &self.spec.weights
    }

    /// Number of days.
    pub fn days(&self) -> usize {
        self.calendar.len()
    }

    /// Number of competence levels.
    pub fn levels(&self) -> usize {
        self.spec.competences.len()
    }

    /// Competence id of a level.
    pub fn level_id(&self, level: Level) -> &str {
        &self.spec.competences[level].id
    }

    /// Weight multiplier of a level.
    pub fn level_weight(&self, level: Level) -> f64 {
        self.spec.competences[level].weight
    }

    /// Number of slots in the horizon.
    pub fn slots(&self) -> usize {
        self.curve.len()
    }

    /// Shift index by id.
    pub fn shift_index(&self, id: &str) -> Option<usize> {
        self.shifts.iter().position(|s| s.id() == id)
    }

    /// Staff index by id.
    pub fn staff_index(&self, id: &str) -> Option<usize> {
        self.staff.iter().position(|s| s.id() == id)
    }

    /// The slots that shift `s` on day `d` covers, with the covered fraction of each. Wraps on
    /// cyclic horizons; parts beyond a dated horizon are dropped.
    pub fn shift_slots(&self, d: usize, s: usize) -> impl Iterator<Item = (usize, f64)> + '_ {
        let n = self.slots();
        let base = d * self.slots_per_day;
        let cyclic = self.calendar.is_cyclic();
        self.shift_slots[s].iter().filter_map(move |&(off, frac)| {
            let k = base + off;
            if k < n {
                Some((k, frac))
            } else if cyclic {
                Some((k % n, frac))
            } else {
                None
            }
        })
    }

    /// Slot `k` as a clock interval on the horizon axis.
    pub fn slot_interval(&self, k: usize) -> Interval {
        let s = k as i64 * self.slot_minutes;
        Interval::new(s, s + self.slot_minutes)
    }

    /// The full-time week in hours when it is fixed, `None` when computed per person.
    pub fn fixed_full_time_week(&self) -> Option<f64> {
        match self.spec.rules.full_time_week {
            crate::rules::FullTimeWeek::Hours(h) => Some(h),
            crate::rules::FullTimeWeek::KsThreeShift { .. } => None,
        }
    }
}

struct Ctx {
    errors: Option<InputError>,
}

impl Ctx {
    fn fail(&mut self, path: impl Into<String>, msg: impl Into<String>) {
        if self.errors.is_none() {
            self.errors = Some(InputError::invalid(path, msg));
        }
    }
}

fn index_of(
    ids: &HashMap<&str, usize>,
    id: &str,
    what: &str,
    known: &[&str],
) -> Result<usize, String> {
    ids.get(id).copied().ok_or_else(|| {
        let list = if known.len() > 12 {
            format!("{} … ({} in all)", known[..12].join(", "), known.len())
        } else {
            known.join(", ")
        };
        format!("unknown {what} {id:?} (known: {list})")
    })
}

fn unique_ids<'a>(
    cx: &mut Ctx,
    path: &str,
    ids: impl Iterator<Item = &'a str>,
) -> (HashMap<&'a str, usize>, Vec<&'a str>) {
    let mut map = HashMap::new();
    let mut list = Vec::new();
    for (i, id) in ids.enumerate() {
        if id.trim().is_empty() {
            cx.fail(format!("{path}[{i}].id"), "id must not be empty");
        }
        if let Some(prev) = map.insert(id, i) {
            cx.fail(
                format!("{path}[{i}].id"),
                format!("duplicate id {id:?} (also {path}[{prev}])"),
            );
        }
        list.push(id);
    }
    (map, list)
}

/// The staff list with every `count` pool expanded into lines `{id}-1` … `{id}-{count}`, each
/// with the index of the entry it comes from (for error paths).
fn expand_lines(cx: &mut Ctx, staff: &[StaffSpec]) -> Vec<(usize, StaffSpec)> {
    let mut out = Vec::with_capacity(staff.len());
    for (p, st) in staff.iter().enumerate() {
        if st.kind != StaffKind::Line {
            if st.count.is_some() {
                cx.fail(
                    format!("staff[{p}].count"),
                    "only rota lines (kind \"line\") can have a count; list named people one by one",
                );
            }
            if st.optional {
                cx.fail(
                    format!("staff[{p}].optional"),
                    "only rota lines (kind \"line\") can be optional; a named person is always in the rota",
                );
            }
        }
        match st.count {
            None => out.push((p, st.clone())),
            Some(0) => cx.fail(format!("staff[{p}].count"), "must be at least 1"),
            Some(n) if n > 1000 => cx.fail(
                format!("staff[{p}].count"),
                format!("at most 1000 lines per entry (got {n})"),
            ),
            Some(n) => {
                for k in 1..=n {
                    let mut line = st.clone();
                    line.id = format!("{}-{k}", st.id);
                    line.count = None;
                    out.push((p, line));
                }
            }
        }
    }
    out
}

fn check_weight(cx: &mut Ctx, path: String, w: Option<f64>) {
    if let Some(w) = w {
        if !w.is_finite() || w < 0.0 {
            cx.fail(
                path,
                format!("weight must be a finite number ≥ 0 (got {w})"),
            );
        }
    }
}

fn check_limit_f(cx: &mut Ctx, path: &str, l: &Option<Limit<f64>>, max: f64) {
    if let Some(l) = l {
        if !l.value.is_finite() || l.value < 0.0 || l.value > max {
            cx.fail(
                format!("{path}.value"),
                format!("must be between 0 and {max} (got {})", l.value),
            );
        }
        check_weight(cx, format!("{path}.weight"), l.weight);
    }
}

fn check_limit_u(cx: &mut Ctx, path: &str, l: &Option<Limit<u32>>, min: u32) {
    if let Some(l) = l {
        if l.value < min {
            cx.fail(
                format!("{path}.value"),
                format!("must be at least {min} (got {})", l.value),
            );
        }
        check_weight(cx, format!("{path}.weight"), l.weight);
    }
}

fn build(spec: ScenarioSpec) -> Result<Scenario, InputError> {
    let mut cx = Ctx { errors: None };
    if spec.format_version != FORMAT_VERSION {
        return Err(InputError::invalid(
            "format_version",
            format!(
                "unsupported format version {} (this build reads version {FORMAT_VERSION})",
                spec.format_version
            ),
        ));
    }
    match &spec.horizon {
        HorizonSpec::Cyclic { weeks } if !(1..=104).contains(weeks) => {
            cx.fail("horizon.weeks", format!("must be 1 to 104 (got {weeks})"))
        }
        HorizonSpec::Dated { days, .. } if !(1..=3660).contains(days) => {
            cx.fail("horizon.days", format!("must be 1 to 3660 (got {days})"))
        }
        // Holidays follow Easter in the Gregorian calendar; far dates would also overflow.
        HorizonSpec::Dated { start, .. } if !(1583..=9999).contains(&start.year()) => cx.fail(
            "horizon.start",
            format!("must be in the years 1583 to 9999 (got {start})"),
        ),
        _ => {}
    }
    if let Some(e) = cx.errors.take() {
        return Err(e);
    }
    let calendar = Calendar::new(&spec.horizon);
    let ndays = calendar.len();

    // Competences and qualifications.
    if spec.competences.is_empty() {
        cx.fail("competences", "at least one competence level is needed");
    }
    let (comp_ids, comp_list) = unique_ids(
        &mut cx,
        "competences",
        spec.competences.iter().map(|c| c.id.as_str()),
    );
    for (i, c) in spec.competences.iter().enumerate() {
        check_weight(&mut cx, format!("competences[{i}].weight"), Some(c.weight));
    }
    let (qual_ids, qual_list) = unique_ids(
        &mut cx,
        "qualifications",
        spec.qualifications.iter().map(|q| q.id.as_str()),
    );
    let level = |cx: &mut Ctx, path: String, id: &str| -> usize {
        index_of(&comp_ids, id, "competence", &comp_list).unwrap_or_else(|m| {
            cx.fail(path, m);
            0
        })
    };
    let skilled_level = match &spec.skilled_from {
        Some(id) => level(&mut cx, "skilled_from".into(), id),
        None => spec.competences.len().saturating_sub(2),
    };

    // Shifts.
    if spec.shifts.is_empty() {
        cx.fail("shifts", "at least one shift type is needed");
    }
    let (shift_ids, shift_list) =
        unique_ids(&mut cx, "shifts", spec.shifts.iter().map(|s| s.id.as_str()));
    let night = spec.rules.windows.night;
    let mut shifts = Vec::with_capacity(spec.shifts.len());
    for (i, s) in spec.shifts.iter().enumerate() {
        if s.id == "-" || s.id.chars().any(char::is_whitespace) {
            cx.fail(
                format!("shifts[{i}].id"),
                format!(
                    "{:?} is reserved or has spaces (\"-\" means off in a rota)",
                    s.id
                ),
            );
        }
        if s.start == crate::time::TimeOfDay::END_OF_DAY {
            cx.fail(
                format!("shifts[{i}].start"),
                "a shift cannot start at 24:00; use 00:00",
            );
        }
        let duration = clock_duration(s.start, s.end);
        if i64::from(s.break_minutes) >= duration {
            cx.fail(
                format!("shifts[{i}].break_minutes"),
                format!(
                    "break of {} min is not shorter than the shift ({duration} min)",
                    s.break_minutes
                ),
            );
        }
        shifts.push(Shift {
            spec: s.clone(),
            duration,
            paid: if s.break_paid {
                duration
            } else {
                duration - i64::from(s.break_minutes)
            },
            night_minutes: minutes_in_daily_window(
                s.start.minutes(),
                duration,
                night.from,
                night.to,
            ),
        });
    }
    let shift_idx = |cx: &mut Ctx, path: String, id: &str| -> usize {
        index_of(&shift_ids, id, "shift", &shift_list).unwrap_or_else(|m| {
            cx.fail(path, m);
            0
        })
    };
    let days_of = |cx: &mut Ctx, path: String, sel: &DaySelector| -> Vec<usize> {
        sel.resolve(&calendar).unwrap_or_else(|m| {
            cx.fail(path, m);
            Vec::new()
        })
    };

    // Staff.
    if spec.staff.is_empty() {
        cx.fail(
            "staff",
            "the staff list is empty: a rota needs at least one person or rota line",
        );
    }
    let mut staff = Vec::with_capacity(spec.staff.len());
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (p, st) in expand_lines(&mut cx, &spec.staff) {
        let path = format!("staff[{p}]");
        if st.id.trim().is_empty() {
            cx.fail(format!("{path}.id"), "id must not be empty");
        }
        if let Some(prev) = seen.insert(st.id.clone(), p) {
            cx.fail(
                format!("{path}.id"),
                format!("duplicate id {:?} (also staff[{prev}])", st.id),
            );
        }
        let st = &st;
        let lvl = level(&mut cx, format!("{path}.competence"), &st.competence);
        let mut quals = Vec::new();
        for (k, q) in st.qualifications.iter().enumerate() {
            match index_of(&qual_ids, q, "qualification", &qual_list) {
                Ok(i) => quals.push(i),
                Err(m) => cx.fail(format!("{path}.qualifications[{k}]"), m),
            }
        }
        if let Some(pos) = &st.position {
            let fields = [
                ("current_pct", Some(pos.current_pct)),
                ("min_pct", pos.min_pct),
                ("wanted_pct", pos.wanted_pct),
            ];
            for (name, v) in fields {
                if let Some(v) = v {
                    if !v.is_finite() || v <= 0.0 || v > 100.0 {
                        cx.fail(
                            format!("{path}.position.{name}"),
                            format!("must be above 0 and at most 100 (got {v})"),
                        );
                    }
                }
            }
            if let Some(min) = pos.min_pct {
                if min > pos.current_pct {
                    cx.fail(
                        format!("{path}.position.min_pct"),
                        format!("min_pct {min} > current_pct {}", pos.current_pct),
                    );
                }
            }
        }
        let lim = &st.limits;
        if let (Some(lo), Some(hi)) = (lim.min_total_minutes, lim.max_total_minutes) {
            if lo > hi {
                cx.fail(
                    format!("{path}.limits.min_total_minutes"),
                    format!("min_total_minutes {lo} > max_total_minutes {hi}"),
                );
            }
        }
        let max_consecutive = lim
            .max_consecutive_days
            .or(spec.rules.max_consecutive_days.map(|l| l.value));
        if let (Some(lo), Some(hi)) = (lim.min_consecutive_days, max_consecutive) {
            if lo > hi {
                cx.fail(
                    format!("{path}.limits.min_consecutive_days"),
                    format!("min_consecutive_days {lo} > max_consecutive_days {hi}"),
                );
            }
        }
        if st.no_nights && st.nights_only {
            cx.fail(
                format!("{path}.nights_only"),
                "no_nights and nights_only cannot both be set",
            );
        }
        let mut unavailable = vec![false; ndays];
        for (k, sel) in st.unavailable.iter().enumerate() {
            for d in days_of(&mut cx, format!("{path}.unavailable[{k}]"), sel) {
                unavailable[d] = true;
            }
        }
        let mut fixed = vec![None; ndays];
        for (k, f) in st.fixed.iter().enumerate() {
            if !f.day.is_single() {
                cx.fail(
                    format!("{path}.fixed[{k}].day"),
                    format!(
                        "a fixed assignment names one day (an index or a date), not {:?}",
                        f.day.to_string()
                    ),
                );
                continue;
            }
            let s = f
                .shift
                .as_ref()
                .map(|id| shift_idx(&mut cx, format!("{path}.fixed[{k}].shift"), id));
            for d in days_of(&mut cx, format!("{path}.fixed[{k}].day"), &f.day) {
                if let Some(prev) = fixed[d] {
                    if prev != s {
                        cx.fail(
                            format!("{path}.fixed[{k}]"),
                            format!("day {d} is fixed twice with different shifts"),
                        );
                    }
                }
                if unavailable[d] && s.is_some() {
                    cx.fail(
                        format!("{path}.fixed[{k}]"),
                        format!("day {d} is fixed to a shift but also unavailable"),
                    );
                }
                fixed[d] = Some(s);
            }
        }
        let mut requests = Vec::new();
        for (k, r) in st.requests.iter().enumerate() {
            check_weight(
                &mut cx,
                format!("{path}.requests[{k}].weight"),
                Some(r.weight),
            );
            let s = r
                .shift
                .as_ref()
                .map(|id| shift_idx(&mut cx, format!("{path}.requests[{k}].shift"), id));
            for (j, sel) in r.days.iter().enumerate() {
                for d in days_of(&mut cx, format!("{path}.requests[{k}].days[{j}]"), sel) {
                    requests.push(DayRequest {
                        day: d,
                        kind: r.kind,
                        shift: s,
                        weight: r.weight,
                    });
                }
            }
        }
        let mut max_shifts = vec![None; shifts.len()];
        for (id, n) in &st.max_shifts {
            let s = shift_idx(&mut cx, format!("{path}.max_shifts.{id}"), id);
            // `s` is 0 after an unknown id, and there may be no shift at all.
            if let Some(m) = max_shifts.get_mut(s) {
                *m = Some(*n);
            }
        }
        if st.optional {
            if st.position.is_none() {
                cx.fail(
                    format!("{path}.optional"),
                    "an optional rota line needs a position (the sizes the plan may choose besides 0 %)",
                );
            }
            if st.limits.min_total_minutes.is_some_and(|m| m > 0) {
                cx.fail(
                    format!("{path}.limits.min_total_minutes"),
                    "an optional rota line cannot have a minimum of paid minutes: an unused line works none",
                );
            }
            if fixed.iter().any(|f| matches!(f, Some(Some(_)))) {
                cx.fail(
                    format!("{path}.fixed"),
                    "an optional rota line cannot have fixed shifts: an unused line works none",
                );
            }
            if requests.iter().any(|r| r.kind == RequestKind::On) {
                cx.fail(
                    format!("{path}.requests"),
                    "an optional rota line cannot have requests to work: an unused line works none",
                );
            }
        }
        staff.push(Staff {
            spec: st.clone(),
            level: lvl,
            qualifications: quals,
            unavailable,
            fixed,
            requests,
            max_shifts,
        });
    }

    // Demand.
    let dm = &spec.demand;
    let slot = i64::from(dm.slot_minutes);
    if slot < 5 || DAY_MINUTES % slot != 0 {
        cx.fail(
            "demand.slot_minutes",
            format!("must divide 1440 and be at least 5, e.g. 15, 30 or 60 (got {slot})"),
        );
    }
    if let Some(e) = cx.errors.take() {
        return Err(e);
    }
    let slots_per_day = (DAY_MINUTES / slot) as usize;
    let nslots = ndays * slots_per_day;
    let nlevels = spec.competences.len();
    let mut curve = vec![vec![SlotDemand::default(); nlevels]; nslots];
    let mut qdemand: Vec<QualificationDemand> = Vec::new();
    // Slots of a daily window starting on day d (crossing midnight when to <= from).
    let window_slots = |d: usize, from: i64, to: i64| -> Vec<usize> {
        let start = d as i64 * DAY_MINUTES + from;
        let end = d as i64 * DAY_MINUTES + if to > from { to } else { to + DAY_MINUTES };
        let mut v = Vec::new();
        let mut k = start.div_euclid(slot);
        while k * slot < end {
            let ks = if calendar.is_cyclic() {
                Some(k.rem_euclid(nslots as i64))
            } else {
                (k < nslots as i64).then_some(k)
            };
            if let Some(ks) = ks {
                // A slot belongs to the window when its midpoint does.
                let mid = k * slot + slot / 2;
                if mid >= start && mid < end {
                    v.push(ks as usize);
                }
            }
            k += 1;
        }
        v
    };
    let holiday_named = dm.curve.iter().any(|p| {
        p.days.iter().any(|s| {
            // Only an explicit "holiday" opts out; an "all" period (nights, say) applies on
            // holidays anyway and must not stop Sunday's day demand from being copied.
            matches!(s, DaySelector::Type(crate::calendar::DayType::Holiday))
        })
    });
    for (i, p) in dm.curve.iter().enumerate() {
        let path = format!("demand.curve[{i}]");
        let lvl = level(&mut cx, format!("{path}.competence"), &p.competence);
        if p.min < 0 {
            cx.fail(
                format!("{path}.min"),
                format!("demand must not be negative (got {})", p.min),
            );
        }
        let target = p.target.unwrap_or(p.min);
        if target < p.min {
            cx.fail(
                format!("{path}.target"),
                format!("target {target} is below min {}", p.min),
            );
        }
        if p.from == p.to {
            cx.fail(
                format!("{path}.to"),
                "from and to are equal; use 00:00 to 24:00 for a whole day",
            );
        }
        if p.from == crate::time::TimeOfDay::END_OF_DAY {
            cx.fail(format!("{path}.from"), "a period cannot start at 24:00");
        }
        let q = p.qualification.as_ref().map(|id| {
            index_of(&qual_ids, id, "qualification", &qual_list).unwrap_or_else(|m| {
                cx.fail(format!("{path}.qualification"), m);
                0
            })
        });
        if cx.errors.is_some() {
            continue;
        }
        let (min, target) = (p.min as u32, target as u32);
        let mut days = vec![false; ndays];
        for (k, sel) in p.days.iter().enumerate() {
            for d in days_of(&mut cx, format!("{path}.days[{k}]"), sel) {
                days[d] = true;
            }
        }
        // Holidays use Sunday's demand unless some period names holidays explicitly.
        if !holiday_named
            && p.days.iter().any(|s| {
                matches!(
                    s,
                    DaySelector::Type(crate::calendar::DayType::Sun) | DaySelector::Weekend
                )
            })
        {
            for (d, on) in days.iter_mut().enumerate() {
                *on |= calendar.day(d).holiday.is_some();
            }
        }
        for (d, on) in days.iter().enumerate() {
            if !on {
                continue;
            }
            for k in window_slots(d, p.from.minutes(), p.to.minutes()) {
                match q {
                    None => {
                        curve[k][lvl].min += min;
                        curve[k][lvl].target += target;
                    }
                    Some(q) => {
                        let qd = match qdemand
                            .iter_mut()
                            .position(|x| x.qualification == q && x.level == lvl)
                        {
                            Some(j) => &mut qdemand[j],
                            None => {
                                qdemand.push(QualificationDemand {
                                    qualification: q,
                                    level: lvl,
                                    slots: Vec::new(),
                                });
                                qdemand.last_mut().expect("just pushed")
                            }
                        };
                        match qd.slots.iter_mut().find(|(s, _)| *s == k) {
                            Some((_, sd)) => {
                                sd.min += min;
                                sd.target += target;
                            }
                            None => qd.slots.push((k, SlotDemand { min, target })),
                        }
                    }
                }
            }
        }
    }
    for qd in &mut qdemand {
        qd.slots.sort_by_key(|(k, _)| *k);
    }
    let mut cover = Vec::new();
    for (i, c) in dm.shift_cover.iter().enumerate() {
        let path = format!("demand.shift_cover[{i}]");
        let s = shift_idx(&mut cx, format!("{path}.shift"), &c.shift);
        let lvl = c
            .competence
            .as_ref()
            .map(|id| level(&mut cx, format!("{path}.competence"), id));
        if c.required < 0 {
            cx.fail(
                format!("{path}.required"),
                format!("demand must not be negative (got {})", c.required),
            );
        }
        check_weight(
            &mut cx,
            format!("{path}.weight_under"),
            Some(c.weight_under),
        );
        check_weight(&mut cx, format!("{path}.weight_over"), Some(c.weight_over));
        for (k, sel) in c.days.iter().enumerate() {
            for d in days_of(&mut cx, format!("{path}.days[{k}]"), sel) {
                cover.push(CoverRow {
                    source: i,
                    day: d,
                    shift: s,
                    level: lvl,
                    required: c.required.max(0) as u32,
                    weight_under: c.weight_under,
                    weight_over: c.weight_over,
                });
            }
        }
    }
    let mut shares = Vec::new();
    for (i, r) in dm.shares.iter().enumerate() {
        let path = format!("demand.shares[{i}]");
        let lvl = level(&mut cx, format!("{path}.competence"), &r.competence);
        if !(0.0..=100.0).contains(&r.min_pct) {
            cx.fail(
                format!("{path}.min_pct"),
                format!("must be between 0 and 100 (got {})", r.min_pct),
            );
        }
        check_weight(&mut cx, format!("{path}.weight"), r.weight);
        let mut days = vec![false; ndays];
        for (k, sel) in r.days.iter().enumerate() {
            for d in days_of(&mut cx, format!("{path}.days[{k}]"), sel) {
                days[d] = true;
            }
        }
        shares.push(ShareRequirement {
            source: i,
            days,
            level: lvl,
            min_fraction: r.min_pct / 100.0,
            weight: r.weight,
        });
    }
    let mut presence = Vec::new();
    for (i, r) in dm.presence.iter().enumerate() {
        let path = format!("demand.presence[{i}]");
        let lvl = level(&mut cx, format!("{path}.competence"), &r.competence);
        if r.min < 0 {
            cx.fail(
                format!("{path}.min"),
                format!("must not be negative (got {})", r.min),
            );
        }
        if r.from == r.to {
            cx.fail(
                format!("{path}.to"),
                "from and to are equal; use 00:00 to 24:00 for a whole day",
            );
        }
        if r.from == crate::time::TimeOfDay::END_OF_DAY {
            cx.fail(format!("{path}.from"), "a period cannot start at 24:00");
        }
        check_weight(&mut cx, format!("{path}.weight"), r.weight);
        let mut slots = Vec::new();
        for (k, sel) in r.days.iter().enumerate() {
            for d in days_of(&mut cx, format!("{path}.days[{k}]"), sel) {
                slots.extend(window_slots(d, r.from.minutes(), r.to.minutes()));
            }
        }
        slots.sort_unstable();
        slots.dedup();
        presence.push(PresenceRequirement {
            source: i,
            slots,
            level: lvl,
            min: r.min.max(0) as u32,
            weight: r.weight,
        });
    }

    // Rules.
    let r = &spec.rules;
    match r.full_time_week {
        crate::rules::FullTimeWeek::Hours(h) if !(h.is_finite() && h > 0.0 && h <= 60.0) => cx
            .fail(
                "rules.full_time_week.hours",
                format!("must be above 0 and at most 60 (got {h})"),
            ),
        crate::rules::FullTimeWeek::KsThreeShift {
            base,
            floor,
            sunday_factor,
            night_factor,
            every_nth_sunday,
        } => {
            if !(floor > 0.0 && floor <= base && base <= 60.0) {
                cx.fail(
                    "rules.full_time_week.ks_three_shift",
                    format!("need 0 < floor ≤ base ≤ 60 (got floor {floor}, base {base})"),
                );
            }
            if !(sunday_factor >= 1.0 && night_factor >= 1.0) {
                cx.fail(
                    "rules.full_time_week.ks_three_shift",
                    "factors must be at least 1",
                );
            }
            if every_nth_sunday == 0 {
                cx.fail(
                    "rules.full_time_week.ks_three_shift.every_nth_sunday",
                    "must be at least 1",
                );
            }
        }
        _ => {}
    }
    check_limit_f(&mut cx, "rules.daily_rest_hours", &r.daily_rest_hours, 24.0);
    check_limit_f(
        &mut cx,
        "rules.weekly_rest_hours",
        &r.weekly_rest_hours,
        168.0,
    );
    check_limit_f(
        &mut cx,
        "rules.max_hours_per_24h",
        &r.max_hours_per_24h,
        24.0,
    );
    check_limit_f(
        &mut cx,
        "rules.max_hours_per_week",
        &r.max_hours_per_week,
        168.0,
    );
    check_limit_f(
        &mut cx,
        "rules.night_work_avg_hours",
        &r.night_work_avg_hours,
        24.0,
    );
    check_limit_f(
        &mut cx,
        "rules.position_hours_tolerance",
        &r.position_hours_tolerance,
        10_000.0,
    );
    if let Some(a) = &r.max_avg_hours_per_week {
        if !(a.value.is_finite() && a.value > 0.0 && a.value <= 168.0) {
            cx.fail(
                "rules.max_avg_hours_per_week.value",
                format!("must be above 0 and at most 168 (got {})", a.value),
            );
        }
        if a.weeks == 0 || a.weeks > 52 {
            cx.fail(
                "rules.max_avg_hours_per_week.weeks",
                format!("must be 1 to 52 (got {})", a.weeks),
            );
        }
        check_weight(
            &mut cx,
            "rules.max_avg_hours_per_week.weight".into(),
            a.weight,
        );
    }
    check_limit_u(
        &mut cx,
        "rules.max_consecutive_days",
        &r.max_consecutive_days,
        1,
    );
    check_limit_u(
        &mut cx,
        "rules.min_consecutive_days",
        &r.min_consecutive_days,
        1,
    );
    check_limit_u(
        &mut cx,
        "rules.max_consecutive_nights",
        &r.max_consecutive_nights,
        0,
    );
    check_limit_u(
        &mut cx,
        "rules.max_consecutive_same_shift",
        &r.max_consecutive_same_shift,
        1,
    );
    check_limit_u(
        &mut cx,
        "rules.min_consecutive_days_off",
        &r.min_consecutive_days_off,
        1,
    );
    check_limit_u(&mut cx, "rules.max_weekends", &r.max_weekends, 0);
    check_limit_u(&mut cx, "rules.weekend_every", &r.weekend_every, 1);
    check_limit_u(&mut cx, "rules.max_long_shifts", &r.max_long_shifts, 0);
    check_limit_u(&mut cx, "rules.rota_notice_days", &r.rota_notice_days, 0);
    if let (Some(lo), Some(hi)) = (&r.min_consecutive_days, &r.max_consecutive_days) {
        if lo.value > hi.value {
            cx.fail(
                "rules.min_consecutive_days.value",
                format!(
                    "min_consecutive_days {} > max_consecutive_days {}",
                    lo.value, hi.value
                ),
            );
        }
    }
    check_weight(
        &mut cx,
        "rules.forbidden_successions_weight".into(),
        r.forbidden_successions_weight,
    );
    let mut forbidden = Vec::new();
    for (i, f) in r.forbidden_successions.iter().enumerate() {
        let a = shift_idx(
            &mut cx,
            format!("rules.forbidden_successions[{i}].from"),
            &f.from,
        );
        let b = shift_idx(
            &mut cx,
            format!("rules.forbidden_successions[{i}].to"),
            &f.to,
        );
        if !forbidden.contains(&(a, b)) {
            forbidden.push((a, b));
        }
    }
    if let Some(s) = &r.sunday_rest {
        if s.averaging_weeks == Some(0) {
            cx.fail("rules.sunday_rest.averaging_weeks", "must be at least 1");
        }
        check_weight(&mut cx, "rules.sunday_rest.weight".into(), s.weight);
    }
    if let Some(b) = &r.breaks {
        if !(b.from_hours.is_finite() && b.from_hours >= 0.0) {
            cx.fail(
                "rules.breaks.from_hours",
                format!("must be ≥ 0 (got {})", b.from_hours),
            );
        }
        check_weight(&mut cx, "rules.breaks.weight".into(), b.weight);
    }
    if let Some(o) = &r.overtime {
        for (name, v) in [
            ("per_week", o.per_week),
            ("per_4_weeks", o.per_4_weeks),
            ("per_52_weeks", o.per_52_weeks),
        ] {
            if !(v.is_finite() && v >= 0.0) {
                cx.fail(
                    format!("rules.overtime.{name}"),
                    format!("must be ≥ 0 (got {v})"),
                );
            }
        }
        check_weight(&mut cx, "rules.overtime.weight".into(), o.weight);
    }
    let w = &spec.weights;
    for (name, v) in [
        ("under_min", w.under_min),
        ("under_target", w.under_target),
        ("over", w.over),
        ("position_shortfall", w.position_shortfall),
        ("part_time", w.part_time),
        ("fairness", w.fairness),
    ] {
        check_weight(&mut cx, format!("weights.{name}"), Some(v));
    }
    if let Some(e) = cx.errors.take() {
        return Err(e);
    }

    // Slot coverage per shift type, relative to the day's first slot.
    let shift_slots = shifts
        .iter()
        .map(|sh| {
            let iv = sh.interval_on(0);
            let mut v = Vec::new();
            let mut k = iv.start.div_euclid(slot);
            while k * slot < iv.end {
                let ov = iv.overlap(Interval::new(k * slot, (k + 1) * slot));
                if ov > 0 {
                    v.push((k as usize, ov as f64 / slot as f64));
                }
                k += 1;
            }
            v
        })
        .collect();

    Ok(Scenario {
        spec,
        calendar,
        shifts,
        staff,
        slot_minutes: slot,
        slots_per_day,
        curve,
        qualification_demand: qdemand,
        cover,
        shares,
        presence,
        forbidden,
        skilled_level,
        shift_slots,
    })
}

#[cfg(test)]
mod tests {
    use super::Scenario;

    fn scenario(curve: &str) -> Scenario {
        Scenario::from_json(&format!(
            r#"{{"format_version": 1, "name": "t",
                "horizon": {{"kind": "dated", "start": "2027-05-17", "days": 1}},
                "shifts": [{{"id": "D", "start": "08:00", "end": "15:00"}}],
                "staff": [{{"id": "a", "competence": "nurse"}}],
                "demand": {{"curve": [{curve}]}},
                "rules": {{"full_time_week": {{"hours": 35.5}}}}}}"#
        ))
        .unwrap()
    }

    #[test]
    fn holiday_takes_sunday_demand_even_with_an_all_period() {
        // 17 May 2027 is a Monday and a public holiday.
        let sun =
            r#"{"days": ["sun"], "from": "08:00", "to": "15:00", "competence": "nurse", "min": 2}"#;
        let all =
            r#"{"days": ["all"], "from": "22:00", "to": "24:00", "competence": "nurse", "min": 1}"#;
        let mon =
            r#"{"days": ["mon"], "from": "08:00", "to": "15:00", "competence": "nurse", "min": 5}"#;
        let sc = scenario(&[sun, all, mon].join(","));
        assert_eq!(
            sc.curve[9][0].min, 2,
            "10:00 on the holiday has Sunday's day demand"
        );
        assert_eq!(
            sc.curve[23][0].min, 1,
            "the all-days night period applies too"
        );
        // Naming "holiday" explicitly stops the copy.
        let hol = r#"{"days": ["holiday"], "from": "10:00", "to": "11:00", "competence": "nurse", "min": 3}"#;
        let sc = scenario(&[sun, hol].join(","));
        assert_eq!(sc.curve[9][0].min, 0);
        assert_eq!(sc.curve[10][0].min, 3);
    }
}

#[cfg(test)]
mod presence_message {
    use crate::{validate, Rota, Scenario};

    #[test]
    fn separate_gaps_of_a_day_are_named_separately() {
        let sc = Scenario::from_json(
            r#"{"format_version": 1, "name": "t", "horizon": {"kind": "cyclic", "weeks": 1},
                "shifts": [{"id": "D", "start": "07:00", "end": "22:00"}],
                "staff": [{"id": "a", "competence": "nurse"}],
                "demand": {"presence": [{"days": ["mon"], "competence": "nurse"}]},
                "rules": {"full_time_week": {"hours": 35.5}}}"#,
        )
        .unwrap();
        let mut rota = Rota::empty(&sc);
        rota.cells[0][0] = Some(0);
        let report = validate(&sc, &rota);
        let msg = &report.violations[0].message;
        assert!(msg.contains("00:00–07:00, 22:00–24:00"), "{msg}");
        assert!(msg.contains("9.00 person-hours"), "{msg}");
    }
}
