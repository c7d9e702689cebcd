"""Association and keyness measures: scores of a contingency table, nothing read or counted.

:func:`association` scores a collocate with NLTK's ``BigramAssocMeasures`` (pmi, llr, t, dice,
and logDice); :func:`log_likelihood` (G2), :func:`log_ratio` and :func:`chi2_p` score keyness.
:mod:`corpus.stats` does the counting and calls these.
"""

from __future__ import annotations

import math
from typing import Literal

from corpus.errors import QueryError

Measure = Literal["pmi", "llr", "t", "dice", "logdice"]
MEASURES: tuple[str, ...] = ("pmi", "llr", "t", "dice", "logdice")


def association(
    measure: str, observed: int, window_tokens: int, frequency: int, corpus_tokens: int
) -> float:
    """Score one collocate with NLTK's ``BigramAssocMeasures`` from a span contingency table.

    The NLTK marginals are ``n_ii`` = ``observed`` (the collocate's occurrences inside the
    windows), ``n_ix`` = ``window_tokens`` (all token positions inside the windows), ``n_xi`` =
    ``frequency`` (the collocate's corpus frequency), ``n_xx`` = ``corpus_tokens``. So the
    expected co-occurrence is ``window_tokens * frequency / corpus_tokens`` (the usual span-based
    expectation) and the table is a valid 2x2 table. ``llr`` is signed: negative when the word
    occurs less often than expected. ``logdice`` is ``14 + log2(dice)`` of the same counts.
    """
    from nltk.metrics.association import BigramAssocMeasures as M

    if observed <= 0:
        raise QueryError("a collocate needs at least one observed co-occurrence")
    if observed > min(window_tokens, frequency) or max(window_tokens, frequency) > corpus_tokens:
        raise QueryError(
            f"inconsistent counts: observed {observed}, window {window_tokens}, "
            f"frequency {frequency}, corpus {corpus_tokens}"
        )
    marginals = (observed, (window_tokens, frequency), corpus_tokens)
    if measure == "pmi":
        return float(M.pmi(*marginals))
    if measure == "llr":
        llr = float(M.likelihood_ratio(*marginals))
        expected = window_tokens * frequency / corpus_tokens
        return llr if observed >= expected else -llr
    if measure == "t":
        return float(M.student_t(*marginals))
    if measure == "dice":
        return float(M.dice(*marginals))
    if measure == "logdice":
        return 14.0 + math.log2(M.dice(*marginals))
    raise QueryError(f"unknown measure {measure!r}; use one of: " + ", ".join(MEASURES))


def log_likelihood(a: int, b: int, c: int, d: int) -> float:
    """G2 of a word with frequency ``a`` in a target of ``c`` tokens, ``b`` in a reference of ``d``.

    Rayson & Garside (2000): E1 = c(a+b)/(c+d), E2 = d(a+b)/(c+d),
    G2 = 2 (a ln(a/E1) + b ln(b/E2)), a zero frequency contributing 0.
    """
    if c <= 0 or d <= 0:
        raise QueryError("keyness needs tokens in both the target and the reference")
    total = a + b
    e1 = c * total / (c + d)
    e2 = d * total / (c + d)
    g2 = 0.0
    if a > 0:
        g2 += a * math.log(a / e1)
    if b > 0:
        g2 += b * math.log(b / e2)
    return max(0.0, 2.0 * g2)


def log_ratio(a: int, b: int, c: int, d: int) -> float:
    """log2((a/c) / (b/d)), a zero frequency replaced by 0.5 (Hardie 2014)."""
    if c <= 0 or d <= 0:
        raise QueryError("keyness needs tokens in both the target and the reference")
    return math.log2(((a or 0.5) / c) / ((b or 0.5) / d))


def chi2_p(g2: float) -> float:
    """The p-value of a chi-square statistic with one degree of freedom."""
    return math.erfc(math.sqrt(max(g2, 0.0) / 2.0))
