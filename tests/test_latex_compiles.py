"""The LaTeX sheets compile: pdflatex for a Latin-script sheet, xelatex for one with Chinese.

Skipped, saying so, where no TeX engine is installed (`apt-get install texlive-latex-base texlive-xetex
texlive-lang-chinese` brings them), or where the engine is installed but its format file is not built yet
(Debian builds formats in a trigger after the install; until then every run fails with "I can't find the
format file"), so the result never depends on the order the packages were set up in."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

STUDENTS = Path(__file__).resolve().parent.parent / "samples" / "homework" / "hw" / "students"


def _engine(tex: str) -> str:
    return "xelatex" if "xeCJK" in tex else "pdflatex"


FORMAT_ENGINES = {"pdflatex": "pdftex", "xelatex": "xetex"}


def _format_missing(engine: str) -> bool:
    """True when the engine's format file (pdflatex.fmt, xelatex.fmt) cannot be found by kpathsea."""
    if shutil.which("kpsewhich") is None:
        return True
    found = subprocess.run(["kpsewhich", f"-engine={FORMAT_ENGINES[engine]}", f"{engine}.fmt"],
                           capture_output=True, text=True, timeout=60)
    return found.returncode != 0 or not found.stdout.strip()


@pytest.mark.parametrize("sheet", sorted(p.name for p in STUDENTS.glob("*.tex")))
def test_sample_sheet_compiles(sheet, tmp_path):
    tex = (STUDENTS / sheet).read_text(encoding="utf-8")
    engine = _engine(tex)
    if shutil.which(engine) is None:
        pytest.skip(f"{engine} is not installed, so the LaTeX sheets are not compiled here")
    if _format_missing(engine):
        pytest.skip(f"{engine} is installed but its format file {engine}.fmt is not built yet "
                    f"(`fmtutil-sys --byfmt {engine}` builds it), so the LaTeX sheets are not compiled here")
    (tmp_path / sheet).write_text(tex, encoding="utf-8")
    result = subprocess.run([engine, "-interaction=nonstopmode", "-halt-on-error", sheet], cwd=tmp_path,
                            capture_output=True, text=True, timeout=180)
    errors = [line for line in result.stdout.splitlines() if line.startswith("!")]
    assert result.returncode == 0, f"{engine} {sheet} failed: {errors}"
    assert (tmp_path / sheet).with_suffix(".pdf").exists()
