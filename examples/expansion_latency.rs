//! In-process query latency with and without bilingual expansion.
//!
//! ```sh
//! cargo run --release --example expansion_latency -- INDEX_DIR QUERIES_FILE [RUNS]
//! ```
//!
//! Runs every query of QUERIES_FILE (one per line, `#` comments) RUNS times
//! (default 5) after one warm-up, with expansion on and off, and prints p50,
//! p99 and mean latency of each mode and their ratio.

use std::time::Instant;

use kavosh::{SearchIndex, SearchOptions};

fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(dir), Some(queries)) = (args.first(), args.get(1)) else {
        eprintln!("usage: expansion_latency INDEX_DIR QUERIES_FILE [RUNS]");
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
    let mut means = Vec::new();
    for expand in [true, false] {
        let options = SearchOptions {
            expand,
            ..SearchOptions::default()
        };
        for q in &queries {
            let _ = index.search(q, &options);
        }
        let mut times = Vec::new();
        for _ in 0..runs {
            for q in &queries {
                let start = Instant::now();
                let _ = index.search(q, &options);
                times.push(start.elapsed().as_secs_f64() * 1000.0);
            }
        }
        times.sort_by(f64::total_cmp);
        let mean = times.iter().sum::<f64>() / times.len() as f64;
        means.push((percentile(&times, 0.5), percentile(&times, 0.99), mean));
        println!(
            "expand={expand:<5} p50 {:.3} ms  p99 {:.3} ms  mean {:.3} ms",
            percentile(&times, 0.5),
            percentile(&times, 0.99),
            mean
        );
    }
    let (on, off) = (means[0], means[1]);
    println!(
        "ratio expand/no-expand: p50 {:.2}×  p99 {:.2}×  mean {:.2}×",
        on.0 / off.0,
        on.1 / off.1,
        on.2 / off.2
    );
}
