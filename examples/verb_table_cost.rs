//! What the verb table (`data/fa-verbs.tsv`) costs at start-up: the first
//! use of [`Verbs::persian`] parses the embedded text into two hash maps.
//!
//! ```sh
//! cargo run --release --example verb_table_cost
//! ```

use std::time::Instant;

use kavosh::analysis::verbs::Verbs;

const TABLE: &str = include_str!("../data/fa-verbs.tsv");

fn main() {
    let start = Instant::now();
    let verbs = Verbs::persian();
    let first = start.elapsed();
    const RUNS: u32 = 2_000;
    let start = Instant::now();
    let mut stems = 0;
    for _ in 0..RUNS {
        stems += std::hint::black_box(Verbs::parse(std::hint::black_box(TABLE))).len();
    }
    let each = start.elapsed() / RUNS;
    println!(
        "verb table: {} bytes, {} verbs; first use {:.1} µs; parse {:.1} µs on average over {RUNS} runs ({} stems)",
        TABLE.len(),
        verbs.len(),
        first.as_secs_f64() * 1e6,
        each.as_secs_f64() * 1e6,
        stems / RUNS as usize
    );
}
