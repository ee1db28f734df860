r"""The LaTeX sheets: one per student, and the class file with every sheet, one after another.

Made to be printed:
- every heading is kept with its table (heading, reason and table share one unbreakable minipage), so no
  heading is left alone at the foot of a page;
- captions are typeset as math: the formulas inside a sentence (`d_model = d_k = 4`, `q_i·k_j`, `√d_k`) go
  into $…$, so no underscore is printed bare; names and sentences stay text, escaped;
- each step that is a matrix product gets one box per cell to write that cell's sum of products in (the 16
  dot products of a 4-token `scores`), and softmax one box per row;
- every page's foot says whose sheet it is (name, id, variant, page), so pages of the class file that come
  apart find their owner.

pdflatex compiles a sheet in Latin script; one with Chinese text needs xelatex (the file says so on line 1).
"""

from __future__ import annotations

import re
from string import Formatter

from ..i18n import MESSAGES, get_lang, t
from ..trace_data import Trace
from .course import Course
from .exercise import format_given, labels, shape, value
from .generate import Variant
from .sheets import (
    WHY,
    _has_cjk,
    _shape_text,
    _tex_table,
    caption,
    given_steps,
    header,
    latex_escape,
    latex_formula,
    points_text,
)

# --- captions with formulas in them -------------------------------------------------------------------

_ID = r"(?<![\w\\])√?[A-Za-z]+_[A-Za-z0-9]+"  # d_k, q_i, d_model, √d_k
_MATH_RUN = re.compile(
    r"softmax\([^()]*\)_\w+ = [^;；]*[^;；\s]"  # the softmax formula, up to the end of its clause
    + rf"|{_ID}(?: = {_ID})* = \d+"  # d_model = d_k = 4
    + rf"|{_ID}(?:[·×]{_ID})*"  # q_i·k_j, √d_k, x_j
)
_MATH_SIGNS = {"·": r"\cdot ", "×": r"\times ", "÷": r"\div ", "−": "-", "Σ": r"\sum ", "≤": r"\le ", "≥": r"\ge "}


def to_math(plain: str) -> str:
    r"""A formula as the plain captions write it -> LaTeX math: "√d_k" -> "\sqrt{d_k}", "d_model" ->
    "d_{\mathrm{model}}", "q_i·k_j" -> "q_{i}\cdot k_{j}", "exp(x − max x)" -> "\exp(x - \max x)"."""
    out = re.sub(r"√([A-Za-z]+(?:_[A-Za-z0-9]+)?|\d+)", r"\\sqrt{\1}", plain)
    out = re.sub(r"([A-Za-z)\]])_([A-Za-z0-9]+)",
                 lambda m: f"{m[1]}_{{{m[2] if len(m[2]) == 1 else chr(92) + 'mathrm{' + m[2] + '}'}}}", out)
    out = re.sub(r"\b(exp|max|log)\b", r"\\\1", out)
    out = re.sub(r"\bsoftmax\b", r"\\mathrm{softmax}", out)
    return "".join(_MATH_SIGNS.get(ch, ch) for ch in out)


def latex_text(text: str) -> str:
    """A caption -> LaTeX: prose escaped as text, the formulas in it typeset as math."""
    out, at = [], 0
    for m in _MATH_RUN.finditer(text):
        out += [latex_escape(text[at:m.start()]), "$" + to_math(m[0]) + "$"]
        at = m.end()
    return "".join(out) + latex_escape(text[at:])


def latex_message(key: str, **fields) -> str:
    """t(key, **fields) as LaTeX: the message's own words through `latex_text` (its formulas as math), the
    text fields (a sentence, a file name: anything a user typed) escaped as text and never read as math.
    Numbers are put in before formulas are found, so `d_k = {d}` is one formula."""
    parts: list[tuple[bool, str]] = []  # (the message's own words or a number?, text)
    for literal, name, spec, conversion in Formatter().parse(MESSAGES[key][get_lang()]):
        parts.append((True, literal))
        if name is None:
            continue
        field = Formatter().format_field(Formatter().convert_field(fields[name], conversion), spec or "")
        parts.append((isinstance(fields[name], (int, float)), field))
    merged: list[tuple[bool, str]] = []
    for own, text in parts:
        if merged and merged[-1][0] and own:
            merged[-1] = (True, merged[-1][1] + text)
        else:
            merged.append((own, text))
    return "".join(latex_text(text) if own else latex_escape(text) for own, text in merged)


# --- boxes to work in ---------------------------------------------------------------------------------

PRODUCT_STEPS = ("Q", "K", "V", "scores", "Z")  # every cell is a sum of products: one box per cell
BOXES_PER_LINE = 4
BOX_HEIGHT = {"product": "1.5cm", "row": "1.4cm", "free": "3cm"}


def _tok(token: str) -> str:
    return r"\text{" + latex_escape(token) + "}"


def cell_label(short: str, row: str, col: int, col_token: str) -> str:
    """What a box holds, as math: the dot product of cell (row, col) of a product step."""
    if short in ("Q", "K", "V"):
        return rf"x_{{{_tok(row)}}}\cdot W^{short}_{{:,{col}}}"
    if short == "scores":
        return rf"q_{{{_tok(row)}}}\cdot k_{{{_tok(col_token)}}}"
    return rf"\mathrm{{weights}}_{{{_tok(row)},:}}\cdot V_{{:,{col}}}"  # Z


def _box(label: str, per_line: int, height: str) -> str:
    width = rf"\dimexpr\linewidth/{per_line}-2\fboxsep-2\fboxrule-2pt\relax"
    return rf"\fbox{{\parbox[t][{height}][t]{{{width}}}{{\scriptsize ${label}$ =}}}}"


def _box_lines(labels_: list[str], per_line: int, height: str) -> list[str]:
    """Boxes `per_line` to a line; a page may break between lines, never inside one."""
    lines = []
    for i in range(0, len(labels_), per_line):
        boxes = r"\hspace{2pt}".join(_box(lab, per_line, height) for lab in labels_[i:i + per_line])
        lines.append(r"\noindent " + boxes + r"\par\smallskip")
    return lines


def working(tr: Trace, short: str) -> list[str]:
    """The room to work a step in: a box per dot product, a box per softmax row, or a free box."""
    rows, cols = labels(short, tr.tokens, tr.config.d_model)
    if short in PRODUCT_STEPS:
        cells = [cell_label(short, r, j, c) for r in rows for j, c in enumerate(cols)]
        return _box_lines(cells, min(len(cols), BOXES_PER_LINE), BOX_HEIGHT["product"])
    if short == "weights":
        sums = [rf"\sum_j \exp(\mathrm{{scaled}}_{{{_tok(r)},j}})" for r in rows]
        return _box_lines(sums, 1, BOX_HEIGHT["row"])
    return [r"\noindent\begin{minipage}[t][" + BOX_HEIGHT["free"] + r"][t]{\linewidth}"
            + latex_escape(t("hw.sheet.working")) + r"\end{minipage}\par"]


def hint(short: str) -> str | None:
    if short in PRODUCT_STEPS:
        return t("hw.sheet.products")
    return t("hw.sheet.row_sums") if short == "weights" else None


# --- the sheet ----------------------------------------------------------------------------------------


def _kept(lines: list[str]) -> list[str]:
    """Lines that a page break must not split: a heading and its table."""
    return [r"\par\noindent\begin{minipage}{\linewidth}", *lines, r"\end{minipage}\par\medskip", ""]


def bold(key: str) -> str:
    """A caption before its value: "Name: " ("姓名：")."""
    text, gap = caption(key)
    return r"\textbf{" + latex_escape(text) + "}" + gap


def _heading(text: str) -> str:
    return r"{\large\bfseries " + latex_escape(text) + r"\par}\smallskip"


def _shape(rows: int, cols: int) -> str:
    return "(" + _shape_text(rows, cols).replace("×", r"$\times$") + ")"


def _answer_width(cols: int) -> str:
    """Blank answer cells as wide as a line allows, up to 2.6 cm: room for -0.25 written large. A line of
    A4 with 2 cm margins is 17 cm; keep 2.5 of it for the row labels, and each column pads 0.42 cm."""
    return f"{min(2.6, 14.5 / cols - 0.45):.2f}cm"


def sheet_body(variant: Variant, ask: tuple[str, ...], decimals: int, course: Course) -> list[str]:
    """One student's sheet, between \\begin{document} and \\end{document} (the class file joins these)."""
    tr, st = variant.trace, variant.student
    n, d = len(tr.tokens), tr.config.d_model
    head = header(variant, ask, decimals, course)
    owner = " · ".join(x for x in (latex_escape(st.name), latex_escape(st.id)) if x)
    owner = (owner + " · " if owner else "") + latex_escape(t("hw.sheet.variant")) + " " + variant.code
    body = [r"\sheetfoot{" + owner + r" \quad " + r"\thepage}", r"\setcounter{page}{1}",
            r"{\Large\bfseries " + latex_escape(head.title) + r"\par}\medskip",
            r"\noindent" + bold("hw.sheet.name") + (latex_escape(st.name) or r"\rule{5cm}{0.4pt}") + r" \quad "
            + bold("hw.sheet.id") + (latex_escape(st.id) or r"\rule{3cm}{0.4pt}") + r" \quad "
            + bold("hw.sheet.variant") + latex_escape(variant.code) + r"\par",
            r"\noindent" + (bold("hw.sheet.due") + latex_escape(head.due) + r" \quad " if head.due else "")
            + bold("hw.sheet.total") + latex_escape(head.total) + r"\par",
            r"\medskip\noindent " + latex_message("hw.sheet.sentence", text=tr.text, tokens=" / ".join(tr.tokens),
                                                  d=d) + r"\par",
            r"\medskip\noindent " + latex_message("hw.sheet.instructions", decimals=decimals,
                                                  template=st.file + ".toml") + r"\par",
            r"\smallskip\noindent " + latex_message("hw.sheet.toml", template=st.file + ".toml") + r"\par"]
    if head.submit:
        body.append(r"\smallskip\noindent" + bold("hw.sheet.submit") + latex_escape(head.submit) + r"\par")
    body += [r"\bigskip", ""]
    for i, short in enumerate(given_steps(ask)):
        rows, cols = labels(short, tr.tokens, d)
        v = value(tr, short)
        first = [_heading(t("hw.sheet.given"))] if i == 0 else []
        body += _kept([*first, r"\textbf{$" + latex_formula(short, d) + "$} " + _shape(*v.shape) + r"\par",
                       *_tex_table(rows, cols, [["$" + format_given(x) + "$" for x in row] for row in v],
                                   blank=False)])
    for i, short in enumerate(ask, 1):
        rows, cols = labels(short, tr.tokens, d)
        r, c = shape(short, n, d)
        lines = [_heading(t("hw.sheet.compute"))] if i == 1 else []
        lines.append(rf"\textbf{{{i}.\ $" + latex_formula(short, d) + "$} " + _shape(r, c)
                     + r"\hfill " + latex_escape(points_text(course.points[short])) + r"\par")
        if short in WHY:
            lines.append(r"\emph{" + latex_message(WHY[short]) + r"}\par")
        lines += _tex_table(rows, cols, [[""] * c for _ in range(r)], blank=True, width=_answer_width(c))
        if hint(short):
            lines.append(r"\noindent\emph{" + latex_escape(hint(short)) + r"}\par")
        body += _kept(lines)
        body += [*working(tr, short), r"\bigskip", ""]
    return body


def _document(bodies: list[list[str]], note: str | None = None) -> str:
    return latex_document("\n\\clearpage\n".join("\n".join(b) for b in bodies), note)  # each sheet on a new page


def latex_document(text: str, note: str | None = None, pagestyle: str = "empty") -> str:
    """A LaTeX body as a whole document that pdflatex compiles, or xelatex with xeCJK when it holds Chinese
    (sheets, the class file and the TAs' answer keys share it). `\\sheetfoot{...}` sets a page's footer."""
    lines = [f"% {note}"] if note else []
    if _has_cjk(text):
        lines.append("% " + t("hw.sheet.xelatex"))
    lines += [r"\documentclass[11pt,a4paper]{article}", r"\usepackage[margin=2cm]{geometry}",
              r"\usepackage{amsmath}", r"\usepackage{iftex}",
              r"\ifPDFTeX\usepackage[utf8]{inputenc}\usepackage[T1]{fontenc}\else\usepackage{fontspec}\fi"]
    if _has_cjk(text):
        lines.append(r"\usepackage{xeCJK}")
    lines += [r"\makeatletter",
              r"\newcommand{\sheetfoot}[1]{\def\@oddfoot{\hfil\footnotesize #1\hfil}\let\@evenfoot\@oddfoot}",
              r"\makeatother", r"\pagestyle{" + pagestyle + "}", r"\setlength{\parindent}{0pt}",
              r"\begin{document}", text, r"\end{document}"]
    return "\n".join(lines) + "\n"


def latex_sheet(variant: Variant, ask: tuple[str, ...], decimals: int = 2, course: Course | None = None) -> str:
    return _document([sheet_body(variant, ask, decimals, course or Course())])


def latex_class(variants: list[Variant], ask: tuple[str, ...], decimals: int = 2,
                course: Course | None = None) -> str:
    """Every student's sheet in one file to print for the class, each starting on a new page."""
    course = course or Course()
    return _document([sheet_body(v, ask, decimals, course) for v in variants],
                     note=t("hw.sheet.class", n=len(variants)))
