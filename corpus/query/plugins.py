"""Whoosh parser extensions: ``/regex/`` terms and the ``NEAR/n`` and ``BEFORE/n`` operators.

- ``/regex/``: a regular expression that must match a whole index term (terms are lowercased
  unless the query is case-sensitive; see :class:`~corpus.query.terms.TermRegex`). A slash
  opens a regex only at the start of the query or after a space, ``(`` or ``field:``.
- ``a NEAR/3 b`` (either order) and ``a BEFORE/3 b`` (in order): within 3 positions (adjacent
  words are 1 apart; bare ``NEAR`` means ``NEAR/5``), as a Whoosh ``Sequence`` with that slop.

:func:`make_parser` builds the query parser with these plugins and fuzzy terms (``putn~``). This
module imports Whoosh: import it where a query is parsed.
"""

from __future__ import annotations

from typing import Any

from whoosh import qparser
from whoosh import query as wq
from whoosh.qparser import plugins, syntax

from corpus.query.syntax import NEAR_RE
from corpus.query.terms import TermRegex

DEFAULT_NEAR = 5  # slop of a bare NEAR or BEFORE


class RegexNode(syntax.TextNode):
    """A ``/regex/`` in the query, made into a :class:`TermRegex` on the node's field."""

    def query(self, parser: Any) -> Any:
        fieldname = self.fieldname or parser.fieldname
        q = TermRegex(fieldname, self.text, case_sensitive=parser.case_sensitive)
        return syntax.attach(q, self)


class SlashRegexPlugin(plugins.TaggingPlugin):
    """Tags ``/.../`` (backslash escapes a slash) as a :class:`RegexNode`."""

    expr = r"(^|(?<=[\s(:]))/(?P<text>(?:\\.|[^/\\])+)/"
    nodetype = RegexNode


class NearGroup(syntax.GroupNode):
    """The two operands of NEAR/BEFORE: a ``Sequence`` query with the operator's slop."""

    qclass = wq.Sequence
    merging = False


class NearOp(syntax.InfixOperator):
    """``NEAR/n`` or ``BEFORE/n`` between two operands; without both it is dropped (the
    syntax check has already refused that)."""

    def __init__(self, text: str, grouptype: type, leftassoc: bool = True) -> None:
        super().__init__(text, grouptype, leftassoc)
        m = NEAR_RE.match(text.strip())
        assert m is not None
        self.ordered = m.group(1) == "BEFORE"
        self.slop = int(m.group(2) or DEFAULT_NEAR)

    def replace_self(self, parser: Any, group: Any, position: int) -> int:
        if 0 < position < len(group) - 1:
            left, right = group[position - 1], group[position + 1]
            group[position - 1 : position + 2] = [
                NearGroup([left, right], slop=max(1, self.slop), ordered=self.ordered)
            ]
        else:
            del group[position]
        return position


def near_tagger() -> tuple[Any, int]:
    """The operator tagger of NEAR/BEFORE and its priority, for ``OperatorsPlugin(ops=...)``."""
    tagger = plugins.OperatorsPlugin.OpTagger(
        r"(?<=\s)(NEAR|BEFORE)(/\d+)?(?=\s)", NearGroup, optype=NearOp, memo="near"
    )
    return tagger, -10


def make_parser(fieldname: str, schema: Any, case_sensitive: bool) -> Any:
    """Whoosh's QueryParser on ``fieldname`` with fuzzy terms, /regex/ and NEAR/BEFORE."""
    qp = qparser.QueryParser(fieldname, schema)
    qp.case_sensitive = case_sensitive  # read by RegexNode
    qp.add_plugin(qparser.FuzzyTermPlugin())
    qp.add_plugin(SlashRegexPlugin())
    qp.replace_plugin(qparser.OperatorsPlugin(ops=[near_tagger()]))
    return qp
