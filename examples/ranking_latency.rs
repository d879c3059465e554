//! In-process query latency of the ranking additions: related forms on and
//! off (on is the default), title evidence on and off (on is the default),
//! the lead part on and off (on is the default), and pseudo-relevance
//! feedback on and off.
//!
//! ```sh
//! cargo run --release --example ranking_latency -- INDEX_DIR QUERIES_FILE [RUNS]
//! ```
//!
//! Runs every query of QUERIES_FILE (one per line, `#` comments) RUNS times
//! (default 5) after one warm-up, the two modes of each comparison
//! alternating query by query, and prints p50, p99 and mean latency of each
//! mode and their ratio.

#[path = "support/ab_latency.rs"]
mod ab_latency;

use kavosh::search::{Feedback, RankParams};
use kavosh::SearchOptions;

fn main() {
    let setup = ab_latency::Setup::from_args("ranking_latency");
    let related = |related| SearchOptions {
        related,
        ..SearchOptions::default()
    };
    setup.compare([("related", related(true)), ("no-related", related(false))]);
    // The default ranking with one of its parameters changed.
    let ranking = |change: fn(&mut RankParams)| {
        let mut ranking = RankParams::default();
        change(&mut ranking);
        SearchOptions {
            ranking,
            ..SearchOptions::default()
        }
    };
    setup.compare([
        ("title", ranking(|_| {})),
        ("no-title", ranking(|p| p.title = 0.0)),
    ]);
    setup.compare([
        ("lead", ranking(|_| {})),
        ("no-lead", ranking(|p| p.lead = 0.0)),
    ]);
    let feedback = |feedback| SearchOptions {
        feedback,
        ..SearchOptions::default()
    };
    setup.compare([
        ("feedback", feedback(Some(Feedback::default()))),
        ("default", feedback(None)),
    ]);
}
