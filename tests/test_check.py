"""The recompute-and-compare engine and its diagnosis, fed by a learner's own numpy code (tests/user_impl.py).

Each mistake is planted in that code, so every later step follows from the wrong one as in a real buggy
program; the check must name exactly the planted step first ("no earlier"), and the hint must name the mistake.
"""

from __future__ import annotations

import functools
import json

import numpy as np
import pytest
import user_impl as U

from attntrace import steps as catalogue
from attntrace.check.engine import (
    ALL_HEADS,
    DEFAULT_ATOL,
    DEFAULT_RTOL,
    MISSING,
    NOT_CHECKED,
    OK,
    WRONG,
    NothingToCheck,
    check,
)
from attntrace.check.verify import verify
from attntrace.io.json import loads

SENTENCE = "the hippo ate dinner ."

CONFIGS = {
    "1 head": {},
    "2 heads": {"n_heads": 2},
    "2 layers": {"n_layers": 2},
    "causal": {"mask": "causal"},
    "no positions": {"positional": "none"},
    "2 heads, 2 layers, causal, no positions": {"n_heads": 2, "n_layers": 2, "mask": "causal", "positional": "none"},
}


@functools.cache
def seeded(cfg_key: str):
    """Tokens, the token embeddings and the layer weights: the inputs, taken from attntrace's seeded model."""
    from attntrace import trace

    tr = trace(SENTENCE, **CONFIGS[cfg_key])
    params = {n: tr.step(n) for n in tr.names if catalogue.info(n).kind == "param"}
    return tr.tokens, tr.step("embed.token"), params


def user_trace(cfg_key: str, bug: str | None = None, keep=None, cfg_extra: dict | None = None):
    tokens, E, params = seeded(cfg_key)
    cfg = {**CONFIGS[cfg_key], **(cfg_extra or {})}
    steps = U.encode(E, cfg, params, bug)
    return loads(U.trace_json(tokens, cfg, steps, keep))


# --- a correct trace passes -------------------------------------------------------------------------------


@pytest.mark.parametrize("variant", ["full", "minimal"])
@pytest.mark.parametrize("cfg_key", CONFIGS)
def test_a_correct_trace_from_any_configuration_passes(cfg_key, variant):
    v = verify(user_trace(cfg_key, keep=U.minimal if variant == "minimal" else None), strict=False)
    assert v.ok, [(s.name, s.status) for s in v.report.steps if s.status == WRONG]
    # strict: a minimal trace of two layers holds layer 1's attention without blocks.0.out, its input
    assert verify(v.trace).ok == (not v.unchecked)
    assert bool(v.unchecked) == (variant == "minimal" and "2 layers" in cfg_key)
    for s in v.report.steps:
        if s.status == OK and s.recomputed is not None:
            assert s.recomputed.ok, s.name  # also right from the inputs alone
    assert v.hint is None
    if variant == "minimal":
        assert v.report["X"].is_input and v.report["X"].status == NOT_CHECKED  # X is a given here
        assert v.report["blocks.0.attn.out"].status == MISSING
        assert v.report["blocks.0.attn.Z"].status == OK


@pytest.mark.parametrize("cfg_key", CONFIGS)
def test_explain_traces_pass_through_json(cfg_key):
    from attntrace import trace

    v = verify(loads(trace(SENTENCE, **CONFIGS[cfg_key]).to_json()))
    assert v.ok
    assert v.counts()[WRONG] == 0 and v.counts()[MISSING] == 0


# --- every mistake is caught at its step, no earlier -------------------------------------------------------


def _cases():
    for cfg_key, cfg in CONFIGS.items():
        for bug in U.BUGS:
            if not U.applies(bug, cfg):
                continue
            yield pytest.param(cfg_key, bug, "full", id=f"{bug}-{cfg_key}-full")
            step = U.bug_step(bug)
            if step != "X" and U.minimal(step) and not step.startswith("blocks.1"):
                yield pytest.param(cfg_key, bug, "minimal", id=f"{bug}-{cfg_key}-minimal")


# Steps a bug breaks on its own besides its first one (the learner's code repeats the mistake there).
ALSO_WRONG = {"layer_input_X": {"blocks.{l}.attn.K", "blocks.{l}.attn.V"},
              # the weights were computed with the right mask, so checked against the saved one they differ
              "mask_pytorch": {"blocks.{l}.attn.weights"}}


@pytest.mark.parametrize(("cfg_key", "bug", "variant"), list(_cases()))
def test_each_mistake_is_caught_at_its_step_and_no_earlier(cfg_key, bug, variant):
    v = verify(user_trace(cfg_key, bug, keep=U.minimal if variant == "minimal" else None))
    step, cause = U.bug_step(bug), U.BUGS[bug][1]
    assert not v.ok
    assert v.first_wrong.name == step, [(s.name, s.status) for s in v.report.steps if s.status == WRONG]
    # every other wrong step is the same mistake repeated in a later layer, not a knock-on effect
    allowed = {catalogue.pattern_of(step)} | ALSO_WRONG.get(bug, set())
    for s in v.report.steps:
        if s.status == WRONG:
            assert catalogue.pattern_of(s.name) in allowed, s.name
    assert v.hint is not None and v.hint.step == step
    assert cause in v.hint.causes and v.hint.specific, v.hint.message
    first = v.report[step]
    if first.recomputed is not None:
        assert not first.recomputed.ok  # wrong from the inputs too


def test_epsilon_outside_the_root_is_named_when_it_shows():
    """With the default ε = 1e-5 the slip changes LayerNorm by ~1e-5 relative, inside the tolerance; with
    ε = 0.5 it shows, and the hint names it."""
    tr = user_trace("1 head", cfg_extra={"ln_eps": 0.5})
    x = tr.step("blocks.0.attn.resid")
    mean = x.mean(axis=1, keepdims=True)
    var = ((x - mean) ** 2).mean(axis=1, keepdims=True)
    wrong = (x - mean) / (np.sqrt(var) + 0.5)  # γ = 1, β = 0 in the seeded model
    data = json.loads(tr.to_json())
    data["steps"] = [s for s in data["steps"] if s["name"] in tr.names[: tr.names.index("blocks.0.ln1.out") + 1]]
    data["steps"][-1]["data"] = wrong.tolist()
    v = verify(loads(json.dumps(data)))
    assert v.first_wrong.name == "blocks.0.ln1.out"
    assert v.hint.cause == "diagnose.ln.eps_outside"


def test_an_unknown_mistake_gets_the_steps_usual_causes():
    tr = user_trace("causal")
    data = json.loads(tr.to_json())
    for s in data["steps"]:
        if s["name"] == "blocks.0.attn.weights":
            s["data"][0][2][0] += 0.25  # not any known mistake; the row no longer sums to 1
    v = verify(loads(json.dumps(data)))
    assert v.first_wrong.name == "blocks.0.attn.weights"
    assert v.first_wrong.local.first_wrong == (0, 2, 0)
    assert (v.hint.cause, v.hint.specific) == ("diagnose.weights", False)
    assert "sum to 0.9" not in v.hint.message and "1.25" in v.hint.message  # rows sum to 1–1.25, not 1


# --- what the engine reports ------------------------------------------------------------------------------


def test_local_and_recomputed_comparisons_and_errors():
    v = verify(user_trace("1 head", "no_sqrt", keep=U.minimal))
    scaled = v.report["blocks.0.attn.scaled"]
    scores = scaled.local_args[0]
    np.testing.assert_allclose(scaled.local.expected, scores / 2.0)  # √d_k = √4
    abs_err, rel_err = scaled.local.errors(scaled.found)
    assert abs_err == pytest.approx(np.abs(scores / 2).max())
    assert rel_err == pytest.approx(1.0)  # scores vs scores/2: off by 100 %
    weights = v.report["blocks.0.attn.weights"]
    assert weights.status == OK and not weights.recomputed.ok  # right given their scaled, wrong from the inputs


def test_a_trace_with_only_some_heads_checks_all_but_the_sum_over_heads():
    from attntrace import trace

    one = loads(trace(SENTENCE, n_heads=2, n_layers=2).select(head=1).to_json())
    v = verify(one, strict=False)
    strict = verify(one)
    assert v.ok and strict.ok  # attn.out cannot be checked in a head subset: a note, not a failure
    assert [s.name for s in strict.in_subset] == ["blocks.0.attn.out", "blocks.1.attn.out"] and not strict.unchecked
    out = v.report["blocks.0.attn.out"]
    assert (out.status, out.needs) == (NOT_CHECKED, (ALL_HEADS,))
    assert v.report["blocks.0.attn.weights"].status == OK
    assert v.report["blocks.1.attn.Q"].status == OK


def test_weights_missing_means_nothing_to_check():
    tokens, E, params = seeded("1 head")
    steps = U.encode(E, {}, params)
    tr = loads(U.trace_json(tokens, {}, {k: steps[k] for k in ("X", "blocks.0.attn.Q", "blocks.0.attn.K")}))
    with pytest.raises(NothingToCheck) as e:
        check(tr)
    assert e.value.needs == ["blocks.0.attn.W_K", "blocks.0.attn.W_Q"]


def test_a_missing_weight_leaves_only_its_step_unchecked():
    tr = user_trace("1 head", keep=lambda n: U.minimal(n) and n != "blocks.0.attn.W_V")
    v = verify(tr)
    V = v.report["blocks.0.attn.V"]
    assert (V.status, V.needs) == (NOT_CHECKED, ("blocks.0.attn.W_V",))
    assert v.report["blocks.0.attn.Z"].status == OK  # checked against the trace's own V
    assert not v.ok and [s.name for s in v.unchecked] == ["blocks.0.attn.V"]
    assert verify(tr, strict=False).ok


@pytest.mark.parametrize("precision", ["float32", "6 significant digits"])
def test_the_default_tolerance_accepts_float32_and_printed_values(precision):
    """The README's justification of the defaults, kept honest."""
    assert (DEFAULT_RTOL, DEFAULT_ATOL) == (1e-4, 1e-4)
    tokens, E, params = seeded("2 heads, 2 layers, causal, no positions")
    steps = U.encode(E, CONFIGS["2 heads, 2 layers, causal, no positions"], params)

    def cut(a):
        a = np.asarray(a)
        if a.dtype == bool:
            return a
        if precision == "float32":
            return a.astype(np.float32).astype(np.float64)
        return np.array([float(f"{x:.6g}") for x in a.ravel()]).reshape(a.shape)

    tr = loads(U.trace_json(tokens, CONFIGS["2 heads, 2 layers, causal, no positions"],
                            {k: cut(v) for k, v in steps.items()}))
    assert verify(tr).ok


def test_bad_tolerances_are_refused():
    tr = user_trace("1 head")
    for bad in ({"rtol": -1}, {"atol": float("nan")}, {"rtol": float("inf")}):
        with pytest.raises(ValueError):
            verify(tr, **bad)


def test_tolerances_fill_in_the_defaults_and_name_the_bad_one():
    from attntrace.check.engine import DEFAULT_ATOL, DEFAULT_RTOL
    from attntrace.check.verify import ToleranceError, tolerances

    assert tolerances() == (DEFAULT_RTOL, DEFAULT_ATOL)
    assert tolerances(0.5, None) == (0.5, DEFAULT_ATOL) and tolerances(None, 0) == (DEFAULT_RTOL, 0)
    for rtol, atol, name in ((-1, None, "rtol"), (None, float("nan"), "atol"), (float("inf"), 1, "rtol"),
                             (True, None, "rtol"), (0, -0.1, "atol")):
        with pytest.raises(ToleranceError) as e:
            tolerances(rtol, atol)
        assert (e.value.key, e.value.fields["name"]) == ("verify.bad_tol", name)


def test_a_trace_of_inputs_only_says_nothing_was_checked_and_names_them():
    tr = user_trace("1 head", keep=lambda n: n in ("X", "blocks.0.attn.W_Q", "blocks.0.attn.W_K"))
    v = verify(tr)
    why = v.nothing_checked()
    assert v.n_checked == 0 and not v.ok and why is not None and why.key == "verify.no_steps"
    assert why.fields["names"].split(", ") == ["X", "blocks.0.attn.W_Q", "blocks.0.attn.W_K"]
    assert verify(user_trace("1 head")).nothing_checked() is None


def test_the_report_is_plain_json():
    v = verify(user_trace("2 heads", "other_head"))
    d = json.loads(json.dumps(v.to_dict()))
    assert d["format"] == "attntrace.verify" and d["ok"] is False
    assert d["first_wrong"]["name"] == "blocks.0.attn.K"
    assert d["first_wrong"]["causes"] == ["diagnose.qkv.other_head"]
    k = next(s for s in d["steps"] if s["name"] == "blocks.0.attn.K")
    cell = k["local"]["first_wrong"]
    assert cell["cell"].startswith("h0 the d")  # head 0, token "the", a dimension
    found = v.report["blocks.0.attn.K"].found
    assert cell["found"] == found[tuple(cell["index"])]
