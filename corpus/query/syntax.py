"""Query syntax checking: what Whoosh's parser would silently repair raises QueryError.

Whoosh drops unbalanced quotes, unknown fields and dangling operators; a user who typed them
meant something, so :func:`check_syntax` says what is wrong and where (1-based character
positions) before the query reaches the parser. Limits: it checks the shape (delimiters,
operators with both operands, known field names, slop and boost numbers), not the meaning.
"""

from __future__ import annotations

import re

from corpus.errors import QueryError
from corpus.index.terms import TOKEN_RE as WORD_RE

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

_OPERATORS = {"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE", "REQUIRE"}
NEAR_RE = re.compile(r"^(NEAR|BEFORE)(?:/(\d+))?$")


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
        if kind == "word" and (value in _OPERATORS or NEAR_RE.match(value)):
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
