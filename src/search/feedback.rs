//! Pseudo-relevance feedback (RM3-style): the words the best passages of a
//! first search share are searched too, with small weights.
//!
//! A question rarely uses every word of its answer: «چرا حیوانات منقرض
//! می شوند» is answered by a passage about «انقراض جانداران». The first
//! search ranks the passages by the words typed; the terms of its best
//! [`Feedback::passages`] passages are weighed as relevance models weigh
//! them — each passage's share of the first-search score times the term's
//! share of the passage — and the [`Feedback::terms`] best of them
//! (weighted by how informative they are, in at least two of those
//! passages, never a stop or question word nor a word of the query) are
//! added to the ranking model ([`RankModel::add_feedback`]), weighing
//! together [`Feedback::weight`] of the query's words together. The second search then
//! finds and ranks passages by the typed words and those terms; the
//! feedback part of each score is [`super::ScoreParts::feedback`].

use rustc_hash::FxHashMap;
use serde::Serialize;
use tantivy::query::Query;
use tantivy::schema::Value;
use tantivy::{Searcher, TantivyDocument, Term};

use super::rank::{RankModel, TopRanked};
use crate::analysis::{is_question_word, is_stop_word, Analyzer};
use crate::error::Result;
use crate::index::Fields;
use crate::query::{Matcher, QueryPlan};

/// The settings of pseudo-relevance feedback.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Feedback {
    /// How many of the best passages of the first search are read.
    pub passages: usize,
    /// How many of their terms are added.
    pub terms: usize,
    /// The weight of the feedback terms together, relative to the query's
    /// words together (RM3's interpolation); each term in proportion to
    /// its share of the passages.
    pub weight: f32,
}

impl Default for Feedback {
    fn default() -> Self {
        Feedback {
            passages: 10,
            terms: 20,
            weight: 0.2,
        }
    }
}

/// The limits of the settings, for the command line, the API and Python.
pub const MAX_PASSAGES: usize = 100;
/// See [`MAX_PASSAGES`].
pub const MAX_TERMS: usize = 100;

impl Feedback {
    /// The settings of `slot`, turned on with the defaults if they were
    /// off: setting one of them turns feedback on.
    pub fn on(slot: &mut Option<Feedback>) -> &mut Feedback {
        slot.get_or_insert_with(Feedback::default)
    }

    /// Checks a weight: a number above 0, at most 1.
    pub fn check_weight(weight: f64) -> std::result::Result<f32, String> {
        if weight > 0.0 && weight <= 1.0 {
            Ok(weight as f32)
        } else {
            Err(format!(
                "must be above 0 and at most 1 (the weight of the feedback terms together relative to the query's words); got {weight}"
            ))
        }
    }
}

/// A term added by feedback, and its weight (relative to a typed word).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FeedbackTerm {
    /// The analysed term.
    pub term: String,
    /// Its weight in the ranking model.
    pub weight: f32,
}

/// The words of the query in every alternative: never feedback terms.
fn query_terms(plan: &QueryPlan) -> Vec<&str> {
    plan.positive_matchers()
        .flat_map(|m| match m {
            Matcher::Term(t) => std::slice::from_ref(t).iter(),
            Matcher::Phrase(p) => p.iter(),
        })
        .map(String::as_str)
        .collect()
}

/// True when `term` may be a feedback term: a word (not a number or a
/// single letter), not a stop or question word.
fn candidate(term: &str) -> bool {
    term.chars().count() >= 2
        && !term.chars().all(|c| c.is_ascii_digit())
        && !is_stop_word(term)
        && !is_question_word(term)
}

/// The feedback terms of `query` (ranked by `model`): read from the best
/// passages of a first search, added to `model`, and returned.
pub(super) fn expand_model(
    searcher: &Searcher,
    query: &dyn Query,
    model: &mut RankModel,
    plan: &QueryPlan,
    analyzer: &Analyzer,
    fields: &Fields,
    feedback: Feedback,
) -> Result<Vec<FeedbackTerm>> {
    if feedback.passages == 0 || feedback.terms == 0 || feedback.weight <= 0.0 {
        return Ok(Vec::new());
    }
    let first = TopRanked {
        model: std::sync::Arc::new(model.clone()),
        top: feedback.passages,
    };
    let (top, _) = searcher.search(query, &first)?;
    let total: f32 = top.iter().map(|r| r.score().max(0.0)).sum();
    if top.is_empty() || total <= 0.0 {
        return Ok(Vec::new());
    }
    let typed = query_terms(plan);
    // term → (relevance-model weight, passages it is in)
    let mut model_weights: FxHashMap<String, (f32, u32)> = FxHashMap::default();
    let mut counts: FxHashMap<String, u32> = FxHashMap::default();
    for ranked in &top {
        let doc: TantivyDocument = searcher.doc(ranked.address)?;
        let Some(text) = doc.get_first(fields.text).and_then(|v| v.as_str()) else {
            continue;
        };
        counts.clear();
        let mut length = 0u32;
        for token in analyzer.analyze(text) {
            length += 1;
            if candidate(&token.term) && !typed.contains(&token.term.as_str()) {
                *counts.entry(token.term).or_default() += 1;
            }
        }
        let share = ranked.score().max(0.0) / total;
        for (term, tf) in counts.drain() {
            let entry = model_weights.entry(term).or_default();
            entry.0 += share * tf as f32 / length.max(1) as f32;
            entry.1 += 1;
        }
    }
    let min_passages = top.len().min(2) as u32;
    let docs = searcher.num_docs().max(1) as f32;
    let mut scored: Vec<(String, f32, f32)> = Vec::new();
    for (term, (weight, passages)) in model_weights {
        if passages < min_passages {
            continue;
        }
        let df = searcher.doc_freq(&Term::from_field_text(fields.text, &term))? as f32;
        let idf = (1.0 + (docs - df + 0.5) / (df + 0.5)).ln();
        scored.push((term, weight, weight * idf));
    }
    scored.sort_by(|a, b| b.2.total_cmp(&a.2).then_with(|| a.0.cmp(&b.0)));
    scored.truncate(feedback.terms);
    // RM3's interpolation: the feedback terms together weigh `weight` of
    // the query's concepts together, each in proportion to its share.
    let sum: f32 = scored.iter().map(|s| s.1).sum();
    let concepts = model.query_concepts() as f32;
    let mut terms = Vec::with_capacity(scored.len());
    for (term, weight, _) in scored {
        let weight = feedback.weight * concepts * weight / sum;
        model.add_feedback(searcher, &term, weight)?;
        terms.push(FeedbackTerm { term, weight });
    }
    Ok(terms)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stop_question_and_number_terms_are_never_feedback() {
        assert!(candidate("انقراض"));
        assert!(!candidate("از"));
        assert!(!candidate("چرا"));
        assert!(!candidate("1398"));
        assert!(!candidate("x"));
    }
}
