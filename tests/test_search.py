"""Query parsing, filters, hits with their quotation, ranked search."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import TASS_TEXT

from corpus.errors import QueryError
from corpus.query import (
    NO_FILTERS,
    Filters,
    count,
    explain,
    hits,
    parse_query,
    search,
    snippet,
)

TASS = "tass-2022-02-12-moscow-to-react-soon"


def spans(query: str, index: Path, filters: Filters = NO_FILTERS, **kw: bool) -> list[tuple]:
    return [(h.doc, h.start, h.end) for h in hits(query, index, filters, **kw)]


def words(query: str, index: Path, filters: Filters = NO_FILTERS, **kw: bool) -> list[str]:
    from corpus.index import load_document

    out = []
    for h in hits(query, index, filters, **kw):
        out.append(load_document(index, h.doc).article.text[h.start : h.end])
    return out


# --- parsing ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "shown"),
    [
        ("putin", "text:putin"),
        ('"security guarantees"', 'text:"security guarantees"'),
        ('"security guarantees"~3', 'text:"security guarantees"~3'),
        ("security NEAR/3 guarantees", "(text:security NEAR/3 text:guarantees)"),
        ("security BEFORE/2 guarantees", "(text:security BEFORE/2 text:guarantees)"),
        ("security NEAR guarantees", "(text:security NEAR/5 text:guarantees)"),
        ("secur*", "text:secur*"),
        ("/secur.*/", "text:/secur.*/"),
        ("putn~", "text:putn~"),
        ("a AND (b OR c) NOT d", "(text:a AND (text:b OR text:c) AND NOT text:d)"),
        ("title:kremlin speaker:putin", "(title:kremlin AND speaker:putin)"),
        ("Putin's", 'text:"putin s"'),
    ],
)
def test_explain_shows_the_parsed_query(query: str, shown: str) -> None:
    assert explain(query) == shown


def test_explain_expands_patterns_against_the_index(shared_index: Path) -> None:
    assert explain("secur*", shared_index, expand=True) == "text:secur*{security}"
    assert explain("say", shared_index, expand=True, inflect=True) == (
        "text:say+inflections{said|saying|says}  [inflect]"
    )


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("", "empty query"),
        ("   ", "empty query"),
        ('"security guarantees', "unbalanced quote"),
        ("(putin OR biden", "unbalanced parenthesis"),
        ("putin)", "unbalanced parenthesis"),
        ("()", "empty parentheses"),
        ("[a TO", "unbalanced bracket"),
        ("a]", "unbalanced bracket"),
        ("date:[2020]", "a range must read"),
        ("foo:bar", "unknown field 'foo'"),
        ("title:", "has no value"),
        ("putin AND", "ends with an operator"),
        ("AND putin", "needs something to its left"),
        ("putin OR OR biden", "needs something to its left"),
        ("NOT", "ends with an operator"),
        ("putin^", "boost needs a number"),
        ("/unclosed", "unterminated regular expression"),
        ("/(a/", "bad regular expression"),
        ('""', "empty phrase"),
        ('"a b"~', "phrase slop needs a number"),
        ("(putin AND) x", "has nothing to its right"),
    ],
)
def test_malformed_queries_raise(query: str, message: str) -> None:
    with pytest.raises(QueryError) as exc:
        parse_query(query)
    assert message in str(exc.value)


def test_regex_option_reads_the_query_as_one_expression() -> None:
    assert explain("secur.*", regex=True) == "text:/secur.*/  [regex]"
    with pytest.raises(QueryError):
        parse_query("(", regex=True)


def test_field_only_query_has_no_text_leaves(shared_index: Path) -> None:
    with pytest.raises(QueryError, match="no words to find in the text"):
        list(hits("speaker:putin", shared_index))


# --- hits and quotations ----------------------------------------------------------------------


def test_hits_carry_the_quotation_they_lie_in(shared_index: Path) -> None:
    found = list(hits("security", shared_index))
    assert len(found) == 8
    by_pos = {(h.doc, h.start): h for h in found}
    narration = by_pos[(TASS, TASS_TEXT.index("security"))]
    assert narration.quote is None
    ushakov = by_pos[(TASS, TASS_TEXT.index("security guarantees"))]
    assert ushakov.quote is not None
    assert (ushakov.quote.speaker, ushakov.quote.speaker_name) == ("yury-ushakov", "Yury Ushakov")
    assert (ushakov.quote.kind, ushakov.quote.cue, ushakov.quote.direct) == (
        "direct",
        "pointed out",
        True,
    )
    putin = by_pos[(TASS, TASS_TEXT.index("security and NATO"))]
    assert putin.quote is not None
    assert (putin.quote.speaker, putin.quote.kind, putin.quote.reported_by) == (
        "vladimir-putin",
        "indirect",
        "yury-ushakov",
    )
    assert putin.quote.direct is False
    nested = by_pos[("nested", 54)]
    assert nested.quote is not None and nested.quote.speaker == "" and nested.quote.kind == "direct"


def test_hit_offsets_slice_the_original_text(shared_index: Path) -> None:
    assert set(words("security", shared_index)) == {"security", "Security"}
    # hits come in document-id order: partial-date, then tass-...
    assert words('"security guarantees"', shared_index) == [
        "Security guarantees",
        "security guarantees",
    ]


def test_phrase_and_proximity(shared_index: Path) -> None:
    assert words('"guarantees security"', shared_index) == []
    assert words('"guarantees security"~3', shared_index) == ["Guarantees of security"]
    assert words("guarantees NEAR/3 security", shared_index) == [
        "Security guarantees",
        "Guarantees of security",
        "security guarantees",
    ]
    assert words("guarantees BEFORE/3 security", shared_index) == ["Guarantees of security"]
    assert words('"consultations security"~3', shared_index) == ["consultations on security"]


def test_wildcard_fuzzy_regex(shared_index: Path) -> None:
    assert len(spans("secur*", shared_index)) == 8
    assert set(words("ushakv~", shared_index)) == {"Ushakov"}
    assert set(words("/guarant[a-z]+/", shared_index)) == {"guarantees", "Guarantees"}
    assert set(words("guarant.*", shared_index, regex=True)) == {"guarantees", "Guarantees"}


def test_case_sensitive(shared_index: Path) -> None:
    assert words("Security", shared_index, case_sensitive=True) == ["Security", "Security"]
    assert len(words("security", shared_index, case_sensitive=True)) == 6
    assert words('"Security guarantees"', shared_index, case_sensitive=True) == [
        "Security guarantees"
    ]
    assert words("NATO", shared_index, case_sensitive=True) == ["NATO", "NATO"]
    assert words("Secur*", shared_index, case_sensitive=True) == ["Security", "Security"]
    assert words("/[A-Z][a-z]+ity/", shared_index, case_sensitive=True) == [
        "Security",
        "Security",
    ]
    assert words("Saying~", shared_index, case_sensitive=True, inflect=False) == ["Saying"]
    assert words("saying~", shared_index, case_sensitive=True, inflect=False) == []


def test_inflect_finds_forms_present_in_the_index(shared_index: Path) -> None:
    assert sorted(set(words("say", shared_index, inflect=True))) == [
        "Saying",
        "said",
        "says",
    ]
    assert words('"he add"', shared_index, inflect=True) == ["he added"]


def test_boolean_structure_selects_documents(shared_index: Path) -> None:
    docs = {d for d, _, _ in spans("security NOT nato", shared_index)}
    assert docs == {"reuters-1", "partial-date", "nested"}
    both = spans("security AND volcker", shared_index)
    assert {d for d, _, _ in both} == {"reuters-1"}
    assert len(both) == 2  # hits of both words


# --- filters ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (Filters(speaker="putin"), (1, 1)),
        (Filters(speaker="Vladimir Putin"), (1, 1)),
        (Filters(speaker="vladimir-putin"), (1, 1)),
        (Filters(speaker="ushakov"), (1, 1)),
        (Filters(speaker="nobody"), (0, 0)),
        (Filters(in_="quote"), (3, 2)),
        (Filters(in_="narration"), (5, 3)),
        (Filters(direct=True), (2, 2)),
        (Filters(direct=False), (1, 1)),
        (Filters(cue="say"), (1, 1)),
        (Filters(cue="said"), (1, 1)),
        (Filters(cue="point"), (1, 1)),
        (Filters(cue="pointed out"), (1, 1)),
        (Filters(person="biden"), (5, 2)),
        (Filters(place="moscow"), (4, 1)),
        (Filters(org="NATO"), (4, 1)),
        (Filters(agency="tass"), (6, 2)),
        (Filters(doc="reuters-1"), (1, 1)),
        (Filters(doc="tass-*"), (4, 1)),
        (Filters(date_from="2022"), (6, 2)),
        (Filters(date_from="2022-02-05"), (6, 2)),  # partial 2022-02 overlaps
        (Filters(date_to="2021-12"), (2, 2)),
        (Filters(date_from="2021-12-01", date_to="2021-12-31"), (1, 1)),
        (Filters(date_from="1987", date_to="1987"), (1, 1)),
    ],
)
def test_filters(shared_index: Path, filters: Filters, expected: tuple[int, int]) -> None:
    assert count("security", shared_index, filters) == expected


def test_in_quote_hits_all_have_a_quote(shared_index: Path) -> None:
    assert all(h.quote is not None for h in hits("security", shared_index, Filters(in_="quote")))
    assert all(h.quote is None for h in hits("security", shared_index, Filters(in_="narration")))


@pytest.mark.parametrize(
    ("filters", "message", "param"),
    [
        (Filters(date_from="Feb 2022"), "^date_from 'Feb 2022': write an ISO date", "date_from"),
        (Filters(date_to="2022/02"), "^date_to '2022/02': write an ISO date", "date_to"),
        (Filters(in_="narration", speaker="putin"), "cannot combine", "in_"),
        (Filters(in_="elsewhere"), "^in_ must be quote or narration", "in_"),  # type: ignore[arg-type]
        (Filters(speaker="  "), "^empty speaker$", "speaker"),
        (
            Filters(speaker_type="unnamed"),  # type: ignore[arg-type]
            "^speaker_type must be named or anonymous",
            "speaker_type",
        ),
    ],
)
def test_bad_filters(shared_index: Path, filters: Filters, message: str, param: str) -> None:
    """Library errors name the parameter (a Python user never reads a CLI flag)."""
    with pytest.raises(QueryError, match=message) as info:
        count("security", shared_index, filters)
    assert info.value.param == param
    assert "--" not in str(info.value)


# --- ranked search ----------------------------------------------------------------------------


def test_search_ranks_and_snippets(shared_index: Path) -> None:
    result = search("security", shared_index, limit=2)
    assert result.total == 4
    assert len(result.docs) == 2
    assert result.query == "text:security"
    assert result.docs[0].score >= result.docs[1].score
    top = result.docs[0]
    assert (top.doc, top.hits) == ("partial-date", 2)
    assert any(match and text.lower() == "security" for text, match in top.snippet)

    page2 = search("security", shared_index, limit=2, offset=2)
    assert {d.doc for d in page2.docs}.isdisjoint({d.doc for d in result.docs})
    everything = search("security", shared_index, limit=None)
    assert len(everything.docs) == 4


def test_search_with_hit_filters_keeps_matching_documents(shared_index: Path) -> None:
    result = search("security", shared_index, Filters(speaker="putin"))
    assert result.total == 1
    assert result.docs[0].doc == TASS
    assert result.docs[0].hits == 1
    assert search("security", shared_index, Filters(in_="quote")).total == 2


def test_search_field_only_query(shared_index: Path) -> None:
    result = search("speaker:putin", shared_index)
    assert [d.doc for d in result.docs] == [TASS]
    assert result.docs[0].hits == 0
    assert result.docs[0].snippet[0][1] is False


def test_search_title_field(shared_index: Path) -> None:
    assert [d.doc for d in search("title:nested", shared_index).docs] == ["nested"]


def test_search_negative_limit(shared_index: Path) -> None:
    with pytest.raises(QueryError):
        search("security", shared_index, limit=-1)


def test_snippet_fragments() -> None:
    text = "a" * 100 + " key " + "b" * 100 + " key " + "c" * 100
    first = text.index("key")
    second = text.index("key", first + 1)
    frags = snippet(text, [(first, first + 3), (second, second + 3)], width=20)
    joined = "".join(t for t, _ in frags)
    assert joined.startswith("…") and joined.endswith("…")
    assert [t for t, m in frags if m] == ["key", "key"]
    assert snippet("short text", []) == (("short text", False),)


def _shown(text: str, frags: tuple[tuple[str, bool], ...]) -> list[tuple[int, int]]:
    """Where each fragment of a snippet stands in the text (fragments are split at " … ")."""
    pieces = "".join(t for t, _ in frags).strip("…").split(" … ")
    where = []
    pos = 0
    for piece in pieces:
        at = text.find(piece, pos)
        assert at >= 0, piece
        where.append((at, at + len(piece)))
        pos = at + len(piece)
    return where


def test_snippet_merges_fragments_that_would_repeat_text() -> None:
    # Reuters-shaped: the body repeats the headline's first word 67 characters on
    text = (
        "OPEC MAY HAVE TO MEET TO FIRM PRICES - ANALYSTS\n"
        "NEW YORK, Feb 26 - OPEC may be forced to meet before a scheduled June session."
    )
    first = 0
    second = text.index("OPEC", 4)
    frags = snippet(text, [(first, 4), (second, second + 4)], width=40)
    shown = "".join(t for t, _ in frags)
    assert " … " not in shown  # one fragment: the two contexts overlapped
    assert shown == text[: second + 4 + 40] + "…"
    assert [t for t, m in frags if m] == ["OPEC", "OPEC"]


def test_snippet_fragments_touching_are_merged_and_far_ones_kept_apart() -> None:
    text = "x" * 50 + "key" + "y" * 40 + "key" + "z" * 200 + "key" + "w" * 50
    keys = [i for i in range(len(text)) if text.startswith("key", i)]
    frags = snippet(text, [(k, k + 3) for k in keys], width=20)
    where = _shown(text, frags)
    assert where == [(30, keys[1] + 3 + 20), (keys[2] - 20, keys[2] + 23)]  # 40 = 2 x 20: touching


def test_snippet_overlapping_hits_are_one_highlight() -> None:
    text = "the oil price rose"
    frags = snippet(text, [(4, 13), (4, 7), (8, 13)], width=5)
    assert [t for t, m in frags if m] == ["oil price"]
    assert "".join(t for t, _ in frags) == text


def test_hits_iterates_lazily(shared_index: Path) -> None:
    it = hits("security", shared_index)
    first = next(it)
    assert first.doc == "nested"  # the first id in document-id order with a hit
    it.close()  # type: ignore[attr-defined]
