"""The ``medprivacy`` command: a thin layer over the public API, one module per command group.

Heavy libraries are imported inside commands so ``medprivacy --help`` stays fast. User errors
(:class:`MedPrivacyError`) print one line on stderr and exit with code 2, without a traceback.
"""

from __future__ import annotations

import errno
import os
import sys
from typing import Annotated

import typer

from medprivacy.cli import attack, audit, budget, deid, inspect, keys, run, stats, synth  # noqa: F401 - registers commands
from medprivacy.cli.common import app, err, state
from medprivacy.errors import MedPrivacyError


@app.callback()
def _main(
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Log progress on stderr.")
    ] = False,
) -> None:
    from medprivacy import logs

    state["verbose"] = verbose
    logs.configure(verbose)


# Errors of the machine, not of medprivacy: an unwritable or full output folder, a name too long.
USER_ERRNOS = frozenset(
    {
        errno.EACCES,
        errno.EPERM,
        errno.EROFS,
        errno.ENOSPC,
        errno.EDQUOT,
        errno.ENAMETOOLONG,
        errno.EISDIR,
        errno.ENOTDIR,
        errno.EEXIST,
        errno.ELOOP,  # a symbolic link loop on the output path
        errno.EFBIG,  # a file-size limit (ulimit -f, FAT32)
        errno.EMLINK,  # too many entries in a folder
    }
)


def environment_error(exc: OSError) -> str | None:
    """One line for an OSError the user can fix: the path and the reason, never file content."""
    if exc.errno not in USER_ERRNOS:
        return None
    where = exc.filename if exc.filename is not None else "output"
    return f"{where}: {os.strerror(exc.errno)} (nothing more was written; rerun to resume)"


def main(argv: list[str] | None = None) -> None:
    """Console-script entry point: user errors as one line and exit code 2."""
    try:
        code = app(args=argv, standalone_mode=False)  # typer.Exit(n) comes back as n here
        if isinstance(code, int) and code:
            sys.exit(code)
    except MedPrivacyError as exc:
        err(f"error: {exc}")
        sys.exit(2)
    except OSError as exc:
        message = environment_error(exc)
        if message is None:
            raise
        err(f"error: {message}")
        sys.exit(2)
    except KeyboardInterrupt:
        err("interrupted; rerun the same command to resume")
        sys.exit(130)
    except SystemExit:
        raise
    except Exception as exc:  # click usage errors arrive here in non-standalone mode
        import click

        if isinstance(exc, click.exceptions.ClickException):
            exc.show()
            sys.exit(exc.exit_code)
        if isinstance(exc, click.exceptions.Abort):
            sys.exit(1)
        raise
