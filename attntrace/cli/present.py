"""How explain, show and compare print: the view, --focus, --step pauses, --svg/--html pictures.

The commands build pages (Rich renderables) with the library and hand them here; this module prints
them to stdout, pausing between pages with --step when input is a terminal, and saves exactly what
was printed as SVG or HTML. Only Typer is imported at module level.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass

from .common import check_writable, distinct_outputs, fail, notice, out_console, usage_error, write_text
from .options import ROWS_DEFAULT


def start(lang) -> None:
    """Set the language first, so every message of the command (errors too) is in it."""
    from ..i18n import set_lang

    set_lang(lang.value if lang is not None else None)


def pause(stdin=None, prompt: str | None = None) -> bool:
    """After a page with --step: wait for a key (True: go on) or q (False: stop). A terminal that allows it
    answers with one key press; otherwise a line (Enter). Never waits when input is not a terminal (a pipe,
    a script, a test), so --step cannot hang anything."""
    stdin = sys.stdin if stdin is None else stdin
    try:
        if not stdin.isatty():
            return True
    except (AttributeError, ValueError):  # a closed or odd stream is no terminal
        return True
    from ..i18n import t
    from .common import err_console

    console = err_console()
    console.print(prompt or t("step.prompt"), end="", style="dim", highlight=False)
    key = read_key(stdin)
    if key is None:  # no single keys here: a line, ended by Enter
        line = stdin.readline()
        return bool(line) and line.strip().lower() not in ("q", "quit")
    console.print()  # the key is not echoed: end the prompt's line
    return key not in ("", "q", "Q", "\x04")  # \x04: Ctrl-D, which has no end-of-input meaning key by key


def read_key(stdin) -> str | None:
    """One key press from a terminal, without waiting for Enter ("" at end of input), or None where the
    terminal cannot be switched to read keys one by one (Windows, a stream without a file descriptor)."""
    try:
        import os
        import termios
        import tty
    except ImportError:  # not a POSIX system
        return None
    try:
        fd = stdin.fileno()
        saved = termios.tcgetattr(fd)
    except (AttributeError, ValueError, OSError, termios.error):  # io.UnsupportedOperation is an OSError
        return None
    try:
        tty.setcbreak(fd, termios.TCSANOW)  # keys one by one, typed-ahead ones kept; Ctrl-C still interrupts
        return os.read(fd, 1).decode("utf-8", "replace")
    finally:
        termios.tcsetattr(fd, termios.TCSADRAIN, saved)


@dataclass
class Display:
    """The display options of a command, and what they need from it."""

    view: str = "steps"
    focus: str | None = None  # token text, text@position or position
    step: bool = False
    svg: str | None = None
    html: str | None = None
    command: str = "explain"
    source: object = None  # the whole trace, before --steps/--layer/--head, for --focus
    layer: int | None = None
    head: int | None = None
    rows: int | None = int(ROWS_DEFAULT)  # rows shown of each matrix (None: all)
    quiet: bool = False  # --quiet: draw only for the --svg/--html pictures, print nothing on stdout
    path_total: int | None = None  # steps of the trace when only its attention path is shown

    def check(self, force: bool) -> None:
        """Before any work: refuse to overwrite a picture file (unless --force)."""
        from ..i18n import t

        distinct_outputs(self.command, svg=self.svg, html=self.html)
        for path in (self.svg, self.html):
            if path == "-":
                usage_error(t("error.picture_stdout"), self.command)
            if path is not None:
                check_writable(path, force)

    @property
    def records(self) -> bool:
        return self.svg is not None or self.html is not None

    def pages(self, trace, precision: int) -> list:
        """The pages to print for the selected `trace`: the view's, then the worked arithmetic of --focus.
        The steps of explain and show come with the attention path's guide (render.path.PathGuide)."""
        guide = None
        if self.view == "steps" and self.command in ("explain", "show"):
            from ..render.path import PathGuide

            guide = PathGuide(trace, precision, self.path_total)
        if self.focus is None and self.view == "steps" and not self.step:
            from ..render.tables import render_trace  # the same output in one piece, without loading the views

            return [render_trace(trace, precision, self.rows, guide)]
        from ..render.views import view_pages

        if self.focus is None:
            from ..render.path import untrained

            warning = untrained(trace) if guide is None else None  # a picture view: the warning under its header
            return view_pages(trace, self.view, precision, self.rows, guide, notes=[warning] if warning else [])
        pages = view_pages(trace, self.view, precision, self.rows) if self.view != "steps" else []
        return pages + self.focus_pages(precision, with_header=not pages)

    def focus_pages(self, precision: int, with_header: bool) -> list:
        from rich.console import Group

        from ..labels import TokenChoiceError, resolve_in
        from ..render.focus import focus_pages
        from ..render.tables import header
        from ..teach.focus import FocusError, focus

        full = self.source
        try:
            query = resolve_in(full, self.focus)
            worked = focus(full, query, 0 if self.layer is None else self.layer, self.head)
        except TokenChoiceError as e:
            usage_error(str(e), self.command)
        except FocusError as e:
            fail(str(e))
        from ..render.path import untrained

        pages = focus_pages(worked, precision)
        if with_header and pages:
            warning = untrained(full)
            pages[0] = Group(header(full), *([warning] if warning is not None else []), pages[0])
        return pages


def show_pages(pages: list, display: Display | None, quiet: bool = False) -> None:
    """Print the pages (pausing with --step), then save what was printed with --svg/--html.

    `quiet` (for `--json -`, which keeps stdout for the JSON, and for --quiet): print nothing, but still draw
    the pictures."""
    from ..i18n import t

    display = display or Display()
    quiet = quiet or display.quiet
    if quiet and not display.records:
        return
    console = out_console()
    if display.records:
        import io

        from ..visible import safe_console

        # a fresh recording console, so the picture holds this command's output and nothing earlier
        console = safe_console(record=True, file=io.StringIO() if quiet else None,
                          width=console.width if quiet else None)
    if not (display.step and not quiet):
        from rich.console import Group

        console.print(Group(*pages))  # one print: the same output as page by page, a little faster
    else:
        for k, page in enumerate(pages):
            console.print(page)
            if k < len(pages) - 1 and not pause(prompt=t("step.prompt.at", k=k + 1, n=len(pages))):
                break
    if display.svg is not None:
        write_text(display.svg, console.export_svg(title="attntrace", clear=False))
        notice(t("notice.wrote", what=t("notice.svg"), path=display.svg))
    if display.html is not None:
        write_text(display.html, console.export_html(inline_styles=True, clear=False))
        notice(t("notice.wrote", what=t("notice.html"), path=display.html))
