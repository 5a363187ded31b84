use turnus_core::generate::{generate, GeneratorConfig};
use turnus_core::{validate, Scenario};
use turnus_solve::{evaluate, solve, SolveOptions};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let staff: usize = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(8);
    let weeks: u32 = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(2);
    let tl: f64 = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(10.0);
    let threads: u32 = args.get(4).and_then(|s| s.parse().ok()).unwrap_or(1);
    let sc = Scenario::new(generate(&GeneratorConfig {
        staff,
        weeks,
        seed: 3,
        ..Default::default()
    }))
    .unwrap();
    let out = solve(
        &sc,
        &SolveOptions {
            time_limit: tl,
            threads,
            ..Default::default()
        },
    )
    .unwrap();
    let rota = out.rota.clone().unwrap();
    let rep = validate(&sc, &rota);
    println!(
        "status {:?} obj {:?} bound {:.3} gap {:?} iters {} build {:.3}s solve {:.2}s first {:?} size {:?}",
        out.status, out.objective, out.bound, out.gap, out.iterations, out.build_seconds, out.solve_seconds, out.first_solution_seconds, out.size
    );
    println!(
        "validator: obj {:.6} hard {} ; evaluate {:.6}",
        rep.objective,
        rep.hard_violations,
        evaluate(&sc, &rota).unwrap()
    );
    println!("terms {:?}", rep.terms);
}
