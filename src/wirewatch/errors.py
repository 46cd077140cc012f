"""One exception hierarchy for wirewatch.

::

    WirewatchError                 base class: every error wirewatch raises on purpose
    ├── UsageError                 the caller asked for something impossible (bad option, bad value)
    │   └── InputNotFoundError     a path or glob pattern names no file
    ├── InputError                 one input cannot be read; the run goes on with the others
    │   ├── EmptyInputError
    │   ├── BinaryInputError
    │   ├── DecodeError
    │   ├── TooLargeError
    │   ├── TruncatedError
    │   ├── MalformedError         malformed JSON or WARC
    │   └── NoTextError            parsed, but holds no article text
    ├── StoreError                 the database cannot be opened, migrated or written
    │   └── NotFoundError          no record with that id
    ├── MissingDependencyError     an optional extra is not installed (the message says which)
    └── ConfigError                an installed resource (spaCy model, gazetteer) is missing or the wrong version

Input errors are never fatal for a run: readers turn them into rejected documents that are stored
with their ``reason`` (the class's ``code``) and message.
"""

from __future__ import annotations


class WirewatchError(Exception):
    """Base class of every error wirewatch raises on purpose."""


class UsageError(WirewatchError):
    """The caller asked for something impossible."""


class InputNotFoundError(UsageError):
    """A path or glob pattern names no file."""


class InputError(WirewatchError):
    """One input cannot be read. ``code`` is the stable reason stored with the rejected document."""

    code = "unreadable"


class EmptyInputError(InputError):
    code = "empty"


class BinaryInputError(InputError):
    code = "binary"


class DecodeError(InputError):
    code = "undecodable"


class TooLargeError(InputError):
    code = "too-large"


class TruncatedError(InputError):
    code = "truncated"


class MalformedError(InputError):
    code = "malformed"


class NoTextError(InputError):
    code = "no-text"


class StoreError(WirewatchError):
    """The database cannot be opened, migrated or written."""


class NotFoundError(StoreError):
    """No record with that id (or id prefix)."""


class MissingDependencyError(WirewatchError):
    """An optional dependency is not installed."""

    def __init__(self, package: str, extra: str) -> None:
        super().__init__(f"{package} is not installed: pip install 'wirewatch[{extra}]'")
        self.package = package
        self.extra = extra


class ConfigError(WirewatchError):
    """An installed resource (the spaCy model, the compiled gazetteer) is missing or not the expected one."""
