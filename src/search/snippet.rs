//! Snippets: the parts of a passage around its best matches, sized in
//! characters, with more than one fragment when the matches are far apart.

use serde::Serialize;

/// How snippets are cut.
#[derive(Debug, Clone, Copy)]
pub struct SnippetOptions {
    /// Total characters of the snippet (fragments together), about.
    pub max_chars: usize,
    /// At most this many fragments.
    pub max_fragments: usize,
}

impl Default for SnippetOptions {
    fn default() -> Self {
        SnippetOptions {
            max_chars: 240,
            max_fragments: 3,
        }
    }
}

/// A snippet and where its highlights are.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Snippet {
    /// The fragments joined with " … ", whitespace runs folded to one space.
    pub text: String,
    /// `[start, end)` spans in Unicode scalar values into `text`.
    pub highlights: Vec<[usize; 2]>,
}

/// The separator between fragments.
pub const ELLIPSIS: &str = "…";

/// Cuts a snippet of `text` around `spans` (byte spans of matches, sorted).
///
/// ```
/// use kavosh::search::snippet::{make_snippet, SnippetOptions};
/// let text = "روابط ایران و روسیه در دریای خزر گسترش یافت.";
/// let s = make_snippet(text, &[(41, 51)], SnippetOptions::default()); // «دریای»
/// assert_eq!(s.text, text);
/// assert_eq!(s.highlights, [[23, 28]]);
/// ```
pub fn make_snippet(text: &str, spans: &[(usize, usize)], options: SnippetOptions) -> Snippet {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let n = chars.len();
    let byte_to_char = |b: usize| chars.partition_point(|&(i, _)| i < b);
    let spans: Vec<(usize, usize)> = spans
        .iter()
        .map(|&(s, e)| (byte_to_char(s), byte_to_char(e)))
        .collect();
    let budget = options.max_chars.max(20);

    let windows: Vec<(usize, usize)> = if n <= budget {
        vec![(0, n)]
    } else if spans.is_empty() {
        vec![(0, budget)]
    } else if spans.last().unwrap().1 - spans[0].0 <= budget {
        vec![center(spans[0].0, spans.last().unwrap().1, budget, n)]
    } else {
        let clusters = best_clusters(
            &spans,
            budget / options.max_fragments.max(1),
            options.max_fragments.max(1),
        );
        let each = budget / clusters.len();
        clusters
            .iter()
            .map(|&(s, e)| center(s, e, each.max(e - s), n))
            .collect()
    };
    let windows: Vec<(usize, usize)> = windows
        .into_iter()
        .map(|w| snap_to_words(&chars, w))
        .collect();
    render(&chars, &windows, &spans)
}

/// A window of `width` chars around `[s, e)`, inside `[0, n)`.
fn center(s: usize, e: usize, width: usize, n: usize) -> (usize, usize) {
    let width = width.min(n);
    let extra = width.saturating_sub(e - s);
    let mut start = s.saturating_sub(extra / 3); // more context after than before
    if start + width > n {
        start = n - width;
    }
    (start, (start + width).max(e).min(n))
}

/// Groups spans into clusters no wider than `width`; returns the best
/// `k` clusters (most matches first), in text order.
fn best_clusters(spans: &[(usize, usize)], width: usize, k: usize) -> Vec<(usize, usize)> {
    let mut clusters: Vec<(usize, usize, usize)> = Vec::new(); // start, end, count
    for &(s, e) in spans {
        match clusters.last_mut() {
            Some(c) if e - c.0 <= width => {
                c.1 = c.1.max(e);
                c.2 += 1;
            }
            _ => clusters.push((s, e, 1)),
        }
    }
    let mut order: Vec<usize> = (0..clusters.len()).collect();
    order.sort_by_key(|&i| (std::cmp::Reverse(clusters[i].2), i));
    let mut chosen: Vec<usize> = order.into_iter().take(k).collect();
    chosen.sort_unstable();
    chosen
        .into_iter()
        .map(|i| (clusters[i].0, clusters[i].1))
        .collect()
}

/// Moves window edges outwards to whitespace so that words are not cut,
/// by at most 15 characters.
fn snap_to_words(chars: &[(usize, char)], (mut s, mut e): (usize, usize)) -> (usize, usize) {
    for _ in 0..15 {
        if s == 0 || chars[s - 1].1.is_whitespace() {
            break;
        }
        s -= 1;
    }
    for _ in 0..15 {
        if e >= chars.len() || chars[e].1.is_whitespace() {
            break;
        }
        e += 1;
    }
    (s, e)
}

fn render(
    chars: &[(usize, char)],
    windows: &[(usize, usize)],
    spans: &[(usize, usize)],
) -> Snippet {
    let mut text = String::new();
    let mut len = 0usize; // chars in `text`
    let mut highlights = Vec::new();
    let mut last_end = 0;
    for (wi, &(ws, we)) in windows.iter().enumerate() {
        let ws = ws.max(last_end);
        if ws >= we {
            continue;
        }
        if ws > 0 || wi > 0 {
            if text.ends_with(' ') {
                text.pop();
                len -= 1;
            }
            if !text.is_empty() {
                text.push(' ');
                len += 1;
            }
            text.push_str(ELLIPSIS);
            text.push(' ');
            len += 2;
        }
        let mut map = Vec::with_capacity(we - ws + 1); // original char index → snippet char index
        let mut prev_space = text.is_empty() || text.ends_with(' ');
        for &(_, c) in &chars[ws..we] {
            map.push(len);
            let c = if c.is_whitespace() { ' ' } else { c };
            if c == ' ' && prev_space {
                continue;
            }
            prev_space = c == ' ';
            text.push(c);
            len += 1;
        }
        map.push(len);
        for &(s, e) in spans {
            let (s, e) = (s.max(ws), e.min(we));
            if s < e {
                highlights.push([map[s - ws], map[e - ws]]);
            }
        }
        if we < chars.len() && wi + 1 == windows.len() {
            if text.ends_with(' ') {
                text.pop();
                len -= 1;
            }
            text.push(' ');
            text.push_str(ELLIPSIS);
            len += 2;
        }
        last_end = we;
    }
    Snippet { text, highlights }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn highlighted(s: &Snippet) -> Vec<String> {
        let chars: Vec<char> = s.text.chars().collect();
        s.highlights
            .iter()
            .map(|[a, b]| chars[*a..*b].iter().collect())
            .collect()
    }

    fn spans_of(text: &str, word: &str) -> Vec<(usize, usize)> {
        text.match_indices(word)
            .map(|(i, w)| (i, i + w.len()))
            .collect()
    }

    #[test]
    fn short_passage_is_whole() {
        let text = "نیروگاه بوشهر با همکاری روسیه ساخته شد.";
        let s = make_snippet(text, &spans_of(text, "بوشهر"), SnippetOptions::default());
        assert_eq!(s.text, text);
        assert_eq!(highlighted(&s), ["بوشهر"]);
    }

    #[test]
    fn long_passage_is_cut_around_the_match_in_characters() {
        let text = format!("{} بوشهر {}", "کلمه ".repeat(200), "واژه ".repeat(200));
        let s = make_snippet(
            &text,
            &spans_of(&text, "بوشهر"),
            SnippetOptions {
                max_chars: 100,
                max_fragments: 3,
            },
        );
        let n = s.text.chars().count();
        assert!((90..=140).contains(&n), "{n} chars: {}", s.text);
        assert!(s.text.starts_with(ELLIPSIS) && s.text.ends_with(ELLIPSIS));
        assert_eq!(highlighted(&s), ["بوشهر"]);
    }

    #[test]
    fn far_apart_matches_give_several_fragments() {
        let text = format!("خزر {} روسیه {} خزر", "الف ".repeat(150), "ب ".repeat(300));
        let mut spans = spans_of(&text, "خزر");
        spans.extend(spans_of(&text, "روسیه"));
        spans.sort();
        let s = make_snippet(
            &text,
            &spans,
            SnippetOptions {
                max_chars: 120,
                max_fragments: 3,
            },
        );
        assert_eq!(s.text.matches(ELLIPSIS).count(), 2, "{}", s.text);
        assert_eq!(highlighted(&s), ["خزر", "روسیه", "خزر"]);
    }

    #[test]
    fn whitespace_is_folded_and_highlights_follow() {
        let text = "ایران   و\nروسیه";
        let s = make_snippet(text, &spans_of(text, "روسیه"), SnippetOptions::default());
        assert_eq!(s.text, "ایران و روسیه");
        assert_eq!(highlighted(&s), ["روسیه"]);
    }

    #[test]
    fn no_match_in_text_shows_the_beginning() {
        let text = "واژه ".repeat(100);
        let s = make_snippet(
            &text,
            &[],
            SnippetOptions {
                max_chars: 50,
                max_fragments: 2,
            },
        );
        assert!(s.text.starts_with("واژه") && s.text.ends_with(ELLIPSIS));
        assert!(s.highlights.is_empty());
    }
}
