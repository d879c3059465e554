//! The command line as users and tools call it: exit codes, JSON shape,
//! colour rules, bad input.

mod common;

use std::path::{Path, PathBuf};

use common::{article_path as article, kavosh, kavosh_stdout, search_json};
use predicates::prelude::*;

/// «ايران» in Windows-1256.
const CP1256_IRAN: &[u8] = &[0xC7, 0xED, 0xD1, 0xC7, 0xE4];

/// A temp folder with `corpus/` holding the article as `name` and the
/// `others` files; returns the folder and the corpus path.
fn corpus_with(name: &str, others: &[(&str, &[u8])]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    std::fs::copy(article(), corpus.join(name)).unwrap();
    for (other, bytes) in others {
        std::fs::write(corpus.join(other), bytes).unwrap();
    }
    (dir, corpus)
}

/// A temp folder with `corpus/` holding the article and an index built in `index/`.
fn indexed() -> (tempfile::TempDir, PathBuf) {
    let (dir, corpus) = corpus_with("iran-russia.txt", &[]);
    let index = dir.path().join("index");
    kavosh()
        .arg("index")
        .arg(&corpus)
        .arg("--index")
        .arg(&index)
        .assert()
        .success();
    (dir, index)
}

#[test]
fn json_output_has_the_documented_shape() {
    let (_dir, index) = indexed();
    let v = search_json(&index, &["بوشهر"]);
    assert_eq!(v["query"], "بوشهر");
    assert_eq!(v["total_hits"], 3);
    let hits = v["hits"].as_array().unwrap();
    assert_eq!(hits.len(), 3);
    for (i, hit) in hits.iter().enumerate() {
        assert_eq!(hit["rank"], i + 1);
        assert!(hit["score"].as_f64().unwrap() > 0.0);
        assert_eq!(hit["id"], "iran-russia.txt");
        assert_eq!(hit["doc"], "iran-russia.txt");
        for key in [
            "title",
            "section",
            "paragraph",
            "line",
            "text",
            "snippet",
            "highlights",
        ] {
            assert!(hit.get(key).is_some(), "{key}");
        }
        // highlights are Python string indices into text
        let text: Vec<char> = hit["text"].as_str().unwrap().chars().collect();
        for span in hit["highlights"].as_array().unwrap() {
            let (s, e) = (
                span[0].as_u64().unwrap() as usize,
                span[1].as_u64().unwrap() as usize,
            );
            assert_eq!(text[s..e].iter().collect::<String>(), "بوشهر");
        }
    }
}

#[test]
fn options_may_follow_the_query_and_minus_words_exclude() {
    let (_dir, index) = indexed();
    let all = search_json(&index, &["خزر"]);
    let out = kavosh()
        .args(["search", "خزر", "-روسیه", "--index"])
        .arg(&index)
        .args(["--limit", "200", "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v["total_hits"].as_u64() < all["total_hits"].as_u64());
    assert_eq!(v["query"], "خزر -روسیه");
    let v = search_json(&index, &["-n", "2", "روسیه"]);
    assert_eq!(v["hits"].as_array().unwrap().len(), 2);
}

#[test]
fn text_output_is_plain_when_piped_and_with_no_color() {
    let (_dir, index) = indexed();
    kavosh()
        .args(["search", "بوشهر", "--index"])
        .arg(&index)
        .assert()
        .success()
        .stdout(predicate::str::contains("iran-russia.txt:35"))
        .stdout(predicate::str::contains("\x1b[").not());
    kavosh()
        .env("NO_COLOR", "1")
        .args(["search", "بوشهر", "--color", "auto", "--index"])
        .arg(&index)
        .assert()
        .success()
        .stdout(predicate::str::contains("\x1b[").not());
    // --color always overrides both the pipe and NO_COLOR.
    kavosh()
        .env("NO_COLOR", "1")
        .args(["search", "بوشهر", "--color", "always", "--index"])
        .arg(&index)
        .assert()
        .success()
        .stdout(predicate::str::contains("\x1b["));
}

#[test]
fn exact_turns_stemming_off() {
    let (_dir, index) = indexed();
    let stemmed = search_json(&index, &["کشور", "--limit", "200"]);
    let exact = search_json(&index, &["کشور", "--exact", "--limit", "200"]);
    let highlighted = |v: &serde_json::Value| -> Vec<String> {
        let mut out = Vec::new();
        for hit in v["hits"].as_array().unwrap() {
            let text: Vec<char> = hit["text"].as_str().unwrap().chars().collect();
            for span in hit["highlights"].as_array().unwrap() {
                let (s, e) = (
                    span[0].as_u64().unwrap() as usize,
                    span[1].as_u64().unwrap() as usize,
                );
                out.push(text[s..e].iter().collect());
            }
        }
        out
    };
    assert!(exact["total_hits"].as_u64() < stemmed["total_hits"].as_u64());
    assert!(highlighted(&stemmed).iter().any(|w| w == "کشورهای"));
    assert!(
        highlighted(&exact).iter().all(|w| w == "کشور"),
        "{:?}",
        highlighted(&exact)
    );
}

#[test]
fn bad_queries_give_one_clear_line_and_exit_2() {
    let (_dir, index) = indexed();
    for query in ["", "   ", "؟!", "-", "\"\"", "-روسیه"] {
        kavosh()
            .args(["search", query, "--index"])
            .arg(&index)
            .assert()
            .code(2)
            .stdout("")
            .stderr(
                predicate::str::starts_with("kavosh: error: ")
                    .and(predicate::str::contains("search for")),
            );
    }
}

#[test]
fn lenient_queries_search_and_warn() {
    let (_dir, index) = indexed();
    kavosh()
        .args(["search", "\"شورای امنیت", "--index"])
        .arg(&index)
        .assert()
        .success()
        .stderr(predicate::str::contains("warning: unbalanced quote"));
    let long = "روسیه ایران خزر ".repeat(700);
    kavosh()
        .args(["search", &long, "--index"])
        .arg(&index)
        .assert()
        .success()
        .stderr(predicate::str::contains("long"));
    for query in [
        "ایران\u{1}روسیه",
        "\u{202e}خزر\u{202c}",
        "\u{200f}-ایران روسیه",
        "ساعت ۱۰:۳۰",
        "a:b (c) [d] {e} ~f^2 *",
    ] {
        kavosh()
            .args(["search", query, "--index"])
            .arg(&index)
            .assert()
            .success();
    }
}

#[test]
fn missing_index_is_exit_1_with_advice() {
    let dir = tempfile::tempdir().unwrap();
    kavosh()
        .args(["search", "بوشهر", "--index"])
        .arg(dir.path().join("nowhere"))
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains("no index at").and(predicate::str::contains("kavosh index")),
        );
}

#[test]
fn first_search_builds_the_default_index_from_corpus() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("corpus")).unwrap();
    std::fs::copy(article(), dir.path().join("corpus/iran-russia.txt")).unwrap();
    kavosh()
        .current_dir(dir.path())
        .args(["search", "بوشهر", "--format", "json"])
        .assert()
        .success()
        .stderr(predicate::str::contains("building it from corpus/"))
        .stdout(predicate::str::contains("\"total_hits\":3"));
    assert!(dir.path().join("index/meta.json").exists());
    // The second search uses it without rebuilding.
    kavosh()
        .current_dir(dir.path())
        .args(["search", "بوشهر"])
        .assert()
        .success()
        .stderr(predicate::str::contains("building").not());
}

#[test]
fn indexing_reports_bad_files_and_keeps_the_rest() {
    let (dir, corpus) = corpus_with(
        "good.txt",
        &[
            ("empty.txt", b""),
            ("cp1256.txt", CP1256_IRAN),
            // a picture saved as .txt: no text encoding fits
            ("scan.txt", &[0x89, b'P', b'N', b'G', 0, 0, 0x1A]),
            ("notes.pdf", b"%PDF-1.4"),
        ],
    );
    let index = dir.path().join("index");
    let out = kavosh()
        .arg("index")
        .arg(&corpus)
        .arg("--index")
        .arg(&index)
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("empty.txt: empty file"), "{stderr}");
    assert!(
        stderr.contains("scan.txt: not UTF-8, UTF-16 or Windows-1256 text"),
        "{stderr}"
    );
    assert!(stderr.contains("notes.pdf: unsupported format"), "{stderr}");
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["articles"], 2);
    assert_eq!(report["passages"], 104);
    assert_eq!(report["problems"].as_array().unwrap().len(), 3);
    // the Windows-1256 word is found by its Persian spelling
    let v = search_json(&index, &["ایران", "--limit", "200"]);
    let docs: Vec<&str> = v["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["doc"].as_str().unwrap())
        .collect();
    assert!(docs.contains(&"cp1256.txt"), "{docs:?}");
}

#[test]
fn verbose_indexing_prints_each_file_with_its_encoding() {
    let (dir, corpus) = corpus_with("good.txt", &[("cp1256.txt", CP1256_IRAN)]);
    let out = kavosh()
        .arg("index")
        .arg(&corpus)
        .arg("--index")
        .arg(dir.path().join("index"))
        .arg("--verbose")
        .output()
        .unwrap();
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    let line = |name: &str| {
        stderr
            .lines()
            .find(|l| l.starts_with("kavosh: read ") && l.contains(name))
            .unwrap_or_else(|| panic!("no line for {name} in {stderr}"))
            .to_string()
    };
    assert!(
        line("good.txt").ends_with("\tUTF-8\t1 articles\t103 passages"),
        "{stderr}"
    );
    assert!(
        line("cp1256.txt").ends_with("\twindows-1256 (detected)\t1 articles\t1 passages"),
        "{stderr}"
    );
}

#[test]
fn indexing_a_missing_path_fails_with_exit_1() {
    let dir = tempfile::tempdir().unwrap();
    kavosh()
        .args(["index", "/no/such/corpus", "--index"])
        .arg(dir.path().join("index"))
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "cannot read corpus path /no/such/corpus",
        ));
}

#[test]
fn analyze_shows_terms_spans_and_positions() {
    let out = kavosh()
        .args(["analyze", "كشتيراني در ۱۳۸۶ می شود", "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let tokens = v["tokens"].as_array().unwrap();
    let terms: Vec<&str> = tokens.iter().map(|t| t["term"].as_str().unwrap()).collect();
    assert_eq!(terms, ["کشتیرانی", "در", "1386", "شود"]);
    assert_eq!(tokens[3]["word"], "میشود", "the word before stemming");
    assert_eq!(tokens[0]["original"], "كشتيراني");
    assert_eq!(
        (tokens[2]["start"].as_u64(), tokens[2]["end"].as_u64()),
        (Some(12), Some(16))
    );
    assert_eq!(tokens[3]["original"], "می شود");
    assert_eq!(tokens[3]["position"], 3);
    kavosh()
        .args(["analyze", "هسته‌ای"])
        .assert()
        .success()
        .stdout(predicate::str::contains("هستهای"));
}

/// The process ends without the C library's exit work (`exit_now` in
/// `main.rs`), so stdout must be flushed before: a JSON answer far larger
/// than a pipe's buffer arrives whole, and so does a text one.
#[test]
fn output_larger_than_a_pipe_arrives_whole() {
    let words = ["کشورهای", "همسایه", "می‌شود", "بوشهر", "Caspian"];
    let text: Vec<&str> = words.iter().cycle().take(5_000).copied().collect();
    let stdout = kavosh_stdout(&["analyze", &text.join(" "), "--format", "json"]);
    assert!(stdout.len() > 256 * 1024, "{} bytes", stdout.len());
    let v: serde_json::Value = serde_json::from_slice(&stdout).unwrap();
    assert_eq!(v["tokens"].as_array().unwrap().len(), 5_000);

    let (_dir, index) = indexed();
    let index = index.to_str().unwrap();
    let args = [
        "search",
        "ایران",
        "--limit",
        "1000",
        "--format",
        "json",
        "--index",
        index,
    ];
    let stdout = kavosh_stdout(&args);
    assert!(stdout.len() > 128 * 1024, "{} bytes", stdout.len());
    let v: serde_json::Value = serde_json::from_slice(&stdout).unwrap();
    assert!(v["hits"].as_array().unwrap().len() > 50);
}

/// On Linux the binary is linked at a fixed address (`build.rs`), so the
/// loader has no pointers to patch at start: its ELF type is `ET_EXEC` (2),
/// not the position-independent `ET_DYN` (3).
#[cfg(target_os = "linux")]
#[test]
fn binary_is_linked_at_a_fixed_address() {
    use std::io::Read;
    let mut head = [0u8; 18];
    std::fs::File::open(env!("CARGO_BIN_EXE_kavosh"))
        .and_then(|mut f| f.read_exact(&mut head))
        .unwrap();
    assert_eq!(&head[..4], b"\x7fELF");
    assert_eq!(u16::from_le_bytes([head[16], head[17]]), 2, "ELF type");
}

#[test]
fn help_on_every_command() {
    for args in [
        vec!["--help"],
        vec!["index", "--help"],
        vec!["search", "--help"],
        vec!["analyze", "--help"],
        vec!["stats", "--help"],
    ] {
        kavosh()
            .args(&args)
            .assert()
            .success()
            .stdout(predicate::str::contains("Usage: kavosh"));
    }
    kavosh().arg("--version").assert().success();
    kavosh().args(["search"]).assert().code(2);
    kavosh()
        .args(["search", "x", "--limit", "0"])
        .assert()
        .code(2);
    kavosh().args(["frobnicate"]).assert().code(2);
}

/// An index of the bundled article and every fixture format (dates
/// 2012-10-08, 2013-03-16, 2020-01-25 and none; Persian and English).
fn indexed_with_fixtures() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("index");
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/formats");
    kavosh()
        .arg("index")
        .arg(article())
        .arg(fixtures)
        .arg("--index")
        .arg(&index)
        .assert()
        .success();
    (dir, index)
}

/// The distinct values of a field of the hits.
fn distinct(v: &serde_json::Value, field: &str) -> Vec<String> {
    let mut values: Vec<String> = v["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h[field].as_str().unwrap_or("-").to_string())
        .collect();
    values.sort();
    values.dedup();
    values
}

#[test]
fn date_filters_read_both_calendars_and_hits_show_both() {
    let (_dir, index) = indexed_with_fixtures();
    let query = ["روسیه", "OR", "Russia", "OR", "ایران", "-n", "500"];
    let all = search_json(&index, &query);
    assert!(distinct(&all, "date").contains(&"-".to_string()));
    let mut totals = Vec::new();
    for after in ["1391-07-17", "2012-10-08", "۱۳۹۱/۰۷/۱۷", "۱۷ مهر ۱۳۹۱"] {
        let v = search_json(&index, &[&query[..], &["--after", after]].concat());
        assert_eq!(
            distinct(&v, "date"),
            ["2012-10-08", "2013-03-16", "2020-01-25"],
            "{after}"
        );
        totals.push(v["total_hits"].as_u64().unwrap());
    }
    assert!(totals.windows(2).all(|w| w[0] == w[1]), "{totals:?}");
    let v = search_json(&index, &[&query[..], &["--before", "1391-12-01"]].concat());
    assert_eq!(distinct(&v, "date"), ["2012-10-08"]);
    assert_eq!(distinct(&v, "date_jalali"), ["1391-07-17"]);
    let v = search_json(
        &index,
        &[
            &query[..],
            &["--after", "2013-01-01", "--before", "1398-11-05"],
        ]
        .concat(),
    );
    assert_eq!(distinct(&v, "date"), ["2013-03-16", "2020-01-25"]);
    // text output: the date in both calendars
    kavosh()
        .args(["search", "بوشهر", "--index"])
        .arg(&index)
        .assert()
        .success()
        .stdout(predicate::str::contains("2012-10-08 (۱۷ مهر ۱۳۹۱)"));
}

#[test]
fn language_and_document_filters() {
    let (_dir, index) = indexed_with_fixtures();
    let query = ["Russia", "OR", "روسیه", "-n", "500"];
    let en = search_json(&index, &[&query[..], &["--lang", "en"]].concat());
    assert_eq!(distinct(&en, "lang"), ["en"]);
    let fa = search_json(&index, &[&query[..], &["--lang", "fa"]].concat());
    assert_eq!(distinct(&fa, "lang"), ["fa"]);
    let all = search_json(&index, &query);
    assert_eq!(
        en["total_hits"].as_u64().unwrap() + fa["total_hits"].as_u64().unwrap(),
        all["total_hits"].as_u64().unwrap()
    );
    let news = search_json(
        &index,
        &[&query[..], &["--doc", "formats/news/*.jsonl"]].concat(),
    );
    assert_eq!(distinct(&news, "doc"), ["formats/news/mixed-mini.jsonl"]);
    let part = search_json(&index, &[&query[..], &["--doc", "iran-russia"]].concat());
    assert_eq!(
        distinct(&part, "doc"),
        [
            "formats/en/iran-russia-trade-wrapped.txt",
            "formats/fa/iran-russia.md",
            "iran-russia-relations-two-decades.txt"
        ]
    );
    kavosh()
        .args(["search", "روسیه", "--lang", "de", "--index"])
        .arg(&index)
        .assert()
        .code(2);
}

#[test]
fn unreadable_filters_are_usage_errors() {
    let (_dir, index) = indexed();
    for (args, message) in [
        (
            vec!["--after", "فردا"],
            "kavosh: error: --after: cannot read «فردا» as a date; write 1391-07-17 or 2012-10-08\n",
        ),
        (
            vec!["--before", "1391-13-01"],
            "kavosh: error: --before: cannot read «1391-13-01» as a date; write 1391-07-17 or 2012-10-08\n",
        ),
        (
            vec!["--after", "2013-01-01", "--before", "2012-01-01"],
            "kavosh: error: --after 2013-01-01 is later than --before 2012-01-01: no date is in between; swap them\n",
        ),
    ] {
        kavosh()
            .args(["search", "روسیه", "--index"])
            .arg(&index)
            .args(&args)
            .assert()
            .code(2)
            .stdout("")
            .stderr(message);
    }
    kavosh()
        .args(["search", "روسیه", "--doc", "news/[a-", "--index"])
        .arg(&index)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "--doc: «news/[a-» is not a valid pattern",
        ));
}

#[test]
fn group_article_gives_one_hit_per_article() {
    let (_dir, index) = indexed_with_fixtures();
    let query = ["روسیه", "OR", "Russia", "-n", "500"];
    let passages = search_json(&index, &query);
    let articles = search_json(&index, &[&query[..], &["--group", "article"]].concat());
    assert_eq!(articles["group"], "article");
    assert_eq!(passages["group"], "passage");
    let hits = articles["hits"].as_array().unwrap();
    let mut ids: Vec<(&str, &str)> = hits
        .iter()
        .map(|h| (h["doc"].as_str().unwrap(), h["id"].as_str().unwrap()))
        .collect();
    let n = ids.len();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), n, "one hit per article");
    assert_eq!(articles["total_hits"], n);
    let matched: u64 = hits
        .iter()
        .map(|h| h["passages_matched"].as_u64().unwrap())
        .sum();
    assert_eq!(matched, passages["total_hits"].as_u64().unwrap());
    assert!(passages["hits"][0].get("passages_matched").is_none());
    let bundled = hits
        .iter()
        .find(|h| h["doc"] == "iran-russia-relations-two-decades.txt")
        .unwrap();
    assert!(bundled["passages_matched"].as_u64().unwrap() > 50);
    kavosh()
        .args(["search", "روسیه", "--group", "article", "--index"])
        .arg(&index)
        .assert()
        .success()
        .stdout(predicate::str::contains(" passages  score "))
        .stdout(predicate::str::contains("articles 1–"));
}

#[test]
fn stats_has_the_documented_shape() {
    let (_dir, index) = indexed_with_fixtures();
    let out = kavosh()
        .args(["stats", "--format", "json", "--index"])
        .arg(&index)
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "analyzer",
            "articles",
            "files",
            "index",
            "languages",
            "passages",
            "schema",
            "segments",
            "size_bytes",
            "terms",
            "updated",
            "updated_utc"
        ]
    );
    assert_eq!(
        (v["files"].as_u64(), v["articles"].as_u64()),
        (Some(8), Some(13))
    );
    let passages = v["passages"].as_u64().unwrap();
    let fa = v["languages"]["fa"].as_u64().unwrap();
    let en = v["languages"]["en"].as_u64().unwrap();
    assert_eq!(fa + en, passages);
    assert!(v["terms"].as_u64().unwrap() > 1000);
    assert!(v["size_bytes"].as_u64().unwrap() > 10_000);
    assert_eq!(v["schema"], kavosh::index::SCHEMA_VERSION);
    assert_eq!(v["analyzer"], kavosh::analysis::ANALYZER_VERSION);
    kavosh()
        .args(["stats", "--index"])
        .arg(&index)
        .assert()
        .success()
        .stdout(predicate::str::contains(format!("passages   {passages}\n")))
        .stdout(predicate::str::contains(format!(
            "languages  en {en}, fa {fa} (passages)"
        )));
    let dir = tempfile::tempdir().unwrap();
    kavosh()
        .args(["stats", "--index"])
        .arg(dir.path())
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no index at"));
}
