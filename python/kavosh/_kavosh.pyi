"""Types of kavosh's extension module (re-exported by `kavosh`)."""

from os import PathLike
from pathlib import Path
from typing import Any, Iterator, Literal, Sequence, TypedDict, final

_Path = str | PathLike[str]

__version__: str
ANALYZER_VERSION: str
__all__ = [
    "CorpusPathError",
    "IncompatibleIndexError",
    "IndexBusyError",
    "IndexDamagedError",
    "IndexNotFoundError",
    "IndexPathError",
    "KavoshError",
    "LexiconError",
    "QueryError",
    "StorageError",
    "Index",
    "Hit",
    "Results",
    "Token",
    "analyze",
    "normalize",
    "__version__",
    "ANALYZER_VERSION",
    "SEARCH_OPTIONS",
]

SEARCH_OPTIONS: tuple[str, ...]
"""The keyword arguments `Index.search` takes (the options of `kavosh search`)."""

class KavoshError(Exception):
    """Base class of every error kavosh raises; the message says what went wrong and what to do."""

class QueryError(KavoshError):
    """The query has nothing to search, or an option's value cannot be used."""

class IndexNotFoundError(KavoshError):
    """There is no index in the folder."""

class IndexBusyError(KavoshError):
    """Another process (or handle) is writing the index; searches go on meanwhile."""

class IncompatibleIndexError(KavoshError):
    """The index was built by another analyzer or schema version: rebuild it."""

class IndexDamagedError(KavoshError):
    """The index files are damaged; the message says how to repair them."""

class IndexPathError(KavoshError):
    """The index path cannot be used as an index folder."""

class CorpusPathError(KavoshError):
    """A path given to `Index.index` does not exist or cannot be read."""

class LexiconError(KavoshError):
    """A lexicon file has a malformed line (the message names file and line)."""

class StorageError(KavoshError):
    """The index files could not be read or written."""

class _FileCounts(TypedDict):
    added: int
    changed: int
    unchanged: int
    removed: int
    skipped: int

class _IndexReport(TypedDict):
    """The report of `kavosh index --format json`."""

    files_seen: int
    files: _FileCounts
    articles: int
    passages: int
    articles_read: int
    passages_read: int
    bytes: int
    problems: list[dict[str, Any]]
    committed: bool
    elapsed: float

class _IndexStats(TypedDict):
    """The object of `kavosh stats --format json`."""

    index: str
    files: int
    articles: int
    passages: int
    terms: int
    languages: dict[str, int]
    size_bytes: int
    segments: int
    analyzer: str
    schema: int
    updated: int
    updated_utc: str

@final
class Hit:
    """One passage found; offsets are (start, end) Python string indices."""

    @property
    def rank(self) -> int: ...
    @property
    def score(self) -> float: ...
    @property
    def matched(self) -> int: ...
    @property
    def id(self) -> str: ...
    @property
    def doc(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def section(self) -> str | None: ...
    @property
    def paragraph(self) -> int: ...
    @property
    def line(self) -> int: ...
    @property
    def text(self) -> str: ...
    @property
    def snippet(self) -> str: ...
    @property
    def snippet_highlights(self) -> list[tuple[int, int]]: ...
    @property
    def highlights(self) -> list[tuple[int, int]]: ...
    @property
    def published(self) -> str | None: ...
    @property
    def news_id(self) -> str | None: ...
    @property
    def date(self) -> str | None: ...
    @property
    def date_jalali(self) -> str | None: ...
    @property
    def lang(self) -> str | None: ...
    @property
    def passages_matched(self) -> int | None: ...
    def to_dict(self) -> dict[str, Any]:
        """The hit's object in `kavosh search --format json`."""

@final
class Results:
    """The answer to a search; len(), iteration and indexing go over `hits`."""

    @property
    def query(self) -> str: ...
    @property
    def total_hits(self) -> int: ...
    @property
    def group(self) -> Literal["passage", "article"]: ...
    @property
    def concepts(self) -> int: ...
    @property
    def hits(self) -> list[Hit]: ...
    @property
    def warnings(self) -> list[str]: ...
    @property
    def expansions(self) -> list[dict[str, Any]]: ...
    @property
    def feedback(self) -> list[dict[str, Any]]: ...
    def to_dict(self) -> dict[str, Any]:
        """Exactly the JSON object of `kavosh search --format json`."""
    def to_json(self) -> str:
        """The JSON text of `kavosh search --format json` (without the newline)."""
    def __len__(self) -> int: ...
    def __iter__(self) -> Iterator[Hit]: ...
    def __getitem__(self, index: int, /) -> Hit: ...

@final
class Token:
    """One token of `analyze`."""

    @property
    def term(self) -> str: ...
    @property
    def word(self) -> str: ...
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def position(self) -> int: ...
    @property
    def original(self) -> str: ...
    @property
    def script(self) -> Literal["persian", "latin", "number", "other"]: ...
    @property
    def part_of(self) -> str | None: ...
    def to_dict(self) -> dict[str, Any]:
        """The token's object in `kavosh analyze --format json`."""

@final
class Index:
    """An open kavosh index (a folder), shareable by threads."""

    @staticmethod
    def open(path: _Path) -> Index:
        """Opens the index in `path`; IndexNotFoundError when there is none."""
    @staticmethod
    def open_or_create(path: _Path) -> Index:
        """Opens the index in `path`, or creates an empty one."""
    @property
    def path(self) -> Path: ...
    def index(
        self,
        paths: _Path | Sequence[_Path],
        *,
        rebuild: bool = False,
        memory_mb: int = 128,
    ) -> _IndexReport:
        """Indexes new and changed files under `paths` (all with rebuild=True), as `kavosh index`."""
    def search(
        self,
        query: str,
        *,
        limit: int | None = 10,
        offset: int | None = 0,
        exact: bool | None = False,
        expand: bool | None = True,
        no_expand: bool | None = False,
        snippet_chars: int | None = 240,
        after: str | None = None,
        before: str | None = None,
        lang: Literal["fa", "en"] | None = None,
        doc: str | None = None,
        group: Literal["passage", "article"] | None = "passage",
        typos: Literal["auto", "off"] | None = "auto",
        explain: bool | None = False,
        feedback: bool | None = False,
        feedback_passages: int | None = None,
        feedback_terms: int | None = None,
        feedback_weight: float | None = None,
        lexicon: _Path | Sequence[_Path] | None = None,
    ) -> Results:
        """Searches as `kavosh search QUERY`, with its options by the same names."""
    def stats(self) -> _IndexStats:
        """What the index holds, as `kavosh stats --format json`."""
    def reload(self) -> None:
        """Sees the last commit (made by another process or handle)."""

def analyze(text: str) -> list[Token]:
    """The tokens of `text`, as `kavosh analyze`."""

def normalize(text: str) -> str:
    """`text` with every word spelled as kavosh reads it before stemming."""
