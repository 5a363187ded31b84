//! Competences: an ordered, nested set (nurse ⊇ skilled worker ⊇ assistant by default) and
//! optional extra qualifications.

use serde::{Deserialize, Serialize};

/// One competence level. Levels are listed from the highest to the lowest; a person of a higher
/// level counts toward demand for any lower level.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CompetenceSpec {
    /// Identifier used by staff and demand, e.g. `"nurse"`.
    pub id: String,
    /// Display name, e.g. `"Sykepleier (nurse)"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Multiplier on the under-cover weights for demand of this level (default 1). Keep it
    /// non-increasing down the list so scarce high competence is protected first.
    #[serde(default = "one", skip_serializing_if = "is_one")]
    pub weight: f64,
}

/// An extra qualification a person may hold and demand may require (e.g. a medication course).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QualificationSpec {
    /// Identifier.
    pub id: String,
    /// Display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

pub(crate) fn one() -> f64 {
    1.0
}

pub(crate) fn is_one(x: &f64) -> bool {
    *x == 1.0
}

/// The default ladder: nurse (sykepleier) ⊇ skilled worker (helsefagarbeider) ⊇ assistant.
pub fn default_competences() -> Vec<CompetenceSpec> {
    [
        ("nurse", "Sykepleier (nurse)"),
        ("skilled", "Helsefagarbeider (skilled care worker)"),
        ("assistant", "Assistent (assistant)"),
    ]
    .into_iter()
    .map(|(id, name)| CompetenceSpec {
        id: id.into(),
        name: Some(name.into()),
        weight: 1.0,
    })
    .collect()
}

/// Index of a competence level; 0 is the highest.
pub type Level = usize;

/// Allocates supply to nested demand so that the weighted shortfall is least.
///
/// `demand[j]` people are needed at level `j` (additively: a nurse filling a nurse place does not
/// also fill a skilled place); `supply[i]` people of level `i` are present; a person of level `i`
/// can fill a place of any level `j >= i`. `weight[j]` prices one unit of shortfall at level `j`.
/// Returns the shortfall per level. Levels are filled in order of decreasing weight (ties: higher
/// level first), each as far as the supply of its own and higher levels still allows; for this
/// nested (laminar) structure that greedy choice is optimal, so it equals what an LP would find.
pub fn nested_shortfall(demand: &[f64], supply: &[f64], weight: &[f64]) -> Vec<f64> {
    let n = demand.len();
    let mut scratch = vec![0.0; 2 * n];
    let mut out = vec![0.0; n];
    nested_shortfall_into(demand, supply, &fill_order(weight), &mut scratch, &mut out);
    out
}

/// The order in which [`nested_shortfall`] fills levels: decreasing weight, ties higher level
/// first.
pub(crate) fn fill_order(weight: &[f64]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..weight.len()).collect();
    order.sort_by(|&a, &b| weight[b].total_cmp(&weight[a]).then(a.cmp(&b)));
    order
}

/// [`nested_shortfall`] without allocating, for one slot after another: `order` comes from
/// [`fill_order`], `scratch` holds at least `2 × levels` values, the shortfall goes to `out`.
pub(crate) fn nested_shortfall_into(
    demand: &[f64],
    supply: &[f64],
    order: &[usize],
    scratch: &mut [f64],
    out: &mut [f64],
) {
    let n = demand.len();
    let (prefix_supply, filled) = scratch[..2 * n].split_at_mut(n);
    let (mut acc, mut need, mut enough) = (0.0, 0.0, true);
    for ((p, s), d) in prefix_supply.iter_mut().zip(supply).zip(demand) {
        acc += s;
        need += d;
        *p = acc;
        enough &= need <= acc;
    }
    // Places of level <= k can only be filled by people of level <= k, so the demand can be met
    // in full exactly when every prefix of levels has the people for it (Hall's condition).
    if enough {
        out[..n].fill(0.0);
        return;
    }
    filled.fill(0.0);
    for &j in order {
        // Room at every prefix k >= j: prefix_supply[k] - sum_{i<=k} filled[i].
        let mut room = f64::INFINITY;
        let mut used = filled[..j].iter().sum::<f64>();
        for k in j..n {
            used += filled[k];
            room = room.min(prefix_supply[k] - used);
        }
        filled[j] = demand[j].min(room.max(0.0));
    }
    for ((o, d), f) in out.iter_mut().zip(demand).zip(filled.iter()) {
        *o = (d - f).max(0.0);
    }
}

#[cfg(test)]
mod tests {
    use super::nested_shortfall;

    #[test]
    fn nurse_fills_lower_demand_but_only_once() {
        // 1 nurse, demand 1 nurse + 1 skilled: one place stays open, at the cheaper level.
        assert_eq!(
            nested_shortfall(&[1.0, 1.0, 0.0], &[1.0, 0.0, 0.0], &[1.0, 1.0, 1.0]),
            vec![0.0, 1.0, 0.0]
        );
        // 2 nurses, 1 assistant present; demand 1 nurse, 2 skilled, 1 assistant.
        assert_eq!(
            nested_shortfall(&[1.0, 2.0, 1.0], &[2.0, 0.0, 1.0], &[1.0, 1.0, 1.0]),
            vec![0.0, 1.0, 0.0]
        );
        // A lower level never fills a higher demand.
        assert_eq!(
            nested_shortfall(&[1.0, 0.0, 0.0], &[0.0, 3.0, 3.0], &[1.0, 1.0, 1.0]),
            vec![1.0, 0.0, 0.0]
        );
    }

    #[test]
    fn weights_decide_where_the_gap_falls() {
        // Skilled shortfall priced higher than nurse shortfall: the nurse covers skilled.
        assert_eq!(
            nested_shortfall(&[1.0, 1.0], &[1.0, 0.0], &[1.0, 5.0]),
            vec![1.0, 0.0]
        );
    }
}
