//! The plain-text report: header, rota grid, KPIs, objective terms and violations.

use turnus_core::calendar::HorizonSpec;
use turnus_core::{Report, Rota, Scenario, Violation};

use crate::grid::{self, pct};
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

/// "feasible" or "NOT feasible" (hard violations).
fn verdict(report: &Report) -> &'static str {
    if report.is_feasible() {
        "feasible"
    } else {
        "NOT feasible"
    }
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
    let spec = sc.spec();
    out.push_str(&format!("{}\n", spec.name));
    let horizon = match &spec.horizon {
        HorizonSpec::Cyclic { weeks } => format!("{weeks}-week cyclic base rota (grunnturnus)"),
        HorizonSpec::Dated { .. } => format!(
            "dated rota {} – {} ({} days)",
            sc.calendar.label(0),
            sc.calendar.label(sc.days() - 1),
            sc.days()
        ),
    };
    let lines = sc
        .staff
        .iter()
        .filter(|s| s.spec.kind == turnus_core::staff::StaffKind::Line)
        .count();
    let staff = if lines > 0 {
        let s = if lines == 1 { "" } else { "s" };
        format!("{} staff ({lines} unnamed rota line{s})", sc.staff.len())
    } else {
        format!("{} staff", sc.staff.len())
    };
    out.push_str(&format!("{horizon}, {staff}\n"));
    let shifts: Vec<String> = sc
        .shifts
        .iter()
        .map(|s| {
            format!(
                "{} {}–{} ({} h)",
                s.id(),
                s.spec.start,
                s.spec.end,
                hours(s.paid as f64 / 60.0)
            )
        })
        .collect();
    out.push_str(&format!("shifts: {}\n", shifts.join(", ")));
    out.push_str(&format!(
        "result: {}, {} hard and {} soft violations, objective {:.2}\n",
        verdict(report),
        report.hard_violations,
        report.soft_violations,
        report.objective
    ));
}

/// A number with one decimal, without a trailing `.0` (hours, percentage points, counts).
fn hours(h: f64) -> String {
    let s = format!("{h:.1}");
    s.strip_suffix(".0").map_or(s.clone(), str::to_string)
}

/// A table cell: one decimal always, so columns line up.
fn h1(x: f64) -> String {
    format!("{x:.1}")
}

/// A share (0–1) as a percentage with one decimal.
fn share(x: f64) -> String {
    format!("{:.1} %", 100.0 * x)
}

fn kpis(report: &Report, out: &mut String) {
    let k = &report.kpis;
    let pp = &k.position_profile;
    let mut t = Table::new(2, &[Align::Left, Align::Left]);
    let full = pp.full_time;
    t.row([
        "full-time share (heltidsandel)".to_string(),
        format!(
            "{} ({full} of {} positions at 100 %)",
            share(k.full_time_share),
            k.positions
        ),
    ]);
    t.row([
        "mean position size (stillingsstørrelse)".to_string(),
        format!("{} %", hours(k.mean_position_pct)),
    ]);
    t.row([
        "position profile".to_string(),
        format!(
            "≥100 %: {}   80–99.9 %: {}   50–79.9 %: {}   30–49.9 %: {}   <30 %: {}",
            pp.full_time, pp.from_80, pp.from_50, pp.from_30, pp.below_30
        ),
    ]);
    t.row([
        "skilled cover (fagdekning)".to_string(),
        format!(
            "weekday {}   weekend {}",
            share(k.skilled_cover_weekday),
            share(k.skilled_cover_weekend)
        ),
    ]);
    t.row([
        "nurse every hour (24/7)".to_string(),
        if k.nurse_every_hour {
            "yes".to_string()
        } else {
            format!("no, {} clock hours without", k.hours_without_nurse)
        },
    ]);
    t.row([
        "under-staffing".to_string(),
        format!(
            "{} person-hours below the minimum",
            hours(k.under_staffing_hours)
        ),
    ]);
    t.row([
        "over-staffing (effektivitetstap)".to_string(),
        format!(
            "{} person-hours above the target",
            hours(k.over_staffing_hours)
        ),
    ]);
    t.row([
        "paid hours".to_string(),
        format!("{} in all", hours(k.total_paid_hours)),
    ]);
    t.render(out);
    if !k.hours_by_competence.is_empty() {
        out.push_str("  hours by competence\n");
        let mut t = Table::new(4, &[Align::Left, Align::Right, Align::Right, Align::Right]);
        t.row(["competence", "weekday h", "weekend h", "total h"]);
        for c in &k.hours_by_competence {
            t.row([
                c.competence.clone(),
                h1(c.weekday_hours),
                h1(c.weekend_hours),
                h1(c.weekday_hours + c.weekend_hours),
            ]);
        }
        t.render(out);
    }
}

fn people(report: &Report, out: &mut String) {
    let people = &report.kpis.people;
    if people.is_empty() {
        out.push_str("  (no per-person figures)\n");
        return;
    }
    let mut t = Table::new(
        2,
        &[
            Align::Left,
            Align::Left,
            Align::Right,
            Align::Right,
            Align::Right,
            Align::Right,
            Align::Right,
            Align::Right,
            Align::Right,
            Align::Right,
            Align::Left,
        ],
    );
    t.row([
        "id",
        "competence",
        "pos%",
        "shifts",
        "paid h",
        "weekend h",
        "weekends",
        "night h",
        "Sunday h",
        "KS week h",
        "",
    ]);
    for p in people {
        t.row([
            p.staff.clone(),
            p.competence.clone(),
            p.position_pct.map_or("-".into(), pct),
            p.shifts.to_string(),
            h1(p.paid_hours),
            h1(p.weekend_hours),
            p.weekends_worked.to_string(),
            h1(p.night_hours),
            h1(p.sunday_hours),
            format!("{:.2}", p.full_time_week_hours),
            if p.comparable_to_continuous {
                "continuous-comparable".into()
            } else {
                String::new()
            },
        ]);
    }
    t.render(out);
    out.push_str(
        "  KS week h: the full-time week that applies to the person (KS HTA ch. 1 §4)\n  \
         continuous-comparable: ≥ 539 night and 231 Sunday hours a year, pro rata (AML §10-4(5))\n",
    );
}

fn terms(sc: &Scenario, report: &Report, out: &mut String) {
    let t = &report.terms;
    let by_level = |v: &[f64]| -> String {
        let parts: Vec<String> = v
            .iter()
            .enumerate()
            .filter(|(_, h)| **h > 0.0)
            .map(|(l, h)| {
                let id = if l < sc.levels() { sc.level_id(l) } else { "?" };
                format!("{id} {} h", hours(*h))
            })
            .collect();
        parts.join(", ")
    };
    let sum = |v: &[f64]| v.iter().sum::<f64>();
    let mut tab = Table::new(2, &[Align::Left, Align::Right, Align::Right, Align::Left]);
    tab.row(["term", "amount", "cost", ""]);
    let mut row = |name: &str, amount: String, cost: f64, detail: String| {
        tab.row([name.to_string(), amount, format!("{cost:.2}"), detail]);
    };
    let mut under_min_detail = by_level(&t.under_min_hours);
    if t.under_min_qualification_hours > 0.0 {
        if !under_min_detail.is_empty() {
            under_min_detail.push_str(", ");
        }
        under_min_detail.push_str(&format!(
            "qualifications {} h",
            hours(t.under_min_qualification_hours)
        ));
    }
    row(
        "under the minimum",
        format!(
            "{} h",
            hours(sum(&t.under_min_hours) + t.under_min_qualification_hours)
        ),
        t.under_min,
        under_min_detail,
    );
    row(
        "under the target",
        format!("{} h", hours(sum(&t.under_target_hours))),
        t.under_target,
        by_level(&t.under_target_hours),
    );
    row(
        "over the target",
        format!("{} h", hours(t.over_hours)),
        t.over,
        "efficiency loss".into(),
    );
    row(
        "shift cover short",
        hours(t.cover_under_count),
        t.cover_under,
        "people".into(),
    );
    row(
        "shift cover over",
        hours(t.cover_over_count),
        t.cover_over,
        "people".into(),
    );
    row("competence shares", String::new(), t.share, String::new());
    row("presence", String::new(), t.presence, String::new());
    row(
        "position shortfall",
        format!("{} pp", hours(t.position_shortfall_pct)),
        t.position_shortfall,
        "below the wanted size".into(),
    );
    row(
        "part-time positions",
        t.part_time_count.to_string(),
        t.part_time,
        "below 100 %".into(),
    );
    row(
        "requests denied",
        t.requests_denied.to_string(),
        t.requests,
        String::new(),
    );
    row(
        "fairness spread",
        hours(t.fairness_spread),
        t.fairness,
        "weekends, nights, evenings".into(),
    );
    row("soft rules", String::new(), t.soft_rules, String::new());
    row("total", String::new(), t.total, String::new());
    tab.render(out);
}

fn violations(report: &Report, out: &mut String) {
    if report.violations.is_empty() {
        out.push_str("  none\n");
        return;
    }
    let (hard, soft): (Vec<&Violation>, Vec<&Violation>) =
        report.violations.iter().partition(|v| v.hard);
    let mut t = Table::new(2, &[Align::Left, Align::Left, Align::Left, Align::Left]);
    for v in hard.into_iter().chain(soft) {
        t.row([
            if v.hard {
                "HARD".to_string()
            } else {
                format!("soft {:.2}", v.penalty)
            },
            v.rule.name(),
            v.staff.clone().unwrap_or_else(|| "(unit)".into()),
            message(v),
        ]);
    }
    t.render(out);
}

/// The message without what the columns already say: a leading `"<staff>: "` is dropped, and
/// the period is put in front when the message does not name it.
fn message(v: &Violation) -> String {
    let msg = v
        .staff
        .as_ref()
        .and_then(|s| v.message.strip_prefix(&format!("{s}: ")))
        .unwrap_or(&v.message);
    if v.when.is_empty() || msg.contains(&v.when) {
        msg.to_string()
    } else {
        format!("{}: {msg}", v.when)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use turnus_core::validate::{CompetenceHours, Kpis, PersonKpi, PositionProfile};
    use turnus_core::{ObjectiveTerms, RuleId};

    const DOC: &str = include_str!("../../../fixtures/doc_example.json");

    /// The doc example with a hand-written rota and a hand-made report, so the snapshot shows
    /// the rendering only and does not move when the validator's figures change.
    fn case() -> (Scenario, Rota, Report) {
        let sc = Scenario::from_json(DOC).unwrap();
        let rota = Rota::from_json(
            &sc,
            r#"{ "format_version": 1, "rows": [
              { "staff": "kari", "position_pct": 100,
                "days": ["D","D","D","-","-","A","A", "-","-","D","D","D","-","-"] },
              { "staff": "ola",
                "days": ["N","N","N","-","-","-","-", "D","D","-","A","A","D","D"] },
              { "staff": "line-3",
                "days": ["-","-","A","A","A","-","-", "N","N","N","-","-","-","-"] },
              { "staff": "per",
                "days": ["A","A","-","D","D","D","D", "-","-","-","-","-","-","-"] }
            ] }"#,
        )
        .unwrap();
        let person = |id: &str, comp: &str, pos: f64, shifts: usize| PersonKpi {
            staff: id.into(),
            competence: comp.into(),
            position_pct: Some(pos),
            shifts,
            paid_hours: shifts as f64 * 7.5,
            weekend_hours: 15.0,
            weekends_worked: 1,
            night_hours: 0.0,
            sunday_hours: 7.5,
            full_time_week_hours: 35.5,
            comparable_to_continuous: false,
        };
        let report = Report {
            scenario: sc.spec().name.clone(),
            objective: 1302.5,
            hard_violations: 1,
            soft_violations: 1,
            violations: vec![
                Violation {
                    rule: RuleId::WeekendEvery,
                    staff: Some("ola".into()),
                    days: (12, 13),
                    when: "week 2 Sat".into(),
                    measured: 2.0,
                    limit: 1.0,
                    hard: false,
                    penalty: 2.5,
                    message: "ola: works 2 weekends in a row, at most 1 in every 2".into(),
                },
                Violation {
                    rule: RuleId::DailyRest,
                    staff: Some("per".into()),
                    days: (1, 2),
                    when: "week 1 Tue".into(),
                    measured: 9.5,
                    limit: 11.0,
                    hard: true,
                    penalty: 0.0,
                    message: "9.5 h rest after A on week 1 Tue, at least 11 h".into(),
                },
            ],
            terms: ObjectiveTerms {
                under_min_hours: vec![0.0, 1.0, 0.0],
                under_min: 1000.0,
                under_target_hours: vec![0.0, 20.0, 0.0],
                under_target: 200.0,
                part_time_count: 1,
                part_time: 100.0,
                soft_rules: 2.5,
                total: 1302.5,
                ..ObjectiveTerms::default()
            },
            kpis: Kpis {
                full_time_share: 0.5,
                mean_position_pct: 75.0,
                positions: 4,
                fte: 3.0,
                unused_lines: 0,
                position_profile: PositionProfile {
                    full_time: 2,
                    from_50: 1,
                    from_30: 1,
                    ..PositionProfile::default()
                },
                hours_by_competence: vec![CompetenceHours {
                    competence: "nurse".into(),
                    weekday_hours: 37.5,
                    weekend_hours: 15.0,
                }],
                skilled_cover_weekday: 0.8,
                skilled_cover_weekend: 0.625,
                nurse_every_hour: false,
                hours_without_nurse: 290,
                under_staffing_hours: 1.0,
                over_staffing_hours: 12.5,
                total_paid_hours: 232.5,
                people: vec![
                    person("kari", "nurse", 100.0, 8),
                    person("ola", "skilled", 100.0, 10),
                ],
                slots: Vec::new(),
            },
        };
        (sc, rota, report)
    }

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
