//! Prints a digest of everything the analyzers make of a corpus: every token
//! (term, byte span, position, script) of every title, section and passage,
//! through the three chains (`surface`, `exact`, the default) and through
//! the tantivy tokenizer the index uses (fed as the indexing threads feed
//! it: a title once per passage). Run it before and after a change to the
//! analysis code or its speed-ups and compare the outputs: any difference in
//! any token changes a digest.
//!
//! ```sh
//! cargo run --release --example analysis_digest -- ../shared/corpora/fa-news-irnews2020 ../shared/corpora/fa-news-langml
//! ```

use std::hash::Hasher;
use std::path::PathBuf;

use kavosh::analysis::{Analyzer, KavoshTokenizer, Token};
use kavosh::corpus;
use tantivy::tokenizer::{TokenStream, Tokenizer};
use xxhash_rust::xxh3::Xxh3;

/// A running digest of tokens.
#[derive(Default)]
struct Digest {
    hash: Xxh3,
    texts: u64,
    tokens: u64,
}

impl Digest {
    fn token(&mut self, term: &str, start: usize, end: usize, position: usize, script: u8) {
        self.hash.write(term.as_bytes());
        self.hash.write_u8(0xff);
        for n in [start, end, position] {
            self.hash.write_u64(n as u64);
        }
        self.hash.write_u8(script);
        self.tokens += 1;
    }

    fn tokens(&mut self, tokens: &[Token]) {
        self.texts += 1;
        for t in tokens {
            self.token(&t.term, t.start, t.end, t.position, t.script as u8);
        }
        self.hash.write_u8(0xfe);
    }

    fn stream(&mut self, tokenizer: &mut KavoshTokenizer, text: &str) {
        self.texts += 1;
        let mut stream = tokenizer.token_stream(text);
        while stream.advance() {
            let t = stream.token();
            self.token(&t.text, t.offset_from, t.offset_to, t.position, 0);
        }
        self.hash.write_u8(0xfe);
    }

    fn line(&self, name: &str) -> String {
        format!(
            "{name:<16} texts {:>9} tokens {:>10} digest {:016x}",
            self.texts,
            self.tokens,
            self.hash.digest()
        )
    }
}

fn main() {
    let roots: Vec<PathBuf> = std::env::args().skip(1).map(PathBuf::from).collect();
    if roots.is_empty() {
        eprintln!("usage: analysis_digest CORPUS_PATH...");
        std::process::exit(2);
    }
    let discovery = match corpus::discover(&roots) {
        Ok(discovery) => discovery,
        Err(err) => {
            eprintln!("{err}");
            std::process::exit(1);
        }
    };
    let chains = [
        ("surface", Analyzer::surface()),
        ("exact", Analyzer::exact()),
        ("default", Analyzer::default()),
    ];
    let mut digests: Vec<Digest> = chains.iter().map(|_| Digest::default()).collect();
    // One tokenizer per field, as in a segment writer.
    let mut fields: Vec<KavoshTokenizer> = (0..3)
        .map(|_| KavoshTokenizer::new(Analyzer::default()))
        .collect();
    let mut streamed = Digest::default();
    let mut tokens = Vec::new();
    for file in &discovery.files {
        corpus::stream_file(file, &mut |article| {
            for passage in &article.passages {
                let section = passage.section.as_deref().unwrap_or("");
                for text in [article.title.as_str(), section, passage.text.as_str()] {
                    for ((_, analyzer), digest) in chains.iter().zip(&mut digests) {
                        analyzer.analyze_into(text, &mut tokens);
                        digest.tokens(&tokens);
                    }
                }
                streamed.stream(&mut fields[0], &article.title);
                streamed.stream(&mut fields[1], section);
                streamed.stream(&mut fields[2], &passage.text);
            }
            true
        });
    }
    for ((name, _), digest) in chains.iter().zip(&digests) {
        println!("{}", digest.line(name));
    }
    println!("{}", streamed.line("tantivy-stream"));
}
