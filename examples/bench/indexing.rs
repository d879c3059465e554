//! Indexing the corpus as each side, one child process per side and round,
//! and the single-thread profile of the analyzers.

use std::path::{Path, PathBuf};
use std::time::Instant;

use clap::{Args, ValueEnum};
use kavosh::analysis::{Analyzer, KavoshTokenizer, ANALYZER_NAME};
use kavosh::corpus::Article;
use kavosh::index::{IndexOptions, SilentProgress};
use kavosh::SearchIndex;
use serde::{Deserialize, Serialize};
use tantivy::schema::{Schema, STORED, TEXT};
use tantivy::tokenizer::{TextAnalyzer, TokenizerManager};
use tantivy::{doc, Index, IndexWriter};

use crate::corpus::{self, CorpusSummary};
use crate::{spawn_child, Res, RunArgs};

/// One way of indexing the passages.
#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Side {
    /// Plain tantivy: one TEXT field (default tokenizer, positions), stored.
    Tantivy,
    /// Plain tantivy's one-field schema with kavosh's analyzer: what the
    /// analyzer alone costs, without kavosh's other fields.
    KavoshText,
    /// kavosh's schema with the normalisation-only analyzer
    /// (`Analyzer::surface()`: no decompounding, no stemming).
    KavoshSurface,
    /// kavosh's schema and analyzer, documents added as `rebuild` adds them.
    Kavosh,
    /// `SearchIndex::open_or_create` + `rebuild`: reading the files included.
    KavoshRebuild,
}

impl Side {
    /// Every side, in the order they run.
    pub const ALL: [Side; 5] = [
        Side::Tantivy,
        Side::KavoshText,
        Side::KavoshSurface,
        Side::Kavosh,
        Side::KavoshRebuild,
    ];

    /// Its name on the command line and in the report.
    pub fn name(self) -> &'static str {
        match self {
            Side::Tantivy => "tantivy",
            Side::KavoshText => "kavosh-text",
            Side::KavoshSurface => "kavosh-surface",
            Side::Kavosh => "kavosh",
            Side::KavoshRebuild => "kavosh-rebuild",
        }
    }

    /// What is timed, in a few words.
    pub fn timed(self) -> &'static str {
        match self {
            Side::Tantivy | Side::KavoshText => "index passages (in memory) → commit → merges",
            Side::KavoshSurface | Side::Kavosh => "index articles (in memory) → commit → merges",
            Side::KavoshRebuild => "discover + read files + index → commit → merges",
        }
    }
}

impl std::fmt::Display for Side {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// Arguments of an indexing child.
#[derive(Args, Debug)]
pub struct IndexArgs {
    #[arg(long, value_enum)]
    side: Side,
    #[arg(long, required = true, num_args = 1..)]
    corpus: Vec<PathBuf>,
    #[arg(long)]
    dir: PathBuf,
    #[arg(long)]
    threads: usize,
    #[arg(long)]
    memory_mb: usize,
}

/// What one indexing child measured.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct IndexRun {
    /// The side.
    pub side: Side,
    /// The passages it was given (for `kavosh-rebuild`, only the counts
    /// its report gives: articles, passages, file bytes).
    pub corpus: CorpusSummary,
    /// Documents in the index afterwards.
    pub docs: u64,
    /// Seconds spent reading the corpus before the clock started (0 for
    /// `kavosh-rebuild`, which reads inside the timed part).
    pub load_secs: f64,
    /// Wall time of the timed part.
    pub secs: f64,
    /// CPU time of the timed part, all threads: less disturbed than the
    /// wall time by other processes on a busy machine.
    pub cpu_secs: f64,
    /// Resident set size when the clock started, kB.
    pub rss_before_kb: u64,
    /// Peak resident set size of the process (`VmHWM`), kB.
    pub peak_rss_kb: u64,
    /// Size of the index on disk, bytes.
    pub index_bytes: u64,
    /// Indexing threads.
    pub threads: usize,
}

/// Indexes the corpus as `args.side` into a fresh `args.dir`.
pub fn child(args: &IndexArgs) -> Res<IndexRun> {
    if args.dir.exists() {
        std::fs::remove_dir_all(&args.dir)?;
    }
    std::fs::create_dir_all(&args.dir)?;
    let budget = args.memory_mb * 1024 * 1024;
    let loaded = Instant::now();
    let corpus = match args.side {
        Side::KavoshRebuild => None,
        _ => Some(corpus::read(&args.corpus)?),
    };
    let load_secs = loaded.elapsed().as_secs_f64();
    let rss_before_kb = corpus::proc_status_kb("VmRSS");

    let cpu_before = corpus::cpu_secs();
    let started = Instant::now();
    let summary = match (&corpus, args.side) {
        (Some(c), Side::Tantivy) => {
            index_plain(&c.articles, &args.dir, None, args.threads, budget)?;
            c.summary.clone()
        }
        (Some(c), Side::KavoshText) => {
            let analyzer = Some(Analyzer::default());
            index_plain(&c.articles, &args.dir, analyzer, args.threads, budget)?;
            c.summary.clone()
        }
        (Some(c), Side::KavoshSurface) => {
            index_kavosh(
                &c.articles,
                &args.dir,
                Analyzer::surface(),
                args.threads,
                budget,
            )?;
            c.summary.clone()
        }
        (Some(c), Side::Kavosh) => {
            index_kavosh(
                &c.articles,
                &args.dir,
                Analyzer::default(),
                args.threads,
                budget,
            )?;
            c.summary.clone()
        }
        _ => rebuild(&args.corpus, &args.dir, budget)?,
    };
    let secs = started.elapsed().as_secs_f64();
    let cpu_secs = corpus::cpu_secs() - cpu_before;
    let peak_rss_kb = corpus::proc_status_kb("VmHWM");
    let docs = Index::open_in_dir(&args.dir)?
        .reader()?
        .searcher()
        .num_docs();
    Ok(IndexRun {
        side: args.side,
        corpus: summary,
        docs,
        load_secs,
        secs,
        cpu_secs,
        rss_before_kb,
        peak_rss_kb,
        index_bytes: corpus::dir_bytes(&args.dir),
        threads: args.threads,
    })
}

/// Commits and waits for the merges, as `rebuild` does.
fn finish(mut writer: IndexWriter) -> tantivy::Result<()> {
    writer.commit()?;
    writer.wait_merging_threads()
}

/// Plain tantivy: one TEXT field with the default tokenizer (positions),
/// stored; or with `analyzer` in place of the default tokenizer.
fn index_plain(
    articles: &[Article],
    dir: &Path,
    analyzer: Option<Analyzer>,
    threads: usize,
    budget: usize,
) -> Res<()> {
    let mut schema = Schema::builder();
    let text = schema.add_text_field("text", TEXT | STORED);
    let index = Index::create_in_dir(dir, schema.build())?;
    if let Some(analyzer) = analyzer {
        register(&index, analyzer, "default");
    }
    let writer: IndexWriter = index.writer_with_num_threads(threads, budget)?;
    for passage in corpus::passage_texts(articles) {
        writer.add_document(doc!(text => passage))?;
    }
    Ok(finish(writer)?)
}

/// kavosh's schema and documents with `analyzer` registered under kavosh's
/// analyzer name (so the same schema runs another chain).
fn index_kavosh(
    articles: &[Article],
    dir: &Path,
    analyzer: Analyzer,
    threads: usize,
    budget: usize,
) -> Res<()> {
    let index = SearchIndex::open_or_create(dir)?;
    let tantivy_index = index.tantivy_index();
    register(tantivy_index, analyzer, ANALYZER_NAME);
    let writer: IndexWriter = tantivy_index.writer_with_num_threads(threads, budget)?;
    for article in articles {
        index.add_article(&writer, article)?;
    }
    Ok(finish(writer)?)
}

/// Registers `analyzer` on `index` under `name`, for the writers made after.
fn register(index: &Index, analyzer: Analyzer, name: &str) {
    index
        .tokenizers()
        .register(name, TextAnalyzer::from(KavoshTokenizer::new(analyzer)));
}

/// What `kavosh index` does: open (create), read and index, commit.
fn rebuild(roots: &[PathBuf], dir: &Path, budget: usize) -> Res<CorpusSummary> {
    let index = SearchIndex::open_or_create(dir)?;
    let options = IndexOptions {
        memory_budget: budget,
    };
    let report = index.rebuild(roots, &options, &SilentProgress)?;
    Ok(CorpusSummary {
        files: report.files_seen,
        file_bytes: report.bytes,
        problems: report.problems.len(),
        articles: report.articles,
        passages: report.passages,
        ..CorpusSummary::default()
    })
}

/// Every side's runs, in the order of `args.sides`.
pub struct SideRuns {
    /// The side.
    pub side: Side,
    /// One run per round.
    pub runs: Vec<IndexRun>,
}

/// Indexes the corpus as every side `args.repeat` times, sides interleaved,
/// each in its own process, into `work/<side>`.
pub fn run_sides(args: &RunArgs, work: &Path, threads: usize) -> Res<Vec<SideRuns>> {
    let mut all: Vec<SideRuns> = args
        .sides
        .iter()
        .map(|&side| SideRuns {
            side,
            runs: Vec::new(),
        })
        .collect();
    for round in 1..=args.repeat.max(1) {
        for entry in &mut all {
            eprintln!(
                "bench: indexing as {} (round {round}/{})",
                entry.side, args.repeat
            );
            let mut child_args = vec![
                "index".to_string(),
                "--side".into(),
                entry.side.name().into(),
                "--dir".into(),
                side_dir(work, entry.side).display().to_string(),
                "--threads".into(),
                threads.to_string(),
                "--memory-mb".into(),
                args.memory_mb.to_string(),
            ];
            push_corpus(&mut child_args, &args.corpus);
            let run: IndexRun = spawn_child(&child_args)?;
            eprintln!(
                "bench:   {:.2} s ({:.2} s CPU), {} passages, peak RSS {} MiB",
                run.secs,
                run.cpu_secs,
                run.docs,
                run.peak_rss_kb / 1024
            );
            entry.runs.push(run);
        }
    }
    check_same_passages(&all)?;
    Ok(all)
}

/// The index folder of a side.
pub fn side_dir(work: &Path, side: Side) -> PathBuf {
    work.join(side.name())
}

fn push_corpus(args: &mut Vec<String>, corpus: &[PathBuf]) {
    args.push("--corpus".into());
    args.extend(corpus.iter().map(|c| c.display().to_string()));
}

/// Every side indexed the same passages: same fingerprint where the side
/// read them itself, same count everywhere, as many documents as passages.
fn check_same_passages(all: &[SideRuns]) -> Res<()> {
    let runs: Vec<&IndexRun> = all.iter().flat_map(|s| &s.runs).collect();
    let Some(reference) = runs.iter().find(|r| !r.corpus.fingerprint.is_empty()) else {
        return Ok(());
    };
    for run in &runs {
        let same_texts = run.corpus.fingerprint.is_empty()
            || run.corpus.fingerprint == reference.corpus.fingerprint;
        if !same_texts
            || run.corpus.passages != reference.corpus.passages
            || run.docs != run.corpus.passages
        {
            return Err(format!(
                "{} indexed other passages: {} documents of {} passages ({}), expected {} ({})",
                run.side,
                run.docs,
                run.corpus.passages,
                run.corpus.fingerprint,
                reference.corpus.passages,
                reference.corpus.fingerprint
            )
            .into());
        }
    }
    Ok(())
}

/// Arguments of the profile child.
#[derive(Args, Debug)]
pub struct ProfileArgs {
    #[arg(long, required = true, num_args = 1..)]
    corpus: Vec<PathBuf>,
}

/// The child arguments for profiling the analyzers on `corpus`.
pub fn profile_args(corpus: &[PathBuf]) -> Vec<String> {
    let mut args = vec!["profile".to_string()];
    push_corpus(&mut args, corpus);
    args
}

/// One analyzer's pass over every passage text, single-threaded.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Stage {
    /// What ran.
    pub name: String,
    /// CPU seconds.
    pub secs: f64,
    /// Tokens produced.
    pub tokens: u64,
}

/// The analyzers' passes, and the bytes they read.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Profile {
    /// UTF-8 bytes of the passage texts.
    pub text_bytes: u64,
    /// tantivy's default tokenizer, then kavosh's chain stage by stage.
    pub stages: Vec<Stage>,
}

/// Times each analyzer over every passage text on one thread: where the
/// indexing threads spend their time before tantivy's own work.
pub fn profile(args: &ProfileArgs) -> Res<Profile> {
    let corpus = corpus::read(&args.corpus)?;
    let texts: Vec<&str> = corpus::passage_texts(&corpus.articles).collect();
    let mut stages = Vec::new();

    let mut default = TokenizerManager::default()
        .get("default")
        .ok_or("tantivy has no default tokenizer")?;
    let started = corpus::cpu_secs();
    let mut tokens = 0u64;
    for text in &texts {
        let mut stream = default.token_stream(text);
        while stream.advance() {
            tokens += 1;
        }
    }
    stages.push(Stage {
        name: "tantivy default (simple + lowercase)".into(),
        secs: corpus::cpu_secs() - started,
        tokens,
    });

    for (name, analyzer) in [
        ("kavosh tokenizer only (UAX #29)", Analyzer::new(Vec::new())),
        ("kavosh surface (+ normalisation)", Analyzer::surface()),
        ("kavosh exact (+ decompounding)", Analyzer::exact()),
        ("kavosh default (+ stemming)", Analyzer::default()),
    ] {
        let mut buffer = Vec::new();
        let started = corpus::cpu_secs();
        let mut tokens = 0u64;
        for text in &texts {
            analyzer.analyze_into(text, &mut buffer);
            tokens += buffer.len() as u64;
        }
        stages.push(Stage {
            name: name.into(),
            secs: corpus::cpu_secs() - started,
            tokens,
        });
    }
    Ok(Profile {
        text_bytes: corpus.summary.text_bytes,
        stages,
    })
}
