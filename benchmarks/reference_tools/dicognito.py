"""dicognito: the ``Anonymizer`` its CLI runs, with the CLI's save.

The ``dicognito`` CLI names outputs by the new SOPInstanceUID and stops at the first file that
raises, so this runs the same steps per file instead: ``Anonymizer()`` (CLI defaults: no id
prefix/suffix, random seed) for the whole corpus, ``anonymize(ds)``, then
``save_as(..., enforce_file_format=True)`` as its SaveToSOPInstanceUID filter does.
"""

import sys
from pathlib import Path

sys.path.append(str(Path(__file__).parent))  # appended: the installed packages come first

import pydicom
from _common import run
from dicognito.anonymizer import Anonymizer

anonymizer = Anonymizer()


def deidentify(src: Path, dst: Path) -> None:
    with pydicom.dcmread(src, force=False) as ds:
        anonymizer.anonymize(ds)
        ds.save_as(dst, enforce_file_format=True)


run("dicognito", deidentify)
