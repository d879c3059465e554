//! The keyword arguments of `Index.search`: one table with an entry per
//! option of `kavosh search` (the same name, `_` for `-`, the same
//! meaning and limits). A new search option is one line in
//! [`SEARCH_OPTIONS`] (and one in `kavosh/_kavosh.pyi`).

use std::path::PathBuf;

use kavosh::search::{feedback, DocPattern, Feedback, Filter, Group, Typos};
use kavosh::SearchOptions;
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::errors::{query_error, to_py};

/// A search as asked from Python: the library's options and the lexicon
/// files to add to the shipped lexicon.
#[derive(Debug, Default)]
pub struct Request {
    /// Everything [`kavosh::SearchIndex::search`] takes.
    pub options: SearchOptions,
    /// `lexicon=`: lexicon files searched with, besides the shipped one.
    pub lexicon: Vec<PathBuf>,
}

/// Sets one option of a request from its Python value.
type Set = fn(&mut Request, &str, &Bound<'_, PyAny>) -> PyResult<()>;

/// Every keyword argument of `Index.search`, with how it sets the request.
/// `format` and `color` of the command line only change how results are
/// printed: `Results` always carries `expansions`; `explain=True` adds the
/// parts of each hit's score (`explain` in `to_dict()`).
#[rustfmt::skip]
pub const SEARCH_OPTIONS: &[(&str, Set)] = &[
    ("limit",         |r, name, v| put(&mut r.options.limit, count(name, v, 0, 10_000)?)),
    ("offset",        |r, name, v| put(&mut r.options.offset, count(name, v, 0, 1_000_000)?)),
    ("exact",         |r, _, v| put(&mut r.options.exact, v.extract()?)),
    ("expand",        |r, _, v| put(&mut r.options.expand, v.extract()?)),
    ("no_expand",     |r, _, v| put(&mut r.options.expand, !v.extract::<bool>()?)),
    ("snippet_chars", |r, name, v| put(&mut r.options.snippet.max_chars, count(name, v, 20, 100_000)?)),
    ("after",         |r, name, v| put(&mut r.options.filter.after, Some(Filter::date(name, v.extract()?).map_err(to_py)?))),
    ("before",        |r, name, v| put(&mut r.options.filter.before, Some(Filter::date(name, v.extract()?).map_err(to_py)?))),
    ("lang",          |r, name, v| put(&mut r.options.filter.lang, Some(choice(name, v, &["fa", "en"])?.to_string()))),
    ("doc",           |r, _, v| put(&mut r.options.filter.doc, Some(DocPattern::new(v.extract()?).map_err(to_py)?))),
    ("group",         |r, name, v| put(&mut r.options.group, group(choice(name, v, &["passage", "article"])?))),
    ("typos",         |r, name, v| put(&mut r.options.typos, typos(choice(name, v, &["auto", "off"])?))),
    ("explain",       |r, _, v| put(&mut r.options.explain, v.extract()?)),
    ("feedback",      |r, _, v| put(&mut r.options.feedback, v.extract::<bool>()?.then(Feedback::default))),
    ("feedback_passages", |r, name, v| put(&mut Feedback::on(&mut r.options.feedback).passages, count(name, v, 1, feedback::MAX_PASSAGES as i64)?)),
    ("feedback_terms",    |r, name, v| put(&mut Feedback::on(&mut r.options.feedback).terms, count(name, v, 1, feedback::MAX_TERMS as i64)?)),
    ("feedback_weight",   |r, name, v| put(&mut Feedback::on(&mut r.options.feedback).weight, Feedback::check_weight(v.extract()?).map_err(|e| query_error(format!("{name}: {e}")))?)),
    ("lexicon",       |r, _, v| put(&mut r.lexicon, paths(v)?)),
];

impl Request {
    /// The request of `Index.search`'s keyword arguments; `None` leaves an
    /// option at its default.
    pub fn from_kwargs(kwargs: Option<&Bound<'_, PyDict>>) -> PyResult<Request> {
        let mut request = Request::default();
        for (key, value) in kwargs.into_iter().flatten() {
            let name: &str = &key.extract::<String>()?;
            let Some((name, set)) = SEARCH_OPTIONS.iter().find(|(n, _)| *n == name) else {
                let known: Vec<&str> = SEARCH_OPTIONS.iter().map(|(n, _)| *n).collect();
                return Err(PyTypeError::new_err(format!(
                    "search() got an unexpected keyword argument '{name}'; the options are: {}",
                    known.join(", ")
                )));
            };
            if !value.is_none() {
                set(&mut request, name, &value)?;
            }
        }
        Ok(request)
    }
}

/// The names of the options, for `kavosh.SEARCH_OPTIONS`.
pub fn names() -> Vec<&'static str> {
    SEARCH_OPTIONS.iter().map(|(name, _)| *name).collect()
}

fn put<T>(slot: &mut T, value: T) -> PyResult<()> {
    *slot = value;
    Ok(())
}

/// A whole number in `min..=max`, as the command line accepts it.
fn count(name: &str, value: &Bound<'_, PyAny>, min: i64, max: i64) -> PyResult<usize> {
    let n: i64 = value.extract()?;
    if n < min || n > max {
        return Err(query_error(format!(
            "{name}: {n} is out of range; give a number from {min} to {max}"
        )));
    }
    Ok(n as usize)
}

/// One of `choices`.
fn choice<'a>(name: &str, value: &Bound<'_, PyAny>, choices: &[&'a str]) -> PyResult<&'a str> {
    let text: String = value.extract()?;
    choices
        .iter()
        .find(|c| **c == text)
        .copied()
        .ok_or_else(|| {
            query_error(format!(
                "{name}: «{text}» is not one of {}",
                choices.join(", ")
            ))
        })
}

fn typos(name: &str) -> Typos {
    match name {
        "off" => Typos::Off,
        _ => Typos::Auto,
    }
}

fn group(name: &str) -> Group {
    match name {
        "article" => Group::Article,
        _ => Group::Passage,
    }
}

/// One path or a sequence of paths (`str` or `os.PathLike`).
pub fn paths(value: &Bound<'_, PyAny>) -> PyResult<Vec<PathBuf>> {
    if let Ok(path) = value.extract::<PathBuf>() {
        return Ok(vec![path]);
    }
    value
        .try_iter()?
        .map(|item| item?.extract::<PathBuf>())
        .collect()
}
