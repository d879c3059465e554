//! Joins Persian affixes written as separate words: the space-spelling half
//! of kavosh's ZWNJ policy.
//!
//! Persian attaches the verb prefixes «می»/«نمی», the plural «ها», the
//! comparative «تر»/«ترین» and, after a final «ه», the clitics «ای», «ام»,
//! «اند»… with a ZWNJ. Writers also type a space there, or nothing at all.
//! The policy:
//!
//! * inside a word the ZWNJ is dropped ([`InvisibleMarks`](super::InvisibleMarks)):
//!   «می‌شود» → «میشود», «هسته‌ای» → «هستهای»;
//! * an affix separated by a space is joined to its word here:
//!   «می شود» → «میشود», «هسته ای» → «هستهای», «کشور ها» → «کشورها».
//!
//! So all three spellings give one term, at index and at query time. The
//! joined token spans both words in the original text (space included), so
//! a highlight covers what the writer typed. Only whitespace and invisible
//! marks may stand between the two words: «گفته، ای دوست» is left alone.

use super::filter::TokenFilter;
use super::invisible::is_invisible;
use super::token::{Script, Token};

/// Prefixes joined to the following word.
const PREFIXES: &[&str] = &["می", "نمی"];

/// Suffixes joined to the preceding word whatever its last letter.
const SUFFIXES: &[&str] = &[
    "ها",
    "های",
    "هایی",
    "هایم",
    "هایت",
    "هایش",
    "هایمان",
    "هایتان",
    "هایشان",
    "تر",
    "ترین",
];

/// Clitics joined only after a word ending in «ه» (هسته ای, رفته اند, خانه ام).
const AFTER_HEH: &[&str] = &["ای", "ام", "ات", "اش", "اند", "ایم", "اید", "ی"];

/// Joins detached Persian affixes to their word.
///
/// ```
/// use kavosh::analysis::{AffixJoiner, TokenFilter, WordTokenizer};
/// let text = "برنامه هسته ای که اجرا می شود";
/// let mut tokens = WordTokenizer.tokenize(text);
/// AffixJoiner.apply(text, &mut tokens);
/// let terms: Vec<&str> = tokens.iter().map(|t| t.term.as_str()).collect();
/// assert_eq!(terms, ["برنامه", "هستهای", "که", "اجرا", "میشود"]);
/// ```
#[derive(Debug, Clone, Copy, Default)]
pub struct AffixJoiner;

fn only_space_between(text: &str, a: &Token, b: &Token) -> bool {
    a.end <= b.start
        && text
            .get(a.end..b.start)
            .is_some_and(|gap| gap.chars().all(|c| c.is_whitespace() || is_invisible(c)))
}

fn joins(prev: &Token, next: &Token) -> bool {
    if prev.script != Script::Persian || next.script != Script::Persian {
        return false;
    }
    if PREFIXES.contains(&prev.term.as_str()) {
        return next.term.chars().count() >= 2;
    }
    if prev.term.chars().count() < 2 {
        return false;
    }
    SUFFIXES.contains(&next.term.as_str())
        || (prev.term.ends_with('ه') && AFTER_HEH.contains(&next.term.as_str()))
}

impl TokenFilter for AffixJoiner {
    fn name(&self) -> &'static str {
        "affix-joiner"
    }

    fn apply(&self, text: &str, tokens: &mut Vec<Token>) {
        if tokens.len() < 2 {
            return;
        }
        let mut out: Vec<Token> = Vec::with_capacity(tokens.len());
        for token in tokens.drain(..) {
            if let Some(prev) = out.last_mut() {
                if prev.position + 1 == token.position
                    && only_space_between(text, prev, &token)
                    && joins(prev, &token)
                {
                    prev.term.push_str(&token.term);
                    prev.end = token.end;
                    continue;
                }
            }
            out.push(token);
        }
        *tokens = out;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{InvisibleMarks, WordTokenizer};

    fn run(text: &str) -> Vec<String> {
        let mut tokens = WordTokenizer.tokenize(text);
        InvisibleMarks.apply(text, &mut tokens);
        AffixJoiner.apply(text, &mut tokens);
        tokens.into_iter().map(|t| t.term).collect()
    }

    fn all_three(zwnj: &str, glued: &str, spaced: &str) {
        let (a, b, c) = (run(zwnj), run(glued), run(spaced));
        assert_eq!(a, b, "«{zwnj}» vs «{glued}»");
        assert_eq!(b, c, "«{glued}» vs «{spaced}»");
        assert_eq!(a.len(), 1);
    }

    #[test]
    fn verb_prefix_three_spellings() {
        all_three("می\u{200c}شود", "میشود", "می شود");
        all_three("نمی\u{200c}توانند", "نمیتوانند", "نمی توانند");
        all_three("می\u{200c}پردازند", "میپردازند", "می پردازند");
    }

    #[test]
    fn plural_and_comparative_three_spellings() {
        all_three("کشور\u{200c}ها", "کشورها", "کشور ها");
        all_three("همکاری\u{200c}های", "همکاریهای", "همکاری های");
        all_three("بزرگ\u{200c}ترین", "بزرگترین", "بزرگ ترین");
        all_three("مهم\u{200c}تر", "مهمتر", "مهم تر");
    }

    #[test]
    fn clitics_after_heh_three_spellings() {
        all_three("هسته\u{200c}ای", "هستهای", "هسته ای");
        all_three("منطقه\u{200c}ای", "منطقهای", "منطقه ای");
        all_three("کرده\u{200c}اند", "کردهاند", "کرده اند");
    }

    #[test]
    fn clitic_after_other_letters_is_a_word() {
        // «ای» after a word not ending in «ه» is the vocative: «ای ایران».
        assert_eq!(run("گفت ای ایران"), ["گفت", "ای", "ایران"]);
    }

    #[test]
    fn punctuation_blocks_joining() {
        assert_eq!(run("رفته، ای دوست"), ["رفته", "ای", "دوست"]);
        assert_eq!(run("می. شود"), ["می", "شود"]);
    }

    #[test]
    fn joined_span_covers_both_words() {
        let text = "نیروگاه هسته ای بوشهر";
        let mut tokens = WordTokenizer.tokenize(text);
        AffixJoiner.apply(text, &mut tokens);
        assert_eq!(tokens[1].original(text), "هسته ای");
        assert_eq!(tokens[2].term, "بوشهر");
    }

    #[test]
    fn independent_words_are_not_joined() {
        assert_eq!(run("ایران و روسیه"), ["ایران", "و", "روسیه"]);
        assert_eq!(run("می و"), ["می", "و"]);
        assert_eq!(run("هند"), ["هند"]);
        assert_eq!(run("Tehran ها"), ["Tehran", "ها"]);
    }
}
