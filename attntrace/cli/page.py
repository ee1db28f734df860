"""--page FILE for explain and show: the CLI side of the interactive page (the work is in attntrace.interactive)."""

from __future__ import annotations

from .common import check_writable, notice, usage_error, write_text

# What a checkpoint's page holds when the user chose nothing: every attention step and each layer's output,
# which the four views need. The feed-forward activations of a 40-token MiniLM trace alone would double it.
MODEL_PAGE_STEPS = ["embed.*", "X", "blocks.*.attn.*", "blocks.*.out"]


def check_page(path: str | None, force: bool, command: str) -> None:
    """Before any work: --page needs a file name, and an existing file needs --force."""
    from ..i18n import t

    if path is None:
        return
    if path == "-":
        usage_error(t("error.page_stdout"), command)
    check_writable(path, force)


def page_trace(trace, steps, layer, head):
    """The trace the page is made of: the selection, or for a checkpoint with none, its attention steps."""
    from ..i18n import t

    if trace.config.model is None or steps or layer is not None or head is not None:
        return trace
    shown = trace.select(MODEL_PAGE_STEPS)
    if len(shown.steps) < len(trace.steps):
        notice(t("page.default_view", shown=len(shown.steps), total=len(trace.steps)))
    return shown


def write_page(path: str, trace, precision: int) -> None:
    """Build the page in the current language and write it atomically."""
    from ..i18n import t
    from ..interactive.build import page_html

    write_text(path, page_html(trace, precision))
    notice(t("notice.wrote", what=t("notice.page"), path=path))
