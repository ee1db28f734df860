"""What `homework check` shows for one file: its findings per step, the line of a syntax error with a caret
under the column, and whether the file is ready to submit. Nothing here checks anything or prints."""

from __future__ import annotations

from ..i18n import t
from ..visible import visible
from .selfcheck import SelfCheck


def self_check_report(result: SelfCheck):
    """A Rich Text: a heading naming the file, the student and the variant, then one line per finding
    (✗ to fix, ! to know), the steps found right (✓), and the verdict."""
    from rich.cells import cell_len
    from rich.text import Text

    out = Text()
    who = result.student_id or "?"
    if result.student_id and result.name:
        who = f"{result.student_id} ({result.name})"
    heading = (t("hw.check.header", file=result.file, who=who, code=result.variant or "?")
               if result.student_id or result.variant else result.file)
    out.append(visible(heading), style="bold")
    out.append("\n")
    for issue in result.issues:
        mark, style = ("!", "yellow") if issue.warning else ("✗", "red")
        out.append(f"  {mark} ", style=style)
        if issue.step:
            name, _, rest = t("hw.check.step", step="\0").partition("\0")
            out.append(name + visible(issue.step), style="bold")
            out.append(rest)
        out.append(visible(str(issue.message)) + "\n")
        if issue.source is not None:
            shown = visible(issue.source)
            gutter = f"{issue.line} | "
            out.append(f"      {gutter}", style="dim")
            out.append(shown + "\n")
            out.append("      " + " " * len(gutter) + " " * cell_len(visible(issue.source[: issue.caret])))
            out.append("^\n", style="bold red")
    if result.good:
        out.append("  ✓ ", style="green")
        out.append(", ".join(result.good) + "\n")
    if not result.ready:
        out.append("  → " + t("hw.check.not_ready", n=len(result.errors)), style="bold red")
    elif result.ask is None:
        out.append("  → " + t("hw.check.ready_unsealed", n=len(result.good)), style="bold yellow")
    else:
        out.append("  → " + t("hw.check.ready", n=len(result.good)), style="bold green")
    return out
