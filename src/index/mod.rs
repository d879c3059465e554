//! The tantivy index: creating, opening and (re)building it from a corpus.
//!
//! An index folder holds tantivy's files. Every commit carries a small JSON
//! payload naming the analyzer and schema versions, so an index built by an
//! incompatible kavosh is detected when it is opened, and the statistics of
//! the last build.
//!
//! | concern | file |
//! |---|---|
//! | the fields of a passage | `schema.rs` |
//! | indexing runs: incremental and full, one commit each | `build.rs` |
//! | file content hashes and article keys | `hash.rs` |
//! | what the index holds, file by file | `manifest.rs` |
//! | new, changed, unchanged and removed files | `changes.rs` |
//! | statistics for `kavosh stats` | `stats.rs` |
//! | damage checks for `kavosh check` and before each run | `check.rs` |
//! | tantivy's errors and panics turned into kavosh's errors | `guard.rs` |
//! | searching a folder that cannot be written to | `readonly.rs` |

mod build;
pub mod changes;
pub mod check;
pub mod guard;
pub mod hash;
pub mod manifest;
pub mod merge;
mod queue;
pub mod readonly;
pub mod schema;
pub mod stats;
pub mod write_errors;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};
use tantivy::directory::error::LockError;
use tantivy::directory::{Directory, MmapDirectory, INDEX_WRITER_LOCK};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{Index, IndexReader, IndexSettings, IndexWriter, ReloadPolicy, TantivyError};

pub use build::{IndexOptions, IndexReport, Progress, SilentProgress};
pub use changes::FileCounts;
pub use schema::{Fields, SCHEMA_VERSION};
pub use stats::IndexStats;
use write_errors::{WriteErrors, WriteErrorsDirectory};

use crate::analysis::{Analyzer, KavoshTokenizer, ANALYZER_NAME, ANALYZER_VERSION};
use crate::bilingual::BilingualLexicon;
use crate::corpus::Problem;
use crate::error::{Error, Result};
use guard::Activity;

/// What kavosh writes into each commit.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct CommitInfo {
    /// [`ANALYZER_VERSION`] of the build.
    pub analyzer: String,
    /// [`SCHEMA_VERSION`] of the build.
    pub schema: u32,
    /// Files with passages in the index.
    #[serde(default)]
    pub files: u64,
    /// Articles in the index.
    pub articles: u64,
    /// Passages in the index.
    pub passages: u64,
    /// Seconds since the Unix epoch at commit time.
    pub updated: u64,
    /// Lines and paragraphs skipped in the indexed files, by document path:
    /// an unchanged file is not read again, and its problems are reported
    /// from here.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub problems: BTreeMap<String, Vec<Problem>>,
}

impl CommitInfo {
    /// This kavosh's versions, the current time, and an empty index.
    fn now() -> CommitInfo {
        CommitInfo {
            analyzer: ANALYZER_VERSION.to_string(),
            schema: SCHEMA_VERSION,
            files: 0,
            articles: 0,
            passages: 0,
            updated: SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(0, |d| d.as_secs()),
            problems: BTreeMap::new(),
        }
    }

    fn describe(&self) -> String {
        format!("analyzer {} (schema {})", self.analyzer, self.schema)
    }
}

fn expected_version() -> String {
    format!("analyzer {ANALYZER_VERSION} (schema {SCHEMA_VERSION})")
}

/// An open kavosh index: the tantivy index, a reader, the schema fields and
/// the analyzer registered for them. A clone is another handle on the same
/// index and reader, with a copy of the bilingual lexicon if it is loaded.
#[derive(Clone)]
pub struct SearchIndex {
    dir: PathBuf,
    index: Index,
    reader: IndexReader,
    fields: Fields,
    analyzer: Analyzer,
    /// The bilingual lexicon, loaded on first use (see [`SearchIndex::lexicon`]).
    lexicon: OnceLock<BilingualLexicon>,
    /// The first write error of the running indexing run, to say why it
    /// failed when tantivy does not.
    write_errors: WriteErrors,
}

impl std::fmt::Debug for SearchIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SearchIndex")
            .field("dir", &self.dir)
            .finish()
    }
}

/// True when `dir` holds a tantivy index.
pub fn exists(dir: &Path) -> bool {
    dir.join("meta.json").is_file()
}

/// Files that tantivy creates in an index folder (and nothing else).
fn is_tantivy_file(name: &str) -> bool {
    if matches!(
        name,
        "meta.json" | ".managed.json" | ".tantivy-meta.lock" | ".tantivy-writer.lock"
    ) {
        return true;
    }
    let (stem, _ext) = name.split_once('.').unwrap_or((name, ""));
    stem.len() == 32 && stem.bytes().all(|b| b.is_ascii_hexdigit())
}

impl SearchIndex {
    /// Opens the index in `dir` for searching.
    ///
    /// Fails with [`Error::NoIndex`] when there is none,
    /// [`Error::Incompatible`] when it was built by another analyzer or
    /// schema, [`Error::Damaged`] when its files cannot be read, and
    /// [`Error::IndexPath`] when `dir` cannot be a folder.
    pub fn open(dir: impl AsRef<Path>) -> Result<SearchIndex> {
        let dir = dir.as_ref();
        guard::contain(dir, Activity::Read, || Self::open_unguarded(dir))
    }

    fn open_unguarded(dir: &Path) -> Result<SearchIndex> {
        guard::check_index_path(dir)?;
        if !exists(dir) {
            return Err(Error::NoIndex(dir.to_path_buf()));
        }
        let write_errors = WriteErrors::default();
        let index = readonly::open_index(dir, &write_errors)?;
        let found = Self::commit_info_of(&index)?;
        let compatible = found
            .as_ref()
            .is_some_and(|info| info.analyzer == ANALYZER_VERSION && info.schema == SCHEMA_VERSION);
        if !compatible {
            return Err(Error::Incompatible {
                path: dir.to_path_buf(),
                found: found.map_or_else(|| "another program".to_string(), |i| i.describe()),
                expected: expected_version(),
            });
        }
        Self::from_index(dir, index, write_errors)
    }

    /// Opens the index in `dir`, or creates an empty one. An incompatible
    /// index (another analyzer version) is deleted and created anew: only
    /// tantivy's own files are removed, anything else in the folder stays.
    pub fn open_or_create(dir: impl AsRef<Path>) -> Result<SearchIndex> {
        let dir = dir.as_ref();
        match Self::open(dir) {
            Ok(index) => return Ok(index),
            Err(Error::NoIndex(_)) => {}
            Err(Error::Incompatible { .. }) => Self::remove_index_files(dir)?,
            Err(e) => return Err(e),
        }
        guard::contain(dir, Activity::Write, || Self::create(dir))
    }

    /// Creates an empty index in `dir`, which holds no index.
    fn create(dir: &Path) -> Result<SearchIndex> {
        std::fs::create_dir_all(dir).map_err(|source| Error::Io {
            path: dir.to_path_buf(),
            source,
        })?;
        let (schema, _) = schema::build();
        let write_errors = WriteErrors::default();
        let directory = WriteErrorsDirectory::new(
            MmapDirectory::open(dir).map_err(TantivyError::from)?,
            write_errors.clone(),
        );
        let index = Index::create(directory, schema, IndexSettings::default())?;
        let index = Self::from_index(dir, index, write_errors)?;
        index.commit_empty()?;
        Ok(index)
    }

    /// Opens the index in `dir` for an indexing run, after the quick check
    /// ([`check::Level::Quick`]: structure, versions, checksums of files
    /// changed since the commit), or creates an empty one.
    ///
    /// A damaged index is replaced by an empty one when `repair` is true
    /// (the run that follows reads the whole corpus again: the corpus is the
    /// source of truth), and its check report is returned so the caller can
    /// say so; with `repair` false it is refused with [`Error::Damaged`].
    /// An index of another analyzer or schema version is replaced as by
    /// [`SearchIndex::open_or_create`]. The check runs with the index's
    /// writer lock held, so a run of another process never looks like
    /// damage; a busy index fails with [`Error::Locked`].
    pub fn open_checked(
        dir: impl AsRef<Path>,
        repair: bool,
    ) -> Result<(SearchIndex, Option<check::CheckReport>)> {
        let dir = dir.as_ref();
        guard::check_index_path(dir)?;
        if !exists(dir) {
            return Ok((Self::open_or_create(dir)?, None));
        }
        let lock = guard::contain(dir, Activity::Write, || {
            let directory = MmapDirectory::open(dir).map_err(TantivyError::from)?;
            Ok(directory
                .acquire_lock(&INDEX_WRITER_LOCK)
                .map_err(TantivyError::from)?)
        })?;
        let report = check::check(dir, check::Level::Quick)?;
        if report.healthy {
            drop(lock);
            return Ok((Self::open(dir)?, None));
        }
        let incompatible = report
            .problems
            .iter()
            .all(|p| p.kind == check::FindingKind::Incompatible);
        if !repair && !incompatible {
            return Err(report.to_error().unwrap_or(Error::Damaged {
                path: dir.to_path_buf(),
                detail: "the check failed".to_string(),
            }));
        }
        Self::remove_index_files(dir)?;
        drop(lock);
        let index = guard::contain(dir, Activity::Write, || Self::create(dir))?;
        Ok((index, (!incompatible).then_some(report)))
    }

    /// Removes tantivy's files from `dir` (anything else stays; the lock
    /// files stay too, as another handle of this process may hold them).
    fn remove_index_files(dir: &Path) -> Result<()> {
        let entries = std::fs::read_dir(dir).map_err(|source| Error::Io {
            path: dir.to_path_buf(),
            source,
        })?;
        for entry in entries.flatten() {
            let name = entry.file_name();
            let lock = name.to_str().is_some_and(|n| n.ends_with(".lock"));
            if name.to_str().is_some_and(is_tantivy_file) && !lock {
                let path = entry.path();
                std::fs::remove_file(&path).map_err(|source| Error::Io { path, source })?;
            }
        }
        Ok(())
    }

    fn from_index(dir: &Path, index: Index, write_errors: WriteErrors) -> Result<SearchIndex> {
        let analyzer = Analyzer::default();
        index.tokenizers().register(
            ANALYZER_NAME,
            TextAnalyzer::from(KavoshTokenizer::new(analyzer.clone())),
        );
        let (expected_schema, fields) = schema::build();
        if index.schema() != expected_schema {
            return Err(Error::Incompatible {
                path: dir.to_path_buf(),
                found: "a different schema".to_string(),
                expected: expected_version(),
            });
        }
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        Ok(SearchIndex {
            dir: dir.to_path_buf(),
            index,
            reader,
            fields,
            analyzer,
            lexicon: OnceLock::new(),
            write_errors,
        })
    }

    fn commit_info_of(index: &Index) -> Result<Option<CommitInfo>> {
        let metas = index.load_metas()?;
        Ok(metas
            .payload
            .as_deref()
            .and_then(|p| serde_json::from_str(p).ok()))
    }

    /// What the last commit recorded (analyzer, counts, time), if any.
    pub fn commit_info(&self) -> Result<Option<CommitInfo>> {
        Self::commit_info_of(&self.index)
    }

    /// The folder of the index.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The analyzer registered on this index.
    pub fn analyzer(&self) -> &Analyzer {
        &self.analyzer
    }

    /// The bilingual lexicon searches expand with: the shipped one unless
    /// [`SearchIndex::set_lexicon`] gave another. The shipped one is read
    /// from its analysed cache in the index folder, written there when
    /// missing or made by another build (see [`crate::bilingual::cache`]).
    pub fn lexicon(&self) -> &BilingualLexicon {
        self.lexicon
            .get_or_init(|| crate::bilingual::cache::builtin_for(&self.dir))
    }

    /// Uses `lexicon` for bilingual expansion (for example the shipped one
    /// plus the user's files, see [`BilingualLexicon::add_file`]).
    pub fn set_lexicon(&mut self, lexicon: BilingualLexicon) {
        self.lexicon = OnceLock::from(lexicon);
    }

    /// Adds `extra`'s entries (the user's lexicon files) to the lexicon
    /// searches expand with.
    pub fn add_lexicon(&mut self, extra: &BilingualLexicon) {
        let mut lexicon = self.lexicon().clone();
        lexicon.extend(extra);
        self.set_lexicon(lexicon);
    }

    /// The schema fields.
    pub fn fields(&self) -> &Fields {
        &self.fields
    }

    /// The underlying tantivy index, for tools that need more.
    pub fn tantivy_index(&self) -> &Index {
        &self.index
    }

    /// A searcher over the last committed state.
    pub fn searcher(&self) -> tantivy::Searcher {
        self.reader.searcher()
    }

    /// Makes searches through this handle follow the commits of any
    /// process: tantivy watches the index's `meta.json` (polling it twice a
    /// second) and reloads the reader after each commit, so a long-running
    /// server sees `kavosh index` runs within a second, always a whole
    /// commit. One-shot commands need not: they open the last commit.
    pub fn follow_commits(&mut self) -> Result<()> {
        self.reader = self
            .index
            .reader_builder()
            .reload_policy(ReloadPolicy::OnCommitWithDelay)
            .try_into()?;
        Ok(())
    }

    /// Number of passages in the index.
    pub fn num_passages(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// Takes the index's single writer lock, or fails with [`Error::Locked`].
    ///
    /// The lock is an advisory lock on a file, and a process started by
    /// this one (a thread spawning a command) holds a copy of that file's
    /// handle from its fork to its exec: for that instant a writer just
    /// dropped still looks held. A busy lock is tried again for
    /// [`LOCK_GRACE`] before it counts as another writer's.
    fn writer(&self, memory_budget: usize) -> Result<IndexWriter<queue::QueuedDocument>> {
        let started = std::time::Instant::now();
        loop {
            match self.index.writer(memory_budget) {
                Ok(writer) => {
                    writer.set_merge_policy(Box::new(merge::BoundedMergePolicy::default()));
                    return Ok(writer);
                }
                Err(TantivyError::LockFailure(LockError::LockBusy, _))
                    if started.elapsed() < LOCK_GRACE =>
                {
                    std::thread::sleep(std::time::Duration::from_millis(10));
                }
                Err(TantivyError::LockFailure(LockError::LockBusy, _)) => {
                    return Err(Error::Locked(self.dir.clone()))
                }
                Err(e) => return Err(e.into()),
            }
        }
    }

    /// Makes the last commit visible to searches through this handle (an
    /// indexing run through this handle does it itself; one by another
    /// handle or process is seen after this).
    pub fn reload(&self) -> Result<()> {
        self.reader.reload()?;
        Ok(())
    }
}

/// How long [`SearchIndex`] waits on a busy writer lock before it says the
/// index is locked: far longer than a fork-to-exec, far shorter than any
/// indexing run.
const LOCK_GRACE: std::time::Duration = std::time::Duration::from_millis(250);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tantivy_files_are_recognised() {
        assert!(is_tantivy_file("meta.json"));
        assert!(is_tantivy_file("0123456789abcdef0123456789abcdef.idx"));
        assert!(is_tantivy_file("0123456789abcdef0123456789abcdef.7.del"));
        assert!(!is_tantivy_file(".gitkeep"));
        assert!(!is_tantivy_file("notes.txt"));
    }

    #[test]
    fn opening_a_missing_index_says_how_to_build_it() {
        let dir = tempfile::tempdir().unwrap();
        let err = SearchIndex::open(dir.path()).unwrap_err();
        assert!(matches!(err, Error::NoIndex(_)));
        assert!(err.to_string().contains("kavosh index"));
    }

    #[test]
    fn an_index_without_kavosh_payload_is_incompatible() {
        let dir = tempfile::tempdir().unwrap();
        let (schema, _) = schema::build();
        let index = Index::create_in_dir(dir.path(), schema).unwrap();
        let mut writer: IndexWriter = index.writer(15_000_000).unwrap();
        writer.commit().unwrap();
        let err = SearchIndex::open(dir.path()).unwrap_err();
        assert!(matches!(err, Error::Incompatible { .. }), "{err}");
        std::fs::write(dir.path().join(".gitkeep"), "").unwrap();
        drop(writer);
        // open_or_create replaces it and keeps foreign files
        let index = SearchIndex::open_or_create(dir.path()).unwrap();
        assert_eq!(index.num_passages(), 0);
        assert!(dir.path().join(".gitkeep").exists());
    }

    #[test]
    fn a_schema_1_payload_reads_and_asks_for_a_rebuild() {
        let old = r#"{"analyzer":"kavosh-fa-en-3","schema":1,"articles":1,"passages":103,"updated":1764300000}"#;
        let info: CommitInfo = serde_json::from_str(old).unwrap();
        assert_eq!((info.schema, info.files), (1, 0));
        assert!(info.problems.is_empty());
        assert_eq!(info.describe(), "analyzer kavosh-fa-en-3 (schema 1)");
    }

    #[test]
    fn another_handle_sees_a_commit_after_reload() {
        let corpus = tempfile::tempdir().unwrap();
        let dir = tempfile::tempdir().unwrap();
        let writer = SearchIndex::open_or_create(dir.path()).unwrap();
        let reader = SearchIndex::open(dir.path()).unwrap();
        let clone = reader.clone();
        std::fs::write(corpus.path().join("bushehr.txt"), "نیروگاه بوشهر").unwrap();
        let roots = [corpus.path().to_path_buf()];
        writer
            .update(&roots, &IndexOptions::default(), &SilentProgress)
            .unwrap();
        assert_eq!(writer.num_passages(), 1);
        assert_eq!(reader.num_passages(), 0);
        reader.reload().unwrap();
        assert_eq!(reader.num_passages(), 1);
        // A clone shares the reader.
        assert_eq!(clone.num_passages(), 1);
    }

    #[test]
    fn a_second_writer_is_refused_at_once_while_searches_go_on() {
        let article = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("corpus/iran-russia-relations-two-decades.txt");
        let dir = tempfile::tempdir().unwrap();
        let index = SearchIndex::open_or_create(dir.path()).unwrap();
        let roots = [article];
        let options = IndexOptions::default();
        index.rebuild(&roots, &options, &SilentProgress).unwrap();
        let search = |index: &SearchIndex| {
            index
                .search("نیروگاه بوشهر", &crate::SearchOptions::default())
                .unwrap()
                .total_hits
        };
        let before = search(&index);
        assert!(before > 0);

        // Another handle takes the writer and starts replacing everything.
        let other = SearchIndex::open(dir.path()).unwrap();
        let writer = other.writer(15_000_000).unwrap();
        writer.delete_all_documents().unwrap();
        let started = std::time::Instant::now();
        let err = index.update(&roots, &options, &SilentProgress).unwrap_err();
        assert!(matches!(err, Error::Locked(_)), "{err}");
        assert!(err.to_string().contains("being written by another process"));
        assert!(started.elapsed() < std::time::Duration::from_secs(2));
        let err = index
            .rebuild(&roots, &options, &SilentProgress)
            .unwrap_err();
        assert!(matches!(err, Error::Locked(_)), "{err}");

        // Searches go on over the last commit, on every handle.
        assert_eq!(search(&index), before);
        assert_eq!(search(&other), before);
        assert_eq!(search(&SearchIndex::open(dir.path()).unwrap()), before);

        // Once the writer is gone (uncommitted), indexing works again.
        drop(writer);
        let report = index.update(&roots, &options, &SilentProgress).unwrap();
        assert_eq!(report.files.unchanged, 1);
        assert_eq!(search(&index), before);
    }

    #[test]
    fn a_lock_let_go_of_within_the_grace_is_taken() {
        // As when a spawned command held a copy of the lock's handle for
        // an instant after the last writer was dropped.
        let dir = tempfile::tempdir().unwrap();
        let index = SearchIndex::open_or_create(dir.path()).unwrap();
        let other = SearchIndex::open(dir.path()).unwrap();
        let held = other.writer(15_000_000).unwrap();
        let release = std::thread::spawn(move || {
            std::thread::sleep(LOCK_GRACE / 5);
            drop(held);
        });
        assert!(index.writer(15_000_000).is_ok());
        release.join().unwrap();
    }
}
