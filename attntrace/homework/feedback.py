"""What grading produces: a Markdown feedback file per student, the grades CSV and the terminal summary.

Nothing here computes a grade or prints: these functions turn `grade.Result`s into text and Rich renderables.
"""

from __future__ import annotations

import csv
import io

import numpy as np

from ..i18n import t
from ..visible import visible
from .exercise import labels
from .grade import BLANK, NOT_SUBMITTED, PROBLEM, Result
from .key import Key
from .sheets import md_escape


def number(x: float | None) -> str:
    """Points as a short decimal: 2.0 -> "2", 0.125 -> "0.125", 1/3 -> "0.3333"."""
    if x is None:
        return ""
    text = f"{x:.4f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def _value(x: float) -> str:
    return f"{x:.6g}"


# --- feedback -----------------------------------------------------------------------------------------


def feedback_markdown(result: Result, key: Key) -> str:
    who = f"{result.name} ({result.student_id})" if result.name else (result.student_id or result.file or "?")
    out = [f"# {md_escape(t('hw.fb.title', who=who))}", ""]
    meta = []
    if result.code:
        meta.append(f"{t('hw.sheet.variant')}: {md_escape(result.code)}")
    if result.file:
        meta.append(f"{t('hw.fb.file')}: {md_escape(result.file)}")
    if meta:
        out += [" · ".join(meta), ""]
    if result.graded:
        out += [f"**{t('hw.fb.total', total=number(result.total), possible=number(result.possible))}**", ""]
    else:
        out += [f"**{t('hw.fb.not_graded')}**", ""]
    if result.problems:
        out += [f"## {t('hw.fb.problems')}", ""] + [f"- {md_escape(str(p))}" for p in result.problems] + [""]
    if result.notes:
        out += [f"## {t('hw.fb.notes')}", ""] + [f"- {md_escape(str(p))}" for p in result.notes] + [""]
    rules = key.rules
    if result.graded:
        out += [md_escape(t("hw.fb.rule", decimals=rules.decimals, half=number(rules.half_unit))), ""]
    for s, g in result.steps.items():
        trace = key.variant(result.student_id)[2]
        rows, cols = labels(s, trace.tokens, trace.config.d_model)
        out += [f"## {md_escape(g.formula)}: {number(g.points)} / {number(g.possible)}", ""]
        if g.found is None:
            out += [md_escape(str(g.problem)) if g.problem else t("hw.fb.missing"), ""]
            continue
        wrong = np.argwhere(~g.right)
        if not len(wrong):
            out += [t("hw.fb.all_right", n=g.n_cells), ""]
            continue
        out += [t("hw.fb.wrong", wrong=int((~g.right).sum()), n=g.n_cells), ""]
        out += [f"| {t('hw.fb.cell')} | {t('hw.fb.yours')} | {t('hw.fb.expected')} | {t('hw.fb.ecf_col')} |",
                "|---|---:|---:|---|"]
        for i, j in wrong:
            ecf = t("hw.fb.ecf_yes", value=_value(g.local_expected[i, j])) if g.ecf[i, j] else ""
            out.append(f"| {md_escape(rows[i])}, {md_escape(cols[j])} | {_value(g.found[i, j])} | "
                       f"{g.expected[i, j]:.4f} | {ecf} |")
        out.append("")
        if g.ecf.any():
            out += [t("hw.fb.ecf", n=int(g.ecf.sum()), share=f"{rules.ecf_share:.0%}",
                      inputs=", ".join(_inputs(s))), ""]
        if g.blocked_by:
            out += [t("hw.fb.ecf_blocked", steps=", ".join(g.blocked_by)), ""]
        if g.trivial:
            out += [t("hw.fb.trivial"), ""]
    return "\n".join(out).rstrip() + "\n"


def _inputs(short: str) -> tuple[str, ...]:
    from .grade import INPUTS

    return INPUTS[short]


# --- CSV ----------------------------------------------------------------------------------------------


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # what a spreadsheet reads as the start of a formula


def csv_text(value: str) -> str:
    """A text cell a spreadsheet shows instead of running: one that starts like a formula (a student id
    `=HYPERLINK(…)`, a roster name `@SUM(…)`) gets a leading single quote, as OWASP's advice on CSV injection
    says; control characters (ESC, NUL) are shown as escapes. Score cells are numbers we write and are left
    alone."""
    value = visible(value)
    return "'" + value if value.startswith(FORMULA_START) else value


def grades_csv(results: list[Result], key: Key) -> str:
    """One row per student: a column per asked step, the total, a status and the problems; the first data
    row holds the points possible. Text cells go through `csv_text`, so no cell runs as a formula."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["student_id", "name", "file", "variant", *key.ask, "total", "status", "problem"])
    w.writerow(["(points possible)", "", "", "", *(number(key.rules.points[s]) for s in key.ask),
                number(key.points_possible), "", ""])
    for r in results:
        steps = [number(r.steps[s].points) if s in r.steps else "" for s in key.ask]
        text = [csv_text(x) for x in (r.student_id or "", r.name, r.file or "", r.code or "")]
        w.writerow([*text, *steps, number(r.total), csv_text(r.status),
                    csv_text(" | ".join(str(p) for p in r.problems))])
    return buf.getvalue()


# --- terminal -----------------------------------------------------------------------------------------


MAX_ROWS = 60  # a terminal summary, not the gradebook: the CSV has every row


def summary_table(results: list[Result], key: Key, max_rows: int = MAX_ROWS):
    """A Rich table: one row per student, points per step, total and status (names are in the CSV). With more
    than `max_rows` students, every row with a problem is shown and the first others fill the rest."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    n_problems = sum(r.status == PROBLEM for r in results)
    graded = [r.total for r in results if r.total is not None]
    caption = t("hw.summary.caption", graded=len(graded), problems=n_problems,
                mean=number(sum(graded) / len(graded)) if graded else "-", possible=number(key.points_possible))
    table = Table(title=t("hw.summary.title"), caption=caption, caption_justify="left", box=box.SIMPLE_HEAD,
                  pad_edge=False)
    table.add_column(t("hw.summary.id"), overflow="fold", min_width=10)
    for s in key.ask:
        table.add_column(s, justify="right", min_width=len(s), no_wrap=True)
    table.add_column(t("hw.summary.total"), justify="right", style="bold", no_wrap=True)
    table.add_column(t("hw.summary.status"), no_wrap=True)
    table.add_row(Text(t("hw.summary.possible"), style="dim", overflow="ellipsis", no_wrap=True),
                  *(Text(number(key.rules.points[s]), style="dim") for s in key.ask),
                  Text(number(key.points_possible), style="dim"), "", end_section=True)
    shown = results
    if len(results) > max_rows:
        keep = {id(r) for r in results if r.status == PROBLEM}
        keep |= {id(r) for r in [r for r in results if id(r) not in keep][: max(0, max_rows - len(keep))]}
        shown = [r for r in results if id(r) in keep]
        table.caption += "\n" + t("hw.summary.cut", shown=len(shown), total=len(results))
    for r in shown:
        steps = [number(r.steps[s].points) if s in r.steps else "" for s in key.ask]
        style = "red" if r.status == PROBLEM else "dim" if r.status in (NOT_SUBMITTED, BLANK) else "green"
        status = t("hw.status." + r.status.replace(" ", "_"))
        table.add_row(Text(visible(r.student_id or r.file or "?")), *steps, number(r.total),
                      Text(status, style=style))
    return table
