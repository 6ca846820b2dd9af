"""The review's risk-driven anonymization section: per anonymized table (a table spec's
``anonymize:`` or an attack's ``remedy: anonymize``) the levels, suppressed records, classes, risk
and loss, and what a stricter threshold costs (the optimum per highest-risk threshold and the
Pareto front the search met). Read from private/: those figures are of unreleased nodes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from medprivacy.report.collect import read_json
from medprivacy.report.html import badge, esc, fmt, table


def facts(run_dir: Path, pipeline: dict[str, Any]) -> list[dict[str, Any]]:
    """One entry per anonymized table of the run, in pipeline order."""
    out = []
    for cfg in pipeline["steps"]:
        folder = cfg.get("output")
        if not isinstance(folder, str):
            continue
        private = run_dir / "private" / folder
        if cfg["step"] == "deid_tables":
            for path in sorted((private / "anonymize").glob("*.json")):
                doc = read_json(path)
                if doc is None or path.name.endswith(".transformation.json"):
                    continue
                out.append(_entry(cfg["id"], path.stem, "anonymize: section", doc))
        elif cfg["step"] == "attack":
            doc = read_json(private / "remedy.json")
            if doc is not None:
                item = _entry(cfg["id"], doc.get("table", ""), "remedy: anonymize", doc)
                item.update(
                    before=doc.get("before"),
                    after=doc.get("after"),
                    failed_copy=doc.get("failed_copy"),
                    error=doc.get("error"),
                    uncovered=doc.get("uncovered") or [],
                    hierarchies=doc.get("hierarchies") or {},
                )
                out.append(item)
    return out


def _entry(step: str, name: str, how: str, doc: dict[str, Any]) -> dict[str, Any]:
    report = doc.get("report") or {}
    return {
        "step": step,
        "table": name,
        "how": how,
        "levels": doc.get("levels") or {},
        "records": report.get("records"),
        "suppressed": report.get("suppressed"),
        "classes": report.get("classes"),
        "measure": report.get("measure"),
        "loss": report.get("loss"),
        "risk": report.get("risk") or {},
        "optimal": report.get("optimal"),
        "pareto": doc.get("pareto") or [],
        "tradeoff": doc.get("tradeoff") or [],
    }


def _levels(levels: Any, names: list[str]) -> str:
    """``BIRTHDATE 1, GENDER 0``: a node's level per quasi-identifier (a dict or a list)."""
    if isinstance(levels, dict):
        return ", ".join(f"{k} {v}" for k, v in levels.items())
    if isinstance(levels, list) and len(levels) == len(names):
        return ", ".join(f"{k} {v}" for k, v in zip(names, levels, strict=True))
    return "–"


def render(items: list[dict[str, Any]]) -> str:
    """The section's HTML ('' when nothing was anonymized)."""
    if not items:
        return ""
    out = (
        "<h2>Risk-driven anonymization</h2><p>Quasi-identifiers generalized along hierarchies "
        "and records suppressed until the privacy models held. The tables below say what a "
        "stricter threshold costs: the optimum under each highest prosecutor risk, and the "
        "releases the search met that no other beats on both risk and loss (figures of "
        "unreleased tables: internal).</p>"
    )
    for a in items:
        out += f"<h3>{esc(a['step'])}: {esc(a['table'])} ({esc(a['how'])})</h3>"
        names = list(a["levels"])
        if a.get("before"):
            out += (
                f"<p>Attack suite before: {badge(a['before'])}; after the remedy: "
                f"{badge(a['after'] or 'n/a')}. "
                + (
                    f"The failing version was moved to {esc(a['failed_copy'])} and not released."
                    if a.get("failed_copy")
                    else f"No remedy was possible ({esc(a.get('error') or '')}): it blocks."
                )
                + "</p>"
            )
            if a.get("uncovered"):
                out += f"<p>Figures no privacy model covers: {esc(', '.join(a['uncovered']))}.</p>"
        if a["levels"]:
            risk = a["risk"]
            out += (
                f"<p>Levels {esc(_levels(a['levels'], names))}: {fmt(a['classes'])} classes, "
                f"{fmt(a['suppressed'])} of {fmt(a['records'])} records suppressed, highest "
                f"prosecutor risk {fmt(risk.get('highest_prosecutor'))}, average "
                f"{fmt(risk.get('average_prosecutor'))}; {esc(a['measure'])} loss "
                f"{fmt(a['loss'])}" + (" (proven optimal)" if a["optimal"] else "") + ".</p>"
            )
        if a["tradeoff"]:
            rows = [
                [
                    fmt(r["highest_risk"]),
                    "yes" if r["feasible"] else "no",
                    fmt(r.get("loss")),
                    fmt(r.get("suppressed")),
                    fmt(r.get("classes")),
                    esc(_levels(r.get("levels"), names)),
                ]
                for r in a["tradeoff"]
            ]
            out += table(
                ["highest risk ≤", "feasible", "loss", "suppressed", "classes", "levels"], rows
            )
        if a["pareto"]:
            rows = [
                [
                    fmt(r.get("highest_risk")),
                    fmt(r.get("average_risk")),
                    fmt(r.get("loss")),
                    fmt(r.get("suppressed")),
                    fmt(r.get("classes")),
                    esc(_levels(r.get("levels"), names)),
                ]
                for r in a["pareto"]
            ]
            out += "<p>Pareto front of the lattice (risk against loss):</p>" + table(
                ["highest risk", "average risk", "loss", "suppressed", "classes", "levels"], rows
            )
    return out
