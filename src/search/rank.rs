//! The ranking model: how a passage's score is made.
//!
//! A query is a list of concepts (a typed word and its alternative matchers,
//! each weighted by its origin). Question words («چه», «چرا», «کدام»…) and
//! stop words are not concepts of the model: they never lift a passage.
//! For every passage that matches at least one concept:
//!
//! * **coverage**: for every concept the passage contains, its IDF (how
//!   rare it is in the index) times `presence` — so missing «راه» costs
//!   little and missing «دیابت» a lot, and a word counts for being there
//!   more than for being repeated;
//! * **bm25**: for every concept, its IDF times BM25's saturated term
//!   frequency (parameters `k1`, `b` for paragraphs);
//! * **proximity**: for every pair of query concepts next to each other in
//!   the query, how close they stand in the passage (full credit when they
//!   stand as typed, an unquoted phrase; less when apart or reversed),
//!   weighted by the rarer-of-the-two's IDF;
//! * **lead**: how near the start of the passage the query concepts it
//!   contains first stand, on average (each its IDF times 1 at the first
//!   word, ½ at [`LEAD_SPAN`] words in): a passage's first sentence names
//!   its topic, so a passage that opens with the question's words is about
//!   them, and one that mentions them in passing further on is less so.
//!   An average, not a sum: it says where the words stand, never how many
//!   there are (coverage does). Scaled by how much of the passage lies
//!   beyond its opening (`1 − LEAD_SPAN / (LEAD_SPAN + length)`): in a
//!   passage that is one sentence long, every word stands near the start
//!   and where it stands says little. Questions only
//!   ([`QueryPlan::question`]): a question asks about something and its
//!   answer is a passage about it, where a keyword query ("news on X")
//!   wants every passage that reports X, wherever X stands;
//! * **fields**: a concept in the section heading above the passage or in
//!   the article's title, as weak evidence (BM25F-like: the title never
//!   makes a passage match, it only lifts passages that match);
//! * **feedback**: terms added by pseudo-relevance feedback.
//!
//! Each concept counts through its best alternative, weighted by origin
//! ([`Origin::boost`]): the words as typed above translations above
//! transliterations.

use std::sync::Arc;

use rustc_hash::FxHashMap;
use serde::Serialize;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::fieldnorm::FieldNormReader;
use tantivy::postings::{Postings, SegmentPostings};
use tantivy::query::{PhraseQuery, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocAddress, DocId, DocSet, Score, Searcher, SegmentOrdinal, SegmentReader, Term};

use crate::index::Fields;
use crate::query::{Matcher, Origin, QueryPlan};

/// The parameters of the ranking model.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RankParams {
    /// BM25 term-frequency saturation.
    pub k1: f32,
    /// BM25 length normalisation (0: none, 1: full).
    pub b: f32,
    /// What containing a concept is worth, in units of its IDF.
    pub presence: f32,
    /// What two query words standing together are worth, in units of the
    /// rarer one's IDF.
    pub proximity: f32,
    /// What the passage's query concepts standing at its start are worth,
    /// in units of their mean IDF (less the further in they first stand,
    /// see [`LEAD_SPAN`]). Counts for questions only: [`RankModel::new`]
    /// sets it to 0 for a query that is not one.
    pub lead: f32,
    /// What a concept in the section heading is worth, in units of its IDF.
    pub section: f32,
    /// What a concept in the article's title is worth, in units of its IDF,
    /// for a passage that matches in its text or section.
    pub title: f32,
}

impl Default for RankParams {
    fn default() -> Self {
        RankParams {
            k1: 1.5,
            b: 0.9,
            presence: 0.3,
            proximity: 0.5,
            lead: 0.7,
            section: 0.3,
            title: TITLE_WEIGHT,
        }
    }
}

/// The default [`RankParams::title`].
pub const TITLE_WEIGHT: f32 = 0.3;

/// A concept first standing this many words into a passage gets half the
/// [`RankParams::lead`] credit of one at its first word
/// (`LEAD_SPAN / (LEAD_SPAN + position)`): about a sentence.
pub const LEAD_SPAN: f32 = 10.0;

/// The parts of a passage's score (`--explain`); the score is their sum.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct ScoreParts {
    /// The IDF-weighted presence of the query's concepts.
    pub coverage: f32,
    /// BM25 over the concepts' term frequencies.
    pub bm25: f32,
    /// Query words standing near each other.
    pub proximity: f32,
    /// Query words near the start of the passage.
    pub lead: f32,
    /// Concepts in the section heading and the article's title.
    pub fields: f32,
    /// Terms added by pseudo-relevance feedback.
    pub feedback: f32,
    /// With `--group article`: the article's other matching passages, each
    /// counting half the one before it ([`ARTICLE_DECAY`]).
    pub other_passages: f32,
}

/// With `--group article`, an article's score is its best passage's plus
/// its next best passages', the second at this weight, the third at its
/// square, and so on (at most [`ARTICLE_PASSAGES`] passages count).
pub const ARTICLE_DECAY: f32 = 0.5;
/// How many of an article's passages count in its score.
pub const ARTICLE_PASSAGES: usize = 5;

impl ScoreParts {
    /// The score: the sum of the parts.
    pub fn total(&self) -> f32 {
        self.coverage
            + self.bm25
            + self.proximity
            + self.lead
            + self.fields
            + self.feedback
            + self.other_passages
    }
}

/// The decayed sum of the scores of an article's passages after its best
/// one (`others`, best first).
///
/// ```
/// use kavosh::search::rank::decayed_sum;
/// assert_eq!(decayed_sum(&[4.0, 2.0]), 4.0 * 0.5 + 2.0 * 0.25);
/// assert_eq!(decayed_sum(&[]), 0.0);
/// ```
pub fn decayed_sum(others: &[f32]) -> f32 {
    let mut weight = 1.0;
    let mut sum = 0.0;
    for score in others.iter().take(ARTICLE_PASSAGES - 1) {
        weight *= ARTICLE_DECAY;
        sum += score * weight;
    }
    sum
}

/// Inverse document frequency, BM25's.
fn idf(doc_freq: u64, docs: u64) -> f32 {
    let (df, n) = (doc_freq.min(docs) as f32, docs as f32);
    (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
}

/// One way to match a concept: terms at consecutive positions.
#[derive(Debug, Clone)]
struct Alternative {
    terms: Vec<String>,
    boost: f32,
}

/// A concept as the model sees it.
#[derive(Debug, Clone)]
struct ConceptModel {
    idf: f32,
    /// Position of the concept in the query (stop words included), for
    /// proximity; `None` for a feedback term.
    query_position: Option<usize>,
    /// Weight of a feedback term (1 for query concepts).
    weight: f32,
    alternatives: Vec<Alternative>,
    /// The articles whose title has the concept, with the best boost of the
    /// alternatives found there.
    titles: FxHashMap<u64, f32>,
}

/// The ranking model of one query on one index.
#[derive(Debug, Clone)]
pub struct RankModel {
    params: RankParams,
    text: Field,
    section: Field,
    title: Field,
    article: Field,
    avg_text: f32,
    docs: u64,
    concepts: Vec<ConceptModel>,
}

fn terms_of(matcher: &Matcher) -> Vec<String> {
    match matcher {
        Matcher::Term(t) => vec![t.clone()],
        Matcher::Phrase(p) => p.clone(),
    }
}

impl RankModel {
    /// The model of `plan`'s concepts (those searched: not stop or question
    /// words) over `searcher`'s index.
    pub fn new(
        plan: &QueryPlan,
        searcher: &Searcher,
        fields: &Fields,
        params: RankParams,
    ) -> tantivy::Result<RankModel> {
        let docs = searcher.num_docs().max(1);
        let mut tokens = 0u64;
        for segment in searcher.segment_readers() {
            tokens += segment.inverted_index(fields.text)?.total_num_tokens();
        }
        let params = RankParams {
            lead: if plan.question { params.lead } else { 0.0 },
            ..params
        };
        let mut model = RankModel {
            params,
            text: fields.text,
            section: fields.section,
            title: fields.title_terms,
            article: fields.article,
            avg_text: (tokens as f32 / docs as f32).max(1.0),
            docs,
            concepts: Vec::new(),
        };
        for (position, concept) in plan.concepts.iter().enumerate() {
            if concept.optional {
                continue;
            }
            let mut alternatives = Vec::with_capacity(concept.alternatives.len());
            let mut related = Vec::new();
            for (m, origin) in &concept.alternatives {
                let alternative = Alternative {
                    terms: terms_of(m),
                    boost: origin.boost(),
                };
                if *origin == Origin::Derived {
                    related.push(alternative);
                } else {
                    alternatives.push(alternative);
                }
            }
            // The concept weighs as the words typed; a related form counts
            // at most as much as it is rare itself.
            let idf = model.concept_idf(searcher, &alternatives)?;
            let titles = if params.title > 0.0 {
                model.titles(searcher, &alternatives)?
            } else {
                FxHashMap::default()
            };
            for mut alternative in related {
                let own = model.concept_idf(searcher, std::slice::from_ref(&alternative))?;
                alternative.boost *= own.min(idf) / idf;
                alternatives.push(alternative);
            }
            model.concepts.push(ConceptModel {
                idf,
                query_position: Some(position),
                weight: 1.0,
                alternatives,
                titles,
            });
        }
        Ok(model)
    }

    /// A concept's IDF from the documents any of its alternatives may
    /// match (a phrase: its rarest term), so a concept known to the index
    /// only through a translation weighs as that translation.
    fn concept_idf(
        &self,
        searcher: &Searcher,
        alternatives: &[Alternative],
    ) -> tantivy::Result<f32> {
        let mut df = 0u64;
        for alternative in alternatives {
            let mut rarest = u64::MAX;
            for term in &alternative.terms {
                rarest = rarest.min(searcher.doc_freq(&Term::from_field_text(self.text, term))?);
            }
            df += rarest;
        }
        Ok(idf(df, self.docs))
    }

    /// The articles whose title has any of `alternatives`, each with the
    /// best of their boosts. A title is indexed once per article (under its
    /// first passage), so this reads one posting per titled article.
    fn titles(
        &self,
        searcher: &Searcher,
        alternatives: &[Alternative],
    ) -> tantivy::Result<FxHashMap<u64, f32>> {
        let mut titles: FxHashMap<u64, f32> = FxHashMap::default();
        let collector = ArticlesOf {
            article: self.article,
        };
        for alternative in alternatives {
            let terms: Vec<Term> = alternative
                .terms
                .iter()
                .map(|t| Term::from_field_text(self.title, t))
                .collect();
            let query: Box<dyn Query> = match terms.len() {
                1 => Box::new(TermQuery::new(terms[0].clone(), IndexRecordOption::Basic)),
                _ => Box::new(PhraseQuery::new(terms)),
            };
            let keys = searcher.search(query.as_ref(), &collector)?;
            titles.reserve(keys.len());
            for key in keys {
                let boost = titles.entry(key).or_insert(0.0);
                *boost = boost.max(alternative.boost);
            }
        }
        Ok(titles)
    }

    /// Adds a feedback term with `weight` (of its IDF).
    pub fn add_feedback(
        &mut self,
        searcher: &Searcher,
        term: &str,
        weight: f32,
    ) -> tantivy::Result<()> {
        let alternatives = vec![Alternative {
            terms: vec![term.to_string()],
            boost: 1.0,
        }];
        let idf = self.concept_idf(searcher, &alternatives)?;
        self.concepts.push(ConceptModel {
            idf,
            query_position: None,
            weight,
            alternatives,
            titles: FxHashMap::default(),
        });
        Ok(())
    }

    /// How many concepts of the query the model has (feedback terms left
    /// out).
    pub fn query_concepts(&self) -> usize {
        self.concepts
            .iter()
            .filter(|c| c.query_position.is_some())
            .count()
    }

    /// The model's parameters.
    pub fn params(&self) -> RankParams {
        self.params
    }

    /// The scorer of one segment.
    pub fn segment(self: &Arc<Self>, segment: &SegmentReader) -> tantivy::Result<SegmentRanker> {
        let text = segment.inverted_index(self.text)?;
        let section = segment.inverted_index(self.section)?;
        let open = |index: &tantivy::InvertedIndexReader,
                    field: Field,
                    terms: &[String]|
         -> tantivy::Result<Option<Vec<SegmentPostings>>> {
            let mut postings = Vec::with_capacity(terms.len());
            for term in terms {
                let term = Term::from_field_text(field, term);
                match index.read_postings(&term, IndexRecordOption::WithFreqsAndPositions)? {
                    Some(p) => postings.push(p),
                    None => return Ok(None),
                }
            }
            Ok(Some(postings))
        };
        let mut concepts = Vec::with_capacity(self.concepts.len());
        for concept in &self.concepts {
            let mut alternatives = Vec::with_capacity(concept.alternatives.len());
            for alternative in &concept.alternatives {
                alternatives.push(AlternativePostings {
                    boost: alternative.boost,
                    text: open(&text, self.text, &alternative.terms)?,
                    section: open(&section, self.section, &alternative.terms)?,
                });
            }
            concepts.push(alternatives);
        }
        let articles = if self.concepts.iter().any(|c| !c.titles.is_empty()) {
            let name = segment.schema().get_field_name(self.article);
            Some(segment.fast_fields().u64(name)?)
        } else {
            None
        };
        Ok(SegmentRanker {
            articles,
            model: Arc::clone(self),
            concepts,
            text_norms: segment.get_fieldnorms_reader(self.text)?,
            found: Vec::new(),
            spans: Vec::new(),
            buffers: (Vec::new(), Vec::new()),
        })
    }

    /// BM25's saturated term frequency of `tf` in a field of `len` tokens.
    fn saturation(&self, tf: u32, len: u32, avg: f32) -> f32 {
        let RankParams { k1, b, .. } = self.params;
        let tf = tf as f32;
        tf * (k1 + 1.0) / (tf + k1 * (1.0 - b + b * len as f32 / avg))
    }
}

/// Collects the article keys of the matching documents (the `article`
/// fast field), for [`RankModel::titles`].
struct ArticlesOf {
    article: Field,
}

/// The segment part of [`ArticlesOf`].
struct ArticlesOfSegment {
    column: Column<u64>,
    keys: Vec<u64>,
}

impl Collector for ArticlesOf {
    type Fruit = Vec<u64>;
    type Child = ArticlesOfSegment;

    fn for_segment(
        &self,
        _segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<ArticlesOfSegment> {
        let name = reader.schema().get_field_name(self.article);
        Ok(ArticlesOfSegment {
            column: reader.fast_fields().u64(name)?,
            keys: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Vec<u64>>) -> tantivy::Result<Vec<u64>> {
        Ok(fruits.concat())
    }
}

impl SegmentCollector for ArticlesOfSegment {
    type Fruit = Vec<u64>;

    fn collect(&mut self, doc: DocId, _score: Score) {
        self.keys.extend(self.column.first(doc));
    }

    fn harvest(self) -> Vec<u64> {
        self.keys
    }
}

/// An alternative's postings in one segment: `None` where a term of it is
/// not in the segment (it cannot match there).
struct AlternativePostings {
    boost: f32,
    text: Option<Vec<SegmentPostings>>,
    section: Option<Vec<SegmentPostings>>,
}

/// Moves `postings` to `doc`; true when all are on it.
fn all_on(postings: &mut [SegmentPostings], doc: DocId) -> bool {
    postings.iter_mut().all(|p| {
        if p.doc() < doc {
            p.seek(doc);
        }
        p.doc() == doc
    })
}

/// Occurrences `[start, end]` (token positions) of terms at consecutive
/// positions in the current document of `postings`.
fn occurrences(
    postings: &mut [SegmentPostings],
    out: &mut Vec<(u32, u32)>,
    (first, other): (&mut Vec<u32>, &mut Vec<u32>),
) {
    out.clear();
    postings[0].positions(first);
    let len = postings.len() as u32;
    out.extend(first.iter().map(|&p| (p, p + len - 1)));
    for (k, p) in postings.iter_mut().enumerate().skip(1) {
        p.positions(other);
        out.retain(|&(start, _)| other.binary_search(&(start + k as u32)).is_ok());
        if out.is_empty() {
            return;
        }
    }
}

/// Scores the passages of one segment.
pub struct SegmentRanker {
    model: Arc<RankModel>,
    /// The article key of each passage, when some concept is in a title.
    articles: Option<Column<u64>>,
    concepts: Vec<Vec<AlternativePostings>>,
    text_norms: FieldNormReader,
    /// Per concept: the best alternative in the text (its index and term
    /// frequency), scratch.
    found: Vec<Option<(usize, u32)>>,
    /// Per concept: its occurrences in the text, scratch.
    spans: Vec<Vec<(u32, u32)>>,
    buffers: (Vec<u32>, Vec<u32>),
}

/// A scored passage: its score's parts and how many query concepts it has.
#[derive(Debug, Clone, Copy)]
pub struct Scored {
    /// The score's parts.
    pub parts: ScoreParts,
    /// Query concepts found in the passage or its section heading.
    pub matched: u32,
}

impl SegmentRanker {
    /// The score of `doc` (documents must come in increasing order).
    pub fn score(&mut self, doc: DocId) -> Scored {
        let (scored, positional) = self.score_apart(doc);
        self.with_positions(doc, scored, positional)
    }

    /// The score of `doc` if it can reach `threshold`, else `None`
    /// (documents must come in increasing order). Exact: a passage whose
    /// score, with the best proximity and lead it could have, is below
    /// `threshold` has a lower score than `threshold` whatever its
    /// positions, so a collector that already holds enough passages at or
    /// above `threshold` would drop it anyway; its positions are then not
    /// read.
    pub fn score_reaching(&mut self, doc: DocId, threshold: Score) -> Option<Scored> {
        let (scored, positional) = self.score_apart(doc);
        let mut best = scored.parts;
        if positional {
            best.proximity = self.proximity_bound();
            best.lead = self.lead_bound(self.text_norms.fieldnorm(doc));
        }
        if best.total() < threshold {
            return None;
        }
        Some(self.with_positions(doc, scored, positional))
    }

    /// `scored` with its proximity and lead parts when `positional` (a
    /// query concept in the text).
    fn with_positions(&mut self, doc: DocId, mut scored: Scored, positional: bool) -> Scored {
        if positional {
            self.read_positions(doc);
            scored.parts.proximity = self.proximity();
            scored.parts.lead = self.lead(self.text_norms.fieldnorm(doc));
        }
        scored
    }

    /// The score of `doc` without its proximity and lead parts, and
    /// whether it has them (a query concept in the text).
    fn score_apart(&mut self, doc: DocId) -> (Scored, bool) {
        let model = Arc::clone(&self.model);
        let params = model.params;
        let text_len = self.text_norms.fieldnorm(doc);
        let mut parts = ScoreParts::default();
        let mut matched = 0;
        self.found.clear();
        self.spans.resize_with(model.concepts.len(), Vec::new);
        let mut in_text = 0;
        let mut article: Option<Option<u64>> = None;
        for (c, (concept, alternatives)) in
            model.concepts.iter().zip(&mut self.concepts).enumerate()
        {
            // The best alternative in the text: highest boost × saturation.
            let mut best: Option<(usize, u32, f32)> = None;
            let mut section_boost: f32 = 0.0;
            for (a, alternative) in alternatives.iter_mut().enumerate() {
                if let Some(postings) = alternative.text.as_mut() {
                    if all_on(postings, doc) {
                        let tf = if postings.len() == 1 {
                            postings[0].term_freq()
                        } else {
                            occurrences(
                                postings,
                                &mut self.spans[c],
                                (&mut self.buffers.0, &mut self.buffers.1),
                            );
                            self.spans[c].len() as u32
                        };
                        if tf > 0 {
                            let value = alternative.boost
                                * (params.presence
                                    + model.saturation(tf, text_len, model.avg_text));
                            if best.is_none_or(|(_, _, v)| value > v) {
                                best = Some((a, tf, value));
                            }
                        }
                    }
                }
                if let Some(postings) = alternative.section.as_mut() {
                    if all_on(postings, doc) {
                        section_boost = section_boost.max(alternative.boost);
                    }
                }
            }
            let weight = concept.idf * concept.weight;
            if let Some((a, tf, _)) = best {
                let boost = alternatives[a].boost;
                let coverage = weight * boost * params.presence;
                let bm25 = weight * boost * model.saturation(tf, text_len, model.avg_text);
                if concept.query_position.is_some() {
                    parts.coverage += coverage;
                    parts.bm25 += bm25;
                    in_text += 1;
                } else {
                    parts.feedback += coverage + bm25;
                }
            }
            self.found.push(best.map(|(a, tf, _)| (a, tf)));
            if concept.query_position.is_some() {
                let mut title_boost = 0.0;
                if let (Some(articles), false) = (&self.articles, concept.titles.is_empty()) {
                    // The passage's article, read once per passage.
                    let key = *article.get_or_insert_with(|| articles.first(doc));
                    if let Some(boost) = key.and_then(|key| concept.titles.get(&key)) {
                        title_boost = *boost;
                    }
                }
                parts.fields +=
                    weight * (section_boost * params.section + title_boost * params.title);
            }
            if concept.query_position.is_some() && (best.is_some() || section_boost > 0.0) {
                matched += 1;
            }
        }
        let positional =
            (in_text >= 2 && params.proximity > 0.0) || (in_text >= 1 && params.lead > 0.0);
        (Scored { parts, matched }, positional)
    }

    /// The largest proximity part the current document could have: what
    /// [`SegmentRanker::proximity`] gives with every pair at closeness 1
    /// (its most), summed in the same order, so it is never below it in
    /// floating point either.
    fn proximity_bound(&self) -> f32 {
        let model = &self.model;
        let mut total = 0.0;
        let mut previous: Option<usize> = None;
        for (c, concept) in model.concepts.iter().enumerate() {
            if concept.query_position.is_none() {
                continue;
            }
            if let Some(p) = previous {
                if self.found[p].is_some() && self.found[c].is_some() {
                    total += model.concepts[p].idf.min(concept.idf);
                }
            }
            previous = Some(c);
        }
        total * model.params.proximity
    }

    /// The largest lead part the current document, of `len` tokens, could
    /// have: what [`SegmentRanker::lead`] gives with every concept at the
    /// first word, computed in the same order, so it is never below it in
    /// floating point either (a closeness of at most 1 times the share is
    /// at most the share).
    fn lead_bound(&self, len: u32) -> f32 {
        let share = lead_share(len);
        self.lead_with(|_| share)
    }

    /// The lead part of the current document, of `len` tokens: the mean,
    /// over the query concepts in the text, of how near the start each
    /// first stands, weighted by its IDF and the boost of the alternative
    /// found ([`RankParams::lead`]), times the share of the passage beyond
    /// its opening ([`lead_share`]).
    fn lead(&self, len: u32) -> f32 {
        let share = lead_share(len);
        self.lead_with(|spans| lead_closeness(spans.first().map_or(u32::MAX, |s| s.0)) * share)
    }

    /// The lead part with `closeness` of each concept's occurrences.
    fn lead_with(&self, closeness: impl Fn(&[(u32, u32)]) -> f32) -> f32 {
        let (mut total, mut found) = (0.0, 0u32);
        for (c, concept) in self.model.concepts.iter().enumerate() {
            if let (Some(_), Some((a, _))) = (concept.query_position, self.found[c]) {
                total += concept.idf * concept.alternatives[a].boost * closeness(&self.spans[c]);
                found += 1;
            }
        }
        if found == 0 {
            return 0.0;
        }
        total / found as f32 * self.model.params.lead
    }

    /// Reads the occurrences of every query concept found in the current
    /// document's text into `spans` (phrases hold theirs from scoring).
    fn read_positions(&mut self, doc: DocId) {
        let model = Arc::clone(&self.model);
        for (c, concept) in model.concepts.iter().enumerate() {
            let Some((a, _)) = self.found[c] else {
                continue;
            };
            if concept.query_position.is_none() {
                continue;
            }
            let Some(postings) = self.concepts[c][a].text.as_mut() else {
                continue;
            };
            debug_assert!(postings.iter().all(|p| p.doc() == doc));
            if postings.len() == 1 {
                postings[0].positions(&mut self.buffers.0);
                self.spans[c].clear();
                self.spans[c].extend(self.buffers.0.iter().map(|&p| (p, p)));
            }
            // phrases: `spans[c]` holds them from scoring
        }
    }

    /// The proximity part of the current document: each pair of query
    /// concepts next to each other in the query, at their closest.
    fn proximity(&self) -> f32 {
        let model = &self.model;
        let mut total = 0.0;
        let mut previous: Option<usize> = None;
        for (c, concept) in model.concepts.iter().enumerate() {
            let Some(position) = concept.query_position else {
                continue;
            };
            if let Some(p) = previous {
                if self.found[p].is_some() && self.found[c].is_some() {
                    let expected = position - model.concepts[p].query_position.unwrap_or(0);
                    let closeness = closeness(&self.spans[p], &self.spans[c], expected as u32);
                    total += closeness * model.concepts[p].idf.min(concept.idf);
                }
            }
            previous = Some(c);
        }
        total * model.params.proximity
    }
}

/// How close occurrences of `b` follow occurrences of `a` in a text, for
/// words `expected` positions apart in the query: 1 as typed, falling with
/// each position more or less, half for the reverse order, 0 when more than
/// [`PROXIMITY_WINDOW`] apart.
fn closeness(a: &[(u32, u32)], b: &[(u32, u32)], expected: u32) -> f32 {
    let mut best: f32 = 0.0;
    for &(a_start, a_end) in a.iter().take(64) {
        for &(b_start, b_end) in b.iter().take(64) {
            let value = if b_start > a_end {
                let gap = b_start - a_end;
                1.0 / (1.0 + gap.abs_diff(expected) as f32)
            } else if a_start > b_end {
                let gap = a_start - b_end;
                0.5 / gap as f32
            } else {
                // The same token (a glued word standing for both).
                1.0
            };
            let apart = b_start.abs_diff(a_end).min(a_start.abs_diff(b_end));
            if apart <= PROXIMITY_WINDOW {
                best = best.max(value);
            }
        }
    }
    best
}

/// Query words further apart than this in a passage get no proximity credit.
const PROXIMITY_WINDOW: u32 = 12;

/// The lead credit of a concept first standing at token `position` of a
/// passage: 1 at the first word, ½ at [`LEAD_SPAN`] words in.
fn lead_closeness(position: u32) -> f32 {
    LEAD_SPAN / (LEAD_SPAN + position as f32)
}

/// How much the lead part counts in a passage of `len` tokens: what of it
/// lies beyond its opening, `1 − lead_closeness(len)` (0.5 at
/// [`LEAD_SPAN`] tokens, 0.9 at ten times that). Where a passage is a
/// single sentence, every word stands near its start.
fn lead_share(len: u32) -> f32 {
    1.0 - lead_closeness(len)
}

/// A passage ranked: score parts, concepts matched, address.
#[derive(Debug, Clone, Copy)]
pub struct Ranked {
    /// The score and its parts.
    pub scored: Scored,
    /// The passage.
    pub address: DocAddress,
}

impl Ranked {
    /// The score.
    pub fn score(&self) -> Score {
        self.scored.parts.total()
    }

    /// True when `self` ranks before `other`: higher score, then the
    /// earlier passage.
    pub fn before(&self, other: &Ranked) -> bool {
        other
            .score()
            .total_cmp(&self.score())
            .then(self.address.cmp(&other.address))
            .is_lt()
    }
}

/// Sorts best first.
pub fn sort(ranked: &mut [Ranked]) {
    ranked.sort_unstable_by(|a, b| {
        b.score()
            .total_cmp(&a.score())
            .then(a.address.cmp(&b.address))
    });
}

/// Keeps the best `n` of `ranked`, best first.
fn keep_best(ranked: &mut Vec<Ranked>, n: usize) {
    if ranked.len() > n && n > 0 {
        ranked.select_nth_unstable_by(n - 1, |a, b| {
            b.score()
                .total_cmp(&a.score())
                .then(a.address.cmp(&b.address))
        });
        ranked.truncate(n);
    } else if n == 0 {
        ranked.clear();
    }
    sort(ranked);
}

/// Collects the best `top` passages by the model, and counts all matches.
pub struct TopRanked {
    /// The model.
    pub model: Arc<RankModel>,
    /// How many to keep.
    pub top: usize,
}

/// The segment part of [`TopRanked`].
pub struct TopRankedSegment {
    ranker: SegmentRanker,
    segment: SegmentOrdinal,
    top: usize,
    kept: Vec<Ranked>,
    count: usize,
    /// The score of the `top`-th best passage kept at the last pruning:
    /// a passage that cannot reach it cannot be among the best `top`.
    threshold: Score,
}

impl Collector for TopRanked {
    type Fruit = (Vec<Ranked>, usize);
    type Child = TopRankedSegment;

    fn for_segment(
        &self,
        segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<TopRankedSegment> {
        Ok(TopRankedSegment {
            ranker: self.model.segment(reader)?,
            segment,
            top: self.top,
            kept: Vec::new(),
            count: 0,
            threshold: Score::NEG_INFINITY,
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<(Vec<Ranked>, usize)>) -> tantivy::Result<Self::Fruit> {
        let mut all = Vec::new();
        let mut count = 0;
        for (kept, n) in fruits {
            all.extend(kept);
            count += n;
        }
        keep_best(&mut all, self.top);
        Ok((all, count))
    }
}

impl SegmentCollector for TopRankedSegment {
    type Fruit = (Vec<Ranked>, usize);

    fn collect(&mut self, doc: DocId, _score: Score) {
        self.count += 1;
        if self.top == 0 {
            return;
        }
        let Some(scored) = self.ranker.score_reaching(doc, self.threshold) else {
            return;
        };
        self.kept.push(Ranked {
            scored,
            address: DocAddress::new(self.segment, doc),
        });
        if self.kept.len() >= self.top.max(64).saturating_mul(2) {
            keep_best(&mut self.kept, self.top);
            if let Some(last) = self.kept.get(self.top - 1) {
                self.threshold = last.score();
            }
        }
    }

    fn harvest(mut self) -> Self::Fruit {
        keep_best(&mut self.kept, self.top);
        (self.kept, self.count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rare_words_weigh_more() {
        assert!(idf(3, 1000) > idf(300, 1000));
        assert!(idf(0, 1000) > 0.0 && idf(1000, 1000) > 0.0);
    }

    #[test]
    fn lead_credit_halves_a_sentence_in() {
        assert_eq!(lead_closeness(0), 1.0);
        assert_eq!(lead_closeness(LEAD_SPAN as u32), 0.5);
        assert!(lead_closeness(3) > lead_closeness(30));
        assert!(lead_closeness(u32::MAX) < 1e-6);
        // a sentence-long passage: little; a paragraph: most
        assert_eq!(lead_share(0), 0.0);
        assert!(lead_share(5) < 0.34);
        assert!(lead_share(100) > 0.9);
        assert!(lead_share(u32::MAX) <= 1.0);
    }

    #[test]
    fn closeness_is_highest_as_typed() {
        let at = |p: u32| vec![(p, p)];
        assert_eq!(closeness(&at(3), &at(4), 1), 1.0);
        assert!(closeness(&at(3), &at(6), 1) < 1.0);
        assert!(closeness(&at(4), &at(3), 1) < closeness(&at(3), &at(4), 1));
        assert_eq!(closeness(&at(3), &at(40), 1), 0.0);
        // two query words with a stop word between them: «کشتی در دریا»
        assert_eq!(closeness(&at(3), &at(5), 2), 1.0);
    }

    /// Passages that can no longer reach the best `limit` are dropped
    /// without their proximity: the best `limit` must be exactly the first
    /// `limit` of all the matches ranked in full.
    #[test]
    fn the_best_hits_are_those_of_ranking_every_match() {
        use crate::index::{IndexOptions, SilentProgress};
        use crate::{SearchIndex, SearchOptions};
        let words = [
            "روسیه",
            "ایران",
            "همکاری",
            "دریای",
            "خزر",
            "نیروگاه",
            "بوشهر",
            "کشتیرانی",
            "بندر",
            "تجارت",
            "نفت",
            "گاز",
            "مسکو",
            "تهران",
            "قرارداد",
            "انرژی",
            "کشورها",
            "هسته‌ای",
            "آستاراخان",
            "راه‌آهن",
            "Caspian",
            "Russia",
        ];
        // 600 passages of 6–25 words drawn with a fixed generator: query
        // words at every distance, repeated, in both orders.
        let mut state: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n as u64) as usize
        };
        let mut text = String::from("همکاری ایران و روسیه\n");
        for _ in 0..600 {
            let len = 6 + next(20);
            let line: Vec<&str> = (0..len).map(|_| words[next(words.len())]).collect();
            text.push_str(&line.join(" "));
            text.push('\n');
        }
        let corpus = tempfile::tempdir().unwrap();
        std::fs::write(corpus.path().join("generated.txt"), text).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let index = SearchIndex::open_or_create(dir.path()).unwrap();
        index
            .rebuild(
                &[corpus.path().to_path_buf()],
                &IndexOptions::default(),
                &SilentProgress,
            )
            .unwrap();
        for query in [
            "همکاری ایران و روسیه",
            "نیروگاه بوشهر",
            "دریای خزر کشتیرانی",
            "\"دریای خزر\" روسیه",
            "روسیه",
            "Caspian Russia",
            "نفت گاز -تهران",
        ] {
            let all = SearchOptions {
                limit: 10_000,
                explain: true,
                ..SearchOptions::default()
            };
            let full = index.search(query, &all).unwrap();
            // More than the 128 a page of 64 or fewer keeps before its first pruning.
            assert!(full.total_hits > 128, "{query}: {}", full.total_hits);
            for (limit, offset) in [(1, 0), (5, 0), (10, 0), (10, 20), (3, 97)] {
                let page = SearchOptions {
                    limit,
                    offset,
                    ..all.clone()
                };
                let got = index.search(query, &page).unwrap();
                assert_eq!(got.total_hits, full.total_hits, "{query}");
                let expected = &full.hits[offset..offset + limit];
                assert_eq!(got.hits.len(), limit, "{query}");
                for (g, e) in got.hits.iter().zip(expected) {
                    assert_eq!(
                        (g.rank, &g.id, g.line, g.score, g.matched),
                        (e.rank, &e.id, e.line, e.score, e.matched),
                        "{query} limit {limit} offset {offset}"
                    );
                    assert_eq!(
                        g.explain.map(|p| (p.proximity, p.lead)),
                        e.explain.map(|p| (p.proximity, p.lead))
                    );
                }
            }
        }
    }
}
