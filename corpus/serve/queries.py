"""One function per kind of answer: parsed parameters in, library call under the time limit,
records out (with the summary the API and the pages show). Routes call these and render."""

from __future__ import annotations

import io
import itertools
import json
import tempfile
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from corpus.errors import QueryError
from corpus.serve import library as lib
from corpus.serve import params as P

STREAM_BATCH = 500  # lines per streamed chunk (and per time-limit window)


@dataclass(frozen=True)
class KwicPage:
    summary: dict[str, Any]
    lines: list[lib.KwicLine]
    keys: list[str]  # each line's corpus-level speaker key (its speaker page), "": none


@dataclass(frozen=True)
class GroupPage:
    summary: dict[str, Any]
    by: str
    groups: list[Any]


def _kwic_kwargs(a: dict[str, Any]) -> dict[str, Any]:
    return {
        "filters": a.get("filters") or lib.Filters(),
        "width": lib.KWIC_WIDTH[a["unit"]] if a["width"] is None else a["width"],
        "unit": a["unit"],
        "clip": a["clip"],
        "sort": a["sort"] or (),
        "sample": a["sample"],
        "seed": a["seed"],
        "case_sensitive": a["case_sensitive"],
        "regex": a["regex"],
        "inflect": a["inflect"],
    }


def _need_query(a: dict[str, Any]) -> str:
    q = a.get("query")
    if not q:
        raise QueryError("parameter q (the query) is missing")
    return q


def kwic_page(cix: lib.CorpusIndex, a: dict[str, Any], seconds: float | None) -> KwicPage:
    """One page of KWIC lines (``limit`` from ``offset``) and the totals."""
    query = _need_query(a)
    limit, offset = a["limit"], a["offset"]
    t0 = time.perf_counter()

    def run() -> tuple[list[lib.KwicLine], tuple[int, int]]:
        result = lib.run_kwic(query, cix, limit=limit, offset=offset, **_kwic_kwargs(a))
        lines = list(result)
        return lines, result.totals()

    lines, (total, docs) = lib.limited(seconds, run)
    keys = lib.limited(seconds, lib.speaker_keys, cix, lines)
    summary = {
        "query": query,
        "hits": total,
        "docs": docs,
        "offset": offset,
        "limit": limit,
        "shown": len(lines),
        "seconds": round(time.perf_counter() - t0, 4),
    }
    return KwicPage(summary, lines, keys)


def group_page(cix: lib.CorpusIndex, a: dict[str, Any], seconds: float | None) -> GroupPage:
    """Hits and documents per speaker, document, month, year or form (every hit counted)."""
    query = _need_query(a)
    by = a["group_by"] or "speaker"
    t0 = time.perf_counter()

    def run() -> tuple[list[Any], tuple[int, int]]:
        kw = _kwic_kwargs(a) | {"sort": (), "width": 0}
        result = lib.run_kwic(query, cix, **kw)
        groups = lib.group_lines(result, by, index=cix)  # speakers: corpus-level keys
        return groups, result.totals()

    groups, (total, docs) = lib.limited(seconds, run)
    offset, limit = a["offset"], a["limit"]
    summary = {
        "query": query,
        "hits": total,
        "docs": docs,
        "groups": len(groups),
        "group_by": by,
        "offset": offset,
        "limit": limit,
        "seconds": round(time.perf_counter() - t0, 4),
    }
    return GroupPage(summary, by, groups[offset : offset + limit])


def group_records(page: GroupPage) -> list[dict[str, Any]]:
    """The records of ``corpus kwic --group-by X --format json``."""
    return list(lib.group_records(page.groups, page.by))


@dataclass(frozen=True)
class Stream:
    """A streamed answer: media type, file name and the chunks (the first one computed)."""

    mimetype: str
    filename: str
    chunks: Iterator[bytes]


def kwic_stream(
    cix: lib.CorpusIndex, a: dict[str, Any], seconds: float | None, fmt: str
) -> Stream:
    """Every hit (or ``limit`` from ``offset`` when given) in csv, tsv, jsonl or tei.

    The first batch (TEI: every batch) is computed before answering, so a bad query or a
    first batch past the time limit still gets its HTTP status; each batch gets its own time
    window.
    """
    query = _need_query(a)
    limit = a["limit"] or None
    name = "kwic-" + _slug(query)
    kw = _kwic_kwargs(a)

    def lines() -> Iterator[lib.KwicLine]:
        return lib.run_kwic(query, cix, limit=limit, offset=a["offset"], **kw)

    it = lib.limited(seconds, lines)
    batches = lib.limited_iter(seconds, it, STREAM_BATCH)
    if fmt == "tei":
        tei = _kwic_tei(cix, query, batches, seconds)
        return Stream("application/tei+xml; charset=utf-8", name + ".xml", tei)
    first = next(batches, [])  # each batch runs under its own time limit
    mimetype, ext = lib.stream_types[fmt]
    chunks = lib.chunks(fmt, itertools.chain([first] if first else [], batches))
    return Stream(mimetype, f"{name}.{ext}", chunks)


def _kwic_tei(
    cix: lib.CorpusIndex,
    query: str,
    batches: Iterator[list[lib.KwicLine]],
    seconds: float | None,
) -> Iterator[bytes]:
    """Every line as TEI through the library's streaming writer: each batch is computed and
    spooled (to disk past a few megabytes) under its own time limit before the answer starts
    (the TEI header lists the documents and speakers of every line), so an error or a batch
    past the limit still gets its HTTP status; then the file streams from the spool."""
    writer = lib.KwicTeiWriter(query=query, index=cix)
    with writer:
        for batch in batches:
            lib.limited(seconds, writer.add, batch)
    return writer.chunks()


def search_page(cix: lib.CorpusIndex, a: dict[str, Any], seconds: float | None) -> dict[str, Any]:
    """Ranked documents with snippets; an empty query lists the documents the filters keep."""
    query = a.get("query") or "*"
    t0 = time.perf_counter()
    result = lib.limited(
        seconds,
        lib.run_search,
        query,
        cix,
        a.get("filters") or lib.Filters(),
        limit=a["limit"],
        offset=a["offset"],
        case_sensitive=a["case_sensitive"],
        regex=a["regex"],
        inflect=a["inflect"],
    )
    return {
        "summary": {
            "query": query,
            "parsed": result.query,
            "total": result.total,
            "offset": result.offset,
            "limit": result.limit,
            "shown": len(result.docs),
            "seconds": round(time.perf_counter() - t0, 4),
        },
        "docs": list(lib.search_records(result)),
    }


def _as_json(name: str, result: Any, **extra: Any) -> dict[str, Any]:
    """A statistic's result as ``corpus NAME --format json`` writes it (the library's record
    writer: floats rounded, non-finite ones null), ``extra`` added to the summary."""
    summary = {k: v for k, v in asdict(result).items() if k != "rows"} | extra
    buf = io.StringIO()
    fields = [c.name for c in lib.STATS_COLUMNS[name]]
    lib.write_records(result.rows, "json", buf, fields=fields, summary=summary)
    data: dict[str, Any] = json.loads(buf.getvalue())
    return data


def stats(
    cix: lib.CorpusIndex, name: str, a: dict[str, Any], seconds: float | None
) -> dict[str, Any]:
    """A statistic as ``corpus NAME --format json`` writes it: {"summary": ..., "rows": ...}."""
    if name in P.REQUIRED_QUERY:
        _need_query(a)
    kwargs = dict(a)
    if "query" in kwargs and not kwargs["query"]:
        kwargs["query"] = None
    if "filters" in kwargs and kwargs["filters"] is None:
        kwargs.pop("filters")
    if name == "keyness" and "target" not in kwargs:
        raise QueryError("keyness needs a target: speaker (or in, direct/indirect, cue)")
    t0 = time.perf_counter()
    result = lib.limited(seconds, P.STATS_CALLS[name], index=cix, **kwargs)
    return _as_json(name, result, seconds=round(time.perf_counter() - t0, 4))


def export_corpus(
    cix: lib.CorpusIndex, a: dict[str, Any], seconds: float | None
) -> tuple[str, bytes]:
    """(file name, teiCorpus bytes) of the documents matching the query (at most ``limit``)."""
    query = _need_query(a)
    with tempfile.TemporaryDirectory(prefix="corpus-serve-") as tmp:
        report = lib.limited(
            seconds,
            lib.export_query,
            query,
            cix,
            a.get("filters"),
            Path(tmp) / "export.xml",
            case_sensitive=a["case_sensitive"],
            regex=a["regex"],
            inflect=a["inflect"],
            limit=a["limit"],
        )
        return f"export-{_slug(query)}.xml", report.path.read_bytes()


def _slug(text: str) -> str:
    """A query as part of a download's file name (the library's one slug function)."""
    return lib.slugify(text)[:40].strip("-") or "all"


def document(
    cix: lib.CorpusIndex, doc_id: str, a: dict[str, Any], seconds: float | None
) -> lib.DocView:
    """A document for reading, with the hits of ``q`` in it marked (scroll target ``hit``)."""

    def run() -> lib.DocView:
        spans: list[tuple[int, int]] = []
        q = a.get("query")
        if q and not any(c in doc_id for c in "*?"):
            lines = lib.run_kwic(
                q,
                cix,
                filters=lib.Filters(doc=doc_id),
                width=0,
                case_sensitive=a["case_sensitive"],
                regex=a["regex"],
                inflect=a["inflect"],
            )
            spans = [(x.start, x.end) for x in lines]
        return lib.document_view(cix, doc_id, spans, a.get("hit"))

    return lib.limited(seconds, run)


def speaker_list(cix: lib.CorpusIndex, a: dict[str, Any], seconds: float | None) -> dict[str, Any]:
    """The library's speaker listing (``corpus speakers --format json`` records) under the
    filters, narrowed by name prefix, one page of it."""
    t0 = time.perf_counter()
    found = lib.limited(
        seconds, lib.speakers, cix, a["prefix"] or "", filters=a.get("filters"), sort=a["sort"]
    )
    page = found[a["offset"] : a["offset"] + a["limit"]]
    return {
        "summary": {
            "speakers": len(found),
            "offset": a["offset"],
            "limit": a["limit"],
            "seconds": round(time.perf_counter() - t0, 4),
        },
        "speakers": [lib.speaker_record(r) for r in page],
    }


def speaker(
    cix: lib.CorpusIndex, ident: str, seconds: float | None
) -> tuple[lib.SpeakerProfile, Any, str]:
    """A speaker's profile, the keyness of their words against the rest of the corpus, and
    why the keyness is missing ("" when it is there): the page is still worth showing when
    the keyness of a very frequent speaker runs past the time limit."""
    profile = lib.limited(seconds, lib.speaker_profile, cix, ident)
    try:
        key = lib.limited(seconds, lib.keyness, cix, lib.Filters(speaker=profile.id), limit=25)
    except (QueryError, lib.TimeLimitExceeded) as exc:
        return profile, None, str(exc)
    return profile, key, ""


def speaker_record(profile: lib.SpeakerProfile, key: Any, note: str = "") -> dict[str, Any]:
    """The JSON of /api/speakers/ID: the profile and the keyness rows (None without any, and
    ``keyness_error`` says why)."""
    data = asdict(profile)
    data["roles"] = [{"role": r, "docs": n} for r, n in profile.roles]
    data["docs"] = [
        {"doc": d, "date": date, "title": t, "quotations": n} for d, date, t, n in profile.docs
    ]
    data["cues"] = [{"cue": c, "quotations": n} for c, n in profile.cues]
    data["timeline"] = [{"month": m, "quotations": n} for m, n in profile.timeline]
    data["keyness"] = _as_json("keyness", key)["rows"] if key is not None else None
    if note:
        data["keyness_error"] = note
    return data


STATS_VIEW = ("dispersion", "collocates", "ngrams")


def search_view(
    cix: lib.CorpusIndex,
    a: dict[str, Any],
    seconds: float | None,
    stats_args: dict[str, dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """What the search page shows in its view: KWIC page, groups, documents or statistics.

    Nothing runs without a query, except the documents view, which lists the documents the
    filters keep.
    """
    view = a["view"]
    out: dict[str, Any] = {"view": view}
    if view == "docs":
        if a.get("query") or a.get("filters"):
            out["docs"] = search_page(cix, a, seconds)
    elif not a.get("query"):
        pass
    elif view == "kwic":
        out["page"] = kwic_page(cix, a, seconds)
    elif view == "groups":
        out["groups"] = group_page(cix, a, seconds)
    elif view == "stats":
        out["stats"] = {name: stats(cix, name, (stats_args or {})[name], seconds)
                        for name in STATS_VIEW}
    return out
