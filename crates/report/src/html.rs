//! The HTML report: one self-contained page (inline CSS and SVG, no script, no external asset,
//! no network) with the verdict, the KPIs, charts of planned staffing against demand, the
//! position-size profile and the weekend hours per person, the rota grid, the violations and the
//! objective by term.
//!
//! The markup is also well-formed XML (every element closed, attributes quoted, only the five
//! XML entities), so it can be checked with an XML parser.

use std::fmt::Write;

use turnus_core::shift::ShiftCategory;
use turnus_core::validate::weekend_windows;
use turnus_core::{Report, Rota, Scenario};

use crate::figures::{
    competence_rows, horizon, kpi_rows, message, people_rows, profile_buckets, result_line,
    severity, shift_labels, staff_count, term_rows, verdict, violation_staff,
    violations_hard_first, weekend_window, PEOPLE_NOTES,
};
use crate::grid::{day_mark, head_counts, position_label, week_groups};
use crate::staffing::{profile, qualification_profile, DayKind, DayProfile};
use crate::svg::{self, Bar, Column, Key, StaffingChart};

/// Week columns per grid table; longer horizons get one table per block of weeks.
const WEEKS_PER_TABLE: usize = 6;

const CSS: &str = "
body { font-family: system-ui, 'Segoe UI', Roboto, Arial, sans-serif; color: #222; margin: 24px;
  max-width: 1400px; line-height: 1.4; }
h1 { margin-bottom: 4px; }
h2 { border-bottom: 2px solid #4477AA; padding-bottom: 2px; margin-top: 32px; }
nav a { margin-right: 14px; }
.verdict { display: inline-block; padding: 4px 10px; border-radius: 4px; font-weight: 600; }
.verdict.ok { background: #DDF2DD; border: 1px solid #228833; }
.verdict.bad { background: #F9DCD7; border: 1px solid #CC3311; }
table { border-collapse: collapse; margin: 8px 0; font-size: 14px; }
th, td { border: 1px solid #CCCCCC; padding: 2px 6px; text-align: left; vertical-align: top; }
thead th { background: #EEF1F6; }
td.r, th.r { text-align: right; }
table.kv th { background: #F5F7FA; font-weight: 600; }
.note, figcaption { color: #555; font-size: 13px; max-width: 900px; }
.charts { display: flex; flex-wrap: wrap; gap: 16px; }
figure { margin: 0 0 12px 0; }
.charts figure { width: 600px; }
.empty { color: #777; font-style: italic; }
.scroll { overflow-x: auto; }
table.grid { font-size: 11px; }
table.grid td, table.grid th { padding: 1px 2px; text-align: center; min-width: 15px; }
table.grid th.id, table.grid td.name, table.grid td.comp { text-align: left; white-space: nowrap; }
table.grid .we { background: #E4E8F0; }
table.grid .hol { background: #F6D5D5; }
table.grid .ws { border-left: 2px solid #555555; }
table.grid tfoot td, table.grid tfoot th { background: #F5F5F5; }
.s-day { background: #FFF1B8; }
.s-evening { background: #FFD3A8; }
.s-night { background: #C6D2F0; }
.s-long { background: #CDEBB5; }
.s-other { background: #E0E0E0; }
.key span { display: inline-block; padding: 0 6px; margin-right: 8px; border: 1px solid #CCCCCC; }
tr.hard td:first-child { color: #CC3311; font-weight: 700; }
";

/// The report as one self-contained HTML page.
///
/// It holds the verdict (hard and soft violation counts, objective), the KPI tables, SVG charts
/// of planned staff against the demand curve per hour (for an average weekday and an average
/// weekend day, one chart per competence level counting that level and the higher ones), the
/// position-size profile, the weekend hours per person, the rota grid, the violations (hard
/// first) and the objective by term. All user text (ids, names) is escaped. The page needs no
/// network and no script.
pub fn html(sc: &Scenario, rota: &Rota, report: &Report) -> String {
    let mut out = String::with_capacity(64 * 1024);
    let name = &sc.spec().name;
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n\
         <title>{} – turnus report</title>\n<style>{CSS}</style>\n</head>\n<body>\n",
        esc(name)
    );
    header(sc, report, &mut out);
    kpis(report, &mut out);
    staffing(sc, report, &mut out);
    positions(report, &mut out);
    weekend_hours(sc, report, &mut out);
    grid(sc, rota, &mut out);
    violations(report, &mut out);
    objective(sc, report, &mut out);
    out.push_str("</body>\n</html>\n");
    out
}

/// `s` with `&`, `<`, `>`, `"` and `'` escaped, for text and attribute values.
pub(crate) fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn header(sc: &Scenario, report: &Report, out: &mut String) {
    let spec = sc.spec();
    let _ = write!(out, "<header>\n<h1>{}</h1>\n", esc(&spec.name));
    if let Some(d) = &spec.description {
        let _ = writeln!(out, "<p class=\"note\">{}</p>", esc(d));
    }
    let _ = write!(
        out,
        "<p>{}, {}. Shifts: {}.</p>\n<p class=\"verdict {}\">{}</p>\n</header>\n",
        esc(&horizon(sc)),
        esc(&staff_count(sc)),
        esc(&shift_labels(sc).join(", ")),
        if report.is_feasible() { "ok" } else { "bad" },
        esc(&result_line(report))
    );
    out.push_str(
        "<nav><a href=\"#kpis\">Key figures</a><a href=\"#staffing\">Staffing per hour</a>\
         <a href=\"#positions\">Position sizes</a><a href=\"#weekend\">Per person</a>\
         <a href=\"#rota\">Rota</a><a href=\"#violations\">Violations</a>\
         <a href=\"#objective\">Objective</a></nav>\n",
    );
}

/// A table: the first row is the header when `head` is set; columns in `right` are aligned
/// right.
fn table<const N: usize>(
    out: &mut String,
    class: &str,
    rows: &[[String; N]],
    head: bool,
    right: &[usize],
) {
    let _ = write!(out, "<table class=\"{class}\">");
    let cell = |out: &mut String, tag: &str, i: usize, text: &str| {
        let class = if right.contains(&i) {
            " class=\"r\""
        } else {
            ""
        };
        let _ = write!(out, "<{tag}{class}>{}</{tag}>", esc(text));
    };
    let (header, body) = if head && !rows.is_empty() {
        (Some(&rows[0]), &rows[1..])
    } else {
        (None, rows)
    };
    if let Some(h) = header {
        out.push_str("<thead><tr>");
        for (i, text) in h.iter().enumerate() {
            cell(out, "th", i, text);
        }
        out.push_str("</tr></thead>");
    }
    out.push_str("<tbody>\n");
    for row in body {
        out.push_str("<tr>");
        for (i, text) in row.iter().enumerate() {
            // A key-value table heads each row with its label.
            cell(out, if !head && i == 0 { "th" } else { "td" }, i, text);
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody></table>\n");
}

fn kpis(report: &Report, out: &mut String) {
    out.push_str("<section id=\"kpis\">\n<h2>Key figures (nøkkeltall)</h2>\n");
    table(out, "kv", &kpi_rows(report), false, &[]);
    if !report.kpis.hours_by_competence.is_empty() {
        out.push_str("<h3>Paid hours by competence</h3>\n");
        table(out, "num", &competence_rows(report), true, &[1, 2, 3]);
    }
    out.push_str("</section>\n");
}

/// The chart label of competence level `l` counted with the levels above it.
fn cumulative_label(sc: &Scenario, l: usize) -> String {
    let ids: Vec<&str> = (0..=l).map(|j| sc.level_id(j)).collect();
    if l == 0 {
        ids[0].to_string()
    } else if l + 1 == sc.levels() {
        format!("all staff ({})", ids.join(" + "))
    } else {
        format!("{} or higher ({})", ids[l], ids.join(" + "))
    }
}

fn staffing(sc: &Scenario, report: &Report, out: &mut String) {
    let window = weekend_window(sc);
    out.push_str(
        "<section id=\"staffing\">\n<h2>Planned staffing against demand per hour \
         (bemanningsplan)</h2>\n",
    );
    let _ = writeln!(
        out,
        "<p class=\"note\">Bars: the planned staff per slot of the day, the mean over the days \
         shown, stacked by competence. Lines: the minimum and the target of the demand curve \
         (døgnrytmeplan), and the fewest staff on any one of those days. Demand for a \
         competence can be met by that competence or a higher one, so each chart counts one \
         level together with the levels above it; the last counts everyone. Weekdays are the \
         days less than half inside the weekend window ({}), public holidays excluded; weekend \
         days are the days at least half inside it, and public holidays. Figures are the \
         validator's per-slot demand and staff.</p>",
        esc(&window)
    );
    if sc.spec().demand.curve.is_empty() {
        out.push_str(
            "<p class=\"note\">The scenario has no demand curve (its demand, if any, is per-shift \
             cover), so the demand lines stay at 0.</p>\n",
        );
    }
    let kinds = [DayKind::Weekday, DayKind::Weekend];
    let profiles = kinds.map(|k| (k, profile(sc, report, k)));
    let names: Vec<&str> = (0..sc.levels()).map(|l| sc.level_id(l)).collect();
    for l in 0..sc.levels() {
        let who = cumulative_label(sc, l);
        chart_pair(out, &who, &profiles, &names, l);
    }
    // Qualification demand (a medication-qualified worker, say): one chart of one series each,
    // the qualified staff present against the qualification's minimum and target.
    if !report.kpis.qualifications.is_empty() {
        out.push_str(
            "<p class=\"note\">Qualification demand: the staff with the qualification and at \
             least the competence named, against the demand curve's minimum and target for \
             them. They count in the charts above as well.</p>\n",
        );
    }
    for (q, qk) in report.kpis.qualifications.iter().enumerate() {
        let who = format!(
            "{} ({} or higher, qualified)",
            qk.qualification, qk.competence
        );
        let profiles = kinds.map(|k| (k, qualification_profile(sc, report, q, k)));
        chart_pair(out, &who, &profiles, &[who.as_str()], 0);
    }
    out.push_str("</section>\n");
}

/// A weekday and a weekend-day staffing chart side by side, of `level` and the levels above it
/// (`names` the levels' ids, the series' names), or a note where a profile is missing.
fn chart_pair(
    out: &mut String,
    who: &str,
    profiles: &[(DayKind, Option<DayProfile>); 2],
    names: &[&str],
    level: usize,
) {
    out.push_str("<div class=\"charts\">\n");
    for (kind, prof) in profiles {
        let kind_name = match kind {
            DayKind::Weekday => "weekday",
            DayKind::Weekend => "weekend day",
        };
        out.push_str("<figure>\n");
        match prof {
            Some(p) => {
                let label = format!("{who}: planned staff and demand, mean {kind_name}");
                out.push_str(&svg::staffing_chart(
                    &StaffingChart {
                        label: &label,
                        level_names: names,
                        level,
                    },
                    p,
                ));
                let _ = writeln!(
                    out,
                    "\n<figcaption><strong>{}</strong>, mean {kind_name}: the mean over the {} \
                     {kind_name}s of the horizon, {}-minute slots.</figcaption>",
                    esc(who),
                    p.days,
                    p.slot_minutes
                );
            }
            None => {
                let _ = writeln!(
                    out,
                    "<p class=\"empty\">{}: no {kind_name}s in the horizon, or no slot figures \
                     in the report.</p>",
                    esc(who)
                );
            }
        }
        out.push_str("</figure>\n");
    }
    out.push_str("</div>\n");
}

fn positions(report: &Report, out: &mut String) {
    let k = &report.kpis;
    out.push_str("<section id=\"positions\">\n<h2>Position sizes (stillingsstørrelser)</h2>\n");
    if k.positions == 0 {
        out.push_str(
            "<p class=\"empty\">Nobody in the scenario has a position size \
             (stillingsprosent).</p>\n</section>\n",
        );
        return;
    }
    let buckets = profile_buckets(report);
    let columns: Vec<Column> = buckets
        .iter()
        .enumerate()
        .map(|(i, (label, count))| Column {
            label,
            value: *count as f64,
            colour: if i + 1 == buckets.len() {
                FULL_TIME_COLOUR
            } else {
                PART_TIME_COLOUR
            },
        })
        .collect();
    let keys = [
        Key::Swatch(FULL_TIME_COLOUR, "full time (heltid)".into()),
        Key::Swatch(PART_TIME_COLOUR, "part time (deltid)".into()),
    ];
    out.push_str("<figure>\n");
    out.push_str(&svg::column_chart(
        "Positions per position size",
        &columns,
        &keys,
        "positions",
        "position size (stillingsprosent)",
    ));
    let _ = writeln!(
        out,
        "\n<figcaption>The {} positions by size with this rota, in the buckets used in the \
         field. Full-time share {:.1} %, mean position size {:.1} %.</figcaption>\n</figure>",
        k.positions,
        100.0 * k.full_time_share,
        k.mean_position_pct
    );
    out.push_str("</section>\n");
}

/// The full-time column of the position chart.
const FULL_TIME_COLOUR: &str = "#228833";
/// The part-time columns of the position chart.
const PART_TIME_COLOUR: &str = "#4477AA";

fn weekend_hours(sc: &Scenario, report: &Report, out: &mut String) {
    let people = &report.kpis.people;
    out.push_str("<section id=\"weekend\">\n<h2>Per person: weekend hours and more</h2>\n");
    if people.is_empty() {
        out.push_str("<p class=\"empty\">No per-person figures in the report.</p>\n</section>\n");
        return;
    }
    let level_of = |comp: &str| (0..sc.levels()).find(|&l| sc.level_id(l) == comp);
    let bars: Vec<Bar> = people
        .iter()
        .map(|p| Bar {
            label: &p.staff,
            value: p.weekend_hours,
            colour: level_of(&p.competence).map_or("#BBBBBB", svg::level_colour),
            note: format!(
                "{:.1} h, {} weekend{}",
                p.weekend_hours,
                p.weekends_worked,
                if p.weekends_worked == 1 { "" } else { "s" }
            ),
        })
        .collect();
    let mean = people.iter().map(|p| p.weekend_hours).sum::<f64>() / people.len() as f64;
    let mean_label = format!("mean {mean:.1} h");
    let keys: Vec<Key> = (0..sc.levels())
        .map(|l| Key::Swatch(svg::level_colour(l), sc.level_id(l).to_string()))
        .collect();
    out.push_str("<figure>\n");
    out.push_str(&svg::bar_chart(
        "Weekend hours per person",
        &bars,
        &keys,
        Some((mean, &mean_label)),
        "paid hours in the weekend window over the horizon",
    ));
    let _ = writeln!(
        out,
        "\n<figcaption>Paid hours inside the weekend window ({}) over the horizon, and the \
         weekends worked, per person and rota line in rota order, coloured by competence. The \
         dashed line is the mean.</figcaption>\n</figure>",
        esc(&weekend_window(sc))
    );
    out.push_str("<h3>Per person</h3>\n");
    table(
        out,
        "num",
        &people_rows(report),
        true,
        &[2, 3, 4, 5, 6, 7, 8, 9],
    );
    for note in PEOPLE_NOTES {
        let _ = writeln!(out, "<p class=\"note\">{}</p>", esc(note));
    }
    out.push_str("</section>\n");
}

/// The CSS class of a shift category.
fn category_class(c: ShiftCategory) -> &'static str {
    match c {
        ShiftCategory::Day => "s-day",
        ShiftCategory::Evening => "s-evening",
        ShiftCategory::Night => "s-night",
        ShiftCategory::Long => "s-long",
        ShiftCategory::Other => "s-other",
    }
}

fn grid(sc: &Scenario, rota: &Rota, out: &mut String) {
    out.push_str("<section id=\"rota\">\n<h2>Rota (turnus)</h2>\n<p class=\"key\">");
    for (s, label) in sc.shifts.iter().zip(shift_labels(sc)) {
        let _ = write!(
            out,
            "<span class=\"{}\">{}</span>",
            category_class(s.category()),
            esc(&label)
        );
    }
    let _ = writeln!(
        out,
        "<span class=\"we\">weekend window ({})</span>{}</p>",
        esc(&weekend_window(sc)),
        if sc.calendar.is_cyclic() {
            ""
        } else {
            "<span class=\"hol\">public holiday</span>"
        }
    );
    let weekends = weekend_windows(sc);
    let marks: Vec<&str> = (0..sc.days()).map(|d| day_mark(sc, &weekends, d)).collect();
    let day_class = |d: usize, week_start: bool| -> String {
        let mut c: Vec<&str> = Vec::new();
        match marks[d] {
            "H" => c.push("hol"),
            "*" => c.push("we"),
            _ => {}
        }
        if week_start {
            c.push("ws");
        }
        c.join(" ")
    };
    let counts = head_counts(sc, rota);
    let dated = !sc.calendar.is_cyclic();
    for block in week_groups(sc).chunks(WEEKS_PER_TABLE) {
        let days: Vec<(usize, bool)> = block
            .iter()
            .flat_map(|&(a, b)| (a..b).map(move |d| (d, d == a)))
            .collect();
        out.push_str("<div class=\"scroll\"><table class=\"grid\">\n<thead><tr>");
        let _ = write!(
            out,
            "<th colspan=\"4\" class=\"id\">{}</th>",
            if dated { "ISO week" } else { "rota week" }
        );
        for &(a, b) in block {
            let _ = write!(
                out,
                "<th colspan=\"{}\" class=\"ws\">{}</th>",
                b - a,
                sc.calendar.week_label(a)
            );
        }
        out.push_str("</tr>\n");
        if dated {
            out.push_str("<tr><th colspan=\"4\" class=\"id\">date</th>");
            for &(d, ws) in &days {
                let date = sc.calendar.day(d).date.map_or(String::new(), |x| {
                    format!("{}.{}", x.format("%d"), x.format("%m"))
                });
                let _ = write!(out, "<th class=\"{}\">{date}</th>", day_class(d, ws));
            }
            out.push_str("</tr>\n");
        }
        out.push_str(
            "<tr><th class=\"id\">id</th><th class=\"id\">name</th><th class=\"id\">competence\
             </th><th class=\"r\">pos%</th>",
        );
        for &(d, ws) in &days {
            let wd = sc.calendar.day(d).weekday.to_string();
            let _ = write!(
                out,
                "<th class=\"{}\">{}</th>",
                day_class(d, ws),
                wd.get(..2).unwrap_or(&wd)
            );
        }
        out.push_str("</tr></thead>\n<tbody>\n");
        for (p, st) in sc.staff.iter().enumerate() {
            let name = st.spec.name.as_deref().unwrap_or("rota line");
            let _ = write!(
                out,
                "<tr><th class=\"id\">{}</th><td class=\"name\">{}</td><td class=\"comp\">{}</td>\
                 <td class=\"r\">{}</td>",
                esc(st.id()),
                esc(name),
                esc(&st.spec.competence),
                esc(&position_label(sc, rota, p))
            );
            for &(d, ws) in &days {
                let mut class = day_class(d, ws);
                let code = match rota.get(p, d) {
                    Some(s) => {
                        let shift = &sc.shifts[s];
                        class = format!("{} {class}", category_class(shift.category()));
                        esc(shift.id())
                    }
                    None => String::new(),
                };
                let _ = write!(out, "<td class=\"{}\">{code}</td>", class.trim());
            }
            out.push_str("</tr>\n");
        }
        out.push_str("</tbody>\n<tfoot>\n");
        for (l, row) in counts.iter().enumerate() {
            let _ = write!(
                out,
                "<tr><th colspan=\"4\" class=\"id\">at work: {}</th>",
                esc(sc.level_id(l))
            );
            for &(d, ws) in &days {
                let _ = write!(out, "<td class=\"{}\">{}</td>", day_class(d, ws), row[d]);
            }
            out.push_str("</tr>\n");
        }
        out.push_str("</tfoot></table></div>\n");
    }
    out.push_str("</section>\n");
}

fn violations(report: &Report, out: &mut String) {
    let _ = writeln!(
        out,
        "<section id=\"violations\">\n<h2>Violations: {} hard, {} soft ({})</h2>",
        report.hard_violations,
        report.soft_violations,
        verdict(report)
    );
    if report.violations.is_empty() {
        out.push_str("<p>None: the rota keeps every rule.</p>\n</section>\n");
        return;
    }
    out.push_str(
        "<table><thead><tr><th>severity</th><th>rule</th><th>staff</th><th>what</th></tr></thead>\
         <tbody>\n",
    );
    for v in violations_hard_first(report) {
        let _ = writeln!(
            out,
            "<tr class=\"{}\"><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            if v.hard { "hard" } else { "soft" },
            esc(&severity(v)),
            esc(&v.rule.name()),
            esc(&violation_staff(v)),
            esc(&message(v))
        );
    }
    out.push_str("</tbody></table>\n</section>\n");
}

fn objective(sc: &Scenario, report: &Report, out: &mut String) {
    let _ = writeln!(
        out,
        "<section id=\"objective\">\n<h2>Objective by term: {:.2}</h2>\n<p class=\"note\">The \
         weighted cost of the rota, lower is better: every term is a cost of at least 0.</p>",
        report.objective
    );
    table(out, "num", &term_rows(sc, report), true, &[1, 2]);
    out.push_str("</section>\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testdata::{case, home_care, nursing_home, DOC};

    /// Parses the page as XML: every element closed, attributes quoted, entities known.
    fn parse(page: &str) -> roxmltree::Document<'_> {
        let opts = roxmltree::ParsingOptions {
            allow_dtd: true,
            ..roxmltree::ParsingOptions::default()
        };
        roxmltree::Document::parse_with_options(page, opts)
            .unwrap_or_else(|e| panic!("not well-formed: {e}"))
    }

    fn charts<'a>(doc: &'a roxmltree::Document<'a>) -> Vec<roxmltree::Node<'a, 'a>> {
        doc.descendants()
            .filter(|n| n.has_tag_name("svg"))
            .collect()
    }

    /// Data marks of a chart with a visible size: rectangles wider and taller than 0, lines
    /// through at least two different points.
    fn drawn(chart: roxmltree::Node) -> usize {
        let num = |n: &roxmltree::Node, a: &str| {
            n.attribute(a)
                .and_then(|v| v.parse::<f64>().ok())
                .unwrap_or(0.0)
        };
        chart
            .descendants()
            .filter(|n| n.attribute("class") == Some("data"))
            .filter(|n| match n.tag_name().name() {
                "rect" => num(n, "width") > 0.0 && num(n, "height") > 0.0,
                "polyline" => {
                    let pts: Vec<&str> = n.attribute("points").unwrap_or("").split(' ').collect();
                    pts.iter().any(|p| *p != pts[0])
                }
                _ => false,
            })
            .count()
    }

    #[test]
    fn the_page_is_well_formed_and_self_contained() {
        let (sc, rota, report) = nursing_home();
        let page = html(&sc, &rota, &report);
        let doc = parse(&page);
        assert_eq!(doc.root_element().tag_name().name(), "html");
        for banned in [
            "http:", "https:", "<script", "<link", "src=", "url(", "@import",
        ] {
            assert!(!page.contains(banned), "the page contains {banned}");
        }
        for id in [
            "kpis",
            "staffing",
            "positions",
            "weekend",
            "rota",
            "violations",
        ] {
            assert!(page.contains(&format!("<section id=\"{id}\">")), "no {id}");
        }
        assert!(page.contains("feasible, 0 hard and 0 soft violations, objective 6707.00"));
    }

    #[test]
    fn every_chart_draws_data_one_per_level_and_day_kind() {
        let (sc, rota, report) = nursing_home();
        let page = html(&sc, &rota, &report);
        let doc = parse(&page);
        let charts = charts(&doc);
        // Three competence levels × (weekday, weekend day), the position profile, the weekend
        // hours.
        assert_eq!(charts.len(), 2 * sc.levels() + 2);
        for c in &charts {
            let label = c.attribute("aria-label").unwrap_or("?");
            assert!(drawn(*c) > 0, "nothing drawn in {label}");
            let has_axis_title = c
                .descendants()
                .any(|n| n.has_tag_name("text") && n.text() == Some("time of day"));
            if label.contains("planned staff") {
                assert!(has_axis_title, "{label}");
            }
        }
        // The weekend-hours chart has one bar per person with weekend hours.
        let weekend = charts.last().unwrap();
        let with_hours = report
            .kpis
            .people
            .iter()
            .filter(|p| p.weekend_hours > 0.0)
            .count();
        assert_eq!(drawn(*weekend), with_hours);
    }

    /// Qualification demand gets a weekday and a weekend-day chart of its own, drawing the
    /// qualified staff and the qualification's demand: its mean minimum over the weekdays is the
    /// validator's, slot by slot.
    #[test]
    fn qualification_demand_has_charts_of_its_own() {
        let (sc, rota, report) = home_care();
        assert_eq!(report.kpis.qualifications.len(), 1);
        let qk = &report.kpis.qualifications[0];
        assert_eq!(qk.slots.len(), sc.slots());
        assert!(qk.slots.iter().any(|s| s.min > 0) && qk.slots.iter().any(|s| s.present > 0.0));
        let page = html(&sc, &rota, &report);
        let doc = parse(&page);
        let qualified: Vec<_> = charts(&doc)
            .into_iter()
            .filter(|c| {
                c.attribute("aria-label")
                    .is_some_and(|l| l.contains(&qk.qualification) && l.contains("qualified"))
            })
            .collect();
        assert_eq!(qualified.len(), 2, "a weekday and a weekend-day chart");
        for c in &qualified {
            assert!(drawn(*c) >= 2, "{:?}", c.attribute("aria-label"));
        }
        let weekday = qualification_profile(&sc, &report, 0, DayKind::Weekday).unwrap();
        let kinds = crate::staffing::day_kinds(&sc);
        for i in 0..sc.slots_per_day {
            let mins: Vec<f64> = qk
                .slots
                .iter()
                .filter(|s| kinds[s.day] == DayKind::Weekday)
                .filter(|s| (s.time.minutes() / sc.slot_minutes) as usize == i)
                .map(|s| f64::from(s.min))
                .collect();
            let mean = mins.iter().sum::<f64>() / mins.len() as f64;
            assert!((weekday.min[i][0] - mean).abs() < 1e-9, "slot {i}");
        }
        // The objective's qualification term is the KPI's hours.
        assert!(
            (report.terms.under_min_qualification_hours - qk.under_min_hours).abs() < 1e-9,
            "{} against {}",
            report.terms.under_min_qualification_hours,
            qk.under_min_hours
        );
    }

    #[test]
    fn the_grid_shows_every_worked_cell() {
        let (sc, rota, report) = nursing_home();
        let page = html(&sc, &rota, &report);
        let doc = parse(&page);
        let worked = doc
            .descendants()
            .filter(|n| n.has_tag_name("td"))
            .filter(|n| n.attribute("class").is_some_and(|c| c.starts_with("s-")))
            .count();
        assert_eq!(worked, rota.cells.iter().flatten().flatten().count());
    }

    #[test]
    fn user_text_is_escaped() {
        let mut v: serde_json::Value = serde_json::from_str(DOC).unwrap();
        v["name"] = "Ward <7> & \"Sons\"".into();
        v["description"] = "<script>alert('x')</script>".into();
        v["staff"][0]["id"] = "<kari>".into();
        v["staff"][0]["name"] = "Kari & 'Ola' <b>".into();
        let sc = Scenario::from_json(&v.to_string()).unwrap();
        let mut rota = Rota::empty(&sc);
        rota.cells[0][0] = sc.shift_index("D");
        let report = turnus_core::validate(&sc, &rota);
        let page = html(&sc, &rota, &report);
        parse(&page);
        assert!(!page.contains("<script") && !page.contains("<kari>") && !page.contains("<b>"));
        assert!(page.contains("<h1>Ward &lt;7&gt; &amp; &quot;Sons&quot;</h1>"));
        assert!(page.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"));
        assert!(page.contains("<th class=\"id\">&lt;kari&gt;</th>"));
        assert!(page.contains("Kari &amp; &#39;Ola&#39; &lt;b&gt;"));
    }

    #[test]
    fn violations_are_listed_hard_first_and_missing_figures_are_said() {
        // A hand-made report without slot figures: the staffing charts give way to a note.
        let (sc, rota, report) = case();
        let page = html(&sc, &rota, &report);
        let doc = parse(&page);
        assert_eq!(
            charts(&doc).len(),
            2,
            "the position and weekend charts only"
        );
        assert!(page.contains("no weekdays in the horizon, or no slot figures"));
        assert!(page.contains("<p class=\"verdict bad\">NOT feasible, 1 hard and 1 soft"));
        let hard = page.find("<tr class=\"hard\">").unwrap();
        let soft = page.find("<tr class=\"soft\">").unwrap();
        assert!(hard < soft);
        assert!(page.contains("<td>soft 2.50</td><td>weekend_every</td><td>ola</td>"));
        assert!(page.contains("<h2>Objective by term: 1302.50</h2>"));
    }

    #[test]
    fn a_scenario_without_positions_or_curve_says_so() {
        // Like a Curtois & Qu instance: no position sizes, no demand curve, nobody at work.
        let mut v: serde_json::Value = serde_json::from_str(DOC).unwrap();
        for st in v["staff"].as_array_mut().unwrap() {
            st.as_object_mut().unwrap().remove("position");
        }
        v["demand"] = serde_json::json!({ "slot_minutes": 60 });
        let sc = Scenario::from_json(&v.to_string()).unwrap();
        let rota = Rota::empty(&sc);
        let report = turnus_core::validate(&sc, &rota);
        let page = html(&sc, &rota, &report);
        let doc = parse(&page);
        assert!(page.contains("Nobody in the scenario has a position size"));
        assert!(page.contains("The scenario has no demand curve"));
        // The staffing charts and the weekend chart, no position chart.
        assert_eq!(charts(&doc).len(), 2 * sc.levels() + 1);
        assert!(!page.contains("-0.0"), "a negative zero in the page");
    }

    #[test]
    fn an_annual_rota_gets_a_table_per_six_weeks_with_holidays_marked() {
        let mut v: serde_json::Value = serde_json::from_str(DOC).unwrap();
        v["horizon"] = serde_json::json!({ "kind": "dated", "start": "2027-01-04", "days": 364 });
        let sc = Scenario::from_json(&v.to_string()).unwrap();
        let rota = Rota::empty(&sc);
        let report = turnus_core::validate(&sc, &rota);
        let page = html(&sc, &rota, &report);
        parse(&page);
        assert_eq!(
            page.matches("<table class=\"grid\">").count(),
            52usize.div_ceil(6)
        );
        // 1 January is not in the horizon; 17 May (a Monday in 2027) is, as a holiday.
        assert!(
            page.contains("<th class=\"hol ws\">17.05</th>"),
            "no 17 May"
        );
        assert!(page.contains("<th colspan=\"4\" class=\"id\">ISO week</th>"));
    }

    #[test]
    fn the_position_chart() {
        let (_, _, report) = case();
        let columns: Vec<Column> = profile_buckets(&report)
            .iter()
            .map(|(label, n)| Column {
                label,
                value: *n as f64,
                colour: PART_TIME_COLOUR,
            })
            .collect();
        let keys = [Key::Swatch(PART_TIME_COLOUR, "positions".into())];
        let chart = svg::column_chart("Positions", &columns, &keys, "positions", "size");
        insta::assert_snapshot!(chart.replace("><", ">\n<"));
    }
}
