"""The plans of the decoder families: GPT-2 (LayerNorm, learned positions, GELU) and Llama-style decoders
(Llama, Qwen2, Mistral: RMSNorm, rotary positions, grouped K/V, SwiGLU). Both are pre-norm: each layer
normalizes its input before attention and before the feed-forward, and a final norm closes the stack.
The loaders are gpt2.py and llama.py; this module only lists steps, from the operations in ops.py.
"""

from __future__ import annotations

import math

import numpy as np

from .. import steps as catalogue
from ..config import Config
from ..trace_data import kv_heads_of
from .ops import (
    ACTIVATIONS,
    Param,
    Rule,
    affine,
    causal_mask,
    layer_norm,
    merge_heads,
    project,
    qk,
    repeat_kv,
    rms_norm,
    rope,
    rope_tables,
    silu,
    softmax,
    swiglu,
)

_FORMULAS = {"gelu_tanh": "act = 0.5·h·(1 + tanh(√(2/π)·(h + 0.044715·h³)))",
             "gelu": "act = GELU(h) = 0.5·h·(1 + erf(h/√2))"}


def gpt2_plan(config: Config, n: int, heads: list[int] | None = None) -> list[Rule | Param]:
    """GPT-2's steps in computation order for n tokens: pre-norm layers, causal attention, a final norm."""
    eps = config.ln_eps

    def norm(name: str, x: str, formula: str) -> list[Rule | Param]:
        return [Param(name + ".gamma"), Param(name + ".beta"),
                Rule(name + ".out", (x, name + ".gamma", name + ".beta"), lambda x, g, b: layer_norm(x, g, b, eps),
                     formula=formula + " = (x − mean) / √(var + ε) · γ + β")]

    steps: list[Rule | Param] = [Param("embed.token"), Param("embed.position", formula="P[pos]"),
                                 Rule("X", ("embed.token", "embed.position"), np.add,  # (n, D) + (n, D)
                                      formula="X = E[token] + P[pos]")]
    def ffn(f: str, x: str) -> list[Rule | Param]:
        return [Param(f + "W_1"), Param(f + "b_1"),
                Rule(f + "h", (x, f + "W_1", f + "b_1"), affine,  # (n, D) x (D, F) -> (n, F)
                     formula="h = norm2.out·W_1 + b_1"),
                Rule(f + "act", (f + "h",), ACTIVATIONS[config.activation], formula=_FORMULAS[config.activation]),
                Param(f + "W_2"), Param(f + "b_2"),
                Rule(f + "out", (f + "act", f + "W_2", f + "b_2"), affine)]  # (n, F) x (F, D) -> (n, D)

    return steps + pre_norm_layers(config, n, norm, "LayerNorm", ffn, heads)


_RMS = " = x / √(mean(x²) + ε) · γ"


def llama_plan(config: Config, n: int, heads: list[int] | None = None) -> list[Rule | Param]:
    """A Llama-style decoder's steps in computation order for n tokens."""
    eps, d, theta = config.ln_eps, config.d_head, config.rope_theta
    tables: dict[str, tuple[np.ndarray, np.ndarray]] = {}

    def table(i: int):
        def make():
            if "t" not in tables:
                tables["t"] = rope_tables(n, d, theta)
            return tables["t"][i].copy()
        return make

    def norm(name: str, x: str, formula: str) -> list[Rule | Param]:
        return [Param(name + ".gamma"),
                Rule(name + ".out", (x, name + ".gamma"), lambda x, g: rms_norm(x, g, eps), formula=formula + _RMS)]

    steps: list[Rule | Param] = [Param("embed.token"), Rule("X", ("embed.token",), np.copy, formula="X = E[token]"),
                                 Rule("rope.cos", (), table(0), formula=f"cos[pos, c] = cos(pos·{theta:g}^(−2i/{d})), "
                                      f"i = c mod {d // 2}"),
                                 Rule("rope.sin", (), table(1), formula=f"sin[pos, c] = sin(pos·{theta:g}^(−2i/{d})), "
                                      f"i = c mod {d // 2}")]
    def ffn(f: str, x: str) -> list[Rule | Param]:  # SwiGLU
        return [Param(f + "W_gate"), Param(f + "W_up"),
                Rule(f + "gate", (x, f + "W_gate"), np.matmul),  # (n, D) x (D, F) -> (n, F)
                Rule(f + "up", (x, f + "W_up"), np.matmul),  # (n, D) x (D, F) -> (n, F)
                Rule(f + "act", (f + "gate",), silu, formula="act = SiLU(gate) = gate / (1 + e^(−gate))"),
                Rule(f + "gated", (f + "act", f + "up"), swiglu),
                Param(f + "W_down"),
                Rule(f + "out", (f + "gated", f + "W_down"), np.matmul,  # (n, F) x (F, D) -> (n, D)
                     formula="ffn.out = gated·W_down")]

    return steps + pre_norm_layers(config, n, norm, "RMSNorm", ffn, heads)


# --- the pre-norm attention block both decoder plans use ---------------------------------------------------


def attention_steps(config: Config, n: int, layer: int, x_in: str, x_norm: str,
                    heads: list[int] | None = None) -> list[Rule | Param]:
    """Causal multi-head attention on `x_norm` (the normalized layer input), with rotary positions and
    grouped K/V where the config has them, added back onto `x_in`. `heads`: the query heads a trace holds
    (all when None); a trace of some keeps only the K/V heads they read."""
    a = f"blocks.{layer}.attn."
    bias, rotary, grouped = config.qkv_bias, config.positional == "rope", config.n_kv_heads < config.n_heads
    d_k, norm = config.d_head, x_norm.split(".", 2)[-1]  # "norm1.out"
    steps: list[Rule | Param] = [Param(a + w) for w in ("W_Q", "W_K", "W_V")]
    if bias:
        steps += [Param(a + b) for b in ("b_Q", "b_K", "b_V")]
    for t in ("Q", "K", "V"):
        inputs = (x_norm, a + "W_" + t) + ((a + "b_" + t,) if bias else ())
        steps.append(Rule(a + t, inputs, project, formula=f"{t} = {norm}·W_{t}" + (f" + b_{t}" if bias else "")))
    q, k, v = a + "Q", a + "K", a + "V"
    if rotary:  # the rotation turns Q and K, never V, and before the scores are scaled
        steps.append(Rule(a + "Q_rot", (q, "rope.cos", "rope.sin"), rope))
        steps.append(Rule(a + "K_rot", (k, "rope.cos", "rope.sin"), rope))
        q, k = a + "Q_rot", a + "K_rot"
    if grouped:  # query head h reads kv head h // group: heads 0..group-1 share kv head 0
        group, query_heads = config.group, list(range(config.n_heads)) if heads is None else list(heads)
        held = kv_heads_of(query_heads, config)  # the K/V heads K and V hold, numbered as in the model

        def repeat(x: np.ndarray, kv_head: np.ndarray) -> np.ndarray:
            return repeat_kv(x, kv_head, held)

        steps.append(Rule(a + "kv_head", (), lambda: np.array(query_heads) // group,
                          formula=f"kv_head[h] = h // {group}"))
        steps.append(Rule(a + "K_rep", (k, a + "kv_head"), repeat,
                          formula=f"K_rep[h] = {k.rsplit('.', 1)[-1]}[kv_head[h]]"))
        steps.append(Rule(a + "V_rep", (v, a + "kv_head"), repeat))
        k, v = a + "K_rep", a + "V_rep"
    scores_formula = "scores = " + q.rsplit(".", 1)[-1] + "·" + k.rsplit(".", 1)[-1] + "ᵀ"
    steps.append(Rule(a + "scores", (q, k), qk, formula=scores_formula))
    steps.append(Rule(a + "scaled", (a + "scores",), lambda s: s / math.sqrt(d_k),
                      formula=f"scaled = scores / √d_k = scores / √{d_k}"))
    steps.append(Rule(a + "mask", (), lambda: causal_mask(n)))
    steps.append(Rule(a + "weights", (a + "scaled", a + "mask"), softmax,
                      formula="weights[i, :] = softmax(scaled[i, :] + M[i, :]),  M[i, j] = 0 if j ≤ i else −∞"))
    steps.append(Rule(a + "Z", (a + "weights", v), lambda w, V: w @ V,  # (H, n, n) x (H, n, d) -> (H, n, d)
                      formula="Z = weights·" + v.rsplit(".", 1)[-1]))
    steps.append(Param(a + "W_O"))
    if config.out_bias:
        steps.append(Param(a + "b_O"))
        steps.append(Rule(a + "out", (a + "Z", a + "W_O", a + "b_O"), merge_heads, formula="out = Σ_h Z_h·W_O,h + b_O"))
    else:
        steps.append(Rule(a + "out", (a + "Z", a + "W_O"), merge_heads))
    steps.append(Rule(a + "resid", (x_in, a + "out"), np.add, formula=f"resid = {_short(x_in)} + attn.out"))
    return steps


def pre_norm_layers(config: Config, n: int, norm, kind: str, ffn, heads: list[int] | None = None) -> list[Rule | Param]:
    """Every layer of a pre-norm decoder, then the final norm: norm1, attention added back onto the layer's
    input, norm2, the family's feed-forward (`ffn(prefix, input)`: its steps up to ffn.out) added back onto
    attn.resid. `norm(name, x, formula)` gives a norm's steps; `kind` names it in the formulas (LayerNorm)."""
    steps: list[Rule | Param] = []
    for layer in range(config.n_layers):
        p, x_in = f"blocks.{layer}.", catalogue.layer_input(layer)
        steps += norm(p + "norm1", x_in, f"norm1.out = {kind}(x)")
        steps += attention_steps(config, n, layer, x_in, p + "norm1.out", heads)
        steps += norm(p + "norm2", p + "attn.resid", f"norm2.out = {kind}(attn.resid)")
        steps += ffn(p + "ffn.", p + "norm2.out")
        steps.append(Rule(p + "out", (p + "attn.resid", p + "ffn.out"), np.add, formula="out = attn.resid + ffn.out"))
    return steps + norm("final_norm", catalogue.layer_input(config.n_layers), f"final_norm.out = {kind}(x_L)")


def _short(name: str) -> str:
    """X for layer 0's input, X_l for blocks.{l-1}.out (the input of layer l), as the encoder's formulas say."""
    return "X" if name == "X" else "X_" + str(int(name.split(".")[1]) + 1)
