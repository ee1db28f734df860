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
        """The pages to print for the selected `trace` (render.pages.command_pages); a --focus that names no
        token is a usage error, one the trace cannot show a failure."""
        from ..render.pages import command_pages

        worked = self.worked() if self.focus is not None else None
        return command_pages(trace, self.view, precision, self.rows, path=self.command in ("explain", "show"),
                             path_total=self.path_total, step=self.step, focus=worked, source=self.source)

    def worked(self):
        """The worked arithmetic of --focus, on the whole trace (teach.focus.focus_on)."""
        from ..teach.focus import FocusError, TokenChoiceError, focus_on

        try:
            return focus_on(self.source, self.focus, self.layer, self.head)
        except TokenChoiceError as e:
            usage_error(str(e), self.command)
        except FocusError as e:
            fail(str(e))


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
