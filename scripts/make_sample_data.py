#!/usr/bin/env python3
"""Regenerate medprivacy's bundled sample data (``src/medprivacy/sample_data``).

Run from the repository root::

    python scripts/make_sample_data.py --shared ../shared

* ``ehr/``: 200 patients, chosen by a seeded random sample, from the Synthea Massachusetts
  relational EHR in ``<shared>/data/ehr/synthea_ma/`` with all of their encounters,
  conditions, medications and procedures (same columns and CSV format as the source).
* ``dicom/``: 24 small DICOM files built from test files shipped inside pydicom's wheel, given
  the identities of 8 of those 200 synthetic patients (so the demo has something to remove).
* ``README.md``: what the files are, where they came from and their licences.

Deterministic: a fixed seed, UIDs derived from fixed entropy sources, and no clock or machine
paths anywhere, so re-running it rewrites byte-identical files.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import random
import shutil
import uuid
import warnings
from dataclasses import dataclass
from pathlib import Path

import pydicom
from pydicom.data import get_testdata_file
from pydicom.dataset import Dataset

SEED = 20261123
N_PATIENTS = 200
N_DICOM_PATIENTS = 8
REFERENCE_YEAR = 2017  # patients.AGE is the age in this year
MIN_STUDY_DATE = "2000-01-01"  # imaging studies are placed on encounters from this date on
TABLES = ("patients", "encounters", "conditions", "medications", "procedures")
INSTITUTION = "Sample General Hospital"
PRIVATE_CREATOR = "SAMPLE VENDOR 1.0"
PRIVATE_GROUP = 0x0013
# Invented referring / verifying physicians (PN: family^given^middle^prefix).
PHYSICIANS = (
    "Moreau^Claire^^Dr.",
    "Okafor^Daniel^^Dr.",
    "Lindqvist^Anna^^Dr.",
    "Tanaka^Hiro^^Dr.",
    "Alvarez^Sofia^^Dr.",
    "Brennan^Patrick^^Dr.",
)

# kind -> (pydicom test file, modality written)
TEMPLATES = {
    "CT": ("CT_small.dcm", "CT"),
    "MR": ("MR_small.dcm", "MR"),
    "US": ("ExplVR_BigEnd.dcm", "US"),
    "SC": ("JPEGLSNearLossless_08.dcm", "OT"),
    "RTDOSE": ("rtdose_1frame.dcm", "RTDOSE"),
    "SR": ("test-SR.dcm", "SR"),
}


@dataclass(frozen=True)
class Series:
    kind: str
    instances: int
    description: str
    burned_in: str | None = None  # BurnedInAnnotation to write, None = leave absent


# One entry per DICOM patient: its studies as (StudyDescription, series). 24 files in all.
PLAN: list[list[tuple[str, list[Series]]]] = [
    [("CT CHEST W CONTRAST", [Series("CT", 3, "AXIAL 5MM"), Series("RTDOSE", 1, "PLAN DOSE")])],
    [("MR BRAIN WO CONTRAST", [Series("MR", 2, "T2 SE AX"), Series("MR", 1, "T2 SE AX REPEAT")])],
    [
        ("US ECHOCARDIOGRAM", [Series("US", 2, "EPICARDIAL")]),
        ("CARDIOLOGY REPORT", [Series("SR", 1, "STRUCTURED REPORT")]),
    ],
    [
        ("CT ABDOMEN PELVIS", [Series("CT", 1, "AXIAL 5MM")]),
        ("MR KNEE LEFT", [Series("MR", 2, "T2 SE SAG")]),
    ],
    [
        ("OUTSIDE IMAGES", [Series("SC", 1, "SCREEN CAPTURE", burned_in="YES")]),
        ("US ABDOMEN", [Series("US", 1, "ABDOMEN")]),
    ],
    [("MR LUMBAR SPINE", [Series("MR", 2, "T2 SE SAG"), Series("SR", 1, "PRELIMINARY REPORT")])],
    [("CT HEAD WO CONTRAST", [Series("CT", 2, "AXIAL 5MM"), Series("RTDOSE", 1, "PLAN DOSE")])],
    [
        ("US RENAL", [Series("US", 2, "KIDNEYS")]),
        ("SECONDARY CAPTURE", [Series("SC", 1, "SCREEN CAPTURE", burned_in="NO")]),
    ],
]


# --------------------------------------------------------------------------------------------
# EHR
# --------------------------------------------------------------------------------------------
def read_table(path: Path) -> tuple[list[str], list[list[str]]]:
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    return rows[0], rows[1:]


def write_table(path: Path, header: list[str], rows: list[list[str]]) -> None:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    path.write_bytes(buf.getvalue().encode("utf-8"))


def subset_ehr(src: Path, dst: Path) -> tuple[dict[str, list[str]], dict[str, list[str]], dict]:
    """Write the five tables for a seeded sample of patients; return patients and encounters."""
    tables = {name: read_table(src / f"{name}.csv") for name in TABLES}
    p_head, p_rows = tables["patients"]
    ids = [row[p_head.index("ID")] for row in p_rows]
    chosen = set(random.Random(SEED).sample(ids, N_PATIENTS))

    out: dict[str, list[list[str]]] = {}
    out["patients"] = [r for r in p_rows if r[p_head.index("ID")] in chosen]
    e_head, e_rows = tables["encounters"]
    out["encounters"] = [r for r in e_rows if r[e_head.index("PATIENT")] in chosen]
    kept_encounters = {r[e_head.index("ID")] for r in out["encounters"]}
    dropped = {}
    for name in ("conditions", "medications", "procedures"):
        head, rows = tables[name]
        mine = [r for r in rows if r[head.index("PATIENT")] in chosen]
        out[name] = [r for r in mine if r[head.index("ENCOUNTER")] in kept_encounters]
        dropped[name] = len(mine) - len(out[name])  # rows whose encounter is missing (none)

    dst.mkdir(parents=True, exist_ok=True)
    for name in TABLES:
        write_table(dst / f"{name}.csv", tables[name][0], out[name])

    patients = {r[p_head.index("ID")]: dict(zip(p_head, r, strict=True)) for r in out["patients"]}
    encounters: dict[str, list[str]] = {pid: [] for pid in patients}
    for r in out["encounters"]:
        encounters[r[e_head.index("PATIENT")]].append(r[e_head.index("DATE")])
    counts = {name: len(rows) for name, rows in out.items()}
    return patients, encounters, {"counts": counts, "dropped": dropped}


def birth_date(patient: dict[str, str]) -> dt.date:
    """BIRTHDATE is M/D/YY; the century is the one that agrees with AGE (age in 2017)."""
    month, day, yy = (int(x) for x in patient["BIRTHDATE"].split("/"))
    age = int(patient["AGE"])
    years = [c + yy for c in (1800, 1900, 2000) if REFERENCE_YEAR - (c + yy) in (age, age + 1)]
    if len(years) != 1:
        raise ValueError(f"cannot date birth {patient['BIRTHDATE']!r} with age {age}")
    return dt.date(years[0], month, day)


# --------------------------------------------------------------------------------------------
# DICOM
# --------------------------------------------------------------------------------------------
def uid(*parts: object) -> str:
    """A fresh, deterministic UUID-derived UID (2.25.<int>, ISO/IEC 9834-8).

    pydicom's ``generate_uid(prefix=None, entropy_srcs=...)`` ignores the entropy sources and
    returns a random UUID, so the name-based UUID is built here instead.
    """
    name = "|".join(["medprivacy sample data", str(SEED), *(str(p) for p in parts)])
    return f"2.25.{uuid.uuid5(uuid.NAMESPACE_OID, name).int}"


def da(date: dt.date) -> str:
    return date.strftime("%Y%m%d")


def tm(seconds: int) -> str:
    seconds %= 24 * 3600
    return f"{seconds // 3600:02d}{seconds // 60 % 60:02d}{seconds % 60:02d}"


def age_at(birth: dt.date, when: dt.date) -> str:
    years = when.year - birth.year - ((when.month, when.day) < (birth.month, birth.day))
    return f"{max(years, 0):03d}Y"


def set_if_present(ds: Dataset, keyword: str, value: object) -> None:
    if keyword in ds:
        setattr(ds, keyword, value)


def build_instance(
    kind: str,
    *,
    patient: dict[str, str],
    birth: dt.date,
    study: dict,
    series: dict,
    number: int,
    burned_in: str | None,
) -> Dataset:
    template, modality = TEMPLATES[kind]
    ds = pydicom.dcmread(get_testdata_file(template))
    # Group lengths are retired in the data set and would be wrong after our edits.
    for tag in [elem.tag for elem in ds if elem.tag.element == 0]:
        del ds[tag]
    ds.pop("OtherPatientIDsSequence", None)  # the template's own identifiers

    date: dt.date = study["date"]
    sop_uid = uid("instance", patient["ID"], study["index"], series["index"], number)
    second = series["time"] + number

    # Patient
    ds.PatientName = f"{patient['LAST']}^{patient['FIRST']}"
    ds.PatientID = patient["ID"]
    ds.PatientBirthDate = da(birth)
    ds.PatientSex = patient["GENDER"]
    ds.PatientAge = age_at(birth, date)
    # Study
    ds.StudyInstanceUID = study["uid"]
    ds.StudyDate = da(date)
    ds.StudyTime = tm(study["time"])
    ds.AccessionNumber = study["accession"]
    ds.StudyID = study["id"]
    ds.ReferringPhysicianName = study["referrer"]
    ds.StudyDescription = study["description"]
    # Series / equipment
    ds.Modality = modality
    ds.SeriesInstanceUID = series["uid"]
    ds.SeriesNumber = series["index"] + 1
    ds.SeriesDate = da(date)
    ds.SeriesTime = tm(series["time"])
    ds.SeriesDescription = series["description"]
    ds.InstitutionName = INSTITUTION
    if "FrameOfReferenceUID" in ds:
        ds.FrameOfReferenceUID = study["frame_uid"]
    # Instance
    ds.SOPInstanceUID = sop_uid
    ds.file_meta.MediaStorageSOPInstanceUID = sop_uid
    ds.InstanceNumber = number
    ds.ContentDate = da(date)
    ds.ContentTime = tm(second)
    for keyword in ("AcquisitionDate", "InstanceCreationDate"):
        set_if_present(ds, keyword, da(date))
    for keyword in ("AcquisitionTime", "InstanceCreationTime"):
        set_if_present(ds, keyword, tm(second))

    if kind == "SC":
        ds.ConversionType = "WSD"
    if burned_in is not None:
        ds.BurnedInAnnotation = burned_in
    if kind == "SR":
        when = da(date) + tm(second)
        ds.ObservationDateTime = when
        for i, item in enumerate(ds.VerifyingObserverSequence):
            item.VerifyingObserverName = PHYSICIANS[(study["physician"] + 1 + i) % len(PHYSICIANS)]
            item.VerifyingOrganization = INSTITUTION
            item.VerificationDateTime = when
        for item in ds.PredecessorDocumentsSequence:  # an earlier draft, not included
            item.StudyInstanceUID = study["uid"]
            for ref_series in item.ReferencedSeriesSequence:
                ref_series.SeriesInstanceUID = series["uid"]
                for ref in ref_series.ReferencedSOPSequence:
                    ref.ReferencedSOPInstanceUID = uid("sr-draft", sop_uid)
    if kind == "RTDOSE":
        for ref in ds.ReferencedRTPlanSequence:  # the plan itself is not included
            ref.ReferencedSOPInstanceUID = uid("rtplan", study["uid"])

    # Private block, so the demo shows vendor-private data being removed.
    block = ds.private_block(PRIVATE_GROUP, PRIVATE_CREATOR, create=True)
    block.add_new(0x10, "LO", f"{patient['FIRST']} {patient['LAST']}")
    return ds


def make_dicom(
    dst: Path, patients: dict[str, dict[str, str]], encounters: dict[str, list[str]]
) -> list[dict]:
    rng = random.Random(SEED + 1)
    eligible = [
        pid
        for pid in patients  # file order, then a seeded sample
        if sum(d >= MIN_STUDY_DATE for d in encounters[pid]) >= 2
    ]
    chosen = rng.sample(eligible, N_DICOM_PATIENTS)
    written = []
    for p_index, (pid, studies) in enumerate(zip(chosen, PLAN, strict=True)):
        patient = patients[pid]
        birth = birth_date(patient)
        dates = sorted(
            rng.sample(sorted({d for d in encounters[pid] if d >= MIN_STUDY_DATE}), len(studies))
        )
        for s_index, ((description, series_list), date) in enumerate(
            zip(studies, dates, strict=True)
        ):
            physician = rng.randrange(len(PHYSICIANS))
            study = {
                "index": s_index,
                "uid": uid("study", pid, s_index),
                "frame_uid": uid("frame-of-reference", pid, s_index),
                "date": dt.date.fromisoformat(date),
                "time": rng.randrange(8 * 3600, 17 * 3600),
                "accession": f"SGH{rng.randrange(10**6, 10**7)}",
                "id": str(rng.randrange(1000, 10000)),
                "physician": physician,
                "referrer": PHYSICIANS[physician],
                "description": description,
            }
            number = 0  # file name within the study directory
            for r_index, spec in enumerate(series_list):
                series = {
                    "index": r_index,
                    "uid": uid("series", pid, s_index, r_index),
                    "time": study["time"] + 60 * (5 + 10 * r_index),
                    "description": spec.description,
                }
                for i in range(1, spec.instances + 1):
                    ds = build_instance(
                        spec.kind,
                        patient=patient,
                        birth=birth,
                        study=study,
                        series=series,
                        number=i,
                        burned_in=spec.burned_in,
                    )
                    path = dst / str(p_index) / str(s_index) / f"{number}.dcm"
                    path.parent.mkdir(parents=True, exist_ok=True)
                    ds.save_as(path, enforce_file_format=False)
                    number += 1
                    written.append(
                        {
                            "path": path.relative_to(dst).as_posix(),
                            "kind": spec.kind,
                            "burned_in": spec.burned_in,
                        }
                    )
    return written


# --------------------------------------------------------------------------------------------
# README
# --------------------------------------------------------------------------------------------
README = """\
# medprivacy sample data

Small, redistributable inputs for `make demo` and for trying the toolkit. Every identity here
(names, IDs, birth dates, addresses, visits) is a synthetic Synthea patient or invented; none
belongs to a real person. Regenerate it (byte-identical) with

    python scripts/make_sample_data.py --shared ../shared

from the repository root, where `../shared/data/ehr/synthea_ma/` holds the Synthea export
described below. The script uses a fixed seed ({seed}); nothing depends on the clock.

## `ehr/` — relational EHR, {patients} synthetic patients

Five CSV tables (UTF-8, header row, same columns and format as the source):

| file | rows |
|---|---|
{table_rows}

Patients are a seeded random sample of `patients.ID` from an early Synthea Massachusetts CSV
export (about 2017; dates 1910s–2017); each table keeps every row of those patients, so every
foreign key resolves (`encounters.PATIENT` → `patients.ID`; `conditions`, `medications` and
`procedures` → `patients.ID` and `encounters.ID`). Columns: `patients` ID, BIRTHDATE (M/D/YY,
2-digit year: AGE, the age in 2017, gives the century), DEATHDATE, SSN, DRIVERS, PASSPORT, PREFIX,
FIRST, LAST, SUFFIX, MAIDEN, MARITAL, RACE, GENDER, BIRTHPLACE, ADDRESS, AGE; `encounters` ID,
DATE, PATIENT, CODE, DESCRIPTION, REASONCODE, REASONDESCRIPTION; `conditions` START, STOP,
PATIENT, ENCOUNTER, CODE (SNOMED-CT), DESCRIPTION; `medications` START, STOP, PATIENT, ENCOUNTER,
CODE (RxNorm), DESCRIPTION, REASONCODE, REASONDESCRIPTION; `procedures` DATE, PATIENT, ENCOUNTER,
CODE (SNOMED-CT), DESCRIPTION, REASONCODE, REASONDESCRIPTION.

**Source and licence.** Generated by [Synthea](https://github.com/synthetichealth/synthea)
(The MITRE Corporation, Apache License 2.0). Synthea's patients are simulated: names, SSNs,
addresses and histories belong to no real person (the SSNs are in the invalid 999- range). The
export used is the one redistributed publicly in the GitHub repository `cindysi21/MassHealth`
(folder `data/`); the only change made before sampling was dropping a leading unnamed pandas
index column. Please cite "Synthea, MITRE" when redistributing.

## `dicom/` — {n_dicom} DICOM files, {n_dicom_patients} patients

Layout `dicom/<patient>/<study>/<n>.dcm` (indices only; names and IDs never appear in paths).
Each patient has 1–2 studies, each study 1–2 series of 1–3 instances:

| template (pydicom test file) | modality | files |
|---|---|---|
{template_rows}

The headers carry the identities of {n_dicom_patients} of the synthetic Synthea patients in
`ehr/`: PatientName (`LAST^FIRST`), PatientID (`patients.ID`), PatientBirthDate, PatientSex,
PatientAge, and study/series/content dates taken from that patient's encounter dates. Also set:
invented ReferringPhysicianName (and, in the SR files, verifying observers), InstitutionName
"{institution}", AccessionNumber, StudyID, fresh StudyInstanceUID / SeriesInstanceUID /
SOPInstanceUID / FrameOfReferenceUID (deterministic `2.25.` UIDs), and a private block (creator
"{creator}", group {group:04X}) whose LO value repeats the patient's name — so a de-identification
run has direct identifiers, dates, UIDs and private data to remove.

For the safety checks: exactly one file (a secondary capture, `dicom/{burned_path}`) has
`BurnedInAnnotation = YES`, so a de-identifier must quarantine it rather than release it; the
ultrasound files and the other secondary capture (`BurnedInAnnotation = NO`) are of kinds whose
pixels often carry burned-in text, so they should be released but flagged for pixel review.

Pixel data and transfer syntaxes are the templates' own, unchanged (CT, MR and SR explicit VR
little endian; US explicit VR big endian; RT dose implicit VR little endian; the secondary
capture JPEG-LS near-lossless). Other template attributes (equipment, acquisition parameters,
the SR document content and the CT's vendor-private GE elements) are left as they were.

**Source and licence.** The templates are test files that ship inside pydicom's wheel
(`pydicom/data/test_files/`), distributed under pydicom's MIT licence (Copyright (c) 2008-2020
Darcy Mason and pydicom contributors). pydicom's `test_files/README.txt` says the images were
obtained for testing, often downsized, and in some cases binary-edited to replace anything that
looks like a real patient name, and that its author believes there is no restriction on using
them in this manner. For the templates used here it records: `CT_small.dcm` downsized to 128x128
from NEMA WG04 'CT1_UNC'; `MR_small.dcm` downsized to 64x64 from NEMA WG04 'MR1_UNC';
`ExplVR_BigEnd.dcm` a big-endian RGB image downsized to 60x80 from 'US-RGB-8-epicard'
(barre.nom.fr sample images); `rtdose*.dcm` created by a commercial radiotherapy planning system
and modified (the single-frame version by a pydicom script, PR #714); `test-SR.dcm` the DCMTK
(OFFIS) DICOMscope structured-reporting example. `JPEGLSNearLossless_08.dcm` is not described
in that README (its file meta names pydicom 3.0.0 as the writing implementation). None of the
templates used is among the GDCM-derived files that the README lists under GDCM's BSD-style
licence. The templates' original patient names and IDs are all replaced; the SR's verifying
observers are replaced with invented names.
"""


def make_notes(dst: Path, patients: dict[str, dict[str, str]], n: int = 24) -> int:
    """A small notes table written for sample patients (realistic, generated PHI)."""
    from medprivacy.testing.notes_corpus import generate_notes

    rows = [patients[pid] for pid in sorted(patients)[:12]]
    notes = generate_notes(n, seed=SEED, patients=rows)
    by_name = {(r["FIRST"], r["LAST"]): r["ID"] for r in rows}
    out = []
    for i, note in enumerate(notes):
        ctx = note.context
        pid = ctx.get("ID") or by_name.get((str(ctx.get("FIRST")), str(ctx.get("LAST"))))
        out.append(
            [f"note-{i + 1:03d}", str(pid or rows[i % len(rows)]["ID"]), note.kind, note.text]
        )
    write_table(dst / "notes.csv", ["NOTE_ID", "PATIENT", "KIND", "TEXT"], out)
    return len(out)


def write_readme(dst: Path, ehr: dict, dicom: list[dict], n_patients: int) -> None:
    table_rows = "\n".join(f"| `{name}.csv` | {ehr['counts'][name]:,} |" for name in TABLES)
    template_rows = "\n".join(
        f"| `{TEMPLATES[kind][0]}` | {TEMPLATES[kind][1]} | "
        f"{sum(f['kind'] == kind for f in dicom)} |"
        for kind in TEMPLATES
    )
    burned = [f["path"] for f in dicom if f["burned_in"] == "YES"]
    if len(burned) != 1:
        raise ValueError(f"expected exactly one BurnedInAnnotation=YES file, got {len(burned)}")
    text = README.format(
        burned_path=burned[0],
        seed=SEED,
        patients=n_patients,
        table_rows=table_rows,
        n_dicom=len(dicom),
        n_dicom_patients=N_DICOM_PATIENTS,
        template_rows=template_rows,
        institution=INSTITUTION,
        creator=PRIVATE_CREATOR,
        group=PRIVATE_GROUP,
    )
    (dst / "README.md").write_bytes(text.encode("utf-8"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--shared",
        type=Path,
        default=Path("../shared"),
        help="the shared data folder (default ../shared)",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=Path("src/medprivacy/sample_data"),
        help="output folder (default src/medprivacy/sample_data)",
    )
    args = parser.parse_args()
    # test-SR.dcm carries a deliberately non-conformant UI in its content tree; we keep it.
    warnings.filterwarnings("ignore", message="Invalid value for VR UI", category=UserWarning)

    src = args.shared / "data" / "ehr" / "synthea_ma"
    out: Path = args.out
    for sub in ("ehr", "dicom"):  # start clean so no stale file survives a re-run
        shutil.rmtree(out / sub, ignore_errors=True)
    patients, encounters, ehr = subset_ehr(src, out / "ehr")
    if any(ehr["dropped"].values()):
        print(f"note: rows dropped for a missing encounter: {ehr['dropped']}")
    dicom = make_dicom(out / "dicom", patients, encounters)
    n_notes = make_notes(out / "ehr", patients)
    print(f"notes: {n_notes}")
    write_readme(out, ehr, dicom, len(patients))
    counts = ", ".join(f"{name} {n}" for name, n in ehr["counts"].items())
    print(f"ehr: {counts}; dicom: {len(dicom)} files -> {out}")


if __name__ == "__main__":
    main()
