"""Trace -> the data of the interactive page: every number rounded to what the page shows, with labels,
formulas and captions in both languages. Nothing here prints, reads a file or computes a model value:
the numbers are the trace's own, plus the softmax's intermediates (row maximum, s − m, exp, Σ), which
`attntrace.teach.focus.softmax_parts` derives from the recorded `scaled`, as `--focus` does in the terminal.

Numbers are stored as whole numbers of 10^-precision (0.231 at 3 decimals is 231), packed little-endian
as int16 when every value of a step fits, else int32, all in one buffer that the page holds gzipped and
base64-encoded (about 2 characters a number instead of 6 in JSON); the page shows them by placing the
decimal point, so it never rounds anything itself. A value that is not finite or does not fit an int32 at
that precision is kept as the terminal's text instead.
Parameter matrices larger than `MAX_PARAM_CELLS` (a checkpoint's W_Q, W_1, …) are listed but left out:
they do not depend on the sentence, and 10 million of them would not fit a page anyone can open.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from .. import steps as catalogue
from ..i18n import LANGS, MESSAGES, in_lang, t
from ..labels import reason_key
from ..render.tables import axis_labels, config_line, fmt
from ..teach.focus import softmax_parts
from ..trace_data import Trace
from ..visible import visible

FORMAT = "attntrace.page"
VERSION = 1
MAX_PARAM_CELLS = 65536  # a seeded model up to d_model 256 fits whole; MiniLM's W_Q (12 × 384 × 32) does not
HEAD_AXES = ("head", "kv_head")  # axes split into one table per head (kv_head: grouped K/V)
_INT16, _INT32 = 32767, 2**31 - 1
WEIGHTS = "blocks.{l}.attn.weights"

# Special tokens of the tokenizers attntrace reads: [CLS] [SEP] [PAD] [MASK] [UNK] (BERT), <s> </s> <pad>
# <unk> <mask> (RoBERTa, T5), <|endoftext|> <|im_start|> (GPT-2 and later), <bos> <eos>.
_SPECIAL = re.compile(r"^(\[[A-Z]+\]|</?[a-z]+>|<\|[A-Za-z_]+\|>)$")

# The message keys the page's script uses (page.js calls msg("key")); tests check they exist and are used.
PAGE_KEYS = (
    "render.head", "render.tokens", "render.row_sum",
    "focus.softmax.why", "focus.masked", "why.scaled", "why.Z",
    "page.title", "page.lang", "page.tab.head", "page.tab.model", "page.tab.neuron", "page.tab.steps",
    "page.layer", "page.heads", "page.heads.all", "page.heads.none", "page.query", "page.head_one",
    "page.head.hint", "page.head.table", "page.head.line", "page.head.none_selected",
    "page.model.hint", "page.model.thumb", "page.neuron.hint", "page.neuron.title", "page.neuron.kv",
    "page.neuron.q", "page.neuron.k", "page.neuron.scores", "page.neuron.softmax", "page.neuron.z",
    "page.neuron.key", "page.neuron.dot", "page.neuron.div", "page.neuron.shift", "page.neuron.exp",
    "page.neuron.weight", "page.neuron.sum", "page.neuron.terms", "page.neuron.missing",
    "page.neuron.vsum", "page.steps.map", "page.steps.hint", "page.steps.omitted", "page.steps.head",
    "page.special", "page.masked", "page.no_weights", "page.precision", "page.side.query",
    "page.side.key", "page.kv_head",
)


def special_tokens(trace: Trace) -> list[bool]:
    """Which tokens are a checkpoint tokenizer's markers ([CLS], <s>, <|endoftext|>). A seeded trace has
    none: its tokens are the words of the sentence, whatever they look like."""
    if trace.config.model is None:
        return [False] * len(trace.tokens)
    return [bool(_SPECIAL.match(tok)) for tok in trace.tokens]


class Numbers:
    """Every number of the page in one buffer: each array packed at an offset aligned to 4 bytes, so the
    page can view it as an Int16Array or Int32Array in place."""

    def __init__(self) -> None:
        self.buffer = bytearray()

    def add(self, values: np.ndarray, precision: int) -> dict:
        """Values rounded to `precision` decimals as whole numbers of 10^-precision (see the module doc).

        Returns {"t": "b" | "i2" | "i4", "o": byte offset, "n": count, "x": {flat index: text}}; `x` holds the
        values kept as text (NaN, ±inf, too large), whose packed number is 0. The rounding is Python's,
        exactly as `fmt` shows it in the terminal."""
        kind, packed, texts = encode(values, precision)
        self.buffer += bytes(-len(self.buffer) % 4)
        offset = len(self.buffer)
        self.buffer += packed.tobytes()
        return {"t": kind, "o": offset, "n": int(packed.size), "x": texts}


def encode(values: np.ndarray, precision: int) -> tuple[str, np.ndarray, dict[str, str]]:
    """(kind, packed little-endian array, {flat index: text}) for `values` at `precision` decimals."""
    flat = np.asarray(values).ravel()
    if flat.dtype == bool:
        return "b", flat.astype(np.uint8), {}
    flat = flat.astype(np.float64)
    with np.errstate(all="ignore"):
        x = flat * 10.0**precision
        whole = np.rint(x)
    bad = ~np.isfinite(x) | (np.abs(x) > _INT32 - 1)
    # rint(v·10^p) is what "{v:.{p}f}" shows except where v·10^p is within its own rounding error of a
    # half (≤ 2.4e-7 below 2^31): there the exact binary value decides, so ask Python's formatting
    with np.errstate(invalid="ignore"):
        tie = ~bad & (np.abs(np.abs(x - np.trunc(x)) - 0.5) < 1e-6)
    for i in np.flatnonzero(tie):
        whole[i] = int(f"{flat[i]:.{precision}f}".replace(".", ""))
    whole[bad] = 0
    ints = whole.astype(np.int64)
    kind = "i2" if not len(ints) or np.abs(ints).max() <= _INT16 else "i4"
    texts = {str(i): fmt(float(flat[i]), precision) for i in np.flatnonzero(bad)}
    return kind, ints.astype("<i2" if kind == "i2" else "<i4"), texts


def both(render: Callable[[], str]) -> dict[str, str]:
    """A sentence in every language the page can switch to."""
    out = {}
    for lang in LANGS:
        with in_lang(lang):
            out[lang] = render()
    return out


def _caption(trace: Trace, info: catalogue.StepInfo | None) -> dict[str, str] | None:
    key = reason_key(info, trace.config)
    return both(lambda: t(key)) if key else None


def _step_entry(trace: Trace, name: str, precision: int, pack: Numbers) -> dict:
    step = trace.steps[name]
    info = step.info
    kind = info.kind if info else "activation"
    omitted = kind == "param" and step.data.size > MAX_PARAM_CELLS
    return {
        "name": name,
        "layer": catalogue.layer_of(name),
        "formula": visible(step.formula),  # a trace file may hold any text here
        "shape": list(step.shape),
        "axes": _axes(trace, info),
        "kind": kind,
        "why": _caption(trace, info),
        "data": None if omitted else pack.add(step.data, precision),
        "omitted": step.data.size if omitted else None,
        # the weights table shows that each row adds up to 1, as in the terminal
        "row_sums": pack.add(step.data.sum(axis=-1), precision) if catalogue.pattern_of(name) == WEIGHTS else None,
    }


def _axes(trace: Trace, info) -> list[str]:
    """A step's axis kinds; K and V's kv_head axis is a plain head axis unless K/V heads are grouped."""
    axes = list(info.axes) if info else []
    if axes[:1] == ["kv_head"] and trace.config.n_kv_heads == trace.config.n_heads:
        axes[0] = "head"
    return axes


def _labels(trace: Trace) -> dict[str, list[str]]:
    """Row and column labels for every axis kind the trace's steps use (head axes are labelled by the page)."""
    sizes: dict[str, int] = {}
    for step in trace.steps.values():
        info = step.info
        for kind, size in zip(info.axes if info else (), step.shape, strict=False):
            if kind not in HEAD_AXES:
                sizes[kind] = size
    sizes.setdefault("token", len(trace.tokens))
    shown = [visible(tok) for tok in trace.shown_tokens]  # byte-level pieces as text (Ġthe -> ␣the)
    return {kind: axis_labels(kind, size, shown) for kind, size in sizes.items()}


def _first(trace: Trace, names: list[str]) -> str | None:
    return next((n for n in names if n in trace), None)


def _kv_index(trace: Trace, layer: int) -> list[int] | None:
    """For each head the page holds, the K/V head it reads (grouped-query attention), or None when each head
    has its own K and V."""
    a = f"blocks.{layer}.attn."
    if a + "kv_head" in trace:
        return [int(v) for v in trace.step(a + "kv_head").ravel()]
    n_kv = getattr(trace.config, "n_kv_heads", None)
    if n_kv is None or n_kv == trace.config.n_heads:
        return None
    group = trace.config.n_heads // n_kv
    return [h // group for h in trace.head_ids]


def _attention(trace: Trace, layer: int, precision: int, pack: Numbers) -> dict | None:
    """What the head, model and neuron views read for one layer: step names, the mask, the K/V head of each
    head, and the softmax's intermediates for every head and query."""
    a = f"blocks.{layer}.attn."
    if a + "weights" not in trace:
        return None
    allowed = trace.allowed(layer)  # (n, n)
    entry: dict = {
        "layer": layer,
        "mask": pack.add(allowed, 0) if not allowed.all() else None,
        "q": _first(trace, [a + "Q_rot", a + "Q"]),
        "k": _first(trace, [a + "K_rep", a + "K_rot", a + "K"]),
        "v": _first(trace, [a + "V_rep", a + "V"]),
        "kv": _kv_index(trace, layer),
        "softmax": None,
    }
    # K_rep / V_rep already hold one K per query head; K and V are indexed through kv
    entry["kv_steps"] = [s for s in ("k", "v") if entry[s] and not entry[s].endswith("_rep")]
    if a + "scaled" in trace:
        scaled = trace.step(a + "scaled")  # (H, n, n)
        row_max, shifted, exps, total = softmax_parts(scaled, allowed)  # (H, n), (H, n, n), (H, n, n), (H, n)
        d_k = trace.config.d_model // trace.config.n_heads
        entry["softmax"] = {
            "max": pack.add(row_max, precision),
            "shifted": pack.add(np.where(allowed, shifted, 0.0), precision),  # masked cells are shown as masked
            "exps": pack.add(exps, precision),
            "total": pack.add(total, precision),
            "d_k": d_k,
            "root": fmt(d_k**0.5, precision),
        }
    return entry


@dataclass
class PageData:
    """What the page shows: `meta` (JSON: texts, labels, step entries pointing into the numbers) and
    `numbers`, the packed buffer."""

    meta: dict
    numbers: bytes


def page_data(trace: Trace, precision: int = 3, lang: str | None = None) -> PageData:
    """Everything the page shows (see the module doc for how numbers are stored)."""
    from ..i18n import get_lang

    pack = Numbers()
    layers = sorted({la for la in map(catalogue.layer_of, trace.steps) if la is not None})
    steps = [_step_entry(trace, name, precision, pack) for name in trace.steps]
    attention = [a for a in (_attention(trace, la, precision, pack) for la in layers) if a is not None]
    meta = {
        "format": FORMAT,
        "version": VERSION,
        "lang": lang or get_lang(),
        "precision": precision,
        "text": visible(trace.text),
        "tokens": [visible(tok) for tok in trace.shown_tokens],
        "labels": _labels(trace),
        "special": special_tokens(trace),
        "config": {"n_heads": trace.config.n_heads, "n_layers": trace.config.n_layers,
                   "d_model": trace.config.d_model, "model": trace.config.model,
                   "line": both(lambda: visible(config_line(trace.config)))},
        "heads": trace.head_ids,
        "steps": steps,
        "attention": attention,
        "messages": {key: MESSAGES[key] for key in PAGE_KEYS},
    }
    return PageData(meta, bytes(pack.buffer))
