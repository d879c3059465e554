//! The Markdown report.

use std::fmt::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{SystemTime, UNIX_EPOCH};

use kavosh::corpus::Date;

use crate::corpus::CorpusSummary;
use crate::indexing::{IndexRun, Profile, Side, SideRuns};
use crate::latency::{Engine, Latency, QueryRun};
use crate::stats::Summary;
use crate::{RunArgs, REPO};

const MIB: f64 = 1024.0 * 1024.0;

/// When, where and with what the benchmark ran.
pub struct Context {
    started: String,
    commit: String,
    cpu: String,
    cores: usize,
    load_before: String,
    load_after: String,
    corpus: Vec<PathBuf>,
    threads: usize,
    memory_mb: usize,
    repeat: usize,
    runs: usize,
    queries: usize,
    queries_path: PathBuf,
}

impl Context {
    /// The context at the start of a run.
    pub fn now(args: &RunArgs, threads: usize, queries_path: &Path, queries: usize) -> Context {
        Context {
            started: utc_now(),
            commit: git_commit(),
            cpu: cpu_model(),
            cores: std::thread::available_parallelism().map_or(1, |n| n.get()),
            load_before: load_average(),
            load_after: String::new(),
            corpus: args.corpus.clone(),
            threads,
            memory_mb: args.memory_mb,
            repeat: args.repeat.max(1),
            runs: args.runs,
            queries,
            queries_path: queries_path.to_path_buf(),
        }
    }

    /// The report's first lines when only whole processes were measured.
    pub fn header(&self) -> String {
        let paths: Vec<String> = self.corpus.iter().map(|p| shorten(p)).collect();
        format!(
            "# kavosh benchmark (whole processes), {}\n\n- commit: {}\n- machine: {} cores, {}; \
             load average {} at the start, {} at the end\n- corpus: {}; writers: {} threads, {} MiB budget\n\n",
            self.started,
            self.commit,
            self.cores,
            self.cpu,
            self.load_before,
            self.load_after,
            paths.join(", "),
            self.threads,
            self.memory_mb
        )
    }

    /// Notes the load at the end.
    pub fn finish(mut self) -> Context {
        self.load_after = load_average();
        self
    }
}

/// Everything measured.
pub struct Report {
    /// When and where.
    pub context: Context,
    /// Each side's indexing runs.
    pub indexing: Vec<SideRuns>,
    /// The analyzers alone.
    pub profile: Option<Profile>,
    /// Query latency.
    pub latency: Latency,
}

fn utc_now() -> String {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let day =
        Date::from_days_since_epoch((secs / 86_400) as i64).map_or_else(String::new, |d| d.iso());
    let minute = secs % 86_400 / 60;
    format!("{day} {:02}:{:02} UTC", minute / 60, minute % 60)
}

fn git_commit() -> String {
    let git = |args: &[&str]| {
        Command::new("git")
            .args(args)
            .current_dir(REPO)
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
    };
    let commit = git(&["rev-parse", "--short", "HEAD"]).unwrap_or_else(|| "unknown".into());
    let dirty =
        git(&["status", "--porcelain", "--untracked-files=no"]).is_some_and(|s| !s.is_empty());
    if dirty {
        format!("{commit} + uncommitted changes")
    } else {
        commit
    }
}

fn cpu_model() -> String {
    std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find_map(|l| l.strip_prefix("model name")?.split_once(':'))
                .map(|(_, model)| model.trim().to_string())
        })
        .unwrap_or_else(|| "unknown CPU".into())
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_default()
}

fn mib(kb_or_bytes: f64, per_mib: f64) -> String {
    format!("{:.0}", kb_or_bytes / per_mib)
}

impl SideRuns {
    fn summary(&self, f: impl Fn(&IndexRun) -> f64) -> Summary {
        Summary::of(&self.runs.iter().map(f).collect::<Vec<_>>())
    }

    /// Per round, this side's value over `base`'s.
    fn ratio(&self, base: &SideRuns, f: impl Fn(&IndexRun) -> f64) -> Summary {
        let ratios: Vec<f64> = self
            .runs
            .iter()
            .zip(&base.runs)
            .map(|(a, b)| f(a) / f(b))
            .collect();
        Summary::of(&ratios)
    }
}

impl Report {
    fn side(&self, side: Side) -> Option<&SideRuns> {
        self.indexing.iter().find(|s| s.side == side)
    }

    /// The passages every side indexed, as a side that read them itself counted them.
    fn corpus(&self) -> CorpusSummary {
        let runs = || self.indexing.iter().flat_map(|s| &s.runs);
        runs()
            .find(|r| !r.corpus.fingerprint.is_empty())
            .or_else(|| runs().next())
            .map(|r| r.corpus.clone())
            .unwrap_or_default()
    }

    /// The whole report.
    pub fn markdown(&self) -> String {
        let mut out = String::new();
        self.write_context(&mut out);
        self.write_indexing(&mut out);
        self.write_ratios(&mut out);
        self.write_profile(&mut out);
        self.write_latency(&mut out);
        self.write_targets(&mut out);
        out
    }

    fn write_context(&self, out: &mut String) {
        let c = &self.context;
        let corpus = self.corpus();
        let paths: Vec<String> = c.corpus.iter().map(|p| shorten(p)).collect();
        let _ = writeln!(out, "# kavosh benchmark, {}\n", c.started);
        let _ = writeln!(out, "- commit: {}", c.commit);
        let _ = writeln!(
            out,
            "- machine: {} cores, {}; load average {} at the start, {} at the end",
            c.cores, c.cpu, c.load_before, c.load_after
        );
        let _ = writeln!(out, "- corpus: {}", paths.join(", "));
        let _ = writeln!(
            out,
            "  - {} files, {:.1} MB; {} articles, **{} passages, {:.1} MB of passage text** \
             (fingerprint {}); {} files/lines skipped",
            corpus.files,
            corpus.file_bytes as f64 / 1e6,
            corpus.articles,
            corpus.passages,
            corpus.text_bytes as f64 / 1e6,
            corpus.fingerprint,
            corpus.problems
        );
        let _ = writeln!(
            out,
            "- writers: {} threads, {} MiB budget; every side in its own process, \
             {} round(s) with the sides interleaved{}",
            c.threads,
            c.memory_mb,
            c.repeat,
            if c.repeat > 1 {
                ": median (min–max)"
            } else {
                ""
            }
        );
        let _ = writeln!(
            out,
            "- queries: {} from {}, {} warm runs each\n",
            c.queries,
            shorten(&c.queries_path),
            c.runs
        );
    }

    fn write_indexing(&self, out: &mut String) {
        let text_bytes = self.corpus().text_bytes as f64;
        let passages = self.corpus().passages as f64;
        let _ = writeln!(out, "## Indexing\n");
        let _ = writeln!(
            out,
            "MB/s = MB of passage text / wall time. CPU s: user + system time of \
             all the process's threads while the clock ran (other processes on \
             the machine disturb it less than the wall time). RSS at start: the \
             process before the clock started (the sides but `kavosh-rebuild` \
             hold the read corpus then).\n"
        );
        let _ = writeln!(
            out,
            "| side | timed | wall s | CPU s | MB/s | passages/s | peak RSS MiB | RSS at start MiB | index MiB |"
        );
        let _ = writeln!(out, "|---|---|--:|--:|--:|--:|--:|--:|--:|");
        for side in &self.indexing {
            let secs = side.summary(|r| r.secs);
            let cpu = side.summary(|r| r.cpu_secs);
            let mbs = side.summary(|r| text_bytes / 1e6 / r.secs);
            let per_sec = side.summary(|r| passages / r.secs);
            let peak = side.summary(|r| r.peak_rss_kb as f64 / 1024.0);
            let start = side.summary(|r| r.rss_before_kb as f64 / 1024.0);
            let size = side.summary(|r| r.index_bytes as f64 / MIB);
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} | {} | {} | {} | {} |",
                side.side,
                side.side.timed(),
                secs.median_range(2),
                cpu.median_range(2),
                mbs.median_range(1),
                per_sec.median_range(0),
                peak.median_range(0),
                start.median_range(0),
                size.median_range(1),
            );
        }
        let _ = writeln!(out);
    }

    fn write_ratios(&self, out: &mut String) {
        let Some(base) = self.side(Side::Tantivy) else {
            return;
        };
        let _ = writeln!(out, "### Ratios\n");
        let _ = writeln!(
            out,
            "Each side's cost over the reference side's, per round (> 1: costs more).\n"
        );
        let _ = writeln!(
            out,
            "| side / reference | wall time | CPU time | peak RSS | peak RSS above start | index size |"
        );
        let _ = writeln!(out, "|---|--:|--:|--:|--:|--:|");
        let mut row = |side: &SideRuns, base: &SideRuns| {
            let _ = writeln!(
                out,
                "| {} / {} | {} | {} | {} | {} | {} |",
                side.side,
                base.side,
                side.ratio(base, |r| r.secs).median_range(2),
                side.ratio(base, |r| r.cpu_secs).median_range(2),
                side.ratio(base, |r| r.peak_rss_kb as f64).median_range(2),
                side.ratio(
                    base,
                    |r| (r.peak_rss_kb - r.rss_before_kb.min(r.peak_rss_kb)) as f64
                )
                .median_range(2),
                side.ratio(base, |r| r.index_bytes as f64).median_range(2),
            );
        };
        for side in self.indexing.iter().filter(|s| s.side != Side::Tantivy) {
            row(side, base);
        }
        for (side, reference) in [
            (Side::Kavosh, Side::KavoshText),
            (Side::Kavosh, Side::KavoshSurface),
        ] {
            if let (Some(side), Some(reference)) = (self.side(side), self.side(reference)) {
                row(side, reference);
            }
        }
        let _ = writeln!(out);
        let _ = writeln!(
            out,
            "kavosh-text / tantivy is the analyzer's cost on the same one-field \
             schema; kavosh / kavosh-text the cost of kavosh's other fields \
             (title and section analysed, ids and metadata stored); kavosh / \
             kavosh-surface the cost of decompounding and stemming.\n"
        );
    }

    fn write_profile(&self, out: &mut String) {
        let Some(profile) = &self.profile else {
            return;
        };
        let mb = profile.text_bytes as f64 / 1e6;
        let _ = writeln!(out, "## The analyzers alone (one thread, no tantivy)\n");
        let _ = writeln!(
            out,
            "Each chain over every passage text, timed in CPU seconds: how much \
             of the indexing threads' time is analysis. Each kavosh row adds \
             filters to the one above.\n"
        );
        let _ = writeln!(out, "| chain | CPU s | MB/s | tokens | × tantivy default |");
        let _ = writeln!(out, "|---|--:|--:|--:|--:|");
        let base = profile.stages.first().map_or(1.0, |s| s.secs);
        for stage in &profile.stages {
            let _ = writeln!(
                out,
                "| {} | {:.2} | {:.1} | {} | {:.2} |",
                stage.name,
                stage.secs,
                mb / stage.secs,
                stage.tokens,
                stage.secs / base
            );
        }
        let _ = writeln!(out);
    }

    fn engine(&self, engine: Engine) -> Option<&QueryRun> {
        self.latency.engines.iter().find(|e| e.engine == engine)
    }

    fn write_latency(&self, out: &mut String) {
        let _ = writeln!(out, "## Query latency, in-process, warm\n");
        let _ = writeln!(
            out,
            "tantivy: `QueryParser` (lenient) over the text field, top 10 by BM25 + count, \
             the 10 stored texts read. kavosh: `SearchIndex::search` (limit 10, default \
             options) on the `kavosh-rebuild` index: query analysis, ranking by matched \
             concepts then BM25, count, stored passages, highlights and snippets.\n"
        );
        let _ = writeln!(
            out,
            "| engine | searches | p50 ms | p99 ms | mean ms | max ms | queries without hits | peak RSS MiB |"
        );
        let _ = writeln!(out, "|---|--:|--:|--:|--:|--:|--:|--:|");
        let mut summaries = Vec::new();
        for run in &self.latency.engines {
            let s = run.summary();
            let _ = writeln!(
                out,
                "| {} | {} | {:.3} | {:.3} | {:.3} | {:.2} | {} | {} |",
                run.engine.name(),
                s.n,
                s.p50,
                s.p99,
                s.mean,
                s.max,
                run.queries.iter().filter(|q| q.total_hits == 0).count(),
                mib(run.peak_rss_kb as f64, 1024.0)
            );
            summaries.push(s);
        }
        if let [plain, kavosh] = summaries[..] {
            let _ = writeln!(
                out,
                "| kavosh / tantivy | | {:.1} | {:.1} | {:.1} | | | |",
                kavosh.p50 / plain.p50,
                kavosh.p99 / plain.p99,
                kavosh.mean / plain.mean
            );
        }
        let _ = writeln!(out);
        self.write_slowest(out);
        if let Some(cli) = &self.latency.cli {
            let _ = writeln!(
                out,
                "## Whole process: `kavosh search QUERY --index DIR --format json`\n"
            );
            let _ = writeln!(
                out,
                "{} queries spread over the file × {} runs (after one untimed round), \
                 spawn to exit, output to /dev/null; binary {}.\n",
                cli.queries,
                cli.runs,
                shorten(&cli.binary)
            );
            let s = cli.ms;
            let _ = writeln!(
                out,
                "| processes | p50 ms | p99 ms | mean ms | min ms | max ms |"
            );
            let _ = writeln!(out, "|--:|--:|--:|--:|--:|--:|");
            let _ = writeln!(
                out,
                "| {} | {:.1} | {:.1} | {:.1} | {:.1} | {:.1} |\n",
                s.n, s.p50, s.p99, s.mean, s.min, s.max
            );
        }
    }

    fn write_slowest(&self, out: &mut String) {
        let Some(kavosh) = self.engine(Engine::Kavosh) else {
            return;
        };
        let plain = self.engine(Engine::Tantivy);
        let mut medians: Vec<(f64, usize)> = kavosh
            .queries
            .iter()
            .enumerate()
            .map(|(i, q)| (Summary::of(&q.ms).p50, i))
            .collect();
        medians.sort_by(|a, b| b.0.total_cmp(&a.0));
        let _ = writeln!(out, "Slowest queries for kavosh (median of their runs):\n");
        let _ = writeln!(
            out,
            "| query | kavosh ms | hits | tantivy ms | tantivy hits |"
        );
        let _ = writeln!(out, "|---|--:|--:|--:|--:|");
        for &(ms, i) in medians.iter().take(8) {
            let q = &kavosh.queries[i];
            let (plain_ms, plain_hits) =
                plain
                    .and_then(|p| p.queries.get(i))
                    .map_or((String::new(), String::new()), |p| {
                        (
                            format!("{:.3}", Summary::of(&p.ms).p50),
                            p.total_hits.to_string(),
                        )
                    });
            let _ = writeln!(
                out,
                "| `{}` | {:.3} | {} | {} | {} |",
                q.query.replace('|', "\\|"),
                ms,
                q.total_hits,
                plain_ms,
                plain_hits
            );
        }
        let _ = writeln!(out);
    }

    fn write_targets(&self, out: &mut String) {
        let kavosh = self.engine(Engine::Kavosh).map(QueryRun::summary);
        let cli = self.latency.cli.as_ref().map(|c| c.ms);
        let surface_ratio = |f: fn(&IndexRun) -> f64| {
            let full = self.side(Side::Kavosh)?;
            Some(full.ratio(self.side(Side::KavoshSurface)?, f).p50)
        };
        let mut targets: Vec<(String, Option<f64>, f64, &str)> = Vec::new();
        for (what, summary, p50, p99) in [
            ("kavosh in-process", kavosh, 1.0, 10.0),
            ("whole-process search", cli, 50.0, 50.0),
        ] {
            let p50_name = format!("{what} p50 < {p50} ms");
            targets.push((p50_name, summary.map(|s| s.p50), p50, " ms"));
            let p99_name = format!("{what} p99 < {p99} ms");
            targets.push((p99_name, summary.map(|s| s.p99), p99, " ms"));
        }
        let wall: fn(&IndexRun) -> f64 = |r| r.secs;
        for (what, time) in [("wall", wall), ("CPU", |r| r.cpu_secs)] {
            let name = format!("indexing {what} time, full analyzer / normalisation only ≤ 1.3");
            targets.push((name, surface_ratio(time), 1.3, ""));
        }
        let _ = writeln!(out, "## Targets\n");
        let _ = writeln!(out, "| target | measured | met |");
        let _ = writeln!(out, "|---|--:|:-:|");
        for (name, value, limit, unit) in targets {
            if let Some(v) = value {
                let met = if v <= limit { "yes" } else { "**no**" };
                let _ = writeln!(out, "| {name} | {v:.2}{unit} | {met} |");
            }
        }
        let _ = writeln!(out);
    }
}

/// A path relative to the repository root where it is under or next to it.
fn shorten(path: &Path) -> String {
    let repo = Path::new(REPO);
    if let Ok(rel) = path.strip_prefix(repo) {
        return rel.display().to_string();
    }
    if let Some(parent) = repo.parent() {
        if let Ok(rel) = path.strip_prefix(parent) {
            return format!("../{}", rel.display());
        }
    }
    path.display().to_string()
}
