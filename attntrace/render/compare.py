"""A TokenComparison -> Rich renderables: one token in two sentences. Nothing here computes or prints."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from rich import box
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.table import Table
from rich.text import Text

from ..i18n import label as caption
from ..i18n import t
from ..teach.compare import KeyRow, LayerAttention, TokenComparison
from .tables import (
    ColourOnly,
    Prose,
    axis_labels,
    fmt,
    heat_style,
    matrix_table,
    row_span,
    shown_difference,
    token_line,
    token_texts,
)

ABSENT = "—"


@dataclass
class _Sentence:
    """`S1: a / b / c`, the compared token highlighted, wrapped between tokens at render time."""

    label: str
    tokens: list[str]
    pos: int

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        pieces = [(tok, "bold reverse" if i == self.pos else "cyan") for i, tok in enumerate(token_texts(self.tokens))]
        yield token_line(Text(f"{self.label}: ", style="bold"), pieces, options.max_width)


def _sentence(label: str, tokens: list[str], pos: int) -> _Sentence:
    return _Sentence(label, tokens, pos)


def _mark(same: bool) -> Text:
    return Text(t("compare.same") if same else t("compare.different"), style="bold green" if same else "bold yellow")


class _Vectors:
    """Two vectors as a two-row table (S1, S2), cut to the width at render time."""

    def __init__(self, title: str, u: np.ndarray, v: np.ndarray, precision: int) -> None:
        self.title, self.u, self.v, self.precision = title, u, v, precision

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        matrix = np.stack([self.u, self.v])  # (2, D)
        yield matrix_table(matrix, ["S1", "S2"], axis_labels("model", matrix.shape[1], []),
                           title=Text(self.title, style="bold"), caption=None, precision=self.precision,
                           max_width=options.max_width)


def key_labels(rows: list[KeyRow]) -> list[str]:
    """The key column's labels: a token that has more than one row (it occurs twice in either sentence) gets
    its position in each sentence, `the@0↔3` (`—` where a sentence lacks it), like explain's `the@1`; so the
    pairing of the k-th "the" with the k-th "the" is shown, not hidden."""
    shown = token_texts([row.token for row in rows])
    counts: dict[str, int] = {}
    for tok in shown:
        counts[tok] = counts.get(tok, 0) + 1

    def pos(p: int | None) -> str:
        return ABSENT if p is None else str(p)

    return [f"{tok}@{pos(row.pos_a)}↔{pos(row.pos_b)}" if counts[tok] > 1 else tok
            for row, tok in zip(rows, shown, strict=True)]


def _ranked_table(att: LayerAttention, k: int, precision: int, rank: int, total: int, change: float) -> Group:
    """A head's table under a line giving its rank and how much its row changes (a line of its own: a table's
    title wraps to the table's width)."""
    line = Text(t("compare.attention.ranked", rank=rank, total=total, change=fmt(change, precision)),
                style="bold yellow")
    return Group(line, _attention_table(att, k, precision))


def _attention_table(att: LayerAttention, k: int, precision: int) -> Table:
    head = att.heads[k]
    table = Table(box=box.SQUARE, title=t("compare.attention.table", layer=att.layer, head=head),
                  title_justify="left", title_style="bold")
    for name, justify in ((t("compare.key"), "left"), ("S1", "right"), ("S2", "right"), ("S2 − S1", "right")):
        table.add_column(name, justify=justify, no_wrap=True)
    # each sentence's column is the token's attention row there: shaded from its own smallest to largest weight
    spans = [row_span([w[k] for w in (getattr(r, side) for r in att.rows) if w is not None])
             for side in ("weight_a", "weight_b")]
    for row, label in zip(att.rows, key_labels(att.rows), strict=True):
        cells: list[Text] = []
        for w, span in zip((row.weight_a, row.weight_b), spans, strict=True):
            cells.append(Text(ABSENT, style="dim") if w is None
                         else Text(fmt(float(w[k]), precision), style=heat_style(float(w[k]), *span)))
        both = row.weight_a is not None and row.weight_b is not None
        diff = shown_difference(row.weight_b[k], row.weight_a[k], precision) if both else ABSENT  # of the shown
        table.add_row(label, *cells, Text(diff, style="" if both else "dim"))
    return table


def render_compare(c: TokenComparison, precision: int = 3, top: int | None = None) -> RenderableType:
    return Group(*compare_pages(c, precision, top))


# Heads shown first when compare ranks them (no --layer or --head): the few whose attention row changes most.
TOP_HEADS = 3


def compare_pages(c: TokenComparison, precision: int = 3, top: int | None = None) -> list[RenderableType]:
    """The comparison in four pages: inputs, attention rows, outputs, and the cosine similarity.

    With `top`, the heads are ranked by how much the token's attention row changes (`TokenComparison.ranking`)
    and only the first `top` are drawn, with a note saying how many are left out and how to see them; with
    None every head is drawn in layer order."""
    tok = token_texts([c.token])[0]
    head: list[RenderableType] = [
        Text(t("compare.title", token=tok), style="bold magenta"),
        _sentence("S1", c.tokens_a, c.pos_a),
        _sentence("S2", c.tokens_b, c.pos_b),
    ]
    if c.model is None:  # the seeded encoder: random weights, not a trained model's attention
        head.append(Prose(t("path.untrained", seed=c.seed), "yellow"))

    # 1) the input vector
    inputs: list[RenderableType] = [*head, Text(t("compare.input.heading"), style="bold yellow")]
    inputs.append(Text.assemble(caption(t("compare.embedding", token=tok)), _mark(c.same_embedding)))
    inputs.append(_Vectors(f"embed.token[{tok}]", c.embed_a, c.embed_b, precision))
    inputs.append(Text.assemble(caption(t("compare.x", pos_a=c.pos_a, pos_b=c.pos_b) if c.pos_a != c.pos_b
                                          else t("compare.x.one_position", pos=c.pos_a)), _mark(c.same_x)))
    if c.positional == "none":
        reason = t("compare.x.no_positions")
    elif c.positional == "rope":  # positions enter inside attention, as the rotation of Q and K
        reason = t("compare.x.rope")
    elif c.x_formula is not None and c.pos_a == c.pos_b:  # a checkpoint: its own formula for X
        reason = t("compare.x.model_same", formula=c.x_formula, pos=c.pos_a)
    elif c.x_formula is not None:
        off = c.position_offset
        reason = t("compare.x.model_other", formula=c.x_formula, pos_a=c.pos_a, pos_b=c.pos_b,
                   row_a=f"P[{c.pos_a + off}]", row_b=f"P[{c.pos_b + off}]")
    elif c.pos_a == c.pos_b:
        reason = t("compare.x.same_position", pos=c.pos_a)
    else:
        reason = t("compare.x.other_position", pos_a=c.pos_a, pos_b=c.pos_b)
    inputs.append(Prose(reason))
    if not c.same_x:
        inputs.append(_Vectors("X", c.x_a, c.x_b, precision))

    # 2) its attention rows over the shared tokens
    attention: list[RenderableType] = [Text(t("compare.attention.heading", token=tok), style="bold yellow"),
                                       Prose(t("compare.attention.why"))]
    attention.append(ColourOnly(Text(t("compare.shading"), style="dim")))
    if any("↔" in label for att in c.attention[:1] for label in key_labels(att.rows)):
        attention.append(Prose(t("compare.key.repeats")))
    if top is None:
        for att in c.attention:
            attention += [_attention_table(att, k, precision) for k in range(len(att.heads))]
    else:
        ranking = c.ranking
        by_layer = {att.layer: att for att in c.attention}
        attention.append(Prose(t("compare.change.why")))
        attention += [_ranked_table(by_layer[r.layer], r.k, precision, n, len(ranking), r.change)
                      for n, r in enumerate(ranking[:top], start=1)]
        if len(ranking) > top:
            attention.append(Prose(t("compare.heads_hidden", shown=top, total=len(ranking),
                                     hidden=len(ranking) - top), "yellow"))

    # 3) the output vectors, and 4) how far apart they are
    name, ua, ub, cos = c.output
    outputs: list[RenderableType] = [Text(t("compare.output.heading", token=tok), style="bold yellow"),
                                     _Vectors(f"{name}[{tok}]", ua, ub, precision)]
    table = Table(box=box.SIMPLE, show_edge=False)
    table.add_column(t("compare.step"), no_wrap=True)
    table.add_column(t("compare.cosine"), justify="right", no_wrap=True)
    table.add_row("X", _cos(c.x_cosine, precision))
    for step, _, _, value in c.outputs:
        table.add_row(step, _cos(value, precision))
    if c.same_output:
        verdict = t("compare.verdict.same")
    elif c.same_x:
        verdict = t("compare.verdict.different")
    else:  # X differs already (another position): the context is not the only cause
        verdict = t("compare.verdict.different_x", pos_a=c.pos_a, pos_b=c.pos_b)
    similarity: list[RenderableType] = [
        Text(t("compare.cosine.heading"), style="bold yellow"),
        Prose(t("compare.cosine.why")),
        table,
        Text.assemble((caption(t("compare.cosine.final", token=tok, step=name)), "bold"),
                      (_cos(cos, precision), "bold cyan")),
        Text(verdict, style="bold"),
    ]
    return [Group(*inputs), Group(*attention), Group(*outputs), Group(*similarity)]


def _cos(value: float, precision: int) -> str:
    return ABSENT if math.isnan(value) else fmt(value, precision)
