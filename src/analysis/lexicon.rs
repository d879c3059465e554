//! The Persian word list with frequencies (`data/fa-words.tsv`), built from
//! real Persian text by `examples/build_lexicon.rs`.
//!
//! The stemmer asks it whether what remains after removing a suffix is a
//! real word; the decompounder asks whether the parts of a glued word are.
//! It is compiled into the binary and parsed once, on first use.

use rustc_hash::FxHashMap;
use std::sync::OnceLock;

const WORDS_TSV: &str = include_str!("../../data/fa-words.tsv");

/// Word → how often it occurs in the corpus the list was built from.
#[derive(Debug, Default)]
pub struct Lexicon {
    counts: FxHashMap<Box<str>, u32>,
}

impl Lexicon {
    /// Parses `word<TAB>count` lines; `#` lines are comments.
    pub fn parse(tsv: &str) -> Lexicon {
        let counts = tsv
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| {
                let (word, count) = l.split_once('\t')?;
                Some((word.into(), count.trim().parse().ok()?))
            })
            .collect();
        Lexicon { counts }
    }

    /// The list shipped with kavosh.
    ///
    /// ```
    /// let lexicon = kavosh::analysis::lexicon::Lexicon::persian();
    /// assert!(lexicon.count("ایران") > 1000);
    /// assert_eq!(lexicon.count("خلیجفارس"), 0);
    /// ```
    pub fn persian() -> &'static Lexicon {
        static LEXICON: OnceLock<Lexicon> = OnceLock::new();
        LEXICON.get_or_init(|| Lexicon::parse(WORDS_TSV))
    }

    /// How often `word` (in analysed form) was seen; 0 when never.
    pub fn count(&self, word: &str) -> u32 {
        self.counts.get(word).copied().unwrap_or(0)
    }

    /// Every word of the list with its count (in no particular order).
    pub fn words(&self) -> impl Iterator<Item = (&str, u32)> {
        self.counts.iter().map(|(w, c)| (w.as_ref(), *c))
    }

    /// Number of words in the list.
    pub fn len(&self) -> usize {
        self.counts.len()
    }

    /// True when the list is empty.
    pub fn is_empty(&self) -> bool {
        self.counts.is_empty()
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
    }
}
