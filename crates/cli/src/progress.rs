//! A one-line progress display on stderr that overwrites itself, shown only when stderr is a
//! terminal: `turnus solve` shows elapsed time, incumbent, bound and gap; `turnus sweep` shows how
//! many combinations are done. When stderr is a file or a pipe nothing is written.

use std::io::{self, IsTerminal, Write};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use turnus_solve::{Progress, ProgressHook};

/// At most one throttled update per this interval.
const INTERVAL: Duration = Duration::from_secs(1);

/// The status line. Safe to update from any thread (the solver's hook may run on its workers).
pub(crate) struct StatusLine {
    enabled: bool,
    /// When the line was last drawn, and whether anything is on screen.
    last: Mutex<Option<Instant>>,
}

impl StatusLine {
    /// A status line on stderr, enabled only when stderr is a terminal.
    pub(crate) fn stderr() -> Arc<StatusLine> {
        Arc::new(StatusLine {
            enabled: io::stderr().is_terminal(),
            last: Mutex::new(None),
        })
    }

    /// Draws `text` unless the line was drawn less than a second ago.
    pub(crate) fn show(&self, text: &str) {
        self.draw(text, false);
    }

    /// Draws `text` now (for rare events such as a finished sweep combination).
    pub(crate) fn show_now(&self, text: &str) {
        self.draw(text, true);
    }

    fn draw(&self, text: &str, now: bool) {
        if !self.enabled {
            return;
        }
        let Ok(mut last) = self.last.lock() else {
            return;
        };
        if !now && last.is_some_and(|t| t.elapsed() < INTERVAL) {
            return;
        }
        *last = Some(Instant::now());
        // Carriage return, the text, then erase to the end of the line.
        let mut err = io::stderr().lock();
        let _ = write!(err, "\r{text}\x1b[K");
        let _ = err.flush();
    }

    /// Erases the line, if anything was drawn, so that the results start on a clean line.
    pub(crate) fn clear(&self) {
        let Ok(mut last) = self.last.lock() else {
            return;
        };
        if last.take().is_some() {
            let mut err = io::stderr().lock();
            let _ = write!(err, "\r\x1b[K");
            let _ = err.flush();
        }
    }

    /// A solver progress hook drawing [`solve_text`], or `None` when the line is disabled (so
    /// the solver does not even build the snapshots).
    pub(crate) fn solve_hook(self: &Arc<Self>) -> Option<ProgressHook> {
        let line = Arc::clone(self);
        self.enabled
            .then(|| ProgressHook::new(move |p| line.show(&solve_text(p))))
    }
}

/// The progress line of a running solve: elapsed time, incumbent, bound and gap, or the hard
/// violations left while no rota meets every hard rule.
pub(crate) fn solve_text(p: &Progress) -> String {
    let num = |x: Option<f64>| x.map_or("-".to_string(), |v| format!("{v:.2}"));
    let state = match p.objective {
        Some(o) => format!("incumbent {o:.2}"),
        None => format!("no rota yet: {} hard violations", p.hard_violations),
    };
    format!(
        "solving {:.1} s  {state}  bound {}  gap {}  ({} iteration{})",
        p.elapsed,
        num(p.bound),
        p.gap
            .filter(|g| g.is_finite())
            .map_or("-".to_string(), |g| format!("{:.2} %", 100.0 * g)),
        p.iterations,
        if p.iterations == 1 { "" } else { "s" }
    )
}

/// The progress line of a running sweep.
pub(crate) fn sweep_text(done: usize, total: usize, elapsed: Duration) -> String {
    format!(
        "sweep {done}/{total} combinations done, {:.0} s",
        elapsed.as_secs_f64()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn progress(objective: Option<f64>, bound: Option<f64>, gap: Option<f64>) -> Progress {
        Progress {
            elapsed: 12.34,
            objective,
            hard_violations: if objective.is_some() { 0 } else { 3 },
            bound,
            gap,
            iterations: 7,
        }
    }

    #[test]
    fn solve_text_shows_incumbent_bound_and_gap() {
        assert_eq!(
            solve_text(&progress(Some(120.0), Some(90.0), Some(0.25))),
            "solving 12.3 s  incumbent 120.00  bound 90.00  gap 25.00 %  (7 iterations)"
        );
    }

    #[test]
    fn solve_text_shows_hard_violations_while_infeasible() {
        assert_eq!(
            solve_text(&progress(None, None, None)),
            "solving 12.3 s  no rota yet: 3 hard violations  bound -  gap -  (7 iterations)"
        );
    }

    #[test]
    fn sweep_text_counts_combinations() {
        assert_eq!(
            sweep_text(3, 8, Duration::from_secs(42)),
            "sweep 3/8 combinations done, 42 s"
        );
    }
}
