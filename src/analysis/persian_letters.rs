//! Folds Arabic and Persian letter variants to one Persian form.
//!
//! Web text mixes Arabic keyboard letters with Persian ones (ي/ی, ك/ک), and
//! spells hamza and alef forms loosely (آمریکا/امریکا, مسائل/مسایل). Every
//! variant maps to the form a Persian keyboard produces, so that any spelling
//! finds the others. Arabic presentation forms (old PDFs) are first brought
//! back to base letters with NFKC.

use unicode_normalization::UnicodeNormalization;

use super::diacritics::is_diacritic;
use super::filter::{rewrite_terms, TokenFilter};
use super::token::{Script, Token};

/// The Persian letter a variant folds to, or `None` when `c` is not a variant.
///
/// | variants | folds to |
/// |---|---|
/// | ي ى ئ ې ۍ (Arabic yeh, alef maksura, yeh with hamza) | ی |
/// | ك ڪ ګ (Arabic kaf, swash kaf) | ک |
/// | ة ۀ ہ ھ ە ۃ (teh marbuta, heh forms) | ه |
/// | أ إ ٱ آ ٲ ٳ (hamza and madda alef forms) | ا |
/// | ؤ | و |
pub fn fold_letter(c: char) -> Option<char> {
    Some(match c {
        '\u{064A}' | '\u{0649}' | '\u{0626}' | '\u{06D0}' | '\u{06CD}' => 'ی',
        '\u{0643}' | '\u{06AA}' | '\u{06AB}' => 'ک',
        '\u{0629}' | '\u{06C0}' | '\u{06C1}' | '\u{06BE}' | '\u{06D5}' | '\u{06C3}' => 'ه',
        '\u{0623}' | '\u{0625}' | '\u{0671}' | '\u{0622}' | '\u{0672}' | '\u{0673}' => 'ا',
        '\u{0624}' => 'و',
        _ => return None,
    })
}

fn is_presentation_form(c: char) -> bool {
    matches!(c as u32, 0xFB50..=0xFDFF | 0xFE70..=0xFEFF | 0x1EE00..=0x1EEFF)
}

/// Folds letter variants in Arabic-script tokens.
///
/// ```
/// use kavosh::analysis::{PersianLetters, TokenFilter, WordTokenizer};
/// let text = "كشتيراني آمریکا";
/// let mut tokens = WordTokenizer.tokenize(text);
/// PersianLetters.apply(text, &mut tokens);
/// assert_eq!(tokens[0].term, "کشتیرانی");
/// assert_eq!(tokens[1].term, "امریکا");
/// ```
#[derive(Debug, Clone, Copy, Default)]
pub struct PersianLetters;

impl TokenFilter for PersianLetters {
    fn name(&self) -> &'static str {
        "persian-letters"
    }

    fn apply(&self, _text: &str, tokens: &mut Vec<Token>) {
        rewrite_terms(tokens, |token, out| {
            // Arabic letters glued to a Latin word («OR'ایرانھ») fold too.
            if token.script != Script::Persian && token.term.is_ascii() {
                return false;
            }
            let term = &token.term;
            // One pass: a presentation form anywhere decides, else a letter to fold.
            let mut folds = false;
            for c in term.chars() {
                if is_presentation_form(c) {
                    // A ligature may hold harakat or a tatweel («ﳲ» is «ـَّ»),
                    // which the diacritics filter has run too early to see.
                    let base: String = term.nfkc().filter(|&c| !is_diacritic(c)).collect();
                    out.extend(base.chars().map(|c| fold_letter(c).unwrap_or(c)));
                    return true;
                }
                folds = folds || fold_letter(c).is_some();
            }
            if !folds {
                return false;
            }
            out.extend(term.chars().map(|c| fold_letter(c).unwrap_or(c)));
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
        PersianLetters.apply(text, &mut tokens);
        tokens.into_iter().map(|t| t.term).collect()
    }

    fn same(a: &str, b: &str) {
        assert_eq!(run(a), run(b), "«{a}» and «{b}» must fold together");
    }

    #[test]
    fn arabic_yeh_and_kaf() {
        assert_eq!(run("كشتيراني"), ["کشتیرانی"]);
        same("سوريه", "سوریه");
        same("كوزوو", "کوزوو");
        same("اسرائيل", "اسرائیل");
        same("مصطفى", "مصطفی");
        same("كرملين", "کرملین");
    }

    #[test]
    fn heh_forms() {
        same("مدرسة", "مدرسه");
        same("خانۀ", "خانه");
        same("ھند", "هند");
    }

    #[test]
    fn alef_forms() {
        same("آمریکا", "امریکا");
        same("آستارا", "استارا");
        same("أمریکا", "امریکا");
        same("إسلام", "اسلام");
        same("ٱلله", "الله");
    }

    #[test]
    fn hamza_carriers() {
        same("مؤسسه", "موسسه");
        same("مسئول", "مسیول");
        same("مسائل", "مسایل");
        same("اروپائی", "اروپایی");
        same("رئیس", "رییس");
    }

    #[test]
    fn presentation_forms_come_back_to_letters() {
        // «ﺗﻬﺮﺍﻥ» typed with Arabic presentation forms, as old PDFs do.
        assert_eq!(run("\u{FE97}\u{FEEC}\u{FEAE}\u{FE8D}\u{FEE5}"), ["تهران"]);
        // lam-alef ligature
        assert_eq!(run("\u{FEFB}"), ["لا"]);
    }

    #[test]
    fn persian_letters_are_untouched() {
        for w in ["تهران", "ایران", "پوتین", "گرجستان", "ژئوپلتیک", "چین"]
        {
            let expected = if w == "ژئوپلتیک" {
                "ژیوپلتیک".to_string()
            } else {
                w.to_string()
            };
            assert_eq!(run(w), [expected]);
        }
    }

    #[test]
    fn latin_tokens_are_untouched() {
        assert_eq!(run("Kosovo"), ["Kosovo"]);
    }
}
