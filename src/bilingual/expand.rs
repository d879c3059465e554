//! Expanding a query plan across languages: English words gain their Persian
//! translations, Persian words their English ones, and names the lexicon does
//! not know their spellings in the other script found in the index.
//!
//! * A run of bare words is matched against the lexicon longest phrase
//!   first: each word of "Persian Gulf" also matches the phrase
//!   «خلیج فارس» — never خلیج OR فارس alone. Expansion only adds ways to
//!   match: the words as typed always count on their own, so «سردار
//!   سلیمانی» still finds a passage that says «قاسم سلیمانی».
//! * Translations rank below the words as typed, transliterations below
//!   translations ([`Origin::tier`]).
//! * Every expansion is recorded in [`QueryPlan::expansions`] with where it
//!   came from, so users can trust a hit they did not type.

use serde::Serialize;
use tantivy::schema::Field;
use tantivy::Searcher;

use super::lexicon::{BilingualLexicon, Source, Translation};
use super::transliterate::{latin_to_persian, matching_terms, persian_to_latin, MAX_SPELLINGS};
use crate::analysis::lexicon::Lexicon;
use crate::analysis::{is_stop_word, Script};
use crate::query::{Concept, Matcher, Origin, QueryPlan};

/// A Persian word seen more often than this in the Persian word list is a
/// common word, not a name to transliterate.
const NAME_MAX_COUNT: u32 = 50;

/// One expansion the search used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Expansion {
    /// The query words it stands for.
    pub query: String,
    /// What was searched, as written (lexicon) or as found in the index (transliteration).
    pub text: String,
    /// [`Origin::Lexicon`], [`Origin::Transliteration`] or [`Origin::Typo`].
    pub origin: Origin,
    /// The lexicon entry's file and line, for translations.
    pub source: Option<Source>,
    /// The lexicon entry's category, for translations.
    pub category: Option<String>,
}

fn matcher(terms: &[String]) -> Matcher {
    match terms {
        [term] => Matcher::Term(term.clone()),
        _ => Matcher::Phrase(terms.to_vec()),
    }
}

/// The analysed terms a concept stands for, for a lexicon lookup: a glued
/// word as its parts.
fn key_terms(concept: &Concept) -> Vec<String> {
    let split = concept.alternatives.iter().find_map(|(m, o)| match (m, o) {
        (Matcher::Phrase(parts), Origin::Split) => Some(parts.clone()),
        _ => None,
    });
    split.unwrap_or_else(|| match concept.alternatives.first() {
        Some((Matcher::Term(t), _)) => vec![t.clone()],
        Some((Matcher::Phrase(p), _)) => p.clone(),
        None => Vec::new(),
    })
}

fn add_translations(
    concept: &mut Concept,
    translations: &[Translation],
    expansions: &mut Vec<Expansion>,
) {
    for translation in translations {
        concept.add(matcher(&translation.terms), Origin::Lexicon);
        expansions.push(Expansion {
            query: concept.label.clone(),
            text: translation.text.clone(),
            origin: Origin::Lexicon,
            source: Some(translation.source.clone()),
            category: Some(translation.category.to_string()),
        });
    }
}

/// Adds the other script's spellings of a name found in `field`'s terms.
fn add_transliterations(
    concept: &mut Concept,
    searcher: &Searcher,
    field: Field,
    expansions: &mut Vec<Expansion>,
) {
    let Some((Matcher::Term(term), _)) = concept.alternatives.first().cloned() else {
        return;
    };
    if is_stop_word(&term) || concept.label.chars().count() < 3 {
        return;
    }
    let script = Script::of(&concept.label);
    let pattern = match script {
        // Names are written with a capital: "Lavrov", not "trade".
        Script::Latin if concept.label.starts_with(|c: char| c.is_uppercase()) => {
            latin_to_persian(&concept.label)
        }
        Script::Persian if Lexicon::persian().count(&term) <= NAME_MAX_COUNT => {
            persian_to_latin(&term)
        }
        _ => None,
    };
    let Some(pattern) = pattern else { return };
    for (spelling, _) in matching_terms(searcher, field, &pattern, MAX_SPELLINGS) {
        if spelling == term {
            continue;
        }
        concept.add(Matcher::Term(spelling.clone()), Origin::Transliteration);
        expansions.push(Expansion {
            query: concept.label.clone(),
            text: spelling,
            origin: Origin::Transliteration,
            source: None,
            category: None,
        });
    }
}

/// Expands `plan` in place with `lexicon` translations and transliterations
/// found among the terms of `field` in `searcher`'s index.
///
/// ```
/// use kavosh::analysis::Analyzer;
/// use kavosh::bilingual::{expand, BilingualLexicon};
/// use kavosh::query::{Matcher, QueryPlan};
/// # let index = tantivy::Index::create_in_ram(kavosh::index::schema::build().0);
/// # let field = index.schema().get_field("text").unwrap();
/// # let searcher = index.reader().unwrap().searcher();
/// let mut plan = QueryPlan::parse("Persian Gulf", &Analyzer::default()).unwrap();
/// expand(&mut plan, BilingualLexicon::builtin(), &searcher, field);
/// // the words as typed stay; each also matches the translated phrase
/// assert_eq!(plan.concepts.len(), 2);
/// let gulf = Matcher::Phrase(vec!["خلیج".into(), "فارس".into()]);
/// assert!(plan.concepts.iter().all(|c| c.alternatives.iter().any(|(m, _)| *m == gulf)));
/// ```
pub fn expand(plan: &mut QueryPlan, lexicon: &BilingualLexicon, searcher: &Searcher, field: Field) {
    let mut expansions = Vec::new();
    let concepts = &mut plan.concepts;
    let mut i = 0;
    while i < concepts.len() {
        let Some(run) = concepts[i].run else {
            // A phrase or an OR group: look up each typed alternative whole.
            let typed: Vec<Vec<String>> = concepts[i]
                .alternatives
                .iter()
                .filter(|(_, origin)| origin.tier() == 2)
                .map(|(m, _)| match m {
                    Matcher::Term(t) => vec![t.clone()],
                    Matcher::Phrase(p) => p.clone(),
                })
                .collect();
            for terms in typed {
                add_translations(&mut concepts[i], lexicon.lookup(&terms), &mut expansions);
            }
            i += 1;
            continue;
        };
        let run_end = i + concepts[i..]
            .iter()
            .take_while(|c| c.run == Some(run))
            .count();
        // Longest lexicon phrase starting at i, within the run.
        let mut matched = None;
        for len in (1..=lexicon.longest_key().min(run_end - i)).rev() {
            let key: Vec<String> = concepts[i..i + len].iter().flat_map(key_terms).collect();
            let translations = lexicon.lookup(&key);
            if !translations.is_empty() {
                matched = Some((len, translations));
                break;
            }
        }
        match matched {
            Some((len, translations)) => {
                // The words as typed stay concepts of their own; the
                // translation of the phrase they form is one more way for
                // each of them to match (a passage with «قاسم سلیمانی» still
                // matches «سلیمانی» of «سردار سلیمانی»).
                for concept in &mut concepts[i + 1..i + len] {
                    add_translations(concept, translations, &mut Vec::new());
                }
                if len > 1 {
                    let label = concepts[i..i + len]
                        .iter()
                        .map(|c| c.label.as_str())
                        .collect::<Vec<_>>()
                        .join(" ");
                    let first = expansions.len();
                    add_translations(&mut concepts[i], translations, &mut expansions);
                    for e in &mut expansions[first..] {
                        e.query.clone_from(&label);
                    }
                } else {
                    add_translations(&mut concepts[i], translations, &mut expansions);
                }
                i += len;
            }
            None => {
                let concept = &mut concepts[i];
                // A misspelled word is corrected, not transliterated.
                let corrected = concept
                    .alternatives
                    .iter()
                    .any(|(_, o)| matches!(o, Origin::Typo(_) | Origin::TypoTranslation));
                if !concept.optional && !corrected {
                    add_transliterations(concept, searcher, field, &mut expansions);
                }
                i += 1;
            }
        }
    }
    plan.expansions.extend(expansions);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::Analyzer;

    fn expanded(query: &str) -> QueryPlan {
        let index = tantivy::Index::create_in_ram(crate::index::schema::build().0);
        let field = index.schema().get_field("text").unwrap();
        let searcher = index.reader().unwrap().searcher();
        let mut plan = QueryPlan::parse(query, &Analyzer::default()).unwrap();
        expand(&mut plan, BilingualLexicon::builtin(), &searcher, field);
        plan
    }

    fn has(plan: &QueryPlan, concept: usize, m: Matcher, origin: Origin) -> bool {
        plan.concepts[concept].alternatives.contains(&(m, origin))
    }

    fn term(t: &str) -> Matcher {
        Matcher::Term(t.to_string())
    }

    fn phrase(ts: &[&str]) -> Matcher {
        Matcher::Phrase(ts.iter().map(|t| t.to_string()).collect())
    }

    #[test]
    fn english_words_gain_persian_translations() {
        let plan = expanded("Caspian");
        assert!(has(&plan, 0, term("caspian"), Origin::Typed));
        assert!(has(&plan, 0, term("خزر"), Origin::Lexicon));
        assert!(has(&plan, 0, phrase(&["دریا", "خزر"]), Origin::Lexicon));
        let e = &plan.expansions[0];
        assert_eq!((e.query.as_str(), e.origin), ("Caspian", Origin::Lexicon));
        assert_eq!(e.source.as_ref().unwrap().file.as_ref(), "en-fa.tsv");
    }

    #[test]
    fn multiword_english_maps_as_a_phrase() {
        let plan = expanded("Persian Gulf");
        assert_eq!(plan.concepts.len(), 2, "the typed words stay");
        assert!(has(&plan, 0, term("persian"), Origin::Typed));
        assert!(has(&plan, 1, term("gulf"), Origin::Typed));
        for concept in 0..2 {
            assert!(has(
                &plan,
                concept,
                phrase(&["خلیج", "فارس"]),
                Origin::Lexicon
            ));
            assert!(!has(&plan, concept, term("خلیج"), Origin::Lexicon));
        }
        assert_eq!(plan.expansions[0].query, "Persian Gulf");
        let plan = expanded("Shanghai Cooperation Organization");
        assert_eq!(plan.concepts.len(), 3);
        assert!(has(
            &plan,
            2,
            phrase(&["سازمان", "همکاری", "شانگهای"]),
            Origin::Lexicon
        ));
    }

    #[test]
    fn a_lexicon_phrase_never_replaces_the_typed_words() {
        // «سردار سلیمانی» is a lexicon entry; «سلیمانی» alone must still count.
        let plan = expanded("سردار سلیمانی");
        assert_eq!(plan.concepts.len(), 2);
        assert!(has(&plan, 0, term("سردار"), Origin::Typed));
        assert!(has(&plan, 1, term("سلیمانی"), Origin::Typed));
        assert!(plan.expansions.iter().all(|e| e.origin == Origin::Lexicon));
    }

    #[test]
    fn persian_words_gain_english_translations() {
        let plan = expanded("خزر");
        assert!(has(&plan, 0, term("caspian"), Origin::Lexicon));
        let plan = expanded("خلیج فارس");
        assert_eq!(plan.concepts.len(), 2);
        assert!(has(&plan, 1, phrase(&["persian", "gulf"]), Origin::Lexicon));
    }

    #[test]
    fn mixed_queries_expand_each_part() {
        let plan = expanded("Putin خزر");
        assert_eq!(plan.concepts.len(), 2);
        assert!(has(&plan, 0, term("پوتین"), Origin::Lexicon));
        assert!(has(&plan, 1, term("caspian"), Origin::Lexicon));
    }

    #[test]
    fn phrases_and_or_groups_expand_whole() {
        let plan = expanded("\"Security Council\"");
        assert!(has(&plan, 0, phrase(&["شورا", "امنیت"]), Origin::Lexicon));
        let plan = expanded("India OR China");
        assert!(has(&plan, 0, term("هند"), Origin::Lexicon));
        assert!(has(&plan, 0, term("چین"), Origin::Lexicon));
    }

    #[test]
    fn stop_words_and_unknown_words_stay_as_typed() {
        let plan = expanded("the Caspian");
        assert!(
            plan.concepts[0].alternatives.len() == 1,
            "{:?}",
            plan.concepts[0]
        );
    }
}
