//! Typo tolerance over a small news corpus of our own: Persian words typed
//! with a homophone letter, a dropped or swapped letter, English names
//! mistyped; what must never be corrected; "did you mean"; `--typos off`.

mod common;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use common::{highlighted, kavosh};
use kavosh::index::{IndexOptions, SilentProgress};
use kavosh::query::Origin;
use kavosh::search::Typos;
use kavosh::{SearchIndex, SearchOptions, SearchResults};

/// Passages, each one JSON Lines record of its own.
fn passages() -> Vec<String> {
    let mut texts: Vec<String> = [
        "حمله هوایی به مواضع شبه‌نظامیان در شمال عراق انجام شد.",
        "وزیر خارجه عراق حمله به سفارت را محکوم کرد.",
        "صادرات غیرنفتی ایران به عراق در سال گذشته رشد کرد.",
        "صادرات فولاد به کشورهای همسایه دو برابر شد.",
        "اطلاعات تازه‌ای درباره این حمله منتشر شد.",
        "وزارت اطلاعات بیانیه‌ای صادر کرد.",
        "قیمت نفت در بازار جهانی افزایش یافت.",
        "قیمت طلا و سکه در بازار تهران کاهش یافت.",
        "مذهب رسمی کشور در قانون اساسی آمده است.",
        "ضربه سنگینی به اقتصاد منطقه وارد شد.",
        "وضعیت اقتصادی خانوارها در سال جدید بهتر شد.",
        "راکتور آب سنگین اراک بازطراحی می‌شود.",
        "این کتاب درباره اسرار تاریخ معاصر است.",
        "دولت بر اصرار خود برای مذاکره پافشاری کرد.",
        "نمایندگان بر اصرار دولت انتقاد کردند.",
        "کشتیرانی در دریای خزر رونق گرفت.",
        "The Caspian Sea is the largest inland body of water.",
        "Moscow and the capital signed a new energy deal.",
        "Azerbaijan borders the Caspian coast to the west.",
        "The team suffered a humiliating defeat at home.",
        "Prices rose 12 percent in 2018 according to the bank.",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    // A frequent English word and a rarer one a letter away, both spelled right.
    for i in 0..800 {
        texts.push(format!("Tehran hosted meeting number {i} of the council."));
    }
    for i in 0..35 {
        texts.push(format!("The Tehrani family shop number {i} opened again."));
    }
    texts
}

fn index() -> &'static SearchIndex {
    static INDEX: OnceLock<(tempfile::TempDir, SearchIndex)> = OnceLock::new();
    &INDEX
        .get_or_init(|| {
            let dir = tempfile::tempdir().unwrap();
            write_corpus(&dir.path().join("corpus"));
            let index_dir = dir.path().join("index");
            let index = SearchIndex::open_or_create(&index_dir).unwrap();
            index
                .rebuild(
                    &[dir.path().join("corpus")],
                    &IndexOptions::default(),
                    &SilentProgress,
                )
                .unwrap();
            (dir, index)
        })
        .1
}

fn write_corpus(folder: &Path) {
    std::fs::create_dir_all(folder).unwrap();
    let lines: Vec<String> = passages()
        .iter()
        .enumerate()
        .map(|(i, text)| serde_json::json!({"id": format!("n{i}"), "text": text}).to_string())
        .collect();
    std::fs::write(folder.join("news.jsonl"), lines.join("\n") + "\n").unwrap();
}

fn search_with(query: &str, typos: Typos) -> SearchResults {
    let options = SearchOptions {
        limit: 50,
        typos,
        ..SearchOptions::default()
    };
    index().search(query, &options).unwrap()
}

fn search(query: &str) -> SearchResults {
    search_with(query, Typos::Auto)
}

/// Every highlighted word of every hit.
fn found_words(results: &SearchResults) -> Vec<String> {
    results.hits.iter().flat_map(highlighted).collect()
}

fn typo_expansions(results: &SearchResults) -> Vec<&str> {
    results
        .expansions
        .iter()
        .filter(|e| matches!(e.origin, Origin::Typo(_) | Origin::TypoTranslation))
        .map(|e| e.text.as_str())
        .collect()
}

#[test]
fn every_homophone_class_is_corrected() {
    for (typed, meant) in [
        ("اتلاعات", "اطلاعات"), // ت for ط
        ("سادرات", "صادرات"), // س for ص
        ("مزهب", "مذهب"),     // ز for ذ
        ("ذربه", "ضربه"),     // ذ for ض
        ("همله", "حمله"),     // ه for ح
        ("اراق", "عراق"),     // ا for ع
        ("غیمت", "قیمت"),     // غ for ق
    ] {
        let typed_only = search_with(typed, Typos::Off);
        assert!(
            !found_words(&typed_only).iter().any(|w| w == meant),
            "{typed} as typed"
        );
        let results = search(typed);
        assert!(results.total_hits > 0, "{typed} finds nothing");
        let words = found_words(&results);
        assert!(
            words.iter().all(|w| w == meant),
            "{typed}: highlights {words:?}, expected {meant}"
        );
        assert!(
            typo_expansions(&results).contains(&meant),
            "{typed}: {:?}",
            results.expansions
        );
        assert_eq!(results.suggestions[0].query, meant, "{typed}");
    }
}

#[test]
fn a_correction_is_not_transliterated() {
    // «همله» is «حمله», not English «humili(ating)»; «اراق» is «عراق», not «اراک».
    for (typed, not) in [("همله", "humiliating"), ("اراق", "اراک")] {
        let results = search(typed);
        assert!(
            results
                .expansions
                .iter()
                .all(|e| e.origin != Origin::Transliteration),
            "{typed}: {:?}",
            results.expansions
        );
        assert!(!found_words(&results).iter().any(|w| w == not), "{typed}");
    }
}

#[test]
fn dropped_and_swapped_letters_are_corrected() {
    let results = search("اقتصدی");
    assert_eq!(found_words(&results), ["اقتصادی"]);
    let results = search("تهارن");
    assert!(
        found_words(&results).iter().any(|w| w == "تهران"),
        "{:?}",
        found_words(&results)
    );
}

#[test]
fn english_typos_reach_the_index_and_the_lexicon() {
    let results = search("Caspain");
    let words = found_words(&results);
    assert!(words.iter().any(|w| w == "Caspian"), "{words:?}");
    // Through the lexicon's English side: the Persian name of the sea.
    assert!(words.iter().any(|w| w == "دریای خزر"), "{words:?}");
    assert_eq!(results.suggestions[0].query, "Caspian");
    for (typed, meant) in [
        ("Moscw", "Moscow"),
        ("Azerbaijn", "Azerbaijan"),
        ("Tehrn", "Tehran"),
    ] {
        let words = found_words(&search(typed));
        assert!(words.iter().any(|w| w == meant), "{typed}: {words:?}");
    }
}

#[test]
fn exact_matches_rank_above_corrections() {
    // «اصرار» (insistence) is a homophone of «اسرار» (secrets), both real words:
    // «اسرار» is known to the word list, so it is never corrected.
    let results = search("اسرار");
    assert_eq!(found_words(&results), ["اسرار"]);
    assert!(typo_expansions(&results).is_empty());
    assert!(results.suggestions.is_empty());
}

#[test]
fn short_words_are_not_fuzzed() {
    // «غند» is one homophone letter from «قند», but three letters is too short.
    let results = search("سنگ غند");
    assert!(typo_expansions(&results).is_empty());
    let results = search("Mosc");
    assert_eq!(results.total_hits, 0);
}

#[test]
fn a_word_with_plenty_of_exact_matches_is_not_fuzzed() {
    // 35 passages say "Tehrani", 800 "Tehran" (more than RATIO times as many):
    // one edit apart, both right; "Tehrani" has plenty of exact matches.
    let results = search_with("Tehrani", Typos::Auto);
    assert!(typo_expansions(&results).is_empty());
    assert_eq!(
        results.total_hits,
        search_with("Tehrani", Typos::Off).total_hits
    );
    assert!(!found_words(&results).iter().any(|w| w == "Tehran"));
    // And a correctly spelled word never gains corrections.
    for query in ["حمله", "Tehran", "قیمت نفت", "Caspian"] {
        let results = search(query);
        assert!(
            typo_expansions(&results).is_empty(),
            "{query}: {:?}",
            results.expansions
        );
        assert!(results.suggestions.is_empty(), "{query}");
    }
}

#[test]
fn digits_are_never_fuzzed() {
    for query in ["2019", "۲۰۱۹", "12 percent 2019"] {
        let results = search(query);
        assert!(typo_expansions(&results).is_empty(), "{query}");
    }
    assert_eq!(search("2019").total_hits, 0);
}

#[test]
fn typos_off_and_exact_search_the_words_as_typed() {
    assert_eq!(search_with("غیمت", Typos::Off).total_hits, 0);
    assert!(search_with("غیمت", Typos::Off).suggestions.is_empty());
    let exact = SearchOptions {
        exact: true,
        ..SearchOptions::default()
    };
    assert_eq!(index().search("غیمت", &exact).unwrap().total_hits, 0);
}

#[test]
fn multiword_queries_correct_the_misspelled_word_only() {
    let results = search("غیمت نفت");
    assert_eq!(results.suggestions[0].query, "قیمت نفت");
    assert_eq!(results.suggestions[0].hits, search("قیمت نفت").total_hits);
    let first = &results.hits[0];
    assert_eq!(highlighted(first), ["قیمت", "نفت"]);
    assert_eq!(first.matched, 2);
}

// The command line: the suggestion line, the JSON fields, --typos off, --explain.

fn cli_index() -> PathBuf {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    let dir = DIR.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        write_corpus(&dir.path().join("corpus"));
        kavosh()
            .args(["index", "--quiet", "--index"])
            .arg(dir.path().join("index"))
            .arg(dir.path().join("corpus"))
            .assert()
            .success();
        dir
    });
    dir.path().join("index")
}

fn cli(args: &[&str]) -> String {
    let out = kavosh()
        .arg("search")
        .args(args)
        .arg("--index")
        .arg(cli_index())
        .env("NO_COLOR", "1")
        .assert()
        .success();
    String::from_utf8(out.get_output().stdout.clone()).unwrap()
}

#[test]
fn the_text_output_says_did_you_mean() {
    let out = cli(&["غیمت"]);
    assert!(
        out.starts_with("did you mean: قیمت  (2 passages)\n"),
        "{out}"
    );
    assert!(out.contains("قیمت نفت"), "{out}");
    let out = cli(&["غیمت", "--typos", "off"]);
    assert!(!out.contains("did you mean"), "{out}");
    assert!(out.contains("no passage matches"), "{out}");
    let out = cli(&["قیمت"]);
    assert!(!out.contains("did you mean"), "{out}");
}

#[test]
fn json_output_has_suggestions_and_typo_expansions() {
    let out = cli(&["همله", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        v["suggestions"],
        serde_json::json!([{"query": "حمله", "hits": 3}])
    );
    let expansions = v["expansions"].as_array().unwrap();
    assert!(expansions
        .iter()
        .any(|e| e["origin"] == "typo" && e["text"] == "حمله" && e["query"] == "همله"));
    assert!(expansions.iter().all(|e| e["origin"] != "transliteration"));
    let out = cli(&["حمله", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["suggestions"], serde_json::json!([]));
}

#[test]
fn explain_lists_the_corrections() {
    let out = cli(&["Caspain", "--explain"]);
    assert!(
        out.contains("Caspain → Caspian  (typo correction found in the index)"),
        "{out}"
    );
    assert!(
        out.contains("Caspain → دریای خزر  (typo correction, lexicon en-fa.tsv:"),
        "{out}"
    );
}

#[test]
fn typos_option_is_checked() {
    let out = kavosh()
        .args(["search", "x", "--typos", "sometimes", "--index"])
        .arg(cli_index())
        .assert()
        .code(2);
    let err = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(err.contains("auto") && err.contains("off"), "{err}");
}
