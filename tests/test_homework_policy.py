"""Grading policy a teacher controls: a slip charged once, known mistakes, duplicates, another student's
variant, overrides that survive regrading, feedback without solutions. Expected points are worked out here
from the rules (counts of changed cells, plain loops), never read from the output under test."""

from __future__ import annotations

import csv
import io
import json
import math
import os
import re
from pathlib import Path

import numpy as np
import pytest
from hw_helpers import POINTS, class_set, exact, fill_template, key_data, rounded_answers
from hypothesis import given, settings
from hypothesis import strategies as st

from attntrace.cli import app
from attntrace.homework import feedback_markdown, grade_all, key_loads
from attntrace.homework.policy import Override, Policy, SubmissionFile
from attntrace.i18n import set_lang

ROOT = Path(__file__).resolve().parent.parent
@pytest.fixture(scope="module")
def hw(tmp_path_factory):
    return class_set(tmp_path_factory, 16, seed=11)


@pytest.fixture(autouse=True)
def english():
    set_lang("en")
    yield
    set_lang(None)


def softmax_rows(x, axis=1):
    """softmax with plain loops, along rows (axis 1) or columns (axis 0)."""
    x = [list(r) for r in x]
    n, m = len(x), len(x[0])
    out = [[0.0] * m for _ in range(n)]
    if axis == 1:
        for i in range(n):
            e = [math.exp(v) for v in x[i]]
            out[i] = [v / sum(e) for v in e]
    else:
        for j in range(m):
            e = [math.exp(x[i][j]) for i in range(n)]
            for i in range(n):
                out[i][j] = e[i] / sum(e)
    return out


def matmul(a, b):
    return [[sum(a[i][k] * b[k][j] for k in range(len(b))) for j in range(len(b[0]))] for i in range(len(a))]


def from_scaled(scaled, V, axis=1):
    """weights (2 dp) and Z (2 dp, from the rounded weights), as a student works on from `scaled`."""
    weights = np.round(np.array(softmax_rows(scaled, axis)), 2)
    return {"weights": weights, "Z": np.round(np.array(matmul(weights.tolist(), V.tolist())), 2)}


def from_q(Q, K, V):
    """scores, scaled (2 dp), weights and Z from the student's Q, with loops."""
    d = len(Q[0])
    scores = np.array([[sum(Q[i][k] * K[j][k] for k in range(d)) for j in range(len(K))] for i in range(len(Q))])
    scaled = np.round(scores / math.sqrt(d), 2)
    return {"scores": scores, "scaled": scaled, **from_scaled(scaled, np.asarray(V))}


def with_grading(out: Path, tmp: Path, **grading) -> Path:
    """A copy of the key with some grading settings changed, as a teacher edits key.json."""
    data = key_data(out)
    data["grading"].update(grading)
    path = tmp / "key.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def csv_rows(text: str) -> dict[str, dict]:
    return {r["student_id"]: r for r in csv.DictReader(io.StringIO(text))}


# --- a slip is charged once -------------------------------------------------------------------------------


def q_slip(ex):
    """Q with one cell wrong by 1 (row 0, a column c where K is not all 0) and everything after it computed
    from that Q; and m, the scores of row 0 it moves (scores[0, j] moves by K[j, c])."""
    c = next(c for c in range(ex["K"].shape[1]) if ex["K"][:, c].any())
    Q = np.round(ex["Q"], 2)
    Q[0, c] += 1.0
    ans = {**rounded_answers(ex), "Q": Q, **from_q(Q.tolist(), ex["K"].tolist(), ex["V"])}
    m = sum(1 for j in range(ex["K"].shape[0]) if ex["K"][j, c] != 0)
    return ans, m


@pytest.mark.parametrize("share", [0.0, 0.25, 0.5, 1.0])
def test_a_slip_in_q_is_charged_once_whatever_the_ecf_share(hw, share):
    """Q loses its wrong cell; in scores the m cells that read that row earn `share`; scaled, weights and Z,
    right given the student's own answers, read only carried cells and earn full credit."""
    out, data, key = hw
    for v in data["variants"][:6]:
        ex = exact(v)
        ans, m = q_slip(ex)
        n, d = ex["Q"].shape
        r = next(r for r in grade_all(key.with_rules(ecf_share=share),
                                      [("s.toml", fill_template(out, v["file"], ans))]) if r.student_id == v["id"])
        expected = {**POINTS, "Q": 1 - 1 / (n * d), "scores": 2 * (n * n - m + share * m) / (n * n)}
        for s, p in expected.items():
            assert r.steps[s].points == pytest.approx(p), (v["id"], s)
        assert r.total == pytest.approx(10 - 1 / (n * d) - 2 * (1 - share) * m / (n * n))


def test_the_worked_example_in_the_readme(runner, tmp_path):
    """samples/homework s003: one wrong cell of Q, everything after it computed from it, --ecf-share 0.5."""
    sample = ROOT / "samples" / "homework"
    sub = sample / "submissions" / "s003_wrong_q.toml"
    result = runner.invoke(app, ["homework", "grade", "--key", str(sample / "hw" / "key.json"), str(sub),
                                 "--ecf-share", "0.5", "--csv", "-", "--lang", "en"])
    assert result.exit_code == 0, result.stderr
    row = csv_rows(result.stdout)["s003"]
    v = next(v for v in key_data(sample / "hw")["variants"] if v["id"] == "s003")
    ex = exact(v)
    import tomllib

    Q = np.array(tomllib.loads(sub.read_text(encoding="utf-8"))["answers"]["Q"])
    (_i, c), = np.argwhere(np.abs(Q - ex["Q"]) > 0.005)  # the one slip
    n, d = Q.shape
    m = sum(1 for j in range(n) if ex["K"][j, c] != 0)
    q, scores = 1 - 1 / (n * d), 2 * (n * n - m + 0.5 * m) / (n * n)
    total = q + 1 + 1 + scores + 1 + 2 + 2
    assert (n, d, m) == (3, 4, 2)  # the sample's slip, as the README describes it
    assert float(row["Q"]) == pytest.approx(q, abs=1e-4) and float(row["scores"]) == pytest.approx(scores, abs=1e-4)
    assert [row[s] for s in ("K", "V", "scaled", "weights", "Z")] == ["1", "1", "1", "2", "2"]
    assert float(row["total"]) == pytest.approx(total, abs=1e-4)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for number in (f"{q:.4f}", f"{scores:.4f}", f"{total:.4f}"):
        assert number in readme, number
    # the old rule also charged the carried cells of scaled (m of n²), weights (row i: n) and Z (row i: d)
    old = total - 0.5 * (POINTS["scaled"] * m / (n * n) + POINTS["weights"] * n / (n * n) + POINTS["Z"] * d / (n * d))
    assert f"{old:.2f}" in readme


# --- known mistakes ------------------------------------------------------------------------------------------


def no_sqrt(ex):
    """scaled = scores (the division by √d_k forgotten), the rest computed on from it."""
    ans = rounded_answers(ex)
    ans["scaled"] = ans["scores"].copy()
    ans.update(from_scaled(ans["scaled"].tolist(), ans["V"]))
    return ans


def test_a_step_explained_by_one_known_mistake_earns_the_keys_credit_not_its_lucky_cells(hw, tmp_path):
    out, data, key = hw
    v = next(v for v in data["variants"] if (exact(v)["scores"] == 0).any())  # cells right without ÷√d_k
    ex = exact(v)
    text = fill_template(out, v["file"], no_sqrt(ex))
    (r,) = [r for r in grade_all(key, [("s.toml", text)]) if r.student_id == v["id"]]
    g = r.steps["scaled"]
    assert g.right.any() and not g.right.all()  # the zero scores are right anyway...
    assert g.mistake is not None and g.mistake.cause == "diagnose.scaled.no_sqrt"
    assert g.points == 0  # ...but the step earns the default credit of a known mistake, 0
    # weights and Z are computed correctly from the student's scaled: error carried forward, share 1.0
    assert r.steps["weights"].points == pytest.approx(2) and r.steps["Z"].points == pytest.approx(2)
    md = feedback_markdown(r, key).replace("\\", "")
    assert "known mistake" in md and "√d_k = √4 = 2 is missing" in md

    half = key_loads(with_grading(out, tmp_path, mistake_credit={"default": 0.0, "scaled.no_sqrt": 0.5})
                     .read_text(encoding="utf-8"))
    (r,) = [r for r in grade_all(half, [("s.toml", text)]) if r.student_id == v["id"]]
    assert r.steps["scaled"].points == pytest.approx(0.5 * POINTS["scaled"])
    assert r.total == pytest.approx(10 - 0.5)


def test_softmax_over_columns_is_named_and_other_wrong_work_is_graded_cell_by_cell(hw):
    out, data, key = hw
    v = data["variants"][2]
    ex = exact(v)
    ans = rounded_answers(ex)
    ans.update(from_scaled(ans["scaled"].tolist(), ans["V"], axis=0))
    (r,) = [r for r in grade_all(key, [("s.toml", fill_template(out, v["file"], ans))]) if r.student_id == v["id"]]
    assert r.steps["weights"].mistake.cause == "diagnose.weights.axis"
    assert r.steps["weights"].points == 0

    ans = rounded_answers(ex)
    ans["scaled"] = ans["scaled"].copy()
    ans["scaled"][0, 0] += 3  # a slip that no known mistake explains: cell by cell as before
    (r,) = [r for r in grade_all(key, [("s.toml", fill_template(out, v["file"], ans))]) if r.student_id == v["id"]]
    n = ex["scaled"].shape[0]
    assert r.steps["scaled"].mistake is None
    assert r.steps["scaled"].points == pytest.approx((n * n - 1) / (n * n))


def test_a_key_naming_an_unknown_mistake_is_refused_with_the_known_ones(hw, tmp_path, runner):
    out, _data, _key = hw
    path = with_grading(out, tmp_path, mistake_credit={"scaled.no_root": 0.5})
    result = runner.invoke(app, ["homework", "grade", "--key", str(path), str(path), "--lang", "en"])
    assert result.exit_code == 1
    assert "scaled.no_root" in result.stderr and "scaled.no_sqrt" in result.stderr
    assert "Traceback" not in result.stderr


# --- duplicates ----------------------------------------------------------------------------------------------


def test_identical_files_count_once_and_of_different_ones_the_newest_wins(hw):
    out, data, key = hw
    v = data["variants"][0]
    ex = exact(v)
    good = fill_template(out, v["file"], rounded_answers(ex))
    slip = rounded_answers(ex)
    slip["K"] = slip["K"].copy()
    slip["K"][0, 0] += 1
    bad = fill_template(out, v["file"], slip)
    n, d = ex["K"].shape

    (r,) = [r for r in grade_all(key, [("a.toml", good), ("a-copy.toml", good)]) if r.student_id == v["id"]]
    assert r.status == "ok" and r.total == pytest.approx(10) and any("counts once" in str(p) for p in r.notes)

    def graded(files, **policy):
        return next(r for r in grade_all(key, files, Policy(**policy)) if r.student_id == v["id"])

    newer_bad = [SubmissionFile("first.toml", good, mtime=100.0), SubmissionFile("second.toml", bad, mtime=200.0)]
    r = graded(newer_bad)
    assert r.file == "second.toml" and r.steps["K"].points == pytest.approx(1 - 1 / (n * d))
    assert any("first.toml" in str(p) for p in r.notes)
    r = graded([SubmissionFile("first.toml", good, mtime=300.0), SubmissionFile("second.toml", bad, mtime=200.0)])
    assert r.file == "first.toml" and r.total == pytest.approx(10)
    r = graded([SubmissionFile("b.toml", good, mtime=5.0), SubmissionFile("a.toml", bad, mtime=5.0)])
    assert r.file == "b.toml"  # equal times: the name sorting last
    r = graded(newer_bad, duplicates="error")
    assert r.status == "problem" and not r.steps and "first.toml, second.toml" in str(r.problems[0])


def test_duplicates_through_the_cli_use_the_file_times(hw, runner, tmp_path):
    out, data, _key = hw
    v = data["variants"][1]
    ex = exact(v)
    slip = rounded_answers(ex)
    slip["V"] = slip["V"] + 1
    old, new = tmp_path / "old.toml", tmp_path / "new.toml"
    old.write_text(fill_template(out, v["file"], rounded_answers(ex)), encoding="utf-8")
    new.write_text(fill_template(out, v["file"], slip), encoding="utf-8")
    os.utime(old, (1_000_000, 1_000_000))
    os.utime(new, (2_000_000, 2_000_000))
    args = ["homework", "grade", "--key", str(out / "key.json"), str(new), str(old), "--csv", "-"]
    result = runner.invoke(app, args)
    row = csv_rows(result.stdout)[v["id"]]
    assert row["file"] == str(new) and row["V"] == "0" and row["status"] == "ok"
    assert result.exit_code == 0 and "1 student(s) sent several different files" in result.stderr
    os.utime(old, (3_000_000, 3_000_000))
    row = csv_rows(runner.invoke(app, args).stdout)[v["id"]]
    assert row["file"] == str(old) and row["total"] == "10"
    result = runner.invoke(app, [*args, "--duplicates", "error"])
    assert result.exit_code == 1 and csv_rows(result.stdout)[v["id"]]["status"] == "problem"
    bad = runner.invoke(app, [*args, "--duplicates", "first"])
    assert bad.exit_code == 2 and "latest or error" in bad.stderr


# --- another student's variant ----------------------------------------------------------------------------


def test_another_students_variant_is_flagged_once_with_whose_it_is(hw, runner, tmp_path):
    out, data, _key = hw
    a = data["variants"][0]
    b = data["variants"][1]  # every variant has as many tokens (equal work): the shapes agree, the code does not
    copied = fill_template(out, b["file"], rounded_answers(exact(b)))  # b's sheet, answered right
    copied = copied.replace(f'student_id = "{b["id"]}"', f'student_id = "{a["id"]}"')
    path = tmp_path / f"{a['file']}.toml"
    path.write_text(copied, encoding="utf-8")
    result = runner.invoke(app, ["homework", "grade", "--key", str(out / "key.json"), str(path), "--csv", "-"])
    assert result.exit_code == 1
    row = csv_rows(result.stdout)[a["id"]]
    assert row["integrity"] == f"variant of {b['id']}"
    assert row["status"] == "problem"
    assert row["problem"].count(b["code"]) == 1 and "must be" not in row["problem"]  # once, no shape errors
    # graded against the student's own variant: b's Q is right only where it happens to equal a's
    qa, qb = np.round(exact(a)["Q"], 2), np.round(exact(b)["Q"], 2)
    assert float(row["Q"]) == pytest.approx(POINTS["Q"] * float(np.mean(np.abs(qa - qb) < 0.005)), abs=1e-4)
    honest = csv_rows(result.stdout)[b["id"]]
    assert honest["integrity"] == "" and honest["status"] == "not submitted"


def test_an_unknown_variant_code_is_flagged_too(hw):
    out, data, key = hw
    v = data["variants"][3]
    text = fill_template(out, v["file"], rounded_answers(exact(v))).replace(v["code"], "0000-0000")
    (r,) = [r for r in grade_all(key, [("s.toml", text)]) if r.student_id == v["id"]]
    assert "0000-0000" in str(r.integrity) and "not in the key" in str(r.integrity)
    assert r.total == pytest.approx(10)  # the answers are this student's own: graded as they are


# --- overrides ---------------------------------------------------------------------------------------------


def test_overrides_set_points_with_a_reason_and_survive_regrading(hw, runner, tmp_path):
    out, data, _key = hw
    v = data["variants"][4]
    ex = exact(v)
    ans, m = q_slip(ex)
    n, d = ex["Q"].shape
    sub = tmp_path / "s.toml"
    sub.write_text(fill_template(out, v["file"], ans), encoding="utf-8")
    overrides = tmp_path / "overrides.csv"
    overrides.write_text(f'student_id,step,points,reason\n{v["id"]},Q,1,"typo: the paper copy is right"\n',
                         encoding="utf-8")
    before = overrides.read_bytes()
    for share in ("1", "0.5"):  # regrading with another rule keeps the override
        result = runner.invoke(app, ["homework", "grade", "--key", str(out / "key.json"), str(sub), "--csv",
                                     str(tmp_path / "g.csv"), "--feedback", str(tmp_path / "fb"), "--force",
                                     "--overrides", str(overrides), "--ecf-share", share])
        assert result.exit_code == 0, result.stderr
        row = csv_rows((tmp_path / "g.csv").read_text(encoding="utf-8"))[v["id"]]
        scores = 2 * (n * n - m + float(share) * m) / (n * n)
        assert row["Q"] == "1"
        assert float(row["total"]) == pytest.approx(1 + 1 + 1 + scores + 1 + 2 + 2, abs=1e-4)
        md = (tmp_path / "fb" / f"{v['file']}.md").read_text(encoding="utf-8")
        assert "typo: the paper copy is right" in md and f"the rules gave {1 - 1 / (n * d):.4f}" in md
    assert overrides.read_bytes() == before


BAD_OVERRIDES = {
    "header": ("id,step,points\ns000,Q,1\n", "line 1"),
    "student": ("student_id,step,points,reason\nnobody,Q,1,x\n", "line 2: the student id 'nobody'"),
    "step": ("student_id,step,points,reason\ns000,W_Q,1,x\n", "line 2: 'W_Q' is not an asked step"),
    "points": ("student_id,step,points,reason\ns000,Q,3,x\n", "from 0 to 1"),
    "not_a_number": ("student_id,step,points,reason\ns000,scores,two,x\n", "'two' for scores"),
    "nan": ("student_id,step,points,reason\ns000,scores,nan,x\n", "from 0 to 2"),
    "reason": ("student_id,step,points,reason\ns000,Q,1,\n", "line 2: give a reason"),
    "repeated": ("student_id,step,points,reason\ns000,Q,1,a\n\ns000,q,0,b\n", "line 4: s000 and Q were already set "
                 "on line 2"),
    "cells": ("student_id,step,points,reason\ns000,Q,1,a, b\n", "line 2: 5 cells"),
    "empty": ("", "empty"),
}


@pytest.mark.parametrize("case", sorted(BAD_OVERRIDES))
def test_a_bad_override_file_stops_before_anything_is_written(hw, runner, tmp_path, case):
    out, data, _key = hw
    text, expect = BAD_OVERRIDES[case]
    overrides = tmp_path / "o.csv"
    overrides.write_text(text, encoding="utf-8")
    sub = tmp_path / "s.toml"
    sub.write_text(fill_template(out, data["variants"][0]["file"], rounded_answers(exact(data["variants"][0]))),
                   encoding="utf-8")
    result = runner.invoke(app, ["homework", "grade", "--key", str(out / "key.json"), str(sub), "--overrides",
                                 str(overrides), "--csv", str(tmp_path / "g.csv"), "--lang", "en"])
    assert result.exit_code == 1, result.stdout
    assert expect in result.stderr and str(overrides) in result.stderr, result.stderr
    assert "Traceback" not in result.stderr and not (tmp_path / "g.csv").exists()


def test_an_override_for_a_student_without_a_graded_file_is_said(hw, runner, tmp_path):
    out, data, _key = hw
    v, other = data["variants"][0], data["variants"][1]
    sub = tmp_path / "s.toml"
    sub.write_text(fill_template(out, v["file"], rounded_answers(exact(v))), encoding="utf-8")
    overrides = tmp_path / "o.csv"
    overrides.write_text(f"student_id,step,points,reason\n{other['id']},Z,2,handed in on paper\n", encoding="utf-8")
    result = runner.invoke(app, ["homework", "grade", "--key", str(out / "key.json"), str(sub), "--overrides",
                                 str(overrides), "--csv", "-"])
    assert result.exit_code == 0
    assert f"override for {other['id']}, Z (line 2) not applied" in result.stderr


def test_overrides_from_python(hw):
    out, data, key = hw
    v = data["variants"][0]
    policy = Policy(overrides=(Override(v["id"], "Z", 0.5, "copied"),))
    (r,) = [r for r in grade_all(key, [("s.toml", fill_template(out, v["file"], rounded_answers(exact(v))))],
                                 policy) if r.student_id == v["id"]]
    assert r.steps["Z"].points == 0.5 and r.steps["Z"].computed_points == pytest.approx(2)
    assert r.total == pytest.approx(10 - 1.5)


# --- feedback without solutions ----------------------------------------------------------------------------


def _numbers(md: str) -> set[str]:
    return set(re.findall(r"-?\d+\.\d{4}", md))


def test_no_solutions_names_the_wrong_cells_without_the_expected_values(hw, runner, tmp_path):
    out, data, _key = hw
    v = data["variants"][5]
    ex = exact(v)
    ans, _m = q_slip(ex)
    sub = tmp_path / "s.toml"
    sub.write_text(fill_template(out, v["file"], ans), encoding="utf-8")
    expected_values = {f"{x:.4f}" for s in ("Q", "scores", "scaled", "weights", "Z") for x in ex[s].ravel()}

    def feedback(*args, key_path=out / "key.json"):
        fb = tmp_path / "fb"
        result = runner.invoke(app, ["homework", "grade", "--key", str(key_path), str(sub), "--feedback", str(fb),
                                     "--force", "--lang", "en", *args])
        assert result.exit_code == 0, result.stderr
        return (fb / f"{v['file']}.md").read_text(encoding="utf-8")

    shown = feedback()
    assert "expected" in shown and _numbers(shown) & expected_values
    for md in (feedback("--no-solutions"), feedback(key_path=with_grading(out, tmp_path, solutions=False))):
        assert "expected" not in md and not (_numbers(md) & expected_values)
        assert "differ from the exact answer" in md and "right given your earlier answers" in md
        rows, cols = v["trace"]["tokens"][0], "d"
        assert f"| {rows}, {cols}" in md  # the wrong cell is named


def test_grading_with_other_rules_leaves_the_key_as_it_was(hw):
    _out, _data, key = hw
    before = key.rules
    changed = key.with_rules(ecf_share=0.5, decimals=1, solutions=False)
    assert key.rules is before and key.rules.ecf_share == 1.0 and key.rules.solutions is True
    assert (changed.rules.ecf_share, changed.rules.decimals, changed.rules.solutions) == (0.5, 1, False)


# --- properties ---------------------------------------------------------------------------------------------


def _forward(x: dict) -> dict:
    """Each asked step from its own inputs, with loops from the formulas (scores = Q·Kᵀ, ...)."""
    Q, K, V, d = x["Q"], x["K"], x["V"], x["Q"].shape[1]
    n = Q.shape[0]
    return {
        "scores": np.array([[sum(Q[i, k] * K[j, k] for k in range(d)) for j in range(n)] for i in range(n)]),
        "scaled": x["scores"] / math.sqrt(d),
        "weights": np.array(softmax_rows(x["scaled"])),
        "Z": np.array(matmul(x["weights"].tolist(), V.tolist())),
    }


READS = {"scores": ("Q", "K"), "scaled": ("scores",), "weights": ("scaled",), "Z": ("weights", "V")}


@given(n=st.integers(2, 4), d=st.sampled_from([1, 4]), seed=st.integers(0, 2**16), data=st.data())
@settings(max_examples=40, deadline=None)
def test_the_cells_that_read_a_slip_are_those_a_change_of_it_moves(n, d, seed, data):
    """reads_slip against the rules themselves: change one input cell and see which output cells move."""
    from attntrace.homework.carry import reads_slip

    rng = np.random.default_rng(seed)
    x = {"Q": rng.normal(size=(n, d)), "K": rng.normal(size=(n, d)), "V": rng.normal(size=(n, d)),
         "scores": rng.normal(size=(n, n)), "scaled": rng.normal(size=(n, n)), "weights": rng.random((n, n))}
    step = data.draw(st.sampled_from(sorted(READS)))
    source = data.draw(st.sampled_from(READS[step]))
    cell = (data.draw(st.integers(0, x[source].shape[0] - 1)), data.draw(st.integers(0, x[source].shape[1] - 1)))
    moved = x | {source: x[source].copy()}
    moved[source][cell] += 1.0
    changed = np.abs(_forward(moved)[step] - _forward(x)[step]) > 1e-12
    slips = {source: np.zeros(x[source].shape, dtype=bool)}
    slips[source][cell] = True
    # random inputs have no zero factor (K[j, k] = 0 would hide a change of Q[i, k]): the two are equal
    assert np.array_equal(reads_slip(step, changed.shape, slips), changed)


@given(index=st.integers(0, 5), row=st.integers(0, 3), col=st.integers(0, 3), share=st.floats(0, 1))
@settings(max_examples=25, deadline=None)
def test_a_slip_in_scores_costs_its_cell_and_one_share_of_scaled_whatever_follows(hw, index, row, col, share):
    out, data, key = hw
    v = data["variants"][index]
    ex = exact(v)
    n = ex["scores"].shape[0]
    i, j = row % n, col % n
    ans = rounded_answers(ex)
    ans["scores"] = ans["scores"].copy()
    ans["scores"][i, j] += 1.0  # scaled[i, j] moves by 1/√d_k = 0.5: carried, and it reads the slip
    ans["scaled"] = np.round(ans["scores"] / 2, 2)
    ans.update(from_scaled(ans["scaled"].tolist(), ans["V"]))
    (r,) = [r for r in grade_all(key.with_rules(ecf_share=share), [("s.toml", fill_template(out, v["file"], ans))])
            if r.student_id == v["id"]]
    assert r.total == pytest.approx(10 - POINTS["scores"] / n**2 - POINTS["scaled"] * (1 - share) / n**2)


@pytest.mark.parametrize(("grading", "expect"), [
    ({"solutions": "no"}, "grading.solutions"),
    ({"mistake_credit": {"default": 2}}, "grading.mistake_credit.default"),
    ({"mistake_credit": [0.5]}, "grading.mistake_credit"),
])
def test_bad_policy_settings_in_the_key_are_refused_by_name(hw, tmp_path, grading, expect):
    from attntrace.homework import KeyError_

    out, _data, _key = hw
    with pytest.raises(KeyError_, match=re.escape(expect)):
        key_loads(with_grading(out, tmp_path, **grading).read_text(encoding="utf-8"))


def test_of_identical_files_any_counts_and_the_newest_different_one_wins_over_them(hw):
    out, data, key = hw
    v = data["variants"][6]
    ex = exact(v)
    good = fill_template(out, v["file"], rounded_answers(ex))
    bad = fill_template(out, v["file"], {**rounded_answers(ex), "Z": rounded_answers(ex)["Z"] + 1})
    files = [SubmissionFile("a.toml", good, mtime=1.0), SubmissionFile("b.toml", bad, mtime=2.0),
             SubmissionFile("c.toml", good, mtime=3.0)]  # the good file sent again, last
    (r,) = [r for r in grade_all(key, files) if r.student_id == v["id"]]
    assert r.file == "c.toml" and r.total == pytest.approx(10)
    notes = " ".join(str(n) for n in r.notes)
    assert "also sent as a.toml" in notes and "set aside: b.toml" in notes


def test_every_known_mistake_is_a_diagnosis_with_a_sentence_in_both_languages():
    from attntrace.homework.mistakes import KNOWN
    from attntrace.i18n import MESSAGES

    source = (ROOT / "attntrace" / "check" / "diagnose.py").read_text(encoding="utf-8")
    for name in KNOWN:
        assert f'"diagnose.{name}"' in source, name  # a mistake diagnose replays
        assert set(MESSAGES[f"diagnose.{name}"]) >= {"en", "zh"}, name


def test_one_shared_exercise_takes_overrides_for_any_id_and_flags_a_wrong_code(runner, tmp_path):
    out = tmp_path / "hw"
    result = runner.invoke(app, ["homework", "new", "--out", str(out), "--seed", "5"])
    assert result.exit_code == 0, result.stderr
    (v,) = key_data(out)["variants"]
    text = fill_template(out, v["file"], rounded_answers(exact(v))).replace(f'student_id = "{v["id"]}"',
                                                                           'student_id = "x9"')
    key = key_loads((out / "key.json").read_text(encoding="utf-8"))
    policy = Policy(overrides=(Override("x9", "K", 0.0, "K copied from a friend"),))
    (r,) = grade_all(key, [("x9.toml", text)], policy)
    assert r.student_id == "x9" and r.total == pytest.approx(9) and r.integrity is None
    (r,) = grade_all(key, [("x9.toml", text.replace(v["code"], "AAAA-BBBB"))])
    assert "AAAA-BBBB" in str(r.integrity) and r.status == "problem"


def test_known_mistake_credit_through_the_cli(hw, runner, tmp_path):
    out, data, _key = hw
    v = data["variants"][7]
    sub = tmp_path / "s.toml"
    sub.write_text(fill_template(out, v["file"], no_sqrt(exact(v))), encoding="utf-8")
    key = with_grading(out, tmp_path, mistake_credit={"default": 0.25, "weights.axis": 1.0})
    result = runner.invoke(app, ["homework", "grade", "--key", str(key), str(sub), "--csv", "-",
                                 "--feedback", str(tmp_path / "fb"), "--lang", "zh"])
    assert result.exit_code == 0, result.stderr
    row = csv_rows(result.stdout)[v["id"]]
    assert float(row["scaled"]) == pytest.approx(0.25 * POINTS["scaled"])  # the default of the key
    assert float(row["total"]) == pytest.approx(10 - 0.75 * POINTS["scaled"])
    md = (tmp_path / "fb" / f"{v['file']}.md").read_text(encoding="utf-8")
    assert "常见错误" in md and "25%" in md


def test_class_statistics_count_the_known_mistake_grading_found(hw):
    # Grading's diagnosis reaches the class statistics: three students forget ÷√d_k, one slips in Q.
    from attntrace.homework import class_stats

    out, data, key = hw
    variants = data["variants"][:4]
    files = [(f"{v['id']}.toml", fill_template(out, v["file"], no_sqrt(exact(v)))) for v in variants[:3]]
    files.append((f"{variants[3]['id']}.toml", fill_template(out, variants[3]["file"], q_slip(exact(variants[3]))[0])))
    stats = class_stats(grade_all(key, files), key)
    top = stats.mistakes[0]
    assert (top.step, top.kind, top.count) == ("scaled", "diagnose.scaled.no_sqrt", 3)
    assert set(top.students) == {v["id"] for v in variants[:3]}
