"""The forward pass, written as a plan of named steps.

`plan(config, n)` lists every step of the encoder in computation order. A parameter is a name the
caller supplies (weights, token embeddings); a `Rule` computes its step from earlier steps by name.
`forward` walks the plan once with its own values. `attntrace.check` walks the same plan with a
user's values, which is how one engine serves `explain`, `verify` and homework grading.

Shapes: n tokens, D = d_model, H heads, d = d_head = D / H, F = d_ff.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from .config import DECODERS, Config
from .i18n import Message


@dataclass(frozen=True)
class Rule:
    name: str
    inputs: tuple[str, ...]
    fn: Callable[..., np.ndarray]
    formula: str | None = None  # overrides the catalogue formula when the configuration changes it


@dataclass(frozen=True)
class Param:
    name: str
    formula: str | None = None  # overrides the catalogue formula (learned positions are a param, not a rule)


# --- the operations, each one formula -----------------------------------------------------------------


def sinusoidal_positions(n: int, d_model: int) -> np.ndarray:
    """PE[pos, 2i] = sin(pos / 10000^(2i/d)), PE[pos, 2i+1] = cos(pos / 10000^(2i/d)); shape (n, D)."""
    pos = np.arange(n)[:, None]  # (n, 1)
    two_i = np.arange(0, d_model, 2)[None, :]  # (1, ceil(D/2))
    angle = pos / np.power(10000.0, two_i / d_model)  # (n, ceil(D/2))
    pe = np.zeros((n, d_model))
    pe[:, 0::2] = np.sin(angle)
    pe[:, 1::2] = np.cos(angle[:, : d_model // 2])
    return pe


def causal_mask(n: int) -> np.ndarray:
    """True where query i may attend to key j, that is j <= i; shape (n, n)."""
    return np.tril(np.ones((n, n), dtype=bool))


# Each operation below allocates one new array for its result and works in place after that: a trace
# keeps every result, so each new array is fresh memory, and temporaries would double that cost.


def softmax(scaled: np.ndarray, mask: np.ndarray | None = None) -> np.ndarray:
    """Row-wise softmax over the last axis. Masked positions get exactly 0.

    The row maximum is subtracted before exp: it does not change the result (it cancels in the
    division) but keeps exp from overflowing when scores are large.
    """
    if mask is not None:
        e = np.where(mask, scaled, -np.inf)  # (H, n, n); exp(-inf) = 0 exactly
        e -= e.max(axis=-1, keepdims=True)
    else:
        e = scaled - scaled.max(axis=-1, keepdims=True)  # (H, n, n)
    np.exp(e, out=e)
    e /= e.sum(axis=-1, keepdims=True)  # (H, n, n), rows sum to 1
    return e


def layer_norm(x: np.ndarray, gamma: np.ndarray, beta: np.ndarray, eps: float) -> np.ndarray:
    """(x − mean) / √(var + ε) · γ + β over the last axis, with the population variance."""
    mean = x.mean(axis=-1, keepdims=True)  # (n, 1)
    var = x.var(axis=-1, keepdims=True)  # (n, 1)
    y = x - mean  # (n, D)
    y /= np.sqrt(var + eps)
    y *= gamma
    y += beta
    return y


def affine(x: np.ndarray, W: np.ndarray, b: np.ndarray) -> np.ndarray:
    """x·W + b, row by row."""
    y = x @ W  # (n, D) x (D, F) -> (n, F)
    y += b
    return y


def relu(h: np.ndarray) -> np.ndarray:
    return np.maximum(h, 0.0)


def gelu(h: np.ndarray) -> np.ndarray:
    """The exact GELU, 0.5·h·(1 + erf(h/√2)), as BERT uses it (erf vectorised, see attntrace.special)."""
    from .special import erf

    e = erf(h / math.sqrt(2.0))
    e += 1.0
    y = 0.5 * h
    y *= e
    return y


def gelu_tanh(h: np.ndarray) -> np.ndarray:
    """GPT-2's GELU (`gelu_new`), the tanh approximation: 0.5·h·(1 + tanh(√(2/π)·(h + 0.044715·h³)))."""
    y = h * h  # (n, F)
    y *= 0.044715 * h
    y += h
    y *= math.sqrt(2.0 / math.pi)
    np.tanh(y, out=y)
    y += 1.0
    y *= 0.5 * h
    return y


def silu(h: np.ndarray) -> np.ndarray:
    """SiLU (swish), h·σ(h) = h / (1 + e^(−h)): the gate of a SwiGLU feed-forward."""
    with np.errstate(over="ignore"):  # e^(−h) overflows to inf for h < −709: h / inf = −0, as it should be
        y = np.exp(-h)  # (n, F)
    y += 1.0
    np.divide(h, y, out=y)
    return y


ACTIVATIONS = {"relu": relu, "gelu": gelu, "gelu_tanh": gelu_tanh, "silu": silu}


def rms_norm(x: np.ndarray, gamma: np.ndarray, eps: float) -> np.ndarray:
    """x / √(mean(x²) + ε) · γ over the last axis: no mean subtracted and no β (RMSNorm, as in Llama)."""
    ms = np.einsum("nd,nd->n", x, x)[:, None]  # (n, D) -> (n, 1), Σ x²
    ms /= x.shape[-1]  # mean(x²)
    ms += eps
    np.sqrt(ms, out=ms)
    y = x / ms  # (n, D)
    y *= gamma
    return y


def rope_tables(n: int, d_head: int, theta: float) -> tuple[np.ndarray, np.ndarray]:
    """cos and sin of the rotary angles, rotate-half layout as in transformers: angle[pos, c] = pos·θ^(−2i/d)
    with i = c mod d/2, so columns c and c + d/2 share one frequency; each (n, d)."""
    inv_freq = theta ** (-np.arange(0, d_head, 2, dtype=np.float64) / d_head)  # (d/2,)
    angle = np.arange(n, dtype=np.float64)[:, None] * inv_freq[None, :]  # (n, 1) x (1, d/2) -> (n, d/2)
    angle = np.concatenate([angle, angle], axis=1)  # (n, d)
    return np.cos(angle), np.sin(angle)


def rotate_half(x: np.ndarray) -> np.ndarray:
    """(x1, x2) -> (−x2, x1) over the halves of the last axis."""
    half = x.shape[-1] // 2
    return np.concatenate([-x[..., half:], x[..., :half]], axis=-1)  # (H, n, d)


def rope(x: np.ndarray, cos: np.ndarray, sin: np.ndarray) -> np.ndarray:
    """x_rot = x·cos + rotate_half(x)·sin, the same rotation for every head: each pair (c, c + d/2) of a
    position's vector is turned by that position's angle."""
    y = rotate_half(x)  # (H, n, d)
    y *= sin  # (n, d) broadcast over heads
    y += x * cos
    return y


def repeat_kv(x: np.ndarray, kv_head: np.ndarray) -> np.ndarray:
    """Grouped-query attention: K or V of H_kv heads as H heads, query head h reading kv head kv_head[h]."""
    return x[kv_head.astype(np.intp)]  # (H_kv, n, d) -> (H, n, d)


def swiglu(gate_act: np.ndarray, up: np.ndarray) -> np.ndarray:
    """SiLU(gate) ⊙ up, cell by cell."""
    return gate_act * up  # (n, F)


# The three products of attention, as batched matrix products (BLAS), not einsum: on a 512-token
# MiniLM input that made the whole forward pass several times faster.


def project(x: np.ndarray, W: np.ndarray, b: np.ndarray | None = None) -> np.ndarray:
    """Q = X·W_Q (+ b_Q) for every head at once."""
    y = x @ W  # (n, D) x (H, D, d) -> (H, n, d), the same X for every head
    if b is not None:
        y += b[:, None, :]  # (H, d) -> (H, 1, d)
    return y


def qk(Q: np.ndarray, K: np.ndarray) -> np.ndarray:
    """scores = Q·Kᵀ for every head: row i, column j is q_i·k_j."""
    return Q @ K.transpose(0, 2, 1)  # (H, n, d) x (H, d, n) -> (H, n, n)


def merge_heads(Z: np.ndarray, W_O: np.ndarray, b: np.ndarray | None = None) -> np.ndarray:
    """out = Σ_h Z_h·W_O,h (+ b_O): the same as concatenating the heads and multiplying by the whole W_O."""
    H, n, d = Z.shape
    concat = Z.transpose(1, 0, 2).reshape(n, H * d)  # (H, n, d) -> (n, H·d), heads side by side
    y = concat @ W_O.reshape(H * d, -1)  # (n, H·d) x (H·d, D) -> (n, D)
    if b is not None:
        y += b
    return y


# --- the plan -----------------------------------------------------------------------------------------


def plan(config: Config, n: int) -> list[Rule | Param]:
    """Every step of the model, in computation order, for a sentence of n tokens. Decoder families have
    their plans beside their loaders (attntrace.models.gpt2, attntrace.models.llama)."""
    if config.family == "gpt2":
        from .models.gpt2 import plan as gpt2_plan

        return gpt2_plan(config, n)
    if config.family == "llama":
        from .models.llama import plan as llama_plan

        return llama_plan(config, n)
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
        x_in = "X" if layer == 0 else f"blocks.{layer - 1}.out"
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


def forward(config: Config, n: int, params: dict[str, np.ndarray], dtype=np.float64) -> dict[str, np.ndarray]:
    """Run the plan with `params`; returns every step's value, keyed by name, in computation order.
    Every parameter is taken as `dtype` (float64, or float32 for speed on a large checkpoint), and so are
    the tables a plan computes from no input (rotary cos/sin: computed in float64, then rounded once)."""
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
    return values
