"""verify on traces a user's own code wrote for BERT-style models: learned positions, biases, the embedding
norm and GELU are checked without a checkpoint, and a shape in the wrong layout gets the fix in words.

The "user's code" here is plain numpy and math.erf, sharing nothing with attntrace."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from attntrace.export import TraceFormatError
from attntrace.verify import verify

N, D, H, F, EPS = 3, 4, 2, 8, 1e-12
d = D // H


def ln(x, g, b, eps=EPS):
    mu = x.mean(-1, keepdims=True)
    var = ((x - mu) ** 2).mean(-1, keepdims=True)
    return (x - mu) / np.sqrt(var + eps) * g + b


def gelu(x):
    return np.vectorize(lambda v: 0.5 * v * (1 + math.erf(v / math.sqrt(2))))(x)


def gelu_tanh(x):
    return 0.5 * x * (1 + np.tanh(math.sqrt(2 / math.pi) * (x + 0.044715 * x**3)))


def bert_like(embed_norm=True, drop_bias=False, seed=1, bug=None):
    """A user's BERT-style layer, written with full (D, D) weights and split into heads at the end."""
    rng = np.random.default_rng(seed)
    p = {k: rng.normal(size=s) for k, s in {
        "tok": (N, D), "pos": (N, D), "typ": (N, D), "Wq": (D, D), "Wk": (D, D), "Wv": (D, D), "Wo": (D, D),
        "bq": (D,), "bk": (D,), "bv": (D,), "bo": (D,), "W1": (D, F), "b1": (F,), "W2": (F, D), "b2": (D,)}.items()}
    g, b = np.ones(D) * 1.1, np.ones(D) * 0.1
    s = {"embed.token": p["tok"], "embed.position": p["pos"]}
    if embed_norm:
        s.update({"embed.token_type": p["typ"],
                  "embed.sum": p["tok"] + p["pos"] + (0 if bug == "no_token_type" else p["typ"]),
                  "embed.ln.gamma": g, "embed.ln.beta": b})
        X = ln(s["embed.sum"], g, b)
    else:
        X = p["tok"] + p["pos"]
    s["X"] = X
    heads = lambda m: m.reshape(m.shape[0], H, d).transpose(1, 0, 2)  # noqa: E731  columns per head
    a = "blocks.0.attn."
    for t in "QKV":
        W, bias = p["W" + t.lower()], p["b" + t.lower()]
        s[a + "W_" + t], s[a + "b_" + t] = heads(W), bias.reshape(H, d)
        s[a + t] = heads(X @ W + (0 if drop_bias and t == "Q" else bias))
    s[a + "scores"] = s[a + "Q"] @ s[a + "K"].transpose(0, 2, 1)
    s[a + "scaled"] = s[a + "scores"] / math.sqrt(d)
    e = np.exp(s[a + "scaled"] - s[a + "scaled"].max(-1, keepdims=True))
    s[a + "weights"] = e / e.sum(-1, keepdims=True)
    s[a + "Z"] = s[a + "weights"] @ s[a + "V"]
    s[a + "W_O"], s[a + "b_O"] = p["Wo"].reshape(H, d, D), p["bo"]  # rows per head
    s[a + "out"] = s[a + "Z"].transpose(1, 0, 2).reshape(N, D) @ p["Wo"] + (0 if bug == "no_b_O" else p["bo"])
    s[a + "resid"] = X + s[a + "out"]
    s["blocks.0.ln1.gamma"], s["blocks.0.ln1.beta"] = g, b
    s["blocks.0.ln1.out"] = ln(s[a + "resid"], g, b)
    f = "blocks.0.ffn."
    s[f + "W_1"], s[f + "b_1"], s[f + "W_2"], s[f + "b_2"] = p["W1"], p["b1"], p["W2"], p["b2"]
    s[f + "h"] = s["blocks.0.ln1.out"] @ p["W1"] + p["b1"]
    s[f + "act"] = gelu_tanh(s[f + "h"]) if bug == "gelu_tanh" else gelu(s[f + "h"])
    s[f + "out"] = s[f + "act"] @ p["W2"] + p["b2"]
    s[f + "resid"] = s["blocks.0.ln1.out"] + s[f + "out"]
    s["blocks.0.ln2.gamma"], s["blocks.0.ln2.beta"] = g, b
    s["blocks.0.out"] = ln(s[f + "resid"], g, b)
    config = {"d_model": D, "n_heads": H, "n_layers": 1, "d_ff": F, "positional": "learned", "activation": "gelu",
              "ln_eps": EPS, "qkv_bias": True, "embed_norm": embed_norm}
    return {"format": "attntrace.trace", "version": 1, "tokens": ["[CLS]", "hi", "[SEP]"], "config": config,
            "steps": [{"name": k, "data": v} for k, v in s.items()]}


@pytest.mark.parametrize("embed_norm", [True, False], ids=["BERT: embedding norm", "learned positions only"])
def test_a_users_bert_style_trace_verifies_strictly(embed_norm):
    v = verify(bert_like(embed_norm))
    assert v.ok, [(s.name, s.status) for s in v.report.steps]
    assert v.counts()["ok"] >= 15 and not v.unchecked
    assert v.report["X"].status == "ok"  # X is recomputed from the embeddings, not taken as given


def test_the_same_trace_as_json_text_verifies():
    data = bert_like()
    for s in data["steps"]:
        s["data"] = np.asarray(s["data"]).tolist()
    assert verify(json.dumps(data)).ok


def test_a_missing_bias_is_caught_at_Q_and_named():
    v = verify(bert_like(drop_bias=True))
    assert not v.ok and v.first_wrong.name == "blocks.0.attn.Q"
    assert v.hint.causes == ("diagnose.qkv.no_bias",) and "b_Q" in v.hint.message


@pytest.mark.parametrize(("bug", "step", "cause"), [
    ("no_token_type", "embed.sum", "diagnose.embed.no_token_type"),
    ("no_b_O", "blocks.0.attn.out", "diagnose.out.no_bias"),
    ("gelu_tanh", "blocks.0.ffn.act", "diagnose.act.tanh"),
])
def test_bert_style_mistakes_are_named(bug, step, cause):
    v = verify(bert_like(bug=bug))
    assert v.first_wrong.name == step and cause in v.hint.causes and v.hint.specific, v.hint.message


def test_the_tanh_gelu_hint_does_not_talk_about_relu():
    v = verify(bert_like(bug="gelu_tanh"))
    assert "ReLU" not in v.hint.message and "tanh" in v.hint.message


def _round_mantissa(x, bits):
    """x rounded to `bits` significant bits, as a 16-bit float would hold it (bfloat16: 8, float16: 11)."""
    m, e = np.frexp(np.asarray(x, dtype=np.float64))
    return np.ldexp(np.round(m * 2.0**bits) / 2.0**bits, e)


@pytest.mark.parametrize(("bits", "cause"), [(8, "diagnose.precision.bf16"), (11, "diagnose.precision.fp16")])
def test_reduced_precision_is_named_with_a_tolerance_that_passes(bits, cause):
    data = bert_like()
    for s in data["steps"]:
        if s["name"] not in ("X", "embed.token", "embed.position", "embed.token_type") and "." in s["name"] and \
                s["name"].split(".")[-1] in ("Q", "K", "V", "scores", "scaled", "weights", "Z"):
            s["data"] = _round_mantissa(s["data"], bits)
    v = verify(data)
    assert not v.ok and v.first_wrong.name == "blocks.0.attn.Q"
    assert v.hint.causes == (cause,), v.hint.message
    rtol = float(v.hint.fields["rtol"])
    assert verify(data, rtol=rtol, atol=rtol).ok


def test_an_epsilon_is_solved_from_the_numbers():
    import user_impl as U
    from test_check import user_trace

    v = verify(user_trace("1 head", "ln_eps"))
    assert v.hint.causes == ("diagnose.ln.eps",) and "ε = 0.01" in v.hint.message and '"ln_eps": 0.01' in v.hint.message
    assert U.BUGS["ln_eps"][0] == "ln1.out"


def test_the_seeded_encoder_still_refuses_learned_positions():
    from attntrace import trace
    from attntrace.config import ConfigError

    with pytest.raises(ConfigError, match="belongs to a pretrained checkpoint"):
        trace("hi there", positional="learned")


def _with(data, name, value):
    for s in data["steps"]:
        if s["name"] == name:
            s["data"] = value
    return data


@pytest.mark.parametrize(("name", "layout", "fix"), [
    ("blocks.0.ffn.W_1", lambda W: W.T, "transpose axes 0 and 1"),
    ("blocks.0.attn.W_Q", lambda W: W.transpose(1, 0, 2).reshape(D, D), "split the columns per head"),
    ("blocks.0.attn.Q", lambda Q: Q.transpose(1, 0, 2).reshape(N, D), "split the columns per head"),
    ("blocks.0.attn.W_O", lambda W: W.reshape(D, D), "split the rows per head"),
], ids=["W_1 out × in", "W_Q as one matrix", "Q with heads merged", "W_O as one matrix"])
def test_a_shape_in_another_layout_says_the_fix(name, layout, fix):
    data = bert_like()
    value = next(np.asarray(s["data"]) for s in data["steps"] if s["name"] == name)
    with pytest.raises(TraceFormatError) as e:
        verify(_with(data, name, layout(value)))
    assert fix in str(e.value) and name in str(e.value)
