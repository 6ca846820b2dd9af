"""DICOM de-identification throughput and conformance: medprivacy next to other Python tools.

Builds a PHI-planted corpus from every Part 10 template pydicom ships (64 files: 11 SOP classes, 12
transfer syntaxes; ``--corpus sop`` for one per SOP class), with PHI planted in headers and nested
sequences (SR content three levels deep, graphic annotation text, a person identification code
inside an unlisted sequence), then times, in one run on the same files:
  * ``medprivacy deid dicom --workers N`` as a whole command (start-up, journal, summary included;
    its bytecode cached beforehand, as an installed package has it, see ``medprivacy_env``),
  * the Python DICOM de-identifiers in REFERENCE_TOOLS, each from its own virtual environment under
    ``benchmarks/.envs/<tool>/`` (``make bench-env`` or ``--setup`` creates them; never in .venv),
    as one process running ``benchmarks/reference_tools/<tool>.py IN OUT``, timed whole,
  * a one-process pydicom read + write of every file (the floor any pydicom tool pays),
  * ``cp -r`` (the disk),
then scores every de-identified output with the shared conformance checker (Annex E checks passed,
planted PHI strings left) when ``../shared`` is present. A tool that cannot be installed or run is
listed as not available, with the reason; the run goes on.

    make bench-env
    python benchmarks/dicom_throughput.py --files 1000 --workers 2
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path

import pydicom

from medprivacy.testing.dicom_corpus import TEMPLATES, build_corpus, shipped_templates

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
CHECKER = REPO.parent / "shared" / "tools" / "dicom_check.py"
ENVS = HERE / ".envs"
DRIVERS = HERE / "reference_tools"

# env/driver name -> exact pip requirement. Each is installed alone in ENVS/<name>.
REFERENCE_TOOLS = {
    "grand-challenge": "grand-challenge-dicom-de-identifier==0.1.1",
    "dcm-anonymizer": "dcm-anonymizer==0.5.0",
    "dicognito": "dicognito==0.19.0",
    "dicom-anonymizer": "dicom-anonymizer==2.1.0",
    "deid": "deid==0.4.13",
}
# Applied to every reference env: a tool that pulls torch must get the local CPU build.
CONSTRAINTS = ("torch==2.13.0",)
BASELINES = ("medprivacy", "pydicom", "cp")
ALL_TOOLS = (*REFERENCE_TOOLS, *BASELINES)


@dataclass
class Row:
    name: str
    out: Path | None = None  # output folder to score; None: not scored
    seconds: float | None = None  # median wall time over the rounds
    cpu: float | None = None  # median user+sys CPU seconds over the rounds (whole process tree)
    walls: list[float] = field(default_factory=list)  # per round, in round order
    cpus: list[float] = field(default_factory=list)
    unavailable: str = ""  # reason, when the tool could not be installed or run
    failed: int = 0  # files the tool itself reported as failed (no output)
    error: str = ""  # its commonest error
    notes: list[str] = field(default_factory=list)
    conformance: str = ""
    leaks: str = ""


def _cpu(children: bool) -> float:
    """User+sys CPU seconds so far of this process or of its finished children."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN if children else resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*.dcm") if p.is_file())


def _reason(text: str) -> str:
    """One line saying why a command failed: pip's ERROR line, else the last line of output."""
    lines = [ln.strip() for ln in text.splitlines() if ln.strip() and "is ignored" not in ln]
    errors = [ln for ln in lines if ln.startswith("ERROR:")]
    line = (errors or lines or ["no output"])[0 if errors else -1]
    return re.sub(r" \(from versions:.*", "", line)[:200]


# --------------------------------------------------------------------------- reference envs


def _env_python(tool: str) -> Path:
    return ENVS / tool / "bin" / "python"


def _stamp(tool: str) -> Path:
    return ENVS / tool / ".installed"


def _error_file(tool: str) -> Path:
    return ENVS / f"{tool}.error"


def env_ready(tool: str) -> bool:
    stamp = _stamp(tool)
    return stamp.exists() and stamp.read_text().strip() == REFERENCE_TOOLS[tool]


def setup_env(tool: str) -> str:
    """Create ENVS/<tool> with its pinned requirement; return '' or why it failed."""
    spec = REFERENCE_TOOLS[tool]
    if env_ready(tool):
        print(f"{tool}: {spec} already installed", file=sys.stderr)
        return ""
    print(f"{tool}: installing {spec} ...", file=sys.stderr)
    env = ENVS / tool
    shutil.rmtree(env, ignore_errors=True)
    ENVS.mkdir(parents=True, exist_ok=True)
    constraints = ENVS / "constraints.txt"
    constraints.write_text("\n".join(CONSTRAINTS) + "\n")
    python = str(_env_python(tool))
    steps = (
        [sys.executable, "-m", "venv", str(env)],
        [python, "-m", "pip", "install", "--quiet", "-c", str(constraints), spec],
        [python, "-m", "pip", "check"],
    )
    for cmd in steps:
        done = subprocess.run(cmd, capture_output=True, text=True)
        if done.returncode:
            reason = f"install failed: {_reason(done.stderr + done.stdout)}"
            _error_file(tool).write_text(reason + "\n")
            print(f"{tool}: {reason}", file=sys.stderr)
            return reason
    _stamp(tool).write_text(spec + "\n")
    _error_file(tool).unlink(missing_ok=True)
    return ""


def run_reference(tool: str, src: Path, dst: Path) -> Row:
    """Time ``<env python> -I reference_tools/<tool>.py src dst`` as one whole process."""
    row = Row(f"{REFERENCE_TOOLS[tool].replace('==', ' ')} (1 process)")
    if not env_ready(tool):
        error = _error_file(tool)
        row.unavailable = (
            error.read_text().strip()
            if error.exists()
            else "venv not set up (run `make bench-env` or pass --setup)"
        )
        return row
    # -I: the driver's folder is not put first on sys.path, so deid.py cannot shadow `deid`.
    cmd = [str(_env_python(tool)), "-I", str(DRIVERS / f"{tool}.py"), str(src), str(dst)]
    t0, c0 = time.perf_counter(), _cpu(children=True)
    done = subprocess.run(cmd, capture_output=True, text=True)
    seconds = time.perf_counter() - t0
    row.cpu = _cpu(children=True) - c0
    try:
        summary = json.loads(done.stdout.strip().splitlines()[-1])
    except (IndexError, ValueError):
        row.unavailable = f"run failed (exit {done.returncode}): {_reason(done.stderr)}"
        return row
    row.name = f"{summary['tool']} {summary['version']} (1 process)"
    row.out, row.seconds, row.failed = dst, seconds, summary["failed"]
    if summary["errors"]:
        row.error = summary["errors"][0][0]
    return row


# --------------------------------------------------------------------------- baselines


def medprivacy_env(pycache: Path) -> dict[str, str]:
    """The environment of the timed command: bytecode cached in ``pycache``, as an installed
    package has it (pip compiles on install), even where PYTHONDONTWRITEBYTECODE is set for
    the checkout; otherwise every run would compile medprivacy's own modules again."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    return {
        **env,
        "MEDPRIVACY_KEY": "benchmark-key-0123456789",
        "PYTHONPYCACHEPREFIX": str(pycache),
    }


def warm_bytecode(pycache: Path) -> None:
    """Compile, untimed, what the command imports into ``pycache``: its modules and pydicom's
    concept table, which the batch loads by file (pip compiles it on install too)."""
    code = (
        "import medprivacy.cli, medprivacy.deid.dicom.batch; "
        "from medprivacy.deid.dicom.codes import preload_standard_codes; preload_standard_codes()"
    )
    subprocess.run([sys.executable, "-c", code], env=medprivacy_env(pycache), check=True)


def run_medprivacy(src: Path, dst: Path, workers: int, pycache: Path) -> Row:
    row = Row(f"medprivacy {version('medprivacy')} (`deid dicom --workers {workers}`)", out=dst)
    env = medprivacy_env(pycache)
    cmd = [sys.executable, "-m", "medprivacy.cli", "deid", "dicom", str(src), "--out", str(dst)]
    cmd += ["--workers", str(workers), "--no-progress"]
    t0, c0 = time.perf_counter(), _cpu(children=True)
    done = subprocess.run(cmd, env=env, capture_output=True, text=True)
    row.seconds = time.perf_counter() - t0
    row.cpu = _cpu(children=True) - c0
    if done.returncode:
        if not dst.exists():
            row.unavailable = f"run failed (exit {done.returncode}): {_reason(done.stderr)}"
        else:
            row.notes.append(f"exit status {done.returncode}: {_reason(done.stderr)}")
    return row


def run_pydicom(src: Path, dst: Path) -> Row:
    t0, c0 = time.perf_counter(), _cpu(children=False)
    for p in _files(src):
        ds = pydicom.dcmread(p)
        out = dst / p.relative_to(src)
        out.parent.mkdir(parents=True, exist_ok=True)
        ds.save_as(out, enforce_file_format=False)
    seconds, cpu = time.perf_counter() - t0, _cpu(children=False) - c0
    row = Row(f"pydicom {pydicom.__version__} read + write, no changes (1 process)", None, seconds)
    row.cpu = cpu
    row.notes.append("floor for any pydicom tool; not scored (same content as the input)")
    return row


def run_cp(src: Path, dst: Path) -> Row:
    t0, c0 = time.perf_counter(), _cpu(children=True)
    subprocess.run(["cp", "-r", str(src), str(dst)], check=True)
    row = Row("cp -r", dst, time.perf_counter() - t0, _cpu(children=True) - c0)
    row.notes.append("the disk; its output is the untouched input")
    return row


# --------------------------------------------------------------------------- scoring

FILES_LINE = re.compile(r"files: in=(\d+) out=(\d+) matched=(\d+) missing=(\d+) unmatched=(\d+)")
LAST_LINE = re.compile(r"conformance: ([\d.]+)% leaks: (\d+) files: (\d+)")


def score(row: Row, src: Path, manifest: Path, n: int) -> None:
    """Fill conformance, leaks and the no-output note from the shared checker's report."""
    if row.out is None or not row.out.is_dir():
        return
    cmd = [sys.executable, str(CHECKER), str(src), str(row.out), "--manifest", str(manifest)]
    done = subprocess.run([*cmd, "-j", "2"], capture_output=True, text=True)
    lines = done.stdout.strip().splitlines()
    last = LAST_LINE.fullmatch(lines[-1].strip()) if lines else None
    if last is None:
        row.notes.append(f"checker failed: {_reason(done.stderr + done.stdout)}")
        return
    row.conformance, row.leaks = f"{float(last[1]):.2f}%", last[2]
    files = next((m for ln in lines if (m := FILES_LINE.search(ln))), None)
    missing, unmatched = (int(files[4]), int(files[5])) if files else (row.failed, 0)
    if missing:
        why = f": {row.error}" if row.error else ""
        row.notes.insert(0, f"{missing} of {n} files with no output{why}")
    if unmatched:
        row.notes.append(f"{unmatched} outputs matched no input")


# --------------------------------------------------------------------------- report


def _rate(n: int, row: Row | None) -> float | None:
    return n / row.seconds if row and row.seconds and not row.unavailable else None


def _fmt_rate(rate: float) -> str:
    return f"{rate:,.1f}" if rate < 100 else f"{rate:,.0f}"


def print_table(rows: list[Row], n: int) -> None:
    print(
        "| tool | files/s | CPU s | Annex E checks passed (conformance %) | "
        "PHI strings left (leaks) | notes |\n|---|---:|---:|---:|---:|---|"
    )
    for row in rows:
        if row.unavailable:
            cells = [row.name, "—", "—", "—", "—", f"not available: {row.unavailable}"]
        else:
            rate = _rate(n, row)
            cells = [
                row.name,
                _fmt_rate(rate) if rate else "—",
                f"{row.cpu:.2f}" if row.cpu is not None else "—",
                row.conformance or "—",
                row.leaks or "—",
                "; ".join(row.notes),
            ]
        print("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")


def print_ratio(label: str, n: int, num: Row | None, den: Row | None) -> None:
    """Speed of ``num`` relative to ``den``: the median of the per-round wall-time ratios (the
    two ran back to back in each round, so load changes hit both), with the range, and the
    ratio of median CPU seconds (user+sys of the whole process tree, robust to load)."""
    if not (_rate(n, num) and _rate(n, den)) or num is None or den is None:
        print(f"{label}: n/a (a row is missing or failed)")
        return
    ratios = [b / a for a, b in zip(num.walls, den.walls, strict=True)]
    line = f"{label}: {statistics.median(ratios):.2f}x"
    if len(ratios) > 1:
        line += f" (median of {len(ratios)} rounds, {min(ratios):.2f}-{max(ratios):.2f})"
    if num.cpu and den.cpu:
        line += f"; CPU {den.cpu / num.cpu:.2f}x"
    print(line)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--files", type=int, default=1000, help="corpus size (files)")
    ap.add_argument(
        "--corpus",
        choices=("shipped", "sop"),
        default="shipped",
        help="shipped: every template pydicom ships; sop: one per SOP class (11)",
    )
    ap.add_argument(
        "--series-size",
        type=int,
        default=1,
        help="copies of a template that share one study and series (1: every file its own "
        "study, as the outside review's corpus; 15: each template's copies one series)",
    )
    ap.add_argument("--workers", type=int, default=2, help="medprivacy processes")
    ap.add_argument(
        "--tools",
        default=",".join(ALL_TOOLS),
        help=f"comma-separated subset of: {', '.join(ALL_TOOLS)} (default: all)",
    )
    ap.add_argument("--setup", action="store_true", help="create missing reference venvs first")
    ap.add_argument("--setup-only", action="store_true", help="create the venvs and exit")
    ap.add_argument("--keep", action="store_true", help="keep the temporary corpus and outputs")
    ap.add_argument(
        "--rounds", type=int, default=3, help="timed rounds, tools interleaved (medians reported)"
    )
    a = ap.parse_args()
    tools = [t.strip() for t in a.tools.split(",") if t.strip()]
    unknown = sorted(set(tools) - set(ALL_TOOLS))
    if unknown:
        ap.error(f"unknown tool(s): {', '.join(unknown)}; choose from {', '.join(ALL_TOOLS)}")
    references = [t for t in REFERENCE_TOOLS if t in tools]

    if a.setup or a.setup_only:
        for tool in references:
            setup_env(tool)
        if a.setup_only:
            return

    wall0, load0 = time.perf_counter(), os.getloadavg()[0]
    tmp = Path(tempfile.mkdtemp(prefix="mp-bench-"))
    try:
        templates = shipped_templates() if a.corpus == "shipped" else TEMPLATES
        copies = max(1, a.files // len(templates))
        src = tmp / "in"
        manifest = build_corpus(
            src, copies, templates=templates, seed=1, series_size=max(1, a.series_size)
        )
        n = len(_files(src))
        mb = sum(p.stat().st_size for p in _files(src)) / 1e6

        (tmp / "out").mkdir()
        if "medprivacy" in tools:
            warm_bytecode(tmp / "pycache")
        rows: dict[str, Row] = {}
        for r in range(max(1, a.rounds)):  # tools interleaved, so load changes hit them all
            for tool in tools:  # timed one after another, nothing else of ours running
                print(f"round {r + 1}: running {tool} ...", file=sys.stderr, flush=True)
                # A new output folder per round (a fresh run, never a resumed one); outputs are
                # removed only after the timing. Removing a round's output before the next one
                # made the file system's inode allocator (ext4 skips inodes freed in the last
                # few seconds, checking each) cost up to 1 ms of system time per new file or
                # folder in the next run: the benchmark's own cleanup timed, 3x for a tool
                # writing study/series/instance folders.
                out = tmp / "out" / f"{tool}-{r + 1}"
                os.sync()  # untimed: the last run's writes are on disk, not written back in this
                if tool in REFERENCE_TOOLS:
                    row = run_reference(tool, src, out)
                elif tool == "medprivacy":
                    row = run_medprivacy(src, out, a.workers, tmp / "pycache")
                elif tool == "pydicom":
                    row = run_pydicom(src, out)
                else:
                    row = run_cp(src, out)
                kept = rows.setdefault(tool, row)
                if row.unavailable:
                    kept.unavailable = row.unavailable
                elif row.seconds is not None and row.cpu is not None:
                    kept.walls.append(row.seconds)
                    kept.cpus.append(row.cpu)
                    kept.seconds = statistics.median(kept.walls)
                    kept.cpu = statistics.median(kept.cpus)
        load1 = os.getloadavg()[0]

        if CHECKER.exists():
            for tool, row in rows.items():
                if row.out is not None and not row.unavailable:
                    print(f"scoring {tool} ...", file=sys.stderr, flush=True)
                    score(row, src, manifest, n)
        else:
            print(f"{CHECKER} not found: conformance and leaks not scored", file=sys.stderr)
            for row in rows.values():
                if row.failed:
                    row.notes.insert(0, f"{row.failed} of {n} files with no output: {row.error}")

        order = [t for t in ("medprivacy", *REFERENCE_TOOLS, "pydicom", "cp") if t in rows]
        print(
            f"corpus: {n} files ({len(templates)} templates x {copies}, "
            f"{max(1, a.series_size)} per series), {mb:.1f} MB; "
            f"{os.cpu_count()} cores; load average {load0:.2f} before, {load1:.2f} after timing; "
            f"median of {max(1, a.rounds)} interleaved round(s)"
        )
        print()
        print_table([rows[t] for t in order], n)
        print()
        get = rows.get
        print_ratio(
            "medprivacy / dcm-anonymizer files/s", n, get("medprivacy"), get("dcm-anonymizer")
        )
        print_ratio("medprivacy / pydicom read+write files/s", n, get("medprivacy"), get("pydicom"))
        print(f"wall time: {time.perf_counter() - wall0:.0f} s")
        if a.keep:
            print(f"corpus and outputs kept in {tmp}")
    finally:
        if not a.keep:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
