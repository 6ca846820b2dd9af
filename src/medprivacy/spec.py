"""Pipeline specs: YAML -> validated pydantic models, with errors that name the YAML line.

A spec lists steps by registered name; each step validates its own fields with its own config
model, so YAML, the CLI and Python build the same objects. Fields marked ``private=True`` (input
paths, deny lists, key files) are kept out of the released manifest.
"""

from __future__ import annotations

from importlib import import_module, resources
from pathlib import Path
from typing import Any, ClassVar, NoReturn

import yaml
from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError

from medprivacy.errors import ConfigError
from medprivacy.executor import ExecutorConfig
from medprivacy.registry import Registry
from medprivacy.report.verdict import Gates

# Modules whose import registers the built-in steps (imported on first use, not at CLI start-up).
BUILTIN_STEP_MODULES = (
    "medprivacy.deid.dicom.step",
    "medprivacy.deid.table.step",
    "medprivacy.dp.step",
    "medprivacy.attacks.step",
    "medprivacy.synth.step",
)
SAMPLE_PREFIX = "sample:"
# Names that become folder or file names (pipeline, step ids, step outputs): short enough for any
# file system once prefixed, so a long name is a spec error, not an OSError mid-run.
NAME_MAX = 64


class StepConfig(BaseModel):
    """Base of every step's config: unknown fields are errors."""

    model_config = ConfigDict(extra="forbid")

    def public_dict(self) -> dict[str, Any]:
        """The config without fields marked private (what the release manifest may show)."""
        private = {
            name
            for name, f in type(self).model_fields.items()
            if isinstance(f.json_schema_extra, dict) and f.json_schema_extra.get("private")
        }
        return self.model_dump(mode="json", exclude=private)


def private_field(default: Any = ..., **kw: Any) -> Any:
    """A config field that stays in private/ (never in the release manifest)."""
    return Field(default, json_schema_extra={"private": True}, **kw)


class Step:
    """A pipeline step: ``Config`` validates its YAML fields, ``run`` does the work."""

    Config: ClassVar[type[StepConfig]]

    def __init__(self, config: StepConfig) -> None:
        self.config = config

    def run(self, ctx: Any) -> Any:  # pragma: no cover - interface
        raise NotImplementedError


steps: Registry[type[Step]] = Registry("pipeline step")


def load_builtin_steps() -> None:
    for module in BUILTIN_STEP_MODULES:
        import_module(module)


class StepEntry(BaseModel):
    model_config = ConfigDict(extra="allow")
    step: str
    id: str | None = Field(None, pattern=r"^[A-Za-z0-9_-]+$", max_length=NAME_MAX)


class DatasetBudget(BaseModel):
    """A dataset's total privacy budget, created in the ledger on first use."""

    model_config = ConfigDict(extra="forbid")
    epsilon: float = Field(gt=0, allow_inf_nan=False)
    delta: float = Field(0.0, ge=0, lt=1)


class PipelineSpec(BaseModel):
    """A release pipeline: a name and an ordered list of steps."""

    model_config = ConfigDict(extra="forbid")
    # not "." or "..": the name is the default output folder out/<name>
    name: str = Field(pattern=r"^[A-Za-z0-9_-][A-Za-z0-9_.-]*$", max_length=NAME_MAX)
    description: str = ""
    output: Path | None = None
    key_file: Path | None = None
    ledger: Path | None = Field(
        None, description="Budget ledger (default .medprivacy/ledger.sqlite in the working dir)."
    )
    budgets: dict[str, DatasetBudget] = Field(
        default_factory=dict, description="Datasets' total budgets, created if absent."
    )
    steps: list[StepEntry] = Field(min_length=1)
    # what blocks the release; left out of the spec hash: gates change the verdict, not the data
    gates: Gates = Field(default_factory=Gates, exclude=True)
    # where batch work runs; left out of the spec hash: the engine changes speed, not the data
    executor: ExecutorConfig = Field(default_factory=ExecutorConfig, exclude=True)

    # filled in by parse_pipeline: where the YAML came from, and the step objects by id
    source: Path | None = Field(None, exclude=True)
    _built: list[tuple[str, Step]] = PrivateAttr(default_factory=list)

    @property
    def built(self) -> list[tuple[str, Step]]:
        return self._built

    def resolve(self, path: Path) -> Path:
        """Resolve a spec path: ``sample:NAME`` is bundled sample data, relative paths are
        relative to the YAML file."""
        text = str(path)
        if text.startswith(SAMPLE_PREFIX):
            root = resources.files("medprivacy").joinpath("sample_data")
            return Path(str(root.joinpath(text[len(SAMPLE_PREFIX) :])))
        if path.is_absolute() or self.source is None:
            return path
        return self.source.parent / path

    def public_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "description": self.description,
            "steps": [
                {"step": entry.step, "id": sid, **step.config.public_dict()}
                for entry, (sid, step) in zip(self.steps, self.built, strict=True)
            ],
        }


def resolve_path(path: Path, source: Path | None) -> Path:
    """Resolve a path in a spec: ``sample:NAME`` is bundled sample data, relative paths are
    relative to the YAML file ``source``."""
    text = str(path)
    if text.startswith(SAMPLE_PREFIX):
        root = resources.files("medprivacy").joinpath("sample_data")
        return Path(str(root.joinpath(text[len(SAMPLE_PREFIX) :])))
    if path.is_absolute() or source is None:
        return path
    return source.parent / path


def yaml_line(node: yaml.Node | None, loc: tuple[Any, ...]) -> int | None:
    """1-based line of the YAML node at pydantic location ``loc`` (nearest existing parent)."""
    line = node.start_mark.line + 1 if node is not None else None
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            nxt = next((v for k, v in node.value if k.value == part), None)
            if nxt is None:
                continue  # a missing field, or a union's tag in pydantic's location: stay here
            node = nxt
        elif (
            isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value)
        ):
            node = node.value[part]
        else:
            break
        line = node.start_mark.line + 1
    return line


def raise_invalid(
    source: str, root: yaml.Node | None, exc: ValidationError, prefix: tuple = ()
) -> NoReturn:
    """Raise the first validation error as one ConfigError line naming file, line and field."""
    err = exc.errors()[0]
    loc = prefix + tuple(err["loc"])
    line = yaml_line(root, loc)
    where = ".".join(str(p) for p in loc) or "(top level)"
    at = f"{source}:{line}" if line else source
    raise ConfigError(f"{at}: {where}: {err['msg']}")


def parse_pipeline(text: str, source: str = "<pipeline>", path: Path | None = None) -> PipelineSpec:
    """Parse and validate a pipeline spec from YAML text."""
    root, data = load_yaml(text, source)
    if not isinstance(data, dict):
        raise ConfigError(f"{source}: a pipeline is a YAML mapping with `name` and `steps`")
    try:
        spec = PipelineSpec.model_validate(data)
    except ValidationError as exc:
        raise_invalid(source, root, exc)
    spec.source = path
    load_builtin_steps()
    seen: set[str] = set()
    outputs: dict[str, str] = {}
    for i, entry in enumerate(spec.steps):
        try:
            cls = steps.get(entry.step)
        except ConfigError as exc:
            raise ConfigError(f"{source}:{yaml_line(root, ('steps', i, 'step'))}: {exc}") from None
        fields = dict(entry.model_extra or {})
        try:
            config = cls.Config.model_validate(fields)
        except ValidationError as exc:
            raise_invalid(source, root, exc, ("steps", i))
        sid = entry.id or entry.step
        if sid in seen:
            raise ConfigError(
                f"{source}:{yaml_line(root, ('steps', i))}: duplicate step id {sid!r}"
            )
        seen.add(sid)
        _check_output(config, outputs, source, yaml_line(root, ("steps", i, "output")), sid)
        spec.built.append((sid, cls(config)))
    return spec


def _check_output(
    config: StepConfig, outputs: dict[str, str], source: str, line: int | None, sid: str
) -> None:
    """A step's ``output`` folder is a short name that no other step writes to."""
    out = getattr(config, "output", None)
    if not isinstance(out, str):
        return
    at = f"{source}:{line}" if line else source
    if len(out) > NAME_MAX:
        raise ConfigError(f"{at}: step {sid!r}: output name longer than {NAME_MAX} characters")
    other = outputs.get(out.lower())
    if other is not None:
        raise ConfigError(f"{at}: steps {other!r} and {sid!r} both write output {out!r}")
    outputs[out.lower()] = sid


def load_pipeline(path: str | Path) -> PipelineSpec:
    """Read and validate a pipeline YAML file."""
    path = Path(path)
    return parse_pipeline(read_text(path, "pipeline file"), str(path), path)


def read_text(path: Path, what: str) -> str:
    """A spec file's text, or a one-line ConfigError."""
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{path}: {what} not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: unreadable ({type(exc).__name__})") from None


def load_yaml(text: str, source: str) -> tuple[yaml.Node | None, Any]:
    """The YAML node tree (for line numbers) and the data; syntax errors name the line."""
    try:
        return yaml.compose(text, Loader=yaml.SafeLoader), yaml.safe_load(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        line = f":{mark.line + 1}" if mark is not None else ""
        raise ConfigError(f"{source}{line}: YAML syntax error: {exc.problem}") from None
    except yaml.YAMLError:
        raise ConfigError(f"{source}: YAML syntax error") from None
