"""Plan before paying: every step, spec and input of a pipeline is checked, and what its DP steps
will charge is added up against what the ledger has left, before any step runs or pays.

``medprivacy run --plan`` prints the plan and stops; every run makes it first, so an error in the
last step (its spec or its data) is reported before the first step pays. Each step's ``plan(ctx)``
does its own checks with the code its run uses and returns a :class:`StepPlan`; the figures it
holds about the input (counts per column and rule, never a value) are for the steward only.
"""

from __future__ import annotations

from collections import defaultdict
from contextlib import suppress
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from medprivacy.budget import BudgetExceeded, Ledger, normalize_unit, num, same_entity
from medprivacy.errors import ConfigError, InputError, MedPrivacyError
from medprivacy.spec import resolve_path

if TYPE_CHECKING:
    from medprivacy.keys import Key
    from medprivacy.pipeline import RunContext
    from medprivacy.spec import PipelineSpec

PRIVATE = "private:"  # a spec path into private/ (pipeline.PRIVATE_PREFIX; no import cycle)


@dataclass(frozen=True)
class Charge:
    """What one step will record in the ledger (basic composition in ε and δ)."""

    dataset: str
    epsilon: float
    delta: float
    rho: float | None = None  # zCDP methods: the ρ the (ε, δ) was converted from
    unit: dict[str, Any] | None = None  # the privacy unit: one entity per dataset

    def text(self) -> str:
        rho = f" (from ρ={self.rho:.6g} zCDP)" if self.rho is not None else ""
        return f"ε={self.epsilon:.6g}, δ={self.delta:.3g}{rho} from dataset {self.dataset!r}"


@dataclass
class StepPlan:
    """One step's plan: its charge, the expected accuracy of each DP statistic, notes on its
    input for the steward (counts, never values) and what could not be checked yet."""

    step: str = ""
    kind: str = ""
    charge: Charge | None = None
    accuracy: dict[str, str] = field(default_factory=dict)
    checks: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    # the files the step will write (release-relative; ``private:`` for private/), with their
    # columns, when known before it runs
    writes: dict[str, list[str]] | None = None


@dataclass
class Plan:
    """The pipeline's plan: each step's, and each dataset's balance after the run."""

    steps: list[StepPlan]
    budgets: list[str]

    def lines(self) -> list[str]:
        """The plan as plain lines (for the terminal and the audit log's private side)."""
        out = []
        for p in self.steps:
            charge = f"charges {p.charge.text()}" if p.charge else "charges nothing"
            out.append(f"{p.step} ({p.kind}): checked; {charge}")
            out += [f"  statistic {name}: {acc}" for name, acc in p.accuracy.items()]
            out += [f"  input: {c}" for c in p.checks]
            out += [f"  note: {n}" for n in p.notes]
        return out + self.budgets


def existing_ledger(ctx: RunContext) -> Ledger | None:
    """The pipeline's ledger if it exists; a plan never creates one."""
    from medprivacy.pipeline import ledger_path

    path = ctx.ledger_path or ledger_path(ctx.spec, ctx.release_dir)
    return ctx.ledger() if path.is_file() else None


def plan_run(ctx: RunContext) -> Plan:
    """Plan every step of ``ctx.spec`` (see the module docstring); the first problem is raised
    as one line naming the step. Nothing is written or charged."""
    steps: list[StepPlan] = []
    made: dict[str, dict[str, list[str]]] = {}  # output folder -> the files it will hold
    for sid, step in ctx.spec.built:
        plan = getattr(step, "plan", None)  # a plug-in step without one is checked when it runs
        try:
            planned: StepPlan = plan(ctx) if plan else StepPlan(notes=["no plan: checked when run"])
            _check_reads(step.config, made)
        except MedPrivacyError as exc:
            cls = type(exc) if type(exc) in (ConfigError, InputError) else MedPrivacyError
            raise cls(f"step {sid!r} (not run, nothing charged): {exc}") from None
        planned.step, planned.kind = sid, ctx.spec.steps[len(steps)].step
        _hide_input_names(planned, _input_paths(ctx, step))
        steps.append(planned)
        output = getattr(step.config, "output", None)
        if planned.writes is not None and output:
            made[str(output)] = planned.writes
    return Plan(steps, _check_budgets(ctx, [p for p in steps if p.charge]))


def _check_reads(config: Any, made: dict[str, dict[str, list[str]]]) -> None:
    """The files this step reads from earlier steps (a released ``table``; ``members`` and
    ``non_members`` kept in private/), with the columns it names (``quasi_identifiers``,
    ``sensitive``): a typo is found before anything is charged. Checked where the earlier step
    knows its files before it runs (``writes``: release-relative, ``private:`` for private/)."""
    for field_name in ("table", "members", "non_members"):
        ref = getattr(config, field_name, None)
        if not ref:
            continue
        name = str(ref)
        files = made.get(Path(name.removeprefix(PRIVATE)).parts[0])
        if files is None:
            continue
        where = (
            name.replace(PRIVATE, "private/", 1) if name.startswith(PRIVATE) else f"release/{name}"
        )
        if name not in files:
            known = ", ".join(
                sorted(f for f in files if f.startswith(PRIVATE) == name.startswith(PRIVATE))
            )
            raise ConfigError(
                f"{where}: no earlier step writes it (it will hold: {known or 'none'})"
            )
        if field_name != "table":
            continue
        named = [*getattr(config, "quasi_identifiers", []), *getattr(config, "sensitive", [])]
        missing = [c for c in named if c not in files[name]]
        if missing:
            raise ConfigError(
                f"{where}: no column {', '.join(map(repr, missing))} in the released table"
            )


def _input_paths(ctx: RunContext, step: Any) -> list[Path]:
    """The data files a step reads: its own path fields and the ``input:`` of a spec it names
    (the YAML specs themselves are the steward's, not data)."""
    out: list[Path] = []
    for value in step.config.model_dump().values():
        if not isinstance(value, str | Path) or not str(value):
            continue
        path = ctx.resolve(Path(value))
        if path.suffix not in (".yaml", ".yml"):
            out.append(path)
        elif path.is_file():
            with suppress(OSError, yaml.YAMLError):
                doc = yaml.safe_load(path.read_text("utf-8"))
                if isinstance(doc, dict) and isinstance(doc.get("input"), str):
                    out.append(resolve_path(Path(doc["input"]), path))
    return [p for p in out if p.is_file()]


def _hide_input_names(plan: StepPlan, paths: list[Path]) -> None:
    """Name the step's inputs by its id, never by file name or path (a file may be named after
    a patient): the plan is printed and kept in private/plan.txt."""
    label = f"input of step {plan.step!r}"
    texts = sorted({t for p in paths for t in (str(p), p.name) if t}, key=len, reverse=True)

    def hide(line: str) -> str:
        for text in texts:
            if line.startswith(f"{text}: "):
                line = f"{label}: {line[len(text) + 2 :]}"
            if len(text) > 3:
                line = line.replace(text, label)
        return line

    plan.checks = [hide(c) for c in plan.checks]
    plan.notes = [hide(n) for n in plan.notes]
    plan.accuracy = {name: hide(a) for name, a in plan.accuracy.items()}


def _check_budgets(ctx: RunContext, charged: list[StepPlan]) -> list[str]:
    """Each dataset's total charge against what is left (or what ``budgets:`` will create);
    refuse an overspend, a dataset without a budget and a second kind of privacy unit."""
    ledger = existing_ledger(ctx)
    known = {b.dataset: b for b in ledger.datasets()} if ledger else {}
    by_dataset: dict[str, list[StepPlan]] = defaultdict(list)
    for p in charged:
        assert p.charge is not None
        by_dataset[p.charge.dataset].append(p)
    lines = []
    for dataset, plans in by_dataset.items():
        have = known.get(dataset)
        declared = ctx.spec.budgets.get(dataset)
        want = (declared.epsilon, declared.delta) if declared else None
        if have is not None and want and (have.epsilon, have.delta) != want:
            raise ConfigError(
                f"dataset {dataset!r} already has a budget of ε={have.epsilon:g}, "
                f"δ={have.delta:g}; `budgets:` declares ε={want[0]:g}, "
                f"δ={want[1]:g}: a budget is set once and never changed"
            )
        if have is not None:
            total = (Fraction(have.epsilon), Fraction(have.delta))
            spent = (Fraction(have.spent_epsilon), Fraction(have.spent_delta))
        elif declared is not None:
            total = (Fraction(declared.epsilon), Fraction(declared.delta))
            spent = (Fraction(0), Fraction(0))
        else:
            raise ConfigError(
                f"dataset {dataset!r} has no budget: declare it under `budgets:` in the pipeline "
                "or create it with `medprivacy budget init` (nothing was charged)"
            )
        spent_before, first = _first_unit(ledger, dataset)
        for p in plans:
            assert p.charge is not None
            unit = p.charge.unit
            if spent_before and not same_entity(first, unit):
                raise ConfigError(
                    f"step {p.step!r}: dataset {dataset!r} is spent per another privacy unit "
                    f"({normalize_unit(first)}); budgets of different units do not add up "
                    "(nothing was charged)"
                )
            spent_before, first = True, first if spent_before else unit
        eps = sum((Fraction(p.charge.epsilon) for p in plans if p.charge), Fraction(0))
        dlt = sum((Fraction(p.charge.delta) for p in plans if p.charge), Fraction(0))
        left_eps, left_dlt = total[0] - spent[0], total[1] - spent[1]
        if eps > left_eps or dlt > left_dlt:
            raise BudgetExceeded(
                f"budget of dataset {dataset!r} would be overspent: this run's steps "
                f"({', '.join(p.step for p in plans)}) charge ε={num(float(eps))}, "
                f"δ={num(float(dlt))} but ε={num(float(left_eps))}, δ={num(float(left_dlt))} "
                "is left; refused before anything was charged"
            )
        lines.append(
            f"dataset {dataset!r}: this run charges ε={float(eps):.6g}, δ={float(dlt):.3g} of "
            f"ε={float(left_eps):.6g}, δ={float(left_dlt):.3g} left (total ε={float(total[0]):.6g},"
            f" δ={float(total[1]):.3g}); ε={float(left_eps - eps):.6g}, "
            f"δ={float(left_dlt - dlt):.3g} left after it"
        )
    return lines


def _first_unit(ledger: Ledger | None, dataset: str) -> tuple[bool, dict[str, Any] | None]:
    """Whether the dataset was spent from, and the privacy unit of its first spend (every later
    spend must protect the same entity, see :meth:`Ledger.spend`)."""
    first = (
        next((e for e in ledger.history(dataset) if e.kind == "spend"), None) if ledger else None
    )
    return first is not None, first.unit if first else None


def plan_pipeline(spec: PipelineSpec, key: Key, *, out_dir: str | Path | None = None) -> Plan:
    """``medprivacy run --plan``: the plan of a run into ``out_dir`` (default: the spec's
    ``output``), without creating, writing or charging anything."""
    from medprivacy.pipeline import RunContext, check_same_spec, run_dir_of, spec_sha256

    run_dir = run_dir_of(spec, out_dir)
    check_same_spec(run_dir, spec_sha256(spec))  # what the run would refuse at once
    ctx = RunContext(spec, key, run_dir / "release", run_dir / "private", None, progress=False)
    return plan_run(ctx)
