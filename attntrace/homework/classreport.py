"""The class after grading, drawn: the terminal summary (80 columns, names, what each step and each problem
was), the statistics on the terminal, and the report as Markdown, HTML and an SVG histogram.

Nothing here computes a grade or a statistic (`stats.class_stats` does) or prints. The terminal shows ids
and names (the teacher's screen); the Markdown/HTML report names no student, so it can be shown to a class.
"""

from __future__ import annotations

import html

from ..i18n import t
from ..visible import visible
from .feedback import number
from .grade import BLANK, NOT_SUBMITTED, PROBLEM, Result
from .key import Key
from .sheets import md_escape
from .stats import ClassStats, Histogram, MistakeStats

WIDTH = 80
MAX_ROWS = 60  # a terminal summary, not the gradebook: the CSV has every row
MAX_PROBLEMS = 2  # per student on the terminal; the feedback file has them all
BAR = 40  # the longest bar of the terminal histogram, in cells


def short(x: float | None) -> str:
    """Points on the screen, to 2 places: 0.9167 -> "0.92", 2.0 -> "2" (the CSV has 4)."""
    if x is None:
        return ""
    text = f"{x:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def percent(x: float | None) -> str:
    return "-" if x is None else f"{x:.0%}"


def fit(text: str, width: int) -> str:
    """`text` cut to `width` terminal cells, with "…" when cut (wide characters count two)."""
    from rich.cells import cell_len, set_cell_size

    if cell_len(text) <= width:
        return text
    return set_cell_size(text, max(0, width - 1)) + "…" if width > 0 else ""


def _status(r: Result) -> str:
    return t("hw.status." + r.status.replace(" ", "_"))


def _shown_rows(results: list[Result], max_rows: int) -> list[Result]:
    """With more than `max_rows` students: every row with a problem, then the first others."""
    if len(results) <= max_rows:
        return results
    keep = {id(r) for r in results if r.status == PROBLEM}
    keep |= {id(r) for r in [r for r in results if id(r) not in keep][: max(0, max_rows - len(keep))]}
    return [r for r in results if id(r) in keep]


def summary_table(results: list[Result], key: Key, max_rows: int = MAX_ROWS, width: int = WIDTH):
    """The grades on the terminal, within `width` columns: id and name (cut with … to fit), points per step
    (to 2 places; the step's points possible under its name), total and status; under it what each step
    asks and what each problem was."""
    from rich import box
    from rich.cells import cell_len
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    shown = _shown_rows(results, max_rows)
    cells = [[short(r.steps[s].points) if s in r.steps else "" for s in key.ask] for r in shown]
    heads = [(s, "/" + number(key.rules.points[s])) for s in key.ask]
    total_head = (t("hw.summary.total"), "/" + number(key.points_possible))
    statuses = [_status(r) for r in shown]

    def need(column: list[str], head: tuple[str, str]) -> int:
        return max([cell_len(head[0]), cell_len(head[1]), *map(cell_len, column)])

    step_w = [need([c[k] for c in cells], heads[k]) for k in range(len(key.ask))]
    total_w = need([short(r.total) for r in shown], total_head)
    status_w = need(statuses, (t("hw.summary.status"), ""))
    ids = [visible(r.student_id or r.file or "?") for r in shown]
    names = [visible(r.name) for r in shown]
    room = width - sum(step_w) - total_w - status_w - (len(key.ask) + 3)  # one space between columns
    id_w = min(max([cell_len(t("hw.summary.id")), *map(cell_len, ids)]), max(4, room // 2))
    name_w = min(max(0, room - id_w), max([cell_len(t("hw.summary.name")), *map(cell_len, names)]))

    # SIMPLE_HEAD draws a space between columns: no padding, so each gap is one cell
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, padding=0, show_edge=False,
                  title=t("hw.summary.title"), title_justify="left")
    table.add_column(Text(fit(t("hw.summary.id"), id_w)), width=id_w, no_wrap=True)
    if name_w >= 3:  # a terminal too narrow for names: the CSV has them
        table.add_column(Text(fit(t("hw.summary.name"), name_w)), width=name_w, no_wrap=True)
    for (head, possible), w in zip(heads, step_w, strict=True):
        table.add_column(Text(f"{head}\n{possible}"), justify="right", width=w, no_wrap=True)
    table.add_column(Text(f"{total_head[0]}\n{total_head[1]}"), justify="right", width=total_w, no_wrap=True,
                     style="bold")
    table.add_column(Text(t("hw.summary.status")), width=status_w, no_wrap=True)
    for r, sid, name, row, status in zip(shown, ids, names, cells, statuses, strict=True):
        style = "red" if r.status == PROBLEM else "dim" if r.status in (NOT_SUBMITTED, BLANK) else "green"
        named = [Text(fit(name, name_w))] if name_w >= 3 else []
        table.add_row(Text(fit(sid, id_w)), *named, *row, short(r.total), Text(status, style=style))

    graded = [r.total for r in results if r.total is not None]
    parts: list = [table]
    parts.append(Text(t("hw.summary.caption", graded=len(graded), problems=sum(r.status == PROBLEM for r in results),
                        mean=short(sum(graded) / len(graded)) if graded else "-",
                        possible=number(key.points_possible))))
    if len(shown) < len(results):
        parts.append(Text(t("hw.summary.cut", shown=len(shown), total=len(results)), style="dim"))
    parts += [Text(line, style="dim") for line in _packed([t("hw.report.steps_are"), *_formulas(key)], width)]
    troubled = [r for r in shown if r.problems]
    if troubled:
        parts.append(Text(t("hw.report.problems"), style="bold"))
        for r in troubled:
            listed = [visible(str(p)) for p in r.problems[:MAX_PROBLEMS]]
            more = len(r.problems) - MAX_PROBLEMS
            if more > 0:
                listed.append(t("hw.report.more_problems", n=more))
            person = " ".join(x for x in (visible(r.student_id or r.file or "?"), visible(r.name)) if x)
            parts.append(Text("  " + t("hw.report.problem_line", who=person,
                                       problems=t("hw.report.problem_sep").join(listed))))
    return Group(*parts)


def _packed(items: list[str], width: int, gap: str = "   ") -> list[str]:
    """`items` on as few lines of `width` cells as fit, never one cut across two lines."""
    from rich.cells import cell_len

    lines: list[str] = []
    for item in items:
        if lines and cell_len(lines[-1] + gap + item) <= width:
            lines[-1] += gap + item
        else:
            lines.append(item)
    return lines


def _formulas(key: Key) -> list[str]:
    from .stats import step_formula

    return [step_formula(key, s) for s in key.ask]


# --- statistics: shared wording ------------------------------------------------------------------------


def _headline(st: ClassStats) -> str:
    return t("hw.report.counts", rows=st.n_rows, graded=st.n_graded, problems=st.n_problem, blank=st.n_blank,
             missing=st.n_not_submitted)


def _totals_line(st: ClassStats) -> str:
    if st.n_graded == 0:
        return t("hw.report.none_graded")
    return t("hw.report.totals", mean=short(st.mean), median=short(st.median), low=short(st.low),
             high=short(st.high), possible=number(st.possible))


def _bin_label(h: Histogram, i: int) -> str:
    return f"{short(h.edges[i])}–{short(h.edges[i + 1])}"


def _cell_line(c) -> str:
    cell = t("hw.report.cell", step=c.step, row=c.row + 1, col=c.col + 1)
    return t("hw.report.cell_line", cell=cell, missed=c.missed, answered=c.answered)


def _mistake_label(m: MistakeStats) -> str:
    from ..i18n import MESSAGES

    if m.kind in MESSAGES:
        try:
            return t(m.kind, **m.fields)
        except (KeyError, IndexError, ValueError):  # a diagnosis whose sentence needs fields it did not keep
            return m.kind
    return m.kind


def _mistake_count(m: MistakeStats) -> str:
    return t("hw.report.mistake_count", step=m.step, what=_mistake_label(m), n=m.count)


# --- statistics on the terminal ------------------------------------------------------------------------


def stats_renderable(st: ClassStats, width: int = WIDTH):
    """The class statistics for the terminal: counts, totals, a table per step, the histogram drawn in text,
    the most-missed cells and the most common mistakes (with the students' ids)."""
    from rich import box
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    parts: list = [Text(t("hw.report.title"), style="bold"), Text(_headline(st)), Text(_totals_line(st))]
    if st.n_graded == 0:
        return Group(*parts)
    steps = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False, padding=0)
    steps.add_column(t("hw.report.step"), no_wrap=True)
    steps.add_column(t("hw.report.mean"), justify="right", no_wrap=True)
    steps.add_column(t("hw.report.right"), justify="right", no_wrap=True)
    steps.add_column(t("hw.report.formula"), overflow="fold")
    for s in st.steps:
        steps.add_row(s.step, f"{short(s.mean)}/{number(s.possible)}", percent(s.share_right), Text(s.formula))
    parts.append(steps)
    parts.append(Text(t("hw.report.histogram"), style="bold"))
    h = st.histogram
    labels = [_bin_label(h, i) for i in range(len(h.counts))]
    label_w = max(map(len, labels))
    top = max(h.counts) or 1
    bar = max(4, min(BAR, width - label_w - 8))
    for label, n in zip(labels, h.counts, strict=True):
        parts.append(Text(f"  {label:>{label_w}} │" + "█" * round(bar * n / top) + f" {n}"))
    if st.cells:
        parts.append(Text(t("hw.report.cells"), style="bold"))
        for c in st.cells:
            parts.append(Text("  " + _cell_line(c)))
    if st.mistakes:
        parts.append(Text(t("hw.report.mistakes"), style="bold"))
        for m in st.mistakes:
            ids = ", ".join(visible(x) for x in m.students[:6]) + (", …" if len(m.students) > 6 else "")
            parts.append(Text("  " + t("hw.report.mistake_line", step=m.step, what=_mistake_label(m), n=m.count,
                                       ids=ids)))
    return Group(*parts)


# --- the report: Markdown, HTML, SVG -------------------------------------------------------------------


def stats_markdown(st: ClassStats, svg_file: str | None = None) -> str:
    """The report as Markdown; `svg_file` (a path relative to the report) is shown as the histogram image."""
    out = [f"# {md_escape(t('hw.report.title'))}", "", md_escape(_headline(st)), "", md_escape(_totals_line(st)), ""]
    if st.n_graded == 0:
        return "\n".join(out).rstrip() + "\n"
    out += [f"## {md_escape(t('hw.report.by_step'))}", "",
            f"| {t('hw.report.step')} | {t('hw.report.formula')} | {t('hw.report.mean')} | {t('hw.report.right')} |",
            "|---|---|---:|---:|"]
    out += [f"| {md_escape(s.step)} | {md_escape(s.formula)} | {short(s.mean)} / {number(s.possible)} | "
            f"{percent(s.share_right)} |" for s in st.steps]
    out += ["", f"## {md_escape(t('hw.report.histogram'))}", ""]
    if svg_file:
        out += [f"![{md_escape(t('hw.report.histogram'))}]({svg_file})", ""]
    h = st.histogram
    out += [f"| {t('hw.report.bin')} | {t('hw.report.students')} |", "|---|---:|"]
    out += [f"| {_bin_label(h, i)} | {n} |" for i, n in enumerate(h.counts)]
    if st.cells:
        out += ["", f"## {md_escape(t('hw.report.cells'))}", ""]
        out += [f"- {md_escape(_cell_line(c))}" for c in st.cells]
    if st.mistakes:
        out += ["", f"## {md_escape(t('hw.report.mistakes'))}", ""]
        out += [f"- {md_escape(_mistake_count(m))}" for m in st.mistakes]
    return "\n".join(out).rstrip() + "\n"


def stats_html(st: ClassStats) -> str:
    """The report as one HTML page, the histogram inline as SVG; every text is escaped."""
    e = html.escape
    body = [f"<h1>{e(t('hw.report.title'))}</h1>", f"<p>{e(_headline(st))}</p>", f"<p>{e(_totals_line(st))}</p>"]
    if st.n_graded:
        rows = "".join(f"<tr><td>{e(s.step)}</td><td>{e(s.formula)}</td><td class=n>{short(s.mean)} / "
                       f"{number(s.possible)}</td><td class=n>{percent(s.share_right)}</td></tr>" for s in st.steps)
        body += [f"<h2>{e(t('hw.report.by_step'))}</h2>",
                 f"<table><tr><th>{e(t('hw.report.step'))}</th><th>{e(t('hw.report.formula'))}</th>"
                 f"<th>{e(t('hw.report.mean'))}</th><th>{e(t('hw.report.right'))}</th></tr>{rows}</table>",
                 f"<h2>{e(t('hw.report.histogram'))}</h2>", histogram_svg(st, standalone=False)]
        if st.cells:
            items = "".join(f"<li>{e(_cell_line(c))}</li>" for c in st.cells)
            body += [f"<h2>{e(t('hw.report.cells'))}</h2>", f"<ul>{items}</ul>"]
        if st.mistakes:
            items = "".join(f"<li>{e(_mistake_count(m))}</li>" for m in st.mistakes)
            body += [f"<h2>{e(t('hw.report.mistakes'))}</h2>", f"<ul>{items}</ul>"]
    style = ("body{font-family:system-ui,sans-serif;max-width:50em;margin:2em auto;padding:0 1em}"
             "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2em .6em}.n{text-align:right}")
    from ..i18n import get_lang

    return (f"<!DOCTYPE html>\n<html lang=\"{e(get_lang())}\"><head><meta charset=\"utf-8\"><title>"
            + e(t("hw.report.title"))
            + f"</title><style>{style}</style></head><body>\n" + "\n".join(body) + "\n</body></html>\n")


def histogram_svg(st: ClassStats, standalone: bool = True) -> str:
    """The histogram of totals as SVG: one bar per bin, its count above it, the bin under it."""
    e = html.escape
    h = st.histogram
    n = len(h.counts)
    bar_w, gap, plot_h, left, top, bottom = 44, 6, 200, 40, 30, 50
    width = left + n * (bar_w + gap) + 20
    height = top + plot_h + bottom
    highest = max(h.counts) or 1
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="12">',
             f"<title>{e(t('hw.report.histogram'))}</title>",
             f'<line x1="{left}" y1="{top + plot_h}" x2="{width - 10}" y2="{top + plot_h}" stroke="#333"/>']
    for i, count in enumerate(h.counts):
        x = left + i * (bar_w + gap)
        bh = round(plot_h * count / highest)
        parts.append(f'<rect x="{x}" y="{top + plot_h - bh}" width="{bar_w}" height="{bh}" fill="#4878a8">'
                     f"<title>{e(_bin_label(h, i))}: {count}</title></rect>")
        parts.append(f'<text x="{x + bar_w / 2}" y="{top + plot_h - bh - 4}" text-anchor="middle">{count}</text>')
        parts.append(f'<text x="{x + bar_w / 2}" y="{top + plot_h + 16}" text-anchor="middle" font-size="10">'
                     f"{e(_bin_label(h, i))}</text>")
    parts.append(f'<text x="{left + n * (bar_w + gap) / 2}" y="{height - 10}" text-anchor="middle">'
                 f"{e(t('hw.report.axis', possible=number(st.possible)))}</text>")
    parts.append("</svg>")
    head = '<?xml version="1.0" encoding="UTF-8"?>\n' if standalone else ""
    return head + "\n".join(parts) + "\n"
