//! Ad-hoc solver run on a generated scenario: `smoke STAFF WEEKS SECONDS THREADS` (`SEED=N`), with
//! `MONO=1` for the monolithic model only, `VERBOSE=1` for HiGHS logs, `FILE=scenario.json` to
//! solve a scenario file instead of a generated one, `NOSYM=1` to switch symmetry breaking off,
//! `LP=simplex|ipm|choose` for the monolithic LP bound alone, `AGG=lp|mip` for the aggregate bound
//! alone (the model without the day-to-day sequence rules), `DW=SECONDS` for the Dantzig–Wolfe
//! bound for that long from the rota of the solve (each round traced).
use turnus_core::generate::{generate, GeneratorConfig};
use turnus_core::{validate, Scenario};
use turnus_solve::{evaluate, solve, SolveOptions, Strategy};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let arg = |i: usize, d: f64| args.get(i).and_then(|s| s.parse().ok()).unwrap_or(d);
    let cfg = GeneratorConfig {
        staff: arg(1, 8.0) as usize,
        weeks: arg(2, 2.0) as u32,
        seed: std::env::var("SEED")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(3),
        ..Default::default()
    };
    let sc = match std::env::var("FILE") {
        Ok(path) => Scenario::from_json(&std::fs::read_to_string(path).unwrap()).unwrap(),
        Err(_) => Scenario::new(generate(&cfg)).unwrap(),
    };
    let strategy = if std::env::var("MONO").is_ok() {
        Strategy::Monolithic
    } else {
        Strategy::Auto
    };
    let opts = SolveOptions {
        time_limit: arg(3, 10.0),
        threads: arg(4, 1.0) as u32,
        strategy,
        verbose: std::env::var("VERBOSE").is_ok(),
        symmetry_breaking: std::env::var("NOSYM").is_err(),
        max_iterations: std::env::var("MAXIT").ok().and_then(|s| s.parse().ok()),
        ..Default::default()
    };
    if let Ok(solver) = std::env::var("LP") {
        let solver: &'static str = Box::leak(solver.into_boxed_str());
        let (b, t) = turnus_solve::lp_bound(&sc, &opts, solver).unwrap();
        println!("LP bound {b:.3} in {t:.2}s ({solver})");
        return;
    }
    if let Ok(kind) = std::env::var("AGG") {
        let (b, t, size) = turnus_solve::aggregate_bound(&sc, &opts, kind == "mip").unwrap();
        println!("aggregate bound ({kind}) {b:.3} in {t:.2}s, {size:?}");
        return;
    }
    let out = solve(&sc, &opts).unwrap();
    let rota = out.rota.clone().unwrap();
    if let Some(seconds) = std::env::var("DW").ok().and_then(|s| s.parse().ok()) {
        let dw_opts = SolveOptions {
            time_limit: seconds,
            verbose: true,
            ..opts.clone()
        };
        let report = turnus_solve::dw_bound(&sc, &dw_opts, &rota).unwrap();
        println!(
            "solve: {:?} / bound {:.3}; Dantzig-Wolfe: {report:?}",
            out.objective, out.bound
        );
        return;
    }
    let rep = validate(&sc, &rota);
    println!(
        "status {:?} obj {:?} bound {:.3} gap {:?} iters {} build {:.3}s solve {:.2}s first {:?} size {:?}",
        out.status, out.objective, out.bound, out.gap, out.iterations, out.build_seconds, out.solve_seconds,
        out.first_solution_seconds, out.size
    );
    println!(
        "validator: obj {:.6} hard {}; model {:.6}",
        rep.objective,
        rep.hard_violations,
        evaluate(&sc, &rota).unwrap()
    );
}
