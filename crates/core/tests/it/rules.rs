//! Working-time and personal rules: for every rule a passing and a failing rota, and the cyclic
//! wrap and dated-edge cases where they apply.
//!
//! Shifts in every scenario: D 07–15, A 15–23, N 23–07 (night), all 8 h without a break, and
//! L 08–20 (long) with a 30 min break, 11.5 h paid. A rota is one string: cells separated by
//! spaces (`-` off, `|` between weeks is ignored), people separated by `;`, and a person's row
//! may start with `@pct` to choose a position size.

use turnus_core::RuleId::{self, *};
use turnus_core::{validate, Rota, Scenario, Violation};

const SHIFTS: &str = r#"[
    {"id": "D", "start": "07:00", "end": "15:00", "category": "day"},
    {"id": "A", "start": "15:00", "end": "23:00", "category": "evening"},
    {"id": "N", "start": "23:00", "end": "07:00", "category": "night"},
    {"id": "L", "start": "08:00", "end": "20:00", "break_minutes": 30, "category": "long"}
]"#;

/// One person, `kari`, with no personal settings.
const KARI: &str = r#"{"id": "kari", "competence": "nurse"}"#;

/// `kari` with extra fields, e.g. `r#""limits": {"max_weekends": 2}"#`.
fn kari(fields: &str) -> String {
    format!(r#"{{"id": "kari", "competence": "nurse", {fields}}}"#)
}

/// `"horizon": …` for a cyclic base rota.
fn cyclic(weeks: u32) -> String {
    format!(r#""horizon": {{"kind": "cyclic", "weeks": {weeks}}}"#)
}

/// `"horizon": …` for a dated horizon (2027-01-04 is a Monday).
fn dated(start: &str, days: u32) -> String {
    format!(r#""horizon": {{"kind": "dated", "start": "{start}", "days": {days}}}"#)
}

/// A scenario from JSON fragments: the horizon (and any other top-level field), the rules
/// besides a 37.5 h full-time week, and the staff list. `"demand": {}` is spelled out because an
/// absent demand currently defaults to a slot length of 0, which is rejected.
fn scenario(horizon: &str, rules: &str, staff: &str) -> Scenario {
    let rules = if rules.is_empty() {
        String::new()
    } else {
        format!(", {rules}")
    };
    let json = format!(
        r#"{{"format_version": 1, "name": "rules", {horizon}, "shifts": {SHIFTS},
            "staff": [{staff}], "demand": {{}}, "rules": {{"full_time_week": {{"hours": 37.5}}{rules}}}}}"#
    );
    Scenario::from_json(&json).unwrap_or_else(|e| panic!("{e}\n{json}"))
}

/// A rota from a string like `"D D - N N - - ; @80 A A - - - - -"`.
fn rota(sc: &Scenario, rows: &str) -> Rota {
    let rows: Vec<String> = sc
        .staff
        .iter()
        .zip(rows.split(';'))
        .map(|(st, row)| {
            let mut cells: Vec<&str> = row.split_whitespace().filter(|c| *c != "|").collect();
            let mut pct = String::new();
            if let Some(p) = cells.first().and_then(|c| c.strip_prefix('@')) {
                pct = format!(r#", "position_pct": {p}"#);
                cells.remove(0);
            }
            let cells: Vec<String> = cells.iter().map(|c| format!("{c:?}")).collect();
            format!(
                r#"{{"staff": "{}"{pct}, "days": [{}]}}"#,
                st.id(),
                cells.join(", ")
            )
        })
        .collect();
    let json = format!(r#"{{"format_version": 1, "rows": [{}]}}"#, rows.join(", "));
    Rota::from_json(sc, &json).unwrap_or_else(|e| panic!("{e}\n{json}"))
}

/// An expected violation: staff, days, measured value and penalty (`None` = hard).
#[derive(Debug, PartialEq)]
struct Exp {
    staff: Option<String>,
    days: (usize, usize),
    measured: f64,
    penalty: Option<f64>,
}

/// A hard violation by kari.
fn hard(days: (usize, usize), measured: f64) -> Exp {
    Exp {
        staff: Some("kari".into()),
        days,
        measured,
        penalty: None,
    }
}

/// A soft violation by kari costing `penalty`.
fn soft(days: (usize, usize), measured: f64, penalty: f64) -> Exp {
    Exp {
        penalty: Some(penalty),
        ..hard(days, measured)
    }
}

impl Exp {
    /// By someone else.
    fn by(self, staff: &str) -> Exp {
        Exp {
            staff: Some(staff.into()),
            ..self
        }
    }

    /// A unit-level violation (no staff).
    fn unit(self) -> Exp {
        Exp {
            staff: None,
            ..self
        }
    }
}

fn round(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

/// A scenario and the rule under test.
struct Case {
    sc: Scenario,
    rule: RuleId,
}

impl Case {
    fn new(horizon: &str, rules: &str, staff: &str, rule: RuleId) -> Case {
        Case {
            sc: scenario(horizon, rules, staff),
            rule,
        }
    }

    /// The violations of the rule for `rows`, checking what every violation must hold.
    fn violations(&self, rows: &str) -> Vec<Violation> {
        let report = validate(&self.sc, &rota(&self.sc, rows));
        let found: Vec<Violation> = report
            .violations
            .into_iter()
            .filter(|v| v.rule == self.rule)
            .collect();
        let n = self.sc.days();
        for v in &found {
            assert!(!v.hard || v.penalty == 0.0, "{v:?}");
            assert!(v.days.0 < n && v.days.1 < n, "{v:?}");
            assert!(!v.when.is_empty() && v.measured.is_finite(), "{v:?}");
            if let Some(id) = &v.staff {
                assert!(v.message.starts_with(&format!("{id}: ")), "{v:?}");
            }
        }
        found
    }

    /// Compares the violations of the rule for `rows` with `expected` (to 1e-6).
    fn check(&self, rows: &str, expected: &[Exp]) {
        let got: Vec<Exp> = self
            .violations(rows)
            .iter()
            .map(|v| Exp {
                staff: v.staff.clone(),
                days: v.days,
                measured: round(v.measured),
                penalty: (!v.hard).then_some(round(v.penalty)),
            })
            .collect();
        let want: Vec<Exp> = expected
            .iter()
            .map(|e| Exp {
                staff: e.staff.clone(),
                measured: round(e.measured),
                penalty: e.penalty.map(round),
                ..*e
            })
            .collect();
        assert_eq!(got, want, "rule {} on {rows:?}", self.rule);
    }
}

#[test]
fn daily_rest() {
    let r = r#""daily_rest_hours": {"value": 11}"#;
    let c = Case::new(&cyclic(1), r, KARI, DailyRest);
    c.check("D D D D D - -", &[]);
    c.check("A D - - - - -", &[hard((0, 1), 8.0)]);
    c.check("N D - - - - -", &[hard((0, 1), 0.0)]);
    // A lone shift rests 156 h until itself in the next cycle.
    c.check("L - - - - - -", &[]);
    // The cycle wraps: Sunday's A is followed by Monday's D of the next cycle.
    c.check("D - - - - - A", &[hard((6, 0), 8.0)]);
    Case::new(&dated("2027-01-04", 7), r, KARI, DailyRest).check("D - - - - - A", &[]);
    let r_soft = r#""daily_rest_hours": {"value": 11, "weight": 2}"#;
    let c_soft = Case::new(&cyclic(1), r_soft, KARI, DailyRest);
    c_soft.check("A D - - - - -", &[soft((0, 1), 8.0, 6.0)]);
    let v = c.violations("A D - - - - -");
    assert_eq!(
        v[0].message,
        "kari: rest between A on week 1 Mon and D on week 1 Tue is 8.0 h, below 11 h"
    );
    assert_eq!(v[0].when, "week 1 Mon – week 1 Tue");
    assert_eq!(v[0].limit, 11.0);
}

#[test]
fn weekly_rest() {
    let r = r#""weekly_rest_hours": {"value": 35}"#;
    let c = Case::new(&cyclic(1), r, KARI, WeeklyRest);
    c.check("D D D - - - -", &[]);
    // The rota week Mon–Sun holds only Sat 15:00 – Sun 24:00 off (33 h).
    c.check("D D D D D D -", &[hard((0, 6), 33.0)]);
    // A Monday–Friday day worker rests Fri 15:00 – Mon 07:00: fine in every rota week, though
    // a rolling window starting on Sunday would see only 33 h.
    Case::new(&cyclic(2), r, KARI, WeeklyRest).check("D D D D D - - | D D D D D - -", &[]);
    // Dated: only whole weeks inside the horizon; none on a horizon shorter than 7 days.
    let c_dated = Case::new(&dated("2027-01-04", 8), r, KARI, WeeklyRest);
    c_dated.check("D D D D D D - D", &[hard((0, 6), 33.0)]);
    Case::new(&dated("2027-01-04", 6), r, KARI, WeeklyRest).check("D D D D D D", &[]);
    let r_soft = r#""weekly_rest_hours": {"value": 35, "weight": 1.5}"#;
    let c_soft = Case::new(&cyclic(1), r_soft, KARI, WeeklyRest);
    let expected = [soft((0, 6), 33.0, 3.0)];
    c_soft.check("D D D D D D -", &expected);
}

#[test]
fn max_hours_per_24h() {
    let r = r#""max_hours_per_24h": {"value": 10}"#;
    let c = Case::new(&cyclic(1), r, KARI, MaxHoursPer24h);
    c.check("D D D D D - -", &[]);
    c.check("N D - - - - -", &[hard((0, 0), 16.0)]);
    // Wraps: Sunday's night and Monday's day shift of the next cycle.
    c.check("D - - - - - N", &[hard((6, 6), 16.0)]);
    Case::new(&dated("2027-01-04", 7), r, KARI, MaxHoursPer24h).check("D - - - - - N", &[]);
    // Pro rata: L (11.5 h) and the first hour of the next day's D.
    let r_soft = r#""max_hours_per_24h": {"value": 12, "weight": 1}"#;
    let c_soft = Case::new(&cyclic(1), r_soft, KARI, MaxHoursPer24h);
    c_soft.check("L D - - - - -", &[soft((0, 0), 12.5, 0.5)]);
    c_soft.check("L - D - - - -", &[]);
}

#[test]
fn max_hours_per_week() {
    let r = r#""max_hours_per_week": {"value": 40}"#;
    let c = Case::new(&cyclic(2), r, KARI, MaxHoursPerWeek);
    c.check("D D D D D - - | D D D D D - -", &[]);
    c.check("D D D D D - - | D D D D D D -", &[hard((7, 13), 48.0)]);
    // The last week of a dated horizon may be partial.
    let r_soft = r#""max_hours_per_week": {"value": 20, "weight": 3}"#;
    let c_dated = Case::new(&dated("2027-01-04", 10), r_soft, KARI, MaxHoursPerWeek);
    c_dated.check("- - - - - - - D D D", &[soft((7, 9), 24.0, 12.0)]);
}

#[test]
fn max_avg_hours_per_week() {
    let r = r#""max_avg_hours_per_week": {"value": 40, "weeks": 2}"#;
    let c = Case::new(&cyclic(3), r, KARI, MaxAvgHoursPerWeek);
    c.check("D D D D D - - | D D D D D - - | D D D D D - -", &[]);
    // Weeks of 48, 40 and 24 h: windows average 44, 32 and (wrapping) 36 h.
    c.check(
        "D D D D D D - | D D D D D - - | D D D - - - -",
        &[hard((0, 13), 44.0)],
    );
    // Weeks of 48, 24 and 56 h: only the window wrapping from week 3 into week 1 is over.
    c.check(
        "D D D D D D - | D D D - - - - | D D D D D D D",
        &[hard((14, 6), 52.0)],
    );
    // A dated horizon shorter than the period: the whole horizon over days / 7 weeks.
    let r_long = r#""max_avg_hours_per_week": {"value": 30, "weeks": 8, "weight": 2}"#;
    let c_dated = Case::new(&dated("2027-01-04", 10), r_long, KARI, MaxAvgHoursPerWeek);
    // 6 shifts: 48 h over 10/7 weeks is 33.6 h per week.
    c_dated.check("D D D D D - - D - -", &[soft((0, 9), 33.6, 7.2)]);
    c_dated.check("D D D D D - - - - -", &[]);
}

#[test]
fn max_consecutive_days() {
    let r = r#""max_consecutive_days": {"value": 3}"#;
    let c = Case::new(&cyclic(1), r, KARI, MaxConsecutiveDays);
    c.check("D D D - D D -", &[]);
    // Sunday to Wednesday wraps into one run of 4.
    c.check("D D D - - - D", &[hard((6, 2), 4.0)]);
    c.check("D D D D D D D", &[hard((0, 6), 7.0)]);
    let c_dated = Case::new(&dated("2027-01-04", 7), r, KARI, MaxConsecutiveDays);
    c_dated.check("D D D - - - D", &[]);
    c_dated.check("D D D D - - D", &[hard((0, 3), 4.0)]);
    // A personal value applies without the scenario rule (hard) and keeps its weight with it.
    let tight = kari(r#""limits": {"max_consecutive_days": 2}"#);
    let c_personal = Case::new(&cyclic(1), "", &tight, MaxConsecutiveDays);
    c_personal.check("D D D - - - -", &[hard((0, 2), 3.0)]);
    let r_soft = r#""max_consecutive_days": {"value": 5, "weight": 4}"#;
    let c_soft = Case::new(&cyclic(1), r_soft, &tight, MaxConsecutiveDays);
    c_soft.check("D D D - - - -", &[soft((0, 2), 3.0, 4.0)]);
}

#[test]
fn min_consecutive_days() {
    let r = r#""min_consecutive_days": {"value": 2}"#;
    let c = Case::new(&cyclic(1), r, KARI, MinConsecutiveDays);
    c.check("D - D D - - D", &[]); // Sunday and Monday wrap into a run of 2
    c.check("D - - D D - -", &[hard((0, 0), 1.0)]);
    c.check("- - - - - - -", &[]);
    // Dated: a run touching the first or last day is exempt.
    let c_dated = Case::new(&dated("2027-01-04", 7), r, KARI, MinConsecutiveDays);
    c_dated.check("D - D D - - D", &[]);
    c_dated.check("- D - D D - -", &[hard((1, 1), 1.0)]);
    let personal = kari(r#""limits": {"min_consecutive_days": 3}"#);
    let r_soft = r#""min_consecutive_days": {"value": 2, "weight": 5}"#;
    let c_soft = Case::new(&cyclic(1), r_soft, &personal, MinConsecutiveDays);
    c_soft.check(
        "D - - D D - -",
        &[soft((0, 0), 1.0, 10.0), soft((3, 4), 2.0, 5.0)],
    );
}

#[test]
fn max_consecutive_nights() {
    let r = r#""max_consecutive_nights": {"value": 2, "weight": 5}"#;
    let c = Case::new(&cyclic(1), r, KARI, MaxConsecutiveNights);
    c.check("N N D N N - -", &[]);
    c.check("N N N - - - -", &[soft((0, 2), 3.0, 5.0)]);
    c.check("N N - - - - N", &[soft((6, 1), 3.0, 5.0)]);
    let r_zero = r#""max_consecutive_nights": {"value": 0}"#;
    let c_zero = Case::new(&dated("2027-01-04", 3), r_zero, KARI, MaxConsecutiveNights);
    c_zero.check("N - N", &[hard((0, 0), 1.0), hard((2, 2), 1.0)]);
}

#[test]
fn max_consecutive_same_shift() {
    let r = r#""max_consecutive_same_shift": {"value": 2}"#;
    let c = Case::new(&cyclic(1), r, KARI, MaxConsecutiveSameShift);
    c.check("D D A A - - -", &[]);
    c.check("D D A A - D D", &[hard((5, 1), 4.0)]);
    c.check("D A A A - - -", &[hard((1, 3), 3.0)]);
    assert_eq!(
        c.violations("D A A A - - -")[0].message,
        "kari: 3 days on shift A in a row (week 1 Tue – week 1 Thu), above the maximum 2"
    );
}

#[test]
fn min_consecutive_days_off() {
    let r = r#""min_consecutive_days_off": {"value": 2}"#;
    let c = Case::new(&cyclic(1), r, KARI, MinConsecutiveDaysOff);
    c.check("D D D - - D D", &[]);
    c.check("D - D D - - D", &[hard((1, 1), 1.0)]);
    c.check("- D D D D D D", &[hard((0, 0), 1.0)]);
    c.check("- - - - - - -", &[]);
    let c_dated = Case::new(&dated("2027-01-04", 7), r, KARI, MinConsecutiveDaysOff);
    c_dated.check("- D D D D D -", &[]);
    c_dated.check("D - D D - - D", &[hard((1, 1), 1.0)]);
    let personal = kari(r#""limits": {"min_consecutive_days_off": 3}"#);
    let c_personal = Case::new(&cyclic(1), "", &personal, MinConsecutiveDaysOff);
    c_personal.check("D D D - - D D", &[hard((3, 4), 2.0)]);
}

#[test]
fn max_weekends() {
    let r = r#""max_weekends": {"value": 1}"#;
    let c = Case::new(&cyclic(2), r, KARI, MaxWeekends);
    c.check("- - - - - D D | D D D D D - -", &[]);
    c.check("- - - - - D - | - - - - - - D", &[hard((0, 13), 2.0)]);
    // Friday's night runs into Saturday: that weekend is worked.
    c.check("- - - - N - - | - - - - - D -", &[hard((0, 13), 2.0)]);
    let two = kari(r#""limits": {"max_weekends": 2}"#);
    Case::new(&cyclic(2), r, &two, MaxWeekends).check("- - - - - D - | - - - - - - D", &[]);
    let none = kari(r#""limits": {"max_weekends": 0}"#);
    let c_none = Case::new(&cyclic(2), "", &none, MaxWeekends);
    c_none.check("- - - - - D - | - - - - - - -", &[hard((0, 13), 1.0)]);
    // A weekend window Sun 00:00 – Mon 12:00 wraps onto the first Monday of a cyclic horizon.
    let window = r#""windows": {"weekend": {"from": {"day": "Sun", "time": "00:00"},
        "to": {"day": "Mon", "time": "12:00"}}}, "max_weekends": {"value": 0, "weight": 2}"#;
    let c_wrap = Case::new(&cyclic(1), window, KARI, MaxWeekends);
    c_wrap.check("D - - - - - -", &[soft((0, 6), 1.0, 2.0)]);
    // Dated: the window of the weekend before the horizon (Sun 3 Jan – Mon 4 Jan 12:00) reaches
    // into its first Monday, so Monday's day shift works that weekend too.
    let c_dated = Case::new(&dated("2027-01-04", 7), window, KARI, MaxWeekends);
    c_dated.check("D - - - - - -", &[soft((0, 6), 1.0, 2.0)]);
    c_dated.check("- D - - - - -", &[]);
}

#[test]
fn weekend_every() {
    let r = r#""weekend_every": {"value": 2}"#;
    let c = Case::new(&cyclic(3), r, KARI, WeekendEvery);
    c.check("- - - - - D D | - - - - - - - | - - - - - - -", &[]);
    c.check(
        "- - - - - D - | - - - - - - D | - - - - - - -",
        &[hard((5, 13), 2.0)],
    );
    // Weekends 3 and 1 are neighbours on a cyclic horizon, not on a dated one.
    let rows = "- - - - - D - | - - - - - - - | - - - - - D -";
    c.check(rows, &[hard((19, 6), 2.0)]);
    Case::new(&dated("2027-01-04", 21), r, KARI, WeekendEvery).check(rows, &[]);
    // Fewer weekends than N: the whole list is one window.
    let r_soft = r#""weekend_every": {"value": 3, "weight": 10}"#;
    let c_short = Case::new(&dated("2027-01-04", 14), r_soft, KARI, WeekendEvery);
    c_short.check("- - - - - D - | - - - - - - D", &[soft((5, 13), 2.0, 10.0)]);
}

#[test]
fn forbidden_succession() {
    let r = r#""forbidden_successions": [{"from": "N", "to": "D"}]"#;
    let c = Case::new(&cyclic(1), r, KARI, ForbiddenSuccession);
    c.check("D N - - - - -", &[]);
    c.check("N D - N - D -", &[hard((0, 1), 1.0)]);
    c.check("D - - - - - N", &[hard((6, 0), 1.0)]);
    let c_dated = Case::new(&dated("2027-01-04", 7), r, KARI, ForbiddenSuccession);
    c_dated.check("D - - - - - N", &[]);
    let r_soft = format!(r#"{r}, "forbidden_successions_weight": 7"#);
    let c_soft = Case::new(&cyclic(1), &r_soft, KARI, ForbiddenSuccession);
    c_soft.check("N D - - - - -", &[soft((0, 1), 1.0, 7.0)]);
}

#[test]
fn sunday_rest_strict() {
    let r = r#""sunday_rest": {}"#;
    let c = Case::new(&cyclic(2), r, KARI, SundayRest);
    c.check("- - - - - - D | - - - - - - -", &[]);
    // Both Sundays: on a cyclic horizon each is the red day after the other.
    let both = "- - - - - - D | - - - - - - D";
    c.check(both, &[hard((6, 6), 2.0), hard((13, 13), 2.0)]);
    let c_dated = Case::new(&dated("2027-01-04", 14), r, KARI, SundayRest);
    c_dated.check(both, &[hard((13, 13), 2.0)]);
    // Saturday's A ends after 18:00, inside the Sunday window.
    c.check(
        "- - - - - A - | - - - - - A -",
        &[hard((6, 6), 2.0), hard((13, 13), 2.0)],
    );
    // A one-week cycle: working its Sunday means working every Sunday.
    Case::new(&cyclic(1), r, KARI, SundayRest).check("- - - - - - D", &[hard((6, 6), 2.0)]);
    // Easter 2027: Maundy Thursday (3), Good Friday (4), Easter Sunday (6), Easter Monday (7).
    let r_soft = r#""sunday_rest": {"weight": 3}"#;
    let easter = Case::new(&dated("2027-03-22", 14), r_soft, KARI, SundayRest);
    easter.check("- - - - D - D | - - - - - - D", &[soft((6, 6), 2.0, 3.0)]);
    easter.check("- - - D - - - | D - - - - - -", &[]);
}

#[test]
fn sunday_rest_averaged() {
    let r = r#""sunday_rest": {"averaging_weeks": 4, "weight": 10}"#;
    let c = Case::new(&cyclic(4), r, KARI, SundayRest);
    let two = "- - - - - - D | - - - - - - D | - - - - - - - | - - - - - - -";
    c.check(two, &[]);
    let three = "- - - - - - D | - - - - - - D | - - - - - - D | - - - - - - -";
    c.check(three, &[soft((0, 27), 3.0, 10.0)]);
    // Two-week windows slide day by day: the seven that hold both worked Sundays break it.
    let r_two = r#""sunday_rest": {"averaging_weeks": 2}"#;
    let v = Case::new(&cyclic(4), r_two, KARI, SundayRest).violations(two);
    assert_eq!(v.len(), 7);
    assert!(v
        .iter()
        .all(|v| v.measured == 2.0 && v.limit == 1.0 && v.hard));
    // Dated and shorter than the period: the whole horizon, where 3 red days allow 2.
    let r_long = r#""sunday_rest": {"averaging_weeks": 26}"#;
    let c_dated = Case::new(&dated("2027-01-04", 21), r_long, KARI, SundayRest);
    c_dated.check("- - - - - - D | - - - - - - D | - - - - - - -", &[]);
    c_dated.check(
        "- - - - - - D | - - - - - - D | - - - - - - D",
        &[hard((0, 20), 3.0)],
    );
}

#[test]
fn max_long_shifts() {
    let r = r#""max_long_shifts": {"value": 1, "weight": 2.5}"#;
    let c = Case::new(&cyclic(1), r, KARI, MaxLongShifts);
    c.check("L - D - - - -", &[]);
    c.check("L - L - L - -", &[soft((0, 6), 3.0, 5.0)]);
}

#[test]
fn night_work() {
    // A one-week cycle is shorter than 28 days: the whole cycle, 24 h over 7 days.
    let r = r#""night_work_avg_hours": {"value": 2}"#;
    let c = Case::new(&cyclic(1), r, KARI, NightWork);
    c.check("N N N - - - -", &[hard((0, 6), 24.0 / 7.0)]);
    c.check("D D D - - - -", &[]); // no night, no limit
    c.check("N - - - - - -", &[]);
    // Dated, 29 days: two windows, and only the first holds a night start. N + 4 D = 40 h.
    let r_soft = r#""night_work_avg_hours": {"value": 1, "weight": 28}"#;
    let c_dated = Case::new(&dated("2027-01-04", 29), r_soft, KARI, NightWork);
    let row = format!("N D D D D{}", " -".repeat(24));
    c_dated.check(&row, &[soft((0, 27), 40.0 / 28.0, 12.0)]);
}

#[test]
fn position_hours() {
    let r = r#""position_hours_tolerance": {"value": 2}"#;
    let full = kari(r#""position": {"current_pct": 100}"#);
    let c = Case::new(&cyclic(1), r, &full, PositionHours);
    // 37.5 h at 100 %: 35.5 h is exactly 2 h under, 40 h is 2.5 h over, 32 h is 5.5 h under.
    c.check("D D D L - - -", &[]);
    c.check("D D D D D - -", &[hard((0, 6), 40.0)]);
    c.check("D D D D - - -", &[hard((0, 6), 32.0)]);
    // The position chosen in the rota counts: 80 % is 30 h.
    c.check("@80 D D D D D - -", &[hard((0, 6), 40.0)]);
    c.check("@80 D D D D - - -", &[]);
    let r_soft = r#""position_hours_tolerance": {"value": 2, "weight": 4}"#;
    let c_soft = Case::new(&cyclic(1), r_soft, &full, PositionHours);
    c_soft.check("D D D D - - -", &[soft((0, 6), 32.0, 14.0)]);
    // No position, no contract hours.
    Case::new(&cyclic(1), r, KARI, PositionHours).check("- - - - - - -", &[]);
}

#[test]
fn total_minutes() {
    let limits = kari(r#""limits": {"min_total_minutes": 2400, "max_total_minutes": 2400}"#);
    let min = Case::new(&cyclic(1), "", &limits, MinTotalMinutes);
    let max = Case::new(&cyclic(1), "", &limits, MaxTotalMinutes);
    min.check("D D D D D - -", &[]);
    max.check("D D D D D - -", &[]);
    min.check("D D D D - - -", &[hard((0, 6), 1920.0)]);
    max.check("D D D D D D -", &[hard((0, 6), 2880.0)]);
    min.check("D D D D D D -", &[]);
}

#[test]
fn breaks() {
    let r = r#""breaks": {"from_hours": 8, "min_minutes": 30, "weight": 0.1}"#;
    let c = Case::new(&cyclic(1), r, KARI, Breaks);
    c.check("L - L - - - -", &[]);
    c.check(
        "D - L - - - N",
        &[soft((0, 0), 0.0, 3.0), soft((6, 6), 0.0, 3.0)],
    );
    let r_9 = r#""breaks": {"from_hours": 9, "min_minutes": 45}"#;
    let c_9 = Case::new(&cyclic(1), r_9, KARI, Breaks);
    c_9.check("D - - - - - -", &[]);
    c_9.check("L - - - - - -", &[hard((0, 0), 30.0)]);
}

#[test]
fn overtime() {
    let r = r#""overtime": {"per_week": 10, "per_4_weeks": 25, "per_52_weeks": 200}"#;
    let full = kari(r#""position": {"current_pct": 100}"#);
    let c = Case::new(&cyclic(4), r, &full, Overtime);
    let five = "D D D D D - -"; // 40 h: 2.5 h overtime
    let six = "D D D D D D -"; // 48 h: 10.5 h overtime
    c.check(&[five; 4].join(" "), &[]);
    // Weeks 1 and 2 above 10 h; 26 h in the 4 weeks; 26 h over 200 × 4/52 h pro rata.
    let rows = [six, six, five, five].join(" ");
    let expected = [
        hard((0, 6), 10.5),
        hard((0, 27), 26.0),
        hard((0, 27), 26.0),
        hard((7, 13), 10.5),
    ];
    c.check(&rows, &expected);
    let limits: Vec<f64> = c.violations(&rows).iter().map(|v| round(v.limit)).collect();
    assert_eq!(limits, [10.0, 25.0, round(200.0 * 4.0 / 52.0), 10.0]);
    // Four-week windows slide and wrap on a longer cycle; a weight prices each hour over.
    let r_soft =
        r#""overtime": {"per_week": 20, "per_4_weeks": 25, "per_52_weeks": 1000, "weight": 2}"#;
    let c5 = Case::new(&cyclic(5), r_soft, &full, Overtime);
    let rows = [six, five, five, six, six].join(" "); // 10.5, 2.5, 2.5, 10.5, 10.5 h
    let expected = [
        soft((0, 27), 26.0, 2.0),
        soft((7, 34), 26.0, 2.0),
        soft((14, 6), 34.0, 18.0),
        soft((21, 13), 34.0, 18.0),
        soft((28, 20), 26.0, 2.0),
    ];
    c5.check(&rows, &expected);
}

#[test]
fn rota_notice() {
    let r = r#""rota_notice_days": {"value": 14}"#;
    let with = |h: String, on: &str| format!(r#"{h}, "discussed_on": "{on}""#);
    let late = with(dated("2027-01-04", 7), "2026-12-28");
    let c = Case::new(&late, r, KARI, RotaNotice);
    c.check("- - - - - - -", &[hard((0, 0), 7.0).unit()]);
    let early = with(dated("2027-01-04", 7), "2026-12-01");
    Case::new(&early, r, KARI, RotaNotice).check("- - - - - - -", &[]);
    let r_soft = r#""rota_notice_days": {"value": 14, "weight": 3}"#;
    let c_soft = Case::new(&late, r_soft, KARI, RotaNotice);
    c_soft.check("- - - - - - -", &[soft((0, 0), 7.0, 21.0).unit()]);
    // A cyclic base rota has no start date.
    let cyc = with(cyclic(1), "2026-12-28");
    Case::new(&cyc, r, KARI, RotaNotice).check("- - - - - - -", &[]);
}

#[test]
fn personal_rules() {
    let staff = r#"{"id": "kari", "competence": "nurse", "unavailable": [2],
        "fixed": [{"day": 0, "shift": "N"}, {"day": 1}], "max_shifts": {"N": 1}},
        {"id": "ola", "competence": "skilled", "no_nights": true},
        {"id": "per", "competence": "assistant", "nights_only": true}"#;
    let case = |rule| Case::new(&cyclic(1), "", staff, rule);
    let ok = "N - - D - - - ; D A - - - - - ; N N - - - - -";
    for rule in [
        Unavailable,
        FixedAssignment,
        MaxShiftsOfType,
        NoNights,
        NightsOnly,
    ] {
        case(rule).check(ok, &[]);
    }
    let bad = "D D D N N - - ; D N - - - - - ; N D - - - - -";
    case(Unavailable).check(bad, &[hard((2, 2), 1.0)]);
    case(FixedAssignment).check(bad, &[hard((0, 0), 1.0), hard((1, 1), 1.0)]);
    case(MaxShiftsOfType).check(bad, &[hard((0, 6), 2.0)]);
    case(NoNights).check(bad, &[hard((1, 1), 1.0).by("ola")]);
    case(NightsOnly).check(bad, &[hard((1, 1), 1.0).by("per")]);
    let v = case(FixedAssignment).violations(bad);
    assert_eq!(
        v[0].message,
        "kari: week 1 Mon is fixed to N, but the rota has D"
    );
    assert_eq!(
        v[1].message,
        "kari: week 1 Tue is fixed to off, but the rota has D"
    );
}

#[test]
fn position_range() {
    let staff = kari(r#""position": {"current_pct": 80, "min_pct": 60, "wanted_pct": 90}"#);
    let c = Case::new(&cyclic(1), "", &staff, PositionRange);
    for pct in ["", "@60", "@75", "@90"] {
        c.check(&format!("{pct} - - - - - - -"), &[]);
    }
    c.check("@100 - - - - - - -", &[hard((0, 6), 100.0)]);
    c.check("@50 - - - - - - -", &[hard((0, 6), 50.0)]);
    assert_eq!(c.violations("@50 - - - - - - -")[0].limit, 60.0);
}

/// Every rule on.
const ALL_RULES: &str = r#""daily_rest_hours": {"value": 11},
    "weekly_rest_hours": {"value": 35, "weight": 1},
    "max_hours_per_24h": {"value": 10},
    "max_hours_per_week": {"value": 50, "weight": 1},
    "max_avg_hours_per_week": {"value": 48, "weeks": 8},
    "max_consecutive_days": {"value": 6},
    "min_consecutive_days": {"value": 2, "weight": 1},
    "max_consecutive_nights": {"value": 3},
    "max_consecutive_same_shift": {"value": 4, "weight": 1},
    "min_consecutive_days_off": {"value": 2},
    "max_weekends": {"value": 2, "weight": 1},
    "weekend_every": {"value": 3},
    "forbidden_successions": [{"from": "N", "to": "D"}, {"from": "A", "to": "D"}],
    "sunday_rest": {"averaging_weeks": 26, "weight": 1},
    "max_long_shifts": {"value": 2},
    "night_work_avg_hours": {"value": 8},
    "position_hours_tolerance": {"value": 2, "weight": 1},
    "breaks": {"from_hours": 8, "min_minutes": 30},
    "overtime": {"per_week": 10, "per_4_weeks": 25, "per_52_weeks": 200, "weight": 1},
    "rota_notice_days": {"value": 14}"#;

/// Personal settings of every kind.
const ALL_STAFF: &str = r#"{"id": "kari", "competence": "nurse",
        "position": {"current_pct": 100}, "fixed": [{"day": 0, "shift": "D"}],
        "max_shifts": {"L": 1},
        "limits": {"min_total_minutes": 600, "max_total_minutes": 100000, "max_weekends": 3,
                   "max_consecutive_days": 5, "min_consecutive_days": 2,
                   "min_consecutive_days_off": 2}},
    {"id": "ola", "competence": "skilled", "position": {"current_pct": 60, "min_pct": 50},
        "no_nights": true},
    {"id": "line-3", "kind": "line", "competence": "assistant", "nights_only": true,
        "unavailable": [0]}"#;

#[test]
fn all_off_and_all_on_never_panic() {
    let horizons = [
        cyclic(1),
        cyclic(6),
        dated("2027-01-04", 1),
        dated("2027-12-24", 3),
        format!(
            r#"{}, "discussed_on": "2027-03-10""#,
            dated("2027-03-20", 45)
        ),
        dated("2027-01-01", 366),
    ];
    for h in &horizons {
        let sc = scenario(h, ALL_RULES, ALL_STAFF);
        let n = sc.days();
        for shift in ["-", "D", "A", "N", "L"] {
            let row = vec![shift; n].join(" ");
            let report = validate(&sc, &rota(&sc, &[row.as_str(); 3].join(";")));
            for v in &report.violations {
                assert!(v.days.0 < n && v.days.1 < n, "{v:?}");
                assert!(v.measured.is_finite() && v.penalty >= 0.0, "{v:?}");
                let unit = matches!(v.rule, RotaNotice | Presence | CompetenceShare);
                assert_eq!(v.staff.is_none(), unit, "{v:?}");
            }
            // Off all the time breaks only what asks for work.
            if shift == "-" {
                for v in &report.violations {
                    let expected = [PositionHours, MinTotalMinutes, FixedAssignment, RotaNotice];
                    assert!(expected.contains(&v.rule), "{h}: {v:?}");
                }
            }
        }
    }
}

#[test]
fn everyone_every_day_is_one_run_per_cycle() {
    let c = Case::new(&cyclic(6), ALL_RULES, ALL_STAFF, MaxConsecutiveDays);
    let row = vec!["D"; 42].join(" ");
    let v = c.violations(&[row.as_str(); 3].join(";"));
    let got: Vec<_> = v
        .iter()
        .map(|v| (v.staff.as_deref(), v.days, v.measured, v.limit))
        .collect();
    assert_eq!(
        got,
        [
            (Some("kari"), (0, 41), 42.0, 5.0),
            (Some("line-3"), (0, 41), 42.0, 6.0),
            (Some("ola"), (0, 41), 42.0, 6.0)
        ]
    );
}

/// Staffing plan: an optional rota line may be left unused (0 %) but then works nothing.
#[test]
fn unused_line() {
    let line = r#"{"id": "line", "kind": "line", "optional": true, "competence": "nurse",
        "position": {"current_pct": 50, "min_pct": 40, "wanted_pct": 100}}"#;
    let staff = format!("{KARI}, {line}");
    let c = Case::new(&cyclic(1), "", &staff, UnusedLine);
    c.check("- - - - - - - ; @0 - - - - - - -", &[]);
    c.check("- - - - - - - ; @60 D D - - - - -", &[]);
    c.check(
        "- - - - - - - ; @0 - D - - N - -",
        &[hard((1, 4), 2.0).by("line")],
    );
    // 0 % is not a size in the range, so only the optional line may take it.
    let range = Case::new(&cyclic(1), "", &staff, PositionRange);
    range.check("- - - - - - - ; @0 - - - - - - -", &[]);
    range.check(
        "- - - - - - - ; @20 - - - - - - -",
        &[hard((0, 6), 20.0).by("line")],
    );
    // An unused line leaves the position KPIs and costs.
    let report = validate(&c.sc, &rota(&c.sc, "- - - - - - - ; @0 - - - - - - -"));
    assert_eq!(report.kpis.positions, 0);
    assert_eq!(report.kpis.unused_lines, 1);
    assert_eq!(report.kpis.fte, 0.0);
    assert_eq!(report.terms.part_time_count, 0);
    let report = validate(&c.sc, &rota(&c.sc, "- - - - - - - ; @60 - - - - - - -"));
    assert_eq!((report.kpis.positions, report.kpis.unused_lines), (1, 0));
    assert_eq!(report.terms.part_time_count, 1);
    assert!((report.terms.position_shortfall_pct - 40.0).abs() < 1e-9);
}

/// The FTE budget (årsverk): Σ position % / 100 at most the budget, a unit-level rule.
#[test]
fn fte_budget() {
    let staff = r#"{"id": "kari", "competence": "nurse", "position": {"current_pct": 80, "wanted_pct": 100}},
        {"id": "ola", "competence": "nurse", "position": {"current_pct": 60, "wanted_pct": 100}},
        {"id": "pool", "kind": "line", "count": 2, "optional": true, "competence": "nurse",
         "position": {"current_pct": 50, "wanted_pct": 100}}"#;
    let r = r#""fte_budget": {"value": 2.5}"#;
    let c = Case::new(&cyclic(1), r, staff, FteBudget);
    assert_eq!(
        c.sc.staff.iter().map(|s| s.id()).collect::<Vec<_>>(),
        ["kari", "ola", "pool-1", "pool-2"]
    );
    let off = "- - - - - - -";
    c.check(&format!("@80 {off}; @60 {off}; @50 {off}; @0 {off}"), &[]);
    c.check(&format!("@100 {off}; @100 {off}; @50 {off}; @0 {off}"), &[]);
    c.check(
        &format!("@100 {off}; @100 {off}; @50 {off}; @50 {off}"),
        &[hard((0, 6), 3.0).unit()],
    );
    // Without chosen sizes the current ones count: 0.8 + 0.6 + 0.5 + 0.5.
    c.check(&format!("{off}; {off}; {off}; {off}"), &[]);
    let soft_c = Case::new(
        &cyclic(1),
        r#""fte_budget": {"value": 2.5, "weight": 100}"#,
        staff,
        FteBudget,
    );
    soft_c.check(
        &format!("@100 {off}; @100 {off}; @80 {off}; @0 {off}"),
        &[soft((0, 6), 2.8, 30.0).unit()],
    );
}

/// Rota-line pools (`count`) and optional lines are for rota lines only, and need a position.
#[test]
fn line_pool_errors() {
    let bad = [
        (
            r#"{"id": "kari", "competence": "nurse", "count": 2}"#,
            "staff[0].count",
        ),
        (
            r#"{"id": "kari", "competence": "nurse", "optional": true, "position": {"current_pct": 50}}"#,
            "staff[0].optional",
        ),
        (
            r#"{"id": "l", "kind": "line", "competence": "nurse", "optional": true}"#,
            "staff[0].optional",
        ),
        (
            r#"{"id": "l", "kind": "line", "competence": "nurse", "count": 0}"#,
            "staff[0].count",
        ),
        (
            r#"{"id": "l", "kind": "line", "competence": "nurse", "count": 2}, {"id": "l-2", "competence": "nurse"}"#,
            "staff[1].id",
        ),
    ];
    for (staff, path) in bad {
        let json = format!(
            r#"{{"format_version": 1, "name": "x", {}, "shifts": {SHIFTS}, "staff": [{staff}],
                "demand": {{}}, "rules": {{"full_time_week": {{"hours": 37.5}}}}}}"#,
            cyclic(1)
        );
        let err = Scenario::from_json(&json).expect_err(staff).to_string();
        assert!(err.contains(path), "{err} should name {path}");
    }
}

/// A paid break (the worker cannot leave the workplace, AML §10-9(1)) is working time: the shift
/// pays its whole clock length, which the hour rules count, while the break rule is met by the
/// break's minutes. The flag is written back only when set.
#[test]
fn a_paid_break_is_working_time() {
    let json = |paid: bool| {
        format!(
            r#"{{"format_version": 1, "name": "paid break", {}, "shifts": [
                {{"id": "L", "start": "08:00", "end": "20:00", "break_minutes": 30,
                  "break_paid": {paid}, "category": "long"}}],
                "staff": [{KARI}], "demand": {{}}, "rules": {{"full_time_week": {{"hours": 37.5}},
                "breaks": {{"from_hours": 8, "min_minutes": 30}},
                "max_hours_per_week": {{"value": 47}}}}}}"#,
            cyclic(1)
        )
    };
    // Four long shifts: 4 × 11.5 = 46 h with the break unpaid, 4 × 12 = 48 h with it paid.
    for (paid, minutes, over) in [(false, 690, None), (true, 720, Some(48.0))] {
        let sc = Scenario::from_json(&json(paid)).unwrap();
        assert_eq!(sc.shifts[0].paid, minutes);
        let rep = validate(&sc, &rota(&sc, "L L L L - - -"));
        assert!(rep.violations.iter().all(|v| v.rule != Breaks), "{paid}");
        let week: Vec<f64> = rep
            .violations
            .iter()
            .filter(|v| v.rule == MaxHoursPerWeek)
            .map(|v| v.measured)
            .collect();
        assert_eq!(week, over.into_iter().collect::<Vec<_>>(), "{paid}");
        assert_eq!(sc.to_json().contains("break_paid"), paid);
    }
}
