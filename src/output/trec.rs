//! TREC run output (`--format trec`): one line per hit,
//! `qid Q0 docid rank score kavosh`, for `trec_eval`.

use std::io::{self, Write};

use crate::search::{Group, Hit, SearchResults};

/// The run tag in the last column.
pub const RUN_TAG: &str = "kavosh";

/// The document id of a hit in a TREC run: the article id when hits are
/// articles, else the passage id `ARTICLE#PARAGRAPH`.
pub fn docid(hit: &Hit, group: Group) -> String {
    match group {
        Group::Article => hit.id.clone(),
        Group::Passage => format!("{}#{}", hit.id, hit.paragraph),
    }
}

/// Writes the hits of `results` as TREC run lines for query `qid`. Spaces in
/// ids would break the format; they are written as `_`.
pub fn write(mut out: impl Write, qid: &str, results: &SearchResults) -> io::Result<()> {
    let clean = |s: &str| s.replace(char::is_whitespace, "_");
    for hit in &results.hits {
        writeln!(
            out,
            "{} Q0 {} {} {:.4} {RUN_TAG}",
            clean(qid),
            clean(&docid(hit, results.group)),
            hit.rank,
            hit.score
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::sample_results;

    #[test]
    fn one_line_per_hit_with_passage_or_article_ids() {
        let mut results = sample_results();
        let mut buf = Vec::new();
        write(&mut buf, "q 7", &results).unwrap();
        assert_eq!(
            String::from_utf8(buf).unwrap(),
            "q_7 Q0 a.txt#1 1 2.5000 kavosh\n"
        );
        results.group = Group::Article;
        let mut buf = Vec::new();
        write(&mut buf, "q7", &results).unwrap();
        assert_eq!(
            String::from_utf8(buf).unwrap(),
            "q7 Q0 a.txt 1 2.5000 kavosh\n"
        );
    }
}
