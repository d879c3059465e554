//! `kavosh index` as a process: incremental runs, `--rebuild`, `--strict`,
//! a busy index, and a run killed with SIGKILL in the middle.

mod common;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use common::{article_path, kavosh};
use kavosh::{SearchIndex, SearchOptions};
use predicates::prelude::*;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/formats")
        .join(name)
}

/// A temp folder with `corpus/` holding the given fixture files (and the
/// bundled article as `iran-russia.txt`), and where the index goes.
struct Corpus {
    dir: tempfile::TempDir,
}

impl Corpus {
    fn new(fixtures: &[&str]) -> Corpus {
        let corpus = Corpus {
            dir: tempfile::tempdir().unwrap(),
        };
        std::fs::create_dir(corpus.root()).unwrap();
        std::fs::copy(article_path(), corpus.root().join("iran-russia.txt")).unwrap();
        for name in fixtures {
            corpus.copy(name);
        }
        corpus
    }

    fn root(&self) -> PathBuf {
        self.dir.path().join("corpus")
    }

    fn index(&self) -> PathBuf {
        self.dir.path().join("index")
    }

    fn copy(&self, name: &str) {
        let to = self.root().join(name);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(fixture(name), to).unwrap();
    }

    /// `kavosh index corpus --index index ARGS`.
    fn index_cmd(&self, args: &[&str]) -> assert_cmd::Command {
        let mut cmd = kavosh();
        cmd.arg("index")
            .arg(self.root())
            .arg("--index")
            .arg(self.index())
            .args(args);
        cmd
    }

    /// Runs `kavosh index --format json --verbose ARGS`: the report, and
    /// the files the run read (from the `--verbose` lines).
    fn run(&self, args: &[&str]) -> (serde_json::Value, Vec<String>) {
        let out = self
            .index_cmd(&["--format", "json", "--verbose"])
            .args(args)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{stderr}");
        let root = format!("{}/", self.root().display());
        let mut read: Vec<String> = stderr
            .lines()
            .filter_map(|l| l.strip_prefix("kavosh: read "))
            .map(|l| l.split('\t').next().unwrap().replace(&root, ""))
            .collect();
        read.sort();
        (serde_json::from_slice(&out.stdout).unwrap(), read)
    }

    fn open(&self) -> SearchIndex {
        SearchIndex::open(self.index()).unwrap()
    }
}

/// Passages with the words of `query` as written (no translation).
fn total_hits(index: &SearchIndex, query: &str) -> usize {
    let options = SearchOptions {
        expand: false,
        ..SearchOptions::default()
    };
    index.search(query, &options).unwrap().total_hits
}

#[test]
fn a_second_run_reads_only_what_changed() {
    let corpus = Corpus::new(&[
        "fa/iran-russia.md",
        "news/mixed-mini.jsonl",
        "en/iran-russia-trade-wrapped.txt",
    ]);
    let (first, read) = corpus.run(&[]);
    assert_eq!(read.len(), 4);
    assert_eq!(
        first["files"],
        serde_json::json!({"added": 4, "changed": 0, "unchanged": 0, "removed": 0, "skipped": 0})
    );

    // Modify one file, delete one, add one.
    let md = corpus.root().join("fa/iran-russia.md");
    let text = std::fs::read_to_string(&md).unwrap();
    std::fs::write(&md, text.replace("منطقه قفقاز", "منطقه قفقاز جنوبی")).unwrap();
    std::fs::remove_file(corpus.root().join("en/iran-russia-trade-wrapped.txt")).unwrap();
    corpus.copy("fa/bushehr-news.html");
    let (second, read) = corpus.run(&[]);
    assert_eq!(
        second["files"],
        serde_json::json!({"added": 1, "changed": 1, "unchanged": 2, "removed": 1, "skipped": 0})
    );
    assert_eq!(
        read,
        ["fa/bushehr-news.html", "fa/iran-russia.md"],
        "unchanged files are not read"
    );
    // the malformed line of the unchanged JSON Lines file is still reported
    assert_eq!(second["problems"].as_array().unwrap().len(), 1);

    let index = corpus.open();
    assert_eq!(index.num_passages(), second["passages"].as_u64().unwrap());
    assert_eq!(total_hits(&index, "\"قفقاز جنوبی\""), 1);
    assert_eq!(total_hits(&index, "bilateral trade"), 0);

    // --rebuild reads everything and ends with the same content.
    let (rebuilt, read) = corpus.run(&["--rebuild"]);
    assert_eq!(read.len(), 4);
    assert_eq!(rebuilt["files"]["added"], 4);
    assert_eq!(rebuilt["passages"], second["passages"]);
    assert_eq!(rebuilt["articles"], second["articles"]);

    // Nothing changed: nothing read, nothing committed.
    let (again, read) = corpus.run(&[]);
    assert!(read.is_empty());
    assert_eq!(again["committed"], false);
    assert_eq!(again["files"]["unchanged"], 4);
    corpus
        .index_cmd(&[])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "(4 files: 0 added, 0 changed, 4 unchanged, 0 removed, 0 skipped; 0.0 MB read)",
        ))
        .stderr(predicate::str::contains("nothing changed"));
}

#[test]
fn strict_fails_when_something_was_skipped_but_commits_the_rest() {
    let corpus = Corpus::new(&["empty.txt", "fa/iran-russia.md"]);
    corpus
        .index_cmd(&["--strict", "--format", "json"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("\"problems\":[{"))
        .stderr(
            predicate::str::contains("empty.txt: empty file").and(predicate::str::contains(
                "kavosh: error: --strict: 1 problems",
            )),
        );
    assert_eq!(total_hits(&corpus.open(), "آستاراخان"), 2);
    // without --strict the same corpus is a success
    corpus.index_cmd(&[]).assert().success();
    // and with --strict, a clean corpus too
    std::fs::remove_file(corpus.root().join("empty.txt")).unwrap();
    corpus.index_cmd(&["--strict"]).assert().success();
    // an unchanged file's skipped lines still count
    corpus.copy("news/mixed-mini.jsonl");
    corpus.index_cmd(&["--strict"]).assert().code(1);
    corpus
        .index_cmd(&["--strict"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "mixed-mini.jsonl:3: malformed JSON",
        ));
}

#[test]
fn a_busy_index_refuses_a_second_writer_at_once_and_searches_go_on() {
    let corpus = Corpus::new(&[]);
    corpus.index_cmd(&[]).assert().success();
    let index = corpus.open();
    let writer: tantivy::IndexWriter = index.tantivy_index().writer(15_000_000).unwrap();
    writer.delete_all_documents().unwrap();
    let started = std::time::Instant::now();
    corpus
        .index_cmd(&["--rebuild"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "is being written by another process; wait for it to finish and try again",
        ));
    assert!(started.elapsed().as_secs() < 5, "refused at once");
    kavosh()
        .args(["search", "بوشهر", "--format", "json", "--index"])
        .arg(corpus.index())
        .assert()
        .success()
        .stdout(predicate::str::contains("\"total_hits\":3"));
    drop(writer);
    corpus.index_cmd(&[]).assert().success();
}

/// Writes `files` files of about `bytes` bytes each into `dir`: the bundled
/// article's paragraphs in a different order in each file, each with a
/// number that occurs once in the corpus («شماره 17003»: file 17,
/// paragraph 3). Returns the passages they hold.
fn write_large_corpus(dir: &Path, files: usize, bytes: usize) -> u64 {
    let article = std::fs::read_to_string(article_path()).unwrap();
    let paragraphs: Vec<&str> = article.lines().filter(|l| l.len() > 200).collect();
    let mut passages = 0;
    for i in 0..files {
        let mut text = String::new();
        let mut j = 0;
        while text.len() < bytes {
            let paragraph = paragraphs[(i * 7 + j * 13) % paragraphs.len()];
            text.push_str(&format!("{paragraph} (شماره {})\n", i * 1000 + j));
            j += 1;
        }
        std::fs::write(dir.join(format!("copy-{i:03}.txt")), text).unwrap();
        passages += j as u64;
    }
    passages
}

#[cfg(unix)]
#[test]
fn a_run_killed_with_sigkill_leaves_the_last_commit_searchable() {
    use std::os::unix::process::ExitStatusExt;

    let corpus = Corpus::new(&[]);
    corpus.index_cmd(&[]).assert().success();
    let before = corpus.open();
    let (passages_before, hits_before) = (before.num_passages(), total_hits(&before, "بوشهر"));
    assert_eq!(passages_before, 103);

    let large = write_large_corpus(&corpus.root(), 300, 24_000);
    let mut child = Command::new(env!("CARGO_BIN_EXE_kavosh"))
        .arg("index")
        .arg(corpus.root())
        .arg("--index")
        .arg(corpus.index())
        .arg("--verbose")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Kill it once it has read a few files, with most still to come.
    let stderr = BufReader::new(child.stderr.take().unwrap());
    let mut read = 0;
    for line in stderr.lines() {
        if line.unwrap().starts_with("kavosh: read ") {
            read += 1;
            if read == 20 {
                child.kill().unwrap(); // SIGKILL
                break;
            }
        }
    }
    let status = child.wait().unwrap();
    assert_eq!(
        status.signal(),
        Some(9),
        "the run ended before it was killed ({status}); make the corpus larger"
    );

    // The last commit is intact: it opens and searches as before.
    let after = corpus.open();
    assert_eq!(after.num_passages(), passages_before);
    assert_eq!(total_hits(&after, "بوشهر"), hits_before);
    assert_eq!(total_hits(&after, "\"شماره 17003\""), 0);
    assert_eq!(
        before.commit_info().unwrap(),
        after.commit_info().unwrap(),
        "nothing was committed"
    );

    // The next run completes, with everything once.
    let (report, _) = corpus.run(&[]);
    assert_eq!(report["files"]["added"], 300);
    assert_eq!(report["files"]["unchanged"], 1);
    let index = corpus.open();
    assert_eq!(index.num_passages(), passages_before + large);
    assert_eq!(report["passages"], passages_before + large);
    assert!(total_hits(&index, "بوشهر") > hits_before);
    for (file, paragraph) in [(0, 0), (17, 3), (299, 5)] {
        let marker = format!("\"شماره {}\"", file * 1000 + paragraph);
        assert_eq!(total_hits(&index, &marker), 1, "{marker}");
    }
}
