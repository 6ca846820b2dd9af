"""medprivacy: publish health data without publishing patients.

The public API is re-exported here lazily, so importing :mod:`medprivacy` (and running the CLI's
``--help``) does not import pydicom, pandas or any other heavy library.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__version__ = "0.1.0"

_EXPORTS = {
    "Key": "medprivacy.keys",
    "load_key": "medprivacy.keys",
    "generate_key": "medprivacy.keys",
    "MedPrivacyError": "medprivacy.errors",
    "ConfigError": "medprivacy.errors",
    "deidentify_dicom": "medprivacy.deid.dicom.batch",
    "BatchSummary": "medprivacy.deid.dicom.batch",
    "compile_profile": "medprivacy.deid.dicom.profile",
    "Deidentifier": "medprivacy.deid.dicom.transform",
    "load_pipeline": "medprivacy.spec",
    "parse_pipeline": "medprivacy.spec",
    "PipelineSpec": "medprivacy.spec",
    "run_pipeline": "medprivacy.pipeline",
    "AuditLog": "medprivacy.audit",
    "Ledger": "medprivacy.budget",
    "BudgetExceeded": "medprivacy.budget",
    "dp_release": "medprivacy.dp.release",
    "release_stats": "medprivacy.dp.release",
    "synthesize": "medprivacy.synth.api",
    "anonymize": "medprivacy.anonymize",  # the subpackage is callable: anonymize(df, config)
}
__all__ = ["__version__", *_EXPORTS]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'medprivacy' has no attribute {name!r}")
    target = import_module(module)
    return target if module == f"medprivacy.{name}" else getattr(target, name)
