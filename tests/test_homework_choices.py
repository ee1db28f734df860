"""The rules behind `homework new` and `homework grade` options, through the library (attntrace.homework.choices):
what each option turns into, which choices are refused and with which message key, and the files of a set."""

from __future__ import annotations

import json
import tomllib

import pytest

from attntrace.homework import (
    ASKABLE,
    Course,
    GenerationError,
    GradebookError,
    Layout,
    Options,
    OverrideError,
    Student,
    SubmissionFile,
    class_stats,
    grade_all,
    key_loads,
)
from attntrace.homework.choices import (
    OptionError,
    check_grading,
    check_outputs,
    exercise_options,
    feedback_files,
    graded_key,
    grading_policy,
    homework_set,
    int_range,
    problems,
    report_text,
    several_files,
)
from attntrace.i18n import set_lang

STUDENTS = [Student("s1", "Ann", "s1"), Student("s2", "Bo", "s2")]


@pytest.fixture(autouse=True)
def english():
    set_lang("en")
    yield
    set_lang(None)


def refused(call, key: str, **fields):
    with pytest.raises(OptionError) as e:
        call()
    assert e.value.key == key, e.value.key
    for name, value in fields.items():
        assert e.value.fields[name] == value
    return e.value


# --- homework new -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "expected"), [("-2..2", (-2, 2)), ("3", (3, 3)), (" 1..4 ", (1, 4)),
                                                ("-3", (-3, -3)), ("0..0", (0, 0))])
def test_int_range_reads_a_pair_or_one_number(text, expected):
    assert int_range(text, "hw.cli.range") == expected


@pytest.mark.parametrize("text", ["", "a..b", "1..", "..2", "1...2", "1.5..2", "1..2..3"])
def test_int_range_refuses_anything_else_with_the_key_given(text):
    refused(lambda: int_range(text, "hw.cli.tokens"), "hw.cli.tokens", value=text)


def test_exercise_options_without_options_are_the_default_exercise():
    assert exercise_options() == Options(low=-1, high=1, sentences="mixed")


def test_range_or_min_and_max_set_the_entries():
    assert (exercise_options(range_="-2..3").low, exercise_options(range_="-2..3").high) == (-2, 3)
    only_min = exercise_options(low=-3)
    assert (only_min.low, only_min.high) == (-3, 1)  # the other bound stays the default
    only_max = exercise_options(high=4)
    assert (only_max.low, only_max.high) == (-1, 4)
    refused(lambda: exercise_options(range_="-2..2", low=-1), "hw.cli.range_both")
    refused(lambda: exercise_options(range_="-2..2", high=1), "hw.cli.range_both")
    refused(lambda: exercise_options(range_="big"), "hw.cli.range", value="big")


def test_tokens_ask_decimals_and_sentences_are_passed_on():
    o = exercise_options(tokens="2..4", ask="weights, q", decimals=3, sentences="zh", seed=7, d_head=1)
    assert (o.min_tokens, o.max_tokens, o.ask, o.decimals, o.sentences, o.seed, o.d_head) == (
        2, 4, ("Q", "weights"), 3, "zh", 7, 1)
    assert (exercise_options(tokens="3").min_tokens, exercise_options(tokens="3").max_tokens) == (3, 3)
    refused(lambda: exercise_options(tokens="x"), "hw.cli.tokens", value="x")


def test_an_unknown_step_is_named_with_the_choices():
    e = refused(lambda: exercise_options(ask="Q,softmax"), "hw.cli.ask", step="softmax", choices=", ".join(ASKABLE))
    assert "softmax" in str(e)


@pytest.mark.parametrize("decimals", [-1, 11])
def test_decimals_outside_0_to_10_are_refused(decimals):
    refused(lambda: exercise_options(decimals=decimals), "hw.cli.bad_decimals", value=decimals)


def test_numbers_options_refuses_stay_generation_errors():
    with pytest.raises(GenerationError):
        exercise_options(d_head=3)
    with pytest.raises(GenerationError):
        exercise_options(range_="2..1")


def test_a_set_without_roster_is_one_shared_exercise():
    options = exercise_options(seed=3, ask="Q,scores", decimals=1)
    variants, files = homework_set(None, options, Course())
    assert [v.student.file for v in variants] == ["exercise"]
    assert sorted(files) == ["class.tex", "key.json", "students/exercise.md", "students/exercise.tex",
                             "students/exercise.toml"]
    key = key_loads(files["key.json"])
    assert key.roster is False and key.ask == ("Q", "scores") and key.rules.decimals == 1
    assert set(tomllib.loads(files["students/exercise.toml"])["answers"]) == {"Q", "scores"}
    first = files["students/exercise.toml"].splitlines()[0]
    assert first == f"# attntrace homework: the class's shared exercise, variant {variants[0].code}; write your " \
                    "student id in student_id below"
    set_lang("zh")
    assert "全班共用的练习" in homework_set(None, options, Course())[1]["students/exercise.toml"].splitlines()[0]


def test_whole_weights_cannot_be_asked():
    """To 0 places each weight is 0 or 1: a row is one-hot or all zeros, so --decimals 0 refuses weights."""
    with pytest.raises(OptionError, match="--decimals 0 cannot ask for weights"):
        exercise_options(decimals=0)
    assert exercise_options(decimals=0, ask="Q,K,V,scores,scaled,Z").decimals == 0


def test_a_set_from_a_roster_has_each_students_files_and_the_courses_points():
    points = {s: 2.0 for s in ASKABLE} | {"weights": 5.0}
    variants, files = homework_set(STUDENTS, exercise_options(seed=3), Course(points=points))
    assert [v.student.id for v in variants] == ["s1", "s2"]
    for stem in ("s1", "s2"):
        assert {f"students/{stem}.{ext}" for ext in ("md", "tex", "toml")} <= set(files)
    key = key_loads(files["key.json"])
    assert key.roster is True and set(key.variants) == {"s1", "s2"} and key.rules.points["weights"] == 5.0
    assert json.loads(files["key.json"])["grading"]["points"]["weights"] == 5.0


# --- homework grade ---------------------------------------------------------------------------------------


def test_grading_options_are_checked():
    check_grading(None, None, "latest")
    check_grading(0, 0.0, "error")
    check_grading(10, 1.0, "latest")
    refused(lambda: check_grading(11, None, "latest"), "hw.cli.bad_decimals", value=11)
    for share in (-0.1, 1.5, float("nan"), float("inf")):
        refused(lambda share=share: check_grading(None, share, "latest"), "hw.cli.bad_share")
    refused(lambda: check_grading(None, None, "newest"), "hw.cli.duplicates", value="newest")


def test_class_outputs_fit_together():
    check_outputs(None, None, None, Layout())
    check_outputs("-", "r.md", "h.svg", Layout("canvas"))
    check_outputs("g.csv", "r.HTML", "-", Layout())
    refused(lambda: check_outputs(None, None, None, Layout("moodle")), "hw.gb.needs_csv")
    refused(lambda: check_outputs(None, None, None, Layout(excel=True)), "hw.gb.needs_csv")
    refused(lambda: check_outputs("g.csv", "report.txt", None, Layout()), "hw.report.suffix", path="report.txt")
    refused(lambda: check_outputs("-", None, "-", Layout()), "error.same_output", first="--csv", second="--histogram")
    with pytest.raises(GradebookError):
        check_outputs("g.csv", None, None, Layout("blackboard"))


@pytest.fixture(scope="module")
def a_set():
    options = exercise_options(seed=5, ask="Q,K")
    _, files = homework_set(STUDENTS, options, Course())
    return key_loads(files["key.json"]), files


def test_the_graded_key_takes_the_options_that_are_given(a_set):
    key, _ = a_set
    same = graded_key(key, None, None, False)
    assert same.rules == key.rules
    changed = graded_key(key, 1, 0.5, True)
    assert (changed.rules.decimals, changed.rules.ecf_share, changed.rules.solutions) == (1, 0.5, False)
    assert key.rules.solutions is True  # the key read is left as it was


def test_the_policy_reads_overrides_against_the_keys_students_and_steps(a_set):
    key, _ = a_set
    assert grading_policy("error", key).duplicates == "error" and grading_policy("latest", key).overrides == ()
    policy = grading_policy("latest", key, b"student_id,step,points,reason\ns1,Q,0.5,shown work\n")
    assert [(o.student_id, o.step, o.points) for o in policy.overrides] == [("s1", "Q", 0.5)]
    with pytest.raises(OverrideError):
        grading_policy("latest", key, "student_id,step,points,reason\nnobody,Q,0.5,x\n")
    with pytest.raises(OverrideError):
        grading_policy("latest", key, "student_id,step,points,reason\ns1,weights,1,not asked\n")


def test_after_grading_feedback_several_files_and_problems_are_counted(a_set):
    key, files = a_set
    blank = files["students/s1.toml"].encode()
    other = files["students/s1.toml"].replace("0.0", "1.0", 1).encode()
    assert other != blank
    results = grade_all(key, [SubmissionFile("a/s1.toml", blank, mtime=1.0),
                              SubmissionFile("b/s1.toml", other, mtime=2.0),
                              SubmissionFile("junk.toml", b"not = [toml", mtime=1.0)],
                        grading_policy("latest", key))
    assert several_files(results) == 1
    assert problems(results) == 1
    fb = feedback_files(results, key)
    assert set(fb) == {r.feedback_file + ".md" for r in results if r.feedback_file} and "s1.md" in fb
    assert all(text.strip() for text in fb.values())


def test_the_report_is_html_or_markdown_linking_the_histogram(a_set):
    key, files = a_set
    results = grade_all(key, [SubmissionFile("s1.toml", files["students/s1.toml"].encode(), mtime=1.0)],
                        grading_policy("latest", key))
    stats = class_stats(results, key)
    assert report_text(stats, "out/r.HTM", "out/h.svg").lstrip().lower().startswith("<!doctype html")
    markdown = report_text(stats, "out/r.md", "out/img/h.svg")
    assert "](img/h.svg)" in markdown
    assert "](../h.svg)" in report_text(stats, "out/r.md", "h.svg")
    assert ".svg)" not in report_text(stats, "out/r.md", "-") and ".svg)" not in report_text(stats, "r.md", None)


def test_points_for_a_step_not_asked_are_refused_not_dropped():
    from attntrace.homework import parse_course

    course = parse_course(b"[points]\nweights = 2\nscores = 3\n")
    refused = r"\[points\] gives points to scores, which is not asked \(--ask: weights, Z\)"
    with pytest.raises(OptionError, match=refused):
        homework_set(None, exercise_options(ask="weights,Z"), course)
    _variants, files = homework_set(None, exercise_options(ask="scores,weights,Z"), course)
    from attntrace.homework.exercise import DEFAULT_POINTS

    assert key_loads(files["key.json"]).rules.points == {"scores": 3.0, "weights": 2.0, "Z": DEFAULT_POINTS["Z"]}
