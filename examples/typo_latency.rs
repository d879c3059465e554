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

use std::time::Instant;

use kavosh::search::Typos;
use kavosh::{SearchIndex, SearchOptions};

fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(dir), Some(queries)) = (args.first(), args.get(1)) else {
        eprintln!("usage: typo_latency INDEX_DIR QUERIES_FILE [RUNS]");
        std::process::exit(2);
    };
    let runs: usize = args.get(2).and_then(|r| r.parse().ok()).unwrap_or(5);
    let index = SearchIndex::open(dir).unwrap_or_else(|e| panic!("{e}"));
    let text = std::fs::read_to_string(queries).expect("readable queries file");
    let queries: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect();
    println!(
        "{} passages, {} queries × {runs} runs",
        index.num_passages(),
        queries.len()
    );
    let modes = [Typos::Auto, Typos::Off];
    let options = modes.map(|typos| SearchOptions {
        typos,
        ..SearchOptions::default()
    });
    let mut corrected = 0;
    for q in &queries {
        let results = index.search(q, &options[0]);
        corrected += usize::from(results.is_ok_and(|r| !r.suggestions.is_empty()));
        let _ = index.search(q, &options[1]);
    }
    println!("{corrected} of {} queries corrected", queries.len());
    let mut times = [Vec::new(), Vec::new()];
    for _ in 0..runs {
        for q in &queries {
            for (mode, options) in options.iter().enumerate() {
                let start = Instant::now();
                let _ = index.search(q, options);
                times[mode].push(start.elapsed().as_secs_f64() * 1000.0);
            }
        }
    }
    let mut stats = Vec::new();
    for (mode, times) in modes.iter().zip(&mut times) {
        times.sort_by(f64::total_cmp);
        let mean = times.iter().sum::<f64>() / times.len() as f64;
        let (p50, p99) = (percentile(times, 0.5), percentile(times, 0.99));
        stats.push((p50, p99, mean));
        println!("typos={mode:<4?} p50 {p50:.3} ms  p99 {p99:.3} ms  mean {mean:.3} ms");
    }
    let (on, off) = (stats[0], stats[1]);
    println!(
        "ratio auto/off: p50 {:.2}×  p99 {:.2}×  mean {:.2}×",
        on.0 / off.0,
        on.1 / off.1,
        on.2 / off.2
    );
}
