//! Stop words: very frequent function words of Persian and English.
//!
//! kavosh indexes stop words (so phrases stay exact: a removed stop word would
//! turn into a wildcard inside a phrase). At query time a stop word outside a
//! phrase only adds to the score; it is not required. The lists hold terms in
//! their analysed form (Persian letters folded, English lowercased and stemmed).

use std::collections::HashSet;
use std::sync::OnceLock;

use super::english_stem::EnglishStemmer;

/// Persian function words (prepositions, conjunctions, pronouns, copulas,
/// demonstratives), written as the analyzer folds them.
const PERSIAN: &[&str] = &[
    "و",
    "در",
    "به",
    "از",
    "که",
    "این",
    "آن",
    "ان",
    "را",
    "با",
    "است",
    "برای",
    "بر",
    "تا",
    "هم",
    "یا",
    "یک",
    "نیز",
    "اما",
    "ولی",
    "هر",
    "او",
    "ما",
    "من",
    "تو",
    "شما",
    "انها",
    "آنها",
    "ایشان",
    "وی",
    "خود",
    "بود",
    "شد",
    "شده",
    "شود",
    "میشود",
    "کرد",
    "کرده",
    "کند",
    "میکند",
    "باشد",
    "بوده",
    "نیست",
    "هست",
    "هستند",
    "بودند",
    "دارد",
    "دارند",
    "داشت",
    "ای",
    "اگر",
    "چون",
    "چه",
    "پس",
    "سپس",
    "همه",
    "همین",
    "همان",
    "چنین",
    "چنان",
    "دیگر",
    "روی",
    "زیر",
    "نزد",
    "بین",
    "میان",
    "پیش",
    "پس",
    "درباره",
    "مانند",
    "مثل",
    "بدون",
    "حتی",
    "فقط",
    "نه",
    "بی",
    "کنند",
    "شوند",
    "گردد",
    "گردید",
    "است",
    "اند",
    "ها",
    "های",
    "یکی",
    "ی",
    "رو",
    "کن",
    "تواند",
    "باید",
    "دهد",
];

/// English function words, in unstemmed form (stemmed when the set is built).
const ENGLISH: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "from", "has", "have", "he",
    "her", "his", "in", "into", "is", "it", "its", "of", "on", "or", "that", "the", "their",
    "them", "they", "this", "to", "was", "were", "which", "will", "with", "who", "not", "no",
    "been", "had", "i", "we", "you", "she", "our", "than", "then", "there", "these", "those",
    "what", "when", "where", "would",
];

/// Question words of search-box Persian and English — interrogatives,
/// their colloquial forms, and the indefinite pronouns questions are built
/// with («چه کسانی», «چه چیزی») — as typed; [`is_question_word`] compares
/// their analysed forms. A passage does not answer a question by repeating
/// its question words, so they never count in the ranking.
const QUESTION: &[&str] = &[
    "چه",
    "چرا",
    "کدام",
    "کدوم",
    "کدامیک",
    "چگونه",
    "چطور",
    "چطوری",
    "آیا",
    "کی",
    "کجا",
    "کجاست",
    "کجای",
    "چیست",
    "چیه",
    "چی",
    "کیست",
    "کیه",
    "چند",
    "چندم",
    "چندمین",
    "چقدر",
    "چقد",
    "چنده",
    "چیکار",
    "چکار",
    "خوبه",
    "چیزی",
    "چیزهایی",
    "کسی",
    "کسانی",
    "what",
    "why",
    "how",
    "which",
    "who",
    "whom",
    "whose",
    "when",
    "where",
    "does",
    "do",
    "did",
];

fn questions() -> &'static HashSet<String> {
    static SET: OnceLock<HashSet<String>> = OnceLock::new();
    SET.get_or_init(|| {
        let analyzer = super::Analyzer::default();
        QUESTION.iter().flat_map(|w| analyzer.terms(w)).collect()
    })
}

/// True when an analysed term is a question word («چرا», «کدام», colloquial
/// «چیه», «خوبه», «what»…): it says what kind of answer is wanted, not what
/// the answer is about.
///
/// ```
/// use kavosh::analysis::{is_question_word, Analyzer};
/// let terms = Analyzer::default().terms("چرا دریا نمک دارد کیست چیه");
/// let questions: Vec<bool> = terms.iter().map(|t| is_question_word(t)).collect();
/// assert_eq!(questions, [true, false, false, false, true, true]);
/// ```
pub fn is_question_word(term: &str) -> bool {
    questions().contains(term)
}

fn set() -> &'static HashSet<String> {
    static SET: OnceLock<HashSet<String>> = OnceLock::new();
    SET.get_or_init(|| {
        let stemmer = EnglishStemmer::new();
        let mut set: HashSet<String> = PERSIAN.iter().map(|w| w.to_string()).collect();
        set.extend(ENGLISH.iter().map(|w| stemmer.stem(w).into_owned()));
        set
    })
}

/// True when an analysed term is a stop word.
///
/// ```
/// use kavosh::analysis::is_stop_word;
/// assert!(is_stop_word("در"));
/// assert!(is_stop_word("the"));
/// assert!(!is_stop_word("بوشهر"));
/// ```
pub fn is_stop_word(term: &str) -> bool {
    set().contains(term)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::Analyzer;

    #[test]
    fn persian_function_words() {
        for w in [
            "و", "در", "به", "از", "که", "این", "را", "با", "است", "برای",
        ] {
            assert!(is_stop_word(w), "{w}");
        }
    }

    #[test]
    fn content_words_are_not_stop_words() {
        for w in [
            "ایران",
            "روسیه",
            "هند",
            "تهران",
            "بوشهر",
            "کشتی",
            "خزر",
            "iran",
            "caspian",
        ] {
            assert!(!is_stop_word(w), "{w}");
        }
    }

    #[test]
    fn question_words_but_not_their_look_alikes() {
        let analyzer = Analyzer::default();
        for w in [
            "چرا",
            "کدام",
            "کدوم",
            "چگونه",
            "آیا",
            "چیست",
            "کیست",
            "چیه",
            "خوبه",
            "How",
        ] {
            let terms = analyzer.terms(w);
            assert!(terms.iter().all(|t| is_question_word(t)), "{w}: {terms:?}");
        }
        // Words that only begin like one: «چراغ», «کدو», «چندین» are topics.
        for w in ["چراغ", "کدو", "کیش", "چین", "چاه", "دیابت"] {
            let terms = analyzer.terms(w);
            assert!(!terms.iter().any(|t| is_question_word(t)), "{w}: {terms:?}");
        }
    }

    #[test]
    fn list_is_in_analysed_form() {
        let analyzer = Analyzer::default();
        // Every Persian entry must survive the analyzer unchanged, or it could never match.
        for w in PERSIAN {
            let terms = analyzer.terms(w);
            assert_eq!(terms.len(), 1, "{w}");
            assert!(is_stop_word(&terms[0]), "{w} analyses to {}", terms[0]);
        }
        for w in ENGLISH {
            let terms = analyzer.terms(w);
            assert!(is_stop_word(&terms[0]), "{w} analyses to {}", terms[0]);
        }
    }
}
