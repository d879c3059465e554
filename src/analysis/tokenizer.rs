//! Word tokenizer: Unicode word boundaries (UAX #29).
//!
//! Persian needs no special segmentation rule here: the ZWNJ (U+200C) and the
//! other invisible marks are `Extend`/`Format` characters in UAX #29, so
//! «می‌شود» stays one word, and «ان.پی.تی» stays one word like "U.S.".
//! Segments without a letter or digit (punctuation, spaces) are skipped.

use unicode_segmentation::UnicodeSegmentation;

use super::token::{Script, Token};

/// Longest term kept, in characters. Longer runs (base64, URLs glued into
/// text) are cut at a character boundary, not dropped, so that no word is
/// lost silently; tantivy's own limit is in bytes (about 20 Persian letters
/// with its default filter), which would drop real Persian compounds.
pub const MAX_TERM_CHARS: usize = 120;

/// Splits text into word tokens with byte offsets into the original text.
///
/// ```
/// use kavosh::analysis::WordTokenizer;
/// let tokens = WordTokenizer.tokenize("روابط ایران و روسیه (2012)");
/// let words: Vec<&str> = tokens.iter().map(|t| t.term.as_str()).collect();
/// assert_eq!(words, ["روابط", "ایران", "و", "روسیه", "2012"]);
/// ```
#[derive(Debug, Clone, Copy, Default)]
pub struct WordTokenizer;

impl WordTokenizer {
    /// Tokenises `text`; terms are the original characters, not yet normalised.
    pub fn tokenize(&self, text: &str) -> Vec<Token> {
        let mut tokens = Vec::new();
        self.tokenize_into(text, &mut tokens);
        tokens
    }

    /// Tokenises `text` into `out` (cleared first), reusing its allocation.
    pub fn tokenize_into(&self, text: &str, out: &mut Vec<Token>) {
        out.clear();
        for (start, word) in text.split_word_bound_indices() {
            if !word.chars().any(Script::is_word_char) {
                continue;
            }
            let term = match word.char_indices().nth(MAX_TERM_CHARS) {
                Some((cut, _)) => word[..cut].to_string(),
                None => word.to_string(),
            };
            out.push(Token {
                term,
                start,
                end: start + word.len(),
                position: out.len(),
                script: Script::of(word),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        WordTokenizer
            .tokenize(text)
            .into_iter()
            .map(|t| t.term)
            .collect()
    }

    #[test]
    fn zwnj_keeps_a_word_whole() {
        assert_eq!(
            words("این کار می\u{200c}شود"),
            ["این", "کار", "می\u{200c}شود"]
        );
        assert_eq!(
            words("برنامه هسته\u{200c}ای ایران"),
            ["برنامه", "هسته\u{200c}ای", "ایران"]
        );
    }

    #[test]
    fn persian_punctuation_separates_words() {
        assert_eq!(
            words("ایران، روسیه؛ «دریای خزر»؟"),
            ["ایران", "روسیه", "دریای", "خزر"]
        );
    }

    #[test]
    fn dotted_acronym_is_one_word() {
        assert_eq!(words("پیمان ان.پی.تی را"), ["پیمان", "ان.پی.تی", "را"]);
    }

    #[test]
    fn tatweel_and_diacritics_stay_inside_the_word() {
        assert_eq!(words("اروپـا و کِشتی"), ["اروپـا", "و", "کِشتی"]);
    }

    #[test]
    fn offsets_are_bytes_of_the_original() {
        let text = "سفر پوتین به تهران";
        for t in WordTokenizer.tokenize(text) {
            assert_eq!(&text[t.start..t.end], t.term);
        }
        let t = &WordTokenizer.tokenize(text)[1];
        assert_eq!((t.start, t.end, t.position), (7, 17, 1));
    }

    #[test]
    fn time_and_numbers() {
        assert_eq!(
            words("ساعت ۱۰:۳۰ روز ۱۷ مهر ۱۳۹۱"),
            ["ساعت", "۱۰", "۳۰", "روز", "۱۷", "مهر", "۱۳۹۱"]
        );
        assert_eq!(
            words("2ـ همکاریهای دو کشور"),
            ["2ـ", "همکاریهای", "دو", "کشور"]
        );
    }

    #[test]
    fn long_words_are_cut_not_dropped() {
        let long = "ب".repeat(300);
        let tokens = WordTokenizer.tokenize(&long);
        assert_eq!(tokens.len(), 1);
        assert_eq!(tokens[0].term.chars().count(), MAX_TERM_CHARS);
        assert_eq!(
            tokens[0].end,
            long.len(),
            "the span still covers the whole word"
        );
        // A 25-letter Persian compound (50 bytes) is kept whole.
        let compound = "اتحادجماهیرشورویسوسیالیستی";
        assert_eq!(words(compound), [compound]);
    }

    #[test]
    fn mixed_scripts() {
        let tokens = WordTokenizer.tokenize("Putin پوتین 2007");
        let scripts: Vec<Script> = tokens.iter().map(|t| t.script).collect();
        assert_eq!(scripts, [Script::Latin, Script::Persian, Script::Number]);
    }
}
