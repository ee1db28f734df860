"""Class statistics from the graded results: what a teacher reads after grading, as data (rendering is
`classreport`).

* totals: mean, median, lowest and highest of the graded submissions (a blank template counts, as 0; a file
  that could not be read, or no file, does not), and a histogram of them in equal bins over 0..points possible;
* per step: the mean points and the share of graded students whose every cell is right;
* the most-missed cells: by position in the step (row i, column j, the same place in every variant), how many
  students who answered the step got that cell wrong *themselves*: a cell right only given the student's
  own earlier answers (error carried forward) is not counted, so the count points at where students slip;
* the most common mistakes, per step and kind (a step right given the student's earlier wrong answers is not
  one: its mistake is counted where it was made).

Mistakes: when grading names a step's known mistake (an attribute `mistake` on `grade.StepGrade`, holding a
`diagnose.Hint` or an i18n key such as "diagnose.scaled.no_sqrt"), that is the kind. Until then the kind is
what a step grade records: missing, unusable (wrong shape, not numbers, NaN), left as the template's zeros,
or cells wrong for no reason grading names (`kind_of` also tells an earlier error carried into a step).
"""

from __future__ import annotations

import bisect
import statistics
from dataclasses import dataclass, field

import numpy as np

from .grade import Result, StepGrade
from .key import Key

MISTAKE_ATTR = "mistake"  # the StepGrade attribute a diagnosis goes in (see the module docstring)
BINS = 10
TOP_CELLS = 5
TOP_MISTAKES = 5

# Kinds of mistake read from a step grade without a diagnosis (i18n keys hw.stats.kind.<kind>).
MISSING, UNUSABLE, TEMPLATE, CARRIED, WRONG = "missing", "unusable", "template", "carried", "wrong"


@dataclass(frozen=True)
class StepStats:
    step: str
    formula: str
    possible: float
    mean: float | None  # None: nobody graded
    share_right: float | None  # every cell right against the exact answer
    n: int  # graded students


@dataclass(frozen=True)
class CellStats:
    step: str
    row: int  # 0-based
    col: int
    missed: int
    answered: int

    @property
    def share(self) -> float:
        return self.missed / self.answered if self.answered else 0.0


@dataclass(frozen=True)
class MistakeStats:
    step: str
    kind: str  # an i18n key: hw.stats.kind.* or a diagnosis's (diagnose.*)
    fields: dict
    count: int
    students: tuple[str, ...]


@dataclass(frozen=True)
class Histogram:
    edges: tuple[float, ...]  # len(counts) + 1, from 0 to the points possible
    counts: tuple[int, ...]


@dataclass(frozen=True)
class ClassStats:
    possible: float
    n_rows: int  # every row of the grades: roster students and unattributed files
    n_graded: int
    n_problem: int
    n_blank: int
    n_not_submitted: int
    totals: tuple[tuple[str, float], ...]  # (who, total) of each graded submission, in the results' order
    mean: float | None
    median: float | None
    low: float | None
    high: float | None
    steps: tuple[StepStats, ...]
    cells: tuple[CellStats, ...]  # the most missed first; only cells someone missed
    mistakes: tuple[MistakeStats, ...]  # the most common first
    histogram: Histogram = field(default_factory=lambda: Histogram((0.0, 0.0), (0,)))


def who(r: Result) -> str:
    return r.student_id or r.file or "?"


def histogram(totals: list[float], possible: float, bins: int = BINS) -> Histogram:
    """Equal bins over [0, possible]; the last one holds `possible` itself. A total outside the range (points
    edited in the key after grading) goes in the nearest bin."""
    if possible <= 0:
        return Histogram((0.0, 0.0), (len(totals),))
    edges = (*(i * possible / bins for i in range(bins)), float(possible))
    counts = [0] * bins
    for x in totals:  # by the edges themselves (0.5 // 0.1 is 4: 0.1 is a little more than a tenth)
        counts[min(bins - 1, max(0, bisect.bisect_right(edges, x) - 1))] += 1
    return Histogram(edges, tuple(counts))


def kind_of(g: StepGrade) -> tuple[str, dict] | None:
    """What went wrong in one step, or None when every cell is right (or right given earlier answers)."""
    mistake = getattr(g, MISTAKE_ATTR, None)
    if mistake:
        if isinstance(mistake, str):
            return mistake, {}
        return getattr(mistake, "cause", None) or getattr(mistake, "key", str(mistake)), dict(
            getattr(mistake, "fields", {}) or {})
    if g.found is None:
        missing = g.problem is None or getattr(g.problem, "key", "") == "hw.sub.missing_step"
        return ("hw.stats.kind." + (MISSING if missing else UNUSABLE)), {}
    if g.trivial:
        return "hw.stats.kind." + TEMPLATE, {}
    if g.right.all():
        return None
    own = ~g.right & ~g.ecf
    if not own.any():
        return "hw.stats.kind." + CARRIED, {}
    return "hw.stats.kind." + WRONG, {}


def step_formula(key: Key, step: str) -> str:
    """The step's formula as the key's traces record it (`scores = Q·Kᵀ`)."""
    from .exercise import full_name

    for _student, _code, trace in key.variants.values():
        if full_name(step) in trace.steps:
            return trace.steps[full_name(step)].formula
    return step


def class_stats(results: list[Result], key: Key, top_cells: int = TOP_CELLS,
                top_mistakes: int = TOP_MISTAKES) -> ClassStats:
    from .grade import BLANK, NOT_SUBMITTED, PROBLEM

    graded = [r for r in results if r.graded]
    totals = [float(r.total) for r in graded]
    steps = []
    for s in key.ask:
        grades = [r.steps[s] for r in graded if s in r.steps]
        points = [g.points for g in grades]
        right = [g.right is not None and bool(g.right.all()) and not g.trivial for g in grades]
        steps.append(StepStats(s, step_formula(key, s), key.rules.points[s],
                               statistics.fmean(points) if points else None,
                               sum(right) / len(right) if right else None, len(grades)))

    own: dict[str, list[np.ndarray]] = {}  # per step: each answer's cells wrong not because of earlier ones
    mistakes: dict[tuple[str, str], list] = {}
    for r in graded:
        for s, g in r.steps.items():
            kind = kind_of(g)
            if kind is not None and kind[0] != "hw.stats.kind." + CARRIED:  # a consequence, not a mistake here
                entry = mistakes.setdefault((s, kind[0]), [kind[1], []])
                entry[1].append(who(r))
            if g.found is not None and not g.trivial:
                own.setdefault(s, []).append(~g.right & ~g.ecf)  # (r, c)
    cells = []
    for s, arrays in own.items():  # variants may differ in size: count each position where it exists
        rows, cols = max(a.shape[0] for a in arrays), max(a.shape[1] for a in arrays)
        missed, answered = np.zeros((rows, cols), int), np.zeros((rows, cols), int)
        for a in arrays:
            missed[: a.shape[0], : a.shape[1]] += a
            answered[: a.shape[0], : a.shape[1]] += 1
        cells += [CellStats(s, int(i), int(j), int(missed[i, j]), int(answered[i, j])) for i, j in np.argwhere(missed)]
    order = {s: k for k, s in enumerate(key.ask)}
    cells.sort(key=lambda c: (-c.missed, -c.share, order.get(c.step, 99), c.row, c.col))
    found = sorted((MistakeStats(s, k, f, len(ids), tuple(ids)) for (s, k), (f, ids) in mistakes.items()),
                   key=lambda m: (-m.count, order.get(m.step, 99), m.kind))
    return ClassStats(
        possible=key.points_possible,
        n_rows=len(results),
        n_graded=len(graded),
        n_problem=sum(r.status == PROBLEM for r in results),
        n_blank=sum(r.status == BLANK for r in results),
        n_not_submitted=sum(r.status == NOT_SUBMITTED for r in results),
        totals=tuple((who(r), x) for r, x in zip(graded, totals, strict=True)),
        mean=statistics.fmean(totals) if totals else None,
        median=statistics.median(totals) if totals else None,
        low=min(totals) if totals else None,
        high=max(totals) if totals else None,
        steps=tuple(steps),
        cells=tuple(cells[:top_cells]),
        mistakes=tuple(found[:top_mistakes]),
        histogram=histogram(totals, key.points_possible),
    )
