//! The MIP formulation. [`Builder`] turns a scenario, an incumbent rota and a set of free cells
//! into a good_lp model: cells outside the free set are constants taken from the incumbent, so
//! the same code builds the monolithic model (everything free), the LNS sub-models and the
//! evaluation model (nothing free).
//!
//! Every rule and demand form of turnus-core is modelled here or refused in [`check_supported`];
//! the objective is the validator's objective term by term (see `turnus_core::validate`).

use good_lp::{variable, Constraint, Expression, IntoAffineExpression, ProblemVariables, Variable};

use turnus_core::rota::Rota;
use turnus_core::rules::Limit;
use turnus_core::shift::ShiftCategory;
use turnus_core::staff::RequestKind;
use turnus_core::Scenario;

use crate::prep::{Prep, SlotGroup};
use crate::SolveError;

/// Cost per unit of slack on a hard row in elastic mode. Dominates every soft term.
pub(crate) const BIG: f64 = 1.0e6;
const EPS: f64 = 1e-9;

/// A cell value: a constant or a binary variable.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum X {
    Zero,
    One,
    /// A binary variable and its column index.
    Var(Variable, usize),
}

/// A linear expression that knows whether it has variables.
#[derive(Clone, Default)]
pub(crate) struct Lin {
    pub e: Expression,
    pub vars: usize,
}

impl Lin {
    fn new() -> Lin {
        Lin {
            e: Expression::from(0.0),
            vars: 0,
        }
    }
    fn constant(&self) -> f64 {
        self.e.constant()
    }
    fn x(&mut self, coef: f64, x: X) {
        match x {
            X::Zero => {}
            X::One => self.e += coef,
            X::Var(v, _) => {
                self.e.add_mul(coef, v);
                self.vars += 1;
            }
        }
    }
    fn var(&mut self, coef: f64, v: Variable) {
        self.e.add_mul(coef, v);
        self.vars += 1;
    }
    fn c(&mut self, c: f64) {
        self.e += c;
    }
    fn add(&mut self, coef: f64, other: &Lin) {
        self.e.add_mul(coef, other.e.clone());
        self.vars += other.vars;
    }
}

/// The built model.
pub(crate) struct Built {
    pub vars: ProblemVariables,
    pub objective: Expression,
    pub constraints: Vec<Constraint>,
    pub x: Vec<Vec<Vec<X>>>,
    /// Per staff and day, the column of the work-day variable (`Σ_s x[p][d][s]`), where the
    /// day has one.
    pub work: Vec<Vec<Option<usize>>>,
    /// Position candidates per staff: (column, pct, variable).
    pub z: Vec<Vec<(usize, f64, Variable)>>,
    /// Positions fixed from the incumbent (for staff without candidates).
    pub fixed_pct: Vec<Option<f64>>,
    /// Non-zeros in the constraint matrix.
    pub nonzeros: usize,
}

impl Built {
    /// Each column's objective coefficient, by column index.
    pub(crate) fn column_costs(&self) -> Vec<f64> {
        let index: std::collections::HashMap<Variable, usize> = self
            .vars
            .iter_variables_with_def()
            .enumerate()
            .map(|(i, (v, _))| (v, i))
            .collect();
        let mut costs = vec![0.0; self.vars.len()];
        for (v, c) in (&self.objective).linear_coefficients() {
            if let Some(&i) = index.get(&v) {
                costs[i] += c;
            }
        }
        costs
    }
}

/// Refuses what the formulation cannot express, naming the rule.
pub(crate) fn check_supported(sc: &Scenario) -> Result<(), SolveError> {
    let r = sc.rules();
    let refuse = |rule: &str, reason: &str| {
        Err(SolveError::Unsupported {
            rule: rule.into(),
            reason: reason.into(),
        })
    };
    let has_positions = sc.staff.iter().any(|s| s.position().is_some());
    if sc.fixed_full_time_week().is_none()
        && has_positions
        && (r.position_hours_tolerance.is_some() || r.overtime.is_some())
    {
        return refuse(
            "rules.full_time_week",
            "the KS three-shift week depends on the rota itself (non-linear); the solver needs a fixed week in hours when positions are tied to hours (position_hours_tolerance or overtime). Solve with the week the unit expects (e.g. 33.6 or 35.5) and validate with ks_three_shift",
        );
    }
    if r.weekly_rest_hours.is_some_and(|l| l.weight.is_some()) {
        return refuse("rules.weekly_rest_hours", "a soft weekly rest (its excess is the length of the longest rest, which is not linear); make it hard");
    }
    if r.min_consecutive_days.is_some_and(|l| l.weight.is_some()) {
        return refuse(
            "rules.min_consecutive_days",
            "a soft minimum block length is not linear in the rota; make it hard",
        );
    }
    if r.min_consecutive_days_off
        .is_some_and(|l| l.weight.is_some())
    {
        return refuse(
            "rules.min_consecutive_days_off",
            "a soft minimum block length is not linear in the rota; make it hard",
        );
    }
    if r.overtime.is_some_and(|o| o.weight.is_some()) {
        return refuse(
            "rules.overtime",
            "soft overtime limits are not supported; make them hard",
        );
    }
    if r.night_work_avg_hours.is_some_and(|l| l.weight.is_some()) {
        return refuse(
            "rules.night_work_avg_hours",
            "a soft night-work limit is not supported; make it hard",
        );
    }
    if sc.calendar.is_cyclic() {
        let n = sc.days() as u32;
        for (name, l) in [
            ("rules.min_consecutive_days", r.min_consecutive_days),
            ("rules.min_consecutive_days_off", r.min_consecutive_days_off),
        ] {
            if l.is_some_and(|l| l.value > n) {
                return refuse(name, "the minimum block is longer than the whole cycle");
            }
        }
    }
    Ok(())
}

/// Groups (of two or more) of interchangeable rota lines: lines whose specs are equal except
/// for the id and name. Swapping two of them changes neither feasibility nor cost.
pub(crate) fn identical_lines(sc: &Scenario) -> Vec<Vec<usize>> {
    use turnus_core::staff::StaffKind;
    let mut groups: Vec<(turnus_core::staff::StaffSpec, Vec<usize>)> = Vec::new();
    for (p, st) in sc.staff.iter().enumerate() {
        if st.spec.kind != StaffKind::Line {
            continue;
        }
        let mut key = st.spec.clone();
        key.id.clear();
        key.name = None;
        match groups.iter_mut().find(|g| g.0 == key) {
            Some(g) => g.1.push(p),
            None => groups.push((key, vec![p])),
        }
    }
    groups
        .into_iter()
        .map(|g| g.1)
        .filter(|g| g.len() > 1)
        .collect()
}

/// `rota` with the rows of each group of identical lines sorted by the symmetry key of
/// [`Builder::order_identical_lines`] (largest first), so that it satisfies the ordering rows.
pub(crate) fn canonical_lines(sc: &Scenario, rota: &Rota) -> Rota {
    let mut out = rota.clone();
    for group in identical_lines(sc) {
        let key = |p: usize| {
            let hours: f64 = rota.cells[p]
                .iter()
                .flatten()
                .map(|&s| sc.shifts[s].paid as f64 / 60.0)
                .sum();
            1000.0 * rota.position_pct(sc, p).unwrap_or(0.0) + hours
        };
        let mut order = group.clone();
        order.sort_by(|&a, &b| key(b).total_cmp(&key(a)));
        for (&dst, &src) in group.iter().zip(&order) {
            out.cells[dst] = rota.cells[src].clone();
            out.positions[dst] = rota.positions[src];
        }
    }
    out
}

/// Sliding windows of `len` consecutive items out of `n`: wrapping on cyclic horizons; fully
/// inside otherwise; one window of everything when `n < len`, or when `n == len` on a cyclic
/// horizon (the validator counts a whole-cycle window once).
pub(crate) fn windows(n: usize, len: usize, cyclic: bool) -> Vec<Vec<usize>> {
    if n == 0 || len == 0 {
        return Vec::new();
    }
    if n < len || (cyclic && n == len) {
        return vec![(0..n).collect()];
    }
    let starts = if cyclic { n } else { n - len + 1 };
    (0..starts)
        .map(|i| (i..i + len).map(|j| j % n).collect())
        .collect()
}

/// A day gets a work-day variable when it has at least this many shifts to choose from. With
/// fewer, the sums are short anyway, and on Curtois 2 (two shift types) the variable made
/// HiGHS's proof slower (benches/RESULTS.md, session 4). `Prep::work_vars` switches the
/// variables off (an ablation).
pub(crate) const WORK_VAR_MIN_CHOICES: usize = 4;

/// Which hard rows get a slack costing [`BIG`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Elastic {
    /// None: the model is infeasible when a hard rule cannot be met.
    Off,
    /// Only rules across people (presence, competence shares): each person's own rules stay
    /// hard.
    Shared,
    /// Every hard row.
    All,
}

/// How to build.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Mode {
    /// Which hard rows get slack.
    pub elastic: Elastic,
    /// Generate every person's rules, also for staff without a free cell (evaluation).
    pub all_persons: bool,
    /// Continuous instead of integer variables (the LP relaxation).
    pub relax: bool,
    /// Step between position sizes, percent.
    pub step_pct: f64,
    /// Block construction: the rota is built up to this day so far. Rules over the whole
    /// horizon that set a minimum (minimum total minutes, position hours) then apply pro rata
    /// to days `0..=through_day`, with room for one shift either way; `None` (or the last day)
    /// is the real model.
    pub through_day: Option<usize>,
    /// Order identical rota lines (symmetry breaking). Only valid when the incumbent's
    /// identical lines are in the same order ([`canonical_lines`]), as in the monolithic model.
    pub symmetry: bool,
    /// Leave out every person's day-to-day sequence rules (daily and weekly rest, 24 h hours,
    /// averaging windows, runs of days and nights, blocks, successions, the Sunday rule, night
    /// work), keeping the rules over whole periods (hours, weeks, weekends, shift counts) and
    /// everything across people, and the run caps (`prep::run_caps`, valid for every rota that
    /// keeps the rules). A relaxation of the real model, so its optimum, and any bound on it,
    /// is a lower bound on the real one: the aggregate bound (see `Ctx::aggregate_bound`).
    pub aggregate: bool,
    /// The construction's fast sub-models: the demand rows (the curve, presence,
    /// qualification demand, per-shift cover) are replaced by each free cell's marginal cost
    /// against the fixed cells, an objective coefficient instead of a row per slot. Exact for
    /// one free person whose shifts never share a slot; with more it is an estimate (two
    /// people each get the credit for the same gap). Not a relaxation, not a bound: the
    /// result is only a candidate, scored by the validator. Rules across people over whole
    /// periods (competence shares, the FTE budget, fairness) stay rows.
    pub linear_cover: bool,
    /// The parts of the model for the Dantzig–Wolfe bound ([`crate::dw`]).
    pub part: Part,
}

/// Which part of the model to build: everything, or one side of the Dantzig–Wolfe
/// decomposition ([`crate::dw`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Part {
    Whole,
    /// A pricing problem: the free people's own part (cells, position sizes, indicators and
    /// their per-person rules with those rules' costs), without the demand rows, the rules
    /// across people (FTE budget, competence shares, fairness), requests, position-size costs
    /// and symmetry rows, which are the master's.
    Own,
    /// The master: everything but the per-person rules ([`Builder::person`]), whose rows and
    /// costs come with the columns.
    Shared,
}

pub(crate) struct Builder<'a> {
    sc: &'a Scenario,
    prep: &'a Prep,
    elastic: Elastic,
    /// Building rows of rules across people (for [`Elastic::Shared`]).
    shared: bool,
    vars: ProblemVariables,
    obj: Expression,
    rows: Vec<Constraint>,
    x: Vec<Vec<Vec<X>>>,
    /// Per staff and day: 1 when the day is worked (`Σ_s x[p][d][s]`, or the work-day variable
    /// that equals it).
    work: Vec<Vec<Lin>>,
    work_col: Vec<Vec<Option<usize>>>,
    active: Vec<bool>,
    /// Per staff: 1 when an optional line is unused (a variable, or a constant).
    unused: Vec<Lin>,
    /// See [`Mode::through_day`]; only before the last day.
    through_day: Option<usize>,
    all_persons: bool,
    relax: bool,
    /// See [`Mode::aggregate`]: build the day-to-day sequence rules.
    sequences: bool,
    /// See [`Mode::linear_cover`].
    linear_cover: bool,
    /// See [`Mode::part`].
    part: Part,
    /// The free cells (rows implied by the rules are only added over free days).
    free: &'a [Vec<bool>],
    nonzeros: usize,
}

impl<'a> Builder<'a> {
    /// Builds the model. `free[p][d]` marks the cells the model may change; the others keep the
    /// incumbent's value. With `elastic`, every hard row gets a slack costing [`BIG`].
    ///
    /// Per-person rules are generated for staff with a free cell, or for everybody with
    /// `all_persons` (the evaluation model, where they only contribute constants).
    pub(crate) fn build(
        sc: &'a Scenario,
        prep: &'a Prep,
        incumbent: &Rota,
        free: &'a [Vec<bool>],
        mode: Mode,
    ) -> Built {
        let Mode {
            elastic,
            all_persons,
            relax,
            step_pct,
            symmetry,
            through_day,
            aggregate,
            linear_cover,
            part,
        } = mode;
        let pricing = part == Part::Own;
        let mut b = Builder {
            sc,
            prep,
            elastic,
            shared: false,
            vars: ProblemVariables::new(),
            obj: Expression::from(0.0),
            rows: Vec::new(),
            x: Vec::new(),
            work: Vec::new(),
            work_col: Vec::new(),
            active: free.iter().map(|row| row.iter().any(|&f| f)).collect(),
            unused: vec![Lin::new(); sc.staff.len()],
            through_day: through_day.filter(|&t| t + 1 < sc.days()),
            all_persons,
            relax,
            sequences: !aggregate,
            linear_cover,
            part,
            free,
            nonzeros: 0,
        };
        b.cells(incumbent, free);
        let (z, fixed_pct, pct) = b.positions(incumbent, step_pct);
        if symmetry && !pricing {
            b.order_identical_lines(&pct);
        }
        if !pricing {
            let n = b.level_counts();
            b.shared = true;
            b.fte_budget(&pct);
            b.coverage(&n);
            b.shift_cover(&n);
            b.shares(&n);
            b.shared = false;
            b.requests();
        }
        let wk = b.indicators(&prep.weekends);
        let rd = b.indicators(&prep.red_days);
        if !pricing {
            b.fairness(&wk);
        }
        for p in 0..sc.staff.len() {
            if (b.active[p] || all_persons) && part != Part::Shared {
                b.person(p, &pct[p], &wk[p], &rd[p]);
            }
        }
        let nonzeros = b.nonzeros;
        Built {
            vars: b.vars,
            objective: b.obj,
            constraints: b.rows,
            x: b.x,
            work: b.work_col,
            z,
            fixed_pct,
            nonzeros,
        }
    }

    fn push(&mut self, lin: Lin, op: Op, rhs: f64) {
        self.nonzeros += (&lin.e).linear_coefficients().count();
        self.rows.push(match op {
            Op::Le => lin.e.leq(rhs),
            Op::Ge => lin.e.geq(rhs),
            Op::Eq => lin.e.eq(rhs),
        });
    }

    fn bin(&mut self) -> Variable {
        if self.relax {
            self.vars.add(variable().min(0.0).max(1.0))
        } else {
            self.vars.add(variable().binary())
        }
    }

    /// A continuous variable in [0, 1] for an indicator that is integral whenever the cells
    /// are (an OR of cells, a free rest block, "works nights in this window"). Keeping them
    /// continuous leaves only cells and position choices integer, so a warm start that gives
    /// those is complete.
    fn unit(&mut self) -> Variable {
        self.vars.add(variable().min(0.0).max(1.0))
    }

    fn cont(&mut self, max: f64) -> Variable {
        self.vars.add(variable().min(0.0).max(max))
    }

    /// Hard row `lin <= rhs`.
    fn le(&mut self, mut lin: Lin, rhs: f64) {
        if lin.vars == 0 {
            // Fixed cells only: nothing to decide (a broken fixed part stays broken and the
            // validator reports it).
            return;
        }
        if self.elastic == Elastic::All || (self.elastic == Elastic::Shared && self.shared) {
            let s = self.cont(f64::INFINITY);
            lin.var(-1.0, s);
            self.obj.add_mul(BIG, s);
        }
        self.push(lin, Op::Le, rhs);
    }

    /// Hard row `lin >= rhs`.
    fn ge(&mut self, lin: Lin, rhs: f64) {
        let mut neg = Lin::new();
        neg.add(-1.0, &lin);
        self.le(neg, -rhs);
    }

    /// Soft `lin <= rhs`, or hard when `weight` is `None`: adds `weight × max(0, lin − rhs)`.
    fn soft_le(&mut self, lin: Lin, rhs: f64, weight: Option<f64>) {
        match weight {
            None => self.le(lin, rhs),
            Some(w) => self.excess(lin, rhs, w),
        }
    }

    /// Adds `w × max(0, lin − rhs)` to the objective.
    fn excess(&mut self, mut lin: Lin, rhs: f64, w: f64) {
        if lin.vars == 0 {
            self.obj += w * (lin.constant() - rhs).max(0.0);
            return;
        }
        if w == 0.0 {
            return;
        }
        let e = self.cont(f64::INFINITY);
        lin.var(-1.0, e);
        self.push(lin, Op::Le, rhs);
        self.obj.add_mul(w, e);
    }

    fn cells(&mut self, inc: &Rota, free: &[Vec<bool>]) {
        let sc = self.sc;
        let ns = sc.shifts.len();
        for p in 0..sc.staff.len() {
            let mut row = Vec::with_capacity(sc.days());
            for d in 0..sc.days() {
                let mut cell = vec![X::Zero; ns];
                if free[p][d] {
                    for (s, c) in cell.iter_mut().enumerate() {
                        if self.prep.shift_ok[s] && sc.staff[p].may_work(sc, d, s) {
                            let v = self.bin();
                            *c = X::Var(v, self.vars.len() - 1);
                        }
                    }
                } else if let Some(s) = inc.cells[p][d] {
                    cell[s] = X::One;
                }
                row.push(cell);
            }
            self.x.push(row);
        }
        let work_vars = self.prep.work_vars;
        for p in 0..sc.staff.len() {
            let mut work = Vec::with_capacity(sc.days());
            let mut cols = Vec::with_capacity(sc.days());
            for d in 0..sc.days() {
                let mut one = Lin::new();
                for s in 0..ns {
                    one.x(1.0, self.x[p][d][s]);
                }
                // A day with a choice of shifts gets a work-day variable w = Σ_s x (binary, so
                // at most one shift): the rules over runs of days then cost one non-zero per
                // day instead of one per shift, and HiGHS can branch on "works that day".
                if work_vars && one.vars >= WORK_VAR_MIN_CHOICES {
                    let w = self.bin();
                    let mut def = one;
                    def.var(-1.0, w);
                    self.push(def, Op::Eq, 0.0);
                    let mut l = Lin::new();
                    l.var(1.0, w);
                    work.push(l);
                    cols.push(Some(self.vars.len() - 1));
                } else {
                    // Optional lines get this row with their "unused" flag in `positions`.
                    if one.vars > 1 && !sc.staff[p].is_optional() {
                        self.push(one.clone(), Op::Le, 1.0);
                    }
                    work.push(one);
                    cols.push(None);
                }
                // A fixed working day must be worked.
                if let Some(Some(s)) = sc.staff[p].fixed[d] {
                    let mut l = Lin::new();
                    l.x(1.0, self.x[p][d][s]);
                    self.ge(l, 1.0);
                }
            }
            self.work.push(work);
            self.work_col.push(cols);
        }
    }

    fn day(&self, p: usize, d: usize, filter: impl Fn(usize) -> bool) -> Lin {
        let mut l = Lin::new();
        for (s, &x) in self.x[p][d].iter().enumerate() {
            if filter(s) {
                l.x(1.0, x);
            }
        }
        l
    }

    /// Position size candidates. Returns (candidates, fixed pct, pct expression) per staff.
    #[allow(clippy::type_complexity)]
    fn positions(
        &mut self,
        inc: &Rota,
        step: f64,
    ) -> (Vec<Vec<(usize, f64, Variable)>>, Vec<Option<f64>>, Vec<Lin>) {
        let sc = self.sc;
        let w = *sc.weights();
        let mut zs = Vec::new();
        let mut fixed = Vec::new();
        let mut exprs = Vec::new();
        for p in 0..sc.staff.len() {
            let mut lin = Lin::new();
            let Some(pos) = sc.staff[p].position() else {
                zs.push(Vec::new());
                fixed.push(None);
                exprs.push(lin);
                continue;
            };
            let (lo, hi) = pos.range();
            let optional = sc.staff[p].is_optional();
            // What a size costs: shortfall below the wanted size and the part-time cost; nothing
            // for an unused optional line.
            let pricing = self.part == Part::Own;
            let cost = |v: f64| {
                if optional && v.abs() < EPS || pricing {
                    0.0
                } else {
                    w.position_shortfall * (pos.wanted() - v).max(0.0)
                        + if v < 100.0 - EPS { w.part_time } else { 0.0 }
                }
            };
            if self.active[p] && (hi - lo > EPS || optional) {
                let mut vals = Vec::new();
                if optional {
                    vals.push(0.0);
                }
                let mut v = lo;
                while v < hi - EPS {
                    vals.push(v);
                    v = ((v / step).floor() + 1.0) * step;
                }
                vals.push(hi);
                // The incumbent's own size stays a choice, so a warm start is representable.
                if let Some(cur) = inc.position_pct(sc, p) {
                    if cur > EPS
                        && cur > lo + EPS
                        && cur < hi - EPS
                        && vals.iter().all(|v| (v - cur).abs() > 1e-6)
                    {
                        vals.push(cur);
                    }
                }
                let mut one = Lin::new();
                let mut cand = Vec::new();
                for v in vals {
                    let z = self.bin();
                    one.var(1.0, z);
                    lin.var(v, z);
                    self.obj.add_mul(cost(v), z);
                    cand.push((self.vars.len() - 1, v, z));
                    if optional && v.abs() < EPS {
                        self.unused[p].var(1.0, z);
                    }
                }
                self.push(one, Op::Eq, 1.0);
                zs.push(cand);
                fixed.push(None);
            } else {
                let v = inc.position_pct(sc, p).expect("has a position");
                lin.c(v);
                self.obj += cost(v);
                if optional && v.abs() < EPS {
                    self.unused[p].c(1.0);
                }
                zs.push(Vec::new());
                fixed.push(Some(v));
            }
            exprs.push(lin);
        }
        // At most one shift a day, and none on an unused optional line.
        for p in (0..sc.staff.len()).filter(|&p| sc.staff[p].is_optional()) {
            for d in 0..sc.days() {
                let mut one = self.work[p][d].clone();
                one.add(1.0, &self.unused[p].clone());
                if one.vars > 0 {
                    self.push(one, Op::Le, 1.0);
                }
            }
        }
        (zs, fixed, exprs)
    }

    /// The FTE budget (årsverk): Σ position % / 100 ≤ budget, a rule across people.
    fn fte_budget(&mut self, pct: &[Lin]) {
        let Some(lim) = self.sc.rules().fte_budget else {
            return;
        };
        let mut total = Lin::new();
        for l in pct {
            total.add(0.01, l);
        }
        self.soft_le(total, lim.value, lim.weight);
    }

    /// Symmetry breaking: within each group of identical rota lines ([`identical_lines`]) the
    /// key `position % × 1000 + paid hours` is non-increasing. Any rota can be brought into
    /// that order by swapping identical lines, which changes neither feasibility nor cost.
    fn order_identical_lines(&mut self, pct: &[Lin]) {
        let sc = self.sc;
        for group in identical_lines(sc) {
            let keys: Vec<Lin> = group
                .iter()
                .map(|&p| {
                    let mut k = Lin::new();
                    k.add(1000.0, &pct[p]);
                    for d in 0..sc.days() {
                        for (s, sh) in sc.shifts.iter().enumerate() {
                            k.x(sh.paid as f64 / 60.0, self.x[p][d][s]);
                        }
                    }
                    k
                })
                .collect();
            for pair in keys.windows(2) {
                let mut l = pair[1].clone();
                l.add(-1.0, &pair[0]);
                if l.vars > 0 {
                    self.push(l, Op::Le, 0.0);
                }
            }
        }
    }

    /// `n[d][s][l]`: people of level `l` on shift `s` on day `d`. Aggregated into an integer
    /// variable when many cells are free (fewer non-zeros in the coverage rows).
    fn level_counts(&mut self) -> Vec<Vec<Vec<Lin>>> {
        let sc = self.sc;
        let nl = sc.levels();
        let mut out = Vec::with_capacity(sc.days());
        for d in 0..sc.days() {
            let mut per_shift = Vec::with_capacity(sc.shifts.len());
            for s in 0..sc.shifts.len() {
                let mut per_level = vec![Lin::new(); nl];
                for p in 0..sc.staff.len() {
                    per_level[sc.staff[p].level].x(1.0, self.x[p][d][s]);
                }
                for l in per_level.iter_mut() {
                    // (Not for `linear_cover`, which reads the cells off these sums.)
                    if l.vars > 3 && !self.linear_cover {
                        // Integral whenever the cells are: continuous.
                        let n = self.vars.add(variable().min(0.0));
                        let mut def = l.clone();
                        def.var(-1.0, n);
                        self.push(def, Op::Eq, 0.0);
                        let mut agg = Lin::new();
                        agg.var(1.0, n);
                        *l = agg;
                    }
                }
                per_shift.push(per_level);
            }
            out.push(per_shift);
        }
        out
    }

    fn coverage(&mut self, n: &[Vec<Vec<Lin>>]) {
        if self.linear_cover {
            return self.coverage_linear(n);
        }
        let sc = self.sc;
        let w = *sc.weights();
        let nl = sc.levels();
        let slot_h = sc.slot_minutes as f64 / 60.0;
        let has_curve = !sc.spec().demand.curve.is_empty();
        for g in &self.prep.groups {
            // prefix[L] = people of level <= L present.
            let mut prefix = vec![Lin::new(); nl];
            for &(d, s, frac) in &g.covers {
                let mut acc = Lin::new();
                for (l, pre) in prefix.iter_mut().enumerate() {
                    acc.add(1.0, &n[d][s][l]);
                    pre.add(frac, &acc);
                }
            }
            let hours = g.count as f64 * slot_h;
            let any_var = prefix[nl - 1].vars > 0 || !g.qualification.is_empty();
            if !any_var && !self.all_persons {
                // Nobody free covers the group: its cost is a constant, added without rows
                // (the evaluation model builds them). A hard presence requirement the fixed
                // cells break costs nothing here, as its row would be left out (see `le`).
                let (sup, qual) = self.fixed_supply(g, n);
                self.obj += self.group_cost(g, &sup, &qual, 0.0);
                continue;
            }
            for (wt, minimum) in [(w.under_min, true), (w.under_target, false)] {
                if wt == 0.0 {
                    continue;
                }
                let dem = g.demand_per_level(minimum);
                let mut usum = Lin::new();
                let mut dsum = 0.0;
                for l in 0..nl {
                    dsum += dem[l];
                    if dem[l] > 0.0 {
                        let u = self.cont(dem[l]);
                        usum.var(1.0, u);
                        self.obj.add_mul(wt * sc.level_weight(l) * hours, u);
                        let mut row = prefix[l].clone();
                        row.add(1.0, &usum);
                        // prefix + u >= cumulative demand (a soft row: u carries the cost).
                        let mut neg = Lin::new();
                        neg.add(-1.0, &row);
                        self.push(neg, Op::Le, -dsum);
                    }
                }
            }
            if has_curve && w.over > 0.0 {
                let tsum: f64 = g.demand.iter().map(|x| f64::from(x.target)).sum();
                self.excess(prefix[nl - 1].clone(), tsum, w.over * hours);
            }
            for &r in &g.presence {
                let req = &sc.presence[r];
                let mut l = prefix[req.level].clone();
                match req.weight {
                    None => self.ge(l, f64::from(req.min)),
                    Some(wt) => {
                        l.c(-f64::from(req.min));
                        let mut neg = Lin::new();
                        neg.add(-1.0, &l);
                        self.excess(neg, 0.0, wt * hours);
                    }
                }
            }
            for &(qi, dem) in &g.qualification {
                let qd = &sc.qualification_demand[qi];
                let mut present = Lin::new();
                for &(d, s, frac) in &g.covers {
                    for p in 0..sc.staff.len() {
                        if self.prep.holders[qi][p] {
                            present.x(frac, self.x[p][d][s]);
                        }
                    }
                }
                let lw = sc.level_weight(qd.level);
                for (wt, v) in [(w.under_min, dem.min), (w.under_target, dem.target)] {
                    if v > 0 && wt > 0.0 {
                        let mut neg = Lin::new();
                        neg.add(-1.0, &present);
                        self.excess(neg, -f64::from(v), wt * lw * hours);
                    }
                }
            }
        }
    }

    /// The fixed cells' cover of a slot group: (people per level, people per qualification
    /// demand).
    fn fixed_supply(&self, g: &SlotGroup, n: &[Vec<Vec<Lin>>]) -> (Vec<f64>, Vec<f64>) {
        let mut sup = vec![0.0; self.sc.levels()];
        let mut qual = vec![0.0; g.qualification.len()];
        for &(d, s, frac) in &g.covers {
            for (l, x) in sup.iter_mut().enumerate() {
                *x += frac * n[d][s][l].constant();
            }
            if g.qualification.is_empty() {
                continue; // only qualification demand needs to know who is there
            }
            for p in 0..self.sc.staff.len() {
                if let X::One = self.x[p][d][s] {
                    for (q, &(qi, _)) in qual.iter_mut().zip(&g.qualification) {
                        if self.prep.holders[qi][p] {
                            *q += frac;
                        }
                    }
                }
            }
        }
        (sup, qual)
    }

    /// A slot group's cost, the validator's, for a supply per level and a count per
    /// qualification demand: the nested shortfall against the minimum and the target, the
    /// excess over the target, presence (`hard` per person short of a hard requirement) and
    /// qualification demand.
    fn group_cost(&self, g: &SlotGroup, sup: &[f64], qual: &[f64], hard: f64) -> f64 {
        let sc = self.sc;
        let w = *sc.weights();
        let nl = sc.levels();
        let slot_h = sc.slot_minutes as f64 / 60.0;
        let has_curve = !sc.spec().demand.curve.is_empty();
        let lw: Vec<f64> = (0..nl).map(|l| sc.level_weight(l)).collect();
        let hours = g.count as f64 * slot_h;
        let mut c = 0.0;
        for (wt, minimum) in [(w.under_min, true), (w.under_target, false)] {
            if wt == 0.0 {
                continue;
            }
            let dem = g.demand_per_level(minimum);
            let short = turnus_core::competence::nested_shortfall(&dem, sup, &lw);
            c += wt * hours * short.iter().zip(&lw).map(|(s, l)| s * l).sum::<f64>();
        }
        if has_curve && w.over > 0.0 {
            let tsum: f64 = g.demand.iter().map(|x| f64::from(x.target)).sum();
            c += w.over * hours * (sup.iter().sum::<f64>() - tsum).max(0.0);
        }
        for &r in &g.presence {
            let req = &sc.presence[r];
            let present: f64 = sup[..=req.level].iter().sum();
            let short = (f64::from(req.min) - present).max(0.0);
            c += match req.weight {
                None => hard * short,
                Some(wt) => wt * hours * short,
            };
        }
        for (&(qi, dem), &have) in g.qualification.iter().zip(qual) {
            let lq = lw[sc.qualification_demand[qi].level];
            for (wt, v) in [(w.under_min, dem.min), (w.under_target, dem.target)] {
                if v > 0 && wt > 0.0 {
                    c += wt * lq * hours * (f64::from(v) - have).max(0.0);
                }
            }
        }
        c
    }

    /// [`Builder::coverage`] for [`Mode::linear_cover`]: per slot group, the cost of the
    /// fixed cells' cover (a constant), and for every free cell that covers the group the
    /// change in that cost when the cell alone is added (an objective coefficient). The costs
    /// are the validator's: the nested shortfall against the minimum and the target, the
    /// excess over the target, presence (hard presence at [`BIG`] per person short, as the
    /// elastic rows have it) and qualification demand.
    fn coverage_linear(&mut self, n: &[Vec<Vec<Lin>>]) {
        let sc = self.sc;
        for g in &self.prep.groups {
            let (mut sup, mut qual) = self.fixed_supply(g, n);
            let mut cells = Vec::new();
            for &(d, s, frac) in &g.covers {
                for p in 0..sc.staff.len() {
                    if let X::Var(v, _) = self.x[p][d][s] {
                        cells.push((p, v, frac));
                    }
                }
            }
            let base = self.group_cost(g, &sup, &qual, BIG);
            let mut deltas = Vec::with_capacity(cells.len());
            for (p, v, frac) in cells {
                let lvl = sc.staff[p].level;
                sup[lvl] += frac;
                let held: Vec<usize> = (0..qual.len())
                    .filter(|&i| self.prep.holders[g.qualification[i].0][p])
                    .collect();
                held.iter().for_each(|&i| qual[i] += frac);
                deltas.push((self.group_cost(g, &sup, &qual, BIG) - base, v));
                held.iter().for_each(|&i| qual[i] -= frac);
                sup[lvl] -= frac;
            }
            self.obj += base;
            for (delta, v) in deltas.into_iter().filter(|d| d.0 != 0.0) {
                self.obj.add_mul(delta, v);
            }
        }
    }

    fn shift_cover(&mut self, n: &[Vec<Vec<Lin>>]) {
        let sc = self.sc;
        for row in &sc.cover {
            let mut count = Lin::new();
            for l in 0..sc.levels() {
                if row.level.is_none_or(|m| l <= m) {
                    count.add(1.0, &n[row.day][row.shift][l]);
                }
            }
            let req = f64::from(row.required);
            if self.linear_cover {
                // Each cell's marginal cost against the fixed count (see `Mode::linear_cover`).
                let c = count.constant();
                let cost = |k: f64| {
                    row.weight_over * (k - req).max(0.0) + row.weight_under * (req - k).max(0.0)
                };
                let delta = cost(c + 1.0) - cost(c);
                if count.vars > 0 && delta != 0.0 {
                    for (v, coef) in (&count.e).linear_coefficients() {
                        self.obj.add_mul(delta * coef, v);
                    }
                }
                self.obj += cost(c);
                continue;
            }
            self.excess(count.clone(), req, row.weight_over);
            let mut neg = Lin::new();
            neg.add(-1.0, &count);
            self.excess(neg, -req, row.weight_under);
        }
    }

    fn shares(&mut self, n: &[Vec<Vec<Lin>>]) {
        let sc = self.sc;
        for req in &sc.shares {
            // short >= f × all − good.
            let mut l = Lin::new();
            for d in (0..sc.days()).filter(|&d| req.days[d]) {
                for (s, sh) in sc.shifts.iter().enumerate() {
                    let h = sh.paid as f64 / 60.0;
                    for lv in 0..sc.levels() {
                        let coef = h * (req.min_fraction - if lv <= req.level { 1.0 } else { 0.0 });
                        l.add(coef, &n[d][s][lv]);
                    }
                }
            }
            self.soft_le(l, 0.0, req.weight);
        }
    }

    fn requests(&mut self) {
        let sc = self.sc;
        for (p, st) in sc.staff.iter().enumerate() {
            for r in &st.requests {
                let mut l = Lin::new();
                match r.shift {
                    Some(s) => l.x(1.0, self.x[p][r.day][s]),
                    None => l.add(1.0, &self.work[p][r.day]),
                }
                match r.kind {
                    // Not granted: 1 − worked.
                    RequestKind::On => {
                        self.obj += r.weight;
                        self.obj.add_mul(-r.weight, l.e);
                    }
                    RequestKind::Off => self.obj.add_mul(r.weight, l.e),
                }
            }
        }
    }

    /// Indicators "some cell of the window is worked", per staff and window.
    fn indicators(&mut self, windows: &[Vec<(usize, usize)>]) -> Vec<Vec<Lin>> {
        let sc = self.sc;
        let mut out = Vec::with_capacity(sc.staff.len());
        for p in 0..sc.staff.len() {
            let mut per = Vec::with_capacity(windows.len());
            for cells in windows {
                let xs: Vec<X> = cells
                    .iter()
                    .map(|&(d, s)| self.x[p][d][s])
                    .filter(|x| *x != X::Zero)
                    .collect();
                let mut l = Lin::new();
                if xs.contains(&X::One) {
                    l.c(1.0);
                } else if !xs.is_empty() {
                    let b = self.unit();
                    // b >= each day's overlapping cells, b <= their sum.
                    let mut sum = Lin::new();
                    let mut by_day: Vec<(usize, Lin)> = Vec::new();
                    for &(d, s) in cells {
                        let x = self.x[p][d][s];
                        sum.x(1.0, x);
                        match by_day.iter_mut().find(|(dd, _)| *dd == d) {
                            Some((_, dl)) => dl.x(1.0, x),
                            None => {
                                let mut dl = Lin::new();
                                dl.x(1.0, x);
                                by_day.push((d, dl));
                            }
                        }
                    }
                    for (d, mut dl) in by_day {
                        // The whole day: its work-day variable.
                        let choices = self.x[p][d].iter().filter(|x| matches!(x, X::Var(..)));
                        if self.work_col[p][d].is_some() && dl.vars == choices.count() {
                            dl = self.work[p][d].clone();
                        }
                        if dl.vars > 0 {
                            dl.var(-1.0, b);
                            self.push(dl, Op::Le, 0.0);
                        }
                    }
                    sum.var(-1.0, b);
                    self.push(sum, Op::Ge, 0.0);
                    l.var(1.0, b);
                }
                per.push(l);
            }
            out.push(per);
        }
        out
    }

    fn fairness(&mut self, wk: &[Vec<Lin>]) {
        let sc = self.sc;
        let w = sc.weights().fairness;
        if w == 0.0 {
            return;
        }
        for (i, cat) in [
            (0, None),
            (1, Some(ShiftCategory::Night)),
            (2, Some(ShiftCategory::Evening)),
        ] {
            if i == 0 && self.prep.weekends.is_empty() {
                continue;
            }
            // Unused optional lines are left out: a constant flag drops the line, a variable one
            // relaxes its "at least the minimum" row.
            let counts: Vec<(Lin, Lin)> = (0..sc.staff.len())
                .filter(|&p| self.prep.fair[p][i] && self.unused[p].constant() < 0.5)
                .map(|p| {
                    let mut l = Lin::new();
                    match cat {
                        None => wk[p].iter().for_each(|x| l.add(1.0, x)),
                        Some(c) => {
                            for d in 0..sc.days() {
                                l.add(1.0, &self.day(p, d, |s| sc.shifts[s].category() == c));
                            }
                        }
                    }
                    (l, self.unused[p].clone())
                })
                .collect();
            if counts.is_empty() {
                continue;
            }
            if counts.iter().all(|(c, u)| c.vars == 0 && u.vars == 0) {
                let v: Vec<f64> = counts.iter().map(|(c, _)| c.constant()).collect();
                let spread = v.iter().copied().fold(f64::MIN, f64::max)
                    - v.iter().copied().fold(f64::MAX, f64::min);
                self.obj += w * spread;
                continue;
            }
            let hi = self.cont(f64::INFINITY);
            let lo = self.cont(f64::INFINITY);
            // No count exceeds the number of days, so `days × unused` lifts the row off.
            let big = sc.days() as f64;
            for (c, u) in counts {
                let mut a = c.clone();
                a.var(-1.0, hi);
                self.push(a, Op::Le, 0.0);
                let mut b = c;
                b.var(-1.0, lo);
                b.add(big, &u);
                self.push(b, Op::Ge, 0.0);
            }
            self.obj.add_mul(w, hi);
            self.obj.add_mul(-w, lo);
        }
    }

    /// Windows of `len` days: a window "sum ≤ limit" per window.
    fn day_windows(&mut self, len: usize, series: &[Lin], limit: Limit<u32>) {
        let cyclic = self.sc.calendar.is_cyclic();
        let n = series.len();
        if len > n {
            return; // a run can never exceed the horizon when the limit covers it
        }
        for win in windows(n, len, cyclic) {
            if win.len() < len {
                continue;
            }
            let mut l = Lin::new();
            for &d in &win {
                l.add(1.0, &series[d]);
            }
            self.soft_le(l, f64::from(limit.value), limit.weight);
        }
        // A cyclic run through every day never ends; the validator counts it as one run of n
        // days (excess n − max), while the n windows above count n. Give back `max` when every
        // day is worked: `all ≤ series[d]` for every d, at a negative cost.
        if let (true, true, Some(w)) = (cyclic, n > len, limit.weight) {
            let refund = w * f64::from(limit.value);
            if series.iter().all(|x| x.vars == 0) {
                if series.iter().all(|x| x.constant() > 0.5) {
                    self.obj += -refund;
                }
            } else if series.iter().all(|x| x.vars > 0 || x.constant() > 0.5) {
                let all = self.unit();
                for x in series.iter().filter(|x| x.vars > 0) {
                    let mut l = Lin::new();
                    l.var(1.0, all);
                    l.add(-1.0, x);
                    self.push(l, Op::Le, 0.0);
                }
                self.obj.add_mul(-refund, all);
            }
        }
    }

    fn person(&mut self, p: usize, pct: &Lin, wk: &[Lin], rd: &[Lin]) {
        let sc = self.sc;
        let r = sc.rules();
        let st = &sc.staff[p];
        let lim = st.limits();
        let nd = sc.days();
        let ns = sc.shifts.len();
        let cyclic = sc.calendar.is_cyclic();
        let work = self.work[p].clone();
        let hours_of = |b: &Builder, d: usize| {
            let mut l = Lin::new();
            for (s, sh) in sc.shifts.iter().enumerate() {
                l.x(sh.paid as f64 / 60.0, b.x[p][d][s]);
            }
            l
        };
        let hours: Vec<Lin> = (0..nd).map(|d| hours_of(self, d)).collect();
        // Day-to-day sequence rules, left out of the aggregate model.
        let seq = self.sequences;

        // Daily rest: shifts too close, one row per first shift, day offset, rest gap and day:
        // x[d][a] + Σ x[d+dd][b] ≤ 1 (exact with one shift a day, as the successions below).
        if let Some(rest) = r.daily_rest_hours.filter(|_| seq) {
            for (a, dd, gap, bs) in &self.prep.rest_groups.clone() {
                for d in 0..nd {
                    let Some(d2) = sc.calendar.offset(d, *dd as i64) else {
                        continue;
                    };
                    if *dd == 2 && d2 == d {
                        continue;
                    }
                    let mut l = Lin::new();
                    l.x(1.0, self.x[p][d][*a]);
                    for &b in bs {
                        l.x(1.0, self.x[p][d2][b]);
                    }
                    self.soft_le(l, 1.0, rest.weight.map(|w| w * (rest.value - gap)));
                }
            }
        }

        // Weekly rest: in every rota week some block of `rest` hours is free.
        if let Some(rest) = r.weekly_rest_hours.filter(|_| seq) {
            let need = (rest.value * 60.0).round() as i64;
            let day_min = turnus_core::time::DAY_MINUTES;
            // The rota weeks (whole weeks only), as the validator checks them.
            let starts: Vec<usize> = (0..nd / 7).map(|k| 7 * k).collect();
            for d0 in starts {
                let ws = d0 as i64 * day_min;
                let we = ws + 7 * day_min;
                // Candidate block starts: the window start and every shift end inside.
                let mut cands = vec![ws];
                for dd in -1..7i64 {
                    for sh in &sc.shifts {
                        let e = sh.interval_on(0).end + (d0 as i64 + dd) * day_min;
                        if e > ws && e + need <= we {
                            cands.push(e);
                        }
                    }
                }
                cands.sort_unstable();
                cands.dedup();
                let mut options = Lin::new();
                let mut satisfied = false;
                for a in cands {
                    let block = turnus_core::time::Interval::new(a, a + need);
                    // Cells overlapping the block, per day.
                    let mut per_day: Vec<Lin> = Vec::new();
                    let mut blocked = false;
                    for dd in -1..8i64 {
                        let Some(d) = sc.calendar.offset(0, d0 as i64 + dd) else {
                            continue;
                        };
                        let mut l = Lin::new();
                        for s in 0..ns {
                            let iv = sc.shifts[s]
                                .interval_on(0)
                                .shifted((d0 as i64 + dd) * day_min);
                            if block.overlap(iv) > 0 {
                                match self.x[p][d][s] {
                                    X::One => blocked = true,
                                    x => l.x(1.0, x),
                                }
                            }
                        }
                        if l.vars > 0 {
                            per_day.push(l);
                        }
                    }
                    if blocked {
                        continue;
                    }
                    if per_day.is_empty() {
                        satisfied = true;
                        break;
                    }
                    let rvar = self.unit();
                    options.var(1.0, rvar);
                    for mut l in per_day {
                        l.var(1.0, rvar);
                        self.push(l, Op::Le, 1.0);
                    }
                }
                if !satisfied {
                    self.ge(options, 1.0);
                }
            }
        }

        // Hours within 24 h of each shift start.
        if let Some(l24) = r.max_hours_per_24h.filter(|_| seq) {
            let lim_h = l24.value;
            for d in 0..nd {
                for s in 0..ns {
                    let xs = self.x[p][d][s];
                    if xs == X::Zero {
                        continue;
                    }
                    let start = sc.shifts[s].interval_on(d);
                    let window = turnus_core::time::Interval::new(
                        start.start,
                        start.start + turnus_core::time::DAY_MINUTES,
                    );
                    let own = sc.shifts[s].paid as f64 / 60.0;
                    let mut others = Lin::new();
                    let mut max_others = 0.0;
                    // The shifts of the days before and after (one shift a day).
                    for dd in [-1i64, 1] {
                        let Some(d2) = sc.calendar.offset(d, dd) else {
                            continue;
                        };
                        if d2 == d {
                            continue; // a one-day cycle
                        }
                        let mut day_max: f64 = 0.0;
                        for s2 in 0..ns {
                            let iv = sc.shifts[s2]
                                .interval_on(0)
                                .shifted((d as i64 + dd) * turnus_core::time::DAY_MINUTES);
                            let ov = window.overlap(iv) as f64 * sc.shifts[s2].paid_ratio() / 60.0;
                            if ov > 0.0 && self.x[p][d2][s2] != X::Zero {
                                others.x(ov, self.x[p][d2][s2]);
                                day_max = day_max.max(ov);
                            }
                        }
                        max_others += day_max;
                    }
                    if own + max_others <= lim_h + EPS {
                        continue;
                    }
                    // own·x + others − limit ≤ M (1 − x), M = max_others + own − limit.
                    let m = (own + max_others - lim_h).max(0.0);
                    let mut l = others;
                    l.x(own + m, xs);
                    match l24.weight {
                        None => self.le(l, lim_h + m),
                        Some(w) => self.excess(l, lim_h + m, w),
                    }
                }
            }
        }

        // Weekly hours and averages.
        let weeks: Vec<Vec<usize>> = (0..sc.calendar.week_count())
            .map(|k| (7 * k..(7 * k + 7).min(nd)).collect())
            .collect();
        let week_hours: Vec<Lin> = weeks
            .iter()
            .map(|days| {
                let mut l = Lin::new();
                days.iter().for_each(|&d| l.add(1.0, &hours[d]));
                l
            })
            .collect();
        if let Some(l) = r.max_hours_per_week {
            for wh in &week_hours {
                self.soft_le(wh.clone(), l.value, l.weight);
            }
        }
        if let Some(a) = r.max_avg_hours_per_week.filter(|_| seq) {
            // As the validator: windows of whole rota weeks; with fewer whole weeks than the
            // period, one window of the whole horizon divided by days / 7.
            let whole = nd / 7;
            let span = a.weeks.max(1) as usize;
            if whole >= span {
                for win in windows(whole, span, cyclic) {
                    let mut avg = Lin::new();
                    for &k in &win {
                        avg.add(1.0 / win.len() as f64, &week_hours[k]);
                    }
                    self.soft_le(avg, a.value, a.weight);
                }
            } else {
                let mut avg = Lin::new();
                week_hours
                    .iter()
                    .for_each(|wh| avg.add(7.0 / nd as f64, wh));
                self.soft_le(avg, a.value, a.weight);
            }
        }

        // Runs of days.
        let (max_days, min_days, min_off) = crate::prep::run_rules(sc, p);
        if let Some(l) = max_days.filter(|_| seq) {
            self.day_windows(l.value as usize + 1, &work, l);
        }
        if let Some(l) = r.max_consecutive_nights.filter(|_| seq) {
            let nights: Vec<Lin> = (0..nd)
                .map(|d| self.day(p, d, |s| sc.shifts[s].is_night()))
                .collect();
            self.day_windows(l.value as usize + 1, &nights, l);
        }
        if let Some(l) = r.max_consecutive_same_shift.filter(|_| seq) {
            for s in 0..ns {
                let series: Vec<Lin> = (0..nd).map(|d| self.day(p, d, |t| t == s)).collect();
                self.day_windows(l.value as usize + 1, &series, l);
            }
        }
        for (k, on_block) in [(min_days, true), (min_off, false)] {
            let Some(k) = k.filter(|_| seq) else { continue };
            for d in 0..nd {
                if !cyclic && d == 0 {
                    continue;
                }
                let prev = sc.calendar.offset(d, -1).expect("d > 0 or cyclic");
                for j in 1..k as usize {
                    let Some(dj) = sc.calendar.offset(d, j as i64) else {
                        break;
                    };
                    // Block of work starting at d: w[d] − w[d−1] ≤ w[d+j].
                    // Block of rest starting at d: w[d−1] − w[d] + w[d+j] ≤ 1.
                    let mut l = Lin::new();
                    if on_block {
                        l.add(1.0, &work[d]);
                        l.add(-1.0, &work[prev]);
                        l.add(-1.0, &work[dj]);
                        self.le(l, 0.0);
                    } else {
                        l.add(1.0, &work[prev]);
                        l.add(-1.0, &work[d]);
                        l.add(1.0, &work[dj]);
                        self.le(l, 1.0);
                    }
                }
            }
        }

        // Implied rows over runs of days: at most `cap` days worked in any `len` (see
        // `prep::run_caps`). Only where they are implied: the person's rows hard, every day of
        // the window free (a broken fixed part is left out of the rows that imply them). Also
        // in the aggregate model, which they tighten while it stays a relaxation.
        if self.elastic != Elastic::All {
            for &(len, cap) in &self.prep.run_caps[p] {
                for win in windows(nd, len, cyclic) {
                    if win.len() < len || !win.iter().all(|&d| self.free[p][d]) {
                        continue;
                    }
                    let mut l = Lin::new();
                    win.iter().for_each(|&d| l.add(1.0, &work[d]));
                    self.le(l, f64::from(cap));
                }
            }
        }

        // Weekends.
        let max_we = personal(lim.max_weekends, r.max_weekends);
        if let Some(l) = max_we {
            let mut sum = Lin::new();
            wk.iter().for_each(|x| sum.add(1.0, x));
            self.soft_le(sum, f64::from(l.value), l.weight);
        }
        if let Some(l) = r.weekend_every {
            for win in windows(wk.len(), l.value as usize, cyclic) {
                let mut sum = Lin::new();
                win.iter().for_each(|&i| sum.add(1.0, &wk[i]));
                self.soft_le(sum, 1.0, l.weight);
            }
        }

        // Forbidden successions, one row per first shift and day: x[d][a] + Σ x[d+1][b] ≤ 1
        // over the shifts b that may not follow a. With one shift a day this is exactly the
        // pairwise rows (at most one pair per row can be broken, so a soft row's excess
        // counts the broken pairs), in far fewer rows and with a tighter LP.
        for (a, bs) in self.prep.forbidden_after.iter().filter(|_| seq) {
            for d in 0..nd {
                let Some(d2) = sc.calendar.offset(d, 1) else {
                    continue;
                };
                let mut l = Lin::new();
                l.x(1.0, self.x[p][d][*a]);
                for &b in bs {
                    l.x(1.0, self.x[p][d2][b]);
                }
                self.soft_le(l, 1.0, r.forbidden_successions_weight);
            }
        }

        // Sunday rule.
        if let Some(rule) = r.sunday_rest.filter(|_| seq) {
            let red: Vec<usize> = (0..nd).filter(|&d| sc.calendar.day(d).is_red()).collect();
            match rule.averaging_weeks {
                None => {
                    // Cyclic: the last red day is followed by the first (a lone one by itself).
                    let pairs = if cyclic {
                        rd.len()
                    } else {
                        rd.len().saturating_sub(1)
                    };
                    for i in 0..pairs {
                        let mut l = rd[i].clone();
                        l.add(1.0, &rd[(i + 1) % rd.len()]);
                        self.soft_le(l, 1.0, rule.weight);
                    }
                }
                Some(weeks) => {
                    for win in windows(nd, weeks as usize * 7, cyclic) {
                        let idx: Vec<usize> = red
                            .iter()
                            .enumerate()
                            .filter(|(_, d)| win.contains(d))
                            .map(|(i, _)| i)
                            .collect();
                        if idx.is_empty() {
                            continue;
                        }
                        let cap = idx.len().div_ceil(2) as f64;
                        let mut l = Lin::new();
                        idx.iter().for_each(|&i| l.add(1.0, &rd[i]));
                        self.soft_le(l, cap, rule.weight);
                    }
                }
            }
        }

        // Long shifts, shift-type maxima.
        if let Some(l) = r.max_long_shifts {
            let mut sum = Lin::new();
            for d in 0..nd {
                sum.add(
                    1.0,
                    &self.day(p, d, |s| sc.shifts[s].category() == ShiftCategory::Long),
                );
            }
            self.soft_le(sum, f64::from(l.value), l.weight);
        }
        for s in 0..ns {
            if let Some(m) = st.max_shifts[s] {
                let mut sum = Lin::new();
                (0..nd).for_each(|d| sum.x(1.0, self.x[p][d][s]));
                self.le(sum, f64::from(m));
            }
        }

        // Breaks (soft: per assignment; hard ones are excluded from the domain).
        if let Some(b) = r.breaks {
            if let Some(w) = b.weight {
                for (s, sh) in sc.shifts.iter().enumerate() {
                    if sh.duration as f64 >= b.from_hours * 60.0 - EPS
                        && sh.spec.break_minutes < b.min_minutes
                    {
                        let miss = f64::from(b.min_minutes - sh.spec.break_minutes);
                        for d in 0..nd {
                            let mut l = Lin::new();
                            l.x(1.0, self.x[p][d][s]);
                            self.obj.add_mul(w * miss, l.e);
                        }
                    }
                }
            }
        }

        // Total hours.
        let mut total = Lin::new();
        hours.iter().for_each(|h| total.add(1.0, h));
        if let Some(m) = lim.min_total_minutes {
            if self.through_day.is_none() {
                self.ge(total.clone(), f64::from(m) / 60.0);
            }
        }
        if let Some(m) = lim.max_total_minutes {
            self.le(total.clone(), f64::from(m) / 60.0);
        }
        let week_h = sc.fixed_full_time_week().unwrap_or(35.5);
        if st.position().is_some() {
            if let Some(tol) = r.position_hours_tolerance {
                // |total − pct/100 × week × days/7| ≤ tol; pro rata in block construction.
                let (days, sum, room) = match self.through_day {
                    None => (nd, total.clone(), tol.value),
                    Some(t) => {
                        let mut part = Lin::new();
                        hours[..=t].iter().for_each(|h| part.add(1.0, h));
                        let longest = sc.shifts.iter().map(|s| s.paid).max().unwrap_or(0);
                        (t + 1, part, tol.value + longest as f64 / 60.0)
                    }
                };
                let factor = week_h * days as f64 / 7.0 / 100.0;
                let mut diff = sum;
                diff.add(-factor, pct);
                self.soft_le(diff.clone(), room, tol.weight);
                let mut neg = Lin::new();
                neg.add(-1.0, &diff);
                self.soft_le(neg, room, tol.weight);
            }
            if let Some(o) = r.overtime {
                let mut overs = Vec::new();
                for wh in &week_hours {
                    let mut l = wh.clone();
                    l.add(-week_h / 100.0, pct);
                    self.le(l.clone(), o.per_week);
                    let ov = self.cont(f64::INFINITY);
                    l.var(-1.0, ov);
                    self.push(l, Op::Le, 0.0);
                    let mut ol = Lin::new();
                    ol.var(1.0, ov);
                    overs.push(ol);
                }
                for win in windows(overs.len(), 4, cyclic) {
                    let mut l = Lin::new();
                    win.iter().for_each(|&k| l.add(1.0, &overs[k]));
                    self.le(l, o.per_4_weeks);
                }
                let mut all = Lin::new();
                overs.iter().for_each(|o| all.add(1.0, o));
                self.le(all, o.per_52_weeks * nd as f64 / 7.0 / 52.0);
            }
        }

        // Night work: paid hours per 24 h over every 28 days, for people who work nights there.
        // Paid time is counted by clock inside each day, as the validator does.
        if let Some(nw) = r.night_work_avg_hours.filter(|_| seq) {
            let day_min = turnus_core::time::DAY_MINUTES;
            let clock: Vec<Lin> = (0..nd)
                .map(|d| {
                    let day = turnus_core::time::Interval::new(
                        d as i64 * day_min,
                        (d as i64 + 1) * day_min,
                    );
                    let mut l = Lin::new();
                    for dd in [-1i64, 0] {
                        let Some(d2) = sc.calendar.offset(d, dd) else {
                            continue;
                        };
                        for (s, sh) in sc.shifts.iter().enumerate() {
                            let iv = sh.interval_on(0).shifted((d as i64 + dd) * day_min);
                            let ov = day.overlap(iv) as f64 * sh.paid_ratio() / 60.0;
                            if ov > 0.0 {
                                l.x(ov, self.x[p][d2][s]);
                            }
                        }
                    }
                    l
                })
                .collect();
            // Clock time in a window also takes in the night before it: one shift more.
            let max_paid = sc
                .shifts
                .iter()
                .map(|sh| sh.paid as f64 / 60.0)
                .fold(0.0, f64::max);
            for win in windows(nd, 28, cyclic) {
                let cap = nw.value * win.len() as f64;
                let mut sum = Lin::new();
                let mut max_sum = max_paid;
                let mut nights = Vec::new();
                for &d in &win {
                    sum.add(1.0, &clock[d]);
                    max_sum += max_paid;
                    for s in 0..ns {
                        if sc.shifts[s].is_night() && self.x[p][d][s] != X::Zero {
                            nights.push(self.x[p][d][s]);
                        }
                    }
                }
                if max_sum <= cap + EPS || nights.is_empty() {
                    continue;
                }
                // sum ≤ cap + M (1 − ind), ind ≥ each night.
                let ind = self.unit();
                for x in nights {
                    let mut l = Lin::new();
                    l.x(1.0, x);
                    l.var(-1.0, ind);
                    self.push(l, Op::Le, 0.0);
                }
                let m = max_sum - cap;
                let mut l = sum;
                l.var(m, ind);
                self.le(l, cap + m);
            }
        }
    }
}

/// A personal value replaces the scenario's limit, keeping its strength; alone it is hard.
fn personal(value: Option<u32>, rule: Option<Limit<u32>>) -> Option<Limit<u32>> {
    value
        .map(|v| Limit {
            value: v,
            weight: rule.and_then(|l| l.weight),
        })
        .or(rule)
}

#[derive(Clone, Copy)]
enum Op {
    Le,
    Ge,
    Eq,
}

#[cfg(test)]
mod tests {
    use super::{Builder, Elastic, Mode, Part, WORK_VAR_MIN_CHOICES, X};
    use crate::prep::Prep;
    use turnus_core::generate::{generate, GeneratorConfig};
    use turnus_core::rota::Rota;
    use turnus_core::Scenario;

    /// Builds the whole model of a generated scenario; returns, per day with a work-day column,
    /// (choices that day, the column), and the count of days without one.
    fn work_columns(long_shifts: bool) -> (Vec<(usize, usize)>, usize) {
        let sc = Scenario::new(generate(&GeneratorConfig {
            seed: 4,
            staff: 6,
            weeks: 2,
            long_shifts,
            ..Default::default()
        }))
        .unwrap();
        let prep = Prep::new(&sc).unwrap();
        let free = vec![vec![true; sc.days()]; sc.staff.len()];
        let mode = Mode {
            elastic: Elastic::Off,
            all_persons: false,
            relax: false,
            step_pct: 5.0,
            through_day: None,
            aggregate: false,
            linear_cover: false,
            symmetry: false,
            part: Part::Whole,
        };
        let built = Builder::build(&sc, &prep, &Rota::empty(&sc), &free, mode);
        let mut with = Vec::new();
        let mut without = 0;
        for (p, row) in built.work.iter().enumerate() {
            for (d, col) in row.iter().enumerate() {
                let choices = built.x[p][d]
                    .iter()
                    .filter(|x| matches!(x, X::Var(..)))
                    .count();
                match col {
                    Some(c) => with.push((choices, *c)),
                    None => {
                        assert!(choices < WORK_VAR_MIN_CHOICES, "{p} {d}: {choices} choices");
                        without += 1;
                    }
                }
            }
        }
        (with, without)
    }

    #[test]
    fn work_day_variables_only_where_a_day_has_four_choices() {
        // Three shift types: no day has four choices.
        let (with, without) = work_columns(false);
        assert!(with.is_empty());
        assert!(without > 0);
        // With the long shift there are four: those days get a column of their own.
        let (with, _) = work_columns(true);
        assert!(!with.is_empty());
        assert!(with.iter().all(|&(c, _)| c >= WORK_VAR_MIN_CHOICES));
        let mut cols: Vec<usize> = with.iter().map(|&(_, c)| c).collect();
        cols.sort_unstable();
        cols.dedup();
        assert_eq!(cols.len(), with.len(), "one column per person and day");
    }
}
