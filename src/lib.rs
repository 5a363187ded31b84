//! # turnus
//!
//! Rotas (turnus) for Norwegian municipal health and care services. This facade re-exports
//! [`turnus_core`] (model, validator, KPIs) and [`turnus_report`] (rendering).
#![deny(missing_docs)]

pub use turnus_core as core;
pub use turnus_core::*;
pub use turnus_report as report;
