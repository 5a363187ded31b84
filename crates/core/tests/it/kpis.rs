//! KPIs and objective terms against figures worked out by hand in the comments.
//!
//! Shifts used throughout (no breaks unless said): D 07:30–15:00 (7.5 h), A 14:30–22:00 (7.5 h),
//! N 21:45–07:45 (10 h, of which 8.25 h in the night window 21:00–06:00). Days of a cyclic
//! horizon start on Monday; day `d` starts at `d × 24 h`.

use serde_json::{json, Value};
use turnus_core::time::TimeOfDay;
use turnus_core::validate::{PerLevel, PersonKpi};
use turnus_core::{validate, Report, Rota, Scenario};

const SHIFTS: &str = r#"[
    { "id": "D", "start": "07:30", "end": "15:00", "category": "day" },
    { "id": "A", "start": "14:30", "end": "22:00", "category": "evening" },
    { "id": "N", "start": "21:45", "end": "07:45", "category": "night" }
]"#;

fn ks_three_shift() -> Value {
    json!({ "ks_three_shift": {
        "base": 35.5, "floor": 33.6,
        "sunday_factor": 70.0 / 60.0, "night_factor": 75.0 / 60.0,
        "every_nth_sunday": 3
    }})
}

/// A scenario with the D/A/N shifts and the given horizon, staff, demand and rules.
fn scenario(horizon: Value, staff: Value, demand: Value, rules: Value) -> Scenario {
    let doc = json!({
        "format_version": 1,
        "name": "kpi test",
        "horizon": horizon,
        "shifts": serde_json::from_str::<Value>(SHIFTS).unwrap(),
        "staff": staff,
        "demand": demand,
        "rules": rules,
    });
    Scenario::from_json(&doc.to_string()).unwrap_or_else(|e| panic!("test scenario: {e}"))
}

fn cyclic(weeks: u32) -> Value {
    json!({ "kind": "cyclic", "weeks": weeks })
}

/// A rota from `(staff id, "D A - N …")` rows, one cell per day separated by spaces.
fn rota(sc: &Scenario, rows: &[(&str, &str)]) -> Rota {
    let rows: Vec<Value> = rows
        .iter()
        .map(|(id, cells)| json!({ "staff": id, "days": cells.split_whitespace().collect::<Vec<_>>() }))
        .collect();
    let doc = json!({ "format_version": 1, "rows": rows });
    Rota::from_json(sc, &doc.to_string()).unwrap_or_else(|e| panic!("test rota: {e}"))
}

fn hm(s: &str) -> TimeOfDay {
    TimeOfDay::parse(s).unwrap()
}

#[track_caller]
fn close(actual: f64, expected: f64) {
    assert!(
        (actual - expected).abs() < 1e-9,
        "expected {expected}, got {actual}"
    );
}

#[track_caller]
fn close_all(actual: &[f64], expected: &[f64]) {
    assert_eq!(actual.len(), expected.len(), "{actual:?} vs {expected:?}");
    for (a, e) in actual.iter().zip(expected) {
        assert!(
            (a - e).abs() < 1e-9,
            "expected {expected:?}, got {actual:?}"
        );
    }
}

fn person<'a>(r: &'a Report, id: &str) -> &'a PersonKpi {
    r.kpis.people.iter().find(|p| p.staff == id).unwrap()
}

// ---------------------------------------------------------------------------------------------
// The main case: one cyclic week, three staff, a small curve, per-shift cover and requests.
//
//          Mon Tue Wed Thu Fri Sat Sun
//   nina    D   A   N   -   -   N   -      nurse,     100 %
//   sam     A   D   -   -   N   -   D      skilled,    80 % (wants 100)
//   asta    -   -   -   -   D   D   N      assistant,  40 % (wants 50)
//
// asta's Sunday night wraps around the cycle into Monday 00:00–07:45.

fn week_scenario() -> Scenario {
    scenario(
        cyclic(1),
        json!([
            { "id": "nina", "competence": "nurse", "position": { "current_pct": 100 },
              "requests": [
                { "days": ["thu"], "kind": "off", "weight": 3 },
                { "days": ["mon"], "kind": "on", "shift": "A", "weight": 5 } ] },
            { "id": "sam", "competence": "skilled",
              "position": { "current_pct": 80, "wanted_pct": 100 },
              "requests": [ { "days": ["weekend"], "kind": "off", "weight": 2 } ] },
            { "id": "asta", "competence": "assistant",
              "position": { "current_pct": 40, "wanted_pct": 50 },
              "requests": [
                { "days": [4], "kind": "on", "weight": 7 },
                { "days": ["sun"], "kind": "off", "shift": "N", "weight": 4 } ] }
        ]),
        json!({
            "slot_minutes": 60,
            "curve": [
                { "days": ["mon"], "from": "07:00", "to": "15:00", "competence": "skilled", "min": 1, "target": 2 },
                { "days": ["mon"], "from": "15:00", "to": "22:00", "competence": "nurse", "min": 1 },
                { "days": ["sat"], "from": "22:00", "to": "07:00", "competence": "assistant", "min": 1 }
            ],
            "shift_cover": [
                { "days": ["mon"], "shift": "D", "required": 2, "weight_under": 10, "weight_over": 3 },
                { "days": ["sat", "sun"], "shift": "N", "competence": "nurse", "required": 1, "weight_under": 50, "weight_over": 1 },
                { "days": ["fri"], "shift": "N", "required": 0, "weight_under": 5, "weight_over": 4 }
            ]
        }),
        json!({ "full_time_week": ks_three_shift() }),
    )
}

fn week_rota(sc: &Scenario) -> Rota {
    rota(
        sc,
        &[
            ("nina", "D A N - - N -"),
            ("sam", "A D - - N - D"),
            ("asta", "- - - - D D N"),
        ],
    )
}

#[test]
fn positions_full_time_share_mean_and_profile() {
    let sc = week_scenario();
    let r = validate(&sc, &week_rota(&sc));
    let k = &r.kpis;
    // 100, 80 and 40 %: one of three at full time, mean 220 / 3.
    assert_eq!(k.positions, 3);
    close(k.full_time_share, 1.0 / 3.0);
    close(k.mean_position_pct, 220.0 / 3.0);
    let p = &k.position_profile;
    assert_eq!(
        (p.full_time, p.from_80, p.from_50, p.from_30, p.below_30),
        (1, 1, 0, 1, 0)
    );
    assert_eq!(person(&r, "sam").position_pct, Some(80.0));

    // The rota may choose sizes: sam at 100 % and asta at 29.9 %.
    let mut rota = week_rota(&sc);
    rota.positions[1] = Some(100.0);
    rota.positions[2] = Some(29.9);
    let k = validate(&sc, &rota).kpis;
    close(k.full_time_share, 2.0 / 3.0);
    close(k.mean_position_pct, 229.9 / 3.0);
    let p = &k.position_profile;
    assert_eq!(
        (p.full_time, p.from_80, p.from_50, p.from_30, p.below_30),
        (2, 0, 0, 0, 1)
    );
}

#[test]
fn position_profile_bucket_edges() {
    // 99.9999999999 counts as 100 (1e-9 tolerance); 80, 50 and 30 open their buckets; 79.99 does
    // not reach 80.
    let staff: Vec<Value> = [99.999_999_999_9, 80.0, 79.99, 50.0, 30.0, 29.99]
        .iter()
        .enumerate()
        .map(|(i, pct)| {
            json!({ "id": format!("p{i}"), "competence": "skilled", "position": { "current_pct": pct } })
        })
        .chain([json!({ "id": "no-position", "competence": "nurse" })])
        .collect();
    let sc = scenario(
        cyclic(1),
        Value::Array(staff),
        json!({}),
        json!({ "full_time_week": { "hours": 35.5 } }),
    );
    let k = validate(&sc, &Rota::empty(&sc)).kpis;
    assert_eq!(k.positions, 6, "the person without a position is left out");
    let p = &k.position_profile;
    assert_eq!(
        (p.full_time, p.from_80, p.from_50, p.from_30, p.below_30),
        (1, 1, 2, 1, 1)
    );
    close(k.full_time_share, 1.0 / 6.0);
    assert_eq!(k.people.len(), 7);
    assert_eq!(person_of(&k.people, "no-position").position_pct, None);
}

fn person_of<'a>(people: &'a [PersonKpi], id: &str) -> &'a PersonKpi {
    people.iter().find(|p| p.staff == id).unwrap()
}

#[test]
fn no_positions_give_zero_share_and_mean() {
    let sc = scenario(
        cyclic(1),
        json!([{ "id": "x", "competence": "nurse" }]),
        json!({}),
        json!({ "full_time_week": { "hours": 35.5 } }),
    );
    let k = validate(&sc, &rota(&sc, &[("x", "D - - - - - -")])).kpis;
    assert_eq!(k.positions, 0);
    assert_eq!(k.full_time_share, 0.0);
    assert_eq!(k.mean_position_pct, 0.0);
    assert_eq!(k.position_profile, Default::default());
}

#[test]
fn hours_by_competence_and_skilled_cover() {
    let sc = week_scenario();
    let r = validate(&sc, &week_rota(&sc));
    let k = &r.kpis;
    // Weekend window: KS Sat 00:00 → Sun 24:00.
    // nina (nurse): D 7.5 + A 7.5 + Wed N 10 on weekdays; Sat N 10 inside.     → 25 / 10
    // sam (skilled): A 7.5 + D 7.5 on weekdays; Fri N 21:45–24:00 = 2.25 before the window and
    //   7.75 inside; Sun D 7.5 inside.                                         → 17.25 / 15.25
    // asta (assistant): Fri D 7.5 weekday; Sat D 7.5 inside; Sun N 2.25 inside and
    //   7.75 on Monday morning (wrapped).                                       → 15.25 / 9.75
    let h = &k.hours_by_competence;
    let ids: Vec<&str> = h.iter().map(|c| c.competence.as_str()).collect();
    assert_eq!(ids, ["nurse", "skilled", "assistant"]);
    close_all(
        &h.iter().map(|c| c.weekday_hours).collect::<Vec<_>>(),
        &[25.0, 17.25, 15.25],
    );
    close_all(
        &h.iter().map(|c| c.weekend_hours).collect::<Vec<_>>(),
        &[10.0, 15.25, 9.75],
    );
    // Skilled cover: nurse + skilled hours over all hours.
    // weekdays (25 + 17.25) / 57.5; weekend (10 + 15.25) / 35.
    close(k.skilled_cover_weekday, 42.25 / 57.5);
    close(k.skilled_cover_weekend, 25.25 / 35.0);
    close(k.total_paid_hours, 92.5);
}

#[test]
fn skilled_cover_is_zero_without_hours_and_follows_skilled_from() {
    let sc = week_scenario();
    let k = validate(&sc, &Rota::empty(&sc)).kpis;
    assert_eq!(
        (k.skilled_cover_weekday, k.skilled_cover_weekend),
        (0.0, 0.0)
    );
    assert_eq!(k.total_paid_hours, 0.0);

    // With `skilled_from: nurse` only nurse hours count: weekdays 25 / 57.5, weekend 10 / 35.
    let mut spec = sc.spec().clone();
    spec.skilled_from = Some("nurse".into());
    let sc = Scenario::new(spec).unwrap();
    let k = validate(&sc, &week_rota(&sc)).kpis;
    close(k.skilled_cover_weekday, 25.0 / 57.5);
    close(k.skilled_cover_weekend, 10.0 / 35.0);
}

#[test]
fn per_person_weekend_night_and_sunday_hours() {
    let sc = week_scenario();
    let r = validate(&sc, &week_rota(&sc));
    // Night window 21:00–06:00; Sunday window (AML) Sat 18:00 → Sun 22:00.
    //
    // nina: 4 shifts, 35 h. Night: Tue A 1 + Wed N 8.25 + Sat N 8.25 = 17.5. Sunday: the whole
    //   Sat N (Sat 21:45 → Sun 07:45) = 10. Weekend 10, one weekend.
    // sam: 4 shifts, 32.5 h. Night: Mon A 1 + Fri N 8.25 = 9.25. Sunday: Sun D = 7.5 (Fri N ends
    //   Sat 07:45, before the window). Weekend 7.75 + 7.5 = 15.25.
    // asta: 3 shifts, 25 h. Night: Sun N 8.25. Sunday: Sun N 21:45–22:00 = 0.25. Weekend
    //   Sat D 7.5 + Sun N 2.25 = 9.75.
    let expect = [
        ("nina", 4, 35.0, 10.0, 1, 17.5, 10.0),
        ("sam", 4, 32.5, 15.25, 1, 9.25, 7.5),
        ("asta", 3, 25.0, 9.75, 1, 8.25, 0.25),
    ];
    for (id, shifts, paid, weekend, weekends, night, sunday) in expect {
        let p = person(&r, id);
        assert_eq!(p.shifts, shifts, "{id}");
        close(p.paid_hours, paid);
        close(p.weekend_hours, weekend);
        assert_eq!(p.weekends_worked, weekends, "{id}");
        close(p.night_hours, night);
        close(p.sunday_hours, sunday);
    }
    assert_eq!(person(&r, "sam").competence, "skilled");
}

#[test]
fn comparable_to_continuous_is_pro_rata() {
    let sc = week_scenario();
    let r = validate(&sc, &week_rota(&sc));
    // One week of 364 days: 539 × 7/364 = 10.37 night hours and 231 × 7/364 = 4.44 Sunday hours.
    // nina (17.5 night, 10 Sunday) passes; sam (9.25 night) and asta (8.25 night) do not.
    assert!(person(&r, "nina").comparable_to_continuous);
    assert!(!person(&r, "sam").comparable_to_continuous);
    assert!(!person(&r, "asta").comparable_to_continuous);
}

#[test]
fn ks_three_shift_week_clamps_to_the_floor() {
    let sc = week_scenario();
    let r = validate(&sc, &week_rota(&sc));
    // nina works D, A and N and the (only) Sunday of the cycle:
    //   credited = 35 + 17.5 × 0.25 + (10 − 8.25) × 1/6 = 39.667; 35.5 × 35 / 39.667 = 31.32,
    //   clamped up to 33.6.
    // sam works D, A and N and Sunday: credited = 32.5 + 9.25 × 0.25 + 7.5 / 6 = 36.0625;
    //   35.5 × 32.5 / 36.0625 = 31.99 → 33.6.
    // asta works no evening shift: not three-shift, 35.5.
    close(person(&r, "nina").full_time_week_hours, 33.6);
    close(person(&r, "sam").full_time_week_hours, 33.6);
    close(person(&r, "asta").full_time_week_hours, 35.5);
}

/// Three weeks, one nurse: days in week 1, an evening and a Sunday day in week 2, a Friday night
/// in week 3.
fn three_weeks(sunday_or_saturday: &str) -> f64 {
    let sc = scenario(
        cyclic(3),
        json!([{ "id": "kari", "competence": "nurse", "position": { "current_pct": 100 } }]),
        json!({}),
        json!({ "full_time_week": ks_three_shift() }),
    );
    let week2 = match sunday_or_saturday {
        "sun" => "D D D D A - D",
        _ => "D D D D A D -",
    };
    let cells = format!("D D D D D - - {week2} D D D D N - -");
    let r = validate(&sc, &rota(&sc, &[("kari", &cells)]));
    person(&r, "kari").full_time_week_hours
}

#[test]
fn ks_three_shift_week_between_floor_and_base() {
    // 14 D (105 h) + 1 A (7.5 h) + 1 N (10 h) = 122.5 h paid.
    // Night: A 1 + N 8.25 = 9.25 h. Sunday: the Sunday D, 7.5 h (the Friday night ends Saturday
    // 07:45, before the window). One Sunday in three: often enough.
    // credited = 122.5 + 9.25 × 0.25 + 7.5 × 1/6 = 126.0625; week = 35.5 × 122.5 / 126.0625.
    close(three_weeks("sun"), 35.5 * 122.5 / 126.0625); // ≈ 34.497
                                                        // The same work on the Saturday instead: no Sunday worked, so the base week.
    close(three_weeks("sat"), 35.5);
}

#[test]
fn nurse_every_hour_counts_uncovered_clock_hours() {
    let sc = week_scenario();
    let k = validate(&sc, &week_rota(&sc)).kpis;
    // nina is the only nurse. Whole hours she covers (60-minute slots):
    //   Mon D 07:30–15:00: 08–15 = 7 (07–08 is half);   Tue A: 15–22 = 7;
    //   Wed N 21:45 → Thu 07:45: 22–24 + 00–07 = 9;      Sat N: 9.
    // 32 of 168 hours → 136 without a nurse.
    assert!(!k.nurse_every_hour);
    assert_eq!(k.hours_without_nurse, 136);
}

#[test]
fn nurse_every_hour_depends_on_slot_length() {
    // One nurse on Monday D 07:30–15:00 in a one-week cycle.
    // 15-, 45- and 60-minute slots: hours 08–15 covered (7), 161 without.
    // 120-minute slots: the slots 06–08 and 14–16 are only partly covered, so 08–14 (6): 162.
    for (slot, without) in [(15, 161), (45, 161), (60, 161), (120, 162)] {
        let sc = scenario(
            cyclic(1),
            json!([{ "id": "n", "competence": "nurse" }]),
            json!({ "slot_minutes": slot }),
            json!({ "full_time_week": { "hours": 35.5 } }),
        );
        let k = validate(&sc, &rota(&sc, &[("n", "D - - - - - -")])).kpis;
        assert_eq!(k.hours_without_nurse, without, "slot {slot}");
    }
}

#[test]
fn nurse_present_around_the_clock() {
    // Three nurses, D / A / N every day: 07:30–15:00, 14:30–22:00, 21:45–07:45 overlap, so every
    // hour has at least one nurse, including the cycle wrap from Sunday night into Monday.
    let sc = scenario(
        cyclic(1),
        json!([
            { "id": "a", "competence": "nurse" },
            { "id": "b", "competence": "nurse" },
            { "id": "c", "competence": "nurse" }
        ]),
        json!({ "slot_minutes": 15 }),
        json!({ "full_time_week": { "hours": 35.5 } }),
    );
    let r = rota(
        &sc,
        &[
            ("a", "D D D D D D D"),
            ("b", "A A A A A A A"),
            ("c", "N N N N N N N"),
        ],
    );
    let k = validate(&sc, &r).kpis;
    assert!(k.nurse_every_hour);
    assert_eq!(k.hours_without_nurse, 0);
    // Without the Sunday night, Sunday 22:00 → Monday 07:30 is open: Sunday 22–24 (2 hours),
    // Monday 00–07 (7), and 07–08, which has the Monday D only from 07:30: 10 hours.
    let mut r2 = r.clone();
    r2.cells[2][6] = None;
    let k = validate(&sc, &r2).kpis;
    assert!(!k.nurse_every_hour);
    assert_eq!(k.hours_without_nurse, 10);
}

#[test]
fn dated_horizon_counts_every_hour_and_holidays_as_sundays() {
    // Monday 17 May 2027 (Constitution Day, a red day) and Tuesday 18 May. The nurse works D on
    // the holiday and N on the last day; the part of the night after the horizon is dropped and
    // nothing wraps.
    let sc = scenario(
        json!({ "kind": "dated", "start": "2027-05-17", "days": 2 }),
        json!([{ "id": "n", "competence": "nurse", "position": { "current_pct": 100 } }]),
        json!({}),
        json!({ "full_time_week": { "hours": 35.5 } }),
    );
    let r = validate(&sc, &rota(&sc, &[("n", "D N")]));
    let k = &r.kpis;
    // Covered: 08–15 on day 0 (7) and 22–24 on day 1 (2): 9 of 48 hours.
    assert_eq!(k.hours_without_nurse, 39);
    let p = person(&r, "n");
    // Holiday window 16 May 18:00 → 17 May 22:00 holds the whole D.
    close(p.sunday_hours, 7.5);
    // The night counts in full for the person (paid), 8.25 h in the night window.
    close(p.night_hours, 8.25);
    close(p.paid_hours, 17.5);
    close(p.full_time_week_hours, 35.5);
    // No weekend in the horizon.
    assert_eq!(p.weekends_worked, 0);
    close(k.hours_by_competence[0].weekend_hours, 0.0);
    close(k.hours_by_competence[0].weekday_hours, 17.5);
}

#[test]
fn back_to_back_red_days_count_shared_hours_once() {
    // Monday 20 December 2027 for two weeks: Christmas Day is Saturday 25th (window from 15:00 on
    // Christmas Eve to 22:00), Boxing Day Sunday 26th (window from 18:00 on the 25th to 22:00).
    // The two windows overlap 18:00–22:00 on the 25th; those hours count once.
    let sc = scenario(
        json!({ "kind": "dated", "start": "2027-12-20", "days": 14 }),
        json!([{ "id": "n", "competence": "nurse" }]),
        json!({}),
        json!({ "full_time_week": { "hours": 35.5 } }),
    );
    let r = validate(&sc, &rota(&sc, &[("n", "- - - - N A D - - - - - - -")]));
    let p = person(&r, "n");
    // Christmas Eve N 21:45–07:45 (10), Christmas Day A (7.5), Boxing Day D (7.5): all inside.
    close(p.sunday_hours, 25.0);
    close(p.night_hours, 8.25 + 1.0);
    // KS weekend Sat 00:00 → Mon 00:00: 7.75 of the night, the A and the D.
    close(p.weekend_hours, 22.75);
    assert_eq!(p.weekends_worked, 1);
}

#[test]
fn weekend_hours_are_paid_pro_rata_and_follow_the_window_setting() {
    // Two-week cycle, one skilled worker; the night N9 has a one-hour unpaid break (9 of 10 h
    // paid, ratio 0.9). Rota: Friday N9 in week 1, Sunday D in week 2.
    let build = |weekend: Option<Value>| {
        let mut windows = json!({});
        if let Some(w) = weekend {
            windows["weekend"] = w;
        }
        let doc = json!({
            "format_version": 1,
            "name": "pro rata",
            "horizon": cyclic(2),
            "shifts": [
                { "id": "D", "start": "07:30", "end": "15:00" },
                { "id": "N9", "start": "21:45", "end": "07:45", "break_minutes": 60, "category": "night" }
            ],
            "staff": [{ "id": "s", "competence": "skilled" }],
            "rules": { "full_time_week": { "hours": 35.5 }, "windows": windows }
        });
        let sc = Scenario::from_json(&doc.to_string()).unwrap();
        let rota = rota(&sc, &[("s", "- - - - N9 - - - - - - - - D")]);
        validate(&sc, &rota)
    };
    // KS window Sat 00:00 → Sun 24:00: 7.75 of the night's 10 clock hours → 7.75 × 0.9 = 6.975
    // paid inside, plus the Sunday D 7.5: 14.475; two weekends worked.
    let r = build(None);
    let p = person(&r, "s");
    close(p.paid_hours, 16.5);
    close(p.weekend_hours, 14.475);
    assert_eq!(p.weekends_worked, 2);
    close(p.night_hours, 8.25 * 0.9);
    close(r.kpis.hours_by_competence[1].weekend_hours, 14.475);
    close(r.kpis.hours_by_competence[1].weekday_hours, 16.5 - 14.475);
    // AML Sunday window as the weekend (Sat 18:00 → Sun 22:00): the Friday night is outside, the
    // Sunday D inside.
    let r = build(Some(json!({
        "from": { "day": "Sat", "time": "18:00" },
        "to": { "day": "Sun", "time": "22:00" }
    })));
    let p = person(&r, "s");
    close(p.weekend_hours, 7.5);
    assert_eq!(p.weekends_worked, 1);
}

#[test]
fn under_and_over_staffing_against_the_curve() {
    let sc = week_scenario();
    let r = validate(&sc, &week_rota(&sc));
    // Curve: Mon 07–15 skilled min 1 target 2; Mon 15–22 nurse min 1; Sat 22 → Sun 07 assistant
    // min 1.
    //   Mon 07–08: nina 0.5 (from 07:30) + asta 0.75 (Sunday night until 07:45); the assistant
    //     cannot fill skilled demand, the nurse fills 0.5 → 0.5 short of min, 1 more of target.
    //   Mon 08–14: nina 1 → min met, 1 short of target (6 slots).
    //   Mon 14–15: nina 1 + sam 0.5 → 0.5 short of target.
    //   Mon 15–22: sam (skilled) only, nurse demand → 1 short each hour: 7.
    //   Sat 22 → Sun 07: nina fills the assistant demand.
    // Under min: nurse 7, skilled 0.5. Under target counts the whole shortfall against the
    // target, also the part below the minimum: skilled 1.5 + 6 + 0.5 = 8; the nurse demand has
    // target = min, so 7.
    close_all(&r.terms.under_min_hours, &[7.0, 0.5, 0.0]);
    close_all(&r.terms.under_target_hours, &[7.0, 8.0, 0.0]);
    close(r.kpis.under_staffing_hours, 7.5);
    // Over: 92.5 person-hours in all; the demand slots hold 8.75 + 7 + 9 = 24.75, none above its
    // target, so everything else is over: 92.5 − 24.75.
    close(r.terms.over_hours, 67.75);
    close(r.kpis.over_staffing_hours, 67.75);
}

#[test]
fn slots_show_demand_and_staff() {
    let sc = week_scenario();
    let k = validate(&sc, &week_rota(&sc)).kpis;
    assert_eq!(k.slots.len(), 7 * 24);
    let s = &k.slots[7]; // Mon 07:00
    assert_eq!((s.day, s.time), (0, hm("07:00")));
    assert_eq!(
        (&s.min[..], &s.target[..]),
        (&[0, 1, 0][..], &[0, 2, 0][..])
    );
    close_all(&s.staffed, &[0.5, 0.0, 0.75]);
    let s = &k.slots[15]; // Mon 15:00
    assert_eq!(
        (&s.min[..], &s.target[..]),
        (&[1, 0, 0][..], &[1, 0, 0][..])
    );
    close_all(&s.staffed, &[0.0, 1.0, 0.0]);
    let s = &k.slots[5 * 24 + 22]; // Sat 22:00
    assert_eq!(
        (s.day, s.time, &s.min[..]),
        (5, hm("22:00"), &[0, 0, 1][..])
    );
    close_all(&s.staffed, &[1.0, 0.0, 0.0]);
    // asta's Sunday night: 21:45 in the last slot of Sunday 21:00, all of 23:00, and wrapped into
    // Monday 00:00.
    close_all(&k.slots[6 * 24 + 21].staffed, &[0.0, 0.0, 0.25]);
    let last = k.slots.last().unwrap();
    assert_eq!((last.day, last.time), (6, hm("23:00")));
    close_all(&last.staffed, &[0.0, 0.0, 1.0]);
    close_all(&k.slots[0].staffed, &[0.0, 0.0, 1.0]);
    // The slots add up to the clock hours worked (no breaks here).
    let staffed: f64 = k.slots.iter().flat_map(|s| s.staffed.iter()).sum();
    close(staffed, 92.5);
}

#[test]
fn slots_with_quarter_hours_label_every_quarter() {
    let sc = scenario(
        cyclic(1),
        json!([{ "id": "n", "competence": "nurse" }]),
        json!({ "slot_minutes": 15, "curve": [
            { "days": ["tue"], "from": "07:15", "to": "07:45", "competence": "nurse", "min": 1, "target": 2 }
        ]}),
        json!({ "full_time_week": { "hours": 35.5 } }),
    );
    let k = validate(&sc, &rota(&sc, &[("n", "- D - - - - -")])).kpis;
    assert_eq!(k.slots.len(), 7 * 96);
    let tue = 96;
    let labels: Vec<String> = k.slots[tue + 28..tue + 32]
        .iter()
        .map(|s| s.time.to_string())
        .collect();
    assert_eq!(labels, ["07:00", "07:15", "07:30", "07:45"]);
    let mins: Vec<u32> = k.slots[tue + 28..tue + 32]
        .iter()
        .map(|s| s.min[0])
        .collect();
    assert_eq!(mins, [0, 1, 1, 0]);
    // 07:15–07:30 is short one nurse (min), 07:30–07:45 one short of target: 0.25 h each.
    close(k.under_staffing_hours, 0.25);
}

#[test]
fn slots_with_more_levels_than_stored_inline() {
    // Five levels: per-level figures go past the four stored inline.
    let doc = json!({
        "format_version": 1,
        "name": "five levels",
        "horizon": cyclic(1),
        "competences": [{ "id": "l0" }, { "id": "l1" }, { "id": "l2" }, { "id": "l3" }, { "id": "l4" }],
        "shifts": [{ "id": "M", "start": "08:00", "end": "09:00" }],
        "staff": [{ "id": "x", "competence": "l4" }],
        "demand": { "curve": [
            { "days": ["mon"], "from": "08:00", "to": "09:00", "competence": "l4", "min": 2, "target": 3 }
        ]},
        "rules": { "full_time_week": { "hours": 35.5 } }
    });
    let sc = Scenario::from_json(&doc.to_string()).unwrap();
    let r = validate(&sc, &rota(&sc, &[("x", "M - - - - - -")]));
    let s = &r.kpis.slots[8];
    assert_eq!(&s.min[..], &[0, 0, 0, 0, 2]);
    assert_eq!(&s.target[..], &[0, 0, 0, 0, 3]);
    close_all(&s.staffed, &[0.0, 0.0, 0.0, 0.0, 1.0]);
    close(r.kpis.under_staffing_hours, 1.0);
    let v: Value = serde_json::from_str(&r.to_json()).unwrap();
    assert_eq!(v["kpis"]["slots"][8]["min"], json!([0, 0, 0, 0, 2]));
    assert_eq!(v["kpis"]["slots"][8]["time"], "08:00");
}

#[test]
fn per_level_values_behave_like_a_slice() {
    let three: PerLevel<u32> = [1, 2, 3].into_iter().collect();
    let six: PerLevel<u32> = (1..=6).collect();
    assert_eq!(&three[..], &[1, 2, 3]);
    assert_eq!(&six[..], &[1, 2, 3, 4, 5, 6]);
    assert_eq!(PerLevel::from_slice(&[1, 2, 3]), three);
    assert_eq!(PerLevel::from_slice(&[1, 2, 3, 4, 5, 6]), six);
    assert_ne!(three, six);
    assert!(PerLevel::<f64>::default().is_empty());
    assert_eq!(format!("{three:?}"), "[1, 2, 3]");
    assert_eq!(serde_json::to_string(&six).unwrap(), "[1,2,3,4,5,6]");
}

// ---------------------------------------------------------------------------------------------
// The nested competence rule: a nurse counts toward skilled demand, but fills one place only.

fn one_hour(curve: Value, staff: Value, cells: &[(&str, &str)]) -> Report {
    let doc = json!({
        "format_version": 1,
        "name": "one hour",
        "horizon": cyclic(1),
        "qualifications": [{ "id": "med" }],
        "shifts": [{ "id": "M", "start": "08:00", "end": "09:00" }],
        "staff": staff,
        "demand": { "curve": curve },
        "rules": { "full_time_week": { "hours": 35.5 } }
    });
    let sc = Scenario::from_json(&doc.to_string()).unwrap();
    let r = rota(&sc, cells);
    validate(&sc, &r)
}

fn monday_8_to_9(competence: &str, min: u32) -> Value {
    json!({ "days": ["mon"], "from": "08:00", "to": "09:00", "competence": competence, "min": min })
}

#[test]
fn a_nurse_fills_skilled_demand_but_never_twice() {
    let nurse = json!([{ "id": "n", "competence": "nurse" }]);
    let nurse_works = [("n", "M - - - - - -")];
    // Skilled demand only: the nurse fills it.
    let r = one_hour(
        json!([monday_8_to_9("skilled", 1)]),
        nurse.clone(),
        &nurse_works,
    );
    close_all(&r.terms.under_min_hours, &[0.0, 0.0, 0.0]);
    close(r.kpis.under_staffing_hours, 0.0);
    // Nurse and skilled demand, one nurse: she takes the nurse place, the skilled place is open.
    let r = one_hour(
        json!([monday_8_to_9("nurse", 1), monday_8_to_9("skilled", 1)]),
        nurse.clone(),
        &nurse_works,
    );
    close_all(&r.terms.under_min_hours, &[0.0, 1.0, 0.0]);
    close(r.kpis.under_staffing_hours, 1.0);
    close(r.terms.under_min, 1000.0);
    // Two nurses fill both.
    let r = one_hour(
        json!([monday_8_to_9("nurse", 1), monday_8_to_9("skilled", 1)]),
        json!([{ "id": "n", "competence": "nurse" }, { "id": "m", "competence": "nurse" }]),
        &[("n", "M - - - - - -"), ("m", "M - - - - - -")],
    );
    close_all(&r.terms.under_min_hours, &[0.0, 0.0, 0.0]);
    close(r.terms.over_hours, 0.0);
    // A skilled worker never fills nurse demand; an assistant never fills skilled demand.
    let r = one_hour(
        json!([monday_8_to_9("nurse", 1), monday_8_to_9("skilled", 1)]),
        json!([{ "id": "s", "competence": "skilled" }, { "id": "a", "competence": "assistant" }]),
        &[("s", "M - - - - - -"), ("a", "M - - - - - -")],
    );
    close_all(&r.terms.under_min_hours, &[1.0, 0.0, 0.0]);
    close(r.terms.over_hours, 0.0);
}

#[test]
fn qualification_demand_is_not_under_staffing() {
    // One skilled worker without the qualification is present; the curve asks for one skilled
    // worker with "med". The qualification shortfall is an objective term only.
    let mut period = monday_8_to_9("skilled", 1);
    period["qualification"] = json!("med");
    let r = one_hour(
        json!([period]),
        json!([{ "id": "s", "competence": "skilled" }]),
        &[("s", "M - - - - - -")],
    );
    close(r.terms.under_min_qualification_hours, 1.0);
    close(r.terms.under_min, 1000.0);
    close(r.kpis.under_staffing_hours, 0.0);
    // The qualified person is not qualification demand for the curve: with no curve demand she is
    // over-staffing.
    close(r.kpis.over_staffing_hours, 1.0);
}

// ---------------------------------------------------------------------------------------------
// Objective terms of the main case.

#[test]
fn per_shift_cover_terms() {
    let sc = week_scenario();
    let t = validate(&sc, &week_rota(&sc)).terms;
    // Mon D needs 2, has nina: 1 short × 10. Sat N needs a nurse: nina. Sun N needs a nurse, has
    // asta (an assistant, not counted): 1 short × 50. Fri N needs 0, has sam: 1 over × 4.
    close(t.cover_under_count, 2.0);
    close(t.cover_under, 60.0);
    close(t.cover_over_count, 1.0);
    close(t.cover_over, 4.0);
}

#[test]
fn request_terms() {
    let sc = week_scenario();
    let t = validate(&sc, &week_rota(&sc)).terms;
    // nina: Thursday off granted; Monday A denied (she works D): 5.
    // sam: weekend off is two requests; Saturday off granted (the cell is off even though the
    //   Friday night runs into it); Sunday denied: 2.
    // asta: Friday on granted; Sunday N off denied: 4.
    assert_eq!(t.requests_denied, 3);
    close(t.requests, 11.0);
}

#[test]
fn position_and_part_time_terms() {
    let sc = week_scenario();
    let t = validate(&sc, &week_rota(&sc)).terms;
    // Shortfall against wanted: sam 100 − 80 = 20, asta 50 − 40 = 10: 30 points × 20.
    close(t.position_shortfall_pct, 30.0);
    close(t.position_shortfall, 600.0);
    // Part time: sam and asta, × 100.
    assert_eq!(t.part_time_count, 2);
    close(t.part_time, 200.0);
    // With sam at 100 % in the rota only asta is short (10 points) and part time.
    let mut rota = week_rota(&sc);
    rota.positions[1] = Some(100.0);
    let t = validate(&sc, &rota).terms;
    close(t.position_shortfall_pct, 10.0);
    assert_eq!(t.part_time_count, 1);
}

#[test]
fn fairness_term() {
    let sc = week_scenario();
    let t = validate(&sc, &week_rota(&sc)).terms;
    // Weekends worked 1, 1, 1 (spread 0); nights 2, 1, 1 (1); evenings 1, 1, 0 (1). × 2.
    close(t.fairness_spread, 2.0);
    close(t.fairness, 4.0);
}

#[test]
fn objective_is_the_sum_of_the_terms() {
    let sc = week_scenario();
    let r = validate(&sc, &week_rota(&sc));
    let t = &r.terms;
    // Default weights: under min 1000 × 7.5, under target 10 × 15, over 1 × 67.75.
    close(t.under_min, 7500.0);
    close(t.under_target, 150.0);
    close(t.over, 67.75);
    assert_eq!((t.share, t.presence, t.soft_rules), (0.0, 0.0, 0.0));
    // 7500 + 150 + 67.75 + cover 60 + 4 + positions 600 + 200 + requests 11 + fairness 4.
    close(t.total, 8596.75);
    assert_eq!(r.objective, t.total);
    assert_eq!(r.hard_violations, 0);
}

#[test]
fn kpis_serialise_to_json() {
    let sc = week_scenario();
    let report = validate(&sc, &week_rota(&sc));
    let v: Value = serde_json::from_str(&report.to_json()).unwrap();
    assert_eq!(v["kpis"]["positions"], 3);
    assert_eq!(v["kpis"]["slots"][7]["time"], "07:00");
    assert_eq!(v["kpis"]["people"][0]["staff"], "nina");
    assert_eq!(v["kpis"]["hours_without_nurse"], 136);
}

// ---------------------------------------------------------------------------------------------
// Invariants on a nursing-home-sized case: the KPIs must add up among themselves and agree with
// the objective terms, whatever the rota.

/// 32 staff over 6 weeks (cyclic or dated), a patterned rota of D, A and N with days off.
fn big(horizon: Value, slot: u32) -> (Scenario, Rota) {
    let comps = ["nurse", "skilled", "assistant"];
    let staff: Vec<Value> = (0..32)
        .map(|i| {
            json!({ "id": format!("p{i}"), "competence": comps[i % 3],
                    "position": { "current_pct": 40 + (i % 7) * 10 } })
        })
        .collect();
    let sc = scenario(
        horizon,
        Value::Array(staff),
        json!({ "slot_minutes": slot, "curve": [
            { "days": ["all"], "from": "07:00", "to": "15:00", "competence": "nurse", "min": 1, "target": 2 },
            { "days": ["all"], "from": "07:00", "to": "15:00", "competence": "skilled", "min": 3, "target": 4 },
            { "days": ["weekdays"], "from": "15:00", "to": "22:00", "competence": "skilled", "min": 2, "target": 3 },
            { "days": ["all"], "from": "22:00", "to": "07:00", "competence": "nurse", "min": 1 }
        ]}),
        json!({ "full_time_week": ks_three_shift() }),
    );
    let mut rota = Rota::empty(&sc);
    for p in 0..sc.staff.len() {
        for d in 0..sc.days() {
            if (p + d) % 7 < 5 {
                rota.cells[p][d] = Some((p + d / 7) % 3);
            }
        }
    }
    (sc, rota)
}

#[test]
fn kpis_add_up_on_a_nursing_home_sized_case() {
    let dated = json!({ "kind": "dated", "start": "2027-03-22", "days": 42 }); // Easter 2027
    for (horizon, slot) in [(cyclic(6), 60), (cyclic(6), 15), (dated, 30)] {
        let (sc, rota) = big(horizon, slot);
        let r = validate(&sc, &rota);
        let k = &r.kpis;
        let worked: usize = rota.cells.iter().flatten().flatten().count();
        assert_eq!(k.people.iter().map(|p| p.shifts).sum::<usize>(), worked);
        let paid: f64 = k.people.iter().map(|p| p.paid_hours).sum();
        close(paid, k.total_paid_hours);
        let by_level: f64 = k
            .hours_by_competence
            .iter()
            .map(|h| h.weekday_hours + h.weekend_hours)
            .sum();
        assert!((by_level - paid).abs() < 1e-6);
        let weekend: f64 = k.people.iter().map(|p| p.weekend_hours).sum();
        let weekend_by_level: f64 = k.hours_by_competence.iter().map(|h| h.weekend_hours).sum();
        assert!((weekend - weekend_by_level).abs() < 1e-6);
        assert!(k.skilled_cover_weekday > 0.0 && k.skilled_cover_weekday < 1.0);
        close(k.under_staffing_hours, r.terms.under_min_hours.iter().sum());
        close(k.over_staffing_hours, r.terms.over_hours);
        assert_eq!(k.slots.len(), sc.slots());
        // No breaks: people-slots add up to the clock hours inside the horizon.
        let slot_h = f64::from(slot) / 60.0;
        let staffed: f64 = k.slots.iter().flat_map(|s| s.staffed.iter()).sum::<f64>() * slot_h;
        // On the dated horizon the nights of the last day are cut at its end (07:45 → 24:00).
        let cut = if sc.calendar.is_cyclic() {
            0.0
        } else {
            let last = sc.days() - 1;
            let nights = (0..sc.staff.len())
                .filter(|&p| rota.cells[p][last] == sc.shift_index("N"))
                .count();
            nights as f64 * 7.75
        };
        assert!(
            (staffed + cut - paid).abs() < 1e-6,
            "{staffed} + {cut} vs {paid}"
        );
        assert!(k.hours_without_nurse <= sc.days() * 24);
        for p in &k.people {
            assert!((33.6..=35.5).contains(&p.full_time_week_hours), "{p:?}");
            assert!(p.weekends_worked <= 6 && p.weekend_hours <= p.paid_hours);
        }
        assert_eq!(r.objective, r.terms.total);
    }
}
