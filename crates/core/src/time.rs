//! Clock times and the continuous minute axis of a horizon.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// Minutes in one day.
pub const DAY_MINUTES: i64 = 24 * 60;
/// Minutes in one week.
pub const WEEK_MINUTES: i64 = 7 * DAY_MINUTES;

/// A time of day, `00:00` to `24:00` inclusive, with minute resolution.
///
/// Serialised as `"HH:MM"`. `24:00` is accepted so that a window can end at midnight.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct TimeOfDay(u16);

impl TimeOfDay {
    /// Midnight at the start of a day.
    pub const MIDNIGHT: TimeOfDay = TimeOfDay(0);
    /// Midnight at the end of a day (`24:00`).
    pub const END_OF_DAY: TimeOfDay = TimeOfDay(1440);

    /// Builds a time from hours and minutes. Returns `None` unless `0 <= h < 24, 0 <= m < 60`
    /// or the time is exactly `24:00`.
    pub fn from_hm(hours: u32, minutes: u32) -> Option<TimeOfDay> {
        if minutes >= 60 || hours > 24 || (hours == 24 && minutes != 0) {
            return None;
        }
        Some(TimeOfDay((hours * 60 + minutes) as u16))
    }

    /// The time `minutes` after midnight, wrapped into one day (`1440` is `00:00`).
    pub fn from_minutes(minutes: i64) -> TimeOfDay {
        TimeOfDay(minutes.rem_euclid(1440) as u16)
    }

    /// Minutes since midnight (0 ..= 1440).
    pub fn minutes(self) -> i64 {
        i64::from(self.0)
    }

    /// Parses `"HH:MM"` (also `"H:MM"`).
    pub fn parse(s: &str) -> Result<TimeOfDay, String> {
        let bad = || format!("invalid time {s:?}: expected HH:MM between 00:00 and 24:00");
        let (h, m) = s.split_once(':').ok_or_else(bad)?;
        if h.is_empty() || h.len() > 2 || m.len() != 2 {
            return Err(bad());
        }
        let h: u32 = h.parse().map_err(|_| bad())?;
        let m: u32 = m.parse().map_err(|_| bad())?;
        TimeOfDay::from_hm(h, m).ok_or_else(bad)
    }
}

impl fmt::Display for TimeOfDay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}:{:02}", self.0 / 60, self.0 % 60)
    }
}

impl Serialize for TimeOfDay {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for TimeOfDay {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        TimeOfDay::parse(&s).map_err(serde::de::Error::custom)
    }
}

/// A half-open interval `[start, end)` in minutes on the horizon's axis (minute 0 is 00:00 on
/// the first day of the horizon).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Interval {
    /// First minute inside.
    pub start: i64,
    /// First minute after.
    pub end: i64,
}

impl Interval {
    /// Builds `[start, end)`.
    pub fn new(start: i64, end: i64) -> Interval {
        Interval { start, end }
    }

    /// Length in minutes (0 if empty).
    pub fn len(self) -> i64 {
        (self.end - self.start).max(0)
    }

    /// True when the interval holds no minute.
    pub fn is_empty(self) -> bool {
        self.end <= self.start
    }

    /// Minutes shared with `other`.
    pub fn overlap(self, other: Interval) -> i64 {
        (self.end.min(other.end) - self.start.max(other.start)).max(0)
    }

    /// Minutes shared with `other` on a cyclic axis of length `period` (both intervals may lie
    /// partly outside `[0, period)`). With `period == None` this is a plain overlap.
    pub fn overlap_cyclic(self, other: Interval, period: Option<i64>) -> i64 {
        match period {
            None => self.overlap(other),
            Some(p) => {
                // Shift `other` by whole periods so every copy that can touch `self` is counted:
                // the copies k with other.end + k·p > self.start and other.start + k·p < self.end.
                let mut total = 0;
                let k_lo = floor_div(self.start - other.end, p) + 1;
                let k_hi = floor_div(self.end - other.start - 1, p);
                for k in k_lo..=k_hi {
                    total += self.overlap(Interval::new(other.start + k * p, other.end + k * p));
                }
                total
            }
        }
    }

    /// Shifted by `minutes`.
    pub fn shifted(self, minutes: i64) -> Interval {
        Interval::new(self.start + minutes, self.end + minutes)
    }
}

/// `a.div_euclid(p)` for `p > 0`, without a division in the common cases `-p <= a < 2p` (the
/// validator calls [`Interval::overlap_cyclic`] in its inner loops).
fn floor_div(a: i64, p: i64) -> i64 {
    if (0..p).contains(&a) {
        0
    } else if (-p..0).contains(&a) {
        -1
    } else if (p..2 * p).contains(&a) {
        1
    } else {
        a.div_euclid(p)
    }
}

/// Formats minutes as hours with up to two decimals, e.g. `7.5`.
pub fn hours(minutes: f64) -> f64 {
    minutes / 60.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_rejects_times() {
        assert_eq!(TimeOfDay::parse("07:30").unwrap().minutes(), 450);
        assert_eq!(TimeOfDay::parse("24:00").unwrap().minutes(), 1440);
        assert_eq!(TimeOfDay::parse("7:05").unwrap().minutes(), 425);
        for bad in [
            "25:00", "24:01", "12:60", "1230", "", "ab:cd", "12:5", "-1:00",
        ] {
            assert!(TimeOfDay::parse(bad).is_err(), "{bad} should fail");
        }
        assert_eq!(TimeOfDay::parse("21:45").unwrap().to_string(), "21:45");
    }

    #[test]
    fn cyclic_overlap_wraps() {
        // A night 22:00 day 13 -> 06:00 day 14 on a 14-day cycle covers 00:00-06:00 of day 0.
        let p = 14 * DAY_MINUTES;
        let night = Interval::new(13 * DAY_MINUTES + 22 * 60, 14 * DAY_MINUTES + 6 * 60);
        let early_day0 = Interval::new(0, 6 * 60);
        assert_eq!(early_day0.overlap_cyclic(night, Some(p)), 360);
        assert_eq!(early_day0.overlap_cyclic(night, None), 0);
    }

    #[test]
    fn cyclic_overlap_matches_a_sum_over_copies() {
        let p = 7 * DAY_MINUTES;
        let naive = |a: Interval, b: Interval| -> i64 {
            (-12..=12).map(|k| a.overlap(b.shifted(k * p))).sum()
        };
        let starts = [
            -3 * p,
            -p - 30,
            -600,
            -1,
            0,
            1,
            450,
            p - 600,
            p - 1,
            p,
            2 * p + 5,
            5 * p,
        ];
        for &a0 in &starts {
            for &b0 in &starts {
                for (la, lb) in [(600, 450), (1440, 600), (p, 60), (0, 600), (2880, 1)] {
                    let (a, b) = (Interval::new(a0, a0 + la), Interval::new(b0, b0 + lb));
                    assert_eq!(a.overlap_cyclic(b, Some(p)), naive(a, b), "{a:?} {b:?}");
                }
            }
        }
    }
}
