//! Text output for people: rank, `path:line`, section, score and a snippet
//! with the matches highlighted.

use std::io::{self, Write};

use anstyle::{AnsiColor, Style};

use crate::analysis::ExplainedToken;
use crate::bilingual::Expansion;
use crate::corpus::{parse_date, Date};
use crate::index::IndexStats;
use crate::query::Origin;
use crate::search::{FeedbackTerm, Group, SearchResults};

/// Styles of the text output.
#[derive(Debug, Clone, Copy)]
pub struct Styles {
    path: Style,
    line: Style,
    section: Style,
    date: Style,
    matched: Style,
    dim: Style,
}

impl Styles {
    /// Colours (like ripgrep's) when `color` is true, plain text otherwise.
    pub fn new(color: bool) -> Styles {
        if !color {
            let plain = Style::new();
            return Styles {
                path: plain,
                line: plain,
                section: plain,
                date: plain,
                matched: plain,
                dim: plain,
            };
        }
        Styles {
            path: Style::new().fg_color(Some(AnsiColor::Magenta.into())),
            line: Style::new().fg_color(Some(AnsiColor::Green.into())),
            section: Style::new().fg_color(Some(AnsiColor::Cyan.into())),
            date: Style::new().fg_color(Some(AnsiColor::Yellow.into())),
            matched: Style::new().bold().fg_color(Some(AnsiColor::Red.into())),
            dim: Style::new().dimmed(),
        }
    }
}

fn paint(out: &mut impl Write, style: Style, text: &str) -> io::Result<()> {
    if style == Style::new() {
        out.write_all(text.as_bytes())
    } else {
        write!(out, "{}{}{}", style.render(), text, style.render_reset())
    }
}

/// Writes `text` with the `[start, end)` char spans in `highlights` styled.
/// Without colour, matches are shown as they are (no markers), so the output
/// can be piped to other tools.
fn write_highlighted(
    out: &mut impl Write,
    text: &str,
    highlights: &[[usize; 2]],
    style: Style,
) -> io::Result<()> {
    let chars: Vec<char> = text.chars().collect();
    let mut at = 0;
    for &[s, e] in highlights {
        let (s, e) = (s.min(chars.len()), e.min(chars.len()));
        if s < at {
            continue;
        }
        out.write_all(chars[at..s].iter().collect::<String>().as_bytes())?;
        paint(out, style, &chars[s..e].iter().collect::<String>())?;
        at = e;
    }
    out.write_all(chars[at..].iter().collect::<String>().as_bytes())
}

/// Prints search results.
pub fn write_results(
    mut out: impl Write,
    results: &SearchResults,
    styles: Styles,
) -> io::Result<()> {
    write_suggestions(&mut out, results, styles)?;
    for hit in &results.hits {
        write!(out, "{:>3}. ", hit.rank)?;
        paint(&mut out, styles.path, &hit.doc)?;
        out.write_all(b":")?;
        paint(&mut out, styles.line, &hit.line.to_string())?;
        if let Some(section) = &hit.section {
            out.write_all(b"  ")?;
            paint(&mut out, styles.section, &format!("[{section}]"))?;
        }
        if let Some(date) = hit.date.as_deref() {
            out.write_all(b"  ")?;
            paint(&mut out, styles.date, &both_calendars(date))?;
        }
        if let Some(n) = hit.passages_matched {
            let passages = if n == 1 { "passage" } else { "passages" };
            paint(&mut out, styles.dim, &format!("  {n} {passages}"))?;
        }
        let score = format!("  score {:.2}", hit.score);
        paint(&mut out, styles.dim, &score)?;
        if results.concepts > 1 {
            paint(
                &mut out,
                styles.dim,
                &format!("  words {}/{}", hit.matched, results.concepts),
            )?;
        }
        if let Some(parts) = &hit.explain {
            let mut line = format!(
                "\n     = coverage {:.2} + bm25 {:.2} + proximity {:.2} + lead {:.2} + fields {:.2}",
                parts.coverage, parts.bm25, parts.proximity, parts.lead, parts.fields
            );
            if parts.feedback > 0.0 {
                line.push_str(&format!(" + feedback {:.2}", parts.feedback));
            }
            if parts.other_passages > 0.0 {
                line.push_str(&format!(" + other passages {:.2}", parts.other_passages));
            }
            paint(&mut out, styles.dim, &line)?;
        }
        out.write_all(b"\n     ")?;
        write_highlighted(
            &mut out,
            &hit.snippet,
            &hit.snippet_highlights,
            styles.matched,
        )?;
        out.write_all(b"\n\n")?;
    }
    let shown = results.hits.len();
    let unit = match results.group {
        Group::Passage => ("passage", "passages"),
        Group::Article => ("article", "articles"),
    };
    let summary = match (results.total_hits, shown) {
        (0, _) => format!("no {} matches", unit.0),
        (total, 0) => format!(
            "{total} {} match; none on this page (lower --offset)",
            unit.1
        ),
        (total, n) => {
            let first = results.hits[0].rank;
            let more = if first + n - 1 < total {
                " (see more with --offset)"
            } else {
                ""
            };
            format!("{} {first}–{} of {total}{more}", unit.1, first + n - 1)
        }
    };
    paint(&mut out, styles.dim, &summary)?;
    out.write_all(b"\n")
}

/// "Did you mean" lines: the corrected query and its hits.
fn write_suggestions(
    out: &mut impl Write,
    results: &SearchResults,
    styles: Styles,
) -> io::Result<()> {
    let unit = match results.group {
        Group::Passage => ("passage", "passages"),
        Group::Article => ("article", "articles"),
    };
    for suggestion in &results.suggestions {
        out.write_all(b"did you mean: ")?;
        paint(out, styles.matched, &suggestion.query)?;
        let n = suggestion.hits;
        let unit = if n == 1 { unit.0 } else { unit.1 };
        paint(out, styles.dim, &format!("  ({n} {unit})"))?;
        out.write_all(b"\n\n")?;
    }
    Ok(())
}

/// An ISO date with its Jalali form: `2012-10-08 (۱۷ مهر ۱۳۹۱)`.
fn both_calendars(iso: &str) -> String {
    match parse_date(iso) {
        Some(day) => format!("{iso} ({})", day.jalali_long()),
        None => iso.to_string(),
    }
}

/// Prints `kavosh stats`: one `name  value` line per figure.
pub fn write_stats(mut out: impl Write, stats: &IndexStats) -> io::Result<()> {
    let languages: Vec<String> = stats
        .languages
        .iter()
        .map(|(lang, n)| format!("{lang} {n}"))
        .collect();
    let day = Date::from_days_since_epoch((stats.updated / 86_400) as i64);
    let rows = [
        ("index", stats.index.display().to_string()),
        ("files", stats.files.to_string()),
        ("articles", stats.articles.to_string()),
        ("passages", stats.passages.to_string()),
        ("languages", format!("{} (passages)", languages.join(", "))),
        ("terms", format!("{} (distinct, in the text)", stats.terms)),
        (
            "size",
            format!(
                "{:.1} MB on disk, {} segments",
                stats.size_bytes as f64 / 1e6,
                stats.segments
            ),
        ),
        (
            "analyzer",
            format!("{} (schema {})", stats.analyzer, stats.schema),
        ),
        (
            "updated",
            match day {
                Some(day) => format!("{} ({})", stats.updated_utc, day.jalali_long()),
                None => stats.updated_utc.clone(),
            },
        ),
    ];
    for (name, value) in rows {
        writeln!(out, "{name:<10} {value}")?;
    }
    Ok(())
}

/// Prints the expansions a search used (`--explain`): which words were also
/// searched as which translation or transliteration, and from which lexicon
/// line.
pub fn write_expansions(
    mut out: impl Write,
    expansions: &[Expansion],
    styles: Styles,
) -> io::Result<()> {
    if expansions.is_empty() {
        paint(
            &mut out,
            styles.dim,
            "no translation, transliteration, split or correction was searched",
        )?;
        return out.write_all(b"\n\n");
    }
    paint(&mut out, styles.dim, "also searched:")?;
    out.write_all(b"\n")?;
    for e in expansions {
        let typo = if matches!(e.origin, Origin::Typo(_) | Origin::TypoTranslation) {
            "typo correction, "
        } else {
            ""
        };
        let from = match (&e.source, &e.category) {
            (Some(source), Some(category)) => {
                format!("{typo}lexicon {}:{}, {category}", source.file, source.line)
            }
            (Some(source), None) => format!("{typo}lexicon {}:{}", source.file, source.line),
            _ if !typo.is_empty() => "typo correction found in the index".to_string(),
            _ if e.origin == Origin::Derived => "related form found in the index".to_string(),
            _ if e.origin == Origin::Split => "written apart in the index".to_string(),
            _ => "transliteration found in the index".to_string(),
        };
        write!(out, "  {} → ", e.query)?;
        paint(&mut out, styles.matched, &e.text)?;
        paint(&mut out, styles.dim, &format!("  ({from})"))?;
        out.write_all(b"\n")?;
    }
    out.write_all(b"\n")
}

/// Prints the terms pseudo-relevance feedback added (`--explain
/// --feedback`), with their weights; nothing without feedback.
pub fn write_feedback(
    mut out: impl Write,
    terms: &[FeedbackTerm],
    styles: Styles,
) -> io::Result<()> {
    if terms.is_empty() {
        return Ok(());
    }
    paint(&mut out, styles.dim, "feedback terms (weight):")?;
    for t in terms {
        out.write_all(b" ")?;
        paint(&mut out, styles.matched, &t.term)?;
        write!(out, " ({:.2})", t.weight)?;
    }
    out.write_all(b"\n\n")
}

/// Prints the tokens of `kavosh analyze`: position, indexed term, the word
/// before stemming, span in characters, script, original characters, and
/// the glued word a part belongs to.
pub fn write_tokens(mut out: impl Write, tokens: &[ExplainedToken]) -> io::Result<()> {
    writeln!(
        out,
        "{:>4}  {:<20} {:<20} {:<12} {:<8} original",
        "pos", "term", "word", "span", "script"
    )?;
    for t in tokens {
        let span = format!("[{}, {})", t.start, t.end);
        let script = serde_json::to_value(t.script)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        let word = if t.word == t.term {
            "=".to_string()
        } else {
            t.word.clone()
        };
        write!(
            out,
            "{:>4}  {:<20} {:<20} {:<12} {:<8} {}",
            t.position, t.term, word, span, script, t.original
        )?;
        match &t.part_of {
            Some(whole) => writeln!(out, "  (part of «{whole}»)")?,
            None => writeln!(out)?,
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::sample_results as results;

    #[test]
    fn plain_output_has_no_escape_codes() {
        let mut buf = Vec::new();
        write_results(&mut buf, &results(), Styles::new(false)).unwrap();
        let s = String::from_utf8(buf).unwrap();
        assert!(!s.contains('\x1b'));
        assert!(s.contains("a.txt:3  [انرژی]  2012-10-08 (۱۷ مهر ۱۳۹۱)  score 2.50"));
        assert!(s.contains("نیروگاه بوشهر"));
        assert!(s.contains("passages 1–1 of 3 (see more with --offset)"));
    }

    #[test]
    fn grouped_output_counts_articles_and_their_passages() {
        let mut grouped = results();
        grouped.group = Group::Article;
        grouped.hits[0].passages_matched = Some(4);
        grouped.hits[0].date = None;
        let mut buf = Vec::new();
        write_results(&mut buf, &grouped, Styles::new(false)).unwrap();
        let s = String::from_utf8(buf).unwrap();
        assert!(
            s.contains("a.txt:3  [انرژی]  4 passages  score 2.50"),
            "{s}"
        );
        assert!(
            s.contains("articles 1–1 of 3 (see more with --offset)"),
            "{s}"
        );
        grouped.hits.clear();
        grouped.total_hits = 0;
        let mut buf = Vec::new();
        write_results(&mut buf, &grouped, Styles::new(false)).unwrap();
        assert!(String::from_utf8(buf)
            .unwrap()
            .contains("no article matches"));
    }

    #[test]
    fn colored_output_wraps_the_match() {
        let mut buf = Vec::new();
        write_results(&mut buf, &results(), Styles::new(true)).unwrap();
        let s = String::from_utf8(buf).unwrap();
        let bold_red = Style::new().bold().fg_color(Some(AnsiColor::Red.into()));
        assert!(s.contains(&format!(
            "{}بوشهر{}",
            bold_red.render(),
            bold_red.render_reset()
        )));
    }
}
