//! Building an index from corpus paths: incrementally
//! ([`SearchIndex::update`], only new and changed files are read) or from
//! scratch ([`SearchIndex::rebuild`]), always in one commit.

use std::collections::{BTreeMap, HashSet};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant, SystemTime};

use rayon::prelude::*;
use serde::Serialize;
use tantivy::indexer::UserOperation;
use tantivy::{IndexWriter, TantivyDocument, Term};

use super::changes::{self, FileCounts, HashedFile, ToRead};
use super::guard::{self, Activity};
use super::hash::{article_key, file_hash};
use super::manifest::Manifest;
use super::queue::{HandOver, QueuedDocument};
use super::{CommitInfo, SearchIndex};
use crate::corpus::{self, Article, FileSummary, Problem, ProblemKind, SourceFile};
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
    /// The files to read are known (new and changed ones; unchanged files
    /// are not read): how many, and their total size.
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
    /// Files found (read, unchanged or skipped).
    pub files_seen: usize,
    /// How many files were added, changed, unchanged, removed, skipped.
    pub files: FileCounts,
    /// Articles in the index after the run.
    pub articles: u64,
    /// Passages in the index after the run.
    pub passages: u64,
    /// Articles read in this run (from new and changed files).
    pub articles_read: u64,
    /// Passages read in this run.
    pub passages_read: u64,
    /// Bytes of the files read in this run that gave passages.
    pub bytes: u64,
    /// Files, lines and paragraphs skipped, with the reason (those of
    /// unchanged files too, as found when they were read).
    pub problems: Vec<Problem>,
    /// False when nothing had changed, so no commit was needed.
    pub committed: bool,
    /// Wall time of the run.
    #[serde(serialize_with = "secs")]
    pub elapsed: Duration,
}

fn secs<S: serde::Serializer>(d: &Duration, s: S) -> std::result::Result<S::Ok, S::Error> {
    s.serialize_f64(d.as_secs_f64())
}

/// What a run looks at: everything under the corpus roots, or only some files.
#[derive(Debug, Clone, Copy)]
enum Scope<'a> {
    /// The files under these folders (and these files); indexed files not
    /// found there are removed.
    Roots(&'a [PathBuf]),
    /// These files only; the index's other files stay.
    Files(&'a [SourceFile]),
}

/// The files, articles, passages and problems of the index outside a
/// [`Scope::Files`] run: kept as they are.
#[derive(Debug, Default)]
struct Outside {
    files: u64,
    articles: u64,
    passages: u64,
    problems: BTreeMap<String, Vec<Problem>>,
}

/// Whether a run starts from what the index holds or from nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Update,
    Rebuild,
}

/// What the reading of the new and changed files gave.
#[derive(Debug, Default)]
struct Read {
    articles: u64,
    passages: u64,
    bytes: u64,
    added: usize,
    changed: usize,
    /// All problems found.
    problems: Vec<Problem>,
    /// Problems of the files that gave articles, by document path: kept in
    /// the commit to report while the file is unchanged.
    kept: BTreeMap<String, Vec<Problem>>,
}

impl SearchIndex {
    /// Brings the index in line with the articles found under `roots`
    /// (files or folders), reading only what is new or changed, in one
    /// commit.
    ///
    /// Each file's content hash is kept in the index with its passages. A
    /// file with the same hash is not read again; a changed file's passages
    /// are replaced, a file no longer found loses its passages, a new one
    /// is added. [`IndexReport::files`] counts each kind. When nothing
    /// changed, nothing is committed.
    ///
    /// Readers see the old content until the commit; a run that is killed
    /// leaves the last commit intact. Bad files are reported through
    /// `progress` and in the report, and skipped (a file that gives no
    /// passage loses the passages it had, and is read again next time).
    /// A second writer gets [`Error::Locked`](crate::Error::Locked) at once.
    ///
    /// ```
    /// use kavosh::{SearchIndex, SearchOptions};
    /// use kavosh::index::{IndexOptions, SilentProgress};
    /// let corpus = tempfile::tempdir()?;
    /// std::fs::write(corpus.path().join("bushehr.txt"), "نیروگاه بوشهر با همکاری روسیه ساخته شد.")?;
    /// let dir = tempfile::tempdir()?;
    /// let index = SearchIndex::open_or_create(dir.path())?;
    /// let roots = [corpus.path().to_path_buf()];
    /// let (options, progress) = (IndexOptions::default(), SilentProgress);
    /// assert_eq!(index.update(&roots, &options, &progress)?.files.added, 1);
    ///
    /// std::fs::write(corpus.path().join("caspian.txt"), "کشتیرانی در دریای خزر رونق گرفت.")?;
    /// let report = index.update(&roots, &options, &progress)?;
    /// assert_eq!((report.files.added, report.files.unchanged, report.passages), (1, 1, 2));
    /// assert_eq!(index.search("خزر", &SearchOptions::default())?.hits[0].doc, "caspian.txt");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn update(
        &self,
        roots: &[PathBuf],
        options: &IndexOptions,
        progress: &dyn Progress,
    ) -> Result<IndexReport> {
        guard::contain(self.dir(), Activity::Write, || {
            self.index_corpus(Scope::Roots(roots), options, progress, Mode::Update)
        })
    }

    /// Replaces the content of the index with the articles found under
    /// `roots` (files or folders), reading every file again, in one commit.
    ///
    /// Otherwise as [`SearchIndex::update`]: readers see the old content
    /// until the commit, a killed run leaves the last commit intact, bad
    /// files are reported and skipped.
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
        guard::contain(self.dir(), Activity::Write, || {
            self.index_corpus(Scope::Roots(roots), options, progress, Mode::Rebuild)
        })
    }

    /// Brings only `files` in line with the index, in one commit: each is
    /// read again if it is new or its content changed, and every other
    /// document of the index stays as it is (a file not given is never
    /// taken as removed). For tools that add to a corpus file by file, such
    /// as `kavosh serve`'s `POST /articles`; name each file's `doc` as
    /// [`discover`](crate::corpus::discover) would under its corpus folder,
    /// so that a later [`SearchIndex::update`] of the folder finds it
    /// unchanged.
    ///
    /// ```
    /// use kavosh::{SearchIndex, SearchOptions};
    /// use kavosh::corpus::SourceFile;
    /// use kavosh::index::{IndexOptions, SilentProgress};
    /// let corpus = tempfile::tempdir()?;
    /// std::fs::write(corpus.path().join("bushehr.txt"), "نیروگاه بوشهر با همکاری روسیه ساخته شد.")?;
    /// let dir = tempfile::tempdir()?;
    /// let index = SearchIndex::open_or_create(dir.path())?;
    /// let roots = [corpus.path().to_path_buf()];
    /// let (options, progress) = (IndexOptions::default(), SilentProgress);
    /// index.update(&roots, &options, &progress)?;
    ///
    /// let path = corpus.path().join("incoming/2026-12-01.jsonl");
    /// std::fs::create_dir_all(path.parent().unwrap())?;
    /// std::fs::write(&path, "{\"id\": \"caspian-1\", \"text\": \"کشتیرانی در دریای خزر رونق گرفت.\"}\n")?;
    /// let file = SourceFile { size: std::fs::metadata(&path)?.len(), path, doc: "incoming/2026-12-01.jsonl".into() };
    /// let report = index.update_files(&[file], &options, &progress)?;
    /// assert_eq!((report.files.added, report.articles, report.passages), (1, 2, 2));
    /// assert_eq!(index.search("خزر", &SearchOptions::default())?.hits[0].id, "caspian-1");
    /// assert_eq!(index.search("بوشهر", &SearchOptions::default())?.total_hits, 1, "the rest stays");
    /// // The folder's own update finds nothing to do.
    /// assert!(!index.update(&roots, &options, &progress)?.committed);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn update_files(
        &self,
        files: &[SourceFile],
        options: &IndexOptions,
        progress: &dyn Progress,
    ) -> Result<IndexReport> {
        guard::contain(self.dir(), Activity::Write, || {
            self.index_corpus(Scope::Files(files), options, progress, Mode::Update)
        })
    }

    /// One indexing run. A failure of one of tantivy's indexing threads is
    /// reported with the write error that caused it, when one was seen
    /// (see [`super::write_errors`]).
    fn index_corpus(
        &self,
        scope: Scope,
        options: &IndexOptions,
        progress: &dyn Progress,
        mode: Mode,
    ) -> Result<IndexReport> {
        self.write_errors.clear();
        self.index_corpus_once(scope, options, progress, mode)
            .map_err(|e| self.write_errors.cause_of(e))
    }

    fn index_corpus_once(
        &self,
        scope: Scope,
        options: &IndexOptions,
        progress: &dyn Progress,
        mode: Mode,
    ) -> Result<IndexReport> {
        let started = Instant::now();
        let run_started = SystemTime::now();
        let mut writer = self.writer(options.memory_budget)?;
        // With the writer lock held nobody else commits: see the last commit.
        self.reload()?;
        let discovery = match scope {
            Scope::Roots(roots) => corpus::discover(roots)?,
            Scope::Files(files) => corpus::Discovery {
                files: files.to_vec(),
                problems: Vec::new(),
            },
        };
        for problem in &discovery.problems {
            progress.problem(problem);
        }
        let (mut indexed, mut known_problems) = match mode {
            Mode::Update => (
                Manifest::read(&self.searcher(), &self.fields)?,
                self.commit_info()?.map(|i| i.problems).unwrap_or_default(),
            ),
            Mode::Rebuild => Default::default(),
        };
        // Given files only: the index's other documents are left as they are.
        let mut outside = Outside::default();
        if let Scope::Files(_) = scope {
            let given: HashSet<&str> = discovery.files.iter().map(|f| f.doc.as_str()).collect();
            let (inside, others): (Vec<_>, Vec<_>) = indexed
                .docs()
                .map(|doc| (doc.to_string(), *indexed.get(doc).expect("listed")))
                .partition(|(doc, _)| given.contains(doc.as_str()));
            for (doc, file) in others {
                outside.files += 1;
                outside.articles += file.articles;
                outside.passages += file.passages;
                if let Some(list) = known_problems.remove(&doc) {
                    outside.problems.insert(doc, list);
                }
            }
            indexed = inside.into_iter().collect();
        }
        let files_seen = discovery.files.len() + discovery.problems.len();
        let hashed: Vec<HashedFile> = discovery
            .files
            .into_par_iter()
            .map(|file| {
                let hash = file_hash(&file.path);
                (file, hash)
            })
            .collect();
        let changes = changes::compare(hashed, &indexed);

        let mut problems = discovery.problems;
        for (file, error) in &changes.unreadable {
            let error = error.to_string();
            let problem = Problem::file(&file.path, ProblemKind::Unreadable { error });
            progress.problem(&problem);
            problems.push(problem);
        }
        // Unchanged files keep the problems found when they were read.
        let mut kept = std::mem::take(&mut outside.problems);
        for (file, _) in &changes.unchanged {
            if let Some(list) = known_problems.remove(&file.doc) {
                list.iter().for_each(|p| progress.problem(p));
                problems.extend(list.iter().cloned());
                kept.insert(file.doc.clone(), list);
            }
        }

        match mode {
            Mode::Rebuild => writer.delete_all_documents().map(drop)?,
            Mode::Update => {
                for doc in &changes.deleted {
                    writer.delete_term(Term::from_field_text(self.fields.doc, doc));
                }
            }
        }
        let bytes_to_read = changes.to_read.iter().map(|r| r.file.size).sum();
        progress.start(changes.to_read.len(), bytes_to_read);
        let read = self.read_files(&writer, &changes.to_read, progress, run_started)?;
        problems.extend(read.problems.iter().cloned());
        kept.extend(read.kept.clone());

        let unchanged = |count: fn(&super::manifest::IndexedFile) -> u64| -> u64 {
            changes.unchanged.iter().map(|(_, f)| count(f)).sum()
        };
        let info = CommitInfo {
            files: outside.files + (changes.unchanged.len() + read.added + read.changed) as u64,
            articles: outside.articles + unchanged(|f| f.articles) + read.articles,
            passages: outside.passages + unchanged(|f| f.passages) + read.passages,
            problems: kept,
            ..CommitInfo::now()
        };
        let committed = mode == Mode::Rebuild || !changes.deleted.is_empty() || read.articles > 0;
        if committed {
            progress.committing();
            Self::commit(&mut writer, &info)?;
            writer.wait_merging_threads()?;
            self.reload()?;
        }
        // The analysed bilingual lexicon for the searches to come (best
        // effort: a search analyses it itself when the file is missing).
        let _ = crate::bilingual::cache::refresh(&self.dir);
        problems.sort_by(|a, b| (&a.path, a.line).cmp(&(&b.path, b.line)));
        Ok(IndexReport {
            files_seen,
            files: FileCounts {
                added: read.added,
                changed: read.changed,
                unchanged: changes.unchanged.len(),
                removed: changes.removed,
                skipped: files_seen - changes.unchanged.len() - read.added - read.changed,
            },
            articles: info.articles,
            passages: info.passages,
            articles_read: read.articles,
            passages_read: read.passages,
            bytes: read.bytes,
            problems,
            committed,
            elapsed: started.elapsed(),
        })
    }

    /// Reads the files in parallel, handing their articles to the writer as
    /// they are read: a large JSON Lines file is never held in memory whole.
    fn read_files(
        &self,
        writer: &IndexWriter<QueuedDocument>,
        files: &[ToRead],
        progress: &dyn Progress,
        run_started: SystemTime,
    ) -> Result<Read> {
        let passages = AtomicU64::new(0);
        let articles = AtomicU64::new(0);
        let bytes = AtomicU64::new(0);
        let (added, changed) = (AtomicUsize::new(0), AtomicUsize::new(0));
        let problems = Mutex::new((Vec::new(), BTreeMap::new()));
        let failure: Mutex<Option<tantivy::TantivyError>> = Mutex::new(None);
        let hand_over = HandOver::default();
        files.par_iter().for_each(|to_read| {
            let file = &to_read.file;
            let (mut file_articles, mut file_passages) = (0, 0);
            let mut read = corpus::stream_file(file, &mut |article| match hand_over
                .send(writer, self.passage_documents(&article, to_read.hash))
            {
                Ok(()) => {
                    file_articles += 1;
                    file_passages += article.passages.len() as u64;
                    true
                }
                Err(e) => {
                    lock(&failure).get_or_insert(e);
                    false
                }
            });
            if read.articles > 0 && changed_while_read(file, run_started) {
                // What was read may mix two versions, and the hash is the
                // one from before: keep nothing, the next run reads it anew.
                writer.delete_term(Term::from_field_text(self.fields.doc, &file.doc));
                let problem = Problem::file(&file.path, ProblemKind::ChangedWhileRead);
                read.problems.push(problem);
                (read.articles, read.passages) = (0, 0);
            } else {
                articles.fetch_add(file_articles, Ordering::Relaxed);
                passages.fetch_add(file_passages, Ordering::Relaxed);
            }
            for problem in &read.problems {
                progress.problem(problem);
            }
            if read.articles > 0 {
                bytes.fetch_add(file.size, Ordering::Relaxed);
                let kind = if to_read.changed { &changed } else { &added };
                kind.fetch_add(1, Ordering::Relaxed);
            }
            {
                let mut problems = lock(&problems);
                problems.0.extend(read.problems.iter().cloned());
                if read.articles > 0 && !read.problems.is_empty() {
                    problems.1.insert(file.doc.clone(), read.problems.clone());
                }
            }
            progress.file_done(file, &read);
        });
        if let Some(e) = failure.into_inner().unwrap_or_else(|p| p.into_inner()) {
            return Err(e.into());
        }
        let (added, changed) = (added.into_inner(), changed.into_inner());
        let (problems, kept) = problems.into_inner().unwrap_or_else(|p| p.into_inner());
        Ok(Read {
            articles: articles.into_inner(),
            passages: passages.into_inner(),
            bytes: bytes.into_inner(),
            added,
            changed,
            problems,
            kept,
        })
    }

    /// Writes an empty commit that marks a new index as kavosh's.
    pub(super) fn commit_empty(&self) -> Result<()> {
        let mut writer = self.writer(15_000_000)?;
        Self::commit(&mut writer, &CommitInfo::now())?;
        self.reload()
    }

    fn commit(writer: &mut IndexWriter<QueuedDocument>, info: &CommitInfo) -> Result<()> {
        let payload = serde_json::to_string(info).expect("commit info serialises");
        let mut prepared = writer.prepare_commit()?;
        prepared.set_payload(&payload);
        prepared.commit()?;
        Ok(())
    }

    /// Adds one document per passage of `article` to `writer`, as
    /// [`SearchIndex::rebuild`] does, for tools that drive their own writer
    /// (the benchmark in `examples/bench/`). No file hash is recorded, so
    /// a later [`SearchIndex::update`] reads the article's file again.
    pub fn add_article(&self, writer: &IndexWriter, article: &Article) -> tantivy::Result<()> {
        let documents = self.passage_documents(article, 0);
        writer.run(documents.into_iter().map(UserOperation::Add))?;
        Ok(())
    }

    /// The documents of the passages of `article`, read from a file whose
    /// bytes hash to `hash`.
    fn passage_documents(&self, article: &Article, hash: u64) -> Vec<TantivyDocument> {
        let f = &self.fields;
        let key = article_key(&article.doc, &article.id);
        let date = article
            .date
            .as_deref()
            .and_then(corpus::parse_date)
            .map(corpus::Date::days_since_epoch);
        // The title's terms go under the first passage only. A record
        // without a title is titled by its id, which is no evidence. The
        // title is analysed by tantivy, as the text is: a pre-tokenized text
        // would be written to JSON in the document and parsed back by
        // tantivy's indexing thread, which cost more than the analysis.
        let mut title_terms = (article.title != article.id).then_some(article.title.as_str());
        let mut documents = Vec::with_capacity(article.passages.len());
        for passage in &article.passages {
            let mut doc = TantivyDocument::default();
            doc.add_text(f.doc, &article.doc);
            doc.add_text(f.id, &article.id);
            doc.add_text(f.title, &article.title);
            if let Some(title) = title_terms.take() {
                doc.add_text(f.title_terms, title);
            }
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
            if let Some(days) = date {
                doc.add_i64(f.date, days);
            }
            doc.add_text(f.lang, &passage.lang);
            doc.add_u64(f.article, key);
            doc.add_u64(f.hash, hash);
            documents.push(doc);
        }
        documents
    }
}

/// True when `file` changed or disappeared after the run started (and so,
/// maybe, between its hashing and its reading, or while it was read): its
/// size is no longer the one found, or it was modified since `since`.
/// Modification times come from the kernel's coarse clock: a change of the
/// same size made within a clock tick (a few milliseconds) of the run's
/// start can carry a time just before it and is not seen.
fn changed_while_read(file: &SourceFile, since: SystemTime) -> bool {
    match std::fs::metadata(&file.path) {
        Err(_) => true,
        Ok(meta) => {
            meta.len() != file.size
                || meta
                    .modified()
                    .is_ok_and(|at| at >= since && at <= SystemTime::now())
        }
    }
}

/// Locks a mutex, also after a panic in another thread.
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|p| p.into_inner())
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::{SearchOptions, SearchResults};

    fn fixture(name: &str) -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/formats")
            .join(name)
    }

    /// A corpus folder with fixture files copied in, an empty index, and
    /// the corpus as roots.
    struct Setup {
        corpus: tempfile::TempDir,
        _dir: tempfile::TempDir,
        index: SearchIndex,
    }

    impl Setup {
        fn new(files: &[&str]) -> Setup {
            let corpus = tempfile::tempdir().unwrap();
            let dir = tempfile::tempdir().unwrap();
            let setup = Setup {
                index: SearchIndex::open_or_create(dir.path()).unwrap(),
                corpus,
                _dir: dir,
            };
            files.iter().for_each(|f| setup.copy(f));
            setup
        }

        fn path(&self, name: &str) -> PathBuf {
            self.corpus.path().join(name)
        }

        fn copy(&self, name: &str) {
            let to = self.path(name);
            std::fs::create_dir_all(to.parent().unwrap()).unwrap();
            std::fs::copy(fixture(name), to).unwrap();
        }

        fn run(&self, mode: Mode) -> IndexReport {
            let roots = [self.corpus.path().to_path_buf()];
            let options = IndexOptions::default();
            self.index
                .index_corpus(Scope::Roots(&roots), &options, &SilentProgress, mode)
                .unwrap()
        }

        fn search(&self, query: &str) -> SearchResults {
            let options = SearchOptions {
                limit: 100,
                expand: false,
                ..SearchOptions::default()
            };
            self.index.search(query, &options).unwrap()
        }
    }

    const MD: &str = "fa/iran-russia.md";
    const JSONL: &str = "news/mixed-mini.jsonl";
    const WRAPPED: &str = "en/iran-russia-trade-wrapped.txt";
    const HTML: &str = "fa/bushehr-news.html";

    #[test]
    fn an_update_reads_only_new_and_changed_files() {
        let setup = Setup::new(&[MD, JSONL, WRAPPED]);
        let first = setup.run(Mode::Update);
        let counts = |added, changed, unchanged, removed, skipped| FileCounts {
            added,
            changed,
            unchanged,
            removed,
            skipped,
        };
        assert_eq!(first.files, counts(3, 0, 0, 0, 0));
        assert_eq!(first.articles, 7, "1 + 5 records + 1");

        // change one file, delete one, add one
        let md = std::fs::read_to_string(setup.path(MD)).unwrap();
        let added_line = "\nرآکتور دوم نیروگاه بوشهر در دست مطالعه است.\n";
        std::fs::write(setup.path(MD), format!("{md}{added_line}")).unwrap();
        std::fs::remove_file(setup.path(WRAPPED)).unwrap();
        setup.copy(HTML);
        let second = setup.run(Mode::Update);
        assert_eq!(second.files, counts(1, 1, 1, 1, 0));
        assert!(second.committed);
        assert_eq!(second.articles_read, 2, "the Markdown and HTML articles");
        assert_eq!(second.articles, 7, "1 + 5 records + 1");

        // the same content as a rebuild of the folder, without duplicates
        assert_eq!(setup.index.num_passages(), second.passages);
        let rebuilt = setup.run(Mode::Rebuild);
        assert_eq!(
            (rebuilt.articles, rebuilt.passages),
            (second.articles, second.passages)
        );
        assert_eq!(rebuilt.files, counts(3, 0, 0, 0, 0));
        assert_eq!(setup.search("رآکتور دوم").total_hits, 1);
        assert_eq!(setup.search("bilateral trade").total_hits, 0, "deleted");
        assert_eq!(
            setup.search("آستاراخان").total_hits,
            1,
            "unchanged part of the md"
        );
        let fuel = setup.search("\"سوخت مصرف‌شده\"");
        assert_eq!(fuel.hits.len(), 1, "added html");
        assert_eq!(fuel.hits[0].doc, HTML);
        assert_eq!(setup.search("بایکال").total_hits, 2, "unchanged jsonl");
    }

    #[test]
    fn nothing_changed_means_nothing_read_and_no_commit() {
        let setup = Setup::new(&[MD, JSONL]);
        let first = setup.run(Mode::Update);
        let updated = setup.index.commit_info().unwrap().unwrap();
        let again = setup.run(Mode::Update);
        assert!(!again.committed);
        assert_eq!((again.files.unchanged, again.articles_read), (2, 0));
        assert_eq!(again.bytes, 0);
        assert_eq!(
            (again.articles, again.passages),
            (first.articles, first.passages)
        );
        assert_eq!(setup.index.commit_info().unwrap().unwrap(), updated);
        // the malformed line of the unchanged JSON Lines file is still reported
        assert_eq!(again.problems, first.problems);
        assert_eq!(again.problems.len(), 1);
        assert_eq!(again.problems[0].line, Some(3));
    }

    #[test]
    fn a_file_that_turns_bad_loses_its_passages() {
        let setup = Setup::new(&[MD, WRAPPED]);
        setup.run(Mode::Update);
        std::fs::write(setup.path(WRAPPED), b"").unwrap();
        let report = setup.run(Mode::Update);
        assert_eq!((report.files.skipped, report.files.unchanged), (1, 1));
        assert_eq!(report.problems.len(), 1);
        assert_eq!(setup.search("bilateral trade").total_hits, 0);
        assert_eq!(report.passages, setup.index.num_passages());
        assert_eq!(report.articles, 1);
    }

    #[test]
    fn the_manifest_counts_each_files_passages_and_articles() {
        let setup = Setup::new(&[MD, JSONL]);
        let report = setup.run(Mode::Update);
        let manifest = Manifest::read(&setup.index.searcher(), setup.index.fields()).unwrap();
        assert_eq!(manifest.len(), 2);
        let jsonl = manifest.get(JSONL).unwrap();
        assert_eq!(jsonl.articles, 5);
        let bytes = std::fs::read(setup.path(JSONL)).unwrap();
        assert_eq!(jsonl.hash, super::super::hash::bytes_hash(&bytes));
        let md = manifest.get(MD).unwrap();
        assert_eq!(md.passages + jsonl.passages, report.passages);
        assert_eq!(md.articles, 1);
    }
}
