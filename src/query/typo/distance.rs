//! The edit distance of typo tolerance, with Persian's homophone letters in
//! mind, and the same distance as an automaton over a term dictionary (an
//! FST), so only the index's terms within reach are ever visited.
//!
//! Costs are counted in half edits ([`EDIT`] = 2): a letter typed for
//! another of the same sound ([`HOMOPHONE`] = 1, «ت/ط», «س/ص/ث», «ز/ذ/ض/ظ»,
//! «ه/ح», «ا/ع/ء», «ق/غ») costs half an edit; any other substitution, a
//! dropped or added letter, or two neighbouring letters swapped cost one
//! edit; an edit other than a homophone at the first letter costs half an
//! edit more (people rarely mistype the first letter of a word).

use std::rc::Rc;

use tantivy_fst::Automaton;

/// One edit: a letter dropped, added, replaced, or two letters swapped.
pub const EDIT: u8 = 2;
/// A letter replaced by another letter of the same sound.
pub const HOMOPHONE: u8 = 1;
/// Added to an edit other than a homophone at the first letter.
const FIRST_LETTER: u8 = 1;

/// The class of Persian letters that sound alike a letter belongs to (0:
/// none): {ت ط}, {س ص ث}, {ز ذ ض ظ}, {ه ح}, {ا ع ء} (ئ and أ are already ی
/// and ا after the analyzer's normalisation, but may come from elsewhere),
/// {ق غ}.
#[inline]
fn homophone_class(c: char) -> u8 {
    match c {
        'ت' | 'ط' => 1,
        'س' | 'ص' | 'ث' => 2,
        'ز' | 'ذ' | 'ض' | 'ظ' => 3,
        'ه' | 'ح' => 4,
        'ا' | 'ع' | 'ء' | 'أ' | 'ئ' => 5,
        'ق' | 'غ' => 6,
        _ => 0,
    }
}

/// True when `a` and `b` are different letters of one sound.
pub fn homophones(a: char, b: char) -> bool {
    let class = homophone_class(a);
    a != b && class != 0 && class == homophone_class(b)
}

/// The cost of a plain edit at query position `at` (0: the first letter).
fn edit(at: usize) -> u8 {
    if at == 0 {
        EDIT + FIRST_LETTER
    } else {
        EDIT
    }
}

/// The cost of reading `found` where the query has `typed`, at query position `at`.
fn substitution(typed: char, found: char, at: usize) -> u8 {
    if typed == found {
        0
    } else if homophones(typed, found) {
        HOMOPHONE
    } else {
        edit(at)
    }
}

/// The first row of the table: the query's first `i` letters all dropped.
fn first_row(query: &[char]) -> Box<[u8]> {
    let mut row = Vec::with_capacity(query.len() + 1);
    row.push(0u8);
    for i in 0..query.len() {
        let last = row[i];
        row.push(last.saturating_add(edit(i)));
    }
    row.into_boxed_slice()
}

/// The next row of the table after the found letter `c`: `row` is the
/// current one, `before` the one before it and `last` the letter read
/// before `c` (for swapped letters).
fn next_row(query: &[char], row: &[u8], before: Option<&[u8]>, last: char, c: char) -> Box<[u8]> {
    let mut next = Vec::with_capacity(row.len());
    // A letter added before the query's first letter.
    next.push(row[0].saturating_add(edit(0)));
    for i in 1..=query.len() {
        let replaced = row[i - 1].saturating_add(substitution(query[i - 1], c, i - 1));
        let added = row[i].saturating_add(edit(i));
        let dropped = next[i - 1].saturating_add(edit(i - 1));
        let mut best = replaced.min(added).min(dropped);
        if let Some(before) = before {
            if i >= 2 && query[i - 1] == last && query[i - 2] == c && last != c {
                best = best.min(before[i - 2].saturating_add(edit(i - 2)));
            }
        }
        next.push(best);
    }
    next.into_boxed_slice()
}

/// The weighted edit distance from `query` to `word` (in half edits), or
/// `None` when it is above `budget`.
///
/// ```
/// use kavosh::query::typo::distance::distance;
/// assert_eq!(distance("همله", "حمله", 2), Some(1)); // ه for ح: half an edit
/// assert_eq!(distance("تهارن", "تهران", 2), Some(2)); // swapped letters: one edit
/// assert_eq!(distance("moscw", "moscow", 2), Some(2)); // a dropped letter: one edit
/// assert_eq!(distance("همله", "حملات", 2), None);
/// ```
pub fn distance(query: &str, word: &str, budget: u8) -> Option<u8> {
    let query: Vec<char> = query.chars().collect();
    distance_from(&query, word, budget)
}

/// [`distance`] from a query already split into letters.
pub fn distance_from(query: &[char], word: &str, budget: u8) -> Option<u8> {
    /// Longer queries are measured with allocated rows.
    const ROW: usize = 32;
    if query.len() >= ROW {
        return distance_allocated(query, word, budget);
    }
    let n = query.len();
    let mut classes = [0u8; ROW];
    for (class, &q) in classes.iter_mut().zip(query) {
        *class = homophone_class(q);
    }
    // Three rows on the stack: the one before, the current, the next.
    let mut rows = [[u8::MAX; ROW]; 3];
    rows[1][..=n].copy_from_slice(&first_row(query));
    let (mut before, mut row, mut next) = (0usize, 1usize, 2usize);
    let mut last = '\0';
    for (read, c) in word.chars().enumerate() {
        let class = homophone_class(c);
        rows[next][0] = rows[row][0].saturating_add(edit(0));
        let mut alive = rows[next][0] <= budget;
        for i in 1..=n {
            let cost = if query[i - 1] == c {
                0
            } else if class != 0 && classes[i - 1] == class {
                HOMOPHONE
            } else {
                edit(i - 1)
            };
            let replaced = rows[row][i - 1].saturating_add(cost);
            let added = rows[row][i].saturating_add(edit(i));
            let dropped = rows[next][i - 1].saturating_add(edit(i - 1));
            let mut best = replaced.min(added).min(dropped);
            if read >= 1 && i >= 2 && query[i - 1] == last && query[i - 2] == c && last != c {
                best = best.min(rows[before][i - 2].saturating_add(edit(i - 2)));
            }
            rows[next][i] = best;
            alive |= best <= budget;
        }
        if !alive {
            return None;
        }
        (before, row, next) = (row, next, before);
        last = c;
    }
    let d = rows[row][n];
    (d <= budget).then_some(d)
}

fn distance_allocated(query: &[char], word: &str, budget: u8) -> Option<u8> {
    let mut row = first_row(query);
    let mut before: Option<Box<[u8]>> = None;
    let mut last = '\0';
    for c in word.chars() {
        let next = next_row(query, &row, before.as_deref(), last, c);
        if next.iter().all(|&d| d > budget) {
            return None;
        }
        before = Some(std::mem::replace(&mut row, next));
        last = c;
    }
    let d = row[query.len()];
    (d <= budget).then_some(d)
}

/// The table rows an automaton state carries.
#[derive(Debug)]
struct Rows {
    row: Box<[u8]>,
    before: Option<Box<[u8]>>,
    last: char,
}

/// A state of [`TypoAutomaton`]: the rows after the letters read so far, and
/// the bytes of a letter not yet complete.
#[derive(Debug, Clone)]
pub struct State {
    rows: Option<Rc<Rows>>,
    pending: u32,
    needed: u8,
}

/// The words within `budget` of a query word, as an automaton over the bytes
/// of a term dictionary (UTF-8 decoded as it goes).
#[derive(Debug, Clone)]
pub struct TypoAutomaton {
    query: Vec<char>,
    budget: u8,
}

impl TypoAutomaton {
    /// The automaton of the words within `budget` half edits of `query`.
    pub fn new(query: &str, budget: u8) -> TypoAutomaton {
        TypoAutomaton {
            query: query.chars().collect(),
            budget,
        }
    }

    fn dead() -> State {
        State {
            rows: None,
            pending: 0,
            needed: 0,
        }
    }
}

impl Automaton for TypoAutomaton {
    type State = State;

    fn start(&self) -> State {
        State {
            rows: Some(Rc::new(Rows {
                row: first_row(&self.query),
                before: None,
                last: '\0',
            })),
            pending: 0,
            needed: 0,
        }
    }

    fn is_match(&self, state: &State) -> bool {
        state.needed == 0
            && state
                .rows
                .as_ref()
                .is_some_and(|r| r.row[self.query.len()] <= self.budget)
    }

    fn can_match(&self, state: &State) -> bool {
        state
            .rows
            .as_ref()
            .is_some_and(|r| r.row.iter().any(|&d| d <= self.budget))
    }

    fn accept(&self, state: &State, byte: u8) -> State {
        let Some(rows) = &state.rows else {
            return TypoAutomaton::dead();
        };
        // UTF-8: a leading byte says how many continuation bytes follow.
        let (code, needed) = if state.needed == 0 {
            match byte {
                0x00..=0x7F => (u32::from(byte), 0),
                0xC0..=0xDF => (u32::from(byte & 0x1F), 1),
                0xE0..=0xEF => (u32::from(byte & 0x0F), 2),
                0xF0..=0xF7 => (u32::from(byte & 0x07), 3),
                _ => return TypoAutomaton::dead(),
            }
        } else if byte & 0xC0 == 0x80 {
            (
                (state.pending << 6) | u32::from(byte & 0x3F),
                state.needed - 1,
            )
        } else {
            return TypoAutomaton::dead();
        };
        if needed > 0 {
            return State {
                rows: Some(rows.clone()),
                pending: code,
                needed,
            };
        }
        let Some(c) = char::from_u32(code) else {
            return TypoAutomaton::dead();
        };
        let row = next_row(&self.query, &rows.row, rows.before.as_deref(), rows.last, c);
        if row.iter().all(|&d| d > self.budget) {
            return TypoAutomaton::dead();
        }
        State {
            rows: Some(Rc::new(Rows {
                before: Some(rows.row.clone()),
                row,
                last: c,
            })),
            pending: 0,
            needed: 0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(automaton: &TypoAutomaton, word: &str) -> bool {
        let mut state = automaton.start();
        for byte in word.bytes() {
            state = automaton.accept(&state, byte);
            if !automaton.can_match(&state) {
                return false;
            }
        }
        automaton.is_match(&state)
    }

    #[test]
    fn every_homophone_class_costs_half_an_edit() {
        for (typed, meant) in [
            ("اتلاعات", "اطلاعات"), // ت for ط
            ("سادرات", "صادرات"), // س for ص
            ("ثابط", "ثابت"),     // ط for ت
            ("مزهب", "مذهب"),     // ز for ذ
            ("ذربه", "ضربه"),     // ذ for ض
            ("همله", "حمله"),     // ه for ح
            ("اراق", "عراق"),     // ا for ع, at the first letter
            ("غیمت", "قیمت"),     // غ for ق, at the first letter
        ] {
            assert_eq!(
                distance(typed, meant, 4),
                Some(HOMOPHONE),
                "{typed} → {meant}"
            );
        }
        assert!(homophones('ص', 'ث'));
        assert!(!homophones('س', 'ش'));
        assert!(!homophones('ت', 'ت'));
    }

    #[test]
    fn other_edits_cost_one_edit_and_more_at_the_first_letter() {
        assert_eq!(distance("اقتصدی", "اقتصادی", 4), Some(EDIT)); // dropped ا
        assert_eq!(distance("تهارن", "تهران", 4), Some(EDIT)); // swapped
        assert_eq!(distance("caspain", "caspian", 4), Some(EDIT));
        assert_eq!(distance("azerbaijn", "azerbaijan", 4), Some(EDIT));
        assert_eq!(distance("کشور", "لشور", 4), Some(EDIT + FIRST_LETTER));
        assert_eq!(distance("shoe", "hoe", 4), Some(EDIT + FIRST_LETTER));
        assert_eq!(distance("کشور", "کشور", 0), Some(0));
        assert_eq!(distance("کشور", "کشورها", 3), None);
    }

    #[test]
    fn rows_on_the_stack_measure_as_allocated_rows() {
        let words = [
            "حمله",
            "حملات",
            "همله",
            "عراق",
            "تهران",
            "caspian",
            "moscow",
            "مذهبی",
            "قسمت",
        ];
        for query in ["همله", "اراق", "تهارن", "caspain", "مزهب", "غیمت", "ملح"]
        {
            let letters: Vec<char> = query.chars().collect();
            for word in words {
                for budget in 0..=5 {
                    assert_eq!(
                        distance_from(&letters, word, budget),
                        distance_allocated(&letters, word, budget),
                        "{query} ~ {word} within {budget}"
                    );
                }
            }
        }
    }

    #[test]
    fn the_automaton_accepts_what_the_distance_accepts() {
        let words = [
            "حمله",
            "حملات",
            "همله",
            "عراق",
            "اراک",
            "تهران",
            "تهرانی",
            "caspian",
            "caspia",
            "moscow",
            "مذهب",
            "مذهبی",
            "ضربه",
            "قیمت",
            "قسمت",
        ];
        for query in ["همله", "اراق", "تهارن", "caspain", "مزهب", "غیمت"] {
            for budget in 0..=4 {
                let automaton = TypoAutomaton::new(query, budget);
                for word in words {
                    assert_eq!(
                        run(&automaton, word),
                        distance(query, word, budget).is_some(),
                        "{query} ~ {word} within {budget}"
                    );
                }
            }
        }
    }
}
