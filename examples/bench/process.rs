//! Whole processes, as a user runs them: `kavosh search` and `kavosh
//! analyze` against `rg` over the same files, `kavosh index` against a
//! plain tantivy program that reads the same JSON Lines files, and the scale
//! run (all corpora, and five copies of them). Every process is timed from
//! spawn to exit; its CPU time (user + system) and peak RSS come from
//! `wait4`, so they are the process's own.

use std::fmt::Write as _;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use clap::Args;
use serde::{Deserialize, Serialize};
use tantivy::schema::{Schema, STORED, STRING, TEXT};
use tantivy::{Index, IndexWriter, TantivyDocument};

use crate::corpus::single_root;
use crate::stats::Summary;
use crate::{Res, RunArgs, REPO};

/// What one process cost.
#[derive(Debug, Clone, Copy, Default)]
pub struct Cost {
    /// Spawn to exit, ms.
    pub wall_ms: f64,
    /// User + system time of the process and its threads, ms.
    pub cpu_ms: f64,
    /// Peak resident set size, kB.
    pub peak_rss_kb: u64,
}

/// Runs `command` to its end (output discarded unless `keep_stdout`) and
/// measures it. Fails when it exits with an error.
pub fn measure(command: &mut Command, keep_stdout: bool) -> Res<(Cost, Vec<u8>)> {
    command.stdin(Stdio::null()).stderr(Stdio::null());
    command.stdout(if keep_stdout {
        Stdio::piped()
    } else {
        Stdio::null()
    });
    let started = Instant::now();
    let mut child = command.spawn()?;
    let mut stdout = Vec::new();
    if let Some(mut out) = child.stdout.take() {
        std::io::Read::read_to_end(&mut out, &mut stdout)?;
    }
    let pid = child.id() as libc::pid_t;
    let mut status: libc::c_int = 0;
    // SAFETY: a zeroed rusage is a valid value for wait4 to fill in.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: pid is our own child, not waited for yet; the pointers are to live locals.
    let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let wall_ms = started.elapsed().as_secs_f64() * 1e3;
    if waited != pid {
        return Err(format!("wait4 failed for {command:?}").into());
    }
    if !(libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0) {
        return Err(format!("{command:?} failed (status {status})").into());
    }
    let secs = |t: libc::timeval| t.tv_sec as f64 * 1e3 + t.tv_usec as f64 / 1e3;
    Ok((
        Cost {
            wall_ms,
            cpu_ms: secs(usage.ru_utime) + secs(usage.ru_stime),
            peak_rss_kb: usage.ru_maxrss as u64,
        },
        stdout,
    ))
}

/// The costs of one kind of process over several runs.
#[derive(Debug, Clone, Default)]
struct Costs(Vec<Cost>);

impl Costs {
    fn wall(&self) -> Summary {
        Summary::of(&self.0.iter().map(|c| c.wall_ms).collect::<Vec<_>>())
    }
    fn cpu(&self) -> Summary {
        Summary::of(&self.0.iter().map(|c| c.cpu_ms).collect::<Vec<_>>())
    }
    fn peak_mib(&self) -> f64 {
        self.0.iter().map(|c| c.peak_rss_kb).max().unwrap_or(0) as f64 / 1024.0
    }
}

/// Settings of the whole-process measurements.
#[derive(Args, Debug, Clone)]
pub struct ProcessArgs {
    /// Rounds of the whole-process measurements (every kind of process
    /// alternated within a round); medians are reported.
    #[arg(long, default_value_t = 10)]
    pub process_runs: usize,
    /// Rounds of the whole-process indexing comparison.
    #[arg(long, default_value_t = 3)]
    pub index_runs: usize,
    /// Only the whole-process measurements: no in-process sides, profile
    /// or query latency.
    #[arg(long)]
    pub only_process: bool,
    /// Also the scale run: `kavosh index` over all of ../shared/corpora and
    /// over five copies of it (linked, built on the fly), then queries.
    #[arg(long)]
    pub scale: bool,
    /// The `rg` binary.
    #[arg(long, default_value = "rg")]
    pub rg: PathBuf,
}

/// The words searched as whole processes: in the bundled article and in the news.
const WORDS: [&str; 5] = ["بوشهر", "روسیه", "نیروگاه", "خزر", "پوتین"];

/// One set of files searched as whole processes.
struct SearchSetup {
    name: String,
    files: PathBuf,
    index: PathBuf,
    passages: u64,
}

/// The whole-process measurements.
pub struct ProcessReport {
    searches: Vec<(SearchSetup, [Costs; 3])>,
    indexing: Option<IndexingComparison>,
    scale: Vec<ScaleRun>,
    runs: usize,
    index_runs: usize,
    rg: bool,
}

struct IndexingComparison {
    corpus: Vec<PathBuf>,
    kavosh: Costs,
    plain: Costs,
    wall_ratio: Summary,
    cpu_ratio: Summary,
    passages: u64,
    plain_docs: u64,
    bytes: u64,
}

struct ScaleRun {
    name: String,
    bytes: u64,
    passages: u64,
    index: Cost,
    index_bytes: u64,
    query: Summary,
    process: Costs,
}

/// `kavosh index ROOT --index DIR --format json` from scratch; its report.
fn kavosh_index(
    kavosh: &Path,
    root: &Path,
    dir: &Path,
    memory_mb: usize,
) -> Res<(Cost, IndexJson)> {
    if dir.exists() {
        std::fs::remove_dir_all(dir)?;
    }
    let (cost, out) = measure(
        Command::new(kavosh)
            .arg("index")
            .arg(root)
            .arg("--index")
            .arg(dir)
            .args(["--quiet", "--format", "json", "--memory-mb"])
            .arg(memory_mb.to_string()),
        true,
    )?;
    Ok((cost, serde_json::from_slice(&out)?))
}

/// The parts of `kavosh index --format json` the benchmark reads.
#[derive(Debug, Deserialize)]
struct IndexJson {
    passages: u64,
    bytes: u64,
}

/// Runs every whole-process measurement.
pub fn run(args: &RunArgs, work: &Path, kavosh: &Path, threads: usize) -> Res<ProcessReport> {
    let p = &args.process;
    let work = work.join("process");
    std::fs::create_dir_all(&work)?;
    let rg = Command::new(&p.rg).arg("--version").output().is_ok();
    if !rg {
        eprintln!(
            "bench: no `rg` ({}): whole-process search is measured without it",
            p.rg.display()
        );
    }
    let mut report = ProcessReport {
        searches: Vec::new(),
        indexing: None,
        scale: Vec::new(),
        runs: p.process_runs.max(1),
        index_runs: p.index_runs.max(1),
        rg,
    };

    // 1. Search: 50 copies of the bundled article, and two news corpora.
    let copies = work.join("article-x50");
    if copies.exists() {
        std::fs::remove_dir_all(&copies)?;
    }
    std::fs::create_dir_all(&copies)?;
    let article = Path::new(REPO).join("corpus/iran-russia-relations-two-decades.txt");
    for i in 1..=50 {
        std::fs::copy(&article, copies.join(format!("copy-{i:02}.txt")))?;
    }
    let mut setups = vec![("50 copies of the bundled article".to_string(), copies)];
    let shared = Path::new(REPO).join("../shared/corpora");
    let news: Vec<PathBuf> = ["fa-news-irnews2020", "en-news-tehrantimes"]
        .iter()
        .map(|c| shared.join(c))
        .collect();
    if news.iter().all(|c| c.is_dir()) {
        let view = single_root(&news, &work.join("news-view"))?.remove(0);
        setups.push(("fa-news-irnews2020 + en-news-tehrantimes".to_string(), view));
    } else {
        eprintln!("bench: ../shared/corpora/fa-news-irnews2020 or en-news-tehrantimes missing: one search setup");
    }
    for (i, (name, files)) in setups.into_iter().enumerate() {
        let index = work.join(format!("search-index-{i}"));
        eprintln!("bench: indexing {name} for whole-process search");
        let (_, json) = kavosh_index(kavosh, &files, &index, args.memory_mb)?;
        let setup = SearchSetup {
            name,
            files,
            index,
            passages: json.passages,
        };
        eprintln!(
            "bench: {} rounds × {} words: rg, kavosh search, kavosh analyze, alternated",
            report.runs,
            WORDS.len()
        );
        let costs = time_searches(&setup, kavosh, &p.rg, rg, report.runs)?;
        report.searches.push((setup, costs));
    }

    // 2. Indexing: kavosh index against plain tantivy, whole processes.
    if args.corpus.len() == 1 {
        report.indexing = Some(compare_indexing(args, &work, kavosh, threads)?);
    }

    // 3. Scale.
    if p.scale {
        report.scale = scale(args, &work, kavosh, &shared)?;
    }
    Ok(report)
}

/// Alternates rg, kavosh search and kavosh analyze over the words, `runs`
/// rounds after an untimed one.
fn time_searches(
    setup: &SearchSetup,
    kavosh: &Path,
    rg: &Path,
    has_rg: bool,
    runs: usize,
) -> Res<[Costs; 3]> {
    let mut costs: [Costs; 3] = Default::default();
    for round in 0..=runs {
        for word in WORDS {
            let mut commands: Vec<Command> = Vec::new();
            if has_rg {
                let mut c = Command::new(rg);
                // -L: the corpus folders are linked into one.
                c.args(["-n", "-L", word]).arg(&setup.files);
                commands.push(c);
            } else {
                commands.push(Command::new("true"));
            }
            let mut c = Command::new(kavosh);
            c.args(["search", word, "--format", "json", "--index"])
                .arg(&setup.index);
            commands.push(c);
            let mut c = Command::new(kavosh);
            c.args(["analyze", word, "--format", "json"]);
            commands.push(c);
            for (k, mut command) in commands.into_iter().enumerate() {
                let cost = match measure(&mut command, false) {
                    Ok((cost, _)) => cost,
                    // rg exits 1 when nothing matches: time it all the same.
                    Err(_) if k == 0 => measure(&mut Command::new("true"), false)?.0,
                    Err(e) => return Err(e),
                };
                if round > 0 {
                    costs[k].0.push(cost);
                }
            }
        }
    }
    Ok(costs)
}

/// Whole `kavosh index` against the plain tantivy program, alternated.
fn compare_indexing(
    args: &RunArgs,
    work: &Path,
    kavosh: &Path,
    threads: usize,
) -> Res<IndexingComparison> {
    let root = &args.corpus[0];
    let exe = std::env::current_exe()?;
    let (mut kavosh_costs, mut plain_costs) = (Costs::default(), Costs::default());
    let (mut walls, mut cpus) = (Vec::new(), Vec::new());
    let (mut passages, mut plain_docs, mut bytes) = (0, 0, 0);
    let runs = args.process.index_runs.max(1);
    for round in 1..=runs {
        eprintln!(
            "bench: whole-process indexing, round {round}/{runs}: plain tantivy, kavosh index"
        );
        let dir = work.join("plain-index");
        let (plain, out) = measure(
            Command::new(&exe)
                .arg("plain-index")
                .arg("--corpus")
                .arg(root)
                .arg("--dir")
                .arg(&dir)
                .args(["--threads", &threads.to_string()])
                .args(["--memory-mb", &args.memory_mb.to_string()]),
            true,
        )?;
        let answer: PlainAnswer = serde_json::from_slice(&out)?;
        plain_docs = answer.docs;
        let (cost, json) = kavosh_index(kavosh, root, &work.join("kavosh-index"), args.memory_mb)?;
        eprintln!(
            "bench:   plain {:.2} s ({:.2} s CPU, {} MiB), kavosh {:.2} s ({:.2} s CPU, {} MiB)",
            plain.wall_ms / 1e3,
            plain.cpu_ms / 1e3,
            plain.peak_rss_kb / 1024,
            cost.wall_ms / 1e3,
            cost.cpu_ms / 1e3,
            cost.peak_rss_kb / 1024
        );
        passages = json.passages;
        bytes = json.bytes;
        walls.push(cost.wall_ms / plain.wall_ms);
        cpus.push(cost.cpu_ms / plain.cpu_ms);
        kavosh_costs.0.push(cost);
        plain_costs.0.push(plain);
    }
    Ok(IndexingComparison {
        corpus: args.corpus.clone(),
        kavosh: kavosh_costs,
        plain: plain_costs,
        wall_ratio: Summary::of(&walls),
        cpu_ratio: Summary::of(&cpus),
        passages,
        plain_docs,
        bytes,
    })
}

/// `kavosh index` over all corpora and five copies, then queries.
fn scale(args: &RunArgs, work: &Path, kavosh: &Path, shared: &Path) -> Res<Vec<ScaleRun>> {
    let mut corpora: Vec<PathBuf> = std::fs::read_dir(shared)?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    corpora.sort();
    let all = single_root(&corpora, &work.join("all-view"))?.remove(0);
    // Five copies: each a folder of links to every corpus.
    let five = work.join("all-x5");
    if five.exists() {
        std::fs::remove_dir_all(&five)?;
    }
    std::fs::create_dir_all(&five)?;
    for k in 1..=5 {
        single_root(&corpora, &five.join(format!("copy-{k}")))?;
    }
    let queries = Path::new(REPO).join("bench/queries.txt");
    let mut out = Vec::new();
    for (name, root) in [
        ("all of ../shared/corpora", all),
        ("all of ../shared/corpora × 5", five),
    ] {
        eprintln!("bench: scale run, kavosh index over {name}");
        let dir = work.join(format!("scale-{}", out.len()));
        let (index, json) = kavosh_index(kavosh, &root, &dir, args.memory_mb)?;
        eprintln!(
            "bench:   {:.1} s ({:.1} s CPU), peak RSS {} MiB; queries",
            index.wall_ms / 1e3,
            index.cpu_ms / 1e3,
            index.peak_rss_kb / 1024
        );
        let run: crate::latency::QueryRun = crate::spawn_child(
            &[
                "query",
                "--engine",
                "kavosh",
                "--dir",
                &dir.display().to_string(),
                "--queries",
                &queries.display().to_string(),
                "--runs",
                "5",
            ]
            .map(str::to_string),
        )?;
        let mut process = Costs::default();
        for _round in 0..3 {
            for word in WORDS {
                let (cost, _) = measure(
                    Command::new(kavosh)
                        .args(["search", word, "--format", "json", "--index"])
                        .arg(&dir),
                    false,
                )?;
                process.0.push(cost);
            }
        }
        out.push(ScaleRun {
            name: name.to_string(),
            bytes: json.bytes,
            passages: json.passages,
            index,
            index_bytes: crate::corpus::dir_bytes(&dir),
            query: run.summary(),
            process,
        });
    }
    Ok(out)
}

/// Arguments of the plain tantivy indexing program.
#[derive(Args, Debug)]
pub struct PlainArgs {
    #[arg(long)]
    corpus: PathBuf,
    #[arg(long)]
    dir: PathBuf,
    #[arg(long)]
    threads: usize,
    #[arg(long)]
    memory_mb: usize,
    /// One document per non-empty line of a record's `text` (its other
    /// fields copied onto each), as kavosh indexes one per passage: what
    /// that granularity costs tantivy alone, without kavosh's analysis.
    #[arg(long)]
    per_paragraph: bool,
}

/// What the plain program indexed.
#[derive(Debug, Serialize, Deserialize)]
pub struct PlainAnswer {
    /// Documents in its index.
    pub docs: u64,
}

/// A plain tantivy program: every `.jsonl` file under the corpus (links
/// followed, sorted), one document per line, its JSON fields mapped to a
/// schema as anyone would: `title` and `text` as `TEXT | STORED` (tantivy's
/// default tokenizer, positions), `id`, `date`, `lang` as `STRING | STORED`.
/// The lines are read and parsed on one thread, tantivy's writer indexes on
/// `threads`; commit and merges included. With `--per-paragraph`, one
/// document per paragraph of `text` instead.
pub fn plain_index(args: &PlainArgs) -> Res<PlainAnswer> {
    if args.dir.exists() {
        std::fs::remove_dir_all(&args.dir)?;
    }
    std::fs::create_dir_all(&args.dir)?;
    let mut schema = Schema::builder();
    let title = schema.add_text_field("title", TEXT | STORED);
    let text = schema.add_text_field("text", TEXT | STORED);
    let id = schema.add_text_field("id", STRING | STORED);
    let date = schema.add_text_field("date", STRING | STORED);
    let lang = schema.add_text_field("lang", STRING | STORED);
    let index = Index::create_in_dir(&args.dir, schema.build())?;
    let mut writer: IndexWriter =
        index.writer_with_num_threads(args.threads, args.memory_mb * 1024 * 1024)?;
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(&args.corpus)
        .follow_links(true)
        .into_iter()
        .flatten()
        .map(|e| e.into_path())
        .filter(|p| p.extension().is_some_and(|e| e == "jsonl"))
        .collect();
    files.sort();
    for file in files {
        let reader = BufReader::new(std::fs::File::open(&file)?);
        for line in reader.lines() {
            let line = line?;
            let Ok(serde_json::Value::Object(record)) = serde_json::from_str(&line) else {
                continue;
            };
            let whole = record.get("text").and_then(|v| v.as_str());
            let texts: Vec<Option<&str>> = match whole {
                Some(whole) if args.per_paragraph => whole
                    .lines()
                    .filter(|l| !l.trim().is_empty())
                    .map(Some)
                    .collect(),
                whole => vec![whole],
            };
            for passage in texts {
                let mut doc = TantivyDocument::new();
                if let Some(value) = record.get("title").and_then(|v| v.as_str()) {
                    doc.add_text(title, value);
                }
                if let Some(passage) = passage {
                    doc.add_text(text, passage);
                }
                for (field, name) in [(id, "id"), (date, "date"), (lang, "lang")] {
                    if let Some(value) = record.get(name).and_then(|v| v.as_str()) {
                        doc.add_text(field, value);
                    }
                }
                writer.add_document(doc)?;
            }
        }
    }
    writer.commit()?;
    writer.wait_merging_threads()?;
    let docs = index.reader()?.searcher().num_docs();
    Ok(PlainAnswer { docs })
}

impl ProcessReport {
    /// The report's section.
    pub fn markdown(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "## Whole processes\n");
        let _ = writeln!(
            out,
            "Each process timed from spawn to exit; CPU (user + system) and peak RSS from `wait4`. \
             {} rounds, the kinds of process alternated within each round (after one untimed round): medians (min–max).\n",
            self.runs
        );
        for (setup, [rg, search, analyze]) in &self.searches {
            let _ = writeln!(
                out,
                "### Search: {} ({} passages)\n\nWords: {}. `rg -n -L WORD FILES`, `kavosh search WORD --format json --index DIR` (default options: expansion on), `kavosh analyze WORD --format json`.\n",
                setup.name,
                setup.passages,
                WORDS.join(" ")
            );
            let _ = writeln!(
                out,
                "| process | runs | wall ms | CPU ms | peak RSS MiB | wall / rg | CPU / rg |"
            );
            let _ = writeln!(out, "|---|--:|--:|--:|--:|--:|--:|");
            let rows: [(&str, &Costs); 3] = [
                ("rg", rg),
                ("kavosh search", search),
                ("kavosh analyze", analyze),
            ];
            for (name, costs) in rows {
                if name == "rg" && !self.rg {
                    continue;
                }
                let ratio = |a: f64, b: f64| {
                    if self.rg && b > 0.0 {
                        format!("{:.2}", a / b)
                    } else {
                        "–".into()
                    }
                };
                let _ = writeln!(
                    out,
                    "| {name} | {} | {} | {} | {:.1} | {} | {} |",
                    costs.0.len(),
                    costs.wall().median_range(1),
                    costs.cpu().median_range(1),
                    costs.peak_mib(),
                    ratio(costs.wall().p50, rg.wall().p50),
                    ratio(costs.cpu().p50, rg.cpu().p50),
                );
            }
            let _ = writeln!(out);
        }
        if let Some(c) = &self.indexing {
            let corpus: Vec<String> = c.corpus.iter().map(|p| p.display().to_string()).collect();
            let _ = writeln!(
                out,
                "### Indexing: `kavosh index` against a plain tantivy program\n\n\
                 Corpus {} ({:.1} MB of files; kavosh: {} passages; plain: {} documents, one per JSON line). \
                 kavosh: `kavosh index ROOT --index DIR --quiet` into an empty folder (finding, reading, \
                 analysing, indexing, commit, merges, the lexicon cache). Plain tantivy: `bench plain-index`: \
                 the same `.jsonl` files read line by line, parsed with serde_json, `title`/`text` as TEXT \
                 (default tokenizer), `id`/`date`/`lang` as STRING, all stored; same writer threads and budget. \
                 {} rounds alternated.\n",
                corpus.join(", "),
                c.bytes as f64 / 1e6,
                c.passages,
                c.plain_docs,
                self.index_runs
            );
            let _ = writeln!(out, "| process | wall s | CPU s | peak RSS MiB |");
            let _ = writeln!(out, "|---|--:|--:|--:|");
            for (name, costs) in [("plain tantivy", &c.plain), ("kavosh index", &c.kavosh)] {
                let secs = |s: Summary| Summary {
                    p50: s.p50 / 1e3,
                    min: s.min / 1e3,
                    max: s.max / 1e3,
                    ..s
                };
                let _ = writeln!(
                    out,
                    "| {name} | {} | {} | {:.0} |",
                    secs(costs.wall()).median_range(2),
                    secs(costs.cpu()).median_range(2),
                    costs.peak_mib()
                );
            }
            let _ = writeln!(
                out,
                "| **kavosh / plain** (target ≤ 1.3) | {} | {} | |\n",
                c.wall_ratio.median_range(2),
                c.cpu_ratio.median_range(2)
            );
        }
        if !self.scale.is_empty() {
            let _ = writeln!(
                out,
                "### Scale\n\n`kavosh index` whole process into an empty folder (one run each); queries: \
                 bench/queries.txt in-process, 5 warm rounds; whole `kavosh search` processes: the {} words × 3.\n",
                WORDS.len()
            );
            let _ = writeln!(out, "| corpus | MB of files | passages | wall s | CPU s | MB/s | peak RSS MiB | index MiB | query p50 ms | query p99 ms | process p50 ms | process p99 ms |");
            let _ = writeln!(out, "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|");
            for s in &self.scale {
                let _ = writeln!(
                    out,
                    "| {} | {:.1} | {} | {:.1} | {:.1} | {:.1} | {} | {:.1} | {:.3} | {:.3} | {:.1} | {:.1} |",
                    s.name,
                    s.bytes as f64 / 1e6,
                    s.passages,
                    s.index.wall_ms / 1e3,
                    s.index.cpu_ms / 1e3,
                    s.bytes as f64 / 1e6 / (s.index.wall_ms / 1e3),
                    s.index.peak_rss_kb / 1024,
                    s.index_bytes as f64 / 1024.0 / 1024.0,
                    s.query.p50,
                    s.query.p99,
                    s.process.wall().p50,
                    s.process.wall().p99
                );
            }
            let _ = writeln!(out);
        }
        out
    }
}
