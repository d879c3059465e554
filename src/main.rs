//! `kavosh`: the command line. It parses arguments, calls the library and
//! prints; everything else lives in the `kavosh` library crate.

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use std::ffi::OsString;

use clap::{CommandFactory, Parser, Subcommand, ValueEnum};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use kavosh::analysis::Analyzer;
use kavosh::bilingual::BilingualLexicon;
use kavosh::corpus::{FileSummary, Problem, SourceFile};
use kavosh::index::{IndexOptions, IndexReport, Progress};
use kavosh::output::{self, ColorChoice};
use kavosh::search::{DocPattern, Feedback, Filter, Group, SnippetOptions, Typos};
use kavosh::{Error, SearchIndex, SearchOptions};

mod server;

/// mimalloc rather than the system allocator: indexing allocates and frees
/// many small strings and vectors from several threads at once (about 7 %
/// fewer instructions for `kavosh index`). Built without its transparent
/// huge pages, which took 60 MiB more resident memory.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The default corpus folder.
const DEFAULT_CORPUS: &str = "corpus";
/// The default index folder.
const DEFAULT_INDEX: &str = "index";

/// kavosh (کاوش): bilingual Persian/English full-text search over paragraphs.
///
/// Exit codes: 0 success (also when nothing matches), 1 an error (no index,
/// index busy, I/O; with `index --strict`, anything skipped), 2 a usage
/// error (also an unreadable --after/--before date) or a query with nothing
/// to search.
#[derive(Parser, Debug)]
#[command(name = "kavosh", version, about, long_about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Build or update the index from article files or folders.
    ///
    /// Reads .txt, .md, .html/.htm, .json and .jsonl files recursively
    /// (hidden files skipped; UTF-8, UTF-16 or Windows-1256) and splits
    /// their articles into paragraphs. Only new and changed files are read
    /// (by content hash); passages of changed and deleted files are
    /// replaced or removed, all in one commit: searches keep working on the
    /// old content until the new one is complete. Files, lines and
    /// paragraphs that cannot be read are reported with their path and
    /// line, and skipped.
    ///
    /// Exit codes: 0 done, 1 an error (index busy, unreadable corpus path)
    /// or, with --strict, something was skipped (the rest is committed).
    Index {
        /// Files or folders to index.
        #[arg(default_value = DEFAULT_CORPUS)]
        paths: Vec<PathBuf>,
        /// Index folder.
        #[arg(long, default_value = DEFAULT_INDEX)]
        index: PathBuf,
        /// Memory for the index writer, in MiB.
        #[arg(long, default_value_t = 128, value_parser = clap::value_parser!(u64).range(16..=8192))]
        memory_mb: u64,
        /// Print the report as JSON on stdout.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// No progress bar or summary on stderr (problems are still reported).
        #[arg(long, short)]
        quiet: bool,
        /// Print one line per file read on stderr: its path, encoding, and
        /// how many articles and passages it gave.
        #[arg(long, short)]
        verbose: bool,
        /// Read every file again and replace the whole index content, not
        /// only new and changed files.
        #[arg(long)]
        rebuild: bool,
        /// Exit with code 1 if any file, line or paragraph was skipped (the
        /// rest is still indexed and committed).
        #[arg(long)]
        strict: bool,
    },
    /// Search the index for passages.
    ///
    /// Query syntax: words (rare words weigh more, words near each other
    /// rank higher; question and stop words never count), "a phrase"
    /// or «a phrase», -word to exclude, a OR b for either. Persian is
    /// normalised: Arabic letters, diacritics, tatweel, ZWNJ or space,
    /// Persian digits all match their plain forms.
    ///
    /// On first use with the default folders, the index is built from
    /// corpus/ into index/.
    Search {
        /// The query. Several words may be given unquoted; words starting
        /// with '-' exclude (`kavosh search کشتی -دریای`).
        #[arg(required_unless_present = "queries", num_args = 1..)]
        query: Vec<String>,
        /// Search every query of FILE (lines `qid<TAB>query`, or one query
        /// per line: its id is the line number) over the index opened once;
        /// prints one JSON object per line with a `qid` field, or with
        /// --format trec a TREC run.
        #[arg(long, value_name = "FILE", conflicts_with = "query")]
        queries: Option<PathBuf>,
        /// Index folder [default: index]
        #[arg(long)]
        index: Option<PathBuf>,
        /// Number of hits to show.
        #[arg(long, short = 'n', default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=10_000))]
        limit: u64,
        /// Number of best hits to skip (paging).
        #[arg(long, default_value_t = 0, value_parser = clap::value_parser!(u64).range(0..=1_000_000))]
        offset: u64,
        /// Output format: text, json, or trec (`qid Q0 docid rank score
        /// kavosh`; docid is the article id with --group article, else
        /// ARTICLE#PARAGRAPH).
        #[arg(long, value_enum, default_value_t = SearchFormat::Text)]
        format: SearchFormat,
        /// When to colour matches in text output.
        #[arg(long, value_enum, default_value_t = Color::Auto)]
        color: Color,
        /// Match the words as typed, without stemming («کشور» does not find «کشورها»).
        #[arg(long)]
        exact: bool,
        /// Do not search translations or transliterations (English ↔ Persian).
        #[arg(long)]
        no_expand: bool,
        /// Show which translations, transliterations and typo corrections were
        /// searched, and from where, and per hit the parts of its score
        /// (coverage, bm25, proximity, lead, fields, feedback, other passages;
        /// `explain` in JSON).
        #[arg(long)]
        explain: bool,
        /// Typo tolerance: with auto, a word with few or no exact matches is
        /// also searched corrected («همله» → «حمله», Caspain → Caspian), and a
        /// "did you mean" line suggests the corrected query; off searches the
        /// words as typed only. --exact implies off.
        #[arg(long, value_enum, default_value_t = TyposArg::Auto)]
        typos: TyposArg,
        /// A lexicon file of your own (english<TAB>persian|persian<TAB>category), added to
        /// the shipped one; may be repeated [default: lexicon.tsv beside corpus/, if present]
        #[arg(long, value_name = "FILE")]
        lexicon: Vec<PathBuf>,
        /// Snippet length in characters.
        #[arg(long, default_value_t = 240, value_parser = clap::value_parser!(u64).range(20..=100_000))]
        snippet_chars: u64,
        /// Only articles dated on or after DATE, in either calendar:
        /// 1391-07-17, ۱۳۹۱/۰۷/۱۷ or 2012-10-08 (a year below 1700 is
        /// Jalali). Articles without a date are left out.
        #[arg(long, value_name = "DATE")]
        after: Option<String>,
        /// Only articles dated on or before DATE (as for --after).
        #[arg(long, value_name = "DATE")]
        before: Option<String>,
        /// Only passages in this language.
        #[arg(long, value_enum)]
        lang: Option<Lang>,
        /// Only articles whose file path (relative to the corpus root)
        /// matches PATTERN: a glob with * ? [ ] { } (news/*.jsonl; * stays
        /// within a folder, ** crosses folders), else a part of the path.
        #[arg(long, value_name = "PATTERN")]
        doc: Option<String>,
        /// One hit per passage, or one per article (its best passage, with
        /// how many of its passages match; the total then counts articles).
        #[arg(long, value_enum, default_value_t = GroupBy::Passage)]
        group: GroupBy,
        #[command(flatten)]
        feedback: FeedbackArgs,
    },
    /// Show what an index holds: files, articles, passages, languages,
    /// distinct terms, size on disk, versions and the time of the last
    /// update.
    Stats {
        /// Index folder.
        #[arg(long, default_value = DEFAULT_INDEX)]
        index: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Check an index for damage: tantivy's checksum of every file, the
    /// files the last commit needs against those in the folder, the
    /// analyzer and schema versions, and the commit's counts against the
    /// index's content; with --deep, also reads every stored passage and
    /// every posting list.
    ///
    /// Exit codes: 0 healthy, 1 damaged or incompatible (or no index, or
    /// the index cannot be read). A damaged index is repaired by
    /// `kavosh index --rebuild`, which reads the corpus again.
    Check {
        /// Index folder.
        #[arg(long, default_value = DEFAULT_INDEX)]
        index: PathBuf,
        /// Also read every stored passage and decode every posting list.
        #[arg(long)]
        deep: bool,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Show what the analyzer makes of a text: each token's indexed term
    /// (stemmed), the word before stemming, its span in the original text
    /// (in characters), its position, and for glued words their parts.
    Analyze {
        /// The text (several arguments are joined with spaces).
        #[arg(required = true, num_args = 1..)]
        text: Vec<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    Serve(server::ServeArgs),
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum Format {
    Text,
    Json,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum SearchFormat {
    Text,
    Json,
    Trec,
}

#[derive(ValueEnum, Clone, Copy, Debug)]
enum Lang {
    Fa,
    En,
}

#[derive(ValueEnum, Clone, Copy, Debug)]
enum GroupBy {
    Passage,
    Article,
}

#[derive(ValueEnum, Clone, Copy, Debug)]
enum TyposArg {
    Auto,
    Off,
}

#[derive(ValueEnum, Clone, Copy, Debug)]
enum Color {
    Auto,
    Always,
    Never,
}

/// A failure of the command, with its exit code.
struct Failure {
    code: u8,
    message: String,
}

impl From<Error> for Failure {
    fn from(e: Error) -> Self {
        let code = if matches!(e, Error::Query(_) | Error::Filter(_)) {
            2
        } else {
            1
        };
        Failure {
            code,
            message: e.to_string(),
        }
    }
}

impl From<io::Error> for Failure {
    fn from(e: io::Error) -> Self {
        Failure {
            code: 1,
            message: format!("cannot write output: {e}"),
        }
    }
}

/// Lets query words start with '-' (`-دریای` excludes a word) and stand
/// anywhere among the options: for `search` and `analyze`, every argument
/// that is not one of the subcommand's options (or an option's value) is a
/// query word, and the words are handed to clap after `--`.
fn gather_free_words(args: Vec<OsString>) -> Vec<OsString> {
    let command = Cli::command();
    let Some(sub_at) = args
        .iter()
        .skip(1)
        .position(|a| !a.to_string_lossy().starts_with('-'))
        .map(|p| p + 1)
    else {
        return args;
    };
    let sub_name = args[sub_at].to_string_lossy().into_owned();
    let Some(sub) = command.get_subcommands().find(|c| c.get_name() == sub_name) else {
        return args;
    };
    if !matches!(sub_name.as_str(), "search" | "analyze") {
        return args;
    }
    let mut options: Vec<OsString> = args[..=sub_at].to_vec();
    let mut words: Vec<OsString> = Vec::new();
    let mut rest = args[sub_at + 1..].iter();
    while let Some(arg) = rest.next() {
        let text = arg.to_string_lossy();
        if text == "--" {
            words.extend(rest.by_ref().cloned());
            break;
        }
        let option = if let Some(long) = text.strip_prefix("--") {
            let name = long.split('=').next().unwrap_or(long);
            sub.get_arguments()
                .find(|a| a.get_long() == Some(name))
                .map(|a| (a, long.contains('=')))
        } else if let Some(short) = text.strip_prefix('-').filter(|s| s.chars().count() == 1) {
            let c = short.chars().next().unwrap_or(' ');
            sub.get_arguments()
                .find(|a| a.get_short() == Some(c))
                .map(|a| (a, false))
        } else {
            None
        };
        let is_help = matches!(text.as_ref(), "-h" | "--help");
        match option {
            Some((arg_def, inline_value)) => {
                options.push(arg.clone());
                if arg_def.get_action().takes_values() && !inline_value {
                    if let Some(value) = rest.next() {
                        options.push(value.clone());
                    }
                }
            }
            None if is_help => options.push(arg.clone()),
            None => words.push(arg.clone()),
        }
    }
    if !words.is_empty() {
        options.push("--".into());
        options.extend(words);
    }
    options
}

/// Where the last panic happened, for the internal-error line.
static PANIC_AT: std::sync::Mutex<String> = std::sync::Mutex::new(String::new());

/// No panic message or backtrace reaches the terminal: a panic inside the
/// library's boundary (tantivy on a damaged index) is already an error that
/// says what to do, and is never printed; any other is a bug, reported by
/// `main` in one line (printed as Rust prints it when `RUST_BACKTRACE` is
/// set).
fn quiet_panics() {
    let default = std::panic::take_hook();
    let verbose = std::env::var_os("RUST_BACKTRACE").is_some_and(|v| v != "0");
    std::panic::set_hook(Box::new(move |info| {
        if kavosh::index::guard::is_contained() {
            return;
        }
        if let Some(at) = info.location() {
            let mut last = PANIC_AT.lock().unwrap_or_else(|p| p.into_inner());
            *last = format!("{}:{}", at.file(), at.line());
        }
        if verbose {
            default(info);
        }
    }));
}

fn main() {
    quiet_panics();
    // A file-size limit (`ulimit -f`) then makes writes fail with an error
    // kavosh reports, instead of killing the process.
    // SAFETY: setting a signal's disposition to "ignore" has no preconditions.
    unsafe {
        libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
    }
    let code = std::panic::catch_unwind(run).unwrap_or_else(|payload| {
        let at = PANIC_AT.lock().map(|s| s.clone()).unwrap_or_default();
        eprintln!(
            "kavosh: error: internal error ({} at {at}): this is a bug in kavosh; please report it with the command that caused it (RUST_BACKTRACE=1 shows where)",
            kavosh::index::guard::panic_message(payload.as_ref())
        );
        1
    });
    exit_now(code)
}

/// Ends the process with `code` once stdout is flushed, skipping the work
/// of a normal exit: running the C library's exit handlers, which include
/// the allocator handing its free memory back page by page, and the
/// destructors of thread-locals. By now `run` has returned, so every index
/// writer has committed and joined its threads and every file kavosh wrote
/// is closed; the kernel frees the rest at once.
fn exit_now(code: u8) -> ! {
    let _ = io::stdout().flush();
    // SAFETY: `_exit` only ends the process; nothing after this point
    // needs to run (see above).
    unsafe { libc::_exit(code.into()) }
}

fn run() -> u8 {
    let cli = Cli::parse_from(gather_free_words(std::env::args_os().collect()));
    let result = match cli.command {
        Command::Index {
            paths,
            index,
            memory_mb,
            format,
            quiet,
            verbose,
            rebuild,
            strict,
        } => cmd_index(
            &paths,
            &index,
            &IndexRun {
                memory_mb,
                rebuild,
                repair: rebuild || !strict,
                verbosity: Verbosity::new(quiet, verbose),
            },
            format,
            strict,
        ),
        Command::Search {
            query,
            queries,
            index,
            limit,
            offset,
            format,
            color,
            exact,
            no_expand,
            explain,
            typos,
            lexicon,
            snippet_chars,
            after,
            before,
            lang,
            doc,
            group,
            feedback,
        } => search_filter(after, before, lang, doc).and_then(|filter| {
            let options = SearchOptions {
                exact,
                expand: !no_expand,
                limit: limit as usize,
                offset: offset as usize,
                snippet: SnippetOptions {
                    max_chars: snippet_chars as usize,
                    ..SnippetOptions::default()
                },
                filter,
                group: match group {
                    GroupBy::Passage => Group::Passage,
                    GroupBy::Article => Group::Article,
                },
                typos: match typos {
                    TyposArg::Auto => Typos::Auto,
                    TyposArg::Off => Typos::Off,
                },
                explain,
                feedback: feedback.settings(),
                ..SearchOptions::default()
            };
            let output = SearchOutput {
                format,
                color,
                explain,
            };
            let queries = match queries {
                Some(file) => Queries::File(file),
                None => Queries::One(query.join(" ")),
            };
            cmd_search(&queries, index.as_deref(), &lexicon, &options, output)
        }),
        Command::Stats { index, format } => cmd_stats(&index, format),
        Command::Check {
            index,
            deep,
            format,
        } => cmd_check(&index, deep, format),
        Command::Analyze { text, format } => cmd_analyze(&text.join(" "), format),
        Command::Serve(args) => server::run(args),
    };
    match result {
        Ok(()) => 0,
        // The reader went away (`kavosh search x | head`): not an error.
        Err(Failure { code: 1, message }) if message.contains("Broken pipe") => 0,
        Err(Failure { code, message }) => {
            eprintln!("kavosh: error: {message}");
            code
        }
    }
}

/// What an indexing run prints on stderr besides its problems.
#[derive(Debug, Clone, Copy)]
struct Verbosity {
    /// No progress bar, no summary.
    quiet: bool,
    /// A line per file read.
    files: bool,
}

impl Verbosity {
    fn new(quiet: bool, verbose: bool) -> Verbosity {
        Verbosity {
            quiet,
            files: verbose,
        }
    }
}

/// Progress of an indexing run on stderr: a bar on a terminal, nothing
/// otherwise; skipped files are always reported, files read with `--verbose`.
struct CliProgress {
    bar: ProgressBar,
    passages: AtomicU64,
    verbose: bool,
}

impl CliProgress {
    fn new(verbosity: Verbosity) -> CliProgress {
        let target = if verbosity.quiet || !io::stderr().is_terminal() {
            ProgressDrawTarget::hidden()
        } else {
            ProgressDrawTarget::stderr()
        };
        let bar = ProgressBar::with_draw_target(None, target);
        bar.set_style(
            ProgressStyle::with_template(
                "{spinner} [{elapsed_precise}] {bar:30} {bytes}/{total_bytes} {binary_bytes_per_sec} {msg}",
            )
            .expect("valid template"),
        );
        CliProgress {
            bar,
            passages: AtomicU64::new(0),
            verbose: verbosity.files,
        }
    }
}

impl Progress for CliProgress {
    fn start(&self, files: usize, bytes: u64) {
        self.bar.set_length(bytes);
        self.bar.set_message(format!("0/{files} files"));
    }
    fn file_done(&self, file: &SourceFile, read: &FileSummary) {
        let passages = read.passages as u64;
        let total = self.passages.fetch_add(passages, Ordering::Relaxed) + passages;
        self.bar.inc(file.size);
        self.bar.set_message(format!("{total} passages"));
        if self.verbose {
            let encoding = read
                .encoding
                .map_or_else(|| "-".to_string(), |e| e.to_string());
            self.bar.suspend(|| {
                eprintln!(
                    "kavosh: read {}\t{encoding}\t{} articles\t{} passages",
                    file.path.display(),
                    read.articles,
                    read.passages
                )
            });
        }
    }
    fn problem(&self, problem: &Problem) {
        self.bar.suspend(|| eprintln!("kavosh: skipped {problem}"));
    }
    fn committing(&self) {
        self.bar.set_message("writing the index…");
    }
}

/// How `kavosh index` (or a first search) builds the index.
#[derive(Debug, Clone, Copy)]
struct IndexRun {
    /// Writer memory, in MiB.
    memory_mb: u64,
    /// Read everything again instead of only new and changed files.
    rebuild: bool,
    /// Replace a damaged index (found by the quick check) and read the
    /// whole corpus again, rather than stop.
    repair: bool,
    verbosity: Verbosity,
}

fn build(paths: &[PathBuf], index_dir: &Path, run: &IndexRun) -> Result<IndexReport, Failure> {
    let (index, damage) = SearchIndex::open_checked(index_dir, run.repair)?;
    if let Some(detail) = damage.as_ref().and_then(|d| d.summary()) {
        eprintln!(
            "kavosh: the index at {} is damaged ({detail}): rebuilding it from the corpus",
            index_dir.display()
        );
    }
    let progress = CliProgress::new(run.verbosity);
    let options = IndexOptions {
        memory_budget: (run.memory_mb as usize) * 1024 * 1024,
    };
    let report = if run.rebuild {
        index.rebuild(paths, &options, &progress)
    } else {
        index.update(paths, &options, &progress)
    };
    progress.bar.finish_and_clear();
    let report = report?;
    if !run.verbosity.quiet {
        eprintln!("kavosh: {}", summary(&report, index_dir));
    }
    Ok(report)
}

/// The closing line of an indexing run.
fn summary(report: &IndexReport, index_dir: &Path) -> String {
    let f = &report.files;
    let mut line = format!(
        "{} passages from {} articles in {} ({} files: {} added, {} changed, {} unchanged, {} removed, {} skipped; {:.1} MB read) in {:.2}s",
        report.passages,
        report.articles,
        index_dir.display(),
        f.added + f.changed + f.unchanged,
        f.added,
        f.changed,
        f.unchanged,
        f.removed,
        f.skipped,
        report.bytes as f64 / 1e6,
        report.elapsed.as_secs_f64(),
    );
    if !report.committed {
        line.push_str("; nothing changed");
    }
    match report.problems.len() {
        0 => {}
        n => line.push_str(&format!(
            "; {n} problems (files, lines or paragraphs skipped, see above)"
        )),
    }
    line
}

fn cmd_index(
    paths: &[PathBuf],
    index_dir: &Path,
    run: &IndexRun,
    format: Format,
    strict: bool,
) -> Result<(), Failure> {
    let report = build(paths, index_dir, run)?;
    if format == Format::Json {
        output::json::write(io::stdout().lock(), &report)?;
    }
    if strict && !report.problems.is_empty() {
        return Err(Failure {
            code: 1,
            message: format!(
                "--strict: {} problems (files, lines or paragraphs skipped, see above); the rest is indexed",
                report.problems.len()
            ),
        });
    }
    Ok(())
}

/// Opens the index for searching; on first use with the default folders,
/// builds it from the default corpus.
fn open_for_search(explicit: Option<&Path>) -> Result<SearchIndex, Failure> {
    let dir = explicit.unwrap_or(Path::new(DEFAULT_INDEX));
    let corpus = Path::new(DEFAULT_CORPUS);
    match SearchIndex::open(dir) {
        Err(Error::NoIndex(_)) if explicit.is_none() && corpus.is_dir() => {
            eprintln!("kavosh: no index in {DEFAULT_INDEX}/ yet: building it from {DEFAULT_CORPUS}/ (first use)");
        }
        Err(Error::Incompatible { .. }) if explicit.is_none() && corpus.is_dir() => {
            eprintln!("kavosh: the index in {DEFAULT_INDEX}/ was built by another version: rebuilding it from {DEFAULT_CORPUS}/");
        }
        other => return other.map_err(Failure::from),
    }
    let run = IndexRun {
        memory_mb: 128,
        rebuild: false,
        repair: true,
        verbosity: Verbosity::new(false, false),
    };
    build(&[corpus.to_path_buf()], dir, &run)?;
    Ok(SearchIndex::open(dir)?)
}

/// The search filter from the command line's options; a date or pattern
/// that cannot be read is a usage error (exit 2).
fn search_filter(
    after: Option<String>,
    before: Option<String>,
    lang: Option<Lang>,
    doc: Option<String>,
) -> Result<Filter, Failure> {
    let date = |option, text: Option<String>| text.map(|t| Filter::date(option, &t)).transpose();
    let filter = Filter {
        after: date("--after", after)?,
        before: date("--before", before)?,
        lang: lang.map(|l| match l {
            Lang::Fa => "fa".to_string(),
            Lang::En => "en".to_string(),
        }),
        doc: doc.as_deref().map(DocPattern::new).transpose()?,
    };
    filter.check()?;
    Ok(filter)
}

/// Pseudo-relevance feedback flags of `search`.
#[derive(clap::Args, Debug)]
struct FeedbackArgs {
    /// Pseudo-relevance feedback: also search, with small weights, the words
    /// the best passages of a first search share (helps topics with many
    /// relevant passages; costs a second search). --explain lists the terms.
    #[arg(long)]
    feedback: bool,
    /// How many of the first search's best passages feedback reads
    /// (implies --feedback).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..=kavosh::search::feedback::MAX_PASSAGES as u64))]
    feedback_passages: Option<u64>,
    /// How many terms feedback adds (implies --feedback).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..=kavosh::search::feedback::MAX_TERMS as u64))]
    feedback_terms: Option<u64>,
    /// The weight of the feedback terms together relative to the query's
    /// words together, above 0 and at most 1 (implies --feedback).
    #[arg(long, value_name = "W", value_parser = |v: &str| v.parse::<f64>().map_err(|e| e.to_string()).and_then(Feedback::check_weight))]
    feedback_weight: Option<f32>,
}

impl FeedbackArgs {
    /// The library's settings: off unless a feedback flag is given.
    fn settings(&self) -> Option<Feedback> {
        let mut slot = None;
        if self.feedback {
            Feedback::on(&mut slot);
        }
        if let Some(n) = self.feedback_passages {
            Feedback::on(&mut slot).passages = n as usize;
        }
        if let Some(n) = self.feedback_terms {
            Feedback::on(&mut slot).terms = n as usize;
        }
        if let Some(w) = self.feedback_weight {
            Feedback::on(&mut slot).weight = w;
        }
        slot
    }
}

/// What `search` searches: one query, or a file of them.
enum Queries {
    One(String),
    File(PathBuf),
}

/// How `search` prints.
struct SearchOutput {
    format: SearchFormat,
    color: Color,
    explain: bool,
}

/// The lexicon file looked for beside the default corpus folder.
const DEFAULT_LEXICON: &str = "lexicon.tsv";

/// The user's lexicon files (or `lexicon.tsv` beside `corpus/`), added to the shipped lexicon.
fn load_lexicon(files: &[PathBuf]) -> Result<Option<BilingualLexicon>, Failure> {
    let default = Path::new(DEFAULT_LEXICON);
    let files: Vec<&Path> = if files.is_empty() {
        if default.is_file() {
            vec![default]
        } else {
            Vec::new()
        }
    } else {
        files.iter().map(PathBuf::as_path).collect()
    };
    if files.is_empty() {
        return Ok(None);
    }
    // The user's entries only: the shipped ones come from the index's cache.
    let lexicon = BilingualLexicon::from_files(&files).map_err(|e| Failure {
        code: 2,
        message: e.to_string(),
    })?;
    Ok(Some(lexicon))
}

fn cmd_search(
    queries: &Queries,
    index: Option<&Path>,
    lexicon_files: &[PathBuf],
    options: &SearchOptions,
    output: SearchOutput,
) -> Result<(), Failure> {
    let batch =
        match queries {
            // Check the query and the lexicon before touching the index: both are usage errors.
            Queries::One(query) => {
                kavosh::query::QueryPlan::parse(query, &Analyzer::default())?;
                None
            }
            Queries::File(file) => Some(kavosh::search::batch::read_queries(file).map_err(
                |e| Failure {
                    code: 2,
                    message: e.to_string(),
                },
            )?),
        };
    let lexicon = load_lexicon(lexicon_files)?;
    let mut index = open_for_search(index)?;
    if let Some(lexicon) = lexicon {
        index.add_lexicon(&lexicon);
    }
    let stdout = io::stdout();
    let is_terminal = stdout.is_terminal();
    let mut out = io::BufWriter::new(stdout.lock());
    let Some(batch) = batch else {
        let Queries::One(query) = queries else {
            unreachable!("a file of queries is read above")
        };
        let results = index.search(query, options)?;
        print_results(&mut out, None, &results, &output, is_terminal)?;
        out.flush()?;
        // The process ends right after (`exit_now`): unmapping the index
        // files page table by page table is work the kernel's exit does at
        // once, so the index is not dropped.
        std::mem::forget(index);
        return Ok(());
    };
    for q in &batch {
        match index.search(&q.query, options) {
            Ok(results) => print_results(&mut out, Some(&q.qid), &results, &output, is_terminal)?,
            Err(Error::Query(message)) => {
                eprintln!("kavosh: warning: query {}: {message}", q.qid);
                if output.format == SearchFormat::Json {
                    let line =
                        serde_json::json!({"qid": q.qid, "query": q.query, "error": message});
                    output::json::write(&mut out, &line)?;
                }
            }
            Err(e) => return Err(e.into()),
        }
    }
    out.flush()?;
    Ok(())
}

/// Prints one query's results (`qid` names a query of a batch in JSON and
/// TREC output; a single query is `1` in a TREC run).
fn print_results(
    out: &mut impl Write,
    qid: Option<&str>,
    results: &kavosh::SearchResults,
    output: &SearchOutput,
    is_terminal: bool,
) -> Result<(), Failure> {
    for warning in &results.warnings {
        eprintln!("kavosh: warning: {warning}");
    }
    match output.format {
        SearchFormat::Json => {
            #[derive(serde::Serialize)]
            struct WithQid<'a> {
                #[serde(skip_serializing_if = "Option::is_none")]
                qid: Option<&'a str>,
                #[serde(flatten)]
                results: &'a kavosh::SearchResults,
            }
            output::json::write(out, &WithQid { qid, results })?
        }
        SearchFormat::Trec => output::trec::write(out, qid.unwrap_or("1"), results)?,
        SearchFormat::Text => {
            let choice = match output.color {
                Color::Auto => ColorChoice::Auto,
                Color::Always => ColorChoice::Always,
                Color::Never => ColorChoice::Never,
            };
            let styles = output::text::Styles::new(choice.resolve(is_terminal));
            if output.explain {
                output::text::write_expansions(&mut *out, &results.expansions, styles)?;
                output::text::write_feedback(&mut *out, &results.feedback, styles)?;
            }
            output::text::write_results(&mut *out, results, styles)?;
        }
    }
    Ok(())
}

fn cmd_stats(index: &Path, format: Format) -> Result<(), Failure> {
    let stats = SearchIndex::open(index)?.stats()?;
    let mut out = io::stdout().lock();
    match format {
        Format::Text => output::text::write_stats(&mut out, &stats)?,
        Format::Json => output::json::write(&mut out, &stats)?,
    }
    out.flush()?;
    Ok(())
}

fn cmd_check(index: &Path, deep: bool, format: Format) -> Result<(), Failure> {
    let level = if deep {
        kavosh::index::check::Level::Deep
    } else {
        kavosh::index::check::Level::Full
    };
    let report = kavosh::index::check::check(index, level)?;
    let mut out = io::stdout().lock();
    match format {
        Format::Text => report.write_text(&mut out)?,
        Format::Json => output::json::write(&mut out, &report)?,
    }
    out.flush()?;
    match report.to_error() {
        Some(error) => Err(error.into()),
        None => Ok(()),
    }
}

fn cmd_analyze(text: &str, format: Format) -> Result<(), Failure> {
    let mut out = io::stdout().lock();
    match format {
        Format::Text => output::text::write_tokens(&mut out, &kavosh::analysis::explain(text))?,
        Format::Json => output::json::write(&mut out, &analysis_report(text))?,
    }
    out.flush()?;
    Ok(())
}

/// `kavosh analyze --format json` (and `GET /analyze`): the text, the
/// analyzer version and the tokens.
fn analysis_report(text: &str) -> serde_json::Value {
    serde_json::json!({
        "text": text,
        "analyzer": kavosh::analysis::ANALYZER_VERSION,
        "tokens": kavosh::analysis::explain(text),
    })
}
