//! Lowercases and folds accents in Latin-script (and other non-Arabic)
//! tokens: "Café" → "cafe", "Ahmadinejad" → "ahmadinejad".

use unicode_normalization::char::{decompose_compatible, is_combining_mark};

use super::diacritics::is_diacritic;
use super::filter::{rewrite_terms, TokenFilter};
use super::token::{Script, Token};

fn fold_special(c: char) -> Option<&'static str> {
    Some(match c {
        'ß' => "ss",
        'æ' | 'Æ' => "ae",
        'œ' | 'Œ' => "oe",
        'ø' | 'Ø' => "o",
        'ł' | 'Ł' => "l",
        'đ' | 'Đ' | 'ð' | 'Ð' => "d",
        'þ' | 'Þ' => "th",
        'ı' => "i",
        '\u{2019}' | '\u{2018}' | '`' | '\'' => "'",
        _ => return None,
    })
}

/// Lowercase + accent folding for tokens outside the Arabic script.
///
/// ```
/// use kavosh::analysis::{LatinFolding, TokenFilter, WordTokenizer};
/// let text = "Café Gazprom";
/// let mut tokens = WordTokenizer.tokenize(text);
/// LatinFolding.apply(text, &mut tokens);
/// assert_eq!(tokens[0].term, "cafe");
/// assert_eq!(tokens[1].term, "gazprom");
/// ```
#[derive(Debug, Clone, Copy, Default)]
pub struct LatinFolding;

impl TokenFilter for LatinFolding {
    fn name(&self) -> &'static str {
        "latin-folding"
    }

    fn apply(&self, _text: &str, tokens: &mut Vec<Token>) {
        rewrite_terms(tokens, |token, out| {
            let term = &token.term;
            // A Persian word is left alone, unless characters of other
            // scripts are glued to it («ۥOR», whose small waw the
            // diacritics filter removed; «¼ً»): those are folded as in any
            // other word.
            if token.script == Script::Persian
                && term
                    .chars()
                    .all(|c| Script::is_arabic_char(c) || (c.is_ascii() && !c.is_ascii_uppercase()))
            {
                return false;
            }
            if term
                .bytes()
                .all(|b| b.is_ascii() && !b.is_ascii_uppercase())
            {
                return false;
            }
            if term.is_ascii() {
                out.push_str(&term.to_ascii_lowercase());
                return true;
            }
            // Compatibility decomposition, one character at a time: the
            // punctuation it brings («⑴» → «(1)», «½» → «1⁄2») is dropped,
            // so that a folded term, folded again, is itself.
            let mut parts = String::new();
            for original in term.chars() {
                if Script::is_arabic_char(original) {
                    if !is_combining_mark(original) && !is_diacritic(original) {
                        out.push(original);
                    }
                    continue;
                }
                parts.clear();
                decompose_compatible(original, |c| parts.push(c));
                let composite = parts.chars().ne(std::iter::once(original));
                for c in parts.chars() {
                    if is_combining_mark(c) || (composite && !c.is_alphanumeric()) {
                        continue;
                    }
                    for c in c.to_lowercase() {
                        match fold_special(c) {
                            Some(s) => out.push_str(s),
                            None => out.push(c),
                        }
                    }
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
        LatinFolding.apply(text, &mut tokens);
        tokens.into_iter().map(|t| t.term).collect()
    }

    #[test]
    fn lowercase() {
        assert_eq!(run("Caspian SEA Putin"), ["caspian", "sea", "putin"]);
        assert_eq!(run("IAEA"), ["iaea"]);
    }

    #[test]
    fn accents_fold() {
        assert_eq!(run("Café naïve Müller"), ["cafe", "naive", "muller"]);
        assert_eq!(run("Gdańsk Łódź"), ["gdansk", "lodz"]);
        assert_eq!(run("Straße"), ["strasse"]);
        assert_eq!(run("Rūmī"), ["rumi"]);
    }

    #[test]
    fn other_scripts_lowercase_too() {
        assert_eq!(run("Москва"), ["москва"]);
    }

    #[test]
    fn persian_is_untouched() {
        assert_eq!(run("تهران"), ["تهران"]);
    }
}
