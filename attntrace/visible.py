"""Text from a file or a user, made safe to show: control characters become visible escapes.

A token, a student id or a file name can hold ESC (a terminal would clear the screen, set the window
title or draw a link), NUL (invalid in XML and CSV), a lone surrogate (no encoding can write it) or a
bidirectional override (it reorders what a reader sees). Everywhere such text reaches a screen, a CSV,
an SVG or an HTML page it goes through `visible`, so the reader sees `\\x1b` instead of its effect.
"""

from __future__ import annotations

import re

_C0_DEL = r"\x00-\x1f\x7f"  # the C0 controls and DEL
CONTROL = re.compile(f"[{_C0_DEL}]")  # what a TOML or JSON basic string must write as \uXXXX
# The above, the C1 controls, lone surrogates, and the bidirectional embeddings, overrides and isolates.
_UNSAFE = re.compile(rf"[{_C0_DEL}\x80-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str) -> str:
    """`text` with every control character written as a visible escape (`\\x1b`, `\\u202e`)."""
    return _UNSAFE.sub(_escape, text)


def is_visible(text: str) -> bool:
    """True when `visible(text)` would change nothing."""
    return _UNSAFE.search(text) is None


def visible_lines(text: str) -> str:
    """`visible`, keeping line breaks (a rendered segment may end a line)."""
    return "\n".join(map(visible, text.split("\n"))) if "\n" in text else visible(text)


# --- the safety net for Rich ------------------------------------------------------------------------------
# Renderers call `visible` on file and user text where they lay it out (so widths are right); every console
# attntrace prints to also passes what it renders through `visible_lines`, so a string a renderer missed
# still reaches the terminal, the SVG and the HTML as escapes, never as raw ESC or NUL.


class _Visible:
    """A renderable whose segments have their control characters shown as escapes."""

    def __init__(self, renderable) -> None:
        self.renderable = renderable

    def __rich_console__(self, console, options):
        from rich.segment import Segment

        for segment in console.render(self.renderable, options):
            text = segment.text
            if segment.control or is_visible(text.replace("\n", "")):
                yield segment
            else:
                yield Segment(visible_lines(text), segment.style)

    def __rich_measure__(self, console, options):
        from rich.measure import Measurement

        return Measurement.get(console, options, self.renderable)


class _Hook:
    """A Rich render hook (see rich.console.RenderHook) wrapping everything printed in `_Visible`."""

    def process_renderables(self, renderables: list) -> list:
        return [_Visible(r) for r in renderables]


def safe_console(**options):
    """A rich.console.Console (same options) that never writes a control character taken from text."""
    from rich.console import Console

    console = Console(**options)
    console.push_render_hook(_Hook())
    return console
