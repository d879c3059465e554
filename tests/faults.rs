//! Faults as a user meets them, through the `kavosh` binary and the
//! library: a damaged index (files overwritten, truncated, missing, an
//! unreadable `meta.json`), a file-size limit and a full disk while
//! indexing, a read-only index folder, an index path that is a file, a
//! corpus path that is a symbolic link loop, corpus files that change or
//! disappear while they are read. Each gives one clear line and the right
//! exit code, no panic reaches the terminal, and nothing committed is lost.

mod common;

use std::io::{Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::process::Output;

use common::{article_path, kavosh};
use kavosh::corpus::SourceFile;
use kavosh::index::{IndexOptions, Progress, SilentProgress};
use kavosh::{Error, SearchIndex, SearchOptions};

/// A temp folder with `corpus/` (copies of the bundled article) and where
/// the index goes.
struct Setup {
    dir: tempfile::TempDir,
}

impl Setup {
    /// `copies` copies of the article, each with a line of its own so that
    /// no two files are the same.
    fn new(copies: usize) -> Setup {
        let setup = Setup {
            dir: tempfile::tempdir().unwrap(),
        };
        std::fs::create_dir(setup.corpus()).unwrap();
        setup.add_copies(0..copies);
        setup
    }

    fn add_copies(&self, range: std::ops::Range<usize>) {
        let article = std::fs::read_to_string(article_path()).unwrap();
        for i in range {
            let text = format!("{article}\nنسخه شماره {i} از این مقاله.\n");
            std::fs::write(self.corpus().join(format!("copy-{i:03}.txt")), text).unwrap();
        }
    }

    fn corpus(&self) -> PathBuf {
        self.dir.path().join("corpus")
    }

    fn index(&self) -> PathBuf {
        self.dir.path().join("index")
    }

    /// `kavosh ARGS --index INDEX`.
    fn run(&self, args: &[&str]) -> Output {
        let mut cmd = kavosh();
        cmd.args(args).arg("--index").arg(self.index());
        cmd.output().unwrap()
    }

    /// `kavosh index CORPUS --index INDEX --format json ARGS`.
    fn index_cmd(&self, args: &[&str]) -> Output {
        let mut cmd = kavosh();
        cmd.arg("index")
            .arg(self.corpus())
            .arg("--index")
            .arg(self.index())
            .args(["--format", "json"])
            .args(args);
        cmd.output().unwrap()
    }

    /// The index's files with this extension.
    fn files(&self, extension: &str) -> Vec<PathBuf> {
        let mut files: Vec<PathBuf> = std::fs::read_dir(self.index())
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == extension))
            .collect();
        files.sort();
        assert!(!files.is_empty(), "no .{extension} file");
        files
    }

    /// Passages found for `query` (as typed), through the library.
    fn hits(&self, query: &str) -> usize {
        let index = SearchIndex::open(self.index()).unwrap();
        let options = SearchOptions {
            expand: false,
            ..SearchOptions::default()
        };
        index.search(query, &options).unwrap().total_hits
    }
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The command failed with `code` and said so in one line, with no trace of
/// a panic, a backtrace or tantivy's internals; returns the line.
fn one_line_error(out: &Output, code: i32) -> String {
    let err = stderr(out);
    assert_eq!(out.status.code(), Some(code), "{err}");
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 1, "one line: {err}");
    assert!(lines[0].starts_with("kavosh: error: "), "{err}");
    for internal in [
        "panicked",
        "backtrace",
        "RUST_BACKTRACE",
        "Footer magic",
        "tantivy 0.15",
        "IoError",
        "OpenReadError",
    ] {
        assert!(!err.contains(internal), "{internal:?} in {err}");
    }
    lines[0].to_string()
}

/// Overwrites the first `len` bytes of `path` (at most half of it) with
/// pseudo-random bytes, the same on every run.
fn overwrite(path: &Path, len: usize) {
    let size = std::fs::metadata(path).unwrap().len() as usize;
    let len = len.min(size / 2);
    let mut file = std::fs::OpenOptions::new().write(true).open(path).unwrap();
    file.seek(SeekFrom::Start(0)).unwrap();
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let junk: Vec<u8> = (0..len)
        .map(|_| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (state >> 56) as u8
        })
        .collect();
    file.write_all(&junk).unwrap();
}

fn truncate(path: &Path) {
    let size = std::fs::metadata(path).unwrap().len();
    let file = std::fs::OpenOptions::new().write(true).open(path).unwrap();
    file.set_len(size / 2).unwrap();
}

/// What `kavosh index --strict` and a plain `kavosh index` do with a
/// damaged index: the first stops and changes nothing, the second says so,
/// rebuilds from the corpus, and the index is healthy and complete again.
fn refused_with_strict_then_repaired(setup: &Setup, copies: usize, damage: &str) {
    let strict = setup.index_cmd(&["--strict"]);
    let line = one_line_error(&strict, 1);
    assert!(line.contains("is damaged ("), "{line}");
    assert!(line.contains(damage), "{line}");
    assert!(line.ends_with(&format!(
        "`kavosh index --rebuild --index {}`",
        setup.index().display()
    )));
    assert_eq!(
        setup.run(&["check"]).status.code(),
        Some(1),
        "still damaged"
    );

    let repaired = setup.index_cmd(&[]);
    let err = stderr(&repaired);
    assert!(repaired.status.success(), "{err}");
    assert!(
        err.contains(&format!(
            "kavosh: the index at {} is damaged (",
            setup.index().display()
        )) && err.contains("): rebuilding it from the corpus"),
        "{err}"
    );
    let report: serde_json::Value = serde_json::from_slice(&repaired.stdout).unwrap();
    assert_eq!(report["files"]["added"], copies, "every file read again");
    assert_eq!(report["passages"], 104 * copies);
    let check = setup.run(&["check", "--deep"]);
    assert!(check.status.success(), "{}", stdout(&check));
    assert!(stdout(&check).ends_with("healthy\n"));
    assert_eq!(setup.hits("\"نسخه شماره 1\""), 1);
    assert_eq!(setup.hits("\"دریای خزر\""), setup.hits("\"دریای خزر\""));
}

#[test]
fn overwritten_position_files_are_found_explained_and_repaired() {
    let copies = 20;
    let setup = Setup::new(copies);
    assert!(setup.index_cmd(&[]).status.success());
    let healthy = setup.run(&["check", "--format", "json"]);
    assert!(healthy.status.success(), "{}", stdout(&healthy));
    let phrase_hits = setup.hits("\"دریای خزر\"");
    assert!(phrase_hits > 0);

    for pos in setup.files("pos") {
        overwrite(&pos, 5000);
    }
    // Searching: one line naming the folder and the repair, no panic.
    let out = setup.run(&["search", "\"دریای خزر\"", "--limit", "100"]);
    let line = one_line_error(&out, 1);
    assert!(
        line.contains(&format!(
            "the index at {} is damaged (",
            setup.index().display()
        )),
        "{line}"
    );

    // `kavosh check` finds every damaged file by its checksum.
    let check = setup.run(&["check"]);
    assert_eq!(check.status.code(), Some(1));
    let text = stdout(&check);
    let damaged = text
        .lines()
        .filter(|l| l.contains(".pos fails its checksum"))
        .count();
    assert_eq!(damaged, setup.files("pos").len(), "{text}");
    assert!(text.ends_with(&format!(
        "damaged: rebuild it from the corpus with `kavosh index --rebuild --index {}`\n",
        setup.index().display()
    )));
    let json = setup.run(&["check", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(report["healthy"], false);
    assert_eq!(report["problems"][0]["kind"], "checksum");

    refused_with_strict_then_repaired(&setup, copies, "fails its checksum");
    assert_eq!(setup.hits("\"دریای خزر\""), phrase_hits);
}

#[test]
fn a_truncated_store_file_is_explained_without_tantivy_internals() {
    let setup = Setup::new(3);
    assert!(setup.index_cmd(&[]).status.success());
    let store = setup.files("store").remove(0);
    truncate(&store);
    let name = store.file_name().unwrap().to_string_lossy().into_owned();
    for args in [
        &["search", "بوشهر"][..],
        &["stats"],
        &["search", "Caspian", "--format", "json"],
    ] {
        let line = one_line_error(&setup.run(args), 1);
        assert!(
            line.contains(&format!(
                "is damaged (file {name} is truncated or corrupted)"
            )),
            "{args:?}: {line}"
        );
    }
    let check = setup.run(&["check", "--format", "json"]);
    assert_eq!(check.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&check.stdout).unwrap();
    assert_eq!(report["problems"][0]["file"], name.as_str());
    refused_with_strict_then_repaired(&setup, 3, "truncated or corrupted");
}

#[test]
fn a_missing_segment_file_is_explained_and_repaired() {
    let setup = Setup::new(3);
    assert!(setup.index_cmd(&[]).status.success());
    let idx = setup.files("idx").remove(0);
    std::fs::remove_file(&idx).unwrap();
    let name = idx.file_name().unwrap().to_string_lossy().into_owned();
    let line = one_line_error(&setup.run(&["search", "بوشهر"]), 1);
    assert!(
        line.contains(&format!("(file {name} is missing)")),
        "{line}"
    );
    let check = setup.run(&["check"]);
    assert!(stdout(&check).contains(&format!("problem: file {name} is missing\n")));
    refused_with_strict_then_repaired(&setup, 3, "is missing");
}

#[test]
fn an_unreadable_meta_json_is_explained_and_repaired() {
    let setup = Setup::new(2);
    assert!(setup.index_cmd(&[]).status.success());
    std::fs::write(
        setup.index().join("meta.json"),
        "{\"segments\": [{\"segment_id\"",
    )
    .unwrap();
    let line = one_line_error(&setup.run(&["search", "بوشهر"]), 1);
    assert!(
        line.contains("is damaged (meta.json cannot be read)"),
        "{line}"
    );
    assert!(
        !line.contains("segment_id"),
        "the file's content is not quoted: {line}"
    );
    refused_with_strict_then_repaired(&setup, 2, "meta.json cannot be read");
}

#[test]
fn panics_in_tantivy_are_contained_at_the_library_boundary() {
    kavosh::index::guard::quiet_contained_panics();
    let setup = Setup::new(4);
    assert!(setup.index_cmd(&[]).status.success());
    let index = SearchIndex::open(setup.index()).unwrap();
    for pos in setup.files("pos") {
        overwrite(&pos, 5000);
    }
    for idx in setup.files("idx") {
        overwrite(&idx, 5000);
    }
    let options = SearchOptions {
        limit: 1000,
        ..SearchOptions::default()
    };
    // Whatever tantivy does with the damaged bytes (an error, a panic in a
    // decoder), the library returns an error or a result, never unwinds.
    let mut damaged = 0;
    for query in [
        "\"دریای خزر\"",
        "روسیه",
        "ایران OR روسیه",
        "\"همکاری های اقتصادی\"",
    ] {
        match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            index.search(query, &options)
        })) {
            Ok(Ok(_)) => {}
            Ok(Err(Error::Damaged { path, .. })) => {
                assert_eq!(path, setup.index());
                damaged += 1;
            }
            Ok(Err(other)) => panic!("{query}: {other}"),
            Err(_) => panic!("{query}: a panic crossed the library boundary"),
        }
    }
    assert!(damaged > 0, "the damage was noticed");
    let report =
        kavosh::index::check::check(&setup.index(), kavosh::index::check::Level::Full).unwrap();
    assert!(!report.healthy);
}

#[cfg(unix)]
mod limits {
    use super::*;
    use std::os::unix::process::CommandExt;

    /// `kavosh index` of the setup's corpus with the file-size limit
    /// (`RLIMIT_FSIZE`) set to `bytes`: writes past it fail as on a full disk.
    fn index_with_file_size_limit(setup: &Setup, bytes: u64) -> Output {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_kavosh"));
        cmd.arg("index")
            .arg(setup.corpus())
            .arg("--index")
            .arg(setup.index());
        let limit = libc::rlimit {
            rlim_cur: bytes as libc::rlim_t,
            rlim_max: bytes as libc::rlim_t,
        };
        // SAFETY: setrlimit is async-signal-safe; the closure allocates nothing.
        unsafe {
            cmd.pre_exec(move || {
                if libc::setrlimit(libc::RLIMIT_FSIZE, &limit) != 0 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
        cmd.output().unwrap()
    }

    #[test]
    fn a_file_size_limit_while_indexing_commits_nothing_and_the_next_run_completes() {
        let setup = Setup::new(1);
        assert!(setup.index_cmd(&[]).status.success());
        let before = SearchIndex::open(setup.index()).unwrap();
        let (passages, info) = (before.num_passages(), before.commit_info().unwrap());
        assert_eq!(passages, 104);

        setup.add_copies(1..40);
        let out = index_with_file_size_limit(&setup, 256 * 1024);
        let line = one_line_error(&out, 1);
        assert!(
            line.contains(&format!(
                "cannot write the index at {}: ",
                setup.index().display()
            )),
            "{line}"
        );
        assert!(line.contains("File too large"), "{line}");
        assert!(line.contains("nothing was committed and the previous index is still searchable"));
        assert!(line.contains("ulimit -f"), "{line}");

        // The previous commit, unchanged and healthy.
        let after = SearchIndex::open(setup.index()).unwrap();
        assert_eq!(after.num_passages(), passages);
        assert_eq!(after.commit_info().unwrap(), info);
        assert_eq!(setup.hits("\"نسخه شماره 0\""), 1);
        assert_eq!(setup.hits("\"نسخه شماره 7\""), 0);
        let check = setup.run(&["check", "--deep"]);
        assert!(check.status.success(), "{}", stdout(&check));

        // Without the limit, the next run completes.
        let done = setup.index_cmd(&[]);
        assert!(done.status.success(), "{}", stderr(&done));
        assert!(!stderr(&done).contains("damaged"));
        let report: serde_json::Value = serde_json::from_slice(&done.stdout).unwrap();
        assert_eq!(report["files"]["added"], 39);
        assert_eq!(report["passages"], 104 * 40);
        assert_eq!(setup.hits("\"نسخه شماره 7\""), 1);
        assert!(setup.run(&["check"]).status.success());
    }

    /// A tmpfs mounted for a test, unmounted when dropped.
    struct Tmpfs(PathBuf);

    impl Tmpfs {
        /// Mounts a tmpfs of `size` at `at`; `None` (with the reason) where
        /// this process may not mount.
        fn mount(at: &Path, size: &str) -> Result<Tmpfs, String> {
            std::fs::create_dir_all(at).unwrap();
            let out = std::process::Command::new("mount")
                .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
                .arg(at)
                .output()
                .map_err(|e| e.to_string())?;
            if out.status.success() {
                Ok(Tmpfs(at.to_path_buf()))
            } else {
                Err(String::from_utf8_lossy(&out.stderr).trim().to_string())
            }
        }

        fn remount(&self, options: &str) {
            let status = std::process::Command::new("mount")
                .args(["-o", &format!("remount,{options}")])
                .arg(&self.0)
                .status()
                .unwrap();
            assert!(status.success(), "remount {options}");
        }
    }

    impl Drop for Tmpfs {
        fn drop(&mut self) {
            let _ = std::process::Command::new("umount")
                .arg("-l")
                .arg(&self.0)
                .status();
        }
    }

    #[test]
    fn a_full_disk_and_a_read_only_folder_while_indexing() {
        let setup = Setup::new(1);
        let disk = match Tmpfs::mount(&setup.index(), "1m") {
            Ok(disk) => disk,
            Err(reason) => {
                eprintln!("skipped: cannot mount a small file system here ({reason}); the file-size limit test covers write errors");
                return;
            }
        };
        assert!(setup.index_cmd(&[]).status.success());
        let info = SearchIndex::open(setup.index())
            .unwrap()
            .commit_info()
            .unwrap();

        // Disk full: a clear error, nothing committed, searches go on.
        // Far more than fits, so that passages are still being handed over
        // when tantivy's indexing thread fails: the error must be the
        // write's, not "An index writer was killed" (with 40 copies, half
        // the runs hit that before `index::write_errors`; with 200, all).
        setup.add_copies(1..200);
        let line = one_line_error(&setup.index_cmd(&[]), 1);
        assert!(line.contains("No space left on device"), "{line}");
        assert!(
            line.contains("free some disk space and run `kavosh index` again"),
            "{line}"
        );
        let search = setup.run(&["search", "\"نسخه شماره 0\"", "--format", "json"]);
        assert!(search.status.success(), "{}", stderr(&search));
        assert!(stdout(&search).contains("\"total_hits\":1"));
        assert_eq!(
            SearchIndex::open(setup.index())
                .unwrap()
                .commit_info()
                .unwrap(),
            info
        );
        assert!(setup.run(&["check", "--deep"]).status.success());

        // Space freed: the next run completes.
        disk.remount("size=64m");
        let done = setup.index_cmd(&[]);
        assert!(done.status.success(), "{}", stderr(&done));
        assert_eq!(setup.hits("\"نسخه شماره 39\""), 1);

        // Read-only: indexing says so; searching still works.
        disk.remount("ro");
        setup.add_copies(40..41);
        let line = one_line_error(&setup.index_cmd(&[]), 1);
        assert!(line.contains("Read-only file system"), "{line}");
        assert!(line.contains("make the folder writable"), "{line}");
        let search = setup.run(&["search", "\"نسخه شماره 39\"", "--format", "json"]);
        assert!(search.status.success(), "{}", stderr(&search));
        assert!(stdout(&search).contains("\"total_hits\":1"));
        assert!(setup.run(&["check"]).status.success());
        drop(disk);
    }
}

#[test]
fn an_index_path_that_is_a_file_is_refused_by_every_command() {
    let setup = Setup::new(1);
    std::fs::write(setup.index(), "notes").unwrap();
    let expected = format!(
        "kavosh: error: cannot use {} as the index folder: it is a file, not a folder: give a folder with --index",
        setup.index().display()
    );
    for args in [&["search", "بوشهر"][..], &["stats"], &["check"]] {
        assert_eq!(one_line_error(&setup.run(args), 1), expected, "{args:?}");
    }
    assert_eq!(one_line_error(&setup.index_cmd(&[]), 1), expected);
    assert_eq!(
        std::fs::read_to_string(setup.index()).unwrap(),
        "notes",
        "left alone"
    );
    // Under a file, and a symbolic link loop.
    let mut cmd = kavosh();
    let out = cmd
        .args(["search", "بوشهر", "--index"])
        .arg(setup.index().join("sub"))
        .output()
        .unwrap();
    assert!(one_line_error(&out, 1).contains("a part of the path is a file"));
    let looped = setup.dir.path().join("loop");
    std::os::unix::fs::symlink(&looped, &looped).unwrap();
    let out = kavosh()
        .arg("index")
        .arg(setup.corpus())
        .arg("--index")
        .arg(&looped)
        .output()
        .unwrap();
    assert!(one_line_error(&out, 1).contains("it is a symbolic link loop"));
}

#[test]
fn corpus_symbolic_link_loops_are_reported() {
    let setup = Setup::new(2);
    // The corpus path itself is a loop: nothing to index, exit 1.
    let looped = setup.dir.path().join("looped-corpus");
    std::os::unix::fs::symlink(&looped, &looped).unwrap();
    let out = kavosh()
        .arg("index")
        .arg(&looped)
        .arg("--index")
        .arg(setup.index())
        .output()
        .unwrap();
    let line = one_line_error(&out, 1);
    assert!(line.contains("cannot read corpus path"), "{line}");
    assert!(line.contains("Too many levels of symbolic links"), "{line}");

    // A link inside the corpus to its own folder: reported, the rest indexed.
    std::fs::create_dir(setup.corpus().join("sub")).unwrap();
    std::os::unix::fs::symlink(setup.corpus(), setup.corpus().join("sub/again")).unwrap();
    let out = setup.index_cmd(&[]);
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("again: a symbolic link loop ("), "{err}");
    assert!(err.contains("skipped: remove or fix the link"), "{err}");
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["files"]["added"], 2);
    let strict = setup.index_cmd(&["--strict"]);
    assert_eq!(strict.status.code(), Some(1));
}

/// Does something to the corpus once the run has hashed the files and
/// before it reads them.
struct Meddle<F: Fn() + Sync>(F);

impl<F: Fn() + Sync> Progress for Meddle<F> {
    fn start(&self, _files: usize, _bytes: u64) {
        (self.0)();
    }
    fn file_done(&self, _file: &SourceFile, _read: &kavosh::corpus::FileSummary) {}
}

#[test]
fn a_file_that_changes_while_it_is_read_is_skipped_and_read_again_next_time() {
    let setup = Setup::new(2);
    let index = SearchIndex::open_or_create(setup.index()).unwrap();
    let roots = [setup.corpus()];
    let options = IndexOptions::default();
    index.update(&roots, &options, &SilentProgress).unwrap();
    let changing = setup.corpus().join("copy-001.txt");
    let article = std::fs::read_to_string(article_path()).unwrap();
    std::fs::write(&changing, format!("{article}\nنسخه اول این پرونده.\n")).unwrap();
    let new_text = format!("{article}\nنسخه دوم این پرونده.\n");
    let report = index
        .update(
            &roots,
            &options,
            &Meddle(|| {
                // A file's modification time comes from the kernel's coarse
                // clock, a tick (up to 10 ms) behind the run's start time:
                // a write within that tick can't be told from one made just
                // before the run. Write it a tick or more later, as a user
                // would.
                std::thread::sleep(std::time::Duration::from_millis(50));
                std::fs::write(&changing, &new_text).unwrap()
            }),
        )
        .unwrap();
    // It was hashed before the second change and read after: what was read
    // is not kept under the old hash; the problem says what happened.
    assert_eq!(report.files.skipped, 1, "{report:?}");
    assert_eq!(report.problems.len(), 1);
    let message = report.problems[0].to_string();
    assert!(
        message.contains("copy-001.txt: it changed or disappeared while it was being indexed"),
        "{message}"
    );
    assert_eq!(setup.hits("\"نسخه دوم این پرونده\""), 0);
    assert_eq!(setup.hits("\"نسخه اول این پرونده\""), 0);
    assert_eq!(
        setup.hits("\"نسخه شماره 1\""),
        0,
        "its old passages are gone too"
    );
    assert_eq!(
        report.passages,
        index.num_passages(),
        "the counts match the index"
    );
    // The next run reads it.
    let report = index.update(&roots, &options, &SilentProgress).unwrap();
    assert_eq!((report.files.added, report.files.unchanged), (1, 1));
    assert_eq!(setup.hits("\"نسخه دوم این پرونده\""), 1);
    let check =
        kavosh::index::check::check(&setup.index(), kavosh::index::check::Level::Full).unwrap();
    assert!(check.healthy, "{:?}", check.problems);
}

#[test]
fn a_file_that_disappears_while_it_is_read_is_reported_and_its_passages_go() {
    let setup = Setup::new(3);
    let index = SearchIndex::open_or_create(setup.index()).unwrap();
    let roots = [setup.corpus()];
    let options = IndexOptions::default();
    index.update(&roots, &options, &SilentProgress).unwrap();
    let gone = setup.corpus().join("copy-002.txt");
    std::fs::write(&gone, "متن تازه درباره بندر انزلی.\n").unwrap();
    let report = index
        .update(
            &roots,
            &options,
            &Meddle(|| std::fs::remove_file(&gone).unwrap()),
        )
        .unwrap();
    assert_eq!(report.files.skipped, 1);
    let message = report.problems[0].to_string();
    assert!(
        message.contains("copy-002.txt: it disappeared before it could be read"),
        "{message}"
    );
    assert_eq!(setup.hits("\"نسخه شماره 2\""), 0);
    assert_eq!(setup.hits("\"نسخه شماره 1\""), 1);
    assert_eq!(report.passages, index.num_passages());
    let report = index.update(&roots, &options, &SilentProgress).unwrap();
    assert!(!report.committed, "nothing left to do");
}
