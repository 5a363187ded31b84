//! # turnus-core
//!
//! The domain model of turnus: rotas (turnus) for Norwegian municipal health and care services.
//! It holds demand curves, competences, staff and contracts, the working-time rules of the
//! Working Environment Act (arbeidsmiljøloven, AML ch. 10) and the KS agreement, and an
//! independent validator that checks any rota against them and computes the heltid (full-time)
//! KPIs. It never calls a solver.
//!
//! ```
//! use turnus_core::{validate, Rota, Scenario};
//!
//! let scenario = Scenario::from_json(include_str!("../../../fixtures/doc_example.json")).unwrap();
//! let rota = Rota::empty(&scenario);
//! let report = validate(&scenario, &rota);
//! // Nobody works: demand is uncovered, but no working-time rule is broken.
//! assert!(report.objective > 0.0);
//! println!("{} hard violations, full-time share {:.0} %",
//!          report.hard_violations, 100.0 * report.kpis.full_time_share);
//! ```
#![deny(missing_docs)]

pub mod calendar;
pub mod competence;
pub mod demand;
mod error;
pub mod generate;
pub mod rota;
pub mod rules;
pub mod scenario;
pub mod selector;
pub mod shift;
pub mod staff;
pub mod time;
pub mod validate;

pub use calendar::{Calendar, DayType, HorizonSpec};
pub use error::{from_json, InputError};
pub use rota::{Rota, RotaDoc};
pub use rules::{Limit, ObjectiveWeights, RuleSet};
pub use scenario::{Scenario, ScenarioSpec};
pub use validate::{person_violations, validate, Kpis, ObjectiveTerms, Report, RuleId, Violation};
