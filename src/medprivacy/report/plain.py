"""Attack figures, DP internals and threat models in plain words (what a figure means, what to do).

Only the figure's own numbers, field names and counts are used: never a data value.
"""

from __future__ import annotations

import math
import re
from typing import Any

ATTACKERS = {
    "prosecutor": "knows that the person is in the release and knows their quasi-identifiers; "
    "looks for the record that matches",
    "journalist": "knows a person's quasi-identifiers but not whether they are in the release; "
    "matches against the whole population",
    "marketer": "tries to re-identify as many people as possible at once, not one target",
}
THREAT_MODELS = {
    "release_only": "the attacker has only the released table",
    "release+target_quasi_identifiers": "the attacker has the release and knows the target's "
    "quasi-identifiers (e.g. from a voter list or the person's own social media)",
    "release+exact_records": "the attacker has the release and a candidate's exact record, and "
    "asks whether it was used to make the release",
}
TITLES = {
    "prosecutor_max": "highest re-identification risk (prosecutor)",
    "prosecutor_avg": "average re-identification risk (prosecutor)",
    "prosecutor_share_above": "records above the risk threshold (prosecutor)",
    "sample_uniqueness": "records unique in the release",
    "journalist_max": "highest re-identification risk (journalist)",
    "journalist_share_above": "records above the risk threshold (journalist)",
    "marketer": "share re-identified at once (marketer)",
    "population_uniqueness": "people unique in the population",
    "singling_out_risk": "singling out",
    "linkability_risk": "linkability",
    "inference_risk": "attribute inference",
    "auc": "membership inference (AUC)",
    "auc_vulnerable": "membership inference on the most exposed records (AUC)",
    "tpr_at_fpr_1pct": "members found at 1% false alarms",
    "tpr_at_fpr_10pct": "members found at 10% false alarms",
    "advantage": "membership advantage",
    "epsilon_lower_bound": "measured ε (lower bound)",
    "epsilon_lower_bound_one_run": "measured ε in one run (lower bound)",
    "epsilon_detectable_at_n": "largest ε this audit can detect",
    "power_broken_run_lower_bound": "audit power on a deliberately broken run",
}
REMEDY_REID = (
    "generalise the quasi-identifiers ({qis}): e.g. birth year into 5- or 10-year bands, ZIP3 to "
    "state, rare categories into 'other'; drop one of them; or suppress records in groups smaller "
    "than 5"
)
REMEDY_SYNTH = (
    "lower ε, synthesise fewer columns or coarser bins, or leave the quasi-identifiers out of the "
    "synthetic release"
)
REMEDY_MEMBERSHIP = "use a DP synthesis method or lower ε; check no training row is copied"
REMEDY_AUDIT = (
    "a measured ε above the claim is a defect of the mechanism: do not release; report it"
)
REMEDY_POWER = "run the audit on a deliberately broken run (--power-epsilon) to measure its power"


def share(value: float, n: int, what: str) -> str:
    """'1 in 4 of the 200 records', '190 of the 200 records (95%)', 'none of the 200 records'."""
    count = round(value * n)
    if count <= 0:
        return f"none of the {n} {what}"
    if count >= n:
        return f"all {n} {what}"
    if value < 0.5:
        return f"1 in {round(1 / value)} of the {n} {what} ({count})"
    return f"{count} of the {n} {what} ({value:.0%})"


def pct(value: float) -> str:
    """A probability as a percentage with sensible digits (0.0029%, 3.4%, 97%)."""
    p = value * 100
    if p == 0 or p >= 10:
        return f"{p:.0f}%"
    return f"{p:.2g}%"


def fields(names: list[str] | None) -> str:
    names = list(names or [])
    if not names:
        return "their quasi-identifiers"
    return ", ".join(names[:-1]) + (" and " if len(names) > 1 else "") + names[-1]


def explain(fig: dict[str, Any], qis: list[str], entity: str = "records") -> tuple[str, str]:
    """(sentence, remedy) for one attack figure; the remedy is empty for a pass."""
    metric, v, n = fig["metric"], fig["value"], fig["n"]
    d = fig.get("details") or {}
    on = fields(d.get("quasi_identifiers") or qis)
    if v is None or (isinstance(v, float) and math.isnan(v)):
        why = fig.get("note") or (
            "it could not be computed: both members and non-members must be scored and differ"
            if metric.startswith("auc")
            else "it could not be computed from this release"
        )
        return f"no value: {why}", ""
    sentence = _SENTENCES.get(metric, _default)(v, n, on, d, entity, fig)
    remedy = "" if fig["verdict"] in ("pass", "n/a") else _remedy(fig, on)
    return sentence, remedy


def _default(v: float, n: int, on: str, d: dict, entity: str, fig: dict) -> str:
    return f"{TITLES.get(fig['metric'], fig['metric'])}: {v:.4g} (over {n} {entity})"


def _remedy(fig: dict[str, Any], on: str) -> str:
    metric, attack = fig["metric"], fig["attack"]
    if metric == "power_broken_run_lower_bound" or fig.get("note", "").startswith("advisory"):
        return REMEDY_POWER
    if attack == "epsilon_audit":
        return REMEDY_AUDIT
    if metric in ("auc", "auc_vulnerable", "advantage") or metric.startswith("tpr_at"):
        return REMEDY_MEMBERSHIP
    if metric in ("singling_out_risk", "linkability_risk", "inference_risk"):
        return REMEDY_SYNTH
    return REMEDY_REID.format(qis=on)


def _claim(d: dict[str, Any]) -> str:
    c = d.get("claimed_epsilon")
    return f" (the release claims ε = {c:g})" if isinstance(c, int | float) else ""


_SENTENCES: dict[str, Any] = {
    "prosecutor_max": lambda v, n, on, d, e, f: (
        f"an attacker who knows a person is in the release and knows their {on} picks the right "
        f"record with a probability of up to {pct(v)}"
        + (
            f" (the smallest group sharing those values has {d['min_class_size']} record(s))"
            if "min_class_size" in d
            else ""
        )
    ),
    "prosecutor_avg": lambda v, n, on, d, e, f: (
        f"on average such an attacker (knowing {on}) re-identifies a given one of the {n} {e} "
        f"with a probability of {pct(v)}"
    ),
    "prosecutor_share_above": lambda v, n, on, d, e, f: (
        f"{share(v, n, e)} carry a re-identification risk above "
        f"{pct(d.get('risk_threshold', 0.09))} for an attacker who knows {on}"
    ),
    "sample_uniqueness": lambda v, n, on, d, e, f: f"{share(v, n, e)} are unique on {on}",
    "journalist_max": lambda v, n, on, d, e, f: (
        f"an attacker who knows {on} but not whether the person is in the release matches them "
        f"with a probability of at most {pct(v)}"
    ),
    "journalist_share_above": lambda v, n, on, d, e, f: (
        f"{share(v, n, e)} carry a risk above the threshold for an attacker who does not know "
        "who is in the release"
    ),
    "marketer": lambda v, n, on, d, e, f: (
        f"an attacker matching everyone at once on {on} would re-identify {pct(v)} of the {n} {e}"
    ),
    "population_uniqueness": lambda v, n, on, d, e, f: (
        f"an estimated {pct(v)} of the "
        + (f"{d['population_size']:,} " if "population_size" in d else "")
        + f"people in the population are unique on {on}"
    ),
    "singling_out_risk": lambda v, n, on, d, e, f: (
        f"using the release alone, an attacker singles out a real person {pct(v)} more often "
        "than they could by chance (control set)"
    ),
    "linkability_risk": lambda v, n, on, d, e, f: (
        f"an attacker links two halves of a real person's record through the release {pct(v)} "
        "more often than by chance"
    ),
    "inference_risk": lambda v, n, on, d, e, f: (
        f"an attacker who knows {on} guesses a secret attribute"
        + (f" ({d['secret']})" if "secret" in d else "")
        + f" {pct(v)} more often than by chance"
    ),
    "auc": lambda v, n, on, d, e, f: (
        f"an attacker tells the people used to make the release from others with an AUC of "
        f"{v:.2f} (0.5 is guessing, 1 is always right)"
    ),
    "auc_vulnerable": lambda v, n, on, d, e, f: (
        f"on the most exposed records, an attacker tells members from others with an AUC of {v:.2f}"
    ),
    "tpr_at_fpr_1pct": lambda v, n, on, d, e, f: (
        f"accepting 1 false alarm in 100, the attacker finds {pct(v)} of the people used"
    ),
    "tpr_at_fpr_10pct": lambda v, n, on, d, e, f: (
        f"accepting 1 false alarm in 10, the attacker finds {pct(v)} of the people used"
    ),
    "advantage": lambda v, n, on, d, e, f: (
        f"the attacker's advantage over guessing membership is {v:.2f} (0 is none, 1 is total)"
    ),
    "epsilon_lower_bound": lambda v, n, on, d, e, f: (
        f"the attack proves a privacy loss of at least ε = {v:.2f}{_claim(d)}"
    ),
    "epsilon_lower_bound_one_run": lambda v, n, on, d, e, f: (
        f"in a single run, the attack proves a privacy loss of at least ε = {v:.2f}{_claim(d)}"
    ),
    "epsilon_detectable_at_n": lambda v, n, on, d, e, f: (
        f"with {n} records, this audit could detect a privacy loss only above ε = {v:.2f}"
    ),
    "power_broken_run_lower_bound": lambda v, n, on, d, e, f: (
        f"on a deliberately broken run the audit measured ε ≥ {v:.2f}"
    ),
}


def threshold_text(th: dict[str, Any] | None) -> str:
    if not th:
        return "no threshold (context figure)"
    text = f"fails above {th['fail_above']:.4g}"
    if th.get("attention_above") is not None:
        text += f"; needs attention above {th['attention_above']:.4g}"
    return text


_SCALE_NAMES = {"Frame Length": "row count", "Sum": "sum", "Mean": "mean"}


def scale_name(key: str) -> str:
    """OpenDP's expression label as a plain name: 'n:Frame Length' -> 'row count',
    'value:0.5-Quantile' -> '0.5 quantile (median)'."""
    name = key.split(":", 1)[-1]
    q = re.fullmatch(r"([0-9.]+)-Quantile", name)
    if q:
        return f"{q.group(1)} quantile" + (" (median)" if float(q.group(1)) == 0.5 else "")
    return _SCALE_NAMES.get(name, name.lower())
