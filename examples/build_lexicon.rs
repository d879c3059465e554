//! Builds `data/fa-words.tsv`, the Persian word list with frequencies that the
//! stemmer and the decompounder consult.
//!
//! ```sh
//! cargo run --release --example build_lexicon -- ../shared/corpora > data/fa-words.tsv
//! ```
//!
//! It reads every `*.jsonl` file under the given folders (records with
//! `lang` and `text`, the format of `../shared/corpora`), keeps Persian
//! records, and counts the words as kavosh's analyzer normalises them before
//! stemming (letters, digits, diacritics, joined affixes). A ZWNJ is read as a
//! word boundary here, so «بین‌المللی» counts «بین» and «المللی» while
//! «هسته‌ای» still counts as the one word «هستهای» (its affix joins): the count
//! of a glued form is how often it is written glued *without* a ZWNJ, which is
//! what the decompounder needs to know. Poetry (archaic vocabulary) and the
//! Quran translations (titles repeated per verse) are skipped. Words seen
//! fewer than `MIN_COUNT` times are dropped.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};

use kavosh::analysis::{Analyzer, Script};

const MIN_COUNT: u64 = 3;
const SKIP: &[&str] = &["poetry", "en-news", "mixed-mini", "quran"];

fn jsonl_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        let name = path.to_string_lossy();
        if SKIP.iter().any(|s| name.contains(s)) {
            continue;
        }
        if path.is_dir() {
            jsonl_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "jsonl") {
            out.push(path);
        }
    }
}

fn main() {
    let roots: Vec<PathBuf> = std::env::args().skip(1).map(PathBuf::from).collect();
    if roots.is_empty() {
        eprintln!("usage: build_lexicon CORPUS_DIR... > data/fa-words.tsv");
        std::process::exit(2);
    }
    let mut files = Vec::new();
    for root in &roots {
        jsonl_files(root, &mut files);
    }
    let analyzer = Analyzer::surface();
    let mut counts: HashMap<String, u64> = HashMap::new();
    let (mut records, mut tokens) = (0u64, 0u64);
    for file in &files {
        let reader = BufReader::new(std::fs::File::open(file).expect("readable corpus file"));
        for line in reader.lines() {
            let Ok(line) = line else { continue };
            let Ok(record) = serde_json::from_str::<serde_json::Value>(&line) else {
                continue;
            };
            if record["lang"] != "fa" {
                continue;
            }
            records += 1;
            for field in ["title", "text"] {
                let Some(text) = record[field].as_str() else {
                    continue;
                };
                let text = text.replace('\u{200c}', " ");
                for token in analyzer.analyze(&text) {
                    if token.script == Script::Persian {
                        tokens += 1;
                        *counts.entry(token.term).or_default() += 1;
                    }
                }
            }
        }
    }
    let mut words: Vec<(String, u64)> = counts
        .into_iter()
        .filter(|(_, c)| *c >= MIN_COUNT)
        .collect();
    words.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let sources: Vec<String> = files
        .iter()
        .map(|f| {
            f.parent()
                .and_then(|p| p.file_name())
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default()
        })
        .collect();
    let mut sources: Vec<String> = sources
        .into_iter()
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    sources.retain(|s| !s.is_empty());
    writeln!(
        out,
        "# Persian word frequencies for kavosh's stemmer and decompounder."
    )
    .unwrap();
    writeln!(
        out,
        "# Built by examples/build_lexicon.rs from {} ({} records, {} Persian tokens).",
        sources.join(", "),
        records,
        tokens
    )
    .unwrap();
    writeln!(out, "# Terms are normalised as kavosh's analyzer does before stemming; a ZWNJ counts as a word boundary.").unwrap();
    writeln!(
        out,
        "# Columns: word<TAB>count. Words seen fewer than {MIN_COUNT} times are left out."
    )
    .unwrap();
    for (word, count) in &words {
        writeln!(out, "{word}\t{count}").unwrap();
    }
    eprintln!(
        "{} files, {} records, {} tokens, {} words kept",
        files.len(),
        records,
        tokens,
        words.len()
    );
}
