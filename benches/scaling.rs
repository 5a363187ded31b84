//! How model building and validation grow with the staff and the horizon, on generated
//! Norwegian-style scenarios (see `series/mod.rs`):
//!
//! - `scaling_staff/{build_model,validate}/N`: N = 10 … 160 staff on a 6-week cycle;
//! - `scaling_weeks/{build_model,validate}/W`: W = 2 … 52 weeks with 30 staff.
//!
//! `build_model` builds the monolithic MIP (`turnus_solve::model_size`); `validate` checks a
//! rota in which everyone works about their position on a rotating pattern. The throughput is
//! per rota cell (person × day). The model size of each case is printed first. Solving is timed
//! by `scaling_solve` instead: wall-clock-limited runs do not suit criterion's repetitions.
//!
//! Run: `cargo bench --bench scaling` (a few minutes).

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use turnus::solve::model_size;
use turnus::{validate, Rota, Scenario};

mod series;

/// Everyone works about their position: `round(5 × position %)` days a week in a row from a
/// personal weekday, on D, A or N in turn by week (D and A only for those who take no nights,
/// N only for night workers).
fn rotating_rota(sc: &Scenario) -> Rota {
    let code = |c: &str| {
        sc.shift_index(c)
            .expect("generated scenarios have D, A and N")
    };
    let (d, a, n) = (code("D"), code("A"), code("N"));
    let mut rota = Rota::empty(sc);
    for (p, person) in sc.staff.iter().enumerate() {
        let pct = person.position().map_or(100.0, |pos| pos.current_pct);
        let per_week = ((pct / 20.0).round() as usize).clamp(1, 5);
        for day in 0..sc.days() {
            let (week, weekday) = (day / 7, (day + 7 - p % 7) % 7);
            if weekday >= per_week {
                continue;
            }
            rota.cells[p][day] = Some(if person.spec.nights_only {
                n
            } else if person.spec.no_nights {
                [d, a][week % 2]
            } else {
                [d, a, n][(week + p) % 3]
            });
        }
    }
    rota
}

fn bench(c: &mut Criterion) {
    for series in ["staff", "weeks"] {
        let mut g = c.benchmark_group(format!("scaling_{series}"));
        g.sample_size(10)
            .warm_up_time(Duration::from_millis(500))
            .measurement_time(Duration::from_secs(3));
        for case in series::cases(series) {
            let sc = &case.scenario;
            let size = model_size(sc, 5.0).expect("the solver models generated scenarios");
            println!(
                "{} staff, {} weeks: {} rows, {} columns, {} non-zeros",
                case.staff, case.weeks, size.rows, size.columns, size.nonzeros
            );
            g.throughput(Throughput::Elements((sc.staff.len() * sc.days()) as u64));
            let x = if case.series == "staff" {
                case.staff
            } else {
                case.weeks as usize
            };
            g.bench_with_input(BenchmarkId::new("build_model", x), sc, |b, sc| {
                b.iter(|| model_size(black_box(sc), 5.0).expect("model"))
            });
            let rota = rotating_rota(sc);
            g.bench_with_input(BenchmarkId::new("validate", x), &rota, |b, rota| {
                b.iter(|| validate(black_box(sc), black_box(rota)))
            });
        }
        g.finish();
    }
}

criterion_group!(scaling, bench);
criterion_main!(scaling);
