"""Readable, stable document ids that are safe as XML ids and as file names.

An id is a slug of ``[a-z0-9-]`` that starts with a letter (a valid XML NCName), at most
:data:`MAX_ID_LENGTH` characters, with no path separator, dot or "..". It is derived only from the
article's metadata, so re-ingesting the same input gives the same id.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from pathlib import PurePath
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from corpus.model import Article

MAX_ID_LENGTH = 80
TITLE_WORDS = 5
#: Words dropped from the end of the title part of an id ("moscow-to-react-soon", not "...-to").
TRAILING_STOPWORDS = frozenset(
    {"a", "an", "and", "as", "at", "but", "by", "for", "from", "in", "into", "of", "on", "or",
     "over", "than", "that", "the", "to", "with"}
)  # fmt: skip

_APOSTROPHES = re.compile("['’ʼ`´]")
_NON_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(text: str, *, drop_apostrophes: bool = True, limit: int | None = None) -> str:
    """Lower-case ASCII slug: ``West’s Response!`` -> ``wests-response``. The one slug function
    of the project (document ids, entity ids, export names).

    ``drop_apostrophes=False`` keeps the rule entity ids were minted with: an ASCII ``'``
    separates words (``O'Brien`` -> ``o-brien``; a typographic ``’`` is still dropped by the
    ASCII folding). ``limit`` cuts the slug to that many characters (no hyphen at the end).
    """
    if drop_apostrophes:
        text = _APOSTROPHES.sub("", text)
    text = unicodedata.normalize("NFKD", text)
    text = text.encode("ascii", "ignore").decode("ascii").lower()
    slug = _NON_SLUG.sub("-", text).strip("-")
    return slug if limit is None else slug[:limit].strip("-")


def title_slug(title: str, words: int = TITLE_WORDS) -> str:
    """The first ``words`` words of a title as a slug, without trailing stop words."""
    parts = [p for p in slugify(title).split("-") if p][:words]
    while len(parts) > 1 and parts[-1] in TRAILING_STOPWORDS:
        parts.pop()
    return "-".join(parts)


def _date_slug(date: str) -> str:
    return slugify(date)  # 2022-02-12 stays, --02-12 becomes 02-12


def _truncate(slug: str, limit: int = MAX_ID_LENGTH) -> str:
    if len(slug) <= limit:
        return slug
    cut = slug[:limit]
    if "-" in cut[limit // 2 :]:
        cut = cut[: cut.rindex("-")]
    return cut.strip("-")


# xml:ids the TEI writer uses for its own elements; a document id must not take them.
_WRITER_IDS = re.compile(r"corpus|methods|quote-kinds|q\d+(?:-\d+)?|m\..*|q\..*")


def _ncname(slug: str) -> str:
    slug = slug.strip("-")
    if not slug:
        return "doc"
    if not slug[0].isalpha() or _WRITER_IDS.fullmatch(slug):
        slug = "doc-" + slug
    return slug


def _stem(source: str) -> str:
    if not source or source == "-":
        return ""
    return slugify(PurePath(source.replace("\\", "/")).stem)


def make_doc_id(
    *,
    title: str = "",
    agency: str = "",
    date: str = "",
    record_id: str = "",
    source: str = "",
    record: int | None = None,
) -> str:
    """Build a document id from metadata.

    * a record with an ``id`` field: ``<agency or source stem>-<id>`` (``reuters-1234``; an id
      that already starts with that prefix is not doubled);
    * a titled article: ``<agency>-<date>-<first title words>``
      (``tass-2024-12-26-in-brief-putin-talks``; a partial date ``--02-12`` gives ``02-12``);
    * otherwise the source file stem, plus ``-<record>`` inside a multi-record file.
    """
    if record_id:
        prefix = slugify(agency) or _stem(source)
        rid = slugify(record_id)
        if prefix and rid != prefix and not rid.startswith(prefix + "-"):
            rid = f"{prefix}-{rid}"
        return _ncname(_truncate(rid))
    words = title_slug(title)
    if words:
        parts = [slugify(agency), _date_slug(date), words]
        return _ncname(_truncate("-".join(p for p in parts if p)))
    base = _stem(source) or "stdin"
    if record is not None:
        base = f"{base}-{record}"
    return _ncname(_truncate(base))


def unique_id(doc_id: str, article: Article, seen: set[str]) -> str:
    """Return ``doc_id``, or ``doc_id`` plus a short stable hash of (source, record) when it is
    already in ``seen``; the returned id is added to ``seen``.

    The hash depends only on the article's source and record number, so the same inputs in the
    same order get the same ids run after run.
    """
    candidate = doc_id
    if candidate in seen:
        key = f"{article.source}\x00{article.record}".encode()
        digest = hashlib.sha1(key).hexdigest()[:8]
        base = _truncate(doc_id, MAX_ID_LENGTH - 9)
        candidate = f"{base}-{digest}"
        n = 2
        while candidate in seen:
            candidate = f"{base}-{digest}-{n}"
            n += 1
    seen.add(candidate)
    return candidate
