//! Splits Persian words that were glued together when their space or ZWNJ
//! was lost: «خلیجفارس» → «خلیج» «فارس», «دریایخزر» → «دریای» «خزر».
//!
//! A token splits only when the whole is not itself a frequent word and
//! every part is a real, frequent word of the [`Lexicon`] (an affix such as
//! «ها» or «تر» is never a part); among possible splits, the one whose
//! rarest part is most frequent wins («اینکشور» → «این» «کشور», not
//! «اینک» «شور»). The whole token is kept at its position and the parts
//! are added at consecutive positions from there, so the glued word, each
//! part and phrases over the parts all match. The parts share the whole
//! token's span: a highlight covers the glued word as written.

use super::filter::TokenFilter;
use super::lexicon::Lexicon;
use super::persian_stem::PersianStemmer;
use super::token::{Script, Token};

/// A word seen this often or more is a word of its own, not a glued pair.
pub const WHOLE_MAX: u32 = 10;
/// Each part must have been seen at least this often…
pub const PART_MIN: u32 = 20;
/// …a two-letter part this often (به, در, هم, بی: not ال, پا)…
pub const SHORT_PART_MIN: u32 = 700;
/// …and when every part has three letters or fewer, each this often
/// (راه + آهن, but not بال + کان).
pub const SHORT_PAIR_MIN: u32 = 200;
/// Only words of at least this many letters are considered.
pub const MIN_CHARS: usize = 5;
/// Longer tokens are left alone (they are not glued words).
pub const MAX_CHARS: usize = 40;

/// Affixes that are never parts of their own.
const AFFIXES: &[&str] = &[
    "تر", "ترین", "تری", "ها", "های", "هایی", "ای", "ایی", "یی", "ام", "اند", "ایم", "اید", "ات",
    "اش", "ان", "انی", "گان", "یان", "کی", "گی", "ال",
];

/// Splits glued Persian compounds into their words.
///
/// ```
/// use kavosh::analysis::{Decompounder, TokenFilter, WordTokenizer};
/// let text = "در کرانههای خلیجفارس";
/// let mut tokens = WordTokenizer.tokenize(text);
/// Decompounder::new().apply(text, &mut tokens);
/// let seen: Vec<(&str, usize)> = tokens.iter().map(|t| (t.term.as_str(), t.position)).collect();
/// assert_eq!(seen, [("در", 0), ("کرانههای", 1), ("خلیجفارس", 2), ("خلیج", 2), ("فارس", 3)]);
/// ```
#[derive(Debug, Clone, Copy)]
pub struct Decompounder {
    lexicon: &'static Lexicon,
    stemmer: PersianStemmer,
}

impl Default for Decompounder {
    fn default() -> Self {
        Self::new()
    }
}

impl Decompounder {
    /// A decompounder over kavosh's Persian word list.
    pub fn new() -> Self {
        Decompounder {
            lexicon: Lexicon::persian(),
            stemmer: PersianStemmer::new(),
        }
    }

    #[cfg(test)]
    fn is_part(&self, word: &str) -> bool {
        self.part_count(word, word.chars().count()) > 0
    }

    /// How often `word`, of `chars` letters, was seen when it may be a
    /// part; 0 when it may not.
    fn part_count(&self, word: &str, chars: usize) -> u32 {
        // Affixes have two to four letters.
        if chars < 2 || (chars <= 4 && AFFIXES.contains(&word)) {
            return 0;
        }
        let min = if chars == 2 { SHORT_PART_MIN } else { PART_MIN };
        let count = self.lexicon.count(word);
        if count >= min {
            count
        } else {
            0
        }
    }

    /// False for a word that never splits, known without the word list:
    /// too short or too long, or not only Persian letters.
    fn may_split(word: &str) -> bool {
        // Persian letters take two bytes: no need to count shorter words.
        if word.len() < MIN_CHARS {
            return false;
        }
        let mut chars = 0;
        for c in word.chars() {
            if !Script::is_arabic_letter(c) {
                return false;
            }
            chars += 1;
        }
        (MIN_CHARS..=MAX_CHARS).contains(&chars)
    }

    /// The parts of a glued word (two or three), or `None` when it should
    /// stay whole. (No memo of its own: the analyzer's word memo
    /// ([`super::word_memo`]) is in front of it.)
    pub fn split(&self, word: &str) -> Option<Vec<String>> {
        if !Self::may_split(word) || self.lexicon.count(word) >= WHOLE_MAX {
            return None;
        }
        // Where each letter starts, and the end: `cut(i)` is after `i` letters.
        let mut cuts = [0usize; MAX_CHARS + 1];
        let mut n = 0;
        for (at, _) in word.char_indices() {
            cuts[n] = at;
            n += 1;
        }
        cuts[n] = word.len();
        let cut = |i: usize| cuts[i];
        // The part counts (`part_count`) of the first and of the last `i`
        // letters, each looked up once, when first needed.
        const UNKNOWN: u32 = u32::MAX;
        let mut heads = [UNKNOWN; MAX_CHARS + 1];
        let mut tails = [UNKNOWN; MAX_CHARS + 1];
        let mut head = |i: usize| {
            if heads[i] == UNKNOWN {
                heads[i] = self.part_count(&word[..cut(i)], i);
            }
            heads[i]
        };
        let mut tail = |i: usize| {
            if tails[i] == UNKNOWN {
                tails[i] = self.part_count(&word[cut(n - i)..], i);
            }
            tails[i]
        };
        // Best two-part split: the one whose rarer part is most frequent;
        // when both parts have three letters or fewer, both must be frequent.
        let mut best: Option<(u32, usize, usize)> = None;
        for i in 2..=n - 2 {
            let a = head(i);
            if a == 0 {
                continue;
            }
            let b = tail(n - i);
            if b == 0 {
                continue;
            }
            let score = a.min(b);
            let short_pair = i <= 3 && n - i <= 3;
            if short_pair && score < SHORT_PAIR_MIN {
                continue;
            }
            if best.is_none_or(|(s, _, _)| score > s) {
                best = Some((score, i, n));
            }
        }
        // Three parts of three letters or more, for «اتحادجماهیرشوروی».
        if best.is_none() {
            for i in 3..n.saturating_sub(5) {
                let a = head(i);
                if a == 0 {
                    continue;
                }
                for j in i + 3..=n - 3 {
                    let c = tail(n - j);
                    if c == 0 {
                        continue;
                    }
                    let b = self.part_count(&word[cut(i)..cut(j)], j - i);
                    if b == 0 {
                        continue;
                    }
                    let score = a.min(b).min(c);
                    if best.is_none_or(|(s, _, _)| score > s) {
                        best = Some((score, i, j));
                    }
                }
            }
        }
        let (_, i, j) = best?;
        // An inflected form of a known word is not a compound: «نیروگاهی» is
        // «نیروگاه» + «ی», not «نیرو» + «گاهی».
        let inflected = self.stemmer.with_stem(word, |stem| {
            stem.is_some_and(|stem| self.lexicon.count(stem) >= PART_MIN)
        });
        if inflected {
            return None;
        }
        let mut parts = vec![word[..cut(i)].to_string(), word[cut(i)..cut(j)].to_string()];
        if j < n {
            parts.push(word[cut(j)..].to_string());
        }
        Some(parts)
    }
}

impl TokenFilter for Decompounder {
    fn name(&self) -> &'static str {
        "decompound"
    }

    fn apply(&self, _text: &str, tokens: &mut Vec<Token>) {
        // Most texts have no glued word: then nothing moves.
        let mut splits: Vec<(usize, Vec<String>)> = Vec::new();
        for (i, token) in tokens.iter().enumerate() {
            if token.script == Script::Persian {
                if let Some(parts) = self.split(&token.term) {
                    splits.push((i, parts));
                }
            }
        }
        if splits.is_empty() {
            return;
        }
        let mut splits = splits.into_iter().peekable();
        let mut out: Vec<Token> = Vec::with_capacity(tokens.len() + 4);
        let mut shift = 0;
        for (i, mut token) in tokens.drain(..).enumerate() {
            token.position += shift;
            let parts = splits.next_if(|(at, _)| *at == i).map(|(_, parts)| parts);
            let position = token.position;
            let (start, end) = (token.start, token.end);
            out.push(token);
            if let Some(parts) = parts {
                shift += parts.len() - 1;
                for (k, term) in parts.into_iter().enumerate() {
                    out.push(Token {
                        term,
                        start,
                        end,
                        position: position + k,
                        script: Script::Persian,
                    });
                }
            }
        }
        *tokens = out;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::Analyzer;

    fn split(word: &str) -> Option<Vec<String>> {
        let term = Analyzer::surface().terms(word).remove(0);
        Decompounder::new().split(&term)
    }

    fn parts(word: &str) -> Vec<String> {
        split(word).unwrap_or_else(|| panic!("«{word}» should split"))
    }

    #[test]
    fn glued_words_of_the_article_split() {
        assert_eq!(parts("خلیجفارس"), ["خلیج", "فارس"]);
        assert_eq!(parts("دریایخزر"), ["دریای", "خزر"]);
        assert_eq!(parts("جمهوریاسلامی"), ["جمهوری", "اسلامی"]);
        assert_eq!(parts("انقلاباسلامی"), ["انقلاب", "اسلامی"]);
        assert_eq!(parts("هاشمیرفسنجانی"), ["هاشمی", "رفسنجانی"]);
        assert_eq!(parts("راهآهن"), ["راه", "اهن"]);
        assert_eq!(parts("اتحادجماهیرشوروی"), ["اتحاد", "جماهیر", "شوروی"]);
    }

    #[test]
    fn real_words_stay_whole() {
        for word in [
            "تهران",
            "ایران",
            "کشتیرانی",
            "همکاری",
            "نیروگاه",
            "میدهند",
            "کارشناسان",
            "سازمان",
            "اقتصادی",
            "خاورمیانه",
            "آذربایجان",
            "ترکمنستان",
            "قزاقستان",
            "هستهای",
            "منطقهای",
            "بزرگترین",
            "کشورهای",
            "میشود",
            "پاکستان",
            "گرجستان",
            "افغانستان",
            "نیروگاهی",
            "کرانههای",
        ] {
            assert_eq!(split(word), None, "«{word}» must not split");
        }
    }

    #[test]
    fn the_most_likely_split_wins_and_affixes_are_never_parts() {
        assert_eq!(parts("اینکشور"), ["این", "کشور"]);
        assert_eq!(parts("بهعنوان"), ["به", "عنوان"]);
        let d = Decompounder::new();
        for affix in ["ها", "های", "تر", "ترین", "ای", "اند"] {
            assert!(!d.is_part(affix), "{affix}");
        }
        assert!(d.is_part("کشور") && d.is_part("خزر") && d.is_part("در"));
    }

    #[test]
    fn parts_follow_the_whole_and_later_tokens_shift() {
        let text = "سواحل خلیجفارس و دریای عمان";
        let mut tokens = Analyzer::surface().analyze(text);
        Decompounder::new().apply(text, &mut tokens);
        let seen: Vec<(&str, usize)> = tokens
            .iter()
            .map(|t| (t.term.as_str(), t.position))
            .collect();
        assert_eq!(
            seen,
            [
                ("سواحل", 0),
                ("خلیجفارس", 1),
                ("خلیج", 1),
                ("فارس", 2),
                ("و", 3),
                ("دریای", 4),
                ("عمان", 5)
            ]
        );
        assert_eq!(
            tokens[2].original(text),
            "خلیجفارس",
            "parts highlight the glued word"
        );
    }
}
