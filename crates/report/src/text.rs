//! The plain-text report: header, rota grid, KPIs, objective terms and violations.

use turnus_core::{Report, Rota, Scenario};

use crate::figures::{
    competence_rows, horizon, kpi_rows, message, people_rows, result_line, severity, shift_labels,
    staff_count, term_rows, verdict, violation_staff, violations_hard_first, PEOPLE_COLUMNS,
    PEOPLE_NOTES,
};
use crate::grid;
use crate::table::{Align, Table};

/// Options for [`text_with`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TextOptions {
    /// Target line width in columns. The rota grid wraps into blocks of whole weeks to fit it;
    /// a single week wider than this is printed anyway. Default 120.
    pub width: usize,
}

impl Default for TextOptions {
    fn default() -> Self {
        TextOptions { width: 120 }
    }
}

/// The text report of `rota` with its validation `report`, 120 columns wide.
pub fn text(sc: &Scenario, rota: &Rota, report: &Report) -> String {
    text_with(sc, rota, report, &TextOptions::default())
}

/// The text report of `rota` with its validation `report`.
pub fn text_with(sc: &Scenario, rota: &Rota, report: &Report, opts: &TextOptions) -> String {
    let mut out = String::new();
    header(sc, report, &mut out);
    section("ROTA", &mut out);
    grid::render(sc, rota, opts.width, &mut out);
    section("KPIS", &mut out);
    kpis(report, &mut out);
    section("PEOPLE", &mut out);
    people(report, &mut out);
    section(&format!("OBJECTIVE {:.2}", report.objective), &mut out);
    terms(sc, report, &mut out);
    section(
        &format!(
            "VIOLATIONS {} hard, {} soft",
            report.hard_violations, report.soft_violations
        ),
        &mut out,
    );
    violations(report, &mut out);
    out
}

/// A short summary: the verdict, violation counts, objective and one line per violation, hard
/// ones first.
pub fn summary(report: &Report) -> String {
    let mut out = String::new();
    out.push_str(&format!("{}\n", report.scenario));
    out.push_str(&format!(
        "{}: {} hard, {} soft violations, objective {:.2}\n",
        verdict(report),
        report.hard_violations,
        report.soft_violations,
        report.objective
    ));
    violations(report, &mut out);
    out
}

fn section(title: &str, out: &mut String) {
    out.push('\n');
    out.push_str(title);
    out.push('\n');
}

fn header(sc: &Scenario, report: &Report, out: &mut String) {
    out.push_str(&format!("{}\n", sc.spec().name));
    out.push_str(&format!("{}, {}\n", horizon(sc), staff_count(sc)));
    out.push_str(&format!("shifts: {}\n", shift_labels(sc).join(", ")));
    out.push_str(&format!("result: {}\n", result_line(report)));
}

fn kpis(report: &Report, out: &mut String) {
    let mut t = Table::new(2, &[Align::Left, Align::Left]);
    for row in kpi_rows(report) {
        t.row(row);
    }
    t.render(out);
    if !report.kpis.hours_by_competence.is_empty() {
        out.push_str("  hours by competence\n");
        let mut t = Table::new(4, &[Align::Left, Align::Right, Align::Right, Align::Right]);
        for row in competence_rows(report) {
            t.row(row);
        }
        t.render(out);
    }
}

fn people(report: &Report, out: &mut String) {
    let rows = people_rows(report);
    if rows.is_empty() {
        out.push_str("  (no per-person figures)\n");
        return;
    }
    let mut align = [Align::Right; PEOPLE_COLUMNS];
    align[0] = Align::Left;
    align[1] = Align::Left;
    align[PEOPLE_COLUMNS - 1] = Align::Left;
    let mut t = Table::new(2, &align);
    for row in rows {
        t.row(row);
    }
    t.render(out);
    for note in PEOPLE_NOTES {
        out.push_str(&format!("  {note}\n"));
    }
}

fn terms(sc: &Scenario, report: &Report, out: &mut String) {
    let mut t = Table::new(2, &[Align::Left, Align::Right, Align::Right, Align::Left]);
    for row in term_rows(sc, report) {
        t.row(row);
    }
    t.render(out);
}

fn violations(report: &Report, out: &mut String) {
    if report.violations.is_empty() {
        out.push_str("  none\n");
        return;
    }
    let mut t = Table::new(2, &[Align::Left, Align::Left, Align::Left, Align::Left]);
    for v in violations_hard_first(report) {
        t.row([severity(v), v.rule.name(), violation_staff(v), message(v)]);
    }
    t.render(out);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testdata::{case, DOC};

    #[test]
    fn text_report_of_the_doc_example() {
        let (sc, rota, report) = case();
        insta::assert_snapshot!(text(&sc, &rota, &report));
    }

    #[test]
    fn summary_lists_hard_violations_first() {
        let (_, _, report) = case();
        let s = summary(&report);
        let hard = s.find("HARD").unwrap();
        let soft = s.find("soft 2.50").unwrap();
        assert!(hard < soft, "{s}");
        assert!(s.contains("NOT feasible: 1 hard, 1 soft violations, objective 1302.50"));
    }

    #[test]
    fn report_of_a_real_validation_renders() {
        // Whatever the validator finds, every section is there.
        let sc = Scenario::from_json(DOC).unwrap();
        let rota = Rota::empty(&sc);
        let report = turnus_core::validate(&sc, &rota);
        let t = text(&sc, &rota, &report);
        for s in ["ROTA", "KPIS", "PEOPLE", "OBJECTIVE", "VIOLATIONS"] {
            assert!(t.lines().any(|l| l.starts_with(s)), "no {s} section:\n{t}");
        }
    }
}
