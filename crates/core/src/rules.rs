//! Working-time rules of the Working Environment Act (arbeidsmiljøloven, AML, chapter 10) and the
//! KS collective agreement, every one a parameter.
//!
//! Each rule is optional (`None` = not applied) and each carries a [`Limit`]: a value and an
//! optional weight. Without a weight the rule is hard; with one it is soft and each unit of excess
//! costs the weight in the objective.

use chrono::Weekday;
use serde::{Deserialize, Serialize};

use crate::time::TimeOfDay;

/// A limit value with its strength.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Limit<T> {
    /// The limit.
    pub value: T,
    /// Absent: hard. Present: soft, costing this much per unit of excess (hours, days, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weight: Option<f64>,
}

impl<T> Limit<T> {
    /// A hard limit.
    pub fn hard(value: T) -> Limit<T> {
        Limit {
            value,
            weight: None,
        }
    }

    /// A soft limit.
    pub fn soft(value: T, weight: f64) -> Limit<T> {
        Limit {
            value,
            weight: Some(weight),
        }
    }

    /// True when hard.
    pub fn is_hard(&self) -> bool {
        self.weight.is_none()
    }

    /// The scenario's limit `rule` with a person's own value put in, as the validator reads
    /// it: the personal value keeps the scenario rule's strength, and is hard when the
    /// scenario does not set the rule.
    pub fn personal(rule: Option<Limit<T>>, own: Option<T>) -> Option<Limit<T>> {
        match (rule, own) {
            (rule, None) => rule,
            (rule, Some(value)) => Some(Limit {
                value,
                weight: rule.and_then(|r| r.weight),
            }),
        }
    }
}

/// A point in the week: weekday and time.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WeekPoint {
    /// Weekday (`"Sat"`, `"Sun"`, …).
    pub day: Weekday,
    /// Time of day.
    pub time: TimeOfDay,
}

/// A window in the week, e.g. Saturday 00:00 to Sunday 24:00.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WeekWindow {
    /// Start.
    pub from: WeekPoint,
    /// End (after the start, within the following 7 days).
    pub to: WeekPoint,
}

impl WeekWindow {
    /// KS weekend supplement window and the default weekend: Sat 00:00 → Sun 24:00.
    pub fn ks_weekend() -> WeekWindow {
        WeekWindow {
            from: WeekPoint {
                day: Weekday::Sat,
                time: TimeOfDay::MIDNIGHT,
            },
            to: WeekPoint {
                day: Weekday::Sun,
                time: TimeOfDay::END_OF_DAY,
            },
        }
    }

    /// Start and end in minutes from Monday 00:00 (end may exceed one week).
    pub fn offsets(&self) -> (i64, i64) {
        let at = |p: &WeekPoint| {
            i64::from(p.day.num_days_from_monday()) * crate::time::DAY_MINUTES + p.time.minutes()
        };
        let s = at(&self.from);
        let mut e = at(&self.to);
        if e <= s {
            e += crate::time::WEEK_MINUTES;
        }
        (s, e)
    }
}

/// The Sunday/holiday window of AML §10-10 around each Sunday and public holiday: from
/// `eve_from` on the day before to `until` on the red day itself; on the eves of Christmas,
/// Easter and Whitsun it starts at `major_eve_from`.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RedDayWindow {
    /// Start on the previous day (default 18:00).
    pub eve_from: TimeOfDay,
    /// End on the red day (default 22:00).
    pub until: TimeOfDay,
    /// Start on a major holiday eve (default 15:00).
    pub major_eve_from: TimeOfDay,
}

impl Default for RedDayWindow {
    fn default() -> Self {
        RedDayWindow {
            eve_from: TimeOfDay::from_hm(18, 0).expect("valid"),
            until: TimeOfDay::from_hm(22, 0).expect("valid"),
            major_eve_from: TimeOfDay::from_hm(15, 0).expect("valid"),
        }
    }
}

/// A daily window, e.g. the night 21:00 → 06:00.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DailyWindow {
    /// Start.
    pub from: TimeOfDay,
    /// End (crossing midnight when not after the start).
    pub to: TimeOfDay,
}

impl DailyWindow {
    /// AML §10-11 night: 21:00 → 06:00.
    pub fn aml_night() -> DailyWindow {
        DailyWindow {
            from: TimeOfDay::from_hm(21, 0).expect("valid"),
            to: TimeOfDay::from_hm(6, 0).expect("valid"),
        }
    }
}

/// The full-time week (hours per week at 100 %).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum FullTimeWeek {
    /// A fixed number of hours: 37.5 (day work), 35.5 (rota work), 33.6 (continuous 3-shift).
    Hours(f64),
    /// Computed per person from the rota by the KS three-shift rule (HTA ch. 1 §4): every
    /// Sunday/holiday hour counts `sunday_factor` (70/60), every night hour `night_factor`
    /// (75/60), an hour in both gets the larger. The week is `base × paid / credited`, never
    /// below `floor` (33.6) and never above `base` (35.5). People who do not work day, evening
    /// and night shifts, or who work fewer than one Sunday in `every_nth_sunday`, get `base`.
    KsThreeShift {
        /// 35.5.
        base: f64,
        /// 33.6.
        floor: f64,
        /// 70/60.
        sunday_factor: f64,
        /// 75/60.
        night_factor: f64,
        /// 3 (at least every 3rd Sunday).
        every_nth_sunday: u32,
    },
}

impl FullTimeWeek {
    /// The KS three-shift rule with its agreed constants.
    pub fn ks_three_shift() -> FullTimeWeek {
        FullTimeWeek::KsThreeShift {
            base: 35.5,
            floor: 33.6,
            sunday_factor: 70.0 / 60.0,
            night_factor: 75.0 / 60.0,
            every_nth_sunday: 3,
        }
    }
}

/// Windows that rules and KPIs measure in.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Windows {
    /// The weekend: worked weekends and weekend hours (default KS Sat 00:00 → Sun 24:00).
    #[serde(default = "WeekWindow::ks_weekend")]
    pub weekend: WeekWindow,
    /// The AML Sunday/holiday window (Sunday rule, Sunday hours).
    #[serde(default)]
    pub red_day: RedDayWindow,
    /// The night (night hours, night-work limit).
    #[serde(default = "DailyWindow::aml_night")]
    pub night: DailyWindow,
}

impl Default for Windows {
    fn default() -> Self {
        Windows {
            weekend: WeekWindow::ks_weekend(),
            red_day: RedDayWindow::default(),
            night: DailyWindow::aml_night(),
        }
    }
}

/// Average weekly hours over a number of weeks (AML §10-5).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AverageLimit {
    /// Hours per week on average.
    pub value: f64,
    /// Averaging period in weeks.
    pub weeks: u32,
    /// Soft weight per hour of excess (absent: hard).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weight: Option<f64>,
}

/// Forbidden successions: shift `from` on one day, shift `to` the next day.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Succession {
    /// Shift on the first day.
    pub from: String,
    /// Shift on the next day.
    pub to: String,
}

/// The Sunday rule (AML §10-8(4)): who works a Sunday or public holiday is off the next one; may
/// be averaged so that at most every other Sunday is worked over `averaging_weeks`.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SundayRule {
    /// Absent: strict (never two red days in a row worked). Present: at most half the red days
    /// (rounded up) in any window of this many weeks (26 in the Act).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub averaging_weeks: Option<u32>,
    /// Soft weight per extra red day worked (absent: hard).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weight: Option<f64>,
}

/// Breaks (AML §10-9): a shift of at least `from_hours` hours has at least `min_minutes` of break.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BreakRule {
    /// Shift length from which the break applies (8 h).
    pub from_hours: f64,
    /// Minimum break (30 min).
    pub min_minutes: u32,
    /// Soft weight per minute missing (absent: hard).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weight: Option<f64>,
}

/// Overtime limits (AML §10-6). Overtime here is paid time in a rota week above the person's
/// contracted week (position × full-time week). Use it for rotas without averaging agreements.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OvertimeRule {
    /// Hours per 7 days (10; 20 by agreement).
    pub per_week: f64,
    /// Hours per 4 weeks (25; 50).
    pub per_4_weeks: f64,
    /// Hours per 52 weeks (200; 300), pro rata for shorter horizons.
    pub per_52_weeks: f64,
    /// Soft weight per hour of excess (absent: hard).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weight: Option<f64>,
}

/// The rule set. Every field is optional; `None` means the rule is not applied.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleSet {
    /// Windows for weekends, Sundays/holidays and nights.
    #[serde(default)]
    pub windows: Windows,
    /// The full-time week (KS: 37.5 / 35.5 / 33.6 h, or computed).
    pub full_time_week: FullTimeWeek,
    /// Minimum rest in hours between two shifts (AML §10-8(1): 11, 8 by agreement).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub daily_rest_hours: Option<Limit<f64>>,
    /// Minimum continuous rest in hours within every 7 days (AML §10-8(2): 35, 28 by agreement).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weekly_rest_hours: Option<Limit<f64>>,
    /// Maximum paid hours within any 24 hours from a shift start (AML §10-4/10-5: 9, 10, 12.5).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_hours_per_24h: Option<Limit<f64>>,
    /// Maximum paid hours in any single rota week (AML §10-5: 50, 54 by agreement).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_hours_per_week: Option<Limit<f64>>,
    /// Maximum average weekly hours over a period (AML §10-5: 48 over 8 weeks).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_avg_hours_per_week: Option<AverageLimit>,
    /// Maximum consecutive working days.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_consecutive_days: Option<Limit<u32>>,
    /// Minimum consecutive working days (a block touching a dated horizon's edge is exempt).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_consecutive_days: Option<Limit<u32>>,
    /// Maximum consecutive night shifts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_consecutive_nights: Option<Limit<u32>>,
    /// Maximum consecutive days on the same shift type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_consecutive_same_shift: Option<Limit<u32>>,
    /// Minimum consecutive days off (a block touching a dated horizon's edge is exempt).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_consecutive_days_off: Option<Limit<u32>>,
    /// Maximum worked weekends over the horizon.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_weekends: Option<Limit<u32>>,
    /// Work at most one weekend in any `value` consecutive weekends ("every 3rd weekend").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weekend_every: Option<Limit<u32>>,
    /// Explicit forbidden successions (on top of those the daily rest implies).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub forbidden_successions: Vec<Succession>,
    /// Soft weight per forbidden succession (absent: hard).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub forbidden_successions_weight: Option<f64>,
    /// The Sunday rule (AML §10-8(4)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sunday_rest: Option<SundayRule>,
    /// Maximum long shifts (category `long`) per person over the horizon.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_long_shifts: Option<Limit<u32>>,
    /// Night work (AML §10-11): for people who work nights, paid hours per 24 h averaged over
    /// every 4-week window (8).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub night_work_avg_hours: Option<Limit<f64>>,
    /// Paid hours over the horizon must be within this many hours of the position's hours
    /// (position % × full-time week × weeks). Only for staff with a position.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub position_hours_tolerance: Option<Limit<f64>>,
    /// Budget of full-time equivalents (årsverk): the sum of the position sizes / 100 over the
    /// staff with a position (an unused optional line counts 0). Soft: `weight` per FTE above.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fte_budget: Option<Limit<f64>>,
    /// Breaks (AML §10-9).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub breaks: Option<BreakRule>,
    /// Overtime (AML §10-6).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub overtime: Option<OvertimeRule>,
    /// Rota notice (AML §10-3): the rota is discussed with union representatives at least this
    /// many days before it starts (14). Checked when the scenario gives `discussed_on` and a
    /// dated horizon.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rota_notice_days: Option<Limit<u32>>,
}

impl RuleSet {
    /// No rules at all, a fixed 37.5 h week.
    pub fn none() -> RuleSet {
        RuleSet {
            windows: Windows::default(),
            full_time_week: FullTimeWeek::Hours(37.5),
            daily_rest_hours: None,
            weekly_rest_hours: None,
            max_hours_per_24h: None,
            max_hours_per_week: None,
            max_avg_hours_per_week: None,
            max_consecutive_days: None,
            min_consecutive_days: None,
            max_consecutive_nights: None,
            max_consecutive_same_shift: None,
            min_consecutive_days_off: None,
            max_weekends: None,
            weekend_every: None,
            forbidden_successions: Vec::new(),
            forbidden_successions_weight: None,
            sunday_rest: None,
            max_long_shifts: None,
            night_work_avg_hours: None,
            position_hours_tolerance: None,
            fte_budget: None,
            breaks: None,
            overtime: None,
            rota_notice_days: None,
        }
    }

    /// AML chapter 10 with an individual averaging agreement (§10-5(1)) and the KS rota-work week
    /// of 35.5 h: 11 h daily rest, 35 h weekly rest, 10 h per 24 h, 50 h in a single week, 48 h
    /// average over 8 weeks, every 3rd weekend, the strict Sunday rule, breaks from 8 h, night
    /// work 8 h/24 h over 4 weeks, hours within 2 h of the position over the horizon, 14 days
    /// notice.
    pub fn aml_ks_default() -> RuleSet {
        RuleSet {
            full_time_week: FullTimeWeek::Hours(35.5),
            daily_rest_hours: Some(Limit::hard(11.0)),
            weekly_rest_hours: Some(Limit::hard(35.0)),
            max_hours_per_24h: Some(Limit::hard(10.0)),
            max_hours_per_week: Some(Limit::hard(50.0)),
            max_avg_hours_per_week: Some(AverageLimit {
                value: 48.0,
                weeks: 8,
                weight: None,
            }),
            max_consecutive_days: Some(Limit::hard(6)),
            max_consecutive_nights: Some(Limit::hard(4)),
            weekend_every: Some(Limit::hard(3)),
            sunday_rest: Some(SundayRule {
                averaging_weeks: None,
                weight: None,
            }),
            night_work_avg_hours: Some(Limit::hard(8.0)),
            position_hours_tolerance: Some(Limit::hard(2.0)),
            breaks: Some(BreakRule {
                from_hours: 8.0,
                min_minutes: 30,
                weight: None,
            }),
            rota_notice_days: Some(Limit::hard(14)),
            ..RuleSet::none()
        }
    }

    /// The wider limits a local agreement with union representatives unlocks (AML §10-5(2),
    /// §10-8(3)): 8 h daily rest, 28 h weekly rest, 12.5 h shifts, 54 h in a single week, the
    /// Sunday rule averaged over 26 weeks.
    pub fn local_agreement() -> RuleSet {
        RuleSet {
            daily_rest_hours: Some(Limit::hard(8.0)),
            weekly_rest_hours: Some(Limit::hard(28.0)),
            max_hours_per_24h: Some(Limit::hard(12.5)),
            max_hours_per_week: Some(Limit::hard(54.0)),
            sunday_rest: Some(SundayRule {
                averaging_weeks: Some(26),
                weight: None,
            }),
            ..RuleSet::aml_ks_default()
        }
    }
}

/// Weights of the objective terms that are not attached to a rule or a demand row. All are costs
/// (the objective is minimised and never negative).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ObjectiveWeights {
    /// Per person-hour below the curve's minimum (times the competence's weight).
    #[serde(default = "w_under_min")]
    pub under_min: f64,
    /// Per person-hour between the minimum and the target.
    #[serde(default = "w_under_target")]
    pub under_target: f64,
    /// Per person-hour of staff above the total target (efficiency loss).
    #[serde(default = "w_over")]
    pub over: f64,
    /// Per percentage point a position is below the wanted size.
    #[serde(default = "w_position")]
    pub position_shortfall: f64,
    /// Per position below 100 % (the full-time reward, as a cost on part time).
    #[serde(default = "w_part_time")]
    pub part_time: f64,
    /// Per unit of spread (max − min count among staff) of weekends, nights and evenings worked.
    #[serde(default = "w_fairness")]
    pub fairness: f64,
}

fn w_under_min() -> f64 {
    1000.0
}
fn w_under_target() -> f64 {
    10.0
}
fn w_over() -> f64 {
    1.0
}
fn w_position() -> f64 {
    20.0
}
fn w_part_time() -> f64 {
    100.0
}
fn w_fairness() -> f64 {
    2.0
}

impl Default for ObjectiveWeights {
    fn default() -> Self {
        ObjectiveWeights {
            under_min: w_under_min(),
            under_target: w_under_target(),
            over: w_over(),
            position_shortfall: w_position(),
            part_time: w_part_time(),
            fairness: w_fairness(),
        }
    }
}

impl ObjectiveWeights {
    /// All zero: only demand rows, requests and soft rules carry cost (the Curtois objective).
    pub fn zero() -> ObjectiveWeights {
        ObjectiveWeights {
            under_min: 0.0,
            under_target: 0.0,
            over: 0.0,
            position_shortfall: 0.0,
            part_time: 0.0,
            fairness: 0.0,
        }
    }
}
