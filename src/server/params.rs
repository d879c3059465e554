//! The search parameters of the API: one table, [`PARAMS`], maps each name
//! to the search option it sets, for `GET /search?…` (strings) and `POST
//! /search` (a JSON object) alike. A new search option is one line there.

use serde_json::Value;

use kavosh::search::{feedback, DocPattern, Feedback, Filter, Group, Typos};
use kavosh::SearchOptions;

use super::Limits;

/// A search as asked for: the query and the library's options.
#[derive(Debug, Clone)]
pub struct SearchRequest {
    /// The query, as for `kavosh search`.
    pub query: String,
    /// The options, as `kavosh search` builds them from its flags.
    pub options: SearchOptions,
}

/// A parameter that cannot be used: its name and what to write instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParamError {
    /// The parameter's name (`limit`, `after`…).
    pub param: String,
    /// What is wrong and what to do.
    pub message: String,
}

/// How a parameter's value sets the request.
type Setter = fn(&mut SearchRequest, &Value, &Limits) -> Result<(), String>;

/// Every search parameter, in the order the page and the README list them;
/// each is the `kavosh search` flag of the same name (`no_expand` is
/// `--no-expand`).
pub const PARAMS: &[(&str, Setter)] = &[
    ("q", |r, v, l| {
        r.query = text(v)?;
        let chars = r.query.chars().count();
        match (r.query.trim().is_empty(), chars > l.max_query_chars) {
            (true, _) => Err("is empty: give the words to search, as in ?q=بوشهر".into()),
            (_, true) => Err(format!(
                "is {chars} characters long; the limit is {} (the server's --max-query-chars)",
                l.max_query_chars
            )),
            _ => Ok(()),
        }
    }),
    ("limit", |r, v, l| {
        r.options.limit = number(v, l.max_limit, "the server's --max-limit")?;
        Ok(())
    }),
    ("offset", |r, v, l| {
        r.options.offset = number(v, l.max_offset, "the server's --max-offset")?;
        Ok(())
    }),
    ("exact", |r, v, _| {
        r.options.exact = boolean(v)?;
        Ok(())
    }),
    ("expand", |r, v, _| {
        r.options.expand = boolean(v)?;
        Ok(())
    }),
    ("no_expand", |r, v, _| {
        r.options.expand = !boolean(v)?;
        Ok(())
    }),
    ("typos", |r, v, _| {
        r.options.typos = match text(v)?.as_str() {
            "auto" => Typos::Auto,
            "off" => Typos::Off,
            other => return Err(format!("must be auto or off; got «{other}»")),
        };
        Ok(())
    }),
    // As `--explain`: every hit carries the parts of its score (the JSON
    // always lists the expansions).
    ("explain", |r, v, _| {
        r.options.explain = boolean(v)?;
        Ok(())
    }),
    ("snippet_chars", |r, v, _| {
        let chars = number(v, 10_000, "the API's snippet limit")?;
        if chars < 20 {
            return Err(format!("must be at least 20; got {chars}"));
        }
        r.options.snippet.max_chars = chars;
        Ok(())
    }),
    ("after", |r, v, _| {
        r.options.filter.after = date(v)?;
        Ok(())
    }),
    ("before", |r, v, _| {
        r.options.filter.before = date(v)?;
        Ok(())
    }),
    ("lang", |r, v, _| {
        r.options.filter.lang = match text(v)?.as_str() {
            "" => None,
            "fa" => Some("fa".into()),
            "en" => Some("en".into()),
            other => return Err(format!("must be fa or en; got «{other}»")),
        };
        Ok(())
    }),
    ("doc", |r, v, _| {
        let pattern = text(v)?;
        r.options.filter.doc = match pattern.as_str() {
            "" => None,
            _ => Some(DocPattern::new(&pattern).map_err(|e| e.to_string())?),
        };
        Ok(())
    }),
    // As `--feedback` and its settings (a setting turns feedback on).
    ("feedback", |r, v, _| {
        r.options.feedback = boolean(v)?.then(Feedback::default);
        Ok(())
    }),
    ("feedback_passages", |r, v, _| {
        Feedback::on(&mut r.options.feedback).passages = positive(
            v,
            feedback::MAX_PASSAGES,
            "the most passages feedback reads",
        )?;
        Ok(())
    }),
    ("feedback_terms", |r, v, _| {
        Feedback::on(&mut r.options.feedback).terms =
            positive(v, feedback::MAX_TERMS, "the most terms feedback adds")?;
        Ok(())
    }),
    ("feedback_weight", |r, v, _| {
        Feedback::on(&mut r.options.feedback).weight = Feedback::check_weight(float(v)?)?;
        Ok(())
    }),
    ("group", |r, v, _| {
        r.options.group = match text(v)?.as_str() {
            "passage" => Group::Passage,
            "article" => Group::Article,
            other => return Err(format!("must be passage or article; got «{other}»")),
        };
        Ok(())
    }),
];

/// The names of [`PARAMS`], for messages.
pub fn names() -> String {
    PARAMS
        .iter()
        .map(|(name, _)| *name)
        .collect::<Vec<_>>()
        .join(", ")
}

impl SearchRequest {
    /// The request of the `(name, value)` pairs of a query string.
    pub fn from_pairs(pairs: &[(String, String)], limits: &Limits) -> Result<Self, ParamError> {
        let mut seen: Vec<&str> = Vec::new();
        let mut request = SearchRequest::empty();
        for (name, value) in pairs {
            if seen.contains(&name.as_str()) {
                return Err(ParamError {
                    param: name.clone(),
                    message: format!("parameter `{name}` is given twice; give it once"),
                });
            }
            seen.push(name);
            request.set(name, &Value::String(value.clone()), limits)?;
        }
        request.finish(seen.contains(&"q"), limits)
    }

    /// The request of a JSON object (`POST /search`): the same names, with
    /// JSON numbers and booleans or strings as values.
    pub fn from_json(body: &[u8], limits: &Limits) -> Result<Self, ParamError> {
        let body_error = |message: String| ParamError {
            param: "body".into(),
            message,
        };
        let value: Value = serde_json::from_slice(body).map_err(|e| {
            body_error(format!(
                "the body is not JSON ({e}); send an object such as {{\"q\": \"بوشهر\", \"limit\": 5}}"
            ))
        })?;
        let Value::Object(map) = value else {
            return Err(body_error(
                "the body must be a JSON object such as {\"q\": \"بوشهر\", \"limit\": 5}".into(),
            ));
        };
        let mut request = SearchRequest::empty();
        for (name, value) in &map {
            if !value.is_null() {
                request.set(name, value, limits)?;
            }
        }
        request.finish(map.get("q").is_some_and(|q| !q.is_null()), limits)
    }

    fn empty() -> SearchRequest {
        SearchRequest {
            query: String::new(),
            options: SearchOptions::default(),
        }
    }

    fn set(&mut self, name: &str, value: &Value, limits: &Limits) -> Result<(), ParamError> {
        let Some((_, setter)) = PARAMS.iter().find(|(n, _)| *n == name) else {
            return Err(ParamError {
                param: name.to_string(),
                message: format!(
                    "unknown parameter `{name}`; the search parameters are {}",
                    names()
                ),
            });
        };
        setter(self, value, limits).map_err(|message| ParamError {
            param: name.to_string(),
            message: format!("parameter `{name}` {message}"),
        })
    }

    /// Checks what no single parameter can: the query is there, the limit
    /// is not above the server's (the library's default may be), the dates
    /// are in order.
    fn finish(mut self, has_query: bool, limits: &Limits) -> Result<Self, ParamError> {
        if !has_query {
            return Err(ParamError {
                param: "q".into(),
                message: "parameter `q` is missing: give the words to search, as in ?q=بوشهر"
                    .into(),
            });
        }
        self.options.limit = self.options.limit.min(limits.max_limit);
        if let (Some(after), Some(before)) = (self.options.filter.after, self.options.filter.before)
        {
            if after > before {
                return Err(ParamError {
                    param: "after".into(),
                    message: format!(
                        "parameter `after` ({after}) is later than `before` ({before}): no date is in between; swap them"
                    ),
                });
            }
        }
        Ok(self)
    }
}

/// A string (a number is taken as written).
fn text(value: &Value) -> Result<String, String> {
    match value {
        Value::String(s) => Ok(s.clone()),
        Value::Number(n) => Ok(n.to_string()),
        other => Err(format!("must be a string; got {other}")),
    }
}

/// A yes or no: JSON booleans, or `true`/`false`, `1`/`0`, `yes`/`no`, and
/// an empty value (`?exact`) for yes.
fn boolean(value: &Value) -> Result<bool, String> {
    match value {
        Value::Bool(b) => Ok(*b),
        Value::String(s) => match s.as_str() {
            "" | "true" | "1" | "yes" | "on" => Ok(true),
            "false" | "0" | "no" | "off" => Ok(false),
            other => Err(format!("must be true or false; got «{other}»")),
        },
        other => Err(format!("must be true or false; got {other}")),
    }
}

/// A whole number from 0 to `max`.
fn number(value: &Value, max: usize, whose: &str) -> Result<usize, String> {
    let parsed = match value {
        Value::Number(n) => n.as_u64(),
        Value::String(s) => s.trim().parse::<u64>().ok(),
        _ => None,
    };
    match parsed {
        Some(n) if n <= max as u64 => Ok(n as usize),
        Some(n) => Err(format!("is {n}; the most is {max} ({whose})")),
        None => Err(format!(
            "must be a whole number from 0 to {max}; got {}",
            shown(value)
        )),
    }
}

/// A whole number from 1 to `max`.
fn positive(value: &Value, max: usize, whose: &str) -> Result<usize, String> {
    match number(value, max, whose)? {
        0 => Err(format!("must be at least 1; got {}", shown(value))),
        n => Ok(n),
    }
}

/// A number (JSON, or text such as `0.2`).
fn float(value: &Value) -> Result<f64, String> {
    let parsed = match value {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse::<f64>().ok(),
        _ => None,
    };
    parsed.ok_or_else(|| format!("must be a number such as 0.15; got {}", shown(value)))
}

/// A date in either calendar, as `--after` and `--before` read it; none
/// when empty.
fn date(value: &Value) -> Result<Option<kavosh::corpus::Date>, String> {
    let text = text(value)?;
    if text.trim().is_empty() {
        return Ok(None);
    }
    Filter::date("", &text).map(Some).map_err(|_| {
        format!("cannot be read as a date: «{text}»; write 1391-07-17, ۱۳۹۱/۰۷/۱۷ or 2012-10-08")
    })
}

/// A value as it appears in a message.
fn shown(value: &Value) -> String {
    match value {
        Value::String(s) => format!("«{s}»"),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits() -> Limits {
        Limits::default()
    }

    fn get(query: &[(&str, &str)]) -> Result<SearchRequest, ParamError> {
        let pairs: Vec<(String, String)> = query
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        SearchRequest::from_pairs(&pairs, &limits())
    }

    #[test]
    fn every_option_is_read_from_a_query_string() {
        let r = get(&[
            ("q", "نیروگاه بوشهر"),
            ("limit", "5"),
            ("offset", "10"),
            ("exact", ""),
            ("no_expand", "true"),
            ("snippet_chars", "80"),
            ("after", "۱۳۹۱/۰۷/۰۱"),
            ("before", "2012-12-31"),
            ("lang", "fa"),
            ("doc", "news/*.jsonl"),
            ("group", "article"),
            ("typos", "off"),
            ("explain", "true"),
        ])
        .unwrap();
        assert_eq!(r.query, "نیروگاه بوشهر");
        let o = &r.options;
        assert_eq!((o.limit, o.offset, o.exact, o.expand), (5, 10, true, false));
        assert_eq!(o.snippet.max_chars, 80);
        assert_eq!(o.filter.after.unwrap().to_string(), "2012-09-22");
        assert_eq!(o.filter.before.unwrap().to_string(), "2012-12-31");
        assert_eq!(o.filter.lang.as_deref(), Some("fa"));
        assert!(o.filter.doc.as_ref().unwrap().matches("news/a.jsonl"));
        assert_eq!(o.group, Group::Article);
        assert_eq!((o.typos, o.explain), (Typos::Off, true));
    }

    #[test]
    fn feedback_and_its_settings() {
        assert!(get(&[("q", "دایناسور")])
            .unwrap()
            .options
            .feedback
            .is_none());
        let on = get(&[("q", "دایناسور"), ("feedback", "true")]).unwrap();
        assert_eq!(on.options.feedback, Some(Feedback::default()));
        // a setting turns feedback on
        let r = get(&[
            ("q", "دایناسور"),
            ("feedback_terms", "5"),
            ("feedback_weight", "0.3"),
        ])
        .unwrap();
        let f = r.options.feedback.unwrap();
        assert_eq!(
            (f.terms, f.weight, f.passages),
            (5, 0.3, Feedback::default().passages)
        );
        let body = r#"{"q": "دایناسور", "feedback_passages": 3}"#;
        let r = SearchRequest::from_json(body.as_bytes(), &limits()).unwrap();
        assert_eq!(r.options.feedback.unwrap().passages, 3);
        let err = get(&[("q", "x"), ("feedback_weight", "2")]).unwrap_err();
        assert!(err.message.contains("at most 1"), "{}", err.message);
        assert_eq!(
            get(&[("q", "x"), ("feedback_terms", "0")])
                .unwrap_err()
                .param,
            "feedback_terms"
        );
    }

    #[test]
    fn a_json_body_takes_typed_values() {
        let body =
            r#"{"q": "Caspian", "limit": 3, "expand": false, "group": "passage", "after": null}"#;
        let r = SearchRequest::from_json(body.as_bytes(), &limits()).unwrap();
        assert_eq!((r.query.as_str(), r.options.limit), ("Caspian", 3));
        assert!(!r.options.expand);
        assert!(r.options.filter.after.is_none());
    }

    #[test]
    fn bad_parameters_are_named() {
        let param = |q: &[(&str, &str)]| get(q).unwrap_err();
        assert_eq!(param(&[("limit", "5")]).param, "q");
        assert_eq!(param(&[("q", "  ")]).param, "q");
        let e = param(&[("q", "x"), ("limit", "101")]);
        assert_eq!(e.param, "limit");
        assert!(e.message.contains("--max-limit"), "{}", e.message);
        let e = param(&[("q", "x"), ("limit", "ده")]);
        assert!(e.message.contains("whole number"), "{}", e.message);
        let e = param(&[("q", "x"), ("after", "دیروز")]);
        assert_eq!(e.param, "after");
        assert!(e.message.contains("«دیروز»"), "{}", e.message);
        let e = param(&[
            ("q", "x"),
            ("after", "1392-01-01"),
            ("before", "1391-01-01"),
        ]);
        assert!(e.message.contains("swap"), "{}", e.message);
        let e = param(&[("q", "x"), ("typos", "maybe")]);
        assert_eq!(e.param, "typos");
        assert!(e.message.contains("auto or off"), "{}", e.message);
        let e = param(&[("q", "x"), ("lang", "de")]);
        assert_eq!(e.param, "lang");
        let e = param(&[("q", "x"), ("doc", "news/[a-")]);
        assert_eq!(e.param, "doc");
        let e = param(&[("q", "x"), ("limt", "3")]);
        assert_eq!(e.param, "limt");
        assert!(e.message.contains("limit, offset"), "{}", e.message);
        let e = param(&[("q", "x"), ("q", "y")]);
        assert!(e.message.contains("twice"), "{}", e.message);
        let long = "خزر ".repeat(400);
        assert!(param(&[("q", &long)]).message.contains("--max-query-chars"));
        let e = SearchRequest::from_json(b"[1]", &limits()).unwrap_err();
        assert_eq!(e.param, "body");
        let e =
            SearchRequest::from_json(br#"{"q": "x", "exact": "maybe"}"#, &limits()).unwrap_err();
        assert_eq!(e.param, "exact");
    }

    #[test]
    fn every_parameter_has_one_entry() {
        let mut names: Vec<&str> = PARAMS.iter().map(|(n, _)| *n).collect();
        let all = names.len();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), all);
    }
}
