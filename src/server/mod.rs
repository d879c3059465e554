//! `kavosh serve`: an HTTP API and a search page over one open index.
//!
//! A thin layer over the library: axum on tokio parses HTTP; every search
//! runs [`SearchIndex::search`] on tokio's blocking pool against one shared
//! index handle whose reader follows the commits of any process (see
//! [`SearchIndex::follow_commits`]), at most `--search-threads` at once,
//! the others queued first come first served. The library knows nothing of
//! HTTP.
//!
//! | concern | file |
//! |---|---|
//! | the options, limits, start-up, middleware (log, time-out, CORS, JSON errors) | `mod.rs` |
//! | the routes: search, analyze, stats, health, the page | `api.rs` |
//! | search parameters: one table for GET and POST | `params.rs` |
//! | the answer cache (`--cache-size`), emptied on each new commit | `cache.rs` |
//! | `POST /articles`: records appended to the corpus, then indexed | `write.rs` |
//! | JSON errors with their status | `error.rs` |
//! | the page (HTML, CSS and JS in one file) | `page.html` |

mod api;
mod cache;
mod error;
mod params;
mod write;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::Router;
use tokio::sync::Semaphore;

use kavosh::bilingual::BilingualLexicon;
use kavosh::SearchIndex;

pub use error::ApiError;

use crate::Failure;

/// Serve the index over HTTP: a JSON API and a search page.
///
/// Opens the index once and serves until Ctrl-C or SIGTERM (requests in
/// progress finish first). Searches see each new commit of `kavosh index`
/// within a second, without a restart. Routes: `GET /` (the page),
/// `GET|POST /search`, `GET /analyze?text=…`, `GET /stats`, `GET /health`,
/// and with --allow-writes `POST /articles`. Errors are JSON
/// `{"error": "…"}` with their HTTP status. One line per request goes to
/// stderr (method, path, status, milliseconds) unless --quiet.
///
/// Exit codes: 0 stopped by Ctrl-C or SIGTERM, 1 cannot listen or serve,
/// 2 a usage error (--allow-writes without a key, a bad --cors origin or
/// --lexicon file).
#[derive(clap::Args, Debug)]
pub struct ServeArgs {
    /// Index folder [default: index, built from corpus/ on first use]
    #[arg(long)]
    index: Option<PathBuf>,
    /// Address and port to listen on. Loopback by default: give 0.0.0.0:7700
    /// (or another address) to serve other machines. Port 0 picks a free one.
    #[arg(long, default_value = "127.0.0.1:7700")]
    addr: SocketAddr,
    /// Accept `POST /articles`: records are appended to
    /// CORPUS/incoming/YYYY-MM-DD.jsonl, flushed to disk, then indexed.
    /// Needs a key (--api-key-file or KAVOSH_API_KEY), sent as
    /// `Authorization: Bearer KEY`.
    #[arg(long)]
    allow_writes: bool,
    /// The corpus folder that `POST /articles` adds to (documents are named
    /// relative to it, as `kavosh index CORPUS` names them).
    #[arg(long, default_value = crate::DEFAULT_CORPUS)]
    corpus: PathBuf,
    /// A file holding the key for writes (its first line). Without it,
    /// the environment variable KAVOSH_API_KEY.
    #[arg(long, value_name = "FILE")]
    api_key_file: Option<PathBuf>,
    /// Allow browser pages from ORIGIN (`https://example.org`) to call the
    /// API (CORS). Without it no cross-origin page can read the answers.
    #[arg(long, value_name = "ORIGIN")]
    cors: Option<String>,
    /// A lexicon file of your own, added to the shipped one, as for
    /// `kavosh search --lexicon`; may be repeated.
    #[arg(long, value_name = "FILE")]
    lexicon: Vec<PathBuf>,
    /// The longest query (and /analyze text), in characters.
    #[arg(long, default_value_t = 1000, value_parser = clap::value_parser!(u64).range(1..=100_000))]
    max_query_chars: u64,
    /// The largest `limit` a request may ask for.
    #[arg(long, default_value_t = 100, value_parser = clap::value_parser!(u64).range(1..=10_000))]
    max_limit: u64,
    /// The largest `offset` a request may ask for (deep pages cost memory).
    #[arg(long, default_value_t = 10_000, value_parser = clap::value_parser!(u64).range(0..=1_000_000))]
    max_offset: u64,
    /// The largest request body, in KiB (`POST /search`, `POST /articles`).
    #[arg(long, default_value_t = 4096, value_parser = clap::value_parser!(u64).range(1..=1_048_576))]
    max_body_kb: u64,
    /// Seconds a request may take, its body included; then it is answered
    /// with 503.
    #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=3600))]
    timeout: u64,
    /// Searches computed at once [default: the number of cores]. Others
    /// wait their turn, first come first served: on a busy server each
    /// search then runs at full speed instead of all of them sharing the
    /// cores, so a costly query does not stretch everyone's wait.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..=1024))]
    search_threads: Option<u64>,
    /// MiB of search answers kept to answer the same request again (the
    /// same query and options), until `kavosh index` or a write commits;
    /// 0 turns the cache off.
    #[arg(long, value_name = "MIB", default_value_t = 32, value_parser = clap::value_parser!(u64).range(0..=65_536))]
    cache_size: u64,
    /// No access log on stderr.
    #[arg(long, short)]
    quiet: bool,
}

/// The limits of requests.
#[derive(Debug, Clone)]
pub struct Limits {
    /// The longest query, in characters.
    pub max_query_chars: usize,
    /// The largest `limit`.
    pub max_limit: usize,
    /// The largest `offset`.
    pub max_offset: usize,
    /// The largest body, in bytes.
    pub max_body_bytes: usize,
    /// How long a request may take.
    pub timeout: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_query_chars: 1000,
            max_limit: 100,
            max_offset: 10_000,
            max_body_bytes: 4 << 20,
            timeout: Duration::from_secs(10),
        }
    }
}

/// What every request shares: the index, the limits, the write settings.
pub struct App {
    limits: Limits,
    index_dir: PathBuf,
    /// The user's lexicon entries (--lexicon), added to the shipped ones.
    lexicon: Option<BilingualLexicon>,
    index: RwLock<Option<Arc<SearchIndex>>>,
    /// When opening the index was last tried (at most once a second).
    last_open: Mutex<Option<(Instant, String)>>,
    writes: Option<write::Writes>,
    /// One permit per search computed at once (--search-threads); tokio's
    /// semaphore hands them out in the order they were asked for.
    searches: Arc<Semaphore>,
    /// Answers of earlier searches (--cache-size), or none.
    cache: Option<cache::AnswerCache>,
}

impl App {
    /// The open index, opened now if it was not (yet): 503 while it cannot
    /// be opened (none built, another version). Opening is tried at most
    /// once a second.
    fn index(&self) -> Result<Arc<SearchIndex>, ApiError> {
        if let Some(index) = read_lock(&self.index).as_ref() {
            return Ok(index.clone());
        }
        let mut last = self.last_open.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(index) = read_lock(&self.index).as_ref() {
            return Ok(index.clone());
        }
        if let Some((at, message)) = last.as_ref() {
            if at.elapsed() < Duration::from_secs(1) {
                return Err(ApiError::unavailable(message.clone()));
            }
        }
        match self.open() {
            Ok(index) => {
                let index = Arc::new(index);
                *self.index.write().unwrap_or_else(|p| p.into_inner()) = Some(index.clone());
                Ok(index)
            }
            Err(e) => {
                let message = format!(
                    "the index cannot be opened: {e}; the server opens it as soon as it can"
                );
                *last = Some((Instant::now(), message.clone()));
                Err(ApiError::unavailable(message))
            }
        }
    }

    /// The generation of the open index's reader (it grows with each
    /// commit the reader loads), or `None` while no index is open.
    fn generation(&self) -> Option<u64> {
        read_lock(&self.index)
            .as_ref()
            .map(|index| index.searcher().generation().generation_id())
    }

    /// Runs `work` on the blocking pool once a search permit is free
    /// (first come, first served). The permit is held until `work` ends,
    /// even if the request is dropped meanwhile (time-out), so no more
    /// searches than permits ever run at once.
    async fn computed<T: Send + 'static>(
        self: &Arc<Self>,
        work: impl FnOnce(&App) -> Result<T, ApiError> + Send + 'static,
    ) -> Result<T, ApiError> {
        let permit = self
            .searches
            .clone()
            .acquire_owned()
            .await
            .map_err(|_| ApiError::unavailable("the server is stopping"))?;
        let app = self.clone();
        api::blocking(move || {
            let _permit = permit;
            work(&app)
        })
        .await
    }

    fn open(&self) -> kavosh::Result<SearchIndex> {
        let mut index = SearchIndex::open(&self.index_dir)?;
        self.prepare(&mut index)?;
        Ok(index)
    }

    fn prepare(&self, index: &mut SearchIndex) -> kavosh::Result<()> {
        index.follow_commits()?;
        match &self.lexicon {
            Some(extra) => index.add_lexicon(extra),
            // Loaded now rather than by the first search.
            None => {
                index.lexicon();
            }
        }
        Ok(())
    }
}

fn read_lock<T>(lock: &RwLock<T>) -> std::sync::RwLockReadGuard<'_, T> {
    lock.read().unwrap_or_else(|p| p.into_inner())
}

/// Runs `kavosh serve` until Ctrl-C or SIGTERM.
pub fn run(args: ServeArgs) -> Result<(), Failure> {
    let usage = |message: String| Failure { code: 2, message };
    cors_origin(&args)?;
    let lexicon = crate::load_lexicon(&args.lexicon)?;
    let writes = if args.allow_writes {
        let key = write::api_key(args.api_key_file.as_deref()).map_err(usage)?;
        Some(write::Writes::new(key, args.corpus.clone()))
    } else {
        None
    };
    let index_dir = args
        .index
        .clone()
        .unwrap_or_else(|| PathBuf::from(crate::DEFAULT_INDEX));
    let limits = Limits {
        max_query_chars: args.max_query_chars as usize,
        max_limit: args.max_limit as usize,
        max_offset: args.max_offset as usize,
        max_body_bytes: (args.max_body_kb as usize) * 1024,
        timeout: Duration::from_secs(args.timeout),
    };
    let search_threads = args.search_threads.map_or_else(
        || std::thread::available_parallelism().map_or(2, |n| n.get()),
        |n| n as usize,
    );
    let app = App {
        limits,
        index_dir: index_dir.clone(),
        lexicon,
        index: RwLock::new(None),
        last_open: Mutex::new(None),
        writes,
        searches: Arc::new(Semaphore::new(search_threads)),
        cache: cache::AnswerCache::new((args.cache_size as usize) << 20),
    };
    // Open (or on first use build) the index before serving; a server whose
    // index cannot be opened yet still starts, and answers 503 until it can.
    // With writes on, a missing index is created empty (never one of
    // another version replaced: that needs `kavosh index --rebuild`).
    let opened = if app.writes.is_some() {
        match SearchIndex::open(&index_dir) {
            Err(kavosh::Error::NoIndex(_)) => SearchIndex::open_or_create(&index_dir),
            other => other,
        }
        .map_err(Failure::from)
    } else {
        crate::open_for_search(args.index.as_deref())
    };
    match opened {
        Ok(mut index) => {
            app.prepare(&mut index)?;
            if let Some(writes) = &app.writes {
                if let Err(failure) = writes.catch_up(&index) {
                    eprintln!(
                        "kavosh: warning: records in {} are not indexed yet: {}",
                        args.corpus.join("incoming").display(),
                        failure.message
                    );
                }
            }
            *app.index.write().unwrap_or_else(|p| p.into_inner()) = Some(Arc::new(index));
        }
        Err(failure) => eprintln!(
            "kavosh: warning: {}; serving 503 until the index can be opened",
            failure.message
        ),
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| Failure {
            code: 1,
            message: format!("cannot start the server's threads: {e}"),
        })?;
    runtime.block_on(serve(Arc::new(app), &args))
}

async fn serve(app: Arc<App>, args: &ServeArgs) -> Result<(), Failure> {
    let listener = tokio::net::TcpListener::bind(args.addr)
        .await
        .map_err(|e| Failure {
            code: 1,
            message: format!(
                "cannot listen on {}: {e}; choose another with --addr (port 0 picks a free one)",
                args.addr
            ),
        })?;
    let addr = listener.local_addr().map_err(|e| Failure {
        code: 1,
        message: format!("cannot read the listening address: {e}"),
    })?;
    let router = router(app.clone(), args)?;
    if !addr.ip().is_loopback() {
        eprintln!(
            "kavosh: warning: listening on {addr}, not only on this machine: anyone who can reach it can search{}",
            if app.writes.is_some() { " (writes need the key)" } else { "" }
        );
    }
    println!(
        "kavosh: serving {} at http://{addr}/ (Ctrl-C stops)",
        app.index_dir.display()
    );
    axum::serve(listener, router)
        .with_graceful_shutdown(shutdown_signal())
        .await
        .map_err(|e| Failure {
            code: 1,
            message: format!("the server stopped: {e}"),
        })?;
    eprintln!("kavosh: stopped");
    Ok(())
}

/// The routes with their middleware: access log (outermost), CORS, JSON
/// errors, time-out, body limit.
fn router(app: Arc<App>, args: &ServeArgs) -> Result<Router, Failure> {
    let mut router = api::routes()
        .merge(write::routes())
        .layer(DefaultBodyLimit::max(app.limits.max_body_bytes))
        .layer(middleware::from_fn_with_state(app.clone(), time_limit))
        .layer(middleware::from_fn(json_errors))
        .with_state(app);
    if let Some(origin) = cors_origin(args)? {
        router = router.layer(
            tower_http::cors::CorsLayer::new()
                .allow_origin(origin)
                .allow_methods([Method::GET, Method::POST])
                .allow_headers([header::CONTENT_TYPE, header::AUTHORIZATION]),
        );
    }
    if !args.quiet {
        router = router.layer(middleware::from_fn(access_log));
    }
    Ok(router)
}

/// The origin of `--cors`, checked.
fn cors_origin(args: &ServeArgs) -> Result<Option<HeaderValue>, Failure> {
    args.cors
        .as_deref()
        .map(|origin| {
            HeaderValue::from_str(origin).map_err(|_| Failure {
                code: 2,
                message: format!("--cors: «{origin}» is not an origin; write https://example.org"),
            })
        })
        .transpose()
}

/// One line per request on stderr: method, path, status, milliseconds.
async fn access_log(request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = request.method().clone();
    let uri = request.uri().clone();
    let response = next.run(request).await;
    // Formatted first, then written in one call: stderr is unbuffered, and
    // `eprintln!` writes each piece of the line separately.
    let line = format!(
        "kavosh: {method} {uri} {} {:.1} ms\n",
        response.status().as_u16(),
        started.elapsed().as_secs_f64() * 1000.0
    );
    let _ = std::io::Write::write_all(&mut std::io::stderr().lock(), line.as_bytes());
    response
}

/// Answers 503 when a request takes longer than the time-out.
async fn time_limit(State(app): State<Arc<App>>, request: Request, next: Next) -> Response {
    let limit = app.limits.timeout;
    match tokio::time::timeout(limit, next.run(request)).await {
        Ok(response) => response,
        Err(_) => ApiError::unavailable(format!(
            "the request took longer than the server's time-out of {} s (--timeout); narrow the query or try again",
            limit.as_secs()
        ))
        .into_response(),
    }
}

/// Turns any error answer that is not JSON yet (axum's 405, a body
/// rejection) into `{"error": "…"}`.
async fn json_errors(request: Request, next: Next) -> Response {
    let path = request.uri().path().to_string();
    let response = next.run(request).await;
    let status = response.status();
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
    if !(status.is_client_error() || status.is_server_error()) || is_json {
        return response;
    }
    let message = match status {
        StatusCode::METHOD_NOT_ALLOWED => {
            let allowed = match path.as_str() {
                "/search" => "GET or POST",
                "/articles" => "POST",
                _ => "GET",
            };
            format!("{path} does not take this method; use {allowed}")
        }
        StatusCode::PAYLOAD_TOO_LARGE => "the request body is too large".to_string(),
        _ => status
            .canonical_reason()
            .unwrap_or("error")
            .to_ascii_lowercase(),
    };
    ApiError::new(status, message).into_response()
}

/// Resolves on Ctrl-C or SIGTERM.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = terminate => {}
    }
    eprintln!("kavosh: stopping: the requests in progress finish first");
}
