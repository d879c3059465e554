//! `kavosh._kavosh`, the extension module of the `kavosh` Python package.
//!
//! It only converts types and releases the GIL: indexing, searching and
//! analysis are the kavosh library's. The package's `__init__.py`
//! re-exports everything here.
//!
//! | file | what |
//! |---|---|
//! | `handle.rs` | `Index`: open, index, search, stats, reload |
//! | `options.rs` | the keyword arguments of `Index.search`, one table |
//! | `results.rs` | `Results`, `Hit`, `Token` |
//! | `errors.rs` | the exceptions, one per kind of library error |

mod errors;
mod handle;
mod options;
mod results;

use pyo3::prelude::*;

/// The analysis of `text` (as `kavosh analyze`): one Token per indexed
/// term, with the word before stemming, its span in `text` as string
/// indices, its position and, for a part of a glued word, the whole word.
#[pyfunction]
fn analyze(py: Python<'_>, text: &str) -> Vec<results::Token> {
    py.detach(|| kavosh::analysis::explain(text))
        .into_iter()
        .map(results::Token::from)
        .collect()
}

/// `text` with every word spelled as kavosh reads it before stemming:
/// Arabic letters as Persian (ك → ک, ي → ی), no diacritics or tatweel,
/// ASCII digits, detached affixes joined without ZWNJ («هسته ای» →
/// «هستهای»), Latin lowercased. Spaces and punctuation stay; invisible
/// marks go.
#[pyfunction]
fn normalize(py: Python<'_>, text: &str) -> String {
    py.detach(|| kavosh::analysis::normalize(text))
}

/// Bilingual Persian/English full-text search (the kavosh library).
#[pymodule]
mod _kavosh {
    #[pymodule_export]
    use super::errors::{
        CorpusPathError, IncompatibleIndexError, IndexBusyError, IndexDamagedError,
        IndexNotFoundError, IndexPathError, KavoshError, LexiconError, QueryError, StorageError,
    };
    #[pymodule_export]
    use super::handle::Index;
    #[pymodule_export]
    use super::results::{Hit, Results, Token};
    #[pymodule_export]
    use super::{analyze, normalize};

    use pyo3::prelude::*;

    #[pymodule_init]
    fn init(m: &Bound<'_, PyModule>) -> PyResult<()> {
        m.add("__version__", env!("CARGO_PKG_VERSION"))?;
        m.add("ANALYZER_VERSION", kavosh::analysis::ANALYZER_VERSION)?;
        m.add(
            "SEARCH_OPTIONS",
            pyo3::types::PyTuple::new(m.py(), super::options::names())?,
        )?;
        Ok(())
    }
}
