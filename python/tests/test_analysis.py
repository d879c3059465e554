"""The analyzer from Python: tokens with character offsets, and the
normalised text, on real Persian words and their traps."""

import json
import subprocess

import pytest

import kavosh


def terms(text: str) -> list[str]:
    return [t.term for t in kavosh.analyze(text)]


def test_tokens_of_the_issue_example():
    text = "می‌شود كشتيراني ۱۳۸۶"
    tokens = kavosh.analyze(text)
    assert [(t.word, t.start, t.end, t.position) for t in tokens] == [
        ("میشود", 0, 6, 0),
        ("کشتیرانی", 7, 15, 1),
        ("1386", 16, 20, 2),
    ]
    assert [t.original for t in tokens] == ["می‌شود", "كشتيراني", "۱۳۸۶"]
    assert [t.script for t in tokens] == ["persian", "persian", "number"]
    for t in tokens:
        assert text[t.start : t.end] == t.original
        assert t.part_of is None


def test_offsets_are_python_string_indices():
    # Characters outside the BMP and multi-byte letters before a word do not
    # shift the offsets: they count as one index each, as in Python.
    text = "😀 «ایران» و Россия, café ۱۳۹۱"
    for t in kavosh.analyze(text):
        assert text[t.start : t.end] == t.original
    assert [t.original for t in kavosh.analyze(text)] == ["ایران", "و", "Россия", "café", "۱۳۹۱"]


def test_stems_and_glued_words():
    (countries,) = kavosh.analyze("کشورهای")
    assert (countries.word, countries.term) == ("کشورهای", "کشور")
    glued = kavosh.analyze("خلیجفارس")
    assert [(t.term, t.part_of, t.position) for t in glued] == [
        ("خلیجفارس", None, 0),
        ("خلیج", "خلیجفارس", 0),
        ("فارس", "خلیجفارس", 1),
    ]
    # Overstemming traps stay whole.
    assert terms("ایران تهران جهان") == ["ایران", "تهران", "جهان"]
    assert terms("Sanctions") == ["sanction"]


@pytest.mark.parametrize(
    "spellings",
    [
        ["كشتيراني", "کشتیرانی"],  # Arabic kaf and yeh
        ["می‌شود", "میشود", "می شود"],  # ZWNJ, glued, space
        ["هسته‌ای", "هستهای", "هسته ای"],
        ["کِشتی", "کشتی"],  # kasra
        ["اروپـــا", "اروپا"],  # tatweel
        ["۱۳۸۶", "١٣٨٦", "1386"],  # Persian, Arabic-Indic and ASCII digits
        ["مؤسسه", "موسسه"],
    ],
)
def test_spellings_analyse_and_normalise_alike(spellings):
    assert len({tuple(terms(s)) for s in spellings}) == 1, [terms(s) for s in spellings]
    assert len({kavosh.normalize(s) for s in spellings}) == 1, [kavosh.normalize(s) for s in spellings]


def test_normalize_the_issue_example_and_keeps_punctuation():
    assert kavosh.normalize("كشتيراني هسته ای") == "کشتیرانی هستهای"
    assert kavosh.normalize("«بوشهر»، ۱۷ مهر ۱۳۹۱ - ۰۷:۵۰\nRosatom") == "«بوشهر»، 17 مهر 1391 - 07:50\nrosatom"
    assert kavosh.normalize("") == ""
    assert kavosh.normalize("\u200fایران\u200c") == "ایران"


def test_normalize_keeps_the_words_of_the_article(article_lines):
    for line in article_lines:
        normal = kavosh.normalize(line)
        assert terms(normal) == terms(line)
        assert kavosh.normalize(normal) == normal


def test_tokens_are_the_command_line_json(kavosh_bin):
    text = "نیروگاه‌های هسته ای بوشهر، خلیجفارس و Caspian ۱۳۸۶"
    printed = subprocess.run(
        [kavosh_bin, "analyze", text, "--format", "json"], capture_output=True, check=True, text=True
    ).stdout
    data = json.loads(printed)
    assert data["analyzer"] == kavosh.ANALYZER_VERSION
    assert [t.to_dict() for t in kavosh.analyze(text)] == data["tokens"]


def test_analyze_rejects_non_text():
    with pytest.raises(TypeError):
        kavosh.analyze(b"bytes")
    with pytest.raises(TypeError):
        kavosh.normalize(None)
