"""Text from a file or a user, made safe to show: control characters become visible escapes.

A token, a student id or a file name can hold ESC (a terminal would clear the screen, set the window
title or draw a link), NUL (invalid in XML and CSV), a lone surrogate (no encoding can write it) or a
bidirectional override (it reorders what a reader sees). Everywhere such text reaches a screen, a CSV,
an SVG or an HTML page it goes through `visible`, so the reader sees `\\x1b` instead of its effect.
"""

from __future__ import annotations

import re

# C0 and C1 controls, DEL, lone surrogates, and the bidirectional embeddings, overrides and isolates.
_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str) -> str:
    """`text` with every control character written as a visible escape (`\\x1b`, `\\u202e`)."""
    return _UNSAFE.sub(_escape, text)


def is_visible(text: str) -> bool:
    """True when `visible(text)` would change nothing."""
    return _UNSAFE.search(text) is None
