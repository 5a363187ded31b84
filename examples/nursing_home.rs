//! Solves the nursing-home fixture (sykehjem: 33 staff and rota lines, a 6-week cycle with day,
//! evening, night and long shifts) and prints the rota grid, the KPIs and the solve statistics.
//!
//! ```sh
//! cargo run --release --example nursing_home -- 60    # time limit in seconds (default 60)
//! ```

mod common;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    common::solve_fixture("nursing_home")
}
