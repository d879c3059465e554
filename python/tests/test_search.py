"""Searching the bundled article from Python: the query syntax, expansion,
filters, grouping, paging, and results that match the command line's JSON."""

import json
import subprocess

import pytest

import kavosh

ARTICLE_NAME = "iran-russia-relations-two-decades.txt"


def words(text: str) -> list[str]:
    """The unstemmed words kavosh reads in `text`."""
    return [t.word for t in kavosh.analyze(text)]


def test_bushehr_hits_point_at_their_lines_and_highlight_the_word(index, article_lines):
    results = index.search("بوشهر")
    assert results.total_hits >= 3
    assert [h.rank for h in results.hits] == list(range(1, len(results.hits) + 1))
    for hit in results.hits:
        assert hit.doc == ARTICLE_NAME
        assert hit.text.strip() == article_lines[hit.line - 1].strip()
        assert hit.highlights, hit.text
        for start, end in hit.highlights:
            assert hit.text[start:end] == "بوشهر"
        for start, end in hit.snippet_highlights:
            assert hit.snippet[start:end] == "بوشهر"
        assert hit.date == "2012-10-08" and hit.date_jalali == "1391-07-17"
        assert hit.lang == "fa" and hit.matched == 1
    scores = [h.score for h in results.hits]
    assert scores == sorted(scores, reverse=True)


def test_highlights_slice_the_original_spelling(index):
    # The article writes «بینالمللی» and «کشتیرانی»; the query uses other spellings.
    for query, expected in [("بین‌المللی", "بینالمللی"), ("كشتيراني", "کشتیرانی")]:
        results = index.search(query, limit=3)
        assert results.hits, query
        for hit in results.hits:
            found = {hit.text[s:e] for s, e in hit.highlights}
            assert expected in found, (query, found)


def test_caspian_finds_the_persian_passages_through_the_lexicon(index):
    results = index.search("Caspian", limit=20)
    assert results.total_hits > 0
    searched = {e["text"] for e in results.expansions}
    assert {"خزر", "دریای خزر"} <= searched
    assert all(e["query"] == "Caspian" for e in results.expansions)
    for hit in results.hits:
        marked = " ".join(kavosh.normalize(hit.text[s:e]) for s, e in hit.highlights)
        assert "خزر" in marked or "مازندران" in marked, marked
    assert index.search("Caspian", expand=False).total_hits == 0
    assert index.search("Caspian", no_expand=True).total_hits == 0


def test_a_phrase_keeps_the_words_in_order(index):
    phrase = index.search('"شورای امنیت"', limit=50)
    both = index.search("شورای امنیت", limit=200)
    assert 0 < phrase.total_hits <= both.total_hits
    for hit in phrase.hits:
        assert "شورای امنیت" in kavosh.normalize(hit.text)
    guillemets = index.search("«شورای امنیت»", limit=50)
    assert guillemets.to_dict()["hits"] == phrase.to_dict()["hits"]


def test_an_excluded_word_is_in_no_hit(index):
    with_ship = index.search("کشتی", limit=100)
    without_sea = index.search("کشتی -دریای", limit=100)
    assert 0 < without_sea.total_hits < with_ship.total_hits
    for hit in without_sea.hits:
        assert "دریای" not in words(hit.text)


def test_filters_restrict_without_changing_scores(index):
    everything = index.search("روسیه", limit=5)
    assert everything.total_hits > 5
    same = [
        {"after": "1391-07-17"},
        {"before": "2012-10-08"},
        {"after": "۱۳۹۱/۰۷/۰۱", "before": "2012-12-31"},
        {"lang": "fa"},
        {"doc": "iran-russia"},
        {"doc": "*.txt"},
    ]
    for options in same:
        filtered = index.search("روسیه", limit=5, **options)
        assert filtered.to_dict() == everything.to_dict(), options
    none = [
        {"after": "1391-07-18"},
        {"before": "2012-10-07"},
        {"lang": "en"},
        {"doc": "news/*.jsonl"},
    ]
    for options in none:
        assert index.search("روسیه", **options).total_hits == 0, options


def test_group_by_article_counts_the_matching_passages(index):
    passages = index.search("روسیه", limit=0)
    articles = index.search("روسیه", group="article")
    assert articles.group == "article" and articles.total_hits == 1
    (best,) = articles.hits
    assert best.passages_matched == passages.total_hits
    assert best.text == index.search("روسیه", limit=1).hits[0].text
    assert passages.hits == [] and passages.total_hits > 10


def test_paging_with_limit_and_offset(index):
    first = index.search("ایران", limit=10)
    page = index.search("ایران", limit=4, offset=3)
    assert [h.rank for h in page] == [4, 5, 6, 7]
    assert [h.text for h in page] == [h.text for h in first.hits[3:7]]
    assert len(page) == 4 and page[0].rank == 4 and page[-1].rank == 7
    # `hits` is a new list each time: changing one changes nothing else.
    page.hits.clear()
    assert len(page.hits) == 4 and [h.rank for h in page.hits] == [4, 5, 6, 7]


def test_exact_matches_the_word_as_typed(index):
    stemmed = index.search("کشور", limit=200)
    exact = index.search("کشور", exact=True, limit=200)
    assert 0 < exact.total_hits < stemmed.total_hits
    for hit in exact.hits:
        assert {hit.text[s:e] for s, e in hit.highlights} == {"کشور"}


def test_snippet_chars_sizes_the_snippet(index):
    long_passages = [h for h in index.search("روسیه", limit=50).hits if len(h.text) > 600]
    assert long_passages
    line = long_passages[0].line
    sizes = {}
    for chars in (20, 60, 400):
        (hit,) = [h for h in index.search("روسیه", limit=50, snippet_chars=chars).hits if h.line == line]
        # About `chars` characters: fragments are cut at word boundaries and joined by « … ».
        assert len(hit.snippet) <= chars + 30, (chars, hit.snippet)
        sizes[chars] = len(hit.snippet)
    assert sizes[20] < sizes[60] < sizes[400]


def test_a_lexicon_file_adds_translations(index, tmp_path):
    lexicon = tmp_path / "lexicon.tsv"
    lexicon.write_text("postneighbourhood\tپساهمسایگی\tconcept\n", encoding="utf-8")
    assert index.search("postneighbourhood").total_hits == 0
    results = index.search("postneighbourhood", lexicon=lexicon)
    assert results.total_hits == 1
    assert results.expansions[0]["source"]["file"].endswith("lexicon.tsv")
    assert results.hits[0].text[slice(*results.hits[0].highlights[0])] == "پساهمسایگی"
    assert index.search("postneighbourhood", lexicon=[str(lexicon)]).total_hits == 1
    # The handle keeps the shipped lexicon for the next search.
    assert index.search("postneighbourhood").total_hits == 0


def test_to_dict_is_the_command_line_json(index, kavosh_bin):
    for query, options, flags in [
        ("بوشهر", {}, []),
        ("Caspian", {"limit": 3}, ["--limit", "3"]),
        ("روسیه", {"group": "article", "after": "1391-01-01"}, ["--group", "article", "--after", "1391-01-01"]),
        ("کشور -دریای", {"exact": True, "offset": 2}, ["--exact", "--offset", "2"]),
    ]:
        results = index.search(query, **options)
        printed = subprocess.run(
            [kavosh_bin, "search", query, "--index", index.path, "--format", "json", *flags],
            capture_output=True,
            check=True,
            text=True,
        ).stdout
        assert results.to_dict() == json.loads(printed), query
        assert results.to_json() + "\n" == printed


def test_attributes_agree_with_to_dict(index):
    results = index.search("نیروگاه بوشهر", limit=5)
    data = results.to_dict()
    assert (results.query, results.total_hits, results.group, results.concepts) == (
        data["query"],
        data["total_hits"],
        data["group"],
        data["concepts"],
    )
    assert results.warnings == data["warnings"] and results.expansions == data["expansions"]
    for hit, entry in zip(results.hits, data["hits"], strict=True):
        assert hit.to_dict() == entry
        for key, value in entry.items():
            attribute = getattr(hit, key)
            if key.endswith("highlights"):
                attribute = [list(span) for span in attribute]
            assert attribute == value, key


def test_every_option_is_accepted_and_none_keeps_the_default(index):
    values = {
        "limit": 3,
        "offset": 1,
        "exact": False,
        "expand": True,
        "no_expand": False,
        "snippet_chars": 100,
        "after": "1390-01-01",
        "before": "2013-01-01",
        "lang": "fa",
        "doc": "iran",
        "group": "passage",
        "typos": "auto",
        "explain": False,
        "feedback": False,
        "feedback_passages": 10,
        "feedback_terms": 20,
        "feedback_weight": 0.2,
        "lexicon": [],
    }
    assert set(values) == set(kavosh.SEARCH_OPTIONS)
    default = index.search("روسیه").to_dict()
    for name, value in values.items():
        index.search("روسیه", **{name: value})
        assert index.search("روسیه", **{name: None}).to_dict() == default, name


def test_unknown_and_mistyped_options(index):
    with pytest.raises(TypeError, match="unexpected keyword argument 'limt'.*limit, offset"):
        index.search("روسیه", limt=3)
    with pytest.raises(TypeError):
        index.search("روسیه", limit="ten")
    with pytest.raises(TypeError):
        index.search("روسیه", exact="yes")
    for options in [{"limit": -1}, {"limit": 10_001}, {"snippet_chars": 5}, {"lang": "de"}, {"group": "file"}]:
        with pytest.raises(kavosh.QueryError):
            index.search("روسیه", **options)


def test_new_library_fields_are_attributes(index):
    # Fields are read through the library's JSON: an unknown name is an
    # AttributeError, a known one always answers.
    hit = index.search("بوشهر").hits[0]
    with pytest.raises(AttributeError, match="no attribute 'nonexistent'"):
        hit.nonexistent
    assert hasattr(hit, "passages_matched")


def test_a_misspelled_word_is_corrected_unless_typos_are_off(index):
    # «بوشحر»: «ح» typed for «ه», a homophone of the same sound.
    results = index.search("بوشحر", limit=3).to_dict()
    assert results["hits"], results
    assert any(e["origin"] == "typo" and e["text"] == "بوشهر" for e in results["expansions"])
    assert results["suggestions"][0]["query"] == "بوشهر"
    hit = results["hits"][0]
    assert any(hit["text"][s:e] == "بوشهر" for s, e in hit["highlights"])
    off = index.search("بوشحر", typos="off").to_dict()
    assert off["hits"] == [] and off["suggestions"] == []
    with pytest.raises(kavosh.QueryError, match="typos"):
        index.search("بوشحر", typos="maybe")


def test_explain_gives_the_parts_of_each_score(index):
    plain = index.search("نیروگاه بوشهر", limit=3).to_dict()
    assert all("explain" not in h or h["explain"] is None for h in plain["hits"])
    explained = index.search("نیروگاه بوشهر", limit=3, explain=True).to_dict()
    for hit in explained["hits"]:
        parts = hit["explain"]
        assert {"coverage", "bm25", "proximity"} <= set(parts)
        assert abs(sum(v for v in parts.values() if isinstance(v, (int, float))) - hit["score"]) < 0.05


def test_feedback_adds_terms_of_the_best_passages(index):
    plain = index.search("روسیه", limit=5)
    assert plain.feedback == [] and "feedback" not in plain.to_dict()
    fed = index.search("روسیه", limit=5, feedback_terms=4, explain=True)
    assert 0 < len(fed.feedback) <= 4
    assert all(set(t) == {"term", "weight"} and t["weight"] > 0 for t in fed.feedback)
    assert all(hit["explain"]["feedback"] >= 0 for hit in fed.to_dict()["hits"])
    with pytest.raises(kavosh.QueryError, match="at most 1"):
        index.search("روسیه", feedback_weight=2.0)
    with pytest.raises(kavosh.QueryError):
        index.search("روسیه", feedback_passages=0)
