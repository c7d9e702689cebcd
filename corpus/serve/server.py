"""The HTTP server: Werkzeug's threaded WSGI server, one thread per request.

Whoosh searching is synchronous and each request opens its own searcher, so threads are
enough for a local user (and for a few scripts at once); nothing here needs an async stack.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from typing import Any

from werkzeug.serving import BaseWSGIServer, make_server

from corpus.serve.app import DEFAULT_TIME_LIMIT, bound_names, create_app


def url_of(server: BaseWSGIServer) -> str:
    host = server.host if ":" not in server.host else f"[{server.host}]"
    if server.host in ("0.0.0.0", "::"):
        host = "127.0.0.1" if server.host == "0.0.0.0" else "[::1]"
    return f"http://{host}:{server.server_port}/"


def bind(
    index: Any = None,
    host: str = "127.0.0.1",
    port: int = 8000,
    *,
    time_limit: float | None = DEFAULT_TIME_LIMIT,
    quiet: bool = False,
) -> BaseWSGIServer:
    """A bound (not yet serving) threaded server over the index; ``port`` 0 picks a free one.

    The Host header check is set to the names of the address bound and the port obtained.
    """
    app = create_app(index, hosts=bound_names(host), time_limit=time_limit)
    server = make_server(host, port, app, threaded=True)
    app.config["CORPUS_PORT"] = server.server_port
    # the speaker list (suggestions, /speakers) is one pass over the index: start it now
    threading.Thread(
        target=_warm, args=(app.config["CORPUS_INDEX"],), name="speakers", daemon=True
    ).start()
    if quiet:
        import logging

        logging.getLogger("werkzeug").setLevel(logging.WARNING)
    return server


def _warm(cix: Any) -> None:
    from corpus.errors import CorpusError
    from corpus.serve import library as lib

    with contextlib.suppress(CorpusError):  # the first request will say what is wrong
        lib.speakers(cix)


def serve(
    index: Any = None,
    host: str = "127.0.0.1",
    port: int = 8000,
    *,
    time_limit: float | None = DEFAULT_TIME_LIMIT,
    ready: Callable[[str], None] | None = None,
) -> None:
    """Bind, call ``ready(url)``, and serve until interrupted."""
    server = bind(index, host, port, time_limit=time_limit)
    if ready is not None:
        ready(url_of(server))
    try:
        server.serve_forever()
    finally:
        server.server_close()


def serve_in_thread(server: BaseWSGIServer) -> threading.Thread:
    """Serve in a daemon thread (tests, benchmarks); stop with ``server.shutdown()``."""
    thread = threading.Thread(target=server.serve_forever, name="corpus-serve", daemon=True)
    thread.start()
    return thread
