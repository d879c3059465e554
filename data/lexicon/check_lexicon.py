#!/usr/bin/env python3
"""Validate the kavosh English->Persian lexicon and report its corpus coverage.

Usage (from the repository root):

    python3 data/lexicon/check_lexicon.py [LEXICON.tsv] [options]

Format checks (any failure -> exit status 1):
  * UTF-8, no BOM, no CR; lines starting with '#' are comments, blank lines allowed
  * exactly 3 tab-separated columns: english, persian, category; no empty
    field, no leading/trailing spaces, no trailing tab
  * category is one of CATEGORIES
  * english: Latin script only (letters, digits, space, - ' . & / +)
  * persian: one or more spellings separated by '|'; Persian letters, space,
    ZWNJ, digits, '.', '-', '+' only; no Arabic ي ك ة ى, no Latin letters, no
    empty spelling, no spelling repeated on the line, no bare function word
  * no duplicate (english, persian spelling) pair; an English term may appear
    on one line only (case- and space-insensitive)

Coverage report (needs the corpora; skipped with a warning if absent):
  * Persian: does any spelling of the entry occur in the seed article or in the
    Persian news corpora (fa-news-*)?  Both sides are normalised: ZWNJ removed,
    ي->ی ك->ک ى->ی, Arabic-Indic digits -> ASCII, diacritics and tatweel
    removed.  Matching is on whole tokens; the last token may carry a common
    Persian suffix (ها، های، ی، ای، ...).
  * English: does the English term occur (case-insensitive, whole tokens, last
    token may carry a plural/inflection suffix) in the Tehran Times topical set?

Only the Python 3 standard library is used.
"""

import argparse
import collections
import glob
import json
import os
import re
import sys
import unicodedata

CATEGORIES = (
    "country", "region", "city", "sea", "river", "port",
    "organization", "treaty", "person", "concept", "other",
)

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
CORPORA = os.path.join(os.path.dirname(REPO), "shared", "corpora")

DEFAULT_LEXICON = os.path.join(HERE, "en-fa.tsv")
DEFAULT_SEED = os.path.join(REPO, "corpus", "iran-russia-relations-two-decades.txt")
DEFAULT_FA = [os.path.join(CORPORA, "fa-news-*")]
DEFAULT_EN = os.path.join(CORPORA, "en-news-tehrantimes", "topical")

ZWNJ = "\u200c"
# Persian letters allowed in the persian column (plus hamza forms used in Persian).
PERSIAN_LETTERS = set("ءآأؤئابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی")
PERSIAN_EXTRA = set(" .-+" + ZWNJ + "0123456789۰۱۲۳۴۵۶۷۸۹")
FORBIDDEN_ARABIC = {"ي": "ی", "ك": "ک", "ة": "ه/ت", "ى": "ی"}
ENGLISH_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 .'&/+\-]*$")
# Very common Persian function words: never a lexicon target on their own.
FUNCTION_WORDS = set("""
و در به از که این آن را با برای تا بر یا هم نیز اما اگر چه چون پس هر همه
یک دو سه ما شما او آنها ایشان من تو است بود شد شود کرد کند هست نیست باید
ها های ای ی می نه بی بین روی زیر سر پیش بعد قبل خود دیگر همین همان چند
""".split())

SUFFIXES_FA = ("", "ی", "ای", "یی", "ها", "های", "هایی", "ان")
SUFFIXES_EN = ("", "s", "es", "ed", "d", "ing")

_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")
_FA_TOKEN = re.compile(r"[\u0621-\u063A\u0641-\u064A\u067E\u0686\u0698\u06A9\u06AF\u06CC\u0622-\u0626]+|[0-9]+")
_EN_TOKEN = re.compile(r"[a-z0-9]+")


def norm_fa(text):
    """Normalise Persian text the way the coverage check compares it."""
    text = unicodedata.normalize("NFC", text)
    text = (text.replace(ZWNJ, "").replace("ي", "ی").replace("ك", "ک")
            .replace("ى", "ی").replace("ۀ", "ه").replace("ة", "ه")
            .replace("\u0640", ""))
    text = re.sub(r"[\u064B-\u065F\u0670]", "", text)  # harakat, superscript alef
    return text.translate(_DIGITS)


def fa_tokens(text):
    return _FA_TOKEN.findall(norm_fa(text))


def en_tokens(text):
    return _EN_TOKEN.findall(text.lower())


# ----------------------------------------------------------------------------
# format validation

Entry = collections.namedtuple("Entry", "lineno english spellings category")


def parse_lexicon(path):
    errors, warnings, entries = [], [], []
    try:
        raw = open(path, "rb").read()
    except OSError as exc:
        return [], ["cannot read %s: %s" % (path, exc)], []
    if raw.startswith(b"\xef\xbb\xbf"):
        errors.append("file starts with a BOM")
        raw = raw[3:]
    if b"\r" in raw:
        errors.append("file contains CR characters (use LF line ends)")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return [], ["not valid UTF-8: %s" % exc], []

    seen_pairs = {}
    seen_en = {}
    for lineno, line in enumerate(text.split("\n"), 1):
        if not line.strip() or line.startswith("#"):
            continue
        where = "line %d" % lineno

        def err(msg):
            errors.append("%s: %s" % (where, msg))

        cols = line.split("\t")
        if len(cols) != 3:
            err("expected 3 tab-separated columns, found %d" % len(cols))
            continue
        english, persian, category = cols
        bad = False
        for name, value in (("english", english), ("persian", persian), ("category", category)):
            if not value:
                err("empty %s column" % name)
                bad = True
            elif value != value.strip():
                err("%s column has leading/trailing whitespace" % name)
                bad = True
            elif "  " in value:
                err("%s column has a double space" % name)
        if bad:
            continue
        if category not in CATEGORIES:
            err("unknown category %r" % category)
        if not ENGLISH_RE.match(english) or not re.search(r"[A-Za-z]", english):
            err("english term %r has characters outside Latin letters/digits/space/-'.&/+" % english)

        spellings = persian.split("|")
        local = set()
        for sp in spellings:
            if not sp:
                err("empty Persian spelling (stray '|')")
                continue
            if sp != sp.strip() or "  " in sp:
                err("Persian spelling %r has stray spaces" % sp)
            for ch in sp:
                if ch in FORBIDDEN_ARABIC:
                    err("Persian spelling %r uses Arabic %s (use %s)" % (sp, ch, FORBIDDEN_ARABIC[ch]))
                elif "A" <= ch.upper() <= "Z":
                    err("Persian spelling %r contains a Latin letter" % sp)
                    break
                elif ch not in PERSIAN_LETTERS and ch not in PERSIAN_EXTRA:
                    err("Persian spelling %r contains %r (U+%04X)" % (sp, ch, ord(ch)))
            if not any(ch in PERSIAN_LETTERS for ch in sp):
                err("Persian spelling %r has no Persian letter" % sp)
            if sp.replace(ZWNJ, "") in FUNCTION_WORDS:
                err("Persian spelling %r is a common function word" % sp)
            if sp in local:
                err("Persian spelling %r repeated on the line" % sp)
            local.add(sp)
            key = (" ".join(english.lower().split()), sp)
            if key in seen_pairs:
                err("duplicate pair (%s, %s), first on line %d" % (english, sp, seen_pairs[key]))
            else:
                seen_pairs[key] = lineno
        en_key = " ".join(english.lower().replace("-", " ").split())
        if en_key in seen_en:
            err("English term %r already defined on line %d" % (english, seen_en[en_key]))
        else:
            seen_en[en_key] = lineno
        entries.append(Entry(lineno, english, spellings, category))
    return entries, errors, warnings


# ----------------------------------------------------------------------------
# corpora

class TokenCorpus:
    """A token stream with a vocabulary, able to count token-sequence phrases."""

    def __init__(self, docs_tokens):
        self.tokens = []
        for toks in docs_tokens:
            self.tokens.extend(toks)
            self.tokens.append("")  # document boundary
        self.vocab = collections.Counter(self.tokens)
        self._positions = {}

    def prepare(self, first_tokens):
        want = set(first_tokens) - set(self._positions)
        if not want:
            return
        pos = {t: [] for t in want}
        for i, tok in enumerate(self.tokens):
            if tok in pos:
                pos[tok].append(i)
        self._positions.update(pos)

    def count(self, phrase, suffixes):
        """Occurrences of the token list `phrase`; its last token may carry a suffix."""
        if not phrase:
            return 0
        if len(phrase) == 1:
            return sum(self.vocab.get(phrase[0] + s, 0) for s in suffixes)
        last_ok = {phrase[-1] + s for s in suffixes}
        n, toks, k = 0, self.tokens, len(phrase)
        for i in self._positions.get(phrase[0], ()):
            if toks[i + 1:i + k - 1] == phrase[1:-1] and i + k - 1 < len(toks) and toks[i + k - 1] in last_ok:
                n += 1
        return n


def jsonl_texts(paths):
    for path in paths:
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                line = line.strip()
                if not line:
                    continue
                rec = json.loads(line)
                yield (rec.get("title") or "") + "\n" + (rec.get("text") or "")


def expand(patterns, suffix=".jsonl"):
    files = []
    for pat in patterns:
        for p in sorted(glob.glob(pat)):
            if os.path.isdir(p):
                files.extend(sorted(glob.glob(os.path.join(p, "*" + suffix))))
            elif p.endswith(suffix):
                files.append(p)
    return files


# ----------------------------------------------------------------------------

def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("lexicon", nargs="?", default=DEFAULT_LEXICON, help="lexicon TSV (default: %(default)s)")
    ap.add_argument("--seed", default=DEFAULT_SEED, help="Persian seed article (default: %(default)s)")
    ap.add_argument("--fa", action="append", default=None, metavar="DIR_OR_GLOB",
                    help="Persian corpus folder(s)/glob(s) with *.jsonl (default: %s)" % DEFAULT_FA[0])
    ap.add_argument("--en", action="append", default=None, metavar="DIR_OR_GLOB",
                    help="English corpus folder(s)/glob(s) with *.jsonl (default: %s)" % DEFAULT_EN)
    ap.add_argument("--format-only", action="store_true", help="validate the format, skip coverage")
    ap.add_argument("--details", metavar="FILE",
                    help="write per-entry / per-spelling hit counts as TSV to FILE ('-' = stdout)")
    ap.add_argument("--list-unattested", action="store_true",
                    help="list entries with no Persian spelling found in any Persian text")
    args = ap.parse_args(argv)

    entries, errors, warnings = parse_lexicon(args.lexicon)
    for w in warnings:
        print("warning:", w)
    if errors:
        for e in errors[:200]:
            print("error:", e)
        if len(errors) > 200:
            print("error: ... and %d more" % (len(errors) - 200))
        print("FORMAT: %d error(s) in %s" % (len(errors), args.lexicon))
        return 1

    by_cat = collections.Counter(e.category for e in entries)
    n_sp = sum(len(e.spellings) for e in entries)
    print("lexicon: %s" % args.lexicon)
    print("FORMAT OK: %d entries, %d Persian spellings" % (len(entries), n_sp))
    if args.format_only:
        for cat in CATEGORIES:
            print("  %-13s %5d" % (cat, by_cat.get(cat, 0)))
        return 0

    fa_files = expand(args.fa or DEFAULT_FA)
    en_files = expand(args.en or [DEFAULT_EN])
    have_seed = os.path.isfile(args.seed)
    if not (have_seed or fa_files or en_files):
        print("warning: no corpus found, coverage skipped")
        for cat in CATEGORIES:
            print("  %-13s %5d" % (cat, by_cat.get(cat, 0)))
        return 0

    seed = TokenCorpus([fa_tokens(open(args.seed, encoding="utf-8").read())] if have_seed else [])
    news = TokenCorpus(fa_tokens(t) for t in jsonl_texts(fa_files))
    en = TokenCorpus(en_tokens(t) for t in jsonl_texts(en_files))
    # seed text also compared with all spaces removed (the seed glues many words)
    seed_nospace = "".join(seed.tokens)
    print("corpora: seed %s (%d tokens); Persian news %d files (%d tokens); English %d files (%d tokens)"
          % ("yes" if have_seed else "MISSING", len(seed.tokens), len(fa_files), len(news.tokens),
             len(en_files), len(en.tokens)))

    sp_tokens = {}
    for e in entries:
        for sp in e.spellings:
            sp_tokens[sp] = fa_tokens(sp)
    firsts = [t[0] for t in sp_tokens.values() if len(t) > 1]
    seed.prepare(firsts)
    news.prepare(firsts)
    en_phr = {e.english: en_tokens(e.english) for e in entries}
    en.prepare([t[0] for t in en_phr.values() if len(t) > 1])

    rows = []
    stats = {c: collections.Counter() for c in CATEGORIES}
    sp_hit = 0
    for e in entries:
        s_seed = s_news = 0
        s_seed_loose = False
        per_sp = []
        for sp in e.spellings:
            toks = sp_tokens[sp]
            a, b = seed.count(toks, SUFFIXES_FA), news.count(toks, SUFFIXES_FA)
            loose = bool(toks) and "".join(toks) in seed_nospace
            per_sp.append((sp, a, b))
            s_seed += a
            s_news += b
            s_seed_loose = s_seed_loose or loose or a > 0
            if a or b:
                sp_hit += 1
        n_en = en.count(en_phr[e.english], SUFFIXES_EN)
        st = stats[e.category]
        st["entries"] += 1
        st["fa"] += bool(s_seed or s_news)
        st["seed"] += bool(s_seed)
        st["seed_loose"] += bool(s_seed_loose)
        st["news"] += bool(s_news)
        st["en"] += bool(n_en)
        st["both"] += bool(n_en and (s_seed or s_news))
        rows.append((e, n_en, s_seed, s_news, per_sp))

    tot = collections.Counter()
    for st in stats.values():
        tot.update(st)

    def pct(a, b):
        return "%5.1f%%" % (100.0 * a / b) if b else "   - "

    print()
    print("%-13s %7s %8s %8s %8s %8s %8s" % ("category", "entries", "fa-any", "seed", "seed~", "fa-news", "en-TT"))
    for cat in CATEGORIES + ("TOTAL",):
        st = tot if cat == "TOTAL" else stats[cat]
        if cat == "TOTAL":
            print("-" * 66)
        print("%-13s %7d %8d %8d %8d %8d %8d" % (cat, st["entries"], st["fa"], st["seed"],
                                             st["seed_loose"], st["news"], st["en"]))
    print()
    print("Persian coverage: %d/%d entries (%s) have a spelling in the seed article or fa-news corpora"
          % (tot["fa"], tot["entries"], pct(tot["fa"], tot["entries"]).strip()))
    print("  seed article: %d entries by whole tokens, %d ignoring spaces (seed~)" % (tot["seed"], tot["seed_loose"]))
    print("  Persian spellings attested: %d/%d (%s)" % (sp_hit, n_sp, pct(sp_hit, n_sp).strip()))
    print("English coverage: %d/%d entries (%s) occur in the Tehran Times topical set"
          % (tot["en"], tot["entries"], pct(tot["en"], tot["entries"]).strip()))
    print("  of these, %d (%s) also have an attested Persian spelling"
          % (tot["both"], pct(tot["both"], tot["en"]).strip()))

    if args.list_unattested:
        print()
        print("entries with no Persian spelling found (english -> persian [category], en-TT hits):")
        for e, n_en, a, b, _ in rows:
            if not (a or b):
                print("  line %d: %s -> %s [%s] en=%d" % (e.lineno, e.english, "|".join(e.spellings), e.category, n_en))

    if args.details:
        out = sys.stdout if args.details == "-" else open(args.details, "w", encoding="utf-8")
        out.write("line\tenglish\tcategory\ten_tt\tseed\tfa_news\tspelling_hits\n")
        for e, n_en, a, b, per_sp in rows:
            hits = " | ".join("%s:%d/%d" % (sp, x, y) for sp, x, y in per_sp)
            out.write("%d\t%s\t%s\t%d\t%d\t%d\t%s\n" % (e.lineno, e.english, e.category, n_en, a, b, hits))
        if out is not sys.stdout:
            out.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
