"""Why is a step wrong? A one-line hint for the first locally-wrong step of a check report.

Each step has a list of common mistakes. For each, the mistake is *replayed*: the same rule with the
mistake in it, applied to the very values the local check used (the trace's own earlier steps). When
the replay matches what the trace holds, the hint names that mistake ("`scaled` equals `scores`: the
division by √d_k = 2 is missing"); when none matches, it lists the usual causes for that step.
No printing; the sentences come from attntrace.i18n.

The lists are two tables, CANDIDATES (the encoders) and DECODER_CANDIDATES (GPT-2, Llama-style): a step
pattern -> the small functions that replay its mistakes, each `f(Local) -> (message key, fields, replay)`.
A new mistake is one more `yield` in its step's function; a new step is one more function and table row.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from .. import steps as catalogue
from ..config import DECODERS, Config
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
                  else _candidates(pattern, Local(step.name, args, trace, found, close)))
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


# --- the weights a diff finds different ------------------------------------------------------------------


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
        yield ("diagnose.param.heads_order", {"w": which, "order": _order(order)},
               lambda order=order: expected[order])


def _order(order: list[int]) -> str:
    return ", ".join(map(str, order))  # [1, 0] -> "1, 0"


def _head_orders(H: int) -> Iterator[list[int]]:
    """Head orders worth trying: reversed, then each pair of heads swapped (at most 16 heads: 120 pairs)."""
    yield list(range(H))[::-1]
    if H <= 16:
        for h in range(H):
            for g in range(h + 1, H):
                order = list(range(H))
                order[h], order[g] = g, h
                yield order


# --- the mistakes, step by step: one function per step pattern, in the tables below ------------------------


@dataclass(frozen=True)
class Local:
    """What a wrong step's mistakes are replayed on: the values its rule read, and the trace around it."""

    name: str  # the step, e.g. "blocks.1.attn.Q"
    args: dict  # the rule's inputs by step name, the values the local check fed it
    trace: Trace
    found: np.ndarray  # what the trace holds (a few replays solve for a number from it)
    close: Close

    @cached_property
    def ins(self) -> list[np.ndarray]:
        """The rule's inputs, in order."""
        return list(self.args.values())

    @cached_property
    def values(self) -> dict[str, np.ndarray]:
        """Every step the trace holds: a replay may read one the rule does not (X, for a later layer's Q)."""
        return {n: s.data for n, s in self.trace.steps.items()}

    @property
    def config(self) -> Config:
        return self.trace.config

    @property
    def layer(self) -> int | None:
        return catalogue.layer_of(self.name)

    @property
    def block(self) -> str:
        """The prefix of this layer's steps, "blocks.1."."""
        return f"blocks.{self.layer}."

    @property
    def attn(self) -> str:
        return self.block + "attn."

    @property
    def n(self) -> int:
        return len(self.trace.tokens)

    @property
    def nh(self) -> int:
        """The heads the trace holds (one, after `explain --head 1`)."""
        return len(self.trace.head_ids)


Mistakes = Callable[[Local], Iterator[Candidate]]


def _candidates(pattern: str, loc: Local) -> Iterator[Candidate]:
    """The mistakes the table of the trace's family lists for this step pattern, in the table's order."""
    table = DECODER_CANDIDATES if loc.config.family in DECODERS else CANDIDATES
    for mistakes in table.get(pattern, ()):
        yield from mistakes(loc)


def _X_mistakes(loc: Local) -> Iterator[Candidate]:
    """X = E + PE without PE, or with sin and cos in halves; BERT's LayerNorm(E + P + T) without T."""
    c, n, args, values = loc.config, loc.n, loc.args, loc.values
    if "embed.token" in args:
        E = args["embed.token"]  # (n, D)
        if c.positional == "sinusoidal":
            yield "diagnose.X.no_position", {}, lambda: E
            yield "diagnose.X.halves", {}, lambda: E + _halves_positions(n, c.d_model)  # (n, D) + (n, D)
    elif "embed.sum" in args and "embed.token" in values and "embed.position" in values:
        g, b = args["embed.ln.gamma"], args["embed.ln.beta"]
        yield ("diagnose.embed.no_token_type", {},
               lambda: _layer_norm(values["embed.token"] + values["embed.position"], g, b, c.ln_eps))


def _position_mistakes(loc: Local) -> Iterator[Candidate]:
    """RoBERTa's position rows from BERT's start or one row off; else sinusoids in halves, by i/d, or swapped."""
    c, n = loc.config, loc.n
    if "embed.position_table" in loc.args:  # RoBERTa: rows from padding_idx + 1
        P, off = loc.args["embed.position_table"], c.position_offset  # P: (n + offset, D)
        family = {"roberta": "RoBERTa", "xlm-roberta": "XLM-RoBERTa"}.get(c.family, c.family)
        for start in sorted({0, 1, off - 1, off + 1} - {off}):  # BERT's rows, or one row off
            if start >= 0 and start + n <= len(P):
                yield ("diagnose.position.offset", {"found": _rows(start, n), "family": family, "offset": off,
                                                    "right": _rows(off, n)},
                       lambda start=start: P[start: start + n])  # (n, D)
    else:
        yield "diagnose.position.halves", {}, lambda: _halves_positions(n, c.d_model)
        yield "diagnose.position.i_over_d", {}, lambda: _positions_i_over_d(n, c.d_model)
        yield "diagnose.position.swapped", {}, lambda: _positions_swapped(n, c.d_model)


def _embed_sum_mistakes(loc: Local) -> Iterator[Candidate]:
    """E + P + T without the segment row T."""
    E, P = loc.args["embed.token"], loc.args["embed.position"]
    yield "diagnose.embed.no_token_type", {}, lambda: E + P  # (n, D) + (n, D)


def _qkv_mistakes(loc: Local) -> Iterator[Candidate]:
    """Q, K or V without its bias, by W transposed, with the heads' columns not picked out, with another head's
    or another weight's projection, from X at a later layer, or from E without the positions."""
    c, values, layer, nh, n = loc.config, loc.values, loc.layer, loc.nh, loc.n
    which = loc.name[-1]
    x, W = loc.ins[0], loc.ins[1]  # the layer's input (n, D) and W (H, D, d)
    bias = loc.ins[2] if len(loc.ins) > 2 else None  # (H, d)

    def plus_bias(y):
        return y if bias is None else y + bias[:, None, :]  # (H, d) -> (H, 1, d)

    fields = {"t": which, "w": "W_" + which}
    if bias is not None:  # Q − X·W_Q equals b_Q: the bias was left out
        yield "diagnose.qkv.no_bias", {**fields, "b": "b_" + which}, lambda: project(x, W)
    # X·Wᵀ: the whole projection transposed (for one head, each head's square W transposed)
    if nh == c.n_heads:
        yield "diagnose.qkv.transposed", fields, lambda: plus_bias(_heads(x @ _full(W).T, nh))  # (n, D) x (H·d, D)ᵀ
    if nh > 1:
        # (n, D) reshaped straight to (H, n, d): the columns of each head are not picked out
        yield "diagnose.qkv.reshape", fields, lambda: plus_bias((x @ _full(W)).reshape(nh, n, -1))
        if bias is None:
            yield "diagnose.qkv.other_head", fields, lambda: _other_heads(x, W, loc.found, loc.close)
    for other in "QKV":
        if other != which and loc.attn + "W_" + other in values:
            W_other = values[loc.attn + "W_" + other]
            yield ("diagnose.qkv.other_weight", {**fields, "other": "W_" + other},
                   lambda W_other=W_other: project(x, W_other, bias))
    if layer and layer > 0 and "X" in values:
        yield ("diagnose.qkv.layer_input", {**fields, "layer": layer, "prev": layer - 1},
               lambda: project(values["X"], W, bias))
    if layer == 0 and c.positional == "sinusoidal" and "embed.token" in values:
        yield "diagnose.qkv.no_position", fields, lambda: project(values["embed.token"], W, bias)


def _scores_mistakes(loc: Local) -> Iterator[Candidate]:
    """K·Qᵀ instead of Q·Kᵀ; the division by √d_k done here already."""
    c = loc.config
    Q, K = loc.ins  # Q and K, or a decoder's Q_rot and K_rot / K_rep
    yield "diagnose.scores.swapped", {}, lambda: qk(K, Q)  # K·Qᵀ
    yield "diagnose.scores.scaled_early", _d_k(c), lambda: qk(Q, K) / math.sqrt(c.d_head)


def _scaled_mistakes(loc: Local) -> Iterator[Candidate]:
    """scores / √d_k without the division, by d_k, by √d_model, times √d_k; the causal mask put in here."""
    c, s = loc.config, loc.args[loc.attn + "scores"]
    fields = {**_d_k(c), "d_model": c.d_model, "root_model": _root(c.d_model)}
    yield "diagnose.scaled.no_sqrt", fields, lambda: s
    yield "diagnose.scaled.by_d_k", fields, lambda: s / c.d_head
    yield "diagnose.scaled.d_model", fields, lambda: s / math.sqrt(c.d_model)
    yield "diagnose.scaled.times", fields, lambda: s * math.sqrt(c.d_head)
    if c.mask == "causal":
        yield "diagnose.scaled.masked", fields, lambda: _masked_in_scaled(s / math.sqrt(c.d_head), loc.found, loc.n)


def _mask_mistakes(loc: Local) -> Iterator[Candidate]:
    """The causal mask inverted (PyTorch's), upper instead of lower, without the diagonal, or all true."""
    n = loc.n
    yield "diagnose.mask.inverted", {}, lambda: ~ops.causal_mask(n)  # PyTorch's attn_mask: true = blocked
    yield "diagnose.mask.upper", {}, lambda: np.triu(np.ones((n, n), dtype=bool))
    yield "diagnose.mask.diagonal", {}, lambda: np.tril(np.ones((n, n), dtype=bool), -1)
    yield "diagnose.mask.none", {}, lambda: np.ones((n, n), dtype=bool)


def _weights_mistakes(loc: Local) -> Iterator[Candidate]:
    """softmax down the columns, with the mask inverted, applied after or left out, of the unscaled scores,
    scaled twice, without the normalisation, or over the whole matrix."""
    c = loc.config
    s = loc.args[loc.attn + "scaled"]  # (H, n, n)
    mask = loc.args.get(loc.attn + "mask")  # (n, n)
    root = _d_k(c)
    yield "diagnose.weights.axis", {}, lambda: _softmax(s, mask, axis=-2)
    if mask is not None:
        yield "diagnose.weights.mask_inverted", {}, lambda: _softmax(s, ~mask)
        yield "diagnose.weights.mask_after", {}, lambda: _softmax(s) * mask
        yield "diagnose.weights.no_mask", {}, lambda: _softmax(s)
    yield "diagnose.weights.scores", root, lambda: _softmax(s * math.sqrt(c.d_head), mask)
    yield "diagnose.weights.twice", root, lambda: _softmax(s / math.sqrt(c.d_head), mask)
    yield "diagnose.weights.no_sum", {}, lambda: np.exp(s) * (1 if mask is None else mask)
    yield "diagnose.weights.whole", {}, lambda: _softmax(s, mask, axis=(-2, -1))


def _Z_mistakes(loc: Local) -> Iterator[Candidate]:
    """weightsᵀ·V instead of weights·V; weights·K."""
    w, V = loc.ins  # weights and V (a decoder with grouped K/V: V_rep)
    yield "diagnose.Z.transposed", {}, lambda: w.swapaxes(-1, -2) @ V  # (H, n, n) x (H, n, d)
    if loc.attn + "K" in loc.values:
        yield "diagnose.Z.K", {}, lambda: w @ loc.values[loc.attn + "K"]  # (H, n, n) x (H, n, d)


def _out_mistakes(loc: Local) -> Iterator[Candidate]:
    """attn.out without b_O, by W_O transposed, as the heads' mean, with the heads' rows mixed by a reshape,
    or with the heads in another order."""
    nh, n = loc.nh, loc.n
    Z, W = loc.args[loc.attn + "Z"], loc.args[loc.attn + "W_O"]  # (H, n, d), (H, d, D)
    b = loc.args.get(loc.attn + "b_O")
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
            yield ("diagnose.out.heads_order", {"order": _order(order)},
                   lambda order=order: merge_heads(Z[order], W, b))


def _attn_resid_mistakes(loc: Local) -> Iterator[Candidate]:
    """resid = X + attn.out without X."""
    yield "diagnose.resid.missing", {}, lambda: loc.args[loc.attn + "out"]


def _ffn_resid_mistakes(loc: Local) -> Iterator[Candidate]:
    """resid = ln1.out + ffn.out without ln1.out, or with attn.resid in its place."""
    sub = loc.block + "ffn.out"
    yield "diagnose.resid.missing", {}, lambda: loc.args[sub]
    yield "diagnose.resid.wrong_input", {}, lambda: loc.values[loc.attn + "resid"] + loc.args[sub]  # (n, D) + (n, D)


def _ln_mistakes(loc: Local) -> Iterator[Candidate]:
    """LayerNorm with the sample variance, ε outside the root, no ε, down the columns, without γ and β,
    without the residual, or with another ε (solved from the numbers)."""
    x, g, b = loc.ins  # the residual sum (n, D), γ and β (D,)
    eps = loc.config.ln_eps
    yield "diagnose.ln.sample_var", {}, lambda: _layer_norm(x, g, b, eps, ddof=1)
    yield "diagnose.ln.eps_outside", {}, lambda: _layer_norm(x, g, b, eps, eps_outside=True)
    yield "diagnose.ln.no_eps", {}, lambda: _layer_norm(x, g, b, 0.0)
    yield "diagnose.ln.axis", {}, lambda: _layer_norm(x, g, b, eps, axis=0)
    yield "diagnose.ln.affine", {}, lambda: _layer_norm(x, g, b, eps, affine=False)
    sub = loc.attn + "out" if loc.name.endswith("ln1.out") else loc.block + "ffn.out"
    if sub in loc.values:
        yield "diagnose.ln.no_resid", {}, lambda: _layer_norm(loc.values[sub], g, b, eps)
    solved = _solve_eps(x, g, b, loc.found)
    if solved is not None:
        yield ("diagnose.ln.eps", {"eps": f"{solved:g}", "config": f"{eps:g}"},
               lambda: _layer_norm(x, g, b, solved))


def _ffn_mistakes(loc: Local) -> Iterator[Candidate]:
    """ffn.h or ffn.out without its bias."""
    x, W, _ = loc.ins  # (input, W_1, b_1) or (act, W_2, b_2); a Llama's ffn.out has no bias to leave out
    yield "diagnose.ffn.no_bias", {}, lambda: x @ W  # (n, D) x (D, F) -> (n, F), or (n, F) x (F, D)


def _act_mistakes(loc: Local) -> Iterator[Candidate]:
    """The exact GELU and its tanh approximation mistaken for each other; another activation."""
    c = loc.config
    h = loc.ins[0]  # ffn.h, or a gated feed-forward's gate
    named = {"gelu": ("gelu_tanh", "diagnose.act.tanh"), "gelu_tanh": ("gelu", "diagnose.act.exact")}
    if c.activation in named:  # the two GELUs, each mistaken for the other
        other, key = named[c.activation]
        yield key, {}, lambda: ops.ACTIVATIONS[other](h)
    for other, fn in ops.ACTIVATIONS.items():
        if other != c.activation and other != named.get(c.activation, ("",))[0]:
            yield "diagnose.act.other", {"other": _ACT_NAMES[other]}, lambda fn=fn: fn(h)


# --- the porting bugs of GPT-2 and Llama-style decoders --------------------------------------------------


def _norm_mistakes(loc: Local) -> Iterator[Candidate]:
    """RMSNorm with the mean subtracted, without ε or without γ; GPT-2's LayerNorm with the sample variance
    or without γ and β."""
    c = loc.config
    x, g = loc.ins[0], loc.ins[1]  # (n, D), γ (D,)
    b = loc.ins[2] if len(loc.ins) > 2 else 0.0
    if c.family == "llama":  # RMSNorm has no mean and no β
        yield "diagnose.rms.mean", {}, lambda: _layer_norm(x, g, 0.0, c.ln_eps)
        yield "diagnose.ln.no_eps", {}, lambda: ops.rms_norm(x, g, 0.0)
        yield "diagnose.rms.affine", {}, lambda: ops.rms_norm(x, np.ones_like(g), c.ln_eps)
    else:
        yield "diagnose.ln.sample_var", {}, lambda: _layer_norm(x, g, b, c.ln_eps, ddof=1)
        yield "diagnose.ln.affine", {}, lambda: _layer_norm(x, g, b, c.ln_eps, affine=False)


def _prenorm_skipped(loc: Local) -> Iterator[Candidate]:
    """Q, K or V projected from the layer's input instead of norm1.out."""
    x_in = catalogue.layer_input(loc.layer)
    if x_in in loc.values:
        bias = loc.ins[2] if len(loc.ins) > 2 else None
        yield ("diagnose.prenorm.skipped", {"t": loc.name[-1], "input": x_in},
               lambda: project(loc.values[x_in], loc.ins[1], bias))


def _rope_mistakes(loc: Local) -> Iterator[Candidate]:
    """RoPE on adjacent pairs, left out, turned the other way, or divided by √d_k."""
    c = loc.config
    x, cos, sin = loc.ins  # (H, n, d), (n, d), (n, d)
    fields = {"t": loc.name[-5], **_d_k(c)}  # "Q" of "….Q_rot"
    yield "diagnose.rope.interleaved", fields, lambda: _interleaved_rope(x, cos, sin)
    yield "diagnose.rope.missing", fields, lambda: x
    yield "diagnose.rope.direction", fields, lambda: ops.rope(x, cos, -sin)
    yield "diagnose.rope.scaled", fields, lambda: ops.rope(x, cos, sin) / math.sqrt(c.d_head)


def _kv_mistakes(loc: Local) -> Iterator[Candidate]:
    """The K/V heads tiled (0, 1, 0, 1 …) instead of repeated (0, 0, 1, 1 …); V rotated like K."""
    c = loc.config
    tiled = np.arange(c.n_heads) % c.n_kv_heads  # heads 0, 1, 0, 1 …: torch.tile, not repeat_interleave
    fields = {"kv": c.n_kv_heads, "group": c.group}
    if loc.name.endswith("kv_head"):
        yield "diagnose.kv.tiled", fields, lambda: tiled
    else:
        yield "diagnose.kv.tiled", fields, lambda: loc.ins[0][tiled]  # (H_kv, n, d) -> (H, n, d)
        if loc.name.endswith("V_rep") and "rope.cos" in loc.values:
            yield "diagnose.rope.on_v", {}, lambda: _rotated_v(loc, loc.ins[0], loc.ins[1])


def _rope_on_v_mistakes(loc: Local) -> Iterator[Candidate]:
    """Z = weights·V with V rotated like K."""
    if "rope.cos" in loc.values:
        c, values = loc.config, loc.values
        w = loc.ins[0]  # (H, n, n)
        kv = values.get(loc.attn + "kv_head")
        kv_head = np.arange(c.n_heads) // c.group if kv is None else kv  # (H,): the K/V head each head reads
        # (H, n, n) x (H, n, d) -> (H, n, d)
        yield "diagnose.rope.on_v", {}, lambda: w @ _rotated_v(loc, values[loc.attn + "V"], kv_head)


def _rotated_v(loc: Local, V: np.ndarray, kv_head: np.ndarray) -> np.ndarray:
    """V rotated like K (RoPE on V too), each query head's K/V head picked: V_rep as that port computes it."""
    rotated = ops.rope(V, loc.values["rope.cos"], loc.values["rope.sin"])  # (H_kv, n, d)
    return rotated[kv_head.astype(np.intp)]  # (H_kv, n, d) -> (H, n, d)


def _norm1_resid_mistakes(loc: Local) -> Iterator[Candidate]:
    """resid = x + attn.out with norm1.out in place of x."""
    yield from _norm_added(loc, "norm1.out")


def _decoder_out_mistakes(loc: Local) -> Iterator[Candidate]:
    """out = attn.resid + ffn.out without attn.resid, or with norm2.out in its place."""
    yield "diagnose.resid.missing", {}, lambda: loc.ins[1]
    yield from _norm_added(loc, "norm2.out")


def _norm_added(loc: Local, norm: str) -> Iterator[Candidate]:
    """The sublayer's output added to the norm's output instead of to the norm's input (pre-norm)."""
    if loc.block + norm in loc.values:
        yield "diagnose.prenorm.resid", {"norm": norm}, lambda: loc.values[loc.block + norm] + loc.ins[1]  # (n, D)


def _swiglu_mistakes(loc: Local) -> Iterator[Candidate]:
    """SwiGLU's SiLU applied to up instead of gate."""
    if loc.block + "ffn.up" in loc.values:
        yield "diagnose.swiglu.swapped", {}, lambda: ops.silu(loc.values[loc.block + "ffn.up"])


# The tables: a step pattern -> the functions that replay its mistakes, tried in this order (the first that
# matches names the hint; the later ones that match too are named as "or").
CANDIDATES: dict[str, tuple[Mistakes, ...]] = {
    "X": (_X_mistakes,),
    "embed.position": (_position_mistakes,),
    "embed.sum": (_embed_sum_mistakes,),
    "blocks.{l}.attn.Q": (_qkv_mistakes,),
    "blocks.{l}.attn.K": (_qkv_mistakes,),
    "blocks.{l}.attn.V": (_qkv_mistakes,),
    "blocks.{l}.attn.scores": (_scores_mistakes,),
    "blocks.{l}.attn.scaled": (_scaled_mistakes,),
    "blocks.{l}.attn.mask": (_mask_mistakes,),
    "blocks.{l}.attn.weights": (_weights_mistakes,),
    "blocks.{l}.attn.Z": (_Z_mistakes,),
    "blocks.{l}.attn.out": (_out_mistakes,),
    "blocks.{l}.attn.resid": (_attn_resid_mistakes,),
    "blocks.{l}.ln1.out": (_ln_mistakes,),
    "blocks.{l}.ffn.h": (_ffn_mistakes,),
    "blocks.{l}.ffn.act": (_act_mistakes,),
    "blocks.{l}.ffn.out": (_ffn_mistakes,),
    "blocks.{l}.ffn.resid": (_ffn_resid_mistakes,),
    "blocks.{l}.out": (_ln_mistakes,),
}

# Decoders (pre-norm): their own bugs first, then the encoder's for the steps both have; blocks.{l}.out is
# attn.resid + ffn.out there, not a LayerNorm.
DECODER_CANDIDATES: dict[str, tuple[Mistakes, ...]] = {
    **CANDIDATES,
    "blocks.{l}.norm1.out": (_norm_mistakes,),
    "blocks.{l}.attn.Q": (_prenorm_skipped, _qkv_mistakes),
    "blocks.{l}.attn.K": (_prenorm_skipped, _qkv_mistakes),
    "blocks.{l}.attn.V": (_prenorm_skipped, _qkv_mistakes),
    "blocks.{l}.attn.Q_rot": (_rope_mistakes,),
    "blocks.{l}.attn.K_rot": (_rope_mistakes,),
    "blocks.{l}.attn.kv_head": (_kv_mistakes,),
    "blocks.{l}.attn.K_rep": (_kv_mistakes,),
    "blocks.{l}.attn.V_rep": (_kv_mistakes,),
    "blocks.{l}.attn.Z": (_rope_on_v_mistakes, _Z_mistakes),
    "blocks.{l}.attn.resid": (_norm1_resid_mistakes, _attn_resid_mistakes),
    "blocks.{l}.norm2.out": (_norm_mistakes,),
    "blocks.{l}.ffn.act": (_swiglu_mistakes, _act_mistakes),
    "blocks.{l}.out": (_decoder_out_mistakes,),
    "final_norm.out": (_norm_mistakes,),
}


# --- the replays' own arithmetic ------------------------------------------------------------------------


_ACT_NAMES = {"relu": "ReLU", "gelu": "GELU", "gelu_tanh": "GELU (tanh)", "silu": "SiLU"}  # as the formulas name them


def _softmax(x: np.ndarray, mask: np.ndarray | None = None, axis: int | tuple[int, ...] = -1) -> np.ndarray:
    """softmax along `axis`: the rows (-1), the columns (-2), or a head's whole (n, n) matrix ((-2, -1))."""
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


def _interleaved_rope(x: np.ndarray, cos: np.ndarray, sin: np.ndarray) -> np.ndarray:
    """RoPE on adjacent pairs (x0, x1), (x2, x3), … (GPT-J, Meta's original code), not transformers' halves."""
    d = x.shape[-1]
    c, s = cos[:, : d // 2], sin[:, : d // 2]  # (n, d/2): the pair frequencies
    out = np.empty_like(x)
    out[..., 0::2] = x[..., 0::2] * c - x[..., 1::2] * s
    out[..., 1::2] = x[..., 1::2] * c + x[..., 0::2] * s
    return out


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


def _d_k(c: Config) -> dict:
    """The fields of a sentence that names d_k and its root: {"d_k": 4, "root": "2"}."""
    return {"d_k": c.d_head, "root": _root(c.d_head)}


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
    return {**_d_k(c), "d_model": c.d_model, "activation": activation, "offset": off, "right": _rows(off, n)}


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
