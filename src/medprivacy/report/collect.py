"""Gather a run's facts into plain dicts: what was released (from release/ and the step summaries
only, so it is release-safe) and what the steward must see (attacks, fidelity, budget, inputs,
read from private/ too). Numbers are copied from the files the steps wrote, never recomputed."""

from __future__ import annotations

import json
import math
from collections import Counter
from pathlib import Path
from typing import Any

from medprivacy.errors import MedPrivacyError
from medprivacy.report.plain import TITLES, explain, scale_name, threshold_text

ATTACK_STEP = "attack"


def read_json(path: Path) -> dict[str, Any] | None:
    """A JSON document a step wrote, or None when absent or unreadable."""
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def step_entries(pipeline: dict[str, Any], steps: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each step's public config joined with its released summary, in pipeline order."""
    summaries = {s["id"]: s.get("summary") or {} for s in steps}
    return [{**cfg, "summary": summaries.get(cfg["id"], {})} for cfg in pipeline["steps"]]


# -- release-safe facts -----------------------------------------------------------------------


def released(
    release: Path, pipeline: dict[str, Any], steps: list[dict[str, Any]], files: dict[str, str]
) -> list[dict[str, Any]]:
    """One entry per output folder: its files and what it holds (release-safe inputs only)."""
    out = []
    for entry in step_entries(pipeline, steps):
        kind, folder = entry["step"], entry.get("output")
        if kind == ATTACK_STEP or not isinstance(folder, str):
            continue
        mine = [rel for rel in files if rel.split("/", 1)[0] == folder]
        size = sum((release / rel).stat().st_size for rel in mine if (release / rel).is_file())
        item: dict[str, Any] = {
            "step": entry["id"],
            "kind": kind,
            "output": folder,
            "files": len(mine),
            "bytes": size,
        }
        item.update(_describe(release / folder, entry))
        item["empty"] = _empty(item, entry)
        out.append(item)
    return out


def _empty(item: dict[str, Any], entry: dict[str, Any]) -> str:
    """Why an output step released nothing ("" when it released something): no file in its
    folder, no DICOM file (every one quarantined or failed), no table row, no statistic."""
    s, kind = entry["summary"], entry["step"]
    if not item["files"]:
        return f"0 files in {item['output']}/"
    if kind == "deid_dicom" and s.get("released") == 0:
        return "0 DICOM files: every input was quarantined, failed or skipped"
    rows = [t.get("rows") for t in (item.get("tables") or {}).values()]
    if kind == "deid_tables" and rows and all(r == 0 for r in rows):
        return "0 table rows"
    if kind == "synthesize" and s.get("rows") == 0:
        return "0 synthetic rows"
    return ""


def _describe(folder: Path, entry: dict[str, Any]) -> dict[str, Any]:
    s, kind = entry["summary"], entry["step"]
    if kind == "deid_dicom":
        return {
            "what": f"{s.get('released', 0)} de-identified DICOM file(s)",
            "profile": s.get("profile"),
            "options": s.get("options", []),
            "privacy": {
                "dp": False,
                "basis": f"{s.get('profile', 'DICOM de-identification')}"
                + (f" with options {', '.join(s['options'])}" if s.get("options") else ""),
            },
        }
    if kind == "deid_tables":
        checklist = read_json(folder / "checklist.json") or {}
        tables = {
            name: {"rows": t.get("rows"), "columns": t.get("columns_out")}
            for name, t in (s.get("tables") or {}).items()
        }
        return {
            "what": f"{len(tables)} de-identified table(s) ("
            + ", ".join(f"{n}: {t['rows']} rows" for n, t in tables.items())
            + ")",
            "release_kind": s.get("release"),
            "tables": tables,
            "privacy": {"dp": False, "basis": checklist.get("statement", s.get("release"))},
        }
    if kind == "dp_stats":
        doc = read_json(folder / "stats.json") or {}
        loss = doc.get("privacy_loss") or {}
        return {
            "what": f"{len(doc.get('statistics', []))} differentially private statistic(s)",
            "privacy": {
                "dp": True,
                "unit": doc.get("privacy_unit"),
                "adjacency": doc.get("adjacency"),
                "epsilon": loss.get("epsilon"),
                "delta": loss.get("delta"),
                "dataset": doc.get("dataset"),
            },
        }
    if kind == "synthesize":
        doc = read_json(folder / "privacy.json") or {}
        return {
            "what": f"{doc.get('rows', s.get('rows'))} synthetic row(s) ({doc.get('method', '')})",
            "privacy": {
                "dp": doc.get("epsilon") is not None,
                "unit": doc.get("unit"),
                "adjacency": doc.get("adjacency"),
                "epsilon": doc.get("epsilon"),
                "delta": doc.get("delta"),
                "dataset": doc.get("dataset"),
                "guarantee": doc.get("guarantee"),
            },
        }
    return {"what": kind, "privacy": {"dp": False, "basis": kind}}


def dp_statistics(
    release: Path, pipeline: dict[str, Any], bounds: dict[str, Any] | None = None
) -> list[dict[str, Any]]:
    """Every DP statistic with its accuracy in words and a warning or ``unusable`` by
    :data:`UNUSABLE_RULE`; ``bounds`` are each step's declared bounds by statistic name
    (step id -> name -> [lower, upper]; see :func:`declared_bounds`)."""
    out = []
    for cfg in pipeline["steps"]:
        if cfg["step"] != "dp_stats" or not isinstance(cfg.get("output"), str):
            continue
        folder = release / cfg["output"]
        doc = read_json(folder / "stats.json")
        if doc is None:
            continue
        loss = doc.get("privacy_loss") or {}
        out.append(
            {
                "step": cfg["id"],
                "output": cfg["output"],
                "dataset": doc.get("dataset"),
                "ledger_entry": doc.get("ledger_entry"),
                "epsilon": loss.get("epsilon"),
                "delta": loss.get("delta"),
                "unit": doc.get("privacy_unit"),
                "adjacency": doc.get("adjacency"),
                "statistics": [
                    _statistic(s, ((bounds or {}).get(cfg["id"]) or {}).get(s.get("name")))
                    for s in doc.get("statistics", [])
                ],
                "plot": f"release/{cfg['output']}/stats.png"
                if (folder / "stats.png").is_file()
                else None,
            }
        )
    return out


def _num(x: Any) -> float | None:
    return float(x) if isinstance(x, int | float) and math.isfinite(x) else None


def _statistic(s: dict[str, Any], bounds: Any = None) -> dict[str, Any]:
    value, interval = s.get("value"), s.get("interval_95")
    item: dict[str, Any] = {
        "name": s["name"],
        "kind": s.get("kind"),
        "value": value,
        "interval_95": interval,
        "mechanism": s.get("mechanism"),
        "noise": [
            {"of": scale_name(k), "scale": v} for k, v in (s.get("noise_scale") or {}).items()
        ],
        "note": s.get("note"),
        "accuracy": "",
        "warning": "",
        "unusable": s.get("usable") is False,
    }
    if item["unusable"]:
        item["warning"] = s.get("note") or "marked unusable by its step"
    elif isinstance(value, list):
        cells = [c for c in value if isinstance(c, dict) and _num(c.get("count")) is not None]
        wide = [
            c
            for c in cells
            if _num(c.get("upper")) is not None and c["upper"] - c["lower"] > abs(c["count"])
        ]
        lost = [
            c
            for c in cells
            if _num(c.get("upper")) is not None and (c["upper"] - c["lower"]) / 2 > abs(c["count"])
        ]
        half = [(c["upper"] - c["lower"]) / 2 for c in cells if _num(c.get("upper")) is not None]
        if half:
            item["accuracy"] = f"each count within ±{max(half):.3g} (95%)"
        if cells and len(lost) == len(cells):
            item["unusable"] = True
            item["warning"] = "every cell's 95% interval is wider than twice its count"
        elif wide:
            item["warning"] = (
                f"{len(wide)} of {len(cells)} cells have a 95% interval wider than their count: "
                "read those as rough indications"
            )
    elif (number := _num(value)) is None:
        item["unusable"] = True
        item["warning"] = "no value (the noisy result is missing or not a number)"
    elif interval and _num(interval[0]) is not None and _num(interval[1]) is not None:
        lo, hi = float(interval[0]), float(interval[1])
        item["accuracy"] = f"±{(hi - lo) / 2:.3g} (95% interval {lo:.4g} to {hi:.4g})"
        item["unusable"], item["warning"] = _judge(item["kind"], number, lo, hi, bounds)
    elif item["kind"] == "mean":  # its step gives a mean no interval when the count could be 0
        item["accuracy"] = s.get("note") or "no interval"
        item["unusable"] = True
        item["warning"] = (
            f"no 95% interval ({item['accuracy']}): the noisy row count could be zero, so the "
            "mean could lie anywhere in its declared range"
        )
    else:
        item["accuracy"] = s.get("note") or "no accuracy stated"
        item["warning"] = (
            "accuracy not stated: no 95% interval comes with this kind of statistic, so nothing "
            "says how far the noise moved it; check it against what you know before relying on it"
        )
    return item


UNUSABLE_RULE = (
    "A DP figure is judged by its 95% interval against the scale it can take. A count (and each "
    "cell of a histogram or group-by) against the count itself: unusable when the half-width is "
    "larger than the count (every cell, for a table), a warning when the interval is wider than "
    "the count. A mean against its declared bounds: unusable when the interval covers more than "
    "half of the declared range, a warning above a tenth; a mean given no interval (its noisy "
    "row count could be zero) is unusable. A sum of terms of one sign is judged like a count; "
    "a sum whose bounds straddle zero has no scale to compare with and gets a warning. A figure "
    "without a stated accuracy (quantiles, variance) is a warning, never a block and never "
    "'fine'."
)


def _judge(kind: str | None, value: float, lo: float, hi: float, bounds: Any) -> tuple[bool, str]:
    """(unusable, warning) for a scalar DP figure with its 95% interval (see UNUSABLE_RULE)."""
    span = f"the 95% interval ({lo:.4g} to {hi:.4g})"
    b = bounds if isinstance(bounds, list | tuple) and len(bounds) == 2 else None
    low, up = (_num(b[0]), _num(b[1])) if b else (None, None)
    known = low is not None and up is not None and up > low
    if kind == "mean":
        if not known:
            return False, f"{span} not judged: the declared bounds are unknown to this report"
        assert low is not None and up is not None
        share = (hi - lo) / (up - low)
        if share > 0.5:
            return True, (
                f"{span} covers {share:.0%} of the declared range: the noise could erase it"
            )
        if share > 0.1:
            return False, (
                f"{span} covers {share:.0%} of the declared range: read it as a rough "
                "indication only"
            )
        return False, ""
    one_sign = known and low is not None and up is not None and (low >= 0 or up <= 0)
    if kind == "sum" and not one_sign:
        return False, (
            f"{span} not judged: the sum's terms can be negative or positive, so there is no "
            f"scale to compare it with; judge ±{(hi - lo) / 2:.3g} against what you expect"
        )
    if (hi - lo) / 2 > abs(value):
        return True, (
            f"{span} is more than twice as wide as the value ({value:.4g}): the noise could "
            "erase it"
        )
    if hi - lo > abs(value):
        return False, (
            f"{span} is wider than the value ({value:.4g}): read it as a rough indication only"
        )
    return False, ""


# -- private facts (review only) --------------------------------------------------------------


def attacks(
    run_dir: Path, pipeline: dict[str, Any], summary: dict[str, Any], ran: set[str] | None = None
) -> list[dict]:
    """Every attack figure in plain words with its interval, threshold and a remedy. An attack
    step that ran (its id in ``ran``; default: every one) without readable results is listed
    with ``missing`` (the verdict cannot be decided without them)."""
    out: list[dict[str, Any]] = []
    for cfg in pipeline["steps"]:
        if cfg["step"] != ATTACK_STEP:
            continue
        folder = run_dir / "private" / str(cfg.get("output") or cfg["id"])
        doc = read_json(folder / "attack_results.json")
        if doc is None or not isinstance(doc.get("results"), list):
            if ran is None or cfg["id"] in ran:
                out.append(
                    {
                        "step": cfg["id"],
                        "suite": cfg.get("suite"),
                        "release": None,
                        "verdict": "missing",
                        "figures": [],
                        "skipped": {},
                        "errors": {},
                        "plot": None,
                        "missing": True,
                    }
                )
            continue
        results = doc.get("results", [])
        named = (r.get("details", {}).get("quasi_identifiers") for r in results)
        qis = next((q for q in named if q), None) or list(cfg.get("quasi_identifiers") or [])
        figures = []
        for r in results:
            sentence, remedy = explain(r, qis)
            lo, hi = (r.get("interval") or [None, None])[:2]
            figures.append(
                {
                    "attack": r["attack"],
                    "metric": r["metric"],
                    "title": TITLES.get(r["metric"], f"{r['attack']}: {r['metric']}"),
                    "value": r.get("value"),
                    "interval": [lo, hi],
                    "interval_method": r.get("interval_method"),
                    "n": r.get("n"),
                    "threshold": threshold_text(r.get("threshold")),
                    "verdict": r.get("verdict", "n/a"),
                    "threat_model": r.get("threat_model"),
                    "sentence": sentence,
                    "remedy": remedy,
                    "note": r.get("note", ""),
                }
            )
        png = folder / "attack_results.png"
        out.append(
            {
                "step": cfg["id"],
                "suite": doc.get("suite"),
                "release": doc.get("release"),
                "verdict": doc.get("verdict"),
                "figures": figures,
                "skipped": doc.get("skipped") or {},
                "errors": doc.get("errors") or {},
                "plot": png.relative_to(run_dir).as_posix() if png.is_file() else None,
            }
        )
    return out


def checklists(release: Path, pipeline: dict[str, Any], steps: list[dict]) -> dict[str, list]:
    """The Safe Harbor checklists of table releases and the Annex E facts of imaging releases."""
    tables, imaging = [], []
    for entry in step_entries(pipeline, steps):
        folder = entry.get("output")
        if entry["step"] == "deid_tables" and isinstance(folder, str):
            doc = read_json(release / folder / "checklist.json")
            if doc is not None:
                tables.append({"step": entry["id"], **doc})
        elif entry["step"] == "deid_dicom":
            s = entry["summary"]
            imaging.append(
                {
                    "step": entry["id"],
                    "profile": s.get("profile"),
                    "options": s.get("options", []),
                    "actions": s.get("actions", {}),
                    "text_cleaner": s.get("text_cleaner"),
                    "pixel_check": s.get("pixel_check"),
                    "flagged_for_pixel_review": s.get("flagged_for_pixel_review", 0),
                    "ocr_found_phi": s.get("ocr_found_phi", 0),
                }
            )
    return {"tables": tables, "imaging": imaging}


def inputs(pipeline: dict[str, Any], steps: list[dict], summary: dict[str, Any]) -> dict:
    """Quarantined and failed inputs per step, counted by rule (never a path or a value)."""
    out, warnings = [], []
    for entry in step_entries(pipeline, steps):
        s, p = entry["summary"], summary.get(entry["id"]) or {}
        warnings += [(entry["id"], str(w)) for w in s.get("warnings") or []]
        if entry["step"] == "deid_dicom":
            rules = Counter(
                (q.get("status", "?"), q.get("reason", "?")) for q in p.get("problems", [])
            )
            out.append(
                {
                    "step": entry["id"],
                    "total": p.get("total"),
                    "released": s.get("released", p.get("done")),
                    "quarantined": int(s.get("quarantined", p.get("quarantined", 0)) or 0),
                    "failed": int(s.get("failed", p.get("failed", 0)) or 0),
                    "skipped": int(s.get("skipped_special", 0) or 0)
                    + int(s.get("skipped_symlinks", 0) or 0),
                    "by_rule": [
                        {"status": st, "rule": why, "files": n}
                        for (st, why), n in sorted(rules.items())
                    ],
                }
            )
        elif entry["step"] == "synthesize" and p.get("rows_dropped_for_nulls"):
            out.append(
                {
                    "step": entry["id"],
                    "total": p.get("input_rows"),
                    "released": None,
                    "quarantined": 0,
                    "failed": 0,
                    "skipped": 0,
                    "by_rule": [
                        {
                            "status": "dropped",
                            "rule": "null cell without a missing code",
                            "files": p["rows_dropped_for_nulls"],
                        }
                    ],
                }
            )
    return {"steps": out, "warnings": warnings}


def synthetic(run_dir: Path, pipeline: dict[str, Any]) -> list[dict[str, Any]]:
    """Fidelity of each synthetic table with a one-line verdict against the independence floor
    (a table of independently sampled columns): worse than that keeps no relationship."""
    out = []
    for cfg in pipeline["steps"]:
        if cfg["step"] != "synthesize" or not isinstance(cfg.get("output"), str):
            continue
        folder = run_dir / "private" / cfg["output"]
        fid = read_json(folder / "fidelity.json")
        if fid is None:
            continue
        syn, ind, boot = (
            fid.get(k) or {} for k in ("synthetic", "independent_floor", "bootstrap_floor")
        )
        orders = sorted(k for k in (syn.get("tvd") or {}) if int(k) >= 2)
        worse = [k for k in orders if syn["tvd"][k] > (ind.get("tvd") or {}).get(k, math.inf)]
        below = bool(orders) and len(worse) == len(orders)
        k = orders[0] if orders else None
        if k is None:
            line = "no multi-column marginals to compare (one column only)"
        elif below:
            line = (
                f"worse than independent columns: its {k}-way marginals are off by "
                f"{syn['tvd'][k]:.2f} (total variation) against {ind['tvd'][k]:.2f} for a table "
                "that samples each column on its own; it keeps no relationship between columns: "
                "do not use it to study relationships (raise ε, fewer columns or coarser bins)"
            )
        else:
            line = (
                f"better than independent columns on {len(orders) - len(worse)} of {len(orders)} "
                f"marginal orders ({k}-way: {syn['tvd'][k]:.2f} against {ind['tvd'][k]:.2f}; "
                f"sampling noise alone: {(boot.get('tvd') or {}).get(k, float('nan')):.2f})"
            )
        png = folder / "fidelity.png"
        out.append(
            {
                "step": cfg["id"],
                "method": cfg.get("method"),
                "epsilon": cfg.get("epsilon"),
                "target": fid.get("target"),
                "tvd": {
                    "synthetic": syn.get("tvd"),
                    "independent_columns": ind.get("tvd"),
                    "sampling_noise": boot.get("tvd"),
                },
                "worst": syn.get("worst"),
                "auc": {
                    "synthetic": syn.get("auc"),
                    "independent_columns": ind.get("auc"),
                    "real": fid.get("real_auc"),
                },
                "below_floor": below,
                "verdict": line,
                "plot": png.relative_to(run_dir).as_posix() if png.is_file() else None,
            }
        )
    return out


def run_entries(release: Path, pipeline: dict[str, Any]) -> dict[str, set[int]]:
    """The ledger entries this run's DP outputs name (stats.json, privacy.json), by dataset."""
    found: dict[str, set[int]] = {}
    for cfg in pipeline["steps"]:
        name = {"dp_stats": "stats.json", "synthesize": "privacy.json"}.get(cfg["step"])
        if name is None or not isinstance(cfg.get("output"), str):
            continue
        doc = read_json(release / cfg["output"] / name) or {}
        if doc.get("dataset") and isinstance(doc.get("ledger_entry"), int):
            found.setdefault(doc["dataset"], set()).add(doc["ledger_entry"])
    return found


def budget(release: Path, pipeline: dict[str, Any], ledger: Any | None) -> dict[str, Any]:
    """Per dataset this run paid from: total, spent (by this run and in all), left, history.
    Without a ledger only this run's spending is known (from its released DP documents)."""
    entries = run_entries(release, pipeline)
    if ledger is None:
        spent: dict[str, list[float]] = {}
        for item in released(release, pipeline, [], {}):
            p = item.get("privacy") or {}
            if p.get("dp") and p.get("dataset"):
                acc = spent.setdefault(p["dataset"], [0.0, 0.0])
                acc[0] += p.get("epsilon") or 0.0
                acc[1] += p.get("delta") or 0.0
        return {
            "source": "this run's released DP documents (totals and history need the ledger)",
            "datasets": [
                {"dataset": ds, "this_run_epsilon": e, "this_run_delta": d}
                for ds, (e, d) in sorted(spent.items())
            ],
        }
    out = []
    for ds in sorted(entries):
        bal = ledger.balance(ds)
        history = ledger.history(ds)
        mine = [h for h in history if h.seq in entries[ds]]
        out.append(
            {
                "dataset": ds,
                "epsilon": bal.epsilon,
                "delta": bal.delta,
                "spent_epsilon": bal.spent_epsilon,
                "spent_delta": bal.spent_delta,
                "left_epsilon": bal.remaining_epsilon,
                "left_delta": bal.remaining_delta,
                "this_run_epsilon": sum(h.epsilon for h in mine),
                "this_run_delta": sum(h.delta for h in mine),
                "history": [
                    {
                        "seq": h.seq,
                        "when": h.ts,
                        "kind": h.kind,
                        "label": h.label,
                        "mechanism": h.mechanism,
                        "epsilon": h.epsilon,
                        "delta": h.delta,
                        "this_run": h.seq in entries[ds],
                    }
                    for h in history
                ],
            }
        )
    return {"source": "the budget ledger", "datasets": out}


def declared_bounds(spec_path: Path) -> dict[str, list[float]]:
    """The declared bounds of each statistic of a dp_stats spec, by name (public knowledge the
    spec states; the report judges a mean's interval against them). {} when unreadable."""
    from medprivacy.dp.spec import load_stats_spec

    try:
        spec = load_stats_spec(spec_path)
    except (MedPrivacyError, OSError):
        return {}
    out = {}
    for q in spec.queries:
        bounds = getattr(q, "bounds", None)
        if isinstance(bounds, tuple | list):
            out[q.name] = [float(x) for x in bounds]
    return out
