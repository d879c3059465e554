//! The index schema: one tantivy document per paragraph.

use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, INDEXED, STORED, STRING,
};

use crate::analysis::ANALYZER_NAME;

/// Version of the schema below; stored in the index with the analyzer version.
pub const SCHEMA_VERSION: u32 = 1;

/// The fields of a passage document.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    /// Article file path relative to the corpus root (exact-match string).
    pub doc: Field,
    /// Article id (the file path for text files).
    pub id: Field,
    /// Article title (analysed, stored).
    pub title: Field,
    /// Section heading of the passage (analysed with positions, stored).
    pub section: Field,
    /// Paragraph number within the article (1-based).
    pub paragraph: Field,
    /// Line of the source file where the paragraph starts (1-based).
    pub line: Field,
    /// The paragraph text, stored exactly as in the source, analysed with positions.
    pub text: Field,
    /// Publication line as written in the article, if any.
    pub published: Field,
    /// News id, if any.
    pub news_id: Field,
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
        doc: b.add_text_field("doc", STRING | STORED),
        id: b.add_text_field("id", STRING | STORED),
        title: b.add_text_field("title", analysed()),
        section: b.add_text_field("section", analysed()),
        paragraph: b.add_u64_field("paragraph", INDEXED | STORED),
        line: b.add_u64_field("line", STORED),
        text: b.add_text_field("text", analysed()),
        published: b.add_text_field("published", STORED),
        news_id: b.add_text_field("news_id", STRING | STORED),
    };
    (b.build(), fields)
}
