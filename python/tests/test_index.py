"""Building, updating and reading an index from Python."""

import shutil
from pathlib import Path

import kavosh


def test_indexing_reports_like_the_command_line(tmp_path, corpus, article_lines):
    idx = kavosh.Index.open_or_create(tmp_path / "index")
    assert idx.stats()["passages"] == 0
    report = idx.index([corpus])
    assert report["files"] == {"added": 1, "changed": 0, "unchanged": 0, "removed": 0, "skipped": 0}
    assert report["committed"] is True and report["articles"] == 1
    assert 50 < report["passages"] <= len(article_lines)
    again = idx.index(str(corpus))
    assert again["files"]["unchanged"] == 1 and again["committed"] is False
    rebuilt = idx.index(corpus, rebuild=True)
    assert rebuilt["committed"] is True and rebuilt["passages"] == report["passages"]


def test_stats(index):
    stats = index.stats()
    assert (stats["files"], stats["articles"]) == (1, 1)
    assert stats["languages"] == {"fa": stats["passages"]}
    assert stats["analyzer"] == kavosh.ANALYZER_VERSION
    assert stats["terms"] > 1000 and stats["size_bytes"] > 0
    assert Path(stats["index"]) == index.path


def test_open_an_existing_index(index):
    reopened = kavosh.Index.open(str(index.path))
    assert isinstance(reopened.path, Path)
    assert reopened.search("بوشهر").to_dict() == index.search("بوشهر").to_dict()
    assert repr(reopened).startswith("<kavosh.Index")


def test_another_handle_sees_new_files_after_reload(tmp_path, corpus):
    folder = tmp_path / "corpus"
    shutil.copytree(corpus, folder)
    writer = kavosh.Index.open_or_create(tmp_path / "index")
    writer.index(folder)
    reader = kavosh.Index.open(tmp_path / "index")
    (folder / "rosatom.txt").write_text("روس‌اتم نیروگاه بوشهر را ساخت.\n", encoding="utf-8")
    report = writer.index(folder)
    assert report["files"]["added"] == 1
    assert writer.search("روس‌اتم").total_hits == 1
    assert reader.search("روس‌اتم").total_hits == 0  # its last commit
    reader.reload()
    assert reader.search("روس‌اتم").hits[0].doc == "rosatom.txt"
    # A removed file loses its passages.
    (folder / "rosatom.txt").unlink()
    assert writer.index(folder)["files"]["removed"] == 1
    assert writer.search("روس‌اتم").total_hits == 0


def test_open_or_create_keeps_an_existing_index(index):
    again = kavosh.Index.open_or_create(index.path)
    assert again.stats()["passages"] == index.stats()["passages"]
