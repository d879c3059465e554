//! A query wrapper whose scorer tolerates being asked about a document it
//! has already moved past.
//!
//! tantivy 0.27's exclusion (`MustNot`) asks its excluded scorer about every
//! candidate with `seek_danger`, including candidates behind the scorer's
//! current document; a phrase scorer asserts against that (tantivy issue
//! #2811) and may answer wrongly in release builds. Wrapping excluded
//! matchers in [`ForwardOnly`] answers such questions from the current
//! position and only ever moves the inner scorer forward.

use tantivy::query::{EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::{DocId, DocSet, Score, SegmentReader};

/// Wraps a query so that its scorer is only moved forward.
#[derive(Debug)]
pub struct ForwardOnly(pub Box<dyn Query>);

impl Clone for ForwardOnly {
    fn clone(&self) -> Self {
        ForwardOnly(self.0.box_clone())
    }
}

impl Query for ForwardOnly {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(ForwardOnlyWeight(self.0.weight(enable_scoring)?)))
    }
}

struct ForwardOnlyWeight(Box<dyn Weight>);

impl Weight for ForwardOnlyWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        Ok(Box::new(ForwardOnlyScorer(self.0.scorer(reader, boost)?)))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        self.0.explain(reader, doc)
    }
}

struct ForwardOnlyScorer(Box<dyn Scorer>);

impl DocSet for ForwardOnlyScorer {
    fn advance(&mut self) -> DocId {
        self.0.advance()
    }

    // `seek_danger` keeps its default, which calls this `seek`.
    fn seek(&mut self, target: DocId) -> DocId {
        if target <= self.0.doc() {
            return self.0.doc();
        }
        self.0.seek(target)
    }

    fn doc(&self) -> DocId {
        self.0.doc()
    }

    fn size_hint(&self) -> u32 {
        self.0.size_hint()
    }
}

impl Scorer for ForwardOnlyScorer {
    fn score(&mut self) -> Score {
        self.0.score()
    }
}
