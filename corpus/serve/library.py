"""The server's one door to the library, and what the library does not offer yet.

Every import of the library by the server is here, so when the library moves this is the file
that changes. The functions defined below are what the library lacks; each says in its
docstring where it belongs. They read the index only through the library's own readers
(:class:`corpus.query.Columns`, :func:`corpus.index.read_info`, :func:`corpus.index.load_document`):

- :func:`document_view`: a document's text cut into flat segments, each with its innermost
  quotation, cue and entity mention (what a reader page and ``/api/docs/ID`` need);
- :func:`speakers`: the library's :func:`corpus.speakers`, cached, with a name prefix;
  :func:`speaker_profile`: one corpus-level speaker's quotations, documents, cue verbs,
  timeline and roles (what a speaker page needs beyond the library's listing);
- :func:`time_limit`: a wall-clock limit on a library call run in a server thread;
- :func:`chunks`: the library's KWIC writer (:func:`corpus.render.render_kwic`) in pieces,
  for streamed responses (TEI streams through the library's own
  :class:`corpus.export.KwicTeiWriter`).
"""

from __future__ import annotations

import bisect
import ctypes
import io
import itertools
import re
import threading
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, TypeVar

from corpus.concordance import GROUP_KEYS, SORT_KEYS, KwicLine
from corpus.concordance import group as group_lines
from corpus.concordance import kwic as run_kwic
from corpus.errors import CorpusError, QueryError
from corpus.export import KwicTeiWriter, document_tei, export_query
from corpus.index import (
    CorpusIndex,
    load_document,
    name_key,
    name_keys,
    open_index,
    read_info,
)
from corpus.index.terms import speaker_key, speaker_map
from corpus.ingest.ids import slugify
from corpus.query import Columns, Filters, filter_query, quote_predicate
from corpus.query import search as run_search
from corpus.render import (
    STATS_COLUMNS,
    group_records,
    render_kwic,
    search_records,
    write_records,
)
from corpus.settings import KWIC_WIDTH, SEARCH_LIMIT, TABLE_LIMIT
from corpus.speaker_list import SPEAKER_FIELDS, SPEAKER_SORTS, Speaker, SpeakerTally
from corpus.speaker_list import speakers as library_speakers
from corpus.stats import MEASURES, collocates, dispersion, frequencies, keyness, ngrams

__all__ = [
    "GROUP_KEYS",
    "KWIC_WIDTH",
    "MEASURES",
    "SEARCH_LIMIT",
    "SORT_KEYS",
    "SPEAKER_SORTS",
    "STATS_COLUMNS",
    "TABLE_LIMIT",
    "CorpusIndex",
    "Filters",
    "KwicLine",
    "KwicTeiWriter",
    "chunks",
    "collocates",
    "dispersion",
    "document_tei",
    "document_view",
    "export_query",
    "frequencies",
    "group_lines",
    "group_records",
    "keyness",
    "ngrams",
    "open_index",
    "run_kwic",
    "run_search",
    "search_records",
    "slugify",
    "speaker_keys",
    "speaker_profile",
    "speaker_record",
    "speakers",
    "stream_types",
    "time_limit",
    "write_records",
]

T = TypeVar("T")


# --- a time limit for a call in a server thread ----------------------------------------------


class TimeLimitExceeded(CorpusError):
    """A query ran past the server's time limit (HTTP 503)."""

    exit_code = 9


class _Interrupt(BaseException):
    """Raised asynchronously inside the thread that overran; turned into TimeLimitExceeded.

    A BaseException so that no ``except Exception`` in the library swallows it.
    """


def _set_async_exc(tid: int, exc: type[BaseException] | None) -> None:
    """Raise ``exc`` in thread ``tid`` at its next bytecode; None clears a pending one."""
    ctypes.pythonapi.PyThreadState_SetAsyncExc(
        ctypes.c_ulong(tid), ctypes.py_object(exc) if exc is not None else None
    )


class time_limit:
    """Stop the body after ``seconds`` of wall-clock time with :class:`TimeLimitExceeded`.

    Whoosh's ``TimeLimitCollector`` stops a search with SIGALRM, which only the main thread
    can receive (a server thread gets ``ValueError: signal only works in main thread``), and
    it only covers collection through ``searcher.search``, while the KWIC and statistics
    passes walk matchers themselves. So, as the collector does with ``use_alarm=False``, a
    timer thread fires; instead of setting a flag that only a collector would read, it raises
    an exception asynchronously in the thread that runs the body
    (``PyThreadState_SetAsyncExc``), delivered at that thread's next bytecode: the library's
    pure-Python loops stop, their ``with searcher`` blocks close, and the thread goes on
    serving. A lock makes sure the exception is never left pending once the body is over.
    ``seconds`` None or <= 0: no limit.

    Limit: a call that spends the whole time inside one C function (a huge regular expression
    match) is stopped when it returns to Python.

    Belongs in the library (corpus.query, beside the searches it limits) once another front end
    needs it.
    """

    def __init__(self, seconds: float | None) -> None:
        self.seconds = seconds
        self._lock = threading.Lock()
        self._done = False
        self._fired = False
        self._timer: threading.Timer | None = None
        self._tid = 0

    def _fire(self) -> None:
        with self._lock:
            if not self._done:
                self._fired = True
                _set_async_exc(self._tid, _Interrupt)

    def __enter__(self) -> time_limit:
        if self.seconds and self.seconds > 0:
            self._tid = threading.get_ident()
            self._timer = threading.Timer(self.seconds, self._fire)
            self._timer.daemon = True
            try:
                self._timer.start()  # waits for the thread: a tiny limit can run out here
                return self
            except _Interrupt:
                self.__exit__(_Interrupt, None, None)  # raises TimeLimitExceeded
        return self

    def __exit__(self, et: Any, ev: Any, tb: Any) -> bool:
        if self._timer is None:
            return False
        interrupted = et is _Interrupt
        while True:  # the pending exception may land in here; it fires at most once
            try:
                self._timer.cancel()
                with self._lock:
                    self._done = True
                    if self._fired:
                        _set_async_exc(self._tid, None)
                break
            except _Interrupt:
                interrupted = True
        if interrupted:
            raise TimeLimitExceeded(
                f"the query ran past the time limit of {self.seconds:g} s; narrow it (more "
                "words, a filter, a date range) or ask for fewer lines"
            ) from None
        return False


def limited(seconds: float | None, func: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """``func(*args, **kwargs)`` under :func:`time_limit`."""
    with time_limit(seconds):
        return func(*args, **kwargs)


def limited_iter(seconds: float | None, items: Iterator[T], batch: int) -> Iterator[list[T]]:
    """Lists of up to ``batch`` items, each list produced under a fresh :func:`time_limit`."""
    while True:
        with time_limit(seconds):
            part = [x for _, x in zip(range(batch), items, strict=False)]
        if not part:
            return
        yield part
        if len(part) < batch:
            return


# --- streamed record writers -----------------------------------------------------------------

# format -> (media type, file extension) of the streamed KWIC formats
stream_types: dict[str, tuple[str, str]] = {
    "csv": ("text/csv; charset=utf-8", "csv"),
    "tsv": ("text/tab-separated-values; charset=utf-8", "tsv"),
    "jsonl": ("application/jsonl; charset=utf-8", "jsonl"),
}


def chunks(fmt: str, batches: Iterable[list[KwicLine]]) -> Iterator[bytes]:
    """The output of the library's KWIC writer (:func:`corpus.render.render_kwic`, so the
    records of :meth:`KwicLine.record`, CSV cells made inert) one piece per batch of lines.

    The writer pushes into a file while a response pulls chunks, and each batch is computed
    under its own time limit in the request's thread, so it is called once per batch; TSV and
    CSV begin with one header row, which only the first piece keeps (an empty answer is the
    header alone). Belongs in corpus.render as a chunked form of ``write_records``.
    """
    first = True
    for batch in itertools.chain(batches, [[]]):
        if not batch and not first:
            return
        buf = io.StringIO()
        render_kwic(batch, fmt, buf)
        text = buf.getvalue()
        if not first and fmt in ("tsv", "csv"):
            text = text[text.index("\n") + 1 :]
        first = False
        if text:
            yield text.encode("utf-8")


# --- a document for reading -------------------------------------------------------------------


@dataclass(frozen=True)
class Segment:
    """A stretch of the text whose layers do not change: ``text[start:end]``."""

    start: int
    end: int
    text: str
    quote: int  # index into DocView.quotes of the innermost quotation, -1: narration
    cue: int  # index of the quotation whose cue this is, -1: none
    mention: int  # index into DocView.mentions, -1: none
    hit: bool  # inside a query hit
    first_hit: bool = False  # the segment that opens the hit to scroll to


@dataclass(frozen=True)
class QuoteView:
    start: int
    end: int
    kind: str
    speaker: str
    speaker_name: str
    cue: str
    cue_start: int | None
    cue_end: int | None
    reported_by: str
    reported_by_name: str
    method: str
    confidence: float
    colour: int  # index of the speaker's colour (-1: unknown speaker)
    parts: tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class MentionView:
    start: int
    end: int
    kind: str
    ref: str
    name: str
    when: str


@dataclass(frozen=True)
class EntityView:
    id: str
    kind: str
    name: str
    role: str
    mentions: tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class DocView:
    doc: str
    title: str
    date: str
    place: str
    agency: str
    url: str
    text: str
    quotes: tuple[QuoteView, ...]
    mentions: tuple[MentionView, ...]
    entities: tuple[EntityView, ...]
    # (speaker id, name, colour, quotations, corpus-level speaker key: the speaker page)
    legend: tuple[tuple[str, str, int, int, str], ...]
    segments: tuple[Segment, ...] = field(default=())

    def record(self) -> dict[str, Any]:
        """The JSON of /api/docs/ID: metadata, text, quotations and entities with offsets."""
        from dataclasses import asdict

        return {
            "doc": self.doc,
            "title": self.title,
            "date": self.date,
            "place": self.place,
            "agency": self.agency,
            "url": self.url,
            "text": self.text,
            "quotations": [
                {k: v for k, v in asdict(q).items() if k != "colour"} for q in self.quotes
            ],
            "entities": [asdict(e) for e in self.entities],
            "mentions": [asdict(m) for m in self.mentions],
        }


PALETTE_SIZE = 10  # speaker colours (CSS classes spk-0 .. spk-9); more speakers reuse them


class DocumentNotFound(QueryError):
    """No document with that id in the index (HTTP 404)."""


def document_tei_checked(doc_id: str, cix: CorpusIndex) -> bytes:
    """The document's TEI, looked up by id in the index; :class:`DocumentNotFound` if absent."""
    try:
        return document_tei(doc_id, cix)
    except QueryError as exc:
        raise DocumentNotFound(str(exc)) from exc


def document_view(
    cix: CorpusIndex, doc_id: str, hits: Iterable[tuple[int, int]] = (), focus: int | None = None
) -> DocView:
    """A document of the index for reading: quotations, cues, entity mentions and the given
    hit spans as flat segments (nested quotations: the innermost wins; a mention inside a
    cue keeps both). ``focus`` is the start of the hit to scroll to (default: the first).

    The id is looked up in the index (:func:`corpus.index.load_document`); it never becomes a
    path. Belongs in the library (a ``corpus.reader`` module beside corpus.concordance): any
    front end that shows an annotated article needs these layers flattened.
    """
    try:
        doc = load_document(cix, doc_id)
    except QueryError as exc:
        raise DocumentNotFound(str(exc)) from exc
    art = doc.article
    text = art.text
    names = {e.id: e for e in doc.entities}
    order: dict[str, int] = {}
    counts: Counter[str] = Counter()
    for q in sorted(doc.quotations, key=lambda q: q.start):
        if q.speaker:
            order.setdefault(q.speaker, len(order))
            counts[q.speaker] += 1
    quotes = tuple(
        QuoteView(
            q.start,
            q.end,
            q.kind,
            q.speaker,
            names[q.speaker].name if q.speaker in names else "",
            text[q.cue.start : q.cue.end] if q.cue else "",
            q.cue.start if q.cue else None,
            q.cue.end if q.cue else None,
            q.reported_by,
            names[q.reported_by].name if q.reported_by in names else "",
            q.method,
            q.confidence,
            order[q.speaker] % PALETTE_SIZE if q.speaker else -1,
            tuple((s.start, s.end) for s in q.parts),
        )
        for q in sorted(doc.quotations, key=lambda q: (q.start, -q.end))
    )
    mentions = tuple(
        MentionView(
            m.start, m.end, m.kind, m.ref, names[m.ref].name if m.ref in names else "", m.when
        )
        for m in sorted(doc.mentions, key=lambda m: (m.start, -m.end))
    )
    by_ref: dict[str, list[tuple[int, int]]] = {}
    for m in mentions:
        if m.ref:
            by_ref.setdefault(m.ref, []).append((m.start, m.end))
    entities = tuple(
        EntityView(e.id, e.kind, e.name, e.role, tuple(by_ref.get(e.id, ())))
        for e in sorted(doc.entities, key=lambda e: (e.kind, e.name.casefold()))
    )
    keys = _speaker_keys_of(cix, art.doc_id)
    legend = tuple(
        (
            sid,
            names[sid].name if sid in names else sid,
            order[sid] % PALETTE_SIZE,
            counts[sid],
            keys.get(sid, ""),
        )
        for sid in order
    )
    hit_spans = sorted(hits)
    segments = _segments(text, quotes, mentions, hit_spans, focus)
    return DocView(
        art.doc_id,
        art.title,
        art.date,
        art.place,
        art.agency,
        art.url,
        text,
        quotes,
        mentions,
        entities,
        legend,
        segments,
    )


def _speaker_keys_of(cix: CorpusIndex, doc_id: str) -> dict[str, str]:
    """Entity id -> corpus-level speaker key of the speakers quoted in a document."""
    with cix.searcher() as s:
        docnum = s.document_number(doc=doc_id)
        di = read_info(s.reader().column_reader("info")[docnum]) if docnum is not None else None
        if di is None:
            return {}
        tally = SpeakerTally(speaker_map(s))
        return {r.speaker: tally.key(r) for r in di.quote_data().rows if r.speaker}


def _innermost(spans: list[tuple[int, int, int]], pos: int) -> int:
    """Index of the shortest span containing ``pos`` (spans: (start, end, index)), or -1."""
    best, best_len = -1, None
    for a, b, i in spans:
        if a <= pos < b and (best_len is None or b - a < best_len):
            best, best_len = i, b - a
    return best


def _segments(
    text: str,
    quotes: tuple[QuoteView, ...],
    mentions: tuple[MentionView, ...],
    hits: list[tuple[int, int]],
    focus: int | None,
) -> tuple[Segment, ...]:
    qspans: list[tuple[int, int, int]] = []
    for i, q in enumerate(quotes):
        for a, b in q.parts or ((q.start, q.end),):
            qspans.append((a, b, i))
    cues = [(q.cue_start, q.cue_end, i) for i, q in enumerate(quotes) if q.cue_start is not None]
    ments = [(m.start, m.end, i) for i, m in enumerate(mentions) if m.end > m.start]
    cuts = {0, len(text)}
    for spans in (qspans, cues, ments):
        for a, b, _ in spans:
            cuts.update((a, b))
    for a, b in hits:
        cuts.update((a, b))
    bounds = sorted(c for c in cuts if 0 <= c <= len(text))
    hit_starts = [a for a, _ in hits]
    target = focus if focus in hit_starts else (hit_starts[0] if hit_starts else None)
    out: list[Segment] = []
    for a, b in itertools.pairwise(bounds):
        if a == b:
            continue
        j = bisect.bisect_right(hit_starts, a) - 1
        in_hit = j >= 0 and hits[j][0] <= a < hits[j][1]
        out.append(
            Segment(
                a,
                b,
                text[a:b],
                _innermost(qspans, a),
                _innermost(cues, a),  # type: ignore[arg-type]
                _innermost(ments, a),
                in_hit,
                in_hit and a == target,
            )
        )
    return tuple(out)


# --- speakers ---------------------------------------------------------------------------------

_speaker_cache: OrderedDict[tuple[Any, ...], tuple[Speaker, ...]] = OrderedDict()
_cache_lock = threading.Lock()
_CACHE_SIZE = 16  # listings kept (filters x sorts); the suggestions ask the same one each time


def _generation(cix: CorpusIndex) -> Any:
    """What changes when the index (every shard of a sharded one) is rewritten; None: unknown."""
    try:
        parts = getattr(cix, "parts", None)
        if parts is not None:
            return tuple(p.ix.latest_generation() for p in parts)
        return cix.ix.latest_generation()
    except Exception:  # an index being rewritten: do not cache
        return None


def speakers(
    cix: CorpusIndex,
    prefix: str = "",
    *,
    filters: Filters | None = None,
    sort: str = "quotations",
) -> list[Speaker]:
    """The library's speaker listing (:func:`corpus.speakers`: corpus-level speakers with
    name, key, type, kind, roles, quotations, documents, first and last date, under the
    filters, ``speaker_type`` included), narrowed to those whose name, a word of it, or key
    starts with ``prefix`` (case-insensitive).

    What the server adds is only what the library lacks: the ``prefix`` narrowing (for the
    speaker suggestions) and a cache of the listing per index generation, filters and sort
    (each listing is a pass over the quotations; the server warms the unfiltered one).
    """
    f = filters or Filters()
    gen = _generation(cix)
    key = (str(cix.path), gen, f, sort)
    rows: tuple[Speaker, ...] | None = None
    if gen is not None:
        with _cache_lock:
            rows = _speaker_cache.get(key)
            if rows is not None:
                _speaker_cache.move_to_end(key)
    if rows is None:
        rows = tuple(library_speakers(cix, filters=f, sort=sort))  # type: ignore[arg-type]
        if gen is not None:
            with _cache_lock:
                _speaker_cache[key] = rows
                while len(_speaker_cache) > _CACHE_SIZE:
                    _speaker_cache.popitem(last=False)
    p = name_key(prefix)
    if not p:
        return list(rows)
    return [r for r in rows if any(k.startswith(p) for k in name_keys(r.key, r.name))]


def speaker_record(row: Speaker) -> dict[str, Any]:
    """A speaker as ``corpus speakers --format json`` writes it."""
    return {f: list(getattr(row, f)) if f == "roles" else getattr(row, f) for f in SPEAKER_FIELDS}


def speaker_keys(cix: CorpusIndex, lines: Iterable[KwicLine]) -> list[str]:
    """The corpus-level speaker key of each line ("" for narration or an unknown speaker),
    as :func:`corpus.speakers` and ``group(by="speaker", index=...)`` count them: the key
    a speaker page is found by, so "Ushakov" and "Yury Ushakov" link to one page."""
    with cix.searcher() as s:
        tally = SpeakerTally(speaker_map(s))
        return [tally.key(x.quote) if x.quote is not None else "" for x in lines]


@dataclass(frozen=True)
class QuoteRef:
    doc: str
    date: str
    title: str
    start: int
    end: int
    kind: str
    cue: str
    reported_by: str
    text: str


@dataclass(frozen=True)
class SpeakerProfile:
    id: str  # the corpus-level key (:attr:`corpus.speaker_list.Speaker.key`)
    name: str
    type: str  # named | anonymous
    kind: str  # entity kind (person, org, ...)
    roles: tuple[tuple[str, int], ...]  # (role, documents)
    quotations: int
    direct: int
    docs: tuple[tuple[str, str, str, int], ...]  # (doc, date, title, quotations), newest first
    cues: tuple[tuple[str, int], ...]  # top cue verbs
    timeline: tuple[tuple[str, int], ...]  # (YYYY-MM, quotations)
    quotes: tuple[QuoteRef, ...]  # the first ``quote_limit`` quotations, newest first


def speaker_profile(cix: CorpusIndex, ident: str, *, quote_limit: int = 100) -> SpeakerProfile:
    """One corpus-level speaker: their quotations, documents and dates, cue verbs, quotations
    per month, roles (documents per role). ``ident`` is a speaker key (as
    :func:`corpus.speakers` gives it), an entity id or a name: the library's speaker filter
    finds the quotations, the library's :class:`~corpus.speaker_list.SpeakerTally` keys them
    (so "Ushakov" of one article and "Yury Ushakov" of another are one speaker), and the key
    ``ident`` folds to, else the most quoted one, is the speaker shown.
    :class:`DocumentNotFound` when no quotation has that speaker.

    The library's listing gives the counts and dates, not the quotations, documents, cue
    verbs and timeline of a speaker page: this belongs in corpus.speaker_list beside it.
    """
    if not name_key(ident):
        raise DocumentNotFound(f"no speaker {ident!r}")
    f = Filters(speaker=ident)
    per_key: dict[str, list[tuple[int, Any, Any]]] = {}  # key -> (docnum, info, row)
    with cix.searcher() as s:
        cols = Columns(s)
        info = cols.info
        tally = SpeakerTally(speaker_map(s))
        fq = filter_query(f, s)
        pred = quote_predicate(f, s)
        docnums = list(fq.docs(s)) if fq is not None else []
        for docnum in docnums:
            di = read_info(info[docnum])
            if di is None or not di.quotes:
                continue
            for r in di.quote_data().rows:
                if pred is None or pred(r):
                    k = tally.add(r, di.doc, di.date)
                    if k:
                        per_key.setdefault(k, []).append((docnum, di, r))
        if not per_key:
            raise DocumentNotFound(f"no quotation by speaker {ident!r} in index {cix.path}")
        folded = speaker_key(ident)
        key = folded if folded in per_key else max(per_key, key=lambda k: (len(per_key[k]), k))
        found = {x.key: x for x in tally.speakers()}[key]
        cues: Counter[str] = Counter()
        months: Counter[str] = Counter()
        per_doc: dict[int, list[Any]] = {}
        for docnum, di, r in per_key[key]:
            per_doc.setdefault(docnum, [di]).append(r)
        docs: list[tuple[str, str, str, int]] = []
        quotes: list[QuoteRef] = []
        roles: Counter[str] = Counter()  # role -> documents where it is written
        direct = 0
        for docnum, (di, *rows) in per_doc.items():
            for role in {r.speaker_role for r in rows if r.speaker_role}:
                roles[role] += 1
            m = re.match(r"^\d{4}-\d{2}", di.date or "")
            for r in rows:
                direct += r.kind == "direct"
                if r.cue:
                    cues[r.cue.casefold()] += 1
                months[m.group(0) if m else "(no date)"] += 1
            docs.append((di.doc, di.date, di.title, len(rows)))
            if len(quotes) < quote_limit * 4:  # enough to pick the newest from
                text = cols.text(docnum)
                quotes.extend(
                    QuoteRef(
                        di.doc,
                        di.date,
                        di.title,
                        r.start,
                        r.end,
                        r.kind,
                        r.cue,
                        r.reported_by_name or r.reported_by,
                        text[r.start : r.end],
                    )
                    for r in rows
                )
    docs.sort(key=lambda d: (d[1], d[0]), reverse=True)
    quotes.sort(key=lambda q: (q.date, q.doc, -q.start), reverse=True)
    timeline = sorted(months.items(), key=lambda kv: (kv[0].startswith("("), kv[0]))
    return SpeakerProfile(
        key,
        found.name,
        found.type,
        found.kind,
        tuple(roles.most_common()),
        found.quotations,
        direct,
        tuple(docs),
        tuple(cues.most_common(10)),
        tuple(timeline),
        tuple(quotes[:quote_limit]),
    )
