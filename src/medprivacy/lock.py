"""One run at a time per directory: an exclusive, non-blocking ``flock`` on ``<dir>/.lock``.

The lock dies with the process (a killed run never leaves a stale lock behind), and a second run
fails at once with a one-line error instead of interleaving its writes with the first.
"""

from __future__ import annotations

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from medprivacy.errors import ConfigError


@contextmanager
def exclusive(directory: str | Path, owner: str | Path | None = None) -> Iterator[None]:
    """Hold an exclusive lock on ``directory`` (created if missing) while the block runs.

    ``owner`` is the directory the error names (default ``directory``): the folder the user
    chose, when the lock lives in a state folder inside or beside it.
    """
    where = Path(directory)
    where.mkdir(parents=True, exist_ok=True)
    with open(where / ".lock", "w") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise ConfigError(f"{owner or where}: another run is using this directory") from None
        yield
