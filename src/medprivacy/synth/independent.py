"""The independence floor as a DP synthesizer: noisy 1-way marginals, columns sampled apart."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from medprivacy.synth.base import DPSynthesizer, synthesizers
from medprivacy.synth.encode import CodedTable
from medprivacy.synth.estimate import combine_oneway, estimate_total
from medprivacy.synth.models import BayesNet
from medprivacy.synth.mst import measure_oneways


@synthesizers.register("independent")
class Independent(DPSynthesizer):
    """Every column from its own noisy 1-way marginal (no correlation kept): a baseline."""

    name = "independent"
    mechanism = "Gaussian 1-way marginals, columns independent"

    partitioned = True

    def _fit(self, codes: CodedTable, before_measure: Callable[[], None]) -> None:
        before_measure()
        k = self.spec.max_rows if self.spec else 1
        ones = measure_oneways(codes, self.budget.left * (1 - 1e-9), k, self.budget)
        total = estimate_total(ones)
        probs = [combine_oneway(j, codes.sizes[j], ones, total) / total for j in range(len(ones))]
        self.model = BayesNet(codes.sizes, probs, [], total)
        self.n_fit = max(round(total), 0)

    def _sample_codes(self, n: int) -> np.ndarray:
        return self.model.sample(n, self.rng)
