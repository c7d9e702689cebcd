"""Schemas (corpus.rng, corpus.sch), corpus.validate and corpus.xmlsafe.

Fixtures are hand-written in tests/data/tei: full.xml (every element and attribute of the article
shape), corpus.xml (teiCorpus), kwic.xml (KWIC export), minimal.xml, and invalid ones. Tests that
need TEI P5 tei_all.rng from ../shared are skipped when it is absent.
"""

from __future__ import annotations

import errno
import os
import socket
import stat
import threading
from pathlib import Path

import pytest
from lxml import etree

from corpus import settings
from corpus.errors import InvalidTEI
from corpus.validate import Problem, tei_all_path, validate, validate_many
from corpus.xmlsafe import MalformedXML, parse_xml

DATA = Path(__file__).parent / "data" / "tei"
RNG_NS = "http://relaxng.org/ns/structure/1.0"
TEI = f"{{{settings.TEI_NS}}}"
XML_ID = f"{{{settings.XML_NS}}}id"

VALID = ["full.xml", "corpus.xml", "kwic.xml", "minimal.xml"]

skip_without_tei_all = pytest.mark.skipif(
    tei_all_path() is None, reason="../shared/data/tei/tei_all.rng is absent"
)


def messages(problems: list[Problem], schema: str | None = None) -> list[str]:
    return [p.message for p in problems if schema is None or p.schema == schema]


def mutate(name: str, old: str, new: str) -> bytes:
    """A fixture with one change (the change must apply exactly where meant)."""
    text = (DATA / name).read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {name}"
    return text.replace(old, new).encode("utf-8")


# ------------------------------------------------------------------ valid fixtures


@pytest.mark.parametrize("name", VALID)
def test_valid_fixture_passes_project_schemas(name: str) -> None:
    assert validate(DATA / name, tei_all=False) == []


@pytest.mark.shared
@skip_without_tei_all
@pytest.mark.parametrize("name", VALID)
def test_valid_fixture_passes_tei_all(name: str) -> None:
    assert validate(DATA / name, tei_all=True) == []


def test_whole_grammar_accepts_every_shape() -> None:
    """corpus.rng as written (start = any of the three shapes) works for outside tools too."""
    rng = etree.RelaxNG(parse_xml(settings.SCHEMAS_DIR / "corpus.rng"))
    for name in VALID:
        assert rng.validate(parse_xml(DATA / name)), (name, rng.error_log)


def _rng_pairs(define: str) -> set[tuple[str, str]]:
    """(element, attribute) pairs, and (element, '') for each element, reachable from `define`."""
    grammar = parse_xml(settings.SCHEMAS_DIR / "corpus.rng").getroot()
    defines = {d.get("name"): d for d in grammar.iter(f"{{{RNG_NS}}}define")}
    pairs: set[tuple[str, str]] = set()
    seen: set[str] = set()

    def walk(node: etree._Element, element: str | None) -> None:
        for child in node:
            if not isinstance(child.tag, str):
                continue
            local = etree.QName(child).localname
            if local == "element":
                name = child.get("name").split(":")[-1]
                pairs.add((name, ""))
                walk(child, name)
            elif local == "attribute":
                pairs.add((element or "", child.get("name")))
            elif local == "ref":
                key = (child.get("name"), element)
                if f"{key}" not in seen:
                    seen.add(f"{key}")
                    walk(defines[child.get("name")], element)
            elif local != "documentation":
                walk(child, element)

    walk(defines[define], None)
    return pairs


def _doc_pairs(name: str) -> set[tuple[str, str]]:
    pairs: set[tuple[str, str]] = set()
    for el in parse_xml(DATA / name).getroot().iter(etree.Element):
        local = etree.QName(el).localname
        pairs.add((local, ""))
        for attr in el.attrib:
            qname = etree.QName(attr)
            prefix = "xml:" if qname.namespace == settings.XML_NS else ""
            pairs.add((local, prefix + qname.localname))
    return pairs


@pytest.mark.parametrize(
    ("define", "name"),
    [("TEI.article", "full.xml"), ("teiCorpus", "corpus.xml"), ("TEI.kwic", "kwic.xml")],
)
def test_fixture_exercises_every_element_and_attribute(define: str, name: str) -> None:
    wanted = _rng_pairs(define)
    if define == "teiCorpus":  # its members are articles: full.xml covers those
        wanted -= _rng_pairs("TEI.article") - {("teiHeader", ""), ("encodingDesc", "")}
    missing = wanted - _doc_pairs(name)
    assert not missing, f"{name} does not use: {sorted(missing)}"


def test_full_fixture_has_the_hard_cases() -> None:
    root = parse_xml(DATA / "full.xml").getroot()
    first = root.find(f".//{TEI}said[@next]")
    second = root.find(f".//{TEI}said[@prev]")
    assert first is not None and second is not None
    # fragments in different sentences
    assert first.getparent().tag == second.getparent().tag == f"{TEI}s"
    assert first.getparent() is not second.getparent()
    assert root.findtext(f".//{TEI}gap/{TEI}desc") == "<...>"
    assert root.find(f".//{TEI}said//{TEI}said") is not None  # a quotation inside a quotation
    assert root.find(f".//{TEI}rs/{TEI}orgName") is not None
    assert root.find(f".//{TEI}supplied/{TEI}persName") is not None
    assert root.find(f".//{TEI}argument/{TEI}p/{TEI}s") is not None
    whens = {d.get("when") for d in root.iter(f"{TEI}date")}
    assert {"--02-12", "2021-12", "2021", "2022-02-12"} <= whens


def test_writer_output_validates() -> None:
    """What corpus.tei writes for the shared test documents passes both project schemas."""
    tei = pytest.importorskip("corpus.tei")
    from conftest import all_documents

    for doc in all_documents():
        problems = validate(tei.write_tei(doc), tei_all=False)
        assert problems == [], (doc.article.doc_id, [str(p) for p in problems])


# ------------------------------------------------------------------ invalid fixtures


@pytest.mark.parametrize(
    ("name", "schema", "line", "needle"),
    [
        ("invalid-dangling-who.xml", "corpus.sch", 21, "said/@who '#bob-smith' does not point"),
        ("invalid-next-prev.xml", "corpus.sch", 21, "next and prev must be reciprocal"),
        ("invalid-unknown-element.xml", "corpus.rng", 21, "Did not expect element emph there"),
        ("invalid-bad-when.xml", "corpus.rng", 21, "Invalid attribute when for element date"),
        ("invalid-bad-when.xml", "corpus.sch", 21, "'12/02/2022' is not an ISO 8601 date"),
        ("malformed.xml", "xml", 7, "not well-formed XML"),
    ],
)
def test_invalid_fixture_gives_expected_problem(
    name: str, schema: str, line: int, needle: str
) -> None:
    problems = validate(DATA / name, tei_all=False)
    assert problems, name
    hits = [p for p in problems if p.schema == schema and needle in p.message]
    assert hits, [str(p) for p in problems]
    assert hits[0].line == line
    assert hits[0].file == str(DATA / name)


def test_malformed_xml_is_one_problem_only() -> None:
    problems = validate(DATA / "malformed.xml", tei_all=False)
    assert [p.schema for p in problems] == ["xml"]
    assert "Opening and ending tag mismatch" in problems[0].message


@pytest.mark.shared
@skip_without_tei_all
def test_tei_all_problems_are_reported() -> None:
    doc = mutate("minimal.xml", "<p>Nothing was said.</p>", "<p>Nothing <nonsense/> was said.</p>")
    problems = validate(doc, tei_all=True)
    assert {p.schema for p in problems} == {"corpus.rng", "tei_all"}
    # an element TEI allows but the shape does not: only corpus.rng objects
    problems = validate(DATA / "invalid-unknown-element.xml", tei_all=True)
    assert {p.schema for p in problems} == {"corpus.rng"}


# One fault each, made from the valid fixtures: (fixture, old, new, schema, expected text).
MUTATIONS = [
    (
        "full.xml",
        'who="#dmitry-peskov" direct',
        'who="#moscow" direct',
        "corpus.sch",
        "said/@who '#moscow' does not point at a person or org",
    ),
    (
        "full.xml",
        'who="#dmitry-peskov" direct',
        'who="#dmitry-peskov #ghost" direct',
        "corpus.sch",
        "said/@who '#ghost'",
    ),
    (
        "full.xml",
        '<persName ref="#joe-biden">Biden</persName> expressed',
        '<persName ref="#moscow">Biden</persName> expressed',
        "corpus.sch",
        "persName/@ref '#moscow' does not name an entry of type 'person'",
    ),
    (
        "full.xml",
        '<rs type="person" ref="#yury-ushakov">he</rs>',
        '<rs type="org" ref="#yury-ushakov">he</rs>',
        "corpus.sch",
        "rs/@ref '#yury-ushakov' does not name an entry of type 'org'",
    ),
    (
        "full.xml",
        'ana="#m.coref"',
        'ana="#m.nope"',
        "corpus.sch",
        "rs/@ana '#m.nope' does not point at a category",
    ),
    (
        "full.xml",
        'corresp="#q4"',
        'corresp="#s4"',
        "corpus.sch",
        "@corresp '#s4' does not point at a said",
    ),
    (
        "full.xml",
        'resp="#tass"',
        'resp="#s3"',
        "corpus.sch",
        "supplied/@resp '#s3' does not point at a person or org",
    ),
    (
        "full.xml",
        'source="#yury-ushakov"',
        'source="#moscow"',
        "corpus.sch",
        "said/@source '#moscow'",
    ),
    (
        "full.xml",
        'next="#q7b"',
        'next="#q7x"',
        "corpus.sch",
        "said/@next '#q7x' does not point at a said",
    ),
    (
        "full.xml",
        'xml:id="q7b" who="#yury-ushakov"',
        'xml:id="q7b" who="#vladimir-putin"',
        "corpus.sch",
        "must have the same @who",
    ),
    (
        "full.xml",
        'xml:id="q7b" who="#yury-ushakov" direct="true"',
        'xml:id="q7b" who="#yury-ushakov" direct="false"',
        "corpus.sch",
        "disagree on @direct",
    ),
    ("full.xml", 'next="#q7b" ana', 'prev="#q7b" ana', "corpus.sch", "reciprocal"),
    ("full.xml", 'xml:id="q4"', 'xml:id="q3"', "corpus.sch", "xml:id 'q3' is used 2 times"),
    (
        "full.xml",
        'direct="true" ana="#q.direct #m.rule">"empty',
        'direct="false" ana="#q.direct #m.rule">"empty',
        "corpus.sch",
        "direct='false' but its @ana says q.direct",
    ),
    (
        "full.xml",
        'ana="#q.direct #m.rule">"empty',
        'ana="#q.direct #q.mixed">"empty',
        "corpus.sch",
        "more than one kind of quotation",
    ),
    ("full.xml", '"empty and unfounded"', " ", "corpus.sch", "said q12 is empty"),
    (
        "full.xml",
        'when="--02-12"',
        'when="2022-13-01"',
        "corpus.rng",
        "Invalid attribute when for element date",
    ),
    (
        "full.xml",
        'when="--02-12"',
        'when="2022-02-12+03:00"',
        "corpus.rng",
        "Invalid attribute when for element date",
    ),
    ("full.xml", 'cert="low"', 'cert="0.3"', "corpus.rng", "Invalid attribute cert"),
    (
        "full.xml",
        'direct="false" ana="#q.indirect #m.rule" cert="medium"',
        'direct="no" ana="#q.indirect #m.rule" cert="medium"',
        "corpus.rng",
        "Invalid attribute direct",
    ),
    (
        "full.xml",
        '<s xml:id="s3">',
        '<s xml:id="s3" n="1">',
        "corpus.rng",
        "Invalid attribute n for element s",
    ),
    ("full.xml", '<s xml:id="s3">', '<s xml:id="3">', "corpus.rng", "Invalid attribute id"),
    (
        "full.xml",
        'who="#vladimir-putin" direct="true" source',
        'who="vladimir-putin" direct="true" source',
        "corpus.rng",
        "Invalid attribute who",
    ),
    (
        "full.xml",
        '<s xml:id="s4">',
        '<s xml:id="s4"><s>x</s>',
        "corpus.rng",
        "Did not expect element s there",
    ),
    (
        "full.xml",
        '"empty and unfounded"',
        '<s>"empty and unfounded"</s>',
        "corpus.rng",
        "Did not expect element s there",
    ),
    (
        "full.xml",
        "<publisher>TASS</publisher>",
        "<author>TASS</author>",
        "corpus.rng",
        "got author",
    ),
    (
        "full.xml",
        '<language ident="en">',
        '<language ident="ru">',
        "corpus.sch",
        "xml:lang 'en' is not among langUsage/language/@ident",
    ),
    ("full.xml", '<category xml:id="q.mixed">', '<category xml:id="q.other">', "corpus.rng", ""),
    (
        "kwic.xml",
        '<seg type="kw">partners</seg>',
        '<seg type="kw"> </seg>',
        "corpus.sch",
        "KWIC hit 2 has an empty keyword",
    ),
    (
        "kwic.xml",
        'source="#src.wire-2022-02-13-talks"',
        'source="#yury-ushakov"',
        "corpus.sch",
        "cit/@source '#yury-ushakov' does not point at a bibl",
    ),
    (
        "kwic.xml",
        '<bibl><idno type="doc">wire-2022-02-13-talks</idno></bibl>',
        '<bibl><idno type="doc">tass-x</idno></bibl>',
        "corpus.sch",
        "but the hit's bibl/idno says 'tass-x'",
    ),
    (
        "kwic.xml",
        'from="1156" to="1164"',
        'from="1164" to="1156"',
        "corpus.sch",
        "citedRange from=1164 is after to=1156",
    ),
    (
        "kwic.xml",
        '<seg type="kw">Partners</seg><seg type="right">',
        '<seg type="right">',
        "corpus.rng",
        "seg",
    ),
    (
        "kwic.xml",
        '<said who="#yury-ushakov" direct="true" ana="#q.direct" cert="high">partners',
        '<said who="#nobody">partners',
        "corpus.sch",
        "said/@who '#nobody'",
    ),
    (
        "corpus.xml",
        'ref="#wire-2022-02-13-talks.ministry">the',
        'ref="#tass-2022-02-12-moscow-to-react-soon.tass">the',
        "corpus.sch",
        "orgName/@ref '#tass-2022-02-12-moscow-to-react-soon.tass' does not name an entry",
    ),
    (
        "corpus.xml",
        'xml:id="wire-2022-02-13-talks.ministry"',
        'xml:id="tass-2022-02-12-moscow-to-react-soon.tass"',
        "corpus.sch",
        "is used 2 times",
    ),
]


@pytest.mark.parametrize(
    ("name", "old", "new", "schema", "needle"),
    MUTATIONS,
    ids=[f"{m[0]}:{m[4][:40] or m[2][:40]}" for m in MUTATIONS],
)
def test_one_fault_gives_expected_problem(
    name: str, old: str, new: str, schema: str, needle: str
) -> None:
    problems = validate(mutate(name, old, new), tei_all=False)
    hits = [p for p in problems if p.schema == schema and needle in p.message]
    assert hits, [str(p) for p in problems]
    assert all(p.line > 0 for p in hits)


def test_fragments_must_point_forward() -> None:
    doc = mutate("full.xml", 'next="#q7b" ana', 'prev="#q7b" ana')
    doc = doc.replace(b'prev="#q7a"', b'next="#q7a"')
    assert any("must point forward" in m for m in messages(validate(doc, tei_all=False)))


def test_partial_and_full_dates_are_accepted() -> None:
    for when in (
        "2022",
        "2022-02",
        "2022-02-12",
        "--02",
        "--02-12",
        "---12",
        "2022-02-12T10:00:00",
        "2022-02-12T10:00:00Z",
        "2022-02-12T10:00:00+03:00",
    ):
        doc = mutate("full.xml", 'when="--02-12"', f'when="{when}"')
        assert validate(doc, tei_all=False) == [], when


# ------------------------------------------------------------------ the API


def test_problem_is_frozen_and_prints_its_place() -> None:
    problem = Problem("a.xml", 3, "something", "corpus.sch")
    assert str(problem) == "a.xml:3: something [corpus.sch]"
    assert str(Problem("a.xml", 0, "unreadable", "xml")) == "a.xml: unreadable [xml]"
    with pytest.raises(AttributeError):
        problem.line = 4  # type: ignore[misc]


def test_validate_takes_paths_trees_elements_and_bytes() -> None:
    path = DATA / "invalid-dangling-who.xml"
    tree = parse_xml(path)
    for source in (path, str(path), tree, tree.getroot(), path.read_bytes()):
        problems = validate(source, tei_all=False)
        assert [p.schema for p in problems] == ["corpus.sch"], source
        assert problems[0].line == 21
    assert validate(path.read_bytes(), tei_all=False)[0].file == "<bytes>"
    assert validate(tree, tei_all=False)[0].file == str(path)


def test_validate_an_unreadable_file(tmp_path: Path) -> None:
    problems = validate(tmp_path / "missing.xml", tei_all=False)
    assert [(p.schema, p.line) for p in problems] == [("xml", 0)]
    assert "cannot read the file" in problems[0].message


def test_validate_many_yields_each_file_in_order() -> None:
    names = ["minimal.xml", "malformed.xml", "invalid-dangling-who.xml", "kwic.xml"]
    results = list(validate_many([DATA / n for n in names], tei_all=False))
    assert [path.name for path, _ in results] == names
    assert [bool(problems) for _, problems in results] == [False, True, True, False]
    assert all(isinstance(path, Path) for path, _ in results)


def test_without_shared_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CORPUS_SHARED", str(tmp_path / "no-shared"))
    assert tei_all_path() is None
    assert validate(DATA / "full.xml") == []  # tei_all=None: skipped when absent
    assert validate(DATA / "full.xml", tei_all=False) == []
    with pytest.raises(InvalidTEI, match="tei_all"):
        validate(DATA / "full.xml", tei_all=True)


def test_tei_all_path_when_present(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    schema = tmp_path / "data" / "tei" / "tei_all.rng"
    schema.parent.mkdir(parents=True)
    schema.write_text("<grammar/>")
    monkeypatch.setenv("CORPUS_SHARED", str(tmp_path))
    assert tei_all_path() == schema


def test_schemas_are_compiled_once() -> None:
    from corpus import validate as module

    validate(DATA / "minimal.xml", tei_all=False)
    before = (module._corpus_rng.cache_info().misses, module._corpus_sch.cache_info().misses)
    for _ in range(3):
        validate(DATA / "minimal.xml", tei_all=False)
        validate(DATA / "kwic.xml", tei_all=False)
    validate(DATA / "kwic.xml", tei_all=False)
    after = (module._corpus_rng.cache_info().misses, module._corpus_sch.cache_info().misses)
    assert after[1] == before[1]
    assert after[0] - before[0] <= 1  # at most the kwic start, compiled on first use


# ------------------------------------------------------------------ xmlsafe: hostile input

XXE_PASSWD = b"""<?xml version="1.0"?>
<!DOCTYPE TEI [
  <!ENTITY xxe SYSTEM "file:///etc/passwd">
]>
<TEI xmlns="http://www.tei-c.org/ns/1.0"><p>&xxe;</p></TEI>
"""

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
  <!ENTITY lol "lol">
  <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
  <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
  <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
  <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
  <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
  <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
  <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<lolz>&lol9;</lolz>
"""


def test_external_file_entity_is_refused_unread(tmp_path: Path) -> None:
    with pytest.raises(InvalidTEI) as caught:
        parse_xml(XXE_PASSWD, name="xxe.xml")
    message = str(caught.value)
    assert message.startswith("xxe.xml:2: refused")
    assert "entity declarations" in message and "remove the <!DOCTYPE" in message
    assert "root:" not in message
    # the same through validate(): one 'xml' problem naming the file
    path = tmp_path / "xxe.xml"
    path.write_bytes(XXE_PASSWD)
    problems = validate(path, tei_all=False)
    assert [(p.schema, p.file, p.line) for p in problems] == [("xml", str(path), 2)]


def test_billion_laughs_is_refused_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    # Refused before lxml sees it: no parser is ever built, so no entity can be expanded.
    from corpus import xmlsafe

    def no_parser(*args: object, **kwargs: object) -> None:
        raise AssertionError("the document reached lxml's parser")

    monkeypatch.setattr(xmlsafe.etree, "XMLParser", no_parser)
    monkeypatch.setattr(xmlsafe.etree, "fromstring", no_parser)
    monkeypatch.setattr(xmlsafe.etree, "parse", no_parser)
    with pytest.raises(MalformedXML) as caught:
        parse_xml(BILLION_LAUGHS, name="lol.xml")
    assert "DOCTYPE" in str(caught.value)
    assert "lol" * 10 not in str(caught.value)
    assert caught.value.line == 2 and caught.value.file == "lol.xml"


@pytest.mark.parametrize(
    "template",
    [
        '<!DOCTYPE TEI [<!ENTITY leak SYSTEM "{url}">]>\n<TEI>&leak;</TEI>',
        '<!DOCTYPE TEI [<!ENTITY % leak SYSTEM "{url}"> %leak;]>\n<TEI/>',
        '<!DOCTYPE TEI SYSTEM "{url}">\n<TEI/>',
    ],
    ids=["general-entity", "parameter-entity", "external-dtd"],
)
def test_network_resources_are_never_fetched(template: str) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as server:
        server.bind(("127.0.0.1", 0))
        server.listen(5)
        server.settimeout(0.3)
        url = f"http://127.0.0.1:{server.getsockname()[1]}/tei.dtd"
        with pytest.raises(InvalidTEI, match="DOCTYPE"):
            parse_xml(template.format(url=url).encode(), name="net.xml")
        with pytest.raises(TimeoutError):
            server.accept()  # nobody connected


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
@pytest.mark.parametrize(
    "template",
    [
        '<!DOCTYPE TEI [<!ENTITY leak SYSTEM "{url}">]>\n<TEI>&leak;</TEI>',
        '<!DOCTYPE TEI [<!ENTITY % leak SYSTEM "{url}"> %leak;]>\n<TEI/>',
        '<!DOCTYPE TEI SYSTEM "{url}">\n<TEI/>',
        '<!-- a comment first -->\n<!DOCTYPE TEI [<!ENTITY leak SYSTEM "{url}">]>\n<TEI/>',
    ],
    ids=["general-entity", "parameter-entity", "external-dtd", "after-comment"],
)
def test_local_files_are_never_opened(tmp_path: Path, template: str) -> None:
    """The entity names a named pipe: opening it for reading would wake the writer below."""
    fifo = tmp_path / "secret"
    os.mkfifo(fifo)
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    opened = threading.Event()

    def writer() -> None:
        fd = os.open(fifo, os.O_WRONLY)  # blocks until someone opens the pipe for reading
        opened.set()
        try:
            os.write(fd, b"SECRET")
        except OSError as exc:  # the reader may be gone already
            if exc.errno != errno.EPIPE:
                raise
        finally:
            os.close(fd)

    thread = threading.Thread(target=writer, daemon=True)
    thread.start()
    try:
        with pytest.raises(InvalidTEI) as caught:
            parse_xml(template.format(url=fifo.as_uri()).encode(), name="fifo.xml")
        assert "SECRET" not in str(caught.value)
        # parse_xml has returned: had it opened the pipe, the writer would be unblocked and
        # set the event within this bounded wait.
        assert not opened.wait(timeout=0.5), "the parser opened the file named by the DOCTYPE"
    finally:
        release = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)  # unblock the writer
        thread.join(timeout=5)
        os.close(release)


def test_doctype_is_refused_even_without_entities() -> None:
    with pytest.raises(MalformedXML, match="has a DOCTYPE") as caught:
        parse_xml(b'<?xml version="1.0"?>\n\n<!DOCTYPE TEI>\n<TEI/>', name="d.xml")
    assert caught.value.line == 3


def test_doctype_in_utf16_is_refused() -> None:
    doc = (
        '<?xml version="1.0" encoding="UTF-16"?>\n<!DOCTYPE TEI [<!ENTITY a "b">]>\n<TEI>&a;</TEI>'
    )
    with pytest.raises(MalformedXML, match="entity declarations"):
        parse_xml(doc.encode("utf-16"), name="u16.xml")


def test_undeclared_entity_is_refused_with_advice() -> None:
    with pytest.raises(MalformedXML, match="Entity 'nbsp' not defined") as caught:
        parse_xml(b"<TEI>a&nbsp;b</TEI>", name="e.xml")
    assert "&#NNNN;" in str(caught.value)


def test_malformed_names_the_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.xml"
    path.write_bytes(b"<TEI>\n<p>\n</TEI>\n")
    with pytest.raises(MalformedXML) as caught:
        parse_xml(path)
    assert caught.value.file == str(path) and caught.value.line == 3
    assert str(caught.value).startswith(f"{path}:3: not well-formed XML")
    assert isinstance(caught.value, InvalidTEI)


def test_parse_xml_sources() -> None:
    path = DATA / "minimal.xml"
    for source in (path, str(path), path.read_bytes(), path.read_text(encoding="utf-8")):
        tree = parse_xml(source)
        assert tree.getroot().get(XML_ID) == "minimal"
    url = parse_xml(path).docinfo.URL
    assert url == str(path)
    latin = '<?xml version="1.0" encoding="ISO-8859-1"?><TEI>é</TEI>'
    assert parse_xml(latin).getroot().text == "é"
    assert parse_xml(latin.encode("latin-1")).getroot().text == "é"
    with pytest.raises(TypeError):
        parse_xml(42)  # type: ignore[arg-type]


def test_parse_xml_keeps_text_exactly() -> None:
    doc = "<TEI>\n  <p> a  b </p><![CDATA[<c>]]>\r\n\u2019&lt;...&gt;&#x2014;</TEI>"
    root = parse_xml(doc).getroot()
    assert "".join(root.itertext()) == "\n   a  b <c>\n\u2019<...>\u2014"


def test_duplicate_ids_parse_and_are_reported_by_validation() -> None:
    doc = mutate("full.xml", 'xml:id="q4"', 'xml:id="q3"')
    tree = parse_xml(doc)  # not a parse error: validation says what is wrong
    assert len(tree.getroot().findall(f".//{TEI}said[@{XML_ID}='q3']")) == 2


def test_threads_get_their_own_results() -> None:
    from concurrent.futures import ThreadPoolExecutor

    names = ["full.xml", "invalid-dangling-who.xml", "invalid-next-prev.xml", "kwic.xml"] * 4
    expected = {name: validate(DATA / name, tei_all=False) for name in set(names)}
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda n: validate(DATA / n, tei_all=False), names))
    assert results == [expected[name] for name in names]
