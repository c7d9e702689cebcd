"""KWIC speed against a raw Whoosh baseline, on Reuters-21578 (../shared/data) when present.

    .venv/bin/python bench/bench_kwic.py [--repeat 5] [--rebuild]

Baseline ("raw Whoosh"): the bodies in one stored TEXT field with chars=True; a query's
matcher is walked and each span is cut from the stored body: the least a Whoosh program must
do to list every hit in context. Ours: ``corpus.concordance.kwic`` (KwicLine records with the
quotation lookup), on an index built from Documents made directly from the JSONL bodies with
no annotation (no sentences, entities or quotations; the lead wires annotated TEI in later).
Both indexes live in bench/cache/ (git-ignored) and are reused; each timing opens a fresh
searcher, as a command does, and keeps the best of --repeat runs.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
DATA = HERE.parent.parent / "shared" / "data" / "reuters21578" / "reuters21578.jsonl"
CACHE = HERE / "cache"
QUERIES = ("oil", "Volcker", '"interest rates"')
WIDTH = 40


def documents(path: Path) -> Iterator[Any]:
    from corpus.model import Article, Block, Document

    with open(path, encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            body = r["body"]
            art = Article(
                doc_id=r["id"],
                text=body,
                blocks=(Block("p", 0, len(body)),),
                title=r.get("title") or "",
                date=(r.get("date") or "")[:10],
                agency="Reuters",
                place=(r.get("dateline") or "").split(",")[0].strip().title(),
            )
            yield Document(art)


def build_raw(path: Path, folder: Path) -> float:
    from whoosh import fields, index
    from whoosh.analysis import LowercaseFilter, RegexTokenizer

    t0 = time.perf_counter()
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    schema = fields.Schema(
        id=fields.ID(stored=True, unique=True),
        body=fields.TEXT(
            analyzer=RegexTokenizer() | LowercaseFilter(), phrase=True, chars=True, stored=True
        ),
    )
    ix = index.create_in(str(folder), schema)
    writer = ix.writer(limitmb=256)
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            writer.add_document(id=r["id"], body=r["body"])
    writer.commit()
    return time.perf_counter() - t0


def raw_kwic(ix: Any, qtext: str) -> list[tuple[str, int, int, str, str, str]]:
    from whoosh.qparser import QueryParser

    lines = []
    with ix.searcher() as s:
        q = QueryParser("body", ix.schema).parse(qtext)
        m = q.matcher(s)
        while m.is_active():
            stored = s.stored_fields(m.id())
            text = stored["body"]
            doc = stored["id"]
            for sp in m.spans():
                a, b = sp.startchar, sp.endchar
                lines.append(
                    (doc, a, b, text[max(0, a - WIDTH) : a], text[a:b], text[b : b + WIDTH])
                )
            m.next()
    return lines


_WORD = re.compile(r"\w+")


def raw_sort_l1(lines: list[tuple[str, int, int, str, str, str]]) -> list[Any]:
    def l1(line: tuple[str, int, int, str, str, str]) -> str:
        words = _WORD.findall(line[3])
        return words[-1].casefold() if words else ""

    return sorted(lines, key=lambda ln: (l1(ln), ln[4].casefold()))


def best_of(repeat: int, fn: Callable[[], Any]) -> tuple[float, Any]:
    best, out = float("inf"), None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
    return best, out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--rebuild", action="store_true", help="rebuild both cached indexes")
    ap.add_argument("--data", type=Path, default=DATA)
    args = ap.parse_args(argv)
    if not args.data.exists():
        print(f"skipped: {args.data} not found (the shared Reuters data is not on this machine)")
        return 0

    from whoosh import index as windex

    from corpus.concordance import group, kwic
    from corpus.index import build_index, open_index

    ours_dir, raw_dir = CACHE / "reuters-ours", CACHE / "reuters-raw"
    print(f"data: {args.data}")
    print(
        "our index: built from Documents made directly from the JSONL bodies, with NO "
        "annotation (no sentences, entities or quotations)"
    )
    if args.rebuild or not windex.exists_in(str(raw_dir)):
        print(f"built raw Whoosh index in {build_raw(args.data, raw_dir):.1f} s")
    t0 = time.perf_counter()
    report = build_index(documents(args.data), ours_dir, rebuild=args.rebuild, prune=True)
    print(
        f"our index: {report.total} docs (+{report.added} ~{report.updated} "
        f"={report.unchanged}) in {time.perf_counter() - t0:.1f} s"
    )
    raw_ix = windex.open_dir(str(raw_dir))
    ours = open_index(ours_dir)

    print(
        f"\n{'query':18} {'raw hits':>9} {'raw s':>8} {'our hits':>9} {'our s':>8} {'ours/raw':>9}"
    )
    for q in QUERIES:
        t_raw, raw_lines = best_of(args.repeat, lambda q=q: raw_kwic(raw_ix, q))
        t_ours, our_lines = best_of(args.repeat, lambda q=q: list(kwic(q, ours, width=WIDTH)))
        print(
            f"{q:18} {len(raw_lines):9d} {t_raw:8.4f} {len(our_lines):9d} {t_ours:8.4f} "
            f"{t_ours / t_raw:9.2f}"
        )
        if len(raw_lines) != len(our_lines):
            print(f"  !! hit counts differ for {q}")

    print("\nsort and group ('oil'):")
    t_list, _lines = best_of(args.repeat, lambda: list(kwic("oil", ours, width=WIDTH)))
    t_raw_sort, _ = best_of(args.repeat, lambda: raw_sort_l1(raw_kwic(raw_ix, "oil")))
    rows = [
        ("kwic oil (list)", t_list),
        (
            "kwic oil --sort L1,KW",
            best_of(args.repeat, lambda: list(kwic("oil", ours, width=WIDTH, sort="L1,KW")))[0],
        ),
        (
            "kwic oil --sort R1,R2,R3",
            best_of(args.repeat, lambda: list(kwic("oil", ours, width=WIDTH, sort="R1,R2,R3")))[0],
        ),
        (
            "kwic oil --sample 100",
            best_of(args.repeat, lambda: list(kwic("oil", ours, width=WIDTH, sample=100, seed=1)))[
                0
            ],
        ),
        (
            "--group-by form",
            best_of(args.repeat, lambda: group(kwic("oil", ours, width=WIDTH), "form"))[0],
        ),
        (
            "--group-by month",
            best_of(args.repeat, lambda: group(kwic("oil", ours, width=WIDTH), "month"))[0],
        ),
        ("raw whoosh + sort L1,KW", t_raw_sort),
    ]
    for label, secs in rows:
        print(f"  {label:28} {secs:8.4f} s  {secs / t_list:6.2f} x our unsorted list")
    t_raw_list = best_of(args.repeat, lambda: raw_kwic(raw_ix, "oil"))[0]
    verdict = "met" if t_list <= t_raw_list else "NOT met"
    print(
        f"\ntarget: our `kwic oil` listing every hit no slower than raw Whoosh: {verdict} "
        f"({t_list:.4f} s vs {t_raw_list:.4f} s)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
