"""grand-challenge-dicom-de-identifier: its Python API with the procedure it ships.

One ``DicomDeidentifier`` for the whole corpus (its UID map is per instance, so references stay
consistent), ``deidentify_file(path, output=...)`` per file. Files of a SOP class the procedure does
not list are rejected (RejectedDICOMFileError) and get no output.
"""

import sys
from pathlib import Path

sys.path.append(str(Path(__file__).parent))  # appended: the installed packages come first

from _common import run
from grand_challenge_dicom_de_identifier.deidentifier import DicomDeidentifier

deidentifier = DicomDeidentifier()
run(
    "grand-challenge-dicom-de-identifier",
    lambda src, dst: deidentifier.deidentify_file(src, output=dst),
)
