//! # turnus-report
//!
//! Rendering of a rota and its validation [`Report`]: a plain-text report for the terminal
//! ([`text()`]), the rota as CSV with one row per worked shift ([`csv()`]), the report as JSON
//! ([`json`]) and as one self-contained HTML page with SVG charts ([`html()`]). Rendering never
//! does IO: every function returns a `String`, and the caller (the `turnus` CLI) decides where
//! it goes.
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
//! let csv = turnus_report::csv(&scenario, &rota);
//! assert_eq!(csv.lines().count(), 2); // the header and the one shift
//! let html = turnus_report::html(&scenario, &rota, &report);
//! assert!(html.starts_with("<!DOCTYPE html>") && html.contains("<svg"));
//! ```
#![deny(missing_docs)]

mod csv;
mod figures;
mod grid;
mod html;
mod staffing;
mod svg;
mod table;
#[cfg(test)]
mod testdata;
mod text;

use turnus_core::Report;

pub use crate::csv::csv;
pub use crate::html::html;
pub use text::{summary, text, text_with, TextOptions};

/// The report as pretty-printed JSON (the serde form of [`Report`]), ending in a newline.
pub fn json(report: &Report) -> String {
    let mut s = report.to_json();
    s.push('\n');
    s
}
