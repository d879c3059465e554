//! Removes Arabic diacritics (harakat, tanwin, shadda, sukun, superscript
//! alef, hamza above/below marks) and the tatweel (kashida, U+0640).
//!
//! Persian is normally written without short vowels; a user who types
//! «کِشتی» or a text that has «اروپـا» stretched with tatweel must still meet
//! «کشتی» and «اروپا».

use super::filter::{rewrite_terms, TokenFilter};
use super::token::Token;

/// True for the marks this filter removes: U+064B–U+065F, U+0670, U+0640,
/// and the Quranic annotation marks U+0610–U+061A and U+06D6–U+06ED.
pub fn is_diacritic(c: char) -> bool {
    matches!(c, '\u{0610}'..='\u{061A}' | '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}' | '\u{06D6}'..='\u{06DC}' | '\u{06DF}'..='\u{06E8}' | '\u{06EA}'..='\u{06ED}')
}

/// Drops diacritics and tatweel from Arabic-script tokens (and from digit
/// tokens such as «2ـ», a numbered heading).
///
/// ```
/// use kavosh::analysis::{Diacritics, TokenFilter, WordTokenizer};
/// let text = "کِشتی اروپـا";
/// let mut tokens = WordTokenizer.tokenize(text);
/// Diacritics.apply(text, &mut tokens);
/// assert_eq!(tokens[0].term, "کشتی");
/// assert_eq!(tokens[1].term, "اروپا");
/// ```
#[derive(Debug, Clone, Copy, Default)]
pub struct Diacritics;

impl TokenFilter for Diacritics {
    fn name(&self) -> &'static str {
        "diacritics"
    }

    fn apply(&self, _text: &str, tokens: &mut Vec<Token>) {
        rewrite_terms(tokens, |token, out| {
            if token.term.is_ascii() || !token.term.chars().any(is_diacritic) {
                return false;
            }
            out.extend(token.term.chars().filter(|&c| !is_diacritic(c)));
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
        Diacritics.apply(text, &mut tokens);
        tokens.into_iter().map(|t| t.term).collect()
    }

    #[test]
    fn harakat_are_removed() {
        assert_eq!(run("کِشتی"), ["کشتی"]);
        assert_eq!(run("مُحَمَّد"), ["محمد"]);
        assert_eq!(run("دولتِ"), ["دولت"]);
    }

    #[test]
    fn tanwin_shadda_sukun_and_superscript_alef() {
        assert_eq!(run("اساساً"), ["اساسا"]);
        assert_eq!(run("فوراً"), ["فورا"]);
        assert_eq!(run("مسلّح"), ["مسلح"]);
        assert_eq!(run("مَسْکو"), ["مسکو"]);
        assert_eq!(run("رحمٰن"), ["رحمن"]);
    }

    #[test]
    fn hamza_above_on_heh_goes() {
        // «هٔ» (heh + U+0654) is the written ezafe: «خانهٔ» → «خانه».
        assert_eq!(run("خانهٔ"), ["خانه"]);
    }

    #[test]
    fn tatweel_is_removed() {
        assert_eq!(run("اروپـا"), ["اروپا"]);
        assert_eq!(run("ایــــران"), ["ایران"]);
        assert_eq!(run("2ـ"), ["2"]);
    }

    #[test]
    fn highlight_span_keeps_the_marks() {
        let text = "در اروپـا";
        let mut tokens = WordTokenizer.tokenize(text);
        Diacritics.apply(text, &mut tokens);
        assert_eq!(tokens[1].original(text), "اروپـا");
    }
}
