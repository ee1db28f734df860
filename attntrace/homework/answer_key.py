"""The key for people: one variant picked out of key.json (`attntrace show key.json --variant s001`), and a
readable answer key per variant for TAs, in Markdown and LaTeX (`attntrace homework key-sheet`).

An answer key shows what the student's sheet gives, then each asked step with its formula, its points, the
exact answer to the sheet's decimals and how far from it a cell may be and still be right (the tolerance
grading uses, rounding carried through the steps included), so a TA marking by hand accepts what `grade`
accepts. Nothing here prints or touches files.
"""

from __future__ import annotations

import numpy as np

from ..i18n import Message, t
from ..trace_data import Trace
from .exercise import GIVEN, format_given, labels, value
from .feedback import number
from .grade import tolerances
from .key import Key
from .latex import latex_document
from .roster import Student, safe_name
from .sheets import (
    _md_table,
    _tex_table,
    formula,
    given_steps,
    latex_escape,
    latex_formula,
    md_escape,
)

MAX_LISTED = 8  # variant ids named when one must be chosen


class VariantError(Message, LookupError):
    """No variant, or more than one, answers to what was asked; the message lists some to choose from."""


def find_variant(key: Key, ref: str | None) -> tuple[Student, str, Trace]:
    """The variant of student id `ref`, or of variant code `ref` (3FA9-C21B, any case), or of file name
    `ref` (s001, as in students/s001.md). Without `ref`, the key's only variant. Raises VariantError."""
    items = list(key.variants.values())
    if ref is None:
        if len(items) == 1:
            return items[0]
        raise VariantError("hw.keysheet.choose", n=len(items), some=_some(key))
    wanted = ref.strip()
    for test in (lambda s, c: s.id == wanted, lambda s, c: c.casefold() == wanted.casefold(),
                 lambda s, c: s.file.casefold() == safe_name(wanted).casefold()):
        found = [(s, c, tr) for s, c, tr in items if test(s, c)]
        if found:
            return found[0]
    raise VariantError("hw.keysheet.unknown", ref=ref, n=len(items), some=_some(key))


def _some(key: Key) -> str:
    ids = [s.id or s.file for s, _c, _t in key.variants.values()]
    return ", ".join(ids[:MAX_LISTED]) + (", …" if len(ids) > MAX_LISTED else "")


# --- the answer key for TAs -----------------------------------------------------------------------------


def _answer(x: float, decimals: int) -> str:
    text = f"{x:.{decimals}f}"
    return text[1:] if text.startswith("-") and not float(text) else text  # no "-0.00"


def _tolerance_line(tol: np.ndarray, varies: bool) -> str:
    low, high = float(tol.min()), float(tol.max())
    if varies:
        return t("hw.keysheet.tolerance_range", low=f"{low:.3g}", high=f"{high:.3g}")
    return t("hw.keysheet.tolerance", tol=f"{low:.3g}")


def _rule_line(key: Key) -> str:
    r = key.rules
    return t("hw.keysheet.rule", decimals=r.decimals, half=f"{r.half_unit:g}", share=f"{r.ecf_share:.0%}",
             possible=number(key.points_possible))


def _parts(key: Key, trace: Trace):
    """What both formats show of each asked step: (number, step, rows, cols, answer cells, tolerance, whether
    the tolerance differs between cells)."""
    tol = tolerances(trace, key.ask, key.rules)
    d = trace.config.d_model
    for i, s in enumerate(key.ask, 1):
        rows, cols = labels(s, trace.tokens, d)
        v = value(trace, s)
        cells = [[_answer(x, key.rules.decimals) for x in row] for row in v]
        varies = not np.isclose(float(tol[s].min()), float(tol[s].max()))
        yield i, s, rows, cols, cells, tol[s], varies


def answer_markdown(key: Key, student: Student, code: str, trace: Trace) -> str:
    """One variant's answer key as Markdown: the givens as the sheet prints them, then every asked step's
    exact answer to the key's decimals, its points and the tolerance grading allows."""
    d = trace.config.d_model
    who = " ".join(x for x in (student.id, f"({student.name})" if student.name else "") if x) or student.file
    out = [f"# {md_escape(t('hw.keysheet.title', who=who))}", "",
           *([md_escape(key.course.title), ""] if key.course.title else []),
           f"**{t('hw.sheet.variant')}:** {md_escape(code)}", "",
           md_escape(t("hw.sheet.sentence", text=trace.text, tokens=" / ".join(trace.tokens), d=d)), "",
           md_escape(_rule_line(key)), "", f"## {md_escape(t('hw.sheet.given'))}", ""]
    for short in given_steps(key.ask):
        rows, cols = labels(short, trace.tokens, d)
        v = value(trace, short)
        heading = short if short in GIVEN else formula(trace, short)
        out += [f"### {md_escape(heading)}", "", *_md_table(rows, cols, [[format_given(x) for x in r] for r in v]), ""]
    out += [f"## {md_escape(t('hw.keysheet.answers'))}", ""]
    for i, s, rows, cols, cells, tol, varies in _parts(key, trace):
        points = md_escape(t("hw.keysheet.points", points=number(key.rules.points[s])))
        out += [f"### {i}. {md_escape(formula(trace, s))} · {points}",
                "", *_md_table(rows, cols, cells), "",
                md_escape(_tolerance_line(tol, varies)), ""]
        if varies:
            out += [*_md_table(rows, cols, [[f"{x:.3g}" for x in r] for r in tol]), ""]
    return "\n".join(out).rstrip() + "\n"


def _latex_body(key: Key, student: Student, code: str, trace: Trace) -> list[str]:
    d = trace.config.d_model
    who = " ".join(x for x in (student.id, f"({student.name})" if student.name else "") if x) or student.file
    body = [r"\section*{" + latex_escape(t("hw.keysheet.title", who=who)) + "}",
            *([r"\noindent " + latex_escape(key.course.title), ""] if key.course.title else []),
            r"\noindent\textbf{" + latex_escape(t("hw.sheet.variant")) + ":} " + latex_escape(code), "",
            r"\medskip\noindent " + latex_escape(t("hw.sheet.sentence", text=trace.text,
                                                   tokens=" / ".join(trace.tokens), d=d)), "",
            r"\medskip\noindent " + latex_escape(_rule_line(key)), "",
            r"\subsection*{" + latex_escape(t("hw.sheet.given")) + "}"]
    for short in given_steps(key.ask):
        rows, cols = labels(short, trace.tokens, d)
        v = value(trace, short)
        body.append(r"\paragraph{$" + latex_formula(short, d) + "$}")
        body += _tex_table(rows, cols, [[format_given(x) for x in r] for r in v], blank=False)
    body.append(r"\subsection*{" + latex_escape(t("hw.keysheet.answers")) + "}")
    for i, s, rows, cols, cells, tol, varies in _parts(key, trace):
        body.append(r"\paragraph{" + str(i) + r". $" + latex_formula(s, d) + "$} "
                    + latex_escape(t("hw.keysheet.points", points=number(key.rules.points[s]))))
        body += _tex_table(rows, cols, cells, blank=False)
        body.append(r"\noindent " + latex_escape(_tolerance_line(tol, varies)))
        if varies:
            body += _tex_table(rows, cols, [[f"{x:.3g}" for x in r] for r in tol], blank=False)
        body.append("")
    return body


def answer_latex(key: Key, variants: list[tuple[Student, str, Trace]]) -> str:
    """The answer keys of `variants` as one LaTeX document, each from a new page (xelatex when it holds
    Chinese, else pdflatex or xelatex)."""
    pages = []
    for student, code, trace in variants:
        pages += [*_latex_body(key, student, code, trace), r"\clearpage"]
    return latex_document("\n".join(pages), pagestyle="plain")


ALL = "_all"  # the file of every variant: a student's file name never starts with "_" (safe_name)


def key_sheets(key: Key, refs: list[str] | None = None) -> dict[str, str]:
    """File name -> text: `<file>.md` and `<file>.tex` per variant (those of `refs`, or all), and with more
    than one, `_all.md` and `_all.tex` holding them all. Raises VariantError for a ref that names none."""
    chosen = [find_variant(key, r) for r in refs] if refs else list(key.variants.values())
    chosen = list({s.file: (s, c, tr) for s, c, tr in chosen}.values())  # one ref named twice: once
    files: dict[str, str] = {}
    for student, code, trace in chosen:
        files[student.file + ".md"] = answer_markdown(key, student, code, trace)
        files[student.file + ".tex"] = answer_latex(key, [(student, code, trace)])
    if len(chosen) > 1:
        files[ALL + ".md"] = "\n".join(files[s.file + ".md"] for s, _c, _t in chosen)
        files[ALL + ".tex"] = answer_latex(key, chosen)
    return files
