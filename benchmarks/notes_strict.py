"""Run a held-out notes style with the scrubber in strict mode (``NotesScrubber(strict=True)``).

    python benchmarks/notes_strict.py notes_heldout_family.py --seed 9902
    python benchmarks/notes_strict.py notes_quality.py --quick

The style module is run as written; only the scrubber it builds is the strict one.
"""

from __future__ import annotations

import runpy
import sys
from pathlib import Path
from typing import Any

from medprivacy.deid.text import scrubber

HERE = Path(__file__).resolve().parent


class StrictScrubber(scrubber.NotesScrubber):
    """The default scrubber with strict mode on, whatever the style asks for."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["strict"] = True
        super().__init__(*args, **kwargs)


def main() -> None:
    if len(sys.argv) < 2:
        raise SystemExit(__doc__)
    style = HERE / Path(sys.argv[1]).name
    scrubber.NotesScrubber = StrictScrubber  # type: ignore[misc]
    sys.argv = [str(style), *sys.argv[2:]]
    sys.path.insert(0, str(HERE))
    print("strict mode: NotesScrubber(strict=True)")
    runpy.run_path(str(style), run_name="__main__")


if __name__ == "__main__":
    main()
