"""The key for people: one variant picked out of key.json (`attntrace show key.json --variant s001`), and a
readable answer key per variant for TAs, in Markdown and LaTeX (`attntrace homework key-sheet`).

An answer key shows what the student's sheet gives, then each asked step with its formula, its points, the
exact answer to the sheet's decimals and how far from it a cell may be and still be right (the tolerance
grading uses, rounding carried through the steps included), so a TA marking by hand accepts what `grade`
accepts. Nothing here prints or touches files.
"""

from __future__ import annotations

import numpy as np

from ..i18n import Message, t
from ..trace_data import Trace
from .exercise import GIVEN, format_given, labels
from .generate import Variant
from .grade import tolerances
from .key import Key
from .roster import Student, safe_name
from .sheets import (
    _has_cjk,
    _md_table,
    _tex_table,
    formula,
    given_steps,
    latex_escape,
    latex_formula,
    md_escape,
    value,
)

MAX_LISTED = 8  # variant ids named when one must be chosen


class VariantError(Message, LookupError):
    """No variant, or more than one, answers to what was asked; the message lists some to choose from."""


def find_variant(key: Key, ref: str | None) -> tuple[Student, str, Trace]:
    """The variant of student id `ref`, or of variant code `ref` (3FA9-C21B, any case), or of file name
    `ref` (s001, as in students/s001.md). Without `ref`, the key's only variant. Raises VariantError."""
    items = list(key.variants.values())
    if ref is None:
        if len(items) == 1:
            return items[0]
        raise VariantError("hw.keysheet.choose", n=len(items), some=_some(key))
    wanted = ref.strip()
    for test in (lambda s, c: s.id == wanted, lambda s, c: c.casefold() == wanted.casefold(),
                 lambda s, c: s.file.casefold() == safe_name(wanted).casefold()):
        found = [(s, c, tr) for s, c, tr in items if test(s, c)]
        if found:
            return found[0]
    raise VariantError("hw.keysheet.unknown", ref=ref, n=len(items), some=_some(key))


def _some(key: Key) -> str:
    ids = [s.id or s.file for s, _c, _t in key.variants.values()]
    return ", ".join(ids[:MAX_LISTED]) + (", …" if len(ids) > MAX_LISTED else "")


def _variant(key: Key, student: Student, code: str, trace: Trace) -> Variant:
    return Variant(student=student, code=code, trace=trace)
