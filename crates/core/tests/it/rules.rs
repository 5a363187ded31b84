//! Working-time and personal rules: for every rule a passing and a failing rota, and the cyclic
//! wrap and dated-edge cases where they apply.
//!
//! Shifts in every scenario: D 07–15, A 15–23, N 23–07 (night), all 8 h without break, and
//! L 08–20 (long) with a 30 min break, 11.5 h paid. Rotas are written one row per person, one
//! cell per day (`-` off); a row may start with `@pct` to choose a position size.

use turnus_core::RuleId::{self, *};
use turnus_core::{validate, Rota, Scenario};

const SHIFTS: &str = r#"[
    {"id": "D", "start": "07:00", "end": "15:00", "category": "day"},
    {"id": "A", "start": "15:00", "end": "23:00", "category": "evening"},
    {"id": "N", "start": "23:00", "end": "07:00", "category": "night"},
    {"id": "L", "start": "08:00", "end": "20:00", "break_minutes": 30, "category": "long"}
]"#;

/// One person, `kari`, with no personal settings.
const KARI: &str = r#"{"id": "kari", "competence": "nurse"}"#;

/// `"horizon": …` for a cyclic base rota.
fn cyclic(weeks: u32) -> String {
    format!(r#""horizon": {{"kind": "cyclic", "weeks": {weeks}}}"#)
}

/// `"horizon": …` for a dated horizon (2027-01-04 is a Monday).
fn dated(start: &str, days: u32) -> String {
    format!(r#""horizon": {{"kind": "dated", "start": "{start}", "days": {days}}}"#)
}

/// A scenario from JSON fragments: the horizon (and other top-level fields), the rules besides
/// a 37.5 h full-time week, and the staff list. (`"demand": {}` is spelled out: an absent
/// demand currently defaults to a slot length of 0 and is rejected.)
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

/// A rota from rows like `"D D - N N - -"` (spaces and `|` between cells are ignored), one per
/// staff member in order; a leading `@80` chooses the position size.
fn rota(sc: &Scenario, rows: &[&str]) -> Rota {
    let rows: Vec<String> = sc
        .staff
        .iter()
        .zip(rows)
        .map(|(st, row)| {
            let mut cells: Vec<&str> = row.split_whitespace().filter(|c| *c != "|").collect();
            let pct = match cells.first() {
                Some(c) if c.starts_with('@') => {
                    let pct = format!(r#", "position_pct": {}"#, &c[1..]);
                    cells.remove(0);
                    pct
                }
                _ => String::new(),
            };
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
    fn by(self, staff: &str) -> Exp {
        Exp {
            staff: Some(staff.into()),
            ..self
        }
    }

    fn unit(self) -> Exp {
        Exp {
            staff: None,
            ..self
        }
    }
}

/// Validates `rows` and compares the violations of `rule` with `expected` (measured values and
/// penalties to 1e-9). Also checks what every such violation must hold.
fn check(sc: &Scenario, rows: &[&str], rule: RuleId, expected: &[Exp]) {
    let report = validate(sc, &rota(sc, rows));
    let found: Vec<_> = report
        .violations
        .iter()
        .filter(|v| v.rule == rule)
        .collect();
    for v in &found {
        assert!(!v.hard || v.penalty == 0.0, "{v:?}");
        assert!(v.days.0 < sc.days() && v.days.1 < sc.days(), "{v:?}");
        assert!(!v.when.is_empty() && v.measured.is_finite(), "{v:?}");
        if let Some(id) = &v.staff {
            assert!(v.message.starts_with(&format!("{id}: ")), "{v:?}");
        }
    }
    let got: Vec<Exp> = found
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
    assert_eq!(got, want, "rule {rule} on {rows:?}");
}

fn round(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

/// The violations of `rule` for `rows`, for assertions on messages and limits.
fn violations(sc: &Scenario, rows: &[&str], rule: RuleId) -> Vec<turnus_core::Violation> {
    validate(sc, &rota(sc, rows))
        .violations
        .into_iter()
        .filter(|v| v.rule == rule)
        .collect()
}

#[test]
fn daily_rest() {
    let r = r#""daily_rest_hours": {"value": 11}"#;
    let sc = scenario(&cyclic(1), r, KARI);
    check(&sc, &["D D D D D - -"], DailyRest, &[]);
    check(&sc, &["A D - - - - -"], DailyRest, &[hard((0, 1), 8.0)]);
    check(&sc, &["N D - - - - -"], DailyRest, &[hard((0, 1), 0.0)]);
    check(&sc, &["L - - - - - -"], DailyRest, &[]); // a lone shift rests 156 h until itself
                                                    // The cycle wraps: Sunday's A is followed by Monday's D of the next cycle.
    check(&sc, &["D - - - - - A"], DailyRest, &[hard((6, 0), 8.0)]);
    let sc_dated = scenario(&dated("2027-01-04", 7), r, KARI);
    check(&sc_dated, &["D - - - - - A"], DailyRest, &[]);
    let sc_soft = scenario(
        &cyclic(1),
        r#""daily_rest_hours": {"value": 11, "weight": 2}"#,
        KARI,
    );
    check(
        &sc_soft,
        &["A D - - - - -"],
        DailyRest,
        &[soft((0, 1), 8.0, 6.0)],
    );
    let v = violations(&sc, &["A D - - - - -"], DailyRest);
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
    let sc = scenario(&cyclic(1), r, KARI);
    check(&sc, &["D D D - - - -"], WeeklyRest, &[]);
    // Off Sat 15:00 to Mon 07:00 (40 h): the windows from Monday and from Sunday cut it.
    check(
        &sc,
        &["D D D D D D -"],
        WeeklyRest,
        &[hard((0, 6), 33.0), hard((6, 5), 31.0)],
    );
    // Dated: only whole windows inside the horizon; none on a horizon shorter than 7 days.
    let sc_dated = scenario(&dated("2027-01-04", 8), r, KARI);
    check(
        &sc_dated,
        &["D D D D D D - D"],
        WeeklyRest,
        &[hard((0, 6), 33.0)],
    );
    let sc_short = scenario(&dated("2027-01-04", 6), r, KARI);
    check(&sc_short, &["D D D D D D"], WeeklyRest, &[]);
    let sc_soft = scenario(
        &cyclic(1),
        r#""weekly_rest_hours": {"value": 35, "weight": 1.5}"#,
        KARI,
    );
    check(
        &sc_soft,
        &["D D D D D D -"],
        WeeklyRest,
        &[soft((0, 6), 33.0, 3.0), soft((6, 5), 31.0, 6.0)],
    );
}

#[test]
fn max_hours_per_24h() {
    let r = r#""max_hours_per_24h": {"value": 10}"#;
    let sc = scenario(&cyclic(1), r, KARI);
    check(&sc, &["D D D D D - -"], MaxHoursPer24h, &[]);
    check(
        &sc,
        &["N D - - - - -"],
        MaxHoursPer24h,
        &[hard((0, 0), 16.0)],
    );
    // Wraps: Sunday's night and Monday's day shift of the next cycle.
    check(
        &sc,
        &["D - - - - - N"],
        MaxHoursPer24h,
        &[hard((6, 6), 16.0)],
    );
    let sc_dated = scenario(&dated("2027-01-04", 7), r, KARI);
    check(&sc_dated, &["D - - - - - N"], MaxHoursPer24h, &[]);
    // Pro rata: L (11.5 h) and the first hour of the next day's D.
    let sc_soft = scenario(
        &cyclic(1),
        r#""max_hours_per_24h": {"value": 12, "weight": 1}"#,
        KARI,
    );
    check(
        &sc_soft,
        &["L D - - - - -"],
        MaxHoursPer24h,
        &[soft((0, 0), 12.5, 0.5)],
    );
    check(&sc_soft, &["L - D - - - -"], MaxHoursPer24h, &[]);
}

#[test]
fn max_hours_per_week() {
    let r = r#""max_hours_per_week": {"value": 40}"#;
    let sc = scenario(&cyclic(2), r, KARI);
    check(
        &sc,
        &["D D D D D - - | D D D D D - -"],
        MaxHoursPerWeek,
        &[],
    );
    check(
        &sc,
        &["D D D D D - - | D D D D D D -"],
        MaxHoursPerWeek,
        &[hard((7, 13), 48.0)],
    );
    // The last week of a dated horizon may be partial.
    let sc_dated = scenario(
        &dated("2027-01-04", 10),
        r#""max_hours_per_week": {"value": 20, "weight": 3}"#,
        KARI,
    );
    check(
        &sc_dated,
        &["- - - - - - - D D D"],
        MaxHoursPerWeek,
        &[soft((7, 9), 24.0, 12.0)],
    );
}

#[test]
fn max_avg_hours_per_week() {
    let r = r#""max_avg_hours_per_week": {"value": 40, "weeks": 2}"#;
    let sc = scenario(&cyclic(3), r, KARI);
    // Weeks of 48, 40 and 24 h: windows average 44, 32 and (wrapping) 36 h.
    let rows = ["D D D D D D - | D D D D D - - | D D D - - - -"];
    check(&sc, &rows, MaxAvgHoursPerWeek, &[hard((0, 13), 44.0)]);
    // Weeks of 48, 24 and 56 h: only the window wrapping from week 3 into week 1 is over.
    let rows = ["D D D D D D - | D D D - - - - | D D D D D D D"];
    check(&sc, &rows, MaxAvgHoursPerWeek, &[hard((14, 6), 52.0)]);
    check(
        &sc,
        &["D D D D D - - | D D D D D - - | D D D D D - -"],
        MaxAvgHoursPerWeek,
        &[],
    );
    // A dated horizon shorter than the period: the whole horizon averaged over days / 7 weeks.
    let sc_dated = scenario(
        &dated("2027-01-04", 10),
        r#""max_avg_hours_per_week": {"value": 30, "weeks": 8, "weight": 2}"#,
        KARI,
    );
    // 6 shifts, 48 h over 10/7 weeks = 33.6 h per week.
    check(
        &sc_dated,
        &["D D D D D - - D - -"],
        MaxAvgHoursPerWeek,
        &[soft((0, 9), 33.6, 7.2)],
    );
    check(&sc_dated, &["D D D D D - - - - -"], MaxAvgHoursPerWeek, &[]);
}

#[test]
fn max_consecutive_days() {
    let r = r#""max_consecutive_days": {"value": 3}"#;
    let sc = scenario(&cyclic(1), r, KARI);
    check(&sc, &["D D D - D D -"], MaxConsecutiveDays, &[]);
    // Sunday to Wednesday wraps into one run of 4.
    check(
        &sc,
        &["D D D - - - D"],
        MaxConsecutiveDays,
        &[hard((6, 2), 4.0)],
    );
    check(
        &sc,
        &["D D D D D D D"],
        MaxConsecutiveDays,
        &[hard((0, 6), 7.0)],
    );
    let sc_dated = scenario(&dated("2027-01-04", 7), r, KARI);
    check(&sc_dated, &["D D D - - - D"], MaxConsecutiveDays, &[]);
    check(
        &sc_dated,
        &["D D D D - - D"],
        MaxConsecutiveDays,
        &[hard((0, 3), 4.0)],
    );
    // A personal value applies without the scenario rule (hard) and keeps its weight with it.
    let tight = r#"{"id": "kari", "competence": "nurse", "limits": {"max_consecutive_days": 2}}"#;
    check(
        &scenario(&cyclic(1), "", tight),
        &["D D D - - - -"],
        MaxConsecutiveDays,
        &[hard((0, 2), 3.0)],
    );
    let r_soft = r#""max_consecutive_days": {"value": 5, "weight": 4}"#;
    check(
        &scenario(&cyclic(1), r_soft, tight),
        &["D D D - - - -"],
        MaxConsecutiveDays,
        &[soft((0, 2), 3.0, 4.0)],
    );
}

#[test]
fn min_consecutive_days() {
    let r = r#""min_consecutive_days": {"value": 2}"#;
    let sc = scenario(&cyclic(1), r, KARI);
    check(&sc, &["D - D D - - D"], MinConsecutiveDays, &[]); // Sun–Mon wraps into 2
    check(
        &sc,
        &["D - - D D - -"],
        MinConsecutiveDays,
        &[hard((0, 0), 1.0)],
    );
    check(&sc, &["- - - - - - -"], MinConsecutiveDays, &[]);
    // Dated: a run touching the first or last day is exempt.
    let sc_dated = scenario(&dated("2027-01-04", 7), r, KARI);
    check(&sc_dated, &["D - D D - - D"], MinConsecutiveDays, &[]);
    check(
        &sc_dated,
        &["- D - D D - -"],
        MinConsecutiveDays,
        &[hard((1, 1), 1.0)],
    );
    let personal =
        r#"{"id": "kari", "competence": "nurse", "limits": {"min_consecutive_days": 3}}"#;
    let r_soft = r#""min_consecutive_days": {"value": 2, "weight": 5}"#;
    check(
        &scenario(&cyclic(1), r_soft, personal),
        &["D - - D D - -"],
        MinConsecutiveDays,
        &[soft((0, 0), 1.0, 10.0), soft((3, 4), 2.0, 5.0)],
    );
}

#[test]
fn max_consecutive_nights() {
    let r = r#""max_consecutive_nights": {"value": 2, "weight": 5}"#;
    let sc = scenario(&cyclic(1), r, KARI);
    check(&sc, &["N N D N N - -"], MaxConsecutiveNights, &[]);
    check(
        &sc,
        &["N N N - - - -"],
        MaxConsecutiveNights,
        &[soft((0, 2), 3.0, 5.0)],
    );
    check(
        &sc,
        &["N N - - - - N"],
        MaxConsecutiveNights,
        &[soft((6, 1), 3.0, 5.0)],
    );
    let zero = scenario(
        &dated("2027-01-04", 3),
        r#""max_consecutive_nights": {"value": 0}"#,
        KARI,
    );
    check(
        &zero,
        &["N - N"],
        MaxConsecutiveNights,
        &[hard((0, 0), 1.0), hard((2, 2), 1.0)],
    );
}

#[test]
fn max_consecutive_same_shift() {
    let r = r#""max_consecutive_same_shift": {"value": 2}"#;
    let sc = scenario(&cyclic(1), r, KARI);
    check(
        &sc,
        &["D D A A - D D"],
        MaxConsecutiveSameShift,
        &[hard((5, 1), 4.0)],
    );
    check(&sc, &["D D A A - - -"], MaxConsecutiveSameShift, &[]);
    check(
        &sc,
        &["D A A A - - -"],
        MaxConsecutiveSameShift,
        &[hard((1, 3), 3.0)],
    );
    let v = violations(&sc, &["D A A A - - -"], MaxConsecutiveSameShift);
    assert_eq!(
        v[0].message,
        "kari: 3 days on shift A in a row (week 1 Tue – week 1 Thu), above the maximum 2"
    );
}

#[test]
fn min_consecutive_days_off() {
    let r = r#""min_consecutive_days_off": {"value": 2}"#;
    let sc = scenario(&cyclic(1), r, KARI);
    check(&sc, &["D D D - - D D"], MinConsecutiveDaysOff, &[]);
    check(
        &sc,
        &["D - D D - - D"],
        MinConsecutiveDaysOff,
        &[hard((1, 1), 1.0)],
    );
    check(
        &sc,
        &["- D D D D D D"],
        MinConsecutiveDaysOff,
        &[hard((0, 0), 1.0)],
    );
    check(&sc, &["- - - - - - -"], MinConsecutiveDaysOff, &[]);
    let sc_dated = scenario(&dated("2027-01-04", 7), r, KARI);
    check(&sc_dated, &["- D D D D D -"], MinConsecutiveDaysOff, &[]);
    check(
        &sc_dated,
        &["D - D D - - D"],
        MinConsecutiveDaysOff,
        &[hard((1, 1), 1.0)],
    );
    let personal =
        r#"{"id": "kari", "competence": "nurse", "limits": {"min_consecutive_days_off": 3}}"#;
    check(
        &scenario(&cyclic(1), "", personal),
        &["D D D - - D D"],
        MinConsecutiveDaysOff,
        &[hard((3, 4), 2.0)],
    );
}

#[test]
fn max_weekends() {
    let r = r#""max_weekends": {"value": 1}"#;
    let sc = scenario(&cyclic(2), r, KARI);
    check(&sc, &["- - - - - D D | D D D D D - -"], MaxWeekends, &[]);
    check(
        &sc,
        &["- - - - - D - | - - - - - - D"],
        MaxWeekends,
        &[hard((0, 13), 2.0)],
    );
    // Friday's night runs into Saturday: that weekend is worked.
    check(
        &sc,
        &["- - - - N - - | - - - - - D -"],
        MaxWeekends,
        &[hard((0, 13), 2.0)],
    );
    let personal = r#"{"id": "kari", "competence": "nurse", "limits": {"max_weekends": 2}}"#;
    check(
        &scenario(&cyclic(2), r, personal),
        &["- - - - - D - | - - - - - - D"],
        MaxWeekends,
        &[],
    );
    let none = r#"{"id": "kari", "competence": "nurse", "limits": {"max_weekends": 0}}"#;
    check(
        &scenario(&cyclic(2), "", none),
        &["- - - - - D - | - - - - - - -"],
        MaxWeekends,
        &[hard((0, 13), 1.0)],
    );
    // A weekend window Sun 00:00 – Mon 12:00 wraps onto the first Monday of a cyclic horizon.
    let window = r#""windows": {"weekend": {"from": {"day": "Sun", "time": "00:00"}, "to": {"day": "Mon", "time": "12:00"}}}, "max_weekends": {"value": 0, "weight": 2}"#;
    check(
        &scenario(&cyclic(1), window, KARI),
        &["D - - - - - -"],
        MaxWeekends,
        &[soft((0, 6), 1.0, 2.0)],
    );
    check(
        &scenario(&dated("2027-01-04", 7), window, KARI),
        &["D - - - - - -"],
        MaxWeekends,
        &[],
    );
}

#[test]
fn weekend_every() {
    let r = r#""weekend_every": {"value": 2}"#;
    let sc = scenario(&cyclic(3), r, KARI);
    check(
        &sc,
        &["- - - - - D D | - - - - - - - | - - - - - - -"],
        WeekendEvery,
        &[],
    );
    // Weekends 3 and 1 are neighbours on a cyclic horizon.
    let rows = ["- - - - - D - | - - - - - - - | - - - - - D -"];
    check(&sc, &rows, WeekendEvery, &[hard((19, 6), 2.0)]);
    check(
        &scenario(&dated("2027-01-04", 21), r, KARI),
        &rows,
        WeekendEvery,
        &[],
    );
    let rows = ["- - - - - D - | - - - - - - D | - - - - - - -"];
    check(&sc, &rows, WeekendEvery, &[hard((5, 13), 2.0)]);
    // Fewer weekends than N: the whole list is one window.
    let sc_short = scenario(
        &dated("2027-01-04", 14),
        r#""weekend_every": {"value": 3, "weight": 10}"#,
        KARI,
    );
    check(
        &sc_short,
        &["- - - - - D - | - - - - - - D"],
        WeekendEvery,
        &[soft((5, 13), 2.0, 10.0)],
    );
}

#[test]
fn forbidden_succession() {
    let r = r#""forbidden_successions": [{"from": "N", "to": "D"}]"#;
    let sc = scenario(&cyclic(1), r, KARI);
    check(&sc, &["D N - - - - -"], ForbiddenSuccession, &[]);
    check(
        &sc,
        &["N D - N - D -"],
        ForbiddenSuccession,
        &[hard((0, 1), 1.0)],
    );
    check(
        &sc,
        &["D - - - - - N"],
        ForbiddenSuccession,
        &[hard((6, 0), 1.0)],
    );
    check(
        &scenario(&dated("2027-01-04", 7), r, KARI),
        &["D - - - - - N"],
        ForbiddenSuccession,
        &[],
    );
    let r_soft =
        r#""forbidden_successions": [{"from": "N", "to": "D"}], "forbidden_successions_weight": 7"#;
    check(
        &scenario(&cyclic(1), r_soft, KARI),
        &["N D - - - - -"],
        ForbiddenSuccession,
        &[soft((0, 1), 1.0, 7.0)],
    );
}

#[test]
fn sunday_rest_strict() {
    let r = r#""sunday_rest": {}"#;
    let sc = scenario(&cyclic(2), r, KARI);
    check(&sc, &["- - - - - - D | - - - - - - -"], SundayRest, &[]);
    // Both Sundays: each is the red day after the other on a cyclic horizon.
    let rows = ["- - - - - - D | - - - - - - D"];
    check(
        &sc,
        &rows,
        SundayRest,
        &[hard((6, 6), 2.0), hard((13, 13), 2.0)],
    );
    check(
        &scenario(&dated("2027-01-04", 14), r, KARI),
        &rows,
        SundayRest,
        &[hard((13, 13), 2.0)],
    );
    // Saturday's A ends after 18:00, inside the Sunday window.
    check(
        &sc,
        &["- - - - - A - | - - - - - A -"],
        SundayRest,
        &[hard((6, 6), 2.0), hard((13, 13), 2.0)],
    );
    // A one-week cycle: working its Sunday means working every Sunday.
    check(
        &scenario(&cyclic(1), r, KARI),
        &["- - - - - - D"],
        SundayRest,
        &[hard((6, 6), 2.0)],
    );
    // Easter 2027: Maundy Thursday (3), Good Friday (4), Easter Sunday (6), Easter Monday (7).
    let easter = scenario(
        &dated("2027-03-22", 14),
        r#""sunday_rest": {"weight": 3}"#,
        KARI,
    );
    check(
        &easter,
        &["- - - - D - D | - - - - - - D"],
        SundayRest,
        &[soft((6, 6), 2.0, 3.0)],
    );
    check(&easter, &["- - - D - - - | D - - - - - -"], SundayRest, &[]);
}

#[test]
fn sunday_rest_averaged() {
    let r = r#""sunday_rest": {"averaging_weeks": 4, "weight": 10}"#;
    let sc = scenario(&cyclic(4), r, KARI);
    let two = ["- - - - - - D | - - - - - - D | - - - - - - - | - - - - - - -"];
    check(&sc, &two, SundayRest, &[]);
    let three = ["- - - - - - D | - - - - - - D | - - - - - - D | - - - - - - -"];
    check(&sc, &three, SundayRest, &[soft((0, 27), 3.0, 10.0)]);
    // Two-week windows slide day by day: the seven that hold both worked Sundays break it.
    let sc2 = scenario(&cyclic(4), r#""sunday_rest": {"averaging_weeks": 2}"#, KARI);
    let v = violations(&sc2, &two, SundayRest);
    assert_eq!(v.len(), 7);
    assert!(v
        .iter()
        .all(|v| v.measured == 2.0 && v.limit == 1.0 && v.hard));
    // Dated and shorter than the period: the whole horizon, 3 red days allow 2.
    let sc_dated = scenario(
        &dated("2027-01-04", 21),
        r#""sunday_rest": {"averaging_weeks": 26}"#,
        KARI,
    );
    check(
        &sc_dated,
        &["- - - - - - D | - - - - - - D | - - - - - - -"],
        SundayRest,
        &[],
    );
    check(
        &sc_dated,
        &["- - - - - - D | - - - - - - D | - - - - - - D"],
        SundayRest,
        &[hard((0, 20), 3.0)],
    );
}

#[test]
fn max_long_shifts() {
    let r = r#""max_long_shifts": {"value": 1, "weight": 2.5}"#;
    let sc = scenario(&cyclic(1), r, KARI);
    check(&sc, &["L - D - - - -"], MaxLongShifts, &[]);
    check(
        &sc,
        &["L - L - L - -"],
        MaxLongShifts,
        &[soft((0, 6), 3.0, 5.0)],
    );
}

#[test]
fn night_work() {
    // A one-week cycle is shorter than 28 days: the whole cycle, 24 h over 7 days.
    let r = r#""night_work_avg_hours": {"value": 2}"#;
    let sc = scenario(&cyclic(1), r, KARI);
    check(
        &sc,
        &["N N N - - - -"],
        NightWork,
        &[hard((0, 6), 24.0 / 7.0)],
    );
    check(&sc, &["D D D - - - -"], NightWork, &[]); // no nights, no limit
    check(&sc, &["N - - - - - -"], NightWork, &[]);
    // Dated, 29 days: two windows; only the first holds a night start. N (8 h) + 4 D = 40 h.
    let sc_dated = scenario(
        &dated("2027-01-04", 29),
        r#""night_work_avg_hours": {"value": 1, "weight": 28}"#,
        KARI,
    );
    let row = format!("N D D D D{}", " -".repeat(24));
    check(
        &sc_dated,
        &[&row],
        NightWork,
        &[soft((0, 27), 40.0 / 28.0, 12.0)],
    );
}

#[test]
fn position_hours() {
    let r = r#""position_hours_tolerance": {"value": 2}"#;
    let full = r#"{"id": "kari", "competence": "nurse", "position": {"current_pct": 100, "wanted_pct": 100}}"#;
    let sc = scenario(&cyclic(1), r, full);
    check(&sc, &["D D D L - - -"], PositionHours, &[]); // 35.5 h: exactly 2 h under
    check(
        &sc,
        &["D D D D D - -"],
        PositionHours,
        &[hard((0, 6), 40.0)],
    ); // 2.5 h over
    check(
        &sc,
        &["D D D D - - -"],
        PositionHours,
        &[hard((0, 6), 32.0)],
    ); // 5.5 h under
       // The position chosen in the rota counts: 80 % is 30 h.
    check(
        &sc,
        &["@80 D D D D D - -"],
        PositionHours,
        &[hard((0, 6), 40.0)],
    );
    let sc_soft = scenario(
        &cyclic(1),
        r#""position_hours_tolerance": {"value": 2, "weight": 4}"#,
        full,
    );
    check(
        &sc_soft,
        &["D D D D - - -"],
        PositionHours,
        &[soft((0, 6), 32.0, 14.0)],
    );
    // No position, no contract hours.
    check(
        &scenario(&cyclic(1), r, KARI),
        &["- - - - - - -"],
        PositionHours,
        &[],
    );
}

#[test]
fn total_minutes() {
    let staff = r#"{"id": "kari", "competence": "nurse", "limits": {"min_total_minutes": 2400, "max_total_minutes": 2400}}"#;
    let sc = scenario(&cyclic(1), "", staff);
    let rows = ["D D D D D - -"];
    check(&sc, &rows, MinTotalMinutes, &[]);
    check(&sc, &rows, MaxTotalMinutes, &[]);
    check(
        &sc,
        &["D D D D - - -"],
        MinTotalMinutes,
        &[hard((0, 6), 1920.0)],
    );
    check(
        &sc,
        &["D D D D D D -"],
        MaxTotalMinutes,
        &[hard((0, 6), 2880.0)],
    );
    check(&sc, &["D D D D D D -"], MinTotalMinutes, &[]);
}

#[test]
fn breaks() {
    let r = r#""breaks": {"from_hours": 8, "min_minutes": 30, "weight": 0.1}"#;
    let sc = scenario(&cyclic(1), r, KARI);
    check(&sc, &["L - L - - - -"], Breaks, &[]);
    check(
        &sc,
        &["D - L - - - N"],
        Breaks,
        &[soft((0, 0), 0.0, 3.0), soft((6, 6), 0.0, 3.0)],
    );
    let from_9 = scenario(
        &cyclic(1),
        r#""breaks": {"from_hours": 9, "min_minutes": 45}"#,
        KARI,
    );
    check(&from_9, &["D - - - - - -"], Breaks, &[]);
    check(&from_9, &["L - - - - - -"], Breaks, &[hard((0, 0), 30.0)]);
}

#[test]
fn overtime() {
    let r = r#""overtime": {"per_week": 10, "per_4_weeks": 25, "per_52_weeks": 200}"#;
    let full = r#"{"id": "kari", "competence": "nurse", "position": {"current_pct": 100}}"#;
    let sc = scenario(&cyclic(4), r, full);
    let five = "D D D D D - -"; // 40 h: 2.5 h overtime
    let six = "D D D D D D -"; // 48 h: 10.5 h overtime
    check(&sc, &[&[five; 4].join(" ")], Overtime, &[]);
    // Weeks 1 and 2 over 10 h; 26 h in the 4 weeks; 26 h over 200 × 4/52 = 15.38 h pro rata.
    check(
        &sc,
        &[&[six, six, five, five].join(" ")],
        Overtime,
        &[
            hard((0, 6), 10.5),
            hard((0, 27), 26.0),
            hard((0, 27), 26.0),
            hard((7, 13), 10.5),
        ],
    );
    let v = violations(&sc, &[&[six, six, five, five].join(" ")], Overtime);
    let limits: Vec<f64> = v.iter().map(|v| round(v.limit)).collect();
    assert_eq!(limits, [10.0, 25.0, round(200.0 * 4.0 / 52.0), 10.0]);
    // Four-week windows slide and wrap on a longer cycle; a soft weight prices each hour.
    let r_soft =
        r#""overtime": {"per_week": 20, "per_4_weeks": 25, "per_52_weeks": 1000, "weight": 2}"#;
    let sc5 = scenario(&cyclic(5), r_soft, full);
    let rows = [six, five, five, six, six].join(" "); // 10.5, 2.5, 2.5, 10.5, 10.5 h
    check(
        &sc5,
        &[&rows],
        Overtime,
        &[
            soft((0, 27), 26.0, 2.0),
            soft((7, 34), 26.0, 2.0),
            soft((14, 6), 34.0, 18.0),
            soft((21, 13), 34.0, 18.0),
            soft((28, 20), 26.0, 2.0),
        ],
    );
}

#[test]
fn rota_notice() {
    let r = r#""rota_notice_days": {"value": 14}"#;
    let late = format!(
        r#"{}, "discussed_on": "2026-12-28""#,
        dated("2027-01-04", 7)
    );
    check(
        &scenario(&late, r, KARI),
        &["- - - - - - -"],
        RotaNotice,
        &[hard((0, 0), 7.0).unit()],
    );
    let early = format!(
        r#"{}, "discussed_on": "2026-12-01""#,
        dated("2027-01-04", 7)
    );
    check(
        &scenario(&early, r, KARI),
        &["- - - - - - -"],
        RotaNotice,
        &[],
    );
    let soft_late = scenario(
        &late,
        r#""rota_notice_days": {"value": 14, "weight": 3}"#,
        KARI,
    );
    check(
        &soft_late,
        &["- - - - - - -"],
        RotaNotice,
        &[soft((0, 0), 7.0, 21.0).unit()],
    );
    // A cyclic base rota has no start date.
    let cyc = format!(r#"{}, "discussed_on": "2026-12-28""#, cyclic(1));
    check(
        &scenario(&cyc, r, KARI),
        &["- - - - - - -"],
        RotaNotice,
        &[],
    );
}

#[test]
fn personal_rules() {
    let staff = r#"{"id": "kari", "competence": "nurse", "unavailable": [2],
        "fixed": [{"day": 0, "shift": "N"}, {"day": 1}], "max_shifts": {"N": 1}},
        {"id": "ola", "competence": "skilled", "no_nights": true},
        {"id": "per", "competence": "assistant", "nights_only": true}"#;
    let sc = scenario(&cyclic(1), "", staff);
    let ok = ["N - - D - - -", "D A - - - - -", "N N - - - - -"];
    for rule in [
        Unavailable,
        FixedAssignment,
        MaxShiftsOfType,
        NoNights,
        NightsOnly,
    ] {
        check(&sc, &ok, rule, &[]);
    }
    let bad = ["D D D N N - -", "D N - - - - -", "N D - - - - -"];
    check(&sc, &bad, Unavailable, &[hard((2, 2), 1.0)]);
    check(
        &sc,
        &bad,
        FixedAssignment,
        &[hard((0, 0), 1.0), hard((1, 1), 1.0)],
    );
    check(&sc, &bad, MaxShiftsOfType, &[hard((0, 6), 2.0)]);
    check(&sc, &bad, NoNights, &[hard((1, 1), 1.0).by("ola")]);
    check(&sc, &bad, NightsOnly, &[hard((1, 1), 1.0).by("per")]);
    let v = violations(&sc, &bad, FixedAssignment);
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
    let staff = r#"{"id": "kari", "competence": "nurse", "position": {"current_pct": 80, "min_pct": 60, "wanted_pct": 90}}"#;
    let sc = scenario(&cyclic(1), "", staff);
    for ok in [
        "- - - - - - -",
        "@60 - - - - - - -",
        "@90 - - - - - - -",
        "@75 - - - - - - -",
    ] {
        check(&sc, &[ok], PositionRange, &[]);
    }
    check(
        &sc,
        &["@100 - - - - - - -"],
        PositionRange,
        &[hard((0, 6), 100.0)],
    );
    check(
        &sc,
        &["@50 - - - - - - -"],
        PositionRange,
        &[hard((0, 6), 50.0)],
    );
    assert_eq!(
        violations(&sc, &["@50 - - - - - - -"], PositionRange)[0].limit,
        60.0
    );
}

/// Every rule on, with personal settings of every kind.
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

const ALL_STAFF: &str = r#"{"id": "kari", "competence": "nurse", "position": {"current_pct": 100},
        "fixed": [{"day": 0, "shift": "D"}], "max_shifts": {"L": 1},
        "limits": {"min_total_minutes": 600, "max_total_minutes": 100000, "max_weekends": 3,
                   "max_consecutive_days": 5, "min_consecutive_days": 2,
                   "min_consecutive_days_off": 2}},
    {"id": "ola", "competence": "skilled", "position": {"current_pct": 60, "min_pct": 50}, "no_nights": true},
    {"id": "line-3", "kind": "line", "competence": "assistant", "nights_only": true, "unavailable": [0]}"#;

#[test]
fn all_off_and_all_on_never_panic() {
    let horizons = [
        cyclic(1),
        cyclic(6),
        dated("2027-01-04", 1),
        dated("2027-12-24", 3),
        format!(
            r#"{}, "discussed_on": "2027-01-01""#,
            dated("2027-03-20", 45)
        ),
        dated("2027-01-01", 366),
    ];
    for h in &horizons {
        let sc = scenario(h, ALL_RULES, ALL_STAFF);
        let n = sc.days();
        for shift in ["-", "D", "A", "N", "L"] {
            let row = vec![shift; n].join(" ");
            let report = validate(&sc, &rota(&sc, &[&row, &row, &row]));
            for v in &report.violations {
                assert!(v.days.0 < n && v.days.1 < n, "{v:?}");
                assert!(
                    v.measured.is_finite() && v.penalty.is_finite() && v.penalty >= 0.0,
                    "{v:?}"
                );
                assert_eq!(
                    v.staff.is_none(),
                    matches!(v.rule, RotaNotice | Presence | CompetenceShare),
                    "{v:?}"
                );
            }
            if shift == "-" {
                let rules: Vec<RuleId> = report.violations.iter().map(|v| v.rule).collect();
                assert!(
                    rules.iter().all(|r| matches!(
                        r,
                        PositionHours | MinTotalMinutes | FixedAssignment | RotaNotice
                    )),
                    "{h}: {rules:?}"
                );
            }
        }
    }
}

#[test]
fn everyone_every_day_breaks_the_run_rules_once_per_cycle() {
    let sc = scenario(&cyclic(6), ALL_RULES, ALL_STAFF);
    let row = vec!["D"; 42].join(" ");
    let v = violations(&sc, &[&row, &row, &row], MaxConsecutiveDays);
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
