"""Import Whoosh without three modules it loads but never uses.

Every `news search` imports Whoosh, and ~40% of that import is not search:

- ``whoosh.compat`` imports ``urllib.request`` (http.client, email, ssl) for
  a ``urlretrieve`` that nothing in Whoosh calls;
- ``whoosh.reading`` imports the ``cached_property`` package (for one plain
  property), which imports asyncio to support coroutines Whoosh never has;
- ``whoosh.query.terms`` imports ``whoosh.lang.morph_en`` (a big table of
  English word forms) for the ``Variations`` query, which news never builds.

So while Whoosh's core is first imported, these names are served by stand-ins
(``functools.cached_property``, the same descriptor minus coroutines; and
functions that import the real module if ever called). The stand-ins leave
``sys.modules`` as soon as Whoosh has taken what it needs, so any later
import of those modules gets the real ones. Importing this module first is
all it takes (index.py and analysis.py do). Whoosh is pinned
(whoosh-reloaded==2.7.5): `tests/test_startup.py` checks that it still loads
none of the three.
"""

from __future__ import annotations

import functools
import sys
import types


def _import_real(module: str, name: str):
    """A function standing in for ``module.name``: imports the real one when called."""

    def call(*args, **kwargs):
        import importlib

        return getattr(importlib.import_module(module), name)(*args, **kwargs)

    return call


def _stand_ins() -> dict[str, types.ModuleType]:
    modules = {}
    for name, attrs in {
        "urllib.request": {"urlretrieve": _import_real("urllib.request", "urlretrieve")},
        "cached_property": {"cached_property": functools.cached_property},
        "whoosh.lang.morph_en": {"variations": _import_real("whoosh.lang.morph_en", "variations")},
    }.items():
        module = types.ModuleType(name, "a stand-in while Whoosh is imported (newscli.index.lean)")
        module.__dict__.update(attrs)
        modules[name] = module
    return modules


def _import_whoosh() -> None:
    if "whoosh.reading" in sys.modules:
        return
    stand_ins = {name: module for name, module in _stand_ins().items() if name not in sys.modules}
    sys.modules.update(stand_ins)
    try:
        import whoosh.query  # noqa: F401  (imports compat, reading and query.terms)
    finally:
        for name, module in stand_ins.items():
            if sys.modules.get(name) is module:
                del sys.modules[name]


_import_whoosh()
