//! Shift types (vakttyper): code, clock times, break (unpaid, or paid) and category.

use serde::{Deserialize, Serialize};

use crate::time::{Interval, TimeOfDay, DAY_MINUTES};

/// What kind of shift this is. Rules such as "no nights" and "max consecutive nights" use it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum ShiftCategory {
    /// Day shift (dagvakt, D).
    #[default]
    Day,
    /// Evening shift (aftenvakt / kveldsvakt, A or K).
    Evening,
    /// Night shift (nattevakt, N).
    Night,
    /// Long shift (langvakt, L), typically 12 to 12.5 hours.
    Long,
    /// Anything else (meetings, training, on-call).
    Other,
}

impl ShiftCategory {
    /// Lowercase name.
    pub fn name(self) -> &'static str {
        match self {
            ShiftCategory::Day => "day",
            ShiftCategory::Evening => "evening",
            ShiftCategory::Night => "night",
            ShiftCategory::Long => "long",
            ShiftCategory::Other => "other",
        }
    }
}

/// A shift type as written in a scenario.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShiftSpec {
    /// Short code shown in the grid, e.g. `"D"`, `"A"`, `"N"`, `"L"`. Unique.
    pub id: String,
    /// Optional long name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Start time on the day the shift is assigned to.
    pub start: TimeOfDay,
    /// End time; an end at or before the start means the shift ends the next day.
    pub end: TimeOfDay,
    /// Break in minutes (default 0): unpaid unless `break_paid`.
    #[serde(default)]
    pub break_minutes: u32,
    /// The break is paid: the worker cannot leave the workplace during it (AML §10-9(1), common
    /// on wards), so it is working time and the whole clock length is paid (default false).
    #[serde(default, skip_serializing_if = "is_false")]
    pub break_paid: bool,
    /// Category (default `day`).
    #[serde(default)]
    pub category: ShiftCategory,
}

/// A checked shift type with its derived figures.
#[derive(Clone, Debug, PartialEq)]
pub struct Shift {
    /// The shift as written.
    pub spec: ShiftSpec,
    /// Clock length in minutes (end - start, across midnight if needed).
    pub duration: i64,
    /// Paid minutes: clock length minus the break, unless the break is paid.
    pub paid: i64,
    /// Minutes inside the night window (21:00-06:00 by default).
    pub night_minutes: i64,
}

impl Shift {
    /// Code.
    pub fn id(&self) -> &str {
        &self.spec.id
    }

    /// Category.
    pub fn category(&self) -> ShiftCategory {
        self.spec.category
    }

    /// True for night shifts.
    pub fn is_night(&self) -> bool {
        self.spec.category == ShiftCategory::Night
    }

    /// The clock interval when assigned to day `day` (minute 0 = first day 00:00).
    pub fn interval_on(&self, day: usize) -> Interval {
        let s = day as i64 * DAY_MINUTES + self.spec.start.minutes();
        Interval::new(s, s + self.duration)
    }

    /// Ratio of paid to clock minutes, used to pro-rate paid time inside a window.
    pub fn paid_ratio(&self) -> f64 {
        if self.duration == 0 {
            0.0
        } else {
            self.paid as f64 / self.duration as f64
        }
    }
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// Clock length of a shift from `start` to `end`, crossing midnight when `end <= start`.
pub fn clock_duration(start: TimeOfDay, end: TimeOfDay) -> i64 {
    let (s, e) = (start.minutes(), end.minutes());
    if e > s {
        e - s
    } else {
        e + DAY_MINUTES - s
    }
}

/// Minutes of `[start, start+len)` (in minutes from a midnight) that fall in the daily window
/// `[from, to)` (a window with `to <= from` crosses midnight).
pub fn minutes_in_daily_window(start: i64, len: i64, from: TimeOfDay, to: TimeOfDay) -> i64 {
    let iv = Interval::new(start, start + len);
    let (f, t) = (from.minutes(), to.minutes());
    let mut total = 0;
    // Check the windows anchored on the day before, the day itself and the next two days.
    for day in -1..=2 {
        let base = day * DAY_MINUTES;
        let w = if t > f {
            Interval::new(base + f, base + t)
        } else {
            Interval::new(base + f, base + DAY_MINUTES + t)
        };
        total += iv.overlap(w);
    }
    total
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> TimeOfDay {
        TimeOfDay::parse(s).unwrap()
    }

    #[test]
    fn durations_cross_midnight() {
        assert_eq!(clock_duration(t("07:30"), t("15:00")), 450);
        assert_eq!(clock_duration(t("21:45"), t("07:45")), 600);
        assert_eq!(clock_duration(t("08:00"), t("08:00")), 1440);
    }

    #[test]
    fn night_minutes_of_common_shifts() {
        let night = |s: &str, e: &str| {
            let st = t(s).minutes();
            minutes_in_daily_window(st, clock_duration(t(s), t(e)), t("21:00"), t("06:00"))
        };
        assert_eq!(night("21:45", "07:45"), 8 * 60 + 15);
        assert_eq!(night("14:30", "22:00"), 60);
        assert_eq!(night("07:30", "15:00"), 0);
        assert_eq!(night("00:00", "08:00"), 6 * 60);
    }
}
