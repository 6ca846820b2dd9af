"""Write a suite run as JSON, an HTML summary and a PNG plot (aggregate figures only).

Files: ``attack_results.json`` (everything, machine-readable), ``attack_results.html`` (one row
per figure with value, interval, baseline, threshold and a coloured verdict; defects found by
the ε audit on top, in red, and an advisory audit in orange) and ``attack_results.png`` (risks
and rates with their intervals against their thresholds; ε bounds against the claim). Names are
fixed: never built from data.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from medprivacy.attacks.suite import SuiteRun
from medprivacy.fileio import atomic_write_json, atomic_write_png, atomic_write_text

COLOURS = {"pass": "#2e7d32", "attention": "#ef6c00", "fail": "#c62828", "n/a": "#757575"}
EPS_METRICS = (
    "epsilon_lower_bound",
    "epsilon_lower_bound_one_run",
    "epsilon_detectable_at_n",
    "power_broken_run_lower_bound",
)


def write_report(run: SuiteRun, out_dir: str | Path) -> dict[str, Path]:
    """Write the three files into ``out_dir``; returns their paths by kind."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = {
        "json": out / "attack_results.json",
        "html": out / "attack_results.html",
        "png": out / "attack_results.png",
    }
    atomic_write_json(paths["json"], run.to_dict())
    atomic_write_text(paths["html"], render_html(run.to_dict(), paths["png"].name))
    plot_results(run.to_dict(), paths["png"])
    return paths


def _fmt(x: Any) -> str:
    if x is None:
        return "–"
    if isinstance(x, float):
        return f"{x:.4g}"
    return html.escape(str(x))


def render_html(doc: dict[str, Any], png_name: str | None = None) -> str:
    e = html.escape
    rows = []
    for r in doc["results"]:
        th = r["threshold"]
        th_txt = (
            "–"
            if th is None
            else f"fail &gt; {_fmt(th['fail_above'])}"
            + (
                f", attention &gt; {_fmt(th['attention_above'])}"
                if th.get("attention_above") is not None
                else ""
            )
        )
        lo, hi = r["interval"]
        colour = COLOURS.get(r["verdict"], "#757575")
        rows.append(
            "<tr>"
            f"<td>{e(r['attack'])}</td><td>{e(r['metric'])}</td><td>{_fmt(r['value'])}</td>"
            f"<td>[{_fmt(lo)}, {_fmt(hi)}] <small>{e(r['interval_method'])}</small></td>"
            f"<td>{_fmt(r['baseline'])} <small>{e(r['baseline_label'])}</small></td>"
            f"<td>{th_txt}</td>"
            f"<td style='color:#fff;background:{colour};text-align:center'>{e(r['verdict'])}</td>"
            f"<td><small>{e(r['threat_model'])}</small></td><td>{r['n']}</td>"
            f"<td><small>{e(r['note'])}</small></td></tr>"
        )
    defects = [r for r in doc["results"] if r["note"].startswith("DEFECT")]
    banner = "".join(
        f"<p style='background:#c62828;color:#fff;padding:8px;font-weight:bold'>{e(r['attack'])}: "
        f"{e(r['note'])}</p>"
        for r in defects
    )
    advisory = sorted(
        {(r["attack"], r["note"]) for r in doc["results"] if r["note"].startswith("advisory")}
    )
    banner += "".join(
        f"<p style='background:#ef6c00;color:#fff;padding:8px'>{e(a)}: {e(n)}</p>"
        for a, n in advisory[:1]
    )
    problems = "".join(f"<li>{e(k)}: skipped: {e(v)}</li>" for k, v in doc["skipped"].items())
    problems += "".join(f"<li>{e(k)}: error: {e(v)}</li>" for k, v in doc["errors"].items())
    timings = ", ".join(f"{e(k)} {v:.2f} s" for k, v in doc["timings"].items())
    img = f"<p><img src='{e(png_name)}' alt='attack results plot'></p>" if png_name else ""
    colour = COLOURS.get(doc["verdict"], "#757575")
    return (
        "<!doctype html><html><head><meta charset='utf-8'>"
        f"<title>Attack results: {e(doc['suite'])}</title>"
        "<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}"
        "td,th{border:1px solid #ccc;padding:4px 8px;vertical-align:top}</style></head><body>"
        f"<h1>Attack suite {e(doc['suite'])} on {e(doc['release'])}</h1>"
        f"<p>Overall verdict: <b style='color:{colour}'>{e(doc['verdict'])}</b> "
        f"({doc['seconds']:.1f} s: {timings})</p>{banner}"
        + (f"<ul>{problems}</ul>" if problems else "")
        + "<table><tr><th>attack</th><th>figure</th><th>value</th><th>95% interval</th>"
        "<th>baseline</th><th>threshold</th><th>verdict</th><th>threat model</th><th>n</th>"
        f"<th>note</th></tr>{''.join(rows)}</table>{img}</body></html>\n"
    )


def plot_results(doc: dict[str, Any], path: str | Path) -> None:
    """Two panels: rates/risks in [0, 1] with intervals and thresholds; ε bounds vs the claim."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    results = [r for r in doc["results"] if r["value"] is not None]
    eps = [r for r in results if r["metric"] in EPS_METRICS]
    rates = [r for r in results if r["metric"] not in EPS_METRICS and 0 <= r["value"] <= 1]
    panels = [p for p in (rates, eps) if p]
    fig, axes = plt.subplots(
        1,
        max(1, len(panels)),
        figsize=(6 * max(1, len(panels)), 0.35 * max(len(rates), len(eps), 4) + 1.5),
        squeeze=False,
    )
    for ax, group in zip(axes[0], panels or [[]], strict=False):
        labels = [f"{r['attack']}: {r['metric']}" for r in group]
        ys = list(range(len(group)))
        for y, r in zip(ys, group, strict=True):
            colour = COLOURS.get(r["verdict"], "#757575")
            lo, hi = r["interval"]
            ax.barh(y, r["value"], color=colour, alpha=0.8)
            if lo is not None and hi is not None and hi >= lo:
                ax.plot([lo, hi], [y, y], color="black", lw=1.5)
            th = r["threshold"]
            if th is not None:
                ax.plot([th["fail_above"]] * 2, [y - 0.4, y + 0.4], color="#c62828", lw=2)
            elif r["baseline"] is not None and group is eps:
                ax.plot([r["baseline"]] * 2, [y - 0.4, y + 0.4], color="#c62828", lw=2)
        ax.set_yticks(ys)
        ax.set_yticklabels(labels, fontsize=8)
        ax.invert_yaxis()
        ax.set_xlabel(
            "ε (red: claim for the game)" if group is eps else "value (red: fail threshold)"
        )
    fig.suptitle(f"{doc['suite']} on {doc['release']}: {doc['verdict']}")
    fig.tight_layout()
    atomic_write_png(path, fig, dpi=100)
    plt.close(fig)
