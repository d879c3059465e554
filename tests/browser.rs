//! The search page in a real browser: headless Chromium driven over
//! WebDriver (Debian's `chromium` and `chromium-driver`). It types «بوشهر»
//! then `Caspian`, checks the `<mark>` highlights, right-to-left passages,
//! a filter, paging, the `/` key, the error and empty states, and saves
//! screenshots under `target/serve-browser/`.
//!
//! Without the browser the test is skipped, except in CI (`CI=true`), where
//! that is a failure: `.ci/run` installs it.

use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

mod common;

use base64::Engine;
use serde_json::{json, Value};

const CHROMIUM: &[&str] = &["/usr/bin/chromium", "/usr/bin/chromium-browser"];
const DRIVER: &[&str] = &["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"];
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

fn first_existing(paths: &[&str]) -> Option<PathBuf> {
    paths.iter().map(PathBuf::from).find(|p| p.is_file())
}

/// A process killed when dropped.
struct Process(Child);

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

use common::agent;

/// A WebDriver session.
struct Driver {
    base: String,
    _process: Process,
    _profile: tempfile::TempDir,
}

impl Driver {
    fn start(driver: &Path, chromium: &Path) -> Driver {
        let port = free_port();
        let process = Process(
            Command::new(driver)
                .arg(format!("--port={port}"))
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("chromedriver starts"),
        );
        let url = format!("http://127.0.0.1:{port}");
        let started = Instant::now();
        while agent().get(format!("{url}/status")).call().is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "chromedriver did not answer"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        let profile = tempfile::tempdir().unwrap();
        let capabilities = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": chromium.display().to_string(),
                "args": [
                    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                    "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                    "--window-size=1100,1400", "--force-device-scale-factor=1",
                    format!("--user-data-dir={}", profile.path().display()),
                ]
            }
        }}});
        let mut response = agent()
            .post(format!("{url}/session"))
            .send_json(&capabilities)
            .unwrap();
        let v: Value = response.body_mut().read_json().unwrap();
        let session = v["value"]["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no session: {v}"))
            .to_string();
        Driver {
            base: format!("{url}/session/{session}"),
            _process: process,
            _profile: profile,
        }
    }

    fn call(&self, method: &str, path: &str, body: Value) -> Value {
        let url = format!("{}{path}", self.base);
        let mut response = match method {
            "GET" => agent().get(&url).call(),
            "DELETE" => agent().delete(&url).call(),
            _ => agent().post(&url).send_json(&body),
        }
        .unwrap();
        let v: Value = response.body_mut().read_json().unwrap();
        if response.status().as_u16() >= 400 {
            panic!("WebDriver {method} {path}: {v}");
        }
        v["value"].clone()
    }

    fn go(&self, url: &str) {
        self.call("POST", "/url", json!({ "url": url }));
    }

    fn js(&self, script: &str) -> Value {
        self.call(
            "POST",
            "/execute/sync",
            json!({"script": script, "args": []}),
        )
    }

    fn find(&self, css: &str) -> String {
        let v = self.call(
            "POST",
            "/element",
            json!({"using": "css selector", "value": css}),
        );
        v[ELEMENT]
            .as_str()
            .unwrap_or_else(|| panic!("no element {css}: {v}"))
            .to_string()
    }

    fn click(&self, css: &str) {
        let id = self.find(css);
        self.call("POST", &format!("/element/{id}/click"), json!({}));
    }

    fn type_into(&self, css: &str, text: &str) {
        let id = self.find(css);
        self.call(
            "POST",
            &format!("/element/{id}/value"),
            json!({ "text": text }),
        );
    }

    /// Presses one key on whatever has the focus.
    fn press(&self, key: &str) {
        let actions = json!({"actions": [{"type": "key", "id": "keyboard", "actions": [
            {"type": "keyDown", "value": key}, {"type": "keyUp", "value": key}]}]});
        self.call("POST", "/actions", actions);
    }

    /// Waits until `script` returns true (at most 15 s).
    fn wait_for(&self, what: &str, script: &str) {
        let started = Instant::now();
        while self.js(script) != Value::Bool(true) {
            if started.elapsed() > Duration::from_secs(15) {
                let state = self.js("return document.getElementById('status').textContent + ' | ' + location.search + ' | ' + document.getElementById('message').textContent");
                panic!("timed out waiting for {what}; page: {state}");
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn screenshot(&self, name: &str) -> PathBuf {
        let data = self.call("GET", "/screenshot", Value::Null);
        let png = base64::engine::general_purpose::STANDARD
            .decode(data.as_str().unwrap())
            .unwrap();
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/serve-browser");
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(name);
        std::fs::write(&path, png).unwrap();
        path
    }

    /// The text of the `<mark>` elements of the results.
    fn marks(&self) -> Vec<String> {
        self.strings(
            "return Array.from(document.querySelectorAll('#results mark'), m => m.textContent)",
        )
    }

    fn strings(&self, script: &str) -> Vec<String> {
        serde_json::from_value(self.js(script)).unwrap()
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = agent().delete(&self.base).call();
    }
}

/// A corpus (the article and the fixture formats), its index, and a server on it.
fn serve(dir: &Path) -> (Process, String) {
    let corpus = dir.join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::copy(
        root.join("corpus/iran-russia-relations-two-decades.txt"),
        corpus.join("iran-russia.txt"),
    )
    .unwrap();
    for sub in ["fa", "en", "news"] {
        let from = root.join("tests/fixtures/formats").join(sub);
        std::fs::create_dir_all(corpus.join(sub)).unwrap();
        for entry in std::fs::read_dir(from).unwrap().flatten() {
            std::fs::copy(entry.path(), corpus.join(sub).join(entry.file_name())).unwrap();
        }
    }
    let kavosh = env!("CARGO_BIN_EXE_kavosh");
    let index = dir.join("index");
    let status = Command::new(kavosh)
        .arg("index")
        .arg(&corpus)
        .arg("--index")
        .arg(&index)
        .arg("--quiet")
        .status()
        .unwrap();
    assert!(status.success());
    let mut child = Command::new(kavosh)
        .args(["serve", "--quiet", "--addr", "127.0.0.1:0", "--index"])
        .arg(&index)
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let at = line.find("http://").expect("the URL is printed");
    let url = line[at..].split_whitespace().next().unwrap().to_string();
    (Process(child), url)
}

#[test]
fn the_page_searches_as_you_type_with_highlights_rtl_filters_and_paging() {
    let (Some(chromium), Some(driver)) = (first_existing(CHROMIUM), first_existing(DRIVER)) else {
        let message = "the browser test needs Debian's chromium and chromium-driver: apt-get install -y chromium chromium-driver";
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            panic!("{message}");
        }
        eprintln!("skipped: {message}");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let (_server, url) = serve(dir.path());
    let browser = Driver::start(&driver, &chromium);
    browser.go(&url);
    browser.wait_for(
        "the empty state",
        "return !document.getElementById('message').hidden",
    );
    assert_eq!(browser.js("return document.documentElement.dir"), "rtl");
    assert_eq!(
        browser.js("return document.activeElement.id"),
        "q",
        "the box has the focus"
    );

    // «بوشهر», typed: results come without pressing Enter.
    browser.type_into("#q", "بوشهر");
    browser.wait_for(
        "results for بوشهر",
        "return document.querySelectorAll('#results li').length > 0",
    );
    let marks = browser.marks();
    // The Persian word, and its transliteration in English passages.
    assert!(
        marks.iter().filter(|m| m.contains("بوشهر")).count() >= 3,
        "{marks:?}"
    );
    assert!(
        marks
            .iter()
            .all(|m| m.contains("بوشهر") || m.to_lowercase().contains("bushehr")),
        "{marks:?}"
    );
    let directions = browser.strings(
        "return Array.from(document.querySelectorAll('#results .snippet'), p => p.lang + ' ' + getComputedStyle(p).direction)",
    );
    assert!(directions.iter().any(|d| d == "fa rtl"), "{directions:?}");
    assert!(
        directions.iter().all(|d| d == "fa rtl" || d == "en ltr"),
        "Persian passages read right to left, English ones left to right: {directions:?}"
    );
    let query = browser.js("return new URLSearchParams(location.search).get('q')");
    assert_eq!(query, "بوشهر", "the query is in the URL");
    let both_calendars = browser.strings(
        "return Array.from(document.querySelectorAll('#results .date'), d => d.textContent)",
    );
    assert!(
        both_calendars
            .iter()
            .any(|d| d.contains("مهر") && d.contains("2012-")),
        "{both_calendars:?}"
    );
    browser.screenshot("1-bushehr.png");

    // Then `Caspian`: the Persian passages found through its translation,
    // with the Persian words marked and the expansion shown.
    browser.js("const q = document.getElementById('q'); q.value = ''; q.focus();");
    browser.type_into("#q", "Caspian");
    browser.wait_for(
        "results for Caspian",
        "return new URLSearchParams(location.search).get('q') === 'Caspian' && document.querySelectorAll('#results li').length > 0 && !document.getElementById('results').hasAttribute('aria-busy')",
    );
    let marks = browser.marks();
    assert!(marks.iter().any(|m| m.contains("خزر")), "{marks:?}");
    let expansions = browser.js("return document.getElementById('expansions').textContent");
    assert!(
        expansions.as_str().unwrap().contains("Caspian → دریای خزر"),
        "{expansions}"
    );
    browser.screenshot("2-caspian.png");

    // A filter: English passages only, left to right.
    browser.click("#lang option[value=en]");
    browser.wait_for(
        "English results",
        "return new URLSearchParams(location.search).get('lang') === 'en' && !document.getElementById('results').hasAttribute('aria-busy') && document.querySelectorAll('#results li').length > 0",
    );
    let langs = browser
        .strings("return Array.from(document.querySelectorAll('#results .snippet'), p => p.lang)");
    assert!(langs.iter().all(|l| l == "en"), "{langs:?}");
    let directions = browser.strings(
        "return Array.from(document.querySelectorAll('#results .snippet'), p => getComputedStyle(p).direction)",
    );
    assert!(directions.iter().all(|d| d == "ltr"), "{directions:?}");
    let marks = browser.strings("return Array.from(document.querySelectorAll('#results mark'), m => m.textContent.toLowerCase())");
    assert!(marks.iter().any(|m| m.contains("caspian")), "{marks:?}");
    browser.screenshot("3-caspian-english.png");
    browser.click("#lang option[value='']");

    // Paging: «روسیه» has more than one page.
    browser.js("const q = document.getElementById('q'); q.value = ''; q.focus();");
    browser.type_into("#q", "روسیه\n");
    browser.wait_for(
        "the first page",
        "return new URLSearchParams(location.search).get('q') === 'روسیه' && !document.getElementById('pager').hidden && document.querySelector('#results .rank') !== null",
    );
    assert_eq!(
        browser.js("return document.getElementById('prev').disabled"),
        true
    );
    browser.click("#next");
    browser.wait_for(
        "the second page",
        "return new URLSearchParams(location.search).get('offset') === '10' && document.querySelector('#results .rank') && document.querySelector('#results .rank').textContent === '۱۱.'",
    );
    assert_eq!(
        browser.js("return document.getElementById('prev').disabled"),
        false
    );
    browser.screenshot("4-page-2.png");

    // `/` focuses the search box.
    browser.js("document.activeElement.blur(); document.body.focus();");
    assert_ne!(browser.js("return document.activeElement.id"), "q");
    browser.press("/");
    assert_eq!(browser.js("return document.activeElement.id"), "q");

    // A shared URL reloads the same search, with its filters.
    browser.go(&format!("{url}?q=Caspian&group=article"));
    browser.wait_for(
        "the shared search",
        "return document.querySelectorAll('#results li').length > 0",
    );
    assert_eq!(
        browser.js("return document.getElementById('group').value"),
        "article"
    );
    assert_eq!(
        browser.js("return document.getElementById('q').value"),
        "Caspian"
    );

    // The error state says what to fix; the empty state what to try.
    browser.go(&format!(
        "{url}?q=%D8%A8%D9%88%D8%B4%D9%87%D8%B1&after=yesterday"
    ));
    browser.wait_for("the error", "return !document.getElementById('message').hidden && document.getElementById('message').getAttribute('role') === 'alert'");
    let error = browser.js("return document.getElementById('message').textContent");
    assert!(error.as_str().unwrap().contains("after"), "{error}");
    browser.screenshot("5-error.png");
    browser.go(&format!("{url}?q=qwertyuiopzx"));
    browser.wait_for("the empty state", "return !document.getElementById('message').hidden && document.getElementById('status').textContent.includes('No')");
    let empty = browser.js("return document.getElementById('message').textContent");
    assert!(empty.as_str().unwrap().contains("fewer words"), "{empty}");
}
