"""Logging set-up. Our messages name files, tags, columns and rules, never values.

Third-party libraries are less careful (pydicom's warnings and log lines quote the offending
value, and pydicom resets its own logger level when imported), so the console handler passes only
medprivacy's records (and other libraries' CRITICAL ones), and Python warnings are silenced: code
that must know about a warning captures it with ``warnings.catch_warnings(record=True)``.
"""

from __future__ import annotations

import logging
import warnings

FORMAT = "%(levelname)s %(name)s: %(message)s"


class OwnRecordsOnly(logging.Filter):
    """Let through medprivacy's records; other libraries only when CRITICAL."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.name.startswith("medprivacy") or record.levelno >= logging.CRITICAL


def configure(verbose: bool = False) -> None:
    """Log to stderr: warnings by default, everything of ours with ``verbose``."""
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter(FORMAT))
    handler.addFilter(OwnRecordsOnly())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.WARNING)
    logging.getLogger("medprivacy").setLevel(logging.DEBUG if verbose else logging.WARNING)
    warnings.simplefilter("ignore")
