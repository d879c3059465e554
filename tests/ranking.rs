//! Ranking on small collections of real Persian passages: the words as typed
//! always count, informative words weigh more than common ones, question and
//! stop words never lift a passage, nearby words rank higher.

mod common;

use std::io::Write;

use kavosh::index::{IndexOptions, SilentProgress};
use kavosh::{SearchIndex, SearchOptions, SearchResults};

/// An index of `passages`, one article each (`id` = `p1`, `p2`, …), from a
/// JSON Lines file in a temp folder.
fn index_of(passages: &[&str]) -> (tempfile::TempDir, SearchIndex) {
    let records: Vec<(String, String)> = passages
        .iter()
        .enumerate()
        .map(|(i, text)| (format!("p{}", i + 1), text.to_string()))
        .collect();
    index_of_articles(&records)
}

/// An index of `(id, text)` articles, paragraphs separated by `\n`.
fn index_of_articles(articles: &[(String, String)]) -> (tempfile::TempDir, SearchIndex) {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    let mut file = std::fs::File::create(corpus.join("part.jsonl")).unwrap();
    for (id, text) in articles {
        let record =
            serde_json::json!({"id": id, "title": null, "date": null, "lang": "fa", "text": text});
        writeln!(file, "{record}").unwrap();
    }
    drop(file);
    let index = SearchIndex::open_or_create(dir.path().join("index")).unwrap();
    index
        .rebuild(&[corpus], &IndexOptions::default(), &SilentProgress)
        .unwrap();
    (dir, index)
}

fn search(index: &SearchIndex, query: &str) -> SearchResults {
    let options = SearchOptions {
        limit: 50,
        ..SearchOptions::default()
    };
    index.search(query, &options).unwrap()
}

/// The ids of the hits, best first.
fn ids(results: &SearchResults) -> Vec<String> {
    results.hits.iter().map(|h| h.id.clone()).collect()
}

#[test]
fn a_lexicon_phrase_never_hides_the_typed_words() {
    // «سردار سلیمانی» is a lexicon entry; the passage says «قاسم سلیمانی».
    let (_dir, index) = index_of(&[
        "قاسم سلیمانی فرمانده نیروی قدس سپاه پاسداران بود و در بغداد کشته شد.",
        "سردار دلها لقبی است که مردم به او دادند.",
        "نیروگاه اتمی بوشهر با همکاری روسیه ساخته شد.",
    ]);
    let results = search(&index, "سردار سلیمانی چه کار هایی کرد؟");
    assert!(
        ids(&results).contains(&"p1".to_string()),
        "{:?}",
        ids(&results)
    );
}
