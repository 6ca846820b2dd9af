"""The synthesizer interface and its registry.

``fit(df, spec)`` then ``sample(n)``. DP synthesizers take ``epsilon``/``delta`` and spend them
on the table after the per-patient bound; the others say ``guarantee = NO_GUARANTEE``. Each
synthesizer's options are a pydantic model (``Options``): an unknown name or a value out of range
is a one-line ConfigError before anything is read.
``seed`` fixes only non-private randomness (sampling from the fitted model, values inside bins);
DP noise always comes fresh from OpenDP.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable
from typing import Any, ClassVar, cast

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from medprivacy.errors import ConfigError
from medprivacy.registry import Registry
from medprivacy.synth.accounting import ADJACENCY, epsilon_of, rho_for
from medprivacy.synth.contributions import bound_contributions
from medprivacy.synth.encode import Codes, decode, encode_checked
from medprivacy.synth.mechanisms import ZCDPBudget
from medprivacy.synth.spec import PrivacyUnit, SynthSpec, as_spec

NO_GUARANTEE = "no formal privacy guarantee"


class Options(BaseModel):
    """A synthesizer's options (none by default); subclasses declare theirs with their ranges."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class ShareOptions(Options):
    """Shares of ρ spent on the 1-way marginals and on selection; the rest goes to measuring."""

    oneway_share: float = Field(0.1, gt=0, lt=1)
    select_share: float = Field(0.1, gt=0, lt=1)

    @model_validator(mode="after")
    def _below_one(self) -> ShareOptions:
        if self.oneway_share + self.select_share >= 1:
            raise ValueError("oneway_share + select_share must be below 1 (the rest is measured)")
        return self


def parse_options(cls: type[Options], name: str, options: dict[str, Any]) -> Any:
    """``options`` validated by ``cls``: a one-line ConfigError naming the option and the rule."""
    try:
        return cls.model_validate(options)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"]) or "options"
        msg = str(err["msg"]).removeprefix("Value error, ")
        raise ConfigError(f"synthesizer {name!r} option {where}: {msg}") from None


class Synthesizer(ABC):
    """Fit on a table and a spec, then sample rows with the spec's columns and dtypes."""

    name: ClassVar[str]
    is_dp: ClassVar[bool] = False
    guarantee: ClassVar[str] = NO_GUARANTEE
    mechanism: ClassVar[str] = ""
    Options: ClassVar[type[Options]] = Options
    partitioned: ClassVar[bool] = False  # fits from count tables alone (fit_partitioned works)

    def __init__(
        self,
        *,
        epsilon: float | None = None,
        delta: float = 1e-6,
        seed: int | None = None,
        **options: Any,
    ) -> None:
        self.epsilon = epsilon
        self.delta = delta
        self.seed = seed
        self.opts: Any = parse_options(type(self).Options, self.name, options)
        self.rng = np.random.default_rng(seed)
        self.spec: SynthSpec | None = None
        self.n_fit: int | None = None
        self.ledger_entry: int | None = None  # the budget ledger entry that paid for the fit

    def fit(
        self,
        df: pd.DataFrame,
        spec: SynthSpec | dict[str, Any],
        *,
        before_measure: Callable[[], None] | None = None,
    ) -> Synthesizer:
        """Fit on ``df``. ``before_measure`` runs after validation, before any noisy measurement
        (where the budget ledger is charged). A null in a column without ``nullable: true`` is
        an InputError (column, row, rule), raised before anything is measured or paid."""
        self.spec = as_spec(spec)
        if not (pd.api.types.is_integer_dtype(df.index) and df.index.is_unique):
            df = df.reset_index(drop=True)  # errors count rows by the input's row numbers
        bounded = bound_contributions(df, self.spec)
        codes = encode_checked(bounded, self.spec)
        self._fit(codes, before_measure or (lambda: None))
        return self

    def fit_partitioned(
        self,
        source: Any,
        spec: SynthSpec | dict[str, Any],
        *,
        executor: Any = None,
        before_measure: Callable[[], None] | None = None,
    ) -> Synthesizer:
        """Fit on a partitioned table (:func:`medprivacy.counts.partitions`: a directory of
        Parquet files or a list of DataFrames; or a ``PartitionedCodes`` counted before, whose
        tables are reused) from exact count tables merged over its parts, counted as tasks on
        ``executor`` (default: this process). The per-patient bound holds over the whole
        table; every marginal is measured once, on the merged counts."""
        from medprivacy.counts import PartitionedCodes, partitions

        if not self.partitioned:
            raise ConfigError(
                f"synthesizer {self.name!r} fits one in-memory table; partitioned input works "
                "with the marginal-based synthesizers (aim, mst, independent)"
            )
        self.spec = as_spec(spec)
        if isinstance(source, PartitionedCodes):  # counted already: its tables are reused
            if source.spec != self.spec:
                raise ConfigError("the partitioned table was counted for another synth spec")
            codes = source
        else:
            codes = PartitionedCodes(partitions(source), self.spec, executor)
        self._fit(cast(Codes, codes), before_measure or (lambda: None))
        return self

    @abstractmethod
    def _fit(self, codes: Codes, before_measure: Callable[[], None]) -> None: ...

    @abstractmethod
    def _sample_codes(self, n: int) -> np.ndarray: ...

    @property
    def default_rows(self) -> int:
        """Rows :meth:`sample` returns without ``n`` (DP methods: the noisy row count)."""
        if self.n_fit is None:
            raise RuntimeError("fit the synthesizer first")
        return self.n_fit

    def sample(self, n: int | None = None) -> pd.DataFrame:
        if self.spec is None:
            raise RuntimeError("fit the synthesizer first")
        n = self.default_rows if n is None else int(n)
        if n < 0:
            raise ConfigError("n_rows must be >= 0")
        return decode(self._sample_codes(n), self.spec, self.rng)

    def privacy(self) -> dict[str, Any]:
        """What the release may say about its privacy (no data values)."""
        info: dict[str, Any] = {"method": self.name, "guarantee": self.guarantee}
        if self.ledger_entry is not None:
            info["ledger_entry"] = self.ledger_entry
        if self.mechanism:
            info["mechanism"] = self.mechanism
        return info


class DPSynthesizer(Synthesizer):
    """A synthesizer spending ρ-zCDP, reported as (ε, δ)-DP under add/remove adjacency."""

    is_dp = True
    zcdp: ClassVar[bool] = True  # its (ε, δ) is OpenDP's conversion of a ρ (False: RDP)

    def __init__(self, *, epsilon: float | None = 1.0, delta: float = 1e-6, **kw: Any) -> None:
        if epsilon is None or not 0 < epsilon < float("inf"):
            raise ConfigError("a DP synthesizer needs a finite epsilon > 0")
        if not 0 < delta < 1:
            raise ConfigError("delta must be in (0, 1)")
        super().__init__(epsilon=epsilon, delta=delta, **kw)
        self.rho = rho_for(float(epsilon), float(delta))
        self.budget = ZCDPBudget(self.rho)

    @property
    def guarantee(self) -> str:  # type: ignore[override]
        pu = self.spec.privacy_unit if self.spec else None
        unit = (pu.entity or "patient") if pu else "row"
        return (
            f"({epsilon_of(self.rho, self.delta):.4g}, {self.delta:.3g})-DP per {unit} "
            f"(rho={self.rho:.6g} zCDP; adjacency: {ADJACENCY})"
        )

    def privacy(self) -> dict[str, Any]:
        info = super().privacy()
        info.update(
            epsilon=self.epsilon,
            delta=self.delta,
            rho=self.rho,
            rho_spent=self.budget.spent,
            adjacency=ADJACENCY,
            unit=unit_text(self.spec.privacy_unit if self.spec else None),
            noise="OpenDP discrete Gaussian; selection: OpenDP noisy max (exponential mechanism)",
        )
        return info


def unit_text(unit: PrivacyUnit | None) -> str:
    """The privacy unit as statements name it: its entity (default patient), id and row bound."""
    if unit is None:
        return "row"
    return f"{unit.entity or 'patient'} ({unit.id}, at most {unit.max_rows} rows)"


synthesizers: Registry[type[Synthesizer]] = Registry("synthesizer")

# Modules whose import registers the built-in synthesizers (SDV/torch are imported only on fit).
BUILTIN_SYNTH_MODULES = (
    "medprivacy.synth.mst",
    "medprivacy.synth.independent",
    "medprivacy.synth.aim",
    "medprivacy.synth.sdv_models",
    "medprivacy.synth.relational",
    "medprivacy.synth.dpctgan",
)


def load_builtin_synthesizers() -> None:
    from importlib import import_module

    for module in BUILTIN_SYNTH_MODULES:
        import_module(module)


def get_synthesizer(name: str) -> type[Synthesizer]:
    load_builtin_synthesizers()
    return synthesizers.get(name)
