//! Removes invisible marks from terms: ZWNJ, ZWJ, direction marks, bidi
//! controls, BOM, soft hyphen.
//!
//! Removing the ZWNJ (U+200C) is the first half of kavosh's ZWNJ policy:
//! «می‌شود» and «میشود», «هسته‌ای» and «هستهای» become the same term. The
//! second half, for spellings with a space («می شود»), is
//! [`AffixJoiner`](super::AffixJoiner).

use super::filter::{rewrite_terms, TokenFilter};
use super::token::Token;

/// True for characters that have no visible form and carry no letter.
pub fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{200B}'..='\u{200F}'   // ZWSP, ZWNJ, ZWJ, LRM, RLM
        | '\u{202A}'..='\u{202E}' // LRE, RLE, PDF, LRO, RLO
        | '\u{2060}'..='\u{2064}' // word joiner, invisible operators
        | '\u{2066}'..='\u{2069}' // LRI, RLI, FSI, PDI
        | '\u{061C}'              // Arabic letter mark
        | '\u{FEFF}'              // BOM / zero-width no-break space
        | '\u{00AD}'              // soft hyphen
        | '\u{034F}'              // combining grapheme joiner
    )
}

/// Drops invisible marks from every token.
///
/// ```
/// use kavosh::analysis::{InvisibleMarks, TokenFilter, WordTokenizer};
/// let text = "هسته\u{200c}ای";
/// let mut tokens = WordTokenizer.tokenize(text);
/// InvisibleMarks.apply(text, &mut tokens);
/// assert_eq!(tokens[0].term, "هستهای");
/// ```
#[derive(Debug, Clone, Copy, Default)]
pub struct InvisibleMarks;

/// False when `term` surely has no invisible mark: none of the bytes that
/// start or end their UTF-8 forms (C2 AD, CD 8F, D8 9C, E2 80–81 …, EF BB BF)
/// is there. A byte scan, cheaper than decoding the characters.
fn may_have_invisible(term: &str) -> bool {
    term.bytes()
        .any(|b| matches!(b, 0xC2 | 0xCD | 0xE2 | 0xEF | 0x9C))
}

impl TokenFilter for InvisibleMarks {
    fn name(&self) -> &'static str {
        "invisible-marks"
    }

    fn apply(&self, _text: &str, tokens: &mut Vec<Token>) {
        rewrite_terms(tokens, |token, out| {
            if !may_have_invisible(&token.term) || !token.term.chars().any(is_invisible) {
                return false;
            }
            out.extend(token.term.chars().filter(|&c| !is_invisible(c)));
            true
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::WordTokenizer;

    fn run(text: &str) -> Vec<String> {
        let mut tokens = WordTokenizer.tokenize(text);
        InvisibleMarks.apply(text, &mut tokens);
        tokens.into_iter().map(|t| t.term).collect()
    }

    #[test]
    fn zwnj_spellings_meet() {
        assert_eq!(run("می\u{200c}شود"), run("میشود"));
        assert_eq!(run("هسته\u{200c}ای"), ["هستهای"]);
        assert_eq!(run("احمدی\u{200c}نژاد"), ["احمدینژاد"]);
        assert_eq!(run("بین\u{200c}المللی"), ["بینالمللی"]);
    }

    #[test]
    fn bidi_and_joiners_are_dropped() {
        assert_eq!(run("\u{200f}ایران\u{200e}"), ["ایران"]);
        assert_eq!(run("\u{202b}روسیه\u{202c}"), ["روسیه"]);
        assert_eq!(run("\u{feff}تهران"), ["تهران"]);
        assert_eq!(run("مس\u{200d}کو"), ["مسکو"]);
        assert_eq!(run("\u{2067}پوتین\u{2069}"), ["پوتین"]);
        assert_eq!(run("inter\u{00ad}national"), ["international"]);
    }

    #[test]
    fn the_byte_scan_sees_every_invisible_mark() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            if is_invisible(c) {
                let in_a_word = format!("می{c}شود");
                assert!(may_have_invisible(&in_a_word), "U+{:04X}", c as u32);
            }
        }
        assert!(!may_have_invisible("کشورهای خلیجفارس Caspian ۱۳۸۶"));
    }

    #[test]
    fn offsets_still_cover_the_marks() {
        let text = "می\u{200c}شود";
        let mut tokens = WordTokenizer.tokenize(text);
        InvisibleMarks.apply(text, &mut tokens);
        assert_eq!((tokens[0].start, tokens[0].end), (0, text.len()));
    }
}
