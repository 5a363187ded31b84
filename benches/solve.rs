//! Solver benches on the fixtures: building the monolithic model, evaluating a rota through the
//! formulation, and a short solve from the hand-made rota. Long solves (60 s to a gap) are
//! measured with `turnus solve` (see benches/RESULTS.md), not here: criterion repeats each case.

use criterion::{criterion_group, criterion_main, Criterion};
use std::path::Path;
use std::time::Duration;
use turnus::{Rota, Scenario};
use turnus_solve::{evaluate, model_size, solve, SolveOptions};

fn load(name: &str) -> Option<(Scenario, Rota)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name);
    let sc = Scenario::from_json(&std::fs::read_to_string(dir.join("scenario.json")).ok()?).ok()?;
    let rota = Rota::from_json(&sc, &std::fs::read_to_string(dir.join("rota.json")).ok()?).ok()?;
    Some((sc, rota))
}

fn benches(c: &mut Criterion) {
    let mut g = c.benchmark_group("solve");
    g.sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5));
    for name in ["small_unit", "nursing_home", "home_care"] {
        let Some((sc, rota)) = load(name) else {
            println!("solve bench: fixtures/{name} is missing; skipped");
            continue;
        };
        g.bench_function(format!("build_model/{name}"), |b| {
            b.iter(|| model_size(&sc, 5.0).unwrap())
        });
        g.bench_function(format!("evaluate/{name}"), |b| {
            b.iter(|| evaluate(&sc, &rota).unwrap())
        });
    }
    if let Some((sc, rota)) = load("small_unit") {
        let opts = SolveOptions {
            time_limit: 2.0,
            max_iterations: Some(5),
            initial: Some(rota),
            ..SolveOptions::default()
        };
        g.bench_function("solve_5_iterations/small_unit", |b| {
            b.iter(|| solve(&sc, &opts).unwrap())
        });
    }
    g.finish();
}

criterion_group!(solve_benches, benches);
criterion_main!(solve_benches);
