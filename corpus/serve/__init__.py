"""`corpus serve`: a local, read-only web application and JSON API over an index.

Layout: ``app`` (factory, safety checks, errors as statuses), ``params`` (query string ->
library arguments, as a table), ``queries`` (one function per answer, under the time limit),
``api`` and ``pages`` (routes), ``library`` (what the library does not offer yet),
``server`` (the threaded HTTP server the CLI runs).
"""

from __future__ import annotations

from corpus.serve.app import create_app

__all__ = ["create_app"]
