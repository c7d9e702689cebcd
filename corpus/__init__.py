"""corpus: news articles to annotated TEI, indexed for quotation-aware search and KWIC.

The public API is re-exported lazily so `import corpus` stays cheap on the search path.
"""

from __future__ import annotations

from corpus.settings import TOOL_VERSION as __version__

__all__ = ["__version__"]
