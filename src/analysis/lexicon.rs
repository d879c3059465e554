//! The Persian word list with frequencies (`data/fa-words.tsv`), built from
//! real Persian text by `examples/build_lexicon.rs`.
//!
//! The stemmer asks it whether what remains after removing a suffix is a
//! real word; the decompounder asks whether the parts of a glued word are.
//! `build.rs` turns it into a [`WordTable`] at compile time, embedded in the
//! binary: nothing is parsed or allocated when a process starts.

use std::borrow::Cow;

use super::word_table::{self, WordTable};

/// The shipped word list as a table, made by `build.rs` from `data/fa-words.tsv`.
const WORDS_TABLE: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/fa-words.table"));

/// Word → how often it occurs in the corpus the list was built from.
#[derive(Debug, Clone)]
pub struct Lexicon {
    table: Cow<'static, [u8]>,
}

impl Default for Lexicon {
    fn default() -> Self {
        Lexicon::parse("")
    }
}

impl Lexicon {
    /// Parses `word<TAB>count` lines; `#` lines are comments.
    pub fn parse(tsv: &str) -> Lexicon {
        Lexicon {
            table: Cow::Owned(word_table::build(tsv)),
        }
    }

    /// The list shipped with kavosh.
    ///
    /// ```
    /// let lexicon = kavosh::analysis::lexicon::Lexicon::persian();
    /// assert!(lexicon.count("ایران") > 1000);
    /// assert_eq!(lexicon.count("خلیجفارس"), 0);
    /// ```
    pub fn persian() -> &'static Lexicon {
        static LEXICON: Lexicon = Lexicon {
            table: Cow::Borrowed(WORDS_TABLE),
        };
        &LEXICON
    }

    fn table(&self) -> WordTable<'_> {
        // Both constructors hold a table made by `word_table::build`.
        WordTable::new(&self.table).expect("a word table made by word_table::build")
    }

    /// How often `word` (in analysed form) was seen; 0 when never.
    #[inline]
    pub fn count(&self, word: &str) -> u32 {
        self.table().get(word)
    }

    /// How often the word `a` + `b` was seen: [`count`](Self::count) of
    /// the two joined, without joining them.
    ///
    /// ```
    /// let lexicon = kavosh::analysis::lexicon::Lexicon::persian();
    /// assert_eq!(lexicon.count_concat("کشور", "ها"), lexicon.count("کشورها"));
    /// ```
    #[inline]
    pub fn count_concat(&self, a: &str, b: &str) -> u32 {
        self.table().get_concat(a, b)
    }

    /// Every word of the list with its count.
    pub fn words(&self) -> impl Iterator<Item = (&str, u32)> + '_ {
        self.table().words()
    }

    /// Number of words in the list.
    pub fn len(&self) -> usize {
        self.table().len()
    }

    /// True when the list is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_list_is_large_and_normalised() {
        let lexicon = Lexicon::persian();
        assert!(lexicon.len() > 20_000);
        assert!(lexicon.count("کشور") > lexicon.count("کشورها"));
        // Stored in analysed form: Persian letters, no alef madda.
        assert_eq!(lexicon.count("آسمان"), 0);
        assert!(lexicon.count("اسمان") > 0);
        assert_eq!(lexicon.count("كشور"), 0);
    }

    #[test]
    fn parse_skips_comments_and_bad_lines() {
        let lexicon = Lexicon::parse("# comment\nخزر\t29\nبد\nx\tnot-a-number\n");
        assert_eq!(lexicon.len(), 1);
        assert_eq!(lexicon.count("خزر"), 29);
        assert_eq!(lexicon.count("بد"), 0);
        assert_eq!(lexicon.words().collect::<Vec<_>>(), [("خزر", 29)]);
        assert!(Lexicon::parse("").is_empty());
        // A word given twice keeps its last count, as a map would.
        assert_eq!(Lexicon::parse("خزر\t1\nخزر\t7\n").count("خزر"), 7);
    }

    #[test]
    fn the_embedded_table_is_the_shipped_list() {
        // build.rs made the embedded table from the same file with the same code.
        let tsv = include_str!("../../data/fa-words.tsv");
        assert_eq!(WORDS_TABLE, word_table::build(tsv).as_slice());
        let listed = tsv
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| l.split_once('\t'))
            .collect::<Vec<_>>();
        for (word, count) in listed.iter().step_by(97) {
            assert_eq!(
                Lexicon::persian().count(word),
                count.trim().parse::<u32>().unwrap()
            );
        }
        // Every prefix of a listed word that is not listed counts 0 (probing ends).
        assert_eq!(Lexicon::persian().count("خلیجفارس"), 0);
        assert_eq!(Lexicon::persian().count(""), 0);
    }

    #[test]
    fn a_damaged_table_is_refused_or_answers_zero() {
        let table = word_table::build("خزر\t29\nایران\t5\n");
        assert!(WordTable::new(&table[..table.len() - 1]).is_some_and(|t| t.get("ایران") <= 5));
        assert!(WordTable::new(&table[..8]).is_none());
        assert!(WordTable::new(b"KVWT\x01\0\0\0\x03\0\0\0").is_none());
        let mut bad = table.clone();
        for b in bad.iter_mut().skip(12) {
            *b = 0xff;
        }
        let bad = WordTable::new(&bad).unwrap();
        assert_eq!(bad.get("خزر"), 0);
    }
}
