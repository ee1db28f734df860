"""`attntrace verify` as a library: check a trace, diagnose its first wrong step, report it as plain data.

    >>> v = verify("my_trace.json")          # a path, JSON text, a dict or a Trace
    >>> v.ok, v.first_wrong and v.first_wrong.name, v.hint and v.hint.message

Strict by default: a trace passes only when every step it holds was checked and is right. Step names
attntrace does not know, steps that could not be checked (what they need is missing) and steps the config's
model has no place for make `ok` false; `strict=False` (the CLI's --lenient) counts only wrong steps.
A trace that says it holds some of the heads (`heads`, as explain --head writes it) cannot have its sums
over every head (attn.out) checked by construction: those are `in_subset`, a note, not a failure.

No printing and no files: the CLI (attntrace/cli/verify.py) prints `render.verify.render_verification(v)`
and writes `json.dumps(v.to_dict())`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ..i18n import Message
from ..labels import cell_label
from ..trace_data import Trace
from .diagnose import Hint, diagnose
from .engine import (
    ALL_HEADS,
    DEFAULT_ATOL,
    DEFAULT_RTOL,
    MISSING,
    NOT_CHECKED,
    OK,
    WRONG,
    Comparison,
    Report,
    StepCheck,
    check,
    tolerance,
)

REPORT_FORMAT = "attntrace.verify"
REPORT_VERSION = 1


@dataclass(repr=False)
class Verification:
    trace: Trace
    report: Report
    hint: Hint | None  # for the first locally-wrong step
    rtol: float
    atol: float
    strict: bool = True

    @property
    def ok(self) -> bool:
        """Every step checked is right and at least one was checked; strict, also every step present was checked."""
        return self.report.ok and self.n_checked > 0 and not (self.strict and self.unverified)

    @property
    def unchecked(self) -> list[StepCheck]:
        """Steps the trace holds that could not be checked for want of what their rule needs (other than
        the heads a head subset left out: see `in_subset`)."""
        return [s for s in self.report.steps if s.status == NOT_CHECKED and not s.is_input and s.needs != (ALL_HEADS,)]

    @property
    def in_subset(self) -> list[StepCheck]:
        """Steps that sum over every head, in a trace that says it holds only some (`heads`): no trace of those
        heads could let them be checked, so they do not fail a strict verify; the steps after them are checked
        from the trace's own values."""
        return [s for s in self.report.steps if s.status == NOT_CHECKED and s.needs == (ALL_HEADS,)]

    @property
    def unverified(self) -> bool:
        """The trace holds steps that nothing checked: unknown names, unchecked steps, steps outside the plan."""
        return bool(self.trace.unknown or self.unchecked or self.report.unused)

    def __repr__(self) -> str:
        first = self.first_wrong
        return (f"Verification(ok={self.ok}, counts={self.counts()}, first_wrong={first and first.name!r}, "
                f"strict={self.strict})")

    @property
    def first_wrong(self) -> StepCheck | None:
        return self.report.first_wrong

    @property
    def n_checked(self) -> int:
        return sum(1 for s in self.report.steps if s.status in (OK, WRONG))

    def nothing_checked(self) -> Message | None:
        """Why the trace could not be checked at all: it holds only inputs (named); None when a step was checked."""
        if self.n_checked:
            return None
        given = [s.name for s in self.report.steps if s.found is not None]
        return Message("verify.no_steps", names=", ".join(given))

    def counts(self) -> dict[str, int]:
        """How many steps have each status; inputs (givens) are not counted."""
        out = {OK: 0, WRONG: 0, MISSING: 0, NOT_CHECKED: 0}
        for s in shown_steps(self.report):
            if not s.is_input:
                out[s.status] += 1
        return out

    def to_dict(self) -> dict:
        """The report as plain JSON-able data, for scripts (`verify --json`)."""
        first = self.first_wrong
        return {
            "format": REPORT_FORMAT,
            "version": REPORT_VERSION,
            "ok": self.ok,
            "rtol": self.rtol,
            "atol": self.atol,
            "tokens": list(self.trace.tokens),
            "counts": {k.replace(" ", "_"): v for k, v in self.counts().items()},
            "first_wrong": hint_dict(first and first.name, self.hint),
            "strict": self.strict,
            "unknown": list(self.trace.unknown),
            "not_checked": [s.name for s in self.unchecked],
            "not_checkable_in_subset": [s.name for s in self.in_subset],
            "unused": list(self.report.unused),
            "notes": list(self.report.notes),
            "steps": [self._step_dict(s) for s in self.report.steps],
        }

    def _step_dict(self, s: StepCheck) -> dict:
        return {
            "name": s.name,
            "status": s.status,
            "input": s.is_input,
            "needs": list(s.needs),
            "local": comparison_dict(s.name, s.local, s.found, self.trace),
            "from_inputs": comparison_dict(s.name, s.recomputed, s.found, self.trace),
        }


def verify(trace, rtol: float = DEFAULT_RTOL, atol: float = DEFAULT_ATOL, *, strict: bool = True) -> Verification:
    """Check every step of `trace` both ways and diagnose the first wrong one.

    `trace`: a Trace, a dict in the trace format, JSON text, or the path of a JSON or NPZ file. Raises
    check.NothingToCheck (with `.needs`) when the trace lacks the inputs every recomputation needs,
    TraceFormatError for a trace that cannot be read, ValueError for a bad tolerance."""
    from ..io.load import as_trace

    check_tolerances(rtol, atol)
    trace = as_trace(trace)
    close = tolerance(rtol, atol)
    report = check(trace, close)
    with np.errstate(all="ignore"):  # replayed mistakes may overflow exp; such a replay simply does not match
        hint = diagnose(trace, report, close)
    return Verification(trace, report, hint, rtol, atol, strict)


class ToleranceError(Message, ValueError):
    """rtol or atol is not a finite number >= 0."""


def tolerances(rtol: float | None = None, atol: float | None = None) -> tuple[float, float]:
    """(rtol, atol), with the defaults for those not given. Raises ToleranceError (naming it) for one that is
    not a finite number >= 0."""
    rtol = DEFAULT_RTOL if rtol is None else rtol
    atol = DEFAULT_ATOL if atol is None else atol
    check_tolerances(rtol, atol)
    return rtol, atol


def check_tolerances(rtol, atol) -> None:
    for name, value in (("rtol", rtol), ("atol", atol)):
        if isinstance(value, bool) or not (isinstance(value, (int, float)) and math.isfinite(value) and value >= 0):
            raise ToleranceError("verify.bad_tol", name=name, value=value)


def hint_dict(name: str | None, hint: Hint | None) -> dict | None:
    """The first wrong (or divergent) step and its hint, for a JSON report."""
    return None if name is None else {
        "name": name,
        "hint": hint.message if hint else None,
        "causes": list(hint.causes) if hint else [],
        "specific": bool(hint and hint.specific),
    }


def shown_steps(report: Report) -> list[StepCheck]:
    """The steps worth a row: everything except inputs that the trace does not hold."""
    return [s for s in report.steps if not (s.is_input and s.found is None)]


def first_wrong_cell(comparison: Comparison | None, found: np.ndarray | None):
    """(index, expected, found) of the first cell outside the tolerance, or None."""
    if comparison is None or found is None or comparison.first_wrong is None:
        return None
    index = comparison.first_wrong
    return index, comparison.expected[index].item(), found[index].item()


def comparison_dict(name: str, comparison: Comparison | None, found, trace: Trace) -> dict | None:
    if comparison is None or found is None:
        return None
    abs_err, rel_err = comparison.errors(found)
    cell = first_wrong_cell(comparison, found)
    return {
        "ok": comparison.ok,
        "wrong_cells": comparison.n_wrong,
        "max_abs_error": _json_number(abs_err),
        "max_rel_error": _json_number(rel_err),
        "first_wrong": None if cell is None else {
            "index": list(cell[0]),
            "cell": cell_label(name, cell[0], trace),
            "expected": _json_number(cell[1]),
            "found": _json_number(cell[2]),
        },
    }


def _json_number(value):
    """A number as JSON can hold it: NaN and ±inf (an overflow, a row with no allowed key) become None,
    written as null, since `json.dumps` would write the invalid tokens NaN and Infinity. Booleans stay."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value
