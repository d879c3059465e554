"""Errors raise kavosh's exceptions with the library's message, never crash."""

import builtins
import fcntl

import pytest

import kavosh

EXCEPTIONS = [
    "KavoshError",
    "QueryError",
    "IndexNotFoundError",
    "IndexBusyError",
    "IncompatibleIndexError",
    "IndexDamagedError",
    "IndexPathError",
    "CorpusPathError",
    "LexiconError",
    "StorageError",
]


def test_the_exceptions_form_one_family_and_shadow_no_builtin():
    for name in EXCEPTIONS:
        cls = getattr(kavosh, name)
        assert issubclass(cls, kavosh.KavoshError) and issubclass(cls, Exception)
        assert cls.__module__ == "kavosh"
        assert not hasattr(builtins, name)
        assert cls.__doc__
    assert not any(hasattr(builtins, name) for name in kavosh.__all__ if name != "__version__")


def test_a_date_that_cannot_be_read(index):
    with pytest.raises(kavosh.QueryError, match="after: cannot read «دیروز» as a date; write 1391-07-17"):
        index.search("بوشهر", after="دیروز")
    with pytest.raises(kavosh.QueryError, match="before"):
        index.search("بوشهر", before="2012-13-45")
    with pytest.raises(kavosh.QueryError, match="swap them"):
        index.search("بوشهر", after="1392-01-01", before="1391-01-01")


def test_a_bad_document_pattern(index):
    with pytest.raises(kavosh.QueryError):
        index.search("بوشهر", doc="news/[a-")


@pytest.mark.parametrize("query", ["", "   ", "-", "«»", "-بوشهر"])
def test_a_query_with_nothing_to_search(index, query):
    with pytest.raises(kavosh.QueryError):
        index.search(query)


def test_a_missing_index(tmp_path):
    missing = tmp_path / "nowhere"
    with pytest.raises(kavosh.IndexNotFoundError, match="kavosh index") as raised:
        kavosh.Index.open(missing)
    assert str(missing) in str(raised.value)
    assert not missing.exists()


def test_an_index_path_that_is_a_file(tmp_path):
    path = tmp_path / "index"
    path.write_text("not a folder", encoding="utf-8")
    with pytest.raises(kavosh.IndexPathError, match="cannot use .* as the index folder"):
        kavosh.Index.open_or_create(path)


def test_a_damaged_index(fresh_index):
    (fresh_index.path / "meta.json").write_text("{ not json", encoding="utf-8")
    with pytest.raises(kavosh.IndexDamagedError):
        kavosh.Index.open(fresh_index.path)


def test_a_busy_writer(fresh_index, corpus):
    # Another process writing the index holds tantivy's writer lock.
    lock = open(fresh_index.path / ".tantivy-writer.lock", "a+")
    fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    try:
        before = fresh_index.search("بوشهر").to_dict()
        with pytest.raises(kavosh.IndexBusyError, match="being written by another process"):
            fresh_index.index(corpus)
        with pytest.raises(kavosh.IndexBusyError):
            fresh_index.index(corpus, rebuild=True)
        # Searches go on meanwhile, on this handle and on a new one.
        assert fresh_index.search("بوشهر").to_dict() == before
        assert kavosh.Index.open(fresh_index.path).search("بوشهر").to_dict() == before
    finally:
        fcntl.flock(lock, fcntl.LOCK_UN)
        lock.close()
    assert fresh_index.index(corpus)["files"]["unchanged"] == 1


def test_a_corpus_path_that_does_not_exist(fresh_index, tmp_path):
    with pytest.raises(kavosh.CorpusPathError, match="cannot read corpus path"):
        fresh_index.index(tmp_path / "no-such-folder")


def test_a_malformed_lexicon(index, tmp_path):
    lexicon = tmp_path / "bad.tsv"
    lexicon.write_text("only-one-column\n", encoding="utf-8")
    with pytest.raises(kavosh.LexiconError, match="bad.tsv:1"):
        index.search("بوشهر", lexicon=lexicon)
    with pytest.raises(kavosh.StorageError):
        index.search("بوشهر", lexicon=tmp_path / "missing.tsv")


def test_memory_out_of_range(fresh_index, corpus):
    with pytest.raises(kavosh.QueryError, match="memory_mb"):
        fresh_index.index(corpus, memory_mb=1)


def test_no_constructor():
    with pytest.raises(TypeError):
        kavosh.Index("index")
