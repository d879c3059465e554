//! End-to-end over the real article: index it into a temp folder and check
//! real queries, rankings and highlight spans through the library API.

mod common;

use std::sync::OnceLock;

use common::{article_path, highlighted, lines};
use kavosh::index::{IndexOptions, SilentProgress};
use kavosh::{Error, SearchIndex, SearchOptions, SearchResults};

fn article_lines() -> Vec<String> {
    std::fs::read_to_string(article_path())
        .unwrap()
        .split('\n')
        .map(str::to_string)
        .collect()
}

/// One index of the article shared by the tests (built once).
fn index() -> &'static SearchIndex {
    static INDEX: OnceLock<(tempfile::TempDir, SearchIndex)> = OnceLock::new();
    &INDEX.get_or_init(common::index_article).1
}

fn search(query: &str) -> SearchResults {
    common::search_all(index(), query)
}

#[test]
fn passages_are_the_articles_lines_with_metadata_and_headings_apart() {
    let results = search("روسیه");
    let source = article_lines();
    for hit in &results.hits {
        assert_eq!(
            hit.text,
            source[hit.line as usize - 1],
            "text is the source line exactly"
        );
        assert_eq!(hit.doc, "iran-russia-relations-two-decades.txt");
        assert_eq!(hit.published.as_deref(), Some("۱۷ مهر ۱۳۹۱ - ۰۷:۵۰"));
        assert_eq!(hit.news_id.as_deref(), Some("242160"));
    }
    // Lines 1-2 are metadata, 5, 15, 80 … headings: never passages.
    let all = search("ایران OR روسیه OR و");
    for heading in [
        1, 2, 5, 15, 19, 21, 28, 38, 56, 62, 70, 77, 80, 91, 96, 98, 105, 110, 116,
    ] {
        assert!(
            !lines(&all).contains(&heading),
            "line {heading} is not a passage"
        );
    }
    assert_eq!(index().num_passages(), 103);
}

#[test]
fn sections_label_their_passages() {
    let results = search("آستاراخان");
    assert_eq!(
        results.hits[0].section.as_deref(),
        Some("ارتباطات و ترابری")
    );
    let results = search("\"منطقه قفقاز\"");
    assert!(results.hits.iter().all(|h| h.section.is_some()));
}

#[test]
fn bushehr_finds_its_three_paragraphs() {
    let results = search("بوشهر");
    assert_eq!(results.total_hits, 3);
    assert_eq!(lines(&results), [35, 36, 112]);
    assert_eq!(search("«بوشهر»").total_hits, 3, "guillemets are quotes");
    for hit in &results.hits {
        assert!(highlighted(hit).iter().all(|h| h == "بوشهر"));
    }
}

#[test]
fn zwnj_query_finds_text_without_zwnj() {
    let with_zwnj = search("هسته\u{200c}ای");
    let glued = search("هستهای");
    let spaced = search("هسته ای");
    assert!(with_zwnj.total_hits >= 5);
    assert_eq!(lines(&with_zwnj), lines(&glued));
    assert_eq!(lines(&with_zwnj), lines(&spaced));
    assert!(highlighted(&with_zwnj.hits[0]).contains(&"هستهای".to_string()));
}

#[test]
fn arabic_letters_find_persian_ones_and_highlight_the_original() {
    let results = search("كشتيراني");
    assert!(results.total_hits >= 3);
    for hit in &results.hits {
        assert!(highlighted(hit).contains(&"کشتیرانی".to_string()));
    }
    assert_eq!(lines(&search("سوريه")), [93, 94]);
    assert_eq!(lines(&search("كوزوو")), [58, 100]);
}

#[test]
fn persian_digits_find_ascii_digits() {
    let results = search("۱۳۸۶");
    assert!(results.total_hits >= 2);
    for hit in &results.hits {
        assert!(
            highlighted(hit).contains(&"1386".to_string()),
            "{:?}",
            highlighted(hit)
        );
    }
    assert_eq!(lines(&search("۲۰۰۵")), lines(&search("2005")));
}

#[test]
fn tatweel_and_diacritics_in_the_query() {
    assert_eq!(lines(&search("اروپـا")), lines(&search("اروپا")));
    assert_eq!(lines(&search("کِشتی")), lines(&search("کشتی")));
}

#[test]
fn phrase_finds_the_words_in_order() {
    let results = search("\"شورای امنیت\"");
    assert_eq!(lines(&results), [9, 16, 106, 109, 120]);
    for hit in &results.hits {
        assert!(
            highlighted(hit).iter().all(|h| h == "شورای امنیت"),
            "{:?}",
            highlighted(hit)
        );
    }
    // A phrase is stricter than its words (without expansion: the lexicon
    // knows «شورای امنیت» as a name and searches it as a phrase anyway).
    assert!(common::search_typed(index(), "شورای امنیت").total_hits > results.total_hits);
    // Unquoted, the words also count apart, and where they stand together
    // (an unquoted phrase) they rank first.
    let unquoted = search("شورای امنیت");
    assert!(unquoted.total_hits > results.total_hits);
    let mut top: Vec<u64> = unquoted.hits[..5].iter().map(|h| h.line).collect();
    top.sort_unstable();
    assert_eq!(top, [9, 16, 106, 109, 120]);
}

#[test]
fn glued_words_are_found_by_their_spaced_spelling() {
    assert_eq!(lines(&search("هاشمی رفسنجانی")), [16, 83]);
    let rail = search("\"راه آهن\"");
    assert_eq!(lines(&rail), [23, 44, 47, 49, 51]);
    assert!(highlighted(&rail.hits[0]).iter().any(|h| h == "راهآهن"));
    assert!(search("خلیج فارس")
        .hits
        .iter()
        .any(|h| highlighted(h).contains(&"خلیجفارس".to_string())));
}

#[test]
fn exclusion_removes_passages() {
    let analyzer = kavosh::analysis::Analyzer::default();
    let all = search("خزر");
    let without = search("خزر -روسیه");
    assert!(without.total_hits > 0 && without.total_hits < all.total_hits);
    for hit in &without.hits {
        assert!(
            !analyzer.terms(&hit.text).contains(&"روسیه".to_string()),
            "line {}",
            hit.line
        );
    }
    // An excluded phrase removes only passages with the words in order.
    let no_phrase = search("خزر -\"دریای خزر\"");
    assert!(no_phrase.total_hits < all.total_hits);
    assert!(no_phrase.hits.iter().all(|h| !h.text.contains("دریای خزر")));
}

#[test]
fn passages_with_all_words_rank_above_passages_with_some() {
    let results = common::search_typed(index(), "نیروگاه بوشهر روسیه");
    assert_eq!(results.concepts, 3);
    let matched: Vec<usize> = results.hits.iter().map(|h| h.matched).collect();
    assert_eq!(matched[0], 3);
    assert!(matched.contains(&1));
    // No strict tiers: but every passage with all three words ranks above
    // every passage with only one of them.
    let last_all = matched.iter().rposition(|&m| m == 3).unwrap();
    let first_one = matched.iter().position(|&m| m == 1).unwrap();
    assert!(last_all < first_one, "{matched:?}");
    let scores: Vec<f32> = results.hits.iter().map(|h| h.score).collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]));
}

#[test]
fn or_and_mixed_language_queries() {
    let either = search("سوریه OR کوزوو");
    assert_eq!(lines(&either), [58, 93, 94, 100]);
    assert!(search("Putin پوتین").total_hits > 0);
}

#[test]
fn paging_with_offset() {
    let first = index()
        .search(
            "روسیه",
            &SearchOptions {
                limit: 5,
                offset: 0,
                ..Default::default()
            },
        )
        .unwrap();
    let second = index()
        .search(
            "روسیه",
            &SearchOptions {
                limit: 5,
                offset: 5,
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(first.hits.len(), 5);
    assert_eq!(second.hits[0].rank, 6);
    assert_eq!(first.total_hits, second.total_hits);
    assert!(first
        .hits
        .iter()
        .all(|a| second.hits.iter().all(|b| a.line != b.line)));
}

#[test]
fn highlight_offsets_are_python_indices_into_text() {
    for query in [
        "بوشهر",
        "هسته ای",
        "كشتيراني",
        "۱۳۸۶",
        "\"شورای امنیت\"",
        "اروپـا",
    ] {
        for hit in &search(query).hits {
            let n = hit.text.chars().count();
            for [s, e] in &hit.highlights {
                assert!(s < e && *e <= n, "{query}: [{s},{e}) in {n} chars");
            }
            assert!(
                !hit.highlights.is_empty(),
                "{query}: line {} has no highlight",
                hit.line
            );
        }
    }
}

#[test]
fn malformed_queries_never_panic() {
    let analyzer_only_words = [
        "\"شورای امنیت",
        "ایران -",
        "OR",
        "«",
        "\u{202e}ایران\u{202c}",
        "ایران\u{0}روسیه",
    ];
    for q in analyzer_only_words {
        let _ = index().search(q, &SearchOptions::default());
    }
    let long = "روسیه ایران دریای خزر ".repeat(500);
    let results = index().search(&long, &SearchOptions::default()).unwrap();
    assert!(!results.warnings.is_empty());
    for q in ["", "   ", "؟!", "-ایران", "در و به"] {
        match index().search(q, &SearchOptions::default()) {
            Ok(_) => assert_eq!(q, "در و به", "stop words alone are searched"),
            Err(Error::Query(msg)) => assert!(!msg.is_empty()),
            Err(e) => panic!("{q}: unexpected {e}"),
        }
    }
}

#[test]
fn a_second_writer_gets_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let index = SearchIndex::open_or_create(dir.path()).unwrap();
    let _writer: tantivy::IndexWriter = index.tantivy_index().writer(15_000_000).unwrap();
    let err = index
        .rebuild(&[article_path()], &IndexOptions::default(), &SilentProgress)
        .unwrap_err();
    assert!(matches!(err, Error::Locked(_)));
    assert!(err.to_string().contains("being written by another process"));
}

#[test]
fn rebuilding_replaces_and_never_duplicates() {
    let dir = tempfile::tempdir().unwrap();
    let index = SearchIndex::open_or_create(dir.path()).unwrap();
    for _ in 0..2 {
        index
            .rebuild(&[article_path()], &IndexOptions::default(), &SilentProgress)
            .unwrap();
    }
    assert_eq!(index.num_passages(), 103);
    let reopened = SearchIndex::open(dir.path()).unwrap();
    assert_eq!(
        reopened
            .search("بوشهر", &SearchOptions::default())
            .unwrap()
            .total_hits,
        3
    );
    let info = reopened.commit_info().unwrap().unwrap();
    assert_eq!(info.analyzer, kavosh::analysis::ANALYZER_VERSION);
    assert_eq!((info.articles, info.passages), (1, 103));
}
