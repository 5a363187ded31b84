//! Demand: a demand curve per time slot and competence, per-shift cover, competence shares and
//! presence requirements.

use serde::{Deserialize, Serialize};

use crate::selector::DaySet;
use crate::time::TimeOfDay;

/// All demand of a scenario. Both forms (curve and per-shift cover) may be used together.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DemandSpec {
    /// Length of one demand slot in minutes: 15, 30 or 60 (any divisor of 1440 from 5 up).
    #[serde(default = "default_slot")]
    pub slot_minutes: u32,
    /// The demand curve as periods. The demand in a slot is the sum over all periods that
    /// cover it, per competence.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub curve: Vec<DemandPeriod>,
    /// Per-shift cover rows (as in the Curtois & Qu benchmark).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub shift_cover: Vec<ShiftCover>,
    /// Competence-share requirements, e.g. skilled cover ≥ 90 % of hours.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub shares: Vec<CompetenceShare>,
    /// Presence requirements, e.g. at least one nurse present every hour (24/7).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub presence: Vec<Presence>,
}

fn default_slot() -> u32 {
    60
}

impl Default for DemandSpec {
    fn default() -> Self {
        DemandSpec {
            slot_minutes: default_slot(),
            curve: Vec::new(),
            shift_cover: Vec::new(),
            shares: Vec::new(),
            presence: Vec::new(),
        }
    }
}

/// A block of the demand curve: on the given days, from `from` to `to` (crossing midnight when
/// `to <= from`; the part after midnight belongs to the next day), `min` and `target` people of
/// `competence` (or higher) are wanted.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DemandPeriod {
    /// The days the period starts on.
    pub days: DaySet,
    /// Start time.
    pub from: TimeOfDay,
    /// End time.
    pub to: TimeOfDay,
    /// Competence level id.
    pub competence: String,
    /// Extra qualification required, if any. Such demand is counted on its own (people with the
    /// qualification and at least the competence), beside the competence ladder.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub qualification: Option<String>,
    /// Minimum number of people (under-cover below it is the heaviest cost).
    pub min: i64,
    /// Target number (default: `min`). Staff above the target is over-staffing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<i64>,
}

/// Per-shift cover: on the given days, `required` people on shift `shift`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShiftCover {
    /// Days this row applies to.
    pub days: DaySet,
    /// Shift type id.
    pub shift: String,
    /// Only people of this competence or higher count (default: everybody).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub competence: Option<String>,
    /// Required number.
    pub required: i64,
    /// Cost per person short.
    pub weight_under: f64,
    /// Cost per person above the requirement.
    pub weight_over: f64,
}

/// At least `min_pct` percent of the hours worked on the given days must be worked by
/// `competence` or higher (fagdekning, skilled cover).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CompetenceShare {
    /// Days counted: the share is measured over the hours of all these days together. Write one
    /// requirement per group (for example one for `weekdays` and one for `weekend`).
    pub days: DaySet,
    /// Competence id.
    pub competence: String,
    /// Minimum share in percent.
    pub min_pct: f64,
    /// Cost per hour of shortfall; absent means hard.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weight: Option<f64>,
}

/// At least `min` people of `competence` or higher present in every slot between `from` and
/// `to` (default all day) on the given days.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Presence {
    /// Days.
    pub days: DaySet,
    /// Competence id.
    pub competence: String,
    /// Minimum number present.
    #[serde(default = "one_person")]
    pub min: i64,
    /// Start of the daily window (default 00:00).
    #[serde(default)]
    pub from: TimeOfDay,
    /// End of the daily window (default 24:00).
    #[serde(default = "end_of_day")]
    pub to: TimeOfDay,
    /// Cost per person-hour missing; absent means hard.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weight: Option<f64>,
}

fn one_person() -> i64 {
    1
}

fn end_of_day() -> TimeOfDay {
    TimeOfDay::END_OF_DAY
}

#[cfg(test)]
mod tests {
    use super::DemandSpec;

    #[test]
    fn default_demand_has_hourly_slots() {
        // Regression: a derived Default gave slot_minutes 0, which loading rejects.
        assert_eq!(DemandSpec::default().slot_minutes, 60);
        let d: DemandSpec = serde_json::from_str("{}").unwrap();
        assert_eq!(d, DemandSpec::default());
    }
}
