//! Checking an index for damage, for `kavosh check` and before every
//! `kavosh index` run.
//!
//! | level | what it verifies |
//! |---|---|
//! | [`Level::Quick`] | `meta.json` reads; the analyzer and schema versions; every file the commit's segments need exists; the segments open (tantivy reads each file's footer); the checksum of every file written after the commit (a file overwritten in place) |
//! | [`Level::Full`] | as quick, and the checksum of every file; the commit's counts (files, articles, passages) against the index's own per-file manifest |
//! | [`Level::Deep`] | as full, and reads every stored passage and every posting list (with positions) of the text |
//!
//! Nothing here writes to the index. Panics inside tantivy (a damaged
//! file can make a decoder fail) are caught and reported as damage.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

use serde::Serialize;
use tantivy::postings::Postings;
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{DocSet, TantivyDocument, TERMINATED};

use super::guard::{self, Activity};
use super::manifest::Manifest;
use super::{exists, is_tantivy_file, CommitInfo, SearchIndex, ANALYZER_VERSION, SCHEMA_VERSION};
use crate::error::{Error, Result};

/// How thoroughly [`check`] looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Structure, versions, and checksums of files changed after the commit.
    Quick,
    /// Checksums of every file and the commit's counts.
    Full,
    /// Every stored passage and posting list read.
    Deep,
}

/// What kind of problem a [`Finding`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FindingKind {
    /// `meta.json` cannot be read.
    Meta,
    /// Built by another analyzer, schema or tantivy version.
    Incompatible,
    /// A file the commit needs is not there.
    MissingFile,
    /// A file's content does not match its checksum, or it is truncated.
    Checksum,
    /// The segments cannot be opened or decoded.
    Unreadable,
    /// The commit's counts disagree with the index's content.
    Counts,
    /// A stored passage cannot be read or lacks its text or file.
    StoredPassage,
    /// A posting list cannot be decoded.
    Postings,
}

/// One thing wrong with the index.
#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    /// What kind of problem.
    pub kind: FindingKind,
    /// The file of the index involved, if one is.
    pub file: Option<String>,
    /// What is wrong, in a few words.
    pub message: String,
}

/// What [`check`] found.
#[derive(Debug, Clone, Serialize)]
pub struct CheckReport {
    /// The index folder.
    pub index: PathBuf,
    /// How thoroughly it was checked.
    pub level: Level,
    /// True when nothing is wrong.
    pub healthy: bool,
    /// The analyzer version the index says it was built with.
    pub analyzer: Option<String>,
    /// The schema version the index says it was built with.
    pub schema: Option<u32>,
    /// Segments in the last commit.
    pub segments: usize,
    /// Passages in the last commit (alive documents).
    pub passages: u64,
    /// Files whose checksum was verified.
    pub files_checksummed: usize,
    /// Bytes of those files.
    pub bytes_checksummed: u64,
    /// Stored passages read (deep check).
    pub passages_read: u64,
    /// Posting lists decoded (deep check).
    pub postings_read: u64,
    /// Everything wrong, in the order found.
    pub problems: Vec<Finding>,
    /// Harmless things worth knowing (files left by an interrupted run,
    /// which the next `kavosh index` removes).
    pub notes: Vec<String>,
    /// How long the check took.
    #[serde(serialize_with = "secs")]
    pub elapsed: Duration,
}

fn secs<S: serde::Serializer>(d: &Duration, s: S) -> std::result::Result<S::Ok, S::Error> {
    s.serialize_f64(d.as_secs_f64())
}

impl CheckReport {
    fn new(dir: &Path, level: Level) -> CheckReport {
        CheckReport {
            index: dir.to_path_buf(),
            level,
            healthy: true,
            analyzer: None,
            schema: None,
            segments: 0,
            passages: 0,
            files_checksummed: 0,
            bytes_checksummed: 0,
            passages_read: 0,
            postings_read: 0,
            problems: Vec::new(),
            notes: Vec::new(),
            elapsed: Duration::ZERO,
        }
    }

    fn problem(&mut self, kind: FindingKind, file: Option<String>, message: impl Into<String>) {
        self.healthy = false;
        self.problems.push(Finding {
            kind,
            file,
            message: message.into(),
        });
    }

    /// Records an error met while checking as a finding of `kind` when it
    /// says the index is damaged or incompatible; any other error (no
    /// permission, too many open files) says nothing about the index and
    /// is returned.
    fn error(&mut self, kind: FindingKind, error: Error) -> Result<()> {
        let (kind, message) = match error {
            Error::Damaged { detail, .. } => (kind, detail),
            Error::Incompatible {
                found, expected, ..
            } => (
                FindingKind::Incompatible,
                format!("built by {found}, but this kavosh uses {expected}"),
            ),
            other => return Err(other),
        };
        self.problem(kind, None, message);
        Ok(())
    }

    /// The error a damaged index gives: its first problem, with the advice
    /// to rebuild.
    pub fn to_error(&self) -> Option<Error> {
        let incompatible = !self.problems.is_empty()
            && self
                .problems
                .iter()
                .all(|p| p.kind == FindingKind::Incompatible);
        if incompatible {
            return Some(Error::Incompatible {
                path: self.index.clone(),
                found: match (&self.analyzer, self.schema) {
                    (Some(a), Some(s)) => format!("analyzer {a} (schema {s})"),
                    _ => "another program".to_string(),
                },
                expected: super::expected_version(),
            });
        }
        Some(Error::Damaged {
            path: self.index.clone(),
            detail: self.summary()?,
        })
    }

    /// The first problem in a few words, with how many more there are.
    pub fn summary(&self) -> Option<String> {
        let first = self.problems.first()?;
        let detail = match &first.file {
            Some(file) if !first.message.contains(file.as_str()) => {
                format!("{file}: {}", first.message)
            }
            _ => first.message.clone(),
        };
        let more = match self.problems.len() {
            1 => String::new(),
            2 => ", and 1 more problem".to_string(),
            n => format!(", and {} more problems", n - 1),
        };
        Some(format!("{detail}{more}"))
    }

    /// The report as text, one line per finding, ending with a verdict
    /// that says what to do.
    pub fn write_text(&self, mut out: impl std::io::Write) -> std::io::Result<()> {
        let versions = match (&self.analyzer, self.schema) {
            (Some(a), Some(s)) => format!("analyzer {a}, schema {s}"),
            _ => "versions unknown".to_string(),
        };
        let level = match self.level {
            Level::Quick => "quick",
            Level::Full => "full",
            Level::Deep => "deep",
        };
        writeln!(
            out,
            "{} ({level} check): {} segments, {} passages, {versions}",
            self.index.display(),
            self.segments,
            self.passages,
        )?;
        writeln!(
            out,
            "checksums verified: {} files, {:.1} MB",
            self.files_checksummed,
            self.bytes_checksummed as f64 / 1e6
        )?;
        if self.level == Level::Deep {
            writeln!(
                out,
                "read: {} stored passages, {} posting lists",
                self.passages_read, self.postings_read
            )?;
        }
        for finding in &self.problems {
            match &finding.file {
                Some(file) if !finding.message.contains(file.as_str()) => {
                    writeln!(out, "problem: {file}: {}", finding.message)?
                }
                _ => writeln!(out, "problem: {}", finding.message)?,
            }
        }
        for note in &self.notes {
            writeln!(out, "note: {note}")?;
        }
        if self.healthy {
            writeln!(out, "healthy")
        } else {
            writeln!(
                out,
                "damaged: rebuild it from the corpus with `kavosh index --rebuild --index {}`",
                self.index.display()
            )
        }
    }
}

/// Checks the index in `dir` at `level`. Fails only when there is no index
/// there ([`Error::NoIndex`]) or the path cannot be one
/// ([`Error::IndexPath`]), or when it cannot be read for a reason that says
/// nothing about its content (no permission: [`Error::Io`]); everything
/// wrong with the index itself is in the report.
///
/// ```
/// use kavosh::SearchIndex;
/// use kavosh::index::check::{check, Level};
/// use kavosh::index::{IndexOptions, SilentProgress};
/// let corpus = tempfile::tempdir()?;
/// std::fs::write(corpus.path().join("bushehr.txt"), "نیروگاه بوشهر با همکاری روسیه ساخته شد.")?;
/// let dir = tempfile::tempdir()?;
/// let index = SearchIndex::open_or_create(dir.path())?;
/// index.update(&[corpus.path().to_path_buf()], &IndexOptions::default(), &SilentProgress)?;
/// let report = check(dir.path(), Level::Deep)?;
/// assert!(report.healthy, "{:?}", report.problems);
/// assert_eq!((report.passages, report.passages_read), (1, 1));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn check(dir: &Path, level: Level) -> Result<CheckReport> {
    guard::check_index_path(dir)?;
    if !exists(dir) {
        return Err(Error::NoIndex(dir.to_path_buf()));
    }
    let started = Instant::now();
    let mut report = CheckReport::new(dir, level);
    run(dir, level, &mut report)?;
    report.elapsed = started.elapsed();
    Ok(report)
}

/// The checks, in order; a failure that makes the later ones meaningless
/// ends them.
fn run(dir: &Path, level: Level, report: &mut CheckReport) -> Result<()> {
    let index = match guard::contain(dir, Activity::Read, || {
        Ok(super::readonly::open_index(dir, &Default::default())?)
    }) {
        Ok(index) => index,
        Err(e) => return report.error(FindingKind::Meta, e),
    };
    let metas = match guard::contain(dir, Activity::Read, || Ok(index.load_metas()?)) {
        Ok(metas) => metas,
        Err(e) => return report.error(FindingKind::Meta, e),
    };
    let info: Option<CommitInfo> = metas
        .payload
        .as_deref()
        .and_then(|p| serde_json::from_str(p).ok());
    report.analyzer = info.as_ref().map(|i| i.analyzer.clone());
    report.schema = info.as_ref().map(|i| i.schema);
    report.segments = metas.segments.len();
    report.passages = metas.segments.iter().map(|s| u64::from(s.num_docs())).sum();
    match &info {
        Some(i) if i.analyzer == ANALYZER_VERSION && i.schema == SCHEMA_VERSION => {}
        Some(i) => {
            let message = format!(
                "built by {}, but this kavosh uses {}",
                i.describe(),
                super::expected_version()
            );
            report.problem(FindingKind::Incompatible, None, message);
            return Ok(());
        }
        None => {
            let message = "not built by kavosh (no version in meta.json)";
            report.problem(FindingKind::Incompatible, None, message);
            return Ok(());
        }
    }

    // Every file the commit's segments need, and nothing left over.
    let mut needed: Vec<PathBuf> = Vec::new();
    for segment in &metas.segments {
        for ext in ["idx", "pos", "term", "store", "fast", "fieldnorm"] {
            needed.push(
                segment.relative_path(tantivy::index::SegmentComponent::Custom(ext.to_string())),
            );
        }
        if segment.delete_opstamp().is_some() {
            needed.push(segment.relative_path(tantivy::index::SegmentComponent::Delete));
        }
    }
    let mut present = Vec::new();
    for file in &needed {
        if dir.join(file).is_file() {
            present.push(file.clone());
        } else {
            let name = file.display().to_string();
            report.problem(
                FindingKind::MissingFile,
                Some(name.clone()),
                format!("file {name} is missing"),
            );
        }
    }
    leftovers(dir, &needed, report);

    // Checksums: of every file, or (quick) of files written after the commit.
    let committed_at = modified(&dir.join("meta.json"));
    for file in &present {
        let path = dir.join(file);
        let changed_since = match (committed_at, modified(&path)) {
            (Some(commit), Some(written)) => written > commit,
            _ => true,
        };
        if level == Level::Quick && !changed_since {
            continue;
        }
        let name = file.display().to_string();
        let valid = guard::contain(dir, Activity::Read, || {
            Ok(index
                .directory()
                .validate_checksum(file)
                .map_err(tantivy::TantivyError::from)?)
        });
        report.files_checksummed += 1;
        report.bytes_checksummed += std::fs::metadata(&path).map_or(0, |m| m.len());
        match valid {
            Ok(true) => {}
            Ok(false) => {
                let why = if changed_since {
                    "fails its checksum: it was changed after it was written"
                } else {
                    "fails its checksum: its content is damaged"
                };
                report.problem(
                    FindingKind::Checksum,
                    Some(name.clone()),
                    format!("file {name} {why}"),
                );
            }
            Err(Error::Damaged { .. }) => report.problem(
                FindingKind::Checksum,
                Some(name.clone()),
                format!("file {name} is truncated or corrupted"),
            ),
            Err(e) => return Err(e),
        }
    }
    if !report.healthy {
        return Ok(());
    }

    // The segments open (tantivy reads each file's footer and header).
    let opened = guard::contain(dir, Activity::Read, || {
        SearchIndex::from_index(dir, index.clone(), Default::default())
    });
    let index = match opened {
        Ok(index) => index,
        Err(e) => return report.error(FindingKind::Unreadable, e),
    };
    if level == Level::Quick {
        return Ok(());
    }
    counts(dir, &index, info.as_ref(), report)?;
    if level == Level::Deep && report.healthy {
        deep(dir, &index, report)?;
    }
    Ok(())
}

/// The modification time of a file, if it can be had.
fn modified(path: &Path) -> Option<SystemTime> {
    std::fs::metadata(path).and_then(|m| m.modified()).ok()
}

/// Notes segment files that no commit refers to: left by a run that was
/// killed or failed (tantivy removes them on the next write).
fn leftovers(dir: &Path, needed: &[PathBuf], report: &mut CheckReport) {
    let needed: HashSet<&Path> = needed.iter().map(PathBuf::as_path).collect();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut stray: Vec<String> = entries
        .flatten()
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|name| is_tantivy_file(name) && !name.starts_with('.') && name != "meta.json")
        .filter(|name| !needed.contains(Path::new(name)))
        .collect();
    stray.sort();
    if !stray.is_empty() {
        report.notes.push(format!(
            "{} files belong to no commit (left by an interrupted or failed run; the next `kavosh index` removes them): {}",
            stray.len(),
            stray.join(", ")
        ));
    }
}

/// The commit's counts against the index's content.
fn counts(
    dir: &Path,
    index: &SearchIndex,
    info: Option<&CommitInfo>,
    report: &mut CheckReport,
) -> Result<()> {
    let Some(info) = info else { return Ok(()) };
    let searcher = index.searcher();
    let manifest = guard::contain(dir, Activity::Read, || {
        Manifest::read(&searcher, index.fields())
    });
    let manifest = match manifest {
        Ok(manifest) => manifest,
        Err(e) => return report.error(FindingKind::Unreadable, e),
    };
    let passages = searcher.num_docs();
    let mut mismatch = Vec::new();
    if info.passages != passages {
        mismatch.push(format!(
            "{} passages recorded, {passages} found",
            info.passages
        ));
    }
    if info.files != manifest.len() as u64 {
        mismatch.push(format!(
            "{} files recorded, {} found",
            info.files,
            manifest.len()
        ));
    }
    let articles: u64 = manifest
        .docs()
        .filter_map(|d| manifest.get(d))
        .map(|f| f.articles)
        .sum();
    if info.articles != articles {
        mismatch.push(format!(
            "{} articles recorded, {articles} found",
            info.articles
        ));
    }
    if !mismatch.is_empty() {
        report.problem(
            FindingKind::Counts,
            None,
            format!(
                "the commit's counts disagree with its content: {}",
                mismatch.join("; ")
            ),
        );
    }
    Ok(())
}

/// Reads every stored passage and decodes every posting list of the text.
/// What a damage error says, to report as a finding; any other error (an
/// I/O error of the machine, not of the index) is passed on.
fn damage_detail(e: Error) -> Result<String> {
    match e {
        Error::Damaged { detail, .. } => Ok(detail),
        e => Err(e),
    }
}

fn deep(dir: &Path, index: &SearchIndex, report: &mut CheckReport) -> Result<()> {
    let searcher = index.searcher();
    let fields = *index.fields();
    for segment in searcher.segment_readers() {
        let segment_name = segment.segment_id().uuid_string();
        let stored = guard::contain(dir, Activity::Read, || {
            let store = segment
                .get_store_reader(1)
                .map_err(tantivy::TantivyError::from)?;
            let mut read = 0u64;
            let mut incomplete = 0u64;
            for doc in store.iter::<TantivyDocument>(segment.alive_bitset()) {
                let doc = doc?;
                let has = |f| doc.get_first(f).and_then(|v| v.as_str()).is_some();
                if !has(fields.text) || !has(fields.doc) {
                    incomplete += 1;
                }
                read += 1;
            }
            Ok((read, incomplete))
        });
        match stored {
            Ok((read, incomplete)) => {
                report.passages_read += read;
                if read != u64::from(segment.num_docs()) {
                    report.problem(
                        FindingKind::StoredPassage,
                        Some(format!("{segment_name}.store")),
                        format!("{read} stored passages, {} expected", segment.num_docs()),
                    );
                }
                if incomplete > 0 {
                    report.problem(
                        FindingKind::StoredPassage,
                        Some(format!("{segment_name}.store")),
                        format!("{incomplete} stored passages lack their text or file"),
                    );
                }
            }
            Err(e) => {
                let message = damage_detail(e)?;
                report.problem(
                    FindingKind::StoredPassage,
                    Some(format!("{segment_name}.store")),
                    format!("stored passages cannot be read: {message}"),
                );
            }
        }
        let postings = guard::contain(dir, Activity::Read, || {
            let inverted = segment.inverted_index(fields.text)?;
            let mut terms = inverted
                .terms()
                .stream()
                .map_err(tantivy::TantivyError::from)?;
            let mut lists = 0u64;
            let mut positions = Vec::new();
            while terms.advance() {
                let info = terms.value().clone();
                let mut postings = inverted
                    .read_postings_from_terminfo(&info, IndexRecordOption::WithFreqsAndPositions)
                    .map_err(tantivy::TantivyError::from)?;
                let mut docs = 0u32;
                while postings.doc() != TERMINATED {
                    postings.positions(&mut positions);
                    docs += 1;
                    postings.advance();
                }
                if docs != info.doc_freq {
                    return Err(Error::Damaged {
                        path: dir.to_path_buf(),
                        detail: format!(
                            "a posting list has {docs} passages where the term dictionary says {}",
                            info.doc_freq
                        ),
                    });
                }
                lists += 1;
            }
            Ok(lists)
        });
        match postings {
            Ok(lists) => report.postings_read += lists,
            Err(e) => {
                let message = damage_detail(e)?;
                report.problem(
                    FindingKind::Postings,
                    Some(format!("{segment_name}.idx")),
                    format!("posting lists cannot be decoded: {message}"),
                );
            }
        }
    }
    Ok(())
}
