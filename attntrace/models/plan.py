"""The forward pass, written as a plan of named steps.

`plan(config, n)` lists every step of the encoder in computation order. A parameter is a name the
caller supplies (weights, token embeddings); a `Rule` computes its step from earlier steps by name.
`forward` walks the plan once with its own values. `attntrace.check` walks the same plan with a
user's values, which is how one engine serves `explain`, `verify` and homework grading.

Shapes: n tokens, D = d_model, H heads, d = d_head = D / H, F = d_ff.
"""

from __future__ import annotations

import math

import numpy as np

from .. import steps as catalogue
from ..config import DECODERS, Config
from ..i18n import Message
from ..trace_data import Step, Trace
from .ops import (  # the operations, re-exported: attntrace.models.plan.project, .qk, .softmax, ...
    ACTIVATIONS,
    Param,
    Rule,
    affine,
    causal_mask,
    layer_norm,
    merge_heads,
    project,
    qk,
    sinusoidal_positions,
    softmax,
)


def plan(config: Config, n: int, heads: list[int] | None = None) -> list[Rule | Param]:
    """Every step of the model, in computation order, for a sentence of n tokens. Decoder families have
    their plans in decoder_plan.py. `heads`: the query heads a trace holds, when it holds only some
    (`Trace.heads`); only grouped K/V's steps depend on which (the K/V heads they read are numbered)."""
    if config.family in ("gpt2", "llama"):
        from .decoder_plan import gpt2_plan, llama_plan

        return (gpt2_plan if config.family == "gpt2" else llama_plan)(config, n, heads)
    steps: list[Rule | Param] = [Param("embed.token")]
    if config.embed_norm:  # BERT: learned position (and segment) rows, summed, then layer-normalized
        steps += _learned_embeddings(config, n)
        eps = config.ln_eps
        steps += [Param("embed.ln.gamma"), Param("embed.ln.beta")]
        steps.append(Rule("X", ("embed.sum", "embed.ln.gamma", "embed.ln.beta"),
                          lambda x, g, b: layer_norm(x, g, b, eps), formula="X = LayerNorm(embed.sum)"))
    elif config.positional == "sinusoidal":
        steps.append(Rule("embed.position", (), lambda: sinusoidal_positions(n, config.d_model)))
        steps.append(Rule("X", ("embed.token", "embed.position"), np.add))  # (n, D) + (n, D)
    elif config.positional == "learned":  # learned position rows without BERT's embedding norm: a given
        steps.append(Param("embed.position", formula="P[pos]"))
        steps.append(Rule("X", ("embed.token", "embed.position"), np.add,
                          formula="X = E[token] + P[pos]"))  # (n, D) + (n, D)
    else:
        steps.append(Rule("X", ("embed.token",), np.copy, formula="X = E[token]"))

    activation = ACTIVATIONS[config.activation]
    eps, d_k, bias = config.ln_eps, config.d_head, config.qkv_bias
    for layer in range(config.n_layers):
        p = f"blocks.{layer}."
        x_in = catalogue.layer_input(layer)
        a = p + "attn."
        for w in ("W_Q", "W_K", "W_V"):
            steps.append(Param(a + w))
        if bias:
            for b in ("b_Q", "b_K", "b_V"):
                steps.append(Param(a + b))
        for t in ("Q", "K", "V"):
            inputs = (x_in, a + "W_" + t) + ((a + "b_" + t,) if bias else ())
            formula = f"{t} = {'X' if layer == 0 else 'X_' + str(layer)}·W_{t}" + (f" + b_{t}" if bias else "")
            steps.append(Rule(a + t, inputs, project, formula=formula))
        steps.append(Rule(a + "scores", (a + "Q", a + "K"), qk))
        # dividing by √d_k keeps the scores' variance near 1 whatever d_k is, so softmax does not saturate
        steps.append(Rule(a + "scaled", (a + "scores",), lambda s: s / math.sqrt(d_k),
                          formula=f"scaled = scores / √d_k = scores / √{d_k}"))
        if config.mask == "causal":
            steps.append(Rule(a + "mask", (), lambda: causal_mask(n)))
            masked = "weights[i, :] = softmax(scaled[i, :] + M[i, :]),  M[i, j] = 0 if mask[i, j] else −∞"
            steps.append(Rule(a + "weights", (a + "scaled", a + "mask"), softmax, formula=masked))
        else:
            steps.append(Rule(a + "weights", (a + "scaled",), softmax))
        steps.append(Rule(a + "Z", (a + "weights", a + "V"),
                          lambda w, V: w @ V))  # (H, n, n) x (H, n, d) -> (H, n, d)
        steps.append(Param(a + "W_O"))
        if bias:
            steps.append(Param(a + "b_O"))
            steps.append(Rule(a + "out", (a + "Z", a + "W_O", a + "b_O"), merge_heads,
                              formula="out = Σ_h Z_h·W_O,h + b_O"))
        else:
            steps.append(Rule(a + "out", (a + "Z", a + "W_O"), merge_heads))
        steps.append(Rule(a + "resid", (x_in, a + "out"), np.add,
                          formula=f"resid = {'X' if layer == 0 else 'X_' + str(layer)} + attn.out"))
        steps += [Param(p + "ln1.gamma"), Param(p + "ln1.beta")]
        steps.append(Rule(p + "ln1.out", (a + "resid", p + "ln1.gamma", p + "ln1.beta"),
                          lambda x, g, b: layer_norm(x, g, b, eps)))
        f = p + "ffn."
        steps += [Param(f + "W_1"), Param(f + "b_1")]
        steps.append(Rule(f + "h", (p + "ln1.out", f + "W_1", f + "b_1"), affine))  # (n, D) x (D, F) -> (n, F)
        steps.append(Rule(f + "act", (f + "h",), activation,
                          formula="act = GELU(h) = 0.5·h·(1 + erf(h/√2))" if config.activation == "gelu"
                          else None))
        steps += [Param(f + "W_2"), Param(f + "b_2")]
        steps.append(Rule(f + "out", (f + "act", f + "W_2", f + "b_2"), affine))  # (n, F) x (F, D) -> (n, D)
        steps.append(Rule(f + "resid", (p + "ln1.out", f + "out"), np.add))
        steps += [Param(p + "ln2.gamma"), Param(p + "ln2.beta")]
        steps.append(Rule(p + "out", (f + "resid", p + "ln2.gamma", p + "ln2.beta"),
                          lambda x, g, b: layer_norm(x, g, b, eps)))
    return steps


def _learned_embeddings(config: Config, n: int) -> list[Rule | Param]:
    """embed.position (and embed.token_type) and their sum, as a checkpoint's family defines them.

    With a position offset (RoBERTa: padding_idx + 1) token i takes row i + offset of the position table,
    so the trace keeps rows 0 … offset + n − 1 as `embed.position_table` and `embed.position` is a step
    that can be checked: taking rows 0 … n − 1 is the classic porting mistake.
    """
    off = config.position_offset
    if off:
        steps: list[Rule | Param] = [
            Param("embed.position_table"),
            Rule("embed.position", ("embed.position_table",), lambda P: P[off: off + n],  # (≥ off+n, D) -> (n, D)
                 formula=f"P[pos + {off}]")]
    else:
        steps = [Param("embed.position", formula="P[pos]")]
    position = steps[-1].formula
    if config.token_type:
        steps.append(Param("embed.token_type"))
        steps.append(Rule("embed.sum", ("embed.token", "embed.position", "embed.token_type"),
                          lambda e, p, s: e + p + s,  # (n, D) + (n, D) + (n, D)
                          formula=f"E[token] + {position} + T[segment]"))
    else:  # DistilBERT
        steps.append(Rule("embed.sum", ("embed.token", "embed.position"), np.add,  # (n, D) + (n, D)
                          formula=f"E[token] + {position}"))
    return steps


# --- the size of a trace ------------------------------------------------------------------------------

# A trace keeps every step, and each layer's scores, scaled and weights hold n×n numbers per head: memory
# grows with the square of the text's length (the default encoder needs 24 bytes per pair of tokens, 2 GiB
# at about 9,400 tokens). Past this limit a trace is refused before anything is computed, since the OS
# answers an allocation it cannot meet by killing the process, not with a MemoryError. Real checkpoints fit:
# bert-base on its longest input (512 tokens) records 1.5 GiB, MiniLM 0.6 GiB (bert-large stops at 326 tokens).
TRACE_LIMIT_GIB = 2


class TraceTooLarge(Message, ValueError):
    """A text whose trace would take more memory than TRACE_LIMIT_GIB (a usage error on the command line)."""


def trace_bytes(config: Config, n: int) -> int:
    """The bytes `forward` records for n tokens: every step computed from the input, plus the input's
    embedding rows, in float64 (a causal mask is 1 byte per entry). The layer weights are not counted:
    they do not grow with the text, and the seeded limit or the checkpoint file bounds them."""
    D, H, F = config.d_model, config.n_heads, config.d_ff
    if config.family in DECODERS:
        embed, per_layer = _decoder_bytes(config, n)
    else:
        # embed.token and X; embed.position when sinusoidal; BERT adds embed.position, embed.token_type, embed.sum
        embed = (5 if config.embed_norm else 3 if config.positional == "sinusoidal" else 2) * n * D
        # Q, K, V, Z: (H, n, d) = n·D each; attn.out, attn.resid, ln1.out, ffn.out, ffn.resid, out: (n, D) each;
        # ffn.h and ffn.act: (n, F) each; scores, scaled and weights: (H, n, n) each
        per_layer = 10 * n * D + 2 * n * F + 3 * H * n * n
    mask = n * n if config.mask == "causal" else 0  # (n, n) booleans, one byte each
    return 8 * (embed + config.n_layers * per_layer) + config.n_layers * mask


def _decoder_bytes(config: Config, n: int) -> tuple[int, int]:
    """The numbers a decoder's trace holds for n tokens: before the layers (and the final norm), and per layer."""
    D, H, F, d = config.d_model, config.n_heads, config.d_ff, config.d_head
    # norm1.out, Q, Z, attn.out, attn.resid, norm2.out, ffn.out, out: (n, D) each; scores, scaled, weights
    per_layer = 8 * n * D + 3 * H * n * n
    if config.positional != "rope":  # GPT-2: embed.token, embed.position, X, final_norm.out; K, V; ffn.h, ffn.act
        return 4 * n * D, per_layer + 2 * n * D + 2 * n * F
    kv = n * d * config.n_kv_heads  # K, V and K_rot have the K/V heads only
    grouped = 2 * n * D if config.n_kv_heads < H else 0  # K_rep, V_rep
    # embed.token, X, final_norm.out, rope.cos/sin (n, d); Q_rot; K, V, K_rot; ffn.gate, up, act, gated
    return 3 * n * D + 2 * n * d, per_layer + n * D + 3 * kv + grouped + 4 * n * F


def check_trace_size(config: Config, n: int) -> None:
    """Refuse, before computing, a trace of n tokens that would not fit under TRACE_LIMIT_GIB."""
    size = trace_bytes(config, n)
    if size > TRACE_LIMIT_GIB * 2**30:
        raise TraceTooLarge("error.trace_too_large", n=n, gib=size / 2**30, limit=TRACE_LIMIT_GIB,
                            d_model=config.d_model, heads=config.n_heads, layers=config.n_layers)


class MissingParameter(KeyError):
    pass


def forward(config: Config, n: int, params: dict[str, np.ndarray], dtype=np.float64,
            until: str | None = None) -> dict[str, np.ndarray]:
    """Run the plan with `params`; returns every step's value, keyed by name, in computation order.
    Every parameter is taken as `dtype` (float64, or float32 for speed on a large checkpoint), and so are
    the tables a plan computes from no input (rotary cos/sin: computed in float64, then rounded once). With
    `until`, stop after that step (homework exercises end at the attention output Z)."""
    values: dict[str, np.ndarray] = {}
    for step in plan(config, n):
        if isinstance(step, Param):
            if step.name not in params:
                raise MissingParameter(step.name)
            values[step.name] = np.asarray(params[step.name], dtype=dtype)
        else:
            value = step.fn(*(values[i] for i in step.inputs))
            if not step.inputs and value.dtype.kind == "f":
                value = value.astype(dtype, copy=False)
            values[step.name] = value
        if step.name == until:
            break
    return values


def formulas(config: Config, n: int) -> dict[str, str]:
    """The formula shown for each step: the rule's own where the configuration changes it."""
    return {s.name: s.formula or catalogue.info(s.name).formula for s in plan(config, n)}


def build_trace(text: str, tokens: list[str], config: Config, values: dict[str, np.ndarray]) -> Trace:
    shown = formulas(config, len(tokens))
    steps = {name: Step(name, value, shown[name]) for name, value in values.items()}
    return Trace(text=text, tokens=list(tokens), config=config, steps=steps)
