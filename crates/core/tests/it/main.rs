//! Integration tests of turnus-core, one module per topic.

mod fixtures;
mod input;
mod kpis;
mod rules;
