"""Records that flow through the pipeline: frozen, typed, with standoff character spans.

Every span is a half-open ``[start, end)`` range of character offsets into ``Article.text``.
Annotators record spans where they find them; only the TEI writer turns them into markup.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

BlockKind = Literal["head", "argument", "dateline", "p"]
EntityKind = Literal["person", "place", "org", "date"]
QuoteKind = Literal["direct", "mixed", "indirect"]
MarkKind = Literal["gap", "supplied", "soCalled"]


@dataclass(frozen=True)
class Span:
    start: int
    end: int

    def __len__(self) -> int:
        return self.end - self.start

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end

    def contains(self, other: Span) -> bool:
        return self.start <= other.start and other.end <= self.end


@dataclass(frozen=True)
class Block:
    """A structural region of the article: headline, standfirst, dateline or paragraph."""

    kind: BlockKind
    start: int
    end: int


@dataclass(frozen=True)
class Article:
    """One news article as read from its source, before annotation.

    ``text`` is the article text after decoding and newline normalisation; ``blocks`` tile the
    non-blank parts of it. The TEI body holds exactly this text.
    """

    doc_id: str
    text: str
    blocks: tuple[Block, ...]
    title: str = ""
    standfirst: str = ""
    place: str = ""
    date: str = ""  # ISO 8601, or a partial date such as --02-12
    agency: str = ""
    url: str = ""
    source: str = ""  # input file name (or "-" for stdin)
    record: int | None = None  # 1-based record number inside a JSON/JSONL file
    language: str = "en"


@dataclass(frozen=True)
class Rejected:
    """An input article that could not be read, with the reason a user can act on."""

    source: str
    record: int | None
    reason: str


@dataclass(frozen=True)
class Entity:
    """A real-world entity of a document (one id, many mentions).

    ``anonymous`` marks a speaker known only by a description no name resolves ("analysts",
    "a source in the diplomatic service"); TEI writes it as ``@ana="#sp.anonymous"``.
    """

    id: str
    kind: EntityKind
    name: str
    role: str = ""
    anonymous: bool = False


@dataclass(frozen=True)
class Mention:
    """A named-entity (or role/pronoun) mention pointing at an Entity id.

    ``when`` holds the ISO value for dates; ``method`` and ``confidence`` say how it was found.
    ``name`` is False for descriptions and pronouns (TEI ``rs`` instead of ``persName``).
    """

    start: int
    end: int
    kind: EntityKind
    ref: str
    when: str = ""
    name: bool = True
    method: str = "ner"
    confidence: float = 1.0


@dataclass(frozen=True)
class Quotation:
    """Reported speech: the content span, who said it, the cue, and how it was found.

    ``speaker`` is an Entity id (or "" when unknown); ``reported_by`` is who passes the words
    on when that differs (Ushakov reporting Putin). ``mention`` is the span of the speaker
    mention that licensed the attribution; ``cue`` the span of the reporting verb.
    ``parts`` lists the quoted stretches of a quotation its attribution interrupts.
    """

    start: int
    end: int
    kind: QuoteKind
    speaker: str = ""
    cue: Span | None = None
    mention: Span | None = None
    reported_by: str = ""
    method: str = "rule"
    confidence: float = 1.0
    parts: tuple[Span, ...] = ()

    def segments(self) -> tuple[Span, ...]:
        """The quoted stretches: `parts` when the attribution interrupts the quotation
        ('"A," he said, "B."'), else the whole span. Text between parts is narration."""
        return self.parts or (Span(self.start, self.end),)


@dataclass(frozen=True)
class Mark:
    """Editorial marks kept in the text: gaps, supplied insertions, scare quotes."""

    start: int
    end: int
    kind: MarkKind


@dataclass(frozen=True)
class Document:
    """An annotated article: the article plus standoff annotation layers."""

    article: Article
    sentences: tuple[Span, ...] = ()
    entities: tuple[Entity, ...] = ()
    mentions: tuple[Mention, ...] = ()
    quotations: tuple[Quotation, ...] = ()
    marks: tuple[Mark, ...] = ()

    def entity(self, ref: str) -> Entity | None:
        for ent in self.entities:
            if ent.id == ref:
                return ent
        return None
