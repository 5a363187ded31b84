//! The importer against the 24 public Curtois & Qu instances (read from
//! `turnus_instances::curtois::default_dir()`; set `TURNUS_CURTOIS_DIR` to move it).

use std::path::PathBuf;

use turnus_core::{validate, Rota, RuleId, Scenario};
use turnus_instances::curtois::{self, default_dir, instance_path, DIR_ENV, INSTANCES};

/// The instance directory; fails (never skips) when it is missing.
fn dir() -> PathBuf {
    let dir = default_dir();
    assert!(
        instance_path(&dir, 1).is_file(),
        "Curtois instances not found in {} (Instance1.txt missing); set {DIR_ENV} to the \
         directory holding Instance1.txt … Instance24.txt",
        dir.display()
    );
    dir
}

fn text(n: usize) -> String {
    let path = instance_path(&dir(), n);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn all_off_objective(n: usize) -> f64 {
    let spec =
        curtois::read(instance_path(&dir(), n)).unwrap_or_else(|e| panic!("Instance{n}: {e}"));
    let sc = Scenario::new(spec).unwrap_or_else(|e| panic!("Instance{n}: {e}"));
    let report = validate(&sc, &Rota::empty(&sc));
    // Nobody working breaks the hard minimum total minutes (only that); hard violations cost
    // nothing in the objective.
    assert!(
        report
            .violations
            .iter()
            .filter(|v| v.hard)
            .all(|v| v.rule == RuleId::MinTotalMinutes && v.penalty == 0.0),
        "Instance{n}: {:?}",
        report.violations.iter().find(|v| v.hard)
    );
    report.objective
}

/// The Curtois objective of the all-off roster, straight from the file and independent of the
/// importer: every cover row is short by its whole requirement (WeightForUnder × Requirement)
/// and every on-request is refused (its weight); off-requests are all granted.
fn independent_all_off(text: &str) -> f64 {
    let mut section = "";
    let mut total = 0.0;
    for line in text.lines().map(str::trim) {
        if line.is_empty() {
            section = "";
            continue;
        }
        if line.starts_with('#') {
            continue;
        }
        if line.starts_with("SECTION_") {
            section = match line {
                "SECTION_COVER" => "cover",
                "SECTION_SHIFT_ON_REQUESTS" => "on",
                _ => "other",
            };
            continue;
        }
        let f: Vec<f64> = line
            .split(',')
            .map(|x| x.trim().parse::<f64>().unwrap_or(f64::NAN))
            .collect();
        match section {
            "cover" => total += f[2] * f[3],
            "on" => total += f[3],
            _ => {}
        }
    }
    total
}

#[test]
fn every_public_instance_imports_and_loads() {
    let dir = dir();
    for n in 1..=INSTANCES {
        let spec =
            curtois::read(instance_path(&dir, n)).unwrap_or_else(|e| panic!("Instance{n}: {e}"));
        assert_eq!(spec.name, format!("Instance{n}.txt"));
        let sc = Scenario::new(spec).unwrap_or_else(|e| panic!("Instance{n}: {e}"));
        assert!(sc.days() >= 14 && sc.days() % 7 == 0, "Instance{n}");
        // The JSON round trip keeps the scenario.
        let back = Scenario::from_json(&sc.to_json()).unwrap();
        assert_eq!(back.spec(), sc.spec(), "Instance{n}");
    }
}

#[test]
fn instance1_all_off_scores_7137() {
    assert_eq!(all_off_objective(1), 7137.0);
}

#[test]
fn all_off_objective_matches_an_independent_count_on_every_instance() {
    for n in 1..=INSTANCES {
        let expected = independent_all_off(&text(n));
        assert!(expected > 0.0, "Instance{n}");
        let got = all_off_objective(n);
        assert!(
            (got - expected).abs() < 1e-6,
            "Instance{n}: validator {got}, independent {expected}"
        );
        eprintln!("Instance{n}: all-off objective {got}");
    }
}

/// The best-known values come from the README's table; they must match the benchmark's own
/// `best_known.csv` beside it (an independent copy) for all 24 instances.
#[test]
fn the_readme_best_known_table_matches_best_known_csv() {
    use turnus_instances::bench::parse_best_known;
    let dir = dir();
    let read = |name: &str| {
        let path = dir.join(name);
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    };
    let table = parse_best_known(&read("README.md"), "README.md").unwrap();
    assert_eq!(table.len(), INSTANCES);
    let csv = read("best_known.csv");
    let mut rows = 0;
    for line in csv.lines().skip(1).filter(|l| !l.trim().is_empty()) {
        let f: Vec<&str> = line.split(',').map(str::trim).collect();
        let n: usize = f[0].trim_start_matches("Instance").parse().unwrap();
        let value: f64 = f[4].parse().unwrap();
        assert_eq!(table.get(&n), Some(&value), "Instance{n}");
        rows += 1;
    }
    assert_eq!(rows, INSTANCES);
    assert_eq!(table[&1], 607.0);
}
