"""Whoosh imported without the standard library's HTTP client.

``whoosh.compat`` imports ``urllib.request`` (and with it ``http.client``, ``email`` and
``ssl``: ~85 ms of CPU, about a sixth of a whole ``corpus kwic`` process) only to re-export
``urlretrieve``, which nothing in Whoosh calls. :func:`import_whoosh` imports
``whoosh.compat`` while a stand-in ``urllib.request`` (holding a ``urlretrieve`` that imports
the real one when called) sits in ``sys.modules``, then takes the stand-in out again: any
later ``import urllib.request`` (the server, Dask) loads the real module as usual.
"""

from __future__ import annotations

import sys
import types
from typing import Any

_STANDIN = "urllib.request"


def import_whoosh() -> None:
    """Import ``whoosh.compat`` (which every Whoosh module imports first) lightly, once."""
    if "whoosh.compat" in sys.modules or _STANDIN in sys.modules:
        return  # too late, or not needed: the real module is loaded already
    import urllib  # noqa: F401  (the package; only its request module is held back)

    standin = types.ModuleType(_STANDIN)
    standin.urlretrieve = urlretrieve  # type: ignore[attr-defined]
    sys.modules[_STANDIN] = standin
    try:
        import whoosh.compat  # noqa: F401
    finally:
        if sys.modules.get(_STANDIN) is standin:
            del sys.modules[_STANDIN]


def urlretrieve(*args: Any, **kwargs: Any) -> Any:
    """``urllib.request.urlretrieve``, imported on the first call."""
    from urllib.request import urlretrieve as real

    return real(*args, **kwargs)
