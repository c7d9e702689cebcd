"""Hand-made quotation gold in JSON: one article (``line`` keys) or records of a JSON source.

Two shapes are read, told apart by their keys:

* one article (``tests/data/tass-2022-02-12-ushakov.json``): ``file`` names the article text;
  each quotation gives ``line``, the 0-based line of that file. See :func:`read_gold_quotes`.
* records of a JSON source (``gold/tass-politics-dev.json``): ``source`` names a JSON file of
  records (a list, or JSON Lines) such as ``data/tass/politics-dev.json``; each quotation gives
  ``record`` (0-based index in it) and ``paragraph`` (``"title"``, ``"description"`` or the
  0-based index into ``content``). See :func:`read_gold_records`.

In both, ``text`` is copied exactly from its line or paragraph, without the enclosing quotation
marks of a direct quotation, and is found there by string search (the first occurrence; a text
that occurs twice in one paragraph is taken at its first place). ``type`` is direct, indirect or
mixed (mixed counts as indirect), ``speaker`` the canonical name, and ``cue``, ``mention`` and
``reported_by`` are optional. Readers raise InputError naming the file and line.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from corpus.errors import InputError
from corpus.evaluate.matching import Fragments
from corpus.model import Article, Span
from corpus.settings import SAMPLES_DIR, shared_dir


@dataclass(frozen=True)
class GoldQuote:
    """A gold attribution; spans are fragments in the gold text's character offsets.

    ``ident`` names it in the gold file (``E12``, ``quotation 3``) and ``line`` is its 1-based
    line there. PolNeAR fills ``source``/``cue`` spans; the gold JSON fills ``speaker`` (the
    canonical name), ``reported_by`` and ``cue_text``.
    """

    ident: str
    line: int
    content: Fragments
    category: str
    source: Fragments = ()
    cue: Fragments = ()
    speaker: str = ""
    reported_by: str = ""
    cue_text: str = ""


@dataclass(frozen=True)
class GoldArticle:
    doc_id: str
    text_path: Path
    gold_path: Path
    text: str
    quotes: tuple[GoldQuote, ...]
    skipped: int = 0  # gold items without content
    # The article as the ingester read it, when the gold's offsets are in its text (records of
    # a JSON source); None: the text file is ingested at scoring time.
    article: Article | None = None



def read_text(path: Path) -> str:
    """The file's text with its offsets kept (no newline translation)."""
    try:
        with open(path, encoding="utf-8", newline="") as handle:  # keep offsets exact
            return handle.read()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read text file: {exc}") from exc



# --------------------------------------------------------------------------- gold JSON reader


def _element_lines(raw: str, key: str) -> list[int]:
    """1-based line where each element of the top-level list ``key`` starts (best effort)."""
    m = re.search('"' + re.escape(key) + r'"\s*:\s*\[', raw)
    if not m:
        return []
    decoder = json.JSONDecoder()
    pos, lines = m.end(), []
    try:
        while True:
            while raw[pos] in " \t\r\n,":
                pos += 1
            if raw[pos] == "]":
                return lines
            lines.append(raw.count("\n", 0, pos) + 1)
            _, pos = decoder.raw_decode(raw, pos)
    except (IndexError, ValueError):
        return lines


def _gold_text_path(
    gold: Path, named: str, text: Path | str | None, what: str = "article text", key: str = "file"
) -> Path:
    """The file the gold names (``key``), looked up beside the gold, above it, in samples/ and
    under ../shared; ``text`` overrides it."""
    if text is not None:
        return Path(text)
    if not named:
        raise InputError(f"{gold}: no {key!r} names the {what} (give the file)")
    candidates = [
        gold.parent / named,
        gold.parent.parent / named,  # shared/gold/x.json naming data/... under shared/
        gold.parent / Path(named).name,
        SAMPLES_DIR / Path(named).name,
        shared_dir() / named,
    ]
    for cand in candidates:
        if cand.is_file():
            return cand
    raise InputError(f"{gold}: cannot find the {what} {named!r} (give the file)")


def _load(path: Path) -> tuple[str, dict[str, Any]]:
    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read gold file: {exc}") from exc
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise InputError(f"{path}:{exc.lineno}: not JSON: {exc.msg}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("quotations"), list):
        raise InputError(f"{path}:1: expected an object with a 'quotations' list")
    return raw, data


def _check_item(item: Any, where: str) -> dict[str, Any]:
    """The fields every quotation has, checked; returns the item."""
    if not isinstance(item, dict):
        raise InputError(f"{where}: expected an object")
    qtext, qtype = item.get("text"), item.get("type")
    if not isinstance(qtext, str) or not qtext:
        raise InputError(f"{where}: 'text' must be a non-empty string")
    if qtype not in ("direct", "mixed", "indirect"):
        raise InputError(f"{where}: 'type' must be direct or indirect, not {qtype!r}")
    for key in ("speaker", "cue", "reported_by", "mention"):
        if not isinstance(item.get(key, ""), str):
            raise InputError(f"{where}: {key!r} must be a string")
    if not item.get("speaker"):
        raise InputError(f"{where}: 'speaker' is missing")
    return item


def _gold_quote(item: dict[str, Any], i: int, jline: int, found: int) -> GoldQuote:
    return GoldQuote(
        ident=f"quotation {i}",
        line=jline,
        content=(Span(found, found + len(item["text"])),),
        category="indirect" if item["type"] == "mixed" else item["type"],
        speaker=item["speaker"],
        reported_by=item.get("reported_by", ""),
        cue_text=item.get("cue", ""),
    )


def is_records_gold(path: Path | str) -> bool:
    """True for the records shape (``source`` + ``record``/``paragraph``), False for one article."""
    _raw, data = _load(Path(path))
    return "source" in data or any(
        isinstance(q, dict) and "record" in q for q in data["quotations"]
    )


def read_gold_quotes(path: Path | str, text_path: Path | str | None = None) -> GoldArticle:
    """Read a one-article gold JSON file (the shape of tests/data/tass-2022-02-12-ushakov.json).

    Each quotation gives ``line`` (0-based line of the article file), ``type`` (direct or
    indirect), ``speaker`` (canonical name), ``text`` (exact, without enclosing marks) and
    optionally ``cue`` and ``reported_by``. The text is located by string search in its line.
    The article file is ``text_path``, else the JSON's ``file`` looked up beside the JSON, in
    samples/ and under ../shared. InputError (file:line) when malformed.
    """
    path = Path(path)
    raw, data = _load(path)
    named = data.get("file", "")
    txt = _gold_text_path(path, named if isinstance(named, str) else "", text_path)
    text = read_text(txt)
    starts = [0]
    for m in re.finditer("\n", text):
        starts.append(m.end())
    json_lines = _element_lines(raw, "quotations")
    quotes = []
    for i, item in enumerate(data["quotations"], 1):
        jline = json_lines[i - 1] if i <= len(json_lines) else 1
        where = f"{path}:{jline}: quotation {i}"
        item = _check_item(item, where)
        line = item.get("line")
        if not isinstance(line, int) or isinstance(line, bool) or not 0 <= line < len(starts):
            raise InputError(f"{where}: 'line' must be a line number of {txt} (0-based)")
        lstart = starts[line]
        lend = starts[line + 1] - 1 if line + 1 < len(starts) else len(text)
        found = text.find(item["text"], lstart, lend)
        if found < 0:
            raise InputError(f"{where}: text not found in line {line} of {txt}")
        quotes.append(_gold_quote(item, i, jline, found))
    return GoldArticle(txt.stem, txt, path, text, tuple(quotes))


def _source_records(path: Path) -> list[Any]:
    """The records of a JSON source file: a JSON list, one object, or JSON Lines."""
    try:
        raw = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read the gold's source: {exc}") from exc
    try:
        data = json.loads(raw)
    except json.JSONDecodeError:
        try:
            return [json.loads(line) for line in raw.splitlines() if line.strip()]
        except json.JSONDecodeError as exc:
            raise InputError(f"{path}: the gold's source is neither JSON nor JSON Lines") from exc
    return data if isinstance(data, list) else [data]


def _paragraph_span(
    article: Article, record: dict[str, Any], paragraph: Any, where: str
) -> tuple[int, int]:
    """Where a gold ``paragraph`` ("title", "description", content index) is in the article.

    The title and the description are the head and argument blocks; a content paragraph is
    found by its text (as the ingester cleans a field: one line, single spaces), after the
    standfirst, so a first paragraph that repeats the standfirst is found in the standfirst.
    """
    from corpus.ingest.jsonrec import one_line

    text = article.text
    kinds = {"title": "head", "description": "argument"}
    if paragraph in kinds:
        for b in article.blocks:
            if b.kind == kinds[paragraph]:
                return b.start, b.end
        raise InputError(f"{where}: the article has no {paragraph}")
    content = record.get("content")
    if (
        not isinstance(paragraph, int)
        or isinstance(paragraph, bool)
        or not isinstance(content, list)
        or not 0 <= paragraph < len(content)
    ):
        raise InputError(
            f"{where}: 'paragraph' must be \"title\", \"description\" or an index into content"
        )
    wanted = one_line(content[paragraph])
    head_end = max((b.end for b in article.blocks if b.kind in ("head", "argument")), default=0)
    found = text.find(wanted, head_end)
    if found < 0:
        found = text.find(wanted)
    if not wanted or found < 0:
        raise InputError(f"{where}: content[{paragraph}] is not in the ingested article")
    return found, found + len(wanted)


def read_gold_records(
    path: Path | str, source_path: Path | str | None = None
) -> list[GoldArticle]:
    """Read a records gold (the shape of ``gold/tass-politics-dev.json``): one GoldArticle per
    record of the source, in source order, each with its ingested :class:`Article` and gold
    offsets in that article's text. Records without a quotation are kept (their predictions
    are false positives). ``source_path`` overrides the JSON's ``source``.

    Limits: the source is ingested with the project's ingester (``corpus.ingest.read_file``);
    a record it rejects raises InputError, since its quotations could not be scored.
    """
    from corpus.ingest import read_file
    from corpus.model import Rejected

    path = Path(path)
    raw, data = _load(path)
    named = data.get("source", "")
    src = _gold_text_path(
        path, named if isinstance(named, str) else "", source_path, "JSON source", "source"
    )
    records = _source_records(src)
    articles: dict[int, Article] = {}
    for item in read_file(src):
        if isinstance(item, Rejected):
            raise InputError(f"{src}: record {item.record}: the ingester rejects it: {item.reason}")
        articles[(item.record or 1) - 1] = item
    json_lines = _element_lines(raw, "quotations")
    per_record: dict[int, list[GoldQuote]] = {r: [] for r in sorted(articles)}
    for i, item in enumerate(data["quotations"], 1):
        jline = json_lines[i - 1] if i <= len(json_lines) else 1
        where = f"{path}:{jline}: quotation {i}"
        item = _check_item(item, where)
        rec = item.get("record")
        if not isinstance(rec, int) or isinstance(rec, bool) or rec not in articles:
            raise InputError(f"{where}: 'record' must be a 0-based record index of {src}")
        record = records[rec] if rec < len(records) and isinstance(records[rec], dict) else {}
        article = articles[rec]
        lo, hi = _paragraph_span(article, record, item.get("paragraph"), where)
        found = article.text.find(item["text"], lo, hi)
        if found < 0:
            raise InputError(
                f"{where}: text not found in paragraph {item.get('paragraph')!r} of record {rec}"
            )
        per_record[rec].append(_gold_quote(item, i, jline, found))
    return [
        GoldArticle(
            articles[r].doc_id, src, path, articles[r].text, tuple(quotes), article=articles[r]
        )
        for r, quotes in per_record.items()
    ]
