//! Batch search: a file of queries, one per line, searched over one open
//! index (`kavosh search --queries FILE`).

use std::path::Path;

use crate::error::{Error, Result};

/// One query of a batch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BatchQuery {
    /// Its id: the text before the first tab, or the 1-based line number.
    pub qid: String,
    /// The query.
    pub query: String,
}

/// Reads queries from `text`: lines `qid<TAB>query`, or one query per line
/// (its id is then its line number). Empty lines are skipped.
///
/// ```
/// use kavosh::search::batch::parse_queries;
/// let queries = parse_queries("q1\tنیروگاه بوشهر\n\nدریای خزر\n");
/// assert_eq!((queries[0].qid.as_str(), queries[0].query.as_str()), ("q1", "نیروگاه بوشهر"));
/// assert_eq!((queries[1].qid.as_str(), queries[1].query.as_str()), ("3", "دریای خزر"));
/// ```
pub fn parse_queries(text: &str) -> Vec<BatchQuery> {
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(i, line)| {
            let line = line.trim_start_matches('\u{feff}');
            match line.split_once('\t') {
                Some((qid, query)) if !qid.trim().is_empty() => BatchQuery {
                    qid: qid.trim().to_string(),
                    query: query.trim().to_string(),
                },
                _ => BatchQuery {
                    qid: (i + 1).to_string(),
                    query: line.trim().to_string(),
                },
            }
        })
        .collect()
}

/// Reads the queries of the file at `path` (UTF-8).
pub fn read_queries(path: &Path) -> Result<Vec<BatchQuery>> {
    let bytes = std::fs::read(path).map_err(|e| {
        Error::Query(format!(
            "--queries: cannot read {}: {e}; give a file of queries, one per line",
            path.display()
        ))
    })?;
    let text = String::from_utf8(bytes).map_err(|_| {
        Error::Query(format!(
            "--queries: {} is not UTF-8 text; save it as UTF-8",
            path.display()
        ))
    })?;
    Ok(parse_queries(&text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_from_tabs_or_line_numbers() {
        let q =
            parse_queries("\u{feff}parsinlu-1\tچرا دریا نمک دارد؟\nسردار سلیمانی\n\n\tبی شناسه\n");
        let pairs: Vec<(&str, &str)> = q
            .iter()
            .map(|q| (q.qid.as_str(), q.query.as_str()))
            .collect();
        assert_eq!(
            pairs,
            [
                ("parsinlu-1", "چرا دریا نمک دارد؟"),
                ("2", "سردار سلیمانی"),
                ("4", "\tبی شناسه".trim())
            ]
        );
    }

    #[test]
    fn a_missing_file_says_what_to_give() {
        let err = read_queries(Path::new("/no/such/queries.tsv")).unwrap_err();
        assert!(err
            .to_string()
            .starts_with("--queries: cannot read /no/such/queries.tsv"));
    }
}
