//! Ranking on small collections of real Persian passages: the words as typed
//! always count, informative words weigh more than common ones, question and
//! stop words never lift a passage, nearby words rank higher.

mod common;

use common::{ids, index_of, index_of_articles};

use kavosh::{SearchIndex, SearchOptions, SearchResults};

fn search(index: &SearchIndex, query: &str) -> SearchResults {
    let options = SearchOptions {
        limit: 50,
        ..SearchOptions::default()
    };
    index.search(query, &options).unwrap()
}

#[test]
fn a_lexicon_phrase_never_hides_the_typed_words() {
    // «سردار سلیمانی» is a lexicon entry; the passage says «قاسم سلیمانی».
    let (_dir, index) = index_of(&[
        "قاسم سلیمانی فرمانده نیروی قدس سپاه پاسداران بود و در بغداد کشته شد.",
        "سردار دلها لقبی است که مردم به او دادند.",
        "سردار آزمون در تیم ملی بازی می کند.",
        "نیروگاه اتمی بوشهر با همکاری روسیه ساخته شد.",
    ]);
    let results = search(&index, "سردار سلیمانی چه کار هایی کرد؟");
    assert!(
        ids(&results).contains(&"p1".to_string()),
        "{:?}",
        ids(&results)
    );
    // and ranks it first: «سلیمانی» is the rarer word
    assert_eq!(ids(&search(&index, "سردار سلیمانی"))[0], "p1");
}

#[test]
fn a_rare_word_outweighs_several_common_ones() {
    // «راه», «جلو» and «گیری» are common here, «دیابت» rare.
    let mut passages = vec![
        "راه جلو گیری از ترافیک در این راه باز کردن مسیر جلو و گیری است.",
        "ورزش منظم و کاهش قند خون خطر دیابت را کم می کند.",
    ];
    passages.extend(["راه ورود به شهر از جلو پارک است و گیری ندارد."; 12]);
    let (_dir, index) = index_of(&passages);
    let results = search(&index, "راه جلو گیری از دیابت");
    assert_eq!(ids(&results)[0], "p2", "{:?}", ids(&results));
}

#[test]
fn question_words_never_lift_a_passage() {
    let (_dir, index) = index_of(&[
        "چرا چرا چرا؟ چه کسی می داند چرا و چگونه و کدام؟ دریا",
        "آب دریا نمک دارد زیرا رودها املاح را از سنگ ها به دریا می برند.",
    ]);
    let results = search(&index, "چرا دریا نمک دارد؟");
    assert_eq!(ids(&results), ["p2", "p1"]);
    // A query of question words alone still searches them.
    assert!(search(&index, "چرا چگونه").total_hits > 0);
}

#[test]
fn words_standing_together_rank_above_words_apart() {
    // Same words, same length: only their distance differs.
    let (_dir, index) = index_of(&[
        "امنیت این منطقه برای اعضای آن مهم است و شورای شهر درباره آن تصمیم گرفت.",
        "شورای امنیت این منطقه را برای اعضای آن مهم دانست و درباره آن تصمیم گرفت.",
    ]);
    let results = search(&index, "شورای امنیت");
    assert_eq!(ids(&results), ["p2", "p1"]);
    let parts: Vec<f32> = results.hits.iter().map(|h| h.score).collect();
    assert!(parts[0] > parts[1]);
}

#[test]
fn a_passage_that_opens_with_the_words_ranks_above_one_naming_them_later() {
    // The same 19 words but for one, «صفرا» once in each: one passage is
    // about bile, the other about the liver and names bile in passing.
    let passages = [
        "کبد بزرگترین غده بدن است و مایعی به نام صفرا می سازد که به هضم چربی کمک می کند.",
        "صفرا نام مایعی است که کبد بزرگترین غده بدن می سازد و آن به هضم چربی کمک می کند.",
    ];
    let (_dir, index) = index_of(&passages);
    let explained = |lead: f32| {
        let options = SearchOptions {
            explain: true,
            ranking: kavosh::search::RankParams {
                lead,
                ..Default::default()
            },
            ..SearchOptions::default()
        };
        index.search("صفرا چیست؟", &options).unwrap()
    };
    // A keyword query, not a question: where the word stands gives nothing
    // (news on «صفرا» wants every passage that reports it), so they tie.
    let keyword = index
        .search(
            "صفرا",
            &SearchOptions {
                explain: true,
                ..SearchOptions::default()
            },
        )
        .unwrap();
    assert_eq!(keyword.hits.len(), 2);
    assert_eq!(keyword.hits[0].score, keyword.hits[1].score);
    assert!(keyword.hits.iter().all(|h| h.explain.unwrap().lead == 0.0));
    let results = explained(kavosh::search::RankParams::default().lead);
    assert_eq!(ids(&results), ["p2", "p1"]);
    let (first, second) = (
        results.hits[0].explain.unwrap(),
        results.hits[1].explain.unwrap(),
    );
    assert!(first.lead > 1.5 * second.lead, "{first:?} {second:?}");
    assert_eq!((first.coverage, first.bm25), (second.coverage, second.bm25));
    // without the lead part the two passages tie
    let plain = explained(0.0);
    assert_eq!(plain.hits[0].score, plain.hits[1].score);
    assert_eq!(plain.hits[0].explain.unwrap().lead, 0.0);
}

#[test]
fn passages_with_every_informative_word_come_first() {
    let (_dir, index) = index_of(&[
        "نیروگاه نیروگاه نیروگاه نیروگاه اتمی در بسیاری از کشورها ساخته شده است.",
        "نیروگاه اتمی بوشهر با همکاری روسیه ساخته شد.",
        "بوشهر بندری در جنوب ایران است.",
    ]);
    assert_eq!(ids(&search(&index, "نیروگاه بوشهر"))[0], "p2");
}

/// A corpus folder of two Persian articles, indexed by the CLI.
fn cli_index() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    std::fs::write(
        corpus.join("news.jsonl"),
        concat!(
            r#"{"id": "a1", "title": null, "date": null, "lang": "fa", "text": "نیروگاه اتمی بوشهر با همکاری روسیه ساخته شد.\nبوشهر بندری در جنوب ایران است."}"#,
            "\n",
            r#"{"id": "a2", "title": null, "date": null, "lang": "fa", "text": "دریای خزر بزرگترین دریاچه جهان است."}"#,
            "\n"
        ),
    )
    .unwrap();
    common::kavosh()
        .args(["index", "-q", "--index"])
        .arg(dir.path().join("index"))
        .arg(&corpus)
        .assert()
        .success();
    dir
}

#[test]
fn batch_search_prints_one_json_line_per_query() {
    let dir = cli_index();
    let queries = dir.path().join("queries.tsv");
    std::fs::write(&queries, "q1\tنیروگاه بوشهر\nدریای خزر\nq3\t؟؟\n").unwrap();
    let out = common::kavosh()
        .args(["search", "--format", "json", "--index"])
        .arg(dir.path().join("index"))
        .arg("--queries")
        .arg(&queries)
        .assert()
        .success()
        .get_output()
        .clone();
    let lines: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["qid"], "q1");
    assert_eq!(lines[0]["hits"][0]["id"], "a1");
    assert_eq!(lines[1]["qid"], "2", "a line without a tab is numbered");
    assert_eq!(lines[1]["hits"][0]["id"], "a2");
    assert_eq!(lines[2]["qid"], "q3");
    assert!(lines[2]["error"]
        .as_str()
        .unwrap()
        .contains("no word to search"));
    assert!(String::from_utf8(out.stderr).unwrap().contains("query q3"));
}

#[test]
fn trec_runs_name_passages_or_articles() {
    let dir = cli_index();
    let run = |group: &str| {
        let out = common::kavosh()
            .args([
                "search",
                "بوشهر",
                "--format",
                "trec",
                "--group",
                group,
                "--index",
            ])
            .arg(dir.path().join("index"))
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        String::from_utf8(out).unwrap()
    };
    let passages = run("passage");
    let lines: Vec<Vec<&str>> = passages.lines().map(|l| l.split(' ').collect()).collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0][..4], ["1", "Q0", "a1#2", "1"]);
    assert_eq!(lines[0][5], "kavosh");
    assert_eq!(lines[1][2], "a1#1");
    let articles = run("article");
    assert_eq!(articles.lines().count(), 1);
    assert!(articles.starts_with("1 Q0 a1 1 "));
    // A missing file of queries is a usage error.
    common::kavosh()
        .args(["search", "--queries", "/no/such/file.tsv", "--index"])
        .arg(dir.path().join("index"))
        .assert()
        .code(2);
}

#[test]
fn an_article_ranks_by_all_its_matching_passages() {
    let passage = "نیروگاه اتمی بوشهر با همکاری روسیه ساخته شد.";
    let (_dir, index) = index_of_articles(&[
        (
            "one".into(),
            format!("{passage}\nدریای خزر بزرگترین دریاچه جهان است."),
        ),
        ("three".into(), [passage; 3].join("\n")),
    ]);
    let options = SearchOptions {
        group: kavosh::search::Group::Article,
        explain: true,
        ..SearchOptions::default()
    };
    let results = index.search("نیروگاه بوشهر", &options).unwrap();
    assert_eq!(ids(&results), ["three", "one"]);
    assert_eq!(results.hits[0].passages_matched, Some(3));
    let parts = results.hits[0].explain.unwrap();
    assert!(parts.other_passages > 0.0);
    assert_eq!(results.hits[1].explain.unwrap().other_passages, 0.0);
}

#[test]
fn explain_gives_the_parts_of_each_score() {
    let (_dir, index) = index_of(&[
        "شورای امنیت سازمان ملل درباره برنامه هسته ای ایران تصمیم گرفت.",
        "امنیت منطقه برای شورای شهر مهم است.",
    ]);
    let explained = |explain: bool| {
        let options = SearchOptions {
            explain,
            ..SearchOptions::default()
        };
        index.search("شورای امنیت", &options).unwrap()
    };
    let results = explained(true);
    for hit in &results.hits {
        let parts = hit.explain.expect("parts with explain");
        assert!((parts.total() - hit.score).abs() < 1e-4);
        assert!(parts.coverage > 0.0 && parts.bm25 > 0.0);
    }
    let first = results.hits[0].explain.unwrap();
    let second = results.hits[1].explain.unwrap();
    assert!(first.proximity > second.proximity, "{first:?} {second:?}");
    assert!(explained(false).hits.iter().all(|h| h.explain.is_none()));
}

#[test]
fn related_forms_of_a_word_are_found_below_the_word_as_typed() {
    // «سالی» (a year) and «سال» (year): the index keeps them apart.
    let (_dir, index) = index_of(&[
        "مردم هر سال در نوروز به دیدار خویشان می روند.",
        "سالی که گذشت برای کشاورزان خوب نبود.",
        "باران بهاری در شمال کشور زیاد بود.",
    ]);
    let results = search(&index, "چه سالی");
    assert_eq!(ids(&results), ["p2", "p1"]);
    assert!(results
        .expansions
        .iter()
        .any(|e| e.text == "سال" && e.origin == kavosh::query::Origin::Derived));
    // «چرب» finds «چربی», «آلوده» finds «آلودگی», «پستاندار» finds «پستانداران»
    let (_dir, index) = index_of(&[
        "چربی زیاد برای قلب زیان دارد.",
        "آلودگی هوای تهران در زمستان بیشتر است.",
        "نهنگ ها از پستانداران دریایی هستند.",
    ]);
    assert_eq!(ids(&search(&index, "چرب")), ["p1"]);
    assert_eq!(ids(&search(&index, "آلوده")), ["p2"]);
    assert_eq!(ids(&search(&index, "پستاندار")), ["p3"]);
}

#[test]
fn a_related_form_never_outranks_the_word_as_typed() {
    // the traps of stemming: «کشتی» (ship) is not «کشت» (farming), «همکاری»
    // (cooperation) not «همکار» (colleague); as weak alternatives of the
    // query they rank below every passage with the word as typed.
    let (_dir, index) = index_of(&[
        "کشت برنج و کشت گندم در شمال کشت اصلی کشاورزان است.",
        "کشتی در بندر لنگر انداخت.",
        "همکار من و همکار او در یک اداره همکار بودند.",
        "همکاری دو کشور در زمینه انرژی ادامه دارد.",
    ]);
    assert_eq!(ids(&search(&index, "کشتی"))[0], "p2");
    assert_eq!(ids(&search(&index, "همکاری"))[0], "p4");
    let exact = SearchOptions {
        related: false,
        ..SearchOptions::default()
    };
    assert_eq!(
        ids(&index.search("کشتی", &exact).unwrap()),
        ["p2"],
        "without related forms only the word as typed"
    );
}

/// Passages on the extinction of the dinosaurs (p1–p3; p3 never names them)
/// and two on other subjects.
const EXTINCTION: &[&str] = &[
    "دایناسورها در پایان دوره کرتاسه منقرض شدند؛ برخورد سیارک بزرگی با زمین آسمان را پر از غبار کرد.",
    "برخورد سیارک با زمین باعث انقراض دایناسورها شد و غبار آسمان را پوشاند.",
    "پس از برخورد سیارک غبار فراوانی به آسمان رفت و نور خورشید تا سالها به زمین نرسید.",
    "بازار سهام تهران امروز رشد کرد و شاخص بورس بالا رفت.",
    "تیم ملی فوتبال ایران در ورزشگاه آزادی بازی کرد.",
];

#[test]
fn feedback_finds_a_passage_that_shares_no_typed_word() {
    let (_dir, index) = index_of(EXTINCTION);
    // without feedback (the default) only the passages naming the dinosaurs
    let plain = search(&index, "دایناسورها");
    assert_eq!(ids(&plain).len(), 2, "{:?}", ids(&plain));
    assert!(plain.feedback.is_empty());
    let options = SearchOptions {
        limit: 50,
        explain: true,
        feedback: Some(kavosh::search::Feedback::default()),
        ..SearchOptions::default()
    };
    let results = index.search("دایناسورها", &options).unwrap();
    assert_eq!(
        ids(&results)[..2],
        ids(&plain)[..],
        "the typed word still ranks first"
    );
    assert!(
        ids(&results).contains(&"p3".to_string()),
        "{:?}",
        ids(&results)
    );
    let p3 = results.hits.iter().find(|h| h.id == "p3").unwrap();
    let parts = p3.explain.unwrap();
    assert_eq!(parts.coverage, 0.0);
    assert!(parts.feedback > 0.0 && (parts.total() - p3.score).abs() < 1e-4);
    // the terms two of the best passages share, never a stop word
    let terms: Vec<&str> = results.feedback.iter().map(|t| t.term.as_str()).collect();
    assert!(
        terms.contains(&"سیارک") && terms.contains(&"غبار"),
        "{terms:?}"
    );
    assert!(!terms.iter().any(|t| ["با", "را", "و"].contains(t)));
    // passages on other subjects are not found through feedback
    assert!(!ids(&results).contains(&"p4".to_string()));
}

#[test]
fn feedback_on_the_command_line() {
    let (dir, _index) = index_of(EXTINCTION);
    let index = dir.path().join("index");
    let search = |extra: &[&str]| {
        let args: Vec<&str> = ["دایناسورها", "--explain"]
            .iter()
            .chain(extra)
            .copied()
            .collect();
        common::search_json(&index, &args)
    };
    let plain = search(&[]);
    assert_eq!(plain["hits"].as_array().unwrap().len(), 2);
    assert!(plain.get("feedback").is_none());
    let fed = search(&["--feedback-terms", "5"]);
    assert!(fed["feedback"].as_array().unwrap().len() <= 5);
    assert!(fed["hits"].as_array().unwrap().len() > 2);
    assert!(fed["hits"][2]["explain"]["feedback"].as_f64().unwrap() > 0.0);
    // a weight out of range is a usage error that says what to give
    common::kavosh()
        .args(["search", "دایناسورها", "--feedback-weight", "3", "--index"])
        .arg(&index)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("at most 1"));
}
