"""`medprivacy budget`: privacy budgets in the ledger."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from medprivacy.cli.common import (
    DONE,
    KeyFile,
    LedgerOpt,
    budget_app,
    err,
)
from medprivacy.errors import ConfigError

if TYPE_CHECKING:
    from medprivacy.budget import Ledger


def open_ledger(ledger: Path | None, key_file: Path | None, *, create: bool) -> Ledger:
    """The ledger, MAC'd with the key from ``--key-file`` (else env MEDPRIVACY_KEY)."""
    from medprivacy.budget import Ledger
    from medprivacy.keys import load_key

    return Ledger(ledger, key=load_key(key_file), create=create)


@budget_app.command("init", epilog=DONE)
def budget_init(
    dataset: Annotated[
        str, typer.Argument(metavar="DATASET", help="Dataset name (letters, digits, _ . -).")
    ],
    epsilon: Annotated[float, typer.Option("--epsilon", help="Total ε for all its releases.")],
    delta: Annotated[
        float,
        typer.Option(
            "--delta",
            help="Total δ (e.g. 1e-6). 0 allows only pure ε-DP statistics: synthesis (aim, mst), "
            "ρ (zCDP) statistics and group-bys over undeclared keys spend δ > 0, and a budget "
            "is never raised.",
        ),
    ] = 0.0,
    ledger: LedgerOpt = None,
    key_file: KeyFile = None,
) -> None:
    """Give a dataset its total privacy budget (once; it is never raised)."""
    from medprivacy.budget import num

    book = open_ledger(ledger, key_file, create=True)
    book.init_dataset(dataset, epsilon, delta)
    err(f"dataset {dataset}: budget ε={num(epsilon)}, δ={num(delta)} in {book.path}")
    if delta == 0:
        err(ZERO_DELTA)


# One line for a steward who left δ at 0: what it rules out, for good.
ZERO_DELTA = (
    "note: δ = 0 allows only pure ε-DP statistics; synthesis (aim, mst), ρ (zCDP) statistics and "
    "group-bys over undeclared keys need δ > 0 and will be refused for this dataset for good"
)


@budget_app.command("show", epilog=DONE)
def budget_show(
    dataset: Annotated[
        Optional[str],  # noqa: UP045
        typer.Argument(metavar="DATASET", help="One dataset (default: all)."),
    ] = None,
    ledger: LedgerOpt = None,
    key_file: KeyFile = None,
) -> None:
    """Budgets, spent and left, per dataset (on stdout)."""
    book = open_ledger(ledger, key_file, create=False)
    balances = [book.balance(dataset)] if dataset else book.datasets()
    typer.echo(f"{'dataset':24} {'ε total':>9} {'ε spent':>9} {'ε left':>9} {'δ left':>9} releases")
    for b in balances:
        typer.echo(
            f"{b.dataset:24} {b.epsilon:9.4g} {b.spent_epsilon:9.4g} {b.remaining_epsilon:9.4g} "
            f"{b.remaining_delta:9.3g} {b.releases:8d}"
        )


@budget_app.command("history", epilog=DONE)
def budget_history(
    dataset: Annotated[str, typer.Argument(metavar="DATASET", help="Dataset name.")],
    ledger: LedgerOpt = None,
    key_file: KeyFile = None,
) -> None:
    """Every ledger entry of a dataset, oldest first (on stdout)."""
    book = open_ledger(ledger, key_file, create=False)
    book.balance(dataset)  # one-line error for an unknown dataset
    for e in book.history(dataset):
        typer.echo(
            f"{e.seq:5d} {e.ts} {e.kind:6} ε={e.epsilon:<8.4g} δ={e.delta:<8.3g} {e.label} "
            f"[{e.mechanism}]"
        )


@budget_app.command("verify", epilog=DONE)
def budget_verify(
    ledger: LedgerOpt = None,
    key_file: KeyFile = None,
    manifest: Annotated[
        Optional[list[Path]],  # noqa: UP045
        typer.Option(
            "--manifest",
            help="A published release/manifest.json whose ledger head must be in the ledger "
            "(repeatable): catches an older copy of the ledger restored since.",
        ),
    ] = None,
) -> None:
    """Check the ledger's keyed MAC chain (an edited, re-chained or removed entry breaks it)."""
    book = open_ledger(ledger, key_file, create=False)
    n = book.verify()
    for path in manifest or []:
        try:
            head = json.loads(path.read_text("utf-8")).get("ledger")
        except (OSError, ValueError, AttributeError):
            raise ConfigError(f"{path}: not a readable release manifest") from None
        if not isinstance(head, dict):
            raise ConfigError(f"{path}: the manifest records no ledger head")
        book.check_anchor(head, str(path))
    checked = f"; {len(manifest)} published head(s) present" if manifest else ""
    err(f"budget ledger intact: {n} entries{checked}")
