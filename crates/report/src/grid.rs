//! The rota as a grid: one row per person or rota line, one column per day, wrapped into blocks
//! of whole weeks that fit the width.

use turnus_core::time::{Interval, DAY_MINUTES};
use turnus_core::validate::weekend_windows;
use turnus_core::{Rota, Scenario};

use crate::figures::weekend_window;
use crate::table::{pad_left, pad_right, width};

/// What the marker row shows under a day: `"H"` for a public holiday, `"*"` for a day that
/// touches a weekend window (`weekends`, from [`weekend_windows`]), else `""`.
pub(crate) fn day_mark(sc: &Scenario, weekends: &[Interval], d: usize) -> &'static str {
    let day = sc.calendar.day(d);
    if day.holiday.is_some() {
        return "H";
    }
    let iv = Interval::new(d as i64 * DAY_MINUTES, (d as i64 + 1) * DAY_MINUTES);
    let period = sc.calendar.period();
    if weekends.iter().any(|w| iv.overlap_cyclic(*w, period) > 0) {
        "*"
    } else {
        ""
    }
}

/// Runs of days that form one week column group: a new group starts on day 0 and on every
/// Monday, so dated horizons that start mid-week still line up with calendar weeks.
pub(crate) fn week_groups(sc: &Scenario) -> Vec<(usize, usize)> {
    let n = sc.days();
    let mut groups = Vec::new();
    let mut start = 0;
    for d in 1..n {
        if sc.calendar.day(d).weekday.num_days_from_monday() == 0 {
            groups.push((start, d));
            start = d;
        }
    }
    if n > 0 {
        groups.push((start, n));
    }
    groups
}

/// Weekday names cut to the cell width (one letter, or two).
fn weekday_name(num_from_monday: u32, cw: usize) -> &'static str {
    const ONE: [&str; 7] = ["M", "T", "W", "T", "F", "S", "S"];
    const TWO: [&str; 7] = ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"];
    let i = num_from_monday as usize % 7;
    if cw >= 2 {
        TWO[i]
    } else {
        ONE[i]
    }
}

/// Formats a position size: `80`, `62.5`, or `80→100` when the rota changes it.
pub(crate) fn position_label(sc: &Scenario, rota: &Rota, p: usize) -> String {
    let Some(pos) = sc.staff[p].position() else {
        return "-".into();
    };
    let now = rota.position_pct(sc, p).unwrap_or(pos.current_pct);
    if (now - pos.current_pct).abs() > 1e-9 {
        format!("{}→{}", pct(pos.current_pct), pct(now))
    } else {
        pct(now)
    }
}

/// A percentage without needless decimals.
pub(crate) fn pct(x: f64) -> String {
    if (x - x.round()).abs() < 1e-9 {
        format!("{x:.0}")
    } else {
        format!("{x:.1}")
    }
}

/// People at work per competence level and day: `counts[level][day]`.
pub(crate) fn head_counts(sc: &Scenario, rota: &Rota) -> Vec<Vec<usize>> {
    let mut counts = vec![vec![0usize; sc.days()]; sc.levels()];
    for (p, row) in rota.cells.iter().enumerate() {
        let level = &mut counts[sc.staff[p].level];
        for (d, c) in row.iter().enumerate() {
            level[d] += usize::from(c.is_some());
        }
    }
    counts
}

/// Appends the grid to `out`, wrapped to `width` columns where whole weeks allow.
pub(crate) fn render(sc: &Scenario, rota: &Rota, max_width: usize, out: &mut String) {
    let nstaff = sc.staff.len();
    let ndays = sc.days();
    let nlevels = sc.levels();

    let totals = head_counts(sc, rota);
    // Cell width: the longest shift code or head count. With one-letter codes and fewer than
    // ten people of a competence a day, a 6-week cycle fits 120 columns.
    let max_total = totals.iter().flatten().copied().max().unwrap_or(0);
    let cw = sc
        .shifts
        .iter()
        .map(|s| width(s.id()))
        .chain([1, max_total.to_string().len()])
        .max()
        .unwrap_or(1);

    // Label columns: id, competence, position.
    let ids: Vec<&str> = sc.staff.iter().map(|s| s.id()).collect();
    let comps: Vec<&str> = sc
        .staff
        .iter()
        .map(|s| s.spec.competence.as_str())
        .collect();
    let poss: Vec<String> = (0..nstaff).map(|p| position_label(sc, rota, p)).collect();
    let total_labels: Vec<String> = (0..nlevels)
        .map(|l| format!("= {}", sc.level_id(l)))
        .collect();
    let w_id = ids.iter().map(|s| width(s)).chain([2]).max().unwrap_or(2);
    let w_comp = comps.iter().map(|s| width(s)).chain([4]).max().unwrap_or(4);
    let w_pos = poss.iter().map(|s| width(s)).chain([4]).max().unwrap_or(4);
    let label_w = (w_id + 2 + w_comp + 2 + w_pos)
        .max(total_labels.iter().map(|s| width(s)).max().unwrap_or(0))
        .max("ISO week".len());
    let person_label = |p: usize| {
        format!(
            "{}  {}  {}",
            pad_right(ids[p], w_id),
            pad_right(comps[p], w_comp),
            pad_left(&poss[p], w_pos)
        )
    };
    let header_label = format!(
        "{}  {}  {}",
        pad_right("id", w_id),
        pad_right("comp", w_comp),
        pad_left("pos%", w_pos)
    );

    // Wrap week groups into blocks.
    let groups = week_groups(sc);
    // A group is "|" and its cells separated by spaces; a row ends with a closing "|".
    let group_w = |(a, b): (usize, usize)| (b - a) * (cw + 1);
    let avail = max_width.saturating_sub(label_w + 2);
    let mut blocks: Vec<Vec<(usize, usize)>> = Vec::new();
    let mut cur: Vec<(usize, usize)> = Vec::new();
    let mut used = 0;
    for &g in &groups {
        if !cur.is_empty() && used + group_w(g) > avail {
            blocks.push(std::mem::take(&mut cur));
            used = 0;
        }
        used += group_w(g);
        cur.push(g);
    }
    if !cur.is_empty() {
        blocks.push(cur);
    }
    // Balance the blocks: six weeks that need two blocks print as 3 + 3, not 5 + 1.
    let per_block = groups.len().div_ceil(blocks.len().max(1));
    let balanced: Vec<Vec<(usize, usize)>> = groups.chunks(per_block).map(<[_]>::to_vec).collect();
    if balanced.len() == blocks.len()
        && balanced
            .iter()
            .all(|b| b.len() == 1 || b.iter().map(|&g| group_w(g)).sum::<usize>() <= avail)
    {
        blocks = balanced;
    }

    let weekends = weekend_windows(sc);
    let marks: Vec<&str> = (0..ndays).map(|d| day_mark(sc, &weekends, d)).collect();
    let cell = |p: usize, d: usize| -> String {
        rota.get(p, d)
            .map_or_else(|| "-".to_string(), |s| sc.shifts[s].id().to_string())
    };
    let dated = !sc.calendar.is_cyclic();
    let nblocks = blocks.len();
    for (bi, block) in blocks.iter().enumerate() {
        let (first, last) = (block[0].0, block[block.len() - 1].1 - 1);
        if bi > 0 {
            out.push('\n');
        }
        if dated || nblocks > 1 {
            let what = if dated {
                format!("{} – {}", sc.calendar.label(first), sc.calendar.label(last))
            } else {
                format!(
                    "weeks {}–{} of {}",
                    sc.calendar.week_label(first),
                    sc.calendar.week_label(last),
                    sc.calendar.week_count()
                )
            };
            out.push_str(&format!("{what}\n"));
        }
        // Each row: the label, a space, then per group "|" and the cells, then a closing "|".
        // Header labels are right-aligned against the grid, row labels left-aligned.
        let line = |label: &str, right: bool, f: &dyn Fn(usize) -> String| -> String {
            let mut s = if right {
                pad_left(label, label_w)
            } else {
                pad_right(label, label_w)
            };
            s.push(' ');
            for &(a, b) in block {
                s.push('|');
                let cells: Vec<String> = (a..b).map(|d| pad_right(&f(d), cw)).collect();
                s.push_str(&cells.join(" "));
            }
            s.push('|');
            s
        };
        // Week row: the week label over the first day of each group.
        let mut week = pad_left(if dated { "ISO week" } else { "week" }, label_w);
        week.push(' ');
        for &(a, b) in block {
            week.push('|');
            let inner = (b - a) * (cw + 1) - 1;
            week.push_str(&pad_right(&sc.calendar.week_label(a).to_string(), inner));
        }
        week.push('|');
        let mut rows = vec![week];
        // The day row carries the label column headers on the left.
        rows.push(line(&header_label, false, &|d| {
            weekday_name(sc.calendar.day(d).weekday.num_days_from_monday(), cw).to_string()
        }));
        rows.push(line("weekend", true, &|d| marks[d].to_string()));
        for p in 0..nstaff {
            rows.push(line(&person_label(p), false, &|d| cell(p, d)));
        }
        let mut rule = " ".repeat(label_w + 1);
        for &(a, b) in block {
            rule.push('+');
            rule.push_str(&"-".repeat((b - a) * (cw + 1) - 1));
        }
        rule.push('+');
        rows.push(rule);
        for (l, t) in totals.iter().enumerate() {
            rows.push(line(&total_labels[l], false, &|d| t[d].to_string()));
        }
        for r in rows {
            out.push_str(r.trim_end());
            out.push('\n');
        }
    }
    let holidays = if dated { ", H public holiday" } else { "" };
    out.push_str(&format!(
        "- off, * weekend window ({}){holidays}; = people at work per day by competence\n",
        weekend_window(sc)
    ));
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = include_str!("../../../fixtures/doc_example.json");

    fn scenario(horizon: serde_json::Value) -> Scenario {
        let mut v: serde_json::Value = serde_json::from_str(DOC).unwrap();
        v["horizon"] = horizon;
        Scenario::from_json(&v.to_string()).unwrap()
    }

    fn grid(sc: &Scenario, rota: &Rota, width: usize) -> String {
        let mut out = String::new();
        render(sc, rota, width, &mut out);
        out
    }

    #[test]
    fn a_six_week_cycle_fits_160_columns_in_one_block_and_wraps_at_100() {
        let sc = scenario(serde_json::json!({ "kind": "cyclic", "weeks": 6 }));
        let rota = Rota::empty(&sc);
        let wide = grid(&sc, &rota, 160);
        assert_eq!(wide.matches("kari").count(), 1, "{wide}");
        assert!(!wide.contains("weeks 1–"), "{wide}");
        let narrow = grid(&sc, &rota, 100);
        assert!(narrow.contains("weeks 1–"), "{narrow}");
        assert!(narrow.matches("kari").count() > 1, "{narrow}");
        for g in [&wide, &narrow] {
            let grid_lines = g.lines().filter(|l| l.ends_with('|') || l.ends_with('+'));
            for l in grid_lines {
                assert!(l.chars().count() <= 160, "{l}");
            }
        }
        for l in narrow.lines().filter(|l| l.ends_with('|')) {
            assert!(l.chars().count() <= 100, "{l}");
        }
    }

    #[test]
    fn an_annual_rota_wraps_by_calendar_week_and_marks_holidays() {
        // Starts on a Wednesday: the first column group is a short week.
        let sc = scenario(serde_json::json!({
            "kind": "dated", "start": "2027-12-01", "days": 364
        }));
        let mut rota = Rota::empty(&sc);
        let d = sc.shift_index("D").unwrap();
        rota.cells[0][0] = Some(d);
        let g = grid(&sc, &rota, 120);
        let lines: Vec<&str> = g.lines().collect();
        assert!(lines[0].starts_with("Wed 2027-12-01 – "), "{g}");
        assert!(lines[1].contains("ISO week |48       |49 "), "{}", lines[1]);
        // Christmas Day and Boxing Day 2027 (Saturday and Sunday) are holidays.
        assert!(g.contains('H'), "{g}");
        assert!(g.contains("H, public holiday") || g.contains("H public holiday"));
        for l in &lines {
            assert!(l.chars().count() <= 120, "{l}");
        }
        // Every week group in a block has exactly 7 days except the first.
        let day_rows: Vec<&&str> = lines.iter().filter(|l| l.starts_with("id ")).collect();
        assert!(day_rows.len() > 5);
        assert!(day_rows[0].contains("|W T F S S|M T W"), "{}", day_rows[0]);
    }

    #[test]
    fn long_shift_codes_widen_the_cells() {
        let mut v: serde_json::Value = serde_json::from_str(DOC).unwrap();
        v["shifts"][0]["id"] = "D1".into();
        let sc = Scenario::from_json(&v.to_string()).unwrap();
        let mut rota = Rota::empty(&sc);
        rota.cells[1][0] = sc.shift_index("D1");
        let g = grid(&sc, &rota, 120);
        assert!(g.contains("|Mo Tu We Th Fr Sa Su|"), "{g}");
        assert!(g.contains("|D1 -  -  "), "{g}");
    }

    #[test]
    fn positions_show_changes() {
        assert_eq!(pct(62.5), "62.5");
        assert_eq!(pct(100.0), "100");
    }
}
