//! # turnus-instances
//!
//! Readers for public staff-rostering benchmarks. Each reader turns a benchmark file into a
//! plain [`turnus_core::ScenarioSpec`]: there is no separate model, so the validator, the solver
//! and the reports work on benchmark instances as on any other scenario.
//!
//! - [`curtois`]: the Curtois & Qu shift scheduling benchmark (24 instances, Nottingham 2014).
//! - [`bench`](mod@bench): those instances through [`turnus_solve::solve`] and the validator, one row per
//!   instance with the best-known value from the benchmark's README (`turnus bench curtois`).
#![deny(missing_docs)]

pub mod bench;
pub mod curtois;
