//! Query-side compounds checked against the index: a query that glues what
//! the text writes apart, and a query that writes apart what the text
//! glues, find the passage; the split or glued spelling is only an added
//! alternative, never a requirement.

mod common;

use common::{ids, index_of, search_all as search};
use kavosh::query::Origin;
use kavosh::{SearchOptions, SearchResults};

/// The splits the search shows among its expansions.
fn splits(results: &SearchResults) -> Vec<(String, String)> {
    results
        .expansions
        .iter()
        .filter(|e| e.origin == Origin::Split)
        .map(|e| (e.query.clone(), e.text.clone()))
        .collect()
}

#[test]
fn a_glued_query_word_finds_the_words_written_apart() {
    let (_dir, index) = index_of(&[
        "در هندسه، هر لوزی یک چهار ضلعی است که اضلاعش با هم برابر هستند.",
        "کوچه‌های این محله سنگ فرش است و خودرو از آن نمی‌گذرد.",
        "چهار فصل سال در این شهر کوتاه است.",
    ]);
    // «چهارضلعی» is in no passage; «چهار ضلعی» is, as a phrase.
    let results = search(&index, "چهارضلعی");
    assert_eq!(ids(&results), ["p1"]);
    assert_eq!(
        splits(&results),
        [("چهارضلعی".to_string(), "چهار ضلعی".to_string())]
    );
    // the highlight covers both written words
    let text = &results.hits[0].text;
    let marked: Vec<String> = results.hits[0]
        .highlights
        .iter()
        .map(|&[s, e]| text.chars().skip(s).take(e - s).collect())
        .collect();
    assert_eq!(marked, ["چهار ضلعی"]);

    let results = search(&index, "کوچه سنگفرش");
    assert_eq!(ids(&results)[0], "p2");
    assert!(splits(&results).contains(&("سنگفرش".to_string(), "سنگ فرش".to_string())));
}

#[test]
fn a_split_is_only_an_alternative() {
    // The passage that glues the word ranks as well as the ones that write it
    // apart: the typed word still counts on its own.
    let (_dir, index) = index_of(&[
        "حیاط خانه سنگ فرش است.",
        "حیاط مدرسه سنگفرش است و درخت ندارد.",
        "خیابان‌های سنگ فرش شهر قدیمی.",
    ]);
    let results = search(&index, "سنگفرش");
    assert_eq!(splits(&results).len(), 1);
    let mut found = ids(&results);
    found.sort();
    assert_eq!(found, ["p1", "p2", "p3"]);
}

#[test]
fn no_split_where_the_index_glues_the_word_more_often() {
    let (_dir, index) = index_of(&[
        "حیاط مدرسه سنگفرش است.",
        "خیابان‌های سنگفرش شهر قدیمی.",
        "حیاط خانه سنگ فرش است.",
    ]);
    // «سنگفرش» is in two passages, «سنگ فرش» in one: the glued spelling is
    // the index's own, so the word is not split.
    let results = search(&index, "سنگفرش");
    assert!(splits(&results).is_empty(), "{:?}", results.expansions);
    let mut found = ids(&results);
    found.sort();
    assert_eq!(found, ["p1", "p2"]);
}

#[test]
fn no_split_into_words_that_never_stand_together() {
    // «کشتی» could be «کش» + «تی», and both are words of this index, but
    // never at consecutive positions: the word stays whole.
    let (_dir, index) = index_of(&[
        "کشتی در بندر لنگر انداخت.",
        "کش را بکش، تی را بیاور.",
        "این کش پاره شد و آن تی کهنه است.",
        "تی تازه و کش نو خریدیم.",
    ]);
    let results = search(&index, "کشتی");
    assert!(splits(&results).is_empty(), "{:?}", results.expansions);
    assert_eq!(ids(&results), ["p1"]);
}

#[test]
fn adjacent_query_words_find_the_glued_spelling_the_index_has() {
    let (_dir, index) = index_of(&[
        "در دی ماه ایگورسرگیف وزیر دفاع روسیه از ایران دیدن کرد.",
        "ایگور نامی رایج در روسیه است.",
    ]);
    let results = search(&index, "ایگور سرگیف");
    assert_eq!(ids(&results)[0], "p1");
    // the glued word counts for both query words
    assert_eq!(results.hits[0].matched, 2);
}

#[test]
fn exact_search_does_not_split() {
    let (_dir, index) = index_of(&["حیاط خانه سنگ فرش است."]);
    let options = SearchOptions {
        exact: true,
        ..SearchOptions::default()
    };
    let results = index.search("سنگفرش", &options).unwrap();
    assert!(results.hits.is_empty());
    assert!(splits(&results).is_empty());
}

#[test]
fn no_split_off_a_short_word_that_stands_next_to_anything() {
    // «آبسه» (abscess) is not «آب سه» (water, three), and «دردی» (a pain)
    // is not «در دی» (in Dey), however often a news index has those phrases.
    let (_dir, index) = index_of(&[
        "آبسه دندان درد شدیدی دارد.",
        "آب سه روز در این محله قطع بود.",
        "آب سه شهر از این سد تامین می‌شود.",
        "دردی در سینه داشت.",
        "در دی ماه برف بارید.",
        "در دی امسال دو سفر انجام شد.",
    ]);
    for query in ["آبسه", "دردی"] {
        let results = search(&index, query);
        assert!(
            splits(&results).is_empty(),
            "{query}: {:?}",
            results.expansions
        );
    }
    // A preposition glued to its word is split: «درزمان» → «در زمان».
    let (_dir, index) = index_of(&["در زمان جنگ این شهر آسیب دید.", "در زمان صلح بازسازی شد."]);
    let results = search(&index, "درزمان جنگ");
    assert_eq!(ids(&results)[0], "p1");
    assert_eq!(
        splits(&results),
        [("درزمان".to_string(), "در زمان".to_string())]
    );
}

#[test]
fn a_conjunction_glued_to_the_next_word_is_taken_off() {
    let (_dir, index) = index_of(&[
        "جنگ ایران و عراق در سال ۱۳۶۷ به پایان رسید.",
        "ایران بزرگ‌ترین کشور منطقه است.",
        "کتاب زیر میز است.",
        "زیر پل آب روان است.",
        "وزیر امور خارجه سخن گفت.",
    ]);
    let results = search(&index, "ایران وعراق");
    assert_eq!(ids(&results)[0], "p1");
    assert_eq!(
        splits(&results),
        [("وعراق".to_string(), "و عراق".to_string())]
    );
    // «وزیر» is a word of its own, however rare here and common «زیر» is.
    let results = search(&index, "وزیر");
    assert!(splits(&results).is_empty(), "{:?}", results.expansions);
    assert_eq!(ids(&results), ["p5"]);
}
