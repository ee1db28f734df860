"""Sheets a teacher prints: course settings (title, due, how to hand in, points), LaTeX that keeps headings with
their tables, formulas in captions as math, a box per dot product, and the class file with every sheet.

Expected values are worked out here from the variant's numbers and the course given, never read back from the
sheet under test. Compiling needs pdflatex (skipped with the reason where it is missing)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import tomllib

import pytest
from typer.testing import CliRunner

from attntrace.cli import app
from attntrace.homework import (
    DEFAULT_POINTS,
    Course,
    CourseError,
    Options,
    Student,
    generate,
    latex_class,
    latex_sheet,
    markdown_sheet,
    parse_course,
)
from attntrace.homework.latex import latex_message, latex_text, to_math
from attntrace.i18n import set_lang

ASK = ("Q", "K", "V", "scores", "scaled", "weights", "Z")
STUDENTS = [Student("s001", "Ann Lee", "s001"), Student("s002", "Bo Chen", "s002"), Student("s003", "Cy Ruiz", "s003")]


@pytest.fixture(autouse=True)
def english():
    set_lang("en")
    yield
    set_lang(None)


@pytest.fixture
def runner():
    return CliRunner()


def _without_math(tex: str) -> str:
    return re.sub(r"\$[^$]*\$", "", tex)


def _blocks(tex: str) -> list[str]:
    return re.findall(r"\\begin\{minipage\}\{\\linewidth\}(.*?)\\end\{minipage\}", tex, flags=re.S)


# --- formulas in captions -----------------------------------------------------------------------------


def test_to_math_by_hand():
    assert to_math("d_model = d_k = 4") == r"d_{\mathrm{model}} = d_{k} = 4"
    assert to_math("q_i·k_j") == r"q_{i}\cdot k_{j}"
    assert to_math("√d_k") == r"\sqrt{d_{k}}"
    assert to_math("exp(x_j − max x)") == r"\exp(x_{j} - \max x)"


def test_captions_put_formulas_in_math_and_names_stay_text():
    assert latex_text("Row i, column j is q_i·k_j: how well") == r"Row i, column j is $q_{i}\cdot k_{j}$: how well"
    # a text field is never read as a formula, even with an underscore: it is what a user typed
    out = latex_message("hw.sheet.sentence", text="a_b & c", tokens="a_b / c", d=4)
    assert r"a\_b \& c" in out and r"$d_{\mathrm{model}} = d_{k} = 4$" in out


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_no_underscore_is_printed_bare_in_either_language(lang):
    set_lang(lang)
    (v,) = generate([Student("s1", "Ann Lee", "s1")], Options(seed=3, sentences=lang))
    tex = latex_sheet(v, ASK)
    assert "_" not in _without_math(tex)  # neither _ nor an escaped \_ outside math
    assert r"$q_{i}\cdot k_{j}$" in tex and r"$\sqrt{d_{k}}$" in tex and r"d_{\mathrm{model}}" in tex


# --- layout -------------------------------------------------------------------------------------------


@pytest.fixture
def variant():
    (v,) = generate([STUDENTS[0]], Options(seed=11, sentences="en"))
    return v


def test_every_heading_is_kept_with_its_table(variant):
    tex = latex_sheet(variant, ASK)
    blocks = _blocks(tex)
    headings = re.findall(r"\\textbf\{(?:\d+\.\\ )?\$[^$]*\$\}", tex)
    assert len(headings) == 4 + len(ASK)  # X, W_Q, W_K, W_V given; seven asked
    for h in headings:  # each heading inside a minipage (unbreakable) that also holds its tabular
        (block,) = [b for b in blocks if h in b]
        assert block.count(r"\begin{tabular}") == 1
    assert "Given" in blocks[0] and "Compute" in blocks[4]  # section headings ride with their first table


def test_one_box_per_dot_product_and_per_softmax_row(variant):
    tex = latex_sheet(variant, ASK)
    toks, n, d = variant.trace.tokens, len(variant.trace.tokens), variant.trace.config.d_model
    assert tex.count(r"\fbox{") == 3 * n * d + n * n + n * d + n  # Q, K, V; scores; Z; a row of weights each
    for a in toks:
        for b in toks:
            assert tex.count(rf"q_{{\text{{{a}}}}}\cdot k_{{\text{{{b}}}}}") == 1, (a, b)


def test_points_title_due_and_how_to_hand_in_are_printed(variant):
    points = {**DEFAULT_POINTS, "scores": 3.0, "Z": 1.5}
    course = Course(title="CS 224 · Homework 3", due="Friday 23:59", instructions="Upload to Moodle.", points=points)
    md = markdown_sheet(variant, ASK, course=course)
    total = sum(points[s] for s in ASK)
    assert md.startswith("# CS 224 · Homework 3\n") and "**Due:** Friday 23:59" in md
    assert f"**Points:** {total:g} points" in md and "**To hand in:** Upload to Moodle." in md
    assert "s001.toml is a TOML file" in md
    assert re.search(r"### 4\. scores = .* · 3 points\n", md) and re.search(r"### 1\. Q = .* · 1 point\n", md)
    assert re.search(r"### 7\. Z = .* · 1\.5 points\n", md)
    tex = latex_sheet(variant, ASK, course=course)
    assert r"\hfill 3 points" in tex and r"\hfill 1.5 points" in tex and "Friday 23:59" in tex
    assert "Upload to Moodle." in tex and r"CS 224 \ensuremath{\cdot} Homework 3" in tex
    plain = markdown_sheet(variant, ASK)
    assert plain.startswith("# Self-attention by hand\n") and "Due" not in plain and "To hand in" not in plain


def test_the_class_file_holds_every_sheet_one_per_page():
    vs = generate(STUDENTS, Options(seed=5, sentences="en"))
    tex = latex_class(vs, ASK)
    assert tex.count(r"\documentclass") == 1 and tex.count(r"\begin{document}") == 1
    assert tex.count(r"\clearpage") == len(vs) - 1 and tex.count(r"\setcounter{page}{1}") == len(vs)
    body = tex.split(r"\begin{document}")[1]
    for v, part in zip(vs, body.split(r"\clearpage"), strict=True):
        own = latex_sheet(v, ASK).split(r"\begin{document}")[1].split(r"\end{document}")[0]
        assert own.strip() in part and v.code in part and v.student.name in part


# --- course files -------------------------------------------------------------------------------------


def test_parse_course_reads_every_key():
    text = ('\ufefftitle = "HW 3"\ndue = "Fri"\ninstructions = "Upload it"\nlang = "zh"\nsentences = "en"\n'
            "[points]\nscores = 3\nZ = 0.5\n")
    c = parse_course(text.encode("utf-8"))
    assert (c.title, c.due, c.instructions, c.lang, c.sentences) == ("HW 3", "Fri", "Upload it", "zh", "en")
    assert c.points == {**DEFAULT_POINTS, "scores": 3.0, "Z": 0.5}
    assert c.overridden(title="Other", due=None).title == "Other" and c.overridden(due=None).due == "Fri"


@pytest.mark.parametrize("text, words", [
    ('tilte = "x"', "unknown key 'tilte'"),
    ("title = 3", "title must be text"),
    ('lang = "fr"', "choose one of en, zh"),
    ('sentences = "fr"', "choose one of mixed, zh, en"),
    ("[points]\nsoftmax = 1", "'softmax'"),
    ("[points]\nQ = -1", "from 0 to"),
    ("[points]\nQ = nan", "from 0 to"),
    ("[points]\nQ = true", "from 0 to"),
    ("points = 3", "a table"),
    ("title = ", "not valid TOML"),
    (f'title = "{"x" * 201}"', "201 characters"),
])
def test_a_bad_course_file_says_what_to_fix(text, words):
    with pytest.raises(CourseError) as e:
        parse_course(text.encode("utf-8"))
    assert words in str(e.value)


def test_a_course_file_that_is_not_utf8_is_refused():
    with pytest.raises(CourseError, match="UTF-8"):
        parse_course('title = "作业"'.encode("gbk"))


# --- the command --------------------------------------------------------------------------------------


def test_new_with_a_course_file_and_options(runner, tmp_path):
    (tmp_path / "roster.csv").write_text("id,name\ns001,Ann Lee\ns002,Bo Chen\n", encoding="utf-8")
    (tmp_path / "course.toml").write_text('title = "HW 3"\ndue = "Fri"\nlang = "zh"\nsentences = "en"\n'
                                          '[points]\nscores = 4\n', encoding="utf-8")
    out = tmp_path / "hw"
    result = runner.invoke(app, ["homework", "new", "--out", str(out), "--roster", str(tmp_path / "roster.csv"),
                                 "--config", str(tmp_path / "course.toml"), "--due", "Monday 9:00",
                                 "--instructions", "Email it to the TA"])
    assert result.exit_code == 0, result.stderr
    md = (out / "students" / "s001.md").read_text(encoding="utf-8")
    assert md.startswith("# HW 3\n") and "**截止：**Monday 9:00" in md  # --due wins over the file's
    assert "**提交方式：**Email it to the TA" in md and "已知" in md  # lang = "zh" from the file
    key = json.loads((out / "key.json").read_text(encoding="utf-8"))
    assert key["grading"]["points"]["scores"] == 4.0 and key["grading"]["points"]["Q"] == 1.0
    assert all(not re.search("[\u4e00-\u9fff]", v["trace"]["text"]) for v in key["variants"])  # English pool
    class_tex = (out / "class.tex").read_text(encoding="utf-8")
    assert class_tex.count(r"\sheetfoot{") == 2 and "Ann Lee" in class_tex and "Bo Chen" in class_tex


def test_grade_and_key_sheet_write_in_the_sets_language_unless_told(runner, tmp_path, monkeypatch):
    """A Chinese set graded without --lang gets Chinese feedback, report and key sheets, with the title."""
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    out = tmp_path / "hw"
    result = runner.invoke(app, ["homework", "new", "--out", str(out), "--lang", "zh", "--title", "第三次作业",
                                 "--due", "周五", "--ask", "Q,scores"])
    assert result.exit_code == 0, result.stderr
    key = json.loads((out / "key.json").read_text(encoding="utf-8"))
    assert key["course"] == {"lang": "zh", "title": "第三次作业", "due": "周五"}
    sub = out / "students" / "exercise.toml"
    sub.write_text(sub.read_text(encoding="utf-8").replace('student_id = ""', 'student_id = "s9"'), encoding="utf-8")

    def grade(*more):
        fb, report = tmp_path / f"fb{len(more)}", tmp_path / f"report{len(more)}.md"
        result = runner.invoke(app, ["homework", "grade", "--key", str(out / "key.json"), str(sub), "--feedback",
                                     str(fb), "--report", str(report), "--force", *more])
        assert result.exit_code == 0, result.stderr
        return (fb / "s9.md").read_text(encoding="utf-8"), report.read_text(encoding="utf-8")

    feedback, report = grade()
    assert feedback.startswith("# s9 的作业反馈\n") and "第三次作业 · " in feedback
    assert report.startswith("# 全班统计")
    feedback, report = grade("--lang", "en")  # --lang wins
    assert feedback.startswith("# Feedback for s9\n") and report.startswith("# Class statistics")
    result = runner.invoke(app, ["homework", "key-sheet", "--key", str(out / "key.json"), "--out",
                                 str(tmp_path / "keys")])
    assert result.exit_code == 0, result.stderr
    sheet = (tmp_path / "keys" / "exercise.md").read_text(encoding="utf-8")
    assert sheet.startswith("# 答案：") and "\n第三次作业\n" in sheet
    del key["course"]  # a key from before the language was kept: the locale's, as before
    (out / "key.json").write_text(json.dumps(key, ensure_ascii=False), encoding="utf-8")
    feedback, report = grade()
    assert feedback.startswith("# Feedback for s9\n") and "第三次作业" not in feedback


@pytest.mark.parametrize("course, words", [
    ({"lang": "fr"}, "course.lang"),
    ({"title": 3}, "course"),
    ({"title": "x" * 201}, "title ≤ 200"),
    ({"colour": "red"}, "course"),
])
def test_a_keys_bad_course_is_a_clear_error(tmp_path, course, words):
    from attntrace.homework import KeyError_, key_loads
    from attntrace.homework.choices import exercise_options, homework_set
    from attntrace.homework.course import Course

    key = json.loads(homework_set(None, exercise_options(ask="Q"), Course())[1]["key.json"])
    assert key["course"]["lang"] in ("en", "zh")
    with pytest.raises(KeyError_, match=re.escape(words)):
        key_loads(json.dumps({**key, "course": course}))


def test_the_lang_option_wins_over_the_course_file(runner, tmp_path):
    (tmp_path / "course.toml").write_text('lang = "zh"\n', encoding="utf-8")
    out = tmp_path / "hw"
    result = runner.invoke(app, ["homework", "new", "--out", str(out), "--config", str(tmp_path / "course.toml"),
                                 "--lang", "en"])
    assert result.exit_code == 0, result.stderr
    assert (out / "students" / "exercise.md").read_text(encoding="utf-8").startswith("# Self-attention by hand")


def test_every_student_gets_the_same_number_of_answer_cells_by_default(runner, tmp_path):
    roster = "id\n" + "".join(f"s{i:03d}\n" for i in range(30))
    (tmp_path / "roster.csv").write_text(roster, encoding="utf-8")
    out = tmp_path / "hw"
    result = runner.invoke(app, ["homework", "new", "--out", str(out), "--roster", str(tmp_path / "roster.csv")])
    assert result.exit_code == 0, result.stderr
    cells = set()
    for path in (out / "students").glob("*.toml"):
        answers = tomllib.loads(path.read_text(encoding="utf-8"))["answers"]
        cells.add(sum(len(row) for rows in answers.values() for row in rows))
    assert cells == {3 * 4 * 3 + 3 * 3 * 3 + 3 * 4}  # Q K V; scores scaled weights; Z for 3 tokens, d = 4


@pytest.mark.parametrize("args, code, words", [
    (["--config", "missing.toml"], 1, "missing.toml"),
    (["--config", "bad.toml"], 1, "unknown key 'colour'"),
    (["--title", "x" * 201], 2, "201 characters"),
    (["--sentences", "de"], 2, "--sentences"),
    (["--config", "points.toml", "--ask", "weights,Z"], 2, "gives points to scores, which is not asked (--ask: "
                                                           "weights, Z)"),
])
def test_bad_course_settings_are_refused_before_any_work(runner, tmp_path, monkeypatch, args, code, words):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "bad.toml").write_text('colour = "red"\n', encoding="utf-8")
    (tmp_path / "points.toml").write_text('[points]\nweights = 2\nscores = 3\n', encoding="utf-8")
    result = runner.invoke(app, ["homework", "new", "--out", "hw", *args])
    assert result.exit_code == code, result.stderr
    assert words in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "hw").exists()


# --- compiled -----------------------------------------------------------------------------------------


def test_the_class_file_compiles_with_pdflatex_one_sheet_per_student(tmp_path):
    from test_latex_compiles import _format_missing

    if shutil.which("pdflatex") is None:
        pytest.skip("pdflatex is not installed (apt-get install texlive-latex-base), so the class file is not "
                    "compiled here; its structure is checked by the tests above")
    if _format_missing("pdflatex"):
        pytest.skip("pdflatex is installed but its format file is not built yet (fmtutil-sys --byfmt pdflatex)")
    vs = generate(STUDENTS[:2], Options(seed=7, sentences="en"))
    tex = latex_class(vs, ASK, course=Course(title="HW 3", due="Fri", instructions="Upload it."))
    (tmp_path / "class.tex").write_text(tex, encoding="utf-8")
    result = subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "class.tex"], cwd=tmp_path,
                            capture_output=True, text=True, timeout=180)
    errors = [line for line in result.stdout.splitlines() if line.startswith("!")]
    assert result.returncode == 0, errors
    log = (tmp_path / "class.log").read_text(encoding="utf-8", errors="replace")
    assert "Overfull \\hbox" not in log  # the boxes and tables fit the line
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-layout", "class.pdf", "-"], cwd=tmp_path, capture_output=True,
                              text=True, timeout=60).stdout
        pages = text.split("\f")[:-1]
        owners = [next(s.name for s in STUDENTS if s.name in page) for page in pages]
        first = owners.index(vs[1].student.name)
        assert first > 0 and set(owners[:first]) == {vs[0].student.name}  # each sheet on pages of its own
        assert set(owners[first:]) == {vs[1].student.name} and "HW 3" in pages[first]
