//! KPIs of a rota (DOMAIN.md "KPIs a rota report must show").

use serde::Serialize;

use super::Timeline;
use crate::rota::Rota;
use crate::scenario::Scenario;

/// Count of positions per size bucket.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct PositionProfile {
    /// ≥ 100 %.
    pub full_time: usize,
    /// 80–99.9 %.
    pub from_80: usize,
    /// 50–79.9 %.
    pub from_50: usize,
    /// 30–49.9 %.
    pub from_30: usize,
    /// < 30 %.
    pub below_30: usize,
}

/// Hours worked by one competence level.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct CompetenceHours {
    /// Competence id.
    pub competence: String,
    /// Hours outside the weekend window.
    pub weekday_hours: f64,
    /// Hours inside the weekend window.
    pub weekend_hours: f64,
}

/// Demand and staff in one slot.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct SlotKpi {
    /// Day index.
    pub day: usize,
    /// Start time `HH:MM`.
    pub time: String,
    /// Minimum demand per level.
    pub min: Vec<u32>,
    /// Target demand per level.
    pub target: Vec<u32>,
    /// People present per level.
    pub staffed: Vec<f64>,
}

/// Per person figures.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct PersonKpi {
    /// Staff id.
    pub staff: String,
    /// Competence id.
    pub competence: String,
    /// Position size (%) with this rota, if the person has a position.
    pub position_pct: Option<f64>,
    /// Shifts worked.
    pub shifts: usize,
    /// Paid hours over the horizon.
    pub paid_hours: f64,
    /// Hours inside weekend windows.
    pub weekend_hours: f64,
    /// Weekends worked.
    pub weekends_worked: usize,
    /// Hours in the night window.
    pub night_hours: f64,
    /// Hours in Sunday/holiday windows.
    pub sunday_hours: f64,
    /// Full-time week in hours for this person (fixed, or by the KS three-shift rule).
    pub full_time_week_hours: f64,
    /// Meets the "comparable to continuous 3-shift" test pro rata (539 night h, 231 Sunday h a year).
    pub comparable_to_continuous: bool,
}

/// The KPIs.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Kpis {
    /// Share (0–1) of staff with a position that are at 100 %.
    pub full_time_share: f64,
    /// Mean position size in percent.
    pub mean_position_pct: f64,
    /// Number of staff with a position.
    pub positions: usize,
    /// Position-size profile.
    pub position_profile: PositionProfile,
    /// Hours per competence.
    pub hours_by_competence: Vec<CompetenceHours>,
    /// Skilled cover (share of hours by skilled or higher) outside weekends.
    pub skilled_cover_weekday: f64,
    /// Skilled cover inside weekends.
    pub skilled_cover_weekend: f64,
    /// True when the highest level is present in every hour of the horizon.
    pub nurse_every_hour: bool,
    /// Clock hours without the highest level present.
    pub hours_without_nurse: usize,
    /// Person-hours below the minimum demand.
    pub under_staffing_hours: f64,
    /// Person-hours above the target demand (efficiency loss).
    pub over_staffing_hours: f64,
    /// Total paid hours.
    pub total_paid_hours: f64,
    /// Per person.
    pub people: Vec<PersonKpi>,
    /// Demand vs staff per slot.
    pub slots: Vec<SlotKpi>,
}

/// Computes the KPIs.
pub(crate) fn compute(_sc: &Scenario, _rota: &Rota, _tl: &Timeline) -> Kpis {
    Kpis::default()
}
