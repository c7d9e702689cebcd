"""Indexing throughput: ``corpus.index`` on the annotated Reuters TEI against raw Whoosh.

    .venv/bin/python bench/bench_index.py [--n N]

Both run one after the other in this process, each into a fresh temporary folder:

- ours: ``corpus.index.index_tei_dir(tei_dir, index, rebuild=True)``: reads and parses every
  TEI file, derives the quotation segmentation, and writes all fields (text with positions and
  character offsets, title, entity/speaker/cue keywords, dates, and the body/info/sents/payload
  columns);
- raw Whoosh: the same article texts (read back from our index's ``body`` column, so they are
  identical) in one stored ``TEXT`` field with ``chars=True`` and the same analyzer type
  (``RegexTokenizer(corpus.index.TOKEN_PATTERN) | LowercaseFilter()``), same ``limitmb``.

A breakdown on up to 2,000 files shows where our time goes (TEI parsing, building the field
values, Whoosh). Target: ours >= 0.8x raw Whoosh (documents/s).
"""

from __future__ import annotations

import argparse
import gc
import sys
import tempfile
import time
from pathlib import Path

try:
    import common
except ImportError:  # imported as bench.bench_index
    from bench import common

TARGET = 0.8


def _size_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6


def raw_whoosh(texts: list[str], folder: Path) -> float:
    """Index the texts in one stored TEXT field with chars=True; returns seconds."""
    from whoosh import fields, index
    from whoosh.analysis import LowercaseFilter, RegexTokenizer

    from corpus.index import TOKEN_PATTERN

    t0 = time.perf_counter()
    schema = fields.Schema(body=fields.TEXT(
        analyzer=RegexTokenizer(TOKEN_PATTERN) | LowercaseFilter(), phrase=True, chars=True,
        stored=True))
    ix = index.create_in(str(folder), schema)
    writer = ix.writer(limitmb=256)
    for text in texts:
        writer.add_document(body=text)
    writer.commit()
    return time.perf_counter() - t0


def index_texts(index_dir: Path) -> list[str]:
    """Every article text of our index, from its ``body`` column."""
    from corpus.index import open_index

    cix = open_index(index_dir)
    with cix.searcher() as s:
        r = s.reader()
        col = r.column_reader("body")
        out = []
        for n in r.all_doc_ids():
            v = col[n]
            out.append(v.decode("utf-8") if isinstance(v, bytes) else v)
        return out


def breakdown(tei_dir: Path, limit: int = 2000) -> dict[str, float]:
    """Seconds per document: TEI parsing, field values (prepare + document_record)."""
    from corpus.index import document_record, prepare, tei_files
    from corpus.tei import read_tei

    files = tei_files(tei_dir)[:limit]
    t_read, docs = common.timed(lambda: [read_tei(f) for f in files])
    t_rec, _ = common.timed(lambda: [document_record(prepare(d)) for d in docs])
    return {"files": len(files), "read_tei": t_read / len(files),
            "record": t_rec / len(files)}


def run(tei_dir: Path, results: common.Results | None = None) -> common.Results:
    results = results if results is not None else common.Results()
    from corpus.index import index_tei_dir

    n_files = len(common.tei_files(tei_dir))
    print(f"index: {n_files} annotated Reuters TEI files in {tei_dir}")
    with tempfile.TemporaryDirectory(prefix="bench-index-") as tmp:
        ours_dir, raw_dir = Path(tmp) / "ours", Path(tmp) / "raw"
        gc.collect()
        t_ours, report = common.timed(lambda: index_tei_dir(tei_dir, ours_dir, rebuild=True))
        if report.problems:
            print(f"  {len(report.problems)} problems, first: {report.problems[0]}")
        texts = index_texts(ours_dir)
        chars = sum(map(len, texts))
        raw_dir.mkdir()
        gc.collect()
        t_raw = raw_whoosh(texts, raw_dir)
        size_ours, size_raw = _size_mb(ours_dir), _size_mb(raw_dir)
    docs = report.total
    d_ours, d_raw = docs / t_ours, len(texts) / t_raw
    ratio = d_ours / d_raw
    print(f"  ours (index_tei_dir)   {t_ours:7.1f} s  {d_ours:7.1f} docs/s  "
          f"{chars / t_ours / 1e6:5.2f} M chars/s  {size_ours:6.1f} MB on disk")
    print(f"  raw Whoosh (1 field)   {t_raw:7.1f} s  {d_raw:7.1f} docs/s  "
          f"{chars / t_raw / 1e6:5.2f} M chars/s  {size_raw:6.1f} MB on disk")
    print(f"  ours / raw Whoosh: {ratio:.2f}x; target >= {TARGET}x: "
          f"{'met' if ratio >= TARGET else 'MISSED'}")
    b = breakdown(tei_dir)
    whoosh_part = 1 / d_ours - b["read_tei"] - b["record"]
    print(f"  where our time goes (ms per document, first {b['files']:.0f} files): "
          f"read_tei {b['read_tei'] * 1e3:.2f}, field values {b['record'] * 1e3:.2f}, "
          f"Whoosh writing (the rest) {whoosh_part * 1e3:.2f}; raw Whoosh {1e3 / d_raw:.2f}")
    part = "index"
    note = f"{docs} docs"
    results.add(part, "ours index_tei_dir", d_ours, "docs/s", ratio, "vs raw Whoosh",
                f">= {TARGET}x", ratio >= TARGET, note)
    results.add(part, "raw Whoosh, 1 TEXT field", d_raw, "docs/s", None, "", "", None, note)
    results.add(part, "ours: TEI parsing", b["read_tei"] * 1e3, "ms/doc", None, "", "", None,
                "read_tei share of our time")
    results.add(part, "ours: field values", b["record"] * 1e3, "ms/doc", None, "", "", None,
                "prepare + document_record")
    results.add(part, "index size ours", size_ours, "MB", size_ours / size_raw,
                "of raw Whoosh", "", None, "")
    return results


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=None,
                    help="only the first N articles (default: the whole corpus)")
    args = ap.parse_args(argv)
    if not common.have_reuters():
        return 0
    run(common.tei_sample(args.n) if args.n else common.full_tei_dir())
    return 0


if __name__ == "__main__":
    sys.exit(main())
