"""Named entities of a document: find them (model + repair rules), then link them.

* :func:`find_entities` (:mod:`.ner`) -- person, place, organisation and date mentions on the
  project's tokens: spaCy's statistical NER, then the news and sports repairs of
  :mod:`.repairs`, with the document context of :mod:`.context`;
* :func:`link_entities` (:mod:`.linking`) -- one Entity per referent of the document, mentions
  pointing at it; ids are minted by :mod:`corpus.annotate.ids`, as the speaker rules' are;
* :func:`nlp` -- the spaCy pipeline, loaded once (batch workers share it).

Each module's docstring states its rules and limits.
"""

from __future__ import annotations

from corpus.annotate.entities.linking import link_entities
from corpus.annotate.entities.ner import (
    LABELS,
    _listens,  # noqa: F401 - read by tests/test_speed_paths.py as entities._listens
    _model_pieces,  # noqa: F401 - read by tests/test_speed_paths.py as entities._model_pieces
    find_entities,
    nlp,
)

__all__ = ["LABELS", "find_entities", "link_entities", "nlp"]
