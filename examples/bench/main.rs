//! The kavosh benchmark: indexing throughput, memory and index size against
//! plain tantivy, query latency in-process and through the CLI. See
//! `bench/README.md`; `bench/run.sh` builds in release and runs it.
//!
//! ```sh
//! cargo run --release --example bench -- [--corpus DIR]... [--repeat N] > report.md
//! ```
//!
//! The program runs as a parent that starts one child process per measured
//! side (it re-invokes itself with a hidden subcommand), so that each side's
//! peak RSS is its own, collects the children's JSON answers and prints a
//! Markdown report on stdout (progress goes to stderr).

mod corpus;
mod indexing;
mod latency;
mod process;
mod report;
mod stats;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};

use clap::{Args, Parser, Subcommand};
use serde::de::DeserializeOwned;

use indexing::Side;

/// The benchmark's own errors: a message for the user.
pub type Res<T> = Result<T, Box<dyn std::error::Error>>;

/// The repository root (where `Cargo.toml` is).
pub const REPO: &str = env!("CARGO_MANIFEST_DIR");

/// The default corpora, relative to the repository root: the medium-size
/// Persian news benchmark of `../shared/corpora/README.md`.
const DEFAULT_CORPORA: [&str; 2] = [
    "../shared/corpora/fa-news-irnews2020",
    "../shared/corpora/fa-news-langml",
];

/// kavosh benchmark: kavosh against plain tantivy on the same passages.
#[derive(Parser, Debug)]
#[command(name = "bench", args_conflicts_with_subcommands = true)]
struct Cli {
    #[command(subcommand)]
    child: Option<Child>,
    #[command(flatten)]
    run: RunArgs,
}

/// Settings of a whole benchmark run.
#[derive(Args, Debug, Clone)]
pub struct RunArgs {
    /// Corpus folders or files (kavosh's formats; several allowed)
    /// [default: ../shared/corpora/fa-news-irnews2020 and fa-news-langml].
    #[arg(long, num_args = 1..)]
    pub corpus: Vec<PathBuf>,
    /// Where the indexes are built (emptied first) [default: target/bench-work].
    #[arg(long)]
    pub work: Option<PathBuf>,
    /// The query file: one query a line, `#` comments [default: bench/queries.txt].
    #[arg(long)]
    pub queries: Option<PathBuf>,
    /// Sides to index, in order.
    #[arg(long, value_enum, value_delimiter = ',', default_values_t = Side::ALL)]
    pub sides: Vec<Side>,
    /// Index every side this many times (rounds, sides interleaved) and
    /// report the median with the range.
    #[arg(long, default_value_t = 1)]
    pub repeat: usize,
    /// Indexing threads of every writer [default: as tantivy chooses, the
    /// cores up to 8].
    #[arg(long)]
    pub threads: Option<usize>,
    /// Writer memory budget of every side, MiB (kavosh's default is 128).
    #[arg(long, default_value_t = 128)]
    pub memory_mb: usize,
    /// Warm rounds over all queries, in-process.
    #[arg(long, default_value_t = 20)]
    pub runs: usize,
    /// Queries timed as whole `kavosh search` processes.
    #[arg(long, default_value_t = 20)]
    pub cli_queries: usize,
    /// Timed runs of each of those.
    #[arg(long, default_value_t = 5)]
    pub cli_runs: usize,
    /// The kavosh binary [default: `kavosh` in the folder above this program's].
    #[arg(long)]
    pub kavosh: Option<PathBuf>,
    /// Skip the single-thread analyzer profile.
    #[arg(long)]
    pub no_profile: bool,
    #[command(flatten)]
    pub process: process::ProcessArgs,
}

/// What a child process measures; each prints one JSON line on stdout.
#[derive(Subcommand, Debug)]
enum Child {
    /// Index the corpus as one side.
    #[command(hide = true)]
    Index(indexing::IndexArgs),
    /// Time the queries against one index.
    #[command(hide = true)]
    Query(latency::QueryArgs),
    /// Time the analyzers alone, single-threaded.
    #[command(hide = true)]
    Profile(indexing::ProfileArgs),
    /// Index the corpus's JSON Lines files with plain tantivy, as a whole
    /// process (the reference of `kavosh index`).
    #[command(hide = true)]
    PlainIndex(process::PlainArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.child {
        Some(Child::Index(args)) => indexing::child(&args).and_then(|r| answer(&r)),
        Some(Child::Query(args)) => latency::child(&args).and_then(|r| answer(&r)),
        Some(Child::Profile(args)) => indexing::profile(&args).and_then(|r| answer(&r)),
        Some(Child::PlainIndex(args)) => process::plain_index(&args).and_then(|r| answer(&r)),
        None => run(cli.run),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("bench: error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// A child's answer to its parent: one JSON line.
fn answer<T: serde::Serialize>(value: &T) -> Res<()> {
    println!("{}", serde_json::to_string(value)?);
    Ok(())
}

/// Runs this program again as a child with `args` and reads its answer.
pub fn spawn_child<T: DeserializeOwned>(args: &[String]) -> Res<T> {
    let exe = std::env::current_exe()?;
    let output = Command::new(exe)
        .args(args)
        .stdin(Stdio::null())
        .stderr(Stdio::inherit())
        .output()?;
    if !output.status.success() {
        return Err(format!("child `{}` failed: {}", args.join(" "), output.status).into());
    }
    let stdout = String::from_utf8(output.stdout)?;
    let line = stdout.lines().last().unwrap_or_default();
    Ok(serde_json::from_str(line)?)
}

/// The whole benchmark: every side's indexing, the analyzer profile, query
/// latency, whole-process search; the report on stdout.
fn run(mut args: RunArgs) -> Res<()> {
    let repo = Path::new(REPO);
    if args.corpus.is_empty() {
        args.corpus = DEFAULT_CORPORA.iter().map(|c| repo.join(c)).collect();
    }
    if let Some(missing) = args.corpus.iter().find(|c| !c.exists()) {
        return Err(format!(
            "corpus {} not found. The benchmark reads the shared corpora next to the \
             repository (../shared/corpora/fa-news-irnews2020 and fa-news-langml by \
             default); give others with --corpus DIR...",
            missing.display()
        )
        .into());
    }
    let work = args
        .work
        .clone()
        .unwrap_or_else(|| repo.join("target/bench-work"));
    let queries_path = args
        .queries
        .clone()
        .unwrap_or_else(|| repo.join("bench/queries.txt"));
    let queries = latency::read_queries(&queries_path)?;
    let kavosh = match &args.kavosh {
        Some(k) => k.clone(),
        None => default_kavosh()?,
    };
    let threads = args
        .threads
        .unwrap_or_else(|| default_threads(args.memory_mb));
    let started = report::Context::now(&args, threads, &queries_path, queries.len());
    args.corpus = corpus::single_root(&args.corpus, &work.join("corpus"))?;
    if args.process.only_process {
        let processes = process::run(&args, &work, &kavosh, threads)?;
        print!("{}", started.finish().header());
        print!("{}", processes.markdown());
        return Ok(());
    }

    let indexing = indexing::run_sides(&args, &work, threads)?;
    let profile = if args.no_profile {
        None
    } else {
        eprintln!("bench: profiling the analyzers (one thread)");
        Some(spawn_child::<indexing::Profile>(&indexing::profile_args(
            &args.corpus,
        ))?)
    };
    let latency = latency::run(&args, &work, &queries_path, &queries, &kavosh)?;
    let processes = process::run(&args, &work, &kavosh, threads)?;
    let report = report::Report {
        context: started.finish(),
        indexing,
        profile,
        latency,
    };
    print!("{}", report.markdown());
    print!("{}", processes.markdown());
    Ok(())
}

/// `kavosh` next to the folder of this program (`target/release/examples/bench`
/// → `target/release/kavosh`).
fn default_kavosh() -> Res<PathBuf> {
    let exe = std::env::current_exe()?;
    let release = exe
        .parent()
        .and_then(Path::parent)
        .ok_or("cannot find the target folder")?;
    Ok(release.join(format!("kavosh{}", std::env::consts::EXE_SUFFIX)))
}

/// The thread count tantivy's `Index::writer` would choose: the cores, up to
/// 8, fewer if each would get under 15 MB (kavosh's `rebuild` uses it).
fn default_threads(memory_mb: usize) -> usize {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let budget = memory_mb * 1024 * 1024;
    let threads = cores.min(8);
    if budget / threads < 15_000_000 {
        (budget / 15_000_000).max(1)
    } else {
        threads
    }
}
