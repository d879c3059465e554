//! The read routes: the page, search, analyze, stats, health. Every one
//! that touches the index or the analyzer runs on tokio's blocking pool.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, QueryRejection};
use axum::extract::{Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use serde::Serialize;

use kavosh::output;

use super::cache::AnswerCache;
use super::error::json_response;
use super::params::SearchRequest;
use super::{ApiError, App};

/// The search page: one HTML file with its CSS and JS, in the binary.
const PAGE: &str = include_str!("page.html");

/// The read routes; anything else is a JSON 404.
pub fn routes() -> Router<Arc<App>> {
    Router::new()
        .route("/", get(page))
        .route("/search", get(search_get).post(search_post))
        .route("/analyze", get(analyze))
        .route("/stats", get(stats))
        .route("/health", get(health))
        .fallback(not_found)
}

async fn page() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (
                header::CONTENT_SECURITY_POLICY,
                "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'; img-src data:; base-uri 'none'; form-action 'self'",
            ),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        ],
        PAGE,
    )
        .into_response()
}

async fn not_found(uri: axum::http::Uri) -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        format!(
            "no such path: {}; the API has GET|POST /search, GET /analyze, GET /stats, GET /health, POST /articles, and the page at /",
            uri.path()
        ),
    )
}

/// Runs `work` on the blocking pool.
pub async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    tokio::task::spawn_blocking(work)
        .await
        .unwrap_or_else(|e| Err(ApiError::internal(format!("the request failed: {e}"))))
}

/// The pairs of a query string, or a 400 saying why it cannot be read.
fn pairs(
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Result<Vec<(String, String)>, ApiError> {
    query.map(|Query(pairs)| pairs).map_err(|e| {
        ApiError::bad_request(format!(
            "the query string cannot be read: {}",
            e.body_text()
        ))
    })
}

/// A request body, or the error of reading it (413 when too large).
pub fn body(app: &App, body: Result<Bytes, BytesRejection>) -> Result<Bytes, ApiError> {
    body.map_err(|e| match e.status() {
        StatusCode::PAYLOAD_TOO_LARGE => ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!(
                "the request body is larger than the server's limit of {} KiB (--max-body-kb); send less at a time",
                app.limits.max_body_bytes / 1024
            ),
        ),
        status => ApiError::new(status, format!("the request body cannot be read: {}", e.body_text())),
    })
}

async fn search_get(
    State(app): State<Arc<App>>,
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Result<Response, ApiError> {
    let request = SearchRequest::from_pairs(&pairs(query)?, &app.limits)?;
    search(app, request).await
}

async fn search_post(
    State(app): State<Arc<App>>,
    bytes: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let bytes = body(&app, bytes)?;
    let request = SearchRequest::from_json(&bytes, &app.limits)?;
    search(app, request).await
}

/// The search's results, exactly as `kavosh search --format json` prints
/// them: from the cache if the same request was answered on the current
/// commit, else computed once a search permit is free.
async fn search(app: Arc<App>, request: SearchRequest) -> Result<Response, ApiError> {
    let key = app.cache.as_ref().map(|_| AnswerCache::key(&request));
    if let (Some(cache), Some(key), Some(generation)) = (&app.cache, &key, app.generation()) {
        if let Some(body) = cache.get(generation, key) {
            return Ok(cached(json_response(StatusCode::OK, body), "hit"));
        }
    }
    let body = app
        .computed(move |app| {
            let index = app.index()?;
            // Read before searching: an answer is never stored under a
            // newer generation than the commit it was computed on.
            let generation = index.searcher().generation().generation_id();
            let results = index.search(&request.query, &request.options)?;
            let body = Bytes::from(json_line(&results)?);
            if let (Some(cache), Some(key)) = (&app.cache, key) {
                cache.put(generation, key, body.clone());
            }
            Ok(body)
        })
        .await?;
    let response = json_response(StatusCode::OK, body);
    Ok(match app.cache {
        Some(_) => cached(response, "miss"),
        None => response,
    })
}

/// Marks an answer as taken from the cache (`X-Cache: hit`) or not.
fn cached(mut response: Response, how: &'static str) -> Response {
    response
        .headers_mut()
        .insert("x-cache", header::HeaderValue::from_static(how));
    response
}

/// `value` as one line of JSON, as the CLI's `--format json` writes it.
pub fn json_line<T: Serialize>(value: &T) -> Result<Vec<u8>, ApiError> {
    let mut body = Vec::new();
    output::json::write(&mut body, value)
        .map_err(|e| ApiError::internal(format!("cannot write the answer: {e}")))?;
    Ok(body)
}

async fn analyze(
    State(app): State<Arc<App>>,
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Result<Response, ApiError> {
    let mut text = None;
    for (name, value) in pairs(query)? {
        match name.as_str() {
            "text" if text.is_none() => text = Some(value),
            "text" => {
                return Err(param(
                    "text",
                    "parameter `text` is given twice; give it once",
                ))
            }
            other => {
                return Err(param(
                    other,
                    &format!("unknown parameter `{other}`; /analyze takes only `text`"),
                ))
            }
        }
    }
    let Some(text) = text.filter(|t| !t.trim().is_empty()) else {
        return Err(param(
            "text",
            "parameter `text` is missing: give the text to analyse, as in ?text=کتاب‌هایشان",
        ));
    };
    let chars = text.chars().count();
    if chars > app.limits.max_query_chars {
        return Err(param(
            "text",
            &format!(
                "parameter `text` is {chars} characters long; the limit is {} (the server's --max-query-chars)",
                app.limits.max_query_chars
            ),
        ));
    }
    let body = app
        .computed(move |_| json_line(&crate::analysis_report(&text)))
        .await?;
    Ok(json_response(StatusCode::OK, body))
}

fn param(name: &str, message: &str) -> ApiError {
    super::params::ParamError {
        param: name.to_string(),
        message: message.to_string(),
    }
    .into()
}

async fn stats(State(app): State<Arc<App>>) -> Result<Response, ApiError> {
    let body = blocking(move || json_line(&app.index()?.stats()?)).await?;
    Ok(json_response(StatusCode::OK, body))
}

/// What `GET /health` says once the index is open.
#[derive(Serialize)]
struct Health {
    status: &'static str,
    version: &'static str,
    analyzer: &'static str,
    schema: u32,
    index: String,
    passages: u64,
    writes: bool,
}

async fn health(State(app): State<Arc<App>>) -> Result<Response, ApiError> {
    let body = blocking(move || {
        let index = app.index()?;
        json_line(&Health {
            status: "ok",
            version: env!("CARGO_PKG_VERSION"),
            analyzer: kavosh::analysis::ANALYZER_VERSION,
            schema: kavosh::index::SCHEMA_VERSION,
            index: index.dir().display().to_string(),
            passages: index.num_passages(),
            writes: app.writes.is_some(),
        })
    })
    .await?;
    Ok(json_response(StatusCode::OK, body))
}
