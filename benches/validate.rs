//! How long `validate` takes. The target is under 1 ms for the nursing-home fixture's 6-week rota.
//!
//! Cases:
//! - `validate/doc_example`: `fixtures/doc_example.json` (2 weeks, 4 staff) with a rota built here;
//! - `validate/doc_example_6w_x7`: the same unit stretched to a 6-week cycle with 28 staff, a
//!   stand-in of nursing-home size built here;
//! - `validate/nursing_home`: `fixtures/nursing_home/{scenario,rota}.json`, when they exist;
//! - `person_violations/nursing_home`: the same rota, one person's own rules checked alone (the
//!   check the solver's greedy row heuristic runs once per cell it tries), for the first
//!   person: compare with `validate/nursing_home` over the 33 staff.
//!
//! Run: `cargo bench --bench validate -- --warm-up-time 1 --measurement-time 3`

use std::hint::black_box;
use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion};
use turnus::{person_violations, validate, Rota, Scenario};

fn read(path: &str) -> Option<String> {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(path)).ok()
}

/// A 2-week pattern shifted by three days per person: days, evenings and (for those who may)
/// nights, with blocks of days off.
fn patterned_rota(sc: &Scenario) -> Rota {
    const PATTERN: [&str; 14] = [
        "D", "D", "A", "A", "-", "-", "N", "N", "-", "-", "-", "D", "D", "-",
    ];
    let mut rota = Rota::empty(sc);
    for (p, staff) in sc.staff.iter().enumerate() {
        for d in 0..sc.days() {
            let code = match PATTERN[(d + 3 * p) % PATTERN.len()] {
                "N" if staff.spec.no_nights => "D",
                code => code,
            };
            rota.cells[p][d] = sc.shift_index(code);
        }
    }
    rota
}

/// The doc example with a 6-week horizon and every person copied `copies` times.
fn stretched_doc_example(doc: &str, copies: usize) -> Scenario {
    let mut v: serde_json::Value = serde_json::from_str(doc).expect("doc example is JSON");
    v["horizon"] = serde_json::json!({ "kind": "cyclic", "weeks": 6 });
    let staff = v["staff"].as_array().expect("staff list").clone();
    let mut all = Vec::new();
    for k in 0..copies {
        for s in &staff {
            let mut s = s.clone();
            s["id"] = format!("{}-{k}", s["id"].as_str().expect("id")).into();
            all.push(s);
        }
    }
    v["staff"] = all.into();
    Scenario::from_json(&v.to_string()).expect("stretched doc example loads")
}

fn bench(c: &mut Criterion) {
    let doc = read("fixtures/doc_example.json").expect("fixtures/doc_example.json");
    let sc = Scenario::from_json(&doc).expect("doc example loads");
    let rota = patterned_rota(&sc);
    c.bench_function("validate/doc_example", |b| {
        b.iter(|| validate(black_box(&sc), black_box(&rota)))
    });

    let sc = stretched_doc_example(&doc, 7);
    let rota = patterned_rota(&sc);
    c.bench_function("validate/doc_example_6w_x7", |b| {
        b.iter(|| validate(black_box(&sc), black_box(&rota)))
    });

    let (scenario, rota) = (
        "fixtures/nursing_home/scenario.json",
        "fixtures/nursing_home/rota.json",
    );
    match (read(scenario), read(rota)) {
        (Some(s), Some(r)) => {
            let sc = Scenario::from_json(&s).expect("nursing-home scenario loads");
            let rota = Rota::from_json(&sc, &r).expect("nursing-home rota loads");
            c.bench_function("validate/nursing_home", |b| {
                b.iter(|| validate(black_box(&sc), black_box(&rota)))
            });
            c.bench_function("person_violations/nursing_home", |b| {
                b.iter(|| person_violations(black_box(&sc), black_box(&rota), black_box(0)))
            });
        }
        _ => println!("skipping validate/nursing_home: {scenario} or {rota} not found"),
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
