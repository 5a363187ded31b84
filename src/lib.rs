//! # turnus
//!
//! Rotas (turnus) for Norwegian municipal health and care services. This facade re-exports
//! [`turnus_core`] (the domain model, the validator and the heltid KPIs), as [`report`]
//! [`turnus_report`] (text and JSON rendering), and as [`solve`] [`turnus_solve`] (the MIP rota
//! solver on HiGHS).
//!
//! ```
//! use turnus::{validate, Rota, Scenario};
//!
//! let scenario = Scenario::from_json(include_str!("../fixtures/doc_example.json")).unwrap();
//! let mut rota = Rota::empty(&scenario);
//! let ola = scenario.staff_index("ola").unwrap();
//! rota.cells[ola][0] = scenario.shift_index("D");
//!
//! let report = validate(&scenario, &rota);
//! println!("{} hard violations, objective {:.1}", report.hard_violations, report.objective);
//! let text = turnus::report::text(&scenario, &rota, &report);
//! assert!(text.contains("ola"));
//! ```
#![deny(missing_docs)]

pub use turnus_core as core;
pub use turnus_core::*;
pub use turnus_report as report;
pub use turnus_solve as solve;

/// The Rust code blocks of `README.md`, run as doctests so that the README example cannot rot
/// (see also `tests/readme.rs`).
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
