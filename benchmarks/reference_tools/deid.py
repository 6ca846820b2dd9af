"""deid (pydicom/deid): ``replace_identifiers`` with the default recipe.

The default recipe (``DeidRecipe()``, deid.dicom) is parsed once and passed in, which is what
``replace_identifiers(deid=None)`` builds for every file; other arguments are the defaults (private
tags kept, sequences not stripped). The returned dataset is saved to the same relative path
(``save=True`` would flatten the tree into one folder).
"""

import sys
from pathlib import Path

sys.path.append(str(Path(__file__).parent))  # appended: the installed packages come first

from _common import run
from deid.config import DeidRecipe
from deid.dicom import replace_identifiers
from deid.logger import bot
from deid.logger.message import QUIET

bot.level = QUIET  # it logs several lines per file at its default level
recipe = DeidRecipe()


def deidentify(src: Path, dst: Path) -> None:
    (ds,) = replace_identifiers(dicom_files=[str(src)], deid=recipe)
    ds.save_as(dst)


run("deid", deidentify)
