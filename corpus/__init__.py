"""corpus: news articles to annotated TEI, indexed for quotation-aware search and KWIC.

The public API is re-exported lazily (PEP 562) so `import corpus` stays cheap on the search
path: spaCy, NLTK and Whoosh load only when the function that needs them is first used.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from corpus.settings import TOOL_VERSION as __version__

_EXPORTS = {
    "read_inputs": "corpus.ingest",
    "article_from_text": "corpus.ingest",
    "article_from_record": "corpus.ingest",
    "annotate": "corpus.annotate",
    "annotate_inputs": "corpus.batch",
    "write_tei": "corpus.tei",
    "read_tei": "corpus.tei",
    "validate": "corpus.validate",
    "build_index": "corpus.index",
    "index_tei_dir": "corpus.index",
    "open_index": "corpus.index",
    "Filters": "corpus.query",
    "search": "corpus.query",
    "hits": "corpus.query",
    "kwic": "corpus.concordance",
    "group": "corpus.concordance",
    "export_doc": "corpus.export",
    "export_query": "corpus.export",
    "frequencies": "corpus.stats",
    "collocates": "corpus.stats",
    "ngrams": "corpus.stats",
    "keyness": "corpus.stats",
    "dispersion": "corpus.stats",
    "speakers": "corpus.speaker_list",
}

__all__ = ["__version__", *_EXPORTS]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'corpus' has no attribute {name!r}")
    return getattr(import_module(module), name)
