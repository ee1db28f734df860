"""A difference between two traces -> Rich renderables: the step table, notes, the verdict and the hint.
Never computes, never prints; every number comes from attntrace.diff."""

from __future__ import annotations

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from .. import steps as catalogue
from ..check.diff import DIFFERS, ONLY_MINE, ONLY_REF, SAME, SHAPE, Difference, StepDiff
from ..check.verify import first_wrong_cell
from ..i18n import t
from ..labels import cell_label, token_texts
from .verify import _err, _num, _short, heading

STATUS_STYLE = {SAME: "green", DIFFERS: "bold red", SHAPE: "bold red", ONLY_MINE: "dim", ONLY_REF: "dim"}


def _row(d: Difference, s: StepDiff, first: bool) -> list[RenderableType]:
    status = Text(("▶ " if first else "") + t(f"diff.status.{s.status}"), style=STATUS_STYLE[s.status])
    if s.status == SHAPE:
        return [_short(s.name), status, "", "", t("diff.shapes", mine=list(s.shapes[0]), ref=list(s.shapes[1]))]
    if s.comparison is None:
        return [_short(s.name), status, "", "", ""]
    abs_err, rel_err = s.comparison.errors(s.found)
    cell = first_wrong_cell(s.comparison, s.found)
    where = "" if cell is None else Text.assemble(
        cell_label(s.name, cell[0], d.mine), "\n", (f"{_num(cell[1])} → {_num(cell[2])}", "bold"))
    return [_short(s.name), status, _err(abs_err), _err(rel_err), where]


def render_table(d: Difference) -> Table:
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    for key, justify in (("verify.col.step", "left"), ("verify.col.status", "left"), ("verify.col.abs", "right"),
                         ("verify.col.rel", "right"), ("diff.col.cell", "left")):
        table.add_column(t(key), justify=justify, no_wrap=key != "diff.col.cell")
    first = d.first_divergent
    layer: int | None = None
    for s in d.steps:
        if catalogue.layer_of(s.name) != layer:  # the inputs before layer 0 have no heading
            layer = catalogue.layer_of(s.name)
            table.add_row(heading(layer), "", "", "", "")
        table.add_row(*_row(d, s, s is first), style="bold" if s is first else None)
    return table


def render_diff(d: Difference, mine: str = "", ref: str = "") -> RenderableType:
    parts: list[RenderableType] = [
        Text(t("diff.title", mine=mine, ref=ref, tokens=" / ".join(token_texts(d.ref.shown_tokens))), style="bold"),
        render_table(d),
    ]
    parts += [Text(str(note), style="yellow") for note in d.notes]
    c = d.counts()
    parts.append(Text(t("diff.summary", same=c[SAME], differs=c[DIFFERS], shape=c[SHAPE], only_mine=c[ONLY_MINE],
                        only_ref=c[ONLY_REF], rtol=f"{d.rtol:g}", atol=f"{d.atol:g}")))
    if d.unknown:
        parts.append(Text(t("diff.unknown", n=len(d.unknown), names=", ".join(d.unknown)), style="yellow"))
    first = d.first_divergent
    if first is None:
        if d.ok:
            parts.append(Text(t("diff.pass"), style="bold green"))
        elif not d.compared:
            parts.append(Text(t("diff.nothing"), style="bold red"))
        return Group(*parts)
    parts.append(Text(t("diff.first", name=first.name), style="bold red"))
    if d.hint is not None:
        parts.append(Text(t("verify.hint", hint=d.hint.message), style="bold" if d.hint.specific else None))
    return Group(*parts)
