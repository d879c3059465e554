//! Query latency: warm and in-process against each index (one child process
//! per side), and whole `kavosh search` processes.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use clap::{Args, ValueEnum};
use kavosh::{SearchIndex, SearchOptions};
use serde::{Deserialize, Serialize};
use tantivy::collector::{Count, TopDocs};
use tantivy::query::QueryParser;
use tantivy::schema::Value;
use tantivy::{Index, TantivyDocument};

use crate::indexing::{side_dir, Side};
use crate::stats::Summary;
use crate::{spawn_child, Res, RunArgs};

/// Hits asked for, on both sides.
const LIMIT: usize = 10;

/// The engine a query child searches with.
#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Engine {
    /// tantivy's `QueryParser` (lenient) over the text field, top 10 by
    /// BM25 and the hit count, the 10 stored texts read.
    Tantivy,
    /// `SearchIndex::search` with the default options (limit 10): ranking,
    /// hit count, stored passages, highlights, snippets.
    Kavosh,
}

impl Engine {
    /// Its name in the report.
    pub fn name(self) -> &'static str {
        match self {
            Engine::Tantivy => "tantivy",
            Engine::Kavosh => "kavosh",
        }
    }

    /// The indexed side it searches.
    fn side(self) -> Side {
        match self {
            Engine::Tantivy => Side::Tantivy,
            Engine::Kavosh => Side::KavoshRebuild,
        }
    }
}

/// Arguments of a query child.
#[derive(Args, Debug)]
pub struct QueryArgs {
    #[arg(long, value_enum)]
    engine: Engine,
    #[arg(long)]
    dir: PathBuf,
    #[arg(long)]
    queries: PathBuf,
    #[arg(long)]
    runs: usize,
}

/// What a query child measured: every query's latencies.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct QueryRun {
    /// The engine.
    pub engine: Engine,
    /// Per query, in file order: its hit count and its timed runs in ms.
    pub queries: Vec<QueryTimes>,
    /// Peak RSS of the process, kB.
    pub peak_rss_kb: u64,
}

impl QueryRun {
    /// All the runs of all the queries.
    pub fn summary(&self) -> Summary {
        let all: Vec<f64> = self
            .queries
            .iter()
            .flat_map(|q| q.ms.iter().copied())
            .collect();
        Summary::of(&all)
    }
}

/// One query's hits and latencies.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct QueryTimes {
    /// The query.
    pub query: String,
    /// Passages matching in all.
    pub total_hits: usize,
    /// Milliseconds per run.
    pub ms: Vec<f64>,
}

/// The queries of a file: one a line, blank lines and `#` comments skipped.
pub fn read_queries(path: &Path) -> Res<Vec<String>> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read the queries {}: {e}", path.display()))?;
    Ok(text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect())
}

/// A search function: the query to its hit count.
type Searcher<'a> = Box<dyn FnMut(&str) -> Res<usize> + 'a>;

/// Runs every query once (warm-up), then `runs` rounds over all queries,
/// timing each search.
pub fn child(args: &QueryArgs) -> Res<QueryRun> {
    let queries = read_queries(&args.queries)?;
    let kavosh;
    let plain;
    let mut search: Searcher = match args.engine {
        Engine::Kavosh => {
            kavosh = SearchIndex::open(&args.dir)?;
            let options = SearchOptions::default();
            Box::new(move |q| Ok(kavosh.search(q, &options)?.total_hits))
        }
        Engine::Tantivy => {
            plain = PlainSearcher::open(&args.dir)?;
            Box::new(|q| plain.search(q))
        }
    };
    let mut times: Vec<QueryTimes> = Vec::with_capacity(queries.len());
    for query in &queries {
        times.push(QueryTimes {
            query: query.clone(),
            total_hits: search(query)?,
            ms: Vec::with_capacity(args.runs),
        });
    }
    for _ in 0..args.runs {
        for entry in &mut times {
            let started = Instant::now();
            search(&entry.query)?;
            entry.ms.push(started.elapsed().as_secs_f64() * 1e3);
        }
    }
    Ok(QueryRun {
        engine: args.engine,
        queries: times,
        peak_rss_kb: crate::corpus::proc_status_kb("VmHWM"),
    })
}

/// Plain tantivy search over the one text field.
struct PlainSearcher {
    reader: tantivy::IndexReader,
    parser: QueryParser,
    text: tantivy::schema::Field,
}

impl PlainSearcher {
    fn open(dir: &Path) -> Res<PlainSearcher> {
        let index = Index::open_in_dir(dir)?;
        let text = index.schema().get_field("text")?;
        Ok(PlainSearcher {
            reader: index.reader()?,
            parser: QueryParser::for_index(&index, vec![text]),
            text,
        })
    }

    /// Parses leniently, collects the top 10 and the count, reads the 10
    /// stored texts (what a caller needs to show them).
    fn search(&self, query: &str) -> Res<usize> {
        let (query, _errors) = self.parser.parse_query_lenient(query);
        let searcher = self.reader.searcher();
        let (top, count) = searcher.search(
            query.as_ref(),
            &(TopDocs::with_limit(LIMIT).order_by_score(), Count),
        )?;
        let mut shown = 0usize;
        for (_score, address) in top {
            let doc: TantivyDocument = searcher.doc(address)?;
            shown += doc
                .get_first(self.text)
                .and_then(|v| v.as_str())
                .map_or(0, str::len);
        }
        std::hint::black_box(shown);
        Ok(count)
    }
}

/// Query latency of both engines, and of whole `kavosh search` processes.
pub struct Latency {
    /// One child per engine (an engine whose side was not indexed is left out).
    pub engines: Vec<QueryRun>,
    /// Whole processes, if the binary was found.
    pub cli: Option<CliRun>,
}

/// Whole `kavosh search QUERY --index DIR --format json` processes.
pub struct CliRun {
    /// The binary.
    pub binary: PathBuf,
    /// The queries timed.
    pub queries: usize,
    /// Timed runs of each.
    pub runs: usize,
    /// Milliseconds per process, all runs.
    pub ms: Summary,
}

/// Times the queries in-process on both engines, then the CLI.
pub fn run(
    args: &RunArgs,
    work: &Path,
    queries_path: &Path,
    queries: &[String],
    kavosh: &Path,
) -> Res<Latency> {
    let mut engines = Vec::new();
    for engine in [Engine::Tantivy, Engine::Kavosh] {
        if !args.sides.contains(&engine.side()) {
            eprintln!(
                "bench: {} was not indexed: no query latency for it",
                engine.side()
            );
            continue;
        }
        eprintln!(
            "bench: {} queries × {} warm runs, {}",
            queries.len(),
            args.runs,
            engine.name()
        );
        let child_args = [
            "query",
            "--engine",
            engine.name(),
            "--dir",
            &side_dir(work, engine.side()).display().to_string(),
            "--queries",
            &queries_path.display().to_string(),
            "--runs",
            &args.runs.to_string(),
        ]
        .map(str::to_string);
        engines.push(spawn_child::<QueryRun>(&child_args)?);
    }
    let index = side_dir(work, Side::KavoshRebuild);
    let cli = if !kavosh.is_file() {
        eprintln!(
            "bench: no kavosh binary at {} (cargo build --release): whole-process search skipped",
            kavosh.display()
        );
        None
    } else if !args.sides.contains(&Side::KavoshRebuild) {
        None
    } else {
        let sample = spread(queries, args.cli_queries);
        eprintln!(
            "bench: {} queries × {} runs as whole `kavosh search` processes",
            sample.len(),
            args.cli_runs
        );
        Some(time_cli(kavosh, &index, &sample, args.cli_runs)?)
    };
    Ok(Latency { engines, cli })
}

/// `n` queries spread evenly over the list.
fn spread(queries: &[String], n: usize) -> Vec<String> {
    let n = n.min(queries.len());
    (0..n)
        .map(|i| queries[i * queries.len() / n].clone())
        .collect()
}

/// One untimed round (warm page cache), then `runs` timed rounds.
fn time_cli(binary: &Path, index: &Path, queries: &[String], runs: usize) -> Res<CliRun> {
    let mut ms = Vec::new();
    for round in 0..=runs {
        for query in queries {
            let started = Instant::now();
            let status = Command::new(binary)
                .args(["search", query, "--index"])
                .arg(index)
                .args(["--format", "json"])
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()?;
            let elapsed = started.elapsed().as_secs_f64() * 1e3;
            if !status.success() {
                return Err(format!("`kavosh search {query}` failed: {status}").into());
            }
            if round > 0 {
                ms.push(elapsed);
            }
        }
    }
    Ok(CliRun {
        binary: binary.to_path_buf(),
        queries: queries.len(),
        runs,
        ms: Summary::of(&ms),
    })
}
