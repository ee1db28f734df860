"""Bad input to homework: one bad submission is that student's problem only, a hand-edited key is checked as
strictly as a trace, control characters never reach a terminal or the CSV, and nothing is slow or unbounded."""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path

import pytest
from hw_helpers import exact, fill_template, key_data, new_set, rounded_answers

from attntrace.cli import app
from attntrace.homework import KeyError_, key_loads
from attntrace.homework.grade import MAX_BYTES, parse_submission

ESC, NUL = "\x1b", "\x00"


@pytest.fixture
def good(runner, tmp_path):
    """A set of four and a full-marks submission from the first student."""
    out = new_set(runner, tmp_path)
    data = key_data(out)
    v = data["variants"][0]
    path = tmp_path / "good.toml"
    path.write_text(fill_template(out, v["file"], rounded_answers(exact(v))), encoding="utf-8")
    return out, data, path


def grade(runner, out: Path, paths, tmp: Path, *args):
    return runner.invoke(app, ["homework", "grade", "--key", str(out / "key.json"), *map(str, paths),
                               "--csv", str(tmp / "grades.csv"), *args])


def rows(tmp: Path) -> dict[str, dict]:
    table = list(csv.DictReader(io.StringIO((tmp / "grades.csv").read_text(encoding="utf-8"))))
    return {r["student_id"]: r for r in table[1:]}


def assert_clean(result):
    assert "Traceback" not in result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception


# --- control characters -------------------------------------------------------------------------------------


def test_escapes_in_ids_names_codes_and_file_names_never_reach_the_terminal_or_the_csv(runner, tmp_path, good):
    out, data, path = good
    v = data["variants"][1]
    evil = tmp_path / f"evil{ESC}]0;owned{ESC}\\.toml"
    text = fill_template(out, v["file"], rounded_answers(exact(v)))
    text = text.replace(f'variant = "{v["code"]}"', f'variant = "\\u001b[2J{v["code"]}"')  # TOML's escape for ESC
    evil.write_text(text, encoding="utf-8")
    stranger = tmp_path / "stranger.json"
    stranger.write_text(json.dumps({"student_id": f"x{ESC}[31m{NUL}y", "name": f"N{ESC}[5m",
                                    "answers": {}}), encoding="utf-8")
    result = grade(runner, out, [path, evil, stranger], tmp_path, "--feedback", str(tmp_path / "fb"))
    assert result.exit_code == 1
    shown = result.stdout + result.stderr
    assert ESC not in shown and NUL not in shown
    assert r"x\x1b[31m" in result.stdout  # the summary table (which may fold the id)
    csv_text = (tmp_path / "grades.csv").read_text(encoding="utf-8")
    assert ESC not in csv_text and NUL not in csv_text, csv_text
    assert r"\x1b[2J" in csv_text and r"evil\x1b]0;owned" in csv_text and r"x\x1b[31m\x00y" in csv_text
    for fb in (tmp_path / "fb").iterdir():
        assert ESC not in fb.read_text(encoding="utf-8"), fb


def test_an_error_naming_a_file_shows_its_escapes(runner, tmp_path):
    result = runner.invoke(app, ["homework", "grade", "--key", str(tmp_path / f"k{ESC}[2J.json"), "x.toml"])
    assert result.exit_code == 1
    assert ESC not in result.stderr and r"k\x1b[2J.json" in result.stderr


# --- one bad submission is that student's problem only -----------------------------------------------------


def _others_still_graded(result, tmp_path, bad_id: str | None = None):
    assert_clean(result)
    assert result.exit_code == 1, result.stderr
    table = rows(tmp_path)
    assert table["s001"]["status"] == "ok" and table["s001"]["total"] == "10"
    if bad_id:
        assert table[bad_id]["status"] == "problem"
    return table


def test_a_json_answer_nested_900_deep_is_a_problem_for_that_student_only(runner, tmp_path, good):
    out, _data, path = good
    deep = tmp_path / "deep.json"
    deep.write_text('{\n  "student_id": "s002",\n  "answers": {"Q": ' + "[" * 900 + "]" * 900 + "}}", encoding="utf-8")
    table = _others_still_graded(grade(runner, out, [path, deep], tmp_path), tmp_path, "s002")
    assert "deep" in table["s002"]["problem"]


def test_a_toml_file_of_100000_dotted_keys_is_refused_before_parsing(runner, tmp_path, good):
    out, _data, path = good
    dotted = tmp_path / "dotted.toml"
    dotted.write_text('student_id = "s002"\n' + "a" + ".a" * 100_000 + " = 1\n", encoding="utf-8")
    table = _others_still_graded(grade(runner, out, [path, dotted], tmp_path), tmp_path, "s002")
    assert "deep" in table["s002"]["problem"]


def test_a_link_to_dev_zero_is_not_read_without_end(runner, tmp_path, good):
    out, _data, path = good
    link = tmp_path / "zero.toml"
    os.symlink("/dev/zero", link)
    table = _others_still_graded(grade(runner, out, [path, link], tmp_path), tmp_path)
    assert any("regular file" in r["problem"] for r in table.values())


def test_a_huge_submission_is_refused_by_size(tmp_path):
    sub = parse_submission(b'student_id = "s002"\n' + b"#" * (MAX_BYTES + 1), "big.toml")
    assert [p.key for p in sub.problems] == ["hw.sub.too_large"]


def test_a_number_of_5000_digits_in_a_submission_is_a_problem_not_a_traceback(runner, tmp_path, good):
    out, data, path = good
    v = data["variants"][1]
    for suffix in ("json", "toml"):
        huge = tmp_path / f"huge.{suffix}"
        if suffix == "json":
            huge.write_text('{\n  "student_id": "s002",\n  "answers": {"Q": [[' + "9" * 5000 + "]]}}", encoding="utf-8")
        else:
            text = fill_template(out, v["file"], rounded_answers(exact(v)))
            huge.write_text(text.replace("[answers]", "[answers]\nextra = " + "9" * 5000), encoding="utf-8")
        _others_still_graded(grade(runner, out, [path, huge], tmp_path, "--force"), tmp_path, "s002")


def test_one_file_named_twice_is_one_file(runner, tmp_path, good):
    out, _data, path = good
    same = Path(os.path.relpath(path))  # the same file by another spelling
    result = grade(runner, out, [path, path, same], tmp_path)
    assert result.exit_code == 0, result.stderr
    assert rows(tmp_path)["s001"]["status"] == "ok"


# --- a hand-edited key -------------------------------------------------------------------------------------


def _edit_key(out: Path, edit) -> Path:
    data = key_data(out)
    edit(data)
    path = out.parent / "edited.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_a_reordered_ask_grades_as_the_original(runner, tmp_path, good):
    out, _data, path = good
    edited = _edit_key(out, lambda d: d["ask"].reverse())
    result = runner.invoke(app, ["homework", "grade", "--key", str(edited), str(path), "--csv", "-"])
    assert result.exit_code == 0, result.stderr
    row = next(r for r in csv.DictReader(io.StringIO(result.stdout)) if r["student_id"] == "s001")
    assert row["total"] == "10" and row["status"] == "ok"


@pytest.mark.parametrize(("edit", "words"), [
    (lambda d: d["ask"].append("Q"), "twice"),
    (lambda d: d["variants"][1]["trace"].update(
        steps=[s for s in d["variants"][1]["trace"]["steps"] if not s["name"].endswith(".scores")]), "scores"),
    (lambda d: d["variants"][0].update(file=""), "file"),
    (lambda d: d["variants"][0].update(file="../x"), "file"),
    (lambda d: d["variants"][1].update(id=d["variants"][0]["id"]), "twice"),
    (lambda d: d["grading"]["points"].update(Q=10**400), "grading.points.Q"),
])
def test_a_broken_key_is_a_clear_error(runner, tmp_path, good, edit, words):
    out, _data, path = good
    edited = _edit_key(out, edit)
    result = runner.invoke(app, ["homework", "grade", "--key", str(edited), str(path)])
    assert result.exit_code == 1, result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.stderr and words in result.stderr, result.stderr


def test_a_key_with_a_number_of_5000_digits_is_a_clear_error(good):
    out, _data, _path = good
    text = (out / "key.json").read_text(encoding="utf-8").replace('"seed": 2026', '"seed": ' + "9" * 5000)
    with pytest.raises(KeyError_) as e:
        key_loads(text)
    assert "4300" in str(e.value) or "digits" in str(e.value)


# --- bounded paths --------------------------------------------------------------------------------------------


def test_a_text_of_1000_words_is_refused_at_once(runner, tmp_path):
    text = " ".join(f"w{i}" for i in range(1000))
    for extra in ([], ["--tokens", "2..1000"]):
        result = runner.invoke(app, ["homework", "new", "--out", str(tmp_path / "hw"), "--text", text, *extra])
        assert result.exit_code == 2, result.stderr
        assert "at most" in result.stderr
    assert not (tmp_path / "hw").exists()


def test_a_roster_of_100000_rows_is_refused_with_the_limit(runner, tmp_path):
    from attntrace.homework.roster import MAX_STUDENTS

    roster = tmp_path / "big.csv"
    roster.write_text("id,name\n" + "".join(f"s{i},N\n" for i in range(100_000)), encoding="utf-8")
    result = runner.invoke(app, ["homework", "new", "--out", str(tmp_path / "hw"), "--roster", str(roster)])
    assert result.exit_code == 1 and str(MAX_STUDENTS) in result.stderr
    assert not (tmp_path / "hw").exists()
