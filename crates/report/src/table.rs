//! A small aligned-columns table for the text report.

/// Column alignment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Align {
    Left,
    Right,
}

/// Rows of cells, rendered with columns padded to their widest cell and two spaces between them.
pub(crate) struct Table {
    indent: usize,
    align: Vec<Align>,
    rows: Vec<Vec<String>>,
}

impl Table {
    /// A table whose columns have these alignments, indented by `indent` spaces.
    pub(crate) fn new(indent: usize, align: &[Align]) -> Table {
        Table {
            indent,
            align: align.to_vec(),
            rows: Vec::new(),
        }
    }

    /// Adds a row; missing cells are empty, extra cells are kept and left-aligned.
    pub(crate) fn row<S: Into<String>>(&mut self, cells: impl IntoIterator<Item = S>) {
        self.rows.push(cells.into_iter().map(Into::into).collect());
    }

    /// Appends the table to `out`, one line per row, without trailing spaces.
    pub(crate) fn render(&self, out: &mut String) {
        let ncols = self.rows.iter().map(Vec::len).max().unwrap_or(0);
        let mut widths = vec![0; ncols];
        for row in &self.rows {
            for (i, cell) in row.iter().enumerate() {
                widths[i] = widths[i].max(width(cell));
            }
        }
        for row in &self.rows {
            let mut line = " ".repeat(self.indent);
            for (i, w) in widths.iter().enumerate() {
                let cell = row.get(i).map_or("", String::as_str);
                if i > 0 {
                    line.push_str("  ");
                }
                let pad = " ".repeat(w - width(cell));
                match self.align.get(i).copied().unwrap_or(Align::Left) {
                    Align::Left => {
                        line.push_str(cell);
                        line.push_str(&pad);
                    }
                    Align::Right => {
                        line.push_str(&pad);
                        line.push_str(cell);
                    }
                }
            }
            out.push_str(line.trim_end());
            out.push('\n');
        }
    }
}

/// Display width: one column per `char` (the report uses no wide characters).
pub(crate) fn width(s: &str) -> usize {
    s.chars().count()
}

/// `s` padded with spaces on the right to `w` columns.
pub(crate) fn pad_right(s: &str, w: usize) -> String {
    format!("{s}{}", " ".repeat(w.saturating_sub(width(s))))
}

/// `s` padded with spaces on the left to `w` columns.
pub(crate) fn pad_left(s: &str, w: usize) -> String {
    format!("{}{s}", " ".repeat(w.saturating_sub(width(s))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_align_and_lines_have_no_trailing_spaces() {
        let mut t = Table::new(2, &[Align::Left, Align::Right, Align::Left]);
        t.row(["id", "hours", ""]);
        t.row(["kari", "7.5", "≥ 100 %"]);
        let mut out = String::new();
        t.render(&mut out);
        assert_eq!(out, "  id    hours\n  kari    7.5  ≥ 100 %\n");
    }
}
