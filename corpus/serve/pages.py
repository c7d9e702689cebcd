"""The HTML pages: search (KWIC, groups, documents, statistics), document, speakers, speaker.

Each route parses the query string (the whole page state lives there), calls one function of
queries.py and renders a template. Unknown parameters are ignored on pages (old links keep
working); the API refuses them.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, urlencode

from flask import Blueprint, current_app, redirect, render_template, request

from corpus.serve import library as lib
from corpus.serve import params as P
from corpus.serve import queries as Q

bp = Blueprint("pages", __name__)

SEARCH = (*[p for p in P.KWIC if p.name != "format"], *P.PAGE)


def _cix() -> Any:
    return current_app.config["CORPUS_INDEX"]


def _limit() -> float | None:
    return current_app.config["CORPUS_TIME_LIMIT"]


@bp.get("/")
def search() -> Any:
    a = P.parse(SEARCH, request.args, strict=False)
    stats_args = (
        {n: P.parse(P.STATS[n], request.args, strict=False) for n in Q.STATS_VIEW}
        if a["view"] == "stats"
        else None
    )
    return render_template("search.html", a=a, **Q.search_view(_cix(), a, _limit(), stats_args))


def search_with_error(message: str, status: int) -> Any:
    """The search page with the form as the user left it and the error in place of results."""
    try:
        a = P.parse(SEARCH, request.args, strict=False)
    except lib.QueryError:
        a = P.parse(SEARCH, {}, strict=False)
    return render_template("search.html", a=a, error=message, view=a["view"]), status


@bp.get("/docs/<path:doc_id>")
def document(doc_id: str) -> Any:
    a = P.parse(P.DOC, request.args, strict=False)
    return render_template("doc.html", d=Q.document(_cix(), doc_id, a, _limit()), a=a)


@bp.get("/speakers")
def speakers() -> Any:
    a = P.parse(P.SPEAKERS, request.args, strict=False)
    return render_template("speakers.html", a=a, data=Q.speaker_list(_cix(), a, _limit()))


@bp.get("/speakers/<path:ident>")
def speaker(ident: str) -> Any:
    profile, key, note = Q.speaker(_cix(), ident, _limit())
    if profile.id != ident:  # a name or an entity id: the page lives at the speaker's key
        return redirect("/speakers/" + quote(profile.id, safe=""), 302)
    return render_template("speaker.html", s=profile, keyness=key, keyness_note=note)


@bp.get("/help")
def help_page() -> Any:
    return render_template("help.html", endpoints=api_description())


# --- helpers for the templates ----------------------------------------------------------------


def api_description() -> list[tuple[str, str, list[P.Param]]]:
    """(path, what it answers, parameters) of every API endpoint, from the parameter table."""
    out: list[tuple[str, str, list[P.Param]]] = [
        ("/api/kwic", "KWIC lines and totals as JSON; format=csv|tsv|jsonl|tei streams every "
         "hit; group-by=X counts hits per group", list(P.KWIC)),
        ("/api/search", "ranked documents with highlighted snippets", list(P.SEARCH)),
        ("/api/export", "teiCorpus of the documents matching q", list(P.EXPORT)),
        ("/api/docs/ID", "metadata, text, quotations and entities with character offsets; "
         "format=tei: the TEI", list(P.DOC)),
        ("/api/speakers", "the records of `corpus speakers --format json` (corpus-level "
         "speakers: name, key, type, kind, roles, quotations, documents, first, last)",
         list(P.SPEAKERS)),
        ("/api/speakers/KEY", "one speaker (key, id or name): roles, documents, cue verbs, "
         "timeline, keyness", []),
    ]
    for name, spec in P.STATS.items():
        out.append((f"/api/stats/{name}", f"`corpus {name}` as JSON", list(spec)))
    return out


def _url(path: str, args: dict[str, str]) -> str:
    return path + ("?" + urlencode(args) if args else "")


def link(**changes: Any) -> str:
    """The current search state with some parameters changed (None removes one)."""
    return _url("/", P.state(request.args, **changes))


def api_link(path: str, keep: tuple[str, ...] | None = None, **changes: Any) -> str:
    """An API URL with the search state's library parameters (page-only ones left out)."""
    page_only = {p.name for p in P.PAGE} | {"offset", "limit"}
    args = {k: v for k, v in P.state(request.args).items() if k not in page_only}
    if keep is not None:
        args = {k: v for k, v in args.items() if k in keep}
    return _url(path, P.state(args, **changes))


def speakers_link(**changes: Any) -> str:
    """The speaker list's state with some parameters changed (its pager)."""
    return _url("/speakers", P.state(request.args, **changes))


def group_link(by: str, key: str) -> str | None:
    extra = P.group_state(by, key)
    if extra is None:
        return None
    changes: dict[str, Any] = {"view": "kwic", "offset": None, "group_by": None}
    changes.update({k.replace("-", "_"): v for k, v in extra.items()})
    return link(**changes)


def doc_link(doc: str, start: int | None = None) -> str:
    args: dict[str, str] = {}
    for name in ("q", "inflect", "regex", "case-sensitive"):
        if request.args.get(name):
            args[name] = request.args[name]
    if start is not None:
        args["hit"] = str(start)
    return _url(f"/docs/{quote(doc, safe='')}", args) + ("#hit" if start is not None else "")


def entity_link(kind: str, ref: str) -> str:
    """The search page filtered by an entity (documents view when there is no query)."""
    args: dict[str, str] = {kind: ref}
    q = request.args.get("q")
    if q:
        args["q"] = q
    else:
        args["view"] = "docs"
    return _url("/", args)


def sort_link(key: str) -> str:
    """Sort by ``key``; a second click on the same key reverses it."""
    current = request.args.get("sort", "")
    new = "-" + key if current == key else key
    return link(sort=new, offset=None)


def sort_mark(key: str) -> str:
    current = request.args.get("sort", "")
    return "▲" if current == key else "▼" if current == "-" + key else ""


def template_globals() -> dict[str, Any]:
    return {
        "link": link,
        "api_link": api_link,
        "group_link": group_link,
        "speakers_link": speakers_link,
        "doc_link": doc_link,
        "entity_link": entity_link,
        "sort_link": sort_link,
        "sort_mark": sort_mark,
        "series": series,
        "VIEWS": P.VIEWS,
        "GROUP_KEYS": lib.GROUP_KEYS,
        "MEASURES": lib.MEASURES,
        "FILTER_NAMES": P.FILTER_NAMES,
        "PALETTE_SIZE": lib.PALETTE_SIZE,
        "index_name": lambda: current_app.config["CORPUS_INDEX"].path.name,
    }


def _kind_letter(kind: str | None) -> str:
    return {"direct": "D", "mixed": "M", "indirect": "I"}.get(kind or "", "–")


def _attr_dict(record: Any) -> dict[str, Any]:
    from dataclasses import asdict

    return asdict(record)


def _web_url(url: str) -> str:
    """Only http(s) links from article metadata (never javascript: or data:)."""
    return url if url.lower().startswith(("http://", "https://")) else ""


def series(rows: list[Any], key: str, value: str) -> list[tuple[str, float]]:
    """(label, value) pairs of dated rows for a bar chart ("(no date)" left out)."""
    out = []
    for r in rows:
        get = r.get if isinstance(r, dict) else lambda k, r=r: getattr(r, k)
        if not str(get(key)).startswith("("):
            out.append((get(key), get(value) or 0))
    return out


def template_filters() -> dict[str, Any]:
    return {"kind_letter": _kind_letter, "attr_dict": _attr_dict, "web_url": _web_url}
