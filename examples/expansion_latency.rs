//! In-process query latency with and without bilingual expansion.
//!
//! ```sh
//! cargo run --release --example expansion_latency -- INDEX_DIR QUERIES_FILE [RUNS]
//! ```
//!
//! Runs every query of QUERIES_FILE (one per line, `#` comments) RUNS times
//! (default 5) after one warm-up, with expansion on and off alternating query
//! by query, and prints p50, p99 and mean latency of each mode and their
//! ratio.

#[path = "support/ab_latency.rs"]
mod ab_latency;

use kavosh::SearchOptions;

fn main() {
    let setup = ab_latency::Setup::from_args("expansion_latency");
    let options = |expand| SearchOptions {
        expand,
        ..SearchOptions::default()
    };
    setup.compare([("expand", options(true)), ("no-expand", options(false))]);
}
