//! Staff: named employees and unnamed rota lines (turnuslinjer), their competence, position size
//! (stillingsprosent) and personal constraints.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

use crate::selector::{DaySelector, DaySet};

/// A named employee or an unnamed rota line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum StaffKind {
    /// A named person.
    #[default]
    Person,
    /// An unnamed rota line (turnuslinje), a position not yet staffed.
    Line,
}

/// One row of the rota: a person or a rota line.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StaffSpec {
    /// Unique id.
    pub id: String,
    /// Display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Person or rota line (default person).
    #[serde(default)]
    pub kind: StaffKind,
    /// Rota lines only: this many identical lines, with ids `{id}-1` … `{id}-{count}` (a
    /// staffing-plan pool). Absent: one line with the id as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<u32>,
    /// Rota lines only: the staffing plan may leave the line unused (position 0 %, no shifts).
    /// Needs a position; the solver then chooses 0 or a size in the position's range.
    #[serde(default, skip_serializing_if = "is_false")]
    pub optional: bool,
    /// Competence level id.
    pub competence: String,
    /// Extra qualification ids.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub qualifications: Vec<String>,
    /// Position size (stillingsprosent). Absent: hours are bounded only by the total-minute
    /// limits below (as in the Curtois & Qu benchmark) and the person is left out of the
    /// position KPIs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub position: Option<PositionSpec>,
    /// Days the person cannot work (hard).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unavailable: DaySet,
    /// Fixed assignments (hard).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fixed: Vec<FixedAssignment>,
    /// Wishes to work or to be off (soft, weighted).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub requests: Vec<Request>,
    /// Maximum number of shifts of a type over the horizon (0 = never works it).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub max_shifts: BTreeMap<String, u32>,
    /// Never works night shifts.
    #[serde(default, skip_serializing_if = "is_false")]
    pub no_nights: bool,
    /// Works night shifts only (nattevakt).
    #[serde(default, skip_serializing_if = "is_false")]
    pub nights_only: bool,
    /// Personal values replacing the scenario's rule limits.
    #[serde(default, skip_serializing_if = "PersonalLimits::is_empty")]
    pub limits: PersonalLimits,
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// Position size in percent of a full-time week (100 = heltid, full time).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PositionSpec {
    /// Current position size, percent.
    pub current_pct: f64,
    /// Smallest acceptable size (default: current).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_pct: Option<f64>,
    /// Wanted size (default: current). People who want a larger position set it above current.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wanted_pct: Option<f64>,
}

impl PositionSpec {
    /// The allowed range `[min, max]`: from `min_pct` (or current) to the larger of current and
    /// wanted.
    pub fn range(&self) -> (f64, f64) {
        let lo = self.min_pct.unwrap_or(self.current_pct);
        let hi = self
            .wanted_pct
            .unwrap_or(self.current_pct)
            .max(self.current_pct);
        (lo, hi)
    }

    /// The wanted size (default current).
    pub fn wanted(&self) -> f64 {
        self.wanted_pct.unwrap_or(self.current_pct)
    }
}

/// A fixed assignment: on `day`, work `shift` (or be off when `shift` is absent).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FixedAssignment {
    /// A single day (index or date).
    pub day: DaySelector,
    /// Shift id, or absent for a fixed day off.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shift: Option<String>,
}

/// Whether a request asks to work or to be off.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RequestKind {
    /// Wants to work (the given shift, or any shift).
    On,
    /// Wants to be off (the given shift, or the whole day).
    Off,
}

/// A weighted wish. Not granted costs `weight`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Request {
    /// Days it applies to (each matching day is one request).
    pub days: DaySet,
    /// Work or off.
    pub kind: RequestKind,
    /// The shift concerned; absent means any shift (on) or the whole day (off).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shift: Option<String>,
    /// Cost when not granted.
    pub weight: f64,
}

/// Personal values replacing the scenario's limits for one person. A value given here applies
/// even when the scenario does not set the rule; it is then hard.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PersonalLimits {
    /// Minimum paid minutes over the horizon.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_total_minutes: Option<u32>,
    /// Maximum paid minutes over the horizon.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_total_minutes: Option<u32>,
    /// Maximum consecutive working days.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_consecutive_days: Option<u32>,
    /// Minimum consecutive working days.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_consecutive_days: Option<u32>,
    /// Minimum consecutive days off.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_consecutive_days_off: Option<u32>,
    /// Maximum worked weekends over the horizon.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_weekends: Option<u32>,
}

impl PersonalLimits {
    /// True when no value is set.
    pub fn is_empty(&self) -> bool {
        *self == PersonalLimits::default()
    }
}
