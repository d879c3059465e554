//! Searching an index: ranking, hits, highlights and snippets.
//!
//! Ranking is the model of [`rank`]: IDF-weighted coverage of the query's
//! concepts, BM25 for paragraphs, proximity of the query's words, the
//! section heading as weak evidence.

pub mod batch;
pub mod feedback;
pub mod filter;
pub mod group;
pub mod highlight;
pub mod rank;
pub mod snippet;

use std::sync::Arc;

use serde::Serialize;
use tantivy::collector::Count;
use tantivy::query::Query;
use tantivy::schema::Value;
use tantivy::{DocAddress, Score, TantivyDocument};

pub use feedback::{Feedback, FeedbackTerm};
pub use filter::{DocPattern, Filter};
pub use group::Group;
pub use rank::{RankParams, ScoreParts};
pub use snippet::{Snippet, SnippetOptions};

use crate::analysis::Analyzer;
use crate::bilingual::{expand, Expansion};
use crate::corpus::Date;
use crate::error::Result;
use crate::index::guard::{self, Activity};
use crate::index::SearchIndex;
pub use crate::query::typo::Typos;
use crate::query::{self, QueryPlan};
use crate::query::{compound, typo};

/// Settings of one search.
#[derive(Debug, Clone)]
pub struct SearchOptions {
    /// How many hits to return.
    pub limit: usize,
    /// How many of the best hits to skip first (paging).
    pub offset: usize,
    /// How snippets are cut.
    pub snippet: SnippetOptions,
    /// Match words as typed, without stemming: «کشور» then finds «کشور» but
    /// not «کشورها». Letters, digits, ZWNJ and glued words are still
    /// normalised. Candidates from the (stemmed) index are checked against
    /// the stored text, so this costs one stored-document read per candidate.
    pub exact: bool,
    /// Search English words in Persian and Persian words in English too,
    /// through the bilingual lexicon and transliteration of names.
    pub expand: bool,
    /// Which passages may be returned: dates, language, document paths.
    pub filter: Filter,
    /// One hit per passage, or per article.
    pub group: Group,
    /// Also search misspelled words corrected ([`Typos::Auto`]); `exact`
    /// implies [`Typos::Off`].
    pub typos: Typos,
    /// Also search related forms of the typed Persian words that the index
    /// holds («سالی» → «سال», «چرب» → «چربی»), weighted down
    /// ([`crate::query::relax`]).
    pub related: bool,
    /// The parameters of the ranking model.
    pub ranking: RankParams,
    /// Pseudo-relevance feedback: the terms the best passages of a first
    /// search share are searched too, with small weights ([`feedback`]).
    pub feedback: Option<Feedback>,
    /// Give every hit the parts of its score ([`Hit::explain`]).
    pub explain: bool,
}

impl Default for SearchOptions {
    fn default() -> Self {
        SearchOptions {
            limit: 10,
            offset: 0,
            snippet: SnippetOptions::default(),
            exact: false,
            expand: true,
            filter: Filter::default(),
            group: Group::default(),
            typos: Typos::default(),
            related: true,
            ranking: RankParams::default(),
            feedback: None,
            explain: false,
        }
    }
}

/// One passage found.
#[derive(Debug, Clone, Serialize)]
pub struct Hit {
    /// 1-based rank among all hits (offset included).
    pub rank: usize,
    /// The ranking model's score (see [`rank`]).
    pub score: f32,
    /// How many of the query's concepts the passage (or its section) contains.
    pub matched: usize,
    /// The article's id (its file path for text files).
    pub id: String,
    /// The article's file, relative to the corpus root.
    pub doc: String,
    /// The article's title.
    pub title: String,
    /// The section heading the passage stands under.
    pub section: Option<String>,
    /// 1-based paragraph number within the article.
    pub paragraph: u64,
    /// 1-based line of the source file where the passage starts.
    pub line: u64,
    /// The passage exactly as in the source.
    pub text: String,
    /// The best parts of the passage.
    pub snippet: String,
    /// Highlights in `snippet`: `[start, end)` in Unicode scalar values.
    pub snippet_highlights: Vec<[usize; 2]>,
    /// Highlights in `text`: `[start, end)` in Unicode scalar values.
    pub highlights: Vec<[usize; 2]>,
    /// The article's publication line, if any.
    pub published: Option<String>,
    /// The article's news id, if any.
    pub news_id: Option<String>,
    /// The article's date, ISO Gregorian `YYYY-MM-DD`, if known.
    pub date: Option<String>,
    /// The same day in the Jalali calendar, `YYYY-MM-DD` (`1391-07-17`).
    pub date_jalali: Option<String>,
    /// The passage's language, `fa` or `en`.
    pub lang: Option<String>,
    /// With [`Group::Article`]: how many of the article's passages match
    /// (this hit is the best of them).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub passages_matched: Option<usize>,
    /// With [`SearchOptions::explain`]: the parts of [`Hit::score`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub explain: Option<ScoreParts>,
}

/// The answer to a search.
#[derive(Debug, Clone, Serialize)]
pub struct SearchResults {
    /// The query as given.
    pub query: String,
    /// How many passages (with [`Group::Article`]: articles) match in all.
    pub total_hits: usize,
    /// What a hit stands for: `passage`, or `article`.
    pub group: Group,
    /// How many concepts the query has, question and stop words left out
    /// (see [`Hit::matched`]).
    pub concepts: usize,
    /// The hits of the requested page, best first.
    pub hits: Vec<Hit>,
    /// Parts of the query that were ignored or reinterpreted.
    pub warnings: Vec<String>,
    /// Translations, transliterations and typo corrections that were searched too.
    pub expansions: Vec<Expansion>,
    /// "Did you mean": the query with its misspelled words corrected, and
    /// how many hits it has as typed.
    pub suggestions: Vec<Suggestion>,
    /// With [`SearchOptions::feedback`]: the terms feedback added, and
    /// their weights.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub feedback: Vec<FeedbackTerm>,
}

/// A corrected query suggested for a query with misspelled words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Suggestion {
    /// The corrected query.
    pub query: String,
    /// Its hits (passages, or articles with [`Group::Article`]).
    pub hits: usize,
}

impl SearchResults {
    /// The results of `query`, analysed as `plan`, searched with `options`.
    fn of(
        query: &str,
        plan: &QueryPlan,
        options: &SearchOptions,
        total_hits: usize,
        hits: Vec<Hit>,
    ) -> SearchResults {
        SearchResults {
            query: query.to_string(),
            total_hits,
            group: options.group,
            concepts: plan.concepts.iter().filter(|c| !c.optional).count(),
            hits,
            warnings: plan.warnings.clone(),
            expansions: plan.expansions.clone(),
            suggestions: Vec::new(),
            feedback: Vec::new(),
        }
    }
}

/// An `--exact` candidate that passed: (concepts matched, score, where, match spans).
type Verified = (usize, Score, DocAddress, Vec<(usize, usize)>);

fn text_field(doc: &TantivyDocument, field: tantivy::schema::Field) -> Option<String> {
    doc.get_first(field)
        .and_then(|v| v.as_str())
        .map(str::to_string)
}

fn u64_field(doc: &TantivyDocument, field: tantivy::schema::Field) -> u64 {
    doc.get_first(field).and_then(|v| v.as_u64()).unwrap_or(0)
}

fn date_field(doc: &TantivyDocument, field: tantivy::schema::Field) -> Option<Date> {
    doc.get_first(field)
        .and_then(|v| v.as_i64())
        .and_then(Date::from_days_since_epoch)
}

impl SearchIndex {
    /// Searches the index.
    ///
    /// Fails with [`Error::Query`](crate::Error::Query) when the query has
    /// nothing searchable; parts it had to ignore are listed in
    /// [`SearchResults::warnings`].
    pub fn search(&self, query: &str, options: &SearchOptions) -> Result<SearchResults> {
        guard::contain(self.dir(), Activity::Read, || {
            self.search_unguarded(query, options)
        })
    }

    fn search_unguarded(&self, query: &str, options: &SearchOptions) -> Result<SearchResults> {
        let mut plan = QueryPlan::parse(query, self.analyzer())?;
        if !options.exact {
            compound::resolve(
                &mut plan,
                self.analyzer(),
                &self.searcher(),
                self.fields().text,
            );
        }
        let mut fixes = Vec::new();
        if options.typos == Typos::Auto && !options.exact {
            let searcher = self.searcher();
            let dictionaries = typo::Dictionaries {
                searcher: &searcher,
                field: self.fields().text,
                analyzer: self.analyzer(),
                lexicon: options.expand.then(|| self.lexicon()),
            };
            fixes = typo::correct(&mut plan, &dictionaries);
        }
        if options.expand && !options.exact {
            expand(
                &mut plan,
                self.lexicon(),
                &self.searcher(),
                self.fields().text,
            );
        }
        if options.related && !options.exact {
            query::relax::relax(&mut plan, &self.searcher(), self.fields().text);
        }
        if options.exact {
            let exact = Analyzer::exact();
            let exact_plan = QueryPlan::parse(query, &exact)?;
            return self.search_exact(query, &plan, &exact, &exact_plan, options);
        }
        let mut results = self.search_plan_unguarded(query, &plan, options)?;
        results.suggestions = self.suggestions(query, &fixes, options)?;
        Ok(results)
    }

    /// "Did you mean": the query with its corrected words, if it has hits
    /// searched without corrections.
    fn suggestions(
        &self,
        query: &str,
        fixes: &[typo::Fix],
        options: &SearchOptions,
    ) -> Result<Vec<Suggestion>> {
        let Some(corrected) = typo::corrected_query(query, fixes) else {
            return Ok(Vec::new());
        };
        if fixes.is_empty() {
            return Ok(Vec::new());
        }
        let count = SearchOptions {
            limit: 0,
            offset: 0,
            typos: Typos::Off,
            ..options.clone()
        };
        let hits = self.search_unguarded(&corrected, &count)?.total_hits;
        Ok(if hits > 0 {
            vec![Suggestion {
                query: corrected,
                hits,
            }]
        } else {
            Vec::new()
        })
    }

    /// `--exact`: the stemmed query finds candidates, the unstemmed plan
    /// decides which of them really contain the words as typed.
    fn search_exact(
        &self,
        query: &str,
        plan: &QueryPlan,
        exact: &Analyzer,
        exact_plan: &QueryPlan,
        options: &SearchOptions,
    ) -> Result<SearchResults> {
        let fields = *self.fields();
        let searcher = self.searcher();
        let tantivy_query = self.filtered_query(&searcher, plan, options, &[])?;
        let candidates = searcher.search(tantivy_query.as_ref(), &Count)?;
        // Only the page's documents are kept: the others are read, checked and dropped.
        let mut verified: Vec<Verified> = Vec::new();
        if candidates > 0 {
            let all = rank::TopRanked {
                model: Arc::new(self.rank_model(&searcher, plan, options)?),
                top: candidates,
            };
            for ranked in searcher.search(tantivy_query.as_ref(), &all)?.0 {
                let (score, address) = (ranked.score(), ranked.address);
                let doc: TantivyDocument = searcher.doc(address)?;
                let text = text_field(&doc, fields.text).unwrap_or_default();
                let section = text_field(&doc, fields.section).unwrap_or_default();
                let in_text = highlight::find_matches(exact, exact_plan, &text);
                let in_section = highlight::find_matches(exact, exact_plan, &section);
                let matched = exact_plan
                    .concepts
                    .iter()
                    .enumerate()
                    .filter(|(i, c)| {
                        !c.optional && (in_text.concepts[*i] || in_section.concepts[*i])
                    })
                    .count();
                if matched > 0 {
                    verified.push((matched, score, address, in_text.spans));
                }
            }
        }
        verified.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.total_cmp(&a.1)));
        let articles = group::ArticleKeys::new(&searcher, &fields)?;
        let verified = group::first_per_article(verified, options.group, |v| articles.get(v.2));
        let total_hits = verified.len();
        let mut hits = Vec::new();
        for (i, ((matched, score, address, spans), passages)) in verified
            .into_iter()
            .enumerate()
            .skip(options.offset)
            .take(options.limit)
        {
            let doc: TantivyDocument = searcher.doc(address)?;
            hits.push(Hit {
                passages_matched: passages,
                ..self.hit(i + 1, matched, score, &doc, &spans, options)
            });
        }
        Ok(SearchResults::of(
            query, exact_plan, options, total_hits, hits,
        ))
    }

    /// The relevance query of `plan` (and of feedback terms `extra`)
    /// restricted by the options' filters.
    fn filtered_query(
        &self,
        searcher: &tantivy::Searcher,
        plan: &QueryPlan,
        options: &SearchOptions,
        extra: &[String],
    ) -> Result<Box<dyn Query>> {
        let fields = self.fields();
        let filter = options.filter.query(searcher, fields)?;
        Ok(filter::restrict(query::build(fields, plan, extra), filter))
    }

    /// A hit from a stored document and the byte spans of its matches.
    fn hit(
        &self,
        rank: usize,
        matched: usize,
        score: Score,
        doc: &TantivyDocument,
        spans: &[(usize, usize)],
        options: &SearchOptions,
    ) -> Hit {
        let fields = self.fields();
        let text = text_field(doc, fields.text).unwrap_or_default();
        let snippet = snippet::make_snippet(&text, spans, options.snippet);
        let date = date_field(doc, fields.date);
        Hit {
            rank,
            score,
            matched,
            id: text_field(doc, fields.id).unwrap_or_default(),
            doc: text_field(doc, fields.doc).unwrap_or_default(),
            title: text_field(doc, fields.title).unwrap_or_default(),
            section: text_field(doc, fields.section),
            paragraph: u64_field(doc, fields.paragraph),
            line: u64_field(doc, fields.line),
            highlights: highlight::to_char_spans(&text, spans),
            snippet: snippet.text,
            snippet_highlights: snippet.highlights,
            published: text_field(doc, fields.published),
            news_id: text_field(doc, fields.news_id),
            date: date.map(Date::iso),
            date_jalali: date.map(|d| d.to_jalali().to_string()),
            lang: text_field(doc, fields.lang),
            passages_matched: None,
            explain: None,
            text,
        }
    }

    /// The hit for the passage `ranked`, at rank `rank`, its matches found
    /// by the analyzer.
    fn passage_hit(
        &self,
        searcher: &tantivy::Searcher,
        plan: &QueryPlan,
        rank: usize,
        ranked: &rank::Ranked,
        options: &SearchOptions,
    ) -> Result<Hit> {
        let doc: TantivyDocument = searcher.doc(ranked.address)?;
        let text = text_field(&doc, self.fields().text).unwrap_or_default();
        let spans = highlight::match_spans(self.analyzer(), plan, &text);
        let matched = ranked.scored.matched as usize;
        Ok(Hit {
            explain: options.explain.then_some(ranked.scored.parts),
            ..self.hit(rank, matched, ranked.score(), &doc, &spans, options)
        })
    }

    /// The ranking model of `plan` on this index.
    fn rank_model(
        &self,
        searcher: &tantivy::Searcher,
        plan: &QueryPlan,
        options: &SearchOptions,
    ) -> Result<rank::RankModel> {
        Ok(rank::RankModel::new(
            plan,
            searcher,
            self.fields(),
            options.ranking,
        )?)
    }

    /// Searches with an already analysed query.
    pub fn search_plan(
        &self,
        query: &str,
        plan: &QueryPlan,
        options: &SearchOptions,
    ) -> Result<SearchResults> {
        guard::contain(self.dir(), Activity::Read, || {
            self.search_plan_unguarded(query, plan, options)
        })
    }

    fn search_plan_unguarded(
        &self,
        query: &str,
        plan: &QueryPlan,
        options: &SearchOptions,
    ) -> Result<SearchResults> {
        let searcher = self.searcher();
        let tantivy_query = self.filtered_query(&searcher, plan, options, &[])?;
        if options.limit == 0 && options.group != Group::Article {
            let total_hits = searcher.search(tantivy_query.as_ref(), &Count)?;
            return Ok(SearchResults::of(
                query,
                plan,
                options,
                total_hits,
                Vec::new(),
            ));
        }

        let mut model = self.rank_model(&searcher, plan, options)?;
        let mut feedback = Vec::new();
        let mut tantivy_query = tantivy_query;
        if let Some(settings) = options.feedback {
            feedback = feedback::expand_model(
                &searcher,
                tantivy_query.as_ref(),
                &mut model,
                plan,
                self.analyzer(),
                self.fields(),
                settings,
            )?;
            if !feedback.is_empty() {
                let terms: Vec<String> = feedback.iter().map(|t| t.term.clone()).collect();
                tantivy_query = self.filtered_query(&searcher, plan, options, &terms)?;
            }
        }
        let model = Arc::new(model);
        let of = |total_hits, hits| SearchResults {
            feedback: feedback.clone(),
            ..SearchResults::of(query, plan, options, total_hits, hits)
        };
        if options.group == Group::Article {
            let (total_hits, hits) =
                self.search_by_article(&searcher, plan, tantivy_query.as_ref(), model, options)?;
            return Ok(of(total_hits, hits));
        }
        let collector = rank::TopRanked {
            model,
            top: options.offset.saturating_add(options.limit),
        };
        let (top, total_hits) = searcher.search(tantivy_query.as_ref(), &collector)?;
        let mut hits = Vec::with_capacity(options.limit);
        for (i, ranked) in top.iter().enumerate().skip(options.offset) {
            hits.push(self.passage_hit(&searcher, plan, i + 1, ranked, options)?);
        }
        Ok(of(total_hits, hits))
    }
}

/// The bundled article and every fixture format (tests/fixtures/formats),
/// indexed once for the search tests.
#[cfg(test)]
pub(crate) fn fixtures_index() -> &'static SearchIndex {
    use crate::index::{IndexOptions, SilentProgress};
    static INDEX: std::sync::OnceLock<(tempfile::TempDir, SearchIndex)> =
        std::sync::OnceLock::new();
    &INDEX
        .get_or_init(|| {
            let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
            let roots = [root.join("corpus"), root.join("tests/fixtures/formats")];
            let dir = tempfile::tempdir().unwrap();
            let index = SearchIndex::open_or_create(dir.path()).unwrap();
            index
                .rebuild(&roots, &IndexOptions::default(), &SilentProgress)
                .unwrap();
            (dir, index)
        })
        .1
}

/// A small result set for the output tests.
#[cfg(test)]
pub(crate) fn sample_results() -> SearchResults {
    SearchResults {
        query: "بوشهر".into(),
        total_hits: 3,
        group: Group::Passage,
        concepts: 1,
        hits: vec![Hit {
            rank: 1,
            score: 2.5,
            matched: 1,
            id: "a.txt".into(),
            doc: "a.txt".into(),
            title: "a".into(),
            section: Some("انرژی".into()),
            paragraph: 1,
            line: 3,
            text: "نیروگاه بوشهر".into(),
            snippet: "نیروگاه بوشهر".into(),
            snippet_highlights: vec![[8, 13]],
            highlights: vec![[8, 13]],
            published: None,
            news_id: None,
            date: Some("2012-10-08".into()),
            date_jalali: Some("1391-07-17".into()),
            lang: Some("fa".into()),
            passages_matched: None,
            explain: None,
        }],
        warnings: vec![],
        expansions: vec![],
        suggestions: vec![],
        feedback: vec![],
    }
}
