//! Indexing a folder with every format kavosh reads (tests/fixtures/formats,
//! see tests/fixtures/README.md) through the library: each format's
//! passages are found, and bad files and lines are reported with path and
//! line while the rest is indexed.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use kavosh::corpus::{self, ProblemKind};
use kavosh::index::{IndexOptions, IndexReport, SilentProgress};
use kavosh::{SearchIndex, SearchOptions};

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/formats")
}

/// The fixture folder indexed once for all tests, with the run's report.
struct Indexed {
    _dir: tempfile::TempDir,
    index: SearchIndex,
    report: IndexReport,
}

fn indexed() -> &'static Indexed {
    static INDEX: OnceLock<Indexed> = OnceLock::new();
    INDEX.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let index = SearchIndex::open_or_create(dir.path()).unwrap();
        let report = index
            .rebuild(&[fixtures()], &IndexOptions::default(), &SilentProgress)
            .unwrap();
        Indexed {
            _dir: dir,
            index,
            report,
        }
    })
}

/// (doc, line) of the best hits for `query`.
fn hits(query: &str) -> Vec<(String, u64)> {
    let index = &indexed().index;
    let options = SearchOptions {
        limit: 5,
        ..SearchOptions::default()
    };
    index
        .search(query, &options)
        .unwrap()
        .hits
        .into_iter()
        .map(|h| (h.doc, h.line))
        .collect()
}

#[test]
fn every_format_is_indexed() {
    let report = &indexed().report;
    assert_eq!(report.articles, 12, "{report:?}");
    assert_eq!(report.passages, 73, "{report:?}");
    // .txt ×3 (UTF-16, Windows-1256, hard-wrapped), .md, .html, .jsonl (5 of 6 lines), .json (2)
    let cases = [
        ("بایکال", "news/mixed-mini.jsonl", 1), // JSON Lines, Persian
        ("Bushehr reactor", "news/mixed-mini.jsonl", 2), // JSON Lines, English
        ("Turkmen Caspian", "news/mixed-mini.jsonl", 4),
        ("آذربایجان پستی", "news/mixed-mini.jsonl", 6), // after the malformed line
        ("Alas for me", "news/quran-11-72.json", 1),    // JSON array
        ("پیرزنم", "news/quran-11-72.json", 1),
        ("چادرملو", "fa/fars-chadormalu-cp1256.txt", 4), // Windows-1256
        ("Khamenei", "en/putin-khamenei-utf16.txt", 3),  // UTF-16
        ("bilateral trade", "en/iran-russia-trade-wrapped.txt", 3), // hard-wrapped
        ("آستاراخان", "fa/iran-russia.md", 23),          // Markdown
        ("سوخت هسته‌ای", "fa/bushehr-news.html", 34),     // HTML
    ];
    for (query, doc, line) in cases {
        let found = hits(query);
        assert!(
            found.contains(&(doc.to_string(), line)),
            "{query}: {found:?}"
        );
    }
}

#[test]
fn nothing_of_the_page_furniture_or_code_is_indexed() {
    for query in ["جستجو", "پربازدیدترین", "تلگرام", "analytics", "کلیه حقوق"]
    {
        assert_eq!(hits(query), [], "{query}");
    }
    // the code block of the Markdown file also says «آستاراخان»: one hit only
    assert_eq!(hits("آستاراخان").len(), 1);
    // the hidden draft is not indexed
    assert_eq!(hits("یادداشت پنهان"), []);
}

#[test]
fn problems_name_the_file_and_the_line() {
    let report = &indexed().report;
    let problems: Vec<String> = report.problems.iter().map(|p| p.to_string()).collect();
    assert_eq!(problems.len(), 3, "{problems:#?}");
    let root = fixtures();
    let at = |name: &str| root.join(name).display().to_string();
    assert!(problems.contains(&format!(
        "{}: empty file, nothing to index",
        at("empty.txt")
    )));
    assert!(problems.iter().any(|p| p.starts_with(&format!(
        "{}:3: malformed JSON at column ",
        at("news/mixed-mini.jsonl")
    ))));
    assert!(problems
        .iter()
        .any(|p| p.starts_with(&format!("{}: unsupported format '.pdf'", at("notes.pdf")))));
    let malformed = report.problems.iter().find(|p| p.line.is_some()).unwrap();
    assert!(matches!(malformed.kind, ProblemKind::MalformedJson { .. }));
    assert_eq!(malformed.line, Some(3));
}

/// Reads one fixture file directly.
fn read(name: &str) -> corpus::FileRead {
    let path = fixtures().join(name);
    let size = std::fs::metadata(&path).unwrap().len();
    corpus::read_file(&corpus::SourceFile {
        path,
        doc: name.to_string(),
        size,
    })
}

#[test]
fn metadata_encodings_dates_and_languages() {
    let txt = read("fa/fars-chadormalu-cp1256.txt");
    assert_eq!(txt.encoding.unwrap().to_string(), "windows-1256 (detected)");
    let a = &txt.articles[0];
    assert_eq!(
        a.title,
        "خط چهارم توليد سنگ آهن معدن چادرملو به بهره برداري رسيد"
    );
    assert_eq!(a.date.as_deref(), Some("2009-02-18"));
    assert!(a.passages.iter().all(|p| p.lang == "fa"));

    let utf16 = read("en/putin-khamenei-utf16.txt");
    assert_eq!(utf16.encoding.unwrap().to_string(), "UTF-16LE (BOM)");
    assert_eq!(utf16.articles[0].title, "Putin meets Ayatollah Khamenei");
    assert!(utf16.articles[0].passages.iter().all(|p| p.lang == "en"));

    let wrapped = read("en/iran-russia-trade-wrapped.txt");
    let lines: Vec<u32> = wrapped.articles[0]
        .passages
        .iter()
        .map(|p| p.line)
        .collect();
    assert_eq!(
        lines,
        [3, 7, 13, 20],
        "4 paragraphs rejoined from 64-column lines"
    );

    let md = &read("fa/iran-russia.md").articles[0];
    assert_eq!(md.title, "روابط ایران و روسیه در دو دهه اخیر");
    assert_eq!(
        md.date.as_deref(),
        Some("2012-10-08"),
        "«۱۷ مهر ۱۳۹۱» in the front matter"
    );
    assert_eq!(md.passages[0].section, None);
    assert_eq!(
        md.passages[1].section.as_deref(),
        Some("همکاری‌های اقتصادی › حمل و نقل در دریای خزر")
    );

    let html = &read("fa/bushehr-news.html").articles[0];
    assert_eq!(html.title, "همکاری هسته‌ای ایران و روسیه در بوشهر");
    assert_eq!(html.published.as_deref(), Some("۱۷ مهر ۱۳۹۱ - ۰۷:۵۰"));
    assert_eq!(html.date.as_deref(), Some("2012-10-08"));
    assert_eq!(html.news_id.as_deref(), Some("242160"));
    assert_eq!(html.lang.as_deref(), Some("fa"));

    let jsonl = read("news/mixed-mini.jsonl");
    assert_eq!(jsonl.articles.len(), 5);
    let ids: Vec<&str> = jsonl.articles.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "irnews-asriran_1_data_127",
            "tehrantimes-232934",
            "tehrantimes-191354",
            "ganjoor48-moulavi-00628",
            "farsnews-13911226000287"
        ]
    );
    assert_eq!(jsonl.articles[0].date.as_deref(), Some("2020-01-25"));
    assert_eq!(jsonl.articles[1].date, None);
    assert_eq!(jsonl.articles[1].lang.as_deref(), Some("en"));

    let json = read("news/quran-11-72.json");
    let langs: Vec<&str> = json
        .articles
        .iter()
        .map(|a| a.passages[0].lang.as_str())
        .collect();
    assert_eq!(langs, ["en", "fa"]);
}

/// The shared `mixed-mini` corpus, if this checkout has `../shared` beside
/// it (developers' machines and CI do): all 410 records read cleanly.
#[test]
fn shared_mixed_mini_if_present() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/corpora/mixed-mini/mixed-mini-0001.jsonl");
    let Ok(meta) = std::fs::metadata(&path) else {
        eprintln!(
            "note: {} not found, skipping the shared-corpus check",
            path.display()
        );
        return;
    };
    let read = corpus::read_file(&corpus::SourceFile {
        path: path.clone(),
        doc: "mixed-mini-0001.jsonl".into(),
        size: meta.len(),
    });
    assert!(read.problems.is_empty(), "{:?}", read.problems);
    assert_eq!(read.articles.len(), 410);
    for article in &read.articles {
        assert!(!article.passages.is_empty(), "{}", article.id);
        let lang = article.lang.as_deref().unwrap();
        assert!(
            article.passages.iter().all(|p| p.lang == lang),
            "{}",
            article.id
        );
    }
    let dated = read.articles.iter().filter(|a| a.date.is_some()).count();
    assert!(dated > 150, "{dated} records with a date");
}
