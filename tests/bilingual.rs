//! English queries find Persian passages, Persian queries find English ones:
//! the bundled Persian article and English passages of our own on the same
//! topics, indexed together.

mod common;

use std::path::PathBuf;
use std::sync::OnceLock;

use assert_cmd::Command;
use common::{all_highlighted, article_path, index_article_cli};
use kavosh::bilingual::BilingualLexicon;
use kavosh::index::{IndexOptions, SilentProgress};
use kavosh::query::Origin;
use kavosh::{SearchIndex, SearchOptions, SearchResults};

fn english_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/english/caspian-cooperation.txt")
}

fn index() -> &'static SearchIndex {
    static INDEX: OnceLock<(tempfile::TempDir, SearchIndex)> = OnceLock::new();
    &INDEX
        .get_or_init(|| {
            let dir = tempfile::tempdir().unwrap();
            let index = SearchIndex::open_or_create(dir.path()).unwrap();
            index
                .rebuild(
                    &[article_path(), english_path()],
                    &IndexOptions::default(),
                    &SilentProgress,
                )
                .unwrap();
            (dir, index)
        })
        .1
}

fn search(query: &str) -> SearchResults {
    common::search_all(index(), query)
}

fn docs(results: &SearchResults) -> Vec<&str> {
    results.hits.iter().map(|h| h.doc.as_str()).collect()
}

const PERSIAN: &str = "iran-russia-relations-two-decades.txt";
const ENGLISH: &str = "caspian-cooperation.txt";

#[test]
fn english_queries_find_persian_passages() {
    for (query, persian) in [
        ("Caspian", "خزر"),
        ("Bushehr", "بوشهر"),
        ("nuclear", "هستهای"),
        ("Putin", "پوتین"),
        ("sanctions", "تحریمهای"),
        ("India", "هند"),
        ("Georgia", "گرجستان"),
        ("Volga", "ولگا"),
        ("railway", "راهآهن"),
    ] {
        let results = search(query);
        assert!(
            docs(&results).contains(&PERSIAN),
            "{query} finds no Persian passage"
        );
        assert!(
            all_highlighted(&results).iter().any(|h| h == persian),
            "{query}: «{persian}» not highlighted"
        );
    }
}

#[test]
fn multiword_english_is_a_phrase_not_its_words() {
    let results = search("Persian Gulf");
    // The typed words stay concepts; in Persian each matches only as the phrase.
    assert_eq!(results.concepts, 2);
    let highlighted = all_highlighted(&results);
    assert!(
        highlighted.iter().any(|h| h == "خلیجفارس"),
        "{highlighted:?}"
    );
    assert!(highlighted.iter().any(|h| h == "Gulf"));
    // «فارس» alone (as in «فارس» news agency) is never a hit for "Persian Gulf".
    assert!(highlighted.iter().all(|h| h != "فارس"));
    let sco = search("Shanghai Cooperation Organization");
    assert!(docs(&sco).contains(&PERSIAN) && docs(&sco).contains(&ENGLISH));
}

#[test]
fn persian_queries_find_english_passages() {
    for (query, english) in [
        ("خزر", "Caspian"),
        ("پوتین", "Putin"),
        ("تحریم", "sanctions"),
        ("راه آهن", "railway"),
    ] {
        let results = search(query);
        assert!(
            docs(&results).contains(&ENGLISH),
            "{query} finds no English passage"
        );
        let highlighted = all_highlighted(&results);
        assert!(
            highlighted.iter().any(|h| h.contains(english)),
            "{query}: {english} not in {highlighted:?}"
        );
    }
}

#[test]
fn words_as_typed_rank_above_translations() {
    let results = search("Caspian");
    // The English passages say Caspian: they come first.
    let first_persian = results.hits.iter().position(|h| h.doc == PERSIAN).unwrap();
    assert!(results.hits[..first_persian]
        .iter()
        .all(|h| h.doc == ENGLISH));
    assert!(first_persian >= 3);
    let results = search("خزر");
    assert_eq!(results.hits[0].doc, PERSIAN);
}

#[test]
fn mixed_queries_work() {
    let results = search("Putin خزر");
    assert_eq!(results.concepts, 2);
    assert_eq!(results.hits[0].matched, 2);
}

#[test]
fn names_outside_the_lexicon_are_transliterated_from_the_index() {
    assert!(BilingualLexicon::builtin()
        .lookup(&["mamedova".to_string()])
        .is_empty());
    let results = search("Mamedova");
    assert!(
        docs(&results).contains(&PERSIAN),
        "{:?}",
        results.expansions
    );
    assert!(all_highlighted(&results).iter().any(|h| h == "مامدوا"));
    let e = results
        .expansions
        .iter()
        .find(|e| e.origin == Origin::Transliteration)
        .unwrap();
    assert_eq!((e.text.as_str(), e.source.as_ref()), ("مامدوا", None));
    // Typed matches (the English passage) rank above transliterations.
    assert_eq!(results.hits[0].doc, ENGLISH);
    // And back: the Persian spelling finds the English passage.
    let results = search("مامدوا");
    assert!(
        docs(&results).contains(&ENGLISH),
        "{:?}",
        results.expansions
    );
    // Common words are not transliterated.
    assert!(search("trade")
        .expansions
        .iter()
        .all(|e| e.origin != Origin::Transliteration));
}

#[test]
fn no_expand_searches_only_what_was_typed() {
    let options = SearchOptions {
        limit: 200,
        expand: false,
        ..SearchOptions::default()
    };
    let results = index().search("Caspian", &options).unwrap();
    assert!(results.hits.iter().all(|h| h.doc == ENGLISH));
    assert!(results.expansions.is_empty());
}

#[test]
fn user_lexicon_files_are_used() {
    let dir = tempfile::tempdir().unwrap();
    let mine = dir.path().join("mine.tsv");
    std::fs::write(&mine, "# my terms\nMamedova\tمامدوا\tperson\n").unwrap();
    let mut lexicon = BilingualLexicon::builtin().clone();
    lexicon.add_file(&mine).unwrap();
    let (_d, mut index) = common::index_article();
    index.set_lexicon(lexicon);
    let results = index.search("Mamedova", &SearchOptions::default()).unwrap();
    assert_eq!(results.total_hits, 3);
    let e = &results.expansions[0];
    assert_eq!(e.origin, Origin::Lexicon);
    assert_eq!(e.source.as_ref().unwrap().line, 2);
    assert!(e.source.as_ref().unwrap().file.ends_with("mine.tsv"));
}

fn kavosh() -> Command {
    Command::cargo_bin("kavosh").unwrap()
}

#[test]
fn cli_explain_no_expand_and_lexicon_errors() {
    let (dir, index) = index_article_cli();
    let out = kavosh()
        .args(["search", "Volga", "--format", "json", "--index"])
        .arg(&index)
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v["total_hits"].as_u64().unwrap() >= 2);
    let e = &v["expansions"][0];
    assert_eq!(
        (
            e["query"].as_str(),
            e["text"].as_str(),
            e["origin"].as_str()
        ),
        (Some("Volga"), Some("ولگا"), Some("lexicon"))
    );
    assert_eq!(e["source"]["file"], "en-fa.tsv");

    let out = kavosh()
        .args(["search", "Volga", "--explain", "--index"])
        .arg(&index)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("Volga → ولگا") && text.contains("lexicon en-fa.tsv:"),
        "{text}"
    );

    let out = kavosh()
        .args([
            "search",
            "Volga",
            "--no-expand",
            "--format",
            "json",
            "--index",
        ])
        .arg(&index)
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["total_hits"], 0);

    let bad = dir.path().join("bad.tsv");
    std::fs::write(&bad, "Gazprom\tگازپروم\tcompany\n").unwrap();
    kavosh()
        .args(["search", "Volga", "--lexicon"])
        .arg(&bad)
        .arg("--index")
        .arg(&index)
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "bad.tsv:1: unknown category «company»",
        ));

    // lexicon.tsv beside corpus/ is read by default.
    std::fs::write(
        dir.path().join("lexicon.tsv"),
        "Kalyuzhny envoy\tکالیوژنی\tperson\n",
    )
    .unwrap();
    let out = kavosh()
        .current_dir(dir.path())
        .args(["search", "Kalyuzhny envoy", "--format", "json", "--index"])
        .arg(&index)
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["expansions"][0]["source"]["file"], "lexicon.tsv");
}

/// Names of the article, in Latin letters, with their spelling in the
/// article (analysed form, as the index holds it).
const ARTICLE_NAMES: &[(&str, &str)] = &[
    ("Putin", "پوتین"),
    ("Medvedev", "مدودف"),
    ("Yeltsin", "یلتسین"),
    ("Primakov", "پریماکف"),
    ("Khatami", "خاتمی"),
    ("Rafsanjani", "رفسنجانی"),
    ("Velayati", "ولایتی"),
    ("Mamedova", "مامدوا"),
    ("Moscow", "مسکو"),
    ("Tehran", "تهران"),
    ("Astrakhan", "استاراخان"),
    ("Bushehr", "بوشهر"),
    ("Turkmenistan", "ترکمنستان"),
    ("Tajikistan", "تاجیکستان"),
    ("Azerbaijan", "اذربایجان"),
    ("Kosovo", "کوزوو"),
    ("Volga", "ولگا"),
    ("Pakistan", "پاکستان"),
    ("Afghanistan", "افغانستان"),
    ("Kazakhstan", "قزاقستان"),
    ("Baku", "باکو"),
    ("Anzali", "انزلی"),
    ("Chalus", "چالوس"),
    ("Qazvin", "قزوین"),
    ("Rasht", "رشت"),
    ("Astara", "استارا"),
    ("Caucasus", "قفقاز"),
    ("Crimea", "کریمه"),
    ("Ukraine", "اکراین"),
    ("Iran", "ایران"),
    ("Russia", "روسیه"),
    ("Syria", "سوریه"),
    ("Israel", "اسراییل"),
    ("America", "امریکا"),
    ("Europe", "اروپا"),
    ("Armenia", "ارمنستان"),
    ("Georgia", "گرجستان"),
    ("India", "هند"),
    ("China", "چین"),
    ("Iraq", "عراق"),
    ("Kalyuzhny", "کالیوژنی"),
    ("Safavid", "صفویه"),
    ("Qajar", "قاجار"),
    ("Sukhoi", "سوخو"),
    ("Kremlin", "کرملین"),
    ("Tupolev", "توپولف"),
    ("Shanghai", "شانگهای"),
    ("Serbia", "صربستان"),
    ("Igor", "ایگور"),
    ("Sergeyev", "سرگیف"),
    ("Chechnya", "چچن"),
    ("Dagestan", "داغستان"),
];

#[test]
fn transliteration_of_article_names_is_precise() {
    use kavosh::analysis::Analyzer;
    use kavosh::bilingual::expand;
    use kavosh::query::QueryPlan;
    let (_dir, index) = common::index_article();
    let searcher = index.searcher();
    let no_lexicon = BilingualLexicon::default();
    let (mut reached, mut wrong) = (0, Vec::new());
    for (latin, persian) in ARTICLE_NAMES {
        let mut plan = QueryPlan::parse(latin, &Analyzer::default()).unwrap();
        expand(&mut plan, &no_lexicon, &searcher, index.fields().text);
        let found: Vec<&str> = plan.expansions.iter().map(|e| e.text.as_str()).collect();
        if found.contains(persian) {
            reached += 1;
        }
        for spelling in found.iter().filter(|s| *s != persian) {
            wrong.push(format!("{latin} → {spelling}"));
        }
    }
    println!(
        "{reached} of {} names reached by transliteration alone; other spellings: {wrong:?}",
        ARTICLE_NAMES.len()
    );
    assert!(ARTICLE_NAMES.len() >= 50);
    assert!(reached >= 30, "{reached} reached");
    // Precision: at most a few other spellings, and only of the same name.
    assert!(wrong.len() <= 3, "{wrong:?}");
}

#[test]
fn larger_mixed_corpus_both_directions() {
    let mixed = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora/mixed-mini");
    if !mixed.is_dir() {
        println!("skipped: {} is not here", mixed.display());
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let index = SearchIndex::open_or_create(dir.path()).unwrap();
    index
        .rebuild(&[mixed], &IndexOptions::default(), &SilentProgress)
        .unwrap();
    let is_persian = |text: &str| text.chars().any(|c| ('\u{0600}'..='\u{06FF}').contains(&c));
    let results = common::search_all(&index, "Caspian");
    let persian_hits = results.hits.iter().filter(|h| is_persian(&h.text)).count();
    let english_hits = results.hits.len() - persian_hits;
    println!("Caspian: {english_hits} English and {persian_hits} Persian passages");
    assert!(english_hits > 0 && persian_hits > 0);
    let results = common::search_all(&index, "خزر");
    assert!(results
        .hits
        .iter()
        .any(|h| !is_persian(&h.text) && h.text.contains("Caspian")));
}
