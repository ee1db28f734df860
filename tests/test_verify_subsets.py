"""verify on a trace that holds some of the heads (explain --head, Trace.select(head=...)): every per-head
step recomputes from the subset, grouped K/V included (the K/V heads a subset keeps are numbered as in the
model), an honest subset passes a strict verify, and a mistake planted in a subset is named."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("tokenizers")

from attntrace import steps as catalogue
from attntrace.check.verify import verify
from attntrace.cli import app

DATA = Path(__file__).with_name("data") / "families"
FAMILIES = ["tiny-llama", "tiny-qwen2", "tiny-mistral", "tiny-gpt2", "tiny-distilgpt2", "distilbert", "roberta",
            "xlm-roberta", "seeded"]
TEXT = "The cat sat on the mat"


@pytest.fixture(scope="module")
def full():
    """Each family's whole trace: tests/test_decoders.py and test_families.py check it against a loop reference."""
    from attntrace import trace
    from attntrace.models import load, trace_model

    out = {f: trace_model(TEXT, load(DATA / f)) for f in FAMILIES if f != "seeded"}
    out["seeded"] = trace("今天晚上吃河马", n_heads=4, d_model=8, n_layers=2)
    return out


def _cases():
    return [(f, h) for f in FAMILIES for h in range(4) if not (f == "tiny-distilgpt2" and h == 3)]


def test_the_cases_cover_every_head(full):
    assert {(f, h) for f in FAMILIES for h in range(full[f].config.n_heads)} == set(_cases())


@pytest.mark.parametrize(("family", "head"), _cases())
def test_an_honest_subset_recomputes_every_per_head_step_and_verifies(full, family, head, tmp_path, runner):
    whole = full[family]
    one = whole.select(head=head)
    v = verify(one)
    for s in v.report.steps:
        if s.is_input or s.found is None:
            continue
        info = catalogue.info(s.name)
        if s.name.endswith(".attn.out"):  # a sum over every head: not checkable from one
            continue
        assert s.status == "ok", (s, v.report)
        assert s.recomputed is not None and s.recomputed.expected.shape == s.found.shape, s
        axes = info.axes if info is not None else ()
        kind = next((a for a in catalogue.HEAD_AXES if a in axes), None)
        if kind is not None:  # the subset's recomputed head is the whole trace's head, K/V head h // group
            index = head if kind == "head" else head // whole.config.group
            expected = whole.step(s.name).take([index], axis=axes.index(kind))
            np.testing.assert_allclose(s.recomputed.expected, expected, rtol=1e-9, atol=1e-12, err_msg=s.name)
    grouped = whole.config.n_kv_heads < whole.config.n_heads
    if grouped:
        assert v.report["blocks.0.attn.kv_head"].found.tolist() == [head // whole.config.group]

    path = tmp_path / "one.json"
    path.write_text(one.to_json())
    result = runner.invoke(app, ["verify", str(path)])
    assert result.exit_code == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(("family", "head"), _cases())
def test_a_mistake_planted_in_a_subset_is_named(full, family, head):
    one = full[family].select(head=head)
    data = json.loads(one.to_json())
    step = next(s for s in data["steps"] if s["name"] == "blocks.0.attn.scaled")
    scores = next(s for s in data["steps"] if s["name"] == "blocks.0.attn.scores")
    step["data"] = scores["data"]  # the classic: no division by √d_k
    v = verify(data)
    assert not v.ok and v.first_wrong.name == "blocks.0.attn.scaled"
    assert v.hint is not None and v.hint.specific and "√" in v.hint.message


@pytest.mark.parametrize("head", range(4))
def test_a_kv_head_naming_a_head_the_subset_lacks_is_wrong_not_a_crash(full, head):
    whole = full["tiny-llama"]  # 4 query heads, 2 K/V heads
    data = json.loads(whole.select(head=head).to_json())
    kv = next(s for s in data["steps"] if s["name"] == "blocks.0.attn.kv_head")
    kv["data"] = [1 - head // whole.config.group]  # the other K/V head, which this subset does not hold
    v = verify(data)
    assert not v.ok and v.first_wrong.name == "blocks.0.attn.kv_head"
    assert v.report["blocks.0.attn.K_rep"].status == "ok"  # judged on the K/V head it should have read


def test_a_kv_head_out_of_range_in_a_whole_trace_is_wrong_not_a_crash(full):
    data = json.loads(full["tiny-qwen2"].to_json())
    kv = next(s for s in data["steps"] if s["name"] == "blocks.1.attn.kv_head")
    kv["data"] = [0, 1, 2, 3]  # query head h reading K/V head h: there are only 2
    v = verify(data)
    assert v.first_wrong.name == "blocks.1.attn.kv_head"
    assert v.report["blocks.1.attn.V_rep"].status == "ok"


# --- the tables' headings: the steps after the last layer ---------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("family", ["tiny-gpt2", "tiny-llama"])
def test_steps_after_the_last_layer_have_their_own_heading_in_verify_and_diff(full, family, lang, tmp_path, runner):
    path = tmp_path / "t.json"
    path.write_text(full[family].to_json())
    word = {"en": "after the layers", "zh": "各层之后"}[lang]
    last = full[family].config.n_layers - 1
    for args in (["verify", str(path)], ["diff", str(path), str(path)]):
        result = runner.invoke(app, [*args, "--lang", lang], env={"COLUMNS": "200"})
        assert result.exit_code == 0, result.stdout + result.stderr
        lines = [line.strip() for line in result.stdout.splitlines()]
        assert "blocks.None" not in result.stdout
        heads = [i for i, line in enumerate(lines) if line == word or line == f"blocks.{last}"]
        assert [lines[i] for i in heads] == [f"blocks.{last}", word], args  # once, after the last layer's
        assert lines[heads[1] + 1].startswith("final_norm.")
