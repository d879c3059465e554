//! Errors of the library. Each message says what went wrong and what to do.

use std::path::PathBuf;

/// Result with kavosh's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong in kavosh.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// No index at the given folder.
    #[error("no index at {}: build one with `kavosh index --index {}`", .0.display(), .0.display())]
    NoIndex(PathBuf),

    /// Another process holds the index's writer lock.
    #[error("the index at {} is being written by another process; wait for it to finish and try again", .0.display())]
    Locked(PathBuf),

    /// The index was built by another analyzer version or schema.
    #[error("the index at {} was built by {found}, but this kavosh uses {expected}: rebuild it with `kavosh index --index {}`", .path.display(), .path.display())]
    Incompatible {
        /// The index folder.
        path: PathBuf,
        /// What the index says it was built with.
        found: String,
        /// What this build of kavosh needs.
        expected: String,
    },

    /// A corpus path given to the indexer does not exist or cannot be read.
    #[error("cannot read corpus path {}: {source}", .path.display())]
    CorpusPath {
        /// The path as given.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },

    /// The query cannot be searched (it has no searchable word).
    #[error("{0}")]
    Query(String),

    /// A search filter (date, language, document pattern) cannot be used:
    /// the message names the option and says what to write instead.
    #[error("{0}")]
    Filter(String),

    /// A malformed line in a bilingual lexicon file.
    #[error("{file}:{line}: {message}")]
    Lexicon {
        /// The lexicon file.
        file: String,
        /// 1-based line.
        line: usize,
        /// What is wrong and how to fix it.
        message: String,
    },

    /// A file system error on the index folder.
    #[error("{}: {source}", .path.display())]
    Io {
        /// The path involved.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },

    /// The index cannot be read: a file is missing, truncated or corrupted,
    /// or decoding it failed. The corpus is the source of truth: a rebuild
    /// repairs it.
    #[error("the index at {} is damaged ({detail}): rebuild it from the corpus with `kavosh index --rebuild --index {}`", .path.display(), .path.display())]
    Damaged {
        /// The index folder.
        path: PathBuf,
        /// What is wrong, in a few words (which file, how).
        detail: String,
    },

    /// Writing the index failed (disk full, file-size limit, read-only file
    /// system, no permission). Nothing was committed: the previous commit is
    /// intact and still searchable.
    #[error("cannot write the index at {}: {detail}; nothing was committed and the previous index is still searchable: {advice}", .path.display())]
    Write {
        /// The index folder.
        path: PathBuf,
        /// What failed, from the operating system.
        detail: String,
        /// What to do about it.
        advice: String,
    },

    /// The index path cannot be used as an index folder (it is a file, a
    /// symbolic link loop, under a file, unreadable).
    #[error("cannot use {} as the index folder: {detail}", .path.display())]
    IndexPath {
        /// The path as given.
        path: PathBuf,
        /// Why, and what to do.
        detail: String,
    },

    /// An error inside tantivy.
    #[error("index error: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
}
