//! What the latency examples share: reading `INDEX_DIR QUERIES_FILE [RUNS]`,
//! and timing the same queries under two sets of search options, alternated
//! query by query (so a noisy machine disturbs both alike), with p50, p99,
//! mean and their ratio printed.

use std::time::Instant;

use kavosh::{SearchIndex, SearchOptions};

/// The index, the queries of the file (blank lines and `#` comments left
/// out) and the number of timed runs, from the command line.
pub struct Setup {
    pub index: SearchIndex,
    pub queries: Vec<String>,
    pub runs: usize,
}

impl Setup {
    /// Reads `INDEX_DIR QUERIES_FILE [RUNS]` (default 5 runs); a usage line
    /// naming `example` and exit 2 when they are missing.
    pub fn from_args(example: &str) -> Setup {
        let args: Vec<String> = std::env::args().skip(1).collect();
        let (Some(dir), Some(queries)) = (args.first(), args.get(1)) else {
            eprintln!("usage: {example} INDEX_DIR QUERIES_FILE [RUNS]");
            std::process::exit(2);
        };
        let runs = args.get(2).and_then(|r| r.parse().ok()).unwrap_or(5);
        let index = SearchIndex::open(dir).unwrap_or_else(|e| panic!("{e}"));
        let text = std::fs::read_to_string(queries).expect("readable queries file");
        let queries: Vec<String> = text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(String::from)
            .collect();
        println!(
            "{} passages, {} queries × {runs} runs",
            index.num_passages(),
            queries.len()
        );
        Setup {
            index,
            queries,
            runs,
        }
    }

    /// Times every query under both `modes` (a name and its options) after
    /// one untimed round, and prints each mode's p50, p99 and mean in
    /// milliseconds and the first mode's over the second's.
    pub fn compare(&self, modes: [(&str, SearchOptions); 2]) {
        for q in &self.queries {
            for (_, options) in &modes {
                let _ = self.index.search(q, options);
            }
        }
        let mut times = [Vec::new(), Vec::new()];
        for _ in 0..self.runs {
            for q in &self.queries {
                for (mode, (_, options)) in modes.iter().enumerate() {
                    let start = Instant::now();
                    let _ = self.index.search(q, options);
                    times[mode].push(start.elapsed().as_secs_f64() * 1000.0);
                }
            }
        }
        let mut stats = Vec::new();
        for ((name, _), times) in modes.iter().zip(&mut times) {
            times.sort_by(f64::total_cmp);
            let mean = times.iter().sum::<f64>() / times.len() as f64;
            let (p50, p99) = (percentile(times, 0.5), percentile(times, 0.99));
            stats.push((p50, p99, mean));
            println!("{name:<12} p50 {p50:.3} ms  p99 {p99:.3} ms  mean {mean:.3} ms");
        }
        let (a, b) = (stats[0], stats[1]);
        println!(
            "ratio {}/{}: p50 {:.2}×  p99 {:.2}×  mean {:.2}×",
            modes[0].0,
            modes[1].0,
            a.0 / b.0,
            a.1 / b.1,
            a.2 / b.2
        );
    }
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}
