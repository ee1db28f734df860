"""`homework check`: a student checks their own answer file before they submit, without the key.

A good file passes; each kind of mistake gives its message naming the step (and a syntax error its line and
column); hostile files are that file's problem, never a traceback; the check never reads the key, a file
made from the key's answers passes, and a file check calls ready is one grade reads without a problem.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import numpy as np
import pytest
from hw_helpers import ASK, exact, key_data, new_set, rounded_answers
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from attntrace.cli import app
from attntrace.homework import Options, Student, fill_template, generate, self_check, toml_template
from attntrace.homework.exercise import shape
from attntrace.homework.grade import MAX_BYTES, OK, PROBLEM, grade_all
from attntrace.homework.key import key_dict
from attntrace.homework.key import loads as key_loads
from attntrace.homework.selfcheck import check_line, seal


@pytest.fixture(scope="module")
def hw(tmp_path_factory):
    from typer.testing import CliRunner

    return new_set(CliRunner(), tmp_path_factory.mktemp("hw"))


def template(hw: Path, sid: str = "s001") -> str:
    return (hw / "students" / f"{sid}.toml").read_text(encoding="utf-8")


def variant(hw: Path, sid: str = "s001") -> dict:
    return next(v for v in key_data(hw)["variants"] if v["id"] == sid)


def filled(hw: Path, sid: str = "s001") -> str:
    """The student's template with the key's answers, rounded as a careful student writes them."""
    return fill_template(template(hw, sid), rounded_answers(exact(variant(hw, sid))))


def n_tokens(hw: Path, sid: str = "s001") -> int:
    return len(variant(hw, sid)["trace"]["tokens"])


def check(runner, tmp_path: Path, text: str | bytes, name: str = "s001.toml", *args: str):
    path = tmp_path / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return runner.invoke(app, ["homework", "check", str(path), *args], catch_exceptions=False)


def block(text: str, step: str) -> tuple[int, int]:
    """The line numbers (0-based, end exclusive) of a step's `step = [ ... ]` block in a filled template."""
    lines = text.split("\n")
    start = lines.index(f"{step} = [")
    return start, lines.index("]", start) + 1


def replace_row(text: str, step: str, row: int, new: str) -> str:
    lines = text.split("\n")
    start, _end = block(text, step)
    lines[start + 1 + row] = new
    return "\n".join(lines)


# --- a good file -------------------------------------------------------------------------------------


@pytest.mark.parametrize("sid", ["s001", "s002", "s003", "s004"])
def test_a_file_filled_from_the_key_is_ready(runner, tmp_path, hw, sid):
    result = check(runner, tmp_path, filled(hw, sid), f"{sid}.toml")
    assert result.exit_code == 0, result.output
    assert "Ready to submit: 7 steps filled" in result.stdout
    assert variant(hw, sid)["code"] in result.stdout and "✗" not in result.stdout


def test_the_template_carries_shapes_and_a_seal_but_no_answer(hw):
    text = template(hw)
    v = variant(hw)
    line = next(line for line in text.splitlines() if line.startswith("check = "))
    assert line == check_line("s001", v["code"], n_tokens(hw), 4, 2, ASK)
    assert f'seal = "{seal("s001", v["code"], n_tokens(hw), 4, 2, ASK)}"' in line
    assert seal("s001", v["code"], n_tokens(hw), 4, 2, ASK) != seal("s001", v["code"], n_tokens(hw), 4, 3, ASK)
    numbers = {float(x) for x in re.findall(r"-?\d+\.\d+", text)}  # every number the template holds
    assert numbers == {0.0}  # the zeros to replace: no answer, no given value


def test_forgiving_numbers_are_ready_as_grade_reads_them(runner, tmp_path, hw):
    n = n_tokens(hw)
    text = replace_row(filled(hw), "weights", 0, "  [" + ", ".join(['"1/3"', ".25", "-.5", '"0.12"'][:n]) + ",],")
    result = check(runner, tmp_path, text)
    assert result.exit_code == 0, result.output


# --- each mistake, named -----------------------------------------------------------------------------


def _drop_step(text, step):
    start, end = block(text, step)
    lines = text.split("\n")
    return "\n".join(lines[:start] + lines[end:])


def _drop_row(text, step):
    start, _end = block(text, step)
    lines = text.split("\n")
    return "\n".join(lines[: start + 1] + lines[start + 2:])


MISTAKES = [
    ("missing step", lambda t, n: _drop_step(t, "scores"), "scores: missing: add scores = [ … ] below [answers], "
                                                           "{n} rows of {n} numbers"),
    ("a row too few", lambda t, n: _drop_row(t, "Q"), "Q: {m} row(s), but it must have {n} (one per token)"),
    ("a number too many", lambda t, n: replace_row(t, "K", 1, "  [1, 2, 3, 4, 5],"),
     "K: row 2 has 5 numbers, but it must have 4"),
    ("text in a cell", lambda t, n: replace_row(t, "V", 0, '  [1, "abc", 3, 4],'),
     'V: row 1, column 2: "abc" is not a number'),
    ("a row not in brackets", lambda t, n: replace_row(t, "Z", 0, "  7,"), "Z: row 1 is not a row of numbers"),
    ("NaN", lambda t, n: replace_row(t, "V", 1, "  [1, nan, 3, 4],"), "V: row 2, column 2: NaN is not a finite"),
    ("a huge integer", lambda t, n: replace_row(t, "Q", 0, "  [1" + "0" * 400 + ", 2, 3, 4],"),
     "Q: row 1, column 1: " + "1" + "0" * 26 + "… is too large a number"),
    ("zeros left", lambda t, n: _zero_step(t, "weights", n), "weights: still all zeros, as in the template"),
    ("an unknown step", lambda t, n: t + "\nZz = [[1]]\n", "Zz: not a step of this homework"),
    ("a step in the wrong case", lambda t, n: t.replace("\nZ = [", "\nz = ["), "z: not a step name: did you mean Z?"),
    ("the step is missing when misnamed", lambda t, n: t.replace("\nZ = [", "\nz = ["), "Z: missing"),
    ("a step above [answers]", lambda t, n: t.replace("[answers]\n", "Q = [[1]]\n[answers]\n", 1),
     "Q: it is above the [answers] line"),
    ("a scalar answer", lambda t, n: _replace_step(t, "scaled", "scaled = 3"), "scaled: must be rows of numbers"),
    ("the step twice", lambda t, n: t + '\n"blocks.0.attn.Q" = [[1]]\n', "Q: given twice, as Q and as blocks.0.attn.Q"),
]


def _zero_step(text, step, n):
    for row in range(n):
        text = replace_row(text, step, row, "  [" + ", ".join(["0.0"] * n) + "],")
    return text


def _replace_step(text, step, new):
    start, end = block(text, step)
    lines = text.split("\n")
    return "\n".join([*lines[:start], new, *lines[end:]])


@pytest.mark.parametrize("what, mutate, expected", MISTAKES, ids=[m[0] for m in MISTAKES])
def test_each_mistake_names_its_step(runner, tmp_path, hw, what, mutate, expected):
    n = n_tokens(hw)
    result = check(runner, tmp_path, mutate(filled(hw), n))
    assert result.exit_code == 1, result.output
    assert expected.format(n=n, m=n - 1) in result.stdout, result.stdout
    assert "Not ready" in result.stdout and result.stderr == ""


def test_the_other_steps_are_still_found_right(runner, tmp_path, hw):
    result = check(runner, tmp_path, _drop_step(filled(hw), "scores"))
    assert "✓ Q, K, V, scaled, weights, Z" in result.stdout


def test_a_blank_template_is_one_finding_not_seven(runner, tmp_path, hw):
    result = check(runner, tmp_path, template(hw))
    assert result.exit_code == 1
    assert "every answer is still all zeros" in result.stdout
    assert "still all zeros, as in the template: write your answers (" not in result.stdout
    assert "(1)" in result.stdout


def test_a_syntax_error_gives_line_column_and_a_caret(runner, tmp_path, hw):
    text = filled(hw)
    start, _end = block(text, "scores")
    row = text.split("\n")[start + 1]
    broken = row.replace(", ", " ", 1)  # a missing comma
    lines = text.split("\n")
    lines[start + 1] = broken
    result = check(runner, tmp_path, "\n".join(lines))
    assert result.exit_code == 1
    column = broken.index(" ", broken.index("[")) + 2  # the number after the missing comma, 1-based
    assert f"line {start + 2}, column {column}: a [ is not closed by ]" in result.stdout, result.stdout
    shown = result.stdout.split("\n")
    at = next(i for i, s in enumerate(shown) if s.strip().startswith(f"{start + 2} | "))
    assert shown[at + 1].index("^") == shown[at].index(" | ") + 3 + column - 1


def test_a_syntax_error_after_a_forgiven_decimal_is_placed_in_the_students_text(runner, tmp_path, hw):
    """`.5` is read as 0.5 (grade's second try); the error left is reported where the student wrote it."""
    n = n_tokens(hw)
    row = "  [.5, .25 x" + ", 0.1" * (n - 2) + "],"
    result = check(runner, tmp_path, replace_row(filled(hw), "weights", 0, row))
    start, _end = block(filled(hw), "weights")
    assert f"line {start + 2}, column {row.index('x') + 1}:" in result.stdout, result.stdout


def test_syntax_errors_at_the_end_of_the_file(runner, tmp_path, hw):
    for text in (filled(hw).rstrip().rstrip("]"), filled(hw) + 'name = "Ann'):
        result = check(runner, tmp_path, text)
        assert result.exit_code == 1 and "the file ends in the middle of a value" in result.stdout
    result = check(runner, tmp_path, filled(hw) + "Z = 1\n")
    assert result.exit_code == 1 and "a name is given twice" in result.stdout


# --- that it is a file of this homework ---------------------------------------------------------------


def test_another_students_template_with_ones_own_id(runner, tmp_path, hw):
    text = filled(hw, "s002").replace('student_id = "s002"', 'student_id = "s001"')
    result = check(runner, tmp_path, text)
    assert result.exit_code == 1
    assert "the student id 's001', the variant code" in result.stdout and "do not belong together" in result.stdout


def test_a_mistyped_variant_code(runner, tmp_path, hw):
    code = variant(hw)["code"]
    wrong = code[:-1] + ("0" if code[-1] != "0" else "1")
    result = check(runner, tmp_path, filled(hw).replace(f'variant = "{code}"', f'variant = "{wrong}"'))
    assert result.exit_code == 1 and "do not belong together" in result.stdout
    result = check(runner, tmp_path, filled(hw).replace(f'variant = "{code}"', 'variant = "my code"'))
    assert "the variant code 'my code' is not of the form 3FA9-C21B" in result.stdout


@pytest.mark.parametrize("edit, expected", [
    (lambda line: line.replace("tokens = ", "tokens = 1"), "do not belong together"),
    (lambda line: line.replace("decimals = 2", "decimals = 3"), "do not belong together"),
    (lambda line: line.replace('"Q", ', ""), "do not belong together"),
    (lambda line: line.replace("tokens = ", 'tokens = "x", t = '), "the check = { … } line was changed"),
    (lambda line: line.replace('seal = "', 'seal = "zz'), "the check = { … } line was changed"),
    (lambda line: "check = 3", "the check = { … } line was changed"),
])
def test_an_edited_check_line(runner, tmp_path, hw, edit, expected):
    text = "\n".join(edit(line) if line.startswith("check = ") else line for line in filled(hw).split("\n"))
    result = check(runner, tmp_path, text)
    assert result.exit_code == 1 and expected in result.stdout, result.stdout


def test_no_student_id_or_variant(runner, tmp_path, hw):
    text = filled(hw).replace('student_id = "s001"\n', "").replace("variant = ", "varient = ")
    result = check(runner, tmp_path, text)
    assert result.exit_code == 1
    assert "no student_id" in result.stdout and "no variant code" in result.stdout
    assert "! varient is not part of a submission" in result.stdout


def test_an_old_template_without_the_check_line_still_works(runner, tmp_path, hw):
    text = "\n".join(line for line in filled(hw).split("\n") if not line.startswith("check = "))
    result = check(runner, tmp_path, text)
    assert result.exit_code == 0, result.output
    assert "no check = { … } line" in result.stdout and "Nothing to fix in the 7 steps present" in result.stdout
    # without it, the steps present must still agree with each other
    result = check(runner, tmp_path, _drop_row(text, "K"))
    assert result.exit_code == 1 and "K: " in result.stdout and "row(s), but it must have" in result.stdout


def test_a_step_given_on_the_sheet_is_ignored_with_a_warning(runner, tmp_path):
    out = new_set(runner, tmp_path, "--ask", "weights,Z")
    v = next(v for v in key_data(out)["variants"] if v["id"] == "s001")
    text = fill_template((out / "students" / "s001.toml").read_text("utf-8"), rounded_answers(exact(v)))
    assert check(runner, tmp_path, text).exit_code == 0
    result = check(runner, tmp_path, text + "\nQ = [[1]]\n")
    assert result.exit_code == 0 and "! Q: not asked in this homework (the asked steps are weights, Z)" in result.stdout


def test_a_shared_exercise_asks_for_the_students_own_id(runner, tmp_path):
    out = tmp_path / "shared"
    assert runner.invoke(app, ["homework", "new", "--out", str(out)]).exit_code == 0
    v = key_data(out)["variants"][0]
    text = fill_template((out / "students" / "exercise.toml").read_text("utf-8"), rounded_answers(exact(v)))
    result = check(runner, tmp_path, text, "mine.toml")
    assert result.exit_code == 1 and "no student_id" in result.stdout
    result = check(runner, tmp_path, text.replace('student_id = ""', 'student_id = "s123"'), "mine.toml")
    assert result.exit_code == 0, result.output


def test_messages_in_chinese(runner, tmp_path, hw):
    result = check(runner, tmp_path, _drop_row(filled(hw), "Q"), "s001.toml", "--lang", "zh")
    assert result.exit_code == 1
    assert f"Q：有 {n_tokens(hw) - 1} 行，但必须是 {n_tokens(hw)} 行（每个词元一行）" in result.stdout
    assert "还不能提交" in result.stdout


# --- hostile files -----------------------------------------------------------------------------------

HOSTILE = {
    "huge": lambda hw: b"# " + b"x" * (MAX_BYTES + 10),
    "binary": lambda hw: b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4,
    "nul in utf-8": lambda hw: b'student_id = "s001"\x00\n',
    "deep": lambda hw: b"a = " + b"[" * 100_000,
    "deep dotted": lambda hw: b"a" + b".a" * 50_000 + b" = 1",
    "gbk": lambda hw: filled(hw).replace("# attntrace", "# 学生答案 attntrace").encode("gbk", errors="replace"),
    "utf-16": lambda hw: filled(hw).encode("utf-16"),
    "empty": lambda hw: b"",
    "json list": lambda hw: b"[1, 2]",
    "a huge line": lambda hw: b"a = [" + b"1, " * 80_000 + b"x]",
    "garbage cells": lambda hw: ("[answers]\nQ = [" + ", ".join(['["x", "y"]'] * 2000) + "]\n").encode(),
    "control characters": lambda hw: b'student_id = "\x1b[31m"\n[answers]\n"\x1b]0;x" = [[1]]\n',
    "nan json": lambda hw: b'{"student_id": "s001", "answers": {"Q": [[NaN]]}}',
    "bad json": lambda hw: b'{"student_id": "s001",\n "answers": {"Q": [[1,, 2]]}}',
}


@pytest.mark.parametrize("kind", list(HOSTILE))
def test_hostile_files_never_traceback(runner, tmp_path, hw, kind):
    name = "s001.json" if "json" in kind else "s001.toml"
    result = check(runner, tmp_path, HOSTILE[kind](hw), name)
    assert result.exit_code == 1, (kind, result.output)
    assert "Not ready" in result.stdout and "Traceback" not in result.output
    assert "\x1b" not in result.stdout  # control characters shown as escapes
    assert len(result.stdout) < 5000, kind  # a few lines, not one per bad cell


@pytest.mark.parametrize("kind, words", [
    ("gbk", "GBK/GB18030"), ("utf-16", "UTF-16"), ("binary", "not a text file"), ("huge", "larger than"),
    ("deep", "nested more than"), ("bad json", "line 2, column"), ("garbage cells", "more cells that are not"),
])
def test_hostile_files_say_what_to_do(runner, tmp_path, hw, kind, words):
    result = check(runner, tmp_path, HOSTILE[kind](hw), "s001.json" if "json" in kind else "s001.toml")
    assert words in result.stdout, result.stdout


def test_a_folder_a_missing_file_and_a_device(runner, tmp_path, hw):
    good = tmp_path / "good.toml"
    good.write_text(filled(hw), encoding="utf-8")
    result = runner.invoke(app, ["homework", "check", str(tmp_path), str(tmp_path / "nope.toml"), "/dev/zero",
                                 str(good)], catch_exceptions=False)
    assert result.exit_code == 1
    assert "cannot read the file: it is a directory" in result.stdout
    assert "cannot read the file: No such file" in result.stdout
    assert "cannot read the file: it is not a regular file" in result.stdout
    assert "Ready to submit" in result.stdout  # the good one is still checked
    assert "1 of 4 files ready to submit." in result.stderr


def test_usage(runner):
    assert runner.invoke(app, ["homework", "check"]).exit_code == 2
    assert runner.invoke(app, ["homework", "check", "--bogus", "a.toml"]).exit_code == 2
    result = runner.invoke(app, ["homework", "check", "--help"])
    assert result.exit_code == 0 and "Example:  attntrace homework check s001.toml" in result.stdout


# --- never the key; agreement with grade ---------------------------------------------------------------


def test_check_never_reads_the_key(runner, tmp_path, hw, monkeypatch):
    """A key beside the file, unreadable: check gives the same verdict as with no key anywhere."""
    import builtins
    import io

    alone = tmp_path / "alone"
    alone.mkdir()
    for text, code in ((filled(hw), 0), (_drop_step(filled(hw), "Z"), 1)):
        (alone / "s001.toml").write_text(text, encoding="utf-8")
        shutil.copy(hw / "key.json", alone / "key.json")
        real_open = builtins.open
        real_io_open = io.open

        def guarded(file, *args, _open=real_open, **kwargs):
            assert "key" not in Path(str(file)).name, f"check opened {file}"
            return _open(file, *args, **kwargs)

        monkeypatch.setattr(builtins, "open", guarded)
        monkeypatch.setattr(io, "open", lambda f, *a, **k: guarded(f, *a, _open=real_io_open, **k))
        monkeypatch.setattr("attntrace.homework.key.loads", lambda *a: pytest.fail("check loaded a key"))
        with_key = runner.invoke(app, ["homework", "check", str(alone / "s001.toml")], catch_exceptions=False)
        monkeypatch.undo()
        (alone / "key.json").unlink()
        without = runner.invoke(app, ["homework", "check", str(alone / "s001.toml")], catch_exceptions=False)
        assert with_key.exit_code == without.exit_code == code
        assert with_key.stdout == without.stdout


CLASS = [Student(f"s{i:03d}", "", f"s{i:03d}") for i in range(1, 4)]


@st.composite
def exercises(draw):
    """Options that always give a class: d_head 4 with entries in -1..1 or -2..2, or d_head 1 in -2..2."""
    ask = draw(st.lists(st.sampled_from(ASK), min_size=1, max_size=7, unique=True))
    d, low, high = draw(st.sampled_from([(4, -1, 1), (4, -2, 2), (1, -2, 2)]))
    return Options(seed=draw(st.integers(0, 10_000)), d_head=d, low=low, high=high, min_tokens=2,
                   max_tokens=draw(st.integers(2, 4)), ask=tuple(s for s in ASK if s in ask),
                   decimals=draw(st.integers(2, 4)))


def _answers(trace, decimals):
    return {s: np.round(trace.step("blocks.0.attn." + s)[0], decimals) for s in ASK}


@settings(max_examples=25, suppress_health_check=[HealthCheck.too_slow])
@given(options=exercises())
def test_files_from_the_keys_answers_pass_and_grade_cleanly(options):
    """For any exercise: the template filled with the key's answers is ready, and grade reads it without a
    problem. The check is given the file only: it has no way to reach a key."""
    variants = generate(CLASS, options)
    key = key_loads(json.dumps(key_dict(variants, options, _rules(options), True)))
    for v in variants:
        text = fill_template(toml_template(v, options.ask, options.decimals), _answers(v.trace, options.decimals),
                             options.decimals)
        result = self_check(text.encode(), f"{v.student.file}.toml")
        assert not result.issues, [str(i.message) for i in result.issues]  # not even a warning
        assert result.ready and result.good == list(options.ask)
        graded = grade_all(key, [(f"{v.student.file}.toml", text)])
        assert graded[[r.student_id for r in graded].index(v.student.id)].status == OK


def _rules(options):
    from attntrace.homework import Rules

    return Rules(decimals=options.decimals)


MUTATIONS = ["none", "drop step", "drop row", "long row", "text cell", "zeros", "typed zeros", "scalar", "rename",
             "outside"]
MAY_BE_READY = ("none", "typed zeros", "outside")  # zeros a student types are an answer, with a warning


@settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow])
@given(options=exercises(), data=st.data())
def test_ready_means_grade_reads_every_step(options, data):
    """Whatever is broken: when check says ready, grade has no problem with the file; when check names a
    step, grade cannot use that step (a problem, or the template's zeros)."""
    v = generate(CLASS[:1], options)[0]
    key = key_loads(json.dumps(key_dict([v], options, _rules(options), True)))
    text = fill_template(toml_template(v, options.ask, options.decimals), _answers(v.trace, options.decimals),
                         options.decimals)
    step = data.draw(st.sampled_from(options.ask))
    n = len(v.trace.tokens)
    how = data.draw(st.sampled_from(MUTATIONS))
    if how == "drop step":
        text = _drop_step(text, step)
    elif how == "drop row":
        text = _drop_row(text, step)
    elif how == "long row":
        text = replace_row(text, step, data.draw(st.integers(0, n - 1)), "  [1" + ", 1" * 5 + "],")
    elif how == "text cell":
        text = replace_row(text, step, 0, '  ["x"' + ", 1" * (v.trace.config.d_model - 1) + "],")
    elif how == "zeros":  # the template's placeholders, as it writes them
        rows, cols = shape(step, n, v.trace.config.d_model)
        for row in range(rows):
            text = replace_row(text, step, row, "  [" + ", ".join(["0.0"] * cols) + "],  # a token")
    elif how == "typed zeros":
        zeros = np.zeros(shape(step, n, v.trace.config.d_model))
        text = _replace_step(text, step, f"{step} = {json.dumps(zeros.astype(int).tolist())}")
    elif how == "scalar":
        text = _replace_step(text, step, f"{step} = 1")
    elif how == "rename":
        text = text.replace(f"\n{step} = [", f"\n{step.lower()}x = [")
    elif how == "outside":
        text = text.replace("[answers]\n", "") if data.draw(st.booleans()) else text
    checked = self_check(text.encode(), "s001.toml")
    graded = grade_all(key, [("s001.toml", text)])[0]
    if checked.ready:
        assert graded.status != PROBLEM and not graded.problems, [str(p) for p in graded.problems]
    named = {i.step for i in checked.errors}
    for s in set(named) & set(options.ask):
        g = graded.steps.get(s)
        assert g is None or g.problem is not None or g.trivial, (how, s)
    assert how in MAY_BE_READY or not checked.ready, how
    if how in ("zeros", "typed zeros"):  # no asked step's answer is all zeros: grading gives zeros nothing
        assert np.round(v.trace.step("blocks.0.attn." + step)[0], options.decimals).any(), step
        assert graded.steps[step].trivial and graded.steps[step].points == 0
        said = [i for i in checked.issues if i.step == step]
        assert said and all(i.warning == (how == "typed zeros") for i in said), [str(i.message) for i in said]
        assert not any("hand it in" in str(i.message) for i in checked.issues)
    if how == "none":
        assert checked.ready and graded.status == OK


def test_the_sample_submissions(runner):
    """The committed sample: the three readable submissions are ready, the broken one is placed."""
    subs = Path(__file__).resolve().parent.parent / "samples" / "homework" / "submissions"
    for name in ("s001_full_marks.toml", "s002_arithmetic_slip.toml", "s003_wrong_q.toml"):
        result = runner.invoke(app, ["homework", "check", str(subs / name)], catch_exceptions=False)
        assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["homework", "check", str(subs / "s004_broken.toml")], catch_exceptions=False)
    assert result.exit_code == 1 and "line 4, column 7: something follows the value" in result.stdout


def test_windows_line_endings_and_a_byte_order_mark(runner, tmp_path, hw):
    """Notepad saves CRLF and may add a BOM: the file is read as grade reads it, placeholders still seen."""
    result = check(runner, tmp_path, b"\xef\xbb\xbf" + filled(hw).replace("\n", "\r\n").encode())
    assert result.exit_code == 0, result.output
    result = check(runner, tmp_path, template(hw).replace("\n", "\r\n"))
    assert result.exit_code == 1 and "every answer is still all zeros" in result.stdout
    text = filled(hw).replace("\n", "\r\n")
    result = check(runner, tmp_path, text.replace("\r\nQ = [", "\r\nQ = [[1, 2]]\r\nQq = [", 1))
    assert "Q: 1 row(s), but it must have" in result.stdout and "\r" not in result.stdout


def _weights(hw, rows):
    text = filled(hw)
    for i, row in enumerate(rows):
        text = replace_row(text, "weights", i, "  [" + ", ".join(f"{x:.2f}" for x in row) + "],")
    return text


def test_weights_that_no_softmax_gives_are_a_warning(runner, tmp_path, hw):
    """The one rule any answer obeys (rows of weights in [0, 1] adding up to 1): a warning, still ready."""
    n = n_tokens(hw)
    w = np.round(exact(variant(hw))["weights"], 2)
    off = w.copy()
    off[1, 0] += 0.3
    result = check(runner, tmp_path, _weights(hw, off))
    assert result.exit_code == 0 and "Ready to submit" in result.stdout
    assert f"! weights: row 2 adds up to {off[1].sum():.4g}, but each row" in result.stdout
    negative = w.copy()
    negative[0, 0] = -0.1
    assert "row 1 has a weight below 0 or above 1" in check(runner, tmp_path, _weights(hw, negative)).stdout
    by_column = np.full((n, n), 0.4 / (n - 1))  # each column of the transpose adds up to 1, its rows do not
    by_column[:, 0] = 0.6
    result = check(runner, tmp_path, _weights(hw, by_column.T))
    assert "the columns add up to 1, not the rows" in result.stdout
    assert "!" not in check(runner, tmp_path, _weights(hw, w)).stdout
