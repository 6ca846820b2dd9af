"""Logging set-up. Our messages name files, tags, columns and rules, never values.

Third-party libraries are less careful (pydicom's warnings quote the offending value), so their
loggers are capped at ERROR and their warnings never reach the console.
"""

from __future__ import annotations

import logging
import warnings

QUIET_LIBRARIES = (
    "pydicom",
    "presidio-analyzer",
    "presidio_analyzer",
    "sdv",
    "rdt",
    "ctgan",
    "opendp",
    "spacy",
    "faker",
)


def configure(verbose: bool = False) -> None:
    """Log to stderr: warnings by default, everything of ours with ``verbose``."""
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.WARNING)
    logging.getLogger("medprivacy").setLevel(logging.DEBUG if verbose else logging.WARNING)
    for name in QUIET_LIBRARIES:
        logging.getLogger(name).setLevel(logging.ERROR)
    warnings.filterwarnings("ignore", module=r"pydicom(\..*)?$")
    logging.captureWarnings(False)
