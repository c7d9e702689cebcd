"""Whoosh imported without the standard library's HTTP client.

``whoosh.compat`` (which every Whoosh module imports first) imports ``urllib.request`` -- and
with it ``http.client``, ``email`` and ``ssl``: ~60-85 ms of CPU, a sixth of a whole ``corpus
kwic`` process -- only to re-export ``urlretrieve``, which nothing in Whoosh calls.
:func:`install` puts a finder first on ``sys.meta_path`` (importing nothing itself, so commands
that never touch Whoosh do not load it): when ``whoosh.compat`` is first imported, its module
runs while a stand-in ``urllib.request`` (a ``urlretrieve`` that imports the real one when
called) sits in ``sys.modules``, and the stand-in is taken out right after, so any later
``import urllib.request`` (the server, Dask) loads the real module as usual.
"""

from __future__ import annotations

import sys
import types
from typing import Any

_TARGET = "whoosh.compat"
_STANDIN = "urllib.request"


def install() -> None:
    """Have the first import of ``whoosh.compat`` made without ``urllib.request`` (once)."""
    if _TARGET in sys.modules or any(isinstance(f, _Finder) for f in sys.meta_path):
        return
    sys.meta_path.insert(0, _Finder())


class _Finder:
    def find_spec(self, name: str, path: Any = None, target: Any = None) -> Any:
        if name != _TARGET:
            return None
        sys.meta_path.remove(self)  # one import only
        from importlib.machinery import PathFinder

        spec = PathFinder.find_spec(name, path)
        if spec is not None and spec.loader is not None and _STANDIN not in sys.modules:
            spec.loader = _Loader(spec.loader)
        return spec


class _Loader:
    def __init__(self, real: Any) -> None:
        self.real = real

    def create_module(self, spec: Any) -> Any:
        return self.real.create_module(spec)

    def exec_module(self, module: types.ModuleType) -> None:
        import urllib  # noqa: F401  (the package; only its request module is held back)

        standin = types.ModuleType(_STANDIN)
        standin.urlretrieve = urlretrieve  # type: ignore[attr-defined]
        sys.modules[_STANDIN] = standin
        try:
            self.real.exec_module(module)
        finally:
            if sys.modules.get(_STANDIN) is standin:
                del sys.modules[_STANDIN]


def urlretrieve(*args: Any, **kwargs: Any) -> Any:
    """``urllib.request.urlretrieve``, imported on the first call."""
    from urllib.request import urlretrieve as real

    return real(*args, **kwargs)
