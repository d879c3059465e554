//! The bilingual lexicon: English terms and phrases with their Persian
//! equivalents, read from TSV files (`english<TAB>persian|persian…<TAB>category`).
//!
//! Both directions use it: an English query word finds the Persian spellings,
//! a Persian one the English terms. Entries are stored in analysed form (the
//! index's analyzer: stemmed English, normalised and stemmed Persian, glued
//! words as their parts), so «خلیج‌فارس», «خلیج فارس» and «خلیجفارس» are one
//! key, and "sanctions" finds the entry written "sanction".

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, OnceLock};

use rayon::prelude::*;
use serde::Serialize;

use super::cache::CachedLexicon;
use crate::analysis::{Analyzer, Script, Token};
use crate::error::{Error, Result};

/// The lexicon shipped with kavosh (`data/lexicon/en-fa.tsv`).
pub(crate) const BUILTIN_TSV: &str = include_str!("../../data/lexicon/en-fa.tsv");
/// The name the shipped lexicon is reported under.
pub const BUILTIN_NAME: &str = "en-fa.tsv";

/// The categories an entry may have.
pub const CATEGORIES: &[&str] = &[
    "country",
    "region",
    "city",
    "sea",
    "river",
    "port",
    "organization",
    "treaty",
    "person",
    "concept",
    "other",
];

/// Where an entry was read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Source {
    /// The lexicon file's name (the path given, or `en-fa.tsv` for the shipped one).
    pub file: Arc<str>,
    /// 1-based line of the entry.
    pub line: usize,
}

/// One translation: the terms to search, as written and in analysed form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Translation {
    /// The target as written in the lexicon.
    pub text: String,
    /// Its analysed terms at consecutive positions (one term, or a phrase).
    pub terms: Vec<String>,
    /// The entry's category.
    pub category: Arc<str>,
    /// Where the entry is.
    pub source: Source,
}

/// Which way a key translates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Direction {
    /// English terms → Persian translations.
    EnFa = 0,
    /// Persian terms → English translations.
    FaEn = 1,
}

impl Direction {
    /// The direction numbered `i` (its `as usize`).
    pub fn from_index(i: usize) -> Option<Direction> {
        match i {
            0 => Some(Direction::EnFa),
            1 => Some(Direction::FaEn),
            _ => None,
        }
    }
}

/// English ↔ Persian lexicon, keyed by analysed terms.
///
/// Its entries are held in memory, or, for the shipped lexicon of a search
/// process, in a cache file read from the index folder and decoded as keys
/// are looked up ([`super::cache`]); entries added to such a lexicon go on
/// top of the cached ones.
#[derive(Debug, Default, Clone)]
pub struct BilingualLexicon {
    en_to_fa: HashMap<Vec<String>, Vec<Translation>>,
    fa_to_en: HashMap<Vec<String>, Vec<Translation>>,
    longest_key: usize,
    entries: usize,
    base: Option<Arc<CachedLexicon>>,
}

/// One lexicon line analysed: the English terms, and each Persian spelling with its terms.
type Analysed<'a> = (Vec<String>, Vec<(&'a str, Vec<String>)>);

/// The analysed terms of a lexicon phrase at consecutive positions: a glued
/// word stands as its parts, as in the index.
pub fn positional_terms(tokens: &[Token]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let whole = &tokens[i];
        let parts: Vec<&Token> = tokens[i + 1..]
            .iter()
            .take_while(|t| (t.start, t.end) == (whole.start, whole.end))
            .collect();
        if parts.is_empty() {
            out.push(whole.term.clone());
        } else {
            out.extend(parts.iter().map(|t| t.term.clone()));
        }
        i += 1 + parts.len();
    }
    out
}

impl BilingualLexicon {
    /// The lexicon shipped with kavosh (parsed once).
    ///
    /// ```
    /// use kavosh::bilingual::BilingualLexicon;
    /// let lexicon = BilingualLexicon::builtin();
    /// let caspian = lexicon.lookup(&["caspian".to_string()]);
    /// assert!(caspian.iter().any(|t| t.text == "دریای خزر"));
    /// assert!(lexicon.len() >= 600);
    /// ```
    pub fn builtin() -> &'static BilingualLexicon {
        static BUILTIN: OnceLock<BilingualLexicon> = OnceLock::new();
        BUILTIN.get_or_init(|| {
            let mut lexicon = BilingualLexicon::default();
            lexicon
                .add_tsv(BUILTIN_NAME, BUILTIN_TSV)
                .expect("the shipped lexicon is valid");
            lexicon
        })
    }

    /// A lexicon whose entries are those of a cache file.
    pub fn from_cache(cached: CachedLexicon) -> BilingualLexicon {
        BilingualLexicon {
            longest_key: cached.longest_key(),
            entries: cached.len(),
            base: Some(Arc::new(cached)),
            ..BilingualLexicon::default()
        }
    }

    /// The in-memory translations of `key` in `direction`, created (with
    /// the cached ones first, if any) when missing.
    fn list_mut(&mut self, direction: Direction, key: Vec<String>) -> &mut Vec<Translation> {
        let map = match direction {
            Direction::EnFa => &mut self.en_to_fa,
            Direction::FaEn => &mut self.fa_to_en,
        };
        let base = &self.base;
        map.entry(key).or_insert_with_key(|key| {
            base.as_ref()
                .and_then(|b| b.lookup(direction, key))
                .map_or_else(Vec::new, <[Translation]>::to_vec)
        })
    }

    /// Adds every entry of `other` (as if its files were added after this
    /// lexicon's): translations of a key this lexicon has go after its own.
    pub fn extend(&mut self, other: &BilingualLexicon) {
        // Keys in `other`'s memory hold its cached translations too.
        let own = other.entries_by_key();
        let in_memory: std::collections::HashSet<(Direction, &[String])> =
            own.iter().map(|(d, t, _)| (*d, *t)).collect();
        let mut all: Vec<(Direction, Vec<String>, &[Translation])> = other
            .base
            .as_ref()
            .map(|b| b.entries_by_key())
            .unwrap_or_default();
        all.retain(|(d, t, _)| !in_memory.contains(&(*d, t.as_slice())));
        all.extend(own.into_iter().map(|(d, t, l)| (d, t.to_vec(), l)));
        for (direction, terms, translations) in all {
            let list = self.list_mut(direction, terms);
            for translation in translations {
                push_unique(list, translation.clone());
            }
        }
        self.longest_key = self.longest_key.max(other.longest_key);
        self.entries += other.entries;
    }

    /// The keys held in memory (not those of a cache file) with their translations.
    pub(super) fn entries_by_key(&self) -> Vec<(Direction, &[String], &[Translation])> {
        let en = self.en_to_fa.iter().map(|(k, v)| (Direction::EnFa, k, v));
        let fa = self.fa_to_en.iter().map(|(k, v)| (Direction::FaEn, k, v));
        en.chain(fa)
            .map(|(d, k, v)| (d, k.as_slice(), v.as_slice()))
            .collect()
    }

    /// Adds the entries of a lexicon file. A malformed line is an error
    /// naming the file and the line.
    pub fn add_file(&mut self, path: &Path) -> Result<()> {
        let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
            path: path.to_path_buf(),
            source,
        })?;
        self.add_tsv(&path.display().to_string(), &text)
    }

    /// A lexicon of the entries of `files` only, in order (what
    /// `kavosh search --lexicon FILE…` adds to the shipped lexicon, with
    /// [`SearchIndex::add_lexicon`](crate::SearchIndex::add_lexicon)).
    ///
    /// ```
    /// use kavosh::bilingual::BilingualLexicon;
    /// let dir = tempfile::tempdir()?;
    /// let file = dir.path().join("lexicon.tsv");
    /// std::fs::write(&file, "Rosatom\tروس‌اتم\torganization\n")?;
    /// let lexicon = BilingualLexicon::from_files(&[&file])?;
    /// assert_eq!(lexicon.len(), 1);
    /// assert!(!lexicon.lookup(&["rosatom".to_string()]).is_empty());
    /// std::fs::write(&file, "Rosatom\n")?;
    /// assert!(BilingualLexicon::from_files(&[&file]).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_files(files: &[impl AsRef<Path>]) -> Result<BilingualLexicon> {
        let mut lexicon = BilingualLexicon::default();
        for file in files {
            lexicon.add_file(file.as_ref())?;
        }
        Ok(lexicon)
    }

    /// Adds entries from TSV text; `name` is used in errors and `--explain`.
    pub fn add_tsv(&mut self, name: &str, tsv: &str) -> Result<()> {
        let file: Arc<str> = Arc::from(name);
        let bad = |line: usize, message: String| Error::Lexicon {
            file: name.to_string(),
            line,
            message,
        };
        // 1. Columns, checked line by line.
        let mut rows: Vec<(usize, &str, &str, &str)> = Vec::new();
        for (i, raw) in tsv.lines().enumerate() {
            let line = i + 1;
            let raw = raw.trim_end_matches('\r');
            if raw.trim().is_empty() || raw.trim_start().starts_with('#') {
                continue;
            }
            let columns: Vec<&str> = raw.split('\t').collect();
            let [english, persian, category] = columns.as_slice() else {
                let found = columns.len();
                return Err(bad(line, format!("expected 3 tab-separated columns (english, persian, category), found {found}")));
            };
            let (english, persian, category) = (english.trim(), persian.trim(), category.trim());
            if english.is_empty() || persian.is_empty() {
                return Err(bad(
                    line,
                    "the english and persian columns must not be empty".into(),
                ));
            }
            if !CATEGORIES.contains(&category) {
                let known = CATEGORIES.join(", ");
                return Err(bad(
                    line,
                    format!("unknown category «{category}»; use one of {known}"),
                ));
            }
            rows.push((line, english, persian, category));
        }
        // 2. Analysis, the costly part, on all cores (order kept).
        let analyzer = Analyzer::default();
        let analysed: Vec<Result<Analysed>> = rows
            .par_iter()
            .map(|&(line, english, persian, _)| {
                let en_terms = positional_terms(&analyzer.analyze(english));
                if en_terms.is_empty() {
                    return Err(bad(line, format!("nothing searchable in «{english}»")));
                }
                let mut spellings = Vec::new();
                for spelling in persian.split('|').map(str::trim) {
                    let tokens = analyzer.analyze(spelling);
                    if spelling.is_empty() || tokens.is_empty() {
                        return Err(bad(
                            line,
                            format!("empty or unsearchable Persian spelling in «{persian}»"),
                        ));
                    }
                    if tokens.iter().any(|t| t.script == Script::Latin) {
                        return Err(bad(
                            line,
                            format!("the persian column has Latin letters: «{spelling}»"),
                        ));
                    }
                    spellings.push((spelling, positional_terms(&tokens)));
                }
                Ok((en_terms, spellings))
            })
            .collect();
        // 3. Both directions, in file order.
        for (&(line, english, _, category), analysed) in rows.iter().zip(analysed) {
            let (en_terms, spellings) = analysed?;
            let category: Arc<str> = Arc::from(category);
            let source = Source {
                file: file.clone(),
                line,
            };
            let english_translation = Translation {
                text: english.to_string(),
                terms: en_terms.clone(),
                category: category.clone(),
                source: source.clone(),
            };
            for (spelling, fa_terms) in spellings {
                let translation = Translation {
                    text: spelling.to_string(),
                    terms: fa_terms.clone(),
                    category: category.clone(),
                    source: source.clone(),
                };
                push_unique(
                    self.list_mut(Direction::EnFa, en_terms.clone()),
                    translation,
                );
                self.longest_key = self.longest_key.max(fa_terms.len());
                push_unique(
                    self.list_mut(Direction::FaEn, fa_terms),
                    english_translation.clone(),
                );
            }
            self.longest_key = self.longest_key.max(en_terms.len());
            self.entries += 1;
        }
        Ok(())
    }

    /// Translations of analysed terms (English → Persian or Persian → English).
    pub fn lookup(&self, terms: &[String]) -> &[Translation] {
        self.find(Direction::EnFa, terms)
            .or_else(|| self.find(Direction::FaEn, terms))
            .unwrap_or(&[])
    }

    pub(super) fn find(&self, direction: Direction, terms: &[String]) -> Option<&[Translation]> {
        let map = match direction {
            Direction::EnFa => &self.en_to_fa,
            Direction::FaEn => &self.fa_to_en,
        };
        map.get(terms)
            .map(Vec::as_slice)
            .or_else(|| self.base.as_ref()?.lookup(direction, terms))
    }

    /// The keys of one term, English and Persian (for typo corrections).
    pub fn single_terms(&self) -> impl Iterator<Item = &str> {
        self.en_to_fa
            .keys()
            .chain(self.fa_to_en.keys())
            .filter_map(|key| match key.as_slice() {
                [term] => Some(term.as_str()),
                _ => None,
            })
            .chain(self.base.iter().flat_map(|base| base.single_terms()))
    }

    /// The most words a key has.
    pub fn longest_key(&self) -> usize {
        self.longest_key
    }

    /// Number of entries (lines) read.
    pub fn len(&self) -> usize {
        self.entries
    }

    /// True when no entry was read.
    pub fn is_empty(&self) -> bool {
        self.entries == 0
    }
}

fn push_unique(list: &mut Vec<Translation>, translation: Translation) {
    if !list.iter().any(|t| t.terms == translation.terms) {
        list.push(translation);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(words: &[&str]) -> Vec<String> {
        words.iter().map(|w| w.to_string()).collect()
    }

    #[test]
    fn builtin_lexicon_covers_the_domain() {
        let lexicon = BilingualLexicon::builtin();
        assert!(lexicon.len() >= 600, "{}", lexicon.len());
        let texts = |key: &[&str]| {
            lexicon
                .lookup(&terms(key))
                .iter()
                .map(|t| t.text.clone())
                .collect::<Vec<_>>()
        };
        assert!(texts(&["bushehr"]).contains(&"بوشهر".to_string()));
        assert!(texts(&["sanction"]).contains(&"تحریم".to_string()));
        assert!(texts(&["persian", "gulf"])
            .iter()
            .any(|t| t.starts_with("خلیج")));
        assert!(texts(&["secur", "council"]).contains(&"شورای امنیت".to_string()));
        // Persian → English, whatever the spelling of the key.
        assert!(texts(&["خزر"]).contains(&"Caspian".to_string()));
        assert!(texts(&["خلیج", "فارس"]).contains(&"Persian Gulf".to_string()));
        assert!(texts(&["پوتین"]).contains(&"Putin".to_string()));
    }

    #[test]
    fn variants_of_one_spelling_are_one_translation() {
        let caspian = BilingualLexicon::builtin().lookup(&terms(&["persian", "gulf"]));
        // «خلیج فارس» and «خلیج‌فارس» analyse alike: one translation.
        assert_eq!(
            caspian
                .iter()
                .filter(|t| t.terms == terms(&["خلیج", "فارس"]))
                .count(),
            1
        );
    }

    #[test]
    fn user_files_add_entries_and_bad_lines_are_named() {
        let mut lexicon = BilingualLexicon::default();
        lexicon
            .add_tsv(
                "mine.tsv",
                "# my names\nGazprom\tگازپروم\torganization\n\nLavrov\tلاوروف|سرگئی لاوروف\tperson\n",
            )
            .unwrap();
        assert_eq!(lexicon.len(), 2);
        assert_eq!(
            lexicon.lookup(&terms(&["gazprom"]))[0].source,
            Source {
                file: "mine.tsv".into(),
                line: 2
            }
        );
        assert_eq!(lexicon.lookup(&terms(&["لاوروف"]))[0].text, "Lavrov");

        for (tsv, needle) in [
            ("Gazprom\tگازپروم\n", "expected 3 tab-separated columns"),
            ("Gazprom\tگازپروم\tcompany\n", "unknown category «company»"),
            ("\tگازپروم\torganization\n", "must not be empty"),
            ("Gazprom\tGazprom\torganization\n", "Latin letters"),
            (
                "Gazprom\tگازپروم||\torganization\n",
                "empty or unsearchable",
            ),
        ] {
            let err = BilingualLexicon::default()
                .add_tsv("bad.tsv", &format!("# header\n{tsv}"))
                .unwrap_err();
            let message = err.to_string();
            assert!(message.starts_with("bad.tsv:2: "), "{message}");
            assert!(message.contains(needle), "{message}");
        }
    }

    #[test]
    fn missing_file_is_an_error_with_its_path() {
        let err = BilingualLexicon::default()
            .add_file(Path::new("/no/such/lexicon.tsv"))
            .unwrap_err();
        assert!(err.to_string().contains("/no/such/lexicon.tsv"));
    }
}
