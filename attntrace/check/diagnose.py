"""Why is a step wrong? A one-line hint for the first locally-wrong step of a check report.

Each step has a list of common mistakes. For each, the mistake is *replayed*: the same rule with the
mistake in it, applied to the very values the local check used (the trace's own earlier steps). When
the replay matches what the trace holds, the hint names that mistake ("`scaled` equals `scores`: the
division by √d_k = 2 is missing"); when none matches, it lists the usual causes for that step.
No printing; the sentences come from attntrace.i18n.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import numpy as np

from .. import steps as catalogue
from ..config import DECODERS
from ..i18n import t
from ..models import ops
from ..models.ops import merge_heads, project, qk
from ..trace_data import Trace
from .engine import WRONG, Close, Report, StepCheck, tolerance

# A candidate mistake: the i18n key of its sentence, the sentence's fields, and the value the mistake gives
# (None when it does not apply to this trace).
Candidate = tuple[str, dict, Callable[[], "np.ndarray | None"]]


@dataclass(frozen=True)
class Hint:
    """A one-line hint for one wrong step. `specific`: the found values match the named mistake."""

    step: str
    cause: str  # i18n key, e.g. "diagnose.scaled.no_sqrt"
    fields: dict = field(default_factory=dict)
    specific: bool = False
    extra: tuple[tuple[str, dict], ...] = ()  # further sentences (e.g. rows that do not sum to 1)
    also: tuple[tuple[str, dict], ...] = ()  # other mistakes that give the very same numbers

    @property
    def causes(self) -> tuple[str, ...]:
        return (self.cause, *(k for k, _ in self.also))

    @property
    def message(self) -> str:
        parts = [t(self.cause, **self.fields)]
        parts += [t("diagnose.or", what=t(k, **f)) for k, f in self.also]
        return " ".join(parts + [t(k, **f) for k, f in self.extra])


def diagnose(trace: Trace, report: Report, close: Close | None = None) -> Hint | None:
    """The hint for the report's first locally-wrong step, or None when no step is wrong."""
    step = report.first_wrong
    return None if step is None else diagnose_step(trace, step, close)


def diagnose_step(trace: Trace, step: StepCheck, close: Close | None = None) -> Hint:
    """Replay the common mistakes for this step on its local inputs; name the one that matches."""
    if step.status != WRONG or step.found is None or step.local is None:
        raise ValueError(f"{step.name} is not a wrong step")
    close = close or tolerance()
    found, expected = step.found, step.local.expected
    args = dict(zip(step.inputs, step.local_args, strict=True))
    pattern = catalogue.pattern_of(step.name)
    extra = _extra(pattern, found, trace)
    matches = []
    candidates = (_param_candidates(pattern, expected) if step.is_input
                  else _candidates(pattern, step.name, args, trace, found, close))
    for key, fields, make in _safely(candidates):
        try:
            value = make()
        except (ValueError, IndexError, KeyError, FloatingPointError):
            continue
        if value is None or value.shape != found.shape:
            continue
        if np.all(close(value, found)) and not np.all(close(expected, value)):
            matches.append((key, fields))
    if matches:  # more than one when two mistakes give the same numbers (d_k = 2 = √d_model at d_model 4)
        (key, fields), *also = matches
        return Hint(step.name, key, fields, specific=True, extra=extra, also=tuple(also))
    precision = _reduced_precision(expected, found)
    if precision is not None:  # no mistake, but every cell off by the rounding of a 16-bit float
        return Hint(step.name, precision[0], precision[1], specific=True, extra=extra)
    key = _GENERIC.get(pattern, "diagnose.generic")
    if pattern == "embed.position" and trace.config.positional == "learned":
        key = "diagnose.position.learned"
    return Hint(step.name, key, _generic_fields(trace), specific=False, extra=extra)


# Relative rounding errors of 16-bit floats: bfloat16 keeps 8 significant bits (unit roundoff 2⁻⁸... 2⁻⁹),
# float16 11 (2⁻¹¹); an implementation that computes in them is off by a few units in every cell.
_PRECISIONS = (("diagnose.precision.fp16", 2.0**-14, 2.0**-9.5), ("diagnose.precision.bf16", 2.0**-9.5, 2.0**-5.5))


def _reduced_precision(expected: np.ndarray, found: np.ndarray) -> tuple[str, dict] | None:
    """bfloat16 or float16: most cells differ, all by a small relative error of that size."""
    if expected.dtype == bool or found.dtype == bool or expected.size < 4:
        return None
    with np.errstate(all="ignore"):
        scale = np.abs(expected)
        big = scale > 0.05 * scale.max()  # cells near 0 come from cancellation; their relative error says nothing
        rel = np.abs(found - expected)[big] / scale[big]
    if not rel.size or not np.all(np.isfinite(rel)) or np.mean(rel > 0) < 0.5:
        return None
    worst = float(rel.max())
    for key, low, high in _PRECISIONS:
        if low < worst <= high:
            tol = float(f"{4 * worst:.0e}")  # room for the errors carried from step to step
            return key, {"rel": f"{worst:.1e}", "rtol": f"{tol:g}"}
    return None


def _safely(candidates: Iterator[Candidate]) -> Iterator[Candidate]:
    """The candidates until one cannot be formed (diff may lack an input the step's rule reads)."""
    try:
        yield from candidates
    except (IndexError, KeyError, ValueError):
        return


# --- the mistakes, step by step ---------------------------------------------------------------------------


def _param_candidates(pattern: str, expected: np.ndarray) -> Iterator[Candidate]:
    """Weights that differ from a trusted trace's (diff): the usual ways of laying out a full matrix wrongly."""
    which = pattern.rsplit(".", 1)[-1]
    if which in ("W_Q", "W_K", "W_V"):
        H, D, d = expected.shape
        full = _full(expected)  # (D, H·d)
        fields = {"w": which}
        # PyTorch's nn.Linear weight (out × in) saved without a transpose
        yield "diagnose.param.transposed", fields, lambda: full.T.reshape(D, H, d).transpose(1, 0, 2)
        if H > 1:  # (D, H·d) reshaped straight to (H, D, d): the columns of each head are not picked out
            yield "diagnose.param.reshape", fields, lambda: full.reshape(H, D, d)
            yield from _heads_reordered(which, expected)
    elif which == "W_O":
        H, d, D = expected.shape
        full = expected.reshape(H * d, D)  # (H·d, D)
        yield "diagnose.param.transposed", {"w": which}, lambda: full.T.reshape(H, d, D)
        if H > 1:
            yield from _heads_reordered(which, expected)
    elif which in ("W_1", "W_2") and expected.shape[0] == expected.shape[1]:
        yield "diagnose.param.transposed", {"w": which}, lambda: expected.T


def _heads_reordered(which: str, expected: np.ndarray) -> Iterator[Candidate]:
    for order in _head_orders(expected.shape[0]):
        yield ("diagnose.param.heads_order", {"w": which, "order": ", ".join(map(str, order))},
               lambda order=order: expected[order])


def _head_orders(H: int) -> Iterator[list[int]]:
    """Head orders worth trying: reversed, then each pair of heads swapped (at most 16 heads: 120 pairs)."""
    yield list(range(H))[::-1]
    if H <= 16:
        for h in range(H):
            for g in range(h + 1, H):
                order = list(range(H))
                order[h], order[g] = g, h
                yield order


def _softmax(x: np.ndarray, mask: np.ndarray | None = None, axis: int = -1) -> np.ndarray:
    if mask is not None:
        x = np.where(mask, x, -np.inf)  # (H, n, n)
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def _layer_norm(x, gamma, beta, eps, ddof=0, eps_outside=False, axis=-1, affine=True):
    mean = x.mean(axis=axis, keepdims=True)
    var = x.var(axis=axis, keepdims=True, ddof=ddof)
    y = (x - mean) / (np.sqrt(var) + eps if eps_outside else np.sqrt(var + eps))
    return y * gamma + beta if affine else y


def _halves_positions(n: int, d: int) -> np.ndarray:
    """sin in the first half of the columns and cos in the second, instead of alternating."""
    pe = ops.sinusoidal_positions(n, d)
    return np.concatenate([pe[:, 0::2], pe[:, 1::2]], axis=1)  # (n, D)


def _positions_i_over_d(n: int, d: int) -> np.ndarray:
    """The angle pos / 10000^(i/d) with the column index i, instead of the pair index 2i."""
    pos = np.arange(n)[:, None]  # (n, 1)
    i = np.arange(d)[None, :]  # (1, D)
    angle = pos / np.power(10000.0, i / d)  # (n, D)
    return np.where(i % 2 == 0, np.sin(angle), np.cos(angle))


def _positions_swapped(n: int, d: int) -> np.ndarray:
    """cos in the even columns and sin in the odd ones."""
    out = np.empty((n, d))
    pos = np.arange(n)[:, None]  # (n, 1)
    angle = pos / np.power(10000.0, np.arange(0, d, 2)[None, :] / d)  # (n, ceil(D/2))
    out[:, 0::2] = np.cos(angle)
    out[:, 1::2] = np.sin(angle[:, : d // 2])
    return out


def _full(W: np.ndarray) -> np.ndarray:
    """Per-head weights (H, D, d) as the one matrix they were split from, (D, H·d)."""
    H, D, d = W.shape
    return W.transpose(1, 0, 2).reshape(D, H * d)  # (H, D, d) -> (D, H, d) -> (D, H·d)


def _heads(full: np.ndarray, H: int) -> np.ndarray:
    n, D = full.shape
    return full.reshape(n, H, D // H).transpose(1, 0, 2)  # (n, D) -> (n, H, d) -> (H, n, d)


def _other_heads(x, W, found, close) -> np.ndarray | None:
    """Each head's projection, except that a wrong head is replaced by another head's when that matches."""
    right = project(x, W)  # (H, n, d)
    out, swapped = right.copy(), False
    for h in range(W.shape[0]):
        if np.all(close(right[h], found[h])):
            continue
        match = next((g for g in range(W.shape[0]) if g != h and np.all(close(right[g], found[h]))), None)
        if match is None:
            return None
        out[h], swapped = right[match], True
    return out if swapped else None


def _candidates(pattern: str, name: str, args: dict, trace: Trace, found: np.ndarray,
                close: Close) -> Iterator[Candidate]:
    c = trace.config
    if c.family in DECODERS:
        yield from _decoder_candidates(pattern, name, args, trace)
        if pattern in _DECODER_ONLY:
            return
    layer = catalogue.layer_of(name)
    a = f"blocks.{layer}.attn."
    values = {n: s.data for n, s in trace.steps.items()}
    ins = list(args.values())  # the rule's inputs, in order
    nh = len(trace.head_ids)  # heads the trace holds
    n = len(trace.tokens)

    if pattern == "X" and "embed.token" in args:
        E = args["embed.token"]
        if c.positional == "sinusoidal":
            yield "diagnose.X.no_position", {}, lambda: E
            yield "diagnose.X.halves", {}, lambda: E + _halves_positions(n, c.d_model)
    elif pattern == "embed.position" and "embed.position_table" in args:  # RoBERTa: rows from padding_idx + 1
        P, off = args["embed.position_table"], c.position_offset
        family = {"roberta": "RoBERTa", "xlm-roberta": "XLM-RoBERTa"}.get(c.family, c.family)
        for start in sorted({0, 1, off - 1, off + 1} - {off}):  # BERT's rows, or one row off
            if start >= 0 and start + n <= len(P):
                yield ("diagnose.position.offset", {"found": _rows(start, n), "family": family, "offset": off,
                                                    "right": _rows(off, n)},
                       lambda start=start: P[start: start + n])
    elif pattern == "embed.sum":
        E, P = args["embed.token"], args["embed.position"]
        yield "diagnose.embed.no_token_type", {}, lambda: E + P
    elif pattern == "X" and "embed.sum" in args and "embed.token" in values and "embed.position" in values:
        g, b = args["embed.ln.gamma"], args["embed.ln.beta"]
        yield ("diagnose.embed.no_token_type", {},
               lambda: _layer_norm(values["embed.token"] + values["embed.position"], g, b, c.ln_eps))
    elif pattern == "embed.position":
        yield "diagnose.position.halves", {}, lambda: _halves_positions(n, c.d_model)
        yield "diagnose.position.i_over_d", {}, lambda: _positions_i_over_d(n, c.d_model)
        yield "diagnose.position.swapped", {}, lambda: _positions_swapped(n, c.d_model)
    elif pattern in ("blocks.{l}.attn.Q", "blocks.{l}.attn.K", "blocks.{l}.attn.V"):
        which = name[-1]
        x, W = ins[0], ins[1]  # the layer's input (n, D) and W (H, D, d)
        bias = ins[2] if len(ins) > 2 else None  # (H, d)

        def plus_bias(y):
            return y if bias is None else y + bias[:, None, :]  # (H, d) -> (H, 1, d)

        fields = {"t": which, "w": "W_" + which}
        if bias is not None:  # Q − X·W_Q equals b_Q: the bias was left out
            yield "diagnose.qkv.no_bias", {**fields, "b": "b_" + which}, lambda: project(x, W)
        # X·Wᵀ: the whole projection transposed (for one head, each head's square W transposed)
        if nh == c.n_heads:
            yield "diagnose.qkv.transposed", fields, lambda: plus_bias(_heads(x @ _full(W).T, nh))
        if nh > 1:
            # (n, D) reshaped straight to (H, n, d): the columns of each head are not picked out
            yield "diagnose.qkv.reshape", fields, lambda: plus_bias((x @ _full(W)).reshape(nh, n, -1))
            if bias is None:
                yield "diagnose.qkv.other_head", fields, lambda: _other_heads(x, W, found, close)
        for other in "QKV":
            if other != which and a + "W_" + other in values:
                W_other = values[a + "W_" + other]
                yield ("diagnose.qkv.other_weight", {**fields, "other": "W_" + other},
                       lambda W_other=W_other: plus_bias(project(x, W_other)))
        if layer and layer > 0 and "X" in values:
            yield ("diagnose.qkv.layer_input", {**fields, "layer": layer, "prev": layer - 1},
                   lambda: plus_bias(project(values["X"], W)))
        if layer == 0 and c.positional == "sinusoidal" and "embed.token" in values:
            yield ("diagnose.qkv.no_position", fields,
                   lambda: plus_bias(project(values["embed.token"], W)))
    elif pattern == "blocks.{l}.attn.scores":
        Q, K = ins  # Q and K, or a decoder's Q_rot and K_rot / K_rep
        yield "diagnose.scores.swapped", {}, lambda: qk(K, Q)  # K·Qᵀ
        yield "diagnose.scores.scaled_early", {"d_k": c.d_head, "root": _root(c.d_head)}, \
            lambda: qk(Q, K) / math.sqrt(c.d_head)
    elif pattern == "blocks.{l}.attn.scaled":
        s = args[a + "scores"]
        fields = {"d_k": c.d_head, "root": _root(c.d_head), "d_model": c.d_model,
                  "root_model": _root(c.d_model)}
        yield "diagnose.scaled.no_sqrt", fields, lambda: s
        yield "diagnose.scaled.by_d_k", fields, lambda: s / c.d_head
        yield "diagnose.scaled.d_model", fields, lambda: s / math.sqrt(c.d_model)
        yield "diagnose.scaled.times", fields, lambda: s * math.sqrt(c.d_head)
        if c.mask == "causal":
            yield "diagnose.scaled.masked", fields, lambda: _masked_in_scaled(s / math.sqrt(c.d_head), found, n)
    elif pattern == "blocks.{l}.attn.mask":
        yield "diagnose.mask.inverted", {}, lambda: ~ops.causal_mask(n)  # PyTorch's attn_mask: true = blocked
        yield "diagnose.mask.upper", {}, lambda: np.triu(np.ones((n, n), dtype=bool))
        yield "diagnose.mask.diagonal", {}, lambda: np.tril(np.ones((n, n), dtype=bool), -1)
        yield "diagnose.mask.none", {}, lambda: np.ones((n, n), dtype=bool)
    elif pattern == "blocks.{l}.attn.weights":
        s = args[a + "scaled"]
        mask = args.get(a + "mask")
        root = {"d_k": c.d_head, "root": _root(c.d_head)}
        yield "diagnose.weights.axis", {}, lambda: _softmax(s, mask, axis=-2)
        if mask is not None:
            yield "diagnose.weights.mask_inverted", {}, lambda: _softmax(s, ~mask)
            yield "diagnose.weights.mask_after", {}, lambda: _softmax(s) * mask
            yield "diagnose.weights.no_mask", {}, lambda: _softmax(s)
        yield "diagnose.weights.scores", root, lambda: _softmax(s * math.sqrt(c.d_head), mask)
        yield "diagnose.weights.twice", root, lambda: _softmax(s / math.sqrt(c.d_head), mask)
        yield "diagnose.weights.no_sum", {}, lambda: np.exp(s) * (1 if mask is None else mask)
        yield "diagnose.weights.whole", {}, lambda: _softmax_whole(s, mask)
    elif pattern == "blocks.{l}.attn.Z":
        w, V = ins  # weights and V (a decoder with grouped K/V: V_rep)
        yield "diagnose.Z.transposed", {}, lambda: w.swapaxes(-1, -2) @ V  # (H, n, n) x (H, n, d)
        if a + "K" in values:
            yield "diagnose.Z.K", {}, lambda: w @ values[a + "K"]
    elif pattern == "blocks.{l}.attn.out":
        Z, W = args[a + "Z"], args[a + "W_O"]
        b = args.get(a + "b_O")
        if b is not None:
            yield "diagnose.out.no_bias", {}, lambda: merge_heads(Z, W)
        H, _, d = Z.shape
        full = W.reshape(H * d, -1)  # (H, d, D) -> (H·d, D), the whole W_O
        if full.shape[0] == full.shape[1]:
            yield "diagnose.out.transposed", {}, lambda: merge_heads(Z, full.T.reshape(W.shape), b)
        if nh > 1:
            yield "diagnose.out.mean", {}, lambda: merge_heads(Z, W) / nh
            # (H, n, d) reshaped straight to (n, H·d): each row mixes the heads' rows
            yield "diagnose.out.reshape", {}, lambda: Z.reshape(n, H * d) @ full + (0 if b is None else b)
            for order in _head_orders(H):
                yield ("diagnose.out.heads_order", {"order": ", ".join(map(str, order))},
                       lambda order=order: merge_heads(Z[order], W, b))
    elif pattern in ("blocks.{l}.attn.resid", "blocks.{l}.ffn.resid"):
        sub = a + "out" if pattern.endswith("attn.resid") else f"blocks.{layer}.ffn.out"
        yield "diagnose.resid.missing", {}, lambda: args[sub]
        if pattern.endswith("ffn.resid"):
            yield "diagnose.resid.wrong_input", {}, lambda: values[a + "resid"] + args[sub]
    elif pattern in ("blocks.{l}.ln1.out", "blocks.{l}.out"):
        x, g, b = ins
        eps = c.ln_eps
        yield "diagnose.ln.sample_var", {}, lambda: _layer_norm(x, g, b, eps, ddof=1)
        yield "diagnose.ln.eps_outside", {}, lambda: _layer_norm(x, g, b, eps, eps_outside=True)
        yield "diagnose.ln.no_eps", {}, lambda: _layer_norm(x, g, b, 0.0)
        yield "diagnose.ln.axis", {}, lambda: _layer_norm(x, g, b, eps, axis=0)
        yield "diagnose.ln.affine", {}, lambda: _layer_norm(x, g, b, eps, affine=False)
        sub = a + "out" if pattern.endswith("ln1.out") else f"blocks.{layer}.ffn.out"
        if sub in values:
            yield "diagnose.ln.no_resid", {}, lambda: _layer_norm(values[sub], g, b, eps)
        solved = _solve_eps(x, g, b, found)
        if solved is not None:
            yield ("diagnose.ln.eps", {"eps": f"{solved:g}", "config": f"{eps:g}"},
                   lambda: _layer_norm(x, g, b, solved))
    elif pattern in ("blocks.{l}.ffn.h", "blocks.{l}.ffn.out"):
        x, W, b = ins
        yield "diagnose.ffn.no_bias", {}, lambda: x @ W  # (n, D) x (D, F) -> (n, F), or (n, F) x (F, D)
    elif pattern == "blocks.{l}.ffn.act":
        h = ins[0]  # ffn.h, or a gated feed-forward's gate
        named = {"gelu": ("gelu_tanh", "diagnose.act.tanh"), "gelu_tanh": ("gelu", "diagnose.act.exact")}
        if c.activation in named:  # the two GELUs, each mistaken for the other
            other, key = named[c.activation]
            yield key, {}, lambda: ops.ACTIVATIONS[other](h)
        for other, fn in ops.ACTIVATIONS.items():
            if other != c.activation and other != named.get(c.activation, ("",))[0]:
                yield "diagnose.act.other", {"other": _ACT_NAMES[other]}, lambda fn=fn: fn(h)


_ACT_NAMES = {"relu": "ReLU", "gelu": "GELU", "gelu_tanh": "GELU (tanh)", "silu": "SiLU"}  # as the formulas name them
# steps whose meaning in a decoder differs from the encoder's step of the same pattern, or that only decoders have
_DECODER_ONLY = {"blocks.{l}.out", "blocks.{l}.norm1.out", "blocks.{l}.norm2.out", "final_norm.out",
                 "blocks.{l}.attn.Q_rot", "blocks.{l}.attn.K_rot", "blocks.{l}.attn.kv_head", "blocks.{l}.attn.K_rep",
                 "blocks.{l}.attn.V_rep", "rope.cos", "rope.sin", "blocks.{l}.ffn.gated"}


def _interleaved_rope(x: np.ndarray, cos: np.ndarray, sin: np.ndarray) -> np.ndarray:
    """RoPE on adjacent pairs (x0, x1), (x2, x3), … (GPT-J, Meta's original code), not transformers' halves."""
    d = x.shape[-1]
    c, s = cos[:, : d // 2], sin[:, : d // 2]  # (n, d/2): the pair frequencies
    out = np.empty_like(x)
    out[..., 0::2] = x[..., 0::2] * c - x[..., 1::2] * s
    out[..., 1::2] = x[..., 1::2] * c + x[..., 0::2] * s
    return out


def _decoder_candidates(pattern: str, name: str, args: dict, trace: Trace) -> Iterator[Candidate]:
    """The porting bugs of GPT-2 and Llama-style decoders, replayed on the local inputs."""
    c = trace.config
    layer = catalogue.layer_of(name)
    p = f"blocks.{layer}."
    values = {n: s.data for n, s in trace.steps.items()}
    ins = list(args.values())
    rms = c.family == "llama"
    if pattern in ("blocks.{l}.norm1.out", "blocks.{l}.norm2.out", "final_norm.out"):
        x, g = ins[0], ins[1]
        b = ins[2] if len(ins) > 2 else 0.0
        if rms:  # RMSNorm has no mean and no β
            yield "diagnose.rms.mean", {}, lambda: _layer_norm(x, g, 0.0, c.ln_eps)
            yield "diagnose.ln.no_eps", {}, lambda: ops.rms_norm(x, g, 0.0)
            yield "diagnose.rms.affine", {}, lambda: ops.rms_norm(x, np.ones_like(g), c.ln_eps)
        else:
            yield "diagnose.ln.sample_var", {}, lambda: _layer_norm(x, g, b, c.ln_eps, ddof=1)
            yield "diagnose.ln.affine", {}, lambda: _layer_norm(x, g, b, c.ln_eps, affine=False)
    elif pattern in ("blocks.{l}.attn.Q_rot", "blocks.{l}.attn.K_rot"):
        x, cos, sin = ins
        which = name[-5]
        fields = {"t": which, "d_k": c.d_head, "root": _root(c.d_head)}
        yield "diagnose.rope.interleaved", fields, lambda: _interleaved_rope(x, cos, sin)
        yield "diagnose.rope.missing", fields, lambda: x
        yield "diagnose.rope.direction", fields, lambda: ops.rope(x, cos, -sin)
        yield "diagnose.rope.scaled", fields, lambda: ops.rope(x, cos, sin) / math.sqrt(c.d_head)
    elif pattern in ("blocks.{l}.attn.K_rep", "blocks.{l}.attn.V_rep", "blocks.{l}.attn.kv_head"):
        tiled = np.arange(c.n_heads) % c.n_kv_heads  # heads 0, 1, 0, 1 …: torch.tile, not repeat_interleave
        fields = {"kv": c.n_kv_heads, "group": c.group}
        if pattern.endswith("kv_head"):
            yield "diagnose.kv.tiled", fields, lambda: tiled
        else:
            yield "diagnose.kv.tiled", fields, lambda: ins[0][tiled]
            if pattern.endswith("V_rep") and "rope.cos" in values:
                yield "diagnose.rope.on_v", {}, lambda: ops.rope(ins[0], values["rope.cos"],
                                                                     values["rope.sin"])[ins[1].astype(np.intp)]
    elif pattern == "blocks.{l}.attn.resid" and p + "norm1.out" in values:
        yield "diagnose.prenorm.resid", {"norm": "norm1.out"}, lambda: values[p + "norm1.out"] + ins[1]
    elif pattern == "blocks.{l}.out":
        yield "diagnose.resid.missing", {}, lambda: ins[1]
        if p + "norm2.out" in values:
            yield "diagnose.prenorm.resid", {"norm": "norm2.out"}, lambda: values[p + "norm2.out"] + ins[1]
    elif pattern in ("blocks.{l}.attn.Q", "blocks.{l}.attn.K", "blocks.{l}.attn.V"):
        x_in = catalogue.layer_input(layer)
        if x_in in values:
            bias = ins[2] if len(ins) > 2 else None
            yield ("diagnose.prenorm.skipped", {"t": name[-1], "input": x_in},
                   lambda: project(values[x_in], ins[1], bias))
    elif pattern == "blocks.{l}.ffn.act" and p + "ffn.up" in values:
        yield "diagnose.swiglu.swapped", {}, lambda: ops.silu(values[p + "ffn.up"])
    elif pattern == "blocks.{l}.attn.Z" and "rope.cos" in values:
        w = ins[0]
        kv = values.get(p + "attn.kv_head")
        yield "diagnose.rope.on_v", {}, lambda: w @ (ops.rope(values[p + "attn.V"], values["rope.cos"],
                                                                  values["rope.sin"])
                                                     [np.arange(c.n_heads) // c.group if kv is None else
                                                      kv.astype(np.intp)])


def _solve_eps(x: np.ndarray, gamma: np.ndarray, beta: np.ndarray, found: np.ndarray) -> float | None:
    """The ε of a LayerNorm that gave `found`, solved from the numbers: (y − β)/γ = (x − μ)/√(var + ε), so
    √(var + ε) = (x − μ)·γ/(y − β) in each cell; ε is the median over the cells of that squared, minus var.
    A round power of ten is preferred when it fits as well (the user set 1e-12 or 1e-6, not 1.03e-12)."""
    mean = x.mean(axis=-1, keepdims=True)  # (n, 1)
    var = x.var(axis=-1, keepdims=True)  # (n, 1)
    with np.errstate(all="ignore"):
        root = (x - mean) * gamma / (found - beta)  # (n, D)
        eps = root**2 - var
    eps = eps[np.isfinite(eps) & (np.abs(found - beta) > 1e-3 * np.abs(gamma).max())]
    if not eps.size:
        return None
    value = float(np.median(eps))
    if not 0 < value < 1:
        return None
    power = 10.0 ** round(math.log10(value))
    return power if abs(power - value) <= 0.5 * value else value


def _masked_in_scaled(right: np.ndarray, found: np.ndarray, n: int) -> np.ndarray | None:
    """The mask put into `scaled` (a large negative number where a query may not look): the visible cells are
    right and the hidden ones hold that number. Returns `found` itself when so, so the match is exact."""
    visible = ops.causal_mask(n)  # (n, n)
    hidden = ~visible
    if not hidden.any() or not np.all(found[:, hidden] <= -1e4):
        return None
    out = right.copy()
    out[:, hidden] = found[:, hidden]
    return out


def _softmax_whole(s: np.ndarray, mask: np.ndarray | None) -> np.ndarray:
    """softmax over the whole (n, n) matrix of a head instead of each row."""
    x = s if mask is None else np.where(mask, s, -np.inf)
    e = np.exp(x - x.max(axis=(-2, -1), keepdims=True))
    return e / e.sum(axis=(-2, -1), keepdims=True)


def _root(d: int) -> str:
    r = math.sqrt(d)
    return str(int(r)) if r == int(r) else f"{r:.4g}"


def _extra(pattern: str, found: np.ndarray, trace: Trace) -> tuple[tuple[str, dict], ...]:
    """Facts worth adding whatever the cause: attention rows that do not sum to 1."""
    if pattern != "blocks.{l}.attn.weights":
        return ()
    sums = found.sum(axis=-1)  # (H, n)
    if np.allclose(sums, 1.0, rtol=0, atol=1e-6):
        return ()
    return (("diagnose.weights.rows", {"low": f"{sums.min():.4g}", "high": f"{sums.max():.4g}"}),)


def _generic_fields(trace: Trace) -> dict:
    c = trace.config
    n, off = len(trace.tokens), c.position_offset
    activation = {"gelu": "GELU: 0.5·h·(1 + erf(h/√2))",
                  "gelu_tanh": "GELU: 0.5·h·(1 + tanh(√(2/π)·(h + 0.044715·h³)))",
                  "silu": "SiLU: gate / (1 + e^(−gate))"}.get(c.activation, "ReLU: max(0, h)")
    return {"d_k": c.d_head, "root": _root(c.d_head), "d_model": c.d_model, "activation": activation,
            "offset": off, "right": _rows(off, n)}


def _rows(start: int, n: int) -> str:
    return f"{start}…{start + n - 1}"


_GENERIC = {
    "X": "diagnose.X",
    "embed.position": "diagnose.position",
    "blocks.{l}.attn.Q": "diagnose.qkv",
    "blocks.{l}.attn.K": "diagnose.qkv",
    "blocks.{l}.attn.V": "diagnose.qkv",
    "blocks.{l}.attn.scores": "diagnose.scores",
    "blocks.{l}.attn.scaled": "diagnose.scaled",
    "blocks.{l}.attn.mask": "diagnose.mask",
    "blocks.{l}.attn.weights": "diagnose.weights",
    "blocks.{l}.attn.Z": "diagnose.Z",
    "blocks.{l}.attn.out": "diagnose.out",
    "blocks.{l}.attn.resid": "diagnose.resid",
    "blocks.{l}.ffn.resid": "diagnose.resid",
    "blocks.{l}.ln1.out": "diagnose.ln",
    "blocks.{l}.out": "diagnose.ln",
    "blocks.{l}.ffn.h": "diagnose.ffn",
    "blocks.{l}.ffn.out": "diagnose.ffn",
    "blocks.{l}.ffn.act": "diagnose.act",
    "blocks.{l}.attn.Q_rot": "diagnose.rope",
    "blocks.{l}.attn.K_rot": "diagnose.rope",
    "blocks.{l}.attn.K_rep": "diagnose.kv",
    "blocks.{l}.attn.V_rep": "diagnose.kv",
    "blocks.{l}.attn.kv_head": "diagnose.kv",
    "blocks.{l}.norm1.out": "diagnose.norm",
    "blocks.{l}.norm2.out": "diagnose.norm",
    "final_norm.out": "diagnose.norm",
    "blocks.{l}.ffn.gated": "diagnose.swiglu",
}
