//! Prints every distinct Persian word of some JSON Lines files with the term
//! the analyzer indexes for it: `word<TAB>term<TAB>count`, most frequent
//! first. Run it before and after a change to the stemmer and compare the
//! outputs to see which word types change stem:
//!
//! ```sh
//! cargo run --release --example stem_words -- ../shared/corpora/fa-news-langml/part-0005.jsonl > after.tsv
//! ```

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};

use kavosh::analysis::{explain, Script};

fn main() {
    let paths: Vec<String> = std::env::args().skip(1).collect();
    if paths.is_empty() {
        eprintln!("usage: stem_words FILE.jsonl... > words.tsv");
        std::process::exit(2);
    }
    let mut seen: HashMap<(String, String), u64> = HashMap::new();
    for path in &paths {
        let file = match std::fs::File::open(path) {
            Ok(file) => file,
            Err(err) => {
                eprintln!("{path}: {err}");
                std::process::exit(1);
            }
        };
        for line in BufReader::new(file).lines().map_while(Result::ok) {
            let Ok(record) = serde_json::from_str::<serde_json::Value>(&line) else {
                continue;
            };
            let Some(text) = record["text"].as_str() else {
                continue;
            };
            for token in explain(text) {
                if token.script == Script::Persian && token.part_of.is_none() {
                    *seen.entry((token.word, token.term)).or_default() += 1;
                }
            }
        }
    }
    let mut rows: Vec<((String, String), u64)> = seen.into_iter().collect();
    rows.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for ((word, term), count) in rows {
        if writeln!(out, "{word}\t{term}\t{count}").is_err() {
            std::process::exit(1);
        }
    }
}
