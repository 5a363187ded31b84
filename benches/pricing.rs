//! The pricing of the column-generation bound: one round (every person's cheapest row by the
//! exact row path) on Curtois & Qu instances, read from `--dir`'s default
//! (`$TURNUS_CURTOIS_DIR`, else `../shared/benchmarks/curtois`). Column generation makes tens
//! of such rounds, and on the largest instances they take most of its time.

use criterion::{criterion_group, criterion_main, Criterion};
use std::time::Duration;
use turnus_instances::{bench, curtois};
use turnus_solve::pricing_round;

fn benches(c: &mut Criterion) {
    let dir = curtois::default_dir();
    let mut g = c.benchmark_group("pricing");
    g.sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(10));
    for n in [9, 12, 13, 19, 22, 24] {
        let path = curtois::instance_path(&dir, n);
        let sc = match curtois::read(&path).map(|spec| bench::load(n, spec)) {
            Ok(Ok(sc)) => sc,
            _ => {
                println!(
                    "pricing bench: cannot read {} (set TURNUS_CURTOIS_DIR); skipped",
                    path.display()
                );
                continue;
            }
        };
        // The bound the round gives: the same before and after a change of the path's
        // speed (the pricing is exact, so only ties between rows may change).
        println!(
            "pricing bench: curtois{n}: bound {:?} at half the under-cover weights",
            pricing_round(&sc).unwrap()
        );
        g.bench_function(format!("round/curtois{n}"), |b| {
            b.iter(|| pricing_round(&sc).unwrap())
        });
    }
    g.finish();
}

criterion_group!(pricing_benches, benches);
criterion_main!(pricing_benches);
