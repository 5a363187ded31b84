//! kpis tests.
