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
//!
//! The ezafe «ی» after a silent «ه» is written «خانه‌ی ما», «خانه ی ما» or
//! «خانۀ ما» (the letter [`persian_letters`](super::persian_letters) folds
//! to «ه»), and often not at all: «خانه ما». After a ZWNJ or a space the
//! «ی» can only be this ezafe, so it is dropped here and all four spellings
//! give «خانه» (the token still spans the «ی»). A glued «خانهی» is left to
//! the stemmer, which knows from the word list whether the «ه» is silent
//! (ماهی and گروهی are words of their own).

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
const AFTER_HEH: &[&str] = &["ای", "ام", "ات", "اش", "اند", "ایم", "اید"];

/// The ezafe after a silent «ه», when written apart (after a space or a ZWNJ).
const EZAFE: &str = "ی";

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

/// False for a pair of words that [`joins`] never joins, told from the
/// first letters alone: `prev` is no prefix (each starts with «م» or «ن»)
/// and `next` is no suffix or clitic (each starts with «ه», «ت» or «ا»).
/// Most pairs of words are told so without comparing them to the lists.
fn may_join(prev: &Token, next: &Token) -> bool {
    let starts = |term: &str, letters: &[char]| term.starts_with(letters);
    starts(&prev.term, &['م', 'ن']) || starts(&next.term, &['ه', 'ت', 'ا'])
}

fn joins(prev: &Token, next: &Token) -> bool {
    if prev.script != Script::Persian || next.script != Script::Persian {
        return false;
    }
    if !may_join(prev, next) {
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

/// A detached ezafe: «ی» after a Persian word ending in «ه».
fn is_ezafe_after(prev: &Token, next: &Token) -> bool {
    prev.script == Script::Persian
        && next.script == Script::Persian
        && next.term == EZAFE
        && prev.term.ends_with('ه')
        && prev.term.chars().count() >= 2
}

/// Drops the ezafe «ی» written after a ZWNJ inside a token: «خانه‌ی» (its
/// term already «خانهی») → «خانه».
fn drop_ezafe_after_zwnj(text: &str, token: &mut Token) {
    if token.script != Script::Persian || !token.term.ends_with("هی") {
        return;
    }
    let Some(original) = text.get(token.start..token.end) else {
        return;
    };
    let mut chars = original.chars().rev();
    let yeh = chars.next().is_some_and(|c| matches!(c, 'ی' | 'ي' | 'ى'));
    let mut invisible = false;
    let mut before = None;
    for c in chars {
        if is_invisible(c) {
            invisible = true;
        } else {
            before = Some(c);
            break;
        }
    }
    if yeh && invisible && before.is_some_and(|c| matches!(c, 'ه' | 'ة' | 'ۀ' | 'ھ')) {
        token.term.pop();
    }
}

impl TokenFilter for AffixJoiner {
    fn name(&self) -> &'static str {
        "affix-joiner"
    }

    fn apply(&self, text: &str, tokens: &mut Vec<Token>) {
        if tokens.is_empty() {
            return;
        }
        // In place: the tokens kept are moved to the front (`kept` of them),
        // the ones joined to the token before them are dropped at the end.
        let mut kept = 0;
        for i in 0..tokens.len() {
            drop_ezafe_after_zwnj(text, &mut tokens[i]);
            if kept > 0 {
                let (before, rest) = tokens.split_at_mut(i);
                let (prev, token) = (&mut before[kept - 1], &rest[0]);
                // The first letters first: most pairs are told apart there.
                if (token.term == EZAFE || may_join(prev, token))
                    && prev.position + 1 == token.position
                    && only_space_between(text, prev, token)
                {
                    if is_ezafe_after(prev, token) {
                        prev.end = token.end;
                        continue;
                    }
                    if joins(prev, token) {
                        prev.term.push_str(&token.term);
                        prev.end = token.end;
                        continue;
                    }
                }
            }
            if kept != i {
                tokens.swap(kept, i);
            }
            kept += 1;
        }
        tokens.truncate(kept);
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
    fn the_first_letters_tell_every_pair_that_may_join() {
        for prefix in PREFIXES {
            assert!(prefix.starts_with(['م', 'ن']), "{prefix}");
        }
        for suffix in SUFFIXES.iter().chain(AFTER_HEH) {
            assert!(suffix.starts_with(['ه', 'ت', 'ا']), "{suffix}");
        }
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
    fn ezafe_after_heh_four_spellings() {
        // ZWNJ, space and none («خانۀ» is folded by persian_letters).
        for spelling in ["خانه\u{200c}ی ما", "خانه ی ما", "خانه ما"] {
            assert_eq!(run(spelling), ["خانه", "ما"], "{spelling}");
        }
        assert_eq!(run("برنامه\u{200c}ی هسته\u{200c}ای"), ["برنامه", "هستهای"]);
        // The joined token spans the «ی», so highlights cover it.
        let text = "خانه ی ما";
        let mut tokens = WordTokenizer.tokenize(text);
        AffixJoiner.apply(text, &mut tokens);
        assert_eq!(tokens[0].original(text), "خانه ی");
        // «ی» after another letter, or after punctuation, is left alone.
        assert_eq!(run("کتاب ی"), ["کتاب", "ی"]);
        assert_eq!(run("خانه، ی"), ["خانه", "ی"]);
        // A glued «ی» is not this filter's business (ماهی, گروهی).
        assert_eq!(run("ماهی"), ["ماهی"]);
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
