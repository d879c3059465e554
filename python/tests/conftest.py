"""Shared fixtures: the bundled article, indexed once into a temporary folder."""

import os
import shutil
from pathlib import Path

import pytest

import kavosh

ROOT = Path(__file__).resolve().parents[2]
ARTICLE = ROOT / "corpus" / "iran-russia-relations-two-decades.txt"


@pytest.fixture(scope="session")
def article_lines() -> list[str]:
    return ARTICLE.read_text(encoding="utf-8").splitlines()


@pytest.fixture(scope="session")
def corpus(tmp_path_factory) -> Path:
    """A corpus folder with a copy of the bundled article."""
    folder = tmp_path_factory.mktemp("corpus")
    shutil.copy(ARTICLE, folder / ARTICLE.name)
    return folder


@pytest.fixture(scope="session")
def index(tmp_path_factory, corpus) -> kavosh.Index:
    """The bundled article, indexed (shared by the tests that only search)."""
    idx = kavosh.Index.open_or_create(tmp_path_factory.mktemp("index"))
    idx.index([corpus])
    return idx


@pytest.fixture()
def fresh_index(tmp_path, corpus) -> kavosh.Index:
    """An index of its own, for tests that write."""
    idx = kavosh.Index.open_or_create(tmp_path / "index")
    idx.index(corpus)
    return idx


@pytest.fixture(scope="session")
def kavosh_bin() -> Path:
    """The kavosh command line of this checkout (built by `cargo test` or
    `cargo build`), to compare the package's output with the CLI's."""
    candidates = [os.environ.get("KAVOSH_BIN")] + [
        str(ROOT / "target" / profile / "kavosh") for profile in ("release", "debug")
    ]
    if candidates[0]:
        return Path(candidates[0])
    built = [Path(c) for c in candidates[1:] if Path(c).is_file()]
    if built:
        return max(built, key=lambda p: p.stat().st_mtime)  # the latest build
    pytest.skip("no kavosh binary: run `cargo build` first or set KAVOSH_BIN")
