"""Grades for the course site: Canvas's gradebook import, Moodle's grade import, the plain CSV and --excel.

The layouts are the importers' (see attntrace/homework/gradebook.py for the sources): Canvas wants Student,
ID, SIS User ID, SIS Login ID, Section and then the assignment, a "Points Possible" row second; Moodle a
user-identifier column and grade columns, no points row. Expected grades are worked out here from the key's
points, not read from the plain CSV.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from hw_helpers import make_class
from hypothesis import given
from hypothesis import strategies as st

from attntrace.cli import app

NUMBER = re.compile(r"^\d+(\.\d{1,4})?$")  # a '.', no thousands separator, at most 4 decimals


def expected_totals(data: dict) -> dict[str, float | None]:
    """The known outcomes of `make_class`, from the key's points and the 3 × 3 scores."""
    points = data["grading"]["points"]
    full = sum(points.values())
    ids = [v["id"] for v in data["variants"]]
    slip = full - points["scores"] / 9  # one of the 9 cells of scores wrong
    return {ids[0]: full, ids[1]: slip, ids[2]: slip, ids[3]: full - points["weights"], ids[4]: None}


def grade(runner, out: Path, files: list[Path], csv_path: Path, *args: str):
    return runner.invoke(app, ["homework", "grade", "--key", str(out / "key.json"), *map(str, files),
                               "--csv", str(csv_path), *args])


@pytest.fixture(scope="module")
def klass(tmp_path_factory):
    from typer.testing import CliRunner

    tmp = tmp_path_factory.mktemp("class")
    out, data, files = make_class(CliRunner(), tmp)
    return out, data, files, tmp


def read(path: Path, bom: bool) -> list[list[str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") == bom
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def test_canvas_layout_points_row_and_grades(runner, klass, tmp_path):
    out, data, files, _ = klass
    result = grade(runner, out, files, tmp_path / "c.csv", "--format", "canvas", "--assignment", "Homework 1 (123)")
    assert result.exit_code == 1, result.stderr  # the fourth student's missing step is a problem
    rows = read(tmp_path / "c.csv", bom=False)
    assert rows[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "Homework 1 (123)"]
    assert rows[1][:5] == ["Points Possible", "", "", "", ""]
    assert float(rows[1][5]) == pytest.approx(sum(data["grading"]["points"].values()))
    assert all(len(r) == 6 for r in rows)
    expected = expected_totals(data)
    assert [r[2] for r in rows[2:]] == list(expected)  # every roster student, in roster order, by SIS User ID
    names = {v["id"]: v["name"] for v in data["variants"]}
    for r in rows[2:]:
        want = expected[r[2]]
        assert r[0] == ("'" + names[r[2]] if names[r[2]].startswith("=") else names[r[2]])  # never a formula
        assert r[1] == r[3] == r[4] == ""
        if want is None:
            assert r[5] == ""  # not submitted: no grade, the site's own policy decides
        else:
            assert NUMBER.match(r[5]) and float(r[5]) == pytest.approx(want, abs=5e-5)


def test_moodle_layout_has_an_identifier_and_no_points_row(runner, klass, tmp_path):
    out, data, files, _ = klass
    grade(runner, out, files, tmp_path / "m.csv", "--format", "moodle")
    rows = read(tmp_path / "m.csv", bom=False)
    assert rows[0] == ["ID number", "Homework"]
    expected = expected_totals(data)
    assert [r[0] for r in rows[1:]] == list(expected)  # no "(points possible)" row
    for sid, cell in rows[1:]:
        assert (cell == "") if expected[sid] is None else float(cell) == pytest.approx(expected[sid], abs=5e-5)
        assert cell == "" or NUMBER.match(cell)


@pytest.mark.parametrize("fmt", ["plain", "canvas", "moodle"])
def test_excel_writes_a_bom_and_chinese_names_round_trip(runner, klass, tmp_path, fmt):
    out, _data, files, _ = klass
    grade(runner, out, files, tmp_path / "e.csv", "--format", fmt, "--excel")
    rows = read(tmp_path / "e.csv", bom=True)
    text = "\n".join(",".join(r) for r in rows)
    if fmt != "moodle":  # Moodle's file holds ids and grades only
        assert "王小明" in text and "李四" in text and "Zoë, Müller" in [c for r in rows for c in r]
    first = {"plain": "student_id", "canvas": "Student", "moodle": "ID number"}[fmt]
    assert rows[0][0] == first  # the BOM is not part of the first header cell once decoded as Excel does


def test_plain_has_no_bom_by_default_and_hints_at_excel(runner, klass, tmp_path):
    out, _data, files, _ = klass
    result = grade(runner, out, files, tmp_path / "p.csv")
    read(tmp_path / "p.csv", bom=False)
    assert "--excel" in result.stderr  # the names are not ASCII


def test_emails_go_to_login_and_email_columns(runner, tmp_path):
    roster = "Email address,Full name\na@x.org,Ann\nb@x.org,王小明\nc@x.org,C\nd@x.org,D\ne@x.org,E\n"
    out, _data, files = make_class(runner, tmp_path, roster=roster)
    grade(runner, out, files, tmp_path / "c.csv", "--format", "canvas")
    rows = read(tmp_path / "c.csv", bom=False)
    assert [r[3] for r in rows[2:]] == ["a@x.org", "b@x.org", "c@x.org", "d@x.org", "e@x.org"]
    assert all(r[2] == "" for r in rows[2:])
    grade(runner, out, files, tmp_path / "m.csv", "--format", "moodle", "--force")
    assert read(tmp_path / "m.csv", bom=False)[0] == ["Email address", "Homework"]
    grade(runner, out, files, tmp_path / "u.csv", "--format", "moodle", "--id-field", "username")
    assert read(tmp_path / "u.csv", bom=False)[0] == ["Username", "Homework"]


def test_points_possible_follow_the_key(runner, klass, tmp_path):
    out, data, files, _ = klass
    edited = json.loads((out / "key.json").read_text(encoding="utf-8"))
    edited["grading"]["points"]["Q"] = 3.5
    (tmp_path / "key.json").write_text(json.dumps(edited), encoding="utf-8")
    runner.invoke(app, ["homework", "grade", "--key", str(tmp_path / "key.json"), *map(str, files), "--csv",
                        str(tmp_path / "c.csv"), "--format", "canvas"])
    rows = read(tmp_path / "c.csv", bom=False)
    assert float(rows[1][5]) == pytest.approx(sum(data["grading"]["points"].values()) + 2.5)
    assert float(rows[2][5]) == pytest.approx(sum(data["grading"]["points"].values()) + 2.5)


@pytest.mark.parametrize("args", [
    ["--format", "blackboard"],
    ["--format", "canvas", "--id-field", "email"],
    ["--format", "moodle", "--id-field", "sis-user-id"],
    ["--assignment", "HW"],  # plain has no assignment column
    ["--id-field", "idnumber"],
    ["--format", "canvas", "--assignment", "  "],
])
def test_options_that_do_not_fit_are_usage_errors_before_any_work(runner, klass, tmp_path, args):
    out, _data, files, _ = klass
    result = grade(runner, out, files, tmp_path / "x.csv", "--feedback", str(tmp_path / "fb"), *args)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and not (tmp_path / "x.csv").exists()
    assert not (tmp_path / "fb").exists()


def test_a_layout_without_csv_is_a_usage_error(runner, klass):
    out, _data, files, _ = klass
    result = runner.invoke(app, ["homework", "grade", "--key", str(out / "key.json"), *map(str, files),
                                 "--format", "moodle"])
    assert result.exit_code == 2 and "--csv" in result.stderr


NAMES = st.text(st.characters(categories=("L", "N", "P", "S", "Zs")), min_size=1, max_size=20)


@given(name=NAMES)
def test_any_name_round_trips_through_the_canvas_csv_with_bom(name):
    from attntrace.homework import Layout, gradebook_csv, key_loads
    from attntrace.homework.grade import NOT_SUBMITTED, Result

    key = key_loads((Path(__file__).parent.parent / "samples/homework/hw/key.json").read_text(encoding="utf-8"))
    results = [Result(None, "s001", name, "X", None, NOT_SUBMITTED)]
    text = gradebook_csv(results, key, Layout("canvas", excel=True))
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.encode("utf-8").decode("utf-8-sig"), newline="")))
    assert rows[2][0] == ("'" + name if name[0] in "=+-@" else name)
    assert rows[2][2] == "s001" and len(rows) == 3


def test_a_file_of_an_unknown_student_is_not_sent_to_the_course_site(runner, klass, tmp_path):
    out, _data, files, _ = klass
    stray = tmp_path / "stray.toml"
    stray.write_text('student_id = "intruder"\n[answers]\n', encoding="utf-8")
    result = grade(runner, out, [*files, stray], tmp_path / "c.csv", "--format", "canvas")
    rows = read(tmp_path / "c.csv", bom=False)
    assert "intruder" not in (tmp_path / "c.csv").read_text(encoding="utf-8") and len(rows) == 2 + 5
    assert "intruder" in result.stdout  # still on the terminal, as a problem


def test_assignment_names_are_quoted_not_run(runner, klass, tmp_path):
    out, _data, files, _ = klass
    grade(runner, out, files, tmp_path / "c.csv", "--format", "moodle", "--assignment", '=HYPERLINK("x"), "HW"')
    header = read(tmp_path / "c.csv", bom=False)[0]
    assert header == ["ID number", '\'=HYPERLINK("x"), "HW"']
