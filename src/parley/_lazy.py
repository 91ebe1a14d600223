"""Modules imported when first used, named at module level.

``dask = lazy_module("dask")`` at the top of a module names a dependency there, as an import
does, but loads it only when one of its attributes is first read, so that a command that never
touches it does not pay for loading it (``parley --help`` would otherwise load spaCy, SQLAlchemy
and scikit-learn). ``tests/test_architecture.py`` reads these calls as imports: the layers hold
for them as for any other.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
from types import ModuleType
from typing import Any


class _LazyModule(ModuleType):
    """Stands for a module until one of its attributes is read; then imports it (the normal way,
    so ``sys.modules`` holds the real module) and reads from it."""

    def __getattr__(self, attr: str) -> Any:
        target = self.__dict__.get("_parley_module")
        if target is None:
            target = importlib.import_module(self.__name__)
            self.__dict__["_parley_module"] = target
        return getattr(target, attr)

    def __dir__(self) -> list[str]:
        return dir(importlib.import_module(self.__name__))


def lazy_module(name: str) -> ModuleType:
    """The module ``name``, imported when one of its attributes is first read (already imported:
    the module itself). Unlike an import it loads nothing now, not even the packages above it.

    A package that is not installed is a ModuleNotFoundError here and now, not at first use."""
    got = sys.modules.get(name)
    if got is not None:
        return got
    top = name.split(".", 1)[0]
    if top not in sys.modules and importlib.util.find_spec(top) is None:
        raise ModuleNotFoundError(f"No module named {top!r}", name=top)
    return _LazyModule(name)


__all__ = ["lazy_module"]
