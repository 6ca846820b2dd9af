"""dicom-anonymizer (Kitware, module ``dicomanonymizer``): what its CLI does, per file.

The ``dicom-anonymizer IN OUT`` CLI lists only the top level of a folder, so this calls the
function it calls, ``anonymize_dicom_file(in, out, {}, True)`` (default rules, private tags
deleted), on every file of the tree. Its UID map is module-level, so it spans the corpus.
"""

import sys
from pathlib import Path

sys.path.append(str(Path(__file__).parent))  # appended: the installed packages come first

from _common import run
from dicomanonymizer.simpledicomanonymizer import anonymize_dicom_file

run("dicom-anonymizer", lambda src, dst: anonymize_dicom_file(str(src), str(dst), {}, True))
