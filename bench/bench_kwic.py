"""KWIC of every hit against grep, raw Whoosh and NLTK, on Reuters-21578 (../shared/data).

    .venv/bin/python bench/bench_kwic.py [--repeat 3] [--runs 5] [--quick] [--rebuild]
    .venv/bin/python bench/bench_kwic.py --ratios [--index P] [--runs N] [--shards-index S]

Three queries: a frequent word (oil), a rare word (Volcker) and a phrase ("interest rates").
For each one, the hit count and the seconds of:

1. *ours warm*: ``corpus.concordance.kwic`` in this process (index already open, each run opens
   a fresh searcher as a command does), every hit with its speaker and quotation, on the index
   of the ANNOTATED Reuters TEI (``bench/cache/reuters-tei``, indexed once into
   ``bench/cache/reuters-kwic-index`` with ``corpus.index.index_tei_dir``; incremental);
2. *ours new process*: ``.venv/bin/corpus kwic QUERY --index PATH --limit 0 --format tsv``,
   output to /dev/null, median of --runs;
3. *grep*: ``LC_ALL=C grep -o -i -E '.{0,40}\\bWORD\\b.{0,40}'`` on a plain dump of the JSONL
   bodies (one article a line, newlines replaced by spaces; ``bench/cache/reuters-bodies.txt``,
   written once), median of --runs; also once in a UTF-8 locale for 'oil'. grep's output goes
   to a pipe, not /dev/null: GNU grep stops at the first match when its output is /dev/null;
4. *raw Whoosh process*: a small script run with the venv python that opens a raw index of the
   bodies (one stored TEXT field, chars=True; ``bench/cache/reuters-raw``, built once), walks
   the query's matcher and prints every hit's context line (to /dev/null), median of --runs.
   The three commands of a query run in turn, --runs rounds, so that a change of load on a
   shared machine falls on all of them;
5. *NLTK*: every body tokenised (``RegexpTokenizer(r"\\w+|[^\\w\\s]+")``, and separately
   ``TreebankWordTokenizer``: ``word_tokenize`` needs NLTK's punkt data, which is not installed
   and cannot be downloaded here), one ``ConcordanceIndex`` (lower-cased keys) built over all
   the tokens, and ``find_concordance`` (a phrase: the first word's offsets, then the next
   token checked); in-process time of tokenise + build + query;
6. *ours, in process*: ``--sort L1,KW`` and ``--sort R1``, ``--group-by speaker`` and
   ``month``, and export of every hit as tsv, jsonl and tei (``corpus.render.render_kwic`` into
   memory), each with its hit count; best of --repeat.

Printed ratios: ours new process / grep C locale, ours new process / raw Whoosh process, and
ours / NLTK (both whole tasks: new process vs tokenise + build + query; and warm query vs
NLTK's query on its built index). Hit counts differ by design: our documents' text is the TEI
text (headline and dateline included), grep -o cannot report a second hit inside the 40
characters of context it has already consumed, and the tokenizers differ.
``run.py`` calls :func:`run` and turns its rows into summary figures.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

try:
    import common
except ImportError:  # imported as bench.bench_kwic
    from bench import common

CACHE = common.CACHE
INDEX_DIR = CACHE / "reuters-kwic-index"  # our index of the annotated TEI
RAW_DIR = CACHE / "reuters-raw"  # raw Whoosh: bodies in one stored TEXT field
DUMP = CACHE / "reuters-bodies.txt"  # one body a line, for grep
WIDTH = 40
VENV_BIN = common.PROJECT / ".venv" / "bin"


@dataclass(frozen=True)
class Query:
    label: str  # for tables
    query: str  # our query syntax (and raw Whoosh's)
    words: tuple[str, ...]  # NLTK phrase
    grep: str  # the word or phrase inside \b...\b


QUERIES = (
    Query("oil", "oil", ("oil",), "oil"),
    Query("Volcker", "Volcker", ("volcker",), "Volcker"),
    Query('"interest rates"', '"interest rates"', ("interest", "rates"), "interest rates"),
)

# Raw Whoosh as a whole process: open the index, walk the matcher, cut each span's context
# from the stored body, print one line per hit; the hit count goes to stderr.
RAW_SCRIPT = """
import sys
from whoosh import index
from whoosh.qparser import QueryParser
ix = index.open_dir(sys.argv[1])
W = int(sys.argv[3])
n = 0
out = sys.stdout
with ix.searcher() as s:
    m = QueryParser("body", ix.schema).parse(sys.argv[2]).matcher(s)
    while m.is_active():
        st = s.stored_fields(m.id())
        text, doc = st["body"], st["id"]
        for sp in m.spans():
            a, b = sp.startchar, sp.endchar
            left = text[max(0, a - W):a].replace("\\n", " ")
            right = text[b:b + W].replace("\\n", " ")
            out.write(f"{doc}\\t{left}\\t{text[a:b]}\\t{right}\\n")
            n += 1
        m.next()
print(n, file=sys.stderr)
"""


@dataclass
class Timed:
    seconds: float
    hits: int


@dataclass
class QueryRow:
    """Every figure of one query (None: not measured in this run)."""

    label: str
    ours_warm: Timed | None = None
    ours_quoted: int = 0  # hits inside quotations
    ours_speaker: int = 0  # hits inside quotations with a known speaker
    ours_process: Timed | None = None
    ours_nohit: Timed | None = None  # `corpus kwic zzzz`: start-up, opening, parsing (no hit)
    raw_nohit: Timed | None = None  # the raw Whoosh script with no hit
    grep_c: Timed | None = None
    grep_utf8: Timed | None = None
    raw_process: Timed | None = None
    nltk: dict[str, dict[str, float]] = field(default_factory=dict)  # tokenizer -> figures
    ops: dict[str, Timed] = field(default_factory=dict)  # sort/group/export
    groups: dict[str, int] = field(default_factory=dict)  # group-by key -> number of groups


# --- caches ----------------------------------------------------------------------------------


def annotated_index(refresh_tei: bool) -> Path:
    """Our index of the annotated TEI cache, brought up to date (incremental)."""
    from corpus.errors import IndexMissing
    from corpus.index import index_tei_dir

    if refresh_tei or not common._complete(common.TEI_DIR):
        tei = common.full_tei_dir()  # annotates what is missing or changed (long the first time)
    else:
        tei = common.TEI_DIR  # complete: used as it is, not re-checked against the annotator
    t0 = time.perf_counter()
    try:
        report = index_tei_dir(tei, INDEX_DIR)
    except IndexMissing:  # an index of an older schema version: build it afresh
        report = index_tei_dir(tei, INDEX_DIR, rebuild=True)
    print(f"our index {INDEX_DIR.relative_to(common.PROJECT)} of the annotated TEI "
          f"{tei.relative_to(common.PROJECT)}: {report.total} docs (+{report.added} "
          f"~{report.updated} -{report.removed} ={report.unchanged}) in "
          f"{time.perf_counter() - t0:.1f} s")
    return INDEX_DIR


def _bodies(data: Path) -> list[str]:
    out = []
    with open(data, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                out.append(json.loads(line)["body"])
    return out


def bodies_dump(data: Path) -> Path:
    """bench/cache/reuters-bodies.txt: one body a line (written when missing or stale)."""
    if DUMP.exists() and DUMP.stat().st_mtime >= data.stat().st_mtime:
        return DUMP
    t0 = time.perf_counter()
    tmp = DUMP.with_suffix(".tmp")
    with open(tmp, "w", encoding="utf-8") as out:
        for body in _bodies(data):
            out.write(body.replace("\r\n", " ").replace("\n", " ").replace("\r", " ") + "\n")
    tmp.replace(DUMP)
    print(f"wrote {DUMP.relative_to(common.PROJECT)} in {time.perf_counter() - t0:.1f} s")
    return DUMP


def raw_index(data: Path, rebuild: bool) -> Path:
    from whoosh import fields, index
    from whoosh.analysis import LowercaseFilter, RegexTokenizer

    if not rebuild and index.exists_in(str(RAW_DIR)):
        return RAW_DIR
    t0 = time.perf_counter()
    shutil.rmtree(RAW_DIR, ignore_errors=True)
    RAW_DIR.mkdir(parents=True)
    schema = fields.Schema(
        id=fields.ID(stored=True, unique=True),
        body=fields.TEXT(
            analyzer=RegexTokenizer() | LowercaseFilter(), phrase=True, chars=True, stored=True
        ),
    )
    ix = index.create_in(str(RAW_DIR), schema)
    writer = ix.writer(limitmb=256)
    with open(data, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                r = json.loads(line)
                writer.add_document(id=r["id"], body=r["body"])
    writer.commit()
    print(f"built raw Whoosh index {RAW_DIR.relative_to(common.PROJECT)} in "
          f"{time.perf_counter() - t0:.1f} s")
    return RAW_DIR


# --- measuring -------------------------------------------------------------------------------


def best_of(repeat: int, fn: Callable[[], Any]) -> tuple[float, Any]:
    best, out = float("inf"), None
    for _ in range(max(1, repeat)):
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
    return best, out


@dataclass
class Command:
    argv: list[str]
    env: dict[str, str] | None = None
    capture: bool = False  # stdout to a pipe (kept) instead of /dev/null
    times: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)  # user + system CPU seconds of the child
    stdout: str = ""
    stderr: str = ""

    def run(self) -> None:
        r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        proc = subprocess.run(self.argv, env=self.env, cwd=common.PROJECT, check=False,
                              stdout=subprocess.PIPE if self.capture else subprocess.DEVNULL,
                              stderr=subprocess.PIPE)
        self.times.append(time.perf_counter() - t0)
        r1 = resource.getrusage(resource.RUSAGE_CHILDREN)  # the child just waited for
        self.cpu.append(r1.ru_utime - r0.ru_utime + r1.ru_stime - r0.ru_stime)
        self.stderr = proc.stderr.decode("utf-8", "replace")
        if proc.returncode not in (0, 1):  # grep: 1 = no match
            raise RuntimeError(f"{' '.join(self.argv)} exited with {proc.returncode}: "
                               f"{self.stderr[-500:]}")
        self.stdout = proc.stdout.decode("utf-8", "replace") if self.capture else ""

    @property
    def median(self) -> float:
        return statistics.median(self.times)

    @property
    def cpu_median(self) -> float:
        return statistics.median(self.cpu)


def interleaved(commands: list[Command], runs: int) -> None:
    """Run the commands in turn, ``runs`` rounds: a change of the machine's load during the
    measurement then falls on all of them rather than on whichever ran at that moment."""
    for _ in range(max(1, runs)):
        for cmd in commands:
            cmd.run()


def corpus_cmd() -> list[str]:
    exe = VENV_BIN / "corpus"
    return [str(exe)] if exe.exists() else [*common.CORPUS_CMD]


def venv_python() -> str:
    exe = VENV_BIN / "python"
    return str(exe) if exe.exists() else sys.executable


def grep_command(q: Query, dump: Path, locale: str) -> Command:
    pattern = rf".{{0,{WIDTH}}}\b{q.grep}\b.{{0,{WIDTH}}}"
    return Command(["grep", "-o", "-i", "-E", pattern, str(dump)],
                   env={**os.environ, "LC_ALL": locale}, capture=True)


def grep_timed(cmd: Command) -> Timed:
    return Timed(cmd.median, cmd.stdout.count("\n"))


def utf8_locale() -> str | None:
    try:
        names = subprocess.run(["locale", "-a"], capture_output=True, text=True,
                               check=False).stdout.split()
    except OSError:
        names = []
    for want in ("C.UTF-8", "C.utf8", "en_US.UTF-8", "en_US.utf8"):
        if want in names:
            return want
    return next((n for n in names if n.lower().endswith(("utf-8", "utf8"))), None)


def nltk_runs(bodies: list[str], tokenizers: list[str]) -> dict[str, dict[str, Any]]:
    """For each tokenizer: tokenise/build seconds, and each query's seconds and hits."""
    from nltk.text import ConcordanceIndex
    from nltk.tokenize import RegexpTokenizer, TreebankWordTokenizer

    makers: dict[str, Callable[[], Any]] = {
        "regexp": lambda: RegexpTokenizer(r"\w+|[^\w\s]+"),
        "treebank": TreebankWordTokenizer,
    }
    out: dict[str, dict[str, Any]] = {}
    for name in tokenizers:
        tok = makers[name]()
        t0 = time.perf_counter()
        tokens: list[str] = []
        for body in bodies:
            tokens.extend(tok.tokenize(body))
        t_tok = time.perf_counter() - t0
        t0 = time.perf_counter()
        ci = ConcordanceIndex(tokens, key=lambda s: s.lower())
        t_build = time.perf_counter() - t0
        res: dict[str, Any] = {"tokenise": t_tok, "build": t_build, "tokens": len(tokens)}
        for q in QUERIES:
            t0 = time.perf_counter()
            lines = ci.find_concordance(list(q.words), width=2 * WIDTH + 10)
            res[q.label] = {"query": time.perf_counter() - t0, "hits": len(lines)}
        out[name] = res
        del ci, tokens
    return out


def word_tokenize_note() -> str:
    try:
        from nltk import word_tokenize

        word_tokenize("A test. Another one.")
    except LookupError:
        return ("nltk.word_tokenize needs the punkt data, which is not installed and cannot be "
                "downloaded here: TreebankWordTokenizer (its word-level part) is used instead, "
                "on whole bodies (no sentence split, so only a body's last full stop is split off)")
    return "nltk.word_tokenize works here (punkt installed) but is not timed"


def ours_inprocess(q: Query, cix: Any, repeat: int, row: QueryRow) -> None:
    from corpus.concordance import group, kwic
    from corpus.render import render_kwic

    secs, lines = best_of(repeat, lambda: list(kwic(q.query, cix, width=WIDTH)))
    row.ours_warm = Timed(secs, len(lines))
    row.ours_quoted = sum(1 for ln in lines if ln.kind is not None)
    row.ours_speaker = sum(1 for ln in lines if ln.speaker)
    ops: dict[str, Callable[[], int]] = {
        "sort L1,KW": lambda: len(list(kwic(q.query, cix, width=WIDTH, sort="L1,KW"))),
        "sort R1": lambda: len(list(kwic(q.query, cix, width=WIDTH, sort="R1"))),
    }

    def grouped(by: str) -> int:
        groups = group(kwic(q.query, cix, width=WIDTH), by)
        row.groups[by] = len(groups)
        return sum(g.count for g in groups)

    for by in ("speaker", "month"):
        ops[f"group-by {by}"] = lambda by=by: grouped(by)
    for fmt in ("tsv", "jsonl", "tei"):
        ops[f"export {fmt}"] = lambda fmt=fmt: render_kwic(
            kwic(q.query, cix, width=WIDTH), fmt, io.StringIO(), query=q.query, index=cix)
    for name, fn in ops.items():
        rep = 1 if name == "export tei" else repeat  # seconds, not worth repeating
        secs, n = best_of(rep, fn)
        row.ops[name] = Timed(secs, n)


# --- the run ---------------------------------------------------------------------------------


def _ratio(a: Timed | None, b: Timed | None) -> float | None:
    return a.seconds / b.seconds if a and b and b.seconds else None


def run(repeat: int = 3, runs: int = 5, quick: bool = False, rebuild: bool = False,
        refresh_tei: bool = False, data: Path = common.REUTERS,
        need_complete: bool = False) -> list[QueryRow] | None:
    """Measure everything and print it; returns the rows (None when skipped).

    ``need_complete``: skip rather than annotate the whole corpus when its TEI cache is not
    complete (run.py --quick).
    """
    if not data.exists():
        print(f"skipped: {data} not found (the shared Reuters data is not on this machine)")
        return None
    if need_complete and not refresh_tei and not common._complete(common.TEI_DIR):
        print(f"kwic: skipped: the annotated corpus {common.TEI_DIR} is not complete yet "
              "(a full run of bench/run.py or bench/bench_kwic.py annotates it once)")
        return None
    from corpus.concordance import kwic
    from corpus.index import open_index

    CACHE.mkdir(parents=True, exist_ok=True)
    print(f"data: {data}")
    index_dir = annotated_index(refresh_tei)
    dump = bodies_dump(data)
    raw_dir = raw_index(data, rebuild)
    cix = open_index(index_dir)
    rows = [QueryRow(q.label) for q in QUERIES]

    common.log("kwic: ours in process")
    list(kwic("oil", cix))  # warm up: imports, the index's files in the page cache
    for q, row in zip(QUERIES, rows, strict=True):
        ours_inprocess(q, cix, repeat, row)

    common.log("kwic: new processes (ours, raw Whoosh, grep)")
    py = venv_python()

    def ours_cmd(query: str) -> Command:
        return Command([*corpus_cmd(), "kwic", query, "--index", str(index_dir), "--limit", "0",
                        "--format", "tsv"])

    def raw_cmd(query: str) -> Command:
        return Command([py, "-c", RAW_SCRIPT, str(raw_dir), query, str(WIDTH)])

    ours_zero, raw_zero = ours_cmd("zzzz"), raw_cmd("zzzz")
    for q, row in zip(QUERIES, rows, strict=True):
        ours, raw, grep = ours_cmd(q.query), raw_cmd(q.query), grep_command(q, dump, "C")
        interleaved([ours, raw, grep], runs)
        row.ours_process = Timed(ours.median, row.ours_warm.hits if row.ours_warm else 0)
        row.raw_process = Timed(raw.median, int(raw.stderr.split()[-1]))
        row.grep_c = grep_timed(grep)
    interleaved([ours_zero, raw_zero], runs)
    for row in rows:
        row.ours_nohit = Timed(ours_zero.median, 0)
        row.raw_nohit = Timed(raw_zero.median, 0)
    loc = utf8_locale()
    if quick:
        print("grep in a UTF-8 locale: skipped (--quick)")
    elif loc is None:
        print("grep in a UTF-8 locale: skipped (no UTF-8 locale installed)")
    else:
        common.log(f"kwic: grep 'oil' with LC_ALL={loc} (slow)")
        utf8 = grep_command(QUERIES[0], dump, loc)
        utf8.run()
        rows[0].grep_utf8 = grep_timed(utf8)

    tokenizers = ["regexp"] if quick else ["regexp", "treebank"]
    common.log(f"kwic: NLTK ConcordanceIndex ({', '.join(tokenizers)})")
    nltk_note = word_tokenize_note()
    nl = nltk_runs(_bodies(data), tokenizers)
    for row in rows:
        for name, res in nl.items():
            base = res["tokenise"] + res["build"]
            row.nltk[name] = {"tokenise": res["tokenise"], "build": res["build"],
                              "query": res[row.label]["query"],
                              "total": base + res[row.label]["query"],
                              "hits": res[row.label]["hits"], "tokens": res["tokens"]}

    report(rows, nltk_note, loc)
    return rows


def _t(x: Timed | None) -> str:
    return "-" if x is None else f"{x.hits:6d} {x.seconds:8.3f}"


def _x(v: float | None) -> str:
    return "-" if v is None else f"{v:.2f}x"


def report(rows: list[QueryRow], nltk_note: str, loc: str | None) -> None:
    print("\nhits and seconds (hits first); ours = the annotated index, speaker known")
    head = (f"{'query':17} {'ours warm':>15} {'ours process':>15} {'grep C':>15} "
            f"{'raw Whoosh proc':>15} {'NLTK regexp':>15} {'NLTK treebank':>15}")
    print(head)
    for r in rows:
        cells = [_t(r.ours_warm), _t(r.ours_process), _t(r.grep_c), _t(r.raw_process)]
        for name in ("regexp", "treebank"):
            n = r.nltk.get(name)
            cells.append("-" if n is None else f"{int(n['hits']):6d} {n['total']:8.3f}")
        print(f"{r.label:17} " + " ".join(f"{c:>15}" for c in cells))
    nohit, raw_nohit = rows[0].ours_nohit, rows[0].raw_nohit
    if nohit and raw_nohit:
        print(f"fixed cost, a query with no hit (zzzz: start-up, imports, opening the index, "
              f"parsing the query): ours {nohit.seconds:.3f} s, raw Whoosh process "
              f"{raw_nohit.seconds:.3f} s")
    for r in rows:
        if r.grep_utf8:
            print(f"grep {r.label} with LC_ALL={loc}: {r.grep_utf8.hits} lines in "
                  f"{r.grep_utf8.seconds:.2f} s ({_x(_ratio(r.ours_process, r.grep_utf8))} "
                  "ours-process / grep-UTF-8)")
    print("\nquotations: ours knows, for each hit, whether it is inside a quotation and whose")
    for r in rows:
        if r.ours_warm:
            print(f"  {r.label:17} {r.ours_warm.hits} hits: {r.ours_quoted} inside quotations, "
                  f"{r.ours_speaker} of them with a known speaker")

    print("\nratios (below 1x: ours is faster)")
    print(f"{'query':17} {'proc/grepC':>11} {'proc/rawWh':>11} {'warm/rawWh':>11} "
          f"{'proc/NLTKre':>12} {'proc/NLTKtb':>12} {'warm/NLTKq':>11}")
    for r in rows:
        re_, tb = r.nltk.get("regexp"), r.nltk.get("treebank")
        nre = Timed(re_["total"], 0) if re_ else None
        ntb = Timed(tb["total"], 0) if tb else None
        nq = Timed(re_["query"], 0) if re_ else None
        print(f"{r.label:17} {_x(_ratio(r.ours_process, r.grep_c)):>11} "
              f"{_x(_ratio(r.ours_process, r.raw_process)):>11} "
              f"{_x(_ratio(r.ours_warm, r.raw_process)):>11} "
              f"{_x(_ratio(r.ours_process, nre)):>12} {_x(_ratio(r.ours_process, ntb)):>12} "
              f"{_x(_ratio(r.ours_warm, nq)):>11}")
    first = next(iter(rows[0].nltk.values()), None)
    if first:
        for name, n in rows[0].nltk.items():
            print(f"NLTK {name}: {int(n['tokens']):,} tokens, tokenise {n['tokenise']:.2f} s, "
                  f"build ConcordanceIndex {n['build']:.2f} s")
    print(f"NLTK: {nltk_note}")

    print("\nours in process: sort, group, export (hits, best seconds; each includes the kwic)")
    names = list(rows[0].ops)
    print(f"{'operation':17} " + " ".join(f"{r.label:>17}" for r in rows))
    for name in names:
        cells = [_t(r.ops.get(name)) for r in rows]
        print(f"{name:17} " + " ".join(f"{c:>17}" for c in cells))
    for by in rows[0].groups:
        print(f"groups by {by}: " + ", ".join(f"{r.label} {r.groups.get(by, 0)}" for r in rows))

    r = rows[0]
    if r.ours_process and r.grep_c and r.raw_process:
        ok_grep = r.ours_process.seconds <= r.grep_c.seconds
        ok_raw = r.ours_process.seconds <= r.raw_process.seconds
        verdict = "met" if ok_grep and ok_raw else "NOT met"
        print(f"\ntarget: `corpus kwic oil` (every hit, new process) no slower than C-locale "
              f"grep and raw Whoosh: {verdict} ({r.ours_process.seconds:.3f} s vs grep "
              f"{r.grep_c.seconds:.3f} s, raw Whoosh {r.raw_process.seconds:.3f} s)")


# --- the issue-12 ratios: kwic --format jsonl vs raw Whoosh JSON, --format tei vs jsonl ----------

# Raw Whoosh printing the same hits as JSON Lines, without speakers: every hit of the query with
# doc, offsets, 40 characters of context either side, date and title, from stored fields.
RAW_JSON_SCRIPT = """
import json, sys
from whoosh import index
from whoosh.qparser import QueryParser
ix = index.open_dir(sys.argv[1])
W = int(sys.argv[3])
n = 0
write = sys.stdout.write
dumps = json.dumps
with ix.searcher() as s:
    m = QueryParser("body", ix.schema).parse(sys.argv[2]).matcher(s)
    while m.is_active():
        st = s.stored_fields(m.id())
        text = st["body"]
        for sp in m.spans():
            a, b = sp.startchar, sp.endchar
            write(dumps({"doc": st["id"], "start": a, "end": b, "left": text[max(0, a - W):a],
                         "keyword": text[a:b], "right": text[b:b + W], "date": st["date"],
                         "title": st["title"]}, ensure_ascii=False) + "\\n")
            n += 1
        m.next()
print(n, file=sys.stderr)
"""


def mirror_index(index_dir: Path) -> Path:
    """A raw Whoosh index of exactly the texts of our index (ids, titles, dates, bodies as
    stored fields; the body analysed with our token pattern, positions and characters), so
    both sides find the same hits. Built once, next to our index."""
    from whoosh import fields, index
    from whoosh.analysis import LowercaseFilter, RegexTokenizer

    path = index_dir.parent / (index_dir.name + "-raw")
    if index.exists_in(str(path)):
        return path
    from corpus.index import TOKEN_PATTERN, open_index, read_info
    t0 = time.perf_counter()
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    schema = fields.Schema(
        id=fields.ID(stored=True, unique=True),
        title=fields.STORED(),
        date=fields.STORED(),
        body=fields.TEXT(analyzer=RegexTokenizer(TOKEN_PATTERN) | LowercaseFilter(),
                         phrase=True, chars=True, stored=True),
    )
    ix = index.create_in(str(path), schema)
    writer = ix.writer(limitmb=512)
    with open_index(index_dir).searcher() as s:
        r = s.reader()
        bodies, infos = r.column_reader("body"), r.column_reader("info")
        for n in r.all_doc_ids():
            info = read_info(infos[n])
            assert info is not None
            writer.add_document(id=info.doc, title=info.title, date=info.date,
                                body=bodies[n].decode("utf-8"))
    writer.commit()
    print(f"built the raw Whoosh mirror {path} in {time.perf_counter() - t0:.1f} s")
    return path


def ratios(index_dir: Path, runs: int, query: str = "oil") -> dict[str, float]:
    """Medians of alternating new-process runs: ours jsonl, raw Whoosh JSON, ours tei, and a
    query without hits for both (start-up, imports, opening, parsing); printed with ratios."""
    raw_dir = mirror_index(index_dir)
    py = venv_python()
    # Both sides run as from a user's shell: stdout block-buffered into the pipe. A sandbox's
    # PYTHONUNBUFFERED=1 would make every print of the raw script a system call of its own
    # (ours writes lines in batches either way) and favour us.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}

    def ours(q: str, fmt: str) -> Command:
        return Command([*corpus_cmd(), "kwic", q, "--index", str(index_dir), "--limit", "0",
                        "--format", fmt], env=env, capture=True)

    def raw(q: str) -> Command:
        return Command([py, "-c", RAW_JSON_SCRIPT, str(raw_dir), q, str(WIDTH)], env=env,
                       capture=True)

    jsonl, rawj, tei = ours(query, "jsonl"), raw(query), ours(query, "tei")
    zero, raw_zero = ours("zzzz", "jsonl"), raw("zzzz")
    common.log(f"kwic ratios: {runs} alternating rounds of 5 commands")
    interleaved([jsonl, rawj, tei, zero, raw_zero], runs)
    n_ours = jsonl.stdout.count("\n")
    n_raw = int(rawj.stderr.split()[-1])
    n_tei = tei.stdout.count("<cit ")
    out = {
        "ours_jsonl": jsonl.median,
        "raw_json": rawj.median,
        "ours_tei": tei.median,
        "ours_nohit": zero.median,
        "raw_nohit": raw_zero.median,
        "jsonl_vs_raw": jsonl.median / rawj.median,
        "tei_vs_jsonl": tei.median / jsonl.median,
        "nohit_vs_raw": zero.median / raw_zero.median,
        "cpu_ours_jsonl": jsonl.cpu_median,
        "cpu_raw_json": rawj.cpu_median,
        "cpu_ours_tei": tei.cpu_median,
        "cpu_ours_nohit": zero.cpu_median,
        "cpu_raw_nohit": raw_zero.cpu_median,
        "cpu_jsonl_vs_raw": jsonl.cpu_median / rawj.cpu_median,
        "cpu_tei_vs_jsonl": tei.cpu_median / jsonl.cpu_median,
        "cpu_nohit_vs_raw": zero.cpu_median / raw_zero.cpu_median,
    }
    print(f"\nkwic {query!r}, every hit, new process, median of {runs} alternating runs: "
          f"wall seconds, and user+system CPU seconds of the process (less moved by load)")
    for label, n, cmd in (("ours --format jsonl", n_ours, jsonl), ("raw Whoosh JSON", n_raw, rawj),
                          ("ours --format tei", n_tei, tei)):
        print(f"  {label:20}  {n:6d} hits  {cmd.median:.3f} s  cpu {cmd.cpu_median:.3f} s")
    print(f"  no hit (zzzz): ours {zero.median:.3f} s (cpu {zero.cpu_median:.3f}), "
          f"raw Whoosh {raw_zero.median:.3f} s (cpu {raw_zero.cpu_median:.3f})")
    print(f"  ratio jsonl / raw Whoosh: {out['jsonl_vs_raw']:.2f}x wall, "
          f"{out['cpu_jsonl_vs_raw']:.2f}x cpu (target <= 1.0x)")
    print(f"  ratio tei / jsonl:        {out['tei_vs_jsonl']:.2f}x wall, "
          f"{out['cpu_tei_vs_jsonl']:.2f}x cpu (target <= 3x)")
    print(f"  ratio no hit ours / raw:  {out['nohit_vs_raw']:.2f}x wall, "
          f"{out['cpu_nohit_vs_raw']:.2f}x cpu")
    if n_ours != n_raw or n_tei != n_ours:
        print(f"  note: hit counts differ (jsonl {n_ours}, raw {n_raw}, tei {n_tei})")
    return out


def shard_rows(single: Path, sharded: Path, runs: int, query: str = "oil") -> dict[str, float]:
    """kwic on one index and on a sharded index of the same TEI (``corpus index --shards N``):
    the first page (50 lines, table format, with the exact totals the table prints) and every
    hit as JSON Lines, new process, medians of alternating runs; the outputs are compared."""
    from corpus.index.shards import read_manifest

    n = read_manifest(sharded)["count"]

    def page(ix: Path) -> Command:
        return Command([*corpus_cmd(), "kwic", query, "--index", str(ix), "--limit", "50"],
                       capture=True)

    def every(ix: Path) -> Command:
        return Command([*corpus_cmd(), "kwic", query, "--index", str(ix), "--limit", "0",
                        "--format", "jsonl"], capture=True)

    p1, pn, e1, en = page(single), page(sharded), every(single), every(sharded)
    common.log(f"kwic 1 vs {n} shards: {runs} alternating rounds of 4 commands")
    interleaved([p1, pn, e1, en], runs)
    out = {"page_1": p1.median, f"page_{n}": pn.median, "every_1": e1.median,
           f"every_{n}": en.median}
    totals = p1.stdout.strip().splitlines()[-1] if p1.stdout.strip() else "?"
    print(f"\nkwic {query!r}, 1 index vs {n} shards ({sharded}), new process, median of {runs}")
    print(f"  first page of 50 + exact totals   1: {p1.median:.3f} s   {n}: {pn.median:.3f} s"
          f"   ({pn.median / p1.median:.2f}x)   [{totals}]")
    print(f"  every hit, jsonl ({e1.stdout.count(chr(10))} lines)"
          f"   1: {e1.median:.3f} s   {n}: {en.median:.3f} s   ({en.median / e1.median:.2f}x)")
    same = p1.stdout == pn.stdout and e1.stdout == en.stdout
    print(f"  outputs identical: {'yes' if same else 'NO'}")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--repeat", type=int, default=3, help="in-process runs, best kept")
    ap.add_argument("--runs", type=int, default=5, help="new-process runs, median kept")
    ap.add_argument("--quick", action="store_true",
                    help="no UTF-8 grep, no Treebank tokenizer (still the whole corpus)")
    ap.add_argument("--rebuild", action="store_true", help="rebuild the raw Whoosh index")
    ap.add_argument("--refresh-tei", action="store_true",
                    help="bring the annotated TEI cache up to date with the annotator first "
                         "(may re-annotate the corpus; by default a complete cache is used as is)")
    ap.add_argument("--data", type=Path, default=common.REUTERS)
    ap.add_argument("--ratios", action="store_true",
                    help="only the kwic ratios of issue 12 (jsonl vs raw Whoosh JSON, tei vs "
                         "jsonl, no-hit start-up), on --index, median of --runs rounds")
    ap.add_argument("--index", type=Path, default=None,
                    help="with --ratios: our index to use (default: the bench's own)")
    ap.add_argument("--shards-index", type=Path, default=None,
                    help="with --ratios: also kwic on --index vs this sharded index of the same "
                         "TEI (first page with exact totals, every hit)")
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    if args.ratios:
        index = args.index or annotated_index(args.refresh_tei)
        ratios(index, args.runs)
        if args.shards_index is not None:
            shard_rows(index, args.shards_index, args.runs)
        return 0
    rows = run(args.repeat, args.runs, args.quick, args.rebuild, args.refresh_tei, args.data)
    if rows is not None:
        print(f"\nbench_kwic: {time.perf_counter() - t0:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
