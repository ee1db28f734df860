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
from .grade import Result
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
    meta = [md_escape(key.course.title)] if key.course.title else []
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
        if g.override is not None:
            out += [md_escape(t("hw.fb.override", points=number(g.points), computed=number(g.computed_points),
                                reason=g.override.reason)), ""]
        if g.found is None:
            out += [md_escape(str(g.problem)) if g.problem else t("hw.fb.missing"), ""]
            continue
        wrong = np.argwhere(~g.right)
        if not len(wrong):
            out += [t("hw.fb.all_right", n=g.n_cells), ""]
            continue
        out += [t("hw.fb.wrong", wrong=int((~g.right).sum()), n=g.n_cells), ""]
        out += _wrong_cells(g, wrong, rows, cols, rules.solutions)
        if g.mistake is not None:
            share = g.computed_points / g.possible if g.possible else 0.0
            out += [md_escape(t("hw.fb.mistake", hint=g.mistake.message.rstrip(), share=f"{share:.0%}")), ""]
        elif g.ecf.any():
            inputs = ", ".join(_inputs(s))
            charged = int(g.charged.sum())
            n, share = int(g.ecf.sum()), f"{rules.ecf_share:.0%}"
            if charged == n or rules.ecf_share == 1:
                out += [t("hw.fb.ecf", n=n, share=share, inputs=inputs), ""]
            elif charged == 0:
                out += [t("hw.fb.ecf_free", n=n, inputs=inputs), ""]
            else:
                out += [t("hw.fb.ecf_once", n=n, inputs=inputs, charged=charged, share=share), ""]
        if g.blocked_by:
            out += [t("hw.fb.ecf_blocked", steps=", ".join(g.blocked_by)), ""]
        if g.trivial:
            out += [t("hw.fb.trivial"), ""]
    return "\n".join(out).rstrip() + "\n"


def _wrong_cells(g, wrong, rows: list[str], cols: list[str], solutions: bool) -> list[str]:
    """The table of wrong cells: the student's value, the expected one (unless solutions are withheld) and
    whether error carried forward applied."""
    head = [t("hw.fb.cell"), t("hw.fb.yours"), *([t("hw.fb.expected")] if solutions else []), t("hw.fb.ecf_col")]
    out = ["| " + " | ".join(head) + " |", "|---|---:|" + ("---:|" if solutions else "") + "---|"]
    for i, j in wrong:
        ecf = ""
        if g.ecf[i, j]:
            ecf = t("hw.fb.ecf_yes", value=_value(g.local_expected[i, j])) if solutions else t("hw.fb.ecf_no_value")
        expected = [f"{g.expected[i, j]:.4f}"] if solutions else []
        cells = [f"{md_escape(rows[i])}, {md_escape(cols[j])}", _value(g.found[i, j]), *expected, ecf]
        out.append("| " + " | ".join(cells) + " |")
    return [*out, ""]


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
    """One row per student: a column per asked step, the total, a status, the problems and an integrity flag
    (whose variant a file that names another student's is); the first data row holds the points possible.
    Text cells go through `csv_text`, so no cell runs as a formula."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["student_id", "name", "file", "variant", *key.ask, "total", "status", "problem", "integrity"])
    w.writerow(["(points possible)", "", "", "", *(number(key.rules.points[s]) for s in key.ask),
                number(key.points_possible), "", "", ""])
    for r in results:
        steps = [number(r.steps[s].points) if s in r.steps else "" for s in key.ask]
        text = [csv_text(x) for x in (r.student_id or "", r.name, r.file or "", r.code or "")]
        w.writerow([*text, *steps, number(r.total), csv_text(r.status),
                    csv_text(" | ".join(str(p) for p in r.problems)),
                    csv_text(str(r.integrity) if r.integrity is not None else "")])
    return buf.getvalue()
