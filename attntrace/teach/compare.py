"""One word in two contexts: the same token traced in two sentences, side by side.

`compare(a, b, token)` reads both traces (made with the same configuration) and gathers:

* the token's embedding row in each (`embed.token`): identical, since it depends only on the seed and
  the token's text;
* its row of X in each: X = E[token] + PE[pos] (a checkpoint's own formula, e.g. BERT's
  LayerNorm(E[token] + P[pos] + T[segment])), so it differs when the token sits at different positions;
* its attention row in each layer and head, over the tokens the two sentences share (paired by text:
  the k-th "the" in one with the k-th "the" in the other), plus the tokens only one sentence has;
* its output vector after each layer, and the cosine similarity of the two,
  cos(u, v) = u·v / (|u| |v|): 1 for the same direction, 0 for unrelated;
* how much its attention row changes in each layer and head, ½ Σ_j |w_S2[j] − w_S1[j]| over the keys of
  both sentences (a key only one sentence has counts with weight 0 in the other): 0 when the row is the
  same, 1 when the two rows share no weight at all; `ranking` lists the heads by it, most changed first.

Nothing here prints; `render/compare.py` lays it out.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np

from ..i18n import Message
from ..labels import TokenChoiceError, resolve_in
from ..trace_data import Trace


class CompareError(Message, ValueError):
    """Two traces that cannot be compared (different configurations, missing steps)."""


def cosine(u: np.ndarray, v: np.ndarray) -> float:
    """u·v / (|u| |v|); NaN when either vector is all zeros (no direction to compare)."""
    denom = float(np.linalg.norm(u) * np.linalg.norm(v))
    return float(u @ v) / denom if denom else float("nan")  # (D,) · (D,) -> scalar


@dataclass(frozen=True)
class KeyRow:
    """One key token of the attention row, in either sentence (None where that sentence lacks it)."""

    token: str
    pos_a: int | None
    pos_b: int | None
    weight_a: np.ndarray | None  # (H,) the weight the compared token gives this key, per head
    weight_b: np.ndarray | None


@dataclass(frozen=True)
class LayerAttention:
    layer: int
    heads: list[int]
    rows: list[KeyRow]  # shared keys first (in the first sentence's order), then each sentence's own


@dataclass(frozen=True)
class HeadChange:
    layer: int
    head: int
    k: int  # the head's index in LayerAttention.heads
    change: float  # ½ Σ_j |w_S2[j] − w_S1[j]|, in [0, 1]


def row_change(rows: list[KeyRow], k: int) -> float:
    """½ Σ_j |w_b[j] − w_a[j]| for head k over every key of either sentence (0 where a sentence lacks it)."""
    total = 0.0
    for row in rows:
        a = 0.0 if row.weight_a is None else float(row.weight_a[k])
        b = 0.0 if row.weight_b is None else float(row.weight_b[k])
        total += abs(b - a)
    return total / 2


@dataclass(frozen=True)
class TokenComparison:
    token: str
    tokens_a: list[str]
    tokens_b: list[str]
    pos_a: int
    pos_b: int
    embed_a: np.ndarray  # (D,) row of embed.token
    embed_b: np.ndarray
    x_a: np.ndarray  # (D,) row of X
    x_b: np.ndarray
    x_cosine: float  # cos(x_a, x_b)
    positional: str  # the positional encoding of both traces
    attention: list[LayerAttention]
    outputs: list[tuple[str, np.ndarray, np.ndarray, float]]  # (step, row in a, row in b, cosine) per layer
    x_formula: str | None = None  # a checkpoint's X, e.g. LayerNorm(E[token] + P[pos + 2] + T[segment])
    position_offset: int = 0  # token i takes row i + offset of the position table (RoBERTa)
    model: str | None = None  # the checkpoint or built-in model; None for the seeded (untrained) encoder
    seed: int = 0

    @cached_property
    def ranking(self) -> list[HeadChange]:
        """Every compared head, the one whose attention row changes most first (ties: in layer, head order)."""
        changes = [HeadChange(att.layer, h, k, row_change(att.rows, k))
                   for att in self.attention for k, h in enumerate(att.heads)]
        return sorted(changes, key=lambda c: -c.change)

    @property
    def same_embedding(self) -> bool:
        return bool(np.array_equal(self.embed_a, self.embed_b))

    @property
    def same_x(self) -> bool:
        return bool(np.array_equal(self.x_a, self.x_b))

    @property
    def same_output(self) -> bool:
        return bool(np.array_equal(self.outputs[-1][1], self.outputs[-1][2]))

    @property
    def output(self) -> tuple[str, np.ndarray, np.ndarray, float]:
        """The final output: the last layer's row in each, and their cosine similarity."""
        return self.outputs[-1]


def pair_tokens(a: list[str], b: list[str]) -> list[tuple[str, int | None, int | None]]:
    """(token, position in a, position in b): the k-th occurrence of a text in a with the k-th in b;
    shared tokens first in a's order, then a's own, then b's own."""
    left = {}
    for j, tok in enumerate(b):
        left.setdefault(tok, []).append(j)
    shared, only_a = [], []
    for i, tok in enumerate(a):
        if left.get(tok):
            shared.append((tok, i, left[tok].pop(0)))
        else:
            only_a.append((tok, i, None))
    only_b = sorted(((tok, None, j) for tok, js in left.items() for j in js), key=lambda r: r[2])
    return shared + only_a + only_b


def _needed(trace: Trace, names: list[str]) -> None:
    missing = [n for n in names if n not in trace]
    if missing:
        raise CompareError("error.compare.missing", steps=", ".join(missing))


def _resolve(trace: Trace, token: str, sentence: str) -> int:
    try:
        return resolve_in(trace, token)
    except TokenChoiceError as e:
        raise TokenChoiceError("error.compare.in_sentence", sentence=sentence, reason=e) from None


def compare(a: Trace, b: Trace, token: str, layer: int | None = None, head: int | None = None) -> TokenComparison:
    """Compare `token` (text, text@position or position, resolved in each sentence) across traces a and b."""
    if a.config != b.config:
        raise CompareError("error.compare.config")
    pos_a, pos_b = _resolve(a, token, "S1"), _resolve(b, token, "S2")
    n_layers = a.config.n_layers
    layers = range(n_layers) if layer is None else [a.check_layer(layer, CompareError)]
    ids = a.head_ids
    ks = list(range(len(ids))) if head is None else [a.head_index(head, CompareError)]
    outs = [f"blocks.{la}.out" for la in range(n_layers)]
    _needed(a, ["embed.token", "X", *outs] + [f"blocks.{la}.attn.weights" for la in layers])
    _needed(b, ["embed.token", "X", *outs])

    attention = []
    shown_a, shown_b = a.shown_tokens, b.shown_tokens
    pairs = pair_tokens(shown_a, shown_b)
    for la in layers:
        wa = a.step(f"blocks.{la}.attn.weights")[ks, pos_a]  # (H, n_a, n_a) -> (H', n_a)
        wb = b.step(f"blocks.{la}.attn.weights")[ks, pos_b]  # (H, n_b, n_b) -> (H', n_b)
        rows = [KeyRow(tok, i, j, None if i is None else wa[:, i], None if j is None else wb[:, j])
                for tok, i, j in pairs]
        attention.append(LayerAttention(la, [ids[k] for k in ks], rows))
    outputs = []
    for name in outs:
        ua, ub = a.step(name)[pos_a], b.step(name)[pos_b]  # (n, D) -> (D,)
        outputs.append((name, ua, ub, cosine(ua, ub)))
    x_a, x_b = a.step("X")[pos_a], b.step("X")[pos_b]  # (n, D) -> (D,)
    return TokenComparison(
        token=shown_a[pos_a],
        tokens_a=shown_a,
        tokens_b=shown_b,
        pos_a=pos_a,
        pos_b=pos_b,
        embed_a=a.step("embed.token")[pos_a],
        embed_b=b.step("embed.token")[pos_b],
        x_a=x_a,
        x_b=x_b,
        x_cosine=cosine(x_a, x_b),
        positional=a.config.positional,
        x_formula=x_formula(a),
        position_offset=a.config.position_offset,
        model=a.config.model,
        seed=a.config.seed,
        attention=attention,
        outputs=outputs,
    )


def x_formula(trace: Trace) -> str | None:
    """X as a checkpoint computes it, from its own plan; None for the seeded encoder."""
    if not trace.config.embed_norm:
        return None
    from ..models.plan import formulas

    return f"LayerNorm({formulas(trace.config, len(trace.tokens))['embed.sum']})"
