"""NaN and infinity in a trace (the numbers overflowed, most likely from very large weights): where they may go.

    the screen  shown as they are (nan, inf; `?` in the pictures), under a notice naming the first such step
    page        shown as they are (the page keeps such values as text)
    json        refused: JSON has no NaN or infinity, and reading a trace refuses the usual extensions
    npz         refused: reading an archive refuses them, so the file would not load back

A command checks every output it was asked for before it writes the first, so no half of them is left.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..i18n import Message
from ..trace_data import Trace
from .json import UnwritableTraceError

KEEPS_NONFINITE = {"screen": True, "page": True, "json": False, "npz": False}  # output -> may it hold them


@dataclass(frozen=True)
class NotFinite:
    """Where a trace first holds NaN or infinity, and what that allows."""

    step: str  # the first step (in computation order) holding one

    def allows(self, output: str) -> bool:
        """May `output` ("screen", "page", "json" or "npz") hold the trace?"""
        return KEEPS_NONFINITE[output]

    def error(self) -> UnwritableTraceError:
        """Why a file format refuses the trace."""
        return UnwritableTraceError("trace.write_nan", name=self.step)

    def notice(self) -> Message:
        """What the screen says above the numbers."""
        return Message("notice.not_finite", name=self.step)


def not_finite(trace: Trace) -> NotFinite | None:
    """Where `trace` first holds NaN or infinity, or None when every value is finite."""
    step = trace.first_nonfinite()
    return None if step is None else NotFinite(step)


def check_writable(trace: Trace, output: str) -> None:
    """Raise UnwritableTraceError when `output` may not hold `trace` (see the table above)."""
    bad = not_finite(trace)
    if bad is not None and not bad.allows(output):
        raise bad.error()
