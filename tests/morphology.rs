//! Persian morphology end to end: stemming, glued compounds and ZWNJ
//! spellings over the real article, and the decompounder over real news.

mod common;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::OnceLock;

use common::{article_path, lines};
use kavosh::analysis::decompound::PART_MIN;
use kavosh::analysis::lexicon::Lexicon;
use kavosh::analysis::{explain, Analyzer, Script};
use kavosh::index::{IndexOptions, SilentProgress};
use kavosh::{SearchIndex, SearchOptions, SearchResults};

fn index() -> &'static SearchIndex {
    static INDEX: OnceLock<(tempfile::TempDir, SearchIndex)> = OnceLock::new();
    &INDEX.get_or_init(common::index_article).1
}

fn search(query: &str) -> SearchResults {
    common::search_all(index(), query)
}

fn highlighted(results: &SearchResults) -> Vec<String> {
    common::all_highlighted(results)
}

/// Every split the decompounder makes in `text`: glued word → parts.
fn splits(text: &str) -> BTreeMap<String, Vec<String>> {
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let tokens = explain(text);
    for (i, token) in tokens.iter().enumerate() {
        if token.part_of.is_none()
            && tokens
                .get(i + 1)
                .is_some_and(|next| next.part_of.as_deref() == Some(&token.term))
        {
            let parts = tokens[i + 1..]
                .iter()
                .take_while(|t| t.part_of.as_deref() == Some(&token.term))
                .map(|t| t.word.clone());
            out.entry(token.word.clone())
                .or_insert_with(|| parts.collect());
        }
    }
    out
}

/// A part is a real word: in the lexicon, frequent.
fn is_word(part: &str) -> bool {
    Lexicon::persian().count(part) >= PART_MIN
}

#[test]
fn every_decompounding_of_the_article_gives_real_words() {
    let text = std::fs::read_to_string(article_path()).unwrap();
    let found = splits(&text);
    println!("{} glued words split in the article:", found.len());
    for (word, parts) in &found {
        println!("  {word} → {}", parts.join(" + "));
        for part in parts {
            assert!(is_word(part), "{word} → «{part}» is not a word");
        }
    }
    for (word, parts) in [
        ("خلیجفارس", vec!["خلیج", "فارس"]),
        ("دریایخزر", vec!["دریای", "خزر"]),
        ("جمهوریاسلامی", vec!["جمهوری", "اسلامی"]),
        ("انقلاباسلامی", vec!["انقلاب", "اسلامی"]),
        ("هاشمیرفسنجانی", vec!["هاشمی", "رفسنجانی"]),
        ("راهاهن", vec!["راه", "اهن"]),
        ("احمدینژاد", vec!["احمدی", "نژاد"]),
        ("بینالمللی", vec!["بین", "المللی"]),
        ("اتحادجماهیرشوروی", vec!["اتحاد", "جماهیر", "شوروی"]),
    ] {
        assert_eq!(
            found.get(word),
            Some(&parts.iter().map(|p| p.to_string()).collect()),
            "{word}"
        );
    }
    // Inflected words and loanwords are not compounds.
    for word in [
        "نیروگاهی",
        "بالکان",
        "اورال",
        "توتال",
        "تکنولوژیکی",
        "موزاییکی",
        "مالزیایی",
        "همپوشانی",
        "کشتیرانی",
    ] {
        assert!(!found.contains_key(word), "{word} must stay whole");
    }
    assert!((80..=160).contains(&found.len()), "{} splits", found.len());
}

#[test]
fn decompounding_rate_on_real_news() {
    let shard = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/corpora/fa-news-langml/part-0005.jsonl");
    let Ok(data) = std::fs::read_to_string(&shard) else {
        println!("skipped: {} is not here", shard.display());
        return;
    };
    let analyzer = Analyzer::surface();
    let (mut words, mut split) = (0usize, 0usize);
    let mut all: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for line in data.lines() {
        let record: serde_json::Value = serde_json::from_str(line).unwrap();
        let text = record["text"].as_str().unwrap_or_default();
        words += analyzer
            .analyze(text)
            .iter()
            .filter(|t| t.script == Script::Persian)
            .count();
        let found = splits(text);
        split += found.len();
        all.extend(found);
    }
    let rate = split as f64 / words as f64;
    println!(
        "{}: {} Persian words, {} glued words split ({:.3}% of words), {} distinct",
        shard.display(),
        words,
        split,
        rate * 100.0,
        all.len()
    );
    for (word, parts) in all.iter().take(60) {
        println!("  {word} → {}", parts.join(" + "));
    }
    for (word, parts) in &all {
        for part in parts {
            assert!(is_word(part), "{word} → «{part}» is not a word");
        }
    }
    assert!(rate < 0.02, "split rate {rate}");
}

#[test]
fn glued_words_are_found_by_their_spaced_and_zwnj_spellings() {
    for (query, glued) in [
        ("خلیج فارس", "خلیجفارس"),
        ("دریای خزر", "دریایخزر"),
        ("خزر", "دریایخزر"),
        ("بین\u{200c}المللی", "بینالمللی"),
        ("بین المللی", "بینالمللی"),
        ("جمهوری اسلامی", "جمهوریاسلامی"),
        ("هاشمی رفسنجانی", "هاشمیرفسنجانی"),
        ("راه آهن", "راهآهن"),
        ("احمدی\u{200c}نژاد", "احمدینژاد"),
    ] {
        let results = search(query);
        assert!(
            highlighted(&results).iter().any(|h| h == glued),
            "{query} does not find {glued}"
        );
    }
}

#[test]
fn phrases_over_glued_words_work() {
    let spaced = search("\"دریای خزر\"");
    assert!(highlighted(&spaced).iter().any(|h| h == "دریایخزر"));
    assert!(highlighted(&spaced).iter().any(|h| h == "دریای خزر"));
    let three = search("\"جمهوری اسلامی ایران\"");
    assert!(three.total_hits >= 5, "{}", three.total_hits);
    // A phrase over a glued word and the next word.
    assert!(search("\"خلیج فارس\"").total_hits >= 1);
    // Word order still matters.
    assert_eq!(search("\"فارس خلیج\"").total_hits, 0);
}

#[test]
fn inflected_forms_are_found_and_traps_are_not() {
    let words = highlighted(&search("کشور"));
    for form in ["کشور", "کشورها", "کشورهای"] {
        assert!(words.iter().any(|w| w == form), "کشور does not find {form}");
    }
    assert!(highlighted(&search("تحریم"))
        .iter()
        .any(|w| w == "تحریمهای"));
    assert!(highlighted(&search("نیروگاه"))
        .iter()
        .any(|w| w == "نیروگاههای"));
    assert!(highlighted(&search("اروپا")).iter().any(|w| w == "اروپایی"));
    assert!(highlighted(&search("همکاری"))
        .iter()
        .any(|w| w == "همکاریهای"));
    // هند finds هند only, never «میدهند».
    assert!(highlighted(&search("هند")).iter().all(|w| w == "هند"));
    assert!(highlighted(&search("ایران"))
        .iter()
        .all(|w| w.starts_with("ایران") || w.contains("ایران")));
    assert!(highlighted(&search("کشتی"))
        .iter()
        .all(|w| w.starts_with("کشتی")));
}

#[test]
fn exact_matches_the_word_as_typed() {
    let options = SearchOptions {
        limit: 200,
        exact: true,
        ..SearchOptions::default()
    };
    let exact = index().search("کشورها", &options).unwrap();
    assert!(exact.total_hits > 0);
    assert!(highlighted(&exact).iter().all(|w| w == "کشورها"));
    assert!(exact.total_hits < search("کشورها").total_hits);
    // Normalisation still applies: Arabic letters and ZWNJ.
    let arabic = index().search("كشورها", &options).unwrap();
    assert_eq!(lines(&arabic), lines(&exact));
}

#[test]
fn an_index_of_an_older_analyzer_must_be_rebuilt() {
    let dir = tempfile::tempdir().unwrap();
    let index = SearchIndex::open_or_create(dir.path()).unwrap();
    let mut writer: tantivy::IndexWriter = index.tantivy_index().writer(15_000_000).unwrap();
    let mut prepared = writer.prepare_commit().unwrap();
    prepared.set_payload(
        r#"{"analyzer":"kavosh-fa-en-1","schema":1,"articles":0,"passages":0,"updated":0}"#,
    );
    prepared.commit().unwrap();
    drop(writer);
    let err = SearchIndex::open(dir.path()).unwrap_err();
    let message = err.to_string();
    assert!(
        message.contains("kavosh-fa-en-1") && message.contains("rebuild"),
        "{message}"
    );
    // Rebuilding replaces it.
    let index = SearchIndex::open_or_create(dir.path()).unwrap();
    index
        .rebuild(&[article_path()], &IndexOptions::default(), &SilentProgress)
        .unwrap();
    assert!(SearchIndex::open(dir.path()).is_ok());
}

// ---- Morphology v2 -------------------------------------------------------

fn terms(text: &str) -> Vec<String> {
    Analyzer::default().terms(text)
}

/// Every text in `forms` analyses to the same terms as `base`.
fn assert_meet(base: &str, forms: &[&str]) {
    let expected = terms(base);
    for form in forms {
        assert_eq!(terms(form), expected, "«{form}» vs «{base}»");
    }
}

#[test]
fn ezafe_after_silent_heh_in_every_spelling() {
    // ZWNJ, space, «ۀ», nothing, glued.
    assert_meet(
        "خانه ما",
        &["خانه\u{200c}ی ما", "خانه ی ما", "خانۀ ما", "خانهی ما"],
    );
    assert_eq!(terms("خانه ی ما"), ["خانه", "ما"]);
    for (base, forms) in [
        (
            "برنامه",
            &["برنامه\u{200c}ی", "برنامه ی", "برنامۀ", "برنامهی"][..],
        ),
        ("نتیجه", &["نتیجه\u{200c}ی", "نتیجۀ", "نتیجهی"]),
        ("جلسه", &["جلسه\u{200c}ی", "جلسه ی", "جلسهی"]),
        ("دوره", &["دوره\u{200c}ی", "دورهی"]),
    ] {
        assert_meet(base, forms);
    }
    // A lone «ی» after a space never becomes a term of its own after «ه».
    assert!(!terms("مسئله ی مهم").iter().any(|t| t == "ی"));
    // A consonant «ه» keeps its «ی»: these are other words.
    for (word, other) in [
        ("ماهی", "ماه"),
        ("راهی", "راه"),
        ("گروهی", "گروه"),
        ("بدهی", "بده"),
        ("آگاهی", "آگاه"),
        ("دانشگاهی", "دانشگاه"),
    ] {
        assert_ne!(terms(word), terms(other), "{word} ≠ {other}");
    }
}

#[test]
fn gan_plurals_meet_their_singular() {
    assert_meet("رزمنده", &["رزمندگان"]);
    assert_meet("نماینده", &["نمایندگان"]);
    assert_meet("کشته\u{200c}شده", &["کشته\u{200c}شدگان", "کشتهشدگان"]);
    // Glued compounds meet on the glued word (a rare one is also split
    // into its parts, so the two need not have the same parts).
    for (singular, plural) in [
        ("جان\u{200c}باخته", "جان\u{200c}باختگان"),
        ("تظاهرکننده", "تظاهرکنندگان"),
        ("بازدیدکننده", "بازدیدکنندگان"),
    ] {
        assert_eq!(terms(plural)[0], terms(singular)[0], "{plural}");
    }
    assert_meet("ستاره", &["ستارگان"]);
    assert_meet("واژه", &["واژگان"]);
    assert_meet("وابسته", &["وابستگان"]);
    // «گان» that is not a plural, and plurals that are words of their own.
    for (word, not) in [
        ("گروگان", "گروه"),
        ("رایگان", "رایه"),
        ("بازرگان", "بازره"),
        ("یگان", "یه"),
        ("گرگان", "گره"),
        ("پادگان", "پاده"),
        ("ارگان", "اره"),
        ("خبرگان", "خبره"),
    ] {
        assert_ne!(terms(word), terms(not), "{word} ≠ {not}");
        assert_eq!(terms(word).len(), 1, "{word}");
    }
}

#[test]
fn verb_forms_meet_across_both_stems() {
    let forms = [
        "ندیدم",
        "می\u{200c}دیدیم",
        "میدیدیم",
        "می دیدیم",
        "دیده\u{200c}ام",
        "دیده ام",
        "ببینم",
        "می\u{200c}بینند",
        "نمی\u{200c}بیند",
        "دیدند",
        "دیدن",
    ];
    for form in forms {
        assert_eq!(terms(form), ["دیدن"], "{form}");
    }
    assert_meet(
        "آوردن",
        &["می\u{200c}آورد", "بیاورند", "آوردند", "آورده\u{200c}اند"],
    );
    assert_meet("خوردن", &["می\u{200c}خورند", "بخورند", "خوردند", "نخورد"]);
    assert_meet(
        "ساختن",
        &["می\u{200c}سازند", "بسازیم", "ساختند", "ساخته\u{200c}اند"],
    );
    assert_meet("نوشتن", &["می\u{200c}نویسد", "بنویسید", "نوشتند"]);
    assert_meet("نشستن", &["می\u{200c}نشیند", "نشستند"]);
    // Auxiliaries and the commonest light verbs keep their forms; only
    // «می» comes off, as before.
    assert_meet("گوید", &["می\u{200c}گوید", "می گوید"]);
    assert_meet("کند", &["می\u{200c}کند", "می کند"]);
    assert_meet("شود", &["می\u{200c}شود", "میشود"]);
    assert_meet("کنند", &["می\u{200c}کنند"]);
    for form in ["کردند", "شدند", "باشیم", "داریم", "دادند", "گفتند", "رفتند"]
    {
        assert_eq!(terms(form), Analyzer::exact().terms(form), "{form}");
    }
    // The old conflation of «می» forms with each other still holds.
    assert_meet("می\u{200c}دهند", &["میدهند", "می دهند", "دهند"]);
}

#[test]
fn words_that_look_like_verb_forms_stay_themselves() {
    // Nouns and adjectives sharing letters with a verb form (the full list
    // is in the unit tests of src/analysis/verbs.rs), through the whole chain.
    for word in [
        "نبرد",
        "نزد",
        "نشست",
        "روند",
        "مانند",
        "گذشته",
        "بدهی",
        "هند",
        "میدان",
        "میزبانی",
    ] {
        assert_eq!(
            terms(word),
            Analyzer::exact().terms(word),
            "{word} must stay itself"
        );
    }
    assert_ne!(terms("میدهند"), terms("هند"));
}

#[test]
fn plurals_do_not_overstem() {
    for (word, not) in [
        ("یگان", "یه"),
        ("دوات", "دو"),
        ("صفات", "صف"),
        ("فرات", "فر"),
        ("هرات", "هر"),
        ("ربات", "رب"),
        ("برات", "بر"),
    ] {
        assert_ne!(terms(word), terms(not), "{word} ≠ {not}");
    }
    // The rule, over the whole word list: a plural «ات», «ان» or «گان» is
    // never cut to fewer than three letters.
    let list = std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data/fa-words.tsv"),
    )
    .unwrap();
    let stemmer = kavosh::analysis::PersianStemmer::new();
    let mut short = Vec::new();
    for word in list.lines().filter(|l| !l.starts_with('#')) {
        let word = word.split('\t').next().unwrap();
        for ending in ["ات", "ان", "گان"] {
            if let Some(rest) = word.strip_suffix(ending) {
                let stem = stemmer.stem(word);
                if stem.chars().count() < 3 && (stem == rest || stem == format!("{rest}ه")) {
                    short.push(format!("{word} → {stem}"));
                }
            }
        }
    }
    assert!(short.is_empty(), "{}", short.join(", "));
    // Real plurals are still found.
    assert_meet("مذاکره", &["مذاکرات"]);
    assert_meet("اطلاع", &["اطلاعات"]);
    assert_meet("لحظه", &["لحظات"]);
    assert_meet("خدمت", &["خدمات"]);
    assert_meet("کارشناس", &["کارشناسان"]);
    assert_meet("حیوان", &["حیوانات"]);
}

#[test]
fn ati_adjectives_meet_their_noun() {
    assert_meet("تسلیحات", &["تسلیحاتی"]);
    assert_meet("اطلاعات", &["اطلاعاتی"]);
    assert_meet("مطالعات", &["مطالعاتی"]);
    assert_meet("انتخابات", &["انتخاباتی"]);
    assert_meet("تبلیغات", &["تبلیغاتی"]);
    assert_meet("مطالعه", &["مطالعاتی"]);
    // «ی» after other endings keeps its own rules.
    assert_ne!(terms("حیاتی"), terms("حیا"));
    assert_ne!(terms("کشتی"), terms("کشت"));
    assert_ne!(terms("همکاری"), terms("همکار"));
}
