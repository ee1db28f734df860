"""Helpers for the homework tests: make a class set into a folder, fill submissions from the key."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import numpy as np

ROSTER = "id,name\ns001,Ann Lee\ns002,\"O'Brien & Co_1\"\ns003,王小明\ns004,Bo\n"
ASK = ("Q", "K", "V", "scores", "scaled", "weights", "Z")
POINTS = {"Q": 1, "K": 1, "V": 1, "scores": 2, "scaled": 1, "weights": 2, "Z": 2}  # the default points


def new_set(runner, tmp: Path, *args: str, roster: str = ROSTER) -> Path:
    from attntrace.cli import app

    tmp.mkdir(parents=True, exist_ok=True)
    (tmp / "roster.csv").write_text(roster, encoding="utf-8")
    out = tmp / "hw"
    result = runner.invoke(app, ["homework", "new", "--out", str(out), "--roster", str(tmp / "roster.csv"), *args],
                           catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    return out


def class_set(tmp_path_factory, students: int, seed: int):
    """A class of `students` (s000, s001, ...) made with `homework new --seed`: (folder, key JSON, Key)."""
    from typer.testing import CliRunner

    from attntrace.homework import key_loads

    roster = "id,name\n" + "".join(f"s{i:03d},Student {i}\n" for i in range(students))
    out = new_set(CliRunner(), tmp_path_factory.mktemp("hw"), "--seed", str(seed), roster=roster)
    return out, key_data(out), key_loads((out / "key.json").read_text(encoding="utf-8"))


def key_data(out: Path) -> dict:
    return json.loads((out / "key.json").read_text(encoding="utf-8"))


def exact(variant: dict) -> dict[str, np.ndarray]:
    """The key's exact values of the asked steps, without the head axis, from the embedded trace JSON."""
    steps = {s["name"]: np.array(s["data"], dtype=float) for s in variant["trace"]["steps"]}
    out = {"X": steps["X"]}
    for s in ("W_Q", "W_K", "W_V", *ASK):
        out[s] = steps["blocks.0.attn." + s][0]
    return out


def fill_template(out: Path, file: str, answers: dict[str, np.ndarray]) -> str:
    """The student's TOML template with the zeros replaced by `answers` (the template's own layout)."""
    template = tomllib.loads((out / "students" / f"{file}.toml").read_text(encoding="utf-8"))
    lines = [f"student_id = {json.dumps(template['student_id'], ensure_ascii=False)}",
             f"variant = {json.dumps(template['variant'])}", "", "[answers]"]
    for name, zeros in template["answers"].items():
        value = np.asarray(answers[name], dtype=float)
        assert value.shape == np.array(zeros).shape, name
        lines.append(f"{name} = {json.dumps(value.tolist())}")
    return "\n".join(lines) + "\n"


def rounded_answers(ex: dict[str, np.ndarray], decimals: int = 2) -> dict[str, np.ndarray]:
    """What a careful student writes: every step rounded, and Z computed from the rounded weights."""
    ans = {s: np.round(ex[s], decimals) for s in ASK}
    w, V = ans["weights"], ans["V"]
    n, d = V.shape
    Z = [[sum(w[i][j] * V[j][k] for j in range(n)) for k in range(d)] for i in range(n)]
    ans["Z"] = np.round(np.array(Z), decimals)
    return ans


CLASS_ROSTER = 'id,name\ns001,Ann Lee\ns002,王小明\ns003,"Zoë, Müller"\ns004,=Bo\ns005,李四\n'


def make_class(runner, tmp: Path, roster: str = CLASS_ROSTER) -> tuple[Path, dict, list[Path]]:
    """A class of three-token variants whose outcomes are known without grading: the first student is right
    everywhere; the second and third slip in scores[0][0] (+1) and are right elsewhere; the fourth leaves
    weights out (Z still exact); the fifth submits nothing. Returns the set, its key data and the files."""
    out = new_set(runner, tmp, "--tokens", "3", roster=roster)
    data = key_data(out)
    subs = tmp / "subs"
    subs.mkdir(exist_ok=True)
    files = []
    for k, v in enumerate(data["variants"][:4]):
        ans = rounded_answers(exact(v))
        if k in (1, 2):
            ans["scores"] = ans["scores"].copy()
            ans["scores"][0][0] += 1.0
        text = fill_template(out, v["file"], ans)
        if k == 3:
            text = "\n".join(line for line in text.splitlines() if not line.startswith("weights =")) + "\n"
        path = subs / f"{v['file']}.toml"
        path.write_text(text, encoding="utf-8")
        files.append(path)
    return out, data, files
