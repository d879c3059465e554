//! `POST /articles`: records in the `.jsonl` corpus format (a JSON array, one
//! object, or JSON Lines) are checked one by one, the good ones appended to
//! `CORPUS/incoming/YYYY-MM-DD.jsonl` and flushed to disk, then that file is
//! indexed in one commit. The corpus stays the source of truth: a later
//! `kavosh index --rebuild` reads the same records.

use std::fs::OpenOptions;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use axum::body::Bytes;
use axum::extract::{FromRequest, Request, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::post;
use axum::Router;
use serde::Serialize;
use serde_json::Value;

use kavosh::corpus::records::parse_record;
use kavosh::corpus::{Date, SourceFile, MAX_RECORD_BYTES};
use kavosh::index::{IndexOptions, SilentProgress};
use kavosh::{Error, SearchIndex};

use super::api::{blocking, body, json_line};
use super::error::json_response;
use super::{ApiError, App};
use crate::Failure;

/// The folder under the corpus that receives posted records.
const INCOMING: &str = "incoming";

/// How long a write waits for another process's indexing run to finish.
const LOCK_WAIT: Duration = Duration::from_secs(5);

/// The write settings of a server started with `--allow-writes`.
pub struct Writes {
    key: String,
    corpus: PathBuf,
    /// One write at a time: appends and commits never interleave.
    lock: Mutex<()>,
}

/// The key for writes: the first line of `file`, else `KAVOSH_API_KEY`.
pub fn api_key(file: Option<&Path>) -> Result<String, String> {
    let key = match file {
        Some(file) => std::fs::read_to_string(file)
            .map_err(|e| format!("--api-key-file {}: {e}", file.display()))?
            .lines()
            .next()
            .unwrap_or("")
            .trim()
            .to_string(),
        None => std::env::var("KAVOSH_API_KEY")
            .unwrap_or_default()
            .trim()
            .to_string(),
    };
    if key.is_empty() {
        return Err(
            "--allow-writes needs a key: put one in a file given with --api-key-file, or in KAVOSH_API_KEY"
                .to_string(),
        );
    }
    if key.chars().count() < 16 {
        eprintln!("kavosh: warning: the write key is shorter than 16 characters; a longer one is harder to guess");
    }
    Ok(key)
}

impl Writes {
    /// Writes with `key` into `corpus`.
    pub fn new(key: String, corpus: PathBuf) -> Writes {
        Writes {
            key,
            corpus,
            lock: Mutex::new(()),
        }
    }

    /// Indexes the incoming files that changed since they were indexed: records
    /// written to disk by a server killed before its commit are indexed at
    /// the next start.
    pub fn catch_up(&self, index: &SearchIndex) -> Result<(), Failure> {
        let folder = self.corpus.join(INCOMING);
        let Ok(entries) = std::fs::read_dir(&folder) else {
            return Ok(());
        };
        let mut files: Vec<SourceFile> = entries
            .flatten()
            .filter(|e| e.path().extension().is_some_and(|x| x == "jsonl"))
            .filter_map(|e| {
                let name = e.file_name().to_string_lossy().into_owned();
                Some(SourceFile {
                    size: e.metadata().ok()?.len(),
                    path: e.path(),
                    doc: format!("{INCOMING}/{name}"),
                })
            })
            .collect();
        files.sort_by(|a, b| a.doc.cmp(&b.doc));
        if files.is_empty() {
            return Ok(());
        }
        let report = index.update_files(&files, &IndexOptions::default(), &SilentProgress)?;
        if report.committed {
            eprintln!(
                "kavosh: indexed {} passages of {} written to {} before the last stop",
                report.passages_read,
                report.articles_read,
                folder.display()
            );
        }
        Ok(())
    }
}

/// The write route.
pub fn routes() -> Router<Arc<App>> {
    Router::new().route("/articles", post(post_articles))
}

/// What happened to one posted record.
#[derive(Debug, Serialize)]
struct RecordOutcome {
    /// 1-based position in the body.
    record: usize,
    /// The record's id (its own, or `doc:line`).
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<String>,
    /// The line of the incoming file it was written to.
    #[serde(skip_serializing_if = "Option::is_none")]
    line: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    passages: Option<usize>,
    /// Why it was not added.
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
}

/// The answer to `POST /articles`.
#[derive(Debug, Serialize)]
struct WriteReport {
    /// Records added (written and, if `indexed`, searchable).
    added: usize,
    /// Records refused, each with its reason in `records`.
    rejected: usize,
    /// The file the records were appended to.
    file: String,
    /// Its document path in the index.
    doc: String,
    /// True once the records are committed to the index.
    indexed: bool,
    /// Passages in the index after the commit.
    passages: u64,
    /// Each posted record, in order.
    records: Vec<RecordOutcome>,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<String>,
}

async fn post_articles(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    request: Request,
) -> Result<Response, ApiError> {
    let Some(writes) = app.writes.as_ref() else {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "writes are off on this server: start it with --allow-writes and a key (--api-key-file or KAVOSH_API_KEY)",
        ));
    };
    authorize(&headers, &writes.key)?;
    let bytes = body(&app, Bytes::from_request(request, &()).await)?;
    let records = split_records(&bytes)?;
    blocking(move || {
        let writes = app.writes.as_ref().expect("checked above");
        let _one_at_a_time = writes.lock.lock().unwrap_or_else(|p| p.into_inner());
        let index = app.index()?;
        let (status, report) = append_and_index(writes, &index, records)?;
        Ok(json_response(status, json_line(&report)?))
    })
    .await
}

/// 401 without a bearer key, 403 with a wrong one.
fn authorize(headers: &HeaderMap, key: &str) -> Result<(), ApiError> {
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim);
    match given {
        None => Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "writes need the server's key: send the header `Authorization: Bearer KEY`",
        )),
        Some(given) if same(given.as_bytes(), key.as_bytes()) => Ok(()),
        Some(_) => Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "the key does not match the server's (--api-key-file or KAVOSH_API_KEY)",
        )),
    }
}

/// Compares keys in a time that does not depend on where they differ.
fn same(a: &[u8], b: &[u8]) -> bool {
    let mut diff = (a.len() != b.len()) as u8;
    for (i, x) in a.iter().enumerate() {
        diff |= x ^ b.get(i % b.len().max(1)).copied().unwrap_or(0);
    }
    diff == 0
}

/// The records of a body: a JSON array, one object, or JSON Lines; a line
/// that is not JSON is a problem of its record, not of the whole body.
fn split_records(body: &[u8]) -> Result<Vec<Result<Value, String>>, ApiError> {
    let text = std::str::from_utf8(body).map_err(|e| {
        ApiError::bad_request(format!(
            "the body is not UTF-8 (byte {}); send UTF-8 JSON",
            e.valid_up_to()
        ))
    })?;
    let text = text.trim_start_matches('\u{feff}').trim();
    let example = "send a JSON array of records such as [{\"id\": \"n-1\", \"title\": \"…\", \"date\": \"1391-07-17\", \"text\": \"…\"}], or one record per line";
    if text.is_empty() {
        return Err(ApiError::bad_request(format!(
            "the body is empty: {example}"
        )));
    }
    if text.starts_with('[') {
        return match serde_json::from_str::<Vec<Value>>(text) {
            Ok(records) if records.is_empty() => Err(ApiError::bad_request(format!(
                "the array is empty: {example}"
            ))),
            Ok(records) => Ok(records.into_iter().map(Ok).collect()),
            Err(e) => Err(ApiError::bad_request(format!(
                "the body is not a JSON array ({e}): {example}"
            ))),
        };
    }
    // One object, possibly over several lines, else JSON Lines.
    if let Ok(value) = serde_json::from_str::<Value>(text) {
        return Ok(vec![Ok(value)]);
    }
    Ok(text
        .lines()
        .filter(|line| !line.trim().is_empty())
        .map(|line| serde_json::from_str(line).map_err(|e| format!("not JSON: {e}")))
        .collect())
}

/// Today's incoming file (UTC), and its document path.
fn incoming_file(corpus: &Path) -> (PathBuf, String) {
    let days = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() / 86_400);
    let day = Date::from_days_since_epoch(days as i64).map_or_else(|| "undated".into(), Date::iso);
    let name = format!("{day}.jsonl");
    (
        corpus.join(INCOMING).join(&name),
        format!("{INCOMING}/{name}"),
    )
}

fn io_error(path: &Path, e: std::io::Error) -> ApiError {
    ApiError::internal(format!(
        "cannot write {}: {e}; nothing was added",
        path.display()
    ))
}

/// Checks the records, appends the good ones to the incoming file (flushed
/// to disk), then indexes that file in one commit.
fn append_and_index(
    writes: &Writes,
    index: &SearchIndex,
    records: Vec<Result<Value, String>>,
) -> Result<(StatusCode, WriteReport), ApiError> {
    let (path, doc) = incoming_file(&writes.corpus);
    let folder = path.parent().expect("incoming folder");
    std::fs::create_dir_all(folder).map_err(|e| io_error(folder, e))?;
    let existing = match std::fs::read(&path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
        Err(e) => return Err(io_error(&path, e)),
    };
    let mut out = Vec::new();
    if !existing.is_empty() && !existing.ends_with(b"\n") {
        out.push(b'\n');
    }
    let mut line = existing.iter().filter(|&&b| b == b'\n').count() as u64 + out.len() as u64;
    let mut outcomes = Vec::with_capacity(records.len());
    for (i, record) in records.into_iter().enumerate() {
        let mut outcome = RecordOutcome {
            record: i + 1,
            id: None,
            title: None,
            line: None,
            passages: None,
            error: None,
        };
        let checked = record.and_then(|value| {
            let text = serde_json::to_string(&value).map_err(|e| e.to_string())?;
            if text.len() > MAX_RECORD_BYTES {
                return Err(format!(
                    "{} bytes, more than a record may have ({MAX_RECORD_BYTES}); split it",
                    text.len()
                ));
            }
            let at = line + 1;
            let article = parse_record(&doc, value, at as u32, &format!("{doc}:{at}"))?;
            if article.passages.is_empty() {
                return Err("its text has no paragraph to index".into());
            }
            Ok((text, article))
        });
        match checked {
            Ok((text, article)) => {
                line += 1;
                out.extend_from_slice(text.as_bytes());
                out.push(b'\n');
                outcome.id = Some(article.id);
                outcome.title = Some(article.title);
                outcome.line = Some(line);
                outcome.passages = Some(article.passages.len());
            }
            Err(reason) => outcome.error = Some(reason),
        }
        outcomes.push(outcome);
    }
    let added = outcomes.iter().filter(|o| o.error.is_none()).count();
    let mut report = WriteReport {
        added,
        rejected: outcomes.len() - added,
        file: path.display().to_string(),
        doc: doc.clone(),
        indexed: false,
        passages: index.num_passages(),
        records: outcomes,
        message: None,
    };
    if added == 0 {
        report.message =
            Some("no record could be added (see each record's error); nothing was written".into());
        return Ok((StatusCode::BAD_REQUEST, report));
    }
    let mut file = OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)
        .map_err(|e| io_error(&path, e))?;
    file.write_all(&out).map_err(|e| io_error(&path, e))?;
    file.sync_all().map_err(|e| io_error(&path, e))?;
    if existing.is_empty() {
        // A new file: its name in the folder must reach the disk too.
        if let Ok(dir) = std::fs::File::open(folder) {
            let _ = dir.sync_all();
        }
    }
    let size = file.metadata().map(|m| m.len()).unwrap_or(0);
    let source = SourceFile {
        path: path.clone(),
        doc,
        size,
    };
    let started = Instant::now();
    loop {
        match index.update_files(
            std::slice::from_ref(&source),
            &IndexOptions::default(),
            &SilentProgress,
        ) {
            Ok(_) => {
                report.indexed = true;
                report.passages = index.num_passages();
                return Ok((StatusCode::CREATED, report));
            }
            Err(Error::Locked(_)) if started.elapsed() < LOCK_WAIT => {
                std::thread::sleep(Duration::from_millis(100));
            }
            Err(e) => {
                report.message = Some(format!(
                    "the records are saved in {} but not indexed yet ({e}); they are indexed by the next write, the next `kavosh index` of the corpus, or the server's next start",
                    path.display()
                ));
                return Ok((StatusCode::ACCEPTED, report));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_compare_whole() {
        assert!(same(b"s3cret-key-0123456789", b"s3cret-key-0123456789"));
        assert!(!same(b"s3cret-key-012345678", b"s3cret-key-0123456789"));
        assert!(!same(b"s3cret-key-0123456780", b"s3cret-key-0123456789"));
        assert!(!same(b"", b"k"));
    }

    #[test]
    fn bodies_are_arrays_objects_or_lines() {
        let array = split_records("[{\"text\": \"بوشهر\"}, 3]".as_bytes()).unwrap();
        assert_eq!(array.len(), 2);
        let one = split_records("{\n \"text\": \"خزر\"\n}".as_bytes()).unwrap();
        assert_eq!(one.len(), 1);
        let lines =
            split_records("{\"text\": \"a\"}\n\nnot json\n{\"text\": \"b\"}\n".as_bytes()).unwrap();
        assert_eq!(lines.len(), 3);
        assert!(lines[1].as_ref().unwrap_err().starts_with("not JSON"));
        assert!(split_records(b"  ").is_err());
        assert!(split_records(b"[]").is_err());
        assert!(split_records(b"[1,").is_err());
        assert!(split_records(b"\xff").is_err());
    }
}
