//! `kavosh serve` as tools call it: the built binary started on a free
//! loopback port, answers compared with the CLI's and the library's, every
//! error status, the limits, searches while another process indexes, the
//! write path (on disk before the answer, kept after `kill -9`), graceful
//! shutdown.

mod common;

use common::{agent, kavosh_stdout};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use kavosh::search::{Filter, Group};
use kavosh::{SearchIndex, SearchOptions};

/// Search parameters as (name, value) pairs.
type Params<'a> = &'a [(&'a str, &'a str)];

const KEY: &str = "test-key-0123456789abcdef";

/// A temp folder with `corpus/` (the article and the fixture formats) and
/// `index/` built from it by `kavosh index`.
struct Site {
    dir: tempfile::TempDir,
}

impl Site {
    fn new() -> Site {
        let dir = tempfile::tempdir().unwrap();
        let corpus = dir.path().join("corpus");
        std::fs::create_dir_all(&corpus).unwrap();
        std::fs::copy(common::article_path(), corpus.join("iran-russia.txt")).unwrap();
        let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/formats");
        for sub in ["fa", "en", "news"] {
            copy_dir(&fixtures.join(sub), &corpus.join(sub));
        }
        let site = Site { dir };
        site.index();
        site
    }

    fn corpus(&self) -> PathBuf {
        self.dir.path().join("corpus")
    }

    fn index_dir(&self) -> PathBuf {
        self.dir.path().join("index")
    }

    /// `kavosh index corpus --index index`.
    fn index(&self) {
        index_run(&self.corpus(), &self.index_dir(), &[]);
    }

    /// `kavosh serve --index index --corpus corpus` plus `args`.
    fn serve(&self, args: &[&str]) -> Server {
        let mut all: Vec<String> = vec![
            "--index".into(),
            self.index_dir().display().to_string(),
            "--corpus".into(),
            self.corpus().display().to_string(),
        ];
        all.extend(args.iter().map(|a| a.to_string()));
        Server::start(&all, &[])
    }

    /// `kavosh search --index index --format json` plus `args`: its stdout.
    fn cli_search(&self, args: &[&str]) -> Vec<u8> {
        let index = self.index_dir().display().to_string();
        let mut all = vec!["search", "--index", &index, "--format", "json"];
        all.extend(args);
        kavosh_stdout(&all)
    }
}

/// `kavosh index CORPUS --index INDEX --quiet` plus `more`: its stdout.
fn index_run(corpus: &Path, index: &Path, more: &[&str]) -> Vec<u8> {
    let mut args = vec![
        "index".as_ref(),
        corpus.as_os_str(),
        "--index".as_ref(),
        index.as_os_str(),
        "--quiet".as_ref(),
    ];
    args.extend(more.iter().map(|a| std::ffi::OsStr::new(*a)));
    kavosh_stdout(&args)
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
    }
}

/// A running `kavosh serve`, stopped with SIGKILL when dropped.
struct Server {
    child: Child,
    url: String,
    stderr: Arc<Mutex<String>>,
}

impl Server {
    fn start(args: &[String], env: &[(&str, &str)]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_kavosh"))
            .arg("serve")
            .args(["--addr", "127.0.0.1:0"])
            .args(args)
            .env_remove("KAVOSH_API_KEY")
            .envs(env.iter().copied())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stderr = Arc::new(Mutex::new(String::new()));
        let mut err = BufReader::new(child.stderr.take().unwrap());
        let sink = stderr.clone();
        std::thread::spawn(move || {
            let mut line = String::new();
            while err.read_line(&mut line).unwrap_or(0) > 0 {
                sink.lock().unwrap().push_str(&line);
                line.clear();
            }
        });
        let mut out = BufReader::new(child.stdout.take().unwrap());
        let mut line = String::new();
        out.read_line(&mut line).unwrap();
        let Some(at) = line.find("http://") else {
            let _ = child.wait();
            panic!(
                "no URL printed: {line:?}; stderr: {}",
                stderr.lock().unwrap()
            );
        };
        let url = line[at..]
            .split_whitespace()
            .next()
            .unwrap()
            .trim_end_matches('/')
            .to_string();
        std::thread::spawn(move || std::io::copy(&mut out, &mut std::io::sink()));
        Server { child, url, stderr }
    }

    fn addr(&self) -> String {
        self.url.trim_start_matches("http://").to_string()
    }

    fn log(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    /// Sends SIGTERM.
    fn terminate(&self) {
        let status = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
    }

    /// Waits for the process to end, at most `limit`.
    fn wait(&mut self, limit: Duration) -> std::process::ExitStatus {
        let started = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(
                started.elapsed() < limit,
                "the server did not stop; stderr: {}",
                self.log()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// An answer: status, content type, body.
struct Answer {
    status: u16,
    content_type: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Answer {
    fn json(&self) -> Value {
        assert!(
            self.content_type.starts_with("application/json"),
            "{} is not JSON: {}",
            self.content_type,
            String::from_utf8_lossy(&self.body)
        );
        serde_json::from_slice(&self.body).unwrap()
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The JSON error message, checking the status and that it is JSON.
    fn error(&self, status: u16) -> String {
        assert_eq!(
            self.status,
            status,
            "{}",
            String::from_utf8_lossy(&self.body)
        );
        let v = self.json();
        v["error"].as_str().expect("an error message").to_string()
    }
}

fn answer(mut response: ureq::http::Response<ureq::Body>) -> Answer {
    let status = response.status().as_u16();
    let headers = response
        .headers()
        .iter()
        .map(|(n, v)| (n.to_string(), v.to_str().unwrap_or("").to_string()))
        .collect::<Vec<_>>();
    let content_type = headers
        .iter()
        .find(|(n, _)| n == "content-type")
        .map(|(_, v)| v.clone())
        .unwrap_or_default();
    let body = response
        .body_mut()
        .with_config()
        .limit(64 << 20)
        .read_to_vec()
        .unwrap();
    Answer {
        status,
        content_type,
        headers,
        body,
    }
}

impl Server {
    fn get(&self, path_and_query: &str) -> Answer {
        answer(
            agent()
                .get(format!("{}{path_and_query}", self.url))
                .call()
                .unwrap(),
        )
    }

    /// GET /search with these parameters (encoded here).
    fn search(&self, params: &[(&str, &str)]) -> Answer {
        let mut request = agent().get(format!("{}/search", self.url));
        for (k, v) in params {
            request = request.query(*k, *v);
        }
        answer(request.call().unwrap())
    }

    fn post(&self, path: &str, body: &[u8], headers: &[(&str, &str)]) -> Answer {
        let mut request = agent().post(format!("{}{path}", self.url));
        for (k, v) in headers {
            request = request.header(*k, *v);
        }
        answer(request.send(body).unwrap())
    }

    fn post_articles(&self, body: &str) -> Answer {
        let auth = format!("Bearer {KEY}");
        self.post(
            "/articles",
            body.as_bytes(),
            &[("Authorization", auth.as_str())],
        )
    }

    fn total_hits(&self, q: &str) -> u64 {
        let a = self.search(&[("q", q), ("limit", "0")]);
        assert_eq!(a.status, 200, "{}", String::from_utf8_lossy(&a.body));
        a.json()["total_hits"].as_u64().unwrap()
    }
}

/// Polls `check` every 50 ms until it holds, at most `limit`.
fn eventually(limit: Duration, mut check: impl FnMut() -> bool) -> bool {
    let started = Instant::now();
    while started.elapsed() < limit {
        if check() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    check()
}

#[test]
fn search_answers_exactly_as_the_cli_and_the_library() {
    let site = Site::new();
    let server = site.serve(&[]);
    let cases: &[(Params, &[&str])] = &[
        (&[("q", "بوشهر")], &["بوشهر"]),
        (
            &[("q", "نیروگاه بوشهر"), ("limit", "3"), ("offset", "2")],
            &["نیروگاه بوشهر", "--limit", "3", "--offset", "2"],
        ),
        (
            &[("q", "Caspian"), ("group", "article")],
            &["Caspian", "--group", "article"],
        ),
        (
            &[("q", "Caspian"), ("no_expand", "true")],
            &["Caspian", "--no-expand"],
        ),
        (
            &[("q", "بوشحر"), ("typos", "off")],
            &["بوشحر", "--typos", "off"],
        ),
        (&[("q", "بوشحر")], &["بوشحر"]),
        (
            &[("q", "نیروگاه بوشهر"), ("explain", "true")],
            &["نیروگاه بوشهر", "--explain"],
        ),
        (
            &[
                ("q", "روسیه"),
                ("after", "۱۳۸۵/۰۱/۰۱"),
                ("before", "2012-12-31"),
            ],
            &["روسیه", "--after", "۱۳۸۵/۰۱/۰۱", "--before", "2012-12-31"],
        ),
        (
            &[("q", "Iran"), ("lang", "en"), ("doc", "en/*.txt")],
            &["Iran", "--lang", "en", "--doc", "en/*.txt"],
        ),
        (
            &[("q", "کشور"), ("exact", "true"), ("snippet_chars", "60")],
            &["کشور", "--exact", "--snippet-chars", "60"],
        ),
        (
            &[("q", "\"دریای خزر\" -کشتیرانی")],
            &["--", "\"دریای خزر\" -کشتیرانی"],
        ),
    ];
    for (params, cli) in cases {
        let got = server.search(params);
        assert_eq!(
            got.status,
            200,
            "{params:?}: {}",
            String::from_utf8_lossy(&got.body)
        );
        let expected = site.cli_search(cli);
        assert_eq!(
            String::from_utf8_lossy(&got.body),
            String::from_utf8_lossy(&expected),
            "{params:?}"
        );
        // POST with the same parameters as a JSON object answers the same.
        let body: serde_json::Map<String, Value> = params
            .iter()
            .map(|(k, v)| (k.to_string(), Value::String(v.to_string())))
            .collect();
        let posted = server.post("/search", &serde_json::to_vec(&body).unwrap(), &[]);
        assert_eq!(posted.body, got.body, "{params:?}");
    }
    let hits = server.search(&[("q", "بوشهر")]).json();
    assert!(hits["total_hits"].as_u64().unwrap() > 3);
    assert!(!hits["hits"][0]["snippet_highlights"]
        .as_array()
        .unwrap()
        .is_empty());

    // The library's own results for the same options.
    let index = SearchIndex::open(site.index_dir()).unwrap();
    let options = SearchOptions {
        limit: 5,
        group: Group::Article,
        filter: Filter {
            after: Some(Filter::date("", "1380-01-01").unwrap()),
            ..Filter::default()
        },
        ..SearchOptions::default()
    };
    // (Through text, as the server writes it: scores are f32.)
    let library = index.search("روسیه", &options).unwrap();
    let library: Value = serde_json::from_str(&serde_json::to_string(&library).unwrap()).unwrap();
    let body = json!({"q": "روسیه", "limit": 5, "group": "article", "after": "1380-01-01"});
    let posted = server
        .post("/search", body.to_string().as_bytes(), &[])
        .json();
    assert_eq!(posted, library);
    assert!(!library["hits"].as_array().unwrap().is_empty());

    // Expansions are in the answer: Caspian was also searched in Persian.
    let caspian = server.search(&[("q", "Caspian")]).json();
    let expansions = caspian["expansions"].as_array().unwrap();
    assert!(
        expansions.iter().any(|e| e["text"] == "دریای خزر"),
        "{expansions:?}"
    );

    // --lexicon adds the user's entries to the shipped ones.
    let lexicon = site.dir.path().join("mine.tsv");
    std::fs::write(&lexicon, "Bushire\tبوشهر\tcity\n").unwrap();
    let own = site.serve(&["--lexicon", &lexicon.display().to_string()]);
    let bushire = own.search(&[("q", "Bushire")]).json();
    assert!(
        bushire["hits"][0]["text"]
            .as_str()
            .unwrap()
            .contains("بوشهر"),
        "{bushire}"
    );
    assert_eq!(
        own.search(&[("q", "Caspian")]).body,
        server.search(&[("q", "Caspian")]).body
    );
}

#[test]
fn analyze_stats_health_and_the_page() {
    let site = Site::new();
    let server = site.serve(&[]);
    let analyzed = server
        .get("/analyze?text=%DA%A9%D8%AA%D8%A7%D8%A8%E2%80%8C%D9%87%D8%A7%DB%8C%D8%B4%D8%A7%D9%86");
    assert_eq!(analyzed.status, 200);
    let cli = kavosh_stdout(&["analyze", "کتاب‌هایشان", "--format", "json"]);
    assert_eq!(analyzed.body, cli);

    let stats = server.get("/stats");
    let index = site.index_dir().display().to_string();
    let cli = kavosh_stdout(&["stats", "--format", "json", "--index", &index]);
    assert_eq!(stats.json(), serde_json::from_slice::<Value>(&cli).unwrap());
    assert!(stats.json()["passages"].as_u64().unwrap() > 100);

    let health = server.get("/health").json();
    assert_eq!(health["status"], "ok");
    assert_eq!(health["analyzer"], kavosh::analysis::ANALYZER_VERSION);
    assert_eq!(health["schema"], kavosh::index::SCHEMA_VERSION);
    assert_eq!(health["writes"], false);

    let page = server.get("/");
    assert_eq!(page.status, 200);
    assert!(page.content_type.starts_with("text/html"));
    let html = String::from_utf8(page.body.clone()).unwrap();
    assert!(html.contains("<html lang=\"fa\" dir=\"rtl\">"));
    assert!(html.contains("dir: \"auto\""), "passages are dir=auto");
    // Nothing is loaded from elsewhere: it works offline.
    for outside in ["src=\"http", "href=\"http", "url(http", "@import"] {
        assert!(!html.contains(outside), "{outside}");
    }
    assert!(page
        .header("content-security-policy")
        .unwrap()
        .contains("default-src 'none'"));

    // One access log line per request on stderr.
    assert!(
        eventually(Duration::from_secs(2), || server
            .log()
            .contains("GET /health 200")),
        "{}",
        server.log()
    );
    let quiet = site.serve(&["--quiet"]);
    assert_eq!(quiet.get("/health").status, 200);
    std::thread::sleep(Duration::from_millis(200));
    assert!(!quiet.log().contains("GET /health"), "{}", quiet.log());
}

#[test]
fn every_error_is_json_with_its_status() {
    let site = Site::new();
    let server = site.serve(&[
        "--max-limit",
        "20",
        "--max-query-chars",
        "50",
        "--max-body-kb",
        "1",
    ]);
    let long = "خزر ".repeat(20);
    // (parameters, the parameter named, a part of the message)
    let cases: &[(Params, &str, &str)] = &[
        (&[("limit", "5")], "q", "missing"),
        (&[("q", " ")], "q", "empty"),
        (&[("q", &long)], "q", "--max-query-chars"),
        (&[("q", "بوشهر"), ("limit", "21")], "limit", "--max-limit"),
        (&[("q", "بوشهر"), ("limit", "ده")], "limit", "whole number"),
        (
            &[("q", "بوشهر"), ("offset", "-1")],
            "offset",
            "whole number",
        ),
        (&[("q", "بوشهر"), ("after", "دیروز")], "after", "1391-07-17"),
        (
            &[
                ("q", "بوشهر"),
                ("after", "1392-01-01"),
                ("before", "1391-01-01"),
            ],
            "after",
            "swap",
        ),
        (&[("q", "بوشهر"), ("lang", "de")], "lang", "fa or en"),
        (
            &[("q", "بوشهر"), ("group", "book")],
            "group",
            "passage or article",
        ),
        (&[("q", "بوشهر"), ("doc", "news/[a-")], "doc", "news/[a-"),
        (
            &[("q", "بوشهر"), ("exact", "maybe")],
            "exact",
            "true or false",
        ),
        (
            &[("q", "بوشهر"), ("limt", "3")],
            "limt",
            "unknown parameter",
        ),
        (&[("q", "بوشهر"), ("q", "خزر")], "q", "twice"),
        (&[("q", "-بوشهر")], "q", ""),
    ];
    for (params, parameter, says) in cases {
        let a = server.search(params);
        let message = a.error(400);
        assert_eq!(a.json()["parameter"], *parameter, "{message}");
        assert!(message.contains(says), "{params:?}: {message}");
    }
    let a = server.post("/search", b"{\"q\": ", &[]);
    assert!(a.error(400).contains("not JSON"));
    let a = server.post("/search", br#"{"q": "x", "limit": true}"#, &[]);
    assert_eq!(a.status, 400);
    assert_eq!(a.json()["parameter"], "limit");
    assert!(server.get("/analyze").error(400).contains("`text`"));
    assert!(server
        .get("/analyze?txt=x")
        .error(400)
        .contains("unknown parameter"));

    assert!(server.get("/nowhere").error(404).contains("/search"));
    let a = answer(
        agent()
            .delete(format!("{}/search", server.url))
            .call()
            .unwrap(),
    );
    assert!(a.error(405).contains("GET"), "{}", a.error(405));
    assert!(a.header("allow").unwrap().contains("POST"));
    let a = server.post("/health", b"", &[]);
    assert_eq!(a.status, 405);
    a.json();

    // A body over --max-body-kb 1.
    let big = json!({"q": "بوشهر", "pad": "x".repeat(2048)}).to_string();
    assert!(server
        .post("/search", big.as_bytes(), &[])
        .error(413)
        .contains("--max-body-kb"));

    // No CORS header unless --cors.
    let origin = [("Origin", "https://example.org")];
    let mut request = agent().get(format!("{}/health", server.url));
    for (k, v) in origin {
        request = request.header(k, v);
    }
    assert!(answer(request.call().unwrap())
        .header("access-control-allow-origin")
        .is_none());
    let cors = site.serve(&["--cors", "https://example.org"]);
    let allowed = answer(
        agent()
            .get(format!("{}/health", cors.url))
            .header("Origin", "https://example.org")
            .call()
            .unwrap(),
    );
    assert_eq!(
        allowed.header("access-control-allow-origin"),
        Some("https://example.org")
    );
    let other = answer(
        agent()
            .get(format!("{}/health", cors.url))
            .header("Origin", "https://elsewhere.example")
            .call()
            .unwrap(),
    );
    assert_ne!(
        other.header("access-control-allow-origin"),
        Some("https://elsewhere.example")
    );
}

/// Sends a raw request head and `first` body bytes; returns the stream.
fn raw_post(addr: &str, path: &str, length: usize, first: &[u8]) -> TcpStream {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    write!(
        stream,
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: {length}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    stream.write_all(first).unwrap();
    stream.flush().unwrap();
    stream
}

/// Reads a whole raw answer: (status, body).
fn raw_answer(mut stream: TcpStream) -> (u16, String) {
    let mut text = String::new();
    stream.read_to_string(&mut text).unwrap();
    let status = text
        .split_whitespace()
        .nth(1)
        .unwrap_or("0")
        .parse()
        .unwrap_or(0);
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (status, body)
}

#[test]
fn a_request_over_the_time_out_gets_503() {
    let site = Site::new();
    let server = site.serve(&["--timeout", "1"]);
    let started = Instant::now();
    // The body never comes.
    let stream = raw_post(&server.addr(), "/search", 100, b"{");
    let (status, body) = raw_answer(stream);
    assert_eq!(status, 503, "{body}");
    assert!(body.contains("--timeout"), "{body}");
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[test]
fn graceful_shutdown_finishes_the_request_in_progress() {
    let site = Site::new();
    let mut server = site.serve(&[]);
    let body = json!({"q": "بوشهر", "limit": 2}).to_string();
    let (first, rest) = body.as_bytes().split_at(5);
    let stream = raw_post(&server.addr(), "/search", body.len(), first);
    std::thread::sleep(Duration::from_millis(300));
    server.terminate();
    std::thread::sleep(Duration::from_millis(300));
    let mut writer = stream.try_clone().unwrap();
    writer.write_all(rest).unwrap();
    let (status, answer) = raw_answer(stream);
    assert_eq!(status, 200, "{answer}");
    let v: Value = serde_json::from_str(answer.trim()).unwrap();
    assert_eq!(v["hits"].as_array().unwrap().len(), 2);
    let status = server.wait(Duration::from_secs(10));
    assert!(status.success(), "{status:?}; {}", server.log());
    assert!(server.log().contains("stopping"));
    assert!(
        TcpStream::connect(server.addr()).is_err(),
        "no longer listening"
    );
}

#[test]
fn an_index_that_cannot_be_opened_is_503_until_it_is_built() {
    let site = Site::new();
    let empty = site.dir.path().join("later");
    let server = Server::start(&["--index".into(), empty.display().to_string()], &[]);
    assert!(server.get("/health").error(503).contains("kavosh index"));
    assert_eq!(server.search(&[("q", "بوشهر")]).status, 503);
    assert!(server.log().contains("serving 503"), "{}", server.log());
    index_run(&site.corpus(), &empty, &[]);
    assert!(eventually(Duration::from_secs(5), || server
        .get("/health")
        .status
        == 200));
    assert!(server.total_hits("بوشهر") > 3);
}

#[test]
fn searches_from_many_threads_switch_to_a_new_commit_of_another_process() {
    let site = Site::new();
    let server = Arc::new(site.serve(&["--quiet"]));
    let word = "زیرکوه";
    assert_eq!(server.total_hits(word), 0);
    let baseline = server.total_hits("روسیه");
    let indexing_done = Arc::new(AtomicBool::new(false));
    let threads: Vec<_> = (0..8)
        .map(|t| {
            let server = server.clone();
            let done = indexing_done.clone();
            std::thread::spawn(move || {
                let (mut seen_new, mut requests) = (false, 0);
                let started = Instant::now();
                // Until every thread has seen the new commit, for at most 60 s.
                while started.elapsed() < Duration::from_secs(60) {
                    let q = if t % 2 == 0 { word } else { "روسیه" };
                    let a = server.search(&[("q", q), ("limit", "5")]);
                    assert_eq!(a.status, 200, "{}", String::from_utf8_lossy(&a.body));
                    let v = a.json();
                    requests += 1;
                    let hits = v["total_hits"].as_u64().unwrap();
                    if q == word {
                        // Never a half-written state: 0 before, 2 after, never back.
                        assert!(hits == 0 || hits == 2, "{hits}");
                        assert!(!(seen_new && hits == 0), "went back to the old commit");
                        if hits == 2 {
                            seen_new = true;
                        }
                    } else {
                        assert!(hits >= baseline);
                        if hits > baseline {
                            seen_new = true;
                        }
                    }
                    if seen_new && done.load(Ordering::SeqCst) {
                        return requests;
                    }
                }
                panic!("thread {t} never saw the new commit");
            })
        })
        .collect();
    std::thread::sleep(Duration::from_millis(300));
    std::fs::write(
        site.corpus().join("zirkuh.txt"),
        "زمین‌لرزه زیرکوه\nزمین‌لرزهٔ زیرکوه در سال ۱۳۷۶ در روسیه نیز حس شد.\nکمک‌های روسیه به زیرکوه رسید.\n",
    )
    .unwrap();
    let indexed_at = Instant::now();
    site.index();
    indexing_done.store(true, Ordering::SeqCst);
    let requests: usize = threads.into_iter().map(|t| t.join().unwrap()).sum();
    assert!(requests > 16);
    assert!(
        eventually(Duration::from_millis(1500), || server.total_hits(word) == 2),
        "not seen within a second of the commit"
    );
    assert!(indexed_at.elapsed() < Duration::from_secs(60));
}

#[test]
fn repeated_searches_come_from_the_cache_until_a_new_commit() {
    let site = Site::new();
    let server = site.serve(&["--quiet"]);
    let params: Params = &[("q", "روسیه"), ("limit", "4")];
    let first = server.search(params);
    assert_eq!(first.status, 200);
    assert_eq!(first.header("x-cache"), Some("miss"));
    let again = server.search(params);
    assert_eq!(again.header("x-cache"), Some("hit"));
    assert_eq!(again.body, first.body);
    assert_eq!(
        String::from_utf8_lossy(&again.body),
        String::from_utf8_lossy(&site.cli_search(&["روسیه", "--limit", "4"]))
    );
    // POST with the same query and options is the same request.
    let posted = server.post("/search", r#"{"q": "روسیه", "limit": 4}"#.as_bytes(), &[]);
    assert_eq!(posted.header("x-cache"), Some("hit"));
    assert_eq!(posted.body, first.body);
    // Any other option, or the query written otherwise, is another request.
    for other in [
        &[("q", "روسیه"), ("limit", "5")][..],
        &[("q", "روسیه"), ("limit", "4"), ("expand", "false")],
        &[("q", "روسيه"), ("limit", "4")],
    ] {
        let a = server.search(other);
        assert_eq!(a.status, 200);
        assert_eq!(a.header("x-cache"), Some("miss"), "{other:?}");
    }
    // Errors are never stored.
    let bad: Params = &[("q", "روسیه"), ("limit", "many")];
    server.search(bad).error(400);
    assert_eq!(server.search(bad).header("x-cache"), None);

    // Another process commits: the next answer is the new commit's,
    // computed afresh, and then stored again.
    let before = first.json()["total_hits"].as_u64().unwrap();
    std::fs::write(
        site.corpus().join("astrakhan.txt"),
        "بندر آستاراخان\nبندر آستاراخان در جنوب روسیه بر کرانه دریای خزر است.\n",
    )
    .unwrap();
    site.index();
    assert!(
        eventually(Duration::from_millis(1500), || {
            server.search(params).json()["total_hits"].as_u64().unwrap() == before + 1
        }),
        "the cache still answers with the old commit"
    );
    let fresh = server.search(params);
    assert_eq!(fresh.header("x-cache"), Some("hit"));
    assert_eq!(
        String::from_utf8_lossy(&fresh.body),
        String::from_utf8_lossy(&site.cli_search(&["روسیه", "--limit", "4"]))
    );

    // --cache-size 0: no cache, every answer computed.
    let uncached = site.serve(&["--quiet", "--cache-size", "0"]);
    let a = uncached.search(params);
    let b = uncached.search(params);
    assert_eq!(a.header("x-cache"), None);
    assert_eq!(b.header("x-cache"), None);
    assert_eq!(a.body, fresh.body);
    assert_eq!(b.body, fresh.body);
}

#[test]
fn with_one_search_thread_concurrent_searches_all_get_their_answers() {
    let site = Site::new();
    let server = Arc::new(site.serve(&["--quiet", "--search-threads", "1", "--cache-size", "0"]));
    let queries = [
        "بوشهر",
        "Caspian",
        "نیروگاه بوشهر",
        "روسیه",
        "کشتیرانی",
        "دریای خزر",
    ];
    let expected: Vec<Vec<u8>> = queries.iter().map(|q| site.cli_search(&[q])).collect();
    let expected = Arc::new(expected);
    let threads: Vec<_> = (0..8)
        .map(|t| {
            let server = server.clone();
            let expected = expected.clone();
            std::thread::spawn(move || {
                for round in 0..3 {
                    let i = (t + round) % queries.len();
                    let a = server.search(&[("q", queries[i])]);
                    assert_eq!(a.status, 200, "{}", String::from_utf8_lossy(&a.body));
                    assert_eq!(
                        String::from_utf8_lossy(&a.body),
                        String::from_utf8_lossy(&expected[i]),
                        "{}",
                        queries[i]
                    );
                }
            })
        })
        .collect();
    for thread in threads {
        thread.join().unwrap();
    }
    // A bad value is a usage error.
    let out = Command::new(env!("CARGO_BIN_EXE_kavosh"))
        .args(["serve", "--search-threads", "0"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn writes_need_the_flag_and_the_key() {
    let site = Site::new();
    let server = site.serve(&[]);
    let record = r#"[{"text": "نیروگاه بوشهر"}]"#;
    assert!(server
        .post_articles(record)
        .error(403)
        .contains("--allow-writes"));

    let out = Command::new(env!("CARGO_BIN_EXE_kavosh"))
        .args([
            "serve",
            "--allow-writes",
            "--addr",
            "127.0.0.1:0",
            "--index",
        ])
        .arg(site.index_dir())
        .env_remove("KAVOSH_API_KEY")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("KAVOSH_API_KEY"));
    let out = Command::new(env!("CARGO_BIN_EXE_kavosh"))
        .args([
            "serve",
            "--addr",
            "127.0.0.1:0",
            "--cors",
            "two\nlines",
            "--index",
        ])
        .arg(site.index_dir())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--cors"));

    let key_file = site.dir.path().join("key");
    std::fs::write(&key_file, format!("{KEY}\n")).unwrap();
    let args = [
        "--allow-writes".to_string(),
        "--api-key-file".into(),
        key_file.display().to_string(),
        "--index".into(),
        site.index_dir().display().to_string(),
        "--corpus".into(),
        site.corpus().display().to_string(),
    ];
    let writer = Server::start(&args, &[]);
    let a = writer.post("/articles", record.as_bytes(), &[]);
    assert!(a.error(401).contains("Authorization: Bearer"));
    assert_eq!(a.header("www-authenticate"), Some("Bearer"));
    let a = writer.post(
        "/articles",
        record.as_bytes(),
        &[("Authorization", "Bearer wrong-key-0123456789")],
    );
    assert!(a.error(403).contains("does not match"));
    assert!(!site.corpus().join("incoming").exists(), "nothing written");
    assert_eq!(writer.get("/health").json()["writes"], true);
    // The key from the environment works too.
    let env = Server::start(
        &args[..1]
            .iter()
            .chain(&args[3..])
            .cloned()
            .collect::<Vec<_>>(),
        &[("KAVOSH_API_KEY", KEY)],
    );
    assert_eq!(env.post_articles(record).status, 201);
}

fn incoming(site: &Site) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(site.corpus().join("incoming"))
        .map(|d| d.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    files.sort();
    files
}

#[test]
fn posted_records_are_on_disk_before_the_answer_and_stay_indexed_after_kill_9() {
    let site = Site::new();
    let writer_args = || {
        vec![
            "--allow-writes".to_string(),
            "--index".into(),
            site.index_dir().display().to_string(),
            "--corpus".into(),
            site.corpus().display().to_string(),
        ]
    };
    let mut server = Server::start(&writer_args(), &[("KAVOSH_API_KEY", KEY)]);
    let before = server.get("/stats").json()["passages"].as_u64().unwrap();
    let body = json!([
        {"id": "post-1", "title": "بندر چابهار", "date": "1402-05-01", "lang": "fa",
         "text": "بندر چابهار در کرانهٔ دریای عمان است.\nسرمایه‌گذاری هند در چابهار ادامه دارد."},
        {"id": "post-2", "text": 42},
        {"id": "post-3", "title": "Chabahar port", "lang": "en", "text": "India keeps investing in Chabahar port."}
    ])
    .to_string();
    let a = server.post_articles(&body);
    assert_eq!(a.status, 201, "{}", String::from_utf8_lossy(&a.body));
    let report = a.json();
    assert_eq!(
        (report["added"].as_u64(), report["rejected"].as_u64()),
        (Some(2), Some(1))
    );
    assert_eq!(report["indexed"], true);
    assert_eq!(report["records"][0]["passages"], 2);
    assert!(report["records"][1]["error"]
        .as_str()
        .unwrap()
        .contains("\"text\""));
    assert_eq!(report["records"][2]["line"], 2);
    assert_eq!(report["passages"].as_u64().unwrap(), before + 3);
    // On disk before the answer, in the corpus format.
    let files = incoming(&site);
    assert_eq!(files.len(), 1);
    let written = std::fs::read_to_string(&files[0]).unwrap();
    assert_eq!(written.lines().count(), 2);
    assert!(written.contains("\"post-1\"") && !written.contains("post-2"));
    // Searchable at once, with the record's date in both calendars.
    let hit = &server.search(&[("q", "چابهار"), ("lang", "fa")]).json()["hits"][0];
    assert_eq!(hit["id"], "post-1");
    assert_eq!(hit["date_jalali"], "1402-05-01");
    assert_eq!(
        hit["doc"],
        format!(
            "incoming/{}",
            files[0].file_name().unwrap().to_string_lossy()
        )
    );

    // JSON Lines, with a bad line reported by its record number.
    let lines =
        "{\"id\": \"post-4\", \"text\": \"کشتی‌های روسی در بندر چابهار پهلو گرفتند.\"}\nnot json\n";
    let report = server.post_articles(lines).json();
    assert_eq!(
        (report["added"].as_u64(), report["rejected"].as_u64()),
        (Some(1), Some(1))
    );
    assert_eq!(report["records"][1]["record"], 2);
    // Nothing usable: 400, nothing written.
    let a = server.post_articles(r#"[{"title": "بی‌متن"}]"#);
    assert_eq!(a.status, 400);
    assert_eq!(
        std::fs::read_to_string(&files[0]).unwrap().lines().count(),
        3
    );
    assert_eq!(server.total_hits("چابهار"), 4);

    // kill -9, then a record written while no server runs (as if killed
    // between the flush and the commit), then a restart.
    server.child.kill().unwrap();
    server.child.wait().unwrap();
    let mut file = std::fs::OpenOptions::new()
        .append(true)
        .open(&files[0])
        .unwrap();
    writeln!(
        file,
        "{}",
        json!({"id": "post-5", "text": "قطار چابهار به زاهدان رسید."})
    )
    .unwrap();
    drop(file);
    let restarted = Server::start(&writer_args(), &[("KAVOSH_API_KEY", KEY)]);
    assert_eq!(restarted.total_hits("چابهار"), 5);
    assert_eq!(restarted.total_hits("زاهدان"), 1);
    drop(restarted);
    // The corpus is the source of truth: an update finds nothing new, a rebuild keeps them.
    let out = index_run(&site.corpus(), &site.index_dir(), &["--format", "json"]);
    let update: Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(update["committed"], false, "{update}");
    index_run(&site.corpus(), &site.index_dir(), &["--rebuild"]);
    let results: Value =
        serde_json::from_slice(&site.cli_search(&["چابهار", "--limit", "20"])).unwrap();
    assert_eq!(results["total_hits"], 5);
}
