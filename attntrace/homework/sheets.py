"""What each student gets: a sheet in Markdown (LaTeX: latex.py), and a TOML submission template.

Sheets show the given matrices with token labels (query tokens down; dimensions d0, d1, … or key tokens
across) and, for each asked step, its formula, a one-line reason and an empty table with room to work.
Text from the roster or the sentence is escaped for each format: a name like "O'Brien & Co_1" must not
break a LaTeX run or a Markdown table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from ..i18n import label, t
from ..trace_data import Trace
from ..visible import CONTROL, visible
from .course import Course
from .exercise import GIVEN, format_given, full_name, labels, needed_givens, shape, value
from .generate import Variant
from .selfcheck import check_line

# --- escaping -----------------------------------------------------------------------------------------

_LATEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "{": r"\{",
    "}": r"\}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
    "<": r"\textless{}",
    ">": r"\textgreater{}",
    "|": r"\textbar{}",
    '"': r"\textquotedbl{}",
    # The mathematical signs of the captions, as math, so that pdflatex (which has no glyphs for them in
    # text) compiles the English sheets too.
    "√": r"\ensuremath{\surd}",
    "−": r"\ensuremath{-}",
    "·": r"\ensuremath{\cdot}",
    "×": r"\ensuremath{\times}",
    "÷": r"\ensuremath{\div}",
    "Σ": r"\ensuremath{\Sigma}",
    "Δ": r"\ensuremath{\Delta}",
    "β": r"\ensuremath{\beta}",
    "γ": r"\ensuremath{\gamma}",
    "ε": r"\ensuremath{\varepsilon}",
    "ᵀ": r"\ensuremath{^{\top}}",
    "→": r"\ensuremath{\to}",
    "∞": r"\ensuremath{\infty}",
    "≤": r"\ensuremath{\le}",
    "≥": r"\ensuremath{\ge}",
    "…": r"\ldots{}",
}

_LATEX_TABLE = str.maketrans(_LATEX_SPECIAL)


def latex_escape(text: str) -> str:
    r"""Plain text -> LaTeX text mode: "O'Brien & Co_1" -> "O'Brien \& Co\_1". Control characters (a
    newline in a roster cell) are shown as escapes (`visible`)."""
    return visible(text).translate(_LATEX_TABLE)


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")


def md_escape(text: str) -> str:
    """Plain text -> Markdown that shows it literally, also inside a table cell."""
    return _MD_SPECIAL.sub(r"\\\1", visible(text))


def toml_string(text: str) -> str:
    """A TOML basic string: quotes, backslashes and control characters escaped."""
    out = []
    for ch in text:
        if ch in '"\\':
            out.append("\\" + ch)
        elif CONTROL.match(ch):
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def comment(text: str) -> str:
    return visible(text)


# --- what a sheet shows ------------------------------------------------------------------------------

LATEX_FORMULA = {
    "X": r"X",
    "W_Q": r"W^Q",
    "W_K": r"W^K",
    "W_V": r"W^V",
    "Q": r"Q = X\,W^Q",
    "K": r"K = X\,W^K",
    "V": r"V = X\,W^V",
    "scores": r"\mathrm{scores} = Q\,K^{\top}",
    "scaled": r"\mathrm{scaled} = \mathrm{scores} / \sqrt{d_k} = \mathrm{scores} / \sqrt{%(d)d}",
    "weights": r"\mathrm{weights}_{ij} = \frac{\exp(\mathrm{scaled}_{ij})}{\sum_k \exp(\mathrm{scaled}_{ik})}",
    "Z": r"Z = \mathrm{weights}\,V",
}

WHY = {"Q": "why.Q", "K": "why.K", "V": "why.V", "scores": "why.scores", "scaled": "why.scaled",
       "weights": "why.weights", "Z": "why.Z"}


def formula(trace: Trace, short: str) -> str:
    """The step's formula as the trace records it (plain text, e.g. `scaled = scores / √d_k = scores / √4`)."""
    name = full_name(short)
    return trace.steps[name].formula if name in trace.steps else short


def latex_formula(short: str, d: int) -> str:
    return LATEX_FORMULA[short] % {"d": d} if "%(d)" in LATEX_FORMULA[short] else LATEX_FORMULA[short]


def given_steps(ask: tuple[str, ...]) -> tuple[str, ...]:
    return GIVEN + needed_givens(ask)


def _shape_text(rows: int, cols: int) -> str:
    return f"{rows} × {cols}"


# --- what every sheet's header says ------------------------------------------------------------------


def points_text(points: float) -> str:
    """1 -> "1 point", 2 -> "2 points", 1.5 -> "1.5 points"."""
    return t("hw.sheet.point" if points == 1 else "hw.sheet.points", points=f"{points:g}")


@dataclass(frozen=True)
class Header:
    """A sheet's header as plain text; each format escapes it and lays it out."""

    title: str
    due: str | None
    total: str  # "10 points"
    sentence: str
    instructions: str
    toml: str  # what TOML is, in one line
    submit: str | None  # how to hand in, in the teacher's words


def header(variant: Variant, ask: tuple[str, ...], decimals: int, course: Course) -> Header:
    tr, template = variant.trace, variant.student.file + ".toml"
    return Header(title=course.title or t("hw.sheet.title"), due=course.due,
                  total=points_text(course.total(ask)),
                  sentence=t("hw.sheet.sentence", text=tr.text, tokens=" / ".join(tr.tokens), d=tr.config.d_model),
                  instructions=t("hw.sheet.instructions", decimals=decimals, template=template),
                  toml=t("hw.sheet.toml", template=template), submit=course.instructions)


def caption(key: str) -> tuple[str, str]:
    """A caption before its value and the space after it: ("Name:", " "), or ("姓名：", "") as Chinese
    typography wants after a full-width colon."""
    text = t(key) + t("hw.sheet.colon")
    return text, label(text)[len(text):]


# --- Markdown -----------------------------------------------------------------------------------------


def _md_field(key: str, value: str) -> str:
    text, gap = caption(key)
    return f"**{text}**{gap}{value}"



def _md_table(row_labels: list[str], col_labels: list[str], cells: list[list[str]]) -> list[str]:
    lines = ["| | " + " | ".join(md_escape(c) for c in col_labels) + " |",
             "|---|" + "---:|" * len(col_labels)]
    lines += ["| **" + md_escape(r) + "** | " + " | ".join(row) + " |" for r, row in zip(row_labels, cells,
                                                                                          strict=True)]
    return lines


def markdown_sheet(variant: Variant, ask: tuple[str, ...], decimals: int = 2, course: Course | None = None) -> str:
    course = course or Course()
    tr, st = variant.trace, variant.student
    n, d = len(tr.tokens), tr.config.d_model
    head = header(variant, ask, decimals, course)
    out = [f"# {md_escape(head.title)}", ""]
    out.append(" · ".join([_md_field("hw.sheet.name", md_escape(st.name) or "&nbsp;" * 20),
                           _md_field("hw.sheet.id", md_escape(st.id) or "&nbsp;" * 12),
                           _md_field("hw.sheet.variant", variant.code)]))
    due = [_md_field("hw.sheet.due", md_escape(head.due))] if head.due else []
    out += ["", " · ".join([*due, _md_field("hw.sheet.total", head.total)])]
    out += ["", md_escape(head.sentence), "", md_escape(head.instructions), "", md_escape(head.toml), ""]
    if head.submit:
        out += [_md_field("hw.sheet.submit", md_escape(head.submit)), ""]
    out += [f"## {t('hw.sheet.given')}", ""]
    for short in given_steps(ask):
        rows, cols = labels(short, tr.tokens, d)
        v = value(tr, short)
        heading = short if short in GIVEN else formula(tr, short)
        out += [f"### {md_escape(heading)}   ({_shape_text(*v.shape)})", ""]
        out += [*_md_table(rows, cols, [[format_given(x) for x in row] for row in v]), ""]
    out += [f"## {t('hw.sheet.compute')}", ""]
    for i, short in enumerate(ask, 1):
        rows, cols = labels(short, tr.tokens, d)
        r, c = shape(short, n, d)
        out += [f"### {i}. {md_escape(formula(tr, short))}   ({_shape_text(r, c)}) · "
                f"{points_text(course.points[short])}", ""]
        if short in WHY:
            out += [f"*{md_escape(t(WHY[short]))}*", ""]
        out += [*_md_table(rows, cols, [["&emsp;" * 3] * c for _ in range(r)]), ""]
        out += [f"{t('hw.sheet.working')}", ""] + ["&nbsp;", ""] * 6
    return "\n".join(out).rstrip() + "\n"


# --- LaTeX helpers (the sheets themselves: latex.py) --------------------------------------------------


def _tex_table(row_labels: list[str], col_labels: list[str], cells: list[list[str]], blank: bool,
               width: str = "1.6cm") -> list[str]:
    """A tabular of `cells` under `col_labels`, `row_labels` down the left; `blank`: ruled cells `width` wide
    to write in."""
    spec = "r|" + (f"p{{{width}}}" if blank else "r") * len(col_labels)
    lines = [r"\begin{center}", r"{\renewcommand{\arraystretch}{" + ("2.0" if blank else "1.2") + "}",
             r"\begin{tabular}{" + spec + "}",
             " & " + " & ".join(latex_escape(c) for c in col_labels) + r" \\ \hline"]
    lines += [latex_escape(r) + " & " + " & ".join(row) + r" \\" + (r" \hline" if blank else "")
              for r, row in zip(row_labels, cells, strict=True)]
    lines += [r"\end{tabular}}", r"\end{center}"]
    return lines


_CJK = re.compile("[\u2e80-\u9fff\uf900-\ufaff\U00020000-\U0003ffff]")


def _has_cjk(text: str) -> bool:
    return _CJK.search(text) is not None


# --- the submission template --------------------------------------------------------------------------


def toml_template(variant: Variant, ask: tuple[str, ...], decimals: int = 2,
                  answers: dict[str, np.ndarray] | None = None) -> str:
    """The submission template: a row of zeros per row of each asked step, with its label. With `answers`
    (keyed by step: "Q", "scores", …) the rows hold those values at `decimals` places instead: a model
    answer, or a test submission."""
    tr, st = variant.trace, variant.student
    n, d = len(tr.tokens), tr.config.d_model
    who = f"{st.id} ({st.name})" if st.name else st.id
    head = t("hw.toml.header", who=who, code=variant.code) if st.id else t("hw.toml.header_shared", code=variant.code)
    out = [f"# {comment(head)}",
           f"# {comment(t('hw.toml.fill', decimals=decimals))}",
           f"student_id = {toml_string(st.id)}",
           f"variant = {toml_string(variant.code)}",
           f"# {comment(t('hw.toml.check'))}",
           check_line(st.id, variant.code, n, d, decimals, ask),
           "",
           "[answers]"]
    for short in ask:
        rows, cols = labels(short, tr.tokens, d)
        r, c = shape(short, n, d)
        values = np.zeros((r, c)) if answers is None else np.asarray(answers[short], dtype=np.float64)  # (r, c)
        if values.shape != (r, c):
            raise ValueError(f"answers[{short!r}] has shape {values.shape}, the step has {(r, c)}")
        cells = [["0.0"] * c for _ in range(r)] if answers is None else [[f"{x:.{decimals}f}" for x in row]
                                                                         for row in values]
        out.append(f"# {comment(formula(tr, short))}   ({r} × {c}; "
                   f"{comment(t('hw.toml.axes', rows=', '.join(rows), cols=', '.join(cols)))})")
        out.append(f"{short} = [")
        out += [f"  [{', '.join(row)}],  # {comment(label)}" for row, label in zip(cells, rows, strict=True)]
        out += ["]", ""]
    return "\n".join(out).rstrip() + "\n"


def fill_template(template: str, answers: dict[str, np.ndarray], decimals: int = 2) -> str:
    """A submission template's text (from `toml_template`) with its rows of zeros replaced by `answers`.

    Kept for callers that hold only the text; with the variant at hand, `toml_template(..., answers=...)`
    writes the filled file directly and does not read its own output back."""
    out, step, row = [], None, 0
    for line in template.splitlines():
        if line.endswith("= [") and not line.startswith("#"):
            step, row = line.split(" = ")[0], 0
        elif step and line.lstrip().startswith("[") and "#" in line:
            cells = ", ".join(f"{x:.{decimals}f}" for x in answers[step][row])
            line = f"  [{cells}],  #{line.split('#', 1)[1]}"
            row += 1
        out.append(line)
    return "\n".join(out) + "\n"
