"""grades.csv is opened in spreadsheets: a text cell that starts like a formula (= + - @, tab, CR) must be shown,
not run. Such cells get a leading single quote (OWASP's advice on CSV injection); score cells stay numbers."""

from __future__ import annotations

import csv
import io

import pytest
from hw_helpers import exact, fill_template, key_data, new_set, rounded_answers

from attntrace.cli import app
from attntrace.homework import Result, grades_csv, key_loads
from attntrace.homework.feedback import csv_text

DANGER = ["=1+1", "+1", "-1", "@SUM(A1)"]
HYPERLINK = '=HYPERLINK("http://x","click")'


@pytest.mark.parametrize("value", DANGER)
def test_a_cell_that_starts_like_a_formula_gets_a_quote(value):
    assert csv_text(value) == "'" + value


@pytest.mark.parametrize(("value", "cell"), [("\t=1", r"\x09=1"), ("\r=1", r"\x0d=1"),
                                             ("\x1b]0;x\x07", r"\x1b]0;x\x07"), ("a\x00b", r"a\x00b")])
def test_a_control_character_is_shown_as_an_escape_so_nothing_runs(value, cell):
    assert csv_text(value) == cell


@pytest.mark.parametrize("value", ["s001", "Ann Lee", "王小明", "", "a=b", "'quoted", " =x"])
def test_other_cells_are_left_as_they_are(value):
    assert csv_text(value) == value


def read(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


def test_grades_csv_quotes_ids_names_and_files_but_not_scores(runner, tmp_path, monkeypatch):
    roster = f'id,name\n"{HYPERLINK.replace(chr(34), chr(34) * 2)}",@Ann\n+s2,-Bo\ns3,=cmd|x\n'
    out = new_set(runner, tmp_path, roster=roster)
    data = key_data(out)
    subs = tmp_path / "subs"
    subs.mkdir()
    first = data["variants"][0]
    assert first["id"] == HYPERLINK
    sub = subs / "=bad.toml"  # a file name that starts like a formula, too
    sub.write_text(fill_template(out, first["file"], rounded_answers(exact(first))), encoding="utf-8")
    monkeypatch.chdir(subs)  # the CSV names the file as given: "=bad.toml"
    result = runner.invoke(app, ["homework", "grade", "--key", str(out / "key.json"), sub.name, "--csv", "-"])
    assert result.exit_code == 0, result.stderr
    table = read(result.stdout)
    by_name = {r["name"]: r for r in table[1:]}
    assert set(by_name) == {"'@Ann", "'-Bo", "'=cmd|x"}
    ann = by_name["'@Ann"]
    assert ann["student_id"] == "'" + HYPERLINK
    assert ann["file"] == "'=bad.toml"
    assert ann["total"] == "10" and ann["Q"] == "1" and ann["status"] == "ok"  # numbers are not quoted
    assert by_name["'-Bo"]["student_id"] == "'+s2"
    assert by_name["'=cmd|x"]["student_id"] == "s3"
    for row in table[1:]:
        for column in ("student_id", "name", "file", "variant", "status", "problem"):
            assert not row[column].startswith(("=", "+", "-", "@", "\t", "\r")), (column, row[column])


def test_a_problem_text_and_a_negative_looking_id_from_a_submission_are_quoted(runner, tmp_path):
    out = new_set(runner, tmp_path)
    key = key_loads((out / "key.json").read_text(encoding="utf-8"))
    results = [Result(file="-x.toml", student_id="-5", name="\tTab", code="@code", feedback_file=None,
                      status="problem", problems=["=oops"])]
    table = read(grades_csv(results, key))
    row = table[1]
    assert [row[c] for c in ("student_id", "name", "file", "variant", "status", "problem")] == \
        ["'-5", r"\x09Tab", "'-x.toml", "'@code", "problem", "'=oops"]
    assert table[0]["total"] == "10"  # the points-possible row is numbers, left alone
