"""Table de-identification throughput: medprivacy ``release_tables`` next to plain Parquet I/O.

Generates (seeded, vectorised) one visit-level table of ``--rows`` rows x 20 columns, no free text,
for ``--patients`` patients, writes it as Parquet, then times in one run, generation excluded:
  * pandas ``read_parquet`` + ``DataFrame.to_parquet`` of the file (the plain baseline), in a
    subprocess that times only the read and the write; the project's .venv Python when its pandas
    can read Parquet, else ``benchmarks/.envs/pandas/`` (``--setup`` creates it),
  * polars ``read_parquet`` + ``write_parquet`` (the I/O floor of the engine, which uses polars),
  * ``release_tables`` under a Safe Harbor spec,
  * ``release_tables`` under a pseudonymised spec,
then checks the outputs (row counts, no direct identifier left, pseudonyms and date shifts equal to
the keyed functions on sample rows) so that a fast run cannot be a wrong one. The target (the
issue's): each profile under 30 s for 1,000,000 rows on 2 cores.

    python benchmarks/tables_throughput.py                  # 1,000,000 rows, 100,000 patients
    python benchmarks/tables_throughput.py --setup          # also create the pandas env if needed
    python benchmarks/tables_throughput.py --profile 25     # cProfile each release, top 25
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import shutil
import subprocess
import sys
import tempfile
import textwrap
import time
from dataclasses import dataclass, field
from datetime import date
from importlib.metadata import version
from pathlib import Path

import numpy as np
import polars as pl

from medprivacy.deid.dates import date_offset
from medprivacy.deid.table.engine import ReleaseResult, release_tables
from medprivacy.deid.table.spec import ReleaseSpec, parse_release_spec
from medprivacy.deid.table.zip3 import RESTRICTED
from medprivacy.keys import Key

HERE = Path(__file__).resolve().parent
PANDAS_ENV = HERE / ".envs" / "pandas"
# The pandas baseline's own env, used only when .venv's pandas cannot read Parquet. pandas is the
# project's pin; pyarrow is the version in .venv (which needs numpy 2, so this env has numpy 2).
PANDAS_ENV_REQUIREMENTS = ("pandas==2.3.3", "pyarrow==26.0.1")
TARGET_SECONDS = 30.0
KEY_SECRET = "benchmark-key"
REFERENCE_DATE = date(2024, 12, 31)
DIRECT = ("name", "ssn", "phone", "email")

# --------------------------------------------------------------------------- the specs

COMMON_HEADER = """\
reviewed: true
patient_key: visits.patient_id
reference_date: {reference_date}
tables:
  visits:
    path: {path}
    primary_key: visit_id
    columns:
      name: {{role: direct, rule: drop, identifier: name}}
      ssn: {{role: direct, rule: drop, identifier: ssn}}
      phone: {{role: direct, rule: drop, identifier: phone}}
      email: {{role: direct, rule: drop, identifier: email}}
      zip: {{role: quasi, rule: zip3, identifier: geographic, rename: zip3}}
      sex: {{role: quasi, rule: keep}}
      diagnosis_code: {{role: sensitive, rule: keep}}
      procedure_code: {{role: keep, rule: keep}}
      cost: {{role: sensitive, rule: top_bottom, min: 0, max: 100000, type: float}}
"""

SAFE_HARBOR = """\
release: safe_harbor
{header}\
      patient_id: {{role: key, rule: release_code, identifier: mrn}}
      visit_id: {{role: key, rule: release_code, identifier: other_id}}
      birth_date: {{role: date, rule: date_year, identifier: date, age_cap: true}}
      visit_date: {{role: date, rule: date_year, identifier: date}}
      discharge_date: {{role: date, rule: date_year, identifier: date}}
      age: {{role: quasi, rule: age_90, type: int}}
      race: {{role: quasi, rule: suppress_rare, k: 10}}
      marital:
        role: quasi
        rule: generalize
        hierarchy: {{married: partnered, partnered: partnered, single: not partnered,
                    divorced: not partnered, widowed: not partnered, unknown: unknown}}
      length_of_stay: {{role: quasi, rule: generalize, bins: [1, 3, 7, 14, 30], type: int}}
      insurance_plan_id: {{role: direct, rule: release_code, identifier: health_plan}}
      city: {{role: quasi, rule: drop, identifier: geographic}}
"""

PSEUDONYMISED = """\
release: pseudonymised
date_shift_days: [-365, -1]
{header}\
      patient_id: {{role: key, rule: pseudonym, identifier: mrn}}
      visit_id: {{role: key, rule: pseudonym, identifier: other_id}}
      birth_date: {{role: date, rule: date_shift, identifier: date}}
      visit_date: {{role: date, rule: date_shift, identifier: date}}
      discharge_date: {{role: date, rule: date_shift, identifier: date}}
      age: {{role: quasi, rule: keep, type: int}}
      race: {{role: quasi, rule: keep}}
      marital: {{role: quasi, rule: keep}}
      length_of_stay: {{role: quasi, rule: keep, type: int}}
      insurance_plan_id: {{role: direct, rule: drop, identifier: health_plan}}
      city: {{role: quasi, rule: suppress_rare, identifier: geographic, k: 10}}
"""


def build_spec(template: str, path: Path, name: str) -> ReleaseSpec:
    header = COMMON_HEADER.format(reference_date=REFERENCE_DATE.isoformat(), path=path)
    return parse_release_spec(template.format(header=header), f"<{name}>")


# --------------------------------------------------------------------------- the data

FIRST = (
    "James", "Mary", "Robert", "Patricia", "John", "Jennifer", "Michael", "Linda", "David",
    "Elizabeth", "William", "Barbara", "Richard", "Susan", "Joseph", "Jessica", "Thomas", "Sarah",
    "Charles", "Karen", "Maria", "Wei", "Aisha", "Mohammed", "Olga", "Juan", "Fatima", "Hiroshi",
    "Priya", "Kwame", "Ingrid", "Mateo", "Chloe", "Arjun", "Yusuf", "Zara", "Liam", "Noah", "Emma",
    "Ava"
)  # fmt: skip
LAST = (
    "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez",
    "Martinez", "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas", "Taylor",
    "Moore", "Jackson", "Martin", "Lee", "Perez", "Thompson", "White", "Harris", "Sanchez",
    "Clark", "Ramirez", "Lewis", "Robinson", "Walker", "Young", "Allen", "King", "Wright", "Scott",
    "Torres", "Nguyen", "Hill", "Flores", "Green", "Adams", "Nelson", "Baker", "Hall", "Rivera",
    "Campbell", "Mitchell", "Carter", "Roberts", "Okafor", "Schmidt"
)  # fmt: skip
RACE = ("white", "black", "asian", "native", "pacific islander", "other", "unknown")
RACE_P = (0.6, 0.13, 0.06, 0.01, 0.00002, 0.11998, 0.08)
MARITAL = ("married", "partnered", "single", "divorced", "widowed", "unknown")
MARITAL_P = (0.45, 0.05, 0.3, 0.1, 0.07, 0.03)
RESTRICTED_SAMPLE = (36, 59, 692, 890)  # ZIP3 areas Safe Harbor turns into 000


def _zipf_index(rng: np.random.Generator, n: int, size: int, a: float = 1.2) -> np.ndarray:
    """Indices in [0, size) with a long tail: a few values common, many rare."""
    return (rng.zipf(a, n) - 1) % size


def _codes(prefix: str, numbers: np.ndarray, width: int) -> pl.Series:
    """``prefix`` + zero-padded numbers, e.g. P0000042."""
    digits = pl.Series(numbers).cast(pl.String).str.zfill(width)
    return pl.select(pl.concat_str(pl.lit(prefix), digits)).to_series()


def generate(rows: int, patients: int, seed: int) -> pl.DataFrame:
    """A visit-level table: 20 columns, ``patients`` distinct patients, no free text."""
    rng = np.random.default_rng(seed)
    p = np.arange(patients)
    first = rng.integers(0, len(FIRST), patients)
    last = rng.integers(0, len(LAST), patients)
    birth = np.datetime64("1915-01-01") + rng.integers(0, 365 * 105, patients).astype(
        "timedelta64[D]"
    )
    zips = rng.integers(1000, 99999, patients)
    restricted = rng.random(patients) < 0.01
    zips[restricted] = np.array(RESTRICTED_SAMPLE)[
        rng.integers(0, len(RESTRICTED_SAMPLE), restricted.sum())
    ] * 100 + rng.integers(0, 100, restricted.sum())
    first_s = pl.Series(FIRST).gather(first)
    last_s = pl.Series(LAST).gather(last)
    per_patient = pl.DataFrame(
        {
            "patient_id": _codes("P", p + 1, 7),
            "name": pl.select(pl.format("{}, {}", last_s, first_s)).to_series(),
            "ssn": pl.select(
                pl.format(
                    "{}-{}-{}",
                    pl.Series(rng.integers(1, 900, patients)).cast(pl.String).str.zfill(3),
                    pl.Series(rng.integers(1, 100, patients)).cast(pl.String).str.zfill(2),
                    pl.Series(rng.integers(1, 10000, patients)).cast(pl.String).str.zfill(4),
                )
            ).to_series(),
            "phone": pl.select(
                pl.format(
                    "({}) 555-{}",
                    pl.Series(rng.integers(200, 999, patients)).cast(pl.String),
                    pl.Series(rng.integers(0, 10000, patients)).cast(pl.String).str.zfill(4),
                )
            ).to_series(),
            "email": pl.select(
                pl.format(
                    "{}.{}{}@example.org",
                    first_s.str.to_lowercase(),
                    last_s.str.to_lowercase(),
                    pl.Series(p % 1000),
                )
            ).to_series(),
            "birth_date": pl.Series(birth).cast(pl.Date),
            "zip": pl.Series(zips).cast(pl.String).str.zfill(5),
            "sex": pl.Series(["female", "male", "unknown"]).gather(
                rng.choice(3, patients, p=[0.5, 0.49, 0.01])
            ),
            "race": pl.Series(RACE).gather(rng.choice(len(RACE), patients, p=RACE_P)),
            "marital": pl.Series(MARITAL).gather(rng.choice(len(MARITAL), patients, p=MARITAL_P)),
            "insurance_plan_id": _codes("HP", rng.integers(0, 5000, patients), 6),
            "city": _codes("City-", _zipf_index(rng, patients, 20000), 5),
        }
    )
    who = rng.integers(0, patients, rows)
    visit = np.datetime64("2015-01-01") + rng.integers(0, 3650, rows).astype("timedelta64[D]")
    stay = np.minimum(rng.geometric(0.3, rows) - 1, 90)
    visits = per_patient.select(pl.all().gather(who))
    birth_rows = visits["birth_date"].to_numpy().astype("datetime64[D]")
    age = ((visit - birth_rows).astype(np.int64) // 365.25).astype(np.int64)
    table = visits.with_columns(
        visit_id=_codes("V", np.arange(1, rows + 1), 9),
        visit_date=pl.Series(visit).cast(pl.Date),
        discharge_date=pl.Series(visit + stay.astype("timedelta64[D]")).cast(pl.Date),
        age=pl.Series(np.maximum(age, 0)),
        diagnosis_code=_codes("D", _zipf_index(rng, rows, 5000), 4),
        procedure_code=_codes("C", _zipf_index(rng, rows, 2000), 5),
        cost=pl.Series(np.round(rng.lognormal(8.0, 1.3, rows), 2)),
        length_of_stay=pl.Series(stay),
    )
    order = [
        "patient_id", "visit_id", "name", "ssn", "phone", "email",
        "birth_date", "visit_date", "discharge_date", "age", "zip", "sex", "race", "marital",
        "diagnosis_code", "procedure_code", "cost", "length_of_stay", "insurance_plan_id",
        "city",
    ]  # fmt: skip
    return table.select(order)


# --------------------------------------------------------------------------- the timed steps


@dataclass
class Row:
    name: str
    seconds: float | None = None
    unavailable: str = ""
    notes: list[str] = field(default_factory=list)


PANDAS_SCRIPT = textwrap.dedent(
    """
    import sys, time
    import pandas as pd
    t0 = time.perf_counter()
    df = pd.read_parquet(sys.argv[1])
    df.to_parquet(sys.argv[2])
    print(time.perf_counter() - t0)
    import pyarrow
    print(f"pandas {pd.__version__}, pyarrow {pyarrow.__version__}")
    """
)


def _last_line(text: str) -> str:
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    return (lines or ["no output"])[-1][:200]


def _env_python() -> Path:
    return PANDAS_ENV / "bin" / "python"


def _env_ready() -> bool:
    stamp = PANDAS_ENV / ".installed"
    return stamp.exists() and stamp.read_text().split() == list(PANDAS_ENV_REQUIREMENTS)


def setup_pandas_env() -> str:
    """Create PANDAS_ENV with pandas and pyarrow; return '' or why it failed."""
    if _env_ready():
        return ""
    print(f"creating {PANDAS_ENV} ({' '.join(PANDAS_ENV_REQUIREMENTS)}) ...", file=sys.stderr)
    shutil.rmtree(PANDAS_ENV, ignore_errors=True)
    PANDAS_ENV.parent.mkdir(parents=True, exist_ok=True)
    python = str(_env_python())
    for cmd in (
        [sys.executable, "-m", "venv", str(PANDAS_ENV)],
        [python, "-m", "pip", "install", "--quiet", *PANDAS_ENV_REQUIREMENTS],
    ):
        done = subprocess.run(cmd, capture_output=True, text=True)
        if done.returncode:
            return f"install failed: {_last_line(done.stderr + done.stdout)}"
    (PANDAS_ENV / ".installed").write_text("\n".join(PANDAS_ENV_REQUIREMENTS) + "\n")
    return ""


def pandas_python() -> tuple[str | None, str]:
    """The Python to run the pandas baseline with, and a note (or why there is none)."""
    probe = [sys.executable, "-c", "import pandas, pyarrow"]
    done = subprocess.run(probe, capture_output=True, text=True)
    if done.returncode == 0:
        return sys.executable, "project .venv"
    why = f".venv's pandas cannot read Parquet ({_last_line(done.stderr)})"
    if _env_ready():
        return str(_env_python()), f"{why}; ran in benchmarks/.envs/pandas"
    return None, f"{why}; run with --setup to create benchmarks/.envs/pandas"


def run_pandas(src: Path, dst: Path) -> Row:
    row = Row("pandas read_parquet + to_parquet, no changes")
    python, note = pandas_python()
    if python is None:
        row.unavailable = note
        return row
    done = subprocess.run(
        [python, "-c", PANDAS_SCRIPT, str(src), str(dst)], capture_output=True, text=True
    )
    if done.returncode:
        row.unavailable = f"failed: {_last_line(done.stderr)}"
        return row
    seconds, versions = done.stdout.strip().splitlines()[-2:]
    row.seconds = float(seconds)
    row.name = f"{versions} read_parquet + to_parquet, no changes"
    row.notes.append(note + "; subprocess, only read + write timed")
    return row


def run_polars(src: Path, dst: Path) -> Row:
    t0 = time.perf_counter()
    pl.read_parquet(src).write_parquet(dst)
    row = Row(f"polars {pl.__version__} read_parquet + write_parquet, no changes")
    row.seconds = time.perf_counter() - t0
    row.notes.append("the engine's own I/O floor")
    return row


def run_release(
    label: str, spec: ReleaseSpec, key: Key, out: Path, private: Path
) -> tuple[Row, ReleaseResult]:
    t0 = time.perf_counter()
    result = release_tables(spec, key, out, private)
    row = Row(f"medprivacy {version('medprivacy')} release_tables, {label}")
    row.seconds = time.perf_counter() - t0
    return row, result


def profile_release(spec: ReleaseSpec, key: Key, out: Path, private: Path, top: int) -> str:
    """cProfile one more (untimed) release; the top functions by cumulative time."""
    prof = cProfile.Profile()
    prof.enable()
    release_tables(spec, key, out, private)
    prof.disable()
    buf = io.StringIO()
    pstats.Stats(prof, stream=buf).sort_stats("cumulative").print_stats(top)
    return buf.getvalue()


# --------------------------------------------------------------------------- the checks


def _check(ok: bool, what: str, problems: list[str]) -> None:
    if not ok:
        problems.append(what)


def check_common(name: str, src: pl.DataFrame, out: pl.DataFrame, gone: set[str]) -> list[str]:
    problems: list[str] = []
    _check(out.height == src.height, f"{name}: {out.height} rows out, {src.height} in", problems)
    left = sorted(gone & set(out.columns))
    _check(not left, f"{name}: identifier column(s) {left} in the output", problems)
    _check("zip3" in out.columns and "zip" not in out.columns, f"{name}: zip not zip3", problems)
    # No direct-identifier value anywhere in the output (a sample of 1,000 of each).
    for col in (*DIRECT, "patient_id"):
        values = src[col].unique().head(1000).implode()
        for out_col, s in out.to_dict().items():
            if s.dtype == pl.String and s.is_in(values).any():
                problems.append(f"{name}: {col} values found in output column {out_col}")
    zip3 = out["zip3"]
    _check(bool(zip3.str.contains(r"^\d{3}$").all()), f"{name}: zip3 not 3 digits", problems)
    expect = src["zip"].str.slice(0, 3)
    expect = pl.select(
        pl.when(expect.is_in(list(RESTRICTED))).then(pl.lit("000")).otherwise(expect)
    ).to_series()
    _check(bool((zip3 == expect).all()), f"{name}: zip3 differs from the rule", problems)
    return problems


def check_safe_harbor(
    src: pl.DataFrame, out: pl.DataFrame, result: ReleaseResult, sample: list[int]
) -> list[str]:
    name = "safe harbor"
    problems = check_common(name, src, out, {*DIRECT, "city"})
    codes = pl.read_csv(result.code_maps["visits.patient_id"])
    mapping = dict(zip(codes["original"], codes["code"], strict=True))
    _check(len(mapping) == src["patient_id"].n_unique(), f"{name}: code map size", problems)
    cutoff = REFERENCE_DATE.year - 90
    for i in sample:
        r, o = src.row(i, named=True), out.row(i, named=True)
        _check(o["patient_id"] == mapping[r["patient_id"]], f"{name}: row {i} code", problems)
        _check(o["patient_id"] != r["patient_id"], f"{name}: row {i} id kept", problems)
        year = r["birth_date"].year
        want = f"<={cutoff}" if year <= cutoff else str(year)
        _check(o["birth_date"] == want, f"{name}: row {i} birth year", problems)
        _check(o["visit_date"] == str(r["visit_date"].year), f"{name}: row {i} year", problems)
        age = "90+" if r["age"] > 89 else str(r["age"])
        _check(o["age"] == age, f"{name}: row {i} age_90", problems)
    _check(bool((out["age"] == "90+").any()), f"{name}: no age over 89 generated", problems)
    _check(out["cost"].max() <= 100000, f"{name}: cost not clipped", problems)
    return problems


def check_pseudonymised(
    src: pl.DataFrame, out: pl.DataFrame, key: Key, sample: list[int]
) -> list[str]:
    name = "pseudonymised"
    problems = check_common(name, src, out, {*DIRECT, "insurance_plan_id"})
    for i in sample:
        r, o = src.row(i, named=True), out.row(i, named=True)
        pid = r["patient_id"]
        _check(o["patient_id"] == key.pseudonym(pid), f"{name}: row {i} pseudonym", problems)
        visit = key.pseudonym(r["visit_id"], namespace="key:visits.visit_id")
        _check(o["visit_id"] == visit, f"{name}: row {i} visit pseudonym", problems)
        shift = date_offset(key, pid, (-365, -1))
        for col in ("birth_date", "visit_date", "discharge_date"):
            want = date.fromordinal(r[col].toordinal() + shift).isoformat()
            _check(o[col] == want, f"{name}: row {i} {col} shift", problems)
    counts = src["city"].value_counts()
    rare = counts.filter(pl.col("count") < 10)["city"]
    _check(
        not out["city"].is_in(rare.implode()).any() and out["city"].null_count() > 0,
        f"{name}: rare cities not suppressed",
        problems,
    )
    return problems


# --------------------------------------------------------------------------- the report


def _ratio(row: Row, base: Row | None) -> str:
    if row.seconds is None or base is None or not base.seconds:
        return "—"
    return f"{row.seconds / base.seconds:.2f}x"


def print_table(rows: list[Row], n: int, base: Row | None) -> None:
    print("| step | seconds | rows/s | vs pandas read+write | notes |\n|---|---:|---:|---:|---|")
    for row in rows:
        if row.unavailable:
            cells = [row.name, "—", "—", "—", f"not available: {row.unavailable}"]
        else:
            assert row.seconds is not None
            cells = [
                row.name,
                f"{row.seconds:.2f}",
                f"{n / row.seconds:,.0f}",
                _ratio(row, base),
                "; ".join(row.notes),
            ]
        print("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    print("\n(vs pandas read+write: seconds / pandas seconds; below 1.00x is faster than pandas)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--patients", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--keep", action="store_true", help="keep the temporary input and outputs")
    ap.add_argument("--setup", action="store_true", help="create the pandas env if .venv's fails")
    ap.add_argument(
        "--profile", type=int, default=0, metavar="N", help="cProfile each release (top N)"
    )
    a = ap.parse_args()
    if a.patients < 1 or a.rows < a.patients:
        ap.error("need 1 <= --patients <= --rows")
    if a.setup and pandas_python()[0] is None and (why := setup_pandas_env()):
        print(f"pandas env: {why}", file=sys.stderr)

    tmp = Path(tempfile.mkdtemp(prefix="mp-tables-bench-"))
    try:
        t0 = time.perf_counter()
        src = generate(a.rows, a.patients, a.seed)
        path = tmp / "visits.parquet"
        src.write_parquet(path)
        print(
            f"generated {src.height:,} rows x {src.width} columns ({a.patients:,} patients) in "
            f"{time.perf_counter() - t0:.1f} s; {path.stat().st_size / 1e6:.1f} MB Parquet",
            file=sys.stderr,
        )
        key = Key(KEY_SECRET)
        specs = {
            "Safe Harbor": build_spec(SAFE_HARBOR, path, "safe-harbor"),
            "pseudonymised": build_spec(PSEUDONYMISED, path, "pseudonymised"),
        }

        load0 = os.getloadavg()
        rows: list[Row] = []
        print("timing pandas ...", file=sys.stderr, flush=True)
        base = run_pandas(path, tmp / "pandas.parquet")
        rows.append(base)
        print("timing polars ...", file=sys.stderr, flush=True)
        rows.append(run_polars(path, tmp / "polars.parquet"))
        results: dict[str, tuple[Row, ReleaseResult]] = {}
        for label, spec in specs.items():
            print(f"timing {label} ...", file=sys.stderr, flush=True)
            slug = label.lower().replace(" ", "-")
            results[label] = run_release(label, spec, key, tmp / slug, tmp / f"{slug}-private")
            rows.append(results[label][0])
        load1 = os.getloadavg()

        print("checking outputs ...", file=sys.stderr, flush=True)
        sample = sorted(
            {0, src.height - 1, *np.random.default_rng(a.seed).integers(0, src.height, 20).tolist()}
        )
        sh_row, sh = results["Safe Harbor"]
        ps_row, ps = results["pseudonymised"]
        problems = check_safe_harbor(src, pl.read_parquet(sh.files["visits"]), sh, sample)
        problems += check_pseudonymised(src, pl.read_parquet(ps.files["visits"]), key, sample)

        affinity = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None
        print(
            f"input: {src.height:,} rows x {src.width} columns, {a.patients:,} patients, "
            f"{path.stat().st_size / 1e6:.1f} MB Parquet; {os.cpu_count()} cores "
            f"({affinity} usable), polars threads {pl.thread_pool_size()}; load average "
            f"(1/5/15 min) {'/'.join(f'{x:.2f}' for x in load0)} before, "
            f"{'/'.join(f'{x:.2f}' for x in load1)} after timing"
        )
        print()
        print_table(rows, src.height, None if base.unavailable else base)
        print()
        for row in (sh_row, ps_row):
            assert row.seconds is not None
            verdict = "PASS" if row.seconds < TARGET_SECONDS else "FAIL"
            print(f"{verdict}: {row.name}: {row.seconds:.1f} s (target < {TARGET_SECONDS:.0f} s)")
        print(
            "output checks: "
            + (
                "all passed"
                if not problems
                else f"{len(problems)} FAILED:\n  " + "\n  ".join(problems)
            )
        )
        for label, (_, res) in results.items():
            t = res.tables["visits"]
            print(
                f"{label}: {t.columns_in} -> {t.columns_out} columns; dropped {t.dropped}; "
                f"suppressed {t.suppressed}; capped {t.capped}"
            )
        if a.profile:
            for label, spec in specs.items():
                slug = "profile-" + label.lower().replace(" ", "-")
                print(f"\n## cProfile, {label} (untimed extra run)\n")
                print(profile_release(spec, key, tmp / slug, tmp / f"{slug}-private", a.profile))
        if a.keep:
            print(f"input and outputs kept in {tmp}")
        if problems:
            sys.exit(1)
    finally:
        if not a.keep:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
