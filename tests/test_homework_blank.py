"""An untouched template is graded 0 with the status "blank", so a teacher can tell it from wrong work."""

from __future__ import annotations

import csv
import io

import pytest
from hw_helpers import exact, fill_template, key_data, new_set, rounded_answers

from attntrace.homework import grade_all, grades_csv, key_loads


@pytest.fixture(scope="module")
def hw(tmp_path_factory):
    from typer.testing import CliRunner

    tmp = tmp_path_factory.mktemp("hw")
    out = new_set(CliRunner(), tmp, "--seed", "3", roster="id,name\nb1,Blank\nw1,Worked\n")
    return out, key_data(out), key_loads((out / "key.json").read_text(encoding="utf-8"))


def test_the_untouched_template_is_blank_and_wrong_work_is_not(hw):
    out, data, key = hw
    blank, worked = data["variants"]
    untouched = (out / "students" / f"{blank['file']}.toml").read_text(encoding="utf-8")
    answers = rounded_answers(exact(worked))
    answers["Q"] = answers["Q"] + 1.0  # every cell of Q wrong, the rest right
    results = {r.student_id: r for r in grade_all(key, [("b.toml", untouched),
                                                        ("w.toml", fill_template(out, worked["file"], answers))])}
    assert results["b1"].status == "blank" and results["b1"].total == 0
    assert results["w1"].status == "ok" and 0 < results["w1"].total < 10
    rows = list(csv.DictReader(io.StringIO(grades_csv(list(results.values()), key))))
    assert {r["student_id"]: r["status"] for r in rows[1:]} == {"b1": "blank", "w1": "ok"}
