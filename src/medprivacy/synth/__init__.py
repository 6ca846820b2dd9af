"""Synthetic tables: DP marginal synthesizers (AIM-style, MST, independent) and SDV models.

``synthesize(df, spec, method="aim", epsilon=1.0, n_rows=None)`` is the entry point; fidelity
and utility checks are ``medprivacy.synth.evaluate.fidelity_report`` and ``plot_report``. Heavy
libraries (OpenDP, SDV, torch, scikit-learn, matplotlib) are imported on first use.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_LAZY = {
    "synthesize": "medprivacy.synth.api",
    "SynthSpec": "medprivacy.synth.spec",
    "as_spec": "medprivacy.synth.spec",
    "Synthesizer": "medprivacy.synth.base",
    "synthesizers": "medprivacy.synth.base",
    "get_synthesizer": "medprivacy.synth.base",
    "NO_GUARANTEE": "medprivacy.synth.base",
}

__all__ = sorted(_LAZY)


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'medprivacy.synth' has no attribute {name!r}")
