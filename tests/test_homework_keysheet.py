"""The key for people: `attntrace show/verify key.json --variant`, and `homework key-sheet` for TAs."""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import numpy as np
import pytest
from hw_helpers import exact, key_data, new_set

from attntrace.cli import app


@pytest.fixture(scope="module")
def hw(tmp_path_factory):
    from typer.testing import CliRunner

    out = new_set(CliRunner(), tmp_path_factory.mktemp("hw"))
    return out, key_data(out)


@pytest.mark.parametrize("pick", ["id", "code", "code-lower", "file"])
def test_show_reads_a_variant_out_of_the_key(run, hw, pick):
    out, data = hw
    v = data["variants"][2]
    ref = {"id": v["id"], "code": v["code"], "code-lower": v["code"].lower(), "file": v["file"]}[pick]
    result = run("show", str(out / "key.json"), "--variant", ref, "--steps", "weights", "--precision", "4")
    assert result.exit_code == 0, result.output
    assert v["id"] in result.stderr and v["code"] in result.stderr  # says which variant it shows
    w = exact(v)["weights"]
    for row in w:  # the table holds that variant's weights, to 4 places
        assert all(f"{x:.4f}" in result.stdout for x in row)


def test_show_writes_a_variant_as_a_trace_a_student_can_check_against(run, hw, tmp_path):
    # A teacher (or a TA) gets one variant's numbers as a trace file: the same numbers as the key holds.
    from attntrace import Trace

    out, data = hw
    v = data["variants"][1]
    for option, name in (("--json", "v.json"), ("--npz", "v.npz")):
        path = tmp_path / name
        result = run("show", str(out / "key.json"), "--variant", v["id"], option, str(path), "--quiet")
        assert result.exit_code == 0, result.output
        written = Trace.load(str(path))
        for short, expected in exact(v).items():
            found = written.step(short if short == "X" else f"blocks.0.attn.{short}")
            np.testing.assert_allclose(found if short == "X" else found[0], expected, rtol=1e-12, atol=1e-12)
    assert run("verify", str(tmp_path / "v.json")).exit_code == 0


def test_verify_reads_a_variant_and_finds_it_right(run, hw):
    out, data = hw
    result = run("verify", str(out / "key.json"), "--variant", data["variants"][0]["id"])
    assert result.exit_code == 0, result.output


def test_a_key_of_many_variants_needs_variant(run, hw):
    out, data = hw
    result = run("show", str(out / "key.json"))
    assert result.exit_code == 2 and "--variant" in result.stderr and data["variants"][0]["id"] in result.stderr
    result = run("show", str(out / "key.json"), "--variant", "nobody")
    assert result.exit_code == 2 and "'nobody'" in result.stderr and "Traceback" not in result.output


def test_a_key_of_one_variant_needs_none(run, runner, tmp_path):
    result = runner.invoke(app, ["homework", "new", "--out", str(tmp_path / "one")])
    assert result.exit_code == 0, result.output
    result = run("show", str(tmp_path / "one" / "key.json"), "--steps", "Q")
    assert result.exit_code == 0, result.output


def test_variant_on_a_plain_trace_is_a_usage_error(run, tmp_path):
    run("explain", "Hello world", "--json", str(tmp_path / "t.json"), "-q")
    result = run("show", str(tmp_path / "t.json"), "--variant", "s001")
    assert result.exit_code == 2 and "--variant" in result.stderr


def test_a_broken_key_is_reported_not_raised(run, hw, tmp_path):
    out, _data = hw
    data = json.loads((out / "key.json").read_text(encoding="utf-8"))
    data["variants"][0]["trace"]["steps"] = data["variants"][0]["trace"]["steps"][:3]
    (tmp_path / "key.json").write_text(json.dumps(data), encoding="utf-8")
    result = run("show", str(tmp_path / "key.json"), "--variant", "s001")
    assert result.exit_code == 1 and "variants[0]" in result.stderr and "Traceback" not in result.output


def _cells(md: str, heading: str) -> list[list[str]]:
    """The body cells of the first Markdown table after a heading that starts with `heading`."""
    part = md.split(heading, 1)[1]
    rows = [line for line in part.split("\n\n", 2)[1].splitlines() if line.startswith("| **")]
    return [[c.strip() for c in row.split("|")[2:-1]] for row in rows]


def test_key_sheet_writes_every_variant_with_exact_answers(runner, hw, tmp_path):
    out, data = hw
    result = runner.invoke(app, ["homework", "key-sheet", "--key", str(out / "key.json"), "--out",
                                 str(tmp_path / "keys")])
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in (tmp_path / "keys").iterdir())
    assert names == sorted([f"{v['file']}.{e}" for v in data["variants"] for e in ("md", "tex")]
                           + ["_all.md", "_all.tex"])
    for v in data["variants"]:
        md = (tmp_path / "keys" / f"{v['file']}.md").read_text(encoding="utf-8")
        ex = exact(v)
        assert v["code"] in md and v["id"] in md
        for k, step in enumerate(data["ask"], 1):
            cells = np.array(_cells(md, f"### {k}. "), dtype=float)
            assert np.array_equal(cells, np.round(ex[step], 2) + 0.0), step  # to the key's 2 decimals
    all_md = (tmp_path / "keys" / "_all.md").read_text(encoding="utf-8")
    assert all(v["code"] in all_md for v in data["variants"])
    tex = (tmp_path / "keys" / "_all.tex").read_text(encoding="utf-8")
    assert tex.count(r"\clearpage") == len(data["variants"]) and "xeCJK" in tex  # 王小明


def test_key_sheet_tolerance_is_what_grading_allows(runner, hw, tmp_path):
    from attntrace.homework import key_loads, tolerances

    out, data = hw
    runner.invoke(app, ["homework", "key-sheet", "--key", str(out / "key.json"), "--out", str(tmp_path / "k"),
                        "--variant", "s001"])
    md = (tmp_path / "k" / "s001.md").read_text(encoding="utf-8")
    key = key_loads((out / "key.json").read_text(encoding="utf-8"))
    tol = tolerances(key.variants["s001"][2], key.ask, key.rules)
    assert "Right within ±0.005 of the exact value" in md  # Q: whole numbers, right to 2 places
    z = md.split(f"### {len(data['ask'])}. ", 1)[1]
    assert not np.isclose(tol["Z"].min(), tol["Z"].max())  # rounded weights carried into Z: a table per cell
    shown = np.array([[c.strip() for c in row.split("|")[2:-1]] for row in z.split("\n\n")[3].splitlines()
                      if row.startswith("| **")], dtype=float)
    assert np.allclose(shown, tol["Z"], rtol=5e-3)


def test_key_sheet_variant_options(runner, hw, tmp_path):
    out, data = hw
    v = data["variants"][1]
    result = runner.invoke(app, ["homework", "key-sheet", "--key", str(out / "key.json"), "--out",
                                 str(tmp_path / "k"), "--variant", v["id"], "--variant", v["code"]])
    assert result.exit_code == 0 and sorted(p.name for p in (tmp_path / "k").iterdir()) == [
        f"{v['file']}.md", f"{v['file']}.tex"]  # one variant named twice: once, and no _all file
    result = runner.invoke(app, ["homework", "key-sheet", "--key", str(out / "key.json"), "--out",
                                 str(tmp_path / "k2"), "--variant", "nobody"])
    assert result.exit_code == 2 and "nobody" in result.stderr and not (tmp_path / "k2").exists()
    result = runner.invoke(app, ["homework", "key-sheet", "--key", str(out / "key.json"), "--out",
                                 str(tmp_path / "k")])
    assert result.exit_code == 1 and "--force" in result.stderr  # a folder of keys is never overwritten silently


def test_key_sheet_in_chinese(runner, hw, tmp_path):
    out, _data = hw
    runner.invoke(app, ["homework", "key-sheet", "--key", str(out / "key.json"), "--out", str(tmp_path / "k"),
                        "--variant", "s003", "--lang", "zh"])
    md = (tmp_path / "k" / "s003.md").read_text(encoding="utf-8")
    assert md.startswith("# 答案：s003") and re.search(r"\d+ 分", md)


@pytest.mark.skipif(shutil.which("pdflatex") is None, reason="pdflatex is not installed")
def test_english_key_compiles_with_pdflatex(runner, hw, tmp_path):
    out, _data = hw
    runner.invoke(app, ["homework", "key-sheet", "--key", str(out / "key.json"), "--out", str(tmp_path / "k"),
                        "--variant", "s001"])
    done = subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "s001.tex"],
                          cwd=tmp_path / "k", capture_output=True, timeout=300)
    if b"I can't find the format file" in done.stdout:
        pytest.skip("pdflatex's format file is not built")
    assert done.returncode == 0, done.stdout[-2000:]
