//! `kavosh.Index`: an open index. Every method releases the GIL while the
//! library works, so threads search (and index) in parallel.

use std::path::PathBuf;

use kavosh::bilingual::BilingualLexicon;
use kavosh::index::{IndexOptions, SilentProgress};
use kavosh::SearchIndex;
use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::errors::to_py;
use crate::options::{self, Request};
use crate::results::{json_to_py, Results};

/// An open kavosh index (a folder). Open one with `Index.open(path)` or
/// `Index.open_or_create(path)`; an `Index` can be shared by threads.
///
/// A handle searches the content of the last commit it has seen: its own
/// `index()` runs are seen at once, another process's after `reload()`.
#[pyclass(frozen, module = "kavosh")]
pub struct Index {
    inner: SearchIndex,
}

#[pymethods]
impl Index {
    /// Opens the index in the folder `path` for searching.
    ///
    /// Raises IndexNotFoundError when there is none, IncompatibleIndexError
    /// when another version of kavosh built it.
    #[staticmethod]
    fn open(py: Python<'_>, path: PathBuf) -> PyResult<Index> {
        let inner = py.detach(|| SearchIndex::open(&path)).map_err(to_py)?;
        Ok(Index { inner })
    }

    /// Opens the index in the folder `path`, or creates an empty one there
    /// (an index of another kavosh version is replaced; other files in the
    /// folder stay).
    #[staticmethod]
    fn open_or_create(py: Python<'_>, path: PathBuf) -> PyResult<Index> {
        let inner = py
            .detach(|| SearchIndex::open_or_create(&path))
            .map_err(to_py)?;
        Ok(Index { inner })
    }

    /// The index folder.
    #[getter]
    fn path(&self) -> PathBuf {
        self.inner.dir().to_path_buf()
    }

    /// Brings the index in line with the article files under `paths` (one
    /// path or a list: files or folders), as `kavosh index PATH…`: only new
    /// and changed files are read, in one commit; with `rebuild=True` every
    /// file is read again and replaces the whole content. `memory_mb`
    /// bounds the writer's memory (16 to 8192, as --memory-mb).
    ///
    /// Returns the report of `kavosh index --format json` as a dict: files
    /// added, changed, unchanged, removed, skipped; articles and passages;
    /// problems (files, lines or paragraphs skipped, with the reason).
    /// Raises IndexBusyError at once while another process writes the
    /// index, CorpusPathError for a path that cannot be read.
    #[pyo3(signature = (paths, *, rebuild = false, memory_mb = 128))]
    fn index(
        &self,
        py: Python<'_>,
        paths: &Bound<'_, PyAny>,
        rebuild: bool,
        memory_mb: u64,
    ) -> PyResult<Py<PyAny>> {
        if !(16..=8192).contains(&memory_mb) {
            return Err(crate::errors::query_error(format!(
                "memory_mb: {memory_mb} is out of range; give a number from 16 to 8192"
            )));
        }
        let roots = options::paths(paths)?;
        let options = IndexOptions {
            memory_budget: (memory_mb as usize) * 1024 * 1024,
        };
        let report = py
            .detach(|| {
                if rebuild {
                    self.inner.rebuild(&roots, &options, &SilentProgress)
                } else {
                    self.inner.update(&roots, &options, &SilentProgress)
                }
            })
            .map_err(to_py)?;
        json_to_py(py, &report)
    }

    /// Searches the index, as `kavosh search QUERY`; the options are the
    /// command line's, by the same names (`_` for `-`):
    ///
    /// - limit (10; 0 only counts), offset (0): the page of hits
    /// - exact (False): the words as typed, without stemming
    /// - expand (True): English ↔ Persian translations and
    ///   transliterations too (no_expand=True as on the command line)
    /// - lexicon: a lexicon file or a list of them, added to the shipped one
    /// - snippet_chars (240): snippet length in characters
    /// - after, before: dates in either calendar ("1391-07-17",
    ///   "۱۳۹۱/۰۷/۱۷", "2012-10-08"); articles without a date are left out
    /// - lang: "fa" or "en"
    /// - doc: a glob or a part of the document path
    /// - group: "passage" (default) or "article"
    /// - typos: "auto" (default: a misspelled word is also searched
    ///   corrected, and `suggestions` says "did you mean") or "off"
    /// - explain (False): every hit carries the parts of its score
    /// - feedback (False): pseudo-relevance feedback, the terms of the best
    ///   passages of a first search searched too (`Results.feedback`);
    ///   feedback_passages (10), feedback_terms (20), feedback_weight
    ///   (0.2) set it and turn it on
    ///
    /// An option given as None keeps its default. The query syntax:
    /// words, "a phrase" or «a phrase», -word to exclude, a OR b.
    ///
    /// Raises QueryError for a query with nothing to search or an option
    /// value that cannot be used, TypeError for an unknown option.
    #[pyo3(signature = (query, **options))]
    fn search(
        &self,
        py: Python<'_>,
        query: &str,
        options: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<Results> {
        let Request { options, lexicon } = Request::from_kwargs(options)?;
        let results = py
            .detach(|| {
                if lexicon.is_empty() {
                    return self.inner.search(query, &options);
                }
                let mut handle = self.inner.clone();
                handle.add_lexicon(&BilingualLexicon::from_files(&lexicon)?);
                handle.search(query, &options)
            })
            .map_err(to_py)?;
        Results::new(py, results)
    }

    /// What the index holds, as `kavosh stats --format json`: files,
    /// articles, passages, languages, distinct terms, size on disk,
    /// segments, versions and the time of the last update.
    fn stats(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let stats = py.detach(|| self.inner.stats()).map_err(to_py)?;
        json_to_py(py, &stats)
    }

    /// Makes the last commit visible to this handle's searches (after
    /// another process or handle indexed).
    fn reload(&self, py: Python<'_>) -> PyResult<()> {
        py.detach(|| self.inner.reload()).map_err(to_py)
    }

    fn __repr__(&self) -> String {
        format!(
            "<kavosh.Index {:?}>",
            self.inner.dir().display().to_string()
        )
    }
}
