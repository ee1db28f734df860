"""`attntrace diff`: a porter's trace against a trusted one. The porter's traces come from a learner's own numpy
code (tests/user_impl.py) with each common mistake planted; the trusted one from the same code without it."""

from __future__ import annotations

import json

import numpy as np
import pytest
import user_impl as U
from test_check import CONFIGS, user_trace

from attntrace.cli import app
from attntrace.diff import DiffError, diff
from attntrace.npz import to_npz_bytes


def _cases():
    for cfg_key, cfg in CONFIGS.items():
        for bug in U.BUGS:
            if U.applies(bug, cfg):
                yield pytest.param(cfg_key, bug, id=f"{bug}-{cfg_key}")


@pytest.mark.parametrize(("cfg_key", "bug"), list(_cases()))
def test_each_planted_mistake_is_the_first_divergence_with_verifys_hint(cfg_key, bug):
    d = diff(user_trace(cfg_key, bug), user_trace(cfg_key))
    step, cause = U.bug_step(bug), U.BUGS[bug][1]
    assert not d.ok
    assert d.first_divergent.name == step, [(s.name, s.status) for s in d.steps if s.status != "same"]
    assert all(s.status == "same" for s in d.steps[:d.steps.index(d.first_divergent)])
    assert d.hint is not None and cause in d.hint.causes and d.hint.specific, d.hint.message


def test_the_same_numbers_agree_and_the_report_is_json(runner, tmp_path):
    a = tmp_path / "a.json"
    a.write_text(user_trace("2 heads").to_json(), encoding="utf-8")
    result = runner.invoke(app, ["diff", str(a), str(a)])
    assert result.exit_code == 0 and "Every step both traces hold agrees." in result.stdout
    result = runner.invoke(app, ["diff", str(a), str(a), "--json", "-"])
    data = json.loads(result.stdout)
    assert data["ok"] is True and data["first_divergent"] is None and data["counts"]["differs"] == 0


def test_the_first_divergent_cell_is_named_as_in_the_tables(tmp_path, runner):
    ref = user_trace("2 heads")
    mine = json.loads(ref.to_json())
    scaled = next(s for s in mine["steps"] if s["name"] == "blocks.0.attn.scaled")
    true_value = scaled["data"][1][2][0]
    scaled["data"][1][2][0] += 0.25  # head 1, query "ate", key "the"
    (tmp_path / "mine.json").write_text(json.dumps(mine), encoding="utf-8")
    (tmp_path / "ref.npz").write_bytes(to_npz_bytes(ref))
    result = runner.invoke(app, ["diff", str(tmp_path / "mine.json"), str(tmp_path / "ref.npz"), "--json", "-"])
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    first = data["first_divergent"]
    assert first["name"] == "blocks.0.attn.scaled"
    step = next(s for s in data["steps"] if s["name"] == first["name"])
    cell = step["comparison"]["first_wrong"]
    assert cell["cell"] == f"h1 {ref.tokens[2]}→{ref.tokens[0]}" and cell["index"] == [1, 2, 0]
    assert cell["expected"] == true_value and abs(cell["found"] - true_value - 0.25) < 1e-12
    assert step["comparison"]["wrong_cells"] == 1
    assert abs(step["comparison"]["max_abs_error"] - 0.25) < 1e-12
    shown = runner.invoke(app, ["diff", str(tmp_path / "mine.json"), str(tmp_path / "ref.npz")],
                          env={"COLUMNS": "120"})
    assert "First divergent step: blocks.0.attn.scaled" in shown.stdout and "▶ differs" in shown.stdout


def test_steps_on_one_side_are_listed_and_do_not_fail(tmp_path):
    ref = user_trace("1 head")
    mine = user_trace("1 head", keep=U.minimal)
    d = diff(mine, ref)
    assert d.ok
    data = d.to_dict()
    assert "blocks.0.attn.out" in data["only_reference"] and data["only_mine"] == []
    assert data["counts"]["same"] == len([n for n in mine.names])


def test_different_head_subsets_are_compared_on_the_heads_both_hold():
    from attntrace import trace

    full = trace("the hippo ate dinner", n_heads=2)
    one = full.select(head=1)
    d = diff(one, full)
    assert d.ok and d.to_dict()["heads"] == [1]
    assert any("compared on the heads both traces hold: 1" in str(n) for n in d.notes)
    with pytest.raises(DiffError, match="no head in common"):
        diff(full.select(head=0), one)


def test_weights_laid_out_wrongly_are_named():
    ref = user_trace("2 heads")
    W = ref.step("blocks.0.attn.W_Q")  # (H, D, d)
    full = np.concatenate(list(W), axis=1)  # (D, H·d)
    for layout, cause in ((full.T.reshape(4, 2, 2).transpose(1, 0, 2), "diagnose.param.transposed"),
                          (full.reshape(2, 4, 2), "diagnose.param.reshape"),
                          (W[::-1], "diagnose.param.heads_order")):
        mine = user_trace("2 heads")
        mine.steps["blocks.0.attn.W_Q"] = mine.steps["blocks.0.attn.W_Q"].__class__("blocks.0.attn.W_Q", layout, "W_Q")
        d = diff(mine, ref)
        assert d.first_divergent.name == "blocks.0.attn.W_Q"
        assert cause in d.hint.causes and d.hint.specific, d.hint.message


def test_traces_of_other_lengths_cannot_be_compared(runner, tmp_path):
    from attntrace import trace

    (tmp_path / "a.json").write_text(trace("a b c").to_json(), encoding="utf-8")
    (tmp_path / "b.json").write_text(trace("a b").to_json(), encoding="utf-8")
    result = runner.invoke(app, ["diff", str(tmp_path / "a.json"), str(tmp_path / "b.json")])
    assert result.exit_code == 1 and "3 tokens against 2 in the reference" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("args", [["--rtol", "-1"], ["--atol", "nan"], []])
def test_bad_usage_is_exit_2(runner, tmp_path, args):
    from attntrace import trace

    (tmp_path / "a.json").write_text(trace("a b").to_json(), encoding="utf-8")
    result = runner.invoke(app, ["diff", str(tmp_path / "a.json"), *([str(tmp_path / "a.json")] if args else []),
                                 *args])
    assert result.exit_code == 2


def test_unknown_step_names_fail_unless_lenient(runner, tmp_path):
    from attntrace import trace

    good = json.loads(trace("a b").to_json())
    (tmp_path / "ref.json").write_text(json.dumps(good), encoding="utf-8")
    good["steps"].append({"name": "blocks.0.attn.Wq", "data": [1]})
    (tmp_path / "mine.json").write_text(json.dumps(good), encoding="utf-8")
    args = ["diff", str(tmp_path / "mine.json"), str(tmp_path / "ref.json")]
    result = runner.invoke(app, args)
    assert result.exit_code == 1 and "did you mean blocks.0.attn.W_Q?" in result.stderr
    assert runner.invoke(app, [*args, "--lenient"]).exit_code == 0


def test_python_takes_paths_and_the_repr_is_short(tmp_path):
    from attntrace import trace

    t = trace("a b c", n_heads=2)
    (tmp_path / "a.json").write_text(t.to_json(), encoding="utf-8")
    (tmp_path / "a.npz").write_bytes(to_npz_bytes(t))
    d = diff(tmp_path / "a.json", str(tmp_path / "a.npz"))
    assert d.ok and len(repr(d)) < 300 and "array" not in repr(d)
