//! The article's title as weak evidence for its passages (BM25F-like): a
//! passage under a title with the query's words ranks above an otherwise
//! equal one, and the title never makes a passage match on its own.

mod common;

use common::{ids, index_of_records};
use kavosh::search::RankParams;
use kavosh::{SearchIndex, SearchOptions};

/// An index of `(id, title, paragraphs)` articles.
fn index_of_titled(articles: &[(&str, Option<&str>, &str)]) -> (tempfile::TempDir, SearchIndex) {
    let records: Vec<serde_json::Value> = articles
        .iter()
        .map(|(id, title, text)| {
            serde_json::json!({"id": id, "title": title, "date": null, "lang": "fa", "text": text})
        })
        .collect();
    index_of_records(&records)
}

fn options(title: f32) -> SearchOptions {
    SearchOptions {
        limit: 20,
        explain: true,
        ranking: RankParams {
            title,
            ..RankParams::default()
        },
        ..SearchOptions::default()
    }
}

const ARTICLES: [(&str, Option<&str>, &str); 2] = [
    (
        "oil",
        Some("بازار جهانی نفت"),
        "قیمت نفت خام امروز بالا رفت.\nپوتین درباره تولید نفت سخن گفت.",
    ),
    (
        "visit",
        Some("سفر پوتین به تهران"),
        "هواپیما صبح در فرودگاه مهرآباد نشست.\nپوتین درباره تولید گاز سخن گفت.",
    ),
];

#[test]
fn a_passage_under_a_matching_title_ranks_first() {
    let (_dir, index) = index_of_titled(&ARTICLES);
    let results = index.search("پوتین", &options(0.3)).unwrap();
    assert_eq!(ids(&results), ["visit", "oil"]);
    let parts = results.hits[0].explain.unwrap();
    assert!(parts.fields > 0.0, "{parts:?}");
    assert_eq!(results.hits[1].explain.unwrap().fields, 0.0);
    // Without title evidence the two passages tie on their text.
    let results = index.search("پوتین", &options(0.0)).unwrap();
    assert_eq!(results.hits.len(), 2);
    assert_eq!(results.hits[0].score, results.hits[1].score);
}

#[test]
fn the_title_never_makes_a_passage_match() {
    let (_dir, index) = index_of_titled(&ARTICLES);
    // «تهران» is only in a title: nothing matches.
    let results = index.search("تهران", &options(0.3)).unwrap();
    assert_eq!(results.total_hits, 0);
    // The passage of «visit» about the airport does not contain «پوتین».
    let results = index.search("پوتین", &options(0.3)).unwrap();
    assert_eq!(results.total_hits, 2);
    assert!(results.hits.iter().all(|h| h.text.contains("پوتین")));
}

#[test]
fn a_record_without_a_title_gets_no_title_evidence_from_its_id() {
    // Untitled records are titled by their id; the id is not evidence.
    let (_dir, index) = index_of_titled(&[
        ("putin-1", None, "Putin spoke about oil production."),
        ("report-2", None, "Putin spoke about gas production."),
    ]);
    let results = index.search("putin", &options(0.3)).unwrap();
    assert!(results
        .hits
        .iter()
        .all(|h| h.explain.unwrap().fields == 0.0));
    assert_eq!(results.hits.len(), 2);
    assert_eq!(results.hits[0].score, results.hits[1].score);
    assert!(results.hits.iter().any(|h| h.title == "putin-1"));
}
