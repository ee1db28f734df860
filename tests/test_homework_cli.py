"""The homework CLI: bad submissions, bad rosters, ids that try to escape --out, --force, determinism."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import numpy as np
import pytest
from hw_helpers import ROSTER, exact, fill_template, key_data, new_set, rounded_answers

from attntrace.cli import app


def grade(runner, out: Path, files: list[Path], tmp: Path, *args: str):
    return runner.invoke(app, ["homework", "grade", "--key", str(out / "key.json"), *map(str, files),
                               "--csv", str(tmp / "grades.csv"), "--feedback", str(tmp / "fb"), *args])


def rows(tmp: Path) -> list[dict]:
    return list(csv.DictReader(io.StringIO((tmp / "grades.csv").read_text(encoding="utf-8"))))


@pytest.fixture
def good(runner, tmp_path):
    out = new_set(runner, tmp_path)
    data = key_data(out)
    subs = tmp_path / "subs"
    subs.mkdir()
    v = data["variants"][0]
    path = subs / "good.toml"
    path.write_text(fill_template(out, v["file"], rounded_answers(exact(v))), encoding="utf-8")
    return out, data, subs, path


def test_new_writes_sheets_templates_and_key(runner, tmp_path):
    out = new_set(runner, tmp_path)
    names = sorted(p.name for p in (out / "students").iterdir())
    assert names == sorted(f"{s}.{ext}" for s in ("s001", "s002", "s003", "s004") for ext in ("md", "tex", "toml"))
    data = key_data(out)
    assert [v["id"] for v in data["variants"]] == ["s001", "s002", "s003", "s004"]
    assert data["ask"] == ["Q", "K", "V", "scores", "scaled", "weights", "Z"]
    assert data["grading"]["decimals"] == 2 and data["grading"]["ecf_share"] == 1.0
    assert all(v["trace"]["format"] == "attntrace.trace" for v in data["variants"])


def test_grade_full_marks_exit_0_and_points_possible_row(runner, tmp_path, good):
    out, data, _subs, path = good
    result = grade(runner, out, [path], tmp_path)
    assert result.exit_code == 0, result.stderr
    table = rows(tmp_path)
    assert table[0]["student_id"] == "(points possible)" and table[0]["total"] == "10"
    assert table[0]["scores"] == "2" and table[0]["Q"] == "1"
    first = next(r for r in table if r["student_id"] == data["variants"][0]["id"])
    assert first["total"] == "10" and first["status"] == "ok"
    others = [r for r in table[1:] if r["student_id"] != data["variants"][0]["id"]]
    assert {r["status"] for r in others} == {"not submitted"}
    assert "s001" in result.stdout  # the summary table
    assert (tmp_path / "fb" / "s001.md").exists()


BAD = {
    "not_toml.toml": ("student_id = 's002\n[answers", "not TOML or JSON"),
    "not_json.json": ("{\"student_id\": \"s002\", ", "not TOML or JSON"),
    "binary.toml": (b"\xff\xfe\x00garbage", "not UTF-8"),
}


def _variant_text(out, data, i, change):
    v = data["variants"][i]
    ans = rounded_answers(exact(v))
    text = fill_template(out, v["file"], ans)
    return change(text, ans, v)


@pytest.mark.parametrize("case", ["not_toml", "not_json", "binary", "wrong_shape", "nan_toml", "nan_json",
                                  "missing_step", "unknown_id", "duplicate_id", "no_answers", "text_in_matrix"])
def test_a_bad_submission_is_reported_and_the_others_are_still_graded(runner, tmp_path, good, case):
    out, data, subs, path = good
    v1 = data["variants"][1]
    ans = rounded_answers(exact(v1))
    template = fill_template(out, v1["file"], ans)
    files, args = [], ()
    expect = {
        "not_toml": "not TOML or JSON", "not_json": "not TOML or JSON", "binary": "not UTF-8",
        "wrong_shape": "must be", "nan_toml": "NaN", "nan_json": "NaN", "missing_step": "no answer for Z",
        "unknown_id": "not in the key", "duplicate_id": "more than one file", "no_answers": "no [answers]",
        "text_in_matrix": "rows of numbers",
    }[case]
    bad = subs / "bad.toml"
    if case in ("not_toml", "not_json", "binary"):
        name = {"not_toml": "not_toml.toml", "not_json": "not_json.json", "binary": "binary.toml"}[case]
        bad = subs / name
        content = BAD[name][0]
        bad.write_bytes(content if isinstance(content, bytes) else content.encode())
    elif case == "wrong_shape":
        lines = [("Q = [[1.0, 2.0], [3.0, 4.0], [5.0, 6.0], [7.0, 8.0], [9.0, 9.0]]" if line.startswith("Q =")
                  else line) for line in template.splitlines()]
        bad.write_text("\n".join(lines), encoding="utf-8")
    elif case == "nan_toml":
        bad.write_text(_replace_first_number(template, "K", "nan"), encoding="utf-8")
    elif case == "nan_json":
        bad = subs / "bad.json"
        answers = {k: np.asarray(a).tolist() for k, a in ans.items()}
        answers["K"][0][0] = float("nan")
        bad.write_text(json.dumps({"student_id": v1["id"], "answers": answers}), encoding="utf-8")  # writes NaN
    elif case == "missing_step":
        bad.write_text("\n".join(line for line in template.splitlines() if not line.startswith("Z =")),
                       encoding="utf-8")
    elif case == "unknown_id":
        bad.write_text(template.replace(f'student_id = "{v1["id"]}"', 'student_id = "nobody"'), encoding="utf-8")
    elif case == "duplicate_id":  # two different files of one student, and the teacher wants neither
        bad.write_text(template, encoding="utf-8")
        (subs / "bad_again.toml").write_text(_replace_first_number(template, "K", "9.0"), encoding="utf-8")
        files.append(subs / "bad_again.toml")
        args = ("--duplicates", "error")
    elif case == "no_answers":
        bad.write_text(f'student_id = "{v1["id"]}"\n', encoding="utf-8")
    elif case == "text_in_matrix":
        bad.write_text(_replace_first_number(template, "V", '"seven"'), encoding="utf-8")
    files = [path, bad, *files]
    result = grade(runner, out, files, tmp_path, *args)
    assert result.exit_code == 1, (case, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    table = rows(tmp_path)
    good_row = next(r for r in table if r["file"] == str(path))
    assert good_row["status"] == "ok" and good_row["total"] == "10", case
    bad_rows = [r for r in table if r["status"] == "problem"]
    assert bad_rows, case
    assert any(expect in r["problem"] for r in bad_rows), (case, [r["problem"] for r in bad_rows])
    feedback = "\n".join(p.read_text(encoding="utf-8") for p in (tmp_path / "fb").iterdir())
    assert expect in feedback.replace("\\", ""), case


def _replace_first_number(template: str, step: str, replacement: str) -> str:
    """`K = [[1.0, ...` -> `K = [[<replacement>, ...`."""
    start = template.index(f"{step} = [[") + len(f"{step} = [[")
    end = min(i for i in (template.index(",", start), template.index("]", start)))
    return template[:start] + replacement + template[end:]


def test_grade_refuses_to_overwrite_without_force(runner, tmp_path, good):
    out, _data, _subs, path = good
    (tmp_path / "grades.csv").write_text("keep me", encoding="utf-8")
    result = grade(runner, out, [path], tmp_path)
    assert result.exit_code == 1 and "already exists" in result.stderr
    assert (tmp_path / "grades.csv").read_text(encoding="utf-8") == "keep me"
    assert grade(runner, out, [path], tmp_path, "--force").exit_code == 0
    # the feedback folder now holds files: a second run needs --force too
    (tmp_path / "grades.csv").unlink()
    result = grade(runner, out, [path], tmp_path)
    assert result.exit_code == 1 and "already exists" in result.stderr


def test_grade_bad_key_and_bad_options(runner, tmp_path, good):
    out, _data, _subs, path = good
    bad_key = tmp_path / "key.json"
    bad_key.write_text('{"format": "attntrace.trace"}', encoding="utf-8")
    result = runner.invoke(app, ["homework", "grade", "--key", str(bad_key), str(path)])
    assert result.exit_code == 1 and "not a homework key" in result.stderr
    result = runner.invoke(app, ["homework", "grade", "--key", str(out / "key.json"), str(path), "--ecf-share", "2"])
    assert result.exit_code == 2 and "--ecf-share" in result.stderr


def test_new_refuses_to_overwrite_without_force(runner, tmp_path):
    out = new_set(runner, tmp_path)
    before = (out / "key.json").read_bytes()
    args = ["homework", "new", "--out", str(out), "--roster", str(tmp_path / "roster.csv")]
    result = runner.invoke(app, [*args, "--seed", "9"])
    assert result.exit_code == 1 and "already exists" in result.stderr
    assert (out / "key.json").read_bytes() == before
    assert runner.invoke(app, [*args, "--seed", "9", "--force"]).exit_code == 0
    assert (out / "key.json").read_bytes() != before


def test_same_command_same_files_and_roster_order_does_not_matter(runner, tmp_path):
    a = new_set(runner, tmp_path / "a")
    b = new_set(runner, tmp_path / "b")
    files_a = {p.relative_to(a): p.read_bytes() for p in a.rglob("*") if p.is_file()}
    files_b = {p.relative_to(b): p.read_bytes() for p in b.rglob("*") if p.is_file()}
    assert files_a == files_b
    lines = ROSTER.strip().splitlines()
    reversed_roster = "\n".join([lines[0], *reversed(lines[1:])]) + "\n"
    c = new_set(runner, tmp_path / "c", roster=reversed_roster)
    by_id = {v["id"]: v["trace"] for v in key_data(a)["variants"]}
    for v in key_data(c)["variants"]:
        assert v["trace"] == by_id[v["id"]], v["id"]
    d = new_set(runner, tmp_path / "d", "--seed", "2027")
    assert [v["code"] for v in key_data(d)["variants"]] != [v["code"] for v in key_data(a)["variants"]]


@pytest.mark.parametrize("bad_id", ["../x", "a/b", "/tmp/abs", "..", "../../etc/passwd", "a\\b", "C:\\x",
                                    "x" * 5000, "~/x", ".hidden"])
def test_roster_ids_cannot_write_outside_out(runner, tmp_path, bad_id):
    roster = "id,name\n" + f'"{bad_id}",Eve\n' + "s001,Ann\n"
    out = new_set(runner, tmp_path, roster=roster)
    written = [p for p in tmp_path.rglob("*") if p.is_file()]
    for p in written:
        assert p.resolve().is_relative_to(tmp_path.resolve())
    outside = [p for p in written if not p.resolve().is_relative_to(out.resolve()) and p.name != "roster.csv"]
    assert outside == []
    students = list((out / "students").iterdir())
    assert len(students) == 6
    assert all(len(p.name) < 100 and not p.name.startswith(".") for p in students)
    assert key_data(out)["variants"][0]["id"] == bad_id


def test_ids_that_map_to_one_file_name_are_an_error_naming_both(runner, tmp_path):
    (tmp_path / "r.csv").write_text("id,name\n../x,A\nx,B\n", encoding="utf-8")
    result = runner.invoke(app, ["homework", "new", "--out", str(tmp_path / "hw"), "--roster", str(tmp_path / "r.csv")])
    assert result.exit_code == 1
    assert "'../x'" in result.stderr and "'x'" in result.stderr
    assert not (tmp_path / "hw").exists()
    (tmp_path / "r.csv").write_text("id,name\nAnn,A\nann,B\n", encoding="utf-8")  # one file on macOS/Windows
    result = runner.invoke(app, ["homework", "new", "--out", str(tmp_path / "hw"), "--roster", str(tmp_path / "r.csv")])
    assert result.exit_code == 1 and "'Ann'" in result.stderr and "'ann'" in result.stderr


@pytest.mark.parametrize("roster, message", [
    ("student,name\ns1,A\n", "missing: id"),
    ("no,fullname\ns1,A\n", "--id-column"),
    ("id,name\ns1,A\ns1,B\n", "s1 twice"),
    ("id,name\ns0,B\n,A\n", "line 3 (A) has no id in the column 'id'; if the ids are in another column, name it "
                           "with --id-column"),
    ("id,name\n\"a\x00b\",A\n", "control character"),
    ("id,name\n", "no students"),
    ("id,name\ns1,Lee, Ann\n", "more cells"),
])
def test_a_bad_roster_is_a_clear_error(runner, tmp_path, roster, message):
    (tmp_path / "r.csv").write_text(roster, encoding="utf-8")
    result = runner.invoke(app, ["homework", "new", "--out", str(tmp_path / "hw"), "--roster", str(tmp_path / "r.csv")])
    assert result.exit_code == 1, result.stderr
    assert message in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "hw").exists()


def test_missing_roster_file(runner, tmp_path):
    result = runner.invoke(app, ["homework", "new", "--out", str(tmp_path / "hw"), "--roster", str(tmp_path / "no")])
    assert result.exit_code == 1 and "cannot read" in result.stderr


@pytest.mark.parametrize("args, message", [
    (["--range", "a..b"], "--range"),
    (["--range=-2..2", "--min", "0"], "either --range"),
    (["--ask", "Q,softmax"], "softmax"),
    (["--d-head", "2"], "--d-head"),
    (["--min", "3", "--max", "1"], "empty"),
    (["--range=0..0"], "only zeros"),
    (["--text", "Attention is all you need now", "--tokens", "2..4"], "6 tokens"),
    (["--text", " ".join(["word"] * 13)], "13 tokens"),
    (["--text", "   "], "empty"),
    (["--tokens", "9..12"], "no built-in sentence"),
    (["--sentences", "fr"], "--sentences"),
])
def test_usage_errors_exit_2(runner, tmp_path, args, message):
    result = runner.invoke(app, ["homework", "new", "--out", str(tmp_path / "hw"), *args])
    assert result.exit_code == 2, (result.stdout, result.stderr)
    assert message in result.stderr


def test_new_without_roster_ask_text_range_and_d_head(runner, tmp_path):
    out = tmp_path / "hw"
    result = runner.invoke(app, ["homework", "new", "--out", str(out), "--text", "今天晚上吃河马", "--ask",
                                 "weights,z", "--range", "-2..2", "--d-head", "1", "--seed", "3"])
    assert result.exit_code == 0, result.stderr
    data = key_data(out)
    assert data["roster"] is False and data["ask"] == ["weights", "Z"]
    assert data["given"] == ["X", "W_Q", "W_K", "W_V", "Q", "K", "V", "scores", "scaled"]
    (v,) = data["variants"]
    assert v["trace"]["tokens"] == ["今天", "晚上", "吃", "河马"] and v["trace"]["config"]["d_model"] == 1
    X = np.array(next(s["data"] for s in v["trace"]["steps"] if s["name"] == "X"))
    assert X.min() >= -2 and X.max() <= 2 and np.array_equal(X, np.round(X))
    sheet = (out / "students" / "exercise.md").read_text(encoding="utf-8")
    assert "### scaled = scores / √d\\_k = scores / √1" in sheet  # given, Markdown-escaped
    assert "1. weights\\[i, :\\] = softmax(scaled\\[i, :\\])" in sheet and "2. Z = weights·V" in sheet  # escaped
    # anyone may submit the shared exercise under their own id
    ans = rounded_answers(exact(v))
    text = fill_template(out, "exercise", ans).replace('student_id = ""', 'student_id = "me"')
    (tmp_path / "me.toml").write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["homework", "grade", "--key", str(out / "key.json"), str(tmp_path / "me.toml"),
                                 "--csv", "-"])
    assert result.exit_code == 0, result.stderr
    table = list(csv.DictReader(io.StringIO(result.stdout)))
    assert table[1]["student_id"] == "me" and table[1]["total"] == "4"  # weights 2 + Z 2
