"""The operations of a Transformer, one small numpy function each, and the two kinds of plan entry.

A `Param` is a name the caller supplies (weights, token embeddings); a `Rule` computes its step from earlier
steps by name with one of these functions. The plans (plan.py for the encoders, decoder_plan.py for GPT-2 and
Llama-style decoders) are lists of them. Shapes: n tokens, D = d_model, H heads, d = d_head, F = d_ff.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np


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
    """The exact GELU, 0.5·h·(1 + erf(h/√2)), as BERT uses it (erf vectorised, see models/erf.py)."""
    from .erf import erf

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


class UnheldHead(ValueError):
    """An index step (kv_head) names a K/V head that the K or V it indexes does not hold."""


def repeat_kv(x: np.ndarray, kv_head: np.ndarray, held: list[int] | None = None) -> np.ndarray:
    """Grouped-query attention: K or V of H_kv heads as H heads, query head h reading kv head kv_head[h].

    kv_head holds K/V head numbers. `held` lists the K/V heads x holds, in order, when it holds only some (a
    trace of some query heads keeps the K/V heads they read): each number is then looked up among them.
    Raises UnheldHead for a number that is not a K/V head x holds."""
    held = list(range(x.shape[0])) if held is None else list(held)
    where = {k: i for i, k in enumerate(held)}
    numbers = np.asarray(kv_head).ravel()
    if not all(np.isfinite(k) and float(k).is_integer() and int(k) in where for k in numbers):
        raise UnheldHead(f"kv_head {numbers.tolist()} names a K/V head outside {held}")
    index = np.array([where[int(k)] for k in numbers], dtype=np.intp)  # (H,) positions along x's kv_head axis
    return x[index]  # (H_kv, n, d) -> (H, n, d)


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
