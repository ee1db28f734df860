"""Attention as a picture, and the trace cut into pages. Nothing here computes a model value or prints.

* `--view heads`: per layer, a heatmap of the weights of every head side by side (as many as fit the
  width), cells holding the weight × 100 so the picture still reads with NO_COLOR (the numbers alone).
* `--view model`: every layer × head as a small grid, one digit per cell (the weight in tenths), to spot
  heads that look at the previous token, at themselves, or at punctuation.
* `step_pages` / `view_pages`: the same output as a list of pages, so `--step` can pause between them.

Grids are laid out line by line to the width Rich gives at render time, so they never wrap; a grid too
wide even alone is cut with an ellipsis column and a note.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from rich.cells import cell_len, set_cell_size
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.text import Text

from .. import steps as catalogue
from ..i18n import Message, t
from ..trace_data import Trace
from . import VIEWS  # the choices, defined where --help reads them without numpy
from .tables import DEFAULT_ROWS, ELLIPSIS, RowCut, cut_rows, header, heat_style, rows_note, token_texts, trace_pages

GAP = 3  # spaces between grids placed side by side
LABEL_CELLS = 12  # widest row label in the heads view ("12 Attention" fits; longer words are cut)


class ViewError(Message, ValueError):
    """An unknown view name."""


# --- one grid ---------------------------------------------------------------------------------------------


def percent_cell(w: float, allowed: bool) -> str:
    """A weight as a whole percentage in 3 cells: 0.231 -> ' 23', 1.0 -> '100', masked -> '  ·';
    NaN or inf (the numbers overflowed) -> '  ?'."""
    if not allowed:
        return "  ·"
    return f"{round(float(w) * 100):>3d}" if np.isfinite(w) else "  ?"


def tenths_cell(w: float, allowed: bool) -> str:
    """A weight in tenths in 2 cells: 0.231 -> ' 2', 0.97 -> ' 9' (9 stands for 0.85–1), masked -> ' ·';
    NaN or inf -> ' ?'."""
    if not allowed:
        return " ·"
    return f" {min(9, round(float(w) * 10))}" if np.isfinite(w) else " ?"


@dataclass
class WeightGrid:
    """One n×n weight matrix as lines of shaded cells, with a title line and a key-index line."""

    title: str
    lines: list[Text]  # title, key header, then one line per query
    width: int  # in terminal cells
    cut: int  # keys left out because the grid alone was too wide (0: none)


def make_grid(title: str, weights: np.ndarray, allowed: np.ndarray, cell: Callable[[float, bool], str],
              max_width: int, key_header: bool, rows: RowCut | None = None) -> WeightGrid:
    """The grid of the queries `rows` keeps (all by default), an ellipsis line where rows are left out."""
    n = weights.shape[1]
    rows = rows or cut_rows(weights.shape[0], None)
    cw = len(cell(0.0, True))
    keys = n if n * cw <= max_width else max((max_width - len(ELLIPSIS) - 1) // cw, 1)
    cut = n - keys
    width = keys * cw + (len(ELLIPSIS) + 1 if cut else 0)
    width = max(width, min(cell_len(title), max_width))  # a grid of one or two keys is as wide as "head 0"
    lines = [Text(set_cell_size(title, width), style="bold magenta")]
    if key_header:
        head = "".join(f"{j:>{cw}d}" for j in range(keys)) + (" " + ELLIPSIS if cut else "")
        lines.append(Text(set_cell_size(head, width), style="dim"))
    for k, i in enumerate(rows.indices):
        if rows.cut and k == rows.head:
            lines.append(Text(set_cell_size(ELLIPSIS, width), style="dim"))
        line = Text()
        for j in range(keys):
            ok = bool(allowed[i, j])
            line.append(cell(weights[i, j], ok), style=heat_style(weights[i, j]) if ok else "dim")
        if cut:
            line.append(" " + ELLIPSIS, style="dim")
        line.append(" " * (width - cell_len(line.plain)))  # the grid's next neighbour starts in one column
        lines.append(line)
    return WeightGrid(title, lines, width, cut)


def pack(labels: list[Text], grids: list[WeightGrid], max_width: int) -> list[Text]:
    """Grids side by side, as many per row as fit in max_width, each row led by the label column."""
    label_w = max((cell_len(x.plain) for x in labels), default=0)
    out: list[Text] = []
    row: list[WeightGrid] = []
    used = label_w

    def flush() -> None:
        for k in range(len(labels)):
            line = Text()
            line.append_text(labels[k])
            line.append(" " * (label_w - cell_len(labels[k].plain)))
            for g in row:
                line.append(" " * GAP)
                line.append_text(g.lines[k])
            out.append(line)
        out.append(Text(""))

    for g in grids:
        if row and used + GAP + g.width > max_width:
            flush()
            row, used = [], label_w
        row.append(g)
        used += GAP + g.width
    if row:
        flush()
    return out


def _layer_weights(trace: Trace, layer: int) -> tuple[np.ndarray, np.ndarray] | None:
    a = f"blocks.{layer}.attn."
    if a + "weights" not in trace:
        return None
    weights = trace.step(a + "weights")  # (H, n, n)
    return weights, trace.allowed(layer)  # (H, n, n), (n, n)


def _layers(trace: Trace) -> list[int]:
    return sorted({catalogue.layer_of(n) for n in trace.steps if catalogue.pattern_of(n) == "blocks.{l}.attn.weights"})


# --- the two views ----------------------------------------------------------------------------------------


@dataclass
class HeadsView:
    """All heads of one layer side by side: weight × 100 in each cell, queries down, keys across."""

    trace: Trace
    layer: int
    max_rows: int | None = DEFAULT_ROWS

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        weights, allowed = _layer_weights(self.trace, self.layer)
        width = options.max_width
        rows = cut_rows(len(self.trace.tokens), self.max_rows)
        index_w = len(str(len(self.trace.tokens) - 1))
        tokens = dict(zip(rows.indices, token_texts([self.trace.shown_tokens[i] for i in rows.indices]), strict=True))
        labels_raw = [f"{i:>{index_w}d} {tokens[i]}" for i in rows.indices]  # " 9 was", "10 !"
        label_w = min(LABEL_CELLS, max(cell_len(x) for x in labels_raw))
        labels = [Text(set_cell_size(x, label_w), style="bold") for x in labels_raw]
        labels = [Text(""), Text(""), *_with_ellipsis(labels, rows)]
        grid_room = max(width - label_w - GAP, 4)
        grids = [make_grid(t("render.head", head=h), weights[k], allowed, percent_cell, grid_room, True, rows)
                 for k, h in enumerate(self.trace.head_ids)]
        yield Text(t("view.heads.title", layer=self.layer), style="bold")
        yield Text(t("view.heads.caption"), style="dim")
        yield from pack(labels, grids, width)
        if grids and grids[0].cut:
            yield Text(t("view.cut", shown=weights.shape[-1] - grids[0].cut, total=weights.shape[-1]), style="yellow")
        if rows.cut:
            yield rows_note(rows)


def _with_ellipsis(labels: list[Text], rows: RowCut) -> list[Text]:
    """Row labels with the ellipsis line make_grid puts where rows are left out."""
    if not rows.cut:
        return labels
    return [*labels[: rows.head], Text(ELLIPSIS, style="dim"), *labels[rows.head:]]


@dataclass
class ModelView:
    """Every layer × head as a small grid of tenths."""

    trace: Trace
    max_rows: int | None = DEFAULT_ROWS

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width
        n = len(self.trace.tokens)
        rows = cut_rows(n, self.max_rows)
        yield Text(t("view.model.title"), style="bold")
        yield Text(t("view.model.caption"), style="dim")
        legend = Text(t("render.tokens.label"), style="bold")
        tokens = dict(zip(rows.indices, token_texts([self.trace.shown_tokens[i] for i in rows.indices]), strict=True))
        for k, i in enumerate(rows.indices):  # the tokens of the rows shown
            legend.append(("  " if k else "") + ("…  " if rows.cut and k == rows.head else "") + f"{i} ", style="dim")
            legend.append(tokens[i], style="cyan")
        yield legend
        label_w = len(str(n - 1))
        labels = [Text(""), *_with_ellipsis([Text(f"{i:>{label_w}d}", style="dim") for i in rows.indices], rows)]
        cut = 0
        for layer in _layers(self.trace):
            weights, allowed = _layer_weights(self.trace, layer)
            grids = [make_grid(f"L{layer} H{h}", weights[k], allowed, tenths_cell, max(width - label_w - GAP, 4),
                               False, rows) for k, h in enumerate(self.trace.head_ids)]
            cut = max(cut, grids[0].cut)
            yield from pack(labels, grids, width)
        if cut:
            yield Text(t("view.cut", shown=n - cut, total=n), style="yellow")
        if rows.cut:
            yield rows_note(rows)


# --- pages ------------------------------------------------------------------------------------------------


def step_pages(trace: Trace, precision: int = 3, max_rows: int | None = DEFAULT_ROWS,
               guide=None) -> list[RenderableType]:
    """The default view, one page per step (render.tables.trace_pages: the pages TraceView prints together)."""
    return [Group(*page) for page in trace_pages(trace, precision, max_rows, guide)]


def view_pages(trace: Trace, view: str = "steps", precision: int = 3,
               max_rows: int | None = DEFAULT_ROWS, guide=None, notes=()) -> list[RenderableType]:
    """The pages of `view`: "steps" (every step's tables), "heads" (one heatmap page per layer) or "model";
    each matrix shows at most max_rows rows (None: all). `notes` go under the header of a picture view (the
    steps take a render.path.PathGuide instead)."""
    if view == "steps":
        return step_pages(trace, precision, max_rows, guide)
    layers = _layers(trace)
    if not layers:
        return [Group(header(trace, max_rows), *notes, Text(t("view.no_weights"), style="yellow"))]
    if view == "heads":
        return ([Group(header(trace, max_rows), *notes, HeadsView(trace, layers[0], max_rows))]
                + [HeadsView(trace, la, max_rows) for la in layers[1:]])
    if view == "model":
        return [Group(header(trace, max_rows), *notes, ModelView(trace, max_rows))]
    raise ViewError("error.view", view=repr(view), views=", ".join(VIEWS))
