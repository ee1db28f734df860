"""diagnose's tables of mistakes: every row is a step of the catalogue, and every function in them names its
mistake in a real trace.

The tables map a step pattern to the functions that replay its mistakes. A typo in a pattern would silently
disable that step's hints, and a function no test reaches could stop matching unnoticed; so each function has
a case here: its mistake is planted in a seeded, BERT-family or decoder trace (the wrong value computed in
this file from the formulas, with no attntrace code) and verify must name it at that step.
"""

from __future__ import annotations

import functools
import math
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from attntrace import steps as catalogue
from attntrace.check import diagnose

DATA = Path(__file__).with_name("data") / "families"
SENTENCE = "the hippo ate dinner ."
SEEDED = {"seeded": {}, "seeded-2 heads": {"n_heads": 2}, "seeded-causal": {"mask": "causal"}}
TABLES = {"encoders": diagnose.CANDIDATES, "decoders": diagnose.DECODER_CANDIDATES}


@functools.cache
def _trace(key: str):
    if key in SEEDED:
        from attntrace import trace

        return trace(SENTENCE, **SEEDED[key])
    pytest.importorskip("safetensors.numpy", reason="needs the models extra: safetensors")
    pytest.importorskip("tokenizers", reason="needs the models extra: tokenizers")
    from attntrace.models import load, trace_model

    return trace_model("the cat sat on the mat", load(DATA / key))


# --- the wrong values, from the formulas ---------------------------------------------------------------------


def _whole(W):
    """Per-head (H, D, d) as the one (D, H·d) matrix: head h's columns at h·d … h·d + d − 1."""
    return np.concatenate(list(W), axis=1)


def _split(y, H):
    """(n, H·d) -> (H, n, d): head h takes columns h·d … h·d + d − 1."""
    d = y.shape[1] // H
    return np.stack([y[:, h * d:(h + 1) * d] for h in range(H)])


def _halves_positions(n, D):
    """sin of every pair's angle in the first D/2 columns, cos in the last D/2 (not alternating)."""
    pe = np.zeros((n, D))
    for pos in range(n):
        for i in range(D // 2):
            angle = pos / 10000 ** (2 * i / D)
            pe[pos, i], pe[pos, D // 2 + i] = math.sin(angle), math.cos(angle)
    return pe


def _softmax(x, axis):
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def _sample_var_norm(x, g, b, eps):
    mu = x.mean(axis=1, keepdims=True)
    var = ((x - mu) ** 2).sum(axis=1, keepdims=True) / (x.shape[1] - 1)
    return (x - mu) / np.sqrt(var + eps) * g + b


def _erf_gelu(h):
    return 0.5 * h * (1.0 + np.vectorize(math.erf)(h / math.sqrt(2.0)))


def _interleaved_rope(x, theta):
    """RoPE on the adjacent pairs (x0, x1), (x2, x3) …, pair j turned by pos·θ^(−2j/d)."""
    _, n, d = x.shape  # (H, n, d)
    out = np.empty_like(x)
    for pos in range(n):
        for j in range(d // 2):
            a = pos * theta ** (-2 * j / d)
            out[:, pos, 2 * j] = x[:, pos, 2 * j] * math.cos(a) - x[:, pos, 2 * j + 1] * math.sin(a)
            out[:, pos, 2 * j + 1] = x[:, pos, 2 * j + 1] * math.cos(a) + x[:, pos, 2 * j] * math.sin(a)
    return out


def _rotate_half_rope(x, cos, sin):
    h = x.shape[-1] // 2
    return x * cos + np.concatenate([-x[..., h:], x[..., :h]], axis=-1) * sin


def _mean_subtracted_rms(x, g, eps):
    y = x - x.mean(-1, keepdims=True)
    return y / np.sqrt((y * y).mean(-1, keepdims=True) + eps) * g


# function name -> (trace, step, the wrong value from the trace's own steps s and its config c, the cause)
CASES = {
    "_X_mistakes": ("seeded", "X", lambda s, c: s["embed.token"], "diagnose.X.no_position"),
    "_position_mistakes": ("seeded", "embed.position", lambda s, c: _halves_positions(len(s["X"]), c.d_model),
                           "diagnose.position.halves"),
    "_embed_sum_mistakes": ("roberta", "embed.sum", lambda s, c: s["embed.token"] + s["embed.position"],
                            "diagnose.embed.no_token_type"),
    "_qkv_mistakes": ("seeded-2 heads", "blocks.0.attn.Q",
                      lambda s, c: _split(s["X"] @ _whole(s["blocks.0.attn.W_Q"]).T, 2), "diagnose.qkv.transposed"),
    "_scores_mistakes": ("seeded", "blocks.0.attn.scores",
                         lambda s, c: s["blocks.0.attn.K"] @ s["blocks.0.attn.Q"].transpose(0, 2, 1),
                         "diagnose.scores.swapped"),
    "_scaled_mistakes": ("seeded", "blocks.0.attn.scaled", lambda s, c: s["blocks.0.attn.scores"],
                         "diagnose.scaled.no_sqrt"),
    "_mask_mistakes": ("seeded-causal", "blocks.0.attn.mask",
                       lambda s, c: ~np.tril(np.ones((len(s["X"]),) * 2, dtype=bool)), "diagnose.mask.inverted"),
    "_weights_mistakes": ("seeded", "blocks.0.attn.weights", lambda s, c: _softmax(s["blocks.0.attn.scaled"], -2),
                          "diagnose.weights.axis"),
    "_Z_mistakes": ("seeded", "blocks.0.attn.Z",
                    lambda s, c: s["blocks.0.attn.weights"].transpose(0, 2, 1) @ s["blocks.0.attn.V"],
                    "diagnose.Z.transposed"),
    "_out_mistakes": ("seeded-2 heads", "blocks.0.attn.out",
                      lambda s, c: np.concatenate(list(s["blocks.0.attn.Z"]), axis=1)
                      @ np.concatenate(list(s["blocks.0.attn.W_O"]), axis=0).T, "diagnose.out.transposed"),
    "_attn_resid_mistakes": ("seeded", "blocks.0.attn.resid", lambda s, c: s["blocks.0.attn.out"],
                             "diagnose.resid.missing"),
    "_ln_mistakes": ("seeded", "blocks.0.ln1.out",
                     lambda s, c: _sample_var_norm(s["blocks.0.attn.resid"], s["blocks.0.ln1.gamma"],
                                                   s["blocks.0.ln1.beta"], c.ln_eps), "diagnose.ln.sample_var"),
    "_ffn_mistakes": ("seeded", "blocks.0.ffn.h", lambda s, c: s["blocks.0.ln1.out"] @ s["blocks.0.ffn.W_1"],
                      "diagnose.ffn.no_bias"),
    "_act_mistakes": ("seeded", "blocks.0.ffn.act", lambda s, c: _erf_gelu(s["blocks.0.ffn.h"]),
                      "diagnose.act.other"),
    "_ffn_resid_mistakes": ("seeded", "blocks.0.ffn.resid", lambda s, c: s["blocks.0.ffn.out"],
                            "diagnose.resid.missing"),
    "_norm_mistakes": ("tiny-llama", "blocks.0.norm1.out",
                       lambda s, c: _mean_subtracted_rms(s["X"], s["blocks.0.norm1.gamma"], c.ln_eps),
                       "diagnose.rms.mean"),
    "_prenorm_skipped": ("tiny-gpt2", "blocks.0.attn.K",
                         lambda s, c: s["X"] @ s["blocks.0.attn.W_K"] + s["blocks.0.attn.b_K"][:, None],
                         "diagnose.prenorm.skipped"),
    "_rope_mistakes": ("tiny-llama", "blocks.0.attn.Q_rot",
                       lambda s, c: _interleaved_rope(s["blocks.0.attn.Q"], c.rope_theta), "diagnose.rope.interleaved"),
    "_kv_mistakes": ("tiny-llama", "blocks.0.attn.K_rep",
                     lambda s, c: s["blocks.0.attn.K_rot"][[h % c.n_kv_heads for h in range(c.n_heads)]],
                     "diagnose.kv.tiled"),
    "_rope_on_v_mistakes": ("tiny-llama", "blocks.0.attn.Z",
                            lambda s, c: s["blocks.0.attn.weights"]
                            @ _rotate_half_rope(s["blocks.0.attn.V"], s["rope.cos"], s["rope.sin"])[
                                [h * c.n_kv_heads // c.n_heads for h in range(c.n_heads)]],
                            "diagnose.rope.on_v"),
    "_norm1_resid_mistakes": ("tiny-gpt2", "blocks.0.attn.resid",
                              lambda s, c: s["blocks.0.norm1.out"] + s["blocks.0.attn.out"], "diagnose.prenorm.resid"),
    "_decoder_out_mistakes": ("tiny-gpt2", "blocks.0.out", lambda s, c: s["blocks.0.ffn.out"],
                              "diagnose.resid.missing"),
    "_swiglu_mistakes": ("tiny-qwen2", "blocks.0.ffn.act",
                         lambda s, c: s["blocks.0.ffn.up"] / (1.0 + np.exp(-s["blocks.0.ffn.up"])),
                         "diagnose.swiglu.swapped"),
}


@pytest.mark.parametrize("family", TABLES)
def test_every_pattern_in_a_table_is_a_computed_step_of_the_catalogue(family):
    for pattern, mistakes in TABLES[family].items():
        info = catalogue.CATALOGUE.get(pattern)
        assert info is not None, f"{pattern!r} is not a step pattern: its hints would never be tried"
        assert info.kind == "activation", f"{pattern!r} is a parameter: diagnose replays its layouts apart"
        assert mistakes and all(callable(m) for m in mistakes), pattern


def test_every_function_in_the_tables_has_a_case_here():
    functions = {m.__name__ for table in TABLES.values() for row in table.values() for m in row}
    assert functions == set(CASES)


@pytest.mark.parametrize(("function", "case"), CASES.items(), ids=list(CASES))
def test_each_function_names_its_mistake_where_it_is_planted(function, case):
    from attntrace.check.verify import verify
    from attntrace.config import DECODERS

    key, step, make, cause = case
    trace = _trace(key)
    table = diagnose.DECODER_CANDIDATES if trace.config.family in DECODERS else diagnose.CANDIDATES
    assert function in [m.__name__ for m in table[catalogue.pattern_of(step)]], "the case plants at its row"
    values = {n: trace.step(n) for n in trace.names}
    right = values[step]
    wrong = np.asarray(make(values, trace.config), dtype=right.dtype)
    assert wrong.shape == right.shape and not np.allclose(wrong, right), "the planted value must differ"
    steps = dict(trace.steps)
    steps[step] = replace(steps[step], data=wrong)
    v = verify(replace(trace, steps=steps))
    assert not v.ok and v.first_wrong.name == step
    assert v.hint.specific and cause in v.hint.causes, v.hint.message
