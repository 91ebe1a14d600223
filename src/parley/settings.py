"""The one declared table of settings (as datasette's ``SETTINGS``).

Each setting has a name, a type, a default and a help line. The table feeds the CLI
(``parley settings``), the optional config file (``parley.toml`` in the working directory, or the
file named by ``PARLEY_CONFIG``), validation and the docs (``docs/settings.md`` is generated from it
and a test fails when it drifts). Values are resolved in this order: an explicit argument, the
environment variable ``PARLEY_<NAME>``, the config file, the default. Secrets (API keys for an
optional model endpoint) come only from environment variables and are never written anywhere.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import ConfigError


@dataclass(frozen=True, slots=True)
class Setting:
    name: str
    default: Any
    help: str
    type: type = str
    secret: bool = False

    @property
    def env(self) -> str:
        return "PARLEY_" + self.name.upper()


SETTINGS: tuple[Setting, ...] = (
    Setting("db", "parley.db", "Store to use: a SQLite file path or a postgresql:// URL."),
    Setting("languages", "en,ru,uk", "Languages Parley identifies and reads (comma-separated)."),
    Setting("fetch_timeout", 20.0, "Seconds before an HTTP fetch gives up.", float),
    Setting("fetch_max_bytes", 10_000_000, "Largest HTTP response body accepted, in bytes.", int),
    Setting(
        "user_agent",
        "Parley/{version} (+https://github.com/parley-project/parley; research crawler)",
        "User-Agent sent with every HTTP request.",
    ),
    Setting(
        "allow_private_urls",
        False,
        "Allow fetching loopback, private and link-local addresses (off: no SSRF from feeds).",
        bool,
    ),
    Setting(
        "max_file_bytes",
        200_000_000,
        "Largest input file read, in bytes (JSON Lines, CSV and Parquet files are read record by record, "
        "at any size: then the largest record).",
        int,
    ),
    Setting(
        "max_html_bytes",
        10_000_000,
        "Largest HTML page read, in bytes, from a file, a feed or standard input (a page is parsed whole; "
        "a larger one is rejected before it is read).",
        int,
    ),
    Setting(
        "registry",
        "",
        "Extra actor registry files (YAML, comma-separated) merged with the packaged registry.",
    ),
    Setting(
        "extract_max_chars",
        1_000_000,
        "Largest document, in characters, whose statements are extracted: a longer one is stored, marked "
        "\"not extracted: too long\" and listed by `parley rejections` (0: no limit).",
        int,
    ),
    Setting(
        "extract_max_seconds",
        60.0,
        "Seconds extraction and coding may spend on one document before it is marked \"not extracted: too "
        "long\" like a document over extract_max_chars (0: no limit).",
        float,
    ),
    Setting("batch_size", 64, "Records per batch between pipeline stages and per transaction.", int),
    Setting(
        "earliest_date",
        "1991-01-01",
        "The earliest plausible publication date (YYYY-MM-DD): an earlier or future date is set aside "
        "(the document is kept undated, the date in its metadata, see `parley docs --undated`).",
    ),
    Setting(
        "contradiction_window_days",
        42,
        "Default window, in days (six weeks), within which two statements are compared for contradictions.",
        int,
    ),
    Setting(
        "theatre",
        "",
        "Default theatre of the read commands: russia-ukraine, middle-east, bilateral or other (empty: all).",
    ),
    Setting(
        "dask_scheduler",
        "",
        "Address of a Dask scheduler (tcp://HOST:PORT) that `ingest` and `extract --all` send their work to "
        "(empty: this machine; --workers N starts a local cluster).",
    ),
    Setting("coder_endpoint", "", "Optional URL of an LLM endpoint for the signal coder (off if empty)."),
    Setting("coder_api_key", "", "API key for the coder endpoint (environment only).", str, True),
)

_BY_NAME = {s.name: s for s in SETTINGS}


def _coerce(setting: Setting, value: Any) -> Any:
    if setting.type is bool:
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in {"1", "true", "yes", "on"}:
            return True
        if text in {"0", "false", "no", "off", ""}:
            return False
        raise ConfigError(f"setting {setting.name!r} must be true or false, not {value!r}")
    try:
        return setting.type(value)
    except (TypeError, ValueError):
        raise ConfigError(
            f"setting {setting.name!r} must be of type {setting.type.__name__}, not {value!r}"
        ) from None


def _config_file() -> Mapping[str, Any]:
    path = Path(os.environ.get("PARLEY_CONFIG", "parley.toml"))
    if not path.is_file():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read the config file: {exc}") from None
    section = data.get("parley", data)
    unknown = sorted(set(section) - set(_BY_NAME))
    if unknown:
        raise ConfigError(
            f"{path}: unknown setting(s) {', '.join(unknown)}; known: {', '.join(_BY_NAME)}"
        )
    secrets = [k for k in section if _BY_NAME[k].secret]
    if secrets:
        raise ConfigError(
            f"{path}: {', '.join(secrets)} must come from the environment "
            f"({', '.join(_BY_NAME[k].env for k in secrets)}), not from a file"
        )
    return section


def get(name: str, explicit: Any = None, *, config: Mapping[str, Any] | None = None) -> Any:
    """The value of setting ``name``: explicit argument, environment, config file, default.

    Only :func:`resolve` (called once, by :class:`parley.api.Parley`) and the command line's
    global ``--db`` option call this; everything else is handed resolved values."""
    try:
        setting = _BY_NAME[name]
    except KeyError:
        raise ConfigError(f"{name!r} is not a setting; known: {', '.join(_BY_NAME)}") from None
    if explicit is not None:
        return _coerce(setting, explicit)
    if setting.env in os.environ:
        return _coerce(setting, os.environ[setting.env])
    config = _config_file() if config is None else config
    if name in config:
        return _coerce(setting, config[name])
    return setting.default


_SECRET_PARAM = re.compile(r"(?i)([?&;](?:[\w.-]*(?:pass(?:word)?|secret|token|key|auth|credential)[\w.-]*)=)[^&;#]*")
_USERINFO = re.compile(r"(?i)^([a-z][a-z0-9+.-]*://[^/@:]*:)[^/@]*(@)")


def mask_secrets(value: Any) -> Any:
    """``value`` with what carries a secret masked: a password in a URL's user part
    (``postgresql://parley:***@db/parley``) and query parameters named like passwords, tokens or
    keys (``?api_key=***``). Anything else comes back unchanged."""
    if not isinstance(value, str) or not value:
        return value
    out = _USERINFO.sub(r"\1***\2", value)
    return _SECRET_PARAM.sub(r"\1***", out)


def default(name: str) -> Any:
    """The declared default of setting ``name`` (what a stage uses when it is given nothing)."""
    try:
        return _BY_NAME[name].default
    except KeyError:
        raise ConfigError(f"{name!r} is not a setting; known: {', '.join(_BY_NAME)}") from None


@dataclass(frozen=True, slots=True)
class Settings:
    """Every setting's value, resolved once (explicit value, environment, config file, default).

    :class:`parley.api.Parley` resolves them when it is opened and hands the values to the stages;
    nothing below the api reads the environment or the config file at call time.

    >>> s = resolve(contradiction_window_days=21)
    >>> s.contradiction_window_days, s["contradiction_window_days"]
    (21, 21)
    """

    values: Mapping[str, Any] = field(default_factory=dict)

    def __getitem__(self, name: str) -> Any:
        try:
            return self.values[name]
        except KeyError:
            raise ConfigError(f"{name!r} is not a setting; known: {', '.join(_BY_NAME)}") from None

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        try:
            return self.values[name]
        except KeyError:
            raise AttributeError(f"{name!r} is not a setting; known: {', '.join(_BY_NAME)}") from None

    @property
    def language_list(self) -> tuple[str, ...]:
        """The ``languages`` setting as a tuple of codes."""
        return tuple(x.strip() for x in str(self.values["languages"]).split(",") if x.strip())

    @property
    def registry_refs(self) -> tuple[str, ...]:
        """The ``registry`` setting as a tuple of file references (paths or ``pkg:`` references)."""
        return tuple(dict.fromkeys(r.strip() for r in str(self.values["registry"]).split(",") if r.strip()))

    def masked(self) -> dict[str, Any]:
        """Every setting with its value for printing, secrets masked wherever they are carried:
        secret settings whole, and passwords or keys inside other values (a database URL)."""
        return {s.name: ("***" if s.secret and self.values[s.name] else mask_secrets(self.values[s.name]))
                for s in SETTINGS}


def resolve(**explicit: Any) -> Settings:
    """Every setting resolved once: ``explicit`` values (None: not given), then ``PARLEY_<NAME>``,
    then the config file, then the default. Raises ConfigError on an unknown name or a bad value."""
    unknown = sorted(set(explicit) - set(_BY_NAME))
    if unknown:
        raise ConfigError(f"unknown setting(s) {', '.join(unknown)}; known: {', '.join(_BY_NAME)}")
    config = _config_file()
    return Settings({s.name: get(s.name, explicit.get(s.name), config=config) for s in SETTINGS})


def resolved() -> dict[str, Any]:
    """Every setting with its current value, secrets masked wherever they are carried: secret
    settings whole, and passwords or keys inside other values (a database URL)."""
    return resolve().masked()
