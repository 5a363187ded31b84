//! The Curtois & Qu shift scheduling benchmark (Tim Curtois, Rong Qu, "Computational results on
//! new staff scheduling benchmark instances", University of Nottingham, 2014).
//!
//! [`parse`] reads one instance text (`InstanceN.txt`, CRLF or LF) into a normal
//! [`ScenarioSpec`]:
//!
//! - a dated horizon from Monday 2024-01-01 without Norwegian holidays (day 0 is a Monday, so
//!   days `7k+5` and `7k+6` are the weekend of the default Sat 00:00 → Sun 24:00 window);
//! - each shift type starts at 00:00 and lasts its length (so no shift crosses midnight), no
//!   break, category `day`;
//! - each `Forbidden` list becomes hard `rules.forbidden_successions` (the days around a dated
//!   horizon count as off, as the benchmark wants);
//! - one competence level `staff`; each employee a [`StaffSpec`] without a position, with
//!   `max_shifts`, personal limits (total minutes, consecutive shifts, consecutive days off,
//!   weekends), days off as `unavailable` and shift on/off requests as weighted requests;
//! - each cover row a `demand.shift_cover` row with its under/over weights;
//! - [`RuleSet::none`] and [`ObjectiveWeights::zero`], so the objective of a rota is exactly
//!   the Curtois objective (requests + cover under/over).
//!
//! Errors carry the file name and line number; the parser never panics on bad input.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use thiserror::Error;
use turnus_core::competence::CompetenceSpec;
use turnus_core::demand::{DemandSpec, ShiftCover};
use turnus_core::rules::{FullTimeWeek, Succession};
use turnus_core::scenario::FORMAT_VERSION;
use turnus_core::selector::DaySelector;
use turnus_core::shift::{ShiftCategory, ShiftSpec};
use turnus_core::staff::{PersonalLimits, Request, RequestKind, StaffKind, StaffSpec};
use turnus_core::time::TimeOfDay;
use turnus_core::{HorizonSpec, ObjectiveWeights, RuleSet, ScenarioSpec};

/// The environment variable naming the directory with `Instance1.txt` … `Instance24.txt`.
pub const DIR_ENV: &str = "TURNUS_CURTOIS_DIR";

/// The id of the single competence level of an imported instance.
pub const COMPETENCE: &str = "staff";

/// Number of public instances.
pub const INSTANCES: usize = 24;

/// A Curtois instance that cannot be read.
#[derive(Debug, Error)]
pub enum CurtoisError {
    /// The file cannot be read.
    #[error("{}: cannot read: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The IO error.
        source: std::io::Error,
    },
    /// A line is malformed or names something unknown.
    #[error("{name} line {line}: {message}")]
    Line {
        /// Instance name (usually the file name).
        name: String,
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// A required section is absent.
    #[error("{name}: missing {section}")]
    MissingSection {
        /// Instance name.
        name: String,
        /// The section, e.g. `SECTION_HORIZON`.
        section: &'static str,
    },
}

/// The default instance directory: `$TURNUS_CURTOIS_DIR`; else the first
/// `shared/benchmarks/curtois` found in the current directory or one of its ancestors (so
/// `../shared/benchmarks/curtois` from the repository root or any directory inside it); else the
/// one beside the workspace this crate was compiled in.
///
/// The current directory comes first because a build directory shared between clones keeps the
/// compile-time path of whichever clone built it last.
pub fn default_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os(DIR_ENV).filter(|d| !d.is_empty()) {
        return PathBuf::from(dir);
    }
    let rel = Path::new("shared/benchmarks/curtois");
    std::env::current_dir()
        .ok()
        .and_then(|cwd| cwd.ancestors().map(|a| a.join(rel)).find(|d| d.is_dir()))
        .unwrap_or_else(|| {
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../../..")
                .join(rel)
        })
}

/// The path of instance `n` (1 ..= 24) in `dir`.
pub fn instance_path(dir: &Path, n: usize) -> PathBuf {
    dir.join(format!("Instance{n}.txt"))
}

/// Reads and parses an instance file. **This does file IO** (the one place in this crate that
/// does); the instance name in errors is the file name.
pub fn read(path: impl AsRef<Path>) -> Result<ScenarioSpec, CurtoisError> {
    let path = path.as_ref();
    let text = std::fs::read_to_string(path).map_err(|source| CurtoisError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into(),
    );
    parse(&text, &name)
}

const SECTIONS: [&str; 7] = [
    "SECTION_HORIZON",
    "SECTION_SHIFTS",
    "SECTION_STAFF",
    "SECTION_DAYS_OFF",
    "SECTION_SHIFT_ON_REQUESTS",
    "SECTION_SHIFT_OFF_REQUESTS",
    "SECTION_COVER",
];

/// One data line: its 1-based number and its trimmed text.
type Row<'a> = (usize, &'a str);

struct Parser<'a> {
    name: &'a str,
}

impl Parser<'_> {
    fn err(&self, line: usize, message: impl Into<String>) -> CurtoisError {
        CurtoisError::Line {
            name: self.name.to_string(),
            line,
            message: message.into(),
        }
    }

    /// Splits a row into exactly `n` comma-separated, trimmed fields.
    fn fields<'r>(
        &self,
        (line, text): Row<'r>,
        n: usize,
        section: &str,
    ) -> Result<Vec<&'r str>, CurtoisError> {
        let f: Vec<&str> = text.split(',').map(str::trim).collect();
        if f.len() != n {
            return Err(self.err(
                line,
                format!("expected {n} fields in {section}, found {}", f.len()),
            ));
        }
        Ok(f)
    }

    /// A whole number ≥ 0. Parsed as a signed number first: Instance15 writes `-0`.
    fn number(&self, line: usize, what: &str, s: &str) -> Result<u32, CurtoisError> {
        let n = s.parse::<i64>().ok().and_then(|n| u32::try_from(n).ok());
        n.ok_or_else(|| {
            self.err(
                line,
                format!("{what} must be a whole number ≥ 0, found {s:?}"),
            )
        })
    }

    fn id<'s>(&self, line: usize, what: &str, s: &'s str) -> Result<&'s str, CurtoisError> {
        if s.is_empty() {
            Err(self.err(line, format!("{what} is empty")))
        } else {
            Ok(s)
        }
    }

    fn known(
        &self,
        line: usize,
        what: &str,
        ids: &HashMap<String, usize>,
        s: &str,
    ) -> Result<usize, CurtoisError> {
        ids.get(s)
            .copied()
            .ok_or_else(|| self.err(line, format!("unknown {what} {s:?}")))
    }

    fn day(&self, line: usize, s: &str, days: u32) -> Result<u32, CurtoisError> {
        let d = self.number(line, "day", s)?;
        if d >= days {
            return Err(self.err(
                line,
                format!(
                    "day {d} is outside the horizon (days 0..{})",
                    days.saturating_sub(1)
                ),
            ));
        }
        Ok(d)
    }
}

/// Splits the text into sections of data rows (comments and blank lines dropped).
fn sections<'t>(
    p: &Parser<'_>,
    text: &'t str,
) -> Result<HashMap<&'static str, Vec<Row<'t>>>, CurtoisError> {
    let mut out: HashMap<&'static str, Vec<Row<'t>>> = HashMap::new();
    let mut current: Option<&'static str> = None;
    for (i, raw) in text.lines().enumerate() {
        let line = i + 1;
        let t = raw.trim_start_matches('\u{feff}').trim();
        if t.is_empty() {
            current = None;
            continue;
        }
        if t.starts_with('#') {
            continue;
        }
        if t.starts_with("SECTION_") {
            let Some(&s) = SECTIONS.iter().find(|&&s| s == t) else {
                return Err(p.err(line, format!("unknown section {t:?}")));
            };
            if out.contains_key(s) {
                return Err(p.err(line, format!("{s} appears twice")));
            }
            out.insert(s, Vec::new());
            current = Some(s);
            continue;
        }
        match current {
            Some(s) => out.get_mut(s).expect("section opened").push((line, t)),
            None => {
                return Err(p.err(
                    line,
                    format!("data outside any section: {t:?} (a section starts with SECTION_)"),
                ))
            }
        }
    }
    Ok(out)
}

/// Parses one instance text (CRLF or LF) into a scenario. `name` labels errors (the file name)
/// and becomes the scenario name.
pub fn parse(text: &str, name: &str) -> Result<ScenarioSpec, CurtoisError> {
    let p = Parser { name };
    let mut secs = sections(&p, text)?;
    let mut take = |s: &'static str| secs.remove(s).unwrap_or_default();
    let missing = |section| CurtoisError::MissingSection {
        name: name.to_string(),
        section,
    };

    // Horizon.
    let horizon_rows = take("SECTION_HORIZON");
    let days = match horizon_rows.as_slice() {
        [] => return Err(missing("SECTION_HORIZON")),
        [row] => {
            let f = p.fields(*row, 1, "SECTION_HORIZON")?;
            let d = p.number(row.0, "the horizon length", f[0])?;
            if !(1..=3660).contains(&d) {
                return Err(p.err(
                    row.0,
                    format!("the horizon must be 1 to 3660 days (got {d})"),
                ));
            }
            d
        }
        [_, extra, ..] => {
            return Err(p.err(extra.0, "SECTION_HORIZON has more than one line"));
        }
    };

    // Shifts.
    let shift_rows = take("SECTION_SHIFTS");
    if shift_rows.is_empty() {
        return Err(missing("SECTION_SHIFTS"));
    }
    let mut shifts = Vec::new();
    let mut shift_ids: HashMap<String, usize> = HashMap::new();
    let mut forbidden_raw = Vec::new();
    for row in &shift_rows {
        let line = row.0;
        let f = p.fields(*row, 3, "SECTION_SHIFTS")?;
        let id = p.id(line, "shift id", f[0])?;
        let len = p.number(line, "shift length", f[1])?;
        if !(1..=1440).contains(&len) {
            return Err(p.err(
                line,
                format!("shift length must be 1 to 1440 minutes (got {len})"),
            ));
        }
        if shift_ids.insert(id.to_string(), shifts.len()).is_some() {
            return Err(p.err(line, format!("duplicate shift id {id:?}")));
        }
        let end = if len == 1440 {
            TimeOfDay::END_OF_DAY
        } else {
            TimeOfDay::from_minutes(i64::from(len))
        };
        shifts.push(ShiftSpec {
            id: id.to_string(),
            name: None,
            start: TimeOfDay::MIDNIGHT,
            end,
            break_minutes: 0,
            break_paid: false,
            category: ShiftCategory::Day,
        });
        forbidden_raw.push((line, id, f[2]));
    }
    let mut forbidden_successions = Vec::new();
    for (line, from, list) in forbidden_raw {
        for to in list.split('|').map(str::trim).filter(|s| !s.is_empty()) {
            p.known(line, "shift", &shift_ids, to)?;
            let s = Succession {
                from: from.to_string(),
                to: to.to_string(),
            };
            if !forbidden_successions.contains(&s) {
                forbidden_successions.push(s);
            }
        }
    }

    // Staff.
    let staff_rows = take("SECTION_STAFF");
    if staff_rows.is_empty() {
        return Err(missing("SECTION_STAFF"));
    }
    let mut staff = Vec::new();
    let mut staff_ids: HashMap<String, usize> = HashMap::new();
    for row in &staff_rows {
        let line = row.0;
        let f = p.fields(*row, 8, "SECTION_STAFF")?;
        let id = p.id(line, "employee id", f[0])?;
        if staff_ids.insert(id.to_string(), staff.len()).is_some() {
            return Err(p.err(line, format!("duplicate employee id {id:?}")));
        }
        let mut max_shifts = BTreeMap::new();
        for item in f[1].split('|').map(str::trim).filter(|s| !s.is_empty()) {
            let Some((s, n)) = item.split_once('=') else {
                return Err(p.err(line, format!("MaxShifts entry {item:?} is not SHIFT=COUNT")));
            };
            let s = s.trim();
            p.known(line, "shift", &shift_ids, s)?;
            let n = p.number(line, "MaxShifts count", n.trim())?;
            max_shifts.insert(s.to_string(), n);
        }
        let max_total = p.number(line, "MaxTotalMinutes", f[2])?;
        let min_total = p.number(line, "MinTotalMinutes", f[3])?;
        if min_total > max_total {
            return Err(p.err(
                line,
                format!("MinTotalMinutes {min_total} > MaxTotalMinutes {max_total}"),
            ));
        }
        let max_consec = p.number(line, "MaxConsecutiveShifts", f[4])?;
        let min_consec = p.number(line, "MinConsecutiveShifts", f[5])?;
        let min_off = p.number(line, "MinConsecutiveDaysOff", f[6])?;
        let max_weekends = p.number(line, "MaxWeekends", f[7])?;
        if max_consec == 0 {
            return Err(p.err(line, "MaxConsecutiveShifts must be at least 1"));
        }
        if min_consec > max_consec {
            return Err(p.err(
                line,
                format!("MinConsecutiveShifts {min_consec} > MaxConsecutiveShifts {max_consec}"),
            ));
        }
        staff.push(StaffSpec {
            id: id.to_string(),
            name: None,
            kind: StaffKind::Person,
            count: None,
            optional: false,
            competence: COMPETENCE.to_string(),
            qualifications: Vec::new(),
            position: None,
            unavailable: Vec::new(),
            fixed: Vec::new(),
            requests: Vec::new(),
            max_shifts,
            no_nights: false,
            nights_only: false,
            limits: PersonalLimits {
                min_total_minutes: Some(min_total),
                max_total_minutes: Some(max_total),
                max_consecutive_days: Some(max_consec),
                // A minimum of 0 or 1 constrains nothing; the core wants at least 1.
                min_consecutive_days: (min_consec > 1).then_some(min_consec),
                min_consecutive_days_off: (min_off > 1).then_some(min_off),
                max_weekends: Some(max_weekends),
            },
        });
    }

    // Days off.
    for row in take("SECTION_DAYS_OFF") {
        let line = row.0;
        let mut f = row.1.split(',').map(str::trim);
        let id = f.next().unwrap_or_default();
        let who = p.known(line, "employee", &staff_ids, id)?;
        for d in f.filter(|s| !s.is_empty()) {
            let d = p.day(line, d, days)?;
            let sel = DaySelector::Index(d);
            if !staff[who].unavailable.contains(&sel) {
                staff[who].unavailable.push(sel);
            }
        }
    }

    // Requests.
    for (section, kind) in [
        ("SECTION_SHIFT_ON_REQUESTS", RequestKind::On),
        ("SECTION_SHIFT_OFF_REQUESTS", RequestKind::Off),
    ] {
        for row in take(section) {
            let line = row.0;
            let f = p.fields(row, 4, section)?;
            let who = p.known(line, "employee", &staff_ids, f[0])?;
            let d = p.day(line, f[1], days)?;
            p.known(line, "shift", &shift_ids, f[2])?;
            let w = p.number(line, "weight", f[3])?;
            staff[who].requests.push(Request {
                days: vec![DaySelector::Index(d)],
                kind,
                shift: Some(f[2].to_string()),
                weight: f64::from(w),
            });
        }
    }

    // Cover.
    let mut shift_cover = Vec::new();
    for row in take("SECTION_COVER") {
        let line = row.0;
        let f = p.fields(row, 5, "SECTION_COVER")?;
        let d = p.day(line, f[0], days)?;
        p.known(line, "shift", &shift_ids, f[1])?;
        let required = p.number(line, "Requirement", f[2])?;
        let under = p.number(line, "WeightForUnder", f[3])?;
        let over = p.number(line, "WeightForOver", f[4])?;
        shift_cover.push(ShiftCover {
            days: vec![DaySelector::Index(d)],
            shift: f[1].to_string(),
            competence: None,
            required: i64::from(required),
            weight_under: f64::from(under),
            weight_over: f64::from(over),
        });
    }

    let rules = RuleSet {
        forbidden_successions,
        // Nothing depends on it (no positions); any fixed value will do.
        full_time_week: FullTimeWeek::Hours(37.5),
        ..RuleSet::none()
    };
    Ok(ScenarioSpec {
        format_version: FORMAT_VERSION,
        name: name.to_string(),
        description: Some(format!(
            "Curtois & Qu shift scheduling benchmark, {name}: {days} days, {} staff, {} shift types",
            staff.len(),
            shifts.len()
        )),
        horizon: HorizonSpec::Dated {
            start: NaiveDate::from_ymd_opt(2024, 1, 1).expect("a valid date"),
            days,
            norwegian_holidays: false,
            extra_holidays: Vec::new(),
        },
        discussed_on: None,
        competences: vec![CompetenceSpec {
            id: COMPETENCE.to_string(),
            name: Some("Staff (Curtois: one competence)".to_string()),
            weight: 1.0,
        }],
        skilled_from: None,
        qualifications: Vec::new(),
        shifts,
        staff,
        demand: DemandSpec {
            shift_cover,
            ..DemandSpec::default()
        },
        rules,
        weights: ObjectiveWeights::zero(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small instance using every section: two shifts (N forbids D next day), an empty
    /// forbidden list, two employees, days off, on/off requests and cover.
    const SMALL: &str = "# A comment\n\
        SECTION_HORIZON\n\
        # days\n\
        14\n\
        \n\
        SECTION_SHIFTS\n\
        # ShiftID, Length in mins, Shifts which cannot follow this shift | separated\n\
        D,480,\n\
        N,1440,D|N\n\
        \n\
        SECTION_STAFF\n\
        A,D=14|N=3,4320,960,5,2,2,1\n\
        B,D=14|N=0,2400,0,4,1,1,2\n\
        \n\
        SECTION_DAYS_OFF\n\
        A,0,3\n\
        B,13\n\
        \n\
        SECTION_SHIFT_ON_REQUESTS\n\
        A,2,D,2\n\
        \n\
        SECTION_SHIFT_OFF_REQUESTS\n\
        B,5,D,3\n\
        \n\
        SECTION_COVER\n\
        0,D,2,100,1\n\
        1,N,1,50,5\n";

    fn line_error(text: &str) -> (usize, String) {
        match parse(text, "t.txt") {
            Err(CurtoisError::Line { line, message, .. }) => (line, message),
            other => panic!("expected a line error, got {other:?}"),
        }
    }

    #[test]
    fn every_section_is_mapped() {
        let sc = parse(SMALL, "small.txt").unwrap();
        assert_eq!(sc.name, "small.txt");
        match &sc.horizon {
            HorizonSpec::Dated {
                start,
                days,
                norwegian_holidays,
                ..
            } => {
                assert_eq!(*start, NaiveDate::from_ymd_opt(2024, 1, 1).unwrap());
                assert_eq!(*days, 14);
                assert!(!norwegian_holidays);
            }
            h => panic!("{h:?}"),
        }
        assert_eq!(sc.shifts.len(), 2);
        assert_eq!(sc.shifts[0].start, TimeOfDay::MIDNIGHT);
        assert_eq!(sc.shifts[0].end, TimeOfDay::from_hm(8, 0).unwrap());
        assert_eq!(sc.shifts[1].end, TimeOfDay::END_OF_DAY);
        let succ: Vec<(&str, &str)> = sc
            .rules
            .forbidden_successions
            .iter()
            .map(|s| (s.from.as_str(), s.to.as_str()))
            .collect();
        assert_eq!(succ, [("N", "D"), ("N", "N")]);
        assert_eq!(sc.competences.len(), 1);
        let a = &sc.staff[0];
        assert_eq!(a.competence, COMPETENCE);
        assert!(a.position.is_none());
        assert_eq!(a.max_shifts["D"], 14);
        assert_eq!(a.max_shifts["N"], 3);
        assert_eq!(
            a.limits,
            PersonalLimits {
                min_total_minutes: Some(960),
                max_total_minutes: Some(4320),
                max_consecutive_days: Some(5),
                min_consecutive_days: Some(2),
                min_consecutive_days_off: Some(2),
                max_weekends: Some(1),
            }
        );
        assert_eq!(
            a.unavailable,
            [DaySelector::Index(0), DaySelector::Index(3)]
        );
        assert_eq!(a.requests.len(), 1);
        assert_eq!(a.requests[0].kind, RequestKind::On);
        assert_eq!(a.requests[0].shift.as_deref(), Some("D"));
        assert_eq!(a.requests[0].weight, 2.0);
        let b = &sc.staff[1];
        assert_eq!(b.max_shifts["N"], 0);
        assert_eq!(
            b.limits.min_consecutive_days, None,
            "a minimum of 1 is no rule"
        );
        assert_eq!(b.requests[0].kind, RequestKind::Off);
        assert_eq!(b.requests[0].days, [DaySelector::Index(5)]);
        assert_eq!(sc.demand.shift_cover.len(), 2);
        let c = &sc.demand.shift_cover[1];
        assert_eq!(c.days, [DaySelector::Index(1)]);
        assert_eq!(
            (c.shift.as_str(), c.required, c.weight_under, c.weight_over),
            ("N", 1, 50.0, 5.0)
        );
        assert!(sc.demand.curve.is_empty());
        assert_eq!(sc.weights, ObjectiveWeights::zero());
        turnus_core::Scenario::new(sc).unwrap();
    }

    #[test]
    fn crlf_and_lf_give_the_same_scenario() {
        let crlf = SMALL.replace('\n', "\r\n");
        assert_eq!(parse(&crlf, "x").unwrap(), parse(SMALL, "x").unwrap());
    }

    #[test]
    fn empty_optional_sections_are_fine() {
        let text = "SECTION_HORIZON\n7\n\nSECTION_SHIFTS\nD,480,\n\nSECTION_STAFF\n\
                    A,D=7,3000,0,5,1,1,1\n\nSECTION_DAYS_OFF\n\nSECTION_COVER\n";
        let sc = parse(text, "x").unwrap();
        assert!(sc.rules.forbidden_successions.is_empty());
        assert!(sc.demand.shift_cover.is_empty());
        assert!(sc.staff[0].unavailable.is_empty());
    }

    #[test]
    fn wrong_field_count_names_the_line() {
        let bad = SMALL.replace("B,D=14|N=0,2400,0,4,1,1,2", "B,D=14|N=0,2400,0,4,1,1");
        let e = parse(&bad.replace('\n', "\r\n"), "Instance1.txt").unwrap_err();
        assert_eq!(
            e.to_string(),
            "Instance1.txt line 13: expected 8 fields in SECTION_STAFF, found 7"
        );
    }

    #[test]
    fn unknown_shift_in_cover_names_the_line() {
        let (line, msg) = line_error(&SMALL.replace("1,N,1,50,5", "1,E,1,50,5"));
        assert_eq!(line, 27);
        assert_eq!(msg, "unknown shift \"E\"");
    }

    #[test]
    fn non_numbers_name_the_line() {
        let (line, msg) = line_error(&SMALL.replace("0,D,2,100,1", "0,D,two,100,1"));
        assert_eq!(line, 26);
        assert!(
            msg.contains("Requirement") && msg.contains("\"two\""),
            "{msg}"
        );
        let (line, msg) = line_error(&SMALL.replace("D,480,", "D,-480,"));
        assert_eq!(line, 8);
        assert!(msg.contains("shift length"), "{msg}");
        let (line, msg) = line_error(&SMALL.replace("1,N,1,50,5", "1,N,-1,50,5"));
        assert_eq!(line, 27);
        assert!(msg.contains("≥ 0"), "{msg}");
        // Instance15 writes "-0": that is zero.
        let sc = parse(&SMALL.replace("1,N,1,50,5", "1,N,-0,50,5"), "x").unwrap();
        assert_eq!(sc.demand.shift_cover[1].required, 0);
        let (line, msg) = line_error(&SMALL.replace("A,2,D,2", "A,2,D,2.5"));
        assert_eq!(line, 20);
        assert!(msg.contains("weight"), "{msg}");
    }

    #[test]
    fn other_bad_input_is_an_error_not_a_panic() {
        let cases = [
            (
                SMALL.replace("N,1440,D|N", "N,1440,D|X"),
                9,
                "unknown shift \"X\"",
            ),
            (SMALL.replace("A,0,3", "A,0,14"), 16, "outside the horizon"),
            (SMALL.replace("B,13", "Z,13"), 17, "unknown employee \"Z\""),
            (SMALL.replace("D=14|N=3", "D14|N=3"), 12, "SHIFT=COUNT"),
            (
                SMALL.replace("D=14|N=3", "D=14|Q=3"),
                12,
                "unknown shift \"Q\"",
            ),
            (
                SMALL.replace("SECTION_COVER", "SECTION_DEMAND"),
                25,
                "unknown section",
            ),
            (
                SMALL.replace("SECTION_COVER\n", "\n"),
                26,
                "outside any section",
            ),
            (SMALL.replace("N,1440", "D,1440"), 9, "duplicate shift id"),
            (
                SMALL.replace("A,D=14|N=3,4320,960", "A,D=14|N=3,900,960"),
                12,
                "MinTotalMinutes",
            ),
            (SMALL.replace("14\n\n", "0\n\n"), 4, "1 to 3660"),
        ];
        for (text, line, needle) in cases {
            let (l, m) = line_error(&text);
            assert_eq!(l, line, "{m}");
            assert!(m.contains(needle), "{m}");
        }
        for text in ["", "SECTION_HORIZON\n7\n", "\u{0}\u{1}garbage"] {
            assert!(parse(text, "x").is_err());
        }
        let e = parse("SECTION_SHIFTS\nD,480,\n", "x").unwrap_err();
        assert_eq!(e.to_string(), "x: missing SECTION_HORIZON");
    }

    #[test]
    fn read_reports_a_missing_file() {
        let e = read("/nonexistent/Instance99.txt").unwrap_err();
        assert!(e
            .to_string()
            .starts_with("/nonexistent/Instance99.txt: cannot read"));
    }
}
