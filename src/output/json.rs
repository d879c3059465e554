//! JSON output: one object per command, for tools.
//!
//! `kavosh search --format json` prints [`SearchResults`](crate::SearchResults):
//! `{"query", "total_hits", "group", "concepts", "hits": [{"rank", "score",
//! "matched", "id", "doc", "title", "section", "paragraph", "line", "text",
//! "snippet", "snippet_highlights", "highlights", "published", "news_id",
//! "date", "date_jalali", "lang", "passages_matched" (with `--group
//! article`)}], "warnings", "expansions", "suggestions"}`.
//! Offsets are `[start, end)` in Unicode scalar values (Python string indices).

use std::io::{self, Write};

use serde::Serialize;

/// Writes `value` as one line of JSON.
pub fn write<W: Write, T: Serialize>(mut out: W, value: &T) -> io::Result<()> {
    serde_json::to_writer(&mut out, value).map_err(io::Error::other)?;
    out.write_all(b"\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::sample_results;

    #[test]
    fn search_results_have_the_documented_shape() {
        let results = sample_results();
        let mut buf = Vec::new();
        write(&mut buf, &results).unwrap();
        let v: serde_json::Value = serde_json::from_slice(&buf).unwrap();
        for key in ["query", "total_hits", "hits"] {
            assert!(v.get(key).is_some(), "{key}");
        }
        let hit = &v["hits"][0];
        for key in [
            "rank",
            "score",
            "id",
            "doc",
            "title",
            "section",
            "paragraph",
            "line",
            "text",
            "snippet",
            "highlights",
            "date",
            "date_jalali",
            "lang",
        ] {
            assert!(hit.get(key).is_some(), "{key}");
        }
        assert_eq!(v["group"], "passage");
        assert_eq!(hit["date_jalali"], "1391-07-17");
        assert!(hit.get("passages_matched").is_none(), "only when grouping");
        assert_eq!(hit["highlights"], serde_json::json!([[8, 13]]));
        assert!(buf.ends_with(b"}\n"));
    }
}
