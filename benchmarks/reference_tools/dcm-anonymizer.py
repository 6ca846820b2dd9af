"""dcm-anonymizer (``dcm-anon``): its CLI on the whole folder, as documented.

``dcm-anon IN OUT --continue-on-error --quiet`` walks IN for ``*.dcm``, keeps the relative paths
and writes ``anonymization_audit.json`` beside the output (the checker ignores non-DICOM files).
``--quiet`` only drops its progress bar, as ``--no-progress`` does for medprivacy.
"""

import json
import logging
import sys
import warnings
from pathlib import Path

sys.path.append(str(Path(__file__).parent))  # appended: the installed packages come first

from _common import inputs, paths, report
from dcm_anon.cli import main

src, dst = paths()
logging.disable(logging.WARNING)  # one line per failed file otherwise
warnings.simplefilter("ignore")  # pydicom warns per file on the corpus's odd values
main([str(src), str(dst), "--continue-on-error", "--quiet"])
audit = json.loads((dst / "anonymization_audit.json").read_text())
errors = [f"{e['error_type']}: {e['error_message']}" for e in audit["errors"]]
report("dcm-anonymizer", len(inputs(src)), errors)
