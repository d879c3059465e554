//! The chain's per-word steps, looked up once per word.
//!
//! Of the chain's steps only the affix joiner looks at a token's
//! neighbours. The filters before it (invisible marks, diacritics, Persian
//! letters, digits: the head) rewrite each term on its own, and the filters
//! after it (decompounding, stemming, Latin folding, the tail) make tokens
//! of each token on its own, from its term, its script and, for the
//! stemmer, the clitic written apart at the end of its original text
//! ([`clitic_after_gap`]). So what the chain makes of a word (its
//! normalised term, and the tokens the tail makes of that) depends only on
//! the word as written, its script and that clitic, and words repeat
//! (Zipf): each thread keeps it per word, in a two-generation [`memo`](super::memo),
//! and a word seen before costs one lookup instead of nine filters'
//! passes, the word list's lookups and the final trim. The commonest words
//! are found before the memo, in a small table of one cache line a word
//! (`Front`).
//!
//! A text then goes: tokenizer; one lookup per token (the normalised term
//! goes into the token, the tail's tokens aside); the affix joiner; each
//! token the joiner left as it was takes its tail's tokens, a token it
//! changed (joined to the next, or its ezafe dropped) is looked up again as
//! the joined word; positions renumbered. Tokens identical to running the
//! filters one after the other ([`Analyzer::analyze_filter_by_filter`](super::Analyzer::analyze_filter_by_filter));
//! the tests below and `tests/properties.rs` check it.

use std::cell::RefCell;

use super::filter::TokenFilter;
use super::memo::Generations;
use super::persian_stem::{clitic_after_gap, CLITICS_WRITTEN_APART};
use super::token::{Script, Token};
use super::tokenizer::WordTokenizer;

/// How many filters of each chain come before the affix joiner.
pub(super) const HEAD: usize = 4;

/// Chains with a memo of their own (surface, exact, default).
pub(super) const CHAINS: usize = 3;

/// What the chain makes of one word.
#[derive(Debug)]
struct Word {
    /// The normalised term when it differs from the word as written.
    head: Option<Box<str>>,
    /// The tokens the tail makes of the normalised word, or `None` when
    /// they may depend on a clitic written apart ([`may_take_clitic_apart`]):
    /// then they are looked up with the clitic.
    tail: Option<Tail>,
}

/// The tokens the tail makes of one token.
#[derive(Debug)]
enum Tail {
    /// One token, its term unchanged.
    Same,
    /// One token with this term.
    Term(Box<str>),
    /// Any other result: each token's term, position after the token's and
    /// script (a glued word and its parts).
    Tokens(Box<[(Box<str>, usize, Script)]>),
}

/// A [`Tail`] copied out of the memo for one token of the text: ranges of
/// [`State::arena`] and [`State::parts`].
#[derive(Debug, Clone, Copy)]
enum Kept {
    Same,
    Term(usize, usize),
    Tokens(usize, usize),
}

/// One of [`Kept::Tokens`]' tokens: its term in the arena, position after
/// the token's, script.
#[derive(Debug, Clone, Copy)]
struct Part {
    term: (usize, usize),
    after: usize,
    script: Script,
}

/// A token before the affix joiner: what to find it unchanged after it,
/// and its tail.
#[derive(Debug, Clone, Copy)]
struct Before {
    end: usize,
    len: usize,
    tail: Kept,
}

/// Sets of a full-size [`Front`] table, of [`WAYS`] slots each (1 MiB).
const SETS: usize = 8192;

/// Sets of the [`Front`] table a thread starts with (64 KiB): a process
/// that analyses a query and a few passages touches at most its 16 pages,
/// where it would touch nearly all 256 of a full-size table at random.
const FIRST_SETS: usize = 512;

/// Words put into the first table after which the thread takes a
/// full-size one (more than a search puts, a few texts of an index).
const GROW_AFTER: usize = 4096;

/// Slots of a set of a [`Front`] table.
const WAYS: usize = 2;

/// Bytes a [`Slot`] holds for the key, the head and the tail's term.
const SLOT_BYTES: usize = 61;

/// In front of a chain's memo, the words looked up last, a few per set
/// chosen by a hash of the word, each with its whole result in one cache
/// line: the frequent words stay there, and a hit reads one line instead
/// of probing the memo's map and following its pointers. The lines of the
/// next tokens are fetched ahead ([`Front::prefetch`]) while a token is
/// looked up. Only the commonest kinds of result go there: a word whose
/// tail is one token (not the parts of a glued word, nor a tail that
/// depends on a clitic written apart), when its key, head and term fit in
/// [`SLOT_BYTES`].
///
/// A thread starts with a table of [`FIRST_SETS`] sets and takes one of
/// [`SETS`] once it has put [`GROW_AFTER`] words into it (see
/// [`Front::grow_if_due`]): a short process touches few pages, a long one
/// gets the big table after its first texts. The number of sets is held as
/// a mask, used once per token when the text's sets are hashed; a lookup
/// indexes the slots as before.
#[derive(Debug)]
struct Front {
    slots: Vec<Slot>,
    /// The number of sets less one (sets are a power of two).
    mask: usize,
    /// Words put into the table.
    puts: usize,
}

impl Default for Front {
    fn default() -> Self {
        Front::with_sets(FIRST_SETS)
    }
}

impl Front {
    /// A table of `sets` sets of empty slots, allocated zeroed: all zeros
    /// is an empty slot (`key_len` 0), and memory allocated zeroed is only
    /// mapped page by page when a slot is first touched, so a process that
    /// analyses one query does not fault in the whole table.
    fn with_sets(sets: usize) -> Self {
        assert!(sets.is_power_of_two());
        let len = sets * WAYS;
        let layout = std::alloc::Layout::array::<Slot>(len).expect("the table's size fits");
        // SAFETY: the layout has a non-zero size (sets and WAYS are not 0).
        let slots = unsafe { std::alloc::alloc_zeroed(layout) }.cast::<Slot>();
        if slots.is_null() {
            std::alloc::handle_alloc_error(layout);
        }
        // SAFETY: `slots` was allocated by the global allocator with the
        // layout of `len` slots, which is the layout a `Vec<Slot>` of
        // capacity `len` has; a `Slot` is bytes only (`repr(C)`, `u8`
        // fields), so all zeros is a valid value of each of the `len`.
        let slots = unsafe { Vec::from_raw_parts(slots, len, len) };
        Front {
            slots,
            mask: sets - 1,
            puts: 0,
        }
    }

    /// Replaces a first table that has taken [`GROW_AFTER`] words by an
    /// empty full-size one. Called between texts (the sets of a text's
    /// tokens are hashed for one size); the words dropped are still in the
    /// memo behind the table, and come back to it at their next lookup.
    #[inline]
    fn grow_if_due(&mut self) {
        if self.puts >= GROW_AFTER && self.mask < SETS - 1 {
            *self = Front::with_sets(SETS);
        }
    }
}

/// One word of a [`Front`] table: its key (see [`word_key`]), then its
/// normalised term and its tail's term when they differ from the word's,
/// one after the other in `bytes`.
#[derive(Debug, Clone, Copy)]
#[repr(C, align(64))]
struct Slot {
    /// Length of the key; 0 for an empty slot.
    key_len: u8,
    /// Length of the normalised term, or [`SAME`] when the head leaves the
    /// word as it is.
    head_len: u8,
    /// Length of the tail's term, or [`SAME`] when the tail leaves the
    /// normalised term as it is.
    term_len: u8,
    bytes: [u8; SLOT_BYTES],
}

/// [`Slot::head_len`] or [`Slot::term_len`] of a term left as it is.
const SAME: u8 = u8::MAX;

impl Slot {
    /// True when the slot holds the word `token`'s key is made of.
    #[inline]
    fn holds(&self, token: &Token) -> bool {
        let term = token.term.as_bytes();
        self.key_len as usize == term.len() + 1
            && self.bytes[0] == token.script as u8
            && self.bytes[1..self.key_len as usize] == *term
    }

    /// The bytes of one of the terms after the key: `from`, `len` long.
    fn term(&self, from: usize, len: u8) -> &str {
        std::str::from_utf8(&self.bytes[from..from + len as usize]).expect("a term")
    }
}

impl Front {
    /// The set of the word of `token`: a hash of its key.
    #[inline]
    fn set(&self, token: &Token) -> usize {
        let mut hasher = rustc_hash::FxHasher::default();
        std::hash::Hasher::write(&mut hasher, token.term.as_bytes());
        std::hash::Hasher::write_u8(&mut hasher, token.script as u8);
        (std::hash::Hasher::finish(&hasher) >> 24) as usize & self.mask
    }

    /// Starts fetching the lines of `set` into the cache.
    #[inline]
    fn prefetch(&self, set: usize) {
        #[cfg(target_arch = "x86_64")]
        for slot in &self.slots[set * WAYS..(set + 1) * WAYS] {
            let line: *const Slot = slot;
            // SAFETY: a prefetch only hints the processor; it reads no
            // memory the program sees and never faults.
            unsafe {
                std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(line.cast())
            };
        }
        #[cfg(not(target_arch = "x86_64"))]
        let _ = set;
    }

    /// The result for `token` if its word is in `set`: its normalised term
    /// written into the token, its tail copied.
    #[inline]
    fn get(&mut self, set: usize, token: &mut Token, arena: &mut String) -> Option<Kept> {
        let ways = &mut self.slots[set * WAYS..(set + 1) * WAYS];
        let way = ways.iter().position(|slot| slot.holds(token))?;
        // The way last hit first: the other one is replaced next.
        ways.swap(0, way);
        let slot = &ways[0];
        let mut at = slot.key_len as usize;
        if slot.head_len != SAME {
            token.term.clear();
            token.term.push_str(slot.term(at, slot.head_len));
            at += slot.head_len as usize;
        }
        Some(match slot.term_len {
            SAME => Kept::Same,
            len => {
                let from = arena.len();
                arena.push_str(slot.term(at, len));
                Kept::Term(from, arena.len())
            }
        })
    }

    /// Puts the word of `key` in `set`, in place of the word used least
    /// recently there, if its result fits.
    fn put(&mut self, set: usize, key: &[u8], word: &Word) {
        let term = match &word.tail {
            Some(Tail::Same) => None,
            Some(Tail::Term(term)) => Some(term.as_bytes()),
            _ => return,
        };
        let head = word.head.as_deref().map(str::as_bytes);
        let len = |bytes: Option<&[u8]>| bytes.map_or(0, <[u8]>::len);
        if key.len() + len(head) + len(term) > SLOT_BYTES || key.len() < 2 {
            return;
        }
        self.puts += 1;
        let ways = &mut self.slots[set * WAYS..(set + 1) * WAYS];
        ways.rotate_right(1);
        let slot = &mut ways[0];
        slot.key_len = key.len() as u8;
        slot.bytes[..key.len()].copy_from_slice(key);
        let mut at = key.len();
        let mut add = |bytes: Option<&[u8]>| match bytes {
            None => SAME,
            Some(bytes) => {
                slot.bytes[at..at + bytes.len()].copy_from_slice(bytes);
                at += bytes.len();
                bytes.len() as u8
            }
        };
        let head_len = add(head);
        let term_len = add(term);
        (slot.head_len, slot.term_len) = (head_len, term_len);
    }
}

/// How many tokens ahead [`run`] fetches the front's lines.
const AHEAD: usize = 8;

/// Words a generation of a chain's memo holds.
const WORDS: usize = 28_672;

/// One chain's memo in one thread, and buffers reused from text to text.
#[derive(Debug)]
struct State {
    front: Front,
    words: Generations<Word>,
    /// The front set of each token of the text.
    sets: Vec<usize>,
    key: Vec<u8>,
    arena: String,
    parts: Vec<Part>,
    before: Vec<Before>,
    tails: Vec<Kept>,
    spare: Vec<Token>,
    /// Terms of tokens no longer used, for the tokenizer's next tokens.
    strings: Vec<String>,
}

impl Default for State {
    fn default() -> Self {
        State {
            front: Front::default(),
            words: Generations::with_capacity(WORDS),
            sets: Vec::new(),
            key: Vec::new(),
            arena: String::new(),
            parts: Vec::new(),
            before: Vec::new(),
            tails: Vec::new(),
            spare: Vec::new(),
            strings: Vec::new(),
        }
    }
}

thread_local!(static STATES: [RefCell<State>; CHAINS] = Default::default());

/// The clitic of [`clitic_after_gap`] as a byte of a key.
fn clitic_byte(original: &str) -> u8 {
    clitic_after_gap(original)
        .and_then(|c| CLITICS_WRITTEN_APART.iter().position(|k| *k == c))
        .map_or(0, |i| i as u8 + 1)
}

/// The key of a word as written: its script and term.
fn word_key(key: &mut Vec<u8>, token: &Token) {
    key.clear();
    key.push(token.script as u8);
    key.extend_from_slice(token.term.as_bytes());
}

/// Marks the keys of [`tail_key`].
const TAIL: u8 = 0x80;

/// The key of a normalised word looked up for its tail only: a word the
/// joiner changed, or one whose tail may depend on a clitic written apart.
/// Its script, the clitic, its term.
fn tail_key(key: &mut Vec<u8>, text: &str, token: &Token) {
    key.clear();
    key.push(TAIL | token.script as u8);
    key.push(clitic_byte(&text[token.start..token.end]));
    key.extend_from_slice(token.term.as_bytes());
}

/// False when the stemmer's clitic written apart cannot apply to `term`
/// nor to any part of it (every clitic ends in «ی» and follows an «ه»),
/// so that its tail is the same whatever its original text.
fn may_take_clitic_apart(term: &str) -> bool {
    // «ه» is the bytes D9 87, «ی» DB 8C, «ا» D8 A7; D9 only begins a letter.
    let bytes = term.as_bytes();
    (0..bytes.len().saturating_sub(3)).any(|i| {
        bytes[i] == 0xD9
            && bytes[i + 1] == 0x87
            && matches!(
                bytes[i + 2..],
                [0xDB, 0x8C, ..] | [0xD8, 0xA7, 0xDB, 0x8C, ..]
            )
    })
}

/// The tail of `token` (normalised), from the memo or computed.
fn tail_of(
    filters: &[Box<dyn TokenFilter>],
    words: &mut Generations<Word>,
    key: &mut Vec<u8>,
    arena: &mut String,
    parts: &mut Vec<Part>,
    text: &str,
    token: &Token,
) -> Kept {
    tail_key(key, text, token);
    let compute = || Word {
        head: None,
        tail: Some(
            SCRATCH
                .with(|scratch| tail_uncached(filters, text, token, &mut scratch.borrow_mut()[1])),
        ),
    };
    words.with_entry(key, compute, |word| {
        keep(word.tail.as_ref().expect("tails are kept"), arena, parts)
    })
}

/// Tokenises `text` into `tokens` and runs `filters` (the chain of
/// [`super::Analyzer::chain`], whose memo is `chain`) over them (see the
/// module docs).
pub(super) fn analyze(
    tokenizer: &WordTokenizer,
    filters: &[Box<dyn TokenFilter>],
    chain: usize,
    text: &str,
    tokens: &mut Vec<Token>,
) {
    STATES.with(|states| {
        let state = &mut *states[chain].borrow_mut();
        tokenizer.tokenize_reusing(text, tokens, &mut state.strings);
        run(filters, state, text, tokens);
    });
}

fn run(filters: &[Box<dyn TokenFilter>], state: &mut State, text: &str, tokens: &mut Vec<Token>) {
    let State {
        front,
        words,
        sets,
        key,
        arena,
        parts,
        before,
        tails,
        spare,
        strings: _,
    } = state;
    arena.clear();
    parts.clear();
    before.clear();
    tails.clear();
    front.grow_if_due();
    sets.clear();
    sets.extend(tokens.iter().map(|token| front.set(token)));
    for &set in sets.iter().take(AHEAD) {
        front.prefetch(set);
    }
    // Each word: its normalised term into the token, its tail aside.
    for (i, token) in tokens.iter_mut().enumerate() {
        if let Some(&set) = sets.get(i + AHEAD) {
            front.prefetch(set);
        }
        let set = sets[i];
        if let Some(tail) = front.get(set, token, arena) {
            before.push(Before {
                end: token.end,
                len: token.term.len(),
                tail,
            });
            continue;
        }
        word_key(key, token);
        let at = arena.len();
        let (head, tail) = words.with_entry(
            key,
            || word_uncached(filters, text, token),
            |word| {
                front.put(set, key, word);
                let head = word.head.as_ref().map(|head| {
                    arena.push_str(head);
                    arena.len()
                });
                (
                    head,
                    word.tail.as_ref().map(|tail| keep(tail, arena, parts)),
                )
            },
        );
        if let Some(end) = head {
            token.term.clear();
            token.term.push_str(&arena[at..end]);
        }
        let tail = match tail {
            Some(tail) => tail,
            None => tail_of(filters, words, key, arena, parts, text, token),
        };
        before.push(Before {
            end: token.end,
            len: token.term.len(),
            tail,
        });
    }
    filters[HEAD].apply(text, tokens);
    // The tails: kept for the tokens the joiner left alone (the tokenizer
    // numbered tokens from 0, the joiner keeps positions), looked up again
    // for the ones it changed.
    let mut several = false;
    for token in tokens.iter() {
        let was = before[token.position];
        let tail = if (token.end, token.term.len()) == (was.end, was.len) {
            was.tail
        } else {
            tail_of(filters, words, key, arena, parts, text, token)
        };
        several |= matches!(tail, Kept::Tokens(..));
        tails.push(tail);
    }
    if !several {
        for (token, tail) in tokens.iter_mut().zip(tails.iter()) {
            if let Kept::Term(from, to) = *tail {
                token.term.clear();
                token.term.push_str(&arena[from..to]);
            }
        }
    } else {
        // Tokens added: later positions move on, as the decompounder moves them.
        let mut out = std::mem::take(spare);
        out.clear();
        out.reserve(tokens.len() + 8);
        let mut shift = 0;
        for (mut token, tail) in tokens.drain(..).zip(tails.iter()) {
            token.position += shift;
            match *tail {
                Kept::Same => out.push(token),
                Kept::Term(from, to) => {
                    token.term.clear();
                    token.term.push_str(&arena[from..to]);
                    out.push(token);
                }
                Kept::Tokens(from, to) => {
                    let mut last = 0;
                    for part in &parts[from..to] {
                        out.push(Token {
                            term: arena[part.term.0..part.term.1].to_string(),
                            start: token.start,
                            end: token.end,
                            position: token.position + part.after,
                            script: part.script,
                        });
                        last = last.max(part.after);
                    }
                    shift += last;
                }
            }
        }
        *spare = std::mem::replace(tokens, out);
    }
    super::renumber_positions(tokens);
}

/// Copies `tail` out of the memo.
fn keep(tail: &Tail, arena: &mut String, parts: &mut Vec<Part>) -> Kept {
    let mut copy = |term: &str| {
        let from = arena.len();
        arena.push_str(term);
        (from, arena.len())
    };
    match tail {
        Tail::Same => Kept::Same,
        Tail::Term(term) => {
            let (from, to) = copy(term);
            Kept::Term(from, to)
        }
        Tail::Tokens(tokens) => {
            let from = parts.len();
            for (term, after, script) in tokens.iter() {
                let term = copy(term);
                parts.push(Part {
                    term,
                    after: *after,
                    script: *script,
                });
            }
            Kept::Tokens(from, parts.len())
        }
    }
}

thread_local! {
    /// The tokens [`word_uncached`] and [`tail_uncached`] run the filters
    /// over, kept from word to word with their terms' buffers.
    static SCRATCH: RefCell<[Vec<Token>; 2]> = Default::default();
}

/// Makes `tokens` the one token `token`, reusing the buffer of its term.
fn put_one(tokens: &mut Vec<Token>, token: &Token) {
    tokens.truncate(1);
    match tokens.first_mut() {
        Some(one) => {
            one.term.clone_from(&token.term);
            (one.start, one.end, one.position, one.script) =
                (token.start, token.end, token.position, token.script);
        }
        None => tokens.push(token.clone()),
    }
}

/// What the chain makes of `token`, filter by filter.
fn word_uncached(filters: &[Box<dyn TokenFilter>], text: &str, token: &Token) -> Word {
    SCRATCH.with(|scratch| {
        let [one, tail] = &mut *scratch.borrow_mut();
        put_one(one, token);
        for filter in &filters[..HEAD] {
            filter.apply(text, one);
        }
        let normalised = one.last().expect("the head keeps the token");
        Word {
            head: (normalised.term != token.term).then(|| normalised.term.as_str().into()),
            tail: (!may_take_clitic_apart(&normalised.term))
                .then(|| tail_uncached(filters, text, normalised, tail)),
        }
    })
}

/// The tokens the tail makes of `token`, filter by filter (in `tokens`),
/// terms trimmed as [`super::compact_positions`] trims them.
fn tail_uncached(
    filters: &[Box<dyn TokenFilter>],
    text: &str,
    token: &Token,
    tokens: &mut Vec<Token>,
) -> Tail {
    put_one(tokens, token);
    for filter in &filters[HEAD + 1..] {
        filter.apply(text, tokens);
    }
    super::trim_terms(tokens);
    match tokens.as_slice() {
        [one] if (one.position, one.script) == (token.position, token.script) => {
            match one.term == token.term {
                true => Tail::Same,
                false => Tail::Term(one.term.as_str().into()),
            }
        }
        _ => Tail::Tokens(
            tokens
                .iter()
                .map(|t| {
                    (
                        t.term.as_str().into(),
                        t.position - token.position,
                        t.script,
                    )
                })
                .collect(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use crate::analysis::Analyzer;

    fn same_as_filter_by_filter(analyzer: &Analyzer, text: &str) {
        let mut fused = Vec::new();
        let mut plain = Vec::new();
        // Twice: the second time every word comes from the memo.
        for _ in 0..2 {
            analyzer.analyze_into(text, &mut fused);
            analyzer.analyze_filter_by_filter(text, &mut plain);
            assert_eq!(fused, plain, "{text}");
        }
    }

    fn chains() -> [Analyzer; 3] {
        [Analyzer::surface(), Analyzer::exact(), Analyzer::default()]
    }

    #[test]
    fn the_memo_gives_the_chains_tokens_on_real_text() {
        let article = include_str!("../../tests/fixtures/formats/fa/iran-russia.md");
        for analyzer in chains() {
            same_as_filter_by_filter(&analyzer, article);
            for line in article.lines() {
                same_as_filter_by_filter(&analyzer, line);
            }
        }
    }

    #[test]
    fn joined_words_ezafe_clitics_and_glued_words() {
        let texts = [
            // Affixes written apart, joined; the ezafe after «ه» dropped.
            "برنامه هسته ای که اجرا می شود و کشور ها",
            "خانه ی ما و خانه‌ی ما و خانۀ ما",
            // Clitics written apart, which the stemmer takes off.
            "چکمه ای و چکمه‌ای و چکمه‌ایی و ماه‌های",
            // The same word alone and written apart: one memo, two results.
            "چکمهای چکمه ای چکمهای",
            // Glued words: parts at consecutive positions, later words move on.
            "سواحل خلیجفارس و دریایخزر در اتحادجماهیرشوروی سابق",
            "خلیجفارس ای",
            // Arabic letters, diacritics, tatweel, digits, Latin.
            "كشتيراني كِشتی اروپـا ۱۳۸۶ ٣٫٥ Sanctions Café OR'ایرانھ ﻻ ﷲ",
            "ـ نیروگاه هسته ای بوشهر ـ «» ً",
        ];
        for analyzer in chains() {
            for text in texts {
                same_as_filter_by_filter(&analyzer, text);
            }
        }
    }

    #[test]
    fn words_pushed_out_of_the_front_table_come_back_the_same() {
        // More words than the front table holds, in texts of fifty, each
        // text twice (its words then come from the front) and all of them
        // again (then most come from the memo's map): words written with
        // ZWNJ, Arabic letters and plural suffixes (heads and tails that
        // change the word) among them.
        let letters = ["ک", "ت", "ا", "ب", "ر", "ی", "ه", "س", "ن", "م"];
        let forms = ["{}", "{}ها", "{}‌های", "كي{}", "می‌{}ند", "{}ه ای"];
        let words: Vec<String> = (0..2 * super::SETS * super::WAYS)
            .map(|i| {
                let stem: String = [i % 10, i / 10 % 10, i / 100 % 10, i / 1000 % 10, i / 10000]
                    .iter()
                    .map(|&d| letters[d % 10])
                    .collect();
                forms[i % forms.len()].replace("{}", &stem)
            })
            .collect();
        let analyzer = Analyzer::default();
        for _ in 0..2 {
            for chunk in words.chunks(50) {
                let text = chunk.join(" ");
                same_as_filter_by_filter(&analyzer, &text);
            }
        }
    }

    #[test]
    fn a_new_front_table_is_empty_and_finds_nothing() {
        // Allocated zeroed: every slot must read as empty, whatever the
        // word, in the first table and in a full-size one.
        for (mut front, sets) in [
            (super::Front::default(), super::FIRST_SETS),
            (super::Front::with_sets(super::SETS), super::SETS),
        ] {
            assert_eq!(front.slots.len(), sets * super::WAYS);
            assert!(front.slots.iter().all(|slot| slot.key_len == 0));
            let mut arena = String::new();
            for word in ["بوشهر", "کشورها", "Caspian", "۱۳۸۶", "\u{0}"] {
                let mut token = crate::analysis::Token {
                    term: word.to_string(),
                    start: 0,
                    end: word.len(),
                    position: 0,
                    script: crate::analysis::token::Script::of(word),
                };
                let set = front.set(&token);
                assert!(set < sets);
                assert!(front.get(set, &mut token, &mut arena).is_none(), "{word}");
                assert_eq!(token.term, word);
            }
            assert!(arena.is_empty());
        }
    }

    #[test]
    fn the_front_table_grows_between_texts_and_the_tokens_stay_the_same() {
        // The lines of a long Persian article, over and over, through one
        // thread's state of each chain: the first table fills and is
        // replaced by a full-size one at the first text after GROW_AFTER
        // words were put; every text's tokens must be those of the filters
        // run one after the other, before, at and after the growth, and
        // both tables must give back the words put into them.
        let article = include_str!("../../corpus/iran-russia-relations-two-decades.txt");
        let lines: Vec<&str> = article.lines().filter(|l| !l.trim().is_empty()).collect();
        fn analyze(analyzer: &Analyzer, state: &mut super::State, text: &str) {
            let (mut fused, mut plain) = (Vec::new(), Vec::new());
            analyzer
                .tokenizer
                .tokenize_reusing(text, &mut fused, &mut state.strings);
            super::run(&analyzer.filters, state, text, &mut fused);
            analyzer.analyze_filter_by_filter(text, &mut plain);
            assert_eq!(fused, plain, "{text}");
        }
        // A few words twice: the second time none is put again.
        fn from_front(analyzer: &Analyzer, state: &mut super::State) -> bool {
            let text = "روابط ایران و روسیه در زمینه انرژی";
            analyze(analyzer, state, text);
            let puts = state.front.puts;
            analyze(analyzer, state, text);
            state.front.puts == puts
        }
        for analyzer in chains() {
            let mut state = super::State::default();
            assert_eq!(state.front.mask, super::FIRST_SETS - 1);
            assert!(from_front(&analyzer, &mut state));
            let mut grown = None;
            for round in 0..6 {
                for (i, line) in lines.iter().enumerate() {
                    let (puts, small) = (state.front.puts, state.front.mask < super::SETS - 1);
                    analyze(&analyzer, &mut state, line);
                    let grew = small && state.front.mask == super::SETS - 1;
                    assert_eq!(grew, small && puts >= super::GROW_AFTER, "{puts}");
                    if grew {
                        grown = Some((round, i));
                    }
                }
                if grown.is_some() {
                    break;
                }
            }
            assert!(grown.is_some(), "the table grew");
            assert_eq!(state.front.slots.len(), super::SETS * super::WAYS);
            assert!(from_front(&analyzer, &mut state));
            // And again after the growth: the same tokens.
            for line in &lines {
                analyze(&analyzer, &mut state, line);
            }
        }
    }

    #[test]
    fn a_word_changed_by_the_joiner_is_looked_up_as_joined() {
        let a = Analyzer::default();
        // «ای» alone is a word; after «هسته» it is joined and the whole
        // stemmed: the memo must not give the joined token «هسته»'s tail.
        assert_eq!(a.terms("هسته"), ["هسته"]);
        assert_eq!(a.terms("هسته ای"), a.terms("هسته‌ای"));
        assert_eq!(a.terms("کشور ها"), ["کشور"]);
        assert_eq!(a.terms("کشور"), ["کشور"]);
    }
}
