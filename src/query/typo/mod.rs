//! Typo tolerance: a query word with few or no exact matches is also
//! searched as the nearby words the index holds, where typing a letter for
//! another of the same sound (Persian writes one sound with several
//! letters: «همله» for «حمله», «سادرات» for «صادرات», «اراق» for «عراق»)
//! costs less than any other edit ([`distance`]).
//!
//! Corrections come from three dictionaries, all of words that really
//! occur: the index's own terms (an automaton over its term dictionary),
//! the Persian word list (`data/fa-words.tsv`: so the correction is shown as
//! a word, «صادرات», even where the index holds its stem), and the
//! bilingual lexicon's keys («Caspain» → Caspian → «دریای خزر», even in an
//! index without English text).
//!
//! The rules, each with its test:
//! * no typo in a short word, one in a medium, two in a long one
//!   ([`budget`]); never in digits or stop words;
//! * never for a word with plenty of exact matches ([`PLENTY`]), a
//!   word the Persian word list knows well ([`KNOWN_COUNT`]) or a lexicon
//!   key: a correctly spelled query gets no extra hits;
//! * a word the index has is corrected only to a much more frequent word
//!   ([`RATIO`]); the cheapest corrections win, the most frequent first;
//! * a corrected word is not transliterated: «همله» is «حمله», not «humili».

pub mod distance;

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::Serialize;
use tantivy::schema::Field;
use tantivy::{Searcher, Term};

use self::distance::{distance_from, TypoAutomaton, EDIT, HOMOPHONE};
use super::{Concept, Matcher, Origin, QueryPlan};
use crate::analysis::lexicon::Lexicon;
use crate::analysis::{is_stop_word, Analyzer, Script};
use crate::bilingual::{BilingualLexicon, Expansion};

/// Whether a search tolerates typos.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Typos {
    /// Words with few or no exact matches are also searched corrected.
    #[default]
    Auto,
    /// Only the words as typed (and their translations).
    Off,
}

/// A word found in this many passages or more is never corrected.
pub const PLENTY: u64 = 30;
/// A word the Persian word list has seen this often (it lists the words
/// seen at least three times in 4 million words of news) is spelled right.
pub const KNOWN_COUNT: u32 = 3;
/// A correction must be in this many times more passages than the word as
/// typed, when the index has the word as typed at all.
pub const RATIO: u64 = 50;
/// At most this many corrections of one word are searched.
pub const MAX_CORRECTIONS: usize = 3;
/// At most this many words of the Persian word list are tried as corrections
/// of one word (the nearest, the most frequent first).
const WORD_LIST_CANDIDATES: usize = 8;
/// A correction in fewer passages than the best one's divided by this is dropped.
const SPREAD: u64 = 10;

/// How many half edits a word may have, from its script and length in
/// letters: Persian words are short (short vowels are not written), so a
/// four-letter word may have one homophone letter, five to seven letters
/// one edit, longer words more; Latin words none below five letters, one
/// edit up to eight, two from nine. Words with digits, none.
///
/// ```
/// use kavosh::query::typo::budget;
/// assert_eq!(budget("غیمت"), 1); // a homophone letter only
/// assert_eq!(budget("اقتصدی"), 2);
/// assert_eq!(budget("ایران"), 2);
/// assert_eq!(budget("خبر"), 0);
/// assert_eq!(budget("Azerbaijn"), 4);
/// assert_eq!(budget("Iran"), 0);
/// assert_eq!(budget("S300"), 0);
/// ```
pub fn budget(word: &str) -> u8 {
    if word.chars().any(|c| c.is_numeric()) {
        return 0;
    }
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    match Script::of(word) {
        Script::Persian => match letters {
            0..=3 => 0,
            4 => HOMOPHONE,
            5..=7 => EDIT,
            8 => EDIT + HOMOPHONE,
            _ => 2 * EDIT,
        },
        Script::Latin => match letters {
            0..=4 => 0,
            5..=8 => EDIT,
            _ => 2 * EDIT,
        },
        _ => 0,
    }
}

/// One correction of a query word.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Correction {
    /// The analysed term searched.
    pub term: String,
    /// The word to show (the word list's spelling, or the term).
    pub word: String,
    /// Its distance from the word as typed, in half edits.
    pub cost: u8,
    /// How many passages contain it.
    pub doc_freq: u64,
}

/// The corrections made to one word of the query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    /// The word as typed (the concept's label).
    pub typed: String,
    /// Its corrections, best first.
    pub corrections: Vec<Correction>,
}

/// What corrections are looked up in.
pub struct Dictionaries<'a> {
    /// The index searched.
    pub searcher: &'a Searcher,
    /// Its text field.
    pub field: Field,
    /// The analyzer of the index.
    pub analyzer: &'a Analyzer,
    /// The bilingual lexicon, when expansion is on.
    pub lexicon: Option<&'a BilingualLexicon>,
}

impl Dictionaries<'_> {
    fn doc_freq(&self, term: &str) -> u64 {
        self.searcher
            .doc_freq(&Term::from_field_text(self.field, term))
            .unwrap_or(0)
    }

    /// Terms of the index within `budget` of `term`, with their passages.
    fn index_terms(&self, term: &str, budget: u8) -> HashMap<String, u64> {
        let automaton = TypoAutomaton::new(term, budget);
        let mut found: HashMap<String, u64> = HashMap::new();
        for segment in self.searcher.segment_readers() {
            let Ok(inverted) = segment.inverted_index(self.field) else {
                continue;
            };
            let Ok(mut stream) = inverted.terms().search(automaton.clone()).into_stream() else {
                continue;
            };
            while stream.advance() {
                if let Ok(found_term) = std::str::from_utf8(stream.key()) {
                    *found.entry(found_term.to_string()).or_default() +=
                        u64::from(stream.value().doc_freq);
                }
            }
        }
        found
    }

    /// The corrections of a query word: `typed` as written (normalised,
    /// unstemmed), `term` as analysed. Empty when the word needs none.
    pub fn corrections(&self, typed: &str, term: &str) -> Vec<Correction> {
        let budget = budget(typed);
        if budget == 0 || is_stop_word(term) || is_stop_word(typed) {
            return Vec::new();
        }
        let script = Script::of(typed);
        if script == Script::Persian
            && Lexicon::persian()
                .count(typed)
                .max(Lexicon::persian().count(term))
                >= KNOWN_COUNT
        {
            return Vec::new();
        }
        let key = [term.to_string()];
        if self.lexicon.is_some_and(|l| !l.lookup(&key).is_empty()) {
            return Vec::new();
        }
        let exact = self.doc_freq(term);
        if exact >= PLENTY {
            return Vec::new();
        }
        let mut candidates = Candidates::new();
        let term_letters: Vec<char> = term.chars().collect();
        for (found, passages) in self.index_terms(term, budget) {
            if let Some(cost) = distance_from(&term_letters, &found, budget) {
                offer(&mut candidates, found.clone(), found, cost, passages);
            }
        }
        // The word list only adds spellings of words the index holds as
        // stems; not needed when the index has a homophone already.
        let homophone_found = candidates
            .values()
            .any(|&(cost, _, passages)| cost <= HOMOPHONE && passages >= (RATIO * exact).max(1));
        if script == Script::Persian && !homophone_found {
            let letters: Vec<char> = typed.chars().collect();
            let reach = usize::from(budget / EDIT);
            let lengths = letters.len().saturating_sub(reach)..=letters.len() + reach;
            let mut near: Vec<(u8, u32, &str)> = lengths
                .flat_map(persian_words_of_length)
                .filter_map(|&word| {
                    let cost = distance_from(&letters, word, budget)?;
                    Some((cost, Lexicon::persian().count(word), word))
                })
                .collect();
            // Only the cheapest and most frequent are analysed and looked up.
            near.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
            for &(cost, _, word) in near.iter().take(WORD_LIST_CANDIDATES) {
                if let [token] = self.analyzer.analyze(word).as_slice() {
                    let passages = self.doc_freq(&token.term);
                    if passages > 0 {
                        offer(
                            &mut candidates,
                            token.term.clone(),
                            word.to_string(),
                            cost,
                            passages,
                        );
                    }
                }
            }
        }
        let mut known_to_lexicon = Vec::new();
        if let Some(lexicon) = self.lexicon {
            for key in lexicon.single_terms() {
                let length = key.chars().count();
                if length.abs_diff(term_letters.len()) > usize::from(budget / EDIT)
                    || Script::of(key) != script
                {
                    continue;
                }
                if let Some(cost) = distance_from(&term_letters, key, budget) {
                    known_to_lexicon.push(key.to_string());
                    let passages = self.doc_freq(key);
                    offer(
                        &mut candidates,
                        key.to_string(),
                        key.to_string(),
                        cost,
                        passages,
                    );
                }
            }
        }
        let mut corrections: Vec<Correction> = candidates
            .into_iter()
            .filter(|(found, (_, _, passages))| {
                found != term
                    && !is_stop_word(found)
                    && !found.chars().any(|c| c.is_numeric())
                    && (*passages >= (RATIO * exact).max(1)
                        || (exact == 0 && known_to_lexicon.contains(found)))
            })
            .map(|(term, (cost, word, doc_freq))| Correction {
                term,
                word,
                cost,
                doc_freq,
            })
            .collect();
        let Some(cheapest) = corrections.iter().map(|c| c.cost).min() else {
            return Vec::new();
        };
        corrections.retain(|c| c.cost == cheapest);
        corrections.sort_by(|a, b| {
            b.doc_freq
                .cmp(&a.doc_freq)
                .then_with(|| a.term.cmp(&b.term))
        });
        let best = corrections[0].doc_freq;
        corrections.retain(|c| c.doc_freq * SPREAD >= best);
        corrections.truncate(MAX_CORRECTIONS);
        corrections
    }
}

/// Candidate corrections: term → (cost, word shown, passages).
type Candidates = HashMap<String, (u8, String, u64)>;

/// Adds a candidate, or lowers its cost.
fn offer(candidates: &mut Candidates, found: String, word: String, cost: u8, passages: u64) {
    let entry = candidates
        .entry(found)
        .or_insert((cost, word.clone(), passages));
    if cost < entry.0 {
        *entry = (cost, word, passages);
    }
}

/// The words of the Persian word list with `letters` letters.
fn persian_words_of_length(letters: usize) -> &'static [&'static str] {
    static BY_LENGTH: OnceLock<Vec<Vec<&'static str>>> = OnceLock::new();
    let by_length = BY_LENGTH.get_or_init(|| {
        let mut by_length: Vec<Vec<&'static str>> = Vec::new();
        for (word, _) in Lexicon::persian().words() {
            let n = word.chars().count();
            if by_length.len() <= n {
                by_length.resize(n + 1, Vec::new());
            }
            by_length[n].push(word);
        }
        by_length
    });
    by_length.get(letters).map_or(&[], Vec::as_slice)
}

fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// The word of a concept that may be corrected: a single word typed bare
/// (not a phrase, an OR group, a stop word or a glued word the analyzer
/// split), as normalised but unstemmed, and its analysed term.
fn correctable(concept: &Concept, surface: &Analyzer) -> Option<(String, String)> {
    if concept.optional || concept.run.is_none() {
        return None;
    }
    if concept
        .alternatives
        .iter()
        .any(|(_, o)| *o == Origin::Split)
    {
        return None;
    }
    let (Matcher::Term(term), Origin::Typed) = concept.alternatives.first()? else {
        return None;
    };
    match surface.analyze(&concept.label).as_slice() {
        [token] => Some((token.term.clone(), term.clone())),
        _ => None,
    }
}

/// Adds the corrections of the words of `plan` that need them, as
/// [`Origin::Typo`] alternatives (and the lexicon's translations of the
/// corrected word, when a lexicon is given), and records them in
/// [`QueryPlan::expansions`]. Returns the words corrected, for "did you
/// mean".
pub fn correct(plan: &mut QueryPlan, dictionaries: &Dictionaries) -> Vec<Fix> {
    let surface = Analyzer::surface();
    let mut fixes = Vec::new();
    for concept in &mut plan.concepts {
        let Some((typed, term)) = correctable(concept, &surface) else {
            continue;
        };
        let mut corrections = dictionaries.corrections(&typed, &term);
        if corrections.is_empty() {
            continue;
        }
        if concept.label.starts_with(char::is_uppercase) {
            for c in &mut corrections {
                c.word = capitalised(&c.word);
            }
        }
        for (rank, correction) in corrections.iter().enumerate() {
            // Cheaper and more frequent corrections weigh more.
            let grade = correction.cost.saturating_sub(HOMOPHONE) + rank as u8;
            concept.add(Matcher::Term(correction.term.clone()), Origin::Typo(grade));
            plan.expansions.push(Expansion {
                query: concept.label.clone(),
                text: correction.word.clone(),
                origin: Origin::Typo(grade),
                source: None,
                category: None,
            });
            let Some(lexicon) = dictionaries.lexicon else {
                continue;
            };
            for translation in lexicon.lookup(std::slice::from_ref(&correction.term)) {
                let matcher = match translation.terms.as_slice() {
                    [one] => Matcher::Term(one.clone()),
                    terms => Matcher::Phrase(terms.to_vec()),
                };
                concept.add(matcher, Origin::TypoTranslation);
                plan.expansions.push(Expansion {
                    query: concept.label.clone(),
                    text: translation.text.clone(),
                    origin: Origin::TypoTranslation,
                    source: Some(translation.source.clone()),
                    category: Some(translation.category.to_string()),
                });
            }
        }
        fixes.push(Fix {
            typed: concept.label.clone(),
            corrections,
        });
    }
    fixes
}

/// `query` with each corrected word replaced by its best correction, or
/// `None` when a word cannot be found in it.
pub fn corrected_query(query: &str, fixes: &[Fix]) -> Option<String> {
    let mut out = query.to_string();
    for fix in fixes {
        let best = fix.corrections.first()?;
        let at = find_word(&out, &fix.typed)?;
        out.replace_range(at..at + fix.typed.len(), &best.word);
    }
    Some(out)
}

/// The byte offset of `word` in `text` as a whole word.
fn find_word(text: &str, word: &str) -> Option<usize> {
    let is_word = |c: Option<char>| c.is_some_and(Script::is_word_char);
    text.match_indices(word).map(|(at, _)| at).find(|&at| {
        !is_word(text[..at].chars().next_back()) && !is_word(text[at + word.len()..].chars().next())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_words_digits_and_other_scripts_are_never_fuzzed() {
        for word in ["خبر", "سد", "Iran", "Bak", "1386", "S300", "۱۳۸۶", "Москва"] {
            assert_eq!(budget(word), 0, "{word}");
        }
        assert_eq!(budget("اراق"), HOMOPHONE);
        assert_eq!(budget("Moscw"), EDIT);
        assert_eq!(budget("سیاستمداران"), 2 * EDIT);
    }

    #[test]
    fn the_corrected_query_replaces_whole_words() {
        let fix = |typed: &str, word: &str| Fix {
            typed: typed.into(),
            corrections: vec![Correction {
                term: word.into(),
                word: word.into(),
                cost: 1,
                doc_freq: 10,
            }],
        };
        assert_eq!(
            corrected_query("اراقی اراق -ایران", &[fix("اراق", "عراق")]).unwrap(),
            "اراقی عراق -ایران"
        );
        assert_eq!(
            corrected_query("Caspain sea", &[fix("Caspain", "Caspian")]).unwrap(),
            "Caspian sea"
        );
        assert_eq!(corrected_query("ایران", &[fix("اراق", "عراق")]), None);
    }
}
