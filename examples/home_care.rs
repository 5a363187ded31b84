//! Solves the home-care fixture (hjemmetjenester: 25 staff, an 8-week cycle of day, mid and
//! evening shifts) and prints the rota grid, the KPIs and the solve statistics.
//!
//! ```sh
//! cargo run --release --example home_care -- 60    # time limit in seconds (default 60)
//! ```

mod common;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    common::solve_fixture("home_care")
}
