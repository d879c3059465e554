//! Maps Persian (U+06F0–U+06F9) and Arabic-Indic (U+0660–U+0669) digits to
//! ASCII, and the Arabic decimal and thousands separators to `.` and `,`.
//!
//! Persian text writes years and numbers in Persian digits («۱۳۸۶»), English
//! text and many Persian sites in ASCII ones («1386»): each finds the other.

use super::filter::{rewrite_terms, TokenFilter};
use super::token::Token;

/// The ASCII form of a Persian or Arabic-Indic digit or separator.
pub fn fold_digit(c: char) -> Option<char> {
    match c {
        '\u{06F0}'..='\u{06F9}' => char::from_digit(c as u32 - 0x06F0, 10),
        '\u{0660}'..='\u{0669}' => char::from_digit(c as u32 - 0x0660, 10),
        '\u{066B}' => Some('.'),
        '\u{066C}' => Some(','),
        _ => None,
    }
}

/// Folds Persian and Arabic-Indic digits in every token.
///
/// ```
/// use kavosh::analysis::{Digits, TokenFilter, WordTokenizer};
/// let text = "سال ۱۳۸۶";
/// let mut tokens = WordTokenizer.tokenize(text);
/// Digits.apply(text, &mut tokens);
/// assert_eq!(tokens[1].term, "1386");
/// ```
#[derive(Debug, Clone, Copy, Default)]
pub struct Digits;

impl TokenFilter for Digits {
    fn name(&self) -> &'static str {
        "digits"
    }

    fn apply(&self, _text: &str, tokens: &mut Vec<Token>) {
        rewrite_terms(tokens, |token, out| {
            if token.term.is_ascii() || !token.term.chars().any(|c| fold_digit(c).is_some()) {
                return false;
            }
            // A separator becomes `.` or `,` only between digits («۳٫۵» →
            // «3.5»); elsewhere («ایران٫1386») it stays, so that the term
            // segments the same way when analysed again.
            let chars: Vec<char> = token.term.chars().collect();
            let digit = |i: Option<&char>| {
                i.is_some_and(|c| {
                    c.is_ascii_digit() || fold_digit(*c).is_some_and(|d| d.is_ascii_digit())
                })
            };
            for (i, &c) in chars.iter().enumerate() {
                let separator = matches!(c, '\u{066B}' | '\u{066C}');
                let between = i > 0 && digit(chars.get(i - 1)) && digit(chars.get(i + 1));
                match fold_digit(c) {
                    Some(folded) if !separator || between => out.push(folded),
                    _ => out.push(c),
                }
            }
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
        Digits.apply(text, &mut tokens);
        tokens.into_iter().map(|t| t.term).collect()
    }

    #[test]
    fn persian_digits() {
        assert_eq!(run("۱۳۸۶"), ["1386"]);
        assert_eq!(run("۲۰۰۵"), ["2005"]);
        assert_eq!(run("۱۷ مهر ۱۳۹۱"), ["17", "مهر", "1391"]);
        assert_eq!(run("شناسه خبر : ۲۴۲۱۶۰"), ["شناسه", "خبر", "242160"]);
    }

    #[test]
    fn arabic_indic_digits() {
        assert_eq!(run("٢٠٠٥"), ["2005"]);
        assert_eq!(run("١٣٨٦"), run("۱۳۸۶"));
    }

    #[test]
    fn separators() {
        assert_eq!(run("۱٫۵"), ["1.5"]);
        assert_eq!(run("۱٬۰۰۰"), ["1,000"]);
    }

    #[test]
    fn digits_inside_words() {
        assert_eq!(run("میگ۲۹"), ["میگ29"]);
        assert_eq!(run("S-300"), ["S", "300"]);
    }

    #[test]
    fn offsets_cover_persian_digits() {
        let text = "در ۱۳۸۶";
        let mut tokens = WordTokenizer.tokenize(text);
        Digits.apply(text, &mut tokens);
        assert_eq!(tokens[1].original(text), "۱۳۸۶");
    }
}
