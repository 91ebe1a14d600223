"""Data compiled once: the registry, the lexicons, the inflected name forms and the models, kept
in a cache keyed by their content hash, so that a command loads them in milliseconds.

:func:`cached` builds an object from data files the first time (parsing YAML, compiling regular
expressions, inflecting names), writes it to the cache, and from then on reads it back. The key is
a hash of the files' contents, of the code that builds the object (every module of the package,
by size and modification time), of Parley's version and of the Python version, so an edited
lexicon, registry or model, or new code, is compiled again; nothing stale is ever read.

Compiled regular expressions are stored with their compiled program (the regex engine's own
code, keyed by its version), not as pattern text, so reading them back does not compile them
again: compiling the signal lexicons' patterns (each holding every actor name) is most of what a
fresh process used to spend before reading its first sentence.

The cache lives in ``$PARLEY_CACHE_DIR``, else the user's cache directory (platformdirs:
``~/.cache/parley`` on Linux); a cache that cannot be written is skipped silently (the object is
built every time, as before), one that cannot be read is rebuilt. ``PARLEY_CACHE_DIR=off`` turns
it off.
"""

from __future__ import annotations

import copyreg
import hashlib
import io
import logging
import os
import pickle
import re
import sys
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

import platformdirs
import yaml

from . import __version__

log = logging.getLogger(__name__)

T = TypeVar("T")

#: bumped when the cache's own format changes
FORMAT = 1
PACKAGE = Path(__file__).resolve().parent

try:  # the regex engine's program format: compiled code is only read back by the same engine
    import _sre
    from re import _compiler, _parser

    _ENGINE = f"sre{_sre.MAGIC}-{sys.version_info[0]}.{sys.version_info[1]}"
except (ImportError, AttributeError):  # another interpreter: patterns are stored as text
    _sre = None  # type: ignore[assignment]
    _ENGINE = "text"


def cache_dir() -> Path | None:
    """Where compiled data is kept (None: the cache is off)."""
    where = os.environ.get("PARLEY_CACHE_DIR")
    if where and where.lower() in ("off", "0", "no", "none"):
        return None
    return Path(where) if where else Path(platformdirs.user_cache_dir("parley", appauthor=False))


_CODE_STAMP: str | None = None


def code_stamp() -> str:
    """A hash of the package's code (each module's path, size and modification time): compiled
    data is built again whenever the code that builds it may have changed."""
    global _CODE_STAMP
    if _CODE_STAMP is None:
        h = hashlib.sha256()
        for path in sorted(PACKAGE.rglob("*.py")):
            st = path.stat()
            h.update(f"{path.relative_to(PACKAGE)}:{st.st_size}:{st.st_mtime_ns}\n".encode())
        _CODE_STAMP = h.hexdigest()
    return _CODE_STAMP


def content_key(name: str, sources: Iterable[Path | str | bytes]) -> str:
    """The cache key of ``name`` built from ``sources`` (files, by content; or strings and bytes
    that stand for other inputs, such as options)."""
    h = hashlib.sha256(f"{name}\0{FORMAT}\0{__version__}\0{_ENGINE}\0{code_stamp()}".encode())
    for source in sources:
        if isinstance(source, Path):
            h.update(b"\0file\0" + source.read_bytes())
        elif isinstance(source, bytes):
            h.update(b"\0bytes\0" + source)
        else:
            h.update(b"\0str\0" + str(source).encode("utf-8", "surrogatepass"))
    return h.hexdigest()[:32]


def cached(name: str, sources: Iterable[Path | str | bytes], build: Callable[[], T], *,
           key: str | None = None) -> T:
    """``build()``, read from the cache when it was built before from the same ``sources`` (and
    the same code), else built and kept (``key``: a :func:`content_key` computed already). A
    source file that cannot be read is ``build``'s business: it is called, and its error raised."""
    folder = cache_dir()
    if folder is None:
        return build()
    if key is None:
        try:
            key = content_key(name, sources)
        except OSError:
            return build()
    path = folder / f"{_prefix(name)}{key}.pickle"
    try:
        with open(path, "rb") as fh:
            return _Unpickler(fh).load()
    except FileNotFoundError:
        pass
    except Exception as exc:  # a cache file that cannot be read back is rebuilt, whatever broke
        log.debug("compiled cache %s unreadable (%s): rebuilt", path, exc)
    obj = build()
    _write(folder, path, name, obj)
    return obj


def _write(folder: Path, path: Path, name: str, obj: Any) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        buf = io.BytesIO()
        _Pickler(buf, protocol=pickle.HIGHEST_PROTOCOL).dump(obj)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-")
        with os.fdopen(fd, "wb") as fh:
            fh.write(buf.getvalue())
        os.replace(tmp, path)  # whole or absent: a reader never sees half a file
        for old in folder.glob(f"{_prefix(name)}*.pickle"):  # this installation's earlier builds of the same data
            if old != path:
                old.unlink(missing_ok=True)
    except (OSError, pickle.PicklingError, TypeError, AttributeError, RecursionError) as exc:
        log.debug("compiled cache %s not written: %s", path, exc)


def _prefix(name: str) -> str:
    """The start of the cache file names of ``name`` for this installation of the package: two
    installations sharing one cache folder (a checkout and a release, two virtual environments)
    keep their own builds instead of throwing each other's away on every start."""
    where = hashlib.sha256(str(PACKAGE).encode("utf-8", "surrogatepass")).hexdigest()[:8]
    return f"{_safe(name)}-{where}-"


def _safe(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", name)[:80]


# ----------------------------------------------------------------------------- regular expressions
def _pattern_program(pattern: re.Pattern) -> tuple[Any, ...]:
    """What ``re.compile`` computes for ``pattern``: its program, group count and names."""
    parsed = _parser.parse(pattern.pattern, pattern.flags)
    code = [int(x) for x in _compiler._code(parsed, pattern.flags)]  # opcodes are int subclasses
    groupindex = dict(parsed.state.groupdict)
    indexgroup = [None] * parsed.state.groups
    for k, i in groupindex.items():
        indexgroup[i] = k
    return pattern.pattern, pattern.flags | parsed.state.flags, code, parsed.state.groups - 1, groupindex, \
        tuple(indexgroup)


def restore_pattern(pattern: str | bytes, flags: int, code: list[int] | None = None, groups: int = 0,
                    groupindex: dict | None = None, indexgroup: tuple = ()) -> re.Pattern:
    """A compiled pattern from its stored program (compiled again from its text when the program
    cannot be used)."""
    if code is not None and _sre is not None:
        try:
            return _sre.compile(pattern, flags, code, groups, groupindex or {}, indexgroup)
        except (TypeError, ValueError, RuntimeError):
            pass
    return re.compile(pattern, flags & ~re.UNICODE if isinstance(pattern, bytes) else flags)


def _reduce_pattern(pattern: re.Pattern) -> tuple[Any, ...]:
    if _sre is None:
        return restore_pattern, (pattern.pattern, pattern.flags)
    try:
        return restore_pattern, _pattern_program(pattern)
    except Exception:  # an engine whose internals differ: the text, compiled again on reading
        return restore_pattern, (pattern.pattern, pattern.flags)


class _Pickler(pickle.Pickler):
    dispatch_table = copyreg.dispatch_table.copy()
    dispatch_table[re.Pattern] = _reduce_pattern


class _Unpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        # the cache is Parley's own files, but only Parley's, the standard library's and its
        # dependencies' classes are ever rebuilt from it
        return super().find_class(module, name)


__all__ = ["cache_dir", "cached", "code_stamp", "content_key", "restore_pattern"]


_SAFE_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(text: str) -> Any:
    """``yaml.safe_load(text)``, through libyaml when PyYAML was built with it (about ten times
    faster on the lexicons read at every start); errors are ``yaml.YAMLError`` with their marks."""
    return yaml.load(text, Loader=_SAFE_LOADER)  # noqa: S506 (a safe loader)
