//! The generated Norwegian-style scenarios of the scaling benches (`scaling` and
//! `scaling_solve`): `turnus_core::generate` with seed 1 and its defaults otherwise (D/A/N
//! shifts, hourly demand slots, the AML/KS rules, a nurse present every hour as a soft rule).
//!
//! - staff 10 / 20 / 40 / 80 / 160 on a 6-week cycle;
//! - horizon 2 / 6 / 12 / 26 / 52 weeks (cyclic) with 30 staff.

use turnus::core::generate::{generate, GeneratorConfig};
use turnus::{Scenario, ScenarioSpec};

/// One point of a series.
pub struct Case {
    /// `staff` or `weeks`: the series it belongs to.
    pub series: &'static str,
    /// Staff count.
    pub staff: usize,
    /// Weeks in the horizon.
    pub weeks: u32,
    /// The generated scenario.
    pub scenario: Scenario,
}

/// The generator's scenario for `staff` people over `weeks` weeks (a cyclic base rota).
pub fn spec(staff: usize, weeks: u32) -> ScenarioSpec {
    generate(&GeneratorConfig {
        seed: 1,
        staff,
        weeks,
        ..GeneratorConfig::default()
    })
}

fn case(series: &'static str, staff: usize, weeks: u32) -> Case {
    let scenario = Scenario::new(spec(staff, weeks)).expect("generated scenarios load");
    Case {
        series,
        staff,
        weeks,
        scenario,
    }
}

/// Staff 10 → 160 on a 6-week cycle, then 2 → 52 weeks with 30 staff; `series` picks
/// `staff`, `weeks` or both (`all`).
pub fn cases(series: &str) -> Vec<Case> {
    let mut out = Vec::new();
    if matches!(series, "staff" | "all") {
        out.extend([10, 20, 40, 80, 160].map(|n| case("staff", n, 6)));
    }
    if matches!(series, "weeks" | "all") {
        out.extend([2, 6, 12, 26, 52].map(|w| case("weeks", 30, w)));
    }
    out
}
