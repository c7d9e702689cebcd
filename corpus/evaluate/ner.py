"""Named-entity evaluation on CoNLL-2003 (`corpus eval ner --conll FILE`).

The gold file has one token a line (``token POS chunk NER``), IOB1 tags, a blank line between
sentences and ``-DOCSTART-`` between documents. Each document is re-joined into plain text
(tokens joined by single spaces, sentences by newlines) so every token's character offsets are
known, and the text is read by the project's ingester as a ``.txt`` article. Two stages can be
scored on it:

* ``tei`` (the default): what `corpus annotate` writes: the article is annotated, written as
  TEI and read back (:mod:`corpus.evaluate.product`); the predictions are the persName,
  placeName and orgName elements of the TEI body (``rs`` descriptions and pronouns are not
  names). A name the TEI writer leaves unmarked (it would cross a sentence, block or quotation
  boundary) is a miss, as it is for the user.
* ``finder``: the entity finder alone (``corpus.annotate.entities.find_entities`` with the
  annotator's sentence split), on the same ingested text, so the two figures are comparable
  and their difference is what the later steps (linking, quotation attribution, TEI writing)
  change.

Offsets of the ingested (or TEI) text are mapped back onto the CoNLL text through a character
diff when the ingester changed it (see ``product.Aligner``).

Scoring is entity-level exact match (CoNLL style) on PER, LOC and ORG, micro-averaged over the
three; gold MISC is ignored. Our kinds map person->PER, place->LOC, org->ORG; dates are
ignored, and so are mentions with ``name=False`` (descriptions and pronouns, which CoNLL does not
annotate). A predicted mention is mapped back to tokens only when its start is a token start
and its end a token end: a prediction whose boundaries fall inside a token (or on the space
between tokens) cannot match any gold entity and counts as a false positive (and the gold
entity it was meant to be, a miss).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from corpus.errors import InputError
from corpus.evaluate.product import (
    SCORED_FINDER,
    SCORED_TEI,
    Aligner,
    Annotate,
    Progress,
    ingest_text,
    read_back,
)
from corpus.evaluate.report import Report, Score
from corpus.model import Article, Mention, Rejected, Span

CATEGORIES = ("PER", "LOC", "ORG")
KIND_TO_TYPE = {"person": "PER", "place": "LOC", "org": "ORG"}
CONLL_TYPES = frozenset({"PER", "LOC", "ORG", "MISC"})

FindEntities = Callable[[str], list[Mention]]
Stage = Literal["tei", "finder"]
STAGES: tuple[Stage, ...] = ("tei", "finder")


@dataclass(frozen=True)
class GoldEntity:
    start: int  # first token (document-wide index)
    end: int  # one past the last token
    type: str


@dataclass(frozen=True)
class ConllDocument:
    """One ``-DOCSTART-`` document: tokens, sentences and gold entities.

    ``sentences`` holds ``(first token, one past last token)`` pairs; ``line`` is the 1-based
    line of the file where the document starts.
    """

    number: int  # 1-based document number in the file
    line: int
    tokens: tuple[str, ...]
    sentences: tuple[tuple[int, int], ...]
    entities: tuple[GoldEntity, ...]

    @property
    def text(self) -> str:
        return "\n".join(" ".join(self.tokens[a:b]) for a, b in self.sentences)

    def offsets(self) -> list[tuple[int, int]]:
        """Character ``(start, end)`` of each token in :attr:`text`."""
        out: list[tuple[int, int]] = []
        pos = 0
        for a, b in self.sentences:
            for tok in self.tokens[a:b]:
                out.append((pos, pos + len(tok)))
                pos += len(tok) + 1  # the space, or the newline after the last token
        return out


def _chunks(tags: list[str], first: int) -> list[GoldEntity]:
    """Entities of one sentence, IOB1 as in conlleval (IOB2 is read the same way).

    A chunk starts at ``B-X``, or at ``I-X`` after ``O`` or after a tag of another type; it
    continues over ``I-X``. So ``I-PER I-PER`` is one person and ``I-PER B-PER`` two.
    """
    out: list[GoldEntity] = []
    cur: tuple[str, int] | None = None
    for i, tag in enumerate([*tags, "O"]):
        if tag == "O":
            prefix, typ = "O", ""
        else:
            prefix, typ = tag.split("-", 1)
        if cur is not None and (prefix != "I" or typ != cur[0]):
            out.append(GoldEntity(first + cur[1], first + i, cur[0]))
            cur = None
        if prefix in ("B", "I") and cur is None:
            cur = (typ, i)
    return out


def read_conll(path: Path | str) -> Iterator[ConllDocument]:
    """Yield the documents of a CoNLL-2003 file; InputError (file:line) on a malformed line."""
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read CoNLL file: {exc}") from exc
    number = 0
    tokens: list[str] = []
    sentences: list[tuple[int, int]] = []
    entities: list[GoldEntity] = []
    tags: list[str] = []
    doc_line = 1

    def close_sentence() -> None:
        if tags:
            first = len(tokens) - len(tags)
            sentences.append((first, len(tokens)))
            entities.extend(_chunks(tags, first))
            tags.clear()

    def document() -> ConllDocument:
        return ConllDocument(number, doc_line, tuple(tokens), tuple(sentences), tuple(entities))

    for lineno, line in enumerate(lines, 1):
        if not line.strip():
            close_sentence()
            continue
        cols = line.split()
        if cols[0] == "-DOCSTART-":
            close_sentence()
            if tokens:
                yield document()
            number += 1
            tokens, sentences, entities = [], [], []
            doc_line = lineno
            continue
        if len(cols) != 4:
            raise InputError(
                f"{path}:{lineno}: expected 4 columns 'token POS chunk NER', got {len(cols)}"
            )
        tag = cols[3]
        if tag != "O":
            prefix, _, typ = tag.partition("-")
            if prefix not in ("B", "I") or typ not in CONLL_TYPES:
                raise InputError(f"{path}:{lineno}: unknown NER tag {tag!r}")
        if number == 0:  # a file without -DOCSTART-: one document
            number = 1
        tokens.append(cols[0])
        tags.append(tag)
    close_sentence()
    if tokens:
        yield document()


def _find_alone(article: Article) -> list[Mention]:
    """The entity finder as `annotate` calls it: the article's text and sentence split."""
    from corpus.annotate.entities import find_entities
    from corpus.annotate.sentences import sentences

    return find_entities(article.text, sentences(article))


def _predict(
    text: str,
    source: str,
    stage: Stage,
    find_entities: FindEntities | None,
    annotate: Annotate | None,
) -> tuple[list[Mention], bool]:
    """Mentions of the stage, in the offsets of ``text``; and whether the ingester rejected it."""
    article = ingest_text(text, source)
    if isinstance(article, Rejected):
        return [], True
    if stage == "finder":
        found = find_entities(article.text) if find_entities else _find_alone(article)
        product_text = article.text
    else:
        doc = read_back(article, annotate)
        found, product_text = list(doc.mentions), doc.article.text
    if product_text == text:
        return found, False
    back = Aligner(product_text, text)
    out = []
    for m in found:
        span = back.span(Span(m.start, m.end))
        if span.start < span.end:
            out.append(Mention(span.start, span.end, m.kind, m.ref, m.when, m.name, m.method,
                               m.confidence))
    return out, False


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def evaluate_ner(
    path: Path | str,
    find_entities: FindEntities | None = None,
    *,
    limit: int | None = None,
    stage: Stage = "tei",
    annotate: Annotate | None = None,
    progress: Progress | None = None,
) -> Report:
    """Score one stage (``"tei"`` or ``"finder"``) against a CoNLL-2003 file.

    ``annotate`` replaces the project's annotator for the ``tei`` stage and ``find_entities``
    (text -> mentions) the entity finder for the ``finder`` stage; giving the one that the
    stage does not use is a ValueError. ``limit`` stops after that many documents.
    ``progress(done, total)`` is called before the first document and after each one (total:
    the documents of the file, counted first, or ``limit`` when fewer). See the module
    docstring for the rules.
    """
    if stage not in STAGES:
        raise ValueError(f"stage must be one of {', '.join(STAGES)}, not {stage!r}")
    if (stage == "tei" and find_entities is not None) or (
        stage == "finder" and annotate is not None
    ):
        raise ValueError(f"the {stage!r} stage does not use the replacement given")
    scores = {c: Score() for c in CATEGORIES}
    errors: list[dict[str, Any]] = []
    counts = {
        "documents": 0,
        "tokens": 0,
        "gold MISC (ignored)": 0,
        "predicted off token boundaries": 0,
        "predicted dates (ignored)": 0,
        "predicted non-names (ignored)": 0,
        "documents the ingester rejected": 0,
    }
    seconds = 0.0
    total_docs: int | None = None
    if progress is not None:
        total_docs = sum(1 for _ in read_conll(path))
        if limit is not None:
            total_docs = min(total_docs, limit)
        progress(0, total_docs)
    for doc in read_conll(path):
        if limit is not None and counts["documents"] >= limit:
            break
        if progress is not None and counts["documents"]:
            progress(counts["documents"], total_docs)
        counts["documents"] += 1
        counts["tokens"] += len(doc.tokens)
        text = doc.text
        offsets = doc.offsets()
        starts = {s: i for i, (s, _) in enumerate(offsets)}
        ends = {e: i for i, (_, e) in enumerate(offsets)}
        tick = time.perf_counter()
        mentions, rejected = _predict(
            text, f"{Path(path).name}#{doc.number}", stage, find_entities, annotate
        )
        seconds += time.perf_counter() - tick
        counts["documents the ingester rejected"] += rejected

        gold = {(e.start, e.end, e.type) for e in doc.entities if e.type in CATEGORIES}
        misc = [(e.start, e.end) for e in doc.entities if e.type == "MISC"]
        counts["gold MISC (ignored)"] += len(misc)
        pred: set[tuple[int, int, str]] = set()
        off_boundary: set[tuple[int, int, str]] = set()  # character spans
        for m in mentions:
            if m.kind == "date":
                counts["predicted dates (ignored)"] += 1
                continue
            if m.kind not in KIND_TO_TYPE:
                continue
            if not m.name:
                counts["predicted non-names (ignored)"] += 1
                continue
            typ = KIND_TO_TYPE[m.kind]
            if m.start in starts and m.end in ends and starts[m.start] <= ends[m.end]:
                pred.add((starts[m.start], ends[m.end] + 1, typ))
            else:
                off_boundary.add((m.start, m.end, typ))
        counts["predicted off token boundaries"] += len(off_boundary)

        for typ in CATEGORIES:
            g = {x for x in gold if x[2] == typ}
            p = {x for x in pred if x[2] == typ}
            fp_off = sum(1 for x in off_boundary if x[2] == typ)
            scores[typ] = scores[typ] + Score(tp=len(g & p), fp=len(p - g) + fp_off, fn=len(g - p))

        def context(a: int, b: int, doc: ConllDocument = doc, text: str = text) -> dict[str, Any]:
            return {
                "doc": doc.number,
                "line": doc.line,
                "text": text[a:b],
                "start": a,
                "end": b,
                "sentence": _sentence_of(text, a),
            }

        for s, e, typ in sorted(gold - pred):
            near = [x for x in pred if _overlap((s, e), x[:2])]
            near_chars = [
                x for x in off_boundary if _overlap((offsets[s][0], offsets[e - 1][1]), x[:2])
            ]
            if any(x[:2] == (s, e) for x in near):
                reason = "wrong type"
            elif any(x[2] == typ for x in near + near_chars):
                reason = "boundary"
            elif near or near_chars:
                reason = "boundary and type"
            else:
                reason = "missed"
            errors.append(
                {
                    "error": "fn",
                    "category": typ,
                    "reason": reason,
                    "predicted": [_describe(text, offsets, x) for x in near]
                    + [{"text": text[a:b], "type": t} for a, b, t in near_chars],
                    **context(offsets[s][0], offsets[e - 1][1]),
                }
            )
        for s, e, typ in sorted(pred - gold):
            near = [x for x in gold if _overlap((s, e), x[:2])]
            in_misc = [x for x in misc if _overlap((s, e), x)]
            if any(x[:2] == (s, e) for x in near):
                reason = "wrong type"
            elif any(x[2] == typ for x in near):
                reason = "boundary"
            elif near:
                reason = "boundary and type"
            elif in_misc:
                reason = "gold MISC"
            else:
                reason = "spurious"
            errors.append(
                {
                    "error": "fp",
                    "category": typ,
                    "reason": reason,
                    "gold": [_describe(text, offsets, x) for x in near],
                    **context(offsets[s][0], offsets[e - 1][1]),
                }
            )
        for a, b, typ in sorted(off_boundary):
            errors.append(
                {
                    "error": "fp",
                    "category": typ,
                    "reason": "not on token boundaries",
                    **context(a, b),
                }
            )

    if progress is not None:
        progress(counts["documents"], total_docs)
    total = sum(scores.values(), Score())
    return Report(
        task="ner",
        gold=str(path),
        categories={**scores, "micro": total},
        counts=counts,
        articles=counts["documents"],
        seconds=seconds,
        errors=tuple(errors),
        scored=SCORED_TEI if stage == "tei" else SCORED_FINDER,
    )


def _describe(text: str, offsets: list[tuple[int, int]], ent: tuple[int, int, str]) -> dict:
    s, e, typ = ent
    return {"text": text[offsets[s][0] : offsets[e - 1][1]], "type": typ}


def _sentence_of(text: str, pos: int) -> str:
    a = text.rfind("\n", 0, pos) + 1
    b = text.find("\n", pos)
    return text[a : b if b >= 0 else len(text)]
