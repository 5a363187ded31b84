//! The Curtois & Qu instances through the real solver and validator: one [`BenchRow`] per
//! instance, as `turnus bench curtois` prints it.
//!
//! - [`parse_best_known`] reads the best-known objective values from the table in the instance
//!   directory's `README.md` (never hard-coded here, so a corrected table is picked up);
//! - [`parse_instances`] reads an instance list such as `1-12` or `1,3,5-7`;
//! - [`run`] solves one imported instance with [`turnus_solve::solve`], checks the rota with
//!   [`turnus_core::validate()`] and measures it against the best-known value;
//! - [`table_header`], [`BenchRow::table_line`], [`CSV_HEADER`], [`BenchRow::csv_line`] and
//!   [`summary`] render the rows (the same columns in the table and the CSV).
//!
//! This module does no IO: the caller reads the files and prints.

use std::collections::BTreeMap;
use std::time::Instant;

use thiserror::Error;
use turnus_core::{validate, InputError, Scenario, ScenarioSpec};
use turnus_solve::{solve, SolveError, SolveOptions, Status};

use crate::curtois::INSTANCES;

/// Relative tolerance within which the validator's objective must equal the solver's.
pub const AGREEMENT_TOLERANCE: f64 = 1e-6;

/// What can go wrong before or while benchmarking.
#[derive(Debug, Error)]
pub enum BenchError {
    /// The instance list (`--instances`) is malformed.
    #[error("instance list {list:?}: {message}")]
    InstanceList {
        /// The list as given.
        list: String,
        /// What is wrong.
        message: String,
    },
    /// The best-known table cannot be read.
    #[error("{name}{}: {message}", line.map_or(String::new(), |l| format!(" line {l}")))]
    BestKnown {
        /// The file (usually `README.md`).
        name: String,
        /// 1-based line number, when the problem is on one line.
        line: Option<usize>,
        /// What is wrong.
        message: String,
    },
    /// The imported scenario does not load.
    #[error("Instance{instance}: {source}")]
    Scenario {
        /// Instance number.
        instance: usize,
        /// Why it does not load.
        source: InputError,
    },
    /// The solver could not run.
    #[error("Instance{instance}: {source}")]
    Solve {
        /// Instance number.
        instance: usize,
        /// Why.
        source: SolveError,
    },
}

/// Parses an instance list: comma-separated numbers and ranges `a-b` (inclusive), such as `1-12`
/// or `1,3,5-7`. Every number must be a public instance (1 ..= 24), listed once. The order is
/// kept.
pub fn parse_instances(list: &str) -> Result<Vec<usize>, BenchError> {
    let err = |message: String| BenchError::InstanceList {
        list: list.to_string(),
        message,
    };
    let number = |s: &str| -> Result<usize, BenchError> {
        let n: usize = s.trim().parse().map_err(|_| {
            err(format!(
                "{:?} is not an instance number (use e.g. 1-12 or 1,3,5-7)",
                s.trim()
            ))
        })?;
        if !(1..=INSTANCES).contains(&n) {
            return Err(err(format!(
                "instance {n} does not exist (the instances are 1 to {INSTANCES})"
            )));
        }
        Ok(n)
    };
    if list.trim().is_empty() {
        return Err(err("empty (use e.g. 1-12 or 1,3,5-7)".into()));
    }
    let mut out: Vec<usize> = Vec::new();
    for item in list.split(',') {
        let range = match item.split_once('-') {
            Some((a, b)) => {
                let (a, b) = (number(a)?, number(b)?);
                if a > b {
                    return Err(err(format!("range {a}-{b} runs backwards")));
                }
                a..=b
            }
            None => {
                let n = number(item)?;
                n..=n
            }
        };
        for n in range {
            if out.contains(&n) {
                return Err(err(format!("instance {n} is listed twice")));
            }
            out.push(n);
        }
    }
    Ok(out)
}

/// Reads the best-known objective values from the Markdown table of the instance directory's
/// `README.md`: the first table whose header has an `instance` column and a `best known` column
/// (case-insensitive). Each row gives an instance number and a value; `name` labels errors.
pub fn parse_best_known(text: &str, name: &str) -> Result<BTreeMap<usize, f64>, BenchError> {
    let err = |line: Option<usize>, message: String| BenchError::BestKnown {
        name: name.to_string(),
        line,
        message,
    };
    let cells = |line: &str| -> Vec<String> {
        let inner = line.trim().trim_start_matches('|').trim_end_matches('|');
        inner.split('|').map(|c| c.trim().to_lowercase()).collect()
    };
    let mut lines = text.lines().enumerate().map(|(i, l)| (i + 1, l));
    // The header row and the columns we need.
    let (instance_col, value_col) = loop {
        let Some((_, line)) = lines.next() else {
            return Err(err(
                None,
                "no best-known table (a Markdown table with the columns `instance` and \
                 `best known`)"
                    .into(),
            ));
        };
        if !line.trim_start().starts_with('|') {
            continue;
        }
        let head = cells(line);
        let col = |want: &str| head.iter().position(|c| c == want);
        if let (Some(i), Some(v)) = (col("instance"), col("best known")) {
            break (i, v);
        }
    };
    let mut values = BTreeMap::new();
    let mut seen_separator = false;
    for (no, line) in lines {
        if !line.trim_start().starts_with('|') {
            break; // the table ends at the first line that is not a row
        }
        let row = cells(line);
        if !seen_separator
            && row
                .iter()
                .all(|c| !c.is_empty() && c.trim_matches([':', '-']).is_empty())
        {
            seen_separator = true;
            continue;
        }
        let cell = |i: usize, what: &str| {
            row.get(i)
                .filter(|c| !c.is_empty())
                .ok_or_else(|| err(Some(no), format!("the row has no {what}")))
        };
        let inst = cell(instance_col, "instance number")?;
        let inst: usize = inst
            .trim_start_matches("instance")
            .trim()
            .parse()
            .map_err(|_| err(Some(no), format!("{inst:?} is not an instance number")))?;
        let value = cell(value_col, "best-known value")?;
        let value: f64 = value
            .parse()
            .ok()
            .filter(|v: &f64| v.is_finite() && *v >= 0.0)
            .ok_or_else(|| {
                err(
                    Some(no),
                    format!("best known {value:?} is not a number ≥ 0"),
                )
            })?;
        if values.insert(inst, value).is_some() {
            return Err(err(Some(no), format!("instance {inst} appears twice")));
        }
    }
    if values.is_empty() {
        return Err(err(None, "the best-known table has no rows".into()));
    }
    Ok(values)
}

/// One benchmarked instance.
#[derive(Clone, Debug, PartialEq)]
pub struct BenchRow {
    /// Instance number (1 ..= 24).
    pub instance: usize,
    /// Days in the horizon.
    pub days: usize,
    /// Staff count.
    pub staff: usize,
    /// How the solve ended; `None` when the solver returned an error (see `error`).
    pub status: Option<Status>,
    /// The solver's error, when it returned one instead of an outcome.
    pub error: Option<String>,
    /// The solver's objective, when it found a rota meeting every hard rule.
    pub objective: Option<f64>,
    /// The proven lower bound, when there is one.
    pub bound: Option<f64>,
    /// Relative gap `(objective − bound) / objective`.
    pub gap: Option<f64>,
    /// Seconds to the first rota meeting every hard rule.
    pub first_solution_seconds: Option<f64>,
    /// Seconds for the whole solve (wall clock around [`solve`], model build included).
    pub total_seconds: f64,
    /// The best-known objective from the instance directory's README.
    pub best_known: f64,
    /// `objective / best_known`.
    pub ratio: Option<f64>,
    /// The validator's objective of the returned rota.
    pub validator_objective: Option<f64>,
    /// The validator's count of hard violations in the returned rota.
    pub hard_violations: Option<usize>,
    /// The validator agrees: a rota with 0 hard violations whose validator objective equals the
    /// solver's within [`AGREEMENT_TOLERANCE`] (relative).
    pub validator_agrees: bool,
}

/// Loads instance `instance` (imported as `spec`) as a scenario and checks that the solver can
/// model its rules. A bench loads every instance first, so that an instance that does not load,
/// or has a rule the solver refuses, stops it before anything is solved.
pub fn load(instance: usize, spec: ScenarioSpec) -> Result<Scenario, BenchError> {
    let sc = Scenario::new(spec).map_err(|source| BenchError::Scenario { instance, source })?;
    turnus_solve::check_supported(&sc).map_err(|source| BenchError::Solve { instance, source })?;
    Ok(sc)
}

/// Solves instance `instance` (loaded as `sc`) with `opts`, checks the rota with the validator
/// and compares it with `best_known`. When the solver returns an error, the row says so
/// ([`BenchRow::failed`]) and the bench goes on with the next instance.
pub fn run(instance: usize, sc: &Scenario, best_known: f64, opts: &SolveOptions) -> BenchRow {
    let start = Instant::now();
    let solved = solve(sc, opts);
    let total_seconds = start.elapsed().as_secs_f64();
    // A bound thread the solve left to finish on its own (HiGHS in a phase without interrupt
    // checks) would slow the next instance: wait for it here, outside the measured time.
    turnus_solve::wait_for_bound_threads(std::time::Duration::from_secs(900));
    let out = match solved {
        Ok(out) => out,
        Err(source) => {
            let error = BenchError::Solve { instance, source };
            return BenchRow::failed(instance, sc, best_known, total_seconds, &error);
        }
    };
    let found = matches!(out.status, Status::Optimal | Status::Feasible);
    let objective = out.objective.filter(|_| found);
    let report = out.rota.as_ref().map(|r| validate(sc, r));
    let validator_objective = report.as_ref().map(|r| r.objective);
    let hard_violations = report.as_ref().map(|r| r.hard_violations);
    let validator_agrees = match (objective, &report) {
        (Some(o), Some(r)) => {
            r.hard_violations == 0
                && (r.objective - o).abs() <= AGREEMENT_TOLERANCE * o.abs().max(1.0)
        }
        _ => false,
    };
    BenchRow {
        instance,
        days: sc.days(),
        staff: sc.staff.len(),
        status: Some(out.status),
        error: None,
        objective,
        bound: Some(out.bound).filter(|b| b.is_finite()),
        gap: out.gap.filter(|g| g.is_finite()),
        first_solution_seconds: out.first_solution_seconds,
        total_seconds,
        best_known,
        ratio: objective.map(|o| o / best_known),
        validator_objective,
        hard_violations,
        validator_agrees,
    }
}

/// The column names, in table and CSV order.
const COLUMNS: [&str; 12] = [
    "instance",
    "days",
    "staff",
    "status",
    "objective",
    "bound",
    "gap",
    "first_s",
    "total_s",
    "best_known",
    "ratio",
    "validator",
];

/// Widths of the table columns (right-aligned, except the status and the validator).
const WIDTHS: [usize; 12] = [8, 4, 5, 11, 10, 10, 8, 7, 7, 10, 7, 9];

/// The CSV header line (no newline).
pub const CSV_HEADER: &str =
    "instance,days,staff,status,objective,bound,gap,first_s,total_s,best_known,ratio,validator";

/// The table header line (no newline), aligned with [`BenchRow::table_line`].
pub fn table_header() -> String {
    aligned(&COLUMNS.map(String::from))
}

/// Cells padded to [`WIDTHS`]: text columns left-aligned, numbers right-aligned.
fn aligned(cells: &[String; 12]) -> String {
    let mut line = String::new();
    for (i, (cell, width)) in cells.iter().zip(WIDTHS).enumerate() {
        if i > 0 {
            line.push(' ');
        }
        if matches!(COLUMNS[i], "status" | "validator") {
            line.push_str(&format!("{cell:<width$}"));
        } else {
            line.push_str(&format!("{cell:>width$}"));
        }
    }
    line.trim_end().to_string()
}

fn status_label(s: Option<Status>) -> &'static str {
    match s {
        Some(Status::Optimal) => "optimal",
        Some(Status::Feasible) => "feasible",
        Some(Status::Infeasible) => "infeasible",
        Some(Status::NoSolution) => "no_rota",
        None => "error",
    }
}

impl BenchRow {
    /// The row of an instance whose solve returned `error` after `total_seconds`: status
    /// `error`, no rota, nothing validated.
    pub fn failed(
        instance: usize,
        sc: &Scenario,
        best_known: f64,
        total_seconds: f64,
        error: &BenchError,
    ) -> BenchRow {
        BenchRow {
            instance,
            days: sc.days(),
            staff: sc.staff.len(),
            status: None,
            error: Some(error.to_string()),
            objective: None,
            bound: None,
            gap: None,
            first_solution_seconds: None,
            total_seconds,
            best_known,
            ratio: None,
            validator_objective: None,
            hard_violations: None,
            validator_agrees: false,
        }
    }

    /// The cells in column order: numbers without units, `missing` when absent.
    fn cells(&self, missing: &str) -> [String; 12] {
        let num =
            |x: Option<f64>, digits: usize| x.map_or(missing.into(), |v| format!("{v:.digits$}"));
        [
            self.instance.to_string(),
            self.days.to_string(),
            self.staff.to_string(),
            status_label(self.status).into(),
            num(self.objective, 1),
            num(self.bound, 1),
            self.gap
                .map_or(missing.into(), |g| format!("{:.2}%", 100.0 * g)),
            num(self.first_solution_seconds, 2),
            num(Some(self.total_seconds), 2),
            num(Some(self.best_known), 0),
            num(self.ratio, 4),
            if self.objective.is_none() {
                "-" // no rota meeting the hard rules: nothing to compare
            } else if self.validator_agrees {
                "agrees"
            } else {
                "disagrees"
            }
            .into(),
        ]
    }

    /// The row for the aligned table (no newline).
    pub fn table_line(&self) -> String {
        aligned(&self.cells("-"))
    }

    /// The row as CSV (no newline): the table's columns, the gap as a fraction, an empty cell
    /// where the table shows `-`.
    pub fn csv_line(&self) -> String {
        let mut cells = self.cells("");
        cells[6] = self.gap.map_or(String::new(), |g| format!("{g:.6}"));
        cells.join(",")
    }
}

/// The closing summary line: instances run, how many got a validated rota, how many were proven
/// optimal and how many reached the best-known value, and the mean ratio to the best known.
pub fn summary(rows: &[BenchRow]) -> String {
    let validated = rows.iter().filter(|r| r.validator_agrees).count();
    let optimal = rows
        .iter()
        .filter(|r| r.status == Some(Status::Optimal))
        .count();
    let failed = rows.iter().filter(|r| r.error.is_some()).count();
    let at_best = rows
        .iter()
        .filter(|r| r.objective.is_some_and(|o| o <= r.best_known + 1e-6))
        .count();
    let ratios: Vec<f64> = rows.iter().filter_map(|r| r.ratio).collect();
    let mean = if ratios.is_empty() {
        "- (no rota)".to_string()
    } else {
        format!(
            "{:.4} over {} instance(s)",
            ratios.iter().sum::<f64>() / ratios.len() as f64,
            ratios.len()
        )
    };
    let errors = if failed > 0 {
        format!(", {failed} ended with a solver error")
    } else {
        String::new()
    };
    format!(
        "{} instance(s): {validated} with a validated rota, {optimal} proven optimal, {at_best} at \
         or below the best known{errors}; mean objective / best known {mean}",
        rows.len()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instance_lists() {
        assert_eq!(
            parse_instances("1-12").unwrap(),
            (1..=12).collect::<Vec<_>>()
        );
        assert_eq!(parse_instances("1,3,5-7").unwrap(), vec![1, 3, 5, 6, 7]);
        assert_eq!(parse_instances(" 4 , 2 ").unwrap(), vec![4, 2]);
        assert_eq!(parse_instances("24").unwrap(), vec![24]);
        assert_eq!(parse_instances("3-3").unwrap(), vec![3]);
    }

    #[test]
    fn bad_instance_lists_say_what_is_wrong() {
        let msg = |list: &str| parse_instances(list).unwrap_err().to_string();
        assert_eq!(
            msg(""),
            r#"instance list "": empty (use e.g. 1-12 or 1,3,5-7)"#
        );
        assert_eq!(
            msg("1,,3"),
            r#"instance list "1,,3": "" is not an instance number (use e.g. 1-12 or 1,3,5-7)"#
        );
        assert_eq!(
            msg("x"),
            r#"instance list "x": "x" is not an instance number (use e.g. 1-12 or 1,3,5-7)"#
        );
        assert_eq!(
            msg("0"),
            r#"instance list "0": instance 0 does not exist (the instances are 1 to 24)"#
        );
        assert_eq!(
            msg("20-25"),
            r#"instance list "20-25": instance 25 does not exist (the instances are 1 to 24)"#
        );
        assert_eq!(
            msg("7-5"),
            r#"instance list "7-5": range 7-5 runs backwards"#
        );
        assert_eq!(
            msg("1-3,2"),
            r#"instance list "1-3,2": instance 2 is listed twice"#
        );
        assert!(msg("1-2-3").contains(r#""2-3" is not an instance number"#));
        assert!(msg("-3").contains(r#""" is not an instance number"#));
    }

    const README: &str = "# Some benchmark\n\
        \n\
        Text | with a bar that is not a table.\n\
        \n\
        | other | table |\n\
        |---|---|\n\
        | 1 | 2 |\n\
        \n\
        ## Best known\n\
        | Instance | days | Best Known |\n\
        |:---|---:|---:|\n\
        | 1 | 14 | 607 |\n\
        | Instance2 | 14 | 828.5 |\n\
        | 10 | 28 | 4631 |\n\
        \n\
        | 11 | 0 | 1 |\n";

    #[test]
    fn best_known_from_a_readme_table() {
        let v = parse_best_known(README, "README.md").unwrap();
        assert_eq!(
            v.into_iter().collect::<Vec<_>>(),
            vec![(1, 607.0), (2, 828.5), (10, 4631.0)]
        );
    }

    #[test]
    fn bad_best_known_tables_say_where() {
        let msg = |text: &str| parse_best_known(text, "README.md").unwrap_err().to_string();
        assert_eq!(
            msg("# nothing here\n| a | b |\n"),
            "README.md: no best-known table (a Markdown table with the columns `instance` and \
             `best known`)"
        );
        assert_eq!(
            msg("| instance | best known |\n|---|---|\n"),
            "README.md: the best-known table has no rows"
        );
        assert_eq!(
            msg("| instance | best known |\n|---|---|\n| 1 | many |\n"),
            r#"README.md line 3: best known "many" is not a number ≥ 0"#
        );
        assert_eq!(
            msg("| instance | best known |\n|---|---|\n| one | 5 |\n"),
            r#"README.md line 3: "one" is not an instance number"#
        );
        assert_eq!(
            msg("| instance | best known |\n|---|---|\n| 1 |\n"),
            "README.md line 3: the row has no best-known value"
        );
        assert_eq!(
            msg("| instance | best known |\n|---|---|\n| 1 | 5 |\n| 1 | 6 |\n"),
            "README.md line 4: instance 1 appears twice"
        );
        assert_eq!(
            msg("| instance | best known |\n|---|---|\n| 1 | -5 |\n"),
            r#"README.md line 3: best known "-5" is not a number ≥ 0"#
        );
    }

    fn row() -> BenchRow {
        BenchRow {
            instance: 4,
            days: 28,
            staff: 10,
            status: Some(Status::Feasible),
            error: None,
            objective: Some(1720.0),
            bound: Some(1700.25),
            gap: Some(0.011482558),
            first_solution_seconds: Some(1.5),
            total_seconds: 20.013,
            best_known: 1716.0,
            ratio: Some(1720.0 / 1716.0),
            validator_objective: Some(1720.0),
            hard_violations: Some(0),
            validator_agrees: true,
        }
    }

    #[test]
    fn table_and_csv_share_the_columns() {
        assert_eq!(CSV_HEADER, COLUMNS.join(","));
        let header = table_header();
        assert_eq!(
            header.split_whitespace().collect::<Vec<_>>(),
            COLUMNS.to_vec()
        );
        let r = row();
        assert_eq!(
            r.csv_line(),
            "4,28,10,feasible,1720.0,1700.2,0.011483,1.50,20.01,1716,1.0023,agrees"
        );
        assert_eq!(
            format!("{header}\n{}", r.table_line()),
            "instance days staff status       objective      bound      gap first_s total_s \
             best_known   ratio validator\n       \
             4   28    10 feasible        1720.0     1700.2    1.15%    1.50   20.01       \
             1716  1.0023 agrees"
        );
        let none = BenchRow {
            status: Some(Status::NoSolution),
            objective: None,
            bound: None,
            gap: None,
            first_solution_seconds: None,
            ratio: None,
            hard_violations: Some(3),
            validator_agrees: false,
            ..row()
        };
        assert_eq!(none.csv_line(), "4,28,10,no_rota,,,,,20.01,1716,,-");
    }

    /// An instance with a rule the solver cannot model stops the bench when it is loaded,
    /// before anything is solved, with the rule's name.
    #[test]
    fn a_rule_the_solver_cannot_model_is_refused_at_load() {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../fixtures/small_unit/scenario.json"
        ))
        .unwrap();
        let mut spec = Scenario::from_json(&text).unwrap().spec().clone();
        assert!(load(3, spec.clone()).is_ok());
        spec.rules.min_consecutive_days = Some(turnus_core::rules::Limit {
            value: 2,
            weight: Some(1.0),
        });
        let err = load(3, spec).unwrap_err().to_string();
        assert!(
            err.starts_with("Instance3: rules.min_consecutive_days"),
            "{err}"
        );
    }

    /// A solver error is a row of its own (status `error`, nothing else but the instance, its
    /// size, the seconds and the best known), counted in the summary; the bench goes on.
    #[test]
    fn a_solver_error_is_a_row() {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../fixtures/small_unit/scenario.json"
        ))
        .unwrap();
        let sc = Scenario::from_json(&text).unwrap();
        let opts = SolveOptions {
            gap: -1.0,
            ..SolveOptions::default()
        };
        let r = run(7, &sc, 1056.0, &opts);
        assert_eq!(r.status, None);
        let error = r.error.clone().expect("the solver refuses a negative gap");
        assert!(
            error.starts_with("Instance7: ") && error.contains("gap"),
            "{error}"
        );
        assert_eq!(
            r.csv_line(),
            format!(
                "7,42,{},error,,,,,{:.2},1056,,-",
                sc.staff.len(),
                r.total_seconds
            )
        );
        assert!(summary(&[row(), r]).contains(", 1 ended with a solver error;"));
    }

    #[test]
    fn the_summary_counts_and_averages() {
        let optimal = BenchRow {
            instance: 1,
            status: Some(Status::Optimal),
            objective: Some(607.0),
            best_known: 607.0,
            ratio: Some(1.0),
            ..row()
        };
        let failed = BenchRow {
            instance: 5,
            status: Some(Status::NoSolution),
            objective: None,
            ratio: None,
            validator_agrees: false,
            ..row()
        };
        assert_eq!(
            summary(&[optimal, row(), failed]),
            "3 instance(s): 2 with a validated rota, 1 proven optimal, 1 at or below the best \
             known; mean objective / best known 1.0012 over 2 instance(s)"
        );
        assert_eq!(
            summary(&[]),
            "0 instance(s): 0 with a validated rota, 0 proven optimal, 0 at or below the best \
             known; mean objective / best known - (no rota)"
        );
    }
}
