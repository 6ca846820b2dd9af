"""Attack suites: a YAML list of attacks with their configs and thresholds, run on a release.

Suites ship inside the package (``medprivacy/suites/NAME.yaml``) and are addressed by name
(``hipaa``) from any folder; a path (with a ``/`` or a ``.yaml`` suffix) names a suite file.

```yaml
name: default
quasi_identifiers: [age, sex, zip3]     # defaults for the release (overridable per run)
sensitive: [diagnosis]
attacks:
  - attack: reidentification            # a registered attack
    id: reid                            # optional, unique; defaults to the attack name
    thresholds: {prosecutor_max: {fail_above: 0.09}}
  - attack: membership
    method: best
```

Each entry is validated by its attack's own config, and a mistake is reported with its line.
An attack whose threat model needs data the run lacks (members, non-members, population) is
skipped with the reason; an attack that fails records its error (its message carries no data
values) and the others still run.
"""

from __future__ import annotations

import json
import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from medprivacy.attacks.base import Attack, AttackData, AttackResult, attacks, load_builtin_attacks
from medprivacy.errors import ConfigError, MedPrivacyError
from medprivacy.fileio import read_table

if TYPE_CHECKING:
    from medprivacy.counts import Partitions
    from medprivacy.executor import Executor, ExecutorConfig

log = logging.getLogger(__name__)


class SuiteEntry(BaseModel):
    model_config = ConfigDict(extra="allow")
    attack: str
    id: str | None = Field(None, pattern=r"^[A-Za-z0-9_-]+$")


class Suite(BaseModel):
    """A named list of attacks, with default quasi-identifier and sensitive columns."""

    model_config = ConfigDict(extra="forbid")
    name: str = Field(pattern=r"^[A-Za-z0-9_.-]+$")
    description: str = ""
    quasi_identifiers: list[str] = Field(default_factory=list)
    sensitive: list[str] = Field(default_factory=list)
    attacks: list[SuiteEntry] = Field(min_length=1)


def parse_suite(text: str, source: str = "<suite>") -> tuple[Suite, list[Attack]]:
    """Validate a suite and build its attacks; errors name the file, line and field."""
    from medprivacy.spec import load_yaml, raise_invalid

    root, raw = load_yaml(text, source)
    if not isinstance(raw, dict):
        raise ConfigError(f"{source}: a suite must be a mapping with 'name' and 'attacks'")
    try:
        suite = Suite.model_validate(raw)
    except ValidationError as exc:
        raise_invalid(source, root, exc)
    load_builtin_attacks()
    built: list[Attack] = []
    seen: set[str] = set()
    for i, entry in enumerate(suite.attacks):
        cls = attacks.get(entry.attack)
        attack_id = entry.id or entry.attack
        if attack_id in seen:
            raise ConfigError(f"{source}: attacks.{i}: duplicate id {attack_id!r}")
        seen.add(attack_id)
        fields = {k: v for k, v in (entry.model_extra or {}).items()}
        try:
            config = cls.Config.model_validate(fields)
        except ValidationError as exc:
            raise_invalid(source, root, exc, prefix=("attacks", i))
        built.append(cls(config, attack_id))
    return suite, built


SUITE_NAME = re.compile(r"[A-Za-z0-9_-]+")

# The suite an attack runs when none is named, by what the release holds, and why.
DEFAULT_SUITES = {
    "table": ("hipaa", "a record-level table: re-identification and linkage on its QIs"),
    "synthetic": (
        "gdpr",
        "synthetic data: WP29 singling out, linkability, inference; membership; the ε audit",
    ),
    "dicom": ("dicom", "DICOM headers: re-identification on the header fields kept"),
}


def packaged_suites() -> Path:
    """The folder of the suites that ship with medprivacy."""
    return Path(str(resources.files("medprivacy").joinpath("suites")))


def suite_names() -> list[str]:
    """Names of the packaged suites (``default``, ``gdpr``, ``hipaa``, ...)."""
    return sorted(p.stem for p in packaged_suites().glob("*.yaml"))


def suite_path(ref: str | Path, resolve: Callable[[Path], Path] | None = None) -> Path:
    """A packaged suite by name (``hipaa``), else a suite file (relative paths via ``resolve``).

    A name has no ``/`` and no suffix; anything else is a path, so a suite of one's own is never
    mistaken for a packaged one.
    """
    text = str(ref)
    if SUITE_NAME.fullmatch(text):
        path = packaged_suites() / f"{text}.yaml"
        if not path.is_file():
            known = ", ".join(suite_names())
            raise ConfigError(
                f"attack suite {text!r}: no such suite (packaged: {known}; a suite file is a "
                "path such as ./mine.yaml)"
            )
        return path
    return resolve(Path(text)) if resolve is not None else Path(text)


def release_kind(root: Path, table: str | None, dicom: str | None, synthetic: bool) -> str:
    """What a release holds, for the default suite: ``dicom``, ``synthetic`` or ``table``.

    A table is synthetic when declared so or when the ``privacy.json`` beside it names the
    synthesizer that made it (``method``)."""
    if dicom is not None:
        return "dicom"
    if synthetic:
        return "synthetic"
    statement = (root / (table or "")).parent / "privacy.json"
    try:
        doc = json.loads(statement.read_text("utf-8"))
    except (OSError, ValueError):
        return "table"
    return "synthetic" if isinstance(doc, dict) and doc.get("method") else "table"


def load_suite(path: str | Path) -> tuple[Suite, list[Attack]]:
    """A suite by packaged name or file path, validated and built."""
    from medprivacy.spec import read_text

    p = suite_path(path)
    return parse_suite(read_text(p, "attack suite"), str(p))


@dataclass
class SuiteRun:
    """Results of one suite on one release, with per-attack timings, skips and errors."""

    suite: str
    release: str
    results: list[AttackResult] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    skipped: dict[str, str] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def verdict(self) -> str:
        """Worst verdict of the run: fail > attention > pass (errors count as attention);
        "not assessed" when no attack had the data it needs."""
        verdicts = {r.verdict.value for r in self.results}
        if not self.results and not self.errors:
            return "not assessed"
        if "fail" in verdicts:
            return "fail"
        if "attention" in verdicts or self.errors:
            return "attention"
        return "pass"

    def counts(self) -> dict[str, int]:
        """How many results got each verdict."""
        counts: dict[str, int] = {}
        for r in self.results:
            counts[r.verdict.value] = counts.get(r.verdict.value, 0) + 1
        return counts

    def summary(self) -> str:
        """One line: the suite, the release, the verdict and its counts, and what was skipped."""
        counts = ", ".join(f"{k} {v}" for k, v in sorted(self.counts().items()))
        counts = f" ({counts})" if counts else ""
        skipped = f"; {len(self.skipped)} skipped for want of data" if self.skipped else ""
        return f"suite {self.suite} on {self.release}: {self.verdict}{counts}{skipped}"

    def outline(self) -> list[str]:
        """Which attacks ran, and which could not (and why), one line each."""
        ran = [a for a in self.timings if a not in self.skipped and a not in self.errors]
        lines = [f"ran {', '.join(ran)}" if ran else "no attack ran"]
        lines += [f"not run: {a}: {_why(a, why)}" for a, why in self.skipped.items()]
        lines += [f"could not run: {a}: {_why(a, why)}" for a, why in self.errors.items()]
        return lines

    def defects(self) -> list[str]:
        """Notes of ε-audit results that beat the claimed ε (an implementation defect)."""
        return [r.note for r in self.results if r.note.startswith("DEFECT")]

    def to_dict(self) -> dict[str, Any]:
        return {
            "suite": self.suite,
            "release": self.release,
            "verdict": self.verdict,
            "seconds": round(self.seconds, 3),
            "timings": {k: round(v, 3) for k, v in self.timings.items()},
            "skipped": self.skipped,
            "errors": self.errors,
            "results": [r.to_dict() for r in self.results],
        }


def _why(attack: str, message: str) -> str:
    """A skip or error message without its leading "attack 'NAME' " (the line names it)."""
    prefix = f"attack {attack!r} "
    return message[len(prefix) :] if message.startswith(prefix) else message


def run_suite(suite: Suite, built: list[Attack], data: AttackData) -> SuiteRun:
    """Run every attack of the suite on ``data`` (suite QIs/sensitive fill in what data lacks)."""
    if not data.quasi_identifiers:
        data.quasi_identifiers = list(suite.quasi_identifiers)
    if not data.sensitive:
        data.sensitive = list(suite.sensitive)
    run = SuiteRun(suite.name, data.name)
    start = time.perf_counter()
    for attack in built:
        t0 = time.perf_counter()
        try:
            if data.parts is not None and not attack.counts_only:
                raise ConfigError(
                    f"attack {attack.name!r} needs the release's rows (a partitioned release "
                    "gives its class counts only)"
                )
            run.results.extend(attack.run(data))
        except ConfigError as exc:
            msg = str(exc)
            if " needs " in msg:  # not run for want of data: listed in the report and summary
                run.skipped[attack.name] = msg
                log.info("attack %s skipped: %s", attack.name, msg)
            else:
                run.errors[attack.name] = msg
                log.warning("attack %s: %s", attack.name, msg)
        except MedPrivacyError as exc:
            run.errors[attack.name] = str(exc)
            log.warning("attack %s: %s", attack.name, exc)
        except Exception as exc:
            # Only the exception type: a library message could quote a value.
            run.errors[attack.name] = f"internal error ({type(exc).__name__})"
            log.error("attack %s failed with %s", attack.name, type(exc).__name__)
        run.timings[attack.name] = time.perf_counter() - t0
    run.seconds = time.perf_counter() - start
    return run


def load_release(
    root: Path, table: str | None = None, dicom: str | None = None, tags: Any = None
) -> tuple[Any, str, list[str]]:
    """What to attack in a release folder: a table (a directory of Parquet files is a
    partitioned table: its :class:`~medprivacy.counts.Partitions`), or a DICOM folder's header
    fields.

    Returns the table, its name for reports, and the default quasi-identifiers (for DICOM, the
    header fields the release kept; for a table, none).
    """
    from medprivacy.attacks.dicom_headers import DEFAULT_TAGS, kept_fields, read_dicom_headers

    if (table is None) == (dicom is None):
        raise ConfigError("name exactly one of a table and a DICOM folder to attack")
    if dicom is not None:
        headers = read_dicom_headers(root / dicom, list(tags or DEFAULT_TAGS))
        return headers, f"{dicom} (DICOM headers)", kept_fields(headers)
    assert table is not None
    if (root / table).is_dir():  # a partitioned table: its parts, counted where attacks need it
        from medprivacy.counts import partitions

        return partitions(root / table), Path(table).name, []
    return read_table(root / table), Path(table).name, []


def run_suite_files(
    suite_path: str | Path,
    release: str | Path | pd.DataFrame | Partitions,
    *,
    members: str | Path | pd.DataFrame | None = None,
    non_members: str | Path | pd.DataFrame | None = None,
    population: str | Path | pd.DataFrame | None = None,
    quasi_identifiers: list[str] | None = None,
    sensitive: list[str] | None = None,
    population_size: int | None = None,
    epsilon: float | None = None,
    delta: float = 0.0,
    adjacency: str = "add_remove",
    max_rows: int | None = None,
    power_release: str | Path | pd.DataFrame | None = None,
    power_epsilon: float | None = None,
    synthetic: bool = False,
    name: str | None = None,
    out_dir: str | Path | None = None,
    executor: ExecutorConfig | Executor | None = None,
) -> SuiteRun:
    """Load a suite and tables (paths or DataFrames), run it, and write the report if asked.

    A partitioned release (a directory of Parquet files, or :class:`~medprivacy.counts.
    Partitions`) is not loaded: attacks that need only its class counts (re-identification)
    count them per part on ``executor`` (default: this process); the others are skipped.
    """
    from medprivacy.counts import Partitions, partitions
    from medprivacy.executor import ExecutorConfig, open_executor

    def table(x: str | Path | pd.DataFrame | None) -> pd.DataFrame | None:
        if x is None or isinstance(x, pd.DataFrame):
            return x
        return read_table(x)

    suite, built = load_suite(suite_path)
    parts = None
    if isinstance(release, Partitions) or (
        isinstance(release, str | Path) and Path(release).is_dir()
    ):
        parts = partitions(release)
        rel: pd.DataFrame | None = pd.DataFrame()
    else:
        rel = table(release)
    assert rel is not None
    if name is None:
        name = Path(release).stem if isinstance(release, str | Path) else "release"
    data = AttackData(
        release=rel,
        parts=parts,
        members=table(members),
        non_members=table(non_members),
        population=table(population),
        quasi_identifiers=list(quasi_identifiers or []),
        sensitive=list(sensitive or []),
        population_size=population_size,
        epsilon=epsilon,
        delta=delta,
        adjacency=adjacency,
        max_rows=max_rows,
        power_release=table(power_release),
        power_epsilon=power_epsilon,
        name=name,
        synthetic=synthetic,
    )
    if parts is not None and (executor is None or isinstance(executor, ExecutorConfig)):
        config = executor or ExecutorConfig()
        with open_executor(config, config.workers or 1) as data.executor:
            run = run_suite(suite, built, data)
    else:  # an in-memory release is counted here; an open executor is used as given
        data.executor = None if isinstance(executor, ExecutorConfig) else executor
        run = run_suite(suite, built, data)
    if out_dir is not None:
        from medprivacy.attacks.report import write_report

        write_report(run, out_dir)
    return run
