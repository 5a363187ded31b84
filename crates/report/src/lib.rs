//! Rendering of rotas and reports.
#![deny(missing_docs)]
