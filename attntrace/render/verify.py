"""A verification -> Rich renderables: the step table, the summary, the hint. Never computes, never prints."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from itertools import groupby

from rich import box
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.table import Table
from rich.text import Text

from .. import steps as catalogue
from ..check.engine import ALL_HEADS, MISSING, NOT_CHECKED, OK, ROOTS, WRONG, StepCheck
from ..check.verify import Verification, first_wrong_cell, shown_steps
from ..i18n import t
from ..labels import cell_label
from ..visible import visible
from .tables import token_texts

STATUS_STYLE = {OK: "green", WRONG: "bold red", MISSING: "dim", NOT_CHECKED: "yellow"}
MAX_INPUTS_LISTED = 6
MIN_MISSING_RUN = 3  # this many missing steps in a row are shown as one row


def needs_text(needs: tuple[str, ...]) -> list[str]:
    """The steps a check needed, with "every head" in words."""
    return [t("verify.all_heads") if n == ALL_HEADS else n for n in needs]


def _num(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return f"{value:.6g}"


def _err(value: float) -> str:
    return f"{value:.1e}" if value else "0"


def heading(layer: int | None) -> Text:
    """The heading over a group of rows: `blocks.{l}` for a layer's, words for the steps after the last layer
    (a decoder's final_norm)."""
    return Text(f"blocks.{layer}" if layer is not None else t("verify.after_layers"), style="bold")


def _short(name: str) -> str:
    """Rows sit under a `blocks.{l}` heading, so the step column drops that prefix."""
    layer = catalogue.layer_of(name)
    return name if layer is None else name[len(f"blocks.{layer}."):]


def _row(v: Verification, s: StepCheck, first: bool) -> tuple[list[RenderableType], str | None]:
    name = _short(s.name)
    if s.is_input:
        return [name, Text(t("verify.status.given"), style="dim"), "", "", "", ""], "dim"
    status = Text(("▶ " if first else "") + t(f"verify.status.{s.status}"), style=STATUS_STYLE[s.status])
    if s.local is None:  # missing, or not checked for want of an earlier step
        note = "" if s.status == MISSING or not s.needs else Text(
            t("verify.needs", names=", ".join(needs_text(s.needs))), style="dim")
        return [name, status, "", "", note, ""], "dim" if s.status == MISSING else None
    abs_err, rel_err = s.local.errors(s.found)
    cell = first_wrong_cell(s.local, s.found)
    where = "" if cell is None else Text.assemble(
        cell_label(s.name, cell[0], v.trace), "\n", (f"{_num(cell[1])} → {_num(cell[2])}", "bold"))
    if s.recomputed is None:
        from_inputs = Text("—", style="dim")
    elif s.recomputed.ok:
        from_inputs = Text(t("verify.status.ok"), style="green")
    else:
        err = _err(s.recomputed.errors(s.found)[0])
        from_inputs = Text(t("verify.from.wrong", err=err), style="red" if first else "yellow")
    style = "bold" if first else None
    return [name, status, _err(abs_err), _err(rel_err), where, from_inputs], style


COLUMNS = (("step", "left"), ("status", "left"), ("abs", "right"), ("rel", "right"), ("cell", "left"),
           ("from_inputs", "left"))
# Which columns go first when the terminal is narrow: below each width, the next one is left out
# (the first wrong cell and its hint below the table stay; the status says ok or wrong).
DROP_BELOW = (("rel", 80), ("from_inputs", 64), ("abs", 52))


def render_table(v: Verification, width: int = 120) -> Table:
    keep = [key not in {k for k, w in DROP_BELOW if width < w} for key, _ in COLUMNS]
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    for (key, justify), kept in zip(COLUMNS, keep, strict=True):
        if kept:
            table.add_column(t(f"verify.col.{key}"), justify=justify, no_wrap=key != "cell",
                             min_width=16 if key == "cell" else None)

    def add(*cells, style=None) -> None:
        table.add_row(*(c for c, kept in zip(cells, keep, strict=True) if kept), style=style)

    first = v.first_wrong
    rows = [s for s in shown_steps(v.report) if not (s.is_input and s.name not in ROOTS)]  # weights: below
    for n, (layer, items) in enumerate(_by_layer(rows)):
        if n or layer is not None:  # a heading over each layer's rows (the inputs before layer 0 have none)
            add(heading(layer), *[""] * 5)
        for run in items:
            if len(run) > 1:  # a run of missing steps, e.g. the rest of a layer
                add(f"{_short(run[0].name)} … {_short(run[-1].name)}", t("verify.status.missing"), "", "",
                    t("verify.steps", n=len(run)), "", style="dim")
            else:
                cells, style = _row(v, run[0], run[0] is first)
                add(*cells, style=style)
    return table


def _by_layer(rows: list[StepCheck]) -> Iterator[tuple[int | None, list[list[StepCheck]]]]:
    """The rows of each layer in turn, as the table's rows: MIN_MISSING_RUN or more missing steps in a row
    are one row (a list of them), every other step a row of its own (a list of one)."""
    for layer, in_layer in groupby(rows, key=lambda s: catalogue.layer_of(s.name)):
        items: list[list[StepCheck]] = []
        for missing, run in groupby(in_layer, key=lambda s: s.status == MISSING):
            run = list(run)
            items += [run] if missing and len(run) >= MIN_MISSING_RUN else [[s] for s in run]
        yield layer, items


def strict_lines(v: Verification) -> list[str]:
    """What nothing checked: unknown step names, steps that could not be checked, steps outside the plan."""
    lines = []
    if v.trace.unknown:
        lines.append(t("verify.strict.unknown", n=len(v.trace.unknown), names=", ".join(v.trace.unknown)))
    if v.unchecked:
        names = ", ".join(f"{s.name} ({t('verify.needs', names=', '.join(needs_text(s.needs)))})"
                          for s in v.unchecked)
        lines.append(t("verify.strict.not_checked", n=len(v.unchecked), names=names))
    if v.report.unused:
        lines.append(t("verify.strict.unused", n=len(v.report.unused), names=", ".join(v.report.unused)))
    return lines


def subset_line(v: Verification) -> str | None:
    """The steps a trace of some heads cannot have checked (sums over every head), or None."""
    if not v.in_subset:
        return None
    return t("verify.subset.note", n=len(v.in_subset), heads=", ".join(map(str, v.trace.head_ids)),
             names=", ".join(s.name for s in v.in_subset))


@dataclass
class _TableView:
    """The table, with as many columns as the width Rich gives it at render time holds."""

    v: Verification

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield render_table(self.v, options.max_width)


def render_verification(v: Verification, path: str | None = None) -> RenderableType:
    parts: list[RenderableType] = [
        Text(t("verify.title", path=visible(path or ""), tokens=" / ".join(token_texts(v.trace.shown_tokens))),
             style="bold"),
        _TableView(v),
        Text(t("verify.caption"), style="dim"),
    ]
    given = [s.name for s in v.report.steps if s.is_input and s.found is not None and s.name not in ROOTS]
    if given:
        listed = ", ".join(given[:MAX_INPUTS_LISTED]) + (", …" if len(given) > MAX_INPUTS_LISTED else "")
        parts.append(Text(f"{t('verify.status.given')} ({len(given)}): {listed}", style="dim"))
    c = v.counts()
    parts.append(Text(t("verify.summary", ok=c[OK], wrong=c[WRONG], missing=c[MISSING], not_checked=c[NOT_CHECKED],
                        rtol=f"{v.rtol:g}", atol=f"{v.atol:g}")))
    parts += [Text(line, style="yellow") for line in strict_lines(v)]
    subset = subset_line(v)
    if subset is not None:
        parts.append(Text(subset, style="dim"))
    first = v.first_wrong
    if first is None:
        if v.ok:
            passed = "verify.pass_lenient" if v.unverified else "verify.pass_subset" if v.in_subset else "verify.pass"
            parts.append(Text(t(passed), style="bold green"))
        elif v.n_checked:
            parts.append(Text(t("verify.strict.fail"), style="bold red"))
        return Group(*parts)
    parts.append(Text(t("verify.first_wrong", name=first.name), style="bold red"))
    if v.hint is not None:
        parts.append(Text(t("verify.hint", hint=v.hint.message), style="bold" if v.hint.specific else None))
    parts.append(Text(t("verify.later"), style="dim"))
    return Group(*parts)
