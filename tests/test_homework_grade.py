"""Grading: full marks from the key, exact partial credit, error carried forward, rounding, trivial answers."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hw_helpers import ASK, POINTS, class_set, exact, fill_template, rounded_answers

from attntrace.homework import grade_all


@pytest.fixture(scope="module")
def hw(tmp_path_factory):
    return class_set(tmp_path_factory, 40, seed=7)


def grade_one(key, variant: dict, text: str, name: str = "sub.toml", **rules):
    results = grade_all(key.with_rules(**rules), [(name, text)])
    return next(r for r in results if r.student_id == variant["id"])


def test_the_template_filled_from_the_key_gets_full_marks_for_every_variant(hw):
    out, data, key = hw
    files = [(f"{v['file']}.toml", fill_template(out, v["file"], rounded_answers(exact(v)))) for v in data["variants"]]
    results = grade_all(key, files)
    assert len(results) == len(data["variants"]) == 40
    for r in results:
        assert r.status == "ok", (r.student_id, [str(p) for p in r.problems])
        assert r.total == pytest.approx(10.0), r.student_id
        assert not any(g.ecf.any() for g in r.steps.values()), "no error carried forward on a right answer"


def test_exact_unrounded_answers_also_get_full_marks(hw):
    out, data, key = hw
    v = data["variants"][0]
    ex = exact(v)
    r = grade_one(key, v, fill_template(out, v["file"], {s: ex[s] for s in ASK}))
    assert r.total == pytest.approx(10.0)


def test_rounding_weights_before_computing_z_costs_nothing_even_without_ecf(hw):
    """Z from weights rounded to 2 dp may be off the exact Z by more than 0.005; the allowance covers it."""
    out, data, key = hw
    checked = 0
    for v in data["variants"]:
        ex = exact(v)
        ans = rounded_answers(ex)
        if np.abs(ans["Z"] - ex["Z"]).max() <= 0.005:
            continue  # rounding did not matter for this variant
        r = grade_one(key, v, fill_template(out, v["file"], ans), ecf_share=0.0)
        assert r.steps["Z"].points == pytest.approx(2.0), v["id"]
        checked += 1
    assert checked, "no variant where rounding the weights moves Z by more than half a unit"


def test_one_wrong_cell_costs_exactly_its_share_of_the_step(hw):
    out, data, key = hw
    v = data["variants"][3]
    ans = rounded_answers(exact(v))
    n = ans["scores"].shape[0]
    ans["scores"][0, 1] += 1.0  # an arithmetic slip in one cell; later steps are from the right scores
    r = grade_one(key, v, fill_template(out, v["file"], ans))
    # the rule: a step earns points × (cells right) / (cells); scores has n×n cells and 2 points
    assert r.steps["scores"].points == pytest.approx(2 * (n * n - 1) / (n * n))
    assert r.total == pytest.approx(10 - 2 / (n * n))
    for s in ("Q", "K", "V", "scaled", "weights", "Z"):
        assert r.steps[s].points == pytest.approx(POINTS[s]), s


def _consistent_from_q(Q, K, V, d):
    """scores, scaled, weights (rounded to 2 dp) and Z from the student's Q, with plain loops."""
    n = len(Q)
    scores = [[sum(Q[i][k] * K[j][k] for k in range(d)) for j in range(n)] for i in range(n)]
    scaled = [[scores[i][j] / math.sqrt(d) for j in range(n)] for i in range(n)]
    weights = []
    for i in range(n):
        e = [math.exp(x) for x in scaled[i]]
        weights.append([round(x / sum(e), 2) for x in e])
    Z = [[round(sum(weights[i][j] * V[j][k] for j in range(n)), 2) for k in range(d)] for i in range(n)]
    return {"scores": np.array(scores), "scaled": np.round(np.array(scaled), 2), "weights": np.array(weights),
            "Z": np.array(Z)}


def test_a_wrong_q_with_consistent_later_steps_gets_error_carried_forward_on_them_not_on_q(hw):
    out, data, key = hw
    for v in data["variants"]:  # a variant where changing Q[0, c] changes some scores
        ex = exact(v)
        cols = [c for c in range(ex["K"].shape[1]) if ex["K"][:, c].any()]
        if cols:
            break
    c = cols[0]
    ans = rounded_answers(ex)
    ans["Q"] = ex["Q"].copy()
    ans["Q"][0, c] += 1.0  # one wrong cell of Q
    d = ex["Q"].shape[1]
    ans.update(_consistent_from_q(ans["Q"].tolist(), ex["K"].tolist(), ex["V"].tolist(), d))
    text = fill_template(out, v["file"], ans)
    n = ex["Q"].shape[0]

    full = grade_one(key, v, text)
    assert full.steps["Q"].points == pytest.approx(1 - 1 / (n * d))  # Q itself earns nothing back
    assert not full.steps["Q"].ecf.any()
    for s in ("K", "V", "scores", "scaled", "weights", "Z"):
        assert full.steps[s].points == pytest.approx(POINTS[s]), s  # ECF share 1.0: full credit
    assert full.steps["scores"].ecf.any()

    half = grade_one(key, v, text, ecf_share=0.5)
    wrong = sum(1 for j in range(n) if ex["K"][j, c] != 0)  # scores[0, j] moves by K[j, c]
    assert half.steps["scores"].ecf.sum() == wrong
    assert half.steps["scores"].points == pytest.approx(2 * (n * n - wrong + 0.5 * wrong) / (n * n))
    assert half.steps["Q"].points == pytest.approx(1 - 1 / (n * d))

    from attntrace.homework import feedback_markdown
    from attntrace.i18n import set_lang

    set_lang("en")
    try:
        md = feedback_markdown(full, key)
    finally:
        set_lang(None)
    assert "Error carried forward" in md and "your own Q, K" in md


def test_a_trivial_earlier_answer_carries_no_credit_forward(hw):
    out, data, key = hw
    v = data["variants"][5]
    ex = exact(v)
    ans = rounded_answers(ex)
    n, d = ex["Q"].shape
    ans["Q"] = np.zeros((n, d))  # not done
    ans.update(_consistent_from_q(ans["Q"].tolist(), ex["K"].tolist(), ex["V"].tolist(), d))  # zeros, uniform
    r = grade_one(key, v, fill_template(out, v["file"], ans))
    assert r.steps["Q"].points == 0
    assert r.steps["scores"].blocked_by == ("Q",)
    assert r.steps["scaled"].blocked_by == ("scores",)  # the block goes down the chain
    for s in ("scores", "scaled", "weights", "Z"):
        assert not r.steps[s].ecf.any(), s
    assert r.steps["K"].points == 1 and r.steps["V"].points == 1


def test_tolerance_is_half_a_unit_of_the_last_decimal(hw):
    out, data, key = hw
    v = data["variants"][1]
    ex = exact(v)
    for delta, right in ((0.0049, True), (0.0051, False)):
        ans = rounded_answers(ex)
        ans["K"] = ex["K"].copy()
        ans["K"][0, 0] += delta
        r = grade_one(key, v, fill_template(out, v["file"], ans))
        assert bool(r.steps["K"].right[0, 0]) is right, delta
    ans = rounded_answers(ex)
    ans["K"] = ex["K"] + 0.03
    r = grade_one(key, v, fill_template(out, v["file"], ans), decimals=1)  # 1 dp: ±0.05
    assert r.steps["K"].right.all()
