"""Shared fixtures: small Documents built by hand, and a tiny index in tmp_path."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from corpus.model import Article, Block, Document, Entity, Mention, Quotation, Span


def _find(text: str, needle: str, start: int = 0) -> Span:
    i = text.index(needle, start)
    return Span(i, i + len(needle))


def _blocks(text: str, kinds: list[str]) -> tuple[Block, ...]:
    blocks, pos = [], 0
    for kind, line in zip(kinds, text.split("\n"), strict=True):
        blocks.append(Block(kind, pos, pos + len(line)))  # type: ignore[arg-type]
        pos += len(line) + 1
    return tuple(blocks)


def _sentences(text: str) -> tuple[Span, ...]:
    """Naive sentences: split after . ! ? followed by a space or newline (good enough here)."""
    spans, start = [], 0
    i = 0
    while i < len(text):
        c = text[i]
        if c == "\n" or (c in ".!?" and (i + 1 == len(text) or text[i + 1] in " \n")):
            end = i + (0 if c == "\n" else 1)
            if text[start:end].strip():
                spans.append(Span(start, end))
            start = i + 1
            while start < len(text) and text[start] == " ":
                start += 1
            i = start
            continue
        i += 1
    if text[start:].strip():
        spans.append(Span(start, len(text)))
    return tuple(spans)


TASS_TEXT = (
    "Moscow to react soon to West’s response on security proposals, says Kremlin aide\n"
    "MOSCOW, February 12. /TASS/. Moscow will consider the views that US President Joe Biden "
    "expressed in a phone call with Russian leader Vladimir Putin, Kremlin Aide Yury Ushakov "
    "told reporters on Saturday.\n"
    '"The two presidents agreed that Moscow will carefully study the views on security '
    'guarantees," he pointed out.\n'
    "Putin said during the phone call that Russia had almost completed consultations on "
    "security and NATO, Ushakov said. Security was the main topic.\n"
    '"We will soon inform our partners of our reaction," he added. NATO said nothing.'
)


def tass_document() -> Document:
    """A short TASS-like article: a direct quote by Ushakov, an indirect one by Putin."""
    t = TASS_TEXT
    q1 = _find(
        t,
        "The two presidents agreed that Moscow will carefully study the views on "
        "security guarantees,",
    )
    q2 = _find(t, "that Russia had almost completed consultations on security and NATO")
    q3 = _find(t, "We will soon inform our partners of our reaction,")
    ents = (
        Entity("yury-ushakov", "person", "Yury Ushakov", "Kremlin Aide"),
        Entity("vladimir-putin", "person", "Vladimir Putin", "Russian leader"),
        Entity("joe-biden", "person", "Joe Biden", "US President"),
        Entity("moscow", "place", "Moscow"),
        Entity("nato", "org", "NATO"),
        Entity("tass", "org", "TASS"),
    )
    mentions = []
    for surface, kind, ref in (
        ("Moscow", "place", "moscow"),
        ("MOSCOW", "place", "moscow"),
        ("Joe Biden", "person", "joe-biden"),
        ("Vladimir Putin", "person", "vladimir-putin"),
        ("Yury Ushakov", "person", "yury-ushakov"),
        ("NATO", "org", "nato"),
        ("TASS", "org", "tass"),
    ):
        s = _find(t, surface)
        mentions.append(Mention(s.start, s.end, kind, ref))  # type: ignore[arg-type]
    d = _find(t, "February 12")
    mentions.append(Mention(d.start, d.end, "date", "", when="2022-02-12"))
    he = _find(t, "he pointed")
    quotes = (
        Quotation(
            q1.start,
            q1.end,
            "direct",
            "yury-ushakov",
            cue=_find(t, "pointed out"),
            mention=Span(he.start, he.start + 2),
        ),
        Quotation(
            q2.start,
            q2.end,
            "indirect",
            "vladimir-putin",
            cue=_find(t, "said during"),
            mention=_find(t, "Putin said"),
            reported_by="yury-ushakov",
        ),
        Quotation(q3.start, q3.end, "direct", "yury-ushakov", cue=_find(t, "added")),
    )
    art = Article(
        doc_id="tass-2022-02-12-moscow-to-react-soon",
        text=t,
        blocks=_blocks(t, ["head", "p", "p", "p", "p"]),
        title=t.split("\n")[0],
        place="Moscow",
        date="2022-02-12",
        agency="TASS",
        source="tass-2022-02-12-ushakov.txt",
    )
    return Document(art, _sentences(t), ents, tuple(mentions), quotes)


def plain_document(
    doc_id: str, text: str, *, date: str = "", title: str = "", agency: str = "", place: str = ""
) -> Document:
    """A Document with sentences but no entities or quotations."""
    art = Article(
        doc_id=doc_id,
        text=text,
        blocks=_blocks(text, ["p"] * (text.count("\n") + 1)),
        title=title or text.split("\n")[0][:60],
        date=date,
        agency=agency,
        place=place,
    )
    return Document(art, _sentences(text))


def other_documents() -> list[Document]:
    reuters = plain_document(
        "reuters-1",
        "OIL PRICES RISE\nOil prices rose on Monday, traders said. The oil market says "
        "security of supply matters. Saying so, Volcker said interest rates would stay.",
        date="1987-02-26",
        agency="Reuters",
        place="New York",
    )
    partial = plain_document(
        "partial-date",
        "Security guarantees were discussed.\nGuarantees of security matter, says nobody.",
        date="2022-02",
        agency="TASS",
    )
    # a document with a nested quotation and an unknown speaker
    t = 'Biden said that "our two powers are still rivals, but security matters" today.'
    outer = _find(t, 'that "our two powers are still rivals, but security matters"')
    inner = _find(t, "our two powers are still rivals, but security matters")
    nested = Document(
        Article("nested", t, _blocks(t, ["p"]), title="Nested", date="2021-12-07"),
        _sentences(t),
        (Entity("joe-biden", "person", "Joe Biden"),),
        (),
        (
            Quotation(outer.start, outer.end, "mixed", "joe-biden", cue=_find(t, "said")),
            Quotation(inner.start, inner.end, "direct", ""),
        ),
    )
    return [reuters, partial, nested]


def all_documents() -> list[Document]:
    return [tass_document(), *other_documents()]


@pytest.fixture(scope="session", autouse=True)
def _cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Memoised data (inflections) goes to a folder of the test session, not ~/.cache."""
    folder = tmp_path_factory.mktemp("cache")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CORPUS_CACHE", str(folder))
        yield folder


@pytest.fixture
def indexes_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "indexes"
    folder.mkdir()
    monkeypatch.setenv("CORPUS_INDEXES", str(folder))
    return folder


@pytest.fixture
def index_path(indexes_dir: Path) -> Path:
    """A tiny index named 'test' (under the patched INDEXES_DIR) holding all_documents()."""
    from corpus.index import build_index

    build_index(all_documents(), "test")
    return indexes_dir / "test"


@pytest.fixture(scope="session")
def shared_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same tiny index, built once per session, for read-only tests (used by path)."""
    from corpus.index import build_index

    path = tmp_path_factory.mktemp("shared") / "ix"
    build_index(all_documents(), path)
    return path
