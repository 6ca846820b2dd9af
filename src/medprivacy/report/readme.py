"""release/README.html and release.json: the researcher's page. Release-safe by construction: it
is built only from the public spec, the released step summaries and files under release/ (DP
statistics, privacy statements, checklists), never from private/ or a figure computed on real
rows without DP."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from medprivacy.report.collect import dp_statistics, released
from medprivacy.report.html import esc, fmt, page, png, table

USE = [
    "Do not try to identify, contact or link any person in these data.",
    "Report the 95% intervals with DP statistics: each value carries deliberate noise.",
    "Pseudonymised outputs are still personal data (GDPR) and a limited data set (HIPAA): keep "
    "them under your data-use agreement.",
    "Check each file against manifest.json (SHA-256) before use.",
]


def release_doc(
    release: Path,
    pipeline: dict[str, Any],
    steps: list[dict[str, Any]],
    files: dict[str, str],
    *,
    produced: str,
    versions: dict[str, str],
    bounds: dict[str, Any] | None = None,
    attacked: list[dict[str, str]] | None = None,
) -> dict[str, Any]:
    """The researcher's document (release.json); every number is already in release/.
    ``bounds``: the DP steps' declared bounds (public); ``attacked``: the outputs an attack
    step assessed, with its suite (never a figure: those stay with the steward)."""
    outputs = released(release, pipeline, steps, files)
    stats = [
        {
            "output": r["output"],
            "statistics": [
                {k: s[k] for k in ("name", "kind", "value", "interval_95", "accuracy", "warning")}
                for s in r["statistics"]
            ],
            "plot": r["plot"],
        }
        for r in dp_statistics(release, pipeline, bounds)
    ]
    name = pipeline["name"]
    return {
        "title": name,
        "description": pipeline.get("description", ""),
        "produced": produced,
        "versions": versions,
        "how_made": [
            {"step": s["id"], "kind": s["step"]} for s in pipeline["steps"] if s["step"] != "attack"
        ],
        "attacked": attacked or [],
        "outputs": outputs,
        "dp_statistics": stats,
        "citation": (
            f"{name} data release ({produced[:10]}), produced with medprivacy "
            f"{versions.get('medprivacy', '')}; files and SHA-256 in manifest.json."
        ),
        "use": USE,
    }


def _privacy(p: dict[str, Any]) -> list[str]:
    if not p.get("dp"):
        return ["not DP", "–", "–", "–", "–", esc(p.get("basis") or "")]
    return [
        "differential privacy",
        esc(p.get("unit")),
        esc(p.get("adjacency")),
        fmt(p.get("epsilon")),
        fmt(p.get("delta")),
        esc(p.get("guarantee") or f"budget of dataset {p.get('dataset')}"),
    ]


def render(doc: dict[str, Any], images: dict[str, bytes]) -> str:
    """README.html for a release document (:func:`release_doc`)."""
    body = f"<h1>{esc(doc['title'])}: data release</h1><p>{esc(doc['description'])}</p>"
    body += "<h2>What the data are</h2>" + table(
        ["folder", "holds", "files", "bytes"],
        [
            [esc(o["output"]) + "/", esc(o["what"]), fmt(o["files"]), fmt(o["bytes"])]
            for o in doc["outputs"]
        ],
    )
    body += (
        "<h2>Privacy statement per output</h2><p>ε and δ bound how much any one person (the "
        "unit) can change what an output shows; neighbours are the datasets that differ by one "
        "unit. De-identified outputs carry no such bound: their basis is stated instead.</p>"
    )
    body += table(
        ["folder", "protection", "unit", "neighbours", "ε", "δ", "basis"],
        [[esc(o["output"]) + "/", *_privacy(o["privacy"])] for o in doc["outputs"]],
    )
    for r in doc["dp_statistics"]:
        body += f"<h3>DP statistics in {esc(r['output'])}/</h3>"
        rows = []
        for s in r["statistics"]:
            v = s["value"]
            shown = f"{len(v)} cells (see {esc(s['name'])}.csv)" if isinstance(v, list) else fmt(v)
            rows.append(
                [
                    esc(s["name"]),
                    esc(s["kind"]),
                    shown,
                    esc(s["accuracy"]) or "–",
                    esc(s["warning"]) or "–",
                ]
            )
        body += table(["statistic", "kind", "value", "accuracy", "caution"], rows)
        body += png(images.get(r["plot"] or ""), f"statistics in {r['output']}")
    body += (
        "<h2>How they were made</h2><p>"
        + esc(", then ".join(f"{s['step']} ({s['kind']})" for s in doc["how_made"]))
        + f". Produced {esc(doc['produced'])} with "
        + esc(", ".join(f"{k} {v}" for k, v in sorted(doc["versions"].items())))
        + ".</p>"
    )
    if doc["attacked"]:
        body += (
            "<p>Before release these outputs were attacked: "
            + esc("; ".join(f"{a['output']} with the {a['suite']} suite" for a in doc["attacked"]))
            + ". The results are computed on the original records and kept by the data "
            "steward; outputs not named here were not attacked.</p>"
        )
    else:
        body += "<p>No attack assessed these outputs before release.</p>"
    body += f"<h2>How to cite and use</h2><p>{esc(doc['citation'])}</p><ul>"
    body += "".join(f"<li>{esc(u)}</li>" for u in doc["use"]) + "</ul>"
    return page(f"{doc['title']}: data release", body)
