"""The privacy claim a release states, read from its ``privacy.json`` or ``stats.json``.

The ε audit checks the release against what it says of itself, never a hand-typed number: a
synthetic table's ``privacy.json`` (keys ``epsilon``, ``delta``, ``adjacency``, ``unit``) or a
DP statistics release's ``stats.json`` (``privacy_loss.epsilon`` / ``.delta``, ``adjacency``,
``privacy_unit``; rows per patient from the unit's "at most K rows" or a ``max_rows`` key),
found in the attacked table's folder. The adjacency text ("add/remove one individual", "add or
remove one patient ...") maps to ``add_remove`` or ``substitution``.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from medprivacy.attacks.units import max_rows_from_unit
from medprivacy.errors import ConfigError, InputError

log = logging.getLogger(__name__)

CLAIM_FILES = ("privacy.json", "stats.json")


@dataclass
class Claim:
    """ε, δ, adjacency and rows per unit as the release states them (None where it is silent)."""

    epsilon: float | None
    delta: float | None
    adjacency: str | None
    max_rows: int | None
    source: str


def adjacency_from_text(text: object, source: str = "claim") -> str | None:
    """``add_remove`` or ``substitution`` from a statement's adjacency text (None if absent)."""
    if text is None:
        return None
    t = str(text).lower().replace("_", " ").replace("-", " ")
    if "substitut" in t or "replace" in t or ("bounded" in t and "unbounded" not in t):
        return "substitution"
    if ("add" in t and "remove" in t) or "unbounded" in t:
        return "add_remove"
    raise ConfigError(f"{source}: adjacency not understood (expected add/remove or substitution)")


def _number(doc: dict[str, Any], key: str, source: str) -> float | None:
    value = doc.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InputError(f"{source}: {key} is not a number")
    return float(value)


def parse_claim(doc: dict[str, Any], source: str) -> Claim:
    """A claim from a loaded ``privacy.json`` or ``stats.json`` document."""
    loss = doc.get("privacy_loss") if isinstance(doc.get("privacy_loss"), dict) else doc
    assert isinstance(loss, dict)
    unit = doc.get("unit", doc.get("privacy_unit"))
    max_rows = max_rows_from_unit(unit)
    for holder in (doc, unit if isinstance(unit, dict) else {}):
        if isinstance(holder.get("max_rows"), int) and not isinstance(holder["max_rows"], bool):
            max_rows = int(holder["max_rows"])
    return Claim(
        epsilon=_number(loss, "epsilon", source),
        delta=_number(loss, "delta", source),
        adjacency=adjacency_from_text(doc.get("adjacency"), source),
        max_rows=max_rows,
        source=source,
    )


def read_claim(folder: Path) -> Claim | None:
    """The claim stated next to a released table (None when the folder states none)."""
    for name in CLAIM_FILES:
        path = folder / name
        if path.is_file():
            try:
                doc = json.loads(path.read_text("utf-8"))
            except (OSError, ValueError):
                raise InputError(f"{path}: unreadable privacy statement") from None
            if not isinstance(doc, dict):
                raise InputError(f"{path}: a privacy statement is a JSON object")
            return parse_claim(doc, str(path))
    return None


@dataclass
class AuditClaim:
    """What the ε audit holds the release to, after explicit settings override its statement."""

    epsilon: float | None
    delta: float
    adjacency: str
    max_rows: int | None
    notes: list[str]


def resolve_claim(
    claim: Claim | None,
    epsilon: float | None = None,
    delta: float | None = None,
    adjacency: str | None = None,
) -> AuditClaim:
    """The release's claim, with explicit values overriding it (each override logged)."""
    notes = []
    stated = claim or Claim(None, None, None, None, "")
    for name, given, said in (
        ("epsilon", epsilon, stated.epsilon),
        ("delta", delta, stated.delta),
        ("adjacency", adjacency, stated.adjacency),
    ):
        if given is not None and said is not None and given != said:
            notes.append(f"explicit {name} {given} overrides {said} stated in {stated.source}")
    for note in notes:
        log.warning("attack: %s", note)
    return AuditClaim(
        epsilon=epsilon if epsilon is not None else stated.epsilon,
        delta=delta if delta is not None else (stated.delta or 0.0),
        adjacency=adjacency or stated.adjacency or "add_remove",
        max_rows=stated.max_rows,
        notes=notes,
    )
