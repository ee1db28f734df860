"""What each student gets: a sheet in Markdown and in LaTeX, and a TOML submission template.

Sheets show the given matrices with token labels (query tokens down; dimensions d0, d1, … or key tokens
across) and, for each asked step, its formula, a one-line reason and an empty table with room to work.
Text from the roster or the sentence is escaped for each format: a name like "O'Brien & Co_1" must not
break a LaTeX run or a Markdown table.
"""

from __future__ import annotations

import re

import numpy as np

from ..i18n import t
from ..trace_data import Trace
from ..visible import visible
from .exercise import GIVEN, format_given, full_name, labels, needed_givens, shape
from .generate import Variant

# --- escaping -----------------------------------------------------------------------------------------

_TOML_CONTROL = re.compile(r"[\x00-\x1f\x7f]")  # what a TOML basic string must write as \uXXXX

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
        elif _TOML_CONTROL.match(ch):
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


def value(trace: Trace, short: str) -> np.ndarray:
    """A step without the head axis: (n, d), (n, n) or (d, d)."""
    data = trace.step(full_name(short))
    return data if short == "X" else data[0]


def _shape_text(rows: int, cols: int) -> str:
    return f"{rows} × {cols}"


# --- Markdown -----------------------------------------------------------------------------------------


def _md_table(row_labels: list[str], col_labels: list[str], cells: list[list[str]]) -> list[str]:
    lines = ["| | " + " | ".join(md_escape(c) for c in col_labels) + " |",
             "|---|" + "---:|" * len(col_labels)]
    lines += ["| **" + md_escape(r) + "** | " + " | ".join(row) + " |" for r, row in zip(row_labels, cells,
                                                                                          strict=True)]
    return lines


def markdown_sheet(variant: Variant, ask: tuple[str, ...], decimals: int = 2) -> str:
    tr, st = variant.trace, variant.student
    n, d = len(tr.tokens), tr.config.d_model
    out = [f"# {md_escape(t('hw.sheet.title'))}", ""]
    out.append(f"**{t('hw.sheet.name')}:** {md_escape(st.name) or '&nbsp;' * 20} · "
               f"**{t('hw.sheet.id')}:** {md_escape(st.id) or '&nbsp;' * 12} · "
               f"**{t('hw.sheet.variant')}:** {variant.code}")
    out += ["", md_escape(t("hw.sheet.sentence", text=tr.text, tokens=" / ".join(tr.tokens), d=d)), "",
            md_escape(t("hw.sheet.instructions", decimals=decimals, template=st.file + ".toml")), ""]
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
        out += [f"### {i}. {md_escape(formula(tr, short))}   ({_shape_text(r, c)})", ""]
        if short in WHY:
            out += [f"*{md_escape(t(WHY[short]))}*", ""]
        out += [*_md_table(rows, cols, [["&emsp;" * 3] * c for _ in range(r)]), ""]
        out += [f"{t('hw.sheet.working')}", ""] + ["&nbsp;", ""] * 6
    return "\n".join(out).rstrip() + "\n"


# --- LaTeX --------------------------------------------------------------------------------------------


def _tex_table(row_labels: list[str], col_labels: list[str], cells: list[list[str]], blank: bool) -> list[str]:
    spec = "r|" + ("p{1.6cm}" if blank else "r") * len(col_labels)
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


def latex_sheet(variant: Variant, ask: tuple[str, ...], decimals: int = 2) -> str:
    tr, st = variant.trace, variant.student
    n, d = len(tr.tokens), tr.config.d_model
    body = [r"\section*{" + latex_escape(t("hw.sheet.title")) + "}",
            r"\noindent\textbf{" + latex_escape(t("hw.sheet.name")) + ":} "
            + (latex_escape(st.name) or r"\rule{5cm}{0.4pt}") + r" \quad "
            + r"\textbf{" + latex_escape(t("hw.sheet.id")) + ":} "
            + (latex_escape(st.id) or r"\rule{3cm}{0.4pt}") + r" \quad "
            + r"\textbf{" + latex_escape(t("hw.sheet.variant")) + ":} " + latex_escape(variant.code),
            "",
            r"\medskip\noindent " + latex_escape(t("hw.sheet.sentence", text=tr.text, tokens=" / ".join(tr.tokens),
                                                   d=d)),
            "",
            r"\medskip\noindent " + latex_escape(t("hw.sheet.instructions", decimals=decimals,
                                                   template=st.file + ".toml")),
            "",
            r"\subsection*{" + latex_escape(t("hw.sheet.given")) + "}"]
    for short in given_steps(ask):
        rows, cols = labels(short, tr.tokens, d)
        v = value(tr, short)
        body.append(r"\paragraph{$" + latex_formula(short, d) + "$} (" + _shape_text(*v.shape).replace("×", r"$\times$")
                    + ")")
        body += _tex_table(rows, cols, [[format_given(x) for x in row] for row in v], blank=False)
    body.append(r"\subsection*{" + latex_escape(t("hw.sheet.compute")) + "}")
    for i, short in enumerate(ask, 1):
        rows, cols = labels(short, tr.tokens, d)
        r, c = shape(short, n, d)
        body.append(r"\paragraph{" + str(i) + r". $" + latex_formula(short, d) + "$} ("
                    + _shape_text(r, c).replace("×", r"$\times$") + ")")
        if short in WHY:
            body.append(r"\emph{" + latex_escape(t(WHY[short])) + "}")
        body += _tex_table(rows, cols, [[""] * c for _ in range(r)], blank=True)
        body += [r"\noindent " + latex_escape(t("hw.sheet.working")), r"\vspace{4cm}", ""]
    text = "\n".join(body)
    preamble = [r"\documentclass[11pt]{article}", r"\usepackage[margin=2cm]{geometry}", r"\usepackage{amsmath}",
                r"\usepackage{iftex}", r"\ifPDFTeX\usepackage[utf8]{inputenc}\usepackage[T1]{fontenc}"
                r"\else\usepackage{fontspec}\fi"]
    if _has_cjk(text):
        preamble.insert(0, "% " + t("hw.sheet.xelatex"))
        preamble.append(r"\usepackage{xeCJK}")
    return "\n".join([*preamble, r"\pagestyle{empty}", r"\begin{document}", text, r"\end{document}"]) + "\n"


# --- the submission template --------------------------------------------------------------------------


def toml_template(variant: Variant, ask: tuple[str, ...], decimals: int = 2) -> str:
    tr, st = variant.trace, variant.student
    n, d = len(tr.tokens), tr.config.d_model
    who = f"{st.id} ({st.name})" if st.name else st.id
    out = [f"# {comment(t('hw.toml.header', who=who, code=variant.code))}",
           f"# {comment(t('hw.toml.fill', decimals=decimals))}",
           f"student_id = {toml_string(st.id)}",
           f"variant = {toml_string(variant.code)}",
           "",
           "[answers]"]
    for short in ask:
        rows, cols = labels(short, tr.tokens, d)
        r, c = shape(short, n, d)
        out.append(f"# {comment(formula(tr, short))}   ({r} × {c}; "
                   f"{comment(t('hw.toml.axes', rows=', '.join(rows), cols=', '.join(cols)))})")
        out.append(f"{short} = [")
        out += [f"  [{', '.join(['0.0'] * c)}],  # {comment(label)}" for label in rows]
        out += ["]", ""]
    return "\n".join(out).rstrip() + "\n"


def fill_template(template: str, answers: dict[str, np.ndarray], decimals: int = 2) -> str:
    """A submission template (from `toml_template`) with its rows of zeros replaced by `answers`, keyed by
    step ("Q", "scores", …), at `decimals` places: a model answer, or a test submission."""
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
