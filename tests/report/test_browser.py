"""Both pages in a real browser (Debian's headless chromium): the screenshot is not blank, every
image loads, and the review's decision is on the first screen. Without chromium: skipped."""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from .conftest import make_run
from .helpers import build

BROWSER = next((b for b in ("chromium", "chromium-browser") if shutil.which(b)), None)
SCREEN = (1280, 900)
PROBE = """<script>addEventListener('load', () => {
  const imgs = [...document.images];
  const broken = imgs.filter(i => !i.complete || i.naturalWidth === 0).length;
  const d = document.getElementById('decision') || document.querySelector('h1');
  document.body.setAttribute('data-probe', JSON.stringify({images: imgs.length, broken,
    top: d.getBoundingClientRect().bottom, height: innerHeight, text: d.textContent}));
});</script>"""

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        BROWSER is None, reason="chromium not installed (make system-deps installs Debian's)"
    ),
]


def _chromium(*args: str) -> str:
    cmd = [
        str(BROWSER),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--hide-scrollbars",
        f"--window-size={SCREEN[0]},{SCREEN[1]}",
        "--virtual-time-budget=5000",
        *args,
    ]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=True).stdout


def _probe(page: Path, tmp: Path) -> dict:
    """Load a copy of ``page`` with a probe script appended; read what it found from the DOM."""
    probe = tmp / f"probe-{page.name}"
    probe.write_text(page.read_text().replace("</body>", PROBE + "</body>"))
    dom = _chromium("--dump-dom", probe.as_uri())
    found = re.search(r'data-probe="([^"]*)"', dom)
    assert found, f"the probe did not run in {page.name}"
    return json.loads(html.unescape(found.group(1)))


def _screenshot(page: Path, tmp: Path) -> dict[tuple[int, ...], int]:
    """The first screen of ``page``: pixel count by colour."""
    from PIL import Image

    shot = tmp / f"{page.stem}.png"
    _chromium(f"--screenshot={shot}", page.as_uri())
    with Image.open(shot) as img:
        colours = img.convert("RGB").getcolors(maxcolors=1 << 22) or []
    return {tuple(rgb): n for n, rgb in colours}  # type: ignore[arg-type]


def test_pages_render_in_chromium_with_the_decision_on_the_first_screen(tmp_path: Path) -> None:
    run = make_run(tmp_path / "run", attack_verdict="fail")
    build(run)
    review, readme = run / "private" / "review.html", run / "release" / "README.html"
    for page in (review, readme):
        probe = _probe(page, tmp_path)
        assert probe["images"] >= 1 and probe["broken"] == 0, page.name
        assert probe["top"] <= probe["height"], f"{page.name}: heading below the first screen"
        colours = _screenshot(page, tmp_path)
        assert len(colours) > 20, f"{page.name}: blank screenshot"
        if page is review:
            assert probe["text"] == "BLOCKED"
            assert colours.get((0xC6, 0x28, 0x28), 0) > 10_000  # the red decision banner
