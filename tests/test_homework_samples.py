"""The committed homework sample (roster, class set, submissions, grades, feedback) matches what the code makes."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_homework_samples_are_fresh():
    result = subprocess.run([sys.executable, str(ROOT / "samples" / "homework" / "make.py"), "--check"],
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, (
        "samples/homework is stale; run `python samples/homework/make.py` and commit:\n"
        + result.stdout + result.stderr
    )


def test_sample_grades_show_each_case():
    import csv

    rows = {r["student_id"]: r for r in csv.DictReader((ROOT / "samples/homework/grades.csv").open(encoding="utf-8"))}
    assert rows["(points possible)"]["total"] == "10"
    assert rows["s001"]["total"] == "10" and rows["s001"]["status"] == "ok"
    import json

    key = json.loads((ROOT / "samples/homework/hw/key.json").read_text(encoding="utf-8"))
    n = len(next(v for v in key["variants"] if v["id"] == "s002")["trace"]["tokens"])
    assert float(rows["s002"]["scores"]) == round(2 * (n * n - 1) / (n * n), 4)  # one slip in n×n cells
    assert float(rows["s002"]["total"]) == round(10 - 2 / (n * n), 4)
    assert rows["s003"]["Q"] != "1" and rows["s003"]["scores"] == "2"  # carried forward
    assert rows["s004"]["status"] == "problem" and "not TOML or JSON" in rows["s004"]["problem"]
    assert "Error carried forward" in (ROOT / "samples/homework/feedback/s003.md").read_text(encoding="utf-8")
