"""`medprivacy budget`: privacy budgets in the ledger."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from medprivacy.cli.common import (
    LedgerOpt,
    budget_app,
    err,
)


@budget_app.command("init")
def budget_init(
    dataset: Annotated[str, typer.Argument(help="Dataset name (letters, digits, _ . -).")],
    epsilon: Annotated[float, typer.Option("--epsilon", help="Total ε for all its releases.")],
    delta: Annotated[float, typer.Option("--delta", help="Total δ.")] = 0.0,
    ledger: LedgerOpt = None,
) -> None:
    """Give a dataset its total privacy budget (once; it is never raised)."""
    from medprivacy.budget import Ledger

    book = Ledger(ledger)
    book.init_dataset(dataset, epsilon, delta)
    err(f"dataset {dataset}: budget ε={epsilon:g}, δ={delta:g} in {book.path}")


@budget_app.command("show")
def budget_show(
    dataset: Annotated[Optional[str], typer.Argument(help="One dataset (default: all).")] = None,  # noqa: UP045
    ledger: LedgerOpt = None,
) -> None:
    """Budgets, spent and left, per dataset (on stdout)."""
    from medprivacy.budget import Ledger

    book = Ledger(ledger)
    balances = [book.balance(dataset)] if dataset else book.datasets()
    typer.echo(f"{'dataset':24} {'ε total':>9} {'ε spent':>9} {'ε left':>9} {'δ left':>9} releases")
    for b in balances:
        typer.echo(
            f"{b.dataset:24} {b.epsilon:9.4g} {b.spent_epsilon:9.4g} {b.remaining_epsilon:9.4g} "
            f"{b.remaining_delta:9.3g} {b.releases:8d}"
        )


@budget_app.command("history")
def budget_history(
    dataset: Annotated[str, typer.Argument(help="Dataset name.")],
    ledger: LedgerOpt = None,
) -> None:
    """Every ledger entry of a dataset, oldest first (on stdout)."""
    from medprivacy.budget import Ledger

    book = Ledger(ledger)
    book.balance(dataset)  # one-line error for an unknown dataset
    for e in book.history(dataset):
        typer.echo(
            f"{e.seq:5d} {e.ts} {e.kind:6} ε={e.epsilon:<8.4g} δ={e.delta:<8.3g} {e.label} "
            f"[{e.mechanism}]"
        )


@budget_app.command("verify")
def budget_verify(ledger: LedgerOpt = None) -> None:
    """Check the ledger's hash chain (an edited or removed entry breaks it)."""
    from medprivacy.budget import Ledger

    n = Ledger(ledger).verify()
    err(f"budget ledger intact: {n} entries")
