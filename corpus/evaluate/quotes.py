"""Quotation evaluation: PolNeAR attributions (`--polnear DIR`) and hand-made gold JSON (`--gold`).

Both readers give gold items in the character offsets of the source text; the source goes the
way of `corpus annotate` (the project's ingester reads the file, the article is annotated,
written as TEI and read back with ``read_tei``: :mod:`corpus.evaluate.product`), the text of
the TEI is checked against the gold's (see ``product.Aligner``), and the quotations in the TEI
are matched to the gold items with the rules of ``corpus.evaluate.matching``: a prediction
matches a gold content span when it covers at least half of it, one-to-one, greedy by overlap.
The TEI keeps no quotation's ``mention`` span, so speakers are judged through the entity's
mentions in the TEI.

Categories: for PolNeAR every gold content span is ``direct`` (enclosed in quotation marks),
``mixed`` (contains some) or ``indirect`` (none); the gold JSON gives ``direct``/``indirect``
itself. An unmatched prediction (a false positive) is put in a category by the same
quotation-mark test on its own text (for the gold JSON, ``mixed`` counts as ``indirect``, as that
file calls a paraphrase with an embedded quoted fragment). The prediction's own ``kind`` is not
used. For PolNeAR, a direct prediction wholly inside a mixed prediction with the same speaker is
not scored at all (see ``nested_same_speaker``: PolNeAR annotates one attribution per
source-cue-content, so a quoted fragment inside a paraphrase is part of that paraphrase).

Speakers and cues are judged on matched items only:

* PolNeAR: the speaker is right when the quotation's ``mention`` span (None when read from TEI)
  overlaps the gold Source span, or any mention of the same predicted entity
  (``Mention.ref == Quotation.speaker``) in the document does; the cue is right when the
  predicted cue span overlaps the gold Cue span. Gold attributions without a Source are left
  out of the speaker accuracy.
* Gold JSON: the speaker is right when the predicted speaker entity's name equals the gold
  canonical name (case-insensitive), or when the last token of the entity name equals the gold
  speaker's surname (its last token). The cue is right when, word by word, the predicted cue text
  and the gold cue are equal or one is the start of the other ("pointing" for "pointing out").
"""

from __future__ import annotations

import dataclasses
import re
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from corpus.errors import InputError
from corpus.evaluate.gold import (
    GoldArticle,
    GoldQuote,
    is_records_gold,
    read_gold_quotes,
    read_gold_records,
    read_text,
)
from corpus.evaluate.matching import Fragments, length, match, overlap, overlaps, quote_category
from corpus.evaluate.product import (
    SCORED_TEI,
    Aligner,
    Annotate,
    Progress,
    ingest_file,
    read_back,
)
from corpus.evaluate.report import Report, Score
from corpus.model import Article, Document, Quotation, Rejected, Span

__all__ = [
    "GoldArticle",
    "GoldQuote",
    "evaluate_gold_quotes",
    "evaluate_polnear",
    "nested_same_speaker",
    "polnear_files",
    "read_gold_quotes",
    "read_gold_records",
    "read_polnear",
    "read_polnear_ann",
    "same_person",
]

MakeArticle = Callable[..., Article]
_Aligner = Aligner  # the name the tests knew

POLNEAR_CATEGORIES = ("direct", "mixed", "indirect")
GOLD_CATEGORIES = ("direct", "indirect")


# --------------------------------------------------------------------------- PolNeAR reader


def polnear_files(directory: Path | str) -> tuple[list[tuple[Path, Path]], list[Path]]:
    """(text file, annotation file) pairs, one annotator per article (the first by file name).

    Also returns the text files that have no annotation. InputError when the directory lacks
    ``text/`` or ``attributions/``, or an annotation file has no text file.
    """
    directory = Path(directory)
    text_dir, ann_dir = directory / "text", directory / "attributions"
    for sub in (text_dir, ann_dir):
        if not sub.is_dir():
            raise InputError(f"{directory}: not a PolNeAR directory (no {sub.name}/ in it)")
    chosen: dict[str, Path] = {}
    for ann in sorted(ann_dir.glob("*.ann")):
        article, sep, _annotator = ann.stem.rpartition("_")
        if not sep or not article:
            raise InputError(f"{ann}: expected a file name <article>_<annotator>.ann")
        chosen.setdefault(article, ann)
    pairs = []
    for article, ann in sorted(chosen.items()):
        txt = text_dir / f"{article}.txt"
        if not txt.is_file():
            raise InputError(f"{ann}: no text file {txt}")
        pairs.append((txt, ann))
    unannotated = sorted(p for p in text_dir.glob("*.txt") if p.stem not in chosen)
    return pairs, unannotated


_FRAG = re.compile(r"(\d+) (\d+)")


def read_polnear_ann(
    ann: Path | str, text: str, *, doc_id: str = "", text_path: Path | None = None
) -> GoldArticle:
    """Read one brat standoff file against its text; InputError (file:line) when malformed.

    ``T`` lines give labelled spans (``Label s e[;s e...]<TAB>text``; the text must equal the
    fragments of the .txt joined by spaces), ``E`` lines tie them into an attribution
    (``Attribution:Tn Content:Tn Cue:Tn Source:Tn``, or ``Attribution-no-source``; ``Content2``
    continues the content). Attributions without content are skipped; ``#``, ``A``, ``R``,
    ``M``, ``N`` and ``*`` lines are ignored.
    """
    ann = Path(ann)
    try:
        with open(ann, encoding="utf-8") as handle:
            lines = handle.read().splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{ann}: cannot read annotation file: {exc}") from exc
    spans: dict[str, Fragments] = {}
    events: list[tuple[int, str, list[tuple[str, str]]]] = []
    for lineno, line in enumerate(lines, 1):
        if not line.strip():
            continue
        where = f"{ann}:{lineno}"
        kind = line[0]
        if kind == "T":
            parts = line.split("\t", 2)
            if len(parts) != 3 or " " not in parts[1]:
                raise InputError(f"{where}: expected 'Tn<TAB>Label start end<TAB>text'")
            tid, mid, covered = parts
            _label, frag_text = mid.split(" ", 1)
            frags = []
            for piece in frag_text.split(";"):
                m = _FRAG.fullmatch(piece.strip())
                if not m:
                    raise InputError(f"{where}: bad span {piece!r} (expected 'start end')")
                start, end = int(m.group(1)), int(m.group(2))
                if not 0 <= start <= end <= len(text):
                    raise InputError(
                        f"{where}: span {start} {end} outside the text ({len(text)} characters)"
                    )
                frags.append(Span(start, end))
            if " ".join(text[f.start : f.end] for f in frags) != covered:
                raise InputError(f"{where}: span text does not match the text file")
            spans[tid] = tuple(frags)
        elif kind == "E":
            parts = line.split("\t")
            if len(parts) < 2:
                raise InputError(f"{where}: expected 'En<TAB>Role:Tn ...'")
            args = []
            for arg in parts[1].split():
                role, sep, ref = arg.partition(":")
                if not sep or not role or not ref:
                    raise InputError(f"{where}: bad argument {arg!r} (expected Role:Tn)")
                args.append((role, ref))
            events.append((lineno, parts[0], args))
        elif kind in "#ARMN*":
            continue
        else:
            raise InputError(f"{where}: unknown brat line type {kind!r}")

    quotes = []
    skipped = 0
    for lineno, eid, args in events:
        parts: dict[str, list[Span]] = {"Content": [], "Source": [], "Cue": []}
        for role, ref in args:
            if ref not in spans:
                raise InputError(f"{ann}:{lineno}: {eid} refers to {ref}, which is not defined")
            for key, frags in parts.items():
                if role.startswith(key):
                    frags.extend(spans[ref])
        if not parts["Content"]:
            skipped += 1
            continue
        content = tuple(sorted(parts["Content"], key=lambda s: (s.start, s.end)))
        quotes.append(
            GoldQuote(
                ident=eid,
                line=lineno,
                content=content,
                category=quote_category(text, content),
                source=tuple(parts["Source"]),
                cue=tuple(parts["Cue"]),
            )
        )
    return GoldArticle(doc_id or ann.stem, text_path or ann, ann, text, tuple(quotes), skipped)


def read_polnear(directory: Path | str) -> Iterator[GoldArticle]:
    """Yield the annotated articles of a PolNeAR directory, sorted by name."""
    pairs, _ = polnear_files(directory)
    for txt, ann in pairs:
        yield read_polnear_ann(ann, read_text(txt), doc_id=txt.stem, text_path=txt)


# --------------------------------------------------------------------------- offsets


# --------------------------------------------------------------------------- scoring


def _ingest(gold: GoldArticle, make_article: MakeArticle | None) -> Article | Rejected:
    """The article `corpus annotate` would read for this gold item."""
    if gold.article is not None:
        return gold.article
    if make_article is not None:
        return make_article(gold.text, source=str(gold.text_path))
    records = ingest_file(gold.text_path)
    if not records:
        return Rejected(str(gold.text_path), None, "no article in the file")
    return records[0]


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def same_person(entity_name: str, gold_name: str) -> bool:
    """The gold JSON speaker rule: equal names, or entity's last token == gold surname."""
    a, b = _norm(entity_name).split(), _norm(gold_name).split()
    return bool(a and b) and (a == b or a[-1] == b[-1])


def same_cue(predicted: str, gold: str) -> bool:
    a, b = _norm(predicted).split(), _norm(gold).split()
    n = min(len(a), len(b))
    return n > 0 and a[:n] == b[:n]


def _speaker_ok_polnear(gold: GoldQuote, q: Quotation, doc: Document) -> bool | None:
    if not gold.source:
        return None
    if overlaps(gold.source, q.mention):
        return True
    return bool(q.speaker) and any(
        m.ref == q.speaker and overlaps(gold.source, Span(m.start, m.end)) for m in doc.mentions
    )


def _cue_ok_polnear(gold: GoldQuote, q: Quotation, doc: Document) -> bool | None:
    if not gold.cue:
        return None
    return overlaps(gold.cue, q.cue)


def _entity_name(doc: Document, ref: str) -> str:
    ent = doc.entity(ref) if ref else None
    return ent.name if ent else ""


def _speaker_ok_gold(gold: GoldQuote, q: Quotation, doc: Document) -> bool | None:
    return same_person(_entity_name(doc, q.speaker), gold.speaker)


def _cue_ok_gold(gold: GoldQuote, q: Quotation, doc: Document) -> bool | None:
    if not gold.cue_text:
        return None
    return q.cue is not None and same_cue(doc.article.text[q.cue.start : q.cue.end], gold.cue_text)


Judge = Callable[[GoldQuote, Quotation, Document], "bool | None"]


def nested_same_speaker(q: Quotation, preds: Sequence[Quotation]) -> bool:
    """Whether ``q`` is a direct quotation inside a mixed prediction with the same speaker.

    PolNeAR annotates one attribution per source-cue-content: a quoted fragment inside a
    paraphrase (``called the plan "a disgrace" and a waste``) is part of that (mixed)
    attribution, not an attribution of its own. The annotator still outputs such nested
    quotations (the TEI and the gold JSON list them), so the PolNeAR scorer leaves them out
    instead of counting them as false positives. Only this annotator structure (``kind``
    direct inside ``kind`` mixed) is left out; predictions are otherwise scored as given.
    """
    return q.kind == "direct" and any(
        p is not q
        and p.kind == "mixed"
        and p.speaker == q.speaker
        and p.start <= q.start
        and q.end <= p.end
        and (p.start, p.end) != (q.start, q.end)
        for p in preds
    )


def _text(text: str, frags: Fragments) -> str:
    return " ".join(text[f.start : f.end] for f in frags)


def _score_document(
    doc_id: str,
    doc: Document,
    golds: Sequence[GoldQuote],
    categories: Sequence[str],
    speaker_ok: Judge,
    cue_ok: Judge,
    fp_category: Callable[[str], str],
    gold_speaker: Callable[[GoldQuote, str], str],
    prune_nested: bool = False,
) -> tuple[dict[str, Score], list[dict[str, Any]], dict[str, int]]:
    """Score one annotated document against gold items already in its text's offsets.

    Returns the scores per category, the error records, and ``reported_by`` counts.
    ``prune_nested``: see ``nested_same_speaker``.
    """
    text = doc.article.text
    preds = list(doc.quotations)
    if prune_nested:
        preds = [q for q in preds if not nested_same_speaker(q, preds)]
    pspans = [Span(q.start, q.end) for q in preds]
    pairs = match([g.content for g in golds], pspans)
    matched_preds = set(pairs.values())
    scores = {c: Score() for c in categories}
    errors: list[dict[str, Any]] = []
    base = {"doc": doc_id}
    extra = {
        "gold with reported_by": sum(1 for g in golds if g.reported_by),
        "reported_by right (matched)": 0,
    }

    def pred_info(q: Quotation) -> dict[str, Any]:
        return {
            "predicted": text[q.start : q.end],
            "predicted_kind": q.kind,
            "predicted_speaker": _entity_name(doc, q.speaker),
            "predicted_mention": text[q.mention.start : q.mention.end] if q.mention else "",
            "predicted_cue": text[q.cue.start : q.cue.end] if q.cue else "",
        }

    for gi, gold in enumerate(golds):
        gtext = _text(text, gold.content)
        ginfo = {
            **base,
            "category": gold.category,
            "gold_id": gold.ident,
            "gold_line": gold.line,
            "start": gold.content[0].start,
            "end": gold.content[-1].end,
            "text": gtext,
            "gold_speaker": gold_speaker(gold, text),
            "gold_cue": gold.cue_text or _text(text, gold.cue),
        }
        if gi not in pairs:
            best = max(
                range(len(preds)), default=None, key=lambda pi: overlap(gold.content, pspans[pi])
            )
            share = (
                overlap(gold.content, pspans[best]) / max(length(gold.content), 1)
                if best is not None
                else 0.0
            )
            if share == 0:
                errors.append({"error": "fn", "reason": "missed", **ginfo})
            else:
                reason = "partial overlap" if share < 0.5 else "prediction used by another gold"
                errors.append(
                    {
                        "error": "fn",
                        "reason": reason,
                        "coverage": round(share, 3),
                        **ginfo,
                        **pred_info(preds[best]),
                    }
                )
            scores[gold.category] = scores[gold.category] + Score(fn=1)
            continue
        q = preds[pairs[gi]]
        if gold.reported_by and same_person(_entity_name(doc, q.reported_by), gold.reported_by):
            extra["reported_by right (matched)"] += 1
        spk = speaker_ok(gold, q, doc)
        cue = cue_ok(gold, q, doc)
        scores[gold.category] = scores[gold.category] + Score(
            tp=1,
            speaker_correct=int(bool(spk)),
            speaker_total=int(spk is not None),
            cue_correct=int(bool(cue)),
            cue_total=int(cue is not None),
        )
        if spk is False:
            reason = "no speaker" if not q.speaker else "wrong speaker"
            errors.append({"error": "wrong speaker", "reason": reason, **ginfo, **pred_info(q)})
        if cue is False:
            reason = "no cue" if q.cue is None else "wrong cue"
            errors.append({"error": "wrong cue", "reason": reason, **ginfo, **pred_info(q)})

    for pi, q in enumerate(preds):
        if pi in matched_preds:
            continue
        category = fp_category(quote_category(text, (pspans[pi],)))
        touching = [g for g in golds if overlap(g.content, pspans[pi])]
        if not touching:
            reason = "spurious"
        elif any(gi in pairs and pairs[gi] != pi for gi, g in enumerate(golds) if g in touching):
            reason = "overlaps a matched gold"
        else:
            reason = "partial overlap"
        errors.append(
            {
                "error": "fp",
                "reason": reason,
                **base,
                "category": category,
                "start": q.start,
                "end": q.end,
                "text": text[q.start : q.end],
                "gold": [_text(text, g.content) for g in touching],
                **pred_info(q),
            }
        )
        scores[category] = scores[category] + Score(fp=1)
    return scores, errors, extra


def _evaluate(
    gold_label: str,
    articles: Iterator[GoldArticle],
    annotate: Annotate | None,
    make_article: MakeArticle | None,
    *,
    limit: int | None,
    categories: Sequence[str],
    speaker_ok: Judge,
    cue_ok: Judge,
    fp_category: Callable[[str], str],
    gold_speaker: Callable[[GoldQuote, str], str],
    reported_by: bool = False,
    prune_nested: bool = False,
    total: int | None = None,
    progress: Progress | None = None,
) -> Report:
    """Score ``articles``; ``progress(done, total)`` before the first and after each one."""
    totals = {c: Score() for c in categories}
    errors: list[dict[str, Any]] = []
    counts: dict[str, int] = {
        "gold quotations": 0,
        "predicted quotations": 0,
        "gold without content (skipped)": 0,
        "matched without gold speaker": 0,
        "false positives overlapping a matched gold": 0,
        "articles whose text the ingester changed": 0,
        "articles the ingester rejected": 0,
    }
    per_article: dict[str, Score] = {}
    seconds = 0.0
    done = 0
    if progress is not None:
        progress(0, total)
    for gold in articles:
        if limit is not None and done >= limit:
            break
        if progress is not None and done:
            progress(done, total)
        done += 1
        tick = time.perf_counter()
        article = _ingest(gold, make_article)
        if isinstance(article, Rejected):
            # Nothing reaches the user: every gold item of the article is a miss.
            counts["articles the ingester rejected"] += 1
            article = Article(gold.doc_id, "", (), source=str(gold.text_path))
            doc = Document(article)
        else:
            doc = read_back(article, annotate)
        seconds += time.perf_counter() - tick
        aligner = Aligner(gold.text, doc.article.text)
        if doc.article.text != gold.text:
            counts["articles whose text the ingester changed"] += 1
        golds = [
            GoldQuote(
                g.ident,
                g.line,
                aligner.frags(g.content),
                g.category,
                aligner.frags(g.source),
                aligner.frags(g.cue),
                g.speaker,
                g.reported_by,
                g.cue_text,
            )
            for g in gold.quotes
        ]
        scores, errs, extra = _score_document(
            gold.doc_id, doc, golds, categories, speaker_ok, cue_ok, fp_category, gold_speaker,
            prune_nested,
        )
        for c in categories:
            totals[c] = totals[c] + scores[c]
        per_article[gold.doc_id] = per_article.get(gold.doc_id, Score()) + sum(
            scores.values(), Score()
        )
        for err in errs:
            err.setdefault("gold_file", str(gold.gold_path))
        errors.extend(errs)
        counts["false positives overlapping a matched gold"] += sum(
            1 for e in errs if e["reason"] == "overlaps a matched gold"
        )
        counts["gold quotations"] += len(golds)
        counts["predicted quotations"] += len(doc.quotations)
        counts["gold without content (skipped)"] += gold.skipped
        if reported_by:
            for key, value in extra.items():
                counts[key] = counts.get(key, 0) + value
    if progress is not None:
        progress(done, total)
    overall = sum(totals.values(), Score())
    counts["matched without gold speaker"] = overall.tp - overall.speaker_total
    return Report(
        task="quotes",
        gold=gold_label,
        categories={**totals, "overall": overall},
        counts=counts,
        articles=done,
        seconds=seconds,
        errors=tuple(errors),
        scored=SCORED_TEI,
        per_article=per_article,
        headline={
            "gold quotations found with the right speaker": (
                overall.speaker_correct,
                overall.gold,
            ),
            "predicted quotations correct (in the gold, right speaker)": (
                overall.speaker_correct,
                overall.predicted,
            ),
        },
    )


def evaluate_polnear(
    directory: Path | str,
    annotate: Annotate | None = None,
    make_article: MakeArticle | None = None,
    *,
    limit: int | None = None,
    progress: Progress | None = None,
) -> Report:
    """Score quotations against a PolNeAR directory (``text/`` + ``attributions/``).

    ``annotate`` defaults to ``corpus.annotate.annotate`` and ``make_article`` to
    ``corpus.ingest.article_from_text``; ``limit`` stops after that many articles.
    ``progress(done, total)`` is called before the first article and after each one (total:
    the annotated texts, or ``limit`` when fewer; an annotation file that does not match its
    text counts as done).
    """
    pairs, unannotated = polnear_files(directory)
    broken: list[str] = []
    total = len(pairs) if limit is None else min(limit, len(pairs))
    report_progress: Progress | None = None
    if progress is not None:
        bar = progress

        def report_progress(done: int, total: int | None) -> None:
            skipped = len(broken) if limit is None else 0
            bar(done + skipped if total is None else min(done + skipped, total), total)

    def articles() -> Iterator[GoldArticle]:
        for txt, ann in pairs:
            try:
                yield read_polnear_ann(ann, read_text(txt), doc_id=txt.stem, text_path=txt)
            except InputError as exc:
                # A few PolNeAR train files have spans that do not match their text: one bad
                # file must not void the evaluation of the others. It is counted and listed.
                broken.append(str(exc))

    report = _evaluate(
        str(directory),
        articles(),
        annotate,
        make_article,
        limit=limit,
        categories=POLNEAR_CATEGORIES,
        speaker_ok=_speaker_ok_polnear,
        cue_ok=_cue_ok_polnear,
        fp_category=lambda c: c,
        gold_speaker=lambda g, text: _text(text, g.source),
        prune_nested=True,
        total=total,
        progress=report_progress,
    )
    counts = dict(report.counts)
    counts["texts without annotation (skipped)"] = len(unannotated)
    counts["annotation files not matching their text (skipped)"] = len(broken)
    return dataclasses.replace(report, counts=counts)


def evaluate_gold_quotes(
    path: Path | str,
    annotate: Annotate | None = None,
    make_article: MakeArticle | None = None,
    *,
    text_path: Path | str | None = None,
    limit: int | None = None,
    progress: Progress | None = None,
) -> Report:
    """Score quotations against a gold JSON file; see the module docstring for the rules.

    Either shape of :mod:`corpus.evaluate.gold` is read: one article (``text_path`` overrides
    its ``file``) or records of a JSON source (``text_path`` overrides its ``source``), scored
    per article and in total. ``tp`` per category is "found", ``speaker_correct`` "with the
    right speaker" and ``speaker_wrong`` "wrongly attributed"; counts add how often
    ``reported_by`` is right; the headline gives the share of gold quotations found with the
    right speaker and of predicted quotations that are correct. ``progress(done, total)`` is
    called before the first article and after each one.
    """
    if is_records_gold(path):
        gold_list = list(read_gold_records(path, text_path))
    else:
        gold_list = [read_gold_quotes(path, text_path)]
    total = len(gold_list) if limit is None else min(limit, len(gold_list))

    def gold_speaker(g: GoldQuote, text: str) -> str:
        return g.speaker + (f" (reported by {g.reported_by})" if g.reported_by else "")

    return _evaluate(
        str(path),
        iter(gold_list),
        annotate,
        make_article,
        limit=limit,
        categories=GOLD_CATEGORIES,
        speaker_ok=_speaker_ok_gold,
        cue_ok=_cue_ok_gold,
        fp_category=lambda c: "direct" if c == "direct" else "indirect",
        gold_speaker=gold_speaker,
        reported_by=True,
        total=total,
        progress=progress,
    )
