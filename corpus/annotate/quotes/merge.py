"""Merging attributions into quotations: split quotations joined, crossing spans nested.

A direct quotation split by its attribution ('"A," he said, "B."') is one quotation with two
parts; a cue-less quotation opening the next paragraph continues the one that ended the
previous paragraph, also when only its attribution followed it there ('"A," she said.' then a
paragraph '"B."'). Quoted phrases of one speaker listed with only "and", "or" or a comma
between them ('"A," "B" and "C"') are one quotation in parts. A quotation that partly covers
another is extended to contain it.

Limits: only direct quotations are joined; at most 40 words of narration between parts.
"""

from __future__ import annotations

import re

from corpus.model import Article, Quotation

_GAP_WORD = re.compile(r"[\w’'-]+")
_LIST_GAP = re.compile(r"[^\S\n]*,?[^\S\n]*(?:and|or)?[^\S\n]*")


def merge_split(text: str, quotations: list[Quotation], article: Article) -> list[Quotation]:
    """Join the parts of a direct quotation split by its attribution into one Quotation.

    ``"A," he said. "B."`` and ``"A," he said, "B."`` are one attribution (one source, one
    cue): the merged span runs from the first opening mark to the last closing mark, and its
    `parts` are the quoted stretches, so the attribution words in between stay narration.
    The second part joins when it has no cue of its own (a
    continuation) or shares the first part's cue, lies in the same paragraph, and only the
    first part's short attribution clause (at most 16 words) stands between them.
    """
    blocks = [(b.start, b.end) for b in article.blocks]

    def block_of(pos: int) -> int:
        return next((i for i, (s, e) in enumerate(blocks) if s <= pos < e), -1)

    direct = sorted((q for q in quotations if q.kind == "direct"), key=lambda q: q.start)
    others = [q for q in quotations if q.kind != "direct"]
    merged: list[Quotation] = []
    for q in direct:
        if merged:
            a = merged[-1]
            gap = text[a.end : q.start]
            own_cue = q.cue is not None and q.cue != a.cue
            same = q.speaker == a.speaker or q.cue is None
            attribution_between = (
                a.cue is not None and a.end <= a.cue.start and a.cue.end <= q.start
            ) or not gap.strip()
            # A cue-less quotation opening the next paragraph continues the previous one,
            # which ended its paragraph, or only its attribution followed it there
            # ('"A," she said.' / '"B."').
            bq = block_of(q.start)
            next_para = (
                q.cue is None
                and bq == block_of(a.end - 1) + 1
                and bq >= 0
                and not text[blocks[bq][0] : q.start].strip()
                and (not gap.strip() or _attribution_closes(text, a, blocks[bq - 1][1]))
            )
            # A list of quoted phrases of one speaker ('"A," and "B" and "C"'): one quotation.
            # Two sentences quoted back to back ('"... borders." "Later, ..."') are no list.
            listed = (
                bool(_LIST_GAP.fullmatch(gap))
                and (bool(gap.strip()) or text[a.start : a.end].rstrip("\"”»'’ ")[-1:] == ",")
                and q.start >= a.end
                and block_of(a.start) == bq
                and bool(a.speaker)
                and q.speaker in (a.speaker, "")
            )
            if listed or (
                q.start >= a.end
                and not own_cue
                and same
                and attribution_between
                and len(_GAP_WORD.findall(gap)) <= 40
                and (next_para or (block_of(a.start) == bq and "\n" not in gap))
            ):
                # One quotation, its parts around the attribution: the words between
                # them stay narration (`--in quote` must not find "he said").
                merged[-1] = Quotation(
                    a.start,
                    q.end,
                    "direct",
                    a.speaker,
                    a.cue,
                    a.mention,
                    a.reported_by,
                    a.method,
                    min(a.confidence, 0.9),
                    parts=a.segments() + q.segments(),
                )
                continue
        merged.append(q)
    return sorted(others + merged, key=lambda q: (q.start, -q.end))


def _attribution_closes(text: str, q: Quotation, para_end: int) -> bool:
    """Whether only the quotation's own attribution (its cue, at most 16 words, no other
    quotation mark) follows it to the end of its paragraph; a signature ('"..." ― Jane Roe')
    closes a list item, not a quotation that goes on."""
    tail = text[q.end : para_end]
    return (
        q.cue is not None
        and q.method != "signature"
        and q.end <= q.cue.start
        and q.cue.end <= para_end
        and len(_GAP_WORD.findall(tail)) <= 16
        and not any(ch in tail for ch in '"“”«»')
    )


def uncross(quotations: list[Quotation]) -> list[Quotation]:
    """Extend a quotation that partly covers another so that one contains the other."""
    out = sorted(quotations, key=lambda q: (q.start, -q.end))
    changed = True
    while changed:
        changed = False
        for i, a in enumerate(out):
            for b in out[i + 1 :]:
                if b.start < a.end < b.end:
                    out[i] = a = Quotation(
                        a.start,
                        b.end,
                        a.kind,
                        a.speaker,
                        a.cue,
                        a.mention,
                        a.reported_by,
                        a.method,
                        a.confidence,
                    )
                    changed = True
    return sorted(out, key=lambda q: (q.start, -q.end))


def _rank(q: Quotation) -> tuple[int, int, float, int]:
    """Which of two copies of one quotation to keep: one with a speaker, with a cue, surer."""
    return (bool(q.speaker), q.cue is not None, q.confidence, -q.start)


def one_each(text: str, quotations: list[Quotation], article: Article) -> list[Quotation]:
    """One quotation once: no two with the same span; none repeating the content of an
    earlier one with the same speaker in the same paragraph (two cues for one content) or in a
    paragraph that repeats another (a standfirst printed again as the first paragraph); and a
    mixed quotation never twice, inside itself, with two cues. The same words reported again
    later in the article (a summary, then the detail) stay two quotations.

    Limits: contents are compared after folding whitespace and case, not paraphrase.
    """
    # Paragraphs with the same text share one key, so a reprinted standfirst is one place.
    block_key: list[tuple[int, int, str]] = [
        (b.start, b.end, " ".join(text[b.start : b.end].split()).casefold()) for b in article.blocks
    ]

    def where(pos: int) -> str:
        return next((k for s, e, k in block_key if s <= pos < e), "")

    best: dict[tuple[int, int], Quotation] = {}
    for q in quotations:
        key = (q.start, q.end)
        if key not in best or _rank(q) > _rank(best[key]):
            best[key] = q
    kept: list[Quotation] = []
    seen: set[tuple[str, str, str]] = set()
    for q in sorted(best.values(), key=lambda q: (q.start, -q.end)):
        content = " ".join(text[s.start : s.end] for s in q.segments())
        key2 = (" ".join(content.split()).casefold().strip(' .,"“”'), q.speaker, where(q.start))
        if q.speaker and key2 in seen:
            continue
        seen.add(key2)
        if q.kind == "mixed" and any(
            k.kind == "mixed" and k.speaker == q.speaker and k.start <= q.start and q.end <= k.end
            for k in kept
        ):
            continue
        kept.append(q)
    return kept
