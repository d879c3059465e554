//! Builds `data/fa-verbs.tsv`, the Persian verbs whose forms the stemmer
//! brings to one lemma: each line a past stem, a present stem and how much
//! evidence the corpus word list has for them.
//!
//! ```sh
//! pip download --no-deps hazm==0.10.0 && unzip -o hazm-0.10.0-py3-none-any.whl 'hazm/data/verbs.dat'
//! cargo run --release --example build_verbs -- hazm/data/verbs.dat > data/fa-verbs.tsv
//! ```
//!
//! The candidate pairs come from hazm's `verbs.dat` (MIT licence, see
//! `data/fa-verbs.LICENSE`): 692 lines `past#present`, many of them
//! archaic or rare. A pair is kept only when real text attests both stems
//! in unmistakably verbal forms, counted in `data/fa-words.tsv` (the word
//! list counted in `../shared/corpora` news by `examples/build_lexicon.rs`):
//!
//! * past side: «دیدند», «دیدیم», «میدیدند», «نمیدیدند», «ندیدند»;
//! * present side: «میبیند», «میبینند», «ببیند», «ببینند», «نمیبیند»
//!   (with the «ی» glide before «ا»: «بیاید»).
//!
//! Both must reach `MIN_EVIDENCE`. That leaves the few dozen verbs of
//! current prose (کرد/کن, شد/شو, دید/بین, …) and drops what would only
//! collide with them (کند/کن «dig», مرد/میر, رفت/روب). The weight (past plus
//! present evidence) decides between two verbs that claim one form.

use std::collections::HashSet;
use std::io::Write;

use kavosh::analysis::lexicon::Lexicon;
use kavosh::analysis::Analyzer;

/// Each side of a pair must be attested this often in verbal forms.
const MIN_EVIDENCE: u32 = 10;

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: build_verbs PATH/TO/hazm/data/verbs.dat > data/fa-verbs.tsv");
        std::process::exit(2);
    };
    let source = match std::fs::read_to_string(&path) {
        Ok(source) => source,
        Err(err) => {
            eprintln!("{path}: {err}");
            std::process::exit(1);
        }
    };
    let analyzer = Analyzer::surface();
    let fold = |s: &str| analyzer.terms(s).concat();
    let words = Lexicon::persian();
    let c = |w: String| words.count(&w);
    let past_evidence = |s: &str| {
        c(format!("{s}ند"))
            + c(format!("{s}یم"))
            + c(format!("می{s}ند"))
            + c(format!("نمی{s}ند"))
            + c(format!("ن{s}ند"))
    };
    let present_evidence = |p: &str| {
        let glide = if p.starts_with('ا') { "ی" } else { "" };
        c(format!("می{p}ند"))
            + c(format!("می{p}د"))
            + c(format!("ب{glide}{p}د"))
            + c(format!("ب{glide}{p}ند"))
            + c(format!("نمی{p}د"))
    };
    let (mut read, mut seen) = (0usize, HashSet::new());
    let mut kept: Vec<(String, String, u32, u32)> = Vec::new();
    for line in source.lines() {
        let Some((past, present)) = line.trim().split_once('#') else {
            continue;
        };
        // «#هست» (no past stem) and glosses with spaces are not pairs.
        if past.is_empty() || present.is_empty() || line.trim().contains(' ') {
            continue;
        }
        read += 1;
        let (past, present) = (fold(past), fold(present));
        if !seen.insert((past.clone(), present.clone())) {
            continue;
        }
        let (pe, qe) = (past_evidence(&past), present_evidence(&present));
        if pe >= MIN_EVIDENCE && qe >= MIN_EVIDENCE {
            kept.push((past, present, pe, qe));
        }
    }
    kept.sort_by(|a, b| (b.2 + b.3).cmp(&(a.2 + a.3)).then_with(|| a.0.cmp(&b.0)));
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut emit = || -> std::io::Result<()> {
        writeln!(
            out,
            "# Persian verbs: past stem, present stem, weight (corpus evidence of both stems)."
        )?;
        writeln!(
            out,
            "# Pairs from hazm 0.10.0 hazm/data/verbs.dat (MIT licence, data/fa-verbs.LICENSE),"
        )?;
        writeln!(out, "# kept by examples/build_verbs.rs when data/fa-words.tsv attests each stem in verbal forms")?;
        writeln!(out, "# at least {MIN_EVIDENCE} times ({} of {read} pairs). Stems in analysed form (no alef madda).", kept.len())?;
        writeln!(out, "# Columns: past<TAB>present<TAB>weight.")?;
        for (past, present, pe, qe) in &kept {
            writeln!(out, "{past}\t{present}\t{}", pe + qe)?;
        }
        out.flush()
    };
    if let Err(err) = emit() {
        eprintln!("writing: {err}");
        std::process::exit(1);
    }
    eprintln!("{read} pairs read, {} kept", kept.len());
}
