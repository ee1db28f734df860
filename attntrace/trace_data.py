"""The Trace: every step of one forward pass, by name, in computation order.

One data model serves every consumer: rendering, JSON export, checking and homework.
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from . import steps as catalogue
from .config import Config
from .i18n import Message

if TYPE_CHECKING:
    import numpy as np


class SelectionError(Message, ValueError):
    """--steps, --layer or --head chose nothing that exists in the trace."""


@dataclass(frozen=True)
class Step:
    name: str
    data: np.ndarray
    formula: str

    @property
    def shape(self) -> tuple[int, ...]:
        return tuple(self.data.shape)

    @property
    def info(self) -> catalogue.StepInfo | None:
        return catalogue.info(self.name)


@dataclass
class Trace:
    text: str
    tokens: list[str]
    config: Config
    steps: dict[str, Step]
    heads: list[int] | None = None  # which heads the head axis holds, when a selection dropped some
    notes: list[str] = field(default_factory=list)  # what loading skipped (unknown step names, …)

    # --- access ---------------------------------------------------------------------------------------
    def step(self, name: str) -> np.ndarray:
        """The value of one step as a numpy array (float64; the mask is bool)."""
        try:
            return self.steps[name].data
        except KeyError:
            raise KeyError(f"no step named {name!r} in this trace") from None

    def __contains__(self, name: str) -> bool:
        return name in self.steps

    @property
    def names(self) -> list[str]:
        return list(self.steps)

    def first_nonfinite(self) -> str | None:
        """The name of the first step holding NaN or infinity (an overflow), or None when all are finite."""
        import numpy as np

        # a finite sum proves every value finite, and is 3× faster than isfinite on a large trace; the sum
        # of huge finite values may overflow, and then the step is looked at cell by cell
        with np.errstate(all="ignore"):
            return next((s.name for s in self.steps.values()
                         if not np.isfinite(np.sum(s.data)) and not np.isfinite(s.data).all()), None)

    @property
    def head_ids(self) -> list[int]:
        return list(range(self.config.n_heads)) if self.heads is None else list(self.heads)

    @property
    def shown_tokens(self) -> list[str]:
        """The tokens as the screen shows them: a byte-level or SentencePiece checkpoint's pieces as text
        (`Ġthe` -> `␣the`, the bytes of 是 joined), see attntrace.pieces; `tokens` keeps the model's own."""
        from .pieces import readable

        return readable(self.tokens, self.config.tokenizer)

    @property
    def kv_head_ids(self) -> list[int]:
        """The K/V heads the kv_head axis holds: those the query heads in `head_ids` read (h // group)."""
        return kv_heads_of(self.head_ids, self.config)

    def axis_sizes(self) -> dict[str, int]:
        c = self.config
        sizes = catalogue.axis_sizes(len(self.tokens), c.d_model, c.n_heads, c.d_ff, c.n_kv_heads)
        sizes["head"] = len(self.head_ids)
        sizes["kv_head"] = len(self.kv_head_ids)
        return sizes

    # --- selection ------------------------------------------------------------------------------------
    def select(
        self,
        steps: list[str] | None = None,
        layer: int | None = None,
        head: int | None = None,
    ) -> Trace:
        """A trace with only the steps matching the names or globs in `steps`, the steps of `layer`, and
        the `head` along every head axis. Raises SelectionError (a ValueError) naming what matched nothing."""
        chosen = dict(self.steps)
        if steps:
            for pattern in steps:
                if not any(fnmatch.fnmatchcase(n, pattern) for n in chosen):
                    raise SelectionError("error.select.steps", pattern=repr(pattern))
            chosen = {n: s for n, s in chosen.items() if any(fnmatch.fnmatchcase(n, p) for p in steps)}
        if layer is not None:
            if not 0 <= layer < self.config.n_layers:
                raise SelectionError("error.select.layer", layer=layer, last=self.config.n_layers - 1)
            chosen = {n: s for n, s in chosen.items() if catalogue.layer_of(n) == layer}
        heads = self.heads
        if head is not None:
            ids = self.head_ids
            if head not in ids:
                raise SelectionError("error.select.head", head=head, heads=", ".join(map(str, ids)))
            k, kv = ids.index(head), self.kv_head_ids.index(head // self.config.group)
            chosen = {n: _take_head(s, k, kv) for n, s in chosen.items()}
            heads = [head]
        if not chosen and (steps or layer is not None or head is not None):
            # each option matched something, but not together (--steps X --layer 0: X is outside every layer)
            given = ([f"--steps {','.join(steps)}"] if steps else []) + (
                [f"--layer {layer}"] if layer is not None else []) + ([f"--head {head}"] if head is not None else [])
            raise SelectionError("error.select.nothing", options=" ".join(given))
        return replace(self, steps=chosen, heads=heads, notes=list(self.notes))

    # --- export ---------------------------------------------------------------------------------------
    def to_dict(self) -> dict:
        from .export import trace_to_dict

        return trace_to_dict(self)

    def to_json(self) -> str:
        from .export import dumps

        return dumps(self)

    @classmethod
    def from_json(cls, text: str | bytes) -> Trace:
        from .export import loads

        return loads(text)

    @classmethod
    def from_dict(cls, data: dict) -> Trace:
        from .export import trace_from_dict

        return trace_from_dict(data)

    # --- display (Rich, and so Jupyter) ---------------------------------------------------------------
    def __rich__(self):
        from .render import render_trace

        return render_trace(self)

    def _repr_mimebundle_(self, include=None, exclude=None):
        from .render import to_html, to_text

        return {"text/plain": to_text(self), "text/html": to_html(self)}

    def __repr__(self) -> str:
        return (f"Trace(tokens={self.tokens!r}, steps={len(self.steps)}, "
                f"d_model={self.config.d_model}, heads={self.config.n_heads}, layers={self.config.n_layers})")


def kv_heads_of(heads: list[int], config: Config) -> list[int]:
    """The K/V heads that the query heads `heads` read, in order, each once."""
    return list(dict.fromkeys(h // config.group for h in heads))


def _take_head(step: Step, k: int, kv: int) -> Step:
    """Keep query head number k of the head axis, or K/V head number kv of the kv_head axis."""
    info = step.info
    for kind, index in (("head", k), ("kv_head", kv)):
        if info is not None and kind in info.axes:
            return replace(step, data=step.data.take([index], axis=info.axes.index(kind)))
    return step
