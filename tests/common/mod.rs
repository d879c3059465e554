//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::io::Write;
use std::path::{Path, PathBuf};

use kavosh::index::{IndexOptions, SilentProgress};
use kavosh::{Hit, SearchIndex, SearchOptions, SearchResults};

/// The `kavosh` binary of this build, with `NO_COLOR` unset.
pub fn kavosh() -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("kavosh").unwrap();
    cmd.env_remove("NO_COLOR");
    cmd
}

/// Runs `kavosh ARGS…`, which must succeed: its stdout.
pub fn kavosh_stdout<S: AsRef<std::ffi::OsStr>>(args: &[S]) -> Vec<u8> {
    let out = kavosh().args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// `kavosh search ARGS… --index INDEX --format json`, which must succeed:
/// its JSON object.
pub fn search_json(index: &Path, args: &[&str]) -> serde_json::Value {
    let mut all: Vec<&std::ffi::OsStr> = vec!["search".as_ref()];
    all.extend(args.iter().map(std::ffi::OsStr::new));
    all.extend([
        "--index".as_ref(),
        index.as_os_str(),
        "--format".as_ref(),
        "json".as_ref(),
    ]);
    serde_json::from_slice(&kavosh_stdout(&all)).unwrap()
}

/// The bundled article.
pub fn article_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("corpus/iran-russia-relations-two-decades.txt")
}

/// A fresh index of the article in a temp folder (kept alive with it).
pub fn index_article() -> (tempfile::TempDir, SearchIndex) {
    let dir = tempfile::tempdir().unwrap();
    let index = SearchIndex::open_or_create(dir.path()).unwrap();
    let report = index
        .rebuild(&[article_path()], &IndexOptions::default(), &SilentProgress)
        .unwrap();
    assert_eq!(report.articles, 1);
    assert!(report.problems.is_empty());
    (dir, index)
}

/// Searches with room for every hit.
pub fn search_all(index: &SearchIndex, query: &str) -> SearchResults {
    index
        .search(
            query,
            &SearchOptions {
                limit: 200,
                ..SearchOptions::default()
            },
        )
        .unwrap()
}

/// The ids of the hits, best first.
pub fn ids(results: &SearchResults) -> Vec<String> {
    results.hits.iter().map(|h| h.id.clone()).collect()
}

/// Searches without bilingual expansion (the words as typed only).
pub fn search_typed(index: &SearchIndex, query: &str) -> SearchResults {
    let options = SearchOptions {
        limit: 200,
        expand: false,
        ..SearchOptions::default()
    };
    index.search(query, &options).unwrap()
}

/// The source lines of the hits, sorted.
pub fn lines(results: &SearchResults) -> Vec<u64> {
    let mut lines: Vec<u64> = results.hits.iter().map(|h| h.line).collect();
    lines.sort_unstable();
    lines
}

/// The highlighted substrings of a hit, cut with Python-style char indices.
pub fn highlighted(hit: &Hit) -> Vec<String> {
    let chars: Vec<char> = hit.text.chars().collect();
    hit.highlights
        .iter()
        .map(|[s, e]| chars[*s..*e].iter().collect())
        .collect()
}

/// The highlighted substrings of all hits.
pub fn all_highlighted(results: &SearchResults) -> Vec<String> {
    results.hits.iter().flat_map(highlighted).collect()
}

/// An HTTP client for the server tests: any status is an answer, not an error.
pub fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(std::time::Duration::from_secs(60)))
        .build()
        .into()
}

/// An index of `passages`, one article each (`id` = `p1`, `p2`, …), from a
/// JSON Lines file in a temp folder.
pub fn index_of(passages: &[&str]) -> (tempfile::TempDir, SearchIndex) {
    let records: Vec<(String, String)> = passages
        .iter()
        .enumerate()
        .map(|(i, text)| (format!("p{}", i + 1), text.to_string()))
        .collect();
    index_of_articles(&records)
}

/// An index of `(id, text)` articles, paragraphs separated by `\n`.
pub fn index_of_articles(articles: &[(String, String)]) -> (tempfile::TempDir, SearchIndex) {
    let records: Vec<serde_json::Value> = articles
        .iter()
        .map(|(id, text)| {
            serde_json::json!({"id": id, "title": null, "date": null, "lang": "fa", "text": text})
        })
        .collect();
    index_of_records(&records)
}

/// An index of JSON Lines `records` (a file in a temp folder).
pub fn index_of_records(records: &[serde_json::Value]) -> (tempfile::TempDir, SearchIndex) {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    let mut file = std::fs::File::create(corpus.join("part.jsonl")).unwrap();
    for record in records {
        writeln!(file, "{record}").unwrap();
    }
    drop(file);
    let index = SearchIndex::open_or_create(dir.path().join("index")).unwrap();
    index
        .rebuild(&[corpus], &IndexOptions::default(), &SilentProgress)
        .unwrap();
    (dir, index)
}

/// The bundled article indexed by `kavosh index` in a temporary folder.
pub fn index_article_cli() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("index");
    kavosh()
        .arg("index")
        .arg(article_path())
        .arg("--index")
        .arg(&index)
        .assert()
        .success();
    (dir, index)
}
