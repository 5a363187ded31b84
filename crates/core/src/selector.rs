//! Day selectors: how a scenario names days.

use chrono::NaiveDate;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

use crate::calendar::{Calendar, DayType};

/// Names one day or a set of days.
///
/// In JSON it is a number (a day index from 0), a date string (`"2027-01-04"`, dated horizons
/// only), a day type (`"mon"` … `"sun"`, `"holiday"`) or a group (`"weekdays"` = Mon–Fri,
/// `"weekend"` = Sat and Sun, `"all"`).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum DaySelector {
    /// Day index from 0.
    Index(u32),
    /// A calendar date.
    Date(NaiveDate),
    /// Every day of this type. A public holiday is of type `holiday`, not its weekday.
    Type(DayType),
    /// Monday to Friday (not holidays).
    Weekdays,
    /// Saturday and Sunday (not holidays).
    Weekend,
    /// Every day.
    All,
}

impl DaySelector {
    /// Parses the string form.
    pub fn parse(s: &str) -> Result<DaySelector, String> {
        match s {
            "weekdays" => return Ok(DaySelector::Weekdays),
            "weekend" => return Ok(DaySelector::Weekend),
            "all" => return Ok(DaySelector::All),
            _ => {}
        }
        if let Some(t) = DayType::parse(s) {
            return Ok(DaySelector::Type(t));
        }
        if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
            return Ok(DaySelector::Date(d));
        }
        Err(format!(
            "invalid day {s:?}: expected a day index, a date YYYY-MM-DD, mon..sun, holiday, \
             weekdays, weekend or all"
        ))
    }

    /// True when this selector matches exactly one day.
    pub fn is_single(&self) -> bool {
        matches!(self, DaySelector::Index(_) | DaySelector::Date(_))
    }

    /// Does it match day `i` of `cal`?
    pub fn matches(&self, cal: &Calendar, i: usize) -> bool {
        let d = cal.day(i);
        let t = d.day_type();
        match self {
            DaySelector::Index(k) => *k as usize == i,
            DaySelector::Date(date) => d.date == Some(*date),
            DaySelector::Type(tt) => *tt == t,
            DaySelector::Weekdays => t.index() < 5,
            DaySelector::Weekend => t == DayType::Sat || t == DayType::Sun,
            DaySelector::All => true,
        }
    }

    /// The matching day indices; an error when a single day lies outside the horizon.
    pub fn resolve(&self, cal: &Calendar) -> Result<Vec<usize>, String> {
        match self {
            DaySelector::Index(k) if *k as usize >= cal.len() => Err(format!(
                "day {k} is outside the horizon (days 0..{})",
                cal.len() - 1
            )),
            DaySelector::Date(date) => match cal.days().iter().find(|d| d.date == Some(*date)) {
                Some(d) => Ok(vec![d.index]),
                None if cal.is_cyclic() => Err(format!(
                    "date {date} given, but a cyclic horizon has no dates (use a day index)"
                )),
                None => Err(format!("date {date} is outside the horizon")),
            },
            _ => Ok((0..cal.len()).filter(|&i| self.matches(cal, i)).collect()),
        }
    }
}

impl fmt::Display for DaySelector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DaySelector::Index(i) => write!(f, "{i}"),
            DaySelector::Date(d) => write!(f, "{d}"),
            DaySelector::Type(t) => write!(f, "{t}"),
            DaySelector::Weekdays => f.write_str("weekdays"),
            DaySelector::Weekend => f.write_str("weekend"),
            DaySelector::All => f.write_str("all"),
        }
    }
}

impl Serialize for DaySelector {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            DaySelector::Index(i) => s.serialize_u32(*i),
            other => s.collect_str(other),
        }
    }
}

impl<'de> Deserialize<'de> for DaySelector {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = DaySelector;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a day index, a date YYYY-MM-DD, a day type or a day group")
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<DaySelector, E> {
                u32::try_from(v)
                    .map(DaySelector::Index)
                    .map_err(|_| E::custom(format!("day index {v} is too large")))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<DaySelector, E> {
                if v < 0 {
                    Err(E::custom(format!("day index {v} is negative")))
                } else {
                    self.visit_u64(v as u64)
                }
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<DaySelector, E> {
                DaySelector::parse(v).map_err(E::custom)
            }
        }
        d.deserialize_any(V)
    }
}

/// A list of selectors: a day matches when any selector matches. Serialised as a JSON array.
pub type DaySet = Vec<DaySelector>;

/// Does any selector in `set` match day `i`?
pub fn set_matches(set: &[DaySelector], cal: &Calendar, i: usize) -> bool {
    set.iter().any(|s| s.matches(cal, i))
}
