"""The result of an evaluation run and its renderers: a readable table, JSON, a JSONL of errors."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


def _ratio(num: int, den: int) -> float:
    return num / den if den else 0.0


@dataclass(frozen=True)
class Score:
    """Counts for one category; the rates are derived from them.

    Precision, recall and F1 are 0.0 when their denominator is 0. ``speaker_total`` and
    ``cue_total`` count the matched gold items that have a gold speaker (source) or cue; the
    accuracies are None when there is nothing to judge.
    """

    tp: int = 0
    fp: int = 0
    fn: int = 0
    speaker_correct: int = 0
    speaker_total: int = 0
    cue_correct: int = 0
    cue_total: int = 0

    @property
    def gold(self) -> int:
        return self.tp + self.fn

    @property
    def predicted(self) -> int:
        return self.tp + self.fp

    @property
    def precision(self) -> float:
        return _ratio(self.tp, self.tp + self.fp)

    @property
    def recall(self) -> float:
        return _ratio(self.tp, self.tp + self.fn)

    @property
    def f1(self) -> float:
        return _ratio(2 * self.tp, 2 * self.tp + self.fp + self.fn)

    @property
    def speaker_wrong(self) -> int:
        return self.speaker_total - self.speaker_correct

    @property
    def speaker_accuracy(self) -> float | None:
        return self.speaker_correct / self.speaker_total if self.speaker_total else None

    @property
    def cue_accuracy(self) -> float | None:
        return self.cue_correct / self.cue_total if self.cue_total else None

    def __add__(self, other: Score) -> Score:
        return Score(
            self.tp + other.tp,
            self.fp + other.fp,
            self.fn + other.fn,
            self.speaker_correct + other.speaker_correct,
            self.speaker_total + other.speaker_total,
            self.cue_correct + other.cue_correct,
            self.cue_total + other.cue_total,
        )

    def to_dict(self, *, attribution: bool) -> dict[str, Any]:
        out: dict[str, Any] = {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "gold": self.gold,
            "predicted": self.predicted,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }
        if attribution:
            out.update(
                speaker_correct=self.speaker_correct,
                speaker_wrong=self.speaker_wrong,
                speaker_total=self.speaker_total,
                speaker_accuracy=_round(self.speaker_accuracy),
                cue_correct=self.cue_correct,
                cue_total=self.cue_total,
                cue_accuracy=_round(self.cue_accuracy),
            )
        return out


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


@dataclass(frozen=True)
class Report:
    """What `corpus eval` measured.

    ``categories`` is in display order and ends with the total (``micro`` for NER, ``overall``
    for quotations). ``counts`` holds reader and matcher figures (gold items, skipped items...).
    ``seconds`` is wall time spent in the annotator, including its first-call model load.
    ``errors`` are the records written by :func:`write_errors` (not part of the JSON report).
    """

    task: str  # "ner" | "quotes"
    gold: str  # the gold file or directory
    categories: Mapping[str, Score]
    counts: Mapping[str, int]
    articles: int
    seconds: float
    errors: tuple[dict[str, Any], ...] = field(default=(), repr=False, compare=False)
    # What was scored: the TEI read back, or one stage alone (product.SCORED_*).
    scored: str = ""
    # Scores per article (document id -> total over the categories); empty for NER.
    per_article: Mapping[str, Score] = field(default_factory=dict)
    # The figures to read first: label -> (numerator, denominator).
    headline: Mapping[str, tuple[int, int]] = field(default_factory=dict)

    @property
    def articles_per_second(self) -> float:
        return self.articles / self.seconds if self.seconds > 0 else 0.0

    @property
    def attribution(self) -> bool:
        """True when speakers and cues are scored (quotation tasks)."""
        return self.task == "quotes"

    @property
    def total(self) -> Score:
        return list(self.categories.values())[-1]

    def to_dict(self) -> dict[str, Any]:
        return {
            "task": self.task,
            "gold": self.gold,
            "scored": self.scored,
            "categories": {
                name: score.to_dict(attribution=self.attribution)
                for name, score in self.categories.items()
            },
            "headline": {
                label: {"count": n, "of": d, "share": round(_ratio(n, d), 4)}
                for label, (n, d) in self.headline.items()
            },
            "counts": dict(self.counts),
            "per_article": {
                name: score.to_dict(attribution=self.attribution)
                for name, score in self.per_article.items()
            },
            "articles": self.articles,
            "seconds": round(self.seconds, 3),
            "articles_per_second": round(self.articles_per_second, 2),
        }


def render_json(report: Report) -> str:
    return json.dumps(report.to_dict(), ensure_ascii=False, indent=2)


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:.1f}"


def _table(first: str, rows_in: Mapping[str, Score], attribution: bool) -> list[str]:
    head = [first, "gold", "pred", "tp", "fp", "fn", "P%", "R%", "F1%"]
    if attribution:
        head += ["spk ok", "spk wrong", "spk%", "cue%"]
    rows = [head]
    for name, s in rows_in.items():
        row = [name, s.gold, s.predicted, s.tp, s.fp, s.fn]
        row += [_pct(s.precision), _pct(s.recall), _pct(s.f1)]
        if attribution:
            row += [s.speaker_correct, s.speaker_wrong]
            row += [_pct(s.speaker_accuracy), _pct(s.cue_accuracy)]
        rows.append([str(cell) for cell in row])
    widths = [max(len(row[i]) for row in rows) for i in range(len(head))]
    lines = []
    for row in rows:
        cells = [row[0].ljust(widths[0])] + [
            c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True)
        ]
        lines.append("  ".join(cells).rstrip())
    return lines


def render_table(report: Report) -> str:
    """Fixed-width tables: the headline figures, one row per category, one row per article
    (when scored per article), then the counts and the throughput."""
    lines = [f"corpus eval {report.task}: {report.gold}"]
    if report.scored:
        lines.append(f"scored: {report.scored}")
    for label, (n, d) in report.headline.items():
        lines.append(f"{label}: {n}/{d} ({_pct(_ratio(n, d) if d else None)}%)")
    lines += _table("category", report.categories, report.attribution)
    if report.attribution:
        lines.append(
            "spk ok/wrong: matched items whose speaker is right/wrong; spk%, cue%: accuracy on"
            " matched items with a gold speaker/cue"
        )
    if len(report.per_article) > 1:
        lines += _table("article", report.per_article, report.attribution)
    for key, value in report.counts.items():
        lines.append(f"{key}: {value}")
    lines.append(
        f"{report.articles} articles in {report.seconds:.2f} s"
        f" ({report.articles_per_second:.1f} articles/s)"
    )
    return "\n".join(lines)


def write_errors(errors: Iterable[Mapping[str, Any]], path: Path | str) -> int:
    """Write one JSON object a line; return the number written."""
    count = 0
    with open(path, "w", encoding="utf-8") as out:
        for record in errors:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
            count += 1
    return count
