"""Speakers of the first N Reuters articles, read back from the TEI that `annotate` writes.

    .venv/bin/python bench/bench_speakers.py [--n 1500] [--out DIR] [--reuse] [--list 0]

Annotates the first N records of the shared Reuters corpus with this checkout's code (one
process) into ``bench/cache/speakers-N`` (``--reuse`` reads the TEI already there), then reads
every TEI file back and prints:

- the share of quotations whose speaker is *named* (the speaker's ``person``/``org`` carries
  ``@ana="#sp.named"``; in TEI written before the speaker-types taxonomy: the speaker has a
  ``persName``/``orgName`` mention in the text), the share *anonymous* (a description no name
  resolves), and quotations with no speaker;
- the head nouns of the anonymous descriptions, so a reader can check each is a person or an
  organisation noun;
- duplicates: two ``said`` (fragments joined through @next) of one document with the same
  content and the same speaker;
- the distinct speaker names with their number of quotations (``--list N`` shows the first N,
  0 for all), so a person can read the list.

Targets (issue 8): >= 82 % named, the rest anonymous descriptions of people or organisations,
0 duplicates.
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
import time
from collections import Counter
from pathlib import Path

try:
    import common
except ImportError:  # imported as bench.bench_speakers
    from bench import common

from lxml import etree

from corpus.annotate.quotes.descriptions import read_description

T = "{http://www.tei-c.org/ns/1.0}"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
TARGET_NAMED = 0.82


def annotate_into(out: Path, n: int) -> float:
    """Annotate the first n Reuters records into `out` (emptied first); seconds taken."""
    from corpus.annotate import annotate
    from corpus.tei import write_tei

    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    articles = common.sample_articles(n)
    t0 = time.perf_counter()
    for a in articles:
        (out / f"{a.doc_id}.xml").write_bytes(write_tei(annotate(a)))
    return time.perf_counter() - t0


def _text(el: etree._Element) -> str:
    return "".join(el.itertext())


def read_speakers(path: Path) -> dict:
    """Quotations of one TEI file: (content, speaker id) and the speaker entities."""
    root = etree.parse(str(path)).getroot()
    ents: dict[str, tuple[str, str, str]] = {}  # id -> (kind, name, ana)
    for tag, name_tag in (("person", "persName"), ("org", "orgName"), ("place", "placeName")):
        for el in root.iter(T + tag):
            ents[el.get(XML_ID, "")] = (tag, el.findtext(T + name_tag) or "", el.get("ana", ""))
    body = root.find(f"{T}text")
    named_refs = {
        ref.lstrip("#")
        for el in body.iter(T + "persName", T + "orgName", T + "placeName")
        for ref in (el.get("ref") or "").split()
    }
    rs_text: dict[str, str] = {}
    for el in body.iter(T + "rs"):
        for ref in (el.get("ref") or "").split():
            rs_text.setdefault(ref.lstrip("#"), _text(el))
    saids = {s.get(XML_ID): s for s in body.iter(T + "said") if s.get(XML_ID)}
    quotes = []
    for s in body.iter(T + "said"):
        if s.get("prev"):
            continue  # a later fragment: joined to its first one below
        parts, cur, seen = [_text(s)], s, set()
        while cur.get("next") and cur.get("next") not in seen:
            seen.add(cur.get("next"))
            cur = saids.get(cur.get("next").lstrip("#"))
            if cur is None:
                break
            parts.append(_text(cur))
        who = (s.get("who") or "").lstrip("#")
        quotes.append((" ".join(" ".join(parts).split()), who))
    return {"ents": ents, "named_refs": named_refs, "rs": rs_text, "quotes": quotes}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=1500)
    ap.add_argument("--out", type=Path, default=None)
    ap.add_argument("--reuse", action="store_true", help="read the TEI already in --out")
    ap.add_argument("--list", type=int, default=0, help="speaker names shown (0: all)")
    args = ap.parse_args(argv)
    if not common.have_reuters():
        return 0
    out = args.out or common.CACHE / f"speakers-{args.n}"
    if not args.reuse or not out.exists():
        secs = annotate_into(out, args.n)
        print(f"annotated {args.n} Reuters articles into {out} in {secs:.0f} s")
    files = sorted(out.glob("*.xml"))
    total = named = anonymous = none = 0
    names: Counter[str] = Counter()
    heads: Counter[str] = Counter()
    dups: list[tuple[str, str, str]] = []
    for f in files:
        info = read_speakers(f)
        seen: set[tuple[str, str]] = set()
        for content, who in info["quotes"]:
            total += 1
            key = (content.casefold(), who)
            if key in seen:
                dups.append((f.stem, who, content))
            seen.add(key)
            if not who or who not in info["ents"]:
                none += 1
                continue
            _kind, name, ana = info["ents"][who]
            is_named = "#sp.named" in ana.split() if ana else who in info["named_refs"]
            if is_named:
                named += 1
                names[name] += 1
            else:
                anonymous += 1
                desc = info["rs"].get(who, name)
                # The head as speaker resolution reads it ("Diplomatic sources in Bonn": sources).
                reading = read_description(desc)
                words = re.findall(r"[A-Za-z][\w'-]*", desc)
                heads[reading.head if reading else words[-1].lower() if words else "?"] += 1
                names[f"({name})"] += 1

    def pct(x: int) -> str:
        return f"{100 * x / total:.1f} %" if total else "-"

    print(f"documents: {len(files)}, quotations: {total}")
    print(f"named speaker: {named} ({pct(named)}; target >= {TARGET_NAMED:.0%})")
    print(f"anonymous description: {anonymous} ({pct(anonymous)})")
    print(f"no speaker: {none} ({pct(none)})")
    print(f"duplicates (same content and speaker in one document): {len(dups)}")
    for doc, who, content in dups[:20]:
        print(f"  {doc}  #{who}  {content[:80]!r}")
    print("heads of anonymous descriptions:")
    print("  " + ", ".join(f"{h} {c}" for h, c in heads.most_common()))
    shown = names.most_common(args.list or None)
    print(f"distinct speakers: {len(names)} (anonymous in parentheses)")
    for name, c in shown:
        print(f"  {c:5d}  {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
