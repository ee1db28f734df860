"""Regenerate the homework sample: a roster, the class set, four submissions and the grades they get.

    python samples/homework/make.py          # rewrite samples/homework/
    python samples/homework/make.py --check  # exit 1 if anything is stale (tests/test_homework_samples.py)

The submissions show the four cases a teacher meets: full marks (s001), one arithmetic slip in scores (s002),
a wrong cell of Q whose later steps are computed consistently from it, so error carried forward applies
(s003), and a broken file (s004). Every file here is written by `attntrace homework new` and `grade`.
"""

from __future__ import annotations

import filecmp
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

import numpy as np
from typer.testing import CliRunner

from attntrace.cli import app
from attntrace.homework import fill_template
from attntrace.i18n import set_lang

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
from freshness import json_fresh  # noqa: E402

ROSTER = "id,name\ns001,Ann Lee\ns002,O'Brien & Co_1\ns003,王小明\ns004,Bo Chen\n"
OUTPUTS = ("roster.csv", "hw", "submissions", "grades.csv", "feedback")


def attention_from(Q, K, V):
    """scores, scaled, weights rounded to 2 dp, and Z from those rounded weights, as a student works."""
    scores = Q @ K.T  # (n, d) x (d, n) -> (n, n)
    scaled = scores / np.sqrt(Q.shape[1])
    e = np.exp(scaled - scaled.max(axis=1, keepdims=True))
    weights = np.round(e / e.sum(axis=1, keepdims=True), 2)
    return {"scores": scores, "scaled": scaled, "weights": weights, "Z": weights @ V}  # (n, n) x (n, d)


def exact(variant: dict) -> dict[str, np.ndarray]:
    steps = {s["name"]: np.array(s["data"]) for s in variant["trace"]["steps"]}
    return {k: steps["blocks.0.attn." + k][0] for k in ("Q", "K", "V", "scores", "scaled", "weights", "Z")}


def run(args: list[str], expect: int) -> None:
    result = CliRunner().invoke(app, args, catch_exceptions=False)
    if result.exit_code != expect:
        raise SystemExit(f"attntrace {' '.join(args)} exited {result.exit_code}:\n{result.stderr}")


def build(folder: Path) -> None:
    cwd = os.getcwd()
    os.chdir(folder)  # relative paths, so the CSV and feedback name files as a teacher would see them
    try:
        Path("roster.csv").write_text(ROSTER, encoding="utf-8")
        run(["homework", "new", "--out", "hw", "--roster", "roster.csv", "--seed", "2026", "--force"], 0)
        key = json.loads(Path("hw/key.json").read_text(encoding="utf-8"))
        v = {x["id"]: x for x in key["variants"]}
        subs = Path("submissions")
        subs.mkdir(exist_ok=True)

        def template(sid: str) -> str:
            return Path(f"hw/students/{v[sid]['file']}.toml").read_text(encoding="utf-8")

        def careful(sid: str) -> dict[str, np.ndarray]:
            ex = exact(v[sid])
            return {"Q": ex["Q"], "K": ex["K"], "V": ex["V"], **attention_from(ex["Q"], ex["K"], ex["V"])}

        (subs / "s001_full_marks.toml").write_text(fill_template(template("s001"), careful("s001")), encoding="utf-8")

        slip = careful("s002")
        slip["scores"] = slip["scores"].copy()
        slip["scores"][1, 0] += 1  # one cell added wrong; the later steps use the right scores
        (subs / "s002_arithmetic_slip.toml").write_text(fill_template(template("s002"), slip), encoding="utf-8")

        ex = exact(v["s003"])
        Q = ex["Q"].copy()
        c = int(np.flatnonzero(np.abs(ex["K"]).sum(axis=0))[0])
        Q[0, c] += 1  # one wrong cell of Q; everything after it is computed from this Q
        wrong_q = {"Q": Q, "K": ex["K"], "V": ex["V"], **attention_from(Q, ex["K"], ex["V"])}
        (subs / "s003_wrong_q.toml").write_text(fill_template(template("s003"), wrong_q), encoding="utf-8")

        (subs / "s004_broken.toml").write_text('student_id = "s004"\n\n[answers]\nQ = 1 0 -1 2\n', encoding="utf-8")

        files = sorted(str(p.as_posix()) for p in subs.glob("*.toml"))
        run(["homework", "grade", "--key", "hw/key.json", *files, "--csv", "grades.csv", "--feedback", "feedback",
             "--force"], 1)
    finally:
        os.chdir(cwd)


def same(a: Path, b: Path) -> bool:
    """A JSON file (the key holds computed floats) is the same to within rounding; any other, byte for byte."""
    if a.suffix == ".json":
        return json_fresh(b.read_text(encoding="utf-8"), a.read_text(encoding="utf-8"))
    return filecmp.cmp(a, b, shallow=False)


def stale(fresh: Path) -> list[str]:
    out = []
    for name in OUTPUTS:
        a, b = fresh / name, HERE / name
        if a.is_file():
            if not b.is_file() or not same(a, b):
                out.append(name)
            continue
        names_a = {p.relative_to(a) for p in a.rglob("*") if p.is_file()}
        names_b = {p.relative_to(b) for p in b.rglob("*") if p.is_file()} if b.is_dir() else set()
        out += [f"{name}/{p}" for p in sorted(names_a ^ names_b)]
        out += [f"{name}/{p}" for p in sorted(names_a & names_b) if not same(a / p, b / p)]
    return out


def main(argv: list[str]) -> int:
    set_lang("en")  # the samples are in English whatever the locale
    if "--check" in argv:
        with tempfile.TemporaryDirectory() as tmp:
            build(Path(tmp))
            bad = stale(Path(tmp))
        for name in bad:
            print(f"stale: samples/homework/{name}")
        return 1 if bad else 0
    for name in OUTPUTS:  # start clean, so a file the code no longer writes does not linger
        path = HERE / name
        if path.is_dir():
            shutil.rmtree(path)
        elif path.exists():
            path.unlink()
    build(HERE)
    print("wrote samples/homework/")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
