"""The ``medprivacy`` command: a thin layer over the public API, one module per command group.

Heavy libraries are imported inside commands so ``medprivacy --help`` stays fast. User errors
(:class:`MedPrivacyError`) print one line on stderr and exit with code 2, without a traceback;
an unexpected exception (a bug) prints its type only and exits 70, not 1 ("blocked").
"""

from __future__ import annotations

import errno
import os
import sys
import traceback
from typing import Annotated, Any, NoReturn

import typer

from medprivacy.cli import anonymize as _anonymize  # noqa: F401 - registers `medprivacy anonymize`
from medprivacy.cli import attack, audit, budget, deid, inspect, keys, run, stats, synth  # noqa: F401 - registers commands
from medprivacy.cli import report as _report  # noqa: F401 - registers `medprivacy report`
from medprivacy.cli.common import EXIT_INTERNAL, app, err, state
from medprivacy.errors import MedPrivacyError, SafeInternalError


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
    """Console-script entry point: user errors as one line and exit code 2; anything else is a
    bug of medprivacy: one line naming its type and exit 70 (the traceback only with -v).

    Called with ``argv`` it ends in ``SystemExit`` like any click program; as the program itself
    (no ``argv``) it ends through :func:`leave`, which skips the interpreter's module teardown."""
    if argv is not None:
        _command(argv)
        return
    state["program"] = True
    try:
        _command(sys.argv[1:])
    except SystemExit as stop:
        leave(stop.code)
    leave(0)


def leave(code: object) -> NoReturn:
    """End the process once everything it wrote is on disk, without tearing the interpreter down.

    Python's own exit clears every module and frees the heap one object at a time: 0.15-0.3 s after
    the summary is printed, most of it pydicom's and pandas' modules. Every output is already
    renamed into place and every ledger and journal connection committed and closed by then; what
    remains is run here in Python's order: exit handlers (logging's flush, temporary folders,
    multiprocessing's clean-up), any file object still open, then the standard streams. A second
    live thread (a command that left work running) gets Python's full exit instead, which waits
    for it."""
    import atexit
    import threading

    status = _status(code)
    if threading.active_count() > 1:
        sys.exit(status)
    atexit._run_exitfuncs()
    _flush_open_files()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            status = status or 120  # Python's code when flushing the standard streams fails
    os._exit(status)


def _flush_open_files() -> None:
    """Flush every file object still open, as the interpreter's teardown would before closing
    it: a file a plugin or a command left open keeps its last writes (one walk of the heap, a few
    ms against the teardown's 0.15-0.3 s)."""
    import gc
    import io

    for obj in gc.get_objects():
        # type(), not isinstance(): some objects (lazy proxies) answer __class__ with a non-class,
        # and the IOBase ABC check would raise on them
        if not issubclass(type(obj), io.IOBase) or obj is sys.stdout or obj is sys.stderr:
            continue
        try:
            if not obj.closed and obj.writable():
                obj.flush()
        except Exception:  # a stream that cannot take its last writes fails as it would at
            pass  # teardown, and never turns the exit into a traceback


def _status(code: object) -> int:
    """The exit status ``sys.exit(code)`` would give: None is 0, a non-integer is printed and 1."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code & 0xFF
    err(str(code))
    return 1


def _command(raw: list[str]) -> None:
    """Run one command; every ending is a ``SystemExit`` (user errors and bugs as above)."""
    raw = list(raw)
    try:
        args = hoist_verbose(raw)
        # typer.Exit(n) comes back as n here
        code = app(args=args, prog_name="medprivacy", standalone_mode=False)
        if isinstance(code, int) and code:
            if code == 130:  # typer's answer to Ctrl-C
                err("interrupted; rerun the same command to resume")
            sys.exit(code)
    except MedPrivacyError as exc:
        err(f"error: {exc}")
        sys.exit(2)
    except OSError as exc:
        message = environment_error(exc)
        if message is None:
            _internal_error(exc, raw)
        err(f"error: {message}")
        sys.exit(2)
    except KeyboardInterrupt:
        err("interrupted; rerun the same command to resume")
        sys.exit(130)
    except SystemExit:
        raise
    except Exception as exc:  # usage errors arrive here in non-standalone mode
        if isinstance(exc, _usage_errors()):  # one line, like every other user error
            err(f"error: {usage_line(exc)}")
            sys.exit(2)
        if isinstance(exc, _aborts()):
            sys.exit(1)
        _internal_error(exc, raw)


def _internal_error(exc: BaseException, raw: list[str]) -> NoReturn:
    """An unexpected exception: its type only (its text may hold a value read from the input);
    the traceback with -v, for whoever reports the bug."""
    verbose = bool(state["verbose"]) or any(a in VERBOSE for a in raw[: _end(raw)])
    if verbose:
        traceback.print_exception(exc, file=sys.stderr)
    hint = "" if verbose else "; rerun with -v for the traceback"
    if isinstance(exc, SafeInternalError):  # its message was written to be printed
        err(f"internal error: {exc}{hint}")
    else:
        err(f"internal error ({type(exc).__name__}){hint}")
    sys.exit(EXIT_INTERNAL)


def usage_line(exc: Exception) -> str:
    """A usage error in one short line: a bare group lists its commands instead of its help."""
    ctx = getattr(exc, "ctx", None)
    where = getattr(ctx, "command_path", "") or "medprivacy"
    message = " ".join(exc.format_message().split())  # type: ignore[attr-defined]
    group: Any = getattr(ctx, "command", None)
    if hasattr(group, "list_commands") and (
        type(exc).__name__ == "NoArgsIsHelpError" or message.startswith("Missing command")
    ):
        names = [
            n
            for n in group.list_commands(ctx)
            if not getattr(group.get_command(ctx, n), "hidden", False)
        ]
        return f"missing command; choose one of: {', '.join(names)} (see {where} --help)"
    return f"{message or 'no command given'} (see {where} --help)"


VERBOSE = frozenset({"-v", "--verbose"})


def _end(args: list[str]) -> int:
    return args.index("--") if "--" in args else len(args)


def hoist_verbose(args: list[str]) -> list[str]:
    """Move ``-v``/``--verbose`` given after the command to the front, where the group reads it.

    Click scopes an option to the command it is declared on; people type ``-v`` last. Tokens
    after ``--`` are left alone (they are arguments, whatever they look like).
    """
    end = _end(args)
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
