"""Recompute a trace and compare, step by step. No printing, no files: `verify` and homework grading
both call `check`.

Every step that follows from earlier ones by a rule of the encoder plan is checked two ways:

* locally: the rule applied to the trace's *own* earlier values (where the trace lacks an earlier
  step, the recomputed one stands in), so one wrong step does not make every later step look wrong;
* against the value recomputed from the inputs alone (token embeddings or X, and the weights).

Inputs (weights, embeddings, or X when the embeddings are absent) are givens: they are not checked.
A step whose rule needs something the trace does not have is "not checked", with what it needs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from ..models.ops import UnheldHead
from ..models.plan import Param, Rule, plan
from ..trace_data import Trace

OK, WRONG, MISSING, NOT_CHECKED = "ok", "wrong", "missing", "not checked"

# Defaults for `verify`: tight enough to catch a real mistake (a missing √d_k is off by a factor of 2
# at d_k = 4; the subtlest mistake tests/test_check.py plants, LayerNorm's sample variance, by √(4/3)),
# loose enough for float32 implementations and values printed to 6 significant digits. atol matters for
# cells near 0 that come from cancellation (q·k of two unit-size vectors): with 6-digit inputs their
# error is ~1e-5 absolute, which atol = 1e-6 rejected in 32 of 40 correct traces; 1e-4 accepts all 40.
DEFAULT_RTOL = 1e-4
DEFAULT_ATOL = 1e-4

# Steps that stand in for the inputs when a trace lacks the embeddings they are computed from.
ROOTS = ("X", "embed.sum")

# What a step needs when the trace holds only some heads (`heads` in the file, e.g. `explain --head 1`):
# attn.out sums over every head, so it cannot be recomputed from a selection.
ALL_HEADS = "all heads"

Close = Callable[[np.ndarray, np.ndarray], np.ndarray]  # (expected, found) -> bool per cell


def tolerance(rtol: float = DEFAULT_RTOL, atol: float = DEFAULT_ATOL) -> Close:
    """|found − expected| <= atol + rtol·|expected|, cell by cell (numpy.isclose's rule)."""

    def close(expected: np.ndarray, found: np.ndarray) -> np.ndarray:
        if expected.dtype == bool or found.dtype == bool:
            return expected.astype(bool) == found.astype(bool)
        # in place: two temporaries the size of the step, not five (this is most of verify's own work)
        diff = np.subtract(found, expected, dtype=np.float64)
        np.abs(diff, out=diff)
        bound = np.abs(expected, dtype=np.float64)
        bound *= rtol
        bound += atol
        return np.less_equal(diff, bound, out=np.empty(diff.shape, dtype=bool))

    return close


@dataclass(frozen=True)
class Comparison:
    """How one found array compares with one expected array."""

    expected: np.ndarray
    close: np.ndarray  # bool, one per cell

    @classmethod
    def of(cls, expected: np.ndarray, found: np.ndarray, close: Close) -> Comparison:
        return cls(expected=expected, close=np.asarray(close(expected, found), dtype=bool))

    @property
    def ok(self) -> bool:
        return bool(self.close.all())

    @property
    def n_wrong(self) -> int:
        return int((~self.close).sum())

    @property
    def first_wrong(self) -> tuple[int, ...] | None:
        bad = np.argwhere(~self.close)
        return tuple(int(i) for i in bad[0]) if len(bad) else None

    def __repr__(self) -> str:
        return f"Comparison(shape={tuple(self.expected.shape)}, ok={self.ok}, wrong_cells={self.n_wrong})"

    def errors(self, found: np.ndarray) -> tuple[float, float]:
        """Largest absolute and relative error (relative to |expected|, where it is not 0)."""
        with np.errstate(all="ignore"):  # inf − inf is NaN and inf / inf too: such errors are NaN, not warnings
            diff = np.abs(found.astype(np.float64) - self.expected.astype(np.float64))
            scale = np.abs(self.expected.astype(np.float64))
            rel = np.divide(diff, scale, out=np.zeros_like(diff), where=scale > 0)
        return (float(diff.max()) if diff.size else 0.0, float(rel.max()) if rel.size else 0.0)


@dataclass(frozen=True)
class StepCheck:
    name: str
    status: str  # ok / wrong / missing / not checked
    found: np.ndarray | None = None
    local: Comparison | None = None  # against the rule applied to the trace's own earlier steps
    recomputed: Comparison | None = None  # against the value recomputed from the inputs alone
    inputs: tuple[str, ...] = ()  # the steps the rule reads
    needs: tuple[str, ...] = ()  # for "not checked": what the trace lacks
    is_input: bool = False  # a given (weights, embeddings, or X without embeddings)
    local_args: tuple[np.ndarray, ...] = ()  # the values the local check fed the rule, in the order of `inputs`

    def __repr__(self) -> str:  # the arrays stay out: a repr of every cell helps no one
        shape = None if self.found is None else tuple(self.found.shape)
        wrong = "" if self.local is None else f", wrong_cells={self.local.n_wrong}"
        needs = f", needs={list(self.needs)}" if self.needs else ""
        return f"StepCheck({self.name!r}, {self.status!r}, shape={shape}{wrong}{needs})"


@dataclass
class Report:
    steps: list[StepCheck]
    notes: list[str] = field(default_factory=list)
    unused: list[str] = field(default_factory=list)  # known step names the config's plan has no place for

    @property
    def ok(self) -> bool:
        return all(s.status != WRONG for s in self.steps)

    @property
    def first_wrong(self) -> StepCheck | None:
        """The first step that is wrong given the trace's own earlier steps: where the mistake is."""
        return next((s for s in self.steps if s.status == WRONG), None)

    def __repr__(self) -> str:
        counts: dict[str, int] = {}
        for s in self.steps:
            counts[s.status] = counts.get(s.status, 0) + 1
        first = self.first_wrong
        return f"Report(steps={len(self.steps)}, {counts}, first_wrong={first and first.name!r})"

    def __getitem__(self, name: str) -> StepCheck:
        for s in self.steps:
            if s.name == name:
                return s
        raise KeyError(name)


class NothingToCheck(ValueError):
    """The trace lacks the inputs that every recomputation needs."""

    def __init__(self, needs: list[str]):
        self.needs = needs
        super().__init__(
            "nothing can be recomputed: the trace lacks " + ", ".join(needs)
            + ". A trace needs tokens, config, X (or embed.token) and the weights of the steps to check, "
            "e.g. blocks.0.attn.W_Q, W_K and W_V for Q, K and V"
        )


def check(trace: Trace, close: Close | None = None, *,
          close_for: Callable[[str], Close | None] | None = None) -> Report:
    """Recompute every step of `trace` from its inputs and compare, locally and from the inputs alone.

    `close_for(step name)` may give a step its own tolerance (homework grading allows each cell for the
    rounding of the answers it is computed from); where it returns None, `close` applies.
    """
    close = close or tolerance()
    given = {name: step.data for name, step in trace.steps.items()}
    ref: dict[str, np.ndarray] = {}  # values recomputed from the inputs alone
    results: list[StepCheck] = []
    missing_params: list[str] = []
    some_heads = trace.heads is not None and len(trace.heads) < trace.config.n_heads

    # Huge values overflow and a mask row with no allowed key makes 0/0: numpy would warn on stderr. The
    # recomputed NaN or inf then simply fails the comparison, and that cell is reported as wrong.
    with np.errstate(all="ignore"):
        for entry in plan(trace.config, len(trace.tokens), trace.heads):
            name = entry.name
            found = given.get(name)
            if isinstance(entry, Param):
                if found is None:
                    missing_params.append(name)
                    results.append(StepCheck(name, MISSING, is_input=True))
                else:
                    ref[name] = found
                    results.append(StepCheck(name, NOT_CHECKED, found, is_input=True))
                continue
            all_heads = some_heads and name.endswith(".attn.out")
            step_close = (close_for(name) if close_for is not None else None) or close
            results.append(_check_rule(entry, found, given, ref, step_close, all_heads_needed=all_heads))

    checked = [r for r in results if not r.is_input and r.status in (OK, WRONG)]
    present = [r for r in results if not r.is_input and r.found is not None]
    if present and not checked:
        raise NothingToCheck(sorted({n for r in present for n in r.needs}) or missing_params)
    planned = {r.name for r in results}
    return Report(results, notes=list(trace.notes), unused=[n for n in trace.steps if n not in planned])


def _check_rule(rule: Rule, found, given, ref, close: Close, all_heads_needed: bool = False) -> StepCheck:
    recomputable = not all_heads_needed and all(i in ref for i in rule.inputs)
    expected_ref = rule.fn(*(ref[i] for i in rule.inputs)) if recomputable else None

    # locally: the trace's own earlier values, with recomputed ones standing in for what it lacks
    local_inputs = [given.get(i, ref.get(i)) for i in rule.inputs]
    needs = tuple(i for i, v in zip(rule.inputs, local_inputs, strict=True) if v is None)
    if all_heads_needed:
        needs = (ALL_HEADS,)

    if expected_ref is not None:
        ref[rule.name] = expected_ref
    elif found is not None:
        ref[rule.name] = found  # the trace's value becomes a given for what follows (e.g. X without embeddings)

    if found is None:
        return StepCheck(rule.name, MISSING, inputs=rule.inputs, needs=needs)
    if needs:
        return StepCheck(rule.name, NOT_CHECKED, found, inputs=rule.inputs, needs=needs,
                         is_input=not recomputable and rule.name in ROOTS)
    try:
        local_value = rule.fn(*local_inputs)
    except UnheldHead:  # the trace's own kv_head names a K/V head its K does not hold: the recomputed inputs stand in
        local_inputs = [ref.get(i, v) for i, v in zip(rule.inputs, local_inputs, strict=True)]
        local_value = rule.fn(*local_inputs)
    local = Comparison.of(local_value, found, close)
    recomputed = Comparison.of(expected_ref, found, close) if expected_ref is not None else None
    return StepCheck(rule.name, OK if local.ok else WRONG, found, local, recomputed, rule.inputs,
                     local_args=tuple(local_inputs))
