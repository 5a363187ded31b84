//! The rota as CSV: one row per assignment (a worked shift), for spreadsheets and payroll.

use turnus_core::staff::StaffKind;
use turnus_core::validate::{weekend_windows, Work};
use turnus_core::{Rota, Scenario};

/// The CSV header, in column order.
pub(crate) const COLUMNS: [&str; 19] = [
    "staff",
    "name",
    "kind",
    "competence",
    "position_pct",
    "day",
    "date",
    "rota_week",
    "weekday",
    "holiday",
    "holiday_name",
    "shift",
    "start",
    "end",
    "overnight",
    "paid_hours",
    "night_hours",
    "weekend",
    "weekend_hours",
];

/// The rota as CSV (RFC 4180: comma-separated, CRLF line ends, fields quoted when they hold a
/// comma, a double quote or a line break): a header row, then one row per worked shift, by
/// staff in scenario order and then by day.
///
/// The columns:
///
/// | column | meaning |
/// |---|---|
/// | `staff`, `name` | id and display name (empty when the scenario gives none) |
/// | `kind` | `person` or `line` (an unstaffed rota line, turnuslinje) |
/// | `competence` | competence id |
/// | `position_pct` | position size with this rota (empty without a position) |
/// | `day` | day index from 0 |
/// | `date` | `YYYY-MM-DD` on dated horizons, empty on a cyclic base rota |
/// | `rota_week` | week of the rota from 1 (7-day blocks from the first day) |
/// | `weekday` | `Mon` … `Sun` |
/// | `holiday`, `holiday_name` | `true` on a public holiday, and its name |
/// | `shift`, `start`, `end` | shift code and clock times `HH:MM` |
/// | `overnight` | `true` when the shift ends on the next day (the end is then that day's time) |
/// | `paid_hours` | paid hours of the shift (clock length less the unpaid break) |
/// | `night_hours` | paid hours inside the night window (`rules.windows.night`, pro rata) |
/// | `weekend` | `true` when the shift touches a weekend window (`rules.windows.weekend`) |
/// | `weekend_hours` | paid hours inside weekend windows (pro rata) |
///
/// Hours have up to four decimals. Per person, `night_hours` and `weekend_hours` add up to the
/// person's figures in the report's KPIs.
pub fn csv(sc: &Scenario, rota: &Rota) -> String {
    let weekends = weekend_windows(sc);
    let period = sc.calendar.period();
    let mut out = String::new();
    record(&mut out, COLUMNS);
    for (p, st) in sc.staff.iter().enumerate() {
        let position = rota.position_pct(sc, p).map_or(String::new(), number);
        let kind = match st.spec.kind {
            StaffKind::Person => "person",
            StaffKind::Line => "line",
        };
        for (d, cell) in rota.cells[p].iter().enumerate() {
            let Some(s) = *cell else { continue };
            let shift = &sc.shifts[s];
            let day = sc.calendar.day(d);
            let work = Work {
                day: d,
                shift: s,
                interval: shift.interval_on(d),
                paid: shift.paid,
            };
            let weekend_minutes: f64 = weekends.iter().map(|w| work.paid_in(*w, period)).sum();
            let touches_weekend = weekends
                .iter()
                .any(|w| w.overlap_cyclic(work.interval, period) > 0);
            record(
                &mut out,
                [
                    st.id(),
                    st.spec.name.as_deref().unwrap_or(""),
                    kind,
                    &st.spec.competence,
                    &position,
                    &d.to_string(),
                    &day.date.map_or(String::new(), |x| x.to_string()),
                    &(day.week() + 1).to_string(),
                    &day.weekday.to_string(),
                    flag(day.holiday.is_some()),
                    day.holiday.unwrap_or(""),
                    shift.id(),
                    &shift.spec.start.to_string(),
                    &shift.spec.end.to_string(),
                    flag(shift.spec.start.minutes() + shift.duration > 24 * 60),
                    &number(shift.paid as f64 / 60.0),
                    &number(shift.night_minutes as f64 * shift.paid_ratio() / 60.0),
                    flag(touches_weekend),
                    &number(weekend_minutes / 60.0),
                ],
            );
        }
    }
    out
}

fn flag(b: bool) -> &'static str {
    if b {
        "true"
    } else {
        "false"
    }
}

/// Up to four decimals, without trailing zeros: `7.5`, `7.8375`, `100`.
fn number(x: f64) -> String {
    let s = format!("{x:.4}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".into()
    } else {
        s.into()
    }
}

/// Appends one record and its CRLF.
fn record<'a>(out: &mut String, fields: impl IntoIterator<Item = &'a str>) {
    for (i, f) in fields.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        field(out, f);
    }
    out.push_str("\r\n");
}

/// Appends one field, quoted (with inner quotes doubled) when it holds `,`, `"`, CR or LF.
fn field(out: &mut String, f: &str) {
    if f.contains([',', '"', '\r', '\n']) {
        out.push('"');
        out.push_str(&f.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(f);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::testdata::{nursing_home, DOC};

    /// The doc example with `kari` renamed to something that needs quoting.
    fn scenario(name: &str, horizon: Option<serde_json::Value>) -> Scenario {
        let mut v: serde_json::Value = serde_json::from_str(DOC).unwrap();
        v["staff"][0]["name"] = name.into();
        if let Some(h) = horizon {
            v["horizon"] = h;
        }
        Scenario::from_json(&v.to_string()).unwrap()
    }

    /// Splits RFC 4180 text into records of fields (a reader written for the test).
    fn parse(text: &str) -> Vec<Vec<String>> {
        let mut records = Vec::new();
        let (mut rec, mut f) = (Vec::new(), String::new());
        let mut chars = text.chars().peekable();
        let mut quoted = false;
        while let Some(c) = chars.next() {
            match (quoted, c) {
                (true, '"') if chars.peek() == Some(&'"') => {
                    chars.next();
                    f.push('"');
                }
                (true, '"') => quoted = false,
                (true, c) => f.push(c),
                (false, '"') if f.is_empty() => quoted = true,
                (false, ',') => rec.push(std::mem::take(&mut f)),
                (false, '\r') => {
                    assert_eq!(chars.next(), Some('\n'), "a CR without LF");
                    rec.push(std::mem::take(&mut f));
                    records.push(std::mem::take(&mut rec));
                }
                (false, c) => {
                    assert_ne!(c, '\n', "a bare LF outside quotes");
                    f.push(c);
                }
            }
        }
        assert!(
            !quoted && f.is_empty() && rec.is_empty(),
            "unterminated record"
        );
        records
    }

    #[test]
    fn one_row_per_worked_cell_with_the_header_first() {
        let sc = scenario("Kari", None);
        let mut rota = Rota::empty(&sc);
        let (d, a, n) = (
            sc.shift_index("D"),
            sc.shift_index("A"),
            sc.shift_index("N"),
        );
        rota.cells[0][0] = d;
        rota.cells[0][5] = a;
        rota.cells[1][3] = n;
        rota.cells[3][13] = d;
        let rows = parse(&csv(&sc, &rota));
        assert_eq!(rows[0], COLUMNS);
        let worked = rota.cells.iter().flatten().filter(|c| c.is_some()).count();
        assert_eq!(rows.len() - 1, worked);
        assert!(rows.iter().all(|r| r.len() == COLUMNS.len()));
        // Staff order, then day order.
        let keys: Vec<(&str, &str)> = rows[1..]
            .iter()
            .map(|r| (r[0].as_str(), r[5].as_str()))
            .collect();
        assert_eq!(
            keys,
            [("kari", "0"), ("kari", "5"), ("ola", "3"), ("per", "13")]
        );
        // Saturday of week 1 is in the weekend window; a cyclic horizon has no dates.
        assert_eq!(&rows[2][6..11], ["", "1", "Sat", "false", ""]);
        assert_eq!(&rows[2][17..], ["true", "7.5"]);
        assert_eq!(&rows[4][7..9], ["2", "Sun"]);
    }

    #[test]
    fn names_with_commas_and_quotes_are_quoted() {
        let sc = scenario("Nordmann, \"Kari\"\nRN", None);
        let mut rota = Rota::empty(&sc);
        rota.cells[0][0] = sc.shift_index("D");
        let text = csv(&sc, &rota);
        assert!(
            text.contains("\r\nkari,\"Nordmann, \"\"Kari\"\"\nRN\",person,"),
            "{text}"
        );
        let rows = parse(&text);
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[1][1], "Nordmann, \"Kari\"\nRN");
    }

    #[test]
    fn a_night_across_midnight_ends_the_next_day() {
        let sc = scenario("Kari", None);
        let mut rota = Rota::empty(&sc);
        rota.cells[1][0] = sc.shift_index("N");
        let rows = parse(&csv(&sc, &rota));
        let r = &rows[1];
        let col = |name: &str| &r[COLUMNS.iter().position(|c| *c == name).unwrap()];
        assert_eq!(
            (col("shift"), col("start"), col("end"), col("overnight")),
            (
                &"N".into(),
                &"21:45".into(),
                &"07:45".into(),
                &"true".into()
            )
        );
        // 10 h on the clock, no break in the doc example; 21:45–06:00 is in the night window.
        assert_eq!(col("paid_hours"), "10");
        assert_eq!(col("night_hours"), "8.25");
        assert_eq!(col("weekend"), "false");
    }

    #[test]
    fn dated_rows_carry_dates_and_holidays() {
        // 2027-12-24 is a Friday; Christmas Day and Boxing Day are public holidays.
        let sc = scenario(
            "Kari",
            Some(serde_json::json!({ "kind": "dated", "start": "2027-12-20", "days": 14 })),
        );
        let mut rota = Rota::empty(&sc);
        rota.cells[0][5] = sc.shift_index("A");
        let rows = parse(&csv(&sc, &rota));
        let r = &rows[1];
        assert_eq!(
            &r[5..11],
            ["5", "2027-12-25", "1", "Sat", "true", "Christmas Day"]
        );
    }

    #[test]
    fn night_and_weekend_hours_add_up_to_the_kpis() {
        let (sc, rota, report) = nursing_home();
        let rows = parse(&csv(&sc, &rota));
        for person in &report.kpis.people {
            let (mut night, mut weekend, mut paid) = (0.0, 0.0, 0.0);
            for r in rows[1..].iter().filter(|r| r[0] == person.staff) {
                paid += r[15].parse::<f64>().unwrap();
                night += r[16].parse::<f64>().unwrap();
                weekend += r[18].parse::<f64>().unwrap();
            }
            let id = &person.staff;
            assert!((paid - person.paid_hours).abs() < 1e-6, "{id} paid");
            assert!((night - person.night_hours).abs() < 1e-3, "{id} night");
            assert!(
                (weekend - person.weekend_hours).abs() < 1e-3,
                "{id} weekend"
            );
        }
    }

    #[test]
    fn numbers_drop_trailing_zeros() {
        assert_eq!(number(7.5), "7.5");
        assert_eq!(number(100.0), "100");
        assert_eq!(number(7.837_5), "7.8375");
        assert_eq!(number(-0.000_01), "0");
    }
}
