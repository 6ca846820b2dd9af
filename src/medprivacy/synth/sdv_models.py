"""SDV's GaussianCopula and CTGAN behind the synthesizer interface: NO FORMAL PRIVACY GUARANTEE.

SDV (and rdt, ctgan, copulas) is licensed BUSL-1.1, not an open-source licence; it is an optional
extra and imported only when one of these methods is fitted. The models are fitted on the coded
table (categorical codes, numeric/date bins as categories), so their output respects the spec's
domains exactly, but they memorise whatever the data holds: audit the release with the attack
suite before sharing it. ``epsilon`` is ignored (nothing is spent) and no ledger entry is made.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
from pydantic import Field

from medprivacy.synth.base import NO_GUARANTEE, Options, Synthesizer, synthesizers
from medprivacy.synth.encode import Codes


class _SDVModel(Synthesizer):
    guarantee = NO_GUARANTEE
    sdv_class = ""

    def _make(self, metadata: Any) -> Any:  # pragma: no cover - interface
        raise NotImplementedError

    def _fit(self, codes: Codes, before_measure: Callable[[], None]) -> None:
        from sdv.metadata import Metadata

        for name in ("sdv", "rdt", "copulas", "ctgan", "SingleTableSynthesizer"):
            logging.getLogger(name).setLevel(logging.ERROR)
        if self.seed is not None:
            import torch

            torch.manual_seed(self.seed)
        self._columns = codes.columns
        self._sizes = codes.sizes
        table = pd.DataFrame(
            {f"c{j}": pd.Series(codes.data[:, j]).astype(str) for j in range(len(codes.columns))}
        )
        metadata = Metadata.detect_from_dataframes({"t": table})
        for j in range(len(codes.columns)):
            metadata.update_column(table_name="t", column_name=f"c{j}", sdtype="categorical")
        self.model = self._make(metadata)
        self.model.fit({"t": table})
        self.n_fit = len(codes.data)

    def _sample_codes(self, n: int) -> np.ndarray:
        if n == 0:
            return np.zeros((0, len(self._columns)), dtype=np.int64)
        out = self.model.sample(num_rows=n)
        if isinstance(out, dict):
            out = next(iter(out.values()))
        codes = np.empty((n, len(self._columns)), dtype=np.int64)
        for j, size in enumerate(self._sizes):
            col = pd.to_numeric(out[f"c{j}"], errors="coerce").fillna(0).astype(np.int64)
            codes[:, j] = np.clip(col.to_numpy(), 0, size - 1)
        return codes

    def privacy(self) -> dict[str, Any]:
        info = super().privacy()
        info["licence"] = "SDV is BUSL-1.1"
        info["model"] = self.sdv_class
        return info


@synthesizers.register("gaussian_copula")
class GaussianCopula(_SDVModel):
    """SDV GaussianCopulaSynthesizer (no formal privacy guarantee)."""

    name = "gaussian_copula"
    sdv_class = "sdv.single_table.GaussianCopulaSynthesizer"

    def _make(self, metadata: Any) -> Any:
        from sdv.single_table import GaussianCopulaSynthesizer

        return GaussianCopulaSynthesizer(metadata, enforce_min_max_values=True)


class CTGANOptions(Options):
    epochs: int = Field(30, ge=1)


@synthesizers.register("ctgan")
class CTGAN(_SDVModel):
    """SDV CTGANSynthesizer (no formal privacy guarantee); ``epochs`` option (default 30)."""

    name = "ctgan"
    Options = CTGANOptions
    sdv_class = "sdv.single_table.CTGANSynthesizer"

    def _make(self, metadata: Any) -> Any:
        from sdv.single_table import CTGANSynthesizer

        return CTGANSynthesizer(metadata, epochs=self.opts.epochs, enable_gpu=False, verbose=False)
