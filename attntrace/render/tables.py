"""Trace -> Rich renderables. Nothing here computes a model value or prints.

Each step is a table titled with its name, formula and shape, rows and columns labelled with tokens
(queries down, keys across) or dimensions (d0, d1, …; f0, f1, … for the feed-forward width), one table
per head, and the step's one-line reason beneath. Tables never wrap: a matrix wider than the space
is cut with an ellipsis column, and one taller than `max_rows` keeps its first and last rows around an
ellipsis row (`cut_rows`), each with a note saying how to see the rest. Only the cells shown are formatted,
so drawing costs what is shown, not the n² of a long sentence's attention.
"""

from __future__ import annotations

import math
import re
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

from .. import steps as catalogue
from ..i18n import shown_value, t
from ..labels import ELLIPSIS, MAX_TOKEN_CHARS, axis_labels, reason_key, token_labels, token_texts  # noqa: F401
from ..trace_data import Trace
from ..visible import visible


def fmt(value, precision: int) -> str:
    if isinstance(value, (bool, np.bool_)):
        return "✓" if value else "·"
    text = f"{value:.{precision}f}"
    zero = f"{0.0:.{precision}f}"  # "0.000"; "0" at --precision 0
    return zero if text.lstrip("-").strip("0.") == "" else text  # no "-0.000"


def shown_difference(a: float, b: float, precision: int) -> str:
    """a − b as a reader gets it from the printed a and b: the difference of the rounded operands (exact in
    decimal), so `0.441 − 0.769` shows −0.328 even when the unrounded difference rounds to −0.327."""
    a, b = float(a), float(b)
    if not (math.isfinite(a) and math.isfinite(b)):
        return fmt(a - b, precision)
    from decimal import Decimal

    return fmt(float(Decimal(fmt(a, precision)) - Decimal(fmt(b, precision))), precision)


def heat_style(value: float, low: float = 0.0, high: float = 1.0) -> Style:
    """Background shade for an attention weight between `low` (lightest) and `high` (darkest): darker blue
    for more attention; [0, 1] by default, a row's own min and max (`row_span`) to make its differences
    visible. NaN (a trace whose numbers overflowed) gets the lightest shade, +inf the darkest, like any value
    out of range."""
    v = float(value)
    v = (v - low) / (high - low) if high > low else v
    v = 0.0 if math.isnan(v) else min(max(v, 0.0), 1.0)
    low, high = (235, 242, 255), (8, 48, 140)
    rgb = tuple(round(a + (b - a) * v) for a, b in zip(low, high, strict=True))
    return Style(bgcolor=Color.from_rgb(*rgb), color="white" if v > 0.45 else "black")


def row_span(values) -> tuple[float, float]:
    """The (smallest, largest) finite value of a row, the range its shading spans; (0, 1) for a row with no
    finite value or only one value (a row all alike is shaded by the value itself)."""
    finite = [v for v in np.asarray(values, dtype=float).ravel().tolist() if math.isfinite(v)]  # (n,)
    if not finite or min(finite) == max(finite):
        return 0.0, 1.0
    return min(finite), max(finite)


@dataclass
class ColourOnly:
    """A renderable shown only where colour is: a note about shading means nothing under NO_COLOR or in a
    file without colours."""

    renderable: RenderableType

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        if console.color_system is not None and not console.no_color:
            yield self.renderable


# Rows of a matrix shown by default: a table of 20 rows with its title, borders and notes is about a
# screenful. Every sample and example sentence fits whole; a long text shows its first and last 10.
DEFAULT_ROWS = 20


@dataclass(frozen=True)
class RowCut:
    """Which rows of a matrix of `total` rows are shown: the first `head` and the last `tail`, with an
    ellipsis row between them when rows are left out."""

    total: int
    head: int
    tail: int

    @property
    def cut(self) -> bool:
        return self.head + self.tail < self.total

    @property
    def indices(self) -> list[int]:
        """The shown rows, top to bottom (the ellipsis row goes after the first `head` of them)."""
        return list(range(self.head)) + list(range(self.total - self.tail, self.total))


def cut_rows(total: int, max_rows: int | None = DEFAULT_ROWS) -> RowCut:
    """The rows to show of a matrix of `total` rows: all of them if they fit in max_rows (None: no limit),
    else the first half of max_rows (rounded up) and the last half."""
    if max_rows is None or total <= max_rows:
        return RowCut(total, total, 0)
    if max_rows < 1:
        raise ValueError(f"max_rows must be at least 1, not {max_rows}")
    head = (max_rows + 1) // 2
    return RowCut(total, head, max_rows - head)


def _fit_columns(label_width: int, col_widths: list[int], total: int, max_width: int, extra: int) -> int:
    """How many leading columns fit in max_width next to the label column (and `extra` fixed columns).
    `col_widths` are the widths of the first columns of `total`: at least as many as could fit."""
    used = 1 + (label_width + 3) + extra  # outer border, label column with its padding and border
    if len(col_widths) == total and used + sum(w + 3 for w in col_widths) <= max_width:
        return total
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


class Lines:
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


def _column_cells(matrix: np.ndarray, rows: list[int], col_labels: list[str], precision: int, budget: int,
                  ) -> tuple[list[list[str]], list[int]]:
    """The formatted cells of the shown `rows`, column by column from the left, and each column's width,
    stopping once the columns are wider than `budget`: a wide matrix costs what fits, not its size."""
    columns: list[list[str]] = []
    widths: list[int] = []
    used = 0
    for j in range(matrix.shape[1]):
        texts = [fmt(v, precision) for v in matrix[rows, j].tolist()]  # (rows shown,)
        width = max([cell_len(col_labels[j])] + [len(x) for x in texts])
        columns.append(texts)
        widths.append(width)
        used += width + 3
        if used > budget:
            break
    return columns, widths


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
    max_rows: int | None = DEFAULT_ROWS,
    notes: Sequence[RenderableType] = (),
) -> Group:
    """A 2-D array as a titled table, cut to max_width with an ellipsis column when it does not fit, and to
    max_rows (None: every row) with an ellipsis row between its first and last rows.

    `notes` go between the title and the grid (what the rows and columns are). With `heat`, each row is
    shaded from its own smallest value (lightest) to its largest (darkest), so nearly equal weights still
    look different.

    The grid is drawn as lines of Text rather than with rich.table.Table: it is several times faster
    to render (explain prints dozens of these while the user waits) and its width is exact.
    """
    rows = cut_rows(matrix.shape[0], max_rows)
    shown_rows = rows.indices
    labels = [row_labels[i] if i < len(row_labels) else "" for i in shown_rows]
    label_width = max((cell_len(x) for x in labels), default=0)
    if rows.cut:
        label_width = max(label_width, len(ELLIPSIS))
    sum_texts = [fmt(float(s), precision) for s in matrix[shown_rows].sum(axis=1)] if row_sums else []  # (rows,)
    sum_label = t("render.row_sum")
    sum_width = max(cell_len(sum_label), *(len(s) for s in sum_texts)) if row_sums else 0
    extra = sum_width + 3 if row_sums else 0
    columns, col_widths = _column_cells(matrix, shown_rows, col_labels, precision,
                                        max_width - (1 + label_width + 3 + extra))
    shown = _fit_columns(label_width, col_widths, len(col_labels), max_width, extra)
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
    for k, i in enumerate(shown_rows):
        if rows.cut and k == rows.head:
            row([(ELLIPSIS, None)] * len(widths))
        line = [(labels[k], BOLD)]
        span = row_span(matrix[i]) if heat else (0.0, 1.0)
        line += [(columns[j][k], heat_style(matrix[i, j], *span) if heat else None) for j in range(shown)]
        line += [(ELLIPSIS, None)] if cut else []
        line += [(sum_texts[k], ITALIC)] if row_sums else []
        row(line)
    rule("└", "┴", "┘")
    grid = Lines(lines, width=1 + sum(w + 3 for w in widths))

    parts: list[RenderableType] = [title, *notes, grid]
    if caption:
        parts.append(prose_text(caption, max_width, "dim"))
    if heat:
        parts.append(ColourOnly(prose_text(t("render.shading"), max_width, "dim")))
    if cut:
        parts.append(Text(t("render.cut", shown=shown, total=len(col_labels)), style="yellow"))
    if rows.cut:
        parts.append(rows_note(rows))
    return Group(*parts)


def rows_note(rows: RowCut) -> Text:
    """The note under a matrix cut in rows: which rows are shown and how to see all of them."""
    return Text(t("render.rows_cut", shown=rows.head + rows.tail, total=rows.total, head=rows.head, tail=rows.tail),
                style="yellow")


def _shape_text(shape: tuple[int, ...]) -> str:
    return "(" + ", ".join(map(str, shape)) + ")"


_CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
_NO_LINE_START = set("，。；：、）》”’！？")


def prose_text(text: str, max_width: int, style: str = "") -> Text:
    """A sentence as Text that wraps within max_width. Chinese prose may break between any two Chinese
    characters, but a run of other characters between them (a formula such as `softmax(x)_j = exp(x_j −
    max x)`, an option, a name) is never split, and full-width punctuation never starts a line. Text
    without Chinese is left to Rich's word wrapping."""
    if not _CJK.search(text):
        return Text(text, style=style)
    atoms: list[str] = []  # a Chinese character (with the punctuation after it) or a whole non-Chinese run
    for piece in re.findall(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]|[^\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]+",
                            text):
        if atoms and piece in _NO_LINE_START:
            atoms[-1] += piece
        else:
            atoms.append(piece)
    lines, line = [], ""
    for atom in (part for whole in atoms for part in _formula_parts(whole, max_width)):
        fits = cell_len(line + atom.rstrip()) <= max_width
        if line and not fits:
            lines.append(line.rstrip())
            line = atom.lstrip()
        else:
            line += atom
    lines.append(line)
    return Text("\n".join(lines), style=style)


@dataclass
class Prose:
    """A sentence wrapped by `prose_text` to the width at render time."""

    text: str
    style: str = "dim"

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield prose_text(self.text, options.max_width, self.style)


def _formula_parts(run: str, max_width: int) -> list[str]:
    """A run wider than a line, cut only at spaces outside brackets (`exp(x_j − max x) /` | `Σ exp(…)`)."""
    if cell_len(run) <= max_width:
        return [run]
    parts, depth, start = [], 0, 0
    for i, char in enumerate(run):
        depth += (char in "([{") - (char in ")]}")
        if char == " " and depth == 0 and i > start:
            parts.append(run[start:i + 1])
            start = i + 1
    return [*parts, run[start:]] if run[start:] else parts


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


def step_tables(trace: Trace, name: str, precision: int, max_width: int,
                max_rows: int | None = DEFAULT_ROWS, guide=None) -> list[Group]:
    """The tables of one step: one per head when the step has a head axis, each cut to max_rows rows.
    A `guide` (render.path.PathGuide) adds each table's place on the attention path to its title and notes
    on what its rows and columns are."""
    step = trace.steps[name]
    info = step.info
    axes = info.axes
    data = step.data
    parts = [(name, "bold"), (visible(step.formula), "cyan"), (_shape_text(step.shape), "dim")]  # from a file
    marker = guide.marker(name) if guide is not None else None
    if marker:
        parts.insert(0, (marker, "bold yellow"))
    title = title_text(parts, max_width)
    why = reason_key(info, trace.config)
    caption = t(why) if why else None
    c = trace.config
    if axes and axes[0] == "kv_head" and c.n_kv_heads < c.n_heads:  # grouped-query attention: say why fewer
        shared = t("render.kv_shared", kv=c.n_kv_heads, heads=c.n_heads, group=c.group, last=c.group - 1)
        # a Chinese sentence ends in a full-width stop, and the next one follows it without a space
        caption = shared if not caption else caption + ("" if caption[-1] in "。！？）" else " ") + shared
    is_weights = catalogue.pattern_of(name) == "blocks.{l}.attn.weights"

    def labels(kind: str, size: int) -> list[str]:
        if kind == "head":  # a per-head vector (kv_head): the heads the trace holds
            return [f"h{h}" for h in trace.head_ids]
        return axis_labels(kind, size, trace.shown_tokens)

    def notes(head: int | None) -> list[RenderableType]:
        texts = guide.notes(name, head) if guide is not None else []
        return [prose_text(text, max_width, "dim") for text in texts]

    tables = []
    if axes and axes[0] in catalogue.HEAD_AXES and data.ndim > 1:
        kv = axes[0] == "kv_head" and c.n_kv_heads < c.n_heads
        for k, head in enumerate(trace.kv_head_ids if kv else trace.head_ids):
            sub = data[k]
            sub_axes = axes[1:]
            label = t("render.kv_head", head=head) if kv else t("render.head", head=head)
            sub_title = title_text([*parts, (label, "bold magenta")], max_width)
            tables.append(_table_2d(sub, sub_axes, labels, sub_title, caption, precision, max_width, is_weights,
                                    max_rows, notes(head)))
    else:
        tables.append(_table_2d(data, axes, labels, title, caption, precision, max_width, is_weights, max_rows,
                                notes(None)))
    return tables


def _table_2d(data, axes, labels, title, caption, precision, max_width, is_weights, max_rows, notes=()) -> Group:
    if data.ndim == 1:
        matrix, rows, cols = data[None, :], [""], labels(axes[0], data.shape[0])
    else:
        matrix, rows, cols = data, labels(axes[0], data.shape[0]), labels(axes[1], data.shape[1])
    return matrix_table(matrix, rows, cols, title=title, caption=caption, precision=precision,
                        max_width=max_width, heat=is_weights, row_sums=is_weights, max_rows=max_rows, notes=notes)


# Tokens listed above a trace: a long text shows its first and last ones, as a tall matrix shows its rows.
HEADER_TOKENS = 60


def config_line(c) -> str:
    """`d_model=4 · heads=1 · …`: the configuration in one line, in the current language."""
    if c.model is not None:  # a pretrained checkpoint: no seed, learned positions
        line = t("render.model_config", model=visible(c.model), d_model=c.d_model, heads=c.n_heads,
                 layers=c.n_layers, d_ff=c.d_ff, eps=f"{c.ln_eps:g}")
        if c.n_kv_heads < c.n_heads:  # grouped-query attention
            line += " · " + t("render.kv_heads_config", kv=c.n_kv_heads)
        return line
    return t("render.config", d_model=c.d_model, heads=c.n_heads, layers=c.n_layers, d_ff=c.d_ff,
             seed=c.seed, positional=shown_value("positional", c.positional), mask=shown_value("mask", c.mask))


def token_line(label: Text, pieces: list[tuple[str, str]], max_width: int, tail: str | None = None) -> Text:
    """`tokens: a / b / c`, wrapped between tokens: a line ends after a token and its " /", and the next
    starts with a token, so a separator is never split (only a token wider than a line is)."""
    line = label.copy()
    used = cell_len(line.plain)
    for k, (tok, style) in enumerate(pieces):
        sep = " /" if k < len(pieces) - 1 else ""
        width = cell_len(tok) + len(sep)
        if used and used + (1 if k else 0) + width > max_width and k:
            line.append("\n")
            used = 0
        elif k:
            line.append(" ")
            used += 1
        line.append(tok, style=style)
        line.append(sep, style="dim")
        used += width
    if tail is not None:
        if used + 2 + cell_len(tail) > max_width:
            line.append("\n" + tail, style="yellow")
        else:
            line.append("  " + tail, style="yellow")
    return line


def header(trace: Trace, max_rows: int | None = DEFAULT_ROWS) -> RenderableType:
    """The tokens and the configuration, above every view; with max_rows None (--rows all) every token."""
    return _Header(trace, HEADER_TOKENS if max_rows is not None else None)


@dataclass
class _Header:
    trace: Trace
    max_tokens: int | None = HEADER_TOKENS

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        shown = cut_rows(len(self.trace.tokens), self.max_tokens)
        texts = token_texts([self.trace.shown_tokens[i] for i in shown.indices])
        pieces = [(tok, "bold cyan") for tok in texts]
        if shown.cut:
            pieces.insert(shown.head, (ELLIPSIS, "dim"))
        tail = t("render.tokens_cut", shown=shown.head + shown.tail, total=shown.total) if shown.cut else None
        yield token_line(Text(t("render.tokens.label"), style="bold"), pieces, options.max_width, tail)
        config = config_line(self.trace.config)
        # one setting is never split across lines: "mask=none", not "mask=" / "none"
        yield title_text([(part, "dim") for part in config.split(" · ")], options.max_width, sep=" · ")


@dataclass
class StepView:
    """One step's tables, laid out for the width Rich gives it at render time."""

    trace: Trace
    name: str
    precision: int
    max_rows: int | None = DEFAULT_ROWS
    guide: object = None  # render.path.PathGuide, as in TraceView

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield from step_tables(self.trace, self.name, self.precision, options.max_width, self.max_rows, self.guide)


def trace_pages(trace: Trace, precision: int = 3, max_rows: int | None = DEFAULT_ROWS,
                guide=None) -> list[list[RenderableType]]:
    """The default view of `trace` cut into pages, one per step, each page the list of what it shows in order:
    the header (and a `guide`'s introduction) go with the first step, each layer's rule with its first step,
    a guide's closing note with the last step. A trace without steps is one page. `TraceView` prints the
    pages one after the other, `render.views.step_pages` one at a time (--step)."""
    pages: list[list[RenderableType]] = []
    pending: list[RenderableType] = [header(trace, max_rows), *(guide.intro() if guide is not None else [])]
    current: int | None = None
    for name in trace.steps:
        layer = catalogue.layer_of(name)
        if layer is not None and layer != current:
            current = layer
            pending.append(Rule(Text(f"blocks.{layer}"), style="dim"))  # Text: no markup or emoji parsing to load
        pages.append([*pending, StepView(trace, name, precision, max_rows, guide)])
        pending = []
    pages = pages or [pending]
    if guide is not None:
        pages[-1].extend(guide.closing())
    return pages


@dataclass
class TraceView:
    """A whole trace, laid out for the width Rich gives it at render time."""

    trace: Trace
    precision: int = 3
    max_rows: int | None = DEFAULT_ROWS
    guide: object = None  # render.path.PathGuide: the path map above, places and axis notes, a closing note

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        for page in trace_pages(self.trace, self.precision, self.max_rows, self.guide):
            yield from page


def render_trace(trace: Trace, precision: int = 3, max_rows: int | None = DEFAULT_ROWS,
                 guide=None) -> RenderableType:
    """The whole trace; each matrix shows at most max_rows rows (None: all of them)."""
    return TraceView(trace, precision, max_rows, guide)


def _recorded(trace: Trace, width: int, guide=None) -> Console:
    from ..visible import safe_console

    # no colours: the text is all that is kept, so a note about shading (ColourOnly) has nothing to describe
    console = safe_console(record=True, width=width, file=_Null(), color_system=None)
    console.print(render_trace(trace, guide=guide))
    return console


class _Null:
    def write(self, _: str) -> int:
        return 0

    def flush(self) -> None:
        pass


def to_text(trace: Trace, width: int = 100, guide=None) -> str:
    """The trace as plain text, laid out for `width` columns (with a render.path.PathGuide: as explain shows it)."""
    return _recorded(trace, width, guide).export_text()
