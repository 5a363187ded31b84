//! Hand-written SVG charts for the HTML report: a staffing chart (stacked bars of planned staff
//! under step lines of demand), a column chart and a horizontal bar chart. Each chart has axes
//! with ticks and titles and a legend; the marks that show data carry `class="data"` so tests can
//! find them. Colours come from Paul Tol's colour-blind-safe palettes.

use std::fmt::Write;

use crate::html::esc;
use crate::staffing::{up_to, DayProfile};

/// Fill colours per competence level (cycled beyond seven levels).
const LEVEL_COLOURS: [&str; 7] = [
    "#4477AA", "#66CCEE", "#CCBB44", "#AA3377", "#228833", "#EE6677", "#BBBBBB",
];
/// The minimum demand line.
const MIN_COLOUR: &str = "#CC3311";
/// The target demand line.
const TARGET_COLOUR: &str = "#000000";
/// The fewest-on-a-day line.
const FEWEST_COLOUR: &str = "#777777";
/// Axes and tick labels.
const AXIS_COLOUR: &str = "#333333";
/// Horizontal grid lines.
const GRID_COLOUR: &str = "#DDDDDD";
/// Estimated width of one character of 12 px text, for laying out labels and legends.
const CHAR_W: f64 = 6.8;
/// A safe width of one character of 12 px text, for labels that must not be cut (ids with wide
/// letters such as `m`).
const CHAR_W_WIDE: f64 = 8.0;

/// The fill colour of competence level `level`.
pub(crate) fn level_colour(level: usize) -> &'static str {
    LEVEL_COLOURS[level % LEVEL_COLOURS.len()]
}

/// A coordinate or length with at most one decimal.
fn n(x: f64) -> String {
    let s = format!("{x:.1}");
    s.strip_suffix(".0").map_or(s.clone(), str::to_string)
}

/// A value axis from 0: the top (a multiple of the step, at least `max`) and the step between
/// ticks, a 1, 2 or 5 times a power of ten, with at most about `ticks` ticks. With `whole`
/// the step is at least 1 (people, positions).
pub(crate) fn nice_axis(max: f64, ticks: usize, whole: bool) -> (f64, f64) {
    let max = if max.is_finite() && max > 0.0 {
        max
    } else {
        1.0
    };
    let raw = max / ticks.max(1) as f64;
    let mag = 10f64.powf(raw.log10().floor());
    let mut step = [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * mag)
        .find(|s| *s >= raw - 1e-12)
        .unwrap_or(10.0 * mag);
    if whole {
        step = step.max(1.0).round();
    }
    let top = (max / step - 1e-9).ceil().max(1.0) * step;
    (top, step)
}

/// The tick values 0, step, 2·step, … up to `max` (a multiple of `step` from [`nice_axis`]).
fn ticks(max: f64, step: f64) -> impl Iterator<Item = f64> {
    let count = (max / step).round() as usize;
    (0..=count).map(move |k| k as f64 * step)
}

/// The stroke attributes of a line: colour, width (omitted at 1) and dash pattern (omitted when
/// empty, a solid line).
fn stroke_attrs(colour: &str, width: f64, dash: &str) -> String {
    let mut s = format!(" stroke=\"{colour}\"");
    if width != 1.0 {
        let _ = write!(s, " stroke-width=\"{}\"", n(width));
    }
    if !dash.is_empty() {
        let _ = write!(s, " stroke-dasharray=\"{dash}\"");
    }
    s
}

/// An entry of a legend.
pub(crate) enum Key<'a> {
    /// A filled square.
    Swatch(&'a str, String),
    /// A line sample: colour, dash pattern (empty for solid), label.
    Line(&'a str, &'a str, String),
}

/// An SVG document being written.
struct Canvas {
    out: String,
    width: f64,
}

impl Canvas {
    /// Opens an `<svg>` of the given size; `label` is its accessible name and tooltip.
    fn new(width: f64, height: f64, label: &str) -> Canvas {
        let mut out = String::new();
        let _ = write!(
            out,
            "<svg class=\"chart\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" role=\"img\" \
             aria-label=\"{l}\" font-family=\"system-ui, 'Segoe UI', Roboto, Arial, sans-serif\" \
             font-size=\"12\"><title>{l}</title>",
            w = n(width),
            h = n(height),
            l = esc(label)
        );
        Canvas { out, width }
    }

    fn rect(&mut self, x: f64, y: f64, w: f64, h: f64, fill: &str, data: bool) {
        let class = if data { " class=\"data\"" } else { "" };
        let _ = write!(
            self.out,
            "<rect{class} x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{fill}\"/>",
            n(x),
            n(y),
            n(w),
            n(h)
        );
    }

    fn line(&mut self, (x1, y1): (f64, f64), (x2, y2): (f64, f64), stroke: &str, dash: &str) {
        let _ = write!(
            self.out,
            "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\"{}/>",
            n(x1),
            n(y1),
            n(x2),
            n(y2),
            stroke_attrs(stroke, 1.0, dash)
        );
    }

    /// A data line through `points`.
    fn polyline(&mut self, points: &[(f64, f64)], stroke: &str, width: f64, dash: &str) {
        let pts: Vec<String> = points
            .iter()
            .map(|(x, y)| format!("{},{}", n(*x), n(*y)))
            .collect();
        let _ = write!(
            self.out,
            "<polyline class=\"data\" points=\"{}\" fill=\"none\"{}/>",
            pts.join(" "),
            stroke_attrs(stroke, width, dash)
        );
    }

    /// Text at (x, y); `anchor` is `start`, `middle` or `end`.
    fn text(&mut self, x: f64, y: f64, anchor: &str, s: &str) {
        let _ = write!(
            self.out,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"{anchor}\" fill=\"{AXIS_COLOUR}\">{}</text>",
            n(x),
            n(y),
            esc(s)
        );
    }

    /// Text turned 90° counter-clockwise around (x, y), for a vertical axis title.
    fn vertical_text(&mut self, x: f64, y: f64, s: &str) {
        let _ = write!(
            self.out,
            "<text x=\"{x}\" y=\"{y}\" text-anchor=\"middle\" fill=\"{AXIS_COLOUR}\" \
             transform=\"rotate(-90 {x} {y})\">{}</text>",
            esc(s),
            x = n(x),
            y = n(y)
        );
    }

    /// A legend flowing left to right from (x, y), wrapping at the canvas width; returns the
    /// y below it.
    fn legend(&mut self, x0: f64, y0: f64, keys: &[Key]) -> f64 {
        let (mut x, mut y) = (x0, y0);
        for key in keys {
            let label = match key {
                Key::Swatch(_, l) | Key::Line(_, _, l) => l,
            };
            let w = 22.0 + label.chars().count() as f64 * CHAR_W + 14.0;
            if x > x0 && x + w > self.width - 8.0 {
                x = x0;
                y += 18.0;
            }
            match key {
                Key::Swatch(colour, _) => self.rect(x, y - 9.0, 14.0, 10.0, colour, false),
                Key::Line(colour, dash, _) => {
                    let _ = write!(
                        self.out,
                        "<line x1=\"{}\" y1=\"{y}\" x2=\"{}\" y2=\"{y}\"{}/>",
                        n(x),
                        n(x + 16.0),
                        stroke_attrs(colour, 2.0, dash),
                        y = n(y - 4.0)
                    );
                }
            }
            self.text(x + 20.0, y, "start", label);
            x += w;
        }
        y + 18.0
    }

    /// A chart `width` wide: the legend `keys` on top, then a plot area `height` high between
    /// the margins `(left, right)` for values up to `max`, and room for the axis labels under
    /// it.
    fn framed(
        label: &str,
        width: f64,
        keys: &[Key],
        (left, right): (f64, f64),
        height: f64,
        max: f64,
    ) -> (Canvas, Plot) {
        // Lay the legend out on a scratch canvas first to learn its height.
        let legend_bottom = Canvas::new(width, 0.0, "").legend(left, 16.0, keys);
        let plot = Plot {
            left,
            top: legend_bottom + 8.0,
            width: width - left - right,
            height,
            max,
        };
        let mut c = Canvas::new(width, plot.top + plot.height + 44.0, label);
        c.legend(left, 16.0, keys);
        (c, plot)
    }

    fn finish(mut self) -> String {
        self.out.push_str("</svg>");
        self.out
    }
}

/// The plot area of a chart and its value axis.
struct Plot {
    left: f64,
    top: f64,
    width: f64,
    height: f64,
    /// Value at the top of the axis.
    max: f64,
}

impl Plot {
    /// The y of a value on a vertical value axis.
    fn y(&self, v: f64) -> f64 {
        self.top + self.height * (1.0 - v / self.max)
    }

    /// The x of a value on a horizontal value axis.
    fn x(&self, v: f64) -> f64 {
        self.left + self.width * v / self.max
    }

    /// Horizontal grid lines with tick labels on the left, the axes, and the axis titles.
    fn vertical_value_axis(&self, c: &mut Canvas, step: f64, y_title: &str, x_title: &str) {
        for v in ticks(self.max, step) {
            let y = self.y(v);
            if v > 0.0 {
                c.line((self.left, y), (self.left + self.width, y), GRID_COLOUR, "");
            }
            c.text(self.left - 6.0, y + 4.0, "end", &n(v));
        }
        self.axes(c, x_title);
        c.vertical_text(14.0, self.top + self.height / 2.0, y_title);
    }

    /// The left and the bottom axis, and the title under the bottom one.
    fn axes(&self, c: &mut Canvas, x_title: &str) {
        let bottom = self.top + self.height;
        c.line((self.left, self.top), (self.left, bottom), AXIS_COLOUR, "");
        c.line(
            (self.left, bottom),
            (self.left + self.width, bottom),
            AXIS_COLOUR,
            "",
        );
        let middle = self.left + self.width / 2.0;
        c.text(middle, bottom + 34.0, "middle", x_title);
    }
}

/// Which staff a staffing chart counts: competence level `level` and the levels above it (demand
/// for a level can be met by a higher one), drawn as bars stacked by level.
pub(crate) struct StaffingChart<'a> {
    /// The chart's accessible name.
    pub label: &'a str,
    /// The levels' ids, highest first.
    pub level_names: &'a [&'a str],
    /// The lowest level counted.
    pub level: usize,
}

/// The staffing chart of `profile`: planned staff per slot (mean over the days, stacked by
/// competence level) as bars, the minimum and target demand of those levels as step lines, and
/// the fewest staff on any of the days as a dotted step line.
pub(crate) fn staffing_chart(chart: &StaffingChart, profile: &DayProfile) -> String {
    let l = chart.level;
    let slots = profile.slots();
    let series = |v: &[Vec<f64>]| -> Vec<f64> { v.iter().map(|s| up_to(s, l)).collect() };
    let (min, target, staffed) = (
        series(&profile.min),
        series(&profile.target),
        series(&profile.staffed),
    );
    let fewest: Vec<f64> = profile.fewest_cumulative.iter().map(|s| s[l]).collect();
    let top_value = [&min, &target, &staffed, &fewest]
        .iter()
        .flat_map(|v| v.iter().copied())
        .fold(0.0, f64::max);
    let (max, step) = nice_axis(top_value, 5, true);

    let width = 600.0;
    let mut keys: Vec<Key> = (0..=l)
        .map(|j| {
            let name = chart.level_names.get(j).copied().unwrap_or("?");
            Key::Swatch(level_colour(j), format!("{name} planned (mean)"))
        })
        .collect();
    keys.push(Key::Line(MIN_COLOUR, "", "minimum".into()));
    keys.push(Key::Line(TARGET_COLOUR, "6 3", "target".into()));
    keys.push(Key::Line(FEWEST_COLOUR, "2 2", "fewest on a day".into()));
    let (mut c, plot) = Canvas::framed(chart.label, width, &keys, (48.0, 24.0), 190.0, max);
    plot.vertical_value_axis(&mut c, step, "people", "time of day");

    let slot_w = plot.width / slots.max(1) as f64;
    let x_of = |i: usize| plot.left + slot_w * i as f64;
    // Hour ticks every 3 hours.
    let bottom = plot.top + plot.height;
    for h in (0..=24).step_by(3) {
        let x = plot.left + plot.width * f64::from(h) / 24.0;
        c.line((x, bottom), (x, bottom + 4.0), AXIS_COLOUR, "");
        c.text(x, bottom + 16.0, "middle", &format!("{h:02}:00"));
    }
    // Bars: each level's mean staff stacked from the highest level up.
    for (i, per_level) in profile.staffed.iter().enumerate() {
        let mut acc = 0.0;
        for (j, v) in per_level.iter().enumerate().take(l + 1) {
            if *v > 1e-9 {
                let (y_top, y_bottom) = (plot.y(acc + v), plot.y(acc));
                c.rect(
                    x_of(i) + 0.5,
                    y_top,
                    (slot_w - 1.0).max(0.5),
                    y_bottom - y_top,
                    level_colour(j),
                    true,
                );
            }
            acc += v;
        }
    }
    let step_line = |v: &[f64]| -> Vec<(f64, f64)> {
        v.iter()
            .enumerate()
            .flat_map(|(i, &y)| [(x_of(i), plot.y(y)), (x_of(i + 1), plot.y(y))])
            .collect()
    };
    c.polyline(&step_line(&fewest), FEWEST_COLOUR, 1.5, "2 2");
    c.polyline(&step_line(&target), TARGET_COLOUR, 2.0, "6 3");
    c.polyline(&step_line(&min), MIN_COLOUR, 2.5, "");
    c.finish()
}

/// One column of a [`column_chart`].
pub(crate) struct Column<'a> {
    /// Label under the column.
    pub label: &'a str,
    /// Height.
    pub value: f64,
    /// Fill colour.
    pub colour: &'a str,
}

/// Vertical columns with their values on top, e.g. the position-size profile.
pub(crate) fn column_chart(
    label: &str,
    columns: &[Column],
    keys: &[Key],
    y_title: &str,
    x_title: &str,
) -> String {
    let width = 480.0;
    let top_value = columns.iter().map(|c| c.value).fold(0.0, f64::max);
    let (max, step) = nice_axis(top_value, 5, true);
    let (mut c, plot) = Canvas::framed(label, width, keys, (48.0, 12.0), 200.0, max);
    plot.vertical_value_axis(&mut c, step, y_title, x_title);
    let slot = plot.width / columns.len().max(1) as f64;
    let bottom = plot.top + plot.height;
    for (i, col) in columns.iter().enumerate() {
        let x = plot.left + slot * i as f64;
        if col.value > 0.0 {
            let y = plot.y(col.value);
            c.rect(x + slot * 0.15, y, slot * 0.7, bottom - y, col.colour, true);
        }
        c.text(
            x + slot / 2.0,
            plot.y(col.value) - 4.0,
            "middle",
            &n(col.value),
        );
        c.text(x + slot / 2.0, bottom + 16.0, "middle", col.label);
    }
    c.finish()
}

/// One bar of a [`bar_chart`].
pub(crate) struct Bar<'a> {
    /// Label left of the bar.
    pub label: &'a str,
    /// Length.
    pub value: f64,
    /// Fill colour.
    pub colour: &'a str,
    /// Text right of the bar.
    pub note: String,
}

/// Horizontal bars, one per row, with a dashed reference line at `mean` (labelled), e.g. the
/// weekend hours per person.
pub(crate) fn bar_chart(
    label: &str,
    bars: &[Bar],
    keys: &[Key],
    mean: Option<(f64, &str)>,
    x_title: &str,
) -> String {
    let width = 640.0;
    let label_w = bars
        .iter()
        .map(|b| b.label.chars().count() as f64 * CHAR_W_WIDE)
        .fold(40.0, f64::max)
        .min(200.0);
    let note_w = bars
        .iter()
        .map(|b| b.note.chars().count() as f64 * CHAR_W)
        .fold(0.0, f64::max)
        + 8.0;
    let top_value = bars.iter().map(|b| b.value).fold(0.0, f64::max);
    let (max, step) = nice_axis(top_value, 6, false);
    let row_h = 18.0;
    let (mut c, plot) = Canvas::framed(
        label,
        width,
        keys,
        (label_w + 16.0, note_w + 8.0),
        row_h * bars.len().max(1) as f64,
        max,
    );
    let bottom = plot.top + plot.height;
    // Vertical grid lines with tick labels under the axis.
    for v in ticks(max, step) {
        let x = plot.x(v);
        if v > 0.0 {
            c.line((x, plot.top), (x, bottom), GRID_COLOUR, "");
        }
        c.text(x, bottom + 16.0, "middle", &n(v));
    }
    plot.axes(&mut c, x_title);
    for (i, b) in bars.iter().enumerate() {
        let y = plot.top + row_h * i as f64;
        c.text(plot.left - 6.0, y + 13.0, "end", b.label);
        if b.value > 0.0 {
            c.rect(
                plot.left,
                y + 3.0,
                plot.x(b.value) - plot.left,
                row_h - 6.0,
                b.colour,
                true,
            );
        }
        c.text(plot.x(b.value) + 4.0, y + 13.0, "start", &b.note);
    }
    if let Some((m, text)) = mean {
        let x = plot.x(m);
        c.line((x, plot.top - 4.0), (x, bottom), TARGET_COLOUR, "5 3");
        c.text(x, plot.top - 6.0, "middle", text);
    }
    c.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axes_round_up_to_whole_steps() {
        assert_eq!(nice_axis(7.0, 5, true), (8.0, 2.0));
        assert_eq!(nice_axis(13.2, 5, true), (15.0, 5.0));
        assert_eq!(nice_axis(0.4, 5, true), (1.0, 1.0));
        assert_eq!(nice_axis(0.0, 5, true), (1.0, 1.0));
        assert_eq!(nice_axis(48.0, 6, false), (50.0, 10.0));
        assert_eq!(nice_axis(0.35, 5, false), (0.4, 0.1));
    }
}
