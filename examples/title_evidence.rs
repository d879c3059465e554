//! Does the article's title help as weak evidence for its passages? Two
//! known-item query sets are drawn from a JSON Lines news corpus that is
//! already indexed, and searched with several title weights
//! ([`RankParams::title`]); MRR@10 and R@10 are printed for each.
//!
//! * **headline**: the title as the query, its article as the answer
//!   (`--group article`). Biased towards title evidence: it measures how
//!   much the title can lift the right article when the query is about it.
//! * **passage**: the four rarest words of an article's second paragraph
//!   (outside the stop words) as the query, that passage as the answer.
//!   Title evidence helps here only where the title shares the words, and
//!   hurts where other articles' titles pull their passages up: it
//!   measures the cost.
//!
//! ```text
//! cargo run --release --example title_evidence -- INDEX_DIR FILE.jsonl... [--every N]
//! ```
//!
//! Every `N`th record (default 40) with a title and at least three
//! paragraphs is used.

use kavosh::analysis::is_stop_word;
use kavosh::search::{Group, RankParams};
use kavosh::{SearchIndex, SearchOptions};
use tantivy::Term;

const WEIGHTS: [f32; 5] = [0.0, 0.1, 0.2, 0.3, 0.5];
const K: usize = 10;

struct Query {
    text: String,
    article: String,
    /// The answer passage's text, for the passage set.
    passage: Option<String>,
}

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let mut every = 40;
    if let Some(i) = args.iter().position(|a| a == "--every") {
        every = args
            .get(i + 1)
            .and_then(|n| n.parse().ok())
            .filter(|&n: &usize| n > 0)
            .unwrap_or_else(|| usage());
        args.drain(i..i + 2);
    }
    let [dir, files @ ..] = args.as_slice() else {
        usage()
    };
    if files.is_empty() {
        usage()
    }
    let index = SearchIndex::open(dir).unwrap_or_else(|e| panic!("{e}"));
    let (headlines, passages) = queries(&index, files, every);
    println!(
        "{} passages; {} headline queries, {} passage queries (every {every}th titled record)\n",
        index.num_passages(),
        headlines.len(),
        passages.len()
    );
    println!("| title weight | headline MRR@10 | headline R@10 | passage MRR@10 | passage R@10 |");
    println!("|--:|--:|--:|--:|--:|");
    for weight in WEIGHTS {
        let ranking = RankParams {
            title: weight,
            ..RankParams::default()
        };
        let (h_mrr, h_recall) = evaluate(&index, &headlines, Group::Article, ranking);
        let (p_mrr, p_recall) = evaluate(&index, &passages, Group::Passage, ranking);
        println!("| {weight:.1} | {h_mrr:.4} | {h_recall:.4} | {p_mrr:.4} | {p_recall:.4} |");
    }
}

fn usage() -> ! {
    eprintln!("usage: title_evidence INDEX_DIR FILE.jsonl... [--every N]");
    std::process::exit(2)
}

/// The two query sets from the records of `files`.
fn queries(index: &SearchIndex, files: &[String], every: usize) -> (Vec<Query>, Vec<Query>) {
    let searcher = index.searcher();
    let field = index.fields().text;
    let docs = searcher.num_docs();
    let mut titled = 0usize;
    let (mut headlines, mut passages) = (Vec::new(), Vec::new());
    for file in files {
        let text = std::fs::read_to_string(file).unwrap_or_else(|e| panic!("{file}: {e}"));
        for line in text.lines() {
            let Ok(record) = serde_json::from_str::<serde_json::Value>(line) else {
                continue;
            };
            let field_of = |name: &str| record[name].as_str().unwrap_or("").trim().to_string();
            let (id, title, body) = (field_of("id"), field_of("title"), field_of("text"));
            let paragraphs: Vec<&str> = body
                .split('\n')
                .map(str::trim)
                .filter(|p| !p.is_empty())
                .collect();
            if title.is_empty() || paragraphs.len() < 3 {
                continue;
            }
            titled += 1;
            if !titled.is_multiple_of(every) {
                continue;
            }
            headlines.push(Query {
                text: title,
                article: id.clone(),
                passage: None,
            });
            // The four rarest informative words of the second paragraph.
            let paragraph = paragraphs[1];
            let mut words: Vec<(u64, usize, String)> = index
                .analyzer()
                .analyze(paragraph)
                .into_iter()
                .filter(|t| !is_stop_word(&t.term))
                .filter_map(|t| {
                    let df = searcher
                        .doc_freq(&Term::from_field_text(field, &t.term))
                        .ok()?;
                    (df >= 2 && df < docs / 10)
                        .then(|| (df, t.start, t.original(paragraph).to_string()))
                })
                .collect();
            words.sort();
            words.dedup_by(|a, b| a.2 == b.2);
            words.truncate(4);
            if words.len() < 2 {
                continue;
            }
            words.sort_by_key(|w| w.1);
            passages.push(Query {
                text: words.into_iter().map(|w| w.2).collect::<Vec<_>>().join(" "),
                article: id,
                passage: Some(paragraph.to_string()),
            });
        }
    }
    (headlines, passages)
}

/// MRR@10 and R@10 of `queries` under `ranking`.
fn evaluate(
    index: &SearchIndex,
    queries: &[Query],
    group: Group,
    ranking: RankParams,
) -> (f64, f64) {
    let options = SearchOptions {
        limit: K,
        group,
        ranking,
        ..SearchOptions::default()
    };
    let (mut rr, mut found) = (0.0, 0.0);
    for query in queries {
        let Ok(results) = index.search(&query.text, &options) else {
            continue;
        };
        let rank = results.hits.iter().position(|hit| {
            hit.id == query.article
                && query
                    .passage
                    .as_deref()
                    .is_none_or(|p| hit.text.trim() == p)
        });
        if let Some(rank) = rank {
            rr += 1.0 / (rank + 1) as f64;
            found += 1.0;
        }
    }
    let n = queries.len().max(1) as f64;
    (rr / n, found / n)
}
