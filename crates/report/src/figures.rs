//! The report's figures as labelled rows of strings, shared by the text and the HTML renderings
//! so both show the same figures with the same labels. Everything here reads the [`Report`] (and
//! the scenario for names); nothing is recomputed.

use turnus_core::calendar::HorizonSpec;
use turnus_core::staff::StaffKind;
use turnus_core::{Report, Scenario, Violation};

use crate::grid::pct;

/// "feasible" or "NOT feasible" (hard violations).
pub(crate) fn verdict(report: &Report) -> &'static str {
    if report.is_feasible() {
        "feasible"
    } else {
        "NOT feasible"
    }
}

/// `"feasible, 0 hard and 2 soft violations, objective 12.50"`.
pub(crate) fn result_line(report: &Report) -> String {
    format!(
        "{}, {} hard and {} soft violations, objective {:.2}",
        verdict(report),
        report.hard_violations,
        report.soft_violations,
        report.objective
    )
}

/// The horizon in words: `"6-week cyclic base rota (grunnturnus)"` or `"dated rota Mon
/// 2027-01-04 – Sun 2027-01-31 (28 days)"`.
pub(crate) fn horizon(sc: &Scenario) -> String {
    match &sc.spec().horizon {
        HorizonSpec::Cyclic { weeks } => format!("{weeks}-week cyclic base rota (grunnturnus)"),
        HorizonSpec::Dated { .. } => format!(
            "dated rota {} – {} ({} days)",
            sc.calendar.label(0),
            sc.calendar.label(sc.days() - 1),
            sc.days()
        ),
    }
}

/// `"33 staff (10 unnamed rota lines)"`.
pub(crate) fn staff_count(sc: &Scenario) -> String {
    let lines = sc
        .staff
        .iter()
        .filter(|s| s.spec.kind == StaffKind::Line)
        .count();
    if lines > 0 {
        let s = if lines == 1 { "" } else { "s" };
        format!("{} staff ({lines} unnamed rota line{s})", sc.staff.len())
    } else {
        format!("{} staff", sc.staff.len())
    }
}

/// One `"D 07:30–15:00 (7.5 h)"` per shift type.
pub(crate) fn shift_labels(sc: &Scenario) -> Vec<String> {
    sc.shifts
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
        .collect()
}

/// The weekend window in words, e.g. `"Sat 00:00 – Sun 24:00"` (`rules.windows.weekend`).
pub(crate) fn weekend_window(sc: &Scenario) -> String {
    let w = sc.rules().windows.weekend;
    format!(
        "{} {} – {} {}",
        w.from.day, w.from.time, w.to.day, w.to.time
    )
}

/// A number with one decimal, without a trailing `.0` (hours, percentage points, counts).
pub(crate) fn hours(h: f64) -> String {
    // `+ 0.0` turns -0.0 (an empty sum) into 0.0.
    let s = format!("{:.1}", h + 0.0);
    s.strip_suffix(".0").map_or(s.clone(), str::to_string)
}

/// A table cell: one decimal always, so columns line up.
pub(crate) fn h1(x: f64) -> String {
    format!("{:.1}", x + 0.0)
}

/// A share (0–1) as a percentage with one decimal.
pub(crate) fn share(x: f64) -> String {
    format!("{:.1} %", 100.0 * x)
}

/// The position-size buckets of DOMAIN.md, smallest first: label and count.
pub(crate) fn profile_buckets(report: &Report) -> [(&'static str, usize); 5] {
    let pp = &report.kpis.position_profile;
    [
        ("<30 %", pp.below_30),
        ("30–49.9 %", pp.from_30),
        ("50–79.9 %", pp.from_50),
        ("80–99.9 %", pp.from_80),
        ("≥100 %", pp.full_time),
    ]
}

/// The headline KPIs: label and value.
pub(crate) fn kpi_rows(report: &Report) -> Vec<[String; 2]> {
    let k = &report.kpis;
    let profile: Vec<String> = profile_buckets(report)
        .iter()
        .rev()
        .map(|(label, n)| format!("{label}: {n}"))
        .collect();
    let weekend: f64 = k.hours_by_competence.iter().map(|c| c.weekend_hours).sum();
    let row = |label: &str, value: String| [label.to_string(), value];
    vec![
        row(
            "full-time share (heltidsandel)",
            format!(
                "{} ({} of {} positions at 100 %)",
                share(k.full_time_share),
                k.position_profile.full_time,
                k.positions
            ),
        ),
        row(
            "mean position size (stillingsstørrelse)",
            format!("{} %", hours(k.mean_position_pct)),
        ),
        row(
            "full-time equivalents (årsverk)",
            if k.unused_lines > 0 {
                let s = if k.unused_lines == 1 { "" } else { "s" };
                format!(
                    "{:.2} ({} optional rota line{s} left unused)",
                    k.fte, k.unused_lines
                )
            } else {
                format!("{:.2}", k.fte)
            },
        ),
        row("position profile", profile.join("   ")),
        row(
            "skilled cover (fagdekning)",
            format!(
                "weekday {}   weekend {}",
                share(k.skilled_cover_weekday),
                share(k.skilled_cover_weekend)
            ),
        ),
        row(
            "nurse every hour (24/7)",
            if k.nurse_every_hour {
                "yes".to_string()
            } else {
                format!("no, {} clock hours without", k.hours_without_nurse)
            },
        ),
        row(
            "under-staffing",
            format!(
                "{} person-hours below the minimum",
                hours(k.under_staffing_hours)
            ),
        ),
        row(
            "over-staffing (effektivitetstap)",
            format!(
                "{} person-hours above the target",
                hours(k.over_staffing_hours)
            ),
        ),
        row(
            "paid hours",
            format!(
                "{} in all, {} in weekend windows",
                hours(k.total_paid_hours),
                hours(weekend)
            ),
        ),
    ]
}

/// Hours per competence: a header row, then one row per level.
pub(crate) fn competence_rows(report: &Report) -> Vec<[String; 4]> {
    let mut rows = vec![["competence", "weekday h", "weekend h", "total h"].map(String::from)];
    for c in &report.kpis.hours_by_competence {
        rows.push([
            c.competence.clone(),
            h1(c.weekday_hours),
            h1(c.weekend_hours),
            h1(c.weekday_hours + c.weekend_hours),
        ]);
    }
    rows
}

/// Columns of [`people_rows`].
pub(crate) const PEOPLE_COLUMNS: usize = 11;

/// Per person: a header row, then one row per person (empty when the report has none).
pub(crate) fn people_rows(report: &Report) -> Vec<[String; PEOPLE_COLUMNS]> {
    let people = &report.kpis.people;
    if people.is_empty() {
        return Vec::new();
    }
    let mut rows = vec![[
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
    ]
    .map(String::from)];
    for p in people {
        rows.push([
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
    rows
}

/// What the last columns of [`people_rows`] mean.
pub(crate) const PEOPLE_NOTES: [&str; 2] = [
    "KS week h: the full-time week that applies to the person (KS HTA ch. 1 §4)",
    "continuous-comparable: ≥ 539 night and 231 Sunday hours a year, pro rata (AML §10-4(5))",
];

/// The objective by term: a header row (term, amount, cost, detail), one row per term, and the
/// total last.
pub(crate) fn term_rows(sc: &Scenario, report: &Report) -> Vec<[String; 4]> {
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
    let mut rows = vec![["term", "amount", "cost", ""].map(String::from)];
    let mut row = |name: &str, amount: String, cost: f64, detail: String| {
        rows.push([name.to_string(), amount, format!("{cost:.2}"), detail]);
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
    rows
}

/// The violations, hard ones first (each group in the report's order).
pub(crate) fn violations_hard_first(report: &Report) -> impl Iterator<Item = &Violation> {
    let hard = report.violations.iter().filter(|v| v.hard);
    hard.chain(report.violations.iter().filter(|v| !v.hard))
}

/// `"HARD"`, or `"soft 2.50"` with the penalty.
pub(crate) fn severity(v: &Violation) -> String {
    if v.hard {
        "HARD".to_string()
    } else {
        format!("soft {:.2}", v.penalty)
    }
}

/// The staff id of a violation, or `"(unit)"` for unit-level rules.
pub(crate) fn violation_staff(v: &Violation) -> String {
    v.staff.clone().unwrap_or_else(|| "(unit)".into())
}

/// The message without what the columns already say: a leading `"<staff>: "` is dropped, and
/// the period is put in front when the message does not name it.
pub(crate) fn message(v: &Violation) -> String {
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
