//! Query-side compounds, checked against the index's term dictionary.
//!
//! Persian writes many words in three ways: glued («درمجموعه», «سنگفرش»),
//! with a ZWNJ, or with a space («در مجموعه», «سنگ فرش»). Search boxes lose
//! the ZWNJ, so a query may glue what the text spaces, or space what the
//! text glues. The index already holds a glued word's parts when the
//! decompounder knows it, and [`QueryPlan`] adds the glued spelling of
//! adjacent query words; this step settles both directions with what the
//! index really contains:
//!
//! * **joining**: a glued spelling of adjacent query words is kept as an
//!   alternative only when the index has that term (`«ایگور سرگیف»` finds
//!   «ایگورسرگیف» where a text writes it so, and costs nothing where none
//!   does);
//! * **splitting**: a glued query word the index has in fewer than
//!   [`RARE`] passages is also searched as two words at consecutive
//!   positions, at the split the index has most often as a phrase
//!   («درمجموعه» → «در مجموعه»). The split never replaces the word: it is
//!   an added alternative ([`Origin::Split`]) and is shown among the
//!   expansions.
//!
//! ```no_run
//! # fn main() -> kavosh::Result<()> {
//! use kavosh::{SearchIndex, SearchOptions};
//! let index = SearchIndex::open("index")?;
//! // finds passages that write «در مجموعه پزشکی»
//! let results = index.search("درمجموعه پزشکی", &SearchOptions::default())?;
//! # Ok(()) }
//! ```

use tantivy::collector::Count;
use tantivy::query::PhraseQuery;
use tantivy::schema::Field;
use tantivy::{Searcher, Term};

use super::plan::group_words;
use super::{Matcher, Origin, QueryPlan};
use crate::analysis::lexicon::Lexicon;
use crate::analysis::{is_stop_word, Analyzer, Script};
use crate::bilingual::Expansion;
use crate::query::typo::KNOWN_COUNT;

/// A glued query word found in fewer passages than this is also searched
/// split in two. Common words are left alone: their glued spelling is how
/// the index writes them.
pub const RARE: u64 = 30;
/// A part of a split has at least this many letters, unless it is a stop
/// word («در», «از», «با»): two-letter words («سه», «دی», «دو») stand next to
/// anything in a large index, so «آبسه» (abscess) is not «آب سه» and
/// «دردی» (a pain) is not «در دی».
const MIN_PART: usize = 3;
/// At most this many splits of one word are checked as phrases (the ones
/// whose parts are most common first).
const MAX_PHRASE_CHECKS: usize = 4;

/// The index's term dictionary, as the query side sees it.
struct Dictionary<'a> {
    searcher: &'a Searcher,
    field: Field,
}

impl Dictionary<'_> {
    fn doc_freq(&self, term: &str) -> u64 {
        self.searcher
            .doc_freq(&Term::from_field_text(self.field, term))
            .unwrap_or(0)
    }

    /// Passages with `terms` at consecutive positions.
    fn phrase_freq(&self, terms: &[String]) -> u64 {
        if let [term] = terms {
            return self.doc_freq(term);
        }
        let terms = terms
            .iter()
            .map(|t| Term::from_field_text(self.field, t))
            .collect();
        self.searcher
            .search(&PhraseQuery::new(terms), &Count)
            .map_or(0, |n| n as u64)
    }

    fn has(&self, matcher: &Matcher) -> bool {
        match matcher {
            Matcher::Term(t) => self.doc_freq(t) > 0,
            Matcher::Phrase(terms) => terms.iter().all(|t| self.doc_freq(t) > 0),
        }
    }
}

/// Settles the query's glued and split spellings against the index in
/// `searcher`'s `field` (see the module docs). `analyzer` must be the
/// index's.
pub fn resolve(plan: &mut QueryPlan, analyzer: &Analyzer, searcher: &Searcher, field: Field) {
    let dictionary = Dictionary { searcher, field };
    let surface = Analyzer::surface();
    for concept in &mut plan.concepts {
        concept
            .alternatives
            .retain(|(m, origin)| *origin != Origin::Glued || dictionary.has(m));
        if concept.optional || concept.run.is_none() {
            continue;
        }
        if concept
            .alternatives
            .iter()
            .any(|(_, o)| *o == Origin::Split)
        {
            continue;
        }
        let Some((Matcher::Term(term), Origin::Typed)) = concept.alternatives.first() else {
            continue;
        };
        let whole = dictionary.doc_freq(term);
        if whole >= RARE {
            continue;
        }
        let word = match surface.analyze(&concept.label).as_slice() {
            [token] if token.script == Script::Persian => token.term.clone(),
            _ => continue,
        };
        let split = glued_and(&word, whole, analyzer, &dictionary)
            .map(|(term, text)| (Matcher::Term(term), text))
            .or_else(|| {
                best_split(&word, whole, analyzer, &dictionary)
                    .map(|(terms, text)| (Matcher::Phrase(terms), text))
            });
        if let Some((matcher, text)) = split {
            concept.add(matcher, Origin::Split);
            plan.expansions.push(Expansion {
                query: concept.label.clone(),
                text,
                origin: Origin::Split,
                source: None,
                category: None,
            });
        }
    }
}

/// The word after a conjunction «و» glued to it by a lost space
/// («ایران وعراق»): its term and the text «و عراق», when `word` is no
/// word of its own (not in the Persian word list: وزیر, ورود, وسعت are)
/// and the index has the rest in more passages than `word` (`whole`).
/// The rest alone is searched, not the phrase: «و» is a stop word.
fn glued_and(
    word: &str,
    whole: u64,
    analyzer: &Analyzer,
    dictionary: &Dictionary,
) -> Option<(String, String)> {
    let rest = word.strip_prefix('و')?;
    if rest.chars().count() < MIN_PART || Lexicon::persian().count(word) >= KNOWN_COUNT {
        return None;
    }
    let term = match analyzer.analyze(rest).as_slice() {
        [token] => token.term.clone(),
        _ => return None,
    };
    (dictionary.doc_freq(&term) > whole).then(|| (term, format!("و {rest}")))
}

/// The split of the glued `word` (normalised letters) into two words that
/// the index has as a phrase in the most passages, and more often than the
/// word itself (`whole`): its analysed terms and its text.
fn best_split(
    word: &str,
    whole: u64,
    analyzer: &Analyzer,
    dictionary: &Dictionary,
) -> Option<(Vec<String>, String)> {
    let letters: Vec<char> = word.chars().collect();
    if letters.len() < 4 || letters.contains(&'\u{200C}') {
        return None;
    }
    // Splits whose two parts are words of the index, analysed as the index
    // analyses two words written apart.
    let mut candidates: Vec<(u64, Vec<String>, String)> = Vec::new();
    for at in 2..=letters.len() - 2 {
        let left: String = letters[..at].iter().collect();
        let right: String = letters[at..].iter().collect();
        let long_enough = |part: &str| part.chars().count() >= MIN_PART || is_stop_word(part);
        if !long_enough(&left) || !long_enough(&right) {
            continue;
        }
        let text = format!("{left} {right}");
        let tokens = analyzer.analyze(&text);
        let words = group_words(&tokens);
        let [first, second] = words.as_slice() else {
            continue; // the analyzer joins them again (an affix): no split
        };
        let mut terms = first.positional_terms();
        terms.extend(second.positional_terms());
        let rarest = terms
            .iter()
            .map(|t| dictionary.doc_freq(t))
            .min()
            .unwrap_or(0);
        if rarest > 0 {
            candidates.push((rarest, terms, text));
        }
    }
    candidates.sort_by_key(|c| std::cmp::Reverse(c.0));
    candidates
        .into_iter()
        .take(MAX_PHRASE_CHECKS)
        .map(|(_, terms, text)| (dictionary.phrase_freq(&terms), terms, text))
        .filter(|(passages, _, _)| *passages > whole)
        .max_by_key(|(passages, _, _)| *passages)
        .map(|(_, terms, text)| (terms, text))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::fixtures_index;

    fn resolved(query: &str) -> QueryPlan {
        let index = fixtures_index();
        let mut plan = QueryPlan::parse(query, index.analyzer()).unwrap();
        resolve(
            &mut plan,
            index.analyzer(),
            &index.searcher(),
            index.fields().text,
        );
        plan
    }

    fn glued(plan: &QueryPlan) -> Vec<Matcher> {
        plan.concepts
            .iter()
            .flat_map(|c| &c.alternatives)
            .filter(|(_, o)| *o == Origin::Glued)
            .map(|(m, _)| m.clone())
            .collect()
    }

    #[test]
    fn a_glued_spelling_the_index_has_is_kept() {
        // The article writes «ایگورسرگیف» glued.
        let plan = resolved("ایگور سرگیف");
        let term = Matcher::Term("ایگورسرگیف".into());
        assert_eq!(glued(&plan), [term.clone(), term]);
    }

    #[test]
    fn a_glued_spelling_the_index_lacks_is_dropped() {
        let before = QueryPlan::parse("سرگیف ایگور", fixtures_index().analyzer()).unwrap();
        assert!(!glued(&before).is_empty(), "{:?}", before.concepts);
        let plan = resolved("سرگیف ایگور");
        assert!(glued(&plan).is_empty(), "{:?}", plan.concepts);
        // the words as typed stay
        assert_eq!(plan.concepts.len(), 2);
        assert_eq!(
            plan.concepts[0].alternatives[0],
            (Matcher::Term("سرگیف".into()), Origin::Typed)
        );
    }

    #[test]
    fn common_and_short_words_are_not_split() {
        // «روسیه» is in many passages; «خزر» has too few letters to split.
        for query in ["روسیه", "خزر", "ایران"] {
            let plan = resolved(query);
            assert!(plan.expansions.iter().all(|e| e.origin != Origin::Split));
        }
    }
}
