//! (Re)building an index from corpus paths.

use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use rayon::prelude::*;
use serde::Serialize;
use tantivy::{IndexWriter, TantivyDocument};

use super::{CommitInfo, SearchIndex, SCHEMA_VERSION};
use crate::analysis::ANALYZER_VERSION;
use crate::corpus::{self, Article, FileSummary, Problem, SourceFile};
use crate::error::Result;

/// Settings of an indexing run.
#[derive(Debug, Clone)]
pub struct IndexOptions {
    /// Memory tantivy's writer may use for its in-memory segments, in bytes,
    /// shared by its threads. Memory use stays bounded by this whatever the
    /// corpus size.
    pub memory_budget: usize,
}

impl Default for IndexOptions {
    fn default() -> Self {
        IndexOptions {
            memory_budget: 128 * 1024 * 1024,
        }
    }
}

/// Callbacks of an indexing run, for progress bars and logs. They are called
/// from several threads.
pub trait Progress: Sync {
    /// The files are known: how many, and their total size.
    fn start(&self, _files: usize, _bytes: u64) {}
    /// One file was read and its articles handed to the writer: `read` says
    /// its encoding and how many articles and passages it gave (its
    /// problems were reported before, through [`Progress::problem`]).
    fn file_done(&self, _file: &SourceFile, _read: &FileSummary) {}
    /// A file, or a line or paragraph of one, was skipped.
    fn problem(&self, _problem: &Problem) {}
    /// All files are read; the commit (merging, flushing to disk) begins.
    fn committing(&self) {}
}

/// A [`Progress`] that reports nothing.
#[derive(Debug, Default, Clone, Copy)]
pub struct SilentProgress;
impl Progress for SilentProgress {}

/// What an indexing run did.
#[derive(Debug, Clone, Serialize)]
pub struct IndexReport {
    /// Files found (read or skipped).
    pub files_seen: usize,
    /// Articles indexed.
    pub articles: u64,
    /// Passages indexed.
    pub passages: u64,
    /// Bytes of the files indexed.
    pub bytes: u64,
    /// Files, lines and paragraphs skipped, with the reason.
    pub problems: Vec<Problem>,
    /// Wall time of the run.
    #[serde(serialize_with = "secs")]
    pub elapsed: Duration,
}

fn secs<S: serde::Serializer>(d: &Duration, s: S) -> std::result::Result<S::Ok, S::Error> {
    s.serialize_f64(d.as_secs_f64())
}

impl SearchIndex {
    /// Replaces the content of the index with the articles found under
    /// `roots` (files or folders), in one commit.
    ///
    /// Readers see the old content until the commit; a run that is killed
    /// leaves the last commit intact. Bad files are reported through
    /// `progress` and in the report, and skipped.
    ///
    /// ```
    /// use kavosh::{SearchIndex, SearchOptions};
    /// use kavosh::index::{IndexOptions, SilentProgress};
    /// let corpus = tempfile::tempdir()?;
    /// std::fs::write(corpus.path().join("bushehr.txt"),
    ///     "نیروگاه بوشهر با همکاری روسیه ساخته شد.\nکشتیرانی در دریای خزر رونق گرفت.")?;
    /// let dir = tempfile::tempdir()?;
    /// let index = SearchIndex::open_or_create(dir.path())?;
    /// let report = index.rebuild(&[corpus.path().to_path_buf()], &IndexOptions::default(), &SilentProgress)?;
    /// assert_eq!(report.passages, 2);
    /// let results = index.search("بوشهر", &SearchOptions::default())?;
    /// assert_eq!(results.hits[0].line, 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn rebuild(
        &self,
        roots: &[PathBuf],
        options: &IndexOptions,
        progress: &dyn Progress,
    ) -> Result<IndexReport> {
        let started = Instant::now();
        let mut writer = self.writer(options.memory_budget)?;
        let discovery = corpus::discover(roots)?;
        for problem in &discovery.problems {
            progress.problem(problem);
        }
        progress.start(discovery.files.len(), discovery.total_bytes());

        writer.delete_all_documents()?;
        let passages = AtomicU64::new(0);
        let articles = AtomicU64::new(0);
        let bytes = AtomicU64::new(0);
        let problems = Mutex::new(discovery.problems.clone());
        let failure: Mutex<Option<tantivy::TantivyError>> = Mutex::new(None);
        discovery.files.par_iter().for_each(|file| {
            // Articles go to the writer as they are read: a large JSON Lines
            // file is never held in memory whole.
            let read = corpus::stream_file(file, &mut |article| match self
                .add_article(&writer, &article)
            {
                Ok(()) => {
                    articles.fetch_add(1, Ordering::Relaxed);
                    passages.fetch_add(article.passages.len() as u64, Ordering::Relaxed);
                    true
                }
                Err(e) => {
                    failure
                        .lock()
                        .unwrap_or_else(|p| p.into_inner())
                        .get_or_insert(e);
                    false
                }
            });
            for problem in &read.problems {
                progress.problem(problem);
            }
            problems
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .extend(read.problems.iter().cloned());
            if read.articles > 0 {
                bytes.fetch_add(file.size, Ordering::Relaxed);
            }
            progress.file_done(file, &read);
        });
        if let Some(e) = failure.into_inner().unwrap_or_else(|p| p.into_inner()) {
            return Err(e.into());
        }
        progress.committing();
        let info = CommitInfo {
            analyzer: ANALYZER_VERSION.to_string(),
            schema: SCHEMA_VERSION,
            articles: articles.load(Ordering::Relaxed),
            passages: passages.load(Ordering::Relaxed),
            updated: SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(0, |d| d.as_secs()),
        };
        Self::commit(&mut writer, &info)?;
        writer.wait_merging_threads()?;
        self.reload()?;
        let mut problems = problems.into_inner().unwrap_or_else(|p| p.into_inner());
        problems.sort_by(|a, b| (&a.path, a.line).cmp(&(&b.path, b.line)));
        Ok(IndexReport {
            files_seen: discovery.files.len() + discovery.problems.len(),
            articles: info.articles,
            passages: info.passages,
            bytes: bytes.load(Ordering::Relaxed),
            problems,
            elapsed: started.elapsed(),
        })
    }

    /// Writes an empty commit that marks a new index as kavosh's.
    pub(super) fn commit_empty(&self) -> Result<()> {
        let mut writer = self.writer(15_000_000)?;
        let info = CommitInfo {
            analyzer: ANALYZER_VERSION.to_string(),
            schema: SCHEMA_VERSION,
            articles: 0,
            passages: 0,
            updated: SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(0, |d| d.as_secs()),
        };
        Self::commit(&mut writer, &info)?;
        self.reload()
    }

    fn commit(writer: &mut IndexWriter, info: &CommitInfo) -> Result<()> {
        let payload = serde_json::to_string(info).expect("commit info serialises");
        let mut prepared = writer.prepare_commit()?;
        prepared.set_payload(&payload);
        prepared.commit()?;
        Ok(())
    }

    /// Adds one document per passage of `article` to `writer`, as
    /// [`SearchIndex::rebuild`] does; for tools that drive their own writer
    /// (the benchmark in `examples/bench/`).
    pub fn add_article(&self, writer: &IndexWriter, article: &Article) -> tantivy::Result<()> {
        let f = &self.fields;
        for passage in &article.passages {
            let mut doc = TantivyDocument::default();
            doc.add_text(f.doc, &article.doc);
            doc.add_text(f.id, &article.id);
            doc.add_text(f.title, &article.title);
            if let Some(section) = &passage.section {
                doc.add_text(f.section, section);
            }
            doc.add_u64(f.paragraph, passage.paragraph.into());
            doc.add_u64(f.line, passage.line.into());
            doc.add_text(f.text, &passage.text);
            if let Some(published) = &article.published {
                doc.add_text(f.published, published);
            }
            if let Some(news_id) = &article.news_id {
                doc.add_text(f.news_id, news_id);
            }
            writer.add_document(doc)?;
        }
        Ok(())
    }
}
