"""The Flask application: the index, the safety checks, and the library errors as HTTP statuses.

Safety (a local server that a web page in the same browser could try to reach):
- the ``Host`` header must name the address the server is bound to (``localhost``,
  ``127.0.0.1`` ...) and its port, else 400: a DNS-rebinding page cannot talk to it;
- GET and HEAD only (405 otherwise, OPTIONS included); no CORS header is ever sent;
- a Content-Security-Policy that allows only the app's own scripts, styles and images, so
  text that slips into a page cannot run; Jinja2 escapes every value;
- library errors map to statuses: a bad query or parameter 400, an unknown document or speaker
  404, a query past the time limit 503.
"""

from __future__ import annotations

import contextlib
import ipaddress
import os
import socket
from collections.abc import Iterable
from typing import Any

from flask import Flask, Response, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from corpus.errors import CorpusError, QueryError
from corpus.serve import library as lib

DEFAULT_TIME_LIMIT = 20.0  # seconds a query may run before the answer is 503

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)


def bound_names(host: str) -> set[str]:
    """The host names a browser may use to reach a server bound to ``host``."""
    names = {host.lower()}
    try:
        ip = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return names
    if ip.is_loopback:
        names |= {"localhost", "127.0.0.1", "::1"}
    if ip.is_unspecified:  # every interface: this machine's names and addresses
        names |= {"localhost", "127.0.0.1", "::1", socket.gethostname().lower()}
        names.add(socket.getfqdn().lower())
        with contextlib.suppress(OSError):
            names |= {a[4][0] for a in socket.getaddrinfo(socket.gethostname(), None)}
    return names


def _split_host(value: str) -> tuple[str, int | None]:
    value = value.strip().lower()
    if value.startswith("["):  # [::1]:8000
        end = value.find("]")
        name, rest = value[1:end], value[end + 1 :]
        port = rest[1:] if rest.startswith(":") else ""
    elif value.count(":") == 1:
        name, port = value.split(":")
    else:
        name, port = value, ""
    if port and not port.isdigit():
        return "", None
    return name, int(port) if port else None


def create_app(
    index: Any = None,
    *,
    hosts: Iterable[str] = ("localhost", "127.0.0.1", "::1"),
    port: int | None = None,
    time_limit: float | None = DEFAULT_TIME_LIMIT,
) -> Flask:
    """The read-only web application over an index (name, path or CorpusIndex).

    ``hosts`` and ``port`` are what a request's Host header may name (``port`` None: any port,
    as with Flask's test client); :func:`corpus.serve.server.serve` sets them after binding.
    """
    cix = lib.open_index(index)
    app = Flask(__name__)
    app.config.update(
        CORPUS_INDEX=cix,
        CORPUS_HOSTS={h.lower() for h in hosts},
        CORPUS_PORT=port,
        CORPUS_TIME_LIMIT=time_limit,
        MAX_CONTENT_LENGTH=0,  # GET only: no request body is read
    )
    app.json.sort_keys = False  # type: ignore[attr-defined]
    app.json.ensure_ascii = False  # type: ignore[attr-defined]

    @app.before_request
    def check_request() -> Any:
        if request.method not in ("GET", "HEAD"):
            return _error(405, f"{request.method} is not allowed: this server is read-only")
        name, port = _split_host(request.headers.get("Host", ""))
        want = app.config["CORPUS_PORT"]
        if (
            name not in app.config["CORPUS_HOSTS"]
            or (want is not None and (port or 80) != want)
        ):
            # plain text: nothing of the index or the pages goes to a rebound name
            return Response(
                "400 Bad Request: unknown Host header; use the address `corpus serve` printed\n",
                400,
                mimetype="text/plain",
            )
        return None

    @app.after_request
    def headers(resp: Response) -> Response:
        resp.headers["Content-Security-Policy"] = CSP
        resp.headers["X-Content-Type-Options"] = "nosniff"
        resp.headers["Referrer-Policy"] = "no-referrer"
        resp.headers["X-Frame-Options"] = "DENY"
        resp.headers.pop("Access-Control-Allow-Origin", None)
        return resp

    @app.errorhandler(CorpusError)
    def corpus_error(exc: CorpusError) -> Any:
        if isinstance(exc, lib.DocumentNotFound):
            return _error(404, str(exc))
        if isinstance(exc, lib.TimeLimitExceeded):
            return _error(503, str(exc))
        if isinstance(exc, QueryError):
            return _error(400, str(exc))
        return _error(500, str(exc))

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException) -> Any:
        return _error(exc.code or 500, exc.description or exc.name)

    from corpus.serve import api, pages

    app.register_blueprint(api.bp)
    app.register_blueprint(pages.bp)
    app.jinja_env.globals.update(pages.template_globals())
    app.jinja_env.filters.update(pages.template_filters())
    return app


def _error(status: int, message: str) -> Any:
    """JSON ``{"error": ...}`` under /api, an HTML page elsewhere (the search form for /)."""
    if request.path.startswith("/api/") or request.path == "/api":
        resp = jsonify({"error": message})
        resp.status_code = status
        return resp
    if request.endpoint == "pages.search" and status in (400, 503):
        from corpus.serve import pages

        return pages.search_with_error(message, status)
    return render_template("error.html", status=status, message=message), status


def index_label(app: Flask) -> str:
    return os.fspath(app.config["CORPUS_INDEX"].path)
