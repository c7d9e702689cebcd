"""Make samples/gum/*.json from GUM's Wikinews news documents (CC BY 2.5 texts).

Each article becomes one JSON record {title, date, url, content: [paragraphs], licence,
attribution}; paragraphs come from GUM's `# newpar` marks and sentence texts from `# text =`.
Run: python tools/gum_samples.py ../shared/data/gum samples/gum
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def convert(conllu: Path) -> dict:
    meta: dict[str, str] = {}
    paras: list[list[str]] = []
    for line in conllu.read_text(encoding="utf-8").splitlines():
        if line.startswith("# meta::"):
            key, _, value = line[8:].partition(" = ")
            meta[key] = value
        elif line.startswith("# newpar"):
            paras.append([])
        elif line.startswith("# text = "):
            if not paras:
                paras.append([])
            paras[-1].append(line[9:])
    texts = [" ".join(p) for p in paras if p]
    title = meta.get("title") or texts[0]
    body = texts[1:] if texts and texts[0] == title else texts
    return {
        "title": title,
        "date": meta.get("dateCreated", ""),
        "url": meta.get("sourceURL", ""),
        "agency": "Wikinews",
        "content": body,
        "licence": "CC BY 2.5 (text, Wikinews); GUM annotations CC BY 4.0",
        "attribution": "Wikinews, via the GUM corpus (Zeldes 2017), https://gucorpling.org/gum",
    }


def main(src: str, dest: str) -> None:
    out = Path(dest)
    out.mkdir(parents=True, exist_ok=True)
    for f in sorted(Path(src, "dep").glob("GUM_news_*.conllu")):
        rec = convert(f)
        (out / f"{f.stem.lower().replace('_', '-')}.json").write_text(
            json.dumps(rec, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
