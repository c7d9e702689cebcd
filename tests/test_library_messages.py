"""Library errors name parameters, not CLI flags; the CLI adds its own option name.

Issue 11 item 5: a Python user of ``kwic(unit=...)`` reads "unit must be ...", and
``corpus kwic`` still says which option was wrong.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from corpus import settings
from corpus.cli import cli
from corpus.concordance import kwic
from corpus.errors import QueryError
from corpus.query import search


@pytest.mark.parametrize(
    ("kwargs", "message", "param"),
    [
        ({"unit": "lines"}, "^unit must be chars or words, not 'lines'$", "unit"),
        ({"clip": "page"}, "^clip must be sentence, quote or None, not 'page'$", "clip"),
        ({"width": -1}, "^width must not be negative$", "width"),
        ({"limit": -1}, "^limit must not be negative$", "limit"),
        ({"offset": -2}, "^offset must not be negative$", "offset"),
        ({"sample": -3}, "^sample must not be negative$", "sample"),
    ],
)
def test_kwic_errors_name_the_parameter(
    shared_index: Path, kwargs: dict[str, Any], message: str, param: str
) -> None:
    with pytest.raises(QueryError, match=message) as info:
        kwic("security", shared_index, **kwargs)
    assert info.value.param == param


@pytest.mark.parametrize(
    ("kwargs", "message", "param"),
    [
        ({"limit": -1}, "^limit must not be negative$", "limit"),
        ({"offset": -1}, "^offset must not be negative$", "offset"),
    ],
)
def test_search_errors_name_the_parameter(
    shared_index: Path, kwargs: dict[str, Any], message: str, param: str
) -> None:
    with pytest.raises(QueryError, match=message) as info:
        search("security", shared_index, **kwargs)
    assert info.value.param == param


def test_query_without_words_names_filters_not_flags(shared_index: Path) -> None:
    with pytest.raises(QueryError, match="has no words") as info:
        list(kwic("speaker:putin", shared_index))
    assert "--" not in str(info.value)
    assert "speaker, in_" in str(info.value)


@pytest.mark.parametrize("unit", ["chars", "words"])
def test_kwic_width_default_is_the_units(shared_index: Path, unit: str) -> None:
    """width=None is settings.KWIC_WIDTH of the unit (8 words, not 40 words)."""
    default = list(kwic("security", shared_index, unit=unit))  # type: ignore[arg-type]
    explicit = list(
        kwic("security", shared_index, unit=unit, width=settings.KWIC_WIDTH[unit])  # type: ignore[arg-type]
    )
    assert default == explicit
    width = settings.KWIC_WIDTH[unit]
    sizes = [len(ln.left.split()) if unit == "words" else len(ln.left) for ln in default]
    assert max(sizes) == width  # the unit's width, reached where the text allows


def test_search_default_limit_is_the_settings(shared_index: Path) -> None:
    assert search.__defaults__ is not None
    assert settings.SEARCH_LIMIT in search.__defaults__
    everything = search("security OR guarantees OR oil", shared_index, limit=None)
    assert len(search("security OR guarantees OR oil", shared_index).docs) == min(
        settings.SEARCH_LIMIT, len(everything.docs)
    )


def test_cli_names_the_option_of_a_filter_error(shared_index: Path) -> None:
    result = CliRunner().invoke(
        cli, ["kwic", "security", "--index", str(shared_index), "--date-from", "Feb 2022"]
    )
    assert result.exit_code == QueryError.exit_code
    assert "Error: date_from 'Feb 2022': write an ISO date" in result.output
    assert "(option --date-from)" in result.output
