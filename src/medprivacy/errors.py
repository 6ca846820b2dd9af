"""User-facing errors: one line, safe to print, never carrying a PHI value."""

from __future__ import annotations


class MedPrivacyError(Exception):
    """An error the user can fix (bad input, bad config, missing key).

    The CLI prints ``str(error)`` on one line and exits with code 2, without a traceback. Messages
    name files, tags, columns and rules, never the values found in them.
    """


class ConfigError(MedPrivacyError):
    """A pipeline spec or CLI option is invalid."""


class KeyConfigError(MedPrivacyError):
    """The secret key is missing, empty or unreadable."""


class InputError(MedPrivacyError):
    """An input file or directory is missing or unusable."""


class SafeInternalError(RuntimeError):
    """Not the user's fault (a worker that keeps dying, a crash), with a message written to be
    safe to print: the CLI prints it on one line and exits with code 70 (internal error)."""
