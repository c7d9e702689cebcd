"""Queries and filters -> ranked documents and keyword hits with their quotation.

Query syntax is Whoosh's (``putin``, ``"security guarantees"``, ``secur*``, ``putn~``,
``a AND (b OR c) NOT d``, ``title:kremlin``, ``speaker:putin``, ``date:[2022-01 TO 2022-03]``),
plus three additions:

- ``"security guarantees"~3``: the words in this order, each within 3 positions of the previous;
- ``security NEAR/3 guarantees`` (either order) and ``security BEFORE/3 guarantees`` (in order):
  within 3 positions (adjacent words are 1 apart; bare ``NEAR`` means ``NEAR/5``);
- ``/regex/``: a regular expression that must match a whole index term (terms are lowercased
  unless ``case_sensitive``); ``regex=True`` reads the whole query as one such expression.

Whoosh's parser silently repairs malformed input (drops unbalanced quotes, unknown fields,
dangling operators); here those raise :class:`QueryError` with what is wrong and where.

Fields in the query select *documents*; :class:`Filters` select *hits*: ``speaker``, ``in_``,
``direct`` and ``cue`` keep the hits that lie in a matching quotation (a quotation is any
reported speech, direct or indirect). Document-level filters (person, place, org, dates,
agency, doc) and a cheap document prefilter for the hit-level ones run inside Whoosh.

Inflection (``inflect=True``) expands each word to its inflected forms through a small table
of irregular verbs and nouns and regular suffix rules (-s/-es/-ies, -ed/-d/-ied with consonant
doubling for one-syllable words, -ing with e-dropping), then keeps only forms that occur in the
index. Limits: English only, no derivation (say does not reach sayer), no comparatives, no
stress-based doubling beyond one-syllable words (refer -> referred is found only because both
doubled and plain forms are tried for longer words), and a rare false base can slip in when it
is itself a word in the index.
"""

from __future__ import annotations

import bisect
import fnmatch
import heapq
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Literal

from corpus.errors import QueryError
from corpus.index import (
    EMPTY_QUOTES,
    CorpusIndex,
    QuoteData,
    QuoteRow,
    date_bounds,
    name_key,
    name_keys,
    open_index,
    quotes_from_info,
)

if TYPE_CHECKING:
    import os

    from whoosh.searching import Searcher

    IndexArg = str | os.PathLike[str] | CorpusIndex | None

# Fields a query may name, and what they are called in the index.
QUERY_FIELDS: dict[str, str] = {
    "text": "text",
    "title": "title",
    "person": "person",
    "place": "place",
    "org": "org",
    "speaker": "speaker",
    "reporter": "reporter",
    "cue": "cue",
    "date": "date",
    "dateline": "dateline",
    "agency": "agency",
    "doc": "doc",
}
TEXT_FIELD = "text"
DIRECT_KINDS = frozenset({"direct"})  # --direct; everything else in a quotation is --indirect
QUOTE_KINDS = ("direct", "mixed", "indirect")
MAX_EXPANSION = 5000  # terms a wildcard, regex or fuzzy term may expand to in hit extraction
WORD_RE = re.compile(r"\w+(?:\.?\w+)*")


# --- records ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Filters:
    """Restrictions on hits (speaker, in_, direct, cue) and on documents (the rest).

    ``speaker``/``person``/``place``/``org`` take an id (``vladimir-putin``), a full name or one
    word of the name (``putin``), case-insensitively. ``direct`` True keeps direct quotations,
    False the indirect and mixed ones. ``cue`` matches a word of the cue in any inflected form
    (``say`` finds said, says). Dates are ISO, possibly partial (``2022``, ``2022-02``);
    a document's own partial date matches when its range overlaps.
    """

    speaker: str | None = None
    in_: Literal["quote", "narration"] | None = None
    direct: bool | None = None
    cue: str | None = None
    person: str | None = None
    place: str | None = None
    org: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    agency: str | None = None
    doc: str | None = None

    @property
    def on_hits(self) -> bool:
        """True when the filters judge each hit by its quotation."""
        return bool(self.speaker or self.in_ or self.direct is not None or self.cue)


NO_FILTERS = Filters()


@dataclass(frozen=True)
class Quote:
    """The quotation a hit lies in."""

    start: int
    end: int
    speaker: str  # entity id ("" when unknown)
    speaker_name: str
    kind: str
    cue: str
    reported_by: str = ""
    reported_by_name: str = ""

    @property
    def direct(self) -> bool:
        return self.kind in DIRECT_KINDS


@dataclass(frozen=True, slots=True)
class Hit:
    """One keyword hit: ``text[start:end]`` of document ``doc``, and its quotation (or None)."""

    doc: str
    start: int
    end: int
    quote: Quote | None


@dataclass(frozen=True)
class DocHit:
    """A ranked document with a highlighted snippet: (text, is_match) fragments."""

    doc: str
    title: str
    date: str
    score: float
    hits: int
    snippet: tuple[tuple[str, bool], ...]


@dataclass(frozen=True)
class SearchResult:
    total: int
    docs: tuple[DocHit, ...]
    offset: int
    limit: int | None
    query: str  # the parsed query, as explain() shows it


# --- inflection ------------------------------------------------------------------------------

_IRREGULAR_GROUPS = """
be am is are was were been being | have has had having | do does did done doing
say says said saying | tell tells told telling | speak speaks spoke spoken speaking
go goes went gone going | make makes made making | take takes took taken taking
give gives gave given giving | get gets got gotten getting | come comes came coming
see sees saw seen seeing | know knows knew known knowing | think thinks thought thinking
meet meets met meeting | write writes wrote written writing | run runs ran running
begin begins began begun beginning | break breaks broke broken breaking
bring brings brought bringing | buy buys bought buying | choose chooses chose chosen choosing
fall falls fell fallen falling | feel feels felt feeling | find finds found finding
fly flies flew flown flying | forget forgets forgot forgotten forgetting
hold holds held holding | keep keeps kept keeping | lead leads led leading
leave leaves left leaving | lose loses lost losing | mean means meant meaning
pay pays paid paying | put puts putting | read reads reading | rise rises rose risen rising
seek seeks sought seeking | sell sells sold selling | send sends sent sending
set sets setting | show shows showed shown showing | stand stands stood standing
teach teaches taught teaching | understand understands understood understanding
win wins won winning | hear hears heard hearing | let lets letting | cut cuts cutting
hit hits hitting | spend spends spent spending | build builds built building
grow grows grew grown growing | drive drives drove driven driving | eat eats ate eaten eating
draw draws drew drawn drawing | throw throws threw thrown throwing
become becomes became becoming | fight fights fought fighting | sit sits sat sitting
wear wears wore worn wearing | strike strikes struck striking | steal steals stole stolen stealing
lay lays laid laying | lie lies lay lain lying | quit quits quitting | shut shuts shutting
spread spreads spreading | forecast forecasts forecasting forecasted | deal deals dealt dealing
bear bears bore borne bearing | beat beats beaten beating | bind binds bound binding
catch catches caught catching | sleep sleeps slept sleeping | swear swears swore sworn swearing
withdraw withdraws withdrew withdrawn withdrawing | undertake undertakes undertook undertaken
overcome overcomes overcame overcoming | foresee foresees foresaw foreseen foreseeing
man men | woman women | child children | person people | foot feet | tooth teeth | mouse mice
"""


@lru_cache(maxsize=1)
def _irregular() -> dict[str, frozenset[str]]:
    table: dict[str, frozenset[str]] = {}
    for group in _IRREGULAR_GROUPS.split("|"):
        forms = frozenset(group.split())
        for form in forms:
            table[form] = table.get(form, frozenset()) | forms
    return table


_VOWELS = "aeiou"


def _syllables(word: str) -> int:
    return len(re.findall(r"[aeiouy]+", word))


def _cvc(word: str) -> bool:
    return (
        len(word) >= 3
        and word[-1] not in _VOWELS + "wxy"
        and word[-2] in _VOWELS
        and word[-3] not in _VOWELS
    )


def _forward(base: str) -> set[str]:
    """Regular inflections of a base form (verb -s/-ed/-ing, noun plural)."""
    forms = {base}
    if re.search(r"(s|x|z|ch|sh)$", base):
        forms.add(base + "es")
    elif re.search(r"[^aeiou]y$", base):
        forms.add(base[:-1] + "ies")
    elif re.search(r"[^aeiou]o$", base):
        forms |= {base + "es", base + "s"}
    else:
        forms.add(base + "s")
    if base.endswith("e"):
        forms.add(base + "d")
    elif re.search(r"[^aeiou]y$", base):
        forms.add(base[:-1] + "ied")
    if base.endswith("ie"):
        forms.add(base[:-2] + "ying")
    elif base.endswith("e") and not re.search(r"(ee|ye|oe)$", base):
        forms.add(base[:-1] + "ing")
    if not base.endswith("e"):
        stems = []
        if _cvc(base):
            stems.append(base + base[-1])
            if _syllables(base) > 1:
                stems.append(base)
        else:
            stems.append(base)
        for stem in stems:
            if not re.search(r"[^aeiou]y$", base):
                forms.add(stem + "ed")
            forms.add(stem + "ing")
    if re.search(r"(ee|ye|oe)$", base):
        forms.add(base + "ing")
    return forms


def _bases(word: str) -> set[str]:
    """Candidate base forms of a possibly inflected word."""
    cands = {word}
    for suffix, repl in (
        ("ies", "y"),
        ("ied", "y"),
        ("es", ""),
        ("s", ""),
        ("ed", ""),
        ("ed", "e"),
        ("d", ""),
        ("ing", ""),
        ("ing", "e"),
        ("ying", "ie"),
    ):
        if word.endswith(suffix) and len(word) - len(suffix) >= 2:
            stem = word[: -len(suffix)] + repl
            cands.add(stem)
            if len(stem) >= 3 and stem[-1] == stem[-2] and stem[-1] not in _VOWELS + "ls":
                cands.add(stem[:-1])  # stopped -> stop
    return {b for b in cands if word == b or word in _forward(b)}


@lru_cache(maxsize=4096)
def inflections(word: str) -> frozenset[str]:
    """The inflected forms of a word, and of its base (said -> say, says, said, saying)."""
    word = word.lower()
    irregular = _irregular()
    if word in irregular:
        return irregular[word]
    forms: set[str] = set()
    for base in _bases(word):
        forms |= irregular.get(base, frozenset()) or _forward(base)
    return frozenset(forms)


# --- multi-term queries of our own -----------------------------------------------------------


@lru_cache(maxsize=1)
def _query_classes() -> tuple[type, type]:
    from whoosh.query.terms import MultiTerm

    class _FieldText(MultiTerm):
        """Equality and hashing on (class, field, text), which Whoosh uses to dedupe queries."""

        fieldname: str
        text: str

        def __eq__(self, other: object) -> bool:
            return (
                type(other) is type(self)
                and other.fieldname == self.fieldname  # type: ignore[attr-defined]
                and other.text == self.text  # type: ignore[attr-defined]
            )

        def __hash__(self) -> int:
            return hash((type(self).__name__, self.fieldname, self.text))

    class Inflected(_FieldText):
        """Every inflected form of a word that occurs in the field."""

        def __init__(self, fieldname: str, text: str, boost: float = 1.0) -> None:
            self.fieldname = fieldname
            self.text = text
            self.boost = boost

        def __repr__(self) -> str:
            return f"Inflected({self.fieldname!r}, {self.text!r})"

        def __str__(self) -> str:
            return f"{self.fieldname}:{self.text}+inflections"

        def _btexts(self, ixreader: Any) -> list[bytes]:
            out = []
            for form in sorted(inflections(self.text)):
                if (self.fieldname, form) in ixreader:
                    out.append(form.encode("utf-8"))
            return out

    class TermRegex(_FieldText):
        """Terms that a regular expression matches as a whole."""

        def __init__(
            self, fieldname: str, text: str, boost: float = 1.0, case_sensitive: bool = False
        ) -> None:
            self.fieldname = fieldname
            self.text = text
            self.boost = boost
            self.case_sensitive = case_sensitive
            try:  # index terms are lowercase: case is checked on each hit's text instead
                self.pattern = re.compile(text, re.IGNORECASE)
            except re.error as exc:
                raise QueryError(f"bad regular expression /{text}/: {exc}") from exc

        def __repr__(self) -> str:
            return f"TermRegex({self.fieldname!r}, {self.text!r})"

        def __str__(self) -> str:
            return f"{self.fieldname}:/{self.text}/"

        def _btexts(self, ixreader: Any) -> Iterator[bytes]:
            match = self.pattern.fullmatch
            for btext in ixreader.lexicon(self.fieldname):
                if match(btext.decode("utf-8")):
                    yield btext

    return Inflected, TermRegex


# --- parsing ---------------------------------------------------------------------------------

_OPERATORS = {"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE", "REQUIRE"}
_NEAR_RE = re.compile(r"^(NEAR|BEFORE)(?:/(\d+))?$")


def _lex(text: str) -> list[tuple[str, str, int]]:
    """Split a query into (kind, value, position) tokens; raise on unbalanced delimiters.

    Kinds: phrase, regex, open, close, range, word. Used only to check the syntax before
    Whoosh (which repairs instead of complaining) parses it.
    """
    tokens: list[tuple[str, str, int]] = []
    i, n = 0, len(text)
    depth = 0
    while i < n:
        c = text[i]
        if c.isspace():
            i += 1
            continue
        if c == '"':
            j = text.find('"', i + 1)
            if j < 0:
                raise QueryError(f'unbalanced quote: the phrase opened at {i + 1} has no closing "')
            if not WORD_RE.search(text[i + 1 : j]):
                raise QueryError(f"empty phrase at {i + 1}")
            m = re.match(r"~(\d*)", text[j + 1 :])
            end = j + 1 + (m.end() if m else 0)
            if m and not m.group(1):
                raise QueryError(f'phrase slop needs a number at {j + 2}: "..."~3')
            tokens.append(("phrase", text[i:end], i))
            i = end
            continue
        if c == "/" and (i == 0 or text[i - 1] in " \t\n(:"):
            j = i + 1
            while j < n and text[j] != "/":
                j += 2 if text[j] == "\\" else 1
            if j >= n:
                raise QueryError(f"unterminated regular expression at {i + 1}: write /regex/")
            if j == i + 1:
                raise QueryError(f"empty regular expression at {i + 1}")
            try:
                re.compile(text[i + 1 : j])
            except re.error as exc:
                raise QueryError(f"bad regular expression /{text[i + 1 : j]}/: {exc}") from exc
            tokens.append(("regex", text[i : j + 1], i))
            i = j + 1
            continue
        if c == "(":
            depth += 1
            tokens.append(("open", c, i))
            i += 1
            continue
        if c == ")":
            depth -= 1
            if depth < 0:
                raise QueryError(f"unbalanced parenthesis: ')' at {i + 1} closes nothing")
            tokens.append(("close", c, i))
            i += 1
            continue
        if c in "[{":
            close = {"[": "]}", "{": "]}"}[c]
            j = i + 1
            while j < n and text[j] not in close:
                if text[j] in "[{":
                    raise QueryError(f"nested range brackets at {j + 1}")
                j += 1
            if j >= n:
                raise QueryError(f"unbalanced bracket: the range opened at {i + 1} is not closed")
            body = text[i + 1 : j]
            if not re.fullmatch(r"\s*\S*\s+TO\s+\S*\s*|\s*\S+\s+TO\s*|\s*TO\s+\S+\s*", body):
                raise QueryError(f"a range must read [FROM TO TO] (at {i + 1})")
            tokens.append(("range", text[i : j + 1], i))
            i = j + 1
            continue
        if c in "]}":
            raise QueryError(f"unbalanced bracket: '{c}' at {i + 1} closes nothing")
        j = i
        while j < n and not text[j].isspace() and text[j] not in '()[]{}"':
            j += 1
        word = text[i:j]
        if word.endswith(":") and j < n and text[j] in '"([{/':
            tokens.append(("field", word, i))
        else:
            tokens.append(("word", word, i))
        i = j
    if depth > 0:
        raise QueryError("unbalanced parenthesis: a '(' is not closed")
    return tokens


def check_syntax(text: str) -> None:
    """Raise QueryError for what Whoosh would silently repair or drop."""
    if not text.strip():
        raise QueryError("empty query")
    tokens = _lex(text)
    prev: str | None = None  # "operand", "binary", "not", "open", None
    for kind, value, pos in tokens:
        where = f"at {pos + 1}"
        if kind == "word" and (value in _OPERATORS or _NEAR_RE.match(value)):
            if value == "NOT":
                prev = "not"
                continue
            if prev not in ("operand",):
                raise QueryError(f"{value} {where} needs something to its left")
            prev = "binary"
            continue
        if kind == "word":
            m = re.match(r"^(\w+):(.*)$", value)
            if m and not value.startswith("*:"):
                name, rest = m.groups()
                if name not in QUERY_FIELDS:
                    raise QueryError(
                        f"unknown field {name!r} {where}; fields are: "
                        + ", ".join(sorted(QUERY_FIELDS))
                    )
                if not rest:
                    raise QueryError(f"field {name}: {where} has no value")
            if value.endswith("^") or re.search(r"\^(?![0-9.])", value):
                raise QueryError(f"boost needs a number {where}: term^2")
        if kind == "field":
            name = value[:-1]
            if name not in QUERY_FIELDS:
                raise QueryError(
                    f"unknown field {name!r} {where}; fields are: "
                    + ", ".join(sorted(QUERY_FIELDS))
                )
            prev = "open"
            continue
        if kind == "open":
            prev = "open"
            continue
        if kind == "close":
            if prev in ("binary", "not"):
                raise QueryError(f"operator before ')' {where} has nothing to its right")
            if prev == "open":
                raise QueryError(f"empty parentheses {where}")
            prev = "operand"
            continue
        prev = "operand"
    if prev in ("binary", "not"):
        raise QueryError("the query ends with an operator that has nothing to its right")


@lru_cache(maxsize=1)
def _parser_parts() -> dict[str, Any]:
    from whoosh import query as wq
    from whoosh.qparser import plugins, syntax

    Inflected, TermRegex = _query_classes()

    class RegexNode(syntax.TextNode):
        def query(self, parser: Any) -> Any:
            fieldname = self.fieldname or parser.fieldname
            q = TermRegex(fieldname, self.text, case_sensitive=parser.case_sensitive)
            return syntax.attach(q, self)

    class SlashRegexPlugin(plugins.TaggingPlugin):
        expr = r"(^|(?<=[\s(:]))/(?P<text>(?:\\.|[^/\\])+)/"
        nodetype = RegexNode

    class NearGroup(syntax.GroupNode):
        qclass = wq.Sequence
        merging = False

    class NearOp(syntax.InfixOperator):
        def __init__(self, text: str, grouptype: type, leftassoc: bool = True) -> None:
            super().__init__(text, grouptype, leftassoc)
            m = _NEAR_RE.match(text.strip())
            assert m is not None
            self.ordered = m.group(1) == "BEFORE"
            self.slop = int(m.group(2) or 5)

        def replace_self(self, parser: Any, group: Any, position: int) -> int:
            if 0 < position < len(group) - 1:
                left, right = group[position - 1], group[position + 1]
                group[position - 1 : position + 2] = [
                    NearGroup([left, right], slop=max(1, self.slop), ordered=self.ordered)
                ]
            else:
                del group[position]
            return position

    near_tagger = plugins.OperatorsPlugin.OpTagger(
        r"(?<=\s)(NEAR|BEFORE)(/\d+)?(?=\s)", NearGroup, optype=NearOp, memo="near"
    )
    return {
        "SlashRegexPlugin": SlashRegexPlugin,
        "near": (near_tagger, -10),
        "Inflected": Inflected,
        "TermRegex": TermRegex,
    }


def _parser(case_sensitive: bool) -> Any:
    from whoosh import qparser

    parts = _parser_parts()
    qp = qparser.QueryParser(TEXT_FIELD, _schema())
    qp.case_sensitive = case_sensitive  # read by our RegexNode
    qp.add_plugin(qparser.FuzzyTermPlugin())
    qp.add_plugin(parts["SlashRegexPlugin"]())
    qp.replace_plugin(qparser.OperatorsPlugin(ops=[parts["near"]]))
    return qp


@lru_cache(maxsize=1)
def _schema() -> Any:
    from corpus.index import make_schema

    return make_schema()


@dataclass(frozen=True)
class Leaf:
    """A part of the query that yields hits in the text, with its case check (or None)."""

    query: Any
    check: Callable[[str], bool] | None = None


@dataclass(frozen=True)
class ParsedQuery:
    """A parsed query: the Whoosh query, its text leaves, and the options it was parsed with."""

    text: str
    query: Any
    leaves: tuple[Leaf, ...]
    case_sensitive: bool = False
    inflect: bool = False
    regex: bool = False
    notes: tuple[str, ...] = field(default=())

    def explain(self, index: IndexArg | CorpusIndex = None, *, expand: bool = False) -> str:
        return explain(self, index, expand=expand)


def _case_shape(surface: str) -> Callable[[str], bool]:
    if surface.isupper() and len(surface) > 1:
        return lambda s: s.isupper()
    if surface[:1].isupper():
        return lambda s: s[:1].isupper()
    if surface.islower():
        return lambda s: s.islower()
    return lambda s: True


def _surface(qtext: str, q: Any) -> str | None:
    start = getattr(q, "startchar", None)
    end = getattr(q, "endchar", None)
    if start is None or end is None:
        return None
    return qtext[start:end]


def _leaf_check(qtext: str, q: Any) -> Callable[[str], bool] | None:
    """A case-sensitive check of a hit's text for one leaf of the query."""
    from whoosh import query as wq

    Inflected, TermRegex = _query_classes()
    if isinstance(q, TermRegex):
        pattern = re.compile(q.text)
        return lambda s: pattern.fullmatch(s) is not None
    if isinstance(q, wq.Phrase):
        words = []
        for a, b in q.char_ranges or ():
            if a is None:
                return None
            words.extend(WORD_RE.findall(qtext[a:b]))
        if not words:
            return None
        return lambda s: WORD_RE.findall(s) == words
    if isinstance(q, wq.Sequence | wq.Ordered):
        subs = [_surface(qtext, s) for s in q.subqueries]
        words = [w for s in subs if s for w in WORD_RE.findall(s)]
        pats = [re.compile(rf"(?<!\w){re.escape(w)}(?!\w)") for w in words if "*" not in w]
        return lambda s: all(p.search(s) for p in pats)
    if isinstance(q, wq.Wildcard | wq.Prefix):
        # the parser's offsets for patterns are unreliable: find the pattern as typed
        needle = q.text + ("*" if isinstance(q, wq.Prefix) else "")
        at = qtext.lower().find(needle)
        if at < 0:
            return None
        typed = qtext[at : at + len(needle)]
        return lambda s: fnmatch.fnmatchcase(s, typed)
    surface = _surface(qtext, q)
    if not surface:
        return None
    surface = surface.split(":", 1)[-1] if ":" in surface else surface
    surface = re.sub(r"[~^][0-9./]*$", "", surface)
    if isinstance(q, wq.FuzzyTerm | Inflected):
        return _case_shape(surface)
    if isinstance(q, wq.Term):
        return lambda s: s == surface
    return None


def _collect_leaves(qtext: str, q: Any, case_sensitive: bool, out: list[Leaf]) -> None:
    from whoosh import query as wq

    if isinstance(q, wq.Not):
        return
    if isinstance(q, wq.AndNot):
        _collect_leaves(qtext, q.a, case_sensitive, out)
        return
    if isinstance(q, wq.Sequence | wq.Ordered | wq.Phrase):
        if _fields_of(q) == {TEXT_FIELD}:
            out.append(Leaf(q, _leaf_check(qtext, q) if case_sensitive else None))
        return
    if isinstance(q, wq.Term | wq.MultiTerm):
        if q.field() == TEXT_FIELD:
            out.append(Leaf(q, _leaf_check(qtext, q) if case_sensitive else None))
        return
    if isinstance(q, wq.Every):
        return
    for child in q.children():
        _collect_leaves(qtext, child, case_sensitive, out)


def _fields_of(q: Any) -> set[str]:
    names: set[str] = set()
    if q.is_leaf():
        f = q.field()
        if f:
            names.add(f)
        return names
    if hasattr(q, "fieldname"):
        names.add(q.fieldname)
        return names
    for child in q.children():
        names |= _fields_of(child)
    return names


def _find_errors(q: Any) -> None:
    from whoosh.query import qcore

    error_type = getattr(qcore, "ErrorQuery", None)
    if error_type is not None and isinstance(q, error_type):
        raise QueryError(f"cannot parse query: {getattr(q, 'message', q)}")
    if not q.is_leaf():
        for child in q.children():
            _find_errors(child)


def _inflect_tree(q: Any) -> Any:
    """Replace each word of the text field by all its inflected forms."""
    from whoosh import query as wq

    Inflected, _ = _query_classes()
    if type(q) is wq.Term and q.fieldname == TEXT_FIELD:
        new = Inflected(q.fieldname, q.text, boost=q.boost)
        new.startchar, new.endchar = getattr(q, "startchar", None), getattr(q, "endchar", None)
        return new
    if isinstance(q, wq.Phrase) and q.fieldname == TEXT_FIELD:
        subs = []
        for i, word in enumerate(q.words):
            sub = Inflected(q.fieldname, word)
            if q.char_ranges and i < len(q.char_ranges):
                sub.startchar, sub.endchar = q.char_ranges[i]
            subs.append(sub)
        return wq.Sequence(subs, slop=q.slop, ordered=True, boost=q.boost)
    if q.is_leaf():
        return q
    return q.apply(_inflect_tree)


def parse_query(
    text: str | ParsedQuery,
    *,
    case_sensitive: bool = False,
    regex: bool = False,
    inflect: bool = False,
) -> ParsedQuery:
    """Parse a query string (Whoosh syntax plus NEAR/N, BEFORE/N and /regex/); QueryError if bad."""
    if isinstance(text, ParsedQuery):
        return text
    from whoosh import query as wq

    if regex:
        stripped = text.strip()
        if not stripped:
            raise QueryError("empty regular expression")
        if not (stripped.startswith("/") and stripped.endswith("/") and len(stripped) > 2):
            stripped = "/" + stripped.replace("/", "\\/") + "/"
        text = stripped
    check_syntax(text)
    try:
        q = _parser(case_sensitive).parse(text)
    except QueryError:
        raise
    except Exception as exc:  # whoosh raises plain exceptions on odd input
        raise QueryError(f"cannot parse query {text!r}: {exc}") from exc
    _find_errors(q)
    if q is wq.NullQuery or isinstance(q, type(wq.NullQuery)):
        raise QueryError(f"the query {text!r} has no words to search for")
    if inflect:
        q = _inflect_tree(q)
    leaves: list[Leaf] = []
    _collect_leaves(text, q, case_sensitive, leaves)
    return ParsedQuery(text, q, tuple(leaves), case_sensitive, inflect, regex)


def _explain_query(q: Any, reader: Any | None) -> str:
    from whoosh import query as wq

    Inflected, TermRegex = _query_classes()
    if isinstance(q, wq.Phrase):
        slop = f"~{q.slop}" if q.slop > 1 else ""
        return f'{q.fieldname}:"{" ".join(q.words)}"{slop}'
    if isinstance(q, wq.Sequence | wq.Ordered):
        op = "BEFORE" if getattr(q, "ordered", True) else "NEAR"
        slop = getattr(q, "slop", 1)
        inner = f" {op}/{slop} ".join(_explain_query(s, reader) for s in q.subqueries)
        return f"({inner})"
    if isinstance(q, Inflected | TermRegex | wq.Wildcard | wq.Prefix | wq.FuzzyTerm):
        base = str(q)
        if reader is not None:
            forms = [
                b if isinstance(b, str) else b.decode("utf-8") for b in list(q._btexts(reader))[:30]
            ]
            base += "{" + "|".join(forms) + "}"
        return base
    if isinstance(q, wq.Not):
        return f"NOT {_explain_query(q.query, reader)}"
    if isinstance(q, wq.AndNot):
        return f"({_explain_query(q.a, reader)} ANDNOT {_explain_query(q.b, reader)})"
    if isinstance(q, wq.And | wq.Or | wq.DisjunctionMax):
        joint = " AND " if isinstance(q, wq.And) else " OR "
        return "(" + joint.join(_explain_query(s, reader) for s in q.subqueries) + ")"
    return str(q)


def explain(
    query: str | ParsedQuery,
    index: IndexArg | CorpusIndex = None,
    *,
    expand: bool = False,
    case_sensitive: bool = False,
    regex: bool = False,
    inflect: bool = False,
) -> str:
    """The parsed query as text; with ``expand`` and an index, the terms each pattern reaches."""
    pq = parse_query(query, case_sensitive=case_sensitive, regex=regex, inflect=inflect)
    if expand and index is not None:
        cix = open_index(index)
        with cix.searcher() as s:
            text = _explain_query(pq.query, s.reader())
    else:
        text = _explain_query(pq.query, None)
    flags = [
        name
        for name, on in (
            ("case-sensitive", pq.case_sensitive),
            ("inflect", pq.inflect),
            ("regex", pq.regex),
        )
        if on
    ]
    return text + (f"  [{', '.join(flags)}]" if flags else "")


# --- filters ---------------------------------------------------------------------------------

_DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def _key(value: str) -> str:
    return " ".join(value.replace(",", " ").lower().split())


def filter_query(filters: Filters) -> Any | None:
    """The document-level Whoosh query for the filters (None when nothing restricts documents)."""
    from whoosh import query as wq

    parts: list[Any] = []
    f = filters
    if f.in_ not in (None, "quote", "narration"):
        raise QueryError(f"--in must be quote or narration, not {f.in_!r}")
    for fieldname, value, keyof in (
        ("speaker", f.speaker, name_key),
        ("person", f.person, name_key),
        ("place", f.place, name_key),
        ("org", f.org, name_key),
        ("agency", f.agency, _key),
    ):
        if value is not None:
            if not keyof(value):
                raise QueryError(f"empty --{fieldname}")
            parts.append(wq.Term(fieldname, keyof(value)))
    if f.doc:
        if any(c in f.doc for c in "*?"):
            parts.append(wq.Wildcard("doc", f.doc))
        else:
            parts.append(wq.Term("doc", f.doc))
    if f.cue:
        forms = sorted(inflections(_key(f.cue))) if " " not in _key(f.cue) else [_key(f.cue)]
        parts.append(wq.Or([wq.Term("cue", form) for form in forms]))
    if f.direct is True:
        parts.append(wq.Or([wq.Term("qkind", k) for k in sorted(DIRECT_KINDS)]))
    elif f.direct is False:
        parts.append(wq.Or([wq.Term("qkind", k) for k in QUOTE_KINDS if k not in DIRECT_KINDS]))
    elif f.in_ == "quote":
        parts.append(wq.Or([wq.Term("qkind", k) for k in QUOTE_KINDS]))
    for name, value in (("date_from", f.date_from), ("date_to", f.date_to)):
        if value is not None and not _DATE_RE.match(value):
            raise QueryError(
                f"--{name.replace('_', '-')} {value!r}: "
                "write an ISO date (2022, 2022-02, 2022-02-12)"
            )
    if f.date_from:
        lo = date_bounds(f.date_from)
        assert lo is not None
        parts.append(wq.TermRange("date_hi", lo[0], None))
    if f.date_to:
        hi = date_bounds(f.date_to)
        assert hi is not None
        parts.append(wq.TermRange("date_lo", None, hi[1]))
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else wq.And(parts)


def quote_predicate(filters: Filters) -> Callable[[QuoteRow | None], bool] | None:
    """The per-hit test of the hit-level filters, on the hit's quotation (None: narration)."""
    f = filters
    if not f.on_hits:
        return None
    if f.in_ == "narration" and (f.speaker or f.direct is not None or f.cue):
        raise QueryError(
            "--in narration cannot combine with --speaker, --direct/--indirect or --cue"
        )
    speaker = name_key(f.speaker) if f.speaker else None
    cue_forms: frozenset[str] | None = None
    cue_phrase: str | None = None
    if f.cue:
        key = _key(f.cue)
        if " " in key:
            cue_phrase = key
        else:
            cue_forms = inflections(key) | {key}

    def test(row: QuoteRow | None) -> bool:
        if f.in_ == "narration":
            return row is None
        if row is None:
            return False
        if speaker is not None and speaker not in name_keys(row.speaker, row.speaker_name):
            return False
        if f.direct is not None and (row.kind in DIRECT_KINDS) != f.direct:
            return False
        if cue_phrase is not None and cue_phrase != _key(row.cue):
            return False
        return not (cue_forms is not None and not cue_forms & set(WORD_RE.findall(row.cue.lower())))

    return test


# --- hits ------------------------------------------------------------------------------------


def quote_index(qd: QuoteData, start: int, end: int) -> int:
    """Index of the innermost quotation containing [start, end) in ``qd.rows``, or -1."""
    if not qd.seg_starts:
        return -1
    i = bisect.bisect_right(qd.seg_starts, start) - 1
    if i < 0:
        return -1
    qi = qd.seg_quote[i]
    rows = qd.rows
    while qi >= 0 and rows[qi].end < end:
        qi = rows[qi].parent
    return qi


def quote_of(row: QuoteRow) -> Quote:
    return Quote(
        row.start,
        row.end,
        row.speaker,
        row.speaker_name,
        row.kind,
        row.cue,
        row.reported_by,
        row.reported_by_name,
    )


class _LeafMatchers:
    """Span sources for the leaves of a query, advanced together over ascending docnums."""

    def __init__(self, pq: ParsedQuery, searcher: Searcher) -> None:
        from whoosh import query as wq

        reader = searcher.reader()
        ctx = searcher.boolean_context()
        self.sources: list[tuple[Any, Callable[[str], bool] | None]] = []
        for leaf in pq.leaves:
            q = leaf.query
            if isinstance(q, wq.MultiTerm):
                texts = []
                for btext in q._btexts(reader):
                    texts.append(btext if isinstance(btext, str) else btext.decode("utf-8"))
                    if len(texts) > MAX_EXPANSION:
                        raise QueryError(
                            f"{_explain_query(q, None)} matches more than {MAX_EXPANSION} "
                            "different words; make it more specific"
                        )
                for word in texts:
                    m = wq.Term(q.field(), word).matcher(searcher, ctx)
                    if m.is_active():
                        self.sources.append((m, leaf.check))
            else:
                m = q.matcher(searcher, ctx)
                if m.is_active():
                    self.sources.append((m, leaf.check))
        # a heap of (current docnum, serial) for the matchers still active
        self.heap = [(m.id(), i) for i, (m, _) in enumerate(self.sources)]
        heapq.heapify(self.heap)

    def spans(self, docnum: int, text: str | None) -> list[tuple[int, int]]:
        heap = self.heap
        found: list[tuple[int, int]] = []
        while heap and heap[0][0] <= docnum:
            cur, i = heap[0]
            m, check = self.sources[i]
            if cur < docnum:
                m.skip_to(docnum)
                if not m.is_active():
                    heapq.heappop(heap)
                    continue
                heapq.heapreplace(heap, (m.id(), i))
                continue
            for sp in m.spans():
                a, b = sp.startchar, sp.endchar
                if check is None or (text is not None and check(text[a:b])):
                    found.append((a, b))
            m.next()
            if m.is_active():
                heapq.heapreplace(heap, (m.id(), i))
            else:
                heapq.heappop(heap)
        if len(found) > 1:
            found = sorted(set(found))
        return found


@dataclass
class DocHits:
    """The hits of one document, with what was loaded to find them."""

    docnum: int
    spans: list[tuple[int, int]]
    quote_idx: list[int]  # per span: innermost quotation index, or -1
    info: tuple[Any, ...] | None  # (doc id, title, date, place, agency, quotes)
    quotes: QuoteData
    text: str | None

    @property
    def doc_id(self) -> str:
        return self.info[0] if self.info is not None else ""


class Columns:
    """Column readers of one searcher, opened on first use (each open reads an offset table).

    Open what a pass needs before reading documents: a concurrent writer's merge can delete
    the segment files this searcher reads; files already open stay readable (POSIX).
    """

    def __init__(self, searcher: Searcher) -> None:
        self._reader = searcher.reader()
        self._open: dict[str, Any] = {}

    def _get(self, name: str) -> Any:
        cr = self._open.get(name)
        if cr is None:
            cr = self._open[name] = self._reader.column_reader(name)
        return cr

    @property
    def body(self) -> Any:
        return self._get("body")

    @property
    def info(self) -> Any:
        return self._get("info")

    @property
    def sents(self) -> Any:
        return self._get("sents")

    def text(self, docnum: int) -> str:
        return self._get("body")[docnum].decode("utf-8")


def doc_hits(
    pq: ParsedQuery,
    searcher: Searcher,
    filters: Filters = NO_FILTERS,
    *,
    need_text: bool = False,
    need_info: bool = True,
    docnums: Iterable[int] | None = None,
    columns: Columns | None = None,
) -> Iterator[DocHits]:
    """Per matching document (in index order): its hit spans, after the hit-level filters.

    Reads only what is needed: the text for case-sensitive checks (or ``need_text``), the
    info column (id, title, date, quotations) unless ``need_info`` is False and no hit-level
    filter needs the quotations.
    """
    if not pq.leaves:
        raise QueryError(
            f"{pq.text!r} has no words to find in the text (fields such as speaker: only "
            "select documents); add words, or use --speaker/--in to restrict hits"
        )
    fq = filter_query(filters)
    pred = quote_predicate(filters)
    need_text = need_text or pq.case_sensitive
    need_info = need_info or pred is not None
    cols = columns or Columns(searcher)
    # columns are opened before the first document is read (see Columns)
    body = cols.body if need_text else None
    infos = cols.info if need_info else None
    if docnums is None:
        from whoosh import query as wq

        top = pq.query if fq is None else wq.And([pq.query, fq])
        matcher = top.matcher(searcher, searcher.boolean_context())
        docnums = matcher.all_ids() if matcher.is_active() else ()
    leaves = _LeafMatchers(pq, searcher)
    for docnum in docnums:
        text = body[docnum].decode("utf-8") if body is not None else None
        spans = leaves.spans(docnum, text)
        if not spans:
            continue
        info = infos[docnum] if infos is not None else None
        qd = quotes_from_info(info[5]) if info is not None else EMPTY_QUOTES
        qidx = [quote_index(qd, a, b) for a, b in spans] if qd.rows else [-1] * len(spans)
        if pred is not None:
            verdict = [pred(r) for r in qd.rows]
            narration = pred(None)
            keep = [i for i, qi in enumerate(qidx) if (verdict[qi] if qi >= 0 else narration)]
            if not keep:
                continue
            if len(keep) < len(spans):
                spans = [spans[i] for i in keep]
                qidx = [qidx[i] for i in keep]
        yield DocHits(docnum, spans, qidx, info, qd, text)


def hits(
    query: str | ParsedQuery,
    index: IndexArg | CorpusIndex = None,
    filters: Filters = NO_FILTERS,
    *,
    case_sensitive: bool = False,
    regex: bool = False,
    inflect: bool = False,
) -> Iterator[Hit]:
    """Every keyword hit as (doc, start, end) in the stored text, with its quotation."""
    pq = parse_query(query, case_sensitive=case_sensitive, regex=regex, inflect=inflect)
    cix = open_index(index)
    with cix.searcher() as searcher:
        for dh in doc_hits(pq, searcher, filters):
            cache: dict[int, Quote] = {}
            rows = dh.quotes.rows
            for (a, b), qi in zip(dh.spans, dh.quote_idx, strict=True):
                quote = None
                if qi >= 0:
                    quote = cache.get(qi)
                    if quote is None:
                        quote = cache[qi] = quote_of(rows[qi])
                yield Hit(dh.doc_id, a, b, quote)


def count(
    query: str | ParsedQuery,
    index: IndexArg | CorpusIndex = None,
    filters: Filters = NO_FILTERS,
    *,
    case_sensitive: bool = False,
    regex: bool = False,
    inflect: bool = False,
) -> tuple[int, int]:
    """(hits, documents) for a query and filters, without building any line."""
    pq = parse_query(query, case_sensitive=case_sensitive, regex=regex, inflect=inflect)
    cix = open_index(index)
    n_hits = n_docs = 0
    with cix.searcher() as searcher:
        for dh in doc_hits(pq, searcher, filters, need_info=False):
            n_hits += len(dh.spans)
            n_docs += 1
    return n_hits, n_docs


# --- ranked documents ------------------------------------------------------------------------


def snippet(
    text: str, spans: Sequence[tuple[int, int]], *, width: int = 60, fragments: int = 3
) -> tuple[tuple[str, bool], ...]:
    """Highlighted fragments around the first hits: (text, is_match) pieces, "…" between."""
    if not spans:
        head = text[: width * 2]
        return ((head + ("…" if len(text) > len(head) else ""), False),)
    windows: list[list[tuple[int, int]]] = []
    for a, b in spans:
        if windows and a - windows[-1][-1][1] <= width:
            windows[-1].append((a, b))
        elif len(windows) < fragments:
            windows.append([(a, b)])
    out: list[tuple[str, bool]] = []
    for w in windows:
        lo = max(0, w[0][0] - width)
        hi = min(len(text), w[-1][1] + width)
        if out:
            out.append((" … ", False))
        elif lo > 0:
            out.append(("…", False))
        pos = lo
        for a, b in w:
            if a < pos:
                continue
            if a > pos:
                out.append((text[pos:a], False))
            out.append((text[a:b], True))
            pos = b
        if hi > pos:
            out.append((text[pos:hi], False))
    if windows and min(len(text), windows[-1][-1][1] + width) < len(text):
        out.append(("…", False))
    return tuple(out)


def search(
    query: str | ParsedQuery,
    index: IndexArg | CorpusIndex = None,
    filters: Filters = NO_FILTERS,
    limit: int | None = 10,
    offset: int = 0,
    *,
    case_sensitive: bool = False,
    regex: bool = False,
    inflect: bool = False,
    snippet_width: int = 60,
) -> SearchResult:
    """Documents ranked by BM25F, with the number of hits and a highlighted snippet each."""
    pq = parse_query(query, case_sensitive=case_sensitive, regex=regex, inflect=inflect)
    if offset < 0 or (limit is not None and limit < 0):
        raise QueryError("--limit and --offset must not be negative")
    cix = open_index(index)
    fq = filter_query(filters)
    per_hit = filters.on_hits or pq.case_sensitive
    with cix.searcher() as searcher:
        cols = Columns(searcher)
        want = None if (per_hit or limit is None) else offset + limit
        results = searcher.search(pq.query, filter=fq, limit=want)
        ranked = [(r.docnum, r.score) for r in results]
        if per_hit:
            # keep the documents with at least one hit that passes the hit-level filters
            order = sorted(ranked)
            spans_by_doc = {
                dh.docnum: dh
                for dh in doc_hits(
                    pq, searcher, filters, docnums=[d for d, _ in order], columns=cols
                )
            }
            ranked = [(d, s) for d, s in ranked if d in spans_by_doc]
            total = len(ranked)
        else:
            spans_by_doc = {}
            total = len(results)
        page = ranked[offset : None if limit is None else offset + limit]
        if not per_hit and pq.leaves and page:
            for dh in doc_hits(
                pq, searcher, filters, docnums=sorted(d for d, _ in page), columns=cols
            ):
                spans_by_doc[dh.docnum] = dh
        docs = []
        for docnum, score in page:
            doc_id, title, date = cols.info[docnum][:3]
            text = cols.text(docnum)
            dh = spans_by_doc.get(docnum)
            spans = dh.spans if dh is not None else []
            docs.append(
                DocHit(
                    doc_id,
                    title,
                    date,
                    round(float(score), 4),
                    len(spans),
                    snippet(text, spans, width=snippet_width),
                )
            )
    return SearchResult(total, tuple(docs), offset, limit, explain(pq))
