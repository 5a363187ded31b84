//! Recombination of the master's valid columns: a large-neighbourhood search over the column
//! pool that column generation and the dives leave behind, grown by column generation within
//! each neighbourhood.
//!
//! People are tied only by cover rows ([`super::not_applicable`]), so any choice of one valid
//! column per person is a rota that keeps every hard rule. A neighbourhood frees a few people.
//! First a few rounds of column generation for them ([`price`]): the LP over their columns,
//! the others' rows fixed, prices the cover that is left, and each one's cheapest valid row at
//! its duals joins the pool. Then a small MIP chooses one of each one's valid columns (binary,
//! one per person), the others keep their rows, and the cover rows' under- and over-cover are
//! slacks at their weights.
//! The MIP's objective has the terms [`super::bound`] prices (the rows' request costs and the
//! cover slacks) and leaves out only penalties of at least zero, so it is never above the
//! validator's (on the Curtois instances the two are equal). The validator has the last word:
//! a rota is kept only where its objective, recomputed, is lower than the incumbent's.
//!
//! The neighbourhoods are aimed at cover: most of them take, for a cover row that the
//! incumbent leaves short or over, people with a column that would change it, then fill up at
//! random. Their size adapts: a MIP solved to optimality quickly adds a person, one that runs
//! out of time takes one away. Once one neighbourhood holds everyone and is solved to
//! optimality, no choice of the pool's columns is better and the recombination ends.

use std::time::{Duration, Instant};

use good_lp::{variable, Expression, ProblemVariables};
use highs::{ColProblem, HighsModelStatus, Model, Row, Sense};
use turnus_core::{Rota, Scenario};

use super::{add_row, keeps_rules, steer, Master, Person, Since, RC_TOL};
use crate::highs_run::{self, RunSettings, Watcher};
use crate::lns::Rng;
use crate::model::Built;
use crate::prep::Prep;

/// People in the first neighbourhood (all, where fewer).
const START_PEOPLE: usize = 6;

/// Seconds a neighbourhood's MIP may take at most.
const SUB_SECONDS: f64 = 5.0;

/// A neighbourhood whose MIP is solved to optimality within this many seconds makes the next
/// one a person larger.
const GROW_UNDER: f64 = 1.0;

/// Rounds of column generation for a neighbourhood's people at most, before its MIP.
const PRICE_ROUNDS: usize = 8;

/// The share of a neighbourhood's time its column generation may take.
const PRICE_SHARE: f64 = 0.5;

/// Of every four neighbourhoods, this many are aimed at a cover row the incumbent leaves short
/// or over (where there is one); the others are people at random.
const AIMED_OF_FOUR: usize = 3;

/// What the recombination did, for the trace.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct RecombineStats {
    /// Neighbourhood MIPs solved.
    pub neighbourhoods: usize,
    /// Of those, the ones that gave a better rota.
    pub improved: usize,
    /// Columns the neighbourhoods' column generation added to the pool.
    pub columns: usize,
    /// The search's rotas taken as the incumbent (better than the recombination's own).
    pub adopted: usize,
    /// People in the last neighbourhood.
    pub people: usize,
    /// The objective at the start and at the end.
    pub from: f64,
    pub to: f64,
    /// Seconds taken.
    pub seconds: f64,
}

/// Where [`recombine`] sends each better rota (with its validated objective), and where it
/// takes the search's newest rota from.
type Trade<'a> = (
    &'a mut dyn FnMut(&Rota, f64),
    &'a mut dyn FnMut() -> Option<Rota>,
);

/// A neighbourhood's MIP solved: the chosen people's rows, the rota's objective by the MIP,
/// and whether HiGHS proved it optimal.
pub(super) struct Solved {
    pub rows: Vec<Vec<Option<usize>>>,
    pub objective: f64,
    pub optimal: bool,
    /// HiGHS's proven lower bound on the MIP's objective.
    pub bound: f64,
}

/// Stops a neighbourhood's MIP when `stop()` says so, or once its bound is above `above`.
struct StopWhen<'a>(&'a dyn Fn() -> bool, f64);

impl Watcher for StopWhen<'_> {
    fn check(&mut self, bound: f64, _incumbent: f64) -> bool {
        (self.0)() || bound > self.1
    }
}

/// Improves `start` (a rota that keeps every hard rule, with its validated objective) by
/// neighbourhoods over the master's valid columns until `deadline`, `stop()`, or the rota
/// reaches `floor` (a lower bound) or is the best the pool holds. Each better rota goes to
/// `found` as it comes. `incoming()` gives the search's newest rota, if any: its rows join the
/// pool, and it becomes the incumbent where it is better. The best rota and its objective.
#[allow(clippy::too_many_arguments)]
pub(super) fn recombine(
    sc: &Scenario,
    prep: &Prep,
    people: &[Person],
    master: &mut Master,
    start: (Rota, f64),
    (deadline, stop, seed, floor): (Instant, &dyn Fn() -> bool, u64, f64),
    (found, incoming): Trade,
    stats: &mut RecombineStats,
) -> (Rota, f64) {
    let t0 = Instant::now();
    let (mut best, mut value) = start;
    stats.from = value;
    let mut scratch = best.clone();
    join(sc, prep, people, master, &best, &mut scratch);
    let mut pool = by_person(master, people.len());
    let mut rng = Rng::new(seed ^ 0x7265_636f_6d62);
    let np = people.len();
    let mut size = START_PEOPLE.min(np).max(1);
    let done = |value: f64| value <= floor + 1e-9 * floor.abs().max(1.0);
    while !done(value) && !stop() && Instant::now() < deadline {
        if let Some(rota) = incoming() {
            let report = turnus_core::validate(sc, &rota);
            if report.hard_violations == 0 {
                join(sc, prep, people, master, &rota, &mut scratch);
                pool = by_person(master, people.len());
                if report.objective < value - 1e-9 {
                    (best, value) = (rota, report.objective);
                    stats.adopted += 1;
                }
            }
        }
        let chosen = neighbourhood(sc, people, (master, &pool), &best, &mut rng, size);
        let left = deadline
            .saturating_duration_since(Instant::now())
            .as_secs_f64();
        let begun = Instant::now();
        let priced_by = begun + Duration::from_secs_f64(PRICE_SHARE * left.min(SUB_SECONDS));
        stats.columns += price(
            sc,
            prep,
            people,
            (master, &mut pool),
            (&best, &chosen),
            (priced_by, stop),
            &mut scratch,
        );
        let left = deadline
            .saturating_duration_since(Instant::now())
            .as_secs_f64();
        let mip_begun = Instant::now();
        let Some(Solved {
            rows,
            objective,
            optimal,
            ..
        }) = solve(
            sc,
            prep,
            people,
            (master, &pool),
            (&best, &chosen),
            (
                left.min((SUB_SECONDS - begun.elapsed().as_secs_f64()).max(1.0)),
                stop,
                seed,
                None,
            ),
        )
        else {
            break;
        };
        let mip_seconds = mip_begun.elapsed().as_secs_f64();
        stats.neighbourhoods += 1;
        let mut rota = best.clone();
        for (&p, row) in chosen.iter().zip(rows) {
            rota.cells[p] = row;
        }
        // The MIP's objective leaves out only terms of at least 0: where it is not lower,
        // neither is the validator's.
        if rota != best && objective < value - 1e-9 {
            let report = turnus_core::validate(sc, &rota);
            if report.hard_violations == 0 && report.objective < value - 1e-9 {
                (best, value) = (rota, report.objective);
                stats.improved += 1;
                found(&best, value);
            }
        }
        if optimal && chosen.len() == np {
            // The best rota the pool holds: nothing is left to recombine.
            break;
        }
        // The MIP's own time decides (the column generation before it takes its share of
        // the neighbourhood's time whatever the size).
        if optimal && mip_seconds < GROW_UNDER {
            size = (size + 1).min(np);
        } else if !optimal {
            size = size.saturating_sub(1).max(2.min(np));
        }
    }
    stats.people = size;
    stats.to = value;
    stats.seconds = t0.elapsed().as_secs_f64();
    (best, value)
}

/// Adds each row of `rota` that keeps its person's hard rules to the master's pool.
fn join(
    sc: &Scenario,
    prep: &Prep,
    people: &[Person],
    master: &mut Master,
    rota: &Rota,
    scratch: &mut Rota,
) {
    for (p, person) in people.iter().enumerate() {
        let row = &rota.cells[p];
        if !master.has(p, row) && keeps_rules(sc, scratch, p, row) {
            let column = person.column(prep, row);
            add_row(master, (p, row.clone()), &column, true);
        }
    }
}

/// Each person's valid columns: indices into the master's entries.
fn by_person(master: &Master, np: usize) -> Vec<Vec<usize>> {
    let mut pool = vec![Vec::new(); np];
    for (j, e) in master.entries.iter().enumerate() {
        if e.valid && !e.row.is_empty() {
            pool[e.person].push(j);
        }
    }
    pool
}

/// The people of a neighbourhood of `size` around `rota`, in order: mostly ([`AIMED_OF_FOUR`])
/// for cover rows the rota leaves short or over, people with a valid column that would change
/// that row (one that works the row's cell where the rota is short and the person does not
/// work it, or one that does not where it is over and the person works it), then people at
/// random.
fn neighbourhood(
    sc: &Scenario,
    people: &[Person],
    (master, pool): (&Master, &[Vec<usize>]),
    rota: &Rota,
    rng: &mut Rng,
    size: usize,
) -> Vec<usize> {
    let np = people.len();
    let got = cover_of(sc, people, rota, |_| true);
    let off: Vec<usize> = (0..sc.cover.len())
        .filter(|&i| got[i] != i64::from(sc.cover[i].required))
        .collect();
    let mut chosen = vec![false; np];
    let mut count = 0;
    if !off.is_empty() && rng.below(4) < AIMED_OF_FOUR {
        // A few tries per person wanted: a row may have no one left who could change it.
        for _ in 0..2 * size {
            if count >= size {
                break;
            }
            let i = off[rng.below(off.len())];
            let (d, s) = (sc.cover[i].day, sc.cover[i].shift);
            let short = got[i] < i64::from(sc.cover[i].required);
            let mut can: Vec<usize> = (0..np)
                .filter(|&p| {
                    !chosen[p]
                        && people[p].rows[d][s].contains(&i)
                        && (rota.cells[p][d] == Some(s)) != short
                })
                .filter(|&p| {
                    pool[p]
                        .iter()
                        .any(|&j| (master.entries[j].row[d] == Some(s)) == short)
                })
                .collect();
            if can.is_empty() {
                continue;
            }
            let p = can.swap_remove(rng.below(can.len()));
            chosen[p] = true;
            count += 1;
        }
    }
    while count < size.min(np) {
        let p = rng.below(np);
        if !chosen[p] {
            chosen[p] = true;
            count += 1;
        }
    }
    (0..np).filter(|&p| chosen[p]).collect()
}

/// Column generation for the people of a neighbourhood (`chosen`), the others' rows of `rota`
/// fixed: the LP over their columns in `pool` (cover rows less the fixed people's cover, with
/// under- and over-cover slacks; one convex combination per person) is solved, and each
/// person's cheapest row at its duals that keeps every hard rule ([`steer`]) joins the master
/// and `pool` where it prices out; for at most [`PRICE_ROUNDS`], until none does, or until
/// `by`. The columns added.
fn price(
    sc: &Scenario,
    prep: &Prep,
    people: &[Person],
    (master, pool): (&mut Master, &mut [Vec<usize>]),
    (rota, chosen): (&Rota, &[usize]),
    (by, stop): (Instant, &dyn Fn() -> bool),
    scratch: &mut Rota,
) -> usize {
    let mut free = vec![false; people.len()];
    for &p in chosen {
        free[p] = true;
    }
    let fixed = cover_of(sc, people, rota, |p| !free[p]);
    let mut pb = ColProblem::default();
    let cover_rows: Vec<Row> = sc
        .cover
        .iter()
        .zip(&fixed)
        .map(|(c, f)| {
            let rest = (i64::from(c.required) - f) as f64;
            pb.add_row(rest..=rest)
        })
        .collect();
    let person_rows: Vec<Row> = chosen.iter().map(|_| pb.add_row(1.0..=1.0)).collect();
    let mut model = pb.optimise(Sense::Minimise);
    model.make_quiet();
    model.set_option("threads", 1);
    for (c, &row) in sc.cover.iter().zip(&cover_rows) {
        model.add_col(c.weight_under, 0.0.., [(row, 1.0)]);
        model.add_col(c.weight_over, 0.0.., [(row, -1.0)]);
    }
    let add = |model: &mut Model, k: usize, hits: &[usize], cost: f64| {
        let factors = std::iter::once((person_rows[k], 1.0))
            .chain(hits.iter().map(|&i| (cover_rows[i], 1.0)));
        model.add_col(cost, 0.0.., factors);
    };
    for (k, &p) in chosen.iter().enumerate() {
        for &j in &pool[p] {
            let (cost, hits, _) = people[p].column(prep, &master.entries[j].row);
            add(&mut model, k, &hits, cost);
        }
    }
    let mut added = 0;
    for _ in 0..PRICE_ROUNDS {
        if stop() || Instant::now() >= by {
            break;
        }
        let solved = model.solve();
        if solved.status() != HighsModelStatus::Optimal {
            break;
        }
        let (value, duals) = (
            solved.objective_value(),
            solved.get_solution().dual_rows().to_vec(),
        );
        model = Model::from(solved);
        // The next solve follows added columns only.
        Since::ColumnsAdded.choose_simplex(&mut model);
        let pi: Vec<f64> = sc
            .cover
            .iter()
            .zip(&duals)
            .map(|(c, &x)| x.clamp(-c.weight_over, c.weight_under))
            .collect();
        let tol = RC_TOL * value.abs().max(1.0);
        let mut any = false;
        for (k, &p) in chosen.iter().enumerate() {
            let y = vec![0.0; people[p].caps.len()];
            let Some(row) = steer(sc, prep, (p, &people[p]), (&pi, &y), None, scratch) else {
                continue;
            };
            let column = people[p].column(prep, &row);
            let reduced =
                column.0 - column.1.iter().map(|&i| pi[i]).sum::<f64>() - duals[sc.cover.len() + k];
            if reduced < -tol && add_row(master, (p, row), &column, true) {
                add(&mut model, k, &column.1, column.0);
                pool[p].push(master.entries.len() - 1);
                added += 1;
                any = true;
            }
        }
        if !any {
            break;
        }
    }
    added
}

/// Each cover row's count in `rota` over the people `counted` takes.
fn cover_of(
    sc: &Scenario,
    people: &[Person],
    rota: &Rota,
    counted: impl Fn(usize) -> bool,
) -> Vec<i64> {
    let mut got = vec![0_i64; sc.cover.len()];
    for (p, person) in people.iter().enumerate().filter(|&(p, _)| counted(p)) {
        for (d, cell) in rota.cells[p].iter().enumerate() {
            if let Some(s) = *cell {
                for &i in &person.rows[d][s] {
                    got[i] += 1;
                }
            }
        }
    }
    got
}

/// The neighbourhood's MIP: for each of `chosen`, one of its valid columns (`pool`), the
/// other people's rows of `rota` fixed, from `rota` as the start (its rows must be in the
/// master). The chosen people's rows, the rota's objective by the MIP (the rows' costs and the
/// cover slacks, the fixed people's included), and whether it was solved to optimality; `None`
/// where HiGHS fails or gives no solution. With `above` (a proof that no choice costs that or
/// less: [`super::close`]), the slacks are integers, so that HiGHS knows every objective is a
/// whole number, and the MIP stops as soon as its bound is above `above` (`rows` is then
/// empty where it has no solution).
pub(super) fn solve(
    sc: &Scenario,
    prep: &Prep,
    people: &[Person],
    (master, pool): (&Master, &[Vec<usize>]),
    (rota, chosen): (&Rota, &[usize]),
    (seconds, stop, seed, above): (f64, &dyn Fn() -> bool, u64, Option<f64>),
) -> Option<Solved> {
    let mut free = vec![false; people.len()];
    for &p in chosen {
        free[p] = true;
    }
    let fixed = cover_of(sc, people, rota, |p| !free[p]);
    let fixed_cost: f64 = (0..people.len())
        .filter(|&p| !free[p])
        .map(|p| people[p].column(prep, &rota.cells[p]).0)
        .sum();
    let mut vars = ProblemVariables::new();
    let mut objective = Expression::from(fixed_cost);
    let mut cover: Vec<Expression> = Vec::with_capacity(sc.cover.len());
    let mut start = Vec::with_capacity(2 * sc.cover.len());
    let now = cover_of(sc, people, rota, |_| true);
    for (i, c) in sc.cover.iter().enumerate() {
        let slack = || {
            if above.is_some() {
                variable().integer().min(0.0)
            } else {
                variable().min(0.0)
            }
        };
        let under = vars.add(slack());
        let over = vars.add(slack());
        objective.add_mul(c.weight_under, under);
        objective.add_mul(c.weight_over, over);
        let mut e = Expression::from(0.0);
        e.add_mul(1.0, under);
        e.add_mul(-1.0, over);
        cover.push(e);
        let diff = i64::from(c.required) - now[i];
        start.push(diff.max(0) as f64);
        start.push((-diff).max(0) as f64);
    }
    let mut convex: Vec<Expression> = Vec::with_capacity(chosen.len());
    // Per chosen person, the master entries of its columns, in the MIP's order.
    let mut options: Vec<Vec<usize>> = Vec::with_capacity(chosen.len());
    for &p in chosen {
        let mut sum = Expression::from(0.0);
        let mut mine = Vec::new();
        for &j in &pool[p] {
            let e = &master.entries[j];
            let v = vars.add(variable().binary());
            let (cost, hits, _) = people[p].column(prep, &e.row);
            objective.add_mul(cost, v);
            sum.add_mul(1.0, v);
            for i in hits {
                cover[i].add_mul(1.0, v);
            }
            start.push(f64::from(u8::from(e.row == rota.cells[p])));
            mine.push(j);
        }
        convex.push(sum);
        options.push(mine);
    }
    let mut constraints = Vec::with_capacity(sc.cover.len() + chosen.len());
    for ((c, e), f) in sc.cover.iter().zip(cover).zip(&fixed) {
        constraints.push(e.eq((i64::from(c.required) - f) as f64));
    }
    for e in convex {
        constraints.push(e.eq(1.0));
    }
    let mut built = Built {
        vars,
        objective,
        constraints,
        x: Vec::new(),
        work: Vec::new(),
        z: Vec::new(),
        fixed_pct: Vec::new(),
        nonzeros: 0,
    };
    let set = RunSettings {
        time_limit: seconds.max(0.01),
        threads: 1,
        seed,
        options_env: Some("TURNUS_HIGHS_RECOMBINE"),
        objective_bound: above,
        // A proof wants no heuristics: any solution it finds is at the bound.
        heuristic_effort: if above.is_some() {
            0.0
        } else {
            RunSettings::default().heuristic_effort
        },
        ..RunSettings::default()
    };
    let mut watch = StopWhen(stop, above.unwrap_or(f64::INFINITY));
    let run = highs_run::run(&mut built, set, Some(&start), Some(&mut watch)).ok()?;
    if above.is_some_and(|a| run.bound > a) && run.values.is_none() {
        return Some(Solved {
            rows: Vec::new(),
            objective: f64::INFINITY,
            optimal: false,
            bound: run.bound,
        });
    }
    let values = run.values?;
    let mut k = 2 * sc.cover.len();
    let mut rows = Vec::with_capacity(chosen.len());
    for mine in &options {
        let mut row = None;
        for &j in mine {
            if values[k] > 0.5 {
                row = Some(master.entries[j].row.clone());
            }
            k += 1;
        }
        rows.push(row?);
    }
    Some(Solved {
        rows,
        objective: run.objective,
        optimal: run.status == HighsModelStatus::Optimal,
        bound: run.bound,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::colgen::{people as people_of, steer};
    use crate::greedy::tests::curtois_scenario;
    use std::time::Duration;

    /// A pool for `sc`: each person's rows that keep the hard rules, priced at `rounds` draws
    /// of random cover prices (up to each row's under-cover weight).
    fn pool(sc: &Scenario, prep: &Prep, rounds: usize) -> (Vec<Person>, Master) {
        let people = people_of(sc, prep);
        let mut master = Master::new(sc, &people);
        let mut rng = Rng::new(7);
        let mut scratch = Rota::empty(sc);
        for _ in 0..rounds {
            let pi: Vec<f64> = sc
                .cover
                .iter()
                .map(|c| c.weight_under * rng.below(1001) as f64 / 1000.0)
                .collect();
            for (p, person) in people.iter().enumerate() {
                let y = vec![0.0; person.caps.len()];
                if let Some(row) = steer(sc, prep, (p, person), (&pi, &y), None, &mut scratch) {
                    let column = person.column(prep, &row);
                    add_row(&mut master, (p, row), &column, true);
                }
            }
        }
        (people, master)
    }

    /// On Curtois 1-3, from each person's first row of a pool of valid rows: the MIP over every
    /// person's columns prices its rota exactly (the validator agrees; so it does over every
    /// other person's, the rest fixed) and beats the start; the
    /// recombination, whose neighbourhoods start at six people, grow, and add columns of their
    /// own, ends at least as low as that best rota of the pool (and not below the optimum),
    /// with a neighbourhood of everyone solved, and each better rota it sends out is priced
    /// by the validator.
    #[test]
    fn recombination_reaches_the_best_rota_of_the_pool() {
        for (n, optimum) in [(1, 607.0), (2, 828.0), (3, 1001.0)] {
            let sc = curtois_scenario(n);
            let prep = Prep::new(&sc).unwrap();
            let (people, mut master) = pool(&sc, &prep, 12);
            let mut start = Rota::empty(&sc);
            for p in 0..people.len() {
                let first = master.entries.iter().find(|e| e.person == p);
                start.cells[p] = first.expect("a valid row for everyone").row.clone();
            }
            let report = turnus_core::validate(&sc, &start);
            assert_eq!(
                report.hard_violations, 0,
                "Curtois {n}: {:?}",
                report.violations
            );
            let everyone: Vec<usize> = (0..people.len()).collect();
            let Solved {
                rows,
                objective,
                optimal,
                ..
            } = solve(
                &sc,
                &prep,
                &people,
                (&master, &by_person(&master, people.len())),
                (&start, &everyone),
                (60.0, &|| false, 1, None),
            )
            .unwrap();
            assert!(optimal, "Curtois {n}");
            let mut best = start.clone();
            best.cells = rows;
            let checked = turnus_core::validate(&sc, &best);
            assert_eq!(checked.hard_violations, 0, "Curtois {n}");
            assert!(
                (checked.objective - objective).abs() < 1e-6,
                "Curtois {n}: the MIP says {objective}, the validator {}",
                checked.objective
            );
            assert!(objective < report.objective, "Curtois {n}");
            // So it does for a neighbourhood of every other person, the others fixed.
            let half: Vec<usize> = (0..people.len()).step_by(2).collect();
            let part = solve(
                &sc,
                &prep,
                &people,
                (&master, &by_person(&master, people.len())),
                (&start, &half),
                (60.0, &|| false, 1, None),
            )
            .unwrap();
            let mut rota = start.clone();
            for (&p, row) in half.iter().zip(part.rows) {
                rota.cells[p] = row;
            }
            let checked = turnus_core::validate(&sc, &rota).objective;
            assert!((checked - part.objective).abs() < 1e-6, "Curtois {n}");
            assert!(part.objective <= report.objective + 1e-6, "Curtois {n}");

            let mut found = Vec::new();
            let mut stats = RecombineStats::default();
            let (rota, value) = recombine(
                &sc,
                &prep,
                &people,
                &mut master,
                (start, report.objective),
                (
                    Instant::now() + Duration::from_secs(60),
                    &|| false,
                    1,
                    f64::NEG_INFINITY,
                ),
                (
                    &mut |rota, value| {
                        let r = turnus_core::validate(&sc, rota);
                        assert_eq!((r.hard_violations, r.objective), (0, value));
                        found.push(value);
                    },
                    &mut || None,
                ),
                &mut stats,
            );
            assert!(
                value <= objective + 1e-6 && value >= optimum,
                "Curtois {n}: {value} against the pool's {objective}: {stats:?}"
            );
            assert_eq!(turnus_core::validate(&sc, &rota).objective, value);
            assert!(found.windows(2).all(|w| w[1] < w[0]), "{found:?}");
            assert_eq!(found.last(), Some(&value));
            assert_eq!(stats.people, people.len(), "Curtois {n}: {stats:?}");
            assert_eq!((stats.from, stats.to), (report.objective, value));
        }
    }
}
