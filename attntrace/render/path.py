"""What explain and show put around the step tables so a learner always knows where a table sits.

A `PathGuide` gives `render.tables.trace_pages` (the pages TraceView prints and --step pauses between):

* `intro()`: the map of the attention path, `[1] X → [2] Q,K,V → … → [7] ·W_O`, and for the seeded encoder
  the warning that its weights are random draws (how attention computes, not what a trained model
  attends to), pointing to the trained it-demo model;
* `marker(name)`: `[3]`, the table's place on the map, at the start of its title;
* `notes(name, head)`: what the rows and columns of a projection are (W_Q: dimensions of x down,
  dimensions of q across; with several heads, which columns of the full matrix a head's are), which
  token attends along an n×n matrix, and once what the leading head axis of a shape such as (1, 4, 4) is;
* `closing()`: how many steps the path left out and how to see them (--all), and that printed values are
  rounded while every value is computed unrounded (and how to see more digits).

Nothing here computes a model value: the guide reads names, shapes and the configuration.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.console import Console, ConsoleOptions, RenderableType, RenderResult

from .. import path
from .. import steps as catalogue
from ..i18n import label as caption
from ..i18n import t
from ..trace_data import Trace
from .tables import Prose, title_text
from .tables import _shape_text as _shape

MAX_PRECISION = 12  # --precision's upper bound (cli/options.py)


@dataclass
class _Map:
    """`Attention path: [1] X → [2] Q,K,V → …`, broken only between stages."""

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        parts = [(f"[{k}] {label}" + (" →" if k < len(path.STAGES) else ""), "bold yellow")
                 for k, (label, _) in enumerate(path.STAGES, start=1)]
        # the label goes with the first stage: no space after a full-width colon (注意力路径：[1] X)
        parts[0] = (caption(t("path.map.label")) + parts[0][0], parts[0][1])
        yield title_text(parts, options.max_width, sep=" ")


def untrained(trace: Trace) -> RenderableType | None:
    """The seeded encoder's warning (None for a trained model): its numbers are random draws."""
    if trace.config.model is not None:
        return None
    return Prose(t("path.untrained", seed=trace.config.seed), "yellow")


@dataclass
class PathGuide:
    trace: Trace
    precision: int = 3
    total: int | None = None  # steps of the trace the path was taken from (None: nothing was left out)

    def __post_init__(self) -> None:
        # the head axis is explained once, under the first table that has one
        self._head_axis_step = next((n for n, s in self.trace.steps.items()
                                     if s.info is not None and s.info.axes[:1] == ("head",)), None)

    def intro(self) -> list[RenderableType]:
        parts: list[RenderableType] = [_Map(), Prose(t("path.map.note"))]
        warning = untrained(self.trace)
        return parts + ([warning] if warning is not None else [])

    def marker(self, name: str) -> str | None:
        stage = path.stage_of(name, self.trace.config.n_layers)
        return None if stage is None else f"[{stage}]"

    def notes(self, name: str, head: int | None) -> list[str]:
        c = self.trace.config
        pattern = catalogue.pattern_of(name)
        d_head = c.d_model // c.n_heads
        last = c.d_model - 1
        notes = []
        if pattern in ("blocks.{l}.attn.W_Q", "blocks.{l}.attn.W_K", "blocks.{l}.attn.W_V"):
            W = pattern.rsplit(".", 1)[1]
            vec = W[-1].lower()
            if c.n_heads > 1 and head is not None:
                first, end = path.head_columns(head, d_head)
                notes.append(t("path.axes.in.head", D=c.d_model, last=last, d=d_head, vec=vec, head=head, W=W,
                               first=first, end=end))
            else:
                notes.append(t("path.axes.in", D=c.d_model, last=last, d=d_head, vec=vec))
        elif pattern == "blocks.{l}.attn.W_O":
            if c.n_heads > 1 and head is not None:
                first, end = path.head_columns(head, d_head)
                notes.append(t("path.axes.out.head", D=c.d_model, d=d_head, head=head, first=first, end=end))
            else:
                notes.append(t("path.axes.out", D=c.d_model, d=d_head))
        elif pattern == "blocks.{l}.attn.scores":
            notes.append(t("path.axes.scores"))
        if name == self._head_axis_step and head == self.trace.head_ids[0]:
            shape = self.trace.steps[name].shape
            notes.append(t("path.head_axis", shape=_shape(shape), heads=shape[0], rest="×".join(map(str, shape[1:]))))
        return notes

    def closing(self) -> list[RenderableType]:
        parts: list[RenderableType] = []
        if self.total is not None and self.total > len(self.trace.steps):
            parts.append(Prose(t("path.rest", shown=len(self.trace.steps), total=self.total), "yellow"))
        more = min(self.precision + 3, MAX_PRECISION)
        key = "path.rounded" if more > self.precision else "path.rounded.max"
        parts.append(Prose(t(key, precision=self.precision, more=more)))
        return parts
