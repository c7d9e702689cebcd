"""Corpus-level speaker identity in the index, --speaker-type, and `corpus speakers`.

Small literal corpora: each document quotes its speakers with a plain 'X said: "..."' line.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import corpus
from corpus.cli import cli
from corpus.concordance import group, kwic
from corpus.errors import QueryError
from corpus.index import build_index, index_tei_dir, open_index
from corpus.index.terms import SpeakerMap, speaker_key, speaker_map, speaker_terms
from corpus.model import Article, Block, Document, Entity, Mention, Quotation, Span
from corpus.query import Filters, count, search
from corpus.speaker_list import SPEAKER_FIELDS, speakers
from corpus.stats import keyness
from corpus.tei import read_tei, write_tei


def _doc(doc_id: str, date: str, lines: list[tuple[Entity, str]]) -> Document:
    """One paragraph per line: '<mention> said: "<content>"', the content quoted directly."""
    text_parts: list[str] = []
    blocks, mentions, quotes, sents = [], [], [], []
    pos = 0
    for ent, content in lines:
        mention = ent.name if not ent.anonymous else ent.name.lower()
        line = f'{mention} said: "{content}"'
        blocks.append(Block("p", pos, pos + len(line)))
        sents.append(Span(pos, pos + len(line)))
        mentions.append(Mention(pos, pos + len(mention), ent.kind, ent.id, name=not ent.anonymous))
        cue = pos + len(mention) + 1
        start = pos + line.index('"') + 1
        quotes.append(
            Quotation(
                start,
                start + len(content),
                "direct",
                ent.id,
                cue=Span(cue, cue + 4),
                mention=Span(pos, pos + len(mention)),
            )
        )
        text_parts.append(line)
        pos += len(line) + 1
    text = "\n".join(text_parts)
    ents = tuple(dict.fromkeys(e for e, _ in lines))
    art = Article(doc_id, text, tuple(blocks), title=doc_id, date=date, agency="Wire")
    return Document(art, tuple(sents), ents, tuple(mentions), tuple(quotes))


USHAKOV_SHORT = Entity("ushakov", "person", "Ushakov", "Kremlin aide")
USHAKOV = Entity("yury-ushakov", "person", "Yury Ushakov", "Kremlin aide")
JOHN = Entity("john-smith", "person", "John Smith", "senator")
JANE = Entity("jane-smith", "person", "Jane Smith")
SMITH = Entity("smith", "person", "Smith")
ERDOGAN = Entity("recep-tayyip-erdogan", "person", "Recep Tayyip Erdoğan")
ERDOGAN_PLAIN = Entity("recep-tayyip-erdogan", "person", "Recep Tayyip Erdogan")
ANALYSTS = Entity("analysts", "person", "Analysts", anonymous=True)
OIL_ANALYSTS = Entity("oil-analysts", "person", "Oil analysts", anonymous=True)
OPEC = Entity("opec", "org", "OPEC")


def corpus_documents() -> list[Document]:
    return [
        _doc("short", "2022-02-10", [(USHAKOV_SHORT, "Talks on security went well")]),
        _doc(
            "full",
            "2022-02-12",
            [(USHAKOV, "Security guarantees matter"), (ANALYSTS, "Security risks remain")],
        ),
        _doc("john", "2021-05-01", [(JOHN, "Security of the border comes first")]),
        _doc("jane", "2021-06-01", [(JANE, "Budget security is my priority")]),
        _doc("smith", "2021-07-01", [(SMITH, "Security costs money")]),
        _doc("erdogan-1", "2020-01-01", [(ERDOGAN, "Security in the region is vital")]),
        _doc("erdogan-2", "2020-03-01", [(ERDOGAN, "Security cooperation will grow")]),
        _doc("erdogan-3", "2020-02-01", [(ERDOGAN_PLAIN, "Security is shared")]),
        _doc("opec", "2019-01-01", [(OPEC, "Oil security is stable"), (ANALYSTS, "Security?")]),
        _doc("oil", "2018-01-01", [(OIL_ANALYSTS, "Prices rise")]),
    ]


@pytest.fixture(scope="module")
def spk_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("speakers") / "ix"
    build_index(corpus_documents(), path)
    return path


# --- keys --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Recep Tayyip Erdoğan", "recep tayyip erdogan"),
        ("RECEP-TAYYIP ERDOGAN", "recep tayyip erdogan"),
        ("J.P. O'Neill, Jr.", "jp oneill jr"),
        ("Lech Wałęsa", "lech walesa"),
        ("Søren  Kierkegaard", "soren kierkegaard"),
        ("", ""),
    ],
)
def test_speaker_key_folds_case_diacritics_and_punctuation(name: str, key: str) -> None:
    assert speaker_key(name) == key


def test_speaker_map_joins_a_lone_surname_only_to_a_unique_full_name() -> None:
    speakers_ = [
        ("person", "ushakov"),
        ("person", "yury ushakov"),
        ("person", "smith"),
        ("person", "john smith"),
        ("person", "jane smith"),
        ("org", "putin"),
        ("person", "vladimir putin"),
        ("person", "vladimir v putin"),
        ("anonymous", "dealers"),
        ("anonymous", "frn dealers"),
        ("anonymous", "analysts"),
        ("person", "oil analysts"),
    ]
    smap = SpeakerMap.from_terms(t for kind, key in speakers_ for t in speaker_terms(kind, key))
    assert smap.canonical("dealers", "anonymous") == "dealers"  # descriptions are never joined
    assert smap.canonical("dealers") == "dealers"  # ... nor joined to
    assert smap.canonical("analysts", "anonymous") == "analysts"
    assert smap.canonical("ushakov") == "yury ushakov"
    assert smap.members("yury ushakov") == {"ushakov", "yury ushakov"}
    assert smap.canonical("smith") == "smith"  # two full names end in Smith
    assert smap.canonical("john smith") == "john smith"
    assert smap.canonical("jane smith") == "jane smith"
    assert smap.canonical("vladimir v putin") == "vladimir v putin"  # full names never merge
    assert smap.canonical("putin", "org") == "putin"  # only people go by surname
    assert smap.canonical("yury", "person") == "yury"  # a first name is no surname


# --- TEI round trip ---------------------------------------------------------------------------


def test_read_tei_gives_back_anonymous_speakers(tmp_path: Path) -> None:
    doc = corpus_documents()[1]
    back = read_tei(write_tei(doc))
    anonymous = {e.id: e.anonymous for e in back.entities}
    assert anonymous == {"yury-ushakov": False, "analysts": True}


def test_index_from_tei_keeps_speaker_types(tmp_path: Path) -> None:
    tei = tmp_path / "tei"
    tei.mkdir()
    for doc in corpus_documents()[:2]:
        (tei / f"{doc.article.doc_id}.xml").write_bytes(write_tei(doc))
    index_tei_dir(tei, tmp_path / "ix")
    rows = speakers(tmp_path / "ix")
    assert {(s.name, s.type, s.quotations, s.documents) for s in rows} == {
        ("Yury Ushakov", "named", 2, 2),
        ("Analysts", "anonymous", 1, 1),
    }


# --- the index --------------------------------------------------------------------------------


def test_index_keeps_speaker_key_and_type_per_quotation(spk_index: Path) -> None:
    lines = list(kwic("security", spk_index, filters=Filters(in_="quote")))
    by_doc = {(ln.doc, ln.quote.speaker_name): ln.quote for ln in lines if ln.quote}
    q = by_doc[("erdogan-1", "Recep Tayyip Erdoğan")]
    assert (q.speaker_key, q.speaker_type, q.speaker_kind) == (
        "recep tayyip erdogan",
        "named",
        "person",
    )
    q = by_doc[("full", "Analysts")]
    assert (q.speaker_key, q.speaker_type) == ("analysts", "anonymous")
    with open_index(spk_index).searcher() as s:
        smap = speaker_map(s)
        assert smap.canonical("ushakov") == "yury ushakov"
        assert smap.members("yury ushakov") == {"yury ushakov", "ushakov"}
        assert smap.canonical("smith") == "smith"
        assert smap.canonical("analysts", "anonymous") == "analysts"


def test_group_by_speaker_joins_surname_and_full_name_across_documents(spk_index: Path) -> None:
    groups = {g.key: (g.count, g.docs) for g in group(kwic("security", spk_index), index=spk_index)}
    assert groups["Yury Ushakov"] == (2, 2)  # "Ushakov" of one article, the full name of another
    assert "Ushakov" not in groups
    assert groups["John Smith"] == (1, 1)
    assert groups["Jane Smith"] == (1, 1)
    assert groups["Smith"] == (1, 1)  # ambiguous: stays apart
    assert groups["Recep Tayyip Erdoğan"] == (3, 3)  # the most frequent form labels the group
    assert groups["Analysts"] == (2, 2)
    assert groups["OPEC"] == (1, 1)
    assert sum(c for c, _ in groups.values()) == count("security", spk_index)[0]


def test_group_by_speaker_without_index_keeps_document_keys(spk_index: Path) -> None:
    groups = {g.key: g.count for g in group(kwic("security", spk_index))}
    assert groups["Yury Ushakov"] == 1 and groups["Ushakov"] == 1
    assert groups["Recep Tayyip Erdoğan"] == 3  # folding needs no index


@pytest.mark.parametrize(
    ("speaker", "docs"),
    [
        ("Yury Ushakov", {"short", "full"}),  # the surname-only article too
        ("yury-ushakov", {"short", "full"}),
        ("ushakov", {"short", "full"}),
        ("smith", {"john", "jane", "smith"}),  # a surname finds every full name, as before
        ("John Smith", {"john"}),  # never the ambiguous "Smith" of another article
        ("erdogan", {"erdogan-1", "erdogan-2", "erdogan-3"}),  # diacritics folded
        ("RECEP TAYYIP ERDOĞAN", {"erdogan-1", "erdogan-2", "erdogan-3"}),
        ("analysts", {"full", "opec"}),
    ],
)
def test_speaker_filter_follows_corpus_identity(
    spk_index: Path, speaker: str, docs: set[str]
) -> None:
    lines = list(kwic("security", spk_index, filters=Filters(speaker=speaker)))
    assert {ln.doc for ln in lines} == docs
    assert count("security", spk_index, Filters(speaker=speaker)) == (len(lines), len(docs))
    found = search("security", spk_index, Filters(speaker=speaker), limit=None)
    assert {d.doc for d in found.docs} == docs


def test_speaker_type_filter(spk_index: Path) -> None:
    anon = list(kwic("security", spk_index, filters=Filters(speaker_type="anonymous")))
    assert {(ln.doc, ln.quote.speaker_name) for ln in anon if ln.quote} == {
        ("full", "Analysts"),
        ("opec", "Analysts"),
    }
    assert len(anon) == 2
    named = list(kwic("security", spk_index, filters=Filters(speaker_type="named")))
    assert all(ln.quote is not None and ln.quote.speaker_type == "named" for ln in named)
    assert len(named) + len(anon) == count("security", spk_index)[0]
    both = Filters(speaker_type="anonymous", speaker="analysts", date_to="2020")
    assert {ln.doc for ln in kwic("security", spk_index, filters=both)} == {"opec"}
    with pytest.raises(QueryError, match="cannot combine") as info:
        count("security", spk_index, Filters(speaker_type="named", in_="narration"))
    assert info.value.param == "in_"


def test_keyness_of_a_full_name_counts_the_surname_only_article(spk_index: Path) -> None:
    result = keyness(spk_index, Filters(speaker="Yury Ushakov"), min_freq=1, limit=None)
    words = {r.word for r in result.rows}
    assert {"talks", "guarantees"} <= words  # from "short" (Ushakov) and "full" (Yury Ushakov)


# --- the speaker list -------------------------------------------------------------------------


def test_speakers_lists_corpus_level_speakers(spk_index: Path) -> None:
    rows = {s.key: s for s in speakers(spk_index)}
    assert set(rows) == {
        "yury ushakov",
        "analysts",
        "john smith",
        "jane smith",
        "smith",
        "recep tayyip erdogan",
        "opec",
        "oil analysts",  # a description: "analysts" is not its surname
    }
    u = rows["yury ushakov"]
    assert (u.name, u.type, u.kind, u.roles, u.quotations, u.documents, u.first, u.last) == (
        "Yury Ushakov",
        "named",
        "person",
        ("Kremlin aide",),
        2,
        2,
        "2022-02-10",
        "2022-02-12",
    )
    e = rows["recep tayyip erdogan"]
    assert (e.name, e.quotations, e.first, e.last) == (
        "Recep Tayyip Erdoğan",
        3,
        "2020-01-01",
        "2020-03-01",
    )
    a = rows["analysts"]
    assert (a.type, a.quotations, a.documents) == ("anonymous", 2, 2)
    assert rows["opec"].kind == "org"


def test_speakers_sorts_filters_and_limits(spk_index: Path) -> None:
    first = speakers(spk_index)
    assert [s.key for s in first[:3]] == ["recep tayyip erdogan", "analysts", "yury ushakov"]
    assert [s.name for s in speakers(spk_index, sort="name")][:3] == [
        "Analysts",
        "Jane Smith",
        "John Smith",
    ]
    by_first = speakers(spk_index, sort="first")  # analysts and OPEC both in 2019: by name
    assert [s.key for s in by_first[:3]] == ["oil analysts", "analysts", "opec"]
    by_last = speakers(spk_index, sort="last")  # both last quoted on 2022-02-12
    assert [s.key for s in by_last[:3]] == ["analysts", "yury ushakov", "smith"]
    assert speakers(spk_index, sort="docs")[0].documents == 3
    assert len(speakers(spk_index, limit=2)) == 2
    anon = speakers(spk_index, filters=Filters(speaker_type="anonymous"))
    assert [s.key for s in anon] == ["analysts", "oil analysts"]
    in_2022 = speakers(spk_index, filters=Filters(date_from="2022"))
    assert {s.key for s in in_2022} == {"yury ushakov", "analysts"}
    assert [s.key for s in speakers(spk_index, filters=Filters(speaker="ushakov"))] == [
        "yury ushakov"
    ]
    assert corpus.speakers(spk_index, limit=1) == first[:1]  # exported by the package


@pytest.mark.parametrize(
    ("kwargs", "param"),
    [
        ({"sort": "size"}, "sort"),
        ({"limit": -1}, "limit"),
        ({"filters": Filters(in_="narration")}, "in_"),
    ],
)
def test_speakers_errors_name_the_parameter(spk_index: Path, kwargs: dict, param: str) -> None:
    with pytest.raises(QueryError) as info:
        speakers(spk_index, **kwargs)
    assert info.value.param == param
    assert "--" not in str(info.value)


# --- CLI --------------------------------------------------------------------------------------


def _run(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def test_cli_speakers_every_format(spk_index: Path) -> None:
    ix = str(spk_index)
    table = _run("speakers", "--index", ix)
    assert "Yury Ushakov" in table and "Kremlin aide" in table and "anonymous" in table
    assert table.splitlines()[0].split()[:3] == ["name", "key", "type"]
    tsv = _run("speakers", "--index", ix, "--format", "tsv").splitlines()
    assert tsv[0].split("\t") == list(SPEAKER_FIELDS)
    assert tsv[1].split("\t")[:2] == ["Recep Tayyip Erdoğan", "recep tayyip erdogan"]
    rows = list(csv.DictReader(io.StringIO(_run("speakers", "--index", ix, "--format", "csv"))))
    assert {r["key"]: int(r["quotations"]) for r in rows}["yury ushakov"] == 2
    jl = [json.loads(x) for x in _run("speakers", "--index", ix, "--format", "jsonl").splitlines()]
    assert jl[2]["roles"] == ["Kremlin aide"] and jl[2]["first"] == "2022-02-10"
    js = json.loads(_run("speakers", "--index", ix, "--format", "json", "--sort", "name"))
    assert [r["name"] for r in js][:2] == ["Analysts", "Jane Smith"]
    assert len(js) == 8
    limited = json.loads(_run("speakers", "--index", ix, "--format", "json", "--limit", "1"))
    assert len(limited) == 1


def test_cli_speakers_filters(spk_index: Path) -> None:
    out = _run(
        "speakers", "--index", str(spk_index), "--speaker-type", "anonymous", "--format", "jsonl"
    )
    assert [json.loads(x)["key"] for x in out.splitlines()] == ["analysts", "oil analysts"]
    out = _run(
        "speakers", "--index", str(spk_index), "--speaker", "Yury Ushakov", "--format", "tsv"
    )
    assert out.splitlines()[1].split("\t")[5:7] == ["2", "2"]


def test_cli_speakers_errors_and_help(spk_index: Path) -> None:
    result = CliRunner().invoke(cli, ["speakers", "--index", str(spk_index), "--in", "narration"])
    assert result.exit_code == QueryError.exit_code
    assert "in_='narration' keeps no quotations" in result.output
    assert "(option --in)" in result.output
    result = CliRunner().invoke(cli, ["speakers", "--index", str(spk_index / "nope")])
    assert result.exit_code == 4
    help_text = _run("speakers", "--help")
    assert "--speaker-type" in help_text and "--sort" in help_text


def test_cli_speaker_type_on_query_commands(spk_index: Path) -> None:
    ix = str(spk_index)
    out = _run(
        "kwic", "security", "--index", ix, "--speaker-type", "anonymous", "--format", "jsonl"
    )
    assert {json.loads(x)["speaker"] for x in out.splitlines()} == {"analysts"}
    out = _run(
        "search", "security", "--index", ix, "--speaker-type", "anonymous", "--format", "jsonl"
    )
    assert {json.loads(x)["doc"] for x in out.splitlines()} == {"full", "opec"}
    out = _run("freq", "--index", ix, "--speaker-type", "anonymous", "--format", "json")
    words = {r["word"] for r in json.loads(out)["rows"]}
    assert words == {"security", "risks", "remain", "prices", "rise"}
    for command in ("kwic", "search", "export", "freq", "collocates", "ngrams", "dispersion"):
        assert "--speaker-type" in _run(command, "--help"), command


def test_cli_group_by_speaker_uses_corpus_identity(spk_index: Path) -> None:
    out = _run(
        "kwic", "security", "--index", str(spk_index), "--group-by", "speaker", "--format", "json"
    )
    groups = {g["speaker"]: g["hits"] for g in json.loads(out)}
    assert groups["Yury Ushakov"] == 2 and "Ushakov" not in groups


def test_cli_keyness_speaker_full_name(spk_index: Path) -> None:
    out = _run(
        "keyness",
        "--index",
        str(spk_index),
        "--speaker",
        "Yury Ushakov",
        "--min-freq",
        "1",
        "--format",
        "json",
    )
    words = {r["word"] for r in json.loads(out)["rows"]}
    assert {"talks", "guarantees"} <= words


def test_an_index_of_the_previous_schema_asks_for_a_rebuild(tmp_path: Path) -> None:
    """Schema 4 added the speaker key and type: a schema-3 index must be rebuilt, not misread."""
    from corpus.errors import IndexMissing
    from corpus.index import META_FILE, SCHEMA_VERSION

    path = tmp_path / "old"
    build_index(corpus_documents()[:1], path)
    meta = json.loads((path / META_FILE).read_text(encoding="utf-8"))
    assert meta["schema_version"] == SCHEMA_VERSION == 4
    meta["schema_version"] = 3
    (path / META_FILE).write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(IndexMissing, match="rebuild it with `corpus index TEI_DIR"):
        speakers(path)


def test_cli_export_speaker_type(spk_index: Path) -> None:
    out = _run(
        "export", "security", "--index", str(spk_index), "--speaker-type", "anonymous", "-o", "-"
    )
    assert out.count("<TEI ") == 2
    assert 'xml:id="full"' in out and 'xml:id="opec"' in out


# --- organisations: an acronym and its name across documents ---------------------------------


def test_speaker_map_joins_an_acronym_to_the_one_name_of_its_initials() -> None:
    speakers_ = [
        ("org", "oecd"),
        ("org", "organisation for economic cooperation and development"),
        ("org", "ec"),
        ("org", "european community"),
        ("org", "exchange commission"),  # initials ec too
        ("person", "ab"),
        ("org", "alpha bank"),
    ]
    smap = SpeakerMap.from_terms(t for kind, key in speakers_ for t in speaker_terms(kind, key))
    full = "organisation for economic cooperation and development"
    assert smap.canonical("oecd", "org") == full
    assert smap.members(full) >= {"oecd", full}
    assert smap.members("oecd") >= {"oecd", full}
    assert smap.canonical("ec", "org") == "ec"  # two names have the initials ec
    assert smap.canonical("ab") == "ab"  # a person's key is no acronym
    assert smap.canonical("european community", "org") == "european community"


OPEC_FULL = Entity(
    "organization-of-the-petroleum-exporting-countries",
    "org",
    "Organization of the Petroleum Exporting Countries",
)


@pytest.fixture(scope="module")
def org_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("orgs") / "ix"
    docs = [
        _doc("opec", "2019-01-01", [(OPEC, "Oil security is stable")]),
        _doc("opec-full", "2019-02-01", [(OPEC_FULL, "Security of supply is assured")]),
        _doc("analysts", "2019-03-01", [(ANALYSTS, "Security is a worry")]),
    ]
    build_index(docs, path)
    return path


def test_an_acronym_and_its_name_are_one_speaker_across_documents(org_index: Path) -> None:
    groups = {g.key: (g.count, g.docs) for g in group(kwic("security", org_index), index=org_index)}
    assert sorted(groups.values()) == [(1, 1), (2, 2)]
    assert groups["Analysts"] == (1, 1)
    for speaker in ("OPEC", "Organization of the Petroleum Exporting Countries", "opec"):
        found = {ln.doc for ln in kwic("security", org_index, filters=Filters(speaker=speaker))}
        assert found == {"opec", "opec-full"}, speaker
        assert count("security", org_index, Filters(speaker=speaker)) == (2, 2)
    listed = {s.name: (s.quotations, s.documents) for s in speakers(org_index)}
    assert listed["Organization of the Petroleum Exporting Countries"] == (2, 2)
    assert "OPEC" not in listed
