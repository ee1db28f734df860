"""A teacher's homework files are never lost or left inconsistent: the key a replaced set was graded with is
kept, a folder holds exactly what the last run made, two runs never mix, an interrupted run leaves the old set."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from hw_helpers import ROSTER, exact, fill_template, key_data, new_set, rounded_answers

from attntrace.cli import app

ROOT = Path(__file__).resolve().parent.parent


def _codes(out: Path) -> dict[str, str]:
    """student file -> the variant code on their template."""
    return {p.stem: tomllib.loads(p.read_text(encoding="utf-8"))["variant"]
            for p in (out / "students").glob("*.toml")}


def _consistent(out: Path) -> None:
    """Every template belongs to the key beside it, and the key has no student without a template."""
    data = key_data(out)
    assert _codes(out) == {v["file"]: v["code"] for v in data["variants"]}
    names = {p.name for p in (out / "students").iterdir()}
    assert names == {f"{v['file']}.{ext}" for v in data["variants"] for ext in ("md", "tex", "toml")}


def test_new_force_with_another_seed_keeps_the_old_key_and_says_where(runner, tmp_path):
    out = new_set(runner, tmp_path, "--seed", "1")
    old_key = (out / "key.json").read_bytes()
    result = runner.invoke(app, ["homework", "new", "--out", str(out), "--roster", str(tmp_path / "roster.csv"),
                                 "--seed", "2", "--force"])
    assert result.exit_code == 0, result.stderr
    backups = [p for p in tmp_path.iterdir() if p.name.startswith("hw.replaced-")]
    assert len(backups) == 1
    assert (backups[0] / "key.json").read_bytes() == old_key
    assert str(backups[0]) in " ".join(result.stderr.split())  # the message names the folder
    assert key_data(out)["seed"] == 2
    _consistent(out)
    _consistent(backups[0])


def test_new_without_force_refuses_a_folder_with_a_set_before_any_work(runner, tmp_path):
    out = new_set(runner, tmp_path, "--seed", "1")
    old_key = (out / "key.json").read_bytes()
    result = runner.invoke(app, ["homework", "new", "--out", str(out), "--seed", "2"])
    assert result.exit_code == 1 and "--force" in result.stderr
    assert (out / "key.json").read_bytes() == old_key
    assert sorted(p.name for p in tmp_path.iterdir()) == ["hw", "roster.csv"]


def test_new_force_with_a_smaller_roster_leaves_no_sheets_of_other_students(runner, tmp_path):
    out = new_set(runner, tmp_path)
    small = tmp_path / "small.csv"
    small.write_text("id,name\ns002,Bo\n", encoding="utf-8")
    result = runner.invoke(app, ["homework", "new", "--out", str(out), "--roster", str(small), "--force"])
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in (out / "students").iterdir()) == ["s002.md", "s002.tex", "s002.toml"]
    _consistent(out)


def test_grade_force_leaves_no_feedback_of_submissions_no_longer_given(runner, tmp_path):
    out = new_set(runner, tmp_path)
    data = key_data(out)
    subs = []
    for v in data["variants"][:2]:
        path = tmp_path / f"{v['file']}.toml"
        path.write_text(fill_template(out, v["file"], rounded_answers(exact(v))), encoding="utf-8")
        subs.append(str(path))
    fb = tmp_path / "fb"
    args = ["homework", "grade", "--key", str(out / "key.json"), "--feedback", str(fb)]
    assert runner.invoke(app, [*args, *subs]).exit_code == 0
    assert sorted(p.name for p in fb.iterdir()) == ["s001.md", "s002.md"]
    result = runner.invoke(app, [*args, subs[1], "--force"])
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in fb.iterdir()) == ["s002.md"]
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("fb")) == ["fb"]  # only feedback: gone


def test_grade_force_keeps_a_feedback_folder_that_held_other_files_and_says_so(runner, tmp_path):
    out = new_set(runner, tmp_path)
    v = key_data(out)["variants"][0]
    sub = tmp_path / "s.toml"
    sub.write_text(fill_template(out, v["file"], rounded_answers(exact(v))), encoding="utf-8")
    fb = tmp_path / "fb"
    fb.mkdir()
    (fb / "notes.txt").write_text("my notes", encoding="utf-8")
    result = runner.invoke(app, ["homework", "grade", "--key", str(out / "key.json"), str(sub), "--feedback",
                                 str(fb), "--force"])
    assert result.exit_code == 0, result.stderr
    kept = [p for p in tmp_path.iterdir() if p.name.startswith("fb.replaced-")]
    assert len(kept) == 1 and (kept[0] / "notes.txt").read_text(encoding="utf-8") == "my notes"
    assert str(kept[0]) in " ".join(result.stderr.split())
    assert sorted(p.name for p in fb.iterdir()) == ["s001.md"]


@pytest.mark.parametrize("error", [KeyboardInterrupt, lambda: OSError(28, "No space left on device")])
def test_an_interrupted_or_disk_full_new_leaves_the_old_set(runner, tmp_path, monkeypatch, error):
    out = new_set(runner, tmp_path, "--seed", "1")
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    real_open = open
    opened = {"n": 0}

    def failing_open(path, *args, **kwargs):
        if ".hw.new-" in str(path):
            opened["n"] += 1
            if opened["n"] == 5:  # half-way through the new set
                raise error()
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr("builtins.open", failing_open)
    result = runner.invoke(app, ["homework", "new", "--out", str(out), "--roster", str(tmp_path / "roster.csv"),
                                 "--seed", "2", "--force"])
    monkeypatch.undo()
    assert result.exit_code != 0 and opened["n"] == 5
    assert "Traceback" not in result.stderr
    assert {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["hw", "roster.csv"]  # no temp folder, no lock


def test_two_runs_into_one_folder_at_once_never_mix(tmp_path):
    """Two processes write sets of different seeds into one folder at the same moment, several times. Each
    either succeeds or is refused by the lock; the folder always holds one consistent set, and every set that
    was replaced is kept whole."""
    roster = tmp_path / "roster.csv"
    roster.write_text(ROSTER, encoding="utf-8")
    out = tmp_path / "hw"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "LANG": "C.UTF-8"}
    for trial in range(3):
        procs = [subprocess.Popen([sys.executable, "-m", "attntrace", "homework", "new", "--out", str(out),
                                   "--roster", str(roster), "--seed", str(seed), "--force"],
                                  env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                 for seed in (10 + trial, 20 + trial)]
        done = [(p.wait(60), p.stderr.read()) for p in procs]
        for p in procs:
            p.stdout.close()
            p.stderr.close()
        assert any(code == 0 for code, _ in done), done
        for code, err in done:
            assert code == 0 or "another run is writing" in " ".join(err.split()), err
        _consistent(out)
    for folder in tmp_path.iterdir():
        if folder.name.startswith("hw.replaced-"):
            _consistent(folder)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no lock and no temp folder left


@pytest.mark.parametrize("out", [".", "..", "/"])
def test_the_folder_one_is_in_is_never_swapped_away(runner, tmp_path, monkeypatch, out):
    here = tmp_path / "class" / "sub"
    here.mkdir(parents=True)
    monkeypatch.chdir(here)
    result = runner.invoke(app, ["homework", "new", "--out", out, "--force"])
    assert result.exit_code == 2 and "current folder" in result.stderr, result.stderr
    assert Path.cwd() == here and sorted(p.name for p in tmp_path.iterdir()) == ["class"]
