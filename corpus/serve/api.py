"""The JSON API: each route parses its parameters (params.py), calls one function of
queries.py and writes JSON, or streams a record format."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, current_app, jsonify, request

from corpus.serve import params as P
from corpus.serve import queries as Q

bp = Blueprint("api", __name__, url_prefix="/api")


def _cix() -> Any:
    return current_app.config["CORPUS_INDEX"]


def _limit() -> float | None:
    return current_app.config["CORPUS_TIME_LIMIT"]


def _download(stream: Q.Stream) -> Response:
    return Response(
        stream.chunks,
        mimetype=stream.mimetype,
        headers={"Content-Disposition": f'attachment; filename="{stream.filename}"'},
    )


@bp.get("/kwic")
def kwic() -> Any:
    a = P.parse(P.kwic_spec(request.args), request.args)
    if a["fmt"] != "json":
        return _download(Q.kwic_stream(_cix(), a, _limit(), a["fmt"]))
    if a["group_by"]:
        page = Q.group_page(_cix(), a, _limit())
        return jsonify({"summary": page.summary, "groups": Q.group_records(page)})
    kp = Q.kwic_page(_cix(), a, _limit())
    return jsonify({"summary": kp.summary, "hits": [x.record() for x in kp.lines]})


@bp.get("/search")
def search() -> Any:
    return jsonify(Q.search_page(_cix(), P.parse(P.SEARCH, request.args), _limit()))


@bp.get("/export")
def export() -> Any:
    name, data = Q.export_corpus(_cix(), P.parse(P.EXPORT, request.args), _limit())
    return Response(
        data,
        mimetype="application/tei+xml",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@bp.get("/docs/<path:doc_id>")
def doc(doc_id: str) -> Any:
    a = P.parse(P.DOC, request.args)
    if a["fmt"] == "tei":
        data = P.lib.limited(_limit(), P.lib.document_tei_checked, doc_id, _cix())
        return Response(data, mimetype="application/tei+xml")
    return jsonify(Q.document(_cix(), doc_id, a, _limit()).record())


@bp.get("/speakers")
def speakers() -> Any:
    return jsonify(Q.speaker_list(_cix(), P.parse(P.SPEAKERS, request.args), _limit()))


@bp.get("/speakers/<path:ident>")
def speaker(ident: str) -> Any:
    P.parse((), request.args)
    return jsonify(Q.speaker_record(*Q.speaker(_cix(), ident, _limit())))


@bp.get("/stats/<name>")
def stats(name: str) -> Any:
    spec = P.STATS.get(name)
    if spec is None:
        return jsonify({"error": f"no statistic {name!r}; use one of: " + ", ".join(P.STATS)}), 404
    return jsonify(Q.stats(_cix(), name, P.parse(spec, request.args), _limit()))
