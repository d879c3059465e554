//! Results, hits and tokens as Python objects. They read the library's
//! values in place; `to_dict()` goes through the library's own JSON, so it
//! is exactly what `kavosh search --format json` prints, and any field the
//! library adds is an attribute at once.

use std::sync::Arc;

use kavosh::analysis::ExplainedToken;
use kavosh::{Hit as LibHit, SearchResults};
use pyo3::exceptions::{PyAttributeError, PyValueError};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyList, PyTuple};
use serde::Serialize;

/// `value` as Python objects, through its JSON text and `json.loads`:
/// numbers, strings, lists and dicts exactly as the command line prints them.
pub fn json_to_py<T: Serialize + ?Sized>(py: Python<'_>, value: &T) -> PyResult<Py<PyAny>> {
    static LOADS: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
    let text = to_json(value)?;
    let loads = LOADS.get_or_try_init(py, || {
        Ok::<_, PyErr>(py.import("json")?.getattr("loads")?.unbind())
    })?;
    loads.call1(py, (text,))
}

fn to_json<T: Serialize + ?Sized>(value: &T) -> PyResult<String> {
    serde_json::to_string(value).map_err(|e| PyValueError::new_err(e.to_string()))
}

/// A JSON field of `value` that has no attribute of its own, or
/// `AttributeError`.
fn json_field<T: Serialize>(
    py: Python<'_>,
    class: &str,
    value: &T,
    name: &str,
) -> PyResult<Py<PyAny>> {
    let json = serde_json::to_value(value).map_err(|e| PyValueError::new_err(e.to_string()))?;
    match json.get(name) {
        Some(field) => json_to_py(py, field),
        None => Err(PyAttributeError::new_err(format!(
            "'{class}' object has no attribute '{name}'"
        ))),
    }
}

/// The name serde gives a unit enum value (`"passage"`, `"persian"`).
fn enum_name<T: Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(name)) => name,
        _ => String::new(),
    }
}

/// A score as the JSON prints it: the shortest decimal that reads back as
/// the same `f32`, so `hit.score == results.to_dict()["hits"][i]["score"]`.
fn score(value: f32) -> f64 {
    value.to_string().parse().unwrap_or(f64::from(value))
}

fn spans(spans: &[[usize; 2]]) -> Vec<(usize, usize)> {
    spans.iter().map(|[start, end]| (*start, *end)).collect()
}

/// The answer to a search: `hits` of the requested page, best first, and
/// what the whole search found. `to_dict()` is the JSON object of
/// `kavosh search --format json`; `len()`, iteration and indexing go over
/// the hits.
#[pyclass(frozen, module = "kavosh")]
pub struct Results {
    inner: Arc<SearchResults>,
    /// The hits, made once; `hits` hands out a new list of them.
    hits: Py<PyTuple>,
}

impl Results {
    pub fn new(py: Python<'_>, results: SearchResults) -> PyResult<Results> {
        let inner = Arc::new(results);
        let hits = (0..inner.hits.len()).map(|i| Hit {
            results: Arc::clone(&inner),
            i,
        });
        let hits = PyTuple::new(py, hits)?.unbind();
        Ok(Results { inner, hits })
    }
}

#[pymethods]
impl Results {
    /// The query as given.
    #[getter]
    fn query(&self) -> &str {
        &self.inner.query
    }

    /// How many passages match in all (with group="article": articles).
    #[getter]
    fn total_hits(&self) -> usize {
        self.inner.total_hits
    }

    /// What a hit stands for: "passage" or "article".
    #[getter]
    fn group(&self) -> String {
        enum_name(&self.inner.group)
    }

    /// How many required concepts the query has (see Hit.matched).
    #[getter]
    fn concepts(&self) -> usize {
        self.inner.concepts
    }

    /// The hits of the requested page, best first.
    #[getter]
    fn hits<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        PyList::new(py, self.hits.bind(py))
    }

    /// Parts of the query that were ignored or reinterpreted.
    #[getter]
    fn warnings(&self) -> Vec<String> {
        self.inner.warnings.clone()
    }

    /// Translations and transliterations that were searched too (what
    /// `kavosh search --explain` shows), as dicts.
    #[getter]
    fn expansions(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        json_to_py(py, &self.inner.expansions)
    }

    /// The terms pseudo-relevance feedback added (`feedback=True`), as
    /// dicts `{"term", "weight"}`; empty without feedback.
    #[getter]
    fn feedback(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        json_to_py(py, &self.inner.feedback)
    }

    /// The JSON object of `kavosh search --format json`, as Python values.
    fn to_dict(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        json_to_py(py, &*self.inner)
    }

    /// The JSON text of `kavosh search --format json` (one line, without
    /// the final newline).
    fn to_json(&self) -> PyResult<String> {
        to_json(&*self.inner)
    }

    fn __len__(&self) -> usize {
        self.inner.hits.len()
    }

    fn __iter__(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        Ok(self.hits.bind(py).try_iter()?.into_any().unbind())
    }

    fn __getitem__<'py>(&self, py: Python<'py>, index: isize) -> PyResult<Bound<'py, PyAny>> {
        self.hits.bind(py).as_any().get_item(index)
    }

    /// Fields the library added after these bindings were written.
    fn __getattr__(&self, py: Python<'_>, name: &str) -> PyResult<Py<PyAny>> {
        json_field(py, "Results", &*self.inner, name)
    }

    fn __repr__(&self) -> String {
        format!(
            "<kavosh.Results query={:?} total_hits={} hits={}>",
            self.inner.query,
            self.inner.total_hits,
            self.inner.hits.len()
        )
    }
}

/// One passage found (with group="article", an article's best passage).
/// Offsets in `highlights` and `snippet_highlights` are `(start, end)`
/// Python string indices into `text` and `snippet`.
#[pyclass(frozen, module = "kavosh")]
pub struct Hit {
    results: Arc<SearchResults>,
    i: usize,
}

impl Hit {
    fn hit(&self) -> &LibHit {
        &self.results.hits[self.i]
    }
}

#[pymethods]
impl Hit {
    /// 1-based rank among all hits (offset included).
    #[getter]
    fn rank(&self) -> usize {
        self.hit().rank
    }

    /// BM25 score (as the JSON prints it).
    #[getter]
    fn score(&self) -> f64 {
        score(self.hit().score)
    }

    /// How many of the query's required concepts the passage contains.
    #[getter]
    fn matched(&self) -> usize {
        self.hit().matched
    }

    /// The article's id (its file path for text files).
    #[getter]
    fn id(&self) -> &str {
        &self.hit().id
    }

    /// The article's file, relative to the corpus root.
    #[getter]
    fn doc(&self) -> &str {
        &self.hit().doc
    }

    /// The article's title.
    #[getter]
    fn title(&self) -> &str {
        &self.hit().title
    }

    /// The section heading the passage stands under, if any.
    #[getter]
    fn section(&self) -> Option<&str> {
        self.hit().section.as_deref()
    }

    /// 1-based paragraph number within the article.
    #[getter]
    fn paragraph(&self) -> u64 {
        self.hit().paragraph
    }

    /// 1-based line of the source file where the passage starts.
    #[getter]
    fn line(&self) -> u64 {
        self.hit().line
    }

    /// The passage exactly as in the source.
    #[getter]
    fn text(&self) -> &str {
        &self.hit().text
    }

    /// The best parts of the passage.
    #[getter]
    fn snippet(&self) -> &str {
        &self.hit().snippet
    }

    /// The matched words in `snippet`: `(start, end)` string indices.
    #[getter]
    fn snippet_highlights(&self) -> Vec<(usize, usize)> {
        spans(&self.hit().snippet_highlights)
    }

    /// The matched words in `text`: `(start, end)` string indices.
    #[getter]
    fn highlights(&self) -> Vec<(usize, usize)> {
        spans(&self.hit().highlights)
    }

    /// The article's publication line, if any.
    #[getter]
    fn published(&self) -> Option<&str> {
        self.hit().published.as_deref()
    }

    /// The article's news id, if any.
    #[getter]
    fn news_id(&self) -> Option<&str> {
        self.hit().news_id.as_deref()
    }

    /// The article's date, ISO Gregorian "YYYY-MM-DD", if known.
    #[getter]
    fn date(&self) -> Option<&str> {
        self.hit().date.as_deref()
    }

    /// The same day in the Jalali calendar, "YYYY-MM-DD".
    #[getter]
    fn date_jalali(&self) -> Option<&str> {
        self.hit().date_jalali.as_deref()
    }

    /// The passage's language, "fa" or "en".
    #[getter]
    fn lang(&self) -> Option<&str> {
        self.hit().lang.as_deref()
    }

    /// With group="article": how many of the article's passages match.
    #[getter]
    fn passages_matched(&self) -> Option<usize> {
        self.hit().passages_matched
    }

    /// The hit's JSON object, as in `kavosh search --format json`.
    fn to_dict(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        json_to_py(py, self.hit())
    }

    /// Fields the library added after these bindings were written.
    fn __getattr__(&self, py: Python<'_>, name: &str) -> PyResult<Py<PyAny>> {
        json_field(py, "Hit", self.hit(), name)
    }

    fn __repr__(&self) -> String {
        let hit = self.hit();
        format!(
            "<kavosh.Hit rank={} doc={:?} line={} score={}>",
            hit.rank, hit.doc, hit.line, hit.score
        )
    }
}

/// One token of `kavosh.analyze`: the indexed term, the word before
/// stemming, its span `(start, end)` in the original text as Python string
/// indices, its position, and for a part of a glued word the whole word's
/// term.
#[pyclass(frozen, module = "kavosh")]
pub struct Token {
    inner: ExplainedToken,
}

impl From<ExplainedToken> for Token {
    fn from(inner: ExplainedToken) -> Token {
        Token { inner }
    }
}

#[pymethods]
impl Token {
    /// The term that is indexed and searched (stemmed).
    #[getter]
    fn term(&self) -> &str {
        &self.inner.term
    }

    /// The normalised word before stemming.
    #[getter]
    fn word(&self) -> &str {
        &self.inner.word
    }

    /// Start in the original text (a string index).
    #[getter]
    fn start(&self) -> usize {
        self.inner.start
    }

    /// End in the original text (a string index).
    #[getter]
    fn end(&self) -> usize {
        self.inner.end
    }

    /// Position (a glued word's parts take consecutive positions).
    #[getter]
    fn position(&self) -> usize {
        self.inner.position
    }

    /// The original characters, `text[start:end]`.
    #[getter]
    fn original(&self) -> &str {
        &self.inner.original
    }

    /// Writing system: "persian", "latin", "number" or "other".
    #[getter]
    fn script(&self) -> String {
        enum_name(&self.inner.script)
    }

    /// For a part of a glued word, the glued word's term.
    #[getter]
    fn part_of(&self) -> Option<&str> {
        self.inner.part_of.as_deref()
    }

    /// The token's JSON object, as in `kavosh analyze --format json`.
    fn to_dict(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        json_to_py(py, &self.inner)
    }

    /// Fields the library added after these bindings were written.
    fn __getattr__(&self, py: Python<'_>, name: &str) -> PyResult<Py<PyAny>> {
        json_field(py, "Token", &self.inner, name)
    }

    fn __repr__(&self) -> String {
        let t = &self.inner;
        format!(
            "<kavosh.Token term={:?} word={:?} span=({}, {}) position={}>",
            t.term, t.word, t.start, t.end, t.position
        )
    }
}
