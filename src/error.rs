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

    /// An error inside tantivy.
    #[error("index error: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
}
