//! Queries: the user's syntax ([`syntax`]), its analysed form ([`plan`]) and
//! the tantivy query built from it in code — user text never goes through
//! tantivy's query parser, which rejects ordinary Persian such as
//! «ساعت ۱۰:۳۰».

pub mod compound;
pub mod forward_only;
pub mod plan;
pub mod relax;
pub mod syntax;
pub mod typo;

pub use plan::{Concept, Matcher, Origin, QueryPlan};

use tantivy::query::{BooleanQuery, BoostQuery, Occur, PhraseQuery, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::Term;

use crate::index::Fields;

/// Weight of a match in the section heading, relative to the paragraph text.
pub const SECTION_BOOST: f32 = 0.3;

fn matcher_query(field: Field, matcher: &Matcher) -> Box<dyn Query> {
    match matcher {
        Matcher::Term(t) => Box::new(TermQuery::new(
            Term::from_field_text(field, t),
            IndexRecordOption::WithFreqs,
        )),
        Matcher::Phrase(terms) => {
            let terms = terms
                .iter()
                .map(|t| Term::from_field_text(field, t))
                .collect();
            Box::new(PhraseQuery::new(terms))
        }
    }
}

/// The query for one concept: any alternative, in the text or (weighted
/// down) in the section heading.
///
/// Alternatives are weighted by their origin ([`Origin::boost`]): the words as
/// typed count fully, lexicon translations and transliterations less.
pub fn concept_query(fields: &Fields, concept: &Concept) -> Box<dyn Query> {
    alternatives_query(fields, concept.alternatives.iter())
}

fn alternatives_query<'a>(
    fields: &Fields,
    alternatives: impl Iterator<Item = &'a (Matcher, Origin)>,
) -> Box<dyn Query> {
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    for (matcher, origin) in alternatives {
        let boost = origin.boost();
        let text = matcher_query(fields.text, matcher);
        clauses.push((
            Occur::Should,
            if boost == 1.0 {
                text
            } else {
                Box::new(BoostQuery::new(text, boost))
            },
        ));
        let section = matcher_query(fields.section, matcher);
        clauses.push((
            Occur::Should,
            Box::new(BoostQuery::new(section, SECTION_BOOST * boost)),
        ));
    }
    Box::new(BooleanQuery::new(clauses))
}

/// The whole query: the passages where any concept matches (question and
/// stop words are not searched unless the query has nothing else), but not
/// those with an excluded matcher (in their text). No concept is required:
/// the ranking model ([`crate::search::rank`]) weighs what a passage lacks.
///
/// A passage may also match by one of `extra` terms in its text
/// (pseudo-relevance feedback terms).
pub fn build(fields: &Fields, plan: &QueryPlan, extra: &[String]) -> Box<dyn Query> {
    let mut any: Vec<(Occur, Box<dyn Query>)> = plan
        .concepts
        .iter()
        .filter(|c| !c.optional)
        .map(|c| (Occur::Should, concept_query(fields, c)))
        .collect();
    for term in extra {
        any.push((
            Occur::Should,
            matcher_query(fields.text, &Matcher::Term(term.clone())),
        ));
    }
    let mut clauses: Vec<(Occur, Box<dyn Query>)> =
        vec![(Occur::Must, Box::new(BooleanQuery::new(any)))];
    for matcher in &plan.excluded {
        let excluded = forward_only::ForwardOnly(matcher_query(fields.text, matcher));
        clauses.push((Occur::MustNot, Box::new(excluded)));
    }
    Box::new(BooleanQuery::new(clauses))
}
