"""medprivacy: publish health data without publishing patients."""

from __future__ import annotations

__version__ = "0.1.0"
