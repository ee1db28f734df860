"""JSON from a file, read with bounds: every JSON file attntrace reads (traces, npz meta, a checkpoint's
config.json and index) goes through `loads`.

Python's own json.loads turns an integer of more than 4,300 digits into a ValueError about its digit
limit, and a document nested some thousand levels deep into a RecursionError; neither says where the
problem is. Here both are a `JsonLimitError` (a ValueError) with the place in the text.
"""

from __future__ import annotations

import json
import re

from .i18n import Message

# No number attntrace reads is anywhere near this long (the sizes are at most 65 536, a seed a few dozen
# digits); a longer integer is hostile or a mistake, and is refused before Python converts it.
MAX_INT_DIGITS = 100
# where such an integer stands: after [ , or : and before , ] } or the end (not inside a string, mostly)
_LONG_INT = re.compile(rf"(?<=[\[,:])\s*(-?[0-9]{{{MAX_INT_DIGITS + 1},}})(?=\s*(?:[,\]}}]|$))")


class JsonLimitError(Message, ValueError):
    """JSON past attntrace's bounds; `pos` is the offset in the text where it is (None: not known)."""

    def __init__(self, key: str, pos: int | None = None, **fields) -> None:
        super().__init__(key, **fields)
        self.pos = pos


class _LongInt(Exception):
    pass


def _parse_int(text: str) -> int:
    if len(text) > MAX_INT_DIGITS + 1:  # a sign and MAX_INT_DIGITS digits
        raise _LongInt
    return int(text)


def loads(text: str, parse_constant=None):
    """json.loads(text), with long integers and deep nesting a JsonLimitError. JSONDecodeError as usual."""
    try:
        return json.loads(text, parse_int=_parse_int, parse_constant=parse_constant)
    except _LongInt:
        match = _LONG_INT.search(text)
        raise JsonLimitError("json.long_int", pos=match.start(1) if match else None,
                             digits=len(match.group(1).lstrip("-")) if match else MAX_INT_DIGITS + 1,
                             limit=MAX_INT_DIGITS) from None
    except RecursionError:
        raise JsonLimitError("json.too_deep") from None
