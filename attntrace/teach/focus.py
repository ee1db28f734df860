"""The worked arithmetic of attention for one query token, taken from a trace's own recorded values.

`focus(trace, query)` gathers, for each head, everything a learner needs to redo one row of attention
by hand, as the textbook writes it:

    q = x·W_Q                     each component a sum of products Σ_m x[m]·W_Q[m, c]
    k_j = x_j·W_K, v_j = x_j·W_V  for every key j the query may attend to
    s_j = q·k_j                   a sum of products, then ÷ √d_k
    w_j = exp(s_j − m) / Σ exp(s − m),  m = max_j s_j  (the row maximum: exp cannot overflow)
    z = Σ_j w_j·v_j               component by component

Nothing is recomputed from the model: the inputs, weights and every total (Q, K, V, scores, scaled,
weights, Z) are read from the trace, so what is shown is exactly what was recorded. Only the softmax's
intermediate row maximum, exps and their sum, which the trace does not store, are derived here from
the recorded `scaled` row. The renderer (`render/focus.py`) decides what to elide.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..i18n import Message
from ..labels import TokenChoiceError, resolve_in, resolve_token, token_list  # noqa: F401 (part of the focus API)
from ..trace_data import Trace


class FocusError(Message, ValueError):
    """The trace lacks a step the worked arithmetic needs (a trace saved with --steps, say)."""


# --- the worked arithmetic ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Projection:
    """One projected vector: result[c] = Σ_m row[m]·W[m, c] (+ bias[c])."""

    name: str  # "q", "k" or "v"
    token: int
    row: np.ndarray  # (D,) the token's input vector, a row of X (or of the previous layer's output)
    W: np.ndarray  # (D, d) this head's projection
    bias: np.ndarray | None  # (d,) or None: the seeded encoder has no bias
    result: np.ndarray  # (d,) the trace's row of Q, K or V


@dataclass(frozen=True)
class Dot:
    """score = q·k_j = Σ_c q[c]·k_j[c]; scaled = score / √d_k."""

    key: int
    q: np.ndarray  # (d,)
    k: np.ndarray  # (d,)
    score: float  # the trace's scores[h, i, j]
    scaled: float  # the trace's scaled[h, i, j]


@dataclass(frozen=True)
class Softmax:
    """w_j = exp(s_j − m) / Σ_j' exp(s_j' − m) over the keys the query may attend to."""

    scaled: np.ndarray  # (n,) the trace's scaled row
    allowed: np.ndarray  # (n,) bool: False where the mask hides a key
    row_max: float  # m, over the allowed keys
    shifted: np.ndarray  # (n,) s_j − m (allowed keys only are meaningful)
    exps: np.ndarray  # (n,) exp(s_j − m), 0 where masked
    total: float  # Σ exps
    weights: np.ndarray  # (n,) the trace's weights row


@dataclass(frozen=True)
class WeightedSum:
    """z[c] = Σ_j w_j·v_j[c]."""

    weights: np.ndarray  # (n,) the trace's weights row
    V: np.ndarray  # (n, d) the trace's V for this head
    allowed: np.ndarray  # (n,) bool
    z: np.ndarray  # (d,) the trace's Z row


@dataclass(frozen=True)
class HeadFocus:
    head: int
    d_k: int
    q: Projection
    keys: list[Projection]  # k_j for each allowed key j
    values: list[Projection]  # v_j for each allowed key j
    dots: list[Dot]  # one per allowed key
    softmax: Softmax
    z: WeightedSum


@dataclass(frozen=True)
class Focus:
    tokens: list[str]
    query: int
    layer: int
    input_name: str  # "X" or "blocks.{l-1}.out", or a pre-norm's "blocks.{l}.norm1.out"
    heads: list[HeadFocus]
    scored: tuple[str, str] = ("Q", "K")  # what the scores multiply: ("Q_rot", "K_rot") with rotary positions


def softmax_parts(scaled: np.ndarray, allowed: np.ndarray) -> tuple[np.ndarray, ...]:
    """The softmax's intermediates along the last axis (the keys), for one row or a whole (H, n, n) block:
    the row maximum m over the allowed keys, s_j − m (−∞ where masked), exp(s_j − m) (0 where masked) and
    their sum. The trace records only `scaled` and `weights`; these are what lies between them."""
    with np.errstate(all="ignore"):  # a trace whose numbers overflowed: NaN stays NaN, shown as it is
        row_max = np.where(allowed, scaled, -np.inf).max(axis=-1)  # (...,)
        shifted = np.where(allowed, scaled - row_max[..., None], -np.inf)  # (..., n)
        exps = np.exp(shifted)  # (..., n); exp(-inf) = 0 for masked keys
        return row_max, shifted, exps, exps.sum(axis=-1)  # (...,), (..., n), (..., n), (...,)


def _needed(trace: Trace, layer: int) -> tuple[str, str, str, str]:
    """The steps the worked arithmetic reads, from the family's plan: the projections' input (X, the previous
    layer's output, or a pre-norm's output), and the q, k and v the scores and Z are computed from (Q or the
    rotated Q_rot; K, K_rot or the repeated K_rep of grouped K/V; V or V_rep)."""
    from ..models.plan import Rule, plan

    a = f"blocks.{layer}.attn."
    rules = {s.name: s for s in plan(trace.config, len(trace.tokens)) if isinstance(s, Rule)}
    x_in = rules[a + "Q"].inputs[0]
    q, k = rules[a + "scores"].inputs
    v = rules[a + "Z"].inputs[1]
    names = [x_in, q, k, v] + [a + s for s in ("W_Q", "W_K", "W_V", "Q", "K", "V", "scores", "scaled", "weights", "Z")]
    missing = [n for n in dict.fromkeys(names) if n not in trace]
    if missing:
        raise FocusError("error.focus.missing", steps=", ".join(missing))
    return x_in, q, k, v


def focus(trace: Trace, query: int | str, layer: int = 0, head: int | None = None) -> Focus:
    """The worked arithmetic of row `query` of attention in `layer`, for `head` or every head in the trace.

    `query` is the query token, as the CLI's --focus takes it: its text (`"吃"`, a model's piece `"Ġcat"` or
    as shown `"␣cat"`, `"cat"`) when it occurs once, `"text@position"`, or a position (`2` or `"2"`).
    Raises TokenChoiceError (a ValueError) listing the tokens when it names none or several."""
    n = len(trace.tokens)
    if isinstance(query, str):
        query = resolve_in(trace, query)
    elif isinstance(query, bool) or not isinstance(query, (int, np.integer)):
        raise TokenChoiceError("error.token.unknown", token=repr(query), tokens=token_list(trace.shown_tokens))
    query = int(query)
    if not 0 <= query < n:
        raise TokenChoiceError("error.token.unknown", token=str(query), tokens=token_list(trace.tokens))
    trace.check_layer(layer, FocusError)
    x_in, q_name, k_name, v_name = _needed(trace, layer)
    ids = trace.head_ids
    if head is not None:
        trace.head_index(head, FocusError)
    a = f"blocks.{layer}.attn."
    X = trace.step(x_in)  # (n, D)
    allowed = trace.allowed(layer)[query]  # (n, n) -> (n,)
    keys = [j for j in range(n) if allowed[j]]
    if not keys:  # a hand-written mask can hide every key: the softmax then has no terms at all
        raise FocusError("error.focus.no_keys", token=trace.tokens[query], query=query, layer=layer)

    def per_head(name: str, k: int, kv: int) -> np.ndarray:
        """Head k of a step with a head axis, or K/V head kv of one with a kv_head axis."""
        info = trace.steps[name].info
        return trace.step(name)[kv if info is not None and info.axes[0] == "kv_head" else k]

    heads = []
    kv_ids = trace.kv_head_ids
    for k, h in enumerate(ids):
        if head is not None and h != head:
            continue
        kv = kv_ids.index(h // trace.config.group)
        W = {t: per_head(a + "W_" + t, k, kv) for t in "QKV"}  # (H or H_kv, D, d) -> (D, d)
        R = {t: per_head(a + t, k, kv) for t in "QKV"}  # (H or H_kv, n, d) -> (n, d)
        q_rows, k_rows, v_rows = (per_head(s, k, kv) for s in (q_name, k_name, v_name))  # (n, d) each

        def proj(t: str, i: int, W=W, R=R, k=k, kv=kv) -> Projection:
            b = per_head(a + "b_" + t, k, kv) if a + "b_" + t in trace else None  # (d,) or None
            return Projection(t.lower(), i, X[i], W[t], b, R[t][i])

        scores, scaled = trace.step(a + "scores")[k], trace.step(a + "scaled")[k]  # (n, n) each
        weights = trace.step(a + "weights")[k, query]  # (n,)
        row = scaled[query]  # (n,)
        row_max, shifted, exps, total = softmax_parts(row, allowed)
        heads.append(HeadFocus(
            head=h,
            d_k=W["Q"].shape[1],
            q=proj("Q", query),
            keys=[proj("K", j) for j in keys],
            values=[proj("V", j) for j in keys],
            dots=[Dot(j, q_rows[query], k_rows[j], float(scores[query, j]), float(scaled[query, j])) for j in keys],
            softmax=Softmax(row, allowed, float(row_max), shifted, exps, float(total), weights),
            z=WeightedSum(weights, v_rows, allowed, trace.step(a + "Z")[k, query]),
        ))
    return Focus(trace.shown_tokens, query, layer, x_in, heads, (q_name.rsplit(".", 1)[-1], k_name.rsplit(".", 1)[-1]))


def focus_on(trace: Trace, token: str, layer: int | None = None, head: int | None = None) -> Focus:
    """`focus` for the query `token` as a person types it (`labels.resolve_in`: a piece, the piece as shown,
    text@position or a position), in `layer` (default 0). Raises TokenChoiceError when it names no token
    (or more than one), FocusError when the trace lacks what the arithmetic needs."""
    from ..labels import resolve_in

    return focus(trace, resolve_in(trace, token), 0 if layer is None else layer, head)
