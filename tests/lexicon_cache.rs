//! The analysed bilingual lexicon cached in the index folder, through the
//! command line: written by `kavosh index`, used by searches, rebuilt when
//! stale or damaged, with the user's `--lexicon` entries on top.

mod common;

use std::path::Path;

use common::{index_article_cli, search_json};
use kavosh::bilingual::cache::{self, CachedLexicon, FILE_NAME};
use kavosh::bilingual::BilingualLexicon;

fn cache_is_current(index: &Path) -> bool {
    let bytes = std::fs::read(index.join(FILE_NAME)).unwrap();
    CachedLexicon::from_bytes(bytes, cache::builtin_key()).is_some()
}

#[test]
fn the_cache_is_written_by_indexing_and_rebuilt_when_stale_or_damaged() {
    let (_dir, index) = index_article_cli();
    assert!(cache_is_current(&index));
    let fresh = search_json(&index, &["Caspian"]);
    assert!(fresh["total_hits"].as_u64().unwrap() > 0);
    assert!(fresh["expansions"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["text"] == "دریای خزر" && e["source"]["file"] == "en-fa.tsv"));

    // A cache made by another analyzer or lexicon, which translates
    // Caspian otherwise: not used, and replaced.
    let mut old = BilingualLexicon::default();
    old.add_tsv("en-fa.tsv", "Caspian\tکاسپیان\tsea\n").unwrap();
    cache::write(&index, &old, cache::builtin_key() ^ 1).unwrap();
    assert_eq!(search_json(&index, &["Caspian"]), fresh);
    assert!(cache_is_current(&index));

    // Damaged files: garbage, cut short, empty, one bit flipped in the
    // page checksums, one in the key every lookup compares first (the
    // middle one): found when the search reads it.
    let good = std::fs::read(index.join(FILE_NAME)).unwrap();
    let word = |at: usize, n: usize| {
        let mut le = [0u8; 8];
        le[..n].copy_from_slice(&good[at..at + n]);
        u64::from_le_bytes(le) as usize
    };
    let body_at = good.len() - word(24, 8);
    let (strings, keys) = (word(body_at + 8, 4), word(body_at + 12, 4));
    let middle_key = body_at + 4 * 6 + 4 * (strings + 1) + 4 * 5 * (keys / 2);
    let flipped = |at: usize| {
        let mut bytes = good.clone();
        bytes[at] ^= 0x01;
        bytes
    };
    for damaged in [
        b"not a cache".to_vec(),
        good[..good.len() / 3].to_vec(),
        Vec::new(),
        flipped(40),
        flipped(middle_key),
    ] {
        std::fs::write(index.join(FILE_NAME), damaged).unwrap();
        assert_eq!(search_json(&index, &["Caspian"]), fresh);
        assert_eq!(std::fs::read(index.join(FILE_NAME)).unwrap(), good);
    }

    // --no-expand never needs the lexicon.
    std::fs::remove_file(index.join(FILE_NAME)).unwrap();
    search_json(&index, &["Caspian", "--no-expand"]);
    assert!(!index.join(FILE_NAME).exists());
}

#[test]
fn user_lexicon_entries_go_on_top_of_the_cached_lexicon() {
    let (dir, index) = index_article_cli();
    // A new name, and a second Persian spelling for a key the shipped
    // lexicon has (Volga → ولگا): both searched, the shipped one first.
    let mine = dir.path().join("mine.tsv");
    std::fs::write(
        &mine,
        "Kalyuzhny envoy\tکالیوژنی\tperson\nVolga\tرودخانه بزرگ ولگا\triver\n",
    )
    .unwrap();
    let mine_arg = mine.to_str().unwrap();
    let v = search_json(&index, &["Kalyuzhny envoy", "--lexicon", mine_arg]);
    assert!(v["total_hits"].as_u64().unwrap() > 0);
    assert_eq!(v["expansions"][0]["text"], "کالیوژنی");
    assert_eq!(v["expansions"][0]["source"]["file"], mine_arg);

    let v = search_json(&index, &["Volga", "--lexicon", mine_arg]);
    let sources: Vec<(&str, &str)> = v["expansions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["text"].as_str().unwrap(),
                e["source"]["file"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(sources.first(), Some(&("ولگا", "en-fa.tsv")));
    assert!(
        sources.contains(&("رودخانه بزرگ ولگا", mine_arg)),
        "{sources:?}"
    );
    // Without the file, only the shipped translation.
    let v = search_json(&index, &["Volga"]);
    assert!(!v["expansions"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["text"] == "رودخانه بزرگ ولگا"));
}
