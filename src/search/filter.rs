//! Filters on a search: a date range, a language, a document path pattern.
//!
//! A filter only restricts which passages match: it is a tantivy query that
//! scores 0, required next to the relevance query, so rankings and scores
//! are the same as without it.

use std::ops::Bound;

use globset::{GlobBuilder, GlobMatcher};
use tantivy::query::{
    BooleanQuery, ConstScoreQuery, Occur, Query, RangeQuery, TermQuery, TermSetQuery,
};
use tantivy::schema::IndexRecordOption;
use tantivy::{Searcher, Term};

use crate::corpus::{parse_date, Date};
use crate::error::{Error, Result};
use crate::index::Fields;

/// Which passages a search may return. The default lets all through.
///
/// ```
/// use kavosh::search::Filter;
/// let filter = Filter {
///     after: Some(Filter::date("--after", "۱۳۹۱/۰۷/۰۱")?),
///     before: Some(Filter::date("--before", "2012-12-31")?),
///     lang: Some("fa".into()),
///     ..Filter::default()
/// };
/// assert_eq!(filter.after.unwrap().to_string(), "2012-09-22");
/// let err = Filter::date("--after", "دیروز").unwrap_err();
/// assert_eq!(err.to_string(), "--after: cannot read «دیروز» as a date; write 1391-07-17 or 2012-10-08");
/// # Ok::<(), kavosh::Error>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Only articles dated on or after this day (articles without a date
    /// are left out when a date bound is set).
    pub after: Option<Date>,
    /// Only articles dated on or before this day.
    pub before: Option<Date>,
    /// Only passages in this language (`fa` or `en`).
    pub lang: Option<String>,
    /// Only articles whose file matches this pattern.
    pub doc: Option<DocPattern>,
}

impl Filter {
    /// A date as a user writes it for `option` (`--after`, `--before`): in
    /// either calendar, in Persian or ASCII digits (a year below 1700 is
    /// Jalali), e.g. `1391-07-17`, `۱۳۹۱/۰۷/۱۷`, `2012-10-08`, `8 Oct 2012`.
    pub fn date(option: &str, text: &str) -> Result<Date> {
        parse_date(text).ok_or_else(|| {
            Error::Filter(format!(
                "{option}: cannot read «{text}» as a date; write 1391-07-17 or 2012-10-08"
            ))
        })
    }

    /// Fails when no date can be in the range (`after` later than `before`).
    pub fn check(&self) -> Result<()> {
        match (self.after, self.before) {
            (Some(after), Some(before)) if after > before => Err(Error::Filter(format!(
                "--after {after} is later than --before {before}: no date is in between; swap them"
            ))),
            _ => Ok(()),
        }
    }

    /// True when the filter lets every passage through.
    pub fn is_empty(&self) -> bool {
        self.after.is_none() && self.before.is_none() && self.lang.is_none() && self.doc.is_none()
    }

    /// The filter as a query that scores 0, or `None` when it is empty.
    /// Fails when the date range is empty (`after` later than `before`).
    pub fn query(&self, searcher: &Searcher, fields: &Fields) -> Result<Option<Box<dyn Query>>> {
        if self.is_empty() {
            return Ok(None);
        }
        self.check()?;
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        if self.after.is_some() || self.before.is_some() {
            let bound = |date: Option<Date>| match date {
                Some(d) => Bound::Included(Term::from_field_i64(fields.date, d.days_since_epoch())),
                None => Bound::Unbounded,
            };
            let range = RangeQuery::new(bound(self.after), bound(self.before));
            clauses.push((Occur::Must, Box::new(range)));
        }
        if let Some(lang) = &self.lang {
            let term = Term::from_field_text(fields.lang, lang);
            let query = TermQuery::new(term, IndexRecordOption::Basic);
            clauses.push((Occur::Must, Box::new(query)));
        }
        if let Some(pattern) = &self.doc {
            let terms = pattern.matching_docs(searcher, fields)?;
            clauses.push((Occur::Must, Box::new(TermSetQuery::new(terms))));
        }
        let all: Box<dyn Query> = Box::new(BooleanQuery::new(clauses));
        Ok(Some(Box::new(ConstScoreQuery::new(all, 0.0))))
    }
}

/// `query` restricted to the passages `filter` lets through; `query` as it
/// is when there is no filter.
pub fn restrict(query: Box<dyn Query>, filter: Option<Box<dyn Query>>) -> Box<dyn Query> {
    match filter {
        None => query,
        Some(filter) => Box::new(BooleanQuery::new(vec![
            (Occur::Must, query),
            (Occur::Must, filter),
        ])),
    }
}

/// A pattern on document paths (`doc`, relative to the corpus root): a glob
/// when it has `*`, `?`, `[` or `{` (`*` stays within a folder, `**` crosses
/// folders: `news/*.jsonl`, `**/tehran*`), else a substring
/// (`tehrantimes` matches `en/tehrantimes-2020.jsonl`). Case matters.
///
/// ```
/// use kavosh::search::DocPattern;
/// let glob = DocPattern::new("news/*.jsonl")?;
/// assert!(glob.matches("news/mixed-mini.jsonl"));
/// assert!(!glob.matches("news/2012/mixed-mini.jsonl"));
/// assert!(DocPattern::new("**/*.jsonl")?.matches("news/2012/mixed-mini.jsonl"));
/// let part = DocPattern::new("iran-russia")?;
/// assert!(part.matches("fa/iran-russia.md"));
/// assert!(DocPattern::new("news/[a-").is_err());
/// # Ok::<(), kavosh::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct DocPattern {
    matcher: Matcher,
}

#[derive(Debug, Clone)]
enum Matcher {
    Glob(GlobMatcher),
    Substring(String),
}

impl DocPattern {
    /// Reads a pattern; a malformed glob is an [`Error::Filter`].
    pub fn new(pattern: &str) -> Result<DocPattern> {
        if !pattern.contains(['*', '?', '[', '{']) {
            return Ok(DocPattern {
                matcher: Matcher::Substring(pattern.to_string()),
            });
        }
        let glob = GlobBuilder::new(pattern)
            .literal_separator(true)
            .build()
            .map_err(|e| {
                Error::Filter(format!(
                    "--doc: «{pattern}» is not a valid pattern ({}); write e.g. news/*.jsonl, or a part of a file path",
                    e.kind()
                ))
            })?;
        Ok(DocPattern {
            matcher: Matcher::Glob(glob.compile_matcher()),
        })
    }

    /// True when the document path `doc` matches.
    pub fn matches(&self, doc: &str) -> bool {
        match &self.matcher {
            Matcher::Glob(glob) => glob.is_match(doc),
            Matcher::Substring(part) => doc.contains(part.as_str()),
        }
    }

    /// The `doc` terms of the index that match: one pass over each
    /// segment's term dictionary of the `doc` field (a term per file, not
    /// per passage).
    fn matching_docs(&self, searcher: &Searcher, fields: &Fields) -> Result<Vec<Term>> {
        let mut terms = Vec::new();
        for segment in searcher.segment_readers() {
            let inverted = segment.inverted_index(fields.doc)?;
            let mut stream = inverted
                .terms()
                .stream()
                .map_err(tantivy::TantivyError::from)?;
            while stream.advance() {
                if let Ok(doc) = std::str::from_utf8(stream.key()) {
                    if self.matches(doc) {
                        terms.push(Term::from_field_text(fields.doc, doc));
                    }
                }
            }
        }
        terms.sort();
        terms.dedup();
        Ok(terms)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::{fixtures_index, SearchOptions, SearchResults};

    fn search(query: &str, filter: Filter) -> SearchResults {
        let options = SearchOptions {
            limit: 500,
            filter,
            ..SearchOptions::default()
        };
        fixtures_index().search(query, &options).unwrap()
    }

    fn dates(results: &SearchResults) -> Vec<Option<String>> {
        let mut dates: Vec<_> = results.hits.iter().map(|h| h.date.clone()).collect();
        dates.sort();
        dates.dedup();
        dates
    }

    fn day(text: &str) -> Option<Date> {
        Some(Filter::date("--after", text).unwrap())
    }

    #[test]
    fn dates_in_either_calendar_bound_the_range_inclusively() {
        // the bundled article and two fixtures of 2012-10-08, records of
        // 2013-03-16 and 2020-01-25, and undated English articles
        let query = "روسیه OR Russia OR ایران";
        let range = |after: &str, before: &str| {
            let filter = Filter {
                after: (!after.is_empty()).then(|| day(after)).flatten(),
                before: (!before.is_empty()).then(|| day(before)).flatten(),
                ..Filter::default()
            };
            search(query, filter)
        };
        let all = range("", "");
        assert_eq!(dates(&all).len(), 4);
        assert!(dates(&all).contains(&None));
        let jalali = range("۱۳۹۱/۰۷/۱۷", "");
        let gregorian = range("2012-10-08", "");
        assert_eq!(jalali.total_hits, gregorian.total_hits);
        let iso =
            |d: &[&str]| -> Vec<Option<String>> { d.iter().map(|d| Some(d.to_string())).collect() };
        assert_eq!(
            dates(&gregorian),
            iso(&["2012-10-08", "2013-03-16", "2020-01-25"]),
            "undated articles are left out"
        );
        assert_eq!(dates(&range("", "1391-07-17")), iso(&["2012-10-08"]));
        assert_eq!(
            dates(&range("2012-10-09", "۲۶ اسفند ۱۳۹۱")),
            iso(&["2013-03-16"])
        );
        assert_eq!(
            dates(&range("2020-01-25", "۵ بهمن ۱۳۹۸")),
            iso(&["2020-01-25"])
        );
        assert_eq!(range("2021-01-01", "").total_hits, 0);
    }

    #[test]
    fn filters_do_not_change_scores() {
        let all = search("بوشهر", Filter::default());
        let filtered = search(
            "بوشهر",
            Filter {
                lang: Some("fa".into()),
                after: day("1391-01-01"),
                doc: Some(DocPattern::new("iran-russia").unwrap()),
                ..Filter::default()
            },
        );
        assert!(filtered.total_hits > 0 && filtered.total_hits < all.total_hits);
        for hit in &filtered.hits {
            let same = all
                .hits
                .iter()
                .find(|h| (&h.doc, h.line) == (&hit.doc, hit.line))
                .unwrap();
            assert_eq!((same.score, same.matched), (hit.score, hit.matched));
        }
    }

    #[test]
    fn language_and_document_filters() {
        let lang = |l: &str| Filter {
            lang: Some(l.into()),
            ..Filter::default()
        };
        // «Bushehr» and «بوشهر»: English passages only with --lang en
        let en = search("Bushehr OR بوشهر", lang("en"));
        assert!(en.total_hits > 0);
        assert!(en.hits.iter().all(|h| h.lang.as_deref() == Some("en")));
        let fa = search("Bushehr OR بوشهر", lang("fa"));
        assert!(fa.hits.iter().all(|h| h.lang.as_deref() == Some("fa")));
        assert_eq!(
            en.total_hits + fa.total_hits,
            search("Bushehr OR بوشهر", Filter::default()).total_hits
        );

        let doc = |pattern: &str| Filter {
            doc: Some(DocPattern::new(pattern).unwrap()),
            ..Filter::default()
        };
        let docs = |results: SearchResults| {
            let mut docs: Vec<String> = results.hits.into_iter().map(|h| h.doc).collect();
            docs.sort();
            docs.dedup();
            docs
        };
        assert_eq!(
            docs(search("روسیه OR Russia", doc("formats/news/*.jsonl"))),
            ["formats/news/mixed-mini.jsonl"]
        );
        assert_eq!(
            docs(search("روسیه OR Russia", doc("iran-russia"))),
            [
                "corpus/iran-russia-relations-two-decades.txt",
                "formats/en/iran-russia-trade-wrapped.txt",
                "formats/fa/iran-russia.md",
            ]
        );
        assert_eq!(search("روسیه", doc("*.pdf")).total_hits, 0);
        assert_eq!(
            search("روسیه", doc("news/*.jsonl")).total_hits,
            0,
            "a glob matches the whole path, folder name included"
        );
        assert_eq!(
            docs(search("روسیه OR Russia", doc("**/news/*.jsonl"))),
            ["formats/news/mixed-mini.jsonl"]
        );
    }

    #[test]
    fn a_reversed_range_is_an_error() {
        let filter = Filter {
            after: day("2013-01-01"),
            before: day("1391-07-17"),
            ..Filter::default()
        };
        let err = filter.check().unwrap_err();
        assert!(matches!(err, Error::Filter(_)));
        assert_eq!(
            err.to_string(),
            "--after 2013-01-01 is later than --before 2012-10-08: no date is in between; swap them"
        );
        let options = SearchOptions {
            filter,
            ..SearchOptions::default()
        };
        assert!(fixtures_index().search("روسیه", &options).is_err());
    }

    #[test]
    fn unreadable_dates_and_patterns_say_what_to_write() {
        for text in ["", "1391", "2012-13-45", "فردا"] {
            let err = Filter::date("--before", text).unwrap_err();
            assert!(
                err.to_string()
                    .starts_with(&format!("--before: cannot read «{text}» as a date")),
                "{err}"
            );
        }
        let err = DocPattern::new("news/{a,b").unwrap_err();
        assert!(
            err.to_string()
                .starts_with("--doc: «news/{a,b» is not a valid pattern"),
            "{err}"
        );
    }
}
