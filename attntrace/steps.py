"""The catalogue of step names: the public contract shared by the trace, JSON, rendering and checking.

Every intermediate attntrace records has a stable name. Names inside a layer carry the layer index,
`blocks.{l}.attn.Q`; the catalogue stores them with the placeholder and `info(name)` finds the entry.
Each entry gives the formula shown beside the numbers, the meaning of each axis (so the renderer can
label rows and columns with tokens or dimensions, and the checker can say which shape is expected), and
the kind: a `param` is an input to the computation (weights, embeddings), an `activation` follows from
earlier steps by a rule in `encoder.py`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Axis kinds: "head" (H), "kv_head" (H_kv, the K/V heads: H_kv = H except with grouped-query attention),
# "token" (n, the row of a token), "query"/"key" (n, rows/columns of an n×n attention matrix), "model"
# (d_model), "head_dim" (d_head), "ff" (d_ff), "position" (the rows of a learned position table a trace
# keeps: n + the family's position offset).
AXIS_LABEL_PREFIX = {"model": "d", "head_dim": "d", "ff": "f", "position": "p", "head": "h"}
HEAD_AXES = ("head", "kv_head")  # axes split into one table per head, and sliced by --head


@dataclass(frozen=True)
class StepInfo:
    pattern: str
    formula: str
    axes: tuple[str, ...]
    kind: str = "activation"  # or "param"
    why: str | None = None  # i18n key of a one-line reason, see attntrace.i18n


_CATALOGUE = [
    # --- embeddings -> X ---------------------------------------------------------------------------
    StepInfo("embed.token", "E[token]", ("token", "model"), "param", "why.embed.token"),
    StepInfo("embed.position", "PE[pos, 2i] = sin(pos/10000^(2i/d)), PE[pos, 2i+1] = cos(…)",
             ("token", "model"), "activation", "why.embed.position"),
    StepInfo("embed.position_table", "P", ("position", "model"), "param"),
    StepInfo("embed.token_type", "T[segment]", ("token", "model"), "param"),
    StepInfo("embed.sum", "E[token] + P[pos] + T[segment]", ("token", "model")),
    StepInfo("embed.ln.gamma", "γ", ("model",), "param"),
    StepInfo("embed.ln.beta", "β", ("model",), "param"),
    StepInfo("X", "X = E[token] + PE", ("token", "model"), "activation", "why.X"),
    # --- multi-head self-attention -----------------------------------------------------------------
    StepInfo("blocks.{l}.attn.W_Q", "W_Q", ("head", "model", "head_dim"), "param", "why.W_Q"),
    StepInfo("blocks.{l}.attn.W_K", "W_K", ("kv_head", "model", "head_dim"), "param"),
    StepInfo("blocks.{l}.attn.W_V", "W_V", ("kv_head", "model", "head_dim"), "param"),
    StepInfo("blocks.{l}.attn.b_Q", "b_Q", ("head", "head_dim"), "param"),
    StepInfo("blocks.{l}.attn.b_K", "b_K", ("kv_head", "head_dim"), "param"),
    StepInfo("blocks.{l}.attn.b_V", "b_V", ("kv_head", "head_dim"), "param"),
    StepInfo("blocks.{l}.attn.Q", "Q = X·W_Q", ("head", "token", "head_dim"), "activation", "why.Q"),
    StepInfo("blocks.{l}.attn.K", "K = X·W_K", ("kv_head", "token", "head_dim"), "activation", "why.K"),
    StepInfo("blocks.{l}.attn.V", "V = X·W_V", ("kv_head", "token", "head_dim"), "activation", "why.V"),
    StepInfo("blocks.{l}.attn.scores", "scores = Q·Kᵀ", ("head", "query", "key"), "activation",
             "why.scores"),
    StepInfo("blocks.{l}.attn.scaled", "scaled = scores / √d_k", ("head", "query", "key"), "activation",
             "why.scaled"),
    StepInfo("blocks.{l}.attn.mask", "mask[i, j] = (j ≤ i)", ("query", "key"), "activation", "why.mask"),
    StepInfo("blocks.{l}.attn.weights", "weights[i, :] = softmax(scaled[i, :])", ("head", "query", "key"),
             "activation", "why.weights"),
    StepInfo("blocks.{l}.attn.Z", "Z = weights·V", ("head", "token", "head_dim"), "activation", "why.Z"),
    StepInfo("blocks.{l}.attn.W_O", "W_O", ("head", "head_dim", "model"), "param"),
    StepInfo("blocks.{l}.attn.b_O", "b_O", ("model",), "param"),
    StepInfo("blocks.{l}.attn.out", "out = Σ_h Z_h·W_O,h", ("token", "model"), "activation", "why.out"),
    # --- the rest of the layer (post-norm, as in the original Transformer and BERT) -----------------
    StepInfo("blocks.{l}.attn.resid", "resid = X + attn.out", ("token", "model"), "activation",
             "why.resid"),
    StepInfo("blocks.{l}.ln1.gamma", "γ", ("model",), "param"),
    StepInfo("blocks.{l}.ln1.beta", "β", ("model",), "param"),
    StepInfo("blocks.{l}.ln1.out", "LayerNorm(attn.resid) = (x − mean) / √(var + ε) · γ + β",
             ("token", "model"), "activation", "why.ln"),
    StepInfo("blocks.{l}.ffn.W_1", "W_1", ("model", "ff"), "param"),
    StepInfo("blocks.{l}.ffn.b_1", "b_1", ("ff",), "param"),
    StepInfo("blocks.{l}.ffn.h", "h = ln1.out·W_1 + b_1", ("token", "ff"), "activation", "why.ffn"),
    StepInfo("blocks.{l}.ffn.act", "act = ReLU(h) = max(0, h)", ("token", "ff"), "activation", "why.act"),
    StepInfo("blocks.{l}.ffn.W_2", "W_2", ("ff", "model"), "param"),
    StepInfo("blocks.{l}.ffn.b_2", "b_2", ("model",), "param"),
    StepInfo("blocks.{l}.ffn.out", "ffn.out = act·W_2 + b_2", ("token", "model")),
    StepInfo("blocks.{l}.ffn.resid", "resid = ln1.out + ffn.out", ("token", "model"), "activation",
             "why.resid"),
    StepInfo("blocks.{l}.ln2.gamma", "γ", ("model",), "param"),
    StepInfo("blocks.{l}.ln2.beta", "β", ("model",), "param"),
    StepInfo("blocks.{l}.out", "out = LayerNorm(ffn.resid)", ("token", "model"),
             "activation", "why.ln"),
    # --- decoder families: pre-norm layers (GPT-2, Llama-style) -------------------------------------------
    StepInfo("rope.cos", "cos[pos, c] = cos(pos·θ^(−2i/d)), i = c mod d/2", ("token", "head_dim"), "activation",
             "why.rope"),
    StepInfo("rope.sin", "sin[pos, c] = sin(pos·θ^(−2i/d)), i = c mod d/2", ("token", "head_dim")),
    StepInfo("blocks.{l}.norm1.gamma", "γ", ("model",), "param"),
    StepInfo("blocks.{l}.norm1.beta", "β", ("model",), "param"),
    StepInfo("blocks.{l}.norm1.out", "norm1.out = LayerNorm(x)", ("token", "model"), "activation", "why.prenorm"),
    StepInfo("blocks.{l}.attn.Q_rot", "Q_rot = Q·cos + rotate_half(Q)·sin", ("head", "token", "head_dim"),
             "activation", "why.Q_rot"),
    StepInfo("blocks.{l}.attn.K_rot", "K_rot = K·cos + rotate_half(K)·sin", ("kv_head", "token", "head_dim")),
    StepInfo("blocks.{l}.attn.kv_head", "kv_head[h] = h // (H / H_kv)", ("head",), "activation", "why.kv_head"),
    StepInfo("blocks.{l}.attn.K_rep", "K_rep[h] = K_rot[kv_head[h]]", ("head", "token", "head_dim")),
    StepInfo("blocks.{l}.attn.V_rep", "V_rep[h] = V[kv_head[h]]", ("head", "token", "head_dim")),
    StepInfo("blocks.{l}.norm2.gamma", "γ", ("model",), "param"),
    StepInfo("blocks.{l}.norm2.beta", "β", ("model",), "param"),
    StepInfo("blocks.{l}.norm2.out", "norm2.out = LayerNorm(attn.resid)", ("token", "model"), "activation",
             "why.prenorm"),
    StepInfo("blocks.{l}.ffn.W_gate", "W_gate", ("model", "ff"), "param"),
    StepInfo("blocks.{l}.ffn.W_up", "W_up", ("model", "ff"), "param"),
    StepInfo("blocks.{l}.ffn.gate", "gate = norm2.out·W_gate", ("token", "ff")),
    StepInfo("blocks.{l}.ffn.up", "up = norm2.out·W_up", ("token", "ff")),
    StepInfo("blocks.{l}.ffn.gated", "gated = act ⊙ up", ("token", "ff"), "activation", "why.swiglu"),
    StepInfo("blocks.{l}.ffn.W_down", "W_down", ("ff", "model"), "param"),
    StepInfo("final_norm.gamma", "γ", ("model",), "param"),
    StepInfo("final_norm.beta", "β", ("model",), "param"),
    StepInfo("final_norm.out", "final_norm.out = LayerNorm(x_L)", ("token", "model"), "activation",
             "why.final_norm"),
]

CATALOGUE: dict[str, StepInfo] = {s.pattern: s for s in _CATALOGUE}

# The layer index as attntrace writes it: ASCII digits, no leading zero, at most 9 of them (far past
# config.LIMITS). `blocks.00.attn.Q`, `blocks.٣.attn.Q` (an Arabic-Indic digit) or a 5000-digit index are
# not canonical names, so they are unknown steps: never taken for a known one, shown and left unchecked.
_LAYER = re.compile(r"^blocks\.(0|[1-9][0-9]{0,8})\.")


def pattern_of(name: str) -> str:
    """`blocks.3.attn.Q` -> `blocks.{l}.attn.Q`; names outside a layer are their own pattern."""
    return _LAYER.sub("blocks.{l}.", name, count=1)


def layer_of(name: str) -> int | None:
    m = _LAYER.match(name)
    return int(m.group(1)) if m else None


def layer_input(layer: int) -> str:
    """The step a layer reads: the embeddings X for layer 0, the previous layer's output after it."""
    return "X" if layer == 0 else f"blocks.{layer - 1}.out"


def info(name: str) -> StepInfo | None:
    """The catalogue entry for a step name, or None for a name attntrace does not know (the pattern
    itself, `blocks.{l}.attn.Q`, is not a step name either)."""
    if "{" in name:
        return None
    return CATALOGUE.get(pattern_of(name))


def is_known(name: str) -> bool:
    return info(name) is not None


def axis_sizes(n_tokens: int, d_model: int, n_heads: int, d_ff: int, position_offset: int = 0,
               n_kv_heads: int | None = None) -> dict[str, int]:
    return {
        "position": n_tokens + position_offset,
        "head": n_heads,
        "kv_head": n_heads if n_kv_heads is None else n_kv_heads,
        "token": n_tokens,
        "query": n_tokens,
        "key": n_tokens,
        "model": d_model,
        "head_dim": d_model // n_heads,
        "ff": d_ff,
    }


def expected_shape(name: str, sizes: dict[str, int]) -> tuple[int, ...] | None:
    """The shape a step must have, given the sizes of each axis kind (see `axis_sizes`)."""
    entry = info(name)
    return None if entry is None else tuple(sizes[a] for a in entry.axes)


def name_key(name: str) -> str:
    """A step name without case and separators: `blocks.0.attn.W_Q`, `Blocks0AttnWq` -> `blocks0attnwq`."""
    return "".join(ch for ch in name.lower() if ch.isalnum())
