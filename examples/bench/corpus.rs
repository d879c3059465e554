//! Reading the corpus with kavosh's own reader, and what a child process
//! measures about itself (memory, the size of what it wrote).

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

use kavosh::corpus::{self, Article};
use serde::{Deserialize, Serialize};

use crate::Res;

/// The corpus as kavosh reads it: its articles, split into passages.
pub struct Corpus {
    /// The articles, in discovery order (sorted by path, then file order).
    pub articles: Vec<Article>,
    /// What they hold.
    pub summary: CorpusSummary,
}

/// Counts and a fingerprint of the passages, so that the parent can check
/// that every side indexed exactly the same passage texts.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CorpusSummary {
    /// Files read.
    pub files: usize,
    /// Their size in bytes.
    pub file_bytes: u64,
    /// Files, lines or paragraphs skipped (unsupported files and the like).
    pub problems: usize,
    /// Articles read.
    pub articles: u64,
    /// Passages read: the documents indexed.
    pub passages: u64,
    /// UTF-8 bytes of the passage texts: the input the MB/s are counted on.
    pub text_bytes: u64,
    /// A hash of all passage texts in order.
    pub fingerprint: String,
}

/// Reads every file under `roots` with [`kavosh::corpus::read_file`].
pub fn read(roots: &[PathBuf]) -> Res<Corpus> {
    let discovery = corpus::discover(roots)?;
    let mut articles = Vec::new();
    let mut problems = discovery.problems.len();
    for file in &discovery.files {
        let read = corpus::read_file(file);
        problems += read.problems.len();
        articles.extend(read.articles);
    }
    let mut hasher = DefaultHasher::new();
    let (mut passages, mut text_bytes) = (0u64, 0u64);
    for passage in articles.iter().flat_map(|a| &a.passages) {
        passage.text.hash(&mut hasher);
        passages += 1;
        text_bytes += passage.text.len() as u64;
    }
    let summary = CorpusSummary {
        files: discovery.files.len(),
        file_bytes: discovery.total_bytes(),
        problems,
        articles: articles.len() as u64,
        passages,
        text_bytes,
        fingerprint: format!("{:016x}", hasher.finish()),
    };
    Ok(Corpus { articles, summary })
}

/// The passage texts, in order.
pub fn passage_texts(articles: &[Article]) -> impl Iterator<Item = &str> {
    articles
        .iter()
        .flat_map(|a| &a.passages)
        .map(|p| p.text.as_str())
}

/// A line of `/proc/self/status` in kB (`VmHWM`: peak resident set size,
/// `VmRSS`: current).
pub fn proc_status_kb(key: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|line| line.strip_prefix(key)?.strip_prefix(':'))
        .and_then(|rest| rest.split_whitespace().next()?.parse().ok())
        .unwrap_or(0)
}

/// CPU time of the process so far, all its threads (living and ended),
/// user + system, in seconds (`/proc/self/stat`, in clock ticks of 1/100 s).
pub fn cpu_secs() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // The fields after the command name, which is in parentheses: state is
    // the first, utime the 12th, stime the 13th.
    let rest = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let ticks: u64 = rest
        .split_whitespace()
        .skip(11)
        .take(2)
        .filter_map(|t| t.parse::<u64>().ok())
        .sum();
    ticks as f64 / 100.0
}

/// Total size of the files in `dir` (an index folder is flat).
pub fn dir_bytes(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .filter_map(|e| e.metadata().ok())
                .filter(|m| m.is_file())
                .map(|m| m.len())
                .sum()
        })
        .unwrap_or(0)
}

/// The corpus roots as kavosh should get them. kavosh names each file by its
/// path under the root it was found in and skips a second file of the same
/// name, so two shard folders (both with `part-0001.jsonl`…) given side by
/// side would lose the second one's files. Several roots are therefore
/// linked into one folder, `view`, under their own names, and that folder is
/// the one root.
pub fn single_root(roots: &[PathBuf], view: &Path) -> Res<Vec<PathBuf>> {
    if roots.len() < 2 {
        return Ok(roots.to_vec());
    }
    if view.exists() {
        std::fs::remove_dir_all(view)?;
    }
    std::fs::create_dir_all(view)?;
    let mut names = std::collections::HashSet::new();
    for root in roots {
        let target = std::fs::canonicalize(root)?;
        let base = target
            .file_name()
            .map_or_else(|| "corpus".into(), |n| n.to_string_lossy().into_owned());
        let mut name = base.clone();
        for n in 2.. {
            if names.insert(name.clone()) {
                break;
            }
            name = format!("{base}-{n}");
        }
        link(&target, &view.join(name))?;
    }
    Ok(vec![view.to_path_buf()])
}

#[cfg(unix)]
fn link(target: &Path, link: &Path) -> Res<()> {
    Ok(std::os::unix::fs::symlink(target, link)?)
}

#[cfg(not(unix))]
fn link(_target: &Path, _link: &Path) -> Res<()> {
    Err("several corpus folders are linked into one, which needs a Unix system".into())
}
