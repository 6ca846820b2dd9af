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

from medprivacy.cli import anonymize as _anonymize  # noqa: F401 - registers `medprivacy anonymize`
from medprivacy.cli import attack, audit, budget, deid, inspect, keys, run, stats, synth  # noqa: F401 - registers commands
from medprivacy.cli import report as _report  # noqa: F401 - registers `medprivacy report`
from medprivacy.cli.common import app, err, state
from medprivacy.errors import MedPrivacyError


def _print_version(value: bool) -> None:
    if value:
        from medprivacy import __version__

        typer.echo(f"medprivacy {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    verbose: Annotated[
        bool,
        typer.Option(
            "--verbose", "-v", help="Log progress on stderr (also accepted after the command)."
        ),
    ] = False,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_print_version, is_eager=True, help="Print the version."
        ),
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
        args = hoist_verbose(sys.argv[1:] if argv is None else argv)
        code = app(args=args, standalone_mode=False)  # typer.Exit(n) comes back as n here
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
    except Exception as exc:  # usage errors arrive here in non-standalone mode
        if isinstance(exc, _usage_errors()):  # one line, like every other user error
            message = " ".join(exc.format_message().split())  # type: ignore[attr-defined]
            err(f"error: {message or 'no command given'} (see --help)")
            sys.exit(2)
        if isinstance(exc, _aborts()):
            sys.exit(1)
        raise


VERBOSE = frozenset({"-v", "--verbose"})


def hoist_verbose(args: list[str]) -> list[str]:
    """Move ``-v``/``--verbose`` given after the command to the front, where the group reads it.

    Click scopes an option to the command it is declared on; people type ``-v`` last. Tokens
    after ``--`` are left alone (they are arguments, whatever they look like).
    """
    end = args.index("--") if "--" in args else len(args)
    flags = [a for a in args[:end] if a in VERBOSE]
    if not flags:
        return list(args)
    return ["--verbose", *(a for a in args[:end] if a not in VERBOSE), *args[end:]]


def _usage_errors() -> tuple[type[Exception], ...]:
    """Usage-error classes: typer ships its own copy of click, and plain click may be there too."""
    found: list[type[Exception]] = []
    try:
        from typer._click.exceptions import ClickException as TyperClickException

        found.append(TyperClickException)
    except ImportError:  # a typer that uses plain click
        pass
    try:
        import click

        found.append(click.ClickException)
    except ImportError:
        pass
    return tuple(found)


def _aborts() -> tuple[type[BaseException], ...]:
    found: list[type[BaseException]] = [typer.Abort]
    try:
        import click

        found.append(click.exceptions.Abort)
    except ImportError:
        pass
    return tuple(found)
