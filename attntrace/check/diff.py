"""`attntrace diff` as a library: one trace against a trusted one, step by step, and where they first part.

    >>> d = diff("mine.npz", "reference.json")       # paths (JSON or NPZ), JSON text, dicts or Traces
    >>> d.ok, d.first_divergent and d.first_divergent.name, d.hint and d.hint.message

verify recomputes each step from its formula; diff compares what two implementations recorded. It uses the
same comparison (`check.Comparison`, `check.tolerance`) and, for the first divergent step, the same catalogue
of mistakes (`diagnose.diagnose_step`), replayed on the step's inputs, which agree in both traces up to there.
No printing and no files: the CLI prints `render.diff.render_diff(d)` and writes `json.dumps(d.to_dict())`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np

from .. import steps as catalogue
from ..i18n import Message
from ..models.plan import Param, plan
from ..trace_data import Step, Trace
from .diagnose import Hint, diagnose_step
from .engine import DEFAULT_ATOL, DEFAULT_RTOL, WRONG, Comparison, StepCheck, tolerance

REPORT_FORMAT = "attntrace.diff"
REPORT_VERSION = 1

SAME, DIFFERS, SHAPE, ONLY_MINE, ONLY_REF = "same", "differs", "shape", "only mine", "only reference"
# Config fields that change no number: a difference in them is not worth a note.
_LABELS = {"seed", "tokenizer", "model"}


class DiffError(Message, ValueError):
    """Two traces that cannot be compared at all (another number of tokens, no head in common)."""


@dataclass(frozen=True)
class StepDiff:
    name: str
    status: str  # same / differs / shape / only mine / only reference
    found: np.ndarray | None = None  # mine, on the heads both traces hold
    comparison: Comparison | None = None  # expected: the reference's value
    shapes: tuple[tuple[int, ...] | None, tuple[int, ...] | None] = (None, None)  # (mine, reference)

    def __repr__(self) -> str:
        wrong = "" if self.comparison is None else f", wrong_cells={self.comparison.n_wrong}"
        return f"StepDiff({self.name!r}, {self.status!r}{wrong})"


@dataclass(repr=False)
class Difference:
    mine: Trace  # both on the heads they share
    ref: Trace
    steps: list[StepDiff]
    hint: Hint | None  # for the first divergent step
    rtol: float
    atol: float
    strict: bool = True
    notes: list[Message] = field(default_factory=list)  # tokens or config that differ, heads left out

    @property
    def compared(self) -> list[StepDiff]:
        return [s for s in self.steps if s.status in (SAME, DIFFERS, SHAPE)]

    @property
    def first_divergent(self) -> StepDiff | None:
        """The first step, in computation order, where the two traces disagree."""
        return next((s for s in self.steps if s.status in (DIFFERS, SHAPE)), None)

    @property
    def unknown(self) -> list[str]:
        return list(dict.fromkeys(self.mine.unknown + self.ref.unknown))

    @property
    def ok(self) -> bool:
        """Every step both hold agrees (and there is one); strict, also no step name is unknown to attntrace."""
        return (bool(self.compared) and self.first_divergent is None
                and not (self.strict and self.unknown))

    def counts(self) -> dict[str, int]:
        out = dict.fromkeys((SAME, DIFFERS, SHAPE, ONLY_MINE, ONLY_REF), 0)
        for s in self.steps:
            out[s.status] += 1
        return out

    def __repr__(self) -> str:
        first = self.first_divergent
        return f"Difference(ok={self.ok}, counts={self.counts()}, first_divergent={first and first.name!r})"

    def to_dict(self) -> dict:
        """The report as plain JSON-able data, for scripts (`diff --json`)."""
        from .verify import comparison_dict, hint_dict

        first = self.first_divergent
        return {
            "format": REPORT_FORMAT,
            "version": REPORT_VERSION,
            "ok": self.ok,
            "rtol": self.rtol,
            "atol": self.atol,
            "strict": self.strict,
            "tokens": {"mine": list(self.mine.tokens), "reference": list(self.ref.tokens)},
            "heads": self.mine.head_ids,
            "counts": {k.replace(" ", "_"): v for k, v in self.counts().items()},
            "only_mine": [s.name for s in self.steps if s.status == ONLY_MINE],
            "only_reference": [s.name for s in self.steps if s.status == ONLY_REF],
            "unknown": self.unknown,
            "notes": [str(n) for n in self.notes],
            "first_divergent": hint_dict(first and first.name, self.hint),
            "steps": [{
                "name": s.name,
                "status": s.status,
                "shape": {"mine": _shape(s.shapes[0]), "reference": _shape(s.shapes[1])},
                "comparison": comparison_dict(s.name, s.comparison, s.found, self.mine),
            } for s in self.steps],
        }


def _shape(shape) -> list[int] | None:
    return None if shape is None else list(shape)


def diff(mine, ref, rtol: float = DEFAULT_RTOL, atol: float = DEFAULT_ATOL, *, strict: bool = True) -> Difference:
    """Compare `mine` with the trusted `ref`, step by step, on the heads both hold.

    Each may be a Trace, a dict in the trace format, JSON text or the path of a JSON or NPZ file. Raises
    DiffError when the traces have different numbers of tokens or no head in common, TraceFormatError for a
    trace that cannot be read, ValueError for a bad tolerance."""
    from ..io.load import as_trace
    from .verify import check_tolerances

    check_tolerances(rtol, atol)
    mine, ref = as_trace(mine), as_trace(ref)
    if len(mine.tokens) != len(ref.tokens):
        raise DiffError("diff.tokens_count", mine=len(mine.tokens), ref=len(ref.tokens))
    notes: list[Message] = []
    if mine.tokens != ref.tokens:
        at = next(i for i, (a, b) in enumerate(zip(mine.tokens, ref.tokens, strict=True)) if a != b)
        notes.append(Message("diff.note.tokens", at=at, mine=repr(mine.tokens[at]), ref=repr(ref.tokens[at])))
    a, b = mine.config.to_dict(), ref.config.to_dict()
    changed = [f"{k}: {a[k]!r} / {b[k]!r}" for k in a if k not in _LABELS and a[k] != b[k]]
    if changed:
        notes.append(Message("diff.note.config", fields="; ".join(changed)))
    common = [h for h in mine.head_ids if h in ref.head_ids]
    if not common:
        raise DiffError("diff.no_heads", mine=mine.head_ids, ref=ref.head_ids)
    if common != mine.head_ids or common != ref.head_ids:
        notes.append(Message("diff.note.heads", heads=", ".join(map(str, common))))
    mine, ref = _on_heads(mine, common), _on_heads(ref, common)

    close = tolerance(rtol, atol)
    results = [_compare(name, mine.steps.get(name), ref.steps.get(name), close) for name in _order(mine, ref)]
    difference = Difference(mine, ref, results, None, rtol, atol, strict, notes)
    first = difference.first_divergent
    if first is not None and first.status == DIFFERS:
        with np.errstate(all="ignore"):  # a replayed mistake may overflow; it then simply does not match
            difference.hint = _hint(first, mine, ref, close)
    return difference


def _order(mine: Trace, ref: Trace) -> list[str]:
    """Every step name either trace holds, in computation order (the reference's plan, then mine)."""
    names: list[str] = []
    for t in (ref, mine):
        names += [e.name for e in plan(t.config, len(t.tokens))]
    names += list(ref.steps) + list(mine.steps)
    held = set(ref.steps) | set(mine.steps)
    return [n for n in dict.fromkeys(names) if n in held]


def _compare(name: str, mine: Step | None, ref: Step | None, close) -> StepDiff:
    if ref is None:
        return StepDiff(name, ONLY_MINE, shapes=(mine.shape, None))
    if mine is None:
        return StepDiff(name, ONLY_REF, shapes=(None, ref.shape))
    shapes = (mine.shape, ref.shape)
    if mine.shape != ref.shape:
        return StepDiff(name, SHAPE, mine.data, shapes=shapes)
    with np.errstate(all="ignore"):
        comparison = Comparison.of(ref.data, mine.data, close)
    return StepDiff(name, SAME if comparison.ok else DIFFERS, mine.data, comparison, shapes)


def _on_heads(trace: Trace, heads: list[int]) -> Trace:
    """The trace with only `heads` along every head axis."""
    if heads == trace.head_ids:
        return trace
    from ..trace_data import kv_heads_of

    keep = {"head": [trace.head_ids.index(h) for h in heads],  # K/V heads: those the kept query heads read
            "kv_head": [trace.kv_head_ids.index(k) for k in kv_heads_of(heads, trace.config)]}
    steps = {}
    for name, step in trace.steps.items():
        info = catalogue.info(name)
        axis = next((a for a in catalogue.HEAD_AXES if info is not None and a in info.axes), None)
        if axis is not None:
            step = replace(step, data=step.data.take(keep[axis], axis=info.axes.index(axis)))
        steps[name] = step
    return replace(trace, steps=steps, heads=list(heads))


def _hint(first: StepDiff, mine: Trace, ref: Trace, close) -> Hint:
    """The catalogue's hint for the first divergent step: its mistakes replayed on the step's inputs (mine,
    which agree with the reference's up to here, or the reference's where mine lacks one)."""
    entry = next((e for e in plan(mine.config, len(mine.tokens)) if e.name == first.name), None)
    inputs = () if entry is None or isinstance(entry, Param) else entry.inputs
    values = {**{n: s.data for n, s in ref.steps.items()}, **{n: s.data for n, s in mine.steps.items()}}
    args = tuple(values.get(i) for i in inputs)
    if any(v is None for v in args):
        inputs, args = (), ()
    step = StepCheck(first.name, WRONG, first.found, first.comparison, inputs=inputs, local_args=args,
                     is_input=entry is None or isinstance(entry, Param))
    merged = replace(mine, steps={**ref.steps, **mine.steps})
    return diagnose_step(merged, step, close)
