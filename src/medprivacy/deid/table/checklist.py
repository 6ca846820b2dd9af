"""The release checklist compliance staff file away: each of the 18 Safe Harbor identifier kinds,
the columns that held it and what was done, or "not present", and every free-text column with its
rule (free text can hold any of the 18). A pseudonymised release says plainly that it is not Safe
Harbor and lists what remains linkable."""

from __future__ import annotations

import html
from typing import Any

from medprivacy.deid.table.spec import (
    ColumnSpec,
    Identifier,
    ReleaseKind,
    ReleaseSpec,
    Role,
    Rule,
)
from medprivacy.deid.table.zip3 import SOURCE as ZIP3_SOURCE

KINDS: tuple[tuple[Identifier, str, str], ...] = (
    (Identifier.NAME, "A", "Names"),
    (
        Identifier.GEOGRAPHIC,
        "B",
        "Geographic subdivisions smaller than a state, incl. street, "
        "city, county, ZIP code (ZIP3 allowed for areas of more than 20,000 people)",
    ),
    (
        Identifier.DATE,
        "C",
        "All elements of dates (except year) related to an individual, and "
        "ages over 89 with the dates indicating them",
    ),
    (Identifier.PHONE, "D", "Telephone numbers"),
    (Identifier.FAX, "E", "Fax numbers"),
    (Identifier.EMAIL, "F", "Electronic mail addresses"),
    (Identifier.SSN, "G", "Social security numbers"),
    (Identifier.MRN, "H", "Medical record numbers"),
    (Identifier.HEALTH_PLAN, "I", "Health plan beneficiary numbers"),
    (Identifier.ACCOUNT, "J", "Account numbers"),
    (Identifier.LICENSE, "K", "Certificate/license numbers"),
    (Identifier.VEHICLE, "L", "Vehicle identifiers and serial numbers, incl. license plates"),
    (Identifier.DEVICE, "M", "Device identifiers and serial numbers"),
    (Identifier.URL, "N", "Web URLs"),
    (Identifier.IP, "O", "IP addresses"),
    (Identifier.BIOMETRIC, "P", "Biometric identifiers, incl. finger and voice prints"),
    (Identifier.PHOTO, "Q", "Full-face photographs and comparable images"),
    (Identifier.OTHER_ID, "R", "Any other unique identifying number, characteristic or code"),
)
EFFECT = {
    Rule.DROP: "column removed",
    Rule.RELEASE_CODE: "replaced by a random release code (not derived from patient data; "
    "the map stays in private/)",
    Rule.PSEUDONYM: "replaced by a keyed pseudonym (re-identifiable by the key holder)",
    Rule.DATE_SHIFT: "shifted by a keyed per-patient offset (intervals kept)",
    Rule.DATE_YEAR: "reduced to the year",
    Rule.AGE_90: "ages over 89 released as 90+",
    Rule.ZIP3: "first three ZIP digits; areas of 20,000 people or fewer released as 000",
    Rule.TOP_BOTTOM: "top/bottom coded",
    Rule.GENERALIZE: "generalized",
    Rule.SUPPRESS_RARE: "rare values suppressed",
    Rule.KEEP: "kept",
    Rule.SCRUB: "free text scrubbed of PHI (notes scrubber; a review aid for what it misses)",
}


def _effect(c: ColumnSpec) -> str:
    text = EFFECT[c.rule]
    if c.rule is Rule.DATE_YEAR and c.age_cap:
        text += "; years indicating an age over 89 aggregated"
    return text


def build_checklist(
    spec: ReleaseSpec, tables: dict[str, dict[str, Any]] | None = None
) -> dict[str, Any]:
    """The checklist as data: one entry per Safe Harbor identifier kind; with the release's
    per-table counts (``tables``), what each ``anonymize:`` section achieved."""
    columns: dict[Identifier, list[dict[str, str]]] = {kind: [] for kind, _, _ in KINDS}
    remains = []
    free_text = []
    for tname, table in spec.tables.items():
        for col, c in table.columns.items():
            where = f"{tname}.{col}"
            if c.role is Role.FREE_TEXT:  # the engine drops free text not marked scrub
                rule = c.rule if c.rule is Rule.SCRUB else Rule.DROP
                free_text.append({"column": where, "rule": rule.value, "effect": EFFECT[rule]})
                if rule is Rule.SCRUB and spec.release is ReleaseKind.PSEUDONYMISED:
                    remains.append({"column": where, "what": EFFECT[rule], "role": c.role.value})
            kind = c.identifier or (Identifier.DATE if c.rule is Rule.AGE_90 else None)
            if kind is not None:
                columns[kind].append({"column": where, "rule": c.rule.value, "effect": _effect(c)})
            if c.rule in (Rule.PSEUDONYM, Rule.DATE_SHIFT) or (
                c.role.value == "quasi" and c.rule is not Rule.DROP
            ):
                remains.append({"column": where, "what": _effect(c), "role": c.role.value})
    items = []
    for kind, letter, description in KINDS:
        cols = columns[kind]
        if not cols:
            status = "not present"
        elif all(c["rule"] == Rule.DROP.value for c in cols):
            status = "removed"
        else:
            status = "transformed"
        items.append(
            {
                "item": f"(b)(2)(i)({letter})",
                "kind": kind.value,
                "description": description,
                "status": status,
                "columns": cols,
            }
        )
    safe_harbor = spec.release is ReleaseKind.SAFE_HARBOR
    out: dict[str, Any] = {
        "release": spec.release.value,
        "safe_harbor": safe_harbor,
        "identifiers": items,
        "free_text": free_text,
        "zip3_restricted_list": ZIP3_SOURCE,
    }
    anonymized = {
        name: t["anonymized"] for name, t in (tables or {}).items() if t.get("anonymized")
    }
    if anonymized:
        out["anonymization"] = anonymized
    if spec.release is ReleaseKind.EXPERT_DETERMINATION:
        out["statement"] = (
            "Expert Determination release, 45 CFR 164.514(b)(1): the Safe Harbor rules are "
            "applied as listed (birth years may stay uncapped: the privacy models judge how rare "
            "a value may be), then each anonymized table's quasi-identifiers are generalized and "
            "records suppressed until the privacy models listed below hold on the released "
            "table. The figures are the expert's evidence; the determination that the risk is "
            "very small, and its documentation, are the expert's to make."
        )
    elif safe_harbor:
        out["statement"] = (
            "HIPAA Safe Harbor release, 45 CFR 164.514(b)(2)(i): the 18 identifier kinds are "
            "removed or transformed as listed. Re-identification codes are random per release "
            "(164.514(c)). Safe Harbor also requires that the covered entity has no actual "
            "knowledge that the remaining information could identify an individual "
            "(164.514(b)(2)(ii)); that is for the covered entity to attest."
        )
    else:
        out["statement"] = (
            "NOT a Safe Harbor release. This is a pseudonymised research release (HIPAA limited "
            "data set / Expert Determination; GDPR pseudonymised data, still personal data): "
            "keyed pseudonyms and shifted dates remain, and the key holder can re-link them."
        )
        out["remains"] = remains
    return out


def render_html(checklist: dict[str, Any]) -> str:
    """A self-contained page compliance staff can open in a browser and file away."""
    esc = html.escape
    title = (
        "Safe Harbor checklist"
        if checklist["safe_harbor"]
        else "Expert Determination checklist"
        if checklist["release"] == ReleaseKind.EXPERT_DETERMINATION.value
        else "Release checklist (NOT Safe Harbor)"
    )
    rows = []
    for item in checklist["identifiers"]:
        cols = "<br>".join(f"{esc(c['column'])}: {esc(c['effect'])}" for c in item["columns"])
        rows.append(
            f"<tr><td>{esc(item['item'])}</td><td>{esc(item['description'])}</td>"
            f"<td class='{esc(item['status'].replace(' ', '-'))}'>{esc(item['status'])}</td>"
            f"<td>{cols or '&ndash;'}</td></tr>"
        )
    free = ""
    if checklist.get("free_text"):
        lines = "".join(
            f"<li>{esc(c['column'])} ({esc(c['rule'])}): {esc(c['effect'])}</li>"
            for c in checklist["free_text"]
        )
        free = f"<h2>Free-text columns</h2><ul>{lines}</ul>"
    remains = ""
    if checklist.get("remains"):
        lines = "".join(
            f"<li>{esc(r['column'])}: {esc(r['what'])}</li>" for r in checklist["remains"]
        )
        remains = f"<h2>What remains linkable</h2><ul>{lines}</ul>"
    anonymized = ""
    for name, a in (checklist.get("anonymization") or {}).items():
        models = "; ".join(
            ", ".join(f"{k}={v}" for k, v in m.items() if v is not None) for m in a["models"]
        )
        risk = ", ".join(f"{k.replace('_', ' ')} {v:.3g}" for k, v in a["risk"].items())
        anonymized += (
            f"<h2>Anonymized: {esc(name)}</h2><p>Privacy models: {esc(models)}; suppression "
            f"limit {a['suppression_limit']:.1%}. Levels: {esc(str(a['levels']))}. "
            f"{a['classes']} classes; {a['suppressed']} of {a['records']} records suppressed; "
            f"{esc(risk)}; {esc(a['utility']['measure'])} loss {a['utility']['loss']:.3f}. "
            f"<small>Release-safe figures: {esc(a['release_safe'])}.</small></p>"
        )
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{esc(title)}</title>
<style>body{{font-family:sans-serif;max-width:70em;margin:2em auto}}
table{{border-collapse:collapse}} td,th{{border:1px solid #999;padding:.3em .6em}}
.not-present{{color:#555}} .removed{{color:#060}}.transformed{{color:#036}}</style></head><body>
<h1>{esc(title)}</h1><p>{esc(checklist["statement"])}</p>
<table><tr><th>45 CFR 164.514</th><th>identifier</th><th>status</th><th>columns and rule</th></tr>
{"".join(rows)}</table>{free}{remains}{anonymized}
<p><small>ZIP3 restricted areas: {esc(checklist["zip3_restricted_list"])}</small></p>
</body></html>
"""
