"""private/review.html: the steward's and compliance officer's page. Page one is the decision
with its reasons; then what was released, the budget, every attack figure in plain words, the
checklists, DP accuracy, synthetic fidelity and the inputs left out. Internal: it shows figures
computed on real rows, never a data value or an input path."""

from __future__ import annotations

from typing import Any

from medprivacy.report import anonymization
from medprivacy.report.collect import UNUSABLE_RULE
from medprivacy.report.html import badge, esc, fmt, page, png, table
from medprivacy.report.plain import ATTACKERS, THREAT_MODELS


def render(doc: dict[str, Any], images: dict[str, bytes]) -> str:
    """The page for a review document (:func:`medprivacy.report.build.review_doc`)."""
    parts = [
        _decision(doc),
        _released(doc),
        _budget(doc),
        _attacks(doc, images),
        anonymization.render(doc.get("anonymization") or []),
        _checklists(doc),
        _dp(doc, images),
        _synthetic(doc, images),
        _inputs(doc),
    ]
    return page(f"Release review: {doc['pipeline']['name']}", "".join(parts))


def _decision(doc: dict[str, Any]) -> str:
    v = doc["verdict"]
    cls = "ready" if v["ready"] else "blocked"
    reasons = "".join(f"<li>{esc(r)}</li>" for r in v["reasons"])
    warnings = "".join(f"<li>{esc(w)}</li>" for w in v["warnings"][:12])
    more = len(v["warnings"]) - 12
    gates = ", ".join(
        f"{esc(k)}: {esc({True: 'yes', False: 'no'}.get(g, g))}" for k, g in doc["gates"].items()
    )
    return (
        f"<h1>Release review: {esc(doc['pipeline']['name'])}</h1>"
        f"<div class='decision {cls}' id='decision'>{esc(v['decision'])}</div>"
        + (
            f"<p><b>Blocked because:</b></p><ol>{reasons}</ol>"
            if reasons
            else "<p>No gate blocks this release.</p>"
        )
        + (
            f"<p class='warn'><b>Read before releasing:</b></p><ul class='warn'>{warnings}"
            + (f"<li>… and {more} more below</li>" if more > 0 else "")
            + "</ul>"
            if warnings
            else ""
        )
        + f"<p class='muted'>Gates: {gates}. Generated {esc(doc['generated'])} by medprivacy "
        f"{esc(doc['medprivacy'])}. Internal page: it shows figures computed on real rows; do not "
        "publish it (the researcher's page is release/README.html).</p>"
    )


def _released(doc: dict[str, Any]) -> str:
    rows = []
    for r in doc["released"]:
        extra = []
        if r.get("profile"):
            extra.append(f"profile: {esc(r['profile'])}")
        if r.get("options"):
            extra.append(f"options: {esc(', '.join(r['options']))}")
        if r.get("release_kind"):
            extra.append(f"release: {esc(r['release_kind'])}")
        rows.append(
            [
                esc(r["output"]) + "/",
                esc(r["what"]),
                fmt(r["files"]),
                fmt(r["bytes"]),
                "<br>".join(extra),
            ]
        )
    return "<h2>What was released</h2>" + table(["folder", "holds", "files", "bytes", "how"], rows)


def _budget(doc: dict[str, Any]) -> str:
    b = doc["budget"]
    out = f"<h2>Privacy budget</h2><p class='muted'>From {esc(b['source'])}.</p>"
    for ds in b["datasets"]:
        if "epsilon" in ds:
            out += (
                f"<p>Dataset <b>{esc(ds['dataset'])}</b>: total ε = {fmt(ds['epsilon'])}, "
                f"δ = {fmt(ds['delta'])}; this run spent ε = {fmt(ds['this_run_epsilon'])}, "
                f"δ = {fmt(ds['this_run_delta'])}; spent in all ε = {fmt(ds['spent_epsilon'])}; "
                f"left ε = {fmt(ds['left_epsilon'])}, δ = {fmt(ds['left_delta'])}.</p>"
            )
            rows = [
                [
                    fmt(h["seq"]),
                    esc(h["when"]),
                    esc(h["kind"]),
                    esc(h["label"]),
                    esc(h["mechanism"]),
                    fmt(h["epsilon"]),
                    fmt(h["delta"]),
                    "this run" if h["this_run"] else "",
                ]
                for h in ds["history"]
            ]
            out += table(["#", "when", "kind", "what", "mechanism", "ε", "δ", ""], rows)
        else:
            out += (
                f"<p>Dataset <b>{esc(ds['dataset'])}</b>: this run spent ε = "
                f"{fmt(ds['this_run_epsilon'])}, δ = {fmt(ds['this_run_delta'])}.</p>"
            )
    return out if b["datasets"] else out + "<p>No DP output: no budget was spent.</p>"


def _attacks(doc: dict[str, Any], images: dict[str, bytes]) -> str:
    out = (
        "<h2>Attacks on the release</h2><p>Who the attacker is: "
        + "; ".join(f"a <b>{k}</b> {esc(v)}" for k, v in ATTACKERS.items())
        + ". Each figure is shown with its 95% interval and the threshold of its suite; "
        "<i>fail</i> means the figure is above the threshold with 95% confidence.</p>"
    )
    if not doc["attacks"]:
        return out + "<p class='warn'>No attack was run on this release.</p>"
    for s in doc["attacks"]:
        out += (
            f"<h3>{esc(s['step'])}: suite {esc(s['suite'])} on {esc(s['release'])} "
            f"{badge(s['verdict'] or 'n/a')}</h3>"
        )
        models = sorted({f["threat_model"] or "" for f in s["figures"]})
        shared = len(models) == 1
        if shared:
            out += f"<p>The attacker: {esc(THREAT_MODELS.get(models[0], models[0]))}.</p>"
        rows = []
        for f in s["figures"]:
            lo, hi = f["interval"]
            model = f["threat_model"] or ""
            rows.append(
                [
                    esc(f["title"]),
                    badge(f["verdict"]),
                    esc(f["sentence"]),
                    f"{fmt(f['value'])}<br><small>95%: {fmt(lo)} to {fmt(hi)} "
                    f"({esc(f['interval_method'])})</small>",
                    esc(f["threshold"]),
                    *([] if shared else [esc(THREAT_MODELS.get(model, model))]),
                    esc(f["remedy"]) or "–",
                ]
            )
        head = ["figure", "verdict", "in plain words", "value", "threshold"]
        out += table([*head, *([] if shared else ["the attacker"]), "what to do"], rows)
        notes = [f"{k}: not run: {v}" for k, v in s["skipped"].items()]
        notes += [f"{k}: error: {v}" for k, v in s["errors"].items()]
        if notes:
            out += "<ul class='muted'>" + "".join(f"<li>{esc(n)}</li>" for n in notes) + "</ul>"
        out += png(images.get(s["plot"] or ""), f"attack figures of {s['step']}")
    return out


def _checklists(doc: dict[str, Any]) -> str:
    c = doc["checklists"]
    out = "<h2>Checklists</h2>"
    for t in c["tables"]:
        out += f"<h3>Tables: {esc(t['step'])} ({esc(t.get('release'))})</h3>"
        out += f"<p>{esc(t.get('statement', ''))}</p>"
        rows = [
            [
                esc(i["item"]),
                esc(i["description"]),
                esc(i["status"]),
                "<br>".join(f"{esc(col['column'])}: {esc(col['effect'])}" for col in i["columns"]),
            ]
            for i in t.get("identifiers", [])
        ]
        out += table(["item", "identifier", "status", "columns and what was done"], rows)
        if t.get("free_text"):
            out += (
                "<p>Scrubbed text: "
                + "; ".join(f"{esc(f['column'])}: {esc(f['effect'])}" for f in t["free_text"])
                + "</p>"
            )
        if t.get("remains"):
            out += (
                "<p class='warn'>Still linkable: "
                + "; ".join(f"{esc(r['column'])} ({esc(r['what'])})" for r in t["remains"])
                + "</p>"
            )
    for i in c["imaging"]:
        out += f"<h3>Imaging: {esc(i['step'])}</h3><p>{esc(i['profile'])}"
        if i["options"]:
            out += f", options: {esc(', '.join(i['options']))}"
        out += (
            f". Text in headers cleaned by: {esc(i['text_cleaner'])}; pixel check: "
            f"{esc(i['pixel_check'])}; {fmt(i['flagged_for_pixel_review'])} file(s) flagged "
            f"for a look at burned-in text; OCR found text in {fmt(i['ocr_found_phi'])}.</p>"
        )
        out += table(
            ["action (Annex E)", "attributes"],
            [[esc(k), fmt(v)] for k, v in sorted(i["actions"].items())],
        )
    return out


def _dp(doc: dict[str, Any], images: dict[str, bytes]) -> str:
    out = f"<h2>Differentially private statistics</h2><p class='muted'>{esc(UNUSABLE_RULE)}</p>"
    for r in doc["dp"]:
        out += (
            f"<h3>{esc(r['step'])}</h3><p>Privacy unit: {esc(r['unit'])}; neighbours: "
            f"{esc(r['adjacency'])}; ε = {fmt(r['epsilon'])}, δ = {fmt(r['delta'])} from "
            f"dataset {esc(r['dataset'])}.</p>"
        )
        rows = []
        for s in r["statistics"]:
            value = s["value"]
            shown = f"{len(value)} cells" if isinstance(value, list) else fmt(value)
            noise = "<br>".join(f"{esc(n['of'])}: {fmt(n['scale'])}" for n in s["noise"])
            warn = f"<span class='warn'>⚠ {esc(s['warning'])}</span>" if s["warning"] else ""
            rows.append(
                [
                    esc(s["name"]),
                    esc(s["kind"]),
                    shown,
                    esc(s["accuracy"]) or "–",
                    warn or "ok",
                    f"{esc(s['mechanism'])}<br><small>{noise}</small>",
                ]
            )
        out += table(["statistic", "kind", "value", "accuracy", "check", "noise"], rows)
        out += png(images.get(r["plot"] or ""), f"DP statistics of {r['step']}")
    return out if doc["dp"] else out + "<p>None in this run.</p>"


def _synthetic(doc: dict[str, Any], images: dict[str, bytes]) -> str:
    out = "<h2>Synthetic data fidelity</h2>"
    for s in doc["synthetic"]:
        cls = "warn" if s["below_floor"] else ""
        out += f"<h3>{esc(s['step'])} ({esc(s['method'])})</h3>"
        out += f"<p class='{cls}'><b>Verdict:</b> {esc(s['verdict'])}.</p>"
        tvd = s["tvd"]
        orders = sorted((tvd.get("synthetic") or {}).keys())
        rows = [
            [
                f"{esc(k)}-way",
                fmt((tvd.get("synthetic") or {}).get(k)),
                fmt((tvd.get("independent_columns") or {}).get(k)),
                fmt((tvd.get("sampling_noise") or {}).get(k)),
            ]
            for k in orders
        ]
        out += table(
            [
                "marginals",
                "synthetic (TVD, lower is better)",
                "independent columns",
                "sampling noise alone",
            ],
            rows,
        )
        auc = s["auc"]
        if s.get("target"):
            out += (
                f"<p>A model predicting {esc(s['target'])} trained on the synthetic rows scores "
                f"AUC {fmt(auc.get('synthetic'))} on held-out real rows (trained on real rows: "
                f"{fmt(auc.get('real'))}; on independent columns: "
                f"{fmt(auc.get('independent_columns'))}).</p>"
            )
        out += png(images.get(s["plot"] or ""), f"fidelity of {s['step']}")
    return out if doc["synthetic"] else out + "<p>None in this run.</p>"


def _inputs(doc: dict[str, Any]) -> str:
    out = "<h2>Inputs left out</h2>"
    steps = doc["inputs"]["steps"]
    if not steps:
        return out + "<p>Every input was used.</p>"
    for s in steps:
        out += (
            f"<p><b>{esc(s['step'])}</b>: {fmt(s['total'])} input(s); released "
            f"{fmt(s['released'])}; quarantined {fmt(s['quarantined'])} (by rule, not a failure); "
            f"failed {fmt(s['failed'])}.</p>"
        )
        if s["by_rule"]:
            out += table(
                ["status", "rule", "count"],
                [[esc(r["status"]), esc(r["rule"]), fmt(r["files"])] for r in s["by_rule"]],
            )
    return out
