"""kavosh (کاوش): bilingual Persian/English full-text search.

The index, the search and the Persian/English analyzer of the kavosh
library, from Python::

    import kavosh
    idx = kavosh.Index.open_or_create("index")
    idx.index(["corpus"])                  # incremental, as `kavosh index`
    res = idx.search("بوشهر", limit=5, lang="fa")
    for hit in res.hits:
        print(hit.rank, hit.doc, hit.line, hit.snippet, hit.highlights)
    res.to_dict()                          # the JSON object of `kavosh search --format json`
    kavosh.analyze("می‌شود كشتيراني ۱۳۸۶")  # tokens: term, word, start, end, position, part_of
    kavosh.normalize("كشتيراني هسته ای")   # "کشتیرانی هستهای"

Every option of `kavosh search` is a keyword argument of `Index.search`
with the same name (see `kavosh.SEARCH_OPTIONS`). Searches release the GIL:
threads search one index in parallel. Errors raise `KavoshError` or one of
its subclasses, with the library's message.
"""

from . import _kavosh
from ._kavosh import *  # noqa: F403 - the extension module is the package's API

__all__ = _kavosh.__all__
