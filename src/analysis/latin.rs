//! Lowercases and folds accents in Latin-script (and other non-Arabic)
//! tokens: "Café" → "cafe", "Ahmadinejad" → "ahmadinejad".

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

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
            if token.script == Script::Persian {
                return false;
            }
            let term = &token.term;
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
            for c in term.nfkd() {
                if is_combining_mark(c) {
                    continue;
                }
                match fold_special(c) {
                    Some(s) => out.push_str(s),
                    None => out.extend(c.to_lowercase()),
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
