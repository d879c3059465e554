//! Python exceptions: one class per kind of [`kavosh::Error`], all under
//! `kavosh.KavoshError`, carrying the library's message.

use pyo3::create_exception;
use pyo3::exceptions::PyException;
use pyo3::PyErr;

create_exception!(
    kavosh,
    KavoshError,
    PyException,
    "Base class of every error kavosh raises; the message says what went wrong and what to do."
);
create_exception!(
    kavosh,
    QueryError,
    KavoshError,
    "The search cannot be run as asked: the query has nothing to search, or an option's value \
     cannot be used (a date that cannot be read, --after later than --before, a malformed --doc \
     glob, a value out of range)."
);
create_exception!(
    kavosh,
    IndexNotFoundError,
    KavoshError,
    "There is no index in the folder: build one with Index.open_or_create(path).index(paths)."
);
create_exception!(
    kavosh,
    IndexBusyError,
    KavoshError,
    "Another process (or handle) is writing the index: wait for it to finish and try again. \
     Searches go on meanwhile."
);
create_exception!(
    kavosh,
    IncompatibleIndexError,
    KavoshError,
    "The index was built by another analyzer or schema version: rebuild it \
     (Index.open_or_create replaces it)."
);
create_exception!(
    kavosh,
    IndexDamagedError,
    KavoshError,
    "The index files are damaged; the message says which and how to repair them \
     (`kavosh check`, or a rebuild)."
);
create_exception!(
    kavosh,
    IndexPathError,
    KavoshError,
    "The index path cannot be used as an index folder (a file, under a file, unreadable)."
);
create_exception!(
    kavosh,
    CorpusPathError,
    KavoshError,
    "A path given to Index.index does not exist or cannot be read."
);
create_exception!(
    kavosh,
    LexiconError,
    KavoshError,
    "A bilingual lexicon file (lexicon=) has a malformed line; the message names the file and line."
);
create_exception!(
    kavosh,
    StorageError,
    KavoshError,
    "The index files could not be read or written (disk full, no permission, a tantivy error); \
     a failed write commits nothing."
);

/// The Python exception for a library error, with its message.
pub fn to_py(error: kavosh::Error) -> PyErr {
    use kavosh::Error;
    let message = error.to_string();
    match error {
        Error::Query(_) | Error::Filter(_) => QueryError::new_err(message),
        Error::NoIndex(_) => IndexNotFoundError::new_err(message),
        Error::Locked(_) => IndexBusyError::new_err(message),
        Error::Incompatible { .. } => IncompatibleIndexError::new_err(message),
        Error::CorpusPath { .. } => CorpusPathError::new_err(message),
        Error::Lexicon { .. } => LexiconError::new_err(message),
        Error::Damaged { .. } => IndexDamagedError::new_err(message),
        Error::IndexPath { .. } => IndexPathError::new_err(message),
        Error::Io { .. } | Error::Write { .. } | Error::Tantivy(_) => {
            StorageError::new_err(message)
        }
    }
}

/// A usage error that the Python layer finds itself (an option's value).
pub fn query_error(message: String) -> PyErr {
    QueryError::new_err(message)
}
