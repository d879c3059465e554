//! The index schema: one tantivy document per paragraph.
//!
//! Each indexed field costs tantivy work for every passage (terms, postings,
//! their serialisation): fields only ever read back from the stored
//! document (`id`, `paragraph`, `news_id`) are stored, not indexed, and the
//! date is a fast field, which is what tantivy's range queries read.

use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, FAST, STORED, STRING,
};

use crate::analysis::ANALYZER_NAME;

/// Version of the schema below; stored in the index with the analyzer version.
pub const SCHEMA_VERSION: u32 = 5;

/// The fields of a passage document.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    /// Article file path relative to the corpus root (exact-match string,
    /// also a fast column: the incremental indexer reads back which files
    /// the index holds, and deletes a file's passages by this term).
    pub doc: Field,
    /// Article id (the file path for text files), stored for display.
    pub id: Field,
    /// Article title, stored for display.
    pub title: Field,
    /// The article title's terms, indexed with positions under the
    /// article's first passage only (not stored): the ranking model finds
    /// the articles whose title has a query word and lifts their matching
    /// passages a little; a title never makes a passage match.
    pub title_terms: Field,
    /// Section heading of the passage (analysed with positions, stored).
    pub section: Field,
    /// Paragraph number within the article (1-based), stored for display.
    pub paragraph: Field,
    /// Line of the source file where the paragraph starts (1-based).
    pub line: Field,
    /// The paragraph text, stored exactly as in the source, analysed with positions.
    pub text: Field,
    /// Publication line as written in the article, if any.
    pub published: Field,
    /// News id, if any, stored for display.
    pub news_id: Field,
    /// The article's date, as days since 1970-01-01 (Gregorian), if known:
    /// fast for date ranges (tantivy's range query reads the fast column of
    /// a fast field, never its terms), stored for display.
    pub date: Field,
    /// The passage's language, `fa` or `en` (exact-match string).
    pub lang: Field,
    /// The article's key: a hash of its `doc` and `id` (fast), to group
    /// passages by article.
    pub article: Field,
    /// A hash of the bytes of the file the passage comes from (fast): the
    /// incremental indexer compares it with the file on disk. Kept in the
    /// index itself, so it is always in step with the passages.
    pub hash: Field,
}

fn analysed() -> TextOptions {
    TextOptions::default().set_stored().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(ANALYZER_NAME)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    )
}

/// Builds the schema and returns it with its fields.
pub fn build() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let fields = Fields {
        doc: b.add_text_field("doc", STRING | STORED | FAST),
        id: b.add_text_field("id", STORED),
        title: b.add_text_field("title", STORED),
        title_terms: b.add_text_field(
            "title_terms",
            TextOptions::default().set_indexing_options(
                TextFieldIndexing::default()
                    .set_tokenizer(ANALYZER_NAME)
                    .set_index_option(IndexRecordOption::WithFreqsAndPositions),
            ),
        ),
        section: b.add_text_field("section", analysed()),
        paragraph: b.add_u64_field("paragraph", STORED),
        line: b.add_u64_field("line", STORED),
        text: b.add_text_field("text", analysed()),
        published: b.add_text_field("published", STORED),
        news_id: b.add_text_field("news_id", STORED),
        date: b.add_i64_field("date", STORED | FAST),
        lang: b.add_text_field("lang", STRING | STORED),
        article: b.add_u64_field("article", STORED | FAST),
        hash: b.add_u64_field("hash", FAST),
    };
    (b.build(), fields)
}
