//! Bad input: every kind is an `Err` naming the JSON path of the problem, never a panic. The
//! messages are snapshots (`insta`), so a change to one is reviewed.

use serde_json::{json, Value};
use turnus_core::{InputError, Rota, Scenario};

/// A small valid scenario that touches every part the cases below break.
fn base() -> Value {
    json!({
        "format_version": 1,
        "name": "input test",
        "horizon": { "kind": "cyclic", "weeks": 1 },
        "shifts": [
            { "id": "D", "start": "07:30", "end": "15:00", "category": "day" },
            { "id": "A", "start": "14:30", "end": "22:00", "category": "evening" },
            { "id": "N", "start": "21:45", "end": "07:45", "break_minutes": 0, "category": "night" }
        ],
        "staff": [
            { "id": "kari", "competence": "nurse", "position": { "current_pct": 80, "wanted_pct": 100 },
              "fixed": [{ "day": 0, "shift": "D" }],
              "requests": [{ "days": ["sat"], "kind": "off", "shift": "N", "weight": 5 }],
              "max_shifts": { "N": 2 },
              "unavailable": [3],
              "limits": { "min_total_minutes": 600, "max_total_minutes": 2400 } },
            { "id": "ola", "competence": "skilled", "position": { "current_pct": 100 } },
            { "id": "per", "competence": "assistant", "position": { "current_pct": 40 }, "no_nights": true }
        ],
        "demand": {
            "slot_minutes": 60,
            "curve": [
                { "days": ["all"], "from": "08:00", "to": "15:00", "competence": "skilled", "min": 1, "target": 2 }
            ],
            "shift_cover": [
                { "days": ["weekend"], "shift": "D", "required": 1, "weight_under": 10, "weight_over": 1 }
            ]
        },
        "rules": {
            "full_time_week": { "hours": 35.5 },
            "min_consecutive_days": { "value": 2 },
            "max_consecutive_days": { "value": 5 },
            "forbidden_successions": [{ "from": "N", "to": "D" }]
        }
    })
}

fn dated(v: &mut Value) {
    v["horizon"] = json!({ "kind": "dated", "start": "2027-01-04", "days": 14 });
}

/// Loads `text` as a scenario, expecting an error.
fn scenario_err_text(text: &str) -> InputError {
    match Scenario::from_json(text) {
        Ok(_) => panic!("accepted a bad scenario:\n{text}"),
        Err(e) => e,
    }
}

/// Applies `edit` to the base scenario and loads it, expecting an error.
fn scenario_err(edit: impl FnOnce(&mut Value)) -> InputError {
    let mut v = base();
    edit(&mut v);
    scenario_err_text(&serde_json::to_string_pretty(&v).unwrap())
}

/// Checks the path and snapshots the message.
#[track_caller]
fn check(name: &str, err: InputError, path: &str) {
    assert_eq!(err.path(), path, "path of: {err}");
    insta::assert_snapshot!(name, err.to_string());
}

#[test]
fn the_base_scenario_is_valid() {
    let sc = Scenario::from_json(&base().to_string()).unwrap();
    assert_eq!(sc.staff.len(), 3);
    let mut v = base();
    dated(&mut v);
    Scenario::from_json(&v.to_string()).unwrap();
    // A dated horizon with its optional fields survives a round trip.
    v["horizon"]["norwegian_holidays"] = json!(false);
    v["horizon"]["extra_holidays"] = json!(["2027-01-06"]);
    let sc = Scenario::from_json(&v.to_string()).unwrap();
    assert_eq!(sc.calendar.day(2).holiday, Some("local holiday"));
    assert_eq!(Scenario::from_json(&sc.to_json()).unwrap(), sc);
}

// --- Ids -------------------------------------------------------------------------------------

#[test]
fn unknown_competence_in_staff() {
    let err = scenario_err(|v| v["staff"][1]["competence"] = json!("sykepleier2"));
    check("unknown_competence_in_staff", err, "staff[1].competence");
}

#[test]
fn unknown_shift_in_fixed_assignment() {
    let err = scenario_err(|v| v["staff"][0]["fixed"][0]["shift"] = json!("X"));
    check(
        "unknown_shift_in_fixed_assignment",
        err,
        "staff[0].fixed[0].shift",
    );
}

#[test]
fn unknown_shift_in_request() {
    let err = scenario_err(|v| v["staff"][0]["requests"][0]["shift"] = json!("K"));
    check(
        "unknown_shift_in_request",
        err,
        "staff[0].requests[0].shift",
    );
}

#[test]
fn unknown_shift_in_max_shifts() {
    let err = scenario_err(|v| v["staff"][0]["max_shifts"] = json!({ "Natt": 2 }));
    check(
        "unknown_shift_in_max_shifts",
        err,
        "staff[0].max_shifts.Natt",
    );
}

#[test]
fn unknown_shift_in_shift_cover() {
    let err = scenario_err(|v| v["demand"]["shift_cover"][0]["shift"] = json!("L"));
    check(
        "unknown_shift_in_shift_cover",
        err,
        "demand.shift_cover[0].shift",
    );
}

#[test]
fn unknown_shift_in_forbidden_succession() {
    let err = scenario_err(|v| v["rules"]["forbidden_successions"][0]["to"] = json!("d"));
    check(
        "unknown_shift_in_forbidden_succession",
        err,
        "rules.forbidden_successions[0].to",
    );
}

#[test]
fn duplicate_staff_id() {
    let err = scenario_err(|v| v["staff"][2]["id"] = json!("kari"));
    check("duplicate_staff_id", err, "staff[2].id");
}

#[test]
fn duplicate_shift_id() {
    let err = scenario_err(|v| v["shifts"][2]["id"] = json!("A"));
    check("duplicate_shift_id", err, "shifts[2].id");
}

// --- Values ----------------------------------------------------------------------------------

#[test]
fn negative_demand() {
    let err = scenario_err(|v| v["demand"]["curve"][0]["min"] = json!(-1));
    check("negative_demand", err, "demand.curve[0].min");
}

#[test]
fn target_below_min() {
    let err = scenario_err(|v| {
        v["demand"]["curve"][0]["min"] = json!(3);
        v["demand"]["curve"][0]["target"] = json!(2);
    });
    check("target_below_min", err, "demand.curve[0].target");
}

#[test]
fn time_25_00() {
    let err = scenario_err(|v| v["shifts"][0]["start"] = json!("25:00"));
    check("time_25_00", err, "shifts[0].start");
}

#[test]
fn time_24_01() {
    let err = scenario_err(|v| v["demand"]["curve"][0]["to"] = json!("24:01"));
    check("time_24_01", err, "demand.curve[0].to");
}

#[test]
fn min_pct_out_of_range() {
    let err = scenario_err(|v| v["staff"][1]["position"]["min_pct"] = json!(105));
    check("min_pct_out_of_range", err, "staff[1].position.min_pct");
}

#[test]
fn min_pct_above_current_pct() {
    let err = scenario_err(|v| v["staff"][0]["position"]["min_pct"] = json!(90));
    check(
        "min_pct_above_current_pct",
        err,
        "staff[0].position.min_pct",
    );
}

#[test]
fn personal_min_total_above_max_total() {
    let err = scenario_err(|v| v["staff"][0]["limits"]["min_total_minutes"] = json!(3000));
    check(
        "personal_min_total_above_max_total",
        err,
        "staff[0].limits.min_total_minutes",
    );
}

#[test]
fn rules_min_consecutive_days_above_max() {
    let err = scenario_err(|v| v["rules"]["min_consecutive_days"]["value"] = json!(6));
    check(
        "rules_min_consecutive_days_above_max",
        err,
        "rules.min_consecutive_days.value",
    );
}

#[test]
fn empty_staff_list() {
    let err = scenario_err(|v| v["staff"] = json!([]));
    check("empty_staff_list", err, "staff");
}

#[test]
fn bad_slot_minutes() {
    let err = scenario_err(|v| v["demand"]["slot_minutes"] = json!(7));
    check("bad_slot_minutes", err, "demand.slot_minutes");
}

#[test]
fn wrong_format_version() {
    let err = scenario_err(|v| v["format_version"] = json!(2));
    check("wrong_format_version", err, "format_version");
}

#[test]
fn break_longer_than_shift() {
    let err = scenario_err(|v| v["shifts"][2]["break_minutes"] = json!(600));
    check("break_longer_than_shift", err, "shifts[2].break_minutes");
}

#[test]
fn no_nights_with_nights_only() {
    let err = scenario_err(|v| v["staff"][2]["nights_only"] = json!(true));
    check("no_nights_with_nights_only", err, "staff[2].nights_only");
}

#[test]
fn horizon_start_out_of_range() {
    // Far dates used to overflow the calendar or Easter computation (a panic).
    for (name, start) in [
        ("horizon_start_far_future", "+262142-12-31"),
        ("horizon_start_before_gregorian", "-0001-01-01"),
    ] {
        let err = scenario_err(|v| {
            v["horizon"] = json!({ "kind": "dated", "start": start, "days": 400 });
        });
        check(name, err, "horizon.start");
    }
}

#[test]
fn empty_shift_list() {
    // With `max_shifts` naming a shift, this used to index an empty shift list (a panic).
    let err = scenario_err(|v| {
        v["shifts"] = json!([]);
        v["staff"][0]["fixed"] = json!([]);
        v["staff"][0]["requests"] = json!([]);
        v["demand"]["shift_cover"] = json!([]);
        v["rules"]["forbidden_successions"] = json!([]);
    });
    check("empty_shift_list", err, "shifts");
}

#[test]
fn presence_starting_at_24_00() {
    let err = scenario_err(|v| {
        v["demand"]["presence"] =
            json!([{ "days": ["all"], "competence": "nurse", "from": "24:00", "to": "06:00" }]);
    });
    check("presence_starting_at_24_00", err, "demand.presence[0].from");
}

#[test]
fn scenario_without_demand_gets_hour_slots() {
    // Regression: a missing `demand` used to give `slot_minutes` 0 and a confusing error.
    let mut v = base();
    v.as_object_mut().unwrap().remove("demand");
    let sc = Scenario::from_json(&v.to_string()).unwrap();
    assert_eq!(sc.slot_minutes, 60);
    assert_eq!(sc.slots(), 7 * 24);
}

// --- Days ------------------------------------------------------------------------------------

#[test]
fn date_outside_dated_horizon() {
    let err = scenario_err(|v| {
        dated(v);
        v["staff"][0]["unavailable"] = json!(["2027-03-01"]);
    });
    check("date_outside_dated_horizon", err, "staff[0].unavailable[0]");
}

#[test]
fn date_on_cyclic_horizon() {
    let err = scenario_err(|v| v["staff"][0]["fixed"][0]["day"] = json!("2027-01-04"));
    check("date_on_cyclic_horizon", err, "staff[0].fixed[0].day");
}

#[test]
fn day_index_out_of_range() {
    let err = scenario_err(|v| v["staff"][0]["unavailable"] = json!([7]));
    check("day_index_out_of_range", err, "staff[0].unavailable[0]");
}

#[test]
fn day_in_request_out_of_range() {
    let err = scenario_err(|v| v["staff"][0]["requests"][0]["days"] = json!(["sat", 9]));
    check(
        "day_in_request_out_of_range",
        err,
        "staff[0].requests[0].days[1]",
    );
}

#[test]
fn unknown_day_name() {
    let err = scenario_err(|v| v["demand"]["curve"][0]["days"] = json!(["all", "lør"]));
    check("unknown_day_name", err, "demand.curve[0].days[1]");
}

// --- JSON ------------------------------------------------------------------------------------

#[test]
fn truncated_json() {
    let text = serde_json::to_string_pretty(&base()).unwrap();
    let mut cut = text.len() / 2;
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    let err = scenario_err_text(&text[..cut]);
    assert!(err.to_string().contains("truncated"), "{err}");
    assert!(matches!(err, InputError::Json { line, .. } if line > 1));
    check("truncated_json", err, "shifts[1].start");
}

#[test]
fn trailing_garbage() {
    let text = serde_json::to_string_pretty(&base()).unwrap() + "\n}\n";
    let err = scenario_err_text(&text);
    check("trailing_garbage", err, "");
}

#[test]
fn unknown_field() {
    let err = scenario_err(|v| {
        let staff = v["staff"][1].as_object_mut().unwrap();
        let c = staff.remove("competence").unwrap();
        staff.insert("competense".into(), c);
    });
    check("unknown_field", err, "staff[1].competense");
}

#[test]
fn missing_field() {
    let err = scenario_err(|v| {
        v["shifts"][1].as_object_mut().unwrap().remove("end");
    });
    check("missing_field", err, "shifts[1]");
}

#[test]
fn wrong_type() {
    let err = scenario_err(|v| v["staff"][1]["position"]["current_pct"] = json!("100 %"));
    check("wrong_type", err, "staff[1].position.current_pct");
}

#[test]
fn wrong_type_inside_the_horizon() {
    let err = scenario_err(|v| v["horizon"]["weeks"] = json!("six"));
    check("wrong_type_inside_the_horizon", err, "horizon.weeks");
}

#[test]
fn unknown_horizon_kind() {
    let err = scenario_err(|v| v["horizon"]["kind"] = json!("annual"));
    check("unknown_horizon_kind", err, "horizon.kind");
}

#[test]
fn weeks_on_a_dated_horizon() {
    let err = scenario_err(|v| {
        dated(v);
        v["horizon"]["weeks"] = json!(2);
    });
    check("weeks_on_a_dated_horizon", err, "horizon");
}

#[test]
fn cyclic_horizon_without_weeks() {
    let err = scenario_err(|v| v["horizon"] = json!({ "kind": "cyclic" }));
    check("cyclic_horizon_without_weeks", err, "horizon");
}

#[test]
fn not_json_at_all() {
    let err = scenario_err_text("format_version = 1\n");
    check("not_json_at_all", err, "");
}

// --- Rotas -----------------------------------------------------------------------------------

fn rota_doc() -> Value {
    json!({
        "format_version": 1,
        "rows": [
            { "staff": "kari", "days": ["D", "D", "-", "-", "N", "N", "-"] },
            { "staff": "ola", "days": ["A", "A", "A", "-", "-", "D", "D"] },
            { "staff": "per", "position_pct": 50, "days": ["-", "-", "D", "D", "D", "-", "-"] }
        ]
    })
}

fn rota_err(edit: impl FnOnce(&mut Value)) -> InputError {
    let sc = Scenario::from_json(&base().to_string()).unwrap();
    let mut v = rota_doc();
    edit(&mut v);
    let text = serde_json::to_string_pretty(&v).unwrap();
    match Rota::from_json(&sc, &text) {
        Ok(_) => panic!("accepted a bad rota:\n{text}"),
        Err(e) => e,
    }
}

#[test]
fn the_base_rota_is_valid() {
    let sc = Scenario::from_json(&base().to_string()).unwrap();
    let rota = Rota::from_json(&sc, &rota_doc().to_string()).unwrap();
    assert_eq!(rota.positions[2], Some(50.0));
    // Round trip.
    assert_eq!(Rota::from_json(&sc, &rota.to_json(&sc)).unwrap(), rota);
}

#[test]
fn rota_unknown_staff() {
    let err = rota_err(|v| v["rows"][1]["staff"] = json!("olaf"));
    check("rota_unknown_staff", err, "rows[1].staff");
}

#[test]
fn rota_missing_row() {
    let err = rota_err(|v| {
        v["rows"].as_array_mut().unwrap().remove(1);
    });
    check("rota_missing_row", err, "rows");
}

#[test]
fn rota_duplicate_row() {
    let err = rota_err(|v| {
        let row = v["rows"][0].clone();
        v["rows"].as_array_mut().unwrap().push(row);
    });
    check("rota_duplicate_row", err, "rows[3].staff");
}

#[test]
fn rota_wrong_number_of_days() {
    let err = rota_err(|v| {
        v["rows"][2]["days"].as_array_mut().unwrap().pop();
    });
    check("rota_wrong_number_of_days", err, "rows[2].days");
}

#[test]
fn rota_unknown_shift_code() {
    let err = rota_err(|v| v["rows"][0]["days"][4] = json!("Nx"));
    check("rota_unknown_shift_code", err, "rows[0].days[4]");
}

#[test]
fn rota_position_out_of_range() {
    let err = rota_err(|v| v["rows"][2]["position_pct"] = json!(120));
    check("rota_position_out_of_range", err, "rows[2].position_pct");
}

#[test]
fn rota_wrong_format_version() {
    let err = rota_err(|v| v["format_version"] = json!(0));
    check("rota_wrong_format_version", err, "format_version");
}

#[test]
fn rota_unknown_field() {
    let err = rota_err(|v| v["rows"][0]["day"] = json!([]));
    check("rota_unknown_field", err, "rows[0].day");
}

// --- Robustness ------------------------------------------------------------------------------

/// xorshift64*: a tiny deterministic generator, enough to pick cut points and bytes.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// 200 damaged copies of a valid scenario (truncated, or with bytes replaced by random
/// characters from a JSON-ish alphabet) must load or fail, never panic.
#[test]
fn damaged_scenarios_never_panic() {
    let mut v = base();
    // Also carry a dated horizon, demand windows and presence so more code is reached.
    v["demand"]["presence"] = json!([{ "days": ["all"], "competence": "nurse" }]);
    let texts = [serde_json::to_string_pretty(&v).unwrap(), {
        dated(&mut v);
        v.to_string()
    }];
    let alphabet = b"{}[]\":,-+.0123456789eE aAzZ_\n";
    let mut rng = Rng(0x7475_726e_7573_2121);
    let (mut ok, mut err) = (0, 0);
    for i in 0..200 {
        let text = &texts[i % 2];
        let mut bytes = text.as_bytes().to_vec();
        if i % 3 == 0 {
            bytes.truncate(rng.below(bytes.len()));
        } else {
            for _ in 0..1 + rng.below(3) {
                let at = rng.below(bytes.len());
                bytes[at] = alphabet[rng.below(alphabet.len())];
            }
        }
        let damaged = String::from_utf8_lossy(&bytes).into_owned();
        let result = std::panic::catch_unwind(|| Scenario::from_json(&damaged));
        match result {
            Ok(Ok(_)) => ok += 1,
            Ok(Err(e)) => {
                err += 1;
                assert!(!e.to_string().is_empty());
            }
            Err(_) => panic!("Scenario::from_json panicked on case {i}:\n{damaged}"),
        }
    }
    assert_eq!(ok + err, 200);
    assert!(err > 100, "most damaged copies are rejected ({err} of 200)");
}
