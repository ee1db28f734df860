"""Focus -> Rich renderables: the worked arithmetic of one attention row, written out line by line.

Nothing here computes a model value: every number comes from the `Focus` built by `attntrace.teach.focus`.
Each line is one equation, `label = a×b + a×b + … = total`; a sum longer than `max_terms` keeps its
first and last terms and says how many it leaves out, and the total always stays.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.text import Text

from ..i18n import t
from ..teach.focus import Focus, HeadFocus, Projection
from .tables import DEFAULT_ROWS, Prose, fmt, shown_difference, token_labels


def _elide(items: Sequence, max_terms: int) -> tuple[list, list, int]:
    """(first, last, left out): the items to show either side of an ellipsis."""
    if len(items) <= max_terms:
        return list(items), [], 0
    half = max(max_terms // 2, 1)
    return list(items[:half]), list(items[-half:]), len(items) - 2 * half


@dataclass
class Equation:
    """`label = rhs = total` on one line when it fits; else the total goes on a line of its own, under the `=`."""

    label: str
    rhs: str
    total: str

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        line = Text.assemble((self.label, "bold"), " = ", self.rhs, " = ", (self.total, "bold cyan"))
        if cell_len(line.plain) <= options.max_width:
            yield line
            return
        # too wide: break the sum between terms, continuation lines indented under the first term
        indent = " " * (cell_len(self.label) + 3)
        current = Text.assemble((self.label, "bold"), " = ")
        for k, term in enumerate(self.rhs.split(" + ")):
            piece = term if k == 0 else " + " + term
            if k and cell_len(current.plain) + cell_len(piece) + 2 > options.max_width:  # room for " +"
                yield current.append(" +")
                current, piece = Text(indent), term
            current.append(piece)
        yield current
        yield Text.assemble(" " * (cell_len(self.label) + 1), "= ", (self.total, "bold cyan"))


class _Writer:
    def __init__(self, precision: int, max_terms: int, max_keys: int | None = None) -> None:
        self.max_keys = max_keys
        self.precision = precision
        self.max_terms = max_terms

    def num(self, value: float) -> str:
        return fmt(float(value), self.precision)

    def factor(self, value: float) -> str:
        text = self.num(value)
        return f"({text})" if text.startswith("-") else text

    def terms(self, pairs: Sequence[tuple[float, float]], extra: str | None = None) -> str:
        """`a×b + a×b + … 380 more terms … + a×b`, with `extra` (a bias) appended."""
        first, last, left = _elide(pairs, self.max_terms)
        parts = [f"{self.factor(a)}×{self.factor(b)}" for a, b in first]
        if left:
            parts.append(t("focus.more_terms", n=left))
        parts += [f"{self.factor(a)}×{self.factor(b)}" for a, b in last]
        if extra is not None:
            parts.append(extra)
        return " + ".join(parts)

    def equation(self, label: str, rhs: str, total: float) -> Equation:
        return Equation("  " + label, rhs, self.num(total))

    def keys(self, items: Sequence, make) -> list[RenderableType]:
        """One or more lines per key, the middle of a long sentence's keys left out (--rows sets how many)."""
        first, last, left = _elide(items, self.max_keys) if self.max_keys is not None else (list(items), [], 0)
        out = [line for x in first for line in make(x)]
        if left:
            out.append(Text("  " + t("focus.more_keys", n=left), style="dim"))
        return out + [line for x in last for line in make(x)]

    def lines(self, items: Sequence, make) -> list[RenderableType]:
        """One line per item, eliding the middle of a long list of components."""
        first, last, left = _elide(items, self.max_terms)
        out = [make(x) for x in first]
        if left:
            out.append(Text("  " + t("focus.more_components", n=left), style="dim"))
        return out + [make(x) for x in last]


def _heading(text: str) -> Text:
    return Text(text, style="bold yellow")


def _why(text: str) -> Text:
    return Text("  " + text, style="dim")


def _projection_lines(w: _Writer, p: Projection, label: str) -> list[RenderableType]:
    def line(c: int) -> Equation:
        extra = None if p.bias is None else f"{w.factor(p.bias[c])} (b)"
        pairs = list(zip(p.row, p.W[:, c], strict=True))
        return w.equation(f"{label}[{c}]", w.terms(pairs, extra), p.result[c])

    return w.lines(range(len(p.result)), line)


def _head_sections(f: Focus, hf: HeadFocus, w: _Writer) -> list[RenderableType]:
    labels = token_labels(f.tokens)
    me = labels[f.query]
    title = Text(t("focus.title", token=me, pos=f.query, layer=f.layer, head=hf.head), style="bold magenta")
    source = f.input_name

    # 1) q = x·W_Q
    q = [title, _heading(t("focus.q")), _why(t("focus.input", token=me, source=source))]
    q += _projection_lines(w, hf.q, "q")

    # 2) k_j and v_j for the keys it meets
    kv: list[RenderableType] = [_heading(t("focus.kv", token=me))]
    kv += w.keys(list(zip(hf.keys, hf.values, strict=True)), lambda kvp: [
        *_projection_lines(w, kvp[0], f"k[{labels[kvp[0].token]}]"),
        *_projection_lines(w, kvp[1], f"v[{labels[kvp[1].token]}]")])

    # 3) the scores q·k_j, then ÷ √d_k
    root = hf.d_k ** 0.5
    sc: list[RenderableType] = [_heading(t("focus.dot", d_k=hf.d_k, root=w.num(root))), _why(t("why.scaled"))]
    if f.scored != ("Q", "K"):  # rotary positions (and grouped K/V): the scores use the rotated rows
        sc.append(_why(t("focus.rotated", q=f.scored[0], k=f.scored[1], layer=f.layer)))

    def dot_lines(d) -> list[RenderableType]:
        key = labels[d.key]
        pairs = list(zip(d.q, d.k, strict=True))
        return [w.equation(f"s[{key}] = q·k[{key}]", w.terms(pairs), d.score),
                w.equation(f"s[{key}] / √{hf.d_k}", f"{w.num(d.score)} / {w.num(root)}", d.scaled)]

    sc += w.keys(hf.dots, dot_lines)

    # 4) softmax: subtract the row maximum, exp, add up, divide
    sm = hf.softmax
    soft: list[RenderableType] = [_heading(t("focus.softmax", m=w.num(sm.row_max))), _why(t("focus.softmax.why"))]

    def exp_line(j: int) -> list[RenderableType]:
        tok = labels[j]
        if not sm.allowed[j]:
            return [Text.assemble(("  " + f"e[{tok}]", "bold"), " = exp(−∞) = 0   ", (t("focus.masked"), "dim"))]
        # the difference of the printed operands, so the subtraction checks out by hand
        shifted = shown_difference(sm.scaled[j], sm.row_max, w.precision)
        rhs = f"exp({w.num(sm.scaled[j])} − {w.factor(sm.row_max)}) = exp({shifted})"
        return [w.equation(f"e[{tok}]", rhs, sm.exps[j])]

    soft += w.keys(range(len(labels)), exp_line)
    allowed = [j for j in range(len(labels)) if sm.allowed[j]]
    first, last, left = _elide(allowed, w.max_terms)
    parts = [w.num(sm.exps[j]) for j in first] + ([t("focus.more_terms", n=left)] if left else [])
    parts += [w.num(sm.exps[j]) for j in last]
    soft.append(w.equation("Σ e", " + ".join(parts), sm.total))

    def weight_line(j: int) -> list[RenderableType]:
        tok = labels[j]
        if sm.allowed[j]:
            return [w.equation(f"w[{tok}]", f"{w.num(sm.exps[j])} / {w.num(sm.total)}", sm.weights[j])]
        return [Text.assemble(("  " + f"w[{tok}]", "bold"), " = ", (w.num(sm.weights[j]), "bold cyan"))]

    soft += w.keys(range(len(labels)), weight_line)

    # 5) z = Σ_j w_j·v_j
    ws = hf.z
    zs: list[RenderableType] = [_heading(t("focus.z")), _why(t("why.Z"))]

    def z_line(c: int) -> Equation:
        pairs = [(ws.weights[j], ws.V[j, c]) for j in allowed]
        return w.equation(f"z[{c}]", w.terms(pairs), ws.z[c])

    zs += w.lines(range(len(ws.z)), z_line)
    return [Group(*q), Group(*kv), Group(*sc), Group(*soft), Group(*zs)]


def focus_pages(f: Focus, precision: int = 3, max_terms: int = 8,
                max_keys: int | None = DEFAULT_ROWS) -> list[RenderableType]:
    """The worked arithmetic as a list of sections (one per step of each head), for --step to pause between."""
    w = _Writer(precision, max_terms, max_keys)
    pages = [section for hf in f.heads for section in _head_sections(f, hf, w)]
    if pages:  # said once, before the first line of arithmetic
        pages[0] = Group(Prose(t("focus.rounding", precision=precision)), pages[0])
    return pages


def render_focus(f: Focus, precision: int = 3, max_terms: int = 8,
                 max_keys: int | None = DEFAULT_ROWS) -> RenderableType:
    return Group(*focus_pages(f, precision, max_terms, max_keys))
