"""Trace -> Rich renderables. Nothing here computes a model value or prints.

Each step is a table titled with its name, formula and shape, rows and columns labelled with tokens
(queries down, keys across) or dimensions (d0, d1, …; f0, f1, … for the feed-forward width), one table
per head, and the step's one-line reason beneath. Tables never wrap: a matrix wider than the space
is cut with an ellipsis column and a note saying how to see the rest.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from rich.cells import cell_len
from rich.color import Color
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.measure import Measurement
from rich.rule import Rule
from rich.segment import Segment
from rich.style import Style
from rich.text import Text

from . import steps as catalogue
from .config import DECODERS
from .i18n import MESSAGES, t
from .trace_data import Trace

ELLIPSIS = "…"


def token_labels(tokens: Sequence[str]) -> list[str]:
    """Tokens as row/column labels; a token that occurs more than once gets its position appended."""
    counts: dict[str, int] = {}
    for tok in tokens:
        counts[tok] = counts.get(tok, 0) + 1
    return [f"{tok}@{i}" if counts[tok] > 1 else tok for i, tok in enumerate(tokens)]


def axis_labels(kind: str, size: int, tokens: Sequence[str]) -> list[str]:
    if kind in ("token", "query", "key"):
        return token_labels(tokens)
    return [f"{catalogue.AXIS_LABEL_PREFIX.get(kind, '')}{i}" for i in range(size)]


def fmt(value, precision: int) -> str:
    if isinstance(value, (bool, np.bool_)):
        return "✓" if value else "·"
    text = f"{value:.{precision}f}"
    zero = f"{0.0:.{precision}f}"  # "0.000"; "0" at --precision 0
    return zero if text.lstrip("-").strip("0.") == "" else text  # no "-0.000"


def heat_style(value: float) -> Style:
    """Background shade for an attention weight in [0, 1]: darker blue for more attention. NaN (a trace
    whose numbers overflowed) gets the lightest shade, +inf the darkest, like any value out of range."""
    v = float(value)
    v = 0.0 if math.isnan(v) else min(max(v, 0.0), 1.0)
    low, high = (235, 242, 255), (8, 48, 140)
    rgb = tuple(round(a + (b - a) * v) for a, b in zip(low, high, strict=True))
    return Style(bgcolor=Color.from_rgb(*rgb), color="white" if v > 0.45 else "black")


def _fit_columns(label_width: int, col_widths: list[int], max_width: int, extra: int) -> int:
    """How many leading columns fit in max_width next to the label column (and `extra` fixed columns)."""
    used = 1 + (label_width + 3) + extra  # outer border, label column with its padding and border
    if used + sum(w + 3 for w in col_widths) <= max_width:
        return len(col_widths)
    used += len(ELLIPSIS) + 3  # the ellipsis column
    fit = 0
    for w in col_widths:
        if used + w + 3 > max_width:
            break
        used += w + 3
        fit += 1
    return max(fit, 1)


BOLD = Style(bold=True)
ITALIC = Style(italic=True)


class Grid:
    """Pre-laid-out lines of styled pieces; printed as they are, never wrapped."""

    def __init__(self, lines: list[list[tuple[str, Style | None]]], width: int) -> None:
        self.lines = lines
        self.width = width

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        new_line = Segment.line()
        for line in self.lines:
            for text, style in line:
                yield Segment(text, style)
            yield new_line

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(self.width, self.width)


def matrix_table(
    matrix: np.ndarray,
    row_labels: list[str],
    col_labels: list[str],
    *,
    title: Text,
    caption: str | None,
    precision: int,
    max_width: int,
    heat: bool = False,
    row_sums: bool = False,
) -> Group:
    """A 2-D array as a titled table, cut to max_width with an ellipsis column when it does not fit.

    The grid is drawn as lines of Text rather than with rich.table.Table: it is several times faster
    to render (explain prints dozens of these while the user waits) and its width is exact.
    """
    cells = [[fmt(v, precision) for v in row] for row in matrix]
    col_widths = [max([cell_len(col_labels[j])] + [len(r[j]) for r in cells]) for j in range(matrix.shape[1])]
    label_width = max((cell_len(x) for x in row_labels), default=0)
    sum_texts = [fmt(float(s), precision) for s in matrix.sum(axis=1)] if row_sums else []
    sum_label = t("render.row_sum")
    sum_width = max(cell_len(sum_label), *(len(s) for s in sum_texts)) if row_sums else 0
    shown = _fit_columns(label_width, col_widths, max_width, sum_width + 3 if row_sums else 0)
    cut = shown < len(col_labels)

    widths = [label_width] + col_widths[:shown] + ([len(ELLIPSIS)] if cut else []) + ([sum_width] if row_sums else [])
    # Lines of (text, style) pieces, handed to Rich as Segments: no wrapping or measuring to do, which
    # makes a grid several times cheaper to print than a rich.table.Table (explain prints dozens).
    lines: list[list[tuple[str, Style | None]]] = []

    def rule(left: str, mid: str, right: str) -> None:
        lines.append([(left + mid.join("─" * (w + 2) for w in widths) + right, None)])

    def row(values: list[tuple[str, Style | None]]) -> None:
        line: list[tuple[str, Style | None]] = [("│", None)]
        for k, ((text, style), w) in enumerate(zip(values, widths, strict=True)):
            pad = " " * (w - cell_len(text))
            line += [(" ", None), (text + pad if k == 0 else pad + text, style), (" │", None)]
        lines.append(line)

    rule("┌", "┬", "┐")
    row([("", None)] + [(c, BOLD) for c in col_labels[:shown]] + ([(ELLIPSIS, None)] if cut else [])
        + ([(sum_label, ITALIC)] if row_sums else []))
    rule("├", "┼", "┤")
    for i, values in enumerate(cells):
        line = [(row_labels[i] if i < len(row_labels) else "", BOLD)]
        line += [(values[j], heat_style(matrix[i, j]) if heat else None) for j in range(shown)]
        line += [(ELLIPSIS, None)] if cut else []
        line += [(sum_texts[i], ITALIC)] if row_sums else []
        row(line)
    rule("└", "┴", "┘")
    grid = Grid(lines, width=1 + sum(w + 3 for w in widths))

    parts: list[RenderableType] = [title, grid]
    if caption:
        parts.append(Text(caption, style="dim"))
    if cut:
        parts.append(Text(t("render.cut", shown=shown, total=len(col_labels)), style="yellow"))
    return Group(*parts)


def _shape_text(shape: tuple[int, ...]) -> str:
    return "(" + ", ".join(map(str, shape)) + ")"


def title_text(parts: list[tuple[str, str]], max_width: int, sep: str = "   ") -> Text:
    """Title parts joined by `sep`, a new line started where the next part would not fit: a part such as
    "head 0" or "(1, 4, 4)" is never split in two (only a part longer than a line wraps)."""
    title, used = Text(), 0
    for text, style in parts:
        if used and used + cell_len(sep) + cell_len(text) > max_width:
            title.append("\n")
            used = 0
        elif used:
            title.append(sep, style)
            used += cell_len(sep)
        title.append(text, style)
        used += cell_len(text)
    return title


def step_tables(trace: Trace, name: str, precision: int, max_width: int) -> list[Group]:
    """The tables of one step: one per head when the step has a head axis."""
    step = trace.steps[name]
    info = step.info
    axes = info.axes
    data = step.data
    parts = [(name, "bold"), (step.formula, "cyan"), (_shape_text(step.shape), "dim")]
    title = title_text(parts, max_width)
    caption = t(info.why) if info.why else None
    if info.why and trace.config.model is not None and info.why + ".model" in MESSAGES:  # learned, not seeded (#6)
        caption = t(info.why + ".model")
    if info.why and trace.config.family in DECODERS and info.why + ".decoder" in MESSAGES:  # pre-norm layers
        caption = t(info.why + ".decoder")
    c = trace.config
    if axes and axes[0] == "kv_head" and c.n_kv_heads < c.n_heads:  # grouped-query attention: say why fewer
        caption = " ".join(filter(None, [caption, t("render.kv_shared", kv=c.n_kv_heads, heads=c.n_heads,
                                                     group=c.group, last=c.group - 1)]))
    is_weights = catalogue.pattern_of(name) == "blocks.{l}.attn.weights"

    def labels(kind: str, size: int) -> list[str]:
        if kind == "head":  # a per-head vector (kv_head): the heads the trace holds
            return [f"h{h}" for h in trace.head_ids]
        return axis_labels(kind, size, trace.shown_tokens)

    tables = []
    if axes and axes[0] in catalogue.HEAD_AXES and data.ndim > 1:
        kv = axes[0] == "kv_head" and c.n_kv_heads < c.n_heads
        for k, head in enumerate(trace.kv_head_ids if kv else trace.head_ids):
            sub = data[k]
            sub_axes = axes[1:]
            label = t("render.kv_head", head=head) if kv else t("render.head", head=head)
            sub_title = title_text([*parts, (label, "bold magenta")], max_width)
            tables.append(_table_2d(sub, sub_axes, labels, sub_title, caption, precision, max_width, is_weights))
    else:
        tables.append(_table_2d(data, axes, labels, title, caption, precision, max_width, is_weights))
    return tables


def _table_2d(data, axes, labels, title, caption, precision, max_width, is_weights) -> Group:
    if data.ndim == 1:
        matrix, rows, cols = data[None, :], [""], labels(axes[0], data.shape[0])
    else:
        matrix, rows, cols = data, labels(axes[0], data.shape[0]), labels(axes[1], data.shape[1])
    return matrix_table(matrix, rows, cols, title=title, caption=caption, precision=precision,
                        max_width=max_width, heat=is_weights, row_sums=is_weights)


def header(trace: Trace) -> RenderableType:
    """The tokens and the configuration, above every view."""
    return _Header(trace)


@dataclass
class _Header:
    trace: Trace

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        c = self.trace.config
        tokens = Text(t("render.tokens") + ": ", style="bold")
        for i, tok in enumerate(self.trace.shown_tokens):
            if i:
                tokens.append(" / ", style="dim")
            tokens.append(tok, style="bold cyan")
        yield tokens
        if c.model is not None:  # a pretrained checkpoint: no seed, learned positions (#6)
            config = t("render.model_config", model=c.model, d_model=c.d_model, heads=c.n_heads,
                       layers=c.n_layers, d_ff=c.d_ff, eps=f"{c.ln_eps:g}")
        else:
            config = t("render.config", d_model=c.d_model, heads=c.n_heads, layers=c.n_layers, d_ff=c.d_ff,
                       seed=c.seed, positional=c.positional, mask=c.mask)
        # one setting is never split across lines: "mask=none", not "mask=" / "none"
        yield title_text([(part, "dim") for part in config.split(" · ")], options.max_width, sep=" · ")


@dataclass
class TraceView:
    """A whole trace, laid out for the width Rich gives it at render time."""

    trace: Trace
    precision: int = 3

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield header(self.trace)
        current_layer: int | None = None
        for name in self.trace.steps:
            layer = catalogue.layer_of(name)
            if layer is not None and layer != current_layer:
                current_layer = layer
                yield Rule(Text(f"blocks.{layer}"), style="dim")  # Text: no markup or emoji parsing to load
            yield from step_tables(self.trace, name, self.precision, options.max_width)


def render_trace(trace: Trace, precision: int = 3) -> RenderableType:
    return TraceView(trace, precision)


def _recorded(trace: Trace, width: int) -> Console:
    console = Console(record=True, width=width, file=_Null(), color_system="truecolor")
    console.print(render_trace(trace))
    return console


class _Null:
    def write(self, _: str) -> int:
        return 0

    def flush(self) -> None:
        pass


def to_text(trace: Trace, width: int = 100) -> str:
    return _recorded(trace, width).export_text()


# A fragment, not a page: a notebook places it among other outputs, and a page's <style> for `body` would
# restyle the whole notebook (dark themes included).
_HTML_FRAGMENT = ('<pre style="font-family: Menlo, \'DejaVu Sans Mono\', Consolas, \'Courier New\', monospace; '
                  'line-height: 1.2; white-space: pre">{code}</pre>')


def to_html(trace: Trace, width: int = 100) -> str:
    """The rendered trace as an HTML fragment with inline styles, for Jupyter."""
    return _recorded(trace, width).export_html(inline_styles=True, code_format=_HTML_FRAGMENT)
