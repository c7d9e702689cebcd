"""Annotation throughput: our pipeline against spaCy's full pipeline, on the same Reuters articles.

    .venv/bin/python bench/bench_annotate.py [--n 1000] [--no-jobs]

Both run in this one process, one core, over the same texts (``Article.text`` of the first N
Reuters records as our ingest reads them), after their models are loaded and warmed up:

- ours: ``corpus.annotate.annotate`` (Punkt sentences and tokens, spaCy tok2vec+ner on our
  tokens, rules, linking, quotations, dates); also ``annotate`` + ``corpus.tei.write_tei``, the
  whole per-article work of ``corpus annotate``;
- spaCy full: ``spacy.load(settings.SPACY_MODEL)`` with every component (tok2vec, tagger,
  parser, attribute_ruler, lemmatizer, ner), ``nlp.pipe`` over the texts.

A third figure, spaCy with only tok2vec and ner (the components ours runs) over the same texts,
shows the ceiling our pipeline has while it runs them. Words are ``\\w+`` runs of the texts,
the same count for both. ``--jobs`` figure: the same N articles through
``corpus.batch.annotate_inputs`` with every core into a temporary folder, wall time including
the worker pool's start and model loading.
Target: ours single-process >= 2x spaCy full.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import tempfile
from pathlib import Path

try:
    import common
except ImportError:  # imported as bench.bench_annotate
    from bench import common

TARGET = 2.0


def run(n: int = 1000, jobs: bool = True, results: common.Results | None = None) -> common.Results:
    results = results if results is not None else common.Results()
    if not common.have_reuters():
        return results
    from corpus.annotate import annotate
    from corpus.annotate.entities import nlp as our_nlp
    from corpus.settings import SPACY_MODEL
    from corpus.tei import write_tei

    articles = common.sample_articles(n)
    texts = [a.text for a in articles]
    words = common.word_count(texts)
    print(f"annotate: {len(articles)} Reuters articles, {words:,} words "
          f"({sum(map(len, texts)):,} characters)")

    # Ours: load the model and warm up outside the timing.
    our_nlp()
    annotate(articles[0])
    gc.collect()
    t_ours, docs = common.timed(lambda: [annotate(a) for a in articles])
    t_tei, _ = common.timed(lambda: [write_tei(d) for d in docs])
    docs = None

    # spaCy, every component of the same model.
    import spacy

    full = spacy.load(SPACY_MODEL)
    list(full.pipe(texts[:5]))
    gc.collect()
    t_spacy, _ = common.timed(lambda: sum(len(d) for d in full.pipe(texts)))
    components = ",".join(full.pipe_names)
    full = None

    # What our pipeline spends in spaCy at most: the same components on the plain texts.
    lite = spacy.load(SPACY_MODEL, exclude=[n for n in spacy.load(SPACY_MODEL).pipe_names
                                            if n not in ("tok2vec", "ner")])
    list(lite.pipe(texts[:5]))
    t_lite, _ = common.timed(lambda: sum(len(d) for d in lite.pipe(texts)))
    lite = None

    def rates(secs: float) -> tuple[float, float]:
        return len(articles) / secs, words / secs

    a_ours, w_ours = rates(t_ours)
    a_both, w_both = rates(t_ours + t_tei)
    a_sp, w_sp = rates(t_spacy)
    ratio = a_ours / a_sp
    print(f"  ours (annotate)            {t_ours:7.1f} s  {a_ours:7.1f} articles/s  "
          f"{w_ours:9,.0f} words/s")
    print(f"  ours (annotate + TEI)      {t_ours + t_tei:7.1f} s  {a_both:7.1f} articles/s  "
          f"{w_both:9,.0f} words/s")
    print(f"  spaCy full ({components})")
    print(f"                             {t_spacy:7.1f} s  {a_sp:7.1f} articles/s  "
          f"{w_sp:9,.0f} words/s")
    print(f"  spaCy tok2vec+ner only     {t_lite:7.1f} s  {len(articles) / t_lite:7.1f} "
          f"articles/s  {words / t_lite:9,.0f} words/s  (the components ours runs)")
    print(f"  ours / spaCy full: {ratio:.2f}x (annotate), {a_both / a_sp:.2f}x (with TEI); "
          f"target >= {TARGET:.0f}x: {'met' if ratio >= TARGET else 'MISSED'}")
    part = "annotate"
    note = f"n={len(articles)}, 1 process"
    results.add(part, "ours annotate", a_ours, "articles/s", ratio, "vs spaCy full",
                f">= {TARGET:.0f}x", ratio >= TARGET, note)
    results.add(part, "ours annotate", w_ours, "words/s", ratio, "vs spaCy full", "", None, note)
    results.add(part, "ours annotate + TEI", a_both, "articles/s", a_both / a_sp,
                "vs spaCy full", "", None, note)
    results.add(part, "spaCy full pipeline", a_sp, "articles/s", None, "", "", None,
                f"{SPACY_MODEL}: {components}")
    results.add(part, "spaCy full pipeline", w_sp, "words/s", None, "", "", None, note)
    results.add(part, "spaCy tok2vec+ner only", len(articles) / t_lite, "articles/s",
                t_spacy / t_lite, "faster than spaCy full", "", None,
                "the spaCy components ours runs (on spaCy's tokens): our ceiling")

    if jobs:
        cores = os.cpu_count() or 1
        with tempfile.TemporaryDirectory(prefix="bench-annotate-") as tmp:
            import io

            from corpus.batch import annotate_inputs

            data = b"".join(common.reuters_lines(n))
            t_jobs, summary = common.timed(lambda: annotate_inputs(
                ["-"], Path(tmp) / "tei", jobs=cores, stdin=io.BytesIO(data)))
        a_jobs = summary.annotated / t_jobs
        print(f"  ours --jobs 0 ({cores} processes, annotate + TEI files, pool start included): "
              f"{t_jobs:.1f} s, {a_jobs:.1f} articles/s = {a_jobs / a_sp:.2f}x spaCy full, "
              f"{a_jobs / a_both:.2f}x our single process")
        results.add(part, f"ours --jobs 0 ({cores} cores)", a_jobs, "articles/s",
                    a_jobs / a_sp, "vs spaCy full", "", None,
                    f"{a_jobs / a_both:.2f}x our 1 process; pool start included")
    return results


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=1000, help="articles (default 1000)")
    ap.add_argument("--no-jobs", action="store_true", help="skip the all-cores figure")
    args = ap.parse_args(argv)
    run(args.n, not args.no_jobs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
