//! # turnus-report
//!
//! Rendering of a rota and its validation [`Report`]: a plain-text report for the terminal
//! ([`text`]) and JSON ([`json`]). Rendering never does IO: every function returns a `String`,
//! and the caller (the `turnus` CLI) decides where it goes.
//!
//! ```
//! use turnus_core::{validate, Rota, Scenario};
//!
//! let scenario = Scenario::from_json(include_str!("../../../fixtures/doc_example.json")).unwrap();
//! let mut rota = Rota::empty(&scenario);
//! rota.cells[0][0] = scenario.shift_index("D");
//! let report = validate(&scenario, &rota);
//!
//! let text = turnus_report::text(&scenario, &rota, &report);
//! assert!(text.contains("ROTA") && text.contains("KPIS") && text.contains("VIOLATIONS"));
//! let json: serde_json::Value = serde_json::from_str(&turnus_report::json(&report)).unwrap();
//! assert!(json["kpis"]["full_time_share"].is_number());
//! ```
#![deny(missing_docs)]

mod figures;
mod grid;
mod table;
#[cfg(test)]
mod testdata;
mod text;

use turnus_core::Report;

pub use text::{summary, text, text_with, TextOptions};

/// The report as pretty-printed JSON (the serde form of [`Report`]), ending in a newline.
pub fn json(report: &Report) -> String {
    let mut s = report.to_json();
    s.push('\n');
    s
}
