"""Modules imported when first used: the standard library's lazy loader, at module level.

``dask = lazy_module("dask")`` at the top of a module names a dependency there, as an import
does, but loads it only when one of its attributes is first read, so that a command that never
touches it does not pay for loading it (``parley --help`` would otherwise load spaCy, SQLAlchemy
and scikit-learn). ``tests/test_architecture.py`` reads these calls as imports: the layers hold
for them as for any other.
"""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType


def lazy_module(name: str) -> ModuleType:
    """The module ``name``, loaded on first attribute access (already loaded: itself).

    A module that is not installed is a ModuleNotFoundError here and now, not at first use."""
    got = sys.modules.get(name)
    if got is not None:
        return got
    spec = importlib.util.find_spec(name)
    if spec is None or spec.loader is None:
        raise ModuleNotFoundError(f"No module named {name!r}", name=name)
    loader = importlib.util.LazyLoader(spec.loader)
    spec.loader = loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    loader.exec_module(module)
    return module


__all__ = ["lazy_module"]
