//! In-process query latency with typo tolerance on and off.
//!
//! ```sh
//! cargo run --release --example typo_latency -- INDEX_DIR QUERIES_FILE [RUNS]
//! ```
//!
//! Runs every query of QUERIES_FILE (one per line, `#` comments) RUNS times
//! (default 5) after one warm-up, with `Typos::Auto` and `Typos::Off`
//! alternating query by query (so both modes see the same machine load), and
//! prints p50, p99 and mean latency of each mode and their ratio.
//! `bench/queries.txt` holds correctly spelled queries, `bench/typo-queries.txt`
//! misspelled ones.

#[path = "support/ab_latency.rs"]
mod ab_latency;

use kavosh::search::Typos;
use kavosh::SearchOptions;

fn main() {
    let setup = ab_latency::Setup::from_args("typo_latency");
    let options = |typos| SearchOptions {
        typos,
        ..SearchOptions::default()
    };
    let corrected = setup
        .queries
        .iter()
        .filter(|q| {
            let results = setup.index.search(q, &options(Typos::Auto));
            results.is_ok_and(|r| !r.suggestions.is_empty())
        })
        .count();
    println!("{corrected} of {} queries corrected", setup.queries.len());
    setup.compare([
        ("typos auto", options(Typos::Auto)),
        ("typos off", options(Typos::Off)),
    ]);
}
