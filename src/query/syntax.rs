//! The query language, parsed without analysing words.
//!
//! | syntax | meaning |
//! |---|---|
//! | `word word` | passages with any of the words, ranked (see `search::rank`) |
//! | `"a phrase"`, `«a phrase»`, `“a phrase”` | the words in this order |
//! | `-word`, `-"a phrase"` | exclude passages containing it |
//! | `a OR b` | either one counts (also `|`) |
//!
//! Parsing is lenient: it never fails. What it cannot use (an unbalanced
//! quote, a lone `-`, a dangling `OR`) is handled in the most likely way and
//! reported in [`Syntax::warnings`].

/// One searchable unit as the user typed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    /// A bare word (may still analyse to several tokens, like "S-300").
    Word(String),
    /// A quoted phrase.
    Phrase(String),
}

/// Items joined by `OR`: any one of them satisfies the group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    /// The alternatives, at least one.
    pub alternatives: Vec<Item>,
}

/// A parsed query.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Syntax {
    /// Groups to search for, in the order typed.
    pub groups: Vec<Group>,
    /// Items whose passages are excluded.
    pub excluded: Vec<Item>,
    /// What was ignored or reinterpreted, in words a user understands.
    pub warnings: Vec<String>,
}

/// Quote pairs: ASCII, Persian guillemets, typographic quotes.
const QUOTES: &[(char, char)] = &[('"', '"'), ('«', '»'), ('“', '”'), ('„', '“'), ('″', '″')];

fn closing_quote(c: char) -> Option<char> {
    QUOTES
        .iter()
        .find(|(open, _)| *open == c)
        .map(|(_, close)| *close)
}

fn is_minus(c: char) -> bool {
    matches!(c, '-' | '\u{2212}' | '\u{2013}')
}

/// Control and bidi formatting characters act as spaces in a query; ZWNJ
/// and ZWJ stay (they belong to words).
fn is_separator(c: char) -> bool {
    c.is_whitespace()
        || c.is_control()
        || matches!(c, '\u{200B}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{061C}' | '\u{FEFF}')
}

enum Atom {
    Item { item: Item, negated: bool },
    Or,
}

fn scan(query: &str, warnings: &mut Vec<String>) -> Vec<Atom> {
    let chars: Vec<char> = query
        .chars()
        .map(|c| if is_separator(c) { ' ' } else { c })
        .collect();
    let mut atoms = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == ' ' {
            i += 1;
            continue;
        }
        let mut negated = false;
        if is_minus(chars[i]) {
            if i + 1 >= chars.len() || chars[i + 1] == ' ' {
                warnings.push("ignored a lone '-' (write -word to exclude a word)".to_string());
                i += 1;
                continue;
            }
            negated = true;
            i += 1;
        } else if chars[i] == '+' && i + 1 < chars.len() && chars[i + 1] != ' ' {
            i += 1; // "+word": every word is wanted anyway
        }
        if let Some(close) = closing_quote(chars[i]) {
            let start = i + 1;
            let end = chars[start..]
                .iter()
                .position(|&c| c == close)
                .map(|p| start + p);
            let text: String = chars[start..end.unwrap_or(chars.len())].iter().collect();
            if end.is_none() {
                warnings.push(format!(
                    "unbalanced quote: searched «{}» as a phrase",
                    text.trim()
                ));
            }
            i = end.map_or(chars.len(), |e| e + 1);
            if text.trim().is_empty() {
                warnings.push("ignored an empty phrase".to_string());
                continue;
            }
            atoms.push(Atom::Item {
                item: Item::Phrase(text.trim().to_string()),
                negated,
            });
            continue;
        }
        let start = i;
        while i < chars.len() && chars[i] != ' ' && closing_quote(chars[i]).is_none() {
            i += 1;
        }
        let word: String = chars[start..i].iter().collect();
        if !negated && (word == "OR" || word == "|" || word == "||") {
            atoms.push(Atom::Or);
        } else {
            atoms.push(Atom::Item {
                item: Item::Word(word),
                negated,
            });
        }
    }
    atoms
}

/// Parses a query string.
///
/// ```
/// use kavosh::query::syntax::{parse, Item};
/// let q = parse("کشتی -دریای \"شورای امنیت\" Putin OR پوتین");
/// assert_eq!(q.groups.len(), 3);
/// assert_eq!(q.excluded, [Item::Word("دریای".into())]);
/// assert_eq!(q.groups[1].alternatives, [Item::Phrase("شورای امنیت".into())]);
/// assert_eq!(q.groups[2].alternatives.len(), 2);
/// ```
pub fn parse(query: &str) -> Syntax {
    let mut syntax = Syntax::default();
    let atoms = scan(query, &mut syntax.warnings);
    let mut pending_or = false;
    let mut last_was_group = false;
    for atom in atoms {
        match atom {
            Atom::Or => {
                if !last_was_group || pending_or {
                    syntax
                        .warnings
                        .push("ignored an OR that has no word before it".to_string());
                } else {
                    pending_or = true;
                }
            }
            Atom::Item {
                item,
                negated: true,
            } => {
                if pending_or {
                    syntax
                        .warnings
                        .push("ignored an OR before an excluded word".to_string());
                    pending_or = false;
                }
                syntax.excluded.push(item);
                last_was_group = false;
            }
            Atom::Item {
                item,
                negated: false,
            } => {
                match (pending_or, syntax.groups.last_mut()) {
                    (true, Some(group)) => group.alternatives.push(item),
                    _ => syntax.groups.push(Group {
                        alternatives: vec![item],
                    }),
                }
                pending_or = false;
                last_was_group = true;
            }
        }
    }
    if pending_or {
        syntax
            .warnings
            .push("ignored an OR at the end of the query".to_string());
    }
    syntax
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(items: &[&str]) -> Vec<Group> {
        items
            .iter()
            .map(|w| Group {
                alternatives: vec![Item::Word(w.to_string())],
            })
            .collect()
    }

    #[test]
    fn plain_words() {
        let q = parse("نیروگاه بوشهر");
        assert_eq!(q.groups, words(&["نیروگاه", "بوشهر"]));
        assert!(q.warnings.is_empty());
    }

    #[test]
    fn phrases_in_all_quote_styles() {
        for query in ["\"شورای امنیت\"", "«شورای امنیت»", "“شورای امنیت”"]
        {
            let q = parse(query);
            assert_eq!(
                q.groups[0].alternatives,
                [Item::Phrase("شورای امنیت".into())],
                "{query}"
            );
        }
        assert_eq!(
            parse("«بوشهر»").groups[0].alternatives,
            [Item::Phrase("بوشهر".into())]
        );
    }

    #[test]
    fn exclusions() {
        let q = parse("کشتی -دریای -\"دریای خزر\"");
        assert_eq!(q.groups, words(&["کشتی"]));
        assert_eq!(
            q.excluded,
            [Item::Word("دریای".into()), Item::Phrase("دریای خزر".into())]
        );
    }

    #[test]
    fn hyphen_inside_a_word_is_not_an_exclusion() {
        let q = parse("S-300 شمال-جنوب");
        assert_eq!(q.groups, words(&["S-300", "شمال-جنوب"]));
        assert!(q.excluded.is_empty());
    }

    #[test]
    fn or_groups() {
        let q = parse("Putin OR پوتین مسکو");
        assert_eq!(q.groups.len(), 2);
        assert_eq!(
            q.groups[0].alternatives,
            [Item::Word("Putin".into()), Item::Word("پوتین".into())]
        );
        let q = parse("a | b");
        assert_eq!(q.groups[0].alternatives.len(), 2);
        // lowercase "or" is a word
        assert_eq!(parse("war or peace").groups.len(), 3);
    }

    #[test]
    fn malformed_input_is_handled_with_warnings() {
        let q = parse("\"شورای امنیت");
        assert_eq!(
            q.groups[0].alternatives,
            [Item::Phrase("شورای امنیت".into())]
        );
        assert_eq!(q.warnings.len(), 1);

        let q = parse("ایران - روسیه");
        assert_eq!(q.groups, words(&["ایران", "روسیه"]));
        assert!(q.warnings[0].contains("lone '-'"));

        let q = parse("OR ایران OR");
        assert_eq!(q.groups, words(&["ایران"]));
        assert_eq!(q.warnings.len(), 2);

        let q = parse("\"\" -");
        assert!(q.groups.is_empty());
        assert_eq!(q.warnings.len(), 2);
    }

    #[test]
    fn control_and_bidi_characters_separate_words() {
        let q = parse("ایران\u{0}روسیه\u{200f}-آمریکا\t\u{202b}خزر");
        assert_eq!(q.groups, words(&["ایران", "روسیه", "خزر"]));
        assert_eq!(q.excluded, [Item::Word("آمریکا".into())]);
    }

    #[test]
    fn zwnj_stays_inside_words() {
        let q = parse("احمدی\u{200c}نژاد");
        assert_eq!(q.groups, words(&["احمدی\u{200c}نژاد"]));
    }

    #[test]
    fn huge_input_does_not_explode() {
        let q = parse(&"ایران \"".repeat(5_000));
        assert!(!q.groups.is_empty());
    }
}
