//! Rotas: who works which shift on which day.
//!
//! [`Rota`] is indexed (staff × day → shift index); [`RotaDoc`] is its JSON form with ids, one
//! row per person or rota line and one cell per day (`"-"` = off).

use serde::{Deserialize, Serialize};
use std::collections::HashSet;

use crate::error::{from_json, InputError};
use crate::scenario::Scenario;

/// The rota JSON format version.
pub const ROTA_FORMAT_VERSION: u32 = 1;

/// A rota resolved against a scenario: `cells[person][day]` is the shift index or `None` (off).
#[derive(Clone, Debug, PartialEq)]
pub struct Rota {
    /// Assignments, staff × day.
    pub cells: Vec<Vec<Option<usize>>>,
    /// Position size (%) per staff member chosen with this rota; `None` = the current size.
    pub positions: Vec<Option<f64>>,
}

impl Rota {
    /// Everyone off every day.
    pub fn empty(sc: &Scenario) -> Rota {
        Rota {
            cells: vec![vec![None; sc.days()]; sc.staff.len()],
            positions: vec![None; sc.staff.len()],
        }
    }

    /// The shift of person `p` on day `d`.
    pub fn get(&self, p: usize, d: usize) -> Option<usize> {
        self.cells[p][d]
    }

    /// The position size (%) of person `p`: the rota's choice, else the current size; `None`
    /// for staff without a position.
    pub fn position_pct(&self, sc: &Scenario, p: usize) -> Option<f64> {
        let pos = sc.staff[p].position()?;
        Some(
            self.positions
                .get(p)
                .copied()
                .flatten()
                .unwrap_or(pos.current_pct),
        )
    }

    /// True for an optional rota line this rota leaves unused (position 0 %).
    pub fn is_unused(&self, sc: &Scenario, p: usize) -> bool {
        sc.staff[p].is_optional() && self.position_pct(sc, p).is_some_and(|v| v.abs() < 1e-9)
    }

    /// The position size (%) of a staffed position: as [`Rota::position_pct`], but `None` for
    /// an unused optional line as well. The position KPIs and costs count these.
    pub fn staffed_pct(&self, sc: &Scenario, p: usize) -> Option<f64> {
        self.position_pct(sc, p).filter(|_| !self.is_unused(sc, p))
    }

    /// Parses a rota JSON document and resolves it against `sc`.
    pub fn from_json(sc: &Scenario, text: &str) -> Result<Rota, InputError> {
        Rota::from_doc(sc, &from_json::<RotaDoc>(text)?)
    }

    /// Resolves a document against `sc`. Every person or line must appear exactly once and every
    /// row must have one cell per day.
    pub fn from_doc(sc: &Scenario, doc: &RotaDoc) -> Result<Rota, InputError> {
        if doc.format_version != ROTA_FORMAT_VERSION {
            return Err(InputError::invalid(
                "format_version",
                format!(
                    "unsupported rota format version {} (this build reads {ROTA_FORMAT_VERSION})",
                    doc.format_version
                ),
            ));
        }
        let mut rota = Rota::empty(sc);
        let mut seen = HashSet::new();
        for (i, row) in doc.rows.iter().enumerate() {
            let path = format!("rows[{i}]");
            let p = sc.staff_index(&row.staff).ok_or_else(|| {
                InputError::invalid(
                    format!("{path}.staff"),
                    format!(
                        "unknown staff id {:?} (not in scenario {:?})",
                        row.staff,
                        sc.spec().name
                    ),
                )
            })?;
            if !seen.insert(p) {
                return Err(InputError::invalid(
                    format!("{path}.staff"),
                    format!("staff {:?} has two rows", row.staff),
                ));
            }
            if row.days.len() != sc.days() {
                return Err(InputError::invalid(
                    format!("{path}.days"),
                    format!(
                        "has {} cells, the horizon has {} days",
                        row.days.len(),
                        sc.days()
                    ),
                ));
            }
            for (d, cell) in row.days.iter().enumerate() {
                rota.cells[p][d] = match cell.as_str() {
                    "-" | "" => None,
                    id => Some(sc.shift_index(id).ok_or_else(|| {
                        let known: Vec<&str> = sc.shifts.iter().map(|s| s.id()).collect();
                        InputError::invalid(
                            format!("{path}.days[{d}]"),
                            format!(
                                "unknown shift {id:?} (known: {}; \"-\" is off)",
                                known.join(", ")
                            ),
                        )
                    })?),
                };
            }
            if let Some(pct) = row.position_pct {
                let optional = sc.staff[p].is_optional();
                if !pct.is_finite() || pct < 0.0 || (pct == 0.0 && !optional) || pct > 100.0 {
                    return Err(InputError::invalid(
                        format!("{path}.position_pct"),
                        if optional {
                            format!("must be 0 (the line is unused) or above 0 and at most 100 (got {pct})")
                        } else {
                            format!("must be above 0 and at most 100 (got {pct})")
                        },
                    ));
                }
                if sc.staff[p].position().is_none() {
                    return Err(InputError::invalid(
                        format!("{path}.position_pct"),
                        format!("staff {:?} has no position in the scenario", row.staff),
                    ));
                }
                rota.positions[p] = Some(pct);
            }
        }
        if let Some(missing) = (0..sc.staff.len()).find(|p| !seen.contains(p)) {
            return Err(InputError::invalid(
                "rows",
                format!(
                    "no row for staff {:?}; every person and rota line needs a row",
                    sc.staff[missing].id()
                ),
            ));
        }
        Ok(rota)
    }

    /// The JSON document for this rota.
    pub fn to_doc(&self, sc: &Scenario) -> RotaDoc {
        RotaDoc {
            format_version: ROTA_FORMAT_VERSION,
            scenario: Some(sc.spec().name.clone()),
            rows: sc
                .staff
                .iter()
                .enumerate()
                .map(|(p, st)| RotaRow {
                    staff: st.id().to_string(),
                    position_pct: self.positions[p],
                    days: self.cells[p]
                        .iter()
                        .map(|c| {
                            c.map_or_else(|| "-".to_string(), |s| sc.shifts[s].id().to_string())
                        })
                        .collect(),
                })
                .collect(),
        }
    }

    /// Pretty JSON.
    pub fn to_json(&self, sc: &Scenario) -> String {
        serde_json::to_string_pretty(&self.to_doc(sc)).expect("a rota always serialises")
    }
}

/// A rota document.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RotaDoc {
    /// Must be 1.
    pub format_version: u32,
    /// Name of the scenario it was made for (informative).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scenario: Option<String>,
    /// One row per person or rota line.
    pub rows: Vec<RotaRow>,
}

/// One row: a person's or line's shifts, one cell per day.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RotaRow {
    /// Staff id.
    pub staff: String,
    /// Position size chosen with this rota (default: the current size).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub position_pct: Option<f64>,
    /// Shift id per day, `"-"` for off.
    pub days: Vec<String>,
}
