//! What an index holds, for `kavosh stats`: counts, terms, size on disk,
//! versions, last update and languages.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::Serialize;
use tantivy::collector::Count;
use tantivy::query::TermQuery;
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::termdict::TermMerger;
use tantivy::{Searcher, Term};

use super::guard::{self, Activity};
use super::{is_tantivy_file, SearchIndex};
use crate::corpus::Date;
use crate::error::{Error, Result};

/// Statistics of an index.
#[derive(Debug, Clone, Serialize)]
pub struct IndexStats {
    /// The index folder.
    pub index: PathBuf,
    /// Files with passages in the index.
    pub files: u64,
    /// Articles in the index.
    pub articles: u64,
    /// Passages in the index.
    pub passages: u64,
    /// Distinct terms of the passage text, as the analyzer made them (terms
    /// only in passages deleted since the last segment merge still count).
    pub terms: u64,
    /// Passages per language (`fa`, `en`).
    pub languages: BTreeMap<String, u64>,
    /// Bytes of the index files on disk.
    pub size_bytes: u64,
    /// Index segments (a freshly built index has a few; updates add some
    /// until tantivy merges them).
    pub segments: usize,
    /// The analyzer version the index was built with.
    pub analyzer: String,
    /// The schema version the index was built with.
    pub schema: u32,
    /// Time of the last commit, in seconds since the Unix epoch.
    pub updated: u64,
    /// The same time as ISO 8601 UTC, `2012-10-08T07:50:00Z`.
    pub updated_utc: String,
}

/// A time in seconds since the Unix epoch as ISO 8601 UTC.
///
/// ```
/// use kavosh::index::stats::utc;
/// assert_eq!(utc(1_349_682_600), "2012-10-08T07:50:00Z");
/// assert_eq!(utc(0), "1970-01-01T00:00:00Z");
/// ```
pub fn utc(seconds: u64) -> String {
    let days = (seconds / 86_400) as i64;
    let time = seconds % 86_400;
    let day = Date::from_days_since_epoch(days).map_or_else(|| "?".to_string(), Date::iso);
    format!(
        "{day}T{:02}:{:02}:{:02}Z",
        time / 3600,
        time / 60 % 60,
        time % 60
    )
}

/// Calls `visit` with each distinct term of `field` over all segments, in
/// order; returns how many there are. Streams the term dictionaries: memory
/// does not grow with the number of terms.
fn distinct_terms(searcher: &Searcher, field: Field, mut visit: impl FnMut(&[u8])) -> Result<u64> {
    let readers = searcher
        .segment_readers()
        .iter()
        .map(|segment| segment.inverted_index(field))
        .collect::<tantivy::Result<Vec<_>>>()?;
    let streams = readers
        .iter()
        .map(|reader| reader.terms().stream())
        .collect::<std::io::Result<Vec<_>>>()
        .map_err(tantivy::TantivyError::from)?;
    let mut merger = TermMerger::new(streams);
    let mut count = 0;
    while merger.advance() {
        visit(merger.key());
        count += 1;
    }
    Ok(count)
}

impl SearchIndex {
    /// Statistics of the last commit.
    ///
    /// ```
    /// use kavosh::SearchIndex;
    /// use kavosh::index::{IndexOptions, SilentProgress};
    /// let corpus = tempfile::tempdir()?;
    /// std::fs::write(corpus.path().join("bushehr.txt"),
    ///     "نیروگاه بوشهر با همکاری روسیه ساخته شد.\nRosatom built the Bushehr plant.")?;
    /// let dir = tempfile::tempdir()?;
    /// let index = SearchIndex::open_or_create(dir.path())?;
    /// index.update(&[corpus.path().to_path_buf()], &IndexOptions::default(), &SilentProgress)?;
    /// let stats = index.stats()?;
    /// assert_eq!((stats.files, stats.articles, stats.passages), (1, 1, 2));
    /// assert_eq!(stats.languages["fa"], 1);
    /// assert_eq!(stats.languages["en"], 1);
    /// assert!(stats.terms >= 10 && stats.size_bytes > 0);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn stats(&self) -> Result<IndexStats> {
        guard::contain(self.dir(), Activity::Read, || self.stats_unguarded())
    }

    fn stats_unguarded(&self) -> Result<IndexStats> {
        let info = self.commit_info()?.unwrap_or_default();
        let searcher = self.searcher();
        let fields = self.fields();
        let terms = distinct_terms(&searcher, fields.text, |_| {})?;
        let mut langs = Vec::new();
        distinct_terms(&searcher, fields.lang, |term| {
            langs.push(String::from_utf8_lossy(term).into_owned());
        })?;
        let mut languages = BTreeMap::new();
        for lang in langs {
            let term = Term::from_field_text(fields.lang, &lang);
            let query = TermQuery::new(term, IndexRecordOption::Basic);
            let passages = searcher.search(&query, &Count)? as u64;
            if passages > 0 {
                languages.insert(lang, passages);
            }
        }
        Ok(IndexStats {
            index: self.dir().to_path_buf(),
            files: info.files,
            articles: info.articles,
            passages: searcher.num_docs(),
            terms,
            languages,
            size_bytes: self.size_on_disk()?,
            segments: searcher.segment_readers().len(),
            updated_utc: utc(info.updated),
            analyzer: info.analyzer,
            schema: info.schema,
            updated: info.updated,
        })
    }

    /// Bytes of tantivy's files in the index folder.
    fn size_on_disk(&self) -> Result<u64> {
        let io = |source| Error::Io {
            path: self.dir().to_path_buf(),
            source,
        };
        let mut bytes = 0;
        for entry in std::fs::read_dir(self.dir()).map_err(io)? {
            let entry = entry.map_err(io)?;
            if entry.file_name().to_str().is_some_and(is_tantivy_file) {
                bytes += entry.metadata().map_err(io)?.len();
            }
        }
        Ok(bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::{IndexOptions, SilentProgress};

    #[test]
    fn stats_of_the_article_and_the_fixtures() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let dir = tempfile::tempdir().unwrap();
        let index = SearchIndex::open_or_create(dir.path()).unwrap();
        let roots = [root.join("corpus"), root.join("tests/fixtures/formats")];
        let report = index
            .update(&roots, &IndexOptions::default(), &SilentProgress)
            .unwrap();
        let stats = index.stats().unwrap();
        assert_eq!(stats.files, 8, "the article and 7 fixture files");
        assert_eq!(stats.articles, report.articles);
        assert_eq!(stats.passages, report.passages);
        assert_eq!(stats.languages.values().sum::<u64>(), stats.passages);
        assert_eq!(stats.languages.keys().collect::<Vec<_>>(), ["en", "fa"]);
        assert!(stats.languages["fa"] > stats.languages["en"]);
        assert_eq!(stats.schema, crate::index::SCHEMA_VERSION);
        assert_eq!(stats.analyzer, crate::analysis::ANALYZER_VERSION);
        assert!(stats.terms > 1000, "{}", stats.terms);
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs();
        assert!(now - stats.updated < 600);
        assert!(stats.updated_utc.ends_with('Z'));

        // the distinct terms of several segments are counted once
        let one_segment = stats.terms;
        let copy = tempfile::tempdir().unwrap();
        std::fs::copy(
            root.join("corpus/iran-russia-relations-two-decades.txt"),
            copy.path().join("copy.txt"),
        )
        .unwrap();
        let roots = [
            roots[0].clone(),
            roots[1].clone(),
            copy.path().to_path_buf(),
        ];
        index
            .update(&roots, &IndexOptions::default(), &SilentProgress)
            .unwrap();
        let stats = index.stats().unwrap();
        assert_eq!(stats.files, 9);
        assert_eq!(stats.terms, one_segment, "the same words again");
    }
}
