"""Write a DP statistics release: ``stats.json``, one CSV per table, a browser page and a plot.

Everything written here is already DP (post-processing of released values) plus public facts: the
privacy unit, the loss, mechanisms and noise scales. Writes are atomic; ``stats.json`` comes
first and every other file can be rendered again from it.
"""

from __future__ import annotations

import html
import io
import math
from pathlib import Path
from typing import Any

from medprivacy.dp.release import StatsRelease
from medprivacy.errors import MedPrivacyError
from medprivacy.fileio import atomic_write_bytes, atomic_write_json, atomic_write_text


def write_release(release: StatsRelease, out: Path) -> dict[str, Path]:
    """Write ``release`` into folder ``out``; return name -> path of every file written.

    ``stats.json`` is written first: it holds everything released, so the other files can be
    rendered again from it (:func:`render_outputs`) without drawing, or paying for, new noise.
    A failed write says that the budget was charged and names the ledger entry.
    """
    doc = release.to_dict()
    try:
        out.mkdir(parents=True, exist_ok=True)
        atomic_write_json(out / "stats.json", doc)
        return {"stats.json": out / "stats.json", **render_outputs(doc, out)}
    except OSError as exc:
        raise charged_error(out, release.ledger_entry, exc) from None


def charged_error(out: Path, entry: int | None, exc: OSError) -> MedPrivacyError:
    """The one-line error for an output that cannot be written after the release was paid."""
    paid = (
        f"; the budget was charged (ledger entry {entry}) and the values are lost"
        if entry is not None
        else ""
    )
    return MedPrivacyError(f"{out}: cannot write the release ({exc.strerror or exc}){paid}")


def render_outputs(doc: dict[str, Any], out: Path) -> dict[str, Path]:
    """The CSVs, page and plot of a released ``stats.json`` document (post-processing only)."""
    import pandas as pd

    files: dict[str, Path] = {}
    tables = {}
    for stat in doc["statistics"]:
        if isinstance(stat["value"], list):
            table = pd.DataFrame.from_records(stat["value"])
            tables[stat["name"]] = table
            path = out / f"{stat['name']}.csv"
            atomic_write_text(path, table.to_csv(index=False))
            files[path.name] = path
    png = plot_tables(tables)
    if png is not None:
        atomic_write_bytes(out / "stats.png", png)
        files["stats.png"] = out / "stats.png"
    atomic_write_text(out / "stats.html", render_html(doc, has_plot=png is not None))
    files["stats.html"] = out / "stats.html"
    return files


def _fmt(value: Any) -> str:
    if isinstance(value, float):
        return "NaN" if math.isnan(value) else f"{value:,.4g}"
    return html.escape(str(value))


def render_html(doc: dict[str, Any], has_plot: bool = False) -> str:
    """A self-contained page: each statistic with its 95% interval and how it was made."""
    esc = html.escape
    loss = ", ".join(f"{k} = {v:g}" for k, v in doc["privacy_loss"].items())
    rows = []
    for s in doc["statistics"]:
        value = s["value"]
        if isinstance(value, list):
            cells = "".join(
                "<tr>" + "".join(f"<td>{_fmt(v)}</td>" for v in rec.values()) + "</tr>"
                for rec in value
            )
            head = "".join(f"<th>{esc(k)}</th>" for k in (value[0] if value else {}))
            shown = f"<table>{'<tr>' + head + '</tr>' if head else ''}{cells}</table>"
        else:
            shown = _fmt(value)
            if s["interval_95"]:
                lo, hi = s["interval_95"]
                shown += f" <small>(95%: {_fmt(lo)} to {_fmt(hi)})</small>"
        scales = "<br>".join(f"{esc(k)}: {v:.4g}" for k, v in s["noise_scale"].items())
        note = f"<br><small>{esc(s['note'])}</small>" if s["note"] else ""
        rows.append(
            f"<tr><td>{esc(s['name'])}</td><td>{esc(s['kind'])}</td><td>{shown}{note}</td>"
            f"<td>{esc(s['mechanism'])}</td><td>{scales}</td></tr>"
        )
    paid = (
        f" (ledger dataset {esc(str(doc['dataset']))}, entry {doc['ledger_entry']})"
        if doc["ledger_entry"]
        else ""
    )
    plot = "<p><img src='stats.png' alt='histograms with 95% intervals'></p>" if has_plot else ""
    facts = doc.get("public") or {}
    public = (
        f"Public (declared in the spec, never read from the data): the row-count bound "
        f"{facts['max_rows']:,}, the column types "
        f"({esc(', '.join(f'{k}: {v}' for k, v in sorted(facts['column_types'].items())))}), "
        "and every bound, bin, category and candidate value of the spec."
        if facts
        else ""
    )
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>DP statistics</title>
<style>body{{font-family:sans-serif;max-width:75em;margin:2em auto}}
table{{border-collapse:collapse}}
td,th{{border:1px solid #999;padding:.3em .6em;vertical-align:top}}
</style></head><body>
<h1>Differentially private statistics</h1>
<p>Privacy unit: {esc(doc["privacy_unit"])}. Neighbouring datasets: {esc(doc["adjacency"])}.
{public}
Privacy loss of this release: {esc(loss)}{paid}.
Intervals are {doc["confidence"]:.0%} intervals for the noise only (from OpenDP's accuracy
utilities); where none can be stated, the statistic says so. Noise is fresh (never seeded).</p>
<table><tr><th>statistic</th><th>kind</th><th>value</th><th>mechanism</th><th>noise scale</th></tr>
{"".join(rows)}</table>{plot}
</body></html>
"""


def plot_tables(frames: dict[str, Any]) -> bytes | None:
    """One bar chart per one-way histogram / group-by count, with 95% error bars (PNG bytes)."""
    tables = [
        (name, df) for name, df in frames.items() if "count" in df.columns and len(df.columns) == 4
    ]
    if not tables:
        return None
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    cols = min(3, len(tables))
    rows = math.ceil(len(tables) / cols)
    fig, axes = plt.subplots(rows, cols, figsize=(5 * cols, 3.6 * rows), squeeze=False)
    for ax, (name, table) in zip(axes.flat, tables, strict=False):
        df = table.dropna(subset=["count"])
        labels = [str(v) for v in df.iloc[:, 0]]
        counts = df["count"].to_numpy(dtype=float)
        err = [
            counts - df["lower"].to_numpy(dtype=float),
            df["upper"].to_numpy(dtype=float) - counts,
        ]
        ax.bar(range(len(labels)), counts, yerr=err, capsize=3, color="#4a7ab0")
        ax.set_xticks(range(len(labels)), labels, rotation=45, ha="right", fontsize=8)
        ax.set_title(name)
        ax.set_ylabel("noisy count (95% interval)")
    for ax in list(axes.flat)[len(tables) :]:
        ax.axis("off")
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=100)
    plt.close(fig)
    return buf.getvalue()
