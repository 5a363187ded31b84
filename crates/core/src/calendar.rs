//! Horizons, day types and Norwegian public holidays.
//!
//! A horizon is either a cyclic base rota of N weeks (grunnturnus), whose rules wrap from the
//! last week into the first, or a dated period (for example an annual rota, årsturnus) whose days
//! carry calendar dates, so public holidays apply.

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};
use std::fmt;

use crate::time::DAY_MINUTES;

/// The kind of a day: a weekday, or a public holiday (which counts as a Sunday for the rules).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DayType {
    /// Monday.
    Mon,
    /// Tuesday.
    Tue,
    /// Wednesday.
    Wed,
    /// Thursday.
    Thu,
    /// Friday.
    Fri,
    /// Saturday.
    Sat,
    /// Sunday.
    Sun,
    /// A public holiday (helligdag), whatever weekday it falls on.
    Holiday,
}

impl DayType {
    /// All eight day types in order.
    pub const ALL: [DayType; 8] = [
        DayType::Mon,
        DayType::Tue,
        DayType::Wed,
        DayType::Thu,
        DayType::Fri,
        DayType::Sat,
        DayType::Sun,
        DayType::Holiday,
    ];

    /// The day type of a weekday.
    pub fn from_weekday(w: Weekday) -> DayType {
        DayType::ALL[w.num_days_from_monday() as usize]
    }

    /// Index 0..8 (Mon = 0, Holiday = 7).
    pub fn index(self) -> usize {
        self as usize
    }

    /// Lowercase code as used in JSON (`mon` … `sun`, `holiday`).
    pub fn code(self) -> &'static str {
        ["mon", "tue", "wed", "thu", "fri", "sat", "sun", "holiday"][self.index()]
    }

    /// Parses a code (`mon` … `sun`, `holiday`).
    pub fn parse(s: &str) -> Option<DayType> {
        DayType::ALL.into_iter().find(|d| d.code() == s)
    }
}

impl fmt::Display for DayType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// The planning horizon.
///
/// In JSON an object tagged by `kind`. It is read through a flat form (see the `Deserialize`
/// impl) rather than serde's internally tagged enum, which buffers the object and so loses the
/// JSON path of an error inside it (`horizon.weeks`).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum HorizonSpec {
    /// A cyclic base rota (grunnturnus) of `weeks` weeks, starting on a Monday. Rules wrap around
    /// from the last week into the first. There are no dates and so no public holidays.
    Cyclic {
        /// Number of weeks in the cycle (1 ..= 104).
        weeks: u32,
    },
    /// A dated period from `start` for `days` days (an annual rota is 364 days). The days before
    /// and after count as off.
    Dated {
        /// First day.
        start: NaiveDate,
        /// Number of days (1 ..= 3660).
        days: u32,
        /// Compute Norwegian public holidays (default true).
        norwegian_holidays: bool,
        /// Extra dates that count as public holidays (e.g. a local holiday).
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        extra_holidays: Vec<NaiveDate>,
    },
}

impl<'de> Deserialize<'de> for HorizonSpec {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::Error;

        #[derive(Deserialize)]
        #[serde(rename_all = "snake_case")]
        enum Kind {
            Cyclic,
            Dated,
        }
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Flat {
            kind: Kind,
            weeks: Option<u32>,
            start: Option<NaiveDate>,
            days: Option<u32>,
            norwegian_holidays: Option<bool>,
            extra_holidays: Option<Vec<NaiveDate>>,
        }

        let f = Flat::deserialize(d)?;
        match f.kind {
            Kind::Cyclic => {
                let dated_only = [
                    ("start", f.start.is_some()),
                    ("days", f.days.is_some()),
                    ("norwegian_holidays", f.norwegian_holidays.is_some()),
                    ("extra_holidays", f.extra_holidays.is_some()),
                ];
                if let Some((name, _)) = dated_only.iter().find(|(_, given)| *given) {
                    return Err(D::Error::custom(format!(
                        "`{name}` is for dated horizons; a cyclic horizon has only `weeks`"
                    )));
                }
                Ok(HorizonSpec::Cyclic {
                    weeks: f.weeks.ok_or_else(|| D::Error::missing_field("weeks"))?,
                })
            }
            Kind::Dated => {
                if f.weeks.is_some() {
                    return Err(D::Error::custom(
                        "`weeks` is for cyclic horizons; a dated horizon has `start` and `days`",
                    ));
                }
                Ok(HorizonSpec::Dated {
                    start: f.start.ok_or_else(|| D::Error::missing_field("start"))?,
                    days: f.days.ok_or_else(|| D::Error::missing_field("days"))?,
                    norwegian_holidays: f.norwegian_holidays.unwrap_or(true),
                    extra_holidays: f.extra_holidays.unwrap_or_default(),
                })
            }
        }
    }
}

/// Facts about one day of the horizon.
#[derive(Clone, Debug, PartialEq)]
pub struct DayInfo {
    /// Day index from 0.
    pub index: usize,
    /// Calendar date (dated horizons only).
    pub date: Option<NaiveDate>,
    /// Weekday.
    pub weekday: Weekday,
    /// Public holiday name, if it is one.
    pub holiday: Option<&'static str>,
    /// Eve of a major holiday (Christmas, Easter, Whitsun) where the Sunday window starts early.
    pub major_eve: bool,
}

impl DayInfo {
    /// The day type: `Holiday` for public holidays, otherwise the weekday.
    pub fn day_type(&self) -> DayType {
        if self.holiday.is_some() {
            DayType::Holiday
        } else {
            DayType::from_weekday(self.weekday)
        }
    }

    /// True on Sundays and public holidays (red days).
    pub fn is_red(&self) -> bool {
        self.holiday.is_some() || self.weekday == Weekday::Sun
    }

    /// Week index from 0 (weeks run in 7-day blocks from the first day).
    pub fn week(&self) -> usize {
        self.index / 7
    }
}

/// The resolved calendar of a horizon.
#[derive(Clone, Debug, PartialEq)]
pub struct Calendar {
    days: Vec<DayInfo>,
    cyclic: bool,
}

impl Calendar {
    /// Builds the calendar. The spec must already be checked (see [`HorizonSpec`] limits).
    pub fn new(spec: &HorizonSpec) -> Calendar {
        match spec {
            HorizonSpec::Cyclic { weeks } => {
                let days = (0..*weeks as usize * 7)
                    .map(|i| DayInfo {
                        index: i,
                        date: None,
                        weekday: weekday_from_index(i),
                        holiday: None,
                        major_eve: false,
                    })
                    .collect();
                Calendar { days, cyclic: true }
            }
            HorizonSpec::Dated {
                start,
                days,
                norwegian_holidays: nh,
                extra_holidays,
            } => {
                let mut out = Vec::with_capacity(*days as usize);
                for i in 0..*days as usize {
                    let date = *start + Duration::days(i as i64);
                    let mut holiday = if *nh { norwegian_holiday(date) } else { None };
                    if holiday.is_none() && extra_holidays.contains(&date) {
                        holiday = Some("local holiday");
                    }
                    out.push(DayInfo {
                        index: i,
                        date: Some(date),
                        weekday: date.weekday(),
                        holiday,
                        major_eve: *nh && is_major_eve(date),
                    });
                }
                Calendar {
                    days: out,
                    cyclic: false,
                }
            }
        }
    }

    /// All days in order.
    pub fn days(&self) -> &[DayInfo] {
        &self.days
    }

    /// Number of days.
    pub fn len(&self) -> usize {
        self.days.len()
    }

    /// True when the horizon has no days (never true for a checked scenario).
    pub fn is_empty(&self) -> bool {
        self.days.is_empty()
    }

    /// Day `i`.
    pub fn day(&self, i: usize) -> &DayInfo {
        &self.days[i]
    }

    /// True for a cyclic base rota.
    pub fn is_cyclic(&self) -> bool {
        self.cyclic
    }

    /// Length of the horizon in minutes.
    pub fn minutes(&self) -> i64 {
        self.days.len() as i64 * DAY_MINUTES
    }

    /// The wrap period for cyclic horizons (`None` for dated ones).
    pub fn period(&self) -> Option<i64> {
        self.cyclic.then(|| self.minutes())
    }

    /// Length in weeks (fractional for dated horizons that are not whole weeks).
    pub fn weeks(&self) -> f64 {
        self.days.len() as f64 / 7.0
    }

    /// Number of (possibly partial) rota weeks.
    pub fn week_count(&self) -> usize {
        self.days.len().div_ceil(7)
    }

    /// Resolves day `i + offset`: wraps on cyclic horizons, `None` outside a dated one.
    pub fn offset(&self, i: usize, offset: i64) -> Option<usize> {
        let n = self.days.len() as i64;
        let j = i as i64 + offset;
        if self.cyclic {
            Some(j.rem_euclid(n) as usize)
        } else if (0..n).contains(&j) {
            Some(j as usize)
        } else {
            None
        }
    }

    /// A short label for day `i`, e.g. `"Mon 2027-01-04"` or `"week 2 Sat"`.
    pub fn label(&self, i: usize) -> String {
        let d = &self.days[i];
        let wd = DayType::from_weekday(d.weekday).code();
        let wd = format!("{}{}", wd[..1].to_uppercase(), &wd[1..]);
        match d.date {
            Some(date) => format!("{wd} {date}"),
            None => format!("week {} {wd}", d.week() + 1),
        }
    }

    /// Week number for display: ISO week for dated horizons, 1-based cycle week otherwise.
    pub fn week_label(&self, i: usize) -> u32 {
        match self.days[i].date {
            Some(d) => d.iso_week().week(),
            None => (self.days[i].week() + 1) as u32,
        }
    }
}

fn weekday_from_index(i: usize) -> Weekday {
    [
        Weekday::Mon,
        Weekday::Tue,
        Weekday::Wed,
        Weekday::Thu,
        Weekday::Fri,
        Weekday::Sat,
        Weekday::Sun,
    ][i % 7]
}

/// Easter Sunday in the Gregorian calendar (anonymous Gregorian algorithm).
pub fn easter_sunday(year: i32) -> NaiveDate {
    let a = year % 19;
    let b = year / 100;
    let c = year % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    NaiveDate::from_ymd_opt(year, month as u32, day as u32).expect("Easter is a valid date")
}

/// The Norwegian public holidays of `year`, with their names, in date order.
pub fn norwegian_holidays(year: i32) -> Vec<(NaiveDate, &'static str)> {
    let easter = easter_sunday(year);
    let fixed = |m, d| NaiveDate::from_ymd_opt(year, m, d).expect("fixed holiday is valid");
    let rel = |days: i64| easter + Duration::days(days);
    let mut v = vec![
        (fixed(1, 1), "New Year's Day"),
        (rel(-3), "Maundy Thursday"),
        (rel(-2), "Good Friday"),
        (easter, "Easter Sunday"),
        (rel(1), "Easter Monday"),
        (fixed(5, 1), "Labour Day"),
        (fixed(5, 17), "Constitution Day"),
        (rel(39), "Ascension Day"),
        (rel(49), "Whit Sunday"),
        (rel(50), "Whit Monday"),
        (fixed(12, 25), "Christmas Day"),
        (fixed(12, 26), "Boxing Day"),
    ];
    v.sort_by_key(|(d, _)| *d);
    v
}

/// The holiday name of `date`, if it is a Norwegian public holiday.
pub fn norwegian_holiday(date: NaiveDate) -> Option<&'static str> {
    norwegian_holidays(date.year())
        .into_iter()
        .find(|(d, _)| *d == date)
        .map(|(_, n)| n)
}

/// Christmas Eve, Easter Eve and Whitsun Eve: the AML Sunday window starts at 15:00 (§10-10).
pub fn is_major_eve(date: NaiveDate) -> bool {
    let easter = easter_sunday(date.year());
    (date.month() == 12 && date.day() == 24)
        || date == easter - Duration::days(1)
        || date == easter + Duration::days(48)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn easter_dates_match_the_almanac() {
        assert_eq!(easter_sunday(2024), d(2024, 3, 31));
        assert_eq!(easter_sunday(2025), d(2025, 4, 20));
        assert_eq!(easter_sunday(2026), d(2026, 4, 5));
        assert_eq!(easter_sunday(2027), d(2027, 3, 28));
        assert_eq!(easter_sunday(2038), d(2038, 4, 25));
    }

    #[test]
    fn norwegian_holidays_2027() {
        let h = norwegian_holidays(2027);
        assert_eq!(h.len(), 12);
        assert_eq!(norwegian_holiday(d(2027, 3, 25)), Some("Maundy Thursday"));
        assert_eq!(norwegian_holiday(d(2027, 5, 6)), Some("Ascension Day"));
        assert_eq!(norwegian_holiday(d(2027, 5, 17)), Some("Constitution Day"));
        assert_eq!(norwegian_holiday(d(2027, 5, 17 - 1)), Some("Whit Sunday"));
        assert_eq!(norwegian_holiday(d(2027, 5, 18)), None);
        assert!(is_major_eve(d(2027, 12, 24)));
        assert!(is_major_eve(d(2027, 3, 27)));
        assert!(!is_major_eve(d(2027, 3, 26)));
    }

    #[test]
    fn dated_calendar_marks_holidays_and_wraps_only_when_cyclic() {
        let cal = Calendar::new(&HorizonSpec::Dated {
            start: d(2027, 12, 20),
            days: 14,
            norwegian_holidays: true,
            extra_holidays: vec![],
        });
        assert_eq!(cal.day(5).day_type(), DayType::Holiday); // Christmas Day, a Saturday
        assert!(cal.day(4).major_eve);
        assert_eq!(cal.offset(0, -1), None);
        let cyc = Calendar::new(&HorizonSpec::Cyclic { weeks: 2 });
        assert_eq!(cyc.offset(0, -1), Some(13));
        assert_eq!(cyc.day(13).day_type(), DayType::Sun);
        assert_eq!(cyc.label(8), "week 2 Tue");
    }
}
