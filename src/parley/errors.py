"""Typed errors. Library code raises these; the CLI and the web app translate them once.

Each message says what happened and what to do about it.
"""

from __future__ import annotations


class ParleyError(Exception):
    """Base class of every error Parley raises on purpose."""

    #: HTTP status the web API answers with for this error.
    http_status = 400


class ConfigError(ParleyError):
    """A setting, option or configuration file is invalid."""


class UnknownLanguage(ConfigError):
    """A language Parley has no lexicon (or model) for: the document is rejected, the run goes on."""


class OverBudget(ParleyError):
    """A document that is over its per-document extraction budget (the ``extract_max_chars`` and
    ``extract_max_seconds`` settings): it is stored, marked "not extracted: too long", and the run
    goes on."""


class StoreError(ParleyError):
    """The store could not be opened, migrated or written."""

    http_status = 500


class NotFound(ParleyError):
    """A document, statement or actor that was asked for does not exist."""

    http_status = 404


class InputError(ParleyError):
    """An input (file, record, URL) could not be read; ``origin`` names it."""

    def __init__(self, origin: str, reason: str, locator: str | None = None):
        self.origin = origin
        self.reason = reason
        self.locator = locator
        where = f"{origin} ({locator})" if locator else origin
        super().__init__(f"{where}: {reason}")


class FetchError(InputError):
    """A URL could not be fetched, or fetching it was refused (private address, size, type)."""


class UnknownCode(ParleyError):
    """A signal, PLOVER or CAMEO code that the codebook does not know."""


class RegistryError(ParleyError):
    """The actor registry file is malformed or inconsistent."""
